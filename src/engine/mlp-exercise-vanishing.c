/* mlp-exercise-vanishing.c — Exercise 1; see mlp-exercise-vanishing.h. */
#include "mlp-exercise-vanishing.h"

#include <math.h>
#include <stdlib.h>

#include "mlp-error.h"
#include "mlp-exercise-private.h"
#include "mlp-ops.h"

const char *
mlp_vanishing_run_to_string (MlpVanishingRun run)
{
  return run == MLP_VANISHING_SIGMOID ? "sigmoid" : "relu";
}

static void
details_free (gpointer p)
{
  MlpVanishingDetails *d = p;

  for (guint k = 0; k < MLP_VANISHING_N_RUNS; k++)
    {
      g_free (d->loss[k]);
      g_free (d->grad_norm[k]);
    }
  g_free (d);
}

static void
details_write (gconstpointer p, MlpJsonWriter *w)
{
  const MlpVanishingDetails *d = p;

  mlp_json_writer_member_uint (w, "layers", d->n_layers);
  mlp_json_writer_member_uint (w, "width", d->width);
  for (guint k = 0; k < MLP_VANISHING_N_RUNS; k++)
    {
      mlp_json_writer_key (w, mlp_vanishing_run_to_string (k));
      mlp_json_writer_begin_object (w);
      mlp_json_writer_member_uint (w, "steps", d->n_steps[k]);
      mlp_json_writer_member_doubles (w, "loss", d->loss[k], d->n_steps[k]);
      mlp_json_writer_key (w, "grad_norm");   /* one array per layer */
      mlp_json_writer_begin_array (w);
      for (guint l = 0; l < d->n_layers; l++)
        {
          mlp_json_writer_begin_array (w);
          for (guint s = 0; s < d->n_steps[k]; s++)
            mlp_json_writer_double (w, d->grad_norm[k][(gsize) l * d->n_steps[k] + s]);
          mlp_json_writer_end_array (w);
        }
      mlp_json_writer_end_array (w);
      mlp_json_writer_end_object (w);
    }
}

/* sigmoid′ at ±10, from backward() as the notebook computes it */
static void
sigmoid_grads (double *at_minus, double *at_plus)
{
  const float xs[2] = { -10.0f, 10.0f };
  gsize shape[1] = { 2 };
  g_autoptr(MlpTensor) x = mlp_tensor_new_from_data (1, shape, xs);
  g_autoptr(MlpTensor) y = NULL;
  g_autoptr(MlpTensor) ones = mlp_tensor_new_full (1, shape, 1.0f);

  mlp_tensor_set_requires_grad (x, TRUE);
  y = mlp_sigmoid (x);
  mlp_tensor_backward (y, ones);
  *at_minus = x->grad[0];
  *at_plus = x->grad[1];
}

/* what the trainer's callbacks record of one run */
typedef struct {
  MlpExerciseTrainHooks  hooks;
  MlpTrainerCallbacks    inner;     /* progress and stop */
  GPtrArray             *weights;   /* the Linear weights, input side first */
  GArray                *loss;      /* double per step */
  GArray                *norms;     /* double, n_layers per step */
} Recorder;

static void
record_step (const MlpBatchReport *b, gpointer user_data)
{
  Recorder *rec = user_data;

  g_array_append_val (rec->loss, b->loss);
  for (guint l = 0; l < rec->weights->len; l++)
    {
      MlpTensor *w = g_ptr_array_index (rec->weights, l);
      double s = 0;

      for (gsize i = 0; w->grad && i < w->numel; i++)
        s += (double) w->grad[i] * w->grad[i];
      s = sqrt (s);
      g_array_append_val (rec->norms, s);
    }
  rec->inner.batch_done (b, rec->inner.user_data);
}

static gboolean
record_should_stop (gpointer user_data)
{
  Recorder *rec = user_data;

  return rec->inner.should_stop (rec->inner.user_data);
}

/* the weights (2-D parameters) of the model, in order */
static GPtrArray *
linear_weights (MlpModel *model)
{
  g_autoptr(MlpStateDict) sd = mlp_model_parameters (model);
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) mlp_tensor_unref);

  for (guint i = 0; i < sd->tensors->len; i++)
    {
      MlpTensor *t = g_ptr_array_index (sd->tensors, i);

      if (t->ndim == 2)
        g_ptr_array_add (out, mlp_tensor_ref (t));
    }
  return out;
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* the median of the n values x[0 … n) */
static double
median_of (const double *x, guint n)
{
  g_autofree double *v = NULL;

  if (n == 0)
    return NAN;
  v = g_memdup2 (x, (gsize) n * sizeof (double));
  qsort (v, n, sizeof (double), compare_doubles);
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void
model_config (MlpModelConfig *mc, MlpVanishingRun run, const MlpDataset *train, guint64 seed)
{
  mlp_model_config_init (mc, MLP_MODEL_MLP);
  mc->num_inputs = (gsize) train->rows * train->cols;
  mc->num_outputs = train->n_classes;
  mc->n_hidden = MLP_VANISHING_DEPTH;
  for (guint l = 0; l < MLP_VANISHING_DEPTH; l++)
    mc->hiddens[l] = MLP_VANISHING_WIDTH;
  mc->seed = seed;
  if (run == MLP_VANISHING_SIGMOID)
    mc->activation = MLP_ACTIVATION_SIGMOID;   /* PyTorch's default init, as the chapter's MLP */
  else
    {
      mc->activation = MLP_ACTIVATION_RELU;
      mlp_init_parse ("he", &mc->init, NULL);
    }
}

/* one run; FALSE with error (a diverged run is kept as far as it went) */
static gboolean
train_one (const MlpExerciseConfig *c, MlpVanishingRun run, const MlpDataset *train,
           const MlpDataset *val, MlpVanishingDetails *d, GError **error)
{
  g_autoptr(MlpModel) model = NULL;
  g_autoptr(GPtrArray) weights = NULL;
  g_autoptr(GError) local = NULL;
  MlpModelConfig mc;
  MlpTrainConfig tc;
  MlpTrainResult tr = { 0 };
  Recorder rec = { { c, run * 0.5, run * 0.5 + 0.5, c->epochs, mlp_vanishing_run_to_string (run) } };
  MlpTrainerCallbacks cb = { record_step, NULL, record_should_stop, &rec };
  gboolean ok;

  model_config (&mc, run, train, c->seed);
  if ((model = mlp_model_new (&mc, error)) == NULL)
    return FALSE;
  mlp_exercise_train_callbacks (&rec.hooks, &rec.inner);
  mlp_exercise_train_config (c, &tc);
  rec.weights = weights = linear_weights (model);
  rec.loss = g_array_new (FALSE, FALSE, sizeof (double));
  rec.norms = g_array_new (FALSE, FALSE, sizeof (double));
  ok = mlp_trainer_fit (model, train, val, &tc, &cb, &tr, &local);
  if (!ok && g_error_matches (local, MLP_ERROR, MLP_ERROR_DIVERGED))
    ok = TRUE;   /* what it did until then is the answer */
  if (ok && tr.epochs->len > 0)
    d->val_acc[run] = g_array_index (tr.epochs, MlpEpochReport, tr.epochs->len - 1).val_acc;
  else if (ok)
    d->val_acc[run] = NAN;
  mlp_train_result_clear (&tr);
  d->n_layers = weights->len;
  d->n_steps[run] = rec.loss->len;
  d->loss[run] = (double *) (gpointer) g_array_free (rec.loss, FALSE);
  /* rows = layers: the record is step-major */
  d->grad_norm[run] = g_new (double, MAX ((gsize) rec.norms->len, 1));
  for (guint s = 0; s < d->n_steps[run]; s++)
    for (guint l = 0; l < weights->len; l++)
      d->grad_norm[run][(gsize) l * d->n_steps[run] + s] =
        g_array_index (rec.norms, double, (gsize) s * weights->len + l);
  g_array_unref (rec.norms);
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local));
  return ok;
}

static void
add_run_numbers (MlpExerciseResult *r, const MlpVanishingDetails *d, MlpVanishingRun run)
{
  const char *name = mlp_vanishing_run_to_string (run);
  guint n = d->n_steps[run], tail = MAX (n / 10, 1);
  double final = 0, first, last;
  char key[64];

  for (guint s = n - tail; s < n; s++)
    final += d->loss[run][s] / tail;
  first = median_of (d->grad_norm[run], n);
  last = median_of (d->grad_norm[run] + (gsize) (d->n_layers - 1) * n, n);
#define ADD(field, value) \
  (g_snprintf (key, sizeof key, "%s." field, name), mlp_exercise_result_add_number (r, key, (value)))
  ADD ("first_loss", d->loss[run][0]);
  ADD ("final_loss", final);
  ADD ("val_acc", d->val_acc[run]);
  ADD ("grad_first", first);
  ADD ("grad_last", last);
  ADD ("grad_ratio", first / last);
#undef ADD
}

gboolean
mlp_exercise_vanishing_run (const MlpExerciseConfig *c, const MlpDataset *train,
                            const MlpDataset *val, MlpExerciseResult *r, GError **error)
{
  MlpVanishingDetails *d = g_new0 (MlpVanishingDetails, 1);
  double minus, plus;

  d->width = MLP_VANISHING_WIDTH;
  mlp_exercise_result_set_details (r, d, details_free, details_write);
  for (guint k = 0; k < MLP_VANISHING_N_RUNS; k++)
    if (!train_one (c, k, train, val, d, error))
      return FALSE;
  if (d->n_steps[MLP_VANISHING_SIGMOID] == 0 || d->n_steps[MLP_VANISHING_RELU] == 0)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT, "no training step: no training images");
      return FALSE;
    }
  sigmoid_grads (&minus, &plus);
  mlp_exercise_result_add_number (r, "sigmoid_grad_at_10", plus);
  mlp_exercise_result_add_number (r, "sigmoid_grad_at_minus_10", minus);
  mlp_exercise_result_add_number (r, "ln_classes", log ((double) train->n_classes));
  mlp_exercise_result_add_number (r, "steps", d->n_steps[MLP_VANISHING_SIGMOID]);
  for (guint k = 0; k < MLP_VANISHING_N_RUNS; k++)
    add_run_numbers (r, d, k);
  return TRUE;
}
