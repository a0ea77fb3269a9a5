/* mlp-runs-list.c — see mlp-runs-list.h. */
#include "mlp-runs-list.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "mlp-checkpoint.h"
#include "mlp-error.h"
#include "mlp-file-chooser.h"
#include "mlp-json-writer.h"
#include "mlp-training-job.h"

/* a finished, stopped or loaded run, kept for the session */
typedef struct {
  guint           number;
  char           *title;       /* "#3", or "#3 no dropout" in a comparison */
  char           *status;      /* "completed", "stopped", "diverged", "failed", "loaded" */
  char           *command;     /* the mlplab-cli line */
  MlpBoardCurves *curves;
  double          seconds;
  gboolean        overlay;     /* drawn on the board */
  MlpModel       *model;       /* the trained model (completed or loaded runs), or NULL */
  MlpTrainConfig  train;
} Run;

struct _MlpRunsList {
  GtkWidget   parent_instance;

  GtkWidget  *header;
  GtkWidget  *list;
  MlpWorker  *worker;
  GPtrArray  *runs;            /* Run *, oldest first */
};

G_DEFINE_FINAL_TYPE (MlpRunsList, mlp_runs_list, GTK_TYPE_WIDGET)

enum { OVERLAYS_CHANGED, LOAD_REQUESTED, ERROR, N_SIGNALS };

static guint signals[N_SIGNALS];

static void
run_free (gpointer p)
{
  Run *r = p;

  g_free (r->title);
  g_free (r->status);
  g_free (r->command);
  mlp_board_curves_free (r->curves);
  g_clear_pointer (&r->model, mlp_model_free);
  g_free (r);
}

/* ------------------------------------------------------------------ JSON */

/* The runs' JSON: every run as an object of how it was made and its curves,
 * written by the engine's MlpJsonWriter (valid JSON for any path or title:
 * non-ASCII stays UTF-8, quotes and control characters are escaped). */
static void
json_curve (MlpJsonWriter *w, const char *key, GArray *a)
{
  mlp_json_writer_key (w, key);
  mlp_json_writer_begin_array (w);
  for (guint k = 0; k < a->len; k++)
    mlp_json_writer_double (w, g_array_index (a, double, k));
  mlp_json_writer_end_array (w);
}

static void
write_model (MlpJsonWriter *w, const MlpModelConfig *mc, const MlpTrainConfig *train)
{
  g_autofree char *init = mlp_init_to_string (&mc->init);

  mlp_json_writer_member_string (w, "model", mlp_model_kind_to_string (mc->kind));
  mlp_json_writer_key (w, "hiddens");
  mlp_json_writer_begin_array (w);
  for (guint l = 0; l < mc->n_hidden; l++)
    mlp_json_writer_uint (w, mc->hiddens[l]);
  mlp_json_writer_end_array (w);
  mlp_json_writer_key (w, "dropout");
  mlp_json_writer_begin_array (w);
  for (guint l = 0; l < mc->n_hidden; l++)
    mlp_json_writer_float (w, mc->dropouts[l]);
  mlp_json_writer_end_array (w);
  mlp_json_writer_member_string (w, "activation", mlp_activation_to_string (mc->activation));
  mlp_json_writer_member_string (w, "init", init);
  mlp_json_writer_member_uint (w, "seed", mc->seed);
  mlp_json_writer_member_float (w, "lr", train->lr);
  mlp_json_writer_member_uint (w, "batch_size", train->batch_size);
  mlp_json_writer_member_uint (w, "epochs", train->epochs);
}

static void
write_run (MlpJsonWriter *w, Run *r)
{
  mlp_json_writer_begin_object (w);
  mlp_json_writer_member_uint (w, "run", r->number);
  mlp_json_writer_member_string (w, "title", r->title);
  mlp_json_writer_member_string (w, "status", r->status);
  mlp_json_writer_member_string (w, "command", r->command);
  mlp_json_writer_member_double (w, "seconds", r->seconds);
  if (r->model != NULL)
    write_model (w, mlp_model_get_config (r->model), &r->train);
  json_curve (w, "epoch", r->curves->val_x);
  json_curve (w, "val_loss", r->curves->val_loss);
  json_curve (w, "val_acc", r->curves->val_acc);
  json_curve (w, "train_acc", r->curves->train_acc);
  json_curve (w, "train_loss_x", r->curves->avg_x);
  json_curve (w, "train_loss", r->curves->avg_y);
  mlp_json_writer_end_object (w);
}

/* one run as a JSON document; (transfer full) */
static char *
run_dup_json (Run *r)
{
  g_autoptr(MlpJsonWriter) w = mlp_json_writer_new (MLP_JSON_PRETTY);

  write_run (w, r);
  return g_string_free (mlp_json_writer_steal_string (w), FALSE);
}

char *
mlp_runs_list_dup_json (MlpRunsList *self)
{
  g_autoptr(MlpJsonWriter) w = NULL;

  g_return_val_if_fail (MLP_IS_RUNS_LIST (self), NULL);

  w = mlp_json_writer_new (MLP_JSON_PRETTY);
  mlp_json_writer_begin_array (w);
  for (guint i = 0; i < self->runs->len; i++)
    write_run (w, self->runs->pdata[i]);
  mlp_json_writer_end_array (w);
  return g_string_free (mlp_json_writer_steal_string (w), FALSE);
}

/* ------------------------------------------------------------------- CSV */

/* a CSV field in quotes, its own quotes doubled (RFC 4180); (transfer full) */
static char *
csv_quote (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", "\"", -1);
  g_autofree char *joined = g_strjoinv ("\"\"", parts);

  return g_strconcat ("\"", joined, "\"", NULL);
}

char *
mlp_runs_list_dup_csv (MlpRunsList *self)
{
  GString *out;

  g_return_val_if_fail (MLP_IS_RUNS_LIST (self), NULL);

  out = g_string_new ("run,status,command,epoch,train_loss,val_loss,val_acc,train_acc\n");
  for (guint i = 0; i < self->runs->len; i++)
    {
      Run *r = self->runs->pdata[i];
      MlpBoardCurves *c = r->curves;
      g_autofree char *command = csv_quote (r->command);

      for (guint k = 0; k < c->val_x->len; k++)
        {
          /* the train_loss of an epoch is its second averaged point */
          double tl = 2 * k + 1 < c->avg_y->len ? g_array_index (c->avg_y, double, 2 * k + 1) : NAN;

          g_string_append_printf (out, "%u,%s,%s,%u,%.6g,%.6g,%.6g,%.6g\n", r->number, r->status, command,
                                  k + 1, tl, g_array_index (c->val_loss, double, k),
                                  g_array_index (c->val_acc, double, k), g_array_index (c->train_acc, double, k));
        }
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ rows */

static void
on_overlay_toggled (GtkCheckButton *check, MlpRunsList *self)
{
  Run *r = g_object_get_data (G_OBJECT (check), "run");

  r->overlay = gtk_check_button_get_active (check);
  g_signal_emit (self, signals[OVERLAYS_CHANGED], 0);
}

/* a flat icon button that activates a runs.… action for run index */
static GtkWidget *
row_button_new (const char *icon_name, const char *tooltip, const char *action, guint index)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", index);
  return button;
}

/* a row: the overlay check with the run's line, copy, and save if there is a model */
static GtkWidget *
row_new (MlpRunsList *self, Run *r)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *check;
  guint n_epochs = mlp_board_curves_get_n_epochs (r->curves);
  g_autofree char *metrics = NULL, *text = NULL;

  metrics = n_epochs > 0 ? g_strdup_printf ("val_acc %.4f", g_array_index (r->curves->val_acc, double, n_epochs - 1))
                         : g_strdup ("–");
  /* Translators: a row of the Runs list: "#2 (stopped): val_acc 0.8412, 5 epochs, 4.1 s" */
  text = g_strdup_printf (_("%s (%s): %s, %u epochs, %.1f s"), r->title, r->status, metrics, n_epochs, r->seconds);
  check = gtk_check_button_new_with_label (text);
  gtk_widget_set_tooltip_text (check, r->command);
  gtk_widget_set_hexpand (check, TRUE);
  g_object_set_data (G_OBJECT (check), "run", r);
  g_signal_connect (check, "toggled", G_CALLBACK (on_overlay_toggled), self);
  gtk_box_append (GTK_BOX (row), check);
  gtk_box_append (GTK_BOX (row), row_button_new ("edit-copy-symbolic", _("Copy the command that reproduces this run"),
                                                 "runs.copy-command", r->number - 1));
  if (r->model != NULL)
    gtk_box_append (GTK_BOX (row), row_button_new ("document-save-symbolic",
                                                   _("Save the trained parameters and settings (safetensors)"),
                                                   "runs.save", r->number - 1));
  return row;
}

guint
mlp_runs_list_add (MlpRunsList          *self,
                   const char           *name,
                   const char           *status,
                   const char           *command,
                   const MlpBoardCurves *curves,
                   double                seconds,
                   MlpModel             *model,
                   const MlpTrainConfig *train)
{
  Run *r;

  g_return_val_if_fail (MLP_IS_RUNS_LIST (self), 0);

  r = g_new0 (Run, 1);
  r->number = self->runs->len + 1;
  r->title = name != NULL ? g_strdup_printf ("#%u %s", r->number, name) : g_strdup_printf ("#%u", r->number);
  r->status = g_strdup (status);
  r->command = g_strdup (command != NULL ? command : "");
  r->curves = curves != NULL ? mlp_board_curves_copy (curves) : mlp_board_curves_new ();
  r->seconds = seconds;
  r->model = model;
  if (train != NULL)
    r->train = *train;
  g_ptr_array_add (self->runs, r);
  gtk_list_box_append (GTK_LIST_BOX (self->list), row_new (self, r));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runs.export", TRUE);
  return r->number;
}

/* one run's curve, in the run's colour after the board's own */
static void
add_overlay_series (MlpPlot *plot, const char *label, GArray *x, GArray *y, guint color,
                    MlpLineStyle line, MlpMarker marker)
{
  guint k = mlp_plot_add_series (plot, label, (double *) x->data, (double *) y->data, x->len);

  mlp_plot_series_set_color_index (plot, k, color);
  mlp_plot_series_set_style (plot, k, line, NULL, 1.5, marker);
}

void
mlp_runs_list_add_overlays (MlpRunsList *self, MlpPlot *plot)
{
  g_return_if_fail (MLP_IS_RUNS_LIST (self));

  for (guint i = 0; i < self->runs->len; i++)
    {
      Run *r = self->runs->pdata[i];
      g_autofree char *lt = NULL, *la = NULL;

      if (!r->overlay)
        continue;
      lt = g_strdup_printf ("train_loss #%u", r->number);
      la = g_strdup_printf ("val_acc #%u", r->number);
      add_overlay_series (plot, lt, r->curves->avg_x, r->curves->avg_y, 4 + i, MLP_LINE_DOTTED, MLP_MARKER_NONE);
      add_overlay_series (plot, la, r->curves->val_x, r->curves->val_acc, 4 + i, MLP_LINE_DASHDOT, MLP_MARKER_CIRCLE);
    }
}

/* ------------------------------------------------------------------ save */

/* what the worker writes; everything is a copy */
typedef struct {
  char           *path;
  char           *json_path;
  char           *json;
  MlpModel       *model;
  MlpTrainConfig  train;
  guint           epochs;
} SaveJob;

static void
save_job_free (gpointer p)
{
  SaveJob *s = p;

  g_free (s->path);
  g_free (s->json_path);
  g_free (s->json);
  g_clear_pointer (&s->model, mlp_model_free);
  g_free (s);
}

/* on the worker: the checkpoint (it fsyncs), then the JSON beside it */
static gpointer
save_job (MlpJob *job, gpointer data, GError **error)
{
  SaveJob *s = data;

  if (!mlp_checkpoint_save (s->path, s->model, &s->train, s->epochs, error) ||
      !g_file_set_contents (s->json_path, s->json, -1, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

/* a copy of the run for the worker, so that nothing it reads is shared */
static SaveJob *
save_job_new (Run *r, const char *path, GError **error)
{
  g_autoptr(MlpModel) model = mlp_model_new (mlp_model_get_config (r->model), error);
  g_autofree char *base = NULL;
  SaveJob *s;
  guint n_epochs = mlp_board_curves_get_n_epochs (r->curves);

  if (model == NULL || !mlp_model_copy_parameters (model, r->model, error))
    return NULL;
  base = g_str_has_suffix (path, ".safetensors") ? g_strndup (path, strlen (path) - strlen (".safetensors"))
                                                 : g_strdup (path);
  s = g_new0 (SaveJob, 1);
  s->path = g_strdup (path);
  s->json_path = g_strconcat (base, ".json", NULL);
  s->json = run_dup_json (r);
  s->model = g_steal_pointer (&model);
  s->train = r->train;
  s->epochs = n_epochs > 0 ? n_epochs : r->train.epochs;
  return s;
}

void
mlp_runs_list_save_run_async (MlpRunsList         *self,
                              guint                index,
                              const char          *path,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *title = NULL;
  GError *error = NULL;
  SaveJob *job;
  Run *r;

  g_return_if_fail (MLP_IS_RUNS_LIST (self));
  g_return_if_fail (index < self->runs->len);
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mlp_runs_list_save_run_async);
  r = self->runs->pdata[index];
  if (r->model == NULL)
    {
      g_task_return_new_error (task, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                               _("Run %u did not finish, so there are no trained parameters to save"), r->number);
      return;
    }
  job = save_job_new (r, path, &error);
  if (job == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Translators: the job in the status area */
  title = g_strdup_printf (_("Saving run #%u"), r->number);
  /* a checkpoint is saved at once, even while a model trains */
  mlp_worker_submit_task (self->worker, MLP_LANE_QUICK, title, save_job, job, save_job_free, NULL, task);
}

gboolean
mlp_runs_list_save_run_finish (MlpRunsList *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_pointer (G_TASK (result), error) != NULL;
}

/* ------------------------------------------------------------------ read */

/* the worker's part of loading: the file and the section's model */
typedef struct {
  char     *path;
  gboolean  dropout;
} ReadJob;

typedef struct {
  MlpModel       *model;
  MlpTrainConfig  train;
} ReadRun;

static void
read_job_free (gpointer p)
{
  ReadJob *job = p;

  g_free (job->path);
  g_free (job);
}

static void
read_run_free (gpointer p)
{
  ReadRun *run = p;

  g_clear_pointer (&run->model, mlp_model_free);
  g_free (run);
}

/* on the worker: reads the checkpoint and checks that the section trains its model */
static gpointer
read_job (MlpJob *job, gpointer data, GError **error)
{
  ReadJob *req = data;
  ReadRun *run = g_new0 (ReadRun, 1);
  const MlpModelConfig *mc;

  mlp_train_config_init (&run->train);
  run->model = mlp_checkpoint_load (req->path, &run->train, error);
  if (run->model == NULL)
    {
      read_run_free (run);
      return NULL;
    }
  mc = mlp_model_get_config (run->model);
  if (mlp_model_kind_has_dropout (mc->kind) != req->dropout || mc->n_hidden != (req->dropout ? 2u : 1u) ||
      mc->num_inputs != MLP_FASHION_MNIST_PIXELS || mc->num_outputs != MLP_FASHION_MNIST_CLASSES)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   _("%s holds a %s model that this section cannot train"), req->path,
                   mlp_model_kind_to_string (mc->kind));
      read_run_free (run);
      return NULL;
    }
  return run;
}

void
mlp_runs_list_read_run_async (MlpRunsList         *self,
                              const char          *path,
                              gboolean             dropout,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL, *title = NULL;
  ReadJob *job;

  g_return_if_fail (MLP_IS_RUNS_LIST (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mlp_runs_list_read_run_async);
  job = g_new0 (ReadJob, 1);
  job->path = g_strdup (path);
  job->dropout = !!dropout;
  name = g_path_get_basename (path);
  /* Translators: the job in the status area, "Loading run-1.safetensors" */
  title = g_strdup_printf (_("Loading %s"), name);
  mlp_worker_submit_task (self->worker, MLP_LANE_QUICK, title, read_job, job, read_job_free, read_run_free, task);
}

MlpModel *
mlp_runs_list_read_run_finish (MlpRunsList *self, GAsyncResult *result, MlpTrainConfig *train, GError **error)
{
  ReadRun *run;
  MlpModel *model;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  run = g_task_propagate_pointer (G_TASK (result), error);
  if (run == NULL)
    return NULL;
  model = g_steal_pointer (&run->model);
  if (train != NULL)
    *train = run->train;
  read_run_free (run);
  return model;
}

/* ------------------------------------------------------- the file flows */

static void
on_run_saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MlpRunsList *self = MLP_RUNS_LIST (source);
  g_autoptr(GError) error = NULL;

  /* cancelled: stopped, or the window is closing */
  if (!mlp_runs_list_save_run_finish (self, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (self, signals[ERROR], 0, error->message);
}

static void
on_save_chosen (GtkWidget *widget, GFile *file, GtkFileChooserNative *chooser, gpointer user_data)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    mlp_runs_list_save_run_async (MLP_RUNS_LIST (widget), GPOINTER_TO_UINT (user_data), path, NULL,
                                  on_run_saved, NULL);
}

static void
save_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  guint index = g_variant_get_uint32 (param);
  g_autofree char *name = g_strdup_printf ("run-%u.safetensors", index + 1);
  GtkFileChooserNative *chooser = mlp_file_chooser_new (widget, GTK_FILE_CHOOSER_ACTION_SAVE, _("Save Run"),
                                                        _("_Save"), name);

  mlp_file_chooser_run (chooser, on_save_chosen, GUINT_TO_POINTER (index));
}

static void
on_load_chosen (GtkWidget *widget, GFile *file, GtkFileChooserNative *chooser, gpointer user_data)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    g_signal_emit (widget, signals[LOAD_REQUESTED], 0, path);
}

static void
load_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  GtkFileChooserNative *chooser = mlp_file_chooser_new (widget, GTK_FILE_CHOOSER_ACTION_OPEN, _("Load Run"),
                                                        _("_Load"), NULL);

  mlp_file_chooser_add_filter (chooser, _("MLP Lab checkpoints (*.safetensors)"), "*.safetensors", NULL);
  mlp_file_chooser_run (chooser, on_load_chosen, NULL);
}

/* writes the runs as CSV when the name ends in .csv, else as JSON */
static void
on_export_chosen (GtkWidget *widget, GFile *file, GtkFileChooserNative *chooser, gpointer user_data)
{
  MlpRunsList *self = MLP_RUNS_LIST (widget);
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  if (path == NULL)
    return;
  text = g_str_has_suffix (path, ".csv") ? mlp_runs_list_dup_csv (self) : mlp_runs_list_dup_json (self);
  if (!g_file_set_contents (path, text, -1, &error))
    g_signal_emit (self, signals[ERROR], 0, error->message);
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  GtkFileChooserNative *chooser = mlp_file_chooser_new (widget, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export Runs"),
                                                        _("_Export"), "runs.json");

  mlp_file_chooser_run (chooser, on_export_chosen, NULL);
}

static void
copy_command_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MlpRunsList *self = MLP_RUNS_LIST (widget);
  guint index = g_variant_get_uint32 (param);

  if (index < self->runs->len)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), ((Run *) self->runs->pdata[index])->command);
}

/* --------------------------------------------------------------- GObject */

GtkWidget *
mlp_runs_list_new (void)
{
  return g_object_new (MLP_TYPE_RUNS_LIST, NULL);
}

void
mlp_runs_list_set_worker (MlpRunsList *self, MlpWorker *worker)
{
  g_return_if_fail (MLP_IS_RUNS_LIST (self));

  g_set_object (&self->worker, worker);
}

static void
mlp_runs_list_dispose (GObject *object)
{
  MlpRunsList *self = MLP_RUNS_LIST (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MLP_TYPE_RUNS_LIST);
  g_clear_object (&self->worker);
  G_OBJECT_CLASS (mlp_runs_list_parent_class)->dispose (object);
}

static void
mlp_runs_list_finalize (GObject *object)
{
  g_ptr_array_unref (MLP_RUNS_LIST (object)->runs);
  G_OBJECT_CLASS (mlp_runs_list_parent_class)->finalize (object);
}

static void
mlp_runs_list_class_init (MlpRunsListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mlp_runs_list_dispose;
  object_class->finalize = mlp_runs_list_finalize;

  /* a run was ticked or unticked: the board should redraw its overlays */
  signals[OVERLAYS_CHANGED] = g_signal_new ("overlays-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* the user chose a checkpoint (its path) to load into the section */
  signals[LOAD_REQUESTED] = g_signal_new ("load-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* saving or exporting failed; the message names the file */
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mlplab/MlpLab/ui/mlp-runs-list.ui");
  gtk_widget_class_bind_template_child (widget_class, MlpRunsList, header);
  gtk_widget_class_bind_template_child (widget_class, MlpRunsList, list);
  gtk_widget_class_install_action (widget_class, "runs.load", NULL, load_action);
  gtk_widget_class_install_action (widget_class, "runs.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "runs.save", "u", save_action);
  gtk_widget_class_install_action (widget_class, "runs.copy-command", "u", copy_command_action);
}

static void
mlp_runs_list_init (MlpRunsList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->runs = g_ptr_array_new_with_free_func (run_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runs.export", FALSE);
}
