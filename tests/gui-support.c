/* gui-support.c — see gui-support.h. */
#include "gui-support.h"

#include <glib/gstdio.h>
#include <string.h>

#include "mlp-dataset-page.h"
#include "test-data.h"

MlpApplication *app;
char *fake_data_dir;

static gboolean
wake_up (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* iterate the main loop until cond holds or timeout_ms passed */
gboolean
wait_for (gboolean (*cond) (gpointer), gpointer data, guint timeout_ms)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (timeout_ms, wake_up, &timed_out);

  while (!cond (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (id);
  return cond (data);
}

void
spin (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, wake_up, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* runs mlplab-cli (MLPLAB_CLI) with a command line; returns its stdout */
char *
run_cli_line (const char *line)
{
  g_autofree char *full = g_strconcat (g_getenv ("MLPLAB_CLI"), line + strlen ("mlplab-cli"), NULL);
  g_auto(GStrv) argv = NULL;
  char *out = NULL;
  int status;

  g_assert_true (g_shell_parse_argv (full, NULL, &argv, NULL));
  g_assert_true (g_spawn_sync (NULL, argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static gboolean
is_mapped (gpointer w)
{
  return gtk_widget_get_mapped (GTK_WIDGET (w));
}

MlpWindow *
open_window (void)
{
  MlpWindow *win = mlp_window_new (app);

  gtk_window_present (GTK_WINDOW (win));
  g_assert_true (wait_for (is_mapped, win, 5000));
  return win;
}

/* shows a section, as clicking it in the sidebar does; (transfer none) */
MlpSectionPage *
show_section (MlpWindow *win, const char *name)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (win), "win.show-section", "s", name));
  return MLP_SECTION_PAGE (mlp_window_get_page (win, name));
}

static gboolean
is_null (gpointer p)
{
  return *(gpointer *) p == NULL;
}

/* destroys the window and checks that it (and with it the worker) is gone */
void
close_window (MlpWindow *win)
{
  gpointer weak = win;

  g_object_add_weak_pointer (G_OBJECT (win), &weak);
  gtk_window_destroy (GTK_WINDOW (win));
  g_assert_true (wait_for (is_null, &weak, 5000));
}

/* a folder with a small data set of n_train and n_test images; (transfer full) */
char *
make_fake_data (guint n_train, guint n_test)
{
  char *dir = g_dir_make_tmp ("mlplab-gui-data-XXXXXX", NULL);

  g_assert_nonnull (dir);
  test_data_write_fashion_split (dir, "train", n_train, 1);
  test_data_write_fashion_split (dir, "t10k", n_test, 2);
  return dir;
}

gboolean
dataset_loaded (gpointer page)
{
  return mlp_dataset_page_get_n_shown (page) > 0;
}

void
gui_support_init (int *argc, char ***argv)
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* the sections that need data get a small data set the test writes; it
   * comes first in the search order */
  fake_data_dir = make_fake_data (2000, 400);
  g_setenv ("MLPLAB_DATA_DIR", fake_data_dir, TRUE);
  gtk_test_init (argc, argv, NULL);

  app = mlp_application_new (G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
}

void
gui_support_finish (void)
{
  g_clear_object (&app);
  test_data_remove_fashion (fake_data_dir);
  g_clear_pointer (&fake_data_dir, g_free);
}
