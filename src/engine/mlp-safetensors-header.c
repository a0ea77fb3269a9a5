/* mlp-safetensors-header.c — the JSON header of a safetensors file.
 *
 *   header   = ws '{' ws [ member (ws ',' ws member)* ] ws '}' ws
 *   member   = string ws ':' ws ( tensor | metadata )
 *   tensor   = '{' "dtype": string, "shape": [uint…], "data_offsets": [uint, uint],
 *              anything else (skipped) '}'
 *   metadata = '{' (string ':' string)* '}'
 *
 * The header is untrusted.  This is a small, strict recursive-descent parser
 * that knows the header's grammar, never looks past the buffer, and guards
 * the only recursion (skipping members it does not know) with a depth limit.
 * The caller has checked the whole header to be UTF-8 without NUL bytes, so
 * peek() can use '\0' for "end of header".  Every message says where in the
 * header the problem is, because a hand-edited header is the usual culprit.
 */
#include "mlp-safetensors-private.h"
#include "mlp-error.h"

#include <string.h>

#define JSON_MAX_DEPTH  64   /* nesting allowed inside members we skip */

typedef struct {
  const char *text;    /* the header, not NUL-terminated */
  gsize       len;
  gsize       pos;     /* next byte to read */
  const char *what;    /* names the source in messages */
} JsonParser;

void
_mlp_safetensors_entry_clear (gpointer p)
{
  MlpSafetensorsEntry *e = p;

  g_free (e->name);
}

/* ---------------------------------------------------------------------------
 * Reading JSON
 * ------------------------------------------------------------------------- */

static char
peek (JsonParser *j)
{
  return j->pos < j->len ? j->text[j->pos] : '\0';
}

static void
skip_ws (JsonParser *j)
{
  while (j->pos < j->len &&
         (j->text[j->pos] == ' ' || j->text[j->pos] == '\t' ||
          j->text[j->pos] == '\n' || j->text[j->pos] == '\r'))
    j->pos++;
}

/* Malformed JSON: "<what>: the header is not valid JSON (at byte 57): <why>" */
G_GNUC_PRINTF (3, 4)
static gboolean
json_error (JsonParser *j, GError **error, const char *format, ...)
{
  g_autofree char *why = NULL;
  va_list args;

  va_start (args, format);
  why = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
               "%s: the header is not valid JSON (at byte %" G_GSIZE_FORMAT " of the header): %s",
               j->what, j->pos, why);
  return FALSE;
}

/* "unexpected 'x'" or "unexpected end of the header" */
static gboolean
json_unexpected (JsonParser *j, GError **error, const char *expected)
{
  char c = peek (j);

  if (c == '\0')
    return json_error (j, error, "the header ends where %s was expected", expected);
  if (g_ascii_isgraph (c))
    return json_error (j, error, "found '%c' where %s was expected", c, expected);
  return json_error (j, error, "found byte 0x%02x where %s was expected", (guint8) c, expected);
}

static gboolean
expect_char (JsonParser *j, char c, const char *expected, GError **error)
{
  skip_ws (j);
  if (peek (j) != c)
    return json_unexpected (j, error, expected);
  j->pos++;
  return TRUE;
}

/* pos at an opening '{' or '[' (the caller has checked which): steps inside.
 * TRUE when members follow; FALSE for an empty container, which is then
 * stepped over entirely. */
static gboolean
enter_container (JsonParser *j, char close)
{
  j->pos++;
  skip_ws (j);
  if (peek (j) == close)
    {
      j->pos++;
      return FALSE;
    }
  return TRUE;
}

/* After a member: steps over the ',' (*more = TRUE) or the closing bracket
 * (*more = FALSE). */
static gboolean
next_in_container (JsonParser *j, char close, gboolean *more, GError **error)
{
  skip_ws (j);
  if (peek (j) == close)
    {
      j->pos++;
      *more = FALSE;
      return TRUE;
    }
  if (peek (j) != ',')
    return json_unexpected (j, error, close == '}' ? "',' or '}'" : "',' or ']'");
  j->pos++;
  *more = TRUE;
  return TRUE;
}

static gint
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* the 4 hex digits of a \uXXXX escape, pos at the first digit */
static gboolean
parse_hex4 (JsonParser *j, gunichar *out, GError **error)
{
  gunichar v = 0;

  for (guint i = 0; i < 4; i++)
    {
      gint h = hex_value (peek (j));

      if (h < 0)
        return json_error (j, error, "\\u must be followed by 4 hex digits");
      v = v << 4 | (gunichar) h;
      j->pos++;
    }
  *out = v;
  return TRUE;
}

/* The character of a \u escape, pos after the 'u'; a UTF-16 surrogate pair
 * (\uD83D\uDE00 is U+1F600) is read whole. */
static gboolean
parse_unicode_escape (JsonParser *j, gunichar *out, GError **error)
{
  gunichar u = 0, low = 0;

  if (!parse_hex4 (j, &u, error))
    return FALSE;
  if (u >= 0xdc00 && u <= 0xdfff)
    return json_error (j, error, "\\u%04X is the second half of a surrogate pair without a first", u);
  if (u >= 0xd800 && u <= 0xdbff)
    {
      if (peek (j) != '\\' || j->pos + 1 >= j->len || j->text[j->pos + 1] != 'u')
        return json_error (j, error, "\\u%04X must be followed by a second \\u escape (a surrogate pair)", u);
      j->pos += 2;
      if (!parse_hex4 (j, &low, error))
        return FALSE;
      if (low < 0xdc00 || low > 0xdfff)
        return json_error (j, error, "\\u%04X\\u%04X is not a valid surrogate pair", u, low);
      u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
    }
  if (u == 0)
    return json_error (j, error, "\\u0000 (a NUL character) is not allowed");
  *out = u;
  return TRUE;
}

/* One escape, pos after the backslash; appends its character to s. */
static gboolean
parse_escape (JsonParser *j, GString *s, GError **error)
{
  char c = peek (j);
  gunichar u = 0;

  j->pos++;
  switch (c)
    {
    case '"':  g_string_append_c (s, '"');  return TRUE;
    case '\\': g_string_append_c (s, '\\'); return TRUE;
    case '/':  g_string_append_c (s, '/');  return TRUE;
    case 'b':  g_string_append_c (s, '\b'); return TRUE;
    case 'f':  g_string_append_c (s, '\f'); return TRUE;
    case 'n':  g_string_append_c (s, '\n'); return TRUE;
    case 'r':  g_string_append_c (s, '\r'); return TRUE;
    case 't':  g_string_append_c (s, '\t'); return TRUE;
    case 'u':
      if (!parse_unicode_escape (j, &u, error))
        return FALSE;
      g_string_append_unichar (s, u);
      return TRUE;
    default:
      j->pos--;
      if (c == '\0')
        return json_error (j, error, "a string ends in the middle of an escape");
      if (g_ascii_isgraph (c))
        return json_error (j, error, "'\\%c' is not a JSON escape", c);
      return json_error (j, error, "a backslash followed by byte 0x%02x is not a JSON escape", (guint8) c);
    }
}

/* A string, pos at the opening quote.  Returns the decoded UTF-8 text
 * (transfer full) or NULL with error. */
static char *
parse_string (JsonParser *j, GError **error)
{
  g_autoptr(GString) s = g_string_new (NULL);

  if (peek (j) != '"')
    {
      json_unexpected (j, error, "a string in double quotes");
      return NULL;
    }
  j->pos++;
  for (;;)
    {
      char c = peek (j);

      if (c == '\0')
        {
          json_error (j, error, "a string is not terminated");
          return NULL;
        }
      if (c == '"')
        {
          j->pos++;
          return g_string_free (g_steal_pointer (&s), FALSE);
        }
      if ((guint8) c < 0x20)
        {
          json_error (j, error, "control character 0x%02x inside a string", (guint8) c);
          return NULL;
        }
      j->pos++;
      if (c != '\\')
        g_string_append_c (s, c);    /* UTF-8 was validated beforehand */
      else if (!parse_escape (j, s, error))
        return NULL;
    }
}

/* A member's key and the ':' after it; (transfer full) or NULL with error. */
static char *
parse_key (JsonParser *j, GError **error)
{
  g_autofree char *key = NULL;

  skip_ws (j);
  key = parse_string (j, error);
  if (key == NULL || !expect_char (j, ':', "':'", error))
    return NULL;
  return g_steal_pointer (&key);
}

/* A number, pos at its first character, following JSON's grammar
 *   -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
 * *is_uint says whether it is a non-negative integer that fits in 64 bits,
 * *value is then its value. */
static gboolean
parse_number (JsonParser *j, gboolean *is_uint, guint64 *value, GError **error)
{
  gboolean negative = FALSE, fraction = FALSE, exponent = FALSE, overflow = FALSE;
  guint64 v = 0;

  if (peek (j) == '-')
    {
      negative = TRUE;
      j->pos++;
    }
  if (peek (j) == '0')
    {
      j->pos++;
      if (g_ascii_isdigit (peek (j)))
        return json_error (j, error, "numbers may not start with 0");
    }
  else if (g_ascii_isdigit (peek (j)))
    {
      while (g_ascii_isdigit (peek (j)))
        {
          guint d = (guint) (peek (j) - '0');

          if (v > (G_MAXUINT64 - d) / 10)
            overflow = TRUE;
          else
            v = v * 10 + d;
          j->pos++;
        }
    }
  else
    return json_unexpected (j, error, "a number");

  if (peek (j) == '.')
    {
      fraction = TRUE;
      j->pos++;
      if (!g_ascii_isdigit (peek (j)))
        return json_unexpected (j, error, "a digit after the decimal point");
      while (g_ascii_isdigit (peek (j)))
        j->pos++;
    }
  if (peek (j) == 'e' || peek (j) == 'E')
    {
      exponent = TRUE;
      j->pos++;
      if (peek (j) == '+' || peek (j) == '-')
        j->pos++;
      if (!g_ascii_isdigit (peek (j)))
        return json_unexpected (j, error, "a digit in the exponent");
      while (g_ascii_isdigit (peek (j)))
        j->pos++;
    }

  *is_uint = !negative && !fraction && !exponent && !overflow;
  *value = v;
  return TRUE;
}

static gboolean
parse_literal (JsonParser *j, const char *word, GError **error)
{
  gsize n = strlen (word);

  if (j->len - j->pos < n || memcmp (j->text + j->pos, word, n) != 0)
    return json_unexpected (j, error, "a JSON value");
  j->pos += n;
  return TRUE;
}

/* Checks and skips any JSON value (a member of a tensor entry we do not know).
 * depth is the nesting of the value; the recursion stops at JSON_MAX_DEPTH. */
static gboolean
skip_value (JsonParser *j, guint depth, GError **error)
{
  gboolean is_uint, more;
  guint64 v;
  char close;

  skip_ws (j);
  switch (peek (j))
    {
    case '{':
    case '[':
      close = peek (j) == '{' ? '}' : ']';
      if (depth >= JSON_MAX_DEPTH)
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                       "%s: the header nests JSON deeper than %d levels",
                       j->what, JSON_MAX_DEPTH);
          return FALSE;
        }
      more = enter_container (j, close);
      while (more)
        {
          if (close == '}')
            {
              g_autofree char *key = parse_key (j, error);

              if (key == NULL)
                return FALSE;
            }
          if (!skip_value (j, depth + 1, error) ||
              !next_in_container (j, close, &more, error))
            return FALSE;
        }
      return TRUE;
    case '"':
      {
        g_autofree char *s = parse_string (j, error);
        return s != NULL;
      }
    case 't':
      return parse_literal (j, "true", error);
    case 'f':
      return parse_literal (j, "false", error);
    case 'n':
      return parse_literal (j, "null", error);
    default:
      if (peek (j) == '-' || g_ascii_isdigit (peek (j)))
        return parse_number (j, &is_uint, &v, error);
      return json_unexpected (j, error, "a JSON value");
    }
}

/* ---------------------------------------------------------------------------
 * The header's members
 * ------------------------------------------------------------------------- */

/* [uint, …] for "shape" and "data_offsets"; keeps the first `max` values
 * and counts them all in *n. */
static gboolean
parse_uint_array (JsonParser *j, const char *tensor, const char *field,
                  guint64 *out, guint max, guint *n, GError **error)
{
  gboolean more;

  *n = 0;
  skip_ws (j);
  if (peek (j) != '[')
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: %s of tensor '%s' is not a list of integers", j->what, field, tensor);
      return FALSE;
    }
  more = enter_container (j, ']');
  while (more)
    {
      gboolean is_uint;
      guint64 v;

      skip_ws (j);
      if (peek (j) != '-' && !g_ascii_isdigit (peek (j)))
        {
          if (peek (j) == '\0' || peek (j) == ']' || peek (j) == ',')
            return json_unexpected (j, error, "a number");
          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                       "%s: %s of tensor '%s' holds something other than integers",
                       j->what, field, tensor);
          return FALSE;
        }
      if (!parse_number (j, &is_uint, &v, error))
        return FALSE;
      if (!is_uint)
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                       "%s: %s of tensor '%s' holds a negative, fractional or too large number",
                       j->what, field, tensor);
          return FALSE;
        }
      if (*n < max)
        out[*n] = v;
      if (*n < G_MAXUINT)
        (*n)++;
      if (!next_in_container (j, ']', &more, error))
        return FALSE;
    }
  return TRUE;
}

/* The value of "__metadata__": an object of strings. */
static gboolean
parse_metadata (JsonParser *j, GHashTable *metadata, GError **error)
{
  gboolean more;

  skip_ws (j);
  if (peek (j) != '{')
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: \"%s\" is not an object of strings", j->what, MLP_SAFETENSORS_METADATA_KEY);
      return FALSE;
    }
  more = enter_container (j, '}');
  while (more)
    {
      g_autofree char *key = parse_key (j, error);
      g_autofree char *value = NULL;

      if (key == NULL)
        return FALSE;
      skip_ws (j);
      if (peek (j) != '"')
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                       "%s: the metadata value of '%s' is not a string", j->what, key);
          return FALSE;
        }
      value = parse_string (j, error);
      if (value == NULL)
        return FALSE;
      if (g_hash_table_contains (metadata, key))
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                       "%s: the metadata has '%s' twice", j->what, key);
          return FALSE;
        }
      g_hash_table_insert (metadata, g_steal_pointer (&key), g_steal_pointer (&value));
      if (!next_in_container (j, '}', &more, error))
        return FALSE;
    }
  return TRUE;
}

/* Checks one tensor entry's fields against each other (not yet against the
 * file): dtype known, at most MLP_MAX_DIMS dimensions, the shape's bytes equal
 * to the span of data_offsets. */
static gboolean
check_entry (JsonParser *j, MlpSafetensorsEntry *e, const char *dtype, guint n_offsets,
             GError **error)
{
  guint64 numel = 1, nonzero = 1, bytes, size;
  gboolean too_large = FALSE;
  g_autoptr(GString) shape = g_string_new ("(");

  if (!_mlp_safetensors_dtype_from_name (dtype, &e->dtype))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: tensor '%s' has dtype %s; MLP Lab reads F32, F64, F16 and BF16 only",
                   j->what, e->name, dtype);
      return FALSE;
    }
  if (e->ndim > MLP_MAX_DIMS)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: tensor '%s' has %u dimensions; MLP Lab handles at most %d",
                   j->what, e->name, e->ndim, MLP_MAX_DIMS);
      return FALSE;
    }
  if (n_offsets != 2)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: data_offsets of tensor '%s' has %u numbers instead of [begin, end]",
                   j->what, e->name, n_offsets);
      return FALSE;
    }
  if (e->end < e->begin)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: tensor '%s' ends (at %" G_GUINT64_FORMAT ") before it begins (at %" G_GUINT64_FORMAT ")",
                   j->what, e->name, e->end, e->begin);
      return FALSE;
    }

  /* The product of the non-zero dimensions must fit in memory as float32 even
   * when a zero dimension makes the tensor empty: mlp_tensor_new() checks it. */
  size = _mlp_safetensors_dtype_size (e->dtype);
  for (guint d = 0; d < e->ndim && !too_large; d++)
    {
      g_string_append_printf (shape, "%s%" G_GUINT64_FORMAT, d > 0 ? ", " : "", e->shape[d]);
      if (e->shape[d] == 0)
        numel = 0;
      else if (nonzero > (guint64) (G_MAXSIZE / sizeof (float)) / e->shape[d])
        too_large = TRUE;
      else
        {
          nonzero *= e->shape[d];
          numel = numel == 0 ? 0 : nonzero;
        }
    }
  g_string_append (shape, e->ndim == 1 ? ",)" : ")");

  if (too_large || numel > G_MAXUINT64 / size)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: tensor '%s' has an impossibly large shape %s", j->what, e->name, shape->str);
      return FALSE;
    }
  bytes = numel * size;
  if (bytes != e->end - e->begin)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: tensor '%s' has shape %s, %" G_GUINT64_FORMAT " %s values in %" G_GUINT64_FORMAT
                   " bytes, but its data_offsets [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT "] span %" G_GUINT64_FORMAT " bytes",
                   j->what, e->name, shape->str, numel, dtype, bytes,
                   e->begin, e->end, e->end - e->begin);
      return FALSE;
    }
  return TRUE;
}

/* the fields of a tensor entry, as far as they have been read */
typedef struct {
  char     *dtype;          /* owned; NULL until read */
  gboolean  have_shape;
  gboolean  have_offsets;
  guint64   offsets[2];
  guint     n_offsets;
} EntryFields;

/* One member of a tensor entry, pos after its key's ':'. */
static gboolean
parse_entry_member (JsonParser *j, MlpSafetensorsEntry *e, const char *key,
                    EntryFields *f, GError **error)
{
  if ((strcmp (key, "dtype") == 0 && f->dtype != NULL) ||
      (strcmp (key, "shape") == 0 && f->have_shape) ||
      (strcmp (key, "data_offsets") == 0 && f->have_offsets))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: tensor '%s' has \"%s\" twice", j->what, e->name, key);
      return FALSE;
    }
  if (strcmp (key, "dtype") == 0)
    {
      skip_ws (j);
      if (peek (j) != '"')
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                       "%s: dtype of tensor '%s' is not a string", j->what, e->name);
          return FALSE;
        }
      f->dtype = parse_string (j, error);
      return f->dtype != NULL;
    }
  if (strcmp (key, "shape") == 0)
    {
      f->have_shape = TRUE;
      return parse_uint_array (j, e->name, "shape", e->shape, MLP_MAX_DIMS, &e->ndim, error);
    }
  if (strcmp (key, "data_offsets") == 0)
    {
      f->have_offsets = TRUE;
      return parse_uint_array (j, e->name, "data_offsets", f->offsets, 2, &f->n_offsets, error);
    }
  return skip_value (j, 2, error);
}

/* The value of a tensor's member, pos before the '{'; fills e except name/index. */
static gboolean
parse_tensor_entry (JsonParser *j, MlpSafetensorsEntry *e, GError **error)
{
  EntryFields f = { 0 };
  g_autofree char *dtype = NULL;
  gboolean more, ok = TRUE;

  skip_ws (j);
  if (peek (j) != '{')
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: the entry of tensor '%s' is not an object {\"dtype\", \"shape\", \"data_offsets\"}",
                   j->what, e->name);
      return FALSE;
    }
  more = enter_container (j, '}');
  while (more && ok)
    {
      g_autofree char *key = parse_key (j, error);

      ok = key != NULL && parse_entry_member (j, e, key, &f, error) &&
           next_in_container (j, '}', &more, error);
    }
  dtype = g_steal_pointer (&f.dtype);
  if (!ok)
    return FALSE;

  if (dtype == NULL || !f.have_shape || !f.have_offsets)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, "%s: tensor '%s' has no \"%s\"",
                   j->what, e->name, dtype == NULL ? "dtype" : !f.have_shape ? "shape" : "data_offsets");
      return FALSE;
    }
  e->begin = f.offsets[0];
  e->end = f.offsets[1];
  return check_entry (j, e, dtype, f.n_offsets, error);
}

/* One member of the header, pos after its key's ':': the metadata or a tensor. */
static gboolean
parse_header_member (JsonParser *j, char *key, GArray *entries, GHashTable *metadata,
                     GHashTable *seen, gboolean *have_metadata, GError **error)
{
  MlpSafetensorsEntry e = { 0 };

  if (strcmp (key, MLP_SAFETENSORS_METADATA_KEY) == 0)
    {
      g_free (key);
      if (*have_metadata)
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                       "%s: the header has \"%s\" twice", j->what, MLP_SAFETENSORS_METADATA_KEY);
          return FALSE;
        }
      *have_metadata = TRUE;
      return parse_metadata (j, metadata, error);
    }

  e.name = key;
  e.index = entries->len;
  if (g_hash_table_contains (seen, key))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: the header has tensor '%s' twice", j->what, key);
      _mlp_safetensors_entry_clear (&e);
      return FALSE;
    }
  if (!parse_tensor_entry (j, &e, error))
    {
      _mlp_safetensors_entry_clear (&e);
      return FALSE;
    }
  g_array_append_val (entries, e);
  g_hash_table_add (seen, e.name);
  return TRUE;
}

gboolean
_mlp_safetensors_parse_header (const char *text, gsize len, const char *what,
                               GArray *entries, GHashTable *metadata, GError **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);   /* names in entries */
  JsonParser parser = { text, len, 0, what }, *j = &parser;
  gboolean have_metadata = FALSE, more;

  skip_ws (j);
  if (peek (j) != '{')
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: the header is not a JSON object%s", j->what,
                   peek (j) == '\0' ? " (it is empty)" : "");
      return FALSE;
    }
  more = enter_container (j, '}');
  while (more)
    {
      char *key = parse_key (j, error);   /* handed to parse_header_member */

      if (key == NULL ||
          !parse_header_member (j, key, entries, metadata, seen, &have_metadata, error) ||
          !next_in_container (j, '}', &more, error))
        return FALSE;
      skip_ws (j);
      if (more && peek (j) == '}')
        return json_error (j, error, "a ',' before '}' (trailing comma)");
    }

  skip_ws (j);
  if (j->pos != j->len)
    return json_error (j, error, "there is more after the header's closing '}'");
  return TRUE;
}
