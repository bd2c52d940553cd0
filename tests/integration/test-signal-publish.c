/* Publishing early-signal cases to the field workers' devices and folding their work back
 * (dk-signal-publish.h), on a central store with users, devices and replicas. The sync itself is
 * dk_sync_push() and dk_sync_pull(), called directly as the endpoints call them (dk-sync-fixture.h). */
#include "config.h"

#include <string.h>

#include "dk-date.h"
#include "dk-replica.h"
#include "dk-signal-import.h"
#include "dk-signal-match-store.h"
#include "dk-signal-publish.h"
#include "dk-signal-store.h"
#include "dk-sync-fixture.h"
#include "dk-uuid.h"

/* A Friday: tasks are due the Monday after. */
#define TODAY_Y 2026
#define TODAY_M 11
#define TODAY_D 20

typedef struct
{
  DkSyncFixture  server;
  GDate          today;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  dk_sync_fixture_setup (&f->server);
  f->today = dk_date_ymd (TODAY_Y, TODAY_M, TODAY_D);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dk_sync_fixture_teardown (&f->server);
}

/* Imports @csv as the admin import does and matches with the default policy on the fixture's day. */
static DkSignalMatchSummary
import_and_match (Fixture    *f,
                  const char *csv)
{
  g_autoptr(DkSignalImport) import = NULL;
  g_autoptr(DkSignalPolicy) policy = dk_signal_policy_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *import_id = dk_uuid_new ();
  DkSignalMatchSummary summary;
  guint n_new = 0, n_known = 0;

  import = dk_signal_import_parse (csv, strlen (csv), DK_SIGNAL_FORMAT_CSV, &f->today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->errors->len, ==, 0);
  g_assert_true (dk_signal_store_import (f->server.store, import->signals, "test.csv", import_id, &n_new, &n_known,
                                         &error));
  g_assert_no_error (error);
  g_assert_true (dk_signal_match_store_run (f->server.store, policy, &f->today, &summary, &error));
  g_assert_no_error (error);
  return summary;
}

static DkSignalPublishSummary
publish (Fixture    *f,
         const char *user_id)
{
  g_autoptr(GError) error = NULL;
  DkSignalPublishOptions options = { user_id, &f->today };
  DkSignalPublishSummary summary;

  g_assert_true (dk_signal_publish (f->server.store, &options, &summary, &error));
  g_assert_no_error (error);
  return summary;
}

static void
collect (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dk_signal_publish_collect (f->server.store, &error));
  g_assert_no_error (error);
}

static gint64
count (Fixture    *f,
       const char *sql,
       const char *arg)
{
  return dk_sync_fixture_query_int (&f->server, sql, arg, NULL);
}

/* What a store holds, as one text: a second run of the publishing must leave it as it is. */
static char *
fingerprint (Fixture *f)
{
  static const char * const queries[] = {
    "SELECT count(*) || ':' || coalesce (max (updated_at), '') FROM dossier",
    "SELECT count(*) || ':' || coalesce (max (updated_at), '') FROM person",
    "SELECT count(*) || ':' || coalesce (max (updated_at), '') FROM contact",
    "SELECT count(*) || ':' || coalesce (max (updated_at), '') FROM signal_case",
    "SELECT count(*) FROM signal_item",
    "SELECT count(*) || ':' || coalesce (max (updated_at), '') FROM task",
    "SELECT count(*) FROM assignment",
    "SELECT count(*) || ':' || coalesce (max (seq), 0) FROM change_log",
    "SELECT count(*) || ':' || coalesce (sum (snapshot_seq), 0) FROM device_scope",
    "SELECT count(*) || ':' || coalesce (max (updated_at), '') FROM early_signal_case",
    "SELECT count(*) FROM early_signal_contact",
    "SELECT count(*) FROM early_signal_task",
  };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *value = dk_sync_fixture_query_text (&f->server, queries[i], NULL);

      g_string_append_printf (text, "%s;", value);
    }
  return g_string_free (text, FALSE);
}

/* Jansen under his BSN: rent (newest, with a phone number), energy (with an e-mail address and the
 * birth date), and a rent repeat of a lower amount. A household known only by its address, without
 * names. */
#define SIGNALS_HEADER \
  "signaalpartner_type;signaaldatum;bedrag;bsn;voornamen;voorvoegsel;geslachtsnaam;geboortedatum;straat;" \
  "huisnummer;huisnummertoevoeging;postcode;woonplaats;telefoon;email;kenmerk\n"
#define SIGNALS \
  SIGNALS_HEADER \
  "Energie;2026-11-02;80;111222333;Piet;;Jansen;1980-05-01;Dorpsstraat;12;A;1234 AB;Ergens;;piet@example.nl;E-1\n" \
  "Huur;2026-11-05;1.234,56;111222333;Piet;;Jansen;;Dorpsstraat;12;A;1234 AB;Ergens;0612345678;;H-1\n" \
  "Huur;2026-11-09;1.000,00;111222333;;;;;;;;;;;;H-2\n" \
  "Water;2026-11-04;45;;;;;;;7;;4321 ZX;;;;W-1\n"

static void
test_new_case (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) anna = dk_sync_fixture_user (&f->server, "anna", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkReplica) laptop = dk_sync_fixture_replica (&f->server, anna);
  DkSignalMatchSummary matched = import_and_match (f, SIGNALS);
  DkSignalPublishSummary published;
  g_autofree char *dossier_id = NULL;
  g_autofree char *address_dossier_id = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpuint (matched.n_cases_by_kind[DK_SIGNAL_CASE_NEW], ==, 2);
  published = publish (f, anna->user_id);
  g_assert_cmpuint (published.n_published, ==, 2);
  g_assert_cmpuint (published.n_items, ==, 4);
  g_assert_cmpuint (published.n_updated, ==, 0);
  g_assert_cmpuint (published.n_tasks, ==, 0);
  g_assert_cmpuint (published.n_snapshots, ==, 0);

  dossier_id = dk_sync_fixture_query_text (&f->server, "SELECT work_dossier_id FROM early_signal_case"
                                                       " WHERE household_key = 'bsn:111222333'", NULL);
  g_assert_true (dk_uuid_is_valid (dossier_id));
  g_assert_cmpint (count (f, "SELECT count(*) FROM dossier WHERE id = ?1 AND kind = 'early_signal'"
                             " AND number GLOB 'VS-[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]' AND counsellor IS NULL"
                             " AND opened_on = '2026-11-20' AND removed_at IS NULL", dossier_id), ==, 1);

  /* The resident: names and birth date from the newest signal that names him, the BSN. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM person WHERE dossier_id = ?1 AND role = 'client'"
                             " AND bsn = '111222333' AND given_names = 'Piet' AND family_name_prefix IS NULL"
                             " AND family_name = 'Jansen' AND birth_date = '1980-05-01'", dossier_id), ==, 1);
  /* The address as one signal gives it, the addition in the house number; phone and e-mail each the
   * newest given. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM contact AS c JOIN person AS p ON p.id = c.person_id"
                             " WHERE c.dossier_id = ?1 AND c.street = 'Dorpsstraat' AND c.house_number = '12A'"
                             " AND c.postcode = '1234 AB' AND c.city = 'Ergens' AND c.phone = '+31612345678'"
                             " AND c.email = 'piet@example.nl'", dossier_id), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM signal_case WHERE dossier_id = ?1 AND opened_on = '2026-11-20'"
                             " AND multiple = 1 AND crisis = 0 AND outcome_code IS NULL AND checked_on IS NULL",
                          dossier_id), ==, 1);
  /* One item per signal, with the signal's id; the lower rent signal is the repeat. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM signal_item AS i JOIN early_signal AS s ON s.id = i.id"
                             " WHERE i.dossier_id = ?1", dossier_id), ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM signal_item AS i JOIN early_signal AS s ON s.id = i.id"
                             " WHERE i.dossier_id = ?1 AND i.repeat = 1 AND s.partner_reference = 'H-2'"
                             " AND i.amount_cents = 100000 AND i.partner_type = 'Huur'", dossier_id), ==, 1);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->server, "SELECT count(*) FROM assignment WHERE dossier_id = ?1"
                                                          " AND user_id = ?2 AND assigned_until IS NULL",
                                              dossier_id, anna->user_id, NULL), ==, 1);

  /* The address household: nobody named, so empty names. */
  address_dossier_id = dk_sync_fixture_query_text (&f->server, "SELECT work_dossier_id FROM early_signal_case"
                                                               " WHERE household_key LIKE 'address:%'", NULL);
  g_assert_cmpint (count (f, "SELECT count(*) FROM person WHERE dossier_id = ?1 AND given_names = ''"
                             " AND family_name = '' AND bsn IS NULL", address_dossier_id), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM contact WHERE dossier_id = ?1 AND house_number = '7'"
                             " AND postcode = '4321 ZX' AND street IS NULL", address_dossier_id), ==, 1);

  /* A second run changes nothing. */
  before = fingerprint (f);
  published = publish (f, anna->user_id);
  g_assert_cmpuint (published.n_published + published.n_updated + published.n_items + published.n_tasks +
                    published.n_snapshots, ==, 0);
  after = fingerprint (f);
  g_assert_cmpstr (after, ==, before);

  /* Anna's laptop gets both dossiers, with the signals, the resident and the case. */
  dk_sync_fixture_sync (&f->server, laptop, anna);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count(*) FROM dossier WHERE kind = 'early_signal'", NULL), ==, 2);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count(*) FROM signal_item WHERE dossier_id = ?1", dossier_id),
                   ==, 3);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count(*) FROM signal_case WHERE dossier_id = ?1 AND multiple = 1",
                                        dossier_id), ==, 1);
  text = dk_sync_replica_text (laptop, "SELECT family_name FROM person WHERE dossier_id = ?1", dossier_id);
  g_assert_cmpstr (text, ==, "Jansen");
  /* No import data reaches a device. */
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count(*) FROM early_signal", NULL), ==, 0);
}

/* A new signal for a household whose case a device already holds reaches that device as a new
 * snapshot; a device that does not hold it gets nothing. */
static void
test_resnapshot (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) anna = dk_sync_fixture_user (&f->server, "anna", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkAuthPrincipal) bram = dk_sync_fixture_user (&f->server, "bram", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkReplica) laptop = dk_sync_fixture_replica (&f->server, anna);
  g_autoptr(DkReplica) other = dk_sync_fixture_replica (&f->server, bram);
  g_autofree char *dossier_id = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  DkSignalMatchSummary matched;
  DkSignalPublishSummary published;

  import_and_match (f, SIGNALS_HEADER
                       "Huur;2026-11-05;1.234,56;111222333;Piet;;Jansen;;;;;;;;;H-1\n");
  published = publish (f, anna->user_id);
  g_assert_cmpuint (published.n_published, ==, 1);
  dossier_id = dk_sync_fixture_query_text (&f->server, "SELECT work_dossier_id FROM early_signal_case", NULL);
  dk_sync_fixture_sync (&f->server, laptop, anna);
  dk_sync_fixture_sync (&f->server, other, bram);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count(*) FROM signal_item WHERE dossier_id = ?1", dossier_id),
                   ==, 1);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT multiple FROM signal_case WHERE dossier_id = ?1", dossier_id),
                   ==, 0);

  /* Energy arrears for the same household: it joins the open case, which becomes multiple. */
  matched = import_and_match (f, SIGNALS_HEADER "Energie;2026-11-12;300;111222333;;;;;;;;;;;;E-7\n");
  g_assert_cmpuint (matched.n_attached, ==, 1);
  g_assert_cmpuint (matched.n_cases_attached, ==, 1);
  g_assert_cmpuint (matched.n_cases_by_kind[DK_SIGNAL_CASE_NEW], ==, 0);
  published = publish (f, anna->user_id);
  g_assert_cmpuint (published.n_published, ==, 0);
  g_assert_cmpuint (published.n_updated, ==, 1);
  g_assert_cmpuint (published.n_items, ==, 1);
  g_assert_cmpuint (published.n_snapshots, ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE op = 'snapshot' AND dossier_id = ?1"
                             " AND device_id = (SELECT device_id FROM device_scope WHERE dossier_id = ?1)"
                             " AND seq = (SELECT snapshot_seq FROM device_scope WHERE dossier_id = ?1)", dossier_id),
                   ==, 1);

  /* Again: nothing, and no further snapshot. */
  before = fingerprint (f);
  published = publish (f, anna->user_id);
  g_assert_cmpuint (published.n_updated + published.n_items + published.n_snapshots, ==, 0);
  after = fingerprint (f);
  g_assert_cmpstr (after, ==, before);

  dk_sync_fixture_sync (&f->server, laptop, anna);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count(*) FROM signal_item WHERE dossier_id = ?1", dossier_id),
                   ==, 2);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count(*) FROM signal_item WHERE partner_type = 'Energie'"
                                        " AND amount_cents = 30000", NULL), ==, 1);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT multiple FROM signal_case WHERE dossier_id = ?1", dossier_id),
                   ==, 1);
  /* The snapshot came once: a further sync brings nothing new. */
  dk_sync_fixture_sync (&f->server, laptop, anna);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count(*) FROM signal_item", NULL), ==, 2);

  /* Bram never held the dossier and still does not. */
  dk_sync_fixture_sync (&f->server, other, bram);
  g_assert_cmpint (dk_sync_replica_int (other, "SELECT count(*) FROM dossier", NULL), ==, 0);
}

/* A signal for a running dossier puts one task in it, for its counsellor's device. */
static void
test_known_task (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) jan = dk_sync_fixture_user (&f->server, "jan", DK_ROLE_DEBT_COUNSELLOR, f->server.team_id);
  g_autoptr(DkReplica) office = dk_sync_fixture_replica (&f->server, jan);
  g_autofree char *dossier_id = NULL;
  g_autofree char *person_id = NULL;
  g_autofree char *note = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  DkSignalMatchSummary matched;
  DkSignalPublishSummary published;

  dk_sync_fixture_make_dossier (&f->server, jan, &dossier_id, &person_id, NULL, NULL);
  dk_sync_fixture_exec (&f->server, "UPDATE person SET bsn = '111222333' WHERE id = ?1", person_id, NULL);
  dk_sync_fixture_sync (&f->server, office, jan);
  g_assert_cmpint (dk_sync_replica_int (office, "SELECT count(*) FROM task", NULL), ==, 0);

  matched = import_and_match (f, SIGNALS_HEADER
                                 "Huur;2026-11-05;1.234,56;111222333;;;;;;;;;;;;H-1\n"
                                 "Energie;2026-11-06;80;111222333;;;;;;;;;;;;E-1\n");
  g_assert_cmpuint (matched.n_cases_by_kind[DK_SIGNAL_CASE_KNOWN], ==, 1);
  published = publish (f, NULL);
  g_assert_cmpuint (published.n_published, ==, 0);
  g_assert_cmpuint (published.n_tasks, ==, 1);
  g_assert_cmpuint (published.n_snapshots, ==, 1);
  /* Due one working day after Friday 20 November: Monday. The note names the partner types only. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM task WHERE dossier_id = ?1 AND kind = 'signal_known'"
                             " AND due_on = '2026-11-23' AND done_on IS NULL", dossier_id), ==, 1);
  note = dk_sync_fixture_query_text (&f->server, "SELECT note FROM task", NULL);
  g_assert_cmpstr (note, ==, "Energie, Huur");
  g_assert_cmpint (count (f, "SELECT count(*) FROM early_signal_task", NULL), ==, 1);
  /* The known case is not worked in a dossier of its own. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM dossier WHERE kind = 'early_signal'", NULL), ==, 0);

  dk_sync_fixture_sync (&f->server, office, jan);
  g_assert_cmpint (dk_sync_replica_int (office, "SELECT count(*) FROM task WHERE kind = 'signal_known'"
                                        " AND note = 'Energie, Huur'", NULL), ==, 1);

  /* Once per case: not again, not even after the task was deleted and compacted away. */
  before = fingerprint (f);
  published = publish (f, NULL);
  g_assert_cmpuint (published.n_tasks + published.n_snapshots, ==, 0);
  after = fingerprint (f);
  g_assert_cmpstr (after, ==, before);
  dk_sync_fixture_exec (&f->server, "DELETE FROM task", NULL);
  published = publish (f, NULL);
  g_assert_cmpuint (published.n_tasks, ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM task", NULL), ==, 0);
}

/* What the worker records on the device comes back into the case for the DDAS export: the attempts
 * with their ids, the pick-up and first-contact dates, the end result that closes the case. */
static void
test_collect (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) anna = dk_sync_fixture_user (&f->server, "anna", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkReplica) laptop = dk_sync_fixture_replica (&f->server, anna);
  g_autofree char *dossier_id = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *phone_id = dk_uuid_new ();
  g_autofree char *visit_id = dk_uuid_new ();
  g_autofree char *sql = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *text = NULL;
  DkSignalMatchSummary matched;
  DkSignalPublishSummary published;

  import_and_match (f, SIGNALS_HEADER "Huur;2026-11-05;1.234,56;111222333;Piet;;Jansen;;;;;;;;;H-1\n");
  publish (f, anna->user_id);
  case_id = dk_sync_fixture_query_text (&f->server, "SELECT id FROM early_signal_case", NULL);
  dossier_id = dk_sync_fixture_query_text (&f->server, "SELECT work_dossier_id FROM early_signal_case", NULL);
  dk_sync_fixture_sync (&f->server, laptop, anna);

  /* Nothing recorded yet: nothing to fold back. */
  collect (f);
  g_assert_cmpint (count (f, "SELECT count(*) FROM early_signal_contact", NULL), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM early_signal_case WHERE picked_up_on IS NULL"
                             " AND status = 'open'", NULL), ==, 1);

  /* On the laptop, offline: a call that did not reach him, then a visit that did, and the result. */
  sql = g_strdup_printf ("INSERT INTO signal_attempt (id, dossier_id, kind, reached, attempt_date, part_of_day)"
                         " VALUES ('%s', ?1, 'Telefoon', 0, '2026-11-23', 'Ochtend'),"
                         " ('%s', ?1, 'Huisbezoek', 1, '2026-11-25', 'Middag')",
                         phone_id, visit_id);
  dk_sync_replica_exec (laptop, sql, dossier_id);
  dk_sync_replica_exec (laptop, "UPDATE signal_case SET outcome_code = '(Budget)advies en/of quick fix',"
                                " outcome_on = '2026-11-25' WHERE dossier_id = ?1", dossier_id);
  dk_sync_fixture_sync (&f->server, laptop, anna);
  g_assert_cmpint (count (f, "SELECT count(*) FROM signal_attempt WHERE dossier_id = ?1", dossier_id), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM signal_case WHERE outcome_code IS NOT NULL", NULL), ==, 1);

  collect (f);
  g_assert_cmpint (count (f, "SELECT count(*) FROM early_signal_contact WHERE case_id = ?1", case_id), ==, 2);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->server, "SELECT count(*) FROM early_signal_contact WHERE id = ?1"
                                                          " AND kind = 'Telefoon' AND reached = 0"
                                                          " AND contact_date = '2026-11-23' AND part_of_day = 'Ochtend'",
                                              phone_id, NULL), ==, 1);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->server, "SELECT count(*) FROM early_signal_contact WHERE id = ?1"
                                                          " AND kind = 'Huisbezoek' AND reached = 1",
                                              visit_id, NULL), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM early_signal_case WHERE id = ?1 AND status = 'closed'"
                             " AND outcome_code = '(Budget)advies en/of quick fix' AND outcome_on = '2026-11-25'"
                             " AND picked_up_on = '2026-11-23' AND first_contact_on = '2026-11-25'", case_id), ==, 1);

  /* Again: nothing changes. */
  before = fingerprint (f);
  collect (f);
  after = fingerprint (f);
  g_assert_cmpstr (after, ==, before);

  /* A correction on the device replaces the result. */
  dk_sync_replica_exec (laptop, "UPDATE signal_case SET outcome_code = 'Vervolghulp en/of verwijzing financieel'"
                                " WHERE dossier_id = ?1", dossier_id);
  dk_sync_fixture_sync (&f->server, laptop, anna);
  collect (f);
  text = dk_sync_fixture_query_text (&f->server, "SELECT outcome_code FROM early_signal_case WHERE id = ?1", case_id,
                                     NULL);
  g_assert_cmpstr (text, ==, "Vervolghulp en/of verwijzing financieel");

  /* The case is closed: the household's next signal starts a new case in a new work dossier. */
  matched = import_and_match (f, SIGNALS_HEADER "Energie;2026-11-19;300;111222333;;;;;;;;;;;;E-9\n");
  g_assert_cmpuint (matched.n_cases_by_kind[DK_SIGNAL_CASE_NEW], ==, 1);
  g_assert_cmpuint (matched.n_attached, ==, 0);
  published = publish (f, anna->user_id);
  g_assert_cmpuint (published.n_published, ==, 1);
  g_assert_cmpuint (published.n_updated, ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM signal_item WHERE dossier_id = ?1", dossier_id), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/signal-publish/new-case", Fixture, NULL, fixture_setup, test_new_case, fixture_teardown);
  g_test_add ("/signal-publish/resnapshot", Fixture, NULL, fixture_setup, test_resnapshot, fixture_teardown);
  g_test_add ("/signal-publish/known-task", Fixture, NULL, fixture_setup, test_known_task, fixture_teardown);
  g_test_add ("/signal-publish/collect", Fixture, NULL, fixture_setup, test_collect, fixture_teardown);

  return g_test_run ();
}
