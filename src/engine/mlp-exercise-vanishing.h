/* mlp-exercise-vanishing.h — Exercise 1, an example where the gradients
 * vanish for the sigmoid activation: the details of its result
 * (mlp-exercise.h).
 *
 * Two runs of the chapter's concise MLP with MLP_VANISHING_DEPTH hidden
 * layers of MLP_VANISHING_WIDTH units, the same seed and data order, plain
 * SGD with lr 0.1 and batch 256 for config.epochs epochs on the first
 * limit_train images: one with sigmoid and PyTorch's default init, one with
 * ReLU and He init.  After every step the Frobenius norm of each Linear
 * weight's gradient is recorded (layer 1 next to the input … the output
 * layer), and the step's loss.
 *
 * Numbers, in order:
 *   sigmoid_grad_at_10        sigmoid′(10) from autograd (≈ 4.5e-5)
 *   sigmoid_grad_at_minus_10  sigmoid′(−10)
 *   ln_classes                ln 10: the loss of a uniform guess
 *   steps                     training steps of the sigmoid run
 *   then for run in sigmoid, relu:
 *   RUN.first_loss            the first step's loss
 *   RUN.final_loss            the mean loss of the last tenth of the steps
 *   RUN.val_acc               after training
 *   RUN.grad_first            median over steps of layer 1's gradient norm
 *   RUN.grad_last             the same for the output layer
 *   RUN.grad_ratio            grad_first / grad_last
 */
#pragma once

#include "mlp-exercise.h"

G_BEGIN_DECLS

#define MLP_VANISHING_DEPTH 10
#define MLP_VANISHING_WIDTH 256

typedef enum {
  MLP_VANISHING_SIGMOID,
  MLP_VANISHING_RELU,
  MLP_VANISHING_N_RUNS
} MlpVanishingRun;

typedef struct {
  guint    n_layers;          /* weight matrices: depth + 1 */
  guint    n_steps[MLP_VANISHING_N_RUNS];     /* of each run: the same data gives the same
                                               * count, unless a run diverged */
  gsize    width;
  double  *loss[MLP_VANISHING_N_RUNS];        /* [n_steps] */
  double  *grad_norm[MLP_VANISHING_N_RUNS];   /* [n_layers × n_steps], row = layer */
  double   val_acc[MLP_VANISHING_N_RUNS];
} MlpVanishingDetails;

/* "sigmoid", "relu" */
const char *mlp_vanishing_run_to_string (MlpVanishingRun run);

G_END_DECLS
