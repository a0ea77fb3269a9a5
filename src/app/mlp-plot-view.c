/* mlp-plot-view.c — see mlp-plot-view.h.  The figure is drawn by
 * mlp_plot_render(); this file only adds theme colours, the hover read-out,
 * and the export/copy menu. */
#include "mlp-plot-view.h"

#include <glib/gi18n.h>
#include <math.h>

struct _MlpPlotView {
  GtkWidget   parent_instance;

  MlpPlot    *plot;
  GtkWidget  *menu_button;
  GtkWidget  *context_menu;
  gboolean    presentation;
  gboolean    hovering;
  guint       hover_series;
  gsize       hover_index;
  char       *export_name;
  int         export_width;
  int         export_height;
  int         export_dpi;
  double      presentation_scale;
};

enum {
  PROP_0,
  PROP_EXPORT_WIDTH,
  PROP_EXPORT_HEIGHT,
  PROP_EXPORT_DPI,
  PROP_PRESENTATION_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MlpPlotView, mlp_plot_view, GTK_TYPE_WIDGET)

/* sizes the export dialog offers: width × height in points */
static const struct {
  int width, height;
} export_sizes[] = { { 640, 360 }, { 800, 450 }, { 1024, 576 }, { 1280, 720 }, { 1920, 1080 }, { 480, 360 } };
static const int export_dpis[] = { 96, 150, 192, 300 };

static void
style_for_widget (MlpPlotView *self, MlpPlotStyle *style)
{
  GdkRGBA fg;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  *style = *mlp_plot_style_light ();
  style->foreground = (MlpColor) { fg.red, fg.green, fg.blue, fg.alpha };
  style->grid = (MlpColor) { fg.red, fg.green, fg.blue, 0.15 };
  style->background = (MlpColor) { 0, 0, 0, 0 };   /* the theme's background shows */
  if (self->presentation)
    {
      style->font_scale = self->presentation_scale;
      style->line_scale = 1.0 + 0.6 * self->presentation_scale;
    }
}

static void
draw_hover (MlpPlotView *self, cairo_t *cr, const MlpPlotStyle *style, double width, double height)
{
  const double *xs, *ys;
  double px, py, x, y, tw, th, bx, by;
  gsize n;
  const char *label;
  g_autofree char *text = NULL;
  PangoLayout *layout;
  PangoFontDescription *font;
  PangoRectangle ink, logical;

  if (!self->hovering || self->plot == NULL ||
      self->hover_series >= mlp_plot_get_n_series (self->plot))
    return;
  xs = mlp_plot_series_get_x (self->plot, self->hover_series, &n);
  ys = mlp_plot_series_get_y (self->plot, self->hover_series, &n);
  if (self->hover_index >= n)
    return;
  x = xs[self->hover_index];
  y = ys[self->hover_index];
  if (!mlp_plot_data_to_pixel (self->plot, x, y, &px, &py))
    return;

  label = mlp_plot_series_get_label (self->plot, self->hover_series);
  text = g_strdup_printf ("%s%sx = %.6g\ny = %.6g", label ? label : "", label ? "\n" : "", x, y);

  cairo_save (cr);
  cairo_set_source_rgba (cr, style->foreground.r, style->foreground.g, style->foreground.b, 0.9);
  cairo_arc (cr, px, py, 4.0 * style->font_scale, 0, 2 * G_PI);
  cairo_set_line_width (cr, 1.5);
  cairo_stroke (cr);

  layout = pango_cairo_create_layout (cr);
  font = pango_font_description_from_string ("Sans 9");
  pango_font_description_set_size (font, (int) (9 * PANGO_SCALE * style->font_scale));
  pango_layout_set_font_description (layout, font);
  pango_layout_set_text (layout, text, -1);
  pango_layout_get_pixel_extents (layout, &ink, &logical);
  tw = logical.width + 12;
  th = logical.height + 8;
  bx = px + 10 + tw > width ? px - 10 - tw : px + 10;
  by = py - 10 - th < 0 ? py + 10 : py - 10 - th;
  by = MIN (by, height - th);

  /* a box in the inverse of the text colour keeps it readable on any theme */
  cairo_rectangle (cr, bx, by, tw, th);
  cairo_set_source_rgba (cr, 1 - style->foreground.r, 1 - style->foreground.g, 1 - style->foreground.b, 0.92);
  cairo_fill_preserve (cr);
  cairo_set_source_rgba (cr, style->foreground.r, style->foreground.g, style->foreground.b, 0.5);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
  cairo_move_to (cr, bx + 6, by + 4);
  cairo_set_source_rgba (cr, style->foreground.r, style->foreground.g, style->foreground.b, 1);
  pango_cairo_show_layout (cr, layout);
  pango_font_description_free (font);
  g_object_unref (layout);
  cairo_restore (cr);
}

static void
mlp_plot_view_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  MlpPlotView *self = MLP_PLOT_VIEW (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  MlpPlotStyle style;
  cairo_t *cr;

  if (width < 1 || height < 1)
    return;
  style_for_widget (self, &style);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->plot != NULL)
    {
      /* keep the corner button off the title and the legend */
      int bw = 0;

      gtk_widget_measure (self->menu_button, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &bw, NULL, NULL);
      mlp_plot_render (self->plot, cr, MAX (width - bw - 8, 1), height, &style);
      draw_hover (self, cr, &style, width, height);
    }
  cairo_destroy (cr);

  gtk_widget_snapshot_child (widget, self->menu_button, snapshot);
}

static void
mlp_plot_view_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                       int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  MlpPlotView *self = MLP_PLOT_VIEW (widget);

  gtk_widget_measure (self->menu_button, orientation, -1, minimum, natural, NULL, NULL);
  *natural = MAX (*natural, orientation == GTK_ORIENTATION_HORIZONTAL ? 480 : 300);
}

/* the menu button sits in the top right corner over the figure */
static void
mlp_plot_view_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  MlpPlotView *self = MLP_PLOT_VIEW (widget);
  int bw, bh;

  gtk_widget_measure (self->menu_button, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &bw, NULL, NULL);
  gtk_widget_measure (self->menu_button, GTK_ORIENTATION_VERTICAL, -1, NULL, &bh, NULL, NULL);
  gtk_widget_size_allocate (self->menu_button,
                            &(GtkAllocation) { MAX (0, width - bw - 4), 4, bw, bh }, -1);
  gtk_popover_present (GTK_POPOVER (self->context_menu));
}

/* ------------------------------------------------------------- hover */

static void
on_motion (GtkEventControllerMotion *motion, double x, double y, MlpPlotView *self)
{
  guint series = 0;
  gsize index = 0;
  gboolean found = self->plot != NULL &&
                   mlp_plot_find_nearest (self->plot, x, y, 24.0, &series, &index);

  if (found != self->hovering || (found && (series != self->hover_series || index != self->hover_index)))
    {
      self->hovering = found;
      self->hover_series = series;
      self->hover_index = index;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_leave (GtkEventControllerMotion *motion, MlpPlotView *self)
{
  if (self->hovering)
    {
      self->hovering = FALSE;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
on_right_click (GtkGestureClick *gesture, int n_press, double x, double y, MlpPlotView *self)
{
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

/* ------------------------------------------------------------- export */

gboolean
mlp_plot_view_export_file (MlpPlotView *self, const char *path, GError **error)
{
  g_return_val_if_fail (MLP_IS_PLOT_VIEW (self), FALSE);

  if (self->plot == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("There is no figure to export yet"));
      return FALSE;
    }
  /* exports are for slides and notes: the light style, whatever the theme */
  return mlp_plot_export (self->plot, path, MLP_PLOT_FORMAT_AUTO,
                          self->export_width, self->export_height, self->export_dpi,
                          mlp_plot_style_light (), error);
}

static void
show_error (MlpPlotView *self, const char *primary, const GError *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
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

static void
on_export_response (GtkNativeDialog *dialog, int response, MlpPlotView *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      GtkFileChooser *chooser = GTK_FILE_CHOOSER (dialog);
      g_autoptr(GFile) file = gtk_file_chooser_get_file (chooser);
      g_autofree char *path = g_file_get_path (file);
      const char *size = gtk_file_chooser_get_choice (chooser, "size");
      const char *dpi = gtk_file_chooser_get_choice (chooser, "dpi");
      g_autoptr(GError) error = NULL;
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
      if (path != NULL && !mlp_plot_format_from_path (path, &format))
        {
          g_autofree char *with_ext = g_strconcat (path, ".png", NULL);
          g_free (path);
          path = g_steal_pointer (&with_ext);
        }
      if (path == NULL || !mlp_plot_view_export_file (self, path, &error))
        show_error (self, _("The figure could not be exported"), error);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
add_filter (GtkFileChooser *chooser, const char *name, const char *pattern)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, name);
  gtk_file_filter_add_pattern (filter, pattern);
  gtk_file_chooser_add_filter (chooser, filter);
}

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MlpPlotView *self = MLP_PLOT_VIEW (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *dialog;
  GtkFileChooser *chooser;
  g_autofree char *name = g_strdup_printf ("%s.png", self->export_name ? self->export_name : "figure");
  g_autoptr(GPtrArray) size_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) size_labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *size_default = NULL, *dpi_default = NULL;
  const char *dpi_ids[G_N_ELEMENTS (export_dpis) + 1] = { NULL };
  g_autoptr(GPtrArray) dpi_labels = g_ptr_array_new_with_free_func (g_free);

  if (self->plot == NULL)
    return;

  dialog = gtk_file_chooser_native_new (_("Export Figure"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  chooser = GTK_FILE_CHOOSER (dialog);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (chooser, name);
  add_filter (chooser, _("PNG image (*.png)"), "*.png");
  add_filter (chooser, _("SVG drawing (*.svg)"), "*.svg");
  add_filter (chooser, _("PDF document (*.pdf)"), "*.pdf");
  add_filter (chooser, _("CSV data (*.csv)"), "*.csv");

  for (guint i = 0; i < G_N_ELEMENTS (export_sizes); i++)
    {
      g_ptr_array_add (size_ids, g_strdup_printf ("%u", i));
      g_ptr_array_add (size_labels, g_strdup_printf ("%d × %d", export_sizes[i].width, export_sizes[i].height));
      if (export_sizes[i].width == self->export_width && export_sizes[i].height == self->export_height)
        size_default = g_strdup_printf ("%u", i);
    }
  g_ptr_array_add (size_ids, NULL);
  g_ptr_array_add (size_labels, NULL);
  gtk_file_chooser_add_choice (chooser, "size", _("Size"),
                               (const char **) size_ids->pdata, (const char **) size_labels->pdata);
  gtk_file_chooser_set_choice (chooser, "size", size_default ? size_default : "0");

  {
    char *ids[G_N_ELEMENTS (export_dpis)];

    for (guint i = 0; i < G_N_ELEMENTS (export_dpis); i++)
      {
        ids[i] = g_strdup_printf ("%d", export_dpis[i]);
        dpi_ids[i] = ids[i];
        /* Translators: a PNG resolution, "96 dpi" */
        g_ptr_array_add (dpi_labels, g_strdup_printf (_("%d dpi"), export_dpis[i]));
      }
    g_ptr_array_add (dpi_labels, NULL);
    gtk_file_chooser_add_choice (chooser, "dpi", _("PNG resolution"),
                                 dpi_ids, (const char **) dpi_labels->pdata);
    dpi_default = g_strdup_printf ("%d", self->export_dpi);
    gtk_file_chooser_set_choice (chooser, "dpi", dpi_default);
    for (guint i = 0; i < G_N_ELEMENTS (export_dpis); i++)
      g_free (ids[i]);
  }

  g_signal_connect (dialog, "response", G_CALLBACK (on_export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
export_file_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  g_autoptr(GError) error = NULL;

  if (!mlp_plot_view_export_file (MLP_PLOT_VIEW (widget), g_variant_get_string (param, NULL), &error))
    g_warning ("%s", error->message);
}

static void
copy_image_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MlpPlotView *self = MLP_PLOT_VIEW (widget);
  int scale = gtk_widget_get_scale_factor (widget);
  int w = self->export_width * scale, h = self->export_height * scale;
  cairo_surface_t *surface;
  cairo_t *cr;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  if (self->plot == NULL)
    return;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  mlp_plot_render (self->plot, cr, self->export_width, self->export_height, mlp_plot_style_light ());
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

static void
copy_csv_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MlpPlotView *self = MLP_PLOT_VIEW (widget);
  g_autofree char *csv = NULL;

  if (self->plot == NULL)
    return;
  csv = mlp_plot_to_csv (self->plot);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), csv);
}

/* ------------------------------------------------------------ public */

GtkWidget *
mlp_plot_view_new (void)
{
  return g_object_new (MLP_TYPE_PLOT_VIEW, NULL);
}

void
mlp_plot_view_set_plot (MlpPlotView *self, MlpPlot *plot)
{
  g_return_if_fail (MLP_IS_PLOT_VIEW (self));

  if (plot != NULL)
    mlp_plot_ref (plot);
  g_clear_pointer (&self->plot, mlp_plot_unref);
  self->plot = plot;
  self->hovering = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

MlpPlot *
mlp_plot_view_get_plot (MlpPlotView *self)
{
  g_return_val_if_fail (MLP_IS_PLOT_VIEW (self), NULL);
  return self->plot;
}

void
mlp_plot_view_plot_changed (MlpPlotView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mlp_plot_view_set_presentation (MlpPlotView *self, gboolean presentation)
{
  self->presentation = presentation;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mlp_plot_view_set_export_name (MlpPlotView *self, const char *name)
{
  g_free (self->export_name);
  self->export_name = g_strdup (name);
}

void
mlp_plot_view_set_export_size (MlpPlotView *self, int width, int height, int dpi)
{
  g_return_if_fail (width > 0 && height > 0 && dpi > 0);
  g_object_freeze_notify (G_OBJECT (self));
  if (self->export_width != width)
    {
      self->export_width = width;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPORT_WIDTH]);
    }
  if (self->export_height != height)
    {
      self->export_height = height;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPORT_HEIGHT]);
    }
  if (self->export_dpi != dpi)
    {
      self->export_dpi = dpi;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPORT_DPI]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
mlp_plot_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MlpPlotView *self = MLP_PLOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_EXPORT_WIDTH: g_value_set_int (value, self->export_width); break;
    case PROP_EXPORT_HEIGHT: g_value_set_int (value, self->export_height); break;
    case PROP_EXPORT_DPI: g_value_set_int (value, self->export_dpi); break;
    case PROP_PRESENTATION_SCALE: g_value_set_double (value, self->presentation_scale); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mlp_plot_view_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  MlpPlotView *self = MLP_PLOT_VIEW (object);

  switch (prop_id)
    {
    case PROP_EXPORT_WIDTH:
      mlp_plot_view_set_export_size (self, g_value_get_int (value), self->export_height, self->export_dpi);
      break;
    case PROP_EXPORT_HEIGHT:
      mlp_plot_view_set_export_size (self, self->export_width, g_value_get_int (value), self->export_dpi);
      break;
    case PROP_EXPORT_DPI:
      mlp_plot_view_set_export_size (self, self->export_width, self->export_height, g_value_get_int (value));
      break;
    case PROP_PRESENTATION_SCALE:
      self->presentation_scale = g_value_get_double (value);
      gtk_widget_queue_draw (GTK_WIDGET (self));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* ------------------------------------------------------------ GObject */

static void
mlp_plot_view_css_changed (GtkWidget *widget, GtkCssStyleChange *change)
{
  GTK_WIDGET_CLASS (mlp_plot_view_parent_class)->css_changed (widget, change);
  gtk_widget_queue_draw (widget);   /* the theme's colours may have changed */
}

static void
mlp_plot_view_dispose (GObject *object)
{
  MlpPlotView *self = MLP_PLOT_VIEW (object);

  g_clear_pointer (&self->menu_button, gtk_widget_unparent);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);
  g_clear_pointer (&self->plot, mlp_plot_unref);
  G_OBJECT_CLASS (mlp_plot_view_parent_class)->dispose (object);
}

static void
mlp_plot_view_finalize (GObject *object)
{
  g_free (MLP_PLOT_VIEW (object)->export_name);
  G_OBJECT_CLASS (mlp_plot_view_parent_class)->finalize (object);
}

static void
mlp_plot_view_class_init (MlpPlotViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mlp_plot_view_dispose;
  object_class->finalize = mlp_plot_view_finalize;
  object_class->get_property = mlp_plot_view_get_property;
  object_class->set_property = mlp_plot_view_set_property;

  properties[PROP_EXPORT_WIDTH] = g_param_spec_int ("export-width", NULL, NULL, 16, 20000, 640,
                                                    G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPORT_HEIGHT] = g_param_spec_int ("export-height", NULL, NULL, 16, 20000, 360,
                                                     G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPORT_DPI] = g_param_spec_int ("export-dpi", NULL, NULL, 10, 1200, 96,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRESENTATION_SCALE] = g_param_spec_double ("presentation-scale", NULL, NULL, 1.0, 3.0, MLP_PLOT_PRESENTATION_SCALE,
                                                             G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->snapshot = mlp_plot_view_snapshot;
  widget_class->measure = mlp_plot_view_measure;
  widget_class->size_allocate = mlp_plot_view_size_allocate;
  widget_class->css_changed = mlp_plot_view_css_changed;

  gtk_widget_class_set_css_name (widget_class, "plotview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  gtk_widget_class_install_action (widget_class, "plot.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "plot.export-file", "s", export_file_action);
  gtk_widget_class_install_action (widget_class, "plot.copy-image", NULL, copy_image_action);
  gtk_widget_class_install_action (widget_class, "plot.copy-csv", NULL, copy_csv_action);
}

static GMenuModel *
plot_menu (void)
{
  GMenu *menu = g_menu_new ();

  g_menu_append (menu, _("_Export…"), "plot.export");
  g_menu_append (menu, _("Copy _Image"), "plot.copy-image");
  g_menu_append (menu, _("Copy _Data as CSV"), "plot.copy-csv");
  return G_MENU_MODEL (menu);
}

static void
mlp_plot_view_init (MlpPlotView *self)
{
  g_autoptr(GMenuModel) menu = plot_menu ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  self->export_width = 640;
  self->export_height = 360;
  self->export_dpi = 96;
  self->presentation_scale = MLP_PLOT_PRESENTATION_SCALE;
  gtk_widget_set_size_request (GTK_WIDGET (self), 240, 160);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->menu_button), menu);
  gtk_widget_set_tooltip_text (self->menu_button, _("Export or copy the figure"));
  gtk_widget_add_css_class (self->menu_button, "flat");
  gtk_widget_set_parent (self->menu_button, GTK_WIDGET (self));

  self->context_menu = gtk_popover_menu_new_from_model (menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_right_click), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}
