/* mlp-progress-board.h — d2l's ProgressBoard: the live curves of a training.
 *
 * The board holds the curves of one run, or of the two runs of a comparison
 * (drawn on one figure, the second one dotted): train_loss twice per epoch
 * (d2l's plot_train_per_epoch = 2: the mean of the minibatches since the
 * previous point), the raw loss of every minibatch, and val_loss, val_acc and
 * train_acc once per epoch, x counting epochs from the start.
 *
 * Points stream in from the worker: a job fills an MlpBoardUpdate and hands it
 * to the main thread with mlp_job_send (job, mlp_board_update_apply, update,
 * mlp_board_update_free).  There the update is appended to the board, unless
 * the board was reset for a newer run since (each reset gives a new serial),
 * and the board emits ::changed.  The board itself touches no widget: an
 * update keeps it alive, and the last reference may be dropped on the worker.
 *
 *   guint serial = mlp_progress_board_reset (board, 1, epochs, NULL);
 *   … on the worker: mlp_board_update_new (board, serial, 0), fill, send …
 *   g_autoptr(MlpPlot) plot = mlp_progress_board_dup_plot (board, FALSE);
 */
#pragma once

#include <glib-object.h>

#include "mlp-plot.h"

G_BEGIN_DECLS

/* the curves of one run; every array holds doubles */
typedef struct {
  GArray *avg_x, *avg_y;        /* train_loss, two points per epoch */
  GArray *raw_x, *raw_y;        /* the loss of every minibatch */
  GArray *val_x;                /* the epochs 1, 2, … */
  GArray *val_loss, *val_acc;   /* once per epoch, at val_x */
  GArray *train_acc;            /* once per epoch, at val_x */
} MlpBoardCurves;

/* (transfer full) */
MlpBoardCurves *mlp_board_curves_new  (void);
/* a deep copy; (transfer full) */
MlpBoardCurves *mlp_board_curves_copy (const MlpBoardCurves *curves);
/* appends every curve of points to the same curve of curves */
void            mlp_board_curves_append (MlpBoardCurves *curves, const MlpBoardCurves *points);
void            mlp_board_curves_free (MlpBoardCurves *curves);
/* the number of epochs with validation points */
guint           mlp_board_curves_get_n_epochs (const MlpBoardCurves *curves);

#define MLP_TYPE_PROGRESS_BOARD (mlp_progress_board_get_type ())
G_DECLARE_FINAL_TYPE (MlpProgressBoard, mlp_progress_board, MLP, PROGRESS_BOARD, GObject)

/* the points of one run since the previous update, made on the worker thread */
typedef struct {
  MlpProgressBoard *board;    /* a strong reference */
  guint             serial;   /* of the reset it belongs to */
  guint             run;      /* 0, or 1 for the comparison run */
  MlpBoardCurves   *points;   /* the new points, appended to the run's curves */
} MlpBoardUpdate;

/* (transfer full) */
MlpProgressBoard     *mlp_progress_board_new      (void);
/* Clears the curves for n_runs runs (1, or 2 for a comparison) of epochs
 * each; names (nullable) are the legend suffixes of a comparison's runs.
 * Returns the serial the new runs' updates carry: older ones are dropped. */
guint                 mlp_progress_board_reset    (MlpProgressBoard *self,
                                                   guint             n_runs,
                                                   guint             epochs,
                                                   const char *const names[2]);
/* the figure's title, e.g. why the run stopped (nullable) */
void                  mlp_progress_board_set_note (MlpProgressBoard *self, const char *note);
guint                 mlp_progress_board_get_n_runs (MlpProgressBoard *self);
guint                 mlp_progress_board_get_epochs (MlpProgressBoard *self);
/* a run's legend suffix, NULL for a single run; (transfer none) */
const char           *mlp_progress_board_get_run_name (MlpProgressBoard *self, guint run);
/* (transfer none) */
const MlpBoardCurves *mlp_progress_board_get_curves (MlpProgressBoard *self, guint run);
/* the largest difference of the two runs' minibatch losses, 0 for one run */
double                mlp_progress_board_max_loss_difference (MlpProgressBoard *self);

/* the board as d2l draws it: train_loss '-', val_loss 'm--', val_acc 'g-.';
 * raw: every minibatch's loss instead of the averaged points, smoothed as
 * TensorBoard does by smoothing (0 … 0.99; mlp_board_smooth) over the raw
 * curve, which is drawn faintly beneath as "train_loss (raw)" (smoothing 0:
 * the raw curve alone).  (transfer full) */
MlpPlot              *mlp_progress_board_dup_plot (MlpProgressBoard *self, gboolean raw, double smoothing);
/* the generalization gap train_acc − val_acc of each run; (transfer full) */
MlpPlot              *mlp_progress_board_dup_gap_plot (MlpProgressBoard *self);

/* TensorBoard's smoothing of a curve y of n points into out (n points; may
 * be y): the exponential moving average s_t = w·s_{t−1} + (1 − w)·y_t from
 * s_0 = 0, debiased as s_t / (1 − w^t), t counting the finite points; a
 * point that is not finite stays as it is and is not counted.  weight w in
 * [0, 1); 0 gives y. */
void                  mlp_board_smooth            (const double *y, gsize n, double weight, double *out);

/* on the worker thread: an empty update; (transfer full) */
MlpBoardUpdate       *mlp_board_update_new        (MlpProgressBoard *board, guint serial, guint run);
void                  mlp_board_update_free       (gpointer update);
/* a GSourceFunc for mlp_job_send, on the main thread: applies the update to
 * its board (emitting ::changed) unless it is stale, and frees it */
gboolean              mlp_board_update_apply      (gpointer update);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpBoardCurves, mlp_board_curves_free)

G_END_DECLS
