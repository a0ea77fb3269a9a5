/* mlp-exercise-dropout-test.h — Exercise 4, why dropout is not used at test
 * time: the details of its result (mlp-exercise.h).
 *
 * The run takes the trained dropout model it is given (config.model), or
 * trains the chapter's DropoutMLP (256-256, p = 0.5 and 0.5, lr 0.1,
 * batch 256) for config.epochs epochs on the first limit_train images; then
 * mlp_dropout_passes_run_full over the first limit_val validation images:
 * once in eval mode and n_passes times with dropout left on.
 *
 * Numbers, in order:
 *   eval_acc          val_acc in eval mode (dropout off)
 *   pass_acc_mean     the mean val_acc of the stochastic passes,
 *   pass_acc_sd       its standard deviation,
 *   pass_acc_min      the worst pass and
 *   pass_acc_max      the best
 *   images            validation images evaluated
 *   changed           images whose prediction is not the same in every pass
 *   changed_fraction  changed / images
 *   distance_first    mean ‖p̄₁ − p_eval‖₂ after one pass
 *   distance_last     the same for the mean of all passes
 *   distance_slope    the log–log slope of distance against n over the
 *                     first points (n ≤ 16)
 *   gap               mean ‖p̄_all − p_eval‖₂: what the nonlinearities leave
 *                     between the mean of the passes and eval mode
 *   noise_slope       the log–log slope of ‖p̄ₙ − p̄_all‖₂ against n for
 *                     n ≤ passes / 2: the sampling noise alone, about −½
 *   passes            n_passes
 */
#pragma once

#include "mlp-dropout-passes.h"
#include "mlp-exercise.h"

G_BEGIN_DECLS

#define MLP_DROPOUT_TEST_TRACKED 4

typedef struct {
  MlpDropoutPasses *passes;       /* with MLP_DROPOUT_TEST_TRACKED images followed */
  float             p1, p2;       /* the model's dropout rates */
} MlpDropoutTestDetails;

G_END_DECLS
