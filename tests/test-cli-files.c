/* test-cli-files.c — mlplab-cli where files and signals go wrong: standard
 * output on a full disk, outputs that cannot be written, Ctrl+C in the
 * middle of training, a data folder whose name is not UTF-8, a model over
 * its budget, and `eval`, the headless way to load a checkpoint.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "mlp-checkpoint.h"
#include "mlp-safetensors.h"
#include "test-data.h"
#include "test-program.h"
#include "test-tmp.h"

typedef struct {
  char *dir;    /* a temporary folder */
  char *data;   /* dir/data: a small Fashion-MNIST-shaped data set */
  char *ckpt;   /* dir/model.safetensors, trained on it (after train_small) */
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer name)
{
  f->dir = test_tmp_dir_new ("mlplab-test-cli-files");
  f->data = g_build_filename (f->dir, name != NULL ? name : "data", NULL);
  f->ckpt = g_build_filename (f->dir, "model.safetensors", NULL);
  g_assert_cmpint (g_mkdir (f->data, 0700), ==, 0);
  test_data_write_fashion_split (f->data, "train", 500, 1);
  test_data_write_fashion_split (f->data, "t10k", 100, 2);
}

static void
fixture_teardown (Fixture *f, gconstpointer name)
{
  test_tmp_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->data);
  g_free (f->ckpt);
}

/* trains the checkpoint the eval tests load; (transfer full) its stdout */
static char *
train_small (Fixture *f, const char *json)
{
  g_auto(Run) r = { 0 };

  run_cli (&r, "train", "--data", f->data, "--epochs", "2", "--hiddens", "32", "--batch-size", "25",
           "--save", f->ckpt, json != NULL ? "--json" : NULL, json, NULL);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (r.status, ==, 0);
  return g_steal_pointer (&r.out);
}

/* ---------------------------------------------------------------------------
 * Standard output on a full disk
 * ------------------------------------------------------------------------- */

static void
stdout_to_dev_full (gpointer data)
{
  int fd = open ("/dev/full", O_WRONLY);

  if (fd < 0 || dup2 (fd, STDOUT_FILENO) < 0)
    _exit (99);
  close (fd);
}

/* every command that writes to stdout fails, in one line, when it cannot */
static void
test_full_stdout (Fixture *f, gconstpointer data)
{
  const char *cli = test_cli_path ();
  const char *const commands[][12] = {
    { cli, "explode", "--csv", "--steps", "100000" },
    { cli, "explode" },
    { cli, "activations" },
    { cli, "dropout-demo" },
    { cli, "gradients", "--depth", "4", "--width", "8" },
    { cli, "init", "--depth", "4", "--width", "8" },
    { cli, "bench", "--data", f->data, "--repeat", "1" },
    { cli, "train", "--data", f->data, "--epochs", "1", "--hiddens", "8" },
    { cli, "eval", f->ckpt, "--data", f->data },
    { cli, "--help" },
    { cli, "--version" },
    { cli, "train", "--help" },
  };

  g_free (train_small (f, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) r = { 0 };

      run_program_full (&r, NULL, (char **) commands[i], stdout_to_dev_full, NULL);
      g_test_message ("%s %s: status %d, %s", commands[i][1], commands[i][2] ? commands[i][2] : "",
                      r.status, r.err);
      g_assert_cmpint (r.status, ==, 1);
      g_assert_cmpuint (count_lines (r.err), ==, 1);
      g_assert_true (g_str_has_prefix (r.err, "mlplab-cli"));
      g_assert_nonnull (strstr (r.err, "could not write the output"));
    }
}

/* ---------------------------------------------------------------------------
 * Outputs: checked before the run, each written even when another fails
 * ------------------------------------------------------------------------- */

static void
test_outputs_checked_first (Fixture *f, gconstpointer data)
{
  g_auto(Run) r = { 0 };
  g_auto(Run) protected = { 0 };
  g_autofree char *ok = g_build_filename (f->dir, "ok.safetensors", NULL);
  g_autofree char *json = g_build_filename (f->dir, "run.json", NULL);

  /* the old behaviour: the whole run, then no JSON and no checkpoint */
  run_cli (&r, "train", "--data", f->data, "--epochs", "50", "--json", "/nonexistent/x.json",
           "--save", ok, NULL);
  assert_one_line_error (&r);
  g_assert_nonnull (strstr (r.err, "/nonexistent/x.json"));
  g_assert_nonnull (strstr (r.err, "does not exist"));
  g_assert_false (g_file_test (ok, G_FILE_TEST_EXISTS));

  g_assert_true (g_file_set_contents (json, "{}", -1, NULL));
  g_assert_cmpint (g_chmod (json, 0444), ==, 0);
  run_cli (&protected, "train", "--data", f->data, "--json", json, NULL);
  assert_one_line_error (&protected);
  g_assert_nonnull (strstr (protected.err, "write-protected"));
}

static void
limit_file_size (gpointer data)
{
  struct rlimit lim = { GPOINTER_TO_UINT (data), GPOINTER_TO_UINT (data) };

  signal (SIGXFSZ, SIG_IGN);
  if (setrlimit (RLIMIT_FSIZE, &lim) != 0)
    _exit (99);
}

/* One output fails at the end (the file size limit stops it), the other is
 * still written: first the 200 KB checkpoint fails and the JSON is there,
 * then the 13 KB JSON of 200 epochs fails and the 4 KB checkpoint is
 * there (it used to be skipped). */
static void
test_one_output_fails (Fixture *f, gconstpointer data)
{
  g_autofree char *json = g_build_filename (f->dir, "run.json", NULL);
  const char *big_model[] = { test_cli_path (), "train", "--data", f->data, "--epochs", "1",
                              "--hiddens", "64", "--json", json, "--save", f->ckpt, NULL };
  const char *long_run[] = { test_cli_path (), "train", "--data", f->data, "--epochs", "200",
                             "--hiddens", "1", "--limit-train", "20", "--batch-size", "20",
                             "--limit-val", "20", "--json", json, "--save", f->ckpt, NULL };
  const char *const *argvs[] = { big_model, long_run };
  const char *written[] = { json, f->ckpt }, *failed[] = { f->ckpt, json };

  for (guint i = 0; i < G_N_ELEMENTS (argvs); i++)
    {
      g_auto(Run) r = { 0 };
      g_autofree char *listing = NULL;

      run_program_full (&r, NULL, (char **) argvs[i], limit_file_size, GUINT_TO_POINTER (8192));
      g_test_message ("%s", r.err);
      g_assert_cmpint (r.status, ==, 1);
      g_assert_cmpuint (count_lines (r.err), ==, 1);
      g_assert_nonnull (strstr (r.err, failed[i]));
      g_assert_true (g_file_test (written[i], G_FILE_TEST_IS_REGULAR));
      g_assert_false (g_file_test (failed[i], G_FILE_TEST_EXISTS));
      listing = test_tmp_list (f->dir);
      g_assert_cmpstr (listing, ==, i == 0 ? "data run.json" : "data model.safetensors");
      g_unlink (written[i]);
    }
}

/* ---------------------------------------------------------------------------
 * Ctrl+C
 * ------------------------------------------------------------------------- */

/* reads fd until text has appeared in what was read (in *got), or 60 s */
static void
read_until (int fd, GString *got, const char *text)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (strstr (got->str, text) == NULL)
    {
      struct pollfd p = { fd, POLLIN, 0 };
      char buf[4096];
      gssize n;

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      if (poll (&p, 1, 1000) <= 0)
        continue;
      n = read (fd, buf, sizeof buf);
      g_assert_cmpint (n, >, 0);
      g_string_append_len (got, buf, n);
    }
}

/* SIGINT in the middle of a long run: the checkpoint is still written,
 * with the parameters of the stop, and says where that was */
static void
test_sigint_saves (Fixture *f, gconstpointer data)
{
  g_autofree char *json = g_build_filename (f->dir, "run.json", NULL);
  g_autofree char *contents = NULL;
  const char *argv[] = { test_cli_path (), "train", "--data", f->data, "--epochs", "10000",
                         "--hiddens", "32", "--batch-size", "10", "--save", f->ckpt,
                         "--json", json, NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpStateDict) sd = NULL;
  g_auto(Run) eval = { 0 };
  const char *status;
  int out_fd, wait_status;
  guint epoch, batch;
  char buf[4096];
  gssize n;
  GPid pid;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, &out_fd, NULL, &error);
  g_assert_no_error (error);
  read_until (out_fd, out, "epoch  2/");
  g_assert_cmpint (kill (pid, SIGINT), ==, 0);
  while ((n = read (out_fd, buf, sizeof buf)) > 0)
    g_string_append_len (out, buf, n);
  close (out_fd);
  g_assert_cmpint (waitpid (pid, &wait_status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_test_message ("%s", out->str);
  g_assert_true (WIFEXITED (wait_status));
  g_assert_cmpint (WEXITSTATUS (wait_status), ==, 130);

  sd = mlp_safetensors_load (f->ckpt, &error);
  g_assert_no_error (error);
  status = g_hash_table_lookup (sd->metadata, "mlplab.status");
  g_assert_nonnull (status);
  g_test_message ("mlplab.status = %s", status);
  g_assert_cmpint (sscanf (status, "stopped at epoch %u, batch %u", &epoch, &batch), ==, 2);
  g_assert_cmpuint (epoch, >=, 2);
  g_assert_cmpuint (batch, <=, 50);
  g_assert_nonnull (strstr (out->str, status + strlen ("stopped at ")));
  g_assert_true (g_file_get_contents (json, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"status\": \"stopped\""));

  run_cli (&eval, "eval", f->ckpt, "--data", f->data, NULL);
  g_assert_cmpint (eval.status, ==, 0);
  g_assert_nonnull (strstr (eval.out, status + strlen ("stopped at ")));
}

/* ---------------------------------------------------------------------------
 * JSON from a folder whose name is not UTF-8
 * ------------------------------------------------------------------------- */

/* python3 reads path as strict JSON (it refuses invalid UTF-8) and prints
 * data_dir; TRUE, or FALSE when there is no python3 */
static gboolean
python_reads (const char *path, char **data_dir)
{
  g_autofree char *python = g_find_program_in_path ("python3");
  const char *argv[] = { python, "-c",
                         "import json, sys\n"
                         "with open(sys.argv[1], 'rb') as f:\n"
                         "    doc = json.loads(f.read().decode('utf-8', 'strict'))\n"
                         "sys.stdout.buffer.write(doc['data_dir'].encode('utf-8'))\n", path, NULL };
  g_auto(Run) r = { 0 };

  if (python == NULL)
    return FALSE;
  run_program (&r, NULL, (char **) argv);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (r.status, ==, 0);
  *data_dir = g_steal_pointer (&r.out);
  return TRUE;
}

static void
test_json_utf8 (Fixture *f, gconstpointer name)
{
  g_autofree char *train_json = g_build_filename (f->dir, "train.json", NULL);
  g_autofree char *eval_json = g_build_filename (f->dir, "eval.json", NULL);
  g_autofree char *shown = g_filename_display_name (f->data);
  g_auto(Run) eval = { 0 };

  g_assert_false (g_utf8_validate (f->data, -1, NULL));
  g_free (train_small (f, train_json));
  run_cli (&eval, "eval", f->ckpt, "--data", f->data, "--json", eval_json, NULL);
  g_assert_cmpint (eval.status, ==, 0);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *data_dir = NULL;

      if (!python_reads (i == 0 ? train_json : eval_json, &data_dir))
        {
          g_test_skip ("python3 is not installed: the JSON was not parsed");
          return;
        }
      g_assert_cmpstr (data_dir, ==, shown);
      g_assert_nonnull (strstr (data_dir, "\xef\xbf\xbd"));   /* U+FFFD */
    }
}

/* ---------------------------------------------------------------------------
 * eval
 * ------------------------------------------------------------------------- */

/* the last epoch's validation numbers, again from the saved model */
static void
test_eval (Fixture *f, gconstpointer data)
{
  g_autofree char *train_out = train_small (f, NULL);
  g_autofree char *json = g_build_filename (f->dir, "eval.json", NULL);
  g_autofree char *contents = NULL;
  g_auto(Run) r = { 0 };
  g_auto(Run) limited = { 0 };
  const char *last = strstr (train_out, "epoch  2/2");
  double train_loss, train_acc, loss, acc;

  g_assert_nonnull (last);
  g_assert_cmpint (sscanf (strstr (last, "val_loss"), "val_loss %lf  val_acc %lf", &train_loss, &train_acc), ==, 2);
  run_cli (&r, "eval", f->ckpt, "--data", f->data, "--json", json, "--batch-size", "25", NULL);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpint (sscanf (strstr (r.out, "val_loss"), "val_loss %lf  val_acc %lf", &loss, &acc), ==, 2);
  g_assert_cmpfloat (loss, ==, train_loss);
  g_assert_cmpfloat (acc, ==, train_acc);
  g_assert_nonnull (strstr (r.out, "n_val 100"));
  g_assert_true (g_file_get_contents (json, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"status\": \"completed\""));
  g_assert_nonnull (strstr (contents, "\"n_val\": 100"));

  run_cli (&limited, "eval", f->ckpt, "--data", f->data, "--limit-val", "10", NULL);
  g_assert_cmpint (limited.status, ==, 0);
  g_assert_nonnull (strstr (limited.out, "n_val 10"));
}

/* Exercise 4 headless: eval --dropout-passes N evaluates a dropout model N
 * more times with dropout left on; a model without dropout says it has none */
static void
test_eval_dropout_passes (Fixture *f, gconstpointer data)
{
  g_autofree char *ckpt = g_build_filename (f->dir, "dropout.safetensors", NULL);
  g_autofree char *json = g_build_filename (f->dir, "passes.json", NULL);
  g_autofree char *contents = NULL;
  g_auto(Run) train = { 0 };
  g_auto(Run) r = { 0 };
  g_auto(Run) plain = { 0 };
  g_autofree char *train_out = NULL;

  run_cli (&train, "train", "--model", "dropout", "--data", f->data, "--epochs", "2", "--hiddens", "32,16",
           "--batch-size", "25", "--save", ckpt, NULL);
  g_assert_cmpint (train.status, ==, 0);
  run_cli (&r, "eval", ckpt, "--data", f->data, "--dropout-passes", "5", "--json", json, NULL);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "dropout left on, 5 passes: val_acc "));
  g_assert_nonnull (strstr (r.out, "predictions that change from pass to pass: "));
  g_assert_nonnull (strstr (r.out, "     4  0."));   /* the curve: 1, 2, 4, 5 */
  g_assert_nonnull (strstr (r.out, "     5  0."));
  g_assert_true (g_file_get_contents (json, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "\"dropout_passes\": {"));
  g_assert_nonnull (strstr (contents, "\"passes\": 5"));
  g_assert_nonnull (strstr (contents, "\"curve_passes\": ["));

  train_out = train_small (f, NULL);   /* mlp: no dropout */
  run_cli (&plain, "eval", f->ckpt, "--data", f->data, "--dropout-passes", "3", NULL);
  g_assert_cmpint (plain.status, !=, 0);
  g_assert_nonnull (strstr (plain.err, "has no dropout"));
  g_remove (ckpt);
  g_remove (json);
}

static void
test_eval_errors (Fixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->dir, "missing.safetensors", NULL);
  g_autofree char *fifo = g_build_filename (f->dir, "x.safetensors", NULL);
  g_autofree char *small = g_build_filename (f->dir, "small.safetensors", NULL);
  const char *cases[][2] = {
    { missing, "no such file" },
    { fifo, "named pipe" },
    { f->data, "is a folder" },
    { "/dev/zero", "is a device" },
  };
  g_auto(Run) budget = { 0 };
  g_auto(Run) shape = { 0 };
  g_auto(Run) usage = { 0 };
  MlpModelConfig mc;
  MlpTrainConfig tc;
  g_autoptr(MlpModel) model = NULL;

  g_free (train_small (f, NULL));
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) r = { 0 };

      run_cli (&r, "eval", cases[i][0], "--data", f->data, NULL);
      g_test_message ("%s", r.err);
      assert_one_line_error (&r);
      g_assert_nonnull (strstr (r.err, cases[i][1]));
    }
  run_cli (&budget, "eval", f->ckpt, "--data", f->data, "--max-model-bytes", "1K", NULL);
  g_test_message ("%s", budget.err);
  assert_one_line_error (&budget);
  g_assert_nonnull (strstr (budget.err, "budget of 1.0 KiB"));

  /* a model of 16 inputs cannot read 28 × 28 images */
  mlp_model_config_init (&mc, MLP_MODEL_MLP);
  mc.num_inputs = 16;
  mlp_train_config_init (&tc);
  model = mlp_model_new (&mc, NULL);
  g_assert_true (mlp_checkpoint_save (small, model, &tc, 1, NULL));
  run_cli (&shape, "eval", small, "--data", f->data, NULL);
  assert_one_line_error (&shape);
  g_assert_nonnull (strstr (shape.err, "16 inputs"));

  run_cli (&usage, "eval", "--data", f->data, NULL);
  assert_one_line_error (&usage);
  g_assert_cmpint (usage.status, ==, 2);
}

/* a checkpoint with NaN and infinite weights loads, with a warning */
static void
test_eval_nonfinite (Fixture *f, gconstpointer data)
{
  g_autoptr(MlpStateDict) sd = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) r = { 0 };
  MlpTensor *w;

  g_free (train_small (f, NULL));
  sd = mlp_safetensors_load (f->ckpt, &error);
  g_assert_no_error (error);
  w = mlp_state_dict_lookup (sd, "W1");
  w->data[0] = NAN;
  w->data[1] = INFINITY;
  g_assert_true (mlp_safetensors_save (f->ckpt, sd, &error));
  run_cli (&r, "eval", f->ckpt, "--data", f->data, NULL);
  g_test_message ("%s", r.err);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count_lines (r.err), ==, 1);
  g_assert_nonnull (strstr (r.err, "warning"));
  g_assert_nonnull (strstr (r.err, "2 parameters that are NaN or infinite"));
}

/* ---------------------------------------------------------------------------
 * The parameter budget, and what --data may be
 * ------------------------------------------------------------------------- */

G_GNUC_UNUSED static void
limit_memory (gpointer data)
{
  struct rlimit lim = { (rlim_t) 1 << 30, (rlim_t) 1 << 30 };

  if (setrlimit (RLIMIT_AS, &lim) != 0)
    _exit (99);
}

static void
test_budget (Fixture *f, gconstpointer data)
{
  const char *argv[] = { test_cli_path (), "train", "--data", f->data,
                         "--hiddens", "16384,16384,16384,16384", NULL };
  g_auto(Run) huge = { 0 };
  g_auto(Run) tiny = { 0 };
  g_auto(Run) bad = { 0 };

  /* under ASan (the CLI is built as the test is) the limit would not leave
   * room for the shadow memory; the budget is checked before anything is
   * allocated either way */
#ifdef UNDER_ASAN
  run_program_full (&huge, NULL, (char **) argv, NULL, NULL);
#else
  run_program_full (&huge, NULL, (char **) argv, limit_memory, NULL);
#endif
  g_test_message ("%s", huge.err);
  assert_one_line_error (&huge);
  g_assert_cmpint (huge.status, ==, 2);
  g_assert_nonnull (strstr (huge.err, "budget of 2.0 GiB"));
  g_assert_nonnull (strstr (huge.err, "--max-model-bytes"));

  run_cli (&tiny, "train", "--data", f->data, "--max-model-bytes", "100K", NULL);
  assert_one_line_error (&tiny);
  g_assert_nonnull (strstr (tiny.err, "budget of 100.0 KiB"));
  run_cli (&bad, "train", "--data", f->data, "--max-model-bytes", "lots", NULL);
  assert_one_line_error (&bad);
  g_assert_cmpint (bad.status, ==, 2);
}

static void
test_data_option (Fixture *f, gconstpointer data)
{
  g_autofree char *missing = g_build_filename (f->dir, "no-such-folder", NULL);
  g_autofree char *file = g_build_filename (f->data, "train-images-idx3-ubyte.gz", NULL);
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };

  run_cli (&a, "train", "--data", missing, NULL);
  assert_one_line_error (&a);
  g_assert_nonnull (strstr (a.err, "no such folder"));
  run_cli (&b, "train", "--data", file, NULL);
  assert_one_line_error (&b);
  g_assert_nonnull (strstr (b.err, "is a file, not a folder"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, data, func) g_test_add (name, Fixture, data, fixture_setup, func, fixture_teardown)
  ADD ("/cli-files/full-stdout", NULL, test_full_stdout);
  ADD ("/cli-files/outputs-checked-first", NULL, test_outputs_checked_first);
  ADD ("/cli-files/one-output-fails", NULL, test_one_output_fails);
  ADD ("/cli-files/sigint-saves", NULL, test_sigint_saves);
  ADD ("/cli-files/json-utf8", "data-\xff\xfe", test_json_utf8);
  ADD ("/cli-files/eval", NULL, test_eval);
  ADD ("/cli-files/eval-dropout-passes", NULL, test_eval_dropout_passes);
  ADD ("/cli-files/eval-errors", NULL, test_eval_errors);
  ADD ("/cli-files/eval-nonfinite", NULL, test_eval_nonfinite);
  ADD ("/cli-files/budget", NULL, test_budget);
  ADD ("/cli-files/data-option", NULL, test_data_option);
#undef ADD
  return g_test_run ();
}
