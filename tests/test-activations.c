/* test-activations.c — the chapter's activation functions on the notebook's
 * grid.
 *
 * The notebook plots relu, sigmoid and tanh and their derivatives on
 *   x = torch.arange(-8.0, 8.0, 0.1, requires_grad=True)
 * taking each derivative with y.backward(torch.ones_like(x)) and clearing
 * x.grad between functions.  These tests do the same with the engine and
 * compare against the formulas evaluated in double; the "your turn" pReLU is
 * checked against its definition f(x) = max(0, x) + w·min(0, x), including
 * its derivative with respect to the slope w.
 */
#include "mlp-ops.h"

#include <math.h>
#include <string.h>

#include "torch-arange.h"

#define GRID_POINTS 160

/* (transfer full) the notebook's x, requiring grad */
static MlpTensor *
grid_new (void)
{
  MlpTensor *x = mlp_tensor_arange (-8.0, 8.0, 0.1);

  mlp_tensor_set_requires_grad (x, TRUE);
  return x;
}

/* (transfer full) a tensor like t filled with value */
static MlpTensor *
full_like (const MlpTensor *t, float value)
{
  return mlp_tensor_new_full (t->ndim, t->shape, value);
}

/* y.backward(torch.ones_like(x)) */
static void
backward_ones (MlpTensor *y)
{
  g_autoptr(MlpTensor) ones = full_like (y, 1.0f);

  mlp_tensor_backward (y, ones);
}

static double
sigmoid_d (double x)
{
  return 1.0 / (1.0 + exp (-x));
}

static void
test_grid (void)
{
  g_autoptr(MlpTensor) x = grid_new ();

  g_assert_cmpuint (x->ndim, ==, 1);
  g_assert_cmpuint (x->numel, ==, GRID_POINTS);
  g_assert_cmpfloat (x->data[0], ==, -8.0f);
  g_assert_cmpfloat_with_epsilon (x->data[GRID_POINTS - 1], 7.9, 1e-5);
  /* bit for bit PyTorch's: 35 of the 160 differ from (float) (-8 + i·0.1) */
  for (gsize i = 0; i < x->numel; i++)
    {
      float want;

      memcpy (&want, &torch_arange_8_8_0_1[i], sizeof want);
      g_assert_cmpmem (&x->data[i], sizeof (float), &want, sizeof want);
    }
  g_assert_cmpfloat (x->data[80], >, 0.0f);   /* 4.44e-16 */
  g_assert_true (x->requires_grad);
  g_assert_null (x->grad);
}

/* the derivative of relu is the step [x > 0], exactly */
static void
test_relu (void)
{
  g_autoptr(MlpTensor) x = grid_new ();
  g_autoptr(MlpTensor) y = mlp_relu (x);
  gsize positive = 0;

  backward_ones (y);
  for (gsize i = 0; i < x->numel; i++)
    {
      float v = x->data[i];

      g_assert_cmpfloat (y->data[i], ==, v > 0.0f ? v : 0.0f);
      g_assert_cmpfloat (x->grad[i], ==, v > 0.0f ? 1.0f : 0.0f);
      positive += v > 0.0f;
    }
  /* 4.44e-16, 0.1 … 7.9: the notebook's grid has no exact 0 (x[80] is
   * 4.44e-16), so its grad of relu is 1 there, 80 ones in all */
  g_assert_cmpuint (positive, ==, 80);
}

/* the from-scratch relu of the chapter, torch.max(X, torch.zeros_like(X)),
 * agrees with relu in value; its gradient differs only at x = 0, where
 * torch.maximum splits it in halves (not on the notebook's grid, which has
 * no exact 0, but at an exact 0) */
static void
test_relu_from_scratch (void)
{
  g_autoptr(MlpTensor) x = grid_new ();
  g_autoptr(MlpTensor) zeros = full_like (x, 0.0f);
  g_autoptr(MlpTensor) y = mlp_maximum (x, zeros);
  g_autoptr(MlpTensor) r = mlp_relu (x);
  gsize ties = 0;

  g_assert_cmpmem (y->data, y->numel * sizeof (float), r->data, r->numel * sizeof (float));
  backward_ones (y);
  for (gsize i = 0; i < x->numel; i++)
    {
      float v = x->data[i];

      g_assert_cmpfloat (x->grad[i], ==, v > 0.0f ? 1.0f : v == 0.0f ? 0.5f : 0.0f);
      ties += v == 0.0f;
    }
  g_assert_cmpuint (ties, ==, 0);
  {
    const float three[] = { -1.0f, 0.0f, 1.0f };
    const gsize shape[] = { 3 };
    g_autoptr(MlpTensor) t = mlp_tensor_new_from_data (1, shape, three);
    g_autoptr(MlpTensor) z = full_like (t, 0.0f);
    g_autoptr(MlpTensor) m = NULL;

    mlp_tensor_set_requires_grad (t, TRUE);
    m = mlp_maximum (t, z);
    backward_ones (m);
    g_assert_cmpfloat (t->grad[0], ==, 0.0f);
    g_assert_cmpfloat (t->grad[1], ==, 0.5f);
    g_assert_cmpfloat (t->grad[2], ==, 1.0f);
  }
}

/* sigmoid and its derivative σ(x)(1 − σ(x)) against double precision */
static void
test_sigmoid (void)
{
  g_autoptr(MlpTensor) x = grid_new ();
  g_autoptr(MlpTensor) y = mlp_sigmoid (x);
  gsize argmax = 0;

  backward_ones (y);
  for (gsize i = 0; i < x->numel; i++)
    {
      double s = sigmoid_d (x->data[i]);

      g_assert_cmpfloat_with_epsilon (y->data[i], s, 1e-6);
      g_assert_cmpfloat_with_epsilon (x->grad[i], s * (1.0 - s), 1e-6);
      g_assert_cmpfloat (y->data[i], >, 0.0f);
      g_assert_cmpfloat (y->data[i], <, 1.0f);
      if (x->grad[i] > x->grad[argmax])
        argmax = i;
    }
  /* the derivative peaks at 0.25 at x = 0 and vanishes at both ends */
  g_assert_cmpfloat_with_epsilon (x->grad[argmax], 0.25, 1e-6);
  g_assert_cmpfloat (fabsf (x->data[argmax]), <, 0.05f);
  g_assert_cmpfloat (x->grad[0], <, 4e-4f);
  g_assert_cmpfloat (x->grad[GRID_POINTS - 1], <, 4e-4f);
  /* symmetric: σ'(−x) = σ'(x); x[80 − k] = −x[80 + k] up to float rounding */
  for (gsize k = 1; k < 80; k++)
    g_assert_cmpfloat_with_epsilon (x->grad[80 - k], x->grad[80 + k], 1e-6);
}

/* tanh and its derivative 1 − tanh²(x) against double precision */
static void
test_tanh (void)
{
  g_autoptr(MlpTensor) x = grid_new ();
  g_autoptr(MlpTensor) y = mlp_tanh (x);
  gsize argmax = 0;

  backward_ones (y);
  for (gsize i = 0; i < x->numel; i++)
    {
      double t = tanh ((double) x->data[i]);

      g_assert_cmpfloat_with_epsilon (y->data[i], t, 1e-6);
      g_assert_cmpfloat_with_epsilon (x->grad[i], 1.0 - t * t, 1e-6);
      if (x->grad[i] > x->grad[argmax])
        argmax = i;
    }
  g_assert_cmpfloat_with_epsilon (x->grad[argmax], 1.0, 1e-6);
  g_assert_cmpfloat (fabsf (x->data[argmax]), <, 0.05f);
}

/* The notebook runs relu, sigmoid and tanh on the same x and calls
 * x.grad.data.zero_() in between.  With it, every derivative is that
 * function's alone; without it, they add up. */
static void
test_zero_grad_between (void)
{
  g_autoptr(MlpTensor) x = grid_new ();
  g_autoptr(MlpTensor) yr = mlp_relu (x);
  g_autoptr(MlpTensor) ys = mlp_sigmoid (x);
  g_autoptr(MlpTensor) yt = mlp_tanh (x);

  backward_ones (yr);
  for (gsize i = 0; i < x->numel; i++)
    g_assert_cmpfloat (x->grad[i], ==, x->data[i] > 0.0f ? 1.0f : 0.0f);

  /* x.grad.data.zero_() */
  mlp_tensor_zero_grad (x);
  backward_ones (ys);
  for (gsize i = 0; i < x->numel; i++)
    {
      double s = sigmoid_d (x->data[i]);

      g_assert_cmpfloat_with_epsilon (x->grad[i], s * (1.0 - s), 1e-6);
    }

  mlp_tensor_zero_grad (x);
  backward_ones (yt);
  for (gsize i = 0; i < x->numel; i++)
    {
      double t = tanh ((double) x->data[i]);

      g_assert_cmpfloat_with_epsilon (x->grad[i], 1.0 - t * t, 1e-6);
    }

  /* forgetting zero_() mixes them: tanh' + relu' */
  backward_ones (yr);
  for (gsize i = 0; i < x->numel; i++)
    {
      double t = tanh ((double) x->data[i]);

      g_assert_cmpfloat_with_epsilon (x->grad[i], 1.0 - t * t + (x->data[i] > 0.0f ? 1.0 : 0.0), 1e-6);
    }

  /* the notebook's retain_graph=True: a graph walked again gives the same
   * gradient again */
  mlp_tensor_zero_grad (x);
  backward_ones (ys);
  backward_ones (ys);
  for (gsize i = 0; i < x->numel; i++)
    {
      double s = sigmoid_d (x->data[i]);

      g_assert_cmpfloat_with_epsilon (x->grad[i], 2.0 * s * (1.0 - s), 2e-6);
    }
}

/* ------------------------------------------------------------------ pReLU */

static const float slopes[] = { 0.0f, 0.01f, 0.25f, 1.0f, 2.5f, -0.5f };

/* f(x) = max(0, x) + w·min(0, x) and d/dx = [x > 0] + w[x ≤ 0] (the
 * header's convention at x = 0) on the grid, for each slope */
static void
test_prelu_values (void)
{
  for (guint k = 0; k < G_N_ELEMENTS (slopes); k++)
    {
      float w = slopes[k];
      g_autoptr(MlpTensor) x = grid_new ();
      g_autoptr(MlpTensor) tw = mlp_tensor_new_scalar (w);
      g_autoptr(MlpTensor) y = NULL;

      mlp_tensor_set_requires_grad (tw, TRUE);
      y = mlp_prelu (x, tw);
      g_assert_true (mlp_tensor_same_shape (y, x));
      backward_ones (y);
      for (gsize i = 0; i < x->numel; i++)
        {
          double v = x->data[i];
          double want = fmax (0.0, v) + (double) w * fmin (0.0, v);

          /* w·x is exact in double: the float result is it, rounded */
          g_assert_cmpfloat_with_epsilon (y->data[i], want, 1e-7 * MAX (1.0, fabs (want)));
          g_assert_cmpfloat (x->grad[i], ==, v > 0.0 ? 1.0f : w);
        }
      /* w = 1 is the identity, w = 0 is relu */
      if (w == 1.0f)
        g_assert_cmpmem (y->data, y->numel * sizeof (float), x->data, x->numel * sizeof (float));
      if (w == 0.0f)
        {
          g_autoptr(MlpTensor) r = mlp_relu (x);

          for (gsize i = 0; i < x->numel; i++)
            g_assert_cmpfloat (y->data[i], ==, r->data[i]);
        }
    }
}

/* with the ones upstream, d/dw = Σ_i min(0, x_i), whatever the slope */
static void
test_prelu_dw_sum (void)
{
  double want = 0.0;

  {
    g_autoptr(MlpTensor) x = grid_new ();

    for (gsize i = 0; i < x->numel; i++)
      want += fmin (0.0, x->data[i]);
  }
  /* −(0.1 + 0.2 + … + 8.0) = −324 */
  g_assert_cmpfloat_with_epsilon (want, -324.0, 1e-3);

  for (guint k = 0; k < G_N_ELEMENTS (slopes); k++)
    {
      g_autoptr(MlpTensor) x = grid_new ();
      g_autoptr(MlpTensor) tw = mlp_tensor_new_scalar (slopes[k]);
      g_autoptr(MlpTensor) y = NULL;

      mlp_tensor_set_requires_grad (tw, TRUE);
      y = mlp_prelu (x, tw);
      backward_ones (y);
      g_assert_nonnull (tw->grad);
      g_assert_cmpfloat_with_epsilon (tw->grad[0], want, 1e-4);

      /* and it accumulates like any other gradient */
      backward_ones (y);
      g_assert_cmpfloat_with_epsilon (tw->grad[0], 2.0 * want, 2e-4);
    }
}

/* ∂f(x_i)/∂w = min(0, x_i) point by point: a one-hot upstream picks one
 * point; x's gradient is then one-hot too */
static void
test_prelu_dw_one_hot (void)
{
  static const gsize points[] = { 0, 3, 42, 79, 80, 81, 120, 159 };

  for (guint k = 0; k < G_N_ELEMENTS (slopes); k++)
    for (guint p = 0; p < G_N_ELEMENTS (points); p++)
      {
        gsize at = points[p];
        g_autoptr(MlpTensor) x = grid_new ();
        g_autoptr(MlpTensor) tw = mlp_tensor_new_scalar (slopes[k]);
        g_autoptr(MlpTensor) y = NULL;
        g_autoptr(MlpTensor) hot = full_like (x, 0.0f);

        mlp_tensor_set_requires_grad (tw, TRUE);
        hot->data[at] = 1.0f;
        y = mlp_prelu (x, tw);
        mlp_tensor_backward (y, hot);
        g_assert_cmpfloat (tw->grad[0], ==, fminf (0.0f, x->data[at]));
        for (gsize i = 0; i < x->numel; i++)
          {
            float want = i != at ? 0.0f : x->data[at] > 0.0f ? 1.0f : slopes[k];

            g_assert_cmpfloat (x->grad[i], ==, want);
          }
      }
}

/* ∂f(x_i)/∂w_i = min(0, x_i) for all points at once: seen as one sample of
 * 160 channels, (1, 160), each point has a slope of its own */
static void
test_prelu_dw_per_channel (void)
{
  g_autoptr(MlpTensor) x = grid_new ();
  gssize row[2] = { 1, -1 };
  g_autoptr(MlpTensor) xr = mlp_reshape (x, 2, row);
  gsize sw[1] = { GRID_POINTS };
  g_autoptr(MlpTensor) w = mlp_tensor_new (1, sw);
  g_autoptr(MlpTensor) y = NULL;

  for (gsize i = 0; i < w->numel; i++)
    w->data[i] = slopes[i % G_N_ELEMENTS (slopes)];
  mlp_tensor_set_requires_grad (w, TRUE);
  y = mlp_prelu (xr, w);
  g_assert_nonnull (y);
  backward_ones (y);
  for (gsize i = 0; i < x->numel; i++)
    {
      double v = x->data[i];

      double want = fmax (0.0, v) + w->data[i] * fmin (0.0, v);

      g_assert_cmpfloat_with_epsilon (y->data[i], want, 1e-7 * MAX (1.0, fabs (want)));
      g_assert_cmpfloat (w->grad[i], ==, fminf (0.0f, x->data[i]));
      g_assert_cmpfloat (x->grad[i], ==, v > 0.0 ? 1.0f : w->data[i]);
    }
}

/* ----------------------------------------------------------- extremes */

/* sigmoid, tanh and cross-entropy stay finite at |x| = 1e4, both signs */
static void
test_extremes (void)
{
  float v[4] = { -1e4f, -1e4f, 1e4f, 1e4f };
  gsize s[1] = { 4 };
  g_autoptr(MlpTensor) x = mlp_tensor_new_from_data (1, s, v);

  mlp_tensor_set_requires_grad (x, TRUE);
  {
    g_autoptr(MlpTensor) y = mlp_sigmoid (x);

    backward_ones (y);
    for (int i = 0; i < 4; i++)
      {
        g_assert_true (isfinite (y->data[i]) && isfinite (x->grad[i]));
        g_assert_cmpfloat (y->data[i], ==, v[i] > 0 ? 1.0f : 0.0f);
        g_assert_cmpfloat (x->grad[i], ==, 0.0f);
      }
  }
  mlp_tensor_zero_grad (x);
  {
    g_autoptr(MlpTensor) y = mlp_tanh (x);

    backward_ones (y);
    for (int i = 0; i < 4; i++)
      {
        g_assert_true (isfinite (y->data[i]) && isfinite (x->grad[i]));
        g_assert_cmpfloat (y->data[i], ==, v[i] > 0 ? 1.0f : -1.0f);
        g_assert_cmpfloat (x->grad[i], ==, 0.0f);
      }
  }
  {
    /* two samples, two classes: logits (−1e4, 1e4) and (1e4, −1e4) */
    float z[4] = { -1e4f, 1e4f, 1e4f, -1e4f };
    gsize sz[2] = { 2, 2 };
    guint8 right[2] = { 1, 0 }, wrong[2] = { 0, 1 };
    g_autoptr(MlpTensor) logits = mlp_tensor_new_from_data (2, sz, z);
    g_autoptr(MlpTensor) l_right = NULL;
    g_autoptr(MlpTensor) l_wrong = NULL;

    mlp_tensor_set_requires_grad (logits, TRUE);
    l_right = mlp_softmax_cross_entropy (logits, right);
    l_wrong = mlp_softmax_cross_entropy (logits, wrong);
    g_assert_cmpfloat (mlp_tensor_item (l_right), ==, 0.0f);
    g_assert_cmpfloat_with_epsilon (mlp_tensor_item (l_wrong), 2e4, 1e-2);

    mlp_tensor_backward (l_right, NULL);
    for (int i = 0; i < 4; i++)
      g_assert_cmpfloat (logits->grad[i], ==, 0.0f);
    mlp_tensor_zero_grad (logits);
    mlp_tensor_backward (l_wrong, NULL);
    for (int i = 0; i < 4; i++)
      {
        g_assert_true (isfinite (logits->grad[i]));
        /* (softmax − onehot) / N = ±1/2 */
        g_assert_cmpfloat_with_epsilon (fabsf (logits->grad[i]), 0.5, 1e-6);
      }
    g_assert_cmpfloat (logits->grad[0], <, 0.0f);
    g_assert_cmpfloat (logits->grad[1], >, 0.0f);
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/activations/grid", test_grid);
  g_test_add_func ("/activations/relu", test_relu);
  g_test_add_func ("/activations/relu-from-scratch", test_relu_from_scratch);
  g_test_add_func ("/activations/sigmoid", test_sigmoid);
  g_test_add_func ("/activations/tanh", test_tanh);
  g_test_add_func ("/activations/zero-grad-between", test_zero_grad_between);
  g_test_add_func ("/activations/prelu/values", test_prelu_values);
  g_test_add_func ("/activations/prelu/dw-sum", test_prelu_dw_sum);
  g_test_add_func ("/activations/prelu/dw-one-hot", test_prelu_dw_one_hot);
  g_test_add_func ("/activations/prelu/dw-per-channel", test_prelu_dw_per_channel);
  g_test_add_func ("/activations/extremes", test_extremes);

  return g_test_run ();
}
