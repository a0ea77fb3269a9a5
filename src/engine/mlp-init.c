/* mlp-init.c — drawing initial weights; see mlp-init.h for the schemes. */
#include "mlp-init.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mlp-error.h"

static const struct {
  const char  *name;
  MlpInitKind  kind;
} init_names[] = {
  { "normal", MLP_INIT_NORMAL },
  { "zeros", MLP_INIT_ZEROS },
  { "constant", MLP_INIT_CONSTANT },
  { "xavier-normal", MLP_INIT_XAVIER_NORMAL },
  { "xavier-uniform", MLP_INIT_XAVIER_UNIFORM },
  { "he", MLP_INIT_HE_NORMAL },
  { "torch", MLP_INIT_TORCH_DEFAULT },
};

const char *const mlp_init_compared[MLP_INIT_N_COMPARED] = {
  "xavier-normal", "xavier-uniform", "normal:0.01", "normal:1", "he", "constant:0.1",
};

gboolean
mlp_init_parse (const char *text, MlpInit *out, GError **error)
{
  const char *colon = strchr (text, ':');
  g_autofree char *name = colon ? g_strndup (text, colon - text) : g_strdup (text);

  for (guint i = 0; i < G_N_ELEMENTS (init_names); i++)
    {
      if (strcmp (name, init_names[i].name) != 0)
        continue;
      out->kind = init_names[i].kind;
      out->value = out->kind == MLP_INIT_NORMAL ? 0.01f : 0.0f;
      if (colon != NULL)
        {
          char *end = NULL;
          double v;

          if (out->kind != MLP_INIT_NORMAL && out->kind != MLP_INIT_CONSTANT)
            {
              g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                           "init '%s' takes no value", name);
              return FALSE;
            }
          v = g_ascii_strtod (colon + 1, &end);
          if (end == colon + 1 || *end != '\0' || !isfinite (v) ||
              (out->kind == MLP_INIT_NORMAL && !(v >= 0.0 && v <= 100.0)) ||
              fabs (v) > 1e6)
            {
              g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                           "init '%s': '%s' is not a valid %s", name, colon + 1,
                           out->kind == MLP_INIT_NORMAL ? "σ (0 … 100)" : "constant");
              return FALSE;
            }
          out->value = (float) v;
        }
      else if (out->kind == MLP_INIT_CONSTANT)
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                       "init 'constant' needs a value, e.g. constant:0.5");
          return FALSE;
        }
      return TRUE;
    }

  g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
               "unknown init '%s' (expected normal[:σ], zeros, constant:c, "
               "xavier-normal, xavier-uniform, he or torch)", text);
  return FALSE;
}

char *
mlp_init_to_string (const MlpInit *init)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < G_N_ELEMENTS (init_names); i++)
    if (init_names[i].kind == init->kind)
      {
        if (init->kind == MLP_INIT_NORMAL || init->kind == MLP_INIT_CONSTANT)
          return g_strdup_printf ("%s:%s", init_names[i].name,
                                  g_ascii_formatd (buf, sizeof buf, "%g", init->value));
        return g_strdup (init_names[i].name);
      }
  g_return_val_if_reached (NULL);
}

double
mlp_init_weight_std (const MlpInit *init, gsize fan_in, gsize fan_out)
{
  switch (init->kind)
    {
    case MLP_INIT_NORMAL:
      return init->value;
    case MLP_INIT_ZEROS:
    case MLP_INIT_CONSTANT:
      return 0.0;
    case MLP_INIT_XAVIER_NORMAL:
    case MLP_INIT_XAVIER_UNIFORM:
      return sqrt (2.0 / (double) (fan_in + fan_out));
    case MLP_INIT_HE_NORMAL:
      return sqrt (2.0 / (double) fan_in);
    case MLP_INIT_TORCH_DEFAULT:
      /* U(−a, a) has variance a²/3 */
      return 1.0 / sqrt (3.0 * (double) fan_in);
    default:
      g_return_val_if_reached (0.0);
    }
}

void
mlp_init_weight (const MlpInit *init, float *w, gsize n,
                 gsize fan_in, gsize fan_out, MlpRng *rng)
{
  double a;

  switch (init->kind)
    {
    case MLP_INIT_NORMAL:
    case MLP_INIT_XAVIER_NORMAL:
    case MLP_INIT_HE_NORMAL:
      mlp_rng_fill_normal (rng, w, n, 0.0f,
                           (float) mlp_init_weight_std (init, fan_in, fan_out));
      break;
    case MLP_INIT_ZEROS:
      memset (w, 0, n * sizeof (float));
      break;
    case MLP_INIT_CONSTANT:
      for (gsize i = 0; i < n; i++)
        w[i] = init->value;
      break;
    case MLP_INIT_XAVIER_UNIFORM:
      a = sqrt (6.0 / (double) (fan_in + fan_out));
      mlp_rng_fill_uniform (rng, w, n, (float) -a, (float) a);
      break;
    case MLP_INIT_TORCH_DEFAULT:
      /* kaiming_uniform_(a=√5): bound = √(6 / ((1 + 5) fan_in)) = 1/√fan_in */
      a = fan_in ? 1.0 / sqrt ((double) fan_in) : 0.0;
      mlp_rng_fill_uniform (rng, w, n, (float) -a, (float) a);
      break;
    default:
      g_return_if_reached ();
    }
}

void
mlp_init_bias (const MlpInit *init, float *b, gsize n, gsize fan_in, MlpRng *rng)
{
  if (init->kind == MLP_INIT_TORCH_DEFAULT && fan_in > 0)
    {
      double a = 1.0 / sqrt ((double) fan_in);
      mlp_rng_fill_uniform (rng, b, n, (float) -a, (float) a);
    }
  else
    memset (b, 0, n * sizeof (float));
}
