/* mlp-json-reader.h — reading back the JSON that MLP Lab writes.
 *
 *   g_autoptr(GVariant) doc = mlp_json_parse (text, -1, "run-1.json", &error);
 *   double seconds;
 *   g_autoptr(GVariant) acc = NULL;
 *
 *   if (doc != NULL && g_variant_lookup (doc, "seconds", "d", &seconds)) …
 *   acc = g_variant_lookup_value (doc, "val_acc", G_VARIANT_TYPE ("av"));
 *   g_autoptr(GArray) ys = mlp_json_dup_doubles (acc);  // null → NaN
 *
 * The document becomes a GVariant, so that GLib's lookups do the walking:
 * an object is a{sv}, an array av, a string s, every number d, true and
 * false b, and null an empty maybe (mv).  The reader is strict (RFC 8259):
 * the text must be UTF-8 and one value with nothing but white space around
 * it; it refuses NaN, trailing commas, comments, control characters in
 * strings, lone surrogates and \u0000, and nests at most 64 levels deep.
 * Of a key given twice, g_variant_lookup finds the first.  Messages start
 * with `what` (a file name) and give the byte where the text goes wrong.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* len −1: text is NUL-terminated.  (transfer full), floating reference
 * sunk: a plain reference, or NULL with error (MLP_ERROR_FORMAT) */
GVariant *mlp_json_parse        (const char  *text,
                                 gssize       len,
                                 const char  *what,
                                 GError     **error);
/* the numbers of an av array as doubles, null as NaN; NULL when array is
 * NULL or holds something else; (transfer full) */
GArray   *mlp_json_dup_doubles  (GVariant    *array);

G_END_DECLS
