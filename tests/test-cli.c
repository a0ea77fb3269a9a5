/* test-cli.c — mlplab-cli end to end: each subcommand's output format, its
 * errors (one line, non-zero status), and a short training run on a small
 * Fashion-MNIST-shaped data set the test writes itself. */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "mlp-safetensors.h"
#include "test-data.h"
#include "mlp-json-reader.h"
#include "test-program.h"

static void
test_activations_grid (void)
{
  g_auto(Run) r = { 0 };
  g_auto(GStrv) lines = NULL;
  double x0, y, g;

  run_cli (&r, "activations", "--function", "sigmoid", NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "x,y,grad");
  /* torch.arange(-8.0, 8.0, 0.1): 160 points, the end excluded */
  g_assert_cmpuint (count_lines (r.out), ==, 161);
  g_assert_cmpint (sscanf (lines[1], "%lf,%lf,%lf", &x0, &y, &g), ==, 3);
  g_assert_cmpfloat_with_epsilon (x0, -8.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (g, y * (1 - y), 1e-7);
  g_assert_cmpint (sscanf (lines[160], "%lf,", &x0), ==, 1);
  g_assert_cmpfloat_with_epsilon (x0, 7.9, 1e-5);
}

static void
test_activations_prelu (void)
{
  g_auto(Run) one = { 0 };
  g_auto(Run) family = { 0 };
  g_auto(GStrv) lines = NULL;
  double x, y, g, ga, a;

  run_cli (&one, "activations", "--function", "prelu", "--alpha", "0.2", NULL);
  g_assert_cmpint (one.status, ==, 0);
  lines = g_strsplit (one.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "x,y,grad,grad_alpha");
  g_assert_cmpint (sscanf (lines[1], "%lf,%lf,%lf,%lf", &x, &y, &g, &ga), ==, 4);
  g_assert_cmpfloat_with_epsilon (y, 0.2 * x, 1e-6);
  g_assert_cmpfloat_with_epsilon (g, 0.2, 1e-7);
  g_assert_cmpfloat_with_epsilon (ga, x, 1e-6);    /* ∂f/∂weight = x for x < 0 */
  g_clear_pointer (&lines, g_strfreev);

  run_cli (&family, "activations", "--function", "prelu", "--alpha", "0,0.1,0.25", NULL);
  g_assert_cmpint (family.status, ==, 0);
  lines = g_strsplit (family.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "alpha,x,y,grad,grad_alpha");
  g_assert_cmpuint (count_lines (family.out), ==, 1 + 3 * 160);
  g_assert_cmpint (sscanf (lines[321], "%lf,%lf,%lf,%lf,%lf", &a, &x, &y, &g, &ga), ==, 5);
  g_assert_cmpfloat (a, ==, 0.25);
  g_assert_cmpfloat_with_epsilon (x, -8.0, 1e-6);
}

static void
test_activations_errors (void)
{
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };
  g_auto(Run) c = { 0 };
  g_auto(Run) d = { 0 };

  run_cli (&a, "activations", "--function", "softplus", NULL);
  assert_one_line_error (&a);
  run_cli (&b, "activations", "--function", "relu", "--alpha", "0.1", NULL);
  assert_one_line_error (&b);
  run_cli (&c, "activations", "--step", "0", NULL);
  assert_one_line_error (&c);
  run_cli (&d, "activations", "--from", "nope", NULL);
  assert_one_line_error (&d);
}

static void
test_explode (void)
{
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };
  g_auto(Run) c = { 0 };
  g_auto(Run) text = { 0 };
  g_auto(GStrv) lines = NULL;
  guint step;
  double n0, n100;

  run_cli (&a, "explode", "--csv", "--seed", "3", NULL);
  run_cli (&b, "explode", "--csv", "--seed", "3", NULL);
  run_cli (&c, "explode", "--csv", "--seed", "4", NULL);
  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpstr (a.out, ==, b.out);
  g_assert_cmpstr (a.out, !=, c.out);
  lines = g_strsplit (a.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "step,norm");
  g_assert_cmpuint (count_lines (a.out), ==, 102);
  g_assert_cmpint (sscanf (lines[1], "%u,%lf", &step, &n0), ==, 2);
  g_assert_cmpint (sscanf (lines[101], "%u,%lf", &step, &n100), ==, 2);
  g_assert_cmpuint (step, ==, 100);
  /* std 1 on 4×4: the norm grows by about a factor 2 per step */
  g_assert_cmpfloat (log10 (n100) - log10 (n0), >, 15);

  run_cli (&text, "explode", "--steps", "3", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, "a single matrix"));
  g_assert_nonnull (strstr (text.out, "after multiplying 3 matrices"));
}

static void
test_dropout_demo (void)
{
  g_auto(Run) r = { 0 };
  g_auto(Run) bad = { 0 };

  run_cli (&r, "dropout-demo", "--seed", "1", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "dropout_p = 0:\n[[  0.00,   1.00,   2.00"));
  g_assert_nonnull (strstr (r.out, "dropout_p = 0.5:"));
  g_assert_nonnull (strstr (r.out, "dropout_p = 1:\n[[  0.00,   0.00,   0.00,   0.00,   0.00,   0.00,   0.00,   0.00],"));
  run_cli (&bad, "dropout-demo", "--p", "1.5", NULL);
  assert_one_line_error (&bad);
}

static void
test_usage_errors (void)
{
  g_auto(Run) a = { 0 };
  g_auto(Run) b = { 0 };
  g_auto(Run) c = { 0 };
  g_auto(Run) d = { 0 };
  g_auto(Run) e = { 0 };
  const char *commands[] = { "train", "activations", "explode", "dropout-demo", "bench", "gradients", "init", "plot" };

  run_cli (&a, "frobnicate", NULL);
  assert_one_line_error (&a);
  run_cli (&b, "train", "--epochs", "zero", NULL);
  assert_one_line_error (&b);
  run_cli (&c, "train", "--model", "cnn", NULL);
  assert_one_line_error (&c);
  run_cli (&d, "train", "--model", "mlp", "--dropout", "0.5", NULL);
  assert_one_line_error (&d);
  run_cli (&e, "train", "--data", "/nonexistent/fashion", NULL);
  assert_one_line_error (&e);
  g_assert_nonnull (strstr (e.err, "/nonexistent/fashion"));

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_auto(Run) h = { 0 };

      run_cli (&h, commands[i], "--help", NULL);
      g_assert_cmpint (h.status, ==, 0);
      g_assert_nonnull (strstr (h.out, commands[i]));
    }
}

/* `gradients`: a deep sigmoid net's first layer gets a vanishing gradient */
static void
test_gradients (void)
{
  g_auto(Run) r = { 0 };
  g_auto(Run) bad = { 0 };
  g_auto(GStrv) lines = NULL;
  double first, last;
  guint layer;

  run_cli (&r, "gradients", "--random", "--depth", "8", "--width", "32", "--batch", "32",
           "--activation", "sigmoid", NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "layer,grad_norm,grad_var,act_var");
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 9 + 1);
  g_assert_cmpint (sscanf (lines[1], "%u,%lf", &layer, &first), ==, 2);
  g_assert_cmpint (sscanf (lines[9], "%u,%lf", &layer, &last), ==, 2);
  g_assert_cmpuint (layer, ==, 9);
  g_assert_cmpfloat (first, <, 1e-2 * last);
  run_cli (&bad, "gradients", "--depth", "0", NULL);
  assert_one_line_error (&bad);
}

/* `init`: Xavier keeps the activation variance of a deep tanh net far from
 * zero while N(0, 0.01²) lets it vanish */
static void
test_init (void)
{
  g_auto(Run) r = { 0 };
  g_auto(GStrv) lines = NULL;
  double xavier = -1, small = -1;

  run_cli (&r, "init", "--schemes", "xavier-normal,normal:0.01", "--depth", "8", "--width", "32", NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "scheme,layer,act_var,grad_var");
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 2 * 9 + 1);
  for (guint i = 1; lines[i] != NULL && *lines[i]; i++)
    if (g_str_has_prefix (lines[i], "xavier-normal,8,"))
      xavier = g_ascii_strtod (lines[i] + strlen ("xavier-normal,8,"), NULL);
    else if (g_str_has_prefix (lines[i], "normal:0.01,8,"))
      small = g_ascii_strtod (lines[i] + strlen ("normal:0.01,8,"), NULL);
  g_assert_cmpfloat (xavier, >, 1e-3);
  g_assert_cmpfloat (small, <, 1e-6 * xavier);
}

/* `plot` writes the app's figures headless, in every format */
static void
test_plot (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mlplab-plot-XXXXXX", NULL);
  const struct {
    const char *figure, *name, *magic;
  } cases[] = {
    { "activations", "sigmoid.svg", "<?xml" },
    { "activations", "sigmoid.png", "\x89PNG" },
    { "activations", "sigmoid.pdf", "%PDF-" },
    { "activations", "sigmoid.csv", "x," },
    { "explode", "explode.png", "\x89PNG" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_build_filename (dir, cases[i].name, NULL);
      g_autofree char *contents = NULL;
      g_auto(Run) r = { 0 };
      gsize len;

      if (strcmp (cases[i].figure, "activations") == 0)
        run_cli (&r, "plot", "activations", "--function", "sigmoid", "--analytic", "--out", path, NULL);
      else
        run_cli (&r, "plot", "explode", "--seed", "2", "--out", path, NULL);
      g_assert_cmpstr (r.err, ==, "");
      g_assert_cmpint (r.status, ==, 0);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_cmpuint (len, >, strlen (cases[i].magic));
      g_assert_cmpmem (contents, strlen (cases[i].magic), cases[i].magic, strlen (cases[i].magic));
      g_remove (path);
    }

  {
    g_autofree char *path = g_build_filename (dir, "f.png", NULL);
    g_autofree char *bad = g_build_filename (dir, "missing", "f.png", NULL);
    g_auto(Run) a = { 0 };
    g_auto(Run) b = { 0 };
    g_auto(Run) c = { 0 };
    g_auto(Run) d = { 0 };

    run_cli (&a, "plot", "histogram", "--out", path, NULL);
    assert_one_line_error (&a);
    run_cli (&b, "plot", "activations", NULL);
    assert_one_line_error (&b);
    run_cli (&c, "plot", "activations", "--out", bad, NULL);
    assert_one_line_error (&c);
    g_assert_nonnull (strstr (c.err, "missing"));
    run_cli (&d, "plot", "activations", "--out", path, "--dpi", "0", NULL);
    assert_one_line_error (&d);
  }
  g_rmdir (dir);
}

/* a folder with a small Fashion-MNIST and the paths of a run's outputs */
typedef struct {
  char *dir;
  char *json;
  char *ckpt;
} TrainFixture;

static void
train_setup (TrainFixture *f, gconstpointer data)
{
  f->dir = g_dir_make_tmp ("mlplab-cli-XXXXXX", NULL);
  f->json = g_build_filename (f->dir, "run.json", NULL);
  f->ckpt = g_build_filename (f->dir, "run.safetensors", NULL);
  test_data_write_fashion_split (f->dir, "train", 500, 1);
  test_data_write_fashion_split (f->dir, "t10k", 100, 2);
}

static void
train_teardown (TrainFixture *f, gconstpointer data)
{
  g_remove (f->json);
  g_remove (f->ckpt);
  test_data_remove_fashion (f->dir);
  g_free (f->dir);
  g_free (f->json);
  g_free (f->ckpt);
}

static void
test_train_small (TrainFixture *f, gconstpointer data)
{
  const char *dir = f->dir, *json = f->json, *ckpt = f->ckpt;
  g_autofree char *contents = NULL;
  g_autoptr(MlpStateDict) sd = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) r = { 0 };
  const char *keys[] = { "\"model\": \"dropout\"", "\"epochs\": 3", "\"seed\": 5", "\"train_loss\"",
                         "\"val_loss\"", "\"val_acc\"", "\"val_acc_curve\"", "\"epoch_seconds\"",
                         "\"load_seconds\"", "\"samples_per_second\"" };
  const char *vals;
  double acc;

  run_cli (&r, "train", "--model", "dropout", "--data", dir, "--epochs", "3", "--seed", "5",
           "--hiddens", "32,16", "--dropout", "0.2", "--batch-size", "25", "--json", json, "--save", ckpt, NULL);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "epoch  3/3"));

  g_assert_true (g_file_get_contents (json, &contents, NULL, &error));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_nonnull (strstr (contents, keys[i]));
  vals = strstr (contents, "\"val_acc\": ");
  g_assert_nonnull (vals);
  acc = g_ascii_strtod (vals + strlen ("\"val_acc\": "), NULL);
  g_assert_cmpfloat (acc, >, 0.9);

  sd = mlp_safetensors_load (ckpt, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sd->names->len, ==, 6);
  g_assert_cmpstr (sd->names->pdata[0], ==, "net.1.weight");
  g_assert_cmpstr (g_hash_table_lookup (sd->metadata, "mlplab.model"), ==, "dropout");
}

/* softmax regression, the chapter before's model: --model softmax with no
 * hidden layer (--hiddens '' says so too); an MLP without a hidden layer and
 * softmax regression with one are refused with words that name the other */
static void
test_train_softmax (TrainFixture *f, gconstpointer data)
{
  const char *dir = f->dir, *json = f->json, *ckpt = f->ckpt;
  g_autofree char *contents = NULL;
  g_autoptr(MlpStateDict) sd = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Run) ok = { 0 };
  g_auto(Run) mlp = { 0 };
  g_auto(Run) hidden = { 0 };

  run_cli (&ok, "train", "--model", "softmax", "--hiddens", "", "--data", dir, "--epochs", "2",
           "--batch-size", "25", "--json", json, "--save", ckpt, NULL);
  g_assert_cmpstr (ok.err, ==, "");
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_nonnull (strstr (ok.out, "softmax: 7850 parameters, hiddens none"));
  g_assert_true (g_file_get_contents (json, &contents, NULL, &error));
  g_assert_nonnull (strstr (contents, "\"model\": \"softmax\""));
  g_assert_nonnull (strstr (contents, "\"hiddens\": []"));
  sd = mlp_safetensors_load (ckpt, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sd->names->len, ==, 2);
  g_assert_cmpstr (sd->names->pdata[0], ==, "net.1.weight");
  g_assert_cmpstr (g_hash_table_lookup (sd->metadata, "mlplab.hiddens"), ==, "");

  run_cli (&mlp, "train", "--model", "mlp", "--hiddens", "", "--data", dir, NULL);
  g_assert_cmpint (mlp.status, ==, 2);
  g_assert_nonnull (strstr (mlp.err, "softmax regression (softmax)"));
  run_cli (&hidden, "train", "--model", "softmax", "--hiddens", "16", "--data", dir, NULL);
  g_assert_cmpint (hidden.status, ==, 2);
  g_assert_nonnull (strstr (hidden.err, "no hidden layer"));
}

/* mlplab-cli exercise and plot exercise: Exercise 4 on the small data set,
 * its JSON, its figures, and the refusals */
static void
test_exercise (TrainFixture *f, gconstpointer data)
{
  const char *dir = f->dir, *json = f->json;
  g_autofree char *contents = NULL, *png = g_build_filename (dir, "ex4.png", NULL);
  g_autofree char *one = g_build_filename (dir, "distance.svg", NULL);
  g_autoptr(GVariant) doc = NULL;
  g_autoptr(GError) error = NULL;
  const char *figures[] = { "accuracy", "probabilities", "distance" };
  g_auto(Run) ok = { 0 };
  g_auto(Run) plot = { 0 };
  g_auto(Run) single = { 0 };
  const char *answer;
  double passes;

  run_cli (&ok, "exercise", "4", "--data", dir, "--epochs", "1", "--passes", "5", "--seed", "2",
           "--json", json, NULL);
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_nonnull (strstr (ok.out, "Exercise 4: Dropout at test time"));
  g_assert_nonnull (strstr (ok.out, "Why is dropout not typically used at test time?"));
  g_assert_nonnull (strstr (ok.out, "\neval_acc "));
  g_assert_true (g_file_get_contents (json, &contents, NULL, &error));
  doc = mlp_json_parse (contents, -1, json, &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (doc, "answer", "&s", &answer));
  g_assert_nonnull (strstr (answer, "In eval mode the network reaches val_acc"));
  g_assert_true (g_variant_lookup (doc, "settings", "@a{sv}", NULL));
  {
    g_autoptr(GVariant) numbers = g_variant_lookup_value (doc, "numbers", G_VARIANT_TYPE_VARDICT);

    g_assert_true (g_variant_lookup (numbers, "passes", "d", &passes));
    g_assert_cmpfloat (passes, ==, 5);
  }

  /* every figure, named after the exercise's figures; or one of them */
  run_cli (&plot, "plot", "exercise", "4", "--data", dir, "--epochs", "1", "--passes", "5", "--out", png, NULL);
  g_assert_cmpint (plot.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (figures); i++)
    {
      g_autofree char *name = g_strdup_printf ("ex4-%s.png", figures[i]);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_assert_nonnull (strstr (plot.out, path));
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      g_remove (path);
    }
  run_cli (&single, "plot", "exercise", "dropout-test", "--figure", "distance", "--data", dir, "--epochs", "1",
           "--passes", "3", "--out", one, NULL);
  g_assert_cmpint (single.status, ==, 0);
  g_assert_true (g_file_test (one, G_FILE_TEST_IS_REGULAR));
  g_remove (one);
}

static void
test_exercise_errors (TrainFixture *f, gconstpointer data)
{
  const char *dir = f->dir;
  g_autofree char *empty = g_dir_make_tmp ("mlplab-empty-XXXXXX", NULL);
  g_autofree char *out = g_build_filename (dir, "x.png", NULL);
  struct {
    const char *args[8];
    int         status;
    const char *message;
  } cases[] = {
    { { "exercise", NULL }, 2, "which exercise?" },
    { { "exercise", "7", NULL }, 2, "unknown exercise '7'" },
    { { "exercise", "1", "--checkpoint", "x.safetensors", NULL }, 2, "--checkpoint belongs to exercise 4" },
    { { "exercise", "4", "--epochs", "5000", NULL }, 2, "--epochs" },
    { { "exercise", "4", "--passes", "-1", NULL }, 2, "--passes" },
    { { "exercise", "4", "--data", empty, NULL }, 1, "dataset-fashion-mnist" },
    { { "plot", "exercise", "4", "--data", dir, NULL }, 2, "--out FILE is required" },
    { { "plot", "exercise", "4", "--figure", "nope", "--out", out, NULL }, 2, "has no figure 'nope'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) r = { 0 };
      const char *const *a = cases[i].args;

      run_cli (&r, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], NULL);
      assert_one_line_error (&r);
      g_assert_cmpint (r.status, ==, cases[i].status);
      if (strstr (r.err, cases[i].message) == NULL)
        g_error ("case %u: '%s' not in: %s", i, cases[i].message, r.err);
    }
  g_rmdir (empty);
}

/* column col (0-based) of CSV line row (0 = the header) of text */
static double
csv_cell (const char *text, guint row, guint col)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_auto(GStrv) cells = NULL;

  g_assert_cmpuint (g_strv_length (lines), >, row);
  cells = g_strsplit (lines[row], ",", -1);
  g_assert_cmpuint (g_strv_length (cells), >, col);
  return g_ascii_strtod (cells[col], NULL);
}

/* plot gradients and plot init draw what gradients and init print: the
 * figure's CSV has the same numbers */
static void
test_plot_deep (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mlplab-plot-XXXXXX", NULL);
  g_autofree char *grad_csv = g_build_filename (dir, "gradients.csv", NULL);
  g_autofree char *init_csv = g_build_filename (dir, "init.csv", NULL);
  g_autofree char *grad_png = g_build_filename (dir, "gradients.png", NULL);
  g_autofree char *plotted = NULL, *plotted_init = NULL;
  g_auto(Run) table = { 0 };
  g_auto(Run) figure = { 0 };
  g_auto(Run) png = { 0 };
  g_auto(Run) init_table = { 0 };
  g_auto(Run) init_figure = { 0 };
  g_auto(Run) bad = { 0 };

  run_cli (&table, "gradients", "--random", "--depth", "4", "--activation", "sigmoid", NULL);
  run_cli (&figure, "plot", "gradients", "--random", "--depth", "4", "--activation", "sigmoid",
           "--out", grad_csv, NULL);
  g_assert_cmpint (figure.status, ==, 0);
  g_assert_true (g_file_get_contents (grad_csv, &plotted, NULL, NULL));
  g_assert_true (g_str_has_prefix (plotted, "x,sigmoid,relu\n"));
  for (guint l = 1; l <= 5; l++)
    g_assert_cmpfloat_with_epsilon (csv_cell (plotted, l, 1), csv_cell (table.out, l, 1),
                                    1e-8 * csv_cell (table.out, l, 1));
  run_cli (&png, "plot", "gradients", "--random", "--depth", "4", "--out", grad_png, NULL);
  g_assert_cmpint (png.status, ==, 0);
  g_assert_true (g_file_test (grad_png, G_FILE_TEST_IS_REGULAR));

  run_cli (&init_table, "init", "--depth", "4", "--schemes", "he,normal:1", NULL);
  run_cli (&init_figure, "plot", "init", "--depth", "4", "--schemes", "he,normal:1", "--show", "gradients",
           "--out", init_csv, NULL);
  g_assert_cmpint (init_figure.status, ==, 0);
  g_assert_true (g_file_get_contents (init_csv, &plotted_init, NULL, NULL));
  g_assert_true (g_str_has_prefix (plotted_init, "x,he,normal:1\n"));
  /* he's layer 2 is line 2 of init's table, normal:1's layer 1 line 6 */
  g_assert_cmpfloat_with_epsilon (csv_cell (plotted_init, 2, 1), csv_cell (init_table.out, 2, 3),
                                  1e-8 * csv_cell (init_table.out, 2, 3));
  g_assert_cmpfloat_with_epsilon (csv_cell (plotted_init, 1, 2), csv_cell (init_table.out, 6, 3),
                                  1e-8 * csv_cell (init_table.out, 6, 3));
  run_cli (&bad, "plot", "init", "--show", "weights", "--out", init_csv, NULL);
  assert_one_line_error (&bad);
  g_assert_cmpint (bad.status, ==, 2);
  g_remove (grad_csv);
  g_remove (init_csv);
  g_remove (grad_png);
  g_rmdir (dir);
}

/* plot confusion|mistakes|weights of a checkpoint: the confusion matrix
 * counts every validation image once and its diagonal is eval's val_acc */
static void
test_plot_run (TrainFixture *f, gconstpointer data)
{
  const char *dir = f->dir, *ckpt = f->ckpt;
  g_autofree char *csv = g_build_filename (dir, "confusion.csv", NULL);
  g_autofree char *png = g_build_filename (dir, "figure.png", NULL);
  g_autofree char *text = NULL;
  g_auto(Run) train = { 0 };
  g_auto(Run) eval = { 0 };
  g_auto(Run) confusion = { 0 };
  g_auto(Run) missing = { 0 };
  g_auto(GStrv) lines = NULL;
  const char *acc;
  guint total = 0, diagonal = 0;

  run_cli (&train, "train", "--model", "mlp", "--data", dir, "--epochs", "2", "--batch-size", "25",
           "--save", ckpt, NULL);
  g_assert_cmpint (train.status, ==, 0);
  run_cli (&eval, "eval", ckpt, "--data", dir, NULL);
  run_cli (&confusion, "plot", "confusion", ckpt, "--data", dir, "--out", csv, NULL);
  g_assert_cmpint (confusion.status, ==, 0);
  g_assert_true (g_file_get_contents (csv, &text, NULL, NULL));
  lines = g_strsplit (text, "\n", -1);
  for (guint r = 1; lines[r] != NULL && *lines[r] != '\0'; r++)
    {
      g_auto(GStrv) cells = g_strsplit (lines[r], ",", -1);

      for (guint c = 1; cells[c] != NULL; c++)
        {
          guint n = (guint) g_ascii_strtoull (cells[c], NULL, 10);

          total += n;
          diagonal += r == c ? n : 0;
        }
    }
  g_assert_cmpuint (total, ==, 100);   /* the fixture's t10k images */
  acc = strstr (eval.out, "val_acc ");
  g_assert_nonnull (acc);
  g_assert_cmpfloat_with_epsilon (g_ascii_strtod (acc + strlen ("val_acc "), NULL), diagonal / 100.0, 1e-4);
  for (guint i = 0; i < 2; i++)
    {
      g_auto(Run) r = { 0 };

      run_cli (&r, "plot", i ? "weights" : "mistakes", ckpt, "--data", dir, "--out", png, NULL);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
      g_remove (png);
    }
  run_cli (&missing, "plot", "weights", "no-such.safetensors", "--data", dir, "--out", png, NULL);
  assert_one_line_error (&missing);
  g_assert_cmpint (missing.status, ==, 1);
  g_remove (csv);
}

/* plot dataset: a page of the selection, and its refusals */
static void
test_plot_dataset (TrainFixture *f, gconstpointer data)
{
  const char *dir = f->dir;
  g_autofree char *png = g_build_filename (dir, "page.png", NULL);
  const char *bad[][2] = { { "--split", "validation" }, { "--class", "hats" }, { "--page", "0" }, { "--page", "99" } };
  g_auto(Run) ok = { 0 };

  run_cli (&ok, "plot", "dataset", "--data", dir, "--split", "test", "--class", "1", "--per-page", "5",
           "--out", png, NULL);
  g_assert_cmpint (ok.status, ==, 0);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));
  g_remove (png);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_auto(Run) r = { 0 };

      run_cli (&r, "plot", "dataset", "--data", dir, bad[i][0], bad[i][1], "--out", png, NULL);
      assert_one_line_error (&r);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_nonnull (strstr (r.err, bad[i][0]));
    }
}

/* Run from the build tree, both programs speak German with LANGUAGE=de: their
 * catalogs come from build/po, not from an installed copy (there is none in a
 * fresh build). */
static void
test_translations_build_tree (void)
{
  const char *programs[] = { test_cli_path (), g_getenv ("MLPLAB_APP") };
  const char *expected[] = { "Aufruf: mlplab-cli BEFEHL", "Im Präsentationsmodus starten" };

  for (guint i = 0; i < G_N_ELEMENTS (programs); i++)
    {
      g_auto(Run) r = { 0 };
      g_auto(GStrv) envp = g_get_environ ();
      char *argv[] = { (char *) programs[i], (char *) "--help", NULL };

      g_assert_nonnull (programs[i]);
      envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
      envp = g_environ_setenv (envp, "LANGUAGE", "de", TRUE);
      envp = g_environ_unsetenv (envp, "DISPLAY");
      envp = g_environ_unsetenv (envp, "WAYLAND_DISPLAY");
      run_program (&r, envp, argv);
      g_assert_cmpint (r.status, ==, 0);
      g_assert_nonnull (strstr (r.out, expected[i]));
    }
}

/* `mlplab --help` names every section; an unknown one is an error that
 * lists them (mlplab --section foo used to open the last section silently) */
static void
test_app_sections (void)
{
  const char *sections[] = { "activations", "stability", "initialization", "training", "dropout", "dataset" };
  const char *app_path = g_getenv ("MLPLAB_APP");
  char *help_argv[] = { (char *) app_path, (char *) "--help", NULL };
  char *bad_argv[] = { (char *) app_path, (char *) "--section", (char *) "foo", NULL };
  g_auto(Run) help = { 0 };
  g_auto(Run) bad = { 0 };
  g_auto(GStrv) envp = g_environ_unsetenv (g_get_environ (), "DISPLAY");

  g_assert_nonnull (app_path);
  run_program (&help, envp, help_argv);
  run_program (&bad, envp, bad_argv);
  g_assert_cmpint (help.status, ==, 0);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_cmpuint (count_lines (bad.err), ==, 1);
  g_assert_nonnull (strstr (bad.err, "foo"));
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    {
      g_assert_nonnull (strstr (help.out, sections[i]));
      g_assert_nonnull (strstr (bad.err, sections[i]));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/activations/grid", test_activations_grid);
  g_test_add_func ("/cli/activations/prelu", test_activations_prelu);
  g_test_add_func ("/cli/activations/errors", test_activations_errors);
  g_test_add_func ("/cli/explode", test_explode);
  g_test_add_func ("/cli/dropout-demo", test_dropout_demo);
  g_test_add_func ("/cli/usage-errors", test_usage_errors);
  g_test_add ("/cli/train-small", TrainFixture, NULL, train_setup, test_train_small, train_teardown);
  g_test_add ("/cli/train-softmax", TrainFixture, NULL, train_setup, test_train_softmax, train_teardown);
  g_test_add ("/cli/exercise", TrainFixture, NULL, train_setup, test_exercise, train_teardown);
  g_test_add ("/cli/exercise/errors", TrainFixture, NULL, train_setup, test_exercise_errors, train_teardown);
  g_test_add_func ("/cli/plot", test_plot);
  g_test_add_func ("/cli/plot-deep", test_plot_deep);
  g_test_add ("/cli/plot-run", TrainFixture, NULL, train_setup, test_plot_run, train_teardown);
  g_test_add ("/cli/plot-dataset", TrainFixture, NULL, train_setup, test_plot_dataset, train_teardown);
  g_test_add_func ("/cli/gradients", test_gradients);
  g_test_add_func ("/cli/init", test_init);
  g_test_add_func ("/cli/translations/build-tree", test_translations_build_tree);
  g_test_add_func ("/cli/app/sections", test_app_sections);
  return g_test_run ();
}
