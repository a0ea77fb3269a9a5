/* mlp-init.h — parameter initialisation schemes of the chapter.
 *
 *   normal:σ        W ~ N(0, σ²)                 (MLPScratch: σ = 0.01)
 *   zeros, constant:c
 *   xavier-normal   W ~ N(0, 2 / (n_in + n_out))
 *   xavier-uniform  W ~ U(−a, a), a = √(6 / (n_in + n_out))
 *   he              W ~ N(0, 2 / n_in)
 *   torch           PyTorch's nn.Linear default: W, b ~ U(−1/√n_in, 1/√n_in)
 *
 * Biases are zero for every scheme but `torch` (d2l's init_xavier does the same).
 */
#pragma once

#include <glib.h>

#include "mlp-rng.h"

G_BEGIN_DECLS

typedef enum {
  MLP_INIT_NORMAL,
  MLP_INIT_ZEROS,
  MLP_INIT_CONSTANT,
  MLP_INIT_XAVIER_NORMAL,
  MLP_INIT_XAVIER_UNIFORM,
  MLP_INIT_HE_NORMAL,
  MLP_INIT_TORCH_DEFAULT,
} MlpInitKind;

typedef struct {
  MlpInitKind kind;
  float       value;   /* σ for NORMAL, c for CONSTANT, unused otherwise */
} MlpInit;

/* the schemes the Initialization section compares, in the spelling of
 * mlp_init_parse: Xavier (normal, uniform), N(0, 0.01²), N(0, 1), He and a
 * constant */
#define MLP_INIT_N_COMPARED 6
extern const char *const mlp_init_compared[MLP_INIT_N_COMPARED];

/* "normal", "normal:0.01", "zeros", "constant:0.5", "xavier-normal",
 * "xavier-uniform", "he", "torch"; a bare "normal" means σ = 0.01 */
gboolean mlp_init_parse     (const char *text, MlpInit *out, GError **error);
/* the same spelling back; (transfer full) */
char    *mlp_init_to_string (const MlpInit *init);
/* the standard deviation of the weights the scheme draws */
double   mlp_init_weight_std (const MlpInit *init, gsize fan_in, gsize fan_out);

void     mlp_init_weight    (const MlpInit *init, float *w, gsize n,
                             gsize fan_in, gsize fan_out, MlpRng *rng);
void     mlp_init_bias      (const MlpInit *init, float *b, gsize n,
                             gsize fan_in, MlpRng *rng);

G_END_DECLS
