/* cli-common.c — shared helpers for the mlplab-cli subcommands. */
#include "cli-common.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "mlp-error.h"
#include "mlp-file.h"

static const char *stdout_command;   /* for the message of close_stdout() */

/* at exit: what is still buffered goes out, and every write to stdout has
 * to have worked, or the exit status says so */
static void
close_stdout (void)
{
  gboolean failed = ferror (stdout) != 0;
  int saved_errno = 0;

  errno = 0;
  if (fflush (stdout) != 0)
    {
      failed = TRUE;
      saved_errno = errno;
    }
  if (fclose (stdout) != 0 && !failed)
    {
      failed = TRUE;
      saved_errno = errno;
    }
  if (!failed)
    return;
  g_printerr ("mlplab-cli%s%s: %s%s%s\n", *stdout_command ? " " : "", stdout_command,
              /* Translators: "mlplab-cli COMMAND: could not write the output: REASON" */
              _("could not write the output"), saved_errno ? ": " : "",
              saved_errno ? g_strerror (saved_errno) : "");
  _exit (1);
}

void
cli_check_stdout_at_exit (const char *command)
{
  static gboolean registered;

  stdout_command = command;
  if (!registered)
    atexit (close_stdout);
  registered = TRUE;
}

gboolean
cli_parse_bytes (const char *text, const char *option, guint64 *out, GError **error)
{
  static const char units[] = "KMGT";
  char *end = NULL;
  guint64 v = 0, scale = 1;
  const char *unit;

  errno = 0;
  if (g_ascii_isdigit (text[0]))
    v = g_ascii_strtoull (text, &end, 10);
  if (end != NULL && *end != '\0' && (unit = strchr (units, g_ascii_toupper (*end))) != NULL)
    {
      scale = (guint64) 1 << (10 * (unit - units + 1));
      end++;
      if (g_ascii_strcasecmp (end, "iB") == 0 || g_ascii_strcasecmp (end, "B") == 0)
        end += strlen (end);
    }
  if (end == NULL || *end != '\0' || v == 0 || v > G_MAXUINT64 / scale || errno == ERANGE)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   /* Translators: %s is an option such as --max-model-bytes, then its value */
                   _("%s: '%s' is not a size in bytes (such as 2147483648, 512M or 2G)"), option, text);
      return FALSE;
    }
  *out = v * scale;
  return TRUE;
}

gboolean
cli_check_output (const char *command, const char *path)
{
  g_autoptr(GError) error = NULL;

  if (path == NULL || mlp_file_check_writable (path, &error))
    return TRUE;
  cli_fail (command, error);
  return FALSE;
}

MlpModel *
cli_load_checkpoint (const char *command, const char *path, guint64 max_model_bytes,
                     MlpTrainConfig *train, MlpCheckpointProgress *progress)
{
  MlpCheckpointLoadOptions options = { .max_model_bytes = max_model_bytes };
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpModel) model = NULL;
  g_autofree char *display = g_filename_display_name (path);
  gsize bad;

  model = mlp_checkpoint_load_full (path, &options, train, progress, &error);
  if (model == NULL)
    {
      cli_fail (command, error);
      return NULL;
    }
  bad = mlp_model_count_nonfinite (model);
  if (bad > 0)
    {
      g_autofree char *warning = NULL;

      /* Translators: a warning; %s is the checkpoint's file name */
      warning = g_strdup_printf (ngettext ("warning: %s holds %lu parameter that is NaN or infinite; "
                                           "the model's outputs will not be numbers",
                                           "warning: %s holds %lu parameters that are NaN or infinite; "
                                           "the model's outputs will not be numbers", bad),
                                 display, (unsigned long) bad);
      g_printerr ("mlplab-cli %s: %s\n", command, warning);
    }
  return g_steal_pointer (&model);
}

static gboolean
parse_options (int *argc, char ***argv, const char *command, const char *parameter,
               const char *summary, const GOptionEntry *entries, char **arg, int *status);

gboolean
cli_parse (int *argc, char ***argv, const char *command, const char *parameter,
           const char *summary, const GOptionEntry *entries, int *status)
{
  return parse_options (argc, argv, command, parameter, summary, entries, NULL, status);
}

void
cli_option_table_clear (CliOptionTable *table)
{
  for (const GOptionEntry *e = *table; e->long_name != NULL; e++)
    if (e->arg == G_OPTION_ARG_STRING || e->arg == G_OPTION_ARG_FILENAME)
      g_clear_pointer ((char **) e->arg_data, g_free);
    else if (e->arg == G_OPTION_ARG_STRING_ARRAY || e->arg == G_OPTION_ARG_FILENAME_ARRAY)
      g_clear_pointer ((char ***) e->arg_data, g_strfreev);
}

gboolean
cli_parse_with_arg (int *argc, char ***argv, const char *command, const char *parameter,
                    const char *summary, const GOptionEntry *entries, char **arg, int *status)
{
  return parse_options (argc, argv, command, parameter, summary, entries, arg, status);
}

/* with arg, exactly one argument besides the options, in *arg (borrowed from argv) */
static gboolean
parse_options (int *argc, char ***argv, const char *command, const char *parameter,
               const char *summary, const GOptionEntry *entries, char **arg, int *status)
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
  if (arg != NULL && *argc < 2)
    {
      /* Translators: %s is what the command takes, such as CHECKPOINT */
      *status = cli_usage_error (command, _("%s is missing (see --help)"), _(parameter));
      return FALSE;
    }
  if (*argc > (arg != NULL ? 2 : 1))
    {
      *status = cli_usage_error (command, _("unexpected argument '%s' (see --help)"),
                                 (*argv)[arg != NULL ? 2 : 1]);
      return FALSE;
    }
  if (arg != NULL)
    *arg = (*argv)[1];
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

gboolean
cli_check_model_fits (const char *command, MlpModel *model, const MlpDataset *images, const char *checkpoint)
{
  const MlpModelConfig *mc = mlp_model_get_config (model);

  if (mc->num_inputs == (gsize) images->rows * images->cols && mc->num_outputs >= images->n_classes)
    return TRUE;
  cli_usage_error (command,
                   /* Translators: %s is the checkpoint; then inputs, outputs, image size and classes */
                   _("%s: the model takes %lu inputs and has %lu outputs, but the images have %u × %u pixels in %u classes"),
                   checkpoint, (unsigned long) mc->num_inputs, (unsigned long) mc->num_outputs,
                   images->rows, images->cols, images->n_classes);
  return FALSE;
}
