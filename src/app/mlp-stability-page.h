/* mlp-stability-page.h — the "Numerical stability" section: vanishing
 * gradients (sigmoid's gradient, and the per-layer gradient norms of a deep
 * sigmoid net against a ReLU net) and exploding gradients (the notebook's
 * product of random matrices). */
#pragma once

#include <gtk/gtk.h>

#include "mlp-section-page.h"

G_BEGIN_DECLS

#define MLP_TYPE_STABILITY_PAGE (mlp_stability_page_get_type ())
G_DECLARE_FINAL_TYPE (MlpStabilityPage, mlp_stability_page, MLP, STABILITY_PAGE, MlpSectionPage)

GtkWidget   *mlp_stability_page_new          (MlpWorker *worker, MlpDataCache *cache, const char *data_dir);
/* "sigmoid", "deep" or "explode"; transfer none */
MlpPlotView *mlp_stability_page_get_view     (MlpStabilityPage *self, const char *name);

G_END_DECLS
