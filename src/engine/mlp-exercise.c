/* mlp-exercise.c — see mlp-exercise.h.  The settings, the dispatch to each
 * exercise's run function, the numbers and the JSON of a result. */
#include "mlp-exercise-private.h"

#include <math.h>
#include <string.h>

#include "mlp-error.h"

typedef struct {
  const char         *name;
  MlpExerciseRunFunc  run;
  gboolean            needs_data;
  /* the defaults */
  gsize               limit_train, limit_val;
  guint               epochs;
} ExerciseInfo;

/* indexed by MlpExerciseId − 1 */
static const ExerciseInfo exercises[] = {
  { "vanishing", mlp_exercise_vanishing_run, TRUE, 10000, 2000, 1 },
  { "single-unit", mlp_exercise_single_unit_run, TRUE, 10000, 2000, 3 },
  { "same-init", mlp_exercise_same_init_run, TRUE, 10000, 2000, 3 },
  { "dropout-test", mlp_exercise_dropout_test_run, TRUE, 0, 0, 3 },
  { "prelu", mlp_exercise_prelu_run, TRUE, 0, 0, 10 },
};

G_STATIC_ASSERT (G_N_ELEMENTS (exercises) == MLP_EXERCISE_LAST);

static const ExerciseInfo *
info (MlpExerciseId id)
{
  g_return_val_if_fail (id >= MLP_EXERCISE_FIRST && id <= MLP_EXERCISE_LAST, NULL);
  return &exercises[id - 1];
}

void
mlp_exercise_config_init (MlpExerciseConfig *config)
{
  memset (config, 0, sizeof *config);
  config->seed = 1;
}

gboolean
mlp_exercise_from_string (const char *s, MlpExerciseId *out, GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (exercises); i++)
    {
      MlpExerciseId id = (MlpExerciseId) (i + 1);

      if (g_strcmp0 (s, mlp_exercise_short_name (id)) == 0 || g_strcmp0 (s, exercises[i].name) == 0)
        {
          *out = (MlpExerciseId) (i + 1);
          return TRUE;
        }
    }
  g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT,
               "unknown exercise '%s' (expected 1, 2, 3, 4 or prelu, or a name: vanishing, single-unit, "
               "same-init, dropout-test)", s ? s : "");
  return FALSE;
}

const char *
mlp_exercise_to_string (MlpExerciseId id)
{
  const ExerciseInfo *e = info (id);

  return e ? e->name : NULL;
}

const char *
mlp_exercise_short_name (MlpExerciseId id)
{
  static const char *const names[] = { "1", "2", "3", "4", "prelu" };

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == MLP_EXERCISE_LAST);
  return info (id) ? names[id - 1] : NULL;
}

gboolean
mlp_exercise_needs_data (MlpExerciseId id)
{
  const ExerciseInfo *e = info (id);

  return e ? e->needs_data : FALSE;
}

void
mlp_exercise_config_resolve (MlpExerciseId id, const MlpExerciseConfig *config, MlpExerciseConfig *out)
{
  const ExerciseInfo *e = info (id);

  *out = *config;
  if (e == NULL)
    return;
  if (out->limit_train == 0)
    out->limit_train = e->limit_train;
  if (out->limit_val == 0)
    out->limit_val = e->limit_val;
  if (out->epochs == 0)
    out->epochs = e->epochs;
  if (out->n_seeds == 0)
    out->n_seeds = 5;
  if (out->n_passes == 0)
    out->n_passes = 100;
}

static gboolean
validate (const MlpExerciseConfig *c, GError **error)
{
  const char *bad = NULL;

  if (c->epochs > 1000)
    bad = "epochs must be 1 … 1000";
  else if (c->n_seeds > 100)
    bad = "seeds must be 1 … 100";
  else if (c->n_passes > 10000)
    bad = "passes must be 1 … 10000";
  if (bad == NULL)
    return TRUE;
  g_set_error (error, MLP_ERROR, MLP_ERROR_INVALID_ARGUMENT, "%s", bad);
  return FALSE;
}

MlpExerciseResult *
mlp_exercise_run (MlpExerciseId id, const MlpExerciseConfig *config,
                  const MlpDataset *train, const MlpDataset *val, GError **error)
{
  const ExerciseInfo *e = info (id);
  g_autoptr(MlpExerciseResult) r = NULL;
  MlpExerciseConfig c;

  g_return_val_if_fail (e != NULL, NULL);
  mlp_exercise_config_resolve (id, config, &c);
  if (!validate (&c, error))
    return NULL;
  if (e->needs_data && (train == NULL || val == NULL || train->n == 0 || val->n == 0))
    {
      g_set_error (error, MLP_ERROR, MLP_ERROR_NOT_FOUND,
                   "exercise %u (%s) needs Fashion-MNIST: apt install dataset-fashion-mnist",
                   (guint) id, e->name);
      return NULL;
    }
  r = g_new0 (MlpExerciseResult, 1);
  r->id = id;
  r->numbers = g_array_new (FALSE, FALSE, sizeof (MlpExerciseNumber));
  r->config = c;
  r->config.model = NULL;
  r->config.progress = NULL;
  r->config.should_stop = NULL;
  r->config.user_data = NULL;
  if (!e->run (&c, train, val, r, error))
    return NULL;
  mlp_exercise_progress (&c, 0, 1, 1, NULL);
  return g_steal_pointer (&r);
}

void
mlp_exercise_result_free (MlpExerciseResult *r)
{
  if (r == NULL)
    return;
  for (guint i = 0; r->numbers && i < r->numbers->len; i++)
    g_free (g_array_index (r->numbers, MlpExerciseNumber, i).key);
  g_clear_pointer (&r->numbers, g_array_unref);
  if (r->details && r->details_free)
    r->details_free (r->details);
  g_free (r);
}

void
mlp_exercise_result_add_number (MlpExerciseResult *r, const char *key, double value)
{
  MlpExerciseNumber n = { g_strdup (key), value };

  g_array_append_val (r->numbers, n);
}

gboolean
mlp_exercise_result_get_number (const MlpExerciseResult *r, const char *key, double *value)
{
  for (guint i = 0; i < r->numbers->len; i++)
    {
      const MlpExerciseNumber *n = &g_array_index (r->numbers, MlpExerciseNumber, i);

      if (strcmp (n->key, key) == 0)
        {
          *value = n->value;
          return TRUE;
        }
    }
  return FALSE;
}

double
mlp_exercise_result_number (const MlpExerciseResult *r, const char *key)
{
  double v;

  return mlp_exercise_result_get_number (r, key, &v) ? v : NAN;
}

void
mlp_exercise_result_set_details (MlpExerciseResult *r, gpointer details,
                                 GDestroyNotify free_func, MlpExerciseDetailsWriter write_func)
{
  if (r->details && r->details_free)
    r->details_free (r->details);
  r->details = details;
  r->details_free = free_func;
  r->details_write = write_func;
}

void
mlp_exercise_result_write_json (const MlpExerciseResult *r, MlpJsonWriter *w)
{
  const MlpExerciseConfig *c = &r->config;

  mlp_json_writer_member_uint (w, "exercise", r->id);
  mlp_json_writer_member_string (w, "name", mlp_exercise_to_string (r->id));
  mlp_json_writer_key (w, "settings");
  mlp_json_writer_begin_object (w);
  mlp_json_writer_member_uint (w, "seed", c->seed);
  mlp_json_writer_member_uint (w, "limit_train", c->limit_train);
  mlp_json_writer_member_uint (w, "limit_val", c->limit_val);
  mlp_json_writer_member_uint (w, "epochs", c->epochs);
  if (r->id == MLP_EXERCISE_SINGLE_UNIT)
    mlp_json_writer_member_uint (w, "seeds", c->n_seeds);
  if (r->id == MLP_EXERCISE_DROPOUT_TEST)
    {
      mlp_json_writer_member_uint (w, "passes", c->n_passes);
      mlp_json_writer_member_bool (w, "trained_here", r->trained_model);
    }
  mlp_json_writer_end_object (w);
  mlp_json_writer_key (w, "numbers");
  mlp_json_writer_begin_object (w);
  for (guint i = 0; i < r->numbers->len; i++)
    {
      const MlpExerciseNumber *n = &g_array_index (r->numbers, MlpExerciseNumber, i);

      mlp_json_writer_member_double (w, n->key, n->value);
    }
  mlp_json_writer_end_object (w);
  mlp_json_writer_key (w, "details");
  mlp_json_writer_begin_object (w);
  if (r->details && r->details_write)
    r->details_write (r->details, w);
  mlp_json_writer_end_object (w);
}

void
mlp_exercise_progress (const MlpExerciseConfig *c, double lo, double hi, double fraction,
                       const char *what)
{
  if (c->progress)
    c->progress (lo + (hi - lo) * CLAMP (fraction, 0.0, 1.0), what, c->user_data);
}

gboolean
mlp_exercise_cancelled (const MlpExerciseConfig *c, GError **error)
{
  if (c->should_stop == NULL || !c->should_stop (c->user_data))
    return FALSE;
  g_set_error (error, MLP_ERROR, MLP_ERROR_CANCELLED, "stopped");
  return TRUE;
}

/* ------------------------------------------------- training inside one */

static void
hooks_batch_done (const MlpBatchReport *b, gpointer user_data)
{
  MlpExerciseTrainHooks *h = user_data;
  double done = ((b->epoch - 1) * (double) b->n_batches + b->batch + 1) /
                ((double) b->n_batches * MAX (h->epochs, 1u));

  mlp_exercise_progress (h->config, h->lo, h->hi, done, h->what);
}

static gboolean
hooks_should_stop (gpointer user_data)
{
  MlpExerciseTrainHooks *h = user_data;

  return h->config->should_stop != NULL && h->config->should_stop (h->config->user_data);
}

void
mlp_exercise_train_config (const MlpExerciseConfig *c, MlpTrainConfig *tc)
{
  mlp_train_config_init (tc);
  tc->epochs = c->epochs;
  tc->seed = c->seed;
  tc->limit_train = c->limit_train;
  tc->limit_val = c->limit_val;
}

void
mlp_exercise_train_callbacks (MlpExerciseTrainHooks *hooks, MlpTrainerCallbacks *cb)
{
  memset (cb, 0, sizeof *cb);
  cb->batch_done = hooks_batch_done;
  cb->should_stop = hooks_should_stop;
  cb->user_data = hooks;
}
