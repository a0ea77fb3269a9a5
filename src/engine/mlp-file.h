/* mlp-file.h — what the engine checks of a path before it reads or writes
 * it, for callers that want to check before long work: `mlplab-cli train`
 * checks its --json and --save targets before training, not an hour later.
 *
 * The engine reads regular files only (a FIFO, a device or a folder is
 * refused with a message saying what it is, without blocking), and replaces
 * a file the way `cp` would: never one the user may not write, keeping the
 * replaced file's mode, and through a symbolic link to the file it points at.
 * A save is atomic: a crash leaves the old file or the new one and nothing
 * else (an unnamed O_TMPFILE where the file system has it; elsewhere a
 * hidden ".NAME.mlplab-PID-XXXXXX" that the next save removes once its
 * process is gone).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* a progress hook for long loads: returning TRUE stops the load with
 * MLP_ERROR_CANCELLED (the trainer's should_stop has the same shape) */
typedef gboolean (*MlpStopFunc) (gpointer user_data);

/* TRUE when path can be saved to now: its folder exists and is writable,
 * and path is missing or a regular file the user may replace (symbolic
 * links followed).  Else FALSE with an MLP_ERROR_IO naming path and what is
 * wrong ("the folder … does not exist", "is write-protected", "is a
 * folder").  Creates nothing. */
gboolean mlp_file_check_writable (const char *path, GError **error);

/* Writes contents (length bytes, or up to its NUL when −1) to path by the
 * same rules as every save: atomically, never over a write-protected file,
 * keeping the replaced file's mode, through a symbolic link, leaving no
 * temporary file behind.  Errors name path. */
gboolean mlp_file_save_contents  (const char *path, const char *contents, gssize length,
                                  GError **error);

G_END_DECLS
