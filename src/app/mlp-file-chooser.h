/* mlp-file-chooser.h — the one way MLP Lab asks for a file or a folder.
 *
 * GTK 4.8 has no GtkFileDialog, so this wraps GtkFileChooserNative (a portal
 * dialog where there is one): create it for a widget, add filters or choices,
 * then run it with a callback that gets the chosen file once, on accept only.
 * The helper owns the dialog from then on and destroys it after the answer;
 * the callback is not called when the widget is gone by then.
 *
 *   GtkFileChooserNative *d = mlp_file_chooser_new (widget, GTK_FILE_CHOOSER_ACTION_SAVE,
 *                                                   _("Save Run"), _("_Save"), "run.safetensors");
 *   mlp_file_chooser_add_filter (d, _("safetensors checkpoints"), "*.safetensors");
 *   mlp_file_chooser_run (d, on_chosen, self);
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* file: the chosen file or folder (transfer none); chooser: still open, to
 * read choices from; widget: the one given to mlp_file_chooser_new */
typedef void (*MlpFileChosenFunc) (GtkWidget            *widget,
                                   GFile                *file,
                                   GtkFileChooserNative *chooser,
                                   gpointer              user_data);

/* A modal chooser over widget's window.  suggested_name (nullable) is the
 * proposed file name when saving.  (transfer full) until mlp_file_chooser_run. */
GtkFileChooserNative *mlp_file_chooser_new        (GtkWidget            *widget,
                                                   GtkFileChooserAction  action,
                                                   const char           *title,
                                                   const char           *accept_label,
                                                   const char           *suggested_name);
/* a filter named name for the glob patterns that follow (NULL-terminated) */
void                  mlp_file_chooser_add_filter (GtkFileChooserNative *chooser,
                                                   const char           *name,
                                                   const char           *pattern,
                                                   ...) G_GNUC_NULL_TERMINATED;
/* Shows the chooser and takes it over.  chosen runs on accept, with
 * user_data (which the chooser does not own: it must live as long as widget). */
void                  mlp_file_chooser_run        (GtkFileChooserNative *chooser,
                                                   MlpFileChosenFunc     chosen,
                                                   gpointer              user_data);

G_END_DECLS
