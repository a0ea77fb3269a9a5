/* mlp-checkpoint.c — see mlp-checkpoint.h.
 *
 * Loading goes in the order that keeps a lying file cheap: the safetensors
 * header alone (mlp-safetensors-read.c), the metadata within bounds, the
 * shapes the metadata imply against the tensors the header lists (so the
 * model can be no larger than the file), the budget, and only then the
 * model and its parameters.
 */
#include "mlp-checkpoint.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mlp-error.h"
#include "mlp-safetensors.h"
#include "mlp-safetensors-private.h"

static void
put (MlpStateDict *sd, const char *key, char *value)
{
  g_hash_table_insert (sd->metadata, g_strdup (key), value);
}

gboolean
mlp_checkpoint_save_full (const char *path, MlpModel *model, const MlpTrainConfig *train,
                          const MlpCheckpointProgress *progress, GError **error)
{
  const MlpModelConfig *mc = mlp_model_get_config (model);
  g_autoptr(MlpStateDict) sd = mlp_model_parameters (model);
  g_autoptr(GString) dropouts = g_string_new (NULL);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < mc->n_hidden; i++)
    g_string_append_printf (dropouts, "%s%s", i ? "," : "",
                            g_ascii_formatd (buf, sizeof buf, "%g", mc->dropouts[i]));
  put (sd, "format", g_strdup ("pt"));
  put (sd, "mlplab.model", g_strdup (mlp_model_kind_to_string (mc->kind)));
  put (sd, "mlplab.inputs", g_strdup_printf ("%" G_GSIZE_FORMAT, mc->num_inputs));
  put (sd, "mlplab.outputs", g_strdup_printf ("%" G_GSIZE_FORMAT, mc->num_outputs));
  put (sd, "mlplab.hiddens", mlp_model_config_hiddens_to_string (mc, ","));
  put (sd, "mlplab.dropout", g_strdup (dropouts->str));
  put (sd, "mlplab.activation", g_strdup (mlp_activation_to_string (mc->activation)));
  if (mc->activation == MLP_ACTIVATION_PRELU)
    put (sd, "mlplab.prelu", g_strdup (mc->prelu_per_channel ? "channel" : "shared"));
  put (sd, "mlplab.init", mlp_init_to_string (&mc->init));
  put (sd, "mlplab.seed", g_strdup_printf ("%" G_GUINT64_FORMAT, mc->seed));
  put (sd, "mlplab.lr", g_strdup (g_ascii_formatd (buf, sizeof buf, "%.9g", train->lr)));
  put (sd, "mlplab.batch_size", g_strdup_printf ("%u", train->batch_size));
  put (sd, "mlplab.epochs", g_strdup_printf ("%u", progress->epochs));
  put (sd, "mlplab.status", progress->stopped ?
       g_strdup_printf ("stopped at epoch %u, batch %u", progress->stopped_epoch, progress->stopped_batch) :
       g_strdup ("completed"));
  return mlp_safetensors_save (path, sd, error);
}

gboolean
mlp_checkpoint_save (const char *path, MlpModel *model, const MlpTrainConfig *train,
                     guint epochs, GError **error)
{
  MlpCheckpointProgress progress = { .epochs = epochs };

  return mlp_checkpoint_save_full (path, model, train, &progress, error);
}

/* a metadata number, or FALSE with an error naming the file and the key */
static gboolean
meta_number (GHashTable *metadata, const char *path, const char *key, double lo, double hi,
             double *out, GError **error)
{
  const char *s = g_hash_table_lookup (metadata, key);
  char *end = NULL;
  double v;

  if (s == NULL)
    return TRUE;   /* keep the default */
  v = g_ascii_strtod (s, &end);
  if (end == s || *end != '\0' || !isfinite (v) || v < lo || v > hi)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, "%s: metadata %s = '%s' is not valid", path, key, s);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

/* mlplab.hiddens ("256,256"; "" for no hidden layer, softmax regression)
 * into mc, with the kind's default dropout for each layer; a missing key
 * keeps the kind's layers */
static gboolean
meta_hiddens (GHashTable *metadata, const char *path, MlpModelConfig *mc, GError **error)
{
  const char *s = g_hash_table_lookup (metadata, "mlplab.hiddens");
  g_auto(GStrv) parts = NULL;
  gboolean valid;

  if (s == NULL)
    return TRUE;
  parts = g_strsplit (s, ",", -1);
  mc->n_hidden = g_strv_length (parts);
  valid = mc->n_hidden <= MLP_MAX_HIDDEN;   /* the model's rules come later */
  for (guint i = 0; valid && i < mc->n_hidden; i++)
    {
      char *end = NULL;
      guint64 h = g_ascii_strtoull (parts[i], &end, 10);

      valid = end != parts[i] && *end == '\0' && h >= 1 && h <= 16384;
      mc->hiddens[i] = (gsize) h;
      mc->dropouts[i] = mlp_model_kind_has_dropout (mc->kind) ? 0.5f : 0.0f;
    }
  if (!valid)
    g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, "%s: metadata mlplab.hiddens = '%s' is not valid", path, s);
  return valid;
}

/* mlplab.dropout ("0.5,0.5"): a rate per hidden layer, extra ones ignored */
static gboolean
meta_dropouts (GHashTable *metadata, const char *path, MlpModelConfig *mc, GError **error)
{
  const char *s = g_hash_table_lookup (metadata, "mlplab.dropout");
  g_auto(GStrv) parts = NULL;

  if (s == NULL || *s == '\0')
    return TRUE;
  parts = g_strsplit (s, ",", -1);
  for (guint i = 0; parts[i] != NULL && i < mc->n_hidden; i++)
    {
      char *end = NULL;
      double p = g_ascii_strtod (parts[i], &end);

      if (end == parts[i] || *end != '\0' || !(p >= 0 && p <= 1))
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, "%s: metadata mlplab.dropout = '%s' is not valid", path, s);
          return FALSE;
        }
      mc->dropouts[i] = (float) p;
    }
  return TRUE;
}

/* mlplab.prelu: "shared" (one slope per layer) or "channel" (one per unit);
 * absent, as in the checkpoints written before it existed: shared */
static gboolean
meta_prelu (GHashTable *metadata, const char *path, MlpModelConfig *mc, GError **error)
{
  const char *s = g_hash_table_lookup (metadata, "mlplab.prelu");

  if (s == NULL || g_strcmp0 (s, "shared") == 0)
    mc->prelu_per_channel = FALSE;
  else if (g_strcmp0 (s, "channel") == 0)
    mc->prelu_per_channel = TRUE;
  else
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: metadata mlplab.prelu = '%s' is not valid (expected shared or channel)", path, s);
      return FALSE;
    }
  return TRUE;
}

/* The model's configuration from the metadata, over the kind's defaults. */
static gboolean
meta_model_config (GHashTable *metadata, const char *path, MlpModelConfig *mc, GError **error)
{
  g_autoptr(GError) local = NULL;
  MlpModelKind kind;
  const char *s;
  double v;

  s = g_hash_table_lookup (metadata, "mlplab.model");
  if (s == NULL || !mlp_model_kind_from_string (s, &kind, &local))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, "%s: not an MLP Lab checkpoint (no valid mlplab.model)", path);
      return FALSE;
    }
  mlp_model_config_init (mc, kind);
  if (!meta_hiddens (metadata, path, mc, error) || !meta_dropouts (metadata, path, mc, error) ||
      !meta_prelu (metadata, path, mc, error))
    return FALSE;
  if (((s = g_hash_table_lookup (metadata, "mlplab.activation")) != NULL &&
       !mlp_activation_from_string (s, &mc->activation, &local)) ||
      ((s = g_hash_table_lookup (metadata, "mlplab.init")) != NULL &&
       !mlp_init_parse (s, &mc->init, &local)))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, "%s: %s", path, local->message);
      return FALSE;
    }
  v = 0;
  if (!meta_number (metadata, path, "mlplab.seed", 0, 9007199254740992.0, &v, error))
    return FALSE;
  mc->seed = (guint64) v;
  v = (double) mc->num_inputs;
  if (!meta_number (metadata, path, "mlplab.inputs", 1, 1 << 20, &v, error))
    return FALSE;
  mc->num_inputs = (gsize) v;
  v = (double) mc->num_outputs;
  if (!meta_number (metadata, path, "mlplab.outputs", 2, 255, &v, error))
    return FALSE;
  mc->num_outputs = (gsize) v;
  return TRUE;
}

static gboolean
skip_word (const char **p, const char *word)
{
  if (!g_str_has_prefix (*p, word))
    return FALSE;
  *p += strlen (word);
  return TRUE;
}

/* decimal digits at *p, at most max */
static gboolean
read_uint (const char **p, guint max, guint *out)
{
  guint64 v = 0;

  if (!g_ascii_isdigit (**p))
    return FALSE;
  for (; g_ascii_isdigit (**p); (*p)++)
    if ((v = v * 10 + (guint64) (**p - '0')) > max)
      return FALSE;
  *out = (guint) v;
  return TRUE;
}

/* mlplab.status: "completed" (or missing, in older files) or "stopped at
 * epoch E, batch B" */
static gboolean
meta_progress (GHashTable *metadata, const char *path, MlpCheckpointProgress *progress,
               GError **error)
{
  const char *s = g_hash_table_lookup (metadata, "mlplab.status");
  double epochs = 0;
  guint e = 0, b = 0;
  const char *p;

  *progress = (MlpCheckpointProgress) { 0 };
  if (!meta_number (metadata, path, "mlplab.epochs", 0, 10000, &epochs, error))
    return FALSE;
  progress->epochs = (guint) epochs;
  if (s == NULL || strcmp (s, "completed") == 0)
    return TRUE;
  p = s;
  if (!skip_word (&p, "stopped at epoch ") || !read_uint (&p, 10000, &e) || e < 1 ||
      !skip_word (&p, ", batch ") || !read_uint (&p, G_MAXINT32, &b) || *p != '\0')
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, "%s: metadata mlplab.status = '%s' is not valid", path, s);
      return FALSE;
    }
  *progress = (MlpCheckpointProgress) { progress->epochs, TRUE, e, b };
  return TRUE;
}

/* the saved training settings into train, over what it holds */
static gboolean
meta_train (GHashTable *metadata, const char *path, const MlpModelConfig *mc,
            MlpTrainConfig *train, GError **error)
{
  double lr = train->lr, bs = train->batch_size, ep = train->epochs;

  if (!meta_number (metadata, path, "mlplab.lr", 1e-9, 1e6, &lr, error) ||
      !meta_number (metadata, path, "mlplab.batch_size", 1, 65536, &bs, error) ||
      !meta_number (metadata, path, "mlplab.epochs", 0, 10000, &ep, error))
    return FALSE;
  train->lr = (float) lr;
  train->batch_size = (guint) bs;
  train->epochs = MAX ((guint) ep, 1u);
  train->seed = mc->seed;
  return TRUE;
}

static char *
shape_text (guint ndim, const guint64 *shape)
{
  GString *s = g_string_new ("[");

  for (guint d = 0; d < ndim; d++)
    g_string_append_printf (s, "%s%" G_GUINT64_FORMAT, d ? ", " : "", shape[d]);
  g_string_append_c (s, ']');
  return g_string_free (s, FALSE);
}

/* The model the metadata describe must be the one whose tensors the file
 * holds: every parameter there with its shape, and nothing else.  This
 * bounds the model by the file's size before it is built. */
static gboolean
check_tensors (MlpSafetensorsFile *f, const MlpModelConfig *mc, GError **error)
{
  g_autoptr(GArray) specs = mlp_model_config_parameter_specs (mc);

  for (guint i = 0; i < specs->len; i++)
    {
      const MlpParameterSpec *spec = &g_array_index (specs, MlpParameterSpec, i);
      const MlpSafetensorsEntry *e = _mlp_safetensors_file_lookup (f, spec->name);
      guint64 want[2] = { spec->shape[0], spec->shape[1] };

      if (e == NULL)
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                       "%s: the metadata describe a %s model with a parameter '%s', which the "
                       "file does not hold (is it from another model?)",
                       f->display, mlp_model_kind_to_string (mc->kind), spec->name);
          return FALSE;
        }
      if (e->ndim != spec->ndim || e->shape[0] != want[0] || (e->ndim == 2 && e->shape[1] != want[1]))
        {
          g_autofree char *in_file = shape_text (e->ndim, e->shape);
          g_autofree char *in_meta = shape_text (spec->ndim, want);

          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                       "%s: parameter '%s' has shape %s in the file, but the model its metadata "
                       "describe needs %s (were the metadata edited?)",
                       f->display, spec->name, in_file, in_meta);
          return FALSE;
        }
    }
  if (f->entries->len != specs->len)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT,
                   "%s: the file holds %u tensors, but the model its metadata describe has %u "
                   "parameters", f->display, f->entries->len, specs->len);
      return FALSE;
    }
  return TRUE;
}

/* the tensors straight into the model's parameters, which check_tensors()
 * has matched one to one */
static gboolean
read_parameters (MlpSafetensorsFile *f, MlpModel *model, const MlpCheckpointLoadOptions *options,
                 GError **error)
{
  g_autoptr(MlpStateDict) params = mlp_model_parameters (model);

  for (guint i = 0; i < params->names->len; i++)
    {
      const MlpSafetensorsEntry *e = _mlp_safetensors_file_lookup (f, params->names->pdata[i]);
      MlpTensor *t = params->tensors->pdata[i];

      g_assert (e != NULL);
      if (!_mlp_safetensors_file_read (f, e, t->data, options ? options->should_stop : NULL,
                                       options ? options->user_data : NULL, error))
        return FALSE;
    }
  return TRUE;
}

MlpModel *
mlp_checkpoint_load_full (const char *path, const MlpCheckpointLoadOptions *options,
                          MlpTrainConfig *train, MlpCheckpointProgress *progress,
                          GError **error)
{
  g_auto(MlpSafetensorsFile) f = { .fd = -1 };
  g_autoptr(MlpModel) model = NULL;
  g_autoptr(GError) local = NULL;
  MlpCheckpointProgress pr;
  MlpTrainConfig tc;
  MlpModelConfig mc;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!_mlp_safetensors_file_open (&f, path, error) ||
      !meta_model_config (f.metadata, f.display, &mc, error) ||
      !check_tensors (&f, &mc, error) ||
      !meta_progress (f.metadata, f.display, &pr, error))
    return NULL;
  mlp_train_config_init (&tc);
  if (train != NULL)
    tc = *train;
  if (!meta_train (f.metadata, f.display, &mc, &tc, error))
    return NULL;
  mc.max_param_bytes = options != NULL ? options->max_model_bytes : 0;
  if (!mlp_model_config_validate (&mc, &local))
    {
      g_set_error (error, MLP_ERROR, local->code, "%s: %s", f.display, local->message);
      return NULL;
    }

  model = mlp_model_new (&mc, error);
  if (model == NULL || !read_parameters (&f, model, options, error))
    return NULL;
  if (train != NULL)
    *train = tc;
  if (progress != NULL)
    *progress = pr;
  return g_steal_pointer (&model);
}

MlpModel *
mlp_checkpoint_load (const char *path, MlpTrainConfig *train, GError **error)
{
  return mlp_checkpoint_load_full (path, NULL, train, NULL, error);
}
