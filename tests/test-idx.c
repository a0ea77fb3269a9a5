/* test-idx.c — the data layer: IDX files (plain and gzip), data sets,
 * mini-batches and finding Fashion-MNIST.
 *
 * Every test writes its own small files into a temporary folder, good ones and
 * each kind of broken one, and checks that the broken ones give an MLP_ERROR
 * naming the file.  One test loads the real data set when Debian's
 * dataset-fashion-mnist is installed and is skipped otherwise.
 */
#include "mlp-dataset.h"
#include "mlp-fashion-mnist.h"
#include "mlp-idx.h"
#include "mlp-error.h"

#include <string.h>
#include <sys/resource.h>

#include <glib/gstdio.h>
#include <zlib.h>

#include "test-tmp.h"

#define REAL_DATA_DIR "/usr/share/datasets/fashion-mnist"

/* Per-test fixture: a fresh temporary folder, removed afterwards. */
typedef struct {
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = test_tmp_dir_new ("mlplab-test-idx");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  test_tmp_remove_tree (f->dir);
  g_free (f->dir);
}

/* ---- writing test files ---- */

/* (transfer full) the bytes of an IDX file: header for `ndims` dims, then data */
static GByteArray *
idx_bytes (guint8 type_code, guint ndims, const guint32 *dims,
           const guint8 *data, gsize size)
{
  GByteArray *b = g_byte_array_new ();
  guint8 magic[4] = { 0, 0, type_code, (guint8) ndims };

  g_byte_array_append (b, magic, 4);
  for (guint i = 0; i < ndims; i++)
    {
      guint8 be[4] = { dims[i] >> 24, dims[i] >> 16, dims[i] >> 8, dims[i] };
      g_byte_array_append (b, be, 4);
    }
  if (size > 0)
    g_byte_array_append (b, data, (guint) size);
  return b;
}

/* (transfer full) dir/name */
static char *
write_plain (const char *dir, const char *name, const guint8 *bytes, gsize len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, (const char *) bytes, (gssize) len, &error);
  g_assert_no_error (error);
  return path;
}

/* (transfer full) dir/name, gzip-compressed with zlib's own writer */
static char *
write_gz (const char *dir, const char *name, const guint8 *bytes, gsize len)
{
  char *path = g_build_filename (dir, name, NULL);
  gzFile gz = gzopen (path, "wb");

  g_assert_nonnull (gz);
  if (len > 0)
    g_assert_cmpint (gzwrite (gz, bytes, (unsigned) len), ==, (int) len);
  g_assert_cmpint (gzclose (gz), ==, Z_OK);
  return path;
}

static GBytes *
read_all (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

/* images: n × rows × cols with pixel (i, k) = (i * 7 + k) & 0xff */
static GByteArray *
images_bytes (guint32 n, guint32 rows, guint32 cols)
{
  guint32 dims[3] = { n, rows, cols };
  gsize size = (gsize) n * rows * cols;
  g_autofree guint8 *px = g_malloc (MAX (size, 1));

  for (gsize i = 0; i < size; i++)
    px[i] = (guint8) ((i * 7) & 0xff);
  return idx_bytes (0x08, 3, dims, px, size);
}

static GByteArray *
labels_bytes (guint32 n, guint n_classes)
{
  guint32 dims[1] = { n };
  g_autofree guint8 *lb = g_malloc (MAX (n, 1));

  for (guint32 i = 0; i < n; i++)
    lb[i] = (guint8) (i % n_classes);
  return idx_bytes (0x08, 1, dims, lb, n);
}

/* Reads path expecting failure with `code`; checks the message names the file
 * and contains `needle`. */
static void
assert_read_fails (const char *path, guint ndims, gint code, const char *needle)
{
  g_autoptr(GError) error = NULL;
  guint32 dims[8] = { 0, };
  guint8 *data = NULL;
  gsize size = 0;

  g_assert_false (mlp_idx_read_u8 (path, ndims, dims, &data, &size, &error));
  g_assert_error (error, MLP_ERROR, code);
  g_assert_null (data);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, path));
  if (needle != NULL)
    g_assert_nonnull (strstr (error->message, needle));
}

/* ---- IDX reading ---- */

static void
check_round_trip (Fixture *f, gboolean gz)
{
  g_autoptr(GByteArray) img = images_bytes (5, 3, 4);
  g_autoptr(GByteArray) lab = labels_bytes (5, 10);
  g_autofree char *img_path = (gz ? write_gz : write_plain) (f->dir, "img", img->data, img->len);
  g_autofree char *lab_path = (gz ? write_gz : write_plain) (f->dir, "lab", lab->data, lab->len);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *data = NULL;
  g_autofree guint8 *labels = NULL;
  guint32 dims[3], ldims[1];
  gsize size = 0;

  g_assert_true (mlp_idx_read_u8 (img_path, 3, dims, &data, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dims[0], ==, 5);
  g_assert_cmpuint (dims[1], ==, 3);
  g_assert_cmpuint (dims[2], ==, 4);
  g_assert_cmpuint (size, ==, 60);
  g_assert_cmpmem (data, size, img->data + 16, img->len - 16);

  g_assert_true (mlp_idx_read_u8 (lab_path, 1, ldims, &labels, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (ldims[0], ==, 5);
  g_assert_cmpmem (labels, size, lab->data + 8, lab->len - 8);
}

static void
test_plain_round_trip (Fixture *f, gconstpointer data)
{
  check_round_trip (f, FALSE);
}

static void
test_gz_round_trip (Fixture *f, gconstpointer data)
{
  check_round_trip (f, TRUE);
}

/* A big gzip file, so the buffer has to grow several times and inflate runs
 * across many input chunks. */
static void
test_gz_large (Fixture *f, gconstpointer data)
{
  g_autoptr(GByteArray) img = images_bytes (3000, 28, 28);
  g_autofree char *path = write_gz (f->dir, "big.gz", img->data, img->len);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *px = NULL;
  guint32 dims[3];
  gsize size;

  g_assert_true (mlp_idx_read_u8 (path, 3, dims, &px, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (size, ==, 3000 * 784);
  g_assert_cmpmem (px, size, img->data + 16, img->len - 16);
}

/* Two gzip members one after the other are one valid gzip file (cat a.gz b.gz). */
static void
test_gz_multi_member (Fixture *f, gconstpointer data)
{
  g_autoptr(GByteArray) img = images_bytes (4, 2, 2);
  g_autofree char *a = write_gz (f->dir, "a.gz", img->data, 10);
  g_autofree char *b = write_gz (f->dir, "b.gz", img->data + 10, img->len - 10);
  g_autoptr(GBytes) ab = read_all (a);
  g_autoptr(GBytes) bb = read_all (b);
  g_autoptr(GByteArray) cat = g_byte_array_new ();
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *px = NULL;
  guint32 dims[3];
  gsize size;

  g_byte_array_append (cat, g_bytes_get_data (ab, NULL), (guint) g_bytes_get_size (ab));
  g_byte_array_append (cat, g_bytes_get_data (bb, NULL), (guint) g_bytes_get_size (bb));
  path = write_plain (f->dir, "ab.gz", cat->data, cat->len);
  g_assert_true (mlp_idx_read_u8 (path, 3, dims, &px, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (px, size, img->data + 16, img->len - 16);
}

/* The content decides, not the name: a plain file called .gz reads fine. */
static void
test_detect_by_content (Fixture *f, gconstpointer data)
{
  g_autoptr(GByteArray) lab = labels_bytes (7, 10);
  g_autofree char *path = write_plain (f->dir, "labels.gz", lab->data, lab->len);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *px = NULL;
  guint32 dims[1];
  gsize size;

  g_assert_true (mlp_idx_read_u8 (path, 1, dims, &px, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dims[0], ==, 7);
}

static void
test_empty_array (Fixture *f, gconstpointer data)
{
  g_autoptr(GByteArray) lab = labels_bytes (0, 10);
  g_autofree char *path = write_gz (f->dir, "none.gz", lab->data, lab->len);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *px = NULL;
  guint32 dims[1];
  gsize size = 1;

  g_assert_true (mlp_idx_read_u8 (path, 1, dims, &px, &size, &error));
  g_assert_no_error (error);
  g_assert_nonnull (px);
  g_assert_cmpuint (size, ==, 0);
}

static void
test_bad_magic (Fixture *f, gconstpointer data)
{
  g_autoptr(GByteArray) lab = labels_bytes (4, 10);
  g_autofree char *plain = NULL;
  g_autofree char *gz = NULL;

  lab->data[1] = 0x03;
  plain = write_plain (f->dir, "magic", lab->data, lab->len);
  gz = write_gz (f->dir, "magic.gz", lab->data, lab->len);
  assert_read_fails (plain, 1, MLP_ERROR_FORMAT, "not an IDX file");
  assert_read_fails (gz, 1, MLP_ERROR_FORMAT, "not an IDX file");
}

static void
test_bad_type_code (Fixture *f, gconstpointer data)
{
  guint32 dims[1] = { 2 };
  guint8 floats[8] = { 0, };
  g_autoptr(GByteArray) b = idx_bytes (0x0D, 1, dims, floats, sizeof floats);
  g_autofree char *plain = write_plain (f->dir, "float", b->data, b->len);
  g_autofree char *gz = write_gz (f->dir, "float.gz", b->data, b->len);

  assert_read_fails (plain, 1, MLP_ERROR_FORMAT, "type code 0x0D is not unsigned byte (0x08)");
  assert_read_fails (gz, 1, MLP_ERROR_FORMAT, "type code 0x0D is not unsigned byte (0x08)");
}

static void
test_ndims_mismatch (Fixture *f, gconstpointer data)
{
  g_autoptr(GByteArray) lab = labels_bytes (4, 10);
  g_autofree char *path = write_gz (f->dir, "labels.gz", lab->data, lab->len);

  assert_read_fails (path, 3, MLP_ERROR_FORMAT, "has 1 dimension, expected 3");
}

static void
test_truncated_header (Fixture *f, gconstpointer data)
{
  g_autoptr(GByteArray) img = images_bytes (2, 2, 2);
  g_autofree char *three = write_plain (f->dir, "three", img->data, 3);
  g_autofree char *dims = write_plain (f->dir, "dims", img->data, 10);
  g_autofree char *gz = write_gz (f->dir, "dims.gz", img->data, 10);

  assert_read_fails (three, 3, MLP_ERROR_FORMAT, "truncated");
  assert_read_fails (dims, 3, MLP_ERROR_FORMAT, "truncated");
  assert_read_fails (gz, 3, MLP_ERROR_FORMAT, "truncated");
}

static void
test_truncated_data (Fixture *f, gconstpointer data)
{
  g_autoptr(GByteArray) img = images_bytes (10, 4, 4);
  g_autofree char *plain = write_plain (f->dir, "short", img->data, img->len - 5);
  g_autofree char *gz = write_gz (f->dir, "short.gz", img->data, img->len - 5);

  assert_read_fails (plain, 3, MLP_ERROR_FORMAT, "truncated");
  assert_read_fails (gz, 3, MLP_ERROR_FORMAT, "truncated");
}

/* A valid .gz cut in half: the gzip stream itself ends early. */
static void
test_truncated_gzip_stream (Fixture *f, gconstpointer data)
{
  g_autoptr(GByteArray) img = images_bytes (200, 28, 28);
  g_autofree char *whole = write_gz (f->dir, "whole.gz", img->data, img->len);
  g_autoptr(GBytes) bytes = read_all (whole);
  gsize len = g_bytes_get_size (bytes);
  const guint8 *gz = g_bytes_get_data (bytes, NULL);
  g_autofree char *half = write_plain (f->dir, "half.gz", gz, len / 2);
  g_autofree char *no_trailer = write_plain (f->dir, "no-trailer.gz", gz, len - 4);
  g_autofree char *magic_only = write_plain (f->dir, "magic-only.gz", gz, 2);

  assert_read_fails (half, 3, MLP_ERROR_FORMAT, "truncated");
  /* all the data is there, but not the gzip trailer (length) */
  assert_read_fails (no_trailer, 3, MLP_ERROR_FORMAT, "gzip stream is truncated");
  assert_read_fails (magic_only, 3, MLP_ERROR_FORMAT, "gzip stream is truncated");
}

static void
test_corrupt_gzip (Fixture *f, gconstpointer data)
{
  g_autoptr(GByteArray) img = images_bytes (50, 28, 28);
  g_autofree char *whole = write_gz (f->dir, "whole.gz", img->data, img->len);
  g_autoptr(GBytes) bytes = read_all (whole);
  gsize len = g_bytes_get_size (bytes);
  g_autofree guint8 *gz = g_memdup2 (g_bytes_get_data (bytes, NULL), len);
  g_autofree char *bad_crc = NULL;
  g_autofree char *garbage = NULL;
  g_autoptr(GByteArray) extra = g_byte_array_new ();

  gz[len - 6] ^= 0x55;                        /* inside the CRC-32 */
  bad_crc = write_plain (f->dir, "crc.gz", gz, len);
  assert_read_fails (bad_crc, 3, MLP_ERROR_FORMAT, "corrupt gzip data");

  gz[len - 6] ^= 0x55;
  g_byte_array_append (extra, gz, (guint) len);
  g_byte_array_append (extra, (const guint8 *) "garbage!", 8);
  garbage = write_plain (f->dir, "garbage.gz", extra->data, extra->len);
  assert_read_fails (garbage, 3, MLP_ERROR_FORMAT, "trailing garbage");
}

static void
test_extra_bytes (Fixture *f, gconstpointer data)
{
  g_autoptr(GByteArray) img = images_bytes (3, 2, 2);
  g_autofree char *plain = NULL;
  g_autofree char *gz = NULL;

  g_byte_array_append (img, (const guint8 *) "xyz", 3);
  plain = write_plain (f->dir, "extra", img->data, img->len);
  gz = write_gz (f->dir, "extra.gz", img->data, img->len);
  assert_read_fails (plain, 3, MLP_ERROR_FORMAT, "3 extra bytes after the data");
  assert_read_fails (gz, 3, MLP_ERROR_FORMAT, "3 extra bytes after the data");
}

static void
test_empty_file (Fixture *f, gconstpointer data)
{
  g_autofree char *path = write_plain (f->dir, "empty", (const guint8 *) "", 0);

  assert_read_fails (path, 3, MLP_ERROR_FORMAT, "empty");
}

static void
test_missing_file (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "no-such-file.gz", NULL);

  assert_read_fails (path, 3, MLP_ERROR_NOT_FOUND, "no such file");
}

static void
test_folder (Fixture *f, gconstpointer data)
{
  assert_read_fails (f->dir, 3, MLP_ERROR_IO, "folder");
}

/* Headers claiming far more than the file holds.  These run in a subprocess
 * whose data limit is 256 MiB: had the reader believed the header (784 MB), the
 * allocation would fail and g_malloc would abort the subprocess. */
static void
claim_huge (const char *dir)
{
  guint32 cap_dims[3] = { 1u << 31, 28, 28 };     /* 1.6 TB: over the 2 GiB cap */
  guint32 big_dims[3] = { 1000000, 28, 28 };      /* 784 MB: under the cap */
  guint8 px[784] = { 0, };
  g_autoptr(GByteArray) cap = idx_bytes (0x08, 3, cap_dims, px, sizeof px);
  g_autoptr(GByteArray) big = idx_bytes (0x08, 3, big_dims, px, sizeof px);
  g_autoptr(GByteArray) noise = NULL;
  g_autofree guint8 *random_px = g_malloc (1 << 20);
  g_autofree char *p1 = write_plain (dir, "cap", cap->data, cap->len);
  g_autofree char *p2 = write_gz (dir, "cap.gz", cap->data, cap->len);
  g_autofree char *p3 = write_plain (dir, "big", big->data, big->len);
  g_autofree char *p4 = write_gz (dir, "big.gz", big->data, big->len);
  g_autofree char *p5 = NULL;
  GRand *rand = g_rand_new_with_seed (7);

  /* 1 MiB of incompressible pixels: the gzip file is big enough that it could
   * in principle inflate to 784 MB, so only the growing buffer protects us. */
  for (guint i = 0; i < (1 << 20); i++)
    random_px[i] = (guint8) g_rand_int (rand);
  g_rand_free (rand);
  noise = idx_bytes (0x08, 3, big_dims, random_px, 1 << 20);
  p5 = write_gz (dir, "noise.gz", noise->data, noise->len);

#ifndef UNDER_ASAN   /* AddressSanitizer's shadow memory counts as data */
  {
    struct rlimit lim = { 256 << 20, 256 << 20 };
    g_assert_cmpint (setrlimit (RLIMIT_DATA, &lim), ==, 0);
  }
#endif

  assert_read_fails (p1, 3, MLP_ERROR_FORMAT, "too large");
  assert_read_fails (p2, 3, MLP_ERROR_FORMAT, "too large");
  assert_read_fails (p3, 3, MLP_ERROR_FORMAT, "truncated");
  assert_read_fails (p4, 3, MLP_ERROR_FORMAT, "truncated");
  assert_read_fails (p5, 3, MLP_ERROR_FORMAT, "truncated");
}

static void
test_huge_claims (Fixture *f, gconstpointer data)
{
  if (g_test_subprocess ())
    {
      claim_huge (f->dir);
      return;
    }
  g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

/* ---- data sets ---- */

static void
test_load_idx (Fixture *f, gconstpointer data)
{
  g_autoptr(GByteArray) img = images_bytes (6, 2, 3);
  g_autoptr(GByteArray) lab = labels_bytes (6, 4);
  g_autofree char *ip = write_gz (f->dir, "i.gz", img->data, img->len);
  g_autofree char *lp = write_plain (f->dir, "l", lab->data, lab->len);
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpDataset) ds = mlp_dataset_load_idx (ip, lp, 4, &error);

  g_assert_no_error (error);
  g_assert_nonnull (ds);
  g_assert_cmpuint (ds->n, ==, 6);
  g_assert_cmpuint (ds->rows, ==, 2);
  g_assert_cmpuint (ds->cols, ==, 3);
  g_assert_cmpuint (ds->n_classes, ==, 4);
  g_assert_cmpmem (ds->images, 36, img->data + 16, 36);
  g_assert_cmpmem (ds->labels, 6, lab->data + 8, 6);
}

static void
test_count_mismatch (Fixture *f, gconstpointer data)
{
  g_autoptr(GByteArray) img = images_bytes (6, 2, 3);
  g_autoptr(GByteArray) lab = labels_bytes (5, 10);
  g_autofree char *ip = write_gz (f->dir, "i.gz", img->data, img->len);
  g_autofree char *lp = write_gz (f->dir, "l.gz", lab->data, lab->len);
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpDataset) ds = mlp_dataset_load_idx (ip, lp, 10, &error);

  g_assert_null (ds);
  g_assert_error (error, MLP_ERROR, MLP_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, ip));
  g_assert_nonnull (strstr (error->message, lp));
  g_assert_nonnull (strstr (error->message, "5 labels"));
  g_assert_nonnull (strstr (error->message, "6 images"));
}

static void
test_label_out_of_range (Fixture *f, gconstpointer data)
{
  g_autoptr(GByteArray) img = images_bytes (6, 2, 3);
  g_autoptr(GByteArray) lab = labels_bytes (6, 10);
  g_autofree char *ip = write_gz (f->dir, "i.gz", img->data, img->len);
  g_autofree char *lp = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpDataset) ds = NULL;

  lab->data[8 + 4] = 10;
  lp = write_gz (f->dir, "l.gz", lab->data, lab->len);
  ds = mlp_dataset_load_idx (ip, lp, 10, &error);
  g_assert_null (ds);
  g_assert_error (error, MLP_ERROR, MLP_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, lp));
  g_assert_nonnull (strstr (error->message, "example 4 has label 10"));
}

static void
test_no_images (Fixture *f, gconstpointer data)
{
  g_autoptr(GByteArray) img = images_bytes (0, 28, 28);
  g_autoptr(GByteArray) lab = labels_bytes (0, 10);
  g_autofree char *ip = write_plain (f->dir, "i", img->data, img->len);
  g_autofree char *lp = write_plain (f->dir, "l", lab->data, lab->len);
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpDataset) ds = mlp_dataset_load_idx (ip, lp, 10, &error);

  g_assert_null (ds);
  g_assert_error (error, MLP_ERROR, MLP_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, ip));
}

static void
test_fill_batch (void)
{
  guint8 *images = g_malloc (3 * 4);
  guint8 *labels = g_malloc (3);
  g_autoptr(MlpDataset) ds = NULL;
  float x[2 * 4];
  MlpTensor X = { 0, };
  guint32 idx[2] = { 2, 0 };
  guint8 out[2] = { 99, 99 };
  const guint8 px[12] = { 0, 1, 2, 3,   4, 5, 6, 7,   255, 51, 128, 0 };

  memcpy (images, px, sizeof px);
  labels[0] = 7, labels[1] = 8, labels[2] = 9;
  ds = mlp_dataset_new_take (images, labels, 3, 2, 2, 10);

  X.ndim = 4;
  X.shape[0] = 2, X.shape[1] = 1, X.shape[2] = 2, X.shape[3] = 2;
  X.numel = 8;
  X.data = x;
  mlp_dataset_fill_batch (ds, idx, &X, out);

  g_assert_cmpfloat (x[0], ==, 1.0f);
  g_assert_cmpfloat (x[1], ==, 51.0f / 255.0f);
  g_assert_cmpfloat_with_epsilon (x[1], 0.2f, 1e-7f);
  g_assert_cmpfloat (x[2], ==, 128.0f / 255.0f);
  g_assert_cmpfloat (x[3], ==, 0.0f);
  for (guint k = 0; k < 4; k++)
    g_assert_cmpfloat (x[4 + k], ==, (float) k / 255.0f);
  g_assert_cmpuint (out[0], ==, 9);
  g_assert_cmpuint (out[1], ==, 7);
}

/* ---- Fashion-MNIST ---- */

static void
test_class_names (void)
{
  const char *expected[] = { "t-shirt", "trouser", "pullover", "dress", "coat",
                             "sandal", "shirt", "sneaker", "bag", "ankle boot" };

  for (guint i = 0; i < MLP_FASHION_MNIST_CLASSES; i++)
    g_assert_cmpstr (mlp_fashion_mnist_class_name (i), ==, expected[i]);
}

/* A tiny fake Fashion-MNIST in dir: n_train and n_test examples of 28 × 28;
 * `which` of the four files are written as .gz (bit i for file i), the rest
 * plain; file `skip` (0–3) is left out, or none when skip is -1. */
static void
make_fake_fashion (const char *dir, guint n_train, guint n_test, guint gz_mask, int skip)
{
  const char *names[4] = { "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                           "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" };

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  for (int i = 0; i < 4; i++)
    {
      g_autoptr(GByteArray) b = NULL;
      g_autofree char *name = NULL;
      g_autofree char *path = NULL;
      guint n = i < 2 ? n_train : n_test;

      if (i == skip)
        continue;
      b = (i % 2 == 0) ? images_bytes (n, 28, 28) : labels_bytes (n, 10);
      if (gz_mask & (1u << i))
        {
          name = g_strconcat (names[i], ".gz", NULL);
          path = write_gz (dir, name, b->data, b->len);
        }
      else
        path = write_plain (dir, names[i], b->data, b->len);
    }
}

static void
test_search_order (Fixture *f, gconstpointer data)
{
  g_autofree char *user = g_build_filename (f->dir, "user", NULL);
  g_autofree char *env = g_build_filename (f->dir, "env", NULL);
  g_autofree char *xdg = g_build_filename (g_get_user_data_dir (), "mlplab",
                                           "fashion-mnist", NULL);
  g_autofree char *found = NULL;
  g_auto(GStrv) path = NULL;
  const char *const *sys = g_get_system_data_dirs ();
  guint n;

  /* main() pointed the XDG folders into a fresh folder */
  g_assert_false (g_file_test (xdg, G_FILE_TEST_EXISTS));

  g_setenv ("MLPLAB_DATA_DIR", env, TRUE);
  path = mlp_fashion_mnist_search_path (user);
  n = g_strv_length (path);
  g_assert_cmpuint (n, >=, 4);
  g_assert_cmpstr (path[0], ==, user);
  g_assert_cmpstr (path[1], ==, env);
  g_assert_cmpstr (path[2], ==, xdg);
  for (guint i = 0; sys[i] != NULL; i++)
    {
      g_autofree char *d = g_build_filename (sys[i], "datasets", "fashion-mnist", NULL);
      g_assert_true (g_strv_contains ((const char *const *) path, d));
    }

  /* nothing anywhere */
  found = mlp_fashion_mnist_find (user);
  g_assert_null (found);

  /* the XDG data home, files plain */
  make_fake_fashion (xdg, 3, 2, 0x0, -1);
  found = mlp_fashion_mnist_find (user);
  g_assert_cmpstr (found, ==, xdg);
  g_clear_pointer (&found, g_free);

  /* $MLPLAB_DATA_DIR wins over it, with a mix of .gz and plain */
  make_fake_fashion (env, 3, 2, 0x5, -1);
  found = mlp_fashion_mnist_find (user);
  g_assert_cmpstr (found, ==, env);
  g_clear_pointer (&found, g_free);

  /* a user folder missing one file does not count */
  make_fake_fashion (user, 3, 2, 0xf, 3);
  found = mlp_fashion_mnist_find (user);
  g_assert_cmpstr (found, ==, env);
  g_clear_pointer (&found, g_free);

  /* a complete user folder comes first */
  make_fake_fashion (user, 3, 2, 0xf, -1);
  found = mlp_fashion_mnist_find (user);
  g_assert_cmpstr (found, ==, user);
  g_clear_pointer (&found, g_free);
  found = mlp_fashion_mnist_find (NULL);
  g_assert_cmpstr (found, ==, env);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MlpDataset) train = NULL;
    g_autoptr(MlpDataset) test = NULL;

    g_assert_true (mlp_fashion_mnist_load (NULL, &train, &test, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (train->n, ==, 3);
    g_assert_cmpuint (test->n, ==, 2);
    g_assert_cmpuint (train->n_classes, ==, 10);
    g_clear_pointer (&train, mlp_dataset_free);
    g_clear_pointer (&test, mlp_dataset_free);

    g_assert_true (mlp_fashion_mnist_load (user, &train, &test, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (train->n, ==, 3);
  }
  g_unsetenv ("MLPLAB_DATA_DIR");
  test_tmp_remove_tree (xdg);
}

static void
test_not_found (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  MlpDataset *train = NULL, *test = NULL;
  g_auto(GStrv) path = NULL;
  g_autofree char *incomplete = g_build_filename (f->dir, "incomplete", NULL);

  g_assert_null (g_getenv ("MLPLAB_DATA_DIR"));
  path = mlp_fashion_mnist_search_path (NULL);
  g_assert_false (mlp_fashion_mnist_load (NULL, &train, &test, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_NOT_FOUND);
  g_assert_null (train);
  g_assert_null (test);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "apt install dataset-fashion-mnist"));
  for (guint i = 0; path[i] != NULL; i++)
    g_assert_nonnull (strstr (error->message, path[i]));
  g_clear_error (&error);

  /* a folder given explicitly that lacks a file */
  make_fake_fashion (incomplete, 3, 2, 0xf, 2);
  g_assert_false (mlp_fashion_mnist_load (incomplete, &train, &test, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, incomplete));
  g_assert_nonnull (strstr (error->message, "t10k-images-idx3-ubyte"));
  g_assert_null (train);
}

/* A broken training file reports that file, not the test files. */
static void
test_load_error (Fixture *f, gconstpointer data)
{
  g_autofree char *dir = g_build_filename (f->dir, "broken", NULL);
  g_autofree char *labels = NULL;
  g_autoptr(GError) error = NULL;
  MlpDataset *train = NULL, *test = NULL;
  g_autoptr(GByteArray) lab = labels_bytes (4, 10);

  make_fake_fashion (dir, 3, 2, 0x0, -1);
  labels = write_plain (dir, "train-labels-idx1-ubyte", lab->data, lab->len);
  g_assert_false (mlp_fashion_mnist_load (dir, &train, &test, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, labels));
  g_assert_null (train);
  g_assert_null (test);
}

static void
test_real_data (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpDataset) train = NULL;
  g_autoptr(MlpDataset) test = NULL;
  g_autoptr(GTimer) timer = NULL;
  guint counts[MLP_FASHION_MNIST_CLASSES] = { 0, };

  if (!g_file_test (REAL_DATA_DIR "/train-images-idx3-ubyte.gz", G_FILE_TEST_EXISTS))
    {
      g_test_skip ("dataset-fashion-mnist is not installed");
      return;
    }

  timer = g_timer_new ();
  g_assert_true (mlp_fashion_mnist_load (REAL_DATA_DIR, &train, &test, &error));
  g_assert_no_error (error);
  g_test_message ("loaded Fashion-MNIST in %.3f s", g_timer_elapsed (timer, NULL));

  g_assert_cmpuint (train->n, ==, 60000);
  g_assert_cmpuint (test->n, ==, 10000);
  g_assert_cmpuint (train->rows, ==, 28);
  g_assert_cmpuint (train->cols, ==, 28);
  g_assert_cmpuint (test->rows, ==, 28);
  g_assert_cmpuint (test->cols, ==, 28);
  for (gsize i = 0; i < train->n; i++)
    {
      g_assert_cmpuint (train->labels[i], <, 10);
      counts[train->labels[i]]++;
    }
  for (guint c = 0; c < MLP_FASHION_MNIST_CLASSES; c++)
    g_assert_cmpuint (counts[c], ==, 6000);
  memset (counts, 0, sizeof counts);
  for (gsize i = 0; i < test->n; i++)
    {
      g_assert_cmpuint (test->labels[i], <, 10);
      counts[test->labels[i]]++;
    }
  for (guint c = 0; c < MLP_FASHION_MNIST_CLASSES; c++)
    g_assert_cmpuint (counts[c], ==, 1000);
  /* d2l's first training image is an ankle boot, the first test image too */
  g_assert_cmpstr (mlp_fashion_mnist_class_name (train->labels[0]), ==, "ankle boot");
  g_assert_cmpstr (mlp_fashion_mnist_class_name (test->labels[0]), ==, "ankle boot");
}

#define ADD(name, func) \
  g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *xdg = NULL;
  g_autofree char *data_home = NULL;
  g_autofree char *data_dirs = NULL;
  int ret;

  /* Point the XDG data folders somewhere empty before GLib reads (and caches)
   * them, so neither the real data set nor the developer's files are found.
   * (G_TEST_OPTION_ISOLATE_DIRS would do it too, but GLib 2.74 leaks the old
   * values on every test, which fails sanitizer builds.) */
  xdg = g_dir_make_tmp ("mlplab-test-idx-xdg-XXXXXX", &error);
  g_assert_no_error (error);
  data_home = g_build_filename (xdg, "data", NULL);
  data_dirs = g_strdup_printf ("%s/system-data1:%s/system-data2", xdg, xdg);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_DATA_DIRS", data_dirs, TRUE);
  g_unsetenv ("MLPLAB_DATA_DIR");

  g_test_init (&argc, &argv, NULL);

  ADD ("/idx/plain/round-trip", test_plain_round_trip);
  ADD ("/idx/gzip/round-trip", test_gz_round_trip);
  ADD ("/idx/gzip/large", test_gz_large);
  ADD ("/idx/gzip/multi-member", test_gz_multi_member);
  ADD ("/idx/detect-by-content", test_detect_by_content);
  ADD ("/idx/empty-array", test_empty_array);
  ADD ("/idx/bad/magic", test_bad_magic);
  ADD ("/idx/bad/type-code", test_bad_type_code);
  ADD ("/idx/bad/ndims", test_ndims_mismatch);
  ADD ("/idx/bad/truncated-header", test_truncated_header);
  ADD ("/idx/bad/truncated-data", test_truncated_data);
  ADD ("/idx/bad/truncated-gzip-stream", test_truncated_gzip_stream);
  ADD ("/idx/bad/corrupt-gzip", test_corrupt_gzip);
  ADD ("/idx/bad/extra-bytes", test_extra_bytes);
  ADD ("/idx/bad/empty-file", test_empty_file);
  ADD ("/idx/bad/missing-file", test_missing_file);
  ADD ("/idx/bad/folder", test_folder);
  ADD ("/idx/bad/huge-claims", test_huge_claims);
  ADD ("/dataset/load-idx", test_load_idx);
  ADD ("/dataset/count-mismatch", test_count_mismatch);
  ADD ("/dataset/label-out-of-range", test_label_out_of_range);
  ADD ("/dataset/no-images", test_no_images);
  g_test_add_func ("/dataset/fill-batch", test_fill_batch);
  g_test_add_func ("/fashion-mnist/class-names", test_class_names);
  ADD ("/fashion-mnist/search-order", test_search_order);
  ADD ("/fashion-mnist/not-found", test_not_found);
  ADD ("/fashion-mnist/load-error", test_load_error);
  g_test_add_func ("/fashion-mnist/real-data", test_real_data);

  ret = g_test_run ();
  test_tmp_remove_tree (xdg);
  return ret;
}
