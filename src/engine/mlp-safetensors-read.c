/* mlp-safetensors-read.c — loading a safetensors checkpoint.
 *
 * A checkpoint is what PyTorch's safetensors writes: an 8-byte little-endian
 * header length N, N bytes of JSON (padded with spaces), then the tensors' raw
 * little-endian bytes, each tensor at the [begin, end) offsets its header entry
 * names, counted from the first byte after the header.
 *
 * Everything in a file we read is untrusted.  The header length is checked
 * against the file before anything is parsed, and against the JSON it
 * frames (a length that cuts the JSON off, or takes in bytes after it, is
 * called what it is); the JSON is read by the strict parser of
 * mlp-safetensors-header.c; shapes are checked against offsets with overflow
 * checks before anything is allocated; tensors may not overlap nor reach past
 * the end of the file.  A file is read header first: the caller (the
 * checkpoint loader) can check the header against what it expects before any
 * tensor is allocated, and then reads each tensor a chunk at a time, straight
 * into its destination, with a stop hook between chunks.  Nothing past the
 * last tensor is read, so a file padded to gigabytes costs nothing.  We are
 * more lenient than the reference implementation in one way: gaps between
 * tensors and trailing bytes are allowed.
 */
#include "mlp-safetensors.h"
#include "mlp-safetensors-private.h"
#include "mlp-error.h"
#include "mlp-file-private.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#define TENSORS_MAX_BYTES  ((guint64) 4 << 30)   /* 4 GiB of float32: far beyond any MLP of the chapter */
#define READ_CHUNK         (1 << 20)             /* bytes read between two stop checks */
#define LOOKAHEAD          4096                  /* bytes after the header read with it */

/* The 8-byte length in front of the header (bytes holds the file's first
 * MIN (len, 8) bytes), checked against the limit and against the len bytes
 * of the whole file. */
static gboolean
read_header_length (const guint8 *bytes, guint64 len, const char *what,
                    guint64 *header_len, GError **error)
{
  if (len < 8)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: the file has %" G_GUINT64_FORMAT " bytes, too few for a safetensors file "
                   "(which starts with an 8-byte header length)", what, len);
      return FALSE;
    }
  memcpy (header_len, bytes, 8);
  *header_len = GUINT64_FROM_LE (*header_len);
  if (*header_len > MLP_SAFETENSORS_HEADER_MAX_BYTES)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: the header says it is %" G_GUINT64_FORMAT " bytes long, more than the "
                   "%" G_GUINT64_FORMAT " a safetensors header may have (is this a safetensors file?)",
                   what, *header_len, MLP_SAFETENSORS_HEADER_MAX_BYTES);
      return FALSE;
    }
  if (*header_len > len - 8)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: the header says it is %" G_GUINT64_FORMAT " bytes long but the file has only "
                   "%" G_GUINT64_FORMAT " bytes (is it truncated?)", what, *header_len, len);
      return FALSE;
    }
  return TRUE;
}

static gint
compare_entries (gconstpointer a, gconstpointer b)
{
  const MlpSafetensorsEntry *x = a, *y = b;

  if (x->begin != y->begin)
    return x->begin < y->begin ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

/* Sorts the entries into the order of the data and checks that none
 * overlaps another or reaches past data_len. */
static gboolean
check_layout (GArray *entries, guint64 data_len, const char *what, GError **error)
{
  guint64 prev_end = 0;
  const char *prev_name = NULL;

  g_array_sort (entries, compare_entries);
  for (guint i = 0; i < entries->len; i++)
    {
      MlpSafetensorsEntry *e = &g_array_index (entries, MlpSafetensorsEntry, i);

      if (e->end > data_len)
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                       "%s: tensor '%s' has data_offsets [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT "] "
                       "but the file has only %" G_GUINT64_FORMAT " bytes of data (is it truncated?)",
                       what, e->name, e->begin, e->end, data_len);
          return FALSE;
        }
      if (e->begin < prev_end)
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                       "%s: tensors '%s' and '%s' overlap (the first ends at byte %" G_GUINT64_FORMAT
                       ", the second begins at %" G_GUINT64_FORMAT ")",
                       what, prev_name, e->name, prev_end, e->begin);
          return FALSE;
        }
      if (e->end > e->begin)
        {
          prev_end = e->end;
          prev_name = e->name;
        }
    }
  return TRUE;
}

static gboolean
starts_with_object (const char *text, gsize len)
{
  gsize i = 0;

  while (i < len && g_ascii_isspace (text[i]))
    i++;
  return i < len && text[i] == '{';
}

/* Where the JSON object at the start of text ends (the byte after its
 * closing brace), counting brackets outside strings; 0 when text does not
 * start with an object or the object does not end within len bytes */
static gsize
json_object_end (const char *text, gsize len)
{
  guint depth = 0;
  gboolean in_string = FALSE;

  if (!starts_with_object (text, len))
    return 0;
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        depth++;
      else if ((c == '}' || c == ']') && --depth == 0)
        return i + 1;
    }
  return 0;
}

/* The header of len bytes at text is not UTF-8: if a JSON object ends
 * before the first byte that is not, the header length took in bytes that
 * are not the header's (the tensors' data, say), and the message says so. */
static void
set_not_text_error (const char *text, gsize len, const char *what, GError **error)
{
  const char *bad = NULL;
  gsize end;

  g_utf8_validate (text, (gssize) len, &bad);
  end = json_object_end (text, (gsize) (bad - text));
  if (end > 0)
    g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                 "%s: the header length says %" G_GSIZE_FORMAT " bytes, but the JSON header ends "
                 "after %" G_GSIZE_FORMAT " bytes and bytes that are not text follow: the header "
                 "length is too large (is the file damaged?)", what, len, end);
  else
    g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                 "%s: the header is not UTF-8 text (is this a safetensors file?)", what);
}

/* The header's text (len bytes at header, followed in the same buffer by
 * `after` bytes of what comes next in the file) into entries, in the order
 * of the data, and metadata; checked against itself and against the data_len
 * bytes that follow it.  When the JSON is cut off but goes on in the bytes
 * after it, the header length is too small, and the message says that
 * rather than where the JSON broke off. */
static gboolean
check_header (const char *header, gsize len, gsize after, guint64 data_len, const char *what,
              GArray *entries, GHashTable *metadata, GError **error)
{
  g_autoptr(GError) local = NULL;
  guint64 values = 0;

  if (!g_utf8_validate (header, (gssize) len, NULL))
    {
      set_not_text_error (header, len, what, error);
      return FALSE;
    }
  if (!_mlp_safetensors_parse_header (header, len, what, entries, metadata, &local))
    {
      if (json_object_end (header, len) == 0 && json_object_end (header, len + after) > len)
        g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                     "%s: the header length says %" G_GSIZE_FORMAT " bytes, but the JSON header "
                     "goes on after them: the header length is too small (is the file damaged?)",
                     what, len);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!check_layout (entries, data_len, what, error))
    return FALSE;
  for (guint i = 0; i < entries->len; i++)
    {
      const MlpSafetensorsEntry *e = &g_array_index (entries, MlpSafetensorsEntry, i);

      values += (e->end - e->begin) / _mlp_safetensors_dtype_size (e->dtype);
    }
  if (values > TENSORS_MAX_BYTES / sizeof (float))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: the tensors hold %" G_GUINT64_FORMAT " values; MLP Lab reads checkpoints "
                   "of up to 4 GiB of float32", what, values);
      return FALSE;
    }
  return TRUE;
}

static GArray *
entries_new (void)
{
  GArray *entries = g_array_new (FALSE, TRUE, sizeof (MlpSafetensorsEntry));

  g_array_set_clear_func (entries, _mlp_safetensors_entry_clear);
  return entries;
}

/* (transfer full) an uninitialised tensor of e's shape, named */
static MlpTensor *
entry_tensor_new (const MlpSafetensorsEntry *e)
{
  gsize shape[MLP_MAX_DIMS];
  MlpTensor *t;

  for (guint d = 0; d < e->ndim; d++)
    shape[d] = (gsize) e->shape[d];
  t = mlp_tensor_new (e->ndim, shape);
  mlp_tensor_set_name (t, e->name);
  return t;
}

MlpStateDict *
mlp_safetensors_parse (const guint8 *bytes, gsize len, const char *what, GError **error)
{
  g_autoptr(MlpStateDict) sd = NULL;
  g_autoptr(GArray) entries = NULL;
  const guint8 *data;
  guint64 header_len;

  g_return_val_if_fail (bytes != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (what == NULL)
    what = "safetensors data";

  if (!read_header_length (bytes, len, what, &header_len, error))
    return NULL;
  sd = mlp_state_dict_new ();
  entries = entries_new ();
  if (!check_header ((const char *) bytes + 8, (gsize) header_len,
                     (gsize) MIN (len - 8 - header_len, LOOKAHEAD), len - 8 - header_len, what,
                     entries, sd->metadata, error))
    return NULL;

  /* in the order of the data, as the reference implementation lists them */
  data = bytes + 8 + header_len;
  for (guint i = 0; i < entries->len; i++)
    {
      MlpSafetensorsEntry *e = &g_array_index (entries, MlpSafetensorsEntry, i);
      MlpTensor *t = entry_tensor_new (e);

      _mlp_safetensors_dtype_convert (e->dtype, data + e->begin, t->numel, t->data);
      g_ptr_array_add (sd->names, g_steal_pointer (&e->name));
      g_ptr_array_add (sd->tensors, t);
    }
  return g_steal_pointer (&sd);
}

/* ---------------------------------------------------------------------------
 * From a file, header first
 * ------------------------------------------------------------------------- */

gboolean
_mlp_safetensors_file_open (MlpSafetensorsFile *f, const char *path, GError **error)
{
  g_autofree char *header = NULL;
  guint8 head[8] = { 0, };
  guint64 header_len;
  goffset size = 0;
  gssize n;

  memset (f, 0, sizeof *f);
  f->fd = -1;
  f->display = g_filename_display_name (path);
  f->fd = _mlp_file_open_regular (path, f->display, &size, error);
  if (f->fd < 0 || (n = _mlp_file_read (f->fd, f->display, head, 8, error)) < 0 ||
      !read_header_length (head, (guint64) size, f->display, &header_len, error))
    return FALSE;
  /* the header and a little of what follows, in case the length is a lie */
  header = g_malloc (header_len + LOOKAHEAD);
  n = _mlp_file_read (f->fd, f->display, header, (gsize) header_len + LOOKAHEAD, error);
  if (n < 0)
    return FALSE;
  if ((guint64) n < header_len)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: the file ends inside its header (it shrank while being read?)", f->display);
      return FALSE;
    }
  f->data_start = 8 + header_len;
  f->entries = entries_new ();
  f->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return check_header (header, (gsize) header_len, (gsize) n - (gsize) header_len,
                       (guint64) size - f->data_start, f->display, f->entries, f->metadata, error);
}

const MlpSafetensorsEntry *
_mlp_safetensors_file_lookup (MlpSafetensorsFile *f, const char *name)
{
  for (guint i = 0; i < f->entries->len; i++)
    {
      const MlpSafetensorsEntry *e = &g_array_index (f->entries, MlpSafetensorsEntry, i);

      if (strcmp (e->name, name) == 0)
        return e;
    }
  return NULL;
}

gboolean
_mlp_safetensors_file_read (MlpSafetensorsFile *f, const MlpSafetensorsEntry *e, float *dst,
                            MlpStopFunc should_stop, gpointer user_data, GError **error)
{
  guint size = _mlp_safetensors_dtype_size (e->dtype);
  gsize chunk_values = READ_CHUNK / size;
  gsize n_values = (gsize) ((e->end - e->begin) / size);
  g_autofree guint8 *chunk = g_malloc (MIN (n_values, chunk_values) * size + 1);

  for (gsize done = 0; done < n_values; )
    {
      gsize n = MIN (n_values - done, chunk_values);
      goffset at = (goffset) (f->data_start + e->begin + (guint64) done * size);
      gssize got;

      if (should_stop != NULL && should_stop (user_data))
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_CANCELLED, "%s: loading was stopped", f->display);
          return FALSE;
        }
      if (lseek (f->fd, at, SEEK_SET) != at)
        {
          int saved_errno = errno;

          g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "%s: could not read: %s", f->display,
                       g_strerror (saved_errno));
          return FALSE;
        }
      got = _mlp_file_read (f->fd, f->display, chunk, n * size, error);
      if (got < 0)
        return FALSE;
      if ((gsize) got < n * size)
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                       "%s: the file ends inside tensor '%s' (it shrank while being read?)",
                       f->display, e->name);
          return FALSE;
        }
      _mlp_safetensors_dtype_convert (e->dtype, chunk, n, dst + done);
      done += n;
    }
  return TRUE;
}

void
_mlp_safetensors_file_clear (MlpSafetensorsFile *f)
{
  if (f->fd >= 0)
    close (f->fd);
  f->fd = -1;
  g_clear_pointer (&f->entries, g_array_unref);
  g_clear_pointer (&f->metadata, g_hash_table_unref);
  g_clear_pointer (&f->display, g_free);
}

MlpStateDict *
mlp_safetensors_load_full (const char *path, MlpStopFunc should_stop, gpointer user_data,
                           GError **error)
{
  g_auto(MlpSafetensorsFile) f = { .fd = -1 };
  g_autoptr(MlpStateDict) sd = NULL;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_mlp_safetensors_file_open (&f, path, error))
    return NULL;
  sd = mlp_state_dict_new ();
  g_hash_table_unref (sd->metadata);
  sd->metadata = g_steal_pointer (&f.metadata);
  for (guint i = 0; i < f.entries->len; i++)
    {
      MlpSafetensorsEntry *e = &g_array_index (f.entries, MlpSafetensorsEntry, i);
      MlpTensor *t = entry_tensor_new (e);

      g_ptr_array_add (sd->names, g_strdup (e->name));
      g_ptr_array_add (sd->tensors, t);
      if (!_mlp_safetensors_file_read (&f, e, t->data, should_stop, user_data, error))
        return NULL;
    }
  return g_steal_pointer (&sd);
}

MlpStateDict *
mlp_safetensors_load (const char *path, GError **error)
{
  return mlp_safetensors_load_full (path, NULL, NULL, error);
}
