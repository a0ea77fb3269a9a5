/* mlp-activations-page.h — the "Activation functions" section: ReLU, PReLU,
 * sigmoid and tanh with the gradient the engine's backward() computes, and
 * for PReLU the slope that training learns (the prelu exercise on a small
 * setting, from the window's Fashion-MNIST). */
#pragma once

#include <gtk/gtk.h>

#include "mlp-section-page.h"

G_BEGIN_DECLS

#define MLP_TYPE_ACTIVATIONS_PAGE (mlp_activations_page_get_type ())
G_DECLARE_FINAL_TYPE (MlpActivationsPage, mlp_activations_page, MLP, ACTIVATIONS_PAGE, MlpSectionPage)

/* cache and data_dir as the other sections' (data_dir NULL: no
 * Fashion-MNIST, the Learn button is insensitive and says why) */
GtkWidget  *mlp_activations_page_new (MlpWorker *worker, MlpDataCache *cache, GSettings *settings,
                                      const char *data_dir);
/* what "Learn the Slope" does: trains on the worker, then shows the learned
 * curve; nothing without data or while a run is under way */
void        mlp_activations_page_learn_slope (MlpActivationsPage *self);
/* the line under the button: what a run does, "Training…", or the learned
 * slope ("Learned slope 0.62 after 2 epochs on 10000 images …") */
const char *mlp_activations_page_get_learned_text (MlpActivationsPage *self);

G_END_DECLS
