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
  double *curve_noise;       /* [n_points] mean over images of ‖mean of n passes − mean of all‖₂:
                              * the sampling noise alone, which falls as n^−½ */
  double  gap;               /* mean over images of ‖mean of all passes − eval‖₂: what the
                              * nonlinearities leave between the two */
  /* a few images followed pass by pass (MlpDropoutPassesOptions.n_tracked) */
  guint   n_tracked;
  gsize  *tracked_index;     /* [n_tracked] the image's index in ds */
  guint8 *tracked_label;     /* [n_tracked] its label */
  guint8 *tracked_class;     /* [n_tracked] the class eval mode predicts */
  double *tracked_eval_prob; /* [n_tracked] eval mode's probability of that class */
  double *tracked_prob;      /* [n_tracked × n_passes] that class's probability in each pass */
} MlpDropoutPasses;

typedef struct {
  /* images to follow pass by pass, 0 … MLP_DROPOUT_PASSES_MAX_TRACKED: the
   * first ones eval mode is unsure of (top probability under 0.8) and as
   * many it is sure of, half and half as far as ds has them */
  guint      n_tracked;
  /* after each pass (1-based), on the calling thread; may be NULL */
  void     (*pass_done)   (guint pass, guint n_passes, gpointer user_data);
  /* checked before each pass: TRUE stops with MLP_ERROR_CANCELLED; may be NULL */
  gboolean (*should_stop) (gpointer user_data);
  gpointer   user_data;
} MlpDropoutPassesOptions;

#define MLP_DROPOUT_PASSES_MAX_TRACKED 16

/* n_passes (1 … 10000) stochastic passes over the first limit images of ds
 * (0: all) plus one in eval mode, batch_size at a time; FALSE with error for a
 * model without dropout.  The model's mode is restored; its dropout stream
 * moves on. (transfer full) */
MlpDropoutPasses *mlp_dropout_passes_run  (MlpModel *model, const MlpDataset *ds, gsize limit,
                                           guint n_passes, guint batch_size, GError **error);
/* the same, following options->n_tracked images, with progress and a cancel
 * hook; options may be NULL */
MlpDropoutPasses *mlp_dropout_passes_run_full (MlpModel *model, const MlpDataset *ds, gsize limit,
                                               guint n_passes, guint batch_size,
                                               const MlpDropoutPassesOptions *options,
                                               GError **error);
void              mlp_dropout_passes_free (MlpDropoutPasses *passes);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpDropoutPasses, mlp_dropout_passes_free)

G_END_DECLS
