/* mlp-activations-page.h — the "Activation functions" section: ReLU, PReLU,
 * sigmoid and tanh with the gradient the engine's backward() computes. */
#pragma once

#include <gtk/gtk.h>

#include "mlp-section-page.h"

G_BEGIN_DECLS

#define MLP_TYPE_ACTIVATIONS_PAGE (mlp_activations_page_get_type ())
G_DECLARE_FINAL_TYPE (MlpActivationsPage, mlp_activations_page, MLP, ACTIVATIONS_PAGE, MlpSectionPage)

GtkWidget *mlp_activations_page_new (MlpWorker *worker, GSettings *settings);

G_END_DECLS
