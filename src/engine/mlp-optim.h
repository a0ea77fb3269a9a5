/* mlp-optim.h — minibatch stochastic gradient descent, torch.optim.SGD's rule:
 *
 *   g ← ∇p + λ p                 (weight decay λ, optional)
 *   v ← μ v + g  (v₀ = g)        (momentum μ, optional)
 *   p ← p − η v                  (learning rate η)
 */
#pragma once

#include <glib.h>

#include "mlp-state-dict.h"

G_BEGIN_DECLS

typedef struct _MlpSgd MlpSgd;

/* params: the model's parameters (mlp_model_parameters); a reference is kept */
MlpSgd *mlp_sgd_new       (MlpStateDict *params, float lr, float momentum, float weight_decay);
void    mlp_sgd_free      (MlpSgd *sgd);
void    mlp_sgd_set_lr    (MlpSgd *sgd, float lr);
void    mlp_sgd_zero_grad (MlpSgd *sgd);
void    mlp_sgd_step      (MlpSgd *sgd);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpSgd, mlp_sgd_free)

G_END_DECLS
