/* mlp-dropout-demo.c — see mlp-dropout-demo.h. */
#include "mlp-dropout-demo.h"

#include <glib/gi18n.h>

#include "mlp-models.h"

/* the samples whose mean shows that dropout keeps the expectation */
#define N_SAMPLES 2000

struct _MlpDropoutDemo {
  GtkWidget      parent_instance;

  GtkWidget     *expander;
  GtkWidget     *label;           /* the tables, in markup */
  GtkWidget     *mean_label;
  GtkAdjustment *adjustment;
  char          *text;            /* the tables as the CLI prints them */
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

/* t (2 × 8) as the notebook and `mlplab-cli dropout-demo` print it:
 * "[[  0.00,   2.00, …],\n [ 16.00, …]]"; entries that dropout set to 0
 * (where X was not 0) are red in the markup, an extra cue to the 0 */
static void
append_tensor (GString *text, GString *markup, MlpTensor *t, MlpTensor *X)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  for (gsize r = 0; r < t->shape[0]; r++)
    {
      const char *open = r == 0 ? "[[" : " [", *close = r + 1 == t->shape[0] ? "]]\n" : "],\n";

      g_string_append (text, open);
      g_string_append (markup, open);
      for (gsize c = 0; c < t->shape[1]; c++)
        {
          gsize i = r * t->shape[1] + c;
          const char *sep = c > 0 ? ", " : "";
          gboolean dropped = X != NULL && t->data[i] == 0.0f && X->data[i] != 0.0f;

          /* the C library's "%6.2f" in the C locale, as the CLI prints it */
          g_ascii_formatd (buf, sizeof buf, "%6.2f", t->data[i]);
          g_string_append_printf (text, "%s%s", sep, buf);
          g_string_append_printf (markup, dropped ? "%s<span foreground=\"#e01b24\">%s</span>" : "%s%s", sep, buf);
        }
      g_string_append (text, close);
      g_string_append (markup, close);
    }
}

/* X through the chapter's dropout_layer (engine, mlp_dropout_layer) for
 * one p, under the notebook's "dropout_p = 0.5:" */
static void
append_table (GString *text, GString *markup, MlpTensor *X, float p, MlpRng *rng)
{
  g_autoptr(MlpTensor) Y = mlp_dropout_layer (X, p, rng);
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (buf, sizeof buf, "%g", p);
  g_string_append_printf (text, "dropout_p = %s:\n", buf);
  g_string_append_printf (markup, "<b>dropout_p = %s:</b>\n", buf);
  append_tensor (text, markup, Y, X);
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
  g_autoptr(GString) text = g_string_new ("X =\n");
  g_autoptr(GString) markup = g_string_new ("<b>X =</b>\n");
  g_autoptr(MlpTensor) X = arange16 ();
  float p = (float) gtk_adjustment_get_value (self->adjustment);
  const float ps[] = { 0.0f, p, 1.0f };
  double mean_x = 7.5;
  MlpRng rng;

  /* the CLI's order: X, then one draw for each p from one seed */
  mlp_rng_init (&rng, self->seed);
  append_tensor (text, markup, X, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (ps); i++)
    append_table (text, markup, X, ps[i], &rng);
  gtk_label_set_markup (GTK_LABEL (self->label), markup->str);
  g_free (self->text);
  self->text = g_string_free (g_steal_pointer (&text), FALSE);
  /* the expectation is kept: the mean of many samples stays near X's */
  if (p < 1.0f)
    {
      g_autofree char *mean = g_strdup_printf (_("mean of %d samples at p = %g: %.3f (X: %.3f)"), N_SAMPLES, p,
                                               sample_mean (X, p, &rng), mean_x);

      gtk_label_set_text (GTK_LABEL (self->mean_label), mean);
    }
  gtk_widget_set_visible (self->mean_label, p < 1.0f);
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

  if (!gtk_widget_get_visible (self->mean_label))
    return g_strdup (self->text);
  return g_strconcat (self->text, "\n", gtk_label_get_text (GTK_LABEL (self->mean_label)), NULL);
}

static void
mlp_dropout_demo_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), MLP_TYPE_DROPOUT_DEMO);
  g_clear_pointer (&MLP_DROPOUT_DEMO (object)->text, g_free);
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
  gtk_widget_class_bind_template_child (widget_class, MlpDropoutDemo, mean_label);
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
