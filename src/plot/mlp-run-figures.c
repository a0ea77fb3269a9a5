/* mlp-run-figures.c — see mlp-run-figures.h. */
#include "mlp-run-figures.h"

#include <glib/gi18n-lib.h>

#include "mlp-fashion-mnist.h"
#include "mlp-figures.h"
#include "mlp-trainer.h"

/* the class name of label, or "class 7" for data sets with other classes */
static char *
class_name (const MlpRunAnalysis *a, guint label)
{
  if (a->n_classes == MLP_FASHION_MNIST_CLASSES)
    return g_strdup (mlp_fashion_mnist_class_name (label));
  return g_strdup_printf (_("class %u"), label);
}

MlpRunAnalysis *
mlp_run_analysis_new (MlpModel *model, const MlpDataset *val, gsize limit, guint batch_size)
{
  guint32 index[MLP_RUN_ANALYSIS_MISTAKES] = { 0 };
  guint8 predicted[MLP_RUN_ANALYSIS_MISTAKES] = { 0 };
  float confidence[MLP_RUN_ANALYSIS_MISTAKES] = { 0 };
  MlpMistakes mistakes = { MLP_RUN_ANALYSIS_MISTAKES, 0, index, predicted, confidence };
  MlpRunAnalysis *a = g_new0 (MlpRunAnalysis, 1);
  gsize pixels = (gsize) val->rows * val->cols;

  a->n_classes = val->n_classes;
  a->rows = val->rows;
  a->cols = val->cols;
  a->confusion = g_new0 (guint, (gsize) a->n_classes * a->n_classes);
  mlp_trainer_confusion (model, val, limit, batch_size, a->confusion, &mistakes);
  a->weights = mlp_model_first_layer_weights (model);
  a->n_mistakes = mistakes.n;
  a->mistake_pixels = g_new (float, MAX (mistakes.n, 1) * pixels);
  a->mistake_captions = g_new0 (char *, mistakes.n + 1);
  for (guint k = 0; k < mistakes.n; k++)
    {
      const guint8 *img = val->images + (gsize) index[k] * pixels;
      g_autofree char *truth = class_name (a, val->labels[index[k]]);
      g_autofree char *guess = class_name (a, predicted[k]);

      for (gsize q = 0; q < pixels; q++)
        a->mistake_pixels[k * pixels + q] = img[q] / 255.0f;
      /* Translators: a misclassified image: true class → predicted class, confidence */
      a->mistake_captions[k] = g_strdup_printf (_("%s\n→ %s %.0f%%"), truth, guess, 100.0 * confidence[k]);
    }
  return a;
}

void
mlp_run_analysis_free (MlpRunAnalysis *a)
{
  if (a == NULL)
    return;
  g_free (a->confusion);
  g_free (a->mistake_pixels);
  g_strfreev (a->mistake_captions);
  g_clear_pointer (&a->weights, mlp_tensor_unref);
  g_free (a);
}

MlpPlot *
mlp_figure_run_confusion (const MlpRunAnalysis *a)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  for (guint c = 0; c < a->n_classes; c++)
    g_ptr_array_add (names, class_name (a, c));
  return mlp_figure_confusion (a->confusion, a->n_classes, (const char *const *) names->pdata);
}

MlpPlot *
mlp_figure_run_mistakes (const MlpRunAnalysis *a)
{
  MlpPlot *mistakes = mlp_plot_new ();

  mlp_plot_set_labels (mistakes, _("misclassified validation images: true → predicted, confidence"), NULL, NULL);
  if (a->n_mistakes > 0)
    mlp_plot_set_images (mistakes, a->mistake_pixels, a->n_mistakes, a->rows, a->cols,
                         (const char *const *) a->mistake_captions, FALSE);
  return mistakes;
}

MlpPlot *
mlp_figure_run_weights (const MlpRunAnalysis *a)
{
  MlpPlot *weights = mlp_plot_new ();
  MlpTensor *w = a->weights;

  if (w == NULL)
    return weights;
  mlp_plot_set_labels (weights, _("first-layer weights of the hidden units (blue < 0 < red)"), NULL, NULL);
  if (w->shape[1] == (gsize) a->rows * a->cols)
    mlp_plot_set_images (weights, w->data, MIN ((guint) w->shape[0], MLP_RUN_ANALYSIS_WEIGHT_IMAGES),
                         a->rows, a->cols, NULL, TRUE);
  return weights;
}
