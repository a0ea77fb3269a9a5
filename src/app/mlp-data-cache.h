/* mlp-data-cache.h — Fashion-MNIST read once and shared by the sections.
 *
 * Reading the four files takes a second or two for 70,000 images (55 MB),
 * and the stability, initialization and dataset sections all want the same
 * ones.  The window holds one MlpDataCache and gives it to its pages
 * (MlpSectionPage's "data-cache"); a job on the worker asks it for the data
 * of the page's folder:
 *
 *   g_autoptr(MlpLoadedData) data = mlp_data_cache_get (cache, data_dir, error);
 *   if (data == NULL)
 *     return NULL;
 *   run (data->train, data->test);
 *
 * The first call for a folder reads the files; later calls for it return the
 * same MlpLoadedData without reading anything.  An MlpLoadedData never
 * changes once loaded, so any thread may read its data sets while it holds a
 * reference.
 *
 * The cache keeps the data of one folder.  Asking for another folder, or
 * mlp_data_cache_drop() (the window's data folder changed), lets go of the
 * old data; it is freed once the last job or page holding it lets go too.
 *
 * Threads: mlp_data_cache_get() blocks while files are read and is meant for
 * the worker; the other calls never wait for a load and may be made from the
 * main thread.
 */
#pragma once

#include <glib-object.h>

#include "mlp-dataset.h"

G_BEGIN_DECLS

/* the train and test sets as read from one folder; read-only, in an atomic
 * reference-counted box (g_atomic_rc_box) */
typedef struct {
  char             *data_dir;   /* the folder they were read from */
  const MlpDataset *train;      /* 60,000 images */
  const MlpDataset *test;       /* 10,000 images */
} MlpLoadedData;

/* any thread; (transfer full) */
MlpLoadedData *mlp_loaded_data_ref   (MlpLoadedData *data);
void           mlp_loaded_data_unref (MlpLoadedData *data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpLoadedData, mlp_loaded_data_unref)

#define MLP_TYPE_DATA_CACHE (mlp_data_cache_get_type ())
G_DECLARE_FINAL_TYPE (MlpDataCache, mlp_data_cache, MLP, DATA_CACHE, GObject)

MlpDataCache  *mlp_data_cache_new         (void);
/* The data of data_dir, read from its files only if the cache does not hold
 * them already; NULL with error when they cannot be read.  Blocks while
 * reading, and while another thread reads.  (transfer full) */
MlpLoadedData *mlp_data_cache_get         (MlpDataCache *self, const char *data_dir, GError **error);
/* forgets the data held; a load under way when this is called is not kept */
void           mlp_data_cache_drop        (MlpDataCache *self);
/* how many times the cache has read a folder's files */
guint          mlp_data_cache_get_n_loads (MlpDataCache *self);

/* What a job needs to reach its page's data: the cache and the folder,
 * copied into the job's parameters on the main thread (see
 * mlp_section_page_init_data_request) and cleared with them. */
typedef struct {
  MlpDataCache *cache;      /* (owned) */
  char         *data_dir;   /* (owned) (nullable): no data set */
} MlpDataRequest;

void           mlp_data_request_init      (MlpDataRequest *request, MlpDataCache *cache,
                                           const char *data_dir);
void           mlp_data_request_clear     (MlpDataRequest *request);
/* a job's parameters, g_new'd, that begin with an MlpDataRequest and own
 * nothing else (or the request alone): clears the request, frees the block;
 * a GDestroyNotify for mlp_section_page_submit */
void           mlp_data_request_free      (gpointer params);
/* mlp_data_cache_get() for the request's folder, which must be set;
 * (transfer full) */
MlpLoadedData *mlp_data_request_get       (const MlpDataRequest *request, GError **error);

G_END_DECLS
