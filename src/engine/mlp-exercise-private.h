/* mlp-exercise-private.h — what mlp-exercise.c dispatches to: one run
 * function per exercise, each in its own file (mlp-exercise-vanishing.c …).
 * A run function gets the config with every default filled in, adds the
 * exercise's numbers to r in a fixed order and sets its details. */
#pragma once

#include "mlp-exercise.h"
#include "mlp-trainer.h"

G_BEGIN_DECLS

typedef gboolean (*MlpExerciseRunFunc) (const MlpExerciseConfig *c, const MlpDataset *train,
                                        const MlpDataset *val, MlpExerciseResult *r,
                                        GError **error);

gboolean mlp_exercise_vanishing_run    (const MlpExerciseConfig *c, const MlpDataset *train,
                                        const MlpDataset *val, MlpExerciseResult *r, GError **error);
gboolean mlp_exercise_single_unit_run  (const MlpExerciseConfig *c, const MlpDataset *train,
                                        const MlpDataset *val, MlpExerciseResult *r, GError **error);
gboolean mlp_exercise_same_init_run    (const MlpExerciseConfig *c, const MlpDataset *train,
                                        const MlpDataset *val, MlpExerciseResult *r, GError **error);
gboolean mlp_exercise_dropout_test_run (const MlpExerciseConfig *c, const MlpDataset *train,
                                        const MlpDataset *val, MlpExerciseResult *r, GError **error);
gboolean mlp_exercise_prelu_run        (const MlpExerciseConfig *c, const MlpDataset *train,
                                        const MlpDataset *val, MlpExerciseResult *r, GError **error);

/* the chapter's trainer settings (lr 0.1, batch 256) with the exercise's
 * epochs, seed and limits */
void     mlp_exercise_train_config     (const MlpExerciseConfig *c, MlpTrainConfig *tc);

/* the trainer's callbacks for one training run inside an exercise: progress
 * mapped into [lo, hi], the exercise's cancel hook; what names the run */
typedef struct {
  const MlpExerciseConfig *config;
  double                   lo, hi;
  guint                    epochs;   /* of this run, for the fraction done */
  const char              *what;
} MlpExerciseTrainHooks;

/* fills cb (batch_done, should_stop) to report through hooks */
void     mlp_exercise_train_callbacks  (MlpExerciseTrainHooks *hooks, MlpTrainerCallbacks *cb);

G_END_DECLS
