/* mlp-exercise-report.h — what an exercise's page and `mlplab-cli exercise`
 * show of a result (mlp-exercise.h): the question in the chapter's words, the
 * figures, and the answer paragraph whose numbers come from the result.
 *
 *   g_autoptr(MlpExerciseResult) r = mlp_exercise_run (id, &config, train, val, &error);
 *   for (guint i = 0; i < mlp_exercise_n_figures (id); i++)
 *     {
 *       g_autoptr(MlpPlot) plot = mlp_exercise_figure (r, i);
 *       …  // exported as "<exercise>-<figure name>.png" by the CLI
 *     }
 *   g_autofree char *answer = mlp_exercise_answer (r);
 *
 * The answer never states a canned claim: each sentence is chosen by the
 * numbers (when they come out otherwise, the sentence says so).  Titles,
 * questions and answers are translated; the figures' axis names follow the
 * notebook's.
 */
#pragma once

#include <glib.h>

#include "mlp-exercise.h"
#include "mlp-plot.h"

G_BEGIN_DECLS

/* "Exercise 1: Vanishing gradients"; translated */
const char *mlp_exercise_title        (MlpExerciseId id);
/* "Ex. 1: Vanishing gradients", for a list of sections; translated */
const char *mlp_exercise_short_title  (MlpExerciseId id);
/* the chapter's question, "Provide an example where the gradients vanish for
 * the sigmoid activation function."; translated */
const char *mlp_exercise_question     (MlpExerciseId id);
/* what one Run does, a sentence or two (the models, the data, the epochs of
 * the resolved config); (transfer full), translated */
char       *mlp_exercise_describe_run (MlpExerciseId id, const MlpExerciseConfig *config);
guint       mlp_exercise_n_figures    (MlpExerciseId id);
/* the figure's name in file names and --figure, "loss", "grad-norms" */
const char *mlp_exercise_figure_name  (MlpExerciseId id, guint i);
/* figure i of the result; (transfer full) */
MlpPlot    *mlp_exercise_figure       (const MlpExerciseResult *r, guint i);
/* the answer paragraph(s), the numbers filled in; (transfer full) */
char       *mlp_exercise_answer       (const MlpExerciseResult *r);

G_END_DECLS
