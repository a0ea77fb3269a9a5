/* test-files.c — what the engine does with the paths it is given, for
 * every reader and writer alike: a FIFO, a device, a folder or a looping
 * link where a file should be gives a clear error at once (never a read that
 * blocks); a save never replaces a write-protected file, keeps the mode of
 * the file it replaces, writes through a symbolic link, and leaves no
 * temporary file behind even when the process is killed in the middle.
 */
#include "mlp-error.h"
#include "mlp-file-private.h"
#include "mlp-idx.h"
#include "mlp-json-writer.h"
#include "mlp-safetensors.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "test-tmp.h"

typedef struct {
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = test_tmp_dir_new ("mlplab-test-files");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  test_tmp_remove_tree (f->dir);
  g_free (f->dir);
}

static MlpStateDict *
sample_state (float value)
{
  MlpStateDict *sd = mlp_state_dict_new ();
  g_autoptr(MlpTensor) t = mlp_tensor_new_2d (3, 4);

  for (gsize i = 0; i < t->numel; i++)
    t->data[i] = value + (float) i;
  mlp_state_dict_add (sd, "W", t);
  return sd;
}

/* ---------------------------------------------------------------------------
 * Reading
 * ------------------------------------------------------------------------- */

/* Every reader refuses path with MLP_ERROR_IO (or _NOT_FOUND) and a message
 * that names it and says `needle`. */
static void
assert_unreadable (const char *path, gint code, const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpStateDict) sd = mlp_safetensors_load (path, &error);
  guint8 *data = NULL;

  g_assert_null (sd);
  g_assert_error (error, MLP_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, needle));
  g_clear_error (&error);

  g_assert_false (mlp_idx_read_u8 (path, 1, NULL, &data, NULL, &error));
  g_assert_error (error, MLP_ERROR, code);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, needle));
  g_assert_null (data);
}

/* Opening a FIFO for reading waits for a writer: the readers must not.  Run
 * in a subprocess, so that a reader that blocks fails the test by timeout
 * instead of hanging it. */
static void
test_read_fifo (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "x.safetensors", NULL);

  if (g_test_subprocess ())
    {
      g_assert_cmpint (mkfifo (path, 0600), ==, 0);
      assert_unreadable (path, MLP_ERROR_IO, "is a named pipe (FIFO), not a regular file");
      return;
    }
  g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
}

static void
test_read_special (Fixture *f, gconstpointer data)
{
  g_autofree char *zero = g_build_filename (f->dir, "zero.safetensors", NULL);
  g_autofree char *folder = g_build_filename (f->dir, "folder.safetensors", NULL);
  g_autofree char *loop_a = g_build_filename (f->dir, "a.safetensors", NULL);
  g_autofree char *loop_b = g_build_filename (f->dir, "b.safetensors", NULL);
  g_autofree char *dangling = g_build_filename (f->dir, "dangling.safetensors", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.safetensors", NULL);

  g_assert_cmpint (symlink ("/dev/zero", zero), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (symlink (loop_b, loop_a), ==, 0);
  g_assert_cmpint (symlink (loop_a, loop_b), ==, 0);
  g_assert_cmpint (symlink ("nowhere", dangling), ==, 0);

  assert_unreadable ("/dev/zero", MLP_ERROR_IO, "is a device, not a regular file");
  assert_unreadable (zero, MLP_ERROR_IO, "is a device, not a regular file");
  assert_unreadable (folder, MLP_ERROR_IO, "is a folder, not a regular file");
  assert_unreadable (loop_a, MLP_ERROR_IO, "is a symbolic link that loops");
  assert_unreadable (dangling, MLP_ERROR_NOT_FOUND, "is a symbolic link to a file that does not exist");
  assert_unreadable (missing, MLP_ERROR_NOT_FOUND, "no such file");
}

static void
read_unreadable (gconstpointer path)
{
  assert_unreadable (path, MLP_ERROR_IO, "permission denied");
}

/* a file we may not read (root may: the check then runs as nobody) */
static void
test_read_permission (Fixture *f, gconstpointer data)
{
  g_autofree char *path = test_tmp_write (f->dir, "secret.safetensors", "12345678", 8);

  g_assert_cmpint (g_chmod (path, 0), ==, 0);
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
  if (!test_run_unprivileged (read_unreadable, path))
    g_test_skip ("running as root, and could not become nobody to test permissions");
}

/* ---------------------------------------------------------------------------
 * Writing: the same rules for checkpoints and JSON
 * ------------------------------------------------------------------------- */

typedef gboolean (*SaveFunc) (const char *path, float value, GError **error);

static gboolean
save_checkpoint (const char *path, float value, GError **error)
{
  g_autoptr(MlpStateDict) sd = sample_state (value);

  return mlp_safetensors_save (path, sd, error);
}

static gboolean
save_json (const char *path, float value, GError **error)
{
  g_autoptr(MlpJsonWriter) w = mlp_json_writer_new (MLP_JSON_LINE);

  mlp_json_writer_begin_object (w);
  mlp_json_writer_member_float (w, "value", value);
  mlp_json_writer_end_object (w);
  return mlp_json_writer_save (w, path, error);
}

static const SaveFunc savers[] = { save_checkpoint, save_json };

static GBytes *
contents (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;
  gsize len = 0;

  g_file_get_contents (path, &text, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (text, len);
}

static void
assert_save_fails (SaveFunc save, const char *path, const char *needle)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (save (path, 2.0f, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_IO);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, needle));
  g_assert_null (strstr (error->message, ".mlplab-"));
}

/* as cp: a file without write permission is not replaced, even by root */
static void
test_write_protected (Fixture *f, gconstpointer data)
{
  for (guint i = 0; i < G_N_ELEMENTS (savers); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/protected-%u", f->dir, i);
      g_autoptr(GBytes) before = NULL, after = NULL;
      g_autofree char *listing = NULL;
      struct stat st;

      g_assert_true (savers[i] (path, 1.0f, NULL));
      g_assert_cmpint (g_chmod (path, 0444), ==, 0);
      before = contents (path);
      assert_save_fails (savers[i], path, "is write-protected");
      after = contents (path);
      g_assert_true (g_bytes_equal (before, after));
      g_assert_cmpint (g_stat (path, &st), ==, 0);
      g_assert_cmpint (st.st_mode & 07777, ==, 0444);
      g_unlink (path);
      listing = test_tmp_list (f->dir);
      g_assert_cmpstr (listing, ==, "");
    }
}

static void
test_write_keeps_mode (Fixture *f, gconstpointer data)
{
  const guint modes[] = { 0600, 0640, 0604 };

  for (guint i = 0; i < G_N_ELEMENTS (savers); i++)
    for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
      {
        g_autofree char *path = g_strdup_printf ("%s/mode-%u-%u", f->dir, i, m);
        g_autoptr(GError) error = NULL;
        g_autoptr(GBytes) first = NULL, second = NULL;
        struct stat st;

        g_assert_true (savers[i] (path, 1.0f, NULL));
        first = contents (path);
        g_assert_cmpint (g_chmod (path, modes[m]), ==, 0);
        g_assert_true (savers[i] (path, 2.0f, &error));
        g_assert_no_error (error);
        second = contents (path);
        g_assert_false (g_bytes_equal (first, second));
        g_assert_cmpint (g_stat (path, &st), ==, 0);
        g_assert_cmpint (st.st_mode & 07777, ==, modes[m]);
      }
}

/* a save through a link replaces the file it points at; the link stays */
static void
test_write_through_symlink (Fixture *f, gconstpointer data)
{
  g_autofree char *real_dir = g_build_filename (f->dir, "real", NULL);

  g_assert_cmpint (g_mkdir (real_dir, 0700), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (savers); i++)
    {
      g_autofree char *target = g_strdup_printf ("%s/target-%u", real_dir, i);
      g_autofree char *link = g_strdup_printf ("%s/link-%u", f->dir, i);
      g_autofree char *relative = g_strdup_printf ("real/target-%u", i);
      g_autofree char *listing = NULL, *expected = NULL;
      g_autoptr(GBytes) first = NULL, via_link = NULL, via_target = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (savers[i] (target, 1.0f, NULL));
      first = contents (target);
      g_assert_cmpint (symlink (relative, link), ==, 0);
      g_assert_true (savers[i] (link, 2.0f, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_test (link, G_FILE_TEST_IS_SYMLINK));
      via_link = contents (link);
      via_target = contents (target);
      g_assert_true (g_bytes_equal (via_link, via_target));
      g_assert_false (g_bytes_equal (first, via_target));
      listing = test_tmp_list (real_dir);
      expected = i == 0 ? g_strdup ("target-0") : g_strdup ("target-0 target-1");
      g_assert_cmpstr (listing, ==, expected);
    }
}

/* what cannot be replaced is refused at once, without blocking */
static void
test_write_bad_targets (Fixture *f, gconstpointer data)
{
  g_autofree char *fifo = g_build_filename (f->dir, "fifo", NULL);
  g_autofree char *folder = g_build_filename (f->dir, "folder", NULL);
  g_autofree char *loop_a = g_build_filename (f->dir, "loop-a", NULL);
  g_autofree char *loop_b = g_build_filename (f->dir, "loop-b", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", "x", NULL);
  g_autofree char *under_file = g_build_filename (f->dir, "plain", "x", NULL);
  g_autofree char *plain = test_tmp_write (f->dir, "plain", "x", 1);

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 10 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  g_assert_cmpint (symlink (loop_b, loop_a), ==, 0);
  g_assert_cmpint (symlink (loop_a, loop_b), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (savers); i++)
    {
      assert_save_fails (savers[i], fifo, "is a named pipe (FIFO), not a regular file");
      assert_save_fails (savers[i], folder, "is a folder, not a regular file");
      assert_save_fails (savers[i], loop_a, "is a symbolic link that loops");
      assert_save_fails (savers[i], missing, "does not exist");
      assert_save_fails (savers[i], under_file, "is not a folder");
      assert_save_fails (savers[i], "/dev/null", "is a device, not a regular file");
    }
  g_assert_true (g_file_test (fifo, G_FILE_TEST_EXISTS));
}

/* ---------------------------------------------------------------------------
 * A save killed in the middle
 * ------------------------------------------------------------------------- */

static int pause_fd = -1;

/* in the child: tell the parent the data is written, then wait to be killed */
static void
pause_before_commit (const char *tmp_path)
{
  char c = tmp_path != NULL ? 'n' : 'u';

  if (write (pause_fd, &c, 1) != 1)
    _exit (3);
  for (;;)
    pause ();
}

/* The child saves over path and is SIGKILLed between writing and renaming:
 * path keeps its old contents, an unnamed temporary file leaves nothing, a
 * named one is removed by the next save. */
static void
check_killed_save (const char *dir, const char *path, gboolean use_tmpfile)
{
  g_autoptr(GBytes) before = contents (path), after = NULL;
  g_autofree char *listing = NULL;
  g_autoptr(GError) error = NULL;
  int fds[2], status;
  char c = 0;
  pid_t pid;

  g_assert_cmpint (pipe (fds), ==, 0);
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      close (fds[0]);
      pause_fd = fds[1];
      _mlp_file_writer_use_tmpfile = use_tmpfile;
      _mlp_file_writer_before_commit = pause_before_commit;
      save_checkpoint (path, 9.0f, NULL);
      _exit (2);
    }
  close (fds[1]);
  g_assert_cmpint (read (fds[0], &c, 1), ==, 1);
  close (fds[0]);

  listing = test_tmp_list (dir);
  g_test_message ("during the save (%s temporary file): %s", c == 'u' ? "unnamed" : "named", listing);
  if (c == 'u')
    g_assert_cmpstr (listing, ==, "x.safetensors");
  else
    g_assert_true (g_str_has_prefix (listing, ".x.safetensors.mlplab-"));
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFSIGNALED (status));

  after = contents (path);
  g_assert_true (g_bytes_equal (before, after));
  _mlp_file_writer_use_tmpfile = use_tmpfile;
  g_assert_true (save_checkpoint (path, 3.0f, &error));
  g_assert_no_error (error);
  _mlp_file_writer_use_tmpfile = TRUE;
  g_clear_pointer (&listing, g_free);
  listing = test_tmp_list (dir);
  g_assert_cmpstr (listing, ==, "x.safetensors");
}

static void
test_write_killed (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "x.safetensors", NULL);

  g_assert_true (save_checkpoint (path, 1.0f, NULL));
  check_killed_save (f->dir, path, TRUE);
  check_killed_save (f->dir, path, FALSE);
}

/* another process's save in progress is left alone; a dead one's is not,
 * nor one of another target's */
/* the PID of a process that has ended: a child that exits at once,
 * forked before anything is allocated (valgrind counts what a child
 * leaves at _exit as lost) */
static pid_t
ended_process (void)
{
  int status;
  pid_t pid = fork ();

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    _exit (0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  return pid;
}

static void
test_write_stale_temps (Fixture *f, gconstpointer data)
{
  pid_t pid = ended_process ();
  g_autofree char *path = g_build_filename (f->dir, "x.safetensors", NULL);
  g_autofree char *live = g_strdup_printf (".x.safetensors.mlplab-%d-abcdef", (int) getppid ());
  g_autofree char *other = g_strdup_printf (".y.safetensors.mlplab-%d-abcdef", 999999);
  g_autofree char *dead = NULL, *expected = NULL, *listing = NULL;
  g_autofree char *p1 = NULL, *p2 = NULL, *p3 = NULL;

  dead = g_strdup_printf (".x.safetensors.mlplab-%d-ghijkl", (int) pid);
  p1 = test_tmp_write (f->dir, live, "a", 1);
  p2 = test_tmp_write (f->dir, dead, "b", 1);
  p3 = test_tmp_write (f->dir, other, "c", 1);

  g_assert_true (save_checkpoint (path, 1.0f, NULL));
  listing = test_tmp_list (f->dir);
  expected = g_strdup_printf ("%s %s x.safetensors", live, other);
  g_assert_cmpstr (listing, ==, expected);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/files/read/fifo", test_read_fifo);
  ADD ("/files/read/special", test_read_special);
  ADD ("/files/read/permission", test_read_permission);
  ADD ("/files/write/protected", test_write_protected);
  ADD ("/files/write/keeps-mode", test_write_keeps_mode);
  ADD ("/files/write/through-symlink", test_write_through_symlink);
  ADD ("/files/write/bad-targets", test_write_bad_targets);
  ADD ("/files/write/killed", test_write_killed);
  ADD ("/files/write/stale-temps", test_write_stale_temps);
#undef ADD
  return g_test_run ();
}
