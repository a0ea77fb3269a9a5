/* mlp-dataset-page.h — the "Dataset" section: Fashion-MNIST's images with
 * their labels, by split and class, with the class counts. */
#pragma once

#include <gtk/gtk.h>

#include "mlp-section-page.h"

G_BEGIN_DECLS

#define MLP_TYPE_DATASET_PAGE (mlp_dataset_page_get_type ())
G_DECLARE_FINAL_TYPE (MlpDatasetPage, mlp_dataset_page, MLP, DATASET_PAGE, MlpSectionPage)

/* data_dir: the folder with Fashion-MNIST, or NULL when there is none */
GtkWidget *mlp_dataset_page_new          (MlpWorker *worker, MlpDataCache *cache, const char *data_dir);
/* images of the current selection (all pages), 0 before the data arrived */
gsize      mlp_dataset_page_get_n_shown  (MlpDatasetPage *self);

G_END_DECLS
