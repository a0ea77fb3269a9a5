/* mlp-deep.h — per-layer gradient norms of a deep MLP: the chapter's
 * "Numerical Stability and Initialization" experiments.  One forward and
 * backward pass on a batch, and what happens to the activations and the
 * gradients layer by layer (vanishing with sigmoid, kept in scale by Xavier).
 *
 *   net = Flatten, (Linear(width), activation) × depth, Linear(classes)
 *
 * The batch is real Fashion-MNIST images when a data set is given, else
 * N(0, 1) inputs with random labels.
 */
#pragma once

#include <glib.h>

#include "mlp-dataset.h"
#include "mlp-init.h"
#include "mlp-models.h"

G_BEGIN_DECLS

typedef struct {
  guint          depth;        /* hidden layers, 1 … 64 */
  gsize          width;        /* units per hidden layer */
  MlpActivation  activation;
  MlpInit        init;
  guint64        seed;
  guint          batch;        /* examples in the batch */
  /* The cancel hook, as the trainer's should_stop: called before drawing
   * each layer's weights, before each layer's forward and before the
   * backward pass (2 × depth + 3 times); returning TRUE stops the run with
   * MLP_ERROR_CANCELLED.  NULL (mlp_deep_config_init's) never stops. */
  gboolean     (*should_stop) (gpointer user_data);
  gpointer       user_data;
} MlpDeepConfig;

typedef struct {
  guint    n_layers;           /* depth + 1 weight matrices */
  double  *grad_norm;          /* Frobenius norm of each weight's gradient */
  double  *grad_var;           /* variance of each weight's gradient */
  double  *act_var;            /* variance of each hidden layer's output (depth values) */
  double   loss;
  double   values[];           /* the three arrays, in the result's one allocation */
} MlpDeepResult;

void           mlp_deep_config_init (MlpDeepConfig *config);
/* what the Numerical stability section draws beside a: ReLU, or sigmoid
 * when a is ReLU */
MlpActivation  mlp_deep_compared_activation (MlpActivation a);
/* ds may be NULL (random inputs); (transfer full) or NULL with error */
MlpDeepResult *mlp_deep_run         (const MlpDeepConfig *config, const MlpDataset *ds, GError **error);
void           mlp_deep_result_free (MlpDeepResult *r);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpDeepResult, mlp_deep_result_free)

G_END_DECLS
