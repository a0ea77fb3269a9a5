/* mlp-exercise-page.h — one of the Exercises sections: the chapter's
 * question, one seeded Run of its experiment on the worker (mlp-exercise.h,
 * the same run as `mlplab-cli exercise N`), its figures and the answer
 * paragraph written from the run's numbers (mlp-exercise-report.h). */
#pragma once

#include <gtk/gtk.h>

#include "mlp-exercise.h"
#include "mlp-section-page.h"

G_BEGIN_DECLS

#define MLP_TYPE_EXERCISE_PAGE (mlp_exercise_page_get_type ())
G_DECLARE_FINAL_TYPE (MlpExercisePage, mlp_exercise_page, MLP, EXERCISE_PAGE, MlpSectionPage)

GtkWidget   *mlp_exercise_page_new        (MlpExerciseId id, MlpWorker *worker, MlpDataCache *cache,
                                           const char *data_dir);
MlpExerciseId mlp_exercise_page_get_exercise (MlpExercisePage *self);
/* the settings on screen, as the Run would use them */
void         mlp_exercise_page_get_config (MlpExercisePage *self, MlpExerciseConfig *config);
/* the last run's result, or NULL before one finished; (transfer none) */
const MlpExerciseResult *mlp_exercise_page_get_result (MlpExercisePage *self);
/* the answer shown ("" before a run); (transfer none) */
const char  *mlp_exercise_page_get_answer (MlpExercisePage *self);
/* figure i of the page (there are mlp_exercise_n_figures of them); (transfer none) */
MlpPlotView *mlp_exercise_page_get_view   (MlpExercisePage *self, guint i);

G_END_DECLS
