/* mlp-exercise-single-unit-report.c — Exercise 2's page: val_acc of the six
 * models over the seeds, and the histogram per class of one live single
 * unit (mlp-exercise-single-unit.h).  The answer's sentences are chosen by
 * the result's numbers. */
#include "mlp-exercise-report-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "mlp-exercise-single-unit.h"
#include "mlp-fashion-mnist.h"

/* a gap in val_acc below which two models count as alike */
#define NEAR 0.05

static char *
describe_run (const MlpExerciseConfig *c)
{
  g_autofree char *seeds = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u seed", "%u seeds",
                                                         c->n_seeds), c->n_seeds);
  g_autofree char *epochs = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u epoch", "%u epochs",
                                                          c->epochs), c->epochs);

  return g_strdup_printf (_("Trains 784-1-10, the bottleneck 784-256-1-256-10 and 784-256-10, each "
                            "with ReLU and with tanh, from %s (%llu on) for %s on "
                            "%lu training images (lr 0.1, batch 256), validates on "
                            "%lu images, and reads the single unit's value on every "
                            "one of them."),
                          seeds, (unsigned long long) c->seed, epochs, (gulong) c->limit_train,
                          (gulong) c->limit_val);
}

/* "784-1-10 relu" from the details, else the number's prefix */
static char *
model_name (const MlpExerciseResult *r, MlpSingleUnitModel m)
{
  return r->details ? mlp_single_unit_model_label (r->details, m)
                    : g_strdup (mlp_single_unit_model_key (m));
}

/* "784-1-10": the label without its activation */
static char *
arch_name (const MlpExerciseResult *r, MlpSingleUnitModel m)
{
  char *name = model_name (r, m);
  char *space = strrchr (name, ' ');

  if (space != NULL)
    *space = '\0';
  return name;
}

static double
number (const MlpExerciseResult *r, MlpSingleUnitModel m, const char *what)
{
  g_autofree char *key = g_strdup_printf ("%s.%s", mlp_single_unit_model_key (m), what);

  return mlp_exercise_result_number (r, key);
}

/* ------------------------------------------------------------ figures */

/* one point per seed (spread a little sideways so equal ones stay
 * visible) at x = model + 1, and a bar at each model's mean */
static MlpPlot *
val_acc_figure (const MlpExerciseResult *r, const MlpSingleUnitDetails *d)
{
  g_autoptr(MlpPlot) plot = mlp_plot_new ();
  g_autofree double *x = g_new (double, MAX (d->n_seeds, 1));

  mlp_plot_set_labels (plot, _("val_acc of every seed, by model (bars: the mean)"), _("model"),
                       "val_acc");
  mlp_plot_set_xlim (plot, 0.5, MLP_SINGLE_UNIT_N_MODELS + 0.5);
  for (guint m = 0; m < MLP_SINGLE_UNIT_N_MODELS; m++)
    {
      g_autofree char *name = model_name (r, m);
      g_autofree char *label = g_strdup_printf ("%u: %s", m + 1, name);
      guint s;

      for (guint k = 0; k < d->n_seeds; k++)
        x[k] = m + 1 + 0.08 * (k - (d->n_seeds - 1) / 2.0);
      s = mlp_plot_add_series (plot, label, x, d->val_acc + m * d->n_seeds, d->n_seeds);
      mlp_plot_series_set_style (plot, s, MLP_LINE_NONE, NULL, 0, MLP_MARKER_CIRCLE);
      mlp_plot_series_set_color_index (plot, s, m);
    }
  for (guint m = 0; m < MLP_SINGLE_UNIT_N_MODELS; m++)
    {
      double bar_x[2] = { m + 0.7, m + 1.3 }, bar_y[2];
      guint s;

      bar_y[0] = bar_y[1] = number (r, m, "val_acc_mean");
      s = mlp_plot_add_series (plot, m == 0 ? _("mean") : NULL, bar_x, bar_y, 2);
      mlp_plot_series_set_style (plot, s, MLP_LINE_SOLID, NULL, 3.0, MLP_MARKER_NONE);
      mlp_plot_series_set_color_index (plot, s, MLP_SINGLE_UNIT_N_MODELS);
    }
  return g_steal_pointer (&plot);
}

/* per class, the images in each bin of the unit's value, at the bins'
 * centres */
static MlpPlot *
histogram_figure (const MlpExerciseResult *r, const MlpSingleUnitDetails *d)
{
  g_autoptr(MlpPlot) plot = mlp_plot_new ();
  g_autofree double *x = g_new (double, MAX (d->n_bins, 1));
  g_autofree double *y = g_new (double, MAX (d->n_bins, 1));
  g_autofree char *name = model_name (r, d->hist_model);
  g_autofree char *title = g_strdup_printf (_("%s, seed %llu: the single unit's "
                                              "value on each validation image, per class"),
                                            name, (unsigned long long) (d->first_seed + d->hist_seed_index));
  double width = (d->hist_max - d->hist_min) / MAX (d->n_bins, 1);

  mlp_plot_set_labels (plot, title, _("the unit's value"), _("images"));
  for (guint b = 0; b < d->n_bins; b++)
    x[b] = d->hist_min + (b + 0.5) * width;
  for (guint cl = 0; cl < d->n_classes; cl++)
    {
      g_autofree char *label = d->n_classes == MLP_FASHION_MNIST_CLASSES
                               ? g_strdup (mlp_fashion_mnist_class_name (cl))
                               : g_strdup_printf (_("class %u"), cl);

      for (guint b = 0; b < d->n_bins; b++)
        y[b] = d->hist_counts[cl * d->n_bins + b];
      mlp_plot_add_series (plot, label, x, y, d->n_bins);
    }
  return g_steal_pointer (&plot);
}

static MlpPlot *
figure (const MlpExerciseResult *r, guint i)
{
  const MlpSingleUnitDetails *d = r->details;

  g_return_val_if_fail (d != NULL, mlp_plot_new ());
  return i == 0 ? val_acc_figure (r, d) : histogram_figure (r, d);
}

/* ------------------------------------------------------------- answer */

/* "0.812 (0.801–0.820)" */
static char *
acc_range (const MlpExerciseResult *r, MlpSingleUnitModel m)
{
  return g_strdup_printf ("%.3f (%.3f–%.3f)", number (r, m, "val_acc_mean"),
                          number (r, m, "val_acc_min"), number (r, m, "val_acc_max"));
}

static void
append_accuracy (GString *out, const MlpExerciseResult *r)
{
  char *a[MLP_SINGLE_UNIT_N_MODELS];
  g_autofree char *w1 = arch_name (r, MLP_SINGLE_UNIT_W1_RELU);
  g_autofree char *bottleneck = arch_name (r, MLP_SINGLE_UNIT_BOTTLENECK_RELU);
  g_autofree char *wide = arch_name (r, MLP_SINGLE_UNIT_W256_RELU);
  double best = -INFINITY, w256;

  for (guint m = 0; m < MLP_SINGLE_UNIT_N_MODELS; m++)
    {
      a[m] = acc_range (r, m);
      if (mlp_single_unit_model_has_unit (m))
        best = MAX (best, number (r, m, "val_acc_mean"));
    }
  w256 = MAX (number (r, MLP_SINGLE_UNIT_W256_RELU, "val_acc_mean"),
              number (r, MLP_SINGLE_UNIT_W256_TANH, "val_acc_mean"));
  g_string_append_printf (out, _("Over %.0f seeds, val_acc, mean (lowest–highest), with ReLU and "
                                 "with tanh: %s %s and %s; the bottleneck %s %s and %s; %s %s and "
                                 "%s. "),
                          mlp_exercise_result_number (r, "seeds"), w1, a[0], a[1], bottleneck, a[2],
                          a[3], wide, a[4], a[5]);
  if (w256 - best > NEAR)
    g_string_append_printf (out, _("Even the best single-unit model is %.3f below the better %s: "
                                   "one number per image is too little to tell the classes apart."),
                            w256 - best, wide);
  else
    g_string_append_printf (out, _("Here the best single-unit model came within %.3f of the better "
                                   "%s: on these images one number carried most of what the "
                                   "classes need."), w256 - best, wide);
  for (guint m = 0; m < MLP_SINGLE_UNIT_N_MODELS; m++)
    g_free (a[m]);
}

static void
append_dead (GString *out, const MlpExerciseResult *r)
{
  double seeds = mlp_exercise_result_number (r, "seeds");
  double w1 = mlp_exercise_result_number (r, "w1_relu.dead");
  double bottleneck = mlp_exercise_result_number (r, "bottleneck_relu.dead");
  double zero_grad = mlp_exercise_result_number (r, "dead.zero_grad");
  g_autofree char *w1_name = arch_name (r, MLP_SINGLE_UNIT_W1_RELU);

  if (w1 + bottleneck == 0)
    {
      g_string_append_printf (out, _("None of the %.0f single ReLU units died in these seeds: each "
                                     "gave something other than 0 on some validation image."),
                              2 * seeds);
      return;
    }
  g_string_append_printf (out, _("%.0f of the %.0f %s ReLU units and %.0f of the %.0f "
                                 "bottleneck ones died: they output exactly 0 on every validation "
                                 "image, so the layers after them see a constant and val_acc is at "
                                 "most %.3f in those runs. "),
                          w1, seeds, w1_name, bottleneck, seeds,
                          mlp_exercise_result_number (r, "dead.val_acc_max"));
  if (zero_grad == w1 + bottleneck)
    g_string_append_printf (out, _("A dead ReLU passes no gradient upstream: in every dead run the "
                                   "first layer's weight gradient is exactly 0 on every batch of "
                                   "the training images (%.0f of %.0f), so SGD never moves the "
                                   "weights that could revive the unit, and training cannot "
                                   "recover."),
                            zero_grad, w1 + bottleneck);
  else if (zero_grad > 0)
    g_string_append_printf (out, _("In %.0f of the %.0f dead runs the first layer's weight gradient "
                                   "is exactly 0 on every batch of the training images: a dead ReLU "
                                   "passes no gradient upstream, so SGD never moves the weights "
                                   "that could revive it. In the remaining %.0f the unit still "
                                   "fires on some training image (it is dead on the validation "
                                   "images only), so it may yet recover."),
                            zero_grad, w1 + bottleneck, w1 + bottleneck - zero_grad);
  else
    g_string_append (out, _("Yet in no dead run is the first layer's weight gradient exactly 0 on "
                            "every batch of the training images: each unit still fires on some "
                            "training image (it is dead on the validation images only), so it "
                            "may yet recover."));
}

static void
append_histogram (GString *out, const MlpExerciseResult *r)
{
  /* w1_relu, w1_tanh, bottleneck_relu, bottleneck_tanh: 2 × model + activation */
  MlpSingleUnitModel m = (MlpSingleUnitModel) (2 * (mlp_exercise_result_number (r, "hist.model") == 1) +
                                               (mlp_exercise_result_number (r, "hist.activation") == 1));
  g_autofree char *name = model_name (r, m);
  g_autofree char *wide = model_name (r, MLP_SINGLE_UNIT_W256_RELU);
  double majority = mlp_exercise_result_number (r, "hist.majority_fraction");
  double zeros = mlp_exercise_result_number (r, "hist.zero_fraction");
  double w256 = number (r, MLP_SINGLE_UNIT_W256_RELU, "val_acc_mean");

  g_string_append_printf (out, _("A live unit (%s, seed %.0f) still passes on one number per image: "
                                 "the histogram puts all the classes on one line, from %.3g to %.3g. "
                                 "Only %.1f%% of the %.0f validation images belong to the most common "
                                 "class of their bin (of %.0f), the most any classifier that sees "
                                 "only that bin could get right, against val_acc %.3f for %s"),
                          name, mlp_exercise_result_number (r, "hist.seed"),
                          mlp_exercise_result_number (r, "hist.min"),
                          mlp_exercise_result_number (r, "hist.max"), 100 * majority,
                          mlp_exercise_result_number (r, "hist.images"),
                          mlp_exercise_result_number (r, "hist.bins"), w256, wide);
  if (w256 - majority > NEAR)
    g_string_append (out, _(": the classes overlap on the line."));
  else
    g_string_append (out, _(": here the classes fall into stretches of the line nearly as well "
                            "as the wide layer separates them."));
  if (mlp_exercise_result_number (r, "hist.activation") == 0 && zeros > 0)
    g_string_append_printf (out, _(" %.1f%% of the images sit at exactly 0, where the unit cannot "
                                   "tell them apart at all."), 100 * zeros);
}

static char *
answer (const MlpExerciseResult *r)
{
  GString *out = g_string_new (NULL);

  append_accuracy (out, r);
  g_string_append (out, "\n\n");
  append_dead (out, r);
  g_string_append (out, "\n\n");
  append_histogram (out, r);
  return g_string_free (out, FALSE);
}

const MlpExerciseReport mlp_exercise_report_single_unit = {
  N_("Exercise 2: A hidden layer with a single neuron"),
  N_("Why is it a bad idea to insert a hidden layer with a single neuron? What could go wrong?"),
  describe_run,
  2,
  { "val-acc", "histogram" },
  figure,
  answer,
};
