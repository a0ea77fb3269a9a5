/* mlp-models.c — MLPScratch, MLP, DropoutMLPScratch and DropoutMLP, and the
 * softmax regression of the chapter before (one Linear, no hidden layer).
 *
 * The scratch models keep the notebook's raw tensors and hand-written
 * functions; the concise ones are Sequentials of modules.  Two random streams
 * come from the seed: one draws the initial weights, the other the dropout
 * masks, so changing the dropout rate never changes the initial weights.
 */
#include "mlp-models.h"

#include <math.h>
#include <string.h>

#include "mlp-error.h"
#include "mlp-ops.h"

struct _MlpModel {
  MlpModelConfig  config;
  MlpRng          init_rng;       /* initial weights (lazy layers draw at materialisation) */
  MlpRng          dropout_rng;    /* dropout masks */
  gboolean        training;
  /* concise kinds */
  MlpModule      *net;            /* the Sequential */
  /* scratch kinds */
  GPtrArray      *layers;         /* dropout-scratch: lin1 … (MlpModule *) */
  GPtrArray      *weights;        /* mlp-scratch: W1, W2, … (MlpTensor *) */
  GPtrArray      *biases;         /* mlp-scratch: b1, b2, … */
  GPtrArray      *slopes;         /* mlp-scratch with PReLU: a1, a2, … (MlpTensor *) */
  GPtrArray      *activations;    /* dropout-scratch: one module per hidden layer */
};

static const char *const kind_names[] = { "mlp-scratch", "mlp", "dropout-scratch", "dropout", "softmax" };
static const char *const activation_names[] = { "relu", "prelu", "sigmoid", "tanh" };

/* *out = the index of s in names[0..n); else an error "unknown <what> 's'
 * (expected a, b or c)" */
static gboolean
lookup_name (const char *const *names, guint n, const char *what, const char *s,
             guint *out, GError **error)
{
  g_autoptr(GString) expected = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (s, names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  for (guint i = 0; i < n; i++)
    g_string_append_printf (expected, "%s%s", i == 0 ? "" : i + 1 < n ? ", " : " or ", names[i]);
  g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
               "unknown %s '%s' (expected %s)", what, s, expected->str);
  return FALSE;
}

const char *
mlp_model_kind_to_string (MlpModelKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
mlp_model_kind_from_string (const char *s, MlpModelKind *out, GError **error)
{
  guint i;

  if (!lookup_name (kind_names, G_N_ELEMENTS (kind_names), "model", s, &i, error))
    return FALSE;
  *out = (MlpModelKind) i;
  return TRUE;
}

const char *
mlp_activation_to_string (MlpActivation a)
{
  g_return_val_if_fail (a < G_N_ELEMENTS (activation_names), NULL);
  return activation_names[a];
}

gboolean
mlp_activation_from_string (const char *s, MlpActivation *out, GError **error)
{
  guint i;

  if (!lookup_name (activation_names, G_N_ELEMENTS (activation_names), "activation", s, &i, error))
    return FALSE;
  *out = (MlpActivation) i;
  return TRUE;
}

gboolean
mlp_model_kind_has_dropout (MlpModelKind kind)
{
  return kind == MLP_MODEL_DROPOUT_SCRATCH || kind == MLP_MODEL_DROPOUT;
}

void
mlp_model_config_init (MlpModelConfig *config, MlpModelKind kind)
{
  memset (config, 0, sizeof *config);
  config->kind = kind;
  config->num_inputs = 784;
  config->num_outputs = 10;
  config->activation = MLP_ACTIVATION_RELU;
  config->prelu_init = 0.25f;
  config->seed = 0;
  if (mlp_model_kind_has_dropout (kind))
    {
      /* hparams = {'num_hiddens_1': 256, 'num_hiddens_2': 256, 'dropout_1': 0.5, 'dropout_2': 0.5} */
      config->n_hidden = 2;
      config->hiddens[0] = config->hiddens[1] = 256;
      config->dropouts[0] = config->dropouts[1] = 0.5f;
    }
  else if (kind == MLP_MODEL_SOFTMAX)
    config->n_hidden = 0;
  else
    {
      config->n_hidden = 1;
      config->hiddens[0] = 256;
    }
  config->init.kind = kind == MLP_MODEL_MLP_SCRATCH ? MLP_INIT_NORMAL : MLP_INIT_TORCH_DEFAULT;
  config->init.value = kind == MLP_MODEL_MLP_SCRATCH ? 0.01f : 0.0f;
}

/* "64 bytes", "99.4 KiB", "2.0 GiB": g_format_size() puts a no-break
 * space there, which a terminal in the C locale shows as '?' */
static char *
format_bytes (guint64 bytes)
{
  static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
  double v = (double) bytes;
  guint u = 0;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (bytes < 1024)
    return g_strdup_printf ("%" G_GUINT64_FORMAT " bytes", bytes);
  for (v /= 1024; v >= 1024 && u + 1 < G_N_ELEMENTS (units); u++)
    v /= 1024;
  return g_strdup_printf ("%s %s", g_ascii_formatd (buf, sizeof buf, "%.1f", v), units[u]);
}

/* the parameters within c's budget (checked last: it needs valid sizes) */
static gboolean
check_budget (const MlpModelConfig *c, GError **error)
{
  guint64 budget = c->max_param_bytes ? c->max_param_bytes : MLP_MODEL_MAX_PARAM_BYTES;
  guint64 n = mlp_model_config_count_parameters (c);
  g_autofree char *size = NULL, *limit = NULL;

  if (n <= budget / sizeof (float))
    return TRUE;
  size = format_bytes (n > G_MAXUINT64 / sizeof (float) ? G_MAXUINT64 : n * sizeof (float));
  limit = format_bytes (budget);
  g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
               "the model would have %" G_GUINT64_FORMAT " parameters (%s of float32), over "
               "its budget of %s; use smaller hidden layers or raise the budget",
               n, size, limit);
  return FALSE;
}

gboolean
mlp_model_config_validate (const MlpModelConfig *c, GError **error)
{
  if (c->kind > MLP_MODEL_SOFTMAX)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT, "unknown model kind %d", c->kind);
      return FALSE;
    }
  if (c->num_inputs < 1 || c->num_inputs > 1 << 20 || c->num_outputs < 2 || c->num_outputs > 255)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "the model needs 1 … 1048576 inputs and 2 … 255 outputs");
      return FALSE;
    }
  if (c->kind == MLP_MODEL_SOFTMAX && c->n_hidden != 0)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "softmax regression has no hidden layer; use mlp for %u hidden layer%s",
                   c->n_hidden, c->n_hidden == 1 ? "" : "s");
      return FALSE;
    }
  if (c->kind != MLP_MODEL_SOFTMAX && c->n_hidden == 0)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "model %s needs a hidden layer; without one it is softmax regression (softmax)",
                   mlp_model_kind_to_string (c->kind));
      return FALSE;
    }
  if (c->kind != MLP_MODEL_SOFTMAX && c->n_hidden > MLP_MAX_HIDDEN)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "the model needs 1 … %d hidden layers, not %u", MLP_MAX_HIDDEN, c->n_hidden);
      return FALSE;
    }
  for (guint i = 0; i < c->n_hidden; i++)
    {
      if (c->hiddens[i] < 1 || c->hiddens[i] > 16384)
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                       "hidden layer %u has %" G_GSIZE_FORMAT " units; use 1 … 16384",
                       i + 1, c->hiddens[i]);
          return FALSE;
        }
      if (!(c->dropouts[i] >= 0.0f && c->dropouts[i] <= 1.0f))
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                       "dropout %g of hidden layer %u is not a probability in [0, 1]",
                       c->dropouts[i], i + 1);
          return FALSE;
        }
      if (c->dropouts[i] != 0.0f && !mlp_model_kind_has_dropout (c->kind))
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                       "model %s has no dropout; use dropout-scratch or dropout",
                       mlp_model_kind_to_string (c->kind));
          return FALSE;
        }
    }
  if (c->activation > MLP_ACTIVATION_TANH || !isfinite (c->prelu_init))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT, "invalid activation settings");
      return FALSE;
    }
  return check_budget (c, error);
}

char *
mlp_model_config_hiddens_to_string (const MlpModelConfig *c, const char *separator)
{
  GString *s = g_string_new (NULL);

  for (guint l = 0; l < c->n_hidden && l < MLP_MAX_HIDDEN; l++)
    g_string_append_printf (s, "%s%" G_GSIZE_FORMAT, l ? separator : "", c->hiddens[l]);
  return g_string_free (s, FALSE);
}

/* how many slopes hidden layer l's PReLU has: 1, or one per unit */
static gsize
prelu_slopes (const MlpModelConfig *c, guint l)
{
  return c->prelu_per_channel ? c->hiddens[l] : 1;
}

/* a (rows, cols) or, with cols 0, a (rows) parameter named by format */
G_GNUC_PRINTF (4, 5)
static void
add_spec (GArray *specs, gsize rows, gsize cols, const char *format, ...)
{
  MlpParameterSpec spec = { .ndim = cols ? 2 : 1, .shape = { rows, cols } };
  va_list args;

  va_start (args, format);
  g_vsnprintf (spec.name, sizeof spec.name, format, args);
  va_end (args);
  g_array_append_val (specs, spec);
}

GArray *
mlp_model_config_parameter_specs (const MlpModelConfig *c)
{
  GArray *specs = g_array_new (FALSE, TRUE, sizeof (MlpParameterSpec));
  gsize fan_in = c->num_inputs;
  guint module = 1;   /* concise kinds: net.0 is the Flatten */

  g_return_val_if_fail (c->n_hidden <= MLP_MAX_HIDDEN, specs);
  for (guint l = 0; l <= c->n_hidden; l++)
    {
      gboolean hidden = l < c->n_hidden;
      gboolean prelu = hidden && c->activation == MLP_ACTIVATION_PRELU;
      gsize fan_out = hidden ? c->hiddens[l] : c->num_outputs;

      switch (c->kind)
        {
        case MLP_MODEL_MLP_SCRATCH:       /* W1 (in, out), b1 (out), a1 (1 or out) */
          add_spec (specs, fan_in, fan_out, "W%u", l + 1);
          add_spec (specs, fan_out, 0, "b%u", l + 1);
          if (prelu)
            add_spec (specs, prelu_slopes (c, l), 0, "a%u", l + 1);
          break;
        case MLP_MODEL_DROPOUT_SCRATCH:   /* lin1.weight (out, in), lin1.bias, act1.weight */
          add_spec (specs, fan_out, fan_in, "lin%u.weight", l + 1);
          add_spec (specs, fan_out, 0, "lin%u.bias", l + 1);
          if (prelu)
            add_spec (specs, prelu_slopes (c, l), 0, "act%u.weight", l + 1);
          break;
        default:                          /* Linear, activation[, Dropout] per layer */
          add_spec (specs, fan_out, fan_in, "net.%u.weight", module);
          add_spec (specs, fan_out, 0, "net.%u.bias", module);
          if (prelu)
            add_spec (specs, prelu_slopes (c, l), 0, "net.%u.weight", module + 1);
          module += !hidden ? 1 : c->kind == MLP_MODEL_DROPOUT ? 3 : 2;
        }
      fan_in = fan_out;
    }
  return specs;
}

guint64
mlp_model_config_count_parameters (const MlpModelConfig *c)
{
  g_autoptr(GArray) specs = mlp_model_config_parameter_specs (c);
  guint64 total = 0;

  for (guint i = 0; i < specs->len; i++)
    {
      const MlpParameterSpec *spec = &g_array_index (specs, MlpParameterSpec, i);
      guint64 n = spec->shape[0];

      if ((spec->ndim == 2 && !g_uint64_checked_mul (&n, n, spec->shape[1])) ||
          !g_uint64_checked_add (&total, total, n))
        return G_MAXUINT64;
    }
  return total;
}

/* hidden layer l's activation module */
static MlpModule *
activation_module_new (const MlpModelConfig *c, guint l)
{
  switch (c->activation)
    {
    case MLP_ACTIVATION_RELU: return mlp_relu_module_new ();
    case MLP_ACTIVATION_PRELU: return mlp_prelu_module_new (prelu_slopes (c, l), c->prelu_init);
    case MLP_ACTIVATION_SIGMOID: return mlp_sigmoid_module_new ();
    case MLP_ACTIVATION_TANH: return mlp_tanh_module_new ();
    default: g_return_val_if_reached (NULL);
    }
}

/* the notebook's hand-written relu: a = zeros_like(X); max(X, a) */
static MlpTensor *
relu_scratch (MlpTensor *X)
{
  g_autoptr(MlpTensor) a = mlp_tensor_new_like (X);

  return mlp_maximum (X, a);
}

MlpTensor *
mlp_dropout_layer (MlpTensor *X, float p, MlpRng *rng)
{
  g_autoptr(MlpTensor) u = NULL;
  g_autoptr(MlpTensor) mask = NULL;
  g_autoptr(MlpTensor) kept = NULL;

  g_return_val_if_fail (p >= 0.0f && p <= 1.0f, NULL);
  if (p == 1.0f)
    return mlp_tensor_new_like (X);
  u = mlp_tensor_new_like (X);
  mlp_rng_fill_uniform (rng, u->data, u->numel, 0.0f, 1.0f);
  mask = mlp_gt_scalar (u, p);
  kept = mlp_mul (mask, X);
  return mlp_div_scalar (kept, 1.0f - p);
}

static MlpTensor *
new_param (gsize rows, gsize cols, const char *name)
{
  MlpTensor *t = cols ? mlp_tensor_new_2d (rows, cols) : mlp_tensor_new_1d (rows);

  mlp_tensor_set_name (t, name);
  mlp_tensor_set_requires_grad (t, TRUE);
  return t;
}

static void
build_mlp_scratch (MlpModel *self)
{
  const MlpModelConfig *c = &self->config;
  gsize fan_in = c->num_inputs;

  self->weights = g_ptr_array_new_with_free_func ((GDestroyNotify) mlp_tensor_unref);
  self->biases = g_ptr_array_new_with_free_func ((GDestroyNotify) mlp_tensor_unref);
  self->slopes = g_ptr_array_new_with_free_func ((GDestroyNotify) mlp_tensor_unref);
  /* self.W1 = nn.Parameter(torch.randn(num_inputs, num_hiddens) * sigma), … */
  for (guint l = 0; l <= c->n_hidden; l++)
    {
      gsize fan_out = l < c->n_hidden ? c->hiddens[l] : c->num_outputs;
      g_autofree char *wn = g_strdup_printf ("W%u", l + 1);
      g_autofree char *bn = g_strdup_printf ("b%u", l + 1);
      MlpTensor *W = new_param (fan_in, fan_out, wn);
      MlpTensor *b = new_param (fan_out, 0, bn);

      mlp_init_weight (&c->init, W->data, W->numel, fan_in, fan_out, &self->init_rng);
      mlp_init_bias (&c->init, b->data, b->numel, fan_in, &self->init_rng);
      g_ptr_array_add (self->weights, W);
      g_ptr_array_add (self->biases, b);
      if (l < c->n_hidden && c->activation == MLP_ACTIVATION_PRELU)
        {
          g_autofree char *an = g_strdup_printf ("a%u", l + 1);
          MlpTensor *a = new_param (prelu_slopes (c, l), 0, an);

          for (gsize k = 0; k < a->numel; k++)
            a->data[k] = c->prelu_init;
          g_ptr_array_add (self->slopes, a);
        }
      fan_in = fan_out;
    }
}

static MlpTensor *
scratch_activation (MlpModel *self, guint layer, MlpTensor *X)
{
  switch (self->config.activation)
    {
    case MLP_ACTIVATION_RELU: return relu_scratch (X);
    case MLP_ACTIVATION_PRELU: return mlp_prelu (X, self->slopes->pdata[layer]);
    case MLP_ACTIVATION_SIGMOID: return mlp_sigmoid (X);
    case MLP_ACTIVATION_TANH: return mlp_tanh (X);
    default: g_return_val_if_reached (NULL);
    }
}

/* X = X.reshape((-1, num_inputs)); H = relu(X @ W1 + b1); return H @ W2 + b2,
 * or only the first n_layers of the layers (mlp_model_hidden_output) */
static MlpTensor *
mlp_scratch_forward (MlpModel *self, MlpTensor *X, guint n_layers)
{
  gssize shape[2] = { -1, (gssize) self->config.num_inputs };
  MlpTensor *H = mlp_reshape (X, 2, shape);

  for (guint l = 0; l < n_layers && l < self->weights->len; l++)
    {
      g_autoptr(MlpTensor) XW = mlp_matmul (H, self->weights->pdata[l]);
      g_autoptr(MlpTensor) Z = mlp_add (XW, self->biases->pdata[l]);

      mlp_tensor_unref (H);
      H = l + 1 < self->weights->len ? scratch_activation (self, l, Z) : mlp_tensor_ref (Z);
    }
  return H;
}

static void
build_dropout_scratch (MlpModel *self)
{
  const MlpModelConfig *c = &self->config;

  self->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) mlp_module_free);
  self->activations = g_ptr_array_new_with_free_func ((GDestroyNotify) mlp_module_free);
  for (guint l = 0; l <= c->n_hidden; l++)
    {
      gsize out = l < c->n_hidden ? c->hiddens[l] : c->num_outputs;

      g_ptr_array_add (self->layers, mlp_linear_new (out, &c->init, &self->init_rng));
      if (l < c->n_hidden)
        g_ptr_array_add (self->activations, activation_module_new (c, l));
    }
}

/* H1 = relu(lin1(X.reshape((X.shape[0], -1))));
 * if training: H1 = dropout_layer(H1, dropout_1); …; return lin3(H2) */
static MlpTensor *
dropout_scratch_forward (MlpModel *self, MlpTensor *X)
{
  MlpTensor *H = mlp_flatten (X);

  for (guint l = 0; l < self->layers->len; l++)
    {
      MlpTensor *Z = mlp_module_forward (self->layers->pdata[l], H);

      mlp_tensor_unref (H);
      H = Z;
      if (l + 1 < self->layers->len)
        {
          MlpTensor *A = mlp_module_forward (self->activations->pdata[l], H);

          mlp_tensor_unref (H);
          H = A;
          if (self->training)
            {
              MlpTensor *D = mlp_dropout_layer (H, self->config.dropouts[l], &self->dropout_rng);

              mlp_tensor_unref (H);
              H = D;
            }
        }
    }
  return H;
}

static void
build_concise (MlpModel *self)
{
  const MlpModelConfig *c = &self->config;
  gboolean dropout = c->kind == MLP_MODEL_DROPOUT;

  self->net = mlp_sequential_new ();
  mlp_sequential_append (self->net, mlp_flatten_module_new ());
  for (guint l = 0; l < c->n_hidden; l++)
    {
      mlp_sequential_append (self->net, mlp_linear_new (c->hiddens[l], &c->init, &self->init_rng));
      mlp_sequential_append (self->net, activation_module_new (c, l));
      if (dropout)
        mlp_sequential_append (self->net, mlp_dropout_module_new (c->dropouts[l], &self->dropout_rng));
    }
  mlp_sequential_append (self->net, mlp_linear_new (c->num_outputs, &c->init, &self->init_rng));
}

MlpModel *
mlp_model_new (const MlpModelConfig *config, GError **error)
{
  MlpModel *self;

  if (!mlp_model_config_validate (config, error))
    return NULL;

  self = g_new0 (MlpModel, 1);
  self->config = *config;
  self->training = TRUE;
  mlp_rng_init (&self->init_rng, config->seed);
  mlp_rng_init (&self->dropout_rng, config->seed ^ 0xd509a7c3e1f24b6dULL);

  switch (config->kind)
    {
    case MLP_MODEL_MLP_SCRATCH:
      build_mlp_scratch (self);
      break;
    case MLP_MODEL_DROPOUT_SCRATCH:
      build_dropout_scratch (self);
      break;
    case MLP_MODEL_MLP:
    case MLP_MODEL_DROPOUT:
    case MLP_MODEL_SOFTMAX:
      build_concise (self);
      break;
    default:
      g_assert_not_reached ();
    }

  if (config->kind != MLP_MODEL_MLP_SCRATCH)
    {
      /* materialise the lazy layers with a dummy batch, as d2l's apply_init */
      g_autoptr(MlpTensor) dummy = mlp_tensor_new_2d (1, config->num_inputs);
      g_autoptr(MlpTensor) out = NULL;

      mlp_no_grad_begin ();
      mlp_model_set_training (self, FALSE);
      out = mlp_model_forward (self, dummy);
      mlp_model_set_training (self, TRUE);
      mlp_no_grad_end ();
    }
  return self;
}

void
mlp_model_free (MlpModel *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->net, mlp_module_free);
  g_clear_pointer (&self->layers, g_ptr_array_unref);
  g_clear_pointer (&self->weights, g_ptr_array_unref);
  g_clear_pointer (&self->biases, g_ptr_array_unref);
  g_clear_pointer (&self->slopes, g_ptr_array_unref);
  g_clear_pointer (&self->activations, g_ptr_array_unref);
  g_free (self);
}

const MlpModelConfig *
mlp_model_get_config (MlpModel *self)
{
  return &self->config;
}

MlpTensor *
mlp_model_forward (MlpModel *self, MlpTensor *X)
{
  g_return_val_if_fail (self != NULL && X != NULL, NULL);
  g_return_val_if_fail (X->numel == mlp_tensor_rows (X) * self->config.num_inputs, NULL);

  switch (self->config.kind)
    {
    case MLP_MODEL_MLP_SCRATCH:
      return mlp_scratch_forward (self, X, self->weights->len);
    case MLP_MODEL_DROPOUT_SCRATCH:
      return dropout_scratch_forward (self, X);
    case MLP_MODEL_MLP:
    case MLP_MODEL_DROPOUT:
    case MLP_MODEL_SOFTMAX:
      return mlp_module_forward (self->net, X);
    default:
      g_return_val_if_reached (NULL);
    }
}

void
mlp_model_set_training (MlpModel *self, gboolean training)
{
  self->training = training;
  if (self->net != NULL)
    mlp_module_set_training (self->net, training);
  if (self->layers != NULL)
    for (guint i = 0; i < self->layers->len; i++)
      mlp_module_set_training (self->layers->pdata[i], training);
}

gboolean
mlp_model_get_training (MlpModel *self)
{
  return self->training;
}

/* MLPScratch's attributes: W1, b1[, a1], W2, b2, … */
static void
mlp_scratch_parameters (MlpModel *self, MlpStateDict *sd)
{
  for (guint l = 0; l < self->weights->len; l++)
    {
      MlpTensor *W = self->weights->pdata[l], *b = self->biases->pdata[l];

      mlp_state_dict_add (sd, W->name, W);
      mlp_state_dict_add (sd, b->name, b);
      if (l < self->slopes->len)
        {
          MlpTensor *a = self->slopes->pdata[l];

          mlp_state_dict_add (sd, a->name, a);
        }
    }
}

/* DropoutMLPScratch's modules: lin1.weight, lin1.bias[, act1.weight], lin2… */
static void
dropout_scratch_parameters (MlpModel *self, MlpStateDict *sd)
{
  for (guint l = 0; l < self->layers->len; l++)
    {
      g_autofree char *lin = g_strdup_printf ("lin%u.", l + 1);
      g_autoptr(MlpStateDict) part = mlp_module_named_parameters (self->layers->pdata[l], lin);

      mlp_state_dict_update (sd, part);
      if (l < self->activations->len)
        {
          g_autofree char *act = g_strdup_printf ("act%u.", l + 1);
          g_autoptr(MlpStateDict) apart = mlp_module_named_parameters (self->activations->pdata[l], act);

          mlp_state_dict_update (sd, apart);
        }
    }
}

MlpStateDict *
mlp_model_parameters (MlpModel *self)
{
  MlpStateDict *sd;

  /* mlp_model_new() refuses any other kind, and the config is ours: a model
   * of another kind cannot exist, so there is no NULL to hand out */
  switch (self->config.kind)
    {
    case MLP_MODEL_MLP_SCRATCH:
      sd = mlp_state_dict_new ();
      mlp_scratch_parameters (self, sd);
      return sd;
    case MLP_MODEL_DROPOUT_SCRATCH:
      sd = mlp_state_dict_new ();
      dropout_scratch_parameters (self, sd);
      return sd;
    case MLP_MODEL_MLP:
    case MLP_MODEL_DROPOUT:
    case MLP_MODEL_SOFTMAX:
      return mlp_module_named_parameters (self->net, "net.");
    default:
      g_assert_not_reached ();
    }
}

gsize
mlp_model_count_parameters (MlpModel *self)
{
  g_autoptr(MlpStateDict) sd = mlp_model_parameters (self);
  gsize n = 0;

  for (guint i = 0; i < sd->tensors->len; i++)
    n += ((MlpTensor *) sd->tensors->pdata[i])->numel;
  return n;
}

gsize
mlp_model_count_nonfinite (MlpModel *self)
{
  g_autoptr(MlpStateDict) sd = mlp_model_parameters (self);
  gsize n = 0;

  for (guint i = 0; i < sd->tensors->len; i++)
    {
      const MlpTensor *t = sd->tensors->pdata[i];

      for (gsize k = 0; k < t->numel; k++)
        n += !isfinite (t->data[k]);
    }
  return n;
}

MlpTensor *
mlp_model_first_layer_weights (MlpModel *self)
{
  MlpTensor *W, *out;

  if (self->config.kind != MLP_MODEL_MLP_SCRATCH)
    {
      g_autoptr(MlpStateDict) sd = mlp_model_parameters (self);
      return mlp_tensor_copy (sd->tensors->pdata[0]);
    }
  /* W1 is (inputs, hidden): transpose to one row per hidden unit */
  W = self->weights->pdata[0];
  out = mlp_tensor_new_2d (W->shape[1], W->shape[0]);
  for (gsize i = 0; i < W->shape[0]; i++)
    for (gsize j = 0; j < W->shape[1]; j++)
      out->data[j * W->shape[0] + i] = W->data[i * W->shape[1] + j];
  return out;
}

gboolean
mlp_model_load_state (MlpModel *self, MlpStateDict *sd, GError **error)
{
  g_autoptr(MlpStateDict) params = mlp_model_parameters (self);

  /* check everything first so that a bad file leaves the model untouched */
  for (guint i = 0; i < params->names->len; i++)
    {
      const char *name = params->names->pdata[i];
      MlpTensor *dst = params->tensors->pdata[i];
      MlpTensor *src = mlp_state_dict_lookup (sd, name);

      if (src == NULL)
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                       "the checkpoint has no parameter '%s' (is it from another model?)", name);
          return FALSE;
        }
      if (!mlp_tensor_same_shape (src, dst))
        {
          g_autofree char *ss = mlp_tensor_shape_string (src);
          g_autofree char *ds = mlp_tensor_shape_string (dst);

          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                       "parameter '%s' has shape %s in the checkpoint but %s in the model",
                       name, ss, ds);
          return FALSE;
        }
    }
  if (sd->names->len != params->names->len)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "the checkpoint has %u tensors but the model has %u parameters",
                   sd->names->len, params->names->len);
      return FALSE;
    }
  for (guint i = 0; i < params->names->len; i++)
    {
      MlpTensor *dst = params->tensors->pdata[i];
      MlpTensor *src = mlp_state_dict_lookup (sd, params->names->pdata[i]);

      memcpy (dst->data, src->data, dst->numel * sizeof (float));
    }
  return TRUE;
}

/* layer l's weight as (out, in), bias and PReLU slope (or NULL) of any kind */
static void
layer_params (MlpModel *self, MlpStateDict *sd, guint l, MlpTensor **w, gboolean *transposed,
              MlpTensor **b, MlpTensor **a)
{
  g_autofree char *wn = NULL, *bn = NULL, *an = NULL;
  guint linear_index;

  switch (self->config.kind)
    {
    case MLP_MODEL_MLP_SCRATCH:
      wn = g_strdup_printf ("W%u", l + 1);
      bn = g_strdup_printf ("b%u", l + 1);
      an = g_strdup_printf ("a%u", l + 1);
      *transposed = TRUE;   /* stored (in, out) */
      break;
    case MLP_MODEL_DROPOUT_SCRATCH:
      wn = g_strdup_printf ("lin%u.weight", l + 1);
      bn = g_strdup_printf ("lin%u.bias", l + 1);
      an = g_strdup_printf ("act%u.weight", l + 1);
      *transposed = FALSE;
      break;
    default:
      /* Sequential: Flatten, then (Linear, activation[, Dropout]) per hidden layer */
      linear_index = 1 + l * (self->config.kind == MLP_MODEL_DROPOUT ? 3 : 2);
      wn = g_strdup_printf ("net.%u.weight", linear_index);
      bn = g_strdup_printf ("net.%u.bias", linear_index);
      an = g_strdup_printf ("net.%u.weight", linear_index + 1);
      *transposed = FALSE;
      break;
    }
  *w = mlp_state_dict_lookup (sd, wn);
  *b = mlp_state_dict_lookup (sd, bn);
  *a = l < self->config.n_hidden ? mlp_state_dict_lookup (sd, an) : NULL;
}

MlpTensor *
mlp_model_get_prelu_slopes (MlpModel *self, guint layer)
{
  g_autoptr(MlpStateDict) sd = NULL;
  MlpTensor *w, *b, *a;
  gboolean transposed;

  g_return_val_if_fail (self != NULL, NULL);
  if (self->config.activation != MLP_ACTIVATION_PRELU || layer >= self->config.n_hidden)
    return NULL;
  sd = mlp_model_parameters (self);
  layer_params (self, sd, layer, &w, &transposed, &b, &a);
  /* the model's own parameter outlives the state dict's reference */
  return a;
}

gboolean
mlp_model_copy_parameters (MlpModel *dst, MlpModel *src, GError **error)
{
  const MlpModelConfig *d = &dst->config, *s = &src->config;
  g_autoptr(MlpStateDict) dsd = mlp_model_parameters (dst);
  g_autoptr(MlpStateDict) ssd = mlp_model_parameters (src);

  if (d->n_hidden != s->n_hidden || d->num_inputs != s->num_inputs ||
      d->num_outputs != s->num_outputs || d->activation != s->activation ||
      (d->activation == MLP_ACTIVATION_PRELU && d->prelu_per_channel != s->prelu_per_channel) ||
      memcmp (d->hiddens, s->hiddens, d->n_hidden * sizeof (gsize)) != 0)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "%s and %s are not the same network (layers or activation differ)",
                   mlp_model_kind_to_string (d->kind), mlp_model_kind_to_string (s->kind));
      return FALSE;
    }
  for (guint l = 0; l <= d->n_hidden; l++)
    {
      MlpTensor *dw, *db, *da, *sw, *sb, *sa;
      gboolean dt, st;
      gsize out, in;

      layer_params (dst, dsd, l, &dw, &dt, &db, &da);
      layer_params (src, ssd, l, &sw, &st, &sb, &sa);
      g_return_val_if_fail (dw && db && sw && sb && dw->numel == sw->numel, FALSE);
      out = db->numel;
      in = dw->numel / out;
      for (gsize o = 0; o < out; o++)
        for (gsize i = 0; i < in; i++)
          dw->data[dt ? i * out + o : o * in + i] = sw->data[st ? i * out + o : o * in + i];
      memcpy (db->data, sb->data, out * sizeof (float));
      if (da != NULL && sa != NULL && da->numel == sa->numel)
        memcpy (da->data, sa->data, da->numel * sizeof (float));
    }
  return TRUE;
}

double
mlp_model_hidden_unit_spread (MlpModel *model)
{
  g_autoptr(MlpTensor) w = mlp_model_first_layer_weights (model);   /* (hidden, inputs) */
  gsize units = w->shape[0], inputs = w->shape[1];
  double spread = 0;

  for (gsize u = 1; u < units; u++)
    for (gsize i = 0; i < inputs; i++)
      spread = MAX (spread, fabs ((double) w->data[u * inputs + i] - w->data[i]));
  return spread;
}

MlpTensor *
mlp_model_hidden_output (MlpModel *model, MlpTensor *X, guint layer, GError **error)
{
  const MlpModelConfig *c = &model->config;
  gboolean was_training = model->training;
  MlpTensor *H = NULL;

  g_return_val_if_fail (X != NULL && X->numel == mlp_tensor_rows (X) * c->num_inputs, NULL);
  if (layer >= c->n_hidden || c->kind == MLP_MODEL_DROPOUT_SCRATCH || c->kind == MLP_MODEL_SOFTMAX)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "model %s has no hidden layer %u to read (it has %u; mlp, mlp-scratch and "
                   "dropout can be read)", mlp_model_kind_to_string (c->kind), layer + 1, c->n_hidden);
      return NULL;
    }
  mlp_no_grad_begin ();
  mlp_model_set_training (model, FALSE);
  if (c->kind == MLP_MODEL_MLP_SCRATCH)
    H = mlp_scratch_forward (model, X, layer + 1);
  else
    {
      /* Sequential: Flatten, then (Linear, activation[, Dropout]) per hidden
       * layer; up to and including layer's activation */
      guint last = 2 + layer * (c->kind == MLP_MODEL_DROPOUT ? 3 : 2);

      H = mlp_tensor_ref (X);
      for (guint i = 0; i <= last; i++)
        {
          MlpTensor *next = mlp_module_forward (mlp_sequential_get (model->net, i), H);

          mlp_tensor_unref (H);
          H = next;
        }
    }
  mlp_model_set_training (model, was_training);
  mlp_no_grad_end ();
  return H;
}
