/* mlp-checkpoint.h — a trained model on disk: its parameters as safetensors
 * with the notebook's names, and in the "__metadata__" what rebuilds and
 * reproduces it (mlplab.model, .inputs, .outputs, .hiddens, .dropout,
 * .activation, .prelu ("shared" or "channel", PReLU only; absent: shared),
 * .init, .seed, .lr, .batch_size, .epochs) and how its run
 * ended (mlplab.status: "completed", or "stopped at epoch E, batch B" for a
 * run stopped after B batches of epoch E).  Used by `mlplab-cli train
 * --save`, `mlplab-cli eval` and the app's Runs list.
 *
 * Loading trusts nothing: the metadata is checked against sane bounds and
 * against the shapes of the tensors in the file, and the model against its
 * parameter budget, before anything is allocated; then the tensors are read
 * straight into the new model's parameters, a chunk at a time.
 */
#pragma once

#include <glib.h>

#include "mlp-file.h"
#include "mlp-models.h"
#include "mlp-trainer.h"

G_BEGIN_DECLS

/* how far the saved run got */
typedef struct {
  guint    epochs;          /* epochs completed (mlplab.epochs) */
  gboolean stopped;         /* the run was stopped (or diverged) before its last epoch ended */
  guint    stopped_epoch;   /* if so: the epoch it was in, 1-based */
  guint    stopped_batch;   /* and how many of that epoch's batches were trained */
} MlpCheckpointProgress;

typedef struct {
  guint64     max_model_bytes;   /* the parameter budget; 0: MLP_MODEL_MAX_PARAM_BYTES */
  MlpStopFunc should_stop;       /* (nullable) asked between chunks of 1 MiB; TRUE stops
                                  * the load with MLP_ERROR_CANCELLED (it may block to pause) */
  gpointer    user_data;
} MlpCheckpointLoadOptions;

/* epochs: how many were trained (stored as mlplab.epochs) */
gboolean  mlp_checkpoint_save (const char *path, MlpModel *model, const MlpTrainConfig *train,
                               guint epochs, GError **error);
/* the same for a run that may have been stopped: progress says how far it
 * got (mlplab.epochs and mlplab.status) */
gboolean  mlp_checkpoint_save_full (const char *path, MlpModel *model, const MlpTrainConfig *train,
                                    const MlpCheckpointProgress *progress, GError **error);
/* A new model with the saved configuration and parameters; train (may be
 * NULL) receives the saved lr, batch size, epochs and seed over the defaults.
 * Errors name the file.  (transfer full) */
MlpModel *mlp_checkpoint_load (const char *path, MlpTrainConfig *train, GError **error);
/* the same with a budget and a stop hook (options may be NULL), and how far
 * the saved run got (progress may be NULL).  (transfer full) */
MlpModel *mlp_checkpoint_load_full (const char                     *path,
                                    const MlpCheckpointLoadOptions *options,
                                    MlpTrainConfig                 *train,
                                    MlpCheckpointProgress          *progress,
                                    GError                        **error);

G_END_DECLS
