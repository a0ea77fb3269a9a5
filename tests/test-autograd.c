/* test-autograd.c — the autograd engine against finite differences.
 *
 * Every op of mlp-ops.h is checked the way KANN's kad_check_grad does it: the
 * loss is Σ_i u_i·f_i for a fixed random upstream u, the analytic gradient
 * comes from mlp_tensor_backward (y, u), and each input element is compared
 * with a central difference of that loss.  Then the rules of the graph
 * (accumulation, retain-graph, no-grad mode, deep chains, ownership) and the
 * numerically delicate cases: sigmoid, tanh and cross-entropy at ±1e4.
 *
 * Assertions are non-fatal so one broken op does not hide the others; the
 * broadcasting tests run in a subprocess because a shape the engine rejects
 * ends in a (fatal) g_critical.
 */
#include "mlp-ops.h"
#include "mlp-tensor-private.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define SEED     20240601u
#define FD_STEP  1e-2     /* central-difference step, float32 inputs */
#define FD_ATOL  1e-3     /* |analytic − numeric| ≤ FD_ATOL + FD_RTOL · |numeric|: */
#define FD_RTOL  1e-2     /* float32 rounding is ~1e-5 here; a factor 2 is not */
#define KINK     0.05f    /* random inputs stay this far from kinks */
#define N_DRAWS  4        /* random shapes per op */

/* f(inputs) → a new tensor (transfer full); data carries op arguments */
typedef MlpTensor *(*OpFunc) (MlpTensor **in, gconstpointer data);

/* a diagnostic line: TAP comment in the test, stderr in a subprocess
 * (whose test messages are not shown) */
static void note (const char *format, ...) G_GNUC_PRINTF (1, 2);

static gboolean notes_muted;   /* while a test expects mismatches */

static void
note (const char *format, ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  if (notes_muted)
    return;
  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  if (g_test_subprocess ())
    g_printerr ("%s\n", msg);
  else
    g_test_message ("%s", msg);
}

/* ------------------------------------------------------------ helpers */

static gsize
rand_size (MlpRng *rng)
{
  return 1 + (gsize) mlp_rng_below (rng, 7);
}

/* (transfer full) uniform in [lo, hi), redrawn while |v| < min_abs */
static MlpTensor *
random_tensor (MlpRng *rng, guint ndim, const gsize *shape,
               float lo, float hi, float min_abs)
{
  MlpTensor *t = mlp_tensor_new (ndim, shape);

  for (gsize i = 0; i < t->numel; i++)
    {
      float v;

      do
        v = lo + (hi - lo) * mlp_rng_uniform (rng);
      while (fabsf (v) < min_abs);
      t->data[i] = v;
    }
  return t;
}

/* (transfer full) a tensor of `shape` in [-2, 2) whose every element is more
 * than KINK away from the element of `small` it meets under trailing
 * broadcasting (element i meets small[i % small->numel]), so that maximum
 * never sees a tie or a crossing within the difference step. */
static MlpTensor *
random_apart (MlpRng *rng, guint ndim, const gsize *shape, const MlpTensor *small)
{
  MlpTensor *t = mlp_tensor_new (ndim, shape);

  for (gsize i = 0; i < t->numel; i++)
    {
      float partner = small->data[i % small->numel];
      float v;

      do
        v = -2.0f + 4.0f * mlp_rng_uniform (rng);
      while (fabsf (v - partner) <= KINK);
      t->data[i] = v;
    }
  return t;
}

static double
weighted_sum (const MlpTensor *y, const MlpTensor *u)
{
  double s = 0.0;

  for (gsize i = 0; i < y->numel; i++)
    s += (double) u->data[i] * (double) y->data[i];
  return s;
}

/* Σ u·f(in) evaluated without recording a graph */
static double
eval_loss (OpFunc f, gconstpointer data, MlpTensor **in, const MlpTensor *u)
{
  MlpTensor *y;
  double s;

  mlp_no_grad_begin ();
  y = f (in, data);
  mlp_no_grad_end ();
  if (y == NULL)
    return NAN;
  g_assert_null (y->grad_fn);
  s = weighted_sum (y, u);
  mlp_tensor_unref (y);
  return s;
}

/* Compares d(Σ u·f)/d(input) from backward with central differences for
 * every input that requires grad (an input listed twice is checked once).
 * Returns the number of mismatching elements (G_MAXUINT if f failed) and the
 * largest |numeric| seen, so that callers can tell a vacuous check. */
static guint
gradcheck_mismatches (const char    *what,
                      OpFunc         f,
                      gconstpointer  data,
                      MlpTensor    **in,
                      guint          n_in,
                      double        *max_numeric)
{
  g_autoptr(MlpTensor) y = NULL;
  g_autoptr(MlpTensor) u = NULL;
  MlpRng rng;
  guint bad = 0;

  *max_numeric = 0.0;
  for (guint i = 0; i < n_in; i++)
    mlp_tensor_zero_grad (in[i]);

  y = f (in, data);
  if (y == NULL)
    {
      note ("%s: the op returned NULL", what);
      return G_MAXUINT;
    }
  g_assert_true (y->requires_grad);
  g_assert_nonnull (y->grad_fn);

  /* u away from 0 so that every output really contributes */
  mlp_rng_init (&rng, SEED + y->numel);
  u = random_tensor (&rng, y->ndim, y->shape, -1.0f, 1.0f, 0.1f);
  mlp_tensor_backward (y, u);

  /* the forward value does not depend on grad mode */
  {
    MlpTensor *y2;

    mlp_no_grad_begin ();
    y2 = f (in, data);
    mlp_no_grad_end ();
    g_assert_true (mlp_tensor_same_shape (y, y2));
    for (gsize j = 0; j < y->numel; j++)
      g_assert_cmpfloat (y->data[j], ==, y2->data[j]);
    mlp_tensor_unref (y2);
  }

  /* a second sweep over the same graph adds the same again: backward
   * accumulates (+=) into every input and never overwrites (up to the
   * rounding of gradients summed from several contributions) */
  {
    g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_free);

    for (guint i = 0; i < n_in; i++)
      g_ptr_array_add (first, in[i]->grad != NULL
                              ? g_memdup2 (in[i]->grad, in[i]->numel * sizeof (float))
                              : NULL);
    mlp_tensor_backward (y, u);
    for (guint i = 0; i < n_in; i++)
      {
        const float *g1 = first->pdata[i];

        for (gsize j = 0; g1 != NULL && j < in[i]->numel; j++)
          if (!(fabs (in[i]->grad[j] - 2.0 * g1[j]) <= 1e-5 + 1e-4 * fabs (g1[j])))
            {
              if (bad < 5)
                note ("%s: input %u element %" G_GSIZE_FORMAT ": a second "
                      "backward gives %.6g, not 2 x %.6g", what, i, j,
                      (double) in[i]->grad[j], (double) g1[j]);
              bad++;
            }
        /* back to the first sweep's gradient for the comparison below */
        for (gsize j = 0; g1 != NULL && j < in[i]->numel; j++)
          in[i]->grad[j] = g1[j];
      }
  }

  for (guint i = 0; i < n_in; i++)
    {
      MlpTensor *x = in[i];
      g_autofree float *analytic = NULL;
      gboolean seen = FALSE;

      for (guint k = 0; k < i; k++)
        seen |= in[k] == x;
      if (seen || !x->requires_grad)
        continue;

      /* backward must have reached every input that asked for a gradient */
      g_assert_nonnull (x->grad);
      analytic = x->grad ? g_memdup2 (x->grad, x->numel * sizeof (float))
                         : g_new0 (float, MAX (x->numel, 1));

      for (gsize j = 0; j < x->numel; j++)
        {
          float orig = x->data[j];
          float xp = orig + (float) FD_STEP, xm = orig - (float) FD_STEP;
          double lp, lm, numeric;

          x->data[j] = xp;
          lp = eval_loss (f, data, in, u);
          x->data[j] = xm;
          lm = eval_loss (f, data, in, u);
          x->data[j] = orig;
          numeric = (lp - lm) / ((double) xp - (double) xm);

          *max_numeric = MAX (*max_numeric, fabs (numeric));
          if (!(fabs (analytic[j] - numeric) <= FD_ATOL + FD_RTOL * fabs (numeric)))
            {
              if (bad < 5)
                note ("%s: input %u element %" G_GSIZE_FORMAT
                      ": analytic %.6g, numeric %.6g",
                      what, i, j, (double) analytic[j], numeric);
              bad++;
            }
        }
    }
  return bad;
}

/* the check passes, and was not vacuous unless the gradient is zero by design */
static void
assert_gradcheck_full (const char    *what,
                       OpFunc         f,
                       gconstpointer  data,
                       MlpTensor    **in,
                       guint          n_in,
                       gboolean       expect_nonzero)
{
  double max_numeric;
  guint bad = gradcheck_mismatches (what, f, data, in, n_in, &max_numeric);

  if (bad != 0)
    note ("gradient check failed: %s", what);
  g_assert_cmpuint (bad, ==, 0);
  if (expect_nonzero)
    g_assert_cmpfloat (max_numeric, >, 0.05);
}

static void
assert_gradcheck (const char *what, OpFunc f, gconstpointer data,
                  MlpTensor **in, guint n_in)
{
  assert_gradcheck_full (what, f, data, in, n_in, TRUE);
}

/* runs the calling test's body in a subprocess so that a fatal g_critical
 * from the engine fails only that test; returns TRUE in the child */
static gboolean
in_isolation (void)
{
  if (g_test_subprocess ())
    return TRUE;
  g_test_trap_subprocess (NULL, 0,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT |
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  return FALSE;
}

/* --------------------------------------------------------- op wrappers */

static MlpTensor *op_matmul    (MlpTensor **in, gconstpointer d) { return mlp_matmul (in[0], in[1]); }
static MlpTensor *op_matmul_nt (MlpTensor **in, gconstpointer d) { return mlp_matmul_nt (in[0], in[1]); }
static MlpTensor *op_add       (MlpTensor **in, gconstpointer d) { return mlp_add (in[0], in[1]); }
static MlpTensor *op_sub       (MlpTensor **in, gconstpointer d) { return mlp_sub (in[0], in[1]); }
static MlpTensor *op_mul       (MlpTensor **in, gconstpointer d) { return mlp_mul (in[0], in[1]); }
static MlpTensor *op_maximum   (MlpTensor **in, gconstpointer d) { return mlp_maximum (in[0], in[1]); }
static MlpTensor *op_relu      (MlpTensor **in, gconstpointer d) { return mlp_relu (in[0]); }
static MlpTensor *op_prelu     (MlpTensor **in, gconstpointer d) { return mlp_prelu (in[0], in[1]); }
static MlpTensor *op_sigmoid   (MlpTensor **in, gconstpointer d) { return mlp_sigmoid (in[0]); }
static MlpTensor *op_tanh      (MlpTensor **in, gconstpointer d) { return mlp_tanh (in[0]); }
static MlpTensor *op_exp       (MlpTensor **in, gconstpointer d) { return mlp_exp (in[0]); }
static MlpTensor *op_log       (MlpTensor **in, gconstpointer d) { return mlp_log (in[0]); }
static MlpTensor *op_sum       (MlpTensor **in, gconstpointer d) { return mlp_sum (in[0]); }
static MlpTensor *op_mean      (MlpTensor **in, gconstpointer d) { return mlp_mean (in[0]); }
static MlpTensor *op_flatten   (MlpTensor **in, gconstpointer d) { return mlp_flatten (in[0]); }

static MlpTensor *op_add_scalar (MlpTensor **in, gconstpointer d) { return mlp_add_scalar (in[0], *(const float *) d); }
static MlpTensor *op_mul_scalar (MlpTensor **in, gconstpointer d) { return mlp_mul_scalar (in[0], *(const float *) d); }
static MlpTensor *op_div_scalar (MlpTensor **in, gconstpointer d) { return mlp_div_scalar (in[0], *(const float *) d); }

static MlpTensor *
op_xent (MlpTensor **in, gconstpointer labels)
{
  return mlp_softmax_cross_entropy (in[0], labels);
}

typedef struct {
  guint  ndim;
  gssize shape[MLP_MAX_DIMS];
} ReshapeArgs;

static MlpTensor *
op_reshape (MlpTensor **in, gconstpointer d)
{
  const ReshapeArgs *args = d;

  return mlp_reshape (in[0], args->ndim, args->shape);
}

/* reshape(x) ⊙ w: a wrong element mapping in reshape's backward would pair
 * gradients with the wrong weights */
static MlpTensor *
op_reshape_mul (MlpTensor **in, gconstpointer d)
{
  g_autoptr(MlpTensor) v = op_reshape (in, d);

  return v ? mlp_mul (v, in[1]) : NULL;
}

typedef struct {
  float   p;
  guint64 seed;
} DropoutArgs;

/* re-seeded on every call so that every evaluation draws the same mask */
static MlpTensor *
op_dropout (MlpTensor **in, gconstpointer d)
{
  const DropoutArgs *args = d;
  MlpRng rng;

  mlp_rng_init (&rng, args->seed);
  return mlp_dropout (in[0], args->p, &rng);
}

/* the chapter's MLPScratch: xent (relu (X W1 + b1) W2 + b2);
 * in = X (N, D), W1 (D, H), b1 (H), W2 (H, K), b2 (K) */
static MlpTensor *
op_mlp (MlpTensor **in, gconstpointer labels)
{
  g_autoptr(MlpTensor) z1 = mlp_matmul (in[0], in[1]);
  g_autoptr(MlpTensor) a1 = mlp_add (z1, in[2]);
  g_autoptr(MlpTensor) h = mlp_relu (a1);
  g_autoptr(MlpTensor) z2 = mlp_matmul (h, in[3]);
  g_autoptr(MlpTensor) o = mlp_add (z2, in[4]);

  return mlp_softmax_cross_entropy (o, labels);
}

/* the concise version's layout: weights (out, in) as nn.Linear, a sigmoid
 * hidden layer and dropout between (fixed mask);
 * in = X (N, D), W1 (H, D), b1 (H), W2 (K, H), b2 (K) */
static MlpTensor *
op_mlp_linear (MlpTensor **in, gconstpointer labels)
{
  g_autoptr(MlpTensor) z1 = mlp_matmul_nt (in[0], in[1]);
  g_autoptr(MlpTensor) a1 = mlp_add (z1, in[2]);
  g_autoptr(MlpTensor) h = mlp_sigmoid (a1);
  g_autoptr(MlpTensor) hd = NULL;
  g_autoptr(MlpTensor) z2 = NULL;
  g_autoptr(MlpTensor) o = NULL;
  MlpRng rng;

  mlp_rng_init (&rng, 7);
  hd = mlp_dropout (h, 0.3f, &rng);
  z2 = mlp_matmul_nt (hd, in[3]);
  o = mlp_add (z2, in[4]);
  return mlp_softmax_cross_entropy (o, labels);
}

static void
require_grad_all (MlpTensor **in, guint n)
{
  for (guint i = 0; i < n; i++)
    mlp_tensor_set_requires_grad (in[i], TRUE);
}

static void
unref_all (MlpTensor **in, guint n)
{
  for (guint i = 0; i < n; i++)
    g_clear_pointer (&in[i], mlp_tensor_unref);
}

/* -------------------------------------------------- the checker itself */

/* an op whose backward is wrong by a factor of 2, to show the checker fails */
static void
wrong_double_backward (MlpGradFn *fn, MlpTensor *out)
{
  float *gx = mlp_tensor_ensure_grad (fn->inputs[0]);

  for (gsize i = 0; i < out->numel; i++)
    gx[i] += 2.0f * out->grad[i];
}

/* and one with the wrong sign */
static void
wrong_sign_backward (MlpGradFn *fn, MlpTensor *out)
{
  float *gx = mlp_tensor_ensure_grad (fn->inputs[0]);

  for (gsize i = 0; i < out->numel; i++)
    gx[i] -= out->grad[i];
}

static MlpTensor *
op_identity_with (MlpTensor **in, MlpBackwardFunc backward)
{
  MlpTensor *out = mlp_tensor_copy (in[0]);

  mlp_tensor_record (out, "identity", backward, 1, in);
  return out;
}

static MlpTensor *op_wrong_double (MlpTensor **in, gconstpointer d) { return op_identity_with (in, wrong_double_backward); }
static MlpTensor *op_wrong_sign   (MlpTensor **in, gconstpointer d) { return op_identity_with (in, wrong_sign_backward); }

static void
test_checker_catches_errors (void)
{
  gsize shape[2] = { 3, 4 };
  MlpRng rng;
  g_autoptr(MlpTensor) x = NULL;
  MlpTensor *in[1];
  double max_numeric;

  mlp_rng_init (&rng, SEED);
  x = random_tensor (&rng, 2, shape, -1.0f, 1.0f, 0.0f);
  mlp_tensor_set_requires_grad (x, TRUE);
  in[0] = x;

  notes_muted = TRUE;
  g_assert_cmpuint (gradcheck_mismatches ("wrong by a factor 2", op_wrong_double, NULL, in, 1, &max_numeric), ==, x->numel);
  g_assert_cmpuint (gradcheck_mismatches ("wrong sign", op_wrong_sign, NULL, in, 1, &max_numeric), ==, x->numel);
  notes_muted = FALSE;
  /* and a right one passes: the same identity through mul_scalar (1) */
  {
    float one = 1.0f;

    g_assert_cmpuint (gradcheck_mismatches ("id", op_mul_scalar, &one, in, 1, &max_numeric), ==, 0);
    g_assert_cmpfloat (max_numeric, >, 0.1);
  }
}

/* ----------------------------------------------------------- matmul */

static void
check_matmul (OpFunc f, gboolean nt)
{
  MlpRng rng;

  mlp_rng_init (&rng, SEED + 1);
  for (int draw = 0; draw < N_DRAWS; draw++)
    {
      gsize m = rand_size (&rng), k = rand_size (&rng), n = rand_size (&rng);
      gsize sa[2] = { m, k }, sb[2] = { nt ? n : k, nt ? k : n };
      MlpTensor *in[2];
      g_autofree char *sha = NULL;
      g_autofree char *shb = NULL;
      g_autofree char *what = NULL;

      in[0] = random_tensor (&rng, 2, sa, -1.0f, 1.0f, 0.0f);
      in[1] = random_tensor (&rng, 2, sb, -1.0f, 1.0f, 0.0f);
      sha = mlp_tensor_shape_string (in[0]);
      shb = mlp_tensor_shape_string (in[1]);
      what = g_strdup_printf ("%s %s %s", nt ? "matmul_nt" : "matmul", sha, shb);
      require_grad_all (in, 2);
      assert_gradcheck (what, f, NULL, in, 2);

      /* only one operand asking for a gradient: the other gets none */
      mlp_tensor_unref (in[1]);
      in[1] = random_tensor (&rng, 2, sb, -1.0f, 1.0f, 0.0f);
      assert_gradcheck (what, f, NULL, in, 2);
      g_assert_null (in[1]->grad);
      unref_all (in, 2);
    }
}

static void
test_gradcheck_matmul (void)
{
  gsize sa[2] = { 2, 3 }, sb[2] = { 3, 2 };
  float a[6] = { 1, 2, 3, 4, 5, 6 }, b[6] = { 7, 8, 9, 10, 11, 12 };
  g_autoptr(MlpTensor) ta = mlp_tensor_new_from_data (2, sa, a);
  g_autoptr(MlpTensor) tb = mlp_tensor_new_from_data (2, sb, b);
  g_autoptr(MlpTensor) c = mlp_matmul (ta, tb);
  const float want[4] = { 58, 64, 139, 154 };

  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat (c->data[i], ==, want[i]);
  check_matmul (op_matmul, FALSE);
}

static void
test_gradcheck_matmul_nt (void)
{
  gsize sa[2] = { 2, 3 }, sb[2] = { 2, 3 };
  float a[6] = { 1, 2, 3, 4, 5, 6 }, b[6] = { 7, 9, 11, 8, 10, 12 };
  g_autoptr(MlpTensor) ta = mlp_tensor_new_from_data (2, sa, a);
  g_autoptr(MlpTensor) tb = mlp_tensor_new_from_data (2, sb, b);
  g_autoptr(MlpTensor) c = mlp_matmul_nt (ta, tb);
  const float want[4] = { 58, 64, 139, 154 };

  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat (c->data[i], ==, want[i]);
  check_matmul (op_matmul_nt, TRUE);
}

/* ------------------------------------------------- broadcasting binary ops */

/* the shapes of one broadcasting case, drawn from (p, m, n) */
typedef enum {
  CASE_SAME,          /* (m, n)    (m, n)    */
  CASE_ROW,           /* (m, n)    (n)       */
  CASE_ROW_FIRST,     /* (n)       (m, n)    */
  CASE_SCALAR,        /* (m, n)    ()        */
  CASE_SCALAR_FIRST,  /* ()        (m, n)    */
  CASE_3D_2D,         /* (p, m, n) (m, n)    */
  CASE_2D_3D,         /* (m, n)    (p, m, n) */
  CASE_3D_ROW,        /* (p, m, n) (n)       */
  CASE_3D_SAME,       /* (p, m, n) (p, m, n) */
  N_CASES
} BroadcastCase;

static void
case_shapes (BroadcastCase c, gsize p, gsize m, gsize n,
             guint *nda, gsize *sa, guint *ndb, gsize *sb)
{
  gsize s1[1] = { n }, s2[2] = { m, n }, s3[3] = { p, m, n };
  const gsize *shapes[4] = { NULL, s1, s2, s3 };
  static const guint dims[N_CASES][2] = {
    [CASE_SAME] = { 2, 2 }, [CASE_ROW] = { 2, 1 }, [CASE_ROW_FIRST] = { 1, 2 },
    [CASE_SCALAR] = { 2, 0 }, [CASE_SCALAR_FIRST] = { 0, 2 },
    [CASE_3D_2D] = { 3, 2 }, [CASE_2D_3D] = { 2, 3 }, [CASE_3D_ROW] = { 3, 1 },
    [CASE_3D_SAME] = { 3, 3 },
  };

  *nda = dims[c][0];
  *ndb = dims[c][1];
  if (*nda > 0)
    memcpy (sa, shapes[*nda], *nda * sizeof (gsize));
  if (*ndb > 0)
    memcpy (sb, shapes[*ndb], *ndb * sizeof (gsize));
}

static void
check_binary (const char *name, OpFunc f, gboolean keep_apart)
{
  MlpRng rng;

  mlp_rng_init (&rng, SEED + 2);
  for (int draw = 0; draw < N_DRAWS; draw++)
    {
      gsize p = rand_size (&rng), m = rand_size (&rng), n = rand_size (&rng);

      for (BroadcastCase c = 0; c < N_CASES; c++)
        {
          guint nda, ndb;
          gsize sa[3] = { 0 }, sb[3] = { 0 };
          MlpTensor *in[2];
          MlpTensor *big;
          g_autoptr(MlpTensor) y = NULL;
          g_autofree char *what = NULL;
          g_autofree char *sha = NULL;
          g_autofree char *shb = NULL;

          case_shapes (c, p, m, n, &nda, sa, &ndb, sb);
          {
            /* draw the operand with fewer elements first, then keep the
             * other one apart from it (for maximum) */
            gsize na = 1, nb = 1;

            for (guint d = 0; d < nda; d++)
              na *= sa[d];
            for (guint d = 0; d < ndb; d++)
              nb *= sb[d];
            if (na < nb || (na == nb && nda < ndb))
              {
                in[0] = random_tensor (&rng, nda, sa, -2.0f, 2.0f, 0.0f);
                in[1] = keep_apart ? random_apart (&rng, ndb, sb, in[0])
                                   : random_tensor (&rng, ndb, sb, -2.0f, 2.0f, 0.0f);
              }
            else
              {
                in[1] = random_tensor (&rng, ndb, sb, -2.0f, 2.0f, 0.0f);
                in[0] = keep_apart ? random_apart (&rng, nda, sa, in[1])
                                   : random_tensor (&rng, nda, sa, -2.0f, 2.0f, 0.0f);
              }
          }
          sha = mlp_tensor_shape_string (in[0]);
          shb = mlp_tensor_shape_string (in[1]);
          what = g_strdup_printf ("%s %s %s", name, sha, shb);
          require_grad_all (in, 2);

          /* the result has the larger operand's shape */
          y = f (in, NULL);
          g_assert_nonnull (y);
          big = in[0]->ndim >= in[1]->ndim ? in[0] : in[1];
          if (y != NULL)
            {
              g_autofree char *shy = mlp_tensor_shape_string (y);

              if (!mlp_tensor_same_shape (y, big))
                note ("%s: result shape %s", what, shy);
              g_assert_true (mlp_tensor_same_shape (y, big));
            }

          assert_gradcheck (what, f, NULL, in, 2);

          /* with only the first operand requiring grad, the second gets none
           * (for maximum the first may lose every comparison: zero gradient) */
          {
            MlpTensor *b2 = mlp_tensor_copy (in[1]);

            mlp_tensor_unref (in[1]);
            in[1] = b2;
            assert_gradcheck_full (what, f, NULL, in, 2, !keep_apart);
            g_assert_null (in[1]->grad);
          }
          unref_all (in, 2);
        }
    }
}

/* the forward values on a small hand case, broadcast over rows */
static void
check_binary_values (OpFunc f, const float *want)
{
  float a[6] = { 1, -2, 3, -4, 5, -6 }, b[3] = { 0.5f, 0.5f, -5 };
  gsize sa[2] = { 2, 3 }, sb[1] = { 3 };
  MlpTensor *in[2] = { mlp_tensor_new_from_data (2, sa, a),
                       mlp_tensor_new_from_data (1, sb, b) };
  g_autoptr(MlpTensor) y = f (in, NULL);

  g_assert_nonnull (y);
  for (int i = 0; y != NULL && i < 6; i++)
    g_assert_cmpfloat (y->data[i], ==, want[i]);
  unref_all (in, 2);
}

static void
test_gradcheck_add (void)
{
  const float want[6] = { 1.5f, -1.5f, -2, -3.5f, 5.5f, -11 };

  if (!in_isolation ())
    return;
  check_binary_values (op_add, want);
  check_binary ("add", op_add, FALSE);
}

static void
test_gradcheck_sub (void)
{
  const float want[6] = { 0.5f, -2.5f, 8, -4.5f, 4.5f, -1 };

  if (!in_isolation ())
    return;
  check_binary_values (op_sub, want);
  check_binary ("sub", op_sub, FALSE);
}

static void
test_gradcheck_mul (void)
{
  const float want[6] = { 0.5f, -1, -15, -2, 2.5f, 30 };

  if (!in_isolation ())
    return;
  check_binary_values (op_mul, want);
  check_binary ("mul", op_mul, FALSE);
}

static void
test_gradcheck_maximum (void)
{
  const float want[6] = { 1, 0.5f, 3, 0.5f, 5, -5 };

  if (!in_isolation ())
    return;
  check_binary_values (op_maximum, want);
  check_binary ("maximum", op_maximum, TRUE);
}

/* torch.maximum splits the gradient in halves where a == b */
static void
test_maximum_ties (void)
{
  float a[3] = { 1, 2, 3 }, b[3] = { 1, 5, 0 };
  gsize s[1] = { 3 };
  g_autoptr(MlpTensor) ta = mlp_tensor_new_from_data (1, s, a);
  g_autoptr(MlpTensor) tb = mlp_tensor_new_from_data (1, s, b);
  g_autoptr(MlpTensor) y = NULL;

  mlp_tensor_set_requires_grad (ta, TRUE);
  mlp_tensor_set_requires_grad (tb, TRUE);
  y = mlp_maximum (ta, tb);
  mlp_tensor_backward (y, NULL);
  g_assert_cmpfloat (ta->grad[0], ==, 0.5f);
  g_assert_cmpfloat (tb->grad[0], ==, 0.5f);
  g_assert_cmpfloat (ta->grad[1], ==, 0.0f);
  g_assert_cmpfloat (tb->grad[1], ==, 1.0f);
  g_assert_cmpfloat (ta->grad[2], ==, 1.0f);
  g_assert_cmpfloat (tb->grad[2], ==, 0.0f);
}

/* The header's rule: the smaller operand's shape equals the trailing
 * dimensions of the larger one.  With a leading dimension of 1 both operands
 * have the same number of elements; the order of the operands must not matter
 * and the result has the larger rank, as in PyTorch. */
static void
test_broadcast_equal_numel (void)
{
  float row[3] = { 1, 2, 3 }, mat[3] = { 10, 20, 30 };
  gsize s1[1] = { 3 }, s2[2] = { 1, 3 }, s3[3] = { 1, 1, 3 };
  g_autoptr(MlpTensor) a = NULL;
  g_autoptr(MlpTensor) b = NULL;
  g_autoptr(MlpTensor) c = NULL;
  g_autoptr(MlpTensor) y1 = NULL;
  g_autoptr(MlpTensor) y2 = NULL;
  g_autoptr(MlpTensor) y3 = NULL;

  if (!in_isolation ())
    return;

  a = mlp_tensor_new_from_data (1, s1, row);
  b = mlp_tensor_new_from_data (2, s2, mat);
  c = mlp_tensor_new_from_data (3, s3, mat);
  mlp_tensor_set_requires_grad (a, TRUE);

  /* (1, 3) + (3) works … */
  y1 = mlp_add (b, a);
  g_assert_nonnull (y1);
  g_assert_true (mlp_tensor_same_shape (y1, b));
  /* … and so must (3) + (1, 3) */
  y2 = mlp_add (a, b);
  g_assert_nonnull (y2);
  if (y2 != NULL)
    {
      g_assert_true (mlp_tensor_same_shape (y2, b));
      g_assert_cmpfloat (y2->data[2], ==, 33.0f);
      mlp_tensor_backward (y2, NULL);
      g_assert_cmpfloat (a->grad[0], ==, 1.0f);
    }
  /* and (3) ⊙ (1, 1, 3) */
  y3 = mlp_mul (a, c);
  g_assert_nonnull (y3);
  if (y3 != NULL)
    g_assert_true (mlp_tensor_same_shape (y3, c));
}

/* a 0-d scalar against a one-element matrix: the result is (1, 1) in either
 * order (torch.sub (torch.tensor (2.), torch.ones (1, 1)).shape == (1, 1)) */
static void
test_broadcast_scalar_shape (void)
{
  gsize s11[2] = { 1, 1 }, s1[1] = { 1 };
  g_autoptr(MlpTensor) s = mlp_tensor_new_scalar (2.0f);
  g_autoptr(MlpTensor) one = mlp_tensor_new_full (2, s11, 5.0f);
  g_autoptr(MlpTensor) vec = mlp_tensor_new_full (1, s1, 5.0f);
  g_autoptr(MlpTensor) y1 = NULL;
  g_autoptr(MlpTensor) y2 = NULL;
  g_autoptr(MlpTensor) y3 = NULL;

  mlp_tensor_set_requires_grad (s, TRUE);
  y1 = mlp_sub (one, s);
  g_assert_true (mlp_tensor_same_shape (y1, one));
  g_assert_cmpfloat (y1->data[0], ==, 3.0f);
  y2 = mlp_sub (s, one);
  g_assert_true (mlp_tensor_same_shape (y2, one));
  g_assert_cmpfloat (y2->data[0], ==, -3.0f);
  y3 = mlp_mul (s, vec);
  g_assert_true (mlp_tensor_same_shape (y3, vec));
  g_assert_cmpfloat (y3->data[0], ==, 10.0f);
}

/* shapes that do not broadcast are refused with a critical */
static void
test_broadcast_mismatch (void)
{
  if (g_test_subprocess ())
    {
      gsize sa[2] = { 2, 3 }, sb[1] = { 2 };
      g_autoptr(MlpTensor) a = mlp_tensor_new (2, sa);
      g_autoptr(MlpTensor) b = mlp_tensor_new (1, sb);
      g_autoptr(MlpTensor) y = mlp_add (a, b);

      g_assert_null (y);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*do not broadcast*");
}

/* ----------------------------------------------------------- scalar ops */

static void
test_gradcheck_scalar_ops (void)
{
  static const float constants[] = { 0.7f, -1.3f, 2.5f };
  MlpRng rng;

  mlp_rng_init (&rng, SEED + 3);
  for (int draw = 0; draw < N_DRAWS; draw++)
    {
      gsize shape[3] = { rand_size (&rng), rand_size (&rng), rand_size (&rng) };
      guint ndim = 1 + draw % 3;

      for (guint k = 0; k < G_N_ELEMENTS (constants); k++)
        {
          float c = constants[k];
          MlpTensor *in[1] = { random_tensor (&rng, ndim, shape, -2.0f, 2.0f, 0.0f) };
          g_autoptr(MlpTensor) ya = mlp_add_scalar (in[0], c);
          g_autoptr(MlpTensor) ym = mlp_mul_scalar (in[0], c);
          g_autoptr(MlpTensor) yd = mlp_div_scalar (in[0], c);

          for (gsize i = 0; i < in[0]->numel; i++)
            {
              g_assert_cmpfloat (ya->data[i], ==, in[0]->data[i] + c);
              g_assert_cmpfloat (ym->data[i], ==, c * in[0]->data[i]);
              g_assert_cmpfloat (yd->data[i], ==, in[0]->data[i] / c);
            }
          require_grad_all (in, 1);
          assert_gradcheck ("add_scalar", op_add_scalar, &c, in, 1);
          assert_gradcheck ("mul_scalar", op_mul_scalar, &c, in, 1);
          assert_gradcheck ("div_scalar", op_div_scalar, &c, in, 1);
          unref_all (in, 1);
        }
    }
}

/* gt_scalar is a comparison, not differentiable: no grad_fn */
static void
test_gt_scalar (void)
{
  float v[4] = { -1, 0.5f, 0.5001f, 2 };
  gsize s[1] = { 4 };
  g_autoptr(MlpTensor) x = mlp_tensor_new_from_data (1, s, v);
  g_autoptr(MlpTensor) y = NULL;
  const float want[4] = { 0, 0, 1, 1 };

  mlp_tensor_set_requires_grad (x, TRUE);
  y = mlp_gt_scalar (x, 0.5f);
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat (y->data[i], ==, want[i]);
  g_assert_null (y->grad_fn);
  g_assert_false (y->requires_grad);
}

/* ---------------------------------------------------------- activations */

static void
check_unary_full (const char *name, OpFunc f, float lo, float hi, float min_abs,
                  guint64 seed, gboolean expect_nonzero)
{
  MlpRng rng;

  mlp_rng_init (&rng, seed);
  for (int draw = 0; draw < N_DRAWS; draw++)
    {
      gsize shape[3] = { rand_size (&rng), rand_size (&rng), rand_size (&rng) };
      guint ndim = 1 + draw % 3;
      MlpTensor *in[1] = { random_tensor (&rng, ndim, shape, lo, hi, min_abs) };
      g_autofree char *sh = mlp_tensor_shape_string (in[0]);
      g_autofree char *what = g_strdup_printf ("%s %s", name, sh);

      require_grad_all (in, 1);
      assert_gradcheck_full (what, f, NULL, in, 1, expect_nonzero);
      unref_all (in, 1);
    }
}

static void
check_unary (const char *name, OpFunc f, float lo, float hi, float min_abs, guint64 seed)
{
  check_unary_full (name, f, lo, hi, min_abs, seed, TRUE);
}

static void
test_gradcheck_relu (void)
{
  check_unary ("relu", op_relu, -2.0f, 2.0f, KINK, SEED + 4);
}

static void
test_gradcheck_sigmoid (void)
{
  check_unary ("sigmoid", op_sigmoid, -4.0f, 4.0f, 0.0f, SEED + 5);
}

static void
test_gradcheck_tanh (void)
{
  check_unary ("tanh", op_tanh, -2.0f, 2.0f, 0.0f, SEED + 6);
}

static void
test_gradcheck_exp (void)
{
  check_unary ("exp", op_exp, -2.0f, 2.0f, 0.0f, SEED + 7);
}

static void
test_gradcheck_log (void)
{
  check_unary ("log", op_log, 0.5f, 3.0f, 0.0f, SEED + 8);
}

static void
test_gradcheck_prelu (void)
{
  MlpRng rng;

  mlp_rng_init (&rng, SEED + 9);
  for (int draw = 0; draw < N_DRAWS; draw++)
    {
      gsize N = rand_size (&rng), C = rand_size (&rng), H = rand_size (&rng);
      gsize s1[1] = { N }, s2[2] = { N, C }, s3[3] = { N, C, H };
      gsize one[1] = { 1 }, sc[1] = { C };
      struct { guint ndim; const gsize *shape; gboolean per_channel; } cases[] = {
        { 1, s1, FALSE }, { 2, s2, FALSE }, { 3, s3, FALSE },
        { 2, s2, TRUE }, { 3, s3, TRUE },
      };

      for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
        {
          MlpTensor *in[2];
          g_autofree char *sh = NULL;
          g_autofree char *what = NULL;

          in[0] = random_tensor (&rng, cases[k].ndim, cases[k].shape, -2.0f, 2.0f, KINK);
          in[1] = random_tensor (&rng, 1, cases[k].per_channel ? sc : one, -1.5f, 1.5f, 0.0f);
          sh = mlp_tensor_shape_string (in[0]);
          what = g_strdup_printf ("prelu %s, w (%" G_GSIZE_FORMAT ")", sh, in[1]->numel);

          /* the forward value against the definition, channel by channel */
          {
            g_autoptr(MlpTensor) y = mlp_prelu (in[0], in[1]);
            gsize inner = cases[k].ndim == 3 ? H : 1;

            g_assert_nonnull (y);
            for (gsize i = 0; y != NULL && i < y->numel; i++)
              {
                float x = in[0]->data[i];
                float w = in[1]->data[in[1]->numel == 1 ? 0 : (i / inner) % C];

                g_assert_cmpfloat (y->data[i], ==, x > 0 ? x : w * x);
              }
          }

          require_grad_all (in, 2);
          assert_gradcheck (what, op_prelu, NULL, in, 2);
          /* d/dw alone (x a constant; zero when no x is negative) */
          {
            MlpTensor *x2 = mlp_tensor_copy (in[0]);

            mlp_tensor_unref (in[0]);
            in[0] = x2;
            assert_gradcheck_full (what, op_prelu, NULL, in, 2, FALSE);
            g_assert_null (in[0]->grad);
          }
          unref_all (in, 2);
        }
    }
}

/* ----------------------------------------------------------- reductions */

static void
test_gradcheck_reductions (void)
{
  float v[4] = { 1, 2, 3, 4.5f };
  gsize s[2] = { 2, 2 };
  g_autoptr(MlpTensor) x = mlp_tensor_new_from_data (2, s, v);
  g_autoptr(MlpTensor) total = mlp_sum (x);
  g_autoptr(MlpTensor) avg = mlp_mean (x);

  g_assert_cmpuint (total->ndim, ==, 0);
  g_assert_cmpuint (avg->ndim, ==, 0);
  g_assert_cmpfloat (mlp_tensor_item (total), ==, 10.5f);
  g_assert_cmpfloat (mlp_tensor_item (avg), ==, 2.625f);

  /* d mean / dx = 1/n exactly, d sum / dx = 1 */
  mlp_tensor_set_requires_grad (x, TRUE);
  g_clear_pointer (&avg, mlp_tensor_unref);
  g_clear_pointer (&total, mlp_tensor_unref);
  avg = mlp_mean (x);
  mlp_tensor_backward (avg, NULL);
  for (gsize i = 0; i < x->numel; i++)
    g_assert_cmpfloat (x->grad[i], ==, 0.25f);
  total = mlp_sum (x);
  mlp_tensor_backward (total, NULL);
  for (gsize i = 0; i < x->numel; i++)
    g_assert_cmpfloat (x->grad[i], ==, 1.25f);

  check_unary ("sum", op_sum, -2.0f, 2.0f, 0.0f, SEED + 10);
  /* (the gradient u/n is small for large n: not checked for vacuity) */
  check_unary_full ("mean", op_mean, -2.0f, 2.0f, 0.0f, SEED + 11, FALSE);
}

/* ---------------------------------------------------------------- shape */

static void
test_gradcheck_reshape (void)
{
  MlpRng rng;

  mlp_rng_init (&rng, SEED + 12);
  for (int draw = 0; draw < N_DRAWS; draw++)
    {
      gsize a = rand_size (&rng), b = rand_size (&rng), c = rand_size (&rng);
      gsize s3[3] = { a, b, c };
      ReshapeArgs cases[] = {
        { 2, { -1, (gssize) c } },
        { 2, { (gssize) a, -1 } },
        { 1, { -1 } },
        { 3, { (gssize) c, (gssize) b, (gssize) a } },
        { 4, { (gssize) b, 1, -1, (gssize) a } },
      };

      for (guint k = 0; k < G_N_ELEMENTS (cases); k++)
        {
          MlpTensor *in[2];
          g_autoptr(MlpTensor) view = NULL;

          in[0] = random_tensor (&rng, 3, s3, -2.0f, 2.0f, 0.0f);
          mlp_tensor_set_requires_grad (in[0], TRUE);
          view = mlp_reshape (in[0], cases[k].ndim, cases[k].shape);
          g_assert_nonnull (view);
          if (view == NULL)
            {
              unref_all (in, 1);
              continue;
            }
          /* a view: same data, inferred dimension filled in */
          g_assert_true (view->data == in[0]->data);
          g_assert_cmpuint (view->numel, ==, in[0]->numel);
          for (guint d = 0; d < cases[k].ndim; d++)
            if (cases[k].shape[d] >= 0)
              g_assert_cmpuint (view->shape[d], ==, (gsize) cases[k].shape[d]);

          assert_gradcheck ("reshape", op_reshape, &cases[k], in, 1);
          in[1] = random_tensor (&rng, view->ndim, view->shape, -2.0f, 2.0f, 0.2f);
          mlp_tensor_set_requires_grad (in[1], TRUE);
          assert_gradcheck ("reshape * w", op_reshape_mul, &cases[k], in, 2);
          unref_all (in, 2);
        }
    }
}

/* a reshape of a reshape still shares the original storage and is freed
 * with it */
static void
test_reshape_of_view (void)
{
  gsize s[2] = { 2, 6 };
  gssize s1[2] = { 3, 4 }, s2[1] = { -1 };
  g_autoptr(MlpTensor) x = mlp_tensor_new (2, s);
  MlpTensor *v1, *v2;

  mlp_tensor_set_requires_grad (x, TRUE);
  v1 = mlp_reshape (x, 2, s1);
  v2 = mlp_reshape (v1, 1, s2);
  mlp_tensor_unref (v1);
  g_assert_true (v2->data == x->data);
  g_assert_cmpuint (v2->shape[0], ==, 12);
  x->data[5] = 7.0f;
  g_assert_cmpfloat (v2->data[5], ==, 7.0f);
  mlp_tensor_backward (v2, NULL);
  for (gsize i = 0; i < x->numel; i++)
    g_assert_cmpfloat (x->grad[i], ==, 1.0f);
  mlp_tensor_unref (v2);
  g_assert_cmpint (x->ref_count, ==, 1);
}

static void
test_gradcheck_flatten (void)
{
  MlpRng rng;

  mlp_rng_init (&rng, SEED + 13);
  for (int draw = 0; draw < N_DRAWS; draw++)
    {
      gsize shape[4] = { rand_size (&rng), rand_size (&rng), rand_size (&rng), rand_size (&rng) };
      guint ndim = 2 + draw % 3;
      MlpTensor *in[1] = { random_tensor (&rng, ndim, shape, -2.0f, 2.0f, 0.0f) };
      g_autoptr(MlpTensor) flat = mlp_flatten (in[0]);

      g_assert_cmpuint (flat->ndim, ==, 2);
      g_assert_cmpuint (flat->shape[0], ==, shape[0]);
      g_assert_cmpuint (flat->shape[1], ==, in[0]->numel / shape[0]);
      require_grad_all (in, 1);
      assert_gradcheck ("flatten", op_flatten, NULL, in, 1);
      unref_all (in, 1);
    }
}

/* -------------------------------------------------------------- dropout */

static void
test_gradcheck_dropout (void)
{
  static const float ps[] = { 0.0f, 0.3f, 0.5f, 0.9f, 1.0f };
  MlpRng rng;

  mlp_rng_init (&rng, SEED + 14);
  for (int draw = 0; draw < N_DRAWS; draw++)
    {
      gsize shape[2] = { rand_size (&rng), 4 + rand_size (&rng) };

      for (guint k = 0; k < G_N_ELEMENTS (ps); k++)
        {
          DropoutArgs args = { ps[k], SEED + 100 * draw + k };
          float keep = 1.0f - args.p;
          MlpTensor *in[1] = { random_tensor (&rng, 2, shape, -2.0f, 2.0f, 0.1f) };
          g_autoptr(MlpTensor) y = NULL;
          MlpRng mask_rng;

          require_grad_all (in, 1);
          /* (the exact mask check below keeps this from being vacuous) */
          assert_gradcheck_full ("dropout", op_dropout, &args, in, 1, FALSE);

          /* grad = mask / (1 − p), the mask redrawn from the same seed */
          mlp_tensor_zero_grad (in[0]);
          y = op_dropout (in, &args);
          mlp_tensor_backward (y, NULL);
          mlp_rng_init (&mask_rng, args.seed);
          for (gsize i = 0; i < in[0]->numel; i++)
            {
              float mask = args.p < 1.0f ? (float) (mlp_rng_uniform (&mask_rng) > args.p) : 0.0f;

              if (args.p < 1.0f)
                {
                  g_assert_cmpfloat (y->data[i], ==, (mask * in[0]->data[i]) / keep);
                  g_assert_cmpfloat (in[0]->grad[i], ==, mask / keep);
                }
              else
                {
                  g_assert_cmpfloat (y->data[i], ==, 0.0f);
                  g_assert_cmpfloat (in[0]->grad[i], ==, 0.0f);
                }
            }
          unref_all (in, 1);
        }
    }
}

/* The chapter's dropout_layer, written with the ops:
 *   mask = (torch.rand(X.shape) > dropout).float(); mask * X / (1.0 - dropout)
 * draws the same numbers and gives bit-identical output. */
static void
test_dropout_matches_chapter (void)
{
  static const float ps[] = { 0.0f, 0.2f, 0.5f, 0.8f };
  gsize shape[2] = { 2, 8 };
  g_autoptr(MlpTensor) x = mlp_tensor_arange (0, 16, 1);
  g_autoptr(MlpTensor) X = NULL;
  gssize rs[2] = { 2, 8 };

  X = mlp_reshape (x, 2, rs);
  g_assert_nonnull (X);
  if (X == NULL)
    return;
  for (guint k = 0; k < G_N_ELEMENTS (ps); k++)
    {
      MlpRng r1, r2;
      g_autoptr(MlpTensor) fused = NULL;
      g_autoptr(MlpTensor) uniform = mlp_tensor_new (2, shape);
      g_autoptr(MlpTensor) mask = NULL;
      g_autoptr(MlpTensor) masked = NULL;
      g_autoptr(MlpTensor) scratch = NULL;
      gsize kept = 0;

      mlp_rng_init (&r1, 42);
      mlp_rng_init (&r2, 42);
      fused = mlp_dropout (X, ps[k], &r1);
      for (gsize i = 0; i < uniform->numel; i++)
        uniform->data[i] = mlp_rng_uniform (&r2);
      mask = mlp_gt_scalar (uniform, ps[k]);
      masked = mlp_mul (mask, X);
      scratch = mlp_div_scalar (masked, 1.0f - ps[k]);
      g_assert_true (mlp_tensor_same_shape (fused, X));
      g_assert_cmpmem (fused->data, fused->numel * sizeof (float),
                       scratch->data, scratch->numel * sizeof (float));
      for (gsize i = 0; i < fused->numel; i++)
        kept += fused->data[i] != 0.0f;
      if (ps[k] == 0.0f)
        g_assert_cmpuint (kept, ==, 15);  /* all but X[0] = 0 */
    }
  /* p = 1 gives zeros */
  {
    MlpRng r;
    g_autoptr(MlpTensor) y = NULL;

    mlp_rng_init (&r, 42);
    y = mlp_dropout (X, 1.0f, &r);
    for (gsize i = 0; i < y->numel; i++)
      g_assert_cmpfloat (y->data[i], ==, 0.0f);
  }
}

/* ------------------------------------------------ softmax cross-entropy */

static void
test_gradcheck_xent (void)
{
  MlpRng rng;

  mlp_rng_init (&rng, SEED + 15);
  for (int draw = 0; draw < N_DRAWS; draw++)
    {
      gsize shape[2] = { rand_size (&rng), 1 + rand_size (&rng) };
      g_autofree guint8 *labels = g_new (guint8, shape[0]);
      MlpTensor *in[1] = { random_tensor (&rng, 2, shape, -3.0f, 3.0f, 0.0f) };

      for (gsize r = 0; r < shape[0]; r++)
        labels[r] = (guint8) mlp_rng_below (&rng, shape[1]);
      require_grad_all (in, 1);
      /* the gradient is (softmax − onehot) / N, small for large N */
      assert_gradcheck_full ("softmax_cross_entropy", op_xent, labels, in, 1, FALSE);
      /* and it sums to zero over every row */
      mlp_tensor_zero_grad (in[0]);
      {
        g_autoptr(MlpTensor) loss = op_xent (in, labels);

        mlp_tensor_backward (loss, NULL);
        for (gsize r = 0; r < shape[0]; r++)
          {
            double s = 0.0;

            for (gsize c = 0; c < shape[1]; c++)
              s += in[0]->grad[r * shape[1] + c];
            g_assert_cmpfloat_with_epsilon (s, 0.0, 1e-6);
            g_assert_cmpfloat (in[0]->grad[r * shape[1] + labels[r]], <, 0.0f);
          }
      }
      unref_all (in, 1);
    }
}

/* the loss on a small case against the hand computation in double */
static void
test_xent_value (void)
{
  float z[6] = { 1, 2, 3, 1, 1, 1 };
  gsize s[2] = { 2, 3 };
  guint8 labels[2] = { 2, 0 };
  g_autoptr(MlpTensor) logits = mlp_tensor_new_from_data (2, s, z);
  g_autoptr(MlpTensor) loss = NULL;
  double l0 = log (exp (1.0) + exp (2.0) + exp (3.0)) - 3.0;
  double l1 = log (3.0);
  double p0[3] = { exp (1.0 - 3.0 - l0), exp (2.0 - 3.0 - l0), exp (-l0) };

  mlp_tensor_set_requires_grad (logits, TRUE);
  loss = mlp_softmax_cross_entropy (logits, labels);
  g_assert_cmpuint (loss->ndim, ==, 0);
  g_assert_cmpfloat_with_epsilon (mlp_tensor_item (loss), (l0 + l1) / 2.0, 1e-6);

  mlp_tensor_backward (loss, NULL);
  g_assert_cmpfloat_with_epsilon (logits->grad[0], p0[0] / 2.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (logits->grad[1], p0[1] / 2.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (logits->grad[2], (p0[2] - 1.0) / 2.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (logits->grad[3], (1.0 / 3.0 - 1.0) / 2.0, 1e-6);
  g_assert_cmpfloat_with_epsilon (logits->grad[4], (1.0 / 3.0) / 2.0, 1e-6);

  /* mlp_softmax_rows agrees */
  {
    float p[6];

    mlp_softmax_rows (logits, p);
    for (int c = 0; c < 3; c++)
      {
        g_assert_cmpfloat_with_epsilon (p[c], p0[c], 1e-6);
        g_assert_cmpfloat_with_epsilon (p[3 + c], 1.0 / 3.0, 1e-6);
      }
  }
}

/* ------------------------------------------------------------ composite */

/* draws the parameters until no hidden pre-activation is within KINK of 0,
 * so that relu has no kink inside the difference step */
static void
test_gradcheck_mlp (void)
{
  enum { N = 5, D = 4, H = 6, K = 3 };
  gsize sx[2] = { N, D }, sw1[2] = { D, H }, sb1[1] = { H }, sw2[2] = { H, K }, sb2[1] = { K };
  guint8 labels[N];
  MlpTensor *in[5] = { NULL };
  MlpRng rng;
  gboolean found = FALSE;

  mlp_rng_init (&rng, SEED + 16);
  for (int n = 0; n < N; n++)
    labels[n] = (guint8) mlp_rng_below (&rng, K);
  for (int attempt = 0; attempt < 10000 && !found; attempt++)
    {
      g_autoptr(MlpTensor) z1 = NULL;
      g_autoptr(MlpTensor) a1 = NULL;

      unref_all (in, 5);
      in[0] = random_tensor (&rng, 2, sx, -1.0f, 1.0f, 0.0f);
      in[1] = random_tensor (&rng, 2, sw1, -1.0f, 1.0f, 0.0f);
      in[2] = random_tensor (&rng, 1, sb1, -0.5f, 0.5f, 0.0f);
      in[3] = random_tensor (&rng, 2, sw2, -2.0f, 2.0f, 0.0f);
      in[4] = random_tensor (&rng, 1, sb2, -0.5f, 0.5f, 0.0f);
      z1 = mlp_matmul (in[0], in[1]);
      a1 = mlp_add (z1, in[2]);
      found = TRUE;
      for (gsize i = 0; i < a1->numel; i++)
        found &= fabsf (a1->data[i]) > KINK;
    }
  g_assert_true (found);
  require_grad_all (in, 5);
  assert_gradcheck_full ("mlp scratch", op_mlp, labels, in, 5, FALSE);
  for (int i = 0; i < 5; i++)
    {
      g_assert_nonnull (in[i]->grad);
      g_assert_cmpint (in[i]->ref_count, ==, 1);  /* the graph was freed */
    }
  unref_all (in, 5);
}

static void
test_gradcheck_mlp_linear (void)
{
  enum { N = 4, D = 5, H = 6, K = 4 };
  gsize sx[2] = { N, D }, sw1[2] = { H, D }, sb1[1] = { H }, sw2[2] = { K, H }, sb2[1] = { K };
  guint8 labels[N];
  MlpTensor *in[5];
  MlpRng rng;

  mlp_rng_init (&rng, SEED + 17);
  for (int n = 0; n < N; n++)
    labels[n] = (guint8) mlp_rng_below (&rng, K);
  in[0] = random_tensor (&rng, 2, sx, -1.0f, 1.0f, 0.0f);
  in[1] = random_tensor (&rng, 2, sw1, -1.5f, 1.5f, 0.0f);
  in[2] = random_tensor (&rng, 1, sb1, -0.5f, 0.5f, 0.0f);
  in[3] = random_tensor (&rng, 2, sw2, -3.0f, 3.0f, 0.0f);
  in[4] = random_tensor (&rng, 1, sb2, -0.5f, 0.5f, 0.0f);
  require_grad_all (in, 5);
  assert_gradcheck_full ("mlp linear", op_mlp_linear, labels, in, 5, FALSE);
  unref_all (in, 5);
}

/* --------------------------------------------------- graph bookkeeping */

/* y = x·x + x uses x three times: grad = 2x + 1 */
static void
test_used_twice (void)
{
  float v[4] = { -1.5f, 0, 0.25f, 3 };
  gsize s[1] = { 4 };
  g_autoptr(MlpTensor) x = mlp_tensor_new_from_data (1, s, v);
  g_autoptr(MlpTensor) loss = NULL;

  mlp_tensor_set_requires_grad (x, TRUE);
  {
    g_autoptr(MlpTensor) sq = mlp_mul (x, x);
    g_autoptr(MlpTensor) y = mlp_add (sq, x);

    loss = mlp_sum (y);
  }
  mlp_tensor_backward (loss, NULL);
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat (x->grad[i], ==, 2.0f * v[i] + 1.0f);

  /* a second backward over the same graph accumulates: exactly twice */
  mlp_tensor_backward (loss, NULL);
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat (x->grad[i], ==, 2.0f * (2.0f * v[i] + 1.0f));

  /* a fresh graph adds to it too */
  {
    g_autoptr(MlpTensor) loss2 = mlp_sum (x);

    mlp_tensor_backward (loss2, NULL);
    for (int i = 0; i < 4; i++)
      g_assert_cmpfloat (x->grad[i], ==, 2.0f * (2.0f * v[i] + 1.0f) + 1.0f);
  }

  /* zero_grad resets, keeping the buffer */
  mlp_tensor_zero_grad (x);
  g_assert_nonnull (x->grad);
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat (x->grad[i], ==, 0.0f);
  mlp_tensor_backward (loss, NULL);
  for (int i = 0; i < 4; i++)
    g_assert_cmpfloat (x->grad[i], ==, 2.0f * v[i] + 1.0f);

  g_clear_pointer (&loss, mlp_tensor_unref);
  g_assert_cmpint (x->ref_count, ==, 1);
}

/* backward on a non-scalar output with an explicit upstream: d(Σ u·x²)/dx = 2ux */
static void
test_explicit_upstream (void)
{
  gsize s[2] = { 3, 4 };
  MlpRng rng;
  g_autoptr(MlpTensor) x = NULL;
  g_autoptr(MlpTensor) u = NULL;
  g_autoptr(MlpTensor) y = NULL;

  mlp_rng_init (&rng, SEED + 18);
  x = random_tensor (&rng, 2, s, -2.0f, 2.0f, 0.0f);
  u = random_tensor (&rng, 2, s, -2.0f, 2.0f, 0.0f);
  mlp_tensor_set_requires_grad (x, TRUE);
  y = mlp_mul (x, x);
  mlp_tensor_backward (y, u);
  for (gsize i = 0; i < x->numel; i++)
    g_assert_cmpfloat (x->grad[i], ==, u->data[i] * x->data[i] + u->data[i] * x->data[i]);

  /* NULL upstream on a non-scalar means ones */
  mlp_tensor_zero_grad (x);
  mlp_tensor_backward (y, NULL);
  for (gsize i = 0; i < x->numel; i++)
    g_assert_cmpfloat (x->grad[i], ==, 2.0f * x->data[i]);
}

/* Walking the same graph twice gives exactly twice the leaf gradients:
 * intermediate gradients start from zero in every sweep, and only leaves
 * keep .grad afterwards. */
static void
test_retain_graph (void)
{
  gsize s[2] = { 3, 5 }, sw[2] = { 5, 2 };
  MlpRng rng;
  g_autoptr(MlpTensor) x = NULL;
  g_autoptr(MlpTensor) w = NULL;
  g_autoptr(MlpTensor) h = NULL;
  g_autoptr(MlpTensor) a = NULL;
  g_autoptr(MlpTensor) hh = NULL;
  g_autoptr(MlpTensor) loss = NULL;
  g_autofree float *gx1 = NULL;
  g_autofree float *gw1 = NULL;

  mlp_rng_init (&rng, SEED + 19);
  x = random_tensor (&rng, 2, s, -1.0f, 1.0f, 0.0f);
  w = random_tensor (&rng, 2, sw, -1.0f, 1.0f, 0.0f);
  mlp_tensor_set_requires_grad (x, TRUE);
  mlp_tensor_set_requires_grad (w, TRUE);
  h = mlp_matmul (x, w);          /* (3, 2), used twice below */
  a = mlp_tanh (h);
  hh = mlp_mul (a, h);
  loss = mlp_mean (hh);

  mlp_tensor_backward (loss, NULL);
  gx1 = g_memdup2 (x->grad, x->numel * sizeof (float));
  gw1 = g_memdup2 (w->grad, w->numel * sizeof (float));
  g_assert_null (h->grad);
  g_assert_null (a->grad);
  g_assert_null (loss->grad);

  mlp_tensor_backward (loss, NULL);
  for (gsize i = 0; i < x->numel; i++)
    g_assert_cmpfloat (x->grad[i], ==, 2.0f * gx1[i]);
  for (gsize i = 0; i < w->numel; i++)
    g_assert_cmpfloat (w->grad[i], ==, 2.0f * gw1[i]);
  g_assert_null (h->grad);

  /* a backward from the intermediate h alone reaches only through matmul */
  mlp_tensor_zero_grad (x);
  mlp_tensor_zero_grad (w);
  mlp_tensor_backward (h, NULL);
  for (gsize r = 0; r < 3; r++)
    for (gsize c = 0; c < 5; c++)
      g_assert_cmpfloat_with_epsilon (x->grad[r * 5 + c], w->data[c * 2] + w->data[c * 2 + 1], 1e-6);
}

/* a leaf that is itself the output: d y / d y = upstream */
static void
test_backward_leaf (void)
{
  gsize s[1] = { 3 };
  float v[3] = { 1, 2, 3 }, g[3] = { 0.5f, -1, 4 };
  g_autoptr(MlpTensor) x = mlp_tensor_new_from_data (1, s, v);
  g_autoptr(MlpTensor) u = mlp_tensor_new_from_data (1, s, g);

  mlp_tensor_set_requires_grad (x, TRUE);
  g_assert_true (mlp_tensor_is_leaf (x));
  mlp_tensor_backward (x, u);
  for (int i = 0; i < 3; i++)
    g_assert_cmpfloat (x->grad[i], ==, g[i]);
}

/* backward on a tensor that nothing requires grad for is a programmer error */
static void
test_backward_without_grad (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(MlpTensor) x = mlp_tensor_new_1d (3);
      g_autoptr(MlpTensor) y = mlp_sum (x);

      mlp_tensor_backward (y, NULL);
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*does not require grad*");
}

/* (transfer full) every op applied to a and b (2, 3), w (3), in a list */
static GPtrArray *
apply_every_op (MlpTensor *a, MlpTensor *b, MlpTensor *w)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) mlp_tensor_unref);
  gssize shape[1] = { -1 };
  guint8 labels[2] = { 0, 2 };
  MlpRng rng;

  mlp_rng_init (&rng, 1);
  g_ptr_array_add (out, mlp_matmul_nt (a, b));
  g_ptr_array_add (out, mlp_add (a, b));
  g_ptr_array_add (out, mlp_sub (a, w));
  g_ptr_array_add (out, mlp_mul (w, a));
  g_ptr_array_add (out, mlp_maximum (a, b));
  g_ptr_array_add (out, mlp_add_scalar (a, 1));
  g_ptr_array_add (out, mlp_mul_scalar (a, 2));
  g_ptr_array_add (out, mlp_div_scalar (a, 2));
  g_ptr_array_add (out, mlp_relu (a));
  g_ptr_array_add (out, mlp_prelu (a, w));
  g_ptr_array_add (out, mlp_sigmoid (a));
  g_ptr_array_add (out, mlp_tanh (a));
  g_ptr_array_add (out, mlp_exp (a));
  g_ptr_array_add (out, mlp_log (a));
  g_ptr_array_add (out, mlp_sum (a));
  g_ptr_array_add (out, mlp_mean (a));
  g_ptr_array_add (out, mlp_reshape (a, 1, shape));
  g_ptr_array_add (out, mlp_flatten (a));
  g_ptr_array_add (out, mlp_dropout (a, 0.5f, &rng));
  g_ptr_array_add (out, mlp_softmax_cross_entropy (a, labels));
  return out;
}

/* the inputs' references are their own one plus one per view (reshape,
 * flatten) among outs, which share their storage */
static void
assert_only_views_hold (GPtrArray *outs, MlpTensor *a, MlpTensor *b, MlpTensor *w)
{
  MlpTensor *inputs[3] = { a, b, w };

  for (guint k = 0; k < 3; k++)
    {
      gint views = 0;

      for (guint i = 0; i < outs->len; i++)
        views += ((MlpTensor *) outs->pdata[i])->base == inputs[k];
      g_assert_cmpint (inputs[k]->ref_count, ==, 1 + views);
    }
  g_assert_cmpint (a->ref_count, ==, 3);
}

static void
test_no_grad (void)
{
  gsize s[2] = { 2, 3 }, sw[1] = { 3 };
  MlpRng rng;
  g_autoptr(MlpTensor) a = NULL;
  g_autoptr(MlpTensor) b = NULL;
  g_autoptr(MlpTensor) w = NULL;

  mlp_rng_init (&rng, SEED + 20);
  a = random_tensor (&rng, 2, s, 0.5f, 2.0f, 0.0f);
  b = random_tensor (&rng, 2, s, 0.5f, 2.0f, 0.0f);
  w = random_tensor (&rng, 1, sw, 0.5f, 2.0f, 0.0f);
  mlp_tensor_set_requires_grad (a, TRUE);
  mlp_tensor_set_requires_grad (b, TRUE);
  mlp_tensor_set_requires_grad (w, TRUE);

  g_assert_true (mlp_grad_enabled ());
  mlp_no_grad_begin ();
  mlp_no_grad_begin ();      /* nesting */
  g_assert_false (mlp_grad_enabled ());
  {
    g_autoptr(GPtrArray) outs = apply_every_op (a, b, w);

    g_assert_cmpuint (outs->len, ==, 20);
    for (guint i = 0; i < outs->len; i++)
      {
        MlpTensor *y = outs->pdata[i];

        g_assert_nonnull (y);
        g_assert_null (y->grad_fn);
        g_assert_false (y->requires_grad);
      }
    /* no graph holds a reference to the inputs */
    assert_only_views_hold (outs, a, b, w);
  }
  mlp_no_grad_end ();
  g_assert_false (mlp_grad_enabled ());
  mlp_no_grad_end ();
  g_assert_true (mlp_grad_enabled ());

  /* grad mode back on: every op records again */
  {
    g_autoptr(GPtrArray) outs = apply_every_op (a, b, w);

    for (guint i = 0; i < outs->len; i++)
      {
        MlpTensor *y = outs->pdata[i];

        g_assert_nonnull (y->grad_fn);
        g_assert_true (y->requires_grad);
        g_assert_false (mlp_tensor_is_leaf (y));
      }
  }
  g_assert_cmpint (a->ref_count, ==, 1);
}

/* the no-grad switch is per thread */
static gpointer
no_grad_thread (gpointer data)
{
  return GINT_TO_POINTER (mlp_grad_enabled ());
}

static void
test_no_grad_per_thread (void)
{
  GThread *t;

  mlp_no_grad_begin ();
  t = g_thread_new ("no-grad", no_grad_thread, NULL);
  g_assert_true (GPOINTER_TO_INT (g_thread_join (t)));
  g_assert_false (mlp_grad_enabled ());
  mlp_no_grad_end ();
}

/* inputs that do not require grad: nothing is recorded, no references kept */
static void
test_inputs_without_grad (void)
{
  gsize s[2] = { 2, 3 }, sw[1] = { 3 };
  MlpRng rng;
  g_autoptr(MlpTensor) a = NULL;
  g_autoptr(MlpTensor) b = NULL;
  g_autoptr(MlpTensor) w = NULL;
  g_autoptr(GPtrArray) outs = NULL;

  mlp_rng_init (&rng, SEED + 21);
  a = random_tensor (&rng, 2, s, 0.5f, 2.0f, 0.0f);
  b = random_tensor (&rng, 2, s, 0.5f, 2.0f, 0.0f);
  w = random_tensor (&rng, 1, sw, 0.5f, 2.0f, 0.0f);
  g_assert_true (mlp_grad_enabled ());
  outs = apply_every_op (a, b, w);
  for (guint i = 0; i < outs->len; i++)
    {
      MlpTensor *y = outs->pdata[i];

      g_assert_null (y->grad_fn);
      g_assert_false (y->requires_grad);
    }
  assert_only_views_hold (outs, a, b, w);
}

/* 10,000 chained ops: backward and the final unref must not recurse per op */
static void
check_deep_chain (gboolean chain_second)
{
  enum { DEPTH = 10000 };
  gsize s[1] = { 3 };
  float v[3] = { 0.5f, -2, 7 };
  g_autoptr(MlpTensor) x = mlp_tensor_new_from_data (1, s, v);
  g_autoptr(MlpTensor) one = mlp_tensor_new_scalar (1.0f);
  MlpTensor *y = mlp_tensor_ref (x);

  mlp_tensor_set_requires_grad (x, TRUE);
  for (int i = 0; i < DEPTH; i++)
    {
      MlpTensor *next = chain_second ? mlp_add (one, y) : mlp_add_scalar (y, 1.0f);

      mlp_tensor_unref (y);
      y = next;
    }
  for (int i = 0; i < 3; i++)
    g_assert_cmpfloat (y->data[i], ==, v[i] + DEPTH);
  mlp_tensor_backward (y, NULL);
  for (int i = 0; i < 3; i++)
    g_assert_cmpfloat (x->grad[i], ==, 1.0f);
  mlp_tensor_unref (y);
  g_assert_cmpint (x->ref_count, ==, 1);
  g_assert_cmpint (one->ref_count, ==, 1);
}

static gpointer
deep_chain_thread (gpointer data)
{
  check_deep_chain (FALSE);
  return NULL;
}

/* On a thread with a 128 KiB stack, so that freeing or walking the chain
 * with one stack frame per op would overflow even at this depth. */
static void
test_deep_chain (void)
{
  pthread_attr_t attr;
  pthread_t thread;

  if (!in_isolation ())
    return;
  g_assert_cmpint (pthread_attr_init (&attr), ==, 0);
  g_assert_cmpint (pthread_attr_setstacksize (&attr, 128 * 1024), ==, 0);
  g_assert_cmpint (pthread_create (&thread, &attr, deep_chain_thread, NULL), ==, 0);
  g_assert_cmpint (pthread_join (thread, NULL), ==, 0);
  pthread_attr_destroy (&attr);
}

/* the chain through the second input, as in the chapter's mask * X: freed
 * recursively by the engine, fine at this depth on an ordinary stack */
static void
test_deep_chain_second_input (void)
{
  check_deep_chain (TRUE);
}

/* ----------------------------------------------------------- stability */

static void
test_stability_sigmoid_tanh (void)
{
  float v[8] = { -1e4f, -1e3f, -100, -30, 30, 100, 1e3f, 1e4f };
  gsize s[1] = { 8 };
  g_autoptr(MlpTensor) x = mlp_tensor_new_from_data (1, s, v);

  mlp_tensor_set_requires_grad (x, TRUE);
  {
    g_autoptr(MlpTensor) y = mlp_sigmoid (x);

    mlp_tensor_backward (y, NULL);
    for (int i = 0; i < 8; i++)
      {
        double sd = 1.0 / (1.0 + exp (-(double) v[i]));

        g_assert_true (isfinite (y->data[i]));
        g_assert_true (isfinite (x->grad[i]));
        g_assert_cmpfloat (y->data[i], >=, 0.0f);
        g_assert_cmpfloat (y->data[i], <=, 1.0f);
        /* e^−100 ≈ 3.7e-44 is a float denormal (spacing 1.4e-45), kept;
         * e^−1000 is 0 */
        g_assert_cmpfloat (fabs (y->data[i] - sd), <=, 3e-7 * sd + 1.5e-45);
        g_assert_cmpfloat (fabs (x->grad[i] - sd * (1.0 - sd)), <=, 1e-6 * sd + 1.5e-45);
        if (fabsf (v[i]) >= 1e3f)
          {
            g_assert_cmpfloat (y->data[i], ==, v[i] > 0 ? 1.0f : 0.0f);
            g_assert_cmpfloat (x->grad[i], ==, 0.0f);
          }
      }
  }
  mlp_tensor_zero_grad (x);
  {
    g_autoptr(MlpTensor) y = mlp_tanh (x);

    mlp_tensor_backward (y, NULL);
    for (int i = 0; i < 8; i++)
      {
        g_assert_cmpfloat (y->data[i], ==, v[i] > 0 ? 1.0f : -1.0f);
        g_assert_true (isfinite (x->grad[i]));
        g_assert_cmpfloat (x->grad[i], ==, 0.0f);
      }
  }
}

static void
test_stability_xent (void)
{
  float z[9] = { 1e4f, -1e4f, 0,
                 -1e4f, -1e4f, -1e4f,
                 1e4f, 1e4f, -1e4f };
  gsize s[2] = { 3, 3 };
  guint8 good[3] = { 0, 1, 0 }, bad[3] = { 1, 2, 2 };
  g_autoptr(MlpTensor) logits = mlp_tensor_new_from_data (2, s, z);

  mlp_tensor_set_requires_grad (logits, TRUE);
  {
    /* right answers: −log p = 0, log 3, log 2 */
    g_autoptr(MlpTensor) loss = mlp_softmax_cross_entropy (logits, good);

    g_assert_true (isfinite (mlp_tensor_item (loss)));
    g_assert_cmpfloat_with_epsilon (mlp_tensor_item (loss), (log (3.0) + log (2.0)) / 3.0, 1e-5);
    mlp_tensor_backward (loss, NULL);
    for (int i = 0; i < 9; i++)
      g_assert_true (isfinite (logits->grad[i]));
    g_assert_cmpfloat_with_epsilon (logits->grad[0], 0.0, 1e-6);
    g_assert_cmpfloat_with_epsilon (logits->grad[4], (1.0 / 3.0 - 1.0) / 3.0, 1e-6);
    g_assert_cmpfloat_with_epsilon (logits->grad[6], (0.5 - 1.0) / 3.0, 1e-6);
  }
  mlp_tensor_zero_grad (logits);
  {
    /* wrong answers: 2e4, log 3, 2e4 + log 2 */
    g_autoptr(MlpTensor) loss = mlp_softmax_cross_entropy (logits, bad);

    g_assert_true (isfinite (mlp_tensor_item (loss)));
    g_assert_cmpfloat_with_epsilon (mlp_tensor_item (loss), (4e4 + log (3.0) + log (2.0)) / 3.0, 1e-2);
    mlp_tensor_backward (loss, NULL);
    for (int i = 0; i < 9; i++)
      g_assert_true (isfinite (logits->grad[i]));
    g_assert_cmpfloat_with_epsilon (logits->grad[0], 1.0 / 3.0, 1e-6);
    g_assert_cmpfloat_with_epsilon (logits->grad[1], -1.0 / 3.0, 1e-6);
    g_assert_cmpfloat_with_epsilon (logits->grad[8], -1.0 / 3.0, 1e-6);
  }
}

static void
test_count_correct (void)
{
  float z[12] = { 0.1f, 0.9f, 0.0f,
                  2, 1, 0,
                  0, 0, 5,
                  1, 1, 0 };      /* a tie: argmax is the first maximum */
  gsize s[2] = { 4, 3 };
  guint8 labels[4] = { 1, 0, 1, 0 };
  guint8 all_wrong[4] = { 0, 2, 0, 1 };
  g_autoptr(MlpTensor) logits = mlp_tensor_new_from_data (2, s, z);

  g_assert_cmpuint (mlp_count_correct (logits, labels), ==, 3);
  g_assert_cmpuint (mlp_count_correct (logits, all_wrong), ==, 0);
}

static void
test_arange (void)
{
  g_autoptr(MlpTensor) x = mlp_tensor_arange (-8.0, 8.0, 0.1);
  g_autoptr(MlpTensor) e = mlp_tensor_arange (0.0, 0.0, 1.0);
  g_autoptr(MlpTensor) i = mlp_tensor_arange (0.0, 16.0, 1.0);

  g_assert_cmpuint (x->ndim, ==, 1);
  g_assert_cmpuint (x->numel, ==, 160);
  g_assert_cmpfloat (x->data[0], ==, -8.0f);
  g_assert_cmpfloat_with_epsilon (x->data[159], 7.9, 1e-5);
  g_assert_cmpfloat_with_epsilon (x->data[80], 0.0, 1e-6);
  g_assert_false (x->requires_grad);
  g_assert_cmpuint (e->numel, ==, 0);
  g_assert_cmpuint (i->numel, ==, 16);
  g_assert_cmpfloat (i->data[15], ==, 15.0f);
}

/* ------------------------------------------------------ fork during sgemm */

/* OpenBLAS's fork handler stops its thread pool; a product another thread
 * had under way then waited for the pool forever (the app froze when the
 * main thread spawned a process while a model trained, Stop included). */
typedef struct {
  GMutex  lock;
  GCond   cond;
  guint   done;     /* products finished */
  gboolean finished;
} ForkRace;

static gpointer
products_thread (gpointer data)
{
  ForkRace *r = data;
  MlpRng rng;
  g_autoptr(MlpTensor) a = mlp_tensor_new_2d (384, 384);
  g_autoptr(MlpTensor) b = mlp_tensor_new_2d (384, 384);

  mlp_rng_init (&rng, SEED);
  for (gsize i = 0; i < a->numel; i++)
    {
      a->data[i] = mlp_rng_uniform (&rng) - 0.5f;
      b->data[i] = mlp_rng_uniform (&rng) - 0.5f;
    }
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(MlpTensor) c = mlp_matmul_nt (a, b);

      g_mutex_lock (&r->lock);
      r->done++;
      g_mutex_unlock (&r->lock);
    }
  g_mutex_lock (&r->lock);
  r->finished = TRUE;
  g_cond_signal (&r->cond);
  g_mutex_unlock (&r->lock);
  return NULL;
}

static void
test_fork_during_sgemm (void)
{
  ForkRace *r = g_new0 (ForkRace, 1);   /* leaked if the products hang */
  gint64 deadline;
  GThread *thread;
  guint forks = 0;
  gboolean finished;

  g_mutex_init (&r->lock);
  g_cond_init (&r->cond);
  thread = g_thread_new ("products", products_thread, r);
  for (;;)
    {
      pid_t pid;

      g_mutex_lock (&r->lock);
      finished = r->finished;
      g_mutex_unlock (&r->lock);
      if (finished || forks >= 2000)
        break;
      pid = fork ();
      if (pid == 0)
        _exit (0);
      g_assert_cmpint (pid, >, 0);
      waitpid (pid, NULL, 0);
      forks++;
    }
  /* a bound for a busy machine, inside meson's 30 s: the products take
   * under a second (a few under ASan) */
  deadline = g_get_monotonic_time () + 15 * G_TIME_SPAN_SECOND;
  g_mutex_lock (&r->lock);
  while (!r->finished)
    if (!g_cond_wait_until (&r->cond, &r->lock, deadline))
      break;
  finished = r->finished;
  g_test_message ("%u forks while %u products ran", forks, r->done);
  g_mutex_unlock (&r->lock);
  if (!finished)
    {
      /* the hung thread would hang exit() too (OpenBLAS's destructor waits
       * for it): end here, failed */
      g_printerr ("Bail out! the products hung after %u of 300 (%u forks)\n", r->done, forks);
      _exit (1);
    }
  g_thread_join (thread);
  g_mutex_clear (&r->lock);
  g_cond_clear (&r->cond);
  g_free (r);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/autograd/gradcheck/checker-catches-errors", test_checker_catches_errors);
  g_test_add_func ("/autograd/gradcheck/matmul", test_gradcheck_matmul);
  g_test_add_func ("/autograd/gradcheck/matmul-nt", test_gradcheck_matmul_nt);
  g_test_add_func ("/autograd/gradcheck/add", test_gradcheck_add);
  g_test_add_func ("/autograd/gradcheck/sub", test_gradcheck_sub);
  g_test_add_func ("/autograd/gradcheck/mul", test_gradcheck_mul);
  g_test_add_func ("/autograd/gradcheck/maximum", test_gradcheck_maximum);
  g_test_add_func ("/autograd/gradcheck/scalar-ops", test_gradcheck_scalar_ops);
  g_test_add_func ("/autograd/gradcheck/relu", test_gradcheck_relu);
  g_test_add_func ("/autograd/gradcheck/prelu", test_gradcheck_prelu);
  g_test_add_func ("/autograd/gradcheck/sigmoid", test_gradcheck_sigmoid);
  g_test_add_func ("/autograd/gradcheck/tanh", test_gradcheck_tanh);
  g_test_add_func ("/autograd/gradcheck/exp", test_gradcheck_exp);
  g_test_add_func ("/autograd/gradcheck/log", test_gradcheck_log);
  g_test_add_func ("/autograd/gradcheck/reductions", test_gradcheck_reductions);
  g_test_add_func ("/autograd/gradcheck/reshape", test_gradcheck_reshape);
  g_test_add_func ("/autograd/gradcheck/flatten", test_gradcheck_flatten);
  g_test_add_func ("/autograd/gradcheck/dropout", test_gradcheck_dropout);
  g_test_add_func ("/autograd/gradcheck/softmax-cross-entropy", test_gradcheck_xent);
  g_test_add_func ("/autograd/gradcheck/mlp", test_gradcheck_mlp);
  g_test_add_func ("/autograd/gradcheck/mlp-linear", test_gradcheck_mlp_linear);

  g_test_add_func ("/autograd/ops/maximum-ties", test_maximum_ties);
  g_test_add_func ("/autograd/ops/broadcast-equal-numel", test_broadcast_equal_numel);
  g_test_add_func ("/autograd/ops/broadcast-scalar-shape", test_broadcast_scalar_shape);
  g_test_add_func ("/autograd/ops/broadcast-mismatch", test_broadcast_mismatch);
  g_test_add_func ("/autograd/ops/gt-scalar", test_gt_scalar);
  g_test_add_func ("/autograd/ops/reshape-of-view", test_reshape_of_view);
  g_test_add_func ("/autograd/ops/dropout-matches-chapter", test_dropout_matches_chapter);
  g_test_add_func ("/autograd/ops/xent-value", test_xent_value);
  g_test_add_func ("/autograd/ops/count-correct", test_count_correct);
  g_test_add_func ("/autograd/ops/arange", test_arange);

  g_test_add_func ("/autograd/graph/used-twice", test_used_twice);
  g_test_add_func ("/autograd/graph/explicit-upstream", test_explicit_upstream);
  g_test_add_func ("/autograd/graph/retain-graph", test_retain_graph);
  g_test_add_func ("/autograd/graph/backward-leaf", test_backward_leaf);
  g_test_add_func ("/autograd/graph/backward-without-grad", test_backward_without_grad);
  g_test_add_func ("/autograd/graph/no-grad", test_no_grad);
  g_test_add_func ("/autograd/graph/no-grad-per-thread", test_no_grad_per_thread);
  g_test_add_func ("/autograd/graph/inputs-without-grad", test_inputs_without_grad);
  g_test_add_func ("/autograd/graph/deep-chain", test_deep_chain);
  g_test_add_func ("/autograd/graph/deep-chain-second-input", test_deep_chain_second_input);

  g_test_add_func ("/autograd/stability/sigmoid-tanh", test_stability_sigmoid_tanh);
  g_test_add_func ("/autograd/stability/cross-entropy", test_stability_xent);
  g_test_add_func ("/autograd/fork-during-sgemm", test_fork_during_sgemm);

  return g_test_run ();
}
