/* mlp-exercise-same-init-report.c — Exercise 3's page: linear and softmax
 * regression from one value for every weight, against an MLP whose hidden
 * units stay identical (mlp-exercise-same-init.h).
 *
 * Figures: "linear" (the validation loss per epoch of each init, log y,
 * the recovered w and b in the legend), "softmax-weights" (the ten trained
 * weight images of each init) and "mlp-hidden" (the first-layer weights of
 * the MLP's first hidden units, constant init beside random).
 *
 * The answer's verdicts come from the numbers, with these bounds: */
#include "mlp-exercise-report-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "mlp-exercise-same-init.h"
#include "mlp-fashion-mnist.h"

#define RECOVERED_TOL 0.05   /* max |ŵ − w|, |b̂ − b| under this: w and b recovered */
#define SAME_ACC_TOL  0.02   /* a val_acc at most this far below random's reached it */
#define ROWS_DIFFER   1e-3   /* row_distance above this: the class rows differ */
#define IDENTICAL     1e-6   /* hidden_spread under this: the hidden units are identical */

static const char *const init_keys[MLP_SAME_INIT_N] = { "random", "zeros", "constant" };

static double
number (const MlpExerciseResult *r, const char *part, const char *init, const char *what)
{
  g_autofree char *key = g_strdup_printf ("%s.%s.%s", part, init, what);

  return mlp_exercise_result_number (r, key);
}

static char *
describe_run (const MlpExerciseConfig *c)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Trains d2l's linear regression on its synthetic data (w = [2, −3.4], "
                                       "b = 4.2, 1000 training and 1000 validation examples) for 3 epochs, then "
                                       "softmax regression and the chapter's MLP for %u epoch on %lu "
                                       "Fashion-MNIST images (validated on %lu), with every weight drawn at "
                                       "random, set to 0, or set to c = %g; the MLP with c and at random.",
                                       "Trains d2l's linear regression on its synthetic data (w = [2, −3.4], "
                                       "b = 4.2, 1000 training and 1000 validation examples) for 3 epochs, then "
                                       "softmax regression and the chapter's MLP for %u epochs on %lu "
                                       "Fashion-MNIST images (validated on %lu), with every weight drawn at "
                                       "random, set to 0, or set to c = %g; the MLP with c and at random.",
                                       c->epochs),
                          c->epochs, (gulong) c->limit_train, (gulong) c->limit_val, MLP_SAME_INIT_C);
}

/* ------------------------------------------------------------ figures */

static MlpPlot *
linear_figure (const MlpSameInitDetails *d)
{
  MlpPlot *plot = mlp_plot_new ();
  double sigma2 = (double) d->noise * d->noise, noise_floor[2] = { sigma2, sigma2 }, ends[2] = { 0, 0 };

  mlp_plot_set_labels (plot, _("linear regression: validation loss per epoch of each init"),
                       "epoch", "val_loss");
  mlp_plot_set_yscale (plot, MLP_AXIS_LOG);
  for (guint k = 0; k < MLP_SAME_INIT_N; k++)
    {
      const MlpLinRegResult *lr = d->linear[k];
      g_autofree double *x = g_new (double, lr->n_epochs + 1);
      g_autofree double *y = g_new (double, lr->n_epochs + 1);
      g_autofree char *label = g_strdup_printf ("%s: ŵ = (%.4f, %.4f), b̂ = %.4f", init_keys[k],
                                                lr->w[0], lr->w[1], lr->b);

      x[0] = 0;
      y[0] = lr->val_loss_init;
      for (guint e = 0; e < lr->n_epochs; e++)
        {
          x[e + 1] = e + 1;
          y[e + 1] = lr->val_loss[e];
        }
      mlp_plot_add_series (plot, label, x, y, lr->n_epochs + 1);
      ends[1] = lr->n_epochs;
    }
  /* the loss no fit can go below: the labels' noise, σ² */
  mlp_plot_series_set_style (plot, mlp_plot_add_series (plot, _("noise σ² (the least loss)"), ends,
                                                        noise_floor, 2),
                             MLP_LINE_DOTTED, NULL, 1, MLP_MARKER_NONE);
  return plot;
}

/* "zeros: t-shirt" for Fashion-MNIST's ten classes, "zeros: class 3" else */
static char *
class_caption (const char *init, guint n_classes, guint c)
{
  if (n_classes == MLP_FASHION_MNIST_CLASSES)
    return g_strdup_printf ("%s: %s", init, mlp_fashion_mnist_class_name (c));
  return g_strdup_printf (_("%s: class %u"), init, c);
}

/* n images of each part, side by side: one grid of rows × cols pixels */
static MlpPlot *
image_grid (const char *title, const float *const *parts, const char *const *names, guint n_parts,
            guint n, guint rows, guint cols, gboolean class_names, guint n_classes)
{
  MlpPlot *plot = mlp_plot_new ();
  gsize size = (gsize) rows * cols;
  g_autofree float *pixels = g_new (float, (gsize) n_parts * n * size);
  g_autoptr(GPtrArray) captions = g_ptr_array_new_with_free_func (g_free);

  for (guint p = 0; p < n_parts; p++)
    for (guint i = 0; i < n; i++)
      {
        memcpy (pixels + ((gsize) p * n + i) * size, parts[p] + (gsize) i * size, size * sizeof (float));
        g_ptr_array_add (captions, class_names ? class_caption (names[p], n_classes, i)
                                               : g_strdup_printf (_("%s: unit %u"), names[p], i + 1));
      }
  mlp_plot_set_labels (plot, title, NULL, NULL);
  if (n_parts * n > 0)
    mlp_plot_set_images (plot, pixels, n_parts * n, rows, cols, (const char *const *) captions->pdata, TRUE);
  return plot;
}

static MlpPlot *
figure (const MlpExerciseResult *r, guint i)
{
  const MlpSameInitDetails *d = r->details;

  if (d == NULL)
    return mlp_plot_new ();
  if (i == 0)
    return linear_figure (d);
  if (i == 1)
    {
      const float *parts[MLP_SAME_INIT_N] = { d->softmax[0].weights, d->softmax[1].weights,
                                              d->softmax[2].weights };

      return image_grid (_("softmax regression: the trained weights of each class (blue < 0 < red)"),
                         parts, init_keys, MLP_SAME_INIT_N, d->n_classes, d->rows, d->cols, TRUE,
                         d->n_classes);
    }
  else
    {
      const float *parts[2] = { d->mlp_constant.unit_weights, d->mlp_random.unit_weights };
      const char *names[2] = { "constant", "random" };

      return image_grid (_("MLP: first-layer weights of its first hidden units, constant and random init"),
                         parts, names, 2, MIN (d->mlp_constant.n_units, d->mlp_random.n_units),
                         d->rows, d->cols, FALSE, d->n_classes);
    }
}

/* ------------------------------------------------------------- answer */

/* the linear part; *ok whether every init recovered w and b */
static void
answer_linear (const MlpExerciseResult *r, GString *out, gboolean *ok)
{
  g_autoptr(GString) failed = g_string_new (NULL);
  double worst = 0;

  g_string_append (out, _("Linear regression (true w = (2, −3.4), b = 4.2) ended at "));
  for (guint k = 0; k < MLP_SAME_INIT_N; k++)
    {
      double e = number (r, "linear", init_keys[k], "error");

      if (k > 0)
        g_string_append (out, "; ");
      g_string_append_printf (out, _("ŵ = (%.4f, %.4f), b̂ = %.4f from %s init"),
                              number (r, "linear", init_keys[k], "w1"),
                              number (r, "linear", init_keys[k], "w2"),
                              number (r, "linear", init_keys[k], "b"), init_keys[k]);
      worst = MAX (worst, e);
      if (!(e < RECOVERED_TOL))
        g_string_append_printf (failed, "%s%s (%.4f)", failed->len ? ", " : "", init_keys[k], e);
    }
  *ok = failed->len == 0;
  if (*ok)
    g_string_append_printf (out, _(". Every init recovered w and b: the largest error is %.4f.\n\n"), worst);
  else
    g_string_append_printf (out, _(". Not every init recovered w and b within %g: %s.\n\n"),
                            RECOVERED_TOL, failed->str);
}

/* the softmax part; *ok whether zeros and constant reached random's
 * accuracy with rows that differ */
static void
answer_softmax (const MlpExerciseResult *r, GString *out, gboolean *ok)
{
  double acc = number (r, "softmax", "random", "val_acc");
  double acc0 = number (r, "softmax", "zeros", "val_acc"), accc = number (r, "softmax", "constant", "val_acc");
  double d0 = number (r, "softmax", "zeros", "row_distance");
  double dc = number (r, "softmax", "constant", "row_distance");
  gboolean reached = acc0 >= acc - SAME_ACC_TOL && accc >= acc - SAME_ACC_TOL;
  gboolean differ = d0 > ROWS_DIFFER && dc > ROWS_DIFFER;

  g_string_append_printf (out, _("Softmax regression reached a validation accuracy of %.4f from zeros "
                                 "and %.4f from c = %g, against %.4f from random weights: "),
                          acc0, accc, mlp_exercise_result_number (r, "constant"), acc);
  g_string_append (out, reached ? _("as good, within 0.02. ") : _("not as good: more than 0.02 lower. "));
  if (differ)
    g_string_append_printf (out, _("Its ten weight rows, all equal at the start, ended different: the "
                                   "two closest classes are %.4f (zeros) and %.4f (constant) of the "
                                   "rows' mean norm apart (random init: %.4f).\n\n"),
                            d0, dc, number (r, "softmax", "random", "row_distance"));
  else
    g_string_append_printf (out, _("Yet two of its classes kept the same weight row: the closest two are "
                                   "%.4g (zeros) and %.4g (constant) of the mean norm apart.\n\n"), d0, dc);
  *ok = reached && differ;
}

/* the MLP part; *ok whether its hidden units stayed identical */
static void
answer_mlp (const MlpExerciseResult *r, GString *out, gboolean *ok)
{
  double spread = number (r, "mlp", "constant", "hidden_spread");
  double acc = number (r, "mlp", "constant", "val_acc"), acc_r = number (r, "mlp", "random", "val_acc");
  double c = mlp_exercise_result_number (r, "constant");

  *ok = spread < IDENTICAL;
  if (*ok)
    g_string_append_printf (out, _("The MLP started at c = %g kept its hidden units identical: their "
                                   "weights differ by %.2g after training (random init: %.4f), and it "
                                   "reached a validation accuracy of %.4f against %.4f from random "
                                   "weights.\n\n"),
                            c, spread, number (r, "mlp", "random", "hidden_spread"), acc, acc_r);
  else
    g_string_append_printf (out, _("The MLP started at c = %g did not keep its hidden units identical: "
                                   "their weights differ by up to %.4g after training; it reached a "
                                   "validation accuracy of %.4f against %.4f from random weights.\n\n"),
                            c, spread, acc, acc_r);
}

static char *
answer (const MlpExerciseResult *r)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean linear, softmax, mlp;

  answer_linear (r, out, &linear);
  answer_softmax (r, out, &softmax);
  answer_mlp (r, out, &mlp);
  if (linear && softmax && mlp)
    g_string_append (out, _("So yes: linear and softmax regression can start from one value for every "
                            "weight. They have no hidden units. In linear regression each weight's "
                            "gradient, 2 (ŷ − y) xⱼ, differs from the others' through its own input xⱼ; in "
                            "softmax regression each class's row gets (softmax − one-hot label) x, which "
                            "differs from the other rows' through the labels. So equal weights are pulled "
                            "apart, and as both losses are convex in the weights, every start heads for "
                            "the same minimum. With a hidden layer, units that start equal compute the "
                            "same value, receive the same gradient from the layer above and take the same "
                            "step, forever: they act as one unit, and only a random init breaks that "
                            "symmetry."));
  else
    g_string_append (out, _("These numbers do not all bear out the textbook account (regression from one "
                            "value trains as from random weights; an MLP's equal hidden units stay equal), "
                            "so it is not drawn here: see above what came out."));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

const MlpExerciseReport mlp_exercise_report_same_init = {
  N_("Exercise 3: The same initial value for every weight"),
  N_("Can we initialize all weight parameters in linear regression or in softmax regression to the same value?"),
  describe_run,
  3,
  { "linear", "softmax-weights", "mlp-hidden" },
  figure,
  answer,
};
