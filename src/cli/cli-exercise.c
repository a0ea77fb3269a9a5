/* cli-exercise.c — `mlplab-cli exercise N` and `mlplab-cli plot exercise N`:
 * the chapter's exercises without a display, on the same engine run
 * (mlp-exercise.h) and the same report (mlp-exercise-report.h) as the app's
 * Exercises pages, so the numbers, the answer and the figures are the ones
 * a student sees there. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "cli-common.h"
#include "cli-figure.h"
#include "mlp-exercise-report.h"
#include "mlp-fashion-mnist.h"

/* the options both commands take */
typedef struct {
  gint64    seed;
  int       epochs, limit_train, limit_val, seeds, passes;
  char     *data_dir;
  char     *checkpoint;
  /* exercise */
  char     *json_path;
  /* plot exercise */
  char     *figure;
  CliFigureOptions out;
} ExerciseOptions;

#define EXERCISE_ENTRIES(o) \
  { "seed", 's', 0, G_OPTION_ARG_INT64, &(o).seed, N_("Random seed of the weights and the data order (1)"), "N" }, \
  { "epochs", 0, 0, G_OPTION_ARG_INT, &(o).epochs, N_("Epochs of each training run (the exercise's default)"), "N" }, \
  { "train-images", 0, 0, G_OPTION_ARG_INT, &(o).limit_train, N_("Train on the first N images (the exercise's default; 0 = its default)"), "N" }, \
  { "val-images", 0, 0, G_OPTION_ARG_INT, &(o).limit_val, N_("Validate on the first N images (the exercise's default)"), "N" }, \
  { "seeds", 0, 0, G_OPTION_ARG_INT, &(o).seeds, N_("Exercise 2: seeds per model (5)"), "N" }, \
  { "passes", 0, 0, G_OPTION_ARG_INT, &(o).passes, N_("Exercise 4: stochastic passes with dropout on (100)"), "N" }, \
  { "checkpoint", 0, 0, G_OPTION_ARG_FILENAME, &(o).checkpoint, N_("Exercise 4: evaluate this trained dropout model instead of training one"), N_("FILE") }, \
  { "data", 'd', 0, G_OPTION_ARG_FILENAME, &(o).data_dir, N_("Folder with the Fashion-MNIST files (default: the search order)"), N_("DIR") }

static void
progress_line (double fraction, const char *what, gpointer user_data)
{
  fprintf (stderr, "\r%3.0f %% %-40.40s", 100 * fraction, what ? what : "");
  if (fraction >= 1.0)
    fputc ('\n', stderr);
}

/* what a command runs: the exercise, its config, Exercise 4's checkpoint
 * and the result */
typedef struct {
  MlpExerciseId      id;
  MlpExerciseConfig  config;
  MlpModel          *model;
  MlpExerciseResult *result;
} ExerciseRun;

static void
exercise_run_clear (ExerciseRun *run)
{
  g_clear_pointer (&run->model, mlp_model_free);
  g_clear_pointer (&run->result, mlp_exercise_result_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ExerciseRun, exercise_run_clear)

/* the exercise named by arg, its config from o; 0, or the exit status
 * after a message.  run->model gets Exercise 4's checkpoint. */
static int
make_config (const char *command, const char *arg, const ExerciseOptions *o, ExerciseRun *run)
{
  g_autoptr(GError) error = NULL;
  MlpExerciseId *id = &run->id;
  MlpExerciseConfig *config = &run->config;
  MlpModel **model = &run->model;

  if (arg == NULL)
    return cli_usage_error (command, _("which exercise? 1, 2, 3, 4 or prelu"));
  if (!mlp_exercise_from_string (arg, id, &error))
    return cli_fail (command, error);
  if (o->seed < 0 || o->epochs < 0 || o->epochs > 1000 || o->limit_train < 0 || o->limit_val < 0 ||
      o->seeds < 0 || o->seeds > 100 || o->passes < 0 || o->passes > 10000)
    return cli_usage_error (command, _("--seed, --train-images and --val-images must not be negative, --epochs "
                                       "must be 0 … 1000, --seeds 0 … 100 and --passes 0 … 10000"));
  if (o->checkpoint != NULL && *id != MLP_EXERCISE_DROPOUT_TEST)
    return cli_usage_error (command, _("--checkpoint belongs to exercise 4"));
  mlp_exercise_config_init (config);
  config->seed = (guint64) o->seed;
  config->epochs = (guint) o->epochs;
  config->limit_train = (gsize) o->limit_train;
  config->limit_val = (gsize) o->limit_val;
  config->n_seeds = (guint) o->seeds;
  config->n_passes = (guint) o->passes;
  if (isatty (STDERR_FILENO))
    config->progress = progress_line;
  if (o->checkpoint != NULL)
    {
      *model = cli_load_checkpoint (command, o->checkpoint, 0, NULL, NULL);
      if (*model == NULL)
        return 1;
      config->model = *model;
    }
  return 0;
}

/* runs it; NULL after the error line */
static MlpExerciseResult *
run_exercise (const char *command, MlpExerciseId id, const MlpExerciseConfig *config,
              const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpDataset) train = NULL;
  g_autoptr(MlpDataset) test = NULL;
  MlpExerciseResult *r;

  if (mlp_exercise_needs_data (id) &&
      !mlp_fashion_mnist_load_full (data_dir, NULL, NULL, &train, &test, &error))
    {
      cli_fail (command, error);
      return NULL;
    }
  if (config->model != NULL && test != NULL &&
      !cli_check_model_fits (command, config->model, test, _("the checkpoint")))
    return NULL;
  r = mlp_exercise_run (id, config, train, test, &error);
  if (r == NULL)
    cli_fail (command, error);
  return r;
}

/* one paragraph (no newline in it) wrapped at 78 columns */
static void
print_wrapped (const char *text)
{
  g_auto(GStrv) words = g_strsplit (text, " ", -1);
  glong column = 0;

  for (guint i = 0; words[i] != NULL; i++)
    {
      glong len = g_utf8_strlen (words[i], -1);

      if (len == 0)
        continue;
      if (column > 0 && column + 1 + len > 78)
        {
          fputc ('\n', stdout);
          column = 0;
        }
      else if (column > 0)
        {
          fputc (' ', stdout);
          column++;
        }
      fputs (words[i], stdout);
      column += len;
    }
  fputc ('\n', stdout);
}

/* text wrapped at 78 columns; each line of it a paragraph of its own, an
 * empty line a blank one */
static void
print_paragraph (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (*lines[i] == '\0')
        fputc ('\n', stdout);
      else
        print_wrapped (lines[i]);
    }
}

static void
print_result (const MlpExerciseResult *r)
{
  g_autofree char *describe = mlp_exercise_describe_run (r->id, &r->config);
  g_autofree char *answer = mlp_exercise_answer (r);

  printf ("%s\n\n", mlp_exercise_title (r->id));
  print_paragraph (mlp_exercise_question (r->id));
  printf ("\n");
  print_paragraph (describe);
  printf ("\n");
  for (guint i = 0; i < r->numbers->len; i++)
    {
      const MlpExerciseNumber *n = &g_array_index (r->numbers, MlpExerciseNumber, i);

      printf ("%-36s %.6g\n", n->key, n->value);
    }
  printf ("\n");
  print_paragraph (answer);
}

static gboolean
write_json (const char *path, const MlpExerciseResult *r, GError **error)
{
  g_autoptr(MlpJsonWriter) w = mlp_json_writer_new (MLP_JSON_PRETTY);
  g_autofree char *answer = mlp_exercise_answer (r);

  mlp_json_writer_begin_object (w);
  mlp_exercise_result_write_json (r, w);
  mlp_json_writer_member_string (w, "answer", answer);
  mlp_json_writer_end_object (w);
  return mlp_json_writer_save (w, path, error);
}

/* argv[1] is the exercise unless it is an option: moves it out of argv */
static const char *
take_argument (int *argc, char ***argv)
{
  const char *arg = NULL;

  if (*argc > 1 && (*argv)[1][0] != '-')
    {
      arg = (*argv)[1];
      (*argv)[1] = (*argv)[0];
      (*argc)--;
      (*argv)++;
    }
  return arg;
}

/* `COMMAND N [OPTIONS…]` into o and run; 0, or the exit status */
static int
parse_exercise (int *argc, char ***argv, const char *command, const char *summary,
                const GOptionEntry *entries, const ExerciseOptions *o, ExerciseRun *run)
{
  const char *arg = take_argument (argc, argv);
  int status = 0;

  if (!cli_parse (argc, argv, command, N_("N"), summary, entries, &status))
    return status;
  return make_config (g_str_has_prefix (command, "plot") ? "plot" : command, arg, o, run);
}

int
cli_exercise (int argc, char **argv)
{
  ExerciseOptions o = { .seed = 1 };
  const GOptionEntry entries[] = {
    EXERCISE_ENTRIES (o),
    { "json", 'j', 0, G_OPTION_ARG_FILENAME, &o.json_path, N_("Also write the numbers, details and answer as JSON"), N_("FILE") },
    { NULL }
  };
  g_auto(CliOptionTable) table = entries;
  g_auto(ExerciseRun) run = { 0 };
  g_autoptr(GError) error = NULL;
  int status;

  status = parse_exercise (&argc, &argv, "exercise",
                           N_("Run one of the chapter's exercises as an experiment and answer it\n"
                              "from the numbers: 1 (vanishing gradients), 2 (a single hidden\n"
                              "neuron), 3 (the same initial weights), 4 (dropout at test time)\n"
                              "or prelu (the learned pReLU slope)."),
                           entries, &o, &run);
  if (status != 0)
    return status;
  if (!cli_check_output ("exercise", o.json_path))
    return 1;
  if ((run.result = run_exercise ("exercise", run.id, &run.config, o.data_dir)) == NULL)
    return 1;
  print_result (run.result);
  if (o.json_path != NULL && !write_json (o.json_path, run.result, &error))
    return cli_fail ("exercise", error);
  return 0;
}

/* where figure i goes: out itself for the one figure asked for or the only
 * one, else out with "-NAME" before its extension; (transfer full) */
static char *
figure_path (const char *out, MlpExerciseId id, guint i, gboolean only)
{
  const char *dot = strrchr (out, '.');
  const char *slash = strrchr (out, G_DIR_SEPARATOR);

  if (only)
    return g_strdup (out);
  if (dot == NULL || (slash != NULL && dot < slash))
    return g_strdup_printf ("%s-%s", out, mlp_exercise_figure_name (id, i));
  return g_strdup_printf ("%.*s-%s%s", (int) (dot - out), out, mlp_exercise_figure_name (id, i), dot);
}

/* --figure NAME → its index in *first and *last, else all; 0 or a status */
static int
choose_figures (MlpExerciseId id, const char *name, guint *first, guint *last)
{
  guint n = mlp_exercise_n_figures (id);
  g_autoptr(GString) names = g_string_new (NULL);

  *first = 0;
  *last = n;
  if (name == NULL)
    return 0;
  for (guint i = 0; i < n; i++)
    {
      if (strcmp (name, mlp_exercise_figure_name (id, i)) == 0)
        {
          *first = i;
          *last = i + 1;
          return 0;
        }
      g_string_append_printf (names, "%s%s", i ? ", " : "", mlp_exercise_figure_name (id, i));
    }
  return cli_usage_error ("plot", _("exercise %s has no figure '%s' (it has %s)"), mlp_exercise_to_string (id),
                          name, names->str);
}

int
cli_plot_exercise (int argc, char **argv)
{
  ExerciseOptions o = { .seed = 1, .out = CLI_FIGURE_OPTIONS_INIT };
  const GOptionEntry entries[] = {
    EXERCISE_ENTRIES (o),
    CLI_FIGURE_ENTRIES (o.out),
    { "figure", 0, 0, G_OPTION_ARG_STRING, &o.figure, N_("Only this figure of the exercise; else all, as FILE-NAME.png each"), N_("NAME") },
    { NULL }
  };
  g_auto(CliOptionTable) table = entries;
  g_auto(ExerciseRun) run = { 0 };
  guint first, last;
  int status;

  status = parse_exercise (&argc, &argv, "plot exercise",
                           N_("Write the figures of one of the chapter's exercises (see\n"
                              "mlplab-cli exercise --help) without a display."),
                           entries, &o, &run);
  if (status != 0)
    return status;
  if ((status = cli_figure_check (&o.out)) != 0)
    return status;
  if ((status = choose_figures (run.id, o.figure, &first, &last)) != 0)
    return status;
  if ((run.result = run_exercise ("plot", run.id, &run.config, o.data_dir)) == NULL)
    return 1;
  for (guint i = first; i < last; i++)
    {
      g_autoptr(MlpPlot) plot = mlp_exercise_figure (run.result, i);
      g_autofree char *path = figure_path (o.out.out, run.id, i, last - first == 1);

      if ((status = cli_figure_write (&o.out, plot, path)) != 0)
        return status;
      printf ("%s\n", path);
    }
  return 0;
}
