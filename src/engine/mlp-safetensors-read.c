/* mlp-safetensors-read.c — loading a safetensors checkpoint.
 *
 * A checkpoint is what PyTorch's safetensors writes: an 8-byte little-endian
 * header length N, N bytes of JSON (padded with spaces), then the tensors' raw
 * little-endian bytes, each tensor at the [begin, end) offsets its header entry
 * names, counted from the first byte after the header.
 *
 * Everything in a file we read is untrusted.  The header length is checked
 * against the file before anything is parsed; the JSON is read by the strict
 * parser of mlp-safetensors-header.c; shapes are checked against offsets with
 * overflow checks before anything is allocated; tensors may not overlap nor
 * reach past the end of the file.  We are more lenient than the reference
 * implementation in one way: gaps between tensors and trailing bytes are
 * allowed.
 */
#include "mlp-safetensors.h"
#include "mlp-safetensors-private.h"
#include "mlp-error.h"
#include "mlp-file-private.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#define FILE_MAX_BYTES  ((guint64) 4 << 30)   /* 4 GiB: far beyond any MLP of the chapter */

/* The 8-byte length in front of the header, checked against the limit and
 * against what the data holds. */
static gboolean
read_header_length (const guint8 *bytes, gsize len, const char *what,
                    guint64 *header_len, GError **error)
{
  if (len < 8)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: the file has %" G_GSIZE_FORMAT " bytes, too few for a safetensors file "
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
                   "%" G_GSIZE_FORMAT " bytes (is it truncated?)", what, *header_len, len);
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

MlpStateDict *
mlp_safetensors_parse (const guint8 *bytes, gsize len, const char *what, GError **error)
{
  g_autoptr(MlpStateDict) sd = NULL;
  g_autoptr(GArray) entries = NULL;
  const char *header;
  const guint8 *data;
  guint64 header_len;

  g_return_val_if_fail (bytes != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (what == NULL)
    what = "safetensors data";

  if (!read_header_length (bytes, len, what, &header_len, error))
    return NULL;
  header = (const char *) bytes + 8;
  if (!g_utf8_validate (header, (gssize) header_len, NULL))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: the header is not UTF-8 text (is this a safetensors file?)", what);
      return NULL;
    }

  sd = mlp_state_dict_new ();
  entries = g_array_new (FALSE, TRUE, sizeof (MlpSafetensorsEntry));
  g_array_set_clear_func (entries, _mlp_safetensors_entry_clear);
  if (!_mlp_safetensors_parse_header (header, (gsize) header_len, what, entries, sd->metadata, error))
    return NULL;
  if (!check_layout (entries, len - 8 - header_len, what, error))
    return NULL;

  /* in the order of the data, as the reference implementation lists them */
  data = bytes + 8 + header_len;
  for (guint i = 0; i < entries->len; i++)
    {
      MlpSafetensorsEntry *e = &g_array_index (entries, MlpSafetensorsEntry, i);
      gsize shape[MLP_MAX_DIMS];
      MlpTensor *t;

      for (guint d = 0; d < e->ndim; d++)
        shape[d] = (gsize) e->shape[d];
      t = mlp_tensor_new (e->ndim, shape);
      _mlp_safetensors_dtype_convert (e->dtype, data + e->begin, t->numel, t->data);
      mlp_tensor_set_name (t, e->name);
      g_ptr_array_add (sd->names, g_steal_pointer (&e->name));
      g_ptr_array_add (sd->tensors, t);
    }
  return g_steal_pointer (&sd);
}

/* Reads until end of file into a buffer of size + 1 bytes: a file that
 * changed size since fstat() is caught by the parser's checks against the
 * bytes we actually got, or here when it grew.  (transfer full) or NULL. */
static guint8 *
read_file (int fd, const char *display, gsize size, gsize *got, GError **error)
{
  g_autofree guint8 *bytes = g_malloc (size + 1);

  *got = 0;
  for (;;)
    {
      gssize n = read (fd, bytes + *got, size + 1 - *got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "%s: could not read: %s",
                       display, g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        return g_steal_pointer (&bytes);
      *got += (gsize) n;
      if (*got > size)
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_IO,
                       "%s: the file grew while it was being read", display);
          return NULL;
        }
    }
}

MlpStateDict *
mlp_safetensors_load (const char *path, GError **error)
{
  g_autofree char *display = NULL;
  g_autofree guint8 *bytes = NULL;
  goffset size = 0;
  gsize got = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);
  fd = _mlp_file_open_regular (path, display, &size, error);
  if (fd < 0)
    return NULL;
  if ((guint64) size > FILE_MAX_BYTES || (guint64) size > G_MAXSIZE)
    g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                 "%s: the file has %" G_GUINT64_FORMAT " bytes; MLP Lab reads checkpoints of up to 4 GiB",
                 display, (guint64) size);
  else
    bytes = read_file (fd, display, (gsize) size, &got, error);
  g_close (fd, NULL);
  if (bytes == NULL)
    return NULL;

  return mlp_safetensors_parse (bytes, got, display, error);
}
