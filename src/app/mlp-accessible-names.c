/* mlp-accessible-names.c — see mlp-accessible-names.h. */
#include "mlp-accessible-names.h"

#include <string.h>

char *
mlp_accessible_strip_mnemonic (const char *text)
{
  GString *out = g_string_sized_new (text != NULL ? strlen (text) : 0);

  for (const char *p = text; p != NULL && *p != '\0'; p++)
    {
      /* "__" is a literal underscore, "_x" marks x */
      if (*p == '_' && p[1] != '\0')
        p++;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

static void
name_by_text (GtkWidget *widget, const char *text, gboolean mnemonic)
{
  g_autofree char *name = mnemonic ? mlp_accessible_strip_mnemonic (text) : g_strdup (text);

  if (name != NULL && *name != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

void
mlp_accessible_names_fix (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  /* a button given a text (not a child) is labelled by the label it made */
  if (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)) != NULL &&
      gtk_button_get_use_underline (GTK_BUTTON (widget)))
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL);
  else if (GTK_IS_CHECK_BUTTON (widget) && gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)) != NULL)
    name_by_text (widget, gtk_check_button_get_label (GTK_CHECK_BUTTON (widget)),
                  gtk_check_button_get_use_underline (GTK_CHECK_BUTTON (widget)));
  else if (GTK_IS_EXPANDER (widget) && gtk_expander_get_label (GTK_EXPANDER (widget)) != NULL)
    name_by_text (widget, gtk_expander_get_label (GTK_EXPANDER (widget)),
                  gtk_expander_get_use_underline (GTK_EXPANDER (widget)));
  /* a drop-down's button is what a screen reader lands on: it gets the
   * name of the label that names the drop-down (else it says
   * "GtkToggleButton") */
  else if (GTK_IS_LABEL (widget) && GTK_IS_DROP_DOWN (gtk_label_get_mnemonic_widget (GTK_LABEL (widget))))
    {
      GtkWidget *button = gtk_widget_get_first_child (gtk_label_get_mnemonic_widget (GTK_LABEL (widget)));

      if (GTK_IS_TOGGLE_BUTTON (button))
        name_by_text (button, gtk_label_get_label (GTK_LABEL (widget)),
                      gtk_label_get_use_underline (GTK_LABEL (widget)));
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
    mlp_accessible_names_fix (c);
  /* a collapsed expander keeps its child out of the tree */
  if (GTK_IS_EXPANDER (widget) && !gtk_expander_get_expanded (GTK_EXPANDER (widget)) &&
      gtk_expander_get_child (GTK_EXPANDER (widget)) != NULL)
    mlp_accessible_names_fix (gtk_expander_get_child (GTK_EXPANDER (widget)));
}
