/* bench-plot.c — how long one redraw of the plot widget takes: a 10,000-point
 * series (and the same dashed, and a 4-series figure) rendered 200 times on
 * an 800 × 500 image surface, as the widget's snapshot does on every hover or
 * resize.  A benchmark, not a test: it prints the mean and the best time per
 * redraw; docs/BENCHMARKS.md records the numbers.
 *
 *   build/tests/bench-plot [REPEATS]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "mlp-plot.h"

#define N_POINTS 10000

static void
measure (const char *what, MlpPlot *plot, int repeats)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 800, 500);
  cairo_t *cr = cairo_create (surface);
  double total = 0, best = G_MAXDOUBLE;

  mlp_plot_render (plot, cr, 800, 500, NULL);   /* warm the font caches */
  for (int r = 0; r < repeats; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double ms;

      mlp_plot_render (plot, cr, 800, 500, NULL);
      cairo_surface_flush (surface);
      ms = (g_get_monotonic_time () - t0) / 1000.0;
      total += ms;
      best = MIN (best, ms);
    }
  printf ("%-44s mean %6.3f ms   best %6.3f ms\n", what, total / repeats, best);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

int
main (int argc, char **argv)
{
  int repeats = argc > 1 ? atoi (argv[1]) : 200;
  g_autofree double *x = g_new (double, N_POINTS);
  g_autofree double *y = g_new (double, N_POINTS);
  g_autoptr(MlpPlot) solid = mlp_plot_new ();
  g_autoptr(MlpPlot) dashed = mlp_plot_new ();
  g_autoptr(MlpPlot) four = mlp_plot_new ();
  g_autoptr(MlpPlot) empty = mlp_plot_new ();
  g_autoptr(MlpPlot) smooth = mlp_plot_new ();
  g_autofree double *ys = g_new (double, N_POINTS);
  guint32 state = 1;

  if (repeats < 1)
    repeats = 200;
  /* a noisy training curve: every pixel column holds ~14 points */
  for (int i = 0; i < N_POINTS; i++)
    {
      state = state * 1664525u + 1013904223u;
      x[i] = i * 0.01;
      y[i] = exp (-x[i] / 30) + 0.05 * sin (x[i] * 3) + 0.02 * ((state >> 8) / 16777216.0 - 0.5);
    }
  for (int i = 0; i < N_POINTS; i++)
    ys[i] = sin (x[i]);
  mlp_plot_set_labels (smooth, "sin", "x", NULL);
  mlp_plot_add_series (smooth, "sin", x, ys, N_POINTS);
  mlp_plot_set_labels (solid, "train_loss", "epoch", "loss");
  mlp_plot_add_series (solid, "train_loss", x, y, N_POINTS);
  mlp_plot_set_labels (dashed, "train_loss", "epoch", "loss");
  mlp_plot_series_set_style (dashed, mlp_plot_add_series (dashed, "train_loss", x, y, N_POINTS),
                             MLP_LINE_DASHED, NULL, 0, MLP_MARKER_NONE);
  mlp_plot_set_labels (four, "four series", "epoch", NULL);
  for (int k = 0; k < 4; k++)
    mlp_plot_add_series (four, k == 0 ? "a" : k == 1 ? "b" : k == 2 ? "c" : "d", x, y, N_POINTS);
  mlp_plot_set_labels (empty, "no data", "x", "y");

  printf ("%d redraws on an 800 × 500 image surface\n", repeats);
  measure ("axes, ticks, labels only (no series)", empty, repeats);
  measure ("10,000 points, smooth (sin), solid", smooth, repeats);
  measure ("10,000 points, noisy, solid", solid, repeats);
  measure ("10,000 points, noisy, dashed", dashed, repeats);
  measure ("4 × 10,000 points (d2l's four formats)", four, repeats);
  return 0;
}
