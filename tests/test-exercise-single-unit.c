/* test-exercise-single-unit.c — Exercise 2 (mlp-exercise-single-unit.h):
 * a hidden layer's output as the engine reads it, a dead unit's zero
 * gradient, the run's numbers and what they mean, determinism, cancel, the
 * JSON and the report's figures and answer. */
#include <math.h>
#include <string.h>

#include "mlp-error.h"
#include "mlp-exercise-report.h"
#include "mlp-exercise-single-unit.h"
#include "mlp-json-reader.h"
#include "mlp-ops.h"
#include "test-blobs.h"

#define SIDE    6
#define CLASSES 4
/* on these blobs, seed 11 kills one 36-1-4 ReLU unit (the first: the
 * histogram is of the second) and one bottleneck unit */
#define SEED    11

/* the first n images of ds as (n, side²) */
static MlpTensor *
batch (const MlpDataset *ds, gsize n, guint8 *labels)
{
  MlpTensor *X = mlp_tensor_new_2d (n, (gsize) ds->rows * ds->cols);
  g_autofree guint32 *idx = g_new (guint32, n);

  for (gsize i = 0; i < n; i++)
    idx[i] = (guint32) i;
  mlp_dataset_fill_batch (ds, idx, X, labels);
  return X;
}

static MlpModel *
model_new (MlpModelKind kind, guint n_hidden, const gsize *hiddens, MlpActivation activation)
{
  MlpModelConfig mc;

  mlp_model_config_init (&mc, kind);
  mc.num_inputs = SIDE * SIDE;
  mc.num_outputs = CLASSES;
  mc.n_hidden = n_hidden;
  for (guint l = 0; l < n_hidden; l++)
    {
      mc.hiddens[l] = hiddens[l];
      mc.dropouts[l] = mlp_model_kind_has_dropout (kind) ? 0.5f : 0.0f;
    }
  mc.activation = activation;
  mc.seed = 7;
  return mlp_model_new (&mc, NULL);
}

/* the last hidden layer's output through the output layer (weight (out, in)
 * or, transposed, (in, out)) gives the model's logits */
static void
check_last_hidden_gives_logits (MlpModel *model, MlpTensor *X)
{
  const MlpModelConfig *mc = mlp_model_get_config (model);
  g_autoptr(MlpStateDict) sd = mlp_model_parameters (model);
  const MlpTensor *W = sd->tensors->pdata[sd->tensors->len - 2];
  const MlpTensor *b = sd->tensors->pdata[sd->tensors->len - 1];
  gsize in = mc->hiddens[mc->n_hidden - 1], out = mc->num_outputs;
  gboolean transposed = mc->kind == MLP_MODEL_MLP_SCRATCH;
  g_autoptr(MlpTensor) H = mlp_model_hidden_output (model, X, mc->n_hidden - 1, NULL);
  g_autoptr(MlpTensor) logits = NULL;

  g_assert_nonnull (H);
  g_assert_cmpuint (H->shape[1], ==, in);
  mlp_no_grad_begin ();
  mlp_model_set_training (model, FALSE);
  logits = mlp_model_forward (model, X);
  mlp_model_set_training (model, TRUE);
  mlp_no_grad_end ();
  for (gsize i = 0; i < H->shape[0]; i++)
    for (gsize o = 0; o < out; o++)
      {
        double z = b->data[o];

        for (gsize j = 0; j < in; j++)
          z += (double) H->data[i * in + j] * W->data[transposed ? j * out + o : o * in + j];
        g_assert_cmpfloat_with_epsilon (z, logits->data[i * out + o], 1e-4);
      }
}

static void
test_hidden_output (void)
{
  g_autoptr(MlpDataset) ds = test_blobs_new (20, SIDE, CLASSES, 3);
  g_autoptr(MlpTensor) X = batch (ds, 20, NULL);
  const gsize bottleneck[3] = { 8, 1, 8 };
  const MlpModelKind kinds[3] = { MLP_MODEL_MLP, MLP_MODEL_MLP_SCRATCH, MLP_MODEL_DROPOUT };

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(MlpModel) model = model_new (kinds[i], 3, bottleneck, MLP_ACTIVATION_RELU);
      g_autoptr(MlpTensor) unit = mlp_model_hidden_output (model, X, 1, NULL);

      check_last_hidden_gives_logits (model, X);
      /* the one-unit layer: (N, 1), after ReLU, no graph, training mode kept */
      g_assert_cmpuint (unit->shape[0], ==, 20);
      g_assert_cmpuint (unit->shape[1], ==, 1);
      g_assert_null (unit->grad_fn);
      for (gsize k = 0; k < unit->numel; k++)
        g_assert_cmpfloat (unit->data[k], >=, 0.0f);
      g_assert_true (mlp_model_get_training (model));
    }
}

static void
test_hidden_output_refusals (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpDataset) ds = test_blobs_new (4, SIDE, CLASSES, 3);
  g_autoptr(MlpTensor) X = batch (ds, 4, NULL);
  const gsize h[2] = { 5, 5 };
  g_autoptr(MlpModel) mlp = model_new (MLP_MODEL_MLP, 2, h, MLP_ACTIVATION_TANH);
  g_autoptr(MlpModel) scratch = model_new (MLP_MODEL_DROPOUT_SCRATCH, 2, h, MLP_ACTIVATION_RELU);

  g_assert_null (mlp_model_hidden_output (mlp, X, 2, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_null (mlp_model_hidden_output (scratch, X, 0, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "dropout-scratch"));
}

/* a ReLU unit pushed below 0 for every image outputs 0 and passes no
 * gradient to the first layer; tanh in its place does */
static void
test_dead_unit_zero_gradient (void)
{
  g_autoptr(MlpDataset) ds = test_blobs_new (32, SIDE, CLASSES, 5);
  guint8 labels[32];
  g_autoptr(MlpTensor) X = batch (ds, 32, labels);
  const gsize one = 1;

  for (guint a = 0; a < 2; a++)
    {
      MlpActivation act = a == 0 ? MLP_ACTIVATION_RELU : MLP_ACTIVATION_TANH;
      g_autoptr(MlpModel) model = model_new (MLP_MODEL_MLP, 1, &one, act);
      g_autoptr(MlpStateDict) sd = mlp_model_parameters (model);
      MlpTensor *W1 = sd->tensors->pdata[0], *b1 = sd->tensors->pdata[1];
      g_autoptr(MlpTensor) unit = NULL, logits = NULL, loss = NULL;
      double norm = 0;

      b1->data[0] = -1000.0f;
      unit = mlp_model_hidden_output (model, X, 0, NULL);
      for (gsize i = 0; i < unit->numel; i++)
        g_assert_cmpfloat (unit->data[i], ==, a == 0 ? 0.0f : -1.0f);
      b1->data[0] = a == 0 ? -1000.0f : 0.0f;   /* tanh: a live unit */
      logits = mlp_model_forward (model, X);
      loss = mlp_softmax_cross_entropy (logits, labels);
      mlp_tensor_backward (loss, NULL);
      for (gsize i = 0; W1->grad && i < W1->numel; i++)
        norm += (double) W1->grad[i] * W1->grad[i];
      if (a == 0)
        g_assert_cmpfloat (norm, ==, 0.0);
      else
        g_assert_cmpfloat (norm, >, 0.0);
    }
}

/* ---------------------------------------------------------------- runs */

typedef struct {
  MlpDataset *train, *val;
} Data;

static Data data;

static void
config_small (MlpExerciseConfig *c)
{
  mlp_exercise_config_init (c);
  c->seed = SEED;
  c->limit_train = 512;
  c->limit_val = 120;
  c->epochs = 3;
  c->n_seeds = 3;
}

static MlpExerciseResult *
run_small (void)
{
  g_autoptr(GError) error = NULL;
  MlpExerciseConfig c;
  MlpExerciseResult *r;

  config_small (&c);
  r = mlp_exercise_run (MLP_EXERCISE_SINGLE_UNIT, &c, data.train, data.val, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

static const char *const keys[] = {
  "w1_relu.val_acc_mean", "w1_relu.val_acc_min", "w1_relu.val_acc_max",
  "w1_tanh.val_acc_mean", "w1_tanh.val_acc_min", "w1_tanh.val_acc_max",
  "bottleneck_relu.val_acc_mean", "bottleneck_relu.val_acc_min", "bottleneck_relu.val_acc_max",
  "bottleneck_tanh.val_acc_mean", "bottleneck_tanh.val_acc_min", "bottleneck_tanh.val_acc_max",
  "w256_relu.val_acc_mean", "w256_relu.val_acc_min", "w256_relu.val_acc_max",
  "w256_tanh.val_acc_mean", "w256_tanh.val_acc_min", "w256_tanh.val_acc_max",
  "w1_relu.dead", "bottleneck_relu.dead", "dead.zero_grad", "dead.val_acc_max", "seeds",
  "hist.model", "hist.activation", "hist.seed", "hist.images", "hist.bins", "hist.min",
  "hist.max", "hist.zero_fraction", "hist.majority_fraction",
};

/* whether acc is the share of one class among the first n labels: what a
 * network that sees a constant (a dead unit) predicts */
static gboolean
is_one_class_share (double acc, const guint8 *labels, gsize n)
{
  for (guint c = 0; c < CLASSES; c++)
    {
      gsize k = 0;

      for (gsize i = 0; i < n; i++)
        k += labels[i] == c;
      if (fabs (acc - (double) k / n) < 1e-9)
        return TRUE;
    }
  return FALSE;
}

static void
check_runs (const MlpExerciseResult *r, const MlpSingleUnitDetails *d)
{
  guint dead = 0, zero_grad = 0;

  for (guint m = 0; m < MLP_SINGLE_UNIT_N_MODELS; m++)
    for (guint k = 0; k < d->n_seeds; k++)
      {
        guint run = m * d->n_seeds + k;

        if (m != MLP_SINGLE_UNIT_W1_RELU && m != MLP_SINGLE_UNIT_BOTTLENECK_RELU)
          g_assert_false (d->dead[run]);
        if (!d->dead[run])
          continue;
        dead++;
        zero_grad += d->grad_norm[run] == 0.0;
        g_assert_true (is_one_class_share (d->val_acc[run], data.val->labels, d->n_val));
      }
  g_assert_cmpfloat (mlp_exercise_result_number (r, "w1_relu.dead") +
                     mlp_exercise_result_number (r, "bottleneck_relu.dead"), ==, dead);
  g_assert_cmpfloat (mlp_exercise_result_number (r, "dead.zero_grad"), ==, zero_grad);
  g_assert_true (dead > 0 || isnan (mlp_exercise_result_number (r, "dead.val_acc_max")));
  /* the wide layer learns the blobs; its gradient reaches the first layer */
  g_assert_cmpfloat (mlp_exercise_result_number (r, "w256_relu.val_acc_min"), >, 0.9);
  g_assert_cmpfloat (d->grad_norm[MLP_SINGLE_UNIT_W256_TANH * d->n_seeds], >, 0.0);
}

static void
check_histogram (const MlpExerciseResult *r, const MlpSingleUnitDetails *d)
{
  gsize total = 0, most = 0;
  guint first_live = 0;

  while (first_live < d->n_seeds && d->dead[first_live])
    first_live++;
  g_assert_cmpint (d->hist_model, ==, first_live < d->n_seeds ? MLP_SINGLE_UNIT_W1_RELU
                                                              : MLP_SINGLE_UNIT_W1_TANH);
  g_assert_cmpuint (d->hist_seed_index, ==, first_live < d->n_seeds ? first_live : 0);
  g_assert_cmpfloat (mlp_exercise_result_number (r, "hist.seed"), ==, SEED + d->hist_seed_index);
  g_assert_cmpuint (d->n_bins, ==, MLP_SINGLE_UNIT_BINS);
  g_assert_cmpfloat (d->hist_min, <, d->hist_max);
  for (guint c = 0; c < CLASSES; c++)
    {
      gsize in_class = 0, labelled = 0;

      for (guint b = 0; b < d->n_bins; b++)
        in_class += d->hist_counts[c * d->n_bins + b];
      for (gsize i = 0; i < d->n_val; i++)
        labelled += data.val->labels[i] == c;
      g_assert_cmpuint (in_class, ==, labelled);
      total += in_class;
      most = MAX (most, labelled);
    }
  g_assert_cmpuint (total, ==, d->n_val);
  /* the majority of each bin does at least as well as one class for all */
  g_assert_cmpfloat (d->majority_fraction, >=, (double) most / d->n_val);
  g_assert_cmpfloat (d->majority_fraction, <=, 1.0);
  g_assert_cmpfloat (d->zero_fraction, <, 1.0);   /* the unit is live */
}

static void
test_run (void)
{
  g_autoptr(MlpExerciseResult) r = run_small ();
  const MlpSingleUnitDetails *d = r->details;

  g_assert_cmpuint (r->numbers->len, ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_cmpstr (g_array_index (r->numbers, MlpExerciseNumber, i).key, ==, keys[i]);
  g_assert_nonnull (d);
  g_assert_cmpuint (d->n_seeds, ==, 3);
  g_assert_cmpuint (d->n_val, ==, 120);
  g_assert_cmpuint (d->n_inputs, ==, SIDE * SIDE);
  g_test_message ("dead units %g + %g, w1_relu %g, w256_relu %g, majority %g, zeros %g",
                  mlp_exercise_result_number (r, "w1_relu.dead"),
                  mlp_exercise_result_number (r, "bottleneck_relu.dead"),
                  mlp_exercise_result_number (r, "w1_relu.val_acc_mean"),
                  mlp_exercise_result_number (r, "w256_relu.val_acc_mean"), d->majority_fraction,
                  d->zero_fraction);
  /* the seed was chosen for it: the dead branch is checked too */
  g_assert_cmpfloat (mlp_exercise_result_number (r, "w1_relu.dead") +
                     mlp_exercise_result_number (r, "bottleneck_relu.dead"), >, 0);
  check_runs (r, d);
  check_histogram (r, d);
  for (guint i = 0; i < 18; i += 3)
    {
      double mean = g_array_index (r->numbers, MlpExerciseNumber, i).value;

      g_assert_cmpfloat (g_array_index (r->numbers, MlpExerciseNumber, i + 1).value, <=, mean);
      g_assert_cmpfloat (g_array_index (r->numbers, MlpExerciseNumber, i + 2).value, >=, mean);
    }
}

static void
test_deterministic (void)
{
  g_autoptr(MlpExerciseResult) a = run_small ();
  g_autoptr(MlpExerciseResult) b = run_small ();

  g_assert_cmpuint (a->numbers->len, ==, b->numbers->len);
  for (guint i = 0; i < a->numbers->len; i++)
    {
      double x = g_array_index (a->numbers, MlpExerciseNumber, i).value;
      double y = g_array_index (b->numbers, MlpExerciseNumber, i).value;

      g_assert_true (memcmp (&x, &y, sizeof x) == 0);
    }
}

static gboolean
stop_after (gpointer user_data)
{
  guint *calls = user_data;

  return ++*calls > 5;
}

static void
test_cancel (void)
{
  g_autoptr(GError) error = NULL;
  MlpExerciseConfig c;
  guint calls = 0;

  config_small (&c);
  c.should_stop = stop_after;
  c.user_data = &calls;
  g_assert_null (mlp_exercise_run (MLP_EXERCISE_SINGLE_UNIT, &c, data.train, data.val, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_CANCELLED);
}

static void
test_json (void)
{
  g_autoptr(MlpExerciseResult) r = run_small ();
  g_autoptr(MlpJsonWriter) w = mlp_json_writer_new (MLP_JSON_PRETTY);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) doc = NULL, numbers = NULL, details = NULL, models = NULL, hist = NULL;
  g_autoptr(GVariant) counts = NULL;
  g_autoptr(GString) text = NULL;
  double v;

  mlp_json_writer_begin_object (w);
  mlp_exercise_result_write_json (r, w);
  mlp_json_writer_end_object (w);
  text = mlp_json_writer_steal_string (w);
  doc = mlp_json_parse (text->str, (gssize) text->len, "single-unit.json", &error);
  g_assert_no_error (error);
  numbers = g_variant_lookup_value (doc, "numbers", G_VARIANT_TYPE_VARDICT);
  g_assert_true (g_variant_lookup (numbers, "w256_tanh.val_acc_mean", "d", &v));
  g_assert_cmpfloat (v, ==, mlp_exercise_result_number (r, "w256_tanh.val_acc_mean"));
  details = g_variant_lookup_value (doc, "details", G_VARIANT_TYPE_VARDICT);
  models = g_variant_lookup_value (details, "models", G_VARIANT_TYPE ("av"));
  g_assert_cmpuint (g_variant_n_children (models), ==, MLP_SINGLE_UNIT_N_MODELS);
  hist = g_variant_lookup_value (details, "histogram", G_VARIANT_TYPE_VARDICT);
  g_assert_true (g_variant_lookup (hist, "majority_fraction", "d", &v));
  g_assert_cmpfloat (v, ==, mlp_exercise_result_number (r, "hist.majority_fraction"));
  counts = g_variant_lookup_value (hist, "counts", G_VARIANT_TYPE ("av"));
  g_assert_cmpuint (g_variant_n_children (counts), ==, CLASSES);
}

/* -------------------------------------------------------------- report */

static void
force (MlpExerciseResult *r, const char *key, double value)
{
  for (guint i = 0; i < r->numbers->len; i++)
    if (strcmp (g_array_index (r->numbers, MlpExerciseNumber, i).key, key) == 0)
      {
        g_array_index (r->numbers, MlpExerciseNumber, i).value = value;
        return;
      }
  g_assert_not_reached ();
}

/* the answer quotes v with that many decimals, then suffix ("%") */
static void
assert_quotes (const char *answer, double v, int decimals, const char *suffix)
{
  g_autofree char *s = g_strdup_printf ("%.*f%s", decimals, v, suffix);

  if (strstr (answer, s) == NULL)
    g_error ("the answer does not quote %s: %s", s, answer);
}

static void
test_report_figures (void)
{
  g_autoptr(MlpExerciseResult) r = run_small ();
  MlpExerciseConfig c;
  g_autofree char *describe = NULL;

  config_small (&c);
  describe = mlp_exercise_describe_run (MLP_EXERCISE_SINGLE_UNIT, &c);
  g_assert_nonnull (strstr (describe, "3 seeds"));
  g_assert_nonnull (strstr (describe, "512 training images"));
  g_assert_cmpuint (mlp_exercise_n_figures (MLP_EXERCISE_SINGLE_UNIT), ==, 2);
  g_assert_cmpstr (mlp_exercise_figure_name (MLP_EXERCISE_SINGLE_UNIT, 0), ==, "val-acc");
  g_assert_cmpstr (mlp_exercise_figure_name (MLP_EXERCISE_SINGLE_UNIT, 1), ==, "histogram");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(MlpPlot) plot = mlp_exercise_figure (r, i);
      gsize n;

      /* val-acc: a series of points and a mean bar per model; histogram:
       * a series per class, "class k" for data that is not Fashion-MNIST */
      g_assert_cmpuint (mlp_plot_get_n_series (plot), ==, i == 0 ? 12 : CLASSES);
      mlp_plot_series_get_y (plot, 0, &n);
      g_assert_cmpuint (n, ==, i == 0 ? 3 : MLP_SINGLE_UNIT_BINS);
      if (i == 1)
        g_assert_cmpstr (mlp_plot_series_get_label (plot, 2), ==, "class 2");
      else
        g_assert_nonnull (strstr (mlp_plot_series_get_label (plot, 2), "36-256-1-256-4 relu"));
    }
}

typedef struct {
  const char *key;
  double      value;
} Forced;

/* numbers forced (in turn: each case on top of the ones before) and what
 * the answer must then say and must not */
static const struct {
  Forced      forced[4];
  const char *says[3];
  const char *not_says;
} answer_cases[] = {
  { { { "w1_relu.dead", 0 }, { "bottleneck_relu.dead", 0 } },
    { "None of the 6 single ReLU units died" }, "died: they" },
  { { { "w1_relu.dead", 2 }, { "bottleneck_relu.dead", 1 }, { "dead.zero_grad", 3 },
      { "dead.val_acc_max", 0.25 } },
    { "2 of the 3 36-1-4 ReLU units and 1 of the 3", "at most 0.250", "training cannot recover" },
    "None of" },
  { { { "dead.zero_grad", 1 } }, { "In 1 of the 3 dead runs", "In the remaining 2" },
    "cannot recover" },
  { { { "dead.zero_grad", 0 } }, { "Yet in no dead run" }, "In the remaining" },
  /* single units as good as the wide layer, and classes apart on the line */
  { { { "w1_tanh.val_acc_mean", 0.99 }, { "w256_relu.val_acc_mean", 0.99 },
      { "w256_tanh.val_acc_mean", 0.98 }, { "hist.majority_fraction", 0.97 } },
    { "Here the best single-unit model came within 0.000", "nearly as well" }, "overlap" },
};

static void
test_report_answer (void)
{
  g_autoptr(MlpExerciseResult) r = run_small ();
  g_autofree char *a = mlp_exercise_answer (r);

  assert_quotes (a, mlp_exercise_result_number (r, "w256_relu.val_acc_mean"), 3, "");
  assert_quotes (a, mlp_exercise_result_number (r, "w1_tanh.val_acc_min"), 3, "");
  assert_quotes (a, 100 * mlp_exercise_result_number (r, "hist.majority_fraction"), 1, "%");
  g_assert_nonnull (strstr (a, "Even the best single-unit model"));
  for (guint i = 0; i < G_N_ELEMENTS (answer_cases); i++)
    {
      g_autofree char *text = NULL;

      for (guint f = 0; f < G_N_ELEMENTS (answer_cases[i].forced) && answer_cases[i].forced[f].key; f++)
        force (r, answer_cases[i].forced[f].key, answer_cases[i].forced[f].value);
      text = mlp_exercise_answer (r);
      for (guint k = 0; k < G_N_ELEMENTS (answer_cases[i].says) && answer_cases[i].says[k]; k++)
        if (strstr (text, answer_cases[i].says[k]) == NULL)
          g_error ("case %u: the answer does not say '%s': %s", i, answer_cases[i].says[k], text);
      g_assert_null (strstr (text, answer_cases[i].not_says));
    }
}

int
main (int argc, char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  data.train = test_blobs_new (512, SIDE, CLASSES, 11);
  data.val = test_blobs_new (120, SIDE, CLASSES, 12);
  g_test_add_func ("/exercise-single-unit/hidden-output", test_hidden_output);
  g_test_add_func ("/exercise-single-unit/hidden-output-refusals", test_hidden_output_refusals);
  g_test_add_func ("/exercise-single-unit/dead-unit-zero-gradient", test_dead_unit_zero_gradient);
  g_test_add_func ("/exercise-single-unit/run", test_run);
  g_test_add_func ("/exercise-single-unit/deterministic", test_deterministic);
  g_test_add_func ("/exercise-single-unit/cancel", test_cancel);
  g_test_add_func ("/exercise-single-unit/json", test_json);
  g_test_add_func ("/exercise-single-unit/report-figures", test_report_figures);
  g_test_add_func ("/exercise-single-unit/report-answer", test_report_answer);
  status = g_test_run ();
  mlp_dataset_free (data.train);
  mlp_dataset_free (data.val);
  return status;
}
