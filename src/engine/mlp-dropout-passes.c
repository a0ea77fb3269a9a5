/* mlp-dropout-passes.c — see mlp-dropout-passes.h. */
#include "mlp-dropout-passes.h"

#include <math.h>
#include <string.h>

#include "mlp-error.h"
#include "mlp-ops.h"

/* the softmax of every image, n × C, into probs (one pass in the model's
 * current mode, no graph) */
static void
forward_all (MlpModel *model, const MlpDataset *ds, gsize n, guint batch_size, float *probs)
{
  const MlpModelConfig *mc = mlp_model_get_config (model);
  g_autofree guint32 *idx = g_new (guint32, batch_size);
  g_autofree guint8 *labels = g_new (guint8, batch_size);

  for (gsize start = 0; start < n; start += batch_size)
    {
      gsize b = MIN (batch_size, n - start);
      g_autoptr(MlpTensor) X = mlp_tensor_new_2d (b, mc->num_inputs);
      g_autoptr(MlpTensor) logits = NULL;

      for (gsize i = 0; i < b; i++)
        idx[i] = (guint32) (start + i);
      mlp_dataset_fill_batch (ds, idx, X, labels);
      logits = mlp_model_forward (model, X);
      mlp_softmax_rows (logits, probs + start * mc->num_outputs);
    }
}

/* the share of images whose most probable class is the label; predicted[i]
 * gets that class */
static double
accuracy (const MlpDataset *ds, gsize n, gsize C, const float *probs, guint8 *predicted)
{
  gsize correct = 0;

  for (gsize i = 0; i < n; i++)
    {
      predicted[i] = (guint8) mlp_argmax (probs + i * C, C);
      correct += predicted[i] == ds->labels[i];
    }
  return n ? (double) correct / (double) n : NAN;
}

/* mean over images of ‖sum / k − eval‖₂ */
static double
distance (const double *sum, guint k, const float *eval, gsize n, gsize C)
{
  double total = 0.0;

  for (gsize i = 0; i < n; i++)
    {
      double d2 = 0.0;

      for (gsize c = 0; c < C; c++)
        {
          double d = sum[i * C + c] / k - eval[i * C + c];

          d2 += d * d;
        }
      total += sqrt (d2);
    }
  return n ? total / (double) n : NAN;
}

/* the noise curve and the gap, against the mean of all passes (sum) */
static void
noise_curve (MlpDropoutPasses *r, const double *snapshots, const double *sum, gsize n, gsize C)
{
  g_autofree float *mean = g_new (float, n * C);

  for (gsize q = 0; q < n * C; q++)
    mean[q] = (float) (sum[q] / r->n_passes);
  for (guint i = 0; i < r->n_points; i++)
    r->curve_noise[i] = distance (snapshots + i * n * C, (guint) r->curve_passes[i], mean, n, C);
  r->gap = r->curve_distance[r->n_points - 1];
}

static void
summarise (MlpDropoutPasses *r)
{
  double s = 0.0, s2 = 0.0;

  for (guint k = 0; k < r->n_passes; k++)
    s += r->pass_acc[k];
  r->mean_acc = s / r->n_passes;
  for (guint k = 0; k < r->n_passes; k++)
    s2 += (r->pass_acc[k] - r->mean_acc) * (r->pass_acc[k] - r->mean_acc);
  r->sd_acc = r->n_passes > 1 ? sqrt (s2 / (r->n_passes - 1)) : 0.0;
}

/* which images r follows: up to n/2 that eval mode is unsure of, then the
 * sure ones, each group in data set order */
static void
choose_tracked (MlpDropoutPasses *r, const MlpDataset *ds, const float *eval, gsize C,
                const guint8 *predicted, guint want)
{
  guint n_unsure = 0, n_sure = 0;

  want = MIN (want, MLP_DROPOUT_PASSES_MAX_TRACKED);
  want = (guint) MIN ((gsize) want, r->n_images);
  r->tracked_index = g_new0 (gsize, want);
  r->tracked_label = g_new0 (guint8, want);
  r->tracked_class = g_new0 (guint8, want);
  r->tracked_eval_prob = g_new0 (double, want);
  r->tracked_prob = g_new0 (double, (gsize) want * r->n_passes);
  for (guint pass = 0; pass < 2 && r->n_tracked < want; pass++)
    for (gsize i = 0; i < r->n_images && r->n_tracked < want; i++)
      {
        double p = eval[i * C + predicted[i]];
        gboolean unsure = p < 0.8;

        if (pass == 0 && !(unsure ? n_unsure < (want + 1) / 2 : n_sure < want / 2))
          continue;
        if (pass == 1)
          {
            gboolean taken = FALSE;

            for (guint t = 0; t < r->n_tracked; t++)
              taken |= r->tracked_index[t] == i;
            if (taken)
              continue;
          }
        n_unsure += unsure;
        n_sure += !unsure;
        r->tracked_index[r->n_tracked] = i;
        r->tracked_label[r->n_tracked] = ds->labels[i];
        r->tracked_class[r->n_tracked] = predicted[i];
        r->tracked_eval_prob[r->n_tracked++] = p;
      }
}

MlpDropoutPasses *
mlp_dropout_passes_run (MlpModel *model, const MlpDataset *ds, gsize limit, guint n_passes,
                        guint batch_size, GError **error)
{
  return mlp_dropout_passes_run_full (model, ds, limit, n_passes, batch_size, NULL, error);
}

MlpDropoutPasses *
mlp_dropout_passes_run_full (MlpModel *model, const MlpDataset *ds, gsize limit, guint n_passes,
                             guint batch_size, const MlpDropoutPassesOptions *options,
                             GError **error)
{
  static const MlpDropoutPassesOptions no_options = { 0 };
  const MlpDropoutPassesOptions *o = options ? options : &no_options;
  const MlpModelConfig *mc = mlp_model_get_config (model);
  gsize n = limit ? MIN (limit, ds->n) : ds->n, C = mc->num_outputs;
  gboolean was_training = mlp_model_get_training (model);
  g_autofree float *eval = NULL, *probs = NULL;
  g_autofree double *sum = NULL, *snapshots = NULL;
  g_autofree guint8 *first = NULL, *predicted = NULL, *changed = NULL;
  MlpDropoutPasses *r;
  gboolean stopped = FALSE;

  if (!mlp_model_kind_has_dropout (mc->kind))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "model %s has no dropout to leave on; use dropout-scratch or dropout",
                   mlp_model_kind_to_string (mc->kind));
      return NULL;
    }
  if (n_passes < 1 || n_passes > 10000 || batch_size < 1 || n == 0)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "1 … 10000 passes over at least one image, in batches of at least 1");
      return NULL;
    }
  r = g_new0 (MlpDropoutPasses, 1);
  r->n_passes = n_passes;
  r->n_images = n;
  r->pass_acc = g_new0 (double, n_passes);
  r->curve_passes = g_new0 (gsize, 16);       /* 1, 2, 4, … 8192 and n_passes */
  r->curve_distance = g_new0 (double, 16);
  r->curve_noise = g_new0 (double, 16);
  snapshots = g_new (double, 16 * n * C);
  eval = g_new (float, n * C);
  probs = g_new (float, n * C);
  sum = g_new0 (double, n * C);
  first = g_new (guint8, n);
  predicted = g_new (guint8, n);
  changed = g_new0 (guint8, n);

  mlp_no_grad_begin ();
  mlp_model_set_training (model, FALSE);
  forward_all (model, ds, n, batch_size, eval);
  r->eval_acc = accuracy (ds, n, C, eval, predicted);
  choose_tracked (r, ds, eval, C, predicted, o->n_tracked);
  mlp_model_set_training (model, TRUE);   /* dropout left on */
  for (guint k = 1; k <= n_passes; k++)
    {
      if (o->should_stop && o->should_stop (o->user_data))
        {
          stopped = TRUE;
          break;
        }
      forward_all (model, ds, n, batch_size, probs);
      for (guint t = 0; t < r->n_tracked; t++)
        r->tracked_prob[(gsize) t * n_passes + k - 1] = probs[r->tracked_index[t] * C + r->tracked_class[t]];
      r->pass_acc[k - 1] = accuracy (ds, n, C, probs, k == 1 ? first : predicted);
      for (gsize i = 0; i < n; i++)
        changed[i] |= k > 1 && predicted[i] != first[i];
      for (gsize q = 0; q < n * C; q++)
        sum[q] += probs[q];
      if ((k & (k - 1)) == 0 || k == n_passes)
        {
          r->curve_passes[r->n_points] = k;
          memcpy (snapshots + r->n_points * n * C, sum, n * C * sizeof (double));
          r->curve_distance[r->n_points++] = distance (sum, k, eval, n, C);
        }
      if (o->pass_done)
        o->pass_done (k, n_passes, o->user_data);
    }
  mlp_model_set_training (model, was_training);
  mlp_no_grad_end ();
  if (stopped)
    {
      mlp_dropout_passes_free (r);
      g_set_error (error, MLP_ERROR, MLP_ERROR_CANCELLED, "stopped");
      return NULL;
    }

  for (gsize i = 0; i < n; i++)
    r->n_changed += changed[i];
  summarise (r);
  noise_curve (r, snapshots, sum, n, C);
  return r;
}

void
mlp_dropout_passes_free (MlpDropoutPasses *r)
{
  if (r == NULL)
    return;
  g_free (r->pass_acc);
  g_free (r->curve_passes);
  g_free (r->curve_distance);
  g_free (r->curve_noise);
  g_free (r->tracked_index);
  g_free (r->tracked_label);
  g_free (r->tracked_class);
  g_free (r->tracked_eval_prob);
  g_free (r->tracked_prob);
  g_free (r);
}
