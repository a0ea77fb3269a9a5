/* mlp-trainer.h — d2l's Trainer.fit: epochs of shuffled minibatch SGD with
 * a validation pass after each epoch.
 *
 * The callbacks run on the thread that calls mlp_trainer_fit() (the GUI's
 * worker, or the CLI's main thread).  should_stop is the cancel hook, checked
 * before every minibatch: returning TRUE stops the run (MLP_ERROR_CANCELLED);
 * a caller that wants to pause simply blocks inside it.  A NaN or infinite
 * loss, or one MLP_DIVERGENCE_FACTOR times above the first minibatch's, stops
 * the run with MLP_ERROR_DIVERGED instead of producing NaN curves.
 * Whatever happened, `result` holds the epochs that completed, and for a
 * run that did not complete, where it ended: the model keeps the parameters
 * it had there, so a stopped run can still be saved.
 */
#pragma once

#include <glib.h>

#include "mlp-dataset.h"
#include "mlp-models.h"

G_BEGIN_DECLS

/* a minibatch loss this many times the first one (at least 1) is divergence */
#define MLP_DIVERGENCE_FACTOR 100.0f

typedef struct {
  guint    epochs;         /* max_epochs, 10 */
  float    lr;             /* 0.1 */
  guint    batch_size;     /* 256 */
  float    momentum;       /* 0: plain SGD as in the chapter */
  float    weight_decay;   /* 0 */
  guint64  seed;           /* the data order (the model has its own seed) */
  gsize    limit_train;    /* use only the first N training examples; 0 = all */
  gsize    limit_val;      /* use only the first N validation examples; 0 = all */
} MlpTrainConfig;

typedef struct {
  guint   epoch;           /* 1-based */
  guint   batch;           /* 0-based within the epoch */
  guint   n_batches;       /* batches per epoch */
  gsize   batch_size;      /* examples in this batch (the last one may be short) */
  double  loss;            /* this batch's mean loss */
  double  accuracy;        /* this batch's training accuracy */
  double  elapsed;         /* seconds since fit started */
} MlpBatchReport;

typedef struct {
  guint   epoch;           /* 1-based */
  guint   n_epochs;
  double  train_loss;      /* mean over the epoch's examples */
  double  train_acc;
  double  val_loss;
  double  val_acc;
  double  seconds;         /* this epoch: training and validation */
  double  train_seconds;   /* of which training */
} MlpEpochReport;

typedef struct {
  void     (*batch_done)  (const MlpBatchReport *report, gpointer user_data);
  void     (*epoch_done)  (const MlpEpochReport *report, gpointer user_data);
  gboolean (*should_stop) (gpointer user_data);
  gpointer   user_data;
} MlpTrainerCallbacks;

typedef struct {
  GArray  *epochs;           /* MlpEpochReport, one per completed epoch */
  double   seconds;          /* wall time of the whole fit */
  double   samples_per_second; /* training examples per second of training time */
  guint    stop_epoch;       /* a run stopped or diverged: the epoch it was in (1-based), */
  guint    stop_batch;       /* and how many of its batches the parameters have seen;
                              * 0 and 0 for a run that completed */
} MlpTrainResult;

void     mlp_train_config_init   (MlpTrainConfig *config);
gboolean mlp_train_config_validate (const MlpTrainConfig *config, GError **error);
void     mlp_train_result_clear  (MlpTrainResult *result);

/* callbacks and result may be NULL */
gboolean mlp_trainer_fit         (MlpModel                  *model,
                                  const MlpDataset          *train,
                                  const MlpDataset          *val,
                                  const MlpTrainConfig      *config,
                                  const MlpTrainerCallbacks *callbacks,
                                  MlpTrainResult            *result,
                                  GError                   **error);

/* Mean loss and accuracy over the first `limit` examples (0 = all), in eval
 * mode without recording a graph. */
void     mlp_trainer_evaluate    (MlpModel         *model,
                                  const MlpDataset *ds,
                                  gsize             limit,
                                  guint             batch_size,
                                  double           *loss,
                                  double           *accuracy);

/* the first misclassified examples of a data set, for the gallery */
typedef struct {
  guint    max;          /* capacity of the arrays */
  guint    n;            /* filled in */
  guint32 *index;        /* example index in the data set */
  guint8  *predicted;    /* the model's class */
  float   *confidence;   /* its softmax probability */
} MlpMistakes;

/* The confusion matrix: confusion[true × n_classes + predicted] counts the
 * first `limit` examples (0 = all); confusion has n_classes² entries.
 * mistakes (may be NULL) collects the first misclassified examples. */
void     mlp_trainer_confusion   (MlpModel         *model,
                                  const MlpDataset *ds,
                                  gsize             limit,
                                  guint             batch_size,
                                  guint            *confusion,
                                  MlpMistakes      *mistakes);

G_END_DECLS
