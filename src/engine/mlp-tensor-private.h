/* mlp-tensor-private.h — the autograd graph as an op implementation sees it.
 *
 * Only the files that implement ops or the backward sweep include this
 * (mlp-tensor.c, mlp-ops.c, and tests that build an op of their own); a
 * user of tensors needs mlp-tensor.h alone.
 *
 * An op's forward computes its output, then calls mlp_tensor_record(); when
 * grad mode is on and an input requires grad, the output gets a grad_fn that
 * holds the inputs and the op's backward:
 *
 *   static void
 *   relu_backward (MlpGradFn *fn, MlpTensor *out)       // dx += g [x > 0]
 *   {
 *     float *gx = mlp_tensor_ensure_grad (fn->inputs[0]);
 *
 *     for (gsize i = 0; i < out->numel; i++)
 *       gx[i] += out->data[i] > 0.0f ? out->grad[i] : 0.0f;
 *   }
 *
 *   out = mlp_tensor_new_like (x);
 *   … out->data[i] = max(x->data[i], 0) …
 *   mlp_tensor_record (out, "relu", relu_backward, 1, &x);
 */
#pragma once

#include "mlp-tensor.h"

G_BEGIN_DECLS

/* Adds d(loss)/d(input) for every input of fn that requires grad, given
 * out->grad = d(loss)/d(out).  Always accumulates (+=), never overwrites. */
typedef void (*MlpBackwardFunc) (MlpGradFn *fn, MlpTensor *out);

struct _MlpGradFn {
  const char      *name;                    /* op name, for debugging ("matmul") */
  MlpBackwardFunc  backward;                /* the op's backward pass */
  MlpTensor       *inputs[MLP_MAX_INPUTS];  /* strong references */
  guint            n_inputs;
  float            scalar;                  /* the op's scalar argument, if any */
  gpointer         saved;                   /* op-private data kept for backward */
  GDestroyNotify   saved_free;              /* frees saved */
};

/* Makes `out` record fn(inputs) if grad is enabled and an input requires
 * grad.  Takes references to the inputs.  Returns the grad_fn (transfer
 * none: out owns it; fill in saved/scalar) or NULL when nothing is
 * recorded. */
MlpGradFn *mlp_tensor_record (MlpTensor       *out,
                              const char      *name,
                              MlpBackwardFunc  backward,
                              guint            n_inputs,
                              MlpTensor      **inputs);

G_END_DECLS
