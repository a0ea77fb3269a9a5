/* mlp-plot-series.c — a series drawn into the data area: its line in one of
 * matplotlib's dash patterns, its markers, and its ±inf values.
 *
 * The points are first mapped to pixels.  Cairo gets only what lies near
 * the data area: each segment is clipped (Liang–Barsky) to a box a little
 * larger than the area, because cairo's fixed-point coordinates wrap far
 * outside it.  A non-finite point breaks the line.  A series with many more
 * points than pixel columns is thinned per column (M4 decimation) first,
 * which draws the same pixels in a fraction of the time.  A value that
 * overflowed to ±inf gets an arrow at the edge it ran off and the word
 * "inf", so an explosion reads as such rather than as a gap.
 */
#include "mlp-plot-private.h"

void
_mlp_plot_set_line_style (cairo_t *cr, MlpLineStyle line, double lw)
{
  /* matplotlib's dash patterns, in multiples of the line width */
  static const double dashed[] = { 3.7, 1.6 };
  static const double dashdot[] = { 6.4, 1.6, 1.0, 1.6 };
  static const double dotted[] = { 1.0, 1.65 };
  const double *pattern = NULL;
  double scaled[4];
  int n = 0;

  switch (line)
    {
    case MLP_LINE_DASHED:
      pattern = dashed;
      n = G_N_ELEMENTS (dashed);
      break;
    case MLP_LINE_DASHDOT:
      pattern = dashdot;
      n = G_N_ELEMENTS (dashdot);
      break;
    case MLP_LINE_DOTTED:
      pattern = dotted;
      n = G_N_ELEMENTS (dotted);
      break;
    case MLP_LINE_SOLID:
    case MLP_LINE_NONE:
    default:
      break;
    }
  cairo_set_line_width (cr, lw);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  if (pattern != NULL)
    {
      for (int i = 0; i < n; i++)
        scaled[i] = pattern[i] * lw;
      cairo_set_dash (cr, scaled, n, 0);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
    }
  else
    {
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
    }
}

/* ------------------------------------------------------------- clipping */

/* Liang–Barsky: the segment is x0 + u·dx for u in 0 … 1; each side of r
 * narrows the u range, and an empty range means the segment misses r. */
gboolean
_mlp_plot_clip_segment (const MlpPlotRect *r, double *x0, double *y0, double *x1, double *y1)
{
  double dx = *x1 - *x0, dy = *y1 - *y0, u0 = 0, u1 = 1, ax, ay;
  double p[4] = { -dx, dx, -dy, dy };
  double q[4] = { *x0 - r->xmin, r->xmax - *x0, *y0 - r->ymin, r->ymax - *y0 };

  for (int i = 0; i < 4; i++)
    {
      double u;

      if (p[i] == 0)
        {
          if (q[i] < 0)
            return FALSE;   /* parallel to this side and outside it */
          continue;
        }
      u = q[i] / p[i];
      if (p[i] < 0)
        {
          if (u > u1)
            return FALSE;
          u0 = MAX (u0, u);
        }
      else
        {
          if (u < u0)
            return FALSE;
          u1 = MIN (u1, u);
        }
    }
  ax = *x0 + u0 * dx;
  ay = *y0 + u0 * dy;
  *x1 = *x0 + u1 * dx;
  *y1 = *y0 + u1 * dy;
  *x0 = ax;
  *y0 = ay;
  return TRUE;
}

typedef struct {
  double x, y;
} Point;

/* builds a polyline from points in pixels: breaks at non-finite points,
 * hands cairo only what lies within the clip box */
typedef struct {
  cairo_t             *cr;
  MlpPlotRect          box;
  const MlpPlotPoints *pts;
  gboolean             have_last;   /* the last point was finite */
  Point                last;
  gboolean             pen_down;    /* the path's current point is pen */
  Point                pen;
} PathBuilder;

static void
path_point (PathBuilder *b, double px, double py)
{
  if (!isfinite (px) || !isfinite (py))
    {
      b->have_last = FALSE;
      return;
    }
  if (b->have_last)
    {
      Point from = b->last, to = { px, py };

      if (_mlp_plot_clip_segment (&b->box, &from.x, &from.y, &to.x, &to.y))
        {
          /* a segment that starts where the last one ended continues it,
           * so dashes and joins run on */
          if (!b->pen_down || from.x != b->pen.x || from.y != b->pen.y)
            cairo_move_to (b->cr, from.x, from.y);
          cairo_line_to (b->cr, to.x, to.y);
          b->pen_down = TRUE;
          b->pen = to;
        }
    }
  b->have_last = TRUE;
  b->last = (Point) { px, py };
}

/* a MlpPlotPointFunc that adds the index-th point */
static void
path_index (gsize index, gpointer user_data)
{
  PathBuilder *b = user_data;

  path_point (b, b->pts->px[index], b->pts->py[index]);
}

/* ----------------------------------------------------------- decimation */

/* the run of points in one pixel column so far */
typedef struct {
  MlpPlotPointFunc func;
  gpointer         user_data;
  gboolean         open;
  long             column;
  gsize            first, low, high, last;
  const double    *px, *py;
} Decimator;

static void
decimator_flush (Decimator *d)
{
  gsize idx[4];
  guint n = 0;

  if (!d->open)
    return;
  idx[n++] = d->first;
  if (d->low != d->first)
    idx[n++] = d->low;
  if (d->high != d->first && d->high != d->low)
    idx[n++] = d->high;
  if (d->last != d->first && d->last != d->low && d->last != d->high)
    idx[n++] = d->last;
  /* low and high in their order along the series */
  if (n >= 3 && idx[1] > idx[2])
    {
      gsize t = idx[1];

      idx[1] = idx[2];
      idx[2] = t;
    }
  for (guint i = 0; i < n; i++)
    d->func (idx[i], d->user_data);
  d->open = FALSE;
}

static void
decimator_point (Decimator *d, gsize i)
{
  double px = d->px[i], py = d->py[i];
  long column;

  if (!isfinite (px) || !isfinite (py) || fabs (px) > 1e9)
    {
      /* a break (or a point too far off for a column number) ends the run */
      decimator_flush (d);
      d->func (i, d->user_data);
      return;
    }
  column = (long) floor (px);
  if (d->open && column == d->column)
    {
      if (py < d->py[d->low])
        d->low = i;
      if (py > d->py[d->high])
        d->high = i;
      d->last = i;
      return;
    }
  decimator_flush (d);
  d->open = TRUE;
  d->column = column;
  d->first = d->low = d->high = d->last = i;
}

void
_mlp_plot_decimate (const double *px, const double *py, gsize n,
                    MlpPlotPointFunc func, gpointer user_data)
{
  Decimator d = { func, user_data, FALSE, 0, 0, 0, 0, 0, px, py };

  for (gsize i = 0; i < n; i++)
    decimator_point (&d, i);
  decimator_flush (&d);
}

/* -------------------------------------------------------------- drawing */

void
_mlp_plot_points_map (MlpPlot *plot, const MlpPlotSeries *s, MlpPlotPoints *pts)
{
  const MlpPlotAxis *xa = &plot->xaxis, *ya = &plot->yaxis;
  const double *x = (const double *) (gpointer) s->x->data;
  const double *y = (const double *) (gpointer) s->y->data;

  pts->n = s->x->len;
  pts->px = g_new (double, pts->n * 2 + 1);
  pts->py = pts->px + pts->n;
  for (gsize i = 0; i < pts->n; i++)
    {
      double tx = _mlp_plot_axis_t (xa, x[i]), ty = _mlp_plot_axis_t (ya, y[i]);

      pts->px[i] = isfinite (tx) ? _mlp_plot_axis_t_to_p (xa, tx) : NAN;
      pts->py[i] = isfinite (ty) ? _mlp_plot_axis_t_to_p (ya, ty) : (isinf (ty) ? ty : NAN);
    }
}

void
_mlp_plot_points_clear (MlpPlotPoints *pts)
{
  g_clear_pointer (&pts->px, g_free);
  pts->py = NULL;
  pts->n = 0;
}

/* the line through the points, decimated when they are many */
static void
stroke_line (MlpPlot *plot, cairo_t *cr, const MlpPlotSeries *s, const MlpPlotPoints *pts, double lw)
{
  double margin = lw * 4 + 2;
  double ax0 = plot->area_x, ay0 = plot->area_y;
  double ax1 = ax0 + plot->area_w, ay1 = ay0 + plot->area_h;
  PathBuilder b = { cr, { ax0 - margin, ay0 - margin, ax1 + margin, ay1 + margin }, pts,
                    FALSE, { 0, 0 }, FALSE, { 0, 0 } };

  _mlp_plot_set_line_style (cr, s->line, lw);
  cairo_new_path (cr);
  if (pts->n > 4 * (gsize) MAX (plot->area_w, 1))
    {
      /* sub-pixel joins are invisible; bevel strokes much faster */
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
      _mlp_plot_decimate (pts->px, pts->py, pts->n, path_index, &b);
    }
  else
    for (gsize i = 0; i < pts->n; i++)
      path_point (&b, pts->px[i], pts->py[i]);
  cairo_stroke (cr);
}

/* filled circles of radius r at the points on the data area */
static void
draw_markers (MlpPlot *plot, cairo_t *cr, const MlpPlotPoints *pts, double r)
{
  double ax0 = plot->area_x, ay0 = plot->area_y;
  double ax1 = ax0 + plot->area_w, ay1 = ay0 + plot->area_h;

  for (gsize i = 0; i < pts->n; i++)
    if (isfinite (pts->px[i]) && isfinite (pts->py[i]) &&
        pts->px[i] >= ax0 - r && pts->px[i] <= ax1 + r && pts->py[i] >= ay0 - r && pts->py[i] <= ay1 + r)
      {
        cairo_new_sub_path (cr);
        cairo_arc (cr, pts->px[i], pts->py[i], r, 0, 2 * G_PI);
      }
  cairo_fill (cr);
}

/* an arrow at the top (dir = -1) or bottom (dir = +1) edge at px: a value
 * that overflowed to ±inf */
static void
draw_overflow_arrow (cairo_t *cr, double px, double edge, int dir, double size)
{
  cairo_move_to (cr, px, edge);
  cairo_line_to (cr, px - size * 0.55, edge - dir * size);
  cairo_line_to (cr, px + size * 0.55, edge - dir * size);
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* One run of overflow, points i … j at the same ±inf: an arrow where it
 * starts, saying "inf" (the value is infinite, not just high), and a thin
 * line along the edge while it lasts. */
static void
draw_overflow_run (MlpPlot *plot, MlpPlotPainter *p, const MlpPlotPoints *pts,
                   gsize i, gsize j, double lw)
{
  cairo_t *cr = p->cr;
  double size = 7.0 * p->fs;
  double ax0 = plot->area_x, ax1 = ax0 + plot->area_w;
  double ay0 = plot->area_y, ay1 = ay0 + plot->area_h;
  /* py holds the data's ±inf here: +inf goes to the end of t_hi */
  double edge = (pts->py[i] > 0) == (plot->yaxis.t_hi > plot->yaxis.t_lo) ? plot->yaxis.p_hi : plot->yaxis.p_lo;
  int dir = edge < (ay0 + ay1) / 2 ? -1 : 1;

  if (pts->px[i] >= ax0 && pts->px[i] <= ax1)
    {
      draw_overflow_arrow (cr, pts->px[i], edge + (dir < 0 ? 1 : -1), dir, size);
      _mlp_plot_painter_label (p, TICK_FONT * 0.85, pts->py[i] > 0 ? "inf" : "\xe2\x88\x92inf", FALSE,
                               pts->px[i] + size * 0.8, edge + (dir < 0 ? 1 : -1), 0, dir < 0 ? 0 : 1);
    }
  if (j > i)
    {
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_set_line_width (cr, MAX (1.0, lw * 0.75));
      cairo_move_to (cr, CLAMP (pts->px[i], ax0, ax1), edge + (dir < 0 ? 1.5 : -1.5));
      cairo_line_to (cr, CLAMP (pts->px[j], ax0, ax1), edge + (dir < 0 ? 1.5 : -1.5));
      cairo_stroke (cr);
    }
}

/* every run of ±inf values at a finite x */
static void
draw_overflow (MlpPlot *plot, MlpPlotPainter *p, const MlpPlotPoints *pts, double lw)
{
  for (gsize i = 0; i < pts->n; i++)
    {
      gsize j;

      if (!isinf (pts->py[i]) || !isfinite (pts->px[i]))
        continue;
      for (j = i; j + 1 < pts->n && pts->py[j + 1] == pts->py[i] && isfinite (pts->px[j + 1]); j++)
        ;
      draw_overflow_run (plot, p, pts, i, j, lw);
      i = j;
    }
}

void
_mlp_plot_draw_series (MlpPlot *plot, MlpPlotPainter *p, const MlpPlotSeries *s,
                       const MlpPlotPoints *pts, gboolean dark)
{
  cairo_t *cr = p->cr;
  MlpColor color = _mlp_plot_series_color (s, dark);
  double scale = _mlp_plot_style_line_scale (p->style);
  double lw = s->width * scale;

  _mlp_plot_set_color (cr, &color);
  if (s->line != MLP_LINE_NONE && pts->n >= 2)
    stroke_line (plot, cr, s, pts, lw);
  if (s->marker == MLP_MARKER_CIRCLE)
    draw_markers (plot, cr, pts, 3.0 * scale);
  draw_overflow (plot, p, pts, lw);
}
