/* mlp-file.c — see mlp-file.h and mlp-file-private.h.
 *
 * A reader must know what it opened before it trusts the size: a folder, a
 * FIFO or a device would otherwise be read until it blocks or never ends.  So
 * a path is stat()ed first, opened with O_NONBLOCK (a FIFO without a writer
 * then opens at once instead of waiting for one) and fstat()ed again, in case
 * it was swapped in between.
 *
 * A writer never writes into the file it replaces.  The new contents go to
 * an unnamed file in the target's folder (O_TMPFILE), which gets a name only
 * once it is complete and on disk, and is renamed over the target at once; a
 * crash before that leaves nothing.  Where the file system has no O_TMPFILE
 * the temporary file is named ".NAME.mlplab-PID-XXXXXX" from the start; a
 * crash can leave one behind, so each save first removes those of the same
 * target whose process is gone.
 */
#define _GNU_SOURCE   /* O_TMPFILE */
#include "mlp-file-private.h"
#include "mlp-error.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#define MAX_LINKS    40   /* symbolic links followed, as the kernel does */
#define TEMP_MARK    ".mlplab-"

gboolean _mlp_file_writer_use_tmpfile = TRUE;
void (*_mlp_file_writer_before_commit) (const char *tmp_path) = NULL;

const char *
_mlp_file_kind_name (guint mode)
{
  if (S_ISDIR (mode))
    return "a folder";
  if (S_ISFIFO (mode))
    return "a named pipe (FIFO)";
  if (S_ISCHR (mode) || S_ISBLK (mode))
    return "a device";
  if (S_ISSOCK (mode))
    return "a socket";
  if (S_ISLNK (mode))
    return "a symbolic link";
  return "a special file";
}

/* What an errno from looking at or opening path means, in words.  ENOENT on
 * a path that is itself a link means the link points nowhere. */
static void
set_errno_error (GError **error, int saved_errno, const char *path, const char *display,
                 const char *doing)
{
  struct stat st;

  switch (saved_errno)
    {
    case ENOENT:
      if (lstat (path, &st) == 0 && S_ISLNK (st.st_mode))
        g_set_error (error, MLP_ERROR, MLP_ERROR_NOT_FOUND,
                     "%s: is a symbolic link to a file that does not exist", display);
      else
        g_set_error (error, MLP_ERROR, MLP_ERROR_NOT_FOUND, "%s: no such file", display);
      break;
    case ELOOP:
      g_set_error (error, MLP_ERROR, MLP_ERROR_IO,
                   "%s: is a symbolic link that loops (or one of more than %d in a row)",
                   display, MAX_LINKS);
      break;
    case ENOTDIR:
      g_set_error (error, MLP_ERROR, MLP_ERROR_IO,
                   "%s: a part of the path before the file name is not a folder", display);
      break;
    case EACCES:
      g_set_error (error, MLP_ERROR, MLP_ERROR_IO,
                   "%s: could not %s it: permission denied", display, doing);
      break;
    default:
      g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "%s: could not %s it: %s",
                   display, doing, g_strerror (saved_errno));
    }
}

static gboolean
check_regular (const struct stat *st, const char *display, GError **error)
{
  if (S_ISREG (st->st_mode))
    return TRUE;
  g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "%s: is %s, not a regular file",
               display, _mlp_file_kind_name (st->st_mode));
  return FALSE;
}

int
_mlp_file_open_regular (const char *path, const char *display, goffset *size, GError **error)
{
  struct stat st;
  int fd;

  /* stat first, so that a device is never even opened */
  if (g_stat (path, &st) != 0)
    {
      set_errno_error (error, errno, path, display, "open");
      return -1;
    }
  if (!check_regular (&st, display, error))
    return -1;
  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY, 0);
  if (fd < 0)
    {
      set_errno_error (error, errno, path, display, "open");
      return -1;
    }
  if (fstat (fd, &st) != 0 || !check_regular (&st, display, error))
    {
      if (error != NULL && *error == NULL)
        set_errno_error (error, errno, path, display, "read");
      close (fd);
      return -1;
    }
  *size = st.st_size;
  return fd;
}

gssize
_mlp_file_read (int fd, const char *display, void *buf, gsize len, GError **error)
{
  guint8 *p = buf;
  gsize got = 0;

  while (got < len)
    {
      gssize n = read (fd, p + got, MIN (len - got, (gsize) G_MAXSSIZE));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "%s: could not read: %s",
                       display, g_strerror (saved_errno));
          return -1;
        }
      if (n == 0)
        break;
      got += (gsize) n;
    }
  return (gssize) got;
}

/* ---------------------------------------------------------------------------
 * Checking a target
 * ------------------------------------------------------------------------- */

/* (transfer full) path with its symbolic links followed, as open() would
 * follow them, to a path that is not a link (and may not exist yet) */
static char *
follow_links (const char *path, const char *display, GError **error)
{
  g_autofree char *cur = g_strdup (path);

  for (guint hops = 0; hops <= MAX_LINKS; hops++)
    {
      g_autofree char *link = NULL;
      struct stat st;
      char *next;

      if (lstat (cur, &st) != 0)
        {
          if (errno == ENOENT)
            return g_steal_pointer (&cur);     /* a new file; its folder is checked next */
          set_errno_error (error, errno, cur, display, "look at");
          return NULL;
        }
      if (!S_ISLNK (st.st_mode))
        return g_steal_pointer (&cur);
      link = g_file_read_link (cur, NULL);
      if (link == NULL)
        break;
      if (g_path_is_absolute (link))
        next = g_steal_pointer (&link);
      else
        {
          g_autofree char *dir = g_path_get_dirname (cur);

          next = g_build_filename (dir, link, NULL);
        }
      g_free (cur);
      cur = next;
    }
  set_errno_error (error, ELOOP, path, display, "follow");
  return NULL;
}

/* the folder that will hold target must exist and take new files */
static gboolean
check_folder (const char *dir, const char *display, GError **error)
{
  g_autofree char *dir_display = g_filename_display_name (dir);
  struct stat st;

  if (g_stat (dir, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT || saved_errno == ENOTDIR)
        g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "%s: the folder %s does not exist",
                     display, dir_display);
      else
        g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "%s: could not look into the folder %s: %s",
                     display, dir_display, g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISDIR (st.st_mode))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "%s: %s is not a folder", display, dir_display);
      return FALSE;
    }
  if (g_access (dir, W_OK | X_OK) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, MLP_ERROR, MLP_ERROR_IO,
                   "%s: cannot create files in the folder %s: %s", display, dir_display,
                   saved_errno == EACCES ? "permission denied" : g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* target (links followed) may be replaced: missing, or a regular file with
 * a write permission for us — for root too, who may write anything, a file
 * without any write bit is protected, as rm(1) asks before removing one */
static gboolean
check_target (const char *target, const char *display, struct stat *st, gboolean *exists,
              GError **error)
{
  g_autofree char *dir = g_path_get_dirname (target);

  *exists = g_stat (target, st) == 0;
  if (!*exists && errno != ENOENT)
    {
      set_errno_error (error, errno, target, display, "look at");
      return FALSE;
    }
  if (*exists && !check_regular (st, display, error))
    return FALSE;
  if (*exists && ((st->st_mode & 0222) == 0 || g_access (target, W_OK) != 0))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_IO,
                   "%s: is write-protected; it was left as it is (make it writable or choose "
                   "another name)", display);
      return FALSE;
    }
  return check_folder (dir, display, error);
}

gboolean
mlp_file_check_writable (const char *path, GError **error)
{
  g_autofree char *display = NULL;
  g_autofree char *target = NULL;
  gboolean exists;
  struct stat st;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  display = g_filename_display_name (path);
  target = follow_links (path, display, error);
  return target != NULL && check_target (target, display, &st, &exists, error);
}

/* ---------------------------------------------------------------------------
 * Temporary files left by crashed saves
 * ------------------------------------------------------------------------- */

/* when this process started, in seconds since the epoch, or -1 */
static gint64
process_start_time (void)
{
  g_autofree char *stat_text = NULL, *proc_stat = NULL;
  unsigned long long ticks = 0, boot = 0;
  const char *p, *btime;

  if (!g_file_get_contents ("/proc/self/stat", &stat_text, NULL, NULL) ||
      !g_file_get_contents ("/proc/stat", &proc_stat, NULL, NULL) ||
      (p = strrchr (stat_text, ')')) == NULL || (btime = strstr (proc_stat, "\nbtime ")) == NULL)
    return -1;
  /* after "pid (comm)": state is field 3, starttime field 22 */
  if (sscanf (p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
              &ticks) != 1 || sscanf (btime, " btime %llu", &boot) != 1)
    return -1;
  return (gint64) boot + (gint64) (ticks / (unsigned long long) sysconf (_SC_CLK_TCK));
}

/* the PID in ".NAME.mlplab-PID-XXXXXX", or 0 when name is not a temporary
 * file of ours for NAME */
static pid_t
temp_owner (const char *name, const char *prefix)
{
  const char *p = name + strlen (prefix);
  gint64 pid = 0;

  if (!g_str_has_prefix (name, prefix))
    return 0;
  for (; g_ascii_isdigit (*p) && pid < G_MAXINT32; p++)
    pid = pid * 10 + (*p - '0');
  if (pid <= 0 || pid >= G_MAXINT32 || *p != '-' || strlen (p + 1) != 6)
    return 0;
  return (pid_t) pid;
}

/* Removes the temporary files of crashed saves to dir/base: those whose
 * process is gone, or, where the PID is ours again, older than we are.  A
 * live process's file is its save in progress and stays. */
static void
remove_stale_temps (const char *dir, const char *base)
{
  g_autofree char *prefix = g_strconcat (".", base, TEMP_MARK, NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  gint64 started = -2;
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = NULL;
      pid_t pid = temp_owner (name, prefix);
      struct stat st;

      if (pid == 0)
        continue;
      path = g_build_filename (dir, name, NULL);
      if (pid == getpid ())
        {
          if (started == -2)
            started = process_start_time ();
          if (started < 0 || lstat (path, &st) != 0 || st.st_mtime >= started)
            continue;
        }
      else if (kill (pid, 0) == 0 || errno == EPERM)
        continue;
      g_unlink (path);
    }
}

/* ---------------------------------------------------------------------------
 * Replacing a file
 * ------------------------------------------------------------------------- */

struct _MlpFileWriter {
  char     *display;     /* the user's path, for every message */
  char     *target;      /* where the new file goes: the path, links followed */
  char     *tmp_path;    /* the named temporary file, or NULL while unnamed */
  int       fd;
  gboolean  committed;
};

/* (transfer full) dir/.base.mlplab-PID-XXXXXX, the Xs random unless keep_x */
static char *
temp_path (const MlpFileWriter *w, gboolean keep_x)
{
  static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  g_autofree char *dir = g_path_get_dirname (w->target);
  g_autofree char *base = g_path_get_basename (w->target);
  char x[7] = "XXXXXX";
  g_autofree char *name = NULL;

  for (guint i = 0; i < 6 && !keep_x; i++)
    x[i] = chars[g_random_int_range (0, sizeof chars - 1)];
  name = g_strdup_printf (".%s" TEMP_MARK "%d-%s", base, (int) getpid (), x);
  return g_build_filename (dir, name, NULL);
}

/* the new file: unnamed where we can, else named; mode as the old file's */
static gboolean
open_temp (MlpFileWriter *w, gboolean exists, mode_t mode, GError **error)
{
  int saved_errno;

#ifdef O_TMPFILE
  if (_mlp_file_writer_use_tmpfile && g_file_test ("/proc/self/fd", G_FILE_TEST_IS_DIR))
    {
      g_autofree char *dir = g_path_get_dirname (w->target);

      w->fd = g_open (dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    }
#endif
  if (w->fd < 0)
    {
      w->tmp_path = temp_path (w, TRUE);
      w->fd = g_mkstemp_full (w->tmp_path, O_WRONLY | O_CLOEXEC, 0666);
    }
  if (w->fd < 0)
    {
      saved_errno = errno;
      g_clear_pointer (&w->tmp_path, g_free);
      g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "%s: could not create a file in its folder: %s",
                   w->display, g_strerror (saved_errno));
      return FALSE;
    }
  if (exists && fchmod (w->fd, mode & 07777) != 0)
    {
      saved_errno = errno;
      g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "%s: could not keep its permissions: %s",
                   w->display, g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

MlpFileWriter *
_mlp_file_writer_new (const char *path, GError **error)
{
  g_autoptr(MlpFileWriter) w = g_new0 (MlpFileWriter, 1);
  g_autofree char *dir = NULL, *base = NULL;
  gboolean exists;
  struct stat st;

  g_return_val_if_fail (path != NULL, NULL);
  w->fd = -1;
  w->display = g_filename_display_name (path);
  w->target = follow_links (path, w->display, error);
  if (w->target == NULL || !check_target (w->target, w->display, &st, &exists, error))
    return NULL;
  dir = g_path_get_dirname (w->target);
  base = g_path_get_basename (w->target);
  remove_stale_temps (dir, base);
  if (!open_temp (w, exists, st.st_mode, error))
    return NULL;
  return g_steal_pointer (&w);
}

static gboolean
set_write_error (MlpFileWriter *w, const char *doing, int saved_errno, GError **error)
{
  g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "%s: could not %s: %s",
               w->display, doing, g_strerror (saved_errno));
  return FALSE;
}

gboolean
_mlp_file_writer_write (MlpFileWriter *w, const void *buf, gsize len, GError **error)
{
  const guint8 *p = buf;

  g_return_val_if_fail (w != NULL && w->fd >= 0, FALSE);
  while (len > 0)
    {
      gssize n = write (w->fd, p, MIN (len, (gsize) G_MAXSSIZE));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return set_write_error (w, "write", errno, error);
      p += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* gives the unnamed file a temporary name in the target's folder */
static gboolean
name_temp (MlpFileWriter *w, GError **error)
{
  g_autofree char *fd_path = g_strdup_printf ("/proc/self/fd/%d", w->fd);

  for (guint tries = 0; tries < 100; tries++)
    {
      g_autofree char *name = temp_path (w, FALSE);

      if (linkat (AT_FDCWD, fd_path, AT_FDCWD, name, AT_SYMLINK_FOLLOW) == 0)
        {
          w->tmp_path = g_steal_pointer (&name);
          return TRUE;
        }
      if (errno != EEXIST)
        break;
    }
  return set_write_error (w, "write", errno, error);
}

gboolean
_mlp_file_writer_commit (MlpFileWriter *w, GError **error)
{
  g_autofree char *dir = NULL;
  int fd;

  g_return_val_if_fail (w != NULL && w->fd >= 0 && !w->committed, FALSE);
  if (fsync (w->fd) != 0)
    return set_write_error (w, "write", errno, error);
  if (_mlp_file_writer_before_commit != NULL)
    _mlp_file_writer_before_commit (w->tmp_path);
  if (w->tmp_path == NULL && !name_temp (w, error))
    return FALSE;
  fd = w->fd;
  w->fd = -1;
  if (close (fd) != 0)
    return set_write_error (w, "write", errno, error);
  if (g_rename (w->tmp_path, w->target) != 0)
    return set_write_error (w, "replace", errno, error);
  w->committed = TRUE;
  g_clear_pointer (&w->tmp_path, g_free);

  /* the rename itself on disk too; a folder that cannot be synced is no error */
  dir = g_path_get_dirname (w->target);
  fd = g_open (dir, O_RDONLY | O_CLOEXEC | O_DIRECTORY, 0);
  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
  return TRUE;
}

void
_mlp_file_writer_free (MlpFileWriter *w)
{
  if (w == NULL)
    return;
  if (w->fd >= 0)
    close (w->fd);
  if (w->tmp_path != NULL && !w->committed)
    g_unlink (w->tmp_path);
  g_free (w->tmp_path);
  g_free (w->target);
  g_free (w->display);
  g_free (w);
}

gboolean
mlp_file_save_contents (const char *path, const char *contents, gssize length, GError **error)
{
  g_autoptr(MlpFileWriter) w = NULL;
  gsize len = length < 0 ? strlen (contents) : (gsize) length;

  w = _mlp_file_writer_new (path, error);
  return w != NULL && _mlp_file_writer_write (w, contents, len, error) && _mlp_file_writer_commit (w, error);
}
