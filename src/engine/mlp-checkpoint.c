/* mlp-checkpoint.c — see mlp-checkpoint.h. */
#include "mlp-checkpoint.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>

#include "mlp-error.h"
#include "mlp-safetensors.h"

static void
put (MlpStateDict *sd, const char *key, char *value)
{
  g_hash_table_insert (sd->metadata, g_strdup (key), value);
}

gboolean
mlp_checkpoint_save_with_metadata (const char *path, MlpModel *model, const MlpTrainConfig *train,
                                   guint epochs, const char *const *extra, GError **error)
{
  const MlpModelConfig *mc = mlp_model_get_config (model);
  g_autoptr(MlpStateDict) sd = mlp_model_parameters (model);
  g_autoptr(GString) hiddens = g_string_new (NULL);
  g_autoptr(GString) dropouts = g_string_new (NULL);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (guint i = 0; i < mc->n_hidden; i++)
    {
      g_string_append_printf (hiddens, "%s%" G_GSIZE_FORMAT, i ? "," : "", mc->hiddens[i]);
      g_string_append_printf (dropouts, "%s%s", i ? "," : "",
                              g_ascii_formatd (buf, sizeof buf, "%g", mc->dropouts[i]));
    }
  put (sd, "format", g_strdup ("pt"));
  put (sd, "mlplab.model", g_strdup (mlp_model_kind_to_string (mc->kind)));
  put (sd, "mlplab.inputs", g_strdup_printf ("%" G_GSIZE_FORMAT, mc->num_inputs));
  put (sd, "mlplab.outputs", g_strdup_printf ("%" G_GSIZE_FORMAT, mc->num_outputs));
  put (sd, "mlplab.hiddens", g_strdup (hiddens->str));
  put (sd, "mlplab.dropout", g_strdup (dropouts->str));
  put (sd, "mlplab.activation", g_strdup (mlp_activation_to_string (mc->activation)));
  put (sd, "mlplab.init", mlp_init_to_string (&mc->init));
  put (sd, "mlplab.seed", g_strdup_printf ("%" G_GUINT64_FORMAT, mc->seed));
  put (sd, "mlplab.lr", g_strdup (g_ascii_formatd (buf, sizeof buf, "%.9g", train->lr)));
  put (sd, "mlplab.batch_size", g_strdup_printf ("%u", train->batch_size));
  put (sd, "mlplab.epochs", g_strdup_printf ("%u", epochs));
  for (guint i = 0; extra != NULL && extra[i] != NULL && extra[i + 1] != NULL; i += 2)
    put (sd, extra[i], g_strdup (extra[i + 1]));
  return mlp_safetensors_save (path, sd, error);
}

gboolean
mlp_checkpoint_save (const char *path, MlpModel *model, const MlpTrainConfig *train,
                     guint epochs, GError **error)
{
  return mlp_checkpoint_save_with_metadata (path, model, train, epochs, NULL, error);
}

/* a metadata number, or FALSE with an error naming the file and the key */
static gboolean
meta_number (MlpStateDict *sd, const char *path, const char *key, double lo, double hi,
             double *out, GError **error)
{
  const char *s = g_hash_table_lookup (sd->metadata, key);
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

/* mlplab.hiddens ("256,256") into mc, with the kind's default dropout for
 * each layer; a missing key keeps the kind's layers */
static gboolean
meta_hiddens (MlpStateDict *sd, const char *path, MlpModelConfig *mc, GError **error)
{
  const char *s = g_hash_table_lookup (sd->metadata, "mlplab.hiddens");
  g_auto(GStrv) parts = NULL;
  gboolean valid;

  if (s == NULL)
    return TRUE;
  parts = g_strsplit (s, ",", -1);
  mc->n_hidden = g_strv_length (parts);
  valid = mc->n_hidden >= 1 && mc->n_hidden <= MLP_MAX_HIDDEN;
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
meta_dropouts (MlpStateDict *sd, const char *path, MlpModelConfig *mc, GError **error)
{
  const char *s = g_hash_table_lookup (sd->metadata, "mlplab.dropout");
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

/* The model's configuration from the metadata, over the kind's defaults. */
static gboolean
meta_model_config (MlpStateDict *sd, const char *path, MlpModelConfig *mc, GError **error)
{
  g_autoptr(GError) local = NULL;
  MlpModelKind kind;
  const char *s;
  double v;

  s = g_hash_table_lookup (sd->metadata, "mlplab.model");
  if (s == NULL || !mlp_model_kind_from_string (s, &kind, &local))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, "%s: not an MLP Lab checkpoint (no valid mlplab.model)", path);
      return FALSE;
    }
  mlp_model_config_init (mc, kind);
  if (!meta_hiddens (sd, path, mc, error) || !meta_dropouts (sd, path, mc, error))
    return FALSE;
  if (((s = g_hash_table_lookup (sd->metadata, "mlplab.activation")) != NULL &&
       !mlp_activation_from_string (s, &mc->activation, &local)) ||
      ((s = g_hash_table_lookup (sd->metadata, "mlplab.init")) != NULL &&
       !mlp_init_parse (s, &mc->init, &local)))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, "%s: %s", path, local->message);
      return FALSE;
    }
  v = 0;
  if (!meta_number (sd, path, "mlplab.seed", 0, 9007199254740992.0, &v, error))
    return FALSE;
  mc->seed = (guint64) v;
  v = (double) mc->num_inputs;
  if (!meta_number (sd, path, "mlplab.inputs", 1, 1 << 20, &v, error))
    return FALSE;
  mc->num_inputs = (gsize) v;
  v = (double) mc->num_outputs;
  if (!meta_number (sd, path, "mlplab.outputs", 2, 255, &v, error))
    return FALSE;
  mc->num_outputs = (gsize) v;
  return TRUE;
}

MlpModel *
mlp_checkpoint_load (const char *path, MlpTrainConfig *train, GError **error)
{
  g_autoptr(MlpStateDict) sd = mlp_safetensors_load (path, error);
  g_autoptr(MlpModel) model = NULL;
  g_autoptr(GError) local = NULL;
  MlpModelConfig mc;

  if (sd == NULL || !meta_model_config (sd, path, &mc, error))
    return NULL;

  if (train != NULL)
    {
      double lr = train->lr, bs = train->batch_size, ep = train->epochs;

      if (!meta_number (sd, path, "mlplab.lr", 1e-9, 1e6, &lr, error) ||
          !meta_number (sd, path, "mlplab.batch_size", 1, 65536, &bs, error) ||
          !meta_number (sd, path, "mlplab.epochs", 0, 10000, &ep, error))
        return NULL;
      train->lr = (float) lr;
      train->batch_size = (guint) bs;
      train->epochs = MAX ((guint) ep, 1u);
      train->seed = mc.seed;
    }

  model = mlp_model_new (&mc, &local);
  if (model == NULL || !mlp_model_load_state (model, sd, &local))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, "%s: %s", path, local->message);
      return NULL;
    }
  return g_steal_pointer (&model);
}
