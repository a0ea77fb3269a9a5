/* cli-plot.c — `mlplab-cli plot FIGURE --out FILE`: a figure of the desktop
 * app written without a display as PNG, SVG, PDF or CSV, with the same figure
 * builders (src/plot/mlp-figures.c) and the same renderer, so course material
 * can be regenerated from a script. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cli-common.h"
#include "cli-figure.h"
#include "mlp-experiments.h"
#include "mlp-figures.h"

/* options left at these values were not given */
#define UNSET_INT  G_MININT
#define UNSET_SEED G_MININT64

static gboolean
parse_show (const char *show, MlpActivation act, MlpFigureParts *parts)
{
  if (show == NULL || strcmp (show, "both") == 0)
    *parts = MLP_FIGURE_BOTH;
  else if (strcmp (show, "function") == 0)
    *parts = MLP_FIGURE_FUNCTION;
  else if (strcmp (show, "gradient") == 0)
    *parts = MLP_FIGURE_GRADIENT;
  else if (strcmp (show, "grad-alpha") == 0 && act == MLP_ACTIVATION_PRELU)
    *parts = MLP_FIGURE_GRAD_ALPHA;
  else
    return FALSE;
  return TRUE;
}

/* the command line, as GOption fills it; NAN and the UNSET_ values mark
 * what was not given */
typedef struct {
  char     *function;
  char     *show;
  char     *alpha_text;
  double    from, to, step, std;
  int       size, steps;
  gint64    seed;
  gboolean  analytic;
  CliFigureOptions figure;
} PlotOptions;

/* The activations figure into *plot (NULL with error when it cannot be
 * made); 0, or the exit status after a usage message. */
static int
activations_figure (PlotOptions *o, gboolean explode_options, MlpPlot **plot, GError **error)
{
  MlpActivation act = MLP_ACTIVATION_RELU;
  MlpFigureParts parts;
  g_autoptr(GArray) alphas = NULL;

  if (explode_options)
    return cli_usage_error ("plot", _("--size, --steps, --std and --seed belong to the explode figure"));
  if (o->function != NULL && !mlp_activation_from_string (o->function, &act, error))
    return 0;
  if (!parse_show (o->show, act, &parts))
    return cli_usage_error ("plot", _("--show: expected function, gradient, both or (for prelu) grad-alpha, not '%s'"), o->show);
  if (o->alpha_text != NULL && act != MLP_ACTIVATION_PRELU)
    return cli_usage_error ("plot", _("--alpha applies to --function prelu only"));
  if (!cli_parse_doubles (o->alpha_text ? o->alpha_text : "0.25", "--alpha", -1e6, 1e6, &alphas, error))
    return 0;
  if (o->analytic && alphas->len > 1)
    return cli_usage_error ("plot", _("--analytic overlays a single curve; give one --alpha"));
  if (isnan (o->from))
    o->from = MLP_ACTIVATION_FROM;
  if (isnan (o->to))
    o->to = MLP_ACTIVATION_TO;
  if (isnan (o->step))
    o->step = MLP_ACTIVATION_STEP;
  if (alphas->len > 1)
    *plot = mlp_figure_prelu_family ((const double *) (gpointer) alphas->data, alphas->len,
                                     o->from, o->to, o->step, parts, error);
  else
    *plot = mlp_figure_activation (act, (float) g_array_index (alphas, double, 0), o->from, o->to,
                                   o->step, parts, o->analytic, error);
  return 0;
}

/* the explode figure, as activations_figure() */
static int
explode_figure (PlotOptions *o, gboolean activation_options, MlpPlot **plot, GError **error)
{
  g_autoptr(MlpExplodeResult) r = NULL;

  if (activation_options)
    return cli_usage_error ("plot", _("--function, --show, --analytic, --alpha, --from, --to and --step belong to the activations figure"));
  if (o->size == UNSET_INT)
    o->size = 4;
  if (o->steps == UNSET_INT)
    o->steps = 100;
  if (isnan (o->std))
    o->std = 1.0;
  if (o->seed == UNSET_SEED)
    o->seed = 0;
  if (o->size < 1 || o->steps < 0 || o->seed < 0)
    return cli_usage_error ("plot", _("size must be ≥ 1, steps and seed ≥ 0"));
  r = mlp_explode_run ((guint) o->size, (guint) o->steps, o->std, (guint64) o->seed, error);
  if (r != NULL)
    *plot = mlp_figure_explode (r);
  return 0;
}

int
cli_plot (int argc, char **argv)
{
  PlotOptions o = {
    .from = NAN, .to = NAN, .step = NAN, .std = NAN, .size = UNSET_INT, .steps = UNSET_INT,
    .seed = UNSET_SEED, .figure = CLI_FIGURE_OPTIONS_INIT,
  };
  const GOptionEntry entries[] = {
    CLI_FIGURE_ENTRIES (o.figure),
    { "function", 'f', 0, G_OPTION_ARG_STRING, &o.function, N_("activations: relu (default), prelu, sigmoid or tanh"), N_("NAME") },
    { "show", 0, 0, G_OPTION_ARG_STRING, &o.show, N_("activations: function, gradient, both (default) or grad-alpha (PReLU's ∂f/∂weight)"), N_("PART") },
    { "analytic", 0, 0, G_OPTION_ARG_NONE, &o.analytic, N_("activations: overlay the analytic derivative, dashed"), NULL },
    { "alpha", 'a', 0, G_OPTION_ARG_STRING, &o.alpha_text, N_("activations: PReLU slope(s); several draw a family (0.25)"), "A[,A…]" },
    { "from", 0, 0, G_OPTION_ARG_DOUBLE, &o.from, N_("activations: first x (-8.0)"), "X" },
    { "to", 0, 0, G_OPTION_ARG_DOUBLE, &o.to, N_("activations: end of the range, excluded (8.0)"), "X" },
    { "step", 0, 0, G_OPTION_ARG_DOUBLE, &o.step, N_("activations: spacing (0.1)"), "DX" },
    { "size", 0, 0, G_OPTION_ARG_INT, &o.size, N_("explode: matrix size (4)"), "N" },
    { "steps", 0, 0, G_OPTION_ARG_INT, &o.steps, N_("explode: number of multiplications (100)"), "N" },
    { "std", 0, 0, G_OPTION_ARG_DOUBLE, &o.std, N_("explode: standard deviation of the entries (1)"), "S" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &o.seed, N_("explode: random seed (0)"), "N" },
    { NULL }
  };
  g_auto(CliOptionTable) table = entries;
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpPlot) plot = NULL;
  const char *figure = NULL;
  gboolean activation_options, explode_options;
  int status = 0;

  /* mlplab-cli plot FIGURE [OPTIONS…]: the figure comes first, so that an
   * option's value is never taken for it */
  if (argc > 1 && strcmp (argv[1], "exercise") == 0)
    return cli_plot_exercise (argc - 1, argv + 1);
  if (argc > 1 && strcmp (argv[1], "gradients") == 0)
    return cli_plot_gradients (argc - 1, argv + 1);
  if (argc > 1 && strcmp (argv[1], "init") == 0)
    return cli_plot_init (argc - 1, argv + 1);
  if (argc > 1 && strcmp (argv[1], "dataset") == 0)
    return cli_plot_dataset (argc - 1, argv + 1);
  if (argc > 1 && cli_is_run_figure (argv[1]))
    return cli_plot_run (argc - 1, argv + 1);
  if (argc > 1 && argv[1][0] != '-')
    {
      figure = argv[1];
      argv[1] = argv[0];
      argc--;
      argv++;
    }
  if (!cli_parse (&argc, &argv, "plot", N_("FIGURE"),
                  N_("Write one of the chapter's figures without a display.\n"
                     "FIGURE is activations, explode, gradients, init, dataset, exercise N,\n"
                     "or confusion, mistakes or weights of a CHECKPOINT (see plot FIGURE\n"
                     "--help for all but the first two); the format follows the\n"
                     "file name: .png, .svg, .pdf or .csv (the numbers)."),
                  entries, &status))
    return status;

  if (figure == NULL)
    return cli_usage_error ("plot", _("which figure? activations, explode, gradients, init, dataset, exercise, confusion, mistakes or weights (see --help)"));
  activation_options = o.function != NULL || o.show != NULL || o.analytic || o.alpha_text != NULL ||
                       !isnan (o.from) || !isnan (o.to) || !isnan (o.step);
  explode_options = o.size != UNSET_INT || o.steps != UNSET_INT || !isnan (o.std) || o.seed != UNSET_SEED;
  if ((status = cli_figure_check (&o.figure)) != 0)
    return status;

  if (strcmp (figure, "activations") == 0)
    status = activations_figure (&o, explode_options, &plot, &error);
  else if (strcmp (figure, "explode") == 0)
    status = explode_figure (&o, activation_options, &plot, &error);
  else
    return cli_usage_error ("plot", _("unknown figure '%s' (expected activations, explode, gradients, init, dataset, exercise, confusion, mistakes or weights)"), figure);
  if (status != 0)
    return status;
  if (plot == NULL)
    return cli_fail ("plot", error);
  return cli_figure_write (&o.figure, plot, NULL);
}
