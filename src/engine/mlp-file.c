/* mlp-file.c — see mlp-file-private.h.
 *
 * A reader must know what it opened before it trusts the size: a folder, a
 * FIFO or a device would otherwise be read until it blocks or never ends.
 */
#include "mlp-file-private.h"
#include "mlp-error.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

int
_mlp_file_open_regular (const char *path, const char *display, goffset *size, GError **error)
{
  struct stat st;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      int saved_errno = errno;

      g_set_error (error, MLP_ERROR,
                   saved_errno == ENOENT ? MLP_ERROR_NOT_FOUND : MLP_ERROR_IO,
                   "%s: could not open: %s", display, g_strerror (saved_errno));
      return -1;
    }
  if (fstat (fd, &st) != 0)
    {
      int saved_errno = errno;

      close (fd);
      g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "%s: could not read: %s",
                   display, g_strerror (saved_errno));
      return -1;
    }
  if (!S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "%s: is not a regular file%s",
                   display, S_ISDIR (st.st_mode) ? " but a folder" : "");
      return -1;
    }
  *size = st.st_size;
  return fd;
}
