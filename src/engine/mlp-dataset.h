/* mlp-dataset.h — image classification data held as bytes, and the
 * mini-batches made from it.
 *
 * Pixels stay uint8 in memory (60,000 × 784 bytes = 47 MB for the training
 * set) and are scaled to [0, 1] per mini-batch, as d2l's ToTensor does.  The
 * files come from mlp-idx.h; Fashion-MNIST's four of them are found and
 * loaded by mlp-fashion-mnist.h.
 */
#pragma once

#include <glib.h>

#include "mlp-file.h"
#include "mlp-tensor.h"

G_BEGIN_DECLS

/* images may be up to this many pixels high and wide (MNIST's are 28);
 * a header that claims more is refused before anything is read */
#define MLP_DATASET_MAX_SIDE 4096

typedef struct {
  guint8 *images;     /* n × rows × cols pixels, row-major, owned */
  guint8 *labels;     /* n labels, each < n_classes, owned */
  gsize   n;          /* number of examples */
  guint   rows;       /* 28 */
  guint   cols;       /* 28 */
  guint   n_classes;  /* 10 */
} MlpDataset;

/* Takes ownership of images and labels (g_malloc'd). */
MlpDataset *mlp_dataset_new_take   (guint8 *images, guint8 *labels, gsize n,
                                    guint rows, guint cols, guint n_classes);
void        mlp_dataset_free       (MlpDataset *ds);
/* Fills X (batch, 1, rows, cols) with images idx[0..batch) scaled to [0, 1]
 * and labels_out[0..batch) with their labels.  X's shape[0] is the batch size. */
void        mlp_dataset_fill_batch (const MlpDataset *ds, const guint32 *idx,
                                    MlpTensor *X, guint8 *labels_out);
/* Reads an images IDX file (3 dims) and a labels file (1 dim) into a data
 * set; fails if the counts differ or a label is ≥ n_classes. */
/* the indices (guint32) of the examples of class label, or of all for −1,
 * in data set order; (transfer full) */
GArray     *mlp_dataset_indices_of_class (const MlpDataset *ds, int label);
MlpDataset *mlp_dataset_load_idx   (const char *images_path, const char *labels_path,
                                    guint n_classes, GError **error);
/* the same, with a stop hook asked between chunks of 1 MiB (nullable) */
MlpDataset *mlp_dataset_load_idx_full (const char *images_path, const char *labels_path,
                                       guint n_classes, MlpStopFunc should_stop,
                                       gpointer user_data, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpDataset, mlp_dataset_free)

G_END_DECLS
