/* mlp-exercise-report.c — see mlp-exercise-report.h: the report of each
 * exercise, by its id. */
#include "mlp-exercise-report-private.h"

#include <glib/gi18n-lib.h>

static const MlpExerciseReport *
report (MlpExerciseId id)
{
  static const MlpExerciseReport *const reports[] = {
    &mlp_exercise_report_vanishing,
    &mlp_exercise_report_single_unit,
    &mlp_exercise_report_same_init,
    &mlp_exercise_report_dropout_test,
    &mlp_exercise_report_prelu,
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (reports) == MLP_EXERCISE_LAST);
  g_return_val_if_fail (id >= MLP_EXERCISE_FIRST && id <= MLP_EXERCISE_LAST, NULL);
  return reports[id - 1];
}

const char *
mlp_exercise_title (MlpExerciseId id)
{
  const MlpExerciseReport *rep = report (id);

  return rep ? _(rep->title) : NULL;
}

const char *
mlp_exercise_short_title (MlpExerciseId id)
{
  static const char *const titles[] = {
    N_("Ex. 1: Vanishing gradients"),
    N_("Ex. 2: A single hidden neuron"),
    N_("Ex. 3: The same initial weights"),
    N_("Ex. 4: Dropout at test time"),
    N_("Your turn: the learned pReLU"),
  };

  G_STATIC_ASSERT (G_N_ELEMENTS (titles) == MLP_EXERCISE_LAST);
  g_return_val_if_fail (id >= MLP_EXERCISE_FIRST && id <= MLP_EXERCISE_LAST, NULL);
  return _(titles[id - 1]);
}

const char *
mlp_exercise_question (MlpExerciseId id)
{
  const MlpExerciseReport *rep = report (id);

  return rep ? _(rep->question) : NULL;
}

char *
mlp_exercise_describe_run (MlpExerciseId id, const MlpExerciseConfig *config)
{
  const MlpExerciseReport *rep = report (id);
  MlpExerciseConfig c;

  if (rep == NULL)
    return NULL;
  mlp_exercise_config_resolve (id, config, &c);
  return rep->describe_run (&c);
}

guint
mlp_exercise_n_figures (MlpExerciseId id)
{
  const MlpExerciseReport *rep = report (id);

  return rep ? rep->n_figures : 0;
}

const char *
mlp_exercise_figure_name (MlpExerciseId id, guint i)
{
  const MlpExerciseReport *rep = report (id);

  g_return_val_if_fail (rep != NULL && i < rep->n_figures, NULL);
  return rep->figure_names[i];
}

MlpPlot *
mlp_exercise_figure (const MlpExerciseResult *r, guint i)
{
  const MlpExerciseReport *rep = report (r->id);

  g_return_val_if_fail (rep != NULL && i < rep->n_figures, NULL);
  return rep->figure (r, i);
}

char *
mlp_exercise_answer (const MlpExerciseResult *r)
{
  const MlpExerciseReport *rep = report (r->id);

  return rep ? rep->answer (r) : NULL;
}
