/* mlp-number-input.h — numbers typed into spin buttons are read, or refused,
 * never silently changed.
 *
 * GTK's spin buttons read text with the C library in the current locale, so
 * in German "0,05" became 1e-05 and "abc" the lower bound, and the bad value
 * was saved.  A spin button given to mlp_number_input_attach reads a decimal
 * comma or point ("0,05", "0.05", "5e-2"), and refuses text that is not a
 * number, or a number outside the button's range: the value stays, the text
 * turns red and a message under the button says what was wrong, until the
 * next valid entry.
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void     mlp_number_input_attach       (GtkSpinButton *spin);
/* A word that stands for 0 (Training images 0 = "All"): shown instead of 0
 * (GtkSpinButton::output), and read back as 0, in any case, as is
 * untranslated, the English word (GtkSpinButton::input).  Attaches spin.
 * The spin button must not be numeric, which would refuse letters. */
void     mlp_number_input_set_zero_text (GtkSpinButton *spin, const char *shown, const char *untranslated);
/* attaches every spin button inside widget (widget included) */
void     mlp_number_input_attach_all   (GtkWidget *widget);

/* Reads text as a number, with a decimal point or comma, in the whole of
 * text but for surrounding spaces.  FALSE when it is not a finite number. */
gboolean mlp_number_input_parse        (const char *text, double *value);

/* the message shown for a refused entry, or NULL; (transfer none) */
const char *mlp_number_input_get_error (GtkSpinButton *spin);

G_END_DECLS
