/* mlp-locations.h — where MLP Lab's own files are: installed, or in the meson
 * build tree the running program was built in.
 *
 * `build/src/app/mlplab` and `build/src/cli/mlplab-cli` run without being
 * installed: they find their translations in build/po and their settings
 * schema in build/data.  Nothing is compiled into the binaries for this (a
 * packaged binary carries no build path); the running executable's folders
 * are looked at instead, each time from /proc/self/exe.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The meson build tree that holds the running executable (a folder with
 * meson-private/coredata.dat, at most two levels above it), or NULL when the
 * program runs installed.  (transfer none): computed once. */
const char *mlp_locations_get_build_root (void);

/* The folder of compiled message catalogs to give bindtextdomain():
 * <build>/po when running from a build tree, else installed_localedir.
 * (transfer none) */
const char *mlp_locations_get_localedir (const char *installed_localedir);

G_END_DECLS
