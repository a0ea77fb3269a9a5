/* mlp-section-page.h — what every section of the main window has in common.
 *
 * A section page (Activation functions, Numerical stability, MLP training …)
 * derives from MlpSectionPage, which holds the shell the sections share:
 *
 * - the worker, the Fashion-MNIST folder (NULL when none was found) and the
 *   data cache that reads its files once for all the pages (mlp-data-cache.h);
 * - the GSettings its controls are bound to, if any;
 * - its figures (MlpPlotView), the first one being the one Ctrl+E exports;
 *   all of them follow presentation mode;
 * - the controls panel that F9 hides;
 * - its jobs, in slots the page numbers itself (0 … MLP_SECTION_PAGE_SLOTS−1),
 *   each in a lane of the worker (long by default; figures use the quick
 *   one): a new job in a slot replaces the slot's old one, a job's result
 *   reaches the page only while the page exists, and disposing the page
 *   cancels them;
 * - refresh: recomputing what the controls describe, right away when the page
 *   is on screen, else once it is shown; a quick-lane job that refresh
 *   submitted and that was stopped from outside is submitted again the same
 *   way, so a figure never stays behind its settings (a stopped long job
 *   stays stopped);
 * - the section's `mlplab-cli` command line (Copy as Command) and its
 *   experiment (Ctrl+Return).
 *
 * Widget actions, for buttons in the pages' templates:
 *   section.copy-command  puts dup_command() on the clipboard
 *   section.run           runs the section's experiment
 *   section.reset         puts the chapter's settings back
 */
#pragma once

#include <gtk/gtk.h>

#include "mlp-data-cache.h"
#include "mlp-plot-view.h"
#include "mlp-worker.h"

G_BEGIN_DECLS

#define MLP_SECTION_PAGE_SLOTS 4

#define MLP_TYPE_SECTION_PAGE (mlp_section_page_get_type ())
G_DECLARE_DERIVABLE_TYPE (MlpSectionPage, mlp_section_page, MLP, SECTION_PAGE, GtkWidget)

struct _MlpSectionPageClass {
  GtkWidgetClass parent_class;

  /* recompute what the controls describe; see mlp_section_page_queue_refresh */
  void   (*refresh)              (MlpSectionPage *self);
  /* the section's experiment (Ctrl+Return) */
  void   (*run)                  (MlpSectionPage *self);
  /* the data folder changed; mlp_section_page_get_data_dir has the new one */
  void   (*data_dir_changed)     (MlpSectionPage *self);
  /* presentation mode changed (the figures have followed already) */
  void   (*presentation_changed) (MlpSectionPage *self);
  /* the mlplab-cli command for what is on screen, or NULL; (transfer full) */
  char  *(*dup_command)          (MlpSectionPage *self);
  /* puts the chapter's settings back; the default resets the page's
   * settings, or without them restores every control of the controls panel
   * to the value its template gave it */
  void   (*reset)                (MlpSectionPage *self);
};

/* A job's result on the main thread.  It runs while the page exists and the
 * job is the newest of its slot; error is G_IO_ERROR_CANCELLED only when the
 * job was stopped from outside (Stop), never when the page replaced it.
 * Takes ownership of result. */
typedef void (*MlpSectionJobDone) (MlpSectionPage *self, gpointer result, const GError *error);

MlpWorker   *mlp_section_page_get_worker          (MlpSectionPage *self);
/* the construct-only "data-cache" the window shares between its pages (the
 * pages' _new take it), or the page's own when none was given;
 * (transfer none) */
MlpDataCache *mlp_section_page_get_data_cache     (MlpSectionPage *self);
/* the construct-only "settings" the page's controls are bound to, or NULL;
 * the default reset resets all its keys; (transfer none) (nullable) */
GSettings   *mlp_section_page_get_settings        (MlpSectionPage *self);
/* fills a job's request with the page's data cache and data folder */
void         mlp_section_page_init_data_request   (MlpSectionPage *self, MlpDataRequest *request);
/* (transfer none) (nullable) */
const char  *mlp_section_page_get_data_dir        (MlpSectionPage *self);
void         mlp_section_page_set_data_dir        (MlpSectionPage *self, const char *data_dir);

/* For class_init: the page's template, whose objects "controls" (the panel
 * F9 hides, whose spin buttons read numbers as mlp-number-input.h says) and
 * "controls_separator" (beside it) the page needs no fields for. */
void         mlp_section_page_class_set_template  (MlpSectionPageClass *klass, const char *resource_name);
void         mlp_section_page_set_controls_visible (MlpSectionPage *self, gboolean visible);

/* registers a figure of the page and the file name its export proposes */
void         mlp_section_page_add_view            (MlpSectionPage *self, MlpPlotView *view,
                                                   const char *export_name);
/* the figures, the main one first: MlpPlotView * (transfer none) */
GPtrArray   *mlp_section_page_get_views           (MlpSectionPage *self);
/* the main figure, or NULL; (transfer none) */
MlpPlotView *mlp_section_page_get_main_view       (MlpSectionPage *self);
void         mlp_section_page_set_presentation    (MlpSectionPage *self, gboolean presentation);
gboolean     mlp_section_page_get_presentation    (MlpSectionPage *self);

/* Queues func on the worker in slot, cancelling the slot's previous job;
 * job_data is the copied-in parameters (see mlp_worker_submit).  Returns the
 * job's id. */
guint        mlp_section_page_submit              (MlpSectionPage *self, guint slot, const char *title,
                                                   MlpJobFunc func, gpointer job_data,
                                                   GDestroyNotify job_data_free,
                                                   GDestroyNotify result_free, MlpSectionJobDone done);
/* the lane the slot's jobs run in (set it in init) */
void         mlp_section_page_set_slot_lane       (MlpSectionPage *self, guint slot, MlpLane lane);
/* stops the page's jobs as Stop does: their done runs with G_IO_ERROR_CANCELLED */
void         mlp_section_page_stop                (MlpSectionPage *self);
/* For a job's done: TRUE when the job brought no result, because it was
 * stopped (nothing to show) or failed (label, a GtkLabel, then shows why). */
gboolean     mlp_section_page_show_error          (MlpSectionPage *self, const GError *error,
                                                   GtkWidget *label);
/* cancels the slot's job; its done does not run */
void         mlp_section_page_cancel              (MlpSectionPage *self, guint slot);
/* whether the slot has a job queued or running */
gboolean     mlp_section_page_slot_busy           (MlpSectionPage *self, guint slot);
/* whether any slot has a job, or a refresh waits for the page to be shown */
gboolean     mlp_section_page_is_busy             (MlpSectionPage *self);

/* calls refresh now if the page is on screen, else when it is next shown */
void         mlp_section_page_queue_refresh       (MlpSectionPage *self);
void         mlp_section_page_run                 (MlpSectionPage *self);
/* (transfer full) (nullable) */
char        *mlp_section_page_dup_command         (MlpSectionPage *self);
/* Reset to the Chapter's Settings */
void         mlp_section_page_reset               (MlpSectionPage *self);
/* for a reset vfunc: resets every key of settings to its default */
void         mlp_settings_reset_all               (GSettings *settings);

G_END_DECLS
