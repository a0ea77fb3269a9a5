/* mlp-section-page.c — see mlp-section-page.h. */
#include "mlp-section-page.h"

#include "mlp-accessible-names.h"
#include "mlp-number-input.h"

typedef struct {
  MlpWorker    *worker;
  MlpDataCache *data_cache;
  GSettings    *settings;           /* (nullable) */
  char         *data_dir;
  GtkWidget    *controls;           /* (nullable) not owned: template children */
  GtkWidget    *controls_separator;
  GPtrArray    *views;              /* MlpPlotView *, not owned */
  GPtrArray    *defaults;           /* ControlValue *: the controls as the template made them */
  gboolean      presentation;
  gboolean      refresh_pending;    /* refresh when the page is next shown */
  gboolean      refreshing;         /* inside the refresh vfunc */
  guint         jobs[MLP_SECTION_PAGE_SLOTS];   /* the newest job per slot, 0 if none */
  MlpLane       lanes[MLP_SECTION_PAGE_SLOTS];  /* the worker's lane of each slot */
} MlpSectionPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (MlpSectionPage, mlp_section_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_WORKER,
  PROP_DATA_CACHE,
  PROP_SETTINGS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define PRIV(self) ((MlpSectionPagePrivate *) mlp_section_page_get_instance_private (self))

/* a control's value, for Reset */
typedef struct {
  GObject    *object;     /* the widget or its adjustment, a weak pointer */
  const char *property;
  GValue      value;
} ControlValue;

static void
control_value_free (gpointer p)
{
  ControlValue *c = p;

  if (c->object != NULL)
    g_object_remove_weak_pointer (c->object, (gpointer *) &c->object);
  g_value_unset (&c->value);
  g_free (c);
}

static void
remember (MlpSectionPage *self, gpointer object, const char *property)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (object), property);
  ControlValue *c = g_new0 (ControlValue, 1);

  c->object = object;
  c->property = property;
  g_value_init (&c->value, G_PARAM_SPEC_VALUE_TYPE (pspec));
  g_object_get_property (object, property, &c->value);
  g_object_add_weak_pointer (object, (gpointer *) &c->object);
  g_ptr_array_add (PRIV (self)->defaults, c);
}

/* the value of every spin button, scale, drop-down, check button and entry
 * under widget */
static void
remember_defaults (MlpSectionPage *self, GtkWidget *widget)
{
  if (GTK_IS_SPIN_BUTTON (widget))
    remember (self, widget, "value");
  else if (GTK_IS_RANGE (widget))
    remember (self, gtk_range_get_adjustment (GTK_RANGE (widget)), "value");
  else if (GTK_IS_DROP_DOWN (widget))
    remember (self, widget, "selected");
  else if (GTK_IS_CHECK_BUTTON (widget))
    remember (self, widget, "active");
  else if (GTK_IS_ENTRY (widget))
    remember (self, widget, "text");
  else
    for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL; c = gtk_widget_get_next_sibling (c))
      remember_defaults (self, c);
}

/* the default reset: the page's settings, or else its controls as the
 * template made them */
static void
reset_controls (MlpSectionPage *self)
{
  GPtrArray *defaults = PRIV (self)->defaults;

  if (PRIV (self)->settings != NULL)
    {
      mlp_settings_reset_all (PRIV (self)->settings);
      return;
    }
  for (guint i = 0; i < defaults->len; i++)
    {
      ControlValue *c = g_ptr_array_index (defaults, i);

      if (c->object != NULL)
        g_object_set_property (c->object, c->property, &c->value);
    }
}

/* ------------------------------------------------------------------ jobs */

/* what the page's trampoline needs when a job ends */
typedef struct {
  GWeakRef           page;
  guint              slot;
  guint              id;
  gboolean           from_refresh;   /* a figure's quick job submitted by refresh: run again if dropped */
  MlpSectionJobDone  done;
  GDestroyNotify     result_free;
} Submission;

static void
job_ended (gpointer result, const GError *error, gpointer user_data)
{
  Submission *sub = user_data;
  g_autoptr(MlpSectionPage) self = g_weak_ref_get (&sub->page);
  gboolean current = self != NULL && PRIV (self)->jobs[sub->slot] == sub->id;

  if (current)
    {
      PRIV (self)->jobs[sub->slot] = 0;
      sub->done (self, g_steal_pointer (&result), error);
      /* what the controls describe was stopped from outside (Stop, or the
       * worker's lane was cleared): compute it again, now or once shown, so
       * that no figure stays behind its settings */
      if (sub->from_refresh && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        mlp_section_page_queue_refresh (self);
    }
  if (result != NULL && sub->result_free != NULL)
    sub->result_free (result);
}

static void
submission_free (gpointer data)
{
  Submission *sub = data;

  g_weak_ref_clear (&sub->page);
  g_free (sub);
}

guint
mlp_section_page_submit (MlpSectionPage *self, guint slot, const char *title, MlpJobFunc func,
                         gpointer job_data, GDestroyNotify job_data_free, GDestroyNotify result_free,
                         MlpSectionJobDone done)
{
  MlpSectionPagePrivate *priv;
  Submission *sub;

  g_return_val_if_fail (MLP_IS_SECTION_PAGE (self), 0);
  g_return_val_if_fail (slot < MLP_SECTION_PAGE_SLOTS, 0);
  g_return_val_if_fail (done != NULL, 0);

  priv = PRIV (self);
  mlp_section_page_cancel (self, slot);
  sub = g_new0 (Submission, 1);
  g_weak_ref_init (&sub->page, self);
  sub->slot = slot;
  /* a long job that was stopped stays stopped: somebody meant it */
  sub->from_refresh = priv->refreshing && priv->lanes[slot] == MLP_LANE_QUICK;
  sub->done = done;
  sub->result_free = result_free;
  /* the worker delivers on the main thread, after this returns */
  sub->id = mlp_worker_submit_full (priv->worker, priv->lanes[slot], title, func, job_data, job_data_free,
                                    result_free, job_ended, sub, submission_free);
  priv->jobs[slot] = sub->id;
  return sub->id;
}

gboolean
mlp_section_page_show_error (MlpSectionPage *self, const GError *error, GtkWidget *label)
{
  g_return_val_if_fail (MLP_IS_SECTION_PAGE (self), FALSE);
  g_return_val_if_fail (GTK_IS_LABEL (label), FALSE);

  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    gtk_label_set_text (GTK_LABEL (label), error->message);
  return error != NULL;
}

void
mlp_section_page_set_slot_lane (MlpSectionPage *self, guint slot, MlpLane lane)
{
  g_return_if_fail (MLP_IS_SECTION_PAGE (self));
  g_return_if_fail (slot < MLP_SECTION_PAGE_SLOTS);
  g_return_if_fail (lane < MLP_N_LANES);

  PRIV (self)->lanes[slot] = lane;
}

void
mlp_section_page_stop (MlpSectionPage *self)
{
  MlpSectionPagePrivate *priv;

  g_return_if_fail (MLP_IS_SECTION_PAGE (self));

  priv = PRIV (self);
  for (guint i = 0; i < MLP_SECTION_PAGE_SLOTS; i++)
    if (priv->jobs[i] != 0 && priv->worker != NULL)
      mlp_worker_cancel_job (priv->worker, priv->jobs[i]);
}

void
mlp_section_page_cancel (MlpSectionPage *self, guint slot)
{
  MlpSectionPagePrivate *priv;
  guint id;

  g_return_if_fail (MLP_IS_SECTION_PAGE (self));
  g_return_if_fail (slot < MLP_SECTION_PAGE_SLOTS);

  priv = PRIV (self);
  id = priv->jobs[slot];
  priv->jobs[slot] = 0;   /* so that its done is dropped */
  if (id != 0 && priv->worker != NULL)
    mlp_worker_cancel_job (priv->worker, id);
}

gboolean
mlp_section_page_slot_busy (MlpSectionPage *self, guint slot)
{
  g_return_val_if_fail (MLP_IS_SECTION_PAGE (self), FALSE);
  g_return_val_if_fail (slot < MLP_SECTION_PAGE_SLOTS, FALSE);

  return PRIV (self)->jobs[slot] != 0;
}

gboolean
mlp_section_page_is_busy (MlpSectionPage *self)
{
  MlpSectionPagePrivate *priv;

  g_return_val_if_fail (MLP_IS_SECTION_PAGE (self), FALSE);

  priv = PRIV (self);
  for (guint i = 0; i < MLP_SECTION_PAGE_SLOTS; i++)
    if (priv->jobs[i] != 0)
      return TRUE;
  return priv->refresh_pending;
}

/* --------------------------------------------------------------- refresh */

void
mlp_section_page_queue_refresh (MlpSectionPage *self)
{
  MlpSectionPageClass *klass;

  g_return_if_fail (MLP_IS_SECTION_PAGE (self));

  klass = MLP_SECTION_PAGE_GET_CLASS (self);
  if (klass->refresh == NULL)
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      PRIV (self)->refresh_pending = FALSE;
      PRIV (self)->refreshing = TRUE;
      klass->refresh (self);
      PRIV (self)->refreshing = FALSE;
    }
  else
    PRIV (self)->refresh_pending = TRUE;
}

static void
mlp_section_page_map (GtkWidget *widget)
{
  MlpSectionPage *self = MLP_SECTION_PAGE (widget);

  GTK_WIDGET_CLASS (mlp_section_page_parent_class)->map (widget);
  if (PRIV (self)->refresh_pending)
    mlp_section_page_queue_refresh (self);
}

/* -------------------------------------------------------------- the shell */

MlpWorker *
mlp_section_page_get_worker (MlpSectionPage *self)
{
  g_return_val_if_fail (MLP_IS_SECTION_PAGE (self), NULL);

  return PRIV (self)->worker;
}

MlpDataCache *
mlp_section_page_get_data_cache (MlpSectionPage *self)
{
  g_return_val_if_fail (MLP_IS_SECTION_PAGE (self), NULL);

  return PRIV (self)->data_cache;
}

GSettings *
mlp_section_page_get_settings (MlpSectionPage *self)
{
  g_return_val_if_fail (MLP_IS_SECTION_PAGE (self), NULL);

  return PRIV (self)->settings;
}

void
mlp_section_page_init_data_request (MlpSectionPage *self, MlpDataRequest *request)
{
  g_return_if_fail (MLP_IS_SECTION_PAGE (self));

  mlp_data_request_init (request, PRIV (self)->data_cache, PRIV (self)->data_dir);
}

const char *
mlp_section_page_get_data_dir (MlpSectionPage *self)
{
  g_return_val_if_fail (MLP_IS_SECTION_PAGE (self), NULL);

  return PRIV (self)->data_dir;
}

void
mlp_section_page_set_data_dir (MlpSectionPage *self, const char *data_dir)
{
  MlpSectionPagePrivate *priv;
  MlpSectionPageClass *klass;

  g_return_if_fail (MLP_IS_SECTION_PAGE (self));

  priv = PRIV (self);
  klass = MLP_SECTION_PAGE_GET_CLASS (self);
  if (data_dir != priv->data_dir)
    {
      g_free (priv->data_dir);
      priv->data_dir = g_strdup (data_dir);
    }
  if (klass->data_dir_changed != NULL)
    klass->data_dir_changed (self);
}

/* The panel is as wide as its widest control asks, up to a limit, so that
 * a long translation or a long run's line cannot squeeze the figures (they
 * wrap or scroll instead) */
static void
limit_controls_width (MlpSectionPage *self)
{
  GtkWidget *controls = PRIV (self)->controls;

  if (GTK_IS_SCROLLED_WINDOW (controls))
    gtk_scrolled_window_set_max_content_width (GTK_SCROLLED_WINDOW (controls),
                                               PRIV (self)->presentation ? 640 : 420);
}

void
mlp_section_page_class_set_template (MlpSectionPageClass *klass, const char *resource_name)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, resource_name);
  /* no field: constructed() fetches them */
  gtk_widget_class_bind_template_child_full (widget_class, "controls", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "controls_separator", FALSE, 0);
}

/* the panel F9 hides: the template's "controls" and "controls_separator" */
static void
set_controls (MlpSectionPage *self, GtkWidget *controls, GtkWidget *separator)
{
  PRIV (self)->controls = controls;
  PRIV (self)->controls_separator = separator;
  limit_controls_width (self);
  /* one name for every control, in words (GTK 4.8 doubles some) */
  mlp_accessible_names_fix (GTK_WIDGET (self));
  /* a typed number is read in the user's way or refused, never changed */
  if (controls != NULL)
    {
      mlp_number_input_attach_all (controls);
      g_ptr_array_set_size (PRIV (self)->defaults, 0);
      remember_defaults (self, controls);
    }
}

void
mlp_section_page_set_controls_visible (MlpSectionPage *self, gboolean visible)
{
  MlpSectionPagePrivate *priv;

  g_return_if_fail (MLP_IS_SECTION_PAGE (self));

  priv = PRIV (self);
  if (priv->controls != NULL)
    gtk_widget_set_visible (priv->controls, visible);
  if (priv->controls_separator != NULL)
    gtk_widget_set_visible (priv->controls_separator, visible);
}

void
mlp_section_page_add_view (MlpSectionPage *self, MlpPlotView *view, const char *export_name)
{
  g_return_if_fail (MLP_IS_SECTION_PAGE (self));
  g_return_if_fail (MLP_IS_PLOT_VIEW (view));

  g_ptr_array_add (PRIV (self)->views, view);
  if (export_name != NULL)
    mlp_plot_view_set_export_name (view, export_name);
  mlp_plot_view_set_presentation (view, PRIV (self)->presentation);
  mlp_plot_view_set_worker (view, PRIV (self)->worker);
}

GPtrArray *
mlp_section_page_get_views (MlpSectionPage *self)
{
  g_return_val_if_fail (MLP_IS_SECTION_PAGE (self), NULL);

  return PRIV (self)->views;
}

MlpPlotView *
mlp_section_page_get_main_view (MlpSectionPage *self)
{
  GPtrArray *views;

  g_return_val_if_fail (MLP_IS_SECTION_PAGE (self), NULL);

  views = PRIV (self)->views;
  return views->len > 0 ? g_ptr_array_index (views, 0) : NULL;
}

void
mlp_section_page_set_presentation (MlpSectionPage *self, gboolean presentation)
{
  MlpSectionPagePrivate *priv;
  MlpSectionPageClass *klass;

  g_return_if_fail (MLP_IS_SECTION_PAGE (self));

  priv = PRIV (self);
  klass = MLP_SECTION_PAGE_GET_CLASS (self);
  priv->presentation = !!presentation;
  for (guint i = 0; i < priv->views->len; i++)
    mlp_plot_view_set_presentation (g_ptr_array_index (priv->views, i), priv->presentation);
  limit_controls_width (self);
  if (klass->presentation_changed != NULL)
    klass->presentation_changed (self);
}

gboolean
mlp_section_page_get_presentation (MlpSectionPage *self)
{
  g_return_val_if_fail (MLP_IS_SECTION_PAGE (self), FALSE);

  return PRIV (self)->presentation;
}

void
mlp_section_page_run (MlpSectionPage *self)
{
  MlpSectionPageClass *klass;

  g_return_if_fail (MLP_IS_SECTION_PAGE (self));

  klass = MLP_SECTION_PAGE_GET_CLASS (self);
  if (klass->run != NULL)
    klass->run (self);
}

char *
mlp_section_page_dup_command (MlpSectionPage *self)
{
  MlpSectionPageClass *klass;

  g_return_val_if_fail (MLP_IS_SECTION_PAGE (self), NULL);

  klass = MLP_SECTION_PAGE_GET_CLASS (self);
  return klass->dup_command != NULL ? klass->dup_command (self) : NULL;
}

void
mlp_section_page_reset (MlpSectionPage *self)
{
  g_return_if_fail (MLP_IS_SECTION_PAGE (self));

  MLP_SECTION_PAGE_GET_CLASS (self)->reset (self);
}

void
mlp_settings_reset_all (GSettings *settings)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
}

static void
reset_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  mlp_section_page_reset (MLP_SECTION_PAGE (widget));
}

static void
copy_command_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  g_autofree char *command = mlp_section_page_dup_command (MLP_SECTION_PAGE (widget));

  if (command != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), command);
}

static void
run_action (GtkWidget *widget, const char *action_name, GVariant *param)
{
  mlp_section_page_run (MLP_SECTION_PAGE (widget));
}

/* --------------------------------------------------------------- GObject */

static void
mlp_section_page_constructed (GObject *object)
{
  GtkWidget *widget = GTK_WIDGET (object);
  GType type = G_OBJECT_TYPE (object);

  G_OBJECT_CLASS (mlp_section_page_parent_class)->constructed (object);
  /* after every init, so that the defaults Reset restores are the page's */
  set_controls (MLP_SECTION_PAGE (object),
                GTK_WIDGET (gtk_widget_get_template_child (widget, type, "controls")),
                GTK_WIDGET (gtk_widget_get_template_child (widget, type, "controls_separator")));
}

static void
mlp_section_page_dispose (GObject *object)
{
  MlpSectionPage *self = MLP_SECTION_PAGE (object);
  GtkWidget *child;

  for (guint i = 0; i < MLP_SECTION_PAGE_SLOTS; i++)
    mlp_section_page_cancel (self, i);
  /* the section's template children (pages need no dispose for them), then
   * an unnamed root box, which dispose_template leaves */
  gtk_widget_dispose_template (GTK_WIDGET (self), G_OBJECT_TYPE (self));
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_ptr_array_set_size (PRIV (self)->views, 0);
  g_ptr_array_set_size (PRIV (self)->defaults, 0);
  PRIV (self)->controls = PRIV (self)->controls_separator = NULL;
  g_clear_object (&PRIV (self)->worker);
  g_clear_object (&PRIV (self)->data_cache);
  g_clear_object (&PRIV (self)->settings);
  G_OBJECT_CLASS (mlp_section_page_parent_class)->dispose (object);
}

static void
mlp_section_page_finalize (GObject *object)
{
  MlpSectionPagePrivate *priv = PRIV (MLP_SECTION_PAGE (object));

  g_free (priv->data_dir);
  g_ptr_array_unref (priv->views);
  g_ptr_array_unref (priv->defaults);
  G_OBJECT_CLASS (mlp_section_page_parent_class)->finalize (object);
}

static void
mlp_section_page_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_WORKER: g_value_set_object (value, PRIV (MLP_SECTION_PAGE (object))->worker); break;
    case PROP_DATA_CACHE: g_value_set_object (value, PRIV (MLP_SECTION_PAGE (object))->data_cache); break;
    case PROP_SETTINGS: g_value_set_object (value, PRIV (MLP_SECTION_PAGE (object))->settings); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mlp_section_page_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_WORKER:
      PRIV (MLP_SECTION_PAGE (object))->worker = g_value_dup_object (value);
      /* the views a section added in its init, before this construct-only property */
      for (guint i = 0; i < PRIV (MLP_SECTION_PAGE (object))->views->len; i++)
        mlp_plot_view_set_worker (g_ptr_array_index (PRIV (MLP_SECTION_PAGE (object))->views, i),
                                  PRIV (MLP_SECTION_PAGE (object))->worker);
      break;
    case PROP_DATA_CACHE:
      /* without one the page keeps its own */
      if (g_value_get_object (value) != NULL)
        g_set_object (&PRIV (MLP_SECTION_PAGE (object))->data_cache, g_value_get_object (value));
      break;
    case PROP_SETTINGS:
      PRIV (MLP_SECTION_PAGE (object))->settings = g_value_dup_object (value);
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mlp_section_page_class_init (MlpSectionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mlp_section_page_constructed;
  object_class->dispose = mlp_section_page_dispose;
  object_class->finalize = mlp_section_page_finalize;
  object_class->get_property = mlp_section_page_get_property;
  object_class->set_property = mlp_section_page_set_property;
  widget_class->map = mlp_section_page_map;

  properties[PROP_WORKER] = g_param_spec_object ("worker", NULL, NULL, MLP_TYPE_WORKER,
                                                 G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                 G_PARAM_STATIC_STRINGS);
  properties[PROP_DATA_CACHE] = g_param_spec_object ("data-cache", NULL, NULL, MLP_TYPE_DATA_CACHE,
                                                     G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                     G_PARAM_STATIC_STRINGS);
  properties[PROP_SETTINGS] = g_param_spec_object ("settings", NULL, NULL, G_TYPE_SETTINGS,
                                                   G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                                                   G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* every section draws figures in its template */
  g_type_ensure (MLP_TYPE_PLOT_VIEW);
  gtk_widget_class_install_action (widget_class, "section.copy-command", NULL, copy_command_action);
  gtk_widget_class_install_action (widget_class, "section.run", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "section.reset", NULL, reset_action);
  klass->reset = reset_controls;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mlp_section_page_init (MlpSectionPage *self)
{
  PRIV (self)->views = g_ptr_array_new ();
  PRIV (self)->defaults = g_ptr_array_new_with_free_func (control_value_free);
  for (guint i = 0; i < MLP_SECTION_PAGE_SLOTS; i++)
    PRIV (self)->lanes[i] = MLP_LANE_LONG;
  PRIV (self)->data_cache = mlp_data_cache_new ();
}
