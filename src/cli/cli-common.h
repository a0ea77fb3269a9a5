/* cli-common.h — what the mlplab-cli subcommands share: option parsing
 * helpers and a small JSON writer. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* a subcommand: argv[0] is the subcommand's name; returns the exit status */
typedef int (*CliCommandFunc) (int argc, char **argv);

int  cli_train        (int argc, char **argv);
int  cli_activations  (int argc, char **argv);
int  cli_explode      (int argc, char **argv);
int  cli_dropout_demo (int argc, char **argv);
int  cli_bench        (int argc, char **argv);

/* Parses argv with the entries; on error prints one line and returns FALSE
 * (with *status = 2).  summary is the one-line description in --help. */
gboolean cli_parse (int *argc, char ***argv, const char *command,
                    const char *parameter, const char *summary,
                    const GOptionEntry *entries, int *status);
/* prints "mlplab-cli COMMAND: message" to stderr and returns 1 */
int      cli_fail  (const char *command, const GError *error);

/* "256,256" → values; FALSE with error on anything that is not a list of
 * numbers within [lo, hi] */
gboolean cli_parse_doubles (const char *text, const char *what, double lo, double hi,
                            GArray **out, GError **error);

/* JSON writing into a GString: numbers that are not finite become null */
void cli_json_string (GString *out, const char *s);
void cli_json_number (GString *out, double v);
void cli_json_key    (GString *out, gboolean *first, const char *key);

/* peak resident memory of this process in MiB (VmHWM), or −1 */
double cli_peak_rss_mib (void);

G_END_DECLS
