/* fuzz-safetensors.c — libFuzzer target for the safetensors reader.
 *
 * Any input must either parse into a consistent state dict or fail with an
 * MLP_ERROR that names the source; never crash, hang, leak, read out of bounds
 * or trip a GLib critical (made fatal here).  Parsed state dicts are checked
 * against the invariants callers rely on.
 *
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -I src/engine \
 *     $(pkg-config --cflags glib-2.0) fuzz/fuzz-safetensors.c \
 *     src/engine/mlp-safetensors-{read,header,dtype}.c src/engine/mlp-state-dict.c \
 *     src/engine/mlp-tensor.c src/engine/mlp-file.c src/engine/mlp-error.c \
 *     $(pkg-config --libs glib-2.0) -o fuzz-safetensors
 *   ./fuzz-safetensors new-corpus/ fuzz/corpus-safetensors/
 */
#include "mlp-safetensors.h"
#include "mlp-error.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  GError *error = NULL;
  MlpStateDict *sd = mlp_safetensors_parse (data, size, "fuzz-input", &error);

  if (sd == NULL)
    {
      g_assert (error != NULL);
      g_assert (error->domain == MLP_ERROR);
      g_assert (g_str_has_prefix (error->message, "fuzz-input: "));
      g_error_free (error);
      return 0;
    }

  g_assert (error == NULL);
  g_assert (sd->names->len == sd->tensors->len);
  g_assert (sd->metadata != NULL);
  for (guint i = 0; i < sd->tensors->len; i++)
    {
      const char *name = sd->names->pdata[i];
      MlpTensor *t = sd->tensors->pdata[i];
      gsize numel = 1;
      volatile float sum = 0.0f;

      g_assert (g_utf8_validate (name, -1, NULL));
      g_assert (strcmp (name, "__metadata__") != 0);
      g_assert (mlp_state_dict_lookup (sd, name) == t);
      g_assert (t->ndim <= MLP_MAX_DIMS);
      for (guint d = 0; d < t->ndim; d++)
        numel *= t->shape[d];
      g_assert (numel == t->numel);
      /* every element was written: ASan/MSan would see reads past the buffer */
      for (gsize k = 0; k < t->numel; k++)
        sum += t->data[k];
      (void) sum;
    }
  mlp_state_dict_free (sd);
  return 0;
}
