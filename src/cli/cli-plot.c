/* cli-plot.c — `mlplab-cli plot FIGURE --out FILE`: a figure of the desktop
 * app written without a display as PNG, SVG, PDF or CSV, with the same figure
 * builders (src/plot/mlp-figures.c) and the same renderer, so course material
 * can be regenerated from a script. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cli-common.h"
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

int
cli_plot (int argc, char **argv)
{
  g_autofree char *function = NULL, *show = NULL, *alpha_text = NULL, *out = NULL;
  double from = NAN, to = NAN, step = NAN, std = NAN;
  int width = 640, height = 360, dpi = 96, size = UNSET_INT, steps = UNSET_INT, status = 0;
  gint64 seed = UNSET_SEED;
  gboolean analytic = FALSE, dark = FALSE;
  const GOptionEntry entries[] = {
    { "out", 'o', 0, G_OPTION_ARG_FILENAME, &out, N_("The file to write: .png, .svg, .pdf or .csv"), N_("FILE") },
    { "width", 0, 0, G_OPTION_ARG_INT, &width, N_("Width in points, or pixels at 96 dpi (640)"), "N" },
    { "height", 0, 0, G_OPTION_ARG_INT, &height, N_("Height in points, or pixels at 96 dpi (360)"), "N" },
    { "dpi", 0, 0, G_OPTION_ARG_INT, &dpi, N_("Resolution of a PNG (96)"), "N" },
    { "dark", 0, 0, G_OPTION_ARG_NONE, &dark, N_("Light lines on a dark background"), NULL },
    { "function", 'f', 0, G_OPTION_ARG_STRING, &function, N_("activations: relu (default), prelu, sigmoid or tanh"), N_("NAME") },
    { "show", 0, 0, G_OPTION_ARG_STRING, &show, N_("activations: function, gradient, both (default) or grad-alpha (PReLU's ∂f/∂weight)"), N_("PART") },
    { "analytic", 0, 0, G_OPTION_ARG_NONE, &analytic, N_("activations: overlay the analytic derivative, dashed"), NULL },
    { "alpha", 'a', 0, G_OPTION_ARG_STRING, &alpha_text, N_("activations: PReLU slope(s); several draw a family (0.25)"), "A[,A…]" },
    { "from", 0, 0, G_OPTION_ARG_DOUBLE, &from, N_("activations: first x (-8.0)"), "X" },
    { "to", 0, 0, G_OPTION_ARG_DOUBLE, &to, N_("activations: end of the range, excluded (8.0)"), "X" },
    { "step", 0, 0, G_OPTION_ARG_DOUBLE, &step, N_("activations: spacing (0.1)"), "DX" },
    { "size", 0, 0, G_OPTION_ARG_INT, &size, N_("explode: matrix size (4)"), "N" },
    { "steps", 0, 0, G_OPTION_ARG_INT, &steps, N_("explode: number of multiplications (100)"), "N" },
    { "std", 0, 0, G_OPTION_ARG_DOUBLE, &std, N_("explode: standard deviation of the entries (1)"), "S" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, N_("explode: random seed (0)"), "N" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpPlot) plot = NULL;
  const char *figure = NULL;
  gboolean activation_options, explode_options;
  MlpPlotFormat format;

  /* mlplab-cli plot FIGURE [OPTIONS…]: the figure comes first, so that an
   * option's value is never taken for it */
  if (argc > 1 && argv[1][0] != '-')
    {
      figure = argv[1];
      argv[1] = argv[0];
      argc--;
      argv++;
    }
  if (!cli_parse (&argc, &argv, "plot", N_("FIGURE"),
                  N_("Write one of the chapter's figures without a display.\n"
                     "FIGURE is activations or explode; the format follows the\n"
                     "file name: .png, .svg, .pdf or .csv (the numbers)."),
                  entries, &status))
    return status;

  if (figure == NULL)
    return cli_usage_error ("plot", _("which figure? activations or explode (see --help)"));
  activation_options = function != NULL || show != NULL || analytic || alpha_text != NULL ||
                       !isnan (from) || !isnan (to) || !isnan (step);
  explode_options = size != UNSET_INT || steps != UNSET_INT || !isnan (std) || seed != UNSET_SEED;
  if (out == NULL)
    return cli_usage_error ("plot", _("--out FILE is required"));
  if (!mlp_plot_format_from_path (out, &format))
    return cli_usage_error ("plot", _("%s: use a file name ending in .png, .svg, .pdf or .csv"), out);
  if (width < 16 || width > 10000 || height < 16 || height > 10000)
    return cli_usage_error ("plot", _("--width and --height must be within 16 … 10000"));
  if (dpi < 24 || dpi > 1200 || (double) MAX (width, height) * dpi / 96 > 32767)
    return cli_usage_error ("plot", _("--dpi must be within 24 … 1200, and the image at most 32767 pixels wide and high"));

  if (strcmp (figure, "activations") == 0)
    {
      MlpActivation act = MLP_ACTIVATION_RELU;
      MlpFigureParts parts;
      g_autoptr(GArray) alphas = NULL;

      if (explode_options)
        return cli_usage_error ("plot", _("--size, --steps, --std and --seed belong to the explode figure"));
      if (function != NULL && !mlp_activation_from_string (function, &act, &error))
        return cli_fail ("plot", error);
      if (!parse_show (show, act, &parts))
        return cli_usage_error ("plot", _("--show: expected function, gradient, both or (for prelu) grad-alpha, not '%s'"), show);
      if (alpha_text != NULL && act != MLP_ACTIVATION_PRELU)
        return cli_usage_error ("plot", _("--alpha applies to --function prelu only"));
      if (!cli_parse_doubles (alpha_text ? alpha_text : "0.25", "--alpha", -1e6, 1e6, &alphas, &error))
        return cli_fail ("plot", error);
      if (analytic && alphas->len > 1)
        return cli_usage_error ("plot", _("--analytic overlays a single curve; give one --alpha"));
      if (isnan (from))
        from = MLP_ACTIVATION_FROM;
      if (isnan (to))
        to = MLP_ACTIVATION_TO;
      if (isnan (step))
        step = MLP_ACTIVATION_STEP;
      if (alphas->len > 1)
        plot = mlp_figure_prelu_family ((const double *) (gpointer) alphas->data, alphas->len,
                                        from, to, step, parts, &error);
      else
        plot = mlp_figure_activation (act, (float) g_array_index (alphas, double, 0), from, to, step,
                                      parts, analytic, &error);
    }
  else if (strcmp (figure, "explode") == 0)
    {
      g_autoptr(MlpExplodeResult) r = NULL;

      if (activation_options)
        return cli_usage_error ("plot", _("--function, --show, --analytic, --alpha, --from, --to and --step belong to the activations figure"));
      if (size == UNSET_INT)
        size = 4;
      if (steps == UNSET_INT)
        steps = 100;
      if (isnan (std))
        std = 1.0;
      if (seed == UNSET_SEED)
        seed = 0;
      if (size < 1 || steps < 0 || seed < 0)
        return cli_usage_error ("plot", _("size must be ≥ 1, steps and seed ≥ 0"));
      r = mlp_explode_run ((guint) size, (guint) steps, std, (guint64) seed, &error);
      if (r != NULL)
        plot = mlp_figure_explode (r);
    }
  else
    return cli_usage_error ("plot", _("unknown figure '%s' (expected activations or explode)"), figure);

  if (plot == NULL)
    return cli_fail ("plot", error);
  if (!mlp_plot_export (plot, out, format, width, height, dpi,
                        dark ? mlp_plot_style_dark () : mlp_plot_style_light (), &error))
    return cli_fail ("plot", error);
  return 0;
}
