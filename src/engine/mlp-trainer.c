/* mlp-trainer.c — the training loop; see mlp-trainer.h.
 *
 * One minibatch: X ← images scaled to [0, 1]; logits = model(X);
 * loss = cross_entropy(logits, y); zero_grad; loss.backward(); SGD step.
 * The input batch tensor is reused from batch to batch once the previous
 * graph has been freed, so an epoch allocates little beyond activations.
 */
#include "mlp-trainer.h"

#include <math.h>
#include <string.h>

#include "mlp-error.h"
#include "mlp-ops.h"
#include "mlp-optim.h"

void
mlp_train_config_init (MlpTrainConfig *config)
{
  *config = (MlpTrainConfig) {
    .epochs = 10,
    .lr = 0.1f,
    .batch_size = 256,
    .momentum = 0.0f,
    .weight_decay = 0.0f,
    .seed = 0,
    .limit_train = 0,
    .limit_val = 0,
  };
}

gboolean
mlp_train_config_validate (const MlpTrainConfig *c, GError **error)
{
  if (c->epochs < 1 || c->epochs > 10000)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "epochs must be 1 … 10000, not %u", c->epochs);
      return FALSE;
    }
  if (!(c->lr > 0.0f) || !isfinite (c->lr))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "the learning rate must be a positive number, not %g", c->lr);
      return FALSE;
    }
  if (c->batch_size < 1 || c->batch_size > 65536)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "the batch size must be 1 … 65536, not %u", c->batch_size);
      return FALSE;
    }
  if (!(c->momentum >= 0.0f && c->momentum < 1.0f) ||
      !(c->weight_decay >= 0.0f) || !isfinite (c->weight_decay))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "momentum must be in [0, 1) and weight decay ≥ 0");
      return FALSE;
    }
  return TRUE;
}

void
mlp_train_result_clear (MlpTrainResult *result)
{
  g_clear_pointer (&result->epochs, g_array_unref);
  result->seconds = 0.0;
  result->samples_per_second = 0.0;
  result->stop_epoch = result->stop_batch = 0;
}

/* a batch tensor (n, 1, rows, cols), reusing *cache when nobody else holds it */
static MlpTensor *
batch_tensor (MlpTensor **cache, const MlpDataset *ds, gsize n)
{
  if (*cache == NULL || (*cache)->ref_count != 1 || (*cache)->shape[0] != n)
    {
      gsize shape[4] = { n, 1, ds->rows, ds->cols };

      g_clear_pointer (cache, mlp_tensor_unref);
      *cache = mlp_tensor_new (4, shape);
    }
  return mlp_tensor_ref (*cache);
}

/* one pass over the data in eval mode: mean loss, accuracy and, when
 * confusion is given, the counts of (true, predicted) class pairs */
static void
evaluate (MlpModel         *model,
          const MlpDataset *ds,
          gsize             limit,
          guint             batch_size,
          double           *loss,
          double           *accuracy,
          guint            *confusion,
          MlpMistakes      *mistakes)
{
  gsize n = limit ? MIN (limit, ds->n) : ds->n;
  g_autofree guint32 *idx = g_new (guint32, MAX (batch_size, 1));
  g_autofree guint8 *labels = g_new (guint8, MAX (batch_size, 1));
  g_autoptr(MlpTensor) cache = NULL;
  gboolean was_training = mlp_model_get_training (model);
  double total_loss = 0.0;
  gsize correct = 0;

  mlp_model_set_training (model, FALSE);
  mlp_no_grad_begin ();
  for (gsize start = 0; start < n; start += batch_size)
    {
      gsize b = MIN (batch_size, n - start);
      g_autoptr(MlpTensor) X = batch_tensor (&cache, ds, b);
      g_autoptr(MlpTensor) logits = NULL;
      g_autoptr(MlpTensor) l = NULL;

      for (gsize i = 0; i < b; i++)
        idx[i] = (guint32) (start + i);
      mlp_dataset_fill_batch (ds, idx, X, labels);
      logits = mlp_model_forward (model, X);
      l = mlp_softmax_cross_entropy (logits, labels);
      total_loss += (double) mlp_tensor_item (l) * (double) b;
      correct += mlp_count_correct (logits, labels);
      if (mistakes != NULL && mistakes->n < mistakes->max)
        {
          gsize C = mlp_tensor_cols (logits);
          g_autofree float *probs = g_new (float, b * C);

          mlp_softmax_rows (logits, probs);
          for (gsize r = 0; r < b && mistakes->n < mistakes->max; r++)
            {
              const float *q = probs + r * C;
              gsize best = mlp_argmax (q, C);
              if (best != labels[r])
                {
                  mistakes->index[mistakes->n] = idx[r];
                  mistakes->predicted[mistakes->n] = (guint8) best;
                  mistakes->confidence[mistakes->n] = q[best];
                  mistakes->n++;
                }
            }
        }
      if (confusion != NULL)
        {
          gsize C = mlp_tensor_cols (logits);

          for (gsize r = 0; r < b; r++)
            {
              gsize best = mlp_argmax (logits->data + r * C, C);

              if (labels[r] < ds->n_classes && best < ds->n_classes)
                confusion[labels[r] * ds->n_classes + best]++;
            }
        }
    }
  mlp_no_grad_end ();
  mlp_model_set_training (model, was_training);

  if (loss != NULL)
    *loss = n ? total_loss / (double) n : NAN;
  if (accuracy != NULL)
    *accuracy = n ? (double) correct / (double) n : NAN;
}

void
mlp_trainer_evaluate (MlpModel         *model,
                      const MlpDataset *ds,
                      gsize             limit,
                      guint             batch_size,
                      double           *loss,
                      double           *accuracy)
{
  evaluate (model, ds, limit, batch_size, loss, accuracy, NULL, NULL);
}

void
mlp_trainer_confusion (MlpModel *model, const MlpDataset *ds, gsize limit, guint batch_size,
                       guint *confusion, MlpMistakes *mistakes)
{
  memset (confusion, 0, (gsize) ds->n_classes * ds->n_classes * sizeof (guint));
  evaluate (model, ds, limit, batch_size, NULL, NULL, confusion, mistakes);
}

/* what fit() carries from minibatch to minibatch */
typedef struct {
  MlpModel                  *model;
  const MlpDataset          *train;
  const MlpTrainConfig      *config;
  const MlpTrainerCallbacks *callbacks;
  MlpSgd                    *sgd;
  guint32                   *order;        /* n_train example indices, shuffled every epoch */
  guint8                    *labels;       /* a batch's labels */
  MlpTensor                 *cache;        /* the input batch, reused */
  MlpRng                     data_rng;     /* the data order */
  gsize                      n_train;      /* examples used */
  guint                      n_batches;    /* per epoch */
  guint                      stop_epoch;   /* where a run that did not complete ended */
  guint                      stop_batch;
  float                      first_loss;   /* of the first minibatch; −1 before it */
  gint64                     t_start;      /* when fit began */
} Fit;

/* the data must fit the model; *n_train is how many examples to use */
static gboolean
check_data (MlpModel *model, const MlpDataset *train, const MlpDataset *val,
            const MlpTrainConfig *config, gsize *n_train, GError **error)
{
  const MlpModelConfig *mc = mlp_model_get_config (model);

  if ((gsize) train->rows * train->cols != mc->num_inputs ||
      (gsize) val->rows * val->cols != mc->num_inputs)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "the model takes %" G_GSIZE_FORMAT " inputs but the images have %u × %u pixels",
                   mc->num_inputs, train->rows, train->cols);
      return FALSE;
    }
  if (train->n_classes > mc->num_outputs || val->n_classes > mc->num_outputs)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "the data has %u classes but the model only %" G_GSIZE_FORMAT " outputs",
                   train->n_classes, mc->num_outputs);
      return FALSE;
    }
  *n_train = config->limit_train ? MIN (config->limit_train, train->n) : train->n;
  if (*n_train == 0)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT, "there are no training examples");
      return FALSE;
    }
  return TRUE;
}

/* A NaN or infinite loss is divergence; so is one far above the first,
 * because the log-sum-exp loss stays finite however far SGD overshoots. */
static gboolean
check_loss (Fit *f, guint epoch, guint batch, float l, GError **error)
{
  if (!isfinite (l))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_DIVERGED,
                   "training diverged in epoch %u, batch %u: the loss became %s; "
                   "try a smaller learning rate than %g",
                   epoch, batch + 1, isnan (l) ? "NaN" : "infinite", f->config->lr);
      return FALSE;
    }
  if (f->first_loss < 0)
    f->first_loss = l;
  else if (l > MLP_DIVERGENCE_FACTOR * MAX (f->first_loss, 1.0f))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_DIVERGED,
                   "training diverged in epoch %u, batch %u: the loss rose to %.3g, "
                   "more than %g times its first value %.3g; try a smaller learning rate than %g",
                   epoch, batch + 1, l, MLP_DIVERGENCE_FACTOR, f->first_loss, f->config->lr);
      return FALSE;
    }
  return TRUE;
}

/* One minibatch: forward, loss, zero_grad, backward, step; its report in
 * *br, how many it got right in *n_correct. */
static gboolean
train_batch (Fit *f, guint epoch, guint batch, MlpBatchReport *br, gsize *n_correct,
             GError **error)
{
  gsize bs = f->config->batch_size, start = (gsize) batch * bs, b = MIN (bs, f->n_train - start);
  g_autoptr(MlpTensor) X = NULL;
  g_autoptr(MlpTensor) logits = NULL;
  g_autoptr(MlpTensor) loss = NULL;
  float l;

  X = batch_tensor (&f->cache, f->train, b);
  mlp_dataset_fill_batch (f->train, f->order + start, X, f->labels);
  logits = mlp_model_forward (f->model, X);
  loss = mlp_softmax_cross_entropy (logits, f->labels);
  l = mlp_tensor_item (loss);
  if (!check_loss (f, epoch, batch, l, error))
    return FALSE;
  mlp_sgd_zero_grad (f->sgd);
  mlp_tensor_backward (loss, NULL);
  mlp_sgd_step (f->sgd);

  *n_correct = mlp_count_correct (logits, f->labels);
  *br = (MlpBatchReport) {
    .epoch = epoch,
    .batch = batch,
    .n_batches = f->n_batches,
    .batch_size = b,
    .loss = l,
    .accuracy = (double) *n_correct / (double) b,
    .elapsed = (g_get_monotonic_time () - f->t_start) / 1e6,
  };
  return TRUE;
}

/* One epoch over the shuffled training examples; fills the training half
 * of rep.  FALSE when stopped or diverged. */
static gboolean
train_epoch (Fit *f, guint epoch, MlpEpochReport *rep, GError **error)
{
  const MlpTrainerCallbacks *cb = f->callbacks;
  gint64 t_epoch = g_get_monotonic_time ();
  double loss_sum = 0.0;
  gsize correct = 0, seen = 0;

  mlp_model_set_training (f->model, TRUE);
  mlp_rng_shuffle (&f->data_rng, f->order, f->n_train);
  for (guint batch = 0; batch < f->n_batches; batch++)
    {
      MlpBatchReport br;
      gsize n_correct;

      /* a run that ends here has the parameters of `batch` batches of this epoch */
      f->stop_epoch = epoch;
      f->stop_batch = batch;
      if (cb->should_stop != NULL && cb->should_stop (cb->user_data))
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_CANCELLED,
                       "training was stopped in epoch %u, after %u of its %u batches",
                       epoch, batch, f->n_batches);
          return FALSE;
        }
      /* the batch's graph is freed before control is handed out */
      if (!train_batch (f, epoch, batch, &br, &n_correct, error))
        return FALSE;
      loss_sum += br.loss * (double) br.batch_size;
      correct += n_correct;
      seen += br.batch_size;
      if (cb->batch_done != NULL)
        cb->batch_done (&br, cb->user_data);
    }
  rep->train_seconds = (g_get_monotonic_time () - t_epoch) / 1e6;
  rep->train_loss = loss_sum / (double) seen;
  rep->train_acc = (double) correct / (double) seen;
  return TRUE;
}

gboolean
mlp_trainer_fit (MlpModel                  *model,
                 const MlpDataset          *train,
                 const MlpDataset          *val,
                 const MlpTrainConfig      *config,
                 const MlpTrainerCallbacks *callbacks,
                 MlpTrainResult            *result,
                 GError                   **error)
{
  static const MlpTrainerCallbacks no_callbacks = { 0 };
  g_autoptr(GArray) epochs = g_array_new (FALSE, TRUE, sizeof (MlpEpochReport));
  g_autoptr(MlpStateDict) params = NULL;
  Fit f = { model, train, config, callbacks ? callbacks : &no_callbacks, .first_loss = -1.0f };
  double train_time = 0.0;
  gsize trained = 0;
  gboolean ok = TRUE;

  if (!mlp_train_config_validate (config, error) ||
      !check_data (model, train, val, config, &f.n_train, error))
    return FALSE;

  f.t_start = g_get_monotonic_time ();
  f.n_batches = (guint) ((f.n_train + config->batch_size - 1) / config->batch_size);
  f.order = g_new (guint32, f.n_train);
  f.labels = g_new (guint8, config->batch_size);
  params = mlp_model_parameters (model);
  f.sgd = mlp_sgd_new (params, config->lr, config->momentum, config->weight_decay);
  mlp_rng_init (&f.data_rng, config->seed ^ 0x5eed0f0dda7a0123ULL);
  for (gsize i = 0; i < f.n_train; i++)
    f.order[i] = (guint32) i;

  for (guint epoch = 1; epoch <= config->epochs && ok; epoch++)
    {
      MlpEpochReport rep = { .epoch = epoch, .n_epochs = config->epochs };
      gint64 t_epoch = g_get_monotonic_time ();

      ok = train_epoch (&f, epoch, &rep, error);
      if (!ok)
        break;
      train_time += rep.train_seconds;
      trained += f.n_train;
      mlp_trainer_evaluate (model, val, config->limit_val, config->batch_size,
                            &rep.val_loss, &rep.val_acc);
      rep.seconds = (g_get_monotonic_time () - t_epoch) / 1e6;
      g_array_append_val (epochs, rep);
      if (f.callbacks->epoch_done != NULL)
        f.callbacks->epoch_done (&rep, f.callbacks->user_data);
    }

  mlp_model_set_training (model, TRUE);
  if (result != NULL)
    {
      result->epochs = g_steal_pointer (&epochs);
      result->seconds = (g_get_monotonic_time () - f.t_start) / 1e6;
      result->samples_per_second = train_time > 0 ? (double) trained / train_time : 0.0;
      result->stop_epoch = ok ? 0 : f.stop_epoch;
      result->stop_batch = ok ? 0 : f.stop_batch;
    }
  g_free (f.order);
  g_free (f.labels);
  g_clear_pointer (&f.cache, mlp_tensor_unref);
  mlp_sgd_free (f.sgd);
  return ok;
}
