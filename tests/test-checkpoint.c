/* test-checkpoint.c — loading checkpoints that lie: metadata that claims a
 * model far larger than the tensors in the file, a file of 4 GiB that is
 * almost all holes, a model over the parameter budget.  Each must give an
 * MLP_ERROR before anything is allocated; the tests that could allocate run
 * in a subprocess with a 1 GiB address space, where an allocation of the
 * claimed size aborts.
 */
#include "mlp-checkpoint.h"
#include "mlp-error.h"
#include "mlp-models.h"
#include "mlp-safetensors.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "test-tmp.h"

#define MEMORY_LIMIT ((guint64) 1 << 30)

typedef struct {
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = test_tmp_dir_new ("mlplab-test-checkpoint");
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  test_tmp_remove_tree (f->dir);
  g_free (f->dir);
}

/* Runs the test again in a subprocess under the memory limit; TRUE in that
 * subprocess (go on with the test), FALSE in the parent. */
static gboolean
in_limited_subprocess (void)
{
  if (g_test_subprocess ())
    {
      if (!test_limit_address_space (MEMORY_LIMIT))
        g_test_message ("no memory limit under ASan or valgrind");
      return TRUE;
    }
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  return FALSE;
}

static void
small_config (MlpModelConfig *mc, MlpModelKind kind)
{
  mlp_model_config_init (mc, kind);
  mc->num_inputs = 6;
  mc->num_outputs = 3;
  for (guint i = 0; i < mc->n_hidden; i++)
    mc->hiddens[i] = 4;
}

/* (transfer full) dir/name: a small model's checkpoint with key = value
 * set in its metadata (both may be NULL) */
static char *
save_small (const char *dir, const char *name, MlpModelKind kind, const char *key,
            const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpModel) model = NULL;
  g_autoptr(MlpStateDict) sd = NULL;
  char *path = g_build_filename (dir, name, NULL);
  MlpModelConfig mc;
  MlpTrainConfig tc;

  small_config (&mc, kind);
  mlp_train_config_init (&tc);
  model = mlp_model_new (&mc, &error);
  g_assert_no_error (error);
  g_assert_true (mlp_checkpoint_save (path, model, &tc, 1, &error));
  g_assert_no_error (error);
  if (key == NULL)
    return path;
  sd = mlp_safetensors_load (path, &error);
  g_assert_no_error (error);
  g_hash_table_insert (sd->metadata, g_strdup (key), g_strdup (value));
  g_assert_true (mlp_safetensors_save (path, sd, &error));
  g_assert_no_error (error);
  return path;
}

static void
assert_load_fails (const char *path, gint code, const char *needle)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpModel) model = mlp_checkpoint_load (path, NULL, &error);

  g_assert_null (model);
  g_assert_error (error, MLP_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, needle));
}

/* 560 bytes that claim inputs=1048576, hiddens=16384: a 64 GiB W1 */
static void
test_huge_claims (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;
  g_autofree char *deep = NULL;
  g_autoptr(GString) layers = g_string_new ("16384");
  g_autoptr(MlpStateDict) sd = NULL;
  g_autoptr(GError) error = NULL;
  goffset size;

  if (!in_limited_subprocess ())
    return;
  path = save_small (f->dir, "huge.safetensors", MLP_MODEL_MLP_SCRATCH, "mlplab.hiddens", "16384");
  sd = mlp_safetensors_load (path, &error);
  g_assert_no_error (error);
  g_hash_table_insert (sd->metadata, g_strdup ("mlplab.inputs"), g_strdup ("1048576"));
  g_assert_true (mlp_safetensors_save (path, sd, &error));
  g_assert_no_error (error);
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (path, &st), ==, 0);
    size = st.st_size;
  }
  g_test_message ("%s has %" G_GINT64_FORMAT " bytes", path, (gint64) size);
  g_assert_cmpint (size, <, 1024);
  assert_load_fails (path, MLP_ERROR_FORMAT, "W1");

  /* 32 layers of 16384: 8.6 billion parameters */
  for (guint i = 1; i < MLP_MAX_HIDDEN; i++)
    g_string_append (layers, ",16384");
  deep = save_small (f->dir, "deep.safetensors", MLP_MODEL_MLP, "mlplab.hiddens", layers->str);
  assert_load_fails (deep, MLP_ERROR_FORMAT, "net.1.weight");
}

/* a real checkpoint whose metadata says hiddens 16384,16384 (1.1 GB of
 * parameters): the mismatch is found before the model is built */
static void
test_mismatch_before_allocating (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;

  if (!in_limited_subprocess ())
    return;
  path = save_small (f->dir, "edited.safetensors", MLP_MODEL_DROPOUT_SCRATCH,
                     "mlplab.hiddens", "16384,16384");
  assert_load_fails (path, MLP_ERROR_FORMAT, "lin1.weight");
}

/* A checkpoint made 4 GiB long with ftruncate (a hole after the tensors):
 * read as far as its header says, at once.  A file of holes only has a
 * zero header length, which is not a safetensors header. */
static void
test_sparse (Fixture *f, gconstpointer data)
{
  g_autofree char *path = NULL;
  g_autofree char *holes = NULL;
  g_autoptr(MlpModel) model = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t0;
  int fd;

  if (!in_limited_subprocess ())
    return;
  path = save_small (f->dir, "sparse.safetensors", MLP_MODEL_MLP, NULL, NULL);
  holes = g_build_filename (f->dir, "holes.safetensors", NULL);
  g_assert_cmpint (truncate (path, (goffset) 4 << 30), ==, 0);
  fd = g_open (holes, O_WRONLY | O_CREAT, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (goffset) 4 << 30), ==, 0);
  close (fd);

  t0 = g_get_monotonic_time ();
  model = mlp_checkpoint_load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (model);
  assert_load_fails (holes, MLP_ERROR_FORMAT, "header");
  g_test_message ("both in %.3f s", (g_get_monotonic_time () - t0) / 1e6);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 5 * G_USEC_PER_SEC);
}

/* --hiddens 16384,16384,16384,16384: 3.3 GB of parameters, over the 2 GiB
 * budget, refused before anything is allocated */
static void
test_budget (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpModel) model = NULL;
  MlpModelConfig mc;

  if (!in_limited_subprocess ())
    return;
  mlp_model_config_init (&mc, MLP_MODEL_MLP);
  mc.n_hidden = 4;
  for (guint i = 0; i < mc.n_hidden; i++)
    mc.hiddens[i] = 16384;
  g_assert_false (mlp_model_config_validate (&mc, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "budget"));
  g_clear_error (&error);
  model = mlp_model_new (&mc, &error);
  g_assert_null (model);
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
}

/* The shapes the config promises are the model's, for every kind and
 * activation: the loader checks files against them. */
static void
test_parameter_specs (void)
{
  const MlpActivation activations[] = { MLP_ACTIVATION_RELU, MLP_ACTIVATION_PRELU };

  for (MlpModelKind kind = MLP_MODEL_MLP_SCRATCH; kind <= MLP_MODEL_DROPOUT; kind++)
    for (guint a = 0; a < G_N_ELEMENTS (activations); a++)
      for (guint layers = 1; layers <= 3; layers++)
        {
          g_autoptr(MlpModel) model = NULL;
          g_autoptr(MlpStateDict) params = NULL;
          g_autoptr(GArray) specs = NULL;
          MlpModelConfig mc;

          small_config (&mc, kind);
          mc.activation = activations[a];
          mc.n_hidden = layers;
          for (guint i = 0; i < layers; i++)
            {
              mc.hiddens[i] = 3 + i;
              mc.dropouts[i] = mlp_model_kind_has_dropout (kind) ? 0.5f : 0.0f;
            }
          model = mlp_model_new (&mc, NULL);
          params = mlp_model_parameters (model);
          specs = mlp_model_config_parameter_specs (&mc);
          g_assert_cmpuint (specs->len, ==, params->names->len);
          for (guint i = 0; i < specs->len; i++)
            {
              const MlpParameterSpec *spec = &g_array_index (specs, MlpParameterSpec, i);
              const MlpTensor *t = params->tensors->pdata[i];

              g_assert_cmpstr (spec->name, ==, params->names->pdata[i]);
              g_assert_cmpuint (spec->ndim, ==, t->ndim);
              for (guint d = 0; d < t->ndim; d++)
                g_assert_cmpuint (spec->shape[d], ==, t->shape[d]);
            }
          g_assert_cmpuint (mlp_model_config_count_parameters (&mc), ==,
                            mlp_model_count_parameters (model));
        }
}

/* the budget is the config's, or the loader's option */
static void
test_budget_override (Fixture *f, gconstpointer data)
{
  g_autofree char *path = save_small (f->dir, "small.safetensors", MLP_MODEL_MLP, NULL, NULL);
  MlpCheckpointLoadOptions options = { .max_model_bytes = 64 };
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpModel) model = NULL;
  MlpModelConfig mc;

  small_config (&mc, MLP_MODEL_MLP);   /* 6·4 + 4 + 4·3 + 3 = 43 parameters, 172 bytes */
  mc.max_param_bytes = 172;
  g_assert_true (mlp_model_config_validate (&mc, &error));
  g_assert_no_error (error);
  mc.max_param_bytes = 171;
  g_assert_false (mlp_model_config_validate (&mc, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  model = mlp_checkpoint_load_full (path, &options, NULL, NULL, &error);
  g_assert_null (model);
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "budget of 64 bytes"));
}

/* NaN and infinity load (the file is well-formed) and are counted */
static void
test_nonfinite (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "nan.safetensors", NULL);
  g_autoptr(MlpModel) model = NULL, loaded = NULL;
  g_autoptr(MlpStateDict) params = NULL;
  g_autoptr(GError) error = NULL;
  MlpModelConfig mc;
  MlpTrainConfig tc;
  MlpTensor *w;

  small_config (&mc, MLP_MODEL_MLP_SCRATCH);
  mlp_train_config_init (&tc);
  model = mlp_model_new (&mc, NULL);
  g_assert_cmpuint (mlp_model_count_nonfinite (model), ==, 0);
  params = mlp_model_parameters (model);
  w = params->tensors->pdata[0];
  w->data[0] = NAN;
  w->data[3] = INFINITY;
  w->data[5] = -INFINITY;
  g_assert_true (mlp_checkpoint_save (path, model, &tc, 1, NULL));
  loaded = mlp_checkpoint_load (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mlp_model_count_nonfinite (loaded), ==, 3);
}

static gboolean
stop_after (gpointer data)
{
  int *calls = data;

  return --*calls < 0;
}

/* a stopped run says where it stopped; a load can be stopped */
static void
test_stopped_run (Fixture *f, gconstpointer data)
{
  g_autofree char *path = g_build_filename (f->dir, "stopped.safetensors", NULL);
  g_autoptr(MlpModel) model = NULL, loaded = NULL;
  g_autoptr(MlpStateDict) sd = NULL;
  g_autoptr(GError) error = NULL;
  MlpCheckpointProgress saved = { 2, TRUE, 3, 17 }, got = { 0 };
  MlpCheckpointLoadOptions options = { 0 };
  MlpModelConfig mc;
  MlpTrainConfig tc;
  int calls = 2;

  small_config (&mc, MLP_MODEL_DROPOUT);
  mlp_train_config_init (&tc);
  model = mlp_model_new (&mc, NULL);
  g_assert_true (mlp_checkpoint_save_full (path, model, &tc, &saved, &error));
  g_assert_no_error (error);
  sd = mlp_safetensors_load (path, &error);
  g_assert_cmpstr (g_hash_table_lookup (sd->metadata, "mlplab.status"), ==, "stopped at epoch 3, batch 17");
  g_assert_cmpstr (g_hash_table_lookup (sd->metadata, "mlplab.epochs"), ==, "2");
  loaded = mlp_checkpoint_load_full (path, NULL, NULL, &got, &error);
  g_assert_no_error (error);
  g_assert_true (got.stopped);
  g_assert_cmpuint (got.epochs, ==, 2);
  g_assert_cmpuint (got.stopped_epoch, ==, 3);
  g_assert_cmpuint (got.stopped_batch, ==, 17);
  g_clear_pointer (&loaded, mlp_model_free);

  /* 6 tensors: the third read is asked to stop */
  options.should_stop = stop_after;
  options.user_data = &calls;
  loaded = mlp_checkpoint_load_full (path, &options, NULL, &got, &error);
  g_assert_null (loaded);
  g_assert_error (error, MLP_ERROR, MLP_ERROR_CANCELLED);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_cmpint (calls, ==, -1);
}

/* the 8-byte header length must frame the JSON: when it does not, the
 * message says so (it used to say "not UTF-8" or "unexpected end") */
static void
test_lying_header_length (Fixture *f, gconstpointer data)
{
  g_autofree char *path = save_small (f->dir, "lie.safetensors", MLP_MODEL_MLP, NULL, NULL);
  g_autofree char *bytes = NULL;
  gsize len;
  guint64 header_len;

  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  memcpy (&header_len, bytes, 8);
  header_len = GUINT64_FROM_LE (header_len);
  for (int delta = -1; delta <= 1; delta += 2)
    {
      guint64 lie = GUINT64_TO_LE (header_len + (guint64) (delta * 40));
      g_autoptr(GError) error = NULL;
      g_autoptr(MlpStateDict) sd = NULL;

      memcpy (bytes, &lie, 8);
      g_assert_true (g_file_set_contents (path, bytes, (gssize) len, NULL));
      sd = mlp_safetensors_load (path, &error);
      g_assert_null (sd);
      g_assert_error (error, MLP_ERROR, MLP_ERROR_FORMAT);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, delta < 0 ? "the header length is too small"
                                                          : "the header length is too large"));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) g_test_add (name, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/checkpoint/huge-claims", test_huge_claims);
  ADD ("/checkpoint/mismatch-before-allocating", test_mismatch_before_allocating);
  ADD ("/checkpoint/sparse", test_sparse);
  ADD ("/checkpoint/budget", test_budget);
  ADD ("/checkpoint/budget-override", test_budget_override);
  ADD ("/checkpoint/nonfinite", test_nonfinite);
  ADD ("/checkpoint/stopped-run", test_stopped_run);
  ADD ("/checkpoint/lying-header-length", test_lying_header_length);
  g_test_add_func ("/checkpoint/parameter-specs", test_parameter_specs);
#undef ADD
  return g_test_run ();
}
