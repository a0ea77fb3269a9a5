/* mlp-exercise-same-init.h — Exercise 3's details: one value for every
 * weight, in linear regression, softmax regression and an MLP.
 *
 * "Can we initialize all weight parameters in linear regression or in
 * softmax regression to the same value?"  One run trains, with the weights
 * initialised three ways (random as the chapters do, all 0, all
 * MLP_SAME_INIT_C):
 *
 *   linear   d2l's linear regression (mlp-linreg.h: synthetic data
 *            w = [2, −3.4], b = 4.2, σ = 0.01, 1,000 + 1,000 examples, MSE,
 *            SGD lr 0.03, batch 32, 3 epochs; random = N(0, 0.01²))
 *   softmax  softmax regression (MLP_MODEL_SOFTMAX, inputs and classes from
 *            the data; random = PyTorch's Linear default) for the config's
 *            epochs on its limit_train images, lr 0.1, batch 256
 *   mlp      the chapter's MLP (one hidden layer of 256 ReLU units), under
 *            constant and random init, the same way
 *
 * Every bias starts at 0 except under the random init of the last two
 * (PyTorch's default draws it too).  All runs share the seed: the same data
 * in the same order, so that only the init differs.
 *
 * The numbers, in this order:
 *
 *   linear.{random,zeros,constant}.w1, .w2, .b   the recovered parameters
 *   linear.{…}.error         max(|ŵ₁ − 2|, |ŵ₂ + 3.4|, |b̂ − 4.2|)
 *   linear.{…}.val_loss      the validation MSE after the last epoch
 *   softmax.{random,zeros,constant}.val_acc
 *   softmax.{…}.row_distance the smallest distance between two classes'
 *                            trained weight rows over the rows' mean norm:
 *                            0 when two classes have the same weights
 *   mlp.constant.val_acc, mlp.constant.hidden_spread  (mlp_model_hidden_unit_spread:
 *   mlp.random.val_acc, mlp.random.hidden_spread       0 = identical hidden units)
 *   constant                 c
 */
#pragma once

#include <glib.h>

#include "mlp-linreg.h"

G_BEGIN_DECLS

/* the constant c of "constant", the same for the three models.  The MLP
 * sets how large it may be: its 256 equal hidden units each see c × (the
 * sum of an image's pixels, ~220), and its outputs 256 c times that, so the
 * first SGD steps at lr 0.1 move the logits by ~57,000 c².  Measured on
 * Fashion-MNIST (10,000 images, 3 epochs): c = 0.1 and 0.05 diverge in the
 * first batches (loss 902, 481), 0.01 overshoots (loss 4.3) and stays at
 * chance; 0.001 trains as one hidden unit would. */
#define MLP_SAME_INIT_C 0.001f

/* the hidden units of each MLP whose first-layer weights are kept */
#define MLP_SAME_INIT_MLP_UNITS 8

typedef enum {
  MLP_SAME_INIT_RANDOM,
  MLP_SAME_INIT_ZEROS,
  MLP_SAME_INIT_CONSTANT,
  MLP_SAME_INIT_N,
} MlpSameInitKind;

/* one softmax regression */
typedef struct {
  double  val_acc;
  double  row_distance;     /* see above */
  float  *weights;          /* the trained weight, n_classes × num_inputs (one
                             * row per class: its image) */
} MlpSameInitSoftmax;

/* one MLP */
typedef struct {
  double  val_acc;
  double  hidden_spread;    /* mlp_model_hidden_unit_spread after training */
  guint   n_units;          /* units kept below: min(MLP_SAME_INIT_MLP_UNITS, hidden) */
  float  *unit_weights;     /* their trained first-layer weights, n_units × num_inputs */
} MlpSameInitMlp;

typedef struct {
  float               c;                                /* MLP_SAME_INIT_C */
  float               true_w[MLP_LINREG_FEATURES];      /* [2, −3.4] */
  float               true_b;                           /* 4.2 */
  float               noise;                            /* σ of the labels' noise, 0.01 */
  MlpLinRegResult    *linear[MLP_SAME_INIT_N];          /* recovered w, b, losses per epoch */
  double              linear_error[MLP_SAME_INIT_N];    /* as linear.*.error */
  guint               rows, cols;                       /* an image's side: weight rows are images */
  gsize               num_inputs;                       /* rows × cols */
  guint               n_classes;
  gsize               hidden;                           /* the MLP's hidden units, 256 */
  MlpSameInitSoftmax  softmax[MLP_SAME_INIT_N];
  MlpSameInitMlp      mlp_constant;
  MlpSameInitMlp      mlp_random;
} MlpSameInitDetails;

/* "random", "zeros", "constant": the middle part of the number keys */
const char *mlp_same_init_kind_to_string (MlpSameInitKind kind);

G_END_DECLS
