/* mlp-rng.h — the seeded random number generator every experiment draws from.
 *
 * A run is reproducible when it is given the same seed: same seed, same
 * machine, same thread count → bit-identical numbers.  The generator is
 * xoshiro256** seeded through splitmix64; normal deviates use the Box–Muller
 * transform (the second deviate of each pair is kept, so the stream depends
 * only on the seed and the sequence of calls).
 *
 * An MlpRng is a plain value: copy it to fork a stream, embed it in structs.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct {
  guint64  s[4];          /* xoshiro256** state */
  gboolean have_spare;    /* a cached second Box–Muller deviate is valid */
  double   spare;         /* that deviate */
} MlpRng;

void    mlp_rng_init          (MlpRng *rng, guint64 seed);
guint64 mlp_rng_next_u64      (MlpRng *rng);
/* uniform float in [0, 1), 24 random bits */
float   mlp_rng_uniform       (MlpRng *rng);
/* uniform integer in [0, n), unbiased; n > 0 */
guint64 mlp_rng_below         (MlpRng *rng, guint64 n);
/* standard normal deviate */
double  mlp_rng_normal        (MlpRng *rng);

void    mlp_rng_fill_uniform  (MlpRng *rng, float *out, gsize n, float lo, float hi);
void    mlp_rng_fill_normal   (MlpRng *rng, float *out, gsize n, float mean, float std);
/* Fisher–Yates shuffle of idx[0..n) */
void    mlp_rng_shuffle       (MlpRng *rng, guint32 *idx, gsize n);

G_END_DECLS
