/* mlp-lesson.h — a lesson: an ordered list of steps kept in one NAME.mlplab file.
 *
 * A lecturer prepares a sequence of experiments at home and replays it in
 * class.  A step is one section of the app with all of its settings, a
 * title and a short note, and optionally what running it produced (its
 * figures and texts), so that class does not wait for training:
 *
 *   g_autoptr(MlpLesson) lesson = mlp_lesson_load ("week3.mlplab", &error);
 *   for (guint i = 0; lesson != NULL && i < lesson->steps->len; i++)
 *     {
 *       MlpLessonStep *step = g_ptr_array_index (lesson->steps, i);
 *       g_print ("%u. %s (%s)\n", i + 1, step->title, step->section);
 *     }
 *
 * The file is JSON (RFC 8259, UTF-8), one object:
 *
 *   {
 *     "format": "mlplab-lesson",
 *     "version": 1,
 *     "title": "The chapter in order",
 *     "steps": [
 *       {
 *         "section": "activations",
 *         "title": "ReLU and its gradient",
 *         "note": "ReLU(x) = max(x, 0) …",
 *         "settings": { "function_dropdown": "relu", "from_spin": -8.0, … },
 *         "command": "mlplab-cli plot activations --function relu --out relu.png",
 *         "results": { "figures": [ {…plot…} ], "texts": { "result_label": "…" } }
 *       }
 *     ]
 *   }
 *
 * - "settings" maps a control of the section (its id in the section's .ui
 *   template) to its value: a number (d), a boolean (b) or a string (s).
 *   Loading turns every number into a double, so a lesson that is saved and
 *   loaded again compares equal (mlp_lesson_equal).
 * - "command" (optional) is the mlplab-cli line that reproduces the step.
 * - "results" (optional) is kept as the GVariant the JSON reader makes of it
 *   (mlp-json-reader.h: objects a{sv}, arrays av, numbers d, strings s,
 *   booleans b, null mv) and written back the same way; the plot layer
 *   knows what is in it (mlp-plot-json.h: "figures" is an array of plots,
 *   "texts" an object of strings).
 * - Keys this version does not know, at any level, are ignored, so a file
 *   written by a later version opens; a "version" above
 *   MLP_LESSON_FORMAT_VERSION is still read, with what this version knows.
 * - A file that is not such an object (not JSON, truncated, "format" missing
 *   or other, "steps" not an array, a step without "section", a setting that
 *   is not a number, boolean or string …) is an MLP_ERROR_FORMAT error that
 *   names the file and what is wrong, and nothing is returned.  Files over
 *   MLP_LESSON_MAX_BYTES are refused before they are read.
 * - Saving is atomic (a temporary file renamed over the old one), so a
 *   failed save leaves the old file as it was.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MLP_LESSON_FORMAT_VERSION 1
/* lessons with stored figures are a few MB; refuse anything far larger */
#define MLP_LESSON_MAX_BYTES (256u * 1024u * 1024u)
/* the file name extension, with its dot */
#define MLP_LESSON_SUFFIX ".mlplab"

typedef struct {
  char     *section;   /* the section's name: "activations", "training", "exercise-1" … */
  char     *title;     /* never NULL; may be empty */
  char     *note;      /* plain text, a few lines; never NULL, may be empty */
  GVariant *settings;  /* a{sv} of d, b and s values; never NULL (may be empty) */
  char     *command;   /* (nullable) the mlplab-cli command line */
  GVariant *results;   /* (nullable) a{sv}: what running the step produced */
} MlpLessonStep;

typedef struct {
  char      *title;    /* never NULL; may be empty */
  GPtrArray *steps;    /* MlpLessonStep *, owned */
} MlpLesson;

/* (transfer full) an empty lesson with that title (NULL: "") */
MlpLesson     *mlp_lesson_new          (const char *title);
void           mlp_lesson_free         (MlpLesson *lesson);
/* (transfer full) a deep copy */
MlpLesson     *mlp_lesson_copy         (const MlpLesson *lesson);
/* every field of every step the same (GVariants compared with g_variant_equal) */
gboolean       mlp_lesson_equal        (const MlpLesson *a, const MlpLesson *b);

/* (transfer full) a step; settings: (nullable) (transfer none) a{sv}, NULL
 * for none; the others are copied */
MlpLessonStep *mlp_lesson_step_new     (const char *section, const char *title, const char *note,
                                        GVariant *settings);
MlpLessonStep *mlp_lesson_step_copy    (const MlpLessonStep *step);
void           mlp_lesson_step_free    (MlpLessonStep *step);
/* replace a step's results (nullable, a{sv}; a floating reference is sunk) */
void           mlp_lesson_step_set_results (MlpLessonStep *step, GVariant *results);
void           mlp_lesson_step_set_command (MlpLessonStep *step, const char *command);

/* what the file holds; what: the name errors give (a file name) */
MlpLesson     *mlp_lesson_parse        (const char *text, gssize len, const char *what, GError **error);
MlpLesson     *mlp_lesson_load         (const char *path, GError **error);
/* (transfer full) the file's text, pretty-printed, ending in '\n' */
char          *mlp_lesson_to_json      (const MlpLesson *lesson);
gboolean       mlp_lesson_save         (const MlpLesson *lesson, const char *path, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpLesson, mlp_lesson_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpLessonStep, mlp_lesson_step_free)

G_END_DECLS
