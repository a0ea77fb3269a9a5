/* mlp-page.c — the MlpPage interface; see mlp-page.h. */
#include "mlp-page.h"

G_DEFINE_INTERFACE (MlpPage, mlp_page, GTK_TYPE_WIDGET)

static void
mlp_page_default_init (MlpPageInterface *iface)
{
}

MlpPlotView *
mlp_page_get_plot_view (MlpPage *page)
{
  MlpPageInterface *iface = MLP_PAGE_GET_IFACE (page);

  return iface->get_plot_view ? iface->get_plot_view (page) : NULL;
}

void
mlp_page_set_presentation (MlpPage *page, gboolean presentation)
{
  MlpPageInterface *iface = MLP_PAGE_GET_IFACE (page);

  if (iface->set_presentation)
    iface->set_presentation (page, presentation);
}

void
mlp_page_set_controls_visible (MlpPage *page, gboolean visible)
{
  MlpPageInterface *iface = MLP_PAGE_GET_IFACE (page);

  if (iface->set_controls_visible)
    iface->set_controls_visible (page, visible);
}

void
mlp_page_run (MlpPage *page)
{
  MlpPageInterface *iface = MLP_PAGE_GET_IFACE (page);

  if (iface->run)
    iface->run (page);
}

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
