/* mlp-plot.c — the plot model and its Cairo/PangoCairo renderer; see
 * mlp-plot.h.  One draw routine serves the screen, PNG/SVG/PDF export and
 * the command line.
 *
 * Coordinates: the renderer works in the caller's user units (pixels on
 * screen, points in SVG/PDF).  Data are mapped into the "area" (the box inside
 * the axes) after an optional log10 transform per axis.
 */
#include "mlp-plot.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "mlp-error.h"

typedef struct {
  char        *label;
  GArray      *x;          /* double */
  GArray      *y;          /* double */
  MlpLineStyle line;
  MlpColor     color;
  double       width;      /* line width before style->line_scale */
  MlpMarker    marker;
} Series;

struct _MlpPlot {
  gint          ref_count;
  char         *title;
  char         *xlabel;
  char         *ylabel;
  MlpAxisScale  xscale;
  MlpAxisScale  yscale;
  double        xlim[2];   /* NAN = automatic */
  double        ylim[2];
  gboolean      grid;
  gboolean      legend;
  GPtrArray    *series;    /* Series * */

  /* the layout of the last render */
  gboolean      laid_out;
  double        ax, ay, aw, ah;     /* the data area */
  double        x0, x1, y0, y1;     /* its range, in transformed (log10) units */
};

/* d2l.plot's default fmts ('-', 'm--', 'g-.', 'r:') then matplotlib's colours */
static const struct {
  MlpColor     color;
  MlpLineStyle line;
} default_formats[] = {
  { { 0.122, 0.467, 0.706, 1 }, MLP_LINE_SOLID },     /* C0 blue '-' */
  { { 0.750, 0.000, 0.750, 1 }, MLP_LINE_DASHED },    /* 'm--' */
  { { 0.000, 0.500, 0.000, 1 }, MLP_LINE_DASHDOT },   /* 'g-.' */
  { { 1.000, 0.000, 0.000, 1 }, MLP_LINE_DOTTED },    /* 'r:' */
  { { 1.000, 0.498, 0.055, 1 }, MLP_LINE_SOLID },     /* C1 orange */
  { { 0.580, 0.404, 0.741, 1 }, MLP_LINE_SOLID },     /* C4 purple */
  { { 0.549, 0.337, 0.294, 1 }, MLP_LINE_SOLID },     /* C5 brown */
  { { 0.090, 0.745, 0.812, 1 }, MLP_LINE_SOLID },     /* C9 cyan */
  { { 0.737, 0.741, 0.133, 1 }, MLP_LINE_SOLID },     /* C8 olive */
  { { 0.498, 0.498, 0.498, 1 }, MLP_LINE_SOLID },     /* C7 grey */
};

static const MlpPlotStyle light_style = {
  { 0.10, 0.10, 0.10, 1 }, { 1, 1, 1, 1 }, { 0.10, 0.10, 0.10, 0.12 }, 1.0, 1.0, NULL,
};
static const MlpPlotStyle dark_style = {
  { 0.90, 0.90, 0.90, 1 }, { 0.14, 0.14, 0.15, 1 }, { 0.90, 0.90, 0.90, 0.14 }, 1.0, 1.0, NULL,
};

const MlpPlotStyle *mlp_plot_style_light (void) { return &light_style; }
const MlpPlotStyle *mlp_plot_style_dark (void)  { return &dark_style; }

/* ------------------------------------------------------------------ model */

static void
series_free (gpointer p)
{
  Series *s = p;

  g_free (s->label);
  g_array_unref (s->x);
  g_array_unref (s->y);
  g_free (s);
}

MlpPlot *
mlp_plot_new (void)
{
  MlpPlot *plot = g_new0 (MlpPlot, 1);

  plot->ref_count = 1;
  plot->xlim[0] = plot->xlim[1] = NAN;
  plot->ylim[0] = plot->ylim[1] = NAN;
  plot->grid = TRUE;
  plot->legend = TRUE;
  plot->series = g_ptr_array_new_with_free_func (series_free);
  return plot;
}

MlpPlot *
mlp_plot_ref (MlpPlot *plot)
{
  g_return_val_if_fail (plot != NULL, NULL);
  g_atomic_int_inc (&plot->ref_count);
  return plot;
}

void
mlp_plot_unref (MlpPlot *plot)
{
  if (plot == NULL || !g_atomic_int_dec_and_test (&plot->ref_count))
    return;
  g_free (plot->title);
  g_free (plot->xlabel);
  g_free (plot->ylabel);
  g_ptr_array_unref (plot->series);
  g_free (plot);
}

void
mlp_plot_set_labels (MlpPlot *plot, const char *title, const char *xlabel, const char *ylabel)
{
  g_free (plot->title);
  g_free (plot->xlabel);
  g_free (plot->ylabel);
  plot->title = g_strdup (title);
  plot->xlabel = g_strdup (xlabel);
  plot->ylabel = g_strdup (ylabel);
}

void mlp_plot_set_xscale (MlpPlot *plot, MlpAxisScale scale) { plot->xscale = scale; }
void mlp_plot_set_yscale (MlpPlot *plot, MlpAxisScale scale) { plot->yscale = scale; }
void mlp_plot_set_grid (MlpPlot *plot, gboolean grid)        { plot->grid = grid; }
void mlp_plot_set_legend (MlpPlot *plot, gboolean legend)    { plot->legend = legend; }

void
mlp_plot_set_xlim (MlpPlot *plot, double lo, double hi)
{
  plot->xlim[0] = lo;
  plot->xlim[1] = hi;
}

void
mlp_plot_set_ylim (MlpPlot *plot, double lo, double hi)
{
  plot->ylim[0] = lo;
  plot->ylim[1] = hi;
}

static guint
add_series (MlpPlot *plot, const char *label)
{
  Series *s = g_new0 (Series, 1);
  guint i = plot->series->len % G_N_ELEMENTS (default_formats);

  s->label = g_strdup (label);
  s->x = g_array_new (FALSE, FALSE, sizeof (double));
  s->y = g_array_new (FALSE, FALSE, sizeof (double));
  s->line = default_formats[i].line;
  s->color = default_formats[i].color;
  s->width = 1.5;
  g_ptr_array_add (plot->series, s);
  return plot->series->len - 1;
}

guint
mlp_plot_add_series (MlpPlot *plot, const char *label, const double *x, const double *y, gsize n)
{
  guint i = add_series (plot, label);
  Series *s = plot->series->pdata[i];

  g_array_append_vals (s->x, x, (guint) n);
  g_array_append_vals (s->y, y, (guint) n);
  return i;
}

guint
mlp_plot_add_series_f (MlpPlot *plot, const char *label, const float *x, const float *y, gsize n)
{
  guint i = add_series (plot, label);
  Series *s = plot->series->pdata[i];

  g_array_set_size (s->x, (guint) n);
  g_array_set_size (s->y, (guint) n);
  for (gsize k = 0; k < n; k++)
    {
      g_array_index (s->x, double, k) = x[k];
      g_array_index (s->y, double, k) = y[k];
    }
  return i;
}

void
mlp_plot_series_append (MlpPlot *plot, guint series, double x, double y)
{
  Series *s;

  g_return_if_fail (series < plot->series->len);
  s = plot->series->pdata[series];
  g_array_append_val (s->x, x);
  g_array_append_val (s->y, y);
}

void
mlp_plot_series_set_style (MlpPlot *plot, guint series, MlpLineStyle line,
                           const MlpColor *color, double width, MlpMarker marker)
{
  Series *s;

  g_return_if_fail (series < plot->series->len);
  s = plot->series->pdata[series];
  s->line = line;
  if (color != NULL)
    s->color = *color;
  if (width > 0)
    s->width = width;
  s->marker = marker;
}

void
mlp_plot_clear (MlpPlot *plot)
{
  g_ptr_array_set_size (plot->series, 0);
}

guint
mlp_plot_get_n_series (MlpPlot *plot)
{
  return plot->series->len;
}

const char *
mlp_plot_series_get_label (MlpPlot *plot, guint series)
{
  g_return_val_if_fail (series < plot->series->len, NULL);
  return ((Series *) plot->series->pdata[series])->label;
}

const double *
mlp_plot_series_get_x (MlpPlot *plot, guint series, gsize *n)
{
  Series *s;

  g_return_val_if_fail (series < plot->series->len, NULL);
  s = plot->series->pdata[series];
  if (n)
    *n = s->x->len;
  return (const double *) s->x->data;
}

const double *
mlp_plot_series_get_y (MlpPlot *plot, guint series, gsize *n)
{
  Series *s;

  g_return_val_if_fail (series < plot->series->len, NULL);
  s = plot->series->pdata[series];
  if (n)
    *n = s->y->len;
  return (const double *) s->y->data;
}

const char *
mlp_plot_get_title (MlpPlot *plot)
{
  return plot->title;
}

/* ----------------------------------------------------------------- ranges */

/* v in an axis's transformed units: log10 on a log axis (NAN if v ≤ 0) */
static double
transform (MlpAxisScale scale, double v)
{
  if (scale == MLP_AXIS_LOG)
    return v > 0 ? log10 (v) : (v == 0 ? -INFINITY : NAN);
  return v;
}

/* the automatic range of one axis in transformed units */
static void
data_range (MlpPlot *plot, gboolean is_x, double *lo, double *hi)
{
  MlpAxisScale scale = is_x ? plot->xscale : plot->yscale;
  const double *lim = is_x ? plot->xlim : plot->ylim;
  double mn = INFINITY, mx = -INFINITY;

  for (guint i = 0; i < plot->series->len; i++)
    {
      Series *s = plot->series->pdata[i];
      GArray *a = is_x ? s->x : s->y;

      for (guint k = 0; k < a->len; k++)
        {
          double t = transform (scale, g_array_index (a, double, k));

          if (isfinite (t))
            {
              mn = MIN (mn, t);
              mx = MAX (mx, t);
            }
        }
    }
  if (!isfinite (mn))
    {
      mn = 0;
      mx = 1;
    }
  if (mx - mn < 1e-12 * MAX (1.0, fabs (mx)))
    {
      /* all equal: give the line some room */
      double pad = scale == MLP_AXIS_LOG ? 0.5 : MAX (0.5, fabs (mx) * 0.1);

      mn -= pad;
      mx += pad;
    }
  else
    {
      /* matplotlib's default 5 % margins */
      double pad = 0.05 * (mx - mn);

      mn -= pad;
      mx += pad;
    }
  if (isfinite (lim[0]))
    mn = transform (scale, lim[0]);
  if (isfinite (lim[1]))
    mx = transform (scale, lim[1]);
  if (!isfinite (mn) || !isfinite (mx) || mx <= mn)
    {
      if (!isfinite (mn))
        mn = isfinite (mx) ? mx - 1 : 0;
      if (!isfinite (mx) || mx <= mn)
        mx = mn + 1;
    }
  *lo = mn;
  *hi = mx;
}

/* "nice" steps: 1, 2, 2.5, 5 × 10^k, about `target` ticks */
static double
nice_step (double span, int target)
{
  double raw = span / MAX (target, 1), mag = pow (10, floor (log10 (raw))), f = raw / mag;

  if (f <= 1)
    return mag;
  if (f <= 2)
    return 2 * mag;
  if (f <= 2.5)
    return 2.5 * mag;
  if (f <= 5)
    return 5 * mag;
  return 10 * mag;
}

typedef struct {
  double value[64];   /* in transformed units */
  char  *label[64];   /* Pango markup */
  guint  n;
} Ticks;

static void
ticks_clear (Ticks *t)
{
  for (guint i = 0; i < t->n; i++)
    g_free (t->label[i]);
  t->n = 0;
}

static void
make_ticks (Ticks *t, MlpAxisScale scale, double lo, double hi, int target)
{
  t->n = 0;
  if (scale == MLP_AXIS_LOG)
    {
      int k0 = (int) ceil (lo - 1e-9), k1 = (int) floor (hi + 1e-9);
      int every = MAX (1, (int) ceil ((k1 - k0 + 1) / (double) MAX (target, 2)));

      for (int k = k0; k <= k1 && t->n < G_N_ELEMENTS (t->value); k++)
        if ((k - k0) % every == 0)
          {
            t->value[t->n] = k;
            t->label[t->n] = g_strdup_printf ("10<sup>%d</sup>", k);
            t->n++;
          }
      if (t->n > 0)
        return;
      /* less than a decade: fall through to linear ticks in log units */
    }
  {
    double step = nice_step (hi - lo, target);
    int decimals = step >= 1 ? 0 : (int) ceil (-log10 (step) - 1e-9);
    gboolean sci = fabs (hi) >= 1e5 || fabs (lo) >= 1e5 || step < 1e-4;

    if (step <= 0 || !isfinite (step))
      return;
    for (double v = ceil (lo / step - 1e-9) * step; v <= hi + step * 1e-9 && t->n < G_N_ELEMENTS (t->value); v += step)
      {
        double shown = fabs (v) < step * 1e-9 ? 0.0 : v;
        char buf[64];

        if (scale == MLP_AXIS_LOG)
          shown = pow (10, shown);
        if (sci || scale == MLP_AXIS_LOG)
          g_ascii_formatd (buf, sizeof buf, "%.3g", shown);
        else
          {
            char fmt[16];

            g_snprintf (fmt, sizeof fmt, "%%.%df", MIN (decimals, 10));
            g_ascii_formatd (buf, sizeof buf, fmt, shown);
          }
        t->value[t->n] = v;
        t->label[t->n] = g_strdup (buf);
        t->n++;
      }
  }
}

/* ------------------------------------------------------------------ text */

typedef struct {
  cairo_t              *cr;
  const MlpPlotStyle   *style;
  PangoFontDescription *font;
  double                size;    /* font size in user units */
} Painter;

static PangoLayout *
layout_new (Painter *p, const char *markup, double scale)
{
  PangoLayout *layout = pango_cairo_create_layout (p->cr);
  PangoFontDescription *font = pango_font_description_copy (p->font);

  pango_font_description_set_absolute_size (font, p->size * scale * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_layout_set_markup (layout, markup, -1);
  pango_font_description_free (font);
  return layout;
}

static void
text_size (Painter *p, const char *markup, double scale, double *w, double *h)
{
  PangoLayout *layout = layout_new (p, markup, scale);
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  *w = logical.width / (double) PANGO_SCALE;
  *h = logical.height / (double) PANGO_SCALE;
  g_object_unref (layout);
}

/* draws markup with its anchor (xa, ya ∈ {0, ½, 1} of its box) at (x, y),
 * rotated by angle */
static void
draw_text (Painter *p, const char *markup, double scale, double x, double y,
           double xa, double ya, double angle)
{
  PangoLayout *layout = layout_new (p, markup, scale);
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  cairo_save (p->cr);
  cairo_translate (p->cr, x, y);
  cairo_rotate (p->cr, angle);
  cairo_move_to (p->cr, -xa * logical.width / (double) PANGO_SCALE, -ya * logical.height / (double) PANGO_SCALE);
  cairo_set_source_rgba (p->cr, p->style->foreground.r, p->style->foreground.g,
                         p->style->foreground.b, p->style->foreground.a);
  pango_cairo_show_layout (p->cr, layout);
  cairo_restore (p->cr);
  g_object_unref (layout);
}

static char *
escape (const char *s)
{
  return g_markup_escape_text (s ? s : "", -1);
}

/* ---------------------------------------------------------------- mapping */

static double
map_x (MlpPlot *plot, double t)
{
  return plot->ax + (t - plot->x0) / (plot->x1 - plot->x0) * plot->aw;
}

static double
map_y (MlpPlot *plot, double t)
{
  return plot->ay + plot->ah - (t - plot->y0) / (plot->y1 - plot->y0) * plot->ah;
}

gboolean
mlp_plot_data_to_pixel (MlpPlot *plot, double x, double y, double *px, double *py)
{
  double tx = transform (plot->xscale, x), ty = transform (plot->yscale, y);

  if (!plot->laid_out || !isfinite (tx) || !isfinite (ty))
    return FALSE;
  *px = map_x (plot, tx);
  *py = map_y (plot, ty);
  return TRUE;
}

gboolean
mlp_plot_pixel_to_data (MlpPlot *plot, double px, double py, double *x, double *y)
{
  double tx, ty;

  if (!plot->laid_out || plot->aw <= 0 || plot->ah <= 0)
    return FALSE;
  tx = plot->x0 + (px - plot->ax) / plot->aw * (plot->x1 - plot->x0);
  ty = plot->y0 + (plot->ay + plot->ah - py) / plot->ah * (plot->y1 - plot->y0);
  *x = plot->xscale == MLP_AXIS_LOG ? pow (10, tx) : tx;
  *y = plot->yscale == MLP_AXIS_LOG ? pow (10, ty) : ty;
  return TRUE;
}

void
mlp_plot_get_area (MlpPlot *plot, double *x, double *y, double *width, double *height)
{
  if (x) *x = plot->ax;
  if (y) *y = plot->ay;
  if (width) *width = plot->aw;
  if (height) *height = plot->ah;
}

gboolean
mlp_plot_find_nearest (MlpPlot *plot, double px, double py, double max_distance,
                       guint *series, gsize *index)
{
  double best = max_distance * max_distance;
  gboolean found = FALSE;

  if (!plot->laid_out)
    return FALSE;
  for (guint i = 0; i < plot->series->len; i++)
    {
      Series *s = plot->series->pdata[i];

      for (guint k = 0; k < s->x->len; k++)
        {
          double qx, qy, d;

          if (!mlp_plot_data_to_pixel (plot, g_array_index (s->x, double, k),
                                       g_array_index (s->y, double, k), &qx, &qy))
            continue;
          if (qx < plot->ax - 1 || qx > plot->ax + plot->aw + 1 ||
              qy < plot->ay - 1 || qy > plot->ay + plot->ah + 1)
            continue;
          d = (qx - px) * (qx - px) + (qy - py) * (qy - py);
          if (d <= best)
            {
              best = d;
              found = TRUE;
              if (series) *series = i;
              if (index) *index = k;
            }
        }
    }
  return found;
}

/* ---------------------------------------------------------------- drawing */

static void
set_dash (cairo_t *cr, MlpLineStyle line, double width)
{
  double w = MAX (width, 1.0);
  double dashed[] = { 3.7 * w, 1.6 * w };
  double dashdot[] = { 6.4 * w, 1.6 * w, 1.0 * w, 1.6 * w };
  double dotted[] = { 1.0 * w, 1.65 * w };

  switch (line)
    {
    case MLP_LINE_DASHED: cairo_set_dash (cr, dashed, 2, 0); break;
    case MLP_LINE_DASHDOT: cairo_set_dash (cr, dashdot, 4, 0); break;
    case MLP_LINE_DOTTED: cairo_set_dash (cr, dotted, 2, 0); break;
    default: cairo_set_dash (cr, NULL, 0, 0); break;
    }
}

static gboolean
x_sorted (const Series *s)
{
  for (guint k = 1; k < s->x->len; k++)
    if (!(g_array_index (s->x, double, k) >= g_array_index (s->x, double, k - 1)))
      return FALSE;
  return TRUE;
}

/* an arrow at the area's edge for a value that overflowed to ±inf */
static void
draw_overflow (MlpPlot *plot, cairo_t *cr, double px, gboolean up, double size)
{
  double y = up ? plot->ay + 1 : plot->ay + plot->ah - 1;
  double d = up ? 1 : -1;

  cairo_move_to (cr, px, y);
  cairo_line_to (cr, px - size * 0.6, y + d * size);
  cairo_line_to (cr, px + size * 0.6, y + d * size);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
draw_series (MlpPlot *plot, Painter *p, Series *s)
{
  cairo_t *cr = p->cr;
  double width = s->width * p->style->line_scale;
  gboolean pen = FALSE;
  /* many points per pixel column: keep each column's first, min, max and last */
  gboolean decimate = s->x->len > 4 * (guint) MAX (plot->aw, 1.0) && x_sorted (s);
  double col = NAN, cmin = 0, cmax = 0, clast = 0;

  cairo_save (cr);
  cairo_rectangle (cr, plot->ax, plot->ay, plot->aw, plot->ah);
  cairo_clip (cr);
  cairo_set_source_rgba (cr, s->color.r, s->color.g, s->color.b, s->color.a);
  cairo_set_line_width (cr, width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, s->line == MLP_LINE_DOTTED ? CAIRO_LINE_CAP_ROUND : CAIRO_LINE_CAP_BUTT);
  set_dash (cr, s->line, width);

  for (guint k = 0; k < s->x->len; k++)
    {
      double tx = transform (plot->xscale, g_array_index (s->x, double, k));
      double ty = transform (plot->yscale, g_array_index (s->y, double, k));
      double px, py;

      if (!isfinite (tx) || !isfinite (ty))
        {
          if (isfinite (tx) && isinf (ty))
            {
              /* overflow: finish the line, mark the point */
              if (pen)
                cairo_stroke (cr);
              draw_overflow (plot, cr, map_x (plot, tx), ty > 0, 4 + 2 * width);
            }
          pen = FALSE;
          col = NAN;
          continue;
        }
      px = map_x (plot, tx);
      py = map_y (plot, ty);
      /* stay far inside cairo's fixed-point range */
      py = CLAMP (py, plot->ay - 1e5, plot->ay + plot->ah + 1e5);
      if (s->line == MLP_LINE_NONE)
        continue;
      if (decimate && pen && floor (px) == col)
        {
          cmin = MIN (cmin, py);
          cmax = MAX (cmax, py);
          clast = py;
          continue;
        }
      if (decimate && pen && isfinite (col))
        {
          cairo_line_to (cr, col + 0.5, cmin);
          cairo_line_to (cr, col + 0.5, cmax);
          cairo_line_to (cr, col + 0.5, clast);
        }
      if (pen)
        cairo_line_to (cr, px, py);
      else
        cairo_move_to (cr, px, py);
      pen = TRUE;
      col = floor (px);
      cmin = cmax = clast = py;
    }
  if (pen)
    cairo_stroke (cr);

  if (s->marker == MLP_MARKER_CIRCLE || s->line == MLP_LINE_NONE)
    {
      cairo_set_dash (cr, NULL, 0, 0);
      for (guint k = 0; k < s->x->len; k++)
        {
          double px, py;

          if (mlp_plot_data_to_pixel (plot, g_array_index (s->x, double, k),
                                      g_array_index (s->y, double, k), &px, &py))
            {
              cairo_new_sub_path (cr);
              cairo_arc (cr, px, py, 2.5 * p->style->line_scale, 0, 2 * G_PI);
            }
        }
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

/* how many points fall into a rectangle: the legend goes where it hides least */
static guint
points_in (MlpPlot *plot, double x, double y, double w, double h)
{
  guint n = 0;

  for (guint i = 0; i < plot->series->len; i++)
    {
      Series *s = plot->series->pdata[i];
      guint stride = MAX (1, s->x->len / 400);

      for (guint k = 0; k < s->x->len; k += stride)
        {
          double px, py;

          if (mlp_plot_data_to_pixel (plot, g_array_index (s->x, double, k),
                                      g_array_index (s->y, double, k), &px, &py) &&
              px >= x && px <= x + w && py >= y && py <= y + h)
            n++;
        }
    }
  return n;
}

static void
draw_legend (MlpPlot *plot, Painter *p)
{
  cairo_t *cr = p->cr;
  const MlpPlotStyle *st = p->style;
  double pad = 0.5 * p->size, sample = 2.2 * p->size, row = 1.35 * p->size;
  double w = 0, h, x, y, best_x = 0, best_y = 0;
  guint n = 0, best = G_MAXUINT;

  for (guint i = 0; i < plot->series->len; i++)
    {
      Series *s = plot->series->pdata[i];
      g_autofree char *label = NULL;
      double tw, th;

      if (s->label == NULL || *s->label == '\0')
        continue;
      label = escape (s->label);
      text_size (p, label, 1.0, &tw, &th);
      w = MAX (w, tw);
      n++;
    }
  if (n == 0)
    return;
  w += sample + 3 * pad;
  h = n * row + 2 * pad;

  for (int corner = 0; corner < 4; corner++)
    {
      double cx = corner % 2 ? plot->ax + plot->aw - w - pad : plot->ax + pad;
      double cy = corner / 2 ? plot->ay + plot->ah - h - pad : plot->ay + pad;
      /* upper right first, as matplotlib's 'best' prefers it on ties */
      static const int order[] = { 1, 0, 3, 2 };
      guint c;

      cx = order[corner] % 2 ? plot->ax + plot->aw - w - pad : plot->ax + pad;
      cy = order[corner] / 2 ? plot->ay + plot->ah - h - pad : plot->ay + pad;
      c = points_in (plot, cx, cy, w, h);
      if (c < best)
        {
          best = c;
          best_x = cx;
          best_y = cy;
        }
    }
  x = best_x;
  y = best_y;

  cairo_save (cr);
  cairo_rectangle (cr, x, y, w, h);
  if (st->background.a > 0)
    cairo_set_source_rgba (cr, st->background.r, st->background.g, st->background.b, 0.85);
  else
    cairo_set_source_rgba (cr, 1 - st->foreground.r, 1 - st->foreground.g, 1 - st->foreground.b, 0.75);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, st->foreground.r, st->foreground.g, st->foreground.b, 0.25);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);

  n = 0;
  for (guint i = 0; i < plot->series->len; i++)
    {
      Series *s = plot->series->pdata[i];
      g_autofree char *label = NULL;
      double ly;

      if (s->label == NULL || *s->label == '\0')
        continue;
      ly = y + pad + (n + 0.5) * row;
      cairo_set_source_rgba (cr, s->color.r, s->color.g, s->color.b, s->color.a);
      cairo_set_line_width (cr, s->width * st->line_scale);
      set_dash (cr, s->line, s->width * st->line_scale);
      cairo_move_to (cr, x + pad, ly);
      cairo_line_to (cr, x + pad + sample, ly);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      label = escape (s->label);
      draw_text (p, label, 1.0, x + 2 * pad + sample, ly, 0, 0.5, 0);
      n++;
    }
  cairo_restore (cr);
}

void
mlp_plot_render (MlpPlot *plot, cairo_t *cr, double width, double height, const MlpPlotStyle *style)
{
  Painter p = { cr, style ? style : &light_style, NULL, 0 };
  const MlpPlotStyle *st = p.style;
  Ticks xt = { 0 }, yt = { 0 };
  double tick = 0, gap, left, right, bottom, top, th = 0, tw = 0, w, h;
  g_autofree char *title = NULL, *xlabel = NULL, *ylabel = NULL;

  g_return_if_fail (plot != NULL && cr != NULL);

  cairo_save (cr);
  p.font = pango_font_description_from_string (st->font_family ? st->font_family : "Sans");
  p.size = 11.0 * st->font_scale;
  tick = 0.35 * p.size;
  gap = 0.4 * p.size;
  if (st->background.a > 0)
    {
      cairo_set_source_rgba (cr, st->background.r, st->background.g, st->background.b, st->background.a);
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_fill (cr);
    }

  data_range (plot, TRUE, &plot->x0, &plot->x1);
  data_range (plot, FALSE, &plot->y0, &plot->y1);
  make_ticks (&xt, plot->xscale, plot->x0, plot->x1, MAX (2, (int) (width / (7 * p.size))));
  make_ticks (&yt, plot->yscale, plot->y0, plot->y1, MAX (2, (int) (height / (4 * p.size))));

  /* margins from the text they must hold */
  for (guint i = 0; i < yt.n; i++)
    {
      text_size (&p, yt.label[i], 0.9, &w, &h);
      tw = MAX (tw, w);
    }
  text_size (&p, "0", 0.9, &w, &th);
  title = plot->title ? escape (plot->title) : NULL;
  xlabel = plot->xlabel ? escape (plot->xlabel) : NULL;
  ylabel = plot->ylabel ? escape (plot->ylabel) : NULL;
  left = gap + tw + tick + gap + (ylabel ? 1.3 * p.size + gap : 0);
  bottom = gap + th + tick + gap + (xlabel ? 1.3 * p.size + gap : 0);
  top = title ? 1.6 * p.size + 2 * gap : 1.2 * p.size;
  right = 1.6 * p.size;

  plot->ax = left;
  plot->ay = top;
  plot->aw = MAX (1.0, width - left - right);
  plot->ah = MAX (1.0, height - top - bottom);
  plot->laid_out = TRUE;

  /* grid, snapped to pixel centres so 1-px lines stay crisp */
  cairo_set_line_width (cr, 1);
  if (plot->grid)
    {
      cairo_set_source_rgba (cr, st->grid.r, st->grid.g, st->grid.b, st->grid.a);
      for (guint i = 0; i < xt.n; i++)
        {
          double x = floor (map_x (plot, xt.value[i])) + 0.5;

          cairo_move_to (cr, x, plot->ay);
          cairo_line_to (cr, x, plot->ay + plot->ah);
        }
      for (guint i = 0; i < yt.n; i++)
        {
          double y = floor (map_y (plot, yt.value[i])) + 0.5;

          cairo_move_to (cr, plot->ax, y);
          cairo_line_to (cr, plot->ax + plot->aw, y);
        }
      cairo_stroke (cr);
    }

  for (guint i = 0; i < plot->series->len; i++)
    draw_series (plot, &p, plot->series->pdata[i]);

  /* the frame, ticks and their labels */
  cairo_set_source_rgba (cr, st->foreground.r, st->foreground.g, st->foreground.b, st->foreground.a);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, floor (plot->ax) + 0.5, floor (plot->ay) + 0.5,
                   floor (plot->aw), floor (plot->ah));
  for (guint i = 0; i < xt.n; i++)
    {
      double x = floor (map_x (plot, xt.value[i])) + 0.5, y = floor (plot->ay + plot->ah) + 0.5;

      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x, y + tick);
    }
  for (guint i = 0; i < yt.n; i++)
    {
      double y = floor (map_y (plot, yt.value[i])) + 0.5, x = floor (plot->ax) + 0.5;

      cairo_move_to (cr, x, y);
      cairo_line_to (cr, x - tick, y);
    }
  cairo_stroke (cr);
  for (guint i = 0; i < xt.n; i++)
    draw_text (&p, xt.label[i], 0.9, map_x (plot, xt.value[i]), plot->ay + plot->ah + tick + gap * 0.5, 0.5, 0, 0);
  for (guint i = 0; i < yt.n; i++)
    draw_text (&p, yt.label[i], 0.9, plot->ax - tick - gap * 0.5, map_y (plot, yt.value[i]), 1, 0.5, 0);

  if (xlabel)
    draw_text (&p, xlabel, 1.0, plot->ax + plot->aw / 2, height - gap, 0.5, 1, 0);
  if (ylabel)
    draw_text (&p, ylabel, 1.0, gap, plot->ay + plot->ah / 2, 0.5, 0, -G_PI / 2);
  if (title)
    draw_text (&p, title, 1.15, plot->ax + plot->aw / 2, gap, 0.5, 0, 0);
  if (plot->legend)
    draw_legend (plot, &p);

  ticks_clear (&xt);
  ticks_clear (&yt);
  pango_font_description_free (p.font);
  cairo_restore (cr);
}

/* ----------------------------------------------------------------- export */

static void
csv_field (GString *out, const char *s)
{
  if (strpbrk (s, ",\"\n") == NULL)
    {
      g_string_append (out, s);
      return;
    }
  g_string_append_c (out, '"');
  for (; *s; s++)
    {
      if (*s == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *s);
    }
  g_string_append_c (out, '"');
}

static void
csv_number (GString *out, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (v))
    g_string_append (out, "nan");
  else if (isinf (v))
    g_string_append (out, v > 0 ? "inf" : "-inf");
  else
    g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.9g", v));
}

char *
mlp_plot_to_csv (MlpPlot *plot)
{
  GString *out = g_string_new (NULL);
  gboolean shared = plot->series->len > 0;
  Series *first = plot->series->len ? plot->series->pdata[0] : NULL;

  for (guint i = 1; i < plot->series->len && shared; i++)
    {
      Series *s = plot->series->pdata[i];

      shared = s->x->len == first->x->len &&
               memcmp (s->x->data, first->x->data, s->x->len * sizeof (double)) == 0;
    }

  if (shared)
    {
      /* one table: x and a column per series */
      g_string_append (out, "x");
      for (guint i = 0; i < plot->series->len; i++)
        {
          Series *s = plot->series->pdata[i];
          g_autofree char *name = s->label ? g_strdup (s->label) : g_strdup_printf ("series %u", i + 1);

          g_string_append_c (out, ',');
          csv_field (out, name);
        }
      g_string_append_c (out, '\n');
      for (guint k = 0; k < first->x->len; k++)
        {
          csv_number (out, g_array_index (first->x, double, k));
          for (guint i = 0; i < plot->series->len; i++)
            {
              g_string_append_c (out, ',');
              csv_number (out, g_array_index (((Series *) plot->series->pdata[i])->y, double, k));
            }
          g_string_append_c (out, '\n');
        }
      return g_string_free (out, FALSE);
    }

  g_string_append (out, "series,x,y\n");
  for (guint i = 0; i < plot->series->len; i++)
    {
      Series *s = plot->series->pdata[i];
      g_autofree char *name = s->label ? g_strdup (s->label) : g_strdup_printf ("series %u", i + 1);

      for (guint k = 0; k < s->x->len; k++)
        {
          csv_field (out, name);
          g_string_append_c (out, ',');
          csv_number (out, g_array_index (s->x, double, k));
          g_string_append_c (out, ',');
          csv_number (out, g_array_index (s->y, double, k));
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}

gboolean
mlp_plot_format_from_path (const char *path, MlpPlotFormat *format)
{
  const char *dot = strrchr (path, '.');
  static const struct {
    const char   *ext;
    MlpPlotFormat format;
  } formats[] = {
    { "png", MLP_PLOT_FORMAT_PNG }, { "svg", MLP_PLOT_FORMAT_SVG },
    { "pdf", MLP_PLOT_FORMAT_PDF }, { "csv", MLP_PLOT_FORMAT_CSV },
  };

  if (dot == NULL || strchr (dot, '/') != NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (dot + 1, formats[i].ext) == 0)
      {
        *format = formats[i].format;
        return TRUE;
      }
  return FALSE;
}

static cairo_status_t
append_bytes (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

gboolean
mlp_plot_export (MlpPlot *plot, const char *path, MlpPlotFormat format,
                 double width, double height, double dpi,
                 const MlpPlotStyle *style, GError **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GError) local = NULL;
  cairo_surface_t *surface = NULL;
  cairo_status_t status = CAIRO_STATUS_SUCCESS;
  cairo_t *cr;

  g_return_val_if_fail (plot != NULL && path != NULL, FALSE);

  if (format == MLP_PLOT_FORMAT_AUTO && !mlp_plot_format_from_path (path, &format))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "%s: unknown figure format (use .png, .svg, .pdf or .csv)", path);
      return FALSE;
    }
  if (!(width >= 16 && width <= 20000 && height >= 16 && height <= 20000 && dpi >= 10 && dpi <= 1200) ||
      (format == MLP_PLOT_FORMAT_PNG && width * dpi / 96 * height * dpi / 96 > 2e8))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "%s: a figure of %g × %g at %g dpi is out of range", path, width, height, dpi);
      return FALSE;
    }

  switch (format)
    {
    case MLP_PLOT_FORMAT_CSV:
      {
        g_autofree char *csv = mlp_plot_to_csv (plot);
        g_byte_array_append (bytes, (const guint8 *) csv, strlen (csv));
      }
      break;
    case MLP_PLOT_FORMAT_PNG:
      {
        double scale = dpi / 96.0;

        surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                              (int) ceil (width * scale), (int) ceil (height * scale));
        cr = cairo_create (surface);
        cairo_scale (cr, scale, scale);
        mlp_plot_render (plot, cr, width, height, style);
        status = cairo_status (cr);
        cairo_destroy (cr);
        if (status == CAIRO_STATUS_SUCCESS)
          status = cairo_surface_write_to_png_stream (surface, append_bytes, bytes);
      }
      break;
    case MLP_PLOT_FORMAT_SVG:
    case MLP_PLOT_FORMAT_PDF:
      surface = format == MLP_PLOT_FORMAT_SVG
                ? cairo_svg_surface_create_for_stream (append_bytes, bytes, width, height)
                : cairo_pdf_surface_create_for_stream (append_bytes, bytes, width, height);
      if (format == MLP_PLOT_FORMAT_PDF)
        cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "MLP Lab");
      cr = cairo_create (surface);
      mlp_plot_render (plot, cr, width, height, style);
      status = cairo_status (cr);
      cairo_destroy (cr);
      cairo_surface_finish (surface);
      if (status == CAIRO_STATUS_SUCCESS)
        status = cairo_surface_status (surface);
      break;
    default:
      g_return_val_if_reached (FALSE);
    }
  if (surface != NULL)
    cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FAILED, "%s: drawing the figure failed: %s",
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  /* written to a temporary file and renamed: a failed export leaves no half file */
  if (!g_file_set_contents (path, (const char *) bytes->data, bytes->len, &local))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "%s: cannot be written: %s", path, local->message);
      return FALSE;
    }
  return TRUE;
}
