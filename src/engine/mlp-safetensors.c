/* mlp-safetensors.c — the state dict and the safetensors checkpoint format.
 *
 * A checkpoint is what PyTorch's safetensors writes: an 8-byte little-endian
 * header length N, N bytes of JSON (padded with spaces), then the tensors' raw
 * little-endian bytes, each tensor at the [begin, end) offsets its header entry
 * names, counted from the first byte after the header.
 *
 * Everything in a file we read is untrusted.  The header length is checked
 * against the file before anything is parsed; the JSON is read by a small,
 * strict recursive-descent parser that knows the header's grammar (an object of
 * tensor entries plus "__metadata__"), never looks past the buffer, and guards
 * the only recursion (skipping members it does not know) with a depth limit;
 * shapes are checked against offsets with overflow checks before anything is
 * allocated; tensors may not overlap nor reach past the end of the file.  We
 * are more lenient than the reference implementation in one way: gaps between
 * tensors and trailing bytes are allowed.
 *
 * We write F32 only, and read F32, F64, F16 and BF16 (converted to float32).
 * Saving goes to a temporary file in the target's folder, is fsync()ed, then
 * renamed over the target, so a crash leaves either the old checkpoint or the
 * new one, never half of one.
 */
#include "mlp-safetensors.h"
#include "mlp-error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#define HEADER_MAX_BYTES  ((guint64) 100000000)   /* the reference implementation's limit */
#define FILE_MAX_BYTES    ((guint64) 4 << 30)     /* 4 GiB: far beyond any MLP of the chapter */
#define JSON_MAX_DEPTH    64                      /* nesting allowed inside members we skip */
#define METADATA_KEY      "__metadata__"
#define WRITE_CHUNK       (64 * 1024)             /* bytes staged per write(2) when saving */

/* ---------------------------------------------------------------------------
 * The state dict
 * ------------------------------------------------------------------------- */

MlpStateDict *
mlp_state_dict_new (void)
{
  MlpStateDict *sd = g_new0 (MlpStateDict, 1);

  sd->names = g_ptr_array_new_with_free_func (g_free);
  sd->tensors = g_ptr_array_new_with_free_func ((GDestroyNotify) mlp_tensor_unref);
  sd->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return sd;
}

void
mlp_state_dict_free (MlpStateDict *sd)
{
  if (sd == NULL)
    return;
  g_ptr_array_unref (sd->names);
  g_ptr_array_unref (sd->tensors);
  g_hash_table_unref (sd->metadata);
  g_free (sd);
}

static gint
state_dict_index (MlpStateDict *sd, const char *name)
{
  for (guint i = 0; i < sd->names->len; i++)
    if (strcmp (sd->names->pdata[i], name) == 0)
      return (gint) i;
  return -1;
}

/* Like a Python dict: a name added twice keeps its first position and gets
 * the newer tensor. */
void
mlp_state_dict_add (MlpStateDict *sd, const char *name, MlpTensor *t)
{
  gint i;

  g_return_if_fail (sd != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (t != NULL);

  i = state_dict_index (sd, name);
  if (i >= 0)
    {
      MlpTensor *old = sd->tensors->pdata[i];

      sd->tensors->pdata[i] = mlp_tensor_ref (t);   /* before the unref: t may be old */
      mlp_tensor_unref (old);
      return;
    }
  g_ptr_array_add (sd->names, g_strdup (name));
  g_ptr_array_add (sd->tensors, mlp_tensor_ref (t));
}

MlpTensor *
mlp_state_dict_lookup (MlpStateDict *sd, const char *name)
{
  gint i;

  g_return_val_if_fail (sd != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  i = state_dict_index (sd, name);
  return i >= 0 ? sd->tensors->pdata[i] : NULL;
}

/* ---------------------------------------------------------------------------
 * Dtypes
 * ------------------------------------------------------------------------- */

typedef enum {
  DTYPE_F32,
  DTYPE_F64,
  DTYPE_F16,
  DTYPE_BF16,
} Dtype;

static const struct {
  const char *name;   /* as spelled in the header */
  guint       size;   /* bytes per element */
} dtypes[] = {
  [DTYPE_F32]  = { "F32",  4 },
  [DTYPE_F64]  = { "F64",  8 },
  [DTYPE_F16]  = { "F16",  2 },
  [DTYPE_BF16] = { "BF16", 2 },
};

static gboolean
dtype_from_name (const char *name, Dtype *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (dtypes); i++)
    if (strcmp (dtypes[i].name, name) == 0)
      {
        *out = (Dtype) i;
        return TRUE;
      }
  return FALSE;
}

static float
float_from_bits (guint32 bits)
{
  float f;

  memcpy (&f, &bits, sizeof f);
  return f;
}

/* IEEE half: 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits */
static float
half_to_float (guint16 h)
{
  guint32 sign = (guint32) (h & 0x8000) << 16;
  guint32 exponent = (h >> 10) & 0x1f;
  guint32 mantissa = h & 0x3ff;

  if (exponent == 0)          /* zero or subnormal: mantissa × 2^-24, exact in float */
    {
      float f = (float) mantissa * (1.0f / 16777216.0f);
      return sign ? -f : f;
    }
  if (exponent == 31)         /* infinity or NaN */
    return float_from_bits (sign | 0x7f800000u | (mantissa << 13));
  return float_from_bits (sign | ((exponent + 127 - 15) << 23) | (mantissa << 13));
}

/* n elements of dtype at src (little-endian, any alignment) → float32 */
static void
convert_to_float (Dtype dtype, const guint8 *src, gsize n, float *dst)
{
  for (gsize i = 0; i < n; i++)
    {
      switch (dtype)
        {
        case DTYPE_F32:
          {
            guint32 v;
            memcpy (&v, src + 4 * i, 4);
            dst[i] = float_from_bits (GUINT32_FROM_LE (v));
          }
          break;
        case DTYPE_F64:
          {
            guint64 v;
            double d;
            memcpy (&v, src + 8 * i, 8);
            v = GUINT64_FROM_LE (v);
            memcpy (&d, &v, 8);
            dst[i] = (float) d;
          }
          break;
        case DTYPE_F16:
          {
            guint16 v;
            memcpy (&v, src + 2 * i, 2);
            dst[i] = half_to_float (GUINT16_FROM_LE (v));
          }
          break;
        case DTYPE_BF16:          /* the top half of a float32 */
          {
            guint16 v;
            memcpy (&v, src + 2 * i, 2);
            dst[i] = float_from_bits ((guint32) GUINT16_FROM_LE (v) << 16);
          }
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

/* ---------------------------------------------------------------------------
 * The header's JSON
 *
 *   header   = ws '{' ws [ member (ws ',' ws member)* ] ws '}' ws
 *   member   = string ws ':' ws ( tensor | metadata )
 *   tensor   = '{' "dtype": string, "shape": [uint…], "data_offsets": [uint, uint],
 *              anything else (skipped) '}'
 *   metadata = '{' (string ':' string)* '}'
 *
 * The whole header is checked to be UTF-8 without NUL bytes first, so peek()
 * can use '\0' for "end of header".
 * ------------------------------------------------------------------------- */

typedef struct {
  const char *text;    /* the header, not NUL-terminated */
  gsize       len;
  gsize       pos;     /* next byte to read */
  const char *what;    /* names the source in messages */
} JsonParser;

/* what the header says about one tensor */
typedef struct {
  char    *name;
  Dtype    dtype;
  guint    ndim;
  guint64  shape[MLP_MAX_DIMS];
  guint64  begin, end;           /* data_offsets, relative to the data part */
  guint    index;                /* position in the header, to keep sorting stable */
} TensorEntry;

static void
tensor_entry_clear (gpointer p)
{
  TensorEntry *e = p;

  g_free (e->name);
}

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
      if (c != '\\')
        {
          g_string_append_c (s, c);    /* UTF-8 was validated beforehand */
          j->pos++;
          continue;
        }

      j->pos++;                        /* the backslash */
      c = peek (j);
      j->pos++;
      switch (c)
        {
        case '"':  g_string_append_c (s, '"');  break;
        case '\\': g_string_append_c (s, '\\'); break;
        case '/':  g_string_append_c (s, '/');  break;
        case 'b':  g_string_append_c (s, '\b'); break;
        case 'f':  g_string_append_c (s, '\f'); break;
        case 'n':  g_string_append_c (s, '\n'); break;
        case 'r':  g_string_append_c (s, '\r'); break;
        case 't':  g_string_append_c (s, '\t'); break;
        case 'u':
          {
            gunichar u = 0, low = 0;

            if (!parse_hex4 (j, &u, error))
              return NULL;
            if (u >= 0xdc00 && u <= 0xdfff)
              {
                json_error (j, error, "\\u%04X is the second half of a surrogate pair without a first", u);
                return NULL;
              }
            if (u >= 0xd800 && u <= 0xdbff)
              {
                /* UTF-16 surrogate pair: \uD83D\uDE00 is U+1F600 */
                if (peek (j) != '\\' || j->pos + 1 >= j->len || j->text[j->pos + 1] != 'u')
                  {
                    json_error (j, error, "\\u%04X must be followed by a second \\u escape (a surrogate pair)", u);
                    return NULL;
                  }
                j->pos += 2;
                if (!parse_hex4 (j, &low, error))
                  return NULL;
                if (low < 0xdc00 || low > 0xdfff)
                  {
                    json_error (j, error, "\\u%04X\\u%04X is not a valid surrogate pair", u, low);
                    return NULL;
                  }
                u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
              }
            if (u == 0)
              {
                json_error (j, error, "\\u0000 (a NUL character) is not allowed");
                return NULL;
              }
            g_string_append_unichar (s, u);
          }
          break;
        default:
          j->pos--;
          if (c == '\0')
            json_error (j, error, "a string ends in the middle of an escape");
          else if (g_ascii_isgraph (c))
            json_error (j, error, "'\\%c' is not a JSON escape", c);
          else
            json_error (j, error, "a backslash followed by byte 0x%02x is not a JSON escape", (guint8) c);
          return NULL;
        }
    }
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
  skip_ws (j);
  switch (peek (j))
    {
    case '{':
    case '[':
      {
        char close = peek (j) == '{' ? '}' : ']';

        if (depth >= JSON_MAX_DEPTH)
          {
            g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                         "%s: the header nests JSON deeper than %d levels",
                         j->what, JSON_MAX_DEPTH);
            return FALSE;
          }
        j->pos++;
        skip_ws (j);
        if (peek (j) == close)
          {
            j->pos++;
            return TRUE;
          }
        for (;;)
          {
            if (close == '}')
              {
                g_autofree char *key = NULL;

                skip_ws (j);
                key = parse_string (j, error);
                if (key == NULL || !expect_char (j, ':', "':'", error))
                  return FALSE;
              }
            if (!skip_value (j, depth + 1, error))
              return FALSE;
            skip_ws (j);
            if (peek (j) == close)
              {
                j->pos++;
                return TRUE;
              }
            if (peek (j) != ',')
              return json_unexpected (j, error, close == '}' ? "',' or '}'" : "',' or ']'");
            j->pos++;
          }
      }
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
      {
        gboolean is_uint;
        guint64 v;

        if (peek (j) == '-' || g_ascii_isdigit (peek (j)))
          return parse_number (j, &is_uint, &v, error);
        return json_unexpected (j, error, "a JSON value");
      }
    }
}

/* [uint, …] for "shape" and "data_offsets"; keeps the first `max` values
 * and counts them all in *n. */
static gboolean
parse_uint_array (JsonParser *j, const char *tensor, const char *field,
                  guint64 *out, guint max, guint *n, GError **error)
{
  *n = 0;
  skip_ws (j);
  if (peek (j) != '[')
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: %s of tensor '%s' is not a list of integers", j->what, field, tensor);
      return FALSE;
    }
  j->pos++;
  skip_ws (j);
  if (peek (j) == ']')
    {
      j->pos++;
      return TRUE;
    }
  for (;;)
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
      skip_ws (j);
      if (peek (j) == ']')
        {
          j->pos++;
          return TRUE;
        }
      if (peek (j) != ',')
        return json_unexpected (j, error, "',' or ']'");
      j->pos++;
    }
}

/* The value of "__metadata__": an object of strings. */
static gboolean
parse_metadata (JsonParser *j, GHashTable *metadata, GError **error)
{
  skip_ws (j);
  if (peek (j) != '{')
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: \"%s\" is not an object of strings", j->what, METADATA_KEY);
      return FALSE;
    }
  j->pos++;
  skip_ws (j);
  if (peek (j) == '}')
    {
      j->pos++;
      return TRUE;
    }
  for (;;)
    {
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      skip_ws (j);
      key = parse_string (j, error);
      if (key == NULL || !expect_char (j, ':', "':'", error))
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

      skip_ws (j);
      if (peek (j) == '}')
        {
          j->pos++;
          return TRUE;
        }
      if (peek (j) != ',')
        return json_unexpected (j, error, "',' or '}'");
      j->pos++;
    }
}

/* Checks one tensor entry's fields against each other (not yet against the
 * file): dtype known, at most MLP_MAX_DIMS dimensions, the shape's bytes equal
 * to the span of data_offsets. */
static gboolean
check_entry (JsonParser *j, TensorEntry *e, const char *dtype, guint n_offsets,
             GError **error)
{
  guint64 numel = 1, nonzero = 1, bytes;
  g_autoptr(GString) shape = g_string_new ("(");

  if (!dtype_from_name (dtype, &e->dtype))
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
  for (guint d = 0; d < e->ndim; d++)
    {
      g_string_append_printf (shape, "%s%" G_GUINT64_FORMAT, d > 0 ? ", " : "", e->shape[d]);
      if (e->shape[d] == 0)
        {
          numel = 0;
          continue;
        }
      if (nonzero > (guint64) (G_MAXSIZE / sizeof (float)) / e->shape[d])
        {
          g_string_append (shape, e->ndim == 1 ? ",)" : ")");
          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                       "%s: tensor '%s' has an impossibly large shape %s",
                       j->what, e->name, shape->str);
          return FALSE;
        }
      nonzero *= e->shape[d];
      numel = numel == 0 ? 0 : nonzero;
    }
  g_string_append (shape, e->ndim == 1 ? ",)" : ")");

  if (numel > G_MAXUINT64 / dtypes[e->dtype].size)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: tensor '%s' has an impossibly large shape %s", j->what, e->name, shape->str);
      return FALSE;
    }
  bytes = numel * dtypes[e->dtype].size;
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

/* The value of a tensor's member, pos before the '{'; fills e except name/index. */
static gboolean
parse_tensor_entry (JsonParser *j, TensorEntry *e, GError **error)
{
  g_autofree char *dtype = NULL;
  gboolean have_shape = FALSE, have_offsets = FALSE;
  guint64 offsets[2] = { 0, 0 };
  guint n_offsets = 0;

  skip_ws (j);
  if (peek (j) != '{')
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: the entry of tensor '%s' is not an object {\"dtype\", \"shape\", \"data_offsets\"}",
                   j->what, e->name);
      return FALSE;
    }
  j->pos++;
  skip_ws (j);
  if (peek (j) != '}')
    for (;;)
      {
        g_autofree char *key = NULL;

        skip_ws (j);
        key = parse_string (j, error);
        if (key == NULL || !expect_char (j, ':', "':'", error))
          return FALSE;

        if ((strcmp (key, "dtype") == 0 && dtype != NULL) ||
            (strcmp (key, "shape") == 0 && have_shape) ||
            (strcmp (key, "data_offsets") == 0 && have_offsets))
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
            dtype = parse_string (j, error);
            if (dtype == NULL)
              return FALSE;
          }
        else if (strcmp (key, "shape") == 0)
          {
            if (!parse_uint_array (j, e->name, "shape", e->shape, MLP_MAX_DIMS, &e->ndim, error))
              return FALSE;
            have_shape = TRUE;
          }
        else if (strcmp (key, "data_offsets") == 0)
          {
            if (!parse_uint_array (j, e->name, "data_offsets", offsets, 2, &n_offsets, error))
              return FALSE;
            have_offsets = TRUE;
          }
        else if (!skip_value (j, 2, error))
          return FALSE;

        skip_ws (j);
        if (peek (j) == '}')
          break;
        if (peek (j) != ',')
          return json_unexpected (j, error, "',' or '}'");
        j->pos++;
      }
  j->pos++;   /* the '}' */

  if (dtype == NULL || !have_shape || !have_offsets)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, "%s: tensor '%s' has no \"%s\"",
                   j->what, e->name, dtype == NULL ? "dtype" : !have_shape ? "shape" : "data_offsets");
      return FALSE;
    }
  e->begin = offsets[0];
  e->end = offsets[1];
  return check_entry (j, e, dtype, n_offsets, error);
}

/* The whole header: fills entries (in header order) and metadata. */
static gboolean
parse_header (JsonParser *j, GArray *entries, GHashTable *metadata, GError **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  gboolean have_metadata = FALSE;

  skip_ws (j);
  if (peek (j) != '{')
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: the header is not a JSON object%s", j->what,
                   peek (j) == '\0' ? " (it is empty)" : "");
      return FALSE;
    }
  j->pos++;
  skip_ws (j);
  if (peek (j) != '}')
    for (;;)
      {
        g_autofree char *key = NULL;

        skip_ws (j);
        key = parse_string (j, error);
        if (key == NULL || !expect_char (j, ':', "':'", error))
          return FALSE;

        if (strcmp (key, METADATA_KEY) == 0)
          {
            if (have_metadata)
              {
                g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                             "%s: the header has \"%s\" twice", j->what, METADATA_KEY);
                return FALSE;
              }
            if (!parse_metadata (j, metadata, error))
              return FALSE;
            have_metadata = TRUE;
          }
        else
          {
            TensorEntry e = { 0 };

            if (g_hash_table_contains (seen, key))
              {
                g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                             "%s: the header has tensor '%s' twice", j->what, key);
                return FALSE;
              }
            e.name = g_steal_pointer (&key);
            e.index = entries->len;
            if (!parse_tensor_entry (j, &e, error))
              {
                tensor_entry_clear (&e);
                return FALSE;
              }
            g_array_append_val (entries, e);
            g_hash_table_add (seen, e.name);
          }

        skip_ws (j);
        if (peek (j) == '}')
          break;
        if (peek (j) != ',')
          return json_unexpected (j, error, "',' or '}'");
        j->pos++;
        skip_ws (j);
        if (peek (j) == '}')
          return json_error (j, error, "a ',' before '}' (trailing comma)");
      }
  j->pos++;   /* the '}' */

  skip_ws (j);
  if (j->pos != j->len)
    return json_error (j, error, "there is more after the header's closing '}'");
  return TRUE;
}

static gint
compare_entries (gconstpointer a, gconstpointer b)
{
  const TensorEntry *x = a, *y = b;

  if (x->begin != y->begin)
    return x->begin < y->begin ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

MlpStateDict *
mlp_safetensors_parse (const guint8 *bytes, gsize len, const char *what, GError **error)
{
  g_autoptr(MlpStateDict) sd = NULL;
  g_autoptr(GArray) entries = NULL;
  JsonParser j = { 0 };
  const guint8 *data;
  guint64 header_len, data_len, prev_end = 0;
  const char *prev_name = NULL;

  g_return_val_if_fail (bytes != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  if (what == NULL)
    what = "safetensors data";

  if (len < 8)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: the file has %" G_GSIZE_FORMAT " bytes, too few for a safetensors file "
                   "(which starts with an 8-byte header length)", what, len);
      return NULL;
    }
  memcpy (&header_len, bytes, 8);
  header_len = GUINT64_FROM_LE (header_len);
  if (header_len > HEADER_MAX_BYTES)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: the header says it is %" G_GUINT64_FORMAT " bytes long, more than the "
                   "%" G_GUINT64_FORMAT " a safetensors header may have (is this a safetensors file?)",
                   what, header_len, HEADER_MAX_BYTES);
      return NULL;
    }
  if (header_len > len - 8)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: the header says it is %" G_GUINT64_FORMAT " bytes long but the file has only "
                   "%" G_GSIZE_FORMAT " bytes (is it truncated?)", what, header_len, len);
      return NULL;
    }

  j.text = (const char *) bytes + 8;
  j.len = (gsize) header_len;
  j.what = what;
  if (!g_utf8_validate (j.text, (gssize) j.len, NULL))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: the header is not UTF-8 text (is this a safetensors file?)", what);
      return NULL;
    }

  sd = mlp_state_dict_new ();
  entries = g_array_new (FALSE, TRUE, sizeof (TensorEntry));
  g_array_set_clear_func (entries, tensor_entry_clear);
  if (!parse_header (&j, entries, sd->metadata, error))
    return NULL;

  /* In the order of the data: no overlap, nothing past the end. */
  data = bytes + 8 + header_len;
  data_len = len - 8 - header_len;
  g_array_sort (entries, compare_entries);
  for (guint i = 0; i < entries->len; i++)
    {
      TensorEntry *e = &g_array_index (entries, TensorEntry, i);

      if (e->end > data_len)
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                       "%s: tensor '%s' has data_offsets [%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT "] "
                       "but the file has only %" G_GUINT64_FORMAT " bytes of data (is it truncated?)",
                       what, e->name, e->begin, e->end, data_len);
          return NULL;
        }
      if (e->begin < prev_end)
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                       "%s: tensors '%s' and '%s' overlap (the first ends at byte %" G_GUINT64_FORMAT
                       ", the second begins at %" G_GUINT64_FORMAT ")",
                       what, prev_name, e->name, prev_end, e->begin);
          return NULL;
        }
      if (e->end > e->begin)
        {
          prev_end = e->end;
          prev_name = e->name;
        }
    }

  for (guint i = 0; i < entries->len; i++)
    {
      TensorEntry *e = &g_array_index (entries, TensorEntry, i);
      gsize shape[MLP_MAX_DIMS];
      MlpTensor *t;

      for (guint d = 0; d < e->ndim; d++)
        shape[d] = (gsize) e->shape[d];
      t = mlp_tensor_new (e->ndim, shape);
      convert_to_float (e->dtype, data + e->begin, t->numel, t->data);
      mlp_tensor_set_name (t, e->name);
      g_ptr_array_add (sd->names, g_steal_pointer (&e->name));
      g_ptr_array_add (sd->tensors, t);
    }
  return g_steal_pointer (&sd);
}

/* ---------------------------------------------------------------------------
 * Loading
 * ------------------------------------------------------------------------- */

MlpStateDict *
mlp_safetensors_load (const char *path, GError **error)
{
  g_autofree char *display = NULL;
  g_autofree guint8 *bytes = NULL;
  struct stat st;
  gsize size, got = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display = g_filename_display_name (path);
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, MLP_ERROR,
                   saved_errno == ENOENT ? MLP_ERROR_NOT_FOUND : MLP_ERROR_IO,
                   "%s: could not open: %s", display, g_strerror (saved_errno));
      return NULL;
    }
  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      g_close (fd, NULL);
      g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "%s: could not read: %s",
                   display, g_strerror (saved_errno));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_close (fd, NULL);
      g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "%s: is not a regular file%s",
                   display, S_ISDIR (st.st_mode) ? " but a folder" : "");
      return NULL;
    }
  if ((guint64) st.st_size > FILE_MAX_BYTES || (guint64) st.st_size > G_MAXSIZE)
    {
      g_close (fd, NULL);
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: the file has %" G_GUINT64_FORMAT " bytes; MLP Lab reads checkpoints of up to 4 GiB",
                   display, (guint64) st.st_size);
      return NULL;
    }

  /* read until end of file: a file that changed size since fstat() is caught
   * by the parser's checks against the bytes we actually got */
  size = (gsize) st.st_size;
  bytes = g_malloc (size + 1);
  for (;;)
    {
      gssize n = read (fd, bytes + got, size + 1 - got);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_close (fd, NULL);
          g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "%s: could not read: %s",
                       display, g_strerror (saved_errno));
          return NULL;
        }
      if (n == 0)
        break;
      got += (gsize) n;
      if (got > size)
        {
          g_close (fd, NULL);
          g_set_error (error, MLP_ERROR, MLP_ERROR_IO,
                       "%s: the file grew while it was being read", display);
          return NULL;
        }
    }
  g_close (fd, NULL);

  return mlp_safetensors_parse (bytes, got, display, error);
}

/* ---------------------------------------------------------------------------
 * Saving
 * ------------------------------------------------------------------------- */

static int
compare_strings (const void *a, const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* a JSON string literal for UTF-8 text s */
static void
append_json_string (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  for (const char *p = s; *p != '\0'; p++)
    {
      guint8 c = (guint8) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, (char) c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

/* write(2) all of buf, retrying short writes */
static gboolean
write_all (int fd, const void *buf, gsize len, int *saved_errno)
{
  const guint8 *p = buf;

  while (len > 0)
    {
      gssize n = write (fd, p, MIN (len, (gsize) G_MAXSSIZE));

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          *saved_errno = errno;
          return FALSE;
        }
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* The header as PyTorch's safetensors writes it: compact JSON, "__metadata__"
 * first, tensors in data order, padded with spaces to a multiple of 8 bytes
 * so that the data starts 8-aligned.  Checks names and metadata. */
static GString *
build_header (MlpStateDict *sd, const char *display, GError **error)
{
  g_autoptr(GString) header = g_string_new ("{");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint64 offset = 0;

  if (g_hash_table_size (sd->metadata) > 0)
    {
      g_autofree gpointer *keys = g_hash_table_get_keys_as_array (sd->metadata, NULL);
      guint n = g_hash_table_size (sd->metadata);

      /* sorted, so that the same state gives the same file */
      qsort (keys, n, sizeof (gpointer), compare_strings);
      append_json_string (header, METADATA_KEY);
      g_string_append (header, ":{");
      for (guint i = 0; i < n; i++)
        {
          const char *value = g_hash_table_lookup (sd->metadata, keys[i]);

          if (!g_utf8_validate (keys[i], -1, NULL) || !g_utf8_validate (value, -1, NULL))
            {
              g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                           "%s: metadata must be UTF-8 text", display);
              return NULL;
            }
          if (i > 0)
            g_string_append_c (header, ',');
          append_json_string (header, keys[i]);
          g_string_append_c (header, ':');
          append_json_string (header, value);
        }
      g_string_append (header, "},");
    }

  for (guint i = 0; i < sd->names->len; i++)
    {
      const char *name = sd->names->pdata[i];
      MlpTensor *t = sd->tensors->pdata[i];
      guint64 bytes = (guint64) t->numel * sizeof (float);

      if (!g_utf8_validate (name, -1, NULL))
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                       "%s: tensor name '%s' is not UTF-8 text", display, name);
          return NULL;
        }
      if (strcmp (name, METADATA_KEY) == 0 || !g_hash_table_add (seen, (gpointer) name))
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                       "%s: cannot save two tensors named '%s'%s", display, name,
                       strcmp (name, METADATA_KEY) == 0 ? " (the name is reserved)" : "");
          return NULL;
        }
      append_json_string (header, name);
      g_string_append (header, ":{\"dtype\":\"F32\",\"shape\":[");
      for (guint d = 0; d < t->ndim; d++)
        g_string_append_printf (header, "%s%" G_GSIZE_FORMAT, d > 0 ? "," : "", t->shape[d]);
      g_string_append_printf (header, "],\"data_offsets\":[%" G_GUINT64_FORMAT ",%" G_GUINT64_FORMAT "]},",
                              offset, offset + bytes);
      offset += bytes;
    }
  if (header->len > 1)
    g_string_truncate (header, header->len - 1);   /* the last ',' */
  g_string_append_c (header, '}');
  while (header->len % 8 != 0)
    g_string_append_c (header, ' ');
  return g_steal_pointer (&header);
}

static gboolean
write_tensors (int fd, MlpStateDict *sd, int *saved_errno)
{
  g_autofree guint32 *chunk = g_new (guint32, WRITE_CHUNK / sizeof (guint32));

  for (guint i = 0; i < sd->tensors->len; i++)
    {
      MlpTensor *t = sd->tensors->pdata[i];

      for (gsize start = 0; start < t->numel; start += WRITE_CHUNK / sizeof (guint32))
        {
          gsize n = MIN (t->numel - start, WRITE_CHUNK / sizeof (guint32));

          /* float32 bits in little-endian order, whatever the machine's */
          memcpy (chunk, t->data + start, n * sizeof (guint32));
          for (gsize k = 0; k < n; k++)
            chunk[k] = GUINT32_TO_LE (chunk[k]);
          if (!write_all (fd, chunk, n * sizeof (guint32), saved_errno))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
mlp_safetensors_save (const char *path, MlpStateDict *sd, GError **error)
{
  g_autofree char *display = NULL;
  g_autofree char *tmp_path = NULL;
  g_autoptr(GString) header = NULL;
  guint64 header_len;
  int fd, saved_errno = 0;
  const char *doing;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (sd != NULL, FALSE);
  g_return_val_if_fail (sd->names->len == sd->tensors->len, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (path);
  header = build_header (sd, display, error);
  if (header == NULL)
    return FALSE;

  /* the temporary file must be in the same folder for rename() to be atomic */
  tmp_path = g_strdup_printf ("%s.XXXXXX", path);
  fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      saved_errno = errno;
      g_set_error (error, MLP_ERROR, MLP_ERROR_IO,
                   "%s: could not create a file in its folder: %s", display, g_strerror (saved_errno));
      return FALSE;
    }

  header_len = GUINT64_TO_LE ((guint64) header->len);
  doing = "write";
  if (!write_all (fd, &header_len, 8, &saved_errno) ||
      !write_all (fd, header->str, header->len, &saved_errno) ||
      !write_tensors (fd, sd, &saved_errno))
    goto fail;
  doing = "flush";
  if (fsync (fd) != 0)
    {
      saved_errno = errno;
      goto fail;
    }
  doing = "write";
  if (close (fd) != 0)
    {
      saved_errno = errno;
      fd = -1;
      goto fail;
    }
  fd = -1;
  doing = "replace";
  if (g_rename (tmp_path, path) != 0)
    {
      saved_errno = errno;
      goto fail;
    }
  return TRUE;

fail:
  if (fd >= 0)
    close (fd);
  g_unlink (tmp_path);
  g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "%s: could not %s: %s",
               display, doing, g_strerror (saved_errno));
  return FALSE;
}
