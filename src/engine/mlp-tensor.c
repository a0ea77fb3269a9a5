/* mlp-tensor.c — tensor storage, reference counting and the backward sweep.
 *
 * The graph is implicit: a non-leaf tensor's grad_fn holds its inputs.
 * mlp_tensor_backward() orders the tensors reachable from y topologically
 * (iterative depth-first search, so a 30-layer net cannot overflow the stack),
 * then calls each grad_fn in reverse order, exactly KANN's "plain loop over a
 * topologically ordered array".
 */
#include "mlp-tensor.h"
#include "mlp-tensor-private.h"

#include <math.h>
#include <string.h>

static GPrivate no_grad_depth;

void
mlp_no_grad_begin (void)
{
  g_private_set (&no_grad_depth,
                 GINT_TO_POINTER (GPOINTER_TO_INT (g_private_get (&no_grad_depth)) + 1));
}

void
mlp_no_grad_end (void)
{
  int depth = GPOINTER_TO_INT (g_private_get (&no_grad_depth));

  g_return_if_fail (depth > 0);
  g_private_set (&no_grad_depth, GINT_TO_POINTER (depth - 1));
}

gboolean
mlp_grad_enabled (void)
{
  return GPOINTER_TO_INT (g_private_get (&no_grad_depth)) == 0;
}

static MlpTensor *
tensor_alloc (guint ndim, const gsize *shape, gboolean zero)
{
  MlpTensor *t;
  gsize numel = 1;

  g_return_val_if_fail (ndim <= MLP_MAX_DIMS, NULL);

  t = g_new0 (MlpTensor, 1);
  t->ref_count = 1;
  t->ndim = ndim;
  for (guint i = 0; i < MLP_MAX_DIMS; i++)
    {
      t->shape[i] = i < ndim ? shape[i] : 1;
      if (i < ndim)
        {
          g_return_val_if_fail (shape[i] == 0 || numel <= G_MAXSIZE / sizeof (float) / shape[i], NULL);
          numel *= shape[i];
        }
    }
  t->numel = numel;
  if (numel > 0)
    t->data = zero ? g_new0 (float, numel) : g_new (float, numel);
  return t;
}

MlpTensor *
mlp_tensor_new (guint ndim, const gsize *shape)
{
  return tensor_alloc (ndim, shape, TRUE);
}

MlpTensor *
mlp_tensor_new_1d (gsize n)
{
  return tensor_alloc (1, &n, TRUE);
}

MlpTensor *
mlp_tensor_new_2d (gsize rows, gsize cols)
{
  gsize shape[2] = { rows, cols };

  return tensor_alloc (2, shape, TRUE);
}

MlpTensor *
mlp_tensor_new_scalar (float value)
{
  MlpTensor *t = tensor_alloc (0, NULL, FALSE);

  t->data[0] = value;
  return t;
}

MlpTensor *
mlp_tensor_new_from_data (guint ndim, const gsize *shape, const float *data)
{
  MlpTensor *t = tensor_alloc (ndim, shape, FALSE);

  if (t->numel > 0)
    memcpy (t->data, data, t->numel * sizeof (float));
  return t;
}

MlpTensor *
mlp_tensor_new_like (const MlpTensor *t)
{
  return tensor_alloc (t->ndim, t->shape, TRUE);
}

MlpTensor *
mlp_tensor_new_full (guint ndim, const gsize *shape, float value)
{
  MlpTensor *t = tensor_alloc (ndim, shape, FALSE);

  for (gsize i = 0; i < t->numel; i++)
    t->data[i] = value;
  return t;
}

MlpTensor *
mlp_tensor_arange (double start, double stop, double step)
{
  double count;
  MlpTensor *t;

  g_return_val_if_fail (step != 0.0, NULL);
  count = ceil ((stop - start) / step);
  if (!(count > 0))
    count = 0;
  g_return_val_if_fail (count < 1e8, NULL);

  /* PyTorch's CPU arange (1.13, the vectorised float32 kernel): blocks of
   * 16 values as two vectors of 8, each from a float32 base
   * (float) fma (step, i0, start) and then (float) fma (j, step, base); what
   * is left after the last block of 16 one by one as (float) fma (step, i,
   * start).  The fused products are why x[80] of arange(-8, 8, 0.1) is
   * 4.44e-16 and not 0, as in the notebook. */
  t = mlp_tensor_new_1d ((gsize) count);
  for (gsize i = 0; i < t->numel; i++)
    {
      gsize full = t->numel - t->numel % 16, i0 = i - i % 8;

      if (i >= full)
        t->data[i] = (float) fma (step, (double) i, start);
      else
        {
          float base = (float) fma (step, (double) i0, start);

          t->data[i] = (float) fma ((double) (i - i0), step, (double) base);
        }
    }
  return t;
}

MlpTensor *
mlp_tensor_copy (const MlpTensor *t)
{
  return mlp_tensor_new_from_data (t->ndim, t->shape, t->data);
}

MlpTensor *
mlp_tensor_ref (MlpTensor *t)
{
  g_return_val_if_fail (t != NULL, NULL);
  t->ref_count++;
  return t;
}

static void
grad_fn_free (MlpGradFn *fn)
{
  if (fn->saved_free != NULL)
    fn->saved_free (fn->saved);
  for (guint i = 0; i < fn->n_inputs; i++)
    mlp_tensor_unref (fn->inputs[i]);
  g_free (fn);
}

void
mlp_tensor_unref (MlpTensor *t)
{
  /* A long chain of grad_fns would recurse once per layer; unref iteratively
   * along the first input, which is the chain in a deep net. */
  while (t != NULL)
    {
      MlpTensor *next = NULL;

      g_return_if_fail (t->ref_count > 0);
      if (--t->ref_count > 0)
        return;

      if (t->grad_fn != NULL)
        {
          MlpGradFn *fn = t->grad_fn;

          if (fn->n_inputs > 0)
            {
              next = fn->inputs[0];
              fn->inputs[0] = NULL;
              for (guint i = 1; i < fn->n_inputs; i++)
                fn->inputs[i - 1] = fn->inputs[i];
              fn->n_inputs--;
            }
          grad_fn_free (fn);
        }
      if (t->base != NULL)
        mlp_tensor_unref (t->base);
      else
        g_free (t->data);
      g_free (t->grad);
      g_free (t->name);
      g_free (t);
      t = next;
    }
}

void
mlp_tensor_set_name (MlpTensor *t, const char *name)
{
  g_return_if_fail (t != NULL);
  g_free (t->name);
  t->name = g_strdup (name);
}

void
mlp_tensor_set_requires_grad (MlpTensor *t, gboolean requires_grad)
{
  g_return_if_fail (t != NULL);
  g_return_if_fail (t->grad_fn == NULL);
  t->requires_grad = requires_grad;
}

gboolean
mlp_tensor_is_leaf (const MlpTensor *t)
{
  return t->grad_fn == NULL;
}

float *
mlp_tensor_ensure_grad (MlpTensor *t)
{
  if (t->grad == NULL && t->numel > 0)
    t->grad = g_new0 (float, t->numel);
  return t->grad;
}

void
mlp_tensor_zero_grad (MlpTensor *t)
{
  if (t->grad != NULL)
    memset (t->grad, 0, t->numel * sizeof (float));
}

float
mlp_tensor_item (const MlpTensor *t)
{
  g_return_val_if_fail (t != NULL && t->numel == 1, NAN);
  return t->data[0];
}

gboolean
mlp_tensor_same_shape (const MlpTensor *a, const MlpTensor *b)
{
  if (a->ndim != b->ndim)
    return FALSE;
  for (guint i = 0; i < a->ndim; i++)
    if (a->shape[i] != b->shape[i])
      return FALSE;
  return TRUE;
}

char *
mlp_tensor_shape_string (const MlpTensor *t)
{
  GString *s = g_string_new ("(");

  for (guint i = 0; i < t->ndim; i++)
    g_string_append_printf (s, "%s%" G_GSIZE_FORMAT, i ? ", " : "", t->shape[i]);
  g_string_append_c (s, ')');
  return g_string_free (s, FALSE);
}

gsize
mlp_tensor_rows (const MlpTensor *t)
{
  return t->ndim == 0 ? 1 : t->shape[0];
}

gsize
mlp_tensor_cols (const MlpTensor *t)
{
  gsize rows = mlp_tensor_rows (t);

  return rows == 0 ? 0 : t->numel / rows;
}

MlpGradFn *
mlp_tensor_record (MlpTensor       *out,
                   const char      *name,
                   MlpBackwardFunc  backward,
                   guint            n_inputs,
                   MlpTensor      **inputs)
{
  gboolean needed = FALSE;
  MlpGradFn *fn;

  g_return_val_if_fail (n_inputs <= MLP_MAX_INPUTS, NULL);
  g_return_val_if_fail (out->grad_fn == NULL, NULL);

  if (!mlp_grad_enabled ())
    return NULL;
  for (guint i = 0; i < n_inputs; i++)
    needed |= inputs[i]->requires_grad;
  if (!needed)
    return NULL;

  fn = g_new0 (MlpGradFn, 1);
  fn->name = name;
  fn->backward = backward;
  fn->n_inputs = n_inputs;
  for (guint i = 0; i < n_inputs; i++)
    fn->inputs[i] = mlp_tensor_ref (inputs[i]);
  out->grad_fn = fn;
  out->requires_grad = TRUE;
  return fn;
}

/* Reverse topological order of the graph above y: y first, leaves last. */
static GPtrArray *
topo_order (MlpTensor *y)
{
  g_autoptr(GHashTable) visited = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) stack = g_array_new (FALSE, FALSE, sizeof (gpointer) * 2);
  GPtrArray *post = g_ptr_array_new ();
  gpointer frame[2] = { y, GUINT_TO_POINTER (0) };

  /* frame = (tensor, index of the next input to visit) */
  g_hash_table_add (visited, y);
  g_array_append_val (stack, frame);
  while (stack->len > 0)
    {
      gpointer *top = &g_array_index (stack, gpointer, 2 * (stack->len - 1));
      MlpTensor *t = top[0];
      guint next = GPOINTER_TO_UINT (top[1]);

      if (t->grad_fn != NULL && next < t->grad_fn->n_inputs)
        {
          MlpTensor *in = t->grad_fn->inputs[next];

          top[1] = GUINT_TO_POINTER (next + 1);
          if (in->requires_grad && !g_hash_table_contains (visited, in))
            {
              gpointer child[2] = { in, GUINT_TO_POINTER (0) };

              g_hash_table_add (visited, in);
              g_array_append_val (stack, child);
            }
          continue;
        }
      g_ptr_array_add (post, t);
      g_array_set_size (stack, stack->len - 1);
    }

  /* post-order lists inputs before their consumers; reverse it */
  for (guint i = 0, j = post->len ? post->len - 1 : 0; i < j; i++, j--)
    {
      gpointer tmp = post->pdata[i];
      post->pdata[i] = post->pdata[j];
      post->pdata[j] = tmp;
    }
  return post;
}

void
mlp_tensor_backward (MlpTensor *y, const MlpTensor *upstream)
{
  g_autoptr(GPtrArray) order = NULL;

  g_return_if_fail (y != NULL);
  g_return_if_fail (upstream == NULL || upstream->numel == y->numel);
  if (!y->requires_grad)
    {
      g_critical ("mlp_tensor_backward: the tensor does not require grad "
                  "(nothing it was computed from requires grad)");
      return;
    }

  order = topo_order (y);

  /* intermediate gradients are fresh for every sweep */
  for (guint i = 0; i < order->len; i++)
    {
      MlpTensor *t = order->pdata[i];

      if (t->grad_fn != NULL)
        {
          mlp_tensor_ensure_grad (t);
          mlp_tensor_zero_grad (t);
        }
    }

  {
    float *g = mlp_tensor_ensure_grad (y);

    for (gsize i = 0; i < y->numel; i++)
      g[i] += upstream ? upstream->data[i] : 1.0f;
  }

  for (guint i = 0; i < order->len; i++)
    {
      MlpTensor *t = order->pdata[i];

      if (t->grad_fn != NULL)
        t->grad_fn->backward (t->grad_fn, t);
    }

  /* like PyTorch, only leaves keep .grad after the sweep */
  for (guint i = 0; i < order->len; i++)
    {
      MlpTensor *t = order->pdata[i];

      if (t->grad_fn != NULL)
        g_clear_pointer (&t->grad, g_free);
    }
}
