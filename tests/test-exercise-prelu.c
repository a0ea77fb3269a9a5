/* test-exercise-prelu.c — "Your turn": PReLU's slope is learned
 * (mlp-exercise-prelu.h), and the per-channel PReLU it needs in the models
 * (MlpModelConfig.prelu_per_channel) and their checkpoints. */
#include <math.h>
#include <string.h>

#include "mlp-checkpoint.h"
#include "mlp-error.h"
#include "mlp-exercise.h"
#include "mlp-exercise-prelu.h"
#include "mlp-exercise-report.h"
#include "mlp-json-reader.h"
#include "mlp-ops.h"
#include "mlp-safetensors.h"
#include "test-blobs.h"
#include "test-tmp.h"

/* ------------------------------------------------------------ the model */

static void
small_config (MlpModelConfig *mc, MlpModelKind kind, gboolean per_channel)
{
  mlp_model_config_init (mc, kind);
  mc->num_inputs = 16;
  mc->num_outputs = 3;
  mc->n_hidden = 2;
  mc->hiddens[0] = 5;
  mc->hiddens[1] = 3;
  mc->dropouts[0] = mc->dropouts[1] = mlp_model_kind_has_dropout (kind) ? 0.5f : 0.0f;
  mc->activation = MLP_ACTIVATION_PRELU;
  mc->prelu_per_channel = per_channel;
  mc->seed = 7;
}

/* the slopes' names in every kind, (1) shared or (hidden units) per channel,
 * as the specs say and the built model has, all at the init */
static void
test_per_channel_shape (void)
{
  static const char *const names[][2] = {
    [MLP_MODEL_MLP_SCRATCH] = { "a1", "a2" },
    [MLP_MODEL_MLP] = { "net.2.weight", "net.4.weight" },
    [MLP_MODEL_DROPOUT_SCRATCH] = { "act1.weight", "act2.weight" },
    [MLP_MODEL_DROPOUT] = { "net.2.weight", "net.5.weight" },
  };

  for (MlpModelKind kind = MLP_MODEL_MLP_SCRATCH; kind <= MLP_MODEL_DROPOUT; kind++)
    for (int per_channel = 0; per_channel <= 1; per_channel++)
      {
        g_autoptr(GError) error = NULL;
        MlpModelConfig mc;
        g_autoptr(MlpModel) model = NULL;
        g_autoptr(MlpStateDict) sd = NULL;
        g_autoptr(GArray) specs = NULL;

        small_config (&mc, kind, per_channel);
        model = mlp_model_new (&mc, &error);
        g_assert_no_error (error);
        sd = mlp_model_parameters (model);
        specs = mlp_model_config_parameter_specs (&mc);
        g_assert_cmpuint (specs->len, ==, sd->names->len);
        for (guint i = 0; i < specs->len; i++)
          {
            const MlpParameterSpec *spec = &g_array_index (specs, MlpParameterSpec, i);
            MlpTensor *t = sd->tensors->pdata[i];

            g_assert_cmpstr (spec->name, ==, sd->names->pdata[i]);
            g_assert_cmpuint (spec->ndim, ==, t->ndim);
            g_assert_cmpuint (spec->shape[0], ==, t->shape[0]);
          }
        for (guint l = 0; l < 2; l++)
          {
            MlpTensor *a = mlp_model_get_prelu_slopes (model, l);

            g_assert_nonnull (a);
            g_assert_true (a == mlp_state_dict_lookup (sd, names[kind][l]));
            g_assert_cmpuint (a->ndim, ==, 1);
            g_assert_cmpuint (a->numel, ==, per_channel ? mc.hiddens[l] : 1);
            for (gsize k = 0; k < a->numel; k++)
              g_assert_cmpfloat (a->data[k], ==, 0.25f);
          }
        g_assert_null (mlp_model_get_prelu_slopes (model, 2));
      }
}

/* the chapter's MLP: net.2.weight of shape (1) or (256), as PyTorch's */
static void
test_chapter_names (void)
{
  for (int per_channel = 0; per_channel <= 1; per_channel++)
    {
      MlpModelConfig mc;
      g_autoptr(GArray) specs = NULL;
      const MlpParameterSpec *a;

      mlp_model_config_init (&mc, MLP_MODEL_MLP);
      g_assert_false (mc.prelu_per_channel);
      mc.activation = MLP_ACTIVATION_PRELU;
      mc.prelu_per_channel = per_channel;
      specs = mlp_model_config_parameter_specs (&mc);
      g_assert_cmpuint (specs->len, ==, 5);
      a = &g_array_index (specs, MlpParameterSpec, 2);
      g_assert_cmpstr (a->name, ==, "net.2.weight");
      g_assert_cmpuint (a->shape[0], ==, per_channel ? 256 : 1);
      g_assert_cmpuint (mlp_model_config_count_parameters (&mc), ==,
                        784 * 256 + 256 + (per_channel ? 256 : 1) + 256 * 10 + 10);
    }
}

/* the model's loss on a fixed batch */
static double
batch_loss (MlpModel *model, MlpTensor *X, const guint8 *labels)
{
  g_autoptr(MlpTensor) logits = mlp_model_forward (model, X);
  g_autoptr(MlpTensor) loss = mlp_softmax_cross_entropy (logits, labels);

  return mlp_tensor_item (loss);
}

/* ∂loss/∂slope of every channel of the whole model against central
 * differences: a per-channel weight gets its own units' gradient only */
static void
test_gradcheck_model (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpDataset) ds = test_blobs_new (12, 4, 3, 5);
  g_autoptr(MlpTensor) X = mlp_tensor_new_2d (12, 16);
  guint8 labels[12];
  guint32 idx[12];
  MlpModelConfig mc;
  g_autoptr(MlpModel) model = NULL;
  g_autoptr(MlpTensor) logits = NULL;
  g_autoptr(MlpTensor) loss = NULL;
  MlpTensor *a;
  double worst = 0;

  for (guint i = 0; i < 12; i++)
    idx[i] = i;
  mlp_dataset_fill_batch (ds, idx, X, labels);
  small_config (&mc, MLP_MODEL_MLP, TRUE);
  model = mlp_model_new (&mc, &error);
  g_assert_no_error (error);
  mlp_model_set_training (model, FALSE);
  a = mlp_model_get_prelu_slopes (model, 0);
  for (gsize k = 0; k < a->numel; k++)
    a->data[k] = -0.5f + 0.3f * k;   /* a different slope per channel */
  logits = mlp_model_forward (model, X);
  loss = mlp_softmax_cross_entropy (logits, labels);
  mlp_tensor_backward (loss, NULL);
  g_assert_nonnull (a->grad);
  for (gsize k = 0; k < a->numel; k++)
    {
      const float h = 1e-2f;
      float keep = a->data[k];
      double up, down, numeric;

      mlp_no_grad_begin ();
      a->data[k] = keep + h;
      up = batch_loss (model, X, labels);
      a->data[k] = keep - h;
      down = batch_loss (model, X, labels);
      a->data[k] = keep;
      mlp_no_grad_end ();
      numeric = (up - down) / (2 * h);
      worst = MAX (worst, fabs (numeric - a->grad[k]) / MAX (1e-3, fabs (numeric)));
      g_assert_cmpfloat_with_epsilon (a->grad[k], numeric, 1e-3 + 1e-2 * fabs (numeric));
    }
  g_test_message ("worst relative error of ∂loss/∂slope: %.2g", worst);
}

/* a per-channel checkpoint loads back per channel; one without the key (as
 * written before it existed) is shared; an unknown value is refused */
static void
test_checkpoint (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = test_tmp_dir_new ("prelu-ckpt");
  g_autofree char *path = g_build_filename (dir, "m.safetensors", NULL);
  MlpTrainConfig tc;

  mlp_train_config_init (&tc);
  for (int per_channel = 0; per_channel <= 1; per_channel++)
    {
      MlpModelConfig mc;
      g_autoptr(MlpModel) model = NULL;
      g_autoptr(MlpModel) back = NULL;
      g_autoptr(MlpStateDict) sd = NULL;
      MlpTensor *a;

      small_config (&mc, MLP_MODEL_MLP, per_channel);
      model = mlp_model_new (&mc, &error);
      a = mlp_model_get_prelu_slopes (model, 1);
      a->data[a->numel - 1] = 0.125f;
      g_assert_true (mlp_checkpoint_save (path, model, &tc, 1, &error));
      back = mlp_checkpoint_load (path, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (mlp_model_get_config (back)->prelu_per_channel, ==, per_channel);
      g_assert_cmpuint (mlp_model_get_prelu_slopes (back, 1)->numel, ==, a->numel);
      g_assert_cmpfloat (mlp_model_get_prelu_slopes (back, 1)->data[a->numel - 1], ==, 0.125f);
      g_clear_pointer (&back, mlp_model_free);

      /* without mlplab.prelu: shared, so a per-channel file no longer fits */
      sd = mlp_safetensors_load (path, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (g_hash_table_lookup (sd->metadata, "mlplab.prelu"), ==,
                       per_channel ? "channel" : "shared");
      g_hash_table_remove (sd->metadata, "mlplab.prelu");
      g_assert_true (mlp_safetensors_save (path, sd, &error));
      back = mlp_checkpoint_load (path, NULL, &error);
      if (per_channel)
        {
          g_assert_error (error, MLP_ERROR, MLP_ERROR_FORMAT);
          g_assert_null (back);
          g_clear_error (&error);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_false (mlp_model_get_config (back)->prelu_per_channel);
        }
      g_clear_pointer (&back, mlp_model_free);

      g_hash_table_insert (sd->metadata, g_strdup ("mlplab.prelu"), g_strdup ("diagonal"));
      g_assert_true (mlp_safetensors_save (path, sd, &error));
      g_assert_null (mlp_checkpoint_load (path, NULL, &error));
      g_assert_error (error, MLP_ERROR, MLP_ERROR_FORMAT);
      g_assert_nonnull (strstr (error->message, "mlplab.prelu"));
      g_clear_error (&error);
    }
  test_tmp_remove_tree (dir);
}

/* copying parameters between a shared and a per-channel model is refused */
static void
test_copy_refused (void)
{
  g_autoptr(GError) error = NULL;
  MlpModelConfig mc;
  g_autoptr(MlpModel) shared = NULL;
  g_autoptr(MlpModel) channel = NULL;

  small_config (&mc, MLP_MODEL_MLP, FALSE);
  shared = mlp_model_new (&mc, NULL);
  small_config (&mc, MLP_MODEL_MLP_SCRATCH, TRUE);
  channel = mlp_model_new (&mc, NULL);
  g_assert_false (mlp_model_copy_parameters (channel, shared, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
}

/* --------------------------------------------------------- the exercise */

typedef struct {
  MlpDataset *train, *val;
} Data;

static void
data_setup (Data *d, gconstpointer unused)
{
  d->train = test_blobs_new (384, 6, 4, 11);
  d->val = test_blobs_new (128, 6, 4, 12);
}

static void
data_teardown (Data *d, gconstpointer unused)
{
  mlp_dataset_free (d->train);
  mlp_dataset_free (d->val);
}

static MlpExerciseResult *
run_small (Data *data, guint epochs, guint64 seed)
{
  g_autoptr(GError) error = NULL;
  MlpExerciseConfig c;
  MlpExerciseResult *r;

  mlp_exercise_config_init (&c);
  c.epochs = epochs;
  c.seed = seed;
  r = mlp_exercise_run (MLP_EXERCISE_PRELU, &c, data->train, data->val, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
  return r;
}

static void
test_defaults (void)
{
  MlpExerciseConfig c, r;

  mlp_exercise_config_init (&c);
  mlp_exercise_config_resolve (MLP_EXERCISE_PRELU, &c, &r);
  g_assert_cmpuint (r.epochs, ==, 10);
  g_assert_cmpuint (r.limit_train, ==, 0);   /* all 60,000 */
  g_assert_cmpuint (r.limit_val, ==, 0);
}

/* the numbers in their order; training moves the slopes; the details agree
 * with the numbers; the three runs learn */
static void
test_meaning (Data *data, gconstpointer unused)
{
  static const char *const keys[] = {
    "shared.slope", "shared.val_acc", "channel.slope_mean", "channel.slope_min",
    "channel.slope_max", "channel.val_acc", "relu.val_acc", "init_slope", "epochs",
  };
  g_autoptr(MlpExerciseResult) r = run_small (data, 3, 1);
  const MlpPreluDetails *d = r->details;
  double sum = 0;

  g_assert_cmpuint (r->numbers->len, ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_cmpstr (g_array_index (r->numbers, MlpExerciseNumber, i).key, ==, keys[i]);
  g_assert_cmpfloat (mlp_exercise_result_number (r, "init_slope"), ==, 0.25);
  g_assert_cmpfloat (mlp_exercise_result_number (r, "epochs"), ==, 3);
  g_assert_cmpuint (d->epochs, ==, 3);
  g_assert_cmpuint (d->n_channels, ==, 256);

  /* epoch 0 is the init, for both */
  g_assert_cmpfloat (d->shared_slope[0], ==, 0.25);
  for (guint s = 0; s < MLP_PRELU_N_STATS; s++)
    g_assert_cmpfloat (d->channel[s][0], ==, 0.25);
  /* training moves the shared slope and spreads the per-channel ones */
  g_assert_cmpfloat (fabs (d->shared_slope[3] - 0.25), >, 1e-4);
  g_assert_cmpfloat (d->channel[MLP_PRELU_STAT_MAX][3] - d->channel[MLP_PRELU_STAT_MIN][3], >, 1e-4);
  /* the summary is ordered and the numbers are the last epoch's */
  for (guint e = 0; e <= 3; e++)
    {
      g_assert_cmpfloat (d->channel[MLP_PRELU_STAT_MIN][e], <=, d->channel[MLP_PRELU_STAT_Q1][e]);
      g_assert_cmpfloat (d->channel[MLP_PRELU_STAT_Q1][e], <=, d->channel[MLP_PRELU_STAT_MEDIAN][e]);
      g_assert_cmpfloat (d->channel[MLP_PRELU_STAT_MEDIAN][e], <=, d->channel[MLP_PRELU_STAT_Q3][e]);
      g_assert_cmpfloat (d->channel[MLP_PRELU_STAT_Q3][e], <=, d->channel[MLP_PRELU_STAT_MAX][e]);
    }
  g_assert_cmpfloat (mlp_exercise_result_number (r, "shared.slope"), ==, d->shared_slope[3]);
  g_assert_cmpfloat (mlp_exercise_result_number (r, "channel.slope_min"), ==,
                     d->channel[MLP_PRELU_STAT_MIN][3]);
  g_assert_cmpfloat (mlp_exercise_result_number (r, "channel.slope_max"), ==,
                     d->channel[MLP_PRELU_STAT_MAX][3]);
  for (gsize k = 0; k < d->n_channels; k++)
    {
      g_assert_cmpfloat (d->final_slopes[k], >=, d->channel[MLP_PRELU_STAT_MIN][3]);
      g_assert_cmpfloat (d->final_slopes[k], <=, d->channel[MLP_PRELU_STAT_MAX][3]);
      sum += d->final_slopes[k];
    }
  g_assert_cmpfloat_with_epsilon (sum / d->n_channels, mlp_exercise_result_number (r, "channel.slope_mean"), 1e-6);
  /* the blobs are easy: every run learns well above chance (1/4), and its
   * loss falls */
  for (guint run = 0; run < MLP_PRELU_N_RUNS; run++)
    {
      g_assert_cmpfloat (d->val_acc[run][2], >, 0.6);
      g_assert_cmpfloat (d->train_loss[run][2], <, d->train_loss[run][0]);
      g_assert_cmpfloat (d->val_loss[run][2], >, 0);
    }
  g_assert_cmpfloat (mlp_exercise_result_number (r, "relu.val_acc"), ==, d->val_acc[MLP_PRELU_RUN_RELU][2]);
}

static void
test_deterministic (Data *data, gconstpointer unused)
{
  g_autoptr(MlpExerciseResult) a = run_small (data, 2, 3);
  g_autoptr(MlpExerciseResult) b = run_small (data, 2, 3);
  g_autoptr(MlpExerciseResult) c = run_small (data, 2, 4);
  const MlpPreluDetails *da = a->details, *db = b->details;

  for (guint i = 0; i < a->numbers->len; i++)
    g_assert_cmpfloat (g_array_index (a->numbers, MlpExerciseNumber, i).value, ==,
                       g_array_index (b->numbers, MlpExerciseNumber, i).value);
  g_assert_cmpmem (da->final_slopes, da->n_channels * sizeof (float),
                   db->final_slopes, db->n_channels * sizeof (float));
  /* another seed, another run */
  g_assert_cmpfloat (mlp_exercise_result_number (a, "shared.slope"), !=,
                     mlp_exercise_result_number (c, "shared.slope"));
}

typedef struct {
  guint  calls;
  guint  stop_after;
  double last_fraction;
} StopState;

static gboolean
stop_after (gpointer user_data)
{
  StopState *s = user_data;

  return ++s->calls > s->stop_after;
}

static void
record_progress (double fraction, const char *what, gpointer user_data)
{
  StopState *s = user_data;

  g_assert_cmpfloat (fraction, >=, s->last_fraction);
  s->last_fraction = fraction;
}

/* should_stop stops the run, in the first and in the last training */
static void
test_cancel (Data *data, gconstpointer unused)
{
  guint afters[] = { 0, 3, 13 };   /* 2 batches an epoch, 2 epochs a run */

  for (guint i = 0; i < G_N_ELEMENTS (afters); i++)
    {
      g_autoptr(GError) error = NULL;
      StopState s = { 0, afters[i], 0 };
      MlpExerciseConfig c;

      mlp_exercise_config_init (&c);
      c.epochs = 2;
      c.should_stop = stop_after;
      c.progress = record_progress;
      c.user_data = &s;
      g_assert_null (mlp_exercise_run (MLP_EXERCISE_PRELU, &c, data->train, data->val, &error));
      g_assert_error (error, MLP_ERROR, MLP_ERROR_CANCELLED);
      g_assert_cmpfloat (s.last_fraction, <, 1);
    }
}

/* the length of the array at key of object */
static gsize
array_length (GVariant *object, const char *key)
{
  g_autoptr(GVariant) v = g_variant_lookup_value (object, key, G_VARIANT_TYPE ("av"));

  g_assert_nonnull (v);
  return g_variant_n_children (v);
}

static void
test_json (Data *data, gconstpointer unused)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpExerciseResult) r = run_small (data, 2, 1);
  g_autoptr(MlpJsonWriter) w = mlp_json_writer_new (MLP_JSON_PRETTY);
  g_autoptr(GString) text = NULL;
  g_autoptr(GVariant) root = NULL;
  g_autoptr(GVariant) numbers = NULL;
  g_autoptr(GVariant) details = NULL;
  g_autoptr(GVariant) channel = NULL;
  g_autoptr(GVariant) shared = NULL;
  g_autoptr(GArray) slopes = NULL;
  const char *name = NULL;
  double v = 0;

  mlp_json_writer_begin_object (w);
  mlp_exercise_result_write_json (r, w);
  mlp_json_writer_end_object (w);
  g_assert_true (mlp_json_writer_is_complete (w));
  text = mlp_json_writer_steal_string (w);
  root = mlp_json_parse (text->str, -1, "prelu.json", &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (root, "name", "&s", &name));
  g_assert_cmpstr (name, ==, "prelu");
  numbers = g_variant_lookup_value (root, "numbers", G_VARIANT_TYPE ("a{sv}"));
  g_assert_true (g_variant_lookup (numbers, "shared.slope", "d", &v));
  g_assert_cmpfloat (v, ==, mlp_exercise_result_number (r, "shared.slope"));
  details = g_variant_lookup_value (root, "details", G_VARIANT_TYPE ("a{sv}"));
  g_assert_nonnull (details);
  g_assert_cmpuint (array_length (details, "shared_slope"), ==, 3);
  g_assert_cmpuint (array_length (details, "final_slopes"), ==, 256);
  channel = g_variant_lookup_value (details, "channel_slope", G_VARIANT_TYPE ("a{sv}"));
  g_assert_nonnull (channel);
  for (guint s = 0; s < MLP_PRELU_N_STATS; s++)
    g_assert_cmpuint (array_length (channel, mlp_prelu_stat_to_string (s)), ==, 3);
  for (guint run = 0; run < MLP_PRELU_N_RUNS; run++)
    {
      g_autoptr(GVariant) o = g_variant_lookup_value (details, mlp_prelu_run_to_string (run),
                                                      G_VARIANT_TYPE ("a{sv}"));

      g_assert_nonnull (o);
      g_assert_cmpuint (array_length (o, "train_loss"), ==, 2);
      g_assert_cmpuint (array_length (o, "val_loss"), ==, 2);
      g_assert_cmpuint (array_length (o, "val_acc"), ==, 2);
    }
  shared = g_variant_lookup_value (details, "shared_slope", G_VARIANT_TYPE ("av"));
  slopes = mlp_json_dup_doubles (shared);
  g_assert_cmpfloat (g_array_index (slopes, double, 0), ==, 0.25);
  g_assert_cmpfloat (g_array_index (slopes, double, 2), ==, mlp_exercise_result_number (r, "shared.slope"));
}

/* ----------------------------------------------------------- the report */

/* whether v with two decimals is in haystack */
static gboolean
contains (const char *haystack, double v)
{
  g_autofree char *needle = g_strdup_printf ("%.2f", v);

  return strstr (haystack, needle) != NULL;
}

/* replaces a number of r in place */
static void
force (MlpExerciseResult *r, const char *key, double v)
{
  for (guint i = 0; i < r->numbers->len; i++)
    {
      MlpExerciseNumber *n = &g_array_index (r->numbers, MlpExerciseNumber, i);

      if (strcmp (n->key, key) == 0)
        n->value = v;
    }
}

static void
test_report (Data *data, gconstpointer unused)
{
  g_autoptr(MlpExerciseResult) r = run_small (data, 2, 1);
  g_autofree char *answer = NULL;
  g_autofree char *describe = NULL;
  MlpExerciseConfig c;

  g_assert_cmpuint (mlp_exercise_n_figures (MLP_EXERCISE_PRELU), ==, 3);
  g_assert_cmpstr (mlp_exercise_figure_name (MLP_EXERCISE_PRELU, 0), ==, "slopes");
  g_assert_cmpstr (mlp_exercise_figure_name (MLP_EXERCISE_PRELU, 1), ==, "loss");
  g_assert_cmpstr (mlp_exercise_figure_name (MLP_EXERCISE_PRELU, 2), ==, "learned-curve");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(MlpPlot) plot = mlp_exercise_figure (r, i);
      guint expected[] = { 6, 3, 3 };
      gsize n;

      g_assert_cmpuint (mlp_plot_get_n_series (plot), ==, expected[i]);
      mlp_plot_series_get_y (plot, 0, &n);
      g_assert_cmpuint (n, ==, i == 0 ? 3 : i == 1 ? 2 : 160);
    }
  /* the slopes figure starts at epoch 0, the init */
  {
    g_autoptr(MlpPlot) plot = mlp_exercise_figure (r, 0);
    gsize n;
    const double *x = mlp_plot_series_get_x (plot, 0, &n);
    const double *y = mlp_plot_series_get_y (plot, 0, &n);

    g_assert_cmpfloat (x[0], ==, 0);
    g_assert_cmpfloat (y[0], ==, 0.25);
  }

  mlp_exercise_config_init (&c);
  describe = mlp_exercise_describe_run (MLP_EXERCISE_PRELU, &c);
  g_assert_nonnull (strstr (describe, "10 epochs"));
  g_assert_nonnull (strstr (describe, "all the training images"));

  answer = mlp_exercise_answer (r);
  g_assert_true (contains (answer, mlp_exercise_result_number (r, "shared.slope")));
  g_assert_true (contains (answer, mlp_exercise_result_number (r, "channel.slope_min")));
  g_assert_true (contains (answer, mlp_exercise_result_number (r, "channel.slope_max")));
  g_assert_true (contains (answer, 100 * mlp_exercise_result_number (r, "relu.val_acc")));
  g_assert_true (contains (answer, 100 * mlp_exercise_result_number (r, "shared.val_acc")));
}

/* each sentence follows the numbers: forced the other way, it says so */
static void
test_report_sentences (Data *data, gconstpointer unused)
{
  static const struct {
    double shared, lo, hi, shared_acc, channel_acc;
    const char *expect[3];
  } cases[] = {
    { 2.5, 0.01, 0.28, 0.84, 0.85, { "moved up", "Above 1", "Neither PReLU" } },
    { 0.18, 0.10, 0.30, 0.87, 0.85, { "moved down", "still a leaky ReLU", "Only the shared" } },
    { -0.3, 0.249, 0.251, 0.84, 0.87, { "Below 0", "barely moved apart", "Only the per-channel" } },
    { 0.251, -0.5, 0.9, 0.90, 0.90, { "stayed at 0.25", "Some channel", "Both PReLU" } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MlpExerciseResult) r = run_small (data, 1, 1);
      g_autofree char *answer = NULL;

      force (r, "shared.slope", cases[i].shared);
      force (r, "channel.slope_min", cases[i].lo);
      force (r, "channel.slope_max", cases[i].hi);
      force (r, "shared.val_acc", cases[i].shared_acc);
      force (r, "channel.val_acc", cases[i].channel_acc);
      force (r, "relu.val_acc", 0.86);
      answer = mlp_exercise_answer (r);
      for (guint k = 0; k < 3; k++)
        if (strstr (answer, cases[i].expect[k]) == NULL)
          g_error ("case %u: '%s' not in: %s", i, cases[i].expect[k], answer);
      g_assert_true (contains (answer, 100 * cases[i].shared_acc));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/exercise-prelu/model/per-channel-shape", test_per_channel_shape);
  g_test_add_func ("/exercise-prelu/model/chapter-names", test_chapter_names);
  g_test_add_func ("/exercise-prelu/model/gradcheck", test_gradcheck_model);
  g_test_add_func ("/exercise-prelu/model/checkpoint", test_checkpoint);
  g_test_add_func ("/exercise-prelu/model/copy-refused", test_copy_refused);
  g_test_add_func ("/exercise-prelu/defaults", test_defaults);
  g_test_add ("/exercise-prelu/meaning", Data, NULL, data_setup, test_meaning, data_teardown);
  g_test_add ("/exercise-prelu/deterministic", Data, NULL, data_setup, test_deterministic, data_teardown);
  g_test_add ("/exercise-prelu/cancel", Data, NULL, data_setup, test_cancel, data_teardown);
  g_test_add ("/exercise-prelu/json", Data, NULL, data_setup, test_json, data_teardown);
  g_test_add ("/exercise-prelu/report", Data, NULL, data_setup, test_report, data_teardown);
  g_test_add ("/exercise-prelu/report-sentences", Data, NULL, data_setup, test_report_sentences,
              data_teardown);
  return g_test_run ();
}
