/* fuzz-checkpoint.c — libFuzzer target for the checkpoint loader,
 * mlp_checkpoint_load_full(): the safetensors file and its metadata.
 *
 * Any input must either load into a model that agrees with its own
 * configuration, or fail with an MLP_ERROR that names the file; never
 * crash, hang, leak, allocate more than the file justifies or trip a GLib
 * critical (made fatal here).  The input is handed to the loader as a file
 * (a memfd, opened through /proc/self/fd), because the loader reads files,
 * header first.
 *
 *   meson setup build -Dfuzzing=enabled && meson compile -C build
 *   build/fuzz/fuzz-checkpoint new-corpus/ fuzz/corpus-checkpoint/
 */
#define _GNU_SOURCE   /* memfd_create */
#include "mlp-checkpoint.h"
#include "mlp-error.h"
#include "mlp-ops.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int input_fd = -1;
static char input_path[64];

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  input_fd = memfd_create ("fuzz-checkpoint", MFD_CLOEXEC);
  g_assert (input_fd >= 0);
  g_snprintf (input_path, sizeof input_path, "/proc/self/fd/%d", input_fd);
  return 0;
}

/* a loaded model is what its configuration says */
static void
check_model (MlpModel *model)
{
  const MlpModelConfig *mc = mlp_model_get_config (model);
  g_autoptr(MlpTensor) X = mlp_tensor_new_2d (1, mc->num_inputs);
  g_autoptr(MlpTensor) logits = NULL;
  volatile gsize nonfinite;

  g_assert (mlp_model_config_validate (mc, NULL));
  g_assert (mlp_model_count_parameters (model) == mlp_model_config_count_parameters (mc));
  g_assert (mlp_model_config_count_parameters (mc) * sizeof (float) <= ((guint64) 64 << 20));
  nonfinite = mlp_model_count_nonfinite (model);
  (void) nonfinite;
  mlp_no_grad_begin ();
  mlp_model_set_training (model, FALSE);
  logits = mlp_model_forward (model, X);
  mlp_no_grad_end ();
  g_assert (logits->numel == mc->num_outputs);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  MlpCheckpointLoadOptions options = { .max_model_bytes = (guint64) 64 << 20 };
  MlpCheckpointProgress progress;
  MlpTrainConfig train;
  GError *error = NULL;
  MlpModel *model;

  g_assert (ftruncate (input_fd, 0) == 0);
  g_assert (pwrite (input_fd, data, size, 0) == (ssize_t) size);
  mlp_train_config_init (&train);
  model = mlp_checkpoint_load_full (input_path, &options, &train, &progress, &error);
  if (model == NULL)
    {
      g_assert (error != NULL);
      g_assert (error->domain == MLP_ERROR);
      g_assert (g_str_has_prefix (error->message, input_path));
      g_error_free (error);
      return 0;
    }
  g_assert (error == NULL);
  g_assert (mlp_train_config_validate (&train, NULL));
  g_assert (!progress.stopped || progress.stopped_epoch >= 1);
  check_model (model);
  mlp_model_free (model);
  return 0;
}
