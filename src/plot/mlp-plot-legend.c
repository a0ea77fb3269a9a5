/* mlp-plot-legend.c — the legend: a handle in each labelled series' line
 * style and colour, then its label, in a translucent rounded box.
 *
 * A legend never hides data.  The box goes to the first of six places in
 * the data area (the four corners, then the middle of the top and of the
 * bottom, as matplotlib's loc='best' tries them) with no point and no
 * segment of a line under it.  When every place has data, it goes outside:
 * to the right of the data area, which gets narrower, or, on a figure too
 * narrow for that, below the x axis in as many columns as fit, the data
 * area getting lower.  Only where neither leaves a usable data area does it
 * fall back to the place inside with the least data under it.
 */
#include "mlp-plot-private.h"

/* segments of the series that cross r: how much the legend would hide;
 * counting stops at limit, where r has already lost to a better place */
static gsize
count_under (const MlpPlotPoints *pts, guint n_series, const MlpPlotRect *r, gsize limit)
{
  gsize count = 0;

  for (guint k = 0; k < n_series; k++)
    {
      const MlpPlotPoints *m = &pts[k];

      for (gsize i = 0; i < m->n; i++)
        {
          double x0 = m->px[i], y0 = m->py[i];

          if (!isfinite (x0) || !isfinite (y0))
            continue;
          if (count >= limit)
            return count;
          if (x0 >= r->xmin && x0 <= r->xmax && y0 >= r->ymin && y0 <= r->ymax)
            count += 2;
          if (i + 1 < m->n && isfinite (m->px[i + 1]) && isfinite (m->py[i + 1]))
            {
              double x1 = m->px[i + 1], y1 = m->py[i + 1];

              /* both ends beyond the same side: no need to clip (most
               * segments of a long series, which made this the bulk of a
               * 100,000-point redraw) */
              if ((x0 < r->xmin && x1 < r->xmin) || (x0 > r->xmax && x1 > r->xmax) ||
                  (y0 < r->ymin && y1 < r->ymin) || (y0 > r->ymax && y1 > r->ymax))
                continue;
              if (_mlp_plot_clip_segment (r, &x0, &y0, &x1, &y1))
                count++;
            }
        }
    }
  return count;
}

static void
rounded_rect (cairo_t *cr, double x, double y, double w, double h, double r)
{
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

/* the box's size from the widest label, in one column; FALSE when no
 * series has a label */
gboolean
_mlp_plot_legend_measure (MlpPlot *plot, MlpPlotPainter *p, MlpPlotLegend *box)
{
  double text_w = 0;

  box->fsz = LEGEND_FONT * p->fs;
  box->pad = 0.4 * box->fsz;
  box->handle = 2.0 * box->fsz;
  box->gap = 0.8 * box->fsz;
  box->n = 0;
  for (guint k = 0; k < plot->series->len; k++)
    {
      const MlpPlotSeries *s = plot->series->pdata[k];

      if (_mlp_plot_has_text (s->label))
        {
          text_w = MAX (text_w, _mlp_plot_text_width (p, LEGEND_FONT, s->label, FALSE));
          box->n++;
        }
    }
  if (box->n == 0)
    return FALSE;
  box->row_h = _mlp_plot_text_height (p, LEGEND_FONT) * 1.15;
  box->col_w = box->handle + box->gap * 0.6 + text_w + box->pad * 1.5;
  box->cols = 1;
  box->w = box->pad + box->col_w;
  box->h = 2 * box->pad + box->n * box->row_h;
  box->x = box->y = 0;
  box->outside = FALSE;
  return TRUE;
}

/* the first of matplotlib's places with no data under the box, else the
 * one with the least; TRUE when the box has a free place */
gboolean
_mlp_plot_legend_place_inside (MlpPlot *plot, const MlpPlotPoints *pts, MlpPlotLegend *box)
{
  const double fx[] = { 1, 0, 0, 1, 0.5, 0.5 };   /* upper right, upper left, lower left, */
  const double fy[] = { 0, 0, 1, 1, 0, 1 };       /* lower right, upper/lower center */
  double inset = 0.5 * box->fsz, near = 0.25 * box->fsz;
  gsize best = G_MAXSIZE;

  for (guint c = 0; c < G_N_ELEMENTS (fx); c++)
    {
      double x = plot->area_x + inset + fx[c] * (plot->area_w - 2 * inset - box->w);
      double y = plot->area_y + inset + fy[c] * (plot->area_h - 2 * inset - box->h);
      /* a line that passes just by the box would touch it */
      MlpPlotRect r = { x - near, y - near, x + box->w + near, y + box->h + near };
      gsize under = count_under (pts, plot->series->len, &r, best);

      if (under < best)
        {
          best = under;
          box->x = x;
          box->y = y;
        }
      if (under == 0)
        return TRUE;
    }
  return FALSE;
}

/* Room outside the data area: on the right when the area keeps half its
 * width and the box is no taller than the area, else below in as many
 * columns as the figure's width holds (when the area keeps 40 % of its
 * height).  FALSE when neither fits. */
gboolean
_mlp_plot_legend_reserve (MlpPlot *plot, MlpPlotLegend *box, double width,
                          double *right, double *bottom)
{
  double margin = box->gap;

  *right = *bottom = 0;
  if (box->w + margin <= 0.5 * plot->area_w && box->h <= plot->area_h)
    {
      *right = box->w + margin;
      box->outside = TRUE;
      return TRUE;
    }
  box->cols = (guint) CLAMP (floor ((width - 2 * margin - box->pad) / box->col_w), 1, box->n);
  box->w = box->pad + box->cols * box->col_w;
  box->h = 2 * box->pad + ((box->n + box->cols - 1) / box->cols) * box->row_h;
  if (box->h + margin <= 0.6 * plot->area_h)
    {
      *bottom = box->h + margin;
      box->outside = TRUE;
      return TRUE;
    }
  box->cols = 1;   /* back to the box of one column inside */
  box->w = box->pad + box->col_w;
  box->h = 2 * box->pad + box->n * box->row_h;
  return FALSE;
}

void
_mlp_plot_legend_place_outside (MlpPlot *plot, MlpPlotLegend *box, double width, double height,
                                double right, double bottom)
{
  if (right > 0)
    {
      box->x = plot->area_x + plot->area_w + box->gap;
      box->y = plot->area_y;
    }
  else
    {
      /* centred under the x axis' text, at the bottom of the figure */
      box->x = CLAMP (plot->area_x + (plot->area_w - box->w) / 2, 1, MAX (1, width - box->w - 1));
      box->y = height - bottom + box->gap * 0.5;
    }
}

/* the box: the background at 80 %, a faint outline */
static void
legend_frame (MlpPlotPainter *p, MlpPlotLegend *box, gboolean dark)
{
  cairo_t *cr = p->cr;
  const MlpPlotStyle *style = p->style;
  MlpColor bg = style->background;

  box->x = _mlp_plot_snap (cr, box->x, 1, TRUE);
  box->y = _mlp_plot_snap (cr, box->y, 1, FALSE);
  rounded_rect (cr, box->x, box->y, box->w, box->h, 0.2 * box->fsz);
  if (bg.a == 0)   /* a transparent figure (the widget): the theme's window */
    bg = dark ? mlp_plot_style_dark ()->background : mlp_plot_style_light ()->background;
  cairo_set_source_rgba (cr, bg.r, bg.g, bg.b, 0.8);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, style->foreground.r, style->foreground.g, style->foreground.b,
                         0.2 * style->foreground.a);
  cairo_set_line_width (cr, _mlp_plot_snap_width (cr, 1));
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_stroke (cr);
}

/* one entry at x, centred on cy: the handle (a piece of line, a marker),
 * the label */
static void
legend_entry (MlpPlotPainter *p, const MlpPlotLegend *box, const MlpPlotSeries *s, double x, double cy,
              gboolean dark)
{
  cairo_t *cr = p->cr;
  const MlpPlotStyle *style = p->style;
  double scale = _mlp_plot_style_line_scale (style);
  MlpColor color = _mlp_plot_series_color (s, dark);

  _mlp_plot_set_color (cr, &color);
  if (s->line != MLP_LINE_NONE)
    {
      _mlp_plot_set_line_style (cr, s->line, s->width * scale);
      cairo_move_to (cr, x, cy);
      cairo_line_to (cr, x + box->handle, cy);
      cairo_stroke (cr);
    }
  if (s->marker == MLP_MARKER_CIRCLE)
    {
      cairo_arc (cr, x + box->handle / 2, cy, 3.0 * scale, 0, 2 * G_PI);
      cairo_fill (cr);
    }
  _mlp_plot_set_color (cr, &style->foreground);
  _mlp_plot_painter_label (p, LEGEND_FONT, s->label, FALSE, x + box->handle + box->gap * 0.6, cy, 0, 0.5);
}

void
_mlp_plot_draw_legend (MlpPlot *plot, MlpPlotPainter *p, MlpPlotLegend *box, gboolean dark)
{
  guint i = 0;

  legend_frame (p, box, dark);
  plot->legend_box = (MlpPlotRect) { box->x, box->y, box->x + box->w, box->y + box->h };
  for (guint k = 0; k < plot->series->len; k++)
    {
      const MlpPlotSeries *s = plot->series->pdata[k];
      guint col = i % box->cols, row = i / box->cols;

      if (!_mlp_plot_has_text (s->label))
        continue;
      legend_entry (p, box, s, box->x + box->pad + col * box->col_w,
                    box->y + box->pad + (row + 0.5) * box->row_h, dark);
      i++;
    }
}
