/* mlp-dataset.c — an image classification data set held as bytes, and the
 * mini-batches made from it.
 *
 * The pixels stay uint8 (47 MB for Fashion-MNIST's training set instead of
 * 188 MB as float) and become floats in [0, 1] only when a mini-batch is filled,
 * which is what d2l's transforms.ToTensor() does to each image it loads.
 */
#include "mlp-dataset.h"
#include "mlp-idx.h"
#include "mlp-error.h"

#include <string.h>

/**
 * mlp_dataset_new_take:
 * @images: (transfer full): n × rows × cols pixels, g_malloc'd
 * @labels: (transfer full): n labels, each < n_classes, g_malloc'd
 *
 * Returns: (transfer full): a data set owning both buffers
 */
MlpDataset *
mlp_dataset_new_take (guint8 *images, guint8 *labels, gsize n,
                      guint rows, guint cols, guint n_classes)
{
  MlpDataset *ds;

  g_return_val_if_fail (n == 0 || (images != NULL && labels != NULL), NULL);
  g_return_val_if_fail (rows > 0 && cols > 0 && n_classes > 0, NULL);

  ds = g_new0 (MlpDataset, 1);
  ds->images = images;
  ds->labels = labels;
  ds->n = n;
  ds->rows = rows;
  ds->cols = cols;
  ds->n_classes = n_classes;
  return ds;
}

void
mlp_dataset_free (MlpDataset *ds)
{
  if (ds == NULL)
    return;
  g_free (ds->images);
  g_free (ds->labels);
  g_free (ds);
}

/* X[b, 0, i, j] = images[idx[b], i, j] / 255    (batch, 1, rows, cols)
 * labels_out[b] = labels[idx[b]]
 * Division rather than a multiplication by 1/255 so the values are exactly
 * ToTensor's; the inner loop vectorises either way. */
void
mlp_dataset_fill_batch (const MlpDataset *ds, const guint32 *idx,
                        MlpTensor *X, guint8 *labels_out)
{
  gsize batch, pixels;

  g_return_if_fail (ds != NULL && idx != NULL && X != NULL);
  batch = X->shape[0];
  pixels = (gsize) ds->rows * ds->cols;
  g_return_if_fail (X->ndim >= 1 && X->numel == batch * pixels);

  for (gsize b = 0; b < batch; b++)
    {
      const guint8 *restrict src;
      float *restrict dst = X->data + b * pixels;

      g_return_if_fail (idx[b] < ds->n);
      src = ds->images + (gsize) idx[b] * pixels;
      for (gsize k = 0; k < pixels; k++)
        dst[k] = (float) src[k] / 255.0f;
      if (labels_out != NULL)
        labels_out[b] = ds->labels[idx[b]];
    }
}

/**
 * mlp_dataset_load_idx:
 * @images_path: a uint8 IDX file of shape (n, rows, cols)
 * @labels_path: a uint8 IDX file of shape (n)
 * @n_classes: labels must be below this
 *
 * Returns: (transfer full) (nullable): the data set, or NULL with @error set
 */
MlpDataset *
mlp_dataset_load_idx (const char *images_path, const char *labels_path,
                      guint n_classes, GError **error)
{
  return mlp_dataset_load_idx_full (images_path, labels_path, n_classes, NULL, NULL, error);
}

MlpDataset *
mlp_dataset_load_idx_full (const char *images_path, const char *labels_path, guint n_classes,
                           MlpStopFunc should_stop, gpointer user_data, GError **error)
{
  const guint32 max_image_dims[3] = { 0, MLP_DATASET_MAX_SIDE, MLP_DATASET_MAX_SIDE };
  g_autofree guint8 *images = NULL;
  g_autofree guint8 *labels = NULL;
  guint32 image_dims[3], label_dims[1];
  gsize images_size, labels_size;

  g_return_val_if_fail (images_path != NULL && labels_path != NULL, NULL);
  g_return_val_if_fail (n_classes > 0 && n_classes <= 256, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!mlp_idx_read_u8_full (images_path, 3, max_image_dims, should_stop, user_data,
                             image_dims, &images, &images_size, error))
    return NULL;
  if (image_dims[0] == 0 || image_dims[1] == 0 || image_dims[2] == 0)
    {
      g_autofree char *display = g_filename_display_name (images_path);

      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: holds no images (its dimensions are %u x %u x %u)",
                   display, image_dims[0], image_dims[1], image_dims[2]);
      return NULL;
    }

  if (!mlp_idx_read_u8_full (labels_path, 1, NULL, should_stop, user_data,
                             label_dims, &labels, &labels_size, error))
    return NULL;
  if (label_dims[0] != image_dims[0])
    {
      g_autofree char *display_images = g_filename_display_name (images_path);
      g_autofree char *display_labels = g_filename_display_name (labels_path);

      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s has %u labels but %s has %u images; they must match",
                   display_labels, label_dims[0], display_images, image_dims[0]);
      return NULL;
    }

  for (gsize i = 0; i < labels_size; i++)
    {
      if (labels[i] >= n_classes)
        {
          g_autofree char *display = g_filename_display_name (labels_path);

          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                       "%s: example %" G_GSIZE_FORMAT " has label %u, but there are "
                       "only %u classes (labels 0 to %u)",
                       display, i, labels[i], n_classes, n_classes - 1);
          return NULL;
        }
    }

  return mlp_dataset_new_take (g_steal_pointer (&images), g_steal_pointer (&labels),
                               image_dims[0], image_dims[1], image_dims[2], n_classes);
}

GArray *
mlp_dataset_indices_of_class (const MlpDataset *ds, int label)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (gsize i = 0; i < ds->n; i++)
    if (label < 0 || ds->labels[i] == (guint) label)
      {
        guint32 v = (guint32) i;

        g_array_append_val (out, v);
      }
  return out;
}
