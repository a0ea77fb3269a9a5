/* mlp-file-private.h — opening the files the engine reads (IDX data sets,
 * safetensors checkpoints), with the same checks and the same messages for
 * both.  Engine-internal. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Opens path read-only (close-on-exec) and checks that it is a regular
 * file; *size is its size.  Returns the descriptor, or -1 with an error that
 * starts with display: MLP_ERROR_NOT_FOUND when there is no such file,
 * MLP_ERROR_IO otherwise ("is not a regular file but a folder", …). */
int _mlp_file_open_regular (const char *path, const char *display, goffset *size,
                            GError **error);

G_END_DECLS
