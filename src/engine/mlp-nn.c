/* mlp-nn.c — the modules of mlp-nn.h.  Each is a struct whose first member is
 * MlpModule, with a static class table of function pointers. */
#include "mlp-nn.h"

#include "mlp-ops.h"

MlpTensor *
mlp_module_forward (MlpModule *m, MlpTensor *x)
{
  g_return_val_if_fail (m != NULL && x != NULL, NULL);
  return m->klass->forward (m, x);
}

void
mlp_module_set_training (MlpModule *m, gboolean training)
{
  m->training = training;
  if (m->klass->set_training != NULL)
    m->klass->set_training (m, training);
}

MlpStateDict *
mlp_module_named_parameters (MlpModule *m, const char *prefix)
{
  MlpStateDict *sd = mlp_state_dict_new ();

  if (m->klass->named_parameters != NULL)
    m->klass->named_parameters (m, prefix ? prefix : "", sd);
  return sd;
}

void
mlp_module_free (MlpModule *m)
{
  if (m == NULL)
    return;
  if (m->klass->finalize != NULL)
    m->klass->finalize (m);
  g_free (m);
}

const char *
mlp_module_type_name (MlpModule *m)
{
  return m->klass->type_name;
}

static MlpModule *
module_alloc (const MlpModuleClass *klass, gsize size)
{
  MlpModule *m = g_malloc0 (size);

  m->klass = klass;
  m->training = TRUE;
  return m;
}

static void
add_param (MlpStateDict *sd, const char *prefix, const char *name, MlpTensor *t)
{
  g_autofree char *full = g_strconcat (prefix, name, NULL);

  if (t != NULL)
    mlp_state_dict_add (sd, full, t);
}

/* ------------------------------------------------------------------ Linear */

typedef struct {
  MlpModule  parent;
  gsize      out_features;
  MlpInit    init;
  MlpRng    *rng;       /* borrowed; draws the weights at the first forward */
  MlpTensor *weight;    /* (out, in) */
  MlpTensor *bias;      /* (out) */
} Linear;

/* y = x Wᵀ + b, x (N, in) */
static MlpTensor *
linear_forward (MlpModule *m, MlpTensor *x)
{
  Linear *self = (Linear *) m;
  g_autoptr(MlpTensor) xw = NULL;
  gsize in = mlp_tensor_cols (x);

  g_return_val_if_fail (x->ndim == 2, NULL);

  if (self->weight == NULL)
    {
      self->weight = mlp_tensor_new_2d (self->out_features, in);
      self->bias = mlp_tensor_new_1d (self->out_features);
      mlp_init_weight (&self->init, self->weight->data, self->weight->numel,
                       in, self->out_features, self->rng);
      mlp_init_bias (&self->init, self->bias->data, self->bias->numel, in, self->rng);
      mlp_tensor_set_requires_grad (self->weight, TRUE);
      mlp_tensor_set_requires_grad (self->bias, TRUE);
    }
  g_return_val_if_fail (self->weight->shape[1] == in, NULL);

  xw = mlp_matmul_nt (x, self->weight);
  return mlp_add (xw, self->bias);
}

static void
linear_named_parameters (MlpModule *m, const char *prefix, MlpStateDict *out)
{
  Linear *self = (Linear *) m;

  add_param (out, prefix, "weight", self->weight);
  add_param (out, prefix, "bias", self->bias);
}

static void
linear_finalize (MlpModule *m)
{
  Linear *self = (Linear *) m;

  g_clear_pointer (&self->weight, mlp_tensor_unref);
  g_clear_pointer (&self->bias, mlp_tensor_unref);
}

static const MlpModuleClass linear_class = {
  "Linear", linear_forward, linear_named_parameters, NULL, linear_finalize,
};

MlpModule *
mlp_linear_new (gsize out_features, const MlpInit *init, MlpRng *rng)
{
  Linear *self;

  g_return_val_if_fail (out_features > 0 && init != NULL && rng != NULL, NULL);
  self = (Linear *) module_alloc (&linear_class, sizeof (Linear));
  self->out_features = out_features;
  self->init = *init;
  self->rng = rng;
  return &self->parent;
}

MlpTensor *
mlp_linear_get_weight (MlpModule *m)
{
  g_return_val_if_fail (m->klass == &linear_class, NULL);
  return ((Linear *) m)->weight;
}

MlpTensor *
mlp_linear_get_bias (MlpModule *m)
{
  g_return_val_if_fail (m->klass == &linear_class, NULL);
  return ((Linear *) m)->bias;
}

/* ------------------------------------------ parameter-free activations */

static MlpTensor *relu_forward (MlpModule *m, MlpTensor *x)    { return mlp_relu (x); }
static MlpTensor *sigmoid_forward (MlpModule *m, MlpTensor *x) { return mlp_sigmoid (x); }
static MlpTensor *tanh_forward (MlpModule *m, MlpTensor *x)    { return mlp_tanh (x); }
static MlpTensor *flatten_forward (MlpModule *m, MlpTensor *x) { return mlp_flatten (x); }

static const MlpModuleClass relu_class = { "ReLU", relu_forward, NULL, NULL, NULL };
static const MlpModuleClass sigmoid_class = { "Sigmoid", sigmoid_forward, NULL, NULL, NULL };
static const MlpModuleClass tanh_class = { "Tanh", tanh_forward, NULL, NULL, NULL };
static const MlpModuleClass flatten_class = { "Flatten", flatten_forward, NULL, NULL, NULL };

MlpModule *mlp_relu_module_new (void)    { return module_alloc (&relu_class, sizeof (MlpModule)); }
MlpModule *mlp_sigmoid_module_new (void) { return module_alloc (&sigmoid_class, sizeof (MlpModule)); }
MlpModule *mlp_tanh_module_new (void)    { return module_alloc (&tanh_class, sizeof (MlpModule)); }
MlpModule *mlp_flatten_module_new (void) { return module_alloc (&flatten_class, sizeof (MlpModule)); }

/* ------------------------------------------------------------------- PReLU */

typedef struct {
  MlpModule  parent;
  MlpTensor *weight;   /* (num_parameters) slopes for x ≤ 0 */
} PRelu;

static MlpTensor *
prelu_forward (MlpModule *m, MlpTensor *x)
{
  return mlp_prelu (x, ((PRelu *) m)->weight);
}

static void
prelu_named_parameters (MlpModule *m, const char *prefix, MlpStateDict *out)
{
  add_param (out, prefix, "weight", ((PRelu *) m)->weight);
}

static void
prelu_finalize (MlpModule *m)
{
  g_clear_pointer (&((PRelu *) m)->weight, mlp_tensor_unref);
}

static const MlpModuleClass prelu_class = {
  "PReLU", prelu_forward, prelu_named_parameters, NULL, prelu_finalize,
};

MlpModule *
mlp_prelu_module_new (gsize num_parameters, float init)
{
  PRelu *self;
  gsize shape[1] = { num_parameters };

  g_return_val_if_fail (num_parameters > 0, NULL);
  self = (PRelu *) module_alloc (&prelu_class, sizeof (PRelu));
  self->weight = mlp_tensor_new_full (1, shape, init);
  mlp_tensor_set_requires_grad (self->weight, TRUE);
  return &self->parent;
}

/* ----------------------------------------------------------------- Dropout */

typedef struct {
  MlpModule  parent;
  float      p;
  MlpRng    *rng;   /* borrowed */
} Dropout;

static MlpTensor *
dropout_forward (MlpModule *m, MlpTensor *x)
{
  Dropout *self = (Dropout *) m;

  if (!m->training)
    return mlp_tensor_ref (x);
  return mlp_dropout (x, self->p, self->rng);
}

static const MlpModuleClass dropout_class = { "Dropout", dropout_forward, NULL, NULL, NULL };

MlpModule *
mlp_dropout_module_new (float p, MlpRng *rng)
{
  Dropout *self;

  g_return_val_if_fail (p >= 0.0f && p <= 1.0f && rng != NULL, NULL);
  self = (Dropout *) module_alloc (&dropout_class, sizeof (Dropout));
  self->p = p;
  self->rng = rng;
  return &self->parent;
}

/* -------------------------------------------------------------- Sequential */

typedef struct {
  MlpModule  parent;
  GPtrArray *children;   /* MlpModule *, owned */
} Sequential;

static MlpTensor *
sequential_forward (MlpModule *m, MlpTensor *x)
{
  Sequential *self = (Sequential *) m;
  MlpTensor *h = mlp_tensor_ref (x);

  for (guint i = 0; i < self->children->len && h != NULL; i++)
    {
      MlpTensor *next = mlp_module_forward (self->children->pdata[i], h);

      mlp_tensor_unref (h);
      h = next;
    }
  return h;
}

static void
sequential_named_parameters (MlpModule *m, const char *prefix, MlpStateDict *out)
{
  Sequential *self = (Sequential *) m;

  for (guint i = 0; i < self->children->len; i++)
    {
      MlpModule *child = self->children->pdata[i];
      g_autofree char *p = g_strdup_printf ("%s%u.", prefix, i);

      if (child->klass->named_parameters != NULL)
        child->klass->named_parameters (child, p, out);
    }
}

static void
sequential_set_training (MlpModule *m, gboolean training)
{
  Sequential *self = (Sequential *) m;

  for (guint i = 0; i < self->children->len; i++)
    mlp_module_set_training (self->children->pdata[i], training);
}

static void
sequential_finalize (MlpModule *m)
{
  g_ptr_array_unref (((Sequential *) m)->children);
}

static const MlpModuleClass sequential_class = {
  "Sequential", sequential_forward, sequential_named_parameters,
  sequential_set_training, sequential_finalize,
};

MlpModule *
mlp_sequential_new (void)
{
  Sequential *self = (Sequential *) module_alloc (&sequential_class, sizeof (Sequential));

  self->children = g_ptr_array_new_with_free_func ((GDestroyNotify) mlp_module_free);
  return &self->parent;
}

void
mlp_sequential_append (MlpModule *seq, MlpModule *child)
{
  g_return_if_fail (seq->klass == &sequential_class && child != NULL);
  mlp_module_set_training (child, seq->training);
  g_ptr_array_add (((Sequential *) seq)->children, child);
}

guint
mlp_sequential_len (MlpModule *seq)
{
  g_return_val_if_fail (seq->klass == &sequential_class, 0);
  return ((Sequential *) seq)->children->len;
}

MlpModule *
mlp_sequential_get (MlpModule *seq, guint i)
{
  g_return_val_if_fail (seq->klass == &sequential_class, NULL);
  g_return_val_if_fail (i < ((Sequential *) seq)->children->len, NULL);
  return ((Sequential *) seq)->children->pdata[i];
}
