/* mlp-blas.h — the matrix product every part of the engine calls.
 *
 * mlp_sgemm is cblas_sgemm (row-major) made safe against fork(): OpenBLAS
 * stops its thread pool in a fork handler, and a product another thread had
 * under way at that moment waits for the pool forever.  A fork (GLib's
 * g_spawn, a toolkit launching a browser) now waits for the products in
 * flight, and products wait while a fork happens.
 */
#pragma once

#include <cblas.h>

void mlp_sgemm (CBLAS_TRANSPOSE trans_a, CBLAS_TRANSPOSE trans_b, int m, int n, int k,
                float alpha, const float *a, int lda, const float *b, int ldb,
                float beta, float *c, int ldc);
