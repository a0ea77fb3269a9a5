/* mlp-file-chooser.c — see mlp-file-chooser.h. */
#include "mlp-file-chooser.h"

#include <glib/gi18n.h>

typedef struct {
  GWeakRef           widget;
  MlpFileChosenFunc  chosen;
  gpointer           user_data;
} Request;

static void
on_response (GtkNativeDialog *dialog, int response, Request *req)
{
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&req->widget);

  if (response == GTK_RESPONSE_ACCEPT && widget != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        req->chosen (widget, file, GTK_FILE_CHOOSER_NATIVE (dialog), req->user_data);
    }
  g_weak_ref_clear (&req->widget);
  g_free (req);
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
}

GtkFileChooserNative *
mlp_file_chooser_new (GtkWidget            *widget,
                      GtkFileChooserAction  action,
                      const char           *title,
                      const char           *accept_label,
                      const char           *suggested_name)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         action, accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (suggested_name != NULL && action == GTK_FILE_CHOOSER_ACTION_SAVE)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), suggested_name);
  g_object_set_data (G_OBJECT (chooser), "mlp-widget", widget);
  return chooser;
}

void
mlp_file_chooser_add_filter (GtkFileChooserNative *chooser, const char *name, const char *pattern, ...)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  va_list ap;

  gtk_file_filter_set_name (filter, name);
  va_start (ap, pattern);
  for (const char *p = pattern; p != NULL; p = va_arg (ap, const char *))
    gtk_file_filter_add_pattern (filter, p);
  va_end (ap);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
}

void
mlp_file_chooser_run (GtkFileChooserNative *chooser, MlpFileChosenFunc chosen, gpointer user_data)
{
  Request *req = g_new0 (Request, 1);

  g_weak_ref_init (&req->widget, g_object_get_data (G_OBJECT (chooser), "mlp-widget"));
  req->chosen = chosen;
  req->user_data = user_data;
  g_signal_connect (chooser, "response", G_CALLBACK (on_response), req);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}
