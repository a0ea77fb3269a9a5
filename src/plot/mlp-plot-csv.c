/* mlp-plot-csv.c — a figure's data as CSV text, for a spreadsheet or pandas.
 *
 * Series become one table "x,<label1>,<label2>…" when they all share the
 * same x values (a training curve: epoch, train loss, test accuracy), else
 * blocks "series,x,y".  Numbers are the shortest decimals that read back as
 * the same double, or float where the points came as float, written
 * positionally between 1e-5 and 1e15 (mlp-plot-number.c).  A heat map
 * writes its matrix with row and column labels, an image grid one row per
 * image.  Fields follow RFC 4180.
 */
#include "mlp-plot-private.h"

#include <string.h>

/* the shortest decimal that reads back as the same float or double, in
 * positional notation where that reads naturally (epoch 10 is "10") */
static void
csv_number (GString *out, double v, gboolean from_float)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  _mlp_plot_format_exact (buf, sizeof buf, v, from_float);
  g_string_append (out, buf);
}

/* ",<v>" at digits significant digits (the images' 6) */
static void
csv_digits (GString *out, double v, int digits)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  _mlp_plot_format_number (buf, sizeof buf, v, digits);
  g_string_append_c (out, ',');
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

/* one row per image: its number, its caption, its pixels p0, p1 … */
static char *
csv_images (MlpPlot *plot)
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
        csv_digits (m, plot->images[k * px + q], 6);
      g_string_append_c (m, '\n');
    }
  return g_string_free (m, FALSE);
}

/* the matrix under a row of column labels, each row after its label */
static char *
csv_heatmap (MlpPlot *plot)
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
          g_string_append_c (m, ',');
          csv_number (m, plot->heat[r * plot->heat_cols + c], FALSE);
        }
      g_string_append_c (m, '\n');
    }
  return g_string_free (m, FALSE);
}

/* the series' label, else "y" or "y<k+1>" */
static char *
series_name (MlpPlot *plot, guint k)
{
  const MlpPlotSeries *s = plot->series->pdata[k];

  if (_mlp_plot_has_text (s->label))
    return g_strdup (s->label);
  return plot->series->len == 1 ? g_strdup ("y") : g_strdup_printf ("y%u", k + 1);
}

/* whether every series has the first one's x values */
static gboolean
series_share_x (MlpPlot *plot)
{
  const MlpPlotSeries *first = plot->series->pdata[0];

  for (guint k = 1; k < plot->series->len; k++)
    {
      const MlpPlotSeries *s = plot->series->pdata[k];

      if (s->x->len != first->x->len ||
          memcmp (s->x->data, first->x->data, s->x->len * sizeof (double)) != 0)
        return FALSE;
    }
  return TRUE;
}

/* x and one column per series; x in float precision only if all came as float */
static void
csv_table (MlpPlot *plot, GString *out)
{
  const MlpPlotSeries *first = plot->series->pdata[0];
  gboolean from_float = TRUE;

  g_string_append (out, "x");
  for (guint k = 0; k < plot->series->len; k++)
    {
      g_autofree char *name = series_name (plot, k);

      g_string_append_c (out, ',');
      csv_field (out, name);
      from_float &= ((const MlpPlotSeries *) plot->series->pdata[k])->from_float;
    }
  g_string_append_c (out, '\n');
  for (guint i = 0; i < first->x->len; i++)
    {
      csv_number (out, g_array_index (first->x, double, i), from_float);
      for (guint k = 0; k < plot->series->len; k++)
        {
          const MlpPlotSeries *s = plot->series->pdata[k];

          g_string_append_c (out, ',');
          csv_number (out, g_array_index (s->y, double, i), s->from_float);
        }
      g_string_append_c (out, '\n');
    }
}

/* "series,x,y": a row per point, series after series */
static void
csv_blocks (MlpPlot *plot, GString *out)
{
  g_string_append (out, "series,x,y\n");
  for (guint k = 0; k < plot->series->len; k++)
    {
      const MlpPlotSeries *s = plot->series->pdata[k];
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
}

/**
 * mlp_plot_to_csv:
 *
 * Returns: (transfer full): the figure's data as CSV text ("" for a plot
 * without series)
 */
char *
mlp_plot_to_csv (MlpPlot *plot)
{
  GString *out;

  g_return_val_if_fail (plot != NULL, NULL);
  if (plot->images != NULL)
    return csv_images (plot);
  if (plot->heat != NULL)
    return csv_heatmap (plot);

  out = g_string_new (NULL);
  if (plot->series->len == 0)
    return g_string_free (out, FALSE);
  if (series_share_x (plot))
    csv_table (plot, out);
  else
    csv_blocks (plot, out);
  return g_string_free (out, FALSE);
}
