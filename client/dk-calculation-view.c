#include "config.h"

#include <glib/gi18n.h>

#include "dk-calculation-repo.h"
#include "dk-calculation-view.h"
#include "dk-date.h"
#include "dk-history-chart.h"
#include "dk-money.h"

/* ---- pure: breakdown lines ---- */

void
dk_calculation_line_free (DkCalculationLine *line)
{
  if (line == NULL)
    return;
  g_free (line->id);
  g_free (line->label);
  g_free (line->amount);
  g_free (line->explanation);
  g_free (line);
}

char *
dk_breakdown_format_value (const DkBreakdown *line)
{
  g_return_val_if_fail (line != NULL, NULL);

  switch (dk_breakdown_get_kind (line))
    {
    case DK_BREAKDOWN_MONEY:
      return dk_money_format (dk_breakdown_get_value (line));
    case DK_BREAKDOWN_RATE:
      return dk_format_rate (dk_breakdown_get_value (line));
    case DK_BREAKDOWN_COUNT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, dk_breakdown_get_value (line));
    case DK_BREAKDOWN_TEXT:
    default:
      return NULL;
    }
}

static char *
explain (const DkBreakdown *line)
{
  const char *rule = dk_breakdown_get_rule (line);
  const char *note = dk_breakdown_get_note (line);
  gboolean has_rule = rule != NULL && rule[0] != '\0';
  gboolean has_note = note != NULL && note[0] != '\0';

  if (has_rule && has_note)
    return g_strconcat (rule, "\n", note, NULL);
  if (has_rule)
    return g_strdup (rule);
  if (has_note)
    return g_strdup (note);
  return NULL;
}

static void
collect_lines (const DkBreakdown *node,
               guint              depth,
               GPtrArray         *out)
{
  guint n = dk_breakdown_get_n_children (node);

  for (guint i = 0; i < n; i++)
    {
      const DkBreakdown *child = dk_breakdown_get_child (node, i);
      DkCalculationLine *line = g_new0 (DkCalculationLine, 1);

      line->id = g_strdup (dk_breakdown_get_id (child));
      line->depth = depth;
      line->kind = dk_breakdown_get_kind (child);
      line->label = g_strdup (dk_breakdown_get_label (child));
      line->amount = dk_breakdown_format_value (child);
      line->explanation = explain (child);
      line->n_children = dk_breakdown_get_n_children (child);
      g_ptr_array_add (out, line);
      collect_lines (child, depth + 1, out);
    }
}

GPtrArray *
dk_calculation_lines_from_breakdown (const DkBreakdown *root)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_calculation_line_free);

  if (root != NULL)
    collect_lines (root, 0, lines);
  return lines;
}

char *
dk_calculation_describe_context (const DkBreakdown *root)
{
  GString *out = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (root != NULL, NULL);

  n = dk_breakdown_get_n_children (root);
  for (guint i = 0; i < n; i++)
    {
      const DkBreakdown *child = dk_breakdown_get_child (root, i);
      const char *label = dk_breakdown_get_label (child);
      const char *rule = dk_breakdown_get_rule (child);

      if (dk_breakdown_get_kind (child) != DK_BREAKDOWN_TEXT || label == NULL)
        continue;
      if (out->len > 0)
        g_string_append (out, " · ");
      /* A text line's rule says what the label is ("calculation date") or where it comes from. */
      if (rule != NULL && rule[0] != '\0')
        g_string_append_printf (out, "%s (%s)", label, rule);
      else
        g_string_append (out, label);
    }
  return g_string_free (out, FALSE);
}

/* ---- pure: history ---- */

typedef struct
{
  DkHistoryPoint capacity;
  DkHistoryPoint vtlb;
} Pair;

static gint
compare_pairs (gconstpointer a,
               gconstpointer b)
{
  const Pair *pa = a;
  const Pair *pb = b;

  return g_date_compare (&pa->capacity.date, &pb->capacity.date);
}

static gboolean
read_amount (JsonObject *object,
             const char *member,
             gint64     *out)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return *out >= 0;
}

guint
dk_calculation_history_series (GPtrArray *records,
                               GArray    *capacity,
                               GArray    *vtlb)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  guint skipped = 0;

  g_return_val_if_fail (capacity != NULL && vtlb != NULL, 0);

  for (guint i = 0; records != NULL && i < records->len; i++)
    {
      const DkCalculationRecord *record = g_ptr_array_index (records, i);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *root;
      Pair pair = { 0 };

      if (!g_date_valid (&record->calc_date) || record->result_json == NULL
          || !json_parser_load_from_data (parser, record->result_json, -1, NULL)
          || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root)
          || !read_amount (json_node_get_object (root), "capacity_cents", &pair.capacity.cents)
          || !read_amount (json_node_get_object (root), "vtlb_cents", &pair.vtlb.cents))
        {
          skipped++;
          continue;
        }
      pair.capacity.date = record->calc_date;
      pair.vtlb.date = record->calc_date;
      g_array_append_val (pairs, pair);
    }

  /* g_array_sort() is stable (GLib ≥ 2.32): calculations of one date stay in the order saved. */
  g_array_sort (pairs, compare_pairs);
  for (guint i = 0; i < pairs->len; i++)
    {
      Pair *pair = &g_array_index (pairs, Pair, i);

      g_array_append_val (capacity, pair->capacity);
      g_array_append_val (vtlb, pair->vtlb);
    }
  return skipped;
}

/* ---- the widget ---- */

struct _DkCalculationView
{
  AdwBin               parent_instance;

  /* Template widgets */
  AdwPreferencesGroup *summary_group;
  GtkLabel            *message_label;
  GtkWidget           *income_row;
  GtkWidget           *bvv_row;
  GtkWidget           *vtlb_row;
  GtkWidget           *capacity_row;
  AdwActionRow        *proposal_row;
  GtkLabel            *income_value;
  GtkLabel            *bvv_value;
  GtkLabel            *vtlb_value;
  GtkLabel            *capacity_value;
  GtkLabel            *proposal_value;
  DkHistoryChart      *chart;
  AdwPreferencesGroup *lines_group;

  GPtrArray           *line_rows;  /* the widgets added to lines_group */
};

G_DEFINE_FINAL_TYPE (DkCalculationView, dk_calculation_view, ADW_TYPE_BIN)

GtkWidget *
dk_calculation_view_new (void)
{
  return g_object_new (DK_TYPE_CALCULATION_VIEW, NULL);
}

static void
clear_lines (DkCalculationView *self)
{
  for (guint i = 0; i < self->line_rows->len; i++)
    adw_preferences_group_remove (self->lines_group, g_ptr_array_index (self->line_rows, i));
  g_ptr_array_set_size (self->line_rows, 0);
  adw_preferences_group_set_description (self->lines_group, NULL);
}

static GtkWidget *
amount_label (const char *amount)
{
  GtkWidget *label = gtk_label_new (amount);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_set_valign (label, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (label, "numeric");
  return label;
}

/* Breakdown texts come from norm tables and creditor names: shown as they are, never as markup. */
static GtkWidget *
line_row (const DkCalculationLine *line)
{
  GtkWidget *row;

  if (line->n_children > 0)
    {
      row = adw_expander_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line->label);
      if (line->explanation != NULL)
        adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), line->explanation);
      if (line->amount != NULL)
        adw_expander_row_add_action (ADW_EXPANDER_ROW (row), amount_label (line->amount));
    }
  else
    {
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), line->label);
      if (line->explanation != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), line->explanation);
      if (line->amount != NULL)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), amount_label (line->amount));
    }

  /* The amount is part of what the row says to a screen reader. */
  if (line->amount != NULL)
    {
      g_autofree char *name = g_strdup_printf ("%s: %s", line->label, line->amount);

      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
  return row;
}

static void
show_lines (DkCalculationView *self,
            const DkBreakdown *root)
{
  g_autoptr(GPtrArray) lines = dk_calculation_lines_from_breakdown (root);
  g_autoptr(GPtrArray) parents = g_ptr_array_new ();
  g_autofree char *context = dk_calculation_describe_context (root);

  clear_lines (self);
  adw_preferences_group_set_description (self->lines_group, context);

  for (guint i = 0; i < lines->len; i++)
    {
      const DkCalculationLine *line = g_ptr_array_index (lines, i);
      GtkWidget *row;

      /* The root's text lines are the context above. */
      if (line->depth == 0 && line->kind == DK_BREAKDOWN_TEXT)
        continue;

      row = line_row (line);
      /* Depth first: a line's parent is the last expander row one level up. */
      if (line->depth > 0 && line->depth <= parents->len && parents->pdata[line->depth - 1] != NULL)
        adw_expander_row_add_row (ADW_EXPANDER_ROW (parents->pdata[line->depth - 1]), row);
      else
        {
          adw_preferences_group_add (self->lines_group, row);
          g_ptr_array_add (self->line_rows, row);
        }

      if (line->n_children > 0)
        {
          if (parents->len <= line->depth)
            g_ptr_array_set_size (parents, line->depth + 1);
          parents->pdata[line->depth] = row;
        }
    }
}

static void
set_figures_visible (DkCalculationView *self,
                     gboolean           visible)
{
  gtk_widget_set_visible (self->income_row, visible);
  gtk_widget_set_visible (self->bvv_row, visible);
  gtk_widget_set_visible (self->vtlb_row, visible);
  gtk_widget_set_visible (self->capacity_row, visible);
  gtk_widget_set_visible (GTK_WIDGET (self->proposal_row), visible);
  gtk_widget_set_visible (GTK_WIDGET (self->lines_group), visible);
}

/* The amount is also part of what the row says to a screen reader. */
static void
set_money (GtkWidget *row,
           GtkLabel  *label,
           gint64     cents)
{
  g_autofree char *text = dk_money_format (cents);
  g_autofree char *name = g_strdup_printf ("%s: %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), text);

  gtk_label_set_text (label, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
}

void
dk_calculation_view_show_result (DkCalculationView         *self,
                                 const DkCalculationResult *result)
{
  g_return_if_fail (DK_IS_CALCULATION_VIEW (self));
  g_return_if_fail (result != NULL);

  gtk_widget_set_visible (GTK_WIDGET (self->message_label), FALSE);
  set_figures_visible (self, TRUE);

  set_money (self->income_row, self->income_value, result->income);
  set_money (self->bvv_row, self->bvv_value, result->bvv);
  set_money (self->vtlb_row, self->vtlb_value, result->vtlb);
  set_money (self->capacity_row, self->capacity_value, result->capacity);

  if (result->has_proposal)
    {
      g_autofree char *rate = dk_format_rate (result->proposal.concurrent_ppm);
      g_autofree char *preferential = dk_format_rate (result->proposal.preferential_ppm);
      g_autofree char *subtitle = NULL;

      if (result->proposal.zero_offer)
        subtitle = g_strdup (_("Zero offer: there is no repayment capacity"));
      else if (result->proposal.concurrent_debt > 0)
        subtitle = g_strdup_printf (g_dngettext (NULL,
                                                 /* Translators: %u is a number of months, %s a percentage */
                                                 "Term of %u month; concurrent creditors get %s of what they are owed",
                                                 "Term of %u months; concurrent creditors get %s of what they are owed",
                                                 result->proposal.term_months),
                                    result->proposal.term_months, rate);
      else
        subtitle = g_strdup_printf (g_dngettext (NULL,
                                                 /* Translators: %u is a number of months, %s a percentage */
                                                 "Term of %u month; preferential creditors get %s of what they are owed",
                                                 "Term of %u months; preferential creditors get %s of what they are owed",
                                                 result->proposal.term_months),
                                    result->proposal.term_months, preferential);
      set_money (GTK_WIDGET (self->proposal_row), self->proposal_value, result->proposal.paid);
      adw_action_row_set_subtitle (self->proposal_row, subtitle);
    }
  else
    {
      gtk_label_set_text (self->proposal_value, "");
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->proposal_row), GTK_ACCESSIBLE_PROPERTY_LABEL);
      adw_action_row_set_subtitle (self->proposal_row, _("No open debts to propose on"));
    }

  show_lines (self, result->breakdown);
}

void
dk_calculation_view_show_message (DkCalculationView *self,
                                  const char        *message)
{
  g_return_if_fail (DK_IS_CALCULATION_VIEW (self));

  clear_lines (self);
  set_figures_visible (self, FALSE);
  gtk_label_set_text (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), message != NULL);
}

void
dk_calculation_view_set_history (DkCalculationView *self,
                                 GPtrArray         *records)
{
  g_autoptr(GArray) capacity = g_array_new (FALSE, FALSE, sizeof (DkHistoryPoint));
  g_autoptr(GArray) vtlb = g_array_new (FALSE, FALSE, sizeof (DkHistoryPoint));
  guint skipped;

  g_return_if_fail (DK_IS_CALCULATION_VIEW (self));

  skipped = dk_calculation_history_series (records, capacity, vtlb);
  if (skipped > 0)
    g_message ("Calculation history: %u stored results could not be read", skipped);

  dk_history_chart_set_series (self->chart, 0, _("Repayment capacity"), capacity);
  dk_history_chart_set_series (self->chart, 1, _("VTLB"), vtlb);
}

static void
dk_calculation_view_finalize (GObject *object)
{
  DkCalculationView *self = DK_CALCULATION_VIEW (object);

  g_clear_pointer (&self->line_rows, g_ptr_array_unref);
  G_OBJECT_CLASS (dk_calculation_view_parent_class)->finalize (object);
}

static void
dk_calculation_view_class_init (DkCalculationViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /* No dispose with gtk_widget_dispose_template(): the template is AdwBin's child, which AdwBin
   * disposes itself (disposing the template too would unparent it twice). */
  object_class->finalize = dk_calculation_view_finalize;

  g_type_ensure (DK_TYPE_HISTORY_CHART);
  gtk_widget_class_set_template_from_resource (widget_class, "/nl/draagkracht/Draagkracht/ui/dk-calculation-view.ui");
  gtk_widget_class_bind_template_child (widget_class, DkCalculationView, summary_group);
  gtk_widget_class_bind_template_child (widget_class, DkCalculationView, message_label);
  gtk_widget_class_bind_template_child (widget_class, DkCalculationView, income_row);
  gtk_widget_class_bind_template_child (widget_class, DkCalculationView, bvv_row);
  gtk_widget_class_bind_template_child (widget_class, DkCalculationView, vtlb_row);
  gtk_widget_class_bind_template_child (widget_class, DkCalculationView, capacity_row);
  gtk_widget_class_bind_template_child (widget_class, DkCalculationView, proposal_row);
  gtk_widget_class_bind_template_child (widget_class, DkCalculationView, income_value);
  gtk_widget_class_bind_template_child (widget_class, DkCalculationView, bvv_value);
  gtk_widget_class_bind_template_child (widget_class, DkCalculationView, vtlb_value);
  gtk_widget_class_bind_template_child (widget_class, DkCalculationView, capacity_value);
  gtk_widget_class_bind_template_child (widget_class, DkCalculationView, proposal_value);
  gtk_widget_class_bind_template_child (widget_class, DkCalculationView, chart);
  gtk_widget_class_bind_template_child (widget_class, DkCalculationView, lines_group);
}

static void
dk_calculation_view_init (DkCalculationView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->line_rows = g_ptr_array_new ();
  dk_calculation_view_show_message (self, NULL);
}
