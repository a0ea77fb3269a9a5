/* mlp-blas.c — cblas_sgemm behind a fork guard (see mlp-blas.h).
 *
 * Products hold a reader lock; the fork handler takes the writer lock in
 * prepare (so it waits for the products in flight) and gives it back in the
 * parent and the child.  Handlers registered later run their prepare step
 * earlier, so ours, registered on the first product, runs before OpenBLAS's
 * (registered when the library loaded) and the pool stops only when idle.
 */
#include "mlp-blas.h"

#include <glib.h>
#include <pthread.h>

static GRWLock fork_lock;

static void fork_prepare (void) { g_rw_lock_writer_lock (&fork_lock); }
static void fork_after (void)   { g_rw_lock_writer_unlock (&fork_lock); }

static void
ensure_fork_handlers (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      if (pthread_atfork (fork_prepare, fork_after, fork_after) != 0)
        g_warning ("cannot register the fork handlers of the matrix products");
      g_once_init_leave (&registered, 1);
    }
}

void
mlp_sgemm (CBLAS_TRANSPOSE trans_a, CBLAS_TRANSPOSE trans_b, int m, int n, int k,
           float alpha, const float *a, int lda, const float *b, int ldb,
           float beta, float *c, int ldc)
{
  ensure_fork_handlers ();
  g_rw_lock_reader_lock (&fork_lock);
  cblas_sgemm (CblasRowMajor, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  g_rw_lock_reader_unlock (&fork_lock);
}
