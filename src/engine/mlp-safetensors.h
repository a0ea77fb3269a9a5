/* mlp-safetensors.h — checkpoints in the safetensors format.
 *
 * The file is an 8-byte little-endian header length N, N bytes of JSON
 *   {"W1": {"dtype": "F32", "shape": [784, 256], "data_offsets": [0, 802816]},
 *    "__metadata__": {"model": "mlp-scratch", …}}
 * and the raw little-endian tensor bytes, so that a PyTorch user can
 * `safetensors.torch.load_file()` what MLP Lab saved, and the other way round
 * for F32 tensors.  Saving is atomic (a temporary file renamed over the
 * target).  Loading validates everything: header size against the file size,
 * the JSON, dtypes, shapes against offsets, overlapping or out-of-range data.
 */
#pragma once

#include <glib.h>

#include "mlp-tensor.h"

G_BEGIN_DECLS

typedef struct {
  GPtrArray  *names;     /* char *, in file order (sorted by data offset) */
  GPtrArray  *tensors;   /* MlpTensor *, parallel to names, owned */
  GHashTable *metadata;  /* char * → char *, the "__metadata__" object; may be empty */
} MlpStateDict;

MlpStateDict *mlp_state_dict_new     (void);
void          mlp_state_dict_free    (MlpStateDict *sd);
/* adds a reference to t under name */
void          mlp_state_dict_add     (MlpStateDict *sd, const char *name, MlpTensor *t);
/* (transfer none) or NULL */
MlpTensor    *mlp_state_dict_lookup  (MlpStateDict *sd, const char *name);

/* Writes the tensors (with their names) and the string metadata (may be NULL). */
gboolean      mlp_safetensors_save   (const char   *path,
                                      MlpStateDict *sd,
                                      GError      **error);
/* (transfer full) or NULL with error naming the file and the problem */
MlpStateDict *mlp_safetensors_load   (const char  *path,
                                      GError     **error);
/* the same from memory; `what` names the source in error messages */
MlpStateDict *mlp_safetensors_parse  (const guint8 *bytes,
                                      gsize         len,
                                      const char   *what,
                                      GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpStateDict, mlp_state_dict_free)

G_END_DECLS
