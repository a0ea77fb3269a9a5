/* mlp-plot-heatmap.c — a heat map in place of series: the confusion matrix
 * of a classifier, true classes down and predicted ones across.
 *
 * Each cell is coloured by its value relative to the largest, light to dark
 * blue (matplotlib's 'Blues') — or, on a log scale, relative to the smallest
 * and largest positive value, with a colour bar (a gradient norm per layer
 * and step) —, and labelled with it in white on the dark
 * cells, every number at one size: that of tick labels where the widest
 * fits its cell, a little smaller on a small figure, none on a tiny one.  Row labels stand on the left, column labels
 * slant down below, so that long class names ("Ankle boot") fit.  The data
 * area is the matrix; the queries have no data coordinates to map.
 */
#include "mlp-plot-private.h"

/* the class names and the cell numbers: the smallest readable text, so
 * that presentation mode enlarges them as it does the ticks */
#define HEAT_FONT TICK_FONT

typedef struct {
  MlpPlotTitle title;
  double lh;               /* a line of text */
  double cell_w, cell_h;
  double vmax;             /* the largest finite value, 0 if none is positive */
  double vmin;             /* log scale: the smallest positive finite value */
  double bar_w;            /* log scale: the colour bar and its labels at the right */
  guint  col_step;         /* a column label every col_step columns, so that none overlap */
  double number_size;      /* the cells' numbers, all alike; 0: none fits */
} HeatLayout;

/* matplotlib's 'Blues' between its ends: #f7fbff (0) … #08306b (1) */
static void
blues (double t, double *r, double *g, double *b)
{
  t = CLAMP (t, 0.0, 1.0);
  *r = (0xf7 + (0x08 - 0xf7) * t) / 255.0;
  *g = (0xfb + (0x30 - 0xfb) * t) / 255.0;
  *b = (0xff + (0x6b - 0xff) * t) / 255.0;
}

/* where v stands between the map's ends, 0 … 1 */
static double
heat_fraction (const MlpPlot *plot, const HeatLayout *hl, double v)
{
  if (!isfinite (v) || hl->vmax <= 0)
    return 0;
  if (plot->heat_scale != MLP_AXIS_LOG)
    return v / hl->vmax;
  if (v <= 0)
    return 0;
  if (hl->vmax <= hl->vmin)
    return 1;
  return (log10 (v) - log10 (hl->vmin)) / (log10 (hl->vmax) - log10 (hl->vmin));
}

/* a colour bar tick's text: 1e-6 for a power of ten, else two digits */
static void
decade_text (double v, char *buf, gsize size)
{
  double e = round (log10 (v));

  if (fabs (v - pow (10, e)) <= 1e-9 * v)
    g_snprintf (buf, size, "1e%d", (int) e);
  else
    _mlp_plot_format_number (buf, size, v, 2);
}

/* the colour bar's ticks: the powers of ten within [vmin, vmax], or both
 * ends when no power of ten lies between them; n ≤ 64 */
static guint
colour_bar_ticks (const HeatLayout *hl, double *ticks)
{
  guint n = 0;
  int lo = (int) ceil (log10 (hl->vmin) - 1e-9), hi = (int) floor (log10 (hl->vmax) + 1e-9);

  for (int e = lo; e <= hi && n < 64; e += MAX (1, (hi - lo) / 8 + 1))
    ticks[n++] = pow (10, e);
  if (n == 0)
    {
      ticks[n++] = hl->vmin;
      ticks[n++] = hl->vmax;
    }
  return n;
}

/* the widest of n labels at size; 0 without labels */
static double
widest_label (MlpPlotPainter *p, char **labels, guint n, double size)
{
  double w = 0;

  for (guint i = 0; labels && i < n; i++)
    w = MAX (w, _mlp_plot_text_width (p, size, labels[i], FALSE));
  return w;
}

/* the text at (x, y) in a CTM turned by angle */
static void
turned_label (MlpPlotPainter *p, double size, const char *text, double x, double y,
              double angle, double ax, double ay)
{
  cairo_save (p->cr);
  cairo_translate (p->cr, x, y);
  cairo_rotate (p->cr, angle);
  _mlp_plot_painter_label (p, size, text, FALSE, 0, 0, ax, ay);
  cairo_restore (p->cr);
}

/* the matrix' place: what is left after the labels around it */
static void
heatmap_layout (MlpPlot *plot, MlpPlotPainter *p, double width, double height, HeatLayout *hl)
{
  guint R = plot->heat_rows, C = plot->heat_cols;
  double lw, cw, ch, top, left, right, aw, ah, lh, last;

  hl->vmax = 0;
  hl->vmin = INFINITY;
  for (guint i = 0; i < R * C; i++)
    if (isfinite (plot->heat[i]))
      {
        hl->vmax = MAX (hl->vmax, plot->heat[i]);
        if (plot->heat[i] > 0)
          hl->vmin = MIN (hl->vmin, plot->heat[i]);
      }
  if (plot->heat_lo > 0 && plot->heat_scale == MLP_AXIS_LOG)   /* a NAN end is not > 0 */
    hl->vmin = plot->heat_lo;
  if (plot->heat_hi > 0)
    hl->vmax = plot->heat_hi;
  hl->bar_w = 0;
  lw = widest_label (p, plot->heat_row_labels, R, HEAT_FONT);
  cw = widest_label (p, plot->heat_col_labels, C, HEAT_FONT);
  lh = hl->lh = _mlp_plot_text_height (p, HEAT_FONT);
  top = _mlp_plot_title_measure (plot, p, TITLE_FONT, width - 0.8 * lh, &hl->title)
        ? 0.4 * lh + hl->title.h + 0.5 * lh : 0.8 * lh;
  left = lw + 0.8 * lh + (plot->yaxis.label ? 1.6 * lh : 0);
  ch = cw * 0.75 + 0.8 * lh + (plot->xaxis.label ? 1.7 * lh : 0);   /* column labels are slanted */
  /* the last column's label slants right from its cell's middle: room for
   * it past the matrix, less the half cell it starts in */
  last = plot->heat_col_labels ? _mlp_plot_text_width (p, HEAT_FONT, plot->heat_col_labels[C - 1], FALSE) : 0;
  right = (G_SQRT2 / 2 * last + 0.4 * lh - (width - left) / (2.0 * C)) / (1 - 1 / (2.0 * C));
  right = MAX (right, 0.8 * lh);
  if (plot->heat_scale == MLP_AXIS_LOG && hl->vmax > 0)
    {
      double ticks[64], widest = 0;
      guint n = colour_bar_ticks (hl, ticks);

      for (guint i = 0; i < n; i++)
        {
          char buf[G_ASCII_DTOSTR_BUF_SIZE];

          decade_text (ticks[i], buf, sizeof buf);
          widest = MAX (widest, _mlp_plot_text_width (p, HEAT_FONT, buf, FALSE));
        }
      hl->bar_w = 0.8 * lh + 0.3 * lh + widest;
      right = MAX (right, 0.8 * lh) + hl->bar_w + 0.8 * lh;
    }
  aw = MAX (width - left - right, 10);
  ah = MAX (height - top - ch, 10);
  hl->cell_w = aw / C;
  hl->cell_h = ah / R;
  hl->col_step = (guint) MAX (1.0, ceil (1.3 * lh / hl->cell_w));
  plot->area_x = left;
  plot->area_y = top;
  plot->area_w = aw;
  plot->area_h = ah;
}

/* a cell's value as it is written in it */
static void
cell_text (double v, char *buf, gsize size)
{
  _mlp_plot_format_number (buf, size, v, v == floor (v) ? 17 : 2);
}

/* One size for every cell's number: the readable size where the widest
 * fits, else as much smaller as it needs but not below 3/4 of it; 0 when
 * not even that fits (no numbers rather than numbers nobody can read). */
static void
heatmap_number_size (MlpPlot *plot, MlpPlotPainter *p, HeatLayout *hl)
{
  double widest = 0, w, h, fit;

  for (guint i = 0; i < plot->heat_rows * plot->heat_cols; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      cell_text (plot->heat[i], buf, sizeof buf);
      widest = MAX (widest, _mlp_plot_text_width (p, HEAT_FONT, buf, FALSE));
    }
  _mlp_plot_painter_text (p, HEAT_FONT, "0", FALSE);
  _mlp_plot_painter_size (p, &w, &h);
  fit = MIN ((hl->cell_w - 0.3 * hl->lh) / MAX (widest, 1), hl->cell_h / MAX (h, 1));
  hl->number_size = fit >= 1 ? HEAT_FONT : fit >= 0.75 ? HEAT_FONT * fit : 0;
}

/* one cell: its colour and its value at the cells' size */
static void
heatmap_cell (MlpPlot *plot, MlpPlotPainter *p, const HeatLayout *hl, guint r, guint c)
{
  cairo_t *cr = p->cr;
  double v = plot->heat[r * plot->heat_cols + c];
  double t = heat_fraction (plot, hl, v), red, green, blue;
  double x = plot->area_x + c * hl->cell_w, y = plot->area_y + r * hl->cell_h;
  MlpColor text = t > 0.5 ? (MlpColor) { 1, 1, 1, 1 } : (MlpColor) { 0.1, 0.1, 0.1, 1 };
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  blues (t, &red, &green, &blue);
  cairo_set_source_rgb (cr, red, green, blue);
  cairo_rectangle (cr, x, y, hl->cell_w, hl->cell_h);
  cairo_fill (cr);
  if (hl->number_size <= 0)
    return;
  cell_text (v, buf, sizeof buf);
  _mlp_plot_set_color (cr, &text);
  _mlp_plot_painter_label (p, hl->number_size, buf, FALSE, x + hl->cell_w / 2, y + hl->cell_h / 2, 0.5, 0.5);
}

/* the class names: rows on the left, columns slanted below */
static void
heatmap_class_labels (MlpPlot *plot, MlpPlotPainter *p, const HeatLayout *hl)
{
  double left = plot->area_x, top = plot->area_y;

  for (guint r = 0; plot->heat_row_labels && r < plot->heat_rows; r++)
    _mlp_plot_painter_label (p, HEAT_FONT, plot->heat_row_labels[r], FALSE,
                             left - 0.4 * hl->lh, top + (r + 0.5) * hl->cell_h, 1.0, 0.5);
  for (guint c = 0; plot->heat_col_labels && c < plot->heat_cols; c += hl->col_step)
    turned_label (p, HEAT_FONT, plot->heat_col_labels[c],
                  left + (c + 0.5) * hl->cell_w, top + plot->area_h + 0.3 * hl->lh,
                  G_PI / 4, 0.0, 0.5);
}

/* the log scale's colour bar right of the matrix, light (vmin) at the
 * bottom to dark (vmax) at the top, its ticks labelled */
static void
heatmap_colour_bar (MlpPlot *plot, MlpPlotPainter *p, const HeatLayout *hl)
{
  cairo_t *cr = p->cr;
  double x = plot->area_x + plot->area_w + 0.8 * hl->lh, y = plot->area_y, h = plot->area_h;
  double bw = 0.8 * hl->lh, ticks[64];
  guint n;

  if (hl->bar_w <= 0)
    return;
  for (guint i = 0; i < 64; i++)
    {
      double red, green, blue;

      blues ((i + 0.5) / 64, &red, &green, &blue);
      cairo_set_source_rgb (cr, red, green, blue);
      cairo_rectangle (cr, x, y + h * (63 - i) / 64.0, bw, h / 64.0 + 0.5);
      cairo_fill (cr);
    }
  _mlp_plot_set_color (cr, &p->style->foreground);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, x, y, bw, h);
  cairo_stroke (cr);
  n = colour_bar_ticks (hl, ticks);
  for (guint i = 0; i < n; i++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      double ty = y + h * (1 - heat_fraction (plot, hl, ticks[i]));

      decade_text (ticks[i], buf, sizeof buf);
      cairo_move_to (cr, x + bw, ty);
      cairo_line_to (cr, x + bw + 0.2 * hl->lh, ty);
      cairo_stroke (cr);
      _mlp_plot_painter_label (p, HEAT_FONT, buf, FALSE, x + bw + 0.3 * hl->lh, ty, 0.0, 0.5);
    }
}

/* the title above, the axis labels below and turned up on the left */
static void
heatmap_titles (MlpPlot *plot, MlpPlotPainter *p, const HeatLayout *hl, double width, double height)
{
  double lh = hl->lh, mid_x = plot->area_x + plot->area_w / 2;

  _mlp_plot_title_draw (plot, p, &hl->title, mid_x, 0.4 * lh, width, 0.4 * lh);
  if (plot->xaxis.label)
    _mlp_plot_painter_label (p, LABEL_FONT, plot->xaxis.label, FALSE, mid_x, height - 0.3 * lh, 0.5, 1.0);
  if (plot->yaxis.label)
    turned_label (p, LABEL_FONT, plot->yaxis.label, 0.3 * lh, plot->area_y + plot->area_h / 2,
                  -G_PI / 2, 0.5, 0.0);
}

void
_mlp_plot_render_heatmap (MlpPlot *plot, MlpPlotPainter *p, double width, double height)
{
  cairo_t *cr = p->cr;
  HeatLayout hl;

  heatmap_layout (plot, p, width, height, &hl);
  heatmap_number_size (plot, p, &hl);
  for (guint r = 0; r < plot->heat_rows; r++)
    for (guint c = 0; c < plot->heat_cols; c++)
      heatmap_cell (plot, p, &hl, r, c);
  _mlp_plot_set_color (cr, &p->style->foreground);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, plot->area_x, plot->area_y, plot->area_w, plot->area_h);
  cairo_stroke (cr);
  heatmap_class_labels (plot, p, &hl);
  heatmap_colour_bar (plot, p, &hl);
  heatmap_titles (plot, p, &hl, width, height);
}
