/* test-exercises.c — the exercises' common frame (mlp-exercise.h): names,
 * defaults, refusals and the JSON of a result.  Each exercise has its own
 * tests (test-exercise-*.c). */
#include <math.h>
#include <string.h>

#include "mlp-error.h"
#include "mlp-exercise.h"
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

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/exercises/names", test_names);
  g_test_add_func ("/exercises/defaults", test_defaults);
  g_test_add_func ("/exercises/refusals", test_refusals);
  return g_test_run ();
}
