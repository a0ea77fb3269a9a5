/* mlp-application.c — see mlp-application.h.
 *
 * Settings come from the installed schema, or, when MLP Lab runs from its
 * build directory, from the schema compiled there (mlp-locations.h), so that
 * the app runs without being installed. */
#include "mlp-application.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "mlp-locations.h"
#include "mlp-window.h"

struct _MlpApplication {
  GtkApplication  parent_instance;
  GSettingsSchemaSource *schemas;
  GSettings      *settings;
  gboolean        presentation;   /* --presentation was given */
  gboolean        run;            /* --run was given */
  char           *section;        /* --section NAME was given */
};

G_DEFINE_FINAL_TYPE (MlpApplication, mlp_application, GTK_TYPE_APPLICATION)

static gint64 start_time;

void
mlp_application_mark_start (void)
{
  start_time = g_get_monotonic_time ();
}

gint64
mlp_application_get_start (void)
{
  return start_time;
}

/* the schema source that has MLP Lab's schemas: the one compiled in the build
 * tree when the app runs from there (so that a build never reads an older
 * installed schema), else the installed ones; (transfer full) */
static GSettingsSchemaSource *
schema_source (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  const char *build_root = mlp_locations_get_build_root ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (build_root != NULL)
    {
      g_autofree char *dir = g_build_filename (build_root, "data", NULL);
      g_autoptr(GError) error = NULL;
      GSettingsSchemaSource *build = g_settings_schema_source_new_from_directory (dir, source, FALSE,
                                                                              &error);
      if (build != NULL)
        {
          schema = g_settings_schema_source_lookup (build, MLP_APPLICATION_ID, FALSE);
          if (schema != NULL)
            return build;
          g_settings_schema_source_unref (build);
        }
    }
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, MLP_APPLICATION_ID, TRUE);
  if (schema != NULL)
    return g_settings_schema_source_ref (source);
  g_error ("The settings schema %s is not installed; run MLP Lab from its build "
           "directory or after `meson install`", MLP_APPLICATION_ID);
}

static GSettings *
settings_new (GSettingsSchemaSource *source, const char *id, const char *path)
{
  g_autoptr(GSettingsSchema) schema = g_settings_schema_source_lookup (source, id, TRUE);

  if (schema == NULL)
    g_error ("The settings schema %s is missing", id);
  return g_settings_new_full (schema, NULL, path);
}

static void
about_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *authors[] = { "The MLP Lab developers", NULL };

  gtk_show_about_dialog (gtk_application_get_active_window (app),
                         "program-name", _("MLP Lab"),
                         "logo-icon-name", MLP_APPLICATION_ID,
                         "version", MLPLAB_VERSION,
                         "comments", _("The “Multilayer Perceptrons” chapter of Dive into Deep Learning "
                                       "as point-and-click experiments, computed by its own C engine."),
                         "website", "https://github.com/mlplab/mlplab",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "authors", authors,
                         /* Translators: put your names here */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action, GVariant *param, gpointer user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (app);

  /* closing each window cancels and joins its worker */
  while (windows != NULL)
    {
      GList *next = windows->next;

      gtk_window_destroy (GTK_WINDOW (windows->data));
      windows = next;
    }
  g_application_quit (G_APPLICATION (app));
}

static void
mlp_application_startup (GApplication *app)
{
  MlpApplication *self = MLP_APPLICATION (app);
  static const GActionEntry entries[] = {
    { "about", about_action },
    { "quit", quit_action },
  };
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.presentation", { "F5", NULL } },
    { "win.show-controls", { "F9", NULL } },
    { "win.next-section", { "<Control>Page_Down", "<Alt>Down", NULL } },
    { "win.previous-section", { "<Control>Page_Up", "<Alt>Up", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.run", { "<Control>Return", NULL } },
    { "win.stop", { "<Control>period", NULL } },
    { "win.pause", { "<Control><Shift>p", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };
  G_APPLICATION_CLASS (mlp_application_parent_class)->startup (app);
  /* gtk_init() set the whole locale again: keep the decimal point, as in the
   * notebook, the CLI, the figures and the slopes entry */
  setlocale (LC_NUMERIC, "C");

  self->schemas = schema_source ();
  self->settings = settings_new (self->schemas, MLP_APPLICATION_ID, NULL);
  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  gtk_window_set_default_icon_name (MLP_APPLICATION_ID);
}

static void
mlp_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  MlpApplication *self = MLP_APPLICATION (app);

  if (window == NULL)
    window = GTK_WINDOW (mlp_window_new (self));
  if (self->section != NULL)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.show-section", "s", self->section);
  if (self->presentation)
    g_action_group_activate_action (G_ACTION_GROUP (window), "presentation", NULL);
  if (self->run)
    gtk_widget_activate_action (GTK_WIDGET (window), "win.run", NULL);
  self->presentation = self->run = FALSE;
  g_clear_pointer (&self->section, g_free);
  gtk_window_present (window);
}

static int
mlp_application_handle_local_options (GApplication *app, GVariantDict *options)
{
  MlpApplication *self = MLP_APPLICATION (app);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("mlplab %s\n", MLPLAB_VERSION);
      return 0;
    }
  self->presentation = g_variant_dict_contains (options, "presentation");
  self->run = g_variant_dict_contains (options, "run");
  g_variant_dict_lookup (options, "section", "s", &self->section);
  if (self->section != NULL && !g_strv_contains (mlp_window_get_section_names (), self->section))
    {
      g_autofree char *names = g_strjoinv (", ", (char **) mlp_window_get_section_names ());

      /* Translators: an unknown name after --section, then the list of names */
      g_printerr (_("mlplab: there is no section “%s”; the sections are %s\n"), self->section, names);
      return 2;
    }
  return -1;
}

static void
mlp_application_dispose (GObject *object)
{
  g_clear_object (&MLP_APPLICATION (object)->settings);
  g_clear_pointer (&MLP_APPLICATION (object)->schemas, g_settings_schema_source_unref);
  g_clear_pointer (&MLP_APPLICATION (object)->section, g_free);
  G_OBJECT_CLASS (mlp_application_parent_class)->dispose (object);
}

static void
mlp_application_class_init (MlpApplicationClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mlp_application_dispose;
  G_APPLICATION_CLASS (klass)->startup = mlp_application_startup;
  G_APPLICATION_CLASS (klass)->activate = mlp_application_activate;
  G_APPLICATION_CLASS (klass)->handle_local_options = mlp_application_handle_local_options;
}

static void
mlp_application_init (MlpApplication *self)
{
  const GOptionEntry options[] = {
    { "presentation", 'p', 0, G_OPTION_ARG_NONE, NULL, N_("Start in presentation mode"), NULL },
    { "section", 's', 0, G_OPTION_ARG_STRING, NULL, N_("Open a section (activations, stability, initialization, training, dropout, dataset, exercise-1 … exercise-4, exercise-prelu)"), N_("NAME") },
    { "run", 'r', 0, G_OPTION_ARG_NONE, NULL, N_("Start the section's experiment right away"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

MlpApplication *
mlp_application_new (GApplicationFlags flags)
{
  return g_object_new (MLP_TYPE_APPLICATION,
                       "application-id", MLP_APPLICATION_ID,
                       "flags", flags,
                       "resource-base-path", "/io/github/mlplab/MlpLab",
                       NULL);
}

GSettings *
mlp_application_get_settings (MlpApplication *self)
{
  return self->settings;
}

GSettings *
mlp_application_new_training_settings (MlpApplication *self, const char *section)
{
  g_autofree char *path = g_strdup_printf ("/io/github/mlplab/MlpLab/training/%s/", section);

  return settings_new (self->schemas, MLP_APPLICATION_ID ".Training", path);
}
