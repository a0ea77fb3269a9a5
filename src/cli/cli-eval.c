/* cli-eval.c — `mlplab-cli eval CHECKPOINT`: a saved model's validation
 * loss and accuracy on Fashion-MNIST's test split, as d2l's trainer reports
 * them after each epoch.  Also the headless way to load a checkpoint: every
 * check the loader makes shows here as a one-line error. */
#include <math.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "cli-common.h"
#include "mlp-checkpoint.h"
#include "mlp-error.h"
#include "mlp-fashion-mnist.h"
#include "mlp-json-writer.h"
#include "mlp-dropout-passes.h"
#include "mlp-trainer.h"

/* the command line, as GOption fills it (its strings are the option table's) */
typedef struct {
  char     *data_dir;   /* all start NULL: GOption leaks a non-NULL default */
  char     *json_path;
  char     *max_model_bytes;
  gint64    limit_val;
  int       batch_size;
  int       dropout_passes;
} EvalOptions;

/* what was evaluated and what came out */
typedef struct {
  const char                  *checkpoint;   /* display names */
  const char                  *data_dir;
  MlpModel                    *model;
  const MlpCheckpointProgress *progress;
  gsize                        n_val;
  gsize                        nonfinite;
  double                       val_loss;
  double                       val_acc;
  MlpDropoutPasses            *passes;       /* (nullable) --dropout-passes */
} EvalResult;

static gboolean
write_json (const char *path, const EvalResult *r, GError **error)
{
  g_autoptr(MlpJsonWriter) json = mlp_json_writer_new (MLP_JSON_PRETTY);
  const MlpModelConfig *mc = mlp_model_get_config (r->model);

  mlp_json_writer_begin_object (json);
  mlp_json_writer_member_string (json, "checkpoint", r->checkpoint);
  mlp_json_writer_member_string (json, "model", mlp_model_kind_to_string (mc->kind));
  mlp_json_writer_member_string (json, "status", r->progress->stopped ? "stopped" : "completed");
  mlp_json_writer_member_uint (json, "epochs", r->progress->epochs);
  if (r->progress->stopped)
    {
      mlp_json_writer_member_uint (json, "stopped_epoch", r->progress->stopped_epoch);
      mlp_json_writer_member_uint (json, "stopped_batch", r->progress->stopped_batch);
    }
  mlp_json_writer_member_sizes (json, "hiddens", mc->hiddens, mc->n_hidden);
  mlp_json_writer_member_string (json, "activation", mlp_activation_to_string (mc->activation));
  mlp_json_writer_member_uint (json, "parameters", mlp_model_count_parameters (r->model));
  mlp_json_writer_member_uint (json, "nonfinite_parameters", r->nonfinite);
  mlp_json_writer_member_string (json, "data_dir", r->data_dir);
  mlp_json_writer_member_uint (json, "n_val", r->n_val);
  mlp_json_writer_member_double (json, "val_loss", r->val_loss);
  mlp_json_writer_member_double (json, "val_acc", r->val_acc);
  if (r->passes != NULL)
    {
      const MlpDropoutPasses *d = r->passes;

      mlp_json_writer_key (json, "dropout_passes");
      mlp_json_writer_begin_object (json);
      mlp_json_writer_member_uint (json, "passes", d->n_passes);
      mlp_json_writer_member_double (json, "eval_acc", d->eval_acc);
      mlp_json_writer_member_doubles (json, "pass_acc", d->pass_acc, d->n_passes);
      mlp_json_writer_member_double (json, "mean_acc", d->mean_acc);
      mlp_json_writer_member_double (json, "sd_acc", d->sd_acc);
      mlp_json_writer_member_uint (json, "changed", d->n_changed);
      mlp_json_writer_member_sizes (json, "curve_passes", d->curve_passes, d->n_points);
      mlp_json_writer_member_doubles (json, "curve_distance", d->curve_distance, d->n_points);
      mlp_json_writer_end_object (json);
    }
  mlp_json_writer_end_object (json);
  return mlp_json_writer_save (json, path, error);
}

static void
print_result (const EvalResult *r)
{
  const MlpModelConfig *mc = mlp_model_get_config (r->model);
  gsize n_params = mlp_model_count_parameters (r->model);

  /* the message takes %lu, not G_GSIZE_FORMAT: xgettext cannot see through the macro */
  printf (ngettext ("%s: %s, %lu parameter, %u epochs; Fashion-MNIST test images from %s",
                    "%s: %s, %lu parameters, %u epochs; Fashion-MNIST test images from %s", n_params),
          r->checkpoint, mlp_model_kind_to_string (mc->kind), (unsigned long) n_params,
          r->progress->epochs, r->data_dir);
  if (r->progress->stopped)
    {
      putchar (' ');
      printf (_("(stopped at epoch %u, batch %u)"), r->progress->stopped_epoch, r->progress->stopped_batch);
    }
  putchar ('\n');
  /* not translated: the trainer's names, read by scripts */
  printf ("val_loss %.4f  val_acc %.4f  n_val %lu\n", r->val_loss, r->val_acc, (unsigned long) r->n_val);
  if (r->passes != NULL)
    {
      const MlpDropoutPasses *d = r->passes;

      printf (_("dropout left on, %u passes: val_acc %.4f ± %.4f (eval mode %.4f)\n"),
              d->n_passes, d->mean_acc, d->sd_acc, d->eval_acc);
      printf (_("predictions that change from pass to pass: %lu of %lu\n"),
              (unsigned long) d->n_changed, (unsigned long) d->n_images);
      /* Translators: the mean distance of the average of n passes' probabilities to eval mode */
      printf ("%s\n", _("passes  distance to eval mode"));
      for (guint k = 0; k < d->n_points; k++)
        printf ("%6lu  %.4f\n", (unsigned long) d->curve_passes[k], d->curve_distance[k]);
    }
}

int
cli_eval (int argc, char **argv)
{
  EvalOptions o = { .batch_size = 256 };
  const GOptionEntry entries[] = {
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, &o.data_dir, N_("Folder with the Fashion-MNIST files (default: the search order)"), N_("DIR") },
    /* Translators: FILE is the placeholder after --json; use the word you chose for it */
    { "json", 'j', 0, G_OPTION_ARG_FILENAME, &o.json_path, N_("Write a JSON summary to FILE"), N_("FILE") },
    { "limit-val", 0, 0, G_OPTION_ARG_INT64, &o.limit_val, N_("Validate on the first N images only"), "N" },
    { "batch-size", 'b', 0, G_OPTION_ARG_INT, &o.batch_size, N_("Images per forward pass (256)"), "N" },
    { "dropout-passes", 0, 0, G_OPTION_ARG_INT, &o.dropout_passes, N_("Also evaluate N times with dropout left on (Exercise 4)"), "N" },
    { "max-model-bytes", 0, 0, G_OPTION_ARG_STRING, &o.max_model_bytes, N_("Refuse a model whose parameters take more (2G)"), N_("BYTES") },
    { NULL }
  };
  g_auto(CliOptionTable) table = entries;
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpModel) model = NULL;
  g_autoptr(MlpDataset) test = NULL;
  g_autoptr(MlpDropoutPasses) passes = NULL;
  g_autofree char *checkpoint_display = NULL, *found = NULL, *data_display = NULL;
  MlpCheckpointProgress progress;
  EvalResult r = { .progress = &progress };
  char *checkpoint = NULL;
  guint64 budget = 0;
  int status = 0;

  if (!cli_parse_with_arg (&argc, &argv, "eval", N_("CHECKPOINT"),
                           N_("The validation loss and accuracy of a model saved with train --save."),
                           entries, &checkpoint, &status))
    return status;
  if (o.dropout_passes < 0 || o.dropout_passes > 10000)
    return cli_usage_error ("eval", _("--dropout-passes must be 0 … 10000"));
  if (o.limit_val < 0 || o.batch_size < 1 || o.batch_size > 65536)
    return cli_usage_error ("eval", _("--limit-val must not be negative and --batch-size must be 1 … 65536"));
  if (o.max_model_bytes != NULL && !cli_parse_bytes (o.max_model_bytes, "--max-model-bytes", &budget, &error))
    return cli_fail ("eval", error);
  if (!cli_check_output ("eval", o.json_path))
    return 1;

  model = cli_load_checkpoint ("eval", checkpoint, budget, NULL, &progress);
  if (model == NULL)
    return 1;
  found = o.data_dir ? g_strdup (o.data_dir) : mlp_fashion_mnist_find (NULL);
  if (!mlp_fashion_mnist_load_full (found, NULL, NULL, NULL, &test, &error))
    return cli_fail ("eval", error);
  checkpoint_display = g_filename_display_name (checkpoint);
  if (!cli_check_model_fits ("eval", model, test, checkpoint_display))
    return 2;

  data_display = g_filename_display_name (found);
  r.checkpoint = checkpoint_display;
  r.data_dir = data_display;
  r.model = model;
  r.nonfinite = mlp_model_count_nonfinite (model);
  r.n_val = o.limit_val ? MIN ((gsize) o.limit_val, test->n) : test->n;
  mlp_trainer_evaluate (model, test, r.n_val, (guint) o.batch_size, &r.val_loss, &r.val_acc);
  if (o.dropout_passes > 0)
    {
      passes = mlp_dropout_passes_run (model, test, r.n_val, (guint) o.dropout_passes,
                                       (guint) o.batch_size, &error);
      r.passes = passes;
      if (passes == NULL)
        return cli_fail ("eval", error);
    }
  print_result (&r);
  if (o.json_path != NULL && !write_json (o.json_path, &r, &error))
    return cli_fail ("eval", error);
  return 0;
}
