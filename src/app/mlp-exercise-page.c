/* mlp-exercise-page.c — see mlp-exercise-page.h.  The run is the engine's
 * (mlp_exercise_run on the data the window's cache read), on the worker; the
 * figures and the answer are the plot layer's report of its result, so the
 * page shows what `mlplab-cli exercise N` prints for the same settings. */
#include "mlp-exercise-page.h"

#include <glib/gi18n.h>

#include "mlp-exercise-report.h"

enum { RUN_SLOT };

enum { PROP_0, PROP_EXERCISE, N_PROPS };
static GParamSpec *props[N_PROPS];

struct _MlpExercisePage {
  MlpSectionPage     parent_instance;

  MlpExerciseId      id;
  MlpExerciseResult *result;
  char              *answer;
  guint              job;          /* the running Run's id, 0 when none */
  GPtrArray         *views;        /* MlpPlotView, one per figure */

  GtkWidget *title_label, *question_label, *describe_label;
  GtkWidget *seed_spin, *epochs_spin, *train_spin, *val_spin, *seeds_spin, *passes_spin;
  GtkWidget *seeds_label, *passes_label;
  GtkWidget *run_button, *progress_bar;
  GtkWidget *answer_heading, *answer_label, *figures, *numbers_expander, *numbers_label;
};

G_DEFINE_FINAL_TYPE (MlpExercisePage, mlp_exercise_page, MLP_TYPE_SECTION_PAGE)

static double
spin (GtkWidget *w)
{
  return gtk_spin_button_get_value (GTK_SPIN_BUTTON (w));
}

void
mlp_exercise_page_get_config (MlpExercisePage *self, MlpExerciseConfig *config)
{
  mlp_exercise_config_init (config);
  config->seed = (guint64) spin (self->seed_spin);
  config->epochs = (guint) spin (self->epochs_spin);
  config->limit_train = (gsize) spin (self->train_spin);
  config->limit_val = (gsize) spin (self->val_spin);
  config->n_seeds = (guint) spin (self->seeds_spin);
  config->n_passes = (guint) spin (self->passes_spin);
}

/* the exercise's defaults into the controls; 0 images (all) shows as the
 * size of Fashion-MNIST's sets */
static void
set_defaults (MlpExercisePage *self)
{
  MlpExerciseConfig c, d;

  mlp_exercise_config_init (&c);
  mlp_exercise_config_resolve (self->id, &c, &d);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->seed_spin), (double) d.seed);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->epochs_spin), d.epochs);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->train_spin), d.limit_train ? (double) d.limit_train : 60000);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->val_spin), d.limit_val ? (double) d.limit_val : 10000);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->seeds_spin), d.n_seeds);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->passes_spin), d.n_passes);
}

/* ------------------------------------------------------------------ run */

typedef struct {
  MlpDataRequest    data;      /* first: freed with mlp_data_request_free */
  MlpExerciseId     id;
  MlpExerciseConfig config;
} RunRequest;

G_STATIC_ASSERT (G_STRUCT_OFFSET (RunRequest, data) == 0);

static gpointer
run_job (MlpJob *job, gpointer data, GError **error)
{
  RunRequest *req = data;
  g_autoptr(MlpLoadedData) loaded = NULL;
  MlpExerciseConfig c = req->config;

  if (mlp_exercise_needs_data (req->id) && (loaded = mlp_data_request_get (&req->data, error)) == NULL)
    return NULL;
  c.progress = mlp_job_progress_hook;
  c.should_stop = mlp_job_stop_hook;
  c.user_data = job;
  return mlp_exercise_run (req->id, &c, loaded ? loaded->train : NULL, loaded ? loaded->test : NULL, error);
}

static void
show_numbers (MlpExercisePage *self, const MlpExerciseResult *r)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < r->numbers->len; i++)
    {
      const MlpExerciseNumber *n = &g_array_index (r->numbers, MlpExerciseNumber, i);

      g_string_append_printf (text, "%s%-36s %.6g", i ? "\n" : "", n->key, n->value);
    }
  gtk_label_set_text (GTK_LABEL (self->numbers_label), text->str);
  gtk_widget_set_visible (self->numbers_expander, TRUE);
}

static void
update_sensitivity (MlpExercisePage *self)
{
  MlpSectionPage *page = MLP_SECTION_PAGE (self);
  gboolean busy = mlp_section_page_slot_busy (page, RUN_SLOT);
  gboolean have_data = !mlp_exercise_needs_data (self->id) || mlp_section_page_get_data_dir (page) != NULL;

  gtk_widget_set_sensitive (self->run_button, have_data && !busy);
  gtk_widget_set_visible (self->progress_bar, busy);
}

static void
run_done (MlpSectionPage *page, gpointer result, const GError *error)
{
  MlpExercisePage *self = MLP_EXERCISE_PAGE (page);
  MlpExerciseResult *r = result;

  self->job = 0;
  update_sensitivity (self);
  if (mlp_section_page_show_error (page, error, self->answer_label))
    return;
  g_clear_pointer (&self->result, mlp_exercise_result_free);
  self->result = r;
  g_free (self->answer);
  self->answer = mlp_exercise_answer (r);
  gtk_label_set_text (GTK_LABEL (self->answer_label), self->answer);
  gtk_widget_set_visible (self->answer_heading, TRUE);
  for (guint i = 0; i < self->views->len; i++)
    {
      g_autoptr(MlpPlot) plot = mlp_exercise_figure (r, i);

      mlp_plot_view_set_plot (g_ptr_array_index (self->views, i), plot);
    }
  gtk_widget_set_visible (self->figures, TRUE);
  show_numbers (self, r);
}

static void
run (MlpSectionPage *page)
{
  MlpExercisePage *self = MLP_EXERCISE_PAGE (page);
  RunRequest *req;

  if (!gtk_widget_get_sensitive (self->run_button) || mlp_section_page_slot_busy (page, RUN_SLOT))
    return;
  req = g_new0 (RunRequest, 1);
  mlp_section_page_init_data_request (page, &req->data);
  req->id = self->id;
  mlp_exercise_page_get_config (self, &req->config);
  self->job = mlp_section_page_submit (page, RUN_SLOT, mlp_exercise_title (self->id), run_job, req,
                                       mlp_data_request_free,
                                       (GDestroyNotify) mlp_exercise_result_free, run_done);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar), 0);
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress_bar), NULL);
  gtk_label_set_text (GTK_LABEL (self->answer_label), _("Running…"));
  update_sensitivity (self);
}

/* the worker's progress, when it is about this page's Run */
static void
on_worker_notify (MlpExercisePage *self)
{
  MlpWorker *worker = mlp_section_page_get_worker (MLP_SECTION_PAGE (self));
  const char *detail;

  if (self->job == 0 || mlp_worker_get_current_job (worker) != self->job)
    return;
  detail = mlp_worker_get_detail (worker);
  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->progress_bar), mlp_worker_get_fraction (worker));
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->progress_bar), detail && *detail ? detail : NULL);
}

/* ------------------------------------------------------------ the page */

static char *
dup_command (MlpSectionPage *page)
{
  MlpExercisePage *self = MLP_EXERCISE_PAGE (page);
  const char *data_dir = mlp_section_page_get_data_dir (page);
  GString *cmd = g_string_new ("mlplab-cli exercise ");
  MlpExerciseConfig c;

  mlp_exercise_page_get_config (self, &c);
  g_string_append (cmd, mlp_exercise_short_name (self->id));
  g_string_append_printf (cmd, " --seed %" G_GUINT64_FORMAT " --epochs %u --train-images %" G_GSIZE_FORMAT
                          " --val-images %" G_GSIZE_FORMAT, c.seed, c.epochs, c.limit_train, c.limit_val);
  if (self->id == MLP_EXERCISE_SINGLE_UNIT)
    g_string_append_printf (cmd, " --seeds %u", c.n_seeds);
  if (self->id == MLP_EXERCISE_DROPOUT_TEST)
    g_string_append_printf (cmd, " --passes %u", c.n_passes);
  if (data_dir != NULL && mlp_exercise_needs_data (self->id))
    {
      g_autofree char *quoted = g_shell_quote (data_dir);

      g_string_append_printf (cmd, " --data %s", quoted);
    }
  return g_string_free (cmd, FALSE);
}

static void
update_describe (MlpExercisePage *self)
{
  MlpExerciseConfig c;
  g_autofree char *text = NULL;

  mlp_exercise_page_get_config (self, &c);
  text = mlp_exercise_describe_run (self->id, &c);
  gtk_label_set_text (GTK_LABEL (self->describe_label), text);
}

static void
on_setting_changed (MlpExercisePage *self)
{
  update_describe (self);
}

static void
data_dir_changed (MlpSectionPage *page)
{
  MlpExercisePage *self = MLP_EXERCISE_PAGE (page);

  update_sensitivity (self);
  if (mlp_exercise_needs_data (self->id) && mlp_section_page_get_data_dir (page) == NULL && self->result == NULL)
    gtk_label_set_text (GTK_LABEL (self->answer_label),
                        _("This experiment trains on Fashion-MNIST: apt install dataset-fashion-mnist, "
                          "or choose its folder in the primary menu."));
  else if (self->result == NULL && !mlp_section_page_slot_busy (page, RUN_SLOT))
    gtk_label_set_text (GTK_LABEL (self->answer_label),
                        _("Press Run: the answer is written from the numbers the run measures."));
}

/* on a projector the text of a figure is twice as large: give the figures
 * the height that keeps their plot area readable */
static void
presentation_changed (MlpSectionPage *page)
{
  MlpExercisePage *self = MLP_EXERCISE_PAGE (page);
  int height = mlp_section_page_get_presentation (page) ? 560 : 300;

  for (guint i = 0; i < self->views->len; i++)
    gtk_widget_set_size_request (g_ptr_array_index (self->views, i), 360, height);
}

static void
reset (MlpSectionPage *page)
{
  set_defaults (MLP_EXERCISE_PAGE (page));
}

/* one figure per report figure, named as the CLI names its files */
static void
add_figures (MlpExercisePage *self)
{
  MlpSectionPage *page = MLP_SECTION_PAGE (self);

  for (guint i = 0; i < mlp_exercise_n_figures (self->id); i++)
    {
      GtkWidget *view = mlp_plot_view_new ();
      g_autofree char *name = g_strdup_printf ("exercise-%s-%s", mlp_exercise_to_string (self->id),
                                               mlp_exercise_figure_name (self->id, i));

      gtk_widget_set_size_request (view, 360, 300);
      gtk_widget_set_hexpand (view, TRUE);
      gtk_flow_box_append (GTK_FLOW_BOX (self->figures), view);
      g_ptr_array_add (self->views, view);
      mlp_section_page_add_view (page, MLP_PLOT_VIEW (view), name);
    }
  gtk_widget_set_visible (self->figures, FALSE);
}

static void
mlp_exercise_page_constructed (GObject *object)
{
  MlpExercisePage *self = MLP_EXERCISE_PAGE (object);
  gboolean seeds = self->id == MLP_EXERCISE_SINGLE_UNIT, passes = self->id == MLP_EXERCISE_DROPOUT_TEST;

  G_OBJECT_CLASS (mlp_exercise_page_parent_class)->constructed (object);
  gtk_label_set_text (GTK_LABEL (self->title_label), mlp_exercise_title (self->id));
  gtk_label_set_text (GTK_LABEL (self->question_label), mlp_exercise_question (self->id));
  gtk_widget_set_visible (self->seeds_label, seeds);
  gtk_widget_set_visible (self->seeds_spin, seeds);
  gtk_widget_set_visible (self->passes_label, passes);
  gtk_widget_set_visible (self->passes_spin, passes);
  set_defaults (self);
  update_describe (self);
  add_figures (self);
  g_signal_connect_object (mlp_section_page_get_worker (MLP_SECTION_PAGE (self)), "notify",
                           G_CALLBACK (on_worker_notify), self, G_CONNECT_SWAPPED);
}

static void
mlp_exercise_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  MlpExercisePage *self = MLP_EXERCISE_PAGE (object);

  if (prop_id == PROP_EXERCISE)
    self->id = (MlpExerciseId) g_value_get_uint (value);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
mlp_exercise_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MlpExercisePage *self = MLP_EXERCISE_PAGE (object);

  if (prop_id == PROP_EXERCISE)
    g_value_set_uint (value, self->id);
  else
    G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
}

static void
mlp_exercise_page_finalize (GObject *object)
{
  MlpExercisePage *self = MLP_EXERCISE_PAGE (object);

  g_clear_pointer (&self->result, mlp_exercise_result_free);
  g_free (self->answer);
  g_ptr_array_unref (self->views);
  G_OBJECT_CLASS (mlp_exercise_page_parent_class)->finalize (object);
}

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, MlpExercisePage, name)

static void
mlp_exercise_page_class_init (MlpExercisePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MlpSectionPageClass *page_class = MLP_SECTION_PAGE_CLASS (klass);

  object_class->constructed = mlp_exercise_page_constructed;
  object_class->set_property = mlp_exercise_page_set_property;
  object_class->get_property = mlp_exercise_page_get_property;
  object_class->finalize = mlp_exercise_page_finalize;
  page_class->run = run;
  page_class->data_dir_changed = data_dir_changed;
  page_class->dup_command = dup_command;
  page_class->reset = reset;
  page_class->presentation_changed = presentation_changed;

  props[PROP_EXERCISE] = g_param_spec_uint ("exercise", NULL, NULL, MLP_EXERCISE_FIRST, MLP_EXERCISE_LAST,
                                            MLP_EXERCISE_FIRST,
                                            G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, props);

  mlp_section_page_class_set_template (page_class, "/io/github/mlplab/MlpLab/ui/mlp-exercise-page.ui");
  BIND (title_label); BIND (question_label); BIND (describe_label);
  BIND (seed_spin); BIND (epochs_spin); BIND (train_spin); BIND (val_spin); BIND (seeds_spin);
  BIND (passes_spin); BIND (seeds_label); BIND (passes_label);
  BIND (run_button); BIND (progress_bar);
  BIND (answer_heading); BIND (answer_label); BIND (figures); BIND (numbers_expander); BIND (numbers_label);
  gtk_widget_class_bind_template_callback (widget_class, on_setting_changed);
}

static void
mlp_exercise_page_init (MlpExercisePage *self)
{
  self->id = MLP_EXERCISE_FIRST;
  self->views = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mlp_exercise_page_new (MlpExerciseId id, MlpWorker *worker, MlpDataCache *cache, const char *data_dir)
{
  MlpExercisePage *self = g_object_new (MLP_TYPE_EXERCISE_PAGE, "exercise", (guint) id, "worker", worker,
                                        "data-cache", cache, NULL);

  mlp_section_page_set_data_dir (MLP_SECTION_PAGE (self), data_dir);
  return GTK_WIDGET (self);
}

MlpExerciseId
mlp_exercise_page_get_exercise (MlpExercisePage *self)
{
  return self->id;
}

const MlpExerciseResult *
mlp_exercise_page_get_result (MlpExercisePage *self)
{
  return self->result;
}

const char *
mlp_exercise_page_get_answer (MlpExercisePage *self)
{
  return self->answer ? self->answer : "";
}

MlpPlotView *
mlp_exercise_page_get_view (MlpExercisePage *self, guint i)
{
  g_return_val_if_fail (i < self->views->len, NULL);
  return g_ptr_array_index (self->views, i);
}
