/* mlp-number-input.c — see mlp-number-input.h. */
#include "mlp-number-input.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#define ERROR_KEY "mlp-number-input-error"
#define POPOVER_KEY "mlp-number-input-popover"
#define ZERO_KEY "mlp-number-input-zero"   /* GStrv: the shown word, the untranslated one */

gboolean
mlp_number_input_parse (const char *text, double *value)
{
  g_autofree char *s = g_strstrip (g_strdup (text != NULL ? text : ""));
  char *comma = strchr (s, ',');
  char *end;
  double v;

  /* one decimal comma, as German and many other languages write it */
  if (comma != NULL && strchr (s, '.') == NULL && strchr (comma + 1, ',') == NULL)
    *comma = '.';
  if (*s == '\0')
    return FALSE;
  v = g_ascii_strtod (s, &end);
  if (*end != '\0' || !isfinite (v))
    return FALSE;
  *value = v;
  return TRUE;
}

static void
show_error (GtkSpinButton *spin, const char *message)
{
  GtkWidget *popover = g_object_get_data (G_OBJECT (spin), POPOVER_KEY);

  g_object_set_data_full (G_OBJECT (spin), ERROR_KEY, g_strdup (message), g_free);
  if (message == NULL)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (spin), "error");
      if (popover != NULL)
        gtk_popover_popdown (GTK_POPOVER (popover));
      return;
    }
  gtk_widget_add_css_class (GTK_WIDGET (spin), "error");
  gtk_widget_error_bell (GTK_WIDGET (spin));
  if (popover == NULL)
    {
      GtkWidget *label = gtk_label_new (NULL);

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
      popover = gtk_popover_new ();
      gtk_popover_set_child (GTK_POPOVER (popover), label);
      gtk_popover_set_autohide (GTK_POPOVER (popover), FALSE);
      gtk_popover_set_position (GTK_POPOVER (popover), GTK_POS_BOTTOM);
      gtk_widget_set_parent (popover, GTK_WIDGET (spin));
      g_object_set_data (G_OBJECT (spin), POPOVER_KEY, popover);
    }
  gtk_label_set_text (GTK_LABEL (gtk_popover_get_child (GTK_POPOVER (popover))), message);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
  if (gtk_widget_get_mapped (GTK_WIDGET (spin)))
    gtk_popover_popup (GTK_POPOVER (popover));
}

/* whether text is a word that stands for 0 in spin, whatever its case */
static gboolean
means_zero (GtkSpinButton *spin, const char *text)
{
  char **words = g_object_get_data (G_OBJECT (spin), ZERO_KEY);
  g_autofree char *typed = g_strstrip (g_utf8_casefold (text, -1));

  for (guint i = 0; words != NULL && words[i] != NULL; i++)
    {
      g_autofree char *word = g_utf8_casefold (words[i], -1);

      if (strcmp (typed, word) == 0)
        return TRUE;
    }
  return FALSE;
}

/* GtkSpinButton::output: the word for 0 instead of the number */
static gboolean
on_output (GtkSpinButton *spin, gpointer data)
{
  char **words = g_object_get_data (G_OBJECT (spin), ZERO_KEY);

  if (gtk_spin_button_get_value (spin) != 0)
    return FALSE;
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (spin)), words[0]) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), words[0]);
  return TRUE;
}

/* GtkSpinButton::input: the number in the entry, or GTK_INPUT_ERROR, which
 * keeps the value as it was */
static int
on_input (GtkSpinButton *spin, double *new_value, gpointer data)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  GtkAdjustment *adj = gtk_spin_button_get_adjustment (spin);
  double lo = gtk_adjustment_get_lower (adj), hi = gtk_adjustment_get_upper (adj);
  double v;

  if (means_zero (spin, text))
    {
      show_error (spin, NULL);
      *new_value = 0;
      return TRUE;
    }
  if (!mlp_number_input_parse (text, &v))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” is not a number; the value stays %g"),
                                                  text, gtk_spin_button_get_value (spin));
      show_error (spin, message);
      return GTK_INPUT_ERROR;
    }
  if (v < lo || v > hi)
    {
      g_autofree char *message = g_strdup_printf (_("%g is outside %g … %g; the value stays %g"),
                                                  v, lo, hi, gtk_spin_button_get_value (spin));
      show_error (spin, message);
      return GTK_INPUT_ERROR;
    }
  show_error (spin, NULL);
  *new_value = v;
  return TRUE;
}

static void
on_unrealize (GtkWidget *spin)
{
  GtkWidget *popover = g_object_steal_data (G_OBJECT (spin), POPOVER_KEY);

  if (popover != NULL)
    gtk_widget_unparent (popover);
}

void
mlp_number_input_attach (GtkSpinButton *spin)
{
  g_return_if_fail (GTK_IS_SPIN_BUTTON (spin));

  if (g_object_get_data (G_OBJECT (spin), "mlp-number-input") != NULL)
    return;
  g_object_set_data (G_OBJECT (spin), "mlp-number-input", GINT_TO_POINTER (1));
  /* GTK_UPDATE_ALWAYS would clamp a refused entry into the range */
  gtk_spin_button_set_update_policy (spin, GTK_UPDATE_IF_VALID);
  g_signal_connect (spin, "input", G_CALLBACK (on_input), NULL);
  g_signal_connect (spin, "unrealize", G_CALLBACK (on_unrealize), NULL);
}

void
mlp_number_input_set_zero_text (GtkSpinButton *spin, const char *shown, const char *untranslated)
{
  const char *words[] = { shown, untranslated, NULL };

  g_return_if_fail (GTK_IS_SPIN_BUTTON (spin));
  g_return_if_fail (shown != NULL);

  mlp_number_input_attach (spin);
  if (g_object_get_data (G_OBJECT (spin), ZERO_KEY) == NULL)
    g_signal_connect (spin, "output", G_CALLBACK (on_output), NULL);
  g_object_set_data_full (G_OBJECT (spin), ZERO_KEY, g_strdupv ((char **) words), (GDestroyNotify) g_strfreev);
  on_output (spin, NULL);
}

void
mlp_number_input_attach_all (GtkWidget *widget)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (GTK_IS_SPIN_BUTTON (widget))
    mlp_number_input_attach (GTK_SPIN_BUTTON (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    mlp_number_input_attach_all (child);
}

const char *
mlp_number_input_get_error (GtkSpinButton *spin)
{
  return g_object_get_data (G_OBJECT (spin), ERROR_KEY);
}
