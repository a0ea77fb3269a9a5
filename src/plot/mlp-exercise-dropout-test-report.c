/* mlp-exercise-dropout-test-report.c — Exercise 4's figures and answer; the
 * numbers are those of mlp-exercise-dropout-test.h. */
#include "mlp-exercise-report-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "mlp-exercise-dropout-test.h"
#include "mlp-fashion-mnist.h"

static char *
describe_run (const MlpExerciseConfig *c)
{
  g_autofree char *images = c->limit_train ? g_strdup_printf ("%" G_GSIZE_FORMAT, c->limit_train)
                                           : g_strdup (_("all"));
  g_autofree char *val = c->limit_val ? g_strdup_printf ("%" G_GSIZE_FORMAT, c->limit_val) : g_strdup (_("all"));

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Trains the chapter's DropoutMLP (256-256, dropout 0.5 and 0.5) for %u epoch "
                                       "on %s training images, then evaluates %s validation images once in eval "
                                       "mode and %u times with dropout left on.",
                                       "Trains the chapter's DropoutMLP (256-256, dropout 0.5 and 0.5) for %u epochs "
                                       "on %s training images, then evaluates %s validation images once in eval "
                                       "mode and %u times with dropout left on.", c->epochs),
                          c->epochs, images, val, c->n_passes);
}

/* val_acc of each stochastic pass against eval mode's */
static MlpPlot *
accuracy_figure (const MlpDropoutPasses *r)
{
  MlpPlot *plot = mlp_plot_new ();
  g_autofree double *x = g_new (double, r->n_passes);
  double ends[2] = { 1, r->n_passes }, eval[2] = { r->eval_acc, r->eval_acc };
  guint s;

  for (guint k = 0; k < r->n_passes; k++)
    x[k] = k + 1;
  mlp_plot_set_labels (plot, _("val_acc of each pass with dropout left on"), _("pass"), "val_acc");
  s = mlp_plot_add_series (plot, _("dropout on (model.train())"), x, r->pass_acc, r->n_passes);
  mlp_plot_series_set_style (plot, s, MLP_LINE_NONE, NULL, 0, MLP_MARKER_CIRCLE);
  s = mlp_plot_add_series (plot, _("eval mode (model.eval())"), ends, eval, 2);
  mlp_plot_series_set_style (plot, s, MLP_LINE_DASHED, NULL, 0, MLP_MARKER_NONE);
  return plot;
}

/* for each followed image, its eval-mode class's probability in every pass */
static MlpPlot *
probability_figure (const MlpDropoutPasses *r)
{
  MlpPlot *plot = mlp_plot_new ();
  g_autofree double *x = g_new (double, r->n_passes);

  for (guint k = 0; k < r->n_passes; k++)
    x[k] = k + 1;
  mlp_plot_set_labels (plot, _("probability of the eval-mode class, pass by pass"), _("pass"),
                       _("probability"));
  mlp_plot_set_ylim (plot, 0, 1.02);
  for (guint t = 0; t < r->n_tracked; t++)
    {
      g_autofree char *label = g_strdup_printf (_("#%lu %s, eval %.2f"),
                                                (gulong) r->tracked_index[t],
                                                mlp_fashion_mnist_class_name (r->tracked_class[t]),
                                                r->tracked_eval_prob[t]);

      mlp_plot_add_series (plot, label, x, r->tracked_prob + (gsize) t * r->n_passes, r->n_passes);
    }
  return plot;
}

/* distance of the mean of n passes to eval mode, log–log: the distance, the
 * noise part of it (against the mean of all passes, for n up to half of
 * them) with n^−½ through its first point, and the gap that remains */
static MlpPlot *
distance_figure (const MlpDropoutPasses *r)
{
  MlpPlot *plot = mlp_plot_new ();
  g_autofree double *x = g_new (double, r->n_points);
  g_autofree double *half = g_new (double, r->n_points);
  guint s, n_noise = 0;
  double ends[2] = { 1, (double) r->n_passes }, gap[2] = { r->gap, r->gap };

  for (guint i = 0; i < r->n_points; i++)
    {
      x[i] = (double) r->curve_passes[i];
      half[i] = r->curve_noise[0] / sqrt (x[i]);
      if (r->curve_passes[i] <= r->n_passes / 2)
        n_noise = i + 1;
    }
  mlp_plot_set_labels (plot, _("mean of n stochastic passes against eval mode"), _("passes n"),
                       _("distance ‖mean − eval‖₂"));
  mlp_plot_set_xscale (plot, MLP_AXIS_LOG);
  mlp_plot_set_yscale (plot, MLP_AXIS_LOG);
  s = mlp_plot_add_series (plot, _("to eval mode"), x, r->curve_distance, r->n_points);
  mlp_plot_series_set_style (plot, s, MLP_LINE_SOLID, NULL, 0, MLP_MARKER_CIRCLE);
  if (n_noise > 0)
    {
      s = mlp_plot_add_series (plot, _("noise: to the mean of all passes"), x, r->curve_noise, n_noise);
      mlp_plot_series_set_style (plot, s, MLP_LINE_SOLID, NULL, 0, MLP_MARKER_CIRCLE);
      s = mlp_plot_add_series (plot, _("slope −½"), x, half, n_noise);
      mlp_plot_series_set_style (plot, s, MLP_LINE_DASHED, NULL, 0, MLP_MARKER_NONE);
    }
  s = mlp_plot_add_series (plot, _("gap: mean of all passes to eval mode"), ends, gap, 2);
  mlp_plot_series_set_style (plot, s, MLP_LINE_DOTTED, NULL, 0, MLP_MARKER_NONE);
  return plot;
}

static MlpPlot *
figure (const MlpExerciseResult *r, guint i)
{
  const MlpDropoutTestDetails *d = r->details;

  switch (i)
    {
    case 0:
      return accuracy_figure (d->passes);
    case 1:
      return probability_figure (d->passes);
    default:
      return distance_figure (d->passes);
    }
}

static void
append_accuracy (GString *s, const MlpExerciseResult *r)
{
  double eval = mlp_exercise_result_number (r, "eval_acc");
  double mean = mlp_exercise_result_number (r, "pass_acc_mean");
  double sd = mlp_exercise_result_number (r, "pass_acc_sd");

  g_string_append_printf (s, _("In eval mode the network reaches val_acc %.4f; with dropout left on, "
                               "%.0f passes give %.4f ± %.4f (from %.4f to %.4f). "),
                          eval, mlp_exercise_result_number (r, "passes"), mean, sd,
                          mlp_exercise_result_number (r, "pass_acc_min"),
                          mlp_exercise_result_number (r, "pass_acc_max"));
  if (eval > mean + sd)
    g_string_append (s, _("Every stochastic pass is a thinned network, and on average a worse one. "));
  else
    g_string_append (s, _("Here the stochastic passes are not worse than eval mode on average. "));
}

static void
append_changes (GString *s, const MlpExerciseResult *r)
{
  double changed = mlp_exercise_result_number (r, "changed");

  if (changed > 0)
    g_string_append_printf (s, _("%.0f of %.0f images (%.1f %%) change their predicted class from one pass to "
                                 "another: a model whose answer depends on the draw is no use at test time. "),
                            changed, mlp_exercise_result_number (r, "images"),
                            100 * mlp_exercise_result_number (r, "changed_fraction"));
  else
    g_string_append (s, _("No image changed its predicted class between passes in this run. "));
}

static void
append_distance (GString *s, const MlpExerciseResult *r)
{
  double first = mlp_exercise_result_number (r, "distance_first");
  double last = mlp_exercise_result_number (r, "distance_last");
  double gap = mlp_exercise_result_number (r, "gap");
  double slope = mlp_exercise_result_number (r, "noise_slope");

  g_string_append_printf (s, _("Averaging passes brings the output towards eval mode's: the distance falls from "
                               "%.3f after one pass to %.3f after %.0f. "),
                          first, last, mlp_exercise_result_number (r, "passes"));
  if (isfinite (slope) && slope < -0.35 && slope > -0.65)
    g_string_append_printf (s, _("Its noise part falls with slope %.2f on log–log axes, close to the −½ of a mean "
                                 "of n draws, "), slope);
  else if (isfinite (slope))
    g_string_append_printf (s, _("Its noise part falls with slope %.2f on log–log axes (not the −½ of a mean of n "
                                 "independent draws), "), slope);
  else
    g_string_append (s, _("Too few passes to measure how fast the noise falls, "));
  g_string_append_printf (s, _("towards a gap of %.3f that more passes do not close. "), gap);
  if (last < first)
    g_string_append_printf (s, "\n\n%s", _("Inverted dropout divides what it keeps by 1 − p, so each layer's input in eval mode is "
                          "the expectation of its stochastic input: the deterministic network computes in one pass, "
                          "and without noise, about what many passes approach. The gap comes from the "
                          "nonlinearities: ReLU and softmax of a mean are not the mean of ReLU and softmax."));
}

static char *
answer (const MlpExerciseResult *r)
{
  GString *s = g_string_new (NULL);

  append_accuracy (s, r);
  append_changes (s, r);
  append_distance (s, r);
  return g_string_free (s, FALSE);
}

const MlpExerciseReport mlp_exercise_report_dropout_test = {
  N_("Exercise 4: Dropout at test time"),
  N_("Why is dropout not typically used at test time?"),
  describe_run,
  3,
  { "accuracy", "probabilities", "distance" },
  figure,
  answer,
};
