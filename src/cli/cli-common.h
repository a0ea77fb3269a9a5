/* cli-common.h — what the mlplab-cli subcommands share: option parsing and
 * error helpers, numbers in CSV, the deep network's options.  (JSON is
 * written with the engine's MlpJsonWriter.) */
#pragma once

#include <glib.h>

#include "mlp-checkpoint.h"
#include "mlp-deep.h"

G_BEGIN_DECLS

/* a subcommand: argv[0] is the subcommand's name; returns the exit status */
typedef int (*CliCommandFunc) (int argc, char **argv);

int  cli_train        (int argc, char **argv);
int  cli_activations  (int argc, char **argv);
int  cli_explode      (int argc, char **argv);
int  cli_dropout_demo (int argc, char **argv);
int  cli_bench        (int argc, char **argv);
int  cli_plot         (int argc, char **argv);
int  cli_gradients    (int argc, char **argv);
int  cli_init         (int argc, char **argv);
int  cli_eval         (int argc, char **argv);
int  cli_exercise     (int argc, char **argv);
/* `plot exercise N …`: argv[0] is "plot", argv[1] the exercise */
int  cli_plot_exercise (int argc, char **argv);
/* `plot gradients …` and `plot init …`, argv[0] the figure's name */
int  cli_plot_gradients (int argc, char **argv);
int  cli_plot_init     (int argc, char **argv);
/* `plot confusion|mistakes|weights CHECKPOINT …`, argv[0] the figure */
gboolean cli_is_run_figure (const char *name);
int  cli_plot_run      (int argc, char **argv);
int  cli_plot_dataset  (int argc, char **argv);

/* From now until exit, standard output is checked: at exit it is flushed
 * and closed, and a write that failed on the way (a full disk, /dev/full)
 * is reported as "mlplab-cli COMMAND: could not write the output: …" with
 * exit status 1, even after GOption's --help.  command is borrowed. */
void cli_check_stdout_at_exit (const char *command);

/* Parses argv with the entries; on error prints one line and returns FALSE
 * (with *status = 2).  summary is the one-line description in --help.  The
 * summary and the entries' descriptions are untranslated, marked with N_():
 * GLib translates them in the mlplab domain when it prints --help. */
gboolean cli_parse (int *argc, char ***argv, const char *command,
                    const char *parameter, const char *summary,
                    const GOptionEntry *entries, int *status);
/* A command's option table.  Declared g_auto(CliOptionTable) after the
 * table, it frees at the end of the scope what GOption stored through the
 * table's string and file-name entries (GOption leaks a non-NULL default:
 * they start NULL). */
typedef const GOptionEntry *CliOptionTable;
void     cli_option_table_clear (CliOptionTable *table);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliOptionTable, cli_option_table_clear)

/* the same for a command that takes one argument besides its options
 * (parameter names it, "CHECKPOINT"): *arg points into argv */
gboolean cli_parse_with_arg (int *argc, char ***argv, const char *command,
                             const char *parameter, const char *summary,
                             const GOptionEntry *entries, char **arg, int *status);
/* prints "mlplab-cli COMMAND: message" to stderr and returns the exit
 * status: 2 (usage error) for MLP_ERROR_INVALID_ARGUMENT, a value the user
 * typed that is out of range, else 1 */
int      cli_fail  (const char *command, const GError *error);
/* prints "mlplab-cli COMMAND: message" ("mlplab-cli: message" when command
 * is NULL) to stderr and returns 2, the usage-error status; format is
 * translated by the caller, without the final newline */
int      cli_usage_error (const char *command, const char *format, ...) G_GNUC_PRINTF (2, 3);

/* "256,256" → values; FALSE with error on anything that is not a list of
 * numbers within [lo, hi] */
gboolean cli_parse_doubles (const char *text, const char *what, double lo, double hi,
                            GArray **out, GError **error);

/* "2147483648", "512M", "2G", "2GiB" (powers of 1024) → *out bytes, at
 * least 1; FALSE with an MLP_ERROR_INVALID_ARGUMENT naming option */
gboolean cli_parse_bytes (const char *text, const char *option, guint64 *out, GError **error);

/* Checks an output path the command will write at the end of a long run,
 * before the run starts (mlp_file_check_writable); prints the one-line
 * error and returns FALSE when it cannot be written.  path may be NULL. */
gboolean cli_check_output (const char *command, const char *path);

/* the checkpoint at path (with options' budget) and a warning on stderr
 * when it holds NaN or infinite parameters; NULL after the error line */
MlpModel *cli_load_checkpoint (const char *command, const char *path, guint64 max_model_bytes,
                               MlpTrainConfig *train, MlpCheckpointProgress *progress);

/* the model must take the images and name their classes; else a usage
 * message naming checkpoint (display name) and FALSE */
gboolean  cli_check_model_fits (const char *command, MlpModel *model, const MlpDataset *images,
                                const char *checkpoint);

/* --depth, --width, --batch and --seed of `gradients` and `init` into c;
 * FALSE after a usage message (with *status = 2) when one is out of range */
gboolean cli_deep_config_set (MlpDeepConfig *c, const char *command, int depth, int width,
                              int batch, gint64 seed, int *status);

/* prints v to stdout for a CSV: "nan", "inf", "-inf" (never "-nan"), else
 * with format ("%.9g") */
void     cli_print_number (double v, const char *format);

/* peak resident memory of this process in MiB (VmHWM), or −1 */
double cli_peak_rss_mib (void);

G_END_DECLS
