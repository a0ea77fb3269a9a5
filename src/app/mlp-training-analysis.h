/* mlp-training-analysis.h — the views under the board after a run: the
 * confusion matrix of the validation set, the misclassified images and the
 * first layer's weights as images, one at a time behind a switcher. */
#pragma once

#include <gtk/gtk.h>

#include "mlp-plot-view.h"
#include "mlp-training-job.h"

G_BEGIN_DECLS

#define MLP_TYPE_TRAINING_ANALYSIS (mlp_training_analysis_get_type ())
G_DECLARE_FINAL_TYPE (MlpTrainingAnalysis, mlp_training_analysis, MLP, TRAINING_ANALYSIS, GtkWidget)

GtkWidget   *mlp_training_analysis_new          (void);
/* shows a run's analysis (the caller keeps it) */
void         mlp_training_analysis_set_analysis (MlpTrainingAnalysis  *self,
                                                 const MlpRunAnalysis *analysis);
/* "confusion", "mistakes" or "weights"; NULL for another name; (transfer none) */
MlpPlotView *mlp_training_analysis_get_view     (MlpTrainingAnalysis *self, const char *name);

G_END_DECLS
