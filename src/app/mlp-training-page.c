/* mlp-training-page.c — the training sections: the form, the runs, the wiring.
 *
 * A run reads the form (ui/mlp-training-page.ui) into an MlpTrainingRequest
 * and trains on the worker (mlp-training-job.c), which streams its points to
 * the page's MlpProgressBoard; the board's figure is redrawn with the ticked
 * runs of the MlpRunsList on top.  A new run replaces the one on the worker
 * (after asking); the end of a run writes the result line, keeps the run in
 * the list and, after a single run, fills the MlpTrainingAnalysis under the
 * board.  Loading a checkpoint reads and checks it on the worker, then puts
 * its settings into the form.
 */
#include "mlp-training-page.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mlp-accessible-names.h"
#include "mlp-dropout-demo.h"
#include "mlp-error.h"
#include "mlp-number-input.h"
#include "mlp-progress-board.h"
#include "mlp-runs-list.h"
#include "mlp-settings.h"
#include "mlp-training-analysis.h"
#include "mlp-training-job.h"

enum { TRAIN_SLOT };

struct _MlpTrainingPage {
  MlpSectionPage       parent_instance;

  gboolean             dropout;          /* the Dropout section */
  MlpProgressBoard    *board;
  MlpComparison        comparison;       /* of the run on the board */
  char                *pending_command;  /* of the run on the worker, */
  MlpModelConfig       pending_model;    /* its model (the first one of a comparison) */
  MlpTrainConfig       pending_train;
  MlpTrainingPartial  *partial;          /* what it leaves if it does not finish */

  GtkWidget           *heading_label;
  GtkWidget           *intro_label;
  GtkWidget           *result_label;
  GtkWidget           *start_button;
  GtkWidget           *compare_button;
  GtkWidget           *twins_button;
  GtkWidget           *exercise2_link, *exercise3_link, *exercise4_link;
  GtkWidget           *raw_check;
  GtkWidget           *smoothing_scale;
  GtkAdjustment       *smoothing_adjustment;
  MlpDropoutDemo      *dropout_demo;
  MlpRunsList         *runs_list;
  MlpPlotView         *plot_view;
  MlpPlotView         *gap_view;
  MlpTrainingAnalysis *analysis;

  /* the form */
  GtkWidget           *model_dropdown, *activation_dropdown, *init_dropdown;
  GtkWidget           *hidden1_label, *hidden2_label, *dropout1_label, *dropout2_label;
  GtkWidget           *hidden1_spin, *hidden2_spin, *dropout1_spin, *dropout2_spin;
  GtkWidget           *sigma_spin, *constant_spin, *lr_spin, *batch_spin, *epochs_spin, *seed_spin, *limit_spin;
  GtkStringList       *dropout_models;
};

G_DEFINE_FINAL_TYPE (MlpTrainingPage, mlp_training_page, MLP_TYPE_SECTION_PAGE)

/* the settings' spellings of the dropdowns' items */
static const char *model_ids[] = { "scratch", "concise", NULL };
static const char *activation_ids[] = { "relu", "prelu", "sigmoid", "tanh", NULL };
static const char *init_ids[] = { "default", "normal", "xavier-normal", "xavier-uniform", "he", "torch",
                                   "zeros", "constant", NULL };

/* the init items with a value row: σ of the normal, c of the constant */
enum { INIT_NORMAL = 1, INIT_CONSTANT = 7 };

/* (transfer none) (nullable) */
static inline const char *
data_dir (MlpTrainingPage *self)
{
  return mlp_section_page_get_data_dir (MLP_SECTION_PAGE (self));
}

/* -------------------------------------------------------------- the form */

static guint
dropdown_index (GtkWidget *dd)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (dd));
}

static double
spin (GtkWidget *w)
{
  return gtk_spin_button_get_value (GTK_SPIN_BUTTON (w));
}

static void
set_spin (GtkWidget *w, double value)
{
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (w), value);
}

static MlpModelKind
form_model_kind (MlpTrainingPage *self)
{
  gboolean scratch = dropdown_index (self->model_dropdown) == 0;

  if (self->dropout)
    return scratch ? MLP_MODEL_DROPOUT_SCRATCH : MLP_MODEL_DROPOUT;
  return scratch ? MLP_MODEL_MLP_SCRATCH : MLP_MODEL_MLP;
}

static MlpActivation
form_activation (MlpTrainingPage *self)
{
  return (MlpActivation) MIN (dropdown_index (self->activation_dropdown), 3u);
}

/* the form's model and training settings */
static void
read_form (MlpTrainingPage *self, MlpModelConfig *mc, MlpTrainConfig *tc)
{
  guint init = dropdown_index (self->init_dropdown);

  mlp_model_config_init (mc, form_model_kind (self));
  mc->hiddens[0] = (gsize) spin (self->hidden1_spin);
  if (self->dropout)
    {
      mc->hiddens[1] = (gsize) spin (self->hidden2_spin);
      mc->dropouts[0] = (float) spin (self->dropout1_spin);
      mc->dropouts[1] = (float) spin (self->dropout2_spin);
    }
  mc->activation = form_activation (self);
  if (init > 0 && init < G_N_ELEMENTS (init_ids) - 1 && init != INIT_CONSTANT)
    mlp_init_parse (init_ids[init], &mc->init, NULL);   /* "constant" needs its c */
  if (init == INIT_NORMAL)
    mc->init.value = (float) spin (self->sigma_spin);
  else if (init == INIT_CONSTANT)
    {
      mc->init.kind = MLP_INIT_CONSTANT;
      mc->init.value = (float) spin (self->constant_spin);
    }
  mc->seed = (guint64) spin (self->seed_spin);
  mlp_train_config_init (tc);
  tc->lr = (float) spin (self->lr_spin);
  tc->batch_size = (guint) spin (self->batch_spin);
  tc->epochs = (guint) spin (self->epochs_spin);
  tc->seed = mc->seed;
  tc->limit_train = (gsize) spin (self->limit_spin);
}

/* The `mlplab-cli train …` line that reproduces a run with these settings. */
static char *
command_line (MlpTrainingPage *self)
{
  GString *cmd = g_string_new ("mlplab-cli train");
  guint init = dropdown_index (self->init_dropdown);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (cmd, " --model %s", mlp_model_kind_to_string (form_model_kind (self)));
  if (self->dropout)
    {
      g_string_append_printf (cmd, " --hiddens %.0f,%.0f", spin (self->hidden1_spin), spin (self->hidden2_spin));
      g_string_append_printf (cmd, " --dropout %s", g_ascii_formatd (buf, sizeof buf, "%g", spin (self->dropout1_spin)));
      g_string_append_printf (cmd, ",%s", g_ascii_formatd (buf, sizeof buf, "%g", spin (self->dropout2_spin)));
    }
  else
    g_string_append_printf (cmd, " --hiddens %.0f", spin (self->hidden1_spin));
  g_string_append_printf (cmd, " --activation %s", activation_ids[form_activation (self)]);
  if (init == INIT_NORMAL)
    g_string_append_printf (cmd, " --init normal:%s", g_ascii_formatd (buf, sizeof buf, "%g", spin (self->sigma_spin)));
  else if (init == INIT_CONSTANT)
    g_string_append_printf (cmd, " --init constant:%s", g_ascii_formatd (buf, sizeof buf, "%g", spin (self->constant_spin)));
  else if (init > INIT_NORMAL && init < G_N_ELEMENTS (init_ids) - 1)
    g_string_append_printf (cmd, " --init %s", init_ids[init]);
  g_string_append_printf (cmd, " --lr %s", g_ascii_formatd (buf, sizeof buf, "%g", spin (self->lr_spin)));
  g_string_append_printf (cmd, " --batch-size %.0f --epochs %.0f --seed %.0f",
                          spin (self->batch_spin), spin (self->epochs_spin), spin (self->seed_spin));
  if (spin (self->limit_spin) > 0)
    g_string_append_printf (cmd, " --limit-train %.0f", spin (self->limit_spin));
  if (data_dir (self) != NULL)
    {
      g_autofree char *quoted = g_shell_quote (data_dir (self));

      g_string_append_printf (cmd, " --data %s", quoted);
    }
  return g_string_free (cmd, FALSE);
}

/* a checkpoint's settings into the form, so that Train reproduces it */
static void
write_form (MlpTrainingPage *self, const MlpModelConfig *mc, const MlpTrainConfig *tc, gboolean with_limit)
{
  gboolean scratch = mc->kind == MLP_MODEL_MLP_SCRATCH || mc->kind == MLP_MODEL_DROPOUT_SCRATCH;
  g_autofree char *init = mlp_init_to_string (&mc->init);
  GSettings *settings = mlp_section_page_get_settings (MLP_SECTION_PAGE (self));

  if (strchr (init, ':') != NULL)
    *strchr (init, ':') = '\0';
  if (settings != NULL)
    {
      g_settings_set_string (settings, "model", scratch ? "scratch" : "concise");
      g_settings_set_string (settings, "activation", mlp_activation_to_string (mc->activation));
      g_settings_set_string (settings, "init", init);
    }
  set_spin (self->hidden1_spin, (double) mc->hiddens[0]);
  if (self->dropout)
    {
      set_spin (self->hidden2_spin, (double) mc->hiddens[1]);
      set_spin (self->dropout1_spin, mc->dropouts[0]);
      set_spin (self->dropout2_spin, mc->dropouts[1]);
    }
  if (mc->init.kind == MLP_INIT_NORMAL)
    set_spin (self->sigma_spin, mc->init.value);
  else if (mc->init.kind == MLP_INIT_CONSTANT)
    set_spin (self->constant_spin, mc->init.value);
  set_spin (self->lr_spin, tc->lr);
  set_spin (self->batch_spin, tc->batch_size);
  set_spin (self->epochs_spin, tc->epochs);
  set_spin (self->seed_spin, (double) mc->seed);
  if (with_limit)
    set_spin (self->limit_spin, (double) tc->limit_train);
}

static void
on_init_changed (MlpTrainingPage *self)
{
  gtk_widget_set_sensitive (self->sigma_spin, dropdown_index (self->init_dropdown) == INIT_NORMAL);
  gtk_widget_set_sensitive (self->constant_spin, dropdown_index (self->init_dropdown) == INIT_CONSTANT);
}

static void
bind_settings (MlpTrainingPage *self)
{
  struct { const char *key; gpointer object; const char *property; gboolean dropout_only; } keys[] = {
    { "hidden-1", self->hidden1_spin, "value", FALSE },
    { "hidden-2", self->hidden2_spin, "value", TRUE },
    { "dropout-1", self->dropout1_spin, "value", TRUE },
    { "dropout-2", self->dropout2_spin, "value", TRUE },
    { "sigma", self->sigma_spin, "value", FALSE },
    { "constant", self->constant_spin, "value", FALSE },
    { "lr", self->lr_spin, "value", FALSE },
    { "batch-size", self->batch_spin, "value", FALSE },
    { "epochs", self->epochs_spin, "value", FALSE },
    { "seed", self->seed_spin, "value", FALSE },
    { "limit-train", self->limit_spin, "value", FALSE },
    { "raw-points", self->raw_check, "active", FALSE },
    { "smoothing", self->smoothing_adjustment, "value", FALSE },
  };
  GSettings *settings = mlp_section_page_get_settings (MLP_SECTION_PAGE (self));

  mlp_settings_bind_choice (settings, "model", self->model_dropdown, model_ids);
  mlp_settings_bind_choice (settings, "activation", self->activation_dropdown, activation_ids);
  mlp_settings_bind_choice (settings, "init", self->init_dropdown, init_ids);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (self->dropout || !keys[i].dropout_only)
      g_settings_bind (settings, keys[i].key, keys[i].object, keys[i].property, G_SETTINGS_BIND_DEFAULT);
}

/* ------------------------------------------------------------ the board */

static void
rebuild_board (MlpTrainingPage *self)
{
  gboolean raw = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->raw_check));
  double smoothing = gtk_adjustment_get_value (self->smoothing_adjustment);
  g_autoptr(MlpPlot) plot = mlp_progress_board_dup_plot (self->board, raw, smoothing);
  gboolean gap = self->comparison == MLP_COMPARE_DROPOUT;

  /* the slider smooths the per-minibatch curve only */
  gtk_widget_set_sensitive (self->smoothing_scale, raw);
  /* runs of the session ticked in the Runs list */
  mlp_runs_list_add_overlays (self->runs_list, plot);
  mlp_plot_view_set_plot (self->plot_view, plot);
  gtk_widget_set_visible (GTK_WIDGET (self->gap_view), gap);
  if (gap)
    {
      g_autoptr(MlpPlot) gap_plot = mlp_progress_board_dup_gap_plot (self->board);

      mlp_plot_view_set_plot (self->gap_view, gap_plot);
    }
}

static void
on_board_changed (MlpTrainingPage *self)
{
  rebuild_board (self);
}

/* -------------------------------------------------------------- running */

static void
set_can_start (MlpTrainingPage *self, gboolean can_start)
{
  gtk_widget_set_sensitive (self->start_button, can_start);
  gtk_widget_set_sensitive (self->compare_button, can_start);
  gtk_widget_set_sensitive (self->twins_button, can_start);
}

/* keeps the runs that just ended in the list: the runs before the last as
 * completed, the last one as status; res (nullable: the job never ran)
 * hands over the models of the runs that completed or were stopped */
static void
keep_runs (MlpTrainingPage *self, MlpTrainingResult *res, const char *status)
{
  guint n = res != NULL ? MIN (res->n_runs, mlp_progress_board_get_n_runs (self->board)) : 1;

  for (guint r = 0; r < n; r++)
    {
      gboolean last = r + 1 == n;
      MlpRun *run = mlp_run_new (last ? status : "completed");

      run->name = g_strdup (mlp_progress_board_get_run_name (self->board, r));
      g_free (run->command);
      run->command = g_strdup (self->pending_command);
      mlp_board_curves_append (run->curves, mlp_progress_board_get_curves (self->board, r));
      mlp_training_run_config (self->comparison, &self->pending_model, r, &run->config);
      run->train = self->pending_train;
      run->has_config = TRUE;
      if (res != NULL)
        {
          gboolean stopped = g_strcmp0 (run->status, "stopped") == 0;

          run->seconds = res->run_seconds[r];
          if (stopped)
            {
              run->stopped_epoch = res->stopped_epoch;
              run->stopped_batch = res->stopped_batch;
            }
          /* a diverged model is no use to anyone */
          if (stopped || g_strcmp0 (run->status, "completed") == 0)
            run->model = g_steal_pointer (&res->models[r]);
        }
      mlp_runs_list_add (self->runs_list, run);
    }
}

/* a run that failed or was stopped: why, on the board and in the result line */
static void
show_failure (MlpTrainingPage *self, const GError *error)
{
  gboolean stopped = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  gboolean diverged = g_error_matches (error, MLP_ERROR, MLP_ERROR_DIVERGED);
  guint last = mlp_progress_board_get_n_runs (self->board) - 1;
  guint done = mlp_board_curves_get_n_epochs (mlp_progress_board_get_curves (self->board, last));
  MlpTrainingResult *res = self->partial != NULL ? mlp_training_partial_steal (self->partial) : NULL;
  g_autofree char *note = NULL;

  if (diverged)
    note = g_strdup (_("diverged: the loss exploded, see the message on the left"));
  else if (stopped)
    note = g_strdup_printf (_("stopped after %u of %u epochs"), done, mlp_progress_board_get_epochs (self->board));
  else
    note = g_strdup (_("the run failed"));
  mlp_progress_board_set_note (self->board, note);
  gtk_label_set_text (GTK_LABEL (self->result_label), stopped ? note : error->message);
  keep_runs (self, res, stopped ? "stopped" : diverged ? "diverged" : "failed");
  mlp_training_result_free (res);
  rebuild_board (self);
}

/* the final metrics of each run, and the board's title */
static void
show_results (MlpTrainingPage *self, MlpTrainingResult *res)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *note = NULL;

  for (guint r = 0; r < res->n_runs; r++)
    {
      const MlpEpochReport *e = &res->last[r];

      if (res->n_runs > 1)
        g_string_append_printf (text, "%s: ", mlp_progress_board_get_run_name (self->board, r));
      g_string_append_printf (text, _("after %u epochs train_loss %.4f, val_loss %.4f, val_acc %.4f, "
                                      "train_acc − val_acc %.4f"),
                              e->epoch, e->train_loss, e->val_loss, e->val_acc, e->train_acc - e->val_acc);
      g_string_append (text, "\n");
    }
  g_string_append_printf (text, _("%.1f s, %.0f images/s"), res->seconds, res->samples_per_second);
  gtk_label_set_text (GTK_LABEL (self->result_label), text->str);
  if (res->n_runs > 1 && self->comparison == MLP_COMPARE_IMPLEMENTATIONS)
    note = g_strdup_printf (_("from scratch and concise coincide: largest loss difference %.2g"),
                            mlp_progress_board_max_loss_difference (self->board));
  else if (res->n_runs > 1)
    note = g_strdup_printf (_("val_acc %.4f with dropout, %.4f without"), res->last[0].val_acc, res->last[1].val_acc);
  else
    note = g_strdup_printf ("val_acc %.4f", res->last[0].val_acc);
  mlp_progress_board_set_note (self->board, note);
  keep_runs (self, res, "completed");
  rebuild_board (self);
  if (res->analysis != NULL)
    {
      mlp_training_analysis_set_analysis (self->analysis, res->analysis);
      gtk_widget_set_visible (GTK_WIDGET (self->analysis), TRUE);
    }
}

/* the end of a run; a run that a new one replaced never gets here */
static void
train_done (MlpSectionPage *page, gpointer result, const GError *error)
{
  MlpTrainingPage *self = MLP_TRAINING_PAGE (page);

  set_can_start (self, data_dir (self) != NULL);
  if (error != NULL)
    show_failure (self, error);
  else
    show_results (self, result);
  mlp_training_result_free (result);
}

static void
start_run (MlpTrainingPage *self, MlpComparison compare)
{
  MlpTrainingRequest *req;
  const char *names[2];
  g_autofree char *title = NULL;
  guint serial;

  if (data_dir (self) == NULL)
    return;
  if (compare == MLP_COMPARE_DROPOUT && !self->dropout)
    compare = MLP_COMPARE_NONE;
  /* Translators: legend names of the two runs of a comparison */
  names[0] = compare == MLP_COMPARE_IMPLEMENTATIONS ? _("from scratch") : _("with dropout");
  names[1] = compare == MLP_COMPARE_IMPLEMENTATIONS ? _("concise") : _("no dropout");
  g_free (self->pending_command);
  self->pending_command = command_line (self);
  self->comparison = compare;
  serial = mlp_progress_board_reset (self->board, compare != MLP_COMPARE_NONE ? 2 : 1,
                                     (guint) spin (self->epochs_spin), names);
  {
    MlpDataRequest data;

    mlp_section_page_init_data_request (MLP_SECTION_PAGE (self), &data);
    req = mlp_training_request_new (&data, self->board, serial);
  }
  read_form (self, &req->model, &req->train);
  req->compare = compare;
  if (compare == MLP_COMPARE_IMPLEMENTATIONS)
    req->model.kind = self->dropout ? MLP_MODEL_DROPOUT_SCRATCH : MLP_MODEL_MLP_SCRATCH;
  self->pending_model = req->model;
  self->pending_train = req->train;
  g_clear_pointer (&self->partial, mlp_training_partial_unref);
  self->partial = mlp_training_partial_new ();
  req->partial = mlp_training_partial_ref (self->partial);

  gtk_widget_set_visible (GTK_WIDGET (self->analysis), FALSE);
  rebuild_board (self);
  gtk_label_set_text (GTK_LABEL (self->result_label), "");
  set_can_start (self, FALSE);
  title = mlp_training_job_title (compare, form_model_kind (self));
  mlp_section_page_submit (MLP_SECTION_PAGE (self), TRAIN_SLOT, title, mlp_training_job, req,
                           mlp_training_request_free, mlp_training_result_free, train_done);
}

static void
on_confirm_response (GtkDialog *dialog, int response, MlpTrainingPage *self)
{
  MlpComparison compare = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "compare"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  /* start_run replaces the run on the worker */
  if (response == GTK_RESPONSE_ACCEPT)
    start_run (self, compare);
  g_object_unref (self);
}

/* a new run while one trains asks first; nothing is mixed: the old run's
 * late points carry an old serial and are dropped */
static void
request_run (MlpTrainingPage *self, MlpComparison compare)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (!mlp_training_page_is_training (self))
    {
      start_run (self, compare);
      return;
    }
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Stop the current run?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("A model is training. Starting a new run stops it; "
                                              "its curves so far stay on the board until the new run begins."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Keep Training"), GTK_RESPONSE_CANCEL,
                          _("_Stop and Start"), GTK_RESPONSE_ACCEPT, NULL);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_object_set_data (G_OBJECT (dialog), "compare", GINT_TO_POINTER (compare));
  g_signal_connect (dialog, "response", G_CALLBACK (on_confirm_response), g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_start_clicked (MlpTrainingPage *self)
{
  request_run (self, MLP_COMPARE_NONE);
}

static void
on_compare_clicked (MlpTrainingPage *self)
{
  request_run (self, MLP_COMPARE_DROPOUT);
}

static void
on_twins_clicked (MlpTrainingPage *self)
{
  request_run (self, MLP_COMPARE_IMPLEMENTATIONS);
}

static void
on_copy_command_clicked (MlpTrainingPage *self)
{
  g_autofree char *cmd = command_line (self);

  gtk_widget_activate_action (GTK_WIDGET (self), "section.copy-command", NULL);
  gtk_label_set_text (GTK_LABEL (self->result_label), cmd);
}

/* ---------------------------------------------------- saved runs, loading */

/* the end of the page's _async calls: TRUE, or FALSE with error */
static gboolean
task_finish (MlpTrainingPage *self, GAsyncResult *result, gpointer source_tag, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* a loaded run: its settings go into the form and it joins the Runs list */
static void
on_checkpoint_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  MlpTrainingPage *self = g_task_get_source_object (task);
  const char *path = g_task_get_task_data (task);
  g_autofree char *note = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  GError *error = NULL;
  MlpRun *run;
  guint number;

  run = mlp_runs_list_read_run_finish (MLP_RUNS_LIST (source), result, &note, &error);
  if (run == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* the image limit is in the JSON only */
  write_form (self, &run->config, &run->train, note == NULL);
  if (run->command[0] == '\0')
    {
      g_free (run->command);
      run->command = command_line (self);
    }
  number = mlp_runs_list_add (self->runs_list, run);
  g_string_printf (text, _("Loaded %s as run #%u; its settings are in the controls, so Train reproduces it"),
                   path, number);
  if (note != NULL)
    g_string_append_printf (text, " (%s)", note);
  gtk_label_set_text (GTK_LABEL (self->result_label), text->str);
  g_task_return_boolean (task, TRUE);
}

void
mlp_training_page_load_run_async (MlpTrainingPage *self, const char *path, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;

  g_return_if_fail (MLP_IS_TRAINING_PAGE (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mlp_training_page_load_run_async);
  g_task_set_task_data (task, g_strdup (path), g_free);
  mlp_runs_list_read_run_async (self->runs_list, path, self->dropout, cancellable, on_checkpoint_read, task);
}

gboolean
mlp_training_page_load_run_finish (MlpTrainingPage *self, GAsyncResult *result, GError **error)
{
  return task_finish (self, result, mlp_training_page_load_run_async, error);
}

static void
on_run_saved (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (mlp_runs_list_save_run_finish (MLP_RUNS_LIST (source), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
mlp_training_page_save_run_async (MlpTrainingPage *self, guint index, const char *path, GCancellable *cancellable,
                                  GAsyncReadyCallback callback, gpointer user_data)
{
  GTask *task;

  g_return_if_fail (MLP_IS_TRAINING_PAGE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mlp_training_page_save_run_async);
  mlp_runs_list_save_run_async (self->runs_list, index, path, cancellable, on_run_saved, task);
}

gboolean
mlp_training_page_save_run_finish (MlpTrainingPage *self, GAsyncResult *result, GError **error)
{
  return task_finish (self, result, mlp_training_page_save_run_async, error);
}

/* Load in the Runs list: errors go to the result line */
static void
on_run_loaded (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MlpTrainingPage *self = MLP_TRAINING_PAGE (source);
  g_autoptr(GError) error = NULL;

  /* cancelled: stopped, or the window is closing */
  if (!mlp_training_page_load_run_finish (self, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gtk_label_set_text (GTK_LABEL (self->result_label), error->message);
}

static void
on_load_requested (MlpTrainingPage *self, const char *path)
{
  mlp_training_page_load_run_async (self, path, NULL, on_run_loaded, NULL);
}

static void
on_runs_error (MlpTrainingPage *self, const char *message)
{
  gtk_label_set_text (GTK_LABEL (self->result_label), message);
}

/* --------------------------------------------------------------- public */

static void
data_dir_changed (MlpSectionPage *page)
{
  MlpTrainingPage *self = MLP_TRAINING_PAGE (page);
  gboolean idle = !mlp_training_page_is_training (self);
  gboolean have_data = data_dir (self) != NULL;

  set_can_start (self, have_data && idle);
  if (!have_data)
    gtk_label_set_text (GTK_LABEL (self->result_label),
                        _("Fashion-MNIST is not installed, so nothing can be trained here. Install it with: "
                          "apt install dataset-fashion-mnist (or choose its folder from the main menu)."));
  else if (idle)
    gtk_label_set_text (GTK_LABEL (self->result_label), "");
}

void
mlp_training_page_compare (MlpTrainingPage *self)
{
  g_return_if_fail (self->dropout);
  request_run (self, MLP_COMPARE_DROPOUT);
}

void
mlp_training_page_compare_implementations (MlpTrainingPage *self)
{
  request_run (self, MLP_COMPARE_IMPLEMENTATIONS);
}

char *
mlp_training_page_dup_command (MlpTrainingPage *self)
{
  return command_line (self);
}

char *
mlp_training_page_dup_runs (MlpTrainingPage *self, gboolean csv)
{
  return csv ? mlp_runs_list_dup_csv (self->runs_list) : mlp_runs_list_dup_json (self->runs_list);
}

MlpPlotView *
mlp_training_page_get_analysis_view (MlpTrainingPage *self, const char *name)
{
  MlpPlotView *view = mlp_training_analysis_get_view (self->analysis, name);

  return view != NULL ? view : self->gap_view;
}

char *
mlp_training_page_dup_demo_command (MlpTrainingPage *self)
{
  return mlp_dropout_demo_dup_command (self->dropout_demo);
}

char *
mlp_training_page_dup_demo_text (MlpTrainingPage *self)
{
  return mlp_dropout_demo_dup_text (self->dropout_demo);
}

MlpRunsList *
mlp_training_page_get_runs_list (MlpTrainingPage *self)
{
  g_return_val_if_fail (MLP_IS_TRAINING_PAGE (self), NULL);

  return self->runs_list;
}

const char *
mlp_training_page_get_message (MlpTrainingPage *self)
{
  g_return_val_if_fail (MLP_IS_TRAINING_PAGE (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->result_label));
}

gboolean
mlp_training_page_is_training (MlpTrainingPage *self)
{
  return mlp_section_page_slot_busy (MLP_SECTION_PAGE (self), TRAIN_SLOT);
}

/* what differs between the MLP training and the Dropout section */
static void
setup_section (MlpTrainingPage *self)
{
  MlpSectionPage *page = MLP_SECTION_PAGE (self);
  GtkWidget *dropout_rows[] = { self->hidden2_label, self->hidden2_spin, self->dropout1_label,
                                self->dropout1_spin, self->dropout2_label, self->dropout2_spin };

  gtk_label_set_text (GTK_LABEL (self->heading_label), self->dropout ? _("Dropout") : _("MLP Training"));
  gtk_label_set_text (GTK_LABEL (self->intro_label),
                      self->dropout ? _("784-256-256-10 with dropout after each hidden ReLU, active only in "
                                        "training, as the chapter's DropoutMLPScratch and DropoutMLP.")
                                    : _("One hidden layer of 256 units on Fashion-MNIST, trained with minibatch "
                                        "SGD as the chapter's MLPScratch and MLP."));
  mlp_section_page_add_view (page, self->plot_view, self->dropout ? "dropout-board" : "mlp-board");
  mlp_section_page_add_view (page, self->gap_view, "dropout-gap");
  mlp_section_page_add_view (page, mlp_training_analysis_get_view (self->analysis, "confusion"), "confusion-matrix");
  mlp_section_page_add_view (page, mlp_training_analysis_get_view (self->analysis, "mistakes"), "misclassified");
  mlp_section_page_add_view (page, mlp_training_analysis_get_view (self->analysis, "weights"), "first-layer-weights");
  gtk_widget_set_visible (self->compare_button, self->dropout);
  gtk_widget_set_visible (self->exercise2_link, !self->dropout);
  gtk_widget_set_visible (self->exercise3_link, !self->dropout);
  gtk_widget_set_visible (self->exercise4_link, self->dropout);
  gtk_widget_set_visible (GTK_WIDGET (self->dropout_demo), self->dropout);
  for (guint i = 0; i < G_N_ELEMENTS (dropout_rows); i++)
    gtk_widget_set_visible (dropout_rows[i], self->dropout);
  if (self->dropout)
    {
      gtk_label_set_text_with_mnemonic (GTK_LABEL (self->hidden1_label), _("_Hidden 1"));
      gtk_drop_down_set_model (GTK_DROP_DOWN (self->model_dropdown), G_LIST_MODEL (self->dropout_models));
    }
}

GtkWidget *
mlp_training_page_new (MlpWorker *worker, MlpDataCache *cache, GSettings *settings, gboolean dropout,
                       const char *data_dir)
{
  MlpTrainingPage *self = g_object_new (MLP_TYPE_TRAINING_PAGE, "worker", worker, "data-cache", cache,
                                        "settings", settings, NULL);
  g_autofree char *store = NULL;

  self->dropout = dropout;
  mlp_runs_list_set_worker (self->runs_list, worker);
  store = mlp_run_store_dir (dropout ? "dropout" : "mlp");
  mlp_runs_list_set_store (self->runs_list, store, dropout);
  setup_section (self);
  if (settings != NULL)
    bind_settings (self);
  on_init_changed (self);
  mlp_progress_board_reset (self->board, 1, (guint) spin (self->epochs_spin), NULL);
  mlp_section_page_set_data_dir (MLP_SECTION_PAGE (self), data_dir);
  rebuild_board (self);
  return GTK_WIDGET (self);
}

/* --------------------------------------------------------------- GObject */

static void
run (MlpSectionPage *page)
{
  request_run (MLP_TRAINING_PAGE (page), MLP_COMPARE_NONE);
}

static char *
dup_command (MlpSectionPage *page)
{
  return command_line (MLP_TRAINING_PAGE (page));
}

static void
mlp_training_page_dispose (GObject *object)
{
  MlpTrainingPage *self = MLP_TRAINING_PAGE (object);

  mlp_section_page_cancel (MLP_SECTION_PAGE (self), TRAIN_SLOT);
  /* a late update may still reach the board, which no longer redraws us */
  if (self->board != NULL)
    g_signal_handlers_disconnect_by_data (self->board, self);
  g_clear_object (&self->board);
  g_clear_pointer (&self->pending_command, g_free);
  g_clear_pointer (&self->partial, mlp_training_partial_unref);
  G_OBJECT_CLASS (mlp_training_page_parent_class)->dispose (object);
}

static void
bind_template (GtkWidgetClass *widget_class)
{
  mlp_section_page_class_set_template (MLP_SECTION_PAGE_CLASS (widget_class), "/io/github/mlplab/MlpLab/ui/mlp-training-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, result_label);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, compare_button);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, twins_button);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, raw_check);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, smoothing_scale);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, smoothing_adjustment);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, dropout_demo);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, exercise2_link);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, exercise3_link);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, exercise4_link);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, runs_list);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, plot_view);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, gap_view);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, analysis);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, model_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, activation_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, init_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, hidden1_label);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, hidden2_label);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, dropout1_label);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, dropout2_label);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, hidden1_spin);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, hidden2_spin);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, dropout1_spin);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, dropout2_spin);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, sigma_spin);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, constant_spin);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, lr_spin);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, batch_spin);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, epochs_spin);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, seed_spin);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, limit_spin);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, dropout_models);
}

static void
mlp_training_page_class_init (MlpTrainingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MlpSectionPageClass *page_class = MLP_SECTION_PAGE_CLASS (klass);

  object_class->dispose = mlp_training_page_dispose;
  page_class->run = run;
  page_class->data_dir_changed = data_dir_changed;
  page_class->dup_command = dup_command;

  g_type_ensure (MLP_TYPE_DROPOUT_DEMO);
  g_type_ensure (MLP_TYPE_RUNS_LIST);
  g_type_ensure (MLP_TYPE_TRAINING_ANALYSIS);
  bind_template (widget_class);
  gtk_widget_class_bind_template_callback (widget_class, on_start_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_compare_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_twins_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_command_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_init_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_board_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_load_requested);
  gtk_widget_class_bind_template_callback (widget_class, on_runs_error);
}

static void
mlp_training_page_init (MlpTrainingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Translators: "Training images" 0, the whole training set */
  mlp_number_input_set_zero_text (GTK_SPIN_BUTTON (self->limit_spin), C_("training images", "All"), "All");
  self->board = mlp_progress_board_new ();
  g_signal_connect_swapped (self->board, "changed", G_CALLBACK (rebuild_board), self);
}
