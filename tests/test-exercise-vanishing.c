/* test-exercise-vanishing.c — Exercise 1 (mlp-exercise-vanishing.h) on small
 * blobs: the sigmoid net's gradients vanish towards the input and its loss
 * stays at ln(classes) while ReLU with He init learns; the numbers, the JSON,
 * the figures (a heat map on a log colour scale) and the answer. */
#include <math.h>
#include <string.h>

#include "mlp-error.h"
#include "mlp-exercise-report.h"
#include "mlp-exercise-vanishing.h"
#include "mlp-json-reader.h"
#include "test-blobs.h"

static MlpExerciseResult *
run_small (MlpDataset *ds, gboolean (*stop) (gpointer), GError **error)
{
  MlpExerciseConfig c;

  mlp_exercise_config_init (&c);
  c.seed = 3;
  c.epochs = 2;
  c.limit_train = 2560;
  c.limit_val = 200;
  c.should_stop = stop;
  return mlp_exercise_run (MLP_EXERCISE_VANISHING, &c, ds, ds, error);
}

static void
test_numbers (void)
{
  static const char *const keys[] = {
    "sigmoid_grad_at_10", "sigmoid_grad_at_minus_10", "ln_classes", "steps",
    "sigmoid.first_loss", "sigmoid.final_loss", "sigmoid.val_acc", "sigmoid.grad_first", "sigmoid.grad_last",
    "sigmoid.grad_ratio", "relu.first_loss", "relu.final_loss", "relu.val_acc", "relu.grad_first",
    "relu.grad_last", "relu.grad_ratio",
  };
  g_autoptr(MlpDataset) ds = test_blobs_new (2560, 4, 3, 7);
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpExerciseResult) r = run_small (ds, NULL, &error);
  const MlpVanishingDetails *d;
  double s;

  g_assert_no_error (error);
  g_assert_cmpuint (r->numbers->len, ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_cmpstr (g_array_index (r->numbers, MlpExerciseNumber, i).key, ==, keys[i]);
  /* sigmoid'(10) = σ(10)(1 − σ(10)) = 4.5396e-5 */
  s = 1 / (1 + exp (-10.0));
  g_assert_cmpfloat_with_epsilon (mlp_exercise_result_number (r, "sigmoid_grad_at_10"), s * (1 - s), 1e-7);
  g_assert_cmpfloat_with_epsilon (mlp_exercise_result_number (r, "sigmoid_grad_at_minus_10"), s * (1 - s), 1e-7);
  g_assert_cmpfloat (mlp_exercise_result_number (r, "ln_classes"), ==, log (3.0));
  /* 2560 images in batches of 256: 10 steps an epoch */
  g_assert_cmpfloat (mlp_exercise_result_number (r, "steps"), ==, 20);
  d = r->details;
  g_assert_cmpuint (d->n_layers, ==, MLP_VANISHING_DEPTH + 1);
  g_assert_cmpuint (d->n_steps[MLP_VANISHING_RELU], ==, 20);
  /* the sigmoid net: the first layer's gradient orders of magnitude below the
   * output layer's, and no learning; ReLU + He: layers alike, and it learns */
  g_assert_cmpfloat (mlp_exercise_result_number (r, "sigmoid.grad_ratio"), <, 1e-4);
  g_assert_cmpfloat (mlp_exercise_result_number (r, "relu.grad_ratio"), >, 1e-2);
  /* no better than a uniform guess (on these few steps its loss bounces
   * around ln 3, on Fashion-MNIST it lies flat on ln 10) */
  g_assert_cmpfloat (mlp_exercise_result_number (r, "sigmoid.final_loss"), >, log (3.0) - 0.1);
  g_assert_cmpfloat (mlp_exercise_result_number (r, "relu.final_loss"), <,
                     mlp_exercise_result_number (r, "sigmoid.final_loss") - 0.3);
  for (guint l = 0; l + 1 < d->n_layers; l++)   /* it vanishes layer by layer */
    g_assert_cmpfloat (d->grad_norm[MLP_VANISHING_SIGMOID][l * 20], <,
                       d->grad_norm[MLP_VANISHING_SIGMOID][(l + 1) * 20]);
}

static void
test_deterministic (void)
{
  g_autoptr(MlpDataset) ds = test_blobs_new (400, 4, 3, 8);
  g_autoptr(MlpExerciseResult) a = run_small (ds, NULL, NULL);
  g_autoptr(MlpExerciseResult) b = run_small (ds, NULL, NULL);
  const MlpVanishingDetails *da = a->details, *db = b->details;

  for (guint i = 0; i < a->numbers->len; i++)
    g_assert_cmpfloat (g_array_index (a->numbers, MlpExerciseNumber, i).value, ==,
                       g_array_index (b->numbers, MlpExerciseNumber, i).value);
  g_assert_cmpmem (da->grad_norm[1], da->n_layers * da->n_steps[1] * sizeof (double),
                   db->grad_norm[1], db->n_layers * db->n_steps[1] * sizeof (double));
}

static gboolean
stop_now (gpointer data)
{
  return TRUE;
}

static void
test_cancel (void)
{
  g_autoptr(MlpDataset) ds = test_blobs_new (300, 4, 3, 8);
  g_autoptr(GError) error = NULL;

  g_assert_null (run_small (ds, stop_now, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_CANCELLED);
}

static void
test_json (void)
{
  g_autoptr(MlpDataset) ds = test_blobs_new (300, 4, 3, 8);
  g_autoptr(MlpExerciseResult) r = run_small (ds, NULL, NULL);
  g_autoptr(MlpJsonWriter) w = mlp_json_writer_new (MLP_JSON_PRETTY);
  g_autoptr(GString) text = NULL;
  g_autoptr(GVariant) doc = NULL, details = NULL, relu = NULL, norms = NULL;
  g_autoptr(GError) error = NULL;

  mlp_json_writer_begin_object (w);
  mlp_exercise_result_write_json (r, w);
  mlp_json_writer_end_object (w);
  text = mlp_json_writer_steal_string (w);
  doc = mlp_json_parse (text->str, -1, "ex1.json", &error);
  g_assert_no_error (error);
  details = g_variant_lookup_value (doc, "details", G_VARIANT_TYPE_VARDICT);
  relu = g_variant_lookup_value (details, "relu", G_VARIANT_TYPE_VARDICT);
  g_assert_nonnull (relu);
  norms = g_variant_lookup_value (relu, "grad_norm", G_VARIANT_TYPE ("av"));
  g_assert_cmpuint (g_variant_n_children (norms), ==, MLP_VANISHING_DEPTH + 1);
}

/* the red channel (0 … 1) of the middle cell of a 1 × 3 heat map, away
 * from its number; checks the colour bar's room on a log scale */
static double
middle_red (MlpPlot *plot, gboolean log_scale)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600, 300);
  cairo_t *cr = cairo_create (surface);
  double x, y, w, h, red;
  guint32 pixel;

  mlp_plot_render (plot, cr, 600, 300, mlp_plot_style_light ());
  cairo_surface_flush (surface);
  mlp_plot_get_area (plot, &x, &y, &w, &h);
  pixel = ((guint32 *) (gpointer) cairo_image_surface_get_data (surface))
          [(int) (y + h * 0.15) * (cairo_image_surface_get_stride (surface) / 4) + (int) (x + w / 2)];
  red = ((pixel >> 16) & 0xff) / 255.0;
  if (log_scale)   /* the colour bar takes room on the right */
    g_assert_cmpfloat (x + w, <, 560);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return red;
}

/* the heat map's log colour scale: 1e-6, 1e-3 and 1 get the lightest, the
 * middle and the darkest blue; on the linear scale 1e-3 is next to white;
 * with the range fixed to [1e-9, 1e-3], 1e-3 is the darkest */
static void
test_log_heatmap (void)
{
  const double values[3] = { 1e-6, 1e-3, 1 };
  double mid[3];

  for (guint k = 0; k < 3; k++)
    {
      g_autoptr(MlpPlot) plot = mlp_plot_new ();

      mlp_plot_set_heatmap (plot, values, 1, 3, NULL, NULL);
      mlp_plot_set_heatmap_scale (plot, k ? MLP_AXIS_LOG : MLP_AXIS_LINEAR);
      if (k == 2)
        mlp_plot_set_heatmap_range (plot, 1e-9, 1e-3);
      mid[k] = middle_red (plot, k > 0);
    }
  /* 'Blues' red channel: 0xf7 at 0, 0x08 at 1 */
  g_assert_cmpfloat (mid[0], >, 0.9);
  g_assert_cmpfloat (fabs (mid[1] - (0xf7 + (0x08 - 0xf7) * 0.5) / 255.0), <, 0.03);
  g_assert_cmpfloat (fabs (mid[2] - 0x08 / 255.0), <, 0.03);
}

static void
test_report (void)
{
  g_autoptr(MlpDataset) ds = test_blobs_new (2560, 4, 3, 7);
  g_autoptr(MlpExerciseResult) r = run_small (ds, NULL, NULL);
  g_autofree char *answer = NULL;
  guint rows, cols;

  g_assert_cmpuint (mlp_exercise_n_figures (MLP_EXERCISE_VANISHING), ==, 3);
  {
    g_autoptr(MlpPlot) loss = mlp_exercise_figure (r, 0);
    g_autoptr(MlpPlot) grads = mlp_exercise_figure (r, 1);

    g_assert_cmpuint (mlp_plot_get_n_series (loss), ==, 3);
    g_assert_nonnull (mlp_plot_get_heatmap (grads, &rows, &cols));
    g_assert_cmpuint (rows, ==, MLP_VANISHING_DEPTH + 1);
    g_assert_cmpuint (cols, ==, 20);
  }
  answer = mlp_exercise_answer (r);
  g_assert_nonnull (strstr (answer, "4.5e-05"));
  g_assert_nonnull (strstr (answer, "it does not learn"));
  g_assert_nonnull (strstr (answer, "orders of magnitude smaller"));
  /* numbers the other way round give the other sentences */
  for (guint i = 0; i < r->numbers->len; i++)
    {
      MlpExerciseNumber *n = &g_array_index (r->numbers, MlpExerciseNumber, i);

      if (strcmp (n->key, "sigmoid.final_loss") == 0)
        n->value = 0.2;
      if (strcmp (n->key, "sigmoid.grad_ratio") == 0)
        n->value = 0.5;
    }
  g_free (answer);
  answer = mlp_exercise_answer (r);
  g_assert_nonnull (strstr (answer, "it did learn in this run"));
  g_assert_nonnull (strstr (answer, "not far apart in this run"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/exercise-vanishing/numbers", test_numbers);
  g_test_add_func ("/exercise-vanishing/deterministic", test_deterministic);
  g_test_add_func ("/exercise-vanishing/cancel", test_cancel);
  g_test_add_func ("/exercise-vanishing/json", test_json);
  g_test_add_func ("/exercise-vanishing/log-heatmap", test_log_heatmap);
  g_test_add_func ("/exercise-vanishing/report", test_report);
  return g_test_run ();
}
