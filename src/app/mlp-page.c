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
