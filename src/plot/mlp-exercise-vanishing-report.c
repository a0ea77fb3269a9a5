/* mlp-exercise-vanishing-report.c — Exercise 1's figures and answer; the
 * numbers are those of mlp-exercise-vanishing.h. */
#include "mlp-exercise-report-private.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "mlp-exercise-vanishing.h"

static char *
describe_run (const MlpExerciseConfig *c)
{
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "Trains an MLP with %u hidden layers of %u units twice, from the same seed "
                                       "and data order: with sigmoid (PyTorch's default init) and with ReLU and He "
                                       "init, %u epoch of SGD (lr 0.1, batch 256) on the first %lu"
                                       " training images, recording every layer's gradient norm at every step.",
                                       "Trains an MLP with %u hidden layers of %u units twice, from the same seed "
                                       "and data order: with sigmoid (PyTorch's default init) and with ReLU and He "
                                       "init, %u epochs of SGD (lr 0.1, batch 256) on the first %lu"
                                       " training images, recording every layer's gradient norm at every step.",
                                       c->epochs),
                          MLP_VANISHING_DEPTH, MLP_VANISHING_WIDTH, c->epochs, (gulong) c->limit_train);
}

/* the training loss of both runs per step, and ln(classes) dashed */
static MlpPlot *
loss_figure (const MlpExerciseResult *r)
{
  const MlpVanishingDetails *d = r->details;
  MlpPlot *plot = mlp_plot_new ();
  double ln = mlp_exercise_result_number (r, "ln_classes");
  guint n = MAX (d->n_steps[MLP_VANISHING_SIGMOID], d->n_steps[MLP_VANISHING_RELU]);
  g_autofree double *x = g_new (double, MAX (n, 1));
  g_autofree char *ln_label = g_strdup_printf (_("ln %.0f = %.3f (a uniform guess)"), exp (ln), ln);
  double ends[2] = { 1, n }, lns[2] = { ln, ln };
  guint s;

  for (guint i = 0; i < n; i++)
    x[i] = i + 1;
  mlp_plot_set_labels (plot, _("training loss, 10 hidden layers"), _("step"), "train_loss");
  mlp_plot_add_series (plot, _("sigmoid"), x, d->loss[MLP_VANISHING_SIGMOID], d->n_steps[MLP_VANISHING_SIGMOID]);
  mlp_plot_add_series (plot, _("ReLU, He init"), x, d->loss[MLP_VANISHING_RELU], d->n_steps[MLP_VANISHING_RELU]);
  s = mlp_plot_add_series (plot, ln_label, ends, lns, 2);
  mlp_plot_series_set_style (plot, s, MLP_LINE_DASHED, NULL, 0, MLP_MARKER_NONE);
  return plot;
}

/* one colour scale for both heat maps, from the decade below the smallest
 * norm of either run to the decade above the largest, so that a colour
 * means the same norm in both */
static void
shared_range (const MlpVanishingDetails *d, double *lo, double *hi)
{
  *lo = INFINITY;
  *hi = 0;
  for (guint k = 0; k < MLP_VANISHING_N_RUNS; k++)
    for (gsize i = 0; i < (gsize) d->n_layers * d->n_steps[k]; i++)
      {
        double v = d->grad_norm[k][i];

        if (isfinite (v) && v > 0)
          {
            *lo = MIN (*lo, v);
            *hi = MAX (*hi, v);
          }
      }
  if (*hi > 0)
    {
      *lo = pow (10, floor (log10 (*lo)));
      *hi = pow (10, ceil (log10 (*hi)));
    }
}

/* the gradient norm of each layer (rows, input side first) at each step */
static MlpPlot *
grad_figure (const MlpExerciseResult *r, MlpVanishingRun run)
{
  const MlpVanishingDetails *d = r->details;
  MlpPlot *plot = mlp_plot_new ();
  guint n = d->n_steps[run];
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cols = g_ptr_array_new_with_free_func (g_free);
  double lo, hi;

  for (guint l = 0; l < d->n_layers; l++)
    g_ptr_array_add (rows, l + 1 == d->n_layers ? g_strdup (_("output"))
                                                : g_strdup_printf (_("layer %u"), l + 1));
  g_ptr_array_add (rows, NULL);
  for (guint s = 0; s < n; s++)
    g_ptr_array_add (cols, g_strdup_printf ("%u", s + 1));
  g_ptr_array_add (cols, NULL);
  mlp_plot_set_labels (plot, run == MLP_VANISHING_SIGMOID ? _("‖∂loss/∂W‖ per layer and step: sigmoid")
                                                          : _("‖∂loss/∂W‖ per layer and step: ReLU, He init"),
                       _("step"), NULL);
  mlp_plot_set_heatmap (plot, d->grad_norm[run], d->n_layers, n, (const char *const *) rows->pdata,
                        (const char *const *) cols->pdata);
  mlp_plot_set_heatmap_scale (plot, MLP_AXIS_LOG);
  shared_range (d, &lo, &hi);
  if (hi > 0)
    mlp_plot_set_heatmap_range (plot, lo, hi);
  return plot;
}

static MlpPlot *
figure (const MlpExerciseResult *r, guint i)
{
  if (i == 0)
    return loss_figure (r);
  return grad_figure (r, i == 1 ? MLP_VANISHING_SIGMOID : MLP_VANISHING_RELU);
}

static void
append_loss (GString *s, const MlpExerciseResult *r)
{
  double ln = mlp_exercise_result_number (r, "ln_classes");
  double sig = mlp_exercise_result_number (r, "sigmoid.final_loss");
  double relu = mlp_exercise_result_number (r, "relu.final_loss");

  if (sig > ln - 0.1)
    g_string_append_printf (s, _("The sigmoid network's loss ends at %.3f, no lower than ln %.0f = %.3f, the loss "
                                 "of a uniform guess: it does not learn (val_acc %.3f). "),
                            sig, exp (ln), ln, mlp_exercise_result_number (r, "sigmoid.val_acc"));
  else
    g_string_append_printf (s, _("The sigmoid network's loss went from %.3f to %.3f (ln %.0f = %.3f): it did "
                                 "learn in this run (val_acc %.3f). "),
                            mlp_exercise_result_number (r, "sigmoid.first_loss"), sig, exp (ln), ln,
                            mlp_exercise_result_number (r, "sigmoid.val_acc"));
  if (relu < sig - 0.1)
    g_string_append_printf (s, _("The same network with ReLU and He init falls from %.3f to %.3f in the same steps "
                                 "(val_acc %.3f)."),
                            mlp_exercise_result_number (r, "relu.first_loss"), relu,
                            mlp_exercise_result_number (r, "relu.val_acc"));
  else
    g_string_append_printf (s, _("With ReLU and He init the loss is %.3f, no lower (val_acc %.3f)."), relu,
                            mlp_exercise_result_number (r, "relu.val_acc"));
}

static void
append_gradients (GString *s, const MlpExerciseResult *r)
{
  double sig = mlp_exercise_result_number (r, "sigmoid.grad_ratio");
  double relu = mlp_exercise_result_number (r, "relu.grad_ratio");

  g_string_append_printf (s, _("The heat maps show why. With sigmoid the first layer's gradient is %.2g against "
                               "%.2g at the output (median over the steps), "),
                          mlp_exercise_result_number (r, "sigmoid.grad_first"),
                          mlp_exercise_result_number (r, "sigmoid.grad_last"));
  if (sig < 1e-2)
    g_string_append_printf (s, _("%.0f orders of magnitude smaller: the first layers get almost no update. "),
                            -log10 (sig));
  else
    g_string_append (s, _("not far apart in this run. "));
  g_string_append_printf (s, _("With ReLU and He init the ratio is %.2g: "), relu);
  if (relu > 0.1 && relu < 10)
    g_string_append (s, _("every layer learns at about the same pace."));
  else
    g_string_append (s, _("the layers do not learn at the same pace either."));
}

static char *
answer (const MlpExerciseResult *r)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, _("sigmoid′(x) = sigmoid(x)(1 − sigmoid(x)) is %.2g at x = 10 and %.2g at x = −10 "
                               "(from backward()): a saturated unit passes on almost none of the gradient, and "
                               "backpropagation multiplies one such factor per layer."),
                          mlp_exercise_result_number (r, "sigmoid_grad_at_10"),
                          mlp_exercise_result_number (r, "sigmoid_grad_at_minus_10"));
  g_string_append (s, "\n\n");
  append_loss (s, r);
  g_string_append (s, "\n\n");
  append_gradients (s, r);
  return g_string_free (s, FALSE);
}

const MlpExerciseReport mlp_exercise_report_vanishing = {
  N_("Exercise 1: Vanishing gradients"),
  N_("Provide an example where the gradients vanish for the sigmoid activation function."),
  describe_run,
  3,
  { "loss", "grad-norms-sigmoid", "grad-norms-relu" },
  figure,
  answer,
};
