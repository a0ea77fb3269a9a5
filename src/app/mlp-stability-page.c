/* mlp-stability-page.c — see mlp-stability-page.h.  Both experiments run on
 * the worker (mlp_deep_run, mlp_explode_run: the same code as
 * `mlplab-cli gradients` and `mlplab-cli explode`); the page draws what
 * comes back. */
#include "mlp-stability-page.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mlp-dataset.h"
#include "mlp-fashion-mnist.h"
#include "mlp-experiments.h"
#include "mlp-figures.h"
#include "mlp-deep.h"

enum { DEEP_SLOT, EXPLODE_SLOT };

struct _MlpStabilityPage {
  MlpSectionPage parent_instance;

  guint        draws;            /* overlaid explode draws so far */

  GtkWidget   *controls;
  GtkWidget   *controls_separator;
  GtkWidget   *deep_grid;
  GtkWidget   *explode_grid;
  GtkWidget   *draw_button;
  GtkWidget   *overlay_check;
  GtkWidget   *matrices_label;
  MlpPlotView *sigmoid_view;
  MlpPlotView *deep_view;
  MlpPlotView *explode_view;

  GtkWidget   *depth_spin, *width_spin, *init_dropdown, *activation_dropdown;
  GtkWidget   *size_spin, *steps_spin, *std_dropdown, *std_spin, *seed_spin;
};

G_DEFINE_FINAL_TYPE (MlpStabilityPage, mlp_stability_page, MLP_TYPE_SECTION_PAGE)

static void deep_changed (MlpStabilityPage *self);

static const char *init_ids[] = { "xavier-normal", "normal:1", "normal:0.01", "he", "torch" };

/* ------------------------------------------------------ vanishing gradients */

typedef struct {
  char          *data_dir;
  MlpDeepConfig  config;
  MlpActivation  first, second;   /* the two activations compared */
} DeepRequest;

typedef struct {
  MlpDeepResult *sigmoid, *relu;   /* the first and the second activation */
  MlpActivation  first, second;
} DeepResult;

static void
deep_request_free (gpointer p)
{
  DeepRequest *r = p;

  g_free (r->data_dir);
  g_free (r);
}

static void
deep_result_free (gpointer p)
{
  DeepResult *r = p;

  g_clear_pointer (&r->sigmoid, mlp_deep_result_free);
  g_clear_pointer (&r->relu, mlp_deep_result_free);
  g_free (r);
}

static gpointer
deep_job (MlpJob *job, gpointer data, GError **error)
{
  DeepRequest *req = data;
  g_autoptr(MlpDataset) train = NULL, test = NULL;
  DeepResult *res = g_new0 (DeepResult, 1);

  if (req->data_dir != NULL && !mlp_fashion_mnist_load (req->data_dir, &train, &test, error))
    {
      g_free (res);
      return NULL;
    }
  mlp_job_set_progress (job, 0.3, NULL);
  res->first = req->first;
  res->second = req->second;
  req->config.activation = req->first;
  res->sigmoid = mlp_deep_run (&req->config, train, error);
  req->config.activation = req->second;
  res->relu = res->sigmoid ? mlp_deep_run (&req->config, train, error) : NULL;
  if (res->relu == NULL)
    {
      deep_result_free (res);
      return NULL;
    }
  return res;
}

static void
deep_done (MlpSectionPage *page, gpointer result, const GError *error)
{
  MlpStabilityPage *self = MLP_STABILITY_PAGE (page);
  DeepResult *res = result;
  g_autoptr(MlpPlot) plot = NULL;
  g_autofree double *layers = NULL;
  g_autofree char *title = NULL;
  MlpDeepResult *runs[2];
  const char *names[2];

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->matrices_label), error->message);
      return;
    }
  runs[0] = res->sigmoid;
  runs[1] = res->relu;
  names[0] = mlp_activation_to_string (res->first);
  names[1] = mlp_activation_to_string (res->second);
  plot = mlp_plot_new ();
  layers = g_new (double, res->sigmoid->n_layers);
  for (guint l = 0; l < res->sigmoid->n_layers; l++)
    layers[l] = l + 1;
  title = g_strdup (_("gradient norms"));
  mlp_plot_set_labels (plot, title, _("layer (1 = input side)"), _("‖∂loss/∂W‖"));
  mlp_plot_set_yscale (plot, MLP_AXIS_LOG);
  for (guint r = 0; r < 2; r++)
    {
      guint s = mlp_plot_add_series (plot, names[r], layers, runs[r]->grad_norm, runs[r]->n_layers);

      mlp_plot_series_set_style (plot, s, r == 0 ? MLP_LINE_SOLID : MLP_LINE_DASHED, NULL, 0, MLP_MARKER_CIRCLE);
    }
  mlp_plot_view_set_plot (self->deep_view, plot);
  deep_result_free (res);
}

static void
refresh (MlpSectionPage *page)
{
  MlpStabilityPage *self = MLP_STABILITY_PAGE (page);
  DeepRequest *req = g_new0 (DeepRequest, 1);
  guint init = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->init_dropdown));

  mlp_deep_config_init (&req->config);
  req->data_dir = g_strdup (mlp_section_page_get_data_dir (page));
  req->config.depth = (guint) gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->depth_spin));
  req->config.width = (gsize) gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->width_spin));
  req->config.seed = (guint64) gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->seed_spin));
  req->first = (MlpActivation) MIN (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->activation_dropdown)), 3u);
  /* compared with ReLU, or ReLU with sigmoid */
  req->second = req->first == MLP_ACTIVATION_RELU ? MLP_ACTIVATION_SIGMOID : MLP_ACTIVATION_RELU;
  mlp_init_parse (init_ids[MIN (init, G_N_ELEMENTS (init_ids) - 1)], &req->config.init, NULL);
  mlp_section_page_submit (page, DEEP_SLOT, _("Gradients of a deep network"), deep_job, req,
                           deep_request_free, deep_result_free, deep_done);
}

/* ----------------------------------------------------- exploding gradients */

typedef struct {
  guint   size, steps;
  double  std;
  guint64 seed;
} ExplodeRequest;

static gpointer
explode_job (MlpJob *job, gpointer data, GError **error)
{
  ExplodeRequest *req = data;

  return mlp_explode_run (req->size, req->steps, req->std, req->seed, error);
}

static void
append_matrix (GString *out, const float *m, guint n)
{
  gboolean sci = FALSE;

  for (guint i = 0; i < n * n; i++)
    if (!isfinite (m[i]) || (m[i] != 0 && (fabsf (m[i]) >= 1e4f || fabsf (m[i]) < 1e-3f)))
      sci = TRUE;
  g_string_append (out, "<tt>");
  for (guint r = 0; r < n && r < 8; r++)
    {
      for (guint c = 0; c < n && c < 8; c++)
        {
          float v = m[r * n + c];

          if (isinf (v))
            g_string_append_printf (out, "%11s", v > 0 ? "inf" : "-inf");
          else if (sci)
            g_string_append_printf (out, "%11.2e", v);
          else
            g_string_append_printf (out, "%8.3f", v);
        }
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "</tt>");
}

static void
explode_done (MlpSectionPage *page, gpointer result, const GError *error)
{
  MlpStabilityPage *self = MLP_STABILITY_PAGE (page);
  MlpExplodeResult *r = result;
  g_autoptr(GString) text = g_string_new (NULL);
  MlpPlot *current = mlp_plot_view_get_plot (self->explode_view);
  gboolean overlay = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->overlay_check));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->matrices_label), error->message);
      return;
    }
  if (overlay && current != NULL && self->draws > 0 && mlp_plot_get_n_series (current) < 12)
    {
      g_autofree double *steps = g_new (double, r->steps + 1);
      g_autofree char *label = g_strdup_printf (_("seed %lu, std %g"), (unsigned long) r->seed, r->std);

      for (guint k = 0; k <= r->steps; k++)
        steps[k] = k;
      mlp_plot_add_series (current, label, steps, r->norms, r->steps + 1);
      mlp_plot_set_legend (current, TRUE);
      mlp_plot_view_plot_changed (self->explode_view);
      self->draws++;
    }
  else
    {
      g_autoptr(MlpPlot) plot = mlp_figure_explode (r);

      mlp_plot_view_set_plot (self->explode_view, plot);
      self->draws = 1;
    }
  g_string_append_printf (text, "<b>%s</b>\n", _("a single matrix"));
  append_matrix (text, r->first, r->size);
  g_string_append_printf (text, "\n<b>%s</b>\n", _("after all the multiplications"));
  append_matrix (text, r->product, r->size);
  gtk_label_set_markup (GTK_LABEL (self->matrices_label), text->str);
  mlp_explode_free (r);
}

static double
std_for (MlpStabilityPage *self, guint size)
{
  switch (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->std_dropdown)))
    {
    case 0: return 1.0;                                /* the notebook */
    case 1: return sqrt (2.0 / (size + size));         /* Xavier */
    case 2: return 1.0 / sqrt ((double) size);         /* 1/√n */
    default: return gtk_range_get_value (GTK_RANGE (self->std_spin));
    }
}

static void
run_explode (MlpStabilityPage *self)
{
  ExplodeRequest *req = g_new0 (ExplodeRequest, 1);

  req->size = (guint) gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->size_spin));
  req->steps = (guint) gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->steps_spin));
  req->std = std_for (self, req->size);
  req->seed = (guint64) gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->seed_spin));
  gtk_widget_set_sensitive (self->std_spin, gtk_drop_down_get_selected (GTK_DROP_DOWN (self->std_dropdown)) == 3);
  mlp_section_page_submit (MLP_SECTION_PAGE (self), EXPLODE_SLOT, _("Multiplying random matrices"),
                           explode_job, req, g_free, (GDestroyNotify) mlp_explode_free, explode_done);
}

static void
on_new_draw (MlpStabilityPage *self)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->seed_spin),
                             gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->seed_spin)) + 1);
}

/* ------------------------------------------------------------- controls */

static GtkWidget *
add_row (GtkWidget *grid, int row, const char *label, GtkWidget *widget)
{
  GtkWidget *l = gtk_label_new_with_mnemonic (label);

  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (l), widget);
  gtk_widget_set_hexpand (widget, TRUE);
  gtk_grid_attach (GTK_GRID (grid), l, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), widget, 1, row, 1, 1);
  return widget;
}

static void
build_controls (MlpStabilityPage *self)
{
  const char *inits[] = { _("Xavier normal"), _("N(0, 1)"), _("N(0, 0.01²)"), _("He normal"), _("PyTorch default"), NULL };
  const char *stds[] = { _("1 (the notebook)"), _("Xavier √(2/(n+n))"), _("1/√n"), _("Custom"), NULL };

  self->depth_spin = add_row (self->deep_grid, 0, _("_Depth"), gtk_spin_button_new_with_range (2, 30, 1));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->depth_spin), 10);
  self->width_spin = add_row (self->deep_grid, 1, _("_Width"), gtk_spin_button_new_with_range (4, 1024, 16));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->width_spin), 128);
  self->init_dropdown = add_row (self->deep_grid, 2, _("_Init"), gtk_drop_down_new_from_strings (inits));
  {
    const char *activations[] = { _("ReLU"), _("PReLU"), _("Sigmoid"), _("Tanh"), NULL };

    self->activation_dropdown = add_row (self->deep_grid, 3, _("_Activation"), gtk_drop_down_new_from_strings (activations));
    gtk_drop_down_set_selected (GTK_DROP_DOWN (self->activation_dropdown), 2);
    gtk_widget_set_tooltip_text (self->activation_dropdown, _("Compared with ReLU (or, for ReLU, with sigmoid)"));
  }

  self->size_spin = add_row (self->explode_grid, 0, _("Matrix si_ze"), gtk_spin_button_new_with_range (1, 64, 1));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->size_spin), 4);
  self->steps_spin = add_row (self->explode_grid, 1, _("Multi_plications"), gtk_spin_button_new_with_range (1, 1000, 10));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->steps_spin), 100);
  self->std_dropdown = add_row (self->explode_grid, 2, _("_Std"), gtk_drop_down_new_from_strings (stds));
  self->std_spin = add_row (self->explode_grid, 3, _("_Custom std"), gtk_scale_new_with_range (GTK_ORIENTATION_HORIZONTAL, 0.01, 3, 0.01));
  gtk_scale_set_draw_value (GTK_SCALE (self->std_spin), TRUE);
  gtk_scale_set_digits (GTK_SCALE (self->std_spin), 2);
  gtk_range_set_value (GTK_RANGE (self->std_spin), 0.7);
  self->seed_spin = add_row (self->explode_grid, 4, _("S_eed"), gtk_spin_button_new_with_range (0, 1e9, 1));

  g_signal_connect_swapped (self->depth_spin, "value-changed", G_CALLBACK (deep_changed), self);
  g_signal_connect_swapped (self->width_spin, "value-changed", G_CALLBACK (deep_changed), self);
  g_signal_connect_swapped (self->init_dropdown, "notify::selected", G_CALLBACK (deep_changed), self);
  g_signal_connect_swapped (self->activation_dropdown, "notify::selected", G_CALLBACK (deep_changed), self);
  g_signal_connect_swapped (self->size_spin, "value-changed", G_CALLBACK (run_explode), self);
  g_signal_connect_swapped (self->steps_spin, "value-changed", G_CALLBACK (run_explode), self);
  g_signal_connect_swapped (self->std_dropdown, "notify::selected", G_CALLBACK (run_explode), self);
  g_signal_connect_swapped (self->std_spin, "value-changed", G_CALLBACK (run_explode), self);
  g_signal_connect_swapped (self->seed_spin, "value-changed", G_CALLBACK (run_explode), self);
  g_signal_connect_swapped (self->seed_spin, "value-changed", G_CALLBACK (deep_changed), self);
  g_signal_connect_swapped (self->draw_button, "clicked", G_CALLBACK (on_new_draw), self);
  {
    GtkWidget *copy = gtk_button_new_with_mnemonic (_("Copy as Co_mmand"));

    gtk_widget_set_tooltip_text (copy, _("Copy the mlplab-cli gradients and explode commands that compute these figures"));
    gtk_actionable_set_action_name (GTK_ACTIONABLE (copy), "section.copy-command");
    gtk_grid_attach (GTK_GRID (self->explode_grid), copy, 0, 5, 2, 1);
  }
}

/* --------------------------------------------------------- the commands */

static char *
dup_command (MlpSectionPage *page)
{
  MlpStabilityPage *self = MLP_STABILITY_PAGE (page);
  const char *data_dir = mlp_section_page_get_data_dir (page);
  guint size = (guint) gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->size_spin));
  char std[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *data = data_dir ? g_shell_quote (data_dir) : NULL;

  g_ascii_formatd (std, sizeof std, "%.9g", std_for (self, size));
  return g_strdup_printf ("mlplab-cli gradients --activation %s --depth %.0f --width %.0f --init %s --seed %.0f%s%s\n"
                          "mlplab-cli explode --size %u --steps %.0f --std %s --seed %.0f",
                          mlp_activation_to_string ((MlpActivation) MIN (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->activation_dropdown)), 3u)),
                          gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->depth_spin)),
                          gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->width_spin)),
                          init_ids[MIN (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->init_dropdown)), G_N_ELEMENTS (init_ids) - 1)],
                          gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->seed_spin)),
                          data ? " --data " : " --random", data ? data : "",
                          size, gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->steps_spin)), std,
                          gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->seed_spin)));
}

char *
mlp_stability_page_dup_command (MlpStabilityPage *self)
{
  return mlp_section_page_dup_command (MLP_SECTION_PAGE (self));
}

/* --------------------------------------------------------------- public */

/* the deep experiment reads the data set: only once somebody looks */
static void
deep_changed (MlpStabilityPage *self)
{
  mlp_section_page_queue_refresh (MLP_SECTION_PAGE (self));
}

static void
data_dir_changed (MlpSectionPage *page)
{
  mlp_section_page_queue_refresh (page);
}

MlpPlotView *
mlp_stability_page_get_view (MlpStabilityPage *self, const char *name)
{
  if (g_strcmp0 (name, "sigmoid") == 0)
    return self->sigmoid_view;
  if (g_strcmp0 (name, "deep") == 0)
    return self->deep_view;
  return self->explode_view;
}

gboolean
mlp_stability_page_is_busy (MlpStabilityPage *self)
{
  return mlp_section_page_is_busy (MLP_SECTION_PAGE (self));
}

GtkWidget *
mlp_stability_page_new (MlpWorker *worker, const char *data_dir)
{
  MlpStabilityPage *self = g_object_new (MLP_TYPE_STABILITY_PAGE, "worker", worker, NULL);
  g_autoptr(MlpPlot) sigmoid = NULL;

  build_controls (self);
  /* the notebook's figure: sigmoid and its gradient with a legend */
  sigmoid = mlp_figure_activation (MLP_ACTIVATION_SIGMOID, 0.25f, MLP_ACTIVATION_FROM, MLP_ACTIVATION_TO,
                                   MLP_ACTIVATION_STEP, MLP_FIGURE_BOTH, FALSE, NULL);
  mlp_plot_view_set_plot (self->sigmoid_view, sigmoid);
  mlp_section_page_set_data_dir (MLP_SECTION_PAGE (self), data_dir);
  run_explode (self);
  return GTK_WIDGET (self);
}

/* --------------------------------------------------------------- GObject */

static void
run (MlpSectionPage *page)
{
  on_new_draw (MLP_STABILITY_PAGE (page));
}

static void
mlp_stability_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MLP_TYPE_STABILITY_PAGE);
  G_OBJECT_CLASS (mlp_stability_page_parent_class)->dispose (object);
}

static void
mlp_stability_page_class_init (MlpStabilityPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MlpSectionPageClass *page_class = MLP_SECTION_PAGE_CLASS (klass);

  object_class->dispose = mlp_stability_page_dispose;
  page_class->refresh = refresh;
  page_class->run = run;
  page_class->data_dir_changed = data_dir_changed;
  page_class->dup_command = dup_command;

  g_type_ensure (MLP_TYPE_PLOT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mlplab/MlpLab/ui/mlp-stability-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, controls);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, controls_separator);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, deep_grid);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, explode_grid);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, draw_button);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, overlay_check);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, matrices_label);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, sigmoid_view);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, deep_view);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, explode_view);
}

static void
mlp_stability_page_init (MlpStabilityPage *self)
{
  MlpSectionPage *page = MLP_SECTION_PAGE (self);

  gtk_widget_init_template (GTK_WIDGET (self));
  mlp_section_page_set_controls (page, self->controls, self->controls_separator);
  /* the main figure (Ctrl+E) first */
  mlp_section_page_add_view (page, self->deep_view, "gradient-norms");
  mlp_section_page_add_view (page, self->sigmoid_view, "sigmoid-gradient");
  mlp_section_page_add_view (page, self->explode_view, "exploding-norms");
  mlp_section_page_set_slot_lane (page, DEEP_SLOT, MLP_LANE_QUICK);
  mlp_section_page_set_slot_lane (page, EXPLODE_SLOT, MLP_LANE_QUICK);
}
