/* mlp-plot-text.c — the text painter: every label of a figure goes through
 * one PangoLayout set up once per render.  And the title, the one text that
 * may be longer than the figure is wide: it wraps onto a second line, and
 * only a title that two lines cannot hold is made smaller, down to the
 * tick labels' size, below which it takes as many lines as it needs.
 *
 * Metrics are unhinted and glyph positions unrounded, so text keeps its size
 * and place whatever the surface: the widget, a PNG at 192 dpi (a scaled
 * cairo_t) or SVG and PDF.  Sizes are in user units, multiplied by the
 * style's font_scale (presentation mode).
 */
#include "mlp-plot-private.h"

void
_mlp_plot_painter_init (MlpPlotPainter *p, cairo_t *cr, const MlpPlotStyle *style)
{
  cairo_font_options_t *options = cairo_font_options_create ();
  PangoContext *context;

  p->cr = cr;
  p->style = style;
  p->fs = style->font_scale > 0 && isfinite (style->font_scale) ? style->font_scale : 1.0;
  p->size = 0;
  p->min_px = INFINITY;
  p->layout = pango_cairo_create_layout (cr);
  context = pango_layout_get_context (p->layout);
  /* unhinted metrics: text keeps its size and place when the surface is
   * scaled (PNG at 192 dpi) or vector (SVG, PDF) */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (context, options);
  pango_context_set_round_glyph_positions (context, FALSE);
  pango_layout_context_changed (p->layout);
  cairo_font_options_destroy (options);
  p->font = pango_font_description_new ();
  pango_font_description_set_family (p->font, style->font_family ? style->font_family : "Sans");
}

void
_mlp_plot_painter_clear (MlpPlotPainter *p)
{
  g_clear_object (&p->layout);
  g_clear_pointer (&p->font, pango_font_description_free);
}

void
_mlp_plot_painter_text (MlpPlotPainter *p, double size, const char *text, gboolean markup)
{
  p->size = size * p->fs;
  pango_font_description_set_absolute_size (p->font, p->size * PANGO_SCALE);
  pango_layout_set_font_description (p->layout, p->font);
  if (markup)
    pango_layout_set_markup (p->layout, text, -1);
  else
    {
      /* plain text after markup: drop the markup's attributes */
      pango_layout_set_attributes (p->layout, NULL);
      pango_layout_set_text (p->layout, text, -1);
    }
}

void
_mlp_plot_painter_size (MlpPlotPainter *p, double *w, double *h)
{
  PangoRectangle logical;

  pango_layout_get_extents (p->layout, NULL, &logical);
  *w = logical.width / (double) PANGO_SCALE;
  *h = logical.height / (double) PANGO_SCALE;
}

void
_mlp_plot_painter_show (MlpPlotPainter *p, double x, double y, double ax, double ay)
{
  double w, h;

  _mlp_plot_painter_size (p, &w, &h);
  cairo_move_to (p->cr, x - ax * w, y - ay * h);
  pango_cairo_show_layout (p->cr, p->layout);
  p->min_px = MIN (p->min_px, p->size);
}

void
_mlp_plot_painter_label (MlpPlotPainter *p, double size, const char *text, gboolean markup,
                         double x, double y, double ax, double ay)
{
  _mlp_plot_painter_text (p, size, text, markup);
  _mlp_plot_painter_show (p, x, y, ax, ay);
}

double
_mlp_plot_text_width (MlpPlotPainter *p, double size, const char *text, gboolean markup)
{
  double w, h;

  _mlp_plot_painter_text (p, size, text, markup);
  _mlp_plot_painter_size (p, &w, &h);
  return w;
}

double
_mlp_plot_text_height (MlpPlotPainter *p, double size)
{
  double w, h;

  _mlp_plot_painter_text (p, size, "0", FALSE);
  _mlp_plot_painter_size (p, &w, &h);
  return h;
}

/* ------------------------------------------------------------------ title */

/* the layout wrapped at width (≤ 0: one line), centred */
static void
title_wrap (MlpPlotPainter *p, double width)
{
  pango_layout_set_width (p->layout, width > 0 ? (int) (width * PANGO_SCALE) : -1);
  pango_layout_set_wrap (p->layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (p->layout, PANGO_ALIGN_CENTER);
}

/* back to the one-line, left-aligned layout every other label expects */
static void
title_unwrap (MlpPlotPainter *p)
{
  pango_layout_set_width (p->layout, -1);
  pango_layout_set_alignment (p->layout, PANGO_ALIGN_LEFT);
}

gboolean
_mlp_plot_title_measure (MlpPlot *plot, MlpPlotPainter *p, double size, double avail, MlpPlotTitle *t)
{
  double w, h;

  t->size = size;
  t->wrap = -1;
  t->w = t->h = 0;
  if (!_mlp_plot_has_text (plot->title))
    return FALSE;
  avail = MAX (avail, 1);
  _mlp_plot_painter_text (p, size, plot->title, FALSE);
  _mlp_plot_painter_size (p, &w, &h);
  if (w > avail)
    {
      /* two lines; smaller only while two lines cannot hold it */
      t->wrap = avail;
      title_wrap (p, avail);
      while (pango_layout_get_line_count (p->layout) > 2 && t->size * 0.92 >= TICK_FONT)
        {
          t->size *= 0.92;
          _mlp_plot_painter_text (p, t->size, plot->title, FALSE);
        }
      _mlp_plot_painter_size (p, &w, &h);
      title_unwrap (p);
    }
  t->w = w;
  t->h = h;
  return TRUE;
}

void
_mlp_plot_title_draw (MlpPlot *plot, MlpPlotPainter *p, const MlpPlotTitle *t, double cx,
                      double y, double width, double margin)
{
  PangoRectangle ink;
  double x;

  if (t->h <= 0)
    return;
  _mlp_plot_painter_text (p, t->size, plot->title, FALSE);
  if (t->wrap > 0)
    {
      /* the wrapped lines centred on the figure */
      title_wrap (p, t->wrap);
      x = (width - t->wrap) / 2;
    }
  else   /* one line over cx, but inside the figure */
    x = CLAMP (cx - t->w / 2, margin, MAX (margin, width - margin - t->w));
  _mlp_plot_painter_show (p, x, y, 0, 0);
  pango_layout_get_extents (p->layout, &ink, NULL);
  plot->title_box = (MlpPlotRect) { x + ink.x / (double) PANGO_SCALE, y + ink.y / (double) PANGO_SCALE,
                                    x + (ink.x + ink.width) / (double) PANGO_SCALE,
                                    y + (ink.y + ink.height) / (double) PANGO_SCALE };
  title_unwrap (p);
}
