/* mlp-error.h — the engine's error domain.
 *
 * Every engine function that can fail for reasons outside the programmer's
 * control (a file, a hyper-parameter typed by a user, a diverging run) takes a
 * `GError **` last and sets an error in MLP_ERROR.  Messages name the file (when
 * there is one) and say what is wrong in words a student understands.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MLP_ERROR (mlp_error_quark ())

typedef enum {
  MLP_ERROR_FAILED,            /* anything not covered below */
  MLP_ERROR_IO,                /* a file could not be opened, read or written */
  MLP_ERROR_FORMAT,            /* a file is not what it claims to be */
  MLP_ERROR_NOT_FOUND,         /* a data set or file is missing */
  MLP_ERROR_INVALID_ARGUMENT,  /* a hyper-parameter or option is out of range */
  MLP_ERROR_DIVERGED,          /* training produced NaN or infinite loss */
  MLP_ERROR_CANCELLED,         /* the caller asked the computation to stop */
} MlpError;

GQuark mlp_error_quark (void);

G_END_DECLS
