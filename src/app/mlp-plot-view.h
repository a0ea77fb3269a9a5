/* mlp-plot-view.h — the plot widget used on every page.
 *
 * A thin GTK wrapper around MlpPlot: its snapshot hands a cairo context to
 * the shared renderer in src/plot, with colours taken from the theme; it shows
 * the nearest point's values under the pointer; and a menu (right click, or
 * the button in its corner) exports the figure (PNG/SVG/PDF/CSV), copies it as
 * an image or copies its data as CSV.
 *
 * Actions (on the widget): plot.export, plot.export-file(s path),
 * plot.copy-image, plot.copy-csv.
 */
#pragma once

#include <gtk/gtk.h>

#include "mlp-plot.h"

G_BEGIN_DECLS

#define MLP_TYPE_PLOT_VIEW (mlp_plot_view_get_type ())
G_DECLARE_FINAL_TYPE (MlpPlotView, mlp_plot_view, MLP, PLOT_VIEW, GtkWidget)

GtkWidget *mlp_plot_view_new              (void);
/* takes a new reference; NULL shows an empty frame */
void       mlp_plot_view_set_plot         (MlpPlotView *self, MlpPlot *plot);
/* transfer none */
MlpPlot   *mlp_plot_view_get_plot         (MlpPlotView *self);
/* call after changing the plot in place */
void       mlp_plot_view_plot_changed     (MlpPlotView *self);
void       mlp_plot_view_set_presentation (MlpPlotView *self, gboolean presentation);
/* the file name the export dialog proposes, without extension */
void       mlp_plot_view_set_export_name  (MlpPlotView *self, const char *name);
/* the size a figure is exported at: width × height (points, or pixels at 96 dpi) */
void       mlp_plot_view_set_export_size  (MlpPlotView *self, int width, int height, int dpi);
gboolean   mlp_plot_view_export_file      (MlpPlotView *self, const char *path, GError **error);

G_END_DECLS
