/* mlp-exercise-single-unit-report.c — NOT YET BUILT: placeholder until its
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

const MlpExerciseReport mlp_exercise_report_single_unit = {
  N_("Exercise 2: A hidden layer with a single neuron"),
  N_("Why is it a bad idea to insert a hidden layer with a single neuron? What could go wrong?"),
  describe_run,
  0,
  { NULL },
  figure,
  answer,
};
