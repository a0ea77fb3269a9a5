/* mlp-linreg.h — linear regression as in d2l's earlier chapter ("Concise
 * Implementation of Linear Regression"), the baseline of Exercise 3.
 *
 *   MlpLinRegConfig c;
 *   mlp_linreg_config_init (&c);           // d2l's values
 *   c.init.kind = MLP_INIT_ZEROS;
 *   g_autoptr(MlpLinRegResult) r = mlp_linreg_run (&c, NULL, &error);
 *   // r->w ≈ [2, −3.4], r->b ≈ 4.2
 *
 * The data is d2l's SyntheticRegressionData: X ~ N(0, 1) of shape (n, 2),
 * y = X w + b + σ·N(0, 1) with w = [2, −3.4], b = 4.2, σ = 0.01; the first
 * n_train rows train, the next n_val validate.  The model is the concise
 * LinearRegression, nn.LazyLinear(1) (weight (1, 2), bias (1)), whose
 * chapter initialises the weight N(0, 0.01²) and the bias 0 (init
 * "normal:0.01"; every scheme of mlp-init.h may be given, and all of them
 * leave the bias 0 but "torch").  The loss is nn.MSELoss, the mean of
 * (ŷ − y)² without d2l's scratch ½, made of the autograd ops sub, mul and
 * mean.  Training is minibatch SGD with lr 0.03, batch 32, max_epochs 3 and
 * a shuffled order each epoch, d2l's Trainer.
 *
 * One seed draws the data, the initial weight and the data order, each
 * from its own stream: two runs that differ only in init see the same data
 * in the same order.
 */
#pragma once

#include <glib.h>

#include "mlp-init.h"
#include "mlp-tensor.h"
#include "mlp-trainer.h"

G_BEGIN_DECLS

#define MLP_LINREG_FEATURES 2

typedef struct {
  float    w[MLP_LINREG_FEATURES];   /* the true weight, [2, −3.4] */
  float    b;                        /* the true bias, 4.2 */
  float    noise;                    /* σ of the label noise, 0.01 */
  gsize    n_train;                  /* 1000 */
  gsize    n_val;                    /* 1000 */
  float    lr;                       /* 0.03 */
  guint    batch_size;               /* 32 */
  guint    epochs;                   /* max_epochs, 3 */
  MlpInit  init;                     /* normal:0.01 (the bias 0) */
  guint64  seed;                     /* the data, the initial weight, the order */
} MlpLinRegConfig;

typedef struct {
  float    w[MLP_LINREG_FEATURES];   /* the recovered weight */
  float    b;                        /* the recovered bias */
  double   val_loss_init;            /* the validation loss before training */
  guint    n_epochs;
  double  *train_loss;               /* per epoch: the mean of its minibatch losses,
                                      * weighted by their sizes */
  double  *val_loss;                 /* per epoch: the loss over the validation rows */
  double   values[];                 /* the two arrays, in the result's allocation */
} MlpLinRegResult;

void             mlp_linreg_config_init     (MlpLinRegConfig *config);
/* n_train, n_val 1 … 10⁷, lr > 0, batch 1 … 65536, epochs 1 … 10000,
 * finite w, b and noise ≥ 0 */
gboolean         mlp_linreg_config_validate (const MlpLinRegConfig *config, GError **error);
/* The data set: *X (n_train + n_val, 2) and *y (n_train + n_val, 1), drawn
 * as SyntheticRegressionData does (X first, then the noise) from the seed's
 * data stream; (transfer full) both. */
void             mlp_linreg_synthetic_data  (const MlpLinRegConfig *config, MlpTensor **X,
                                             MlpTensor **y);
/* Trains as above.  callbacks may be NULL; their should_stop is asked
 * before every minibatch (TRUE: MLP_ERROR_CANCELLED) and batch_done told
 * after it (accuracy NaN: a regression has none).  A non-finite loss is
 * MLP_ERROR_DIVERGED.  (transfer full) or NULL with error. */
MlpLinRegResult *mlp_linreg_run             (const MlpLinRegConfig *config,
                                             const MlpTrainerCallbacks *callbacks,
                                             GError **error);
void             mlp_linreg_result_free     (MlpLinRegResult *r);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpLinRegResult, mlp_linreg_result_free)

G_END_DECLS
