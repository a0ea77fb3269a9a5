/* mlp-figures.c — the chapter's figures; see mlp-figures.h.
 *
 * Titles and legend labels are the notebook's own strings ('relu(x)',
 * 'grad of relu', legend=['sigmoid', 'gradient']) and stay untranslated like
 * the code they come from; the words MLP Lab adds (titles that combine two
 * curves, "analytic" and its formulas, the exploding-gradients plot) are
 * translated.
 */
#include "mlp-figures.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "mlp-error.h"
#include "mlp-fashion-mnist.h"

/* the formula next to the curve autograd computed */
static const char *
derivative_formula (MlpActivation function)
{
  switch (function)
    {
    case MLP_ACTIVATION_RELU:
      return _("1 if x > 0 else 0");
    case MLP_ACTIVATION_PRELU:
      return _("1 if x > 0 else α");
    case MLP_ACTIVATION_SIGMOID:
      return "sigmoid(x)(1 − sigmoid(x))";
    case MLP_ACTIVATION_TANH:
      return "1 − tanh²(x)";
    default:
      return "";
    }
}

/* "α = 0.25" */
static char *
slope_label (const char *prefix, double alpha)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%g", alpha);
  return prefix != NULL ? g_strdup_printf ("%s, α = %s", prefix, buf) : g_strdup_printf ("α = %s", buf);
}

/* the notebook's title: 'relu(x)', 'grad of relu', or both curves' */
static char *
activation_title (MlpActivation function, float alpha, MlpFigureParts parts)
{
  const char *name = mlp_activation_to_string (function);

  if (parts == MLP_FIGURE_FUNCTION)
    {
      g_autofree char *slope = NULL;

      if (function != MLP_ACTIVATION_PRELU)
        return g_strdup_printf ("%s(x)", name);
      slope = slope_label (NULL, alpha);
      return g_strdup_printf ("prelu(x), %s", slope);
    }
  if (parts == MLP_FIGURE_GRADIENT)
    return g_strdup_printf ("grad of %s", name);
  return g_strdup_printf (_("%s and its gradient"), name);
}

/* the formula's derivative (mlp_activation_derivative) at the curve's x,
 * dashed in orange over autograd's solid gradient */
static void
add_analytic_gradient (MlpPlot *plot, MlpActivation function, float alpha, const MlpActivationCurve *c)
{
  g_autofree double *x = g_new (double, MAX (c->n, 1));
  g_autofree double *d = g_new (double, MAX (c->n, 1));
  g_autofree char *label = g_strdup_printf ("%s: %s", _("analytic"), derivative_formula (function));
  guint s;

  for (gsize i = 0; i < c->n; i++)
    {
      x[i] = c->x[i];
      d[i] = mlp_activation_derivative (function, alpha, c->x[i]);
    }
  s = mlp_plot_add_series (plot, label, x, d, c->n);
  mlp_plot_series_set_style (plot, s, MLP_LINE_DASHED, NULL, 1.5, MLP_MARKER_NONE);
  mlp_plot_series_set_color_index (plot, s, 4);   /* orange, apart from blue and magenta */
}

MlpPlot *
mlp_figure_activation (MlpActivation function, float alpha, double from, double to, double step,
                       MlpFigureParts parts, gboolean analytic, GError **error)
{
  g_autoptr(MlpActivationCurve) c = NULL;
  g_autoptr(MlpPlot) plot = NULL;
  const char *name = mlp_activation_to_string (function);
  g_autofree char *title = NULL;
  gboolean show_f = parts == MLP_FIGURE_FUNCTION || parts == MLP_FIGURE_BOTH;
  gboolean show_g = parts == MLP_FIGURE_GRADIENT || parts == MLP_FIGURE_BOTH;

  if (parts == MLP_FIGURE_GRAD_ALPHA)
    {
      double a = alpha;

      if (function != MLP_ACTIVATION_PRELU)
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                       _("∂f/∂weight exists for prelu only, not for %s"), name);
          return NULL;
        }
      return mlp_figure_prelu_family (&a, 1, from, to, step, parts, error);
    }
  c = mlp_activation_curve_new (function, alpha, from, to, step, error);
  if (c == NULL)
    return NULL;

  plot = mlp_plot_new ();
  title = activation_title (function, alpha, parts);
  mlp_plot_set_labels (plot, title, "x", NULL);

  /* d2l's formats in order: the function blue solid, its gradient magenta
   * dashed ('m--'); alone, the gradient takes the first format like the
   * notebook's 'grad of relu' */
  if (show_f)
    mlp_plot_add_series_f (plot, name, c->x, c->y, c->n);
  if (show_g)
    {
      guint s = mlp_plot_add_series_f (plot, analytic ? _("gradient (autograd)") : "gradient",
                                       c->x, c->grad, c->n);

      if (analytic)
        {
          /* solid under the dashed formula, so where they agree the dashes
           * lie on the line and any disagreement shows */
          mlp_plot_series_set_style (plot, s, MLP_LINE_SOLID, NULL, 3.0, MLP_MARKER_NONE);
        }
    }
  if (show_g && analytic)
    add_analytic_gradient (plot, function, alpha, c);
  /* the notebook: d2l.plot(x, x.grad, 'x', 'grad of sigmoid', ylim=(0, 1)) */
  if (function == MLP_ACTIVATION_SIGMOID && parts == MLP_FIGURE_GRADIENT)
    mlp_plot_set_ylim (plot, 0, 1);
  mlp_plot_set_legend (plot, mlp_plot_get_n_series (plot) > 1);
  return g_steal_pointer (&plot);
}

MlpPlot *
mlp_figure_prelu_family (const double *alphas, guint n, double from, double to, double step,
                         MlpFigureParts parts, GError **error)
{
  g_autoptr(MlpPlot) plot = NULL;
  const char *title;

  g_return_val_if_fail (alphas != NULL || n == 0, NULL);
  if (n == 0 || n > 64)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   _("a family of PReLU curves needs 1 … 64 slopes, not %u"), n);
      return NULL;
    }
  switch (parts)
    {
    case MLP_FIGURE_GRADIENT:
      title = "grad of prelu";
      break;
    case MLP_FIGURE_GRAD_ALPHA:
      title = "∂prelu(x)/∂weight";
      break;
    case MLP_FIGURE_BOTH:
      title = _("prelu and its gradient");
      break;
    case MLP_FIGURE_FUNCTION:
    default:
      title = "prelu(x)";
      break;
    }
  plot = mlp_plot_new ();
  mlp_plot_set_labels (plot, title, "x", NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MlpActivationCurve) c = mlp_activation_curve_new (MLP_ACTIVATION_PRELU, (float) alphas[i],
                                                                  from, to, step, error);

      if (c == NULL)
        return NULL;
      if (parts == MLP_FIGURE_BOTH)
        {
          /* one colour per slope; the gradient dashed in the slope's colour */
          g_autofree char *flabel = slope_label ("prelu", alphas[i]);
          g_autofree char *glabel = slope_label ("grad", alphas[i]);
          guint s = mlp_plot_add_series_f (plot, flabel, c->x, c->y, c->n);

          mlp_plot_series_set_style (plot, s, MLP_LINE_SOLID, NULL, 0, MLP_MARKER_NONE);
          mlp_plot_series_set_color_index (plot, s, i);
          s = mlp_plot_add_series_f (plot, glabel, c->x, c->grad, c->n);
          mlp_plot_series_set_style (plot, s, MLP_LINE_DASHED, NULL, 0, MLP_MARKER_NONE);
          mlp_plot_series_set_color_index (plot, s, i);
        }
      else
        {
          g_autofree char *label = slope_label (NULL, alphas[i]);
          const float *ys = parts == MLP_FIGURE_GRAD_ALPHA ? c->grad_alpha :
                            parts == MLP_FIGURE_GRADIENT ? c->grad : c->y;

          mlp_plot_add_series_f (plot, label, c->x, ys, c->n);
        }
    }
  mlp_plot_set_legend (plot, mlp_plot_get_n_series (plot) > 1);
  return g_steal_pointer (&plot);
}

MlpPlot *
mlp_figure_explode (const MlpExplodeResult *r)
{
  MlpPlot *plot;
  g_autofree double *steps = NULL;
  g_autofree char *title = NULL;
  char std[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (r != NULL, NULL);
  plot = mlp_plot_new ();
  steps = g_new (double, r->steps + 1);
  for (guint k = 0; k <= r->steps; k++)
    steps[k] = k;
  g_ascii_formatd (std, sizeof std, "%g", r->std);
  /* Translators: the title of the exploding-gradients plot, e.g. "product of
   * 100 random 4 × 4 matrices, std = 1" */
  title = g_strdup_printf (_("product of %u random %u × %u matrices, std = %s"),
                           r->steps, r->size, r->size, std);
  mlp_plot_set_labels (plot, title, _("multiplications"), _("Frobenius norm"));
  mlp_plot_set_yscale (plot, MLP_AXIS_LOG);
  mlp_plot_add_series (plot, "norm", steps, r->norms, r->steps + 1);
  mlp_plot_set_legend (plot, FALSE);
  return plot;
}

MlpPlot *
mlp_figure_confusion (const guint *counts, guint n_classes, const char *const *class_names)
{
  MlpPlot *plot = mlp_plot_new ();
  g_autofree double *v = g_new (double, (gsize) n_classes * n_classes);
  gsize total = 0, right = 0;
  g_autofree char *title = NULL;

  for (guint i = 0; i < n_classes * n_classes; i++)
    {
      v[i] = counts[i];
      total += counts[i];
    }
  for (guint c = 0; c < n_classes; c++)
    right += counts[c * n_classes + c];
  title = g_strdup_printf (_("confusion matrix, validation accuracy %.4f"),
                           total ? (double) right / (double) total : 0.0);
  mlp_plot_set_labels (plot, title, _("predicted"), _("true"));
  mlp_plot_set_heatmap (plot, v, n_classes, n_classes, class_names, class_names);
  return plot;
}

/* 1, 2, … n_layers as doubles; (transfer full) */
static double *
layer_numbers (guint n_layers)
{
  double *x = g_new (double, MAX (n_layers, 1));

  for (guint l = 0; l < n_layers; l++)
    x[l] = l + 1;
  return x;
}

MlpPlot *
mlp_figure_gradient_norms (MlpDeepResult *const *runs, const char *const *labels, guint n)
{
  MlpPlot *plot = mlp_plot_new ();

  mlp_plot_set_labels (plot, _("gradient norms"), _("layer (1 = input side)"), _("‖∂loss/∂W‖"));
  mlp_plot_set_yscale (plot, MLP_AXIS_LOG);
  for (guint r = 0; r < n; r++)
    {
      g_autofree double *x = layer_numbers (runs[r]->n_layers);
      guint s = mlp_plot_add_series (plot, labels[r], x, runs[r]->grad_norm, runs[r]->n_layers);

      mlp_plot_series_set_style (plot, s, r == 0 ? MLP_LINE_SOLID : MLP_LINE_DASHED, NULL, 0, MLP_MARKER_CIRCLE);
    }
  return plot;
}

MlpPlot *
mlp_figure_layer_variances (MlpDeepResult *const *runs, const char *const *labels, guint n,
                            MlpVarianceKind kind)
{
  MlpPlot *plot = mlp_plot_new ();
  gboolean acts = kind == MLP_FIGURE_ACTIVATION_VARIANCE;

  mlp_plot_set_labels (plot, acts ? _("activation variance") : _("weight-gradient variance"), _("layer"), NULL);
  mlp_plot_set_yscale (plot, MLP_AXIS_LOG);
  for (guint r = 0; r < n; r++)
    {
      g_autofree double *x = layer_numbers (runs[r]->n_layers);

      /* the output layer has no activation of its own */
      mlp_plot_add_series (plot, labels[r], x, acts ? runs[r]->act_var : runs[r]->grad_var,
                           acts ? runs[r]->n_layers - 1 : runs[r]->n_layers);
    }
  return plot;
}

MlpPlot *
mlp_figure_dataset_images (const MlpDataset *ds, const guint32 *indices, gsize n)
{
  MlpPlot *plot = mlp_plot_new ();
  gsize px = (gsize) ds->rows * ds->cols;
  g_autofree float *pixels = NULL;
  g_autoptr(GPtrArray) captions = g_ptr_array_new_with_free_func (g_free);

  if (n == 0)
    return plot;
  pixels = g_new (float, n * px);
  for (gsize k = 0; k < n; k++)
    {
      guint32 i = indices[k];
      guint8 y = ds->labels[i];

      for (gsize q = 0; q < px; q++)
        pixels[k * px + q] = ds->images[(gsize) i * px + q] / 255.0f;
      g_ptr_array_add (captions, ds->n_classes == MLP_FASHION_MNIST_CLASSES
                                   ? g_strdup (mlp_fashion_mnist_class_name (y))
                                   : g_strdup_printf (_("class %u"), y));
    }
  g_ptr_array_add (captions, NULL);
  mlp_plot_set_images (plot, pixels, (guint) n, ds->rows, ds->cols, (const char *const *) captions->pdata, FALSE);
  return plot;
}
