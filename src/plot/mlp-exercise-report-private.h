/* mlp-exercise-report-private.h — one report per exercise, each in its own
 * file (mlp-exercise-vanishing-report.c …); mlp-exercise-report.c picks the
 * one of a result's exercise. */
#pragma once

#include "mlp-exercise-report.h"

G_BEGIN_DECLS

#define MLP_EXERCISE_MAX_FIGURES 6

typedef struct {
  const char  *title;                                /* N_() */
  const char  *question;                             /* N_(), the chapter's words */
  char      *(*describe_run) (const MlpExerciseConfig *config);
  guint        n_figures;
  const char  *figure_names[MLP_EXERCISE_MAX_FIGURES];
  MlpPlot   *(*figure)       (const MlpExerciseResult *r, guint i);
  char      *(*answer)       (const MlpExerciseResult *r);
} MlpExerciseReport;

extern const MlpExerciseReport mlp_exercise_report_vanishing;
extern const MlpExerciseReport mlp_exercise_report_single_unit;
extern const MlpExerciseReport mlp_exercise_report_same_init;
extern const MlpExerciseReport mlp_exercise_report_dropout_test;
extern const MlpExerciseReport mlp_exercise_report_prelu;

G_END_DECLS
