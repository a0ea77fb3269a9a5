/* mlp-runs-list.c — see mlp-runs-list.h.  The runs' files are mlp-run.c's;
 * this is the list: its rows, the store's comings and goings, the exports
 * and the file choosers. */
#include "mlp-runs-list.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "mlp-error.h"
#include "mlp-file-chooser.h"

struct _MlpRunsList {
  GtkWidget   parent_instance;

  GtkWidget  *header;
  GtkWidget  *list;
  MlpWorker  *worker;
  GPtrArray  *runs;            /* MlpRun *, oldest first */
  guint       next_number;
  char       *store;           /* the store's folder, or NULL */
};

G_DEFINE_FINAL_TYPE (MlpRunsList, mlp_runs_list, GTK_TYPE_WIDGET)

enum { OVERLAYS_CHANGED, LOAD_REQUESTED, ERROR, N_SIGNALS };

static guint signals[N_SIGNALS];

/* the run with this number, or NULL when it was deleted */
static MlpRun *
find_run (MlpRunsList *self, guint number, guint *index)
{
  for (guint i = 0; i < self->runs->len; i++)
    if (((MlpRun *) self->runs->pdata[i])->number == number)
      {
        if (index != NULL)
          *index = i;
        return self->runs->pdata[i];
      }
  return NULL;
}

/* ------------------------------------------------------------------ JSON */

char *
mlp_runs_list_dup_json (MlpRunsList *self)
{
  g_autoptr(MlpJsonWriter) w = NULL;

  g_return_val_if_fail (MLP_IS_RUNS_LIST (self), NULL);

  w = mlp_json_writer_new (MLP_JSON_PRETTY);
  mlp_json_writer_begin_array (w);
  for (guint i = 0; i < self->runs->len; i++)
    mlp_run_write_json (self->runs->pdata[i], w);
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
      MlpRun *r = self->runs->pdata[i];
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
  MlpRun *r = find_run (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (check), "run")), NULL);

  if (r == NULL)
    return;
  r->overlay = gtk_check_button_get_active (check);
  g_signal_emit (self, signals[OVERLAYS_CHANGED], 0);
}

/* a flat icon button that activates a runs.… action for run index; name is
 * what a screen reader says (the tooltip is its description) */
static GtkWidget *
row_button_new (const char *icon_name, const char *tooltip, const char *name, const char *action, guint index)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "u", index);
  return button;
}

/* the overlay check with the run's two lines, wrapped to the panel */
static GtkWidget *
row_check_new (MlpRunsList *self, MlpRun *r)
{
  g_autofree char *summary = mlp_run_dup_summary (r);
  g_auto(GStrv) lines = g_strsplit (summary, "\n", -1);
  g_autofree char *spoken = g_strjoinv (", ", lines);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *label = gtk_label_new (summary);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 30);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_check_button_set_child (GTK_CHECK_BUTTON (check), label);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), r->overlay);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, spoken, -1);
  gtk_widget_set_tooltip_text (check, r->command);
  gtk_widget_set_hexpand (check, TRUE);
  g_object_set_data (G_OBJECT (check), "run", GUINT_TO_POINTER (r->number));
  g_signal_connect (check, "toggled", G_CALLBACK (on_overlay_toggled), self);
  return check;
}

/* a row: the overlay check, copy, save if there are parameters, delete */
static GtkWidget *
row_new (MlpRunsList *self, MlpRun *r, guint index)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  g_autofree char *copy = NULL, *save = NULL, *delete = NULL;

  /* Translators: what a screen reader says for the buttons of run #3 */
  copy = g_strdup_printf (_("Copy Command of Run #%u"), r->number);
  save = g_strdup_printf (_("Save Run #%u"), r->number);
  delete = g_strdup_printf (_("Delete Run #%u"), r->number);
  gtk_widget_set_margin_start (row, 6);
  gtk_widget_set_margin_end (row, 6);
  gtk_widget_set_margin_top (row, 4);
  gtk_widget_set_margin_bottom (row, 4);
  gtk_box_append (GTK_BOX (row), row_check_new (self, r));
  gtk_box_append (GTK_BOX (row), row_button_new ("edit-copy-symbolic", _("Copy the command that reproduces this run"),
                                                 copy, "runs.copy-command", index));
  if (r->model != NULL || r->stored != NULL)
    gtk_box_append (GTK_BOX (row), row_button_new ("document-save-symbolic",
                                                   _("Save the trained parameters and settings (safetensors)"),
                                                   save, "runs.save", index));
  gtk_box_append (GTK_BOX (row), row_button_new ("user-trash-symbolic",
                                                 _("Delete this run, and its files in MLP Lab’s store"),
                                                 delete, "runs.delete", index));
  return row;
}

/* the rows again, after a run left (the buttons' indices moved) */
static void
rebuild_rows (MlpRunsList *self)
{
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->list), 0)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), GTK_WIDGET (row));
  for (guint i = 0; i < self->runs->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (self->list), row_new (self, self->runs->pdata[i], i));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runs.export", self->runs->len > 0);
}

guint
mlp_runs_list_get_n_runs (MlpRunsList *self)
{
  g_return_val_if_fail (MLP_IS_RUNS_LIST (self), 0);

  return self->runs->len;
}

const char *
mlp_runs_list_get_row_text (MlpRunsList *self, guint index)
{
  GtkListBoxRow *row;
  GtkWidget *check;

  g_return_val_if_fail (MLP_IS_RUNS_LIST (self), NULL);

  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (self->list), (int) index);
  if (row == NULL)
    return NULL;
  check = gtk_widget_get_first_child (gtk_list_box_row_get_child (row));
  return gtk_label_get_text (GTK_LABEL (gtk_check_button_get_child (GTK_CHECK_BUTTON (check))));
}

MlpModel *
mlp_runs_list_get_model (MlpRunsList *self, guint index)
{
  g_return_val_if_fail (MLP_IS_RUNS_LIST (self), NULL);

  return index < self->runs->len ? ((MlpRun *) self->runs->pdata[index])->model : NULL;
}

/* ----------------------------------------------------------------- store */

static void store_run (MlpRunsList *self, MlpRun *r);

/* a run joins the list: its number, its row, and the store */
static guint
add_run (MlpRunsList *self, MlpRun *r, gboolean keep)
{
  r->number = ++self->next_number;
  g_ptr_array_add (self->runs, r);
  gtk_list_box_append (GTK_LIST_BOX (self->list), row_new (self, r, self->runs->len - 1));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runs.export", TRUE);
  if (keep)
    store_run (self, r);
  return r->number;
}

guint
mlp_runs_list_add (MlpRunsList *self, MlpRun *run)
{
  g_return_val_if_fail (MLP_IS_RUNS_LIST (self), 0);
  g_return_val_if_fail (run != NULL, 0);

  return add_run (self, run, self->store != NULL && run->model != NULL &&
                             (g_strcmp0 (run->status, "completed") == 0 || g_strcmp0 (run->status, "stopped") == 0));
}

static void
on_deleted (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr(GError) error = NULL;

  if (g_task_propagate_pointer (G_TASK (result), &error) == NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_signal_emit (source, signals[ERROR], 0, error->message);
}

/* removes a stored checkpoint and its JSON on the worker */
static void
delete_files (MlpRunsList *self, const char *path)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, on_deleted, NULL);

  /* Translators: the job in the status area */
  mlp_worker_submit_task (self->worker, MLP_LANE_QUICK, _("Deleting a run"), mlp_run_delete_job,
                          g_strdup (path), g_free, NULL, task);
}

/* a run is in the store: it remembers where, unless it was deleted meanwhile */
static void
on_stored (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MlpRunsList *self = MLP_RUNS_LIST (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_task_propagate_pointer (G_TASK (result), &error);
  MlpRun *r;

  if (path == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_signal_emit (self, signals[ERROR], 0, error->message);
      return;
    }
  r = find_run (self, GPOINTER_TO_UINT (g_task_get_task_data (G_TASK (result))), NULL);
  if (r == NULL)
    delete_files (self, path);
  else if (r->stored == NULL)
    r->stored = g_steal_pointer (&path);
}

/* writes the run into the store, named by the time, so that the store's
 * order is the runs' */
static void
store_run (MlpRunsList *self, MlpRun *r)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
  g_autofree char *name = g_strdup_printf ("run-%s-%06d-%u.safetensors", stamp,
                                           g_date_time_get_microsecond (now), r->number);
  g_autofree char *path = g_build_filename (self->store, name, NULL);
  g_autoptr(GTask) task = g_task_new (self, NULL, on_stored, NULL);
  g_autoptr(GError) error = NULL;
  gpointer save = mlp_run_save_new (r, path, &error);

  if (save == NULL)
    {
      g_signal_emit (self, signals[ERROR], 0, error->message);
      return;
    }
  g_task_set_task_data (task, GUINT_TO_POINTER (r->number), NULL);
  /* Translators: the job in the status area */
  mlp_worker_submit_task (self->worker, MLP_LANE_QUICK, _("Keeping the run"), mlp_run_save_job, save,
                          mlp_run_save_free, g_free, task);
}

/* the stored runs, read on the worker, join the list */
static void
on_store_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  MlpRunsList *self = MLP_RUNS_LIST (source);
  g_autoptr(GError) error = NULL;
  MlpRunFiles *files = g_task_propagate_pointer (G_TASK (result), &error);

  if (files == NULL)
    return;   /* cancelled: the window is closing */
  for (guint i = 0; i < files->runs->len; i++)
    add_run (self, g_steal_pointer (&files->runs->pdata[i]), FALSE);
  if (files->notes->len > 0)
    {
      g_ptr_array_add (files->notes, NULL);
      {
        g_autofree char *notes = g_strjoinv ("\n", (char **) files->notes->pdata);

        g_signal_emit (self, signals[ERROR], 0, notes);
      }
    }
  mlp_run_files_free (files);
}

void
mlp_runs_list_set_store (MlpRunsList *self, const char *dir, gboolean dropout)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MLP_IS_RUNS_LIST (self));
  g_return_if_fail (dir != NULL && self->worker != NULL);

  g_free (self->store);
  self->store = g_strdup (dir);
  task = g_task_new (self, NULL, on_store_read, NULL);
  /* Translators: the job in the status area */
  mlp_worker_submit_task (self->worker, MLP_LANE_QUICK, _("Reading the kept runs"), mlp_run_scan_store_job,
                          mlp_run_read_new (dir, dropout), mlp_run_read_free, mlp_run_files_free, task);
}

static void
delete_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MlpRunsList *self = MLP_RUNS_LIST (widget);
  guint index = g_variant_get_uint32 (param);
  MlpRun *r;
  gboolean overlay;

  if (index >= self->runs->len)
    return;
  r = self->runs->pdata[index];
  overlay = r->overlay;
  if (r->stored != NULL)
    delete_files (self, r->stored);
  g_ptr_array_remove_index (self->runs, index);
  rebuild_rows (self);
  if (overlay)
    g_signal_emit (self, signals[OVERLAYS_CHANGED], 0);
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
      MlpRun *r = self->runs->pdata[i];
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
  gpointer save;
  MlpRun *r;

  g_return_if_fail (MLP_IS_RUNS_LIST (self));
  g_return_if_fail (index < self->runs->len);
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mlp_runs_list_save_run_async);
  r = self->runs->pdata[index];
  save = mlp_run_save_new (r, path, &error);
  if (save == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Translators: the job in the status area */
  title = g_strdup_printf (_("Saving run #%u"), r->number);
  /* a checkpoint is saved at once, even while a model trains */
  mlp_worker_submit_task (self->worker, MLP_LANE_QUICK, title, mlp_run_save_job, save, mlp_run_save_free,
                          g_free, task);
}

gboolean
mlp_runs_list_save_run_finish (MlpRunsList *self, GAsyncResult *result, GError **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  path = g_task_propagate_pointer (G_TASK (result), error);
  return path != NULL;
}

/* ------------------------------------------------------------------ read */

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

  g_return_if_fail (MLP_IS_RUNS_LIST (self));
  g_return_if_fail (path != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mlp_runs_list_read_run_async);
  name = g_path_get_basename (path);
  /* Translators: the job in the status area, "Loading run-1.safetensors" */
  title = g_strdup_printf (_("Loading %s"), name);
  mlp_worker_submit_task (self->worker, MLP_LANE_QUICK, title, mlp_run_read_job, mlp_run_read_new (path, dropout),
                          mlp_run_read_free, mlp_run_files_free, task);
}

MlpRun *
mlp_runs_list_read_run_finish (MlpRunsList *self, GAsyncResult *result, char **note, GError **error)
{
  MlpRunFiles *files;
  MlpRun *run;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  files = g_task_propagate_pointer (G_TASK (result), error);
  if (files == NULL)
    return NULL;
  run = g_steal_pointer (&files->runs->pdata[0]);
  if (note != NULL)
    *note = files->notes->len > 0 ? g_strdup (files->notes->pdata[0]) : NULL;
  mlp_run_files_free (files);
  return run;
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
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), ((MlpRun *) self->runs->pdata[index])->command);
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
  MlpRunsList *self = MLP_RUNS_LIST (object);

  g_ptr_array_unref (self->runs);
  g_free (self->store);
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
  /* reading, saving or exporting failed; the message names the file */
  signals[ERROR] = g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mlplab/MlpLab/ui/mlp-runs-list.ui");
  gtk_widget_class_bind_template_child (widget_class, MlpRunsList, header);
  gtk_widget_class_bind_template_child (widget_class, MlpRunsList, list);
  gtk_widget_class_install_action (widget_class, "runs.load", NULL, load_action);
  gtk_widget_class_install_action (widget_class, "runs.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "runs.save", "u", save_action);
  gtk_widget_class_install_action (widget_class, "runs.copy-command", "u", copy_command_action);
  gtk_widget_class_install_action (widget_class, "runs.delete", "u", delete_action);
}

static void
mlp_runs_list_init (MlpRunsList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->runs = g_ptr_array_new_with_free_func (mlp_run_free);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "runs.export", FALSE);
}
