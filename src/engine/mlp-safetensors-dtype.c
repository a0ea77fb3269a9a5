/* mlp-safetensors-dtype.c — the element types a safetensors file may hold,
 * and their conversion to the float32 every MlpTensor has.
 *
 * We read F32, F64, F16 and BF16 (what a PyTorch user is likely to save) and
 * write F32 only.  Values are little-endian in the file whatever the machine,
 * and a tensor's bytes need not be aligned, so every element is memcpy()ed
 * out before it is looked at.
 */
#include "mlp-safetensors-private.h"

#include <string.h>

static const struct {
  const char *name;   /* as spelled in the header */
  guint       size;   /* bytes per element */
} dtypes[] = {
  [MLP_SAFETENSORS_F32]  = { "F32",  4 },
  [MLP_SAFETENSORS_F64]  = { "F64",  8 },
  [MLP_SAFETENSORS_F16]  = { "F16",  2 },
  [MLP_SAFETENSORS_BF16] = { "BF16", 2 },
};

gboolean
_mlp_safetensors_dtype_from_name (const char *name, MlpSafetensorsDtype *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (dtypes); i++)
    if (strcmp (dtypes[i].name, name) == 0)
      {
        *out = (MlpSafetensorsDtype) i;
        return TRUE;
      }
  return FALSE;
}

guint
_mlp_safetensors_dtype_size (MlpSafetensorsDtype dtype)
{
  g_return_val_if_fail (dtype < G_N_ELEMENTS (dtypes), 0);
  return dtypes[dtype].size;
}

static float
float_from_bits (guint32 bits)
{
  float f;

  memcpy (&f, &bits, sizeof f);
  return f;
}

/* IEEE half: 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits */
static float
half_to_float (guint16 h)
{
  guint32 sign = (guint32) (h & 0x8000) << 16;
  guint32 exponent = (h >> 10) & 0x1f;
  guint32 mantissa = h & 0x3ff;

  if (exponent == 0)          /* zero or subnormal: mantissa × 2^-24, exact in float */
    {
      float f = (float) mantissa * (1.0f / 16777216.0f);
      return sign ? -f : f;
    }
  if (exponent == 31)         /* infinity or NaN */
    return float_from_bits (sign | 0x7f800000u | (mantissa << 13));
  return float_from_bits (sign | ((exponent + 127 - 15) << 23) | (mantissa << 13));
}

void
_mlp_safetensors_dtype_convert (MlpSafetensorsDtype dtype, const guint8 *src, gsize n, float *dst)
{
  for (gsize i = 0; i < n; i++)
    {
      switch (dtype)
        {
        case MLP_SAFETENSORS_F32:
          {
            guint32 v;
            memcpy (&v, src + 4 * i, 4);
            dst[i] = float_from_bits (GUINT32_FROM_LE (v));
          }
          break;
        case MLP_SAFETENSORS_F64:
          {
            guint64 v;
            double d;
            memcpy (&v, src + 8 * i, 8);
            v = GUINT64_FROM_LE (v);
            memcpy (&d, &v, 8);
            dst[i] = (float) d;
          }
          break;
        case MLP_SAFETENSORS_F16:
          {
            guint16 v;
            memcpy (&v, src + 2 * i, 2);
            dst[i] = half_to_float (GUINT16_FROM_LE (v));
          }
          break;
        case MLP_SAFETENSORS_BF16:          /* the top half of a float32 */
          {
            guint16 v;
            memcpy (&v, src + 2 * i, 2);
            dst[i] = float_from_bits ((guint32) GUINT16_FROM_LE (v) << 16);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
}
