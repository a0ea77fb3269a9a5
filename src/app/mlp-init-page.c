/* mlp-init-page.c — see mlp-init-page.h.  The variances come from
 * mlp_deep_run (the same as `mlplab-cli gradients`), the training from the
 * engine's trainer on the data the window's cache read; both on the worker. */
#include "mlp-init-page.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mlp-data-cache.h"
#include "mlp-dataset.h"
#include "mlp-deep.h"
#include "mlp-fashion-mnist.h"
#include "mlp-figures.h"
#include "mlp-trainer.h"

/* the schemes compared: mlp_init_compared, as `mlplab-cli init` */
#define N_SCHEMES MLP_INIT_N_COMPARED

enum { VAR_SLOT, TRAIN_SLOT };

struct _MlpInitPage {
  MlpSectionPage parent_instance;

  char        *result;

  GtkWidget   *train_button;
  GtkWidget   *result_label;
  MlpPlotView *act_view, *grad_view, *loss_view;
  GtkWidget   *activation_dropdown, *depth_spin, *seed_spin;
};

G_DEFINE_FINAL_TYPE (MlpInitPage, mlp_init_page, MLP_TYPE_SECTION_PAGE)

/* ------------------------------------------------------------- variances */

typedef struct {
  MlpDeepConfig config;
} VarRequest;

typedef struct {
  MlpDeepResult *runs[N_SCHEMES];
} VarResult;

static void
var_result_free (gpointer p)
{
  VarResult *r = p;

  for (guint i = 0; i < N_SCHEMES; i++)
    g_clear_pointer (&r->runs[i], mlp_deep_result_free);
  g_free (r);
}

static gpointer
var_job (MlpJob *job, gpointer data, GError **error)
{
  VarRequest *req = data;
  VarResult *res = g_new0 (VarResult, 1);

  for (guint i = 0; i < N_SCHEMES; i++)
    {
      MlpDeepConfig c = req->config;

      if (!mlp_job_checkpoint (job))
        break;
      mlp_init_parse (mlp_init_compared[i], &c.init, NULL);
      res->runs[i] = mlp_deep_run (&c, NULL, error);
      if (res->runs[i] == NULL)
        {
          var_result_free (res);
          return NULL;
        }
      mlp_job_set_progress (job, (i + 1.0) / N_SCHEMES, NULL);
    }
  return res;
}

static void
var_done (MlpSectionPage *page, gpointer result, const GError *error)
{
  MlpInitPage *self = MLP_INIT_PAGE (page);
  VarResult *res = result;
  g_autoptr(MlpPlot) act = NULL;
  g_autoptr(MlpPlot) grad = NULL;

  if (mlp_section_page_show_error (page, error, self->result_label))
    return;
  act = mlp_figure_layer_variances (res->runs, mlp_init_compared, N_SCHEMES, MLP_FIGURE_ACTIVATION_VARIANCE);
  grad = mlp_figure_layer_variances (res->runs, mlp_init_compared, N_SCHEMES, MLP_FIGURE_GRADIENT_VARIANCE);
  mlp_plot_view_set_plot (self->act_view, act);
  mlp_plot_view_set_plot (self->grad_view, grad);
  var_result_free (res);
}

static void
refresh (MlpSectionPage *page)
{
  MlpInitPage *self = MLP_INIT_PAGE (page);
  VarRequest *req = g_new0 (VarRequest, 1);

  mlp_deep_config_init (&req->config);
  req->config.depth = (guint) gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->depth_spin));
  req->config.activation = (MlpActivation) MIN (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->activation_dropdown)), 3u);
  req->config.batch = 128;
  req->config.seed = (guint64) gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->seed_spin));
  mlp_section_page_submit (page, VAR_SLOT, _("Variances per layer"), var_job, req, g_free,
                           var_result_free, var_done);
}

/* -------------------------------------------------------------- training */

typedef struct {
  MlpDataRequest data;          /* first: freed with mlp_data_request_free */
  MlpActivation  activation;
  guint64        seed;
} TrainRequest;

G_STATIC_ASSERT (G_STRUCT_OFFSET (TrainRequest, data) == 0);

typedef struct {
  GArray *x[N_SCHEMES], *loss[N_SCHEMES];
  double  spread;           /* of the constant-init model's hidden units */
  double  val_acc[N_SCHEMES];
} TrainResult;

typedef struct {
  GArray *x, *loss;
} Curve;

static void
train_result_free (gpointer p)
{
  TrainResult *r = p;

  for (guint i = 0; i < N_SCHEMES; i++)
    {
      if (r->x[i])
        g_array_unref (r->x[i]);
      if (r->loss[i])
        g_array_unref (r->loss[i]);
    }
  g_free (r);
}

typedef struct {
  MlpJob *job;
  Curve   curve;
  guint   scheme;
} TrainState;

static gboolean
train_stop (gpointer data)
{
  return !mlp_job_checkpoint (((TrainState *) data)->job);
}

static void
train_batch (const MlpBatchReport *r, gpointer data)
{
  TrainState *s = data;
  double x = (r->epoch - 1) + (r->batch + 1) / (double) r->n_batches;

  g_array_append_val (s->curve.x, x);
  g_array_append_val (s->curve.loss, r->loss);
  mlp_job_set_progress (s->job, (s->scheme + x / 2.0) / N_SCHEMES, mlp_init_compared[s->scheme]);
}

static gpointer
train_job (MlpJob *job, gpointer data, GError **error)
{
  TrainRequest *req = data;
  g_autoptr(MlpLoadedData) loaded = mlp_data_request_get (&req->data, error);
  TrainResult *res;

  if (loaded == NULL)
    return NULL;
  res = g_new0 (TrainResult, 1);
  for (guint i = 0; i < N_SCHEMES; i++)
    {
      g_autoptr(MlpModel) model = NULL;
      MlpModelConfig mc;
      MlpTrainConfig tc;
      MlpTrainResult tr = { 0 };
      TrainState s = { job, { g_array_new (FALSE, FALSE, sizeof (double)), g_array_new (FALSE, FALSE, sizeof (double)) }, i };
      MlpTrainerCallbacks cb = { train_batch, NULL, train_stop, &s };
      gboolean ok;

      mlp_model_config_init (&mc, MLP_MODEL_MLP);
      mc.activation = req->activation;
      mc.seed = req->seed;
      mlp_init_parse (mlp_init_compared[i], &mc.init, NULL);
      model = mlp_model_new (&mc, error);
      mlp_train_config_init (&tc);
      tc.epochs = 2;
      tc.limit_train = 10000;
      tc.limit_val = 2000;
      tc.seed = req->seed;
      res->x[i] = s.curve.x;
      res->loss[i] = s.curve.loss;
      ok = model != NULL &&
           mlp_trainer_fit (model, loaded->train, loaded->test, &tc, &cb, &tr, error);
      if (ok && tr.epochs && tr.epochs->len)
        res->val_acc[i] = g_array_index (tr.epochs, MlpEpochReport, tr.epochs->len - 1).val_acc;
      mlp_train_result_clear (&tr);
      if (ok && g_str_has_prefix (mlp_init_compared[i], "constant"))
        res->spread = mlp_model_hidden_unit_spread (model);
      if (!ok)
        {
          train_result_free (res);
          return NULL;
        }
    }
  return res;
}

static void
train_done (MlpSectionPage *page, gpointer result, const GError *error)
{
  MlpInitPage *self = MLP_INIT_PAGE (page);
  TrainResult *res = result;
  g_autoptr(MlpPlot) plot = mlp_plot_new ();
  g_autoptr(GString) text = g_string_new (NULL);

  gtk_widget_set_sensitive (self->train_button, mlp_section_page_get_data_dir (page) != NULL);
  if (mlp_section_page_show_error (page, error, self->result_label))
    return;
  mlp_plot_set_labels (plot, _("training loss with each initialization"), "epoch", "train_loss");
  mlp_plot_set_xlim (plot, 0, 2);
  for (guint i = 0; i < N_SCHEMES; i++)
    {
      mlp_plot_add_series (plot, mlp_init_compared[i], (double *) res->x[i]->data, (double *) res->loss[i]->data, res->x[i]->len);
      g_string_append_printf (text, "%s: val_acc %.3f\n", mlp_init_compared[i], res->val_acc[i]);
    }
  mlp_plot_view_set_plot (self->loss_view, plot);
  gtk_widget_set_visible (GTK_WIDGET (self->loss_view), TRUE);
  g_string_append_printf (text, _("constant:0.1 — after training all hidden units are still identical: %s "
                                  "(largest difference %.2g)"),
                          res->spread < 1e-6 ? _("yes") : _("no"), res->spread);
  g_free (self->result);
  self->result = g_strdup (text->str);
  gtk_label_set_text (GTK_LABEL (self->result_label), text->str);
  train_result_free (res);
}

void
mlp_init_page_train (MlpInitPage *self)
{
  MlpSectionPage *page = MLP_SECTION_PAGE (self);
  const char *data_dir = mlp_section_page_get_data_dir (page);
  TrainRequest *req;

  if (data_dir == NULL || mlp_section_page_slot_busy (page, TRAIN_SLOT))
    return;
  req = g_new0 (TrainRequest, 1);
  mlp_section_page_init_data_request (page, &req->data);
  req->activation = (MlpActivation) MIN (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->activation_dropdown)), 3u);
  req->seed = (guint64) gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->seed_spin));
  gtk_widget_set_sensitive (self->train_button, FALSE);
  mlp_section_page_submit (page, TRAIN_SLOT, _("Training with each initialization"), train_job, req,
                           mlp_data_request_free, train_result_free, train_done);
}

/* --------------------------------------------------------- the command */

/* the mlplab-cli command that prints the variances shown */
static char *
dup_command (MlpSectionPage *page)
{
  MlpInitPage *self = MLP_INIT_PAGE (page);
  MlpActivation a = (MlpActivation) MIN (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->activation_dropdown)), 3u);

  return g_strdup_printf ("mlplab-cli init --activation %s --depth %.0f --seed %.0f", mlp_activation_to_string (a),
                          gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->depth_spin)),
                          gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->seed_spin)));
}

/* --------------------------------------------------------------- public */

static void
on_setting_changed (MlpInitPage *self)
{
  mlp_section_page_queue_refresh (MLP_SECTION_PAGE (self));
}

static void
data_dir_changed (MlpSectionPage *page)
{
  MlpInitPage *self = MLP_INIT_PAGE (page);
  gboolean have_data = mlp_section_page_get_data_dir (page) != NULL;

  gtk_widget_set_sensitive (self->train_button, have_data && !mlp_section_page_slot_busy (page, TRAIN_SLOT));
  if (!have_data)
    gtk_label_set_text (GTK_LABEL (self->result_label),
                        _("Training needs Fashion-MNIST: apt install dataset-fashion-mnist. "
                          "The variances above need no data."));
}

MlpPlotView *
mlp_init_page_get_view (MlpInitPage *self, const char *name)
{
  if (g_strcmp0 (name, "activations") == 0)
    return self->act_view;
  if (g_strcmp0 (name, "gradients") == 0)
    return self->grad_view;
  return self->loss_view;
}

const char *
mlp_init_page_get_result (MlpInitPage *self)
{
  return self->result;
}

GtkWidget *
mlp_init_page_new (MlpWorker *worker, MlpDataCache *cache, const char *data_dir)
{
  MlpInitPage *self = g_object_new (MLP_TYPE_INIT_PAGE, "worker", worker, "data-cache", cache, NULL);

  mlp_section_page_set_data_dir (MLP_SECTION_PAGE (self), data_dir);
  mlp_section_page_queue_refresh (MLP_SECTION_PAGE (self));
  return GTK_WIDGET (self);
}

/* --------------------------------------------------------------- GObject */

static void
run (MlpSectionPage *page)
{
  mlp_init_page_train (MLP_INIT_PAGE (page));
}

static void
mlp_init_page_finalize (GObject *object)
{
  g_free (MLP_INIT_PAGE (object)->result);
  G_OBJECT_CLASS (mlp_init_page_parent_class)->finalize (object);
}

static void
mlp_init_page_class_init (MlpInitPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MlpSectionPageClass *page_class = MLP_SECTION_PAGE_CLASS (klass);

  object_class->finalize = mlp_init_page_finalize;
  page_class->refresh = refresh;
  page_class->run = run;
  page_class->data_dir_changed = data_dir_changed;
  page_class->dup_command = dup_command;

  mlp_section_page_class_set_template (MLP_SECTION_PAGE_CLASS (klass), "/io/github/mlplab/MlpLab/ui/mlp-init-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MlpInitPage, train_button);
  gtk_widget_class_bind_template_child (widget_class, MlpInitPage, result_label);
  gtk_widget_class_bind_template_child (widget_class, MlpInitPage, act_view);
  gtk_widget_class_bind_template_child (widget_class, MlpInitPage, grad_view);
  gtk_widget_class_bind_template_child (widget_class, MlpInitPage, loss_view);
  gtk_widget_class_bind_template_child (widget_class, MlpInitPage, activation_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MlpInitPage, depth_spin);
  gtk_widget_class_bind_template_child (widget_class, MlpInitPage, seed_spin);
  gtk_widget_class_bind_template_callback (widget_class, on_setting_changed);
}

static void
mlp_init_page_init (MlpInitPage *self)
{
  MlpSectionPage *page = MLP_SECTION_PAGE (self);

  gtk_widget_init_template (GTK_WIDGET (self));
  mlp_section_page_add_view (page, self->act_view, "init-activation-variance");
  mlp_section_page_add_view (page, self->grad_view, "init-gradient-variance");
  mlp_section_page_add_view (page, self->loss_view, "init-training-loss");
  mlp_section_page_set_slot_lane (page, VAR_SLOT, MLP_LANE_QUICK);
}
