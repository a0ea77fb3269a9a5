/* mlp-figures.c — the chapter's figures; see mlp-figures.h.  Labels follow
 * the notebook's d2l.plot calls ('relu(x)', 'grad of relu', …). */
#include "mlp-figures.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mlp-error.h"

/* wide and translucent, so that autograd's curve drawn on top stays visible */
static const MlpColor overlay_color = { 1.0, 0.498, 0.055, 0.55 };

MlpPlot *
mlp_figure_activation (MlpActivation function, float alpha, double from, double to, double step,
                       MlpFigureParts parts, gboolean analytic, GError **error)
{
  g_autoptr(MlpActivationCurve) c = mlp_activation_curve_new (function, alpha, from, to, step, error);
  const char *name = mlp_activation_to_string (function);
  g_autofree char *fname = NULL, *gname = NULL, *title = NULL;
  MlpPlot *plot;

  if (c == NULL)
    return NULL;
  if (parts == MLP_FIGURE_GRAD_ALPHA)
    {
      double a = alpha;
      return mlp_figure_prelu_family (&a, 1, from, to, step, parts, error);
    }

  plot = mlp_plot_new ();
  fname = function == MLP_ACTIVATION_PRELU ? g_strdup_printf ("prelu(x), α = %g", alpha)
                                           : g_strdup_printf ("%s(x)", name);
  gname = g_strdup_printf ("grad of %s", name);
  if (parts == MLP_FIGURE_FUNCTION)
    title = g_strdup (fname);
  else if (parts == MLP_FIGURE_GRADIENT)
    title = g_strdup (gname);
  else
    title = g_strdup_printf ("%s and its gradient", name);
  mlp_plot_set_labels (plot, title, "x", NULL);

  if (parts == MLP_FIGURE_FUNCTION || parts == MLP_FIGURE_BOTH)
    mlp_plot_add_series_f (plot, fname, c->x, c->y, c->n);
  if (parts == MLP_FIGURE_GRADIENT || parts == MLP_FIGURE_BOTH)
    {
      guint s = mlp_plot_add_series_f (plot, gname, c->x, c->grad, c->n);

      if (parts == MLP_FIGURE_GRADIENT)
        mlp_plot_series_set_style (plot, s, MLP_LINE_SOLID, NULL, 0, MLP_MARKER_NONE);
    }
  if (analytic && parts != MLP_FIGURE_FUNCTION)
    {
      g_autofree double *x = g_new (double, MAX (c->n, 1));
      g_autofree double *d = g_new (double, MAX (c->n, 1));
      guint s;

      for (gsize i = 0; i < c->n; i++)
        {
          x[i] = c->x[i];
          d[i] = mlp_activation_derivative (function, alpha, c->x[i]);
        }
      s = mlp_plot_add_series (plot, "analytic derivative", x, d, c->n);
      mlp_plot_series_set_style (plot, s, MLP_LINE_DASHED, &overlay_color, 3.5, MLP_MARKER_NONE);
    }
  /* the notebook's 'grad of sigmoid' uses ylim=(0, 1) */
  if (function == MLP_ACTIVATION_SIGMOID && parts == MLP_FIGURE_GRADIENT)
    mlp_plot_set_ylim (plot, 0, 1);
  mlp_plot_set_legend (plot, mlp_plot_get_n_series (plot) > 1);
  return plot;
}

MlpPlot *
mlp_figure_prelu_family (const double *alphas, guint n, double from, double to, double step,
                         MlpFigureParts parts, GError **error)
{
  g_autoptr(MlpPlot) plot = mlp_plot_new ();

  if (n == 0 || n > 64)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT, "give 1 … 64 slopes, not %u", n);
      return NULL;
    }
  mlp_plot_set_labels (plot,
                       parts == MLP_FIGURE_GRAD_ALPHA ? "∂ prelu(x) / ∂ weight" :
                       parts == MLP_FIGURE_GRADIENT ? "grad of prelu" : "prelu(x) for several slopes",
                       "x", NULL);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MlpActivationCurve) c = mlp_activation_curve_new (MLP_ACTIVATION_PRELU, (float) alphas[i],
                                                                  from, to, step, error);
      g_autofree char *label = NULL;
      const float *ys;

      if (c == NULL)
        return NULL;
      label = g_strdup_printf ("α = %g", alphas[i]);
      ys = parts == MLP_FIGURE_GRAD_ALPHA ? c->grad_alpha :
           parts == MLP_FIGURE_GRADIENT ? c->grad : c->y;
      mlp_plot_add_series_f (plot, label, c->x, ys, c->n);
      if (parts == MLP_FIGURE_BOTH)
        {
          g_autofree char *glabel = g_strdup_printf ("grad, α = %g", alphas[i]);
          guint s = mlp_plot_add_series_f (plot, glabel, c->x, c->grad, c->n);

          mlp_plot_series_set_style (plot, s, MLP_LINE_DOTTED, NULL, 0, MLP_MARKER_NONE);
        }
    }
  mlp_plot_set_legend (plot, TRUE);
  return g_steal_pointer (&plot);
}

MlpPlot *
mlp_figure_explode (const MlpExplodeResult *r)
{
  MlpPlot *plot = mlp_plot_new ();
  g_autofree double *steps = g_new (double, r->steps + 1);
  g_autofree char *title = g_strdup_printf ("product of %u random %u × %u matrices, std %g",
                                            r->steps, r->size, r->size, r->std);

  for (guint k = 0; k <= r->steps; k++)
    steps[k] = k;
  mlp_plot_set_labels (plot, title, "multiplications", "Frobenius norm");
  mlp_plot_set_yscale (plot, MLP_AXIS_LOG);
  mlp_plot_add_series (plot, "norm", steps, r->norms, r->steps + 1);
  mlp_plot_set_legend (plot, FALSE);
  return plot;
}
