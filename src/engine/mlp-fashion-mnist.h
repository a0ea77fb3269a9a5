/* mlp-fashion-mnist.h — Fashion-MNIST, d2l's data set for the whole chapter
 * (d2l.load_data_fashion_mnist): 60,000 training and 10,000 test images of
 * 28 × 28 pixels in ten classes.
 *
 * It comes from Debian's dataset-fashion-mnist package
 * (/usr/share/datasets/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz).
 * Search order: a folder chosen by the user, $MLPLAB_DATA_DIR,
 * $XDG_DATA_HOME/mlplab/fashion-mnist, then each $XDG_DATA_DIRS/datasets/fashion-mnist.
 */
#pragma once

#include <glib.h>

#include "mlp-dataset.h"

G_BEGIN_DECLS

#define MLP_FASHION_MNIST_CLASSES 10
/* an image is 28 × 28 grey pixels: the models' 784 inputs */
#define MLP_FASHION_MNIST_SIDE    28
#define MLP_FASHION_MNIST_PIXELS  (MLP_FASHION_MNIST_SIDE * MLP_FASHION_MNIST_SIDE)

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
/* The same with a stop hook (nullable) asked between chunks of 1 MiB, from
 * this thread and from the thread that reads the training set, one at a
 * time; train may be NULL to load the test set only.  A folder that is not
 * one (missing, a file, unreadable) and a data file that is not a regular
 * file each get a message of their own. */
gboolean    mlp_fashion_mnist_load_full (const char *dir, MlpStopFunc should_stop,
                                         gpointer user_data, MlpDataset **train,
                                         MlpDataset **test, GError **error);

G_END_DECLS
