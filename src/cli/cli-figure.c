/* cli-figure.c — see cli-figure.h. */
#include "cli-figure.h"

#include <glib/gi18n.h>

#include "cli-common.h"

int
cli_figure_check (CliFigureOptions *o)
{
  if (o->out == NULL)
    return cli_usage_error ("plot", _("--out FILE is required"));
  if (!mlp_plot_format_from_path (o->out, &o->format))
    return cli_usage_error ("plot", _("%s: use a file name ending in .png, .svg, .pdf or .csv"), o->out);
  if (o->width < 16 || o->width > 10000 || o->height < 16 || o->height > 10000)
    return cli_usage_error ("plot", _("--width and --height must be within 16 … 10000"));
  if (o->dpi < 24 || o->dpi > 1200 || (double) MAX (o->width, o->height) * o->dpi / 96 > 32767)
    return cli_usage_error ("plot", _("--dpi must be within 24 … 1200, and the image at most 32767 pixels wide and high"));
  if (!cli_check_output ("plot", o->out))
    return 1;
  return 0;
}

int
cli_figure_write (const CliFigureOptions *o, MlpPlot *plot, const char *path)
{
  g_autoptr(GError) error = NULL;

  if (!mlp_plot_export (plot, path ? path : o->out, o->format, o->width, o->height, o->dpi,
                        o->dark ? mlp_plot_style_dark () : mlp_plot_style_light (), &error))
    return cli_fail ("plot", error);
  return 0;
}
