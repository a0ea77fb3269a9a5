/* mlp-plot-snap.c — lines and edges rounded to device pixels, so that a
 * 1 px grid line is one crisp pixel rather than two half-grey ones.
 *
 * egg-graph-widget rounds with (gint) x + 0.5; here the rounding goes through
 * the CTM, so a scaled surface (PNG at 192 dpi) is as crisp as the widget.
 * Rotated or skewed CTMs have no pixel grid to snap to and are left alone.
 */
#include "mlp-plot-private.h"

/* the CTM's scale and offset along x or y; FALSE when it has none to snap
 * by (rotated, skewed or degenerate) */
static gboolean
device_axis (cairo_t *cr, gboolean is_x, double *scale, double *offset)
{
  cairo_matrix_t m;

  cairo_get_matrix (cr, &m);
  if (m.xy != 0 || m.yx != 0)
    return FALSE;
  *scale = is_x ? m.xx : m.yy;
  *offset = is_x ? m.x0 : m.y0;
  return *scale != 0;
}

double
_mlp_plot_snap (cairo_t *cr, double v, double lw, gboolean is_x)
{
  double scale, offset, d, dw;

  if (!device_axis (cr, is_x, &scale, &offset))
    return v;
  d = v * scale + offset;
  /* an odd number of pixels wide: centred on a pixel; even: on a boundary */
  dw = MAX (1.0, round (fabs (lw * scale)));
  d = ((long) dw % 2 == 1) ? floor (d) + 0.5 : round (d);
  return (d - offset) / scale;
}

double
_mlp_plot_snap_width (cairo_t *cr, double lw)
{
  cairo_matrix_t m;
  double scale;

  cairo_get_matrix (cr, &m);
  scale = m.xy == 0 && m.yx == 0 ? fabs (m.xx) : 1;
  if (scale == 0)
    return lw;
  return MAX (1.0, round (lw * scale)) / scale;
}

double
_mlp_plot_snap_edge (cairo_t *cr, double v, gboolean is_x)
{
  double scale, offset;

  if (!device_axis (cr, is_x, &scale, &offset))
    return v;
  return (round (v * scale + offset) - offset) / scale;
}
