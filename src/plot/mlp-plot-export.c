/* mlp-plot-export.c — a figure written to a file: PNG, SVG, PDF or CSV.
 *
 * The same render as on screen draws into the file's surface; a PNG at
 * 192 dpi is the 96 dpi figure drawn through a scaled cairo_t.  Files are
 * written atomically: into a hidden temporary file next to the target,
 * synced and renamed over it, so that a crash or a full disk never leaves
 * half a figure under the real name.  Every error names the file.
 */
#include "mlp-plot-private.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <glib/gstdio.h>

#include "mlp-error.h"

#define MAX_IMAGE_SIDE     32767    /* cairo's limit for an image surface */

gboolean
mlp_plot_format_from_path (const char *path, MlpPlotFormat *format)
{
  static const struct {
    const char   *ext;
    MlpPlotFormat format;
  } formats[] = {
    { "png", MLP_PLOT_FORMAT_PNG },
    { "svg", MLP_PLOT_FORMAT_SVG },
    { "pdf", MLP_PLOT_FORMAT_PDF },
    { "csv", MLP_PLOT_FORMAT_CSV },
  };
  const char *dot, *slash;

  g_return_val_if_fail (path != NULL, FALSE);
  dot = strrchr (path, '.');
  slash = strrchr (path, G_DIR_SEPARATOR);
  if (dot == NULL || (slash != NULL && dot < slash))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_ascii_strcasecmp (dot + 1, formats[i].ext) == 0)
      {
        if (format != NULL)
          *format = formats[i].format;
        return TRUE;
      }
  return FALSE;
}

/* ------------------------------------------------------------- writing */

/* the temporary file, as cairo's write callback sees it */
typedef struct {
  int fd;
  int saved_errno;    /* 0 while every write succeeded */
} Writer;

static cairo_status_t
writer_write (void *closure, const unsigned char *data, unsigned int length)
{
  Writer *w = closure;

  while (length > 0)
    {
      ssize_t n = write (w->fd, data, length);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          w->saved_errno = errno;
          return CAIRO_STATUS_WRITE_ERROR;
        }
      data += n;
      length -= (unsigned int) n;
    }
  return CAIRO_STATUS_SUCCESS;
}

/* an I/O error on path from errno's value saved_errno; returns FALSE */
static gboolean
set_io_error (GError **error, const char *path, int saved_errno)
{
  g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "Could not write “%s”: %s", path, g_strerror (saved_errno));
  return FALSE;
}

/* TRUE when both cairo and the writes succeeded, else the error of the two */
static gboolean
set_cairo_error (cairo_status_t status, const Writer *w, const char *path, GError **error)
{
  if (status == CAIRO_STATUS_SUCCESS && w->saved_errno == 0)
    return TRUE;
  if (w->saved_errno != 0)
    return set_io_error (error, path, w->saved_errno);
  g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "Could not write “%s”: %s", path,
               cairo_status_to_string (status));
  return FALSE;
}

/* a PNG's image surface (scaled by dpi) or a vector surface streaming to w;
 * *cr draws on it in points or 96 dpi pixels */
static cairo_surface_t *
create_surface (MlpPlotFormat format, Writer *w, double width, double height, double dpi, cairo_t **cr)
{
  cairo_surface_t *surface;

  if (format == MLP_PLOT_FORMAT_PNG)
    {
      double scale = dpi / 96.0;
      int pw = (int) lround (width * scale), ph = (int) lround (height * scale);

      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, MAX (pw, 1), MAX (ph, 1));
      *cr = cairo_create (surface);
      cairo_scale (*cr, scale, scale);
      return surface;
    }
  if (format == MLP_PLOT_FORMAT_SVG)
    surface = cairo_svg_surface_create_for_stream (writer_write, w, width, height);
  else
    surface = cairo_pdf_surface_create_for_stream (writer_write, w, width, height);
  *cr = cairo_create (surface);
  return surface;
}

static gboolean
write_surface (MlpPlot *plot, MlpPlotFormat format, Writer *w, const char *path,
               double width, double height, double dpi, const MlpPlotStyle *style, GError **error)
{
  cairo_t *cr;
  cairo_surface_t *surface = create_surface (format, w, width, height, dpi, &cr);
  cairo_status_t status;

  mlp_plot_render (plot, cr, width, height, style);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS && format == MLP_PLOT_FORMAT_PNG)
    status = cairo_surface_write_to_png_stream (surface, writer_write, w);
  /* a vector surface writes its end only now */
  cairo_surface_finish (surface);
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  return set_cairo_error (status, w, path, error);
}

static gboolean
write_contents (MlpPlot *plot, MlpPlotFormat format, Writer *w, const char *path,
                double width, double height, double dpi, const MlpPlotStyle *style, GError **error)
{
  g_autofree char *csv = NULL;

  if (format != MLP_PLOT_FORMAT_CSV)
    return write_surface (plot, format, w, path, width, height, dpi, style, error);
  csv = mlp_plot_to_csv (plot);
  writer_write (w, (const unsigned char *) csv, (unsigned int) strlen (csv));
  return set_cairo_error (CAIRO_STATUS_SUCCESS, w, path, error);
}

/* ------------------------------------------------------------- the file */

/* the format (from the extension if AUTO) and a size that can be written */
static gboolean
check_export (const char *path, MlpPlotFormat *format, double width, double height, double dpi,
              GError **error)
{
  if (*format == MLP_PLOT_FORMAT_AUTO && !mlp_plot_format_from_path (path, format))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "Could not write “%s”: unknown file type (use .png, .svg, .pdf or .csv)", path);
      return FALSE;
    }
  if (!(width >= 1 && height >= 1 && width <= 100000 && height <= 100000 &&
        dpi >= 1 && dpi <= 10000))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "Could not write “%s”: the size %g × %g at %g dpi is out of range",
                   path, width, height, dpi);
      return FALSE;
    }
  if (*format == MLP_PLOT_FORMAT_PNG &&
      (lround (width * dpi / 96) > MAX_IMAGE_SIDE || lround (height * dpi / 96) > MAX_IMAGE_SIDE))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "Could not write “%s”: %ld × %ld pixels is larger than a PNG can be here (%d)",
                   path, lround (width * dpi / 96), lround (height * dpi / 96), MAX_IMAGE_SIDE);
      return FALSE;
    }
  return TRUE;
}

/* Makes what was written to tmp durable and renames it to path, if ok so
 * far; closes tmp either way and removes it unless renamed. */
static gboolean
finish_file (Writer *w, const char *tmp, const char *path, gboolean ok, GError **error)
{
  /* EINVAL, EROFS: a file system that cannot sync, as a pipe cannot */
  if (ok && fsync (w->fd) != 0 && errno != EINVAL && errno != EROFS)
    ok = set_io_error (error, path, errno);
  if (close (w->fd) != 0 && ok)
    ok = set_io_error (error, path, errno);
  if (ok && g_rename (tmp, path) != 0)
    ok = set_io_error (error, path, errno);
  if (!ok)
    g_unlink (tmp);
  return ok;
}

gboolean
mlp_plot_export (MlpPlot *plot, const char *path, MlpPlotFormat format,
                 double width, double height, double dpi,
                 const MlpPlotStyle *style, GError **error)
{
  g_autofree char *dir = NULL, *base = NULL, *tmp = NULL;
  Writer w = { -1, 0 };
  gboolean ok;

  g_return_val_if_fail (plot != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_export (path, &format, width, height, dpi, error))
    return FALSE;
  /* a hidden temporary file next to the target, renamed over it at the end:
   * a crash or a full disk never leaves half a figure under the real name */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_strdup_printf ("%s%c.%s.XXXXXX", dir, G_DIR_SEPARATOR, base);
  w.fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0666);
  if (w.fd < 0)
    return set_io_error (error, path, errno);

  ok = write_contents (plot, format, &w, path, width, height, dpi, style, error);
  return finish_file (&w, tmp, path, ok, error);
}
