/* mlp-plot-axis.c — the two axes of a plot of series: the range they show,
 * and what of them is drawn around the data.
 *
 * Each axis maps its coordinate t (the value, or log10 of it) linearly to
 * pixels.  The range is matplotlib's: the data plus a 5 % margin on each
 * side that is not fixed by a limit.  Around the data area go the grid
 * (under the data), the spines as a box with ticks outside on the left and
 * the bottom, the tick labels and the axis labels (after it).
 */
#include "mlp-plot-private.h"

void
_mlp_plot_axis_init (MlpPlotAxis *a)
{
  a->own_scale = a->scale = MLP_AXIS_LINEAR;
  a->fixed_lo = a->fixed_hi = NAN;
  a->view_scale = -1;
  a->view_lo = a->view_hi = NAN;
  a->label = NULL;
  a->t_lo = 0;
  a->t_hi = 1;
  a->p_lo = 0;
  a->p_hi = 1;
}

/* ------------------------------------------------------------ the range */

static gboolean
limit_valid (const MlpPlotAxis *a, double v)
{
  return isfinite (v) && (a->scale == MLP_AXIS_LINEAR || v > 0);
}

/* the smallest and largest finite t of the series' x or y values; +inf and
 * -inf when there are none */
static void
data_range (const MlpPlotAxis *a, GPtrArray *series, gboolean is_x, double *lo, double *hi)
{
  double dlo = INFINITY, dhi = -INFINITY;

  for (guint k = 0; k < series->len; k++)
    {
      const MlpPlotSeries *s = series->pdata[k];
      const double *v = (const double *) (gpointer) (is_x ? s->x->data : s->y->data);

      for (guint i = 0; i < s->x->len; i++)
        {
          double t = _mlp_plot_axis_t (a, v[i]);

          if (isfinite (t))
            {
              dlo = MIN (dlo, t);
              dhi = MAX (dhi, t);
            }
        }
    }
  *lo = dlo;
  *hi = dhi;
}

/* All values equal, or a fixed end beyond the data (lo ≥ hi): opens up the
 * automatic side(s) so that the axis has a length.  With neither side fixed
 * the range is centred on the values and both sides get margins. */
static void
open_up (const MlpPlotAxis *a, double *lo, double *hi, gboolean *fix_lo, gboolean *fix_hi)
{
  double pad = a->scale == MLP_AXIS_LOG ? 1.0 : (*lo != 0 ? fabs (*lo) * 0.1 : 1.0);

  if (*fix_lo && !*fix_hi)
    *hi = *lo + (*lo - *hi) + 2 * pad;
  else if (*fix_hi && !*fix_lo)
    *lo = *hi - (*lo - *hi) - 2 * pad;
  else
    {
      double mid = (*lo + *hi) / 2;

      *lo = mid - pad;
      *hi = mid + pad;
      *fix_lo = *fix_hi = FALSE;
    }
}

/* the viewport's limit where it has one that the scale can show, else the
 * plot's own; NAN when neither */
static double
limit (const MlpPlotAxis *a, double view, double fixed)
{
  if (limit_valid (a, view))
    return view;
  return limit_valid (a, fixed) ? fixed : NAN;
}

/* Chooses the shown range t_lo … t_hi: the viewport's or the fixed limits,
 * else the data's range plus 5 % on each automatic side (matplotlib's
 * margins).  A limit a log axis cannot show (≤ 0) counts as automatic. */
void
_mlp_plot_axis_autoscale (MlpPlotAxis *a, GPtrArray *series, gboolean is_x)
{
  double dlo, dhi, lo, hi, span;
  double lim_lo = limit (a, a->view_lo, a->fixed_lo), lim_hi = limit (a, a->view_hi, a->fixed_hi);
  gboolean fix_lo = !isnan (lim_lo), fix_hi = !isnan (lim_hi);

  data_range (a, series, is_x, &dlo, &dhi);
  lo = fix_lo ? _mlp_plot_axis_t (a, lim_lo) : dlo;
  hi = fix_hi ? _mlp_plot_axis_t (a, lim_hi) : dhi;

  if (!isfinite (lo) && !isfinite (hi))
    {
      lo = 0;   /* no data: 0 … 1, or 1 … 10 on a log axis */
      hi = 1;
    }
  else if (!isfinite (lo))
    lo = hi - 1;
  else if (!isfinite (hi))
    hi = lo + 1;

  if (fix_lo && fix_hi && lo != hi)
    {
      a->t_lo = lo;   /* fixed both ways; lo > hi is an inverted axis */
      a->t_hi = hi;
      return;
    }
  if (lo >= hi)
    open_up (a, &lo, &hi, &fix_lo, &fix_hi);
  span = hi - lo;
  if (!fix_lo)
    lo -= 0.05 * span;
  if (!fix_hi)
    hi += 0.05 * span;
  a->t_lo = lo;
  a->t_hi = hi;
}

/* ----------------------------------------------------------- the drawing */

/* the data area along x (is_x) or y: where it starts and how long it is */
static void
area_span (const MlpPlot *plot, gboolean is_x, double *start, double *length)
{
  *start = is_x ? plot->area_x : plot->area_y;
  *length = is_x ? plot->area_w : plot->area_h;
}

/* whether a tick at p is on the data area (half a pixel's slack) */
static gboolean
in_span (double p, double start, double length)
{
  return !(p < start - 0.5 || p > start + length + 0.5);
}

/* a line at p along the axis, from a to b across it */
static void
line_across (cairo_t *cr, gboolean is_x, double p, double a, double b)
{
  if (is_x)
    {
      cairo_move_to (cr, p, a);
      cairo_line_to (cr, p, b);
    }
  else
    {
      cairo_move_to (cr, a, p);
      cairo_line_to (cr, b, p);
    }
}

/* grid lines at the major ticks of one axis, but not on the spines */
static void
grid_lines (MlpPlot *plot, cairo_t *cr, const MlpPlotTicks *set, gboolean is_x, double w)
{
  const MlpPlotAxis *a = is_x ? &plot->xaxis : &plot->yaxis;
  double start, length, across, across_length;

  area_span (plot, is_x, &start, &length);
  area_span (plot, !is_x, &across, &across_length);
  for (guint i = 0; i < set->n; i++)
    if (set->ticks[i].major)
      {
        double p = _mlp_plot_snap (cr, _mlp_plot_axis_t_to_p (a, set->ticks[i].t), w, is_x);

        if (p > start + 0.5 && p < start + length - 0.5)
          line_across (cr, is_x, p, across, across + across_length);
      }
}

void
_mlp_plot_axis_draw_grid (MlpPlot *plot, cairo_t *cr, const MlpPlotLayout *l,
                          const MlpPlotStyle *style)
{
  _mlp_plot_set_color (cr, &style->grid);
  cairo_set_line_width (cr, l->line_w);
  grid_lines (plot, cr, &l->xt, TRUE, l->line_w);
  grid_lines (plot, cr, &l->yt, FALSE, l->line_w);
  cairo_stroke (cr);
}

/* the tick marks of one axis, outwards from the spine at base (down for x,
 * left for y); minor ticks are shorter */
static void
tick_marks (MlpPlot *plot, cairo_t *cr, const MlpPlotLayout *l, gboolean is_x, double base)
{
  const MlpPlotAxis *a = is_x ? &plot->xaxis : &plot->yaxis;
  const MlpPlotTicks *set = is_x ? &l->xt : &l->yt;
  double w = l->line_w, start, length;

  area_span (plot, is_x, &start, &length);
  for (guint i = 0; i < set->n; i++)
    {
      double p = _mlp_plot_axis_t_to_p (a, set->ticks[i].t);
      double len = set->ticks[i].major ? l->tick_len : l->tick_len * 0.55;

      if (!in_span (p, start, length))
        continue;
      p = _mlp_plot_snap (cr, CLAMP (p, start, start + length - w), w, is_x);
      line_across (cr, is_x, p, base, base + (is_x ? len : -len));
    }
}

void
_mlp_plot_axis_draw_frame (MlpPlot *plot, MlpPlotPainter *p, const MlpPlotLayout *l)
{
  cairo_t *cr = p->cr;
  double w = l->line_w;
  double x0 = _mlp_plot_snap (cr, plot->area_x, w, TRUE);
  double x1 = _mlp_plot_snap (cr, plot->area_x + plot->area_w - w, w, TRUE);
  double y0 = _mlp_plot_snap (cr, plot->area_y, w, FALSE);
  double y1 = _mlp_plot_snap (cr, plot->area_y + plot->area_h - w, w, FALSE);

  _mlp_plot_set_color (cr, &p->style->foreground);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
  cairo_set_line_width (cr, w);
  cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
  cairo_stroke (cr);
  /* square caps would make the ticks longer than the spine is wide */
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  tick_marks (plot, cr, l, TRUE, y1);
  tick_marks (plot, cr, l, FALSE, x0);
  cairo_stroke (cr);
}

/* the labels of one axis' major ticks: centred under the x ticks, right
 * aligned left of the y ticks */
static void
tick_labels (MlpPlot *plot, MlpPlotPainter *p, const MlpPlotLayout *l, gboolean is_x)
{
  const MlpPlotAxis *a = is_x ? &plot->xaxis : &plot->yaxis;
  const MlpPlotTicks *set = is_x ? &l->xt : &l->yt;
  double start, length;

  area_span (plot, is_x, &start, &length);
  for (guint i = 0; i < set->n; i++)
    if (set->ticks[i].major)
      {
        double pos = _mlp_plot_axis_t_to_p (a, set->ticks[i].t);

        if (!in_span (pos, start, length))
          continue;
        if (is_x)
          _mlp_plot_painter_label (p, TICK_FONT, set->ticks[i].label, TRUE, pos,
                                   plot->area_y + plot->area_h + l->tick_len + l->tick_pad * 0.6, 0.5, 0);
        else
          _mlp_plot_painter_label (p, TICK_FONT, set->ticks[i].label, TRUE,
                                   plot->area_x - l->tick_len - l->tick_pad, pos, 1, 0.5);
      }
}

void
_mlp_plot_axis_draw_ticks (MlpPlot *plot, MlpPlotPainter *p, const MlpPlotLayout *l)
{
  tick_labels (plot, p, l, TRUE);
  tick_labels (plot, p, l, FALSE);
}

void
_mlp_plot_axis_draw_labels (MlpPlot *plot, MlpPlotPainter *p, const MlpPlotLayout *l)
{
  cairo_t *cr = p->cr;

  if (_mlp_plot_has_text (plot->xaxis.label))
    _mlp_plot_painter_label (p, LABEL_FONT, plot->xaxis.label, FALSE,
                             plot->area_x + plot->area_w / 2,
                             plot->area_y + plot->area_h + l->tick_len + l->tick_pad + l->tick_h
                             + 0.15 * LABEL_FONT * p->fs,
                             0.5, 0);
  if (_mlp_plot_has_text (plot->yaxis.label))
    {
      cairo_save (cr);
      cairo_translate (cr, l->outer, plot->area_y + plot->area_h / 2);
      cairo_rotate (cr, -G_PI / 2);
      /* the layout follows the turned CTM, and back */
      pango_cairo_update_layout (cr, p->layout);
      _mlp_plot_painter_label (p, LABEL_FONT, plot->yaxis.label, FALSE, 0, 0, 0.5, 0);
      cairo_restore (cr);
      pango_cairo_update_layout (cr, p->layout);
    }
}
