/* mlp-run.c — see mlp-run.h.  The run's words and JSON on the main thread,
 * its files in jobs on the worker. */
#include "mlp-run.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>
#include <stdlib.h>

#include "mlp-checkpoint.h"
#include "mlp-error.h"
#include "mlp-fashion-mnist.h"
#include "mlp-file.h"
#include "mlp-json-reader.h"

MlpRun *
mlp_run_new (const char *status)
{
  MlpRun *run = g_new0 (MlpRun, 1);

  run->status = g_strdup (status);
  run->command = g_strdup ("");
  run->curves = mlp_board_curves_new ();
  mlp_train_config_init (&run->train);
  return run;
}

void
mlp_run_free (gpointer p)
{
  MlpRun *run = p;

  if (run == NULL)
    return;
  g_free (run->name);
  g_free (run->status);
  g_free (run->command);
  g_free (run->stored);
  mlp_board_curves_free (run->curves);
  g_clear_pointer (&run->model, mlp_model_free);
  g_free (run);
}

char *
mlp_run_dup_title (const MlpRun *run)
{
  return run->name != NULL ? g_strdup_printf ("#%u %s", run->number, run->name)
                           : g_strdup_printf ("#%u", run->number);
}

/* ------------------------------------------------------------ in words */

/* the chapter's class for the model, as the section's Model list names it */
static const char *
chapter_class (MlpModelKind kind)
{
  switch (kind)
    {
    case MLP_MODEL_MLP_SCRATCH:
      return "MLPScratch";
    case MLP_MODEL_MLP:
      return "MLP";
    case MLP_MODEL_DROPOUT_SCRATCH:
      return "DropoutMLPScratch";
    case MLP_MODEL_SOFTMAX:
      return "SoftmaxRegression";
    case MLP_MODEL_DROPOUT:
    default:
      return "DropoutMLP";
    }
}

/* "#2 MLP, 256 hidden units, all images"; (transfer full) */
static char *
describe_model (const MlpRun *run, const char *title)
{
  g_autofree char *hiddens = NULL;
  g_autofree char *images = NULL;

  if (!run->has_config)
    return g_strdup (title);
  hiddens = mlp_model_config_hiddens_to_string (&run->config, "-");
  if (run->train.limit_train == 0)
    images = g_strdup (_("all images"));
  else
    images = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u image", "%u images", run->train.limit_train),
                              (guint) run->train.limit_train);
  /* Translators: a run in the Runs list: its number, the chapter's class of
   * its model, the hidden units of each layer and how many training images
   * it used, "#2 MLP, 256 hidden units, all images" */
  return g_strdup_printf (_("%s %s, %s hidden units, %s"), title, chapter_class (run->config.kind),
                          hiddens, images);
}

/* how the run ended, in words; (transfer full) */
static char *
describe_status (const MlpRun *run)
{
  g_autofree char *stop = NULL;

  if (run->stopped_epoch > 0)
    /* Translators: a stopped run's parameters are those after this minibatch */
    stop = g_strdup_printf (_("stopped at epoch %u, batch %u"), run->stopped_epoch, run->stopped_batch);
  if (g_strcmp0 (run->status, "completed") == 0)
    return g_strdup (_("completed"));
  if (g_strcmp0 (run->status, "diverged") == 0)
    return g_strdup (_("diverged"));
  if (g_strcmp0 (run->status, "failed") == 0)
    return g_strdup (_("failed"));
  if (g_strcmp0 (run->status, "loaded") == 0)
    /* Translators: a run loaded from a file, and where it had been stopped */
    return stop != NULL ? g_strdup_printf (_("loaded, %s"), stop) : g_strdup (_("loaded"));
  return stop != NULL ? g_steal_pointer (&stop) : g_strdup (_("stopped"));
}

char *
mlp_run_dup_summary (const MlpRun *run)
{
  g_autofree char *title = mlp_run_dup_title (run);
  g_autofree char *model = describe_model (run, title);
  g_autofree char *status = describe_status (run);
  g_autofree char *metrics = NULL, *epochs = NULL, *seconds = NULL;
  guint n_epochs = mlp_board_curves_get_n_epochs (run->curves);

  metrics = n_epochs > 0 ? g_strdup_printf ("val_acc %.4f", g_array_index (run->curves->val_acc, double, n_epochs - 1))
                         : g_strdup ("–");
  epochs = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u epoch", "%u epochs", n_epochs), n_epochs);
  /* a short run in hundredths */
  seconds = g_strdup_printf (run->seconds < 1 ? "%.2f" : "%.1f", run->seconds);
  /* Translators: a run of the Runs list: what it trained, then how it ended,
   * "#2 MLP, 256 hidden units, all images\ncompleted: val_acc 0.8412, 10 epochs, 41.2 s" */
  return g_strdup_printf (_("%s\n%s: %s, %s, %s s"), model, status, metrics, epochs, seconds);
}

char *
mlp_run_dup_stopped_at (const MlpRun *run)
{
  if (run->stopped_epoch == 0)
    return NULL;
  return g_strdup_printf ("stopped at epoch %u, batch %u", run->stopped_epoch, run->stopped_batch);
}

/* ---------------------------------------------------------- JSON out */

/* The run's JSON: how it was made and its curves, written by the engine's
 * MlpJsonWriter (valid JSON for any path or title: non-ASCII stays UTF-8,
 * quotes and control characters are escaped). */
static void
json_curve (MlpJsonWriter *w, const char *key, GArray *a)
{
  mlp_json_writer_member_doubles (w, key, (const double *) (gpointer) a->data, a->len);
}

static void
write_model (MlpJsonWriter *w, const MlpModelConfig *mc, const MlpTrainConfig *train)
{
  g_autofree char *init = mlp_init_to_string (&mc->init);

  mlp_json_writer_member_string (w, "model", mlp_model_kind_to_string (mc->kind));
  mlp_json_writer_member_sizes (w, "hiddens", mc->hiddens, mc->n_hidden);
  mlp_json_writer_member_floats (w, "dropout", mc->dropouts, mc->n_hidden);
  mlp_json_writer_member_string (w, "activation", mlp_activation_to_string (mc->activation));
  mlp_json_writer_member_string (w, "init", init);
  mlp_json_writer_member_uint (w, "seed", mc->seed);
  mlp_json_writer_member_float (w, "lr", train->lr);
  mlp_json_writer_member_uint (w, "batch_size", train->batch_size);
  mlp_json_writer_member_uint (w, "epochs", train->epochs);
  mlp_json_writer_member_uint (w, "limit_train", train->limit_train);
}

void
mlp_run_write_json (const MlpRun *run, MlpJsonWriter *w)
{
  g_autofree char *title = mlp_run_dup_title (run);
  g_autofree char *stopped_at = mlp_run_dup_stopped_at (run);

  mlp_json_writer_begin_object (w);
  mlp_json_writer_member_uint (w, "run", run->number);
  mlp_json_writer_member_string (w, "title", title);
  if (run->name != NULL)
    mlp_json_writer_member_string (w, "name", run->name);
  mlp_json_writer_member_string (w, "status", run->status);
  if (stopped_at != NULL)
    {
      mlp_json_writer_member_string (w, "stopped_at", stopped_at);
      mlp_json_writer_member_uint (w, "stopped_epoch", run->stopped_epoch);
      mlp_json_writer_member_uint (w, "stopped_batch", run->stopped_batch);
    }
  mlp_json_writer_member_string (w, "command", run->command);
  mlp_json_writer_member_double (w, "seconds", run->seconds);
  if (run->has_config)
    write_model (w, &run->config, &run->train);
  json_curve (w, "epoch", run->curves->val_x);
  json_curve (w, "val_loss", run->curves->val_loss);
  json_curve (w, "val_acc", run->curves->val_acc);
  json_curve (w, "train_acc", run->curves->train_acc);
  json_curve (w, "train_loss_x", run->curves->avg_x);
  json_curve (w, "train_loss", run->curves->avg_y);
  json_curve (w, "minibatch_x", run->curves->raw_x);
  json_curve (w, "minibatch_loss", run->curves->raw_y);
  mlp_json_writer_end_object (w);
}

char *
mlp_run_json_path (const char *checkpoint)
{
  g_autofree char *base = g_str_has_suffix (checkpoint, ".safetensors")
                          ? g_strndup (checkpoint, strlen (checkpoint) - strlen (".safetensors"))
                          : g_strdup (checkpoint);

  return g_strconcat (base, ".json", NULL);
}

char *
mlp_run_store_dir (const char *section)
{
  return g_build_filename (g_get_user_data_dir (), "mlplab", "runs", section, NULL);
}

/* ----------------------------------------------------------- JSON in */

/* a curve of the document, or an empty one when it has none; FALSE when it
 * is there and is not an array of numbers */
static gboolean
read_curve (GVariant *doc, const char *key, GArray **out)
{
  g_autoptr(GVariant) value = g_variant_lookup_value (doc, key, NULL);

  *out = value != NULL ? mlp_json_dup_doubles (value) : g_array_new (FALSE, FALSE, sizeof (double));
  return *out != NULL;
}

/* the document's curves, each pair of the same length; (transfer full) */
static MlpBoardCurves *
read_curves (GVariant *doc, const char *what, GError **error)
{
  g_autoptr(MlpBoardCurves) c = mlp_board_curves_new ();
  const char *keys[] = { "epoch", "val_loss", "val_acc", "train_acc", "train_loss_x", "train_loss",
                         "minibatch_x", "minibatch_loss" };
  GArray **arrays[] = { &c->val_x, &c->val_loss, &c->val_acc, &c->train_acc, &c->avg_x, &c->avg_y,
                        &c->raw_x, &c->raw_y };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_clear_pointer (arrays[i], g_array_unref);
      if (!read_curve (doc, keys[i], arrays[i]))
        {
          g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, _("%s: “%s” is not a list of numbers"), what, keys[i]);
          return NULL;
        }
    }
  if (c->val_loss->len != c->val_x->len || c->val_acc->len != c->val_x->len ||
      c->train_acc->len != c->val_x->len || c->avg_y->len != c->avg_x->len || c->raw_y->len != c->raw_x->len)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, _("%s: its curves have different lengths"), what);
      return NULL;
    }
  return g_steal_pointer (&c);
}

/* a count of the document, 0 when it has none */
static guint
read_count (GVariant *doc, const char *key)
{
  double v = 0;

  return g_variant_lookup (doc, key, "d", &v) && v >= 0 && v < G_MAXUINT ? (guint) v : 0;
}

/* a number of the document in [lo, hi], or FALSE */
static gboolean
read_number (GVariant *doc, const char *key, double lo, double hi, double *out)
{
  return g_variant_lookup (doc, key, "d", out) && *out >= lo && *out <= hi;
}

/* the layers of the document's "hiddens" and "dropout" into mc */
static gboolean
read_layers (GVariant *doc, MlpModelConfig *mc)
{
  g_autoptr(GVariant) hv = g_variant_lookup_value (doc, "hiddens", NULL);
  g_autoptr(GVariant) dv = g_variant_lookup_value (doc, "dropout", NULL);
  g_autoptr(GArray) hiddens = mlp_json_dup_doubles (hv);
  g_autoptr(GArray) dropouts = mlp_json_dup_doubles (dv);

  if (hiddens == NULL || dropouts == NULL || hiddens->len < 1 || hiddens->len > MLP_MAX_HIDDEN ||
      dropouts->len != hiddens->len)
    return FALSE;
  mc->n_hidden = hiddens->len;
  for (guint l = 0; l < mc->n_hidden; l++)
    {
      double h = g_array_index (hiddens, double, l), p = g_array_index (dropouts, double, l);

      if (!(h >= 1 && h <= 16384 && h == (gsize) h && p >= 0 && p <= 1))
        return FALSE;
      mc->hiddens[l] = (gsize) h;
      mc->dropouts[l] = (float) p;
    }
  return TRUE;
}

/* The model and training settings of the document (mlp_run_write_json's),
 * so that a stored run is known without building its model.  FALSE when
 * they are missing or not valid. */
static gboolean
read_config (GVariant *doc, MlpRun *run)
{
  g_autofree char *kind = NULL, *activation = NULL, *init = NULL;
  MlpModelConfig mc;
  MlpModelKind k;
  double seed, lr, batch_size, epochs;

  if (!g_variant_lookup (doc, "model", "s", &kind) || !mlp_model_kind_from_string (kind, &k, NULL))
    return FALSE;
  mlp_model_config_init (&mc, k);
  if (!read_layers (doc, &mc) ||
      !g_variant_lookup (doc, "activation", "s", &activation) ||
      !mlp_activation_from_string (activation, &mc.activation, NULL) ||
      !g_variant_lookup (doc, "init", "s", &init) || !mlp_init_parse (init, &mc.init, NULL) ||
      !read_number (doc, "seed", 0, 9007199254740992.0, &seed) || !read_number (doc, "lr", 1e-9, 1e6, &lr) ||
      !read_number (doc, "batch_size", 1, 65536, &batch_size) || !read_number (doc, "epochs", 1, 10000, &epochs))
    return FALSE;
  mc.seed = (guint64) seed;
  if (!mlp_model_config_validate (&mc, NULL))
    return FALSE;
  run->config = mc;
  run->train.lr = (float) lr;
  run->train.batch_size = (guint) batch_size;
  run->train.epochs = (guint) epochs;
  run->train.seed = mc.seed;
  run->has_config = TRUE;
  return TRUE;
}

static void
take_string (char **field, char *value)
{
  g_free (*field);
  *field = value;
}

/* Reads the JSON beside a checkpoint into run: its curves, how it ended and
 * what the checkpoint does not say (the command, the image limit), and the
 * settings if run has none yet; status (nullable) receives the run's status.  FALSE with error when the file is
 * missing (G_FILE_ERROR_NOENT) or not a run's JSON. */
static gboolean
read_json (MlpRun *run, const char *path, char **status, GError **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  g_autoptr(GVariant) doc = NULL;
  g_autoptr(MlpBoardCurves) curves = NULL;
  static const char *const statuses[] = { "completed", "stopped", "diverged", "failed", "loaded", NULL };
  double seconds = 0;
  char *s = NULL;

  if (!g_file_get_contents (path, &text, &len, error) ||
      (doc = mlp_json_parse (text, len, path, error)) == NULL)
    return FALSE;
  if (!g_variant_is_of_type (doc, G_VARIANT_TYPE_VARDICT))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_FORMAT, _("%s is not the JSON of a run"), path);
      return FALSE;
    }
  curves = read_curves (doc, path, error);
  if (curves == NULL)
    return FALSE;
  mlp_board_curves_free (run->curves);
  run->curves = g_steal_pointer (&curves);
  if (g_variant_lookup (doc, "seconds", "d", &seconds) && seconds >= 0)
    run->seconds = seconds;
  if (g_variant_lookup (doc, "command", "s", &s))
    take_string (&run->command, s);
  if (g_variant_lookup (doc, "name", "s", &s))
    take_string (&run->name, s);
  if (status != NULL && g_variant_lookup (doc, "status", "s", &s))
    {
      if (g_strv_contains (statuses, s))
        take_string (status, s);
      else
        g_free (s);
    }
  run->stopped_epoch = read_count (doc, "stopped_epoch");
  run->stopped_batch = read_count (doc, "stopped_batch");
  if (!run->has_config)
    read_config (doc, run);
  run->train.limit_train = read_count (doc, "limit_train");
  return TRUE;
}

/* read_json, or a note in notes of why the run has no curves */
static void
read_json_beside (MlpRun *run, const char *checkpoint, char **status, GPtrArray *notes)
{
  g_autofree char *path = mlp_run_json_path (checkpoint);
  g_autoptr(GError) error = NULL;

  if (read_json (run, path, status, &error))
    return;
  if (g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    /* Translators: a checkpoint loaded without the JSON file beside it */
    g_ptr_array_add (notes, g_strdup_printf (_("no curves: %s is missing"), path));
  else
    g_ptr_array_add (notes, g_strdup_printf (_("no curves: %s"), error->message));
}

/* --------------------------------------------------------------- saving */

/* what the worker writes; everything is a copy */
typedef struct {
  char           *path;
  char           *json_path;
  char           *json;
  MlpModel       *model;        /* a copy of the parameters, or NULL: */
  char           *source;       /* the checkpoint in the store to copy them from */
  MlpCheckpointProgress progress;   /* how far the run got */
  MlpTrainConfig  train;
} Save;

void
mlp_run_save_free (gpointer p)
{
  Save *s = p;

  g_free (s->path);
  g_free (s->json_path);
  g_free (s->json);
  g_clear_pointer (&s->model, mlp_model_free);
  g_free (s->source);
  g_free (s);
}

gpointer
mlp_run_save_new (const MlpRun *run, const char *path, GError **error)
{
  g_autoptr(MlpModel) model = NULL;
  g_autoptr(MlpJsonWriter) w = mlp_json_writer_new (MLP_JSON_PRETTY);
  Save *s;

  if (run->model == NULL && run->stored == NULL)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   _("Run %u did not finish, so there are no trained parameters to save"), run->number);
      return NULL;
    }
  if (run->model != NULL)
    {
      model = mlp_model_new (mlp_model_get_config (run->model), error);
      if (model == NULL || !mlp_model_copy_parameters (model, run->model, error))
        return NULL;
    }
  mlp_run_write_json (run, w);
  s = g_new0 (Save, 1);
  s->path = g_strdup (path);
  s->json_path = mlp_run_json_path (path);
  s->json = g_string_free (mlp_json_writer_steal_string (w), FALSE);
  s->model = g_steal_pointer (&model);
  s->source = g_strdup (run->stored);
  /* mlplab.epochs: what the run was set to train, so that loading it puts
   * back its settings; mlplab.status says where a stopped run ended */
  s->train = run->train;
  s->progress.epochs = run->train.epochs;
  s->progress.stopped = run->stopped_epoch > 0;
  s->progress.stopped_epoch = run->stopped_epoch;
  s->progress.stopped_batch = run->stopped_batch;
  return s;
}

/* A second name for the checkpoint about to be replaced (a hard link
 * beside it, so nothing is copied), or NULL when there is none or no link
 * can be made; *existed: whether path was there.  (transfer full) */
static char *
keep_old (const char *path, gboolean *existed)
{
  g_autofree char *target = g_file_test (path, G_FILE_TEST_IS_SYMLINK) ? realpath (path, NULL) : g_strdup (path);
  g_autofree char *dir = NULL, *base = NULL;
  char *kept;

  *existed = g_file_test (path, G_FILE_TEST_EXISTS);
  if (!*existed || target == NULL)
    return NULL;
  dir = g_path_get_dirname (target);
  base = g_path_get_basename (target);
  /* named as the engine's temporary files, so that the next save removes
   * it should this process die before it does */
  kept = g_strdup_printf ("%s/.%s.mlplab-%d-kept00", dir, base, (int) getpid ());
  g_unlink (kept);
  if (link (target, kept) != 0)
    g_clear_pointer (&kept, g_free);
  return kept;
}

/* the kept checkpoint back in place of the new one (through a symbolic
 * link, onto its target) */
static void
put_back (const char *kept, const char *path)
{
  g_autofree char *target = g_file_test (path, G_FILE_TEST_IS_SYMLINK) ? realpath (path, NULL) : g_strdup (path);

  if (target == NULL || g_rename (kept, target) != 0)
    g_unlink (kept);
}

static void
drop_kept (const char *kept)
{
  if (kept != NULL)
    g_unlink (kept);
}

static gboolean
job_stopped (gpointer job)
{
  return !mlp_job_checkpoint (job);
}

gpointer
mlp_run_save_job (MlpJob *job, gpointer data, GError **error)
{
  Save *s = data;
  g_autoptr(MlpModel) from_store = NULL;
  g_autofree char *dir = g_path_get_dirname (s->path);
  MlpModel *model = s->model;
  g_autofree char *kept = NULL;
  gboolean existed;

  if (model == NULL)
    {
      MlpCheckpointLoadOptions options = { 0, job_stopped, job };

      from_store = mlp_checkpoint_load_full (s->source, &options, NULL, NULL, error);
      if (from_store == NULL)
        return NULL;
      model = from_store;
    }
  /* the store's folder, the first time */
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, MLP_ERROR, MLP_ERROR_IO, _("Could not create the folder %s: %s"), dir, g_strerror (saved));
      return NULL;
    }
  /* both files can be written, before either is touched */
  if (!mlp_file_check_writable (s->path, error) || !mlp_file_check_writable (s->json_path, error))
    return NULL;
  kept = keep_old (s->path, &existed);
  if (!mlp_checkpoint_save_full (s->path, model, &s->train, &s->progress, error))
    {
      drop_kept (kept);
      return NULL;
    }
  if (!mlp_file_save_contents (s->json_path, s->json, -1, error))
    {
      /* never a new checkpoint beside the old JSON: the old one comes back,
       * or a checkpoint this save made goes */
      if (kept != NULL)
        put_back (kept, s->path);
      else if (!existed)
        g_remove (s->path);
      return NULL;
    }
  drop_kept (kept);
  return g_strdup (s->path);
}

/* -------------------------------------------------------------- reading */

typedef struct {
  char     *path;
  gboolean  dropout;
} Read;

gpointer
mlp_run_read_new (const char *path, gboolean dropout)
{
  Read *r = g_new0 (Read, 1);

  r->path = g_strdup (path);
  r->dropout = !!dropout;
  return r;
}

void
mlp_run_read_free (gpointer p)
{
  Read *r = p;

  g_free (r->path);
  g_free (r);
}

void
mlp_run_files_free (gpointer p)
{
  MlpRunFiles *files = p;

  if (files == NULL)
    return;
  g_ptr_array_unref (files->runs);
  g_ptr_array_unref (files->notes);
  g_free (files);
}

static MlpRunFiles *
run_files_new (void)
{
  MlpRunFiles *files = g_new0 (MlpRunFiles, 1);

  files->runs = g_ptr_array_new_with_free_func (mlp_run_free);
  files->notes = g_ptr_array_new_with_free_func (g_free);
  return files;
}

/* whether the section trains the model of the file at path: with dropout
 * and two hidden layers (dropout) or one hidden layer without, 784 inputs
 * and 10 classes */
static gboolean
section_trains (const MlpModelConfig *mc, gboolean dropout, const char *path, GError **error)
{
  if (mlp_model_kind_has_dropout (mc->kind) == dropout && mc->n_hidden == (dropout ? 2u : 1u) &&
      mc->num_inputs == MLP_FASHION_MNIST_PIXELS && mc->num_outputs == MLP_FASHION_MNIST_CLASSES)
    return TRUE;
  g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT, _("%s holds a %s model that this section cannot train"),
               path, mlp_model_kind_to_string (mc->kind));
  return FALSE;
}


/* the checkpoint at path as a "loaded" run, if its model is one the
 * section trains; read in chunks that Stop can end (job may be NULL), with
 * a note in notes (nullable) when it holds NaN or infinite values;
 * (transfer full) */
static MlpRun *
read_checkpoint (MlpJob *job, const char *path, gboolean dropout, GPtrArray *notes, GError **error)
{
  MlpCheckpointLoadOptions options = { 0, job != NULL ? job_stopped : NULL, job };
  MlpTrainConfig train;
  g_autoptr(MlpModel) model = NULL;
  const MlpModelConfig *mc;
  gsize nonfinite;
  MlpRun *run;

  mlp_train_config_init (&train);
  model = mlp_checkpoint_load_full (path, &options, &train, NULL, error);
  if (model == NULL)
    return NULL;
  nonfinite = mlp_model_count_nonfinite (model);
  if (nonfinite > 0 && notes != NULL)
    g_ptr_array_add (notes, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                          "%s holds %lu parameter that is NaN or infinite",
                                                          "%s holds %lu parameters that are NaN or infinite",
                                                          nonfinite),
                                             path, (unsigned long) nonfinite));
  mc = mlp_model_get_config (model);
  if (!section_trains (mc, dropout, path, error))
    return NULL;
  run = mlp_run_new ("loaded");
  run->config = *mc;
  run->train = train;
  run->has_config = TRUE;
  run->model = g_steal_pointer (&model);
  return run;
}

gpointer
mlp_run_read_job (MlpJob *job, gpointer data, GError **error)
{
  Read *req = data;
  MlpRunFiles *files;
  g_autoptr(GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
  MlpRun *run = read_checkpoint (job, req->path, req->dropout, warnings, error);

  if (run == NULL)
    return NULL;
  files = run_files_new ();
  g_ptr_array_extend_and_steal (files->notes, g_steal_pointer (&warnings));
  read_json_beside (run, req->path, NULL, files->notes);
  g_ptr_array_add (files->runs, run);
  return files;
}

static int
compare_paths (gconstpointer a, gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* the checkpoints in dir, by name (which is by time in the store) */
static GPtrArray *
list_checkpoints (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".safetensors"))
      g_ptr_array_add (paths, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (paths, compare_paths);
  return paths;
}

/* A run of the store: what its JSON says, which needs no model built (a
 * start-up with many runs stays quick); the checkpoint itself when the
 * JSON is missing or broken.  NULL, with a note, for a file that is not a
 * run of the section.  (transfer full) */
static MlpRun *
scan_run (const char *path, gboolean dropout, GPtrArray *notes)
{
  g_autofree char *json_path = mlp_run_json_path (path);
  g_autoptr(GError) error = NULL;
  MlpRun *run = mlp_run_new ("completed");

  if (!read_json (run, json_path, &run->status, NULL) || !run->has_config)
    {
      /* the checkpoint says what it is, and the note why it has no curves */
      mlp_run_free (run);
      run = read_checkpoint (NULL, path, dropout, notes, &error);
      if (run != NULL)
        {
          g_clear_pointer (&run->model, mlp_model_free);
          g_free (run->status);
          run->status = g_strdup ("completed");
          read_json_beside (run, path, &run->status, notes);
        }
    }
  else if (!section_trains (&run->config, dropout, path, &error))
    g_clear_pointer (&run, mlp_run_free);
  if (run == NULL)
    {
      g_ptr_array_add (notes, g_strdup (error->message));
      return NULL;
    }
  /* the parameters stay on disk until they are saved elsewhere */
  run->stored = g_strdup (path);
  return run;
}

gpointer
mlp_run_scan_store_job (MlpJob *job, gpointer data, GError **error)
{
  Read *req = data;
  g_autoptr(GPtrArray) paths = list_checkpoints (req->path);
  MlpRunFiles *files = run_files_new ();

  for (guint i = 0; i < paths->len && mlp_job_checkpoint (job); i++)
    {
      MlpRun *run = scan_run (paths->pdata[i], req->dropout, files->notes);

      if (run != NULL)
        g_ptr_array_add (files->runs, run);
    }
  return files;
}

gpointer
mlp_run_delete_job (MlpJob *job, gpointer data, GError **error)
{
  const char *path = data;
  g_autofree char *json_path = mlp_run_json_path (path);

  if (g_remove (path) != 0 && errno != ENOENT)
    {
      int saved = errno;

      g_set_error (error, MLP_ERROR, MLP_ERROR_IO, _("Could not delete %s: %s"), path, g_strerror (saved));
      return NULL;
    }
  g_remove (json_path);
  return GINT_TO_POINTER (TRUE);
}
