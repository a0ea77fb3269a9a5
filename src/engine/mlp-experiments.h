/* mlp-experiments.h — the chapter's small experiments as plain computations,
 * shared by the CLI and the GUI so that both show the same numbers.
 *
 *   activation curves   x = arange(from, to, step) with requires_grad;
 *                       y = f(x); y.backward(ones_like(x)); grad = x.grad
 *   exploding products  M = N(0, std²)^{size×size}; M ← M N(0, std²) `steps` times
 */
#pragma once

#include <glib.h>

#include "mlp-models.h"

G_BEGIN_DECLS

typedef struct {
  MlpActivation function;
  float         alpha;       /* PReLU slope */
  gsize         n;           /* points */
  float        *x;           /* n grid points */
  float        *y;           /* f(x) */
  float        *grad;        /* ∂f/∂x from backward() */
  float        *grad_alpha;  /* ∂f/∂weight per point (PReLU only, else NULL) */
  float         values[];    /* the arrays, in the curve's one allocation */
} MlpActivationCurve;

/* the notebook's grid: from −8.0 to 8.0 (excluded) in steps of 0.1 */
#define MLP_ACTIVATION_FROM  (-8.0)
#define MLP_ACTIVATION_TO      8.0
#define MLP_ACTIVATION_STEP    0.1

MlpActivationCurve *mlp_activation_curve_new  (MlpActivation function, float alpha,
                                               double from, double to, double step,
                                               GError **error);
void                mlp_activation_curve_free (MlpActivationCurve *curve);
/* the analytic derivative f'(x), for the dashed comparison overlay */
double              mlp_activation_derivative (MlpActivation function, float alpha, double x);

typedef struct {
  guint    size;       /* matrices are size × size */
  guint    steps;      /* multiplications */
  double   std;        /* of each entry */
  guint64  seed;
  float   *first;      /* the first matrix, size² values, row-major */
  float   *product;    /* the product after all steps */
  double  *norms;      /* steps + 1 Frobenius norms: norms[k] after k multiplications */
  double   values[];   /* norms, then first and product, in the result's one allocation */
} MlpExplodeResult;

MlpExplodeResult *mlp_explode_run  (guint size, guint steps, double std, guint64 seed,
                                    GError **error);
/* the same with a cancel hook, as the trainer's should_stop: called before
 * each multiplication (steps times); returning TRUE stops the run with
 * MLP_ERROR_CANCELLED.  should_stop may be NULL. */
MlpExplodeResult *mlp_explode_run_full (guint size, guint steps, double std, guint64 seed,
                                        gboolean (*should_stop) (gpointer user_data),
                                        gpointer user_data, GError **error);
void              mlp_explode_free (MlpExplodeResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpActivationCurve, mlp_activation_curve_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpExplodeResult, mlp_explode_free)

G_END_DECLS
