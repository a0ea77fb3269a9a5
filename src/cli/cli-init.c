/* cli-init.c — `mlplab-cli init`: for each initialization scheme, the
 * variance of each hidden layer's output and of each layer's weight gradient
 * after one pass through a deep MLP on N(0, 1) inputs, as CSV — the
 * Initialization section's two plots. */
#include <stdio.h>

#include <glib/gi18n.h>

#include "cli-common.h"
#include "mlp-deep.h"

int
cli_init (int argc, char **argv)
{
  g_autofree char *activation = NULL, *schemes_text = NULL;
  int depth = 10, width = 128, batch = 128, status = 0;
  gint64 seed = 0;
  const GOptionEntry entries[] = {
    { "schemes", 0, 0, G_OPTION_ARG_STRING, &schemes_text, N_("Schemes, as for train --init (xavier-normal,xavier-uniform,normal:0.01,normal:1,he,constant:0.1)"), N_("LIST") },
    { "depth", 0, 0, G_OPTION_ARG_INT, &depth, N_("Hidden layers (10)"), "N" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, N_("Units per hidden layer (128)"), "N" },
    { "activation", 0, 0, G_OPTION_ARG_STRING, &activation, N_("tanh (default), relu, prelu or sigmoid"), N_("NAME") },
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch, N_("Examples in the batch (128)"), "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, N_("Random seed (0)"), "N" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) schemes = NULL;
  MlpDeepConfig c;

  if (!cli_parse (&argc, &argv, "init", NULL,
                  N_("Variance of the activations and of the weight gradients per layer for each initialization,\n"
                     "as CSV (columns scheme, layer, act_var, grad_var; act_var is empty for the output layer)."),
                  entries, &status))
    return status;
  mlp_deep_config_init (&c);
  c.activation = MLP_ACTIVATION_TANH;
  if (activation != NULL && !mlp_activation_from_string (activation, &c.activation, &error))
    return cli_fail ("init", error);
  if (!cli_deep_config_set (&c, "init", depth, width, batch, seed, &status))
    return status;
  schemes = g_strsplit (schemes_text ? schemes_text : "xavier-normal,xavier-uniform,normal:0.01,normal:1,he,constant:0.1", ",", -1);
  for (guint i = 0; schemes[i] != NULL; i++)
    if (!mlp_init_parse (schemes[i], &c.init, &error))
      return cli_fail ("init", error);

  puts ("scheme,layer,act_var,grad_var");
  for (guint i = 0; schemes[i] != NULL; i++)
    {
      g_autoptr(MlpDeepResult) r = NULL;

      mlp_init_parse (schemes[i], &c.init, NULL);
      r = mlp_deep_run (&c, NULL, &error);
      if (r == NULL)
        return cli_fail ("init", error);
      for (guint l = 0; l < r->n_layers; l++)
        {
          if (l < c.depth)
            printf ("%s,%u,%.9g,%.9g\n", schemes[i], l + 1, r->act_var[l], r->grad_var[l]);
          else
            printf ("%s,%u,,%.9g\n", schemes[i], l + 1, r->grad_var[l]);
        }
    }
  return 0;
}
