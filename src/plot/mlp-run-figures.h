/* mlp-run-figures.h — what the training sections show under the board after
 * a run, and `mlplab-cli plot confusion|mistakes|weights CHECKPOINT` writes:
 * the confusion matrix of the validation images, the first misclassified
 * ones with their captions, and the first layer's weights as images.
 *
 *   g_autoptr(MlpRunAnalysis) a = mlp_run_analysis_new (model, val, 0, 256);
 *   g_autoptr(MlpPlot) plot = mlp_figure_run_confusion (a);
 */
#pragma once

#include <glib.h>

#include "mlp-dataset.h"
#include "mlp-models.h"
#include "mlp-plot.h"

G_BEGIN_DECLS

/* the misclassified images kept, at most */
#define MLP_RUN_ANALYSIS_MISTAKES 40
/* the hidden units drawn as weight images, at most */
#define MLP_RUN_ANALYSIS_WEIGHT_IMAGES 64

typedef struct {
  guint      n_classes;
  guint     *confusion;          /* n_classes²: [true × n_classes + predicted] */
  MlpTensor *weights;            /* the first layer (hidden, inputs), a copy */
  guint      rows, cols;         /* of an image */
  float     *mistake_pixels;     /* n_mistakes × rows × cols, in [0, 1] */
  char     **mistake_captions;   /* "shirt\n→ coat 62%", NULL-terminated */
  guint      n_mistakes;
} MlpRunAnalysis;

/* of the first limit images of val (0: all), batch_size at a time; any
 * thread (the model is the caller's while it runs).  (transfer full) */
MlpRunAnalysis *mlp_run_analysis_new   (MlpModel *model, const MlpDataset *val, gsize limit,
                                        guint batch_size);
void            mlp_run_analysis_free  (MlpRunAnalysis *analysis);

/* the figures; (transfer full) */
MlpPlot        *mlp_figure_run_confusion (const MlpRunAnalysis *analysis);
MlpPlot        *mlp_figure_run_mistakes  (const MlpRunAnalysis *analysis);
/* the first MLP_RUN_ANALYSIS_WEIGHT_IMAGES hidden units' incoming weights as
 * images, blue < 0 < red; empty when a unit's weights are not an image (a
 * model without a hidden layer has them per class) */
MlpPlot        *mlp_figure_run_weights   (const MlpRunAnalysis *analysis);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpRunAnalysis, mlp_run_analysis_free)

G_END_DECLS
