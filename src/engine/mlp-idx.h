/* mlp-idx.h — reading IDX files, the format MNIST and Fashion-MNIST ship in:
 * the magic 0x00 0x00, a type code (0x08: unsigned bytes) and the number of
 * dimensions, one big-endian u32 per dimension, then the data.  Files may be
 * gzip-compressed or plain, told apart by content, not by name.
 */
#pragma once

#include <glib.h>

#include "mlp-file.h"

G_BEGIN_DECLS

/* Reads a uint8 IDX file with exactly `expected_ndims` dimensions into a new
 * buffer; dims_out receives the dimensions.  Validates everything before
 * trusting it: the magic, type code, dimension count, a size that the file
 * can actually hold (a header claiming 2^31 images fails without allocating
 * it), truncated data or gzip streams.  Errors name the file. */
gboolean    mlp_idx_read_u8        (const char *path, guint expected_ndims,
                                    guint32 *dims_out, guint8 **data_out,
                                    gsize *size_out, GError **error);
/* The same with limits on the dimensions (max_dims: expected_ndims values,
 * 0 for no limit; nullable), checked from the header before any data is
 * read, and a stop hook asked between chunks of 1 MiB (nullable). */
gboolean    mlp_idx_read_u8_full   (const char *path, guint expected_ndims,
                                    const guint32 *max_dims, MlpStopFunc should_stop,
                                    gpointer user_data, guint32 *dims_out,
                                    guint8 **data_out, gsize *size_out, GError **error);

G_END_DECLS
