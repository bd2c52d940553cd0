#include "config.h"

#include <string.h>

#include "dk-sync-compact.h"
#include "dk-sync-fixture.h"
#include "dk-sync-pull.h"
#include "dk-sync-push.h"
#include "dk-uuid.h"

#define WINDOW_DAYS 90

/*
 * Every test compacts at one fixed moment, @now, taken once the fixture's dossier is made; what
 * the test pushes afterwards is later than that, so it lies inside the window. What must be older
 * is aged by rewriting its times, so no test waits for a clock.
 */
typedef struct
{
  DkSyncFixture    base;
  DkAuthPrincipal *anna;     /* debt counsellor in the team; made the dossier */
  DkAuthPrincipal *bram;     /* field worker in the team */
  char            *dossier_id;
  char            *person_id;
  char            *income_id;
  char            *debt_id;
  GDateTime       *now;
  char            *old;          /* well before the window */
  char            *edge;         /* exactly now − the window */
  char            *just_before;  /* one millisecond before the edge */
} Fixture;

static char *
store_time (GDateTime *time)
{
  g_autofree char *seconds = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (time) / 1000);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GDateTime) old = NULL;
  g_autoptr(GDateTime) edge = NULL;
  g_autoptr(GDateTime) just_before = NULL;
  g_autoptr(GDateTime) now = NULL;

  dk_sync_fixture_setup (&f->base);
  f->anna = dk_sync_fixture_user (&f->base, "anna", DK_ROLE_DEBT_COUNSELLOR, f->base.team_id);
  f->bram = dk_sync_fixture_user (&f->base, "bram", DK_ROLE_FIELD_WORKER, f->base.team_id);
  dk_sync_fixture_make_dossier (&f->base, f->anna, &f->dossier_id, &f->person_id, &f->income_id, &f->debt_id);

  /* Whole milliseconds, as the store keeps times, so the edge is exactly representable. */
  now = g_date_time_new_now_utc ();
  f->now = g_date_time_add (now, -(GTimeSpan) (g_date_time_get_microsecond (now) % 1000));
  old = g_date_time_add_days (f->now, -(WINDOW_DAYS + 10));
  edge = g_date_time_add_days (f->now, -WINDOW_DAYS);
  just_before = g_date_time_add (edge, -1000);
  f->old = store_time (old);
  f->edge = store_time (edge);
  f->just_before = store_time (just_before);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dk_auth_principal_free (f->anna);
  dk_auth_principal_free (f->bram);
  g_free (f->dossier_id);
  g_free (f->person_id);
  g_free (f->income_id);
  g_free (f->debt_id);
  g_date_time_unref (f->now);
  g_free (f->old);
  g_free (f->edge);
  g_free (f->just_before);
  dk_sync_fixture_teardown (&f->base);
}

/* ---- helpers ---- */

static gint64
count (Fixture    *f,
       const char *sql,
       const char *arg)
{
  return dk_sync_fixture_query_int (&f->base, sql, arg, NULL);
}

static gint64
last_seq (Fixture *f)
{
  return dk_sync_fixture_query_int (&f->base, "SELECT max (seq) FROM change_log", NULL);
}

static gint64
low_water (Fixture *f)
{
  return dk_sync_fixture_query_int (&f->base, "SELECT low_water_seq FROM change_log_low_water", NULL);
}

static gint64
version_of (Fixture    *f,
            const char *table,
            const char *record_id,
            const char *field)
{
  return dk_sync_fixture_query_int (&f->base,
                                    "SELECT coalesce ((SELECT seq FROM field_version WHERE record_table = ?1"
                                    " AND record_id = ?2 AND field = ?3), 0)",
                                    table, record_id, field, NULL);
}

/* Pushes one change into @dossier_id and returns its answer (owned). */
static JsonObject *
push_one (Fixture               *f,
          const DkAuthPrincipal *who,
          const char            *op,
          const char            *table,
          const char            *record_id,
          const char            *dossier_id,
          const char            *fields_json,
          const char            *base_json)
{
  g_autoptr(GPtrArray) changes = dk_sync_changes_new ();
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *results;

  dk_sync_changes_add (changes, op, table, record_id, dossier_id, fields_json, base_json);
  results = dk_sync_fixture_push (&f->base, who, changes, &answer);
  return json_object_ref (json_array_get_object_element (results, 0));
}

/* Pushes one change that must apply; returns its seq. */
static gint64
push_applied (Fixture               *f,
              const DkAuthPrincipal *who,
              const char            *op,
              const char            *table,
              const char            *record_id,
              const char            *dossier_id,
              const char            *fields_json,
              const char            *base_json)
{
  g_autoptr(JsonObject) result = push_one (f, who, op, table, record_id, dossier_id, fields_json, base_json);

  g_assert_cmpstr (json_object_get_string_member (result, "status"), ==, "applied");
  return json_object_get_int_member (result, "seq");
}

/* Deletes a record, resting on every version it has. */
static gint64
delete_record (Fixture               *f,
               const DkAuthPrincipal *who,
               const char            *table,
               const char            *record_id,
               const char            *dossier_id)
{
  g_autofree char *versions = dk_sync_fixture_query_text (&f->base,
                                                          "SELECT json_group_object (field, seq) FROM field_version"
                                                          " WHERE record_table = ?1 AND record_id = ?2",
                                                          table, record_id, NULL);

  return push_applied (f, who, "delete", table, record_id, dossier_id, NULL, versions);
}

static char *
new_fixed_cost (Fixture               *f,
                const DkAuthPrincipal *who,
                const char            *dossier_id)
{
  char *id = dk_uuid_new ();

  push_applied (f, who, "insert", "fixed_cost", id, dossier_id,
                "{\"kind\": \"energy\", \"monthly_cents\": 12500, \"valid_from\": \"2026-01-05\"}", NULL);
  return id;
}

/* A dossier with a client and an income, and nothing that can never be deleted (no debt status,
 * no calculation). */
static void
make_small_dossier (Fixture  *f,
                    char    **out_dossier_id,
                    char    **out_person_id,
                    char    **out_income_id)
{
  g_autofree char *dossier_id = dk_uuid_new ();
  g_autofree char *person_id = dk_uuid_new ();
  g_autofree char *income_id = dk_uuid_new ();
  g_autofree char *dossier_fields = g_strdup_printf ("{\"number\": \"K-%s\", \"opened_on\": \"2026-02-01\"}",
                                                     dossier_id + 24);
  g_autofree char *income_fields = g_strdup_printf ("{\"person_id\": \"%s\", \"source\": \"pension\","
                                                    " \"net_cents\": 98000, \"period\": \"month\","
                                                    " \"holiday_allowance_included\": true,"
                                                    " \"valid_from\": \"2026-02-01\"}", person_id);

  push_applied (f, f->anna, "insert", "dossier", dossier_id, dossier_id, dossier_fields, NULL);
  push_applied (f, f->anna, "insert", "person", person_id, dossier_id,
                "{\"role\": \"client\", \"given_names\": \"Gerrit\", \"family_name\": \"Bos\"}", NULL);
  push_applied (f, f->anna, "insert", "income", income_id, dossier_id, income_fields, NULL);

  *out_dossier_id = g_steal_pointer (&dossier_id);
  *out_person_id = g_steal_pointer (&person_id);
  *out_income_id = g_steal_pointer (&income_id);
}

/* Dates the change log up to @seq at @time. */
static void
age_log (Fixture    *f,
         gint64      seq,
         const char *time)
{
  g_autofree char *seq_text = g_strdup_printf ("%" G_GINT64_FORMAT, seq);

  dk_sync_fixture_exec (&f->base, "UPDATE change_log SET applied_at = ?2 WHERE seq <= CAST (?1 AS INTEGER)",
                        seq_text, time, NULL);
}

/* Dates a tombstoned row's whole life at @time. */
static void
age_tombstone (Fixture    *f,
               const char *table,
               const char *record_id,
               const char *time)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET created_at = ?2, updated_at = ?2, removed_at = ?2"
                                          " WHERE id = ?1 AND removed_at IS NOT NULL", table);

  dk_sync_fixture_exec (&f->base, sql, record_id, time, NULL);
  g_assert_cmpint (sqlite3_changes (dk_store_get_db (f->base.store)), ==, 1);
}

static void
age_conflicts (Fixture    *f,
               const char *time)
{
  dk_sync_fixture_exec (&f->base,
                        "UPDATE conflict SET created_at = ?1,"
                        " resolved_at = CASE WHEN resolved_at IS NULL THEN NULL ELSE ?1 END",
                        time, NULL);
}

static DkSyncCompactStats
compact_at (Fixture   *f,
            GDateTime *now)
{
  g_autoptr(GError) error = NULL;
  DkSyncCompactStats stats;

  memset (&stats, 0xff, sizeof stats);
  g_assert_true (dk_sync_compact (f->base.store, now, WINDOW_DAYS, &stats, &error));
  g_assert_no_error (error);
  return stats;
}

static DkSyncCompactStats
compact (Fixture *f)
{
  return compact_at (f, f->now);
}

static void
assert_consistent (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dk_store_integrity_check (f->base.store, &error));
  g_assert_no_error (error);
}

static JsonObject *
page (JsonNode *answer)
{
  return json_node_get_object (answer);
}

static JsonArray *
entries (JsonNode *answer)
{
  return json_object_get_array_member (page (answer), "changes");
}

static gint64
pull_to_end (Fixture               *f,
             const DkAuthPrincipal *who,
             gint64                 cursor)
{
  for (;;)
    {
      g_autoptr(JsonNode) answer = dk_sync_fixture_pull (&f->base, who, cursor, 1000);

      cursor = json_object_get_int_member (page (answer), "next_cursor");
      if (!json_object_get_boolean_member (page (answer), "has_more"))
        return cursor;
    }
}

static void
assert_resync_required (Fixture               *f,
                        const DkAuthPrincipal *who,
                        gint64                 cursor)
{
  g_autoptr(GError) error = NULL;
  JsonNode *answer = NULL;

  g_assert_false (dk_sync_pull (f->base.store, who, cursor, 100, &answer, &error));
  g_assert_error (error, DK_SYNC_ERROR, DK_SYNC_ERROR_RESYNC_REQUIRED);
  g_assert_null (answer);
}

/* The record of @table in a snapshot entry, or NULL. */
static JsonObject *
snapshot_record (JsonObject *snapshot,
                 const char *table,
                 const char *record_id)
{
  JsonArray *records = json_object_get_array_member (snapshot, "records");

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);

      if (strcmp (json_object_get_string_member (record, "table"), table) == 0 &&
          strcmp (json_object_get_string_member (record, "record_id"), record_id) == 0)
        return record;
    }
  return NULL;
}

/* Everything compaction may touch, to prove that a run touched nothing. */
static char *
store_digest (Fixture *f)
{
  static const char * const queries[] = {
    "SELECT count(*) FROM change_log", "SELECT count(*) FROM change_log WHERE fields IS NOT NULL",
    "SELECT count(*) FROM field_version", "SELECT count(*) FROM conflict", "SELECT count(*) FROM dossier",
    "SELECT count(*) FROM person", "SELECT count(*) FROM income", "SELECT count(*) FROM fixed_cost",
    "SELECT count(*) FROM debt", "SELECT count(*) FROM assignment", "SELECT count(*) FROM device_scope",
    "SELECT low_water_seq FROM change_log_low_water",
  };
  GString *digest = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *value = dk_sync_fixture_query_text (&f->base, queries[i], NULL);

      g_string_append_printf (digest, "%s|", value);
    }
  return g_string_free (digest, FALSE);
}

/* ---- tests ---- */

/* A device away longer than the window must resync and then gets a clean snapshot; a device that
 * kept in touch carries on from its cursor and misses nothing. */
static void
test_away_and_within (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) away = dk_sync_fixture_device (&f->base, "anna");
  g_autoptr(JsonNode) next = NULL;
  g_autoptr(JsonNode) at_mark = NULL;
  g_autoptr(JsonNode) fresh = NULL;
  g_autofree char *family_base = NULL;
  g_autofree char *debt_base = NULL;
  DkSyncCompactStats stats;
  JsonObject *snapshot, *person, *debt;
  gint64 away_cursor, anna_cursor, old_last, family_seq, recent_seq;

  away_cursor = pull_to_end (f, away, 0);

  /* Months ago: the income deleted, the client's name corrected, and Anna's laptop kept up. */
  delete_record (f, f->anna, "income", f->income_id, f->dossier_id);
  family_base = g_strdup_printf ("{\"family_name\": %" G_GINT64_FORMAT "}",
                                 version_of (f, "person", f->person_id, "family_name"));
  family_seq = push_applied (f, f->anna, "update", "person", f->person_id, f->dossier_id,
                             "{\"family_name\": \"Jansen\"}", family_base);
  anna_cursor = pull_to_end (f, f->anna, 0);
  old_last = last_seq (f);
  g_assert_cmpint (anna_cursor, ==, old_last);
  g_assert_cmpint (away_cursor, <, old_last);
  age_log (f, old_last, f->old);
  age_tombstone (f, "income", f->income_id, f->old);

  /* Recently: a new amount for the debt. */
  debt_base = g_strdup_printf ("{\"current_cents\": %" G_GINT64_FORMAT "}",
                               version_of (f, "debt", f->debt_id, "current_cents"));
  recent_seq = push_applied (f, f->anna, "update", "debt", f->debt_id, f->dossier_id, "{\"current_cents\": 80000}",
                             debt_base);

  stats = compact (f);
  g_assert_cmpint (stats.low_water_seq, ==, old_last);
  g_assert_cmpint (low_water (f), ==, old_last);
  g_assert_cmpuint (stats.rows_removed, ==, 1);
  g_assert_cmpuint (stats.conflicts_removed, ==, 0);
  g_assert_cmpuint (stats.entries_removed + stats.entries_slimmed, ==, (guint) old_last);
  g_assert_cmpint (stats.entries_slimmed, ==, count (f, "SELECT count(*) FROM change_log WHERE seq <= (SELECT"
                                                      " low_water_seq FROM change_log_low_water)", NULL));
  assert_consistent (f);

  /* The tombstoned income is gone for good, with its versions; the rest is untouched. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM income WHERE id = ?1", f->income_id), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM field_version WHERE record_id = ?1", f->income_id), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM person WHERE id = ?1 AND family_name = 'Jansen'", f->person_id),
                   ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM debt_status WHERE debt_id = ?1", f->debt_id), ==, 1);
  g_assert_cmpint (version_of (f, "person", f->person_id, "family_name"), ==, family_seq);
  /* Nothing at or below the mark can be sent as a change any more. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE seq <= (SELECT low_water_seq"
                             " FROM change_log_low_water) AND (fields IS NOT NULL OR dossier_id IS NOT NULL)", NULL),
                   ==, 0);

  /* Anna's laptop carries on: exactly the one change since, then the end. */
  next = dk_sync_fixture_pull (&f->base, f->anna, anna_cursor, 100);
  g_assert_cmpuint (json_array_get_length (entries (next)), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (entries (next), 0), "seq"), ==,
                   recent_seq);
  g_assert_cmpint (json_object_get_int_member (page (next), "next_cursor"), ==, last_seq (f));
  /* A cursor exactly at the mark lost nothing either. */
  at_mark = dk_sync_fixture_pull (&f->base, f->anna, old_last, 100);
  g_assert_cmpuint (json_array_get_length (entries (at_mark)), ==, 1);

  /* The laptop that was away must start again, and gets the dossier as it is now. */
  assert_resync_required (f, away, away_cursor);
  assert_resync_required (f, away, old_last - 1);
  fresh = dk_sync_fixture_pull (&f->base, away, 0, 100);
  g_assert_cmpuint (json_array_get_length (entries (fresh)), ==, 1);
  snapshot = json_array_get_object_element (entries (fresh), 0);
  g_assert_cmpstr (json_object_get_string_member (snapshot, "op"), ==, "snapshot");
  g_assert_cmpstr (json_object_get_string_member (snapshot, "dossier_id"), ==, f->dossier_id);
  g_assert_null (snapshot_record (snapshot, "income", f->income_id));
  person = snapshot_record (snapshot, "person", f->person_id);
  g_assert_nonnull (person);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (person, "fields"), "family_name"), ==,
                   "Jansen");
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (person, "versions"), "family_name"), ==,
                   family_seq);
  debt = snapshot_record (snapshot, "debt", f->debt_id);
  g_assert_nonnull (debt);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (debt, "fields"), "current_cents"), ==,
                   80000);
  g_assert_cmpint (json_object_get_int_member (page (fresh), "next_cursor"), ==, last_seq (f));
  assert_consistent (f);
}

/* A change whose answer was lost, sent again after it was compacted: the same answer, and nothing
 * applied a second time (a deleted record does not come back). */
static void
test_receipts (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) lost = dk_sync_changes_new ();
  g_autoptr(JsonNode) first_answer = NULL;
  g_autoptr(JsonNode) replay_answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *cost_id = dk_uuid_new ();
  g_autofree char *first_text = NULL;
  g_autofree char *replay_text = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *digest_after = NULL;
  JsonObject *change;
  JsonArray *results;
  DkSyncCompactStats stats;
  gint64 bram_cursor, insert_seq, entries_before;

  dk_sync_fixture_assign (&f->base, f->bram->user_id, f->dossier_id);
  bram_cursor = pull_to_end (f, f->bram, 0);

  /* Bram's laptop adds a fixed cost; the answer never reaches it, and it goes away for months. */
  change = dk_sync_changes_add (lost, "insert", "fixed_cost", cost_id, f->dossier_id,
                                "{\"kind\": \"water\", \"monthly_cents\": 2300, \"valid_from\": \"2026-01-05\"}",
                                NULL);
  results = dk_sync_fixture_push (&f->base, f->bram, lost, &first_answer);
  g_assert_cmpstr (dk_sync_result_status (results, 0, change), ==, "applied");
  insert_seq = json_object_get_int_member (json_array_get_object_element (results, 0), "seq");
  first_text = json_to_string (first_answer, FALSE);

  /* Anna deletes it meanwhile; all of that is long past by now. */
  pull_to_end (f, f->anna, 0);
  delete_record (f, f->anna, "fixed_cost", cost_id, f->dossier_id);
  age_log (f, last_seq (f), f->old);
  age_tombstone (f, "fixed_cost", cost_id, f->old);

  stats = compact (f);
  g_assert_cmpuint (stats.rows_removed, ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM fixed_cost WHERE id = ?1", cost_id), ==, 0);

  /* The receipt: the change_id and its answer, no record, dossier or values. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE change_id = ?1 AND answer IS NOT NULL"
                             " AND fields IS NULL AND record_table IS NULL AND record_id IS NULL"
                             " AND dossier_id IS NULL AND op IS NULL AND made_at IS NULL",
                          json_object_get_string_member (change, "change_id")), ==, 1);
  g_assert_cmpint (count (f, "SELECT seq FROM change_log WHERE change_id = ?1",
                          json_object_get_string_member (change, "change_id")), ==, insert_seq);

  /* Back at last, the laptop sends its outbox before it resyncs: the same answer, nothing written. */
  entries_before = count (f, "SELECT count(*) FROM change_log", NULL);
  digest = store_digest (f);
  results = dk_sync_fixture_push (&f->base, f->bram, lost, &replay_answer);
  replay_text = json_to_string (replay_answer, FALSE);
  g_assert_cmpstr (replay_text, ==, first_text);
  g_assert_cmpint (count (f, "SELECT count(*) FROM fixed_cost WHERE id = ?1", cost_id), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log", NULL), ==, entries_before);
  digest_after = store_digest (f);
  g_assert_cmpstr (digest_after, ==, digest);
  assert_resync_required (f, f->bram, bram_cursor);

  /* A revoked device never sends again: its receipts go at the next compaction. */
  g_assert_true (dk_auth_revoke_device (f->base.store, f->bram->device_id, f->now, &error));
  g_assert_no_error (error);
  stats = compact (f);
  g_assert_cmpuint (stats.entries_removed, >=, 1);
  g_assert_cmpuint (stats.entries_slimmed, ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE device_id = ?1"
                             " AND seq <= (SELECT low_water_seq FROM change_log_low_water)", f->bram->device_id), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE device_id = ?1"
                             " AND seq <= (SELECT low_water_seq FROM change_log_low_water)", f->anna->device_id), >, 0);
  assert_consistent (f);
}

/* Only rows whose whole subtree may go are deleted, children before parents, and the foreign keys
 * hold afterwards. */
static void
test_subtrees (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *small_id = NULL;
  g_autofree char *small_person = NULL;
  g_autofree char *small_income = NULL;
  g_autofree char *link_id = dk_uuid_new ();
  g_autofree char *link_fields = NULL;
  g_autofree char *copy_id = dk_uuid_new ();
  g_autofree char *copy_fields = NULL;
  DkSyncCompactStats stats;

  make_small_dossier (f, &small_id, &small_person, &small_income);
  /* A person of the big dossier copied from the small one's client (as a split does): a row that
   * holds another of its own table. */
  copy_fields = g_strdup_printf ("{\"role\": \"partner\", \"given_names\": \"Gerrit\", \"family_name\": \"Bos\","
                                 " \"source_person_id\": \"%s\"}", small_person);
  push_applied (f, f->anna, "insert", "person", copy_id, f->dossier_id, copy_fields, NULL);
  g_assert_cmpint (count (f, "SELECT count(*) FROM assignment WHERE dossier_id = ?1", small_id), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM device_scope WHERE dossier_id = ?1", small_id), ==, 1);

  /* The big dossier points at the small one; the link is live for now. */
  link_fields = g_strdup_printf ("{\"linked_dossier_id\": \"%s\", \"kind\": \"split_into\","
                                 " \"link_date\": \"2026-02-01\"}", small_id);
  push_applied (f, f->anna, "insert", "dossier_link", link_id, f->dossier_id, link_fields, NULL);

  /* In the big dossier: the dossier and its client deleted while the income and the debt live on;
   * the debt deleted too, but it has a status history, which is append-only. */
  delete_record (f, f->anna, "person", f->person_id, f->dossier_id);
  delete_record (f, f->anna, "debt", f->debt_id, f->dossier_id);
  delete_record (f, f->anna, "dossier", f->dossier_id, f->dossier_id);
  /* The small dossier entirely, parent first: the order of the deletes does not matter. */
  delete_record (f, f->anna, "dossier", small_id, small_id);
  delete_record (f, f->anna, "person", small_person, small_id);
  delete_record (f, f->anna, "income", small_income, small_id);
  delete_record (f, f->anna, "person", copy_id, f->dossier_id);

  age_log (f, last_seq (f), f->old);
  age_tombstone (f, "person", f->person_id, f->old);
  age_tombstone (f, "debt", f->debt_id, f->old);
  age_tombstone (f, "dossier", f->dossier_id, f->old);
  age_tombstone (f, "dossier", small_id, f->old);
  age_tombstone (f, "person", small_person, f->old);
  age_tombstone (f, "income", small_income, f->old);
  age_tombstone (f, "person", copy_id, f->old);

  /* The live link holds the small dossier; its person and income go, and the copy that held the
   * person (which is only free once the copy is gone: a second pass). */
  stats = compact (f);
  g_assert_cmpuint (stats.rows_removed, ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM person WHERE id = ?1", copy_id), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM dossier WHERE id = ?1", small_id), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM person WHERE id = ?1", small_person), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM income WHERE id = ?1", small_income), ==, 0);
  assert_consistent (f);

  /* Held by what lives: the big dossier (its income, its debt's status), its client (the income),
   * its debt (the status history). */
  g_assert_cmpint (count (f, "SELECT count(*) FROM dossier WHERE id = ?1", f->dossier_id), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM person WHERE id = ?1", f->person_id), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM debt WHERE id = ?1", f->debt_id), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM income WHERE id = ?1", f->income_id), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM field_version WHERE record_id = ?1", f->person_id), >, 0);

  /* Once the link is deleted and old too, the link and then the small dossier go, in one run, with
   * its assignment and the device's hold on it. */
  delete_record (f, f->anna, "dossier_link", link_id, f->dossier_id);
  age_log (f, last_seq (f), f->old);
  age_tombstone (f, "dossier_link", link_id, f->old);
  stats = compact (f);
  g_assert_cmpuint (stats.rows_removed, ==, 2);
  g_assert_cmpuint (stats.assignments_removed, ==, 1);
  g_assert_cmpuint (stats.device_scopes_removed, ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM dossier WHERE id = ?1", small_id), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM dossier_link WHERE id = ?1", link_id), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM assignment WHERE dossier_id = ?1", small_id), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM device_scope WHERE dossier_id = ?1", small_id), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM field_version WHERE record_id = ?1", small_id), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM dossier WHERE id = ?1", f->dossier_id), ==, 1);
  assert_consistent (f);

  /* Anna's laptop still pulls without trouble: the gone dossier is simply no longer there. */
  {
    g_autoptr(JsonNode) fresh = dk_sync_fixture_pull (&f->base, f->anna, 0, 100);

    g_assert_cmpuint (json_array_get_length (entries (fresh)), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries (fresh), 0),
                                                    "dossier_id"), ==, f->dossier_id);
  }
}

/* Resolved conflicts past the window go; unresolved ones stay for ever, and hold the row they are
 * about. */
static void
test_conflicts (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) third = NULL;
  g_autoptr(JsonObject) fourth = NULL;
  g_autoptr(JsonObject) late_edit = NULL;
  g_autoptr(GPtrArray) resolve = dk_sync_changes_new ();
  g_autoptr(JsonNode) resolve_answer = NULL;
  g_autofree char *net_base = NULL;
  g_autofree char *new_base = NULL;
  g_autofree char *description_base = NULL;
  g_autofree char *resolution = NULL;
  g_autofree char *resolved_id = NULL;
  g_autofree char *open_id = NULL;
  g_autofree char *after_delete_id = NULL;
  g_autofree char *cost_id = NULL;
  g_autofree char *cost_base = NULL;
  JsonObject *field_change;
  JsonArray *results;
  DkSyncCompactStats stats;

  dk_sync_fixture_assign (&f->base, f->bram->user_id, f->dossier_id);

  /* Two edits of the income's amount on one base: a conflict, which Bram resolves. */
  net_base = g_strdup_printf ("{\"net_cents\": %" G_GINT64_FORMAT "}",
                              version_of (f, "income", f->income_id, "net_cents"));
  first = push_one (f, f->anna, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": 1}", net_base);
  second = push_one (f, f->bram, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": 2}", net_base);
  g_assert_cmpstr (json_object_get_string_member (second, "status"), ==, "conflict");
  resolved_id = g_strdup (json_object_get_string_member (second, "conflict_id"));
  new_base = g_strdup_printf ("{\"net_cents\": %" G_GINT64_FORMAT "}",
                              version_of (f, "income", f->income_id, "net_cents"));
  field_change = dk_sync_changes_add (resolve, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": 2}",
                                      new_base);
  resolution = g_strdup_printf ("{\"resolved_by_change\": \"%s\"}",
                                json_object_get_string_member (field_change, "change_id"));
  dk_sync_changes_add (resolve, "update", "conflict", resolved_id, f->dossier_id, resolution, NULL);
  results = dk_sync_fixture_push (&f->base, f->bram, resolve, &resolve_answer);
  g_assert_cmpstr (dk_sync_result_status (results, 1, resolve->pdata[1]), ==, "applied");

  /* Two edits of the description: a conflict nobody resolves. */
  description_base = g_strdup_printf ("{\"description\": %" G_GINT64_FORMAT "}",
                                      version_of (f, "income", f->income_id, "description"));
  third = push_one (f, f->anna, "update", "income", f->income_id, f->dossier_id, "{\"description\": \"AOW\"}",
                    description_base);
  fourth = push_one (f, f->bram, "update", "income", f->income_id, f->dossier_id, "{\"description\": \"Pensioen\"}",
                     description_base);
  g_assert_cmpstr (json_object_get_string_member (fourth, "status"), ==, "conflict");
  open_id = g_strdup (json_object_get_string_member (fourth, "conflict_id"));

  /* A fixed cost deleted by Anna and then edited by Bram: an unresolved conflict about the row. */
  cost_id = new_fixed_cost (f, f->anna, f->dossier_id);
  cost_base = g_strdup_printf ("{\"monthly_cents\": %" G_GINT64_FORMAT "}",
                               version_of (f, "fixed_cost", cost_id, "monthly_cents"));
  delete_record (f, f->anna, "fixed_cost", cost_id, f->dossier_id);
  late_edit = push_one (f, f->bram, "update", "fixed_cost", cost_id, f->dossier_id, "{\"monthly_cents\": 13000}",
                        cost_base);
  g_assert_cmpstr (json_object_get_string_member (late_edit, "status"), ==, "conflict");
  after_delete_id = g_strdup (json_object_get_string_member (late_edit, "conflict_id"));

  age_log (f, last_seq (f), f->old);
  age_conflicts (f, f->old);
  age_tombstone (f, "fixed_cost", cost_id, f->old);

  stats = compact (f);
  g_assert_cmpuint (stats.conflicts_removed, ==, 1);
  g_assert_cmpuint (stats.rows_removed, ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM conflict WHERE id = ?1", resolved_id), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM conflict WHERE id = ?1 AND resolved_at IS NULL", open_id), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM conflict WHERE id = ?1", after_delete_id), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM fixed_cost WHERE id = ?1", cost_id), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM conflict", NULL), ==, 2);
  assert_consistent (f);

  /* A device that resyncs gets the open conflicts in its snapshot. */
  {
    g_autoptr(DkAuthPrincipal) fresh_device = dk_sync_fixture_device (&f->base, "bram");
    g_autoptr(JsonNode) fresh = dk_sync_fixture_pull (&f->base, fresh_device, 0, 100);
    JsonObject *snapshot = json_array_get_object_element (entries (fresh), 0);

    g_assert_nonnull (snapshot_record (snapshot, "conflict", open_id));
    g_assert_nonnull (snapshot_record (snapshot, "conflict", after_delete_id));
    g_assert_null (snapshot_record (snapshot, "conflict", resolved_id));
  }
}

/* Older means strictly before now − the window: what lies exactly on the edge stays. */
static void
test_edge (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GDateTime) a_moment_later = g_date_time_add (f->now, 1000);
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autofree char *cost_id = NULL;
  g_autofree char *net_base = NULL;
  g_autofree char *edge_seq = NULL;
  DkSyncCompactStats stats;
  gint64 cost_deleted, last;

  cost_id = new_fixed_cost (f, f->anna, f->dossier_id);
  cost_deleted = delete_record (f, f->anna, "fixed_cost", cost_id, f->dossier_id);
  delete_record (f, f->anna, "income", f->income_id, f->dossier_id);
  dk_sync_fixture_assign (&f->base, f->bram->user_id, f->dossier_id);
  net_base = g_strdup_printf ("{\"current_cents\": %" G_GINT64_FORMAT "}",
                              version_of (f, "debt", f->debt_id, "current_cents"));
  first = push_one (f, f->anna, "update", "debt", f->debt_id, f->dossier_id, "{\"current_cents\": 1}", net_base);
  second = push_one (f, f->bram, "update", "debt", f->debt_id, f->dossier_id, "{\"current_cents\": 2}", net_base);
  g_assert_cmpstr (json_object_get_string_member (second, "status"), ==, "conflict");
  dk_sync_fixture_exec (&f->base, "UPDATE conflict SET resolved_at = created_at, resolved_by_change = ?1",
                        json_object_get_string_member (second, "change_id"), NULL);
  last = last_seq (f);

  /* Up to the fixed cost's delete a millisecond before the edge, the rest exactly on it. */
  age_log (f, last, f->edge);
  age_log (f, cost_deleted, f->just_before);
  age_tombstone (f, "fixed_cost", cost_id, f->just_before);
  age_tombstone (f, "income", f->income_id, f->edge);
  age_conflicts (f, f->edge);

  stats = compact (f);
  g_assert_cmpint (stats.low_water_seq, ==, cost_deleted);
  g_assert_cmpuint (stats.rows_removed, ==, 1);
  g_assert_cmpuint (stats.conflicts_removed, ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM fixed_cost WHERE id = ?1", cost_id), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM income WHERE id = ?1", f->income_id), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM conflict", NULL), ==, 1);
  edge_seq = g_strdup_printf ("%" G_GINT64_FORMAT, cost_deleted + 1);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, "SELECT count(*) FROM change_log"
                                              " WHERE seq = CAST (?1 AS INTEGER) AND fields IS NOT NULL",
                                              edge_seq, NULL), ==, 1);

  /* A millisecond later the edge has passed them too. */
  stats = compact_at (f, a_moment_later);
  g_assert_cmpint (stats.low_water_seq, ==, last);
  g_assert_cmpuint (stats.rows_removed, ==, 1);
  g_assert_cmpuint (stats.conflicts_removed, ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM income WHERE id = ?1", f->income_id), ==, 0);
  assert_consistent (f);
}

/* A second run at the same moment changes nothing, and an earlier moment never lowers the mark. */
static void
test_twice (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GDateTime) earlier = g_date_time_add_days (f->now, -30);
  g_autofree char *cost_id = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *digest_again = NULL;
  g_autofree char *digest_earlier = NULL;
  DkSyncCompactStats first, again, before;
  gint64 mark;

  cost_id = new_fixed_cost (f, f->anna, f->dossier_id);
  delete_record (f, f->anna, "fixed_cost", cost_id, f->dossier_id);
  pull_to_end (f, f->anna, 0);
  age_log (f, last_seq (f), f->old);
  age_tombstone (f, "fixed_cost", cost_id, f->old);
  g_free (new_fixed_cost (f, f->anna, f->dossier_id));

  first = compact (f);
  mark = first.low_water_seq;
  g_assert_cmpint (mark, >, 0);
  g_assert_cmpuint (first.rows_removed, ==, 1);
  g_assert_cmpuint (first.entries_removed, >, 0);
  g_assert_cmpuint (first.entries_slimmed, >, 0);
  digest = store_digest (f);

  again = compact (f);
  g_assert_cmpint (again.low_water_seq, ==, mark);
  g_assert_cmpuint (again.entries_removed, ==, 0);
  g_assert_cmpuint (again.entries_slimmed, ==, 0);
  g_assert_cmpuint (again.rows_removed, ==, 0);
  g_assert_cmpuint (again.conflicts_removed, ==, 0);
  g_assert_cmpuint (again.device_scopes_removed, ==, 0);
  g_assert_cmpuint (again.assignments_removed, ==, 0);
  digest_again = store_digest (f);
  g_assert_cmpstr (digest_again, ==, digest);

  before = compact_at (f, earlier);
  g_assert_cmpint (before.low_water_seq, ==, mark);
  g_assert_cmpint (low_water (f), ==, mark);
  g_assert_cmpuint (before.entries_removed + before.entries_slimmed + before.rows_removed, ==, 0);
  digest_earlier = store_digest (f);
  g_assert_cmpstr (digest_earlier, ==, digest);
  assert_consistent (f);
}

/* When every entry is older than the window, the newest ones may go too (a snapshot marker has no
 * receipt); the last seq is then the mark, and a device at the end of the log stays there. */
static void
test_all_compacted (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GDateTime) much_later = g_date_time_add_days (f->now, 1000);
  g_autoptr(JsonNode) quiet = NULL;
  g_autofree char *cost_id = NULL;
  DkSyncCompactStats stats;
  gint64 cursor, last;

  dk_sync_fixture_assign (&f->base, f->bram->user_id, f->dossier_id);
  cursor = pull_to_end (f, f->bram, 0);
  last = last_seq (f);
  g_assert_cmpint (cursor, ==, last);
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE seq = (SELECT max (seq) FROM change_log)"
                             " AND op = 'snapshot'", NULL), ==, 1);

  stats = compact_at (f, much_later);
  g_assert_cmpint (stats.low_water_seq, ==, last);
  g_assert_cmpint (last_seq (f), <, last);

  quiet = dk_sync_fixture_pull (&f->base, f->bram, cursor, 100);
  g_assert_cmpuint (json_array_get_length (entries (quiet)), ==, 0);
  g_assert_cmpint (json_object_get_int_member (page (quiet), "next_cursor"), ==, cursor);
  assert_resync_required (f, f->bram, cursor + 1);

  /* New changes carry on above the mark. */
  cost_id = new_fixed_cost (f, f->anna, f->dossier_id);
  g_assert_cmpint (last_seq (f), >, last);
  {
    g_autoptr(JsonNode) next = dk_sync_fixture_pull (&f->base, f->bram, cursor, 100);

    g_assert_cmpuint (json_array_get_length (entries (next)), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries (next), 0), "record_id"),
                     ==, cost_id);
  }
  assert_consistent (f);
}

/* A purge at or below the mark ends the device's hold on the dossier; a later one stays. */
static void
test_device_scope (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) carl = dk_sync_fixture_user (&f->base, "carl", DK_ROLE_FIELD_WORKER, f->base.team_id);
  g_autoptr(JsonNode) bram_purge = NULL;
  g_autoptr(JsonNode) carl_purge = NULL;
  g_autoptr(JsonObject) late = NULL;
  DkSyncCompactStats stats;
  gint64 bram_cursor, carl_cursor;

  dk_sync_fixture_assign (&f->base, f->bram->user_id, f->dossier_id);
  dk_sync_fixture_assign (&f->base, carl->user_id, f->dossier_id);
  bram_cursor = pull_to_end (f, f->bram, 0);
  carl_cursor = pull_to_end (f, carl, 0);

  /* Long ago the dossier was taken from Bram; his laptop heard of the purge but never came back. */
  dk_sync_fixture_unassign (&f->base, f->bram->user_id, f->dossier_id);
  bram_purge = dk_sync_fixture_pull (&f->base, f->bram, bram_cursor, 100);
  g_assert_cmpuint (json_array_get_length (entries (bram_purge)), ==, 1);
  age_log (f, last_seq (f), f->old);

  /* Recently it was taken from Carl too. */
  dk_sync_fixture_unassign (&f->base, carl->user_id, f->dossier_id);
  carl_purge = dk_sync_fixture_pull (&f->base, carl, carl_cursor, 100);
  g_assert_cmpuint (json_array_get_length (entries (carl_purge)), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM device_scope WHERE purge_seq IS NOT NULL", NULL), ==, 2);

  stats = compact (f);
  g_assert_cmpuint (stats.device_scopes_removed, ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM device_scope WHERE device_id = ?1", f->bram->device_id), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM device_scope WHERE device_id = ?1", carl->device_id), ==, 1);

  /* So Bram's grace to push into the dossier has ended; Carl's has not. */
  late = push_one (f, f->bram, "update", "income", f->income_id, f->dossier_id, "{\"description\": \"Te laat\"}",
                   NULL);
  g_assert_cmpstr (json_object_get_string_member (late, "status"), ==, "refused");
  g_assert_cmpstr (json_object_get_string_member (late, "reason"), ==, "out-of-scope");
  g_clear_pointer (&late, json_object_unref);
  late = push_one (f, carl, "update", "income", f->income_id, f->dossier_id, "{\"description\": \"Nog net\"}", NULL);
  g_assert_cmpstr (json_object_get_string_member (late, "status"), !=, "refused");
  assert_consistent (f);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync-compact/away-and-within", test_away_and_within);
  ADD ("/sync-compact/receipts", test_receipts);
  ADD ("/sync-compact/subtrees", test_subtrees);
  ADD ("/sync-compact/conflicts", test_conflicts);
  ADD ("/sync-compact/edge", test_edge);
  ADD ("/sync-compact/twice", test_twice);
  ADD ("/sync-compact/all-compacted", test_all_compacted);
  ADD ("/sync-compact/device-scope", test_device_scope);
#undef ADD

  return g_test_run ();
}
