/* mlp-state-dict.c — named tensors in order; see mlp-state-dict.h.
 *
 * Lookups are a linear scan: a model of the chapter has at most a few dozen
 * parameters, and the order must be kept anyway, so an index would only be
 * one more thing to keep in step.
 */
#include "mlp-state-dict.h"

#include <string.h>

MlpStateDict *
mlp_state_dict_new (void)
{
  MlpStateDict *sd = g_new0 (MlpStateDict, 1);

  sd->names = g_ptr_array_new_with_free_func (g_free);
  sd->tensors = g_ptr_array_new_with_free_func ((GDestroyNotify) mlp_tensor_unref);
  sd->metadata = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return sd;
}

void
mlp_state_dict_free (MlpStateDict *sd)
{
  if (sd == NULL)
    return;
  g_ptr_array_unref (sd->names);
  g_ptr_array_unref (sd->tensors);
  g_hash_table_unref (sd->metadata);
  g_free (sd);
}

static gint
state_dict_index (const MlpStateDict *sd, const char *name)
{
  for (guint i = 0; i < sd->names->len; i++)
    if (strcmp (sd->names->pdata[i], name) == 0)
      return (gint) i;
  return -1;
}

void
mlp_state_dict_add (MlpStateDict *sd, const char *name, MlpTensor *t)
{
  gint i;

  g_return_if_fail (sd != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (t != NULL);

  i = state_dict_index (sd, name);
  if (i >= 0)
    {
      MlpTensor *old = sd->tensors->pdata[i];

      sd->tensors->pdata[i] = mlp_tensor_ref (t);   /* before the unref: t may be old */
      mlp_tensor_unref (old);
      return;
    }
  g_ptr_array_add (sd->names, g_strdup (name));
  g_ptr_array_add (sd->tensors, mlp_tensor_ref (t));
}

void
mlp_state_dict_update (MlpStateDict *sd, const MlpStateDict *other)
{
  g_return_if_fail (sd != NULL);
  g_return_if_fail (other != NULL);

  for (guint i = 0; i < other->names->len; i++)
    mlp_state_dict_add (sd, other->names->pdata[i], other->tensors->pdata[i]);
}

MlpTensor *
mlp_state_dict_lookup (MlpStateDict *sd, const char *name)
{
  gint i;

  g_return_val_if_fail (sd != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  i = state_dict_index (sd, name);
  return i >= 0 ? sd->tensors->pdata[i] : NULL;
}
