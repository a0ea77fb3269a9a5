/* test-program.h — running mlplab-cli from a test: its status, what it
 * printed, and the rules every command's errors follow. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  int    status;   /* the exit status, or -1 when a signal ended it */
  char  *out;
  char  *err;
} Run;

void run_clear (Run *r);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* $MLPLAB_CLI, the program under test (the test aborts without it) */
const char *test_cli_path (void);
/* runs argv (NULL-terminated) with envp (NULL: this process's environment);
 * child_setup (nullable) runs in the child before exec, as g_spawn's */
void run_program_full (Run *r, char **envp, char **argv, GSpawnChildSetupFunc child_setup,
                       gpointer data);
void run_program (Run *r, char **envp, char **argv);
/* mlplab-cli with the arguments, NULL-terminated */
void run_cli (Run *r, const char *first, ...) G_GNUC_NULL_TERMINATED;
guint count_lines (const char *s);
/* non-zero status, nothing on stdout, one line on stderr starting "mlplab-cli" */
void assert_one_line_error (const Run *r);

G_END_DECLS
