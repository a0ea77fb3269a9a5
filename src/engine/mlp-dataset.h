/* mlp-dataset.h — image classification data: IDX files and Fashion-MNIST.
 *
 * Pixels stay uint8 in memory (60,000 × 784 bytes = 47 MB for the training
 * set) and are scaled to [0, 1] per mini-batch, as d2l's ToTensor does.
 *
 * Fashion-MNIST comes from Debian's dataset-fashion-mnist package
 * (/usr/share/datasets/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz).
 * Search order: a folder chosen by the user, $MLPLAB_DATA_DIR,
 * $XDG_DATA_HOME/mlplab/fashion-mnist, then each $XDG_DATA_DIRS/datasets/fashion-mnist.
 */
#pragma once

#include <glib.h>

#include "mlp-tensor.h"

G_BEGIN_DECLS

#define MLP_FASHION_MNIST_CLASSES 10

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

/* IDX (the MNIST file format: magic 0x0000 0x08 ndims, big-endian u32 dims,
 * then the data), gzip-compressed or plain, detected by content.
 * Reads a uint8 IDX file with exactly `expected_ndims` dimensions into a new
 * buffer; dims_out receives the dimensions.  Validates everything before
 * trusting it: the magic, type code, dimension count, a size that the file
 * can actually hold (a header claiming 2^31 images fails without allocating
 * it), truncated data or gzip streams.  Errors name the file. */
gboolean    mlp_idx_read_u8        (const char *path, guint expected_ndims,
                                    guint32 *dims_out, guint8 **data_out,
                                    gsize *size_out, GError **error);
/* Reads an images file (3 dims) and a labels file (1 dim) into a data set;
 * fails if the counts differ or a label is ≥ n_classes. */
MlpDataset *mlp_dataset_load_idx   (const char *images_path, const char *labels_path,
                                    guint n_classes, GError **error);

/* the ten class names, "t-shirt", "trouser", … as in d2l's text_labels */
const char *mlp_fashion_mnist_class_name (guint label);
/* The folder holding the four files, by the search order above, or NULL.
 * user_dir may be NULL.  (transfer full) */
char       *mlp_fashion_mnist_find   (const char *user_dir);
/* The folders the search order looks at, in order, for messages; (transfer full),
 * NULL-terminated. */
char      **mlp_fashion_mnist_search_path (const char *user_dir);
/* Loads train (60,000) and test (10,000) from dir, or from the search order
 * when dir is NULL (MLP_ERROR_NOT_FOUND, naming the folders tried and
 * `apt install dataset-fashion-mnist`, when none has the files).  Each file
 * may be .gz or plain. */
gboolean    mlp_fashion_mnist_load   (const char *dir, MlpDataset **train,
                                      MlpDataset **test, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpDataset, mlp_dataset_free)

G_END_DECLS
