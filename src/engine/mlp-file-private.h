/* mlp-file-private.h — opening the files the engine reads (IDX data sets,
 * safetensors checkpoints) and replacing the files it writes (checkpoints,
 * JSON), with the same checks and the same messages everywhere.
 * Engine-internal; the public half is mlp-file.h. */
#pragma once

#include <glib.h>

#include "mlp-file.h"

G_BEGIN_DECLS

/* Opens path read-only (close-on-exec, without blocking on a FIFO) and
 * checks that it is a regular file; *size is its size.  Returns the
 * descriptor, or -1 with an error that starts with display:
 * MLP_ERROR_NOT_FOUND when there is no such file, MLP_ERROR_IO otherwise,
 * saying what is there instead ("is a named pipe (FIFO), not a file", "is a
 * symbolic link that loops", …). */
int  _mlp_file_open_regular (const char *path, const char *display, goffset *size,
                             GError **error);
/* read(2) of up to len bytes, retrying EINTR; -1 with an error naming display */
gssize _mlp_file_read (int fd, const char *display, void *buf, gsize len, GError **error);
/* what an existing non-regular file is, for messages: "a folder", "a named
 * pipe (FIFO)", "a device", … */
const char *_mlp_file_kind_name (guint mode);

/* ------------------------------------------------------------ replacing */

typedef struct _MlpFileWriter MlpFileWriter;

/* Starts replacing path (see mlp-file.h): checks it as
 * mlp_file_check_writable() does, removes temporary files that earlier,
 * crashed saves to the same file left, and opens the new contents.
 * (transfer full) or NULL with an MLP_ERROR_IO naming path. */
MlpFileWriter *_mlp_file_writer_new    (const char *path, GError **error);
gboolean       _mlp_file_writer_write  (MlpFileWriter *w, const void *buf, gsize len,
                                        GError **error);
/* Flushes the new contents to disk and puts them in place of the old.
 * Errors name the user's file, never the temporary one. */
gboolean       _mlp_file_writer_commit (MlpFileWriter *w, GError **error);
/* an uncommitted writer leaves the old file as it was and no temporary file */
void           _mlp_file_writer_free   (MlpFileWriter *w);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpFileWriter, _mlp_file_writer_free)

/* For the tests only.  use_tmpfile FALSE makes writers use a named
 * temporary file as where the file system has no O_TMPFILE; before_commit
 * (nullable) runs after the data is written and flushed, before it is put
 * in place, with the temporary file's path (NULL for an unnamed one). */
extern gboolean _mlp_file_writer_use_tmpfile;
extern void   (*_mlp_file_writer_before_commit) (const char *tmp_path);

G_END_DECLS
