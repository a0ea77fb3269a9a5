/* mlp-exercise-same-init-report.c — NOT YET BUILT: placeholder until its
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

const MlpExerciseReport mlp_exercise_report_same_init = {
  N_("Exercise 3: The same initial value for every weight"),
  N_("Can we initialize all weight parameters in linear regression or in softmax regression to the same value?"),
  describe_run,
  0,
  { NULL },
  figure,
  answer,
};
