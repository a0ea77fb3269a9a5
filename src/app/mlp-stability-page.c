/* mlp-stability-page.c — see mlp-stability-page.h.  Both experiments run on
 * the worker (mlp_deep_run, mlp_explode_run_full: the same code as
 * `mlplab-cli gradients` and `mlplab-cli explode`), honouring Pause and Stop
 * through the engine's cancel hooks; the page draws what comes back.  The
 * deep network's batch comes from the window's data cache, read once. */
#include "mlp-stability-page.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mlp-data-cache.h"
#include "mlp-dataset.h"
#include "mlp-fashion-mnist.h"
#include "mlp-experiments.h"
#include "mlp-figures.h"
#include "mlp-deep.h"

enum { DEEP_SLOT, EXPLODE_SLOT };

struct _MlpStabilityPage {
  MlpSectionPage parent_instance;

  guint        draws;            /* overlaid explode draws so far */

  GtkWidget   *overlay_check;
  GtkWidget   *matrices_label;
  MlpPlotView *sigmoid_view;
  MlpPlotView *deep_view;
  MlpPlotView *explode_view;

  GtkWidget   *depth_spin, *width_spin, *init_dropdown, *activation_dropdown;
  GtkWidget   *size_spin, *steps_spin, *std_dropdown, *std_scale, *seed_spin;
};

G_DEFINE_FINAL_TYPE (MlpStabilityPage, mlp_stability_page, MLP_TYPE_SECTION_PAGE)

static const char *init_ids[] = { "xavier-normal", "normal:1", "normal:0.01", "he", "torch" };

/* ------------------------------------------------------- the cancel hook */

/* the engine's should_stop for both experiments: a checkpoint (Pause waits
 * here, Stop ends the run) that also counts the calls for the progress bar */
typedef struct {
  MlpJob *job;
  guint   calls;      /* so far */
  guint   total;      /* in the whole job */
  double  start;      /* the fraction done before the first call */
} Checkpoints;

static gboolean
checkpoint_should_stop (gpointer data)
{
  Checkpoints *c = data;

  c->calls = MIN (c->calls + 1, c->total);
  mlp_job_set_progress (c->job, c->start + (1.0 - c->start) * c->calls / c->total, NULL);
  return !mlp_job_checkpoint (c->job);
}

/* ------------------------------------------------------ vanishing gradients */

typedef struct {
  MlpDataRequest data;          /* first: freed with mlp_data_request_free;
                                 * without a folder: random inputs */
  MlpDeepConfig  config;
  MlpActivation  first, second;   /* the two activations compared */
} DeepRequest;

G_STATIC_ASSERT (G_STRUCT_OFFSET (DeepRequest, data) == 0);

typedef struct {
  MlpDeepResult *sigmoid, *relu;   /* the first and the second activation */
  MlpActivation  first, second;
} DeepResult;

static void
deep_result_free (gpointer p)
{
  DeepResult *r = p;

  g_clear_pointer (&r->sigmoid, mlp_deep_result_free);
  g_clear_pointer (&r->relu, mlp_deep_result_free);
  g_free (r);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DeepResult, deep_result_free)

/* on the worker: the same deep network with the two activations, one
 * forward and backward pass each */
static gpointer
deep_job (MlpJob *job, gpointer data, GError **error)
{
  DeepRequest *req = data;
  g_autoptr(MlpLoadedData) loaded = NULL;
  g_autoptr(DeepResult) res = g_new0 (DeepResult, 1);
  /* mlp_deep_run calls the hook 2 × depth + 3 times */
  Checkpoints checks = { job, 0, 2 * (2 * req->config.depth + 3), 0.0 };

  if (req->data.data_dir != NULL)
    {
      mlp_job_set_progress (job, 0.0, NULL);
      loaded = mlp_data_request_get (&req->data, error);
      if (loaded == NULL)
        return NULL;
      checks.start = 0.1;
    }
  req->config.should_stop = checkpoint_should_stop;
  req->config.user_data = &checks;
  res->first = req->first;
  res->second = req->second;
  req->config.activation = req->first;
  res->sigmoid = mlp_deep_run (&req->config, loaded ? loaded->train : NULL, error);
  if (res->sigmoid == NULL)
    return NULL;
  req->config.activation = req->second;
  res->relu = mlp_deep_run (&req->config, loaded ? loaded->train : NULL, error);
  if (res->relu == NULL)
    return NULL;
  return g_steal_pointer (&res);
}

static void
deep_done (MlpSectionPage *page, gpointer result, const GError *error)
{
  MlpStabilityPage *self = MLP_STABILITY_PAGE (page);
  DeepResult *res = result;
  g_autoptr(MlpPlot) plot = NULL;
  MlpDeepResult *runs[2];
  const char *names[2];

  if (mlp_section_page_show_error (page, error, self->matrices_label))
    return;
  runs[0] = res->sigmoid;
  runs[1] = res->relu;
  names[0] = mlp_activation_to_string (res->first);
  names[1] = mlp_activation_to_string (res->second);
  plot = mlp_figure_gradient_norms (runs, names, 2);
  mlp_plot_view_set_plot (self->deep_view, plot);
  deep_result_free (res);
}

/* the floating-point operations of both runs, forward and backward */
static double
deep_flops (const MlpDeepConfig *c)
{
  double w = (double) c->width;
  double weights = 784 * w + (c->depth - 1) * w * w + w * 10;

  return 2 * 6 * (double) c->batch * weights;
}

static void
refresh (MlpSectionPage *page)
{
  MlpStabilityPage *self = MLP_STABILITY_PAGE (page);
  DeepRequest *req = g_new0 (DeepRequest, 1);
  guint init = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->init_dropdown));

  mlp_deep_config_init (&req->config);
  mlp_section_page_init_data_request (page, &req->data);
  req->config.depth = (guint) gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->depth_spin));
  req->config.width = (gsize) gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->width_spin));
  req->config.seed = (guint64) gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->seed_spin));
  req->first = (MlpActivation) MIN (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->activation_dropdown)), 3u);
  req->second = mlp_deep_compared_activation (req->first);
  mlp_init_parse (init_ids[MIN (init, G_N_ELEMENTS (init_ids) - 1)], &req->config.init, NULL);
  /* the usual nets take milliseconds and must not wait behind a training
   * run; 30 layers of 1,024 units take seconds: a long job, pausable */
  mlp_section_page_set_slot_lane (page, DEEP_SLOT, deep_flops (&req->config) < 4e9 ? MLP_LANE_QUICK
                                                                                   : MLP_LANE_LONG);
  mlp_section_page_submit (page, DEEP_SLOT, _("Gradients of a deep network"), deep_job, req,
                           mlp_data_request_free, deep_result_free, deep_done);
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
  Checkpoints checks = { job, 0, MAX (req->steps, 1), 0.0 };

  return mlp_explode_run_full (req->size, req->steps, req->std, req->seed, checkpoint_should_stop, &checks,
                               error);
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

  if (mlp_section_page_show_error (page, error, self->matrices_label))
    return;
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
    default: return gtk_range_get_value (GTK_RANGE (self->std_scale));
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
  gtk_widget_set_sensitive (self->std_scale, gtk_drop_down_get_selected (GTK_DROP_DOWN (self->std_dropdown)) == 3);
  mlp_section_page_submit (MLP_SECTION_PAGE (self), EXPLODE_SLOT, _("Multiplying random matrices"),
                           explode_job, req, g_free, (GDestroyNotify) mlp_explode_free, explode_done);
}

static void
on_new_draw (MlpStabilityPage *self)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->seed_spin),
                             gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->seed_spin)) + 1);
}

/* --------------------------------------------------------- the commands */

/* the mlplab-cli gradients and explode commands (two lines) */
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

GtkWidget *
mlp_stability_page_new (MlpWorker *worker, MlpDataCache *cache, const char *data_dir)
{
  MlpStabilityPage *self = g_object_new (MLP_TYPE_STABILITY_PAGE, "worker", worker, "data-cache", cache, NULL);
  g_autoptr(MlpPlot) sigmoid = NULL;

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
mlp_stability_page_class_init (MlpStabilityPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MlpSectionPageClass *page_class = MLP_SECTION_PAGE_CLASS (klass);

  page_class->refresh = refresh;
  page_class->run = run;
  page_class->data_dir_changed = data_dir_changed;
  page_class->dup_command = dup_command;

  mlp_section_page_class_set_template (MLP_SECTION_PAGE_CLASS (klass), "/io/github/mlplab/MlpLab/ui/mlp-stability-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, overlay_check);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, matrices_label);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, sigmoid_view);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, deep_view);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, explode_view);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, depth_spin);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, width_spin);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, init_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, activation_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, size_spin);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, steps_spin);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, std_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, std_scale);
  gtk_widget_class_bind_template_child (widget_class, MlpStabilityPage, seed_spin);
  gtk_widget_class_bind_template_callback (widget_class, deep_changed);
  gtk_widget_class_bind_template_callback (widget_class, run_explode);
  gtk_widget_class_bind_template_callback (widget_class, on_new_draw);
}

static void
mlp_stability_page_init (MlpStabilityPage *self)
{
  MlpSectionPage *page = MLP_SECTION_PAGE (self);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* the main figure (Ctrl+E) first */
  mlp_section_page_add_view (page, self->deep_view, "gradient-norms");
  mlp_section_page_add_view (page, self->sigmoid_view, "sigmoid-gradient");
  mlp_section_page_add_view (page, self->explode_view, "exploding-norms");
  mlp_section_page_set_slot_lane (page, EXPLODE_SLOT, MLP_LANE_QUICK);
}
