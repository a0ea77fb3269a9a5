/* mlp-linreg.c — see mlp-linreg.h.
 *
 * One minibatch: X, y ← the rows of the shuffled order; ŷ = net(X);
 * loss = mean((ŷ − y)²); zero_grad; loss.backward(); SGD step — d2l's
 * Trainer.fit with the concise LinearRegression.
 */
#include "mlp-linreg.h"

#include <math.h>
#include <string.h>

#include "mlp-error.h"
#include "mlp-nn.h"
#include "mlp-ops.h"
#include "mlp-optim.h"

/* the three streams drawn from one seed */
#define DATA_STREAM  0x5d2a11e3c0ffee01ULL
#define INIT_STREAM  0x1a7e1b2c3d4e5f60ULL
#define ORDER_STREAM 0x0bde7a55e9f8c7d1ULL

#define MAX_ROWS ((gsize) 10000000)

void
mlp_linreg_config_init (MlpLinRegConfig *c)
{
  *c = (MlpLinRegConfig) {
    .w = { 2.0f, -3.4f },
    .b = 4.2f,
    .noise = 0.01f,
    .n_train = 1000,
    .n_val = 1000,
    .lr = 0.03f,
    .batch_size = 32,
    .epochs = 3,
    .init = { MLP_INIT_NORMAL, 0.01f },
    .seed = 0,
  };
}

gboolean
mlp_linreg_config_validate (const MlpLinRegConfig *c, GError **error)
{
  const char *bad = NULL;

  if (c->n_train < 1 || c->n_train > MAX_ROWS || c->n_val < 1 || c->n_val > MAX_ROWS)
    bad = "linear regression needs 1 … 10000000 training and validation examples";
  else if (!(c->lr > 0.0f) || !isfinite (c->lr))
    bad = "linear regression's learning rate must be a positive number";
  else if (c->batch_size < 1 || c->batch_size > 65536)
    bad = "linear regression's batch size must be 1 … 65536";
  else if (c->epochs < 1 || c->epochs > 10000)
    bad = "linear regression's epochs must be 1 … 10000";
  else if (!isfinite (c->w[0]) || !isfinite (c->w[1]) || !isfinite (c->b) ||
           !(c->noise >= 0.0f) || !isfinite (c->noise))
    bad = "linear regression's true w and b must be finite and its noise σ ≥ 0";
  else if (c->init.kind > MLP_INIT_TORCH_DEFAULT)
    bad = "linear regression: unknown init";
  if (bad == NULL)
    return TRUE;
  g_set_error_literal (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT, bad);
  return FALSE;
}

void
mlp_linreg_synthetic_data (const MlpLinRegConfig *c, MlpTensor **X, MlpTensor **y)
{
  gsize n = c->n_train + c->n_val;
  g_autofree float *noise = g_new (float, n);
  MlpRng rng;

  mlp_rng_init (&rng, c->seed ^ DATA_STREAM);
  *X = mlp_tensor_new_2d (n, MLP_LINREG_FEATURES);
  *y = mlp_tensor_new_2d (n, 1);
  /* X = torch.randn(n, len(w)); noise = torch.randn(n, 1) * noise */
  mlp_rng_fill_normal (&rng, (*X)->data, (*X)->numel, 0.0f, 1.0f);
  mlp_rng_fill_normal (&rng, noise, n, 0.0f, c->noise);
  for (gsize i = 0; i < n; i++)
    {
      const float *x = (*X)->data + i * MLP_LINREG_FEATURES;
      float v = c->b + noise[i];

      for (guint j = 0; j < MLP_LINREG_FEATURES; j++)
        v += x[j] * c->w[j];
      (*y)->data[i] = v;
    }
}

/* nn.MSELoss: mean((ŷ − y)²) */
static MlpTensor *
mse_loss (MlpTensor *y_hat, MlpTensor *y)
{
  g_autoptr(MlpTensor) d = mlp_sub (y_hat, y);
  g_autoptr(MlpTensor) d2 = mlp_mul (d, d);

  return mlp_mean (d2);
}

/* rows idx[0..n) of X and y, or rows first … first + n when idx is NULL */
static void
gather_rows (MlpTensor *X, MlpTensor *y, const guint32 *idx, gsize first, gsize n,
             MlpTensor **Xb, MlpTensor **yb)
{
  *Xb = mlp_tensor_new_2d (n, MLP_LINREG_FEATURES);
  *yb = mlp_tensor_new_2d (n, 1);
  for (gsize i = 0; i < n; i++)
    {
      gsize row = idx ? idx[i] : first + i;

      memcpy ((*Xb)->data + i * MLP_LINREG_FEATURES, X->data + row * MLP_LINREG_FEATURES,
              MLP_LINREG_FEATURES * sizeof (float));
      (*yb)->data[i] = y->data[row];
    }
}

/* what training carries from minibatch to minibatch */
typedef struct {
  const MlpLinRegConfig     *config;
  const MlpTrainerCallbacks *callbacks;
  MlpModule                 *net;
  MlpSgd                    *sgd;
  MlpTensor                 *X, *y;
  guint32                   *order;
  MlpRng                     order_rng;
  guint                      n_batches;
  gint64                     t_start;
} Fit;

/* the mean squared error over the validation rows, recording nothing */
static double
val_loss (Fit *f)
{
  g_autoptr(MlpTensor) Xv = NULL;
  g_autoptr(MlpTensor) yv = NULL;
  g_autoptr(MlpTensor) y_hat = NULL;
  g_autoptr(MlpTensor) l = NULL;

  gather_rows (f->X, f->y, NULL, f->config->n_train, f->config->n_val, &Xv, &yv);
  mlp_no_grad_begin ();
  y_hat = mlp_module_forward (f->net, Xv);
  l = mse_loss (y_hat, yv);
  mlp_no_grad_end ();
  return mlp_tensor_item (l);
}

/* one minibatch; its report in *br */
static gboolean
train_batch (Fit *f, guint epoch, guint batch, MlpBatchReport *br, GError **error)
{
  gsize bs = f->config->batch_size, start = (gsize) batch * bs;
  gsize n = MIN (bs, f->config->n_train - start);
  g_autoptr(MlpTensor) Xb = NULL;
  g_autoptr(MlpTensor) yb = NULL;
  g_autoptr(MlpTensor) y_hat = NULL;
  g_autoptr(MlpTensor) loss = NULL;
  float l;

  gather_rows (f->X, f->y, f->order + start, 0, n, &Xb, &yb);
  y_hat = mlp_module_forward (f->net, Xb);
  loss = mse_loss (y_hat, yb);
  l = mlp_tensor_item (loss);
  if (!isfinite (l))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_DIVERGED,
                   "linear regression diverged in epoch %u, batch %u: the loss became %s",
                   epoch, batch + 1, isnan (l) ? "NaN" : "infinite");
      return FALSE;
    }
  mlp_sgd_zero_grad (f->sgd);
  mlp_tensor_backward (loss, NULL);
  mlp_sgd_step (f->sgd);
  *br = (MlpBatchReport) {
    .epoch = epoch, .batch = batch, .n_batches = f->n_batches, .batch_size = n,
    .loss = l, .accuracy = NAN,
    .elapsed = (g_get_monotonic_time () - f->t_start) / 1e6,
  };
  return TRUE;
}

/* one shuffled epoch; *train_loss the size-weighted mean of its batches */
static gboolean
train_epoch (Fit *f, guint epoch, double *train_loss, GError **error)
{
  const MlpTrainerCallbacks *cb = f->callbacks;
  double sum = 0.0;

  mlp_rng_shuffle (&f->order_rng, f->order, f->config->n_train);
  for (guint batch = 0; batch < f->n_batches; batch++)
    {
      MlpBatchReport br;

      if (cb != NULL && cb->should_stop != NULL && cb->should_stop (cb->user_data))
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_CANCELLED,
                       "linear regression was stopped in epoch %u, after %u of its %u batches",
                       epoch, batch, f->n_batches);
          return FALSE;
        }
      if (!train_batch (f, epoch, batch, &br, error))
        return FALSE;
      sum += br.loss * (double) br.batch_size;
      if (cb != NULL && cb->batch_done != NULL)
        cb->batch_done (&br, cb->user_data);
    }
  *train_loss = sum / (double) f->config->n_train;
  return TRUE;
}

/* nn.LazyLinear(1), materialised by a first forward so that its weight is
 * drawn now, as d2l's apply_init does */
static MlpModule *
linreg_net_new (const MlpLinRegConfig *c, MlpRng *init_rng)
{
  MlpModule *net = mlp_linear_new (1, &c->init, init_rng);
  g_autoptr(MlpTensor) dummy = mlp_tensor_new_2d (1, MLP_LINREG_FEATURES);
  g_autoptr(MlpTensor) out = NULL;

  mlp_no_grad_begin ();
  out = mlp_module_forward (net, dummy);
  mlp_no_grad_end ();
  return net;
}

static MlpLinRegResult *
result_new (guint epochs)
{
  MlpLinRegResult *r = g_malloc0 (sizeof *r + 2 * (gsize) epochs * sizeof (double));

  r->n_epochs = epochs;
  r->train_loss = r->values;
  r->val_loss = r->values + epochs;
  return r;
}

MlpLinRegResult *
mlp_linreg_run (const MlpLinRegConfig *c, const MlpTrainerCallbacks *callbacks, GError **error)
{
  g_autoptr(MlpLinRegResult) r = NULL;
  g_autoptr(MlpModule) net = NULL;
  g_autoptr(MlpStateDict) params = NULL;
  g_autoptr(MlpSgd) sgd = NULL;
  g_autoptr(MlpTensor) X = NULL;
  g_autoptr(MlpTensor) y = NULL;
  g_autofree guint32 *order = NULL;
  MlpRng init_rng;
  Fit f;

  if (!mlp_linreg_config_validate (c, error))
    return NULL;
  mlp_linreg_synthetic_data (c, &X, &y);
  mlp_rng_init (&init_rng, c->seed ^ INIT_STREAM);
  net = linreg_net_new (c, &init_rng);
  params = mlp_module_named_parameters (net, NULL);
  sgd = mlp_sgd_new (params, c->lr, 0.0f, 0.0f);
  order = g_new (guint32, c->n_train);
  for (gsize i = 0; i < c->n_train; i++)
    order[i] = (guint32) i;
  f = (Fit) {
    .config = c, .callbacks = callbacks, .net = net, .sgd = sgd, .X = X, .y = y, .order = order,
    .n_batches = (guint) ((c->n_train + c->batch_size - 1) / c->batch_size),
    .t_start = g_get_monotonic_time (),
  };
  mlp_rng_init (&f.order_rng, c->seed ^ ORDER_STREAM);

  r = result_new (c->epochs);
  r->val_loss_init = val_loss (&f);
  for (guint epoch = 1; epoch <= c->epochs; epoch++)
    {
      if (!train_epoch (&f, epoch, &r->train_loss[epoch - 1], error))
        return NULL;
      r->val_loss[epoch - 1] = val_loss (&f);
    }
  memcpy (r->w, mlp_linear_get_weight (net)->data, sizeof r->w);
  r->b = mlp_linear_get_bias (net)->data[0];
  return g_steal_pointer (&r);
}

void
mlp_linreg_result_free (MlpLinRegResult *r)
{
  g_free (r);
}
