/* mlp-exercise-dropout-test-report.c — NOT YET BUILT: placeholder until its
 * implementation lands (this file is replaced, not extended). */
#include "mlp-exercise-report-private.h"

#include <glib/gi18n-lib.h>

static char *
describe_run (const MlpExerciseConfig *c)
{
  return g_strdup ("");
}

static MlpPlot *
figure (const MlpExerciseResult *r, guint i)
{
  return mlp_plot_new ();
}

static char *
answer (const MlpExerciseResult *r)
{
  return g_strdup ("");
}

const MlpExerciseReport mlp_exercise_report_dropout_test = {
  N_("Exercise 4: Dropout at test time"),
  N_("Why is dropout not typically used at test time?"),
  describe_run,
  0,
  { NULL },
  figure,
  answer,
};
