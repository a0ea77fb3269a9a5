/* mlplab-cli.c — MLP Lab without a display: every computation of the chapter
 * from the command line, on the same engine as the desktop app. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli-common.h"

static const struct {
  const char     *name;
  CliCommandFunc  func;
  const char     *summary;
} commands[] = {
  { "train", cli_train, "train one of the chapter's four models on Fashion-MNIST" },
  { "activations", cli_activations, "ReLU, PReLU, sigmoid or tanh and their autograd gradient, as CSV" },
  { "explode", cli_explode, "the product of random Gaussian matrices (exploding gradients)" },
  { "dropout-demo", cli_dropout_demo, "the chapter's dropout_layer on arange(16) as 2×8" },
  { "bench", cli_bench, "time an epoch, data loading and sgemm on this machine" },
};

static void
usage (FILE *out)
{
  fprintf (out, "Usage: mlplab-cli COMMAND [OPTIONS…]\n\n"
                "The computations of the d2l chapter \"Multilayer Perceptrons\".\n\n"
                "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-14s %s\n", commands[i].name, commands[i].summary);
  fprintf (out, "\nRun 'mlplab-cli COMMAND --help' for a command's options.\n");
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");

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
      return commands[i].func (argc - 1, argv + 1);

  g_printerr ("mlplab-cli: unknown command '%s' (see mlplab-cli --help)\n", argv[1]);
  return 2;
}
