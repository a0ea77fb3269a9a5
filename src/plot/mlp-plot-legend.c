/* mlp-plot-legend.c — the legend: a handle in each labelled series' line
 * style and colour, then its label, in a translucent rounded box.
 *
 * The box goes where matplotlib's loc='best' puts it: the first of six
 * places (the four corners, then the middle of the top and of the bottom)
 * with the fewest data points and segments underneath.
 */
#include "mlp-plot-private.h"

typedef struct {
  double fsz, pad, handle, gap;   /* sizes from the legend font */
  double row_h;                   /* one entry */
  double x, y, w, h;              /* the box */
  guint  n;                       /* the entries: the series with a label */
} LegendBox;

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

/* the box's size from the widest label; FALSE when no series has a label */
static gboolean
legend_measure (MlpPlot *plot, MlpPlotPainter *p, LegendBox *box)
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
  box->w = box->pad + box->handle + box->gap * 0.6 + text_w + box->pad * 1.5;
  box->h = 2 * box->pad + box->n * box->row_h;
  return TRUE;
}

/* matplotlib's loc='best': the first of these places with the fewest
 * points and segments of data underneath */
static void
legend_place (MlpPlot *plot, const MlpPlotPoints *pts, LegendBox *box)
{
  const double fx[] = { 1, 0, 0, 1, 0.5, 0.5 };   /* upper right, upper left, lower left, */
  const double fy[] = { 0, 0, 1, 1, 0, 1 };       /* lower right, upper/lower center */
  double inset = 0.5 * box->fsz;
  gsize best = G_MAXSIZE;

  box->x = box->y = 0;
  for (guint c = 0; c < G_N_ELEMENTS (fx); c++)
    {
      double x = plot->area_x + inset + fx[c] * (plot->area_w - 2 * inset - box->w);
      double y = plot->area_y + inset + fy[c] * (plot->area_h - 2 * inset - box->h);
      MlpPlotRect r = { x, y, x + box->w, y + box->h };
      gsize under = count_under (pts, plot->series->len, &r, best);

      if (under < best)
        {
          best = under;
          box->x = x;
          box->y = y;
        }
      if (under == 0)
        break;
    }
}

/* the box: the background at 80 %, a faint outline */
static void
legend_frame (MlpPlotPainter *p, LegendBox *box, gboolean dark)
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

/* one entry centred on cy: the handle (a piece of line, a marker), the label */
static void
legend_entry (MlpPlotPainter *p, const LegendBox *box, const MlpPlotSeries *s, double cy,
              gboolean dark)
{
  cairo_t *cr = p->cr;
  const MlpPlotStyle *style = p->style;
  double scale = _mlp_plot_style_line_scale (style);
  double x = box->x + box->pad;
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
_mlp_plot_draw_legend (MlpPlot *plot, MlpPlotPainter *p, const MlpPlotPoints *pts, gboolean dark)
{
  LegendBox box;
  double y;

  if (!legend_measure (plot, p, &box))
    return;
  legend_place (plot, pts, &box);
  legend_frame (p, &box, dark);
  y = box.y + box.pad;
  for (guint k = 0; k < plot->series->len; k++)
    {
      const MlpPlotSeries *s = plot->series->pdata[k];

      if (!_mlp_plot_has_text (s->label))
        continue;
      legend_entry (p, &box, s, y + box.row_h / 2, dark);
      y += box.row_h;
    }
}
