/* mlp-training-page.h — the "MLP training" and "Dropout" sections: train the
 * chapter's models on Fashion-MNIST on the worker and watch d2l's progress
 * board fill in live. */
#pragma once

#include <gtk/gtk.h>

#include "mlp-runs-list.h"
#include "mlp-data-cache.h"
#include "mlp-section-page.h"

G_BEGIN_DECLS

#define MLP_TYPE_TRAINING_PAGE (mlp_training_page_get_type ())
G_DECLARE_FINAL_TYPE (MlpTrainingPage, mlp_training_page, MLP, TRAINING_PAGE, MlpSectionPage)

/* dropout: the Dropout section (two hidden layers with dropout) or the MLP
 * training section; cache (nullable): the window's data cache; settings:
 * its mlp_application_new_training_settings() */
GtkWidget *mlp_training_page_new          (MlpWorker *worker, MlpDataCache *cache, GSettings *settings,
                                           gboolean dropout, const char *data_dir);
/* Dropout section: train the model, then the same network without dropout
 * (same seed, initial weights and data order), and overlay both */
void       mlp_training_page_compare      (MlpTrainingPage *self);
/* train the model from scratch, then the concise one from the same initial
 * weights and seed, and overlay both: their curves coincide */
void       mlp_training_page_compare_implementations (MlpTrainingPage *self);
/* the `mlplab-cli train …` line for the page's settings; (transfer full) */
char      *mlp_training_page_dup_command  (MlpTrainingPage *self);
/* the session's finished and stopped runs, as JSON or CSV; (transfer full) */
char      *mlp_training_page_dup_runs     (MlpTrainingPage *self, gboolean csv);
/* Saves run index (0-based) of the Runs list as a checkpoint at path, with
 * its settings and curves as JSON beside it, on the worker ("Saving run #1"
 * in the status area); callback runs on the main thread. */
void       mlp_training_page_save_run_async  (MlpTrainingPage     *self,
                                              guint                index,
                                              const char          *path,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean   mlp_training_page_save_run_finish (MlpTrainingPage  *self,
                                              GAsyncResult     *result,
                                              GError          **error);
/* Loads a checkpoint: the worker reads it and checks that this section
 * trains its model; then its settings go into the controls and the run into
 * the list, before callback runs.  Errors name the file. */
void       mlp_training_page_load_run_async  (MlpTrainingPage     *self,
                                              const char          *path,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean   mlp_training_page_load_run_finish (MlpTrainingPage  *self,
                                              GAsyncResult     *result,
                                              GError          **error);
/* the views under the board: "confusion", "mistakes" and "weights" after a
 * run, "gap" for a dropout comparison; transfer none */
MlpPlotView *mlp_training_page_get_analysis_view (MlpTrainingPage *self, const char *name);
/* Dropout section: the mlplab-cli dropout-demo command of the demo; (transfer full) */
char      *mlp_training_page_dup_demo_command (MlpTrainingPage *self);
/* Dropout section: the text of the dropout_layer demo; (transfer full) */
char      *mlp_training_page_dup_demo_text (MlpTrainingPage *self);
/* the section's Runs list; (transfer none) */
MlpRunsList *mlp_training_page_get_runs_list (MlpTrainingPage *self);
/* the message line under Train: a run's results, why it stopped, what a
 * loaded file said; (transfer none) */
const char *mlp_training_page_get_message  (MlpTrainingPage *self);
/* TRUE while one of this page's runs is on the worker */
gboolean   mlp_training_page_is_training  (MlpTrainingPage *self);

G_END_DECLS
