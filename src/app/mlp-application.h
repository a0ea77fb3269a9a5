/* mlp-application.h — the GtkApplication: one instance, app actions (about,
 * quit), accelerators, and the GSettings every window shares. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MLP_APPLICATION_ID "io.github.mlplab.MlpLab"

#define MLP_TYPE_APPLICATION (mlp_application_get_type ())
G_DECLARE_FINAL_TYPE (MlpApplication, mlp_application, MLP, APPLICATION, GtkApplication)

MlpApplication *mlp_application_new          (GApplicationFlags flags);
/* main() calls this first; with MLPLAB_TIMING set in the environment the
 * first window prints how long after it its first frame was drawn */
void            mlp_application_mark_start   (void);
gint64          mlp_application_get_start    (void);
/* transfer none */
GSettings      *mlp_application_get_settings (MlpApplication *self);
/* the hyper-parameters of one training section ("mlp", "dropout");
 * (transfer full) */
GSettings      *mlp_application_new_training_settings (MlpApplication *self, const char *section);

G_END_DECLS
