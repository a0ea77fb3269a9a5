/* mlp-training-job.h — a training run on the worker.
 *
 * The page copies its hyper-parameters into an MlpTrainingRequest and submits
 * mlp_training_job; the job trains with the engine's trainer (the same code as
 * `mlplab-cli train`).  The trainer's callbacks run on the worker; they
 * collect the progress board's points and hand copies to the main thread with
 * mlp_job_send() at most every 50 ms, at each half epoch and at each epoch's
 * end.  The job's result carries the trained models and, after a single run,
 * what the views under the board show.
 */
#pragma once

#include <glib.h>

#include "mlp-data-cache.h"
#include "mlp-dataset.h"
#include "mlp-fashion-mnist.h"
#include "mlp-models.h"
#include "mlp-progress-board.h"
#include "mlp-run-figures.h"
#include "mlp-trainer.h"
#include "mlp-worker.h"

G_BEGIN_DECLS

typedef enum {
  MLP_COMPARE_NONE,
  MLP_COMPARE_DROPOUT,          /* then the same network without dropout */
  MLP_COMPARE_IMPLEMENTATIONS,  /* from scratch, then concise from the same initial weights */
} MlpComparison;

typedef struct _MlpTrainingPartial MlpTrainingPartial;

/* the job's parameters, copied in; freed on the worker */
typedef struct {
  MlpDataRequest      data;      /* Fashion-MNIST, through the window's cache */
  MlpModelConfig      model;
  MlpTrainConfig      train;
  MlpComparison       compare;
  MlpProgressBoard   *board;     /* a strong reference: where the points go */
  guint               serial;    /* mlp_progress_board_reset's, for the points */
  MlpTrainingPartial *partial;   /* a reference (nullable): what a run that did not finish leaves */
} MlpTrainingRequest;


typedef struct {
  double          seconds;              /* of all runs */
  double          run_seconds[2];       /* of each */
  double          samples_per_second;   /* of the last run */
  MlpEpochReport  last[2];              /* the final epoch of each run */
  guint           n_runs;               /* that started */
  MlpModel       *models[2];            /* the trained models (transfer full) */
  MlpTrainConfig  train;
  MlpRunAnalysis *analysis;             /* of a single run; NULL for a comparison */
  guint           stopped_epoch;        /* a run that did not finish: its last minibatch */
  guint           stopped_batch;        /* that trained, epoch and batch (1-based; 0: none) */
} MlpTrainingResult;

/* What a run that did not finish (stopped, diverged or failed) leaves: the
 * job puts its MlpTrainingResult here on the worker just before it returns
 * its error, with the models as they were after their last minibatch; the
 * page takes it on the main thread in the job's done, which the worker
 * calls after the job returned.  A job that never ran leaves nothing.
 * Reference counted; the page and the request hold one each. */
struct _MlpTrainingPartial {
  MlpTrainingResult *result;   /* (nullable) */
};

/* (transfer full) */
MlpTrainingPartial *mlp_training_partial_new   (void);
MlpTrainingPartial *mlp_training_partial_ref   (MlpTrainingPartial *partial);
void                mlp_training_partial_unref (gpointer partial);
/* the result, if the job left one; (transfer full) (nullable) */
MlpTrainingResult  *mlp_training_partial_steal (MlpTrainingPartial *partial);

/* the model of run (0 or 1) of a request for model: run 0 trains model; run
 * 1 of the dropout comparison the same network without dropout, of the
 * implementations the concise twin of the scratch model */
void                mlp_training_run_config   (MlpComparison compare, const MlpModelConfig *model,
                                               guint run, MlpModelConfig *out);

/* (transfer full): board is referenced */
/* data is moved into the request (and cleared) */
MlpTrainingRequest *mlp_training_request_new  (MlpDataRequest *data, MlpProgressBoard *board, guint serial);
void                mlp_training_request_free (gpointer request);
void                mlp_training_result_free  (gpointer result);

/* the job in the status area, "Training mlp"; (transfer full) */
char               *mlp_training_job_title    (MlpComparison compare, MlpModelKind kind);
/* an MlpJobFunc: job_data is an MlpTrainingRequest, the result an
 * MlpTrainingResult.  One run, or a comparison of two: the dropout run and
 * then the same network without dropout from the same seed (the same initial
 * weights, since dropout masks come from a stream of their own, and the same
 * data order), or the scratch model and then the concise one starting from a
 * copy of its initial weights. */
gpointer            mlp_training_job          (MlpJob *job, gpointer job_data, GError **error);

G_END_DECLS
