/* mlp-plot-style.c — how a figure looks apart from its layout: the light and
 * dark themes and the default format of each new series, d2l's.
 *
 * A series without an explicit colour takes its default by number, so it
 * follows the theme: on the dark background the dark blue, magenta and
 * green are lifted towards white to stay readable.
 */
#include "mlp-plot-private.h"

static const MlpPlotStyle style_light = {
  .foreground = { 0.0, 0.0, 0.0, 1.0 },
  .background = { 1.0, 1.0, 1.0, 1.0 },
  .grid       = { 0.69, 0.69, 0.69, 0.55 },   /* matplotlib's #b0b0b0, a little lighter */
  .font_scale = 1.0,
  .line_scale = 1.0,
  .font_family = NULL,
};

static const MlpPlotStyle style_dark = {
  .foreground = { 0.87, 0.87, 0.87, 1.0 },
  .background = { 0.14, 0.14, 0.14, 1.0 },    /* libadwaita's dark window, #242424 */
  .grid       = { 1.0, 1.0, 1.0, 0.16 },
  .font_scale = 1.0,
  .line_scale = 1.0,
  .font_family = NULL,
};

/* d2l.plot's fmts ('-', 'm--', 'g-.', 'r:') — the first takes matplotlib's
 * C0 — then the rest of matplotlib's tab10 cycle, solid. */
static const struct {
  MlpColor     color;
  MlpLineStyle line;
} default_formats[] = {
  { { 0.122, 0.467, 0.706, 1 }, MLP_LINE_SOLID },     /* C0 #1f77b4 */
  { { 0.75, 0.0, 0.75, 1 },     MLP_LINE_DASHED },    /* 'm' */
  { { 0.0, 0.5, 0.0, 1 },       MLP_LINE_DASHDOT },   /* 'g' */
  { { 1.0, 0.0, 0.0, 1 },       MLP_LINE_DOTTED },    /* 'r' */
  { { 1.0, 0.498, 0.055, 1 },   MLP_LINE_SOLID },     /* C1 #ff7f0e */
  { { 0.580, 0.404, 0.741, 1 }, MLP_LINE_SOLID },     /* C4 #9467bd */
  { { 0.549, 0.337, 0.294, 1 }, MLP_LINE_SOLID },     /* C5 #8c564b */
  { { 0.890, 0.467, 0.761, 1 }, MLP_LINE_SOLID },     /* C6 #e377c2 */
  { { 0.498, 0.498, 0.498, 1 }, MLP_LINE_SOLID },     /* C7 #7f7f7f */
  { { 0.737, 0.741, 0.133, 1 }, MLP_LINE_SOLID },     /* C8 #bcbd22 */
  { { 0.090, 0.745, 0.812, 1 }, MLP_LINE_SOLID },     /* C9 #17becf */
};

const MlpPlotStyle *
mlp_plot_style_light (void)
{
  return &style_light;
}

const MlpPlotStyle *
mlp_plot_style_dark (void)
{
  return &style_dark;
}

/* dark when the text is light: the relative luminance of the foreground */
gboolean
_mlp_plot_style_is_dark (const MlpPlotStyle *style)
{
  const MlpColor *f = &style->foreground;

  return 0.2126 * f->r + 0.7152 * f->g + 0.0722 * f->b > 0.5;
}

double
_mlp_plot_style_line_scale (const MlpPlotStyle *style)
{
  return style->line_scale > 0 ? style->line_scale : 1.0;
}

MlpLineStyle
_mlp_plot_default_line (guint index)
{
  return default_formats[index % G_N_ELEMENTS (default_formats)].line;
}

MlpColor
_mlp_plot_series_color (const MlpPlotSeries *s, gboolean dark)
{
  MlpColor c;

  if (s->has_color)
    return s->color;
  c = default_formats[s->color_index % G_N_ELEMENTS (default_formats)].color;
  if (dark)
    {
      /* the dark blue, green and magenta need lifting to read on #242424 */
      c.r = c.r + (1 - c.r) * 0.3;
      c.g = c.g + (1 - c.g) * 0.3;
      c.b = c.b + (1 - c.b) * 0.3;
    }
  return c;
}

void
_mlp_plot_set_color (cairo_t *cr, const MlpColor *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}
