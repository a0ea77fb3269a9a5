/* mlp-plot-view-export.c — the plot widget's export and copy actions.
 *
 * Export… asks for a file, a size and a PNG resolution; plot.export-file
 * takes a path.  Either renders a copy of the figure, with the view the
 * user zoomed to, into the file as a job on the worker's quick lane, since
 * writing a large PNG or PDF can take a while and must not hold the window;
 * an error is shown when the job ends (a dialog for Export…, a warning for
 * the action).  A widget outside a section has no worker and exports at
 * once.  The copy is made here, on the main thread that owns the plot, and
 * from then on belongs to the job (mlp-plot.h: copies share nothing).
 */
#include "mlp-plot-view-private.h"

#include <glib/gi18n.h>

#include "mlp-file-chooser.h"

/* sizes the export dialog offers: width × height in points */
static const struct {
  int width, height;
} export_sizes[] = { { 640, 360 }, { 800, 450 }, { 1024, 576 }, { 1280, 720 }, { 1920, 1080 }, { 480, 360 } };
static const int export_dpis[] = { 96, 150, 192, 300 };

static void
show_error (GtkWidget *widget, const char *primary, const GError *error)
{
  GtkRoot *root = widget != NULL ? gtk_widget_get_root (widget) : NULL;
  GtkWidget *dialog;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_ERROR, GTK_BUTTONS_CLOSE, "%s", primary);
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", error->message);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_signal_connect (dialog, "response", G_CALLBACK (gtk_window_destroy), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* an export that failed: in a dialog when the user asked through one */
static void
report (GtkWidget *widget, gboolean from_dialog, const GError *error)
{
  if (from_dialog)
    show_error (widget, _("The figure could not be exported"), error);
  else
    g_warning ("%s", error->message);
}

/* ------------------------------------------------------------- the job */

/* what the worker needs: its own copy of the figure and the file */
typedef struct {
  MlpPlot *plot;
  char    *path;
  double   width, height, dpi;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  mlp_plot_unref (job->plot);
  g_free (job->path);
  g_free (job);
}

/* on the worker: the light style, as every export; TRUE or NULL and error */
static gpointer
export_job_run (MlpJob *job, gpointer job_data, GError **error)
{
  ExportJob *ej = job_data;

  if (!mlp_plot_export (ej->plot, ej->path, MLP_PLOT_FORMAT_AUTO, ej->width, ej->height, ej->dpi,
                        mlp_plot_style_light (), error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

/* on the main thread, once the job ends: the widget may be gone by then */
typedef struct {
  GWeakRef view;
  gboolean from_dialog;
} ExportTask;

static void
export_task_free (gpointer data)
{
  ExportTask *task = data;

  g_weak_ref_clear (&task->view);
  g_free (task);
}

static void
export_done (gpointer result, const GError *error, gpointer user_data)
{
  ExportTask *task = user_data;
  g_autoptr(GtkWidget) view = g_weak_ref_get (&task->view);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    report (view, task->from_dialog && view != NULL, error);
}

/* the figure as it is now into path: on the worker where there is one */
static void
export_start (MlpPlotView *self, const char *path, gboolean from_dialog)
{
  g_autoptr(GError) error = NULL;
  ExportJob *job;
  ExportTask *task;

  if (self->worker == NULL || self->plot == NULL)
    {
      if (!mlp_plot_view_export_file (self, path, &error))
        report (GTK_WIDGET (self), from_dialog, error);
      return;
    }
  job = g_new0 (ExportJob, 1);
  job->plot = mlp_plot_copy (self->plot);
  job->path = g_strdup (path);
  job->width = self->export_width;
  job->height = self->export_height;
  job->dpi = self->export_dpi;
  task = g_new0 (ExportTask, 1);
  g_weak_ref_init (&task->view, self);
  task->from_dialog = from_dialog;
  mlp_worker_submit_full (self->worker, MLP_LANE_QUICK, _("Exporting the figure"), export_job_run,
                          job, export_job_free, NULL, export_done, task, export_task_free);
}

gboolean
mlp_plot_view_export_file (MlpPlotView *self, const char *path, GError **error)
{
  g_autoptr(MlpPlot) copy = NULL;

  g_return_val_if_fail (MLP_IS_PLOT_VIEW (self), FALSE);

  if (self->plot == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("There is no figure to export yet"));
      return FALSE;
    }
  /* a copy, so that the widget's plot keeps the layout of its last draw
   * for the hover read-out; exports are for slides and notes: the light
   * style, whatever the theme */
  copy = mlp_plot_copy (self->plot);
  return mlp_plot_export (copy, path, MLP_PLOT_FORMAT_AUTO,
                          self->export_width, self->export_height, self->export_dpi,
                          mlp_plot_style_light (), error);
}

/* ------------------------------------------------------------ the dialog */

static void
on_export_chosen (GtkWidget *widget, GFile *file, GtkFileChooserNative *native, gpointer user_data)
{
  MlpPlotView *self = MLP_PLOT_VIEW (widget);
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (native);
  g_autofree char *path = g_file_get_path (file);
  const char *size = gtk_file_chooser_get_choice (chooser, "size");
  const char *dpi = gtk_file_chooser_get_choice (chooser, "dpi");
  MlpPlotFormat format;

  if (size != NULL)
    {
      guint i = (guint) g_ascii_strtoull (size, NULL, 10);

      if (i < G_N_ELEMENTS (export_sizes))
        mlp_plot_view_set_export_size (self, export_sizes[i].width, export_sizes[i].height,
                                       self->export_dpi);
    }
  if (dpi != NULL)
    mlp_plot_view_set_export_size (self, self->export_width, self->export_height,
                                   (int) g_ascii_strtoull (dpi, NULL, 10));
  if (path == NULL)
    {
      g_autoptr(GError) error = g_error_new (G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                                             _("The figure can only be written to a local file"));

      report (widget, TRUE, error);
      return;
    }
  if (!mlp_plot_format_from_path (path, &format))
    {
      g_autofree char *with_ext = g_strconcat (path, ".png", NULL);

      g_free (path);
      path = g_steal_pointer (&with_ext);
    }
  export_start (self, path, TRUE);
}

/* the choice of sizes, the current one selected */
static void
add_size_choice (MlpPlotView *self, GtkFileChooser *chooser)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint current = 0;

  for (guint i = 0; i < G_N_ELEMENTS (export_sizes); i++)
    {
      g_ptr_array_add (ids, g_strdup_printf ("%u", i));
      g_ptr_array_add (labels, g_strdup_printf ("%d × %d", export_sizes[i].width, export_sizes[i].height));
      if (export_sizes[i].width == self->export_width && export_sizes[i].height == self->export_height)
        current = i;
    }
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (labels, NULL);
  gtk_file_chooser_add_choice (chooser, "size", _("Size"),
                               (const char **) ids->pdata, (const char **) labels->pdata);
  gtk_file_chooser_set_choice (chooser, "size", ids->pdata[current]);
}

/* the choice of PNG resolutions, the current one selected */
static void
add_dpi_choice (MlpPlotView *self, GtkFileChooser *chooser)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *current = g_strdup_printf ("%d", self->export_dpi);

  for (guint i = 0; i < G_N_ELEMENTS (export_dpis); i++)
    {
      g_ptr_array_add (ids, g_strdup_printf ("%d", export_dpis[i]));
      /* Translators: a PNG resolution, "96 dpi" */
      g_ptr_array_add (labels, g_strdup_printf (_("%d dpi"), export_dpis[i]));
    }
  g_ptr_array_add (ids, NULL);
  g_ptr_array_add (labels, NULL);
  gtk_file_chooser_add_choice (chooser, "dpi", _("PNG resolution"),
                               (const char **) ids->pdata, (const char **) labels->pdata);
  gtk_file_chooser_set_choice (chooser, "dpi", current);
}

void
_mlp_plot_view_export_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MlpPlotView *self = MLP_PLOT_VIEW (widget);
  g_autofree char *name = g_strdup_printf ("%s.png", self->export_name ? self->export_name : "figure");
  GtkFileChooserNative *chooser;

  if (self->plot == NULL)
    return;
  chooser = mlp_file_chooser_new (widget, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export Figure"), _("_Export"), name);
  mlp_file_chooser_add_filter (chooser, _("PNG image (*.png)"), "*.png", NULL);
  mlp_file_chooser_add_filter (chooser, _("SVG drawing (*.svg)"), "*.svg", NULL);
  mlp_file_chooser_add_filter (chooser, _("PDF document (*.pdf)"), "*.pdf", NULL);
  mlp_file_chooser_add_filter (chooser, _("CSV data (*.csv)"), "*.csv", NULL);
  add_size_choice (self, GTK_FILE_CHOOSER (chooser));
  add_dpi_choice (self, GTK_FILE_CHOOSER (chooser));
  mlp_file_chooser_run (chooser, on_export_chosen, NULL);
}

void
_mlp_plot_view_export_file_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  export_start (MLP_PLOT_VIEW (widget), g_variant_get_string (param, NULL), FALSE);
}

/* ---------------------------------------------------------------- copy */

void
_mlp_plot_view_copy_image_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MlpPlotView *self = MLP_PLOT_VIEW (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  int w = self->export_width * scale, h = self->export_height * scale;
  g_autoptr(MlpPlot) copy = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  if (self->plot == NULL)
    return;
  copy = mlp_plot_copy (self->plot);   /* the widget's plot keeps its layout */
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  mlp_plot_render (copy, cr, self->export_width, self->export_height, mlp_plot_style_light ());
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  bytes = g_bytes_new (cairo_image_surface_get_data (surface),
                       (gsize) cairo_image_surface_get_stride (surface) * h);
  /* cairo's ARGB32 is premultiplied BGRA in memory on little-endian machines */
  texture = gdk_memory_texture_new (w, h,
                                    G_BYTE_ORDER == G_LITTLE_ENDIAN ? GDK_MEMORY_B8G8R8A8_PREMULTIPLIED
                                                                    : GDK_MEMORY_A8R8G8B8_PREMULTIPLIED,
                                    bytes, cairo_image_surface_get_stride (surface));
  cairo_surface_destroy (surface);
  gdk_clipboard_set_texture (gtk_widget_get_clipboard (widget), texture);
}

void
_mlp_plot_view_copy_csv_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MlpPlotView *self = MLP_PLOT_VIEW (widget);
  g_autofree char *csv = NULL;

  if (self->plot == NULL)
    return;
  csv = mlp_plot_to_csv (self->plot);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), csv);
}
