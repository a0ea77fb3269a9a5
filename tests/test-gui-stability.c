/* test-gui-stability.c — the "Numerical stability" section in-process under
 * Xvfb: its figures against the CLI, Pause and Stop of its deep network's
 * job, and the data cache its jobs share with the initialization and
 * dataset sections (one read of the files per data folder). */
#include <gtk/gtk.h>
#include <string.h>

#include "gui-support.h"
#include "mlp-data-cache.h"
#include "mlp-dataset-page.h"
#include "mlp-error.h"
#include "mlp-init-page.h"
#include "mlp-stability-page.h"

static gboolean
stability_ready (gpointer page)
{
  MlpPlotView *deep = mlp_stability_page_get_view (page, "deep");
  MlpPlotView *explode = mlp_stability_page_get_view (page, "explode");

  return !mlp_section_page_is_busy (MLP_SECTION_PAGE (page)) && mlp_plot_view_get_plot (deep) != NULL &&
         mlp_plot_view_get_plot (explode) != NULL;
}

/* numerical stability: the deep sigmoid net's first layer gets a far smaller
 * gradient than ReLU's; the exploding product draws 101 norms */
static void
test_stability_page (void)
{
  MlpWindow *win = open_window ();
  MlpStabilityPage *page = MLP_STABILITY_PAGE (mlp_window_get_page (win, "stability"));
  MlpPlot *deep, *explode;
  const double *sig, *relu;
  gsize n;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (win), "win.show-section", "s", "stability"));
  g_assert_true (wait_for (stability_ready, page, 20000));
  deep = mlp_plot_view_get_plot (mlp_stability_page_get_view (page, "deep"));
  g_assert_cmpuint (mlp_plot_get_n_series (deep), ==, 2);
  sig = mlp_plot_series_get_y (deep, 0, &n);
  g_assert_cmpuint (n, ==, 11);
  relu = mlp_plot_series_get_y (deep, 1, &n);
  g_assert_cmpfloat (sig[0] / sig[10], <, 1e-2 * (relu[0] / relu[10]));
  explode = mlp_plot_view_get_plot (mlp_stability_page_get_view (page, "explode"));
  mlp_plot_series_get_y (explode, 0, &n);
  g_assert_cmpuint (n, ==, 101);
  /* the CLI's explode gives the same norms as the figure */
  if (g_getenv ("MLPLAB_CLI") != NULL)
    {
      g_autofree char *cmds = mlp_section_page_dup_command (MLP_SECTION_PAGE (page));
      g_auto(GStrv) two = g_strsplit (cmds, "\n", 2);
      g_autofree char *line = g_strconcat (two[1], " --csv", NULL);
      g_autofree char *csv = run_cli_line (line);
      g_auto(GStrv) rows = g_strsplit (csv, "\n", -1);
      const double *norms = mlp_plot_series_get_y (explode, 0, &n);

      g_assert_true (g_str_has_prefix (two[0], "mlplab-cli gradients "));
      g_assert_cmpstr (rows[0], ==, "step,norm");
      for (gsize k = 0; k < n; k++)
        {
          double v = g_ascii_strtod (strchr (rows[1 + k], ',') + 1, NULL);

          g_assert_cmpfloat_with_epsilon (v, norms[k], 1e-7 * norms[k]);
        }
    }
  g_assert_cmpuint (mlp_plot_get_n_series (mlp_plot_view_get_plot (mlp_stability_page_get_view (page, "sigmoid"))), ==, 2);
  close_window (win);
}

static gboolean
page_idle (gpointer page)
{
  return !mlp_section_page_is_busy (page);
}

static gboolean
worker_runs_deep (gpointer worker)
{
  return mlp_worker_get_busy (worker) &&
         g_strcmp0 (mlp_worker_get_title (worker), "Gradients of a deep network") == 0;
}

/* the deep job well into its run */
static gboolean
worker_deep_under_way (gpointer worker)
{
  return worker_runs_deep (worker) && mlp_worker_get_fraction (worker) >= 0.3;
}

static gboolean
worker_idle (gpointer worker)
{
  return !mlp_worker_get_busy (worker);
}

/* sets a spin button of a page's form, as typing into it does */
static void
set_spin (MlpSectionPage *page, GType type, const char *name, double value)
{
  GObject *spin = gtk_widget_get_template_child (GTK_WIDGET (page), type, name);

  g_assert_true (GTK_IS_SPIN_BUTTON (spin));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
}

/* Pause holds the deep network's job (30 layers of 1,024 units, seconds of
 * work) at a checkpoint well into its run, and Stop ends it at once with
 * nothing drawn; resumed, the page computes its figure again */
static void
test_stability_pause_stop (void)
{
  MlpWindow *win = open_window ();
  MlpSectionPage *page = show_section (win, "stability");
  MlpPlotView *deep = mlp_stability_page_get_view (MLP_STABILITY_PAGE (page), "deep");
  MlpWorker *worker = mlp_window_get_worker (win);
  g_autoptr(MlpPlot) before = NULL;
  double held;
  gsize n_layers;
  gint64 t0;

  g_assert_true (wait_for (stability_ready, page, 20000));
  g_assert_true (wait_for (worker_idle, worker, 2000));
  before = mlp_plot_ref (mlp_plot_view_get_plot (deep));
  set_spin (page, MLP_TYPE_STABILITY_PAGE, "depth_spin", 30);
  set_spin (page, MLP_TYPE_STABILITY_PAGE, "width_spin", 1024);
  g_assert_true (wait_for (worker_deep_under_way, worker, 20000));
  g_action_group_activate_action (G_ACTION_GROUP (win), "pause", NULL);
  g_assert_true (mlp_worker_get_paused (worker));
  spin (100);
  held = mlp_worker_get_fraction (worker);
  spin (300);
  /* running on, 300 ms would be a tenth of the job: 13 checkpoints */
  g_test_message ("paused at %.3f, 300 ms later %.3f", held, mlp_worker_get_fraction (worker));
  g_assert_cmpfloat (held, >=, 0.0);
  g_assert_cmpfloat (mlp_worker_get_fraction (worker) - held, <, 0.02);
  g_assert_true (worker_runs_deep (worker));
  g_assert_true (mlp_section_page_is_busy (page));
  g_assert_true (mlp_plot_view_get_plot (deep) == before);

  t0 = g_get_monotonic_time ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (win), "win.stop", NULL));
  g_assert_true (wait_for (page_idle, page, 1000));
  g_test_message ("stopped after %.1f ms", (g_get_monotonic_time () - t0) / 1000.0);
  g_assert_true (mlp_plot_view_get_plot (deep) == before);

  g_action_group_activate_action (G_ACTION_GROUP (win), "pause", NULL);
  g_assert_false (mlp_worker_get_paused (worker));
  set_spin (page, MLP_TYPE_STABILITY_PAGE, "width_spin", 128);
  set_spin (page, MLP_TYPE_STABILITY_PAGE, "depth_spin", 5);
  g_assert_true (wait_for (stability_ready, page, 20000));
  g_assert_true (mlp_plot_view_get_plot (deep) != before);
  g_assert_cmpuint (mlp_plot_get_n_series (mlp_plot_view_get_plot (deep)), ==, 2);
  mlp_plot_series_get_y (mlp_plot_view_get_plot (deep), 0, &n_layers);
  g_assert_cmpuint (n_layers, ==, 6);
  close_window (win);
}

typedef struct {
  MlpWindow  *win;
  const char *dir;
} DataDirIs;

static gboolean
data_dir_is (gpointer data)
{
  DataDirIs *d = data;

  return g_strcmp0 (mlp_window_get_data_dir (d->win), d->dir) == 0;
}

/* The sections share one read of the data set: the stability page's second
 * run, the dataset browser and the initialization's training read no file;
 * another data folder is read anew, once */
static void
test_stability_data_cache (void)
{
  MlpWindow *win = open_window ();
  MlpSectionPage *stability = show_section (win, "stability");
  MlpPlotView *deep = mlp_stability_page_get_view (MLP_STABILITY_PAGE (stability), "deep");
  MlpDataCache *cache = mlp_section_page_get_data_cache (stability);
  GSettings *settings = mlp_application_get_settings (app);
  g_autofree char *other = make_fake_data (1500, 300);
  DataDirIs moved = { win, other }, back = { win, fake_data_dir };
  g_autoptr(MlpPlot) first = NULL;
  MlpSectionPage *page;

  g_assert_true (wait_for (stability_ready, stability, 20000));
  g_assert_cmpuint (mlp_data_cache_get_n_loads (cache), ==, 1);
  first = mlp_plot_ref (mlp_plot_view_get_plot (deep));
  mlp_section_page_queue_refresh (stability);
  g_assert_true (wait_for (stability_ready, stability, 20000));
  g_assert_true (mlp_plot_view_get_plot (deep) != first);
  g_assert_cmpuint (mlp_data_cache_get_n_loads (cache), ==, 1);

  page = show_section (win, "dataset");
  g_assert_true (mlp_section_page_get_data_cache (page) == cache);
  g_assert_true (wait_for (dataset_loaded, page, 10000));
  g_assert_cmpuint (mlp_dataset_page_get_n_shown (MLP_DATASET_PAGE (page)), ==, 2000);
  page = show_section (win, "initialization");
  g_assert_true (wait_for (page_idle, page, 20000));
  mlp_init_page_train (MLP_INIT_PAGE (page));
  g_assert_true (wait_for (page_idle, page, 60000));
  g_assert_nonnull (strstr (mlp_init_page_get_result (MLP_INIT_PAGE (page)), "identical: yes"));
  g_assert_cmpuint (mlp_data_cache_get_n_loads (cache), ==, 1);

  /* another folder: read when the stability page is next shown, then shared */
  g_settings_set_string (settings, "data-folder", other);
  g_assert_true (wait_for (data_dir_is, &moved, 2000));
  g_assert_true (show_section (win, "stability") == stability);
  g_assert_true (wait_for (stability_ready, stability, 20000));
  g_assert_cmpuint (mlp_data_cache_get_n_loads (cache), ==, 2);
  page = show_section (win, "dataset");
  g_assert_true (wait_for (dataset_loaded, page, 10000));
  g_assert_cmpuint (mlp_dataset_page_get_n_shown (MLP_DATASET_PAGE (page)), ==, 1500);
  g_assert_cmpuint (mlp_data_cache_get_n_loads (cache), ==, 2);

  g_settings_reset (settings, "data-folder");
  g_assert_true (wait_for (data_dir_is, &back, 2000));
  close_window (win);
  test_data_remove_fashion (other);
}

typedef struct {
  MlpDataCache  *cache;
  const char    *dir;
  MlpLoadedData *got;
} CacheGet;

static gpointer
cache_get_thread (gpointer data)
{
  CacheGet *g = data;

  g->got = mlp_data_cache_get (g->cache, g->dir, NULL);
  return NULL;
}

/* the data cache alone: two threads asking for one folder share one read of
 * it; another folder is read anew while the old data live on in their
 * holders; after drop the folder is read again; a failed read keeps nothing */
static void
test_data_cache (void)
{
  g_autoptr(MlpDataCache) cache = mlp_data_cache_new ();
  g_autofree char *other = make_fake_data (300, 100);
  CacheGet a = { cache, fake_data_dir, NULL }, b = { cache, fake_data_dir, NULL };
  GThread *ta = g_thread_new ("cache-a", cache_get_thread, &a);
  GThread *tb = g_thread_new ("cache-b", cache_get_thread, &b);
  g_autoptr(MlpLoadedData) again = NULL, moved = NULL, reread = NULL;
  g_autoptr(GError) error = NULL;

  g_thread_join (ta);
  g_thread_join (tb);
  g_assert_nonnull (a.got);
  g_assert_true (a.got == b.got);
  g_assert_cmpuint (mlp_data_cache_get_n_loads (cache), ==, 1);
  g_assert_cmpuint (a.got->train->n, ==, 2000);
  again = mlp_data_cache_get (cache, fake_data_dir, &error);
  g_assert_true (again == a.got);
  g_assert_cmpuint (mlp_data_cache_get_n_loads (cache), ==, 1);

  moved = mlp_data_cache_get (cache, other, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (moved->train->n, ==, 300);
  g_assert_cmpuint (a.got->test->n, ==, 400);
  g_assert_cmpuint (mlp_data_cache_get_n_loads (cache), ==, 2);

  mlp_data_cache_drop (cache);
  reread = mlp_data_cache_get (cache, other, &error);
  g_assert_true (reread != NULL && reread != moved);
  g_assert_cmpuint (mlp_data_cache_get_n_loads (cache), ==, 3);

  g_assert_null (mlp_data_cache_get (cache, "/nonexistent/mlplab-data", &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_NOT_FOUND);
  g_assert_cmpuint (mlp_data_cache_get_n_loads (cache), ==, 3);
  mlp_loaded_data_unref (a.got);
  mlp_loaded_data_unref (b.got);
  test_data_remove_fashion (other);
}

int
main (int argc, char **argv)
{
  int status;

  gui_support_init (&argc, &argv);
  g_test_add_func ("/gui/stability", test_stability_page);
  g_test_add_func ("/gui/stability/pause-stop", test_stability_pause_stop);
  g_test_add_func ("/gui/stability/data-cache", test_stability_data_cache);
  g_test_add_func ("/gui/data-cache", test_data_cache);
  status = g_test_run ();
  gui_support_finish ();
  return status;
}
