/* mlp-json-writer.h — writing JSON that any parser reads back exactly.
 *
 *   g_autoptr(MlpJsonWriter) w = mlp_json_writer_new (MLP_JSON_PRETTY);
 *
 *   mlp_json_writer_begin_object (w);
 *   mlp_json_writer_member_string (w, "model", "mlp-scratch");
 *   mlp_json_writer_member_float (w, "lr", 0.1f);             // "lr": 0.1
 *   mlp_json_writer_key (w, "val_acc_curve");
 *   mlp_json_writer_begin_array (w);
 *   for (guint i = 0; i < n; i++)
 *     mlp_json_writer_double (w, acc[i]);                     // NaN → null
 *   mlp_json_writer_end_array (w);
 *   mlp_json_writer_end_object (w);
 *   if (!mlp_json_writer_save (w, "run.json", &error))       // atomically
 *     …
 *
 * One writer builds one document (one top-level value) in memory; take it
 * with mlp_json_writer_steal_string() or write it to a file with
 * mlp_json_writer_save().  What it writes is always valid JSON:
 *
 * - strings: '"' and '\' are escaped as \" and \\, the control characters
 *   U+0000 … U+001F as \u00XX; everything else, non-ASCII included, is
 *   copied as UTF-8.  Bytes that are not valid UTF-8 become U+FFFD (never
 *   octal escapes, which JSON does not have);
 * - numbers: NaN and ±infinity, which JSON cannot express, become null.
 *   Doubles are written with the fewest digits (up to 17) that parse back to
 *   the same double, floats with the fewest (up to 9) that parse back to the
 *   same float after rounding the parsed double to float, so 0.1f is written
 *   0.1, not 0.100000001.  Never a locale's decimal comma.
 *
 * Calling the functions out of order (a value where a key is due, a second
 * top-level value, an end without a begin) is a programmer error: a critical
 * warning, and the call does nothing.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
  MLP_JSON_COMPACT,   /* {"a":[1,2],"b":{"c":null}}: no whitespace (safetensors headers) */
  MLP_JSON_LINE,      /* {"a": [1, 2], "b": {"c": null}}: one line, a space after ':' and ',' */
  MLP_JSON_PRETTY,    /* one object member per line, indented by two spaces per level;
                       * arrays of numbers and strings stay on one line, arrays holding
                       * objects or arrays get one element per line; ends with '\n' */
} MlpJsonStyle;

typedef struct _MlpJsonWriter MlpJsonWriter;

/* (transfer full) an empty document */
MlpJsonWriter *mlp_json_writer_new           (MlpJsonStyle style);
void           mlp_json_writer_free          (MlpJsonWriter *w);

void           mlp_json_writer_begin_object  (MlpJsonWriter *w);
void           mlp_json_writer_end_object    (MlpJsonWriter *w);
void           mlp_json_writer_begin_array   (MlpJsonWriter *w);
void           mlp_json_writer_end_array     (MlpJsonWriter *w);
/* the name of the next member of the current object; any UTF-8 text */
void           mlp_json_writer_key           (MlpJsonWriter *w, const char *key);

/* values: a member's (after its key), an array's element, or the document */
/* s: (nullable) NULL writes null */
void           mlp_json_writer_string        (MlpJsonWriter *w, const char *s);
void           mlp_json_writer_double        (MlpJsonWriter *w, double v);
void           mlp_json_writer_float         (MlpJsonWriter *w, float v);
void           mlp_json_writer_int           (MlpJsonWriter *w, gint64 v);
void           mlp_json_writer_uint          (MlpJsonWriter *w, guint64 v);
void           mlp_json_writer_bool          (MlpJsonWriter *w, gboolean v);
void           mlp_json_writer_null          (MlpJsonWriter *w);

/* a key and its value in one call */
void           mlp_json_writer_member_string (MlpJsonWriter *w, const char *key, const char *s);
void           mlp_json_writer_member_double (MlpJsonWriter *w, const char *key, double v);
void           mlp_json_writer_member_float  (MlpJsonWriter *w, const char *key, float v);
void           mlp_json_writer_member_int    (MlpJsonWriter *w, const char *key, gint64 v);
void           mlp_json_writer_member_uint   (MlpJsonWriter *w, const char *key, guint64 v);
void           mlp_json_writer_member_bool   (MlpJsonWriter *w, const char *key, gboolean v);
/* a key and an array of the n values */
void           mlp_json_writer_member_sizes  (MlpJsonWriter *w, const char *key, const gsize *v, gsize n);
void           mlp_json_writer_member_floats (MlpJsonWriter *w, const char *key, const float *v, gsize n);
void           mlp_json_writer_member_doubles (MlpJsonWriter *w, const char *key, const double *v, gsize n);

/* a GVariant as a value: a{sv} (and any a{s*}) an object, arrays (av, ad,
 * as, …) arrays, d/i/u/x/t numbers, s a string, b a boolean, an empty maybe
 * null, a variant its content; what mlp_json_parse() reads comes back
 * equal.  Other types are a programmer error (written as null). */
void           mlp_json_writer_variant       (MlpJsonWriter *w, GVariant *v);
/* TRUE once the top-level value is complete (every container closed) */
gboolean       mlp_json_writer_is_complete   (MlpJsonWriter *w);
/* (transfer full) the complete document; the writer starts a new, empty one */
GString       *mlp_json_writer_steal_string  (MlpJsonWriter *w);
/* Writes the complete document to path atomically (a temporary file in the
 * same folder, flushed, then renamed over path), so a reader sees the old
 * file or the new one, never a part; a write-protected file is not
 * replaced, a replaced one keeps its mode, a symbolic link is written
 * through (mlp-file.h).  FALSE with an MLP_ERROR_IO naming the file
 * otherwise.  The writer keeps its document. */
gboolean       mlp_json_writer_save          (MlpJsonWriter *w, const char *path, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpJsonWriter, mlp_json_writer_free)

G_END_DECLS
