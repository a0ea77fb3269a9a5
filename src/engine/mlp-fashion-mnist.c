/* mlp-fashion-mnist.c — finding and loading Fashion-MNIST, d2l's data set for
 * the whole chapter (d2l.load_data_fashion_mnist).
 *
 * We never download anything: the files come from Debian's
 * dataset-fashion-mnist package or a folder the user points at.  Loading must
 * feel instant, and inflating the 26 MB of training images is most of the work,
 * so the training set is read on a second thread while this one reads the test
 * set.
 */
#include "mlp-fashion-mnist.h"
#include "mlp-error.h"

#include <string.h>

static const char *const class_names[MLP_FASHION_MNIST_CLASSES] = {
  "t-shirt", "trouser", "pullover", "dress", "coat",
  "sandal", "shirt", "sneaker", "bag", "ankle boot",
};

/* the four files, each as "<name>.gz" or "<name>" */
static const char *const file_names[4] = {
  "train-images-idx3-ubyte", "train-labels-idx1-ubyte",
  "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
};

/* (transfer none) the class name of a label, as in d2l's get_fashion_mnist_labels */
const char *
mlp_fashion_mnist_class_name (guint label)
{
  g_return_val_if_fail (label < MLP_FASHION_MNIST_CLASSES, NULL);
  return class_names[label];
}

/* (transfer full) (nullable) dir/name.gz, else dir/name, if it is a file */
static char *
find_file (const char *dir, const char *name)
{
  g_autofree char *gz_name = g_strconcat (name, ".gz", NULL);
  g_autofree char *gz = g_build_filename (dir, gz_name, NULL);
  g_autofree char *plain = NULL;

  if (g_file_test (gz, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&gz);
  plain = g_build_filename (dir, name, NULL);
  if (g_file_test (plain, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&plain);
  return NULL;
}

static gboolean
has_all_files (const char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (file_names); i++)
    {
      g_autofree char *path = find_file (dir, file_names[i]);

      if (path == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
add_folder (GPtrArray *dirs, const char *dir)
{
  if (dir == NULL || dir[0] == '\0')
    return;
  for (guint i = 0; i < dirs->len; i++)
    if (strcmp (g_ptr_array_index (dirs, i), dir) == 0)
      return;
  g_ptr_array_add (dirs, g_strdup (dir));
}

/**
 * mlp_fashion_mnist_search_path:
 * @user_dir: (nullable): a folder the user chose, looked at first
 *
 * Returns: (transfer full): the folders looked at, in order, without
 * duplicates, NULL-terminated; free with g_strfreev()
 */
char **
mlp_fashion_mnist_search_path (const char *user_dir)
{
  GPtrArray *dirs = g_ptr_array_new ();
  const char *const *system_dirs = g_get_system_data_dirs ();

  add_folder (dirs, user_dir);
  add_folder (dirs, g_getenv ("MLPLAB_DATA_DIR"));
  {
    g_autofree char *user_data = g_build_filename (g_get_user_data_dir (), "mlplab",
                                                   "fashion-mnist", NULL);
    add_folder (dirs, user_data);
  }
  for (guint i = 0; system_dirs[i] != NULL; i++)
    {
      g_autofree char *dir = g_build_filename (system_dirs[i], "datasets",
                                               "fashion-mnist", NULL);
      add_folder (dirs, dir);
    }
  g_ptr_array_add (dirs, NULL);
  return (char **) g_ptr_array_free (dirs, FALSE);
}

/**
 * mlp_fashion_mnist_find:
 * @user_dir: (nullable): a folder the user chose, looked at first
 *
 * Returns: (transfer full) (nullable): the first folder of the search path that
 * holds all four files (each .gz or plain), or NULL
 */
char *
mlp_fashion_mnist_find (const char *user_dir)
{
  g_auto(GStrv) dirs = mlp_fashion_mnist_search_path (user_dir);

  for (guint i = 0; dirs[i] != NULL; i++)
    if (has_all_files (dirs[i]))
      return g_strdup (dirs[i]);
  return NULL;
}

/* One data set to load on the worker thread. */
typedef struct {
  char       *images;   /* paths, owned */
  char       *labels;
  MlpDataset *result;   /* (transfer full) (nullable) */
  GError     *error;    /* set when result is NULL */
} LoadJob;

static gpointer
load_job_run (gpointer data)
{
  LoadJob *job = data;

  job->result = mlp_dataset_load_idx (job->images, job->labels,
                                      MLP_FASHION_MNIST_CLASSES, &job->error);
  return NULL;
}

static void
load_job_clear (LoadJob *job)
{
  g_free (job->images);
  g_free (job->labels);
  mlp_dataset_free (job->result);
  g_clear_error (&job->error);
}

static void
set_not_found (const char *user_dir, GError **error)
{
  g_auto(GStrv) dirs = mlp_fashion_mnist_search_path (user_dir);
  g_autoptr(GString) msg = g_string_new ("Fashion-MNIST was not found; looked for "
                                         "train-images-idx3-ubyte.gz and the other "
                                         "three files in:");

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *display = g_filename_display_name (dirs[i]);

      g_string_append_printf (msg, "\n  %s", display);
    }
  g_string_append (msg, "\nInstall it with: apt install dataset-fashion-mnist");
  g_set_error_literal (error, MLP_ERROR, MLP_ERROR_NOT_FOUND, msg->str);
}

/**
 * mlp_fashion_mnist_load:
 * @dir: (nullable): the folder holding the four files; NULL for the search order
 * @train: (out) (transfer full): the training set (60,000 images)
 * @test: (out) (transfer full): the test set (10,000 images)
 *
 * Returns: TRUE, or FALSE with @error set and the outputs untouched
 */
gboolean
mlp_fashion_mnist_load (const char *dir, MlpDataset **train, MlpDataset **test,
                        GError **error)
{
  g_autofree char *found = NULL;
  LoadJob train_job = { NULL, }, test_job = { NULL, };
  GThread *thread;
  gboolean ok = FALSE;

  g_return_val_if_fail (train != NULL && test != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (dir == NULL)
    {
      found = mlp_fashion_mnist_find (NULL);
      if (found == NULL)
        {
          set_not_found (NULL, error);
          return FALSE;
        }
      dir = found;
    }

  train_job.images = find_file (dir, file_names[0]);
  train_job.labels = find_file (dir, file_names[1]);
  test_job.images = find_file (dir, file_names[2]);
  test_job.labels = find_file (dir, file_names[3]);
  {
    const char *const got[4] = { train_job.images, train_job.labels,
                                 test_job.images, test_job.labels };

    for (guint i = 0; i < G_N_ELEMENTS (file_names); i++)
      {
        if (got[i] == NULL)
          {
            g_autofree char *display = g_filename_display_name (dir);

            g_set_error (error, MLP_ERROR, MLP_ERROR_NOT_FOUND,
                         "%s: the folder has neither %s.gz nor %s; it needs all four "
                         "Fashion-MNIST files (install them with: apt install "
                         "dataset-fashion-mnist)", display, file_names[i], file_names[i]);
            load_job_clear (&train_job);
            load_job_clear (&test_job);
            return FALSE;
          }
      }
  }

  /* The training set is 6/7 of the work: it gets a thread of its own.
   * If no thread can be made, it is read here after the test set. */
  thread = g_thread_try_new ("mlp-load-train", load_job_run, &train_job, NULL);
  load_job_run (&test_job);
  if (thread != NULL)
    g_thread_join (thread);
  else
    load_job_run (&train_job);

  if (train_job.error != NULL)
    g_propagate_error (error, g_steal_pointer (&train_job.error));
  else if (test_job.error != NULL)
    g_propagate_error (error, g_steal_pointer (&test_job.error));
  else
    {
      *train = g_steal_pointer (&train_job.result);
      *test = g_steal_pointer (&test_job.result);
      ok = TRUE;
    }

  load_job_clear (&train_job);
  load_job_clear (&test_job);
  return ok;
}
