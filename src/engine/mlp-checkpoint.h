/* mlp-checkpoint.h — a trained model on disk: its parameters as safetensors
 * with the notebook's names, and in the "__metadata__" what rebuilds and
 * reproduces it (mlplab.model, .inputs, .outputs, .hiddens, .dropout,
 * .activation, .init, .seed, .lr, .batch_size, .epochs).  Used by `mlplab-cli train --save` and
 * the app's Runs list. */
#pragma once

#include <glib.h>

#include "mlp-models.h"
#include "mlp-trainer.h"

G_BEGIN_DECLS

/* epochs: how many were trained (stored as mlplab.epochs) */
gboolean  mlp_checkpoint_save (const char *path, MlpModel *model, const MlpTrainConfig *train,
                               guint epochs, GError **error);
/* the same with more metadata: extra holds key, value, key, value …, NULL
 * (the app's "stopped_at" = "stopped at epoch 3, batch 17"); a key of
 * the checkpoint's own is replaced */
gboolean  mlp_checkpoint_save_with_metadata (const char *path, MlpModel *model,
                                             const MlpTrainConfig *train, guint epochs,
                                             const char *const *extra, GError **error);
/* A new model with the saved configuration and parameters; train (may be
 * NULL) receives the saved lr, batch size, epochs and seed over the defaults.
 * Errors name the file.  (transfer full) */
MlpModel *mlp_checkpoint_load (const char *path, MlpTrainConfig *train, GError **error);

G_END_DECLS
