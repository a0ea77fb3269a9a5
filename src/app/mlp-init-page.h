/* mlp-init-page.h — the "Initialization" section: how each scheme treats
 * the variance of activations and gradients layer by layer, a short training
 * run with each, and the constant init's symmetry that never breaks. */
#pragma once

#include <gtk/gtk.h>

#include "mlp-section-page.h"

G_BEGIN_DECLS

#define MLP_TYPE_INIT_PAGE (mlp_init_page_get_type ())
G_DECLARE_FINAL_TYPE (MlpInitPage, mlp_init_page, MLP, INIT_PAGE, MlpSectionPage)

GtkWidget   *mlp_init_page_new          (MlpWorker *worker, MlpDataCache *cache, const char *data_dir);
/* starts the short training run with each scheme */
void         mlp_init_page_train        (MlpInitPage *self);
/* "activations", "gradients" or "loss"; transfer none */
MlpPlotView *mlp_init_page_get_view     (MlpInitPage *self, const char *name);
/* the result line (after training: the constant init's symmetry) */
const char  *mlp_init_page_get_result   (MlpInitPage *self);

G_END_DECLS
