/* mlp-dropout-demo.c — see mlp-dropout-demo.h. */
#include "mlp-dropout-demo.h"

#include <glib/gi18n.h>

#include "mlp-models.h"

/* the samples whose mean shows that dropout keeps the expectation */
#define N_SAMPLES 2000

struct _MlpDropoutDemo {
  GtkWidget      parent_instance;

  GtkWidget     *expander;
  GtkWidget     *label;
  GtkAdjustment *adjustment;
  guint64        seed;           /* of the masks shown; Re-sample counts up */
};

G_DEFINE_FINAL_TYPE (MlpDropoutDemo, mlp_dropout_demo, GTK_TYPE_WIDGET)

/* X = arange(16) as 2×8, the chapter's example; (transfer full) */
static MlpTensor *
arange16 (void)
{
  gsize shape[2] = { 2, 8 };
  MlpTensor *X = mlp_tensor_new (2, shape);

  for (gsize i = 0; i < X->numel; i++)
    X->data[i] = (float) i;
  return X;
}

/* X through the chapter's dropout_layer (engine, mlp_dropout_layer) for one
 * p: dropped entries struck through in red, kept ones show the 1/(1 − p)
 * rescaling */
static void
append_table (GString *out, MlpTensor *X, float p, MlpRng *rng)
{
  g_autoptr(MlpTensor) Y = mlp_dropout_layer (X, p, rng);

  g_string_append_printf (out, "<b>dropout_p = %g</b>\n<tt>", p);
  for (gsize i = 0; i < X->numel; i++)
    {
      if (Y->data[i] == 0.0f && X->data[i] != 0.0f)
        g_string_append_printf (out, "<span foreground=\"#c01c28\"><s>%5.1f</s></span>", X->data[i]);
      else
        g_string_append_printf (out, "%5.1f", Y->data[i]);
      g_string_append (out, i % 8 == 7 ? "\n" : " ");
    }
  g_string_append (out, "</tt>");
}

/* the mean of N_SAMPLES draws of dropout_layer (X, p): close to X's */
static double
sample_mean (MlpTensor *X, float p, MlpRng *rng)
{
  double sum = 0;

  for (int k = 0; k < N_SAMPLES; k++)
    {
      g_autoptr(MlpTensor) Y = mlp_dropout_layer (X, p, rng);

      for (gsize i = 0; i < Y->numel; i++)
        sum += Y->data[i];
    }
  return sum / ((double) X->numel * N_SAMPLES);
}

static void
update (MlpDropoutDemo *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(MlpTensor) X = arange16 ();
  float p = (float) gtk_adjustment_get_value (self->adjustment);
  double mean_x = 7.5;
  MlpRng rng;

  mlp_rng_init (&rng, self->seed);
  append_table (out, X, 0.0f, &rng);
  g_string_append_c (out, '\n');
  append_table (out, X, p, &rng);
  g_string_append_c (out, '\n');
  append_table (out, X, 1.0f, &rng);
  /* the expectation is kept: the mean of many samples stays near X's */
  if (p < 1.0f)
    g_string_append_printf (out, _("\nmean of %d samples at p = %g: %.3f (X: %.3f)"), N_SAMPLES, p,
                            sample_mean (X, p, &rng), mean_x);
  gtk_label_set_markup (GTK_LABEL (self->label), out->str);
}

static void
on_resample_clicked (MlpDropoutDemo *self)
{
  self->seed++;
  update (self);
}

static void
on_copy_clicked (MlpDropoutDemo *self)
{
  g_autofree char *cmd = mlp_dropout_demo_dup_command (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), cmd);
}

GtkWidget *
mlp_dropout_demo_new (void)
{
  return g_object_new (MLP_TYPE_DROPOUT_DEMO, NULL);
}

char *
mlp_dropout_demo_dup_command (MlpDropoutDemo *self)
{
  char p[G_ASCII_DTOSTR_BUF_SIZE];

  g_return_val_if_fail (MLP_IS_DROPOUT_DEMO (self), NULL);

  g_ascii_formatd (p, sizeof p, "%g", gtk_adjustment_get_value (self->adjustment));
  return g_strdup_printf ("mlplab-cli dropout-demo --p 0,%s,1 --seed %" G_GUINT64_FORMAT, p, self->seed);
}

char *
mlp_dropout_demo_dup_text (MlpDropoutDemo *self)
{
  g_return_val_if_fail (MLP_IS_DROPOUT_DEMO (self), NULL);

  return g_strdup (gtk_label_get_text (GTK_LABEL (self->label)));
}

static void
mlp_dropout_demo_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MLP_TYPE_DROPOUT_DEMO);
  G_OBJECT_CLASS (mlp_dropout_demo_parent_class)->dispose (object);
}

static void
mlp_dropout_demo_class_init (MlpDropoutDemoClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = mlp_dropout_demo_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/mlplab/MlpLab/ui/mlp-dropout-demo.ui");
  gtk_widget_class_bind_template_child (widget_class, MlpDropoutDemo, expander);
  gtk_widget_class_bind_template_child (widget_class, MlpDropoutDemo, label);
  gtk_widget_class_bind_template_child (widget_class, MlpDropoutDemo, adjustment);
  gtk_widget_class_bind_template_callback_full (widget_class, "on_value_changed", G_CALLBACK (update));
  gtk_widget_class_bind_template_callback (widget_class, on_resample_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_clicked);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
mlp_dropout_demo_init (MlpDropoutDemo *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update (self);
}
