/* test-gui-exercises.c — the Exercises sections in-process under Xvfb: each
 * page's Run gives the numbers, figures and answer that its Copy as Command
 * line gives from mlplab-cli (the same engine run, compared number by number
 * through the CLI's JSON), Stop stops a run, and the sections the exercises
 * relate to link to them. */
#include <gtk/gtk.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "gui-support.h"
#include "mlp-exercise-page.h"
#include "mlp-exercise-report.h"
#include "mlp-json-reader.h"
#include "mlp-worker.h"

static gboolean
page_done (gpointer page)
{
  return !mlp_section_page_is_busy (MLP_SECTION_PAGE (page)) &&
         mlp_exercise_page_get_result (MLP_EXERCISE_PAGE (page)) != NULL;
}

static void
set_spin (MlpExercisePage *page, const char *name, double value)
{
  GtkWidget *w = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), MLP_TYPE_EXERCISE_PAGE, name));

  g_assert_nonnull (w);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (w), value);
}

/* small settings that still mean something on the fake data */
static void
small_settings (MlpExercisePage *page)
{
  set_spin (page, "seed_spin", 3);
  set_spin (page, "epochs_spin", 1);
  set_spin (page, "train_spin", 600);
  set_spin (page, "val_spin", 200);
  set_spin (page, "seeds_spin", 2);
  set_spin (page, "passes_spin", 6);
}

/* the page's result against the CLI's JSON for the page's own command */
static void
compare_with_cli (MlpExercisePage *page, const MlpExerciseResult *r)
{
  g_autofree char *dir = g_dir_make_tmp ("mlplab-exercise-XXXXXX", NULL);
  g_autofree char *json_path = g_build_filename (dir, "ex.json", NULL);
  g_autofree char *command = mlp_section_page_dup_command (MLP_SECTION_PAGE (page));
  g_autofree char *quoted = g_shell_quote (json_path);
  g_autofree char *line = g_strdup_printf ("%s --json %s", command, quoted);
  g_autofree char *out = run_cli_line (line);
  g_autofree char *text = NULL;
  g_autoptr(GVariant) doc = NULL;
  g_autoptr(GVariant) numbers = NULL;
  g_autoptr(GError) error = NULL;
  const char *answer = NULL;

  g_assert_true (g_str_has_prefix (command, "mlplab-cli exercise "));
  g_assert_true (g_file_get_contents (json_path, &text, NULL, NULL));
  doc = mlp_json_parse (text, -1, json_path, &error);
  g_assert_no_error (error);
  numbers = g_variant_lookup_value (doc, "numbers", G_VARIANT_TYPE_VARDICT);
  g_assert_nonnull (numbers);
  g_assert_cmpuint (g_variant_n_children (numbers), ==, r->numbers->len);
  for (guint i = 0; i < r->numbers->len; i++)
    {
      const MlpExerciseNumber *n = &g_array_index (r->numbers, MlpExerciseNumber, i);
      g_autoptr(GVariant) v = g_variant_lookup_value (numbers, n->key, NULL);

      g_assert_nonnull (v);
      if (g_variant_is_of_type (v, G_VARIANT_TYPE_DOUBLE))
        {
          if (g_variant_get_double (v) != n->value)
            g_error ("%s: the page has %.17g, the CLI %.17g", n->key, n->value, g_variant_get_double (v));
        }
      else   /* JSON null: NaN or infinity on the page */
        g_assert_false (isfinite (n->value));
    }
  /* the same answer, word for word (C locale on both sides) */
  g_assert_true (g_variant_lookup (doc, "answer", "&s", &answer));
  g_assert_cmpstr (answer, ==, mlp_exercise_page_get_answer (page));
  g_assert_nonnull (strstr (out, mlp_exercise_title (r->id)));
  g_unlink (json_path);
  g_rmdir (dir);
}

static void
test_exercise (gconstpointer data)
{
  MlpExerciseId id = (MlpExerciseId) GPOINTER_TO_UINT (data);
  MlpWindow *win = open_window ();
  g_autofree char *name = g_strdup_printf ("exercise-%s", mlp_exercise_short_name (id));
  MlpExercisePage *page = MLP_EXERCISE_PAGE (show_section (win, name));
  const MlpExerciseResult *r;

  g_assert_cmpint (mlp_exercise_page_get_exercise (page), ==, id);
  g_assert_null (mlp_exercise_page_get_result (page));
  small_settings (page);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "section.run", NULL));
  g_assert_true (wait_for (page_done, page, 120000));
  r = mlp_exercise_page_get_result (page);
  g_assert_cmpuint (r->config.seed, ==, 3);
  g_assert_cmpuint (r->config.epochs, ==, 1);
  g_assert_cmpuint (r->numbers->len, >, 0);
  g_assert_cmpstr (mlp_exercise_page_get_answer (page), !=, "");
  for (guint i = 0; i < mlp_exercise_n_figures (id); i++)
    {
      MlpPlot *plot = mlp_plot_view_get_plot (mlp_exercise_page_get_view (page, i));

      g_assert_nonnull (plot);
      g_assert_true (mlp_plot_get_n_series (plot) > 0 || mlp_plot_get_heatmap (plot, NULL, NULL) != NULL ||
                     mlp_plot_get_n_images (plot) > 0);
    }
  compare_with_cli (page, r);
  close_window (win);
}

static gboolean
page_running (gpointer page)
{
  return mlp_section_page_slot_busy (MLP_SECTION_PAGE (page), 0);
}

static gboolean
page_idle (gpointer page)
{
  return !mlp_section_page_is_busy (MLP_SECTION_PAGE (page));
}

/* Stop (the window's win.stop, the page's Stop button) ends a run; the page
 * keeps no result and can run again */
static void
test_exercise_stop (void)
{
  MlpWindow *win = open_window ();
  MlpExercisePage *page = MLP_EXERCISE_PAGE (show_section (win, "exercise-4"));
  GtkWidget *run_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), MLP_TYPE_EXERCISE_PAGE,
                                                                     "run_button"));

  set_spin (page, "epochs_spin", 200);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "section.run", NULL));
  g_assert_true (wait_for (page_running, page, 5000));
  g_assert_false (gtk_widget_get_sensitive (run_button));
  spin (300);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (win), "win.stop", NULL));
  g_assert_true (wait_for (page_idle, page, 10000));
  g_assert_null (mlp_exercise_page_get_result (page));
  g_assert_true (gtk_widget_get_sensitive (run_button));
  close_window (win);
}

/* without Fashion-MNIST a page says how to get it and cannot run */
static void
test_exercise_no_data (void)
{
  MlpWindow *win = open_window ();
  MlpSectionPage *page = show_section (win, "exercise-1");
  GtkWidget *run_button = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), MLP_TYPE_EXERCISE_PAGE,
                                                                     "run_button"));
  GtkWidget *answer = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page), MLP_TYPE_EXERCISE_PAGE,
                                                                 "answer_label"));

  mlp_section_page_set_data_dir (page, NULL);
  g_assert_false (gtk_widget_get_sensitive (run_button));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (answer)), "dataset-fashion-mnist"));
  mlp_section_page_run (page);
  g_assert_false (mlp_section_page_is_busy (page));
  mlp_section_page_set_data_dir (page, fake_data_dir);
  g_assert_true (gtk_widget_get_sensitive (run_button));
  close_window (win);
}

static gboolean
is_mapped (gpointer widget)
{
  return gtk_widget_get_mapped (widget);
}

/* a button of the section with action win.show-section for target, or NULL */
static GtkWidget *
find_link (GtkWidget *root, const char *target)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ACTIONABLE (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), "win.show-section") == 0)
        {
          GVariant *v = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (child));

          if (v && g_strcmp0 (g_variant_get_string (v, NULL), target) == 0 && gtk_widget_get_visible (child))
            return child;
        }
      if ((found = find_link (child, target)) != NULL)
        return found;
    }
  return NULL;
}

/* the sections an exercise relates to link to it; the link opens it */
static void
test_exercise_links (void)
{
  static const char *const links[][2] = {
    { "stability", "exercise-1" }, { "training", "exercise-2" }, { "training", "exercise-3" },
    { "initialization", "exercise-3" }, { "dropout", "exercise-4" }, { "activations", "exercise-prelu" },
  };
  MlpWindow *win = open_window ();

  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    {
      MlpSectionPage *page = show_section (win, links[i][0]);
      GtkWidget *link = find_link (GTK_WIDGET (page), links[i][1]);

      g_assert_nonnull (link);
      g_signal_emit_by_name (link, "clicked");
      g_assert_true (wait_for (is_mapped, mlp_window_get_page (win, links[i][1]), 5000));
    }
  /* Exercise 4 belongs to the dropout section, not to the MLP one */
  g_assert_null (find_link (GTK_WIDGET (mlp_window_get_page (win, "training")), "exercise-4"));
  close_window (win);
}

int
main (int argc, char **argv)
{
  int status;

  gui_support_init (&argc, &argv);
  for (MlpExerciseId id = MLP_EXERCISE_FIRST; id <= MLP_EXERCISE_LAST; id++)
    {
      g_autofree char *path = g_strdup_printf ("/gui/exercise/%s", mlp_exercise_short_name (id));

      g_test_add_data_func (path, GUINT_TO_POINTER (id), test_exercise);
    }
  g_test_add_func ("/gui/exercise/stop", test_exercise_stop);
  g_test_add_func ("/gui/exercise/no-data", test_exercise_no_data);
  g_test_add_func ("/gui/exercise/links", test_exercise_links);
  status = g_test_run ();
  gui_support_finish ();
  return status;
}
