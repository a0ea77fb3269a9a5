/* mlp-activations-page.c — the activation functions lab.
 *
 * Every change of a control sends one job to the worker, which builds the
 * figure with the shared figure builders (src/plot/mlp-figures.c, the same
 * code as `mlplab-cli plot activations`) from the engine's autograd; the
 * finished MlpPlot is handed to the plot view on the main thread.  A newer
 * request cancels an older one that has not finished.
 *
 * With PReLU chosen, "Learn the Slope" trains the chapter's MLP with PReLU
 * (the prelu exercise, mlp-exercise-prelu.h, on a smaller setting: 2 epochs
 * on the first 10,000 training images) on the worker's long lane with the
 * window's data cache, and shows the learned curve against the initial
 * slope and ReLU (the exercise's "learned-curve" figure).
 */
#include "mlp-activations-page.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mlp-error.h"
#include "mlp-exercise-report.h"
#include "mlp-experiments.h"
#include "mlp-figures.h"
#include "mlp-plot-view.h"
#include "mlp-settings.h"

struct _MlpActivationsPage {
  MlpSectionPage parent_instance;

  GtkWidget   *function_dropdown;
  GtkWidget   *show_dropdown;
  GtkWidget   *analytic_check;
  GtkWidget   *formula_label;
  GtkWidget   *prelu_box;
  GtkAdjustment *alpha_adjustment;
  GtkWidget   *alpha_scale;
  GtkWidget   *family_check;
  GtkWidget   *family_entry;
  GtkWidget   *grad_alpha_check;
  GtkWidget   *learn_button;
  GtkWidget   *learn_label;
  GtkWidget   *from_spin;
  GtkWidget   *to_spin;
  GtkWidget   *step_spin;
  GtkWidget   *points_label;
  MlpPlotView *plot_view;
};

G_DEFINE_FINAL_TYPE (MlpActivationsPage, mlp_activations_page, MLP_TYPE_SECTION_PAGE)

enum { FIGURE_SLOT, LEARN_SLOT };

/* the smaller setting of the page's run of the prelu exercise, so that it
 * takes a few seconds while a class watches */
#define LEARN_EPOCHS 2
#define LEARN_TRAIN  10000
#define LEARN_VAL    2000

/* the window's settings, or NULL; (transfer none) */
static GSettings *
settings_of (MlpActivationsPage *self)
{
  return mlp_section_page_get_settings (MLP_SECTION_PAGE (self));
}

/* the drop-downs' items (NULL-terminated): the values of their GSettings
 * keys, and the words of the export name and the job's title */
static const char *const function_ids[] = { "relu", "prelu", "sigmoid", "tanh", NULL };
static const char *const show_ids[] = { "function", "gradient", "both", NULL };

/* ------------------------------------------------------------ the job */

typedef struct {
  MlpActivation  function;
  float          alpha;
  double         from, to, step;
  MlpFigureParts parts;
  gboolean       analytic;
  gboolean       family;
  gboolean       grad_alpha;
  GArray        *alphas;       /* double */
} ActivationRequest;

typedef struct {
  MlpPlot *plot;
  gsize    points;
} ActivationResult;

static void
request_free (gpointer p)
{
  ActivationRequest *r = p;

  g_clear_pointer (&r->alphas, g_array_unref);
  g_free (r);
}

/* frees a job's result that begins with its figure and owns nothing else
 * (ActivationResult, LearnResult) */
static void
plot_result_free (gpointer p)
{
  MlpPlot **plot = p;

  g_clear_pointer (plot, mlp_plot_unref);
  g_free (p);
}

/* on the worker thread */
static gpointer
activation_job (MlpJob *job, gpointer data, GError **error)
{
  ActivationRequest *req = data;
  ActivationResult *res;
  MlpPlot *plot;

  mlp_job_set_progress (job, 0.0, NULL);
  if (req->function == MLP_ACTIVATION_PRELU && (req->family || req->grad_alpha))
    {
      double one = req->alpha;
      const double *alphas = req->family ? (const double *) req->alphas->data : &one;
      guint n = req->family ? req->alphas->len : 1;

      plot = mlp_figure_prelu_family (alphas, n, req->from, req->to, req->step,
                                      req->grad_alpha ? MLP_FIGURE_GRAD_ALPHA : req->parts, error);
    }
  else
    plot = mlp_figure_activation (req->function, req->alpha, req->from, req->to, req->step,
                                  req->parts, req->analytic, error);
  if (plot == NULL)
    return NULL;
  mlp_job_set_progress (job, 1.0, NULL);

  res = g_new0 (ActivationResult, 1);
  res->plot = plot;
  if (mlp_plot_get_n_series (plot) > 0)
    mlp_plot_series_get_x (plot, 0, &res->points);
  return res;
}

/* on the main thread */
static void
activation_done (MlpSectionPage *page, gpointer result, const GError *error)
{
  MlpActivationsPage *self = MLP_ACTIVATIONS_PAGE (page);
  ActivationResult *res = result;
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (error != NULL)
    {
      g_autofree char *markup = g_markup_printf_escaped ("<span foreground=\"#c01c28\">%s</span>",
                                                        error->message);
      gtk_label_set_markup (GTK_LABEL (self->points_label), markup);
      return;
    }
  text = g_strdup_printf (ngettext ("%lu point, gradients from backward()",
                                    "%lu points, gradients from backward()",
                                    (unsigned long) res->points),
                          (unsigned long) res->points);
  mlp_plot_view_set_plot (self->plot_view, res->plot);
  gtk_label_set_text (GTK_LABEL (self->points_label), text);
  plot_result_free (res);
}

static GArray *
parse_alphas (const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text, ",; ", -1);
  GArray *alphas = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *end;
      double v;

      if (*parts[i] == '\0')
        continue;
      v = g_ascii_strtod (parts[i], &end);
      if (*end == '\0' && isfinite (v) && fabs (v) <= 100 && alphas->len < 16)
        g_array_append_val (alphas, v);
    }
  return alphas;
}

static const char *
formula_markup (MlpActivation f)
{
  switch (f)
    {
    case MLP_ACTIVATION_RELU:
      return _("ReLU(<i>x</i>) = max(<i>x</i>, 0)\n"
               "d/d<i>x</i> ReLU(<i>x</i>) = 1 if <i>x</i> &gt; 0, else 0");
    case MLP_ACTIVATION_PRELU:
      return _("pReLU(<i>x</i>) = max(0, <i>x</i>) + <i>α</i> min(0, <i>x</i>)\n"
               "∂f/∂<i>x</i> = 1 if <i>x</i> &gt; 0, else <i>α</i>\n"
               "∂f/∂<i>α</i> = min(0, <i>x</i>)");
    case MLP_ACTIVATION_SIGMOID:
      return _("sigmoid(<i>x</i>) = 1 / (1 + e<sup>−<i>x</i></sup>)\n"
               "d/d<i>x</i> sigmoid(<i>x</i>) = sigmoid(<i>x</i>) (1 − sigmoid(<i>x</i>))");
    case MLP_ACTIVATION_TANH:
      return _("tanh(<i>x</i>) = (1 − e<sup>−2<i>x</i></sup>) / (1 + e<sup>−2<i>x</i></sup>)\n"
               "d/d<i>x</i> tanh(<i>x</i>) = 1 − tanh<sup>2</sup>(<i>x</i>)");
    default:
      return "";
    }
}

static void
refresh (MlpSectionPage *page)
{
  MlpActivationsPage *self = MLP_ACTIVATIONS_PAGE (page);
  ActivationRequest *req;
  guint function = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->function_dropdown));
  guint show = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->show_dropdown));
  g_autofree char *title = NULL;
  g_autofree char *export_name = NULL;

  if (function >= G_N_ELEMENTS (function_ids) - 1 || show >= G_N_ELEMENTS (show_ids) - 1)
    return;

  req = g_new0 (ActivationRequest, 1);
  req->function = (MlpActivation) function;
  req->alpha = (float) gtk_adjustment_get_value (self->alpha_adjustment);
  req->from = gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->from_spin));
  req->to = gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->to_spin));
  req->step = gtk_spin_button_get_value (GTK_SPIN_BUTTON (self->step_spin));
  req->parts = show == 0 ? MLP_FIGURE_FUNCTION : show == 1 ? MLP_FIGURE_GRADIENT : MLP_FIGURE_BOTH;
  req->analytic = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->analytic_check));
  req->family = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->family_check));
  req->grad_alpha = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->grad_alpha_check));
  req->alphas = parse_alphas (gtk_editable_get_text (GTK_EDITABLE (self->family_entry)));
  if (req->family && req->alphas->len == 0)
    req->family = FALSE;

  gtk_label_set_markup (GTK_LABEL (self->formula_label), formula_markup (req->function));
  gtk_widget_set_visible (self->prelu_box, req->function == MLP_ACTIVATION_PRELU);
  gtk_widget_set_sensitive (self->family_entry, req->family);
  gtk_widget_set_sensitive (self->alpha_scale, !req->family);
  gtk_widget_set_sensitive (self->analytic_check, req->parts != MLP_FIGURE_FUNCTION);
  export_name = g_strdup_printf ("%s-%s", function_ids[function], show_ids[show]);
  mlp_plot_view_set_export_name (self->plot_view, export_name);

  /* Translators: the job shown in the status area, e.g. "Computing sigmoid" */
  title = g_strdup_printf (_("Computing %s"), function_ids[function]);
  mlp_section_page_submit (page, FIGURE_SLOT, title, activation_job, req, request_free, plot_result_free,
                           activation_done);
}

static void
on_changed (MlpActivationsPage *self)
{
  mlp_section_page_queue_refresh (MLP_SECTION_PAGE (self));
}

static void
on_family_entry_changed (MlpActivationsPage *self)
{
  g_autoptr(GArray) alphas = parse_alphas (gtk_editable_get_text (GTK_EDITABLE (self->family_entry)));
  GSettings *settings = settings_of (self);

  if (settings != NULL && alphas->len > 0)
    {
      GVariant *v = g_variant_new_fixed_array (G_VARIANT_TYPE_DOUBLE, alphas->data, alphas->len, sizeof (double));

      g_settings_set_value (settings, "prelu-family-alphas", v);
    }
  on_changed (self);
}

static void
on_reset_clicked (MlpActivationsPage *self)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->from_spin), -8.0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->to_spin), 8.0);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->step_spin), 0.1);
}

/* the slopes of prelu-family-alphas in their entry */
static void
show_family_alphas (MlpActivationsPage *self)
{
  g_autoptr(GVariant) alphas = g_settings_get_value (settings_of (self), "prelu-family-alphas");
  g_autoptr(GString) text = g_string_new (NULL);
  gsize n;
  const double *a = g_variant_get_fixed_array (alphas, &n, sizeof (double));

  for (gsize i = 0; i < n; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (text, "%s%s", i ? ", " : "", g_ascii_formatd (buf, sizeof buf, "%g", a[i]));
    }
  /* showing the key is no edit to write back into it */
  g_signal_handlers_block_by_func (self->family_entry, on_family_entry_changed, self);
  gtk_editable_set_text (GTK_EDITABLE (self->family_entry), text->str);
  g_signal_handlers_unblock_by_func (self->family_entry, on_family_entry_changed, self);
}

/* GSettings strings ↔ drop-down positions */
static void
bind_settings (MlpActivationsPage *self)
{
  GSettings *settings = settings_of (self);

  mlp_settings_bind_choice (settings, "activation-function", self->function_dropdown, function_ids);
  mlp_settings_bind_choice (settings, "activation-show", self->show_dropdown, show_ids);
  g_settings_bind (settings, "activation-analytic", self->analytic_check, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "activation-from", self->from_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "activation-to", self->to_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "activation-step", self->step_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "prelu-alpha", self->alpha_adjustment, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "prelu-family", self->family_check, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "prelu-show-grad-alpha", self->grad_alpha_check, "active", G_SETTINGS_BIND_DEFAULT);

  show_family_alphas (self);
}

/* the schema's defaults for the section's keys, which the bound controls
 * follow, and the slopes' entry shows again */
static void
reset (MlpSectionPage *page)
{
  MlpActivationsPage *self = MLP_ACTIVATIONS_PAGE (page);
  static const char *keys[] = { "activation-function", "activation-show", "activation-analytic",
                                "activation-from", "activation-to", "activation-step", "prelu-alpha",
                                "prelu-family", "prelu-family-alphas", "prelu-show-grad-alpha" };
  GSettings *settings = settings_of (self);

  if (settings == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
  show_family_alphas (self);
}

/* ------------------------------------------------------ learn the slope */

typedef struct {
  MlpDataRequest data;          /* first: freed with mlp_data_request_free */
} LearnRequest;

G_STATIC_ASSERT (G_STRUCT_OFFSET (LearnRequest, data) == 0);

typedef struct {
  MlpPlot *plot;                /* the exercise's learned-curve figure */
  double   slope, lo, hi;       /* shared.slope, channel.slope_min, channel.slope_max */
  guint    epochs;
  gsize    images;              /* training images used */
} LearnResult;

G_STATIC_ASSERT (G_STRUCT_OFFSET (ActivationResult, plot) == 0);
G_STATIC_ASSERT (G_STRUCT_OFFSET (LearnResult, plot) == 0);

/* on the worker thread: the prelu exercise on the smaller setting */
static gpointer
learn_job (MlpJob *job, gpointer data, GError **error)
{
  LearnRequest *req = data;
  g_autoptr(MlpLoadedData) loaded = mlp_data_request_get (&req->data, error);
  g_autoptr(MlpExerciseResult) r = NULL;
  MlpExerciseConfig c;
  LearnResult *res;

  if (loaded == NULL)
    return NULL;
  mlp_exercise_config_init (&c);
  c.epochs = LEARN_EPOCHS;
  c.limit_train = LEARN_TRAIN;
  c.limit_val = LEARN_VAL;
  c.progress = mlp_job_progress_hook;
  c.should_stop = mlp_job_stop_hook;
  c.user_data = job;
  r = mlp_exercise_run (MLP_EXERCISE_PRELU, &c, loaded->train, loaded->test, error);
  if (r == NULL)
    return NULL;
  res = g_new0 (LearnResult, 1);
  res->plot = mlp_exercise_figure (r, 2);
  res->slope = mlp_exercise_result_number (r, "shared.slope");
  res->lo = mlp_exercise_result_number (r, "channel.slope_min");
  res->hi = mlp_exercise_result_number (r, "channel.slope_max");
  res->epochs = r->config.epochs;
  res->images = MIN (r->config.limit_train, loaded->train->n);
  return res;
}

/* the button: sensitive with data and no run under way; why not, if not */
static void
update_learn_button (MlpActivationsPage *self)
{
  MlpSectionPage *page = MLP_SECTION_PAGE (self);
  gboolean have_data = mlp_section_page_get_data_dir (page) != NULL;

  gtk_widget_set_sensitive (self->learn_button, have_data && !mlp_section_page_slot_busy (page, LEARN_SLOT));
  gtk_widget_set_tooltip_text (self->learn_button, have_data ?
                               _("Train the chapter's MLP with PReLU and plot the curve with the slope it learned") :
                               _("Learning the slope needs Fashion-MNIST: apt install dataset-fashion-mnist"));
}

/* what the line under the button says before a run: what a run does, or
 * that it needs the data */
static void
show_learn_intro (MlpActivationsPage *self)
{
  g_autofree char *text = NULL;

  if (mlp_section_page_get_data_dir (MLP_SECTION_PAGE (self)) == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->learn_label),
                          _("Learning the slope needs Fashion-MNIST: apt install dataset-fashion-mnist."));
      return;
    }
  text = g_strdup_printf (_("Trains the chapter's MLP with PReLU for %u epochs on the first %u training "
                            "images, with one slope for the layer and with one per unit, then plots the "
                            "learned curve."), LEARN_EPOCHS, LEARN_TRAIN);
  gtk_label_set_text (GTK_LABEL (self->learn_label), text);
}

static void
data_dir_changed (MlpSectionPage *page)
{
  MlpActivationsPage *self = MLP_ACTIVATIONS_PAGE (page);

  update_learn_button (self);
  if (!mlp_section_page_slot_busy (page, LEARN_SLOT))
    show_learn_intro (self);
}

/* on the main thread */
static void
learn_done (MlpSectionPage *page, gpointer result, const GError *error)
{
  MlpActivationsPage *self = MLP_ACTIVATIONS_PAGE (page);
  LearnResult *res = result;
  g_autofree char *text = NULL;

  update_learn_button (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_error_matches (error, MLP_ERROR, MLP_ERROR_CANCELLED))
    {
      show_learn_intro (self);   /* stopped: nothing learned to show */
      return;
    }
  if (mlp_section_page_show_error (page, error, self->learn_label))
    return;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Learned slope %.2f after %u epoch on %lu images (from 0.25); "
                                       "one slope per unit: %.2f … %.2f.",
                                       "Learned slope %.2f after %u epochs on %lu images (from 0.25); "
                                       "one slope per unit: %.2f … %.2f.", res->epochs),
                          res->slope, res->epochs, (unsigned long) res->images, res->lo, res->hi);
  gtk_label_set_text (GTK_LABEL (self->learn_label), text);
  /* the figure only while PReLU is still the chosen function */
  if (gtk_drop_down_get_selected (GTK_DROP_DOWN (self->function_dropdown)) == MLP_ACTIVATION_PRELU)
    {
      mlp_plot_view_set_export_name (self->plot_view, "prelu-learned-curve");
      mlp_plot_view_set_plot (self->plot_view, res->plot);
    }
  plot_result_free (res);
}

void
mlp_activations_page_learn_slope (MlpActivationsPage *self)
{
  MlpSectionPage *page = MLP_SECTION_PAGE (self);
  LearnRequest *req;

  if (mlp_section_page_get_data_dir (page) == NULL || mlp_section_page_slot_busy (page, LEARN_SLOT))
    return;
  req = g_new0 (LearnRequest, 1);
  mlp_section_page_init_data_request (page, &req->data);
  gtk_label_set_text (GTK_LABEL (self->learn_label), _("Training…"));
  mlp_section_page_submit (page, LEARN_SLOT, _("Learning the PReLU slope"), learn_job, req,
                           mlp_data_request_free, plot_result_free, learn_done);
  update_learn_button (self);
}

const char *
mlp_activations_page_get_learned_text (MlpActivationsPage *self)
{
  return gtk_label_get_text (GTK_LABEL (self->learn_label));
}

/* --------------------------------------------------------------- GObject */

static void
mlp_activations_page_constructed (GObject *object)
{
  MlpActivationsPage *self = MLP_ACTIVATIONS_PAGE (object);

  G_OBJECT_CLASS (mlp_activations_page_parent_class)->constructed (object);

  if (settings_of (self) != NULL)
    bind_settings (self);
  mlp_section_page_queue_refresh (MLP_SECTION_PAGE (self));
}

static void
mlp_activations_page_class_init (MlpActivationsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mlp_activations_page_constructed;
  MLP_SECTION_PAGE_CLASS (klass)->refresh = refresh;
  MLP_SECTION_PAGE_CLASS (klass)->run = refresh;
  MLP_SECTION_PAGE_CLASS (klass)->reset = reset;
  MLP_SECTION_PAGE_CLASS (klass)->data_dir_changed = data_dir_changed;

  mlp_section_page_class_set_template (MLP_SECTION_PAGE_CLASS (klass), "/io/github/mlplab/MlpLab/ui/mlp-activations-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MlpActivationsPage, function_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MlpActivationsPage, show_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MlpActivationsPage, analytic_check);
  gtk_widget_class_bind_template_child (widget_class, MlpActivationsPage, formula_label);
  gtk_widget_class_bind_template_child (widget_class, MlpActivationsPage, prelu_box);
  gtk_widget_class_bind_template_child (widget_class, MlpActivationsPage, alpha_adjustment);
  gtk_widget_class_bind_template_child (widget_class, MlpActivationsPage, alpha_scale);
  gtk_widget_class_bind_template_child (widget_class, MlpActivationsPage, family_check);
  gtk_widget_class_bind_template_child (widget_class, MlpActivationsPage, family_entry);
  gtk_widget_class_bind_template_child (widget_class, MlpActivationsPage, grad_alpha_check);
  gtk_widget_class_bind_template_child (widget_class, MlpActivationsPage, learn_button);
  gtk_widget_class_bind_template_child (widget_class, MlpActivationsPage, learn_label);
  gtk_widget_class_bind_template_child (widget_class, MlpActivationsPage, from_spin);
  gtk_widget_class_bind_template_child (widget_class, MlpActivationsPage, to_spin);
  gtk_widget_class_bind_template_child (widget_class, MlpActivationsPage, step_spin);
  gtk_widget_class_bind_template_child (widget_class, MlpActivationsPage, points_label);
  gtk_widget_class_bind_template_child (widget_class, MlpActivationsPage, plot_view);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_family_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_reset_clicked);
  gtk_widget_class_bind_template_callback (widget_class, mlp_activations_page_learn_slope);
}

static void
mlp_activations_page_init (MlpActivationsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mlp_section_page_add_view (MLP_SECTION_PAGE (self), self->plot_view, NULL);
  mlp_section_page_set_slot_lane (MLP_SECTION_PAGE (self), FIGURE_SLOT, MLP_LANE_QUICK);
}

GtkWidget *
mlp_activations_page_new (MlpWorker *worker, MlpDataCache *cache, GSettings *settings,
                          const char *data_dir)
{
  MlpActivationsPage *self = g_object_new (MLP_TYPE_ACTIVATIONS_PAGE, "worker", worker,
                                           "data-cache", cache, "settings", settings, NULL);

  mlp_section_page_set_data_dir (MLP_SECTION_PAGE (self), data_dir);
  /* the label and the button say whether there is data, even without any */
  data_dir_changed (MLP_SECTION_PAGE (self));
  return GTK_WIDGET (self);
}
