/* mlp-worker.h — the background threads that run MLP Lab's jobs.
 *
 * A job is a function run on a worker thread with parameters copied in; its
 * result is handed back to the main thread (copied out) when it is done.
 * The rule, written once here: the worker never touches a widget and never
 * emits a GObject signal.  It writes progress into a mutex-protected slot and
 * schedules at most one pending idle source on the main context, which reads
 * the slot and notifies MlpWorker's properties there (sysprof's pattern).
 *
 * Two lanes, each a thread with its own queue, so that a figure never waits
 * behind a training run: the long lane runs training and other runs of
 * seconds or more, one at a time; the quick lane runs what a figure needs at
 * once (a curve, a product of matrices, a page of images, loading or saving a
 * file).  The status area shows the long lane's job while there is one.
 *
 * Cancellation and pause: a job calls mlp_job_checkpoint() between units of
 * work (every minibatch).  While the worker is paused the call blocks in the
 * long lane's job (quick jobs are never held); once the job is cancelled it
 * returns FALSE and the job should return promptly.  Cancelling wakes a
 * paused job.  Disposing the worker cancels the running jobs, drops the
 * queued ones, and joins the threads.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MLP_TYPE_WORKER (mlp_worker_get_type ())
G_DECLARE_FINAL_TYPE (MlpWorker, mlp_worker, MLP, WORKER, GObject)

typedef struct _MlpJob MlpJob;

typedef enum {
  MLP_LANE_LONG,    /* training and other long runs: pausable, stopped by Stop */
  MLP_LANE_QUICK,   /* what a figure needs at once; never waits behind a long job */
  MLP_N_LANES
} MlpLane;

/* Runs on the worker thread.  Returns the result (or NULL with error set).
 * job_data is the copied-in parameters. */
typedef gpointer (*MlpJobFunc)     (MlpJob *job, gpointer job_data, GError **error);
/* Runs on the main thread when the job finished, failed or was cancelled
 * (error is then G_IO_ERROR_CANCELLED).  Takes ownership of result. */
typedef void     (*MlpJobDoneFunc) (gpointer result, const GError *error, gpointer user_data);

MlpWorker  *mlp_worker_new            (void);

/* Queues a job.  title is shown in the status area ("Computing sigmoid").
 * job_data is freed with job_data_free on the worker thread when the job ends;
 * result_free frees a result that is never delivered (e.g. the window closed).
 * done runs on the main thread with user_data (which the worker does not own).
 * Returns an id for mlp_worker_cancel_job(). */
guint       mlp_worker_submit         (MlpWorker *worker, const char *title, MlpJobFunc func,
                                       gpointer job_data, GDestroyNotify job_data_free,
                                       GDestroyNotify result_free, MlpJobDoneFunc done,
                                       gpointer user_data);
/* the same in a given lane (mlp_worker_submit uses the long one), with
 * user_data_free called on the main thread once the job is gone, whether
 * done ran or not (e.g. at shutdown) */
guint       mlp_worker_submit_full    (MlpWorker *worker, MlpLane lane, const char *title,
                                       MlpJobFunc func, gpointer job_data, GDestroyNotify job_data_free,
                                       GDestroyNotify result_free, MlpJobDoneFunc done,
                                       gpointer user_data, GDestroyNotify user_data_free);
/* The job as the half of a GIO-style _async/_finish pair, called on the
 * main thread: task (a new reference is taken) gets func's result there, as
 * g_task_return_pointer (task, result, result_free), or func's error
 * (G_IO_ERROR_CANCELLED when the job was stopped, or never ran because the
 * worker shut down).  Cancelling the task's cancellable cancels the job.
 * Returns the job's id. */
guint       mlp_worker_submit_task    (MlpWorker *worker, MlpLane lane, const char *title,
                                       MlpJobFunc func, gpointer job_data, GDestroyNotify job_data_free,
                                       GDestroyNotify result_free, GTask *task);
/* Cancels a queued or running job.  Its done callback still runs (with
 * G_IO_ERROR_CANCELLED) unless the job had already been delivered. */
void        mlp_worker_cancel_job     (MlpWorker *worker, guint id);
/* cancels a lane's running job and its queued ones (Stop: the long lane) */
void        mlp_worker_cancel_lane    (MlpWorker *worker, MlpLane lane);
/* cancels the running jobs and all queued ones */
void        mlp_worker_cancel_all     (MlpWorker *worker);
void        mlp_worker_set_paused     (MlpWorker *worker, gboolean paused);
gboolean    mlp_worker_get_paused     (MlpWorker *worker);
/* cancel everything and join the thread; done callbacks are not called after */
void        mlp_worker_shutdown       (MlpWorker *worker);

/* state for the status area; all read on the main thread */
gboolean    mlp_worker_get_busy       (MlpWorker *worker);
const char *mlp_worker_get_title      (MlpWorker *worker);
/* 0 … 1, or −1 when unknown */
double      mlp_worker_get_fraction   (MlpWorker *worker);
/* seconds left, or −1 when unknown */
double      mlp_worker_get_eta        (MlpWorker *worker);
const char *mlp_worker_get_detail     (MlpWorker *worker);
/* job id of the running job the status area shows, 0 when idle */
guint       mlp_worker_get_current_job (MlpWorker *worker);

/* for jobs, on the worker thread: */
/* FALSE once the job is cancelled; blocks while paused */
gboolean    mlp_job_checkpoint        (MlpJob *job);
gboolean    mlp_job_is_cancelled      (MlpJob *job);
/* fraction 0 … 1 of the job done, a detail line ("epoch 3/10 · 2,431 img/s");
 * the ETA is estimated from the fraction and the job's running time, not
 * counting paused time */
void        mlp_job_set_progress      (MlpJob *job, double fraction, const char *detail);
/* the same two as the engine's callbacks take them, the job as user_data
 * (an exercise's progress and should_stop hooks) */
void        mlp_job_progress_hook     (double fraction, const char *detail, gpointer job);
gboolean    mlp_job_stop_hook         (gpointer job);
/* For streaming results (curve points during training): func runs on the main
 * thread with data, which it owns (freed with free_func if the job is gone). */
void        mlp_job_send              (MlpJob *job, GSourceFunc func, gpointer data,
                                       GDestroyNotify free_func);

G_END_DECLS
