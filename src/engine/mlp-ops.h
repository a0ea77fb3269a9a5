/* mlp-ops.h — the differentiable operations, each a forward/backward pair.
 *
 * Every function returns a new tensor (transfer full) and records itself for
 * autograd when grad mode is on and an input requires grad (mlp-tensor.h).
 * Inputs are borrowed.  Shape mismatches are programmer errors
 * (g_return_val_if_fail → NULL).
 *
 * Broadcasting (add, sub, mul, maximum): the two operands either have the same
 * shape, or the smaller one's shape equals the trailing dimensions of the larger
 * one (a bias row (n) against a batch (m, n), or a scalar against anything).  The
 * smaller operand's gradient sums over the repeats.
 */
#pragma once

#include "mlp-tensor.h"
#include "mlp-rng.h"

G_BEGIN_DECLS

/* C = A B, A (m, k), B (k, n) → (m, n).  dA = dC Bᵀ, dB = Aᵀ dC  (cblas_sgemm) */
MlpTensor *mlp_matmul      (MlpTensor *a, MlpTensor *b);
/* C = A Bᵀ, A (m, k), B (n, k) → (m, n); the product inside nn.Linear, whose
 * weight is stored (out, in) as in PyTorch.  dA = dC B, dB = dCᵀ A */
MlpTensor *mlp_matmul_nt   (MlpTensor *a, MlpTensor *b);

/* elementwise, with trailing-dimension broadcasting */
MlpTensor *mlp_add         (MlpTensor *a, MlpTensor *b);   /* a + b */
MlpTensor *mlp_sub         (MlpTensor *a, MlpTensor *b);   /* a − b */
MlpTensor *mlp_mul         (MlpTensor *a, MlpTensor *b);   /* a ⊙ b */
/* max(a, b); where a == b the gradient is split in halves, as torch.maximum */
MlpTensor *mlp_maximum     (MlpTensor *a, MlpTensor *b);

/* scalar ops */
MlpTensor *mlp_add_scalar  (MlpTensor *x, float c);        /* x + c */
MlpTensor *mlp_mul_scalar  (MlpTensor *x, float c);        /* c x */
MlpTensor *mlp_div_scalar  (MlpTensor *x, float c);        /* x / c */
/* (x > c) as 0/1 floats; not differentiable (no grad_fn) */
MlpTensor *mlp_gt_scalar   (MlpTensor *x, float c);

/* activations */
MlpTensor *mlp_relu        (MlpTensor *x);  /* max(x, 0); d/dx = [x > 0] */
/* prelu(x) = x for x > 0, w·x otherwise.  w has 1 element, or one per channel
 * (x's dimension 1).  d/dx = [x > 0] + w[x ≤ 0];  d/dw = x [x ≤ 0] */
MlpTensor *mlp_prelu       (MlpTensor *x, MlpTensor *w);
/* σ(x) = 1 / (1 + e^−x), evaluated without overflow; d/dx = σ(1 − σ) */
MlpTensor *mlp_sigmoid     (MlpTensor *x);
/* tanh(x); d/dx = 1 − tanh² */
MlpTensor *mlp_tanh        (MlpTensor *x);
MlpTensor *mlp_exp         (MlpTensor *x);  /* d/dx = e^x */
MlpTensor *mlp_log         (MlpTensor *x);  /* d/dx = 1/x */

/* reductions to a scalar (ndim 0) */
MlpTensor *mlp_sum         (MlpTensor *x);
MlpTensor *mlp_mean        (MlpTensor *x);

/* shape: a view sharing x's data.  One entry of shape may be −1 (inferred). */
MlpTensor *mlp_reshape     (MlpTensor *x, guint ndim, const gssize *shape);
/* (N, …) → (N, rest), nn.Flatten */
MlpTensor *mlp_flatten     (MlpTensor *x);

/* Inverted dropout, fused: y = mask ⊙ x / (1 − p), mask_i = [u_i > p] with
 * u_i ~ U[0, 1) drawn from rng in element order; p = 1 gives zeros.  The mask
 * is kept for backward.  (The chapter's dropout_layer written with the ops
 * above draws the same numbers and gives bit-identical output.) */
MlpTensor *mlp_dropout     (MlpTensor *x, float p, MlpRng *rng);

/* Mean softmax cross-entropy of logits (N, C) against labels[0..N) < C, via
 * log-sum-exp so that it stays finite for any finite logits.  Scalar output.
 * d/dlogits = (softmax − onehot) / N */
MlpTensor *mlp_softmax_cross_entropy (MlpTensor *logits, const guint8 *labels);

/* not ops: helpers on values */
/* the index of the largest of row[0..n), the first one on ties (torch.argmax) */
gsize      mlp_argmax        (const float *row, gsize n);
/* number of rows whose argmax equals the label */
gsize      mlp_count_correct (const MlpTensor *logits, const guint8 *labels);
/* row-wise softmax of (N, C) logits into out (N·C floats) */
void       mlp_softmax_rows  (const MlpTensor *logits, float *out);

G_END_DECLS
