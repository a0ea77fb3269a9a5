/* mlp-bench.c — see mlp-bench.h. */
#include "mlp-bench.h"

#include "mlp-blas.h"

#include "mlp-rng.h"

void
mlp_blas_set_threads (int n)
{
  openblas_set_num_threads (n);
}

int
mlp_blas_get_threads (void)
{
  return openblas_get_num_threads ();
}

const char *
mlp_blas_core_name (void)
{
  return openblas_get_corename ();
}

const char *
mlp_blas_config (void)
{
  return openblas_get_config ();
}

typedef struct {
  int m, n, k;
  gboolean trans_a, trans_b;
} Gemm;

/* the products of one training batch of b rows; see mlp-ops.c for where each
 * comes from */
static guint
batch_gemms (Gemm *g, gsize b, gsize in, gsize hid, gsize out, gboolean train)
{
  guint n = 0;

  g[n++] = (Gemm) { (int) b, (int) hid, (int) in, FALSE, FALSE };    /* X W1 */
  g[n++] = (Gemm) { (int) b, (int) out, (int) hid, FALSE, FALSE };   /* H W2 */
  if (!train)
    return n;
  g[n++] = (Gemm) { (int) hid, (int) out, (int) b, TRUE, FALSE };    /* dW2 = Hᵀ G */
  g[n++] = (Gemm) { (int) b, (int) hid, (int) out, FALSE, TRUE };    /* dH = G W2ᵀ */
  g[n++] = (Gemm) { (int) in, (int) hid, (int) b, TRUE, FALSE };     /* dW1 = Xᵀ dZ */
  return n;
}

static double
gemm_flops (const Gemm *g)
{
  return 2.0 * g->m * g->n * g->k;
}

double
mlp_bench_epoch_flops (gsize n_train, gsize n_val, gsize batch,
                       gsize inputs, gsize hidden, gsize outputs)
{
  double flops = 0.0;
  Gemm g[5];

  for (int pass = 0; pass < 2; pass++)
    {
      gsize n = pass == 0 ? n_train : n_val;

      for (gsize start = 0; start < n; start += batch)
        {
          guint k = batch_gemms (g, MIN (batch, n - start), inputs, hidden, outputs, pass == 0);

          for (guint i = 0; i < k; i++)
            flops += gemm_flops (&g[i]);
        }
    }
  return flops;
}

double
mlp_bench_epoch_sgemm (gsize n_train, gsize n_val, gsize batch,
                       gsize inputs, gsize hidden, gsize outputs, guint repeats)
{
  gsize big = MAX (MAX (batch, inputs), MAX (hidden, outputs));
  g_autofree float *A = g_new (float, big * big);
  g_autofree float *B = g_new (float, big * big);
  g_autofree float *C = g_new (float, big * big);
  double best = G_MAXDOUBLE;
  MlpRng rng;
  Gemm g[5];

  mlp_rng_init (&rng, 1);
  mlp_rng_fill_uniform (&rng, A, big * big, -1.0f, 1.0f);
  mlp_rng_fill_uniform (&rng, B, big * big, -1.0f, 1.0f);
  for (guint r = 0; r < MAX (repeats, 1); r++)
    {
      gint64 t0 = g_get_monotonic_time ();

      for (int pass = 0; pass < 2; pass++)
        {
          gsize n = pass == 0 ? n_train : n_val;

          for (gsize start = 0; start < n; start += batch)
            {
              guint k = batch_gemms (g, MIN (batch, n - start), inputs, hidden, outputs, pass == 0);

              for (guint i = 0; i < k; i++)
                mlp_sgemm (g[i].trans_a ? CblasTrans : CblasNoTrans,
                           g[i].trans_b ? CblasTrans : CblasNoTrans,
                           g[i].m, g[i].n, g[i].k, 1.0f,
                           A, g[i].trans_a ? g[i].m : g[i].k,
                           B, g[i].trans_b ? g[i].k : g[i].n,
                           pass == 0 && i >= 2 ? 1.0f : 0.0f, C, g[i].n);
            }
        }
      best = MIN (best, (g_get_monotonic_time () - t0) / 1e6);
    }
  return best;
}
