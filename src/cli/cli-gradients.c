/* cli-gradients.c — `mlplab-cli gradients`: vanishing and exploding
 * gradients in a deep MLP, the gradient norm of each layer's weights after
 * one backward pass (and the variances), as CSV; and `mlplab-cli plot
 * gradients`, the Numerical stability section's figure of the same runs. */
#include <stdio.h>

#include <glib/gi18n.h>

#include "cli-common.h"
#include "cli-figure.h"
#include "mlp-dataset.h"
#include "mlp-deep.h"
#include "mlp-fashion-mnist.h"
#include "mlp-figures.h"

typedef struct {
  char     *activation, *init, *data_dir;
  int       depth, width, batch;
  gint64    seed;
  gboolean  random_inputs;
} GradientsOptions;

#define GRADIENTS_OPTIONS_INIT { NULL, NULL, NULL, 10, 128, 256, 0, FALSE }

#define GRADIENTS_ENTRIES(o) \
  { "depth", 0, 0, G_OPTION_ARG_INT, &(o).depth, N_("Hidden layers (10)"), "N" }, \
  { "width", 0, 0, G_OPTION_ARG_INT, &(o).width, N_("Units per hidden layer (128)"), "N" }, \
  { "activation", 0, 0, G_OPTION_ARG_STRING, &(o).activation, N_("sigmoid (default), relu, prelu or tanh"), N_("NAME") }, \
  { "init", 0, 0, G_OPTION_ARG_STRING, &(o).init, N_("Weight init, as for train (xavier-normal)"), N_("SCHEME") }, \
  { "batch", 0, 0, G_OPTION_ARG_INT, &(o).batch, N_("Examples in the batch (256)"), "N" }, \
  { "seed", 's', 0, G_OPTION_ARG_INT64, &(o).seed, N_("Random seed (0)"), "N" }, \
  { "data", 'd', 0, G_OPTION_ARG_FILENAME, &(o).data_dir, N_("Folder with the Fashion-MNIST files (default: the search order)"), N_("DIR") }, \
  { "random", 0, 0, G_OPTION_ARG_NONE, &(o).random_inputs, N_("Use N(0, 1) inputs instead of Fashion-MNIST images"), NULL }

/* the deep network o describes into c, and the images it runs on (none
 * with --random or without Fashion-MNIST); 0, or the exit status after a
 * message */
static int
gradients_setup (const char *command, const GradientsOptions *o, MlpDeepConfig *c, MlpDataset **train)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpDataset) test = NULL;
  int status = 0;

  mlp_deep_config_init (c);
  c->init.kind = MLP_INIT_XAVIER_NORMAL;
  if (o->activation != NULL && !mlp_activation_from_string (o->activation, &c->activation, &error))
    return cli_fail (command, error);
  if (o->init != NULL && !mlp_init_parse (o->init, &c->init, &error))
    return cli_fail (command, error);
  if (!cli_deep_config_set (c, command, o->depth, o->width, o->batch, o->seed, &status))
    return status;
  if (!o->random_inputs)
    {
      g_autofree char *dir = o->data_dir ? g_strdup (o->data_dir) : mlp_fashion_mnist_find (NULL);

      if (dir != NULL && !mlp_fashion_mnist_load (dir, train, &test, &error))
        return cli_fail (command, error);
    }
  return 0;
}

int
cli_gradients (int argc, char **argv)
{
  GradientsOptions o = GRADIENTS_OPTIONS_INIT;
  const GOptionEntry entries[] = { GRADIENTS_ENTRIES (o), { NULL } };
  g_auto(CliOptionTable) table = entries;
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpDataset) train = NULL;
  g_autoptr(MlpDeepResult) r = NULL;
  MlpDeepConfig c;
  int status = 0;

  if (!cli_parse (&argc, &argv, "gradients", NULL,
                  N_("The gradient norm of each layer's weights after one backward pass through a deep MLP, as CSV\n"
                     "(columns layer, grad_norm, grad_var, act_var; act_var is empty for the output layer)."),
                  entries, &status))
    return status;
  if ((status = gradients_setup ("gradients", &o, &c, &train)) != 0)
    return status;
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

int
cli_plot_gradients (int argc, char **argv)
{
  GradientsOptions o = GRADIENTS_OPTIONS_INIT;
  CliFigureOptions figure = CLI_FIGURE_OPTIONS_INIT;
  const GOptionEntry entries[] = { GRADIENTS_ENTRIES (o), CLI_FIGURE_ENTRIES (figure), { NULL } };
  g_auto(CliOptionTable) table = entries;
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpDataset) train = NULL;
  g_autoptr(MlpDeepResult) first = NULL, second = NULL;
  g_autoptr(MlpPlot) plot = NULL;
  MlpDeepResult *runs[2];
  const char *labels[2];
  MlpDeepConfig c;
  int status = 0;

  if (!cli_parse (&argc, &argv, "plot gradients", NULL,
                  N_("The Numerical stability section's gradient norms per layer: the deep MLP with\n"
                     "--activation against ReLU (or, for relu, against sigmoid)."),
                  entries, &status))
    return status;
  if ((status = cli_figure_check (&figure)) != 0 || (status = gradients_setup ("plot", &o, &c, &train)) != 0)
    return status;
  first = mlp_deep_run (&c, train, &error);
  labels[0] = mlp_activation_to_string (c.activation);
  c.activation = mlp_deep_compared_activation (c.activation);
  labels[1] = mlp_activation_to_string (c.activation);
  second = first ? mlp_deep_run (&c, train, &error) : NULL;
  if (second == NULL)
    return cli_fail ("plot", error);
  runs[0] = first;
  runs[1] = second;
  plot = mlp_figure_gradient_norms (runs, labels, 2);
  return cli_figure_write (&figure, plot, NULL);
}
