/* mlp-nn.h — torch.nn in miniature: the modules the chapter's concise models use.
 *
 *   MlpModule *net = mlp_sequential_new ();
 *   mlp_sequential_append (net, mlp_flatten_new ());
 *   mlp_sequential_append (net, mlp_linear_new (256, &init, rng));   // LazyLinear
 *   mlp_sequential_append (net, mlp_relu_module_new ());
 *   mlp_sequential_append (net, mlp_linear_new (10, &init, rng));
 *   MlpTensor *y = mlp_module_forward (net, X);                     // (N, 10)
 *
 * A Linear layer learns its input size at its first forward, like
 * nn.LazyLinear, and only then draws its weights (out, in) and bias (out) from
 * the init scheme with the rng it was given.  Parameter names follow PyTorch's
 * state_dict ("1.weight", or "net.1.weight" with a prefix), so checkpoints line
 * up with the notebook's.  Modules borrow the rng they are given; it must
 * outlive them.
 */
#pragma once

#include <glib.h>

#include "mlp-init.h"
#include "mlp-rng.h"
#include "mlp-state-dict.h"
#include "mlp-tensor.h"

G_BEGIN_DECLS

typedef struct _MlpModule MlpModule;

typedef struct {
  const char  *type_name;                                  /* "Linear" */
  MlpTensor *(*forward)          (MlpModule *self, MlpTensor *x);  /* transfer full */
  void       (*named_parameters) (MlpModule *self, const char *prefix, MlpStateDict *out);
  void       (*set_training)     (MlpModule *self, gboolean training);
  void       (*finalize)         (MlpModule *self);
} MlpModuleClass;

struct _MlpModule {
  const MlpModuleClass *klass;
  gboolean              training;   /* train (TRUE, the default) or eval mode */
};

MlpTensor    *mlp_module_forward          (MlpModule *m, MlpTensor *x);
void          mlp_module_set_training     (MlpModule *m, gboolean training);
/* (transfer full) a dict of references to the live parameters */
MlpStateDict *mlp_module_named_parameters (MlpModule *m, const char *prefix);
void          mlp_module_free             (MlpModule *m);
const char   *mlp_module_type_name        (MlpModule *m);

MlpModule *mlp_linear_new        (gsize out_features, const MlpInit *init, MlpRng *rng);
/* out_features × in_features weight, or NULL before the first forward */
MlpTensor *mlp_linear_get_weight (MlpModule *linear);
MlpTensor *mlp_linear_get_bias   (MlpModule *linear);
MlpModule *mlp_relu_module_new   (void);
/* learnable slope(s), PyTorch's nn.PReLU(num_parameters, init=0.25) */
MlpModule *mlp_prelu_module_new  (gsize num_parameters, float init);
MlpModule *mlp_sigmoid_module_new (void);
MlpModule *mlp_tanh_module_new   (void);
/* active only in training mode; identity in eval mode */
MlpModule *mlp_dropout_module_new (float p, MlpRng *rng);
MlpModule *mlp_flatten_module_new (void);
MlpModule *mlp_sequential_new    (void);
/* takes ownership of child */
void       mlp_sequential_append (MlpModule *seq, MlpModule *child);
guint      mlp_sequential_len    (MlpModule *seq);
MlpModule *mlp_sequential_get    (MlpModule *seq, guint i);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MlpModule, mlp_module_free)

G_END_DECLS
