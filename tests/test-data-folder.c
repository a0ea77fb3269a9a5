/* test-data-folder.c — a data folder as a user (or a hostile file) may
 * leave it: a FIFO, /dev/zero, a looping link or a folder where an IDX file
 * should be, no folder at all, a file given as the folder, a folder we may
 * not read, images claiming 32768 × 32768 pixels, garbage after the gzip
 * data.  Each gets a message of its own, at once; and a load can be stopped.
 */
#include "mlp-dataset.h"
#include "mlp-error.h"
#include "mlp-fashion-mnist.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "test-data.h"
#include "test-tmp.h"

typedef struct {
  char *dir;      /* a complete, small Fashion-MNIST folder */
  char *images;   /* its train-images-idx3-ubyte.gz */
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = test_tmp_dir_new ("mlplab-test-data-folder");
  test_data_write_fashion_split (f->dir, "train", 60, 1);
  test_data_write_fashion_split (f->dir, "t10k", 20, 2);
  f->images = g_build_filename (f->dir, "train-images-idx3-ubyte.gz", NULL);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  test_tmp_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->images);
}

/* loading dir fails with code and a message that names `names` and says needle */
static void
assert_load_fails (const char *dir, gint code, const char *names, const char *needle)
{
  g_autoptr(GError) error = NULL;
  MlpDataset *train = NULL, *test = NULL;

  g_assert_false (mlp_fashion_mnist_load (dir, &train, &test, &error));
  g_assert_error (error, MLP_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, names));
  g_assert_nonnull (strstr (error->message, needle));
  g_assert_null (strstr (error->message, "has neither"));
  g_assert_null (train);
  g_assert_null (test);
}

/* the data file replaced by something else */
static void
test_not_a_file (Fixture *f, gconstpointer data)
{
  const char *what = data;

  if (!g_test_subprocess ())
    {
      /* a FIFO would block a reader that opens it plainly: a timeout fails the test */
      g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  g_assert_cmpint (g_unlink (f->images), ==, 0);
  if (strcmp (what, "fifo") == 0)
    {
      g_assert_cmpint (mkfifo (f->images, 0600), ==, 0);
      assert_load_fails (f->dir, MLP_ERROR_IO, f->images, "is a named pipe (FIFO), not a regular file");
    }
  else if (strcmp (what, "dev-zero") == 0)
    {
      g_assert_cmpint (symlink ("/dev/zero", f->images), ==, 0);
      assert_load_fails (f->dir, MLP_ERROR_IO, f->images, "is a device, not a regular file");
    }
  else if (strcmp (what, "loop") == 0)
    {
      g_assert_cmpint (symlink (f->images, f->images), ==, 0);
      assert_load_fails (f->dir, MLP_ERROR_IO, f->images, "is a symbolic link that loops");
    }
  else
    {
      g_assert_cmpint (g_mkdir (f->images, 0700), ==, 0);
      assert_load_fails (f->dir, MLP_ERROR_IO, f->images, "is a folder, not a regular file");
    }
}

static void
test_bad_folder (Fixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", NULL);

  assert_load_fails (missing, MLP_ERROR_NOT_FOUND, missing, "no such folder");
  assert_load_fails (f->images, MLP_ERROR_NOT_FOUND, f->images, "is a file, not a folder");
}

static void
load_unreadable (gconstpointer dir)
{
  assert_load_fails (dir, MLP_ERROR_IO, dir, "permission denied");
}

/* a folder we may not read (root may: the check then runs as nobody) */
static void
test_folder_permission (Fixture *f, gconstpointer data)
{
  g_assert_cmpint (g_chmod (f->dir, 0), ==, 0);
  if (!test_run_unprivileged (load_unreadable, f->dir))
    g_test_skip ("running as root, and could not become nobody to test permissions");
}

/* 2 × 32768 × 32768 pixels in a 2 GiB file (a sparse one here): refused
 * from the header, before 2 GiB are read, under a 1 GiB address space */
static void
test_huge_images (Fixture *f, gconstpointer data)
{
  const guint8 header[16] = { 0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0x80, 0, 0, 0, 0x80, 0 };
  g_autofree char *plain = g_build_filename (f->dir, "train-images-idx3-ubyte", NULL);
  int fd;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 20 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  test_limit_address_space ((guint64) 1 << 30);
  g_assert_cmpint (g_unlink (f->images), ==, 0);
  fd = g_open (plain, O_WRONLY | O_CREAT, 0644);
  g_assert_cmpint (write (fd, header, sizeof header), ==, sizeof header);
  g_assert_cmpint (ftruncate (fd, sizeof header + ((goffset) 2 << 30)), ==, 0);
  close (fd);
  assert_load_fails (f->dir, MLP_ERROR_FORMAT, plain, "at most 4096");
}

/* bytes after a complete gzip stream are named as such */
static void
test_trailing_garbage (Fixture *f, gconstpointer data)
{
  g_autofree char *bytes = NULL;
  g_autoptr(GString) more = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (f->images, &bytes, &len, NULL));
  more = g_string_new_len (bytes, (gssize) len);
  g_string_append (more, "garbage after the stream");
  g_assert_true (g_file_set_contents (f->images, more->str, (gssize) more->len, NULL));
  assert_load_fails (f->dir, MLP_ERROR_FORMAT, f->images, "trailing garbage");
}

static gboolean
stop_after (gpointer data)
{
  gint *calls = data;

  return g_atomic_int_add (calls, -1) <= 0;
}

/* a load can be stopped between chunks; the test split alone can be loaded */
static void
test_stop (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpDataset) test = NULL;
  MlpDataset *train = NULL;
  gint calls = 0;

  g_assert_false (mlp_fashion_mnist_load_full (f->dir, stop_after, &calls, &train, &test, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_CANCELLED);
  g_assert_null (train);
  g_assert_null (test);
  g_clear_error (&error);

  g_assert_true (mlp_fashion_mnist_load_full (f->dir, NULL, NULL, NULL, &test, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (test->n, ==, 20);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, data, func) g_test_add (name, Fixture, data, fixture_setup, func, fixture_teardown)
  ADD ("/data-folder/fifo", "fifo", test_not_a_file);
  ADD ("/data-folder/dev-zero", "dev-zero", test_not_a_file);
  ADD ("/data-folder/symlink-loop", "loop", test_not_a_file);
  ADD ("/data-folder/folder-as-file", "folder", test_not_a_file);
  ADD ("/data-folder/bad-folder", NULL, test_bad_folder);
  ADD ("/data-folder/permission", NULL, test_folder_permission);
  ADD ("/data-folder/huge-images", NULL, test_huge_images);
  ADD ("/data-folder/trailing-garbage", NULL, test_trailing_garbage);
  ADD ("/data-folder/stop", NULL, test_stop);
#undef ADD
  return g_test_run ();
}
