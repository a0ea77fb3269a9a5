/* test-tmp.c — see test-tmp.h. */
#include "test-tmp.h"

#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

char *
test_tmp_dir_new (const char *prefix)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpl = g_strconcat (prefix, "-XXXXXX", NULL);
  char *dir = g_dir_make_tmp (tmpl, &error);

  g_assert_no_error (error);
  return dir;
}

void
test_tmp_remove_tree (const char *path)
{
  if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_autoptr(GDir) d = NULL;
      const char *name;

      g_chmod (path, 0700);   /* a test may have taken our permissions away */
      d = g_dir_open (path, 0, NULL);
      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          test_tmp_remove_tree (child);
        }
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

char *
test_tmp_list (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    g_ptr_array_add (names, (gpointer) name);
  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);
  return g_strjoinv (" ", (char **) names->pdata);
}

char *
test_tmp_write (const char *dir, const char *name, const void *bytes, gsize len)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, bytes, (gssize) len, &error);
  g_assert_no_error (error);
  return path;
}

gboolean
test_limit_address_space (guint64 bytes)
{
  const char *preload = g_getenv ("LD_PRELOAD");
  struct rlimit lim = { bytes, bytes };

#ifdef UNDER_ASAN
  return FALSE;
#endif
  if (preload != NULL && strstr (preload, "vgpreload") != NULL)
    return FALSE;
  g_assert_cmpint (setrlimit (RLIMIT_AS, &lim), ==, 0);
  return TRUE;
}

gboolean
test_run_unprivileged (void (*func) (gconstpointer data), gconstpointer data)
{
  int status;
  pid_t pid;

  if (geteuid () != 0)
    {
      func (data);
      return TRUE;
    }
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      if (setgid (65534) != 0 || setuid (65534) != 0)
        _exit (77);
      func (data);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 77)
    return FALSE;
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  return TRUE;
}
