/* mlp-plot-view.h — the plot widget used on every page.
 *
 * A thin GTK wrapper around MlpPlot: its snapshot hands a cairo context to
 * the shared renderer in src/plot, with colours taken from the theme; it shows
 * the nearest point's values under the pointer; and a menu (right click, or
 * the button in its corner) exports the figure (PNG/SVG/PDF/CSV), copies it as
 * an image or copies its data as CSV, draws an axis log or linear and resets
 * the view.
 *
 * As in GNOME Graphs and TensorBoard, the wheel and a pinch zoom around the
 * pointer, a drag with the primary button pans and a double click resets.
 * The view is a viewport in the plot (mlp_plot_set_viewport), not the page's
 * limits: the widget keeps it and gives it to every plot the page hands it
 * (a training board rebuilt live keeps the user's zoom and scales until
 * Reset View), and exports show it.  Heat maps and image grids do not zoom.
 *
 * Exports run on the worker's quick lane when the widget has one (a section
 * sets it), each on a copy of the figure; without one they run at once.
 *
 * For screen readers the widget is an image labelled with the plot's title
 * (else its export name) and described by mlp_plot_dup_summary().
 *
 * Actions (on the widget): plot.export, plot.export-file(s path),
 * plot.copy-image, plot.copy-csv; plot.zoom((ddd) factor, fx, fy: closer by
 * factor around the point at fractions fx, fy of the data area from its left
 * and top), plot.pan((dd) dx, dy: as a drag by fractions of the data area,
 * right and down), plot.reset-view; plot.log-x and plot.log-y, stateful
 * (the boolean properties "log-x" and "log-y").  The gestures use them too.
 */
#pragma once

#include <gtk/gtk.h>

#include "mlp-plot.h"
#include "mlp-worker.h"

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
/* exports on worker's quick lane from now on; NULL: on the main thread */
void       mlp_plot_view_set_worker       (MlpPlotView *self, MlpWorker *worker);
/* writes the figure as plot.export-file does, but here and now */
gboolean   mlp_plot_view_export_file      (MlpPlotView *self, const char *path, GError **error);

G_END_DECLS
