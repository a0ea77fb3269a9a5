/* mlp-exercise-single-unit.h — Exercise 2: a hidden layer with a single
 * neuron.
 *
 * Six models, each trained from n_seeds seeds (seed s = config.seed + k for
 * both the initial weights and the data order), kind mlp with the chapter's
 * init, lr 0.1, batch 256:
 *
 *   0  w1_relu          784-1-10,          ReLU
 *   1  w1_tanh          784-1-10,          tanh
 *   2  bottleneck_relu  784-256-1-256-10,  ReLU
 *   3  bottleneck_tanh  784-256-1-256-10,  tanh
 *   4  w256_relu        784-256-10,        ReLU (the chapter's MLP)
 *   5  w256_tanh        784-256-10,        tanh
 *
 * (784 is rows × cols of the data, 10 its classes.)  A run that diverges
 * (MLP_ERROR_DIVERGED) is not an error here: it is measured as it stopped.  A single ReLU unit is
 * "dead" when it outputs exactly 0 on every validation image: the layers
 * after it then see a constant, and since ReLU's derivative is 0 there, no
 * gradient reaches anything upstream of it, so training can never revive it.
 * Even a live unit passes on one number per image: all ten classes squeezed
 * onto one line, which the histogram per class shows.
 *
 * The numbers, in this order:
 *
 *   for m in w1_relu, w1_tanh, bottleneck_relu, bottleneck_tanh, w256_relu,
 *   w256_tanh:  "m.val_acc_mean", "m.val_acc_min", "m.val_acc_max"
 *                          final val_acc over the seeds
 *   "w1_relu.dead", "bottleneck_relu.dead"
 *                          how many of the seeds' single ReLU units are dead
 *   "dead.zero_grad"       of the dead runs (both models), how many have a
 *                          first-layer weight gradient of exactly 0 on
 *                          every batch of the training images (after training:
 *                          SGD can then never change what feeds the unit)
 *   "dead.val_acc_max"     the best val_acc of a dead run (NaN: none died)
 *   "seeds"                n_seeds
 *   "hist.model"           whose unit the histogram shows: 0 = 784-1-10,
 *                          1 = the bottleneck (the choice below takes 0;
 *                          the key says so rather than leave it implied)
 *   "hist.activation"      0 = ReLU, 1 = tanh
 *   "hist.seed"            the seed of that run (config.seed + k)
 *   "hist.images"          validation images in it
 *   "hist.bins"            MLP_SINGLE_UNIT_BINS
 *   "hist.min", "hist.max" the range of the unit's value, the bins' span
 *   "hist.zero_fraction"   share of images on which the unit is exactly 0
 *   "hist.majority_fraction"
 *                          share of images whose class is the most common
 *                          class of their bin: the accuracy of the best
 *                          classifier that sees only the bin of the value
 *
 * The histogram is of 784-1-10 ReLU's unit for the first seed whose unit is
 * live, else of 784-1-10 tanh's for the first seed.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MLP_SINGLE_UNIT_N_MODELS 6
#define MLP_SINGLE_UNIT_BINS     40

typedef enum {
  MLP_SINGLE_UNIT_W1_RELU,
  MLP_SINGLE_UNIT_W1_TANH,
  MLP_SINGLE_UNIT_BOTTLENECK_RELU,
  MLP_SINGLE_UNIT_BOTTLENECK_TANH,
  MLP_SINGLE_UNIT_W256_RELU,
  MLP_SINGLE_UNIT_W256_TANH,
} MlpSingleUnitModel;

typedef struct {
  guint     n_seeds;
  guint64   first_seed;       /* seed k is first_seed + k */
  gsize     n_inputs;         /* 784 */
  guint     n_classes;        /* 10 */
  gsize     n_val;            /* validation images used */
  /* [MLP_SINGLE_UNIT_N_MODELS × n_seeds], model-major: [m * n_seeds + k] */
  double   *val_acc;          /* after the last epoch */
  gboolean *dead;             /* the single ReLU unit is 0 on every validation
                               * image; FALSE for tanh and the 256-unit models */
  double   *grad_norm;        /* after training, √(Σ ‖∂loss/∂W‖²) over the batches
                               * of 256 of the training images (limit_train), W
                               * the first layer's weight: 0 when no batch sends
                               * it any gradient */
  /* the histogram */
  MlpSingleUnitModel hist_model;   /* w1_relu, or w1_tanh when every ReLU unit died */
  guint     hist_seed_index;  /* k */
  double    hist_min, hist_max;
  guint     n_bins;           /* MLP_SINGLE_UNIT_BINS; bin b covers
                               * [min + b·w, min + (b+1)·w), w = (max − min) / n_bins,
                               * the last one includes max */
  guint    *hist_counts;      /* [n_classes × n_bins]: images of class c in bin b
                               * at [c * n_bins + b] */
  double    zero_fraction;    /* as "hist.zero_fraction" */
  double    majority_fraction; /* as "hist.majority_fraction" */
} MlpSingleUnitDetails;

/* "w1_relu" … "w256_tanh", the numbers' prefixes */
const char *mlp_single_unit_model_key   (MlpSingleUnitModel m);
/* "784-1-10 relu", from the details' sizes; (transfer full) */
char       *mlp_single_unit_model_label (const MlpSingleUnitDetails *d, MlpSingleUnitModel m);
/* whether the model has a one-unit layer (w1 and bottleneck) */
gboolean    mlp_single_unit_model_has_unit (MlpSingleUnitModel m);
void        mlp_single_unit_details_free (MlpSingleUnitDetails *d);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpSingleUnitDetails, mlp_single_unit_details_free)

G_END_DECLS
