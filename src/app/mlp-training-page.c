/* mlp-training-page.c — the training sections.
 *
 * A run copies the page's hyper-parameters into a request and trains on the
 * worker with the engine's trainer (the same code as `mlplab-cli train`).  The
 * trainer's callbacks run on the worker; they collect the board's points and
 * hand copies to the main thread with mlp_job_send() at most every 50 ms, at
 * each half epoch and at each epoch's end.  The board is d2l's ProgressBoard:
 * train_loss twice per epoch (the mean of the minibatches since the previous
 * point), val_loss and val_acc once per epoch, x from 0 to the number of
 * epochs from the start.
 */
#include "mlp-training-page.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "mlp-checkpoint.h"
#include "mlp-dataset.h"
#include "mlp-fashion-mnist.h"
#include "mlp-figures.h"
#include "mlp-error.h"
#include "mlp-models.h"
#include "mlp-ops.h"
#include "mlp-settings.h"
#include "mlp-plot-view.h"
#include "mlp-trainer.h"

typedef enum {
  COMPARE_NONE,
  COMPARE_DROPOUT,          /* then the same network without dropout */
  COMPARE_IMPLEMENTATIONS,  /* from scratch, then concise from the same initial weights */
} Comparison;

typedef struct {
  GArray *avg_x, *avg_y;            /* train_loss, two per epoch */
  GArray *raw_x, *raw_y;            /* every minibatch */
  GArray *val_x, *val_loss, *val_acc, *train_acc;   /* once per epoch */
} Board;

/* a finished or stopped run, kept for the session */
typedef struct {
  guint            number;
  char            *title;       /* "#3 mlp-scratch, lr 0.1, seed 0" */
  char            *command;     /* the mlplab-cli line */
  Board            board;       /* its curves */
  MlpEpochReport   last;        /* final metrics (epoch 0: none) */
  double           seconds;
  gboolean         overlay;     /* drawn on the board */
  const char      *status;      /* "completed", "stopped", "diverged", "loaded" */
  MlpModel        *model;       /* the trained model (completed or loaded runs) */
  MlpTrainConfig   train;
} RunRecord;

enum { TRAIN_SLOT };

struct _MlpTrainingPage {
  MlpSectionPage parent_instance;

  GSettings   *settings;
  gboolean     dropout;
  guint        serial;       /* the newest run; older messages are dropped */
  guint        epochs;       /* of the run on the board */
  char        *board_note;   /* e.g. why the run stopped */

  /* the board's points: one set per run; a comparison has two */
  Board        board[2];
  guint        n_runs;
  Comparison   comparison;          /* of the run on the board */
  const char  *run_names[2];        /* legend suffixes of a comparison */

  GtkWidget   *controls;
  GtkWidget   *controls_separator;
  GtkWidget   *heading_label;
  GtkWidget   *intro_label;
  GtkWidget   *grid;
  GtkWidget   *start_button;
  GtkWidget   *compare_button;
  GtkWidget   *twins_button;
  GtkWidget   *demo_expander, *demo_label, *demo_button;
  GtkAdjustment *demo_adjustment;
  guint64      demo_seed;
  GtkWidget   *command_button;
  GtkWidget   *pause_button;
  GtkWidget   *stop_button;
  GtkWidget   *raw_check;
  GtkWidget   *result_label;
  MlpPlotView *plot_view;
  MlpPlotView *gap_view;
  GtkWidget   *analysis_box;
  MlpPlotView *confusion_view, *mistakes_view, *weights_view;
  GtkWidget   *runs_list;
  GtkWidget   *runs_export_button;
  GtkWidget   *runs_load_button;
  GPtrArray   *runs;              /* RunRecord *, oldest first */
  char        *pending_command;   /* of the run on the worker */

  GtkWidget   *model_dropdown;
  GtkWidget   *hidden1_spin, *hidden2_spin;
  GtkWidget   *dropout1_spin, *dropout2_spin;
  GtkWidget   *activation_dropdown;
  GtkWidget   *init_dropdown;
  GtkWidget   *sigma_spin;
  GtkWidget   *lr_spin, *batch_spin, *epochs_spin, *seed_spin, *limit_spin;
};

G_DEFINE_FINAL_TYPE (MlpTrainingPage, mlp_training_page, MLP_TYPE_SECTION_PAGE)

/* (transfer none) (nullable) */
static inline const char *
data_dir (MlpTrainingPage *self)
{
  return mlp_section_page_get_data_dir (MLP_SECTION_PAGE (self));
}

static void board_init (Board *b);
static char *command_line (MlpTrainingPage *self);
static void on_save_run (GtkButton *button, MlpTrainingPage *self);
static char *run_to_json (RunRecord *r);
static void board_clear (Board *b, gboolean free_arrays);

static const char *model_ids[] = { "scratch", "concise", NULL };
static const char *activation_ids[] = { "relu", "prelu", "sigmoid", "tanh", NULL };
static const char *init_ids[] = { "default", "normal", "xavier-normal", "xavier-uniform", "he", "torch", NULL };

/* ----------------------------------------------------------- the request */


typedef struct {
  guint            serial;
  MlpTrainingPage *page;          /* only touched on the main thread */
  char            *data_dir;
  MlpModelConfig   model;
  MlpTrainConfig   train;
  Comparison       compare;
} TrainRequest;

typedef struct {
  double  seconds;
  double  samples_per_second;
  MlpEpochReport last[2];      /* per run */
  guint   n_runs;
  MlpModel *models[2];         /* the trained models, handed over to the main thread */
  MlpTrainConfig train;
  guint    confusion[MLP_FASHION_MNIST_CLASSES * MLP_FASHION_MNIST_CLASSES];   /* of a single run */
  gboolean has_confusion;
  MlpTensor *weights;          /* first layer (hidden, 784), copied on the worker */
  float   *mistake_pixels;     /* n_mistakes × 784, in [0, 1] */
  char   **mistake_captions;   /* "shirt → coat, 62 %" */
  guint    n_mistakes;
} TrainResult;

static void
train_result_free (gpointer p)
{
  TrainResult *r = p;

  if (r == NULL)
    return;
  g_clear_pointer (&r->models[0], mlp_model_free);
  g_clear_pointer (&r->models[1], mlp_model_free);
  g_free (r->mistake_pixels);
  g_strfreev (r->mistake_captions);
  g_clear_pointer (&r->weights, mlp_tensor_unref);
  g_free (r);
}

static void
request_free (gpointer p)
{
  TrainRequest *r = p;

  g_free (r->data_dir);
  g_free (r);
}

/* a batch of board points, handed to the main thread */
typedef struct {
  MlpTrainingPage *page;
  guint            serial;
  guint            run;                            /* 0, or 1 for the comparison run */
  GArray          *raw_x, *raw_y, *avg_x, *avg_y;
  double           val_epoch, val_loss, val_acc, train_acc;   /* NAN when none */
} BoardUpdate;

static void
board_update_free (gpointer p)
{
  BoardUpdate *u = p;

  g_array_unref (u->raw_x);
  g_array_unref (u->raw_y);
  g_array_unref (u->avg_x);
  g_array_unref (u->avg_y);
  g_free (u);
}

static BoardUpdate *
board_update_new (MlpTrainingPage *page, guint serial, guint run)
{
  BoardUpdate *u = g_new0 (BoardUpdate, 1);

  u->page = page;
  u->serial = serial;
  u->run = run;
  u->raw_x = g_array_new (FALSE, FALSE, sizeof (double));
  u->raw_y = g_array_new (FALSE, FALSE, sizeof (double));
  u->avg_x = g_array_new (FALSE, FALSE, sizeof (double));
  u->avg_y = g_array_new (FALSE, FALSE, sizeof (double));
  u->val_epoch = u->val_loss = u->val_acc = u->train_acc = NAN;
  return u;
}

/* worker-side state of one run */
typedef struct {
  MlpJob       *job;
  TrainRequest *req;
  BoardUpdate  *pending;
  gint64        last_flush;
  double        chunk_sum;       /* loss summed since the last averaged point */
  guint         chunk_batches;
  gsize         seen;            /* training images so far */
  gint64        started;
  guint         run;             /* which run of the request */
  guint         n_runs;
} RunState;

static gboolean apply_board_update (gpointer data);

static void
flush (RunState *s)
{
  mlp_job_send (s->job, apply_board_update, s->pending, board_update_free);
  s->pending = board_update_new (s->req->page, s->req->serial, s->run);
  s->last_flush = g_get_monotonic_time ();
}

static gboolean
run_should_stop (gpointer data)
{
  return !mlp_job_checkpoint (((RunState *) data)->job);
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
  g_array_append_val (s->pending->raw_x, x);
  g_array_append_val (s->pending->raw_y, r->loss);
  s->chunk_sum += r->loss;
  s->chunk_batches++;
  if (r->batch + 1 == half || r->batch + 1 == r->n_batches)
    {
      double mean = s->chunk_sum / s->chunk_batches;

      g_array_append_val (s->pending->avg_x, x);
      g_array_append_val (s->pending->avg_y, mean);
      s->chunk_sum = 0;
      s->chunk_batches = 0;
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

  s->pending->val_epoch = r->epoch;
  s->pending->val_loss = r->val_loss;
  s->pending->val_acc = r->val_acc;
  s->pending->train_acc = r->train_acc;
  flush (s);
}

/* on the worker thread: one run, or a comparison of two: the dropout run
 * and then the same network without dropout from the same seed (the same
 * initial weights, since dropout masks come from a stream of their own, and
 * the same data order), or the scratch model and then the concise one
 * starting from a copy of its initial weights.  The trained models are
 * handed to the main thread with the result. */
static gpointer
train_job (MlpJob *job, gpointer data, GError **error)
{
  TrainRequest *req = data;
  g_autoptr(MlpDataset) train = NULL, val = NULL;
  TrainResult *out = g_new0 (TrainResult, 1);
  guint n_runs = req->compare != COMPARE_NONE ? 2 : 1;
  g_autoptr(MlpModel) model0 = NULL;
  g_autoptr(MlpModel) model1 = NULL;
  MlpModel **models[2] = { &model0, &model1 };

  mlp_job_set_progress (job, 0.0, _("loading Fashion-MNIST"));
  if (!mlp_fashion_mnist_load (req->data_dir, &train, &val, error))
    {
      g_free (out);
      return NULL;
    }

  for (guint run = 0; run < n_runs; run++)
    {
      MlpModelConfig mc = req->model;
      RunState s = { job, req, NULL, 0, 0, 0, 0, 0, run, n_runs };
      MlpTrainerCallbacks cb = { run_batch_done, run_epoch_done, run_should_stop, &s };
      MlpTrainResult res = { 0 };
      gboolean ok;

      if (run == 0)
        {
          *models[0] = mlp_model_new (&mc, error);
          if (*models[0] == NULL)
            {
              g_free (out);
              return NULL;
            }
          if (req->compare == COMPARE_IMPLEMENTATIONS)
            {
              /* the concise twin takes the scratch model's initial weights */
              mc.kind = mc.kind == MLP_MODEL_MLP_SCRATCH ? MLP_MODEL_MLP : MLP_MODEL_DROPOUT;
              *models[1] = mlp_model_new (&mc, error);
              if (*models[1] == NULL || !mlp_model_copy_parameters (*models[1], *models[0], error))
                {
                  g_free (out);
                  return NULL;
                }
            }
        }
      else if (req->compare == COMPARE_DROPOUT)
        {
          for (guint l = 0; l < mc.n_hidden; l++)
            mc.dropouts[l] = 0.0f;
          *models[1] = mlp_model_new (&mc, error);
          if (*models[1] == NULL)
            {
              g_free (out);
              return NULL;
            }
        }
      s.pending = board_update_new (req->page, req->serial, run);
      s.last_flush = s.started = g_get_monotonic_time ();
      ok = mlp_trainer_fit (*models[run], train, val, &req->train, &cb, &res, error);
      flush (&s);
      board_update_free (s.pending);

      out->seconds += res.seconds;
      out->samples_per_second = res.samples_per_second;
      if (res.epochs != NULL && res.epochs->len > 0)
        out->last[run] = g_array_index (res.epochs, MlpEpochReport, res.epochs->len - 1);
      out->n_runs = run + 1;
      mlp_train_result_clear (&res);
      if (!ok)
        {
          train_result_free (out);
          return NULL;
        }
    }
  if (n_runs == 1 && val->n_classes == MLP_FASHION_MNIST_CLASSES && val->rows * val->cols == 784)
    {
      guint32 index[40];
      guint8 predicted[40];
      float confidence[40];
      MlpMistakes mistakes = { G_N_ELEMENTS (index), 0, index, predicted, confidence };

      mlp_job_set_progress (job, 1.0, _("computing the confusion matrix"));
      mlp_trainer_confusion (model0, val, req->train.limit_val, req->train.batch_size, out->confusion, &mistakes);
      out->has_confusion = TRUE;
      out->weights = mlp_model_first_layer_weights (model0);
      out->n_mistakes = mistakes.n;
      out->mistake_pixels = g_new (float, MAX (mistakes.n, 1) * 784);
      out->mistake_captions = g_new0 (char *, mistakes.n + 1);
      for (guint k = 0; k < mistakes.n; k++)
        {
          const guint8 *img = val->images + (gsize) index[k] * 784;

          for (guint q = 0; q < 784; q++)
            out->mistake_pixels[k * 784 + q] = img[q] / 255.0f;
          /* Translators: a misclassified image: true class → predicted class, confidence */
          out->mistake_captions[k] = g_strdup_printf (_("%s\n→ %s %.0f%%"),
                                                      mlp_fashion_mnist_class_name (val->labels[index[k]]),
                                                      mlp_fashion_mnist_class_name (predicted[k]),
                                                      100.0 * confidence[k]);
        }
    }
  out->models[0] = g_steal_pointer (&model0);
  out->models[1] = g_steal_pointer (&model1);
  out->train = req->train;
  return out;
}

/* ------------------------------------------------------------ the board */

static void
rebuild_board (MlpTrainingPage *self)
{
  g_autoptr(MlpPlot) plot = mlp_plot_new ();
  g_autoptr(MlpPlot) gap = NULL;
  gboolean raw = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->raw_check));

  mlp_plot_set_labels (plot, self->board_note, "epoch", NULL);
  mlp_plot_set_xlim (plot, 0, MAX (self->epochs, 1));
  for (guint r = 0; r < self->n_runs; r++)
    {
      Board *b = &self->board[r];
      GArray *tx = raw ? b->raw_x : b->avg_x, *ty = raw ? b->raw_y : b->avg_y;
      const char *names[] = { "train_loss", "val_loss", "val_acc" };
      GArray *xs[] = { tx, b->val_x, b->val_x };
      GArray *ys[] = { ty, b->val_loss, b->val_acc };

      for (guint i = 0; i < 3; i++)
        {
          g_autofree char *label = self->n_runs > 1 ? g_strdup_printf ("%s, %s", names[i], self->run_names[r])
                                                    : g_strdup (names[i]);
          /* d2l's board: train_loss '-', val_loss 'm--', val_acc 'g-.'; a
           * comparison run keeps the colours and is drawn dotted */
          guint s = mlp_plot_add_series (plot, label, (double *) xs[i]->data, (double *) ys[i]->data, xs[i]->len);
          MlpLineStyle line = r == 1 ? MLP_LINE_DOTTED : i == 0 ? MLP_LINE_SOLID : i == 1 ? MLP_LINE_DASHED : MLP_LINE_DASHDOT;

          mlp_plot_series_set_color_index (plot, s, i);
          mlp_plot_series_set_style (plot, s, line, NULL, raw && i == 0 ? 1.0 : 0,
                                     raw && i == 0 ? MLP_MARKER_NONE : MLP_MARKER_CIRCLE);
        }
    }
  /* runs of the session ticked in the Runs list */
  for (guint i = 0; i < self->runs->len; i++)
    {
      RunRecord *rec = self->runs->pdata[i];
      g_autofree char *lt = NULL, *la = NULL;
      guint k;

      if (!rec->overlay)
        continue;
      lt = g_strdup_printf ("train_loss #%u", rec->number);
      la = g_strdup_printf ("val_acc #%u", rec->number);
      k = mlp_plot_add_series (plot, lt, (double *) rec->board.avg_x->data, (double *) rec->board.avg_y->data,
                               rec->board.avg_x->len);
      mlp_plot_series_set_color_index (plot, k, 4 + i);
      mlp_plot_series_set_style (plot, k, MLP_LINE_DOTTED, NULL, 1.5, MLP_MARKER_NONE);
      k = mlp_plot_add_series (plot, la, (double *) rec->board.val_x->data, (double *) rec->board.val_acc->data,
                               rec->board.val_x->len);
      mlp_plot_series_set_color_index (plot, k, 4 + i);
      mlp_plot_series_set_style (plot, k, MLP_LINE_DASHDOT, NULL, 1.5, MLP_MARKER_CIRCLE);
    }
  mlp_plot_view_set_plot (self->plot_view, plot);

  gtk_widget_set_visible (GTK_WIDGET (self->gap_view), self->comparison == COMPARE_DROPOUT);
  if (self->comparison != COMPARE_DROPOUT)
    return;
  /* the regularisation effect: how far training accuracy runs ahead */
  gap = mlp_plot_new ();
  mlp_plot_set_labels (gap, _("generalization gap: train_acc − val_acc"), "epoch", NULL);
  mlp_plot_set_xlim (gap, 0, MAX (self->epochs, 1));
  for (guint r = 0; r < self->n_runs; r++)
    {
      Board *b = &self->board[r];
      g_autofree double *d = g_new (double, MAX (b->val_x->len, 1));
      guint s;

      for (guint k = 0; k < b->val_x->len; k++)
        d[k] = g_array_index (b->train_acc, double, k) - g_array_index (b->val_acc, double, k);
      s = mlp_plot_add_series (gap, self->run_names[r], (double *) b->val_x->data, d, b->val_x->len);
      mlp_plot_series_set_style (gap, s, r == 0 ? MLP_LINE_SOLID : MLP_LINE_DOTTED, NULL, 0, MLP_MARKER_CIRCLE);
    }
  mlp_plot_view_set_plot (self->gap_view, gap);
}

static gboolean
apply_board_update (gpointer data)
{
  BoardUpdate *u = data;
  MlpTrainingPage *self = u->page;

  if (u->serial == self->serial && u->run < self->n_runs)
    {
      Board *b = &self->board[u->run];

      g_array_append_vals (b->raw_x, u->raw_x->data, u->raw_x->len);
      g_array_append_vals (b->raw_y, u->raw_y->data, u->raw_y->len);
      g_array_append_vals (b->avg_x, u->avg_x->data, u->avg_x->len);
      g_array_append_vals (b->avg_y, u->avg_y->data, u->avg_y->len);
      if (!isnan (u->val_epoch))
        {
          g_array_append_val (b->val_x, u->val_epoch);
          g_array_append_val (b->val_loss, u->val_loss);
          g_array_append_val (b->val_acc, u->val_acc);
          g_array_append_val (b->train_acc, u->train_acc);
        }
      rebuild_board (self);
    }
  board_update_free (u);
  return G_SOURCE_REMOVE;
}

static void
board_init (Board *b)
{
  GArray **arrays[] = { &b->avg_x, &b->avg_y, &b->raw_x, &b->raw_y, &b->val_x, &b->val_loss,
                        &b->val_acc, &b->train_acc };

  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    *arrays[i] = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
board_clear (Board *b, gboolean free_arrays)
{
  GArray *arrays[] = { b->avg_x, b->avg_y, b->raw_x, b->raw_y, b->val_x, b->val_loss,
                       b->val_acc, b->train_acc };

  for (guint i = 0; i < G_N_ELEMENTS (arrays); i++)
    if (free_arrays)
      g_array_unref (arrays[i]);
    else
      g_array_set_size (arrays[i], 0);
}

/* ----------------------------------------------------------------- runs */

static void
board_copy (Board *dst, const Board *src)
{
  GArray *from[] = { src->avg_x, src->avg_y, src->raw_x, src->raw_y, src->val_x, src->val_loss,
                     src->val_acc, src->train_acc };
  GArray *to[] = { dst->avg_x, dst->avg_y, dst->raw_x, dst->raw_y, dst->val_x, dst->val_loss,
                   dst->val_acc, dst->train_acc };

  for (guint i = 0; i < G_N_ELEMENTS (from); i++)
    g_array_append_vals (to[i], from[i]->data, from[i]->len);
}

static void
run_record_free (gpointer p)
{
  RunRecord *r = p;

  g_free (r->title);
  g_free (r->command);
  board_clear (&r->board, TRUE);
  g_clear_pointer (&r->model, mlp_model_free);
  g_free (r);
}

static void
on_overlay_toggled (GtkCheckButton *check, MlpTrainingPage *self)
{
  RunRecord *r = g_object_get_data (G_OBJECT (check), "run");

  r->overlay = gtk_check_button_get_active (check);
  rebuild_board (self);
}

static void
on_copy_run_command (GtkButton *button, MlpTrainingPage *self)
{
  RunRecord *r = g_object_get_data (G_OBJECT (button), "run");

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), r->command);
}

/* keeps the run that just ended (or each run of a comparison) in the list */
static void
record_runs (MlpTrainingPage *self, const char *status, TrainResult *res)
{
  const MlpEpochReport *last = res ? res->last : NULL;
  double seconds = res ? res->seconds : 0;

  for (guint r = 0; r < self->n_runs; r++)
    {
      RunRecord *rec = g_new0 (RunRecord, 1);
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *check, *copy;
      g_autofree char *metrics = NULL, *text = NULL;

      rec->number = self->runs->len + 1;
      rec->command = g_strdup (self->pending_command ? self->pending_command : "");
      rec->status = status;
      rec->seconds = seconds;
      if (last != NULL)
        rec->last = last[r];
      if (res != NULL)
        {
          rec->model = g_steal_pointer (&res->models[r]);
          rec->train = res->train;
        }
      board_init (&rec->board);
      board_copy (&rec->board, &self->board[r]);
      rec->title = self->n_runs > 1 ? g_strdup_printf ("#%u %s", rec->number, self->run_names[r])
                                    : g_strdup_printf ("#%u", rec->number);
      g_ptr_array_add (self->runs, rec);

      metrics = rec->board.val_x->len > 0
        ? g_strdup_printf ("val_acc %.4f", g_array_index (rec->board.val_acc, double, rec->board.val_acc->len - 1))
        : g_strdup ("–");
      /* Translators: a row of the Runs list: "#2 (stopped): val_acc 0.8412, 5 epochs, 4.1 s" */
      text = g_strdup_printf (_("%s (%s): %s, %u epochs, %.1f s"), rec->title, status, metrics,
                              rec->board.val_x->len, seconds);
      check = gtk_check_button_new_with_label (text);
      gtk_widget_set_tooltip_text (check, rec->command);
      gtk_widget_set_hexpand (check, TRUE);
      g_object_set_data (G_OBJECT (check), "run", rec);
      g_signal_connect (check, "toggled", G_CALLBACK (on_overlay_toggled), self);
      copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
      gtk_widget_set_tooltip_text (copy, _("Copy the command that reproduces this run"));
      gtk_widget_add_css_class (copy, "flat");
      g_object_set_data (G_OBJECT (copy), "run", rec);
      g_signal_connect (copy, "clicked", G_CALLBACK (on_copy_run_command), self);
      gtk_box_append (GTK_BOX (row), check);
      gtk_box_append (GTK_BOX (row), copy);
      if (rec->model != NULL)
        {
          GtkWidget *save = gtk_button_new_from_icon_name ("document-save-symbolic");

          gtk_widget_set_tooltip_text (save, _("Save the trained parameters and settings (safetensors)"));
          gtk_widget_add_css_class (save, "flat");
          g_object_set_data (G_OBJECT (save), "run", rec);
          g_signal_connect (save, "clicked", G_CALLBACK (on_save_run), self);
          gtk_box_append (GTK_BOX (row), save);
        }
      gtk_list_box_append (GTK_LIST_BOX (self->runs_list), row);
    }
  gtk_widget_set_sensitive (self->runs_export_button, TRUE);
}

gboolean
mlp_training_page_save_run (MlpTrainingPage *self, guint index, const char *path, GError **error)
{
  RunRecord *r;

  g_return_val_if_fail (index < self->runs->len, FALSE);
  r = self->runs->pdata[index];
  if (r->model == NULL)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   _("Run %u did not finish, so there are no trained parameters to save"), r->number);
      return FALSE;
    }
  if (!mlp_checkpoint_save (path, r->model, &r->train, r->board.val_x->len ? r->board.val_x->len : r->train.epochs, error))
    return FALSE;
  /* beside it, the run's hyper-parameters and curves as JSON */
  {
    g_autofree char *base = g_str_has_suffix (path, ".safetensors") ? g_strndup (path, strlen (path) - strlen (".safetensors"))
                                                                     : g_strdup (path);
    g_autofree char *json_path = g_strconcat (base, ".json", NULL);
    g_autofree char *json = run_to_json (r);

    return g_file_set_contents (json_path, json, -1, error);
  }
}

static void
set_choice_setting (GSettings *settings, const char *key, const char *value)
{
  if (settings != NULL)
    g_settings_set_string (settings, key, value);
}

/* Loads a saved run: its settings go into the controls (so Train reproduces
 * it) and it joins the Runs list with its parameters. */
gboolean
mlp_training_page_load_run (MlpTrainingPage *self, const char *path, GError **error)
{
  MlpTrainConfig tc;
  g_autoptr(MlpModel) model = NULL;
  const MlpModelConfig *mc;
  RunRecord *rec;
  g_autofree char *text = NULL;
  char *init;

  mlp_train_config_init (&tc);
  model = mlp_checkpoint_load (path, &tc, error);
  if (model == NULL)
    return FALSE;
  mc = mlp_model_get_config (model);
  if (mlp_model_kind_has_dropout (mc->kind) != self->dropout || mc->n_hidden != (self->dropout ? 2u : 1u) ||
      mc->num_inputs != 784 || mc->num_outputs != 10)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   _("%s holds a %s model that this section cannot train"), path, mlp_model_kind_to_string (mc->kind));
      return FALSE;
    }

  set_choice_setting (self->settings, "model",
                      mc->kind == MLP_MODEL_MLP_SCRATCH || mc->kind == MLP_MODEL_DROPOUT_SCRATCH ? "scratch" : "concise");
  set_choice_setting (self->settings, "activation", mlp_activation_to_string (mc->activation));
  init = mlp_init_to_string (&mc->init);
  if (strchr (init, ':') != NULL)
    *strchr (init, ':') = '\0';
  set_choice_setting (self->settings, "init", init);
  g_free (init);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->hidden1_spin), (double) mc->hiddens[0]);
  if (self->dropout)
    {
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->hidden2_spin), (double) mc->hiddens[1]);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->dropout1_spin), mc->dropouts[0]);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->dropout2_spin), mc->dropouts[1]);
    }
  if (mc->init.kind == MLP_INIT_NORMAL)
    gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->sigma_spin), mc->init.value);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->lr_spin), tc.lr);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->batch_spin), tc.batch_size);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->epochs_spin), tc.epochs);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->seed_spin), (double) mc->seed);

  /* the list shows it like a run of this session */
  g_free (self->pending_command);
  self->pending_command = command_line (self);
  self->n_runs = 1;
  self->comparison = COMPARE_NONE;
  board_clear (&self->board[0], FALSE);
  {
    TrainResult res = { 0 };

    res.models[0] = g_steal_pointer (&model);
    res.train = tc;
    res.n_runs = 1;
    record_runs (self, "loaded", &res);
    rec = self->runs->pdata[self->runs->len - 1];
    g_clear_pointer (&res.models[0], mlp_model_free);
  }
  text = g_strdup_printf (_("Loaded %s as run #%u; its settings are in the controls, so Train reproduces it"),
                          path, rec->number);
  gtk_label_set_text (GTK_LABEL (self->result_label), text);
  return TRUE;
}

static void
on_save_run_response (GtkNativeDialog *dialog, int response, MlpTrainingPage *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (dialog), "run-index"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;

      if (path != NULL && !mlp_training_page_save_run (self, index, path, &error))
        gtk_label_set_text (GTK_LABEL (self->result_label), error->message);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
on_save_run (GtkButton *button, MlpTrainingPage *self)
{
  RunRecord *r = g_object_get_data (G_OBJECT (button), "run");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Save Run"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  g_autofree char *name = g_strdup_printf ("run-%u.safetensors", r->number);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), name);
  g_object_set_data (G_OBJECT (dialog), "run-index", GUINT_TO_POINTER (r->number - 1));
  g_signal_connect (dialog, "response", G_CALLBACK (on_save_run_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
on_load_run_response (GtkNativeDialog *dialog, int response, MlpTrainingPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autoptr(GError) error = NULL;

      if (path != NULL && !mlp_training_page_load_run (self, path, &error))
        gtk_label_set_text (GTK_LABEL (self->result_label), error->message);
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
on_load_run (MlpTrainingPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Load Run"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                              GTK_FILE_CHOOSER_ACTION_OPEN, _("_Load"), _("_Cancel"));
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("MLP Lab checkpoints (*.safetensors)"));
  gtk_file_filter_add_pattern (filter, "*.safetensors");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (on_load_run_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
json_curve (GString *out, const char *key, GArray *a, gboolean last)
{
  g_string_append_printf (out, "\"%s\": [", key);
  for (guint k = 0; k < a->len; k++)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];
      double v = g_array_index (a, double, k);

      g_string_append_printf (out, "%s%s", k ? ", " : "",
                              isfinite (v) ? g_ascii_formatd (buf, sizeof buf, "%.6g", v) : "null");
    }
  g_string_append (out, last ? "]" : "], ");
}

/* one run as a JSON object: how it was made and its curves */
static char *
run_to_json (RunRecord *r)
{
  GString *out = g_string_new (NULL);
  g_autofree char *cmd = g_strescape (r->command, NULL);
  g_autofree char *title = g_strescape (r->title, NULL);

  g_string_append_printf (out, "{\"run\": %u, \"title\": \"%s\", \"status\": \"%s\", \"command\": \"%s\", "
                          "\"seconds\": %.3f, ", r->number, title, r->status, cmd, r->seconds);
  if (r->model != NULL)
    {
      const MlpModelConfig *mc = mlp_model_get_config (r->model);
      g_autofree char *init = mlp_init_to_string (&mc->init);
      char lr[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (out, "\"model\": \"%s\", \"hiddens\": [", mlp_model_kind_to_string (mc->kind));
      for (guint l = 0; l < mc->n_hidden; l++)
        g_string_append_printf (out, "%s%" G_GSIZE_FORMAT, l ? ", " : "", mc->hiddens[l]);
      g_string_append (out, "], \"dropout\": [");
      for (guint l = 0; l < mc->n_hidden; l++)
        g_string_append_printf (out, "%s%g", l ? ", " : "", mc->dropouts[l]);
      g_string_append_printf (out, "], \"activation\": \"%s\", \"init\": \"%s\", \"seed\": %" G_GUINT64_FORMAT
                              ", \"lr\": %s, \"batch_size\": %u, \"epochs\": %u, ",
                              mlp_activation_to_string (mc->activation), init, mc->seed,
                              g_ascii_formatd (lr, sizeof lr, "%g", r->train.lr), r->train.batch_size, r->train.epochs);
    }
  json_curve (out, "epoch", r->board.val_x, FALSE);
  json_curve (out, "val_loss", r->board.val_loss, FALSE);
  json_curve (out, "val_acc", r->board.val_acc, FALSE);
  json_curve (out, "train_acc", r->board.train_acc, FALSE);
  json_curve (out, "train_loss_x", r->board.avg_x, FALSE);
  json_curve (out, "train_loss", r->board.avg_y, TRUE);
  g_string_append (out, "}");
  return g_string_free (out, FALSE);
}

/* the session's runs as JSON (curves included) or CSV (one row per epoch) */
char *
mlp_training_page_dup_runs (MlpTrainingPage *self, gboolean csv)
{
  GString *out = g_string_new (csv ? "run,status,command,epoch,train_loss,val_loss,val_acc,train_acc\n" : "[\n");

  for (guint i = 0; i < self->runs->len; i++)
    {
      RunRecord *r = self->runs->pdata[i];

      if (csv)
        {
          for (guint k = 0; k < r->board.val_x->len; k++)
            {
              /* the train_loss of an epoch is its second averaged point */
              double tl = 2 * k + 1 < r->board.avg_y->len ? g_array_index (r->board.avg_y, double, 2 * k + 1) : NAN;

              g_string_append_printf (out, "%u,%s,\"%s\",%u,%.6g,%.6g,%.6g,%.6g\n", r->number, r->status, r->command,
                                      k + 1, tl, g_array_index (r->board.val_loss, double, k),
                                      g_array_index (r->board.val_acc, double, k),
                                      g_array_index (r->board.train_acc, double, k));
            }
          continue;
        }
      {
        g_autofree char *one = run_to_json (r);

        g_string_append_printf (out, "  %s", one);
      }
      g_string_append (out, i + 1 < self->runs->len ? ",\n" : "\n");
    }
  if (!csv)
    g_string_append (out, "]\n");
  return g_string_free (out, FALSE);
}

static void
on_runs_export_response (GtkNativeDialog *dialog, int response, MlpTrainingPage *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;

      if (path != NULL)
        {
          text = mlp_training_page_dup_runs (self, g_str_has_suffix (path, ".csv"));
          if (!g_file_set_contents (path, text, -1, &error))
            gtk_label_set_text (GTK_LABEL (self->result_label), error->message);
        }
    }
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  g_object_unref (self);
}

static void
on_runs_export (MlpTrainingPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Export Runs"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), "runs.json");
  g_signal_connect (dialog, "response", G_CALLBACK (on_runs_export_response), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* -------------------------------------------------------------- running */

/* the end of a run; a run that a new one replaced never gets here */
static void
train_done (MlpSectionPage *page, gpointer result, const GError *error)
{
  MlpTrainingPage *self = MLP_TRAINING_PAGE (page);
  TrainResult *res = result;

  gtk_widget_set_sensitive (self->start_button, data_dir (self) != NULL);
  gtk_widget_set_sensitive (self->compare_button, data_dir (self) != NULL);
  gtk_widget_set_sensitive (self->twins_button, data_dir (self) != NULL);
  if (error != NULL)
    {
      gboolean stopped = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      guint done = self->board[self->n_runs - 1].val_x->len;

      g_free (self->board_note);
      if (g_error_matches (error, MLP_ERROR, MLP_ERROR_DIVERGED))
        self->board_note = g_strdup (_("diverged: the loss exploded, see the message on the left"));
      else if (stopped)
        self->board_note = g_strdup_printf (_("stopped after %u of %u epochs"), done, self->epochs);
      else
        self->board_note = g_strdup (_("the run failed"));
      gtk_label_set_text (GTK_LABEL (self->result_label), stopped ? self->board_note : error->message);
      record_runs (self, stopped ? "stopped" : g_error_matches (error, MLP_ERROR, MLP_ERROR_DIVERGED) ? "diverged" : "failed",
                   NULL);
      rebuild_board (self);
      return;
    }
  {
    GString *text = g_string_new (NULL);
    const MlpEpochReport *a = &res->last[0];

    for (guint r = 0; r < res->n_runs; r++)
      {
        const MlpEpochReport *e = &res->last[r];

        if (res->n_runs > 1)
          g_string_append_printf (text, "%s: ", self->run_names[r]);
        g_string_append_printf (text, _("after %u epochs train_loss %.4f, val_loss %.4f, val_acc %.4f, "
                                        "train_acc − val_acc %.4f"),
                                e->epoch, e->train_loss, e->val_loss, e->val_acc, e->train_acc - e->val_acc);
        g_string_append (text, "\n");
      }
    g_string_append_printf (text, _("%.1f s, %.0f images/s"), res->seconds, res->samples_per_second);
    gtk_label_set_text (GTK_LABEL (self->result_label), text->str);
    g_string_free (text, TRUE);
    g_free (self->board_note);
    if (res->n_runs > 1 && self->comparison == COMPARE_IMPLEMENTATIONS)
      {
        double worst = 0;
        Board *b0 = &self->board[0], *b1 = &self->board[1];

        for (guint k = 0; k < MIN (b0->raw_y->len, b1->raw_y->len); k++)
          worst = MAX (worst, fabs (g_array_index (b0->raw_y, double, k) - g_array_index (b1->raw_y, double, k)));
        self->board_note = g_strdup_printf (_("from scratch and concise coincide: largest loss difference %.2g"), worst);
      }
    else if (res->n_runs > 1)
      self->board_note = g_strdup_printf (_("val_acc %.4f with dropout, %.4f without"), a->val_acc, res->last[1].val_acc);
    else
      self->board_note = g_strdup_printf ("val_acc %.4f", a->val_acc);
    record_runs (self, "completed", res);
    rebuild_board (self);
    if (res->has_confusion)
      {
        const char *names[MLP_FASHION_MNIST_CLASSES];
        g_autoptr(MlpPlot) confusion = NULL;
        g_autoptr(MlpPlot) mistakes = mlp_plot_new ();
        g_autoptr(MlpPlot) weights = mlp_plot_new ();
        for (guint c = 0; c < MLP_FASHION_MNIST_CLASSES; c++)
          names[c] = mlp_fashion_mnist_class_name (c);
        confusion = mlp_figure_confusion (res->confusion, MLP_FASHION_MNIST_CLASSES, names);
        mlp_plot_view_set_plot (self->confusion_view, confusion);

        mlp_plot_set_labels (mistakes, _("misclassified validation images: true → predicted, confidence"), NULL, NULL);
        if (res->n_mistakes > 0)
          mlp_plot_set_images (mistakes, res->mistake_pixels, res->n_mistakes, 28, 28,
                               (const char *const *) res->mistake_captions, FALSE);
        mlp_plot_view_set_plot (self->mistakes_view, mistakes);

        if (res->weights != NULL)
          {
            MlpTensor *w = res->weights;
            guint units = MIN ((guint) w->shape[0], 64u);

            mlp_plot_set_labels (weights, _("first-layer weights of the hidden units (blue < 0 < red)"), NULL, NULL);
            if (w->shape[1] == 784)
              mlp_plot_set_images (weights, w->data, units, 28, 28, NULL, TRUE);
          }
        mlp_plot_view_set_plot (self->weights_view, weights);
        gtk_widget_set_visible (self->analysis_box, TRUE);
      }
  }
  train_result_free (res);
}

static guint
dropdown_index (GtkWidget *dd)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (dd));
}

static double
spin (GtkWidget *w)
{
  return gtk_spin_button_get_value (GTK_SPIN_BUTTON (w));
}

static void
start_run (MlpTrainingPage *self, Comparison compare)
{
  TrainRequest *req;
  guint init = dropdown_index (self->init_dropdown);
  MlpModelKind kind;
  g_autofree char *title = NULL;

  if (data_dir (self) == NULL)
    return;

  kind = self->dropout ? (dropdown_index (self->model_dropdown) == 0 ? MLP_MODEL_DROPOUT_SCRATCH : MLP_MODEL_DROPOUT)
                       : (dropdown_index (self->model_dropdown) == 0 ? MLP_MODEL_MLP_SCRATCH : MLP_MODEL_MLP);
  req = g_new0 (TrainRequest, 1);
  req->page = self;
  req->serial = ++self->serial;
  req->data_dir = g_strdup (data_dir (self));
  mlp_model_config_init (&req->model, kind);
  req->model.hiddens[0] = (gsize) spin (self->hidden1_spin);
  if (self->dropout)
    {
      req->model.hiddens[1] = (gsize) spin (self->hidden2_spin);
      req->model.dropouts[0] = (float) spin (self->dropout1_spin);
      req->model.dropouts[1] = (float) spin (self->dropout2_spin);
    }
  req->model.activation = (MlpActivation) MIN (dropdown_index (self->activation_dropdown), 3u);
  if (init > 0 && init < G_N_ELEMENTS (init_ids) - 1)
    mlp_init_parse (init_ids[init], &req->model.init, NULL);
  if (init == 1)
    req->model.init.value = (float) spin (self->sigma_spin);
  req->model.seed = (guint64) spin (self->seed_spin);
  mlp_train_config_init (&req->train);
  req->train.lr = (float) spin (self->lr_spin);
  req->train.batch_size = (guint) spin (self->batch_spin);
  req->train.epochs = (guint) spin (self->epochs_spin);
  req->train.seed = req->model.seed;
  req->train.limit_train = (gsize) spin (self->limit_spin);
  req->compare = compare == COMPARE_DROPOUT && !self->dropout ? COMPARE_NONE : compare;
  if (req->compare == COMPARE_IMPLEMENTATIONS)
    req->model.kind = self->dropout ? MLP_MODEL_DROPOUT_SCRATCH : MLP_MODEL_MLP_SCRATCH;

  g_free (self->pending_command);
  self->pending_command = command_line (self);
  self->epochs = req->train.epochs;
  self->comparison = req->compare;
  self->n_runs = req->compare != COMPARE_NONE ? 2 : 1;
  /* Translators: legend names of the two runs of a comparison */
  self->run_names[0] = req->compare == COMPARE_IMPLEMENTATIONS ? _("from scratch") : _("with dropout");
  self->run_names[1] = req->compare == COMPARE_IMPLEMENTATIONS ? _("concise") : _("no dropout");
  g_clear_pointer (&self->board_note, g_free);
  board_clear (&self->board[0], FALSE);
  board_clear (&self->board[1], FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->gap_view), FALSE);
  gtk_widget_set_visible (self->analysis_box, FALSE);
  rebuild_board (self);
  gtk_label_set_text (GTK_LABEL (self->result_label), "");
  gtk_widget_set_sensitive (self->start_button, FALSE);
  gtk_widget_set_sensitive (self->compare_button, FALSE);
  gtk_widget_set_sensitive (self->twins_button, FALSE);

  /* Translators: the job in the status area, "Training mlp-scratch" */
  title = req->compare == COMPARE_DROPOUT ? g_strdup_printf (_("Training %s with and without dropout"), mlp_model_kind_to_string (kind))
        : req->compare == COMPARE_IMPLEMENTATIONS ? g_strdup (_("Training from scratch and concise"))
        : g_strdup_printf (_("Training %s"), mlp_model_kind_to_string (kind));
  mlp_section_page_submit (MLP_SECTION_PAGE (self), TRAIN_SLOT, title, train_job, req, request_free,
                           train_result_free, train_done);
}

static void
on_confirm_response (GtkDialog *dialog, int response, MlpTrainingPage *self)
{
  Comparison compare = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "compare"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  /* start_run replaces the run on the worker */
  if (response == GTK_RESPONSE_ACCEPT)
    start_run (self, compare);
  g_object_unref (self);
}

/* a new run while one trains asks first; nothing is mixed: the old run's
 * late points carry an old serial and are dropped */
static void
request_run (MlpTrainingPage *self, Comparison compare)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  if (!mlp_training_page_is_training (self))
    {
      start_run (self, compare);
      return;
    }
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dialog = gtk_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   GTK_MESSAGE_QUESTION, GTK_BUTTONS_NONE,
                                   _("Stop the current run?"));
  gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                            _("A model is training. Starting a new run stops it; "
                                              "its curves so far stay on the board until the new run begins."));
  gtk_dialog_add_buttons (GTK_DIALOG (dialog), _("_Keep Training"), GTK_RESPONSE_CANCEL,
                          _("_Stop and Start"), GTK_RESPONSE_ACCEPT, NULL);
  G_GNUC_END_IGNORE_DEPRECATIONS
  g_object_set_data (G_OBJECT (dialog), "compare", GINT_TO_POINTER (compare));
  g_signal_connect (dialog, "response", G_CALLBACK (on_confirm_response), g_object_ref (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* The `mlplab-cli train …` line that reproduces a run with these settings. */
static char *
command_line (MlpTrainingPage *self)
{
  GString *cmd = g_string_new ("mlplab-cli train");
  guint init = dropdown_index (self->init_dropdown);
  gboolean scratch = dropdown_index (self->model_dropdown) == 0;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append_printf (cmd, " --model %s",
                          self->dropout ? (scratch ? "dropout-scratch" : "dropout") : (scratch ? "mlp-scratch" : "mlp"));
  if (self->dropout)
    {
      g_string_append_printf (cmd, " --hiddens %.0f,%.0f", spin (self->hidden1_spin), spin (self->hidden2_spin));
      g_string_append_printf (cmd, " --dropout %s", g_ascii_formatd (buf, sizeof buf, "%g", spin (self->dropout1_spin)));
      g_string_append_printf (cmd, ",%s", g_ascii_formatd (buf, sizeof buf, "%g", spin (self->dropout2_spin)));
    }
  else
    g_string_append_printf (cmd, " --hiddens %.0f", spin (self->hidden1_spin));
  g_string_append_printf (cmd, " --activation %s", activation_ids[MIN (dropdown_index (self->activation_dropdown), 3u)]);
  if (init == 1)
    g_string_append_printf (cmd, " --init normal:%s", g_ascii_formatd (buf, sizeof buf, "%g", spin (self->sigma_spin)));
  else if (init > 1 && init < G_N_ELEMENTS (init_ids) - 1)
    g_string_append_printf (cmd, " --init %s", init_ids[init]);
  g_string_append_printf (cmd, " --lr %s", g_ascii_formatd (buf, sizeof buf, "%g", spin (self->lr_spin)));
  g_string_append_printf (cmd, " --batch-size %.0f --epochs %.0f --seed %.0f",
                          spin (self->batch_spin), spin (self->epochs_spin), spin (self->seed_spin));
  if (spin (self->limit_spin) > 0)
    g_string_append_printf (cmd, " --limit-train %.0f", spin (self->limit_spin));
  if (data_dir (self) != NULL)
    {
      g_autofree char *quoted = g_shell_quote (data_dir (self));
      g_string_append_printf (cmd, " --data %s", quoted);
    }
  return g_string_free (cmd, FALSE);
}

static char *
dup_command (MlpSectionPage *page)
{
  return command_line (MLP_TRAINING_PAGE (page));
}

static void
on_copy_command (MlpTrainingPage *self)
{
  g_autofree char *cmd = command_line (self);

  gtk_widget_activate_action (GTK_WIDGET (self), "section.copy-command", NULL);
  gtk_label_set_text (GTK_LABEL (self->result_label), cmd);
}

char *
mlp_training_page_dup_command (MlpTrainingPage *self)
{
  return command_line (self);
}

/* -------------------------------------------------------- dropout demo */

/* X = arange(16) as 2×8 through the chapter's dropout_layer (engine,
 * mlp_dropout_layer) for one p: dropped entries struck through in red, kept
 * ones show the 1/(1 − p) rescaling */
static void
demo_table (GString *out, float p, MlpRng *rng)
{
  gsize shape[2] = { 2, 8 };
  g_autoptr(MlpTensor) X = mlp_tensor_new (2, shape);
  g_autoptr(MlpTensor) Y = NULL;

  for (gsize i = 0; i < 16; i++)
    X->data[i] = (float) i;
  Y = mlp_dropout_layer (X, p, rng);
  g_string_append_printf (out, "<b>dropout_p = %g</b>\n<tt>", p);
  for (gsize i = 0; i < 16; i++)
    {
      if (Y->data[i] == 0.0f && X->data[i] != 0.0f)
        g_string_append_printf (out, "<span foreground=\"#c01c28\"><s>%5.1f</s></span>", X->data[i]);
      else
        g_string_append_printf (out, "%5.1f", Y->data[i]);
      g_string_append (out, i % 8 == 7 ? "\n" : " ");
    }
  g_string_append (out, "</tt>");
}

static void
update_demo (MlpTrainingPage *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  float p = (float) gtk_adjustment_get_value (self->demo_adjustment);
  double mean_x = 7.5, mean_y = 0;
  const int samples = 2000;
  MlpRng rng;

  mlp_rng_init (&rng, self->demo_seed);
  demo_table (out, 0.0f, &rng);
  g_string_append_c (out, '\n');
  demo_table (out, p, &rng);
  g_string_append_c (out, '\n');
  demo_table (out, 1.0f, &rng);
  /* the expectation is kept: the mean of many samples stays near X's */
  if (p < 1.0f)
    {
      gsize shape[2] = { 2, 8 };
      g_autoptr(MlpTensor) X = mlp_tensor_new (2, shape);

      for (gsize i = 0; i < 16; i++)
        X->data[i] = (float) i;
      for (int k = 0; k < samples; k++)
        {
          g_autoptr(MlpTensor) Y = mlp_dropout_layer (X, p, &rng);

          for (gsize i = 0; i < 16; i++)
            mean_y += Y->data[i];
        }
      mean_y /= 16.0 * samples;
      g_string_append_printf (out, _("\nmean of %d samples at p = %g: %.3f (X: %.3f)"), samples, p, mean_y, mean_x);
    }
  gtk_label_set_markup (GTK_LABEL (self->demo_label), out->str);
}

static void
on_demo_resample (MlpTrainingPage *self)
{
  self->demo_seed++;
  update_demo (self);
}

char *
mlp_training_page_dup_demo_command (MlpTrainingPage *self)
{
  char p[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (p, sizeof p, "%g", gtk_adjustment_get_value (self->demo_adjustment));
  return g_strdup_printf ("mlplab-cli dropout-demo --p 0,%s,1 --seed %" G_GUINT64_FORMAT, p, self->demo_seed);
}

static void
on_demo_copy (MlpTrainingPage *self)
{
  g_autofree char *cmd = mlp_training_page_dup_demo_command (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), cmd);
}

char *
mlp_training_page_dup_demo_text (MlpTrainingPage *self)
{
  return g_strdup (gtk_label_get_text (GTK_LABEL (self->demo_label)));
}

/* ------------------------------------------------------------- controls */

static GtkWidget *
add_row (MlpTrainingPage *self, int row, const char *label, GtkWidget *widget, const char *tooltip)
{
  GtkWidget *l = gtk_label_new_with_mnemonic (label);

  gtk_label_set_xalign (GTK_LABEL (l), 0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (l), widget);
  gtk_widget_set_hexpand (widget, TRUE);
  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (widget, tooltip);
  gtk_grid_attach (GTK_GRID (self->grid), l, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (self->grid), widget, 1, row, 1, 1);
  return widget;
}

static GtkWidget *
spin_new (double lo, double hi, double step, guint digits)
{
  GtkWidget *s = gtk_spin_button_new_with_range (lo, hi, step);

  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (s), digits);
  return s;
}

static GtkWidget *
dropdown_new (const char *const *items)
{
  return gtk_drop_down_new_from_strings (items);
}

static void
on_init_changed (MlpTrainingPage *self)
{
  gtk_widget_set_sensitive (self->sigma_spin, dropdown_index (self->init_dropdown) == 1);
}

static void
build_controls (MlpTrainingPage *self)
{
  const char *scratch_models[] = { N_("From scratch (MLPScratch)"), N_("Concise (MLP)"), NULL };
  const char *dropout_models[] = { N_("From scratch (DropoutMLPScratch)"), N_("Concise (DropoutMLP)"), NULL };
  const char *activations[] = { N_("ReLU"), N_("PReLU"), N_("Sigmoid"), N_("Tanh"), NULL };
  const char *inits[] = { N_("The chapter's default"), N_("Normal N(0, σ²)"), N_("Xavier normal"),
                          N_("Xavier uniform"), N_("He normal"), N_("PyTorch default"), NULL };
  const char *translated[8];
  const char *const *models = self->dropout ? dropout_models : scratch_models;
  int row = 0;

  for (guint i = 0; models[i] != NULL; i++)
    translated[i] = _(models[i]);
  translated[2] = NULL;
  self->model_dropdown = add_row (self, row++, _("_Model"), dropdown_new (translated),
                                  _("From scratch: raw tensors and the hand-written functions of the notebook; "
                                    "concise: nn modules"));
  self->hidden1_spin = add_row (self, row++, self->dropout ? _("_Hidden 1") : _("_Hidden units"),
                                spin_new (1, 4096, 16, 0), _("Units of the (first) hidden layer"));
  if (self->dropout)
    {
      self->hidden2_spin = add_row (self, row++, _("Hidden _2"), spin_new (1, 4096, 16, 0),
                                    _("Units of the second hidden layer"));
      self->dropout1_spin = add_row (self, row++, _("_Dropout 1"), spin_new (0, 1, 0.05, 2),
                                     _("Probability of dropping a unit of hidden layer 1 in training"));
      self->dropout2_spin = add_row (self, row++, _("Dr_opout 2"), spin_new (0, 1, 0.05, 2),
                                     _("Probability of dropping a unit of hidden layer 2 in training"));
    }
  for (guint i = 0; activations[i] != NULL; i++)
    translated[i] = _(activations[i]);
  translated[4] = NULL;
  self->activation_dropdown = add_row (self, row++, _("_Activation"), dropdown_new (translated), NULL);
  for (guint i = 0; inits[i] != NULL; i++)
    translated[i] = _(inits[i]);
  translated[6] = NULL;
  self->init_dropdown = add_row (self, row++, _("_Init"), dropdown_new (translated),
                                 _("How the weights are drawn; the chapter uses N(0, 0.01²) from scratch and "
                                   "PyTorch's default for the concise models"));
  self->sigma_spin = add_row (self, row++, _("σ"), spin_new (0, 10, 0.005, 3), _("σ of the normal initialization"));
  self->lr_spin = add_row (self, row++, _("_Learning rate"), spin_new (0.00001, 100, 0.01, 4), NULL);
  self->batch_spin = add_row (self, row++, _("_Batch size"), spin_new (1, 4096, 32, 0), NULL);
  self->epochs_spin = add_row (self, row++, _("_Epochs"), spin_new (1, 500, 1, 0), NULL);
  self->seed_spin = add_row (self, row++, _("S_eed"), spin_new (0, 2147483647, 1, 0),
                             _("The same seed gives the same weights, dropout masks and data order"));
  self->limit_spin = add_row (self, row++, _("Training _images"), spin_new (0, 60000, 1000, 0),
                              _("Train on the first N images only, for a quick demonstration; 0 uses all 60,000"));

  if (self->settings != NULL)
    {
      mlp_settings_bind_choice (self->settings, "model", self->model_dropdown, model_ids);
      mlp_settings_bind_choice (self->settings, "activation", self->activation_dropdown, activation_ids);
      mlp_settings_bind_choice (self->settings, "init", self->init_dropdown, init_ids);
      g_settings_bind (self->settings, "hidden-1", self->hidden1_spin, "value", G_SETTINGS_BIND_DEFAULT);
      if (self->dropout)
        {
          g_settings_bind (self->settings, "hidden-2", self->hidden2_spin, "value", G_SETTINGS_BIND_DEFAULT);
          g_settings_bind (self->settings, "dropout-1", self->dropout1_spin, "value", G_SETTINGS_BIND_DEFAULT);
          g_settings_bind (self->settings, "dropout-2", self->dropout2_spin, "value", G_SETTINGS_BIND_DEFAULT);
        }
      g_settings_bind (self->settings, "sigma", self->sigma_spin, "value", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "lr", self->lr_spin, "value", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "batch-size", self->batch_spin, "value", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "epochs", self->epochs_spin, "value", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "seed", self->seed_spin, "value", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "limit-train", self->limit_spin, "value", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "raw-points", self->raw_check, "active", G_SETTINGS_BIND_DEFAULT);
    }
  g_signal_connect_swapped (self->init_dropdown, "notify::selected", G_CALLBACK (on_init_changed), self);
  on_init_changed (self);
}

/* --------------------------------------------------------------- public */

static void
data_dir_changed (MlpSectionPage *page)
{
  MlpTrainingPage *self = MLP_TRAINING_PAGE (page);
  gboolean idle = !mlp_training_page_is_training (self);
  gboolean have_data = data_dir (self) != NULL;

  gtk_widget_set_sensitive (self->start_button, have_data && idle);
  gtk_widget_set_sensitive (self->compare_button, have_data && idle);
  gtk_widget_set_sensitive (self->twins_button, have_data && idle);
  if (!have_data)
    gtk_label_set_text (GTK_LABEL (self->result_label),
                        _("Fashion-MNIST is not installed, so nothing can be trained here. Install it with: "
                          "apt install dataset-fashion-mnist (or choose its folder from the main menu)."));
  else if (idle)
    gtk_label_set_text (GTK_LABEL (self->result_label), "");
}

void
mlp_training_page_compare (MlpTrainingPage *self)
{
  g_return_if_fail (self->dropout);
  request_run (self, COMPARE_DROPOUT);
}

void
mlp_training_page_compare_implementations (MlpTrainingPage *self)
{
  request_run (self, COMPARE_IMPLEMENTATIONS);
}

MlpPlotView *
mlp_training_page_get_analysis_view (MlpTrainingPage *self, const char *name)
{
  if (g_strcmp0 (name, "confusion") == 0)
    return self->confusion_view;
  if (g_strcmp0 (name, "mistakes") == 0)
    return self->mistakes_view;
  if (g_strcmp0 (name, "weights") == 0)
    return self->weights_view;
  return self->gap_view;
}

gboolean
mlp_training_page_is_training (MlpTrainingPage *self)
{
  return mlp_section_page_slot_busy (MLP_SECTION_PAGE (self), TRAIN_SLOT);
}

GtkWidget *
mlp_training_page_new (MlpWorker *worker, GSettings *settings, gboolean dropout, const char *data_dir)
{
  MlpTrainingPage *self = g_object_new (MLP_TYPE_TRAINING_PAGE, "worker", worker, NULL);

  self->settings = settings ? g_object_ref (settings) : NULL;
  self->dropout = dropout;
  gtk_label_set_text (GTK_LABEL (self->heading_label), dropout ? _("Dropout") : _("MLP Training"));
  gtk_label_set_text (GTK_LABEL (self->intro_label),
                      dropout ? _("784-256-256-10 with dropout after each hidden ReLU, active only in "
                                  "training, as the chapter's DropoutMLPScratch and DropoutMLP.")
                              : _("One hidden layer of 256 units on Fashion-MNIST, trained with minibatch "
                                  "SGD as the chapter's MLPScratch and MLP."));
  mlp_section_page_add_view (MLP_SECTION_PAGE (self), self->plot_view, dropout ? "dropout-board" : "mlp-board");
  mlp_section_page_add_view (MLP_SECTION_PAGE (self), self->gap_view, "dropout-gap");
  mlp_section_page_add_view (MLP_SECTION_PAGE (self), self->confusion_view, "confusion-matrix");
  mlp_section_page_add_view (MLP_SECTION_PAGE (self), self->mistakes_view, "misclassified");
  mlp_section_page_add_view (MLP_SECTION_PAGE (self), self->weights_view, "first-layer-weights");
  gtk_widget_set_visible (self->compare_button, dropout);
  gtk_widget_set_visible (self->demo_expander, dropout);
  if (dropout)
    {
      g_signal_connect_swapped (self->demo_adjustment, "value-changed", G_CALLBACK (update_demo), self);
      g_signal_connect_swapped (self->demo_button, "clicked", G_CALLBACK (on_demo_resample), self);
      {
        GtkWidget *copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");

        gtk_widget_set_tooltip_text (copy, _("Copy the mlplab-cli dropout-demo command that prints these tables"));
        g_signal_connect_swapped (copy, "clicked", G_CALLBACK (on_demo_copy), self);
        gtk_box_append (GTK_BOX (gtk_widget_get_parent (self->demo_button)), copy);
      }
      update_demo (self);
    }
  build_controls (self);
  self->epochs = (guint) spin (self->epochs_spin);
  mlp_section_page_set_data_dir (MLP_SECTION_PAGE (self), data_dir);
  rebuild_board (self);
  return GTK_WIDGET (self);
}

static void
run (MlpSectionPage *page)
{
  request_run (MLP_TRAINING_PAGE (page), COMPARE_NONE);
}

/* --------------------------------------------------------------- GObject */

static void
mlp_training_page_dispose (GObject *object)
{
  MlpTrainingPage *self = MLP_TRAINING_PAGE (object);

  mlp_section_page_cancel (MLP_SECTION_PAGE (self), TRAIN_SLOT);
  self->serial++;
  gtk_widget_dispose_template (GTK_WIDGET (self), MLP_TYPE_TRAINING_PAGE);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (mlp_training_page_parent_class)->dispose (object);
}

static void
mlp_training_page_finalize (GObject *object)
{
  MlpTrainingPage *self = MLP_TRAINING_PAGE (object);

  g_free (self->board_note);
  board_clear (&self->board[0], TRUE);
  board_clear (&self->board[1], TRUE);
  g_ptr_array_unref (self->runs);
  g_free (self->pending_command);
  G_OBJECT_CLASS (mlp_training_page_parent_class)->finalize (object);
}

static void
mlp_training_page_class_init (MlpTrainingPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mlp_training_page_dispose;
  object_class->finalize = mlp_training_page_finalize;
  MLP_SECTION_PAGE_CLASS (klass)->run = run;
  MLP_SECTION_PAGE_CLASS (klass)->data_dir_changed = data_dir_changed;
  MLP_SECTION_PAGE_CLASS (klass)->dup_command = dup_command;

  g_type_ensure (MLP_TYPE_PLOT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mlplab/MlpLab/ui/mlp-training-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, controls);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, controls_separator);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, intro_label);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, grid);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, start_button);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, compare_button);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, twins_button);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, demo_expander);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, demo_label);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, demo_button);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, demo_adjustment);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, command_button);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, runs_list);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, runs_export_button);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, runs_load_button);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, gap_view);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, analysis_box);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, confusion_view);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, mistakes_view);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, weights_view);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, pause_button);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, stop_button);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, raw_check);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, result_label);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingPage, plot_view);
}

static void
on_start_clicked (MlpTrainingPage *self)
{
  request_run (self, COMPARE_NONE);
}

static void
on_compare_clicked (MlpTrainingPage *self)
{
  request_run (self, COMPARE_DROPOUT);
}

static void
on_twins_clicked (MlpTrainingPage *self)
{
  request_run (self, COMPARE_IMPLEMENTATIONS);
}

static void
on_raw_toggled (MlpTrainingPage *self)
{
  rebuild_board (self);
}

static void
mlp_training_page_init (MlpTrainingPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mlp_section_page_set_controls (MLP_SECTION_PAGE (self), self->controls, self->controls_separator);
  board_init (&self->board[0]);
  board_init (&self->board[1]);
  self->n_runs = 1;
  self->runs = g_ptr_array_new_with_free_func (run_record_free);
  g_signal_connect_swapped (self->runs_export_button, "clicked", G_CALLBACK (on_runs_export), self);
  g_signal_connect_swapped (self->runs_load_button, "clicked", G_CALLBACK (on_load_run), self);
  g_signal_connect_swapped (self->twins_button, "clicked", G_CALLBACK (on_twins_clicked), self);
  g_signal_connect_swapped (self->command_button, "clicked", G_CALLBACK (on_copy_command), self);
  self->epochs = 10;
  g_signal_connect_swapped (self->compare_button, "clicked", G_CALLBACK (on_compare_clicked), self);
  g_signal_connect_swapped (self->start_button, "clicked", G_CALLBACK (on_start_clicked), self);
  g_signal_connect_swapped (self->raw_check, "toggled", G_CALLBACK (on_raw_toggled), self);
}
