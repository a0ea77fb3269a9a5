/* fuzz-idx.c — libFuzzer target for the IDX reader (mlp_idx_read_u8).
 *
 * The reader works on paths, so each input is written to one temporary file
 * (created on the first call, reused after) and read back as images (3 dims)
 * and as labels (1 dim).  Plain and gzip inputs both reach the parser: the
 * reader decides by the content.  Build, e.g.:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I src/engine \
 *     $(pkg-config --cflags glib-2.0) fuzz/fuzz-idx.c src/engine/mlp-idx.c \
 *     src/engine/mlp-file.c src/engine/mlp-error.c $(pkg-config --libs glib-2.0 zlib) -o fuzz-idx
 *   ./fuzz-idx fuzz/corpus-idx
 */
#include "mlp-idx.h"
#include "mlp-error.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include <glib/gstdio.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char *input_path;  /* the reused temporary file, lives for the process */

static void
remove_input (void)
{
  g_unlink (input_path);
}

static void
read_as (guint ndims)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *pixels = NULL;
  guint32 dims[3] = { 0, };
  gsize n = 0;

  if (mlp_idx_read_u8 (input_path, ndims, dims, &pixels, &n, &error))
    {
      gsize product = 1;

      g_assert_nonnull (pixels);
      g_assert_null (error);
      for (guint i = 0; i < ndims; i++)
        product *= dims[i];
      g_assert_cmpuint (product, ==, n);
      if (n > 0)                         /* touch both ends of the buffer */
        g_assert_cmpuint ((guint) pixels[0] + pixels[n - 1], <=, 510);
    }
  else
    {
      g_assert_null (pixels);
      g_assert_nonnull (error);
      g_assert_true (error->domain == MLP_ERROR);
      g_assert_nonnull (g_strrstr (error->message, input_path));
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;

  if (input_path == NULL)
    {
      int fd = g_file_open_tmp ("fuzz-idx-XXXXXX", &input_path, &error);

      g_assert_no_error (error);
      close (fd);
      atexit (remove_input);
    }
  /* written in place: no temporary file, no fsync per input */
  g_file_set_contents_full (input_path, (const char *) data, (gssize) size,
                            G_FILE_SET_CONTENTS_NONE, 0600, &error);
  g_assert_no_error (error);

  read_as (3);
  read_as (1);
  return 0;
}
