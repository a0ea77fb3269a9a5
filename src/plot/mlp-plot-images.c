/* mlp-plot-images.c — a grid of small images in place of series: d2l's
 * show_images, for Fashion-MNIST samples and the first layer's weights.
 *
 * Each image is drawn as a block of square pixels, scaled without smoothing,
 * with its caption underneath (each line fits under its image or ends in an
 * ellipsis).  The number of columns is the one that makes the images
 * largest in the figure.  Signed images (weights) go blue (negative) – white
 * – red (positive), scaled to each image's largest |value|, so that the
 * pattern of one unit shows whatever its magnitude; others are grey from 0
 * (black) to 1 (white).
 */
#include "mlp-plot-private.h"

#define IMAGE_FONT 10.0

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
  return lines ? (lines * 0.9 + 0.3) * lh : 0.2 * lh;
}

/* the number of columns that makes the images largest; *cell their size */
static guint
best_columns (guint n, double width, double height, double top, double cap_h, double *cell)
{
  double best = 0;
  guint best_cols = 1;

  for (guint cols = 1; cols <= n; cols++)
    {
      guint rows = (n + cols - 1) / cols;
      double size = MIN ((width - 4) / cols, (height - top) / rows - cap_h) - 4;

      if (size > best)
        {
          best = size;
          best_cols = cols;
        }
    }
  *cell = MAX (best, 4);
  return best_cols;
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
  _mlp_plot_painter_text (p, IMAGE_FONT * 0.8, caption, FALSE);
  pango_layout_set_width (p->layout, (int) (cell * PANGO_SCALE));
  pango_layout_set_ellipsize (p->layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_alignment (p->layout, PANGO_ALIGN_CENTER);
  _mlp_plot_painter_show (p, x0, y, 0.0, 0.0);
  pango_layout_set_width (p->layout, -1);
  pango_layout_set_ellipsize (p->layout, PANGO_ELLIPSIZE_NONE);
  pango_layout_set_alignment (p->layout, PANGO_ALIGN_LEFT);
}

void
_mlp_plot_render_images (MlpPlot *plot, cairo_t *cr, double width, double height,
                         const MlpPlotStyle *style)
{
  MlpPlotPainter p;
  guint n = plot->n_images, h = plot->image_h, w = plot->image_w, cols;
  double lh, top, cap_h, cell;
  /* one small surface, refilled for each image */
  cairo_surface_t *img = cairo_image_surface_create (CAIRO_FORMAT_RGB24, (int) w, (int) h);

  _mlp_plot_painter_init (&p, cr, style);
  lh = _mlp_plot_text_height (&p, IMAGE_FONT);
  cap_h = caption_height (plot, lh);
  top = plot->title ? 2.0 * lh : 0.4 * lh;
  cols = best_columns (n, width, height, top, cap_h, &cell);
  for (guint k = 0; k < n; k++)
    {
      double x0 = 2 + (k % cols) * (cell + 4), y0 = top + (k / cols) * (cell + 4 + cap_h);

      image_fill (img, plot->images + (gsize) k * h * w, h, w, plot->images_signed);
      image_paint (cr, img, h, w, x0, y0, cell);
      if (plot->image_captions)
        image_caption (&p, plot->image_captions[k], x0, y0 + cell + 0.1 * lh, cell);
    }
  if (plot->title)
    {
      _mlp_plot_set_color (cr, &style->foreground);
      _mlp_plot_painter_label (&p, IMAGE_FONT * 1.1, plot->title, FALSE, width / 2, 0.3 * lh, 0.5, 0.0);
    }
  cairo_surface_destroy (img);
  _mlp_plot_painter_clear (&p);
}
