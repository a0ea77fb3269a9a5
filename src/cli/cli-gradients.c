/* cli-gradients.c — `mlplab-cli gradients`: vanishing and exploding
 * gradients in a deep MLP, the gradient norm of each layer's weights after
 * one backward pass (and the variances), as CSV. */
#include <stdio.h>

#include <glib/gi18n.h>

#include "cli-common.h"
#include "mlp-dataset.h"
#include "mlp-deep.h"
#include "mlp-fashion-mnist.h"

int
cli_gradients (int argc, char **argv)
{
  g_autofree char *activation = NULL, *init = NULL, *data_dir = NULL;
  int depth = 10, width = 128, batch = 256, status = 0;
  gint64 seed = 0;
  gboolean random_inputs = FALSE;
  const GOptionEntry entries[] = {
    { "depth", 0, 0, G_OPTION_ARG_INT, &depth, N_("Hidden layers (10)"), "N" },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, N_("Units per hidden layer (128)"), "N" },
    { "activation", 0, 0, G_OPTION_ARG_STRING, &activation, N_("sigmoid (default), relu, prelu or tanh"), N_("NAME") },
    { "init", 0, 0, G_OPTION_ARG_STRING, &init, N_("Weight init, as for train (xavier-normal)"), N_("SCHEME") },
    { "batch", 0, 0, G_OPTION_ARG_INT, &batch, N_("Examples in the batch (256)"), "N" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, N_("Random seed (0)"), "N" },
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, N_("Folder with the Fashion-MNIST files (default: the search order)"), N_("DIR") },
    { "random", 0, 0, G_OPTION_ARG_NONE, &random_inputs, N_("Use N(0, 1) inputs instead of Fashion-MNIST images"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpDataset) train = NULL, test = NULL;
  g_autoptr(MlpDeepResult) r = NULL;
  MlpDeepConfig c;

  if (!cli_parse (&argc, &argv, "gradients", NULL,
                  N_("The gradient norm of each layer's weights after one backward pass through a deep MLP, as CSV\n"
                     "(columns layer, grad_norm, grad_var, act_var; act_var is empty for the output layer)."),
                  entries, &status))
    return status;
  mlp_deep_config_init (&c);
  c.init.kind = MLP_INIT_XAVIER_NORMAL;
  if (activation != NULL && !mlp_activation_from_string (activation, &c.activation, &error))
    return cli_fail ("gradients", error);
  if (init != NULL && !mlp_init_parse (init, &c.init, &error))
    return cli_fail ("gradients", error);
  if (!cli_deep_config_set (&c, "gradients", depth, width, batch, seed, &status))
    return status;
  if (!random_inputs)
    {
      g_autofree char *dir = data_dir ? g_strdup (data_dir) : mlp_fashion_mnist_find (NULL);

      if (dir != NULL && !mlp_fashion_mnist_load (dir, &train, &test, &error))
        return cli_fail ("gradients", error);
    }
  r = mlp_deep_run (&c, train, &error);
  if (r == NULL)
    return cli_fail ("gradients", error);
  puts ("layer,grad_norm,grad_var,act_var");
  for (guint l = 0; l < r->n_layers; l++)
    {
      if (l < c.depth)
        printf ("%u,%.9g,%.9g,%.9g\n", l + 1, r->grad_norm[l], r->grad_var[l], r->act_var[l]);
      else
        printf ("%u,%.9g,%.9g,\n", l + 1, r->grad_norm[l], r->grad_var[l]);
    }
  return 0;
}
