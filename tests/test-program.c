/* test-program.c — see test-program.h. */
#include "test-program.h"

#include <sys/wait.h>

void
run_clear (Run *r)
{
  g_free (r->out);
  g_free (r->err);
}

const char *
test_cli_path (void)
{
  const char *path = g_getenv ("MLPLAB_CLI");

  if (path == NULL)
    g_error ("set MLPLAB_CLI to the mlplab-cli to test");
  return path;
}

void
run_program_full (Run *r, char **envp, char **argv, GSpawnChildSetupFunc child_setup,
                  gpointer data)
{
  g_autoptr(GError) error = NULL;
  int wait_status;

  g_spawn_sync (NULL, argv, envp, G_SPAWN_DEFAULT, child_setup, data,
                &r->out, &r->err, &wait_status, &error);
  g_assert_no_error (error);
  r->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

void
run_program (Run *r, char **envp, char **argv)
{
  run_program_full (r, envp, argv, NULL, NULL);
}

void
run_cli (Run *r, const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  va_list ap;

  g_ptr_array_add (argv, (gpointer) test_cli_path ());
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  run_program (r, NULL, (char **) argv->pdata);
}

guint
count_lines (const char *s)
{
  guint n = 0;

  for (; *s; s++)
    n += *s == '\n';
  return n;
}

void
assert_one_line_error (const Run *r)
{
  g_assert_cmpint (r->status, !=, 0);
  g_assert_cmpuint (count_lines (r->err), ==, 1);
  g_assert_true (g_str_has_prefix (r->err, "mlplab-cli"));
  g_assert_cmpstr (r->out, ==, "");
}
