/* cli-plot-run.c — `mlplab-cli plot confusion|mistakes|weights CHECKPOINT`:
 * what the training sections show under the board after a run, for a
 * model saved with train --save, on the validation images; the same
 * analysis and figures as the app (mlp-run-figures.h). */
#include <string.h>

#include <glib/gi18n.h>

#include "cli-common.h"
#include "cli-figure.h"
#include "mlp-fashion-mnist.h"
#include "mlp-run-figures.h"

typedef MlpPlot *(*RunFigureFunc) (const MlpRunAnalysis *analysis);

static const struct {
  const char    *name;
  RunFigureFunc  figure;
} figures[] = {
  { "confusion", mlp_figure_run_confusion },
  { "mistakes", mlp_figure_run_mistakes },
  { "weights", mlp_figure_run_weights },
};

gboolean
cli_is_run_figure (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    if (g_strcmp0 (name, figures[i].name) == 0)
      return TRUE;
  return FALSE;
}

int
cli_plot_run (int argc, char **argv)
{
  g_autofree char *data_dir = NULL, *found = NULL, *display = NULL;
  CliFigureOptions figure = CLI_FIGURE_OPTIONS_INIT;
  int limit_val = 0, status = 0;
  const GOptionEntry entries[] = {
    CLI_FIGURE_ENTRIES (figure),
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, N_("Folder with the Fashion-MNIST files (default: the search order)"), N_("DIR") },
    { "limit-val", 0, 0, G_OPTION_ARG_INT, &limit_val, N_("Use only the first N validation images (0 = all)"), "N" },
    { NULL }
  };
  const char *name = argv[0];
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpModel) model = NULL;
  g_autoptr(MlpDataset) test = NULL;
  g_autoptr(MlpRunAnalysis) analysis = NULL;
  g_autoptr(MlpPlot) plot = NULL;
  g_autofree char *command = g_strdup_printf ("plot %s", name);
  char *checkpoint = NULL;
  guint which = 0;

  while (strcmp (figures[which].name, name) != 0)
    which++;
  if (!cli_parse_with_arg (&argc, &argv, command, N_("CHECKPOINT"),
                           N_("What the training sections show after a run, for a model saved with\n"
                              "train --save: the confusion matrix of the validation images, the first\n"
                              "misclassified ones, or the first layer's weights as images."),
                           entries, &checkpoint, &status))
    return status;
  if (limit_val < 0)
    return cli_usage_error ("plot", _("--limit-val must not be negative"));
  if ((status = cli_figure_check (&figure)) != 0)
    return status;
  if ((model = cli_load_checkpoint ("plot", checkpoint, 0, NULL, NULL)) == NULL)
    return 1;
  found = data_dir ? g_strdup (data_dir) : mlp_fashion_mnist_find (NULL);
  if (!mlp_fashion_mnist_load_full (found, NULL, NULL, NULL, &test, &error))
    return cli_fail ("plot", error);
  display = g_filename_display_name (checkpoint);
  if (!cli_check_model_fits ("plot", model, test, display))
    return 2;
  analysis = mlp_run_analysis_new (model, test, (gsize) limit_val, 256);
  plot = figures[which].figure (analysis);
  return cli_figure_write (&figure, plot, NULL);
}
