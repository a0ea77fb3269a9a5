/* cli-explode.c — `mlplab-cli explode`: the notebook's product of 100 random
 * 4×4 Gaussian matrices and the norm after every multiplication. */
#include <math.h>
#include <stdio.h>

#include <glib/gi18n.h>

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

/* step and norm in two columns under translated headings; the step column
 * is as wide as its heading, at least 4 */
static void
print_norm_table (const MlpExplodeResult *r)
{
  /* Translators: the two column headings of the table of norms */
  const char *step_heading = _("step"), *norm_heading = _("norm");
  int heading_width = (int) g_utf8_strlen (step_heading, -1);
  int width = MAX (4, heading_width);

  printf ("%*s%s  %s\n", width - heading_width, "", step_heading, norm_heading);
  for (guint k = 0; k <= r->steps; k++)
    {
      double v = r->norms[k];

      if (isinf (v))
        printf ("%*u  inf\n", width, k);
      else if (isnan (v))
        printf ("%*u  nan\n", width, k);
      else
        printf ("%*u  %.6g\n", width, k, v);
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
    { "size", 0, 0, G_OPTION_ARG_INT, &size, N_("Matrix size (4)"), "N" },
    { "steps", 0, 0, G_OPTION_ARG_INT, &steps, N_("Number of multiplications (100)"), "N" },
    { "std", 0, 0, G_OPTION_ARG_DOUBLE, &std, N_("Standard deviation of the entries (1)"), "S" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, N_("Random seed (0)"), "N" },
    /* Translators: step and norm are the CSV's column names; keep them */
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, N_("Print only the norm series as CSV (step, norm)"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpExplodeResult) r = NULL;

  if (!cli_parse (&argc, &argv, "explode", NULL,
                  /* Translators: the formula is PyTorch; translate only "steps times" */
                  N_("M = normal(0, std, (size, size)); M = M @ normal(0, std, (size, size)), steps times."),
                  entries, &status))
    return status;
  if (size < 1 || steps < 0 || seed < 0)
    return cli_usage_error ("explode", _("size must be ≥ 1, steps and seed ≥ 0"));
  r = mlp_explode_run ((guint) size, (guint) steps, std, (guint64) seed, &error);
  if (r == NULL)
    return cli_fail ("explode", error);

  if (csv)
    {
      puts ("step,norm");
      for (guint k = 0; k <= r->steps; k++)
        {
          printf ("%u,", k);
          cli_print_number (r->norms[k], "%.9g");
          putchar ('\n');
        }
      return 0;
    }

  /* the notebook's printout, not translated */
  puts ("a single matrix");
  print_matrix (r->first, r->size);
  printf ("after multiplying %u matrices\n", r->steps);
  print_matrix (r->product, r->size);
  puts (_("Frobenius norm after each multiplication:"));
  print_norm_table (r);
  return 0;
}
