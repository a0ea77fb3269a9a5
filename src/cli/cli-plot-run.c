/* cli-plot-run.c — the figures of the data and of a saved model:
 * `mlplab-cli plot dataset`, a page of images as the Dataset section shows
 * them, and `mlplab-cli plot confusion|mistakes|weights CHECKPOINT`, what
 * the training sections show under the board after a run, for a model
 * saved with train --save, on the validation images; the same analysis and
 * figures as the app (mlp-run-figures.h, mlp-figures.h). */
#include <string.h>

#include <glib/gi18n.h>

#include "cli-common.h"
#include "cli-figure.h"
#include "mlp-fashion-mnist.h"
#include "mlp-figures.h"
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
  char *data_dir = NULL;
  g_autofree char *found = NULL, *display = NULL;
  CliFigureOptions figure = CLI_FIGURE_OPTIONS_INIT;
  int limit_val = 0, status = 0;
  const GOptionEntry entries[] = {
    CLI_FIGURE_ENTRIES (figure),
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, N_("Folder with the Fashion-MNIST files (default: the search order)"), N_("DIR") },
    { "limit-val", 0, 0, G_OPTION_ARG_INT, &limit_val, N_("Use only the first N validation images (0 = all)"), "N" },
    { NULL }
  };
  g_auto(CliOptionTable) table = entries;
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

/* "all", a class name ("ankle boot") or its number → *label (−1: all) */
static gboolean
parse_class (const char *text, int *label)
{
  guint64 v;

  if (text == NULL || strcmp (text, "all") == 0)
    {
      *label = -1;
      return TRUE;
    }
  for (guint c = 0; c < MLP_FASHION_MNIST_CLASSES; c++)
    if (g_ascii_strcasecmp (text, mlp_fashion_mnist_class_name (c)) == 0)
      {
        *label = (int) c;
        return TRUE;
      }
  if (!g_ascii_string_to_unsigned (text, 10, 0, MLP_FASHION_MNIST_CLASSES - 1, &v, NULL))
    return FALSE;
  *label = (int) v;
  return TRUE;
}

int
cli_plot_dataset (int argc, char **argv)
{
  char *data_dir = NULL, *split = NULL, *class_text = NULL;
  g_autofree char *found = NULL;
  CliFigureOptions figure = CLI_FIGURE_OPTIONS_INIT;
  int page = 1, per_page = 50, label, status = 0;
  const GOptionEntry entries[] = {
    CLI_FIGURE_ENTRIES (figure),
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, N_("Folder with the Fashion-MNIST files (default: the search order)"), N_("DIR") },
    { "split", 0, 0, G_OPTION_ARG_STRING, &split, N_("train (default) or test"), N_("SPLIT") },
    { "class", 0, 0, G_OPTION_ARG_STRING, &class_text, N_("Only this class: a name (\"ankle boot\"), 0 … 9, or all (default)"), N_("CLASS") },
    { "page", 0, 0, G_OPTION_ARG_INT, &page, N_("Which page of the selection (1)"), "N" },
    { "per-page", 0, 0, G_OPTION_ARG_INT, &per_page, N_("Images per page (50)"), "N" },
    { NULL }
  };
  g_auto(CliOptionTable) table = entries;
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpDataset) train = NULL;
  g_autoptr(MlpDataset) test = NULL;
  g_autoptr(GArray) shown = NULL;
  g_autoptr(MlpPlot) plot = NULL;
  gboolean want_test;
  gsize first;

  if (!cli_parse (&argc, &argv, "plot dataset", NULL,
                  N_("A page of Fashion-MNIST images with their classes, as the Dataset\n"
                     "section shows them."),
                  entries, &status))
    return status;
  if (split != NULL && strcmp (split, "train") != 0 && strcmp (split, "test") != 0)
    return cli_usage_error ("plot", _("--split: expected train or test, not '%s'"), split);
  if (!parse_class (class_text, &label))
    return cli_usage_error ("plot", _("--class: expected a class name, 0 … 9 or all, not '%s'"), class_text);
  if (page < 1 || per_page < 1 || per_page > 1000)
    return cli_usage_error ("plot", _("--page must be at least 1 and --per-page 1 … 1000"));
  if ((status = cli_figure_check (&figure)) != 0)
    return status;
  want_test = split != NULL && strcmp (split, "test") == 0;
  found = data_dir ? g_strdup (data_dir) : mlp_fashion_mnist_find (NULL);
  if (!mlp_fashion_mnist_load_full (found, NULL, NULL, want_test ? NULL : &train, &test, &error))
    return cli_fail ("plot", error);
  shown = mlp_dataset_indices_of_class (want_test ? test : train, label);
  first = (gsize) (page - 1) * (gsize) per_page;
  if (first >= shown->len && !(first == 0 && shown->len == 0))
    return cli_usage_error ("plot", _("--page %d: the selection has %u images, %u pages"), page, shown->len,
                            (shown->len + per_page - 1) / per_page);
  plot = mlp_figure_dataset_images (want_test ? test : train,
                                    shown->len ? &g_array_index (shown, guint32, first) : NULL,
                                    MIN ((gsize) per_page, shown->len - first));
  return cli_figure_write (&figure, plot, NULL);
}
