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
mlp_checkpoint_save (const char *path, MlpModel *model, const MlpTrainConfig *train,
                     guint epochs, GError **error)
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
  return mlp_safetensors_save (path, sd, error);
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

MlpModel *
mlp_checkpoint_load (const char *path, MlpTrainConfig *train, GError **error)
{
  g_autoptr(MlpStateDict) sd = mlp_safetensors_load (path, error);
  g_autoptr(MlpModel) model = NULL;
  g_autoptr(GError) local = NULL;
  MlpModelConfig mc;
  MlpModelKind kind;
  const char *s;
  double v;

  if (sd == NULL)
    return NULL;
  s = g_hash_table_lookup (sd->metadata, "mlplab.model");
  if (s == NULL || !mlp_model_kind_from_string (s, &kind, &local))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, "%s: not an MLP Lab checkpoint (no valid mlplab.model)", path);
      return NULL;
    }
  mlp_model_config_init (&mc, kind);

  if ((s = g_hash_table_lookup (sd->metadata, "mlplab.hiddens")) != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (s, ",", -1);

      mc.n_hidden = g_strv_length (parts);
      if (mc.n_hidden < 1 || mc.n_hidden > MLP_MAX_HIDDEN)
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, "%s: metadata mlplab.hiddens = '%s' is not valid", path, s);
          return NULL;
        }
      for (guint i = 0; i < mc.n_hidden; i++)
        {
          char *end = NULL;
          guint64 h = g_ascii_strtoull (parts[i], &end, 10);

          if (end == parts[i] || *end != '\0' || h < 1 || h > 16384)
            {
              g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, "%s: metadata mlplab.hiddens = '%s' is not valid", path, s);
              return NULL;
            }
          mc.hiddens[i] = (gsize) h;
          mc.dropouts[i] = mlp_model_kind_has_dropout (kind) ? 0.5f : 0.0f;
        }
    }
  if ((s = g_hash_table_lookup (sd->metadata, "mlplab.dropout")) != NULL && *s != '\0')
    {
      g_auto(GStrv) parts = g_strsplit (s, ",", -1);

      for (guint i = 0; parts[i] != NULL && i < mc.n_hidden; i++)
        {
          char *end = NULL;
          double p = g_ascii_strtod (parts[i], &end);

          if (end == parts[i] || *end != '\0' || !(p >= 0 && p <= 1))
            {
              g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, "%s: metadata mlplab.dropout = '%s' is not valid", path, s);
              return NULL;
            }
          mc.dropouts[i] = (float) p;
        }
    }
  if ((s = g_hash_table_lookup (sd->metadata, "mlplab.activation")) != NULL &&
      !mlp_activation_from_string (s, &mc.activation, &local))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, "%s: %s", path, local->message);
      return NULL;
    }
  if ((s = g_hash_table_lookup (sd->metadata, "mlplab.init")) != NULL &&
      !mlp_init_parse (s, &mc.init, &local))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, "%s: %s", path, local->message);
      return NULL;
    }
  v = 0;
  if (!meta_number (sd, path, "mlplab.seed", 0, 9007199254740992.0, &v, error))
    return NULL;
  mc.seed = (guint64) v;
  v = (double) mc.num_inputs;
  if (!meta_number (sd, path, "mlplab.inputs", 1, 1 << 20, &v, error))
    return NULL;
  mc.num_inputs = (gsize) v;
  v = (double) mc.num_outputs;
  if (!meta_number (sd, path, "mlplab.outputs", 2, 255, &v, error))
    return NULL;
  mc.num_outputs = (gsize) v;

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
  if (model == NULL)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, "%s: %s", path, local->message);
      return NULL;
    }
  if (!mlp_model_load_state (model, sd, &local))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, "%s: %s", path, local->message);
      return NULL;
    }
  return g_steal_pointer (&model);
}
