/* mlp-exercise-dropout-test.c — Exercise 4; see mlp-exercise-dropout-test.h. */
#include "mlp-exercise-dropout-test.h"

#include <math.h>

#include "mlp-error.h"
#include "mlp-exercise-private.h"

static void
details_free (gpointer p)
{
  MlpDropoutTestDetails *d = p;

  mlp_dropout_passes_free (d->passes);
  g_free (d);
}

static void
details_write (gconstpointer p, MlpJsonWriter *w)
{
  const MlpDropoutTestDetails *d = p;
  const MlpDropoutPasses *r = d->passes;

  mlp_json_writer_member_float (w, "dropout_1", d->p1);
  mlp_json_writer_member_float (w, "dropout_2", d->p2);
  mlp_json_writer_member_doubles (w, "pass_acc", r->pass_acc, r->n_passes);
  mlp_json_writer_member_sizes (w, "curve_passes", r->curve_passes, r->n_points);
  mlp_json_writer_member_doubles (w, "curve_distance", r->curve_distance, r->n_points);
  mlp_json_writer_member_doubles (w, "curve_noise", r->curve_noise, r->n_points);
  mlp_json_writer_key (w, "tracked");
  mlp_json_writer_begin_array (w);
  for (guint t = 0; t < r->n_tracked; t++)
    {
      mlp_json_writer_begin_object (w);
      mlp_json_writer_member_uint (w, "index", r->tracked_index[t]);
      mlp_json_writer_member_uint (w, "label", r->tracked_label[t]);
      mlp_json_writer_member_uint (w, "eval_class", r->tracked_class[t]);
      mlp_json_writer_member_double (w, "eval_prob", r->tracked_eval_prob[t]);
      mlp_json_writer_member_doubles (w, "prob", r->tracked_prob + (gsize) t * r->n_passes, r->n_passes);
      mlp_json_writer_end_object (w);
    }
  mlp_json_writer_end_array (w);
}

/* the least-squares slope of log distance against log n over the curve's
 * points with lo ≤ n ≤ hi; NaN with fewer than two */
static double
loglog_slope (const MlpDropoutPasses *r, const double *y, gsize lo, gsize hi)
{
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  guint k = 0;

  for (guint i = 0; i < r->n_points; i++)
    if (r->curve_passes[i] >= lo && r->curve_passes[i] <= hi && y[i] > 0)
      {
        double lx = log ((double) r->curve_passes[i]), ly = log (y[i]);

        sx += lx;
        sy += ly;
        sxx += lx * lx;
        sxy += lx * ly;
        k++;
      }
  if (k < 2 || k * sxx - sx * sx <= 0)
    return NAN;
  return (k * sxy - sx * sy) / (k * sxx - sx * sx);
}

static void
add_numbers (MlpExerciseResult *res, const MlpDropoutPasses *r)
{
  double lo = INFINITY, hi = -INFINITY;

  for (guint k = 0; k < r->n_passes; k++)
    {
      lo = MIN (lo, r->pass_acc[k]);
      hi = MAX (hi, r->pass_acc[k]);
    }
  mlp_exercise_result_add_number (res, "eval_acc", r->eval_acc);
  mlp_exercise_result_add_number (res, "pass_acc_mean", r->mean_acc);
  mlp_exercise_result_add_number (res, "pass_acc_sd", r->sd_acc);
  mlp_exercise_result_add_number (res, "pass_acc_min", lo);
  mlp_exercise_result_add_number (res, "pass_acc_max", hi);
  mlp_exercise_result_add_number (res, "images", (double) r->n_images);
  mlp_exercise_result_add_number (res, "changed", (double) r->n_changed);
  mlp_exercise_result_add_number (res, "changed_fraction", (double) r->n_changed / (double) r->n_images);
  mlp_exercise_result_add_number (res, "distance_first", r->curve_distance[0]);
  mlp_exercise_result_add_number (res, "distance_last", r->curve_distance[r->n_points - 1]);
  mlp_exercise_result_add_number (res, "distance_slope", loglog_slope (r, r->curve_distance, 1, 16));
  mlp_exercise_result_add_number (res, "gap", r->gap);
  mlp_exercise_result_add_number (res, "noise_slope", loglog_slope (r, r->curve_noise, 1, r->n_passes / 2));
  mlp_exercise_result_add_number (res, "passes", r->n_passes);
}

/* the chapter's DropoutMLP, trained as config says; NULL with error */
static MlpModel *
train_dropout_mlp (const MlpExerciseConfig *c, const MlpDataset *train, const MlpDataset *val,
                   GError **error)
{
  g_autoptr(MlpModel) model = NULL;
  MlpModelConfig mc;
  MlpTrainConfig tc;
  MlpTrainerCallbacks cb;
  MlpExerciseTrainHooks hooks = { c, 0.0, 0.6, c->epochs, "DropoutMLP" };
  gboolean ok;

  mlp_model_config_init (&mc, MLP_MODEL_DROPOUT);
  mc.num_inputs = (gsize) train->rows * train->cols;
  mc.num_outputs = train->n_classes;
  mc.seed = c->seed;
  model = mlp_model_new (&mc, error);
  if (model == NULL)
    return NULL;
  mlp_exercise_train_config (c, &tc);
  mlp_exercise_train_callbacks (&hooks, &cb);
  ok = mlp_trainer_fit (model, train, val, &tc, &cb, NULL, error);
  return ok ? g_steal_pointer (&model) : NULL;
}

typedef struct {
  const MlpExerciseConfig *config;
  double                   lo;
} PassHooks;

static void
pass_done (guint pass, guint n_passes, gpointer user_data)
{
  PassHooks *h = user_data;
  char what[64];

  g_snprintf (what, sizeof what, "pass %u of %u", pass, n_passes);
  mlp_exercise_progress (h->config, h->lo, 1.0, pass / (double) n_passes, what);
}

static gboolean
pass_should_stop (gpointer user_data)
{
  const MlpExerciseConfig *c = ((PassHooks *) user_data)->config;

  return c->should_stop != NULL && c->should_stop (c->user_data);
}

gboolean
mlp_exercise_dropout_test_run (const MlpExerciseConfig *c, const MlpDataset *train,
                               const MlpDataset *val, MlpExerciseResult *r, GError **error)
{
  g_autoptr(MlpModel) trained = NULL;
  MlpModel *model = c->model;
  PassHooks hooks = { c, 0.0 };
  MlpDropoutPassesOptions o = { MLP_DROPOUT_TEST_TRACKED, pass_done, pass_should_stop, &hooks };
  MlpDropoutTestDetails *d;
  MlpDropoutPasses *passes;

  if (model == NULL)
    {
      trained = train_dropout_mlp (c, train, val, error);
      if (trained == NULL)
        return FALSE;
      model = trained;
      hooks.lo = 0.6;
      r->trained_model = TRUE;
    }
  passes = mlp_dropout_passes_run_full (model, val, c->limit_val, c->n_passes, 256, &o, error);
  if (passes == NULL)
    return FALSE;
  d = g_new0 (MlpDropoutTestDetails, 1);
  d->passes = passes;
  d->p1 = mlp_model_get_config (model)->dropouts[0];
  d->p2 = mlp_model_get_config (model)->dropouts[1];
  add_numbers (r, passes);
  mlp_exercise_result_set_details (r, d, details_free, details_write);
  return TRUE;
}
