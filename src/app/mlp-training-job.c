/* mlp-training-job.c — see mlp-training-job.h.  The request is made on the
 * main thread; the job and the trainer's callbacks run on the worker. */
#include "mlp-training-job.h"

#include <glib/gi18n.h>

/* ------------------------------------------------- request and result */

MlpTrainingRequest *
mlp_training_request_new (MlpDataRequest *data, MlpProgressBoard *board, guint serial)
{
  MlpTrainingRequest *req = g_new0 (MlpTrainingRequest, 1);

  req->data = *data;
  *data = (MlpDataRequest) { NULL, NULL };
  req->board = g_object_ref (board);
  req->serial = serial;
  return req;
}

void
mlp_training_request_free (gpointer request)
{
  MlpTrainingRequest *req = request;

  mlp_data_request_clear (&req->data);
  g_object_unref (req->board);
  g_clear_pointer (&req->partial, mlp_training_partial_unref);
  g_free (req);
}

static void
partial_clear (gpointer p)
{
  mlp_training_result_free (((MlpTrainingPartial *) p)->result);
}

MlpTrainingPartial *
mlp_training_partial_new (void)
{
  return g_atomic_rc_box_new0 (MlpTrainingPartial);
}

MlpTrainingPartial *
mlp_training_partial_ref (MlpTrainingPartial *partial)
{
  return g_atomic_rc_box_acquire (partial);
}

void
mlp_training_partial_unref (gpointer partial)
{
  g_atomic_rc_box_release_full (partial, partial_clear);
}

MlpTrainingResult *
mlp_training_partial_steal (MlpTrainingPartial *partial)
{
  return g_steal_pointer (&partial->result);
}

void
mlp_training_result_free (gpointer result)
{
  MlpTrainingResult *r = result;

  if (r == NULL)
    return;
  g_clear_pointer (&r->models[0], mlp_model_free);
  g_clear_pointer (&r->models[1], mlp_model_free);
  mlp_run_analysis_free (r->analysis);
  g_free (r);
}

/* ------------------------------------------------------ the callbacks */

/* the worker's state of one run */
typedef struct {
  MlpJob             *job;
  MlpTrainingRequest *req;
  MlpBoardUpdate     *pending;        /* points not sent yet */
  gint64              last_flush;
  double              chunk_sum;      /* loss summed since the last averaged point */
  guint               chunk_batches;
  gsize               seen;           /* training images so far */
  gint64              started;
  guint               run;            /* which run of the request */
  guint               n_runs;
  double              last_x;         /* of the last minibatch that trained, */
  guint               epoch, batch;   /* its epoch and batch (1-based) */
} RunState;

static void
flush (RunState *s)
{
  mlp_job_send (s->job, mlp_board_update_apply, s->pending, mlp_board_update_free);
  s->pending = mlp_board_update_new (s->req->board, s->req->serial, s->run);
  s->last_flush = g_get_monotonic_time ();
}

static gboolean
run_should_stop (gpointer data)
{
  return !mlp_job_checkpoint (((RunState *) data)->job);
}

/* the mean loss of the minibatches since the previous averaged point */
static void
average_point (RunState *s, double x)
{
  double mean = s->chunk_sum / s->chunk_batches;

  g_array_append_val (s->pending->points->avg_x, x);
  g_array_append_val (s->pending->points->avg_y, mean);
  s->chunk_sum = 0;
  s->chunk_batches = 0;
}

static void
run_batch_done (const MlpBatchReport *r, gpointer data)
{
  RunState *s = data;
  double x = (r->epoch - 1) + (r->batch + 1) / (double) r->n_batches;
  /* d2l's plot_train_per_epoch = 2: a point at the middle and at the end */
  guint half = MAX (1, r->n_batches / 2);
  double fraction = (s->run + ((r->epoch - 1) * (double) r->n_batches + r->batch + 1) /
                               ((double) s->req->train.epochs * r->n_batches)) / s->n_runs;
  double elapsed = (g_get_monotonic_time () - s->started) / 1e6;
  g_autofree char *detail = NULL;
  gboolean point = FALSE;

  s->seen += r->batch_size;
  s->last_x = x;
  s->epoch = r->epoch;
  s->batch = r->batch + 1;
  g_array_append_val (s->pending->points->raw_x, x);
  g_array_append_val (s->pending->points->raw_y, r->loss);
  s->chunk_sum += r->loss;
  s->chunk_batches++;
  if (r->batch + 1 == half || r->batch + 1 == r->n_batches)
    {
      average_point (s, x);
      point = TRUE;
    }
  /* Translators: the worker's detail line, "epoch 3/10 · loss 0.512 · 41,000 images/s" */
  detail = g_strdup_printf (_("epoch %u/%u · loss %.3f · %.0f images/s"), r->epoch,
                            s->req->train.epochs, r->loss, elapsed > 0 ? s->seen / elapsed : 0.0);
  mlp_job_set_progress (s->job, fraction, detail);
  if (point || g_get_monotonic_time () - s->last_flush > 50 * 1000)
    flush (s);
}

static void
run_epoch_done (const MlpEpochReport *r, gpointer data)
{
  RunState *s = data;
  MlpBoardCurves *points = s->pending->points;
  double epoch = r->epoch;

  g_array_append_val (points->val_x, epoch);
  g_array_append_val (points->val_loss, r->val_loss);
  g_array_append_val (points->val_acc, r->val_acc);
  g_array_append_val (points->train_acc, r->train_acc);
  flush (s);
}

/* ---------------------------------------------------------------- runs */

/* The model of run (0 or 1), made when the run starts: run 0 makes the
 * request's model (and for the implementations, the concise twin with the
 * scratch model's initial weights); run 1 of the dropout comparison the same
 * network without dropout. */
void
mlp_training_run_config (MlpComparison compare, const MlpModelConfig *model, guint run, MlpModelConfig *out)
{
  *out = *model;
  if (run == 0)
    return;
  if (compare == MLP_COMPARE_IMPLEMENTATIONS)
    out->kind = model->kind == MLP_MODEL_MLP_SCRATCH ? MLP_MODEL_MLP : MLP_MODEL_DROPOUT;
  else if (compare == MLP_COMPARE_DROPOUT)
    for (guint l = 0; l < out->n_hidden; l++)
      out->dropouts[l] = 0.0f;
}

static gboolean
make_model (MlpTrainingRequest *req, guint run, MlpModel *models[2], GError **error)
{
  MlpModelConfig mc;

  if (run == 0)
    {
      models[0] = mlp_model_new (&req->model, error);
      if (models[0] == NULL)
        return FALSE;
      if (req->compare != MLP_COMPARE_IMPLEMENTATIONS)
        return TRUE;
      mlp_training_run_config (req->compare, &req->model, 1, &mc);
      models[1] = mlp_model_new (&mc, error);
      return models[1] != NULL && mlp_model_copy_parameters (models[1], models[0], error);
    }
  if (req->compare != MLP_COMPARE_DROPOUT)
    return TRUE;
  mlp_training_run_config (req->compare, &req->model, 1, &mc);
  models[1] = mlp_model_new (&mc, error);
  return models[1] != NULL;
}

/* trains one run of the request, streaming its points to the board */
static gboolean
fit_run (MlpJob *job, MlpTrainingRequest *req, guint run, guint n_runs, MlpModel *model,
         const MlpDataset *train, const MlpDataset *val, MlpTrainingResult *out, GError **error)
{
  RunState s = { .job = job, .req = req, .run = run, .n_runs = n_runs, .epoch = 1 };
  MlpTrainerCallbacks cb = { run_batch_done, run_epoch_done, run_should_stop, &s };
  MlpTrainResult res = { 0 };
  gboolean ok;

  s.pending = mlp_board_update_new (req->board, req->serial, run);
  s.last_flush = s.started = g_get_monotonic_time ();
  ok = mlp_trainer_fit (model, train, val, &req->train, &cb, &res, error);
  /* a run that ends early (stopped, diverged) keeps its points up to there */
  if (!ok && s.chunk_batches > 0)
    average_point (&s, s.last_x);
  flush (&s);
  mlp_board_update_free (s.pending);

  out->stopped_epoch = s.epoch;
  out->stopped_batch = s.batch;
  out->run_seconds[run] = res.seconds;
  out->seconds += res.seconds;
  out->samples_per_second = res.samples_per_second;
  if (res.epochs != NULL && res.epochs->len > 0)
    out->last[run] = g_array_index (res.epochs, MlpEpochReport, res.epochs->len - 1);
  out->n_runs = run + 1;
  mlp_train_result_clear (&res);
  return ok;
}

/* the confusion matrix of the validation set, its first misclassified
 * images with captions, and the first layer's weights */
static MlpRunAnalysis *
analyse (MlpJob *job, MlpModel *model, const MlpDataset *val, const MlpTrainConfig *train)
{
  mlp_job_set_progress (job, 1.0, _("computing the confusion matrix"));
  return mlp_run_analysis_new (model, val, train->limit_val, train->batch_size);
}

char *
mlp_training_job_title (MlpComparison compare, MlpModelKind kind)
{
  const char *name = mlp_model_kind_to_string (kind);

  switch (compare)
    {
    case MLP_COMPARE_DROPOUT:
      /* Translators: the job in the status area, "Training mlp-scratch" */
      return g_strdup_printf (_("Training %s with and without dropout"), name);
    case MLP_COMPARE_IMPLEMENTATIONS:
      return g_strdup (_("Training from scratch and concise"));
    case MLP_COMPARE_NONE:
    default:
      return g_strdup_printf (_("Training %s"), name);
    }
}

gpointer
mlp_training_job (MlpJob *job, gpointer job_data, GError **error)
{
  MlpTrainingRequest *req = job_data;
  g_autoptr(MlpLoadedData) loaded = NULL;
  const MlpDataset *train, *val;
  MlpModel *models[2] = { NULL, NULL };
  guint n_runs = req->compare != MLP_COMPARE_NONE ? 2 : 1;
  MlpTrainingResult *out;

  mlp_job_set_progress (job, 0.0, _("loading Fashion-MNIST"));
  /* read once, then shared with the other sections and the next runs */
  loaded = mlp_data_request_get (&req->data, error);
  if (loaded == NULL)
    return NULL;
  train = loaded->train;
  val = loaded->test;
  out = g_new0 (MlpTrainingResult, 1);
  out->train = req->train;
  for (guint run = 0; run < n_runs; run++)
    if (!make_model (req, run, models, error) ||
        !fit_run (job, req, run, n_runs, models[run], train, val, out, error))
      {
        /* the models as they were, for the page to keep */
        out->models[0] = models[0];
        out->models[1] = models[1];
        if (req->partial != NULL)
          req->partial->result = out;
        else
          mlp_training_result_free (out);
        return NULL;
      }
  if (n_runs == 1 && val->n_classes == MLP_FASHION_MNIST_CLASSES &&
      val->rows * val->cols == MLP_FASHION_MNIST_PIXELS)
    out->analysis = analyse (job, models[0], val, &req->train);
  out->models[0] = models[0];
  out->models[1] = models[1];
  return out;
}
