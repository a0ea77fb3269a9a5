/* mlp-dropout-passes.h — Exercise 4: why dropout is not used at test time.
 *
 * The validation set through a trained dropout model in eval mode and with
 * dropout left on, pass after pass: the accuracy of each stochastic pass,
 * how many predictions change from pass to pass, and how close the mean of
 * the first n passes' probabilities comes to the eval-mode output as n grows.
 * Inverted dropout's 1/(1−p) scaling makes the deterministic network the
 * expectation of each layer's input; through ReLU and softmax the mean of the
 * stochastic outputs keeps a gap to the eval-mode output, so the distance
 * falls (about as n^−½ while the noise dominates) towards that gap.
 */
#pragma once

#include "mlp-dataset.h"
#include "mlp-models.h"

G_BEGIN_DECLS

typedef struct {
  guint   n_passes;
  gsize   n_images;
  double  eval_acc;          /* dropout off: model.eval() */
  double *pass_acc;          /* [n_passes] with dropout left on */
  double  mean_acc;          /* of pass_acc */
  double  sd_acc;            /* its sample standard deviation (0 for one pass) */
  gsize   n_changed;         /* images whose prediction is not the same in every pass */
  guint   n_points;          /* of the distance curve */
  gsize  *curve_passes;      /* [n_points] n = 1, 2, 4, … and n_passes */
  double *curve_distance;    /* [n_points] mean over images of ‖mean of n passes − eval‖₂ */
} MlpDropoutPasses;

/* n_passes (1 … 10000) stochastic passes over the first limit images of ds
 * (0: all) plus one in eval mode, batch_size at a time; FALSE with error for a
 * model without dropout.  The model's mode is restored; its dropout stream
 * moves on. (transfer full) */
MlpDropoutPasses *mlp_dropout_passes_run  (MlpModel *model, const MlpDataset *ds, gsize limit,
                                           guint n_passes, guint batch_size, GError **error);
void              mlp_dropout_passes_free (MlpDropoutPasses *passes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpDropoutPasses, mlp_dropout_passes_free)

G_END_DECLS
