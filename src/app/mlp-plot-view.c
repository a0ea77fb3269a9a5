/* mlp-plot-view.c — see mlp-plot-view.h.  The figure is drawn by
 * mlp_plot_render(); this file adds the theme's colours, the hover
 * read-out, zoom and pan with the pointer (a viewport in the plot, see
 * mlp-plot-viewport.c), the figure's description for screen readers and
 * the menu.  Export and copy are in mlp-plot-view-export.c. */
#include "mlp-plot-view-private.h"

#include <glib/gi18n.h>
#include <math.h>

#define SCROLL_ZOOM 1.2   /* one notch of the wheel */

enum {
  PROP_0,
  PROP_EXPORT_WIDTH,
  PROP_EXPORT_HEIGHT,
  PROP_EXPORT_DPI,
  PROP_PRESENTATION_SCALE,
  PROP_LOG_X,
  PROP_LOG_Y,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MlpPlotView, mlp_plot_view, GTK_TYPE_WIDGET)

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

/* the width the figure is drawn at: the corner button keeps off the title
 * and the legend */
static double
figure_width (MlpPlotView *self)
{
  int bw = 0;

  gtk_widget_measure (self->menu_button, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &bw, NULL, NULL);
  return MAX (gtk_widget_get_width (GTK_WIDGET (self)) - bw - 8, 1);
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
      mlp_plot_render (self->plot, cr, figure_width (self), height, &style);
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

  self->pointer_x = x;
  self->pointer_y = y;
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


/* ------------------------------------------------------------ the view */

/* a plot of series, which has axes to zoom; not a heat map nor images */
static gboolean
has_axes (MlpPlotView *self)
{
  return self->plot != NULL && mlp_plot_get_n_images (self->plot) == 0 &&
         mlp_plot_get_heatmap (self->plot, NULL, NULL) == NULL;
}

/* The view's actions follow what the figure is, and log-x and log-y the
 * scales its axes are drawn in, notified so that the menu's checks follow. */
static void
sync_view (MlpPlotView *self)
{
  static const char *const actions[] = { "plot.zoom", "plot.pan", "plot.reset-view", "plot.log-x", "plot.log-y" };
  gboolean axes = has_axes (self);
  gboolean log_x = axes && mlp_plot_get_xscale (self->plot) == MLP_AXIS_LOG;
  gboolean log_y = axes && mlp_plot_get_yscale (self->plot) == MLP_AXIS_LOG;

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), actions[i], axes);
  if (log_x != self->log_x)
    {
      self->log_x = log_x;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_X]);
    }
  if (log_y != self->log_y)
    {
      self->log_y = log_y;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG_Y]);
    }
}

/* The plot laid out as the widget shows it, which a zoom or a pan starts
 * from: drawn into nothing when it has not been drawn yet (a fresh plot
 * from the page), or again after its scales changed (force). */
static void
ensure_layout (MlpPlotView *self, gboolean force)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean allocated = gtk_widget_get_width (widget) > 1 && gtk_widget_get_height (widget) > 1;
  MlpPlotStyle style;
  cairo_surface_t *surface;
  cairo_t *cr;

  if (!has_axes (self) || (!force && mlp_plot_get_limits (self->plot, NULL, NULL, NULL, NULL)))
    return;
  style_for_widget (self, &style);
  surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
  cr = cairo_create (surface);
  mlp_plot_render (self->plot, cr, allocated ? figure_width (self) : self->export_width,
                   allocated ? gtk_widget_get_height (widget) : self->export_height, &style);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
}

/* the user's viewport into the plot, and a redraw */
static void
apply_viewport (MlpPlotView *self)
{
  if (self->plot != NULL)
    mlp_plot_set_viewport (self->plot, &self->viewport);
  sync_view (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* after a zoom or a pan in the plot: the view keeps it for the next plot */
static void
keep_viewport (MlpPlotView *self)
{
  mlp_plot_get_viewport (self->plot, &self->viewport);
  sync_view (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* one axis drawn log or linear; its zoom, taken on the other scale, goes */
static void
set_log (MlpPlotView *self, gboolean is_x, gboolean log)
{
  MlpAxisScale scale = log ? MLP_AXIS_LOG : MLP_AXIS_LINEAR;

  if (is_x)
    {
      self->viewport.xscale = scale;
      self->viewport.xmin = self->viewport.xmax = NAN;
    }
  else
    {
      self->viewport.yscale = scale;
      self->viewport.ymin = self->viewport.ymax = NAN;
    }
  apply_viewport (self);
  ensure_layout (self, TRUE);
}

/* plot.zoom (factor, fx, fy): closer by factor around the point at those
 * fractions of the data area from its left and top edges */
static void
zoom_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MlpPlotView *self = MLP_PLOT_VIEW (widget);
  double factor, fx, fy;

  g_variant_get (param, "(ddd)", &factor, &fx, &fy);
  if (!has_axes (self))
    return;
  ensure_layout (self, FALSE);
  if (mlp_plot_zoom (self->plot, factor, fx, fy))
    keep_viewport (self);
}

/* plot.pan (dx, dy): as dragging the figure by those fractions of the data
 * area's width and height, right and down */
static void
pan_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MlpPlotView *self = MLP_PLOT_VIEW (widget);
  double dx, dy;

  g_variant_get (param, "(dd)", &dx, &dy);
  if (!has_axes (self))
    return;
  ensure_layout (self, FALSE);
  if (mlp_plot_pan (self->plot, dx, dy))
    keep_viewport (self);
}

static void
reset_view_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MlpPlotView *self = MLP_PLOT_VIEW (widget);

  mlp_plot_viewport_init (&self->viewport);
  apply_viewport (self);
  ensure_layout (self, TRUE);
}

/* ---------------------------------------------------------- gestures */

/* the point (x, y) as fractions of the data area; FALSE outside it, where
 * the pointer belongs to the page (a scroll scrolls it) */
static gboolean
area_fraction (MlpPlotView *self, double x, double y, double *fx, double *fy)
{
  double ax, ay, aw, ah;

  if (!has_axes (self))
    return FALSE;
  ensure_layout (self, FALSE);
  mlp_plot_get_area (self->plot, &ax, &ay, &aw, &ah);
  if (aw < 1 || ah < 1 || x < ax || x > ax + aw || y < ay || y > ay + ah)
    return FALSE;
  *fx = (x - ax) / aw;
  *fy = (y - ay) / ah;
  return TRUE;
}

static gboolean
on_scroll (GtkEventControllerScroll *scroll, double dx, double dy, MlpPlotView *self)
{
  double fx, fy;

  if (dy == 0 || !area_fraction (self, self->pointer_x, self->pointer_y, &fx, &fy))
    return FALSE;
  gtk_widget_activate_action (GTK_WIDGET (self), "plot.zoom", "(ddd)", pow (SCROLL_ZOOM, -dy), fx, fy);
  return TRUE;
}

static void
on_pinch_begin (GtkGesture *gesture, GdkEventSequence *sequence, MlpPlotView *self)
{
  self->pinch_scale = 1;
}

static void
on_pinch (GtkGestureZoom *gesture, double scale, MlpPlotView *self)
{
  double x, y, fx, fy;

  if (!(scale > 0) || !gtk_gesture_get_bounding_box_center (GTK_GESTURE (gesture), &x, &y) ||
      !area_fraction (self, x, y, &fx, &fy))
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "plot.zoom", "(ddd)", scale / self->pinch_scale, fx, fy);
  self->pinch_scale = scale;
}

static void
on_drag_begin (GtkGestureDrag *drag, double x, double y, MlpPlotView *self)
{
  double fx, fy;

  if (!area_fraction (self, x, y, &fx, &fy))
    {
      gtk_gesture_set_state (GTK_GESTURE (drag), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->drag_x = self->drag_y = 0;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "grabbing");
}

static void
on_drag_update (GtkGestureDrag *drag, double offset_x, double offset_y, MlpPlotView *self)
{
  double aw, ah;

  if (!has_axes (self))
    return;
  mlp_plot_get_area (self->plot, NULL, NULL, &aw, &ah);
  if (aw < 1 || ah < 1)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "plot.pan", "(dd)",
                              (offset_x - self->drag_x) / aw, (offset_y - self->drag_y) / ah);
  self->drag_x = offset_x;
  self->drag_y = offset_y;
}

static void
on_drag_end (GtkGestureDrag *drag, double offset_x, double offset_y, MlpPlotView *self)
{
  gtk_widget_set_cursor (GTK_WIDGET (self), NULL);
}

static void
on_double_click (GtkGestureClick *gesture, int n_press, double x, double y, MlpPlotView *self)
{
  double fx, fy;

  if (n_press == 2 && area_fraction (self, x, y, &fx, &fy))
    gtk_widget_activate_action (GTK_WIDGET (self), "plot.reset-view", NULL);
}

/* scroll and pinch zoom, a drag pans, a double click resets, a right click
 * opens the menu */
static void
add_controllers (MlpPlotView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkEventController *scroll = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  GtkGesture *pinch = gtk_gesture_zoom_new ();
  GtkGesture *drag = gtk_gesture_drag_new ();
  GtkGesture *click = gtk_gesture_click_new ();
  GtkGesture *menu_click = gtk_gesture_click_new ();

  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (widget, motion);
  g_signal_connect (scroll, "scroll", G_CALLBACK (on_scroll), self);
  gtk_widget_add_controller (widget, scroll);
  g_signal_connect (pinch, "begin", G_CALLBACK (on_pinch_begin), self);
  g_signal_connect (pinch, "scale-changed", G_CALLBACK (on_pinch), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (pinch));
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (drag));
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_double_click), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (click));
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (menu_click), GDK_BUTTON_SECONDARY);
  g_signal_connect (menu_click, "pressed", G_CALLBACK (on_right_click), self);
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (menu_click));
}

/* ------------------------------------------------------- accessibility */

/* the figure's name (its title, else its export name) and what it shows */
static void
update_accessible (MlpPlotView *self)
{
  const char *title = self->plot != NULL ? mlp_plot_get_title (self->plot) : NULL;
  g_autofree char *summary = self->plot != NULL ? mlp_plot_dup_summary (self->plot)
                                                : g_strdup (_("No figure yet"));
  const char *label = title != NULL && title[0] != '\0' ? title
                      : self->export_name != NULL ? self->export_name : _("Figure");

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary,
                                  -1);
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
  /* a page that rebuilds its figure keeps the user's zoom and scales */
  apply_viewport (self);
  update_accessible (self);
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
  g_return_if_fail (MLP_IS_PLOT_VIEW (self));

  sync_view (self);
  update_accessible (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mlp_plot_view_set_worker (MlpPlotView *self, MlpWorker *worker)
{
  g_return_if_fail (MLP_IS_PLOT_VIEW (self));
  g_return_if_fail (worker == NULL || MLP_IS_WORKER (worker));

  g_set_object (&self->worker, worker);
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
  update_accessible (self);
}

/* stores value and notifies prop when it changed */
static void
update_int (MlpPlotView *self, int *field, int value, guint prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

void
mlp_plot_view_set_export_size (MlpPlotView *self, int width, int height, int dpi)
{
  g_return_if_fail (width > 0 && height > 0 && dpi > 0);
  g_object_freeze_notify (G_OBJECT (self));
  update_int (self, &self->export_width, width, PROP_EXPORT_WIDTH);
  update_int (self, &self->export_height, height, PROP_EXPORT_HEIGHT);
  update_int (self, &self->export_dpi, dpi, PROP_EXPORT_DPI);
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
    case PROP_LOG_X: g_value_set_boolean (value, self->log_x); break;
    case PROP_LOG_Y: g_value_set_boolean (value, self->log_y); break;
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
    case PROP_LOG_X: set_log (self, TRUE, g_value_get_boolean (value)); break;
    case PROP_LOG_Y: set_log (self, FALSE, g_value_get_boolean (value)); break;
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
  g_clear_object (&self->worker);
  G_OBJECT_CLASS (mlp_plot_view_parent_class)->dispose (object);
}

static void
mlp_plot_view_finalize (GObject *object)
{
  g_free (MLP_PLOT_VIEW (object)->export_name);
  G_OBJECT_CLASS (mlp_plot_view_parent_class)->finalize (object);
}

static void
install_properties (GObjectClass *object_class)
{
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  properties[PROP_EXPORT_WIDTH] = g_param_spec_int ("export-width", NULL, NULL, 16, 20000, 640, flags);
  properties[PROP_EXPORT_HEIGHT] = g_param_spec_int ("export-height", NULL, NULL, 16, 20000, 360, flags);
  properties[PROP_EXPORT_DPI] = g_param_spec_int ("export-dpi", NULL, NULL, 10, 1200, 96, flags);
  properties[PROP_PRESENTATION_SCALE] = g_param_spec_double ("presentation-scale", NULL, NULL, 1.0, 3.0,
                                                             MLP_PLOT_PRESENTATION_SCALE,
                                                             G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS);
  /* the scales the axes are drawn in; notified when a new plot or Reset
   * View changes them, so that the menu's checks follow */
  properties[PROP_LOG_X] = g_param_spec_boolean ("log-x", NULL, NULL, FALSE, flags);
  properties[PROP_LOG_Y] = g_param_spec_boolean ("log-y", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
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
  install_properties (object_class);
  widget_class->snapshot = mlp_plot_view_snapshot;
  widget_class->measure = mlp_plot_view_measure;
  widget_class->size_allocate = mlp_plot_view_size_allocate;
  widget_class->css_changed = mlp_plot_view_css_changed;

  gtk_widget_class_set_css_name (widget_class, "plotview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);

  gtk_widget_class_install_action (widget_class, "plot.export", NULL, _mlp_plot_view_export_action);
  gtk_widget_class_install_action (widget_class, "plot.export-file", "s", _mlp_plot_view_export_file_action);
  gtk_widget_class_install_action (widget_class, "plot.copy-image", NULL, _mlp_plot_view_copy_image_action);
  gtk_widget_class_install_action (widget_class, "plot.copy-csv", NULL, _mlp_plot_view_copy_csv_action);
  gtk_widget_class_install_action (widget_class, "plot.zoom", "(ddd)", zoom_action);
  gtk_widget_class_install_action (widget_class, "plot.pan", "(dd)", pan_action);
  gtk_widget_class_install_action (widget_class, "plot.reset-view", NULL, reset_view_action);
  gtk_widget_class_install_property_action (widget_class, "plot.log-x", "log-x");
  gtk_widget_class_install_property_action (widget_class, "plot.log-y", "log-y");
}

static GMenuModel *
plot_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) file = g_menu_new ();
  g_autoptr(GMenu) view = g_menu_new ();

  g_menu_append (file, _("_Export…"), "plot.export");
  g_menu_append (file, _("Copy _Image"), "plot.copy-image");
  g_menu_append (file, _("Copy _Data as CSV"), "plot.copy-csv");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (file));
  g_menu_append (view, _("_Logarithmic x Axis"), "plot.log-x");
  g_menu_append (view, _("Logarithmic _y Axis"), "plot.log-y");
  g_menu_append (view, _("_Reset View"), "plot.reset-view");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (view));
  return G_MENU_MODEL (menu);
}

/* the ⋮ button in the corner, named for screen readers (it shows an icon) */
static void
add_menu_button (MlpPlotView *self, GMenuModel *menu)
{
  GtkWidget *inner;

  self->menu_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->menu_button), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (self->menu_button), menu);
  gtk_widget_set_tooltip_text (self->menu_button, _("Export, copy or change the view of the figure"));
  gtk_widget_add_css_class (self->menu_button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->menu_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Figure menu"), -1);
  /* GTK 4.8's menu button is a toggle button inside a box: the one that
   * takes the focus needs the name too */
  inner = gtk_widget_get_first_child (self->menu_button);
  if (inner != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (inner),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _("Figure menu"), -1);
  gtk_widget_set_parent (self->menu_button, GTK_WIDGET (self));
}

static void
mlp_plot_view_init (MlpPlotView *self)
{
  g_autoptr(GMenuModel) menu = plot_menu ();

  self->export_width = 640;
  self->export_height = 360;
  self->export_dpi = 96;
  self->presentation_scale = MLP_PLOT_PRESENTATION_SCALE;
  mlp_plot_viewport_init (&self->viewport);
  /* small enough for two figures beside the controls on a 1024-px screen */
  gtk_widget_set_size_request (GTK_WIDGET (self), 160, 120);
  gtk_widget_set_hexpand (GTK_WIDGET (self), TRUE);
  gtk_widget_set_vexpand (GTK_WIDGET (self), TRUE);

  add_menu_button (self, menu);
  self->context_menu = gtk_popover_menu_new_from_model (menu);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self));

  add_controllers (self);
  sync_view (self);
  update_accessible (self);
}
