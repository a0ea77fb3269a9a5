/* cli-common.c — shared helpers for the mlplab-cli subcommands. */
#include "cli-common.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "mlp-error.h"

gboolean
cli_parse (int *argc, char ***argv, const char *command, const char *parameter,
           const char *summary, const GOptionEntry *entries, int *status)
{
  g_autoptr(GOptionContext) ctx = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;
  g_autofree char *prgname = g_strdup_printf ("mlplab-cli %s", command);

  g_set_prgname (prgname);
  /* the summary and the entries are N_() strings: GLib looks them up here */
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_set_summary (ctx, summary);
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, argc, argv, &error))
    {
      /* Translators: %s is GLib's message about the command line */
      *status = cli_usage_error (command, _("%s (see --help)"), error->message);
      return FALSE;
    }
  if (*argc > 1)
    {
      *status = cli_usage_error (command, _("unexpected argument '%s' (see --help)"), (*argv)[1]);
      return FALSE;
    }
  return TRUE;
}

int
cli_fail (const char *command, const GError *error)
{
  g_printerr ("mlplab-cli %s: %s\n", command, error->message);
  return g_error_matches (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT) ? 2 : 1;
}

int
cli_usage_error (const char *command, const char *format, ...)
{
  g_autofree char *message = NULL;
  va_list ap;

  va_start (ap, format);
  message = g_strdup_vprintf (format, ap);
  va_end (ap);
  if (command != NULL)
    g_printerr ("mlplab-cli %s: %s\n", command, message);
  else
    g_printerr ("mlplab-cli: %s\n", message);
  return 2;
}

gboolean
cli_parse_doubles (const char *text, const char *what, double lo, double hi,
                   GArray **out, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);
  g_autoptr(GArray) values = g_array_new (FALSE, FALSE, sizeof (double));

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *end = NULL;
      const char *s = g_strstrip (parts[i]);
      double v = g_ascii_strtod (s, &end);

      if (*s == '\0' || end == s || *end != '\0' || !isfinite (v) || v < lo || v > hi)
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                       /* Translators: the first %s is an option such as --alpha */
                       _("%s: '%s' is not a number in [%g, %g]"), what, s, lo, hi);
          return FALSE;
        }
      g_array_append_val (values, v);
    }
  if (values->len == 0 || values->len > 64)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   _("%s: expected 1 … 64 comma-separated values"), what);
      return FALSE;
    }
  *out = g_steal_pointer (&values);
  return TRUE;
}

gboolean
cli_deep_config_set (MlpDeepConfig *c, const char *command, int depth, int width,
                     int batch, gint64 seed, int *status)
{
  if (depth < 1 || width < 1 || batch < 1 || seed < 0)
    {
      *status = cli_usage_error (command, _("depth, width and batch must be at least 1; the seed must not be negative"));
      return FALSE;
    }
  c->depth = (guint) depth;
  c->width = (gsize) width;
  c->batch = (guint) batch;
  c->seed = (guint64) seed;
  return TRUE;
}

void
cli_print_number (double v, const char *format)
{
  if (isnan (v))
    fputs ("nan", stdout);
  else if (isinf (v))
    fputs (v > 0 ? "inf" : "-inf", stdout);
  else
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      fputs (g_ascii_formatd (buf, sizeof buf, format, v), stdout);
    }
}

double
cli_peak_rss_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, "VmHWM:");
  if (line == NULL)
    return -1;
  return g_ascii_strtod (line + 6, NULL) / 1024.0;
}
