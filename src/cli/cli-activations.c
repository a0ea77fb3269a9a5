/* cli-activations.c — `mlplab-cli activations`: an activation function and
 * its gradient from backward(), on the notebook's grid, as CSV. */
#include <math.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "cli-common.h"
#include "mlp-experiments.h"

int
cli_activations (int argc, char **argv)
{
  g_autofree char *function = NULL;   /* GOption leaks a non-NULL default */
  g_autofree char *alpha_text = NULL;
  double from = MLP_ACTIVATION_FROM, to = MLP_ACTIVATION_TO, step = MLP_ACTIVATION_STEP;
  int status = 0;
  const GOptionEntry entries[] = {
    { "function", 'f', 0, G_OPTION_ARG_STRING, &function, N_("relu (default), prelu, sigmoid or tanh"), N_("NAME") },
    { "alpha", 'a', 0, G_OPTION_ARG_STRING, &alpha_text, N_("PReLU slope(s) for x < 0 (0.25); several give one block per slope"), "A[,A…]" },
    { "from", 0, 0, G_OPTION_ARG_DOUBLE, &from, N_("First x (-8.0)"), "X" },
    { "to", 0, 0, G_OPTION_ARG_DOUBLE, &to, N_("End of the range, excluded (8.0)"), "X" },
    { "step", 0, 0, G_OPTION_ARG_DOUBLE, &step, N_("Spacing (0.1)"), "DX" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) alphas = NULL;
  g_autoptr(GPtrArray) curves = NULL;
  MlpActivation act;
  gboolean family;

  if (!cli_parse (&argc, &argv, "activations", NULL,
                  N_("Print x, f(x) and the gradient that backward() computes, as CSV.\n"
                     "The grid is torch.arange(-8.0, 8.0, 0.1): 160 points, end excluded."),
                  entries, &status))
    return status;
  if (function == NULL)
    function = g_strdup ("relu");
  if (!mlp_activation_from_string (function, &act, &error))
    return cli_fail ("activations", error);
  if (alpha_text != NULL && act != MLP_ACTIVATION_PRELU)
    return cli_usage_error ("activations", _("--alpha applies to --function prelu only"));
  if (!cli_parse_doubles (alpha_text ? alpha_text : "0.25", "--alpha", -1e6, 1e6, &alphas, &error))
    return cli_fail ("activations", error);

  /* compute every curve before printing, so an error leaves no partial CSV */
  curves = g_ptr_array_new_with_free_func ((GDestroyNotify) mlp_activation_curve_free);
  for (guint a = 0; a < alphas->len; a++)
    {
      float alpha = (float) g_array_index (alphas, double, a);
      MlpActivationCurve *c = mlp_activation_curve_new (act, alpha, from, to, step, &error);

      if (c == NULL)
        return cli_fail ("activations", error);
      g_ptr_array_add (curves, c);
    }

  family = alphas->len > 1;
  if (family)
    puts ("alpha,x,y,grad,grad_alpha");
  else if (act == MLP_ACTIVATION_PRELU)
    puts ("x,y,grad,grad_alpha");
  else
    puts ("x,y,grad");

  for (guint a = 0; a < curves->len; a++)
    {
      const MlpActivationCurve *c = curves->pdata[a];

      for (gsize i = 0; i < c->n; i++)
        {
          if (family)
            {
              cli_print_number (c->alpha, "%.7g");
              putchar (',');
            }
          cli_print_number (c->x[i], "%.7g");
          putchar (',');
          cli_print_number (c->y[i], "%.9g");
          putchar (',');
          cli_print_number (c->grad[i], "%.9g");
          if (c->grad_alpha != NULL)
            {
              putchar (',');
              cli_print_number (c->grad_alpha[i], "%.9g");
            }
          putchar ('\n');
        }
    }
  return 0;
}
