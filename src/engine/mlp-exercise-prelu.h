/* mlp-exercise-prelu.h — "Your turn": PReLU's slope is learned.
 *
 * The chapter's MLP (Flatten, LazyLinear(256), activation, LazyLinear(10);
 * lr 0.1, batch 256, PyTorch's default init) is trained three times from
 * the same initial Linear weights and on the same data order:
 *
 *   shared   nn.PReLU(): one slope for the hidden layer, net.2.weight (1)
 *   channel  nn.PReLU(num_parameters = 256): one slope per hidden unit,
 *            net.2.weight (256)
 *   relu     nn.ReLU(), the chapter's model, for reference
 *
 * Both PReLU slopes start at PyTorch's init = 0.25 and are trained by SGD
 * with the weights.  After every epoch the slopes are read off the model
 * (the per-channel run as a summary: mean, min, quartiles, max) along with
 * the epoch's losses and validation accuracy.
 *
 * The numbers (mlp_exercise_result_number), in this order:
 *   shared.slope        the shared slope after the last epoch
 *   shared.val_acc      its validation accuracy after the last epoch
 *   channel.slope_mean  the per-channel slopes after the last epoch: mean,
 *   channel.slope_min   smallest
 *   channel.slope_max   and largest
 *   channel.val_acc     the per-channel run's validation accuracy
 *   relu.val_acc        ReLU's validation accuracy
 *   init_slope          where both PReLU slopes started, 0.25
 *   epochs              epochs trained
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* the three training runs, in the order they are trained */
typedef enum {
  MLP_PRELU_RUN_SHARED,
  MLP_PRELU_RUN_CHANNEL,
  MLP_PRELU_RUN_RELU,
  MLP_PRELU_N_RUNS
} MlpPreluRun;

/* the summary of the per-channel slopes; quartiles interpolated linearly
 * between the sorted values, as torch.quantile does */
typedef enum {
  MLP_PRELU_STAT_MEAN,
  MLP_PRELU_STAT_MIN,
  MLP_PRELU_STAT_Q1,
  MLP_PRELU_STAT_MEDIAN,
  MLP_PRELU_STAT_Q3,
  MLP_PRELU_STAT_MAX,
  MLP_PRELU_N_STATS
} MlpPreluStat;

typedef struct {
  guint    epochs;                         /* epochs trained per run */
  double   init_slope;                     /* both PReLU runs' initial slope, 0.25 */
  gsize    n_channels;                     /* hidden units, 256 */
  /* epochs + 1 values each: [0] before training (the init), [e] after epoch e */
  double  *shared_slope;                   /* the shared run's one slope */
  double  *channel[MLP_PRELU_N_STATS];     /* the per-channel run's slopes, summarised */
  /* epochs values each, [e − 1] after epoch e, per MlpPreluRun */
  double  *train_loss[MLP_PRELU_N_RUNS];   /* mean over the epoch's examples */
  double  *val_loss[MLP_PRELU_N_RUNS];
  double  *val_acc[MLP_PRELU_N_RUNS];
  float   *final_slopes;                   /* n_channels: the per-channel run's slopes
                                            * after the last epoch */
} MlpPreluDetails;

/* "shared", "channel", "relu": the prefixes of the numbers and JSON keys */
const char *mlp_prelu_run_to_string  (MlpPreluRun run);
/* "mean", "min", "q1", "median", "q3", "max" */
const char *mlp_prelu_stat_to_string (MlpPreluStat stat);

G_END_DECLS
