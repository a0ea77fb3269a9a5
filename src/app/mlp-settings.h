/* mlp-settings.h — binding controls to GSettings keys where GTK has no
 * ready-made mapping. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* binds a GtkDropDown's "selected" to a string key whose values are ids[i]
 * for the i-th item (ids is NULL-terminated and must outlive the binding) */
void mlp_settings_bind_choice (GSettings *settings, const char *key,
                               GtkWidget *dropdown, const char *const *ids);

G_END_DECLS
