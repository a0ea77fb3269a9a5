/* mlp-plot-number.c — numbers written as people read them: in the CSV a
 * figure exports and in the labels of a log axis' ticks.
 *
 * printf's %g switches to exponent notation as soon as the exponent reaches
 * the number of digits, so the shortest %g of 10 is "1e+01" and of 170
 * "1.7e+02": correct, and no way to write an epoch.  Here a number keeps
 * the fewest significant digits that say it, in positional notation for
 * 1e-5 ≤ |v| < 1e15 ("10", "170", "0.1", "0.000015") and in %g's exponent
 * notation outside ("1e-06", "2.5e+15").  Always in the C locale.
 */
#include "mlp-plot-private.h"

#include <stdlib.h>
#include <string.h>

/* "0.2500" → "0.25", "10.0" → "10"; a string without a point is left alone */
static void
strip_zeros (char *buf)
{
  char *end;

  if (strchr (buf, '.') == NULL)
    return;
  end = buf + strlen (buf);
  while (end > buf && end[-1] == '0')
    *--end = '\0';
  if (end > buf && end[-1] == '.')
    end[-1] = '\0';
}

void
_mlp_plot_format_number (char *buf, gsize size, double v, int digits)
{
  char sci[G_ASCII_DTOSTR_BUF_SIZE], fmt[16];
  double a = fabs (v);

  if (!isfinite (v))
    {
      g_strlcpy (buf, isnan (v) ? "nan" : v > 0 ? "inf" : "-inf", size);
      return;
    }
  digits = CLAMP (digits, 1, 17);
  if (!(a >= 1e-5 && a < 1e15))
    {
      g_snprintf (fmt, sizeof fmt, "%%.%dg", digits);
      g_ascii_formatd (buf, (int) size, fmt, v);
      return;
    }
  /* the exponent after rounding to digits (9.96 at 2 digits is 1.0e+01) */
  g_snprintf (fmt, sizeof fmt, "%%.%de", digits - 1);
  g_ascii_formatd (sci, sizeof sci, fmt, v);
  g_snprintf (fmt, sizeof fmt, "%%.%df", MAX (0, digits - 1 - atoi (strchr (sci, 'e') + 1)));
  g_ascii_formatd (buf, (int) size, fmt, v);
  strip_zeros (buf);
}

void
_mlp_plot_format_exact (char *buf, gsize size, double v, gboolean as_float)
{
  for (int digits = 1; digits <= 17; digits++)
    {
      double back;

      _mlp_plot_format_number (buf, size, v, digits);
      back = g_ascii_strtod (buf, NULL);
      if (!isfinite (v) || (as_float ? (float) back == (float) v : back == v))
        return;
    }
}
