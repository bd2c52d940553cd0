/* Working an early-signal case (dk-signal-work.h, dk-signal-work-repo.h): the deadlines on the Dutch
 * working-day calendar, what an attempt or an end result leads to, the task list, refusals that leave
 * nothing written, and on a replica the outbox changes of one attempt in one transaction. */
#include "config.h"

#include <string.h>

#include <glib.h>
#include <json-glib/json-glib.h>

#include "dk-date.h"
#include "dk-domain-schema.h"
#include "dk-dossier-index.h"
#include "dk-dossier-repo.h"
#include "dk-replica.h"
#include "dk-signal-work-repo.h"
#include "dk-signal-work.h"
#include "dk-test-util.h"
#include "dk-uuid.h"

/* ---- the rules ---- */

static void
assert_date (const GDate *date,
             const char  *iso)
{
  g_autofree char *formatted = NULL;

  if (iso == NULL)
    {
      g_assert_false (g_date_valid (date));
      return;
    }
  g_assert_true (g_date_valid (date));
  formatted = dk_date_format_iso (date);
  g_assert_cmpstr (formatted, ==, iso);
}

static GDate
date_of (const char *iso)
{
  GDate date;

  g_date_clear (&date, 1);
  g_assert_true (dk_date_parse (iso, &date, NULL));
  return date;
}

static void
assert_phase1 (const char *opened,
               const char *due)
{
  GDate o = date_of (opened), d;

  dk_signal_phase1_due (&o, &d);
  assert_date (&d, due);
}

static void
assert_phase2 (const char *opened,
               const char *checked,
               const char *due)
{
  GDate o = date_of (opened), c, d;

  g_date_clear (&c, 1);
  if (checked != NULL)
    c = date_of (checked);
  dk_signal_phase2_due (&o, checked != NULL ? &c : NULL, &d);
  assert_date (&d, due);
  /* A cleared date is the same as none. */
  if (checked == NULL)
    {
      dk_signal_phase2_due (&o, &c, &d);
      assert_date (&d, due);
    }
}

static void
assert_revisit (const char *card,
                const char *due)
{
  GDate c = date_of (card), d;

  dk_signal_revisit_due (&c, &d);
  assert_date (&d, due);
}

static void
assert_follow_up (const char *outcome,
                  const char *due)
{
  GDate o = date_of (outcome), d;

  dk_signal_follow_up_due (&o, &d);
  assert_date (&d, due);
}

static void
test_task_kinds (void)
{
  static const DkSignalTaskKind kinds[] = { DK_SIGNAL_TASK_REVISIT, DK_SIGNAL_TASK_FOLLOW_UP,
                                            DK_SIGNAL_TASK_SIGNAL_KNOWN, DK_SIGNAL_TASK_CONTACT_FORMER_CLIENT };
  static const char * const names[] = { "revisit", "follow_up", "signal_known", "contact_former_client" };
  DkSignalTaskKind kind;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_assert_cmpstr (dk_signal_task_kind_to_string (kinds[i]), ==, names[i]);
      g_assert_true (dk_signal_task_kind_from_string (names[i], &kind));
      g_assert_cmpint (kind, ==, kinds[i]);
    }
  g_assert_null (dk_signal_task_kind_to_string ((DkSignalTaskKind) 99));
  g_assert_false (dk_signal_task_kind_from_string ("Revisit", &kind));
  g_assert_false (dk_signal_task_kind_from_string ("", &kind));
  g_assert_false (dk_signal_task_kind_from_string (NULL, &kind));
}

static void
test_stage (void)
{
  g_assert_cmpint (dk_signal_stage (FALSE, FALSE), ==, DK_SIGNAL_STAGE_CHECKS);
  g_assert_cmpint (dk_signal_stage (TRUE, FALSE), ==, DK_SIGNAL_STAGE_CONTACT);
  g_assert_cmpint (dk_signal_stage (FALSE, TRUE), ==, DK_SIGNAL_STAGE_CLOSED);
  g_assert_cmpint (dk_signal_stage (TRUE, TRUE), ==, DK_SIGNAL_STAGE_CLOSED);
}

static void
test_phase1_due (void)
{
  assert_phase1 ("2026-03-02", "2026-03-03");   /* Monday → Tuesday */
  assert_phase1 ("2026-03-06", "2026-03-09");   /* Friday → Monday */
  assert_phase1 ("2026-03-07", "2026-03-09");   /* matched on a Saturday → Monday */
  assert_phase1 ("2026-04-24", "2026-04-28");   /* Friday, then King's Day on Monday 27 April */
  assert_phase1 ("2025-12-24", "2025-12-29");   /* both Christmas days, then the weekend */
  assert_phase1 ("2025-12-31", "2026-01-02");   /* New Year's Day */
}

static void
test_phase2_due (void)
{
  /* Without the checks: three weeks after the phase-1 deadline. */
  assert_phase2 ("2026-03-02", NULL, "2026-03-24");
  /* After the checks: three weeks after they were done. */
  assert_phase2 ("2026-03-02", "2026-03-04", "2026-03-25");
  /* Ending on a Saturday: the next Monday. */
  assert_phase2 ("2026-03-02", "2026-03-07", "2026-03-30");
  /* Ending on King's Day (Monday 27 April 2026): Tuesday. */
  assert_phase2 ("2026-04-01", "2026-04-06", "2026-04-28");
  /* Ending on Christmas Day 2025 (Thursday): past Boxing Day and the weekend. */
  assert_phase2 ("2025-12-01", "2025-12-04", "2025-12-29");
  /* Without the checks, the phase-1 deadline itself moved past Christmas. */
  assert_phase2 ("2025-12-24", NULL, "2026-01-19");
}

static void
test_revisit_due (void)
{
  assert_revisit ("2026-03-02", "2026-03-09");   /* Monday → next Monday */
  assert_revisit ("2026-03-07", "2026-03-13");   /* a Saturday: Monday is the first working day */
  assert_revisit ("2026-04-21", "2026-04-29");   /* King's Day is not counted */
  assert_revisit ("2025-12-22", "2025-12-31");   /* Christmas */
  assert_revisit ("2025-12-24", "2026-01-05");   /* Christmas and New Year's Day */
}

static void
test_follow_up_due (void)
{
  assert_follow_up ("2026-03-02", "2026-09-02");
  assert_follow_up ("2025-12-15", "2026-06-15");   /* into the next year */
  assert_follow_up ("2026-01-31", "2026-07-31");
  assert_follow_up ("2026-03-31", "2026-09-30");   /* September has 30 days */
  assert_follow_up ("2026-08-31", "2027-02-28");
  assert_follow_up ("2027-08-29", "2028-02-29");   /* a leap year */
  assert_follow_up ("2027-08-31", "2028-02-29");
  assert_follow_up ("2028-02-29", "2028-08-29");
  /* No working-day rule: the day half a year later, even on a Sunday. */
  assert_follow_up ("2026-03-06", "2026-09-06");
}

static void
test_after_result (void)
{
  for (guint r = 0; r < DK_SIGNAL_N_RESULTS; r++)
    {
      DkSignalAfter expected = DK_SIGNAL_AFTER_NOTHING;

      if (r == DK_SIGNAL_RESULT_FOLLOW_UP_FINANCIAL)
        expected = DK_SIGNAL_AFTER_DEBT_HELP;
      else if (r == DK_SIGNAL_RESULT_NO_HELP_WANTED || r == DK_SIGNAL_RESULT_ALREADY_PAID)
        expected = DK_SIGNAL_AFTER_FOLLOW_UP;
      g_assert_cmpint (dk_signal_after_result ((DkSignalResult) r), ==, expected);
    }
}

static void
test_contact_rules (void)
{
  for (guint k = DK_SIGNAL_CONTACT_MAIL; k <= DK_SIGNAL_CONTACT_ADMINISTRATIVE; k++)
    {
      DkSignalContactKind kind = (DkSignalContactKind) k;
      gboolean door = kind == DK_SIGNAL_CONTACT_HOME_VISIT || kind == DK_SIGNAL_CONTACT_CARD;

      g_assert_cmpint (dk_signal_contact_makes_revisit (kind), ==, kind == DK_SIGNAL_CONTACT_CARD);
      g_assert_true (dk_signal_contact_settles_revisit (kind, TRUE));
      g_assert_cmpint (dk_signal_contact_settles_revisit (kind, FALSE), ==, door);
    }
}

static void
test_part_of_day (void)
{
  g_assert_cmpstr (dk_signal_part_of_day_for_hour (0), ==, "Ochtend");
  g_assert_cmpstr (dk_signal_part_of_day_for_hour (11), ==, "Ochtend");
  g_assert_cmpstr (dk_signal_part_of_day_for_hour (12), ==, "Middag");
  g_assert_cmpstr (dk_signal_part_of_day_for_hour (17), ==, "Middag");
  g_assert_cmpstr (dk_signal_part_of_day_for_hour (18), ==, "Avond");
  g_assert_cmpstr (dk_signal_part_of_day_for_hour (23), ==, "Avond");
  for (int h = 0; h < 24; h++)
    g_assert_true (dk_signal_part_of_day_valid (dk_signal_part_of_day_for_hour (h)));
}

/* The roles as the server names them (dk_role_to_string()); the endpoints allow the same. */
static void
test_roles (void)
{
  g_assert_true (dk_signal_role_may_import ("field_worker"));
  g_assert_true (dk_signal_role_may_import ("team_lead"));
  g_assert_true (dk_signal_role_may_import ("back_office"));
  g_assert_false (dk_signal_role_may_import ("debt_counsellor"));
  g_assert_false (dk_signal_role_may_import ("administrator"));
  g_assert_false (dk_signal_role_may_import (""));
  g_assert_false (dk_signal_role_may_import (NULL));

  g_assert_false (dk_signal_role_may_report ("field_worker"));
  g_assert_true (dk_signal_role_may_report ("team_lead"));
  g_assert_true (dk_signal_role_may_report ("back_office"));
  g_assert_false (dk_signal_role_may_report ("debt_counsellor"));
  g_assert_false (dk_signal_role_may_report (NULL));
}

static void
test_district (void)
{
  g_autofree char *a = dk_signal_district ("1234 AB");
  g_autofree char *b = dk_signal_district (" 9876ab ");
  g_autofree char *c = dk_signal_district ("0123 AB");
  g_autofree char *d = dk_signal_district ("1234 SS");
  g_autofree char *e = dk_signal_district ("Dorpsstraat");
  g_autofree char *f = dk_signal_district ("");

  g_assert_cmpstr (a, ==, "1234");
  g_assert_cmpstr (b, ==, "9876");
  g_assert_null (c);
  g_assert_null (d);
  g_assert_null (e);
  g_assert_null (f);
  g_assert_null (dk_signal_district (NULL));
}

/* ---- a store with cases ---- */

typedef struct
{
  char      *dir;
  char      *path;
  DkStore   *store;      /* a plain domain store, or the replica's */
  DkReplica *replica;    /* NULL for the plain store */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean replica = GPOINTER_TO_INT (data);

  f->dir = dk_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, replica ? "replica.sqlite" : "domain.sqlite", NULL);
  if (replica)
    {
      g_autofree char *user_id = dk_uuid_new ();
      g_autofree char *device_id = dk_uuid_new ();

      f->replica = dk_replica_open (f->path, &error);
      g_assert_no_error (error);
      dk_replica_bind_account (f->replica, user_id, device_id, &error);
      g_assert_no_error (error);
      f->store = g_object_ref (dk_replica_get_store (f->replica));
    }
  else
    {
      f->store = dk_domain_store_open (f->path, &error);
      g_assert_no_error (error);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->replica);
  dk_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
exec_sql (Fixture    *f,
          const char *sql,
          ...)
{
  sqlite3_stmt *stmt = NULL;
  va_list args;
  int i = 1;

  g_assert_cmpint (sqlite3_prepare_v2 (dk_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  va_start (args, sql);
  for (const char *value = va_arg (args, const char *); i <= sqlite3_bind_parameter_count (stmt);
       value = va_arg (args, const char *), i++)
    {
      if (value == NULL)
        sqlite3_bind_null (stmt, i);
      else
        sqlite3_bind_text (stmt, i, value, -1, SQLITE_TRANSIENT);
    }
  va_end (args);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static gint64
query_int (Fixture    *f,
           const char *sql,
           const char *arg)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (dk_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* The first column of the first row, NULL for SQL NULL or no row. */
static char *
query_text (Fixture    *f,
            const char *sql,
            const char *arg)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (dk_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* Every row of the tables a case's work touches, as text, to prove that a refused change wrote nothing. */
static char *
snapshot (Fixture *f)
{
  static const char *tables[] = { "dossier", "person", "contact", "signal_case", "signal_item", "signal_attempt",
                                  "task" };
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
  if (f->replica != NULL)
    g_string_append_printf (out, "[outbox] %" G_GINT64_FORMAT "\n",
                            query_int (f, "SELECT count (*) FROM sync_outbox", NULL));

  return g_string_free (out, FALSE);
}

static int
count_commit (void *user_data)
{
  (*(guint *) user_data)++;
  return 0;
}

/* Counts the commits on the store's connection from now on; stop with stop_counting_commits(). */
static void
count_commits (Fixture *f,
               guint   *n_commits)
{
  *n_commits = 0;
  sqlite3_commit_hook (dk_store_get_db (f->store), count_commit, n_commits);
}

static void
stop_counting_commits (Fixture *f)
{
  sqlite3_commit_hook (dk_store_get_db (f->store), NULL, NULL);
}

typedef struct
{
  const char *number;
  const char *opened_on;
  gboolean    crisis;
  gboolean    multiple;
  const char *given_names;   /* "" when the signal had no name */
  const char *prefix;
  const char *family_name;
  const char *street;
  const char *house_number;
  const char *postcode;
  const char *city;
} CaseSpec;

/* A case as the server publishes it: an early-signal dossier with its case, the resident as the
 * client person with a contact row, and the signals. */
static char *
make_case (Fixture        *f,
           const CaseSpec *spec)
{
  char *dossier_id = dk_uuid_new ();
  g_autofree char *person_id = dk_uuid_new ();
  g_autofree char *contact_id = dk_uuid_new ();
  g_autofree char *case_id = dk_uuid_new ();
  g_autofree char *item1 = dk_uuid_new ();
  g_autofree char *item2 = dk_uuid_new ();
  g_autofree char *now = dk_domain_timestamp_now ();

  exec_sql (f, "INSERT INTO dossier (id, number, opened_on, kind, created_at, updated_at)"
               " VALUES (?1, ?2, ?3, 'early_signal', ?4, ?4)",
            dossier_id, spec->number, spec->opened_on, now);
  exec_sql (f, "INSERT INTO person (id, dossier_id, role, given_names, family_name_prefix, family_name,"
               " created_at, updated_at) VALUES (?1, ?2, 'client', ?3, ?4, ?5, ?6, ?6)",
            person_id, dossier_id, spec->given_names, spec->prefix, spec->family_name, now);
  exec_sql (f, "INSERT INTO contact (id, dossier_id, person_id, street, house_number, postcode, city, phone,"
               " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, '+31612345678', ?8, ?8)",
            contact_id, dossier_id, person_id, spec->street, spec->house_number, spec->postcode, spec->city, now);
  exec_sql (f, "INSERT INTO signal_case (id, dossier_id, opened_on, multiple, crisis, created_at, updated_at)"
               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            case_id, dossier_id, spec->opened_on, spec->multiple ? "1" : "0", spec->crisis ? "1" : "0", now);
  /* Two signals, the later one given first; one without an amount. */
  exec_sql (f, "INSERT INTO signal_item (id, dossier_id, partner_type, partner_name, amount_cents, arose_on,"
               " signal_date, crisis, warm_handover, repeat, created_at, updated_at)"
               " VALUES (?1, ?2, 'Energie', 'Energiebedrijf', NULL, NULL, ?3, ?4, 0, 0, ?5, ?5)",
            item1, dossier_id, spec->opened_on, spec->crisis ? "1" : "0", now);
  exec_sql (f, "INSERT INTO signal_item (id, dossier_id, partner_type, partner_name, amount_cents, arose_on,"
               " signal_date, crisis, warm_handover, repeat, created_at, updated_at)"
               " VALUES (?1, ?2, 'Huur', NULL, 123456, '2026-01-01', '2026-02-01', 0, 1, 0, ?3, ?3)",
            item2, dossier_id, now);
  return dossier_id;
}

static char *
make_default_case (Fixture    *f,
                   const char *number)
{
  CaseSpec spec = { number, "2026-03-02", FALSE, TRUE, "  Sanne ", "van", "Dijk", "Dorpsstraat", "12a",
                    "1234 AB", "Utrecht" };

  return make_case (f, &spec);
}

/* A running debt-help dossier with a signal_known task, as the server makes it for a known household. */
static char *
make_debt_help_dossier_with_task (Fixture     *f,
                                  const char  *number,
                                  const char  *due_on,
                                  char       **out_task_id)
{
  char *dossier_id = dk_uuid_new ();
  g_autofree char *person_id = dk_uuid_new ();
  g_autofree char *task_id = dk_uuid_new ();
  g_autofree char *now = dk_domain_timestamp_now ();

  exec_sql (f, "INSERT INTO dossier (id, number, opened_on, kind, phase, created_at, updated_at)"
               " VALUES (?1, ?2, '2025-06-01', 'debt_help', 'stabilisation', ?3, ?3)",
            dossier_id, number, now);
  exec_sql (f, "INSERT INTO person (id, dossier_id, role, given_names, family_name_prefix, family_name,"
               " created_at, updated_at) VALUES (?1, ?2, 'client', 'Karel', NULL, 'Bakker', ?3, ?3)",
            person_id, dossier_id, now);
  exec_sql (f, "INSERT INTO task (id, dossier_id, kind, due_on, created_at, updated_at)"
               " VALUES (?1, ?2, 'signal_known', ?3, ?4, ?4)",
            task_id, dossier_id, due_on, now);
  if (out_task_id != NULL)
    *out_task_id = g_steal_pointer (&task_id);
  return dossier_id;
}

static DkSignalCaseView *
load (Fixture    *f,
      const char *dossier_id)
{
  g_autoptr(GError) error = NULL;
  DkSignalCaseView *view = dk_signal_work_load (f->store, dossier_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (view);
  return view;
}

static void
add_attempt (Fixture             *f,
             const char          *dossier_id,
             DkSignalContactKind  kind,
             gboolean             reached,
             const char          *date,
             char               **out_task_id)
{
  g_autoptr(GError) error = NULL;
  GDate d = date_of (date);
  GDate today = date_of ("2026-06-30");

  g_assert_true (dk_signal_work_add_attempt (f->store, dossier_id, kind, reached, &d, NULL, &today, out_task_id,
                                             &error));
  g_assert_no_error (error);
}

static void
set_outcome (Fixture        *f,
             const char     *dossier_id,
             DkSignalResult  result,
             const char     *date)
{
  g_autoptr(GError) error = NULL;
  GDate d = date_of (date);
  GDate today = date_of ("2026-06-30");

  g_assert_true (dk_signal_work_set_outcome (f->store, dossier_id, result, &d, &today, &error));
  g_assert_no_error (error);
}

static void
test_load (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *dossier_id = make_default_case (f, "VS-2026-0001");
  CaseSpec nameless = { "VS-2026-0002", "2026-03-07", TRUE, FALSE, "", NULL, "", NULL, "7", "9876 ZX", NULL };
  g_autofree char *nameless_id = make_case (f, &nameless);
  g_autoptr(DkSignalCaseView) view = load (f, dossier_id);
  g_autoptr(DkSignalCaseView) other = load (f, nameless_id);
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = dk_uuid_new ();
  DkSignalItem *item;

  g_assert_cmpstr (view->dossier_id, ==, dossier_id);
  g_assert_cmpstr (view->number, ==, "VS-2026-0001");
  g_assert_nonnull (view->case_id);
  g_assert_false (view->help_accepted);
  assert_date (&view->opened_on, "2026-03-02");
  g_assert_true (view->multiple);
  g_assert_false (view->crisis);
  assert_date (&view->checked_on, NULL);
  g_assert_null (view->outcome_code);
  assert_date (&view->outcome_on, NULL);
  g_assert_cmpint (view->stage, ==, DK_SIGNAL_STAGE_CHECKS);
  assert_date (&view->phase1_due, "2026-03-03");
  assert_date (&view->phase2_due, "2026-03-24");
  assert_date (&view->picked_up_on, NULL);
  assert_date (&view->first_contact_on, NULL);
  g_assert_cmpstr (view->resident, ==, "Sanne van Dijk");
  g_assert_nonnull (view->person_id);
  g_assert_nonnull (view->contact_id);
  g_assert_cmpstr (view->street, ==, "Dorpsstraat");
  g_assert_cmpstr (view->house_number, ==, "12a");
  g_assert_cmpstr (view->postcode, ==, "1234 AB");
  g_assert_cmpstr (view->city, ==, "Utrecht");
  g_assert_cmpstr (view->phone, ==, "+31612345678");
  g_assert_null (view->email);
  g_assert_cmpuint (view->attempts->len, ==, 0);
  g_assert_cmpuint (view->tasks->len, ==, 0);

  /* By signal date: the rent arrears of February first. */
  g_assert_cmpuint (view->signals->len, ==, 2);
  item = g_ptr_array_index (view->signals, 0);
  g_assert_cmpstr (item->partner_type, ==, "Huur");
  g_assert_null (item->partner_name);
  g_assert_true (item->has_amount);
  g_assert_cmpint (item->amount_cents, ==, 123456);
  assert_date (&item->arose_on, "2026-01-01");
  assert_date (&item->signal_date, "2026-02-01");
  g_assert_true (item->warm_handover);
  item = g_ptr_array_index (view->signals, 1);
  g_assert_cmpstr (item->partner_type, ==, "Energie");
  g_assert_cmpstr (item->partner_name, ==, "Energiebedrijf");
  g_assert_false (item->has_amount);
  assert_date (&item->arose_on, NULL);

  /* A signal without a name: no resident; matched on a Saturday. */
  g_assert_null (other->resident);
  g_assert_true (other->crisis);
  assert_date (&other->phase1_due, "2026-03-09");
  g_assert_null (other->street);
  g_assert_cmpstr (other->house_number, ==, "7");

  /* Not a case. */
  g_assert_null (dk_signal_work_load (f->store, missing, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
}

static void
test_mark_checked (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *dossier_id = make_default_case (f, "VS-2026-0001");
  g_autofree char *before = snapshot (f);
  g_autofree char *after = NULL;
  g_autoptr(DkSignalCaseView) view = NULL;
  g_autoptr(GError) error = NULL;
  GDate early = date_of ("2026-03-01");
  GDate checked = date_of ("2026-03-04");

  g_assert_false (dk_signal_work_mark_checked (f->store, dossier_id, &early, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_INVALID);
  g_clear_error (&error);
  after = snapshot (f);
  g_assert_cmpstr (after, ==, before);

  g_assert_true (dk_signal_work_mark_checked (f->store, dossier_id, &checked, &error));
  g_assert_no_error (error);
  view = load (f, dossier_id);
  g_assert_cmpint (view->stage, ==, DK_SIGNAL_STAGE_CONTACT);
  assert_date (&view->checked_on, "2026-03-04");
  assert_date (&view->phase2_due, "2026-03-25");

  /* The same date again writes nothing. */
  g_clear_pointer (&before, g_free);
  before = snapshot (f);
  g_assert_true (dk_signal_work_mark_checked (f->store, dossier_id, &checked, &error));
  g_assert_no_error (error);
  g_clear_pointer (&after, g_free);
  after = snapshot (f);
  g_assert_cmpstr (after, ==, before);
}

static void
test_card_then_visit (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *dossier_id = make_default_case (f, "VS-2026-0001");
  g_autofree char *task_id = NULL;
  g_autofree char *no_task = NULL;
  g_autofree char *second_task = NULL;
  g_autoptr(DkSignalCaseView) view = NULL;
  DkSignalTask *task;
  DkSignalAttempt *attempt;

  /* Friday 24 April 2026: a card; five working days later, King's Day not counted. */
  add_attempt (f, dossier_id, DK_SIGNAL_CONTACT_CARD, FALSE, "2026-04-24", &task_id);
  g_assert_nonnull (task_id);
  view = load (f, dossier_id);
  g_assert_cmpuint (view->attempts->len, ==, 1);
  attempt = g_ptr_array_index (view->attempts, 0);
  g_assert_cmpstr (attempt->kind, ==, "Kaartje");
  g_assert_false (attempt->reached);
  assert_date (&attempt->attempt_date, "2026-04-24");
  g_assert_null (attempt->part_of_day);
  assert_date (&view->picked_up_on, "2026-04-24");
  assert_date (&view->first_contact_on, NULL);
  g_assert_cmpuint (view->tasks->len, ==, 1);
  task = g_ptr_array_index (view->tasks, 0);
  g_assert_cmpstr (task->id, ==, task_id);
  g_assert_cmpint (task->kind, ==, DK_SIGNAL_TASK_REVISIT);
  assert_date (&task->due_on, "2026-05-04");
  assert_date (&task->done_on, NULL);
  g_clear_pointer (&view, dk_signal_case_view_free);

  /* A phone call that did not reach anyone settles nothing and makes no task. */
  add_attempt (f, dossier_id, DK_SIGNAL_CONTACT_PHONE, FALSE, "2026-04-28", &no_task);
  g_assert_null (no_task);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM task WHERE done_on IS NULL", NULL), ==, 1);

  /* A home visit dated before the card is not the revisit the card asked for. */
  add_attempt (f, dossier_id, DK_SIGNAL_CONTACT_HOME_VISIT, FALSE, "2026-04-23", NULL);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM task WHERE done_on IS NULL", NULL), ==, 1);

  /* The later home visit settles it, on its own date, and makes no new task. */
  add_attempt (f, dossier_id, DK_SIGNAL_CONTACT_HOME_VISIT, FALSE, "2026-05-04", &no_task);
  g_assert_null (no_task);
  view = load (f, dossier_id);
  g_assert_cmpuint (view->tasks->len, ==, 1);
  task = g_ptr_array_index (view->tasks, 0);
  assert_date (&task->done_on, "2026-05-04");
  g_assert_cmpuint (view->attempts->len, ==, 4);
  /* By date: the back-dated visit first. */
  attempt = g_ptr_array_index (view->attempts, 0);
  assert_date (&attempt->attempt_date, "2026-04-23");
  assert_date (&view->picked_up_on, "2026-04-23");
  g_clear_pointer (&view, dk_signal_case_view_free);

  /* A card left again brings a revisit of its own; a later card settles the earlier one. */
  g_clear_pointer (&task_id, g_free);
  add_attempt (f, dossier_id, DK_SIGNAL_CONTACT_CARD, FALSE, "2026-05-11", &task_id);
  add_attempt (f, dossier_id, DK_SIGNAL_CONTACT_CARD, FALSE, "2026-05-18", &second_task);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM task WHERE done_on IS NULL", NULL), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM task WHERE done_on IS NULL AND id = ?1", second_task), ==, 1);

  /* Reaching the resident by phone settles that one too, and is the first contact. */
  add_attempt (f, dossier_id, DK_SIGNAL_CONTACT_PHONE, TRUE, "2026-05-19", NULL);
  view = load (f, dossier_id);
  assert_date (&view->first_contact_on, "2026-05-19");
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM task WHERE done_on IS NULL", NULL), ==, 0);
  /* Done tasks after open ones, both by due date. */
  g_assert_cmpuint (view->tasks->len, ==, 3);
}

static void
test_attempt_refusals (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *dossier_id = make_default_case (f, "VS-2026-0001");
  g_autofree char *missing = dk_uuid_new ();
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *task_id = NULL;
  g_autoptr(GError) error = NULL;
  GDate today = date_of ("2026-04-01");
  GDate tomorrow = date_of ("2026-04-02");
  GDate before_opened = date_of ("2026-03-01");
  GDate fine = date_of ("2026-03-10");
  guint n_commits = 0;

  before = snapshot (f);
  count_commits (f, &n_commits);

  g_assert_false (dk_signal_work_add_attempt (f->store, dossier_id, DK_SIGNAL_CONTACT_CARD, FALSE, &tomorrow, NULL,
                                              &today, &task_id, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_INVALID);
  g_assert_null (task_id);
  g_clear_error (&error);

  g_assert_false (dk_signal_work_add_attempt (f->store, dossier_id, DK_SIGNAL_CONTACT_CARD, FALSE, &before_opened,
                                              NULL, &today, &task_id, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_INVALID);
  g_assert_null (task_id);
  g_clear_error (&error);

  g_assert_false (dk_signal_work_add_attempt (f->store, dossier_id, DK_SIGNAL_CONTACT_CARD, FALSE, &fine,
                                              "Nacht", &today, &task_id, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (dk_signal_work_add_attempt (f->store, dossier_id, (DkSignalContactKind) 42, FALSE, &fine,
                                              NULL, &today, &task_id, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (dk_signal_work_add_attempt (f->store, missing, DK_SIGNAL_CONTACT_CARD, FALSE, &fine,
                                              NULL, &today, &task_id, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  stop_counting_commits (f);
  g_assert_cmpuint (n_commits, ==, 0);
  after = snapshot (f);
  g_assert_cmpstr (after, ==, before);

  /* A closed case takes no more attempts. */
  set_outcome (f, dossier_id, DK_SIGNAL_RESULT_NO_CONTACT, "2026-03-20");
  g_clear_pointer (&before, g_free);
  before = snapshot (f);
  g_assert_false (dk_signal_work_add_attempt (f->store, dossier_id, DK_SIGNAL_CONTACT_CARD, FALSE, &fine,
                                              "Ochtend", &today, &task_id, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_INVALID);
  g_assert_null (task_id);
  g_clear_pointer (&after, g_free);
  after = snapshot (f);
  g_assert_cmpstr (after, ==, before);
}

static GPtrArray *
index_query (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  DkDossierQuery query;
  GPtrArray *summaries;

  dk_dossier_query_init (&query);
  query.phase = DK_PHASE_FILTER_ANY;
  query.today = date_of ("2026-06-30");
  summaries = dk_dossier_index_query (f->store, &query, &error);
  g_assert_no_error (error);
  return summaries;
}

static gboolean
index_has (GPtrArray  *summaries,
           const char *dossier_id)
{
  for (guint i = 0; i < summaries->len; i++)
    if (g_strcmp0 (((DkDossierSummary *) g_ptr_array_index (summaries, i))->id, dossier_id) == 0)
      return TRUE;
  return FALSE;
}

static void
test_help_accepted (Fixture       *f,
                    gconstpointer  data)
{
  CaseSpec spec = { "VS-2026-0003", "2026-03-02", TRUE, FALSE, "Sanne", "van", "Dijk", "Dorpsstraat", "12",
                    "1234 AB", "Utrecht" };
  g_autofree char *dossier_id = make_case (f, &spec);
  g_autofree char *task_id = NULL;
  g_autoptr(DkSignalCaseView) view = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *phase = NULL;
  g_autofree char *registered_on = NULL;
  DkSignalTask *task;

  if (f->replica != NULL)
    {
      before = index_query (f);
      g_assert_false (index_has (before, dossier_id));
    }

  add_attempt (f, dossier_id, DK_SIGNAL_CONTACT_CARD, FALSE, "2026-03-05", &task_id);
  set_outcome (f, dossier_id, DK_SIGNAL_RESULT_FOLLOW_UP_FINANCIAL, "2026-03-09");

  kind = query_text (f, "SELECT kind FROM dossier WHERE id = ?1", dossier_id);
  phase = query_text (f, "SELECT phase FROM dossier WHERE id = ?1", dossier_id);
  registered_on = query_text (f, "SELECT registered_on FROM dossier WHERE id = ?1", dossier_id);
  g_assert_cmpstr (kind, ==, "debt_help");
  g_assert_cmpstr (phase, ==, "registration");
  g_assert_cmpstr (registered_on, ==, "2026-03-09");
  /* The crisis of the signal is the crisis of the request for help. */
  g_assert_cmpint (query_int (f, "SELECT crisis FROM dossier WHERE id = ?1", dossier_id), ==, 1);
  /* The resident lives in the household from the day the case was opened, so it can be calculated. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM household_event AS e JOIN person AS p ON p.id = e.person_id"
                                 " WHERE e.dossier_id = ?1 AND e.kind = 'move_in' AND e.event_date = '2026-03-02'"
                                 " AND p.role = 'client'", dossier_id), ==, 1);

  view = load (f, dossier_id);
  g_assert_true (view->help_accepted);
  g_assert_cmpint (view->stage, ==, DK_SIGNAL_STAGE_CLOSED);
  g_assert_cmpstr (view->outcome_code, ==, "Vervolghulp en/of verwijzing financieel");
  assert_date (&view->outcome_on, "2026-03-09");
  g_assert_cmpstr (view->resident, ==, "Sanne van Dijk");
  /* The open revisit is done: nobody goes to the door of a closed case. */
  g_assert_cmpuint (view->tasks->len, ==, 1);
  task = g_ptr_array_index (view->tasks, 0);
  assert_date (&task->done_on, "2026-03-09");

  if (f->replica != NULL)
    {
      DkDossierSummary *summary = NULL;

      after = index_query (f);
      g_assert_true (index_has (after, dossier_id));
      for (guint i = 0; i < after->len; i++)
        if (g_strcmp0 (((DkDossierSummary *) g_ptr_array_index (after, i))->id, dossier_id) == 0)
          summary = g_ptr_array_index (after, i);
      g_assert_cmpstr (summary->client_name, ==, "Sanne van Dijk");
      g_assert_cmpint (summary->phase, ==, DK_CASE_PHASE_REGISTRATION);
      /* Registered on Monday 9 March in crisis: the first conversation within 3 working days. */
      g_assert_cmpint (summary->deadline_kind, ==, DK_WGS_DEADLINE_FIRST_CONVERSATION);
      assert_date (&summary->deadline, "2026-03-12");
    }
}

static void
test_follow_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *no_help = make_default_case (f, "VS-2026-0001");
  g_autofree char *paid = make_default_case (f, "VS-2026-0002");
  g_autofree char *no_contact = make_default_case (f, "VS-2026-0003");
  g_autoptr(DkSignalCaseView) view = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *kind = NULL;
  GDate date = date_of ("2026-04-01");
  GDate today = date_of ("2026-06-30");
  DkSignalTask *task;

  set_outcome (f, no_help, DK_SIGNAL_RESULT_NO_HELP_WANTED, "2026-03-31");
  view = load (f, no_help);
  g_assert_false (view->help_accepted);
  g_assert_cmpint (view->stage, ==, DK_SIGNAL_STAGE_CLOSED);
  g_assert_cmpuint (view->tasks->len, ==, 1);
  task = g_ptr_array_index (view->tasks, 0);
  g_assert_cmpint (task->kind, ==, DK_SIGNAL_TASK_FOLLOW_UP);
  assert_date (&task->due_on, "2026-09-30");
  assert_date (&task->done_on, NULL);
  kind = query_text (f, "SELECT kind FROM dossier WHERE id = ?1", no_help);
  g_assert_cmpstr (kind, ==, "early_signal");
  g_clear_pointer (&view, dk_signal_case_view_free);

  set_outcome (f, paid, DK_SIGNAL_RESULT_ALREADY_PAID, "2026-03-10");
  view = load (f, paid);
  task = g_ptr_array_index (view->tasks, 0);
  g_assert_cmpint (task->kind, ==, DK_SIGNAL_TASK_FOLLOW_UP);
  assert_date (&task->due_on, "2026-09-10");
  g_clear_pointer (&view, dk_signal_case_view_free);

  /* Other end results close the case and nothing more. */
  set_outcome (f, no_contact, DK_SIGNAL_RESULT_NO_CONTACT, "2026-03-24");
  view = load (f, no_contact);
  g_assert_cmpuint (view->tasks->len, ==, 0);
  g_assert_false (view->help_accepted);

  /* A closed case refuses a second outcome; nothing is written. */
  before = snapshot (f);
  g_assert_false (dk_signal_work_set_outcome (f->store, no_help, DK_SIGNAL_RESULT_FOLLOW_UP_FINANCIAL, &date,
                                              &today, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_INVALID);
  g_clear_error (&error);
  after = snapshot (f);
  g_assert_cmpstr (after, ==, before);
}

static void
test_outcome_refusals (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *dossier_id = make_default_case (f, "VS-2026-0001");
  g_autofree char *missing = dk_uuid_new ();
  g_autofree char *before = snapshot (f);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  GDate today = date_of ("2026-04-01");
  GDate tomorrow = date_of ("2026-04-02");
  GDate before_opened = date_of ("2026-03-01");
  guint n_commits = 0;

  count_commits (f, &n_commits);
  g_assert_false (dk_signal_work_set_outcome (f->store, dossier_id, DK_SIGNAL_RESULT_NO_HELP_WANTED, &tomorrow,
                                              &today, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dk_signal_work_set_outcome (f->store, dossier_id, DK_SIGNAL_RESULT_FOLLOW_UP_FINANCIAL,
                                              &before_opened, &today, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dk_signal_work_set_outcome (f->store, dossier_id, (DkSignalResult) 99, &today, &today, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dk_signal_work_set_outcome (f->store, missing, DK_SIGNAL_RESULT_NO_HELP_WANTED, &today, &today,
                                              &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  stop_counting_commits (f);

  g_assert_cmpuint (n_commits, ==, 0);
  after = snapshot (f);
  g_assert_cmpstr (after, ==, before);
}

static void
test_complete_task (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *task_id = NULL;
  g_autofree char *dossier_id = make_debt_help_dossier_with_task (f, "2025-0001", "2026-03-05", &task_id);
  g_autofree char *missing = dk_uuid_new ();
  g_autofree char *done_on = NULL;
  g_autoptr(GError) error = NULL;
  GDate date = date_of ("2026-03-04");

  g_assert_true (dk_signal_work_complete_task (f->store, task_id, &date, &error));
  g_assert_no_error (error);
  done_on = query_text (f, "SELECT done_on FROM task WHERE id = ?1", task_id);
  g_assert_cmpstr (done_on, ==, "2026-03-04");

  g_assert_false (dk_signal_work_complete_task (f->store, task_id, &date, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (dk_signal_work_complete_task (f->store, missing, &date, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
}

static const DkSignalTaskLine *
line_at (GPtrArray *lines,
         guint      i)
{
  g_assert_cmpuint (i, <, lines->len);
  return g_ptr_array_index (lines, i);
}

static GPtrArray *
list_tasks (Fixture  *f,
            gboolean  include_closed)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *lines = dk_signal_work_list_tasks (f->store, include_closed, &error);

  g_assert_no_error (error);
  g_assert_nonnull (lines);
  return lines;
}

static void
test_list_tasks (Fixture       *f,
                 gconstpointer  data)
{
  /* A and B open on the same day, B in crisis; C checked; D closed; E a debt-help dossier with a task. */
  CaseSpec spec_a = { "VS-2026-0010", "2026-03-02", FALSE, TRUE, "Sanne", "van", "Dijk", "Dorpsstraat", "12a",
                      "1234 AB", "Utrecht" };
  CaseSpec spec_b = { "VS-2026-0020", "2026-03-02", TRUE, FALSE, "", NULL, "", NULL, NULL, NULL, NULL };
  CaseSpec spec_c = { "VS-2026-0005", "2026-02-23", FALSE, FALSE, "Piet", NULL, "Jansen", "Kerkweg", "3",
                      "5678 CD", "Houten" };
  CaseSpec spec_d = { "VS-2026-0001", "2026-02-02", FALSE, FALSE, "Anna", NULL, "de Boer", NULL, NULL, NULL,
                      NULL };
  g_autofree char *a = make_case (f, &spec_a);
  g_autofree char *b = make_case (f, &spec_b);
  g_autofree char *c = make_case (f, &spec_c);
  g_autofree char *d = make_case (f, &spec_d);
  g_autofree char *known_task = NULL;
  g_autofree char *e = make_debt_help_dossier_with_task (f, "2025-0007", "2026-03-10", &known_task);
  g_autofree char *revisit = NULL;
  g_autoptr(GPtrArray) lines = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *removed_task = dk_uuid_new ();
  g_autofree char *done_task = dk_uuid_new ();
  g_autofree char *now = dk_domain_timestamp_now ();
  GDate checked = date_of ("2026-02-24");
  const DkSignalTaskLine *line;

  g_assert_true (dk_signal_work_mark_checked (f->store, c, &checked, &error));
  g_assert_no_error (error);
  /* C: a card on Monday 9 March, revisit on Monday 16 March; phase 2 ends 17 March. */
  add_attempt (f, c, DK_SIGNAL_CONTACT_CARD, FALSE, "2026-03-09", &revisit);
  set_outcome (f, d, DK_SIGNAL_RESULT_QUICK_FIX, "2026-02-20");
  /* Tasks that are done or removed are not listed. */
  exec_sql (f, "INSERT INTO task (id, dossier_id, kind, due_on, done_on, created_at, updated_at)"
               " VALUES (?1, ?2, 'signal_known', '2026-03-01', '2026-03-01', ?3, ?3)",
            done_task, e, now);
  exec_sql (f, "INSERT INTO task (id, dossier_id, kind, due_on, created_at, updated_at, removed_at)"
               " VALUES (?1, ?2, 'signal_known', '2026-03-01', ?3, ?3, ?3)",
            removed_task, e, now);

  lines = list_tasks (f, FALSE);
  g_assert_cmpuint (lines->len, ==, 5);

  /* Tuesday 3 March, the phase-1 deadline of B and A: the crisis first. */
  line = line_at (lines, 0);
  g_assert_cmpstr (line->dossier_id, ==, b);
  g_assert_null (line->task_id);
  g_assert_true (line->has_case);
  g_assert_cmpint (line->stage, ==, DK_SIGNAL_STAGE_CHECKS);
  assert_date (&line->due_on, "2026-03-03");
  g_assert_true (line->crisis);
  g_assert_null (line->resident);
  g_assert_null (line->street);
  g_assert_null (line->district);
  line = line_at (lines, 1);
  g_assert_cmpstr (line->dossier_id, ==, a);
  g_assert_cmpstr (line->number, ==, "VS-2026-0010");
  g_assert_false (line->crisis);
  g_assert_true (line->multiple);
  g_assert_cmpuint (line->n_signals, ==, 2);
  g_assert_cmpint (line->total_cents, ==, 123456);
  g_assert_cmpstr (line->resident, ==, "Sanne van Dijk");
  g_assert_cmpstr (line->street, ==, "Dorpsstraat");
  g_assert_cmpstr (line->house_number, ==, "12a");
  g_assert_cmpstr (line->postcode, ==, "1234 AB");
  g_assert_cmpstr (line->city, ==, "Utrecht");
  g_assert_cmpstr (line->district, ==, "1234");

  /* Tuesday 10 March: the task of the running debt-help dossier. */
  line = line_at (lines, 2);
  g_assert_cmpstr (line->dossier_id, ==, e);
  g_assert_cmpstr (line->task_id, ==, known_task);
  g_assert_cmpint (line->task_kind, ==, DK_SIGNAL_TASK_SIGNAL_KNOWN);
  g_assert_false (line->has_case);
  assert_date (&line->due_on, "2026-03-10");
  g_assert_cmpstr (line->resident, ==, "Karel Bakker");
  g_assert_cmpuint (line->n_signals, ==, 0);

  /* Monday 16 March C's revisit, Tuesday 17 March C's phase-2 deadline. */
  line = line_at (lines, 3);
  g_assert_cmpstr (line->task_id, ==, revisit);
  g_assert_cmpint (line->task_kind, ==, DK_SIGNAL_TASK_REVISIT);
  g_assert_true (line->has_case);
  g_assert_cmpint (line->stage, ==, DK_SIGNAL_STAGE_CONTACT);
  assert_date (&line->due_on, "2026-03-16");
  g_assert_cmpstr (line->district, ==, "5678");
  line = line_at (lines, 4);
  g_assert_cmpstr (line->dossier_id, ==, c);
  g_assert_null (line->task_id);
  g_assert_cmpint (line->stage, ==, DK_SIGNAL_STAGE_CONTACT);
  assert_date (&line->due_on, "2026-03-17");
  g_assert_cmpstr (line->resident, ==, "Piet Jansen");

  /* With the closed cases: D after every open line, on its outcome date. */
  all = list_tasks (f, TRUE);
  g_assert_cmpuint (all->len, ==, 6);
  for (guint i = 0; i < lines->len; i++)
    {
      g_assert_cmpstr (line_at (all, i)->dossier_id, ==, line_at (lines, i)->dossier_id);
      g_assert_cmpstr (line_at (all, i)->task_id, ==, line_at (lines, i)->task_id);
    }
  line = line_at (all, 5);
  g_assert_cmpstr (line->dossier_id, ==, d);
  g_assert_null (line->task_id);
  g_assert_cmpint (line->stage, ==, DK_SIGNAL_STAGE_CLOSED);
  assert_date (&line->due_on, "2026-02-20");
  g_assert_cmpstr (line->resident, ==, "Anna de Boer");
}

static void
test_list_tasks_follow_up (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *dossier_id = make_default_case (f, "VS-2026-0001");
  g_autoptr(GPtrArray) lines = NULL;
  const DkSignalTaskLine *line;

  /* A declined offer: the case leaves the list, its follow-up task comes in. */
  set_outcome (f, dossier_id, DK_SIGNAL_RESULT_NO_HELP_WANTED, "2026-03-05");
  lines = list_tasks (f, FALSE);
  g_assert_cmpuint (lines->len, ==, 1);
  line = line_at (lines, 0);
  g_assert_cmpint (line->task_kind, ==, DK_SIGNAL_TASK_FOLLOW_UP);
  g_assert_true (line->has_case);
  g_assert_cmpint (line->stage, ==, DK_SIGNAL_STAGE_CLOSED);
  assert_date (&line->due_on, "2026-09-05");
}

/* ---- on a replica ---- */

static char *
outbox_fields (Fixture    *f,
               const char *table,
               const char *op)
{
  g_autofree char *sql = g_strdup_printf ("SELECT fields FROM sync_outbox WHERE state = 'pending'"
                                          " AND record_table = '%s' AND op = '%s'", table, op);

  return query_text (f, sql, NULL);
}

static void
send_outbox (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) batch = dk_replica_take_batch (f->replica, 1000, &error);

  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM sync_outbox WHERE state = 'pending'", NULL), ==, 0);
}

/* @fields_json has exactly the members @... (NULL-terminated). */
static void
assert_members (const char *fields_json,
                ...)
{
  g_autoptr(JsonNode) node = json_from_string (fields_json, NULL);
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  va_list args;
  guint n = 0;

  g_assert_nonnull (node);
  object = json_node_get_object (node);
  va_start (args, fields_json);
  for (const char *name = va_arg (args, const char *); name != NULL; name = va_arg (args, const char *))
    {
      g_assert_true (json_object_has_member (object, name));
      n++;
    }
  va_end (args);
  members = json_object_get_members (object);
  g_assert_cmpuint (g_list_length (members), ==, n);
}

static void
test_replica_outbox (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *dossier_id = make_default_case (f, "VS-2026-0001");
  g_autofree char *task_id = NULL;
  g_autofree char *fields = NULL;
  g_autoptr(GError) error = NULL;
  GDate date = date_of ("2026-03-05");
  GDate today = date_of ("2026-03-05");
  guint n_commits = 0;

  send_outbox (f);

  /* A card: the attempt and its revisit task, both captured, in one commit. */
  count_commits (f, &n_commits);
  g_assert_true (dk_signal_work_add_attempt (f->store, dossier_id, DK_SIGNAL_CONTACT_CARD, FALSE, &date, "Middag",
                                             &today, &task_id, &error));
  g_assert_no_error (error);
  stop_counting_commits (f);
  g_assert_cmpuint (n_commits, ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM sync_outbox WHERE state = 'pending'", NULL), ==, 2);
  fields = outbox_fields (f, "signal_attempt", "insert");
  g_assert_nonnull (fields);
  g_assert_nonnull (strstr (fields, "\"kind\":\"Kaartje\""));
  g_assert_nonnull (strstr (fields, "\"part_of_day\":\"Middag\""));
  g_assert_nonnull (strstr (fields, "\"attempt_date\":\"2026-03-05\""));
  g_clear_pointer (&fields, g_free);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM sync_outbox WHERE state = 'pending' AND record_table = 'task'"
                                 " AND op = 'insert' AND record_id = ?1", task_id), ==, 1);
  fields = outbox_fields (f, "task", "insert");
  g_assert_nonnull (strstr (fields, "\"kind\":\"revisit\""));
  g_assert_nonnull (strstr (fields, "\"due_on\":\"2026-03-12\""));
  g_clear_pointer (&fields, g_free);
  send_outbox (f);

  /* A home visit: the attempt, and the task's done_on alone. */
  g_assert_true (dk_signal_work_add_attempt (f->store, dossier_id, DK_SIGNAL_CONTACT_HOME_VISIT, FALSE, &date,
                                             NULL, &today, NULL, &error));
  g_assert_no_error (error);
  fields = outbox_fields (f, "task", "update");
  assert_members (fields, "done_on", NULL);
  g_clear_pointer (&fields, g_free);
  send_outbox (f);

  /* Help accepted: the case's outcome, and of the dossier only what changes (its phase is already
   * registration, and the case is no crisis). */
  g_assert_true (dk_signal_work_set_outcome (f->store, dossier_id, DK_SIGNAL_RESULT_FOLLOW_UP_FINANCIAL, &date,
                                             &today, &error));
  g_assert_no_error (error);
  fields = outbox_fields (f, "dossier", "update");
  assert_members (fields, "kind", "registered_on", NULL);
  g_clear_pointer (&fields, g_free);
  fields = outbox_fields (f, "signal_case", "update");
  assert_members (fields, "outcome_code", "outcome_on", NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/signal-work/rules/task-kinds", test_task_kinds);
  g_test_add_func ("/signal-work/rules/roles", test_roles);
  g_test_add_func ("/signal-work/rules/stage", test_stage);
  g_test_add_func ("/signal-work/rules/phase1-due", test_phase1_due);
  g_test_add_func ("/signal-work/rules/phase2-due", test_phase2_due);
  g_test_add_func ("/signal-work/rules/revisit-due", test_revisit_due);
  g_test_add_func ("/signal-work/rules/follow-up-due", test_follow_up_due);
  g_test_add_func ("/signal-work/rules/after-result", test_after_result);
  g_test_add_func ("/signal-work/rules/contact", test_contact_rules);
  g_test_add_func ("/signal-work/rules/part-of-day", test_part_of_day);
  g_test_add_func ("/signal-work/rules/district", test_district);

#define ADD_BOTH(path, func) \
  g_test_add ("/signal-work/store" path, Fixture, GINT_TO_POINTER (FALSE), fixture_setup, func, fixture_teardown); \
  g_test_add ("/signal-work/replica" path, Fixture, GINT_TO_POINTER (TRUE), fixture_setup, func, fixture_teardown)

  ADD_BOTH ("/load", test_load);
  ADD_BOTH ("/mark-checked", test_mark_checked);
  ADD_BOTH ("/attempt/card-then-visit", test_card_then_visit);
  ADD_BOTH ("/attempt/refusals", test_attempt_refusals);
  ADD_BOTH ("/outcome/help-accepted", test_help_accepted);
  ADD_BOTH ("/outcome/follow-up", test_follow_up);
  ADD_BOTH ("/outcome/refusals", test_outcome_refusals);
  ADD_BOTH ("/complete-task", test_complete_task);
  ADD_BOTH ("/list-tasks", test_list_tasks);
  ADD_BOTH ("/list-tasks/follow-up", test_list_tasks_follow_up);
  g_test_add ("/signal-work/replica/outbox", Fixture, GINT_TO_POINTER (TRUE), fixture_setup, test_replica_outbox,
              fixture_teardown);

  return g_test_run ();
}
