/* mlp-worker.c — the background threads; see mlp-worker.h for the rules. */
#include "mlp-worker.h"

struct _MlpJob {
  MlpWorker      *worker;        /* strong reference while the job exists */
  MlpLane         lane;
  guint           id;
  char           *title;
  MlpJobFunc      func;
  gpointer        data;
  GDestroyNotify  data_free;
  GDestroyNotify  result_free;
  MlpJobDoneFunc  done;
  gpointer        user_data;
  GDestroyNotify  user_data_free;
  gint            cancelled;     /* atomic */
  gint64          started;       /* monotonic µs when it started running */
  gint64          paused_total;  /* µs spent paused */
};

/* one thread and its queue */
typedef struct {
  MlpWorker    *worker;
  MlpLane       id;
  GThread      *thread;
  /* protected by the worker's mutex */
  GQueue        queue;           /* MlpJob *, waiting */
  MlpJob       *current;         /* running, or NULL */
  double        slot_fraction;   /* progress written by the job */
  char         *slot_detail;
} Lane;

struct _MlpWorker {
  GObject       parent_instance;

  GMutex        mutex;
  GCond         cond;
  /* protected by mutex */
  Lane          lanes[MLP_N_LANES];
  gboolean      paused;          /* holds the long lane's job */
  gboolean      stopping;        /* the threads should exit */
  guint         update_source;   /* the one pending idle, or 0 */
  guint         next_id;

  /* main thread only */
  gboolean      shut_down;       /* done callbacks are no longer called */
  gboolean      busy;
  char         *title;
  double        fraction;
  double        eta;
  char         *detail;
  guint         current_id;
};

enum {
  PROP_0,
  PROP_BUSY,
  PROP_TITLE,
  PROP_FRACTION,
  PROP_ETA,
  PROP_DETAIL,
  PROP_PAUSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (MlpWorker, mlp_worker, G_TYPE_OBJECT)

static void
job_free (MlpJob *job)
{
  if (job->data_free != NULL && job->data != NULL)
    job->data_free (job->data);
  if (job->user_data_free != NULL)
    job->user_data_free (job->user_data);
  g_free (job->title);
  g_object_unref (job->worker);
  g_free (job);
}

/* --------------------------------------------------- main-thread updates */

/* the lane the status area shows: the long one while it runs a job */
static Lane *
shown_lane_locked (MlpWorker *self)
{
  return self->lanes[MLP_LANE_LONG].current != NULL ? &self->lanes[MLP_LANE_LONG]
                                                    : &self->lanes[MLP_LANE_QUICK];
}

/* the main-thread fields: each stores its new value (update_string takes
 * ownership of it) and notifies its property only when the value changed */
static void
update_string (MlpWorker *self, char **field, char *value, guint prop)
{
  if (g_strcmp0 (*field, value) == 0)
    {
      g_free (value);
      return;
    }
  g_free (*field);
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
update_double (MlpWorker *self, double *field, double value, guint prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Copies the worker's state into the main-thread fields and notifies.
 * Runs on the main context; at most one is pending at a time. */
static gboolean
update_idle (gpointer data)
{
  MlpWorker *self = data;
  gboolean busy;
  char *title, *detail;
  double fraction, eta = -1.0;
  guint id;
  Lane *lane;

  g_mutex_lock (&self->mutex);
  self->update_source = 0;
  lane = shown_lane_locked (self);
  busy = lane->current != NULL;
  id = busy ? lane->current->id : 0;
  title = busy ? g_strdup (lane->current->title) : NULL;
  fraction = busy ? lane->slot_fraction : -1.0;
  detail = busy ? g_strdup (lane->slot_detail) : NULL;
  if (busy && fraction > 0.005)
    {
      gint64 active = g_get_monotonic_time () - lane->current->started - lane->current->paused_total;
      eta = active / 1e6 * (1.0 - fraction) / fraction;
    }
  g_mutex_unlock (&self->mutex);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->busy != busy)
    {
      self->busy = busy;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
    }
  update_string (self, &self->title, title, PROP_TITLE);
  update_string (self, &self->detail, detail, PROP_DETAIL);
  update_double (self, &self->fraction, fraction, PROP_FRACTION);
  update_double (self, &self->eta, eta, PROP_ETA);
  self->current_id = id;
  g_object_thaw_notify (G_OBJECT (self));
  return G_SOURCE_REMOVE;
}

/* called with the mutex held, from either thread */
static void
schedule_update_locked (MlpWorker *self)
{
  if (self->update_source == 0 && !self->stopping)
    self->update_source = g_idle_add_full (G_PRIORITY_DEFAULT, update_idle,
                                           g_object_ref (self), g_object_unref);
}

typedef struct {
  MlpJob   *job;
  gpointer  result;
  GError   *error;
} Delivery;

static gboolean
deliver_idle (gpointer data)
{
  Delivery *d = data;
  MlpJob *job = d->job;
  MlpWorker *self = job->worker;

  if (!self->shut_down && job->done != NULL)
    job->done (g_steal_pointer (&d->result), d->error, job->user_data);
  if (d->result != NULL && job->result_free != NULL)
    job->result_free (d->result);
  g_clear_error (&d->error);
  job_free (job);
  g_free (d);
  return G_SOURCE_REMOVE;
}

static void
deliver (MlpJob *job, gpointer result, GError *error)
{
  Delivery *d = g_new0 (Delivery, 1);

  d->job = job;
  d->result = result;
  d->error = error;
  g_idle_add_full (G_PRIORITY_DEFAULT, deliver_idle, d, NULL);
}

/* ------------------------------------------------------------ the threads */

/* Runs the job that the lane just took off its queue, without the mutex;
 * returns its result, or NULL with error set. */
static gpointer
run_job (MlpJob *job, GError **error)
{
  gpointer result = job->func (job, job->data, error);

  if (job->data_free != NULL)
    job->data_free (job->data);
  job->data = NULL;
  if (g_atomic_int_get (&job->cancelled))
    {
      if (result != NULL && job->result_free != NULL)
        job->result_free (result);
      g_clear_error (error);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The job was stopped");
      return NULL;
    }
  if (result == NULL && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The job failed");
  return result;
}

static gpointer
lane_thread (gpointer data)
{
  Lane *lane = data;
  MlpWorker *self = lane->worker;
  MlpJob *stopped = NULL;   /* the job that ran when the worker stopped */

  g_mutex_lock (&self->mutex);
  for (;;)
    {
      MlpJob *job;
      GError *error = NULL;
      gpointer result;

      while (g_queue_is_empty (&lane->queue) && !self->stopping)
        g_cond_wait (&self->cond, &self->mutex);
      if (self->stopping)
        break;

      job = g_queue_pop_head (&lane->queue);
      job->started = g_get_monotonic_time ();
      lane->current = job;
      lane->slot_fraction = -1.0;
      g_clear_pointer (&lane->slot_detail, g_free);
      schedule_update_locked (self);
      g_mutex_unlock (&self->mutex);

      result = run_job (job, &error);

      g_mutex_lock (&self->mutex);
      lane->current = NULL;
      if (self->stopping)
        {
          if (result != NULL && job->result_free != NULL)
            job->result_free (result);
          g_clear_error (&error);
          stopped = job;
          break;
        }
      deliver (job, result, error);
      schedule_update_locked (self);
    }
  g_mutex_unlock (&self->mutex);
  /* freed by mlp_worker_shutdown on the main thread, where user_data_free runs */
  return stopped;
}

/* ------------------------------------------------------------- public API */

MlpWorker *
mlp_worker_new (void)
{
  return g_object_new (MLP_TYPE_WORKER, NULL);
}

guint
mlp_worker_submit (MlpWorker *self, const char *title, MlpJobFunc func, gpointer job_data,
                   GDestroyNotify job_data_free, GDestroyNotify result_free, MlpJobDoneFunc done,
                   gpointer user_data)
{
  return mlp_worker_submit_full (self, MLP_LANE_LONG, title, func, job_data, job_data_free, result_free,
                                 done, user_data, NULL);
}

guint
mlp_worker_submit_full (MlpWorker *self, MlpLane lane, const char *title, MlpJobFunc func,
                        gpointer job_data, GDestroyNotify job_data_free, GDestroyNotify result_free,
                        MlpJobDoneFunc done, gpointer user_data, GDestroyNotify user_data_free)
{
  MlpJob *job;
  guint id;

  g_return_val_if_fail (MLP_IS_WORKER (self), 0);
  g_return_val_if_fail (func != NULL, 0);
  g_return_val_if_fail (lane < MLP_N_LANES, 0);
  g_return_val_if_fail (!self->shut_down, 0);

  job = g_new0 (MlpJob, 1);
  job->worker = g_object_ref (self);
  job->lane = lane;
  job->title = g_strdup (title);
  job->func = func;
  job->data = job_data;
  job->data_free = job_data_free;
  job->result_free = result_free;
  job->done = done;
  job->user_data = user_data;
  job->user_data_free = user_data_free;

  g_mutex_lock (&self->mutex);
  id = job->id = ++self->next_id;
  g_queue_push_tail (&self->lanes[lane].queue, job);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
  return id;
}

/* what a job submitted for a GTask returns its result to */
typedef struct {
  GTask          *task;
  GDestroyNotify  result_free;
  MlpWorker      *worker;        /* not owned: the job holds it */
  guint           id;
  gulong          cancelled_id;  /* on the task's cancellable, or 0 */
  gboolean        returned;
} TaskReturn;

static void
task_return (gpointer result, const GError *error, gpointer user_data)
{
  TaskReturn *ret = user_data;

  ret->returned = TRUE;
  if (error != NULL)
    g_task_return_error (ret->task, g_error_copy (error));
  else
    g_task_return_pointer (ret->task, result, ret->result_free);
}

static void
task_return_free (gpointer data)
{
  TaskReturn *ret = data;

  g_cancellable_disconnect (g_task_get_cancellable (ret->task), ret->cancelled_id);
  /* the worker shut down first: every _async call still ends */
  if (!ret->returned)
    g_task_return_new_error (ret->task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The job was stopped");
  g_object_unref (ret->task);
  g_free (ret);
}

static void
on_task_cancelled (GCancellable *cancellable, gpointer data)
{
  TaskReturn *ret = data;

  mlp_worker_cancel_job (ret->worker, ret->id);
}

guint
mlp_worker_submit_task (MlpWorker *self, MlpLane lane, const char *title, MlpJobFunc func,
                        gpointer job_data, GDestroyNotify job_data_free, GDestroyNotify result_free,
                        GTask *task)
{
  TaskReturn *ret;
  GCancellable *cancellable;

  g_return_val_if_fail (G_IS_TASK (task), 0);

  ret = g_new0 (TaskReturn, 1);
  ret->task = g_object_ref (task);
  ret->result_free = result_free;
  ret->worker = self;
  /* the task frees a result it was given; the worker frees an undelivered one */
  ret->id = mlp_worker_submit_full (self, lane, title, func, job_data, job_data_free, result_free,
                                    task_return, ret, task_return_free);
  /* the job ends on this thread, after this returns, so ret is still there */
  cancellable = g_task_get_cancellable (task);
  if (cancellable != NULL)
    ret->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (on_task_cancelled), ret, NULL);
  return ret->id;
}

static void
cancel_queued_locked (MlpWorker *self, MlpJob *job)
{
  g_queue_remove (&self->lanes[job->lane].queue, job);
  if (job->data_free != NULL)
    job->data_free (job->data);
  job->data = NULL;
  deliver (job, NULL, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The job was stopped"));
}

static void
cancel_lane_locked (MlpWorker *self, Lane *lane)
{
  if (lane->current != NULL)
    g_atomic_int_set (&lane->current->cancelled, 1);
  while (!g_queue_is_empty (&lane->queue))
    cancel_queued_locked (self, g_queue_peek_head (&lane->queue));
}

void
mlp_worker_cancel_job (MlpWorker *self, guint id)
{
  g_return_if_fail (MLP_IS_WORKER (self));

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < MLP_N_LANES; i++)
    {
      Lane *lane = &self->lanes[i];

      if (lane->current != NULL && lane->current->id == id)
        g_atomic_int_set (&lane->current->cancelled, 1);
      else
        for (GList *l = lane->queue.head; l != NULL; l = l->next)
          if (((MlpJob *) l->data)->id == id)
            {
              cancel_queued_locked (self, l->data);
              break;
            }
    }
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

void
mlp_worker_cancel_lane (MlpWorker *self, MlpLane lane)
{
  g_return_if_fail (MLP_IS_WORKER (self));
  g_return_if_fail (lane < MLP_N_LANES);

  g_mutex_lock (&self->mutex);
  cancel_lane_locked (self, &self->lanes[lane]);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

void
mlp_worker_cancel_all (MlpWorker *self)
{
  g_return_if_fail (MLP_IS_WORKER (self));

  g_mutex_lock (&self->mutex);
  for (guint i = 0; i < MLP_N_LANES; i++)
    cancel_lane_locked (self, &self->lanes[i]);
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
}

void
mlp_worker_set_paused (MlpWorker *self, gboolean paused)
{
  g_return_if_fail (MLP_IS_WORKER (self));

  g_mutex_lock (&self->mutex);
  if (self->paused == !!paused)
    {
      g_mutex_unlock (&self->mutex);
      return;
    }
  self->paused = !!paused;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

gboolean
mlp_worker_get_paused (MlpWorker *self)
{
  gboolean paused;

  g_mutex_lock (&self->mutex);
  paused = self->paused;
  g_mutex_unlock (&self->mutex);
  return paused;
}

void
mlp_worker_shutdown (MlpWorker *self)
{
  g_return_if_fail (MLP_IS_WORKER (self));

  if (self->shut_down)
    return;
  self->shut_down = TRUE;

  g_mutex_lock (&self->mutex);
  self->stopping = TRUE;
  for (guint i = 0; i < MLP_N_LANES; i++)
    {
      Lane *lane = &self->lanes[i];

      if (lane->current != NULL)
        g_atomic_int_set (&lane->current->cancelled, 1);
      while (!g_queue_is_empty (&lane->queue))
        job_free (g_queue_pop_head (&lane->queue));
    }
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->mutex);

  for (guint i = 0; i < MLP_N_LANES; i++)
    {
      MlpJob *stopped = g_thread_join (g_steal_pointer (&self->lanes[i].thread));

      if (stopped != NULL)
        job_free (stopped);
    }
  /* the pending update (if any) holds its own reference and finds nothing */
}

gboolean    mlp_worker_get_busy (MlpWorker *self)        { return self->busy; }
const char *mlp_worker_get_title (MlpWorker *self)       { return self->title; }
double      mlp_worker_get_fraction (MlpWorker *self)    { return self->fraction; }
double      mlp_worker_get_eta (MlpWorker *self)         { return self->eta; }
const char *mlp_worker_get_detail (MlpWorker *self)      { return self->detail; }
guint       mlp_worker_get_current_job (MlpWorker *self) { return self->current_id; }

/* ---------------------------------------------------------- job side */

gboolean
mlp_job_checkpoint (MlpJob *job)
{
  MlpWorker *self = job->worker;

  if (job->lane != MLP_LANE_LONG)
    return !g_atomic_int_get (&job->cancelled);
  g_mutex_lock (&self->mutex);
  if (self->paused && !g_atomic_int_get (&job->cancelled))
    {
      gint64 t0 = g_get_monotonic_time ();

      while (self->paused && !g_atomic_int_get (&job->cancelled) && !self->stopping)
        g_cond_wait (&self->cond, &self->mutex);
      job->paused_total += g_get_monotonic_time () - t0;
    }
  g_mutex_unlock (&self->mutex);
  return !g_atomic_int_get (&job->cancelled);
}

gboolean
mlp_job_is_cancelled (MlpJob *job)
{
  return g_atomic_int_get (&job->cancelled);
}

void
mlp_job_progress_hook (double fraction, const char *detail, gpointer job)
{
  mlp_job_set_progress (job, fraction, detail);
}

gboolean
mlp_job_stop_hook (gpointer job)
{
  return !mlp_job_checkpoint (job);
}

void
mlp_job_set_progress (MlpJob *job, double fraction, const char *detail)
{
  MlpWorker *self = job->worker;
  Lane *lane = &self->lanes[job->lane];

  g_mutex_lock (&self->mutex);
  lane->slot_fraction = CLAMP (fraction, 0.0, 1.0);
  if (g_strcmp0 (lane->slot_detail, detail) != 0)
    {
      g_free (lane->slot_detail);
      lane->slot_detail = g_strdup (detail);
    }
  schedule_update_locked (self);
  g_mutex_unlock (&self->mutex);
}

typedef struct {
  MlpWorker      *worker;
  GSourceFunc     func;
  gpointer        data;
  GDestroyNotify  free_func;
} Message;

static gboolean
message_idle (gpointer p)
{
  Message *m = p;

  if (!m->worker->shut_down)
    m->func (m->data);
  else if (m->free_func != NULL)
    m->free_func (m->data);
  g_object_unref (m->worker);
  g_free (m);
  return G_SOURCE_REMOVE;
}

void
mlp_job_send (MlpJob *job, GSourceFunc func, gpointer data, GDestroyNotify free_func)
{
  Message *m = g_new0 (Message, 1);

  m->worker = g_object_ref (job->worker);
  m->func = func;
  m->data = data;
  m->free_func = free_func;
  g_idle_add_full (G_PRIORITY_DEFAULT, message_idle, m, NULL);
}

/* ------------------------------------------------------------- GObject */

static void
mlp_worker_dispose (GObject *object)
{
  mlp_worker_shutdown (MLP_WORKER (object));
  G_OBJECT_CLASS (mlp_worker_parent_class)->dispose (object);
}

static void
mlp_worker_finalize (GObject *object)
{
  MlpWorker *self = MLP_WORKER (object);

  g_mutex_clear (&self->mutex);
  g_cond_clear (&self->cond);
  for (guint i = 0; i < MLP_N_LANES; i++)
    g_free (self->lanes[i].slot_detail);
  g_free (self->title);
  g_free (self->detail);
  G_OBJECT_CLASS (mlp_worker_parent_class)->finalize (object);
}

static void
mlp_worker_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  MlpWorker *self = MLP_WORKER (object);

  switch (prop_id)
    {
    case PROP_BUSY: g_value_set_boolean (value, self->busy); break;
    case PROP_TITLE: g_value_set_string (value, self->title); break;
    case PROP_FRACTION: g_value_set_double (value, self->fraction); break;
    case PROP_ETA: g_value_set_double (value, self->eta); break;
    case PROP_DETAIL: g_value_set_string (value, self->detail); break;
    case PROP_PAUSED: g_value_set_boolean (value, mlp_worker_get_paused (self)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mlp_worker_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_PAUSED: mlp_worker_set_paused (MLP_WORKER (object), g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mlp_worker_class_init (MlpWorkerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mlp_worker_dispose;
  object_class->finalize = mlp_worker_finalize;
  object_class->get_property = mlp_worker_get_property;
  object_class->set_property = mlp_worker_set_property;

  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, -1, 1, -1,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ETA] = g_param_spec_double ("eta", NULL, NULL, -1, G_MAXDOUBLE, -1,
                                              G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL,
                                                 G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] = g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                                                  G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mlp_worker_init (MlpWorker *self)
{
  static const char *names[MLP_N_LANES] = { "mlp-worker", "mlp-quick" };

  g_mutex_init (&self->mutex);
  g_cond_init (&self->cond);
  self->fraction = -1.0;
  self->eta = -1.0;
  for (guint i = 0; i < MLP_N_LANES; i++)
    {
      Lane *lane = &self->lanes[i];

      lane->worker = self;
      lane->id = (MlpLane) i;
      g_queue_init (&lane->queue);
      lane->thread = g_thread_new (names[i], lane_thread, lane);
    }
}
