/* mlp-figures.h — the chapter's figures, built from engine results.  The GUI
 * and `mlplab-cli plot` both call these, so a figure is computed one way. */
#pragma once

#include <glib.h>

#include "mlp-experiments.h"
#include "mlp-models.h"
#include "mlp-plot.h"

G_BEGIN_DECLS

typedef enum {
  MLP_FIGURE_FUNCTION,    /* f(x) */
  MLP_FIGURE_GRADIENT,    /* df/dx from backward() */
  MLP_FIGURE_BOTH,        /* both on one plot with a legend */
  MLP_FIGURE_GRAD_ALPHA,  /* PReLU: ∂f/∂weight per point */
} MlpFigureParts;

/* relu/prelu/sigmoid/tanh on arange(from, to, step) with what autograd gives;
 * analytic adds the formula's derivative as a dashed overlay.  (transfer full) */
MlpPlot *mlp_figure_activation   (MlpActivation function, float alpha,
                                  double from, double to, double step,
                                  MlpFigureParts parts, gboolean analytic,
                                  GError **error);
/* one PReLU curve per slope: f, df/dx or ∂f/∂weight.  (transfer full) */
MlpPlot *mlp_figure_prelu_family (const double *alphas, guint n,
                                  double from, double to, double step,
                                  MlpFigureParts parts, GError **error);
/* the Frobenius norm after each multiplication, on a log axis */
MlpPlot *mlp_figure_explode      (const MlpExplodeResult *result);

G_END_DECLS
