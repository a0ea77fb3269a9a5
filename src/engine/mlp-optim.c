/* mlp-optim.c — SGD with optional momentum and weight decay; see mlp-optim.h. */
#include "mlp-optim.h"

#include <string.h>

struct _MlpSgd {
  GPtrArray *params;     /* MlpTensor *, strong references */
  float    **velocity;   /* one buffer per parameter once momentum is used */
  float      lr;
  float      momentum;
  float      weight_decay;
};

MlpSgd *
mlp_sgd_new (MlpStateDict *params, float lr, float momentum, float weight_decay)
{
  MlpSgd *self = g_new0 (MlpSgd, 1);

  self->params = g_ptr_array_new_with_free_func ((GDestroyNotify) mlp_tensor_unref);
  for (guint i = 0; i < params->tensors->len; i++)
    g_ptr_array_add (self->params, mlp_tensor_ref (params->tensors->pdata[i]));
  self->velocity = g_new0 (float *, MAX (self->params->len, 1));
  self->lr = lr;
  self->momentum = momentum;
  self->weight_decay = weight_decay;
  return self;
}

void
mlp_sgd_free (MlpSgd *self)
{
  if (self == NULL)
    return;
  for (guint i = 0; i < self->params->len; i++)
    g_free (self->velocity[i]);
  g_free (self->velocity);
  g_ptr_array_unref (self->params);
  g_free (self);
}

void
mlp_sgd_set_lr (MlpSgd *self, float lr)
{
  self->lr = lr;
}

void
mlp_sgd_zero_grad (MlpSgd *self)
{
  for (guint i = 0; i < self->params->len; i++)
    mlp_tensor_zero_grad (self->params->pdata[i]);
}

void
mlp_sgd_step (MlpSgd *self)
{
  for (guint i = 0; i < self->params->len; i++)
    {
      MlpTensor *p = self->params->pdata[i];
      float *w = p->data, *g = p->grad, *v;
      float lr = self->lr, wd = self->weight_decay, mu = self->momentum;

      if (g == NULL)   /* no gradient reached this parameter */
        continue;
      if (mu == 0.0f)
        {
          if (wd == 0.0f)
            for (gsize j = 0; j < p->numel; j++)
              w[j] -= lr * g[j];
          else
            for (gsize j = 0; j < p->numel; j++)
              w[j] -= lr * (g[j] + wd * w[j]);
          continue;
        }
      if (self->velocity[i] == NULL)
        {
          self->velocity[i] = g_new (float, p->numel);
          v = self->velocity[i];
          for (gsize j = 0; j < p->numel; j++)
            v[j] = g[j] + wd * w[j];
        }
      else
        {
          v = self->velocity[i];
          for (gsize j = 0; j < p->numel; j++)
            v[j] = mu * v[j] + (g[j] + wd * w[j]);
        }
      for (gsize j = 0; j < p->numel; j++)
        w[j] -= lr * v[j];
    }
}
