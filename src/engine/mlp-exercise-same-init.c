/* mlp-exercise-same-init.c — Exercise 3: the same initial value for every
 * weight; see mlp-exercise-same-init.h.
 *
 * Linear and softmax regression have no hidden units: each output has its
 * own weights, and its gradient differs from the others' through the
 * labels, so equal weights become different ones.  An MLP's hidden units
 * that start equal get equal gradients, and stay equal.  The run measures
 * both: the recovered w and b, the distance between the trained softmax
 * rows, the spread of the MLP's hidden units.
 */
#include "mlp-exercise-private.h"
#include "mlp-exercise-same-init.h"

#include <math.h>
#include <string.h>

#include "mlp-error.h"

/* the share of the run's progress of each part: the MLPs cost the most */
#define LINEAR_END  0.01
#define SOFTMAX_END 0.08

const char *
mlp_same_init_kind_to_string (MlpSameInitKind kind)
{
  static const char *const names[MLP_SAME_INIT_N] = { "random", "zeros", "constant" };

  g_return_val_if_fail (kind < MLP_SAME_INIT_N, NULL);
  return names[kind];
}

/* the scheme of an init other than random */
static MlpInit
same_init (MlpSameInitKind kind)
{
  MlpInit init = { MLP_INIT_ZEROS, 0.0f };

  if (kind == MLP_SAME_INIT_CONSTANT)
    init = (MlpInit) { MLP_INIT_CONSTANT, MLP_SAME_INIT_C };
  return init;
}

static void
details_free (gpointer data)
{
  MlpSameInitDetails *d = data;

  for (guint k = 0; k < MLP_SAME_INIT_N; k++)
    {
      g_clear_pointer (&d->linear[k], mlp_linreg_result_free);
      g_free (d->softmax[k].weights);
    }
  g_free (d->mlp_constant.unit_weights);
  g_free (d->mlp_random.unit_weights);
  g_free (d);
}

/* ------------------------------------------------------------- linear */

static double
linear_error (const MlpLinRegResult *lr, const MlpLinRegConfig *lc)
{
  double e = fabs ((double) lr->b - lc->b);

  for (guint j = 0; j < MLP_LINREG_FEATURES; j++)
    e = MAX (e, fabs ((double) lr->w[j] - lc->w[j]));
  return e;
}

static gboolean
run_linear (const MlpExerciseConfig *c, MlpSameInitDetails *d, GError **error)
{
  for (guint k = 0; k < MLP_SAME_INIT_N; k++)
    {
      g_autofree char *what = g_strdup_printf ("linear regression, %s", mlp_same_init_kind_to_string (k));
      MlpExerciseTrainHooks hooks;
      MlpTrainerCallbacks cb;
      MlpLinRegConfig lc;

      mlp_linreg_config_init (&lc);
      lc.seed = c->seed;
      if (k != MLP_SAME_INIT_RANDOM)
        lc.init = same_init (k);
      hooks = (MlpExerciseTrainHooks) {
        c, LINEAR_END * k / MLP_SAME_INIT_N, LINEAR_END * (k + 1) / MLP_SAME_INIT_N, lc.epochs, what,
      };
      mlp_exercise_train_callbacks (&hooks, &cb);
      d->linear[k] = mlp_linreg_run (&lc, &cb, error);
      if (d->linear[k] == NULL)
        return FALSE;
      d->linear_error[k] = linear_error (d->linear[k], &lc);
      memcpy (d->true_w, lc.w, sizeof d->true_w);
      d->true_b = lc.b;
      d->noise = lc.noise;
    }
  return TRUE;
}

/* ------------------------------------------------- softmax and the MLP */

/* A model of kind with the data's inputs and classes (init NULL: the
 * kind's own, PyTorch's default), trained for the exercise's epochs with
 * progress in [lo, hi]; *val_acc after the last epoch.  (transfer full) */
static MlpModel *
train_model (const MlpExerciseConfig *c, MlpModelKind kind, const MlpInit *init,
             const MlpDataset *train, const MlpDataset *val, double lo, double hi,
             const char *what, double *val_acc, GError **error)
{
  g_autoptr(MlpModel) model = NULL;
  MlpTrainResult res = { 0 };
  MlpExerciseTrainHooks hooks = { c, lo, hi, c->epochs, what };
  MlpTrainerCallbacks cb;
  MlpModelConfig mc;
  MlpTrainConfig tc;
  gboolean ok;

  mlp_model_config_init (&mc, kind);
  mc.num_inputs = (gsize) train->rows * train->cols;
  mc.num_outputs = MAX (train->n_classes, val->n_classes);
  mc.seed = c->seed;
  if (init != NULL)
    mc.init = *init;
  model = mlp_model_new (&mc, error);
  if (model == NULL)
    return NULL;
  mlp_exercise_train_config (c, &tc);
  mlp_exercise_train_callbacks (&hooks, &cb);
  ok = mlp_trainer_fit (model, train, val, &tc, &cb, &res, error);
  if (ok)
    *val_acc = g_array_index (res.epochs, MlpEpochReport, res.epochs->len - 1).val_acc;
  mlp_train_result_clear (&res);
  return ok ? g_steal_pointer (&model) : NULL;
}

/* the smallest distance between two rows of W (rows × cols) over the
 * rows' mean norm; 0 when every row is 0 */
static double
row_distance (const float *W, gsize rows, gsize cols)
{
  double smallest = INFINITY, norms = 0;

  for (gsize i = 0; i < rows; i++)
    {
      double n2 = 0;

      for (gsize k = 0; k < cols; k++)
        n2 += (double) W[i * cols + k] * W[i * cols + k];
      norms += sqrt (n2);
      for (gsize j = i + 1; j < rows; j++)
        {
          double d2 = 0;

          for (gsize k = 0; k < cols; k++)
            {
              double diff = (double) W[i * cols + k] - W[j * cols + k];
              d2 += diff * diff;
            }
          smallest = MIN (smallest, sqrt (d2));
        }
    }
  norms /= MAX (rows, 1);
  return norms > 0 && isfinite (smallest) ? smallest / norms : 0.0;
}

static gboolean
run_softmax (const MlpExerciseConfig *c, const MlpDataset *train, const MlpDataset *val,
             MlpSameInitDetails *d, GError **error)
{
  double span = (SOFTMAX_END - LINEAR_END) / MLP_SAME_INIT_N;

  for (guint k = 0; k < MLP_SAME_INIT_N; k++)
    {
      g_autofree char *what = g_strdup_printf ("softmax regression, %s", mlp_same_init_kind_to_string (k));
      MlpInit init = same_init (k);
      MlpSameInitSoftmax *s = &d->softmax[k];
      g_autoptr(MlpModel) model = NULL;
      g_autoptr(MlpTensor) W = NULL;

      model = train_model (c, MLP_MODEL_SOFTMAX, k == MLP_SAME_INIT_RANDOM ? NULL : &init, train, val,
                           LINEAR_END + span * k, LINEAR_END + span * (k + 1), what, &s->val_acc, error);
      if (model == NULL)
        return FALSE;
      W = mlp_model_first_layer_weights (model);   /* (classes, inputs) */
      s->weights = g_memdup2 (W->data, W->numel * sizeof (float));
      s->row_distance = row_distance (W->data, W->shape[0], W->shape[1]);
    }
  return TRUE;
}

static gboolean
run_mlp (const MlpExerciseConfig *c, const MlpDataset *train, const MlpDataset *val,
         const MlpInit *init, double lo, double hi, MlpSameInitMlp *m, MlpSameInitDetails *d,
         GError **error)
{
  g_autoptr(MlpModel) model = NULL;
  g_autoptr(MlpTensor) W = NULL;

  model = train_model (c, MLP_MODEL_MLP, init, train, val, lo, hi,
                       init ? "MLP, constant" : "MLP, random", &m->val_acc, error);
  if (model == NULL)
    return FALSE;
  m->hidden_spread = mlp_model_hidden_unit_spread (model);
  W = mlp_model_first_layer_weights (model);   /* (hidden, inputs) */
  d->hidden = W->shape[0];
  m->n_units = (guint) MIN (W->shape[0], MLP_SAME_INIT_MLP_UNITS);
  m->unit_weights = g_memdup2 (W->data, m->n_units * W->shape[1] * sizeof (float));
  return TRUE;
}

/* ------------------------------------------------------------- result */

static void
add_numbers (MlpExerciseResult *r, const MlpSameInitDetails *d)
{
  static const char *const parts[] = { "val_acc", "hidden_spread" };
  const MlpSameInitMlp *mlps[] = { &d->mlp_constant, &d->mlp_random };
  char key[64];

  for (guint k = 0; k < MLP_SAME_INIT_N; k++)
    {
      const MlpLinRegResult *lr = d->linear[k];
      const char *name = mlp_same_init_kind_to_string (k);
      const double v[] = { lr->w[0], lr->w[1], lr->b, d->linear_error[k], lr->val_loss[lr->n_epochs - 1] };
      static const char *const keys[] = { "w1", "w2", "b", "error", "val_loss" };

      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        {
          g_snprintf (key, sizeof key, "linear.%s.%s", name, keys[i]);
          mlp_exercise_result_add_number (r, key, v[i]);
        }
    }
  for (guint k = 0; k < MLP_SAME_INIT_N; k++)
    {
      g_snprintf (key, sizeof key, "softmax.%s.val_acc", mlp_same_init_kind_to_string (k));
      mlp_exercise_result_add_number (r, key, d->softmax[k].val_acc);
      g_snprintf (key, sizeof key, "softmax.%s.row_distance", mlp_same_init_kind_to_string (k));
      mlp_exercise_result_add_number (r, key, d->softmax[k].row_distance);
    }
  for (guint m = 0; m < G_N_ELEMENTS (mlps); m++)
    {
      const double v[] = { mlps[m]->val_acc, mlps[m]->hidden_spread };

      for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
        {
          g_snprintf (key, sizeof key, "mlp.%s.%s", m == 0 ? "constant" : "random", parts[i]);
          mlp_exercise_result_add_number (r, key, v[i]);
        }
    }
  mlp_exercise_result_add_number (r, "constant", d->c);
}

/* the smallest and largest of v (rows × cols) and the mean norm of its rows */
static void
write_weight_summary (MlpJsonWriter *w, const float *v, gsize rows, gsize cols)
{
  float lo = INFINITY, hi = -INFINITY;
  double norms = 0;

  for (gsize i = 0; i < rows; i++)
    {
      double n2 = 0;

      for (gsize k = 0; k < cols; k++)
        {
          float x = v[i * cols + k];

          lo = MIN (lo, x);
          hi = MAX (hi, x);
          n2 += (double) x * x;
        }
      norms += sqrt (n2);
    }
  mlp_json_writer_member_uint (w, "rows", rows);
  mlp_json_writer_member_uint (w, "cols", cols);
  mlp_json_writer_member_float (w, "min", rows > 0 && cols > 0 ? lo : 0.0f);
  mlp_json_writer_member_float (w, "max", rows > 0 && cols > 0 ? hi : 0.0f);
  mlp_json_writer_member_double (w, "mean_row_norm", rows ? norms / rows : 0.0);
}

static void
write_linear (const MlpSameInitDetails *d, MlpJsonWriter *w)
{
  mlp_json_writer_key (w, "linear");
  mlp_json_writer_begin_object (w);
  mlp_json_writer_member_floats (w, "true_w", d->true_w, MLP_LINREG_FEATURES);
  mlp_json_writer_member_float (w, "true_b", d->true_b);
  mlp_json_writer_member_float (w, "noise", d->noise);
  for (guint k = 0; k < MLP_SAME_INIT_N; k++)
    {
      const MlpLinRegResult *lr = d->linear[k];

      mlp_json_writer_key (w, mlp_same_init_kind_to_string (k));
      mlp_json_writer_begin_object (w);
      mlp_json_writer_member_floats (w, "w", lr->w, MLP_LINREG_FEATURES);
      mlp_json_writer_member_float (w, "b", lr->b);
      mlp_json_writer_member_double (w, "error", d->linear_error[k]);
      mlp_json_writer_member_double (w, "val_loss_init", lr->val_loss_init);
      mlp_json_writer_member_doubles (w, "train_loss", lr->train_loss, lr->n_epochs);
      mlp_json_writer_member_doubles (w, "val_loss", lr->val_loss, lr->n_epochs);
      mlp_json_writer_end_object (w);
    }
  mlp_json_writer_end_object (w);
}

/* one trained model: "name": { "val_acc", "<measure>", "<weights>": summary } */
static void
write_run (MlpJsonWriter *w, const char *name, double val_acc, const char *measure, double value,
           const char *weights_key, const float *weights, gsize rows, gsize cols)
{
  mlp_json_writer_key (w, name);
  mlp_json_writer_begin_object (w);
  mlp_json_writer_member_double (w, "val_acc", val_acc);
  mlp_json_writer_member_double (w, measure, value);
  mlp_json_writer_key (w, weights_key);
  mlp_json_writer_begin_object (w);
  write_weight_summary (w, weights, rows, cols);
  mlp_json_writer_end_object (w);
  mlp_json_writer_end_object (w);
}

/* the small things in full; of the weights only their summaries */
static void
details_write (gconstpointer data, MlpJsonWriter *w)
{
  const MlpSameInitDetails *d = data;

  mlp_json_writer_member_float (w, "constant", d->c);
  mlp_json_writer_member_uint (w, "image_rows", d->rows);
  mlp_json_writer_member_uint (w, "image_cols", d->cols);
  mlp_json_writer_member_uint (w, "classes", d->n_classes);
  mlp_json_writer_member_uint (w, "hidden", d->hidden);
  write_linear (d, w);
  mlp_json_writer_key (w, "softmax");
  mlp_json_writer_begin_object (w);
  for (guint k = 0; k < MLP_SAME_INIT_N; k++)
    write_run (w, mlp_same_init_kind_to_string (k), d->softmax[k].val_acc, "row_distance",
               d->softmax[k].row_distance, "weights", d->softmax[k].weights, d->n_classes, d->num_inputs);
  mlp_json_writer_end_object (w);
  mlp_json_writer_key (w, "mlp");
  mlp_json_writer_begin_object (w);
  write_run (w, "constant", d->mlp_constant.val_acc, "hidden_spread", d->mlp_constant.hidden_spread,
             "unit_weights", d->mlp_constant.unit_weights, d->mlp_constant.n_units, d->num_inputs);
  write_run (w, "random", d->mlp_random.val_acc, "hidden_spread", d->mlp_random.hidden_spread,
             "unit_weights", d->mlp_random.unit_weights, d->mlp_random.n_units, d->num_inputs);
  mlp_json_writer_end_object (w);
}

gboolean
mlp_exercise_same_init_run (const MlpExerciseConfig *c, const MlpDataset *train,
                            const MlpDataset *val, MlpExerciseResult *r, GError **error)
{
  MlpSameInitDetails *d = g_new0 (MlpSameInitDetails, 1);
  MlpInit constant = same_init (MLP_SAME_INIT_CONSTANT);
  double mid = (SOFTMAX_END + 1.0) / 2;

  /* the result owns the details from here, whatever happens */
  mlp_exercise_result_set_details (r, d, details_free, details_write);
  d->c = MLP_SAME_INIT_C;
  d->rows = train->rows;
  d->cols = train->cols;
  d->num_inputs = (gsize) train->rows * train->cols;
  d->n_classes = MAX (train->n_classes, val->n_classes);
  if (!run_linear (c, d, error) || !run_softmax (c, train, val, d, error) ||
      !run_mlp (c, train, val, &constant, SOFTMAX_END, mid, &d->mlp_constant, d, error) ||
      !run_mlp (c, train, val, NULL, mid, 1.0, &d->mlp_random, d, error))
    return FALSE;
  add_numbers (r, d);
  return TRUE;
}
