/* mlp-plot.c — the plot model and its Cairo/PangoCairo renderer.
 *
 * One render routine draws every figure of the app: into the plot widget's
 * snapshot, into PNG/SVG/PDF surfaces for export and into the CLI's files.
 * The look copies matplotlib's defaults as d2l uses them (a box of spines,
 * ticks outside on the left and bottom, a light grid, 5 % margins around the
 * data, the legend in the emptiest corner), with sizes in user units so that a
 * scaled cairo_t (PNG at 192 dpi) gives the same figure, only sharper.
 *
 * A render lays out the figure in this order: the heights of the title and of
 * the x axis' text fix the data area's height, which fixes the y ticks, whose
 * labels' width fixes the area's left edge and so the x ticks.  The mapping
 * from data to pixels is kept for the queries (hover, tests) until the next
 * render.
 */
#include "mlp-plot.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "mlp-error.h"

#define DEFAULT_LINE_WIDTH 2.0      /* matplotlib's 1.5 pt at 96 dpi */
#define MAX_TICKS          64
#define MAX_IMAGE_SIDE     32767    /* cairo's limit for an image surface */

/* sizes in user units at font_scale 1 (matplotlib: 10 pt text, 12 pt title) */
#define TICK_FONT   12.5
#define LABEL_FONT  13.5
#define TITLE_FONT  15.0
#define LEGEND_FONT 12.5
#define TICK_LENGTH 4.5
#define TICK_PAD    4.0

typedef struct {
  char        *label;
  GArray      *x, *y;         /* double */
  gboolean     from_float;    /* the points came as float: CSV writes float precision */
  MlpLineStyle line;
  gboolean     has_color;     /* else the default colour number color_index */
  MlpColor     color;
  guint        color_index;
  double       width;         /* before the style's line_scale */
  MlpMarker    marker;
} Series;

typedef struct {
  MlpAxisScale scale;
  double       fixed_lo, fixed_hi;   /* NAN = automatic */
  char        *label;
  /* the last render: t = v (linear) or log10 v (log) maps t_lo → p_lo, t_hi → p_hi */
  double       t_lo, t_hi;
  double       p_lo, p_hi;
} Axis;

struct _MlpPlot {
  grefcount  ref_count;
  char      *title;
  Axis       xaxis, yaxis;
  gboolean   grid;
  gboolean   legend;
  GPtrArray *series;          /* Series* */

  /* a heat map replaces the series when set */
  double    *heat;            /* rows × cols values */
  guint      heat_rows, heat_cols;
  char     **heat_row_labels; /* NULL-terminated or NULL */
  char     **heat_col_labels;
  /* an image grid replaces the series when set */
  float     *images;          /* n × h × w */
  guint      n_images, image_h, image_w;
  char     **image_captions;
  gboolean   images_signed;

  gboolean   rendered;        /* the fields below describe the last render */
  double     area_x, area_y, area_w, area_h;
};

/* ------------------------------------------------------------------ styles */

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

static gboolean
style_is_dark (const MlpPlotStyle *style)
{
  const MlpColor *f = &style->foreground;

  return 0.2126 * f->r + 0.7152 * f->g + 0.0722 * f->b > 0.5;
}

static MlpColor
series_color (const Series *s, gboolean dark)
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

/* ------------------------------------------------------------------- model */

static void
series_free (gpointer data)
{
  Series *s = data;

  g_free (s->label);
  g_array_unref (s->x);
  g_array_unref (s->y);
  g_free (s);
}

static void
axis_init (Axis *a)
{
  a->scale = MLP_AXIS_LINEAR;
  a->fixed_lo = a->fixed_hi = NAN;
  a->label = NULL;
  a->t_lo = 0;
  a->t_hi = 1;
  a->p_lo = 0;
  a->p_hi = 1;
}

/**
 * mlp_plot_new:
 *
 * Returns: (transfer full): an empty plot with a grid and a legend (drawn when
 * a series has a label)
 */
MlpPlot *
mlp_plot_new (void)
{
  MlpPlot *plot = g_new0 (MlpPlot, 1);

  g_ref_count_init (&plot->ref_count);
  axis_init (&plot->xaxis);
  axis_init (&plot->yaxis);
  plot->grid = TRUE;
  plot->legend = TRUE;
  plot->series = g_ptr_array_new_with_free_func (series_free);
  return plot;
}

MlpPlot *
mlp_plot_ref (MlpPlot *plot)
{
  g_return_val_if_fail (plot != NULL, NULL);
  g_ref_count_inc (&plot->ref_count);
  return plot;
}

void
mlp_plot_unref (MlpPlot *plot)
{
  g_return_if_fail (plot != NULL);
  if (!g_ref_count_dec (&plot->ref_count))
    return;
  g_free (plot->images);
  g_strfreev (plot->image_captions);
  g_free (plot->heat);
  g_strfreev (plot->heat_row_labels);
  g_strfreev (plot->heat_col_labels);
  g_free (plot->title);
  g_free (plot->xaxis.label);
  g_free (plot->yaxis.label);
  g_ptr_array_unref (plot->series);
  g_free (plot);
}

static void
replace_string (char **field, const char *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

void
mlp_plot_set_labels (MlpPlot *plot, const char *title, const char *xlabel, const char *ylabel)
{
  g_return_if_fail (plot != NULL);
  replace_string (&plot->title, title);
  replace_string (&plot->xaxis.label, xlabel);
  replace_string (&plot->yaxis.label, ylabel);
}

void
mlp_plot_set_xscale (MlpPlot *plot, MlpAxisScale scale)
{
  g_return_if_fail (plot != NULL);
  plot->xaxis.scale = scale;
}

void
mlp_plot_set_yscale (MlpPlot *plot, MlpAxisScale scale)
{
  g_return_if_fail (plot != NULL);
  plot->yaxis.scale = scale;
}

void
mlp_plot_set_xlim (MlpPlot *plot, double lo, double hi)
{
  g_return_if_fail (plot != NULL);
  plot->xaxis.fixed_lo = lo;
  plot->xaxis.fixed_hi = hi;
}

void
mlp_plot_set_ylim (MlpPlot *plot, double lo, double hi)
{
  g_return_if_fail (plot != NULL);
  plot->yaxis.fixed_lo = lo;
  plot->yaxis.fixed_hi = hi;
}

void
mlp_plot_set_grid (MlpPlot *plot, gboolean grid)
{
  g_return_if_fail (plot != NULL);
  plot->grid = grid;
}

void
mlp_plot_set_legend (MlpPlot *plot, gboolean legend)
{
  g_return_if_fail (plot != NULL);
  plot->legend = legend;
}

static Series *
series_new (MlpPlot *plot, const char *label, gsize n)
{
  Series *s = g_new0 (Series, 1);
  guint index = plot->series->len;

  s->label = g_strdup (label);
  s->x = g_array_sized_new (FALSE, FALSE, sizeof (double), (guint) n);
  s->y = g_array_sized_new (FALSE, FALSE, sizeof (double), (guint) n);
  s->color_index = index;
  s->line = default_formats[index % G_N_ELEMENTS (default_formats)].line;
  s->width = DEFAULT_LINE_WIDTH;
  s->marker = MLP_MARKER_NONE;
  g_ptr_array_add (plot->series, s);
  return s;
}

guint
mlp_plot_add_series (MlpPlot *plot, const char *label, const double *x, const double *y, gsize n)
{
  Series *s;

  g_return_val_if_fail (plot != NULL, 0);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), 0);
  g_return_val_if_fail (n <= G_MAXUINT, 0);
  s = series_new (plot, label, n);
  g_array_append_vals (s->x, x, (guint) n);
  g_array_append_vals (s->y, y, (guint) n);
  return plot->series->len - 1;
}

guint
mlp_plot_add_series_f (MlpPlot *plot, const char *label, const float *x, const float *y, gsize n)
{
  Series *s;

  g_return_val_if_fail (plot != NULL, 0);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), 0);
  g_return_val_if_fail (n <= G_MAXUINT, 0);
  s = series_new (plot, label, n);
  s->from_float = TRUE;
  g_array_set_size (s->x, (guint) n);
  g_array_set_size (s->y, (guint) n);
  for (gsize i = 0; i < n; i++)
    {
      g_array_index (s->x, double, i) = x[i];
      g_array_index (s->y, double, i) = y[i];
    }
  return plot->series->len - 1;
}

static Series *
get_series (MlpPlot *plot, guint series)
{
  g_return_val_if_fail (plot != NULL, NULL);
  g_return_val_if_fail (series < plot->series->len, NULL);
  return plot->series->pdata[series];
}

void
mlp_plot_series_append (MlpPlot *plot, guint series, double x, double y)
{
  Series *s = get_series (plot, series);

  g_return_if_fail (s != NULL);
  g_array_append_val (s->x, x);
  g_array_append_val (s->y, y);
}

void
mlp_plot_series_set_style (MlpPlot *plot, guint series, MlpLineStyle line,
                           const MlpColor *color, double width, MlpMarker marker)
{
  Series *s = get_series (plot, series);

  g_return_if_fail (s != NULL);
  s->line = line;
  if (color != NULL)
    {
      s->color = *color;
      s->has_color = TRUE;
    }
  s->width = width > 0 && isfinite (width) ? width : DEFAULT_LINE_WIDTH;
  s->marker = marker;
}

void
mlp_plot_series_set_color_index (MlpPlot *plot, guint series, guint index)
{
  Series *s = get_series (plot, series);

  g_return_if_fail (s != NULL);
  s->has_color = FALSE;
  s->color_index = index;
}

void
mlp_plot_clear (MlpPlot *plot)
{
  g_return_if_fail (plot != NULL);
  g_ptr_array_set_size (plot->series, 0);
}

guint
mlp_plot_get_n_series (MlpPlot *plot)
{
  g_return_val_if_fail (plot != NULL, 0);
  return plot->series->len;
}

const char *
mlp_plot_series_get_label (MlpPlot *plot, guint series)
{
  Series *s = get_series (plot, series);

  return s != NULL ? s->label : NULL;
}

const double *
mlp_plot_series_get_x (MlpPlot *plot, guint series, gsize *n)
{
  Series *s = get_series (plot, series);

  if (n != NULL)
    *n = s != NULL ? s->x->len : 0;
  return s != NULL ? (const double *) (gpointer) s->x->data : NULL;
}

const double *
mlp_plot_series_get_y (MlpPlot *plot, guint series, gsize *n)
{
  Series *s = get_series (plot, series);

  if (n != NULL)
    *n = s != NULL ? s->y->len : 0;
  return s != NULL ? (const double *) (gpointer) s->y->data : NULL;
}

const char *
mlp_plot_get_title (MlpPlot *plot)
{
  g_return_val_if_fail (plot != NULL, NULL);
  return plot->title;
}

/* -------------------------------------------------------- axes and ticks */

/* the axis' coordinate t: v itself, or log10 v; NAN where a log axis has no
 * place for v (v ≤ 0), ±inf stays ±inf */
static inline double
axis_t (const Axis *a, double v)
{
  if (a->scale == MLP_AXIS_LOG)
    return v > 0 ? log10 (v) : (v == -INFINITY ? -INFINITY : NAN);
  return v;
}

static inline double
axis_v (const Axis *a, double t)
{
  return a->scale == MLP_AXIS_LOG ? pow (10.0, t) : t;
}

static inline double
axis_t_to_p (const Axis *a, double t)
{
  return a->p_lo + (t - a->t_lo) / (a->t_hi - a->t_lo) * (a->p_hi - a->p_lo);
}

static gboolean
limit_valid (const Axis *a, double v)
{
  return isfinite (v) && (a->scale == MLP_AXIS_LINEAR || v > 0);
}

/* Chooses the shown range t_lo … t_hi: the fixed limits, else the data's
 * range plus 5 % on each automatic side (matplotlib's margins). */
static void
axis_autoscale (Axis *a, GPtrArray *series, gboolean is_x)
{
  double dlo = INFINITY, dhi = -INFINITY, lo, hi;
  gboolean fix_lo = limit_valid (a, a->fixed_lo), fix_hi = limit_valid (a, a->fixed_hi);

  for (guint k = 0; k < series->len; k++)
    {
      const Series *s = series->pdata[k];
      const double *v = (const double *) (gpointer) (is_x ? s->x->data : s->y->data);

      for (guint i = 0; i < s->x->len; i++)
        {
          double t = axis_t (a, v[i]);

          if (isfinite (t))
            {
              dlo = MIN (dlo, t);
              dhi = MAX (dhi, t);
            }
        }
    }
  lo = fix_lo ? axis_t (a, a->fixed_lo) : dlo;
  hi = fix_hi ? axis_t (a, a->fixed_hi) : dhi;

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
    {
      /* all values equal, or a fixed end beyond the data: open up the
       * automatic side(s) so the axis has a length */
      double pad = a->scale == MLP_AXIS_LOG ? 1.0 : (lo != 0 ? fabs (lo) * 0.1 : 1.0);

      if (fix_lo && !fix_hi)
        hi = lo + (lo - hi) + 2 * pad;
      else if (fix_hi && !fix_lo)
        lo = hi - (lo - hi) - 2 * pad;
      else
        {
          double mid = (lo + hi) / 2;

          lo = mid - pad;
          hi = mid + pad;
          fix_lo = fix_hi = FALSE;
        }
    }
  {
    double span = hi - lo;

    if (!fix_lo)
      lo -= 0.05 * span;
    if (!fix_hi)
      hi += 0.05 * span;
  }
  a->t_lo = lo;
  a->t_hi = hi;
}

typedef struct {
  double t;            /* in the axis' coordinate */
  gboolean major;      /* minor ticks have no label and no grid line */
  char label[48];      /* Pango markup */
} Tick;

typedef struct {
  Tick  ticks[MAX_TICKS];
  guint n;
} TickSet;

/* 1, 2, 2.5, 5 × 10^k: the smallest at least raw */
static double
nice_step (double raw)
{
  static const double steps[] = { 1, 2, 2.5, 5, 10 };
  double mag = pow (10.0, floor (log10 (raw)));

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * mag >= raw * (1 - 1e-9))
      return steps[i] * mag;
  return 10 * mag;
}

/* "−1.5": Unicode minus sign as matplotlib writes it */
static void
set_tick_label (Tick *tick, const char *number)
{
  if (number[0] == '-')
    g_snprintf (tick->label, sizeof tick->label, "\xe2\x88\x92%s", number + 1);
  else
    g_strlcpy (tick->label, number, sizeof tick->label);
}

/* the shortest %g form that reads back as v within tol */
static void
format_shortest (char *buf, gsize size, double v, double tol)
{
  for (int p = 1; p <= 17; p++)
    {
      char fmt[8];

      g_snprintf (fmt, sizeof fmt, "%%.%dg", p);
      g_ascii_formatd (buf, (int) size, fmt, v);
      if (fabs (g_ascii_strtod (buf, NULL) - v) <= tol)
        return;
    }
}

static void
ticks_linear (TickSet *set, double lo, double hi, guint target)
{
  double vmin = MIN (lo, hi), vmax = MAX (lo, hi);
  double step = nice_step ((vmax - vmin) / MAX (target, 1));
  double k0 = ceil (vmin / step - 1e-9), k1 = floor (vmax / step + 1e-9);
  double biggest = MAX (fabs (k0 * step), fabs (k1 * step));
  int decimals = 0;
  gboolean scientific = biggest >= 1e6 || step < 1e-4;

  while (decimals < 15)
    {
      double scaled = step * pow (10.0, decimals);

      if (fabs (scaled - round (scaled)) <= 1e-6 * scaled)
        break;
      decimals++;
    }
  set->n = 0;
  for (double k = k0; k <= k1 && set->n < MAX_TICKS; k++)
    {
      Tick *tick = &set->ticks[set->n++];
      double v = k * step;
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      if (fabs (v) < step * 1e-9)
        v = 0;   /* not "-0.0" nor 1.3e-17 */
      tick->t = v;
      tick->major = TRUE;
      if (scientific)
        format_shortest (buf, sizeof buf, v, step * 1e-6);
      else
        {
          char fmt[8];

          g_snprintf (fmt, sizeof fmt, "%%.%df", decimals);
          g_ascii_formatd (buf, sizeof buf, fmt, v);
        }
      set_tick_label (tick, buf);
    }
}

/* Log axis, t = log10 v: labelled decades 10^k (every stride-th one when there
 * are many), minor ticks at 2…9 × 10^k or at the skipped decades.  Less than
 * two decades in view: 1, 2, 5 × 10^k, or linear ticks as a last resort. */
static void
ticks_log (TickSet *set, double lo, double hi, guint target, double pixels)
{
  double tmin = MIN (lo, hi), tmax = MAX (lo, hi);
  double k0 = ceil (tmin - 1e-9), k1 = floor (tmax + 1e-9);
  double decades = k1 - k0 + 1;

  set->n = 0;
  if (decades >= 2)
    {
      double stride = decades - 1 <= target ? 1 : ceil (nice_step ((decades - 1) / MAX (target, 1)));
      gboolean minor = stride == 1 && pixels / (tmax - tmin) >= 30;

      for (double k = floor (tmin); k <= k1 && set->n < MAX_TICKS; k++)
        {
          if (k >= k0 && fmod (fabs (k), stride) == 0)
            {
              Tick *tick = &set->ticks[set->n++];
              char buf[24];

              tick->t = k;
              tick->major = TRUE;
              g_snprintf (buf, sizeof buf, "%d", (int) k);
              g_snprintf (tick->label, sizeof tick->label, "10<sup>%s%s</sup>",
                          k < 0 ? "\xe2\x88\x92" : "", k < 0 ? buf + 1 : buf);
            }
          else if (k >= k0 && stride > 1 && stride <= 10)
            {
              Tick *tick = &set->ticks[set->n++];

              tick->t = k;
              tick->major = FALSE;
              tick->label[0] = '\0';
            }
          if (minor)
            for (int m = 2; m <= 9 && set->n < MAX_TICKS; m++)
              {
                double t = k + log10 (m);

                if (t >= tmin && t <= tmax)
                  {
                    Tick *tick = &set->ticks[set->n++];

                    tick->t = t;
                    tick->major = FALSE;
                    tick->label[0] = '\0';
                  }
              }
        }
      return;
    }

  {
    static const int mantissas[] = { 1, 2, 5 };
    guint majors = 0;

    for (double k = floor (tmin); k <= ceil (tmax) && set->n < MAX_TICKS - 3; k++)
      for (guint m = 0; m < G_N_ELEMENTS (mantissas); m++)
        {
          double t = k + log10 (mantissas[m]);

          if (t >= tmin - 1e-9 && t <= tmax + 1e-9)
            {
              Tick *tick = &set->ticks[set->n++];
              char buf[G_ASCII_DTOSTR_BUF_SIZE];
              double v = mantissas[m] * pow (10.0, k);

              tick->t = t;
              tick->major = TRUE;
              format_shortest (buf, sizeof buf, v, v * 1e-9);
              set_tick_label (tick, buf);
              majors++;
            }
        }
    if (majors >= 2)
      return;
  }

  /* a narrow range (3 … 4): linear ticks placed on the log scale */
  {
    TickSet lin;
    double vlo = pow (10.0, tmin), vhi = pow (10.0, tmax);

    ticks_linear (&lin, vlo, vhi, target);
    set->n = 0;
    for (guint i = 0; i < lin.n; i++)
      if (lin.ticks[i].t > 0)
        {
          set->ticks[set->n] = lin.ticks[i];
          set->ticks[set->n].t = log10 (lin.ticks[i].t);
          set->n++;
        }
  }
}

static void
axis_ticks (const Axis *a, TickSet *set, guint target, double pixels)
{
  if (a->scale == MLP_AXIS_LOG)
    ticks_log (set, a->t_lo, a->t_hi, target, pixels);
  else
    ticks_linear (set, a->t_lo, a->t_hi, target);
}

/* ------------------------------------------------------------------ painter */

typedef struct {
  cairo_t              *cr;
  const MlpPlotStyle   *style;
  PangoLayout          *layout;
  PangoFontDescription *font;
  double                fs;      /* font_scale */
} Painter;

static void
painter_init (Painter *p, cairo_t *cr, const MlpPlotStyle *style)
{
  cairo_font_options_t *options = cairo_font_options_create ();
  PangoContext *context;

  p->cr = cr;
  p->style = style;
  p->fs = style->font_scale > 0 && isfinite (style->font_scale) ? style->font_scale : 1.0;
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

static void
painter_clear (Painter *p)
{
  g_clear_object (&p->layout);
  g_clear_pointer (&p->font, pango_font_description_free);
}

static void
painter_text (Painter *p, double size, const char *text, gboolean markup)
{
  pango_font_description_set_absolute_size (p->font, size * p->fs * PANGO_SCALE);
  pango_layout_set_font_description (p->layout, p->font);
  if (markup)
    pango_layout_set_markup (p->layout, text, -1);
  else
    {
      pango_layout_set_attributes (p->layout, NULL);
      pango_layout_set_text (p->layout, text, -1);
    }
}

static void
painter_size (Painter *p, double *w, double *h)
{
  PangoRectangle logical;

  pango_layout_get_extents (p->layout, NULL, &logical);
  *w = logical.width / (double) PANGO_SCALE;
  *h = logical.height / (double) PANGO_SCALE;
}

static double
text_width (Painter *p, double size, const char *text, gboolean markup)
{
  double w, h;

  painter_text (p, size, text, markup);
  painter_size (p, &w, &h);
  return w;
}

static double
text_height (Painter *p, double size)
{
  double w, h;

  painter_text (p, size, "0", FALSE);
  painter_size (p, &w, &h);
  return h;
}

/* shows the layout with the point (ax, ay) of its box (0 … 1 each) at (x, y) */
static void
painter_show (Painter *p, double x, double y, double ax, double ay)
{
  double w, h;

  painter_size (p, &w, &h);
  cairo_move_to (p->cr, x - ax * w, y - ay * h);
  pango_cairo_show_layout (p->cr, p->layout);
}

static void
set_color (cairo_t *cr, const MlpColor *c)
{
  cairo_set_source_rgba (cr, c->r, c->g, c->b, c->a);
}

/* Rounds a user-space coordinate so that a line of user width lw lands on
 * whole device pixels (egg-graph-widget's (gint) x + 0.5, through the CTM so
 * a scaled surface stays crisp).  Rotated or skewed CTMs are left alone. */
static double
snap (cairo_t *cr, double v, double lw, gboolean is_x)
{
  cairo_matrix_t m;
  double scale, offset, d, dw;

  cairo_get_matrix (cr, &m);
  if (m.xy != 0 || m.yx != 0)
    return v;
  scale = is_x ? m.xx : m.yy;
  offset = is_x ? m.x0 : m.y0;
  if (scale == 0)
    return v;
  d = v * scale + offset;
  dw = MAX (1.0, round (fabs (lw * scale)));
  d = ((long) dw % 2 == 1) ? floor (d) + 0.5 : round (d);
  return (d - offset) / scale;
}

/* a line width that covers whole device pixels: n pixels, n ≥ 1 */
static double
snap_width (cairo_t *cr, double lw)
{
  cairo_matrix_t m;
  double scale;

  cairo_get_matrix (cr, &m);
  scale = m.xy == 0 && m.yx == 0 ? fabs (m.xx) : 1;
  if (scale == 0)
    return lw;
  return MAX (1.0, round (lw * scale)) / scale;
}

/* rounds an edge of the data area to a device pixel boundary */
static double
snap_edge (cairo_t *cr, double v, gboolean is_x)
{
  cairo_matrix_t m;
  double scale, offset;

  cairo_get_matrix (cr, &m);
  if (m.xy != 0 || m.yx != 0)
    return v;
  scale = is_x ? m.xx : m.yy;
  offset = is_x ? m.x0 : m.y0;
  if (scale == 0)
    return v;
  return (round (v * scale + offset) - offset) / scale;
}

static void
set_line_style (cairo_t *cr, MlpLineStyle line, double lw)
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

/* ------------------------------------------------------------ series paths */

typedef struct {
  double xmin, ymin, xmax, ymax;
} Rect;

/* Liang–Barsky: clips the segment to r; FALSE when nothing is left */
static gboolean
clip_segment (const Rect *r, double *x0, double *y0, double *x1, double *y1)
{
  double dx = *x1 - *x0, dy = *y1 - *y0, u0 = 0, u1 = 1;
  double p[4] = { -dx, dx, -dy, dy };
  double q[4] = { *x0 - r->xmin, r->xmax - *x0, *y0 - r->ymin, r->ymax - *y0 };

  for (int i = 0; i < 4; i++)
    {
      if (p[i] == 0)
        {
          if (q[i] < 0)
            return FALSE;
          continue;
        }
      {
        double u = q[i] / p[i];

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
    }
  {
    double ax = *x0 + u0 * dx, ay = *y0 + u0 * dy;

    *x1 = *x0 + u1 * dx;
    *y1 = *y0 + u1 * dy;
    *x0 = ax;
    *y0 = ay;
  }
  return TRUE;
}

/* builds a polyline from points in pixels: breaks at non-finite points,
 * hands cairo only what lies within the clip box (cairo's fixed-point
 * coordinates would wrap far outside it) */
typedef struct {
  cairo_t *cr;
  Rect     box;
  gboolean have_last;   /* last point was finite */
  double   lx, ly;
  gboolean pen_down;    /* the path's current point is (penx, peny) */
  double   penx, peny;
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
      double x0 = b->lx, y0 = b->ly, x1 = px, y1 = py;

      if (clip_segment (&b->box, &x0, &y0, &x1, &y1))
        {
          if (!b->pen_down || x0 != b->penx || y0 != b->peny)
            cairo_move_to (b->cr, x0, y0);
          cairo_line_to (b->cr, x1, y1);
          b->pen_down = TRUE;
          b->penx = x1;
          b->peny = y1;
        }
    }
  b->have_last = TRUE;
  b->lx = px;
  b->ly = py;
}

/* Many more points than pixel columns: per run of points in one column keep
 * the first, the lowest, the highest and the last, in their order, so the
 * stroke covers the same pixels (M4 decimation). */
typedef struct {
  PathBuilder *b;
  gboolean     open;
  long         column;
  gsize        first, low, high, last;
  const double *px, *py;
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
    path_point (d->b, d->px[idx[i]], d->py[idx[i]]);
  d->open = FALSE;
}

static void
decimator_point (Decimator *d, gsize i)
{
  double px = d->px[i], py = d->py[i];
  long column;

  if (!isfinite (px) || !isfinite (py) || fabs (px) > 1e9)
    {
      decimator_flush (d);
      path_point (d->b, px, py);
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

/* ------------------------------------------------------------------ render */

typedef struct {
  double *px, *py;    /* the points in pixels (NAN: no place on the axes) */
  gsize   n;
} Mapped;

static void
map_series (MlpPlot *plot, const Series *s, Mapped *m)
{
  const Axis *xa = &plot->xaxis, *ya = &plot->yaxis;
  const double *x = (const double *) (gpointer) s->x->data;
  const double *y = (const double *) (gpointer) s->y->data;

  m->n = s->x->len;
  m->px = g_new (double, m->n * 2 + 1);
  m->py = m->px + m->n;
  for (gsize i = 0; i < m->n; i++)
    {
      double tx = axis_t (xa, x[i]), ty = axis_t (ya, y[i]);

      m->px[i] = isfinite (tx) ? axis_t_to_p (xa, tx) : NAN;
      m->py[i] = isfinite (ty) ? axis_t_to_p (ya, ty) : (isinf (ty) ? ty : NAN);
    }
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

static void
draw_series (MlpPlot *plot, Painter *p, const Series *s, const Mapped *m, gboolean dark)
{
  cairo_t *cr = p->cr;
  MlpColor color = series_color (s, dark);
  double lw = s->width * (p->style->line_scale > 0 ? p->style->line_scale : 1.0);
  double margin = lw * 4 + 2;
  double ax0 = plot->area_x, ay0 = plot->area_y;
  double ax1 = ax0 + plot->area_w, ay1 = ay0 + plot->area_h;
  PathBuilder b = { cr, { ax0 - margin, ay0 - margin, ax1 + margin, ay1 + margin }, FALSE, 0, 0, FALSE, 0, 0 };

  set_color (cr, &color);
  if (s->line != MLP_LINE_NONE && m->n >= 2)
    {
      set_line_style (cr, s->line, lw);
      cairo_new_path (cr);
      if (m->n > 4 * (gsize) MAX (plot->area_w, 1))
        {
          Decimator d = { &b, FALSE, 0, 0, 0, 0, 0, m->px, m->py };

          /* sub-pixel joins are invisible; bevel strokes much faster */
          cairo_set_line_join (cr, CAIRO_LINE_JOIN_BEVEL);
          for (gsize i = 0; i < m->n; i++)
            decimator_point (&d, i);
          decimator_flush (&d);
        }
      else
        for (gsize i = 0; i < m->n; i++)
          path_point (&b, m->px[i], m->py[i]);
      cairo_stroke (cr);
    }

  if (s->marker == MLP_MARKER_CIRCLE)
    {
      double r = 3.0 * (p->style->line_scale > 0 ? p->style->line_scale : 1.0);

      for (gsize i = 0; i < m->n; i++)
        if (isfinite (m->px[i]) && isfinite (m->py[i]) &&
            m->px[i] >= ax0 - r && m->px[i] <= ax1 + r && m->py[i] >= ay0 - r && m->py[i] <= ay1 + r)
          {
            cairo_new_sub_path (cr);
            cairo_arc (cr, m->px[i], m->py[i], r, 0, 2 * G_PI);
          }
      cairo_fill (cr);
    }

  /* ±inf: an arrow where each run of overflow starts, a thin line along the
   * edge while it lasts */
  {
    double size = 7.0 * p->fs;

    for (gsize i = 0; i < m->n; i++)
      {
        gsize j;
        int dir;
        double edge;

        if (!isinf (m->py[i]) || !isfinite (m->px[i]))
          continue;
        /* py holds the data's ±inf here: +inf goes to the end of t_hi */
        edge = (m->py[i] > 0) == (plot->yaxis.t_hi > plot->yaxis.t_lo) ? plot->yaxis.p_hi : plot->yaxis.p_lo;
        dir = edge < (ay0 + ay1) / 2 ? -1 : 1;
        for (j = i; j + 1 < m->n && m->py[j + 1] == m->py[i] && isfinite (m->px[j + 1]); j++)
          ;
        if (m->px[i] >= ax0 && m->px[i] <= ax1)
          {
            draw_overflow_arrow (cr, m->px[i], edge + (dir < 0 ? 1 : -1), dir, size);
            /* say what the arrow means: the value is infinite, not just high */
            painter_text (p, TICK_FONT * 0.85, m->py[i] > 0 ? "inf" : "\xe2\x88\x92inf", FALSE);
            painter_show (p, m->px[i] + size * 0.8, edge + (dir < 0 ? 1 : -1), 0, dir < 0 ? 0 : 1);
          }
        if (j > i)
          {
            cairo_set_dash (cr, NULL, 0, 0);
            cairo_set_line_width (cr, MAX (1.0, lw * 0.75));
            cairo_move_to (cr, CLAMP (m->px[i], ax0, ax1), edge + (dir < 0 ? 1.5 : -1.5));
            cairo_line_to (cr, CLAMP (m->px[j], ax0, ax1), edge + (dir < 0 ? 1.5 : -1.5));
            cairo_stroke (cr);
          }
        i = j;
      }
  }
}

/* segments of the series that cross r: how much the legend would hide;
 * counting stops at limit, where r has already lost to a better place */
static gsize
count_under (const Mapped *maps, guint n_maps, const Rect *r, gsize limit)
{
  gsize count = 0;

  for (guint k = 0; k < n_maps; k++)
    {
      const Mapped *m = &maps[k];

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
              if (clip_segment (r, &x0, &y0, &x1, &y1))
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

static void
draw_legend (MlpPlot *plot, Painter *p, const Mapped *maps, gboolean dark)
{
  cairo_t *cr = p->cr;
  const MlpPlotStyle *style = p->style;
  double fsz = LEGEND_FONT * p->fs, pad = 0.4 * fsz, handle = 2.0 * fsz, gap = 0.8 * fsz;
  double inset = 0.5 * fsz, text_w = 0, row_h, box_w, box_h, bx = 0, by = 0;
  guint n = 0;
  gsize best = G_MAXSIZE;

  for (guint k = 0; k < plot->series->len; k++)
    {
      const Series *s = plot->series->pdata[k];

      if (s->label != NULL && s->label[0] != '\0')
        {
          text_w = MAX (text_w, text_width (p, LEGEND_FONT, s->label, FALSE));
          n++;
        }
    }
  if (n == 0)
    return;
  row_h = text_height (p, LEGEND_FONT) * 1.15;
  box_w = pad + handle + gap * 0.6 + text_w + pad * 1.5;
  box_h = 2 * pad + n * row_h;

  /* matplotlib's loc='best': the first of these places with the fewest
   * points and segments of data underneath */
  {
    const double fx[] = { 1, 0, 0, 1, 0.5, 0.5 };   /* upper right, upper left, lower left, */
    const double fy[] = { 0, 0, 1, 1, 0, 1 };       /* lower right, upper/lower center */

    for (guint c = 0; c < G_N_ELEMENTS (fx); c++)
      {
        double x = plot->area_x + inset + fx[c] * (plot->area_w - 2 * inset - box_w);
        double y = plot->area_y + inset + fy[c] * (plot->area_h - 2 * inset - box_h);
        Rect r = { x, y, x + box_w, y + box_h };
        gsize under = count_under (maps, plot->series->len, &r, best);

        if (under < best)
          {
            best = under;
            bx = x;
            by = y;
          }
        if (under == 0)
          break;
      }
  }

  bx = snap (cr, bx, 1, TRUE);
  by = snap (cr, by, 1, FALSE);
  rounded_rect (cr, bx, by, box_w, box_h, 0.2 * fsz);
  {
    MlpColor bg = style->background;

    if (bg.a == 0)   /* a transparent figure (the widget): the theme's window */
      bg = dark ? style_dark.background : style_light.background;
    cairo_set_source_rgba (cr, bg.r, bg.g, bg.b, 0.8);
  }
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, style->foreground.r, style->foreground.g, style->foreground.b,
                         0.2 * style->foreground.a);
  cairo_set_line_width (cr, snap_width (cr, 1));
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_stroke (cr);

  {
    double y = by + pad;

    for (guint k = 0; k < plot->series->len; k++)
      {
        const Series *s = plot->series->pdata[k];
        MlpColor color;
        double cy = y + row_h / 2;
        double lw = s->width * (style->line_scale > 0 ? style->line_scale : 1.0);

        if (s->label == NULL || s->label[0] == '\0')
          continue;
        color = series_color (s, dark);
        set_color (cr, &color);
        if (s->line != MLP_LINE_NONE)
          {
            set_line_style (cr, s->line, lw);
            cairo_move_to (cr, bx + pad, cy);
            cairo_line_to (cr, bx + pad + handle, cy);
            cairo_stroke (cr);
          }
        if (s->marker == MLP_MARKER_CIRCLE)
          {
            cairo_arc (cr, bx + pad + handle / 2, cy, 3.0 * (style->line_scale > 0 ? style->line_scale : 1.0), 0, 2 * G_PI);
            cairo_fill (cr);
          }
        set_color (cr, &style->foreground);
        painter_text (p, LEGEND_FONT, s->label, FALSE);
        painter_show (p, bx + pad + handle + gap * 0.6, cy, 0, 0.5);
        y += row_h;
      }
  }
}

/* tick label target counts from the axis' length (matplotlib's MaxNLocator
 * with nbins='auto': at most 9, fewer on a short axis) */
static guint
tick_target (double pixels, double per_tick)
{
  return (guint) CLAMP (floor (pixels / per_tick), 2, 9);
}

/* ---------------------------------------------------------------- heat map */

static char **
copy_labels (const char *const *labels, guint n)
{
  char **out;

  if (labels == NULL)
    return NULL;
  out = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    out[i] = g_strdup (labels[i] ? labels[i] : "");
  return out;
}

void
mlp_plot_set_heatmap (MlpPlot *plot, const double *values, guint rows, guint cols,
                      const char *const *row_labels, const char *const *col_labels)
{
  g_return_if_fail (plot != NULL && values != NULL && rows > 0 && cols > 0 && rows <= 256 && cols <= 256);

  g_free (plot->heat);
  g_strfreev (plot->heat_row_labels);
  g_strfreev (plot->heat_col_labels);
  plot->heat = g_memdup2 (values, (gsize) rows * cols * sizeof (double));
  plot->heat_rows = rows;
  plot->heat_cols = cols;
  plot->heat_row_labels = copy_labels (row_labels, rows);
  plot->heat_col_labels = copy_labels (col_labels, cols);
}

const double *
mlp_plot_get_heatmap (MlpPlot *plot, guint *rows, guint *cols)
{
  if (rows)
    *rows = plot->heat_rows;
  if (cols)
    *cols = plot->heat_cols;
  return plot->heat;
}

/* matplotlib's 'Blues' between its ends: #f7fbff (0) … #08306b (1) */
static void
blues (double t, double *r, double *g, double *b)
{
  t = CLAMP (t, 0.0, 1.0);
  *r = (0xf7 + (0x08 - 0xf7) * t) / 255.0;
  *g = (0xfb + (0x30 - 0xfb) * t) / 255.0;
  *b = (0xff + (0x6b - 0xff) * t) / 255.0;
}

static void
render_heatmap (MlpPlot *plot, cairo_t *cr, double width, double height, const MlpPlotStyle *style)
{
  Painter p;
  double fs = 10.0, lw = 0, lh = 0, cw = 0, ch, top, left, aw, ah, cell_w, cell_h, fpx;
  double vmax = 0;
  guint R = plot->heat_rows, C = plot->heat_cols;

  painter_init (&p, cr, style);
  fpx = fs * p.fs;   /* the font size in user units */
  for (guint i = 0; i < R * C; i++)
    if (isfinite (plot->heat[i]))
      vmax = MAX (vmax, plot->heat[i]);
  for (guint r = 0; plot->heat_row_labels && r < R; r++)
    lw = MAX (lw, text_width (&p, fs * 0.9, plot->heat_row_labels[r], FALSE));
  for (guint c = 0; plot->heat_col_labels && c < C; c++)
    cw = MAX (cw, text_width (&p, fs * 0.9, plot->heat_col_labels[c], FALSE));
  lh = text_height (&p, fs);
  top = (plot->title ? 2.2 * lh : 0.8 * lh);
  left = lw + 0.8 * lh + (plot->yaxis.label ? 1.6 * lh : 0);
  ch = cw * 0.75 + 0.8 * lh + (plot->xaxis.label ? 1.6 * lh : 0);   /* column labels are slanted */
  aw = MAX (width - left - 0.8 * lh, 10);
  ah = MAX (height - top - ch, 10);
  cell_w = aw / C;
  cell_h = ah / R;
  plot->area_x = left;
  plot->area_y = top;
  plot->area_w = aw;
  plot->area_h = ah;

  for (guint r = 0; r < R; r++)
    for (guint c = 0; c < C; c++)
      {
        double v = plot->heat[r * C + c], t = vmax > 0 && isfinite (v) ? v / vmax : 0, cr_, cg, cb;
        char buf[32];

        blues (t, &cr_, &cg, &cb);
        cairo_set_source_rgb (cr, cr_, cg, cb);
        cairo_rectangle (cr, left + c * cell_w, top + r * cell_h, cell_w, cell_h);
        cairo_fill (cr);
        if (cell_w > 2.2 * fpx * 0.8 && cell_h > fpx)
          {
            MlpColor text = t > 0.5 ? (MlpColor) { 1, 1, 1, 1 } : (MlpColor) { 0.1, 0.1, 0.1, 1 };

            g_ascii_formatd (buf, sizeof buf, v == floor (v) ? "%.0f" : "%.2g", v);
            set_color (cr, &text);
            painter_text (&p, fs * 0.8, buf, FALSE);
            painter_show (&p, left + (c + 0.5) * cell_w, top + (r + 0.5) * cell_h, 0.5, 0.5);
          }
      }
  set_color (cr, &style->foreground);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, left, top, aw, ah);
  cairo_stroke (cr);
  for (guint r = 0; plot->heat_row_labels && r < R; r++)
    {
      painter_text (&p, fs * 0.9, plot->heat_row_labels[r], FALSE);
      painter_show (&p, left - 0.4 * lh, top + (r + 0.5) * cell_h, 1.0, 0.5);
    }
  for (guint c = 0; plot->heat_col_labels && c < C; c++)
    {
      cairo_save (cr);
      cairo_translate (cr, left + (c + 0.5) * cell_w, top + ah + 0.3 * lh);
      cairo_rotate (cr, G_PI / 4);
      painter_text (&p, fs * 0.9, plot->heat_col_labels[c], FALSE);
      painter_show (&p, 0, 0, 0.0, 0.5);
      cairo_restore (cr);
    }
  if (plot->title)
    {
      painter_text (&p, fs * 1.1, plot->title, FALSE);
      painter_show (&p, left + aw / 2, 0.4 * lh, 0.5, 0.0);
    }
  if (plot->xaxis.label)
    {
      painter_text (&p, fs, plot->xaxis.label, FALSE);
      painter_show (&p, left + aw / 2, height - 0.3 * lh, 0.5, 1.0);
    }
  if (plot->yaxis.label)
    {
      cairo_save (cr);
      cairo_translate (cr, 0.3 * lh, top + ah / 2);
      cairo_rotate (cr, -G_PI / 2);
      painter_text (&p, fs, plot->yaxis.label, FALSE);
      painter_show (&p, 0, 0, 0.5, 0.0);
      cairo_restore (cr);
    }
  painter_clear (&p);
}

void
mlp_plot_set_images (MlpPlot *plot, const float *pixels, guint n, guint h, guint w,
                     const char *const *captions, gboolean signed_values)
{
  g_return_if_fail (plot != NULL && pixels != NULL && n > 0 && n <= 4096 && h > 0 && w > 0 && h <= 256 && w <= 256);

  g_free (plot->images);
  g_strfreev (plot->image_captions);
  plot->images = g_memdup2 (pixels, (gsize) n * h * w * sizeof (float));
  plot->n_images = n;
  plot->image_h = h;
  plot->image_w = w;
  plot->image_captions = copy_labels (captions, n);
  plot->images_signed = signed_values;
}

guint
mlp_plot_get_n_images (MlpPlot *plot)
{
  return plot->images ? plot->n_images : 0;
}

/* each image drawn as a block of square pixels, scaled without smoothing */
static void
render_images (MlpPlot *plot, cairo_t *cr, double width, double height, const MlpPlotStyle *style)
{
  Painter p;
  guint n = plot->n_images, h = plot->image_h, w = plot->image_w;
  double fs = 10.0, lh, top, cap_h, cell, best = 0;
  guint cols = 1, best_cols = 1;
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) w, (int) h);
  int stride = cairo_image_surface_get_stride (img);

  painter_init (&p, cr, style);
  lh = text_height (&p, fs);
  {
    guint lines = 0;

    for (guint k = 0; plot->image_captions && k < n; k++)
      {
        guint l = 1;

        for (const char *c = plot->image_captions[k]; *c; c++)
          l += *c == '\n';
        lines = MAX (lines, l);
      }
    cap_h = lines ? (lines * 0.9 + 0.3) * lh : 0.2 * lh;
  }
  top = plot->title ? 2.0 * lh : 0.4 * lh;
  /* the number of columns that makes the images largest */
  for (cols = 1; cols <= n; cols++)
    {
      guint rows = (n + cols - 1) / cols;
      double size = MIN ((width - 4) / cols, (height - top) / rows - cap_h) - 4;

      if (size > best)
        {
          best = size;
          best_cols = cols;
        }
    }
  cols = best_cols;
  cell = MAX (best, 4);

  for (guint k = 0; k < n; k++)
    {
      const float *src = plot->images + (gsize) k * h * w;
      guint8 *dst;
      double scale = 0, x0 = 2 + (k % cols) * (cell + 4), y0 = top + (k / cols) * (cell + 4 + cap_h);
      cairo_pattern_t *pattern;
      cairo_matrix_t m;

      for (guint i = 0; i < h * w; i++)
        scale = MAX (scale, fabs (src[i]));
      cairo_surface_flush (img);
      dst = cairo_image_surface_get_data (img);
      for (guint y = 0; y < h; y++)
        for (guint x = 0; x < w; x++)
          {
            double v = src[y * w + x], r, g, b;
            guint32 *q = (guint32 *) (dst + y * stride) + x;

            if (plot->images_signed)
              {
                double t = scale > 0 ? v / scale : 0;   /* −1 … 1 */

                r = t < 0 ? 1 + t : 1;
                g = 1 - fabs (t);
                b = t > 0 ? 1 - t : 1;
              }
            else
              r = g = b = CLAMP (v, 0.0, 1.0);
            *q = ((guint32) (r * 255) << 16) | ((guint32) (g * 255) << 8) | (guint32) (b * 255);
          }
      cairo_surface_mark_dirty (img);
      cairo_save (cr);
      cairo_rectangle (cr, x0, y0, cell, cell);
      cairo_clip (cr);
      pattern = cairo_pattern_create_for_surface (img);
      cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
      cairo_matrix_init_scale (&m, w / cell, h / cell);
      cairo_matrix_translate (&m, -x0, -y0);
      cairo_pattern_set_matrix (pattern, &m);
      cairo_set_source (cr, pattern);
      cairo_paint (cr);
      cairo_pattern_destroy (pattern);
      cairo_restore (cr);
      if (plot->image_captions)
        {
          /* each line fits under its image or ends in an ellipsis */
          set_color (cr, &style->foreground);
          painter_text (&p, fs * 0.8, plot->image_captions[k], FALSE);
          pango_layout_set_width (p.layout, (int) (cell * PANGO_SCALE));
          pango_layout_set_ellipsize (p.layout, PANGO_ELLIPSIZE_END);
          pango_layout_set_alignment (p.layout, PANGO_ALIGN_CENTER);
          painter_show (&p, x0, y0 + cell + 0.1 * lh, 0.0, 0.0);
          pango_layout_set_width (p.layout, -1);
          pango_layout_set_ellipsize (p.layout, PANGO_ELLIPSIZE_NONE);
          pango_layout_set_alignment (p.layout, PANGO_ALIGN_LEFT);
        }
    }
  if (plot->title)
    {
      set_color (cr, &style->foreground);
      painter_text (&p, fs * 1.1, plot->title, FALSE);
      painter_show (&p, width / 2, 0.3 * lh, 0.5, 0.0);
    }
  cairo_surface_destroy (img);
  painter_clear (&p);
}

void
mlp_plot_render (MlpPlot *plot, cairo_t *cr, double width, double height, const MlpPlotStyle *style)
{
  Painter p;
  Axis *xa, *ya;
  TickSet xt, yt;
  double tick_h, label_h, title_h = 0, ylabel_w = 0, ytick_w = 0;
  double top, bottom, left, right, tick_len, tick_pad, outer;
  double grid_w, spine_w;
  gboolean dark;
  Mapped *maps;

  g_return_if_fail (plot != NULL);
  g_return_if_fail (cr != NULL);
  if (!(width > 0 && height > 0 && isfinite (width) && isfinite (height)))
    return;
  if (style == NULL)
    style = &style_light;
  dark = style_is_dark (style);
  xa = &plot->xaxis;
  ya = &plot->yaxis;

  cairo_save (cr);
  if (style->background.a > 0)
    {
      set_color (cr, &style->background);
      cairo_rectangle (cr, 0, 0, width, height);
      cairo_fill (cr);
    }
  if (plot->images != NULL)
    {
      render_images (plot, cr, width, height, style);
      plot->rendered = FALSE;
      cairo_restore (cr);
      return;
    }
  if (plot->heat != NULL)
    {
      render_heatmap (plot, cr, width, height, style);
      plot->rendered = FALSE;   /* no data coordinates to map */
      cairo_restore (cr);
      return;
    }

  painter_init (&p, cr, style);
  tick_len = TICK_LENGTH * p.fs;
  tick_pad = TICK_PAD * p.fs;
  outer = 0.6 * LABEL_FONT * p.fs;
  tick_h = text_height (&p, TICK_FONT);
  label_h = text_height (&p, LABEL_FONT);
  if (plot->title != NULL && plot->title[0] != '\0')
    {
      painter_text (&p, TITLE_FONT, plot->title, FALSE);
      painter_size (&p, &(double) { 0 }, &title_h);
    }

  axis_autoscale (xa, plot->series, TRUE);
  axis_autoscale (ya, plot->series, FALSE);

  /* the area's height: title above, tick labels and the x label below */
  top = title_h > 0 ? outer * 0.6 + title_h + 0.5 * LABEL_FONT * p.fs : outer + tick_h / 2;
  bottom = tick_len + tick_pad + tick_h + outer * 0.7;
  if (xa->label != NULL && xa->label[0] != '\0')
    bottom += label_h + 0.15 * LABEL_FONT * p.fs;
  plot->area_y = snap_edge (cr, top, FALSE);
  plot->area_h = MAX (1.0, snap_edge (cr, height - bottom, FALSE) - plot->area_y);
  ya->p_lo = plot->area_y + plot->area_h;
  ya->p_hi = plot->area_y;
  axis_ticks (ya, &yt, tick_target (plot->area_h, 2.6 * TICK_FONT * p.fs), plot->area_h);

  /* the left margin from the y tick labels' width and the y label */
  for (guint i = 0; i < yt.n; i++)
    if (yt.ticks[i].major)
      ytick_w = MAX (ytick_w, text_width (&p, TICK_FONT, yt.ticks[i].label, TRUE));
  if (ya->label != NULL && ya->label[0] != '\0')
    ylabel_w = label_h + 0.4 * LABEL_FONT * p.fs;
  left = outer + ylabel_w + ytick_w + tick_pad + tick_len;
  right = outer * 1.2;
  plot->area_x = snap_edge (cr, left, TRUE);

  /* x ticks: as many as fit without labels touching; widen the right margin
   * when the last label would be cut */
  for (int pass = 0; pass < 2; pass++)
    {
      guint target;

      plot->area_w = MAX (1.0, snap_edge (cr, width - right, TRUE) - plot->area_x);
      xa->p_lo = plot->area_x;
      xa->p_hi = plot->area_x + plot->area_w;
      for (target = tick_target (plot->area_w, 4.5 * TICK_FONT * p.fs); ; target--)
        {
          double widest = 0, spacing = G_MAXDOUBLE, last = -G_MAXDOUBLE;
          guint majors = 0;

          axis_ticks (xa, &xt, target, plot->area_w);
          for (guint i = 0; i < xt.n; i++)
            if (xt.ticks[i].major)
              {
                double px = axis_t_to_p (xa, xt.ticks[i].t);

                widest = MAX (widest, text_width (&p, TICK_FONT, xt.ticks[i].label, TRUE));
                if (majors++ > 0)
                  spacing = MIN (spacing, fabs (px - last));
                last = px;
              }
          if (target <= 1 || widest + 0.8 * TICK_FONT * p.fs <= spacing)
            break;
        }
      if (pass == 0)
        {
          double need = 0;

          for (guint i = 0; i < xt.n; i++)
            if (xt.ticks[i].major)
              {
                double px = axis_t_to_p (xa, xt.ticks[i].t);
                double half = text_width (&p, TICK_FONT, xt.ticks[i].label, TRUE) / 2;

                need = MAX (need, px + half - (width - outer * 0.5));
              }
          if (need <= 0)
            break;
          right += need;
        }
    }

  grid_w = snap_width (cr, 1.0 * MAX (1.0, style->line_scale * 0.8));
  spine_w = snap_width (cr, 1.0 * MAX (1.0, style->line_scale * 0.8));

  /* grid, under the data */
  if (plot->grid)
    {
      set_color (cr, &style->grid);
      cairo_set_line_width (cr, grid_w);
      for (guint i = 0; i < xt.n; i++)
        if (xt.ticks[i].major)
          {
            double px = snap (cr, axis_t_to_p (xa, xt.ticks[i].t), grid_w, TRUE);

            if (px > plot->area_x + 0.5 && px < plot->area_x + plot->area_w - 0.5)
              {
                cairo_move_to (cr, px, plot->area_y);
                cairo_line_to (cr, px, plot->area_y + plot->area_h);
              }
          }
      for (guint i = 0; i < yt.n; i++)
        if (yt.ticks[i].major)
          {
            double py = snap (cr, axis_t_to_p (ya, yt.ticks[i].t), grid_w, FALSE);

            if (py > plot->area_y + 0.5 && py < plot->area_y + plot->area_h - 0.5)
              {
                cairo_move_to (cr, plot->area_x, py);
                cairo_line_to (cr, plot->area_x + plot->area_w, py);
              }
          }
      cairo_stroke (cr);
    }

  /* the series, clipped to the data area */
  plot->rendered = TRUE;
  maps = g_new0 (Mapped, MAX (plot->series->len, 1));
  for (guint k = 0; k < plot->series->len; k++)
    map_series (plot, plot->series->pdata[k], &maps[k]);
  cairo_save (cr);
  cairo_rectangle (cr, plot->area_x, plot->area_y, plot->area_w, plot->area_h);
  cairo_clip (cr);
  for (guint k = 0; k < plot->series->len; k++)
    draw_series (plot, &p, plot->series->pdata[k], &maps[k], dark);
  cairo_restore (cr);

  /* spines: a box; ticks outside on the left and the bottom */
  set_color (cr, &style->foreground);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_SQUARE);
  cairo_set_line_width (cr, spine_w);
  {
    double x0 = snap (cr, plot->area_x, spine_w, TRUE);
    double x1 = snap (cr, plot->area_x + plot->area_w - spine_w, spine_w, TRUE);
    double y0 = snap (cr, plot->area_y, spine_w, FALSE);
    double y1 = snap (cr, plot->area_y + plot->area_h - spine_w, spine_w, FALSE);

    cairo_rectangle (cr, x0, y0, x1 - x0, y1 - y0);
    cairo_stroke (cr);
    cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);

    for (guint i = 0; i < xt.n; i++)
      {
        double px = axis_t_to_p (xa, xt.ticks[i].t);
        double len = xt.ticks[i].major ? tick_len : tick_len * 0.55;

        if (px < plot->area_x - 0.5 || px > plot->area_x + plot->area_w + 0.5)
          continue;
        px = snap (cr, CLAMP (px, plot->area_x, plot->area_x + plot->area_w - spine_w), spine_w, TRUE);
        cairo_move_to (cr, px, y1);
        cairo_line_to (cr, px, y1 + len);
      }
    for (guint i = 0; i < yt.n; i++)
      {
        double py = axis_t_to_p (ya, yt.ticks[i].t);
        double len = yt.ticks[i].major ? tick_len : tick_len * 0.55;

        if (py < plot->area_y - 0.5 || py > plot->area_y + plot->area_h + 0.5)
          continue;
        py = snap (cr, CLAMP (py, plot->area_y, plot->area_y + plot->area_h - spine_w), spine_w, FALSE);
        cairo_move_to (cr, x0, py);
        cairo_line_to (cr, x0 - len, py);
      }
    cairo_stroke (cr);
  }

  /* tick labels */
  for (guint i = 0; i < xt.n; i++)
    if (xt.ticks[i].major)
      {
        double px = axis_t_to_p (xa, xt.ticks[i].t);

        if (px < plot->area_x - 0.5 || px > plot->area_x + plot->area_w + 0.5)
          continue;
        painter_text (&p, TICK_FONT, xt.ticks[i].label, TRUE);
        painter_show (&p, px, plot->area_y + plot->area_h + tick_len + tick_pad * 0.6, 0.5, 0);
      }
  for (guint i = 0; i < yt.n; i++)
    if (yt.ticks[i].major)
      {
        double py = axis_t_to_p (ya, yt.ticks[i].t);

        if (py < plot->area_y - 0.5 || py > plot->area_y + plot->area_h + 0.5)
          continue;
        painter_text (&p, TICK_FONT, yt.ticks[i].label, TRUE);
        painter_show (&p, plot->area_x - tick_len - tick_pad, py, 1, 0.5);
      }

  /* axis labels and title */
  if (xa->label != NULL && xa->label[0] != '\0')
    {
      painter_text (&p, LABEL_FONT, xa->label, FALSE);
      painter_show (&p, plot->area_x + plot->area_w / 2,
                    plot->area_y + plot->area_h + tick_len + tick_pad + tick_h + 0.15 * LABEL_FONT * p.fs,
                    0.5, 0);
    }
  if (ya->label != NULL && ya->label[0] != '\0')
    {
      cairo_save (cr);
      cairo_translate (cr, outer, plot->area_y + plot->area_h / 2);
      cairo_rotate (cr, -G_PI / 2);
      pango_cairo_update_layout (cr, p.layout);
      painter_text (&p, LABEL_FONT, ya->label, FALSE);
      painter_show (&p, 0, 0, 0.5, 0);
      cairo_restore (cr);
      pango_cairo_update_layout (cr, p.layout);
    }
  if (title_h > 0)
    {
      painter_text (&p, TITLE_FONT, plot->title, FALSE);
      painter_show (&p, plot->area_x + plot->area_w / 2, plot->area_y - 0.5 * LABEL_FONT * p.fs, 0.5, 1);
    }

  if (plot->legend)
    draw_legend (plot, &p, maps, dark);

  for (guint k = 0; k < plot->series->len; k++)
    g_free (maps[k].px);
  g_free (maps);
  painter_clear (&p);
  cairo_restore (cr);
}

/* ----------------------------------------------------------------- queries */

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
  tx = axis_t (&plot->xaxis, x);
  ty = axis_t (&plot->yaxis, y);
  if (!isfinite (tx) || !isfinite (ty))
    return FALSE;
  if (px != NULL)
    *px = axis_t_to_p (&plot->xaxis, tx);
  if (py != NULL)
    *py = axis_t_to_p (&plot->yaxis, ty);
  return TRUE;
}

gboolean
mlp_plot_pixel_to_data (MlpPlot *plot, double px, double py, double *x, double *y)
{
  const Axis *xa, *ya;

  g_return_val_if_fail (plot != NULL, FALSE);
  if (!plot->rendered || !isfinite (px) || !isfinite (py))
    return FALSE;
  xa = &plot->xaxis;
  ya = &plot->yaxis;
  if (x != NULL)
    *x = axis_v (xa, xa->t_lo + (px - xa->p_lo) / (xa->p_hi - xa->p_lo) * (xa->t_hi - xa->t_lo));
  if (y != NULL)
    *y = axis_v (ya, ya->t_lo + (py - ya->p_lo) / (ya->p_hi - ya->p_lo) * (ya->t_hi - ya->t_lo));
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
      const Series *s = plot->series->pdata[k];

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

/* --------------------------------------------------------------------- CSV */

/* the shortest decimal that reads back as the same float or double */
static void
csv_number (GString *out, double v, gboolean from_float)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (isnan (v))
    {
      g_string_append (out, "nan");
      return;
    }
  if (isinf (v))
    {
      g_string_append (out, v > 0 ? "inf" : "-inf");
      return;
    }
  for (int p = 1; p <= 17; p++)
    {
      char fmt[8];
      double back;

      g_snprintf (fmt, sizeof fmt, "%%.%dg", p);
      g_ascii_formatd (buf, sizeof buf, fmt, v);
      back = g_ascii_strtod (buf, NULL);
      if (from_float ? (float) back == (float) v : back == v)
        break;
    }
  g_string_append (out, buf);
}

/* RFC 4180: quoted when it holds a comma, a quote or a line break */
static void
csv_field (GString *out, const char *s)
{
  if (strpbrk (s, ",\"\r\n") == NULL)
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

static char *
series_name (MlpPlot *plot, guint k)
{
  const Series *s = plot->series->pdata[k];

  if (s->label != NULL && s->label[0] != '\0')
    return g_strdup (s->label);
  return plot->series->len == 1 ? g_strdup ("y") : g_strdup_printf ("y%u", k + 1);
}

/**
 * mlp_plot_to_csv:
 *
 * Returns: (transfer full): the series as CSV text
 */
char *
mlp_plot_to_csv (MlpPlot *plot)
{
  if (plot->images != NULL)
    {
      GString *m = g_string_new ("image,caption");
      gsize px = (gsize) plot->image_h * plot->image_w;

      for (gsize q = 0; q < px; q++)
        g_string_append_printf (m, ",p%" G_GSIZE_FORMAT, q);
      g_string_append_c (m, '\n');
      for (guint k = 0; k < plot->n_images; k++)
        {
          g_string_append_printf (m, "%u,", k + 1);
          csv_field (m, plot->image_captions ? plot->image_captions[k] : "");
          for (gsize q = 0; q < px; q++)
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];

              g_string_append_printf (m, ",%s", g_ascii_formatd (buf, sizeof buf, "%.6g", plot->images[k * px + q]));
            }
          g_string_append_c (m, '\n');
        }
      return g_string_free (m, FALSE);
    }

  if (plot->heat != NULL)
    {
      GString *m = g_string_new ("");

      for (guint c = 0; c < plot->heat_cols; c++)
        {
          g_string_append_c (m, ',');
          csv_field (m, plot->heat_col_labels ? plot->heat_col_labels[c] : "");
        }
      g_string_append_c (m, '\n');
      for (guint r = 0; r < plot->heat_rows; r++)
        {
          csv_field (m, plot->heat_row_labels ? plot->heat_row_labels[r] : "");
          for (guint c = 0; c < plot->heat_cols; c++)
            {
              char buf[G_ASCII_DTOSTR_BUF_SIZE];

              g_string_append_printf (m, ",%s", g_ascii_formatd (buf, sizeof buf, "%.9g", plot->heat[r * plot->heat_cols + c]));
            }
          g_string_append_c (m, '\n');
        }
      return g_string_free (m, FALSE);
    }

  GString *out = g_string_new (NULL);
  gboolean shared = TRUE;
  const Series *first;

  g_return_val_if_fail (plot != NULL, NULL);
  if (plot->series->len == 0)
    return g_string_free (out, FALSE);
  first = plot->series->pdata[0];
  for (guint k = 1; k < plot->series->len && shared; k++)
    {
      const Series *s = plot->series->pdata[k];

      shared = s->x->len == first->x->len &&
               memcmp (s->x->data, first->x->data, s->x->len * sizeof (double)) == 0;
    }

  if (shared)
    {
      gboolean from_float = TRUE;

      g_string_append (out, "x");
      for (guint k = 0; k < plot->series->len; k++)
        {
          g_autofree char *name = series_name (plot, k);

          g_string_append_c (out, ',');
          csv_field (out, name);
          from_float &= ((const Series *) plot->series->pdata[k])->from_float;
        }
      g_string_append_c (out, '\n');
      for (guint i = 0; i < first->x->len; i++)
        {
          csv_number (out, g_array_index (first->x, double, i), from_float);
          for (guint k = 0; k < plot->series->len; k++)
            {
              const Series *s = plot->series->pdata[k];

              g_string_append_c (out, ',');
              csv_number (out, g_array_index (s->y, double, i), s->from_float);
            }
          g_string_append_c (out, '\n');
        }
      return g_string_free (out, FALSE);
    }

  g_string_append (out, "series,x,y\n");
  for (guint k = 0; k < plot->series->len; k++)
    {
      const Series *s = plot->series->pdata[k];
      g_autofree char *name = series_name (plot, k);

      for (guint i = 0; i < s->x->len; i++)
        {
          csv_field (out, name);
          g_string_append_c (out, ',');
          csv_number (out, g_array_index (s->x, double, i), s->from_float);
          g_string_append_c (out, ',');
          csv_number (out, g_array_index (s->y, double, i), s->from_float);
          g_string_append_c (out, '\n');
        }
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------ export */

gboolean
mlp_plot_format_from_path (const char *path, MlpPlotFormat *format)
{
  static const struct {
    const char   *ext;
    MlpPlotFormat format;
  } formats[] = {
    { "png", MLP_PLOT_FORMAT_PNG },
    { "svg", MLP_PLOT_FORMAT_SVG },
    { "pdf", MLP_PLOT_FORMAT_PDF },
    { "csv", MLP_PLOT_FORMAT_CSV },
  };
  const char *dot, *slash;

  g_return_val_if_fail (path != NULL, FALSE);
  dot = strrchr (path, '.');
  slash = strrchr (path, G_DIR_SEPARATOR);
  if (dot == NULL || (slash != NULL && dot < slash))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (dot + 1, formats[i].ext) == 0)
      {
        if (format != NULL)
          *format = formats[i].format;
        return TRUE;
      }
  return FALSE;
}

typedef struct {
  int fd;
  int saved_errno;    /* 0 while every write succeeded */
} Writer;

static cairo_status_t
writer_write (void *closure, const unsigned char *data, unsigned int length)
{
  Writer *w = closure;

  while (length > 0)
    {
      ssize_t n = write (w->fd, data, length);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          w->saved_errno = errno;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += n;
      length -= (unsigned int) n;
    }
  return CAIRO_STATUS_SUCCESS;
}

static gboolean
set_cairo_error (cairo_status_t status, const Writer *w, const char *path, GError **error)
{
  if (status == CAIRO_STATUS_SUCCESS && w->saved_errno == 0)
    return TRUE;
  g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "Could not write “%s”: %s", path,
               w->saved_errno != 0 ? g_strerror (w->saved_errno) : cairo_status_to_string (status));
  return FALSE;
}

static gboolean
write_surface (MlpPlot *plot, MlpPlotFormat format, Writer *w, const char *path,
               double width, double height, double dpi, const MlpPlotStyle *style, GError **error)
{
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  if (format == MLP_PLOT_FORMAT_PNG)
    {
      double scale = dpi / 96.0;
      int pw = (int) lround (width * scale), ph = (int) lround (height * scale);

      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (pw, 1), MAX (ph, 1));
      cr = cairo_create (surface);
      cairo_scale (cr, scale, scale);
    }
  else
    {
      if (format == MLP_PLOT_FORMAT_SVG)
        surface = cairo_svg_surface_create_for_stream (writer_write, w, width, height);
      else
        surface = cairo_pdf_surface_create_for_stream (writer_write, w, width, height);
      cr = cairo_create (surface);
    }
  mlp_plot_render (plot, cr, width, height, style);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == MLP_PLOT_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, writer_write, w);
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return set_cairo_error (status, w, path, error);
}

gboolean
mlp_plot_export (MlpPlot *plot, const char *path, MlpPlotFormat format,
                 double width, double height, double dpi,
                 const MlpPlotStyle *style, GError **error)
{
  g_autofree char *dir = NULL, *base = NULL, *tmp = NULL;
  Writer w = { -1, 0 };
  gboolean ok;

  g_return_val_if_fail (plot != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (format == MLP_PLOT_FORMAT_AUTO && !mlp_plot_format_from_path (path, &format))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "Could not write “%s”: unknown file type (use .png, .svg, .pdf or .csv)", path);
      return FALSE;
    }
  if (!(width >= 1 && height >= 1 && width <= 100000 && height <= 100000 &&
        dpi >= 1 && dpi <= 10000))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "Could not write “%s”: the size %g × %g at %g dpi is out of range",
                   path, width, height, dpi);
      return FALSE;
    }
  if (format == MLP_PLOT_FORMAT_PNG &&
      (lround (width * dpi / 96) > MAX_IMAGE_SIDE || lround (height * dpi / 96) > MAX_IMAGE_SIDE))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "Could not write “%s”: %ld × %ld pixels is larger than a PNG can be here (%d)",
                   path, lround (width * dpi / 96), lround (height * dpi / 96), MAX_IMAGE_SIDE);
      return FALSE;
    }

  /* a hidden temporary file next to the target, renamed over it at the end:
   * a crash or a full disk never leaves half a figure under the real name */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  w.fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (w.fd < 0)
    {
      int saved = errno;

      g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "Could not write “%s”: %s", path, g_strerror (saved));
      return FALSE;
    }

  if (format == MLP_PLOT_FORMAT_CSV)
    {
      g_autofree char *csv = mlp_plot_to_csv (plot);

      writer_write (&w, (const unsigned char *) csv, (unsigned int) strlen (csv));
      ok = set_cairo_error (CAIRO_STATUS_SUCCESS, &w, path, error);
    }
  else
    ok = write_surface (plot, format, &w, path, width, height, dpi, style, error);

  if (ok && fsync (w.fd) != 0 && errno != EINVAL && errno != EROFS)
    {
      int saved = errno;

      g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "Could not write “%s”: %s", path, g_strerror (saved));
      ok = FALSE;
    }
  if (close (w.fd) != 0 && ok)
    {
      int saved = errno;

      g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "Could not write “%s”: %s", path, g_strerror (saved));
      ok = FALSE;
    }
  if (ok && g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "Could not write “%s”: %s", path, g_strerror (saved));
      ok = FALSE;
    }
  if (!ok)
    g_unlink (tmp);
  return ok;
}
