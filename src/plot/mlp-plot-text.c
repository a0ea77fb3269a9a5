/* mlp-plot-text.c — the text painter: every label of a figure goes through
 * one PangoLayout set up once per render.
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
