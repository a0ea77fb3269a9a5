/* mlp-safetensors.h — checkpoints in the safetensors format.
 *
 * The file is an 8-byte little-endian header length N, N bytes of JSON
 *   {"W1": {"dtype": "F32", "shape": [784, 256], "data_offsets": [0, 802816]},
 *    "__metadata__": {"model": "mlp-scratch", …}}
 * and the raw little-endian tensor bytes, so that a PyTorch user can
 * `safetensors.torch.load_file()` what MLP Lab saved, and the other way round
 * for F32 tensors.  Saving is atomic (a temporary file renamed over the
 * target) and follows mlp-file.h's rules for replacing a file.  Loading validates everything: header size against the file size,
 * the JSON, dtypes, shapes against offsets, overlapping or out-of-range data.
 *
 * Reading is mlp-safetensors-read.c, writing mlp-safetensors-write.c.
 */
#pragma once

#include <glib.h>

#include "mlp-file.h"
#include "mlp-state-dict.h"

G_BEGIN_DECLS

/* Writes the tensors (with their names, in sd's order) as F32 and sd's
 * string metadata.  Errors name the file: MLP_ERROR_IO, or
 * MLP_ERROR_INVALID_ARGUMENT for names or metadata that are not UTF-8 or a
 * name given twice. */
gboolean      mlp_safetensors_save   (const char   *path,
                                      MlpStateDict *sd,
                                      GError      **error);
/* (transfer full) or NULL with error naming the file and the problem */
MlpStateDict *mlp_safetensors_load   (const char  *path,
                                      GError     **error);
/* the same, asking should_stop (nullable; it may block to pause) between
 * chunks of 1 MiB: TRUE stops the load with MLP_ERROR_CANCELLED */
MlpStateDict *mlp_safetensors_load_full (const char  *path,
                                         MlpStopFunc  should_stop,
                                         gpointer     user_data,
                                         GError     **error);
/* the same from memory; `what` (nullable) names the source in error messages */
MlpStateDict *mlp_safetensors_parse  (const guint8 *bytes,
                                      gsize         len,
                                      const char   *what,
                                      GError      **error);

G_END_DECLS
