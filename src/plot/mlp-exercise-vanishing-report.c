/* mlp-exercise-vanishing-report.c — NOT YET BUILT: placeholder until its
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

const MlpExerciseReport mlp_exercise_report_vanishing = {
  N_("Exercise 1: Vanishing gradients"),
  N_("Provide an example where the gradients vanish for the sigmoid activation function."),
  describe_run,
  0,
  { NULL },
  figure,
  answer,
};
