/* cli-init.c — `mlplab-cli init`: for each initialization scheme, the
 * variance of each hidden layer's output and of each layer's weight gradient
 * after one pass through a deep MLP on N(0, 1) inputs, as CSV — the
 * Initialization section's two plots, which `mlplab-cli plot init` draws. */
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cli-common.h"
#include "cli-figure.h"
#include "mlp-deep.h"
#include "mlp-figures.h"

typedef struct {
  char   *activation, *schemes;
  int     depth, width, batch;
  gint64  seed;
} InitOptions;

#define INIT_OPTIONS_INIT { NULL, NULL, 10, 128, 128, 0 }

#define INIT_ENTRIES(o) \
  { "schemes", 0, 0, G_OPTION_ARG_STRING, &(o).schemes, N_("Schemes, as for train --init (xavier-normal,xavier-uniform,normal:0.01,normal:1,he,constant:0.1)"), N_("LIST") }, \
  { "depth", 0, 0, G_OPTION_ARG_INT, &(o).depth, N_("Hidden layers (10)"), "N" }, \
  { "width", 0, 0, G_OPTION_ARG_INT, &(o).width, N_("Units per hidden layer (128)"), "N" }, \
  { "activation", 0, 0, G_OPTION_ARG_STRING, &(o).activation, N_("tanh (default), relu, prelu or sigmoid"), N_("NAME") }, \
  { "batch", 0, 0, G_OPTION_ARG_INT, &(o).batch, N_("Examples in the batch (128)"), "N" }, \
  { "seed", 's', 0, G_OPTION_ARG_INT64, &(o).seed, N_("Random seed (0)"), "N" }

/* the runs of mlp_deep_run for each scheme o names, in *runs (a
 * NULL-terminated array of MlpDeepResult) and their names in *schemes;
 * 0, or the exit status after a message */
static int
init_runs (const char *command, const InitOptions *o, GPtrArray **runs, GStrv *schemes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  MlpDeepConfig c;
  int status = 0;

  mlp_deep_config_init (&c);
  c.activation = MLP_ACTIVATION_TANH;
  if (o->activation != NULL && !mlp_activation_from_string (o->activation, &c.activation, &error))
    return cli_fail (command, error);
  if (!cli_deep_config_set (&c, command, o->depth, o->width, o->batch, o->seed, &status))
    return status;
  for (guint i = 0; i < MLP_INIT_N_COMPARED; i++)
    g_string_append_printf (all, "%s%s", i ? "," : "", mlp_init_compared[i]);
  *schemes = g_strsplit (o->schemes ? o->schemes : all->str, ",", -1);
  for (guint i = 0; (*schemes)[i] != NULL; i++)
    if (!mlp_init_parse ((*schemes)[i], &c.init, &error))
      return cli_fail (command, error);
  *runs = g_ptr_array_new_with_free_func ((GDestroyNotify) mlp_deep_result_free);
  for (guint i = 0; (*schemes)[i] != NULL; i++)
    {
      MlpDeepResult *r;

      mlp_init_parse ((*schemes)[i], &c.init, NULL);
      if ((r = mlp_deep_run (&c, NULL, &error)) == NULL)
        return cli_fail (command, error);
      g_ptr_array_add (*runs, r);
    }
  return 0;
}

int
cli_init (int argc, char **argv)
{
  InitOptions o = INIT_OPTIONS_INIT;
  const GOptionEntry entries[] = { INIT_ENTRIES (o), { NULL } };
  g_auto(CliOptionTable) table = entries;
  g_autoptr(GPtrArray) runs = NULL;
  g_auto(GStrv) schemes = NULL;
  int status = 0;

  if (!cli_parse (&argc, &argv, "init", NULL,
                  N_("Variance of the activations and of the weight gradients per layer for each initialization,\n"
                     "as CSV (columns scheme, layer, act_var, grad_var; act_var is empty for the output layer)."),
                  entries, &status))
    return status;
  if ((status = init_runs ("init", &o, &runs, &schemes)) != 0)
    return status;
  puts ("scheme,layer,act_var,grad_var");
  for (guint i = 0; i < runs->len; i++)
    {
      const MlpDeepResult *r = g_ptr_array_index (runs, i);

      for (guint l = 0; l < r->n_layers; l++)
        {
          if (l + 1 < r->n_layers)
            printf ("%s,%u,%.9g,%.9g\n", schemes[i], l + 1, r->act_var[l], r->grad_var[l]);
          else
            printf ("%s,%u,,%.9g\n", schemes[i], l + 1, r->grad_var[l]);
        }
    }
  return 0;
}

int
cli_plot_init (int argc, char **argv)
{
  InitOptions o = INIT_OPTIONS_INIT;
  char *show = NULL;
  CliFigureOptions figure = CLI_FIGURE_OPTIONS_INIT;
  const GOptionEntry entries[] = {
    INIT_ENTRIES (o),
    CLI_FIGURE_ENTRIES (figure),
    { "show", 0, 0, G_OPTION_ARG_STRING, &show, N_("activations (default) or gradients: which variance"), N_("PART") },
    { NULL }
  };
  g_auto(CliOptionTable) table = entries;
  g_autoptr(GPtrArray) runs = NULL;
  g_auto(GStrv) schemes = NULL;
  g_autoptr(MlpPlot) plot = NULL;
  MlpVarianceKind kind = MLP_FIGURE_ACTIVATION_VARIANCE;
  int status = 0;

  if (!cli_parse (&argc, &argv, "plot init", NULL,
                  N_("The Initialization section's variance per layer for each scheme: of the\n"
                     "activations, or with --show gradients of the weight gradients."),
                  entries, &status))
    return status;
  if (show != NULL && strcmp (show, "gradients") == 0)
    kind = MLP_FIGURE_GRADIENT_VARIANCE;
  else if (show != NULL && strcmp (show, "activations") != 0)
    return cli_usage_error ("plot", _("--show: expected activations or gradients, not '%s'"), show);
  if ((status = cli_figure_check (&figure)) != 0 || (status = init_runs ("plot", &o, &runs, &schemes)) != 0)
    return status;
  plot = mlp_figure_layer_variances ((MlpDeepResult *const *) runs->pdata, (const char *const *) schemes,
                                     runs->len, kind);
  return cli_figure_write (&figure, plot, NULL);
}
