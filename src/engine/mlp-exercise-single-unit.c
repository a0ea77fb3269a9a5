/* mlp-exercise-single-unit.c — Exercise 2, see mlp-exercise-single-unit.h:
 * the six models over the seeds, the single unit's value on every
 * validation image, whether it is dead, the gradient that reaches the first
 * layer, and the histogram per class of one live unit. */
#include "mlp-exercise-single-unit.h"

#include <math.h>
#include <string.h>

#include "mlp-error.h"
#include "mlp-exercise-private.h"
#include "mlp-ops.h"

#define BATCH_SIZE 256

typedef struct {
  const char    *key;
  guint          n_hidden;
  gsize          hiddens[3];
  MlpActivation  activation;
  int            unit_layer;    /* the one-unit hidden layer, −1: none */
} ModelSpec;

static const ModelSpec specs[MLP_SINGLE_UNIT_N_MODELS] = {
  { "w1_relu", 1, { 1 }, MLP_ACTIVATION_RELU, 0 },
  { "w1_tanh", 1, { 1 }, MLP_ACTIVATION_TANH, 0 },
  { "bottleneck_relu", 3, { 256, 1, 256 }, MLP_ACTIVATION_RELU, 1 },
  { "bottleneck_tanh", 3, { 256, 1, 256 }, MLP_ACTIVATION_TANH, 1 },
  { "w256_relu", 1, { 256 }, MLP_ACTIVATION_RELU, -1 },
  { "w256_tanh", 1, { 256 }, MLP_ACTIVATION_TANH, -1 },
};

const char *
mlp_single_unit_model_key (MlpSingleUnitModel m)
{
  g_return_val_if_fail (m < MLP_SINGLE_UNIT_N_MODELS, NULL);
  return specs[m].key;
}

gboolean
mlp_single_unit_model_has_unit (MlpSingleUnitModel m)
{
  g_return_val_if_fail (m < MLP_SINGLE_UNIT_N_MODELS, FALSE);
  return specs[m].unit_layer >= 0;
}

/* the model's config for inputs and classes of the data */
static void
model_config (MlpSingleUnitModel m, gsize n_inputs, guint n_classes, guint64 seed,
              MlpModelConfig *mc)
{
  mlp_model_config_init (mc, MLP_MODEL_MLP);
  mc->num_inputs = n_inputs;
  mc->num_outputs = n_classes;
  mc->n_hidden = specs[m].n_hidden;
  for (guint l = 0; l < specs[m].n_hidden; l++)
    mc->hiddens[l] = specs[m].hiddens[l];
  mc->activation = specs[m].activation;
  mc->seed = seed;
}

char *
mlp_single_unit_model_label (const MlpSingleUnitDetails *d, MlpSingleUnitModel m)
{
  MlpModelConfig mc;
  g_autofree char *hiddens = NULL;

  g_return_val_if_fail (m < MLP_SINGLE_UNIT_N_MODELS, NULL);
  model_config (m, d->n_inputs, d->n_classes, 0, &mc);
  hiddens = mlp_model_config_hiddens_to_string (&mc, "-");
  return g_strdup_printf ("%" G_GSIZE_FORMAT "-%s-%u %s", d->n_inputs, hiddens, d->n_classes,
                          mlp_activation_to_string (mc.activation));
}

void
mlp_single_unit_details_free (MlpSingleUnitDetails *d)
{
  if (d == NULL)
    return;
  g_free (d->val_acc);
  g_free (d->dead);
  g_free (d->grad_norm);
  g_free (d->hist_counts);
  g_free (d);
}

/* ------------------------------------------------------------ one run */

/* X (b, inputs) and labels[0..b) ← images start … start + b − 1 of ds */
static void
fill_range (const MlpDataset *ds, gsize start, gsize b, MlpTensor *X, guint8 *labels)
{
  guint32 idx[BATCH_SIZE];

  g_assert (b <= BATCH_SIZE);
  for (gsize i = 0; i < b; i++)
    idx[i] = (guint32) (start + i);
  mlp_dataset_fill_batch (ds, idx, X, labels);
}

/* the single unit's value (layer `layer` has one unit) on the first n
 * images of ds, into out[0..n) */
static gboolean
unit_outputs (MlpModel *model, const MlpDataset *ds, gsize n, guint layer, float *out,
              GError **error)
{
  gsize n_inputs = mlp_model_get_config (model)->num_inputs;
  guint8 labels[BATCH_SIZE];

  for (gsize start = 0; start < n; start += BATCH_SIZE)
    {
      gsize b = MIN (BATCH_SIZE, n - start);
      g_autoptr(MlpTensor) X = mlp_tensor_new_2d (b, n_inputs);
      g_autoptr(MlpTensor) H = NULL;

      fill_range (ds, start, b, X, labels);
      H = mlp_model_hidden_output (model, X, layer, error);
      if (H == NULL)
        return FALSE;
      memcpy (out + start, H->data, b * sizeof (float));
    }
  return TRUE;
}

static void
zero_grads (MlpStateDict *params)
{
  for (guint i = 0; i < params->tensors->len; i++)
    mlp_tensor_zero_grad (params->tensors->pdata[i]);
}

/* √(Σ over the batches of the first n images of ds of ‖∂loss/∂W‖²), W the
 * first layer's weight and loss the batch's mean cross-entropy: 0 exactly
 * when no batch sends any gradient there.  Training mode, which for these
 * models without dropout computes the same; the gradients are zeroed after. */
static double
first_layer_grad_norm (MlpModel *model, const MlpDataset *ds, gsize n)
{
  g_autoptr(MlpStateDict) params = mlp_model_parameters (model);
  const MlpTensor *W = params->tensors->pdata[0];
  gsize n_inputs = mlp_model_get_config (model)->num_inputs;
  guint8 labels[BATCH_SIZE];
  double s = 0.0;

  for (gsize start = 0; start < n; start += BATCH_SIZE)
    {
      gsize b = MIN (BATCH_SIZE, n - start);
      g_autoptr(MlpTensor) X = mlp_tensor_new_2d (b, n_inputs);
      g_autoptr(MlpTensor) logits = NULL, loss = NULL;

      fill_range (ds, start, b, X, labels);
      zero_grads (params);
      logits = mlp_model_forward (model, X);
      loss = mlp_softmax_cross_entropy (logits, labels);
      mlp_tensor_backward (loss, NULL);
      for (gsize i = 0; W->grad != NULL && i < W->numel; i++)
        s += (double) W->grad[i] * W->grad[i];
    }
  zero_grads (params);
  return sqrt (s);
}

/* Trains model m from seed k and fills its val_acc, dead flag and gradient
 * norm; unit (n_val floats, may be NULL for a model without one) gets the
 * single unit's value on the validation images. */
static gboolean
run_one (const MlpExerciseConfig *c, const MlpDataset *train, const MlpDataset *val,
         MlpSingleUnitModel m, guint k, MlpSingleUnitDetails *d, float *unit, GError **error)
{
  guint run = m * d->n_seeds + k, n_runs = MLP_SINGLE_UNIT_N_MODELS * d->n_seeds;
  g_autofree char *what = g_strdup_printf ("%s, seed %" G_GUINT64_FORMAT, specs[m].key, c->seed + k);
  MlpExerciseTrainHooks hooks = { c, (double) run / n_runs, (run + 1.0) / n_runs, c->epochs, what };
  g_autoptr(MlpModel) model = NULL;
  g_autoptr(GError) local = NULL;
  MlpTrainerCallbacks cb;
  MlpModelConfig mc;
  MlpTrainConfig tc;
  double loss, acc;

  if (mlp_exercise_cancelled (c, error))
    return FALSE;
  model_config (m, d->n_inputs, d->n_classes, c->seed + k, &mc);
  if ((model = mlp_model_new (&mc, error)) == NULL)
    return FALSE;
  mlp_exercise_train_config (c, &tc);
  tc.seed = c->seed + k;
  mlp_exercise_train_callbacks (&hooks, &cb);
  /* a diverged run keeps its parameters and is measured as it stands */
  if (!mlp_trainer_fit (model, train, val, &tc, &cb, NULL, &local) &&
      !g_error_matches (local, MLP_ERROR, MLP_ERROR_DIVERGED))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  mlp_trainer_evaluate (model, val, d->n_val, BATCH_SIZE, &loss, &acc);
  d->val_acc[run] = acc;
  d->grad_norm[run] = first_layer_grad_norm (model, train,
                                             c->limit_train ? MIN (c->limit_train, train->n) : train->n);
  if (unit == NULL)
    return TRUE;
  if (!unit_outputs (model, val, d->n_val, specs[m].unit_layer, unit, error))
    return FALSE;
  d->dead[run] = specs[m].activation == MLP_ACTIVATION_RELU;
  for (gsize i = 0; i < d->n_val && d->dead[run]; i++)
    d->dead[run] = unit[i] == 0.0f;
  return TRUE;
}

/* -------------------------------------------------------- the histogram */

static void
histogram (MlpSingleUnitDetails *d, const float *unit, const guint8 *labels)
{
  double lo = INFINITY, hi = -INFINITY, width;
  gsize zeros = 0, majority = 0;

  d->n_bins = MLP_SINGLE_UNIT_BINS;
  d->hist_counts = g_new0 (guint, (gsize) d->n_classes * d->n_bins);
  for (gsize i = 0; i < d->n_val; i++)
    {
      lo = MIN (lo, unit[i]);
      hi = MAX (hi, unit[i]);
      zeros += unit[i] == 0.0f;
    }
  d->hist_min = lo;
  d->hist_max = hi;
  width = (hi - lo) / d->n_bins;
  for (gsize i = 0; i < d->n_val; i++)
    {
      guint b = width > 0 ? (guint) MIN ((unit[i] - lo) / width, d->n_bins - 1.0) : 0;

      d->hist_counts[labels[i] * d->n_bins + b]++;
    }
  for (guint b = 0; b < d->n_bins; b++)
    {
      guint most = 0;

      for (guint cl = 0; cl < d->n_classes; cl++)
        most = MAX (most, d->hist_counts[cl * d->n_bins + b]);
      majority += most;
    }
  d->zero_fraction = (double) zeros / d->n_val;
  d->majority_fraction = (double) majority / d->n_val;
}

/* 784-1-10 ReLU's first live unit, else 784-1-10 tanh's first; units holds
 * the values of every run with a unit, [run × n_val] */
static void
choose_histogram (MlpSingleUnitDetails *d, const float *units, const MlpDataset *val)
{
  guint k = 0;

  while (k < d->n_seeds && d->dead[MLP_SINGLE_UNIT_W1_RELU * d->n_seeds + k])
    k++;
  d->hist_model = k < d->n_seeds ? MLP_SINGLE_UNIT_W1_RELU : MLP_SINGLE_UNIT_W1_TANH;
  d->hist_seed_index = k < d->n_seeds ? k : 0;
  histogram (d, units + (d->hist_model * d->n_seeds + d->hist_seed_index) * d->n_val,
             val->labels);
}

/* ---------------------------------------------------------- the numbers */

static void
add_numbers (const MlpExerciseConfig *c, const MlpSingleUnitDetails *d, MlpExerciseResult *r)
{
  guint dead[MLP_SINGLE_UNIT_N_MODELS] = { 0 }, zero_grad = 0;
  double dead_acc = NAN;

  for (guint m = 0; m < MLP_SINGLE_UNIT_N_MODELS; m++)
    {
      const double *acc = d->val_acc + m * d->n_seeds;
      double sum = 0, lo = INFINITY, hi = -INFINITY;
      g_autofree char *mean_key = g_strdup_printf ("%s.val_acc_mean", specs[m].key);
      g_autofree char *min_key = g_strdup_printf ("%s.val_acc_min", specs[m].key);
      g_autofree char *max_key = g_strdup_printf ("%s.val_acc_max", specs[m].key);

      for (guint k = 0; k < d->n_seeds; k++)
        {
          guint run = m * d->n_seeds + k;

          sum += acc[k];
          lo = MIN (lo, acc[k]);
          hi = MAX (hi, acc[k]);
          dead[m] += d->dead[run];
          zero_grad += d->dead[run] && d->grad_norm[run] == 0.0;
          if (d->dead[run])
            dead_acc = isnan (dead_acc) ? acc[k] : MAX (dead_acc, acc[k]);
        }
      mlp_exercise_result_add_number (r, mean_key, sum / d->n_seeds);
      mlp_exercise_result_add_number (r, min_key, lo);
      mlp_exercise_result_add_number (r, max_key, hi);
    }
  mlp_exercise_result_add_number (r, "w1_relu.dead", dead[MLP_SINGLE_UNIT_W1_RELU]);
  mlp_exercise_result_add_number (r, "bottleneck_relu.dead", dead[MLP_SINGLE_UNIT_BOTTLENECK_RELU]);
  mlp_exercise_result_add_number (r, "dead.zero_grad", zero_grad);
  mlp_exercise_result_add_number (r, "dead.val_acc_max", dead_acc);
  mlp_exercise_result_add_number (r, "seeds", d->n_seeds);
  mlp_exercise_result_add_number (r, "hist.model", specs[d->hist_model].unit_layer);
  mlp_exercise_result_add_number (r, "hist.activation",
                                  specs[d->hist_model].activation == MLP_ACTIVATION_TANH);
  mlp_exercise_result_add_number (r, "hist.seed", (double) (c->seed + d->hist_seed_index));
  mlp_exercise_result_add_number (r, "hist.images", d->n_val);
  mlp_exercise_result_add_number (r, "hist.bins", d->n_bins);
  mlp_exercise_result_add_number (r, "hist.min", d->hist_min);
  mlp_exercise_result_add_number (r, "hist.max", d->hist_max);
  mlp_exercise_result_add_number (r, "hist.zero_fraction", d->zero_fraction);
  mlp_exercise_result_add_number (r, "hist.majority_fraction", d->majority_fraction);
}

/* ------------------------------------------------------------- the JSON */

static void
write_models (const MlpSingleUnitDetails *d, MlpJsonWriter *w)
{
  mlp_json_writer_key (w, "models");
  mlp_json_writer_begin_array (w);
  for (guint m = 0; m < MLP_SINGLE_UNIT_N_MODELS; m++)
    {
      g_autofree char *label = mlp_single_unit_model_label (d, m);
      gsize at = m * d->n_seeds;

      mlp_json_writer_begin_object (w);
      mlp_json_writer_member_string (w, "key", specs[m].key);
      mlp_json_writer_member_string (w, "label", label);
      mlp_json_writer_member_doubles (w, "val_acc", d->val_acc + at, d->n_seeds);
      mlp_json_writer_member_doubles (w, "first_layer_grad_norm", d->grad_norm + at, d->n_seeds);
      if (specs[m].activation == MLP_ACTIVATION_RELU && specs[m].unit_layer >= 0)
        {
          mlp_json_writer_key (w, "dead");
          mlp_json_writer_begin_array (w);
          for (guint k = 0; k < d->n_seeds; k++)
            mlp_json_writer_bool (w, d->dead[at + k]);
          mlp_json_writer_end_array (w);
        }
      mlp_json_writer_end_object (w);
    }
  mlp_json_writer_end_array (w);
}

static void
write_details (gconstpointer details, MlpJsonWriter *w)
{
  const MlpSingleUnitDetails *d = details;

  mlp_json_writer_member_uint (w, "seeds", d->n_seeds);
  mlp_json_writer_member_uint (w, "first_seed", d->first_seed);
  mlp_json_writer_member_uint (w, "images", d->n_val);
  write_models (d, w);
  mlp_json_writer_key (w, "histogram");
  mlp_json_writer_begin_object (w);
  mlp_json_writer_member_string (w, "model", specs[d->hist_model].key);
  mlp_json_writer_member_uint (w, "seed", d->first_seed + d->hist_seed_index);
  mlp_json_writer_member_double (w, "min", d->hist_min);
  mlp_json_writer_member_double (w, "max", d->hist_max);
  mlp_json_writer_member_double (w, "zero_fraction", d->zero_fraction);
  mlp_json_writer_member_double (w, "majority_fraction", d->majority_fraction);
  mlp_json_writer_key (w, "counts");   /* one array of n_bins per class */
  mlp_json_writer_begin_array (w);
  for (guint cl = 0; cl < d->n_classes; cl++)
    {
      mlp_json_writer_begin_array (w);
      for (guint b = 0; b < d->n_bins; b++)
        mlp_json_writer_uint (w, d->hist_counts[cl * d->n_bins + b]);
      mlp_json_writer_end_array (w);
    }
  mlp_json_writer_end_array (w);
  mlp_json_writer_end_object (w);
}

/* -------------------------------------------------------------- the run */

gboolean
mlp_exercise_single_unit_run (const MlpExerciseConfig *c, const MlpDataset *train,
                              const MlpDataset *val, MlpExerciseResult *r, GError **error)
{
  g_autoptr(MlpSingleUnitDetails) d = g_new0 (MlpSingleUnitDetails, 1);
  gsize n_runs = MLP_SINGLE_UNIT_N_MODELS * (gsize) c->n_seeds;
  g_autofree float *units = NULL;

  d->n_seeds = c->n_seeds;
  d->first_seed = c->seed;
  d->n_inputs = (gsize) val->rows * val->cols;
  d->n_classes = val->n_classes;
  d->n_val = c->limit_val ? MIN (c->limit_val, val->n) : val->n;
  d->val_acc = g_new0 (double, n_runs);
  d->dead = g_new0 (gboolean, n_runs);
  d->grad_norm = g_new0 (double, n_runs);
  /* the models with a one-unit layer come first (w1, bottleneck) */
  units = g_new0 (float, MLP_SINGLE_UNIT_W256_RELU * (gsize) d->n_seeds * d->n_val);
  for (guint m = 0; m < MLP_SINGLE_UNIT_N_MODELS; m++)
    for (guint k = 0; k < d->n_seeds; k++)
      {
        float *unit = specs[m].unit_layer >= 0 ? units + (m * d->n_seeds + k) * d->n_val : NULL;

        if (!run_one (c, train, val, m, k, d, unit, error))
          return FALSE;
      }
  choose_histogram (d, units, val);
  add_numbers (c, d, r);
  mlp_exercise_result_set_details (r, g_steal_pointer (&d),
                                   (GDestroyNotify) mlp_single_unit_details_free, write_details);
  return TRUE;
}
