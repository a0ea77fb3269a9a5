/* mlp-error.c — the engine's GError domain. */
#include "mlp-error.h"

G_DEFINE_QUARK (mlp-error-quark, mlp_error)
