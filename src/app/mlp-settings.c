/* mlp-settings.c — see mlp-settings.h. */
#include "mlp-settings.h"

static gboolean
get_choice (GValue *value, GVariant *variant, gpointer ids)
{
  const char *s = g_variant_get_string (variant, NULL);
  const char *const *names = ids;

  for (guint i = 0; names[i] != NULL; i++)
    if (g_strcmp0 (names[i], s) == 0)
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
set_choice (const GValue *value, const GVariantType *type, gpointer ids)
{
  const char *const *names = ids;
  guint i = g_value_get_uint (value);

  return i < g_strv_length ((char **) names) ? g_variant_new_string (names[i]) : NULL;
}

void
mlp_settings_bind_choice (GSettings *settings, const char *key, GtkWidget *dropdown, const char *const *ids)
{
  g_settings_bind_with_mapping (settings, key, dropdown, "selected", G_SETTINGS_BIND_DEFAULT,
                                get_choice, set_choice, (gpointer) ids, NULL);
}
