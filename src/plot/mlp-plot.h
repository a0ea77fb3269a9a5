/* mlp-plot.h — the plot model and its Cairo renderer, shared by the desktop
 * app's plot widget, the figure export and `mlplab-cli plot`.  No GTK here.
 *
 *   g_autoptr(MlpPlot) plot = mlp_plot_new ();
 *   mlp_plot_set_labels (plot, "sigmoid and its gradient", "x", NULL);
 *   mlp_plot_add_series (plot, "sigmoid", x, y, n);          // blue solid
 *   mlp_plot_add_series (plot, "gradient", x, g, n);         // magenta dashed
 *   mlp_plot_render (plot, cr, 640, 360, NULL);              // any cairo_t
 *   mlp_plot_export (plot, "fig.svg", MLP_PLOT_FORMAT_AUTO, 640, 360, 96, NULL, &error);
 *
 * Series get d2l's default formats in turn ('-', 'm--', 'g-.', 'r:': blue
 * solid, magenta dashed, green dash-dot, red dotted, then matplotlib's other
 * colours).  Axes take "nice" ticks (1, 2, 2.5, 5 × 10^k) from the data or fixed
 * limits; a log axis places ticks at decades and skips non-positive values.
 * Non-finite points break a line rather than wreck it; ±inf on a log axis are
 * drawn as arrows at the plot's edge so overflow is shown as such.
 *
 * An MlpPlot is reference counted and not thread-safe: build it on one thread
 * (the worker hands plain arrays to the main thread, which fills the plot).
 * To draw it elsewhere (an export on a worker thread), hand over a
 * mlp_plot_copy() made on the plot's own thread: the copy shares nothing.
 */
#pragma once

#include <cairo.h>
#include <glib.h>

G_BEGIN_DECLS

typedef struct _MlpPlot MlpPlot;

typedef struct {
  double r, g, b, a;
} MlpColor;

typedef enum {
  MLP_LINE_SOLID,
  MLP_LINE_DASHED,
  MLP_LINE_DASHDOT,
  MLP_LINE_DOTTED,
  MLP_LINE_NONE,        /* markers only */
} MlpLineStyle;

typedef enum {
  MLP_MARKER_NONE,
  MLP_MARKER_CIRCLE,
} MlpMarker;

typedef enum {
  MLP_AXIS_LINEAR,
  MLP_AXIS_LOG,         /* base 10 */
} MlpAxisScale;

typedef enum {
  MLP_PLOT_FORMAT_AUTO, /* from the file name's extension */
  MLP_PLOT_FORMAT_PNG,
  MLP_PLOT_FORMAT_SVG,
  MLP_PLOT_FORMAT_PDF,
  MLP_PLOT_FORMAT_CSV,
} MlpPlotFormat;

/* How to draw, as opposed to what: the theme and the presentation mode. */
typedef struct {
  MlpColor foreground;    /* axes, ticks, labels, legend text */
  MlpColor background;    /* filled first unless alpha is 0 */
  MlpColor grid;          /* grid lines */
  double   font_scale;    /* 1 = normal; presentation mode MLP_PLOT_PRESENTATION_SCALE */
  double   line_scale;    /* multiplies every series' line width */
  const char *font_family; /* NULL = "Sans" */
} MlpPlotStyle;

/* the font scale of presentation mode by default: every text of a figure
 * is then at least 25 px high */
#define MLP_PLOT_PRESENTATION_SCALE 2.0

/* light theme (black on white), the export default; transfer none */
const MlpPlotStyle *mlp_plot_style_light (void);
/* dark theme (light grey on a dark background); transfer none */
const MlpPlotStyle *mlp_plot_style_dark  (void);

MlpPlot  *mlp_plot_new          (void);
/* a deep copy that shares nothing with plot, made on plot's thread and
 * usable on any one other; (transfer full) */
MlpPlot  *mlp_plot_copy         (const MlpPlot *plot);
MlpPlot  *mlp_plot_ref          (MlpPlot *plot);
void      mlp_plot_unref        (MlpPlot *plot);

/* any may be NULL (= none); strings are copied */
void      mlp_plot_set_labels   (MlpPlot *plot, const char *title,
                                 const char *xlabel, const char *ylabel);
void      mlp_plot_set_xscale   (MlpPlot *plot, MlpAxisScale scale);
void      mlp_plot_set_yscale   (MlpPlot *plot, MlpAxisScale scale);
/* fixed limits; NAN for either end = automatic from the data */
void      mlp_plot_set_xlim     (MlpPlot *plot, double lo, double hi);
void      mlp_plot_set_ylim     (MlpPlot *plot, double lo, double hi);
void      mlp_plot_set_grid     (MlpPlot *plot, gboolean grid);
void      mlp_plot_set_legend   (MlpPlot *plot, gboolean legend);

/* Adds a series (copies the points), returns its index.  label may be NULL
 * (not in the legend). */
guint     mlp_plot_add_series   (MlpPlot *plot, const char *label,
                                 const double *x, const double *y, gsize n);
/* the same from float arrays (engine results) */
guint     mlp_plot_add_series_f (MlpPlot *plot, const char *label,
                                 const float *x, const float *y, gsize n);
void      mlp_plot_series_append (MlpPlot *plot, guint series, double x, double y);
/* color NULL keeps the default colour; width ≤ 0 the default (2) */
void      mlp_plot_series_set_style (MlpPlot *plot, guint series, MlpLineStyle line,
                                     const MlpColor *color, double width, MlpMarker marker);
/* gives the series the index-th default colour (d2l's blue, magenta, green,
 * red, then matplotlib's), which follows the theme, unlike an explicit colour;
 * a family of curves uses it to colour by member and dash by part */
void      mlp_plot_series_set_color_index (MlpPlot *plot, guint series, guint index);
void      mlp_plot_clear        (MlpPlot *plot);   /* removes every series */

guint       mlp_plot_get_n_series (MlpPlot *plot);
/* transfer none; valid until the series changes */
const char *mlp_plot_series_get_label  (MlpPlot *plot, guint series);
const double *mlp_plot_series_get_x    (MlpPlot *plot, guint series, gsize *n);
const double *mlp_plot_series_get_y    (MlpPlot *plot, guint series, gsize *n);
const char *mlp_plot_get_title  (MlpPlot *plot);

/* Makes the figure a heat map instead of series (a confusion matrix): rows ×
 * cols values, row-major, each cell coloured by its value (light to dark
 * blue, as matplotlib's 'Blues') and labelled with it; row and column labels
 * may be NULL.  The axis labels of mlp_plot_set_labels() name the two sides.
 * CSV export writes the matrix.  Values and labels are copied. */
void      mlp_plot_set_heatmap  (MlpPlot *plot, const double *values, guint rows, guint cols,
                                 const char *const *row_labels, const char *const *col_labels);
/* How the heat map's values map to colours: linear from 0 to the largest
 * (the default, with each cell labelled where its number fits), or log,
 * from the smallest positive value to the largest, with a colour bar whose
 * ticks are the powers of ten between them (a gradient norm per layer and
 * step spans many decades).  Cells that are not positive get the lightest
 * colour on a log scale. */
void      mlp_plot_set_heatmap_scale (MlpPlot *plot, MlpAxisScale scale);
/* fixed ends of the colour scale (lo: the log scale's lightest value; the
 * linear scale starts at 0), so that two heat maps colour alike; NAN for
 * either end: from the values (the default) */
void      mlp_plot_set_heatmap_range (MlpPlot *plot, double lo, double hi);
/* Makes the figure a grid of small images (d2l's show_images): n images of
 * h × w values, row-major, each under its caption (may be NULL).  signed
 * images (weights) are drawn blue (negative) – white – red (positive) scaled
 * to each image's largest |value|; others grey from 0 (black) to 1 (white).
 * Values and captions are copied. */
void      mlp_plot_set_images   (MlpPlot *plot, const float *pixels, guint n, guint h, guint w,
                                 const char *const *captions, gboolean signed_values);
/* the number of images of an image grid (0 for other figures) */
guint     mlp_plot_get_n_images (MlpPlot *plot);
/* the heat map's values (rows × cols), or NULL for a plot of series */
const double *mlp_plot_get_heatmap (MlpPlot *plot, guint *rows, guint *cols);

/* The user's view of a plot of series over the plot's own limits and
 * scales (mlp_plot_set_xlim, mlp_plot_set_xscale): zoomed and panned
 * limits, a scale per axis.  A NAN limit or a −1 scale leaves the plot's
 * own; a limit a log axis cannot show (≤ 0) is automatic there.  Copied by
 * mlp_plot_copy, so exports show the same view.  Heat maps and image grids
 * have none. */
typedef struct {
  double xmin, xmax, ymin, ymax;   /* NAN = the plot's own */
  int    xscale, yscale;           /* an MlpAxisScale, −1 = the plot's own */
} MlpPlotViewport;

/* the plot's own view: every limit NAN, both scales −1 */
void      mlp_plot_viewport_init (MlpPlotViewport *viewport);
/* viewport NULL = the plot's own; copied */
void      mlp_plot_set_viewport  (MlpPlot *plot, const MlpPlotViewport *viewport);
void      mlp_plot_get_viewport  (MlpPlot *plot, MlpPlotViewport *viewport);
/* the scale each axis is drawn in: the viewport's, else the plot's own */
MlpAxisScale mlp_plot_get_xscale (MlpPlot *plot);
MlpAxisScale mlp_plot_get_yscale (MlpPlot *plot);
/* Zooms the last render's view by factor (> 1 closer, < 1 farther) around
 * the point at fractions (fx, fy) of the data area from its left and top
 * edges, even on a log axis; sets the viewport's four limits, and moves the
 * last render's mapping along so that zooms chain before the next render.
 * FALSE (and no change) before a render of series, or past what a double
 * can show. */
gboolean  mlp_plot_zoom          (MlpPlot *plot, double factor, double fx, double fy);
/* Moves the last render's view as dragging the figure by dx, dy times the
 * data area's width and height does (right and down are positive: dx 0.1
 * shows what was a tenth further left). */
gboolean  mlp_plot_pan           (MlpPlot *plot, double dx, double dy);

/* Draws the whole figure into cr at (0, 0) – (width, height) in cr's user
 * units.  style NULL = light.  Remembers the layout for the queries below. */
void      mlp_plot_render       (MlpPlot *plot, cairo_t *cr, double width, double height,
                                 const MlpPlotStyle *style);
/* the ink box of the title the last render drew (a long title wraps);
 * FALSE without a title */
gboolean  mlp_plot_get_title_box (MlpPlot *plot, double *x, double *y, double *width, double *height);
/* the legend's box in the last render (inside the data area where no data
 * is under it, else beside or below it); FALSE without a legend */
gboolean  mlp_plot_get_legend_box (MlpPlot *plot, double *x, double *y, double *width, double *height);
/* the smallest font size (in the render's units: pixels at 96 dpi) of the
 * text the last render drew, 0 if it drew none */
double    mlp_plot_get_min_text_px (MlpPlot *plot);
/* the range each axis showed in the last render of series, as values at
 * the left and right, bottom and top edges; FALSE before one */
gboolean  mlp_plot_get_limits    (MlpPlot *plot, double *xmin, double *xmax, double *ymin, double *ymax);
/* the data area of the last render, in the same units */
void      mlp_plot_get_area     (MlpPlot *plot, double *x, double *y, double *width, double *height);
/* data → device coordinates of the last render; FALSE when not representable
 * (log axis and v ≤ 0, or never rendered) */
gboolean  mlp_plot_data_to_pixel (MlpPlot *plot, double x, double y, double *px, double *py);
gboolean  mlp_plot_pixel_to_data (MlpPlot *plot, double px, double py, double *x, double *y);
/* the point nearest to (px, py) in device space within max_distance;
 * FALSE if none */
gboolean  mlp_plot_find_nearest (MlpPlot *plot, double px, double py, double max_distance,
                                 guint *series, gsize *index);

/* The series as CSV: one block per series with a header "series,x,y", or,
 * when every series shares the same x values, one table "x,<label1>,<label2>…".
 * (transfer full) */
char     *mlp_plot_to_csv       (MlpPlot *plot);
/* Writes PNG (width × height in pixels at 96 dpi is 1:1; dpi scales it),
 * SVG or PDF (width × height in points, 1/72 in) or CSV.  Atomic: written to a
 * temporary file and renamed.  Errors name the file. */
gboolean  mlp_plot_export       (MlpPlot *plot, const char *path, MlpPlotFormat format,
                                 double width, double height, double dpi,
                                 const MlpPlotStyle *style, GError **error);
/* what the figure shows in a sentence, for a screen reader ("2 series:
 * train_loss 0.412 at epoch = 10, …", "heat map 10 × 10, …", "40 images");
 * translated; (transfer full) */
char     *mlp_plot_dup_summary  (MlpPlot *plot);
/* "png" → PNG …; FALSE for an unknown extension */
gboolean  mlp_plot_format_from_path (const char *path, MlpPlotFormat *format);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpPlot, mlp_plot_unref)

G_END_DECLS
