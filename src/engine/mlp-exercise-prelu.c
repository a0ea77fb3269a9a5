/* mlp-exercise-prelu.c — "Your turn": PReLU's slope is learned; see
 * mlp-exercise-prelu.h.  Three trainings of the chapter's MLP from one
 * model seed (so the same initial Linear weights) and one data order; the
 * trainer's epoch_done reads the slopes off the live model. */
#include "mlp-exercise-private.h"
#include "mlp-exercise-prelu.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mlp-error.h"

static const char *const run_names[MLP_PRELU_N_RUNS] = { "shared", "channel", "relu" };
static const char *const stat_names[MLP_PRELU_N_STATS] = { "mean", "min", "q1", "median", "q3", "max" };

const char *
mlp_prelu_run_to_string (MlpPreluRun run)
{
  g_return_val_if_fail (run < MLP_PRELU_N_RUNS, NULL);
  return run_names[run];
}

const char *
mlp_prelu_stat_to_string (MlpPreluStat stat)
{
  g_return_val_if_fail (stat < MLP_PRELU_N_STATS, NULL);
  return stat_names[stat];
}

static MlpPreluDetails *
details_new (guint epochs, gsize n_channels, double init_slope)
{
  MlpPreluDetails *d = g_new0 (MlpPreluDetails, 1);

  d->epochs = epochs;
  d->n_channels = n_channels;
  d->init_slope = init_slope;
  d->shared_slope = g_new0 (double, epochs + 1);
  for (guint s = 0; s < MLP_PRELU_N_STATS; s++)
    d->channel[s] = g_new0 (double, epochs + 1);
  for (guint r = 0; r < MLP_PRELU_N_RUNS; r++)
    {
      d->train_loss[r] = g_new0 (double, epochs);
      d->val_loss[r] = g_new0 (double, epochs);
      d->val_acc[r] = g_new0 (double, epochs);
    }
  d->final_slopes = g_new0 (float, n_channels);
  return d;
}

static void
details_free (gpointer data)
{
  MlpPreluDetails *d = data;

  g_free (d->shared_slope);
  for (guint s = 0; s < MLP_PRELU_N_STATS; s++)
    g_free (d->channel[s]);
  for (guint r = 0; r < MLP_PRELU_N_RUNS; r++)
    {
      g_free (d->train_loss[r]);
      g_free (d->val_loss[r]);
      g_free (d->val_acc[r]);
    }
  g_free (d->final_slopes);
  g_free (d);
}

/* "shared_slope", "channel_slope": {"mean": […], …}, then per run
 * {"train_loss": […], "val_loss": […], "val_acc": […]}, "final_slopes" */
static void
details_write (gconstpointer data, MlpJsonWriter *w)
{
  const MlpPreluDetails *d = data;

  mlp_json_writer_member_uint (w, "epochs", d->epochs);
  mlp_json_writer_member_double (w, "init_slope", d->init_slope);
  mlp_json_writer_member_uint (w, "channels", d->n_channels);
  mlp_json_writer_member_doubles (w, "shared_slope", d->shared_slope, d->epochs + 1);
  mlp_json_writer_key (w, "channel_slope");
  mlp_json_writer_begin_object (w);
  for (guint s = 0; s < MLP_PRELU_N_STATS; s++)
    mlp_json_writer_member_doubles (w, stat_names[s], d->channel[s], d->epochs + 1);
  mlp_json_writer_end_object (w);
  for (guint r = 0; r < MLP_PRELU_N_RUNS; r++)
    {
      mlp_json_writer_key (w, run_names[r]);
      mlp_json_writer_begin_object (w);
      mlp_json_writer_member_doubles (w, "train_loss", d->train_loss[r], d->epochs);
      mlp_json_writer_member_doubles (w, "val_loss", d->val_loss[r], d->epochs);
      mlp_json_writer_member_doubles (w, "val_acc", d->val_acc[r], d->epochs);
      mlp_json_writer_end_object (w);
    }
  mlp_json_writer_member_floats (w, "final_slopes", d->final_slopes, d->n_channels);
}

static int
compare_doubles (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* torch.quantile's 'linear': sorted[(n − 1) q], interpolated */
static double
quantile (const double *sorted, gsize n, double q)
{
  double pos = (n - 1) * q;
  gsize lo = (gsize) floor (pos), hi = MIN (lo + 1, n - 1);

  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/* the summary of the n slopes into d->channel[·][at] */
static void
summarise (MlpPreluDetails *d, guint at, const float *slopes, gsize n)
{
  g_autofree double *sorted = g_new (double, n);
  double sum = 0;

  for (gsize i = 0; i < n; i++)
    sum += sorted[i] = slopes[i];
  qsort (sorted, n, sizeof (double), compare_doubles);
  d->channel[MLP_PRELU_STAT_MEAN][at] = sum / n;
  d->channel[MLP_PRELU_STAT_MIN][at] = sorted[0];
  d->channel[MLP_PRELU_STAT_Q1][at] = quantile (sorted, n, 0.25);
  d->channel[MLP_PRELU_STAT_MEDIAN][at] = quantile (sorted, n, 0.5);
  d->channel[MLP_PRELU_STAT_Q3][at] = quantile (sorted, n, 0.75);
  d->channel[MLP_PRELU_STAT_MAX][at] = sorted[n - 1];
}

/* the model's slopes as they are after `epoch` epochs (0: the init) */
static void
record_slopes (MlpPreluDetails *d, MlpPreluRun run, MlpModel *model, guint epoch)
{
  MlpTensor *a = mlp_model_get_prelu_slopes (model, 0);

  if (a == NULL || epoch > d->epochs)
    return;
  if (run == MLP_PRELU_RUN_SHARED)
    d->shared_slope[epoch] = a->data[0];
  else if (run == MLP_PRELU_RUN_CHANNEL)
    summarise (d, epoch, a->data, a->numel);
}

typedef struct {
  MlpExerciseTrainHooks  hooks;   /* first: the trainer's user_data is both */
  MlpPreluDetails       *details;
  MlpPreluRun            run;
  MlpModel              *model;
} RunState;

G_STATIC_ASSERT (G_STRUCT_OFFSET (RunState, hooks) == 0);

static void
run_epoch_done (const MlpEpochReport *e, gpointer user_data)
{
  RunState *s = user_data;
  MlpPreluDetails *d = s->details;

  if (e->epoch < 1 || e->epoch > d->epochs)
    return;
  d->train_loss[s->run][e->epoch - 1] = e->train_loss;
  d->val_loss[s->run][e->epoch - 1] = e->val_loss;
  d->val_acc[s->run][e->epoch - 1] = e->val_acc;
  record_slopes (d, s->run, s->model, e->epoch);
}

/* the chapter's MLP for run, on train's image size and classes */
static MlpModel *
model_for_run (const MlpExerciseConfig *c, const MlpDataset *train, MlpPreluRun run,
               GError **error)
{
  MlpModelConfig mc;

  mlp_model_config_init (&mc, MLP_MODEL_MLP);
  mc.num_inputs = (gsize) train->rows * train->cols;
  mc.num_outputs = train->n_classes;
  mc.seed = c->seed;
  mc.activation = run == MLP_PRELU_RUN_RELU ? MLP_ACTIVATION_RELU : MLP_ACTIVATION_PRELU;
  mc.prelu_per_channel = run == MLP_PRELU_RUN_CHANNEL;
  return mlp_model_new (&mc, error);
}

/* trains run's model for c->epochs epochs, filling its part of d */
static gboolean
train_run (const MlpExerciseConfig *c, const MlpDataset *train, const MlpDataset *val,
           MlpPreluRun run, MlpPreluDetails *d, GError **error)
{
  g_autoptr(MlpModel) model = model_for_run (c, train, run, error);
  RunState state = { 0 };
  MlpTrainerCallbacks cb;
  MlpTrainConfig tc;
  gboolean ok;

  if (model == NULL)
    return FALSE;
  state.hooks.config = c;
  state.hooks.lo = run / (double) MLP_PRELU_N_RUNS;
  state.hooks.hi = (run + 1) / (double) MLP_PRELU_N_RUNS;
  state.hooks.epochs = c->epochs;
  state.hooks.what = run_names[run];
  state.details = d;
  state.run = run;
  state.model = model;
  mlp_exercise_train_callbacks (&state.hooks, &cb);
  cb.epoch_done = run_epoch_done;

  mlp_exercise_train_config (c, &tc);   /* the chapter's lr 0.1, batch 256 */
  record_slopes (d, run, model, 0);
  ok = mlp_trainer_fit (model, train, val, &tc, &cb, NULL, error);
  if (ok && run == MLP_PRELU_RUN_CHANNEL)
    {
      MlpTensor *a = mlp_model_get_prelu_slopes (model, 0);

      memcpy (d->final_slopes, a->data, MIN (a->numel, d->n_channels) * sizeof (float));
    }
  return ok;
}

gboolean
mlp_exercise_prelu_run (const MlpExerciseConfig *c, const MlpDataset *train,
                        const MlpDataset *val, MlpExerciseResult *r, GError **error)
{
  MlpModelConfig defaults;
  MlpPreluDetails *d;
  guint last = c->epochs;

  mlp_model_config_init (&defaults, MLP_MODEL_MLP);
  if (c->epochs == 0)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT, "epochs must be 1 … 1000");
      return FALSE;
    }
  d = details_new (c->epochs, defaults.hiddens[0], defaults.prelu_init);
  mlp_exercise_result_set_details (r, d, details_free, details_write);
  for (guint run = 0; run < MLP_PRELU_N_RUNS; run++)
    if (mlp_exercise_cancelled (c, error) || !train_run (c, train, val, run, d, error))
      return FALSE;

  mlp_exercise_result_add_number (r, "shared.slope", d->shared_slope[last]);
  mlp_exercise_result_add_number (r, "shared.val_acc", d->val_acc[MLP_PRELU_RUN_SHARED][last - 1]);
  mlp_exercise_result_add_number (r, "channel.slope_mean", d->channel[MLP_PRELU_STAT_MEAN][last]);
  mlp_exercise_result_add_number (r, "channel.slope_min", d->channel[MLP_PRELU_STAT_MIN][last]);
  mlp_exercise_result_add_number (r, "channel.slope_max", d->channel[MLP_PRELU_STAT_MAX][last]);
  mlp_exercise_result_add_number (r, "channel.val_acc", d->val_acc[MLP_PRELU_RUN_CHANNEL][last - 1]);
  mlp_exercise_result_add_number (r, "relu.val_acc", d->val_acc[MLP_PRELU_RUN_RELU][last - 1]);
  mlp_exercise_result_add_number (r, "init_slope", d->init_slope);
  mlp_exercise_result_add_number (r, "epochs", d->epochs);
  return TRUE;
}
