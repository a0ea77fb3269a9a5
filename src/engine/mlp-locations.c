/* mlp-locations.c — see mlp-locations.h. */
#include "mlp-locations.h"

/* the folder holding the executable that runs this process, or NULL */
static char *
executable_dir (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);

  return exe != NULL ? g_path_get_dirname (exe) : NULL;
}

static char *
find_build_root (void)
{
  g_autofree char *dir = executable_dir ();

  /* build/src/app/mlplab, build/src/cli/mlplab-cli, build/tests/test-gui */
  for (int up = 0; dir != NULL && up <= 2; up++)
    {
      g_autofree char *marker = g_build_filename (dir, "meson-private", "coredata.dat", NULL);
      char *parent;

      if (g_file_test (marker, G_FILE_TEST_IS_REGULAR))
        return g_steal_pointer (&dir);
      parent = g_path_get_dirname (dir);
      if (g_strcmp0 (parent, dir) == 0)
        {
          g_free (parent);
          break;
        }
      g_free (dir);
      dir = parent;
    }
  return NULL;
}

const char *
mlp_locations_get_build_root (void)
{
  static char *root;
  static gsize done;

  if (g_once_init_enter (&done))
    {
      root = find_build_root ();
      g_once_init_leave (&done, 1);
    }
  return root;
}

const char *
mlp_locations_get_localedir (const char *installed_localedir)
{
  static char *build_localedir;
  static gsize done;
  const char *root = mlp_locations_get_build_root ();

  if (root == NULL)
    return installed_localedir;
  if (g_once_init_enter (&done))
    {
      build_localedir = g_build_filename (root, "po", NULL);
      g_once_init_leave (&done, 1);
    }
  return build_localedir;
}
