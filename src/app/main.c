/* main.c — starts MLP Lab. */
#include <glib/gi18n.h>
#include <locale.h>

#include "mlp-application.h"
#include "mlp-locations.h"

int
main (int argc, char **argv)
{
  g_autoptr(MlpApplication) app = NULL;

  mlp_application_mark_start ();
  setlocale (LC_ALL, "");
  /* numbers in files and plots use a decimal point in every locale */
  setlocale (LC_NUMERIC, "C");
  bindtextdomain (GETTEXT_PACKAGE, mlp_locations_get_localedir (LOCALEDIR));
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = mlp_application_new (G_APPLICATION_DEFAULT_FLAGS);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
