/* test-blobs.c — see test-blobs.h. */
#include "test-blobs.h"

#include "mlp-rng.h"

MlpDataset *
test_blobs_new (gsize n, guint side, guint classes, guint64 seed)
{
  guint8 *images = g_new (guint8, n * side * side);
  guint8 *labels = g_new (guint8, n);
  MlpRng rng;

  mlp_rng_init (&rng, seed);
  for (gsize i = 0; i < n; i++)
    {
      guint8 c = (guint8) mlp_rng_below (&rng, classes);

      labels[i] = c;
      for (guint p = 0; p < side * side; p++)
        {
          double centre = (p / side) % classes == c ? 200.0 : 40.0;
          double v = centre + 30.0 * mlp_rng_normal (&rng);

          images[i * side * side + p] = (guint8) CLAMP (v, 0.0, 255.0);
        }
    }
  return mlp_dataset_new_take (images, labels, n, side, side, classes);
}
