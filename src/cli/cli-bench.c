/* cli-bench.c — `mlplab-cli bench`: how fast is this machine at the chapter?
 * Times loading Fashion-MNIST, one epoch of a model on all 60,000 images plus
 * validation, and the same epoch's sgemm calls alone, and states the epoch's
 * FLOP rate as a fraction of sgemm's.  docs/BENCHMARKS.md records the results
 * and bench/compare.sh runs PyTorch side by side. */
#include <math.h>
#include <stdio.h>

#include <glib/gi18n.h>

#include "cli-common.h"
#include "mlp-bench.h"
#include "mlp-dataset.h"
#include "mlp-fashion-mnist.h"
#include "mlp-json-writer.h"
#include "mlp-models.h"
#include "mlp-trainer.h"

static int
compare_doubles (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *v)
{
  g_array_sort (v, compare_doubles);
  return v->len ? g_array_index (v, double, v->len / 2) : NAN;
}

/* the report: a column of labels and one of values; the labels are
 * translated, so the column is as wide as the widest label needs (15 in
 * English) */
typedef struct {
  const char *label;   /* translated, not owned */
  char       *value;
} BenchRow;

static void
bench_row_clear (BenchRow *row)
{
  g_free (row->value);
}

static void
print_rows (GArray *rows)
{
  glong width = 15;

  for (guint i = 0; i < rows->len; i++)
    width = MAX (width, g_utf8_strlen (g_array_index (rows, BenchRow, i).label, -1) + 2);
  for (guint i = 0; i < rows->len; i++)
    {
      const BenchRow *row = &g_array_index (rows, BenchRow, i);

      /* pad by characters, not bytes: labels may hold umlauts */
      printf ("%s%*s%s\n", row->label, (int) (width - g_utf8_strlen (row->label, -1)), "",
              row->value);
    }
}

static void
add_row (GArray *rows, const char *label, char *value)
{
  BenchRow row = { label, value };

  g_array_append_val (rows, row);
}

/* what was measured */
typedef struct {
  const char   *model_name;
  MlpModelKind  kind;
  char         *dir;           /* where the data came from, owned */
  GArray       *loads;         /* double: seconds of each load */
  GArray       *epochs;        /* double: seconds of each epoch */
  double        best_load;
  double        best_epoch;
  double        val_acc;       /* after the last epoch */
  gsize         n_train;
  gsize         n_val;
  guint         batch_size;
  double        flops;         /* of one epoch's matrix products */
  double        sgemm_s;       /* those products alone */
} Bench;

static void
bench_clear (Bench *b)
{
  g_free (b->dir);
  g_clear_pointer (&b->loads, g_array_unref);
  g_clear_pointer (&b->epochs, g_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Bench, bench_clear)

/* loads the data `repeat` times; the last load stays in train and val */
static gboolean
time_loading (Bench *b, int repeat, MlpDataset **train, MlpDataset **val, GError **error)
{
  for (int r = 0; r < repeat; r++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double s;

      g_clear_pointer (train, mlp_dataset_free);
      g_clear_pointer (val, mlp_dataset_free);
      if (!mlp_fashion_mnist_load (b->dir, train, val, error))
        return FALSE;
      s = (g_get_monotonic_time () - t0) / 1e6;
      g_array_append_val (b->loads, s);
      b->best_load = MIN (b->best_load, s);
    }
  return TRUE;
}

/* one epoch of a fresh model, `repeat` times, then the same epoch's sgemm
 * calls alone */
static gboolean
time_epochs (Bench *b, int repeat, const MlpDataset *train, const MlpDataset *val, GError **error)
{
  MlpModelConfig mc;
  MlpTrainConfig tc;

  mlp_model_config_init (&mc, b->kind);
  mlp_train_config_init (&tc);
  tc.epochs = 1;
  for (int r = 0; r < repeat; r++)
    {
      g_autoptr(MlpModel) model = mlp_model_new (&mc, error);
      MlpTrainResult res = { 0 };
      double s;

      if (model == NULL || !mlp_trainer_fit (model, train, val, &tc, NULL, &res, error))
        {
          mlp_train_result_clear (&res);
          return FALSE;
        }
      s = g_array_index (res.epochs, MlpEpochReport, 0).seconds;
      b->val_acc = g_array_index (res.epochs, MlpEpochReport, 0).val_acc;
      g_array_append_val (b->epochs, s);
      b->best_epoch = MIN (b->best_epoch, s);
      mlp_train_result_clear (&res);
    }

  b->n_train = train->n;
  b->n_val = val->n;
  b->batch_size = tc.batch_size;
  b->flops = mlp_bench_epoch_flops (train->n, val->n, tc.batch_size, mc.num_inputs,
                                    mc.hiddens[0], mc.num_outputs);
  b->sgemm_s = mlp_bench_epoch_sgemm (train->n, val->n, tc.batch_size, mc.num_inputs,
                                      mc.hiddens[0], mc.num_outputs, (guint) repeat);
  return TRUE;
}

static void
print_report (Bench *b)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (BenchRow));
  g_autofree char *cpus = NULL, *blas_threads = NULL;
  double sgemm_rate = b->flops / b->sgemm_s, epoch_rate = b->flops / b->best_epoch;

  g_array_set_clear_func (rows, (GDestroyNotify) bench_row_clear);
  cpus = g_strdup_printf (ngettext ("%u CPU", "%u CPUs", g_get_num_processors ()),
                          g_get_num_processors ());
  blas_threads = g_strdup_printf (ngettext ("%d BLAS thread", "%d BLAS threads", mlp_blas_get_threads ()),
                                  mlp_blas_get_threads ());
  /* Translators: a label of the bench report; the values line up after the widest label */
  add_row (rows, _("machine"),
           /* Translators: "8 CPUs, OpenBLAS Haswell kernel, 2 BLAS threads" */
           g_strdup_printf (_("%s, OpenBLAS %s kernel, %s"), cpus, mlp_blas_core_name (), blas_threads));
  add_row (rows, _("load"),
           g_strdup_printf (_("%.3f s best, %.3f s median (4 files from %s)"),
                            b->best_load, median (b->loads), b->dir));
  /* the messages take %lu, not G_GSIZE_FORMAT: xgettext cannot see through the macro */
  if (b->kind == MLP_MODEL_MLP_SCRATCH || b->kind == MLP_MODEL_MLP)
    {
      add_row (rows, _("epoch"),
               /* Translators: val_acc is the chapter's name; keep it */
               g_strdup_printf (_("%.3f s best, %.3f s median (%s, %lu train + %lu val images, batch %u, val_acc %.4f)"),
                                b->best_epoch, median (b->epochs), b->model_name, (unsigned long) b->n_train,
                                (unsigned long) b->n_val, b->batch_size, b->val_acc));
      add_row (rows, _("sgemm alone"),
               g_strdup_printf (_("%.3f s for the same products: %.1f GFLOP/s"), b->sgemm_s, sgemm_rate / 1e9));
      add_row (rows, _("epoch rate"),
               g_strdup_printf (_("%.1f GFLOP/s = %.0f%% of sgemm's rate on the same shapes (%.2f GFLOP per epoch)"),
                                epoch_rate / 1e9, 100.0 * epoch_rate / sgemm_rate, b->flops / 1e9));
    }
  else
    add_row (rows, _("epoch"),
             /* Translators: val_acc is the chapter's name; keep it */
             g_strdup_printf (_("%.3f s best, %.3f s median (%s, val_acc %.4f)"),
                              b->best_epoch, median (b->epochs), b->model_name, b->val_acc));
  add_row (rows, _("peak memory"), g_strdup_printf ("%.1f MiB", cli_peak_rss_mib ()));
  print_rows (rows);
}

/* the numbers bench/compare.sh reads */
static gboolean
write_json (Bench *b, const char *path, GError **error)
{
  g_autoptr(MlpJsonWriter) json = mlp_json_writer_new (MLP_JSON_PRETTY);

  mlp_json_writer_begin_object (json);
  mlp_json_writer_member_string (json, "model", b->model_name);
  mlp_json_writer_member_int (json, "threads", mlp_blas_get_threads ());
  mlp_json_writer_member_string (json, "blas_core", mlp_blas_core_name ());
  mlp_json_writer_member_double (json, "load_seconds", b->best_load);
  mlp_json_writer_member_double (json, "epoch_seconds", b->best_epoch);
  mlp_json_writer_member_double (json, "epoch_seconds_median", median (b->epochs));
  mlp_json_writer_member_double (json, "val_acc", b->val_acc);
  mlp_json_writer_member_double (json, "epoch_gflop", b->flops / 1e9);
  mlp_json_writer_member_double (json, "sgemm_seconds", b->sgemm_s);
  /* the epoch's FLOP rate over sgemm's: the same FLOPs, so sgemm's time over the epoch's */
  mlp_json_writer_member_double (json, "sgemm_fraction", b->sgemm_s / b->best_epoch);
  mlp_json_writer_member_double (json, "peak_rss_mib", cli_peak_rss_mib ());
  mlp_json_writer_end_object (json);
  return mlp_json_writer_save (json, path, error);
}

int
cli_bench (int argc, char **argv)
{
  g_autofree char *model_name = NULL;   /* GOption leaks a non-NULL default */
  g_autofree char *data_dir = NULL, *json_path = NULL;
  int threads = 2, repeat = 3, status = 0;
  const GOptionEntry entries[] = {
    { "model", 'm', 0, G_OPTION_ARG_STRING, &model_name, N_("Model to time (mlp-scratch)"), N_("MODEL") },
    { "threads", 't', 0, G_OPTION_ARG_INT, &threads, N_("BLAS threads (2)"), "N" },
    { "repeat", 'r', 0, G_OPTION_ARG_INT, &repeat, N_("Repetitions of each measurement; the best counts (3)"), "N" },
    { "data", 'd', 0, G_OPTION_ARG_FILENAME, &data_dir, N_("Folder with the Fashion-MNIST files"), N_("DIR") },
    /* Translators: FILE is the placeholder after --json; use the word you chose for it */
    { "json", 'j', 0, G_OPTION_ARG_FILENAME, &json_path, N_("Write the results as JSON to FILE"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MlpDataset) train = NULL, val = NULL;
  g_auto(Bench) b = {
    .loads = g_array_new (FALSE, FALSE, sizeof (double)),
    .epochs = g_array_new (FALSE, FALSE, sizeof (double)),
    .best_load = G_MAXDOUBLE,
    .best_epoch = G_MAXDOUBLE,
    .val_acc = NAN,
  };

  if (!cli_parse (&argc, &argv, "bench", NULL,
                  N_("Time data loading, one training epoch (60,000 images + validation) and sgemm."),
                  entries, &status))
    return status;
  if (model_name == NULL)
    model_name = g_strdup ("mlp-scratch");
  b.model_name = model_name;
  if (!mlp_model_kind_from_string (model_name, &b.kind, &error))
    return cli_fail ("bench", error);
  if (threads < 1 || threads > 256 || repeat < 1 || repeat > 100)
    return cli_usage_error ("bench", _("--threads must be 1 … 256 and --repeat 1 … 100"));
  mlp_blas_set_threads (threads);
  if (!cli_check_output ("bench", json_path))
    return 1;

  b.dir = data_dir ? g_strdup (data_dir) : mlp_fashion_mnist_find (NULL);
  if (!time_loading (&b, repeat, &train, &val, &error) ||
      !time_epochs (&b, repeat, train, val, &error))
    return cli_fail ("bench", error);
  print_report (&b);
  if (json_path != NULL && !write_json (&b, json_path, &error))
    return cli_fail ("bench", error);
  return 0;
}
