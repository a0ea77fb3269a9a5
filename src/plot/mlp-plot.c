/* mlp-plot.c — the plot model: what a figure shows, as opposed to how it is
 * drawn (mlp-plot-render.c and the files it calls).
 *
 * A plot holds series (copied points, a label, a line style), or instead a
 * heat map or a grid of images, plus the title, the axes' labels, scales and
 * fixed limits.  Everything handed in is copied, so the caller's arrays may
 * go away; mlp_plot_copy gives a plot that shares nothing with the original,
 * which is how a figure travels to another thread (MlpPlot itself is not
 * thread-safe).
 */
#include "mlp-plot-private.h"

#define DEFAULT_LINE_WIDTH 2.0      /* matplotlib's 1.5 pt at 96 dpi */

/* ------------------------------------------------------------------ series */

static void
series_free (gpointer data)
{
  MlpPlotSeries *s = data;

  g_free (s->label);
  g_array_unref (s->x);
  g_array_unref (s->y);
  g_free (s);
}

static gpointer
series_copy (gconstpointer data, gpointer user_data)
{
  const MlpPlotSeries *s = data;
  MlpPlotSeries *copy = g_memdup2 (s, sizeof *s);

  copy->label = g_strdup (s->label);
  copy->x = g_array_copy (s->x);
  copy->y = g_array_copy (s->y);
  return copy;
}

/* A new series with room for n points at the end of the list, in the next
 * default format; NULL (after a critical) for arguments the public adders
 * refuse, which is why it takes the points it does not copy. */
static MlpPlotSeries *
series_new (MlpPlot *plot, const char *label, gconstpointer x, gconstpointer y, gsize n)
{
  MlpPlotSeries *s;
  guint index;

  g_return_val_if_fail (plot != NULL, NULL);
  g_return_val_if_fail (n == 0 || (x != NULL && y != NULL), NULL);
  g_return_val_if_fail (n <= G_MAXUINT, NULL);
  s = g_new0 (MlpPlotSeries, 1);
  index = plot->series->len;
  s->label = g_strdup (label);
  s->x = g_array_sized_new (FALSE, FALSE, sizeof (double), (guint) n);
  s->y = g_array_sized_new (FALSE, FALSE, sizeof (double), (guint) n);
  s->color_index = index;
  s->line = _mlp_plot_default_line (index);
  s->width = DEFAULT_LINE_WIDTH;
  s->marker = MLP_MARKER_NONE;
  g_ptr_array_add (plot->series, s);
  return s;
}

static MlpPlotSeries *
get_series (MlpPlot *plot, guint series)
{
  g_return_val_if_fail (plot != NULL, NULL);
  g_return_val_if_fail (series < plot->series->len, NULL);
  return plot->series->pdata[series];
}

/* ------------------------------------------------------------------- plots */

/**
 * mlp_plot_new:
 *
 * Returns: (transfer full): an empty plot with a grid and a legend (drawn when
 * a series has a label)
 */
MlpPlot *
mlp_plot_new (void)
{
  MlpPlot *plot = g_new0 (MlpPlot, 1);

  g_ref_count_init (&plot->ref_count);
  _mlp_plot_axis_init (&plot->xaxis);
  _mlp_plot_axis_init (&plot->yaxis);
  plot->grid = TRUE;
  plot->legend = TRUE;
  plot->heat_lo = plot->heat_hi = NAN;
  plot->series = g_ptr_array_new_with_free_func (series_free);
  return plot;
}

/**
 * mlp_plot_copy:
 * @plot: the plot to copy
 *
 * A deep copy: the series, the heat map, the images and every string are
 * copied, and so is what the last render left for the queries.  The copy
 * starts with one reference of its own.
 *
 * Returns: (transfer full): a plot that shares nothing with @plot
 */
MlpPlot *
mlp_plot_copy (const MlpPlot *plot)
{
  MlpPlot *copy;

  g_return_val_if_fail (plot != NULL, NULL);
  copy = g_memdup2 (plot, sizeof *plot);
  g_ref_count_init (&copy->ref_count);
  copy->title = g_strdup (plot->title);
  copy->xaxis.label = g_strdup (plot->xaxis.label);
  copy->yaxis.label = g_strdup (plot->yaxis.label);
  copy->series = g_ptr_array_copy (plot->series, series_copy, NULL);   /* keeps series_free */
  copy->heat = g_memdup2 (plot->heat, (gsize) plot->heat_rows * plot->heat_cols * sizeof (double));
  copy->heat_row_labels = g_strdupv (plot->heat_row_labels);
  copy->heat_col_labels = g_strdupv (plot->heat_col_labels);
  copy->images = g_memdup2 (plot->images,
                            (gsize) plot->n_images * plot->image_h * plot->image_w * sizeof (float));
  copy->image_captions = g_strdupv (plot->image_captions);
  return copy;
}

MlpPlot *
mlp_plot_ref (MlpPlot *plot)
{
  g_return_val_if_fail (plot != NULL, NULL);
  g_ref_count_inc (&plot->ref_count);
  return plot;
}

void
mlp_plot_unref (MlpPlot *plot)
{
  g_return_if_fail (plot != NULL);
  if (!g_ref_count_dec (&plot->ref_count))
    return;
  g_free (plot->images);
  g_strfreev (plot->image_captions);
  g_free (plot->heat);
  g_strfreev (plot->heat_row_labels);
  g_strfreev (plot->heat_col_labels);
  g_free (plot->title);
  g_free (plot->xaxis.label);
  g_free (plot->yaxis.label);
  g_ptr_array_unref (plot->series);
  g_free (plot);
}

/* value may be the field's own string */
static void
replace_string (char **field, const char *value)
{
  char *copy = g_strdup (value);

  g_free (*field);
  *field = copy;
}

void
mlp_plot_set_labels (MlpPlot *plot, const char *title, const char *xlabel, const char *ylabel)
{
  g_return_if_fail (plot != NULL);
  replace_string (&plot->title, title);
  replace_string (&plot->xaxis.label, xlabel);
  replace_string (&plot->yaxis.label, ylabel);
}

void
mlp_plot_set_xscale (MlpPlot *plot, MlpAxisScale scale)
{
  g_return_if_fail (plot != NULL);
  plot->xaxis.own_scale = plot->xaxis.scale = scale;
}

void
mlp_plot_set_yscale (MlpPlot *plot, MlpAxisScale scale)
{
  g_return_if_fail (plot != NULL);
  plot->yaxis.own_scale = plot->yaxis.scale = scale;
}

void
mlp_plot_set_xlim (MlpPlot *plot, double lo, double hi)
{
  g_return_if_fail (plot != NULL);
  plot->xaxis.fixed_lo = lo;
  plot->xaxis.fixed_hi = hi;
}

void
mlp_plot_set_ylim (MlpPlot *plot, double lo, double hi)
{
  g_return_if_fail (plot != NULL);
  plot->yaxis.fixed_lo = lo;
  plot->yaxis.fixed_hi = hi;
}

void
mlp_plot_set_grid (MlpPlot *plot, gboolean grid)
{
  g_return_if_fail (plot != NULL);
  plot->grid = grid;
}

void
mlp_plot_set_legend (MlpPlot *plot, gboolean legend)
{
  g_return_if_fail (plot != NULL);
  plot->legend = legend;
}

const char *
mlp_plot_get_title (MlpPlot *plot)
{
  g_return_val_if_fail (plot != NULL, NULL);
  return plot->title;
}

/* ---------------------------------------------------------- adding series */

guint
mlp_plot_add_series (MlpPlot *plot, const char *label, const double *x, const double *y, gsize n)
{
  MlpPlotSeries *s = series_new (plot, label, x, y, n);

  if (s == NULL)
    return 0;
  g_array_append_vals (s->x, x, (guint) n);
  g_array_append_vals (s->y, y, (guint) n);
  return plot->series->len - 1;
}

guint
mlp_plot_add_series_f (MlpPlot *plot, const char *label, const float *x, const float *y, gsize n)
{
  MlpPlotSeries *s = series_new (plot, label, x, y, n);

  if (s == NULL)
    return 0;
  s->from_float = TRUE;
  g_array_set_size (s->x, (guint) n);
  g_array_set_size (s->y, (guint) n);
  for (gsize i = 0; i < n; i++)
    {
      g_array_index (s->x, double, i) = x[i];
      g_array_index (s->y, double, i) = y[i];
    }
  return plot->series->len - 1;
}

void
mlp_plot_series_append (MlpPlot *plot, guint series, double x, double y)
{
  MlpPlotSeries *s = get_series (plot, series);

  g_return_if_fail (s != NULL);
  g_array_append_val (s->x, x);
  g_array_append_val (s->y, y);
}

void
mlp_plot_series_set_style (MlpPlot *plot, guint series, MlpLineStyle line,
                           const MlpColor *color, double width, MlpMarker marker)
{
  MlpPlotSeries *s = get_series (plot, series);

  g_return_if_fail (s != NULL);
  s->line = line;
  if (color != NULL)
    {
      s->color = *color;
      s->has_color = TRUE;
    }
  s->width = width > 0 && isfinite (width) ? width : DEFAULT_LINE_WIDTH;
  s->marker = marker;
}

void
mlp_plot_series_set_color_index (MlpPlot *plot, guint series, guint index)
{
  MlpPlotSeries *s = get_series (plot, series);

  g_return_if_fail (s != NULL);
  s->has_color = FALSE;
  s->color_index = index;
}

void
mlp_plot_clear (MlpPlot *plot)
{
  g_return_if_fail (plot != NULL);
  g_ptr_array_set_size (plot->series, 0);
}

/* ------------------------------------------------------- reading series */

guint
mlp_plot_get_n_series (MlpPlot *plot)
{
  g_return_val_if_fail (plot != NULL, 0);
  return plot->series->len;
}

const char *
mlp_plot_series_get_label (MlpPlot *plot, guint series)
{
  MlpPlotSeries *s = get_series (plot, series);

  return s != NULL ? s->label : NULL;
}

/* one of the series' coordinate arrays, and its length */
static const double *
series_values (MlpPlot *plot, guint series, gboolean is_x, gsize *n)
{
  MlpPlotSeries *s = get_series (plot, series);
  GArray *values = s == NULL ? NULL : is_x ? s->x : s->y;

  if (n != NULL)
    *n = values != NULL ? values->len : 0;
  return values != NULL ? (const double *) (gpointer) values->data : NULL;
}

const double *
mlp_plot_series_get_x (MlpPlot *plot, guint series, gsize *n)
{
  return series_values (plot, series, TRUE, n);
}

const double *
mlp_plot_series_get_y (MlpPlot *plot, guint series, gsize *n)
{
  return series_values (plot, series, FALSE, n);
}

/* ------------------------------------------------ heat maps and images */

/* NULL stays NULL; a NULL label becomes "" */
static char **
copy_labels (const char *const *labels, guint n)
{
  char **out;

  if (labels == NULL)
    return NULL;
  out = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    out[i] = g_strdup (labels[i] ? labels[i] : "");
  return out;
}

void
mlp_plot_set_heatmap (MlpPlot *plot, const double *values, guint rows, guint cols,
                      const char *const *row_labels, const char *const *col_labels)
{
  g_return_if_fail (plot != NULL && values != NULL && rows > 0 && cols > 0 && rows <= 256 && cols <= 256);

  g_free (plot->heat);
  g_strfreev (plot->heat_row_labels);
  g_strfreev (plot->heat_col_labels);
  plot->heat = g_memdup2 (values, (gsize) rows * cols * sizeof (double));
  plot->heat_rows = rows;
  plot->heat_cols = cols;
  plot->heat_row_labels = copy_labels (row_labels, rows);
  plot->heat_col_labels = copy_labels (col_labels, cols);
}

void
mlp_plot_set_heatmap_scale (MlpPlot *plot, MlpAxisScale scale)
{
  g_return_if_fail (plot != NULL);
  plot->heat_scale = scale;
}

void
mlp_plot_set_heatmap_range (MlpPlot *plot, double lo, double hi)
{
  g_return_if_fail (plot != NULL);
  plot->heat_lo = lo;
  plot->heat_hi = hi;
}

const double *
mlp_plot_get_heatmap (MlpPlot *plot, guint *rows, guint *cols)
{
  g_return_val_if_fail (plot != NULL, NULL);
  if (rows)
    *rows = plot->heat_rows;
  if (cols)
    *cols = plot->heat_cols;
  return plot->heat;
}

void
mlp_plot_set_images (MlpPlot *plot, const float *pixels, guint n, guint h, guint w,
                     const char *const *captions, gboolean signed_values)
{
  g_return_if_fail (plot != NULL && pixels != NULL && n > 0 && n <= 4096 && h > 0 && w > 0 && h <= 256 && w <= 256);

  g_free (plot->images);
  g_strfreev (plot->image_captions);
  plot->images = g_memdup2 (pixels, (gsize) n * h * w * sizeof (float));
  plot->n_images = n;
  plot->image_h = h;
  plot->image_w = w;
  plot->image_captions = copy_labels (captions, n);
  plot->images_signed = signed_values;
}

guint
mlp_plot_get_n_images (MlpPlot *plot)
{
  g_return_val_if_fail (plot != NULL, 0);
  return plot->images ? plot->n_images : 0;
}
