/* cli-dropout-demo.c — `mlplab-cli dropout-demo`: the chapter's
 *   X = torch.arange(16, dtype=torch.float32).reshape((2, 8))
 *   print('dropout_p = 0:', dropout_layer(X, 0)) …
 */
#include <stdio.h>

#include <glib/gi18n.h>

#include "cli-common.h"
#include "mlp-models.h"
#include "mlp-ops.h"

static void
print_2x8 (const MlpTensor *t)
{
  for (gsize r = 0; r < t->shape[0]; r++)
    {
      fputs (r == 0 ? "[[" : " [", stdout);
      for (gsize c = 0; c < t->shape[1]; c++)
        printf ("%s%6.2f", c ? ", " : "", t->data[r * t->shape[1] + c]);
      fputs (r + 1 == t->shape[0] ? "]]\n" : "],\n", stdout);
    }
}

int
cli_dropout_demo (int argc, char **argv)
{
  g_autofree char *p_text = NULL;
  gint64 seed = 0;
  int status = 0;
  const GOptionEntry entries[] = {
    { "p", 'p', 0, G_OPTION_ARG_STRING, &p_text, N_("Dropout probabilities (0,0.5,1)"), "P[,P…]" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, N_("Random seed (0)"), "N" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ps = NULL;
  g_autoptr(MlpTensor) X = NULL;
  gsize shape[2] = { 2, 8 };
  MlpRng rng;

  if (!cli_parse (&argc, &argv, "dropout-demo", NULL,
                  N_("Apply the chapter's dropout_layer(X, p) to X = arange(16) as 2×8."),
                  entries, &status))
    return status;
  if (seed < 0)
    return cli_usage_error ("dropout-demo", _("the seed must be ≥ 0"));
  if (!cli_parse_doubles (p_text ? p_text : "0,0.5,1", "--p", 0, 1, &ps, &error))
    return cli_fail ("dropout-demo", error);

  X = mlp_tensor_new (2, shape);
  for (gsize i = 0; i < X->numel; i++)
    X->data[i] = (float) i;
  mlp_rng_init (&rng, (guint64) seed);
  puts ("X =");   /* the notebook's printout, not translated */
  print_2x8 (X);
  for (guint i = 0; i < ps->len; i++)
    {
      float p = (float) g_array_index (ps, double, i);
      g_autoptr(MlpTensor) Y = mlp_dropout_layer (X, p, &rng);

      printf ("dropout_p = %g:\n", p);
      print_2x8 (Y);
    }
  return 0;
}
