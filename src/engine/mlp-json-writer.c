/* mlp-json-writer.c — see mlp-json-writer.h.
 *
 * The writer keeps a stack with one frame per open container, so that it
 * knows before each key or value which separator is due and where a line
 * break goes; everything else is appended to the text as it comes.
 */
#include "mlp-json-writer.h"
#include "mlp-error.h"
#include "mlp-file-private.h"

#include <math.h>

typedef struct {
  char     close;       /* '}' or ']' */
  guint    count;       /* members or elements written so far */
  gboolean multiline;   /* a member went on a line of its own: so does the close */
} Frame;

struct _MlpJsonWriter {
  MlpJsonStyle  style;
  GString      *out;
  GArray       *stack;       /* Frame, innermost last */
  gboolean      after_key;   /* an object member's key is written, its value is due */
  gboolean      complete;    /* the top-level value is written */
};

MlpJsonWriter *
mlp_json_writer_new (MlpJsonStyle style)
{
  MlpJsonWriter *w = g_new0 (MlpJsonWriter, 1);

  w->style = style;
  w->out = g_string_new (NULL);
  w->stack = g_array_new (FALSE, FALSE, sizeof (Frame));
  return w;
}

void
mlp_json_writer_free (MlpJsonWriter *w)
{
  if (w == NULL)
    return;
  g_string_free (w->out, TRUE);
  g_array_unref (w->stack);
  g_free (w);
}

static Frame *
top (MlpJsonWriter *w)
{
  return w->stack->len > 0 ? &g_array_index (w->stack, Frame, w->stack->len - 1) : NULL;
}

/* a line break and the indentation of the current depth (pretty style) */
static void
new_line (MlpJsonWriter *w)
{
  g_string_append_c (w->out, '\n');
  for (guint i = 0; i < w->stack->len; i++)
    g_string_append (w->out, "  ");
}

/* What must come before a value: nothing after a key, a separator between
 * array elements.  FALSE (with a critical) when no value may come here. */
static gboolean
begin_value (MlpJsonWriter *w, gboolean container)
{
  Frame *f = top (w);

  if (f == NULL)
    {
      g_return_val_if_fail (!w->complete, FALSE);   /* one top-level value */
      return TRUE;
    }
  if (f->close == '}')
    {
      g_return_val_if_fail (w->after_key, FALSE);   /* a key first */
      w->after_key = FALSE;
      return TRUE;
    }
  if (f->count > 0)
    g_string_append (w->out, w->style == MLP_JSON_LINE ? ", " : ",");
  if (w->style == MLP_JSON_PRETTY && (container || f->multiline))
    {
      f->multiline = TRUE;
      new_line (w);
    }
  else if (w->style == MLP_JSON_PRETTY && f->count > 0)
    g_string_append_c (w->out, ' ');
  f->count++;
  return TRUE;
}

/* after a whole value: the document may be complete */
static void
end_value (MlpJsonWriter *w)
{
  if (w->stack->len > 0)
    return;
  w->complete = TRUE;
  if (w->style == MLP_JSON_PRETTY)
    g_string_append_c (w->out, '\n');
}

/* s as a JSON string literal; invalid UTF-8 becomes U+FFFD first */
static void
append_string (GString *out, const char *s)
{
  g_autofree char *valid = NULL;

  if (!g_utf8_validate (s, -1, NULL))
    s = valid = g_utf8_make_valid (s, -1);
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
        g_string_append_c (out, (char) c);   /* UTF-8 bytes as they are */
    }
  g_string_append_c (out, '"');
}

/* v as JSON into buf: null unless finite, else the shortest of %.1g …
 * %.<max_digits>g that reads back as v (as a float when is_float: the
 * parsed double rounded to float, which is what a reader that parses
 * doubles and stores float32 gets).  Returns buf. */
static const char *
format_number (char buf[G_ASCII_DTOSTR_BUF_SIZE], double v, guint max_digits, gboolean is_float)
{
  if (!isfinite (v))
    return "null";
  if (v == 0.0 && signbit (v))
    return "-0.0";   /* "-0" reads back as the integer 0 in many parsers (Python's among them) */
  for (guint digits = 1; digits <= max_digits; digits++)
    {
      char format[8];
      double back;

      g_snprintf (format, sizeof format, "%%.%ug", digits);
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, format, v);
      back = g_ascii_strtod (buf, NULL);
      if (is_float ? (float) back == (float) v : back == v)
        break;
    }
  return buf;
}

static void
begin_container (MlpJsonWriter *w, char open, char close)
{
  Frame f = { close, 0, FALSE };

  g_return_if_fail (w != NULL);
  if (!begin_value (w, TRUE))
    return;
  g_string_append_c (w->out, open);
  g_array_append_val (w->stack, f);
}

static void
end_container (MlpJsonWriter *w, char close)
{
  Frame f;

  g_return_if_fail (w != NULL);
  g_return_if_fail (top (w) != NULL && top (w)->close == close);
  g_return_if_fail (!w->after_key);   /* a key without its value */

  f = *top (w);
  g_array_set_size (w->stack, w->stack->len - 1);
  if (f.multiline)
    new_line (w);
  g_string_append_c (w->out, close);
  end_value (w);
}

void mlp_json_writer_begin_object (MlpJsonWriter *w) { begin_container (w, '{', '}'); }
void mlp_json_writer_end_object (MlpJsonWriter *w)   { end_container (w, '}'); }
void mlp_json_writer_begin_array (MlpJsonWriter *w)  { begin_container (w, '[', ']'); }
void mlp_json_writer_end_array (MlpJsonWriter *w)    { end_container (w, ']'); }

void
mlp_json_writer_key (MlpJsonWriter *w, const char *key)
{
  Frame *f;

  g_return_if_fail (w != NULL && key != NULL);
  f = top (w);
  g_return_if_fail (f != NULL && f->close == '}');   /* keys belong in objects */
  g_return_if_fail (!w->after_key);                  /* the last key's value first */

  if (f->count > 0)
    g_string_append (w->out, w->style == MLP_JSON_LINE ? ", " : ",");
  if (w->style == MLP_JSON_PRETTY)
    {
      f->multiline = TRUE;
      new_line (w);
    }
  append_string (w->out, key);
  g_string_append (w->out, w->style == MLP_JSON_COMPACT ? ":" : ": ");
  f->count++;
  w->after_key = TRUE;
}

/* a value whose JSON text is `text` (a number or a literal) */
static void
scalar (MlpJsonWriter *w, const char *text)
{
  g_return_if_fail (w != NULL);
  if (!begin_value (w, FALSE))
    return;
  g_string_append (w->out, text);
  end_value (w);
}

void
mlp_json_writer_string (MlpJsonWriter *w, const char *s)
{
  g_return_if_fail (w != NULL);
  if (s == NULL)
    scalar (w, "null");
  else if (begin_value (w, FALSE))
    {
      append_string (w->out, s);
      end_value (w);
    }
}

void
mlp_json_writer_double (MlpJsonWriter *w, double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  scalar (w, format_number (buf, v, 17, FALSE));
}

void
mlp_json_writer_float (MlpJsonWriter *w, float v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  scalar (w, format_number (buf, v, 9, TRUE));
}

void
mlp_json_writer_int (MlpJsonWriter *w, gint64 v)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, v);
  scalar (w, buf);
}

void
mlp_json_writer_uint (MlpJsonWriter *w, guint64 v)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, v);
  scalar (w, buf);
}

void mlp_json_writer_bool (MlpJsonWriter *w, gboolean v) { scalar (w, v ? "true" : "false"); }
void mlp_json_writer_null (MlpJsonWriter *w)             { scalar (w, "null"); }

/* mlp_json_writer_member_TYPE (w, key, v): the key, then mlp_json_writer_TYPE (w, v) */
#define DEFINE_MEMBER(TYPE, CTYPE)                                              \
  void                                                                          \
  mlp_json_writer_member_##TYPE (MlpJsonWriter *w, const char *key, CTYPE v)    \
  {                                                                             \
    mlp_json_writer_key (w, key);                                               \
    mlp_json_writer_##TYPE (w, v);                                              \
  }

DEFINE_MEMBER (string, const char *)
DEFINE_MEMBER (double, double)
DEFINE_MEMBER (float, float)
DEFINE_MEMBER (int, gint64)
DEFINE_MEMBER (uint, guint64)
DEFINE_MEMBER (bool, gboolean)

/* mlp_json_writer_member_NAME (w, key, v, n): the key, then an array of
 * mlp_json_writer_TYPE (w, v[i]) */
#define DEFINE_MEMBER_ARRAY(NAME, TYPE, CTYPE)                                  \
  void                                                                          \
  mlp_json_writer_member_##NAME (MlpJsonWriter *w, const char *key,             \
                                 const CTYPE *v, gsize n)                       \
  {                                                                             \
    mlp_json_writer_key (w, key);                                               \
    mlp_json_writer_begin_array (w);                                            \
    for (gsize i = 0; i < n; i++)                                               \
      mlp_json_writer_##TYPE (w, v[i]);                                         \
    mlp_json_writer_end_array (w);                                              \
  }

DEFINE_MEMBER_ARRAY (sizes, uint, gsize)
DEFINE_MEMBER_ARRAY (floats, float, float)
DEFINE_MEMBER_ARRAY (doubles, double, double)

gboolean
mlp_json_writer_is_complete (MlpJsonWriter *w)
{
  g_return_val_if_fail (w != NULL, FALSE);
  return w->complete;
}

GString *
mlp_json_writer_steal_string (MlpJsonWriter *w)
{
  GString *out;

  g_return_val_if_fail (w != NULL, NULL);
  g_return_val_if_fail (w->complete, NULL);

  out = w->out;
  w->out = g_string_new (NULL);
  w->complete = FALSE;
  return out;
}

gboolean
mlp_json_writer_save (MlpJsonWriter *w, const char *path, GError **error)
{
  g_autoptr(MlpFileWriter) out = NULL;

  g_return_val_if_fail (w != NULL, FALSE);
  g_return_val_if_fail (w->complete, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* the rules of every file the engine replaces: mlp-file.h */
  out = _mlp_file_writer_new (path, error);
  return out != NULL &&
         _mlp_file_writer_write (out, w->out->str, w->out->len, error) &&
         _mlp_file_writer_commit (out, error);
}
