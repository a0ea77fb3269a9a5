/* mlp-plot-render.c — one render routine for every figure of the app: into
 * the plot widget's snapshot, into PNG/SVG/PDF surfaces for export and into
 * the CLI's files.  Then the queries (hover, tests) that read the mapping
 * from data to pixels the last render left.
 *
 * The look copies matplotlib's defaults as d2l uses them (a box of spines,
 * ticks outside on the left and bottom, a light grid, 5 % margins around the
 * data, the legend where it hides no data), with sizes in user units so that
 * a scaled cairo_t (PNG at 192 dpi) gives the same figure, only sharper.
 *
 * A render lays out a plot of series in this order: the heights of the
 * title and of the x axis' text fix the data area's height, which fixes the
 * y ticks, whose labels' width fixes the area's left edge and so the x
 * ticks; the last x label may widen the right margin once.  A legend that
 * finds no free place in the data area then takes a margin on the right or
 * at the bottom, and the layout is done again around it.  Heat maps and
 * image grids lay themselves out (mlp-plot-heatmap.c, mlp-plot-images.c).
 */
#include "mlp-plot-private.h"

/* ------------------------------------------------------------------ layout */

/* the sizes of the text around the data area; the title wraps within the
 * figure's width */
static void
layout_measure (MlpPlot *plot, MlpPlotPainter *p, MlpPlotLayout *l, double width)
{
  l->tick_len = TICK_LENGTH * p->fs;
  l->tick_pad = TICK_PAD * p->fs;
  l->outer = 0.6 * LABEL_FONT * p->fs;
  l->tick_h = _mlp_plot_text_height (p, TICK_FONT);
  l->label_h = _mlp_plot_text_height (p, LABEL_FONT);
  _mlp_plot_title_measure (plot, p, TITLE_FONT, width - l->outer, &l->title);
  l->title_h = l->title.h;
}

/* the area's height: title above, tick labels and the x label below; it
 * fixes the y axis' pixels and so its ticks */
static void
layout_rows (MlpPlot *plot, MlpPlotPainter *p, MlpPlotLayout *l, double height)
{
  MlpPlotAxis *ya = &plot->yaxis;
  double top, bottom;

  top = l->title_h > 0 ? l->outer * 0.6 + l->title_h + 0.5 * LABEL_FONT * p->fs : l->outer + l->tick_h / 2;
  bottom = l->tick_len + l->tick_pad + l->tick_h + l->outer * 0.7 + l->legend_bottom;
  if (_mlp_plot_has_text (plot->xaxis.label))
    bottom += l->label_h + 0.15 * LABEL_FONT * p->fs;
  plot->area_y = _mlp_plot_snap_edge (p->cr, top, FALSE);
  plot->area_h = MAX (1.0, _mlp_plot_snap_edge (p->cr, height - bottom, FALSE) - plot->area_y);
  ya->p_lo = plot->area_y + plot->area_h;
  ya->p_hi = plot->area_y;
  _mlp_plot_axis_ticks (ya, &l->yt, _mlp_plot_tick_target (plot->area_h, 2.6 * TICK_FONT * p->fs),
                        plot->area_h);
}

/* the left margin from the y tick labels' width and the y label */
static void
layout_left (MlpPlot *plot, MlpPlotPainter *p, MlpPlotLayout *l)
{
  double ytick_w = 0, ylabel_w = 0;

  for (guint i = 0; i < l->yt.n; i++)
    if (l->yt.ticks[i].major)
      ytick_w = MAX (ytick_w, _mlp_plot_text_width (p, TICK_FONT, l->yt.ticks[i].label, TRUE));
  if (_mlp_plot_has_text (plot->yaxis.label))
    ylabel_w = l->label_h + 0.4 * LABEL_FONT * p->fs;
  plot->area_x = _mlp_plot_snap_edge (p->cr, l->outer + ylabel_w + ytick_w + l->tick_pad + l->tick_len, TRUE);
}

/* the x ticks for about target of them; whether their labels keep apart,
 * and how many are labelled */
static gboolean
x_ticks_fit (MlpPlot *plot, MlpPlotPainter *p, MlpPlotLayout *l, guint target, guint *majors)
{
  MlpPlotAxis *xa = &plot->xaxis;
  double widest = 0, spacing = G_MAXDOUBLE, last = -G_MAXDOUBLE;

  *majors = 0;
  _mlp_plot_axis_ticks (xa, &l->xt, target, plot->area_w);
  for (guint i = 0; i < l->xt.n; i++)
    if (l->xt.ticks[i].major)
      {
        double px = _mlp_plot_axis_t_to_p (xa, l->xt.ticks[i].t);

        widest = MAX (widest, _mlp_plot_text_width (p, TICK_FONT, l->xt.ticks[i].label, TRUE));
        if ((*majors)++ > 0)
          spacing = MIN (spacing, fabs (px - last));
        last = px;
      }
  return widest + 0.8 * TICK_FONT * p->fs <= spacing;
}

/* The x ticks: as many as fit without their labels touching.  A narrow
 * area whose step came out so large that one tick is left (−8 … 8 in
 * steps of 10) tries more, finer ticks, so that the axis has a scale. */
static void
choose_x_ticks (MlpPlot *plot, MlpPlotPainter *p, MlpPlotLayout *l)
{
  guint start = _mlp_plot_tick_target (plot->area_w, 4.5 * TICK_FONT * p->fs), target, majors;

  for (target = start; !x_ticks_fit (plot, p, l, target, &majors) && target > 1; target--)
    ;
  if (majors >= 2)
    return;
  for (guint finer = start + 1; finer <= 9; finer++)
    if (x_ticks_fit (plot, p, l, finer, &majors) && majors >= 2)
      return;
  x_ticks_fit (plot, p, l, target, &majors);
}

/* the area's width with this right margin, then the x ticks on it */
static void
layout_columns (MlpPlot *plot, MlpPlotPainter *p, MlpPlotLayout *l, double width, double right)
{
  MlpPlotAxis *xa = &plot->xaxis;

  plot->area_w = MAX (1.0, _mlp_plot_snap_edge (p->cr, width - right, TRUE) - plot->area_x);
  xa->p_lo = plot->area_x;
  xa->p_hi = plot->area_x + plot->area_w;
  choose_x_ticks (plot, p, l);
}

/* how far the x tick labels reach past the figure's right edge (less half
 * its outer margin); ≤ 0 when they fit */
static double
x_labels_overflow (MlpPlot *plot, MlpPlotPainter *p, const MlpPlotLayout *l, double width)
{
  double need = 0;

  for (guint i = 0; i < l->xt.n; i++)
    if (l->xt.ticks[i].major)
      {
        double px = _mlp_plot_axis_t_to_p (&plot->xaxis, l->xt.ticks[i].t);
        double half = _mlp_plot_text_width (p, TICK_FONT, l->xt.ticks[i].label, TRUE) / 2;

        need = MAX (need, px + half - (width - l->outer * 0.5));
      }
  return need;
}

/* Lays out the data area and both axes' ticks for a width × height figure;
 * the axes must be autoscaled. */
static void
layout (MlpPlot *plot, MlpPlotPainter *p, MlpPlotLayout *l, double width, double height)
{
  double right, need;

  layout_rows (plot, p, l, height);
  layout_left (plot, p, l);
  right = l->outer * 1.2 + l->legend_right;
  layout_columns (plot, p, l, width, right);
  /* the last label would be cut: widen the right margin, once */
  need = x_labels_overflow (plot, p, l, width);
  if (need > 0)
    layout_columns (plot, p, l, width, right + need);
  l->line_w = _mlp_plot_snap_width (p->cr, 1.0 * MAX (1.0, p->style->line_scale * 0.8));
}

/* ------------------------------------------------------------------ render */

/* every series in pixels by the layout's axes; free with free_points */
static MlpPlotPoints *
map_all_series (MlpPlot *plot)
{
  MlpPlotPoints *pts = g_new0 (MlpPlotPoints, MAX (plot->series->len, 1));

  for (guint k = 0; k < plot->series->len; k++)
    _mlp_plot_points_map (plot, plot->series->pdata[k], &pts[k]);
  return pts;
}

static void
free_points (MlpPlotPoints *pts, guint n)
{
  for (guint k = 0; k < n; k++)
    _mlp_plot_points_clear (&pts[k]);
  g_free (pts);
}

/* every series, clipped to the data area */
static void
draw_all_series (MlpPlot *plot, MlpPlotPainter *p, const MlpPlotPoints *pts, gboolean dark)
{
  cairo_t *cr = p->cr;

  cairo_save (cr);
  cairo_rectangle (cr, plot->area_x, plot->area_y, plot->area_w, plot->area_h);
  cairo_clip (cr);
  for (guint k = 0; k < plot->series->len; k++)
    _mlp_plot_draw_series (plot, p, plot->series->pdata[k], &pts[k], dark);
  cairo_restore (cr);
}

/* Finds the legend a place with no data under it, laying the figure out
 * again with a smaller data area when that place is outside; *pts follow.
 * FALSE when there is no legend to draw. */
static gboolean
place_legend (MlpPlot *plot, MlpPlotPainter *p, MlpPlotLayout *l, MlpPlotLegend *box,
              MlpPlotPoints **pts, double width, double height)
{
  if (!plot->legend || !_mlp_plot_legend_measure (plot, p, box))
    return FALSE;
  if (_mlp_plot_legend_place_inside (plot, *pts, box) ||
      !_mlp_plot_legend_reserve (plot, box, width, &l->legend_right, &l->legend_bottom))
    return TRUE;
  layout (plot, p, l, width, height);
  free_points (*pts, plot->series->len);
  *pts = map_all_series (plot);
  _mlp_plot_legend_place_outside (plot, box, width, height, l->legend_right, l->legend_bottom);
  return TRUE;
}

/* a plot of series: axes, grid, data, frame, text, legend */
static void
render_series (MlpPlot *plot, MlpPlotPainter *p, double width, double height)
{
  MlpPlotLayout l = { 0 };
  MlpPlotLegend legend;
  MlpPlotPoints *pts;
  gboolean dark = _mlp_plot_style_is_dark (p->style), has_legend;

  layout_measure (plot, p, &l, width);
  plot->xaxis.scale = _mlp_plot_axis_next_scale (&plot->xaxis);
  plot->yaxis.scale = _mlp_plot_axis_next_scale (&plot->yaxis);
  _mlp_plot_axis_autoscale (&plot->xaxis, plot->series, TRUE);
  _mlp_plot_axis_autoscale (&plot->yaxis, plot->series, FALSE);
  layout (plot, p, &l, width, height);
  plot->rendered = TRUE;
  pts = map_all_series (plot);
  has_legend = place_legend (plot, p, &l, &legend, &pts, width, height);

  if (plot->grid)
    _mlp_plot_axis_draw_grid (plot, p->cr, &l, p->style);
  draw_all_series (plot, p, pts, dark);
  _mlp_plot_axis_draw_frame (plot, p, &l);
  _mlp_plot_axis_draw_ticks (plot, p, &l);
  _mlp_plot_axis_draw_labels (plot, p, &l);
  _mlp_plot_title_draw (plot, p, &l.title, plot->area_x + plot->area_w / 2,
                        plot->area_y - 0.5 * LABEL_FONT * p->fs - l.title_h, width, l.outer * 0.5);
  if (has_legend)
    _mlp_plot_draw_legend (plot, p, &legend, dark);
  free_points (pts, plot->series->len);
}

void
mlp_plot_render (MlpPlot *plot, cairo_t *cr, double width, double height, const MlpPlotStyle *style)
{
  MlpPlotPainter p;

  g_return_if_fail (plot != NULL);
  g_return_if_fail (cr != NULL);
  if (!(width > 0 && height > 0 && isfinite (width) && isfinite (height)))
    return;
  if (style == NULL)
    style = mlp_plot_style_light ();

  cairo_save (cr);
  if (style->background.a > 0)
    {
      _mlp_plot_set_color (cr, &style->background);
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_fill (cr);
    }
  _mlp_plot_painter_init (&p, cr, style);
  plot->images_shown = 0;
  plot->title_box = plot->legend_box = (MlpPlotRect) { 0, 0, 0, 0 };
  if (plot->images != NULL)
    {
      _mlp_plot_render_images (plot, &p, width, height);
      plot->rendered = FALSE;   /* no data coordinates to map */
    }
  else if (plot->heat != NULL)
    {
      _mlp_plot_render_heatmap (plot, &p, width, height);
      plot->rendered = FALSE;
    }
  else
    render_series (plot, &p, width, height);
  plot->min_text_px = isfinite (p.min_px) ? p.min_px : 0;
  _mlp_plot_painter_clear (&p);
  cairo_restore (cr);
}

/* ----------------------------------------------------------------- queries */

/* r's corner and size into the optional out arguments; TRUE unless empty */
static gboolean
get_box (const MlpPlotRect *r, double *x, double *y, double *width, double *height)
{
  if (x != NULL)
    *x = r->xmin;
  if (y != NULL)
    *y = r->ymin;
  if (width != NULL)
    *width = r->xmax - r->xmin;
  if (height != NULL)
    *height = r->ymax - r->ymin;
  return r->xmax > r->xmin;
}

gboolean
mlp_plot_get_title_box (MlpPlot *plot, double *x, double *y, double *width, double *height)
{
  g_return_val_if_fail (plot != NULL, FALSE);
  return get_box (&plot->title_box, x, y, width, height);
}

gboolean
mlp_plot_get_legend_box (MlpPlot *plot, double *x, double *y, double *width, double *height)
{
  g_return_val_if_fail (plot != NULL, FALSE);
  return get_box (&plot->legend_box, x, y, width, height);
}

double
mlp_plot_get_min_text_px (MlpPlot *plot)
{
  g_return_val_if_fail (plot != NULL, 0);
  return plot->min_text_px;
}

void
mlp_plot_get_area (MlpPlot *plot, double *x, double *y, double *width, double *height)
{
  g_return_if_fail (plot != NULL);
  if (x != NULL)
    *x = plot->area_x;
  if (y != NULL)
    *y = plot->area_y;
  if (width != NULL)
    *width = plot->area_w;
  if (height != NULL)
    *height = plot->area_h;
}

gboolean
mlp_plot_data_to_pixel (MlpPlot *plot, double x, double y, double *px, double *py)
{
  double tx, ty;

  g_return_val_if_fail (plot != NULL, FALSE);
  if (!plot->rendered)
    return FALSE;
  tx = _mlp_plot_axis_t (&plot->xaxis, x);
  ty = _mlp_plot_axis_t (&plot->yaxis, y);
  if (!isfinite (tx) || !isfinite (ty))
    return FALSE;
  if (px != NULL)
    *px = _mlp_plot_axis_t_to_p (&plot->xaxis, tx);
  if (py != NULL)
    *py = _mlp_plot_axis_t_to_p (&plot->yaxis, ty);
  return TRUE;
}

gboolean
mlp_plot_pixel_to_data (MlpPlot *plot, double px, double py, double *x, double *y)
{
  const MlpPlotAxis *xa, *ya;

  g_return_val_if_fail (plot != NULL, FALSE);
  if (!plot->rendered || !isfinite (px) || !isfinite (py))
    return FALSE;
  xa = &plot->xaxis;
  ya = &plot->yaxis;
  if (x != NULL)
    *x = _mlp_plot_axis_v (xa, _mlp_plot_axis_p_to_t (xa, px));
  if (y != NULL)
    *y = _mlp_plot_axis_v (ya, _mlp_plot_axis_p_to_t (ya, py));
  return TRUE;
}

gboolean
mlp_plot_find_nearest (MlpPlot *plot, double px, double py, double max_distance,
                       guint *series, gsize *index)
{
  double best = max_distance * max_distance;
  gboolean found = FALSE;

  g_return_val_if_fail (plot != NULL, FALSE);
  if (!plot->rendered)
    return FALSE;
  for (guint k = 0; k < plot->series->len; k++)
    {
      const MlpPlotSeries *s = plot->series->pdata[k];

      for (guint i = 0; i < s->x->len; i++)
        {
          double qx, qy, d;

          if (!mlp_plot_data_to_pixel (plot, g_array_index (s->x, double, i),
                                       g_array_index (s->y, double, i), &qx, &qy))
            continue;
          /* only what is drawn: points clipped away cannot be hovered */
          if (qx < plot->area_x - 0.5 || qx > plot->area_x + plot->area_w + 0.5 ||
              qy < plot->area_y - 0.5 || qy > plot->area_y + plot->area_h + 0.5)
            continue;
          d = (qx - px) * (qx - px) + (qy - py) * (qy - py);
          if (d <= best)
            {
              best = d;
              found = TRUE;
              if (series != NULL)
                *series = k;
              if (index != NULL)
                *index = i;
            }
        }
    }
  return found;
}
