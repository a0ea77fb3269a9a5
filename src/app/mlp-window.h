/* mlp-window.h — MLP Lab's main window: the chapter's sections in a sidebar,
 * the primary menu, and a status area that always says what the worker is
 * doing (with progress, ETA, Pause/Resume and Stop) and where Fashion-MNIST
 * was found. */
#pragma once

#include <gtk/gtk.h>

#include "mlp-application.h"
#include "mlp-worker.h"

G_BEGIN_DECLS

#define MLP_TYPE_WINDOW (mlp_window_get_type ())
G_DECLARE_FINAL_TYPE (MlpWindow, mlp_window, MLP, WINDOW, GtkApplicationWindow)

MlpWindow  *mlp_window_new          (MlpApplication *app);
/* transfer none */
MlpWorker  *mlp_window_get_worker   (MlpWindow *self);
/* the page widget of a section ("activations"), transfer none, or NULL */
GtkWidget  *mlp_window_get_page     (MlpWindow *self, const char *name);
/* the folder Fashion-MNIST was found in, or NULL; transfer none */
const char *mlp_window_get_data_dir (MlpWindow *self);
/* uses path for Fashion-MNIST (what Choose Data Folder… does): remembered
 * when it holds the four files; otherwise the status bar says so and the
 * sections that need the data wait for a valid folder */
void        mlp_window_set_data_folder (MlpWindow *self, const char *path);

/* the names of the sections, in the sidebar's order (NULL-terminated, static):
 * what `mlplab --section NAME` and win.show-section take */
const char *const *mlp_window_get_section_names (void);

G_END_DECLS
