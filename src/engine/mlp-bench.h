/* mlp-bench.h — measuring the machine: the BLAS thread count, and the matrix
 * products of one epoch of the one-hidden-layer MLP run on their own, so that
 * an epoch's speed can be stated as a fraction of what sgemm alone reaches. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

void        mlp_blas_set_threads   (int n);
int         mlp_blas_get_threads   (void);
/* OpenBLAS's kernel name ("Haswell") and build configuration; transfer none */
const char *mlp_blas_core_name     (void);
const char *mlp_blas_config        (void);

/* The sgemm calls of one epoch of MLPScratch (inputs → hidden → outputs):
 * forward X W1 and H W2 and backward Hᵀ G, G W2ᵀ and Xᵀ dZ for every training
 * batch, forward only for every validation batch.  Returns their FLOPs. */
double      mlp_bench_epoch_flops  (gsize n_train, gsize n_val, gsize batch,
                                    gsize inputs, gsize hidden, gsize outputs);
/* runs exactly those sgemm calls on random data; returns the best wall time
 * of `repeats` runs in seconds */
double      mlp_bench_epoch_sgemm  (gsize n_train, gsize n_val, gsize batch,
                                    gsize inputs, gsize hidden, gsize outputs,
                                    guint repeats);

G_END_DECLS
