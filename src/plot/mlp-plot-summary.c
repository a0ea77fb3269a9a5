/* mlp-plot-summary.c — a figure in words, for those who cannot see it: the
 * plot widget gives it to screen readers as its accessible description.
 *
 * A plot of series says how many there are and where each ends ("2 series:
 * train_loss 0.412 at epoch = 10, val_acc 0.81 at epoch = 10"), which is
 * what a training curve is read for, then which axes are logarithmic; a
 * heat map its size and largest value; an image grid how many images.
 */
#include "mlp-plot-private.h"

#include <glib/gi18n-lib.h>

#define MAX_NAMED 6   /* series named one by one; the rest are counted */

/* v in the figure's plain notation, 3 significant digits */
static void
append_number (GString *out, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  _mlp_plot_format_number (buf, sizeof buf, v, 3);
  g_string_append (out, buf);
}

/* "train_loss 0.412 at epoch = 10": the series' last finite point */
static void
append_series (MlpPlot *plot, guint k, GString *out)
{
  const MlpPlotSeries *s = plot->series->pdata[k];
  const char *x_name = _mlp_plot_has_text (plot->xaxis.label) ? plot->xaxis.label : "x";
  g_autofree char *name = _mlp_plot_has_text (s->label) ? g_strdup (s->label)
                          /* Translators: a series without a label, "series 2" */
                          : g_strdup_printf (_("series %u"), k + 1);
  GString *x = g_string_new (NULL), *y = g_string_new (NULL);
  guint i = s->x->len;

  while (i > 0 && !(isfinite (g_array_index (s->x, double, i - 1)) &&
                    isfinite (g_array_index (s->y, double, i - 1))))
    i--;
  if (i == 0)
    /* Translators: a series with nothing to draw, "val_acc: no points" */
    g_string_append_printf (out, _("%s: no points"), name);
  else
    {
      append_number (x, g_array_index (s->x, double, i - 1));
      append_number (y, g_array_index (s->y, double, i - 1));
      /* Translators: a series' last point, "train_loss 0.412 at epoch = 10" */
      g_string_append_printf (out, _("%s %s at %s = %s"), name, y->str, x_name, x->str);
    }
  g_string_free (x, TRUE);
  g_string_free (y, TRUE);
}

static void
append_all_series (MlpPlot *plot, GString *out)
{
  guint n = plot->series->len;

  if (n == 0)
    {
      g_string_append (out, _("no data"));
      return;
    }
  /* Translators: the number of series, then each of them */
  g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u series: ", "%u series: ", n), n);
  for (guint k = 0; k < MIN (n, MAX_NAMED); k++)
    {
      if (k > 0)
        g_string_append (out, ", ");
      append_series (plot, k, out);
    }
  if (n > MAX_NAMED)
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, " and %u more", " and %u more", n - MAX_NAMED),
                            n - MAX_NAMED);
  if (_mlp_plot_axis_next_scale (&plot->xaxis) == MLP_AXIS_LOG)
    g_string_append_printf (out, "; %s", _("logarithmic x axis"));
  if (_mlp_plot_axis_next_scale (&plot->yaxis) == MLP_AXIS_LOG)
    g_string_append_printf (out, "; %s", _("logarithmic y axis"));
}

/**
 * mlp_plot_dup_summary:
 * @plot: a plot
 *
 * Returns: (transfer full): what the figure shows, in a sentence
 */
char *
mlp_plot_dup_summary (MlpPlot *plot)
{
  GString *out;

  g_return_val_if_fail (plot != NULL, NULL);
  out = g_string_new (NULL);
  if (plot->images != NULL)
    g_string_append_printf (out, g_dngettext (GETTEXT_PACKAGE, "%u image", "%u images", plot->n_images),
                            plot->n_images);
  else if (plot->heat != NULL)
    {
      double top = -INFINITY;

      for (gsize i = 0; i < (gsize) plot->heat_rows * plot->heat_cols; i++)
        if (isfinite (plot->heat[i]))
          top = MAX (top, plot->heat[i]);
      /* Translators: a heat map's rows × columns */
      g_string_append_printf (out, _("heat map %u × %u"), plot->heat_rows, plot->heat_cols);
      if (isfinite (top))
        {
          /* Translators: after the heat map's size */
          g_string_append_printf (out, ", %s ", _("largest value"));
          append_number (out, top);
        }
    }
  else
    append_all_series (plot, out);
  return g_string_free (out, FALSE);
}
