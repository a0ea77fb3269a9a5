/* bench-plot.c — how long one full redraw of the plot widget takes: the
 * renderer draws a figure into an 800 × 500 ARGB32 image surface, as the
 * widget's snapshot does on every hover, resize or new epoch.  A benchmark,
 * not a test: it prints the best and the mean milliseconds per redraw, and
 * docs/BENCHMARKS.md records them.
 *
 *   build/tests/bench-plot [REPEATS]      (200 by default)
 *
 * The figures: the axes alone (text layout and spines, no data); a sine of
 * 10,000 points with a dashed cosine as second series (d2l's '-' and 'm--');
 * the same with 100,000 points each; for comparison 2,500 points each,
 * fewer than four per pixel column, which the renderer strokes in full
 * rather than thinning them out per column; and a noisy 10,000-point
 * training curve, solid, dashed and as four series in d2l's four formats.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "mlp-plot.h"

#define WIDTH  800
#define HEIGHT 500

static void
measure (const char *what, MlpPlot *plot, int repeats)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  cairo_t *cr = cairo_create (surface);
  double total = 0, best = G_MAXDOUBLE;

  mlp_plot_render (plot, cr, WIDTH, HEIGHT, NULL);   /* warms the font caches */
  for (int r = 0; r < repeats; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      mlp_plot_render (plot, cr, WIDTH, HEIGHT, NULL);
      cairo_surface_flush (surface);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      total += ms;
      best = MIN (best, ms);
    }
  printf ("%-46s best %7.3f ms   mean %7.3f ms\n", what, best, total / repeats);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* sin and cos over 0 … 20π in n points, labelled, with a title and axis
 * labels like a notebook figure */
static MlpPlot *
sine_plot (gsize n)
{
  MlpPlot *plot = mlp_plot_new ();
  g_autofree double *x = g_new (double, n);
  g_autofree double *s = g_new (double, n);
  g_autofree double *c = g_new (double, n);

  for (gsize i = 0; i < n; i++)
    {
      x[i] = 20 * G_PI * i / (n - 1);
      s[i] = sin (x[i]);
      c[i] = 0.5 * cos (x[i]);
    }
  mlp_plot_set_labels (plot, "sin(x) and cos(x)/2", "x", "y");
  mlp_plot_add_series (plot, "sin", x, s, n);
  mlp_plot_add_series (plot, "cos / 2", x, c, n);
  return plot;
}

/* a noisy training curve: every pixel column holds ~14 points; n_series
 * copies of it in the default formats, the first one's line style set */
static MlpPlot *
noisy_plot (guint n_series, MlpLineStyle line)
{
  static const char *const labels[] = { "a", "b", "c", "d" };
  const gsize n = 10000;
  MlpPlot *plot = mlp_plot_new ();
  g_autofree double *x = g_new (double, n);
  g_autofree double *y = g_new (double, n);
  guint32 state = 1;

  for (gsize i = 0; i < n; i++)
    {
      state = state * 1664525u + 1013904223u;
      x[i] = i * 0.01;
      y[i] = exp (-x[i] / 30) + 0.05 * sin (x[i] * 3) + 0.02 * ((state >> 8) / 16777216.0 - 0.5);
    }
  mlp_plot_set_labels (plot, "train_loss", "epoch", "loss");
  for (guint k = 0; k < n_series && k < G_N_ELEMENTS (labels); k++)
    mlp_plot_add_series (plot, n_series == 1 ? "train_loss" : labels[k], x, y, n);
  mlp_plot_series_set_style (plot, 0, line, NULL, 0, MLP_MARKER_NONE);
  return plot;
}

int
main (int argc, char **argv)
{
  int repeats = argc > 1 ? atoi (argv[1]) : 200;
  g_autoptr(MlpPlot) axes = mlp_plot_new ();
  g_autoptr(MlpPlot) few = sine_plot (2500);
  g_autoptr(MlpPlot) small = sine_plot (10000);
  g_autoptr(MlpPlot) large = sine_plot (100000);
  g_autoptr(MlpPlot) noisy = noisy_plot (1, MLP_LINE_SOLID);
  g_autoptr(MlpPlot) noisy_dashed = noisy_plot (1, MLP_LINE_DASHED);
  g_autoptr(MlpPlot) four = noisy_plot (4, MLP_LINE_SOLID);

  if (repeats < 1)
    repeats = 200;
  mlp_plot_set_labels (axes, "sin(x) and cos(x)/2", "x", "y");
  mlp_plot_set_xlim (axes, 0, 20 * G_PI);
  mlp_plot_set_ylim (axes, -1.1, 1.1);

  printf ("%d redraws of %d × %d pixels (ARGB32 image surface)\n", repeats, WIDTH, HEIGHT);
  measure ("axes and text only, no series", axes, repeats);
  measure ("2 × 2,500 points (stroked in full)", few, repeats);
  measure ("2 × 10,000 points (sin solid, cos dashed)", small, repeats);
  measure ("2 × 100,000 points (sin solid, cos dashed)", large, repeats);
  measure ("10,000 points, noisy training curve, solid", noisy, repeats);
  measure ("10,000 points, noisy, dashed", noisy_dashed, repeats);
  measure ("4 × 10,000 points, d2l's four formats", four, repeats);
  return 0;
}
