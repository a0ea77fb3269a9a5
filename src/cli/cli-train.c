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
#include "mlp-json-writer.h"
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

/* the command line, as GOption fills it (its strings are the option table's) */
typedef struct {
  char     *model_name;   /* GOption leaks a non-NULL default: all start NULL */
  char     *hiddens_text;
  char     *dropout_text;
  char     *activation_text;
  char     *init_text;
  char     *data_dir;
  char     *json_path;
  char     *save_path;
  char     *max_model_bytes;
  int       epochs;
  int       batch_size;
  double    lr;
  double    momentum;
  double    weight_decay;
  gint64    seed;
  gint64    limit_train;
  gint64    limit_val;
  gboolean  quiet;
} TrainOptions;

/* what a run was and did, for the summary */
typedef struct {
  const MlpModelConfig *mc;
  const MlpTrainConfig *tc;
  const char           *init;        /* the scheme, as mlp_init_to_string() spells it */
  const char           *data_dir;
  gsize                 n_train;     /* examples used */
  gsize                 n_val;
  gsize                 n_params;
  const MlpTrainResult *result;
  double                load_seconds;
  const char           *status;      /* completed, stopped, diverged or failed */
  const char           *message;     /* (nullable) why it did not complete */
} TrainSummary;

/* "key": [one member of every epoch's report] */
static void
json_curve (MlpJsonWriter *json, const char *key, GArray *epochs, gsize offset)
{
  mlp_json_writer_key (json, key);
  mlp_json_writer_begin_array (json);
  for (guint i = 0; epochs != NULL && i < epochs->len; i++)
    {
      const MlpEpochReport *r = &g_array_index (epochs, MlpEpochReport, i);

      mlp_json_writer_double (json, G_STRUCT_MEMBER (double, r, offset));
    }
  mlp_json_writer_end_array (json);
}

/* the hyper-parameters of the model and of the run */
static void
json_config (MlpJsonWriter *json, const TrainSummary *s)
{
  const MlpModelConfig *mc = s->mc;
  GArray *ep = s->result->epochs;

  mlp_json_writer_member_uint (json, "epochs", ep ? ep->len : 0);
  mlp_json_writer_member_uint (json, "max_epochs", s->tc->epochs);
  mlp_json_writer_member_uint (json, "seed", s->tc->seed);
  mlp_json_writer_member_float (json, "lr", s->tc->lr);
  mlp_json_writer_member_uint (json, "batch_size", s->tc->batch_size);
  mlp_json_writer_member_sizes (json, "hiddens", mc->hiddens, mc->n_hidden);
  mlp_json_writer_member_floats (json, "dropout", mc->dropouts,
                                 mlp_model_kind_has_dropout (mc->kind) ? mc->n_hidden : 0);
  mlp_json_writer_member_string (json, "activation", mlp_activation_to_string (mc->activation));
  mlp_json_writer_member_string (json, "init", s->init);
  mlp_json_writer_member_uint (json, "parameters", s->n_params);
}

/* The --json summary: how the run was made, its last losses and curves,
 * and how long it took. */
static gboolean
write_summary (const char *path, const TrainSummary *s, GError **error)
{
  g_autoptr(MlpJsonWriter) json = mlp_json_writer_new (MLP_JSON_PRETTY);
  GArray *ep = s->result->epochs;
  const MlpEpochReport *last = ep && ep->len ? &g_array_index (ep, MlpEpochReport, ep->len - 1) : NULL;

  mlp_json_writer_begin_object (json);
  mlp_json_writer_member_string (json, "model", mlp_model_kind_to_string (s->mc->kind));
  mlp_json_writer_member_string (json, "status", s->status);
  if (s->message != NULL)
    mlp_json_writer_member_string (json, "message", s->message);
  json_config (json, s);
  mlp_json_writer_member_string (json, "data_dir", s->data_dir);
  mlp_json_writer_member_uint (json, "n_train", s->n_train);
  mlp_json_writer_member_uint (json, "n_val", s->n_val);
  mlp_json_writer_member_double (json, "train_loss", last ? last->train_loss : NAN);
  mlp_json_writer_member_double (json, "val_loss", last ? last->val_loss : NAN);
  mlp_json_writer_member_double (json, "val_acc", last ? last->val_acc : NAN);
  json_curve (json, "train_loss_curve", ep, G_STRUCT_OFFSET (MlpEpochReport, train_loss));
  json_curve (json, "train_acc_curve", ep, G_STRUCT_OFFSET (MlpEpochReport, train_acc));
  json_curve (json, "val_loss_curve", ep, G_STRUCT_OFFSET (MlpEpochReport, val_loss));
  json_curve (json, "val_acc_curve", ep, G_STRUCT_OFFSET (MlpEpochReport, val_acc));
  json_curve (json, "epoch_seconds", ep, G_STRUCT_OFFSET (MlpEpochReport, seconds));
  if (s->result->stop_epoch != 0)
    {
      mlp_json_writer_member_uint (json, "stopped_epoch", s->result->stop_epoch);
      mlp_json_writer_member_uint (json, "stopped_batch", s->result->stop_batch);
    }
  mlp_json_writer_member_double (json, "load_seconds", s->load_seconds);
  mlp_json_writer_member_double (json, "total_seconds", s->result->seconds);
  mlp_json_writer_member_double (json, "samples_per_second", s->result->samples_per_second);
  mlp_json_writer_member_double (json, "peak_rss_mib", cli_peak_rss_mib ());
  mlp_json_writer_end_object (json);
  return mlp_json_writer_save (json, path, error);
}

/* --hiddens and --dropout into mc; 0, or the exit status after a message */
static int
configure_layers (const TrainOptions *o, MlpModelKind kind, MlpModelConfig *mc)
{
  g_autoptr(GError) error = NULL;

  if (o->hiddens_text != NULL && *o->hiddens_text == '\0')
    mc->n_hidden = 0;   /* --hiddens '': no hidden layer (softmax regression) */
  else if (o->hiddens_text != NULL)
    {
      g_autoptr(GArray) h = NULL;

      if (!cli_parse_doubles (o->hiddens_text, "--hiddens", 1, 16384, &h, &error))
        return cli_fail ("train", error);
      if (h->len > MLP_MAX_HIDDEN)
        return cli_usage_error ("train", ngettext ("--hiddens: at most %d layer",
                                                   "--hiddens: at most %d layers", MLP_MAX_HIDDEN),
                                MLP_MAX_HIDDEN);
      mc->n_hidden = h->len;
      for (guint i = 0; i < h->len; i++)
        {
          double v = g_array_index (h, double, i);

          if (v != floor (v))
            return cli_usage_error ("train", _("--hiddens: %g is not a whole number"), v);
          mc->hiddens[i] = (gsize) v;
          mc->dropouts[i] = mlp_model_kind_has_dropout (kind) ? 0.5f : 0.0f;
        }
    }
  if (o->dropout_text != NULL)
    {
      g_autoptr(GArray) d = NULL;

      if (!mlp_model_kind_has_dropout (kind))
        return cli_usage_error ("train", _("--dropout: model %s has no dropout; use dropout-scratch or dropout"),
                                o->model_name);
      if (!cli_parse_doubles (o->dropout_text, "--dropout", 0, 1, &d, &error))
        return cli_fail ("train", error);
      if (d->len != 1 && d->len != mc->n_hidden)
        return cli_usage_error ("train", _("--dropout: give one rate or one per hidden layer (%u)"),
                                mc->n_hidden);
      for (guint i = 0; i < mc->n_hidden; i++)
        mc->dropouts[i] = (float) g_array_index (d, double, d->len == 1 ? 0 : i);
    }
  return 0;
}

/* All the options into mc and tc; 0, or the exit status after a message. */
static int
configure (TrainOptions *o, MlpModelConfig *mc, MlpTrainConfig *tc)
{
  g_autoptr(GError) error = NULL;
  MlpModelKind kind;
  int status;

  if (o->model_name == NULL)
    o->model_name = g_strdup ("mlp-scratch");
  if (!mlp_model_kind_from_string (o->model_name, &kind, &error))
    return cli_fail ("train", error);
  mlp_model_config_init (mc, kind);
  mlp_train_config_init (tc);
  if ((status = configure_layers (o, kind, mc)) != 0)
    return status;
  if (o->activation_text != NULL && !mlp_activation_from_string (o->activation_text, &mc->activation, &error))
    return cli_fail ("train", error);
  if (o->init_text != NULL && !mlp_init_parse (o->init_text, &mc->init, &error))
    return cli_fail ("train", error);
  if (o->epochs < 1 || o->batch_size < 1 || o->limit_train < 0 || o->limit_val < 0 || o->seed < 0)
    return cli_usage_error ("train", _("epochs and batch size must be at least 1; limits and seed must not be negative"));
  tc->epochs = (guint) o->epochs;
  tc->lr = (float) o->lr;
  tc->batch_size = (guint) o->batch_size;
  tc->momentum = (float) o->momentum;
  tc->weight_decay = (float) o->weight_decay;
  tc->seed = (guint64) o->seed;
  tc->limit_train = (gsize) o->limit_train;
  tc->limit_val = (gsize) o->limit_val;
  mc->seed = (guint64) o->seed;
  if (o->max_model_bytes != NULL &&
      !cli_parse_bytes (o->max_model_bytes, "--max-model-bytes", &mc->max_param_bytes, &error))
    return cli_fail ("train", error);
  if (!mlp_train_config_validate (tc, &error))
    return cli_fail ("train", error);
  if (!mlp_model_config_validate (mc, &error))
    {
      guint64 budget = mc->max_param_bytes ? mc->max_param_bytes : MLP_MODEL_MAX_PARAM_BYTES;

      if (mlp_model_config_count_parameters (mc) > budget / sizeof (float))
        /* Translators: %s is the engine's message about the parameter budget */
        return cli_usage_error ("train", _("%s (see --max-model-bytes)"), error->message);
      return cli_fail ("train", error);
    }
  return 0;
}

/* the line before the first epoch: the model and the data */
static void
print_setup (const TrainOptions *o, const MlpModelConfig *mc, const TrainSummary *s)
{
  g_autofree char *hiddens = mlp_model_config_hiddens_to_string (mc, ",");
  /* the message takes %lu, not G_GSIZE_FORMAT: xgettext cannot see through the macro */
  printf (ngettext ("%s: %lu parameter, hiddens %s, %s, init %s; "
                    "Fashion-MNIST from %s (%lu train, %lu val) in %.2f s",
                    "%s: %lu parameters, hiddens %s, %s, init %s; "
                    "Fashion-MNIST from %s (%lu train, %lu val) in %.2f s", s->n_params),
          o->model_name, (unsigned long) s->n_params,
          /* Translators: the hidden layers of softmax regression */
          mc->n_hidden ? hiddens : _("none"),
          mlp_activation_to_string (mc->activation), s->init, s->data_dir,
          (unsigned long) s->n_train, (unsigned long) s->n_val, s->load_seconds);
  putchar ('\n');
}

/* trainer.fit with the terminal's progress and Ctrl+C as the stop button;
 * the run's status word for the summary */
static const char *
fit (MlpModel *model, const MlpDataset *train, const MlpDataset *val, const MlpTrainConfig *tc,
     gboolean quiet, MlpTrainResult *res, GError **error)
{
  MlpTrainerCallbacks cb = { batch_done, epoch_done, should_stop, NULL };
  TrainProgress progress = { !quiet && isatty (STDERR_FILENO) };
  gboolean ok;

  cb.user_data = &progress;
  if (quiet)
    cb.epoch_done = NULL;
  signal (SIGINT, on_sigint);
  ok = mlp_trainer_fit (model, train, val, tc, &cb, res, error);
  signal (SIGINT, SIG_DFL);
  if (progress.tty)
    g_printerr ("\r\033[K");
  if (ok)
    return "completed";
  g_printerr ("mlplab-cli train: %s\n", (*error)->message);
  return g_error_matches (*error, MLP_ERROR, MLP_ERROR_CANCELLED) ? "stopped" :
         g_error_matches (*error, MLP_ERROR, MLP_ERROR_DIVERGED) ? "diverged" : "failed";
}

/* The outputs at the end of a run: each is written even when another
 * fails; the checkpoint of a completed or stopped run (with where it
 * stopped), never of one that diverged.  0, or the first failure's status. */
static int
write_outputs (const TrainOptions *o, MlpModel *model, const MlpTrainConfig *tc,
               const TrainSummary *s, gboolean save)
{
  const MlpTrainResult *res = s->result;
  g_autofree char *save_display = o->save_path ? g_filename_display_name (o->save_path) : NULL;
  MlpCheckpointProgress progress = {
    res->epochs ? res->epochs->len : 0, res->stop_epoch != 0, res->stop_epoch, res->stop_batch,
  };
  g_autoptr(GError) jerror = NULL, serror = NULL;
  int status = 0;

  if (o->json_path != NULL && !write_summary (o->json_path, s, &jerror))
    status = cli_fail ("train", jerror);
  if (o->save_path == NULL)
    return status;
  if (!save)
    {
      /* Translators: after the message saying why the run failed */
      g_printerr ("mlplab-cli train: %s\n", _("the run did not complete: nothing was saved"));
      return status;
    }
  if (!mlp_checkpoint_save_full (o->save_path, model, tc, &progress, &serror))
    {
      int failed = cli_fail ("train", serror);

      return status != 0 ? status : failed;
    }
  if (o->quiet)
    return status;
  if (progress.stopped)
    printf (_("saved %s (stopped at epoch %u, batch %u)"), save_display, progress.stopped_epoch,
            progress.stopped_batch);
  else
    printf (_("saved %s"), save_display);
  putchar ('\n');
  return status;
}

int
cli_train (int argc, char **argv)
{
  TrainOptions o = { .epochs = 10, .batch_size = 256, .lr = 0.1 };
  const GOptionEntry entries[] = {
    /* Translators: the model names are values of --model; keep them */
    { "model", 'm', 0, G_OPTION_ARG_STRING, &o.model_name, N_("mlp-scratch (default), mlp, dropout-scratch, dropout or softmax"), N_("MODEL") },
    { "epochs", 'e', 0, G_OPTION_ARG_INT, &o.epochs, N_("Number of epochs (10)"), "N" },
    { "lr", 0, 0, G_OPTION_ARG_DOUBLE, &o.lr, N_("Learning rate (0.1)"), "LR" },
    { "batch-size", 'b', 0, G_OPTION_ARG_INT, &o.batch_size, N_("Minibatch size (256)"), "N" },
    { "hiddens", 0, 0, G_OPTION_ARG_STRING, &o.hiddens_text, N_("Hidden units per layer (256; 256,256 for the dropout models; '' for none, with softmax)"), "N[,N…]" },
    { "dropout", 0, 0, G_OPTION_ARG_STRING, &o.dropout_text, N_("Dropout after each hidden layer, dropout models only (0.5,0.5)"), "P[,P…]" },
    { "activation", 0, 0, G_OPTION_ARG_STRING, &o.activation_text, N_("relu (default), prelu, sigmoid or tanh"), N_("NAME") },
    /* Translators: the schemes are values of --init; keep them */
    { "init", 0, 0, G_OPTION_ARG_STRING, &o.init_text, N_("normal[:σ] (mlp-scratch: normal:0.01), xavier-normal, xavier-uniform, he, torch (concise models), zeros, constant:c"), N_("SCHEME") },
    { "momentum", 0, 0, G_OPTION_ARG_DOUBLE, &o.momentum, N_("SGD momentum (0)"), "M" },
    { "weight-decay", 0, 0, G_OPTION_ARG_DOUBLE, &o.weight_decay, N_("SGD weight decay (0)"), "WD" },
    { "seed", 's', 0, G_OPTION_ARG_INT64, &o.seed, N_("Random seed for weights, dropout and data order (0)"), "N" },
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, &o.data_dir, N_("Folder with the Fashion-MNIST files (default: the search order)"), N_("DIR") },
    { "limit-train", 0, 0, G_OPTION_ARG_INT64, &o.limit_train, N_("Train on the first N images only"), "N" },
    { "limit-val", 0, 0, G_OPTION_ARG_INT64, &o.limit_val, N_("Validate on the first N images only"), "N" },
    /* Translators: FILE is the placeholder after --json; use the word you chose for it */
    { "json", 'j', 0, G_OPTION_ARG_FILENAME, &o.json_path, N_("Write a JSON summary to FILE"), N_("FILE") },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &o.save_path, N_("Save the trained parameters (safetensors), also of a run stopped with Ctrl+C"), N_("FILE") },
    { "max-model-bytes", 0, 0, G_OPTION_ARG_STRING, &o.max_model_bytes, N_("Refuse a model whose parameters take more (2G)"), N_("BYTES") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &o.quiet, N_("Print no per-epoch lines"), NULL },
    { NULL }
  };
  g_auto(CliOptionTable) table = entries;
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpDataset) train = NULL, val = NULL;
  g_autoptr(MlpModel) model = NULL;
  g_autofree char *found_dir = NULL, *data_display = NULL, *init_name = NULL;
  MlpModelConfig mc;
  MlpTrainConfig tc;
  MlpTrainResult res = { 0 };
  TrainSummary s = { &mc, &tc, .result = &res };
  gboolean stopped;
  int status = 0;
  gint64 t0;

  if (!cli_parse (&argc, &argv, "train", NULL,
                  N_("Train one of the chapter's models on Fashion-MNIST, as d2l's trainer.fit."),
                  entries, &status))
    return status;
  if ((status = configure (&o, &mc, &tc)) != 0)
    return status;
  /* an output that cannot be written fails now, not after the run */
  if (!cli_check_output ("train", o.json_path) || !cli_check_output ("train", o.save_path))
    return 1;

  found_dir = o.data_dir ? g_strdup (o.data_dir) : mlp_fashion_mnist_find (NULL);
  t0 = g_get_monotonic_time ();
  if (!mlp_fashion_mnist_load (found_dir, &train, &val, &error))
    return cli_fail ("train", error);
  s.load_seconds = (g_get_monotonic_time () - t0) / 1e6;
  model = mlp_model_new (&mc, &error);
  if (model == NULL)
    return cli_fail ("train", error);
  init_name = mlp_init_to_string (&mc.init);
  data_display = g_filename_display_name (found_dir);
  s.init = init_name;
  s.data_dir = data_display;
  s.n_train = tc.limit_train ? MIN (tc.limit_train, train->n) : train->n;
  s.n_val = tc.limit_val ? MIN (tc.limit_val, val->n) : val->n;
  s.n_params = mlp_model_count_parameters (model);
  if (!o.quiet)
    print_setup (&o, &mc, &s);

  s.status = fit (model, train, val, &tc, o.quiet, &res, &error);
  s.message = error != NULL ? error->message : NULL;
  if (error == NULL && !o.quiet)
    {
      printf (_("%.0f examples/s, %.2f s in all"), res.samples_per_second, res.seconds);
      putchar ('\n');
    }

  /* Ctrl+C keeps the parameters as they were at the stop */
  stopped = g_error_matches (error, MLP_ERROR, MLP_ERROR_CANCELLED);
  status = write_outputs (&o, model, &tc, &s, error == NULL || stopped);
  mlp_train_result_clear (&res);
  return status != 0 ? status : error == NULL ? 0 : stopped ? 130 : 1;
}
