/* mlp-runs-list.h — the runs of a training section, under its controls.
 *
 * Every finished, stopped or loaded run is kept as an MlpRun (mlp-run.h):
 * its curves, the command line that reproduces it and, when it completed or
 * was stopped, its trained parameters.  A row names the run's model as the
 * chapter does (MLPScratch, MLP, DropoutMLPScratch, DropoutMLP), its hidden
 * units and training images, and how it ended (the command in its tooltip);
 * ticking it overlays its curves on the board (::overlays-changed, then
 * mlp_runs_list_add_overlays).  A row copies its command, saves its
 * parameters as a safetensors checkpoint with a JSON file of its settings
 * and curves beside it, and deletes the run.  The header exports all runs
 * as JSON or CSV, by the file name, and loads a checkpoint: ::load-requested
 * gives the page the path, which reads it with mlp_runs_list_read_run_async
 * and adds the run.
 *
 * With a store (mlp_runs_list_set_store) the runs outlive the session: the
 * stored ones are listed when the store is set, each completed or stopped
 * run is stored as it joins the list, and Delete removes its files.  Every
 * file is read and written on the worker's quick lane; when that fails,
 * ::error has the message for the page to show.
 *
 * Widget actions: runs.load, runs.export, and for a run's index (0-based)
 * runs.save(u), runs.copy-command(u), runs.delete(u).
 */
#pragma once

#include <gtk/gtk.h>

#include "mlp-plot.h"
#include "mlp-run.h"
#include "mlp-worker.h"

G_BEGIN_DECLS

#define MLP_TYPE_RUNS_LIST (mlp_runs_list_get_type ())
G_DECLARE_FINAL_TYPE (MlpRunsList, mlp_runs_list, MLP, RUNS_LIST, GtkWidget)

GtkWidget  *mlp_runs_list_new            (void);
/* the worker that reads and writes the files (a new reference is taken) */
void        mlp_runs_list_set_worker     (MlpRunsList *self, MlpWorker *worker);
/* Keeps the runs in the folder dir (mlp_run_store_dir): lists the runs
 * stored there (read on the worker; they arrive a moment later) and stores
 * the completed and stopped runs added from now on.  dropout: the section
 * trains the dropout models (other checkpoints are skipped). */
void        mlp_runs_list_set_store      (MlpRunsList *self, const char *dir, gboolean dropout);

/* Keeps a run (transfer full) and gives it its number, which it returns. */
guint       mlp_runs_list_add            (MlpRunsList *self, MlpRun *run);
guint       mlp_runs_list_get_n_runs     (MlpRunsList *self);
/* what the row of run index says; (transfer none) */
const char *mlp_runs_list_get_row_text   (MlpRunsList *self, guint index);
/* the parameters of run index in memory, or NULL; (transfer none) */
MlpModel   *mlp_runs_list_get_model      (MlpRunsList *self, guint index);
/* adds the ticked runs' train_loss and val_acc to plot */
void        mlp_runs_list_add_overlays   (MlpRunsList *self, MlpPlot *plot);

/* all runs as a JSON array, curves included; (transfer full) */
char       *mlp_runs_list_dup_json       (MlpRunsList *self);
/* all runs as CSV, one row per epoch; (transfer full) */
char       *mlp_runs_list_dup_csv        (MlpRunsList *self);

/* Saves run index (0-based) as a checkpoint at path, and its settings and
 * curves as JSON beside it (run-1.safetensors → run-1.json), on the worker.
 * Fails for a run without trained parameters. */
void        mlp_runs_list_save_run_async  (MlpRunsList         *self,
                                           guint                index,
                                           const char          *path,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean    mlp_runs_list_save_run_finish (MlpRunsList   *self,
                                           GAsyncResult  *result,
                                           GError       **error);

/* Reads the checkpoint at path on the worker, and the JSON beside it for
 * its curves, and checks that its model is one the section trains (with
 * dropout and two hidden layers, or one hidden layer without; 784 inputs
 * and 10 classes).  Errors name the file. */
void        mlp_runs_list_read_run_async  (MlpRunsList         *self,
                                           const char          *path,
                                           gboolean             dropout,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* the run, status "loaded", not yet in the list (transfer full), or NULL
 * with error; note (nullable) receives why it has no curves, or NULL */
MlpRun     *mlp_runs_list_read_run_finish (MlpRunsList     *self,
                                           GAsyncResult    *result,
                                           char           **note,
                                           GError         **error);

G_END_DECLS
