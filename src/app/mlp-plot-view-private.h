/* mlp-plot-view-private.h — what the plot widget's two files share: the
 * instance struct and the export and copy actions that
 * mlp-plot-view-export.c implements for mlp-plot-view.c's class. */
#pragma once

#include "mlp-plot-view.h"

G_BEGIN_DECLS

struct _MlpPlotView {
  GtkWidget        parent_instance;

  MlpPlot         *plot;
  MlpWorker       *worker;          /* (nullable) exports run on its quick lane */
  MlpPlotViewport  viewport;        /* the user's zoom and scales, given to every plot */
  gboolean         log_x, log_y;    /* the scales as last notified */
  GtkWidget       *menu_button;
  GtkWidget       *context_menu;
  gboolean         presentation;
  gboolean         hovering;
  guint            hover_series;
  gsize            hover_index;
  double           pointer_x;       /* where a scroll zooms around */
  double           pointer_y;
  double           drag_x, drag_y;  /* how far the drag has panned so far */
  double           pinch_scale;     /* how far the pinch has zoomed so far */
  char            *export_name;
  int              export_width;
  int              export_height;
  int              export_dpi;
  double           presentation_scale;
};

/* the widget actions of mlp-plot-view-export.c */
void _mlp_plot_view_export_action      (GtkWidget *widget, const char *action_name, GVariant *param);
void _mlp_plot_view_export_file_action (GtkWidget *widget, const char *action_name, GVariant *param);
void _mlp_plot_view_copy_image_action  (GtkWidget *widget, const char *action_name, GVariant *param);
void _mlp_plot_view_copy_csv_action    (GtkWidget *widget, const char *action_name, GVariant *param);

G_END_DECLS
