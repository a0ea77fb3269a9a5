/* mlp-progress-board.c — see mlp-progress-board.h. */
#include "mlp-progress-board.h"

#include <glib/gi18n.h>
#include <math.h>

struct _MlpProgressBoard {
  GObject         parent_instance;

  MlpBoardCurves *curves[2];   /* one per run; a comparison has two */
  guint           n_runs;
  guint           epochs;      /* of the runs on the board */
  char           *names[2];    /* legend suffixes of a comparison */
  char           *note;        /* the title */
  guint           serial;      /* of the newest reset */
};

G_DEFINE_FINAL_TYPE (MlpProgressBoard, mlp_progress_board, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };

static guint signals[N_SIGNALS];

/* ---------------------------------------------------------------- curves */

/* the curves' arrays, in one order for every loop over them */
#define CURVES_ARRAYS(c) { &(c)->avg_x, &(c)->avg_y, &(c)->raw_x, &(c)->raw_y, &(c)->val_x, \
                           &(c)->val_loss, &(c)->val_acc, &(c)->train_acc }
#define N_CURVES 8

static GArray *
doubles_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (double));
}

MlpBoardCurves *
mlp_board_curves_new (void)
{
  MlpBoardCurves *c = g_new0 (MlpBoardCurves, 1);
  GArray **arrays[N_CURVES] = CURVES_ARRAYS (c);

  for (guint i = 0; i < N_CURVES; i++)
    *arrays[i] = doubles_new ();
  return c;
}

void
mlp_board_curves_append (MlpBoardCurves *curves, const MlpBoardCurves *points)
{
  MlpBoardCurves *src = (MlpBoardCurves *) points;
  GArray **from[N_CURVES] = CURVES_ARRAYS (src), **to[N_CURVES] = CURVES_ARRAYS (curves);

  for (guint i = 0; i < N_CURVES; i++)
    g_array_append_vals (*to[i], (*from[i])->data, (*from[i])->len);
}

MlpBoardCurves *
mlp_board_curves_copy (const MlpBoardCurves *curves)
{
  MlpBoardCurves *c = mlp_board_curves_new ();

  mlp_board_curves_append (c, curves);
  return c;
}

static void
curves_clear (MlpBoardCurves *c)
{
  GArray **arrays[N_CURVES] = CURVES_ARRAYS (c);

  for (guint i = 0; i < N_CURVES; i++)
    g_array_set_size (*arrays[i], 0);
}

void
mlp_board_curves_free (MlpBoardCurves *curves)
{
  if (curves != NULL)
    {
      GArray **arrays[N_CURVES] = CURVES_ARRAYS (curves);

      for (guint i = 0; i < N_CURVES; i++)
        g_array_unref (*arrays[i]);
      g_free (curves);
    }
}

guint
mlp_board_curves_get_n_epochs (const MlpBoardCurves *curves)
{
  return curves->val_x->len;
}

/* ----------------------------------------------------------------- board */

MlpProgressBoard *
mlp_progress_board_new (void)
{
  return g_object_new (MLP_TYPE_PROGRESS_BOARD, NULL);
}

guint
mlp_progress_board_reset (MlpProgressBoard *self, guint n_runs, guint epochs, const char *const names[2])
{
  g_return_val_if_fail (MLP_IS_PROGRESS_BOARD (self), 0);
  g_return_val_if_fail (n_runs == 1 || n_runs == 2, 0);

  self->n_runs = n_runs;
  self->epochs = epochs;
  for (guint r = 0; r < 2; r++)
    {
      curves_clear (self->curves[r]);
      g_free (self->names[r]);
      self->names[r] = names != NULL && n_runs > 1 ? g_strdup (names[r]) : NULL;
    }
  g_clear_pointer (&self->note, g_free);
  return ++self->serial;
}

void
mlp_progress_board_set_note (MlpProgressBoard *self, const char *note)
{
  g_return_if_fail (MLP_IS_PROGRESS_BOARD (self));

  if (note != self->note)
    {
      g_free (self->note);
      self->note = g_strdup (note);
    }
}

guint
mlp_progress_board_get_n_runs (MlpProgressBoard *self)
{
  return self->n_runs;
}

guint
mlp_progress_board_get_epochs (MlpProgressBoard *self)
{
  return self->epochs;
}

const char *
mlp_progress_board_get_run_name (MlpProgressBoard *self, guint run)
{
  g_return_val_if_fail (run < 2, NULL);

  return self->names[run];
}

const MlpBoardCurves *
mlp_progress_board_get_curves (MlpProgressBoard *self, guint run)
{
  g_return_val_if_fail (run < 2, NULL);

  return self->curves[run];
}

double
mlp_progress_board_max_loss_difference (MlpProgressBoard *self)
{
  GArray *a = self->curves[0]->raw_y, *b = self->curves[1]->raw_y;
  double worst = 0;

  if (self->n_runs < 2)
    return 0;
  for (guint k = 0; k < MIN (a->len, b->len); k++)
    worst = MAX (worst, fabs (g_array_index (a, double, k) - g_array_index (b, double, k)));
  return worst;
}

/* ----------------------------------------------------------------- plots */

/* "val_loss", or "val_loss, with dropout" in a comparison; (transfer full) */
static char *
series_label (MlpProgressBoard *self, const char *name, guint run)
{
  return self->n_runs > 1 ? g_strdup_printf ("%s, %s", name, self->names[run]) : g_strdup (name);
}

void
mlp_board_smooth (const double *y, gsize n, double weight, double *out)
{
  double s = 0, debias = 1;

  g_return_if_fail (weight >= 0 && weight < 1);

  for (gsize t = 0; t < n; t++)
    {
      if (!isfinite (y[t]))
        {
          out[t] = y[t];
          continue;
        }
      s = weight * s + (1 - weight) * y[t];
      debias *= weight;
      out[t] = s / (1 - debias);
    }
}

/* every minibatch's loss of run r: faint and thin beneath the smoothed
 * curve, as TensorBoard draws it, or alone when smoothing is 0 */
static void
add_minibatch_series (MlpProgressBoard *self, MlpPlot *plot, guint r, double smoothing)
{
  /* a light, translucent blue that reads faint on white and on dark grey
   * alike (an explicit colour does not follow the theme) */
  static const MlpColor faint = { 0.38, 0.62, 0.88, 0.45 };
  MlpBoardCurves *b = self->curves[r];
  g_autofree char *label = series_label (self, "train_loss", r);
  g_autofree char *raw_label = g_strdup_printf ("%s (raw)", label);
  g_autofree double *smooth = NULL;
  MlpLineStyle line = r == 1 ? MLP_LINE_DOTTED : MLP_LINE_SOLID;
  guint s;

  if (smoothing > 0)
    {
      s = mlp_plot_add_series (plot, raw_label, (double *) b->raw_x->data, (double *) b->raw_y->data, b->raw_x->len);
      mlp_plot_series_set_style (plot, s, line, &faint, 1.0, MLP_MARKER_NONE);
    }
  smooth = g_new (double, MAX (b->raw_y->len, 1));
  mlp_board_smooth ((double *) b->raw_y->data, b->raw_y->len, MIN (smoothing, 0.99), smooth);
  s = mlp_plot_add_series (plot, label, (double *) b->raw_x->data, smooth, b->raw_x->len);
  mlp_plot_series_set_color_index (plot, s, 0);
  mlp_plot_series_set_style (plot, s, line, NULL, 1.5, MLP_MARKER_NONE);
}

MlpPlot *
mlp_progress_board_dup_plot (MlpProgressBoard *self, gboolean raw, double smoothing)
{
  MlpPlot *plot;

  g_return_val_if_fail (MLP_IS_PROGRESS_BOARD (self), NULL);

  plot = mlp_plot_new ();
  mlp_plot_set_labels (plot, self->note, "epoch", NULL);
  mlp_plot_set_xlim (plot, 0, MAX (self->epochs, 1));
  for (guint r = 0; r < self->n_runs; r++)
    {
      MlpBoardCurves *b = self->curves[r];
      const char *names[] = { "train_loss", "val_loss", "val_acc" };
      GArray *xs[] = { b->avg_x, b->val_x, b->val_x };
      GArray *ys[] = { b->avg_y, b->val_loss, b->val_acc };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          g_autofree char *label = NULL;
          /* a comparison run keeps the colours and is drawn dotted */
          MlpLineStyle line = r == 1 ? MLP_LINE_DOTTED : i == 0 ? MLP_LINE_SOLID : i == 1 ? MLP_LINE_DASHED : MLP_LINE_DASHDOT;
          guint s;

          if (raw && i == 0)
            {
              add_minibatch_series (self, plot, r, smoothing);
              continue;
            }
          label = series_label (self, names[i], r);
          s = mlp_plot_add_series (plot, label, (double *) xs[i]->data, (double *) ys[i]->data, xs[i]->len);
          mlp_plot_series_set_color_index (plot, s, i);
          mlp_plot_series_set_style (plot, s, line, NULL, 0, MLP_MARKER_CIRCLE);
        }
    }
  return plot;
}

/* the regularisation effect: how far training accuracy runs ahead */
MlpPlot *
mlp_progress_board_dup_gap_plot (MlpProgressBoard *self)
{
  MlpPlot *gap;

  g_return_val_if_fail (MLP_IS_PROGRESS_BOARD (self), NULL);

  gap = mlp_plot_new ();
  mlp_plot_set_labels (gap, _("generalization gap: train_acc − val_acc"), "epoch", NULL);
  mlp_plot_set_xlim (gap, 0, MAX (self->epochs, 1));
  for (guint r = 0; r < self->n_runs; r++)
    {
      MlpBoardCurves *b = self->curves[r];
      g_autofree double *d = g_new (double, MAX (b->val_x->len, 1));
      guint s;

      for (guint k = 0; k < b->val_x->len; k++)
        d[k] = g_array_index (b->train_acc, double, k) - g_array_index (b->val_acc, double, k);
      s = mlp_plot_add_series (gap, self->names[r], (double *) b->val_x->data, d, b->val_x->len);
      mlp_plot_series_set_style (gap, s, r == 0 ? MLP_LINE_SOLID : MLP_LINE_DOTTED, NULL, 0, MLP_MARKER_CIRCLE);
    }
  return gap;
}

/* --------------------------------------------------------------- updates */

MlpBoardUpdate *
mlp_board_update_new (MlpProgressBoard *board, guint serial, guint run)
{
  MlpBoardUpdate *u = g_new0 (MlpBoardUpdate, 1);

  u->board = g_object_ref (board);
  u->serial = serial;
  u->run = run;
  u->points = mlp_board_curves_new ();
  return u;
}

void
mlp_board_update_free (gpointer update)
{
  MlpBoardUpdate *u = update;

  mlp_board_curves_free (u->points);
  g_object_unref (u->board);
  g_free (u);
}

gboolean
mlp_board_update_apply (gpointer update)
{
  MlpBoardUpdate *u = update;
  MlpProgressBoard *self = u->board;

  if (u->serial == self->serial && u->run < self->n_runs)
    {
      mlp_board_curves_append (self->curves[u->run], u->points);
      g_signal_emit (self, signals[CHANGED], 0);
    }
  mlp_board_update_free (u);
  return G_SOURCE_REMOVE;
}

/* --------------------------------------------------------------- GObject */

static void
mlp_progress_board_finalize (GObject *object)
{
  MlpProgressBoard *self = MLP_PROGRESS_BOARD (object);

  for (guint r = 0; r < 2; r++)
    {
      mlp_board_curves_free (self->curves[r]);
      g_free (self->names[r]);
    }
  g_free (self->note);
  G_OBJECT_CLASS (mlp_progress_board_parent_class)->finalize (object);
}

static void
mlp_progress_board_class_init (MlpProgressBoardClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mlp_progress_board_finalize;

  /**
   * MlpProgressBoard::changed:
   *
   * Points were added to the board, on the main thread.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mlp_progress_board_init (MlpProgressBoard *self)
{
  self->curves[0] = mlp_board_curves_new ();
  self->curves[1] = mlp_board_curves_new ();
  self->n_runs = 1;
  self->epochs = 10;
}
