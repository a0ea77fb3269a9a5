/* mlp-rng.c — xoshiro256** with splitmix64 seeding; see mlp-rng.h. */
#include "mlp-rng.h"

#include <math.h>

static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

static inline guint64
rotl (guint64 x, int k)
{
  return (x << k) | (x >> (64 - k));
}

void
mlp_rng_init (MlpRng *rng, guint64 seed)
{
  guint64 x = seed;

  g_return_if_fail (rng != NULL);

  for (int i = 0; i < 4; i++)
    rng->s[i] = splitmix64 (&x);
  rng->have_spare = FALSE;
  rng->spare = 0.0;
}

guint64
mlp_rng_next_u64 (MlpRng *rng)
{
  guint64 *s = rng->s;
  guint64 result = rotl (s[1] * 5, 7) * 9;
  guint64 t = s[1] << 17;

  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl (s[3], 45);
  return result;
}

float
mlp_rng_uniform (MlpRng *rng)
{
  return (float) (mlp_rng_next_u64 (rng) >> 40) * (1.0f / 16777216.0f);
}

guint64
mlp_rng_below (MlpRng *rng, guint64 n)
{
  /* rejection sampling on the top of the range keeps it unbiased */
  guint64 limit = G_MAXUINT64 - (G_MAXUINT64 % n);
  guint64 r;

  g_return_val_if_fail (n > 0, 0);
  do
    r = mlp_rng_next_u64 (rng);
  while (r >= limit);
  return r % n;
}

double
mlp_rng_normal (MlpRng *rng)
{
  double u1, u2, r;

  if (rng->have_spare)
    {
      rng->have_spare = FALSE;
      return rng->spare;
    }
  /* u1 in (0, 1] so that log(u1) is finite */
  u1 = ((mlp_rng_next_u64 (rng) >> 11) + 1) * (1.0 / 9007199254740992.0);
  u2 = (mlp_rng_next_u64 (rng) >> 11) * (1.0 / 9007199254740992.0);
  r = sqrt (-2.0 * log (u1));
  rng->spare = r * sin (2.0 * G_PI * u2);
  rng->have_spare = TRUE;
  return r * cos (2.0 * G_PI * u2);
}

void
mlp_rng_fill_uniform (MlpRng *rng, float *out, gsize n, float lo, float hi)
{
  for (gsize i = 0; i < n; i++)
    out[i] = lo + (hi - lo) * mlp_rng_uniform (rng);
}

void
mlp_rng_fill_normal (MlpRng *rng, float *out, gsize n, float mean, float std)
{
  for (gsize i = 0; i < n; i++)
    out[i] = (float) (mean + std * mlp_rng_normal (rng));
}

void
mlp_rng_shuffle (MlpRng *rng, guint32 *idx, gsize n)
{
  for (gsize i = n; i > 1; i--)
    {
      gsize j = (gsize) mlp_rng_below (rng, i);
      guint32 t = idx[i - 1];
      idx[i - 1] = idx[j];
      idx[j] = t;
    }
}
