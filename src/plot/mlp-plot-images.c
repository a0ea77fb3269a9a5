/* mlp-plot-images.c — a grid of small images in place of series: d2l's
 * show_images, for Fashion-MNIST samples and the first layer's weights.
 *
 * Each image is drawn as a block of square pixels, scaled without smoothing,
 * with its caption underneath at the size of tick labels, so that it reads
 * in presentation mode too.  The number of columns is the one that makes
 * the images largest in the figure while each is as wide as the widest
 * caption (two thirds of it on a screen, where a long caption may end in an
 * ellipsis); where not every image fits at that width, the grid shows
 * as many as do and says so under them ("Showing 24 of 40 images").  Signed
 * images (weights) go blue (negative) – white – red (positive), scaled to
 * each image's largest |value|, so that the pattern of one unit shows
 * whatever its magnitude; others are grey from 0 (black) to 1 (white).
 */
#include "mlp-plot-private.h"

#include <glib/gi18n-lib.h>

#define IMAGE_FONT TICK_FONT   /* captions: the smallest readable text */
#define GAP        4.0         /* between images, and around the grid */

/* where the images go */
typedef struct {
  guint  shown;     /* the images drawn: all, or the first that fit */
  guint  cols;
  double cell;      /* an image's side */
  double cap_h;     /* the caption lines under each */
  double top;       /* where the first row starts, under the title */
  double note_h;    /* the line saying how many are shown, 0 if all are */
} ImageGrid;

/* the height under each image for the captions' lines */
static double
caption_height (MlpPlot *plot, double lh)
{
  guint lines = 0;

  for (guint k = 0; plot->image_captions && k < plot->n_images; k++)
    {
      guint l = 1;

      for (const char *c = plot->image_captions[k]; *c; c++)
        l += *c == '\n';
      lines = MAX (lines, l);
    }
  return lines ? lines * lh + 0.3 * lh : 0.2 * lh;
}

/* the widest caption (its widest line), 0 without captions */
static double
caption_width (MlpPlot *plot, MlpPlotPainter *p)
{
  double widest = 0;

  for (guint k = 0; plot->image_captions && k < plot->n_images; k++)
    widest = MAX (widest, _mlp_plot_text_width (p, IMAGE_FONT, plot->image_captions[k], FALSE));
  return widest;
}

/* The number of columns that makes n images largest in width × height
 * with cells at least min_cell wide; *cell their size.  FALSE when no
 * number of columns gives such cells. */
static gboolean
best_columns (guint n, double width, double height, double cap_h, double min_cell,
              guint *best_cols, double *cell)
{
  double best = 0;

  *best_cols = 1;
  for (guint cols = 1; cols <= n; cols++)
    {
      guint rows = (n + cols - 1) / cols;
      double size = MIN ((width - GAP) / cols, height / rows - cap_h) - GAP;

      if (size >= min_cell && size > best)
        {
          best = size;
          *best_cols = cols;
        }
    }
  *cell = MAX (best, GAP);
  return best > 0;
}

/* All images if their cells can be as wide as the captions; else as many
 * as fit at that width, with a line to say so; else (a tiny figure) all,
 * their captions cut short. */
static void
grid_layout (MlpPlot *plot, MlpPlotPainter *p, double width, double height, double top, ImageGrid *g)
{
  double lh = _mlp_plot_text_height (p, IMAGE_FONT);
  /* on a screen the longest captions may lose a few letters to an ellipsis,
   * so that a page of 50 Fashion-MNIST images fits a laptop's figure; on a
   * projector (a larger font scale) every caption is whole */
  double share = p->fs > 1.01 ? 1.0 : 0.65;
  double min_cell = plot->image_captions ? share * caption_width (plot, p) + 0.3 * lh : GAP;
  guint n = plot->n_images;

  g->top = top;
  g->cap_h = caption_height (plot, lh);
  g->note_h = 0;
  g->shown = n;
  if (best_columns (n, width, height - top, g->cap_h, min_cell, &g->cols, &g->cell))
    return;
  g->note_h = 1.4 * lh;
  {
    guint cols = (guint) MAX (0, floor ((width - GAP) / (min_cell + GAP)));
    guint rows = (guint) MAX (0, floor ((height - top - g->note_h) / (min_cell + GAP + g->cap_h)));

    g->shown = MIN (n, cols * rows);
  }
  if (g->shown > 0 &&
      best_columns (g->shown, width, height - top - g->note_h, g->cap_h, min_cell, &g->cols, &g->cell))
    return;
  g->shown = n;
  g->note_h = 0;
  best_columns (n, width, height - top, g->cap_h, 0, &g->cols, &g->cell);
}

/* src (h × w values) into img's RGB24 pixels */
static void
image_fill (cairo_surface_t *img, const float *src, guint h, guint w, gboolean signed_values)
{
  int stride = cairo_image_surface_get_stride (img);
  double scale = 0;
  guint8 *dst;

  for (guint i = 0; i < h * w; i++)
    scale = MAX (scale, fabs (src[i]));
  cairo_surface_flush (img);
  dst = cairo_image_surface_get_data (img);
  for (guint y = 0; y < h; y++)
    for (guint x = 0; x < w; x++)
      {
        double v = src[y * w + x], r, g, b;
        guint32 *q = (guint32 *) (dst + y * stride) + x;

        if (signed_values)
          {
            double t = scale > 0 ? v / scale : 0;   /* −1 … 1 */

            r = t < 0 ? 1 + t : 1;
            g = 1 - fabs (t);
            b = t > 0 ? 1 - t : 1;
          }
        else
          r = g = b = CLAMP (v, 0.0, 1.0);
        *q = ((guint32) (r * 255) << 16) | ((guint32) (g * 255) << 8) | (guint32) (b * 255);
      }
  cairo_surface_mark_dirty (img);
}

/* img (h × w pixels) scaled to the square cell at (x0, y0), pixels kept sharp */
static void
image_paint (cairo_t *cr, cairo_surface_t *img, guint h, guint w, double x0, double y0, double cell)
{
  cairo_pattern_t *pattern;
  cairo_matrix_t m;

  cairo_save (cr);
  cairo_rectangle (cr, x0, y0, cell, cell);
  cairo_clip (cr);
  pattern = cairo_pattern_create_for_surface (img);
  cairo_pattern_set_filter (pattern, CAIRO_FILTER_NEAREST);
  cairo_matrix_init_scale (&m, w / cell, h / cell);
  cairo_matrix_translate (&m, -x0, -y0);
  cairo_pattern_set_matrix (pattern, &m);
  cairo_set_source (cr, pattern);
  cairo_paint (cr);
  cairo_pattern_destroy (pattern);
  cairo_restore (cr);
}

/* the caption centred in a column cell wide at (x0, y), each line cut to
 * fit with an ellipsis; the layout is left as it was */
static void
image_caption (MlpPlotPainter *p, const char *caption, double x0, double y, double cell)
{
  _mlp_plot_set_color (p->cr, &p->style->foreground);
  _mlp_plot_painter_text (p, IMAGE_FONT, caption, FALSE);
  pango_layout_set_width (p->layout, (int) (cell * PANGO_SCALE));
  pango_layout_set_ellipsize (p->layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (p->layout, PANGO_ALIGN_CENTER);
  _mlp_plot_painter_show (p, x0, y, 0.0, 0.0);
  pango_layout_set_width (p->layout, -1);
  pango_layout_set_ellipsize (p->layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_alignment (p->layout, PANGO_ALIGN_LEFT);
}

/* "Showing 24 of 40 images", under the grid on the right */
static void
grid_note (MlpPlot *plot, MlpPlotPainter *p, const ImageGrid *g, double width, double height)
{
  g_autofree char *note = NULL;

  if (g->shown == plot->n_images)
    return;
  note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Showing %u of %u image", "Showing %u of %u images",
                                       plot->n_images),
                          g->shown, plot->n_images);
  _mlp_plot_set_color (p->cr, &p->style->foreground);
  _mlp_plot_painter_label (p, IMAGE_FONT, note, FALSE, width - GAP, height - 0.2 * g->note_h, 1.0, 1.0);
}

void
_mlp_plot_render_images (MlpPlot *plot, MlpPlotPainter *p, double width, double height)
{
  cairo_t *cr = p->cr;
  guint h = plot->image_h, w = plot->image_w;
  double lh = _mlp_plot_text_height (p, IMAGE_FONT);
  MlpPlotTitle title;
  double top = _mlp_plot_title_measure (plot, p, TITLE_FONT, width - 2 * GAP, &title)
               ? 0.3 * lh + title.h + 0.3 * lh : 0.4 * lh;
  /* one small surface, refilled for each image */
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) w, (int) h);
  ImageGrid g;

  grid_layout (plot, p, width, height, top, &g);
  for (guint k = 0; k < g.shown; k++)
    {
      double x0 = GAP / 2 + (k % g.cols) * (g.cell + GAP), y0 = g.top + (k / g.cols) * (g.cell + GAP + g.cap_h);

      image_fill (img, plot->images + (gsize) k * h * w, h, w, plot->images_signed);
      image_paint (cr, img, h, w, x0, y0, g.cell);
      if (plot->image_captions)
        image_caption (p, plot->image_captions[k], x0, y0 + g.cell + 0.1 * lh, g.cell);
    }
  grid_note (plot, p, &g, width, height);
  _mlp_plot_set_color (cr, &p->style->foreground);
  _mlp_plot_title_draw (plot, p, &title, width / 2, 0.3 * lh, width, GAP);
  plot->images_shown = g.shown;
  plot->image_cell = g.cell;
  cairo_surface_destroy (img);
}
