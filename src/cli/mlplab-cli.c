/* mlplab-cli.c — MLP Lab without a display: every computation of the chapter
 * from the command line, on the same engine as the desktop app. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n.h>

#include "cli-common.h"
#include "mlp-locations.h"

static const struct {
  const char     *name;
  CliCommandFunc  func;
  const char     *summary;   /* N_(): translated when printed */
} commands[] = {
  { "train", cli_train, N_("train one of the chapter's four models on Fashion-MNIST") },
  { "activations", cli_activations, N_("ReLU, PReLU, sigmoid or tanh and their autograd gradient, as CSV") },
  { "explode", cli_explode, N_("the product of random Gaussian matrices (exploding gradients)") },
  { "dropout-demo", cli_dropout_demo, N_("the chapter's dropout_layer on arange(16) as 2×8") },
  { "bench", cli_bench, N_("time an epoch, data loading and sgemm on this machine") },
  { "gradients", cli_gradients, N_("per-layer gradient norms of a deep MLP (vanishing and exploding gradients)") },
  { "init", cli_init, N_("per-layer variances of activations and gradients for each initialization") },
  { "plot", cli_plot, N_("write a figure (activations, explode, exercise N) as PNG, SVG, PDF or CSV") },
  { "eval", cli_eval, N_("validation loss and accuracy of a saved model (a checkpoint)") },
  { "exercise", cli_exercise, N_("run one of the chapter's exercises (1 … 4, prelu) and answer it from the numbers") },
};

static void
usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: mlplab-cli COMMAND [OPTIONS…]"));
  fprintf (out, "%s\n\n", _("The computations of the d2l chapter \"Multilayer Perceptrons\"."));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-14s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n", _("Run 'mlplab-cli COMMAND --help' for a command's options."));
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  /* Numbers stay C-style in every language: the CSV, the per-epoch lines and
   * the notebook's "dropout_p = 0.5:" are read by programs and tests, and a
   * decimal comma would also split a CSV field in two. */
  setlocale (LC_NUMERIC, "C");
  bindtextdomain (GETTEXT_PACKAGE, mlp_locations_get_localedir (LOCALEDIR));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* every byte written to stdout is checked, at exit at the latest */
  cli_check_stdout_at_exit ("");
  if (argc < 2)
    {
      usage (stderr);
      return 2;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      usage (stdout);
      return 0;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("mlplab-cli %s\n", MLPLAB_VERSION);
      return 0;
    }
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      {
        cli_check_stdout_at_exit (commands[i].name);
        return commands[i].func (argc - 1, argv + 1);
      }

  return cli_usage_error (NULL, _("unknown command '%s' (see mlplab-cli --help)"), argv[1]);
}
