/* mlp-deep.c — see mlp-deep.h. */
#include "mlp-deep.h"

#include <math.h>
#include <string.h>

#include "mlp-error.h"
#include "mlp-nn.h"
#include "mlp-ops.h"

void
mlp_deep_config_init (MlpDeepConfig *c)
{
  c->depth = 10;
  c->width = 128;
  c->activation = MLP_ACTIVATION_SIGMOID;
  c->init.kind = MLP_INIT_NORMAL;
  c->init.value = 1.0f;
  c->seed = 0;
  c->batch = 256;
  c->should_stop = NULL;
  c->user_data = NULL;
}

MlpActivation
mlp_deep_compared_activation (MlpActivation a)
{
  return a == MLP_ACTIVATION_RELU ? MLP_ACTIVATION_SIGMOID : MLP_ACTIVATION_RELU;
}

/* asks the caller's cancel hook; sets MLP_ERROR_CANCELLED when it says stop */
static gboolean
stopped (const MlpDeepConfig *c, GError **error)
{
  if (c->should_stop == NULL || !c->should_stop (c->user_data))
    return FALSE;
  g_set_error_literal (error, MLP_ERROR, MLP_ERROR_CANCELLED, "the deep network's run was stopped");
  return TRUE;
}

static double
variance (const float *v, gsize n)
{
  double m = 0, s = 0;

  for (gsize i = 0; i < n; i++)
    m += v[i];
  m /= MAX (n, 1);
  for (gsize i = 0; i < n; i++)
    s += (v[i] - m) * (v[i] - m);
  return s / MAX (n, 1);
}

static MlpTensor *
activate (MlpActivation a, MlpTensor *x, MlpTensor *slope)
{
  switch (a)
    {
    case MLP_ACTIVATION_RELU: return mlp_relu (x);
    case MLP_ACTIVATION_PRELU: return mlp_prelu (x, slope);
    case MLP_ACTIVATION_SIGMOID: return mlp_sigmoid (x);
    case MLP_ACTIVATION_TANH: return mlp_tanh (x);
    default: g_assert_not_reached ();   /* mlp_deep_run() checks the activation */
    }
}

/* The batch X (batch, inputs): the data set's first images, or N(0, 1)
 * inputs with random labels when there is none; labels[0..batch). */
static MlpTensor *
deep_batch (const MlpDataset *ds, gsize batch, gsize inputs, gsize classes, guint8 *labels,
            MlpRng *rng)
{
  MlpTensor *X = mlp_tensor_new_2d (batch, inputs);

  if (ds != NULL)
    {
      g_autofree guint32 *idx = g_new (guint32, batch);
      gsize shape[4] = { batch, 1, ds->rows, ds->cols };
      g_autoptr(MlpTensor) X4 = mlp_tensor_new (4, shape);

      for (gsize i = 0; i < batch; i++)
        idx[i] = (guint32) i;
      mlp_dataset_fill_batch (ds, idx, X4, labels);
      memcpy (X->data, X4->data, X->numel * sizeof (float));
    }
  else
    {
      mlp_rng_fill_normal (rng, X->data, X->numel, 0.0f, 1.0f);
      for (gsize i = 0; i < batch; i++)
        labels[i] = (guint8) mlp_rng_below (rng, classes);
    }
  return X;
}

/* W (in, out) per layer, drawn from the scheme; biases zero.  FALSE when
 * the cancel hook stopped it. */
static gboolean
deep_layers (const MlpDeepConfig *c, gsize inputs, gsize classes, GPtrArray *weights,
             GPtrArray *biases, MlpRng *rng, GError **error)
{
  guint L = c->depth + 1;

  for (guint l = 0; l < L; l++)
    {
      gsize in = l == 0 ? inputs : c->width, out = l + 1 < L ? c->width : classes;
      MlpTensor *W, *b;

      if (stopped (c, error))
        return FALSE;
      W = mlp_tensor_new_2d (in, out);
      b = mlp_tensor_new_1d (out);
      mlp_init_weight (&c->init, W->data, W->numel, in, out, rng);
      mlp_tensor_set_requires_grad (W, TRUE);
      mlp_tensor_set_requires_grad (b, TRUE);
      g_ptr_array_add (weights, W);
      g_ptr_array_add (biases, b);
    }
  return TRUE;
}

MlpDeepResult *
mlp_deep_run (const MlpDeepConfig *c, const MlpDataset *ds, GError **error)
{
  gsize inputs = ds ? (gsize) ds->rows * ds->cols : 784, classes = ds ? ds->n_classes : 10;
  guint L = c->depth + 1;
  g_autoptr(GPtrArray) weights = g_ptr_array_new_with_free_func ((GDestroyNotify) mlp_tensor_unref);
  g_autoptr(GPtrArray) biases = g_ptr_array_new_with_free_func ((GDestroyNotify) mlp_tensor_unref);
  g_autoptr(MlpTensor) X = NULL;
  g_autoptr(MlpTensor) slope = mlp_tensor_new_scalar (0.25f);
  g_autoptr(MlpTensor) loss = NULL;
  g_autofree guint8 *labels = NULL;
  g_autoptr(MlpDeepResult) r = NULL;
  MlpTensor *H;
  MlpRng rng;
  gsize batch;

  if (c->depth < 1 || c->depth > 64 || c->width < 1 || c->width > 4096 || c->batch < 1 || c->batch > 4096)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "the deep network needs 1 … 64 hidden layers of 1 … 4096 units and a batch of 1 … 4096");
      return NULL;
    }
  if (c->activation > MLP_ACTIVATION_TANH)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT, "unknown activation %d", c->activation);
      return NULL;
    }
  batch = ds ? MIN (c->batch, ds->n) : c->batch;
  mlp_rng_init (&rng, c->seed);
  labels = g_new (guint8, batch);

  X = deep_batch (ds, batch, inputs, classes, labels, &rng);
  if (!deep_layers (c, inputs, classes, weights, biases, &rng, error))
    return NULL;

  r = g_malloc0 (sizeof *r + (2 * L + c->depth) * sizeof (double));
  r->n_layers = L;
  r->grad_norm = r->values;
  r->grad_var = r->grad_norm + L;
  r->act_var = r->grad_var + L;

  /* forward, noting each hidden layer's output variance */
  H = mlp_tensor_ref (X);
  for (guint l = 0; l < L; l++)
    {
      g_autoptr(MlpTensor) XW = NULL;
      MlpTensor *Z;

      if (stopped (c, error))
        {
          mlp_tensor_unref (H);
          return NULL;
        }
      XW = mlp_matmul (H, weights->pdata[l]);
      Z = mlp_add (XW, biases->pdata[l]);
      mlp_tensor_unref (H);
      if (l + 1 < L)
        {
          H = activate (c->activation, Z, slope);
          mlp_tensor_unref (Z);
          r->act_var[l] = variance (H->data, H->numel);
        }
      else
        H = Z;
    }
  loss = mlp_softmax_cross_entropy (H, labels);
  mlp_tensor_unref (H);
  r->loss = mlp_tensor_item (loss);
  if (stopped (c, error))
    return NULL;
  mlp_tensor_backward (loss, NULL);

  for (guint l = 0; l < L; l++)
    {
      MlpTensor *W = weights->pdata[l];
      double s = 0;

      if (W->grad == NULL)
        continue;
      for (gsize i = 0; i < W->numel; i++)
        s += (double) W->grad[i] * W->grad[i];
      r->grad_norm[l] = sqrt (s);
      r->grad_var[l] = variance (W->grad, W->numel);
    }
  return g_steal_pointer (&r);
}

void
mlp_deep_result_free (MlpDeepResult *r)
{
  g_free (r);
}
