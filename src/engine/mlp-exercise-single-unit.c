/* mlp-exercise-single-unit.c — NOT YET BUILT: placeholder until its
 * implementation lands (this file is replaced, not extended). */
#include "mlp-exercise-private.h"

#include "mlp-error.h"

gboolean
mlp_exercise_single_unit_run (const MlpExerciseConfig *c, const MlpDataset *train,
                             const MlpDataset *val, MlpExerciseResult *r, GError **error)
{
  g_set_error (error, MLP_ERROR, MLP_ERROR_FAILED, "exercise 'single-unit' is not built yet");
  return FALSE;
}
