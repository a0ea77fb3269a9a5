/* mlp-runs-list.h — the runs of the session, under the training controls.
 *
 * Every finished, stopped or loaded run is kept with its curves, the command
 * line that reproduces it and, when it completed, its trained model.  A row
 * shows the run's number, status, final val_acc, epochs and seconds (the
 * command in its tooltip); ticking it overlays its curves on the board
 * (::overlays-changed, then mlp_runs_list_add_overlays).  A row copies its
 * command, and saves its model as a safetensors checkpoint with a JSON file
 * of its settings and curves beside it.  The header exports all runs as JSON
 * or CSV, by the file name, and loads a checkpoint: ::load-requested gives
 * the page the path, which reads it with mlp_runs_list_read_run_async and
 * adds the run.  Checkpoints are written and read on the worker.  When saving
 * or exporting fails, ::error has the message for the page to show.
 *
 * Widget actions: runs.load, runs.export, runs.save(u), runs.copy-command(u),
 * the last two for a run's index (0-based).
 */
#pragma once

#include <gtk/gtk.h>

#include "mlp-models.h"
#include "mlp-plot.h"
#include "mlp-progress-board.h"
#include "mlp-trainer.h"
#include "mlp-worker.h"

G_BEGIN_DECLS

#define MLP_TYPE_RUNS_LIST (mlp_runs_list_get_type ())
G_DECLARE_FINAL_TYPE (MlpRunsList, mlp_runs_list, MLP, RUNS_LIST, GtkWidget)

GtkWidget *mlp_runs_list_new            (void);
/* the worker that saves checkpoints (a new reference is taken) */
void       mlp_runs_list_set_worker     (MlpRunsList *self, MlpWorker *worker);

/* Keeps a run.  name (nullable): its legend name in a comparison ("no
 * dropout"); status: "completed", "stopped", "diverged", "failed" or
 * "loaded"; command: the mlplab-cli line; curves (nullable: none) are copied; model (nullable,
 * transfer full) with train, how it was trained.  Returns the run's number
 * (1-based). */
guint      mlp_runs_list_add            (MlpRunsList *self, const char *name, const char *status,
                                         const char *command, const MlpBoardCurves *curves, double seconds,
                                         MlpModel *model, const MlpTrainConfig *train);
/* adds the ticked runs' train_loss and val_acc to plot */
void       mlp_runs_list_add_overlays   (MlpRunsList *self, MlpPlot *plot);

/* all runs as a JSON array, curves included; (transfer full) */
char      *mlp_runs_list_dup_json       (MlpRunsList *self);
/* all runs as CSV, one row per epoch; (transfer full) */
char      *mlp_runs_list_dup_csv        (MlpRunsList *self);

/* Saves run index (0-based) as a checkpoint at path, and its settings and
 * curves as JSON beside it (run-1.safetensors → run-1.json), on the worker.
 * Fails for a run without a trained model. */
void       mlp_runs_list_save_run_async  (MlpRunsList         *self,
                                          guint                index,
                                          const char          *path,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean   mlp_runs_list_save_run_finish (MlpRunsList   *self,
                                          GAsyncResult  *result,
                                          GError       **error);

/* Reads the checkpoint at path on the worker and checks that its model is
 * one the section trains: with dropout and two hidden layers (dropout) or
 * one hidden layer without, 784 inputs and 10 classes.  Errors name the file. */
void       mlp_runs_list_read_run_async  (MlpRunsList         *self,
                                          const char          *path,
                                          gboolean             dropout,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/* the model (transfer full), or NULL with error; train receives how it was
 * trained */
MlpModel  *mlp_runs_list_read_run_finish (MlpRunsList     *self,
                                          GAsyncResult    *result,
                                          MlpTrainConfig  *train,
                                          GError         **error);

G_END_DECLS
