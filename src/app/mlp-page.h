/* mlp-page.h — what every section page of the main window offers it: its
 * main figure (for Ctrl+E), presentation mode, a controls panel that can be
 * hidden, and "run" (Ctrl+Return) for the page's experiment. */
#pragma once

#include <gtk/gtk.h>

#include "mlp-plot-view.h"

G_BEGIN_DECLS

#define MLP_TYPE_PAGE (mlp_page_get_type ())
G_DECLARE_INTERFACE (MlpPage, mlp_page, MLP, PAGE, GtkWidget)

struct _MlpPageInterface {
  GTypeInterface parent_iface;

  MlpPlotView *(*get_plot_view)        (MlpPage *page);
  void         (*set_presentation)     (MlpPage *page, gboolean presentation);
  void         (*set_controls_visible) (MlpPage *page, gboolean visible);
  void         (*run)                  (MlpPage *page);
};

/* transfer none; may be NULL */
MlpPlotView *mlp_page_get_plot_view        (MlpPage *page);
void         mlp_page_set_presentation     (MlpPage *page, gboolean presentation);
void         mlp_page_set_controls_visible (MlpPage *page, gboolean visible);
void         mlp_page_run                  (MlpPage *page);

/* binds a GtkDropDown's "selected" to a string key whose values are ids[i]
 * for the i-th item (ids is NULL-terminated and must outlive the binding) */
void         mlp_settings_bind_choice      (GSettings *settings, const char *key,
                                            GtkWidget *dropdown, const char *const *ids);

G_END_DECLS
