/* mlp-data-cache.c — see mlp-data-cache.h.
 *
 * Two locks: `lock` guards the fields and is held only for a few
 * instructions, so the main thread never waits on it for long; `load_lock`
 * is held while files are read, so that a second job for the same folder
 * waits for the first one's load instead of reading the files again. */
#include "mlp-data-cache.h"

#include "mlp-fashion-mnist.h"

struct _MlpDataCache {
  GObject        parent_instance;

  GMutex         lock;
  GMutex         load_lock;
  /* guarded by lock */
  MlpLoadedData *held;         /* (nullable) the cache's own reference */
  guint          generation;   /* bumped by drop: a load begun before it is not kept */
  guint          n_loads;
};

G_DEFINE_FINAL_TYPE (MlpDataCache, mlp_data_cache, G_TYPE_OBJECT)

/* ------------------------------------------------------------ the data */

/* takes ownership of train and test */
static MlpLoadedData *
loaded_data_new (const char *data_dir, MlpDataset *train, MlpDataset *test)
{
  MlpLoadedData *data = g_atomic_rc_box_new0 (MlpLoadedData);

  data->data_dir = g_strdup (data_dir);
  data->train = train;
  data->test = test;
  return data;
}

static void
loaded_data_clear (gpointer p)
{
  MlpLoadedData *data = p;

  mlp_dataset_free ((MlpDataset *) data->train);
  mlp_dataset_free ((MlpDataset *) data->test);
  g_free (data->data_dir);
}

MlpLoadedData *
mlp_loaded_data_ref (MlpLoadedData *data)
{
  return g_atomic_rc_box_acquire (data);
}

void
mlp_loaded_data_unref (MlpLoadedData *data)
{
  g_atomic_rc_box_release_full (data, loaded_data_clear);
}

/* ----------------------------------------------------------- the cache */

MlpDataCache *
mlp_data_cache_new (void)
{
  return g_object_new (MLP_TYPE_DATA_CACHE, NULL);
}

/* a new reference to what the cache holds for data_dir, or NULL */
static MlpLoadedData *
lookup (MlpDataCache *self, const char *data_dir, guint *generation)
{
  MlpLoadedData *data = NULL;

  g_mutex_lock (&self->lock);
  if (self->held != NULL && g_strcmp0 (self->held->data_dir, data_dir) == 0)
    data = mlp_loaded_data_ref (self->held);
  *generation = self->generation;
  g_mutex_unlock (&self->lock);
  return data;
}

MlpLoadedData *
mlp_data_cache_get (MlpDataCache *self, const char *data_dir, GError **error)
{
  MlpLoadedData *data, *old = NULL;
  MlpDataset *train = NULL, *test = NULL;
  guint generation;

  g_return_val_if_fail (MLP_IS_DATA_CACHE (self), NULL);
  g_return_val_if_fail (data_dir != NULL, NULL);

  g_mutex_lock (&self->load_lock);
  data = lookup (self, data_dir, &generation);
  if (data == NULL && mlp_fashion_mnist_load (data_dir, &train, &test, error))
    {
      data = loaded_data_new (data_dir, train, test);
      g_mutex_lock (&self->lock);
      self->n_loads++;
      if (self->generation == generation)
        {
          old = g_steal_pointer (&self->held);
          self->held = mlp_loaded_data_ref (data);
        }
      g_mutex_unlock (&self->lock);
    }
  g_mutex_unlock (&self->load_lock);
  /* 55 MB go back to the system outside the locks */
  g_clear_pointer (&old, mlp_loaded_data_unref);
  return data;
}

void
mlp_data_cache_drop (MlpDataCache *self)
{
  MlpLoadedData *old;

  g_return_if_fail (MLP_IS_DATA_CACHE (self));

  g_mutex_lock (&self->lock);
  old = g_steal_pointer (&self->held);
  self->generation++;
  g_mutex_unlock (&self->lock);
  g_clear_pointer (&old, mlp_loaded_data_unref);
}

guint
mlp_data_cache_get_n_loads (MlpDataCache *self)
{
  guint n;

  g_return_val_if_fail (MLP_IS_DATA_CACHE (self), 0);

  g_mutex_lock (&self->lock);
  n = self->n_loads;
  g_mutex_unlock (&self->lock);
  return n;
}

/* --------------------------------------------------------- a job's way */

void
mlp_data_request_init (MlpDataRequest *request, MlpDataCache *cache, const char *data_dir)
{
  g_return_if_fail (MLP_IS_DATA_CACHE (cache));

  request->cache = g_object_ref (cache);
  request->data_dir = g_strdup (data_dir);
}

void
mlp_data_request_clear (MlpDataRequest *request)
{
  g_clear_object (&request->cache);
  g_clear_pointer (&request->data_dir, g_free);
}

void
mlp_data_request_free (gpointer params)
{
  mlp_data_request_clear (params);
  g_free (params);
}

MlpLoadedData *
mlp_data_request_get (const MlpDataRequest *request, GError **error)
{
  return mlp_data_cache_get (request->cache, request->data_dir, error);
}

/* ------------------------------------------------------------ GObject */

static void
mlp_data_cache_finalize (GObject *object)
{
  MlpDataCache *self = MLP_DATA_CACHE (object);

  g_clear_pointer (&self->held, mlp_loaded_data_unref);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->load_lock);
  G_OBJECT_CLASS (mlp_data_cache_parent_class)->finalize (object);
}

static void
mlp_data_cache_class_init (MlpDataCacheClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mlp_data_cache_finalize;
}

static void
mlp_data_cache_init (MlpDataCache *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->load_lock);
}
