/* mlp-idx.h — reading IDX files, the format MNIST and Fashion-MNIST ship in:
 * the magic 0x00 0x00, a type code (0x08: unsigned bytes) and the number of
 * dimensions, one big-endian u32 per dimension, then the data.  Files may be
 * gzip-compressed or plain, told apart by content, not by name.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Reads a uint8 IDX file with exactly `expected_ndims` dimensions into a new
 * buffer; dims_out receives the dimensions.  Validates everything before
 * trusting it: the magic, type code, dimension count, a size that the file
 * can actually hold (a header claiming 2^31 images fails without allocating
 * it), truncated data or gzip streams.  Errors name the file. */
gboolean    mlp_idx_read_u8        (const char *path, guint expected_ndims,
                                    guint32 *dims_out, guint8 **data_out,
                                    gsize *size_out, GError **error);

G_END_DECLS
