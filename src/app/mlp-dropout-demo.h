/* mlp-dropout-demo.h — the chapter's dropout_layer, live: X = arange(16) as
 * 2 × 8 through mlp_dropout_layer for p = 0, the slider's p and 1, printed
 * as the notebook prints the tensors (0 where an entry was dropped, x/(1 − p)
 * where it was kept; the dropped ones also red), with the mean of many
 * samples to show that the expectation is kept.  Re-sample draws other
 * masks; the copy button gives the `mlplab-cli dropout-demo` line that
 * prints the same tables. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MLP_TYPE_DROPOUT_DEMO (mlp_dropout_demo_get_type ())
G_DECLARE_FINAL_TYPE (MlpDropoutDemo, mlp_dropout_demo, MLP, DROPOUT_DEMO, GtkWidget)

GtkWidget *mlp_dropout_demo_new         (void);
/* the mlplab-cli dropout-demo command of the tables shown; (transfer full) */
char      *mlp_dropout_demo_dup_command (MlpDropoutDemo *self);
/* the tables as `mlplab-cli dropout-demo` prints them, then a line with the
 * mean of many samples; (transfer full) */
char      *mlp_dropout_demo_dup_text    (MlpDropoutDemo *self);

G_END_DECLS
