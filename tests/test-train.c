/* test-train.c — the models, the optimiser, dropout and the trainer, on small
 * data the tests make themselves (Gaussian blobs drawn as tiny images). */
#include <math.h>
#include <string.h>

#include <glib/gstdio.h>

#include "mlp-checkpoint.h"
#include "mlp-deep.h"
#include "mlp-error.h"
#include "mlp-experiments.h"
#include "mlp-dropout-passes.h"
#include "mlp-models.h"
#include "mlp-ops.h"
#include "mlp-optim.h"
#include "mlp-safetensors.h"
#include "mlp-trainer.h"
#include "test-blobs.h"

#define SIDE 4          /* images are SIDE × SIDE */
#define CLASSES 3

/* n images of 3 well separated blobs (test-blobs.h) */
static MlpDataset *
make_blobs (gsize n, guint64 seed)
{
  return test_blobs_new (n, SIDE, CLASSES, seed);
}

static void
small_config (MlpModelConfig *mc, MlpModelKind kind)
{
  mlp_model_config_init (mc, kind);
  mc->num_inputs = SIDE * SIDE;
  mc->num_outputs = CLASSES;
  for (guint i = 0; i < mc->n_hidden; i++)
    mc->hiddens[i] = 16;
  mc->seed = 7;
}

static void
test_converges (gconstpointer data)
{
  MlpModelKind kind = GPOINTER_TO_INT (data);
  g_autoptr(MlpDataset) train = make_blobs (600, 1);
  g_autoptr(MlpDataset) val = make_blobs (200, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpModel) model = NULL;
  MlpModelConfig mc;
  MlpTrainConfig tc;
  MlpTrainResult res = { 0 };
  const MlpEpochReport *first, *last;

  small_config (&mc, kind);
  if (kind == MLP_MODEL_MLP_SCRATCH)
    mc.init.value = 0.1f;   /* N(0, 0.01²) is slow to leave the origin on 16 inputs */
  model = mlp_model_new (&mc, &error);
  g_assert_no_error (error);
  mlp_train_config_init (&tc);
  tc.epochs = 30;
  tc.batch_size = 32;
  tc.lr = 0.5f;
  g_assert_true (mlp_trainer_fit (model, train, val, &tc, NULL, &res, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (res.epochs->len, ==, 30);
  first = &g_array_index (res.epochs, MlpEpochReport, 0);
  last = &g_array_index (res.epochs, MlpEpochReport, 29);
  g_test_message ("%s: loss %.4f → %.4f, val_acc %.3f", mlp_model_kind_to_string (kind),
                  first->train_loss, last->train_loss, last->val_acc);
  g_assert_cmpfloat (last->train_loss, <, 0.5 * first->train_loss);
  g_assert_cmpfloat (last->val_acc, >, 0.95);
  mlp_train_result_clear (&res);
}

static void
collect_loss (const MlpBatchReport *r, gpointer data)
{
  g_array_append_val ((GArray *) data, r->loss);
}

static GArray *
run_losses (MlpModelKind kind, guint64 seed)
{
  g_autoptr(MlpDataset) train = make_blobs (300, 3);
  g_autoptr(MlpDataset) val = make_blobs (50, 4);
  g_autoptr(MlpModel) model = NULL;
  GArray *losses = g_array_new (FALSE, FALSE, sizeof (double));
  MlpTrainerCallbacks cb = { collect_loss, NULL, NULL, losses };
  MlpModelConfig mc;
  MlpTrainConfig tc;

  small_config (&mc, kind);
  mc.seed = seed;
  model = mlp_model_new (&mc, NULL);
  mlp_train_config_init (&tc);
  tc.epochs = 3;
  tc.batch_size = 16;
  tc.seed = seed;
  g_assert_true (mlp_trainer_fit (model, train, val, &tc, &cb, NULL, NULL));
  return losses;
}

static void
test_deterministic (gconstpointer data)
{
  MlpModelKind kind = GPOINTER_TO_INT (data);
  g_autoptr(GArray) a = run_losses (kind, 42);
  g_autoptr(GArray) b = run_losses (kind, 42);
  g_autoptr(GArray) c = run_losses (kind, 43);

  g_assert_cmpuint (a->len, ==, b->len);
  g_assert_cmpuint (a->len, >, 0);
  /* bit-identical, not merely close */
  g_assert_cmpmem (a->data, a->len * sizeof (double), b->data, b->len * sizeof (double));
  g_assert_false (memcmp (a->data, c->data, a->len * sizeof (double)) == 0);
}

static void
test_dropout_values (void)
{
  gsize shape[2] = { 64, 128 };
  g_autoptr(MlpTensor) X = mlp_tensor_new (2, shape);
  MlpRng rng;

  mlp_rng_init (&rng, 5);
  mlp_rng_fill_uniform (&rng, X->data, X->numel, 0.5f, 1.5f);

  /* p = 0 is the identity */
  {
    g_autoptr(MlpTensor) Y = mlp_dropout_layer (X, 0.0f, &rng);
    g_autoptr(MlpTensor) Z = mlp_dropout (X, 0.0f, &rng);

    g_assert_cmpmem (X->data, X->numel * 4, Y->data, Y->numel * 4);
    g_assert_cmpmem (X->data, X->numel * 4, Z->data, Z->numel * 4);
  }
  /* p = 1 gives zeros */
  {
    g_autoptr(MlpTensor) Y = mlp_dropout_layer (X, 1.0f, &rng);
    g_autoptr(MlpTensor) Z = mlp_dropout (X, 1.0f, &rng);

    for (gsize i = 0; i < X->numel; i++)
      {
        g_assert_cmpfloat (Y->data[i], ==, 0.0f);
        g_assert_cmpfloat (Z->data[i], ==, 0.0f);
      }
  }
  /* p = 0.5 keeps the expectation: mean(Y) ≈ mean(X); about half dropped,
   * the rest doubled */
  {
    g_autoptr(MlpTensor) Y = mlp_dropout_layer (X, 0.5f, &rng);
    double mx = 0, my = 0;
    gsize dropped = 0;

    for (gsize i = 0; i < X->numel; i++)
      {
        mx += X->data[i];
        my += Y->data[i];
        if (Y->data[i] == 0.0f)
          dropped++;
        else
          g_assert_cmpfloat_with_epsilon (Y->data[i], 2.0f * X->data[i], 1e-6);
      }
    mx /= X->numel;
    my /= X->numel;
    /* 8192 Bernoulli(½) draws: the kept fraction is within ±4σ = ±2.2 % */
    g_assert_cmpfloat (fabs (dropped / (double) X->numel - 0.5), <, 0.022);
    g_assert_cmpfloat (fabs (my - mx) / mx, <, 0.05);
  }
}

/* the chapter's dropout_layer and the fused op draw the same numbers */
static void
test_dropout_scratch_equals_fused (void)
{
  g_autoptr(MlpTensor) X = mlp_tensor_new_2d (8, 32);
  g_autoptr(MlpTensor) Y = NULL;
  g_autoptr(MlpTensor) Z = NULL;
  MlpRng a, b;

  for (gsize i = 0; i < X->numel; i++)
    X->data[i] = (float) i * 0.37f - 20.0f;
  mlp_rng_init (&a, 11);
  mlp_rng_init (&b, 11);
  Y = mlp_dropout_layer (X, 0.3f, &a);
  Z = mlp_dropout (X, 0.3f, &b);
  g_assert_cmpmem (Y->data, Y->numel * 4, Z->data, Z->numel * 4);
}

/* eval mode passes data through: the dropout models are deterministic then */
static void
test_dropout_eval_mode (gconstpointer data)
{
  MlpModelKind kind = GPOINTER_TO_INT (data);
  g_autoptr(MlpDataset) ds = make_blobs (8, 9);
  g_autoptr(MlpModel) model = NULL;
  g_autoptr(MlpTensor) X = NULL;
  g_autoptr(MlpTensor) e1 = NULL, e2 = NULL, t1 = NULL, t2 = NULL;
  gsize shape[4] = { 8, 1, SIDE, SIDE };
  guint32 idx[8] = { 0, 1, 2, 3, 4, 5, 6, 7 };
  guint8 labels[8];
  MlpModelConfig mc;

  small_config (&mc, kind);
  mc.dropouts[0] = mc.dropouts[1] = 0.5f;
  model = mlp_model_new (&mc, NULL);
  X = mlp_tensor_new (4, shape);
  mlp_dataset_fill_batch (ds, idx, X, labels);

  mlp_no_grad_begin ();
  mlp_model_set_training (model, FALSE);
  e1 = mlp_model_forward (model, X);
  e2 = mlp_model_forward (model, X);
  mlp_model_set_training (model, TRUE);
  t1 = mlp_model_forward (model, X);
  t2 = mlp_model_forward (model, X);
  mlp_no_grad_end ();

  g_assert_cmpmem (e1->data, e1->numel * 4, e2->data, e2->numel * 4);
  g_assert_false (memcmp (t1->data, t2->data, t1->numel * 4) == 0);
  g_assert_false (memcmp (e1->data, t1->data, t1->numel * 4) == 0);
}

static void
test_dropout_module_eval (void)
{
  MlpRng rng;
  g_autoptr(MlpModule) d = NULL;
  g_autoptr(MlpTensor) X = mlp_tensor_new_2d (4, 4);
  g_autoptr(MlpTensor) Y = NULL;

  mlp_rng_init (&rng, 1);
  d = mlp_dropout_module_new (0.9f, &rng);
  for (gsize i = 0; i < X->numel; i++)
    X->data[i] = (float) i + 1;
  mlp_module_set_training (d, FALSE);
  Y = mlp_module_forward (d, X);
  g_assert_cmpmem (X->data, 64, Y->data, 64);
}

/* SGD with momentum and weight decay, against the update rule by hand */
static void
test_sgd (void)
{
  g_autoptr(MlpStateDict) sd = mlp_state_dict_new ();
  g_autoptr(MlpTensor) p = mlp_tensor_new_1d (2);
  g_autoptr(MlpSgd) sgd = NULL;
  double w = 1.0, v = 0.0;

  p->data[0] = 1.0f;
  p->data[1] = -2.0f;
  mlp_tensor_set_requires_grad (p, TRUE);
  mlp_state_dict_add (sd, "p", p);
  sgd = mlp_sgd_new (sd, 0.1f, 0.9f, 0.01f);
  for (int step = 0; step < 3; step++)
    {
      double g = 0.5 + step;   /* the gradient we pretend backward produced */
      double gd = g + 0.01 * w;

      mlp_sgd_zero_grad (sgd);
      mlp_tensor_ensure_grad (p)[0] = (float) g;
      mlp_tensor_ensure_grad (p)[1] = 0.0f;
      mlp_sgd_step (sgd);
      v = step == 0 ? gd : 0.9 * v + gd;
      w -= 0.1 * v;
      g_assert_cmpfloat_with_epsilon (p->data[0], w, 1e-5);
    }
  g_assert_cmpfloat (p->data[1], !=, -2.0f);  /* weight decay alone moves it */
}

static void
test_init_statistics (void)
{
  const gsize fi = 300, fo = 200, n = fi * fo;
  g_autofree float *w = g_new (float, n);
  const MlpInitKind kinds[] = { MLP_INIT_XAVIER_NORMAL, MLP_INIT_XAVIER_UNIFORM,
                                MLP_INIT_HE_NORMAL, MLP_INIT_TORCH_DEFAULT, MLP_INIT_NORMAL };
  MlpRng rng;

  mlp_rng_init (&rng, 3);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      MlpInit init = { kinds[k], 0.05f };
      double want = mlp_init_weight_std (&init, fi, fo), s = 0, m = 0;
      float lo = G_MAXFLOAT, hi = -G_MAXFLOAT;

      mlp_init_weight (&init, w, n, fi, fo, &rng);
      for (gsize i = 0; i < n; i++)
        {
          m += w[i];
          s += (double) w[i] * w[i];
          lo = MIN (lo, w[i]);
          hi = MAX (hi, w[i]);
        }
      m /= n;
      s = sqrt (s / n - m * m);
      g_assert_cmpfloat (fabs (m), <, 0.02 * want + 1e-4);
      g_assert_cmpfloat (fabs (s - want) / want, <, 0.02);
      if (kinds[k] == MLP_INIT_TORCH_DEFAULT)
        g_assert_cmpfloat (hi, <=, 1.0 / sqrt (fi));
      if (kinds[k] == MLP_INIT_XAVIER_UNIFORM)
        g_assert_cmpfloat (-lo, <=, sqrt (6.0 / (fi + fo)));
    }
}

static void
test_init_parse (void)
{
  g_autoptr(GError) error = NULL;
  MlpInit init;
  g_autofree char *s = NULL;

  g_assert_true (mlp_init_parse ("normal:0.5", &init, &error));
  g_assert_cmpint (init.kind, ==, MLP_INIT_NORMAL);
  g_assert_cmpfloat (init.value, ==, 0.5f);
  s = mlp_init_to_string (&init);
  g_assert_cmpstr (s, ==, "normal:0.5");
  g_assert_true (mlp_init_parse ("normal", &init, &error));
  g_assert_cmpfloat (init.value, ==, 0.01f);
  g_assert_false (mlp_init_parse ("constant", &init, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (mlp_init_parse ("glorot", &init, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (mlp_init_parse ("xavier-normal:2", &init, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
}

/* the notebook's parameter names and shapes */
static void
test_model_parameters (void)
{
  const struct {
    MlpModelKind kind;
    const char *names[8];
  } cases[] = {
    { MLP_MODEL_MLP_SCRATCH, { "W1", "b1", "W2", "b2" } },
    { MLP_MODEL_MLP, { "net.1.weight", "net.1.bias", "net.3.weight", "net.3.bias" } },
    { MLP_MODEL_DROPOUT_SCRATCH, { "lin1.weight", "lin1.bias", "lin2.weight", "lin2.bias", "lin3.weight", "lin3.bias" } },
    { MLP_MODEL_DROPOUT, { "net.1.weight", "net.1.bias", "net.4.weight", "net.4.bias", "net.7.weight", "net.7.bias" } },
    /* d2l's concise SoftmaxRegression: nn.Sequential(nn.Flatten(), nn.LazyLinear(10)) */
    { MLP_MODEL_SOFTMAX, { "net.1.weight", "net.1.bias" } },
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      MlpModelConfig mc;
      g_autoptr(MlpModel) model = NULL;
      g_autoptr(MlpStateDict) sd = NULL;
      guint n = 0;

      mlp_model_config_init (&mc, cases[c].kind);
      model = mlp_model_new (&mc, NULL);
      sd = mlp_model_parameters (model);
      while (n < 8 && cases[c].names[n] != NULL)
        n++;
      g_assert_cmpuint (sd->names->len, ==, n);
      for (guint i = 0; i < n; i++)
        g_assert_cmpstr (sd->names->pdata[i], ==, cases[c].names[i]);
    }

  {
    MlpModelConfig mc;
    g_autoptr(MlpModel) model = NULL;
    g_autoptr(MlpStateDict) sd = NULL;
    MlpTensor *W1;
    double s = 0;

    mlp_model_config_init (&mc, MLP_MODEL_MLP_SCRATCH);
    model = mlp_model_new (&mc, NULL);
    sd = mlp_model_parameters (model);
    W1 = mlp_state_dict_lookup (sd, "W1");
    g_assert_cmpuint (W1->shape[0], ==, 784);
    g_assert_cmpuint (W1->shape[1], ==, 256);
    for (gsize i = 0; i < W1->numel; i++)
      s += (double) W1->data[i] * W1->data[i];
    /* W1 ~ N(0, 0.01²) */
    g_assert_cmpfloat_with_epsilon (sqrt (s / W1->numel), 0.01, 0.0005);
    g_assert_cmpuint (mlp_model_count_parameters (model), ==, 784 * 256 + 256 + 256 * 10 + 10);
  }
}

static void
test_config_validation (void)
{
  MlpModelConfig mc;
  MlpTrainConfig tc;
  g_autoptr(GError) error = NULL;

  mlp_model_config_init (&mc, MLP_MODEL_MLP);
  mc.dropouts[0] = 0.5f;
  g_assert_null (mlp_model_new (&mc, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  mlp_model_config_init (&mc, MLP_MODEL_DROPOUT);
  mc.dropouts[1] = 1.5f;
  g_assert_false (mlp_model_config_validate (&mc, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  mlp_model_config_init (&mc, MLP_MODEL_MLP);
  mc.hiddens[0] = 0;
  g_assert_false (mlp_model_config_validate (&mc, &error));
  g_clear_error (&error);

  mlp_train_config_init (&tc);
  tc.lr = -1;
  g_assert_false (mlp_train_config_validate (&tc, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  mlp_train_config_init (&tc);
  tc.batch_size = 0;
  g_assert_false (mlp_train_config_validate (&tc, &error));
  g_clear_error (&error);
}

/* Fits a small_config() model of kind on n_train blobs with tc and
 * callbacks (may be NULL); fit()'s result, its error in *error. */
static gboolean
fit_blobs (MlpModelKind kind, gsize hidden, gsize n_train, const MlpTrainConfig *tc,
           const MlpTrainerCallbacks *callbacks, MlpTrainResult *res, GError **error)
{
  g_autoptr(MlpDataset) train = make_blobs (n_train, 1);
  g_autoptr(MlpDataset) val = make_blobs (32, 2);
  g_autoptr(MlpModel) model = NULL;
  MlpModelConfig mc;

  small_config (&mc, kind);
  if (hidden != 0)
    mc.hiddens[0] = hidden;
  model = mlp_model_new (&mc, NULL);
  return mlp_trainer_fit (model, train, val, tc, callbacks, res, error);
}

/* fit() must stop with MLP_ERROR_DIVERGED, saying `why`; hidden 0 keeps
 * small_config()'s hidden layer */
static void
assert_diverges (MlpModelKind kind, gsize hidden, gsize n_train, float lr, guint epochs,
                 guint batch_size, const char *why)
{
  g_autoptr(GError) error = NULL;
  MlpTrainConfig tc;
  MlpTrainResult res = { 0 };

  mlp_train_config_init (&tc);
  tc.lr = lr;
  tc.epochs = epochs;
  tc.batch_size = batch_size;
  g_assert_false (fit_blobs (kind, hidden, n_train, &tc, NULL, &res, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_DIVERGED);
  g_assert_nonnull (strstr (error->message, why));
  mlp_train_result_clear (&res);
}

static void
test_diverges (void)
{
  assert_diverges (MLP_MODEL_MLP, 0, 256, 1e30f, 5, 16, "learning rate");
}

/* lr 50 on the chapter's model: the stable loss never becomes NaN, but it
 * shoots far above its start, which is divergence too */
static void
test_diverges_finite (void)
{
  assert_diverges (MLP_MODEL_MLP_SCRATCH, 256, 2048, 50.0f, 3, 64, "times its first value");
}

static gboolean
stop_after_five (gpointer data)
{
  int *calls = data;

  return ++*calls > 5;
}

static void
test_cancel (void)
{
  g_autoptr(GError) error = NULL;
  MlpTrainConfig tc;
  MlpTrainResult res = { 0 };
  int calls = 0;
  MlpTrainerCallbacks cb = { NULL, NULL, stop_after_five, &calls };

  mlp_train_config_init (&tc);
  tc.batch_size = 64;   /* 4 batches per epoch: stops in epoch 2 */
  g_assert_false (fit_blobs (MLP_MODEL_DROPOUT, 0, 256, &tc, &cb, &res, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_CANCELLED);
  g_assert_cmpuint (res.epochs->len, ==, 1);   /* the finished epoch is kept */
  g_assert_cmpuint (res.stop_epoch, ==, 2);      /* and where it stopped: after batch 1 of epoch 2 */
  g_assert_cmpuint (res.stop_batch, ==, 1);
  mlp_train_result_clear (&res);
}

/* a and b, in eval mode, give bit-identical logits for X */
static void
assert_same_outputs (MlpModel *a, MlpModel *b, MlpTensor *X)
{
  g_autoptr(MlpTensor) ya = NULL, yb = NULL;

  mlp_no_grad_begin ();
  mlp_model_set_training (a, FALSE);
  mlp_model_set_training (b, FALSE);
  ya = mlp_model_forward (a, X);
  yb = mlp_model_forward (b, X);
  mlp_no_grad_end ();
  g_assert_cmpmem (ya->data, ya->numel * 4, yb->data, yb->numel * 4);
}

/* save, load into a fresh model with another seed: identical outputs */
static void
test_checkpoint_roundtrip (gconstpointer data)
{
  MlpModelKind kind = GPOINTER_TO_INT (data);
  g_autoptr(MlpModel) a = NULL, b = NULL;
  g_autoptr(MlpStateDict) sd = NULL, loaded = NULL;
  g_autoptr(MlpTensor) X = mlp_tensor_new_2d (5, SIDE * SIDE);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mlplab-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "model.safetensors", NULL);
  MlpModelConfig mc;

  small_config (&mc, kind);
  mc.activation = MLP_ACTIVATION_PRELU;
  a = mlp_model_new (&mc, NULL);
  mc.seed = 99;
  b = mlp_model_new (&mc, NULL);
  for (gsize i = 0; i < X->numel; i++)
    X->data[i] = (float) (i % 7) / 7.0f;

  sd = mlp_model_parameters (a);
  g_assert_true (mlp_safetensors_save (path, sd, &error));
  g_assert_no_error (error);
  loaded = mlp_safetensors_load (path, &error);
  g_assert_no_error (error);
  g_assert_true (mlp_model_load_state (b, loaded, &error));
  g_assert_no_error (error);

  assert_same_outputs (a, b, X);

  /* a checkpoint of another model is refused and leaves the model untouched */
  {
    g_autoptr(MlpModel) other = NULL;
    MlpModelConfig oc;

    small_config (&oc, kind == MLP_MODEL_MLP_SCRATCH ? MLP_MODEL_MLP : MLP_MODEL_MLP_SCRATCH);
    other = mlp_model_new (&oc, NULL);
    g_assert_false (mlp_model_load_state (other, loaded, &error));
    g_assert_error (error, MLP_ERROR, MLP_ERROR_FORMAT);
  }
  g_remove (path);
  g_rmdir (dir);
}

/* MLPScratch and MLP (and the two dropout models) from identical weights
 * and seed give the same losses: the chapter's two implementations agree */
static void
test_scratch_equals_concise (gconstpointer data)
{
  gboolean dropout = GPOINTER_TO_INT (data);
  g_autoptr(MlpDataset) train = make_blobs (400, 5);
  g_autoptr(MlpDataset) val = make_blobs (64, 6);
  g_autoptr(MlpModel) scratch = NULL, concise = NULL;
  g_autoptr(GArray) a = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) b = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  MlpTrainerCallbacks ca = { collect_loss, NULL, NULL, a }, cb = { collect_loss, NULL, NULL, b };
  MlpModelConfig mc;
  MlpTrainConfig tc;
  double worst = 0;

  small_config (&mc, dropout ? MLP_MODEL_DROPOUT_SCRATCH : MLP_MODEL_MLP_SCRATCH);
  scratch = mlp_model_new (&mc, NULL);
  /* the same seed gives the same dropout stream; the concise model draws
   * its own initial weights (PyTorch's default) and then takes the scratch
   * model's */
  mc.kind = dropout ? MLP_MODEL_DROPOUT : MLP_MODEL_MLP;
  concise = mlp_model_new (&mc, NULL);
  g_assert_true (mlp_model_copy_parameters (concise, scratch, &error));
  g_assert_no_error (error);
  mlp_train_config_init (&tc);
  tc.epochs = 3;
  tc.batch_size = 32;
  tc.lr = 0.3f;
  g_assert_true (mlp_trainer_fit (scratch, train, val, &tc, &ca, NULL, NULL));
  g_assert_true (mlp_trainer_fit (concise, train, val, &tc, &cb, NULL, NULL));
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = 0; i < a->len; i++)
    worst = MAX (worst, fabs (g_array_index (a, double, i) - g_array_index (b, double, i)));
  g_test_message ("largest loss difference, scratch vs concise: %g", worst);
  g_assert_cmpfloat (worst, <, 1e-4);

  /* different networks are refused */
  {
    MlpModelConfig other;
    g_autoptr(MlpModel) m = NULL;

    small_config (&other, MLP_MODEL_MLP);
    other.hiddens[0] = 7;
    m = mlp_model_new (&other, NULL);
    g_assert_false (mlp_model_copy_parameters (m, scratch, &error));
    g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  }
}

/* a checkpoint rebuilds the model and its training settings */
static void
test_checkpoint_config (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mlplab-ckpt-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "run.safetensors", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.safetensors", NULL);
  g_autoptr(MlpModel) a = NULL, b = NULL;
  g_autoptr(MlpTensor) X = mlp_tensor_new_2d (3, SIDE * SIDE);
  g_autoptr(GError) error = NULL;
  MlpModelConfig mc;
  MlpTrainConfig tc, loaded;

  small_config (&mc, MLP_MODEL_DROPOUT);
  mc.hiddens[0] = 12;
  mc.hiddens[1] = 9;
  mc.dropouts[0] = 0.25f;
  mc.dropouts[1] = 0.75f;
  mc.activation = MLP_ACTIVATION_TANH;
  mc.init.kind = MLP_INIT_XAVIER_UNIFORM;
  mc.seed = 77;
  a = mlp_model_new (&mc, NULL);
  mlp_train_config_init (&tc);
  tc.lr = 0.05f;
  tc.batch_size = 64;
  g_assert_true (mlp_checkpoint_save (path, a, &tc, 7, &error));
  g_assert_no_error (error);

  mlp_train_config_init (&loaded);
  b = mlp_checkpoint_load (path, &loaded, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mlp_model_get_config (b)->kind, ==, MLP_MODEL_DROPOUT);
  g_assert_cmpuint (mlp_model_get_config (b)->hiddens[1], ==, 9);
  g_assert_cmpfloat (mlp_model_get_config (b)->dropouts[1], ==, 0.75f);
  g_assert_cmpint (mlp_model_get_config (b)->activation, ==, MLP_ACTIVATION_TANH);
  g_assert_cmpint (mlp_model_get_config (b)->init.kind, ==, MLP_INIT_XAVIER_UNIFORM);
  g_assert_cmpuint (mlp_model_get_config (b)->seed, ==, 77);
  g_assert_cmpfloat (loaded.lr, ==, 0.05f);
  g_assert_cmpuint (loaded.batch_size, ==, 64);
  g_assert_cmpuint (loaded.epochs, ==, 7);
  g_assert_cmpuint (loaded.seed, ==, 77);
  for (gsize i = 0; i < X->numel; i++)
    X->data[i] = (float) (i % 5) / 5.0f;
  assert_same_outputs (a, b, X);

  /* a safetensors file without MLP Lab's metadata is refused by name */
  {
    g_autoptr(MlpStateDict) sd = mlp_model_parameters (a);

    g_assert_true (mlp_safetensors_save (bad, sd, NULL));
    g_assert_null (mlp_checkpoint_load (bad, NULL, &error));
    g_assert_error (error, MLP_ERROR, MLP_ERROR_FORMAT);
    g_assert_nonnull (strstr (error->message, bad));
  }
  g_remove (path);
  g_remove (bad);
  g_rmdir (dir);
}

/* vanishing gradients: in a deep sigmoid net the first layer's gradient is
 * orders of magnitude below the last layer's; with ReLU it is not */
static void
test_vanishing_gradients (void)
{
  MlpDeepConfig c;
  g_autoptr(MlpDeepResult) sig = NULL, relu = NULL;
  g_autoptr(GError) error = NULL;

  mlp_deep_config_init (&c);
  c.depth = 10;
  c.width = 64;
  c.batch = 64;
  c.init.kind = MLP_INIT_XAVIER_NORMAL;
  c.activation = MLP_ACTIVATION_SIGMOID;
  sig = mlp_deep_run (&c, NULL, &error);
  g_assert_no_error (error);
  c.activation = MLP_ACTIVATION_RELU;
  relu = mlp_deep_run (&c, NULL, &error);
  g_assert_cmpuint (sig->n_layers, ==, 11);
  g_test_message ("first/last gradient norm: sigmoid %g, relu %g",
                  sig->grad_norm[0] / sig->grad_norm[10], relu->grad_norm[0] / relu->grad_norm[10]);
  g_assert_cmpfloat (sig->grad_norm[0], <, 1e-3 * sig->grad_norm[10]);
  g_assert_cmpfloat (relu->grad_norm[0], >, 0.1 * relu->grad_norm[10]);
  for (guint l = 0; l < 10; l++)
    g_assert_cmpfloat (sig->act_var[l], >=, 0);

  c.depth = 0;
  g_assert_null (mlp_deep_run (&c, NULL, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
}

/* Exercise 3: with every weight initialised to one constant the hidden
 * units stay identical however long SGD runs; with random weights they differ */
static void
test_constant_init_symmetry (void)
{
  g_autoptr(MlpDataset) train = make_blobs (300, 1);
  g_autoptr(MlpDataset) val = make_blobs (50, 2);
  g_autoptr(MlpModel) model = NULL, random = NULL;
  MlpModelConfig mc;
  MlpTrainConfig tc;

  small_config (&mc, MLP_MODEL_MLP);
  mc.init.kind = MLP_INIT_CONSTANT;
  mc.init.value = 0.1f;
  model = mlp_model_new (&mc, NULL);
  mlp_train_config_init (&tc);
  tc.epochs = 5;
  tc.batch_size = 32;
  g_assert_true (mlp_trainer_fit (model, train, val, &tc, NULL, NULL, NULL));
  /* equal up to float rounding (sgemm's summation order differs by column) */
  g_test_message ("constant init: spread %g", mlp_model_hidden_unit_spread (model));
  g_assert_cmpfloat (mlp_model_hidden_unit_spread (model), <, 1e-6);

  mc.init.kind = MLP_INIT_XAVIER_NORMAL;
  random = mlp_model_new (&mc, NULL);
  g_assert_true (mlp_trainer_fit (random, train, val, &tc, NULL, NULL, NULL));
  g_assert_cmpfloat (mlp_model_hidden_unit_spread (random), >, 0.1);
}

/* the cancel hooks of the deep run and the matrix product: counted calls,
 * and a TRUE stops the run with MLP_ERROR_CANCELLED */
typedef struct {
  guint calls;
  guint stop_at;    /* the call that says stop; 0: never */
} StopCounter;

static gboolean
count_and_stop (gpointer data)
{
  StopCounter *s = data;

  return ++s->calls == s->stop_at;
}

static void
test_stability_cancel_hooks (void)
{
  MlpDeepConfig c;
  StopCounter deep = { 0, 0 }, stop = { 0, 5 }, explode = { 0, 0 };
  g_autoptr(MlpDeepResult) hooked = NULL, plain = NULL;
  g_autoptr(MlpExplodeResult) a = NULL, b = NULL;
  g_autoptr(GError) error = NULL;

  mlp_deep_config_init (&c);
  c.depth = 4;
  c.width = 16;
  c.batch = 8;
  plain = mlp_deep_run (&c, NULL, &error);
  g_assert_no_error (error);
  c.should_stop = count_and_stop;
  c.user_data = &deep;
  hooked = mlp_deep_run (&c, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deep.calls, ==, 2 * c.depth + 3);
  g_assert_cmpmem (hooked->grad_norm, 5 * sizeof (double), plain->grad_norm, 5 * sizeof (double));
  c.user_data = &stop;
  g_assert_null (mlp_deep_run (&c, NULL, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_CANCELLED);
  g_clear_error (&error);

  a = mlp_explode_run_full (4, 50, 1.0, 3, count_and_stop, &explode, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (explode.calls, ==, 50);
  b = mlp_explode_run (4, 50, 1.0, 3, NULL);
  g_assert_cmpmem (a->norms, 51 * sizeof (double), b->norms, 51 * sizeof (double));
  stop.calls = 0;
  g_assert_null (mlp_explode_run_full (4, 50, 1.0, 3, count_and_stop, &stop, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_CANCELLED);
}

/* exploding gradients: the seeded product is reproducible, and with Xavier's
 * scale its log-norm grows far less than with std 1 */
static void
test_explode_scales (void)
{
  g_autoptr(MlpExplodeResult) a = mlp_explode_run (4, 100, 1.0, 3, NULL);
  g_autoptr(MlpExplodeResult) b = mlp_explode_run (4, 100, 1.0, 3, NULL);
  g_autoptr(MlpExplodeResult) x = mlp_explode_run (4, 100, sqrt (2.0 / 8), 3, NULL);
  double grow1 = log10 (a->norms[100]) - log10 (a->norms[0]);
  /* signed: with Xavier's scale on 4×4 products the norm drifts down */
  double growx = log10 (x->norms[100]) - log10 (x->norms[0]);

  g_assert_cmpmem (a->norms, 101 * sizeof (double), b->norms, 101 * sizeof (double));
  g_test_message ("log10 growth over 100 products: std 1 %.1f, Xavier %.1f", grow1, growx);
  g_assert_cmpfloat (grow1, >, 15);
  g_assert_cmpfloat (growx, <, grow1 / 3);
}

/* Exercise 4: with dropout left on the passes disagree, their mean comes
 * closer to the eval-mode output as their number grows, and with p = 0
 * every pass is the eval-mode one */
static void
test_dropout_passes (void)
{
  g_autoptr(MlpDataset) train = make_blobs (300, 1);
  g_autoptr(MlpDataset) val = make_blobs (200, 2);
  g_autoptr(MlpModel) model = NULL;
  g_autoptr(MlpModel) none = NULL;
  g_autoptr(MlpDropoutPasses) r = NULL;
  g_autoptr(MlpDropoutPasses) r0 = NULL;
  g_autoptr(GError) error = NULL;
  MlpModelConfig mc;
  MlpTrainConfig tc;
  double loss, acc, slope;

  small_config (&mc, MLP_MODEL_DROPOUT);
  model = mlp_model_new (&mc, &error);
  g_assert_no_error (error);
  mlp_train_config_init (&tc);
  tc.epochs = 5;
  tc.batch_size = 32;
  tc.lr = 0.5f;
  g_assert_true (mlp_trainer_fit (model, train, val, &tc, NULL, NULL, &error));
  mlp_trainer_evaluate (model, val, 0, 64, &loss, &acc);

  r = mlp_dropout_passes_run (model, val, 0, 64, 64, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (r->eval_acc, ==, acc);
  g_assert_true (mlp_model_get_training (model));   /* the mode it had */
  g_assert_cmpuint (r->n_points, ==, 7);            /* 1, 2, 4, … 64 */
  g_assert_cmpuint (r->curve_passes[6], ==, 64);
  g_assert_cmpfloat (r->sd_acc, >, 0.0);
  g_assert_cmpuint (r->n_changed, >, 0);
  g_assert_cmpuint (r->n_changed, <=, r->n_images);
  for (guint k = 0; k < r->n_points; k++)
    g_test_message ("n %" G_GSIZE_FORMAT ": distance %.4f", r->curve_passes[k], r->curve_distance[k]);
  slope = log (r->curve_distance[6] / r->curve_distance[0]) / log (64.0);
  g_test_message ("eval %.3f, passes %.3f ± %.3f, %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT
                  " changed, log-log slope %.2f", r->eval_acc, r->mean_acc, r->sd_acc,
                  r->n_changed, r->n_images, slope);
  /* it falls, towards a floor: the mean of the stochastic softmaxes is not
   * the softmax of the mean (ReLU and softmax are not linear), so the
   * distance to eval mode stops at their gap (0.20 for this 16-unit net),
   * and the slope is flatter than the -1/2 of pure averaging */
  g_assert_cmpfloat (r->curve_distance[6], <, r->curve_distance[0]);
  g_assert_cmpfloat (slope, <, 0.0);

  /* p = 0: nothing is dropped, every pass is the deterministic network */
  mc.dropouts[0] = mc.dropouts[1] = 0.0f;
  none = mlp_model_new (&mc, &error);
  g_assert_no_error (error);
  r0 = mlp_dropout_passes_run (none, val, 50, 4, 16, &error);
  g_assert_no_error (error);
  g_assert_cmpfloat (r0->sd_acc, ==, 0.0);
  g_assert_cmpuint (r0->n_changed, ==, 0);
  g_assert_cmpfloat (r0->curve_distance[r0->n_points - 1], <, 1e-6);
  g_assert_cmpfloat (r0->mean_acc, ==, r0->eval_acc);
}

/* a model without dropout has none to leave on */
static void
test_dropout_passes_errors (void)
{
  g_autoptr(MlpDataset) val = make_blobs (20, 2);
  g_autoptr(MlpModel) model = NULL;
  g_autoptr(GError) error = NULL;
  MlpModelConfig mc;

  small_config (&mc, MLP_MODEL_MLP);
  model = mlp_model_new (&mc, NULL);
  g_assert_null (mlp_dropout_passes_run (model, val, 0, 10, 8, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  small_config (&mc, MLP_MODEL_DROPOUT);
  g_clear_pointer (&model, mlp_model_free);
  model = mlp_model_new (&mc, NULL);
  g_assert_null (mlp_dropout_passes_run (model, val, 0, 0, 8, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
}

/* softmax regression has no hidden layer, the MLPs at least one */
static void
test_softmax_layers (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpModel) model = NULL;
  g_autoptr(MlpStateDict) sd = NULL;
  MlpModelConfig mc;

  mlp_model_config_init (&mc, MLP_MODEL_SOFTMAX);
  g_assert_cmpuint (mc.n_hidden, ==, 0);
  model = mlp_model_new (&mc, &error);
  g_assert_no_error (error);
  sd = mlp_model_parameters (model);
  g_assert_cmpuint (sd->names->len, ==, 2);
  g_assert_cmpuint (mlp_model_count_parameters (model), ==, 784 * 10 + 10);

  mc.n_hidden = 1;
  mc.hiddens[0] = 16;
  g_assert_false (mlp_model_config_validate (&mc, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "no hidden layer"));
  g_clear_error (&error);

  mlp_model_config_init (&mc, MLP_MODEL_MLP);
  mc.n_hidden = 0;
  g_assert_false (mlp_model_config_validate (&mc, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
}

static void
add_per_kind (const char *name, GTestDataFunc func)
{
  for (int k = MLP_MODEL_MLP_SCRATCH; k <= MLP_MODEL_SOFTMAX; k++)
    {
      g_autofree char *path = g_strdup_printf ("/train/%s/%s", name,
                                               mlp_model_kind_to_string ((MlpModelKind) k));
      g_test_add_data_func (path, GINT_TO_POINTER (k), func);
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  add_per_kind ("converges", test_converges);
  add_per_kind ("deterministic", test_deterministic);
  add_per_kind ("checkpoint", test_checkpoint_roundtrip);
  g_test_add_func ("/train/softmax/layers", test_softmax_layers);
  g_test_add_func ("/train/dropout-passes/curve", test_dropout_passes);
  g_test_add_func ("/train/dropout-passes/errors", test_dropout_passes_errors);
  g_test_add_data_func ("/train/dropout-eval/dropout-scratch",
                        GINT_TO_POINTER (MLP_MODEL_DROPOUT_SCRATCH), test_dropout_eval_mode);
  g_test_add_data_func ("/train/dropout-eval/dropout",
                        GINT_TO_POINTER (MLP_MODEL_DROPOUT), test_dropout_eval_mode);
  g_test_add_func ("/train/dropout/values", test_dropout_values);
  g_test_add_func ("/train/dropout/scratch-equals-fused", test_dropout_scratch_equals_fused);
  g_test_add_func ("/train/dropout/module-eval", test_dropout_module_eval);
  g_test_add_data_func ("/train/scratch-equals-concise/mlp", GINT_TO_POINTER (FALSE), test_scratch_equals_concise);
  g_test_add_data_func ("/train/scratch-equals-concise/dropout", GINT_TO_POINTER (TRUE), test_scratch_equals_concise);
  g_test_add_func ("/train/checkpoint-config", test_checkpoint_config);
  g_test_add_func ("/train/vanishing-gradients", test_vanishing_gradients);
  g_test_add_func ("/train/constant-init-symmetry", test_constant_init_symmetry);
  g_test_add_func ("/train/explode-scales", test_explode_scales);
  g_test_add_func ("/train/stability-cancel-hooks", test_stability_cancel_hooks);
  g_test_add_func ("/train/sgd", test_sgd);
  g_test_add_func ("/train/init/statistics", test_init_statistics);
  g_test_add_func ("/train/init/parse", test_init_parse);
  g_test_add_func ("/train/model/parameters", test_model_parameters);
  g_test_add_func ("/train/model/validation", test_config_validation);
  g_test_add_func ("/train/diverges", test_diverges);
  g_test_add_func ("/train/diverges-finite", test_diverges_finite);
  g_test_add_func ("/train/cancel", test_cancel);

  return g_test_run ();
}
