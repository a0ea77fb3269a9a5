/* mlp-exercise.h — the chapter's exercises as experiments.
 *
 *   MlpExerciseConfig c;
 *   mlp_exercise_config_init (&c);
 *   c.seed = 3;
 *   g_autoptr(MlpExerciseResult) r =
 *       mlp_exercise_run (MLP_EXERCISE_VANISHING, &c, train, val, &error);
 *   double loss;
 *   mlp_exercise_result_get_number (r, "sigmoid.final_loss", &loss);
 *
 * One run computes everything an exercise shows: its numbers (named,
 * ordered; what `mlplab-cli exercise N` prints and what the answer paragraph
 * quotes) and its details (the curves, heat maps and histograms its figures
 * draw, a struct of the exercise's own, declared in its header).  The GUI's
 * Exercises pages and the CLI both call mlp_exercise_run on the same
 * settings, so they show the same numbers; the figures and the answer text
 * are built from a result by the plot layer (mlp-exercise-report.h).
 *
 *   1  vanishing    Ex.1: a 10-layer sigmoid MLP against ReLU with He init
 *   2  single-unit  Ex.2: a hidden layer with a single neuron
 *   3  same-init    Ex.3: one value for every weight, linear and softmax
 *                   regression against an MLP
 *   4  dropout-test Ex.4: why dropout is not used at test time
 *   5  prelu        YOUR TURN: pReLU's slope is learned
 *
 * Everything is seeded: the same config gives the same numbers, bit for bit,
 * on the same machine.
 */
#pragma once

#include <glib.h>

#include "mlp-dataset.h"
#include "mlp-json-writer.h"
#include "mlp-models.h"

G_BEGIN_DECLS

typedef enum {
  MLP_EXERCISE_VANISHING = 1,
  MLP_EXERCISE_SINGLE_UNIT,
  MLP_EXERCISE_SAME_INIT,
  MLP_EXERCISE_DROPOUT_TEST,
  MLP_EXERCISE_PRELU,
} MlpExerciseId;

#define MLP_EXERCISE_FIRST MLP_EXERCISE_VANISHING
#define MLP_EXERCISE_LAST  MLP_EXERCISE_PRELU

typedef struct {
  guint64    seed;          /* 1: the initial weights and the data order */
  gsize      limit_train;   /* training images used; 0: the exercise's default */
  gsize      limit_val;     /* validation images used; 0: the exercise's default */
  guint      epochs;        /* 0: the exercise's default */
  guint      n_seeds;       /* Ex.2: seeds per model (0: 5) */
  guint      n_passes;      /* Ex.4: stochastic passes (0: 100) */
  /* Ex.4: a trained model with dropout to evaluate (borrowed, may be NULL:
   * the exercise trains the chapter's DropoutMLP first) */
  MlpModel  *model;
  /* progress over the whole exercise, 0 … 1, and what it is doing ("sigmoid,
   * step 12"); may be NULL.  Called on the thread that runs the exercise. */
  void     (*progress)    (double fraction, const char *what, gpointer user_data);
  /* the cancel hook, as the trainer's (checked at least once per minibatch):
   * TRUE stops the run with MLP_ERROR_CANCELLED; may be NULL */
  gboolean (*should_stop) (gpointer user_data);
  gpointer   user_data;
} MlpExerciseConfig;

typedef struct {
  char   *key;              /* "sigmoid.final_loss": [a-z0-9_.] */
  double  value;
} MlpExerciseNumber;

typedef struct _MlpExerciseResult MlpExerciseResult;

/* writes an exercise's details as members of the current JSON object */
typedef void (*MlpExerciseDetailsWriter) (gconstpointer details, MlpJsonWriter *w);

struct _MlpExerciseResult {
  MlpExerciseId             id;
  MlpExerciseConfig         config;    /* the settings used, defaults filled in;
                                        * no callbacks, no model */
  gboolean                  trained_model;  /* Ex.4: the model was trained here */
  GArray                   *numbers;   /* MlpExerciseNumber, in the order added */
  gpointer                  details;   /* the exercise's own struct, see its header */
  GDestroyNotify            details_free;
  MlpExerciseDetailsWriter  details_write;
};

void        mlp_exercise_config_init   (MlpExerciseConfig *config);
/* "1" … "5", or the names above ("vanishing", "prelu"); FALSE with an
 * MLP_ERROR_INVALID_ARGUMENT listing them */
gboolean    mlp_exercise_from_string   (const char *s, MlpExerciseId *out, GError **error);
/* "vanishing" … "prelu" */
const char *mlp_exercise_to_string     (MlpExerciseId id);
/* how the command line names it: "1" … "4", "prelu" */
const char *mlp_exercise_short_name    (MlpExerciseId id);
/* whether the exercise trains on Fashion-MNIST (all but none today: Ex.3's
 * linear regression makes its own data, its softmax part needs the images) */
gboolean    mlp_exercise_needs_data    (MlpExerciseId id);
/* *out = config with the exercise's defaults for what config leaves 0 */
void        mlp_exercise_config_resolve (MlpExerciseId id, const MlpExerciseConfig *config,
                                         MlpExerciseConfig *out);

/* Runs the exercise on train and val (Fashion-MNIST or any data set of 10
 * classes; used as far as the limits say).  (transfer full) or NULL with
 * error: a bad setting (MLP_ERROR_INVALID_ARGUMENT), MLP_ERROR_CANCELLED
 * when should_stop said so. */
MlpExerciseResult *mlp_exercise_run    (MlpExerciseId id, const MlpExerciseConfig *config,
                                        const MlpDataset *train, const MlpDataset *val,
                                        GError **error);
void        mlp_exercise_result_free   (MlpExerciseResult *r);

/* for the exercises' run functions: appends a number (key copied) */
void        mlp_exercise_result_add_number (MlpExerciseResult *r, const char *key, double value);
/* FALSE when the result has no such number */
gboolean    mlp_exercise_result_get_number (const MlpExerciseResult *r, const char *key, double *value);
/* the number, or NaN when the result has none of that name */
double      mlp_exercise_result_number     (const MlpExerciseResult *r, const char *key);
/* for the run functions: the details and how to free and write them */
void        mlp_exercise_result_set_details (MlpExerciseResult *r, gpointer details,
                                             GDestroyNotify free_func,
                                             MlpExerciseDetailsWriter write_func);

/* the result as members of the current JSON object (the caller opens and
 * closes it, and may add its own): "exercise", "name", "settings",
 * "numbers" (an object, in order) and "details" */
void        mlp_exercise_result_write_json (const MlpExerciseResult *r, MlpJsonWriter *w);

/* For the run functions: the progress hook called with fraction mapped into
 * [lo, hi] of the whole; and the cancel check as a GError. */
void        mlp_exercise_progress      (const MlpExerciseConfig *c, double lo, double hi,
                                        double fraction, const char *what);
/* TRUE when should_stop says stop; then error is MLP_ERROR_CANCELLED */
gboolean    mlp_exercise_cancelled     (const MlpExerciseConfig *c, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpExerciseResult, mlp_exercise_result_free)

G_END_DECLS
