/* mlp-idx.c — reading IDX files, the format MNIST and Fashion-MNIST ship in.
 *
 * An IDX file is a 4-byte magic (0x00 0x00, a type code, the number of
 * dimensions), one big-endian u32 per dimension, then the array itself.  We only
 * read unsigned bytes (type code 0x08): pixels and labels.  Files come
 * gzip-compressed (Debian's dataset-fashion-mnist) or plain; we tell them apart
 * by the gzip magic 0x1f 0x8b, not by the name.
 *
 * The header is untrusted input: nothing is allocated for the data until the
 * header has been checked against what the file can actually hold.  A plain file
 * must have exactly the announced size; a gzip file cannot inflate to more than
 * 1032 times its size (deflate's limit), and the buffer for it grows as the
 * inflated data arrives rather than being sized from the header.  A hard cap of
 * 2 GiB stands behind both.  Every error names the file.
 */
#include "mlp-idx.h"
#include "mlp-error.h"
#include "mlp-file-private.h"

#include <string.h>
#include <unistd.h>

#include <zlib.h>

#define IDX_TYPE_U8        0x08
#define IDX_MAX_BYTES      ((gsize) 2 << 30)    /* second line of defence: 2 GiB */
#define IDX_INPUT_CHUNK    (256 * 1024)         /* compressed bytes read at a time */
#define IDX_READ_CHUNK     ((gsize) 1 << 20)    /* data bytes read between two stop checks */
#define IDX_FIRST_ALLOC    ((gsize) 1 << 20)    /* first data buffer for gzip files */
#define DEFLATE_MAX_RATIO  1032                 /* at most 258 bytes per 2 bits */

/* A byte source over one open file: plain, or gzip inflated on the fly.
 * The first chunk is read before we know which, so plain reads drain `in` first. */
typedef struct {
  const char *path;       /* for messages (display name), borrowed */
  int         fd;
  goffset     file_size;  /* from fstat */
  gboolean    gzip;       /* the file starts with 0x1f 0x8b */
  guint8     *in;         /* IDX_INPUT_CHUNK bytes of input, owned */
  gsize       in_len;     /* plain: bytes in `in` not yet consumed, from in_pos */
  gsize       in_pos;
  gboolean    eof;        /* read() returned 0 */
  z_stream    z;          /* gzip only */
  gboolean    z_ready;    /* inflateInit2 succeeded */
  gboolean    z_ended;    /* the current gzip member ended (Z_STREAM_END) */
  gboolean    z_next;     /* inflating what follows an ended member: no output yet */
  gsize       produced;   /* bytes handed out so far, for messages */
  MlpStopFunc should_stop;  /* (nullable) asked between chunks of the data */
  gpointer    user_data;
} IdxReader;

static void
idx_reader_clear (IdxReader *r)
{
  if (r->z_ready)
    inflateEnd (&r->z);
  g_clear_pointer (&r->in, g_free);
  if (r->fd >= 0)
    close (r->fd);
  r->fd = -1;
}

/* read(2) until len bytes or end of file; returns the count, -1 on error */
static gssize
read_full (IdxReader *r, guint8 *buf, gsize len, GError **error)
{
  gssize n = r->eof ? 0 : _mlp_file_read (r->fd, r->path, buf, len, error);

  if (n >= 0 && (gsize) n < len)
    r->eof = TRUE;
  return n;
}

static gboolean
idx_reader_open (IdxReader *r, const char *path, const char *display, GError **error)
{
  gssize n;

  memset (r, 0, sizeof *r);
  r->path = display;
  r->fd = _mlp_file_open_regular (path, display, &r->file_size, error);
  if (r->fd < 0)
    return FALSE;
  if (r->file_size == 0)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: the file is empty, not an IDX file", display);
      return FALSE;
    }

  r->in = g_malloc (IDX_INPUT_CHUNK);
  n = read_full (r, r->in, IDX_INPUT_CHUNK, error);
  if (n < 0)
    return FALSE;
  r->in_len = (gsize) n;
  r->gzip = n >= 2 && r->in[0] == 0x1f && r->in[1] == 0x8b;

  if (r->gzip)
    {
      /* 16 + MAX_WBITS: gzip wrapper only, so the CRC-32 and length are checked */
      if (inflateInit2 (&r->z, 16 + MAX_WBITS) != Z_OK)
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_FAILED,
                       "%s: could not start gzip decompression", display);
          return FALSE;
        }
      r->z_ready = TRUE;
      r->z.next_in = r->in;
      r->z.avail_in = (uInt) r->in_len;
    }
  return TRUE;
}

/* plain: buffered bytes first, then straight from the file into buf */
static gssize
plain_read (IdxReader *r, guint8 *buf, gsize len, GError **error)
{
  gsize take = MIN (len, r->in_len);
  gssize n;

  memcpy (buf, r->in + r->in_pos, take);
  r->in_pos += take;
  r->in_len -= take;
  if (take == len)
    return (gssize) take;
  n = read_full (r, buf + take, len - take, error);
  return n < 0 ? -1 : (gssize) take + n;
}

/* gzip: inflates into buf until it is full or the input (every member) ends */
static gssize
gzip_read (IdxReader *r, guint8 *buf, gsize len, GError **error)
{
  z_stream *z = &r->z;
  gsize done = 0;

  while (done < len)
    {
      int ret;

      if (z->avail_in == 0 && !r->eof)
        {
          gssize n = read_full (r, r->in, IDX_INPUT_CHUNK, error);

          if (n < 0)
            return -1;
          z->next_in = r->in;
          z->avail_in = (uInt) n;
        }
      if (r->z_ended)
        {
          if (z->avail_in == 0)
            break;                  /* the last member ended with the file */
          /* More input after a member: it must be another gzip member
           * (concatenated .gz files are valid gzip); anything else is
           * trailing garbage, named so below. */
          inflateReset (z);
          r->z_ended = FALSE;
          r->z_next = TRUE;
        }

      z->next_out = buf + done;
      z->avail_out = (uInt) MIN (len - done, (gsize) G_MAXUINT);
      ret = inflate (z, Z_NO_FLUSH);
      done = (gsize) (z->next_out - buf);

      if (r->z_next && (ret == Z_DATA_ERROR || ret == Z_NEED_DICT) && z->total_out == 0)
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                       "%s: trailing garbage: the gzip data ends after %" G_GSIZE_FORMAT
                       " bytes, and what follows it in the file is not gzip data",
                       r->path, r->produced + done);
          return -1;
        }
      if (z->total_out > 0)
        r->z_next = FALSE;
      switch (ret)
        {
        case Z_OK:
          break;
        case Z_STREAM_END:
          r->z_ended = TRUE;
          r->z_next = FALSE;
          break;
        case Z_BUF_ERROR:
          /* no progress although there is room for output: the input ran out */
          if (z->avail_in == 0 && r->eof)
            {
              g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                           "%s: the gzip stream is truncated (it ends after %"
                           G_GSIZE_FORMAT " bytes of data)",
                           r->path, r->produced + done);
              return -1;
            }
          G_GNUC_FALLTHROUGH;
        case Z_NEED_DICT:
        case Z_DATA_ERROR:
          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                       "%s: corrupt gzip data (%s)", r->path,
                       z->msg != NULL ? z->msg : "invalid stream");
          return -1;
        case Z_MEM_ERROR:
        default:
          g_set_error (error, MLP_ERROR, MLP_ERROR_FAILED,
                       "%s: gzip decompression failed (zlib error %d)", r->path, ret);
          return -1;
        }
    }
  return (gssize) done;
}

/* Up to len bytes; fewer only at the end of the data.  -1 and error on failure. */
static gssize
idx_reader_read (IdxReader *r, guint8 *buf, gsize len, GError **error)
{
  gssize n = r->gzip ? gzip_read (r, buf, len, error) : plain_read (r, buf, len, error);

  if (n > 0)
    r->produced += (gsize) n;
  return n;
}

/* Exactly len bytes of the header, or a "truncated" error naming `what`. */
static gboolean
idx_reader_read_header (IdxReader *r, guint8 *buf, gsize len, const char *what,
                        GError **error)
{
  gssize n = idx_reader_read (r, buf, len, error);

  if (n < 0)
    return FALSE;
  if ((gsize) n < len)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: truncated: the file ends inside the IDX header (%s)",
                   r->path, what);
      return FALSE;
    }
  return TRUE;
}

/* "truncated: the dimensions 2 x 3 need 6 bytes of data but the file holds only 4" */
static void
set_truncated (GError **error, const IdxReader *r, const char *dims, gsize size, guint64 held)
{
  g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
               "%s: truncated: the dimensions %s need %" G_GSIZE_FORMAT
               " bytes of data but the file holds only %" G_GUINT64_FORMAT,
               r->path, dims, size, held);
}

/* "4 extra bytes after the data (the dimensions 2 x 3 need 6)" */
static void
set_extra (GError **error, const IdxReader *r, gboolean at_least, guint64 extra,
           const char *dims, gsize size)
{
  g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
               "%s: %s%" G_GUINT64_FORMAT " extra bytes after the data "
               "(the dimensions %s need %" G_GSIZE_FORMAT ")",
               r->path, at_least ? "at least " : "", extra, dims, size);
}

/* The magic and the dimensions: dims[0..expected_ndims) and their product
 * *size (at most IDX_MAX_BYTES), as text in dims_text for messages. */
static gboolean
read_header (IdxReader *r, guint expected_ndims, const guint32 *max_dims, guint32 *dims,
             gsize *size, GString *dims_text, GError **error)
{
  g_autofree guint8 *dims_raw = g_malloc (4 * expected_ndims);
  guint8 magic[4];

  if (!idx_reader_read_header (r, magic, sizeof magic, "magic number", error))
    return FALSE;
  if (magic[0] != 0 || magic[1] != 0)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: not an IDX file: it starts with 0x%02X 0x%02X, not 0x00 0x00",
                   r->path, magic[0], magic[1]);
      return FALSE;
    }
  if (magic[2] != IDX_TYPE_U8)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: type code 0x%02X is not unsigned byte (0x08)", r->path, magic[2]);
      return FALSE;
    }
  if (magic[3] != expected_ndims)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: the array has %u dimension%s, expected %u",
                   r->path, magic[3], magic[3] == 1 ? "" : "s", expected_ndims);
      return FALSE;
    }

  if (!idx_reader_read_header (r, dims_raw, 4 * expected_ndims, "dimensions", error))
    return FALSE;
  for (guint i = 0; i < expected_ndims; i++)
    {
      const guint8 *b = dims_raw + 4 * i;

      dims[i] = (guint32) b[0] << 24 | (guint32) b[1] << 16 | (guint32) b[2] << 8 | b[3];
      g_string_append_printf (dims_text, "%s%u", i > 0 ? " x " : "", dims[i]);
    }
  for (guint i = 0; max_dims != NULL && i < expected_ndims; i++)
    if (max_dims[i] != 0 && dims[i] > max_dims[i])
      {
        g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                     "%s: the dimensions %s are too large: dimension %u may be at most %u",
                     r->path, dims_text->str, i + 1, max_dims[i]);
        return FALSE;
      }
  *size = 1;
  for (guint i = 0; i < expected_ndims; i++)
    if (!g_size_checked_mul (size, *size, dims[i]) || *size > IDX_MAX_BYTES)
      {
        g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                     "%s: the dimensions %s are too large (more than 2 GiB of data)",
                     r->path, dims_text->str);
        return FALSE;
      }
  return TRUE;
}

/* Checks the header's claim of `size` bytes of data against the file before
 * anything is allocated for it; *capacity is the first buffer to try. */
static gboolean
check_claim (IdxReader *r, gsize header_len, gsize size, const char *dims, gsize *capacity,
             GError **error)
{
  if (!r->gzip)
    {
      /* (the file may have shrunk since fstat; never let this wrap) */
      guint64 present = (guint64) MAX (r->file_size, (goffset) header_len) - header_len;

      if (present < size)
        {
          set_truncated (error, r, dims, size, present);
          return FALSE;
        }
      if (present > size)
        {
          set_extra (error, r, FALSE, present - size, dims, size);
          return FALSE;
        }
      *capacity = size;
      return TRUE;
    }
  if ((guint64) size + header_len > (guint64) r->file_size * DEFLATE_MAX_RATIO)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: truncated: the dimensions %s need %" G_GSIZE_FORMAT
                   " bytes of data, more than a %" G_GINT64_FORMAT
                   "-byte gzip file can hold", r->path, dims, size,
                   (gint64) r->file_size);
      return FALSE;
    }
  *capacity = MIN (size, IDX_FIRST_ALLOC);
  return TRUE;
}

/* The size bytes of data, in a buffer that starts at capacity bytes and
 * grows as they arrive; (transfer full), at least one byte so that an empty
 * array is not NULL, or NULL with error. */
static guint8 *
read_data (IdxReader *r, gsize size, gsize capacity, const char *dims, GError **error)
{
  g_autofree guint8 *data = g_malloc (MAX (capacity, 1));
  gsize have = 0;

  while (have < size)
    {
      gssize n;

      gsize want;

      if (have == capacity)
        {
          capacity = capacity > size / 2 ? size : 2 * capacity;
          data = g_realloc (data, capacity);
        }
      if (r->should_stop != NULL && r->should_stop (r->user_data))
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_CANCELLED, "%s: loading was stopped", r->path);
          return NULL;
        }
      want = MIN (capacity - have, IDX_READ_CHUNK);
      n = idx_reader_read (r, data + have, want, error);
      if (n < 0)
        return NULL;
      have += (gsize) n;
      if ((gsize) n < want)
        break;                              /* the data ended early */
    }
  if (have < size)
    {
      set_truncated (error, r, dims, size, have);
      return NULL;
    }
  return g_steal_pointer (&data);
}

/* Nothing may follow the data.  For gzip this also runs inflate to the end
 * of the stream, which is where the CRC-32 is checked.  Extra bytes are
 * counted up to a limit, so a gzip bomb after the data cannot keep us busy. */
static gboolean
check_end (IdxReader *r, gsize size, const char *dims, GError **error)
{
  guint8 probe[4096];
  guint64 extra = 0;
  gssize n;

  do
    {
      n = idx_reader_read (r, probe, sizeof probe, error);
      if (n < 0)
        return FALSE;
      extra += (guint64) n;
    }
  while (n == (gssize) sizeof probe && extra < 1024 * 1024);

  if (extra > 0)
    {
      set_extra (error, r, n == (gssize) sizeof probe, extra, dims, size);
      return FALSE;
    }
  return TRUE;
}

/**
 * mlp_idx_read_u8_full:
 * @path: the file, gzip-compressed or plain
 * @expected_ndims: how many dimensions the array must have (1 … 255)
 * @max_dims: (nullable): expected_ndims limits, 0 for none, checked
 *   against the header before anything else is read
 * @should_stop: (nullable): asked between chunks of 1 MiB of data; TRUE
 *   stops the read with MLP_ERROR_CANCELLED
 * @user_data: for should_stop
 * @dims_out: (out) (nullable): expected_ndims dimensions
 * @data_out: (out) (transfer full): the array, g_free() it; never NULL on
 *   success, even for an empty array
 * @size_out: (out) (nullable): its size in bytes (the product of the dims)
 *
 * Returns: TRUE, or FALSE with @error set (MLP_ERROR_NOT_FOUND, _IO,
 * _FORMAT or _CANCELLED); the outputs are untouched on failure.
 */
gboolean
mlp_idx_read_u8_full (const char *path, guint expected_ndims, const guint32 *max_dims,
                      MlpStopFunc should_stop, gpointer user_data, guint32 *dims_out,
                      guint8 **data_out, gsize *size_out, GError **error)
{
  g_autofree char *display = NULL;
  g_autofree guint32 *dims = NULL;
  g_autofree guint8 *data = NULL;
  g_autoptr(GString) dims_text = g_string_new (NULL);
  IdxReader r;
  gsize size = 0, capacity = 0;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (expected_ndims >= 1 && expected_ndims <= 255, FALSE);
  g_return_val_if_fail (data_out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (path);
  dims = g_new (guint32, expected_ndims);
  ok = idx_reader_open (&r, path, display, error);
  r.should_stop = should_stop;
  r.user_data = user_data;
  ok = ok &&
       read_header (&r, expected_ndims, max_dims, dims, &size, dims_text, error) &&
       check_claim (&r, 4 + 4 * (gsize) expected_ndims, size, dims_text->str, &capacity, error) &&
       (data = read_data (&r, size, capacity, dims_text->str, error)) != NULL &&
       check_end (&r, size, dims_text->str, error);
  idx_reader_clear (&r);
  if (!ok)
    return FALSE;

  if (dims_out != NULL)
    memcpy (dims_out, dims, sizeof (guint32) * expected_ndims);
  if (size_out != NULL)
    *size_out = size;
  *data_out = g_steal_pointer (&data);
  return TRUE;
}

gboolean
mlp_idx_read_u8 (const char *path, guint expected_ndims, guint32 *dims_out,
                 guint8 **data_out, gsize *size_out, GError **error)
{
  return mlp_idx_read_u8_full (path, expected_ndims, NULL, NULL, NULL, dims_out, data_out,
                               size_out, error);
}
