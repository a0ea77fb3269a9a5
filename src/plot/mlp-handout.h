/* mlp-handout.h — a lesson as a PDF handout, and its figures as SVG for slides.
 *
 * One page per step (Cairo's PDF surface, A4 landscape): the step's number
 * and title, its note, its stored figures (mlp-plot-json.h; a step that was
 * not run says so and how to run it), the section's settings as a list, and
 * the command that reproduces it.  The app's "Export Lesson as PDF…" and
 * `mlplab-cli lesson render FILE.mlplab --out handout.pdf` both call
 * mlp_handout_write_pdf, so their pages are the same.
 *
 * svg_dir (nullable): also writes each stored figure as
 * DIR/step-NN-figure-M.svg (NN from 01, M from 1) for slides; the folder is
 * made if it is missing.
 */
#pragma once

#include <glib.h>

#include "mlp-lesson.h"

G_BEGIN_DECLS

gboolean mlp_handout_write_pdf (const MlpLesson *lesson, const char *pdf_path,
                                const char *svg_dir, GError **error);
/* the number of figures a step has stored (0 without results) */
guint    mlp_handout_count_figures (const MlpLessonStep *step);

G_END_DECLS
