/* test-plot.c — the plot renderer, checked on the pixels it draws.
 *
 * Every test renders into a cairo image surface with the light style (black
 * on white) and reads the pixels back: a series must land on the rows that
 * mlp_plot_data_to_pixel names, stay inside mlp_plot_get_area, and leave room
 * for the legend, the ticks and their labels.  Then the queries (nearest
 * point, pixel ↔ data), the export headers (PNG, SVG, PDF, CSV) and the
 * chapter's figures built from the engine's curves.  The units behind the
 * pixels (nice steps, linear and log ticks, autoscaling, clipping,
 * decimation) are checked on their own through mlp-plot-private.h, and a
 * copy of a plot must draw and export exactly what the original does, on
 * this thread or another.
 */
#include <math.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "mlp-dataset.h"
#include "mlp-error.h"
#include "mlp-fashion-mnist.h"
#include "mlp-experiments.h"
#include "mlp-figures.h"
#include "mlp-plot.h"
#include "mlp-plot-private.h"

#define WIDTH  480
#define HEIGHT 320

/* matplotlib's C0 #1f77b4, the first series' colour in the light theme */
static const MlpColor c0 = { 0.122, 0.467, 0.706, 1 };
/* 'm', the second */
static const MlpColor magenta = { 0.75, 0.0, 0.75, 1 };

/* ------------------------------------------------------------- helpers */

typedef struct {
  int r, g, b;
} Rgb;

static cairo_surface_t *
render (MlpPlot *plot, int width, int height)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  mlp_plot_render (plot, cr, width, height, mlp_plot_style_light ());
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* the pixel at (x, y); the background is opaque, so premultiplied = straight */
static Rgb
pixel (cairo_surface_t *surface, int x, int y)
{
  const unsigned char *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);
  guint32 v;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, cairo_image_surface_get_width (surface));
  g_assert_cmpint (y, <, cairo_image_surface_get_height (surface));
  memcpy (&v, data + (gsize) y * stride + (gsize) x * 4, sizeof v);
  return (Rgb) { (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };
}

/* the largest difference in one channel between the pixel and c */
static int
color_distance (Rgb p, const MlpColor *c)
{
  int r = (int) lround (c->r * 255), g = (int) lround (c->g * 255), b = (int) lround (c->b * 255);

  return MAX (abs (p.r - r), MAX (abs (p.g - g), abs (p.b - b)));
}

static gboolean
is_color (cairo_surface_t *surface, int x, int y, const MlpColor *c, int tolerance)
{
  return color_distance (pixel (surface, x, y), c) <= tolerance;
}

/* the nearest any pixel of the (2r+1)² square around (x, y) comes to c */
static int
nearest_in_square (cairo_surface_t *surface, int x, int y, int r, const MlpColor *c)
{
  int best = 256;

  for (int dy = -r; dy <= r; dy++)
    for (int dx = -r; dx <= r; dx++)
      best = MIN (best, color_distance (pixel (surface, x + dx, y + dy), c));
  return best;
}

/* pixels in [x0, x1) × [y0, y1) (clamped to the image) within tolerance of c */
static guint
count_color (cairo_surface_t *surface, int x0, int y0, int x1, int y1, const MlpColor *c, int tolerance)
{
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  guint n = 0;

  for (int y = MAX (y0, 0); y < MIN (y1, h); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, w); x++)
      if (is_color (surface, x, y, c, tolerance))
        n++;
  return n;
}

/* pixels darker than mid grey: text, ticks, spines (the grid is lighter) */
static guint
count_dark (cairo_surface_t *surface, int x0, int y0, int x1, int y1)
{
  int w = cairo_image_surface_get_width (surface), h = cairo_image_surface_get_height (surface);
  guint n = 0;

  for (int y = MAX (y0, 0); y < MIN (y1, h); y++)
    for (int x = MAX (x0, 0); x < MIN (x1, w); x++)
      {
        Rgb p = pixel (surface, x, y);

        if (p.r + p.g + p.b < 3 * 100)
          n++;
      }
  return n;
}

typedef struct {
  double x, y, w, h;
} Area;

static Area
get_area (MlpPlot *plot)
{
  Area a;

  mlp_plot_get_area (plot, &a.x, &a.y, &a.w, &a.h);
  g_assert_cmpfloat (a.w, >, 10);
  g_assert_cmpfloat (a.h, >, 10);
  return a;
}

static void
to_pixel (MlpPlot *plot, double x, double y, double *px, double *py)
{
  g_assert_true (mlp_plot_data_to_pixel (plot, x, y, px, py));
}

static double *
linspace (double from, double to, gsize n)
{
  double *v = g_new (double, n);

  for (gsize i = 0; i < n; i++)
    v[i] = n > 1 ? from + (to - from) * i / (n - 1) : from;
  return v;
}

/* ---------------------------------------------------------------- units */

static void
test_nice_step (void)
{
  static const struct {
    double raw, step;
  } cases[] = {
    { 1, 1 },
    { 1.0000000001, 1 },     /* rounding noise does not push it to 2 */
    { 1.2, 2 },
    { 2.2, 2.5 },
    { 0.3, 0.5 },
    { 3, 5 },
    { 7, 10 },
    { 42, 50 },
    { 0.0013, 0.002 },
    { 2.5e-7, 2.5e-7 },
    { 6e5, 1e6 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      double step = _mlp_plot_nice_step (cases[i].raw);

      g_assert_cmpfloat (fabs (step - cases[i].step), <=, 1e-12 * cases[i].step);
    }
}

/* the labels of the major ticks, joined by spaces */
static char *
tick_labels (const MlpPlotTicks *set)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < set->n; i++)
    if (set->ticks[i].major)
      g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", set->ticks[i].label);
  return g_string_free (out, FALSE);
}

static void
assert_linear_ticks (double lo, double hi, guint target, const char *labels)
{
  MlpPlotTicks set;
  g_autofree char *got = NULL;

  _mlp_plot_ticks_linear (&set, lo, hi, target);
  got = tick_labels (&set);
  g_assert_cmpstr (got, ==, labels);
}

static void
test_ticks_linear (void)
{
  MlpPlotTicks set;

  assert_linear_ticks (0, 1, 5, "0.0 0.2 0.4 0.6 0.8 1.0");
  assert_linear_ticks (1, 0, 5, "0.0 0.2 0.4 0.6 0.8 1.0");    /* an inverted axis */
  /* a Unicode minus, and a zero that is neither "-0.0" nor 1e-17 */
  assert_linear_ticks (-0.35, 0.35, 7, "\xe2\x88\x92" "0.3 \xe2\x88\x92" "0.2 \xe2\x88\x92" "0.1 0.0 0.1 0.2 0.3");
  assert_linear_ticks (-3, 3, 6, "\xe2\x88\x92" "3 \xe2\x88\x92" "2 \xe2\x88\x92" "1 0 1 2 3");
  assert_linear_ticks (0, 3e6, 3, "0 1e+06 2e+06 3e+06");       /* large: scientific */
  assert_linear_ticks (0, 3e-4, 3, "0.0000 0.0001 0.0002 0.0003");
  assert_linear_ticks (0, 3e-5, 3, "0 1e-05 2e-05 3e-05");      /* a tiny step: scientific */
  assert_linear_ticks (0.05, 0.95, 4, "0.25 0.50 0.75");         /* 2.5 × 10^k */

  /* every tick on a multiple of the step, inside the range */
  _mlp_plot_ticks_linear (&set, -7.3, 12.9, 6);
  g_assert_cmpuint (set.n, >=, 4);
  for (guint i = 0; i < set.n; i++)
    {
      g_assert_cmpfloat (set.ticks[i].t, >=, -7.3);
      g_assert_cmpfloat (set.ticks[i].t, <=, 12.9);
      g_assert_cmpfloat (fabs (set.ticks[i].t / 5 - round (set.ticks[i].t / 5)), <, 1e-9);
    }
}

static guint
count_major (const MlpPlotTicks *set)
{
  guint n = 0;

  for (guint i = 0; i < set->n; i++)
    n += set->ticks[i].major;
  return n;
}

static void
test_ticks_log (void)
{
  MlpPlotTicks set;
  g_autofree char *decades = NULL, *negative = NULL, *strided = NULL;

  /* 1 … 1000 on 300 px: every decade, and 2 … 9 × 10^k between */
  _mlp_plot_ticks_log (&set, 0, 3, 9, 300);
  decades = tick_labels (&set);
  g_assert_cmpstr (decades, ==, "10<sup>0</sup> 10<sup>1</sup> 10<sup>2</sup> 10<sup>3</sup>");
  g_assert_cmpuint (set.n, ==, 4 + 3 * 8);
  for (guint i = 0; i < set.n; i++)
    if (!set.ticks[i].major)
      {
        double m = pow (10, set.ticks[i].t - floor (set.ticks[i].t));

        g_assert_cmpfloat (fabs (m - round (m)), <, 1e-9);   /* 2 … 9 */
        g_assert_cmpstr (set.ticks[i].label, ==, "");
      }

  /* on 60 px the minor ticks go: no room for them */
  _mlp_plot_ticks_log (&set, -2, 1, 9, 60);
  negative = tick_labels (&set);
  g_assert_cmpstr (negative, ==, "10<sup>\xe2\x88\x92" "2</sup> 10<sup>\xe2\x88\x92" "1</sup> 10<sup>0</sup> 10<sup>1</sup>");
  g_assert_cmpuint (set.n, ==, 4);

  /* 21 decades for 5 labels: every 5th, the skipped decades as minor ticks */
  _mlp_plot_ticks_log (&set, -10, 10, 5, 300);
  strided = tick_labels (&set);
  g_assert_cmpstr (strided, ==, "10<sup>\xe2\x88\x92" "10</sup> 10<sup>\xe2\x88\x92" "5</sup> 10<sup>0</sup> 10<sup>5</sup> 10<sup>10</sup>");
  g_assert_cmpuint (set.n, ==, 21);

  /* 2 … 30: less than two decades, 1, 2, 5 × 10^k */
  _mlp_plot_ticks_log (&set, log10 (2), log10 (30), 5, 300);
  g_assert_cmpuint (count_major (&set), ==, 4);
  g_assert_cmpfloat_with_epsilon (set.ticks[0].t, log10 (2), 1e-12);
  g_assert_cmpfloat_with_epsilon (set.ticks[1].t, log10 (5), 1e-12);
  g_assert_cmpfloat_with_epsilon (set.ticks[3].t, log10 (20), 1e-12);

  /* 3 … 4: not even that, linear ticks placed at their logarithms */
  _mlp_plot_ticks_log (&set, log10 (3), log10 (4), 5, 300);
  g_assert_cmpuint (set.n, ==, 6);
  g_assert_cmpstr (set.ticks[1].label, ==, "3.2");
  g_assert_cmpfloat_with_epsilon (set.ticks[1].t, log10 (3.2), 1e-12);
  g_assert_cmpfloat_with_epsilon (set.ticks[5].t, log10 (4), 1e-12);
}

static void
test_autoscale (void)
{
  g_autoptr(GPtrArray) series = g_ptr_array_new ();
  double x[3] = { 0, 5, 10 }, y[3] = { 5, 5, 5 };
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) ys = g_array_new (FALSE, FALSE, sizeof (double));
  MlpPlotSeries s = { NULL, xs, ys, FALSE, MLP_LINE_SOLID, FALSE, { 0, 0, 0, 1 }, 0, 2, MLP_MARKER_NONE };
  MlpPlotAxis a;

  g_array_append_vals (xs, x, 3);
  g_array_append_vals (ys, y, 3);
  g_ptr_array_add (series, &s);

  /* 5 % margins on both automatic sides */
  _mlp_plot_axis_init (&a);
  _mlp_plot_axis_autoscale (&a, series, TRUE);
  g_assert_cmpfloat_with_epsilon (a.t_lo, -0.5, 1e-12);
  g_assert_cmpfloat_with_epsilon (a.t_hi, 10.5, 1e-12);
  /* a fixed side gets none */
  a.fixed_lo = 0;
  _mlp_plot_axis_autoscale (&a, series, TRUE);
  g_assert_cmpfloat (a.t_lo, ==, 0);
  g_assert_cmpfloat_with_epsilon (a.t_hi, 10.5, 1e-12);
  /* both fixed, inverted: taken as they are */
  a.fixed_lo = 3;
  a.fixed_hi = -1;
  _mlp_plot_axis_autoscale (&a, series, TRUE);
  g_assert_cmpfloat (a.t_lo, ==, 3);
  g_assert_cmpfloat (a.t_hi, ==, -1);

  /* all values equal: ± 10 % around them, then the margins */
  _mlp_plot_axis_init (&a);
  _mlp_plot_axis_autoscale (&a, series, FALSE);
  g_assert_cmpfloat_with_epsilon (a.t_lo, 4.45, 1e-12);
  g_assert_cmpfloat_with_epsilon (a.t_hi, 5.55, 1e-12);

  /* a log axis works in decades and passes over 0 */
  _mlp_plot_axis_init (&a);
  a.scale = MLP_AXIS_LOG;
  g_array_index (xs, double, 0) = 0;
  g_array_index (xs, double, 1) = 1;
  g_array_index (xs, double, 2) = 1000;
  _mlp_plot_axis_autoscale (&a, series, TRUE);
  g_assert_cmpfloat_with_epsilon (a.t_lo, -0.15, 1e-12);
  g_assert_cmpfloat_with_epsilon (a.t_hi, 3.15, 1e-12);
}

static void
assert_clipped (double x0, double y0, double x1, double y1,
                double ex0, double ey0, double ex1, double ey1)
{
  const MlpPlotRect box = { 0, 0, 10, 10 };

  g_assert_true (_mlp_plot_clip_segment (&box, &x0, &y0, &x1, &y1));
  g_assert_cmpfloat_with_epsilon (x0, ex0, 1e-12);
  g_assert_cmpfloat_with_epsilon (y0, ey0, 1e-12);
  g_assert_cmpfloat_with_epsilon (x1, ex1, 1e-12);
  g_assert_cmpfloat_with_epsilon (y1, ey1, 1e-12);
}

static void
test_clip_segment (void)
{
  const MlpPlotRect box = { 0, 0, 10, 10 };
  double x0, y0, x1, y1;

  assert_clipped (2, 3, 7, 8, 2, 3, 7, 8);              /* inside: unchanged */
  assert_clipped (-5, 5, 15, 5, 0, 5, 10, 5);           /* across */
  assert_clipped (-10, -10, 20, 20, 0, 0, 10, 10);      /* corner to corner */
  assert_clipped (5, 20, 5, 5, 5, 10, 5, 5);            /* in from outside, reversed */
  assert_clipped (-990, 4, 1010, 6, 0, 4.99, 10, 5);     /* both ends far off */

  x0 = -5, y0 = -5, x1 = -1, y1 = 20;                   /* passes left of the box */
  g_assert_false (_mlp_plot_clip_segment (&box, &x0, &y0, &x1, &y1));
  x0 = -1, y0 = 2, x1 = -1, y1 = 8;                     /* parallel, outside */
  g_assert_false (_mlp_plot_clip_segment (&box, &x0, &y0, &x1, &y1));
  x0 = 8, y0 = -3, x1 = 13, y1 = 2;                     /* cuts the corner's outside */
  g_assert_false (_mlp_plot_clip_segment (&box, &x0, &y0, &x1, &y1));
}

static void
collect_index (gsize index, gpointer user_data)
{
  g_array_append_val ((GArray *) user_data, index);
}

/* 10,000 points, 100 per pixel column, one NaN: per column the first, the
 * lowest, the highest and the last point survive, in order, and the NaN
 * stays as a break */
static void
test_decimate (void)
{
  enum { N = 10000, PER_COLUMN = 100, NAN_AT = 5050 };
  g_autofree double *px = g_new (double, N);
  g_autofree double *py = g_new (double, N);
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (gsize));
  gboolean *is_kept = g_new0 (gboolean, N);

  for (gsize i = 0; i < N; i++)
    {
      px[i] = 20.0 + (double) i / PER_COLUMN;
      py[i] = 100 + 80 * sin (i * 0.37) * cos (i * 0.0013);
    }
  py[NAN_AT] = NAN;
  _mlp_plot_decimate (px, py, N, collect_index, kept);

  g_assert_cmpuint (kept->len, <, N / 10);
  for (guint k = 0; k < kept->len; k++)
    {
      gsize i = g_array_index (kept, gsize, k);

      if (k > 0)
        g_assert_cmpuint (i, >, g_array_index (kept, gsize, k - 1));
      is_kept[i] = TRUE;
    }
  g_assert_true (is_kept[NAN_AT]);
  g_assert_true (is_kept[NAN_AT - 1] && is_kept[NAN_AT + 1]);   /* the runs around it */
  for (gsize c = 0; c < N / PER_COLUMN; c++)
    {
      gsize first = c * PER_COLUMN, last = first + PER_COLUMN - 1, low = first, high = first;
      guint n = 0;

      for (gsize i = first; i <= last; i++)
        {
          if (i == NAN_AT)
            continue;
          if (py[i] < py[low])
            low = i;
          if (py[i] > py[high])
            high = i;
          n += is_kept[i];
        }
      g_assert_true (is_kept[first] && is_kept[last] && is_kept[low] && is_kept[high]);
      g_assert_cmpuint (n, <=, c == NAN_AT / PER_COLUMN ? 8 : 4);
    }
  g_free (is_kept);
}

/* ----------------------------------------------------------------- copy */

/* a plot that uses most of what a plot can hold */
static MlpPlot *
rich_plot (void)
{
  MlpPlot *plot = mlp_plot_new ();
  const MlpColor teal = { 0.1, 0.6, 0.6, 0.9 };
  double x[40], a[40], b[40];
  float fx[40], fy[40];

  for (int i = 0; i < 40; i++)
    {
      x[i] = i * 0.25;
      a[i] = exp (i * 0.2);
      b[i] = i % 7 == 3 ? NAN : 1 + i * i;
      fx[i] = (float) (i * 0.25);
      fy[i] = (float) (10 + 5 * sin (i * 0.3));
    }
  a[30] = a[31] = INFINITY;
  mlp_plot_set_labels (plot, "copy", "epoch", "loss");
  mlp_plot_set_yscale (plot, MLP_AXIS_LOG);
  mlp_plot_set_xlim (plot, NAN, 9);
  mlp_plot_add_series (plot, "exp", x, a, 40);
  mlp_plot_add_series (plot, "square, broken", x, b, 40);
  mlp_plot_series_set_style (plot, 1, MLP_LINE_DOTTED, &teal, 3, MLP_MARKER_CIRCLE);
  mlp_plot_add_series_f (plot, NULL, fx, fy, 40);
  mlp_plot_series_set_color_index (plot, 2, 5);
  mlp_plot_series_append (plot, 2, 10, 12);
  return plot;
}

static void
assert_same_pixels (cairo_surface_t *a, cairo_surface_t *b)
{
  int h = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a);

  g_assert_cmpint (cairo_image_surface_get_width (a), ==, cairo_image_surface_get_width (b));
  g_assert_cmpint (h, ==, cairo_image_surface_get_height (b));
  g_assert_cmpint (stride, ==, cairo_image_surface_get_stride (b));
  g_assert_cmpmem (cairo_image_surface_get_data (a), (gsize) h * stride,
                   cairo_image_surface_get_data (b), (gsize) h * stride);
}

/* plot and its copy give the same pixels, the same CSV and, after the
 * render, the same answers to the queries */
static void
assert_copy_draws_the_same (MlpPlot *plot)
{
  g_autoptr(MlpPlot) copy = mlp_plot_copy (plot);
  cairo_surface_t *a = render (plot, WIDTH, HEIGHT);
  cairo_surface_t *b = render (copy, WIDTH, HEIGHT);
  g_autofree char *csv_a = mlp_plot_to_csv (plot);
  g_autofree char *csv_b = mlp_plot_to_csv (copy);
  double ax, ay, bx, by;

  g_assert_true (copy != plot);
  assert_same_pixels (a, b);
  g_assert_cmpstr (csv_a, ==, csv_b);
  g_assert_cmpint (mlp_plot_data_to_pixel (plot, 2, 3, &ax, &ay), ==,
                   mlp_plot_data_to_pixel (copy, 2, 3, &bx, &by));
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);
}

static void
test_copy (void)
{
  g_autoptr(MlpPlot) plot = rich_plot ();
  g_autoptr(MlpPlot) heat = NULL;
  g_autoptr(MlpPlot) images = mlp_plot_new ();
  g_autoptr(MlpPlot) copy = NULL;
  g_autofree char *csv_before = NULL, *csv_after = NULL, *csv_copy = NULL;
  const guint counts[4] = { 9, 1, 2, 8 };
  const char *names[2] = { "cat", "dog" };
  const char *captions[3] = { "one", NULL, "three" };
  float pixels[3 * 4 * 5];
  cairo_surface_t *before, *after;
  double px, py, cx, cy;
  gsize n;

  assert_copy_draws_the_same (plot);
  heat = mlp_figure_confusion (counts, 2, names);
  assert_copy_draws_the_same (heat);
  for (guint i = 0; i < G_N_ELEMENTS (pixels); i++)
    pixels[i] = (float) sin (i * 0.7);
  mlp_plot_set_images (images, pixels, 3, 4, 5, captions, TRUE);
  assert_copy_draws_the_same (images);

  /* the last render's mapping comes along: the copy answers queries before
   * it is drawn itself */
  before = render (plot, WIDTH, HEIGHT);
  copy = mlp_plot_copy (plot);
  g_assert_true (mlp_plot_data_to_pixel (plot, 2, 10, &px, &py));
  g_assert_true (mlp_plot_data_to_pixel (copy, 2, 10, &cx, &cy));
  g_assert_cmpfloat (px, ==, cx);
  g_assert_cmpfloat (py, ==, cy);

  /* deep: changing the copy leaves the original alone */
  csv_before = mlp_plot_to_csv (plot);
  mlp_plot_series_append (copy, 0, 11, 5);
  mlp_plot_set_labels (copy, "changed", NULL, NULL);
  mlp_plot_series_set_style (copy, 1, MLP_LINE_SOLID, NULL, 8, MLP_MARKER_NONE);
  mlp_plot_set_yscale (copy, MLP_AXIS_LINEAR);
  mlp_plot_clear (copy);
  csv_after = mlp_plot_to_csv (plot);
  g_assert_cmpstr (csv_before, ==, csv_after);
  g_assert_cmpstr (mlp_plot_get_title (plot), ==, "copy");
  g_assert_cmpuint (mlp_plot_get_n_series (plot), ==, 3);
  g_assert_nonnull (mlp_plot_series_get_x (plot, 0, &n));
  g_assert_cmpuint (n, ==, 40);
  after = render (plot, WIDTH, HEIGHT);
  assert_same_pixels (before, after);
  csv_copy = mlp_plot_to_csv (copy);
  g_assert_cmpstr (csv_copy, ==, "");
  cairo_surface_destroy (before);
  cairo_surface_destroy (after);

  /* and the original going away leaves the copy whole */
  g_clear_pointer (&copy, mlp_plot_unref);
  copy = mlp_plot_copy (plot);
  g_clear_pointer (&plot, mlp_plot_unref);
  assert_copy_draws_the_same (copy);
}

typedef struct {
  MlpPlot         *plot;    /* owned by the thread until it returns */
  cairo_surface_t *surface;
} RenderJob;

static gpointer
render_in_thread (gpointer data)
{
  RenderJob *job = data;

  job->surface = render (job->plot, WIDTH, HEIGHT);
  g_clear_pointer (&job->plot, mlp_plot_unref);
  return NULL;
}

/* what the app will do: copy on the plot's thread, draw the copy on a
 * worker; the pixels are those of the original drawn here */
static void
test_copy_thread (void)
{
  g_autoptr(MlpPlot) plot = rich_plot ();
  RenderJob job = { mlp_plot_copy (plot), NULL };
  GThread *thread = g_thread_new ("render", render_in_thread, &job);
  cairo_surface_t *here = render (plot, WIDTH, HEIGHT);

  g_thread_join (thread);
  g_assert_null (job.plot);
  assert_same_pixels (here, job.surface);
  cairo_surface_destroy (here);
  cairo_surface_destroy (job.surface);
}

/* --------------------------------------------------------------- pixels */

/* y = 0.4 with ylim (0, 1): C0 on the row data_to_pixel names, at every
 * column of the area, and nowhere 5 px above or below */
static void
test_horizontal_line (void)
{
  g_autoptr(MlpPlot) plot = mlp_plot_new ();
  g_autofree double *x = linspace (0, 10, 50);
  double y[50];
  cairo_surface_t *surface;
  double px, py, first, last;
  Area a;
  int row, hits = 0;

  for (int i = 0; i < 50; i++)
    y[i] = 0.4;
  mlp_plot_add_series (plot, "level", x, y, 50);
  mlp_plot_set_ylim (plot, 0, 1);
  mlp_plot_set_legend (plot, FALSE);
  surface = render (plot, WIDTH, HEIGHT);
  a = get_area (plot);
  to_pixel (plot, 5, 0.4, &px, &py);
  g_assert_cmpfloat (py, >, a.y);
  g_assert_cmpfloat (py, <, a.y + a.h);
  row = (int) floor (py);   /* a 2-px line centred on py covers this row */
  to_pixel (plot, 0, 0.4, &first, NULL);
  to_pixel (plot, 10, 0.4, &last, NULL);
  g_assert_cmpfloat (first, >, a.x);          /* 5 % margins */
  g_assert_cmpfloat (last, <, a.x + a.w);

  for (int col = (int) ceil (first) + 1; col < (int) floor (last) - 1; col++)
    {
      g_assert_true (is_color (surface, col, row, &c0, 4));
      g_assert_false (is_color (surface, col, row - 5, &c0, 60));
      g_assert_false (is_color (surface, col, row + 5, &c0, 60));
      hits++;
    }
  g_assert_cmpint (hits, >, 300);
  /* and the row of y = 0.5 holds no trace of it */
  to_pixel (plot, 5, 0.5, &px, &py);
  g_assert_cmpuint (count_color (surface, (int) a.x, (int) floor (py), (int) (a.x + a.w),
                                 (int) floor (py) + 1, &c0, 60), ==, 0);
  cairo_surface_destroy (surface);
}

/* y = x on fixed limits passes through the pixels data_to_pixel gives, and
 * not 8 px above or below them */
static void
test_diagonal_line (void)
{
  g_autoptr(MlpPlot) plot = mlp_plot_new ();
  double x[2] = { 0, 1 }, y[2] = { 0, 1 };
  cairo_surface_t *surface;

  mlp_plot_add_series (plot, NULL, x, y, 2);
  mlp_plot_set_xlim (plot, 0, 1);
  mlp_plot_set_ylim (plot, 0, 1);
  surface = render (plot, WIDTH, HEIGHT);
  for (double t = 0.1; t < 0.95; t += 0.1)
    {
      double px, py;
      int ix, iy;

      to_pixel (plot, t, t, &px, &py);
      ix = (int) floor (px);
      iy = (int) floor (py);
      g_assert_cmpint (nearest_in_square (surface, ix, iy, 1, &c0), <=, 4);
      g_assert_cmpint (color_distance (pixel (surface, ix, iy), &c0), <=, 120);
      g_assert_false (is_color (surface, ix, iy - 8, &c0, 80));
      g_assert_false (is_color (surface, ix, iy + 8, &c0, 80));
    }
  cairo_surface_destroy (surface);
}

/* two labelled series from the lower left to the upper right: the legend
 * goes to the empty upper left corner with both line colours and its text */
static void
test_legend (void)
{
  g_autoptr(MlpPlot) plot = mlp_plot_new ();
  g_autofree double *x = linspace (0, 1, 40);
  double y1[40], y2[40];
  cairo_surface_t *with, *without;
  double cx0, cy0, cx1, cy1;

  for (int i = 0; i < 40; i++)
    {
      y1[i] = x[i];
      y2[i] = x[i] * x[i];
    }
  mlp_plot_add_series (plot, "linear", x, y1, 40);
  mlp_plot_add_series (plot, "square", x, y2, 40);
  mlp_plot_set_xlim (plot, 0, 1);
  mlp_plot_set_ylim (plot, 0, 1);
  with = render (plot, WIDTH, HEIGHT);

  /* the corner x < 0.45, y > 0.55, where neither curve goes */
  to_pixel (plot, 0, 1, &cx0, &cy0);
  to_pixel (plot, 0.45, 0.55, &cx1, &cy1);
  g_assert_cmpuint (count_color (with, (int) cx0 + 1, (int) cy0 + 1, (int) cx1, (int) cy1, &c0, 4), >, 10);
  g_assert_cmpuint (count_color (with, (int) cx0 + 1, (int) cy0 + 1, (int) cx1, (int) cy1, &magenta, 4), >, 5);
  g_assert_cmpuint (count_dark (with, (int) cx0 + 2, (int) cy0 + 2, (int) cx1, (int) cy1), >, 20);

  /* without the legend that corner is empty */
  mlp_plot_set_legend (plot, FALSE);
  without = render (plot, WIDTH, HEIGHT);
  g_assert_cmpuint (count_color (without, (int) cx0 + 1, (int) cy0 + 1, (int) cx1, (int) cy1, &c0, 60), ==, 0);
  g_assert_cmpuint (count_color (without, (int) cx0 + 1, (int) cy0 + 1, (int) cx1, (int) cy1, &magenta, 60), ==, 0);
  g_assert_cmpuint (count_dark (without, (int) cx0 + 2, (int) cy0 + 2, (int) cx1, (int) cy1), ==, 0);
  cairo_surface_destroy (with);
  cairo_surface_destroy (without);
}

/* the tick marks and labels below the x axis and left of the y axis, the
 * title above the area */
static void
test_ticks_and_labels (void)
{
  g_autoptr(MlpPlot) plot = mlp_plot_new ();
  g_autofree double *x = linspace (-3, 3, 61);
  double y[61];
  cairo_surface_t *surface;
  Area a;
  int bottom;

  for (int i = 0; i < 61; i++)
    y[i] = tanh (x[i]);
  mlp_plot_add_series (plot, "tanh", x, y, 61);
  mlp_plot_set_labels (plot, "tanh(x)", "x", "y");
  surface = render (plot, WIDTH, HEIGHT);
  a = get_area (plot);
  bottom = (int) ceil (a.y + a.h);

  /* tick marks: the 4 rows just under the area */
  g_assert_cmpuint (count_dark (surface, (int) a.x, bottom, (int) (a.x + a.w), bottom + 4), >=, 4);
  /* tick labels: the next 20 rows */
  g_assert_cmpuint (count_dark (surface, (int) a.x - 10, bottom + 5, (int) (a.x + a.w) + 10, bottom + 25), >, 40);
  /* y tick labels left of the area */
  g_assert_cmpuint (count_dark (surface, 0, (int) a.y, (int) a.x - 1, (int) (a.y + a.h)), >, 40);
  /* the title */
  g_assert_cmpuint (count_dark (surface, (int) a.x, 0, (int) (a.x + a.w), (int) a.y - 1), >, 20);
  /* nothing dark far right of the area */
  g_assert_cmpuint (count_dark (surface, (int) ceil (a.x + a.w) + 12, (int) a.y, WIDTH, (int) (a.y + a.h)), ==, 0);
  cairo_surface_destroy (surface);
}

/* ------------------------------------------------------------- log axes */

static void
test_log_decades (void)
{
  g_autoptr(MlpPlot) plot = mlp_plot_new ();
  g_autofree double *x = linspace (0, 3, 31);
  double y[31], p[4];
  cairo_surface_t *surface;
  Area a;

  for (int i = 0; i < 31; i++)
    y[i] = pow (10, x[i]);
  mlp_plot_add_series (plot, NULL, x, y, 31);
  mlp_plot_set_yscale (plot, MLP_AXIS_LOG);
  surface = render (plot, WIDTH, HEIGHT);
  a = get_area (plot);
  for (int k = 0; k < 4; k++)
    {
      to_pixel (plot, 1, pow (10, k), NULL, &p[k]);
      g_assert_cmpfloat (p[k], >=, a.y);
      g_assert_cmpfloat (p[k], <=, a.y + a.h);
    }
  g_assert_cmpfloat (p[1] - p[0], <, -50);   /* upwards */
  g_assert_cmpfloat_with_epsilon (p[1] - p[0], p[2] - p[1], 0.5);
  g_assert_cmpfloat_with_epsilon (p[2] - p[1], p[3] - p[2], 0.5);
  /* and the curve, a straight line on this axis, is where they say */
  for (int k = 0; k < 4; k++)
    {
      double px, py;

      to_pixel (plot, k, pow (10, k), &px, &py);
      if (py > a.y + 2 && py < a.y + a.h - 2)
        g_assert_cmpint (nearest_in_square (surface, (int) floor (px), (int) floor (py), 1, &c0), <=, 4);
    }
  /* ≤ 0 and NaN have no place on it */
  g_assert_false (mlp_plot_data_to_pixel (plot, 1, 0, NULL, NULL));
  g_assert_false (mlp_plot_data_to_pixel (plot, 1, -10, NULL, NULL));
  g_assert_false (mlp_plot_data_to_pixel (plot, 1, NAN, NULL, NULL));
  cairo_surface_destroy (surface);
}

/* 0, −5 and NaN on a log axis break the line and get no marker */
static void
test_log_nonpositive (void)
{
  g_autoptr(MlpPlot) line = mlp_plot_new ();
  g_autoptr(MlpPlot) dots = mlp_plot_new ();
  double x[7] = { 0, 1, 2, 3, 4, 5, 6 };
  double y[7] = { 10, 10, 0, 10, -5, 10, NAN };
  double yd[7] = { 10, 0, -5, NAN, 10, -1e-300, 10 };
  cairo_surface_t *surface;
  double px, py, gx0, gx1, ry;
  Area a;

  /* a line: drawn over [0, 1], nothing over (1, 3) nor (3, 5) */
  mlp_plot_add_series (line, NULL, x, y, 7);
  mlp_plot_set_yscale (line, MLP_AXIS_LOG);
  mlp_plot_set_xlim (line, 0, 6);
  mlp_plot_set_ylim (line, 1, 100);
  surface = render (line, WIDTH, HEIGHT);
  a = get_area (line);
  to_pixel (line, 0.5, 10, &px, &ry);
  g_assert_true (is_color (surface, (int) px, (int) floor (ry), &c0, 4));
  to_pixel (line, 1.15, 10, &gx0, NULL);
  to_pixel (line, 2.85, 10, &gx1, NULL);
  g_assert_cmpuint (count_color (surface, (int) gx0, (int) a.y, (int) gx1, (int) (a.y + a.h), &c0, 80), ==, 0);
  to_pixel (line, 3.15, 10, &gx0, NULL);
  to_pixel (line, 4.85, 10, &gx1, NULL);
  g_assert_cmpuint (count_color (surface, (int) gx0, (int) a.y, (int) gx1, (int) (a.y + a.h), &c0, 80), ==, 0);
  to_pixel (line, 5.15, 10, &gx0, NULL);
  g_assert_cmpuint (count_color (surface, (int) gx0, (int) a.y, (int) (a.x + a.w), (int) (a.y + a.h), &c0, 80), ==, 0);
  /* hovering finds none of them */
  {
    guint series;
    gsize index = 99;

    to_pixel (line, 2, 1, &px, &py);
    g_assert_true (mlp_plot_find_nearest (line, px, py, 1000, &series, &index));
    g_assert_cmpuint (index, !=, 2);
    g_assert_cmpuint (index, !=, 4);
    g_assert_cmpuint (index, !=, 6);
  }
  cairo_surface_destroy (surface);

  /* markers only: circles at x = 0, 4 and 6, none at 1, 2, 3, 5 */
  mlp_plot_series_set_style (dots, mlp_plot_add_series (dots, NULL, x, yd, 7),
                             MLP_LINE_NONE, NULL, 0, MLP_MARKER_CIRCLE);
  mlp_plot_set_yscale (dots, MLP_AXIS_LOG);
  mlp_plot_set_xlim (dots, -0.5, 6.5);
  surface = render (dots, WIDTH, HEIGHT);
  a = get_area (dots);
  for (int i = 0; i < 7; i++)
    {
      guint n;

      to_pixel (dots, i, 10, &px, &py);
      n = count_color (surface, (int) px - 6, (int) a.y, (int) px + 7, (int) (a.y + a.h), &c0, 80);
      if (i == 0 || i == 4 || i == 6)
        {
          g_assert_cmpint (nearest_in_square (surface, (int) floor (px), (int) floor (py), 0, &c0), <=, 4);
          g_assert_cmpuint (n, >, 10);
        }
      else
        g_assert_cmpuint (n, ==, 0);
    }
  cairo_surface_destroy (surface);
}

/* a norm that overflowed to +inf: an arrow at the top edge where it starts */
static void
test_log_overflow_arrow (void)
{
  g_autoptr(MlpPlot) plot = mlp_plot_new ();
  double x[6] = { 0, 1, 2, 3, 4, 5 };
  double y[6] = { 1, 10, 100, INFINITY, INFINITY, INFINITY };
  cairo_surface_t *surface;
  double px, px2;
  Area a;
  int col;

  mlp_plot_add_series (plot, "norm", x, y, 6);
  mlp_plot_set_yscale (plot, MLP_AXIS_LOG);
  mlp_plot_set_legend (plot, FALSE);
  surface = render (plot, WIDTH, HEIGHT);
  a = get_area (plot);
  to_pixel (plot, 3, 1, &px, NULL);
  col = (int) floor (px);
  /* the triangle's body, a few pixels under the top edge */
  g_assert_cmpint (nearest_in_square (surface, col, (int) a.y + 5, 0, &c0), <=, 4);
  g_assert_cmpuint (count_color (surface, col - 6, (int) a.y, col + 7, (int) a.y + 10, &c0, 4), >, 8);
  /* one arrow: none where the run of inf goes on, only the thin line */
  to_pixel (plot, 4, 1, &px2, NULL);
  g_assert_cmpuint (count_color (surface, (int) px2 - 3, (int) a.y + 5, (int) px2 + 4, (int) a.y + 10, &c0, 60), ==, 0);
  g_assert_cmpuint (count_color (surface, (int) px2 - 3, (int) a.y, (int) px2 + 4, (int) a.y + 4, &c0, 120), >, 0);
  /* inf has no pixel of its own */
  g_assert_false (mlp_plot_data_to_pixel (plot, 3, INFINITY, NULL, NULL));
  cairo_surface_destroy (surface);

  /* −inf on a log axis and ±inf on a linear one do not crash */
  {
    g_autoptr(MlpPlot) other = mlp_plot_new ();
    double z[6] = { 1, -INFINITY, 10, INFINITY, -INFINITY, NAN };

    mlp_plot_add_series (other, "z", x, z, 6);
    mlp_plot_set_yscale (other, MLP_AXIS_LOG);
    cairo_surface_destroy (render (other, WIDTH, HEIGHT));
    mlp_plot_set_yscale (other, MLP_AXIS_LINEAR);
    cairo_surface_destroy (render (other, WIDTH, HEIGHT));
    mlp_plot_set_xscale (other, MLP_AXIS_LOG);
    cairo_surface_destroy (render (other, WIDTH, HEIGHT));
  }
}

/* ------------------------------------------------------------- clipping */

/* greenish: the distinctive colour, antialiased or not */
static gboolean
is_greenish (Rgb p)
{
  return p.g > p.r + 40 && p.g > p.b + 40;
}

static void
assert_nothing_outside (MlpPlot *plot, cairo_surface_t *surface)
{
  Area a = get_area (plot);
  guint inside = 0;

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        gboolean in = x >= a.x && x < a.x + a.w && y >= a.y && y < a.y + a.h;

        if (!is_greenish (pixel (surface, x, y)))
          continue;
        if (!in)
          g_error ("a series pixel at (%d, %d) outside the area %g,%g %g×%g", x, y, a.x, a.y, a.w, a.h);
        inside++;
      }
  g_assert_cmpuint (inside, >, 100);
}

static void
test_clip (void)
{
  static const MlpColor green = { 0.1, 0.9, 0.2, 1 };
  g_autoptr(MlpPlot) plot = mlp_plot_new ();
  g_autoptr(MlpPlot) many = mlp_plot_new ();
  double x[9] = { -5, 0, 1, 2, 3, 4, 5, 8, 1e200 };
  double y[9] = { 0.5, 1e300, -1e300, 0.5, 1e12, -3, 0.5, 2, 0.5 };
  const guint n = 20000;
  g_autofree double *mx = linspace (0, 10, n);
  g_autofree double *my = g_new (double, n);
  cairo_surface_t *surface;

  /* a thick line with markers on fixed limits far inside the data */
  mlp_plot_series_set_style (plot, mlp_plot_add_series (plot, NULL, x, y, 9),
                             MLP_LINE_SOLID, &green, 8, MLP_MARKER_CIRCLE);
  mlp_plot_set_xlim (plot, 0, 6);
  mlp_plot_set_ylim (plot, 0, 1);
  mlp_plot_set_grid (plot, FALSE);
  surface = render (plot, WIDTH, HEIGHT);
  assert_nothing_outside (plot, surface);
  cairo_surface_destroy (surface);

  /* and through the decimation of a long sorted series */
  for (guint i = 0; i < n; i++)
    my[i] = i % 97 == 0 ? NAN : i % 2 ? 1e300 : -1e300 * (i % 5);
  mlp_plot_series_set_style (many, mlp_plot_add_series (many, NULL, mx, my, n),
                             MLP_LINE_DASHED, &green, 6, MLP_MARKER_NONE);
  mlp_plot_set_xlim (many, 2, 8);
  mlp_plot_set_ylim (many, -1, 1);
  surface = render (many, WIDTH, HEIGHT);
  assert_nothing_outside (many, surface);
  cairo_surface_destroy (surface);
}

/* ----------------------------------------------------- ranges and queries */

static void
test_empty (void)
{
  g_autoptr(MlpPlot) plot = mlp_plot_new ();
  cairo_surface_t *surface;
  double px, py;
  Area a;

  /* never rendered: no mapping yet */
  g_assert_false (mlp_plot_data_to_pixel (plot, 0, 0, &px, &py));
  g_assert_false (mlp_plot_pixel_to_data (plot, 0, 0, &px, &py));
  g_assert_false (mlp_plot_find_nearest (plot, 0, 0, 1000, NULL, NULL));

  surface = render (plot, WIDTH, HEIGHT);
  a = get_area (plot);
  to_pixel (plot, 0.5, 0.5, &px, &py);
  g_assert_cmpfloat (px, >, a.x);
  g_assert_cmpfloat (px, <, a.x + a.w);
  g_assert_false (mlp_plot_find_nearest (plot, px, py, 1000, NULL, NULL));
  g_assert_cmpuint (count_dark (surface, 0, 0, WIDTH, HEIGHT), >, 0);
  cairo_surface_destroy (surface);

  /* log axes, a series with no points, one with one point, a tiny surface */
  mlp_plot_set_xscale (plot, MLP_AXIS_LOG);
  mlp_plot_set_yscale (plot, MLP_AXIS_LOG);
  cairo_surface_destroy (render (plot, WIDTH, HEIGHT));
  mlp_plot_add_series (plot, "none", NULL, NULL, 0);
  cairo_surface_destroy (render (plot, WIDTH, HEIGHT));
  mlp_plot_series_append (plot, 0, 3, 3);
  cairo_surface_destroy (render (plot, WIDTH, HEIGHT));
  cairo_surface_destroy (render (plot, 3, 2));
  mlp_plot_clear (plot);
  g_assert_cmpuint (mlp_plot_get_n_series (plot), ==, 0);
  cairo_surface_destroy (render (plot, WIDTH, HEIGHT));
}

/* all y equal: the range opens around the value, which sits inside */
static void
assert_padded (MlpPlot *plot, double yv)
{
  double px, py, top, bottom;
  Area a;

  cairo_surface_destroy (render (plot, WIDTH, HEIGHT));
  a = get_area (plot);
  to_pixel (plot, 1, yv, &px, &py);
  g_assert_cmpfloat (py, >, a.y + 0.2 * a.h);
  g_assert_cmpfloat (py, <, a.y + 0.8 * a.h);
  g_assert_true (mlp_plot_pixel_to_data (plot, px, a.y, NULL, &top));
  g_assert_true (mlp_plot_pixel_to_data (plot, px, a.y + a.h, NULL, &bottom));
  g_assert_cmpfloat (top, >, yv);
  g_assert_cmpfloat (bottom, <, yv);
  g_assert_true (isfinite (top) && isfinite (bottom));
}

static void
test_equal_values (void)
{
  g_autoptr(MlpPlot) plot = mlp_plot_new ();
  g_autoptr(MlpPlot) zeros = mlp_plot_new ();
  g_autoptr(MlpPlot) logp = mlp_plot_new ();
  g_autoptr(MlpPlot) point = mlp_plot_new ();
  double x[3] = { 0, 1, 2 }, y[3] = { 3, 3, 3 }, z[3] = { 0, 0, 0 }, h[3] = { 100, 100, 100 };
  double one = 1, px, left, right;

  mlp_plot_add_series (plot, NULL, x, y, 3);
  assert_padded (plot, 3);
  mlp_plot_add_series (zeros, NULL, x, z, 3);
  assert_padded (zeros, 0);
  mlp_plot_add_series (logp, NULL, x, h, 3);
  mlp_plot_set_yscale (logp, MLP_AXIS_LOG);
  assert_padded (logp, 100);

  /* a single point: both axes padded */
  mlp_plot_add_series (point, NULL, &one, &one, 1);
  assert_padded (point, 1);
  to_pixel (point, 1, 1, &px, NULL);
  g_assert_true (mlp_plot_pixel_to_data (point, px - 50, 0, &left, NULL));
  g_assert_true (mlp_plot_pixel_to_data (point, px + 50, 0, &right, NULL));
  g_assert_cmpfloat (left, <, 1);
  g_assert_cmpfloat (right, >, 1);
}

static void
test_find_nearest (void)
{
  g_autoptr(MlpPlot) plot = mlp_plot_new ();
  double x[5] = { 0, 1, 2, 3, 4 };
  double a[5] = { 0, 1, 2, 3, 4 }, b[5] = { 4, 3, 2.5, 1, 0 };
  double px, py;
  guint series = 99;
  gsize index = 99;

  mlp_plot_add_series (plot, "a", x, a, 5);
  mlp_plot_add_series (plot, "b", x, b, 5);
  cairo_surface_destroy (render (plot, WIDTH, HEIGHT));

  to_pixel (plot, 3, 1, &px, &py);
  g_assert_true (mlp_plot_find_nearest (plot, px + 2, py - 1, 5, &series, &index));
  g_assert_cmpuint (series, ==, 1);
  g_assert_cmpuint (index, ==, 3);

  to_pixel (plot, 1, 1, &px, &py);
  g_assert_true (mlp_plot_find_nearest (plot, px - 1, py + 3, 5, &series, &index));
  g_assert_cmpuint (series, ==, 0);
  g_assert_cmpuint (index, ==, 1);

  /* (2, 2) and (2, 2.5): whichever is nearer */
  {
    double p2, p25;

    to_pixel (plot, 2, 2, &px, &p2);
    to_pixel (plot, 2, 2.5, NULL, &p25);
    g_assert_true (mlp_plot_find_nearest (plot, px, p2 + 0.3 * (p25 - p2), 100, &series, &index));
    g_assert_cmpuint (series, ==, 0);
    g_assert_cmpuint (index, ==, 2);
    g_assert_true (mlp_plot_find_nearest (plot, px, p2 + 0.7 * (p25 - p2), 100, &series, &index));
    g_assert_cmpuint (series, ==, 1);
    g_assert_cmpuint (index, ==, 2);
  }

  /* 30 px from every point: nothing within 10, something within 40 */
  to_pixel (plot, 0, 4, &px, &py);
  g_assert_false (mlp_plot_find_nearest (plot, px + 30, py, 10, &series, &index));
  g_assert_true (mlp_plot_find_nearest (plot, px + 30, py, 40, &series, &index));
  g_assert_cmpuint (series, ==, 1);
  g_assert_cmpuint (index, ==, 0);
  /* max_distance is a radius in pixels */
  g_assert_true (mlp_plot_find_nearest (plot, px, py + 0.75, 0.76, NULL, NULL));
  g_assert_false (mlp_plot_find_nearest (plot, px, py + 0.75, 0.74, NULL, NULL));
}

static void
test_pixel_roundtrip (void)
{
  g_autoptr(MlpPlot) plot = mlp_plot_new ();
  double x[3] = { 0.001, 1, 1000 }, y[3] = { -7, 2, 40 };
  static const double probes[][2] = { { 0.001, -7 }, { 0.5, 0 }, { 3.7, 12.25 }, { 1000, 40 }, { 42, -6.5 } };

  mlp_plot_add_series (plot, NULL, x, y, 3);
  for (int scale = 0; scale < 2; scale++)
    {
      mlp_plot_set_xscale (plot, scale ? MLP_AXIS_LOG : MLP_AXIS_LINEAR);
      cairo_surface_destroy (render (plot, WIDTH, HEIGHT));
      for (guint i = 0; i < G_N_ELEMENTS (probes); i++)
        {
          double px, py, bx, by;

          to_pixel (plot, probes[i][0], probes[i][1], &px, &py);
          g_assert_true (mlp_plot_pixel_to_data (plot, px, py, &bx, &by));
          g_assert_cmpfloat_with_epsilon (bx, probes[i][0], 1e-9 * MAX (1, fabs (probes[i][0])));
          g_assert_cmpfloat_with_epsilon (by, probes[i][1], 1e-9 * MAX (1, fabs (probes[i][1])));
        }
    }
  /* and the other way round */
  {
    double x1, y1, px, py;

    g_assert_true (mlp_plot_pixel_to_data (plot, 123.25, 77.5, &x1, &y1));
    to_pixel (plot, x1, y1, &px, &py);
    g_assert_cmpfloat_with_epsilon (px, 123.25, 1e-6);
    g_assert_cmpfloat_with_epsilon (py, 77.5, 1e-6);
  }
}

/* --------------------------------------------------------------- export */

typedef struct {
  char *dir;
} ExportFixture;

static void
export_setup (ExportFixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("mlp-plot-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
export_teardown (ExportFixture *f, gconstpointer data)
{
  GDir *dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);

      /* an atomic export leaves no temporary ".name.XXXXXX" behind */
      g_assert_false (name[0] == '.');
      g_unlink (path);
    }
  g_dir_close (dir);
  g_rmdir (f->dir);
  g_free (f->dir);
}

static MlpPlot *
export_plot (const char *label1, const char *label2, gboolean shared_x)
{
  MlpPlot *plot = mlp_plot_new ();
  double x[3] = { 0, 1, 2 }, x2[3] = { 0, 1, 3 }, a[3] = { 1, 2, 3 }, b[3] = { 0.5, -1, 0.25 };

  mlp_plot_set_labels (plot, "export", "x", "y");
  mlp_plot_add_series (plot, label1, x, a, 3);
  mlp_plot_add_series (plot, label2, shared_x ? x : x2, b, 3);
  return plot;
}

static char *
export_read (ExportFixture *f, MlpPlot *plot, const char *name, double w, double h, double dpi, gsize *len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  char *contents = NULL;

  g_assert_true (mlp_plot_export (plot, path, MLP_PLOT_FORMAT_AUTO, w, h, dpi, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, len, &error));
  g_assert_no_error (error);
  return contents;
}

static guint32
be32 (const char *p)
{
  const unsigned char *u = (const unsigned char *) p;

  return (guint32) u[0] << 24 | (guint32) u[1] << 16 | (guint32) u[2] << 8 | u[3];
}

static void
assert_png (const char *data, gsize len, guint32 width, guint32 height)
{
  g_assert_cmpuint (len, >, 33);
  g_assert_cmpmem (data, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpmem (data + 12, 4, "IHDR", 4);
  g_assert_cmpuint (be32 (data + 16), ==, width);
  g_assert_cmpuint (be32 (data + 20), ==, height);
}

static void
test_export_png (ExportFixture *f, gconstpointer data)
{
  g_autoptr(MlpPlot) plot = export_plot ("a", "b", TRUE);
  g_autofree char *p96 = NULL, *p192 = NULL, *pfrac = NULL;
  gsize len;

  p96 = export_read (f, plot, "fig.png", 400, 250, 96, &len);
  assert_png (p96, len, 400, 250);
  p192 = export_read (f, plot, "fig@2x.PNG", 400, 250, 192, &len);
  assert_png (p192, len, 800, 500);
  /* ceil (size × dpi / 96) */
  pfrac = export_read (f, plot, "fig-150.png", 333, 201, 144, &len);
  assert_png (pfrac, len, 500, 302);
}

static void
test_export_vector (ExportFixture *f, gconstpointer data)
{
  g_autoptr(MlpPlot) plot = export_plot ("a", "b", TRUE);
  g_autofree char *svg = NULL, *pdf = NULL;
  gsize len;
  const char *tag;

  svg = export_read (f, plot, "fig.svg", 400, 250, 96, &len);
  g_assert_true (g_str_has_prefix (svg, "<?xml"));
  tag = strstr (svg, "<svg");
  g_assert_nonnull (tag);
  g_assert_nonnull (strstr (tag, "width=\"400"));
  g_assert_nonnull (strstr (tag, "height=\"250"));
  g_assert_nonnull (strstr (svg, "</svg>"));

  pdf = export_read (f, plot, "fig.pdf", 400, 250, 96, &len);
  g_assert_cmpuint (len, >, 5);
  g_assert_cmpmem (pdf, 5, "%PDF-", 5);
  g_assert_cmpuint (len, >, 16);
  g_assert_nonnull (g_strstr_len (pdf + len - 16, 16, "%EOF"));
}

static void
test_export_csv (ExportFixture *f, gconstpointer data)
{
  g_autoptr(MlpPlot) shared = export_plot ("train_loss", "val, acc", TRUE);
  g_autoptr(MlpPlot) apart = export_plot ("a", "say \"b\"", FALSE);
  g_autoptr(MlpPlot) unlabelled = export_plot (NULL, NULL, TRUE);
  g_autofree char *csv1 = NULL, *csv2 = NULL, *csv3 = NULL, *direct = NULL;
  gsize len;

  csv1 = export_read (f, shared, "shared.csv", 400, 250, 96, &len);
  g_assert_cmpstr (csv1, ==,
                   "x,train_loss,\"val, acc\"\n"
                   "0,1,0.5\n"
                   "1,2,-1\n"
                   "2,3,0.25\n");
  direct = mlp_plot_to_csv (shared);
  g_assert_cmpstr (direct, ==, csv1);

  csv2 = export_read (f, apart, "apart.csv", 400, 250, 96, &len);
  g_assert_cmpstr (csv2, ==,
                   "series,x,y\n"
                   "a,0,1\n"
                   "a,1,2\n"
                   "a,2,3\n"
                   "\"say \"\"b\"\"\",0,0.5\n"
                   "\"say \"\"b\"\"\",1,-1\n"
                   "\"say \"\"b\"\"\",3,0.25\n");

  csv3 = export_read (f, unlabelled, "unlabelled.csv", 400, 250, 96, &len);
  g_assert_true (g_str_has_prefix (csv3, "x,y1,y2\n"));
}

static void
test_export_errors (ExportFixture *f, gconstpointer data)
{
  g_autoptr(MlpPlot) plot = export_plot ("a", "b", TRUE);
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", "fig.png", NULL);
  g_autofree char *unknown = g_build_filename (f->dir, "fig.xyz", NULL);
  g_autofree char *none = g_build_filename (f->dir, "figure", NULL);
  g_autofree char *ok = g_build_filename (f->dir, "fig.svg", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (mlp_plot_export (plot, missing, MLP_PLOT_FORMAT_AUTO, 400, 250, 96, NULL, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_IO);
  g_assert_nonnull (strstr (error->message, missing));
  g_clear_error (&error);

  g_assert_false (mlp_plot_export (plot, unknown, MLP_PLOT_FORMAT_AUTO, 400, 250, 96, NULL, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, unknown));
  g_clear_error (&error);
  g_assert_false (g_file_test (unknown, G_FILE_TEST_EXISTS));

  g_assert_false (mlp_plot_export (plot, none, MLP_PLOT_FORMAT_AUTO, 400, 250, 96, NULL, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* an explicit format needs no extension */
  g_assert_true (mlp_plot_export (plot, none, MLP_PLOT_FORMAT_CSV, 400, 250, 96, NULL, &error));
  g_assert_no_error (error);

  /* sizes out of range */
  g_assert_false (mlp_plot_export (plot, ok, MLP_PLOT_FORMAT_AUTO, 0, 250, 96, NULL, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (mlp_plot_export (plot, ok, MLP_PLOT_FORMAT_PNG, 40000, 250, 96, NULL, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (mlp_plot_export (plot, ok, MLP_PLOT_FORMAT_AUTO, 400, 250, NAN, NULL, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (g_file_test (ok, G_FILE_TEST_EXISTS));
}

static void
test_format_from_path (void)
{
  MlpPlotFormat format = MLP_PLOT_FORMAT_AUTO;

  g_assert_true (mlp_plot_format_from_path ("fig.png", &format));
  g_assert_cmpint (format, ==, MLP_PLOT_FORMAT_PNG);
  g_assert_true (mlp_plot_format_from_path ("/tmp/a.b/Fig.SVG", &format));
  g_assert_cmpint (format, ==, MLP_PLOT_FORMAT_SVG);
  g_assert_true (mlp_plot_format_from_path ("fig.pdf", &format));
  g_assert_cmpint (format, ==, MLP_PLOT_FORMAT_PDF);
  g_assert_true (mlp_plot_format_from_path ("loss.csv", &format));
  g_assert_cmpint (format, ==, MLP_PLOT_FORMAT_CSV);
  g_assert_true (mlp_plot_format_from_path ("x.png", NULL));

  format = MLP_PLOT_FORMAT_AUTO;
  g_assert_false (mlp_plot_format_from_path ("fig", &format));
  g_assert_false (mlp_plot_format_from_path ("fig.jpeg", &format));
  g_assert_false (mlp_plot_format_from_path ("fig.", &format));
  g_assert_false (mlp_plot_format_from_path ("dir.png/fig", &format));
  g_assert_false (mlp_plot_format_from_path ("fig.png.gz", &format));
  g_assert_cmpint (format, ==, MLP_PLOT_FORMAT_AUTO);
}

/* cairo names an SVG's surface by a counter over the whole process, so two
 * exports of one plot differ there and only there */
static char *
svg_without_surface_ids (const char *svg)
{
  g_autoptr(GRegex) ids = g_regex_new ("id=\"surface[0-9]+\"", 0, 0, NULL);

  return g_regex_replace_literal (ids, svg, -1, 0, "id=\"surface\"", 0, NULL);
}

/* a copy exports the same bytes: PNG at two resolutions, CSV, and SVG but
 * for its surface id */
static void
test_export_copy (ExportFixture *f, gconstpointer data)
{
  static const struct {
    const char *name;
    double dpi;
  } files[] = { { "fig.png", 96 }, { "fig@2x.png", 192 }, { "fig.svg", 96 }, { "fig.csv", 96 } };
  g_autoptr(MlpPlot) plot = rich_plot ();
  g_autoptr(MlpPlot) copy = mlp_plot_copy (plot);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *copy_name = g_strconcat ("copy-", files[i].name, NULL);
      g_autofree char *a = NULL, *b = NULL;
      gsize len_a, len_b;

      a = export_read (f, plot, files[i].name, 400, 250, files[i].dpi, &len_a);
      b = export_read (f, copy, copy_name, 400, 250, files[i].dpi, &len_b);
      if (g_str_has_suffix (files[i].name, ".svg"))
        {
          g_autofree char *plain_a = svg_without_surface_ids (a);
          g_autofree char *plain_b = svg_without_surface_ids (b);

          g_assert_cmpstr (plain_a, !=, a);   /* the id was there to hide */
          g_assert_cmpstr (plain_a, ==, plain_b);
        }
      else
        g_assert_cmpmem (a, len_a, b, len_b);
    }
}

/* -------------------------------------------------------------- figures */

static void
test_figure_sigmoid_both (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpActivationCurve) c = NULL;
  g_autoptr(MlpPlot) plot = NULL;
  const double *x, *y;
  gsize n;

  plot = mlp_figure_activation (MLP_ACTIVATION_SIGMOID, 0, MLP_ACTIVATION_FROM, MLP_ACTIVATION_TO,
                                MLP_ACTIVATION_STEP, MLP_FIGURE_BOTH, TRUE, &error);
  g_assert_no_error (error);
  g_assert_nonnull (plot);
  g_assert_cmpuint (mlp_plot_get_n_series (plot), ==, 3);

  c = mlp_activation_curve_new (MLP_ACTIVATION_SIGMOID, 0, MLP_ACTIVATION_FROM, MLP_ACTIVATION_TO,
                                MLP_ACTIVATION_STEP, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->n, ==, 160);

  /* series 0 is f, series 1 what autograd gave, bit for bit */
  x = mlp_plot_series_get_x (plot, 0, &n);
  y = mlp_plot_series_get_y (plot, 0, &n);
  g_assert_cmpuint (n, ==, c->n);
  for (gsize i = 0; i < n; i++)
    {
      g_assert_true (x[i] == (double) c->x[i]);
      g_assert_true (y[i] == (double) c->y[i]);
    }
  y = mlp_plot_series_get_y (plot, 1, &n);
  g_assert_cmpuint (n, ==, c->n);
  for (gsize i = 0; i < n; i++)
    g_assert_true (y[i] == (double) c->grad[i]);
  /* series 2 the formula, close to it */
  y = mlp_plot_series_get_y (plot, 2, &n);
  g_assert_cmpuint (n, ==, c->n);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpfloat_with_epsilon (y[i], c->grad[i], 1e-6);
  g_assert_cmpstr (mlp_plot_series_get_label (plot, 0), ==, "sigmoid");
  cairo_surface_destroy (render (plot, WIDTH, HEIGHT));
}

static void
test_figure_sigmoid_gradient_ylim (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpPlot) plot = NULL;
  double py0, py1;
  Area a;

  plot = mlp_figure_activation (MLP_ACTIVATION_SIGMOID, 0, MLP_ACTIVATION_FROM, MLP_ACTIVATION_TO,
                                MLP_ACTIVATION_STEP, MLP_FIGURE_GRADIENT, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mlp_plot_get_n_series (plot), ==, 1);
  g_assert_cmpstr (mlp_plot_get_title (plot), ==, "grad of sigmoid");
  cairo_surface_destroy (render (plot, WIDTH, HEIGHT));
  a = get_area (plot);
  to_pixel (plot, 0, 0, NULL, &py0);
  to_pixel (plot, 0, 1, NULL, &py1);
  g_assert_cmpfloat_with_epsilon (py0, a.y + a.h, 1e-9);
  g_assert_cmpfloat_with_epsilon (py1, a.y, 1e-9);
}

static void
test_figure_prelu_family (void)
{
  static const double alphas[4] = { 0.0, 0.1, 0.25, 0.5 };
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpPlot) family = NULL, both = NULL, grad_alpha = NULL, single = NULL, bad = NULL;

  family = mlp_figure_prelu_family (alphas, 4, -4, 4, 0.1, MLP_FIGURE_FUNCTION, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mlp_plot_get_n_series (family), ==, 4);
  g_assert_cmpstr (mlp_plot_series_get_label (family, 2), ==, "α = 0.25");
  cairo_surface_destroy (render (family, WIDTH, HEIGHT));

  both = mlp_figure_prelu_family (alphas, 4, -4, 4, 0.1, MLP_FIGURE_BOTH, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mlp_plot_get_n_series (both), ==, 8);

  /* ∂f/∂weight of f = max(0, x) + weight · min(0, x) is min(0, x) */
  grad_alpha = mlp_figure_prelu_family (alphas, 4, -4, 4, 0.1, MLP_FIGURE_GRAD_ALPHA, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mlp_plot_get_n_series (grad_alpha), ==, 4);
  for (guint k = 0; k < 4; k++)
    {
      gsize n, m;
      const double *x = mlp_plot_series_get_x (grad_alpha, k, &n);
      const double *g = mlp_plot_series_get_y (grad_alpha, k, &m);

      g_assert_cmpuint (n, ==, 80);
      g_assert_cmpuint (m, ==, n);
      for (gsize i = 0; i < n; i++)
        g_assert_true (g[i] == MIN (0.0, x[i]));
    }

  single = mlp_figure_activation (MLP_ACTIVATION_PRELU, 0.25f, -2, 2, 0.5, MLP_FIGURE_GRAD_ALPHA, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mlp_plot_get_n_series (single), ==, 1);

  bad = mlp_figure_activation (MLP_ACTIVATION_RELU, 0, -2, 2, 0.5, MLP_FIGURE_GRAD_ALPHA, FALSE, &error);
  g_assert_null (bad);
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  bad = mlp_figure_prelu_family (alphas, 0, -2, 2, 0.5, MLP_FIGURE_FUNCTION, &error);
  g_assert_null (bad);
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  bad = mlp_figure_activation (MLP_ACTIVATION_TANH, 0, 2, -2, 0.5, MLP_FIGURE_FUNCTION, FALSE, &error);
  g_assert_null (bad);
  g_assert_nonnull (error);
}

static void
test_figure_explode (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpExplodeResult) r = mlp_explode_run (4, 100, 1.0, 7, &error);
  g_autoptr(MlpExplodeResult) big = NULL;
  g_autoptr(MlpPlot) plot = NULL, over = NULL;
  const double *y;
  double p1, p10, p100;
  gsize n;

  g_assert_no_error (error);
  plot = mlp_figure_explode (r);
  g_assert_cmpuint (mlp_plot_get_n_series (plot), ==, 1);
  y = mlp_plot_series_get_y (plot, 0, &n);
  g_assert_cmpuint (n, ==, 101);
  for (gsize i = 0; i < n; i++)
    g_assert_true (y[i] == r->norms[i]);
  cairo_surface_destroy (render (plot, WIDTH, HEIGHT));
  /* a log y axis: no place for 0, decades equally spaced */
  g_assert_false (mlp_plot_data_to_pixel (plot, 1, 0, NULL, NULL));
  to_pixel (plot, 1, 1, NULL, &p1);
  to_pixel (plot, 1, 10, NULL, &p10);
  to_pixel (plot, 1, 100, NULL, &p100);
  g_assert_cmpfloat_with_epsilon (p10 - p1, p100 - p10, 1e-6);
  g_assert_cmpfloat (p10, <, p1);

  /* std 1000: the float product overflows, the plot still draws */
  big = mlp_explode_run (4, 100, 1000.0, 7, &error);
  g_assert_no_error (error);
  over = mlp_figure_explode (big);
  y = mlp_plot_series_get_y (over, 0, &n);
  g_assert_cmpuint (n, ==, 101);
  cairo_surface_destroy (render (over, WIDTH, HEIGHT));
}

/* a heat map (the confusion matrix): cells coloured by value, CSV is the matrix */
static void
test_heatmap (void)
{
  const guint counts[9] = { 50, 0, 1, 2, 40, 0, 0, 3, 47 };
  const char *names[3] = { "a", "b,c", "d" };
  g_autoptr(MlpPlot) plot = mlp_figure_confusion (counts, 3, names);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 400, 400);
  cairo_t *cr = cairo_create (surface);
  g_autofree char *csv = NULL;
  guint rows, cols;
  double x, y, w, h;
  guint8 *px;
  int stride;

  g_assert_nonnull (mlp_plot_get_heatmap (plot, &rows, &cols));
  g_assert_cmpuint (rows, ==, 3);
  mlp_plot_render (plot, cr, 400, 400, mlp_plot_style_light ());
  cairo_surface_flush (surface);
  mlp_plot_get_area (plot, &x, &y, &w, &h);
  px = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  /* the largest count's cell (0, 0) is dark blue, an empty one (0, 1) near white */
  {
    guint8 *dark = px + (int) (y + h / 6 + 8) * stride + 4 * (int) (x + w / 6 + 8);
    guint8 *light = px + (int) (y + h / 6 + 8) * stride + 4 * (int) (x + w / 2 + 8);

    g_assert_cmpint (dark[0], >, dark[2] + 40);       /* B ≫ R (BGRA in memory) */
    g_assert_cmpint (dark[2], <, 60);
    g_assert_cmpint (light[2], >, 230);
  }
  csv = mlp_plot_to_csv (plot);
  g_assert_true (g_str_has_prefix (csv, ",a,\"b,c\",d\n"));
  g_assert_nonnull (strstr (csv, "\nd,0,3,47\n"));
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* ------------------------------------------------------ plain numbers */

static void
assert_number (double v, gboolean as_float, const char *expected)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  _mlp_plot_format_exact (buf, sizeof buf, v, as_float);
  g_assert_cmpstr (buf, ==, expected);
}

/* epochs and losses as a spreadsheet reads them: positional between 1e-5
 * and 1e15, the fewest digits that read back exactly */
static void
test_plain_numbers (void)
{
  g_autoptr(MlpPlot) plot = mlp_plot_new ();
  g_autoptr(MlpPlot) floats = mlp_plot_new ();
  double x[] = { 10, 50, 170, 1e14, 1e15 }, y[] = { 0.1, 1e-5, 1e-6, -0.000123, 0.30000000000000004 };
  float fx[] = { 10, 20 }, fy[] = { 0.1f, 2.5e-5f };
  g_autofree char *csv = NULL, *csv_f = NULL;

  assert_number (10, FALSE, "10");
  assert_number (50, FALSE, "50");
  assert_number (170, FALSE, "170");
  assert_number (0.1, FALSE, "0.1");
  assert_number (0, FALSE, "0");
  assert_number (-2.5, FALSE, "-2.5");
  assert_number (1234567, FALSE, "1234567");
  assert_number (9.96, FALSE, "9.96");
  assert_number (1.0 / 3, FALSE, "0.3333333333333333");
  assert_number (1e-5, FALSE, "0.00001");
  assert_number (1.5e-6, FALSE, "1.5e-06");
  assert_number (1e15, FALSE, "1e+15");
  assert_number (0.1f, TRUE, "0.1");
  assert_number (NAN, FALSE, "nan");
  assert_number (-INFINITY, FALSE, "-inf");

  mlp_plot_add_series (plot, "loss", x, y, G_N_ELEMENTS (x));
  csv = mlp_plot_to_csv (plot);
  g_assert_cmpstr (csv, ==,
                   "x,loss\n"
                   "10,0.1\n"
                   "50,0.00001\n"
                   "170,1e-06\n"
                   "100000000000000,-0.000123\n"
                   "1e+15,0.30000000000000004\n");
  mlp_plot_add_series_f (floats, "acc", fx, fy, 2);
  csv_f = mlp_plot_to_csv (floats);
  g_assert_cmpstr (csv_f, ==, "x,acc\n10,0.1\n20,0.000025\n");
}

/* a log axis over less than two decades labels 10 and 20, not 1e+01 */
static void
test_log_mantissa_labels (void)
{
  MlpPlotTicks set;
  g_autofree char *tens = NULL, *small = NULL;

  _mlp_plot_ticks_log (&set, log10 (8), log10 (60), 5, 300);
  tens = tick_labels (&set);
  g_assert_cmpstr (tens, ==, "10 20 50");
  _mlp_plot_ticks_log (&set, log10 (0.0015), log10 (0.03), 5, 300);
  small = tick_labels (&set);
  g_assert_cmpstr (small, ==, "0.002 0.005 0.01 0.02");
}

/* ------------------------------------------------- presentation mode */

/* plot drawn at width × height with the light theme at font_scale fs */
static cairo_surface_t *
render_scaled (MlpPlot *plot, int width, int height, double fs)
{
  MlpPlotStyle style = *mlp_plot_style_light ();
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr = cairo_create (surface);

  style.font_scale = fs;
  style.line_scale = 1.0 + 0.6 * fs;
  mlp_plot_render (plot, cr, width, height, &style);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* every text at least the tick labels' size × fs: 25 px at the default
 * presentation scale, on a 1500 × 800 figure (a 1920 × 1080 screen) */
static void
assert_readable (MlpPlot *plot, int width, int height)
{
  const double scales[] = { 1.0, 1.6, MLP_PLOT_PRESENTATION_SCALE };

  for (guint i = 0; i < G_N_ELEMENTS (scales); i++)
    cairo_surface_destroy (render_scaled (plot, width, height, scales[i]));
  g_assert_cmpfloat (mlp_plot_get_min_text_px (plot), >=, 24);
  for (guint i = 0; i < G_N_ELEMENTS (scales); i++)
    {
      cairo_surface_destroy (render_scaled (plot, width, height, scales[i]));
      g_assert_cmpfloat (mlp_plot_get_min_text_px (plot), >=, TICK_FONT * scales[i] - 1e-9);
    }
}

static void
test_presentation_series (void)
{
  g_autoptr(MlpPlot) plot = mlp_plot_new ();
  g_autofree double *x = linspace (1, 10, 10);
  double a[10], b[10];

  for (guint i = 0; i < 10; i++)
    {
      a[i] = 1.0 / x[i];
      b[i] = 1.2 / x[i] + 0.05;
    }
  mlp_plot_set_labels (plot, "loss", "epoch", "value");
  mlp_plot_add_series (plot, "train_loss", x, a, 10);
  mlp_plot_add_series (plot, "val_loss", x, b, 10);
  g_assert_cmpfloat (mlp_plot_get_min_text_px (plot), ==, 0);   /* nothing drawn yet */
  assert_readable (plot, 1500, 800);
  /* a log axis and its minor ticks: no smaller text */
  mlp_plot_set_yscale (plot, MLP_AXIS_LOG);
  assert_readable (plot, 1500, 800);
}

/* a 10 × 10 confusion matrix of 4-digit counts: the numbers at the tick
 * labels' size, and in the cells (white on the dark diagonal) */
static void
test_presentation_heatmap (void)
{
  guint counts[100];
  const char *names[10];
  g_autoptr(MlpPlot) plot = NULL;
  cairo_surface_t *surface;
  double x, y, w, h;

  for (guint i = 0; i < 100; i++)
    counts[i] = i % 11 == 0 ? 9000 + i : 1000 + 7 * i;
  for (guint i = 0; i < 10; i++)
    names[i] = mlp_fashion_mnist_class_name (i);
  plot = mlp_figure_confusion (counts, 10, names);
  assert_readable (plot, 1500, 800);
  surface = render_scaled (plot, 1500, 800, MLP_PLOT_PRESENTATION_SCALE);
  mlp_plot_get_area (plot, &x, &y, &w, &h);
  {
    const MlpColor white = { 1, 1, 1, 1 };
    int cx0 = (int) x + 2, cy0 = (int) y + 2, cx1 = (int) (x + w / 10) - 2, cy1 = (int) (y + h / 10) - 2;

    g_assert_cmpuint (count_color (surface, cx0, cy0, cx1, cy1, &white, 60), >, 40);
  }
  cairo_surface_destroy (surface);
}

/* 40 Fashion-MNIST-sized images with their class names: each cell as wide
 * as a caption at the readable size; a figure too small for all of them
 * shows fewer, still readable */
static void
test_presentation_images (void)
{
  g_autoptr(MlpPlot) plot = mlp_plot_new ();
  g_autofree float *pixels = g_new (float, 40 * 28 * 28);
  const char *captions[40];

  for (guint i = 0; i < 40 * 28 * 28; i++)
    pixels[i] = (float) ((i * 37) % 255) / 255.0f;
  for (guint i = 0; i < 40; i++)
    captions[i] = mlp_fashion_mnist_class_name (i % 10);
  mlp_plot_set_images (plot, pixels, 40, 28, 28, captions, FALSE);
  assert_readable (plot, 1500, 800);
  g_assert_cmpuint (plot->images_shown, ==, 40);
  cairo_surface_destroy (render_scaled (plot, 1500, 800, MLP_PLOT_PRESENTATION_SCALE));
  g_assert_cmpuint (plot->images_shown, ==, 40);
  /* "Ankle boot" at 25 px is wider than 100 px */
  g_assert_cmpfloat (plot->image_cell, >=, 100);

  cairo_surface_destroy (render_scaled (plot, 700, 400, MLP_PLOT_PRESENTATION_SCALE));
  g_assert_cmpuint (plot->images_shown, <, 40);
  g_assert_cmpuint (plot->images_shown, >, 0);
  g_assert_cmpfloat (plot->image_cell, >=, 100);
  g_assert_cmpfloat (mlp_plot_get_min_text_px (plot), >=, 24);
}

/* ---------------------------------------------------------------- titles */

/* the title's ink lies inside the figure and above the data area; returns
 * its height */
static double
assert_title_inside (MlpPlot *plot, int width, int height)
{
  double x, y, w, h, ax, ay, aw, ah;

  cairo_surface_destroy (render (plot, width, height));
  g_assert_true (mlp_plot_get_title_box (plot, &x, &y, &w, &h));
  mlp_plot_get_area (plot, &ax, &ay, &aw, &ah);
  g_assert_cmpfloat (x, >=, 0);
  g_assert_cmpfloat (x + w, <=, width);
  g_assert_cmpfloat (y, >=, 0);
  g_assert_cmpfloat (y + h, <=, ay);
  return h;
}

/* a title wider than the figure wraps onto a second line (the data area
 * moves down), a much longer one also gets smaller; never clipped */
static void
test_title_wraps (void)
{
  g_autoptr(MlpPlot) plot = mlp_plot_new ();
  g_autoptr(MlpPlot) heat = NULL;
  g_autoptr(MlpPlot) images = mlp_plot_new ();
  const char *longer = "product of 100 random 4 × 4 matrices, std = 1, seed = 0";
  const char *longest = "a title of many words that no figure of 320 pixels could hold on two lines "
                        "at the title's size, so it is set smaller";
  const guint counts[4] = { 9, 1, 2, 8 };
  const char *names[2] = { "cat", "dog" };
  float pixels[3 * 4 * 4] = { 0 };
  double x[2] = { 0, 1 }, y[2] = { 0, 1 }, one, two, area_one, area_two, h;

  mlp_plot_add_series (plot, NULL, x, y, 2);
  mlp_plot_set_labels (plot, "short", "x", "y");
  one = assert_title_inside (plot, 320, 240);
  mlp_plot_get_area (plot, NULL, &area_one, NULL, NULL);
  mlp_plot_set_labels (plot, longer, "x", "y");
  two = assert_title_inside (plot, 320, 240);
  mlp_plot_get_area (plot, NULL, &area_two, NULL, NULL);
  g_assert_cmpfloat (two, >, 1.6 * one);
  g_assert_cmpfloat (area_two, >, area_one + 0.6 * one);
  /* the same title on a wide figure: one line */
  h = assert_title_inside (plot, 900, 300);
  g_assert_cmpfloat (h, <, 1.3 * one);
  mlp_plot_set_labels (plot, longest, "x", "y");
  assert_title_inside (plot, 320, 240);

  heat = mlp_figure_confusion (counts, 2, names);
  mlp_plot_set_labels (heat, longer, "predicted", "true");
  assert_title_inside (heat, 320, 320);
  mlp_plot_set_images (images, pixels, 3, 4, 4, NULL, FALSE);
  mlp_plot_set_labels (images, longer, NULL, NULL);
  {
    double tx, ty, tw, th;

    cairo_surface_destroy (render (images, 320, 240));
    g_assert_true (mlp_plot_get_title_box (images, &tx, &ty, &tw, &th));
    g_assert_cmpfloat (tx, >=, 0);
    g_assert_cmpfloat (tx + tw, <=, 320);
    g_assert_cmpfloat (th, >, 1.6 * one);
  }
  mlp_plot_set_labels (plot, NULL, NULL, NULL);
  cairo_surface_destroy (render (plot, 320, 240));
  g_assert_false (mlp_plot_get_title_box (plot, NULL, NULL, NULL, NULL));
}

/* ---------------------------------------------------------------- legend */

/* no point of any series, nor any point along its segments, lies in the
 * legend's box; the box lies in the figure */
static void
assert_legend_hides_nothing (MlpPlot *plot, int width, int height)
{
  double lx, ly, lw, lh;

  cairo_surface_destroy (render (plot, width, height));
  g_assert_true (mlp_plot_get_legend_box (plot, &lx, &ly, &lw, &lh));
  g_assert_cmpfloat (lx, >=, 0);
  g_assert_cmpfloat (ly, >=, 0);
  g_assert_cmpfloat (lx + lw, <=, width);
  g_assert_cmpfloat (ly + lh, <=, height);
  for (guint k = 0; k < mlp_plot_get_n_series (plot); k++)
    {
      gsize n;
      const double *x = mlp_plot_series_get_x (plot, k, &n);
      const double *y = mlp_plot_series_get_y (plot, k, &n);

      for (gsize i = 0; i + 1 < n; i++)
        for (int j = 0; j <= 20; j++)
          {
            double px0, py0, px1, py1, px, py;

            g_assert_true (mlp_plot_data_to_pixel (plot, x[i], y[i], &px0, &py0));
            g_assert_true (mlp_plot_data_to_pixel (plot, x[i + 1], y[i + 1], &px1, &py1));
            px = px0 + (px1 - px0) * j / 20;
            py = py0 + (py1 - py0) * j / 20;
            g_assert_false (px >= lx && px <= lx + lw && py >= ly && py <= ly + lh);
          }
    }
}

static gboolean
legend_inside_area (MlpPlot *plot)
{
  double lx, ly, lw, lh, ax, ay, aw, ah;

  g_assert_true (mlp_plot_get_legend_box (plot, &lx, &ly, &lw, &lh));
  mlp_plot_get_area (plot, &ax, &ay, &aw, &ah);
  return lx >= ax && ly >= ay && lx + lw <= ax + aw && ly + lh <= ay + ah;
}

/* the Initialization page's six variance curves, which leave no corner
 * free: the legend goes beside the data area, or below it on a narrow
 * figure; a flat line at the top and a rise and fall leave room inside */
static void
test_legend_never_covers (void)
{
  g_autoptr(MlpPlot) six = mlp_plot_new ();
  g_autoptr(MlpPlot) flat = mlp_plot_new ();
  g_autoptr(MlpPlot) hump = mlp_plot_new ();
  const char *schemes[] = { "xavier-normal", "xavier-uniform", "normal:0.01", "normal:1", "he", "constant:0.1" };
  g_autofree double *x = linspace (1, 10, 10);
  g_autofree double *t = linspace (0, 1, 50);
  double ax, ay, aw, ah, lx, ly, lw, lh, top[50], up_down[50];

  mlp_plot_set_labels (six, "activation variance", "layer", NULL);
  mlp_plot_set_yscale (six, MLP_AXIS_LOG);
  for (guint k = 0; k < 6; k++)
    {
      double y[10];

      for (guint l = 0; l < 10; l++)
        y[l] = k == 2 ? pow (10, -2.0 * l) : k == 3 ? pow (10, -18 + 2.0 * l) : k == 5 ? 1e-18 : 1 - 0.01 * k;
      mlp_plot_add_series (six, schemes[k], x, y, 10);
    }
  assert_legend_hides_nothing (six, 640, 360);
  g_assert_false (legend_inside_area (six));
  mlp_plot_get_area (six, &ax, &ay, &aw, &ah);
  g_assert_true (mlp_plot_get_legend_box (six, &lx, &ly, &lw, &lh));
  g_assert_cmpfloat (lx, >=, ax + aw);   /* beside */
  assert_legend_hides_nothing (six, 300, 420);
  mlp_plot_get_area (six, &ax, &ay, &aw, &ah);
  g_assert_true (mlp_plot_get_legend_box (six, &lx, &ly, &lw, &lh));
  g_assert_cmpfloat (ly, >=, ay + ah);   /* below */
  /* and in presentation mode */
  cairo_surface_destroy (render_scaled (six, 900, 600, MLP_PLOT_PRESENTATION_SCALE));
  g_assert_true (mlp_plot_get_legend_box (six, &lx, &ly, &lw, &lh));
  mlp_plot_get_area (six, &ax, &ay, &aw, &ah);
  g_assert_true (lx >= ax + aw || ly >= ay + ah);

  for (guint i = 0; i < 50; i++)
    {
      top[i] = 1;
      up_down[i] = sin (G_PI * t[i]);
    }
  mlp_plot_add_series (flat, "ceiling", t, top, 50);
  mlp_plot_add_series (flat, "also", t, top, 50);
  assert_legend_hides_nothing (flat, 480, 320);
  g_assert_true (legend_inside_area (flat));
  mlp_plot_add_series (hump, "rise and fall", t, up_down, 50);
  assert_legend_hides_nothing (hump, 480, 320);
  g_assert_true (legend_inside_area (hump));

  mlp_plot_set_legend (hump, FALSE);
  cairo_surface_destroy (render (hump, 480, 320));
  g_assert_false (mlp_plot_get_legend_box (hump, NULL, NULL, NULL, NULL));
}

/* -------------------------------------------------------------- viewport */

static MlpPlot *
viewport_plot (void)
{
  MlpPlot *plot = mlp_plot_new ();
  g_autofree double *x = linspace (0, 10, 101);
  double y[101];

  for (guint i = 0; i < 101; i++)
    y[i] = sin (x[i]);
  mlp_plot_set_labels (plot, "viewport", "x", "y");
  mlp_plot_add_series (plot, "sin", x, y, 101);
  return plot;
}

static void
assert_limits (MlpPlot *plot, double xmin, double xmax, double ymin, double ymax)
{
  double l[4];

  g_assert_true (mlp_plot_get_limits (plot, &l[0], &l[1], &l[2], &l[3]));
  g_assert_cmpfloat_with_epsilon (l[0], xmin, 1e-9 * MAX (1, fabs (xmin)));
  g_assert_cmpfloat_with_epsilon (l[1], xmax, 1e-9 * MAX (1, fabs (xmax)));
  g_assert_cmpfloat_with_epsilon (l[2], ymin, 1e-9 * MAX (1, fabs (ymin)));
  g_assert_cmpfloat_with_epsilon (l[3], ymax, 1e-9 * MAX (1, fabs (ymax)));
}

/* a viewport's limits are drawn exactly as the same fixed limits are, and
 * a copy and its export keep them */
static void
test_viewport_limits (ExportFixture *f, gconstpointer data)
{
  g_autoptr(MlpPlot) plot = viewport_plot ();
  g_autoptr(MlpPlot) fixed = viewport_plot ();
  g_autoptr(MlpPlot) copy = NULL;
  MlpPlotViewport vp, got;
  cairo_surface_t *a, *b;
  g_autofree char *png_a = NULL, *png_b = NULL, *png_c = NULL;
  gsize len_a, len_b, len_c;
  double ymin, ymax;

  g_assert_false (mlp_plot_get_limits (plot, NULL, NULL, NULL, NULL));   /* not drawn yet */
  mlp_plot_viewport_init (&vp);
  vp.xmin = 2;
  vp.xmax = 5;
  vp.ymin = -0.5;
  vp.ymax = 1.5;
  mlp_plot_set_viewport (plot, &vp);
  mlp_plot_set_xlim (fixed, 2, 5);
  mlp_plot_set_ylim (fixed, -0.5, 1.5);
  a = render (plot, WIDTH, HEIGHT);
  b = render (fixed, WIDTH, HEIGHT);
  assert_same_pixels (a, b);
  assert_limits (plot, 2, 5, -0.5, 1.5);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);

  /* the copy holds the same viewport and draws it */
  copy = mlp_plot_copy (plot);
  mlp_plot_get_viewport (copy, &got);
  g_assert_cmpmem (&got, sizeof got, &vp, sizeof vp);
  cairo_surface_destroy (render (copy, WIDTH, HEIGHT));
  assert_limits (copy, 2, 5, -0.5, 1.5);
  /* exports of the plot, its copy and the fixed plot are the same file */
  png_a = export_read (f, plot, "view.png", 400, 250, 96, &len_a);
  png_b = export_read (f, copy, "copy.png", 400, 250, 96, &len_b);
  png_c = export_read (f, fixed, "fixed.png", 400, 250, 96, &len_c);
  g_assert_cmpmem (png_a, len_a, png_c, len_c);
  g_assert_cmpmem (png_b, len_b, png_c, len_c);
  assert_limits (plot, 2, 5, -0.5, 1.5);

  /* a viewport over only x: y is the data's */
  mlp_plot_viewport_init (&vp);
  vp.xmin = 1;
  vp.xmax = 3;
  mlp_plot_set_viewport (plot, &vp);
  cairo_surface_destroy (render (plot, WIDTH, HEIGHT));
  g_assert_true (mlp_plot_get_limits (plot, NULL, NULL, &ymin, &ymax));
  g_assert_cmpfloat (ymin, <, -1);
  g_assert_cmpfloat (ymax, >, 1);
  /* and none: the plot's own */
  mlp_plot_set_viewport (plot, NULL);
  mlp_plot_get_viewport (plot, &got);
  g_assert_true (isnan (got.xmin) && isnan (got.ymax) && got.xscale == -1 && got.yscale == -1);
}

/* a log scale over the plot's own, on data with zeros and negative values:
 * those are skipped, the rest drawn */
static void
test_viewport_scales (void)
{
  g_autoptr(MlpPlot) plot = viewport_plot ();
  MlpPlotViewport vp;
  double ymin, ymax, px, py;

  mlp_plot_viewport_init (&vp);
  vp.yscale = MLP_AXIS_LOG;
  mlp_plot_set_viewport (plot, &vp);
  g_assert_cmpint (mlp_plot_get_yscale (plot), ==, MLP_AXIS_LOG);
  g_assert_cmpint (mlp_plot_get_xscale (plot), ==, MLP_AXIS_LINEAR);
  cairo_surface_destroy (render (plot, WIDTH, HEIGHT));
  g_assert_true (mlp_plot_get_limits (plot, NULL, NULL, &ymin, &ymax));
  g_assert_cmpfloat (ymin, >, 0);
  g_assert_cmpfloat (ymax, >, 1);
  g_assert_cmpfloat (ymax, <, 2);
  g_assert_true (mlp_plot_data_to_pixel (plot, 1.5, 0.9, &px, &py));
  g_assert_false (mlp_plot_data_to_pixel (plot, 4, -0.5, &px, &py));
  /* limits a log axis cannot show are automatic there */
  vp.ymin = -1;
  vp.ymax = 0.5;
  mlp_plot_set_viewport (plot, &vp);
  cairo_surface_destroy (render (plot, WIDTH, HEIGHT));
  g_assert_true (mlp_plot_get_limits (plot, NULL, NULL, &ymin, &ymax));
  g_assert_cmpfloat (ymin, >, 0);
  g_assert_cmpfloat (ymax, ==, 0.5);
  /* the plot's own log axis, shown linear */
  mlp_plot_set_yscale (plot, MLP_AXIS_LOG);
  mlp_plot_viewport_init (&vp);
  vp.yscale = MLP_AXIS_LINEAR;
  mlp_plot_set_viewport (plot, &vp);
  cairo_surface_destroy (render (plot, WIDTH, HEIGHT));
  g_assert_cmpint (mlp_plot_get_yscale (plot), ==, MLP_AXIS_LINEAR);
  g_assert_true (mlp_plot_get_limits (plot, NULL, NULL, &ymin, &ymax));
  g_assert_cmpfloat (ymin, <, -1);
  mlp_plot_set_viewport (plot, NULL);
  g_assert_cmpint (mlp_plot_get_yscale (plot), ==, MLP_AXIS_LOG);
}

/* zoom around a point and pan by fractions of the data area, on linear
 * and log axes */
static void
test_viewport_zoom_pan (void)
{
  g_autoptr(MlpPlot) plot = viewport_plot ();
  double x0, x1, y0, y1, l[4], t0, t1;

  g_assert_false (mlp_plot_zoom (plot, 2, 0.5, 0.5));   /* nothing to zoom yet */
  mlp_plot_set_xlim (plot, 0, 10);
  mlp_plot_set_ylim (plot, -1, 1);
  cairo_surface_destroy (render (plot, WIDTH, HEIGHT));
  /* twice as close around the middle */
  g_assert_true (mlp_plot_zoom (plot, 2, 0.5, 0.5));
  cairo_surface_destroy (render (plot, WIDTH, HEIGHT));
  assert_limits (plot, 2.5, 7.5, -0.5, 0.5);
  /* around the top left corner: it stays where it is */
  g_assert_true (mlp_plot_zoom (plot, 2.5, 0, 0));
  cairo_surface_destroy (render (plot, WIDTH, HEIGHT));
  assert_limits (plot, 2.5, 4.5, 0.1, 0.5);
  /* dragged right by a quarter and down by half: what was left and above shows */
  g_assert_true (mlp_plot_pan (plot, 0.25, 0.5));
  cairo_surface_destroy (render (plot, WIDTH, HEIGHT));
  assert_limits (plot, 2.0, 4.0, 0.3, 0.7);
  /* farther out again, in two steps before the next render */
  g_assert_true (mlp_plot_zoom (plot, G_SQRT2 / 2, 0.5, 0.5));
  g_assert_true (mlp_plot_zoom (plot, G_SQRT2 / 2, 0.5, 0.5));
  cairo_surface_destroy (render (plot, WIDTH, HEIGHT));
  assert_limits (plot, 1.0, 5.0, 0.1, 0.9);

  /* on a log axis the zoom is even in decades */
  mlp_plot_set_viewport (plot, NULL);
  mlp_plot_set_yscale (plot, MLP_AXIS_LOG);
  mlp_plot_set_ylim (plot, 1e-4, 1);
  cairo_surface_destroy (render (plot, WIDTH, HEIGHT));
  g_assert_true (mlp_plot_zoom (plot, 2, 0.5, 0.5));
  cairo_surface_destroy (render (plot, WIDTH, HEIGHT));
  g_assert_true (mlp_plot_get_limits (plot, NULL, NULL, &y0, &y1));
  g_assert_cmpfloat_with_epsilon (log10 (y0), -3, 1e-9);
  g_assert_cmpfloat_with_epsilon (log10 (y1), -1, 1e-9);

  /* no zoom past what a double can tell apart: refused, nothing changes */
  g_assert_true (mlp_plot_get_limits (plot, &l[0], &l[1], &l[2], &l[3]));
  g_assert_false (mlp_plot_zoom (plot, 1e300, 0.5, 0.5));
  g_assert_false (mlp_plot_zoom (plot, 1e-300, 0.5, 0.5));
  g_assert_false (mlp_plot_pan (plot, NAN, 0));
  cairo_surface_destroy (render (plot, WIDTH, HEIGHT));
  g_assert_true (mlp_plot_get_limits (plot, &x0, &x1, &t0, &t1));
  g_assert_cmpfloat (x0, ==, l[0]);
  g_assert_cmpfloat (x1, ==, l[1]);
  g_assert_cmpfloat (t0, ==, l[2]);
  g_assert_cmpfloat (t1, ==, l[3]);
}

/* --------------------------------------------------------------- summary */

/* the figure in a sentence: each series' last point, log axes, a heat
 * map's size, an image grid's count */
static void
test_summary (void)
{
  g_autoptr(MlpPlot) plot = mlp_plot_new ();
  g_autoptr(MlpPlot) heat = NULL;
  g_autoptr(MlpPlot) images = mlp_plot_new ();
  double x[3] = { 8, 9, 10 }, loss[3] = { 0.5, 0.45, 0.412 }, acc[3] = { 0.7, 0.81, NAN };
  const guint counts[9] = { 50, 0, 1, 2, 40, 0, 0, 3, 47 };
  const char *names[3] = { "a", "b", "c" };
  float pixels[3 * 2 * 2] = { 0 };
  MlpPlotViewport vp;
  g_autofree char *empty = NULL, *two = NULL, *logy = NULL, *h = NULL, *im = NULL;

  empty = mlp_plot_dup_summary (plot);
  g_assert_cmpstr (empty, ==, "no data");
  mlp_plot_set_labels (plot, "loss", "epoch", NULL);
  mlp_plot_add_series (plot, "train_loss", x, loss, 3);
  mlp_plot_add_series (plot, "val_acc", x, acc, 3);
  mlp_plot_add_series (plot, NULL, x, loss, 0);
  two = mlp_plot_dup_summary (plot);
  g_assert_cmpstr (two, ==, "3 series: train_loss 0.412 at epoch = 10, val_acc 0.81 at epoch = 9, "
                            "series 3: no points");
  mlp_plot_viewport_init (&vp);
  vp.yscale = MLP_AXIS_LOG;
  mlp_plot_set_viewport (plot, &vp);
  logy = mlp_plot_dup_summary (plot);
  g_assert_true (g_str_has_suffix (logy, "; logarithmic y axis"));

  heat = mlp_figure_confusion (counts, 3, names);
  h = mlp_plot_dup_summary (heat);
  g_assert_cmpstr (h, ==, "heat map 3 × 3, largest value 50");
  mlp_plot_set_images (images, pixels, 3, 2, 2, NULL, FALSE);
  im = mlp_plot_dup_summary (images);
  g_assert_cmpstr (im, ==, "3 images");
}

/* a narrow x axis over −8 … 8 has labels on both sides of 0, not 0 alone
 * (a step of 10 for 3 ticks left just one) */
static void
test_narrow_axis_ticks (void)
{
  g_autoptr(MlpPlot) plot = mlp_plot_new ();
  g_autofree double *x = linspace (-8, 7.9, 160);
  cairo_surface_t *surface;
  double ax, ay, aw, ah;
  int below, mid;

  mlp_plot_add_series (plot, NULL, x, x, 160);
  surface = render (plot, 240, 200);
  mlp_plot_get_area (plot, &ax, &ay, &aw, &ah);
  below = (int) (ay + ah) + 6;
  mid = (int) (ax + aw / 2);
  g_assert_cmpuint (count_dark (surface, (int) ax, below, mid - 10, below + 16), >, 5);
  g_assert_cmpuint (count_dark (surface, mid + 10, below, (int) (ax + aw), below + 16), >, 5);
  cairo_surface_destroy (surface);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/plot/units/nice-step", test_nice_step);
  g_test_add_func ("/plot/units/ticks-linear", test_ticks_linear);
  g_test_add_func ("/plot/units/ticks-log", test_ticks_log);
  g_test_add_func ("/plot/units/autoscale", test_autoscale);
  g_test_add_func ("/plot/units/clip-segment", test_clip_segment);
  g_test_add_func ("/plot/units/decimate", test_decimate);
  g_test_add_func ("/plot/pixels/horizontal", test_horizontal_line);
  g_test_add_func ("/plot/pixels/diagonal", test_diagonal_line);
  g_test_add_func ("/plot/pixels/legend", test_legend);
  g_test_add_func ("/plot/pixels/ticks-and-labels", test_ticks_and_labels);
  g_test_add_func ("/plot/log/decades", test_log_decades);
  g_test_add_func ("/plot/log/non-positive", test_log_nonpositive);
  g_test_add_func ("/plot/log/overflow-arrow", test_log_overflow_arrow);
  g_test_add_func ("/plot/clip", test_clip);
  g_test_add_func ("/plot/range/empty", test_empty);
  g_test_add_func ("/plot/range/equal-values", test_equal_values);
  g_test_add_func ("/plot/query/find-nearest", test_find_nearest);
  g_test_add_func ("/plot/query/pixel-roundtrip", test_pixel_roundtrip);
  g_test_add ("/plot/export/png", ExportFixture, NULL, export_setup, test_export_png, export_teardown);
  g_test_add ("/plot/export/svg-pdf", ExportFixture, NULL, export_setup, test_export_vector, export_teardown);
  g_test_add ("/plot/export/csv", ExportFixture, NULL, export_setup, test_export_csv, export_teardown);
  g_test_add ("/plot/export/errors", ExportFixture, NULL, export_setup, test_export_errors, export_teardown);
  g_test_add_func ("/plot/export/format-from-path", test_format_from_path);
  g_test_add ("/plot/export/copy", ExportFixture, NULL, export_setup, test_export_copy, export_teardown);
  g_test_add_func ("/plot/copy/same-figure", test_copy);
  g_test_add_func ("/plot/copy/other-thread", test_copy_thread);
  g_test_add_func ("/plot/figure/sigmoid-both", test_figure_sigmoid_both);
  g_test_add_func ("/plot/figure/sigmoid-gradient-ylim", test_figure_sigmoid_gradient_ylim);
  g_test_add_func ("/plot/figure/prelu-family", test_figure_prelu_family);
  g_test_add_func ("/plot/figure/explode", test_figure_explode);

  g_test_add_func ("/plot/figure/confusion-heatmap", test_heatmap);
  g_test_add_func ("/plot/numbers/plain", test_plain_numbers);
  g_test_add_func ("/plot/numbers/log-mantissa-labels", test_log_mantissa_labels);
  g_test_add_func ("/plot/presentation/series", test_presentation_series);
  g_test_add_func ("/plot/presentation/heatmap", test_presentation_heatmap);
  g_test_add_func ("/plot/presentation/images", test_presentation_images);
  g_test_add_func ("/plot/title/wraps", test_title_wraps);
  g_test_add_func ("/plot/legend/never-covers-data", test_legend_never_covers);
  g_test_add ("/plot/viewport/limits", ExportFixture, NULL, export_setup, test_viewport_limits, export_teardown);
  g_test_add_func ("/plot/viewport/scales", test_viewport_scales);
  g_test_add_func ("/plot/viewport/zoom-pan", test_viewport_zoom_pan);
  g_test_add_func ("/plot/summary", test_summary);
  g_test_add_func ("/plot/ticks/narrow-axis", test_narrow_axis_ticks);
  return g_test_run ();
}
