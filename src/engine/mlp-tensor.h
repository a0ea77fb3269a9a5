/* mlp-tensor.h — tensors and define-by-run reverse-mode autograd.
 *
 * The model, as in PyTorch:
 *
 *   MlpTensor *x = mlp_tensor_arange (-8.0, 8.0, 0.1);   // 160 points
 *   mlp_tensor_set_requires_grad (x, TRUE);
 *   MlpTensor *y = mlp_sigmoid (x);                      // records its grad_fn
 *   mlp_tensor_backward (y, NULL);                       // upstream = ones_like(y)
 *   // x->grad[i] == σ(x_i)(1 − σ(x_i))
 *   mlp_tensor_unref (y);                                // frees y's graph
 *   mlp_tensor_unref (x);
 *
 * A tensor is float32, row-major, contiguous, with 0 to MLP_MAX_DIMS
 * dimensions (0 = a scalar with one element).  Every op (mlp-ops.h) that sees an
 * input with requires_grad, while grad mode is on, gives its output a grad_fn:
 * the op's backward function plus strong references to its inputs.  The graph
 * is therefore owned by its outputs: dropping the last reference to a loss frees
 * every intermediate tensor of the forward pass.
 *
 * Ownership rule (used everywhere in the engine): tensors are reference counted;
 * every function that returns an MlpTensor * returns a new reference (transfer
 * full) that the caller releases with mlp_tensor_unref() or g_autoptr.
 * Functions taking an MlpTensor * borrow it (transfer none) unless documented.
 *
 * Gradients accumulate: backward adds into ->grad of every leaf that requires
 * grad (allocating a zeroed buffer the first time) until mlp_tensor_zero_grad().
 * Intermediate (non-leaf) gradients live only during one backward pass, so the
 * graph can be walked again (PyTorch's retain_graph=True) without
 * double-counting.
 *
 * Tensors are not thread-safe: one graph belongs to one thread at a time.  The
 * no-grad switch is per thread.
 *
 * A new op is written with mlp-tensor-private.h, which says how a forward
 * function records its backward.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MLP_MAX_DIMS   4
#define MLP_MAX_INPUTS 3

typedef struct _MlpTensor MlpTensor;
/* the op that made a tensor, for its backward pass; opaque here, see
 * mlp-tensor-private.h */
typedef struct _MlpGradFn MlpGradFn;

struct _MlpTensor {
  gint        ref_count;
  guint       ndim;                  /* 0 … MLP_MAX_DIMS */
  gsize       shape[MLP_MAX_DIMS];   /* unused trailing entries are 1 */
  gsize       numel;                 /* product of shape[0..ndim) */
  float      *data;                  /* numel values; owned unless base != NULL */
  float      *grad;                  /* numel values or NULL until needed */
  gboolean    requires_grad;         /* leaf: user asked; non-leaf: some input did */
  MlpTensor  *base;                  /* for views (reshape): owner of data */
  MlpGradFn  *grad_fn;               /* the op that made this tensor; NULL for leaves */
  char       *name;                  /* debug name or parameter name, may be NULL */
};

/* construction; all (transfer full), zero-filled unless said otherwise */
MlpTensor *mlp_tensor_new          (guint ndim, const gsize *shape);
MlpTensor *mlp_tensor_new_1d       (gsize n);
MlpTensor *mlp_tensor_new_2d       (gsize rows, gsize cols);
MlpTensor *mlp_tensor_new_scalar   (float value);
MlpTensor *mlp_tensor_new_from_data (guint ndim, const gsize *shape, const float *data);
MlpTensor *mlp_tensor_new_like     (const MlpTensor *t);
MlpTensor *mlp_tensor_new_full     (guint ndim, const gsize *shape, float value);
/* torch.arange(start, stop, step) for float32, bit for bit as PyTorch's CPU
 * kernel makes it: ceil((stop-start)/step) points (see mlp-tensor.c). */
MlpTensor *mlp_tensor_arange       (double start, double stop, double step);
/* a detached copy: same values, no graph, requires_grad FALSE */
MlpTensor *mlp_tensor_copy         (const MlpTensor *t);

MlpTensor *mlp_tensor_ref          (MlpTensor *t);
void       mlp_tensor_unref        (MlpTensor *t);

void       mlp_tensor_set_name     (MlpTensor *t, const char *name);
void       mlp_tensor_set_requires_grad (MlpTensor *t, gboolean requires_grad);
gboolean   mlp_tensor_is_leaf      (const MlpTensor *t);
/* the grad buffer, allocated (zeroed) on first use */
float     *mlp_tensor_ensure_grad  (MlpTensor *t);
/* zero the grad buffer if there is one (the memset of llm.c's zero_grad) */
void       mlp_tensor_zero_grad    (MlpTensor *t);
float      mlp_tensor_item         (const MlpTensor *t);
gboolean   mlp_tensor_same_shape   (const MlpTensor *a, const MlpTensor *b);
/* "(256, 784)"; (transfer full) */
char      *mlp_tensor_shape_string (const MlpTensor *t);
/* rows × cols of a tensor seen as a matrix: rows = shape[0], cols = the rest */
gsize      mlp_tensor_rows         (const MlpTensor *t);
gsize      mlp_tensor_cols         (const MlpTensor *t);

/* Reverse-mode sweep from y.  upstream is d(loss)/dy with y's shape; NULL
 * means ones (for a scalar y, the usual loss.backward()). */
void       mlp_tensor_backward     (MlpTensor *y, const MlpTensor *upstream);

/* Grad mode, per thread: while disabled (nesting allowed) ops record nothing. */
void       mlp_no_grad_begin       (void);
void       mlp_no_grad_end         (void);
gboolean   mlp_grad_enabled        (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpTensor, mlp_tensor_unref)

G_END_DECLS
