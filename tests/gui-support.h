/* gui-support.h — what the GUI tests share: the application and a small
 * Fashion-MNIST-shaped data set written for the run, a main loop that waits
 * for a condition, and opening, showing and closing the main window. */
#pragma once

#include <gtk/gtk.h>

#include "mlp-application.h"
#include "mlp-section-page.h"
#include "mlp-window.h"
#include "test-data.h"

G_BEGIN_DECLS

/* the application the tests' windows belong to */
extern MlpApplication *app;
/* the data set every window finds first ($MLPLAB_DATA_DIR): 2,000 training
 * and 400 test images */
extern char *fake_data_dir;

/* the in-memory settings, the data set, gtk_test_init and app; and undoing them */
void            gui_support_init   (int *argc, char ***argv);
void            gui_support_finish (void);

/* iterates the main loop until cond holds or timeout_ms passed; whether it holds */
gboolean        wait_for           (gboolean (*cond) (gpointer), gpointer data, guint timeout_ms);
/* iterates the main loop for ms */
void            spin               (guint ms);
/* runs mlplab-cli ($MLPLAB_CLI) with a command line; its stdout, (transfer full) */
char           *run_cli_line       (const char *line);

/* a new main window, on screen; close_window destroys it and checks that it
 * (and with it the worker) is gone */
MlpWindow      *open_window        (void);
void            close_window       (MlpWindow *win);
/* shows a section, as clicking it in the sidebar does; (transfer none) */
MlpSectionPage *show_section       (MlpWindow *win, const char *name);
/* for wait_for: the dataset page has its images */
gboolean        dataset_loaded     (gpointer page);

/* a folder with a small data set of n_train and n_test images (class c a
 * bright band of rows); (transfer full) */
char           *make_fake_data     (guint n_train, guint n_test);

G_END_DECLS
