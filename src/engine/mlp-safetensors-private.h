/* mlp-safetensors-private.h — what the safetensors reader and writer share:
 * the format's limits, its dtypes and the header parser.  Only the
 * mlp-safetensors-*.c files include this; everyone else uses mlp-safetensors.h.
 *
 *   mlp-safetensors-dtype.c    dtype names and sizes, conversion to float32
 *   mlp-safetensors-header.c   the header's JSON, read into MlpSafetensorsEntry values
 *   mlp-safetensors-read.c     checks a file, header first, and reads its tensors
 *   mlp-safetensors-write.c    writes a state dict atomically
 */
#pragma once

#include <glib.h>

#include "mlp-file.h"
#include "mlp-tensor.h"

G_BEGIN_DECLS

#define MLP_SAFETENSORS_HEADER_MAX_BYTES  ((guint64) 100000000)   /* the reference implementation's limit */
#define MLP_SAFETENSORS_METADATA_KEY      "__metadata__"

/* ------------------------------------------------------------------ dtypes */

typedef enum {
  MLP_SAFETENSORS_F32,
  MLP_SAFETENSORS_F64,
  MLP_SAFETENSORS_F16,
  MLP_SAFETENSORS_BF16,
} MlpSafetensorsDtype;

/* FALSE when name ("F32", "BF16", …) is not a dtype we read */
gboolean _mlp_safetensors_dtype_from_name (const char          *name,
                                           MlpSafetensorsDtype *out);
/* bytes per element */
guint    _mlp_safetensors_dtype_size      (MlpSafetensorsDtype  dtype);
/* n elements of dtype at src (little-endian, any alignment) → float32 */
void     _mlp_safetensors_dtype_convert   (MlpSafetensorsDtype  dtype,
                                           const guint8        *src,
                                           gsize                n,
                                           float               *dst);

/* ------------------------------------------------------------------ header */

/* what the header says about one tensor, checked against itself (dtype
 * known, shape's bytes equal to the span of data_offsets) but not yet against
 * the file */
typedef struct {
  char                *name;                  /* owned */
  MlpSafetensorsDtype  dtype;
  guint                ndim;
  guint64              shape[MLP_MAX_DIMS];
  guint64              begin, end;            /* data_offsets, relative to the data part */
  guint                index;                 /* position in the header, to keep sorting stable */
} MlpSafetensorsEntry;

/* Parses the header's JSON: `text` is len bytes of UTF-8 without NUL bytes
 * (the caller checks that), not NUL-terminated.  Fills entries
 * (MlpSafetensorsEntry, in header order; give it
 * _mlp_safetensors_entry_clear as clear func) and metadata (char * → char *).
 * Errors are MLP_ERROR_FORMAT and start with `what`. */
gboolean _mlp_safetensors_parse_header (const char *text,
                                        gsize       len,
                                        const char *what,
                                        GArray     *entries,
                                        GHashTable *metadata,
                                        GError    **error);
void     _mlp_safetensors_entry_clear  (gpointer entry);

/* ------------------------------------------------------------------ files */

/* a safetensors file whose header has been read and checked, its tensors not yet */
typedef struct {
  char       *display;      /* the path, for messages */
  int         fd;
  guint64     data_start;   /* 8 + the header's length */
  GArray     *entries;      /* MlpSafetensorsEntry, in the order of the data */
  GHashTable *metadata;     /* char * → char *, owned (steal it if wanted) */
} MlpSafetensorsFile;

/* Opens path and reads and checks its header (everything but the tensor
 * data): errors as mlp_safetensors_load().  Clear f even on failure. */
gboolean _mlp_safetensors_file_open   (MlpSafetensorsFile *f, const char *path, GError **error);
/* (transfer none) (nullable) the entry named name */
const MlpSafetensorsEntry *_mlp_safetensors_file_lookup (MlpSafetensorsFile *f, const char *name);
/* Reads e's values into dst (as many floats as the entry has values), a
 * chunk at a time; should_stop (nullable) is asked before each chunk and
 * stops the read with MLP_ERROR_CANCELLED. */
gboolean _mlp_safetensors_file_read   (MlpSafetensorsFile *f, const MlpSafetensorsEntry *e,
                                       float *dst, MlpStopFunc should_stop, gpointer user_data,
                                       GError **error);
void     _mlp_safetensors_file_clear  (MlpSafetensorsFile *f);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (MlpSafetensorsFile, _mlp_safetensors_file_clear)

G_END_DECLS
