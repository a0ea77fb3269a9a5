/* mlp-window.c — see mlp-window.h.  The window owns the worker: disposing
 * the window cancels the running job and joins the worker thread before any
 * page goes away.  It also owns the data cache its pages share, which lets go
 * of the data when the data folder changes. */
#include "mlp-window.h"

#include <glib/gi18n.h>

#include "mlp-accessible-names.h"
#include "mlp-activations-page.h"
#include "mlp-data-cache.h"
#include "mlp-dataset-page.h"
#include "mlp-fashion-mnist.h"
#include "mlp-exercise-page.h"
#include "mlp-exercise-report.h"
#include "mlp-init-page.h"
#include "mlp-file-chooser.h"
#include "mlp-section-page.h"
#include "mlp-stability-page.h"
#include "mlp-training-page.h"

struct _MlpWindow {
  GtkApplicationWindow parent_instance;

  MlpWorker    *worker;
  MlpDataCache *data_cache;
  GSettings    *settings;
  char         *data_dir;
  guint         reveal_source;    /* shows the progress of jobs that take a while */
  gboolean      controls_visible; /* win.show-controls */
  gboolean      controls_before;  /* win.show-controls before presentation mode */

  GtkWidget    *stack;
  GtkWidget    *sidebar;
  GtkWidget    *sidebar_separator;
  GtkWidget    *section_title;    /* presentation mode: where one is */
  GtkWidget    *data_icon;
  GtkWidget    *data_label;
  GtkWidget    *job_label;
  GtkWidget    *job_progress;
  GtkWidget    *pause_button;
  GtkWidget    *stop_button;
};

G_DEFINE_FINAL_TYPE (MlpWindow, mlp_window, GTK_TYPE_APPLICATION_WINDOW)

/* --------------------------------------------------------------- sections */

static MlpSectionPage *
visible_page (MlpWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (GTK_STACK (self->stack));

  return child != NULL && MLP_IS_SECTION_PAGE (child) ? MLP_SECTION_PAGE (child) : NULL;
}

static void
for_each_page (MlpWindow *self, void (*func) (MlpSectionPage *, gboolean), gboolean value)
{
  for (GtkWidget *child = gtk_widget_get_first_child (self->stack); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (MLP_IS_SECTION_PAGE (child))
      func (MLP_SECTION_PAGE (child), value);
}

static void
show_section_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MlpWindow *self = MLP_WINDOW (widget);
  const char *name = g_variant_get_string (param, NULL);

  if (gtk_stack_get_child_by_name (GTK_STACK (self->stack), name) != NULL)
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), name);
}

static void
step_section (MlpWindow *self, int delta)
{
  g_autoptr(GtkSelectionModel) pages = gtk_stack_get_pages (GTK_STACK (self->stack));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (pages));
  GtkWidget *current = gtk_stack_get_visible_child (GTK_STACK (self->stack));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) page = g_list_model_get_item (G_LIST_MODEL (pages), i);

      if (gtk_stack_page_get_child (GTK_STACK_PAGE (page)) == current)
        {
          g_autoptr(GObject) next = g_list_model_get_item (G_LIST_MODEL (pages), (i + n + delta) % n);

          gtk_stack_set_visible_child (GTK_STACK (self->stack), gtk_stack_page_get_child (GTK_STACK_PAGE (next)));
          return;
        }
    }
}

static void
next_section_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  step_section (MLP_WINDOW (widget), 1);
}

static void
previous_section_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  step_section (MLP_WINDOW (widget), -1);
}

/* ------------------------------------------------------ presentation mode */

/* Presentation mode's large text, for every window and popover of the
 * display while one window presents: the menus, drop-down lists, the
 * shortcuts window and the file chooser are not inside the main window's
 * CSS tree. */
static GtkCssProvider *presentation_css;
static guint presenting;

static void
use_presentation_css (gboolean on)
{
  GdkDisplay *display = gdk_display_get_default ();

  if (presentation_css == NULL)
    {
      presentation_css = gtk_css_provider_new ();
      gtk_css_provider_load_from_resource (presentation_css, "/io/github/mlplab/MlpLab/ui/presentation.css");
    }
  if (on && presenting++ == 0)
    gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (presentation_css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  else if (!on && presenting > 0 && --presenting == 0)
    gtk_style_context_remove_provider_for_display (display, GTK_STYLE_PROVIDER (presentation_css));
}

static void
update_section_title (MlpWindow *self)
{
  GtkWidget *child = gtk_stack_get_visible_child (GTK_STACK (self->stack));
  GtkStackPage *page = child ? gtk_stack_get_page (GTK_STACK (self->stack), child) : NULL;

  gtk_label_set_text (GTK_LABEL (self->section_title), page ? gtk_stack_page_get_title (page) : "");
}

static void
set_presentation (MlpWindow *self, gboolean on)
{
  GAction *controls = g_action_map_lookup_action (G_ACTION_MAP (self), "show-controls");

  if (on == gtk_widget_has_css_class (GTK_WIDGET (self), "presentation"))
    return;
  use_presentation_css (on);
  if (on)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "presentation");
      gtk_window_fullscreen (GTK_WINDOW (self));
      /* the figures get the screen; F9 brings the controls back */
      self->controls_before = self->controls_visible;
      g_action_change_state (controls, g_variant_new_boolean (FALSE));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presentation");
      gtk_window_unfullscreen (GTK_WINDOW (self));
      g_action_change_state (controls, g_variant_new_boolean (self->controls_before));
    }
  for_each_page (self, mlp_section_page_set_presentation, on);
  /* on a projector the figure matters more than the list of sections, which
   * stays a keystroke away (Page Up/Down); the title says where one is */
  gtk_widget_set_visible (self->sidebar, !on && self->controls_visible);
  gtk_widget_set_visible (self->sidebar_separator, !on && self->controls_visible);
  update_section_title (self);
  gtk_widget_set_visible (self->section_title, on);
}

/* In presentation mode Page Up/Down (what a presenter's clicker sends) go to
 * the previous/next section, unless a text field of the shown controls has
 * the keyboard (there they step its number). */
static gboolean
on_key_pressed (GtkEventControllerKey *keys, guint keyval, guint keycode, GdkModifierType state,
                MlpWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (!gtk_widget_has_css_class (GTK_WIDGET (self), "presentation") ||
      (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK)) != 0 ||
      (focus != NULL && GTK_IS_EDITABLE (focus) && self->controls_visible))
    return FALSE;
  if (keyval == GDK_KEY_Page_Down || keyval == GDK_KEY_KP_Page_Down)
    step_section (self, 1);
  else if (keyval == GDK_KEY_Page_Up || keyval == GDK_KEY_KP_Page_Up)
    step_section (self, -1);
  else
    return FALSE;
  return TRUE;
}

static void
presentation_action (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  g_simple_action_set_state (action, state);
  set_presentation (MLP_WINDOW (user_data), g_variant_get_boolean (state));
}

static void
show_controls_action (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  MlpWindow *self = MLP_WINDOW (user_data);
  gboolean visible = g_variant_get_boolean (state);

  g_simple_action_set_state (action, state);
  self->controls_visible = visible;
  for_each_page (self, mlp_section_page_set_controls_visible, visible);
  gtk_widget_set_visible (self->sidebar, visible && !gtk_widget_has_css_class (GTK_WIDGET (self), "presentation"));
  gtk_widget_set_visible (self->sidebar_separator, gtk_widget_get_visible (self->sidebar));
}

static void
toggle_stateful (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  g_autoptr(GVariant) state = g_action_get_state (G_ACTION (action));

  g_action_change_state (G_ACTION (action), g_variant_new_boolean (!g_variant_get_boolean (state)));
}

/* ------------------------------------------------------------ jobs */

static void
export_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MlpSectionPage *page = visible_page (MLP_WINDOW (widget));
  MlpPlotView *view = page ? mlp_section_page_get_main_view (page) : NULL;

  if (view != NULL)
    gtk_widget_activate_action (GTK_WIDGET (view), "plot.export", NULL);
}

static void
run_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MlpSectionPage *page = visible_page (MLP_WINDOW (widget));

  if (page != NULL)
    mlp_section_page_run (page);
}

static void
reset_section_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MlpSectionPage *page = visible_page (MLP_WINDOW (widget));

  if (page != NULL)
    mlp_section_page_reset (page);
}

static void
stop_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  /* the long run the status area shows; figures on other pages go on */
  mlp_worker_cancel_lane (MLP_WINDOW (widget)->worker, MLP_LANE_LONG);
}

static void
pause_action (GSimpleAction *action, GVariant *state, gpointer user_data)
{
  g_simple_action_set_state (action, state);
  mlp_worker_set_paused (MLP_WINDOW (user_data)->worker, g_variant_get_boolean (state));
}

static char *
format_seconds (double s)
{
  int t = (int) (s + 0.5);

  if (t >= 3600)
    return g_strdup_printf (_("%d h %02d min"), t / 3600, t / 60 % 60);
  if (t >= 60)
    return g_strdup_printf (_("%d min %02d s"), t / 60, t % 60);
  return g_strdup_printf (_("%d s"), t);
}

static gboolean
reveal_progress (gpointer data)
{
  MlpWindow *self = data;

  self->reveal_source = 0;
  gtk_widget_set_visible (self->job_progress, TRUE);
  return G_SOURCE_REMOVE;
}

static void
update_status (MlpWindow *self)
{
  MlpWorker *w = self->worker;
  gboolean busy = mlp_worker_get_busy (w);
  GAction *pause = g_action_map_lookup_action (G_ACTION_MAP (self), "pause");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.stop", busy);
  g_simple_action_set_enabled (G_SIMPLE_ACTION (pause), busy || mlp_worker_get_paused (w));
  if (!busy)
    {
      g_clear_handle_id (&self->reveal_source, g_source_remove);
      gtk_widget_set_visible (self->job_progress, FALSE);
      gtk_label_set_text (GTK_LABEL (self->job_label), _("Ready"));
      return;
    }

  {
    const char *title = mlp_worker_get_title (w);
    const char *detail = mlp_worker_get_detail (w);
    double fraction = mlp_worker_get_fraction (w), eta = mlp_worker_get_eta (w);
    g_autofree char *label = NULL, *text = NULL;

    if (mlp_worker_get_paused (w))
      label = g_strdup_printf (_("%s (paused)"), title ? title : "");
    else if (detail != NULL)
      label = g_strdup_printf ("%s · %s", title ? title : "", detail);
    else
      label = g_strdup (title ? title : "");
    gtk_label_set_text (GTK_LABEL (self->job_label), label);

    if (fraction >= 0)
      {
        gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (self->job_progress), fraction);
        if (eta >= 0)
          {
            g_autofree char *left = format_seconds (eta);
            /* Translators: progress and time left, "45 % · 1 min 20 s left" */
            text = g_strdup_printf (_("%.0f %% · %s left"), 100 * fraction, left);
          }
        else
          text = g_strdup_printf ("%.0f %%", 100 * fraction);
        gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->job_progress), text);
      }
    else
      {
        gtk_progress_bar_pulse (GTK_PROGRESS_BAR (self->job_progress));
        gtk_progress_bar_set_text (GTK_PROGRESS_BAR (self->job_progress), NULL);
      }
    /* quick jobs finish before their progress would flash */
    if (!gtk_widget_get_visible (self->job_progress) && self->reveal_source == 0)
      self->reveal_source = g_timeout_add (250, reveal_progress, self);
  }
}

static void
on_worker_notify (MlpWindow *self)
{
  update_status (self);
}

/* ---------------------------------------------------------- the data set */

static void
update_data_status (MlpWindow *self, const char *problem)
{
  g_autofree char *chosen = g_settings_get_string (self->settings, "data-folder");
  /* a folder chosen without the data is no reason to go on with the old
   * data: the sections that need it say so until a valid folder is chosen */
  g_autofree char *found = problem == NULL ? mlp_fashion_mnist_find (*chosen ? chosen : NULL) : NULL;

  gtk_widget_set_tooltip_text (self->data_label, NULL);
  if (g_strcmp0 (found, self->data_dir) != 0)
    {
      g_free (self->data_dir);
      self->data_dir = g_steal_pointer (&found);
      /* before the pages ask for the new folder's data */
      mlp_data_cache_drop (self->data_cache);
      for (GtkWidget *child = gtk_widget_get_first_child (self->stack); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (MLP_IS_SECTION_PAGE (child))
          mlp_section_page_set_data_dir (MLP_SECTION_PAGE (child), self->data_dir);
    }
  if (problem != NULL)
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (self->data_icon), "dialog-warning-symbolic");
      gtk_label_set_text (GTK_LABEL (self->data_label), problem);
    }
  else if (self->data_dir != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Fashion-MNIST: %s"), self->data_dir);

      gtk_image_set_from_icon_name (GTK_IMAGE (self->data_icon), "folder-symbolic");
      gtk_label_set_text (GTK_LABEL (self->data_label), text);
    }
  else
    {
      gtk_image_set_from_icon_name (GTK_IMAGE (self->data_icon), "dialog-warning-symbolic");
      /* short enough for the status bar; the tooltip says the rest */
      gtk_label_set_text (GTK_LABEL (self->data_label),
                          _("Fashion-MNIST not found: apt install dataset-fashion-mnist"));
      gtk_widget_set_tooltip_text (self->data_label,
                                   _("Install the data set with “apt install dataset-fashion-mnist”, "
                                     "or choose a folder that holds its four files. "
                                     "Pages that need no data work without it."));
      return;
    }
}

void
mlp_window_set_data_folder (MlpWindow *self, const char *path)
{
  g_autofree char *found = path ? mlp_fashion_mnist_find (path) : NULL;

  g_return_if_fail (MLP_IS_WINDOW (self));

  if (found != NULL && g_strcmp0 (found, path) == 0)
    {
      /* on_data_folder_changed follows; this clears a problem shown before */
      g_settings_set_string (self->settings, "data-folder", path);
      update_data_status (self, NULL);
    }
  else
    {
      g_autofree char *problem = g_strdup_printf (_("%s has no Fashion-MNIST files (train-images-idx3-ubyte.gz and the three others)"),
                                                  path ? path : "?");
      update_data_status (self, problem);
    }
}

/* the folder chosen here, or by another window or `gsettings set` */
static void
on_data_folder_changed (MlpWindow *self)
{
  update_data_status (self, NULL);
}

static void
on_data_folder_chosen (GtkWidget *widget, GFile *folder, GtkFileChooserNative *chooser, gpointer data)
{
  g_autofree char *path = g_file_get_path (folder);

  mlp_window_set_data_folder (MLP_WINDOW (widget), path);
}

static void
choose_data_folder_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  MlpWindow *self = MLP_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = mlp_file_chooser_new (widget, GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                  _("Choose the Fashion-MNIST Folder"), _("_Choose"), NULL);
  if (self->data_dir != NULL)
    {
      g_autoptr(GFile) current = g_file_new_for_path (self->data_dir);
      gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), current, NULL);
    }
  mlp_file_chooser_run (chooser, on_data_folder_chosen, NULL);
}

/* ------------------------------------------------------------ lifecycle */

static gboolean
mlp_window_close_request (GtkWindow *window)
{
  MlpWindow *self = MLP_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  if (!gtk_window_is_fullscreen (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
    }
  return GTK_WINDOW_CLASS (mlp_window_parent_class)->close_request (window);
}

static void
on_visible_child (MlpWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (GTK_STACK (self->stack));

  if (name != NULL)
    g_settings_set_string (self->settings, "last-page", name);
  update_section_title (self);
}

static void
on_first_frame (GdkFrameClock *clock, MlpWindow *self)
{
  gint64 start = mlp_application_get_start ();

  g_signal_handlers_disconnect_by_func (clock, on_first_frame, self);
  if (start != 0)
    g_printerr ("MLP Lab: first frame %.0f ms after start\n", (g_get_monotonic_time () - start) / 1000.0);
}

static void
on_realize (GtkWidget *widget, gpointer data)
{
  MlpWindow *self = MLP_WINDOW (widget);

  if (g_getenv ("MLPLAB_TIMING") != NULL)
    g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                      G_CALLBACK (on_first_frame), self);
}

static void
add_page (MlpWindow *self, GtkWidget *page, const char *name, const char *title)
{
  GPtrArray *views = mlp_section_page_get_views (MLP_SECTION_PAGE (page));

  gtk_stack_add_titled (GTK_STACK (self->stack), page, name, title);
  for (guint i = 0; i < views->len; i++)
    {
      MlpPlotView *view = g_ptr_array_index (views, i);

      g_settings_bind (self->settings, "export-width", view, "export-width", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "export-height", view, "export-height", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "export-dpi", view, "export-dpi", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "presentation-font-scale", view, "presentation-scale", G_SETTINGS_BIND_GET);
    }
}

/* after construction: the application (and so the settings) is known only
 * once GObject has set the non-construct "application" property */
static void
mlp_window_setup (MlpWindow *self, MlpApplication *app)
{
  g_autofree char *last = NULL;
  const GActionEntry entries[] = {
    { "presentation", toggle_stateful, NULL, "false", presentation_action },
    { "show-controls", toggle_stateful, NULL, "true", show_controls_action },
    { "pause", toggle_stateful, NULL, "false", pause_action },
  };

  self->settings = g_object_ref (mlp_application_get_settings (app));
  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  update_data_status (self, NULL);

  /* the sections that exist; the others appear when they are built */
  add_page (self, mlp_activations_page_new (self->worker, self->data_cache, self->settings, self->data_dir),
            "activations", _("Activation functions"));
  add_page (self, mlp_stability_page_new (self->worker, self->data_cache, self->data_dir),
            "stability", _("Numerical stability"));
  add_page (self, mlp_init_page_new (self->worker, self->data_cache, self->data_dir),
            "initialization", _("Initialization"));
  {
    g_autoptr(GSettings) mlp = mlp_application_new_training_settings (app, "mlp");
    g_autoptr(GSettings) dropout = mlp_application_new_training_settings (app, "dropout");

    add_page (self, mlp_training_page_new (self->worker, self->data_cache, mlp, FALSE, self->data_dir),
              "training", _("MLP training"));
    add_page (self, mlp_training_page_new (self->worker, self->data_cache, dropout, TRUE, self->data_dir),
              "dropout", _("Dropout"));
  }
  add_page (self, mlp_dataset_page_new (self->worker, self->data_cache, self->data_dir),
            "dataset", _("Dataset"));
  for (MlpExerciseId id = MLP_EXERCISE_FIRST; id <= MLP_EXERCISE_LAST; id++)
    {
      g_autofree char *name = g_strdup_printf ("exercise-%s", mlp_exercise_short_name (id));

      add_page (self, mlp_exercise_page_new (id, self->worker, self->data_cache, self->data_dir),
                name, mlp_exercise_short_title (id));
    }
  g_signal_connect_object (self->settings, "changed::data-folder", G_CALLBACK (on_data_folder_changed),
                           self, G_CONNECT_SWAPPED);

  last = g_settings_get_string (self->settings, "last-page");
  if (gtk_stack_get_child_by_name (GTK_STACK (self->stack), last) != NULL)
    gtk_stack_set_visible_child_name (GTK_STACK (self->stack), last);
  g_signal_connect_swapped (self->stack, "notify::visible-child", G_CALLBACK (on_visible_child), self);

  g_signal_connect_object (self->worker, "notify", G_CALLBACK (on_worker_notify), self, G_CONNECT_SWAPPED);
  update_status (self);
  g_signal_connect (self, "realize", G_CALLBACK (on_realize), NULL);
}

static void
mlp_window_dispose (GObject *object)
{
  MlpWindow *self = MLP_WINDOW (object);

  /* no job may outlive the pages it reports to */
  if (self->worker != NULL)
    mlp_worker_shutdown (self->worker);
  if (gtk_widget_has_css_class (GTK_WIDGET (self), "presentation"))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presentation");
      use_presentation_css (FALSE);
    }
  g_clear_handle_id (&self->reveal_source, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), MLP_TYPE_WINDOW);
  g_clear_object (&self->worker);
  g_clear_object (&self->data_cache);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (mlp_window_parent_class)->dispose (object);
}

static void
mlp_window_finalize (GObject *object)
{
  g_free (MLP_WINDOW (object)->data_dir);
  G_OBJECT_CLASS (mlp_window_parent_class)->finalize (object);
}

static void
mlp_window_class_init (MlpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = mlp_window_dispose;
  object_class->finalize = mlp_window_finalize;
  window_class->close_request = mlp_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mlplab/MlpLab/ui/mlp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MlpWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MlpWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, MlpWindow, sidebar_separator);
  gtk_widget_class_bind_template_child (widget_class, MlpWindow, section_title);
  gtk_widget_class_bind_template_child (widget_class, MlpWindow, data_icon);
  gtk_widget_class_bind_template_child (widget_class, MlpWindow, data_label);
  gtk_widget_class_bind_template_child (widget_class, MlpWindow, job_label);
  gtk_widget_class_bind_template_child (widget_class, MlpWindow, job_progress);
  gtk_widget_class_bind_template_child (widget_class, MlpWindow, pause_button);
  gtk_widget_class_bind_template_child (widget_class, MlpWindow, stop_button);

  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section_action);
  gtk_widget_class_install_action (widget_class, "win.next-section", NULL, next_section_action);
  gtk_widget_class_install_action (widget_class, "win.previous-section", NULL, previous_section_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "win.reset-section", NULL, reset_section_action);
  gtk_widget_class_install_action (widget_class, "win.stop", NULL, stop_action);
  gtk_widget_class_install_action (widget_class, "win.choose-data-folder", NULL, choose_data_folder_action);
}

static void
mlp_window_init (MlpWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->controls_visible = TRUE;
  self->worker = mlp_worker_new ();
  self->data_cache = mlp_data_cache_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  mlp_accessible_names_fix (GTK_WIDGET (self));
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

MlpWindow *
mlp_window_new (MlpApplication *app)
{
  MlpWindow *self = g_object_new (MLP_TYPE_WINDOW, "application", app, NULL);

  mlp_window_setup (self, app);
  return self;
}

MlpWorker *
mlp_window_get_worker (MlpWindow *self)
{
  return self->worker;
}

GtkWidget *
mlp_window_get_page (MlpWindow *self, const char *name)
{
  return gtk_stack_get_child_by_name (GTK_STACK (self->stack), name);
}

const char *
mlp_window_get_data_dir (MlpWindow *self)
{
  return self->data_dir;
}

const char *const *
mlp_window_get_section_names (void)
{
  static const char *const names[] = {
    "activations", "stability", "initialization", "training", "dropout", "dataset",
    "exercise-1", "exercise-2", "exercise-3", "exercise-4", "exercise-prelu", NULL
  };

  return names;
}
