/* test-blobs.h — small labelled images the engine tests make themselves. */
#pragma once

#include "mlp-dataset.h"

G_BEGIN_DECLS

/* n side × side images of `classes` well separated blobs: class c is bright
 * in the rows r with r % classes == c, dark elsewhere, with Gaussian noise;
 * seeded.  (transfer full) */
MlpDataset *test_blobs_new (gsize n, guint side, guint classes, guint64 seed);

G_END_DECLS
