/* mlp-ops.c — forward and backward of every differentiable operation.
 *
 * Each op's forward sits next to its backward, with the math in a comment.
 * Backward functions accumulate into the inputs' gradients (dinp += …), never
 * overwrite, so a tensor used twice receives the sum of both contributions.
 * Matrix products go through mlp_sgemm (cblas_sgemm, safe across fork());
 * everything else is a plain loop the compiler can vectorise.
 */
#include "mlp-ops.h"
#include "mlp-tensor-private.h"

#include "mlp-blas.h"
#include <math.h>
#include <string.h>

/* ------------------------------------------------------------------ matmul */

/* Both products are one op, C = A op(B) with A (m, k) and C (m, n), told
 * apart by fn->scalar (0: op(B) = B, B (k, n); 1: op(B) = Bᵀ, B (n, k), the
 * product inside nn.Linear).  The gradients are gemms as well:
 *   C = A B:    dA (m, k) += G (m, n) Bᵀ (n, k)    dB (k, n) += Aᵀ (k, m) G (m, n)
 *   C = A Bᵀ:   dA (m, k) += G (m, n) B (n, k)     dB (n, k) += Gᵀ (n, m) A (m, k) */
static void
matmul_backward (MlpGradFn *fn, MlpTensor *out)
{
  MlpTensor *a = fn->inputs[0], *b = fn->inputs[1];
  gboolean bt = fn->scalar != 0.0f;
  int m = (int) a->shape[0], k = (int) a->shape[1], n = (int) out->shape[1];
  const float *g = out->grad;

  if (m == 0 || k == 0 || n == 0)
    return;
  if (a->requires_grad)
    mlp_sgemm (CblasNoTrans, bt ? CblasNoTrans : CblasTrans, m, k, n,
               1.0f, g, n, b->data, (int) b->shape[1], 1.0f, mlp_tensor_ensure_grad (a), k);
  if (b->requires_grad && bt)
    mlp_sgemm (CblasTrans, CblasNoTrans, n, k, m,
               1.0f, g, n, a->data, k, 1.0f, mlp_tensor_ensure_grad (b), k);
  else if (b->requires_grad)
    mlp_sgemm (CblasTrans, CblasNoTrans, k, n, m,
               1.0f, a->data, k, g, n, 1.0f, mlp_tensor_ensure_grad (b), n);
}

/* C (m, n) = A op(B), shapes checked by the caller */
static MlpTensor *
matmul_forward (MlpTensor *a, MlpTensor *b, gboolean bt, const char *name)
{
  int m = (int) a->shape[0], k = (int) a->shape[1];
  int n = (int) (bt ? b->shape[0] : b->shape[1]);
  MlpTensor *in[2] = { a, b };
  MlpTensor *out = mlp_tensor_new_2d ((gsize) m, (gsize) n);
  MlpGradFn *fn;

  if (out->numel > 0 && k > 0)
    mlp_sgemm (CblasNoTrans, bt ? CblasTrans : CblasNoTrans,
               m, n, k, 1.0f, a->data, k, b->data, (int) b->shape[1], 0.0f, out->data, n);
  fn = mlp_tensor_record (out, name, matmul_backward, 2, in);
  if (fn != NULL)
    fn->scalar = bt ? 1.0f : 0.0f;
  return out;
}

MlpTensor *
mlp_matmul (MlpTensor *a, MlpTensor *b)
{
  g_return_val_if_fail (a->ndim == 2 && b->ndim == 2, NULL);
  g_return_val_if_fail (a->shape[1] == b->shape[0], NULL);

  return matmul_forward (a, b, FALSE, "matmul");
}

MlpTensor *
mlp_matmul_nt (MlpTensor *a, MlpTensor *b)
{
  g_return_val_if_fail (a->ndim == 2 && b->ndim == 2, NULL);
  g_return_val_if_fail (a->shape[1] == b->shape[1], NULL);

  return matmul_forward (a, b, TRUE, "matmul_nt");
}

/* ------------------------------------------------- broadcasting binary ops */

typedef enum { BIN_ADD, BIN_SUB, BIN_MUL, BIN_MAX } BinaryOp;

/* The smaller operand's shape, without leading 1s, must be the trailing
 * dimensions of the larger one (or it has a single element).  Then element
 * r·inner + j of the larger one meets element j of the smaller one. */
static gboolean
broadcastable (const MlpTensor *big, const MlpTensor *small)
{
  guint lead = 0, nd;

  if (small->numel == 1)
    return TRUE;
  while (lead < small->ndim && small->shape[lead] == 1)
    lead++;
  nd = small->ndim - lead;
  if (nd > big->ndim)
    return FALSE;
  for (guint i = 0; i < nd; i++)
    if (small->shape[small->ndim - 1 - i] != big->shape[big->ndim - 1 - i])
      return FALSE;
  return TRUE;
}

/* out = a ∘ b with a, b already broadcast to (reps, inner) by strides:
 * sa/sb are 1 when the operand is full size and 0 when it repeats. */
static void
binary_forward (BinaryOp op, const MlpTensor *a, const MlpTensor *b, MlpTensor *out)
{
  gsize inner = MIN (a->numel, b->numel);
  gsize reps = inner ? out->numel / inner : 0;
  gboolean a_full = a->numel == out->numel, b_full = b->numel == out->numel;

  for (gsize r = 0; r < reps; r++)
    {
      const float *pa = a->data + (a_full ? r * inner : 0);
      const float *pb = b->data + (b_full ? r * inner : 0);
      float *po = out->data + r * inner;

      switch (op)
        {
        case BIN_ADD:
          for (gsize j = 0; j < inner; j++)
            po[j] = pa[j] + pb[j];
          break;
        case BIN_SUB:
          for (gsize j = 0; j < inner; j++)
            po[j] = pa[j] - pb[j];
          break;
        case BIN_MUL:
          for (gsize j = 0; j < inner; j++)
            po[j] = pa[j] * pb[j];
          break;
        case BIN_MAX:
          for (gsize j = 0; j < inner; j++)
            po[j] = pa[j] >= pb[j] ? pa[j] : pb[j];
          break;
        }
    }
}

/* d(a ∘ b)/da and /db, summed over repeats for the smaller operand:
 *   add: 1, 1   sub: 1, −1   mul: b, a   max: [a > b] + ½[a = b], [b > a] + ½[a = b] */
static void
binary_backward (MlpGradFn *fn, MlpTensor *out)
{
  BinaryOp op = (BinaryOp) fn->scalar;
  MlpTensor *a = fn->inputs[0], *b = fn->inputs[1];
  gsize inner = MIN (a->numel, b->numel);
  gsize reps = inner ? out->numel / inner : 0;
  gboolean a_full = a->numel == out->numel, b_full = b->numel == out->numel;
  float *ga = a->requires_grad ? mlp_tensor_ensure_grad (a) : NULL;
  float *gb = b->requires_grad ? mlp_tensor_ensure_grad (b) : NULL;

  for (gsize r = 0; r < reps; r++)
    {
      const float *g = out->grad + r * inner;
      const float *pa = a->data + (a_full ? r * inner : 0);
      const float *pb = b->data + (b_full ? r * inner : 0);
      float *qa = ga ? ga + (a_full ? r * inner : 0) : NULL;
      float *qb = gb ? gb + (b_full ? r * inner : 0) : NULL;

      switch (op)
        {
        case BIN_ADD:
          if (qa) for (gsize j = 0; j < inner; j++) qa[j] += g[j];
          if (qb) for (gsize j = 0; j < inner; j++) qb[j] += g[j];
          break;
        case BIN_SUB:
          if (qa) for (gsize j = 0; j < inner; j++) qa[j] += g[j];
          if (qb) for (gsize j = 0; j < inner; j++) qb[j] -= g[j];
          break;
        case BIN_MUL:
          if (qa) for (gsize j = 0; j < inner; j++) qa[j] += g[j] * pb[j];
          if (qb) for (gsize j = 0; j < inner; j++) qb[j] += g[j] * pa[j];
          break;
        case BIN_MAX:
          /* written without branches so that the loops vectorise */
          if (qa)
            for (gsize j = 0; j < inner; j++)
              qa[j] += g[j] * ((float) (pa[j] > pb[j]) + 0.5f * (float) (pa[j] == pb[j]));
          if (qb)
            for (gsize j = 0; j < inner; j++)
              qb[j] += g[j] * ((float) (pb[j] > pa[j]) + 0.5f * (float) (pa[j] == pb[j]));
          break;
        }
    }
}

static MlpTensor *
binary_op (BinaryOp op, const char *name, MlpTensor *a, MlpTensor *b)
{
  /* the output has the larger operand's shape; with equal sizes, the one
   * with more dimensions ((1, 3) + (3) is (1, 3), as in PyTorch) */
  const MlpTensor *big = a->numel > b->numel ||
                         (a->numel == b->numel && a->ndim >= b->ndim) ? a : b;
  const MlpTensor *small = big == a ? b : a;
  MlpTensor *in[2] = { a, b };
  MlpTensor *out;
  MlpGradFn *fn;

  if (!broadcastable (big, small))
    {
      g_autofree char *sa = mlp_tensor_shape_string (a);
      g_autofree char *sb = mlp_tensor_shape_string (b);

      g_critical ("%s: shapes %s and %s do not broadcast", name, sa, sb);
      return NULL;
    }

  out = mlp_tensor_new_like (big);
  binary_forward (op, a, b, out);
  fn = mlp_tensor_record (out, name, binary_backward, 2, in);
  if (fn != NULL)
    fn->scalar = (float) op;
  return out;
}

MlpTensor *mlp_add (MlpTensor *a, MlpTensor *b)     { return binary_op (BIN_ADD, "add", a, b); }
MlpTensor *mlp_sub (MlpTensor *a, MlpTensor *b)     { return binary_op (BIN_SUB, "sub", a, b); }
MlpTensor *mlp_mul (MlpTensor *a, MlpTensor *b)     { return binary_op (BIN_MUL, "mul", a, b); }
MlpTensor *mlp_maximum (MlpTensor *a, MlpTensor *b) { return binary_op (BIN_MAX, "maximum", a, b); }

/* -------------------------------------------------------------- scalar ops */

/* y = x + c;  dx += g.  A reshaped view has the same gradient: each output
 * element is one input element, moved by nothing but a constant. */
static void
pass_through_backward (MlpGradFn *fn, MlpTensor *out)
{
  float *gx = mlp_tensor_ensure_grad (fn->inputs[0]);

  for (gsize i = 0; i < out->numel; i++)
    gx[i] += out->grad[i];
}

MlpTensor *
mlp_add_scalar (MlpTensor *x, float c)
{
  MlpTensor *out = mlp_tensor_new_like (x);

  for (gsize i = 0; i < x->numel; i++)
    out->data[i] = x->data[i] + c;
  mlp_tensor_record (out, "add_scalar", pass_through_backward, 1, &x);
  return out;
}

/* y = c x;  dx += c g */
static void
mul_scalar_backward (MlpGradFn *fn, MlpTensor *out)
{
  float *gx = mlp_tensor_ensure_grad (fn->inputs[0]);
  float c = fn->scalar;

  for (gsize i = 0; i < out->numel; i++)
    gx[i] += c * out->grad[i];
}

MlpTensor *
mlp_mul_scalar (MlpTensor *x, float c)
{
  MlpTensor *out = mlp_tensor_new_like (x);
  MlpGradFn *fn;

  for (gsize i = 0; i < x->numel; i++)
    out->data[i] = c * x->data[i];
  fn = mlp_tensor_record (out, "mul_scalar", mul_scalar_backward, 1, &x);
  if (fn != NULL)
    fn->scalar = c;
  return out;
}

/* y = x / c;  dx += g / c */
static void
div_scalar_backward (MlpGradFn *fn, MlpTensor *out)
{
  float *gx = mlp_tensor_ensure_grad (fn->inputs[0]);
  float c = fn->scalar;

  for (gsize i = 0; i < out->numel; i++)
    gx[i] += out->grad[i] / c;
}

MlpTensor *
mlp_div_scalar (MlpTensor *x, float c)
{
  MlpTensor *out = mlp_tensor_new_like (x);
  MlpGradFn *fn;

  for (gsize i = 0; i < x->numel; i++)
    out->data[i] = x->data[i] / c;
  fn = mlp_tensor_record (out, "div_scalar", div_scalar_backward, 1, &x);
  if (fn != NULL)
    fn->scalar = c;
  return out;
}

MlpTensor *
mlp_gt_scalar (MlpTensor *x, float c)
{
  MlpTensor *out = mlp_tensor_new_like (x);

  for (gsize i = 0; i < x->numel; i++)
    out->data[i] = x->data[i] > c ? 1.0f : 0.0f;
  return out;
}

/* ------------------------------------------------------------ activations */

/* y_i = f(x_i) for a function of libm: the forward of tanh, exp and log */
static MlpTensor *
map_op (MlpTensor *x, float (*f) (float), const char *name, MlpBackwardFunc backward)
{
  MlpTensor *out = mlp_tensor_new_like (x);

  for (gsize i = 0; i < x->numel; i++)
    out->data[i] = f (x->data[i]);
  mlp_tensor_record (out, name, backward, 1, &x);
  return out;
}

/* f(x) = max{0, x};  dx += g [x > 0] */
static void
relu_backward (MlpGradFn *fn, MlpTensor *out)
{
  float *gx = mlp_tensor_ensure_grad (fn->inputs[0]);

  for (gsize i = 0; i < out->numel; i++)
    gx[i] += out->data[i] > 0.0f ? out->grad[i] : 0.0f;
}

MlpTensor *
mlp_relu (MlpTensor *x)
{
  MlpTensor *out = mlp_tensor_new_like (x);

  for (gsize i = 0; i < x->numel; i++)
    out->data[i] = x->data[i] > 0.0f ? x->data[i] : 0.0f;
  mlp_tensor_record (out, "relu", relu_backward, 1, &x);
  return out;
}

/* Channel layout for prelu: x seen as (outer, C, inner) with C = shape[1]. */
static gsize
prelu_inner (const MlpTensor *x)
{
  gsize inner = 1;

  for (guint d = 2; d < x->ndim; d++)
    inner *= x->shape[d];
  return inner;
}

/* f(x) = x for x > 0, w x otherwise;
 * dx += g ([x > 0] + w [x ≤ 0]);  dw += Σ g x [x ≤ 0] */
static void
prelu_backward (MlpGradFn *fn, MlpTensor *out)
{
  MlpTensor *x = fn->inputs[0], *w = fn->inputs[1];
  gsize inner = prelu_inner (x), C = w->numel;
  float *gx = x->requires_grad ? mlp_tensor_ensure_grad (x) : NULL;
  float *gw = w->requires_grad ? mlp_tensor_ensure_grad (w) : NULL;
  double *acc = gw ? g_new0 (double, C) : NULL;

  for (gsize i = 0; i < x->numel; i++)
    {
      gsize c = C == 1 ? 0 : (i / inner) % C;
      float g = out->grad[i];

      if (x->data[i] > 0.0f)
        {
          if (gx)
            gx[i] += g;
        }
      else
        {
          if (gx)
            gx[i] += w->data[c] * g;
          if (acc)
            acc[c] += (double) g * x->data[i];
        }
    }
  if (gw)
    for (gsize c = 0; c < C; c++)
      gw[c] += (float) acc[c];
  g_free (acc);
}

MlpTensor *
mlp_prelu (MlpTensor *x, MlpTensor *w)
{
  MlpTensor *in[2] = { x, w };
  MlpTensor *out;
  gsize inner, C = w->numel;

  g_return_val_if_fail (C == 1 || (x->ndim >= 2 && x->shape[1] == C), NULL);

  inner = prelu_inner (x);
  out = mlp_tensor_new_like (x);
  for (gsize i = 0; i < x->numel; i++)
    {
      float v = x->data[i];
      gsize c = C == 1 ? 0 : (i / inner) % C;

      out->data[i] = v > 0.0f ? v : w->data[c] * v;
    }
  mlp_tensor_record (out, "prelu", prelu_backward, 2, in);
  return out;
}

/* σ(x) = 1 / (1 + e^−x);  dx += g σ (1 − σ) */
static void
sigmoid_backward (MlpGradFn *fn, MlpTensor *out)
{
  float *gx = mlp_tensor_ensure_grad (fn->inputs[0]);

  for (gsize i = 0; i < out->numel; i++)
    {
      float s = out->data[i];
      gx[i] += out->grad[i] * s * (1.0f - s);
    }
}

MlpTensor *
mlp_sigmoid (MlpTensor *x)
{
  MlpTensor *out = mlp_tensor_new_like (x);

  /* e^−x overflows for x < −88; use e^x / (1 + e^x) there */
  for (gsize i = 0; i < x->numel; i++)
    {
      float v = x->data[i];

      if (v >= 0.0f)
        out->data[i] = 1.0f / (1.0f + expf (-v));
      else
        {
          float e = expf (v);
          out->data[i] = e / (1.0f + e);
        }
    }
  mlp_tensor_record (out, "sigmoid", sigmoid_backward, 1, &x);
  return out;
}

/* dx += g (1 − tanh²) */
static void
tanh_backward (MlpGradFn *fn, MlpTensor *out)
{
  float *gx = mlp_tensor_ensure_grad (fn->inputs[0]);

  for (gsize i = 0; i < out->numel; i++)
    {
      float t = out->data[i];
      gx[i] += out->grad[i] * (1.0f - t * t);
    }
}

MlpTensor *
mlp_tanh (MlpTensor *x)
{
  return map_op (x, tanhf, "tanh", tanh_backward);
}

/* dx += g e^x */
static void
exp_backward (MlpGradFn *fn, MlpTensor *out)
{
  float *gx = mlp_tensor_ensure_grad (fn->inputs[0]);

  for (gsize i = 0; i < out->numel; i++)
    gx[i] += out->grad[i] * out->data[i];
}

MlpTensor *
mlp_exp (MlpTensor *x)
{
  return map_op (x, expf, "exp", exp_backward);
}

/* dx += g / x */
static void
log_backward (MlpGradFn *fn, MlpTensor *out)
{
  MlpTensor *x = fn->inputs[0];
  float *gx = mlp_tensor_ensure_grad (x);

  for (gsize i = 0; i < out->numel; i++)
    gx[i] += out->grad[i] / x->data[i];
}

MlpTensor *
mlp_log (MlpTensor *x)
{
  return map_op (x, logf, "log", log_backward);
}

/* ------------------------------------------------------------- reductions */

/* y = Σ x (or its mean);  dx += g (or g / n) */
static void
sum_backward (MlpGradFn *fn, MlpTensor *out)
{
  MlpTensor *x = fn->inputs[0];
  float *gx = mlp_tensor_ensure_grad (x);
  float g = out->grad[0] * fn->scalar;

  for (gsize i = 0; i < x->numel; i++)
    gx[i] += g;
}

static MlpTensor *
reduce (MlpTensor *x, gboolean mean)
{
  MlpTensor *out;
  MlpGradFn *fn;
  double acc = 0.0;

  for (gsize i = 0; i < x->numel; i++)
    acc += x->data[i];
  if (mean && x->numel > 0)
    acc /= (double) x->numel;
  out = mlp_tensor_new_scalar ((float) acc);
  fn = mlp_tensor_record (out, mean ? "mean" : "sum", sum_backward, 1, &x);
  if (fn != NULL)
    fn->scalar = mean && x->numel > 0 ? 1.0f / (float) x->numel : 1.0f;
  return out;
}

MlpTensor *mlp_sum (MlpTensor *x)  { return reduce (x, FALSE); }
MlpTensor *mlp_mean (MlpTensor *x) { return reduce (x, TRUE); }

/* ------------------------------------------------------------------ shape */

MlpTensor *
mlp_reshape (MlpTensor *x, guint ndim, const gssize *shape)
{
  MlpTensor *out, *owner;
  gsize known = 1;
  int infer = -1;

  g_return_val_if_fail (ndim <= MLP_MAX_DIMS, NULL);

  for (guint i = 0; i < ndim; i++)
    {
      if (shape[i] == -1)
        {
          g_return_val_if_fail (infer < 0, NULL);
          infer = (int) i;
        }
      else
        {
          g_return_val_if_fail (shape[i] >= 0, NULL);
          known *= (gsize) shape[i];
        }
    }
  g_return_val_if_fail (infer >= 0 ? (known > 0 && x->numel % known == 0) : known == x->numel, NULL);

  out = g_new0 (MlpTensor, 1);
  out->ref_count = 1;
  out->ndim = ndim;
  out->numel = x->numel;
  for (guint i = 0; i < MLP_MAX_DIMS; i++)
    out->shape[i] = i >= ndim ? 1 : (int) i == infer ? x->numel / known : (gsize) shape[i];
  owner = x->base != NULL ? x->base : x;
  out->base = mlp_tensor_ref (owner);
  out->data = x->data;
  /* a view: dx += g, element for element */
  mlp_tensor_record (out, "reshape", pass_through_backward, 1, &x);
  return out;
}

MlpTensor *
mlp_flatten (MlpTensor *x)
{
  gssize shape[2] = { (gssize) mlp_tensor_rows (x), -1 };

  if (x->numel == 0)
    shape[1] = 0;
  return mlp_reshape (x, 2, shape);
}

/* ---------------------------------------------------------------- dropout */

typedef struct {
  guint8 *mask;   /* 1 = kept */
} DropoutSaved;

static void
dropout_saved_free (gpointer p)
{
  DropoutSaved *s = p;

  g_free (s->mask);
  g_free (s);
}

/* y = mask ⊙ x / (1 − p);  dx += (g / (1 − p)) ⊙ mask */
static void
dropout_backward (MlpGradFn *fn, MlpTensor *out)
{
  DropoutSaved *s = fn->saved;
  float *gx = mlp_tensor_ensure_grad (fn->inputs[0]);
  float keep = 1.0f - fn->scalar;

  if (s == NULL)  /* p = 1: the output is constant zero */
    return;
  for (gsize i = 0; i < out->numel; i++)
    gx[i] += (out->grad[i] / keep) * (float) s->mask[i];
}

MlpTensor *
mlp_dropout (MlpTensor *x, float p, MlpRng *rng)
{
  MlpTensor *out;
  MlpGradFn *fn;
  guint8 *mask = NULL;
  float keep = 1.0f - p;

  g_return_val_if_fail (p >= 0.0f && p <= 1.0f, NULL);

  out = mlp_tensor_new_like (x);
  if (p < 1.0f)
    {
      mask = g_new (guint8, MAX (x->numel, 1));
      for (gsize i = 0; i < x->numel; i++)
        {
          mask[i] = mlp_rng_uniform (rng) > p;
          out->data[i] = ((float) mask[i] * x->data[i]) / keep;
        }
    }
  fn = mlp_tensor_record (out, "dropout", dropout_backward, 1, &x);
  if (fn != NULL)
    {
      fn->scalar = p;
      if (mask != NULL)
        {
          DropoutSaved *s = g_new0 (DropoutSaved, 1);

          s->mask = g_steal_pointer (&mask);
          fn->saved = s;
          fn->saved_free = dropout_saved_free;
        }
    }
  g_free (mask);
  return out;
}

/* ----------------------------------------------------- softmax + cross-entropy */

typedef struct {
  float  *probs;    /* (N, C) softmax of the logits */
  guint8 *labels;   /* N labels */
} XentSaved;

static void
xent_saved_free (gpointer p)
{
  XentSaved *s = p;

  g_free (s->probs);
  g_free (s->labels);
  g_free (s);
}

/* p = softmax(z) over the C classes of one row, taken around the row's
 * maximum so that nothing overflows; returns log Σ_c e^{z_c} */
static double
softmax_row (const float *z, gsize C, float *p)
{
  float m = -INFINITY;
  double s = 0.0;

  for (gsize c = 0; c < C; c++)
    m = MAX (m, z[c]);
  for (gsize c = 0; c < C; c++)
    {
      p[c] = expf (z[c] - m);
      s += p[c];
    }
  for (gsize c = 0; c < C; c++)
    p[c] = (float) (p[c] / s);
  return m + log (s);
}

void
mlp_softmax_rows (const MlpTensor *logits, float *out)
{
  gsize N = mlp_tensor_rows (logits), C = mlp_tensor_cols (logits);

  for (gsize r = 0; r < N; r++)
    softmax_row (logits->data + r * C, C, out + r * C);
}

/* dlogits += g (softmax − onehot) / N */
static void
xent_backward (MlpGradFn *fn, MlpTensor *out)
{
  XentSaved *s = fn->saved;
  MlpTensor *logits = fn->inputs[0];
  gsize N = mlp_tensor_rows (logits), C = mlp_tensor_cols (logits);
  float *gz = mlp_tensor_ensure_grad (logits);
  float scale = N ? out->grad[0] / (float) N : 0.0f;

  for (gsize r = 0; r < N; r++)
    {
      const float *p = s->probs + r * C;
      float *g = gz + r * C;

      for (gsize c = 0; c < C; c++)
        g[c] += scale * (p[c] - (c == s->labels[r] ? 1.0f : 0.0f));
    }
}

/* loss = mean_r [ log Σ_c e^{z_rc} − z_{r,y_r} ], with log-sum-exp taken
 * around the row maximum so nothing overflows */
MlpTensor *
mlp_softmax_cross_entropy (MlpTensor *logits, const guint8 *labels)
{
  gsize N = mlp_tensor_rows (logits), C = mlp_tensor_cols (logits);
  g_autofree float *probs = NULL;
  MlpTensor *out;
  MlpGradFn *fn;
  double total = 0.0;

  g_return_val_if_fail (logits->ndim == 2, NULL);

  probs = g_new (float, MAX (N * C, 1));
  for (gsize r = 0; r < N; r++)
    {
      const float *z = logits->data + r * C;

      g_return_val_if_fail (labels[r] < C, NULL);
      total += softmax_row (z, C, probs + r * C) - z[labels[r]];
    }

  out = mlp_tensor_new_scalar (N ? (float) (total / (double) N) : 0.0f);
  fn = mlp_tensor_record (out, "softmax_cross_entropy", xent_backward, 1, &logits);
  if (fn != NULL)
    {
      XentSaved *s = g_new0 (XentSaved, 1);

      s->probs = g_steal_pointer (&probs);
      s->labels = g_memdup2 (labels, MAX (N, 1));
      fn->saved = s;
      fn->saved_free = xent_saved_free;
    }
  return out;
}

gsize
mlp_argmax (const float *row, gsize n)
{
  gsize best = 0;

  for (gsize c = 1; c < n; c++)
    if (row[c] > row[best])
      best = c;
  return best;
}

gsize
mlp_count_correct (const MlpTensor *logits, const guint8 *labels)
{
  gsize N = mlp_tensor_rows (logits), C = mlp_tensor_cols (logits), correct = 0;

  for (gsize r = 0; r < N; r++)
    correct += mlp_argmax (logits->data + r * C, C) == labels[r];
  return correct;
}
