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

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

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

/* (transfer full) (nullable) dir/name.gz, else dir/name: when searching, if
 * it is a regular file; in a folder the user chose, if anything is there
 * under that name, so that its reader can say what is wrong with it */
static char *
find_file (const char *dir, const char *name, gboolean searching)
{
  g_autofree char *gz_name = g_strconcat (name, ".gz", NULL);
  const char *names[2] = { gz_name, name };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);
      GStatBuf st;

      if (searching ? g_file_test (path, G_FILE_TEST_IS_REGULAR) : g_lstat (path, &st) == 0)
        return g_steal_pointer (&path);
    }
  return NULL;
}

static gboolean
has_all_files (const char *dir)
{
  for (guint i = 0; i < G_N_ELEMENTS (file_names); i++)
    {
      g_autofree char *path = find_file (dir, file_names[i], TRUE);

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
  struct SharedStop *stop;
} LoadJob;

/* The caller's stop hook, shared by the two loading threads: asked by one
 * at a time, and once it said stop, both stop. */
typedef struct SharedStop {
  MlpStopFunc func;   /* (nullable) */
  gpointer    user_data;
  GMutex      lock;
  gboolean    stopped;
} SharedStop;

static gboolean
shared_stop (gpointer data)
{
  SharedStop *s = data;
  gboolean stop;

  g_mutex_lock (&s->lock);
  if (!s->stopped && s->func != NULL)
    s->stopped = s->func (s->user_data);
  stop = s->stopped;
  g_mutex_unlock (&s->lock);
  return stop;
}

static gpointer
load_job_run (gpointer data)
{
  LoadJob *job = data;

  if (job->images == NULL)
    return NULL;
  job->result = mlp_dataset_load_idx_full (job->images, job->labels, MLP_FASHION_MNIST_CLASSES,
                                           shared_stop, job->stop, &job->error);
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

/* A folder the user chose must be one: its own message for each way it is not. */
static gboolean
check_folder (const char *dir, GError **error)
{
  g_autofree char *display = g_filename_display_name (dir);
  GStatBuf st;

  if (g_stat (dir, &st) != 0)
    {
      int saved_errno = errno;

      if (saved_errno == ENOENT)
        g_set_error (error, MLP_ERROR, MLP_ERROR_NOT_FOUND, "%s: no such folder", display);
      else if (saved_errno == ELOOP)
        g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "%s: is a symbolic link that loops", display);
      else
        g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "%s: could not open the folder: %s",
                     display, saved_errno == EACCES ? "permission denied" : g_strerror (saved_errno));
      return FALSE;
    }
  if (!S_ISDIR (st.st_mode))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_NOT_FOUND,
                   "%s: is a file, not a folder (give the folder that holds the four "
                   "Fashion-MNIST files)", display);
      return FALSE;
    }
  if (g_access (dir, R_OK | X_OK) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, MLP_ERROR, MLP_ERROR_IO, "%s: could not open the folder: %s",
                   display, saved_errno == EACCES ? "permission denied" : g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

/* the four files in dir, or FALSE with the one that is missing named */
static gboolean
find_files (const char *dir, gboolean searching, LoadJob *train_job, LoadJob *test_job,
            GError **error)
{
  char **paths[4] = { &train_job->images, &train_job->labels, &test_job->images, &test_job->labels };

  for (guint i = 0; i < G_N_ELEMENTS (file_names); i++)
    {
      *paths[i] = find_file (dir, file_names[i], searching);
      if (*paths[i] == NULL)
        {
          g_autofree char *display = g_filename_display_name (dir);

          g_set_error (error, MLP_ERROR, MLP_ERROR_NOT_FOUND,
                       "%s: the folder has neither %s.gz nor %s; it needs all four "
                       "Fashion-MNIST files (install them with: apt install "
                       "dataset-fashion-mnist)", display, file_names[i], file_names[i]);
          return FALSE;
        }
    }
  return TRUE;
}

/**
 * mlp_fashion_mnist_load_full:
 * @dir: (nullable): the folder holding the four files; NULL for the search order
 * @should_stop: (nullable): asked between chunks of 1 MiB, from this thread
 *   and the one that reads the training set, never from both at once; TRUE
 *   stops the load with MLP_ERROR_CANCELLED
 * @user_data: for should_stop
 * @train: (out) (transfer full) (optional): the training set (60,000
 *   images); NULL to load the test set only
 * @test: (out) (transfer full): the test set (10,000 images)
 *
 * Returns: TRUE, or FALSE with @error set and the outputs untouched
 */
gboolean
mlp_fashion_mnist_load_full (const char *dir, MlpStopFunc should_stop, gpointer user_data,
                             MlpDataset **train, MlpDataset **test, GError **error)
{
  g_autofree char *found = NULL;
  SharedStop stop = { should_stop, user_data };
  LoadJob train_job = { .stop = &stop }, test_job = { .stop = &stop };
  GThread *thread = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (test != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (dir == NULL && (found = mlp_fashion_mnist_find (NULL)) == NULL)
    {
      set_not_found (NULL, error);
      return FALSE;
    }
  g_mutex_init (&stop.lock);
  if ((found != NULL || check_folder (dir, error)) &&
      find_files (found != NULL ? found : dir, found != NULL, &train_job, &test_job, error))
    {
      if (train == NULL)
        g_clear_pointer (&train_job.images, g_free);
      /* The training set is 6/7 of the work: it gets a thread of its own.
       * If no thread can be made, it is read here after the test set. */
      if (train_job.images != NULL)
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
          if (train != NULL)
            *train = g_steal_pointer (&train_job.result);
          *test = g_steal_pointer (&test_job.result);
          ok = TRUE;
        }
    }
  load_job_clear (&train_job);
  load_job_clear (&test_job);
  g_mutex_clear (&stop.lock);
  return ok;
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
  g_return_val_if_fail (train != NULL && test != NULL, FALSE);
  return mlp_fashion_mnist_load_full (dir, NULL, NULL, train, test, error);
}
