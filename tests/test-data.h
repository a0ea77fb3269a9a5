/* test-data.h — small data sets written for the tests that run the programs
 * (test-cli, test-gui): Fashion-MNIST's files in its format, with images a
 * model learns in a few epochs. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An IDX file of unsigned bytes (magic 0x00 0x00 0x08 ndims, big-endian
 * dims, data), gzip-compressed as Debian ships Fashion-MNIST. */
void test_data_write_idx_gz         (const char *path, const guint32 *dims, guint ndims,
                                     const guint8 *data, gsize len);
/* dir/PREFIX-images-idx3-ubyte.gz and dir/PREFIX-labels-idx1-ubyte.gz: n
 * random 28×28 images whose class c (0 … 9) is a bright band of rows
 * 3c … 3c + 2 on a dark background, drawn from seed.  PREFIX is "train"
 * or "t10k". */
void test_data_write_fashion_split  (const char *dir, const char *prefix, guint n, guint seed);

/* removes the four files the two splits "train" and "t10k" wrote, then the
 * (now empty) folder dir */
void test_data_remove_fashion       (const char *dir);

G_END_DECLS
