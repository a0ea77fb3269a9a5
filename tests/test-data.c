/* test-data.c — see test-data.h. */
#include "test-data.h"

#include <glib/gstdio.h>
#include <zlib.h>

void
test_data_write_idx_gz (const char *path, const guint32 *dims, guint ndims,
                        const guint8 *data, gsize len)
{
  gzFile f = gzopen (path, "wb");
  guint8 head[4] = { 0, 0, 0x08, (guint8) ndims };

  g_assert_nonnull (f);
  gzwrite (f, head, 4);
  for (guint i = 0; i < ndims; i++)
    {
      guint32 be = GUINT32_TO_BE (dims[i]);
      gzwrite (f, &be, 4);
    }
  gzwrite (f, data, (unsigned) len);
  g_assert_cmpint (gzclose (f), ==, Z_OK);
}

void
test_data_write_fashion_split (const char *dir, const char *prefix, guint n, guint seed)
{
  g_autofree guint8 *images = g_new (guint8, (gsize) n * 784);
  g_autofree guint8 *labels = g_new (guint8, n);
  g_autofree char *ip = g_strdup_printf ("%s/%s-images-idx3-ubyte.gz", dir, prefix);
  g_autofree char *lp = g_strdup_printf ("%s/%s-labels-idx1-ubyte.gz", dir, prefix);
  guint32 idims[3] = { n, 28, 28 }, ldims[1] = { n };
  GRand *rand = g_rand_new_with_seed (seed);

  for (guint i = 0; i < n; i++)
    {
      labels[i] = (guint8) g_rand_int_range (rand, 0, 10);
      for (guint p = 0; p < 784; p++)
        images[(gsize) i * 784 + p] =
          (p / 28) / 3 == labels[i] ? (guint8) g_rand_int_range (rand, 150, 256)
                                    : (guint8) g_rand_int_range (rand, 0, 60);
    }
  g_rand_free (rand);
  test_data_write_idx_gz (ip, idims, 3, images, (gsize) n * 784);
  test_data_write_idx_gz (lp, ldims, 1, labels, n);
}

void
test_data_remove_fashion (const char *dir)
{
  const char *names[] = { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                          "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      g_remove (path);
    }
  g_rmdir (dir);
}
