/* mlp-models.h — the four models of the chapter, built exactly as there.
 *
 *   mlp-scratch      MLPScratch: raw W1 (784, 256), b1, W2 (256, 10), b2 with
 *                    W ~ N(0, 0.01²), relu written as max(X, zeros);
 *                    H = relu(X W1 + b1), O = H W2 + b2
 *   mlp              MLP: Sequential(Flatten, LazyLinear(256), ReLU, LazyLinear(10)),
 *                    PyTorch's default Linear init
 *   dropout-scratch  DropoutMLPScratch: lin1, lin2, lin3 (LazyLinear) with the
 *                    chapter's dropout_layer after each hidden ReLU, training only
 *   dropout          DropoutMLP: Sequential(Flatten, LazyLinear, ReLU, Dropout,
 *                    LazyLinear, ReLU, Dropout, LazyLinear)
 *
 * Hidden sizes, the activation and the init scheme can be changed (the GUI's
 * experiments do); the defaults are the chapter's.  Parameter names are the
 * notebook's state_dict keys ("W1", "net.1.weight", "lin1.weight").
 */
#pragma once

#include <glib.h>

#include "mlp-init.h"
#include "mlp-nn.h"
#include "mlp-rng.h"
#include "mlp-state-dict.h"
#include "mlp-tensor.h"

G_BEGIN_DECLS

#define MLP_MAX_HIDDEN 32

typedef enum {
  MLP_MODEL_MLP_SCRATCH,
  MLP_MODEL_MLP,
  MLP_MODEL_DROPOUT_SCRATCH,
  MLP_MODEL_DROPOUT,
  MLP_MODEL_SOFTMAX,          /* softmax regression, d2l's concise SoftmaxRegression:
                               * Flatten, LazyLinear(10); no hidden layer */
} MlpModelKind;

typedef enum {
  MLP_ACTIVATION_RELU,
  MLP_ACTIVATION_PRELU,
  MLP_ACTIVATION_SIGMOID,
  MLP_ACTIVATION_TANH,
} MlpActivation;

typedef struct {
  MlpModelKind  kind;
  gsize         num_inputs;                /* 784 */
  gsize         num_outputs;               /* 10 */
  guint         n_hidden;                  /* hidden layers, 1 … MLP_MAX_HIDDEN (0 for softmax) */
  gsize         hiddens[MLP_MAX_HIDDEN];   /* units per hidden layer */
  float         dropouts[MLP_MAX_HIDDEN];  /* dropout after each hidden layer (dropout kinds) */
  MlpActivation activation;
  MlpInit       init;
  float         prelu_init;                /* initial PReLU slope, 0.25 */
  /* PReLU only (ignored otherwise): FALSE, one slope shared by each hidden
   * layer's units, nn.PReLU(); TRUE, one per unit, nn.PReLU(num_parameters =
   * hidden units), so net.2.weight has shape (256) instead of (1).  Every
   * kind with a hidden layer honours it (the scratch ones' a1 / act1.weight
   * too); checkpoints store it as mlplab.prelu */
  gboolean      prelu_per_channel;
  guint64       seed;                      /* draws the initial weights and dropout masks */
  guint64       max_param_bytes;           /* the parameter budget, in bytes of float32;
                                            * 0: MLP_MODEL_MAX_PARAM_BYTES (2 GiB) */
} MlpModelConfig;

/* the budget of a model whose config says 0: 2 GiB of float32 parameters,
 * 537 million; a model over its budget is refused before anything is
 * allocated, so that a typo in --hiddens is an error, not an abort */
#define MLP_MODEL_MAX_PARAM_BYTES ((guint64) 2 << 30)

/* one parameter as mlp_model_new() will make it, known from the config alone */
typedef struct {
  char   name[24];   /* the state_dict key: "W1", "net.4.weight", "lin2.bias" */
  guint  ndim;       /* 1 or 2 */
  gsize  shape[2];
} MlpParameterSpec;

typedef struct _MlpModel MlpModel;

/* the chapter's hyper-parameters for each kind */
void          mlp_model_config_init      (MlpModelConfig *config, MlpModelKind kind);
/* every field in range, and the parameters within the budget */
gboolean      mlp_model_config_validate  (const MlpModelConfig *config, GError **error);
/* how many parameters the model of a valid config has, without building it
 * (saturates at G_MAXUINT64) */
guint64       mlp_model_config_count_parameters (const MlpModelConfig *config);
/* (transfer full) the MlpParameterSpec of each parameter, in the order of
 * mlp_model_parameters(), without building the model: what a checkpoint is
 * checked against before the model is made */
GArray       *mlp_model_config_parameter_specs  (const MlpModelConfig *config);
/* the hidden units of each layer joined by separator, "256,256"; "" for
 * none (softmax regression); (transfer full) */
char         *mlp_model_config_hiddens_to_string (const MlpModelConfig *config, const char *separator);

const char   *mlp_model_kind_to_string   (MlpModelKind kind);
gboolean      mlp_model_kind_from_string (const char *s, MlpModelKind *out, GError **error);
const char   *mlp_activation_to_string   (MlpActivation a);
gboolean      mlp_activation_from_string (const char *s, MlpActivation *out, GError **error);
gboolean      mlp_model_kind_has_dropout (MlpModelKind kind);

/* Builds the model and draws its initial parameters (the lazy layers are
 * materialised with a dummy batch, as d2l's apply_init does). (transfer full) */
MlpModel     *mlp_model_new              (const MlpModelConfig *config, GError **error);
void          mlp_model_free             (MlpModel *model);
const MlpModelConfig *mlp_model_get_config (MlpModel *model);

/* X (N, …) with num_inputs values per row → logits (N, num_outputs); transfer full */
MlpTensor    *mlp_model_forward          (MlpModel *model, MlpTensor *X);
void          mlp_model_set_training     (MlpModel *model, gboolean training);
gboolean      mlp_model_get_training     (MlpModel *model);
/* references to the live parameters, in the notebook's order; (transfer full),
 * never NULL */
MlpStateDict *mlp_model_parameters       (MlpModel *model);
gsize         mlp_model_count_parameters (MlpModel *model);
/* how many parameter values are NaN or infinite (a crafted or diverged
 * checkpoint): 0 for any model the trainer left */
gsize         mlp_model_count_nonfinite  (MlpModel *model);
/* the weight of the first layer as (hidden, inputs) — W1ᵀ for mlp-scratch —
 * for the GUI's weight images; (transfer full) a copy */
MlpTensor    *mlp_model_first_layer_weights (MlpModel *model);
/* hidden layer l's PReLU slope(s) (1 or hiddens[l] values, live: training
 * moves them), or NULL when the model's activation is not PReLU or it has
 * no layer l; transfer none */
MlpTensor    *mlp_model_get_prelu_slopes (MlpModel *model, guint layer);
/* copies values from sd into the parameters; names and shapes must match */
gboolean      mlp_model_load_state       (MlpModel *model, MlpStateDict *sd, GError **error);
/* Copies the parameters of src into dst when both are the same network
 * (hidden sizes and activation), whichever of scratch and concise each is:
 * W1 (in, out) of a scratch model is net.1.weight (out, in) transposed.
 * Lets the two implementations start from identical weights. */
gboolean      mlp_model_copy_parameters  (MlpModel *dst, MlpModel *src, GError **error);
/* How far apart the first hidden layer's units are: the largest difference
 * between any unit's incoming weights (and bias) and the first unit's.  0
 * means every unit computes the same thing — the symmetry that initialising
 * all weights to one constant never breaks (Exercise 3). */
double        mlp_model_hidden_unit_spread (MlpModel *model);
/* The output of hidden layer `layer` (0-based) after its activation, (N,
 * hiddens[layer]) for X (N, …): what that layer passes on (Exercise 2 reads
 * a one-unit layer).  Eval mode, no graph; the model's mode is restored.
 * Kinds mlp, mlp-scratch and dropout; another kind (dropout-scratch,
 * softmax) or a layer ≥ n_hidden is MLP_ERROR_INVALID_ARGUMENT.
 * (transfer full) or NULL */
MlpTensor    *mlp_model_hidden_output    (MlpModel *model, MlpTensor *X, guint layer,
                                          GError **error);
/* the chapter's dropout_layer(X, p), written with ops as in the notebook:
 * mask = (rand(X.shape) > p).float(); mask * X / (1 − p); transfer full */
MlpTensor    *mlp_dropout_layer          (MlpTensor *X, float p, MlpRng *rng);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpModel, mlp_model_free)

G_END_DECLS
