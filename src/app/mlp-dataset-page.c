/* mlp-dataset-page.c — browse Fashion-MNIST.  The four files are read on the
 * worker through the window's data cache (once for all the sections); the
 * page then shows 50 images a page with the shared plot renderer's image
 * grid, so every page exports like any figure. */
#include "mlp-dataset-page.h"

#include "mlp-figures.h"

#include <glib/gi18n.h>

#include "mlp-data-cache.h"
#include "mlp-dataset.h"
#include "mlp-fashion-mnist.h"
#include "mlp-plot-view.h"

/* images a page: d2l shows 50; on a projector fewer, larger ones */
#define PER_PAGE 50
#define PER_PAGE_PRESENTING 18

struct _MlpDatasetPage {
  MlpSectionPage parent_instance;

  MlpLoadedData *loaded;         /* (nullable) until the data arrived */
  GArray        *shown;          /* guint32 indices of the selection */

  GtkWidget     *split_dropdown;
  GtkWidget     *class_dropdown;
  GtkWidget     *page_spin;
  GtkAdjustment *page_adjustment;
  GtkWidget     *counts_label;
  MlpPlotView   *plot_view;
};

G_DEFINE_FINAL_TYPE (MlpDatasetPage, mlp_dataset_page, MLP_TYPE_SECTION_PAGE)

/* on the worker thread; at once when another section read the files */
static gpointer
load_job (MlpJob *job, gpointer request, GError **error)
{
  mlp_job_set_progress (job, 0.0, NULL);
  return mlp_data_request_get (request, error);
}

/* the split the drop-down shows, or NULL before the data arrived */
static const MlpDataset *
shown_split (MlpDatasetPage *self)
{
  if (self->loaded == NULL)
    return NULL;
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (self->split_dropdown)) == 0 ? self->loaded->train
                                                                               : self->loaded->test;
}

static gsize
per_page_of (MlpDatasetPage *self)
{
  return mlp_section_page_get_presentation (MLP_SECTION_PAGE (self)) ? PER_PAGE_PRESENTING : PER_PAGE;
}

static void
show_page (MlpDatasetPage *self)
{
  const MlpDataset *ds = shown_split (self);
  g_autoptr(MlpPlot) plot = NULL;
  guint page = (guint) gtk_adjustment_get_value (self->page_adjustment) - 1;
  gsize per_page = per_page_of (self);
  gsize first = (gsize) page * per_page, n;

  if (ds == NULL)
    return;
  n = first < self->shown->len ? MIN (per_page, self->shown->len - first) : 0;
  plot = mlp_figure_dataset_images (ds, n ? &g_array_index (self->shown, guint32, first) : NULL, n);
  mlp_plot_view_set_plot (self->plot_view, plot);
}

static void
select_images (MlpDatasetPage *self)
{
  guint cls = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->class_dropdown));
  const MlpDataset *ds = shown_split (self);
  gsize counts[MLP_FASHION_MNIST_CLASSES] = { 0 };
  g_autoptr(GString) text = g_string_new (NULL);

  if (ds == NULL)
    {
      g_array_set_size (self->shown, 0);
      return;
    }
  for (gsize i = 0; i < ds->n; i++)
    if (ds->labels[i] < MLP_FASHION_MNIST_CLASSES)
      counts[ds->labels[i]]++;
  g_array_unref (self->shown);
  self->shown = mlp_dataset_indices_of_class (ds, cls == 0 ? -1 : (int) cls - 1);
  /* Translators: the heading of the class counts */
  g_string_append_printf (text, "<b>%s</b>\n", _("Images per class"));
  for (guint c = 0; c < MLP_FASHION_MNIST_CLASSES; c++)
    g_string_append_printf (text, "%s\t%lu\n", mlp_fashion_mnist_class_name (c), (unsigned long) counts[c]);
  g_string_append_printf (text, _("<b>%u shown</b> of %lu"), self->shown->len, (unsigned long) ds->n);
  gtk_label_set_markup (GTK_LABEL (self->counts_label), text->str);
  gtk_adjustment_set_upper (self->page_adjustment, MAX (1, (self->shown->len + per_page_of (self) - 1) / per_page_of (self)));
  gtk_adjustment_set_value (self->page_adjustment, 1);
  show_page (self);
}

static void
load_done (MlpSectionPage *page, gpointer result, const GError *error)
{
  MlpDatasetPage *self = MLP_DATASET_PAGE (page);

  if (mlp_section_page_show_error (page, error, self->counts_label))
    return;
  g_clear_pointer (&self->loaded, mlp_loaded_data_unref);
  self->loaded = result;
  select_images (self);
}

/* 55 MB of pixels are read only when somebody looks: this runs once the page
 * is shown */
static void
refresh (MlpSectionPage *page)
{
  MlpDatasetPage *self = MLP_DATASET_PAGE (page);
  const char *data_dir = mlp_section_page_get_data_dir (page);
  MlpDataRequest *req;

  if (data_dir == NULL)
    return;
  req = g_new0 (MlpDataRequest, 1);
  mlp_section_page_init_data_request (page, req);
  gtk_label_set_text (GTK_LABEL (self->counts_label), _("Loading…"));
  mlp_section_page_submit (page, 0, _("Loading Fashion-MNIST"), load_job, req, mlp_data_request_free,
                           (GDestroyNotify) mlp_loaded_data_unref, load_done);
}

static void
data_dir_changed (MlpSectionPage *page)
{
  MlpDatasetPage *self = MLP_DATASET_PAGE (page);

  g_clear_pointer (&self->loaded, mlp_loaded_data_unref);
  g_array_set_size (self->shown, 0);
  mlp_plot_view_set_plot (self->plot_view, NULL);
  mlp_section_page_cancel (page, 0);
  if (mlp_section_page_get_data_dir (page) == NULL)
    gtk_label_set_text (GTK_LABEL (self->counts_label),
                        _("Fashion-MNIST is not installed. Install it with: apt install dataset-fashion-mnist "
                          "(or choose its folder from the main menu)."));
  else
    mlp_section_page_queue_refresh (page);
}

gsize
mlp_dataset_page_get_n_shown (MlpDatasetPage *self)
{
  return self->shown->len;
}

/* --------------------------------------------------------------- GObject */

static void
mlp_dataset_page_dispose (GObject *object)
{
  MlpDatasetPage *self = MLP_DATASET_PAGE (object);

  g_clear_pointer (&self->loaded, mlp_loaded_data_unref);
  G_OBJECT_CLASS (mlp_dataset_page_parent_class)->dispose (object);
}

static void
mlp_dataset_page_finalize (GObject *object)
{
  MlpDatasetPage *self = MLP_DATASET_PAGE (object);

  g_array_unref (self->shown);
  G_OBJECT_CLASS (mlp_dataset_page_parent_class)->finalize (object);
}

/* the page shows as many images as presentation mode wants, from the first
 * image it showed */
static void
presentation_changed (MlpSectionPage *page)
{
  MlpDatasetPage *self = MLP_DATASET_PAGE (page);
  gsize before = mlp_section_page_get_presentation (page) ? PER_PAGE : PER_PAGE_PRESENTING;
  gsize first = ((gsize) gtk_adjustment_get_value (self->page_adjustment) - 1) * before;

  if (self->shown->len == 0)
    return;
  gtk_adjustment_set_upper (self->page_adjustment, MAX (1, (self->shown->len + per_page_of (self) - 1) / per_page_of (self)));
  gtk_adjustment_set_value (self->page_adjustment, 1 + first / per_page_of (self));
  show_page (self);
}

/* the mlplab-cli command that writes the page on screen */
static char *
dup_command (MlpSectionPage *page)
{
  MlpDatasetPage *self = MLP_DATASET_PAGE (page);
  const char *data_dir = mlp_section_page_get_data_dir (page);
  guint cls = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->class_dropdown));
  gboolean test = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->split_dropdown)) != 0;
  GString *cmd = g_string_new ("mlplab-cli plot dataset");

  g_string_append_printf (cmd, " --split %s", test ? "test" : "train");
  if (cls > 0)
    {
      g_autofree char *quoted = g_shell_quote (mlp_fashion_mnist_class_name (cls - 1));

      g_string_append_printf (cmd, " --class %s", quoted);
    }
  g_string_append_printf (cmd, " --page %.0f --per-page %lu", gtk_adjustment_get_value (self->page_adjustment),
                          (unsigned long) per_page_of (self));
  if (data_dir != NULL)
    {
      g_autofree char *quoted = g_shell_quote (data_dir);

      g_string_append_printf (cmd, " --data %s", quoted);
    }
  g_string_append (cmd, " --out dataset.png");
  return g_string_free (cmd, FALSE);
}

static void
mlp_dataset_page_class_init (MlpDatasetPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mlp_dataset_page_dispose;
  object_class->finalize = mlp_dataset_page_finalize;
  MLP_SECTION_PAGE_CLASS (klass)->refresh = refresh;
  MLP_SECTION_PAGE_CLASS (klass)->run = refresh;
  MLP_SECTION_PAGE_CLASS (klass)->data_dir_changed = data_dir_changed;
  MLP_SECTION_PAGE_CLASS (klass)->presentation_changed = presentation_changed;
  MLP_SECTION_PAGE_CLASS (klass)->dup_command = dup_command;

  mlp_section_page_class_set_template (MLP_SECTION_PAGE_CLASS (klass), "/io/github/mlplab/MlpLab/ui/mlp-dataset-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MlpDatasetPage, split_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MlpDatasetPage, class_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MlpDatasetPage, page_spin);
  gtk_widget_class_bind_template_child (widget_class, MlpDatasetPage, page_adjustment);
  gtk_widget_class_bind_template_child (widget_class, MlpDatasetPage, counts_label);
  gtk_widget_class_bind_template_child (widget_class, MlpDatasetPage, plot_view);
  gtk_widget_class_bind_template_callback (widget_class, select_images);
  gtk_widget_class_bind_template_callback (widget_class, show_page);
}

static void
mlp_dataset_page_init (MlpDatasetPage *self)
{
  g_autoptr(GtkStringList) classes = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->shown = g_array_new (FALSE, FALSE, sizeof (guint32));
  gtk_string_list_append (classes, _("All classes"));
  for (guint c = 0; c < MLP_FASHION_MNIST_CLASSES; c++)
    gtk_string_list_append (classes, mlp_fashion_mnist_class_name (c));
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->class_dropdown), G_LIST_MODEL (classes));
  {
    /* the counts line up in a column */
    PangoTabArray *tabs = pango_tab_array_new_with_positions (1, TRUE, PANGO_TAB_LEFT, 110);

    gtk_label_set_tabs (GTK_LABEL (self->counts_label), tabs);
    pango_tab_array_free (tabs);
  }
  mlp_section_page_add_view (MLP_SECTION_PAGE (self), self->plot_view, "fashion-mnist");
  mlp_section_page_set_slot_lane (MLP_SECTION_PAGE (self), 0, MLP_LANE_QUICK);
}

GtkWidget *
mlp_dataset_page_new (MlpWorker *worker, MlpDataCache *cache, const char *data_dir)
{
  MlpDatasetPage *self = g_object_new (MLP_TYPE_DATASET_PAGE, "worker", worker, "data-cache", cache, NULL);

  mlp_section_page_set_data_dir (MLP_SECTION_PAGE (self), data_dir);
  return GTK_WIDGET (self);
}
