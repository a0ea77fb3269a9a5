/* mlp-experiments.c — activation curves through autograd, and the exploding
 * product of Gaussian matrices; see mlp-experiments.h. */
#include "mlp-experiments.h"

#include <math.h>
#include <string.h>

#include "mlp-error.h"
#include "mlp-ops.h"

MlpActivationCurve *
mlp_activation_curve_new (MlpActivation function, float alpha,
                          double from, double to, double step, GError **error)
{
  g_autoptr(MlpTensor) x = NULL;
  g_autoptr(MlpTensor) y = NULL;
  g_autoptr(MlpTensor) w = NULL;
  MlpActivationCurve *curve;
  double count;
  gsize points;

  if (!isfinite (from) || !isfinite (to) || !isfinite (step) || !(step > 0) || !(to > from))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "the range needs from < to and a positive step");
      return NULL;
    }
  count = ceil ((to - from) / step);
  if (count > 1e6)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "the range has %.0f points; at most 1000000 are allowed", count);
      return NULL;
    }
  if (!isfinite (alpha))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT, "the slope must be a number");
      return NULL;
    }

  /* x = torch.arange(from, to, step, requires_grad=True) */
  x = mlp_tensor_arange (from, to, step);
  mlp_tensor_set_requires_grad (x, TRUE);

  switch (function)
    {
    case MLP_ACTIVATION_RELU:
      y = mlp_relu (x);
      break;
    case MLP_ACTIVATION_SIGMOID:
      y = mlp_sigmoid (x);
      break;
    case MLP_ACTIVATION_TANH:
      y = mlp_tanh (x);
      break;
    case MLP_ACTIVATION_PRELU:
      {
        /* One slope per point (all equal to alpha) on x seen as (1, n): the
         * per-channel gradient is then ∂f_i/∂weight at every point. */
        gssize row[2] = { 1, -1 };
        gsize n[1] = { x->numel };
        g_autoptr(MlpTensor) x2 = mlp_reshape (x, 2, row);

        w = mlp_tensor_new_full (1, n, alpha);
        mlp_tensor_set_requires_grad (w, TRUE);
        y = mlp_prelu (x2, w);
      }
      break;
    default:
      g_assert_not_reached ();
    }

  /* y.backward(torch.ones_like(x)) */
  mlp_tensor_backward (y, NULL);

  points = x->numel;
  curve = g_malloc0 (sizeof *curve + (w != NULL ? 4 : 3) * points * sizeof (float));
  curve->function = function;
  curve->alpha = alpha;
  curve->n = points;
  curve->x = memcpy (curve->values, x->data, points * sizeof (float));
  curve->y = memcpy (curve->x + points, y->data, points * sizeof (float));
  curve->grad = memcpy (curve->y + points, x->grad, points * sizeof (float));
  if (w != NULL)
    curve->grad_alpha = memcpy (curve->grad + points, w->grad, points * sizeof (float));
  return curve;
}

void
mlp_activation_curve_free (MlpActivationCurve *curve)
{
  g_free (curve);
}

double
mlp_activation_derivative (MlpActivation function, float alpha, double x)
{
  double s, t;

  switch (function)
    {
    case MLP_ACTIVATION_RELU:
      return x > 0 ? 1.0 : 0.0;
    case MLP_ACTIVATION_PRELU:
      return x > 0 ? 1.0 : alpha;
    case MLP_ACTIVATION_SIGMOID:
      s = x >= 0 ? 1.0 / (1.0 + exp (-x)) : exp (x) / (1.0 + exp (x));
      return s * (1.0 - s);
    case MLP_ACTIVATION_TANH:
      t = tanh (x);
      return 1.0 - t * t;
    default:
      g_return_val_if_reached (NAN);
    }
}

static double
frobenius (const MlpTensor *m)
{
  double s = 0.0;

  for (gsize i = 0; i < m->numel; i++)
    s += (double) m->data[i] * m->data[i];
  return sqrt (s);
}

MlpExplodeResult *
mlp_explode_run (guint size, guint steps, double std, guint64 seed, GError **error)
{
  return mlp_explode_run_full (size, steps, std, seed, NULL, NULL, error);
}

MlpExplodeResult *
mlp_explode_run_full (guint size, guint steps, double std, guint64 seed,
                      gboolean (*should_stop) (gpointer user_data), gpointer user_data,
                      GError **error)
{
  g_autoptr(MlpExplodeResult) r = NULL;
  g_autoptr(MlpTensor) M = NULL;
  MlpRng rng;

  if (size < 1 || size > 64)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "the matrix size must be 1 … 64, not %u", size);
      return NULL;
    }
  if (steps > 100000)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "at most 100000 multiplications, not %u", steps);
      return NULL;
    }
  if (!isfinite (std) || !(std >= 0.0) || std > 1e6)
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
                   "the standard deviation must be in [0, 1e6]");
      return NULL;
    }

  mlp_rng_init (&rng, seed);
  r = g_malloc0 (sizeof *r + (steps + 1) * sizeof (double) + 2 * size * size * sizeof (float));
  r->size = size;
  r->steps = steps;
  r->std = std;
  r->seed = seed;
  r->norms = r->values;
  r->first = (float *) (r->norms + steps + 1);
  r->product = r->first + size * size;

  /* M = torch.normal(0, std, size=(4, 4)) */
  M = mlp_tensor_new_2d (size, size);
  mlp_rng_fill_normal (&rng, M->data, M->numel, 0.0f, (float) std);
  memcpy (r->first, M->data, M->numel * sizeof (float));
  r->norms[0] = frobenius (M);

  mlp_no_grad_begin ();
  for (guint i = 0; i < steps; i++)
    {
      /* M = M @ torch.normal(0, std, size=(4, 4)) */
      g_autoptr(MlpTensor) N = NULL;
      MlpTensor *P;

      if (should_stop != NULL && should_stop (user_data))
        {
          mlp_no_grad_end ();
          g_set_error_literal (error, MLP_ERROR, MLP_ERROR_CANCELLED, "the multiplications were stopped");
          return NULL;
        }
      N = mlp_tensor_new_2d (size, size);
      mlp_rng_fill_normal (&rng, N->data, N->numel, 0.0f, (float) std);
      P = mlp_matmul (M, N);
      mlp_tensor_unref (M);
      M = P;
      r->norms[i + 1] = frobenius (M);
    }
  mlp_no_grad_end ();
  memcpy (r->product, M->data, M->numel * sizeof (float));
  return g_steal_pointer (&r);
}

void
mlp_explode_free (MlpExplodeResult *r)
{
  g_free (r);
}
