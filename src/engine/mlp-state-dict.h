/* mlp-state-dict.h — named tensors in order, PyTorch's state_dict.
 *
 *   g_autoptr(MlpStateDict) sd = mlp_model_parameters (model);
 *   MlpTensor *w = mlp_state_dict_lookup (sd, "net.1.weight");   // borrowed
 *
 * What a model hands its optimiser (references to the live parameters) and
 * what a checkpoint holds (mlp-safetensors.h: copies read from a file, plus
 * the file's string metadata).  Like a Python dict it keeps the order in
 * which names were first added.
 */
#pragma once

#include <glib.h>

#include "mlp-tensor.h"

G_BEGIN_DECLS

typedef struct {
  GPtrArray  *names;     /* char *, in insertion (for a file: data) order, owned */
  GPtrArray  *tensors;   /* MlpTensor *, parallel to names, one reference each */
  GHashTable *metadata;  /* char * → char *, owned; a checkpoint's "__metadata__", may be empty */
} MlpStateDict;

/* (transfer full) an empty dict */
MlpStateDict *mlp_state_dict_new    (void);
void          mlp_state_dict_free   (MlpStateDict *sd);
/* Adds a reference to t under name (copied).  A name added twice keeps its
 * first position and gets the newer tensor, as d[name] = t in Python. */
void          mlp_state_dict_add    (MlpStateDict *sd, const char *name, MlpTensor *t);
/* Adds every tensor of other, in its order, as dict.update(other); the
 * metadata is not touched. */
void          mlp_state_dict_update (MlpStateDict *sd, const MlpStateDict *other);
/* (transfer none) (nullable) the tensor under name */
MlpTensor    *mlp_state_dict_lookup (MlpStateDict *sd, const char *name);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpStateDict, mlp_state_dict_free)

G_END_DECLS
