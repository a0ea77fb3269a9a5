/* cli-train.c — `mlplab-cli train`: d2l's trainer.fit(model, data) on the
 * terminal, one line per epoch, with an optional JSON summary and checkpoint. */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "cli-common.h"
#include "mlp-checkpoint.h"
#include "mlp-dataset.h"
#include "mlp-error.h"
#include "mlp-fashion-mnist.h"
#include "mlp-models.h"
#include "mlp-trainer.h"

static volatile sig_atomic_t interrupted;

static void
on_sigint (int sig)
{
  interrupted = 1;
}

typedef struct {
  gboolean tty;   /* draw a batch counter on stderr */
} TrainProgress;

static gboolean
should_stop (gpointer data)
{
  return interrupted != 0;
}

static void
batch_done (const MlpBatchReport *r, gpointer data)
{
  TrainProgress *p = data;

  if (p->tty && (r->batch % 8 == 0 || r->batch + 1 == r->n_batches))
    {
      g_printerr ("\r  ");
      /* Translators: the progress counter during an epoch, on the terminal only */
      g_printerr (_("epoch %u: batch %u/%u  loss %.4f"), r->epoch, r->batch + 1,
                  r->n_batches, r->loss);
      g_printerr (" ");
    }
}

static void
epoch_done (const MlpEpochReport *r, gpointer data)
{
  TrainProgress *p = data;

  if (p->tty)
    g_printerr ("\r\033[K");
  /* not translated: the chapter's names, read by scripts */
  printf ("epoch %2u/%u  train_loss %.4f  val_loss %.4f  val_acc %.4f  %.2f s\n",
          r->epoch, r->n_epochs, r->train_loss, r->val_loss, r->val_acc, r->seconds);
  fflush (stdout);
}

static void
json_curve (GString *out, gboolean *first, const char *key, GArray *epochs, gsize offset)
{
  cli_json_key (out, first, key);
  g_string_append_c (out, '[');
  for (guint i = 0; epochs != NULL && i < epochs->len; i++)
    {
      const MlpEpochReport *r = &g_array_index (epochs, MlpEpochReport, i);

      if (i)
        g_string_append (out, ", ");
      cli_json_number (out, G_STRUCT_MEMBER (double, r, offset));
    }
  g_string_append_c (out, ']');
}

static char *
summary_json (const MlpModelConfig *mc, const MlpTrainConfig *tc, const char *init,
              const char *data_dir, gsize n_train, gsize n_val, gsize n_params,
              const MlpTrainResult *res, double load_seconds, const char *status,
              const char *message)
{
  GString *out = g_string_new ("{\n  ");
  gboolean first = TRUE;
  GArray *ep = res->epochs;
  const MlpEpochReport *last = ep && ep->len ? &g_array_index (ep, MlpEpochReport, ep->len - 1) : NULL;

  cli_json_key (out, &first, "model");
  cli_json_string (out, mlp_model_kind_to_string (mc->kind));
  cli_json_key (out, &first, "status");
  cli_json_string (out, status);
  if (message != NULL)
    {
      cli_json_key (out, &first, "message");
      cli_json_string (out, message);
    }
  cli_json_key (out, &first, "epochs");
  g_string_append_printf (out, "%u", ep ? ep->len : 0);
  cli_json_key (out, &first, "max_epochs");
  g_string_append_printf (out, "%u", tc->epochs);
  cli_json_key (out, &first, "seed");
  g_string_append_printf (out, "%" G_GUINT64_FORMAT, tc->seed);
  cli_json_key (out, &first, "lr");
  cli_json_number (out, tc->lr);
  cli_json_key (out, &first, "batch_size");
  g_string_append_printf (out, "%u", tc->batch_size);
  cli_json_key (out, &first, "hiddens");
  g_string_append_c (out, '[');
  for (guint i = 0; i < mc->n_hidden; i++)
    g_string_append_printf (out, "%s%" G_GSIZE_FORMAT, i ? ", " : "", mc->hiddens[i]);
  g_string_append_c (out, ']');
  cli_json_key (out, &first, "dropout");
  g_string_append_c (out, '[');
  for (guint i = 0; i < mc->n_hidden && mlp_model_kind_has_dropout (mc->kind); i++)
    {
      if (i)
        g_string_append (out, ", ");
      cli_json_number (out, mc->dropouts[i]);
    }
  g_string_append_c (out, ']');
  cli_json_key (out, &first, "activation");
  cli_json_string (out, mlp_activation_to_string (mc->activation));
  cli_json_key (out, &first, "init");
  cli_json_string (out, init);
  cli_json_key (out, &first, "parameters");
  g_string_append_printf (out, "%" G_GSIZE_FORMAT, n_params);
  cli_json_key (out, &first, "data_dir");
  cli_json_string (out, data_dir);
  cli_json_key (out, &first, "n_train");
  g_string_append_printf (out, "%" G_GSIZE_FORMAT, n_train);
  cli_json_key (out, &first, "n_val");
  g_string_append_printf (out, "%" G_GSIZE_FORMAT, n_val);
  cli_json_key (out, &first, "train_loss");
  cli_json_number (out, last ? last->train_loss : NAN);
  cli_json_key (out, &first, "val_loss");
  cli_json_number (out, last ? last->val_loss : NAN);
  cli_json_key (out, &first, "val_acc");
  cli_json_number (out, last ? last->val_acc : NAN);
  json_curve (out, &first, "train_loss_curve", ep, G_STRUCT_OFFSET (MlpEpochReport, train_loss));
  json_curve (out, &first, "train_acc_curve", ep, G_STRUCT_OFFSET (MlpEpochReport, train_acc));
  json_curve (out, &first, "val_loss_curve", ep, G_STRUCT_OFFSET (MlpEpochReport, val_loss));
  json_curve (out, &first, "val_acc_curve", ep, G_STRUCT_OFFSET (MlpEpochReport, val_acc));
  json_curve (out, &first, "epoch_seconds", ep, G_STRUCT_OFFSET (MlpEpochReport, seconds));
  cli_json_key (out, &first, "load_seconds");
  cli_json_number (out, load_seconds);
  cli_json_key (out, &first, "total_seconds");
  cli_json_number (out, res->seconds);
  cli_json_key (out, &first, "samples_per_second");
  cli_json_number (out, res->samples_per_second);
  cli_json_key (out, &first, "peak_rss_mib");
  cli_json_number (out, cli_peak_rss_mib ());
  g_string_append (out, "\n}\n");
  return g_string_free (out, FALSE);
}

int
cli_train (int argc, char **argv)
{
  g_autofree char *model_name = NULL;   /* GOption leaks a non-NULL default */
  g_autofree char *hiddens_text = NULL, *dropout_text = NULL, *activation_text = NULL;
  g_autofree char *init_text = NULL, *data_dir = NULL, *json_path = NULL, *save_path = NULL;
  int epochs = 10, batch_size = 256, status = 0;
  double lr = 0.1, momentum = 0.0, weight_decay = 0.0;
  gint64 seed = 0, limit_train = 0, limit_val = 0;
  gboolean quiet = FALSE;
  const GOptionEntry entries[] = {
    /* Translators: the model names are values of --model; keep them */
    { "model", 'm', 0, G_OPTION_ARG_STRING, &model_name, N_("mlp-scratch (default), mlp, dropout-scratch or dropout"), N_("MODEL") },
    { "epochs", 'e', 0, G_OPTION_ARG_INT, &epochs, N_("Number of epochs (10)"), "N" },
    { "lr", 0, 0, G_OPTION_ARG_DOUBLE, &lr, N_("Learning rate (0.1)"), "LR" },
    { "batch-size", 'b', 0, G_OPTION_ARG_INT, &batch_size, N_("Minibatch size (256)"), "N" },
    { "hiddens", 0, 0, G_OPTION_ARG_STRING, &hiddens_text, N_("Hidden units per layer (256; 256,256 for the dropout models)"), "N[,N…]" },
    { "dropout", 0, 0, G_OPTION_ARG_STRING, &dropout_text, N_("Dropout after each hidden layer, dropout models only (0.5,0.5)"), "P[,P…]" },
    { "activation", 0, 0, G_OPTION_ARG_STRING, &activation_text, N_("relu (default), prelu, sigmoid or tanh"), N_("NAME") },
    /* Translators: the schemes are values of --init; keep them */
    { "init", 0, 0, G_OPTION_ARG_STRING, &init_text, N_("normal[:σ] (mlp-scratch: normal:0.01), xavier-normal, xavier-uniform, he, torch (concise models), zeros, constant:c"), N_("SCHEME") },
    { "momentum", 0, 0, G_OPTION_ARG_DOUBLE, &momentum, N_("SGD momentum (0)"), "M" },
    { "weight-decay", 0, 0, G_OPTION_ARG_DOUBLE, &weight_decay, N_("SGD weight decay (0)"), "WD" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &seed, N_("Random seed for weights, dropout and data order (0)"), "N" },
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, N_("Folder with the Fashion-MNIST files (default: the search order)"), N_("DIR") },
    { "limit-train", 0, 0, G_OPTION_ARG_INT64, &limit_train, N_("Train on the first N images only"), "N" },
    { "limit-val", 0, 0, G_OPTION_ARG_INT64, &limit_val, N_("Validate on the first N images only"), "N" },
    /* Translators: FILE is the placeholder after --json; use the word you chose for it */
    { "json", 'j', 0, G_OPTION_ARG_FILENAME, &json_path, N_("Write a JSON summary to FILE"), N_("FILE") },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &save_path, N_("Save the trained parameters (safetensors)"), N_("FILE") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print no per-epoch lines"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpDataset) train = NULL, val = NULL;
  g_autoptr(MlpModel) model = NULL;
  g_autofree char *found_dir = NULL, *init_name = NULL;
  MlpModelConfig mc;
  MlpTrainConfig tc;
  MlpModelKind kind;
  MlpTrainResult res = { 0 };
  MlpTrainerCallbacks cb = { batch_done, epoch_done, should_stop, NULL };
  TrainProgress progress = { FALSE };
  const char *run_status = "completed";
  gint64 t0;
  double load_seconds;
  gboolean ok;

  if (!cli_parse (&argc, &argv, "train", NULL,
                  N_("Train one of the chapter's models on Fashion-MNIST, as d2l's trainer.fit."),
                  entries, &status))
    return status;
  if (model_name == NULL)
    model_name = g_strdup ("mlp-scratch");

  if (!mlp_model_kind_from_string (model_name, &kind, &error))
    return cli_fail ("train", error);
  mlp_model_config_init (&mc, kind);
  mlp_train_config_init (&tc);

  if (hiddens_text != NULL)
    {
      g_autoptr(GArray) h = NULL;

      if (!cli_parse_doubles (hiddens_text, "--hiddens", 1, 16384, &h, &error))
        return cli_fail ("train", error);
      if (h->len > MLP_MAX_HIDDEN)
        return cli_usage_error ("train", ngettext ("--hiddens: at most %d layer",
                                                   "--hiddens: at most %d layers", MLP_MAX_HIDDEN),
                                MLP_MAX_HIDDEN);
      mc.n_hidden = h->len;
      for (guint i = 0; i < h->len; i++)
        {
          double v = g_array_index (h, double, i);

          if (v != floor (v))
            return cli_usage_error ("train", _("--hiddens: %g is not a whole number"), v);
          mc.hiddens[i] = (gsize) v;
          mc.dropouts[i] = mlp_model_kind_has_dropout (kind) ? 0.5f : 0.0f;
        }
    }
  if (dropout_text != NULL)
    {
      g_autoptr(GArray) d = NULL;

      if (!mlp_model_kind_has_dropout (kind))
        return cli_usage_error ("train", _("--dropout: model %s has no dropout; use dropout-scratch or dropout"),
                                model_name);
      if (!cli_parse_doubles (dropout_text, "--dropout", 0, 1, &d, &error))
        return cli_fail ("train", error);
      if (d->len != 1 && d->len != mc.n_hidden)
        return cli_usage_error ("train", _("--dropout: give one rate or one per hidden layer (%u)"),
                                mc.n_hidden);
      for (guint i = 0; i < mc.n_hidden; i++)
        mc.dropouts[i] = (float) g_array_index (d, double, d->len == 1 ? 0 : i);
    }
  if (activation_text != NULL && !mlp_activation_from_string (activation_text, &mc.activation, &error))
    return cli_fail ("train", error);
  if (init_text != NULL && !mlp_init_parse (init_text, &mc.init, &error))
    return cli_fail ("train", error);
  if (epochs < 1 || batch_size < 1 || limit_train < 0 || limit_val < 0 || seed < 0)
    return cli_usage_error ("train", _("epochs and batch size must be at least 1; limits and seed must not be negative"));
  tc.epochs = (guint) epochs;
  tc.lr = (float) lr;
  tc.batch_size = (guint) batch_size;
  tc.momentum = (float) momentum;
  tc.weight_decay = (float) weight_decay;
  tc.seed = (guint64) seed;
  tc.limit_train = (gsize) limit_train;
  tc.limit_val = (gsize) limit_val;
  mc.seed = (guint64) seed;
  if (!mlp_train_config_validate (&tc, &error) || !mlp_model_config_validate (&mc, &error))
    return cli_fail ("train", error);

  found_dir = data_dir ? g_strdup (data_dir) : mlp_fashion_mnist_find (NULL);
  t0 = g_get_monotonic_time ();
  if (!mlp_fashion_mnist_load (found_dir, &train, &val, &error))
    return cli_fail ("train", error);
  load_seconds = (g_get_monotonic_time () - t0) / 1e6;

  model = mlp_model_new (&mc, &error);
  if (model == NULL)
    return cli_fail ("train", error);
  init_name = mlp_init_to_string (&mc.init);

  /* the message takes %lu, not G_GSIZE_FORMAT: xgettext cannot see through the macro */
  if (!quiet)
    {
      gsize n_params = mlp_model_count_parameters (model);

      printf (ngettext ("%s: %lu parameter, hiddens %s, %s, init %s; "
                        "Fashion-MNIST from %s (%lu train, %lu val) in %.2f s",
                        "%s: %lu parameters, hiddens %s, %s, init %s; "
                        "Fashion-MNIST from %s (%lu train, %lu val) in %.2f s", n_params),
              model_name, (unsigned long) n_params,
              hiddens_text ? hiddens_text : (mc.n_hidden == 2 ? "256,256" : "256"),
              mlp_activation_to_string (mc.activation), init_name, found_dir,
              (unsigned long) (tc.limit_train ? MIN (tc.limit_train, train->n) : train->n),
              (unsigned long) (tc.limit_val ? MIN (tc.limit_val, val->n) : val->n), load_seconds);
      putchar ('\n');
    }

  progress.tty = !quiet && isatty (STDERR_FILENO);
  cb.user_data = &progress;
  if (quiet)
    cb.epoch_done = NULL;
  signal (SIGINT, on_sigint);
  ok = mlp_trainer_fit (model, train, val, &tc, &cb, &res, &error);
  signal (SIGINT, SIG_DFL);
  if (progress.tty)
    g_printerr ("\r\033[K");
  if (!ok)
    {
      run_status = g_error_matches (error, MLP_ERROR, MLP_ERROR_CANCELLED) ? "stopped" :
                   g_error_matches (error, MLP_ERROR, MLP_ERROR_DIVERGED) ? "diverged" : "failed";
      g_printerr ("mlplab-cli train: %s\n", error->message);
    }
  else if (!quiet)
    {
      printf (_("%.0f examples/s, %.2f s in all"), res.samples_per_second, res.seconds);
      putchar ('\n');
    }

  if (json_path != NULL)
    {
      g_autoptr(GError) jerror = NULL;
      g_autofree char *json = summary_json (&mc, &tc, init_name, found_dir,
                                            tc.limit_train ? MIN (tc.limit_train, train->n) : train->n,
                                            tc.limit_val ? MIN (tc.limit_val, val->n) : val->n,
                                            mlp_model_count_parameters (model), &res, load_seconds,
                                            run_status, ok ? NULL : error->message);

      if (!g_file_set_contents (json_path, json, -1, &jerror))
        {
          mlp_train_result_clear (&res);
          return cli_fail ("train", jerror);
        }
    }
  if (save_path != NULL && ok)
    {
      g_autoptr(GError) serror = NULL;

      if (!mlp_checkpoint_save (save_path, model, &tc, res.epochs ? res.epochs->len : 0, &serror))
        {
          mlp_train_result_clear (&res);
          return cli_fail ("train", serror);
        }
      if (!quiet)
        {
          printf (_("saved %s"), save_path);
          putchar ('\n');
        }
    }
  mlp_train_result_clear (&res);
  return ok ? 0 : 1;
}
