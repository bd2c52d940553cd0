#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "dk-date.h"
#include "dk-calculation-repo.h"
#include "dk-debt.h"
#include "dk-domain-schema.h"
#include "dk-dossier-repo.h"
#include "dk-dossier-split.h"
#include "dk-fixed-cost.h"
#include "dk-income.h"
#include "dk-money.h"
#include "dk-test-util.h"
#include "dk-uuid.h"
#include "dk-validate.h"

typedef struct
{
  char    *dir;
  char    *path;
  DkStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = dk_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "domain.sqlite", NULL);
  f->store = dk_domain_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  dk_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->store);
  f->store = dk_domain_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
assert_date (const GDate *date,
             guint        year,
             guint        month,
             guint        mday)
{
  g_assert_true (g_date_valid (date));
  g_assert_cmpuint (g_date_get_year (date), ==, year);
  g_assert_cmpuint (g_date_get_month (date), ==, month);
  g_assert_cmpuint (g_date_get_day (date), ==, mday);
}

/* Runs one statement directly, returning the SQLite result code. */
static int
exec_sql (Fixture    *f,
          const char *sql)
{
  return sqlite3_exec (dk_store_get_db (f->store), sql, NULL, NULL, NULL) & 0xff;
}

static gint64
count_rows (Fixture    *f,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (dk_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* Every row of every domain table as text, to prove that a failed change left nothing behind. */
static char *
snapshot (Fixture *f)
{
  static const char *tables[] = {
    "dossier", "person", "household_event", "income", "fixed_cost", "debt", "debt_status", "dossier_link",
    "calculation",
  };
  GString *out = g_string_new (NULL);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY id", tables[t]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (dk_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_string_append_printf (out, "[%s]\n", tables[t]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const char *text = (const char *) sqlite3_column_text (stmt, c);

              g_string_append_printf (out, "%s|", text != NULL ? text : "∅");
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }

  return g_string_free (out, FALSE);
}

static DkPerson *
new_person (DkPersonRole  role,
            const char   *given,
            guint         year,
            guint         month,
            guint         mday)
{
  GDate birth = dk_date_ymd (year, month, mday);

  return dk_person_new (role, given, NULL, "Dijk", &birth);
}

/* The demo household of seed 000 at its start: a single woman, seven months pregnant, on a benefit. */
static char *
create_demo_dossier (Fixture     *f,
                     const char  *number,
                     char       **out_client_id)
{
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_person_free);
  g_autoptr(GError) error = NULL;
  DkPerson *client = new_person (DK_PERSON_ROLE_CLIENT, "Sanne", 1998, 3, 14);
  GDate opened = dk_date_ymd (2024, 3, 1);
  char *dossier_id = NULL;

  client->bsn = g_strdup ("9999.900.19");
  g_ptr_array_add (persons, client);
  dk_dossier_repo_create (f->store, number, &opened, persons, NULL, &dossier_id, &error);
  g_assert_no_error (error);
  g_assert_true (dk_uuid_is_valid (dossier_id));
  g_assert_true (dk_uuid_is_valid (client->id));
  g_assert_cmpstr (client->dossier_id, ==, dossier_id);

  if (out_client_id != NULL)
    *out_client_id = g_strdup (client->id);
  return dossier_id;
}

static void
test_schema (Fixture       *f,
             gconstpointer  data)
{
  gsize n = 0;
  const DkMigration *migrations = dk_domain_migrations (&n);
  static const char *tables[] = {
    "dossier", "person", "household_event", "income", "fixed_cost", "debt", "debt_status", "dossier_link",
    "calculation",
  };

  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (migrations[0].version, ==, 1);
  g_assert_cmpuint (dk_store_get_schema_version (f->store), ==, migrations[n - 1].version);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *strict = g_strdup_printf ("SELECT strict FROM pragma_table_list WHERE name = '%s'", tables[i]);
      g_autofree char *stamps = g_strdup_printf ("SELECT count (*) FROM pragma_table_info ('%s')"
                                                 " WHERE name IN ('created_at', 'updated_at')", tables[i]);
      g_autofree char *index = g_strdup_printf ("SELECT count (*) FROM pragma_index_list ('%s')", tables[i]);

      g_assert_cmpint (count_rows (f, strict), ==, 1);
      g_assert_cmpint (count_rows (f, stamps), ==, 2);
      g_assert_cmpint (count_rows (f, index), >=, 1);
    }

  /* Reopening an up-to-date database runs nothing again. */
  reopen (f);
  g_assert_cmpuint (dk_store_get_schema_version (f->store), ==, migrations[n - 1].version);
}

/* The CHECK constraints and foreign keys hold for any writer, not just this repository. */
static void
test_schema_constraints (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *client_id = NULL;
  g_autofree char *dossier_id = create_demo_dossier (f, "C-1", &client_id);
  g_autofree char *other_client = NULL;
  g_autofree char *other_dossier = create_demo_dossier (f, "C-2", &other_client);
  g_autofree char *sql = NULL;

  /* A date that does not exist, a time without milliseconds, a bad id, an unknown role. */
  sql = g_strdup_printf ("INSERT INTO person (id, dossier_id, role, given_names, family_name, birth_date)"
                         " VALUES ('01900000-0000-7000-8000-000000000001', '%s', 'other', 'A', 'B', '2025-02-29')",
                         dossier_id);
  g_assert_cmpint (exec_sql (f, sql), ==, SQLITE_CONSTRAINT);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO person (id, dossier_id, role, given_names, family_name, created_at)"
                         " VALUES ('01900000-0000-7000-8000-000000000001', '%s', 'other', 'A', 'B',"
                         " '2025-01-01T10:00:00Z')", dossier_id);
  g_assert_cmpint (exec_sql (f, sql), ==, SQLITE_CONSTRAINT);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO person (id, dossier_id, role, given_names, family_name)"
                         " VALUES ('01900000-0000-7000-8000-00000000000A', '%s', 'other', 'A', 'B')", dossier_id);
  g_assert_cmpint (exec_sql (f, sql), ==, SQLITE_CONSTRAINT);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO person (id, dossier_id, role, given_names, family_name)"
                         " VALUES ('01900000-0000-7000-8000-000000000001', '%s', 'lodger', 'A', 'B')", dossier_id);
  g_assert_cmpint (exec_sql (f, sql), ==, SQLITE_CONSTRAINT);
  g_free (sql);

  /* A second client in one dossier. */
  sql = g_strdup_printf ("INSERT INTO person (id, dossier_id, role, given_names, family_name)"
                         " VALUES ('01900000-0000-7000-8000-000000000001', '%s', 'client', 'A', 'B')", dossier_id);
  g_assert_cmpint (exec_sql (f, sql), ==, SQLITE_CONSTRAINT);
  g_free (sql);

  /* An event about a person of another dossier. */
  sql = g_strdup_printf ("INSERT INTO household_event (id, dossier_id, kind, event_date, person_id)"
                         " VALUES ('01900000-0000-7000-8000-000000000002', '%s', 'move_out', '2024-05-01', '%s')",
                         dossier_id, other_client);
  g_assert_cmpint (exec_sql (f, sql), ==, SQLITE_CONSTRAINT);
  g_free (sql);

  /* A marriage without its regime. */
  sql = g_strdup_printf ("INSERT INTO household_event (id, dossier_id, kind, event_date, person_id, union_kind)"
                         " VALUES ('01900000-0000-7000-8000-000000000002', '%s', 'marriage', '2024-05-01', '%s',"
                         " 'marriage')", dossier_id, client_id);
  g_assert_cmpint (exec_sql (f, sql), ==, SQLITE_CONSTRAINT);
  g_free (sql);

  /* A negative amount, an unknown DDAS debt type, a share above the whole. */
  sql = g_strdup_printf ("INSERT INTO debt (id, dossier_id, debt_group_id, creditor_name, original_cents,"
                         " current_cents, debt_type, debt_rank, business_debt, contracting_party, household_debt,"
                         " excluded, share_ppm) VALUES ('01900000-0000-7000-8000-000000000003', '%s',"
                         " '01900000-0000-7000-8000-000000000003', 'X', -1, 0, 'Zorg', 'concurrent', 0, 'client',"
                         " 0, 0, 1000000)", dossier_id);
  g_assert_cmpint (exec_sql (f, sql), ==, SQLITE_CONSTRAINT);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO debt (id, dossier_id, debt_group_id, creditor_name, original_cents,"
                         " current_cents, debt_type, debt_rank, business_debt, contracting_party, household_debt,"
                         " excluded, share_ppm) VALUES ('01900000-0000-7000-8000-000000000003', '%s',"
                         " '01900000-0000-7000-8000-000000000003', 'X', 1, 0, 'Health', 'concurrent', 0, 'client',"
                         " 0, 0, 1000000)", dossier_id);
  g_assert_cmpint (exec_sql (f, sql), ==, SQLITE_CONSTRAINT);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO debt (id, dossier_id, debt_group_id, creditor_name, original_cents,"
                         " current_cents, debt_type, debt_rank, business_debt, contracting_party, household_debt,"
                         " excluded, share_ppm) VALUES ('01900000-0000-7000-8000-000000000003', '%s',"
                         " '01900000-0000-7000-8000-000000000003', 'X', 1, 0, 'Nuts', 'concurrent', 0, 'client',"
                         " 0, 0, 1000001)", dossier_id);
  g_assert_cmpint (exec_sql (f, sql), ==, SQLITE_CONSTRAINT);
  g_free (sql);

  /* Rent parts on a cost that is not rent; a calculation without its norm table. */
  sql = g_strdup_printf ("INSERT INTO fixed_cost (id, dossier_id, kind, monthly_cents, rent_basic_cents,"
                         " rent_service_cents, valid_from) VALUES ('01900000-0000-7000-8000-000000000004', '%s',"
                         " 'energy', 100, 50, 50, '2024-01-01')", dossier_id);
  g_assert_cmpint (exec_sql (f, sql), ==, SQLITE_CONSTRAINT);
  g_free (sql);
  sql = g_strdup_printf ("INSERT INTO calculation (id, dossier_id, calc_date, norm_table_id, inputs_json,"
                         " result_json) VALUES ('01900000-0000-7000-8000-000000000005', '%s', '2024-01-01',"
                         " '', '{}', '{}')", dossier_id);
  g_assert_cmpint (exec_sql (f, sql), ==, SQLITE_CONSTRAINT);
  g_free (sql);

  /* A dossier with persons cannot be deleted (ON DELETE RESTRICT). */
  sql = g_strdup_printf ("DELETE FROM dossier WHERE id = '%s'", dossier_id);
  g_assert_cmpint (exec_sql (f, sql), ==, SQLITE_CONSTRAINT);
}

static void
test_demo_round_trip (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *dossier_id = create_demo_dossier (f, "DEMO-0001", &client_id);
  g_autoptr(DkPerson) child = new_person (DK_PERSON_ROLE_CHILD, "Noor", 2024, 5, 10);
  g_autoptr(DkPerson) partner = new_person (DK_PERSON_ROLE_PARTNER, "Mark", 1996, 11, 2);
  g_autoptr(DkHouseholdEvent) born = NULL;
  g_autoptr(DkHouseholdEvent) moves_in = NULL;
  g_autoptr(DkHouseholdEvent) wedding = NULL;
  g_autoptr(DkHouseholdTimeline) timeline = NULL;
  g_autoptr(DkDossier) dossier = NULL;
  g_autofree char *person_id = NULL;
  g_autofree char *event_id = NULL;
  GDate date;

  /* The birth: the child and the event that brings her into the household, in one change. */
  date = dk_date_ymd (2024, 5, 10);
  born = dk_household_event_new_birth (&date, NULL, client_id);
  dk_dossier_repo_add_person (f->store, dossier_id, child, born, &person_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (person_id, ==, child->id);
  g_assert_cmpstr (born->person_id, ==, child->id);

  /* The father moves in, then they marry under the limited community. */
  date = dk_date_ymd (2024, 9, 1);
  moves_in = dk_household_event_new (DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN, &date, NULL);
  dk_dossier_repo_add_person (f->store, dossier_id, partner, moves_in, NULL, &error);
  g_assert_no_error (error);
  date = dk_date_ymd (2025, 6, 1);
  wedding = dk_household_event_new_marriage (&date, partner->id, DK_UNION_MARRIAGE,
                                             DK_MARITAL_REGIME_LIMITED_COMMUNITY);
  dk_dossier_repo_add_household_event (f->store, dossier_id, wedding, &event_id, &error);
  g_assert_no_error (error);
  g_assert_true (dk_uuid_is_valid (event_id));

  /* Everything comes back after reopening the file. */
  reopen (f);
  dossier = dk_dossier_repo_load_dossier (f->store, dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dossier->number, ==, "DEMO-0001");
  assert_date (&dossier->opened_on, 2024, 3, 1);
  g_assert_true (g_str_has_suffix (dossier->created_at, "Z"));
  g_assert_cmpuint (strlen (dossier->created_at), ==, strlen ("2026-11-23T14:05:09.042Z"));

  timeline = dk_dossier_repo_load_timeline (f->store, dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dk_household_timeline_get_n_persons (timeline), ==, 3);
  g_assert_cmpuint (dk_household_timeline_get_n_events (timeline), ==, 4);
  g_assert_cmpstr (dk_household_timeline_get_client_id (timeline), ==, client_id);
  g_assert_cmpstr (dk_household_timeline_get_person (timeline, client_id)->bsn, ==, "999990019");
  g_assert_cmpstr (dk_household_timeline_get_person (timeline, partner->id)->given_names, ==, "Mark");
  assert_date (&dk_household_timeline_get_person (timeline, child->id)->birth_date, 2024, 5, 10);
  g_assert_cmpstr (dk_household_timeline_get_event (timeline, 3)->id, ==, event_id);
  g_assert_nonnull (dk_household_timeline_get_event (timeline, 3)->created_at);

  {
    GDate on = dk_date_ymd (2024, 4, 1);
    g_autoptr(DkHouseholdSituation) s = dk_household_situation_on (timeline, &on, &error);

    g_assert_no_error (error);
    g_assert_cmpint (s->situation, ==, DK_SITUATION_SINGLE);
  }
  {
    GDate on = dk_date_ymd (2024, 6, 1);
    g_autoptr(DkHouseholdSituation) s = dk_household_situation_on (timeline, &on, &error);

    g_assert_cmpint (s->situation, ==, DK_SITUATION_SINGLE_PARENT);
  }
  {
    GDate on = dk_date_ymd (2025, 6, 1);
    g_autoptr(DkHouseholdSituation) s = dk_household_situation_on (timeline, &on, &error);

    g_assert_cmpint (s->situation, ==, DK_SITUATION_COUPLE_WITH_CHILDREN);
    g_assert_cmpint (s->relation.kind, ==, DK_RELATION_MARRIED);
    g_assert_cmpint (s->relation.regime, ==, DK_MARITAL_REGIME_LIMITED_COMMUNITY);
    assert_date (&s->relation.cohabiting_since, 2024, 9, 1);
  }
}

static void
test_refused_changes_not_stored (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *dossier_id = create_demo_dossier (f, "R-1", &client_id);
  g_autoptr(DkPerson) partner = new_person (DK_PERSON_ROLE_PARTNER, "Mark", 1996, 11, 2);
  g_autoptr(DkPerson) baby = new_person (DK_PERSON_ROLE_CHILD, "Noor", 1990, 5, 10);
  g_autoptr(DkPerson) bad_bsn = new_person (DK_PERSON_ROLE_OTHER, "X", 1990, 5, 10);
  g_autoptr(DkHouseholdEvent) divorce = NULL;
  g_autoptr(DkHouseholdEvent) early = NULL;
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_person_free);
  GDate date = dk_date_ymd (2024, 9, 1);
  g_autofree char *before = snapshot (f);
  g_autofree char *after = NULL;

  /* A divorce without a marriage. */
  dk_dossier_repo_add_person (f->store, dossier_id, partner, NULL, NULL, &error);
  g_assert_no_error (error);
  g_free (before);
  before = snapshot (f);
  divorce = dk_household_event_new (DK_HOUSEHOLD_EVENT_DIVORCE, &date, partner->id);
  g_assert_false (dk_dossier_repo_add_household_event (f->store, dossier_id, divorce, NULL, &error));
  g_assert_error (error, DK_HOUSEHOLD_ERROR, DK_HOUSEHOLD_ERROR_NOT_MARRIED);
  g_clear_error (&error);

  /* A child born before its mother: neither the person nor the event is kept. */
  date = dk_date_ymd (1990, 5, 10);
  early = dk_household_event_new_birth (&date, NULL, client_id);
  g_assert_false (dk_dossier_repo_add_person (f->store, dossier_id, baby, early, NULL, &error));
  g_assert_error (error, DK_HOUSEHOLD_ERROR, DK_HOUSEHOLD_ERROR_BEFORE_BIRTH);
  g_clear_error (&error);

  /* A BSN that fails the 11-check. */
  bad_bsn->bsn = g_strdup ("123456789");
  g_assert_false (dk_dossier_repo_add_person (f->store, dossier_id, bad_bsn, NULL, NULL, &error));
  g_assert_error (error, DK_VALIDATE_ERROR, DK_VALIDATE_ERROR_CHECKSUM);
  g_clear_error (&error);

  /* An unknown dossier. */
  g_assert_false (dk_dossier_repo_add_household_event (f->store, "01900000-0000-7000-8000-000000000009", divorce,
                                                       NULL, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A dossier number taken already; a dossier without a client. */
  {
    DkPerson *client = new_person (DK_PERSON_ROLE_CLIENT, "A", 1990, 1, 1);
    GDate opened = dk_date_ymd (2024, 1, 1);

    g_ptr_array_add (persons, client);
    g_assert_false (dk_dossier_repo_create (f->store, "R-1", &opened, persons, NULL, NULL, &error));
    g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT);
    g_clear_error (&error);
    client->role = DK_PERSON_ROLE_OTHER;
    g_assert_false (dk_dossier_repo_create (f->store, "R-2", &opened, persons, NULL, NULL, &error));
    g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_INVALID);
    g_clear_error (&error);
    g_assert_false (dk_dossier_repo_create (f->store, "  ", &opened, persons, NULL, NULL, &error));
    g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_INVALID);
    g_clear_error (&error);
  }

  after = snapshot (f);
  g_assert_cmpstr (before, ==, after);
}

static void
test_income_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *dossier_id = create_demo_dossier (f, "I-1", &client_id);
  GDate from = dk_date_ymd (2024, 3, 1);
  g_autoptr(DkIncome) benefit = dk_income_new (client_id, DK_INCOME_SOURCE_BENEFIT, 130061, DK_INCOME_PERIOD_MONTH,
                                               &from);
  g_autoptr(DkIncome) wages = dk_income_new (client_id, DK_INCOME_SOURCE_EMPLOYMENT, 100000,
                                             DK_INCOME_PERIOD_FOUR_WEEKS, &from);
  g_autoptr(GPtrArray) incomes = NULL;
  g_autofree char *benefit_id = NULL;
  g_autofree char *wages_id = NULL;
  GDate date;

  benefit->holiday_allowance_included = TRUE;
  benefit->description = g_strdup ("Participatiewet");
  wages->has_gross = TRUE;
  wages->gross_cents = 140000;
  dk_dossier_repo_add_income (f->store, dossier_id, benefit, &benefit_id, &error);
  g_assert_no_error (error);
  dk_dossier_repo_add_income (f->store, dossier_id, wages, &wages_id, &error);
  g_assert_no_error (error);

  date = dk_date_ymd (2024, 6, 30);
  dk_dossier_repo_end_income (f->store, wages_id, &date, &error);
  g_assert_no_error (error);

  /* Ending twice, ending before the start, an unknown income. */
  g_assert_false (dk_dossier_repo_end_income (f->store, wages_id, &date, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_INVALID);
  g_clear_error (&error);
  date = dk_date_ymd (2024, 2, 1);
  g_assert_false (dk_dossier_repo_end_income (f->store, benefit_id, &date, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dk_dossier_repo_end_income (f->store, "01900000-0000-7000-8000-000000000009", &date, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  reopen (f);
  date = dk_date_ymd (2024, 6, 30);
  incomes = dk_dossier_repo_load_incomes (f->store, dossier_id, &date, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (incomes->len, ==, 2);
  {
    const DkIncome *a = g_ptr_array_index (incomes, 0);
    const DkIncome *b = g_ptr_array_index (incomes, 1);
    const DkIncome *w = g_strcmp0 (a->id, wages_id) == 0 ? a : b;
    const DkIncome *u = w == a ? b : a;
    gint64 gross = 0;

    g_assert_cmpint (w->source, ==, DK_INCOME_SOURCE_EMPLOYMENT);
    g_assert_cmpint (w->period, ==, DK_INCOME_PERIOD_FOUR_WEEKS);
    g_assert_cmpint (dk_income_get_net_monthly (w), ==, 108333);
    g_assert_true (dk_income_get_gross_monthly (w, &gross));
    g_assert_cmpint (gross, ==, 151667);
    assert_date (&w->valid_to, 2024, 6, 30);
    g_assert_false (w->holiday_allowance_included);
    g_assert_true (u->holiday_allowance_included);
    g_assert_false (u->has_gross);
    g_assert_false (dk_income_get_gross_monthly (u, &gross));
    g_assert_cmpstr (u->description, ==, "Participatiewet");
    g_assert_false (g_date_valid (&u->valid_to));
  }
  g_clear_pointer (&incomes, g_ptr_array_unref);

  date = dk_date_ymd (2024, 7, 1);
  incomes = dk_dossier_repo_load_incomes (f->store, dossier_id, &date, &error);
  g_assert_cmpuint (incomes->len, ==, 1);
  g_clear_pointer (&incomes, g_ptr_array_unref);
  date = dk_date_ymd (2024, 2, 29);
  incomes = dk_dossier_repo_load_incomes (f->store, dossier_id, &date, &error);
  g_assert_cmpuint (incomes->len, ==, 0);
  g_clear_pointer (&incomes, g_ptr_array_unref);
  incomes = dk_dossier_repo_load_incomes (f->store, dossier_id, NULL, &error);
  g_assert_cmpuint (incomes->len, ==, 2);

  /* An income of someone outside the dossier, and a negative one. */
  {
    g_autofree char *other_client = NULL;
    g_autofree char *other = create_demo_dossier (f, "I-2", &other_client);
    g_autoptr(DkIncome) foreign = dk_income_new (other_client, DK_INCOME_SOURCE_OTHER, 1, DK_INCOME_PERIOD_MONTH,
                                                 &from);

    g_assert_false (dk_dossier_repo_add_income (f->store, dossier_id, foreign, NULL, &error));
    g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
    g_clear_error (&error);
    foreign->net_cents = -1;
    g_assert_false (dk_dossier_repo_add_income (f->store, other, foreign, NULL, &error));
    g_assert_error (error, DK_INCOME_ERROR, DK_INCOME_ERROR_INVALID);
  }
}

static void
test_income_normalisation (void)
{
  GDate from = dk_date_ymd (2024, 1, 1);
  GDate to = dk_date_ymd (2023, 12, 31);
  g_autoptr(DkIncome) income = dk_income_new ("p", DK_INCOME_SOURCE_OTHER, 0, DK_INCOME_PERIOD_MONTH, &from);
  g_autoptr(GError) error = NULL;

  /* × 13 / 12 and × 52 / 12, rounded once, half away from zero. */
  g_assert_cmpint (dk_income_period_to_monthly (100000, DK_INCOME_PERIOD_FOUR_WEEKS), ==, 108333);
  g_assert_cmpint (dk_income_period_to_monthly (10000, DK_INCOME_PERIOD_WEEK), ==, 43333);
  g_assert_cmpint (dk_income_period_to_monthly (6, DK_INCOME_PERIOD_FOUR_WEEKS), ==, 7);   /* 6.5 → 7 */
  g_assert_cmpint (dk_income_period_to_monthly (5, DK_INCOME_PERIOD_FOUR_WEEKS), ==, 5);   /* 5.4166 → 5 */
  g_assert_cmpint (dk_income_period_to_monthly (3, DK_INCOME_PERIOD_WEEK), ==, 13);        /* 13 exactly */
  g_assert_cmpint (dk_income_period_to_monthly (9, DK_INCOME_PERIOD_WEEK), ==, 39);
  g_assert_cmpint (dk_income_period_to_monthly (1, DK_INCOME_PERIOD_WEEK), ==, 4);         /* 4.333 → 4 */
  g_assert_cmpint (dk_income_period_to_monthly (6, DK_INCOME_PERIOD_YEAR), ==, 1);         /* 0.5 → 1 */
  g_assert_cmpint (dk_income_period_to_monthly (5, DK_INCOME_PERIOD_YEAR), ==, 0);
  g_assert_cmpint (dk_income_period_to_monthly (2400000, DK_INCOME_PERIOD_YEAR), ==, 200000);
  g_assert_cmpint (dk_income_period_to_monthly (123456, DK_INCOME_PERIOD_MONTH), ==, 123456);
  /* Large amounts do not overflow: the product is computed in 128 bits. */
  g_assert_cmpint (dk_income_period_to_monthly (G_MAXINT64 / 13, DK_INCOME_PERIOD_FOUR_WEEKS), ==,
                   dk_money_mul_ratio (G_MAXINT64 / 13, 13, 12));

  g_assert_true (dk_income_validate (income, &error));
  income->valid_to = to;
  g_assert_false (dk_income_validate (income, &error));
  g_assert_error (error, DK_INCOME_ERROR, DK_INCOME_ERROR_PERIOD);
  g_clear_error (&error);
  g_date_clear (&income->valid_to, 1);
  g_assert_true (dk_income_is_valid_on (income, &from));
  g_assert_false (dk_income_is_valid_on (income, &to));

  for (guint i = 0; i <= DK_INCOME_PERIOD_YEAR; i++)
    {
      DkIncomePeriod back;

      g_assert_true (dk_income_period_from_string (dk_income_period_to_string (i), &back));
      g_assert_cmpint (back, ==, i);
    }
  for (guint i = 0; i <= DK_INCOME_SOURCE_OTHER; i++)
    {
      DkIncomeSource back;

      g_assert_true (dk_income_source_from_string (dk_income_source_to_string (i), &back));
      g_assert_cmpint (back, ==, i);
    }
}

static void
test_fixed_cost_round_trip (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *client_id = NULL;
  g_autofree char *dossier_id = create_demo_dossier (f, "F-1", &client_id);
  GDate from = dk_date_ymd (2024, 3, 1);
  g_autoptr(DkFixedCost) rent = dk_fixed_cost_new (DK_FIXED_COST_RENT, 85000, &from);
  g_autoptr(DkFixedCost) mortgage = dk_fixed_cost_new (DK_FIXED_COST_MORTGAGE, 90000, &from);
  g_autoptr(DkFixedCost) premium = dk_fixed_cost_new (DK_FIXED_COST_HEALTH_PREMIUM, 15858, &from);
  g_autoptr(GPtrArray) costs = NULL;
  g_autofree char *premium_id = NULL;
  GDate date;

  rent->has_parts = TRUE;
  rent->rent_basic_cents = 80000;
  rent->rent_service_cents = 5000;
  mortgage->has_parts = TRUE;
  mortgage->mortgage_interest_cents = 60000;
  mortgage->mortgage_repayment_cents = 20000;
  premium->person_id = g_strdup (client_id);

  dk_dossier_repo_add_fixed_cost (f->store, dossier_id, rent, NULL, &error);
  g_assert_no_error (error);
  dk_dossier_repo_add_fixed_cost (f->store, dossier_id, mortgage, NULL, &error);
  g_assert_no_error (error);
  dk_dossier_repo_add_fixed_cost (f->store, dossier_id, premium, &premium_id, &error);
  g_assert_no_error (error);
  date = dk_date_ymd (2024, 12, 31);
  dk_dossier_repo_end_fixed_cost (f->store, premium_id, &date, &error);
  g_assert_no_error (error);

  reopen (f);
  costs = dk_dossier_repo_load_fixed_costs (f->store, dossier_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (costs->len, ==, 3);
  for (guint i = 0; i < costs->len; i++)
    {
      const DkFixedCost *cost = g_ptr_array_index (costs, i);

      switch (cost->kind)
        {
        case DK_FIXED_COST_RENT:
          g_assert_true (cost->has_parts);
          g_assert_cmpint (cost->rent_basic_cents, ==, 80000);
          g_assert_cmpint (cost->rent_service_cents, ==, 5000);
          g_assert_cmpint (cost->mortgage_interest_cents, ==, 0);
          g_assert_null (cost->person_id);
          break;
        case DK_FIXED_COST_MORTGAGE:
          g_assert_cmpint (cost->mortgage_interest_cents, ==, 60000);
          g_assert_cmpint (cost->mortgage_repayment_cents, ==, 20000);
          break;
        case DK_FIXED_COST_HEALTH_PREMIUM:
          g_assert_false (cost->has_parts);
          g_assert_cmpstr (cost->person_id, ==, client_id);
          assert_date (&cost->valid_to, 2024, 12, 31);
          break;
        default:
          g_assert_not_reached ();
        }
    }
  g_clear_pointer (&costs, g_ptr_array_unref);

  date = dk_date_ymd (2025, 1, 1);
  costs = dk_dossier_repo_load_fixed_costs (f->store, dossier_id, &date, &error);
  g_assert_cmpuint (costs->len, ==, 2);

  /* Parts on the wrong kind, parts above the whole. */
  {
    g_autoptr(DkFixedCost) energy = dk_fixed_cost_new (DK_FIXED_COST_ENERGY, 100, &from);

    energy->has_parts = TRUE;
    energy->rent_basic_cents = 50;
    g_assert_false (dk_dossier_repo_add_fixed_cost (f->store, dossier_id, energy, NULL, &error));
    g_assert_error (error, DK_FIXED_COST_ERROR, DK_FIXED_COST_ERROR_PARTS);
    g_clear_error (&error);
    rent->rent_service_cents = 5001;
    g_assert_false (dk_dossier_repo_add_fixed_cost (f->store, dossier_id, rent, NULL, &error));
    g_assert_error (error, DK_FIXED_COST_ERROR, DK_FIXED_COST_ERROR_PARTS);
    g_clear_error (&error);
    rent->rent_service_cents = 5000;
    rent->mortgage_interest_cents = 1;
    g_assert_false (dk_dossier_repo_add_fixed_cost (f->store, dossier_id, rent, NULL, &error));
    g_assert_error (error, DK_FIXED_COST_ERROR, DK_FIXED_COST_ERROR_PARTS);
    g_clear_error (&error);
  }

  for (guint i = 0; i <= DK_FIXED_COST_OTHER; i++)
    {
      DkFixedCostKind back;

      g_assert_true (dk_fixed_cost_kind_from_string (dk_fixed_cost_kind_to_string (i), &back));
      g_assert_cmpint (back, ==, i);
    }
}

static DkDebt *
make_debt (const char         *creditor,
           gint64              cents,
           DkDebtType          type,
           DkContractingParty  party,
           GDate               origin,
           GDate               registered)
{
  DkDebt *debt = dk_debt_new (creditor, cents, type, party);

  debt->origin_date = origin;
  g_assert_true (dk_debt_append_status (debt, DK_DEBT_STATUS_REGISTERED, &registered, NULL, NULL));
  return debt;
}

static void
test_debt_status_history (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dossier_id = create_demo_dossier (f, "D-1", NULL);
  g_autoptr(DkDebt) debt = make_debt ("Zorgverzekeraar", 45000, DK_DEBT_TYPE_HEALTH_CARE, DK_CONTRACTING_PARTY_CLIENT,
                                      dk_date_ymd (2023, 11, 1), dk_date_ymd (2024, 3, 5));
  g_autoptr(DkDebt) loaded = NULL;
  g_autoptr(GPtrArray) debts = NULL;
  g_autofree char *debt_id = NULL;
  g_autofree char *status_id = NULL;
  g_autofree char *sql = NULL;
  static const DkDebtStatus expected[] = {
    DK_DEBT_STATUS_REGISTERED, DK_DEBT_STATUS_CONFIRMED, DK_DEBT_STATUS_WRITTEN_OFF, DK_DEBT_STATUS_REGISTERED,
  };
  GDate date;

  debt->reference = g_strdup ("POL-1");
  debt->rank = DK_DEBT_RANK_PREFERENTIAL;
  debt->current_cents = 41000;
  debt->creditor_kvk = g_strdup ("12345678");
  dk_dossier_repo_add_debt (f->store, dossier_id, debt, &debt_id, &error);
  g_assert_no_error (error);

  date = dk_date_ymd (2024, 4, 1);
  dk_dossier_repo_add_debt_status (f->store, debt_id, DK_DEBT_STATUS_CONFIRMED, &date, NULL, &status_id, &error);
  g_assert_no_error (error);
  g_assert_true (dk_uuid_is_valid (status_id));
  date = dk_date_ymd (2024, 6, 1);
  dk_dossier_repo_add_debt_status (f->store, debt_id, DK_DEBT_STATUS_WRITTEN_OFF, &date, "set aside", NULL, &error);
  g_assert_no_error (error);

  /* The demo: at the marriage an "old debt" is put back on the list; history grows, nothing changes. */
  date = dk_date_ymd (2025, 6, 2);
  dk_dossier_repo_add_debt_status (f->store, debt_id, DK_DEBT_STATUS_REGISTERED, &date, "old debt reverted", NULL,
                                   &error);
  g_assert_no_error (error);

  /* Refused: the same status again, a status dated before the current one, a transfer. */
  g_assert_false (dk_dossier_repo_add_debt_status (f->store, debt_id, DK_DEBT_STATUS_REGISTERED, &date, NULL, NULL,
                                                   &error));
  g_assert_error (error, DK_DEBT_ERROR, DK_DEBT_ERROR_SAME_STATUS);
  g_clear_error (&error);
  date = dk_date_ymd (2025, 6, 1);
  g_assert_false (dk_dossier_repo_add_debt_status (f->store, debt_id, DK_DEBT_STATUS_PAID, &date, NULL, NULL,
                                                   &error));
  g_assert_error (error, DK_DEBT_ERROR, DK_DEBT_ERROR_BACKDATED);
  g_clear_error (&error);
  date = dk_date_ymd (2025, 7, 1);
  g_assert_false (dk_dossier_repo_add_debt_status (f->store, debt_id, DK_DEBT_STATUS_TRANSFERRED, &date, NULL, NULL,
                                                   &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dk_dossier_repo_add_debt_status (f->store, "01900000-0000-7000-8000-000000000009",
                                                   DK_DEBT_STATUS_PAID, &date, NULL, NULL, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  reopen (f);
  loaded = dk_dossier_repo_load_debt (f->store, debt_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (loaded->creditor_name, ==, "Zorgverzekeraar");
  g_assert_cmpstr (loaded->reference, ==, "POL-1");
  g_assert_cmpstr (loaded->creditor_kvk, ==, "12345678");
  g_assert_cmpstr (loaded->debt_group_id, ==, debt_id);
  g_assert_cmpint (loaded->type, ==, DK_DEBT_TYPE_HEALTH_CARE);
  g_assert_cmpint (loaded->rank, ==, DK_DEBT_RANK_PREFERENTIAL);
  g_assert_cmpint (loaded->original_cents, ==, 45000);
  g_assert_cmpint (loaded->current_cents, ==, 41000);
  g_assert_cmpint (loaded->share_ppm, ==, 1000000);
  assert_date (&loaded->origin_date, 2023, 11, 1);
  g_assert_cmpuint (loaded->statuses->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (((DkDebtStatusEntry *) g_ptr_array_index (loaded->statuses, i))->status, ==, expected[i]);
  g_assert_cmpstr (((DkDebtStatusEntry *) g_ptr_array_index (loaded->statuses, 3))->note, ==, "old debt reverted");
  g_assert_cmpint (dk_debt_get_current_status (loaded)->status, ==, DK_DEBT_STATUS_REGISTERED);
  g_assert_true (g_strcmp0 (loaded->updated_at, loaded->created_at) >= 0);

  /* As of a date before the reversion the debt was written off; before registration it was not there. */
  date = dk_date_ymd (2024, 12, 31);
  debts = dk_dossier_repo_load_debts (f->store, dossier_id, &date, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (debts->len, ==, 1);
  g_assert_cmpint (dk_debt_get_current_status (g_ptr_array_index (debts, 0))->status, ==,
                   DK_DEBT_STATUS_WRITTEN_OFF);
  g_clear_pointer (&debts, g_ptr_array_unref);
  date = dk_date_ymd (2024, 3, 4);
  debts = dk_dossier_repo_load_debts (f->store, dossier_id, &date, &error);
  g_assert_cmpuint (debts->len, ==, 0);
  {
    DkDebtStatus status;

    g_assert_false (dk_debt_status_on (loaded, &date, &status));
    date = dk_date_ymd (2024, 5, 1);
    g_assert_true (dk_debt_status_on (loaded, &date, &status));
    g_assert_cmpint (status, ==, DK_DEBT_STATUS_CONFIRMED);
  }

  /* The history cannot be rewritten behind the repository's back either. */
  g_assert_cmpint (count_rows (f, "SELECT count (*) FROM debt_status"), ==, 4);
  g_assert_cmpint (exec_sql (f, "UPDATE debt_status SET status = 'paid'"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (exec_sql (f, "DELETE FROM debt_status"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (count_rows (f, "SELECT count (*) FROM debt_status WHERE status = 'paid'"), ==, 0);

  /* A debt without a status, with a negative amount, with a transfer in its history. */
  {
    g_autoptr(DkDebt) bare = dk_debt_new ("X", 1, DK_DEBT_TYPE_OTHER, DK_CONTRACTING_PARTY_CLIENT);
    g_autoptr(DkDebt) moved = make_debt ("X", 1, DK_DEBT_TYPE_OTHER, DK_CONTRACTING_PARTY_CLIENT, dk_date_ymd (2024, 1, 1),
                                         dk_date_ymd (2024, 1, 1));

    g_assert_false (dk_dossier_repo_add_debt (f->store, dossier_id, bare, NULL, &error));
    g_assert_error (error, DK_DEBT_ERROR, DK_DEBT_ERROR_INVALID);
    g_clear_error (&error);
    date = dk_date_ymd (2024, 1, 1);
    dk_debt_append_status (bare, DK_DEBT_STATUS_REGISTERED, &date, NULL, NULL);
    bare->current_cents = -5;
    g_assert_false (dk_dossier_repo_add_debt (f->store, dossier_id, bare, NULL, &error));
    g_assert_error (error, DK_DEBT_ERROR, DK_DEBT_ERROR_INVALID);
    g_clear_error (&error);
    date = dk_date_ymd (2024, 2, 1);
    g_assert_true (dk_debt_append_status (moved, DK_DEBT_STATUS_TRANSFERRED, &date, NULL, NULL));
    g_assert_false (dk_debt_append_status (moved, DK_DEBT_STATUS_PAID, &date, NULL, &error));
    g_assert_error (error, DK_DEBT_ERROR, DK_DEBT_ERROR_TRANSFERRED);
    g_clear_error (&error);
    g_assert_false (dk_dossier_repo_add_debt (f->store, dossier_id, moved, NULL, &error));
    g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_INVALID);
    g_clear_error (&error);
  }
  g_assert_cmpint (count_rows (f, "SELECT count (*) FROM debt"), ==, 1);

  /* DDAS v1.0 EnumSchuldensoort spelled as the exchange format does. */
  g_assert_cmpstr (dk_debt_type_to_string (DK_DEBT_TYPE_HEALTH_CARE), ==, "Zorg");
  g_assert_cmpstr (dk_debt_type_to_string (DK_DEBT_TYPE_PUBLIC), ==, "Publiek");
  g_assert_cmpstr (dk_debt_type_to_string (DK_DEBT_TYPE_UTILITY), ==, "Nuts");
  g_assert_cmpstr (dk_debt_type_to_string (DK_DEBT_TYPE_OTHER), ==, "Overig");
  for (guint i = 0; i <= DK_DEBT_STATUS_TRANSFERRED; i++)
    {
      DkDebtStatus back;

      g_assert_true (dk_debt_status_from_string (dk_debt_status_to_string (i), &back));
      g_assert_cmpint (back, ==, i);
      g_assert_nonnull (dk_debt_status_describe (i));
    }
  sql = g_strdup_printf ("SELECT count (*) FROM debt WHERE debt_type = 'Zorg' AND debt_rank = 'preferential'");
  g_assert_cmpint (count_rows (f, sql), ==, 1);
}

static void
test_calculation_history (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dossier_id = create_demo_dossier (f, "K-1", NULL);
  g_autoptr(GPtrArray) history = NULL;
  g_autofree char *first_id = NULL;
  GDate date;

  date = dk_date_ymd (2024, 3, 1);
  dk_calculation_repo_record (f->store, dossier_id, &date, "2024-01-01", "{\"situation\":\"single\"}",
                              "{\"bvv\":130061}", &first_id, &error);
  g_assert_no_error (error);
  date = dk_date_ymd (2024, 5, 10);
  dk_calculation_repo_record (f->store, dossier_id, &date, "2024-01-01", "{\"situation\":\"single_parent\"}",
                              "{\"bvv\":150000}", NULL, &error);
  g_assert_no_error (error);
  /* A recalculation for an earlier date still comes later in the history. */
  date = dk_date_ymd (2024, 3, 1);
  dk_calculation_repo_record (f->store, dossier_id, &date, "2024-01-01", "[]", "{}", NULL, &error);
  g_assert_no_error (error);

  g_assert_false (dk_calculation_repo_record (f->store, dossier_id, &date, "2024-01-01", "{", "{}", NULL, &error));
  g_assert_error (error, DK_CALCULATION_REPO_ERROR, DK_CALCULATION_REPO_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dk_calculation_repo_record (f->store, dossier_id, &date, "", "{}", "{}", NULL, &error));
  g_assert_error (error, DK_CALCULATION_REPO_ERROR, DK_CALCULATION_REPO_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dk_calculation_repo_record (f->store, "01900000-0000-7000-8000-000000000009", &date, "x", "{}",
                                              "{}", NULL, &error));
  g_assert_error (error, DK_CALCULATION_REPO_ERROR, DK_CALCULATION_REPO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  reopen (f);
  history = dk_calculation_repo_list (f->store, dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 3);
  {
    const DkCalculationRecord *r0 = g_ptr_array_index (history, 0);
    const DkCalculationRecord *r1 = g_ptr_array_index (history, 1);
    const DkCalculationRecord *r2 = g_ptr_array_index (history, 2);

    g_assert_cmpstr (r0->id, ==, first_id);
    g_assert_cmpstr (r0->result_json, ==, "{\"bvv\":130061}");
    g_assert_cmpstr (r1->inputs_json, ==, "{\"situation\":\"single_parent\"}");
    assert_date (&r1->calc_date, 2024, 5, 10);
    g_assert_cmpstr (r2->inputs_json, ==, "[]");
    g_assert_cmpstr (r2->norm_table_id, ==, "2024-01-01");
    g_assert_true (g_strcmp0 (r0->created_at, r2->created_at) <= 0);
  }

  g_assert_cmpint (exec_sql (f, "UPDATE calculation SET result_json = '{}'"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (exec_sql (f, "DELETE FROM calculation"), ==, SQLITE_CONSTRAINT);
  g_assert_cmpint (count_rows (f, "SELECT count (*) FROM calculation"), ==, 3);
}

/* The demo's end: married in 2019 (limited community), divorce request filed, co-parenting, split. */
typedef struct
{
  char *dossier_id;
  char *client_id;
  char *partner_id;
  char *child_id;
  char *client_private;   /* the client's debt from before the marriage */
  char *partner_private;  /* the partner's debt from before the marriage */
  char *joint;            /* both signed, before the marriage */
  char *community;        /* the client's household debt during the marriage */
  char *paid;             /* an old, paid debt */
} Demo;

static void
demo_clear (Demo *demo)
{
  g_free (demo->dossier_id);
  g_free (demo->client_id);
  g_free (demo->partner_id);
  g_free (demo->child_id);
  g_free (demo->client_private);
  g_free (demo->partner_private);
  g_free (demo->joint);
  g_free (demo->community);
  g_free (demo->paid);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Demo, demo_clear)

static char *
add_debt (Fixture            *f,
          const char         *dossier_id,
          const char         *creditor,
          gint64              cents,
          DkContractingParty  party,
          GDate               origin,
          gboolean            household)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkDebt) debt = make_debt (creditor, cents, DK_DEBT_TYPE_OTHER, party, origin, dk_date_ymd (2019, 9, 1));
  char *id = NULL;

  debt->household_debt = household;
  dk_dossier_repo_add_debt (f->store, dossier_id, debt, &id, &error);
  g_assert_no_error (error);
  return id;
}

static void
build_split_demo (Fixture *f,
                  Demo    *demo,
                  gboolean co_parenting)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkPerson) child = new_person (DK_PERSON_ROLE_CHILD, "Noor", 2018, 5, 10);
  g_autoptr(DkPerson) partner = new_person (DK_PERSON_ROLE_PARTNER, "Mark", 1996, 11, 2);
  g_autoptr(DkHouseholdEvent) born = NULL;
  g_autoptr(DkHouseholdEvent) moves_in = NULL;
  g_autoptr(DkHouseholdEvent) wedding = NULL;
  g_autoptr(DkHouseholdEvent) request = NULL;
  g_autoptr(DkHouseholdEvent) co = NULL;
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_person_free);
  DkPerson *client = new_person (DK_PERSON_ROLE_CLIENT, "Sanne", 1998, 3, 14);
  GDate date = dk_date_ymd (2018, 3, 1);

  g_ptr_array_add (persons, client);
  dk_dossier_repo_create (f->store, "DEMO-0001", &date, persons, NULL, &demo->dossier_id, &error);
  g_assert_no_error (error);
  demo->client_id = g_strdup (client->id);

  date = dk_date_ymd (2018, 5, 10);
  born = dk_household_event_new_birth (&date, NULL, client->id);
  dk_dossier_repo_add_person (f->store, demo->dossier_id, child, born, &demo->child_id, &error);
  g_assert_no_error (error);

  date = dk_date_ymd (2018, 9, 1);
  moves_in = dk_household_event_new (DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN, &date, NULL);
  dk_dossier_repo_add_person (f->store, demo->dossier_id, partner, moves_in, &demo->partner_id, &error);
  g_assert_no_error (error);

  date = dk_date_ymd (2019, 6, 1);
  wedding = dk_household_event_new_marriage (&date, partner->id, DK_UNION_MARRIAGE,
                                             DK_MARITAL_REGIME_LIMITED_COMMUNITY);
  dk_dossier_repo_add_household_event (f->store, demo->dossier_id, wedding, NULL, &error);
  g_assert_no_error (error);

  demo->client_private = add_debt (f, demo->dossier_id, "Telecom", 30001, DK_CONTRACTING_PARTY_CLIENT,
                                   dk_date_ymd (2017, 1, 1), FALSE);
  demo->partner_private = add_debt (f, demo->dossier_id, "Studieschuld", 800000, DK_CONTRACTING_PARTY_PARTNER,
                                    dk_date_ymd (2016, 1, 1), FALSE);
  demo->joint = add_debt (f, demo->dossier_id, "Verhuurder", 120001, DK_CONTRACTING_PARTY_JOINT,
                          dk_date_ymd (2018, 12, 1), FALSE);
  demo->community = add_debt (f, demo->dossier_id, "Energie", 45555, DK_CONTRACTING_PARTY_CLIENT,
                              dk_date_ymd (2020, 1, 1), TRUE);
  demo->paid = add_debt (f, demo->dossier_id, "Webwinkel", 5000, DK_CONTRACTING_PARTY_PARTNER,
                         dk_date_ymd (2019, 8, 1), FALSE);
  date = dk_date_ymd (2020, 2, 1);
  dk_dossier_repo_add_debt_status (f->store, demo->paid, DK_DEBT_STATUS_PAID, &date, NULL, NULL, &error);
  g_assert_no_error (error);
  /* The partner's debt was confirmed before the split: its history goes along. */
  date = dk_date_ymd (2019, 10, 1);
  dk_dossier_repo_add_debt_status (f->store, demo->partner_private, DK_DEBT_STATUS_CONFIRMED, &date, NULL, NULL,
                                   &error);
  g_assert_no_error (error);

  {
    GDate from = dk_date_ymd (2018, 9, 1);
    g_autoptr(DkIncome) wages = dk_income_new (partner->id, DK_INCOME_SOURCE_EMPLOYMENT, 210000,
                                               DK_INCOME_PERIOD_MONTH, &from);
    g_autoptr(DkIncome) benefit = dk_income_new (client->id, DK_INCOME_SOURCE_BENEFIT, 130061,
                                                 DK_INCOME_PERIOD_MONTH, &from);
    g_autoptr(DkFixedCost) rent = dk_fixed_cost_new (DK_FIXED_COST_RENT, 85000, &from);
    g_autoptr(DkFixedCost) travel = dk_fixed_cost_new (DK_FIXED_COST_TRAVEL, 9000, &from);

    travel->person_id = g_strdup (partner->id);
    dk_dossier_repo_add_income (f->store, demo->dossier_id, wages, NULL, &error);
    g_assert_no_error (error);
    dk_dossier_repo_add_income (f->store, demo->dossier_id, benefit, NULL, &error);
    g_assert_no_error (error);
    dk_dossier_repo_add_fixed_cost (f->store, demo->dossier_id, rent, NULL, &error);
    g_assert_no_error (error);
    dk_dossier_repo_add_fixed_cost (f->store, demo->dossier_id, travel, NULL, &error);
    g_assert_no_error (error);
  }

  date = dk_date_ymd (2023, 2, 1);
  request = dk_household_event_new (DK_HOUSEHOLD_EVENT_DIVORCE_REQUESTED, &date, partner->id);
  dk_dossier_repo_add_household_event (f->store, demo->dossier_id, request, NULL, &error);
  g_assert_no_error (error);

  if (co_parenting)
    {
      date = dk_date_ymd (2023, 3, 1);
      co = dk_household_event_new (DK_HOUSEHOLD_EVENT_CO_PARENTING, &date, demo->child_id);
      dk_dossier_repo_add_household_event (f->store, demo->dossier_id, co, NULL, &error);
      g_assert_no_error (error);
    }
}

static GPtrArray *
group_rows (Fixture    *f,
            const char *group_id)
{
  const char *sql = "SELECT id FROM debt WHERE debt_group_id = ?1 ORDER BY created_at, id";
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_debt_free);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (dk_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, group_id, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GError) error = NULL;
      DkDebt *debt = dk_dossier_repo_load_debt (f->store, (const char *) sqlite3_column_text (stmt, 0), &error);

      g_assert_no_error (error);
      g_ptr_array_add (rows, debt);
    }
  sqlite3_finalize (stmt);
  return rows;
}

/* The rows of one debt: their shares make up the whole, and so do the amounts they bear. */
static void
assert_group (Fixture    *f,
              const char *group_id,
              guint       n_rows,
              gint64      old_share)
{
  g_autoptr(GPtrArray) rows = group_rows (f, group_id);
  gint64 shares[2] = { 0, 0 };
  gint64 parts[2] = { 0, 0 };
  gint64 total = 0;
  const DkDebt *first;

  g_assert_cmpuint (rows->len, ==, n_rows);
  first = g_ptr_array_index (rows, 0);
  g_assert_cmpint (first->share_ppm, ==, old_share);
  for (guint i = 0; i < rows->len; i++)
    {
      const DkDebt *debt = g_ptr_array_index (rows, i);

      g_assert_cmpint (debt->current_cents, ==, first->current_cents);
      shares[i] = debt->share_ppm;
      total += debt->share_ppm;
    }
  g_assert_cmpint (total, ==, 1000000);
  g_assert_true (dk_money_distribute (first->current_cents, shares, rows->len, parts, NULL));
  g_assert_cmpint (parts[0] + parts[1], ==, first->current_cents);
}

static void
test_split (Fixture       *f,
            gconstpointer  data)
{
  g_auto (Demo) demo = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *new_id = NULL;
  g_autoptr(DkDossier) new_dossier = NULL;
  g_autoptr(DkHouseholdTimeline) old_timeline = NULL;
  g_autoptr(DkHouseholdTimeline) new_timeline = NULL;
  g_autoptr(GPtrArray) old_links = NULL;
  g_autoptr(GPtrArray) new_links = NULL;
  g_autoptr(GPtrArray) new_debts = NULL;
  g_autoptr(GPtrArray) old_incomes = NULL;
  g_autoptr(GPtrArray) new_incomes = NULL;
  g_autoptr(GPtrArray) new_costs = NULL;
  g_autoptr(DkDebt) partner_old = NULL;
  const char *children[2] = { NULL, NULL };
  GDate split_date = dk_date_ymd (2023, 4, 1);
  gint64 old_events;

  build_split_demo (f, &demo, TRUE);
  old_events = count_rows (f, "SELECT count (*) FROM household_event");
  children[0] = demo.child_id;

  dk_dossier_split (f->store, demo.dossier_id, demo.partner_id, children, &split_date, &new_id, &error);
  g_assert_no_error (error);
  g_assert_true (dk_uuid_is_valid (new_id));

  new_dossier = dk_dossier_repo_load_dossier (f->store, new_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (new_dossier->number, ==, "DEMO-0001-1");
  assert_date (&new_dossier->opened_on, 2023, 4, 1);

  /* Persons: the old dossier keeps its three; the new one has copies naming their originals. */
  old_timeline = dk_dossier_repo_load_timeline (f->store, demo.dossier_id, &error);
  g_assert_no_error (error);
  new_timeline = dk_dossier_repo_load_timeline (f->store, new_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dk_household_timeline_get_n_persons (old_timeline), ==, 3);
  g_assert_cmpuint (dk_household_timeline_get_n_persons (new_timeline), ==, 3);
  {
    const DkPerson *new_client = dk_household_timeline_get_person (new_timeline,
                                                                    dk_household_timeline_get_client_id (new_timeline));

    g_assert_cmpstr (new_client->source_person_id, ==, demo.partner_id);
    g_assert_cmpstr (new_client->given_names, ==, "Mark");
    for (guint i = 0; i < 3; i++)
      g_assert_nonnull (dk_household_timeline_get_person_at (new_timeline, i)->source_person_id);
  }

  /* History: the old dossier keeps every event and adds the partner's move-out (the co-parented child
   * stays); the new one starts with the split. */
  g_assert_cmpint (count_rows (f, "SELECT count (*) FROM household_event WHERE dossier_id IN"
                                  " (SELECT id FROM dossier WHERE number = 'DEMO-0001')"), ==, old_events + 1);
  {
    const DkHouseholdEvent *first = dk_household_timeline_get_event (new_timeline, 0);

    g_assert_cmpint (first->kind, ==, DK_HOUSEHOLD_EVENT_SPLIT);
    g_assert_cmpstr (first->source_dossier_id, ==, demo.dossier_id);
    g_assert_cmpint (first->relation_kind, ==, DK_RELATION_MARRIED);
    assert_date (&first->dissolution_date, 2023, 2, 1);
  }
  {
    g_autoptr(DkHouseholdSituation) old_s = dk_household_situation_on (old_timeline, &split_date, &error);
    g_autoptr(DkHouseholdSituation) new_s = NULL;

    g_assert_no_error (error);
    new_s = dk_household_situation_on (new_timeline, &split_date, &error);
    g_assert_no_error (error);
    g_assert_cmpint (old_s->situation, ==, DK_SITUATION_SINGLE_PARENT);
    g_assert_false (old_s->relation.partner_in_household);
    g_assert_cmpint (old_s->co_parented_ids->len, ==, 1);
    g_assert_cmpint (new_s->situation, ==, DK_SITUATION_SINGLE_PARENT);
    g_assert_cmpint (new_s->relation.kind, ==, DK_RELATION_MARRIED);
    g_assert_cmpint (new_s->relation.regime, ==, DK_MARITAL_REGIME_LIMITED_COMMUNITY);
    g_assert_cmpint (new_s->co_parented_ids->len, ==, 1);
    g_assert_false (new_s->relation.partner_in_household);
  }

  /* Links both ways. */
  old_links = dk_dossier_repo_load_links (f->store, demo.dossier_id, &error);
  g_assert_no_error (error);
  new_links = dk_dossier_repo_load_links (f->store, new_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (old_links->len, ==, 1);
  g_assert_cmpuint (new_links->len, ==, 1);
  g_assert_cmpint (((DkDossierLink *) g_ptr_array_index (old_links, 0))->kind, ==, DK_DOSSIER_LINK_SPLIT_INTO);
  g_assert_cmpstr (((DkDossierLink *) g_ptr_array_index (old_links, 0))->linked_dossier_id, ==, new_id);
  g_assert_cmpint (((DkDossierLink *) g_ptr_array_index (new_links, 0))->kind, ==, DK_DOSSIER_LINK_SPLIT_FROM);
  g_assert_cmpstr (((DkDossierLink *) g_ptr_array_index (new_links, 0))->linked_dossier_id, ==, demo.dossier_id);
  assert_date (&((DkDossierLink *) g_ptr_array_index (new_links, 0))->date, 2023, 4, 1);

  /* Debts: the client's private debt stays whole; the partner's goes whole; joint and community debts
   * are kept in both with half each; the paid debt stays behind. */
  assert_group (f, demo.client_private, 1, 1000000);
  assert_group (f, demo.partner_private, 2, 0);
  assert_group (f, demo.joint, 2, 500000);
  assert_group (f, demo.community, 2, 500000);
  assert_group (f, demo.paid, 1, 1000000);

  partner_old = dk_dossier_repo_load_debt (f->store, demo.partner_private, &error);
  g_assert_no_error (error);
  g_assert_cmpint (dk_debt_get_current_status (partner_old)->status, ==, DK_DEBT_STATUS_TRANSFERRED);

  new_debts = dk_dossier_repo_load_debts (f->store, new_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (new_debts->len, ==, 3);
  for (guint i = 0; i < new_debts->len; i++)
    {
      const DkDebt *debt = g_ptr_array_index (new_debts, i);

      g_assert_nonnull (debt->source_debt_id);
      g_assert_cmpstr (debt->debt_group_id, ==, debt->source_debt_id);
      if (g_strcmp0 (debt->source_debt_id, demo.partner_private) == 0)
        {
          /* Seen from its new client, the partner's own debt is the client's; its history came along. */
          g_assert_cmpint (debt->contracting_party, ==, DK_CONTRACTING_PARTY_CLIENT);
          g_assert_cmpuint (debt->statuses->len, ==, 2);
          g_assert_cmpint (dk_debt_get_current_status (debt)->status, ==, DK_DEBT_STATUS_CONFIRMED);
        }
      else if (g_strcmp0 (debt->source_debt_id, demo.community) == 0)
        g_assert_cmpint (debt->contracting_party, ==, DK_CONTRACTING_PARTY_PARTNER);
      else
        g_assert_cmpint (debt->contracting_party, ==, DK_CONTRACTING_PARTY_JOINT);
    }

  /* Incomes: the partner's wages end the day before in the old dossier and go on in the new one;
   * the household's rent stays, the partner's travel costs go along. */
  old_incomes = dk_dossier_repo_load_incomes (f->store, demo.dossier_id, &split_date, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (old_incomes->len, ==, 1);
  g_assert_cmpint (((DkIncome *) g_ptr_array_index (old_incomes, 0))->source, ==, DK_INCOME_SOURCE_BENEFIT);
  new_incomes = dk_dossier_repo_load_incomes (f->store, new_id, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (new_incomes->len, ==, 1);
  assert_date (&((DkIncome *) g_ptr_array_index (new_incomes, 0))->valid_from, 2023, 4, 1);
  g_assert_cmpint (((DkIncome *) g_ptr_array_index (new_incomes, 0))->net_cents, ==, 210000);
  g_assert_cmpint (count_rows (f, "SELECT count (*) FROM income WHERE valid_to = '2023-03-31'"), ==, 1);
  new_costs = dk_dossier_repo_load_fixed_costs (f->store, new_id, NULL, &error);
  g_assert_cmpuint (new_costs->len, ==, 1);
  g_assert_cmpint (((DkFixedCost *) g_ptr_array_index (new_costs, 0))->kind, ==, DK_FIXED_COST_TRAVEL);

  g_assert_true (dk_store_integrity_check (f->store, &error));
  g_assert_no_error (error);

  /* A second split of the same dossier is refused: the partner no longer lives there. */
  g_assert_false (dk_dossier_split (f->store, demo.dossier_id, demo.partner_id, NULL, &split_date, NULL, &error));
  g_assert_error (error, DK_DOSSIER_SPLIT_ERROR, DK_DOSSIER_SPLIT_ERROR_NOT_PARTNER);
}

/* Without co-parenting the child leaves the old household. */
static void
test_split_child_moves (Fixture       *f,
                        gconstpointer  data)
{
  g_auto (Demo) demo = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *new_id = NULL;
  g_autoptr(DkHouseholdTimeline) old_timeline = NULL;
  g_autoptr(DkHouseholdSituation) s = NULL;
  const char *children[] = { NULL, NULL };
  GDate split_date = dk_date_ymd (2023, 4, 1);

  build_split_demo (f, &demo, FALSE);
  children[0] = demo.child_id;
  dk_dossier_split (f->store, demo.dossier_id, demo.partner_id, children, &split_date, &new_id, &error);
  g_assert_no_error (error);

  old_timeline = dk_dossier_repo_load_timeline (f->store, demo.dossier_id, &error);
  g_assert_no_error (error);
  s = dk_household_situation_on (old_timeline, &split_date, &error);
  g_assert_no_error (error);
  g_assert_cmpint (s->situation, ==, DK_SITUATION_SINGLE);
  g_assert_false (dk_household_situation_has_member (s, demo.child_id));
}

static void
test_split_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_auto (Demo) demo = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *children[] = { NULL, NULL, NULL };
  GDate split_date = dk_date_ymd (2023, 4, 1);
  GDate too_early = dk_date_ymd (2018, 6, 1);

  build_split_demo (f, &demo, TRUE);
  before = snapshot (f);

  /* The child is not the partner; the partner did not live there yet; the client cannot go as a child. */
  g_assert_false (dk_dossier_split (f->store, demo.dossier_id, demo.child_id, NULL, &split_date, NULL, &error));
  g_assert_error (error, DK_DOSSIER_SPLIT_ERROR, DK_DOSSIER_SPLIT_ERROR_NOT_PARTNER);
  g_clear_error (&error);
  g_assert_false (dk_dossier_split (f->store, demo.dossier_id, demo.partner_id, NULL, &too_early, NULL, &error));
  g_assert_error (error, DK_DOSSIER_SPLIT_ERROR, DK_DOSSIER_SPLIT_ERROR_NOT_PARTNER);
  g_clear_error (&error);
  children[0] = demo.client_id;
  g_assert_false (dk_dossier_split (f->store, demo.dossier_id, demo.partner_id, children, &split_date, NULL, &error));
  g_assert_error (error, DK_DOSSIER_SPLIT_ERROR, DK_DOSSIER_SPLIT_ERROR_CHILD);
  g_clear_error (&error);
  children[0] = demo.child_id;
  children[1] = demo.child_id;
  g_assert_false (dk_dossier_split (f->store, demo.dossier_id, demo.partner_id, children, &split_date, NULL, &error));
  g_assert_error (error, DK_DOSSIER_SPLIT_ERROR, DK_DOSSIER_SPLIT_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dk_dossier_split (f->store, demo.dossier_id, demo.partner_id, NULL, NULL, NULL, &error));
  g_assert_error (error, DK_DOSSIER_SPLIT_ERROR, DK_DOSSIER_SPLIT_ERROR_INVALID);
  g_clear_error (&error);

  after = snapshot (f);
  g_assert_cmpstr (before, ==, after);
}

/* A CHECK violation midway, after the new dossier, its persons and events and the old dossier's
 * move-out were written: nothing of the split may remain. */
static void
test_split_atomic_check_violation (Fixture       *f,
                                   gconstpointer  data)
{
  g_auto (Demo) demo = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sql = NULL;
  g_autofree char *new_id = NULL;
  GDate split_date = dk_date_ymd (2023, 4, 1);

  build_split_demo (f, &demo, TRUE);

  /* A row that breaks a CHECK, slipped in with the checks off (as a damaged or foreign file might hold
   * it): the split copies its group id into the new dossier's row, and that INSERT fails the CHECK. By
   * then the new dossier, its persons and events, the old dossier's move-out, the moved incomes and
   * costs and the debts before this one have all been written. */
  g_assert_cmpint (exec_sql (f, "PRAGMA ignore_check_constraints = ON"), ==, SQLITE_OK);
  sql = g_strdup_printf ("UPDATE debt SET debt_group_id = 'not-a-uuid' WHERE id = '%s'", demo.community);
  g_assert_cmpint (exec_sql (f, sql), ==, SQLITE_OK);
  g_assert_cmpint (exec_sql (f, "PRAGMA ignore_check_constraints = OFF"), ==, SQLITE_OK);

  before = snapshot (f);
  g_assert_false (dk_dossier_split (f->store, demo.dossier_id, demo.partner_id, NULL, &split_date, &new_id, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "CHECK"));
  g_assert_null (new_id);
  after = snapshot (f);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (count_rows (f, "SELECT count (*) FROM dossier"), ==, 1);
}

/* A failure at the very last write (the second dossier link) undoes everything before it. */
static void
test_split_atomic_last_step (Fixture       *f,
                             gconstpointer  data)
{
  g_auto (Demo) demo = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  const char *children[] = { NULL, NULL };
  GDate split_date = dk_date_ymd (2023, 4, 1);

  build_split_demo (f, &demo, TRUE);
  children[0] = demo.child_id;
  g_assert_cmpint (exec_sql (f, "CREATE TEMP TRIGGER fail_split BEFORE INSERT ON main.dossier_link"
                                " WHEN NEW.kind = 'split_from'"
                                " BEGIN SELECT RAISE (ABORT, 'forced failure'); END"), ==, SQLITE_OK);

  before = snapshot (f);
  g_assert_false (dk_dossier_split (f->store, demo.dossier_id, demo.partner_id, children, &split_date, NULL, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT);
  after = snapshot (f);
  g_assert_cmpstr (before, ==, after);

  /* Once the cause is gone the same split succeeds. */
  g_clear_error (&error);
  g_assert_cmpint (exec_sql (f, "DROP TRIGGER temp.fail_split"), ==, SQLITE_OK);
  g_assert_true (dk_dossier_split (f->store, demo.dossier_id, demo.partner_id, children, &split_date, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_rows (f, "SELECT count (*) FROM dossier_link"), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/dossier-repo/schema", test_schema);
  ADD ("/dossier-repo/schema-constraints", test_schema_constraints);
  ADD ("/dossier-repo/demo-round-trip", test_demo_round_trip);
  ADD ("/dossier-repo/refused-changes-not-stored", test_refused_changes_not_stored);
  ADD ("/dossier-repo/income-round-trip", test_income_round_trip);
  ADD ("/dossier-repo/fixed-cost-round-trip", test_fixed_cost_round_trip);
  ADD ("/dossier-repo/debt-status-history", test_debt_status_history);
  ADD ("/dossier-repo/calculation-history", test_calculation_history);
  ADD ("/dossier-repo/split", test_split);
  ADD ("/dossier-repo/split-child-moves", test_split_child_moves);
  ADD ("/dossier-repo/split-refused", test_split_refused);
  ADD ("/dossier-repo/split-atomic-check-violation", test_split_atomic_check_violation);
  ADD ("/dossier-repo/split-atomic-last-step", test_split_atomic_last_step);
#undef ADD
  g_test_add_func ("/dossier-repo/income-normalisation", test_income_normalisation);

  return g_test_run ();
}
