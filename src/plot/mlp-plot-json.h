/* mlp-plot-json.h — a figure as data, to keep it in a lesson file.
 *
 * A lesson keeps the figures a step produced (mlp-lesson.h "results"), so
 * that playing it shows them at once.  A figure becomes a GVariant of the
 * types the JSON reader makes (a{sv}, av, d, s, b), so that
 * mlp_json_writer_variant() writes it and mlp_json_parse() reads it back:
 *
 *   g_autoptr(GVariant) v = mlp_plot_to_variant (plot);        // save
 *   g_autoptr(MlpPlot) back = mlp_plot_new_from_variant (v, "week3.mlplab", &error);
 *
 * Everything the renderer draws is kept: labels, scales, limits, grid and
 * legend, every series with its points (NaN as null), style and colour, the
 * heat map with its labels, scale and range, the image grid with its
 * captions, and the viewport.  The plot drawn from `back` is the plot drawn
 * from `plot`, pixel for pixel.  A variant that is not such a figure (a
 * missing or mistyped member, sizes that disagree, more than
 * MLP_PLOT_JSON_MAX_VALUES numbers) is an MLP_ERROR_FORMAT error naming
 * `what`; unknown members are ignored.
 */
#pragma once

#include <glib.h>

#include "mlp-plot.h"

G_BEGIN_DECLS

#define MLP_PLOT_JSON_MAX_VALUES (16u * 1024u * 1024u)

/* (transfer full) a{sv}, not floating */
GVariant *mlp_plot_to_variant      (MlpPlot *plot);
/* (transfer full) or NULL with error */
MlpPlot  *mlp_plot_new_from_variant (GVariant *v, const char *what, GError **error);

G_END_DECLS
