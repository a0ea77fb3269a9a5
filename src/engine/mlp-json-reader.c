/* mlp-json-reader.c — a strict recursive-descent JSON reader that builds a
 * GVariant; see mlp-json-reader.h.
 *
 *   value  = object | array | string | number | "true" | "false" | "null"
 *   object = '{' [ string ':' value *( ',' string ':' value ) ] '}'
 *   array  = '[' [ value *( ',' value ) ] ']'
 *
 * The text is untrusted (a file beside a checkpoint that anyone may have
 * edited): the reader never looks past `end`, checks the UTF-8 up front and
 * bounds the recursion, so a hostile file costs an error and no more.
 */
#include "mlp-json-reader.h"

#include <math.h>
#include <string.h>

#include "mlp-error.h"

#define MAX_DEPTH 64

typedef struct {
  const char *start;   /* the text */
  const char *p;       /* the next byte */
  const char *end;
  const char *what;    /* names the text in messages */
  guint       depth;   /* containers open around p */
} Reader;

static GVariant *read_value (Reader *r, GError **error);

G_GNUC_PRINTF (3, 4)
static void
refuse (Reader *r, GError **error, const char *format, ...)
{
  g_autofree char *why = NULL;
  va_list args;

  va_start (args, format);
  why = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, "%s: not valid JSON (byte %" G_GSIZE_FORMAT "): %s",
               r->what, (gsize) (r->p - r->start), why);
}

static void
skip_space (Reader *r)
{
  while (r->p < r->end && strchr (" \t\r\n", *r->p) != NULL && *r->p != '\0')
    r->p++;
}

/* the next byte after white space, or 0 at the end */
static char
next_byte (Reader *r)
{
  skip_space (r);
  return r->p < r->end ? *r->p : '\0';
}

/* steps over c after white space, or refuses with what was expected */
static gboolean
consume (Reader *r, char c, const char *expected, GError **error)
{
  if (next_byte (r) == c)
    {
      r->p++;
      return TRUE;
    }
  if (r->p >= r->end)
    refuse (r, error, "the text ends where %s was expected", expected);
  else
    refuse (r, error, "%s expected", expected);
  return FALSE;
}

/* ------------------------------------------------------------- strings */

/* four hex digits after "\u" */
static gboolean
read_hex4 (Reader *r, gunichar *out, GError **error)
{
  gunichar code = 0;

  if (r->end - r->p < 4)
    {
      refuse (r, error, "\\u needs four hex digits");
      return FALSE;
    }
  for (int k = 0; k < 4; k++, r->p++)
    {
      int digit = g_ascii_xdigit_value (*r->p);

      if (digit < 0)
        {
          refuse (r, error, "\\u needs four hex digits");
          return FALSE;
        }
      code = code * 16 + (gunichar) digit;
    }
  *out = code;
  return TRUE;
}

/* the character of "\uXXXX", or of a UTF-16 pair "\uD83D\uDE00" */
static gboolean
read_code_point (Reader *r, gunichar *out, GError **error)
{
  gunichar high, low;

  if (!read_hex4 (r, &high, error))
    return FALSE;
  if (high >= 0xD800 && high < 0xDC00)
    {
      if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
        {
          refuse (r, error, "a lone surrogate \\u%04X", high);
          return FALSE;
        }
      r->p += 2;
      if (!read_hex4 (r, &low, error))
        return FALSE;
      if (low < 0xDC00 || low >= 0xE000)
        {
          refuse (r, error, "\\u%04X is not the second half of a surrogate pair", low);
          return FALSE;
        }
      high = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
    }
  else if (high >= 0xDC00 && high < 0xE000)
    {
      refuse (r, error, "a lone surrogate \\u%04X", high);
      return FALSE;
    }
  if (high == 0)
    {
      refuse (r, error, "\\u0000 is not allowed");
      return FALSE;
    }
  *out = high;
  return TRUE;
}

/* one escape after the backslash, appended to s */
static gboolean
read_escape (Reader *r, GString *s, GError **error)
{
  static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
  const char *hit;
  gunichar c;

  if (r->p >= r->end)
    {
      refuse (r, error, "the text ends inside a string");
      return FALSE;
    }
  if (*r->p == 'u')
    {
      r->p++;
      if (!read_code_point (r, &c, error))
        return FALSE;
      g_string_append_unichar (s, c);
      return TRUE;
    }
  hit = *r->p != '\0' ? strchr (from, *r->p) : NULL;
  if (hit == NULL)
    {
      refuse (r, error, "an unknown escape");
      return FALSE;
    }
  g_string_append_c (s, to[hit - from]);
  r->p++;
  return TRUE;
}

/* a string, p at its opening quote; (transfer full) */
static char *
read_string (Reader *r, GError **error)
{
  g_autoptr(GString) s = g_string_new (NULL);

  if (!consume (r, '"', "a string", error))
    return NULL;
  for (;;)
    {
      const char *run = r->p;

      while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (guchar) *r->p >= 0x20)
        r->p++;
      g_string_append_len (s, run, r->p - run);
      if (r->p >= r->end)
        {
          refuse (r, error, "the text ends inside a string");
          return NULL;
        }
      if (*r->p == '"')
        break;
      if (*r->p != '\\')
        {
          refuse (r, error, "a control character inside a string");
          return NULL;
        }
      r->p++;
      if (!read_escape (r, s, error))
        return NULL;
    }
  r->p++;
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* ------------------------------------------------------------- numbers */

static const char *
skip_digits (const char *p, const char *end)
{
  while (p < end && g_ascii_isdigit (*p))
    p++;
  return p;
}

/* -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? as a finite double */
static GVariant *
read_number (Reader *r, GError **error)
{
  const char *q = r->p, *digits;
  g_autofree char *copy = NULL;
  double v;

  if (q < r->end && *q == '-')
    q++;
  digits = q;
  q = skip_digits (q, r->end);
  if (q == digits || (*digits == '0' && q - digits > 1))
    {
      refuse (r, error, "not a number");
      return NULL;
    }
  if (q < r->end && *q == '.')
    {
      digits = ++q;
      q = skip_digits (q, r->end);
      if (q == digits)
        {
          refuse (r, error, "a decimal point without digits after it");
          return NULL;
        }
    }
  if (q < r->end && (*q == 'e' || *q == 'E'))
    {
      q++;
      if (q < r->end && (*q == '+' || *q == '-'))
        q++;
      digits = q;
      q = skip_digits (q, r->end);
      if (q == digits)
        {
          refuse (r, error, "an exponent without digits");
          return NULL;
        }
    }
  copy = g_strndup (r->p, q - r->p);
  v = g_ascii_strtod (copy, NULL);
  if (!isfinite (v))
    {
      refuse (r, error, "%s is too large for a double", copy);
      return NULL;
    }
  r->p = q;
  return g_variant_new_double (v);
}

/* ---------------------------------------------------------- containers */

/* p at an opening '[' or '{': steps inside, and over close too when the
 * container is empty; *more says whether elements follow */
static gboolean
enter (Reader *r, char close, gboolean *more, GError **error)
{
  if (++r->depth > MAX_DEPTH)
    {
      refuse (r, error, "nested deeper than %d levels", MAX_DEPTH);
      return FALSE;
    }
  r->p++;
  *more = next_byte (r) != close;
  if (!*more)
    r->p++;
  return TRUE;
}

/* after an element: TRUE and *more for a ',', TRUE for the closing byte */
static gboolean
after_element (Reader *r, char close, gboolean *more, GError **error)
{
  char c = next_byte (r);

  *more = c == ',';
  if (c == ',' || c == close)
    {
      r->p++;
      return TRUE;
    }
  refuse (r, error, close == ']' ? "',' or ']' expected" : "',' or '}' expected");
  return FALSE;
}

static GVariant *
read_array (Reader *r, GError **error)
{
  GVariantBuilder b;
  gboolean more;

  if (!enter (r, ']', &more, error))
    return NULL;
  g_variant_builder_init (&b, G_VARIANT_TYPE ("av"));
  while (more)
    {
      GVariant *v = read_value (r, error);

      if (v == NULL || !(g_variant_builder_add (&b, "v", v), after_element (r, ']', &more, error)))
        {
          g_variant_builder_clear (&b);
          return NULL;
        }
    }
  r->depth--;
  return g_variant_builder_end (&b);
}

static GVariant *
read_object (Reader *r, GError **error)
{
  GVariantBuilder b;
  gboolean more;

  if (!enter (r, '}', &more, error))
    return NULL;
  g_variant_builder_init (&b, G_VARIANT_TYPE_VARDICT);
  while (more)
    {
      g_autofree char *key = read_string (r, error);
      GVariant *v = NULL;

      if (key == NULL || !consume (r, ':', "':'", error) || (v = read_value (r, error)) == NULL ||
          !(g_variant_builder_add (&b, "{sv}", key, v), after_element (r, '}', &more, error)))
        {
          g_variant_builder_clear (&b);
          return NULL;
        }
    }
  r->depth--;
  return g_variant_builder_end (&b);
}

/* ------------------------------------------------------------- values */

/* true, false or null */
static GVariant *
read_word (Reader *r, GError **error)
{
  static const char *const words[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      gsize n = strlen (words[i]);

      if ((gsize) (r->end - r->p) >= n && memcmp (r->p, words[i], n) == 0)
        {
          r->p += n;
          return i < 2 ? g_variant_new_boolean (i == 0) : g_variant_new_maybe (G_VARIANT_TYPE_VARIANT, NULL);
        }
    }
  refuse (r, error, "a value expected");
  return NULL;
}

/* one value, floating */
static GVariant *
read_value (Reader *r, GError **error)
{
  char *s;

  switch (next_byte (r))
    {
    case '{':
      return read_object (r, error);
    case '[':
      return read_array (r, error);
    case '"':
      s = read_string (r, error);
      return s != NULL ? g_variant_new_take_string (s) : NULL;
    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return read_number (r, error);
    default:
      return read_word (r, error);
    }
}

GVariant *
mlp_json_parse (const char *text, gssize len, const char *what, GError **error)
{
  Reader r = { text, text, NULL, what != NULL ? what : "JSON", 0 };
  const char *bad = NULL;
  GVariant *doc;

  g_return_val_if_fail (text != NULL, NULL);

  r.end = text + (len < 0 ? strlen (text) : (gsize) len);
  if (!g_utf8_validate (text, r.end - text, &bad))
    {
      r.p = bad;
      refuse (&r, error, "not UTF-8");
      return NULL;
    }
  doc = read_value (&r, error);
  if (doc == NULL)
    return NULL;
  g_variant_ref_sink (doc);
  skip_space (&r);
  if (r.p < r.end)
    {
      refuse (&r, error, "text after the end of the document");
      g_variant_unref (doc);
      return NULL;
    }
  return doc;
}

GArray *
mlp_json_dup_doubles (GVariant *array)
{
  g_autoptr(GArray) out = NULL;
  gsize n;

  if (array == NULL || !g_variant_is_of_type (array, G_VARIANT_TYPE ("av")))
    return NULL;
  n = g_variant_n_children (array);
  out = g_array_sized_new (FALSE, FALSE, sizeof (double), n);
  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) boxed = g_variant_get_child_value (array, i);
      g_autoptr(GVariant) v = g_variant_get_variant (boxed);
      double d;

      if (g_variant_is_of_type (v, G_VARIANT_TYPE_DOUBLE))
        d = g_variant_get_double (v);
      else if (g_variant_is_of_type (v, G_VARIANT_TYPE ("mv")) && g_variant_n_children (v) == 0)
        d = NAN;
      else
        return NULL;
      g_array_append_val (out, d);
    }
  return g_steal_pointer (&out);
}
