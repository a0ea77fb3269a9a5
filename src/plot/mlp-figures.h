/* mlp-figures.h — the chapter's figures, built from engine results.  The GUI
 * and `mlplab-cli plot` both call these, so a figure is computed one way:
 * the curves come from the engine's autograd (mlp_activation_curve_new) and
 * its experiments, never from a second formula in the front end.
 *
 *   g_autoptr(MlpPlot) plot = mlp_figure_activation (MLP_ACTIVATION_SIGMOID, 0,
 *       MLP_ACTIVATION_FROM, MLP_ACTIVATION_TO, MLP_ACTIVATION_STEP,
 *       MLP_FIGURE_BOTH, TRUE, &error);    // sigmoid, gradient, analytic overlay
 */
#pragma once

#include <glib.h>

#include "mlp-deep.h"
#include "mlp-experiments.h"
#include "mlp-models.h"
#include "mlp-plot.h"

G_BEGIN_DECLS

typedef enum {
  MLP_FIGURE_FUNCTION,    /* f(x), titled as the notebook's ylabel 'relu(x)' */
  MLP_FIGURE_GRADIENT,    /* df/dx from backward(), 'grad of relu' */
  MLP_FIGURE_BOTH,        /* both on one plot with a legend ('sigmoid', 'gradient') */
  MLP_FIGURE_GRAD_ALPHA,  /* PReLU only: ∂f/∂weight per point */
} MlpFigureParts;

/* f on arange(from, to, step) with what autograd gives; analytic adds the
 * formula's derivative (mlp_activation_derivative) as a dashed overlay
 * (ignored for MLP_FIGURE_FUNCTION).  The gradient of sigmoid alone gets the
 * notebook's ylim=(0, 1).  NULL with error for a bad grid or GRAD_ALPHA of a
 * function other than PReLU.  (transfer full) */
MlpPlot *mlp_figure_activation   (MlpActivation function, float alpha,
                                  double from, double to, double step,
                                  MlpFigureParts parts, gboolean analytic,
                                  GError **error);
/* one PReLU curve per slope (1 … 64 of them), labelled "α = 0.25": f, df/dx
 * or ∂f/∂weight; with MLP_FIGURE_BOTH f solid and df/dx dashed in the same
 * colour per slope.  (transfer full) */
MlpPlot *mlp_figure_prelu_family (const double *alphas, guint n,
                                  double from, double to, double step,
                                  MlpFigureParts parts, GError **error);
/* the Frobenius norm after each multiplication on a log axis; a norm that
 * overflowed to inf is drawn as an arrow at the top.  (transfer full) */
MlpPlot *mlp_figure_explode      (const MlpExplodeResult *result);

/* Vanishing and exploding gradients: the Frobenius norm of each layer's
 * weight gradient (layer 1 on the input side) of n runs of mlp_deep_run,
 * one series each, labelled, on a log axis.  (transfer full) */
MlpPlot *mlp_figure_gradient_norms (MlpDeepResult *const *runs, const char *const *labels, guint n);

typedef enum {
  MLP_FIGURE_ACTIVATION_VARIANCE,   /* of each hidden layer's output */
  MLP_FIGURE_GRADIENT_VARIANCE,     /* of each layer's weight gradient */
} MlpVarianceKind;

/* Initialization: a variance per layer of n runs of mlp_deep_run (one per
 * scheme, labelled), on a log axis.  (transfer full) */
MlpPlot *mlp_figure_layer_variances (MlpDeepResult *const *runs, const char *const *labels, guint n,
                                     MlpVarianceKind kind);

/* d2l's show_images: the n examples of ds at indices, in grey, each under
 * its class name (Fashion-MNIST's, or "class k"); (transfer full) */
MlpPlot *mlp_figure_dataset_images (const MlpDataset *ds, const guint32 *indices, gsize n);

/* the confusion matrix (true classes down, predicted across) of n classes
 * with their names; (transfer full) */
MlpPlot *mlp_figure_confusion    (const guint *counts, guint n_classes,
                                  const char *const *class_names);

G_END_DECLS
