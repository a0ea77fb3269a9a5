/* mlp-plot-ticks.c — where an axis puts its ticks and what it writes there.
 *
 * A linear axis takes matplotlib's "nice" steps, 1, 2, 2.5, 5 × 10^k, with
 * as many decimals as the step needs (scientific notation for huge values
 * and tiny steps).  A log axis labels decades, 10^k, with minor ticks in
 * between; with less than two decades in view it falls back to 1, 2, 5 ×
 * 10^k written out (10, 20, 50, not 1e+01), and for a narrow range to
 * linear ticks placed on the log scale.
 * Labels are Pango markup with a Unicode minus, as matplotlib writes them.
 *
 * Ticks are in the axis' coordinate t (log10 v on a log axis); nothing here
 * draws.
 */
#include "mlp-plot-private.h"

#define MINUS "\xe2\x88\x92"   /* U+2212 */

double
_mlp_plot_nice_step (double raw)
{
  static const double steps[] = { 1, 2, 2.5, 5, 10 };
  double mag = pow (10.0, floor (log10 (raw)));

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (steps[i] * mag >= raw * (1 - 1e-9))
      return steps[i] * mag;
  return 10 * mag;
}

/* tick target counts from the axis' length (matplotlib's MaxNLocator with
 * nbins='auto': at most 9, fewer on a short axis) */
guint
_mlp_plot_tick_target (double pixels, double per_tick)
{
  return (guint) CLAMP (floor (pixels / per_tick), 2, 9);
}

/* the next tick, unlabelled; the caller has checked that there is room */
static MlpPlotTick *
tick_add (MlpPlotTicks *set, double t, gboolean major)
{
  MlpPlotTick *tick = &set->ticks[set->n++];

  tick->t = t;
  tick->major = major;
  tick->label[0] = '\0';
  return tick;
}

/* "−1.5": the Unicode minus sign as matplotlib writes it */
static void
set_tick_label (MlpPlotTick *tick, const char *number)
{
  if (number[0] == '-')
    g_snprintf (tick->label, sizeof tick->label, MINUS "%s", number + 1);
  else
    g_strlcpy (tick->label, number, sizeof tick->label);
}

/* The fewest digits that read back as v within tol: as %g writes them
 * (the scientific labels of a linear axis), or positional between 1e-5 and
 * 1e15 (a log axis' 10 and 20, not 1e+01 and 2e+01). */
static void
format_shortest (char *buf, gsize size, double v, double tol, gboolean positional)
{
  for (int p = 1; p <= 17; p++)
    {
      char fmt[8];

      if (positional)
        _mlp_plot_format_number (buf, size, v, p);
      else
        {
          g_snprintf (fmt, sizeof fmt, "%%.%dg", p);
          g_ascii_formatd (buf, (int) size, fmt, v);
        }
      if (fabs (g_ascii_strtod (buf, NULL) - v) <= tol)
        return;
    }
}

/* how many decimals every multiple of step needs: 0.25 → 2 */
static int
step_decimals (double step)
{
  int decimals = 0;

  while (decimals < 15)
    {
      double scaled = step * pow (10.0, decimals);

      if (fabs (scaled - round (scaled)) <= 1e-6 * scaled)
        break;
      decimals++;
    }
  return decimals;
}

void
_mlp_plot_ticks_linear (MlpPlotTicks *set, double lo, double hi, guint target)
{
  double vmin = MIN (lo, hi), vmax = MAX (lo, hi);
  double step = _mlp_plot_nice_step ((vmax - vmin) / MAX (target, 1));
  double k0 = ceil (vmin / step - 1e-9), k1 = floor (vmax / step + 1e-9);
  double biggest = MAX (fabs (k0 * step), fabs (k1 * step));
  int decimals = step_decimals (step);
  gboolean scientific = biggest >= 1e6 || step < 1e-4;

  set->n = 0;
  for (double k = k0; k <= k1 && set->n < MAX_TICKS; k++)
    {
      double v = k * step;
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      if (fabs (v) < step * 1e-9)
        v = 0;   /* not "-0.0" nor 1.3e-17 */
      if (scientific)
        format_shortest (buf, sizeof buf, v, step * 1e-6, FALSE);
      else
        {
          char fmt[8];

          g_snprintf (fmt, sizeof fmt, "%%.%df", decimals);
          g_ascii_formatd (buf, sizeof buf, fmt, v);
        }
      set_tick_label (tick_add (set, v, TRUE), buf);
    }
}

/* minor ticks at 2 … 9 × 10^k that lie within tmin … tmax */
static void
log_minor_ticks (MlpPlotTicks *set, double k, double tmin, double tmax)
{
  for (int m = 2; m <= 9 && set->n < MAX_TICKS; m++)
    {
      double t = k + log10 (m);

      if (t >= tmin && t <= tmax)
        tick_add (set, t, FALSE);
    }
}

/* Two decades or more in view, k0 … k1: labelled decades 10^k (every
 * stride-th one when there are many), minor ticks at 2…9 × 10^k when there
 * is room, or at the skipped decades. */
static void
log_decade_ticks (MlpPlotTicks *set, double tmin, double tmax, double k0, double k1,
                  guint target, double pixels)
{
  double decades = k1 - k0 + 1;
  double stride = decades - 1 <= target ? 1 : ceil (_mlp_plot_nice_step ((decades - 1) / MAX (target, 1)));
  gboolean minor = stride == 1 && pixels / (tmax - tmin) >= 30;

  for (double k = floor (tmin); k <= k1 && set->n < MAX_TICKS; k++)
    {
      if (k >= k0 && fmod (fabs (k), stride) == 0)
        {
          MlpPlotTick *tick = tick_add (set, k, TRUE);
          char buf[24];

          g_snprintf (buf, sizeof buf, "%d", (int) k);
          g_snprintf (tick->label, sizeof tick->label, "10<sup>%s%s</sup>",
                      k < 0 ? MINUS : "", k < 0 ? buf + 1 : buf);
        }
      else if (k >= k0 && stride > 1 && stride <= 10)
        tick_add (set, k, FALSE);
      if (minor)
        log_minor_ticks (set, k, tmin, tmax);
    }
}

/* 1, 2, 5 × 10^k within tmin … tmax; returns how many */
static guint
log_mantissa_ticks (MlpPlotTicks *set, double tmin, double tmax)
{
  static const int mantissas[] = { 1, 2, 5 };
  guint majors = 0;

  for (double k = floor (tmin); k <= ceil (tmax) && set->n < MAX_TICKS - 3; k++)
    for (guint m = 0; m < G_N_ELEMENTS (mantissas); m++)
      {
        double t = k + log10 (mantissas[m]);

        if (t >= tmin - 1e-9 && t <= tmax + 1e-9)
          {
            char buf[G_ASCII_DTOSTR_BUF_SIZE];
            double v = mantissas[m] * pow (10.0, k);

            format_shortest (buf, sizeof buf, v, v * 1e-9, TRUE);
            set_tick_label (tick_add (set, t, TRUE), buf);
            majors++;
          }
      }
  return majors;
}

/* a narrow range (3 … 4): linear ticks placed on the log scale */
static void
log_linear_ticks (MlpPlotTicks *set, double tmin, double tmax, guint target)
{
  MlpPlotTicks lin;
  double vlo = pow (10.0, tmin), vhi = pow (10.0, tmax);

  _mlp_plot_ticks_linear (&lin, vlo, vhi, target);
  set->n = 0;
  for (guint i = 0; i < lin.n; i++)
    if (lin.ticks[i].t > 0)
      {
        set->ticks[set->n] = lin.ticks[i];
        set->ticks[set->n].t = log10 (lin.ticks[i].t);
        set->n++;
      }
}

void
_mlp_plot_ticks_log (MlpPlotTicks *set, double lo, double hi, guint target, double pixels)
{
  double tmin = MIN (lo, hi), tmax = MAX (lo, hi);
  double k0 = ceil (tmin - 1e-9), k1 = floor (tmax + 1e-9);

  set->n = 0;
  if (k1 - k0 + 1 >= 2)
    log_decade_ticks (set, tmin, tmax, k0, k1, target, pixels);
  else if (log_mantissa_ticks (set, tmin, tmax) < 2)
    log_linear_ticks (set, tmin, tmax, target);
}

void
_mlp_plot_axis_ticks (const MlpPlotAxis *a, MlpPlotTicks *set, guint target, double pixels)
{
  if (a->scale == MLP_AXIS_LOG)
    _mlp_plot_ticks_log (set, a->t_lo, a->t_hi, target, pixels);
  else
    _mlp_plot_ticks_linear (set, a->t_lo, a->t_hi, target);
}
