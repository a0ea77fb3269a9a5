/* mlp-plot-private.h — what the files of the plot layer share and nothing
 * outside src/plot needs: the model's structs, the steps of a render and the
 * small tools they draw with.  tests/test-plot.c includes it too, to check
 * units such as the tick choice and the decimation on their own.
 *
 * The files, one concept each:
 *   mlp-plot.c          the model: new, copy, ref/unref, setters, getters
 *   mlp-plot-style.c    the themes and d2l's default series formats
 *   mlp-plot-text.c     the PangoCairo text painter
 *   mlp-plot-snap.c     rounding lines and edges to device pixels
 *   mlp-plot-number.c   numbers as text: the fewest digits, positional
 *   mlp-plot-ticks.c    nice steps, linear and log ticks, their labels
 *   mlp-plot-axis.c     data ↔ axis mapping, autoscaling, grid, spines, labels
 *   mlp-plot-series.c   clipping, decimation, line styles, markers, ±inf
 *   mlp-plot-legend.c   the legend and its placement
 *   mlp-plot-viewport.c the user's zoom, pan and scales over the plot's own
 *   mlp-plot-heatmap.c  a heat map (confusion matrix) instead of series
 *   mlp-plot-images.c   a grid of small images instead of series
 *   mlp-plot-render.c   the layout, mlp_plot_render and the queries after it
 *   mlp-plot-csv.c      the figure's data as CSV text
 *   mlp-plot-summary.c  the figure in a sentence, for screen readers
 *   mlp-plot-export.c   PNG/SVG/PDF/CSV files, written atomically
 *
 * Everything here works on one thread at a time, as MlpPlot does.
 */
#pragma once

#include <math.h>

#include <pango/pangocairo.h>

#include "mlp-plot.h"

G_BEGIN_DECLS

#define MAX_TICKS 64

/* sizes in user units at font_scale 1 (matplotlib: 10 pt text, 12 pt title);
 * TICK_FONT is also the smallest text of any figure (cell numbers, image
 * captions, class names), so that presentation mode's font scale makes
 * every text at least TICK_FONT × MLP_PLOT_PRESENTATION_SCALE = 25 px */
#define TICK_FONT   12.5
#define LABEL_FONT  13.5
#define TITLE_FONT  15.0
#define LEGEND_FONT 12.5
#define TICK_LENGTH 4.5
#define TICK_PAD    4.0

/* a label that is there to draw: neither NULL nor "" */
static inline gboolean
_mlp_plot_has_text (const char *s)
{
  return s != NULL && s[0] != '\0';
}

/* ------------------------------------------------------------------- model */

typedef struct {
  double xmin, ymin, xmax, ymax;
} MlpPlotRect;

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
} MlpPlotSeries;

typedef struct {
  MlpAxisScale own_scale;            /* the plot's (mlp_plot_set_xscale) */
  double       fixed_lo, fixed_hi;   /* the plot's limits, NAN = automatic */
  int          view_scale;           /* the viewport's scale, −1 = own_scale */
  double       view_lo, view_hi;     /* the viewport's limits, NAN = fixed_lo, fixed_hi */
  MlpAxisScale scale;                /* what t is: own_scale or view_scale, as of the last render */
  char        *label;
  /* the last render: t = v (linear) or log10 v (log) maps t_lo → p_lo, t_hi → p_hi */
  double       t_lo, t_hi;
  double       p_lo, p_hi;
} MlpPlotAxis;

struct _MlpPlot {
  grefcount    ref_count;
  char        *title;
  MlpPlotAxis  xaxis, yaxis;
  gboolean     grid;
  gboolean     legend;
  GPtrArray   *series;          /* MlpPlotSeries* */

  /* a heat map replaces the series when set */
  double      *heat;            /* rows × cols values */
  guint        heat_rows, heat_cols;
  char       **heat_row_labels; /* NULL-terminated or NULL */
  char       **heat_col_labels;
  MlpAxisScale heat_scale;      /* how values map to colours; log: a colour bar in decades */
  double       heat_lo, heat_hi; /* fixed ends of the colour scale, NAN: the data's */
  /* an image grid replaces the series when set */
  float       *images;          /* n × h × w */
  guint        n_images, image_h, image_w;
  char       **image_captions;
  gboolean     images_signed;

  gboolean     rendered;        /* the fields below describe the last render */
  double       area_x, area_y, area_w, area_h;
  double       min_text_px;     /* the smallest text drawn, 0 if none (any figure) */
  MlpPlotRect  title_box;       /* the title's ink, empty without one (any figure) */
  MlpPlotRect  legend_box;      /* the legend's box, empty without one */
  guint        images_shown;    /* an image grid's images drawn (any figure) */
  double       image_cell;      /* and the side of each */
};

/* ------------------------------------------------------------------ styles */

gboolean     _mlp_plot_style_is_dark    (const MlpPlotStyle *style);
/* the style's line_scale, 1 where it is not positive */
double       _mlp_plot_style_line_scale (const MlpPlotStyle *style);
/* the line style of the index-th default format */
MlpLineStyle _mlp_plot_default_line     (guint index);
/* the series' explicit colour, else its default one, lifted on a dark theme */
MlpColor     _mlp_plot_series_color     (const MlpPlotSeries *s, gboolean dark);
void         _mlp_plot_set_color        (cairo_t *cr, const MlpColor *c);

/* ------------------------------------------------------------ text painter */

/* One PangoLayout for all the text of a render, so that fonts are looked up
 * once.  Init and clear are a pair; the painter does not own cr. */
typedef struct {
  cairo_t              *cr;
  const MlpPlotStyle   *style;
  PangoLayout          *layout;
  PangoFontDescription *font;
  double                fs;      /* font_scale */
  double                size;    /* the layout's font size, font_scale applied */
  double                min_px;  /* the smallest size shown so far, +inf before */
} MlpPlotPainter;

void   _mlp_plot_painter_init  (MlpPlotPainter *p, cairo_t *cr, const MlpPlotStyle *style);
void   _mlp_plot_painter_clear (MlpPlotPainter *p);
/* sets the layout's text at size (before font_scale); markup is Pango markup */
void   _mlp_plot_painter_text  (MlpPlotPainter *p, double size, const char *text, gboolean markup);
/* the layout's logical size */
void   _mlp_plot_painter_size  (MlpPlotPainter *p, double *w, double *h);
/* shows the layout with the point (ax, ay) of its box (0 … 1 each) at (x, y) */
void   _mlp_plot_painter_show  (MlpPlotPainter *p, double x, double y, double ax, double ay);
/* _mlp_plot_painter_text and _mlp_plot_painter_show in one */
void   _mlp_plot_painter_label (MlpPlotPainter *p, double size, const char *text, gboolean markup,
                                double x, double y, double ax, double ay);
double _mlp_plot_text_width    (MlpPlotPainter *p, double size, const char *text, gboolean markup);
/* the height of a line of text at size */
double _mlp_plot_text_height   (MlpPlotPainter *p, double size);

/* the plot's title as laid out for the figure */
typedef struct {
  double size;   /* its font size (before font_scale): smaller for a very long title */
  double wrap;   /* the width it wraps at, ≤ 0 when it is one line */
  double w, h;   /* its logical size */
} MlpPlotTitle;

/* lays the title out within avail; FALSE (and t->h = 0) without one */
gboolean _mlp_plot_title_measure (MlpPlot *plot, MlpPlotPainter *p, double size, double avail,
                                  MlpPlotTitle *t);
/* draws it with its top at y: one line centred on cx but within margin of
 * the edges of a figure width wide, or the wrapped lines centred on the
 * figure; remembers its ink box */
void     _mlp_plot_title_draw    (MlpPlot *plot, MlpPlotPainter *p, const MlpPlotTitle *t,
                                  double cx, double y, double width, double margin);

/* ----------------------------------------------------------------- numbers */

/* v at digits significant digits without trailing zeros: positional for
 * 1e-5 ≤ |v| < 1e15 ("10", "0.1"), %g's exponent notation outside ("1e-06");
 * "nan", "inf", "-inf"; size ≥ G_ASCII_DTOSTR_BUF_SIZE */
void _mlp_plot_format_number (char *buf, gsize size, double v, int digits);
/* the fewest digits that read back as v, or as the same float (as_float) */
void _mlp_plot_format_exact  (char *buf, gsize size, double v, gboolean as_float);

/* ---------------------------------------------------------- pixel snapping */

/* v rounded so that a line of user width lw along it lands on whole device
 * pixels; is_x names the direction of v */
double _mlp_plot_snap       (cairo_t *cr, double v, double lw, gboolean is_x);
/* a line width that covers whole device pixels: n pixels, n ≥ 1 */
double _mlp_plot_snap_width (cairo_t *cr, double lw);
/* an edge of the data area rounded to a device pixel boundary */
double _mlp_plot_snap_edge  (cairo_t *cr, double v, gboolean is_x);

/* ------------------------------------------------------------------- ticks */

typedef struct {
  double   t;            /* in the axis' coordinate */
  gboolean major;        /* minor ticks have no label and no grid line */
  char     label[48];    /* Pango markup */
} MlpPlotTick;

typedef struct {
  MlpPlotTick ticks[MAX_TICKS];
  guint       n;
} MlpPlotTicks;

/* 1, 2, 2.5, 5 × 10^k: the smallest at least raw (raw > 0) */
double _mlp_plot_nice_step   (double raw);
/* about target ticks at a nice step between lo and hi (either order) */
void   _mlp_plot_ticks_linear (MlpPlotTicks *set, double lo, double hi, guint target);
/* ticks for a log axis between t = lo and hi (log10 of the values), on an
 * axis pixels long */
void   _mlp_plot_ticks_log    (MlpPlotTicks *set, double lo, double hi, guint target, double pixels);
/* the ticks of the axis' last autoscaled range */
void   _mlp_plot_axis_ticks   (const MlpPlotAxis *a, MlpPlotTicks *set, guint target, double pixels);
/* how many labelled ticks an axis of pixels has room for, per_tick apart */
guint  _mlp_plot_tick_target  (double pixels, double per_tick);

/* -------------------------------------------------------------------- axes */

/* the scale the next render draws the axis in: the viewport's, else the
 * plot's own */
static inline MlpAxisScale
_mlp_plot_axis_next_scale (const MlpPlotAxis *a)
{
  return a->view_scale == MLP_AXIS_LINEAR || a->view_scale == MLP_AXIS_LOG
         ? (MlpAxisScale) a->view_scale : a->own_scale;
}

/* the axis' coordinate t: v itself, or log10 v; NAN where a log axis has no
 * place for v (v ≤ 0), ±inf stays ±inf */
static inline double
_mlp_plot_axis_t (const MlpPlotAxis *a, double v)
{
  if (a->scale == MLP_AXIS_LOG)
    return v > 0 ? log10 (v) : (v == -INFINITY ? -INFINITY : NAN);
  return v;
}

static inline double
_mlp_plot_axis_v (const MlpPlotAxis *a, double t)
{
  return a->scale == MLP_AXIS_LOG ? pow (10.0, t) : t;
}

/* t → pixels, by the last render's mapping */
static inline double
_mlp_plot_axis_t_to_p (const MlpPlotAxis *a, double t)
{
  return a->p_lo + (t - a->t_lo) / (a->t_hi - a->t_lo) * (a->p_hi - a->p_lo);
}

static inline double
_mlp_plot_axis_p_to_t (const MlpPlotAxis *a, double p)
{
  return a->t_lo + (p - a->p_lo) / (a->p_hi - a->p_lo) * (a->t_hi - a->t_lo);
}

/* What a render of series measures before it draws: the text sizes, the
 * ticks and the width of the frame's lines. */
typedef struct {
  double       tick_len, tick_pad;  /* tick marks and the gap to their labels */
  double       outer;               /* the figure's outer margin */
  double       tick_h, label_h;     /* a line of tick labels, of axis labels */
  MlpPlotTitle title;
  double       title_h;             /* 0 without a title */
  double       line_w;              /* grid lines and spines */
  double       legend_right;        /* margins kept for a legend outside the area */
  double       legend_bottom;
  MlpPlotTicks xt, yt;
} MlpPlotLayout;

void _mlp_plot_axis_init        (MlpPlotAxis *a);
/* sets t_lo … t_hi from the viewport's limits, else the fixed ones, and
 * the data of series (MlpPlotSeries*) */
void _mlp_plot_axis_autoscale   (MlpPlotAxis *a, GPtrArray *series, gboolean is_x);
/* the grid lines at the major ticks, under the data */
void _mlp_plot_axis_draw_grid   (MlpPlot *plot, cairo_t *cr, const MlpPlotLayout *l,
                                 const MlpPlotStyle *style);
/* the spines (a box) and the tick marks outside on the left and the bottom */
void _mlp_plot_axis_draw_frame  (MlpPlot *plot, MlpPlotPainter *p, const MlpPlotLayout *l);
void _mlp_plot_axis_draw_ticks  (MlpPlot *plot, MlpPlotPainter *p, const MlpPlotLayout *l);
/* the x label under the tick labels, the y label turned up on the left */
void _mlp_plot_axis_draw_labels (MlpPlot *plot, MlpPlotPainter *p, const MlpPlotLayout *l);

/* ------------------------------------------------------------------ series */

/* a series' points in pixels (NAN: no place on the axes; py ±inf: the value
 * overflowed); px and py share one allocation */
typedef struct {
  double *px, *py;
  gsize   n;
} MlpPlotPoints;

/* called with the index of each point that a decimated line keeps */
typedef void (*MlpPlotPointFunc) (gsize index, gpointer user_data);

void     _mlp_plot_set_line_style (cairo_t *cr, MlpLineStyle line, double lw);
/* clips the segment to r; FALSE when nothing is left */
gboolean _mlp_plot_clip_segment   (const MlpPlotRect *r, double *x0, double *y0,
                                   double *x1, double *y1);
/* Thins n points to what covers the same pixels: per run of points in one
 * pixel column the first, the lowest, the highest and the last, in order.
 * Non-finite points (and points far off) are passed through as breaks. */
void     _mlp_plot_decimate       (const double *px, const double *py, gsize n,
                                   MlpPlotPointFunc func, gpointer user_data);
/* maps s by the last render's axes; free with _mlp_plot_points_clear */
void     _mlp_plot_points_map     (MlpPlot *plot, const MlpPlotSeries *s, MlpPlotPoints *pts);
void     _mlp_plot_points_clear   (MlpPlotPoints *pts);
/* the line, the markers and the ±inf arrows of s, into the data area */
void     _mlp_plot_draw_series    (MlpPlot *plot, MlpPlotPainter *p, const MlpPlotSeries *s,
                                   const MlpPlotPoints *pts, gboolean dark);

/* ------------------------------------------------------------------ legend */

/* the legend's box and where it goes */
typedef struct {
  double   fsz, pad, handle, gap;   /* sizes from the legend font */
  double   row_h, col_w;            /* one entry */
  guint    n, cols;                 /* the entries (the series with a label), in columns */
  double   x, y, w, h;              /* the box */
  gboolean outside;                 /* beside or below the data area */
} MlpPlotLegend;

/* the box in one column; FALSE when no series has a label */
gboolean _mlp_plot_legend_measure       (MlpPlot *plot, MlpPlotPainter *p, MlpPlotLegend *box);
/* a place in the data area with no data of pts (every series' points)
 * under it, TRUE; else FALSE and the place with the least */
gboolean _mlp_plot_legend_place_inside  (MlpPlot *plot, const MlpPlotPoints *pts, MlpPlotLegend *box);
/* the margin the legend needs beside (right) or below (bottom) the data
 * area as laid out now; FALSE when neither leaves a usable area */
gboolean _mlp_plot_legend_reserve       (MlpPlot *plot, MlpPlotLegend *box, double width,
                                         double *right, double *bottom);
/* the box in the margin reserved, once the area is laid out again */
void     _mlp_plot_legend_place_outside (MlpPlot *plot, MlpPlotLegend *box, double width, double height,
                                         double right, double bottom);
void     _mlp_plot_draw_legend          (MlpPlot *plot, MlpPlotPainter *p, MlpPlotLegend *box,
                                         gboolean dark);

/* ------------------------------------------------------ heat maps, images */

void _mlp_plot_render_heatmap (MlpPlot *plot, MlpPlotPainter *p, double width, double height);
void _mlp_plot_render_images  (MlpPlot *plot, MlpPlotPainter *p, double width, double height);

G_END_DECLS
