/* test-exercises.c — the exercises' common frame (mlp-exercise.h): names,
 * defaults, refusals and the JSON of a result.  Each exercise has its own
 * tests (test-exercise-*.c). */
#include <math.h>
#include <string.h>

#include "mlp-error.h"
#include "mlp-exercise.h"
#include "mlp-exercise-dropout-test.h"
#include "mlp-exercise-report.h"
#include "mlp-json-reader.h"
#include "test-blobs.h"

static void
test_names (void)
{
  g_autoptr(GError) error = NULL;
  MlpExerciseId id;

  g_assert_true (mlp_exercise_from_string ("1", &id, NULL));
  g_assert_cmpint (id, ==, MLP_EXERCISE_VANISHING);
  g_assert_true (mlp_exercise_from_string ("4", &id, NULL));
  g_assert_cmpint (id, ==, MLP_EXERCISE_DROPOUT_TEST);
  g_assert_true (mlp_exercise_from_string ("prelu", &id, NULL));
  g_assert_cmpint (id, ==, MLP_EXERCISE_PRELU);
  for (id = MLP_EXERCISE_FIRST; id <= MLP_EXERCISE_LAST; id++)
    {
      MlpExerciseId back;

      g_assert_true (mlp_exercise_from_string (mlp_exercise_to_string (id), &back, NULL));
      g_assert_cmpint (back, ==, id);
    }
  g_assert_false (mlp_exercise_from_string ("6", &id, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "'6'"));
  g_clear_error (&error);
  g_assert_false (mlp_exercise_from_string ("0", &id, &error));
  g_clear_error (&error);
  g_assert_false (mlp_exercise_from_string (NULL, &id, &error));
}

static void
test_defaults (void)
{
  MlpExerciseConfig c, r;

  mlp_exercise_config_init (&c);
  g_assert_cmpuint (c.seed, ==, 1);
  mlp_exercise_config_resolve (MLP_EXERCISE_VANISHING, &c, &r);
  g_assert_cmpuint (r.epochs, ==, 1);
  g_assert_cmpuint (r.limit_train, >, 0);
  mlp_exercise_config_resolve (MLP_EXERCISE_SINGLE_UNIT, &c, &r);
  g_assert_cmpuint (r.n_seeds, ==, 5);
  mlp_exercise_config_resolve (MLP_EXERCISE_DROPOUT_TEST, &c, &r);
  g_assert_cmpuint (r.n_passes, ==, 100);
  /* what the caller set stays */
  c.epochs = 7;
  c.n_passes = 3;
  mlp_exercise_config_resolve (MLP_EXERCISE_DROPOUT_TEST, &c, &r);
  g_assert_cmpuint (r.epochs, ==, 7);
  g_assert_cmpuint (r.n_passes, ==, 3);
}

static void
test_refusals (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpDataset) ds = test_blobs_new (32, 4, 3, 1);
  MlpExerciseConfig c;

  mlp_exercise_config_init (&c);
  /* no data where the exercise needs it */
  g_assert_null (mlp_exercise_run (MLP_EXERCISE_VANISHING, &c, NULL, NULL, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "dataset-fashion-mnist"));
  g_clear_error (&error);
  /* settings out of range */
  c.epochs = 5000;
  g_assert_null (mlp_exercise_run (MLP_EXERCISE_DROPOUT_TEST, &c, ds, ds, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  c.epochs = 1;
  c.n_passes = 20000;
  g_assert_null (mlp_exercise_run (MLP_EXERCISE_DROPOUT_TEST, &c, ds, ds, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
}

/* Exercise 4 on blobs: a DropoutMLP trained here, 8 passes */
static MlpExerciseResult *
run_dropout_test (const MlpDataset *ds, MlpExerciseConfig *c, GError **error)
{
  mlp_exercise_config_init (c);
  c->epochs = 2;
  c->n_passes = 8;
  c->seed = 4;
  return mlp_exercise_run (MLP_EXERCISE_DROPOUT_TEST, c, ds, ds, error);
}

static void
test_dropout_test (void)
{
  g_autoptr(MlpDataset) ds = test_blobs_new (300, 4, 3, 2);
  g_autoptr(GError) error = NULL;
  MlpExerciseConfig c;
  g_autoptr(MlpExerciseResult) r = run_dropout_test (ds, &c, &error);
  g_autoptr(MlpExerciseResult) again = run_dropout_test (ds, &c, &error);
  const MlpDropoutTestDetails *d;

  g_assert_no_error (error);
  g_assert_true (r->trained_model);
  g_assert_cmpfloat (mlp_exercise_result_number (r, "passes"), ==, 8);
  g_assert_cmpfloat (mlp_exercise_result_number (r, "images"), ==, 300);
  /* the blobs are easy: eval mode learns them; no pass beats the best pass */
  g_assert_cmpfloat (mlp_exercise_result_number (r, "eval_acc"), >, 0.9);
  g_assert_cmpfloat (mlp_exercise_result_number (r, "pass_acc_max"), >=,
                     mlp_exercise_result_number (r, "pass_acc_mean"));
  /* averaging passes gets closer to eval mode, and the noise part falls */
  g_assert_cmpfloat (mlp_exercise_result_number (r, "distance_last"), <,
                     mlp_exercise_result_number (r, "distance_first"));
  g_assert_cmpfloat (mlp_exercise_result_number (r, "gap"), ==,
                     mlp_exercise_result_number (r, "distance_last"));
  g_assert_cmpfloat (mlp_exercise_result_number (r, "noise_slope"), <, 0);
  d = r->details;
  g_assert_cmpuint (d->passes->n_tracked, ==, MLP_DROPOUT_TEST_TRACKED);
  g_assert_cmpfloat (d->p1, ==, 0.5f);
  for (guint t = 0; t < d->passes->n_tracked; t++)
    for (guint k = 0; k < 8; k++)
      {
        double p = d->passes->tracked_prob[t * 8 + k];

        g_assert_true (p >= 0 && p <= 1);
      }
  /* seeded: the same numbers again */
  g_assert_cmpuint (r->numbers->len, ==, again->numbers->len);
  for (guint i = 0; i < r->numbers->len; i++)
    {
      MlpExerciseNumber *a = &g_array_index (r->numbers, MlpExerciseNumber, i);
      MlpExerciseNumber *b = &g_array_index (again->numbers, MlpExerciseNumber, i);

      g_assert_cmpstr (a->key, ==, b->key);
      g_assert_true (a->value == b->value || (isnan (a->value) && isnan (b->value)));
    }
}

static gboolean
stop_now (gpointer user_data)
{
  return TRUE;
}

static void
test_dropout_test_stop (void)
{
  g_autoptr(MlpDataset) ds = test_blobs_new (64, 4, 3, 2);
  g_autoptr(GError) error = NULL;
  MlpExerciseConfig c;

  mlp_exercise_config_init (&c);
  c.should_stop = stop_now;
  g_assert_null (mlp_exercise_run (MLP_EXERCISE_DROPOUT_TEST, &c, ds, ds, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_CANCELLED);
}

/* a model without dropout cannot answer Exercise 4 */
static void
test_dropout_test_no_dropout (void)
{
  g_autoptr(MlpDataset) ds = test_blobs_new (64, 4, 3, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpModel) model = NULL;
  MlpModelConfig mc;
  MlpExerciseConfig c;

  mlp_model_config_init (&mc, MLP_MODEL_MLP);
  mc.num_inputs = 16;
  mc.num_outputs = 3;
  model = mlp_model_new (&mc, &error);
  g_assert_no_error (error);
  mlp_exercise_config_init (&c);
  c.model = model;
  g_assert_null (mlp_exercise_run (MLP_EXERCISE_DROPOUT_TEST, &c, ds, ds, &error));
  g_assert_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT);
}

static void
test_dropout_test_report (void)
{
  g_autoptr(MlpDataset) ds = test_blobs_new (300, 4, 3, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpJsonWriter) w = mlp_json_writer_new (MLP_JSON_PRETTY);
  g_autoptr(GString) json = NULL;
  g_autoptr(GVariant) doc = NULL;
  g_autoptr(GVariant) details = NULL;
  g_autofree char *answer = NULL, *eval = NULL;
  MlpExerciseConfig c;
  g_autoptr(MlpExerciseResult) r = run_dropout_test (ds, &c, &error);
  double v;

  g_assert_no_error (error);
  g_assert_cmpuint (mlp_exercise_n_figures (MLP_EXERCISE_DROPOUT_TEST), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(MlpPlot) plot = mlp_exercise_figure (r, i);

      g_assert_cmpuint (mlp_plot_get_n_series (plot), >=, 2);
    }
  answer = mlp_exercise_answer (r);
  eval = g_strdup_printf ("%.4f", mlp_exercise_result_number (r, "eval_acc"));
  g_assert_nonnull (strstr (answer, eval));
  /* the sentences follow the numbers: a run where no prediction changed says so */
  g_array_index (r->numbers, MlpExerciseNumber, 6).value = 0;
  g_assert_cmpstr (g_array_index (r->numbers, MlpExerciseNumber, 6).key, ==, "changed");
  g_free (answer);
  answer = mlp_exercise_answer (r);
  g_assert_nonnull (strstr (answer, "No image changed"));

  mlp_json_writer_begin_object (w);
  mlp_exercise_result_write_json (r, w);
  mlp_json_writer_end_object (w);
  json = mlp_json_writer_steal_string (w);
  doc = mlp_json_parse (json->str, -1, "exercise.json", &error);
  g_assert_no_error (error);
  g_assert_true (g_variant_lookup (doc, "exercise", "d", &v));
  g_assert_cmpfloat (v, ==, 4);
  details = g_variant_lookup_value (doc, "details", G_VARIANT_TYPE_VARDICT);
  g_assert_nonnull (details);
  g_assert_true (g_variant_lookup (details, "dropout_1", "d", &v));
  g_assert_cmpfloat (v, ==, 0.5);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/exercises/names", test_names);
  g_test_add_func ("/exercises/defaults", test_defaults);
  g_test_add_func ("/exercises/refusals", test_refusals);
  g_test_add_func ("/exercises/dropout-test", test_dropout_test);
  g_test_add_func ("/exercises/dropout-test/stop", test_dropout_test_stop);
  g_test_add_func ("/exercises/dropout-test/no-dropout", test_dropout_test_no_dropout);
  g_test_add_func ("/exercises/dropout-test/report", test_dropout_test_report);
  return g_test_run ();
}
