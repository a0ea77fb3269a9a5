/* cli-figure.h — what every `mlplab-cli plot FIGURE` shares: the output
 * options (--out, --width, --height, --dpi, --dark), their checks and the
 * export, so that each figure's command only adds its own settings. */
#pragma once

#include <glib.h>

#include "mlp-plot.h"

G_BEGIN_DECLS

typedef struct {
  char          *out;
  int            width, height, dpi;
  gboolean       dark;
  MlpPlotFormat  format;     /* from out, once cli_figure_check passed */
} CliFigureOptions;

#define CLI_FIGURE_OPTIONS_INIT { NULL, 640, 360, 96, FALSE, MLP_PLOT_FORMAT_AUTO }

/* the option entries, for a GOptionEntry table */
#define CLI_FIGURE_ENTRIES(o) \
  { "out", 'o', 0, G_OPTION_ARG_FILENAME, &(o).out, N_("The file to write: .png, .svg, .pdf or .csv"), N_("FILE") }, \
  { "width", 0, 0, G_OPTION_ARG_INT, &(o).width, N_("Width in points, or pixels at 96 dpi (640)"), "N" }, \
  { "height", 0, 0, G_OPTION_ARG_INT, &(o).height, N_("Height in points, or pixels at 96 dpi (360)"), "N" }, \
  { "dpi", 0, 0, G_OPTION_ARG_INT, &(o).dpi, N_("Resolution of a PNG (96)"), "N" }, \
  { "dark", 0, 0, G_OPTION_ARG_NONE, &(o).dark, N_("Light lines on a dark background"), NULL }

/* --out given with a known extension, the size and resolution in range,
 * and the file writable (checked before a long computation); sets
 * o->format.  0, or the exit status after a one-line message. */
int cli_figure_check (CliFigureOptions *o);
/* writes plot to path (o->out when NULL) in o's format and style; 0, or 1
 * after the error line */
int cli_figure_write (const CliFigureOptions *o, MlpPlot *plot, const char *path);

G_END_DECLS
