/* mlp-exercise-prelu-report.c — NOT YET BUILT: placeholder until its
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

const MlpExerciseReport mlp_exercise_report_prelu = {
  N_("Your turn: pReLU's slope is learned"),
  N_("PReLU is a variant of ReLU that allows the slope of the negative part to be learned during training. What slope does training find?"),
  describe_run,
  0,
  { NULL },
  figure,
  answer,
};
