/* mlp-exercise-prelu-report.c — "Your turn": PReLU's slope is learned.
 * The figures: "slopes" (the shared slope and the per-channel summary over
 * the epochs, from epoch 0 = the init), "loss" (the three runs' training
 * loss) and "learned-curve" (prelu(x) with the learned shared slope against
 * the initial one and ReLU on the chapter's grid).  The answer says where
 * the shared slope went, how far the per-channel slopes spread, and whether
 * PReLU beat ReLU, each from the numbers. */
#include "mlp-exercise-report-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "mlp-exercise-prelu.h"
#include "mlp-experiments.h"

/* a slope as the figures' legends show it, "0.25", "2.53" */
static char *
slope_string (double v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.3g", v));
}

static char *
describe_run (const MlpExerciseConfig *c)
{
  g_autofree char *images = c->limit_train ?
      g_strdup_printf (_("the first %lu training images"), (gulong) c->limit_train) :
      g_strdup (_("all the training images"));
  g_autofree char *val = c->limit_val ?
      g_strdup_printf (_("the first %lu validation images"), (gulong) c->limit_val) :
      g_strdup (_("all the validation images"));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Trains the chapter's MLP (one hidden layer of 256 units, lr 0.1, "
                                       "batch 256) three times for %u epoch on %s, checked on %s, from the "
                                       "same initial weights (seed %llu): with PReLU and "
                                       "one slope shared by the hidden layer, with PReLU and one slope per "
                                       "hidden unit (both starting at 0.25), and with ReLU for reference.",
                                       "Trains the chapter's MLP (one hidden layer of 256 units, lr 0.1, "
                                       "batch 256) three times for %u epochs on %s, checked on %s, from the "
                                       "same initial weights (seed %llu): with PReLU and "
                                       "one slope shared by the hidden layer, with PReLU and one slope per "
                                       "hidden unit (both starting at 0.25), and with ReLU for reference.",
                                       c->epochs),
                          c->epochs, images, val, (unsigned long long) c->seed);
}

/* one line of y over epochs from, from + 1, … in the given colour and dash */
static void
add_epoch_series (MlpPlot *plot, const char *label, const double *y, guint n, guint from,
                  guint color, MlpLineStyle line, double width)
{
  guint s = mlp_plot_add_series (plot, label, NULL, NULL, 0);

  for (guint e = 0; e < n; e++)
    mlp_plot_series_append (plot, s, from + e, y[e]);
  mlp_plot_series_set_style (plot, s, line, NULL, width, MLP_MARKER_NONE);
  mlp_plot_series_set_color_index (plot, s, color);
}

/* the shared slope and the per-channel median, quartiles and range */
static MlpPlot *
figure_slopes (const MlpPreluDetails *d)
{
  static const struct { MlpPreluStat stat; const char *label; MlpLineStyle line; double width; } band[] = {
    { MLP_PRELU_STAT_MEDIAN, N_("per channel, median"), MLP_LINE_SOLID, 0 },
    { MLP_PRELU_STAT_Q1, N_("per channel, quartiles"), MLP_LINE_DASHED, 1.5 },
    { MLP_PRELU_STAT_Q3, NULL, MLP_LINE_DASHED, 1.5 },
    { MLP_PRELU_STAT_MIN, N_("per channel, min – max"), MLP_LINE_DOTTED, 1.5 },
    { MLP_PRELU_STAT_MAX, NULL, MLP_LINE_DOTTED, 1.5 },
  };
  MlpPlot *plot = mlp_plot_new ();

  mlp_plot_set_labels (plot, _("the learned PReLU slopes"), "epoch", "slope");
  add_epoch_series (plot, _("shared"), d->shared_slope, d->epochs + 1, 0, 0, MLP_LINE_SOLID, 0);
  for (guint i = 0; i < G_N_ELEMENTS (band); i++)
    add_epoch_series (plot, band[i].label ? _(band[i].label) : NULL, d->channel[band[i].stat],
                      d->epochs + 1, 0, 1, band[i].line, band[i].width);
  mlp_plot_set_legend (plot, TRUE);
  return plot;
}

/* the three runs' training loss per epoch */
static MlpPlot *
figure_loss (const MlpPreluDetails *d)
{
  const char *labels[MLP_PRELU_N_RUNS] = { _("prelu, shared"), _("prelu, per channel"), "relu" };
  MlpPlot *plot = mlp_plot_new ();

  mlp_plot_set_labels (plot, "train_loss", "epoch", NULL);
  for (guint r = 0; r < MLP_PRELU_N_RUNS; r++)
    add_epoch_series (plot, labels[r], d->train_loss[r], d->epochs, 1, r,
                      r == MLP_PRELU_RUN_RELU ? MLP_LINE_DASHED : MLP_LINE_SOLID, 0);
  mlp_plot_set_legend (plot, TRUE);
  return plot;
}

/* prelu(x) with the learned shared slope, the initial 0.25 and ReLU */
static MlpPlot *
figure_learned_curve (const MlpPreluDetails *d)
{
  g_autofree char *learned = slope_string (d->shared_slope[d->epochs]);
  g_autofree char *init = slope_string (d->init_slope);
  g_autofree char *learned_label = g_strdup_printf (_("learned, α = %s"), learned);
  g_autofree char *init_label = g_strdup_printf (_("init, α = %s"), init);
  struct { MlpActivation f; double alpha; const char *label; MlpLineStyle line; } curves[] = {
    { MLP_ACTIVATION_PRELU, d->shared_slope[d->epochs], learned_label, MLP_LINE_SOLID },
    { MLP_ACTIVATION_PRELU, d->init_slope, init_label, MLP_LINE_DASHED },
    { MLP_ACTIVATION_RELU, 0, "relu", MLP_LINE_DOTTED },
  };
  MlpPlot *plot = mlp_plot_new ();

  mlp_plot_set_labels (plot, "prelu(x)", "x", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (curves); i++)
    {
      g_autoptr(MlpActivationCurve) c =
          mlp_activation_curve_new (curves[i].f, (float) curves[i].alpha, MLP_ACTIVATION_FROM,
                                    MLP_ACTIVATION_TO, MLP_ACTIVATION_STEP, NULL);
      guint s;

      if (c == NULL)
        continue;   /* a non-finite slope: nothing to draw */
      s = mlp_plot_add_series_f (plot, curves[i].label, c->x, c->y, c->n);
      mlp_plot_series_set_style (plot, s, curves[i].line, NULL, 0, MLP_MARKER_NONE);
      mlp_plot_series_set_color_index (plot, s, i);
    }
  mlp_plot_set_legend (plot, TRUE);
  return plot;
}

static MlpPlot *
figure (const MlpExerciseResult *r, guint i)
{
  const MlpPreluDetails *d = r->details;

  g_return_val_if_fail (d != NULL, mlp_plot_new ());
  switch (i)
    {
    case 0: return figure_slopes (d);
    case 1: return figure_loss (d);
    case 2: return figure_learned_curve (d);
    default: g_return_val_if_reached (mlp_plot_new ());
    }
}

/* where the shared slope went from the init, and what that shape means */
static void
answer_shared (GString *s, double slope, double init, guint epochs)
{
  double moved = slope - init;
  g_autofree char *after = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "after %u epoch", "after %u epochs",
                                                         epochs), epochs);

  if (fabs (moved) < 0.005)
    g_string_append_printf (s, _("The shared slope stayed at %.2f %s (it moved by %.3f)."),
                            slope, after, moved);
  else
    g_string_append_printf (s, moved > 0 ?
                            _("The shared slope moved up from %.2f to %.2f %s, by %.2f.") :
                            _("The shared slope moved down from %.2f to %.2f %s, by %.2f."),
                            init, slope, after, fabs (moved));
  g_string_append_c (s, ' ');
  if (slope > 1)
    g_string_append (s, _("Above 1, the negative side is steeper than the positive one: the unit "
                          "amplifies negative inputs instead of damping them."));
  else if (slope < 0)
    g_string_append (s, _("Below 0, the negative side slopes downwards: negative inputs give "
                          "positive outputs, so the activation is no longer monotonic."));
  else
    g_string_append (s, _("Between 0 and 1 it is still a leaky ReLU: negative inputs are damped, not cut off."));
}

/* how far the per-channel slopes spread, and against the shared one */
static void
answer_channels (GString *s, const MlpExerciseResult *r, double init)
{
  double mean = mlp_exercise_result_number (r, "channel.slope_mean");
  double lo = mlp_exercise_result_number (r, "channel.slope_min");
  double hi = mlp_exercise_result_number (r, "channel.slope_max");
  double shared = mlp_exercise_result_number (r, "shared.slope");
  double farthest = MAX (fabs (lo - init), fabs (hi - init));

  g_string_append_c (s, ' ');
  if (hi - lo < 0.01)
    g_string_append_printf (s, _("The per-channel slopes barely moved apart: all lie between %.3f "
                                 "and %.3f (mean %.3f)."), lo, hi, mean);
  else
    g_string_append_printf (s, _("The per-channel slopes, all started at %.2f, spread from %.2f to "
                                 "%.2f (mean %.2f)."), init, lo, hi, mean);
  g_string_append_c (s, ' ');
  if (fabs (shared - init) > farthest)
    g_string_append (s, _("The shared slope moved further than any single channel's: its gradient "
                          "sums the negative inputs of all the layer's units, a channel's only its own."));
  else
    g_string_append (s, _("Some channel's slope moved at least as far as the shared one."));
}

/* whether PReLU's validation accuracy beat ReLU's */
static void
answer_accuracy (GString *s, const MlpExerciseResult *r)
{
  double shared = 100 * mlp_exercise_result_number (r, "shared.val_acc");
  double channel = 100 * mlp_exercise_result_number (r, "channel.val_acc");
  double relu = 100 * mlp_exercise_result_number (r, "relu.val_acc");
  gboolean shared_won = shared > relu, channel_won = channel > relu;

  g_string_append_c (s, ' ');
  g_string_append_printf (s, shared_won && channel_won ?
                          _("Both PReLU runs beat ReLU's validation accuracy in this run: %.2f %% shared "
                            "and %.2f %% per channel against %.2f %%.") :
                          shared_won ?
                          _("Only the shared PReLU beat ReLU's validation accuracy in this run: %.2f %% "
                            "shared and %.2f %% per channel against %.2f %%.") :
                          channel_won ?
                          _("Only the per-channel PReLU beat ReLU's validation accuracy in this run: "
                            "%.2f %% shared and %.2f %% per channel against %.2f %%.") :
                          _("Neither PReLU run beat ReLU's validation accuracy in this run: %.2f %% "
                            "shared and %.2f %% per channel against %.2f %%."),
                          shared, channel, relu);
}

static char *
answer (const MlpExerciseResult *r)
{
  GString *s = g_string_new (NULL);
  double init = mlp_exercise_result_number (r, "init_slope");

  answer_shared (s, mlp_exercise_result_number (r, "shared.slope"), init,
                 (guint) mlp_exercise_result_number (r, "epochs"));
  answer_channels (s, r, init);
  answer_accuracy (s, r);
  return g_string_free (s, FALSE);
}

const MlpExerciseReport mlp_exercise_report_prelu = {
  N_("Your turn: pReLU's slope is learned"),
  N_("PReLU is a variant of ReLU that allows the slope of the negative part to be learned during training. What slope does training find?"),
  describe_run,
  3,
  { "slopes", "loss", "learned-curve" },
  figure,
  answer,
};
