/* mlp-safetensors-write.c — saving a state dict as a safetensors checkpoint.
 *
 * We write what PyTorch's safetensors writes for float32 tensors, byte for
 * byte: the header as compact JSON with "__metadata__" first, the tensors in
 * the state dict's order, padded with spaces so that the data starts
 * 8-aligned; then each tensor's float32 values, little-endian.
 *
 * Saving goes through mlp-file.c's writer: a temporary file in the target's
 * folder, fsync()ed, then renamed over the target, so a crash leaves either
 * the old checkpoint or the new one, never half of one nor a stray file.  The tensors are streamed out in chunks rather
 * than staged in one buffer, so saving never doubles the model's memory.
 */
#include "mlp-safetensors.h"
#include "mlp-safetensors-private.h"
#include "mlp-error.h"
#include "mlp-file-private.h"
#include "mlp-json-writer.h"

#include <stdlib.h>
#include <string.h>

#define WRITE_CHUNK  (64 * 1024)   /* bytes staged per write(2) */

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* "__metadata__": {…} with the keys sorted, so that the same state gives the
 * same file; FALSE unless every key and value is UTF-8 */
static gboolean
write_metadata (MlpJsonWriter *json, GHashTable *metadata, const char *display, GError **error)
{
  g_autofree gpointer *keys = NULL;
  guint n = g_hash_table_size (metadata);

  if (n == 0)
    return TRUE;
  keys = g_hash_table_get_keys_as_array (metadata, NULL);
  qsort (keys, n, sizeof (gpointer), compare_strings);
  mlp_json_writer_key (json, MLP_SAFETENSORS_METADATA_KEY);
  mlp_json_writer_begin_object (json);
  for (guint i = 0; i < n; i++)
    {
      const char *value = g_hash_table_lookup (metadata, keys[i]);

      if (!g_utf8_validate (keys[i], -1, NULL) || !g_utf8_validate (value, -1, NULL))
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                       "%s: metadata must be UTF-8 text", display);
          return FALSE;
        }
      mlp_json_writer_member_string (json, keys[i], value);
    }
  mlp_json_writer_end_object (json);
  return TRUE;
}

/* "name": {"dtype": "F32", "shape": […], "data_offsets": [begin, end]} */
static void
write_entry (MlpJsonWriter *json, const char *name, const MlpTensor *t, guint64 begin, guint64 end)
{
  mlp_json_writer_key (json, name);
  mlp_json_writer_begin_object (json);
  mlp_json_writer_member_string (json, "dtype", "F32");
  mlp_json_writer_member_sizes (json, "shape", t->shape, t->ndim);
  mlp_json_writer_key (json, "data_offsets");
  mlp_json_writer_begin_array (json);
  mlp_json_writer_uint (json, begin);
  mlp_json_writer_uint (json, end);
  mlp_json_writer_end_array (json);
  mlp_json_writer_end_object (json);
}

/* The header, padded; checks names and metadata. */
static GString *
build_header (MlpStateDict *sd, const char *display, GError **error)
{
  g_autoptr(MlpJsonWriter) json = mlp_json_writer_new (MLP_JSON_COMPACT);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GString *header;
  guint64 offset = 0;

  mlp_json_writer_begin_object (json);
  if (!write_metadata (json, sd->metadata, display, error))
    return NULL;
  for (guint i = 0; i < sd->names->len; i++)
    {
      const char *name = sd->names->pdata[i];
      MlpTensor *t = sd->tensors->pdata[i];
      guint64 bytes = (guint64) t->numel * sizeof (float);

      if (!g_utf8_validate (name, -1, NULL))
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                       "%s: tensor name '%s' is not UTF-8 text", display, name);
          return NULL;
        }
      if (strcmp (name, MLP_SAFETENSORS_METADATA_KEY) == 0 || !g_hash_table_add (seen, (gpointer) name))
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                       "%s: cannot save two tensors named '%s'%s", display, name,
                       strcmp (name, MLP_SAFETENSORS_METADATA_KEY) == 0 ? " (the name is reserved)" : "");
          return NULL;
        }
      write_entry (json, name, t, offset, offset + bytes);
      offset += bytes;
    }
  mlp_json_writer_end_object (json);

  header = mlp_json_writer_steal_string (json);
  while (header->len % 8 != 0)
    g_string_append_c (header, ' ');
  return header;
}

/* the tensors as float32 bits in little-endian order, whatever the
 * machine's, a chunk at a time */
static gboolean
write_tensors (MlpFileWriter *out, MlpStateDict *sd, GError **error)
{
  g_autofree guint32 *chunk = g_new (guint32, WRITE_CHUNK / sizeof (guint32));

  for (guint i = 0; i < sd->tensors->len; i++)
    {
      MlpTensor *t = sd->tensors->pdata[i];

      for (gsize start = 0; start < t->numel; start += WRITE_CHUNK / sizeof (guint32))
        {
          gsize n = MIN (t->numel - start, WRITE_CHUNK / sizeof (guint32));

          memcpy (chunk, t->data + start, n * sizeof (guint32));
          for (gsize k = 0; k < n; k++)
            chunk[k] = GUINT32_TO_LE (chunk[k]);
          if (!_mlp_file_writer_write (out, chunk, n * sizeof (guint32), error))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
mlp_safetensors_save (const char *path, MlpStateDict *sd, GError **error)
{
  g_autofree char *display = NULL;
  g_autoptr(GString) header = NULL;
  g_autoptr(MlpFileWriter) out = NULL;
  guint64 header_len;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (sd != NULL, FALSE);
  g_return_val_if_fail (sd->names->len == sd->tensors->len, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (path);
  header = build_header (sd, display, error);
  if (header == NULL)
    return FALSE;

  out = _mlp_file_writer_new (path, error);
  if (out == NULL)
    return FALSE;
  header_len = GUINT64_TO_LE ((guint64) header->len);
  return _mlp_file_writer_write (out, &header_len, 8, error) &&
         _mlp_file_writer_write (out, header->str, header->len, error) &&
         write_tensors (out, sd, error) &&
         _mlp_file_writer_commit (out, error);
}
