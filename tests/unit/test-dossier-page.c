/* The dossier page: the labels and masking it shows, how a calculation's breakdown and the stored
 * history become rows and a chart, and (with a display) the page and its editors on a real replica:
 * what it shows, that an edit is written whole or not at all, and that an edit recalculates. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "dk-calculation-repo.h"
#include "dk-calculation-view.h"
#include "dk-case-repo.h"
#include "dk-date.h"
#include "dk-dossier-calculation.h"
#include "dk-dossier-page.h"
#include "dk-dossier-repo.h"
#include "dk-edit-dialog.h"
#include "dk-event-dialog.h"
#include "dk-form.h"
#include "dk-history-chart.h"
#include "dk-income-dialog.h"
#include "dk-labels.h"
#include "dk-money.h"
#include "dk-note-dialog.h"
#include "dk-replica.h"
#include "dk-test-util.h"
#include "dk-uuid.h"

static gboolean have_display;

/* ---- labels ---- */

static void
assert_label (const char *label)
{
  g_assert_nonnull (label);
  g_assert_cmpuint (strlen (label), >, 0);
}

static void
test_labels_complete (void)
{
  for (int i = DK_PERSON_ROLE_CLIENT; i <= DK_PERSON_ROLE_OTHER; i++)
    assert_label (dk_person_role_label ((DkPersonRole) i));
  for (int i = DK_INCOME_SOURCE_EMPLOYMENT; i <= DK_INCOME_SOURCE_OTHER; i++)
    assert_label (dk_income_source_label ((DkIncomeSource) i));
  for (int i = DK_INCOME_PERIOD_MONTH; i <= DK_INCOME_PERIOD_YEAR; i++)
    {
      assert_label (dk_income_period_label ((DkIncomePeriod) i));
      assert_label (dk_income_period_after_amount ((DkIncomePeriod) i));
    }
  for (int i = DK_FIXED_COST_RENT; i <= DK_FIXED_COST_OTHER; i++)
    assert_label (dk_fixed_cost_kind_label ((DkFixedCostKind) i));
  for (int i = DK_DEBT_TYPE_HEALTH_CARE; i <= DK_DEBT_TYPE_OTHER; i++)
    assert_label (dk_debt_type_label ((DkDebtType) i));
  for (int i = DK_DEBT_STATUS_REGISTERED; i <= DK_DEBT_STATUS_TRANSFERRED; i++)
    assert_label (dk_debt_status_label ((DkDebtStatus) i));
  for (int i = DK_CONTRACTING_PARTY_CLIENT; i <= DK_CONTRACTING_PARTY_JOINT; i++)
    {
      assert_label (dk_contracting_party_label ((DkContractingParty) i));
      assert_label (dk_contracting_party_group_title ((DkContractingParty) i));
    }
  for (int i = DK_MARITAL_REGIME_FULL_COMMUNITY; i <= DK_MARITAL_REGIME_PRENUPTIAL; i++)
    assert_label (dk_marital_regime_label ((DkMaritalRegime) i));
  for (int i = DK_UNION_MARRIAGE; i <= DK_UNION_REGISTERED_PARTNERSHIP; i++)
    assert_label (dk_union_kind_label ((DkUnionKind) i));
  for (int i = DK_HOUSEHOLD_EVENT_SPLIT; i <= DK_HOUSEHOLD_EVENT_DEATH; i++)
    assert_label (dk_household_event_kind_label ((DkHouseholdEventKind) i));
  for (int i = DK_NOTE_NOTE; i < DK_NOTE_KIND_COUNT; i++)
    g_assert_true (g_str_has_suffix (dk_note_kind_icon_name ((DkNoteKind) i), "-symbolic"));

  g_assert_cmpstr (dk_income_period_label (DK_INCOME_PERIOD_FOUR_WEEKS), ==, "Per four weeks");
  g_assert_cmpstr (dk_income_period_after_amount (DK_INCOME_PERIOD_FOUR_WEEKS), ==, "per four weeks");
  g_assert_cmpstr (dk_contracting_party_group_title (DK_CONTRACTING_PARTY_JOINT), ==, "Joint Debts");
  g_assert_cmpstr (dk_debt_status_label (DK_DEBT_STATUS_WRITTEN_OFF), ==, "Written off");
}

static void
test_bsn_mask (void)
{
  g_autofree char *full = dk_bsn_mask ("999990019");
  g_autofree char *dotted = dk_bsn_mask ("9999.90.019");
  g_autofree char *short_one = dk_bsn_mask ("019");
  g_autofree char *shorter = dk_bsn_mask ("19");

  g_assert_cmpstr (full, ==, "••••••019");
  /* Only digits count and show: the separators would tell how long the number is. */
  g_assert_cmpstr (dotted, ==, "••••••019");
  g_assert_cmpstr (short_one, ==, "019");
  g_assert_cmpstr (shorter, ==, "19");
  g_assert_null (dk_bsn_mask (NULL));
  g_assert_null (dk_bsn_mask (""));
  /* Nothing of the hidden digits leaks. */
  g_assert_null (strstr (full, "99999"));
}

static void
test_person_name (void)
{
  GDate born = dk_date_ymd (1998, 3, 14);
  g_autoptr(DkPerson) with_prefix = dk_person_new (DK_PERSON_ROLE_CLIENT, "Sanne", "van", "Dijk", &born);
  g_autoptr(DkPerson) spaced = dk_person_new (DK_PERSON_ROLE_PARTNER, "  Jeroen ", "", " Bakker", NULL);
  g_autoptr(DkPerson) nameless = dk_person_new (DK_PERSON_ROLE_CHILD, "", NULL, "", &born);
  g_autofree char *a = dk_person_display_name (with_prefix);
  g_autofree char *b = dk_person_display_name (spaced);
  g_autofree char *c = dk_person_display_name (nameless);

  g_assert_cmpstr (a, ==, "Sanne van Dijk");
  g_assert_cmpstr (b, ==, "Jeroen Bakker");
  g_assert_cmpstr (c, ==, "Unnamed person");
}

static void
test_event_describe (void)
{
  g_autoptr(DkHouseholdTimeline) timeline = dk_household_timeline_new ();
  g_autoptr(GError) error = NULL;
  GDate born = dk_date_ymd (1998, 3, 14);
  GDate child_born = dk_date_ymd (2026, 2, 20);
  GDate wed = dk_date_ymd (2026, 6, 1);
  g_autoptr(DkPerson) client = dk_person_new (DK_PERSON_ROLE_CLIENT, "Sanne", "van", "Dijk", &born);
  g_autoptr(DkPerson) partner = dk_person_new (DK_PERSON_ROLE_PARTNER, "Jeroen", NULL, "Bakker", NULL);
  g_autoptr(DkPerson) child = dk_person_new (DK_PERSON_ROLE_CHILD, "Noa", "van", "Dijk", &child_born);
  g_autoptr(DkHouseholdEvent) birth = NULL;
  g_autoptr(DkHouseholdEvent) marriage = NULL;
  g_autoptr(DkHouseholdEvent) leaves = NULL;
  g_autoptr(DkHouseholdEvent) stranger = NULL;
  g_autofree char *birth_text = NULL;
  g_autofree char *marriage_text = NULL;
  g_autofree char *leaves_text = NULL;
  g_autofree char *stranger_text = NULL;

  client->id = g_strdup ("c");
  partner->id = g_strdup ("p");
  child->id = g_strdup ("k");
  g_assert_true (dk_household_timeline_add_person (timeline, client, &error));
  g_assert_true (dk_household_timeline_add_person (timeline, partner, &error));
  g_assert_true (dk_household_timeline_add_person (timeline, child, &error));
  g_assert_no_error (error);

  birth = dk_household_event_new_birth (&child_born, "k", "c");
  marriage = dk_household_event_new_marriage (&wed, "p", DK_UNION_MARRIAGE, DK_MARITAL_REGIME_LIMITED_COMMUNITY);
  leaves = dk_household_event_new (DK_HOUSEHOLD_EVENT_MOVE_OUT, &wed, "p");
  stranger = dk_household_event_new (DK_HOUSEHOLD_EVENT_DEATH, &wed, "nobody");

  birth_text = dk_household_event_describe_full (birth, timeline);
  marriage_text = dk_household_event_describe_full (marriage, timeline);
  leaves_text = dk_household_event_describe_full (leaves, timeline);
  stranger_text = dk_household_event_describe_full (stranger, timeline);

  g_assert_cmpstr (birth_text, ==, "Birth of Noa van Dijk (parent: Sanne van Dijk)");
  g_assert_cmpstr (marriage_text, ==, "Marriage with Jeroen Bakker · Limited community of property");
  g_assert_cmpstr (leaves_text, ==, "Jeroen Bakker moves out");
  g_assert_cmpstr (stranger_text, ==, "Death of someone");
}

static void
test_classification_labels (void)
{
  DkMaritalClassification community = { .in_community = TRUE, .share_client_ppm = 500000, .share_partner_ppm = 500000 };
  DkMaritalClassification dissolved = { .in_community = TRUE, .community_dissolved = TRUE,
                                        .share_client_ppm = 500000, .share_partner_ppm = 500000 };
  DkMaritalClassification own = { .share_client_ppm = 1000000 };
  DkMaritalClassification partners = { .share_partner_ppm = 1000000 };
  g_autofree char *halves = dk_debt_shares_text (&community);
  g_autofree char *all_client = dk_debt_shares_text (&own);
  g_autofree char *all_partner = dk_debt_shares_text (&partners);

  g_assert_cmpstr (dk_debt_classification_label (&community, DK_CONTRACTING_PARTY_CLIENT), ==, "Community debt");
  g_assert_cmpstr (dk_debt_classification_label (&dissolved, DK_CONTRACTING_PARTY_JOINT), ==,
                   "Community debt (community dissolved)");
  g_assert_cmpstr (dk_debt_classification_label (&own, DK_CONTRACTING_PARTY_CLIENT), ==, "Own debt of the client");
  g_assert_cmpstr (dk_debt_classification_label (&partners, DK_CONTRACTING_PARTY_PARTNER), ==, "Own debt of the partner");
  g_assert_cmpstr (dk_debt_classification_label (&community, DK_CONTRACTING_PARTY_JOINT), ==, "Community debt");
  g_assert_cmpstr (dk_debt_classification_label (&own, DK_CONTRACTING_PARTY_JOINT), ==, "Joint debt");
  g_assert_cmpstr (halves, ==, "Client bears 50%, partner 50%");
  g_assert_cmpstr (all_client, ==, "Client bears 100%");
  g_assert_cmpstr (all_partner, ==, "Partner bears 100%");
}

/* ---- breakdown rows ---- */

static void
test_lines_from_tree (void)
{
  g_autoptr(DkBreakdown) root = dk_breakdown_new (DK_BREAKDOWN_MONEY, "calculation", "Capacity", 7097, NULL);
  g_autoptr(GPtrArray) lines = NULL;
  g_autofree char *context = NULL;
  DkBreakdown *capacity;
  DkBreakdown *vtlb;
  const DkCalculationLine *line;

  dk_breakdown_add (root, DK_BREAKDOWN_TEXT, "calculation.date", "23-11-2026", 0, "calculation date");
  dk_breakdown_add (root, DK_BREAKDOWN_TEXT, "calculation.norms", "Norm table in force from 2026-07-01", 0, NULL);
  capacity = dk_breakdown_add (root, DK_BREAKDOWN_MONEY, "capacity", "Repayment capacity", 7097, "NVVK");
  dk_breakdown_add (capacity, DK_BREAKDOWN_MONEY, "capacity.income", "Net income", 141946, "input");
  vtlb = dk_breakdown_add (capacity, DK_BREAKDOWN_MONEY, "vtlb", "VTLB", 134849, "Recofa");
  dk_breakdown_set_note (vtlb, "A note & <more>");
  dk_breakdown_add (vtlb, DK_BREAKDOWN_RATE, "vtlb.rate", "Share", 950000, NULL);
  dk_breakdown_add (root, DK_BREAKDOWN_COUNT, "proposal.term", "Term in months", 18, "NVVK");

  lines = dk_calculation_lines_from_breakdown (root);
  g_assert_cmpuint (lines->len, ==, 7);

  line = lines->pdata[0];
  g_assert_cmpstr (line->id, ==, "calculation.date");
  g_assert_cmpuint (line->depth, ==, 0);
  g_assert_null (line->amount);
  g_assert_cmpstr (line->explanation, ==, "calculation date");

  line = lines->pdata[2];
  g_assert_cmpstr (line->id, ==, "capacity");
  g_assert_cmpuint (line->n_children, ==, 2);
  g_assert_cmpstr (line->amount, ==, "€ 70,97");

  line = lines->pdata[4];
  g_assert_cmpstr (line->id, ==, "vtlb");
  g_assert_cmpuint (line->depth, ==, 1);
  /* The rule, then the note on its own line; shown as text, so the characters stay as they are. */
  g_assert_cmpstr (line->explanation, ==, "Recofa\nA note & <more>");

  line = lines->pdata[5];
  g_assert_cmpstr (line->id, ==, "vtlb.rate");
  g_assert_cmpuint (line->depth, ==, 2);
  g_assert_cmpstr (line->amount, ==, "95%");
  g_assert_null (line->explanation);

  line = lines->pdata[6];
  g_assert_cmpuint (line->depth, ==, 0);
  g_assert_cmpstr (line->amount, ==, "18");

  context = dk_calculation_describe_context (root);
  g_assert_cmpstr (context, ==, "23-11-2026 (calculation date) · Norm table in force from 2026-07-01");
}

/* A real calculation (the README's household): every line comes through, in tree order, and every
 * amount shown reads back as the cents calculated. */
static void
test_lines_from_calculation (void)
{
  static const char input_json[] =
    "{ \"calculation_date\": \"2026-11-23\", \"situation\": \"single_parent\","
    "  \"persons\": [ { \"id\": \"sanne\", \"role\": \"client\" } ],"
    "  \"incomes\": [ { \"person\": \"sanne\", \"kind\": \"benefit\", \"net_monthly_cents\": 141946 } ],"
    "  \"costs\": [ { \"person\": \"sanne\", \"kind\": \"rent\", \"monthly_cents\": 72500 } ],"
    "  \"bvv\": { \"benefit_payer\": true },"
    "  \"debts\": [ { \"creditor\": \"Woningcorporatie\", \"amount_cents\": 185000 },"
    "               { \"creditor\": \"Belastingdienst\", \"amount_cents\": 64000, \"preferential\": true } ] }";
  g_autoptr(GError) error = NULL;
  g_autoptr(DkNormSet) norms = dk_norm_set_get_default (&error);
  g_autoptr(DkCalculationInput) input = NULL;
  g_auto(DkCalculationResult) result = { 0 };
  g_autoptr(GPtrArray) lines = NULL;
  gboolean seen_capacity = FALSE;
  gboolean seen_creditor = FALSE;

  g_assert_no_error (error);
  input = dk_calculation_input_from_data (input_json, -1, &error);
  g_assert_no_error (error);
  g_assert_true (dk_calculation_run (norms, input, &result, &error));
  g_assert_no_error (error);

  lines = dk_calculation_lines_from_breakdown (result.breakdown);
  g_assert_cmpuint (lines->len, >, 10);
  for (guint i = 0; i < lines->len; i++)
    {
      const DkCalculationLine *line = lines->pdata[i];
      const DkCalculationLine *previous = i > 0 ? lines->pdata[i - 1] : NULL;
      DkBreakdown *node = dk_breakdown_find (result.breakdown, line->id);

      /* Depth first: a line is at most one level deeper than the one before it. */
      if (previous != NULL)
        g_assert_cmpuint (line->depth, <=, previous->depth + 1);
      else
        g_assert_cmpuint (line->depth, ==, 0);
      g_assert_nonnull (line->label);

      if (node != NULL && line->kind == DK_BREAKDOWN_MONEY)
        {
          gint64 cents = -1;

          g_assert_true (dk_money_parse (line->amount, &cents, NULL));
          g_assert_cmpint (cents, ==, dk_breakdown_get_value (node));
        }
      if (g_strcmp0 (line->id, "capacity") == 0)
        {
          seen_capacity = TRUE;
          g_assert_cmpstr (line->amount, ==, "€ 70,97");
          g_assert_nonnull (line->explanation);
        }
      if (g_strcmp0 (line->label, "Belastingdienst") == 0)
        seen_creditor = TRUE;
    }
  g_assert_true (seen_capacity);
  g_assert_true (seen_creditor);
}

/* ---- history ---- */

static DkCalculationRecord *
record (int         year,
        int         month,
        int         day,
        const char *result_json)
{
  DkCalculationRecord *r = g_new0 (DkCalculationRecord, 1);

  r->calc_date = dk_date_ymd (year, month, day);
  r->result_json = g_strdup (result_json);
  return r;
}

static void
test_history_series (void)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_calculation_record_free);
  g_autoptr(GArray) capacity = g_array_new (FALSE, FALSE, sizeof (DkHistoryPoint));
  g_autoptr(GArray) vtlb = g_array_new (FALSE, FALSE, sizeof (DkHistoryPoint));
  DkHistoryPoint *p;

  /* Saved out of date order: a recalculation for an earlier date made later. */
  g_ptr_array_add (records, record (2026, 6, 15, "{\"capacity_cents\": 300, \"vtlb_cents\": 1000}"));
  g_ptr_array_add (records, record (2026, 1, 15, "{\"capacity_cents\": 100, \"vtlb_cents\": 900}"));
  g_ptr_array_add (records, record (2026, 3, 1, "not json"));
  g_ptr_array_add (records, record (2026, 3, 1, "{\"capacity_cents\": \"many\", \"vtlb_cents\": 900}"));
  g_ptr_array_add (records, record (2026, 3, 1, "{\"capacity_cents\": -5, \"vtlb_cents\": 900}"));
  g_ptr_array_add (records, record (2026, 6, 15, "{\"capacity_cents\": 400, \"vtlb_cents\": 1100}"));
  g_ptr_array_add (records, record (2026, 6, 15, "{\"capacity_cents\": 500, \"vtlb_cents\": 1200}"));

  g_assert_cmpuint (dk_calculation_history_series (records, capacity, vtlb), ==, 3);
  g_assert_cmpuint (capacity->len, ==, 4);
  g_assert_cmpuint (vtlb->len, ==, 4);

  p = &g_array_index (capacity, DkHistoryPoint, 0);
  g_assert_cmpint (g_date_get_month (&p->date), ==, 1);
  g_assert_cmpint (p->cents, ==, 100);
  /* The three of 15 June in the order they were saved: the chart takes the last as the newest. */
  g_assert_cmpint (g_array_index (capacity, DkHistoryPoint, 1).cents, ==, 300);
  g_assert_cmpint (g_array_index (capacity, DkHistoryPoint, 2).cents, ==, 400);
  g_assert_cmpint (g_array_index (capacity, DkHistoryPoint, 3).cents, ==, 500);
  g_assert_cmpint (g_array_index (vtlb, DkHistoryPoint, 3).cents, ==, 1200);

  g_array_set_size (capacity, 0);
  g_array_set_size (vtlb, 0);
  g_assert_cmpuint (dk_calculation_history_series (NULL, capacity, vtlb), ==, 0);
  g_assert_cmpuint (capacity->len, ==, 0);
}

/* ---- with a display: the page and its editors on a replica ---- */

typedef struct
{
  char      *dir;
  DkReplica *replica;
  DkStore   *store;
  char      *dossier_id;
  char      *client_id;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_person_free);
  g_autofree char *path = NULL;
  g_autofree char *user_id = dk_uuid_new ();
  g_autofree char *device_id = dk_uuid_new ();
  g_autoptr(DkIncome) benefit = NULL;
  GDate born = dk_date_ymd (1998, 3, 14);
  GDate opened = dk_date_ymd (2026, 1, 5);
  DkPerson *client = dk_person_new (DK_PERSON_ROLE_CLIENT, "Sanne", "van", "Dijk", &born);

  f->dir = dk_test_make_tmpdir ();
  path = g_build_filename (f->dir, "replica.sqlite", NULL);
  f->replica = dk_replica_open (path, &error);
  g_assert_no_error (error);
  dk_replica_bind_account (f->replica, user_id, device_id, &error);
  g_assert_no_error (error);
  f->store = dk_replica_get_store (f->replica);

  client->bsn = g_strdup ("111222333");
  g_ptr_array_add (persons, client);
  dk_dossier_repo_create (f->store, "2026-TEST01", &opened, persons, NULL, &f->dossier_id, &error);
  g_assert_no_error (error);
  f->client_id = g_strdup (client->id);

  benefit = dk_income_new (f->client_id, DK_INCOME_SOURCE_BENEFIT, 140150, DK_INCOME_PERIOD_MONTH, &opened);
  benefit->has_gross = TRUE;
  benefit->gross_cents = 160000;
  dk_dossier_repo_add_income (f->store, f->dossier_id, benefit, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->replica);
  dk_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->dossier_id);
  g_free (f->client_id);
}

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gint64
count (DkStore    *store,
       const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, &error);
  gboolean has_row = FALSE;
  gint64 n;

  g_assert_no_error (error);
  dk_store_step_row (store, stmt, &has_row, &error);
  g_assert_no_error (error);
  g_assert_true (has_row);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* The first row (in tree order) whose title is @title. */
static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) && gtk_widget_get_visible (widget)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether a visible label or row subtitle in @widget contains @text. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static void
set_text (GtkWidget  *root,
          const char *title,
          const char *text)
{
  GtkWidget *row = find_row (root, title);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* Whether a calculation can be made today, as the page makes it. */
static gboolean
calculation_possible (Fixture *f)
{
  g_autoptr(DkNormSet) norms = dk_norm_set_get_default (NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(DkCalculationInput) input = NULL;
  g_auto(DkCalculationResult) result = { 0 };
  GDate today;

  dk_form_today (&today);
  return norms != NULL
         && (node = dk_dossier_calculation_input (f->store, f->dossier_id, &today, NULL)) != NULL
         && (input = dk_calculation_input_from_json (node, NULL)) != NULL
         && dk_calculation_run (norms, input, &result, NULL);
}

static GtkWidget *
new_page (Fixture    *f,
          GtkWidget **out_window)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = dk_dossier_page_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 600);
  gtk_window_set_child (GTK_WINDOW (window), page);
  dk_dossier_page_set_store (DK_DOSSIER_PAGE (page), f->store, "Anna de Vries");
  gtk_window_present (GTK_WINDOW (window));
  *out_window = window;
  return page;
}

static void
test_page_shows (Fixture       *f,
                 gconstpointer  data)
{
  GtkWidget *window;
  GtkWidget *page;
  GtkStack *stack;
  g_autofree char *title = NULL;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  page = new_page (f, &window);
  stack = GTK_STACK (gtk_widget_get_first_child (page));

  /* Nothing chosen: nothing shown. */
  dk_dossier_page_show_dossier (DK_DOSSIER_PAGE (page), NULL);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");
  g_assert_null (dk_dossier_page_get_dossier_id (DK_DOSSIER_PAGE (page)));

  dk_dossier_page_show_dossier (DK_DOSSIER_PAGE (page), f->dossier_id);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "dossier");
  g_assert_cmpstr (dk_dossier_page_get_dossier_id (DK_DOSSIER_PAGE (page)), ==, f->dossier_id);
  g_object_get (page, "title", &title, NULL);
  g_assert_cmpstr (title, ==, "Sanne van Dijk");
  g_assert_true (shows_text (page, "2026-TEST01"));

  /* The BSN is masked until it is asked for, and masked again for the next dossier. */
  g_assert_false (shows_text (page, "111222333"));
  g_assert_true (shows_text (page, "BSN ••••••333"));
  gtk_widget_activate_action (page, "page.toggle-bsn", "s", f->client_id);
  g_assert_true (shows_text (page, "BSN 111222333"));
  gtk_widget_activate_action (page, "page.toggle-bsn", "s", f->client_id);
  g_assert_false (shows_text (page, "111222333"));

  /* The overview shows figures, or says why there are none; never both, never nothing. */
  if (calculation_possible (f))
    {
      g_assert_nonnull (find_row (page, "Garnishment-free amount (BVV)"));
      g_assert_false (shows_text (page, "No calculation for today: "));
    }
  else
    {
      g_assert_null (find_row (page, "Garnishment-free amount (BVV)"));
      g_assert_true (shows_text (page, "No calculation for today: "));
    }

  /* Gone after a reassignment: the status page with its reason. */
  dk_dossier_page_show_dossier (DK_DOSSIER_PAGE (page), "0190f1c2-7a3b-7c4d-8e5f-0123456789ab");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "gone");
  g_assert_true (shows_text (page, "This dossier is no longer on this device"));
  g_assert_true (shows_text (page, "assigned to someone else"));

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

static void
on_edited (guint *edited)
{
  (*edited)++;
}

/* An edit through the page: written, the calculation for today stored, the page reloaded. */
static void
test_page_add_income_recalculates (Fixture       *f,
                                   gconstpointer  data)
{
  GtkWidget *window;
  GtkWidget *page;
  GtkWidget *dialog;
  gint64 incomes_before = count (f->store, "SELECT count(*) FROM income");
  gint64 calculations_before = count (f->store, "SELECT count(*) FROM calculation");
  guint edited = 0;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  page = new_page (f, &window);
  dk_dossier_page_show_dossier (DK_DOSSIER_PAGE (page), f->dossier_id);
  g_signal_connect_swapped (page, "edited", G_CALLBACK (on_edited), &edited);

  gtk_widget_activate_action (page, "page.add-income", NULL);
  dialog = find_toplevel (DK_TYPE_INCOME_DIALOG);
  g_assert_nonnull (dialog);
  g_object_ref (dialog);

  /* Without an amount nothing is written, and the field says why. */
  g_assert_false (dk_edit_dialog_save (DK_EDIT_DIALOG (dialog)));
  g_assert_true (shows_text (dialog, "Net amount is required."));
  g_assert_true (gtk_widget_has_css_class (find_row (dialog, "Net amount"), "error"));
  g_assert_cmpint (count (f->store, "SELECT count(*) FROM income"), ==, incomes_before);
  g_assert_cmpuint (edited, ==, 0);

  set_text (dialog, "Net amount", "250,00");
  set_text (dialog, "Gross amount (optional)", "300,00");
  g_assert_true (dk_edit_dialog_save (DK_EDIT_DIALOG (dialog)));
  g_object_unref (dialog);
  spin ();

  g_assert_cmpint (count (f->store, "SELECT count(*) FROM income"), ==, incomes_before + 1);
  g_assert_cmpuint (edited, ==, 1);
  if (calculation_possible (f))
    {
      g_assert_cmpint (count (f->store, "SELECT count(*) FROM calculation"), ==, calculations_before + 1);
      /* 1.401,50 + 250,00: the overview shows the new figure. */
      g_assert_true (shows_text (page, "€ 1.651,50"));
    }
  g_assert_true (shows_text (page, "€ 250,00 net per month"));

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

/* A household event the history does not allow: its message in the dialog, nothing written. */
static void
test_event_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DkHouseholdTimeline) timeline = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  GtkWidget *kind_row;
  gint64 events_before = count (f->store, "SELECT count(*) FROM household_event");
  gboolean saved = FALSE;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  timeline = dk_dossier_repo_load_timeline (f->store, f->dossier_id, &error);
  g_assert_no_error (error);
  dialog = dk_event_dialog_new (NULL, f->store, f->dossier_id, timeline);
  g_object_ref_sink (dialog);
  gtk_window_present (GTK_WINDOW (dialog));

  /* A divorce of a client who never married. */
  kind_row = find_row (dialog, "What happens");
  for (guint i = 0; i < g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (kind_row))); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (adw_combo_row_get_model (ADW_COMBO_ROW (kind_row)), i);

      if (g_str_equal (gtk_string_object_get_string (item), "Divorce"))
        adw_combo_row_set_selected (ADW_COMBO_ROW (kind_row), i);
    }
  set_text (dialog, "Date", "01-06-2026");
  saved = dk_edit_dialog_save (DK_EDIT_DIALOG (dialog));

  g_assert_false (saved);
  g_assert_cmpint (count (f->store, "SELECT count(*) FROM household_event"), ==, events_before);
  /* The household's own message (DK_HOUSEHOLD_ERROR), shown in the dialog, which stays open. */
  g_assert_true (gtk_widget_get_visible (dialog));
  {
    /* The same event straight to the repository gives the message shown. */
    g_autoptr(DkHouseholdEvent) divorce = NULL;
    GDate date = dk_date_ymd (2026, 6, 1);

    divorce = dk_household_event_new (DK_HOUSEHOLD_EVENT_DIVORCE, &date, f->client_id);
    g_assert_false (dk_dossier_repo_add_household_event (f->store, f->dossier_id, divorce, NULL, &error));
    g_assert_error (error, DK_HOUSEHOLD_ERROR, DK_HOUSEHOLD_ERROR_WRONG_ROLE);
    g_assert_true (shows_text (dialog, error->message));
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
  spin ();
}

/* Notes: added with the signed-in person as author, edited, and removed after asking. */
static void
test_notes (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *note_id = NULL;
  GtkWidget *window;
  GtkWidget *page;
  GtkWidget *dialog;
  GtkWidget *confirm;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  page = new_page (f, &window);
  dk_dossier_page_show_dossier (DK_DOSSIER_PAGE (page), f->dossier_id);

  gtk_widget_activate_action (page, "page.add-note", NULL);
  dialog = find_toplevel (DK_TYPE_NOTE_DIALOG);
  g_assert_nonnull (dialog);
  g_object_ref (dialog);
  /* An empty text is refused. */
  g_assert_false (dk_edit_dialog_save (DK_EDIT_DIALOG (dialog)));
  g_assert_true (shows_text (dialog, "Text is required."));
  {
    GtkWidget *found = NULL;
    GtkWidget *stack[64];
    guint depth = 0;

    /* The one text view of the dialog. */
    stack[depth++] = dialog;
    while (depth > 0 && found == NULL)
      {
        GtkWidget *w = stack[--depth];

        if (GTK_IS_TEXT_VIEW (w))
          found = w;
        for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL && depth < G_N_ELEMENTS (stack); c = gtk_widget_get_next_sibling (c))
          stack[depth++] = c;
      }
    g_assert_nonnull (found);
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (found)), "  Called & reached <Sanne>.  ", -1);
  }
  g_assert_true (dk_edit_dialog_save (DK_EDIT_DIALOG (dialog)));
  g_object_unref (dialog);
  spin ();

  notes = dk_case_repo_load_notes (f->store, f->dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  note_id = g_strdup (((DkNote *) notes->pdata[0])->id);
  g_assert_cmpstr (((DkNote *) notes->pdata[0])->body, ==, "Called & reached <Sanne>.");
  g_assert_cmpstr (((DkNote *) notes->pdata[0])->author, ==, "Anna de Vries");
  g_assert_true (shows_text (page, "Called & reached <Sanne>."));

  /* Removing asks first; cancelling keeps the note. */
  gtk_widget_activate_action (page, "page.remove-note", "s", note_id);
  confirm = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (confirm);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "cancel");
  gtk_window_destroy (GTK_WINDOW (confirm));
  spin ();
  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = dk_case_repo_load_notes (f->store, f->dossier_id, &error);
  g_assert_cmpuint (notes->len, ==, 1);

  gtk_widget_activate_action (page, "page.remove-note", "s", note_id);
  confirm = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (confirm);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (confirm), "remove");
  gtk_window_destroy (GTK_WINDOW (confirm));
  spin ();
  g_clear_pointer (&notes, g_ptr_array_unref);
  notes = dk_case_repo_load_notes (f->store, f->dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 0);
  g_assert_true (shows_text (page, "No notes yet"));

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

/* Debts and their statuses, ending an income, and the case: each through the page, each checked. */
static void
test_debts_end_and_case (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) debts = NULL;
  g_autoptr(GPtrArray) incomes = NULL;
  g_autoptr(DkCase) c = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  GtkWidget *page;
  GtkWidget *dialog;
  const DkDebt *debt;
  const DkIncome *income;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  page = new_page (f, &window);
  dk_dossier_page_show_dossier (DK_DOSSIER_PAGE (page), f->dossier_id);

  gtk_widget_activate_action (page, "page.add-debt", NULL);
  dialog = g_object_ref (find_toplevel (DK_TYPE_EDIT_DIALOG));
  set_text (dialog, "Creditor", "Energie & Co");
  set_text (dialog, "Amount of the claim", "850,00");
  g_assert_true (dk_edit_dialog_save (DK_EDIT_DIALOG (dialog)));
  g_object_unref (dialog);
  spin ();

  debts = dk_dossier_repo_load_debts (f->store, f->dossier_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (debts->len, ==, 1);
  debt = debts->pdata[0];
  g_assert_cmpstr (debt->creditor_name, ==, "Energie & Co");
  g_assert_cmpint (debt->original_cents, ==, 85000);
  g_assert_cmpint (debt->current_cents, ==, 85000);
  g_assert_cmpint (debt->contracting_party, ==, DK_CONTRACTING_PARTY_CLIENT);
  g_assert_cmpint (dk_debt_get_current_status (debt)->status, ==, DK_DEBT_STATUS_REGISTERED);
  /* Grouped with the client's debts, classified: no partner, so the client's own debt. */
  g_assert_true (shows_text (page, "Own debt of the client"));

  /* The next status offered is the usual next step: confirmed. */
  gtk_widget_activate_action (page, "page.add-debt-status", "s", debt->id);
  dialog = g_object_ref (find_toplevel (DK_TYPE_EDIT_DIALOG));
  g_assert_true (dk_edit_dialog_save (DK_EDIT_DIALOG (dialog)));
  g_object_unref (dialog);
  spin ();
  g_clear_pointer (&debts, g_ptr_array_unref);
  debts = dk_dossier_repo_load_debts (f->store, f->dossier_id, NULL, &error);
  g_assert_cmpuint (((DkDebt *) debts->pdata[0])->statuses->len, ==, 2);
  g_assert_cmpint (dk_debt_get_current_status (debts->pdata[0])->status, ==, DK_DEBT_STATUS_CONFIRMED);

  /* Ending an income before it began is refused on the field; a later day is saved. */
  incomes = dk_dossier_repo_load_incomes (f->store, f->dossier_id, NULL, &error);
  g_assert_no_error (error);
  income = incomes->pdata[0];
  gtk_widget_activate_action (page, "page.end-income", "s", income->id);
  dialog = g_object_ref (find_toplevel (DK_TYPE_EDIT_DIALOG));
  set_text (dialog, "Last day (dd-mm-yyyy)", "31-12-2025");
  g_assert_false (dk_edit_dialog_save (DK_EDIT_DIALOG (dialog)));
  g_assert_true (shows_text (dialog, "The last day cannot be before the first day, 05-01-2026."));
  set_text (dialog, "Last day (dd-mm-yyyy)", "31-01-2026");
  g_assert_true (dk_edit_dialog_save (DK_EDIT_DIALOG (dialog)));
  g_object_unref (dialog);
  spin ();
  g_clear_pointer (&incomes, g_ptr_array_unref);
  incomes = dk_dossier_repo_load_incomes (f->store, f->dossier_id, NULL, &error);
  income = incomes->pdata[0];
  g_assert_true (g_date_valid (&income->valid_to));
  g_assert_cmpint (g_date_get_day (&income->valid_to), ==, 31);
  g_assert_cmpint (g_date_get_month (&income->valid_to), ==, 1);

  /* The case: a first conversation before the request for help is refused, nothing written. */
  gtk_widget_activate_action (page, "page.edit-case", NULL);
  dialog = g_object_ref (find_toplevel (DK_TYPE_EDIT_DIALOG));
  set_text (dialog, "Date of the request for help", "10-02-2026");
  set_text (dialog, "Date of the first conversation", "09-02-2026");
  set_text (dialog, "Counsellor", "Anna de Vries");
  g_assert_false (dk_edit_dialog_save (DK_EDIT_DIALOG (dialog)));
  g_assert_true (shows_text (dialog, "The first conversation cannot be before the request for help."));
  c = dk_case_repo_load (f->store, f->dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c->counsellor, !=, "Anna de Vries");
  set_text (dialog, "Date of the first conversation", "11-02-2026");
  g_assert_true (dk_edit_dialog_save (DK_EDIT_DIALOG (dialog)));
  g_object_unref (dialog);
  spin ();
  g_clear_pointer (&c, dk_case_free);
  c = dk_case_repo_load (f->store, f->dossier_id, &error);
  g_assert_cmpstr (c->counsellor, ==, "Anna de Vries");
  g_assert_cmpint (g_date_get_day (&c->first_conversation_on), ==, 11);
  g_assert_true (shows_text (page, "first conversation: 11-02-2026"));

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

int
main (int   argc,
      char *argv[])
{
  /* The expected texts are the untranslated ones, whatever the locale the test runs in. */
  gtk_disable_setlocale ();
  g_test_init (&argc, &argv, NULL);
  /* gtk_init_check() starts fontconfig's loading thread even when it finds no display, and fontconfig
   * never frees what it loads, which LeakSanitizer reports: only try when there may be a display. */
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL || g_getenv ("GDK_BACKEND") != NULL)
    have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

  g_test_add_func ("/dossier-page/labels/complete", test_labels_complete);
  g_test_add_func ("/dossier-page/labels/bsn-mask", test_bsn_mask);
  g_test_add_func ("/dossier-page/labels/person-name", test_person_name);
  g_test_add_func ("/dossier-page/labels/event", test_event_describe);
  g_test_add_func ("/dossier-page/labels/classification", test_classification_labels);
  g_test_add_func ("/dossier-page/lines/tree", test_lines_from_tree);
  g_test_add_func ("/dossier-page/lines/calculation", test_lines_from_calculation);
  g_test_add_func ("/dossier-page/history", test_history_series);
  g_test_add ("/dossier-page/page/shows", Fixture, NULL, fixture_setup, test_page_shows, fixture_teardown);
  g_test_add ("/dossier-page/page/add-income", Fixture, NULL, fixture_setup, test_page_add_income_recalculates,
              fixture_teardown);
  g_test_add ("/dossier-page/event-refused", Fixture, NULL, fixture_setup, test_event_refused, fixture_teardown);
  g_test_add ("/dossier-page/notes", Fixture, NULL, fixture_setup, test_notes, fixture_teardown);
  g_test_add ("/dossier-page/debts-end-case", Fixture, NULL, fixture_setup, test_debts_end_and_case, fixture_teardown);

  return g_test_run ();
}
