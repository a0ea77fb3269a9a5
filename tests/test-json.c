/* test-json.c — MlpJsonWriter: what it writes is read back exactly by a
 * real JSON parser (Python's json module, strict about control characters,
 * with NaN and Infinity refused), whatever the text and the numbers: UTF-8
 * passed through, invalid UTF-8 replaced, every control character escaped,
 * NaN and infinities as null, doubles and floats with enough digits.
 */
#include "mlp-json-reader.h"
#include "mlp-json-writer.h"
#include "mlp-error.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

/* Python flattens the document into one line per token, in document order:
 * "{" … "}" and "[" … "]" around containers, "k<hex>" (a key's UTF-8
 * bytes), "s<hex>" (a string's), "f<repr>" (a float: repr() round-trips),
 * "i<digits>" (an integer), "null", "true", "false". */
static const char flatten_py[] =
  "import json, sys\n"
  "def refuse(name):\n"
  "    raise ValueError('not JSON: ' + name)\n"
  "def walk(v, out):\n"
  "    if isinstance(v, dict):\n"
  "        out.append('{')\n"
  "        for k, x in v.items():\n"
  "            out.append('k' + k.encode('utf-8').hex())\n"
  "            walk(x, out)\n"
  "        out.append('}')\n"
  "    elif isinstance(v, list):\n"
  "        out.append('[')\n"
  "        for x in v:\n"
  "            walk(x, out)\n"
  "        out.append(']')\n"
  "    elif v is None:\n"
  "        out.append('null')\n"
  "    elif v is True or v is False:\n"
  "        out.append('true' if v else 'false')\n"
  "    elif isinstance(v, int):\n"
  "        out.append('i%d' % v)\n"
  "    elif isinstance(v, float):\n"
  "        out.append('f' + repr(v))\n"
  "    else:\n"
  "        out.append('s' + v.encode('utf-8').hex())\n"
  "with open(sys.argv[1], encoding='utf-8') as f:\n"
  "    doc = json.load(f, parse_constant=refuse)\n"
  "out = []\n"
  "walk(doc, out)\n"
  "print('\\n'.join(out))\n";

/* A document and, token by token, what Python must read in it. */
typedef struct {
  MlpJsonWriter *w;
  GPtrArray     *expect;   /* char *, as flatten_py prints them; numbers as "d<%a>" or "F<%a>" */
} Doc;

static void
doc_init (Doc *d, MlpJsonStyle style)
{
  d->w = mlp_json_writer_new (style);
  d->expect = g_ptr_array_new_with_free_func (g_free);
}

static void
doc_clear (Doc *d)
{
  g_clear_pointer (&d->w, mlp_json_writer_free);
  g_clear_pointer (&d->expect, g_ptr_array_unref);
}

static void
doc_expect (Doc *d, const char *token)
{
  g_ptr_array_add (d->expect, g_strdup (token));
}

/* "k" or "s" and s's bytes in hex, invalid UTF-8 replaced first as the
 * writer must do */
static void
doc_expect_text (Doc *d, char kind, const char *s)
{
  g_autofree char *valid = g_utf8_make_valid (s, -1);
  GString *token = g_string_new (NULL);

  g_string_append_c (token, kind);
  for (const guint8 *p = (const guint8 *) valid; *p != '\0'; p++)
    g_string_append_printf (token, "%02x", *p);
  g_ptr_array_add (d->expect, g_string_free (token, FALSE));
}

static void
doc_key (Doc *d, const char *key)
{
  mlp_json_writer_key (d->w, key);
  doc_expect_text (d, 'k', key);
}

static void
doc_string (Doc *d, const char *s)
{
  mlp_json_writer_string (d->w, s);
  doc_expect_text (d, 's', s);
}

static void
doc_double (Doc *d, double v)
{
  mlp_json_writer_double (d->w, v);
  g_ptr_array_add (d->expect, isfinite (v) ? g_strdup_printf ("d%a", v) : g_strdup ("null"));
}

static void
doc_float (Doc *d, float v)
{
  mlp_json_writer_float (d->w, v);
  g_ptr_array_add (d->expect, isfinite (v) ? g_strdup_printf ("F%a", (double) v) : g_strdup ("null"));
}

static void
doc_begin (Doc *d, gboolean object)
{
  if (object)
    mlp_json_writer_begin_object (d->w);
  else
    mlp_json_writer_begin_array (d->w);
  doc_expect (d, object ? "{" : "[");
}

static void
doc_end (Doc *d, gboolean object)
{
  if (object)
    mlp_json_writer_end_object (d->w);
  else
    mlp_json_writer_end_array (d->w);
  doc_expect (d, object ? "}" : "]");
}

/* the value of one of Python's number tokens ("f0.1", "i3") */
static double
token_number (const char *token)
{
  g_assert_true (token[0] == 'f' || token[0] == 'i');
  return g_ascii_strtod (token + 1, NULL);
}

/* (transfer full) what python3 prints for the document in text, or NULL
 * (the test skipped) when there is no python3 */
static char *
run_python (const GString *text)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autofree char *dir = NULL, *path = NULL, *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { NULL, "-c", flatten_py, NULL, NULL };
  char *out = NULL;
  int status;

  if (python == NULL)
    {
      g_test_skip ("python3 is not in PATH: the document cannot be parsed");
      return NULL;
    }
  dir = g_dir_make_tmp ("mlplab-json-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "doc.json", NULL);
  g_assert_true (g_file_set_contents (path, text->str, (gssize) text->len, &error));
  argv[0] = python;
  argv[3] = path;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &out, &err, &status, &error));
  g_assert_no_error (error);
  g_unlink (path);
  g_rmdir (dir);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("python3 could not read the document:\n%s\n%s", text->str, err);
  return out;
}

/* Has Python read the finished document, token for token, as expected? */
static void
assert_python_reads (Doc *d)
{
  g_autoptr(GString) text = mlp_json_writer_steal_string (d->w);
  g_autofree char *out = NULL;
  g_auto(GStrv) got = NULL;

  g_assert_nonnull (text);
  /* never a raw control character (but the pretty style's line breaks),
   * never an octal escape */
  for (gsize i = 0; i < text->len; i++)
    {
      g_assert_true ((guint8) text->str[i] >= 0x20 || text->str[i] == '\n');
      if (text->str[i] == '\\')
        g_assert_false (g_ascii_isdigit (text->str[++i]));
    }
  out = run_python (text);
  if (out == NULL)
    return;

  got = g_strsplit (g_strchomp (out), "\n", -1);
  g_assert_cmpuint (g_strv_length (got), ==, d->expect->len);
  for (guint i = 0; i < d->expect->len; i++)
    {
      const char *want = d->expect->pdata[i];

      if (want[0] == 'd')
        {
          double v = g_ascii_strtod (want + 1, NULL), back = token_number (got[i]);

          g_assert_cmpfloat (back, ==, v);
          g_assert_cmpint (signbit (back), ==, signbit (v));
        }
      else if (want[0] == 'F')
        g_assert_cmpfloat ((float) token_number (got[i]), ==, (float) g_ascii_strtod (want + 1, NULL));
      else
        g_assert_cmpstr (got[i], ==, want);
    }
}

/* Strings: non-ASCII text, every control character, quotes and
 * backslashes, invalid UTF-8, in keys and in values. */
static void
write_strings (Doc *d)
{
  static const char *const texts[] = {
    "/home/jürgen/données", "日本語", "\xf0\x9f\x98\x80 (an emoji)", "",
    "\"quoted\"", "back\\slash\\", "\\\"", "a/b", "del \x7f", "\\u0041 is no escape here",
    "invalid \xff\xfe UTF-8 \xc3", "\xe6\x97", "tab\tnew\nline\rreturn\x0b\x0c",
  };
  char controls[32];

  for (guint c = 1; c < 0x20; c++)
    controls[c - 1] = (char) c;
  controls[31] = '\0';

  doc_key (d, "strings");
  doc_begin (d, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    doc_string (d, texts[i]);
  doc_string (d, controls);
  for (guint c = 1; c < 0x20; c++)
    {
      char one[4] = { 'x', (char) c, 'y', '\0' };

      doc_string (d, one);
    }
  doc_end (d, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *key = g_strdup_printf ("key %u: %s", i, texts[i]);

      doc_key (d, key);
      doc_string (d, texts[i]);
    }
  doc_key (d, controls);
  mlp_json_writer_string (d->w, NULL);
  doc_expect (d, "null");
}

/* Numbers: what JSON cannot say, the extremes, and values whose shortest
 * decimal form needs every digit. */
static void
write_numbers (Doc *d)
{
  static const double doubles[] = {
    0.0, -0.0, 1.0, -1.0, 0.1, 1.0 / 3.0, 2.0 / 3.0, G_PI, 1e-300, 4.9406564584124654e-324,
    DBL_MIN, DBL_MAX, -DBL_MAX, 1e22, 1e23, 123456789012345678.0, 0.30000000000000004,
    9007199254740993.0, 5e-5, 1e16, NAN, INFINITY, -INFINITY,
  };
  static const float floats[] = {
    0.0f, -0.0f, 0.1f, 1.0f / 3.0f, 16777216.0f, 3.14159274f, FLT_MIN, FLT_MAX, -FLT_MAX,
    1.40129846e-45f, 1e-10f, 0.2f + 0.1f, NAN, INFINITY, -INFINITY,
  };
  g_autofree char *min = g_strdup_printf ("i%" G_GINT64_FORMAT, G_MININT64);
  g_autofree char *max = g_strdup_printf ("i%" G_GUINT64_FORMAT, G_MAXUINT64);

  doc_key (d, "doubles");
  doc_begin (d, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (doubles); i++)
    doc_double (d, doubles[i]);
  doc_end (d, FALSE);
  doc_key (d, "floats");
  doc_begin (d, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (floats); i++)
    doc_float (d, floats[i]);
  doc_end (d, FALSE);

  doc_key (d, "integers");
  doc_begin (d, FALSE);
  mlp_json_writer_int (d->w, G_MININT64);
  doc_expect (d, min);
  mlp_json_writer_int (d->w, -1);
  doc_expect (d, "i-1");
  mlp_json_writer_uint (d->w, G_MAXUINT64);
  doc_expect (d, max);
  doc_end (d, FALSE);

  doc_key (d, "yes");
  mlp_json_writer_bool (d->w, TRUE);
  doc_expect (d, "true");
  doc_key (d, "no");
  mlp_json_writer_bool (d->w, FALSE);
  doc_expect (d, "false");
  doc_key (d, "nothing");
  mlp_json_writer_null (d->w);
  doc_expect (d, "null");
}

/* Containers: empty ones, arrays in arrays, objects in arrays in objects. */
static void
write_nesting (Doc *d)
{
  doc_key (d, "nested");
  doc_begin (d, FALSE);
  doc_begin (d, FALSE);
  doc_end (d, FALSE);
  doc_begin (d, TRUE);
  doc_end (d, TRUE);
  doc_begin (d, FALSE);
  doc_begin (d, FALSE);
  doc_double (d, 1);
  doc_begin (d, FALSE);
  doc_double (d, 2);
  doc_end (d, FALSE);
  doc_end (d, FALSE);
  doc_begin (d, TRUE);
  doc_key (d, "a");
  doc_begin (d, TRUE);
  doc_key (d, "b");
  doc_begin (d, FALSE);
  doc_end (d, FALSE);
  doc_end (d, TRUE);
  doc_end (d, TRUE);
  doc_end (d, FALSE);
  doc_string (d, "after the containers");
  doc_end (d, FALSE);
}

static void
test_round_trip (gconstpointer data)
{
  Doc d;

  doc_init (&d, (MlpJsonStyle) GPOINTER_TO_INT (data));
  doc_begin (&d, TRUE);
  write_strings (&d);
  write_numbers (&d);
  write_nesting (&d);
  doc_end (&d, TRUE);
  g_assert_true (mlp_json_writer_is_complete (d.w));
  assert_python_reads (&d);
  doc_clear (&d);
}

/* the same small document in each style, to the byte */
static char *
small_document (MlpJsonStyle style)
{
  g_autoptr(MlpJsonWriter) w = mlp_json_writer_new (style);
  g_autoptr(GString) text = NULL;

  mlp_json_writer_begin_object (w);
  mlp_json_writer_member_string (w, "model", "mlp");
  mlp_json_writer_member_float (w, "lr", 0.1f);
  mlp_json_writer_member_int (w, "epochs", 10);
  mlp_json_writer_key (w, "hiddens");
  mlp_json_writer_begin_array (w);
  mlp_json_writer_uint (w, 256);
  mlp_json_writer_uint (w, 128);
  mlp_json_writer_end_array (w);
  mlp_json_writer_key (w, "runs");
  mlp_json_writer_begin_array (w);
  mlp_json_writer_begin_object (w);
  mlp_json_writer_member_double (w, "loss", NAN);
  mlp_json_writer_end_object (w);
  mlp_json_writer_end_array (w);
  mlp_json_writer_key (w, "empty");
  mlp_json_writer_begin_object (w);
  mlp_json_writer_end_object (w);
  mlp_json_writer_end_object (w);
  text = mlp_json_writer_steal_string (w);
  return g_strdup (text->str);
}

static void
test_styles (void)
{
  g_autofree char *compact = small_document (MLP_JSON_COMPACT);
  g_autofree char *line = small_document (MLP_JSON_LINE);
  g_autofree char *pretty = small_document (MLP_JSON_PRETTY);

  g_assert_cmpstr (compact, ==,
                   "{\"model\":\"mlp\",\"lr\":0.1,\"epochs\":10,\"hiddens\":[256,128],"
                   "\"runs\":[{\"loss\":null}],\"empty\":{}}");
  g_assert_cmpstr (line, ==,
                   "{\"model\": \"mlp\", \"lr\": 0.1, \"epochs\": 10, \"hiddens\": [256, 128], "
                   "\"runs\": [{\"loss\": null}], \"empty\": {}}");
  g_assert_cmpstr (pretty, ==,
                   "{\n"
                   "  \"model\": \"mlp\",\n"
                   "  \"lr\": 0.1,\n"
                   "  \"epochs\": 10,\n"
                   "  \"hiddens\": [256, 128],\n"
                   "  \"runs\": [\n"
                   "    {\n"
                   "      \"loss\": null\n"
                   "    }\n"
                   "  ],\n"
                   "  \"empty\": {}\n"
                   "}\n");
}

/* a top-level scalar is a document too, and stealing starts a new one */
static void
test_scalar_documents (void)
{
  g_autoptr(MlpJsonWriter) w = mlp_json_writer_new (MLP_JSON_COMPACT);
  g_autoptr(GString) first = NULL, second = NULL;

  g_assert_false (mlp_json_writer_is_complete (w));
  mlp_json_writer_string (w, "日本語");
  g_assert_true (mlp_json_writer_is_complete (w));
  first = mlp_json_writer_steal_string (w);
  g_assert_cmpstr (first->str, ==, "\"日本語\"");
  g_assert_false (mlp_json_writer_is_complete (w));
  mlp_json_writer_double (w, 1e300 * 1e300);
  second = mlp_json_writer_steal_string (w);
  g_assert_cmpstr (second->str, ==, "null");
}

/* the array members: the key, then the n values (none: an empty array) */
static void
test_member_arrays (void)
{
  g_autoptr(MlpJsonWriter) w = mlp_json_writer_new (MLP_JSON_COMPACT);
  g_autoptr(GString) text = NULL;
  const gsize sizes[] = { 256, 0 };
  const float floats[] = { 0.5f, 0.1f };
  const double doubles[] = { 2.5, -1e-3 };

  mlp_json_writer_begin_object (w);
  mlp_json_writer_member_sizes (w, "h", sizes, G_N_ELEMENTS (sizes));
  mlp_json_writer_member_floats (w, "p", floats, G_N_ELEMENTS (floats));
  mlp_json_writer_member_doubles (w, "d", doubles, G_N_ELEMENTS (doubles));
  mlp_json_writer_member_floats (w, "none", floats, 0);
  mlp_json_writer_end_object (w);
  text = mlp_json_writer_steal_string (w);
  g_assert_cmpstr (text->str, ==, "{\"h\":[256,0],\"p\":[0.5,0.1],\"d\":[2.5,-0.001],\"none\":[]}");
}

/* Out-of-order calls are criticals from the engine's log domain and
 * change nothing. */
static void
test_misuse (void)
{
  g_autoptr(MlpJsonWriter) w = mlp_json_writer_new (MLP_JSON_COMPACT);
  g_autoptr(GString) text = NULL;

  mlp_json_writer_begin_object (w);
  g_test_expect_message ("mlplab-engine", G_LOG_LEVEL_CRITICAL, "*after_key*");
  mlp_json_writer_double (w, 1);             /* a value without a key */
  g_test_assert_expected_messages ();
  g_test_expect_message ("mlplab-engine", G_LOG_LEVEL_CRITICAL, "*close*");
  mlp_json_writer_end_array (w);             /* the wrong close */
  g_test_assert_expected_messages ();
  mlp_json_writer_key (w, "a");
  g_test_expect_message ("mlplab-engine", G_LOG_LEVEL_CRITICAL, "*after_key*");
  mlp_json_writer_key (w, "b");              /* two keys in a row */
  g_test_assert_expected_messages ();
  mlp_json_writer_bool (w, TRUE);
  mlp_json_writer_end_object (w);
  g_test_expect_message ("mlplab-engine", G_LOG_LEVEL_CRITICAL, "*complete*");
  mlp_json_writer_null (w);                  /* a second document */
  g_test_assert_expected_messages ();
  text = mlp_json_writer_steal_string (w);
  g_assert_cmpstr (text->str, ==, "{\"a\":true}");
}

/* saving replaces the file whole and leaves no temporary file behind */
static void
test_save (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mlplab-json-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.json", NULL);
  g_autofree char *missing = g_build_filename (dir, "no-such-folder", "run.json", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(MlpJsonWriter) w = mlp_json_writer_new (MLP_JSON_PRETTY);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) listing = NULL;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  mlp_json_writer_begin_array (w);
  mlp_json_writer_string (w, "données");
  mlp_json_writer_end_array (w);
  g_assert_true (mlp_json_writer_save (w, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "[\"données\"]\n");

  listing = g_dir_open (dir, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (listing), ==, "run.json");
  g_assert_null (g_dir_read_name (listing));

  g_assert_false (mlp_json_writer_save (w, missing, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "no-such-folder"));
  g_unlink (path);
  g_rmdir (dir);
}

/* what the writer writes the reader reads back: strings with any
 * character, numbers exactly, NaN as null, nesting; and it refuses what is
 * not JSON with the byte where the text goes wrong */
static void
test_reader (void)
{
  g_autoptr(MlpJsonWriter) w = mlp_json_writer_new (MLP_JSON_PRETTY);
  g_autoptr(GString) text = NULL;
  g_autoptr(GVariant) doc = NULL, nested = NULL, curve = NULL;
  g_autoptr(GArray) ys = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *s = NULL;
  const char *bad[] = { "", "[1,]", "{\"a\":1,}", "[NaN]", "01", "1.", "[\"\\ud800\"]", "\"\t\"",
                        "[1] 2", "{\"a\" 1}", "tru", "\"\\u0000\"", "1e999", "[\"\xff\"]" };
  gboolean flag = FALSE;
  double d = 0;

  mlp_json_writer_begin_object (w);
  mlp_json_writer_member_string (w, "path", "/home/j\303\274rgen/\"data\"\n\t\001 \360\237\230\200");
  mlp_json_writer_member_double (w, "third", 1.0 / 3.0);
  mlp_json_writer_member_bool (w, "flag", TRUE);
  mlp_json_writer_key (w, "curve");
  mlp_json_writer_begin_array (w);
  mlp_json_writer_double (w, 0.1);
  mlp_json_writer_double (w, NAN);
  mlp_json_writer_double (w, -2.5e-300);
  mlp_json_writer_end_array (w);
  mlp_json_writer_key (w, "nested");
  mlp_json_writer_begin_object (w);
  mlp_json_writer_member_int (w, "n", -7);
  mlp_json_writer_end_object (w);
  mlp_json_writer_end_object (w);
  text = mlp_json_writer_steal_string (w);

  doc = mlp_json_parse (text->str, text->len, "run.json", &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (doc, "path", "s", &s));
  g_assert_cmpstr (s, ==, "/home/j\303\274rgen/\"data\"\n\t\001 \360\237\230\200");
  g_assert_true (g_variant_lookup (doc, "third", "d", &d));
  g_assert_cmpfloat (d, ==, 1.0 / 3.0);
  g_assert_true (g_variant_lookup (doc, "flag", "b", &flag));
  g_assert_true (flag);
  curve = g_variant_lookup_value (doc, "curve", G_VARIANT_TYPE ("av"));
  ys = mlp_json_dup_doubles (curve);
  g_assert_nonnull (ys);
  g_assert_cmpuint (ys->len, ==, 3);
  g_assert_cmpfloat (g_array_index (ys, double, 0), ==, 0.1);
  g_assert_true (isnan (g_array_index (ys, double, 1)));
  g_assert_cmpfloat (g_array_index (ys, double, 2), ==, -2.5e-300);
  nested = g_variant_lookup_value (doc, "nested", G_VARIANT_TYPE_VARDICT);
  g_assert_true (g_variant_lookup (nested, "n", "d", &d));
  g_assert_cmpfloat (d, ==, -7);
  g_assert_null (mlp_json_dup_doubles (nested));

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GVariant) none = mlp_json_parse (bad[i], -1, "bad.json", &error);

      g_assert_null (none);
      g_assert_error (error, MLP_ERROR, MLP_ERROR_FORMAT);
      g_assert_true (g_str_has_prefix (error->message, "bad.json: not valid JSON (byte "));
      g_clear_error (&error);
    }
  {
    /* nesting is bounded, not a stack overflow */
    g_autofree char *deep = g_strnfill (100000, '[');
    g_autoptr(GVariant) none = mlp_json_parse (deep, -1, "deep.json", &error);

    g_assert_null (none);
    g_assert_nonnull (strstr (error->message, "deeper"));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/json/round-trip/compact", GINT_TO_POINTER (MLP_JSON_COMPACT), test_round_trip);
  g_test_add_data_func ("/json/round-trip/line", GINT_TO_POINTER (MLP_JSON_LINE), test_round_trip);
  g_test_add_data_func ("/json/round-trip/pretty", GINT_TO_POINTER (MLP_JSON_PRETTY), test_round_trip);
  g_test_add_func ("/json/styles", test_styles);
  g_test_add_func ("/json/scalar-documents", test_scalar_documents);
  g_test_add_func ("/json/member-arrays", test_member_arrays);
  g_test_add_func ("/json/misuse", test_misuse);
  g_test_add_func ("/json/save", test_save);
  g_test_add_func ("/json/reader", test_reader);
  return g_test_run ();
}
