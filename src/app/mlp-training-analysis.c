/* mlp-training-analysis.c — see mlp-training-analysis.h. */
#include "mlp-training-analysis.h"

#include <glib/gi18n.h>

#include "mlp-figures.h"

struct _MlpTrainingAnalysis {
  GtkWidget    parent_instance;

  GtkWidget   *box;
  MlpPlotView *confusion_view;
  MlpPlotView *mistakes_view;
  MlpPlotView *weights_view;
};

G_DEFINE_FINAL_TYPE (MlpTrainingAnalysis, mlp_training_analysis, GTK_TYPE_WIDGET)

GtkWidget *
mlp_training_analysis_new (void)
{
  return g_object_new (MLP_TYPE_TRAINING_ANALYSIS, NULL);
}

void
mlp_training_analysis_set_analysis (MlpTrainingAnalysis *self, const MlpRunAnalysis *analysis)
{
  g_autoptr(MlpPlot) confusion = NULL;
  g_autoptr(MlpPlot) mistakes = NULL;
  g_autoptr(MlpPlot) weights = NULL;

  g_return_if_fail (MLP_IS_TRAINING_ANALYSIS (self));
  g_return_if_fail (analysis != NULL);

  confusion = mlp_figure_run_confusion (analysis);
  mistakes = mlp_figure_run_mistakes (analysis);
  weights = mlp_figure_run_weights (analysis);
  mlp_plot_view_set_plot (self->confusion_view, confusion);
  mlp_plot_view_set_plot (self->mistakes_view, mistakes);
  mlp_plot_view_set_plot (self->weights_view, weights);
}

MlpPlotView *
mlp_training_analysis_get_view (MlpTrainingAnalysis *self, const char *name)
{
  g_return_val_if_fail (MLP_IS_TRAINING_ANALYSIS (self), NULL);

  if (g_strcmp0 (name, "confusion") == 0)
    return self->confusion_view;
  if (g_strcmp0 (name, "mistakes") == 0)
    return self->mistakes_view;
  if (g_strcmp0 (name, "weights") == 0)
    return self->weights_view;
  return NULL;
}

static void
mlp_training_analysis_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MLP_TYPE_TRAINING_ANALYSIS);
  G_OBJECT_CLASS (mlp_training_analysis_parent_class)->dispose (object);
}

static void
mlp_training_analysis_class_init (MlpTrainingAnalysisClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mlp_training_analysis_dispose;
  g_type_ensure (MLP_TYPE_PLOT_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mlplab/MlpLab/ui/mlp-training-analysis.ui");
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingAnalysis, box);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingAnalysis, confusion_view);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingAnalysis, mistakes_view);
  gtk_widget_class_bind_template_child (widget_class, MlpTrainingAnalysis, weights_view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mlp_training_analysis_init (MlpTrainingAnalysis *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
