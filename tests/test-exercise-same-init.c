/* test-exercise-same-init.c — Exercise 3 (mlp-exercise-same-init.h) and the
 * linear regression it starts from (mlp-linreg.h): d2l's synthetic data,
 * the MSE's gradient, recovery of w and b from any init, the numbers'
 * meaning on small blobs (zero-init softmax learns with rows that differ, a
 * constant-init MLP keeps identical hidden units), determinism, cancel, the
 * JSON and the report. */
#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "mlp-error.h"
#include "mlp-exercise-report.h"
#include "mlp-exercise-same-init.h"
#include "mlp-exercise.h"
#include "mlp-json-reader.h"
#include "test-blobs.h"

static const char *const expected_keys[] = {
  "linear.random.w1", "linear.random.w2", "linear.random.b", "linear.random.error",
  "linear.random.val_loss",
  "linear.zeros.w1", "linear.zeros.w2", "linear.zeros.b", "linear.zeros.error", "linear.zeros.val_loss",
  "linear.constant.w1", "linear.constant.w2", "linear.constant.b", "linear.constant.error",
  "linear.constant.val_loss",
  "softmax.random.val_acc", "softmax.random.row_distance",
  "softmax.zeros.val_acc", "softmax.zeros.row_distance",
  "softmax.constant.val_acc", "softmax.constant.row_distance",
  "mlp.constant.val_acc", "mlp.constant.hidden_spread",
  "mlp.random.val_acc", "mlp.random.hidden_spread",
  "constant",
};

/* ------------------------------------------------------ linear regression */

static void
test_linreg_data (void)
{
  MlpLinRegConfig c;
  g_autoptr(MlpTensor) X = NULL;
  g_autoptr(MlpTensor) y = NULL;
  g_autoptr(MlpTensor) X2 = NULL;
  g_autoptr(MlpTensor) y2 = NULL;
  double mean_r = 0, var_r = 0, mean_x = 0, var_x = 0;
  gsize n;

  mlp_linreg_config_init (&c);
  g_assert_cmpfloat (c.w[0], ==, 2.0f);
  g_assert_cmpfloat (c.w[1], ==, -3.4f);
  g_assert_cmpfloat (c.b, ==, 4.2f);
  g_assert_cmpuint (c.n_train, ==, 1000);
  g_assert_cmpuint (c.batch_size, ==, 32);
  mlp_linreg_synthetic_data (&c, &X, &y);
  n = c.n_train + c.n_val;
  g_assert_cmpuint (X->shape[0], ==, n);
  g_assert_cmpuint (X->shape[1], ==, 2);
  g_assert_cmpuint (y->numel, ==, n);
  /* y − X w − b is the noise: mean 0, σ 0.01; X ~ N(0, 1) */
  for (gsize i = 0; i < n; i++)
    {
      double r = y->data[i] - (X->data[2 * i] * 2.0 - X->data[2 * i + 1] * 3.4 + 4.2);

      mean_r += r;
      var_r += r * r;
      mean_x += X->data[2 * i] + X->data[2 * i + 1];
      var_x += X->data[2 * i] * X->data[2 * i] + X->data[2 * i + 1] * X->data[2 * i + 1];
    }
  g_assert_cmpfloat (fabs (mean_r / n), <, 2e-3);
  g_assert_cmpfloat_with_epsilon (sqrt (var_r / n), 0.01, 0.001);
  g_assert_cmpfloat (fabs (mean_x / (2 * n)), <, 0.05);
  g_assert_cmpfloat_with_epsilon (var_x / (2 * n), 1.0, 0.1);
  /* seeded: the same seed, the same data; another, other data */
  mlp_linreg_synthetic_data (&c, &X2, &y2);
  g_assert_cmpmem (X->data, X->numel * 4, X2->data, X2->numel * 4);
  g_clear_pointer (&X2, mlp_tensor_unref);
  g_clear_pointer (&y2, mlp_tensor_unref);
  c.seed = 5;
  mlp_linreg_synthetic_data (&c, &X2, &y2);
  g_assert_cmpfloat (X->data[0], !=, X2->data[0]);
}

/* Full-batch gradient descent, one step from zeros: the MSE's gradient
 * (no ½) is 2 mean((ŷ − y) x) = −2 mean(y x), so w = 2 η mean(y x) and
 * b = 2 η mean(y); and the loss before training is mean(y²). */
static void
test_linreg_one_step (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpLinRegResult) r = NULL;
  g_autoptr(MlpTensor) X = NULL;
  g_autoptr(MlpTensor) y = NULL;
  double yx[2] = { 0, 0 }, sy = 0, yy_val = 0;
  MlpLinRegConfig c;

  mlp_linreg_config_init (&c);
  c.n_train = 200;
  c.n_val = 100;
  c.batch_size = 200;
  c.epochs = 1;
  c.init.kind = MLP_INIT_ZEROS;
  mlp_linreg_synthetic_data (&c, &X, &y);
  for (gsize i = 0; i < c.n_train; i++)
    {
      yx[0] += y->data[i] * X->data[2 * i];
      yx[1] += y->data[i] * X->data[2 * i + 1];
      sy += y->data[i];
    }
  for (gsize i = c.n_train; i < c.n_train + c.n_val; i++)
    yy_val += (double) y->data[i] * y->data[i];
  r = mlp_linreg_run (&c, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat_with_epsilon (r->w[0], 2 * c.lr * yx[0] / c.n_train, 1e-5);
  g_assert_cmpfloat_with_epsilon (r->w[1], 2 * c.lr * yx[1] / c.n_train, 1e-5);
  g_assert_cmpfloat_with_epsilon (r->b, 2 * c.lr * sy / c.n_train, 1e-5);
  g_assert_cmpfloat_with_epsilon (r->val_loss_init, yy_val / c.n_val, 1e-4 * yy_val / c.n_val);
}

/* d2l's values recover w and b from random, zero and constant weights */
static void
test_linreg_recovers (void)
{
  const MlpInit inits[] = { { MLP_INIT_NORMAL, 0.01f }, { MLP_INIT_ZEROS, 0 }, { MLP_INIT_CONSTANT, 1.5f } };

  for (guint k = 0; k < G_N_ELEMENTS (inits); k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MlpLinRegResult) r = NULL;
      MlpLinRegConfig c;

      mlp_linreg_config_init (&c);
      c.init = inits[k];
      c.seed = 3;
      r = mlp_linreg_run (&c, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (r->n_epochs, ==, 3);
      g_assert_cmpfloat (fabs (r->w[0] - 2.0), <, 0.05);
      g_assert_cmpfloat (fabs (r->w[1] + 3.4), <, 0.05);
      g_assert_cmpfloat (fabs (r->b - 4.2), <, 0.05);
      /* the losses fall, and end near the noise σ² = 1e-4 */
      g_assert_cmpfloat (r->val_loss_init, >, 10.0);
      g_assert_cmpfloat (r->val_loss[0], <, r->val_loss_init);
      g_assert_cmpfloat (r->val_loss[2], <, r->val_loss[0]);
      g_assert_cmpfloat (r->val_loss[2], <, 2e-3);
      g_assert_cmpfloat (r->train_loss[2], <, r->train_loss[0]);
    }
}

static gboolean
stop_now (gpointer user_data)
{
  return TRUE;
}

static void
test_linreg_refusals (void)
{
  MlpTrainerCallbacks cb = { .should_stop = stop_now };
  g_autoptr(GError) error = NULL;
  MlpLinRegConfig c;

  mlp_linreg_config_init (&c);
  c.batch_size = 0;
  g_assert_null (mlp_linreg_run (&c, NULL, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  mlp_linreg_config_init (&c);
  c.lr = NAN;
  g_assert_null (mlp_linreg_run (&c, NULL, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  mlp_linreg_config_init (&c);
  g_assert_null (mlp_linreg_run (&c, &cb, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_CANCELLED);
  g_clear_error (&error);
  /* far too large a step overshoots further each time, to infinity */
  c.lr = 10.0f;
  g_assert_null (mlp_linreg_run (&c, NULL, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_DIVERGED);
}

/* ---------------------------------------------------------- the exercise */

typedef struct {
  MlpDataset *train, *val;
} Blobs;

static void
blobs_setup (Blobs *b, gconstpointer data)
{
  b->train = test_blobs_new (600, 8, 4, 11);
  b->val = test_blobs_new (200, 8, 4, 12);
}

static void
blobs_teardown (Blobs *b, gconstpointer data)
{
  mlp_dataset_free (b->train);
  mlp_dataset_free (b->val);
}

static MlpExerciseResult *
run (Blobs *b, guint64 seed, GError **error)
{
  MlpExerciseConfig c;

  mlp_exercise_config_init (&c);
  c.seed = seed;
  return mlp_exercise_run (MLP_EXERCISE_SAME_INIT, &c, b->train, b->val, error);
}

static double
num (const MlpExerciseResult *r, const char *key)
{
  double v = NAN;

  g_assert_true (mlp_exercise_result_get_number (r, key, &v));
  return v;
}

static void
test_numbers (Blobs *b, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpExerciseResult) r = run (b, 1, &error);
  const MlpSameInitDetails *d;
  static const char *const inits[] = { "random", "zeros", "constant" };

  g_assert_no_error (error);
  g_assert_cmpuint (r->numbers->len, ==, G_N_ELEMENTS (expected_keys));
  for (guint i = 0; i < G_N_ELEMENTS (expected_keys); i++)
    g_assert_cmpstr (g_array_index (r->numbers, MlpExerciseNumber, i).key, ==, expected_keys[i]);
  g_assert_cmpuint (r->config.epochs, ==, 3);
  g_assert_cmpuint (r->config.limit_train, ==, 10000);
  for (guint k = 0; k < G_N_ELEMENTS (inits); k++)
    {
      g_autofree char *error_key = g_strdup_printf ("linear.%s.error", inits[k]);
      g_autofree char *acc_key = g_strdup_printf ("softmax.%s.val_acc", inits[k]);
      g_autofree char *dist_key = g_strdup_printf ("softmax.%s.row_distance", inits[k]);

      g_assert_cmpfloat (num (r, error_key), <, 0.05);
      /* the blobs are easy: every softmax regression learns them, whatever its init */
      g_assert_cmpfloat (num (r, acc_key), >, 0.9);
      g_assert_cmpfloat (num (r, dist_key), >, 0.01);
    }
  g_assert_cmpfloat (fabs (num (r, "linear.zeros.w1") - 2.0), <, 0.05);
  g_assert_cmpfloat (fabs (num (r, "linear.constant.b") - 4.2), <, 0.05);
  /* 0 with OpenBLAS's kernels; other kernels (valgrind's CPU) round the
   * units' columns apart by ~1e-10 */
  g_assert_cmpfloat (num (r, "mlp.constant.hidden_spread"), <, 1e-6);
  g_assert_cmpfloat (num (r, "mlp.random.hidden_spread"), >, 0.01);
  g_assert_cmpfloat (num (r, "mlp.random.val_acc"), >, 0.9);
  g_assert_cmpfloat (num (r, "constant"), ==, MLP_SAME_INIT_C);

  /* the details: the weights the figures draw */
  d = r->details;
  g_assert_nonnull (d);
  g_assert_cmpuint (d->n_classes, ==, 4);
  g_assert_cmpuint (d->rows, ==, 8);
  g_assert_cmpuint (d->num_inputs, ==, 64);
  g_assert_cmpuint (d->hidden, ==, 256);
  g_assert_cmpuint (d->mlp_constant.n_units, ==, MLP_SAME_INIT_MLP_UNITS);
  for (guint u = 1; u < d->mlp_constant.n_units; u++)
    for (guint i = 0; i < 64; i++)
      g_assert_cmpfloat_with_epsilon (d->mlp_constant.unit_weights[u * 64 + i],
                                      d->mlp_constant.unit_weights[i], 1e-6);
  /* the units moved off c: they learned, all alike */
  g_assert_cmpfloat (fabs (d->mlp_constant.unit_weights[0] - MLP_SAME_INIT_C), >, 1e-6);
  /* a zero-init softmax row moved off 0, and two rows differ */
  g_assert_cmpfloat (fabs (d->softmax[MLP_SAME_INIT_ZEROS].weights[0]), >, 0);
  g_assert_cmpfloat (d->softmax[MLP_SAME_INIT_ZEROS].weights[0], !=,
                     d->softmax[MLP_SAME_INIT_ZEROS].weights[64]);
  g_assert_cmpfloat (d->linear[MLP_SAME_INIT_RANDOM]->val_loss[2], <, 2e-3);
}

static void
test_deterministic (Blobs *b, gconstpointer data)
{
  g_autoptr(MlpExerciseResult) r1 = run (b, 7, NULL);
  g_autoptr(MlpExerciseResult) r2 = run (b, 7, NULL);
  g_autoptr(MlpExerciseResult) r3 = run (b, 8, NULL);
  gboolean any_differs = FALSE;

  g_assert_nonnull (r1);
  g_assert_nonnull (r2);
  g_assert_nonnull (r3);
  g_assert_cmpuint (r1->numbers->len, ==, r2->numbers->len);
  for (guint i = 0; i < r1->numbers->len; i++)
    {
      double v1 = g_array_index (r1->numbers, MlpExerciseNumber, i).value;

      g_assert_cmpmem (&v1, sizeof v1, &g_array_index (r2->numbers, MlpExerciseNumber, i).value, sizeof v1);
      any_differs |= v1 != g_array_index (r3->numbers, MlpExerciseNumber, i).value;
    }
  g_assert_true (any_differs);
}

/* counts the questions; stops at the n-th when n > 0 */
typedef struct {
  guint asked, stop_at;
} StopCount;

static gboolean
stop_at (gpointer user_data)
{
  StopCount *s = user_data;

  return ++s->asked == s->stop_at;
}

static void
test_cancel (Blobs *b, gconstpointer data)
{
  StopCount count = { 0, 0 };
  MlpExerciseConfig c;
  g_autoptr(MlpExerciseResult) full = NULL;

  mlp_exercise_config_init (&c);
  c.should_stop = stop_at;
  c.user_data = &count;
  full = mlp_exercise_run (MLP_EXERCISE_SAME_INIT, &c, b->train, b->val, NULL);
  g_assert_nonnull (full);
  /* at least once per minibatch: 3 × 96 of linear regression, then the others' */
  g_assert_cmpuint (count.asked, >, 3 * 96);
  /* the first question (linear regression), one in softmax regression, the last (the random MLP) */
  for (guint i = 0; i < 3; i++)
    {
      const guint at[] = { 1, 3 * 96 + 5, count.asked };
      StopCount stop = { 0, at[i] };
      g_autoptr(GError) error = NULL;
      g_autoptr(MlpExerciseResult) r = NULL;

      c.user_data = &stop;
      r = mlp_exercise_run (MLP_EXERCISE_SAME_INIT, &c, b->train, b->val, &error);
      g_assert_null (r);
      g_assert_error (error, MLP_ERROR, MLP_ERROR_CANCELLED);
      g_assert_cmpuint (stop.asked, ==, at[i]);
    }
}

static void
test_json (Blobs *b, gconstpointer data)
{
  g_autoptr(MlpExerciseResult) r = run (b, 1, NULL);
  g_autoptr(MlpJsonWriter) w = mlp_json_writer_new (MLP_JSON_PRETTY);
  g_autoptr(GString) text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) doc = NULL;
  g_autoptr(GVariant) numbers = NULL;
  g_autoptr(GVariant) details = NULL;
  g_autoptr(GVariant) linear = NULL;
  g_autoptr(GVariant) zeros = NULL;
  g_autoptr(GVariant) w_arr = NULL;
  g_autoptr(GVariant) val_loss = NULL;
  g_autoptr(GVariant) softmax = NULL;
  g_autoptr(GVariant) sz = NULL;
  g_autoptr(GVariant) weights = NULL;
  g_autoptr(GArray) ws = NULL;
  g_autoptr(GArray) vl = NULL;
  double v, rows, spread;

  mlp_json_writer_begin_object (w);
  mlp_exercise_result_write_json (r, w);
  mlp_json_writer_end_object (w);
  text = mlp_json_writer_steal_string (w);
  /* the weights only as summaries: the text stays small */
  g_assert_cmpuint (text->len, <, 12000);
  doc = mlp_json_parse (text->str, -1, "same-init.json", &error);
  g_assert_no_error (error);
  numbers = g_variant_lookup_value (doc, "numbers", G_VARIANT_TYPE_VARDICT);
  g_assert_true (g_variant_lookup (numbers, "softmax.zeros.val_acc", "d", &v));
  g_assert_cmpfloat (v, ==, num (r, "softmax.zeros.val_acc"));
  g_assert_true (g_variant_lookup (numbers, "constant", "d", &v));
  g_assert_cmpfloat_with_epsilon (v, MLP_SAME_INIT_C, 1e-7);
  details = g_variant_lookup_value (doc, "details", G_VARIANT_TYPE_VARDICT);
  linear = g_variant_lookup_value (details, "linear", G_VARIANT_TYPE_VARDICT);
  zeros = g_variant_lookup_value (linear, "zeros", G_VARIANT_TYPE_VARDICT);
  w_arr = g_variant_lookup_value (zeros, "w", G_VARIANT_TYPE ("av"));
  ws = mlp_json_dup_doubles (w_arr);
  g_assert_cmpuint (ws->len, ==, 2);
  g_assert_cmpfloat_with_epsilon (g_array_index (ws, double, 0), num (r, "linear.zeros.w1"), 1e-6);
  val_loss = g_variant_lookup_value (zeros, "val_loss", G_VARIANT_TYPE ("av"));
  vl = mlp_json_dup_doubles (val_loss);
  g_assert_cmpuint (vl->len, ==, 3);
  softmax = g_variant_lookup_value (details, "softmax", G_VARIANT_TYPE_VARDICT);
  sz = g_variant_lookup_value (softmax, "zeros", G_VARIANT_TYPE_VARDICT);
  weights = g_variant_lookup_value (sz, "weights", G_VARIANT_TYPE_VARDICT);
  g_assert_true (g_variant_lookup (weights, "rows", "d", &rows));
  g_assert_cmpfloat (rows, ==, 4);
  g_assert_true (g_variant_lookup (weights, "mean_row_norm", "d", &v));
  g_assert_cmpfloat (v, >, 0);
  g_assert_true (g_variant_lookup (details, "hidden", "d", &v));
  g_assert_cmpfloat (v, ==, 256);
  g_clear_pointer (&sz, g_variant_unref);
  g_clear_pointer (&softmax, g_variant_unref);
  softmax = g_variant_lookup_value (details, "mlp", G_VARIANT_TYPE_VARDICT);
  sz = g_variant_lookup_value (softmax, "constant", G_VARIANT_TYPE_VARDICT);
  g_assert_true (g_variant_lookup (sz, "hidden_spread", "d", &spread));
  g_assert_cmpfloat (spread, ==, num (r, "mlp.constant.hidden_spread"));
}

/* ------------------------------------------------------------ the report */

static void
set_number (MlpExerciseResult *r, const char *key, double value)
{
  for (guint i = 0; i < r->numbers->len; i++)
    {
      MlpExerciseNumber *n = &g_array_index (r->numbers, MlpExerciseNumber, i);

      if (strcmp (n->key, key) == 0)
        {
          n->value = value;
          return;
        }
    }
  g_assert_not_reached ();
}

static void assert_quotes (const char *answer, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* the answer holds the number as format prints it */
static void
assert_quotes (const char *answer, const char *format, ...)
{
  g_autofree char *s = NULL;
  va_list args;

  va_start (args, format);
  s = g_strdup_vprintf (format, args);
  va_end (args);

  if (strstr (answer, s) == NULL)
    g_error ("the answer does not quote %s: %s", s, answer);
}

static void
test_report_figures (Blobs *b, gconstpointer data)
{
  g_autoptr(MlpExerciseResult) r = run (b, 1, NULL);
  MlpExerciseConfig c;
  g_autofree char *describe = NULL;

  g_assert_cmpuint (mlp_exercise_n_figures (MLP_EXERCISE_SAME_INIT), ==, 3);
  g_assert_cmpstr (mlp_exercise_figure_name (MLP_EXERCISE_SAME_INIT, 0), ==, "linear");
  g_assert_cmpstr (mlp_exercise_figure_name (MLP_EXERCISE_SAME_INIT, 1), ==, "softmax-weights");
  g_assert_cmpstr (mlp_exercise_figure_name (MLP_EXERCISE_SAME_INIT, 2), ==, "mlp-hidden");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(MlpPlot) plot = mlp_exercise_figure (r, i);
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 640, 480);
      cairo_t *cr = cairo_create (surface);

      g_assert_nonnull (mlp_plot_get_title (plot));
      if (i == 0)
        {
          gsize n;

          /* three inits and the noise floor; epochs 0 … 3 */
          g_assert_cmpuint (mlp_plot_get_n_series (plot), ==, 4);
          mlp_plot_series_get_y (plot, 1, &n);
          g_assert_cmpuint (n, ==, 4);
          g_assert_nonnull (strstr (mlp_plot_series_get_label (plot, 1), "zeros"));
        }
      else
        g_assert_cmpuint (mlp_plot_get_n_images (plot), ==, i == 1 ? 3 * 4 : 2 * MLP_SAME_INIT_MLP_UNITS);
      mlp_plot_render (plot, cr, 640, 480, NULL);
      g_assert_cmpfloat (mlp_plot_get_min_text_px (plot), >, 0);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
  mlp_exercise_config_init (&c);
  c.epochs = 4;
  describe = mlp_exercise_describe_run (MLP_EXERCISE_SAME_INIT, &c);
  g_assert_nonnull (strstr (describe, "4 epochs"));
  g_assert_nonnull (strstr (describe, "10000"));
  g_assert_nonnull (strstr (describe, "0.001"));
}

static void
test_report_answer (Blobs *b, gconstpointer data)
{
  g_autoptr(MlpExerciseResult) r = run (b, 1, NULL);
  g_autofree char *yes = mlp_exercise_answer (r);
  g_autofree char *no_mlp = NULL;
  g_autofree char *no_linear = NULL;
  g_autofree char *no_softmax = NULL;
  g_autofree char *same_rows = NULL;

  assert_quotes (yes, "%.4f", num (r, "linear.zeros.w1"));
  assert_quotes (yes, "%.4f", num (r, "linear.constant.b"));
  assert_quotes (yes, "%.4f", num (r, "softmax.zeros.val_acc"));
  assert_quotes (yes, "%.4f", num (r, "softmax.random.val_acc"));
  assert_quotes (yes, "%.4f", num (r, "softmax.constant.row_distance"));
  assert_quotes (yes, "%.4f", num (r, "mlp.constant.val_acc"));
  assert_quotes (yes, "differ by %.2g", num (r, "mlp.constant.hidden_spread"));
  g_assert_nonnull (strstr (yes, "Every init recovered w and b"));
  g_assert_nonnull (strstr (yes, "as good, within 0.02"));
  g_assert_nonnull (strstr (yes, "kept its hidden units identical"));
  g_assert_nonnull (strstr (yes, "So yes"));

  set_number (r, "mlp.constant.hidden_spread", 0.25);
  no_mlp = mlp_exercise_answer (r);
  g_assert_nonnull (strstr (no_mlp, "did not keep its hidden units identical"));
  assert_quotes (no_mlp, "%.4g", 0.25);
  g_assert_null (strstr (no_mlp, "So yes"));
  g_assert_nonnull (strstr (no_mlp, "do not all bear out"));
  set_number (r, "mlp.constant.hidden_spread", 0);

  set_number (r, "linear.zeros.error", 1.5);
  no_linear = mlp_exercise_answer (r);
  g_assert_nonnull (strstr (no_linear, "Not every init recovered"));
  g_assert_nonnull (strstr (no_linear, "zeros (1.5000)"));
  g_assert_null (strstr (no_linear, "So yes"));
  set_number (r, "linear.zeros.error", 0.001);

  set_number (r, "softmax.zeros.val_acc", num (r, "softmax.random.val_acc") - 0.3);
  no_softmax = mlp_exercise_answer (r);
  g_assert_nonnull (strstr (no_softmax, "not as good"));
  g_assert_null (strstr (no_softmax, "So yes"));
  set_number (r, "softmax.zeros.val_acc", num (r, "softmax.random.val_acc"));

  set_number (r, "softmax.constant.row_distance", 0);
  same_rows = mlp_exercise_answer (r);
  g_assert_nonnull (strstr (same_rows, "kept the same weight row"));
  g_assert_null (strstr (same_rows, "So yes"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/exercise-same-init/linreg/data", test_linreg_data);
  g_test_add_func ("/exercise-same-init/linreg/one-step", test_linreg_one_step);
  g_test_add_func ("/exercise-same-init/linreg/recovers", test_linreg_recovers);
  g_test_add_func ("/exercise-same-init/linreg/refusals", test_linreg_refusals);
  g_test_add ("/exercise-same-init/numbers", Blobs, NULL, blobs_setup, test_numbers, blobs_teardown);
  g_test_add ("/exercise-same-init/deterministic", Blobs, NULL, blobs_setup, test_deterministic,
              blobs_teardown);
  g_test_add ("/exercise-same-init/cancel", Blobs, NULL, blobs_setup, test_cancel, blobs_teardown);
  g_test_add ("/exercise-same-init/json", Blobs, NULL, blobs_setup, test_json, blobs_teardown);
  g_test_add ("/exercise-same-init/report/figures", Blobs, NULL, blobs_setup, test_report_figures,
              blobs_teardown);
  g_test_add ("/exercise-same-init/report/answer", Blobs, NULL, blobs_setup, test_report_answer,
              blobs_teardown);
  return g_test_run ();
}
