/* cli-explode.c — `mlplab-cli explode`: the notebook's product of 100 random
 * 4×4 Gaussian matrices and the norm after every multiplication. */
#include <math.h>
#include <stdio.h>

#include "cli-common.h"
#include "mlp-experiments.h"

static void
print_matrix (const float *m, guint size)
{
  gboolean sci = FALSE;

  /* like torch's printout: fixed point unless the magnitudes call for e-notation */
  for (guint i = 0; i < size * size; i++)
    if (!isfinite (m[i]) || (m[i] != 0 && (fabsf (m[i]) >= 1e4f || fabsf (m[i]) < 1e-3f)))
      sci = TRUE;
  for (guint r = 0; r < size; r++)
    {
      fputs (r == 0 ? " [[" : "  [", stdout);
      for (guint c = 0; c < size; c++)
        {
          float v = m[r * size + c];

          if (sci)
            printf ("%s%12.4e", c ? ", " : "", v);
          else
            printf ("%s%8.4f", c ? ", " : "", v);
        }
      fputs (r + 1 == size ? "]]\n" : "],\n", stdout);
    }
}

int
cli_explode (int argc, char **argv)
{
  int size = 4, steps = 100, status = 0;
  double std = 1.0;
  gint64 seed = 0;
  gboolean csv = FALSE;
  const GOptionEntry entries[] = {
    { "size", 0, 0, G_OPTION_ARG_INT, &size, "Matrix size (4)", "N" },
    { "steps", 0, 0, G_OPTION_ARG_INT, &steps, "Number of multiplications (100)", "N" },
    { "std", 0, 0, G_OPTION_ARG_DOUBLE, &std, "Standard deviation of the entries (1)", "S" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, "Random seed (0)", "N" },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, "Print only the norm series as CSV (step, norm)", NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpExplodeResult) r = NULL;

  if (!cli_parse (&argc, &argv, "explode", NULL,
                  "M = normal(0, std, (size, size)); M = M @ normal(0, std, (size, size)), steps times.",
                  entries, &status))
    return status;
  if (size < 1 || steps < 0 || seed < 0)
    {
      g_printerr ("mlplab-cli explode: size must be ≥ 1, steps and seed ≥ 0\n");
      return 2;
    }
  r = mlp_explode_run ((guint) size, (guint) steps, std, (guint64) seed, &error);
  if (r == NULL)
    return cli_fail ("explode", error);

  if (!csv)
    {
      puts ("a single matrix");
      print_matrix (r->first, r->size);
      printf ("after multiplying %u matrices\n", r->steps);
      print_matrix (r->product, r->size);
      puts ("Frobenius norm after each multiplication:");
    }
  puts (csv ? "step,norm" : "step  norm");
  for (guint k = 0; k <= r->steps; k++)
    {
      double v = r->norms[k];

      if (isinf (v))
        printf (csv ? "%u,inf\n" : "%4u  inf\n", k);
      else if (isnan (v))
        printf (csv ? "%u,nan\n" : "%4u  nan\n", k);
      else
        printf (csv ? "%u,%.9g\n" : "%4u  %.6g\n", k, v);
    }
  return 0;
}
