/* mlp-accessible-names.h — controls a screen reader names once, in words.
 *
 * GTK 4.8 names a widget by its label property followed by the labels of
 * its labelled-by relation (gtk_at_context_get_name).  A button with a text
 * gets both: the label property "_Train", mnemonic underscore and all, and
 * its own label child "Train", so Orca said "_Train Train"; a check button's
 * label property keeps the underscore ("Show _every mini-batch"), and an
 * expander has no name.  mlp_accessible_names_fix puts that right for every
 * control under a widget built from a template: a button given a text is
 * named by the label child it made alone, a check button and an expander by
 * their text without the mnemonic's underscore.  Icon-only buttons need a
 * name of their own (the template's <accessibility> label), which this
 * leaves alone, as it leaves controls that a mnemonic label names. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void  mlp_accessible_names_fix      (GtkWidget *widget);
/* text with its mnemonic underscores taken out ("Show _every" → "Show
 * every", "a__b" → "a_b"); (transfer full) */
char *mlp_accessible_strip_mnemonic (const char *text);

G_END_DECLS
