/* mlp-run.h — one run of a training section as the Runs list keeps it, and
 * its files.
 *
 * A run is how it was made (the model's and the training's settings, the
 * mlplab-cli line), how it ended (its status, where a stopped run stopped,
 * how long it trained), its curves and, while it has them, its trained
 * parameters.
 *
 * On disk a run is a pair: the safetensors checkpoint (with mlplab.status =
 * "stopped at epoch E, batch B" in the metadata of a stopped run: its
 * parameters are those after minibatch B of epoch E) and a JSON file beside
 * it (run-1.safetensors → run-1.json) with the settings and the curves.
 * Reading a checkpoint reads that JSON too when it is there; when it is
 * missing or broken, the run has no curves and a note says why.
 *
 * The store: a section's runs are kept under
 * $XDG_DATA_HOME/mlplab/runs/SECTION/ as such pairs, so that they come back
 * at the next start.  Every function that touches a file is a job for the
 * worker (MlpJobFunc, in the quick lane) and works on copies it owns.
 */
#pragma once

#include <glib.h>

#include "mlp-json-writer.h"
#include "mlp-models.h"
#include "mlp-progress-board.h"
#include "mlp-trainer.h"
#include "mlp-worker.h"

G_BEGIN_DECLS

typedef struct {
  guint           number;         /* in the Runs list, 1-based; 0 until listed */
  char           *name;           /* its legend name in a comparison ("no dropout"), or NULL */
  char           *status;         /* "completed", "stopped", "diverged", "failed" or "loaded" */
  guint           stopped_epoch;  /* a stopped run: the last minibatch that trained, */
  guint           stopped_batch;  /* epoch (1-based) and batch (1-based; 0 = none); else 0 */
  char           *command;        /* the mlplab-cli line */
  double          seconds;        /* how long it trained */
  gboolean        has_config;     /* config and train are known */
  MlpModelConfig  config;
  MlpTrainConfig  train;
  MlpBoardCurves *curves;
  MlpModel       *model;          /* the trained parameters, or NULL */
  char           *stored;         /* its checkpoint in the store, or NULL */
  gboolean        overlay;        /* drawn on the board */
} MlpRun;

/* an empty run with this status; (transfer full) */
MlpRun   *mlp_run_new            (const char *status);
void      mlp_run_free           (gpointer run);
/* "#3", or "#3 no dropout"; (transfer full) */
char     *mlp_run_dup_title      (const MlpRun *run);
/* the Runs row: "#3 MLP, 256 hidden units, all images" and on a second line
 * how it ended, "completed: val_acc 0.8412, 10 epochs, 41.2 s"; (transfer full) */
char     *mlp_run_dup_summary    (const MlpRun *run);
/* "stopped at epoch 3, batch 17" (as the JSON's stopped_at says it, not
 * translated), or NULL for a run that was not stopped; (transfer full) */
char     *mlp_run_dup_stopped_at (const MlpRun *run);
/* the run as a JSON object (a member of the Runs export) */
void      mlp_run_write_json     (const MlpRun *run, MlpJsonWriter *writer);
/* run-1.safetensors → run-1.json; (transfer full) */
char     *mlp_run_json_path      (const char *checkpoint);

/* the store's folder of a section ("mlp", "dropout"); (transfer full) */
char     *mlp_run_store_dir      (const char *section);

/* ---------------------------------------------------------------- jobs */

/* what a read returns: the runs, and what was wrong with files that were
 * skipped or read in part (for the page's message line) */
typedef struct {
  GPtrArray *runs;    /* MlpRun * */
  GPtrArray *notes;   /* char * */
} MlpRunFiles;

void      mlp_run_files_free     (gpointer files);

/* Saving a run at path (its checkpoint, and the JSON beside it): a copy of
 * the run made on the main thread.  A run without parameters in memory is
 * copied from its checkpoint in the store.  NULL with error when the run has
 * no parameters at all.  (transfer full) */
gpointer  mlp_run_save_new       (const MlpRun *run, const char *path, GError **error);
void      mlp_run_save_free      (gpointer save);
/* an MlpJobFunc: job_data is an mlp_run_save_new; writes the checkpoint,
 * then the JSON (a checkpoint the save created goes again when its JSON
 * cannot be written); the result is path, (transfer full) */
gpointer  mlp_run_save_job       (MlpJob *job, gpointer job_data, GError **error);

/* Reading the checkpoint at path for a section that trains dropout models
 * (or not); (transfer full) */
gpointer  mlp_run_read_new       (const char *path, gboolean dropout);
void      mlp_run_read_free      (gpointer read);
/* an MlpJobFunc: job_data is an mlp_run_read_new; the result an MlpRunFiles
 * with the run (status "loaded") or an error naming the file: not a
 * checkpoint, or one of a model the section does not train */
gpointer  mlp_run_read_job       (MlpJob *job, gpointer job_data, GError **error);
/* an MlpJobFunc: job_data is an mlp_run_read_new of the store's folder;
 * the result an MlpRunFiles of its runs, oldest first, each with stored
 * set and without parameters (they stay on disk until saved elsewhere);
 * files that are not runs of the section are skipped with a note */
gpointer  mlp_run_scan_store_job (MlpJob *job, gpointer job_data, GError **error);
/* an MlpJobFunc: job_data is a checkpoint path (char *); removes it and the
 * JSON beside it */
gpointer  mlp_run_delete_job     (MlpJob *job, gpointer job_data, GError **error);

G_END_DECLS
