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

#include "mlp-dataset.h"
#include "mlp-fashion-mnist.h"
#include "mlp-models.h"
#include "mlp-progress-board.h"
#include "mlp-trainer.h"
#include "mlp-worker.h"

G_BEGIN_DECLS

typedef enum {
  MLP_COMPARE_NONE,
  MLP_COMPARE_DROPOUT,          /* then the same network without dropout */
  MLP_COMPARE_IMPLEMENTATIONS,  /* from scratch, then concise from the same initial weights */
} MlpComparison;

/* the job's parameters, copied in; freed on the worker */
typedef struct {
  char             *data_dir;
  MlpModelConfig    model;
  MlpTrainConfig    train;
  MlpComparison     compare;
  MlpProgressBoard *board;     /* a strong reference: where the points go */
  guint             serial;    /* mlp_progress_board_reset's, for the points */
} MlpTrainingRequest;

/* what the views under the board show after a single run */
typedef struct {
  guint      confusion[MLP_FASHION_MNIST_CLASSES * MLP_FASHION_MNIST_CLASSES];  /* [true][predicted] */
  MlpTensor *weights;            /* the first layer (hidden, 784), copied on the worker */
  float     *mistake_pixels;     /* n_mistakes × 784, in [0, 1] */
  char     **mistake_captions;   /* "shirt\n→ coat 62%", NULL-terminated */
  guint      n_mistakes;
} MlpRunAnalysis;

typedef struct {
  double          seconds;              /* of all runs */
  double          samples_per_second;   /* of the last run */
  MlpEpochReport  last[2];              /* the final epoch of each run */
  guint           n_runs;
  MlpModel       *models[2];            /* the trained models (transfer full) */
  MlpTrainConfig  train;
  MlpRunAnalysis *analysis;             /* of a single run; NULL for a comparison */
} MlpTrainingResult;

/* (transfer full): board is referenced */
MlpTrainingRequest *mlp_training_request_new  (const char *data_dir, MlpProgressBoard *board, guint serial);
void                mlp_training_request_free (gpointer request);
void                mlp_training_result_free  (gpointer result);
void                mlp_run_analysis_free     (MlpRunAnalysis *analysis);

/* an MlpJobFunc: job_data is an MlpTrainingRequest, the result an
 * MlpTrainingResult.  One run, or a comparison of two: the dropout run and
 * then the same network without dropout from the same seed (the same initial
 * weights, since dropout masks come from a stream of their own, and the same
 * data order), or the scratch model and then the concise one starting from a
 * copy of its initial weights. */
gpointer            mlp_training_job          (MlpJob *job, gpointer job_data, GError **error);

G_END_DECLS
