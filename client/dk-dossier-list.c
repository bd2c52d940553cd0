#include "config.h"

#include <glib/gi18n.h>

#include "dk-date.h"
#include "dk-dossier-index.h"
#include "dk-dossier-list.h"
#include "dk-form.h"

/* ---- one row's data: a tiny GObject so a GListStore can hold it ---- */

#define DK_TYPE_DOSSIER_ROW (dk_dossier_row_get_type ())
G_DECLARE_FINAL_TYPE (DkDossierRow, dk_dossier_row, DK, DOSSIER_ROW, GObject)

struct _DkDossierRow
{
  GObject  parent_instance;
  char    *id;
  char    *title;
  char    *subtitle;
  gboolean overdue;
};

G_DEFINE_FINAL_TYPE (DkDossierRow, dk_dossier_row, G_TYPE_OBJECT)

static void
dk_dossier_row_finalize (GObject *object)
{
  DkDossierRow *self = DK_DOSSIER_ROW (object);

  g_free (self->id);
  g_free (self->title);
  g_free (self->subtitle);
  G_OBJECT_CLASS (dk_dossier_row_parent_class)->finalize (object);
}

static void
dk_dossier_row_class_init (DkDossierRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dk_dossier_row_finalize;
}

static void
dk_dossier_row_init (DkDossierRow *self)
{
}

/* ---- the list ---- */

struct _DkDossierList
{
  GtkBox             parent_instance;

  GtkSearchEntry    *search_entry;
  GtkDropDown       *phase_filter;
  GtkDropDown       *deadline_filter;
  GtkDropDown       *counsellor_filter;
  GtkDropDown       *sort_order;
  GtkListView       *list_view;
  GtkStack          *stack;
  AdwStatusPage     *empty_page;
  GListStore        *rows;
  GtkSingleSelection *selection;

  DkSession         *session;
  GStrv              counsellors;

  /* Every dossier of the replica, as read at the last change of the data, in the order of
   * sorted_by, with a row for each (by id): a keystroke only picks from them. */
  GPtrArray         *summaries;
  GHashTable        *row_of_id;
  int                sorted_by;
};

G_DEFINE_FINAL_TYPE (DkDossierList, dk_dossier_list, GTK_TYPE_BOX)

enum {
  DOSSIER_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

char *
dk_dossier_list_row_subtitle (const char  *number,
                              const char  *phase_label,
                              int          deadline_kind,
                              const GDate *deadline,
                              const GDate *today)
{
  g_autofree char *date = NULL;
  const char *what;

  if (deadline_kind == DK_WGS_DEADLINE_NONE || deadline == NULL || !g_date_valid (deadline))
    return g_strdup_printf ("%s · %s", number, phase_label);

  date = dk_date_format_dutch (deadline);
  what = deadline_kind == DK_WGS_DEADLINE_FIRST_CONVERSATION ? _("first conversation") : _("decision");
  if (g_date_compare (deadline, today) < 0)
    /* Translators: "2026-K7QX3M · Registration · first conversation overdue since 20-11-2026" */
    return g_strdup_printf (_("%s · %s · %s overdue since %s"), number, phase_label, what, date);

  /* Translators: "2026-K7QX3M · Intake · decision by 20-01-2027" */
  return g_strdup_printf (_("%s · %s · %s by %s"), number, phase_label, what, date);
}

static void
fill_counsellors (DkDossierList *self)
{
  g_autoptr(GtkStringList) model = gtk_string_list_new (NULL);
  g_auto(GStrv) names = NULL;
  DkStore *store = self->session != NULL ? dk_session_get_store (self->session) : NULL;
  const char *selected = NULL;
  guint position = 0;
  guint current = gtk_drop_down_get_selected (self->counsellor_filter);

  if (store != NULL)
    names = dk_dossier_index_counsellors (store, NULL);
  if (g_strv_equal ((const char * const *) (names != NULL ? names : (GStrv) (const char *[]) { NULL }),
                    (const char * const *) (self->counsellors != NULL ? self->counsellors : (GStrv) (const char *[]) { NULL })))
    return;

  if (self->counsellors != NULL && current > 0 && current <= g_strv_length (self->counsellors))
    selected = self->counsellors[current - 1];

  gtk_string_list_append (model, _("Any counsellor"));
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      gtk_string_list_append (model, names[i]);
      if (g_strcmp0 (names[i], selected) == 0)
        position = i + 1;
    }

  g_strfreev (self->counsellors);
  self->counsellors = g_steal_pointer (&names);
  gtk_drop_down_set_model (self->counsellor_filter, G_LIST_MODEL (model));
  gtk_drop_down_set_selected (self->counsellor_filter, position);
}

static void
read_query (DkDossierList  *self,
            DkDossierQuery *query)
{
  guint phase = gtk_drop_down_get_selected (self->phase_filter);
  guint counsellor = gtk_drop_down_get_selected (self->counsellor_filter);

  dk_dossier_query_init (query);
  query->text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  query->phase = phase == 0 ? DK_PHASE_FILTER_OPEN : phase == 1 ? DK_PHASE_FILTER_ANY : (int) phase - 2;
  query->deadline = (DkDeadlineFilter) gtk_drop_down_get_selected (self->deadline_filter);
  if (counsellor > 0 && self->counsellors != NULL && counsellor <= g_strv_length (self->counsellors))
    query->counsellor = self->counsellors[counsellor - 1];
  query->sort = (DkDossierSort) gtk_drop_down_get_selected (self->sort_order);
  query->decision_weeks = g_settings_get_uint (dk_session_get_settings (self->session), "decision-weeks");
}

static DkDossierRow *
row_new (const DkDossierSummary *summary,
         const GDate            *today)
{
  DkDossierRow *row = g_object_new (DK_TYPE_DOSSIER_ROW, NULL);

  row->id = g_strdup (summary->id);
  row->title = g_strdup (summary->client_name != NULL ? summary->client_name : _("Client not entered yet"));
  row->subtitle = dk_dossier_list_row_subtitle (summary->number, dk_case_phase_label (summary->phase),
                                                summary->deadline_kind, &summary->deadline, today);
  row->overdue = summary->deadline_kind != DK_WGS_DEADLINE_NONE && g_date_compare (&summary->deadline, today) < 0;
  return row;
}

/* Reads every dossier once, with its deadline worked out, and makes its row. */
static gboolean
load_summaries (DkDossierList *self,
                DkStore       *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) summaries = NULL;
  DkDossierQuery query;

  read_query (self, &query);
  query.text = NULL;
  query.phase = DK_PHASE_FILTER_ANY;
  query.counsellor = NULL;
  query.deadline = DK_DEADLINE_FILTER_ANY;

  summaries = dk_dossier_index_query (store, &query, &error);
  if (summaries == NULL)
    {
      g_warning ("Could not list the dossiers: %s", error->message);
      return FALSE;
    }

  g_hash_table_remove_all (self->row_of_id);
  for (guint i = 0; i < summaries->len; i++)
    {
      DkDossierSummary *summary = summaries->pdata[i];

      g_hash_table_insert (self->row_of_id, summary->id, row_new (summary, &query.today));
    }
  g_clear_pointer (&self->summaries, g_ptr_array_unref);
  self->summaries = g_steal_pointer (&summaries);
  self->sorted_by = query.sort;
  return TRUE;
}

/* The rows for the search text and filters, picked from the summaries read at the last change of
 * the data (see dk_dossier_list_reload): a keystroke costs one full-text lookup, not a query that
 * reads and works out every dossier again. */
static void
refresh_rows (DkDossierList *self)
{
  g_autoptr(GHashTable) matching = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  DkStore *store;
  DkDossierQuery query;

  store = self->session != NULL ? dk_session_get_store (self->session) : NULL;
  if (store == NULL || self->summaries == NULL)
    {
      g_list_store_remove_all (self->rows);
      return;
    }

  read_query (self, &query);
  if (!dk_dossier_index_match_ids (store, query.text, &matching, &error))
    {
      g_warning ("Could not search the dossiers: %s", error->message);
      return;
    }
  if ((int) query.sort != self->sorted_by)
    {
      dk_dossier_summaries_sort (self->summaries, query.sort);
      self->sorted_by = query.sort;
    }

  for (guint i = 0; i < self->summaries->len; i++)
    {
      DkDossierSummary *summary = self->summaries->pdata[i];

      if ((matching == NULL || g_hash_table_contains (matching, summary->id)) &&
          dk_dossier_query_matches (&query, summary))
        g_ptr_array_add (items, g_hash_table_lookup (self->row_of_id, summary->id));
    }

  g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)), items->pdata, items->len);

  if (items->len > 0)
    gtk_stack_set_visible_child_name (self->stack, "list");
  else
    {
      gboolean searching = query.text != NULL && query.text[0] != '\0';

      adw_status_page_set_title (self->empty_page, searching ? _("No dossiers found") : _("No dossiers yet"));
      adw_status_page_set_description (self->empty_page,
                                       searching ? _("Try fewer or other words, or change the filters.")
                                                 : _("Make a new dossier with the + button, or synchronise to get "
                                                     "the dossiers assigned to you."));
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
}

/* After the data changed: read every dossier and the counsellors to filter on again. A keystroke in
 * the search field only refreshes the rows, so typing stays quick in a large caseload. */
void
dk_dossier_list_reload (DkDossierList *self)
{
  DkStore *store;

  g_return_if_fail (DK_IS_DOSSIER_LIST (self));

  store = self->session != NULL ? dk_session_get_store (self->session) : NULL;
  if (store == NULL)
    {
      g_clear_pointer (&self->summaries, g_ptr_array_unref);
      g_hash_table_remove_all (self->row_of_id);
    }
  else
    {
      fill_counsellors (self);
      load_summaries (self, store);
    }
  refresh_rows (self);
}

guint
dk_dossier_list_get_n_items (DkDossierList *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->rows));
}

void
dk_dossier_list_focus_search (DkDossierList *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
dk_dossier_list_set_session (DkDossierList *self,
                             DkSession     *session)
{
  g_set_object (&self->session, session);
  dk_dossier_list_reload (self);
}

static void
activate_position (DkDossierList *self,
                   guint          position)
{
  g_autoptr(DkDossierRow) row = g_list_model_get_item (G_LIST_MODEL (self->rows), position);

  if (row != NULL)
    g_signal_emit (self, signals[DOSSIER_ACTIVATED], 0, row->id);
}

static void
on_activate (GtkListView   *view,
             guint          position,
             DkDossierList *self)
{
  activate_position (self, position);
}

/* Enter in the search field opens the first dossier found: find and open without the mouse. */
static void
on_search_activate (GtkSearchEntry *entry,
                    DkDossierList  *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  activate_position (self, selected != GTK_INVALID_LIST_POSITION ? selected : 0);
}

static void
on_filter_changed (DkDossierList *self)
{
  refresh_rows (self);
}

/* The row: two labels, the second dimmed; an overdue deadline in the error colour. */
static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_list_item_set_child (item, box);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          gpointer                  user_data)
{
  DkDossierRow *row = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  g_autofree char *label = g_strdup_printf ("%s, %s", row->title, row->subtitle);

  gtk_label_set_text (GTK_LABEL (title), row->title);
  gtk_label_set_text (GTK_LABEL (subtitle), row->subtitle);
  if (row->overdue)
    gtk_widget_add_css_class (subtitle, "error");
  else
    gtk_widget_remove_css_class (subtitle, "error");
  gtk_widget_set_opacity (subtitle, row->overdue ? 1.0 : 0.7);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
}

static GtkWidget *
filter_drop_down (const char * const *items,
                  const char         *accessible_label)
{
  GtkWidget *drop_down = gtk_drop_down_new_from_strings (items);

  gtk_widget_set_tooltip_text (drop_down, accessible_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label, -1);
  gtk_widget_set_hexpand (drop_down, TRUE);
  return drop_down;
}

static void
dk_dossier_list_dispose (GObject *object)
{
  DkDossierList *self = DK_DOSSIER_LIST (object);

  g_clear_object (&self->session);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->counsellors, g_strfreev);
  /* The rows first: their keys are the summaries' ids. */
  g_clear_pointer (&self->row_of_id, g_hash_table_unref);
  g_clear_pointer (&self->summaries, g_ptr_array_unref);
  G_OBJECT_CLASS (dk_dossier_list_parent_class)->dispose (object);
}

static void
dk_dossier_list_class_init (DkDossierListClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = dk_dossier_list_dispose;

  signals[DOSSIER_ACTIVATED] = g_signal_new ("dossier-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                             0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
dk_dossier_list_init (DkDossierList *self)
{
  const char *phases[DK_CASE_PHASE_COUNT + 3] = { _("Open dossiers"), _("All phases") };
  const char * const deadlines[] = { _("Any deadline"), _("Deadline passed"), _("Deadline within a week"), NULL };
  const char * const sorts[] = { _("Soonest deadline"), _("Dossier number"), _("Name"), _("Newest"), NULL };
  const char * const no_names[] = { _("Any counsellor"), NULL };
  GtkWidget *filters = gtk_grid_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  self->row_of_id = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  for (guint i = 0; i < DK_CASE_PHASE_COUNT; i++)
    phases[i + 2] = dk_case_phase_label ((DkCasePhase) i);

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);

  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search_entry, "placeholder-text", _("Name, BSN, address or number"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Search dossiers"), -1);
  gtk_widget_set_margin_start (GTK_WIDGET (self->search_entry), 6);
  gtk_widget_set_margin_end (GTK_WIDGET (self->search_entry), 6);
  gtk_widget_set_margin_top (GTK_WIDGET (self->search_entry), 6);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->search_entry));

  self->phase_filter = GTK_DROP_DOWN (filter_drop_down (phases, _("Phase")));
  self->deadline_filter = GTK_DROP_DOWN (filter_drop_down (deadlines, _("Deadline")));
  self->counsellor_filter = GTK_DROP_DOWN (filter_drop_down (no_names, _("Counsellor")));
  self->sort_order = GTK_DROP_DOWN (filter_drop_down (sorts, _("Sort by")));
  gtk_grid_set_row_spacing (GTK_GRID (filters), 6);
  gtk_grid_set_column_spacing (GTK_GRID (filters), 6);
  g_object_set (filters, "margin-start", 6, "margin-end", 6, "margin-top", 6, "margin-bottom", 6, NULL);
  gtk_grid_attach (GTK_GRID (filters), GTK_WIDGET (self->phase_filter), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (filters), GTK_WIDGET (self->deadline_filter), 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (filters), GTK_WIDGET (self->counsellor_filter), 0, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (filters), GTK_WIDGET (self->sort_order), 1, 1, 1, 1);
  gtk_box_append (GTK_BOX (self), filters);

  self->rows = g_list_store_new (DK_TYPE_DOSSIER_ROW);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->rows)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (self->selection), factory));
  gtk_list_view_set_single_click_activate (self->list_view, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Dossiers"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list_view));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);

  self->empty_page = ADW_STATUS_PAGE (adw_status_page_new ());
  adw_status_page_set_icon_name (self->empty_page, "system-search-symbolic");
  gtk_widget_add_css_class (GTK_WIDGET (self->empty_page), "compact");

  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  gtk_stack_add_named (self->stack, scrolled, "list");
  gtk_stack_add_named (self->stack, GTK_WIDGET (self->empty_page), "empty");
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->stack));

  g_signal_connect (self->list_view, "activate", G_CALLBACK (on_activate), self);
  g_signal_connect (self->search_entry, "activate", G_CALLBACK (on_search_activate), self);
  g_signal_connect_swapped (self->search_entry, "search-changed", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->phase_filter, "notify::selected", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->deadline_filter, "notify::selected", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->counsellor_filter, "notify::selected", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->sort_order, "notify::selected", G_CALLBACK (on_filter_changed), self);
}

GtkWidget *
dk_dossier_list_new (void)
{
  return g_object_new (DK_TYPE_DOSSIER_LIST, NULL);
}
