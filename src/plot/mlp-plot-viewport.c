/* mlp-plot-viewport.c — the user's view of a plot of series, over what the
 * plot itself says: limits zoomed or panned with the mouse, and a log or
 * linear scale per axis (GNOME Graphs' and TensorBoard's toggles).
 *
 * The viewport lives in the plot beside its own limits and scales and wins
 * over them where it says something (a NAN limit or a −1 scale leaves the
 * plot's own).  It travels with mlp_plot_copy, so an export shows what the
 * screen shows; the plot widget keeps its own copy and gives it to every
 * new plot a page hands it, so a live training board keeps the user's zoom.
 *
 * Zooming and panning work on the last render's range in the axis'
 * coordinate t (the value, or log10 of it), so both are even on a log axis;
 * the result is written back as values.
 */
#include "mlp-plot-private.h"

/* t never leaves what a double holds as a value: 10^±300, or ±1e300 */
#define T_MAX_LOG 300.0
#define T_MAX_LIN 1e300

void
mlp_plot_viewport_init (MlpPlotViewport *viewport)
{
  g_return_if_fail (viewport != NULL);
  viewport->xmin = viewport->xmax = viewport->ymin = viewport->ymax = NAN;
  viewport->xscale = viewport->yscale = -1;
}

/* a scale the viewport may hold: an MlpAxisScale or −1 */
static int
valid_scale (int scale)
{
  return scale == MLP_AXIS_LINEAR || scale == MLP_AXIS_LOG ? scale : -1;
}

void
mlp_plot_set_viewport (MlpPlot *plot, const MlpPlotViewport *viewport)
{
  MlpPlotViewport own;

  g_return_if_fail (plot != NULL);
  if (viewport == NULL)
    {
      mlp_plot_viewport_init (&own);
      viewport = &own;
    }
  plot->xaxis.view_lo = viewport->xmin;
  plot->xaxis.view_hi = viewport->xmax;
  plot->yaxis.view_lo = viewport->ymin;
  plot->yaxis.view_hi = viewport->ymax;
  plot->xaxis.view_scale = valid_scale (viewport->xscale);
  plot->yaxis.view_scale = valid_scale (viewport->yscale);
}

void
mlp_plot_get_viewport (MlpPlot *plot, MlpPlotViewport *viewport)
{
  g_return_if_fail (plot != NULL);
  g_return_if_fail (viewport != NULL);
  viewport->xmin = plot->xaxis.view_lo;
  viewport->xmax = plot->xaxis.view_hi;
  viewport->ymin = plot->yaxis.view_lo;
  viewport->ymax = plot->yaxis.view_hi;
  viewport->xscale = plot->xaxis.view_scale;
  viewport->yscale = plot->yaxis.view_scale;
}

gboolean
mlp_plot_get_limits (MlpPlot *plot, double *xmin, double *xmax, double *ymin, double *ymax)
{
  const MlpPlotAxis *xa, *ya;

  g_return_val_if_fail (plot != NULL, FALSE);
  if (!plot->rendered)
    return FALSE;
  xa = &plot->xaxis;
  ya = &plot->yaxis;
  if (xmin != NULL)
    *xmin = _mlp_plot_axis_v (xa, xa->t_lo);
  if (xmax != NULL)
    *xmax = _mlp_plot_axis_v (xa, xa->t_hi);
  if (ymin != NULL)
    *ymin = _mlp_plot_axis_v (ya, ya->t_lo);
  if (ymax != NULL)
    *ymax = _mlp_plot_axis_v (ya, ya->t_hi);
  return TRUE;
}

MlpAxisScale
mlp_plot_get_xscale (MlpPlot *plot)
{
  g_return_val_if_fail (plot != NULL, MLP_AXIS_LINEAR);
  return _mlp_plot_axis_next_scale (&plot->xaxis);
}

MlpAxisScale
mlp_plot_get_yscale (MlpPlot *plot)
{
  g_return_val_if_fail (plot != NULL, MLP_AXIS_LINEAR);
  return _mlp_plot_axis_next_scale (&plot->yaxis);
}

/* ---------------------------------------------------------- zoom and pan */

/* Makes lo … hi (in t) the axis' viewport limits, if they are a range the
 * axis can show: finite, not reversed against the last render's and not
 * narrower than double precision can tell apart. */
static gboolean
range_ok (const MlpPlotAxis *a, double lo, double hi)
{
  double bound = a->scale == MLP_AXIS_LOG ? T_MAX_LOG : T_MAX_LIN;
  double span = hi - lo, old = a->t_hi - a->t_lo;

  return isfinite (lo) && isfinite (hi) && fabs (lo) <= bound && fabs (hi) <= bound &&
         span * old > 0 && fabs (span) > 1e-12 * MAX (MAX (fabs (lo), fabs (hi)), 1e-300);
}

/* the viewport's limits, and the last render's mapping moved along with
 * them, so that zooms and pans chain before the next render (several wheel
 * notches in one frame) */
static void
set_range (MlpPlotAxis *a, double lo, double hi)
{
  a->view_lo = _mlp_plot_axis_v (a, lo);
  a->view_hi = _mlp_plot_axis_v (a, hi);
  a->t_lo = lo;
  a->t_hi = hi;
}

/* The new ranges of both axes, applied only when both can be shown. */
static gboolean
apply (MlpPlot *plot, double xlo, double xhi, double ylo, double yhi)
{
  if (!range_ok (&plot->xaxis, xlo, xhi) || !range_ok (&plot->yaxis, ylo, yhi))
    return FALSE;
  set_range (&plot->xaxis, xlo, xhi);
  set_range (&plot->yaxis, ylo, yhi);
  return TRUE;
}

/* the axis' t range scaled by 1/factor around the t at pixel p */
static void
zoom_axis (const MlpPlotAxis *a, double p, double factor, double *lo, double *hi)
{
  double at = _mlp_plot_axis_p_to_t (a, p);

  *lo = at - (at - a->t_lo) / factor;
  *hi = at + (a->t_hi - at) / factor;
}

gboolean
mlp_plot_zoom (MlpPlot *plot, double factor, double fx, double fy)
{
  double xlo, xhi, ylo, yhi;

  g_return_val_if_fail (plot != NULL, FALSE);
  if (!plot->rendered || !(factor > 0) || !isfinite (factor) || !isfinite (fx) || !isfinite (fy))
    return FALSE;
  zoom_axis (&plot->xaxis, plot->area_x + fx * plot->area_w, factor, &xlo, &xhi);
  zoom_axis (&plot->yaxis, plot->area_y + fy * plot->area_h, factor, &ylo, &yhi);
  return apply (plot, xlo, xhi, ylo, yhi);
}

gboolean
mlp_plot_pan (MlpPlot *plot, double dx, double dy)
{
  const MlpPlotAxis *xa, *ya;
  double sx, sy;

  g_return_val_if_fail (plot != NULL, FALSE);
  if (!plot->rendered || !isfinite (dx) || !isfinite (dy))
    return FALSE;
  xa = &plot->xaxis;
  ya = &plot->yaxis;
  /* what moved under the pointer by dx · width pixels right, dy · height down */
  sx = _mlp_plot_axis_p_to_t (xa, xa->p_lo - dx * plot->area_w) - xa->t_lo;
  sy = _mlp_plot_axis_p_to_t (ya, ya->p_lo - dy * plot->area_h) - ya->t_lo;
  return apply (plot, xa->t_lo + sx, xa->t_hi + sx, ya->t_lo + sy, ya->t_hi + sy);
}
