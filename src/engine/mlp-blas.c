/* mlp-blas.c — cblas_sgemm behind a fork guard (see mlp-blas.h).
 *
 * Products hold a reader lock; the fork handler takes the writer lock in
 * prepare (so it waits for the products in flight) and gives it back in the
 * parent and the child.  Prepare handlers run in the reverse order of their
 * registration, so ours must be registered after OpenBLAS's (done when the
 * library loads) and before any thread can fork or multiply: a constructor,
 * which runs after those of the libraries and before main().  Registered
 * lazily instead, on the first product, a fork already under way skipped it
 * and stopped the pool under that first product, which then waited forever
 * for a thread to take its work.
 */
#include "mlp-blas.h"

#include <glib.h>
#include <pthread.h>

static GRWLock fork_lock;

static void fork_prepare (void) { g_rw_lock_writer_lock (&fork_lock); }
static void fork_after (void)   { g_rw_lock_writer_unlock (&fork_lock); }

__attribute__ ((constructor)) static void
register_fork_handlers (void)
{
  if (pthread_atfork (fork_prepare, fork_after, fork_after) != 0)
    g_warning ("cannot register the fork handlers of the matrix products");
}

void
mlp_sgemm (CBLAS_TRANSPOSE trans_a, CBLAS_TRANSPOSE trans_b, int m, int n, int k,
           float alpha, const float *a, int lda, const float *b, int ldb,
           float beta, float *c, int ldc)
{
  g_rw_lock_reader_lock (&fork_lock);
  cblas_sgemm (CblasRowMajor, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
  g_rw_lock_reader_unlock (&fork_lock);
}
