#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dk-domain-schema.h"
#include "dk-sync-fixture.h"
#include "dk-sync-pull.h"
#include "dk-sync-push.h"
#include "dk-sync-registry.h"
#include "dk-sync-scope.h"
#include "dk-uuid.h"

typedef struct
{
  DkSyncFixture    base;
  DkAuthPrincipal *anna;     /* debt counsellor in the team; made the dossier */
  DkAuthPrincipal *bram;     /* field worker in the team */
  char            *dossier_id;
  char            *person_id;
  char            *income_id;
  char            *debt_id;
} Fixture;


static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  dk_sync_fixture_setup (&f->base);
  f->anna = dk_sync_fixture_user (&f->base, "anna", DK_ROLE_DEBT_COUNSELLOR, f->base.team_id);
  f->bram = dk_sync_fixture_user (&f->base, "bram", DK_ROLE_FIELD_WORKER, f->base.team_id);
  dk_sync_fixture_make_dossier (&f->base, f->anna, &f->dossier_id, &f->person_id, &f->income_id, &f->debt_id);
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
  dk_sync_fixture_teardown (&f->base);
}

/* Pushes one change and returns its answer's status (and seq through @out_seq when given). */
static char *
push_one (Fixture               *f,
          const DkAuthPrincipal *who,
          const char            *op,
          const char            *table,
          const char            *record_id,
          const char            *fields_json,
          const char            *base_json,
          gint64                *out_seq)
{
  g_autoptr(GPtrArray) changes = dk_sync_changes_new ();
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *results;
  JsonObject *result;

  dk_sync_changes_add (changes, op, table, record_id, f->dossier_id, fields_json, base_json);
  results = dk_sync_fixture_push (&f->base, who, changes, &answer);
  result = json_array_get_object_element (results, 0);
  if (out_seq != NULL)
    *out_seq = json_object_get_int_member_with_default (result, "seq", 0);
  return g_strdup (json_object_get_string_member (result, "status"));
}

static gint64
last_seq (Fixture *f)
{
  return dk_sync_fixture_query_int (&f->base, "SELECT max (seq) FROM change_log", NULL);
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

static guint
count_records (JsonObject *snapshot,
               const char *table)
{
  JsonArray *records = json_object_get_array_member (snapshot, "records");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (records); i++)
    if (strcmp (json_object_get_string_member (json_array_get_object_element (records, i), "table"), table) == 0)
      n++;
  return n;
}

/* ---- tests ---- */

static void
test_pagination (Fixture       *f,
                 gconstpointer  data)
{
  gint64 cursor, seqs[5], resume;
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean has_more = TRUE;
  guint pages = 0;

  dk_sync_fixture_assign (&f->base, f->bram->user_id, f->dossier_id);
  cursor = pull_to_end (f, f->anna, 0);

  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *fields = g_strdup_printf ("{\"description\": \"versie %u\"}", i);
      g_autofree char *status = push_one (f, f->bram, "update", "income", f->income_id, fields, NULL, &seqs[i]);

      g_assert_cmpstr (status, ==, "applied");
    }

  /* Two at a time: 2, 2, 1, each page resuming where the last ended. */
  resume = cursor;
  while (has_more)
    {
      g_autoptr(JsonNode) answer = dk_sync_fixture_pull (&f->base, f->anna, cursor, 2);
      g_autoptr(JsonNode) again = dk_sync_fixture_pull (&f->base, f->anna, cursor, 2);
      g_autofree char *text = json_to_string (answer, FALSE);
      g_autofree char *text_again = json_to_string (again, FALSE);
      JsonArray *list = entries (answer);

      /* An interrupted page is simply asked for again, and is the same. */
      g_assert_cmpstr (text, ==, text_again);
      g_assert_cmpuint (json_array_get_length (list), <=, 2);
      for (guint i = 0; i < json_array_get_length (list); i++)
        {
          JsonObject *entry = json_array_get_object_element (list, i);
          gint64 seq = json_object_get_int_member (entry, "seq");

          g_assert_cmpstr (json_object_get_string_member (entry, "table"), ==, "income");
          g_assert_cmpstr (json_object_get_string_member (entry, "record_id"), ==, f->income_id);
          g_assert_cmpstr (json_object_get_string_member (entry, "op"), ==, "update");
          g_array_append_val (seen, seq);
        }
      has_more = json_object_get_boolean_member (page (answer), "has_more");
      cursor = json_object_get_int_member (page (answer), "next_cursor");
      pages++;
    }
  g_assert_cmpuint (pages, ==, 3);
  g_assert_cmpuint (seen->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (g_array_index (seen, gint64, i), ==, seqs[i]);
  g_assert_cmpint (cursor, ==, last_seq (f));

  /* The whole stream from the first cursor in one go is the same five. */
  {
    g_autoptr(JsonNode) all = dk_sync_fixture_pull (&f->base, f->anna, resume, 100);

    g_assert_cmpuint (json_array_get_length (entries (all)), ==, 5);
    g_assert_false (json_object_get_boolean_member (page (all), "has_more"));
  }

  /* Nothing new: an empty page that keeps the cursor. */
  {
    g_autoptr(JsonNode) none = dk_sync_fixture_pull (&f->base, f->anna, cursor, 2);

    g_assert_cmpuint (json_array_get_length (entries (none)), ==, 0);
    g_assert_cmpint (json_object_get_int_member (page (none), "next_cursor"), ==, cursor);
  }
}

static void
test_snapshot (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) anna2 = dk_sync_fixture_device (&f->base, "anna");
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) snapshot_page = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(JsonNode) resent = NULL;
  g_autofree char *base = NULL;
  g_autofree char *status = NULL;
  g_autofree char *status2 = NULL;
  g_autofree char *status3 = NULL;
  JsonObject *snapshot;
  JsonArray *records;
  gint64 cursor, before_snapshot, net_seq = 0, later_seq = 0;

  /* A conflict in the dossier, so the snapshot must carry it too. */
  base = g_strdup_printf ("{\"net_cents\": %" G_GINT64_FORMAT "}",
                          dk_sync_fixture_query_int (&f->base, "SELECT seq FROM field_version WHERE record_id = ?1"
                                                     " AND field = 'net_cents'", f->income_id, NULL));
  status = push_one (f, f->anna, "update", "income", f->income_id, "{\"net_cents\": 1}", base, &net_seq);
  status2 = push_one (f, anna2, "update", "income", f->income_id, "{\"net_cents\": 2}", base, NULL);
  g_assert_cmpstr (status, ==, "applied");
  g_assert_cmpstr (status2, ==, "conflict");

  /* Not assigned: Bram's device gets nothing of the dossier. */
  first = dk_sync_fixture_pull (&f->base, f->bram, 0, 100);
  g_assert_cmpuint (json_array_get_length (entries (first)), ==, 0);
  cursor = json_object_get_int_member (page (first), "next_cursor");
  g_assert_cmpint (cursor, ==, last_seq (f));

  dk_sync_fixture_assign (&f->base, f->bram->user_id, f->dossier_id);
  before_snapshot = cursor;
  snapshot_page = dk_sync_fixture_pull (&f->base, f->bram, cursor, 100);
  g_assert_cmpuint (json_array_get_length (entries (snapshot_page)), ==, 1);
  snapshot = json_array_get_object_element (entries (snapshot_page), 0);
  g_assert_cmpstr (json_object_get_string_member (snapshot, "op"), ==, "snapshot");
  g_assert_cmpstr (json_object_get_string_member (snapshot, "dossier_id"), ==, f->dossier_id);
  g_assert_cmpint (json_object_get_int_member (snapshot, "seq"), >, cursor);
  g_assert_cmpuint (count_records (snapshot, "dossier"), ==, 1);
  g_assert_cmpuint (count_records (snapshot, "person"), ==, 1);
  g_assert_cmpuint (count_records (snapshot, "income"), ==, 1);
  g_assert_cmpuint (count_records (snapshot, "debt"), ==, 1);
  g_assert_cmpuint (count_records (snapshot, "debt_status"), ==, 1);
  g_assert_cmpuint (count_records (snapshot, "conflict"), ==, 1);

  /* Parents first, every column, and the versions to base edits on. */
  records = json_object_get_array_member (snapshot, "records");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (records, 0), "table"), ==, "dossier");
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);
      const char *table = json_object_get_string_member (record, "table");
      JsonObject *fields = json_object_get_object_member (record, "fields");

      g_assert_false (json_object_has_member (fields, "id"));
      g_assert_false (json_object_has_member (fields, "dossier_id"));
      g_assert_true (json_object_has_member (fields, "created_at"));
      g_assert_cmpint (json_object_has_member (record, "versions"), ==,
                       dk_sync_table_is_versioned (dk_sync_registry_lookup (table)));
      if (strcmp (table, "income") == 0)
        {
          JsonObject *versions = json_object_get_object_member (record, "versions");

          g_assert_cmpint (json_object_get_int_member (fields, "net_cents"), ==, 1);
          g_assert_true (json_object_get_null_member (fields, "description"));
          g_assert_false (json_object_get_boolean_member (fields, "holiday_allowance_included"));
          g_assert_cmpint (json_object_get_int_member (versions, "net_cents"), ==, net_seq);
          g_assert_false (json_object_has_member (versions, "description"));
        }
      if (strcmp (table, "conflict") == 0)
        {
          g_assert_cmpint (json_object_get_int_member (fields, "other"), ==, 2);
          g_assert_true (json_object_get_null_member (fields, "resolved_at"));
        }
    }
  cursor = json_object_get_int_member (page (snapshot_page), "next_cursor");

  /* Later changes of the dossier come as changes. */
  status3 = push_one (f, f->anna, "update", "income", f->income_id, "{\"description\": \"Bijstand\"}", NULL, &later_seq);
  after = dk_sync_fixture_pull (&f->base, f->bram, cursor, 100);
  g_assert_cmpuint (json_array_get_length (entries (after)), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (entries (after), 0), "seq"), ==,
                   later_seq);

  /* The page with the snapshot was lost: asked again, the snapshot comes again with what is now
   * current, and the change it already holds is not sent a second time. */
  resent = dk_sync_fixture_pull (&f->base, f->bram, before_snapshot, 100);
  g_assert_cmpuint (json_array_get_length (entries (resent)), ==, 1);
  snapshot = json_array_get_object_element (entries (resent), 0);
  g_assert_cmpstr (json_object_get_string_member (snapshot, "op"), ==, "snapshot");
  records = json_object_get_array_member (snapshot, "records");
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);

      if (strcmp (json_object_get_string_member (record, "table"), "income") == 0)
        g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (record, "fields"),
                                                        "description"), ==, "Bijstand");
    }
}

/* A snapshot weighs its records against the limit, so a first contact comes in bounded pages. */
static void
test_snapshot_pages (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *second = NULL;
  gint64 cursor = 0;
  guint snapshots = 0, pages = 0;
  gboolean has_more = TRUE;

  dk_sync_fixture_make_dossier (&f->base, f->anna, &second, NULL, NULL, NULL);
  while (has_more)
    {
      g_autoptr(JsonNode) answer = dk_sync_fixture_pull (&f->base, f->anna, cursor, 2);

      /* Five records each: one snapshot per page, never split. */
      g_assert_cmpuint (json_array_get_length (entries (answer)), ==, 1);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                          json_array_get_object_element (entries (answer), 0), "records")), ==, 5);
      snapshots++;
      pages++;
      cursor = json_object_get_int_member (page (answer), "next_cursor");
      has_more = json_object_get_boolean_member (page (answer), "has_more");
    }
  g_assert_cmpuint (snapshots, ==, 2);
  g_assert_cmpuint (pages, ==, 2);
  g_assert_cmpint (cursor, ==, last_seq (f));
}

static void
test_purge_and_grace (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonNode) purge_page = NULL;
  g_autoptr(JsonNode) next = NULL;
  g_autoptr(JsonNode) anna_page = NULL;
  g_autofree char *status = NULL;
  g_autofree char *status2 = NULL;
  g_autofree char *status3 = NULL;
  g_autofree char *description = NULL;
  JsonObject *entry;
  gint64 cursor, anna_cursor, purge_seq;

  dk_sync_fixture_assign (&f->base, f->bram->user_id, f->dossier_id);
  cursor = pull_to_end (f, f->bram, 0);
  anna_cursor = pull_to_end (f, f->anna, 0);

  /* Bram edits offline; meanwhile the dossier is taken from him. His work still lands. */
  dk_sync_fixture_unassign (&f->base, f->bram->user_id, f->dossier_id);
  status = push_one (f, f->bram, "update", "income", f->income_id, "{\"description\": \"Huisbezoek\"}", NULL, NULL);
  g_assert_cmpstr (status, ==, "applied");
  description = dk_sync_fixture_query_text (&f->base, "SELECT description FROM income WHERE id = ?1", f->income_id,
                                            NULL);
  g_assert_cmpstr (description, ==, "Huisbezoek");

  /* His next pull tells his device to purge the dossier, and nothing after. */
  purge_page = dk_sync_fixture_pull (&f->base, f->bram, cursor, 100);
  g_assert_cmpuint (json_array_get_length (entries (purge_page)), ==, 2);
  entry = json_array_get_object_element (entries (purge_page), 1);
  g_assert_cmpstr (json_object_get_string_member (entry, "op"), ==, "purge");
  g_assert_cmpstr (json_object_get_string_member (entry, "dossier_id"), ==, f->dossier_id);
  purge_seq = json_object_get_int_member (entry, "seq");
  cursor = json_object_get_int_member (page (purge_page), "next_cursor");
  g_assert_cmpint (cursor, >=, purge_seq);

  /* Until the device's cursor shows it has the purge, its pending work is still accepted. */
  status2 = push_one (f, f->bram, "update", "income", f->income_id, "{\"description\": \"Nagekomen\"}", NULL, NULL);
  g_assert_cmpstr (status2, ==, "applied");

  next = dk_sync_fixture_pull (&f->base, f->bram, cursor, 100);
  g_assert_cmpuint (json_array_get_length (entries (next)), ==, 0);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, "SELECT count(*) FROM device_scope WHERE device_id = ?1",
                                              f->bram->device_id, NULL), ==, 0);
  status3 = push_one (f, f->bram, "update", "income", f->income_id, "{\"description\": \"Te laat\"}", NULL, NULL);
  g_assert_cmpstr (status3, ==, "refused");

  /* Anna keeps the dossier and gets Bram's changes. */
  anna_page = dk_sync_fixture_pull (&f->base, f->anna, anna_cursor, 100);
  g_assert_cmpuint (json_array_get_length (entries (anna_page)), ==, 2);
}

static guint
snapshots_for (Fixture               *f,
               const DkAuthPrincipal *who,
               gint64                 cursor,
               const char            *dossier_id,
               const char            *op)
{
  g_autoptr(JsonNode) answer = dk_sync_fixture_pull (&f->base, who, cursor, 100);
  JsonArray *list = entries (answer);
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *entry = json_array_get_object_element (list, i);

      if (strcmp (json_object_get_string_member (entry, "op"), op) == 0 &&
          strcmp (json_object_get_string_member (entry, "dossier_id"), dossier_id) == 0)
        n++;
    }
  return n;
}

static void
test_scope_by_role (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) lead = dk_sync_fixture_user (&f->base, "lead", DK_ROLE_TEAM_LEAD, f->base.team_id);
  g_autoptr(DkAuthPrincipal) back = dk_sync_fixture_user (&f->base, "fa", DK_ROLE_BACK_OFFICE, f->base.team_id);
  g_autoptr(DkAuthPrincipal) other_lead = dk_sync_fixture_user (&f->base, "zuid", DK_ROLE_TEAM_LEAD,
                                                                f->base.other_team_id);
  g_autoptr(DkAuthPrincipal) lone_lead = dk_sync_fixture_user (&f->base, "solo", DK_ROLE_TEAM_LEAD, NULL);
  g_autoptr(DkAuthPrincipal) admin = dk_sync_fixture_user (&f->base, "root", DK_ROLE_ADMINISTRATOR, NULL);
  g_autoptr(JsonNode) admin_page = NULL;
  g_autoptr(GPtrArray) scope = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *now = dk_domain_timestamp_now ();
  g_autoptr(GDateTime) when = g_date_time_new_now_utc ();
  gint64 lead_cursor;
  gboolean contains = TRUE;

  g_assert_cmpuint (snapshots_for (f, f->anna, 0, f->dossier_id, "snapshot"), ==, 1);
  g_assert_cmpuint (snapshots_for (f, lead, 0, f->dossier_id, "snapshot"), ==, 1);
  g_assert_cmpuint (snapshots_for (f, back, 0, f->dossier_id, "snapshot"), ==, 1);
  g_assert_cmpuint (snapshots_for (f, f->bram, 0, f->dossier_id, "snapshot"), ==, 0);
  g_assert_cmpuint (snapshots_for (f, other_lead, 0, f->dossier_id, "snapshot"), ==, 0);
  g_assert_cmpuint (snapshots_for (f, lone_lead, 0, f->dossier_id, "snapshot"), ==, 0);

  /* An administrator sees no case data at all. */
  admin_page = dk_sync_fixture_pull (&f->base, admin, 0, 100);
  g_assert_cmpuint (json_array_get_length (entries (admin_page)), ==, 0);
  g_assert_false (json_object_get_boolean_member (page (admin_page), "has_more"));
  scope = dk_sync_scope_list (f->base.store, admin, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (scope->len, ==, 0);
  g_assert_true (dk_sync_scope_contains (f->base.store, admin, f->dossier_id, now, &contains, &error));
  g_assert_false (contains);
  g_assert_false (dk_sync_scope_may_create_dossier (DK_ROLE_ADMINISTRATOR));
  g_assert_false (dk_sync_scope_may_create_dossier (DK_ROLE_BACK_OFFICE));
  g_assert_true (dk_sync_scope_may_create_dossier (DK_ROLE_FIELD_WORKER));

  /* Anna moves to the other team: her dossiers go with her, out of this lead's scope. */
  lead_cursor = pull_to_end (f, lead, 0);
  g_assert_true (dk_auth_set_team (f->base.store, f->anna->user_id, f->base.other_team_id, when, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (snapshots_for (f, lead, lead_cursor, f->dossier_id, "purge"), ==, 1);
  g_assert_cmpuint (snapshots_for (f, other_lead, 0, f->dossier_id, "snapshot"), ==, 1);
  g_assert_true (dk_sync_scope_contains (f->base.store, lead, f->dossier_id, now, &contains, &error));
  g_assert_false (contains);
}

static void
test_resync (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) from_zero = NULL;
  g_autoptr(JsonNode) again = NULL;
  JsonNode *answer = NULL;
  gint64 last = last_seq (f);
  gint64 cursor;

  cursor = pull_to_end (f, f->anna, 0);

  /* A cursor beyond the log: the server was restored from an older backup. */
  g_assert_false (dk_sync_pull (f->base.store, f->anna, cursor + 1, 100, &answer, &error));
  g_assert_error (error, DK_SYNC_ERROR, DK_SYNC_ERROR_RESYNC_REQUIRED);
  g_assert_null (answer);
  g_clear_error (&error);

  /* A cursor below the compaction low-water mark. */
  dk_sync_fixture_exec (&f->base, "UPDATE change_log_low_water SET low_water_seq = 3", NULL);
  g_assert_false (dk_sync_pull (f->base.store, f->anna, 2, 100, &answer, &error));
  g_assert_error (error, DK_SYNC_ERROR, DK_SYNC_ERROR_RESYNC_REQUIRED);
  g_assert_cmpuint (dk_sync_error_http_status (error->code), ==, 409);
  g_assert_cmpstr (dk_sync_error_code_name (error->code), ==, "resync-required");
  g_clear_error (&error);
  g_assert_true (dk_sync_pull (f->base.store, f->anna, 3, 100, &answer, &error));
  g_assert_no_error (error);
  g_clear_pointer (&answer, json_node_unref);

  /* The full resync from 0: every dossier of the scope as a snapshot, nothing else. */
  from_zero = dk_sync_fixture_pull (&f->base, f->anna, 0, 100);
  g_assert_cmpuint (json_array_get_length (entries (from_zero)), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (entries (from_zero), 0), "op"), ==,
                   "snapshot");
  again = dk_sync_fixture_pull (&f->base, f->anna, json_object_get_int_member (page (from_zero), "next_cursor"), 100);
  g_assert_cmpuint (json_array_get_length (entries (again)), ==, 0);
  g_assert_cmpint (last, <, last_seq (f));

  g_assert_false (dk_sync_pull (f->base.store, f->anna, -1, 100, &answer, &error));
  g_assert_error (error, DK_SYNC_ERROR, DK_SYNC_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_false (dk_sync_pull (f->base.store, f->anna, 0, 0, &answer, &error));
  g_assert_error (error, DK_SYNC_ERROR, DK_SYNC_ERROR_MALFORMED);
}

/* The pull's page query is driven by the change log's (dossier_id, seq) index, not a scan. */
static void
test_pull_uses_index (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) details = g_string_new (NULL);
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  /* The same join as the pull's page query (dk-sync-pull.c). */
  stmt = dk_store_prepare (f->base.store,
                           "EXPLAIN QUERY PLAN SELECT c.seq FROM device_scope AS d"
                           " JOIN change_log AS c ON c.dossier_id = d.dossier_id AND c.seq > max (?2, d.since_seq)"
                           " WHERE d.device_id = ?1 AND (d.purge_seq IS NULL OR c.seq < d.purge_seq)"
                           " AND c.fields IS NOT NULL",
                           &error);
  g_assert_no_error (error);
  while (dk_store_step_row (f->base.store, stmt, &has_row, &error) && has_row)
    g_string_append_printf (details, "%s\n", (const char *) sqlite3_column_text (stmt, 3));
  g_assert_no_error (error);
  g_test_message ("%s", details->str);
  g_assert_nonnull (strstr (details->str, "change_log_dossier (dossier_id=? AND seq>?)"));
  g_assert_null (strstr (details->str, "SCAN c"));
}

/* ---- the randomised convergence test ---- */

typedef struct
{
  char       *table;
  char       *record_id;
  char       *dossier_id;
  JsonObject *fields;
  JsonObject *versions;
} Row;

static void
row_free (Row *row)
{
  g_free (row->table);
  g_free (row->record_id);
  g_free (row->dossier_id);
  json_object_unref (row->fields);
  json_object_unref (row->versions);
  g_free (row);
}

static Row *
row_new (const char *table,
         const char *record_id,
         const char *dossier_id)
{
  Row *row = g_new0 (Row, 1);

  row->table = g_strdup (table);
  row->record_id = g_strdup (record_id);
  row->dossier_id = g_strdup (dossier_id);
  row->fields = json_object_new ();
  row->versions = json_object_new ();
  return row;
}

typedef struct
{
  char   *change_id;
  gint64  seq;         /* 0 until the push is answered */
} OwnWrite;

static void
own_write_free (OwnWrite *own)
{
  g_free (own->change_id);
  g_free (own);
}

typedef struct
{
  DkAuthPrincipal *who;
  gint64           cursor;
  GHashTable      *rows;          /* "table/id" → Row: the replica, built from pulls only */
  GHashTable      *held;          /* dossier ids the pulls handed over */
  GHashTable      *made;          /* "table/id" → Row: records made here, until a pull brings them */
  GHashTable      *created;       /* dossier ids made here */
  GHashTable      *deleted;       /* "table/id" deleted here */
  GHashTable      *own;           /* "table/id/field" → OwnWrite: this device's latest write */
  GPtrArray       *outbox;        /* JsonObject, unanswered */
  GPtrArray       *all_changes;   /* JsonObject, every change made here */
  GHashTable      *answers;       /* change_id → JsonObject */
} Device;

static Device *
device_new (DkAuthPrincipal *who)
{
  Device *d = g_new0 (Device, 1);

  d->who = who;
  d->rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) row_free);
  d->held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d->made = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) row_free);
  d->created = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d->deleted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  d->own = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) own_write_free);
  d->outbox = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  d->all_changes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  d->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) json_object_unref);
  return d;
}

static void
device_free (Device *d)
{
  dk_auth_principal_free (d->who);
  g_hash_table_unref (d->rows);
  g_hash_table_unref (d->held);
  g_hash_table_unref (d->made);
  g_hash_table_unref (d->created);
  g_hash_table_unref (d->deleted);
  g_hash_table_unref (d->own);
  g_ptr_array_unref (d->outbox);
  g_ptr_array_unref (d->all_changes);
  g_hash_table_unref (d->answers);
  g_free (d);
}

typedef struct
{
  Fixture  *f;
  GRand    *rand;
  Device   *devices[3];
  guint     n_conflicts_seen;
  guint     n_replays;
} World;

static char *
key_of (const char *table,
        const char *id)
{
  return g_strdup_printf ("%s/%s", table, id);
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The keys of @table sorted, so that the seed alone decides what is picked (ids are UUIDv7,
 * which sort in the order they were made). */
static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);
  return keys;
}

/* Absent and null are the same in a replica row: a change carries only the fields it sets. */
static gboolean
is_null (JsonObject *fields,
         const char *name)
{
  return !json_object_has_member (fields, name) || json_object_get_null_member (fields, name);
}

static gboolean
device_holds (Device     *d,
              const char *dossier_id)
{
  return g_hash_table_contains (d->held, dossier_id) || g_hash_table_contains (d->created, dossier_id);
}

/* A record as this device sees it: made here, else pulled; NULL when deleted here or unknown. */
static Row *
device_view (Device     *d,
             const char *key)
{
  Row *row;

  if (g_hash_table_contains (d->deleted, key))
    return NULL;
  row = g_hash_table_lookup (d->made, key);
  if (row == NULL)
    row = g_hash_table_lookup (d->rows, key);
  if (row == NULL || !device_holds (d, row->dossier_id))
    return NULL;
  if (!is_null (row->fields, "removed_at"))
    return NULL;
  return row;
}

/* Candidate records of @table_name (NULL: any of the edited tables), optionally in one dossier. */
static GPtrArray *
candidates (Device     *d,
            const char *table_name,
            const char *dossier_id)
{
  g_autoptr(GPtrArray) pulled = sorted_keys (d->rows);
  g_autoptr(GPtrArray) made = sorted_keys (d->made);
  GPtrArray *rows = g_ptr_array_new ();
  GPtrArray *sources[2] = { made, pulled };

  for (guint s = 0; s < 2; s++)
    for (guint i = 0; i < sources[s]->len; i++)
      {
        const char *key = sources[s]->pdata[i];
        Row *row = device_view (d, key);

        if (row == NULL || (s == 1 && g_hash_table_contains (d->made, key)))
          continue;
        if (table_name != NULL ? strcmp (row->table, table_name) != 0
                               : !g_strv_contains ((const char * const[]) { "dossier", "person", "income", "debt",
                                                                             NULL }, row->table))
          continue;
        if (dossier_id != NULL && strcmp (row->dossier_id, dossier_id) != 0)
          continue;
        g_ptr_array_add (rows, row);
      }
  return rows;
}

static GPtrArray *
held_dossiers (Device *d)
{
  g_autoptr(GPtrArray) held = sorted_keys (d->held);
  g_autoptr(GPtrArray) created = sorted_keys (d->created);
  GPtrArray *all = g_ptr_array_new ();

  for (guint i = 0; i < held->len; i++)
    g_ptr_array_add (all, held->pdata[i]);
  for (guint i = 0; i < created->len; i++)
    if (!g_hash_table_contains (d->held, created->pdata[i]))
      g_ptr_array_add (all, created->pdata[i]);
  return all;
}

static gpointer
pick (World     *w,
      GPtrArray *array)
{
  if (array->len == 0)
    return NULL;
  return array->pdata[g_rand_int_range (w->rand, 0, (gint32) array->len)];
}

static const char * const given_names[] = { "Sanne", "Tim", "Eva", "Noah", "Fatima", "Daan", "Lotte", NULL };
static const char * const prefixes[] = { "van", "de", "van der", NULL };

static JsonNode *
random_value (World      *w,
              const char *table,
              const char *field)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  if (strcmp (field, "given_names") == 0 || strcmp (field, "family_name") == 0 ||
      strcmp (field, "creditor_name") == 0)
    json_node_set_string (node, given_names[g_rand_int_range (w->rand, 0, 7)]);
  else if (strcmp (field, "family_name_prefix") == 0 || strcmp (field, "description") == 0 ||
           strcmp (field, "reference") == 0)
    {
      if (g_rand_int_range (w->rand, 0, 4) == 0)
        {
          json_node_unref (node);
          return json_node_new (JSON_NODE_NULL);
        }
      json_node_set_string (node, prefixes[g_rand_int_range (w->rand, 0, 3)]);
    }
  else if (strcmp (field, "holiday_allowance_included") == 0 || strcmp (field, "excluded") == 0)
    json_node_set_boolean (node, g_rand_boolean (w->rand));
  else if (strcmp (field, "share_ppm") == 0)
    json_node_set_int (node, g_rand_int_range (w->rand, 0, 1000001));
  else if (strcmp (field, "opened_on") == 0)
    {
      g_autofree char *date = g_strdup_printf ("2026-%02d-%02d", g_rand_int_range (w->rand, 1, 13),
                                               g_rand_int_range (w->rand, 1, 29));

      json_node_set_string (node, date);
    }
  else
    json_node_set_int (node, g_rand_int_range (w->rand, 0, 500000));

  return node;
}

static const char * const *
editable_fields (const char *table)
{
  static const char * const dossier[] = { "opened_on", NULL };
  static const char * const person[] = { "given_names", "family_name", "family_name_prefix", NULL };
  static const char * const income[] = { "net_cents", "gross_cents", "description", "holiday_allowance_included",
                                         NULL };
  static const char * const debt[] = { "current_cents", "creditor_name", "reference", "excluded", "share_ppm",
                                       NULL };

  if (strcmp (table, "dossier") == 0)
    return dossier;
  if (strcmp (table, "person") == 0)
    return person;
  if (strcmp (table, "income") == 0)
    return income;
  return debt;
}

static char *
own_key (const char *table,
         const char *id,
         const char *field)
{
  return g_strdup_printf ("%s/%s/%s", table, id, field);
}

/* The base of @field as this client would send it: the pulled version, unless its own latest
 * write of the field has not come back through a pull yet (then no base: PROTOCOL.md). */
static gboolean
base_for (Device     *d,
          Row        *row,
          const char *field,
          gint64     *out_seq)
{
  g_autofree char *key = own_key (row->table, row->record_id, field);
  g_autofree char *row_key = key_of (row->table, row->record_id);
  OwnWrite *own = g_hash_table_lookup (d->own, key);
  Row *pulled = g_hash_table_lookup (d->rows, row_key);

  if (own != NULL && (own->seq == 0 || own->seq > d->cursor))
    return FALSE;
  *out_seq = pulled != NULL ? json_object_get_int_member_with_default (pulled->versions, field, 0) : 0;
  return TRUE;
}

static void
remember_own (Device     *d,
              JsonObject *change,
              const char *field)
{
  OwnWrite *own = g_new0 (OwnWrite, 1);

  own->change_id = g_strdup (json_object_get_string_member (change, "change_id"));
  g_hash_table_insert (d->own,
                       own_key (json_object_get_string_member (change, "table"),
                                json_object_get_string_member (change, "record_id"), field),
                       own);
}

static JsonObject *
queue_change (Device     *d,
              const char *op,
              const char *table,
              const char *record_id,
              const char *dossier_id,
              JsonObject *fields,
              JsonObject *base)
{
  JsonObject *change = dk_sync_change_new (op, table, record_id, dossier_id, NULL, NULL);

  if (fields != NULL)
    json_object_set_object_member (change, "fields", json_object_ref (fields));
  if (base != NULL)
    json_object_set_object_member (change, "base", json_object_ref (base));
  g_ptr_array_add (d->outbox, change);
  g_ptr_array_add (d->all_changes, json_object_ref (change));
  return change;
}

static void
make_record (Device     *d,
             const char *table,
             const char *record_id,
             const char *dossier_id,
             JsonObject *fields)
{
  Row *row = row_new (table, record_id, dossier_id);
  g_autoptr(GList) members = json_object_get_members (fields);
  JsonObject *change = queue_change (d, "insert", table, record_id, dossier_id, fields, NULL);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      json_object_set_member (row->fields, l->data, json_node_copy (json_object_get_member (fields, l->data)));
      remember_own (d, change, l->data);
    }
  g_hash_table_insert (d->made, key_of (table, record_id), row);
}

static void
step_edit (World  *w,
           Device *d)
{
  g_autoptr(GPtrArray) rows = candidates (d, NULL, NULL);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) base = json_object_new ();
  g_autoptr(GList) members = NULL;
  const char * const *editable;
  Row *row = pick (w, rows);
  JsonObject *change;
  guint n;

  if (row == NULL)
    return;

  editable = editable_fields (row->table);
  n = g_strv_length ((char **) editable);
  for (guint i = 0, count = g_rand_int_range (w->rand, 1, 3); i < count; i++)
    {
      const char *field = editable[g_rand_int_range (w->rand, 0, (gint32) n)];
      gint64 seq = 0;

      json_object_set_member (fields, field, random_value (w, row->table, field));
      if (base_for (d, row, field, &seq))
        json_object_set_int_member (base, field, seq);
    }
  change = queue_change (d, "update", row->table, row->record_id, row->dossier_id, fields, base);
  members = json_object_get_members (fields);
  for (const GList *l = members; l != NULL; l = l->next)
    remember_own (d, change, l->data);
}

static void
step_delete (World  *w,
             Device *d)
{
  g_autoptr(GPtrArray) rows = candidates (d, g_rand_boolean (w->rand) ? "income" : "person", NULL);
  g_autoptr(JsonObject) base = json_object_new ();
  g_autofree char *key = NULL;
  Row *row = pick (w, rows);
  Row *pulled;

  if (row == NULL)
    return;

  key = key_of (row->table, row->record_id);
  pulled = g_hash_table_lookup (d->rows, key);
  if (pulled != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (pulled->versions);

      for (const GList *l = members; l != NULL; l = l->next)
        {
          gint64 seq = 0;

          if (base_for (d, row, l->data, &seq))
            json_object_set_int_member (base, l->data, seq);
        }
    }
  queue_change (d, "delete", row->table, row->record_id, row->dossier_id, NULL, base);
  g_hash_table_add (d->deleted, g_steal_pointer (&key));
}

static void
step_insert (World  *w,
             Device *d)
{
  g_autoptr(GPtrArray) dossiers = held_dossiers (d);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autofree char *id = dk_uuid_new ();
  const char *dossier_id = pick (w, dossiers);
  guint kind = g_rand_int_range (w->rand, 0, 4);

  if (dossier_id == NULL)
    return;

  if (kind == 0)
    {
      json_object_set_string_member (fields, "role", "other");
      json_object_set_member (fields, "given_names", random_value (w, "person", "given_names"));
      json_object_set_member (fields, "family_name", random_value (w, "person", "family_name"));
      make_record (d, "person", id, dossier_id, fields);
    }
  else if (kind == 1)
    {
      g_autoptr(GPtrArray) persons = candidates (d, "person", dossier_id);
      Row *person = pick (w, persons);

      if (person == NULL)
        return;
      json_object_set_string_member (fields, "person_id", person->record_id);
      json_object_set_string_member (fields, "source", "employment");
      json_object_set_member (fields, "net_cents", random_value (w, "income", "net_cents"));
      json_object_set_string_member (fields, "period", "month");
      json_object_set_boolean_member (fields, "holiday_allowance_included", TRUE);
      json_object_set_string_member (fields, "valid_from", "2026-03-01");
      make_record (d, "income", id, dossier_id, fields);
    }
  else if (kind == 2)
    {
      g_autofree char *group = dk_uuid_new ();

      json_object_set_string_member (fields, "debt_group_id", group);
      json_object_set_member (fields, "creditor_name", random_value (w, "debt", "creditor_name"));
      json_object_set_int_member (fields, "original_cents", 10000);
      json_object_set_member (fields, "current_cents", random_value (w, "debt", "current_cents"));
      json_object_set_string_member (fields, "debt_type", "Overig");
      json_object_set_string_member (fields, "debt_rank", "concurrent");
      json_object_set_boolean_member (fields, "business_debt", FALSE);
      json_object_set_string_member (fields, "contracting_party", "client");
      json_object_set_boolean_member (fields, "household_debt", FALSE);
      json_object_set_boolean_member (fields, "excluded", FALSE);
      json_object_set_int_member (fields, "share_ppm", 1000000);
      make_record (d, "debt", id, dossier_id, fields);
    }
  else
    {
      /* Append-only: any device may add a status to a debt at any time, and it never conflicts. */
      g_autoptr(GPtrArray) debts = candidates (d, "debt", dossier_id);
      Row *debt = pick (w, debts);

      if (debt == NULL)
        return;
      json_object_set_string_member (fields, "debt_id", debt->record_id);
      json_object_set_string_member (fields, "status", g_rand_boolean (w->rand) ? "confirmed" : "in_settlement");
      json_object_set_string_member (fields, "status_date", "2026-03-01");
      make_record (d, "debt_status", id, dossier_id, fields);
    }
}

static void
step_new_dossier (World  *w,
                  Device *d)
{
  g_autoptr(JsonObject) dossier = json_object_new ();
  g_autoptr(JsonObject) person = json_object_new ();
  g_autofree char *dossier_id = dk_uuid_new ();
  g_autofree char *person_id = dk_uuid_new ();
  g_autofree char *number = g_strdup_printf ("R-%s", dossier_id + 24);

  json_object_set_string_member (dossier, "number", number);
  json_object_set_string_member (dossier, "opened_on", "2026-03-01");
  make_record (d, "dossier", dossier_id, dossier_id, dossier);
  g_hash_table_add (d->created, g_strdup (dossier_id));

  json_object_set_string_member (person, "role", "client");
  json_object_set_string_member (person, "given_names", "Sanne");
  json_object_set_string_member (person, "family_name", "Dijk");
  make_record (d, "person", person_id, dossier_id, person);
}

/* A person resolves a conflict the device holds by choosing the value that lost. */
static void
step_resolve (World  *w,
              Device *d)
{
  g_autoptr(GPtrArray) keys = sorted_keys (d->rows);
  g_autoptr(GPtrArray) open = g_ptr_array_new ();
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) base = json_object_new ();
  g_autoptr(JsonObject) resolution = json_object_new ();
  g_autofree char *target_key = NULL;
  Row *conflict;
  Row *target;
  const char *field;
  JsonObject *change;
  gint64 seq = 0;

  for (guint i = 0; i < keys->len; i++)
    {
      Row *row = g_hash_table_lookup (d->rows, keys->pdata[i]);

      if (strcmp (row->table, "conflict") == 0 && device_holds (d, row->dossier_id) &&
          is_null (row->fields, "resolved_at") &&
          strcmp (json_object_get_string_member (row->fields, "kind"), "concurrent_edit") == 0)
        g_ptr_array_add (open, row);
    }
  conflict = pick (w, open);
  if (conflict == NULL)
    return;

  field = json_object_get_string_member (conflict->fields, "field");
  target_key = key_of (json_object_get_string_member (conflict->fields, "table"),
                       json_object_get_string_member (conflict->fields, "record_id"));
  target = device_view (d, target_key);
  if (target == NULL)
    return;

  json_object_set_member (fields, field, json_node_copy (json_object_get_member (conflict->fields, "other")));
  if (base_for (d, target, field, &seq))
    json_object_set_int_member (base, field, seq);
  change = queue_change (d, "update", target->table, target->record_id, target->dossier_id, fields, base);
  remember_own (d, change, field);
  json_object_set_string_member (resolution, "resolved_by_change", json_object_get_string_member (change, "change_id"));
  queue_change (d, "update", "conflict", conflict->record_id, conflict->dossier_id, resolution, NULL);
  w->n_conflicts_seen++;
}

/* Sends (part of) the outbox. A lost answer leaves the outbox as it was: the same changes go
 * again with the next push, and must be answered alike. */
static void
device_push (World    *w,
             Device   *d,
             guint     max,
             gboolean  lose_answer)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *results;

  for (guint i = 0; i < d->outbox->len && i < max; i++)
    g_ptr_array_add (batch, json_object_ref (d->outbox->pdata[i]));
  if (batch->len == 0)
    return;

  results = dk_sync_fixture_push (&w->f->base, d->who, batch, &answer);

  for (guint i = 0; i < batch->len; i++)
    {
      JsonObject *change = batch->pdata[i];
      JsonObject *result = json_array_get_object_element (results, i);
      const char *change_id = json_object_get_string_member (change, "change_id");
      JsonObject *fields = json_object_has_member (change, "fields") ? json_object_get_object_member (change, "fields") : NULL;
      JsonObject *earlier = g_hash_table_lookup (d->answers, change_id);

      /* The answer the server gave before (while this device did not get it) comes again. */
      if (earlier != NULL)
        {
          g_autoptr(JsonNode) a = json_node_init_object (json_node_alloc (), earlier);
          g_autoptr(JsonNode) b = json_node_init_object (json_node_alloc (), result);

          g_assert_true (json_node_equal (a, b));
          w->n_replays++;
        }
      g_hash_table_insert (d->answers, g_strdup (change_id), json_object_ref (result));
      if (lose_answer)
        continue;

      if (fields != NULL && json_object_has_member (result, "seq"))
        {
          g_autoptr(GList) members = json_object_get_members (fields);

          for (const GList *l = members; l != NULL; l = l->next)
            {
              g_autofree char *key = own_key (json_object_get_string_member (change, "table"),
                                              json_object_get_string_member (change, "record_id"), l->data);
              OwnWrite *own = g_hash_table_lookup (d->own, key);

              /* Only the device's latest write of the field counts. */
              if (own != NULL && strcmp (own->change_id, change_id) == 0)
                own->seq = json_object_get_int_member (result, "seq");
            }
        }
    }
  if (!lose_answer)
    g_ptr_array_remove_range (d->outbox, 0, batch->len);
}

static void
forget_dossier (Device     *d,
                const char *dossier_id)
{
  GHashTableIter iter;
  Row *row;

  g_hash_table_iter_init (&iter, d->rows);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &row))
    if (strcmp (row->dossier_id, dossier_id) == 0)
      g_hash_table_iter_remove (&iter);
  g_hash_table_remove (d->held, dossier_id);
}

static void
apply_fields (Row        *row,
              JsonObject *fields,
              gint64      seq,
              gboolean    versioned)
{
  g_autoptr(GList) members = json_object_get_members (fields);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      json_object_set_member (row->fields, l->data, json_node_copy (json_object_get_member (fields, l->data)));
      if (versioned && strcmp (l->data, "created_at") != 0 && strcmp (l->data, "updated_at") != 0)
        json_object_set_int_member (row->versions, l->data, seq);
    }
}

/* A row that points at another of its dossier may only arrive after it: the order a client's
 * replica with foreign keys needs. */
static void
assert_references_present (Device     *d,
                           const char *table_name,
                           JsonObject *fields)
{
  const DkSyncTable *table = dk_sync_registry_lookup (table_name);

  for (gsize i = 0; i < table->n_fields; i++)
    {
      const DkSyncField *field = &table->fields[i];
      g_autofree char *key = NULL;

      if (field->references == NULL || !field->same_dossier || field->access == DK_SYNC_ACCESS_KEY ||
          !json_object_has_member (fields, field->name) || json_object_get_null_member (fields, field->name))
        continue;
      key = key_of (field->references, json_object_get_string_member (fields, field->name));
      g_assert_true (g_hash_table_contains (d->rows, key));
    }
}

static void
apply_entry (Device     *d,
             JsonObject *entry)
{
  const char *op = json_object_get_string_member (entry, "op");
  const char *dossier_id = json_object_get_string_member (entry, "dossier_id");
  gint64 seq = json_object_get_int_member (entry, "seq");
  const char *table;
  const char *record_id;
  g_autofree char *key = NULL;
  const DkSyncTable *registry;
  Row *row;

  if (strcmp (op, "purge") == 0)
    {
      g_assert_true (g_hash_table_contains (d->held, dossier_id));
      forget_dossier (d, dossier_id);
      return;
    }

  if (strcmp (op, "snapshot") == 0)
    {
      JsonArray *records = json_object_get_array_member (entry, "records");

      forget_dossier (d, dossier_id);
      g_hash_table_add (d->held, g_strdup (dossier_id));
      for (guint i = 0; i < json_array_get_length (records); i++)
        {
          JsonObject *record = json_array_get_object_element (records, i);

          table = json_object_get_string_member (record, "table");
          record_id = json_object_get_string_member (record, "record_id");
          row = row_new (table, record_id, dossier_id);
          assert_references_present (d, table, json_object_get_object_member (record, "fields"));
          apply_fields (row, json_object_get_object_member (record, "fields"), 0, FALSE);
          if (json_object_has_member (record, "versions"))
            {
              json_object_unref (row->versions);
              row->versions = json_object_ref (json_object_get_object_member (record, "versions"));
            }
          g_hash_table_insert (d->rows, key_of (table, record_id), row);
        }
      return;
    }

  table = json_object_get_string_member (entry, "table");
  record_id = json_object_get_string_member (entry, "record_id");
  registry = dk_sync_registry_lookup (table);
  key = key_of (table, record_id);
  row = g_hash_table_lookup (d->rows, key);

  if (strcmp (table, "dossier") == 0 && strcmp (op, "insert") == 0)
    g_hash_table_add (d->held, g_strdup (dossier_id));
  g_assert_true (g_hash_table_contains (d->held, dossier_id));

  if (row == NULL)
    {
      g_assert_cmpstr (op, ==, "insert");
      assert_references_present (d, table, json_object_get_object_member (entry, "fields"));
      row = row_new (table, record_id, dossier_id);
      g_hash_table_insert (d->rows, g_strdup (key), row);
    }
  apply_fields (row, json_object_get_object_member (entry, "fields"), seq, dk_sync_table_is_versioned (registry));
}

/* A pull as the client does it: push the whole outbox first, then pages until the end. A page
 * may be lost on the way, and is then asked for again from the same cursor. */
static void
device_pull (World  *w,
             Device *d)
{
  gboolean has_more = TRUE;

  while (d->outbox->len > 0)
    device_push (w, d, 50, FALSE);

  while (has_more)
    {
      g_autoptr(JsonNode) answer = dk_sync_fixture_pull (&w->f->base, d->who, d->cursor,
                                                         g_rand_int_range (w->rand, 1, 9));
      JsonArray *list = entries (answer);

      if (g_rand_int_range (w->rand, 0, 8) == 0)
        continue;

      for (guint i = 0; i < json_array_get_length (list); i++)
        apply_entry (d, json_array_get_object_element (list, i));
      d->cursor = json_object_get_int_member (page (answer), "next_cursor");
      has_more = json_object_get_boolean_member (page (answer), "has_more");
    }

  /* What this device made is now answered and, where it is still held, pulled back. */
  g_hash_table_remove_all (d->made);
  g_hash_table_remove_all (d->created);
  g_hash_table_remove_all (d->deleted);
}

static void
step_reassign (World *w)
{
  Fixture *f = w->f;
  g_autoptr(GPtrArray) dossiers = g_ptr_array_new_with_free_func (g_free);
  const char *users[2] = { f->anna->user_id, f->bram->user_id };
  const char *dossier_id;
  guint from = g_rand_int_range (w->rand, 0, 2);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  stmt = dk_store_prepare (f->base.store,
                           "SELECT DISTINCT dossier_id FROM assignment WHERE user_id = ?1 AND assigned_until IS NULL"
                           " ORDER BY assigned_from, dossier_id",
                           &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, users[from], -1, SQLITE_TRANSIENT);
  while (dk_store_step_row (f->base.store, stmt, &has_row, &error) && has_row)
    g_ptr_array_add (dossiers, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  g_assert_no_error (error);

  dossier_id = pick (w, dossiers);
  if (dossier_id == NULL)
    return;
  dk_sync_fixture_unassign (&f->base, users[from], dossier_id);
  if (dk_sync_fixture_query_int (&f->base, "SELECT count(*) FROM assignment WHERE user_id = ?1 AND dossier_id = ?2"
                                 " AND assigned_until IS NULL", users[1 - from], dossier_id, NULL) == 0)
    dk_sync_fixture_assign (&f->base, users[1 - from], dossier_id);
}

/* Every change made is current, or kept: in the log with its values, or in a conflict record
 * holding the value that lost. */
static void
assert_nothing_lost (World  *w,
                     Device *d)
{
  Fixture *f = w->f;

  g_assert_cmpuint (d->outbox->len, ==, 0);
  for (guint i = 0; i < d->all_changes->len; i++)
    {
      JsonObject *change = d->all_changes->pdata[i];
      const char *change_id = json_object_get_string_member (change, "change_id");
      const char *op = json_object_get_string_member (change, "op");
      JsonObject *answer = g_hash_table_lookup (d->answers, change_id);
      JsonObject *fields = json_object_has_member (change, "fields") ? json_object_get_object_member (change, "fields")
                                                                    : NULL;
      g_autofree char *status = dk_sync_fixture_query_text (&f->base, "SELECT status FROM change_log WHERE change_id = ?1",
                                                            change_id, NULL);
      g_autoptr(GList) members = NULL;

      g_assert_nonnull (answer);
      g_assert_cmpstr (json_object_get_string_member (answer, "status"), ==, status);
      g_assert_cmpstr (status, !=, "refused");

      if (strcmp (op, "delete") == 0)
        {
          gint64 kept = dk_sync_fixture_query_int (&f->base,
                                                   "SELECT (SELECT count(*) FROM change_log WHERE change_id = ?1"
                                                   "   AND (fields IS NULL OR json_extract (fields, '$.removed_at') IS NOT NULL))"
                                                   " + (SELECT count(*) FROM conflict WHERE other_change_id = ?1"
                                                   "   AND field = 'removed_at')",
                                                   change_id, NULL);

          g_assert_cmpint (kept, >=, 1);
          continue;
        }

      /* A resolution never conflicts; a late one leaves the first standing. */
      if (strcmp (json_object_get_string_member (change, "table"), "conflict") == 0)
        continue;

      members = json_object_get_members (fields);
      for (const GList *l = members; l != NULL; l = l->next)
        {
          g_autofree char *value_json = json_to_string (json_object_get_member (fields, l->data), FALSE);
          g_autofree char *path = g_strdup_printf ("$.\"%s\"", (const char *) l->data);
          gint64 kept;

          /* SQLite's json() and -> normalise the JSON text alike on both sides. */
          kept = dk_sync_fixture_query_int (&f->base,
                                            "SELECT (SELECT count(*) FROM change_log WHERE change_id = ?1"
                                            "   AND json_type (fields, ?2) IS NOT NULL AND fields -> ?2 = json (?3))"
                                            " + (SELECT count(*) FROM conflict WHERE other_change_id = ?1"
                                            "   AND field = ?4 AND json (other_json) = json (?3))",
                                            change_id, path, value_json, l->data, NULL);
          g_assert_cmpint (kept, ==, 1);
        }
    }
}

/* The device's replica is exactly the server's rows of its scope, versions included. */
static void
assert_replica (World  *w,
                Device *d)
{
  Fixture *f = w->f;
  g_autoptr(GPtrArray) scope = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *now = dk_domain_timestamp_now ();
  const DkSyncTable *tables;
  gsize n_tables = 0;
  guint n_server_rows = 0;

  scope = dk_sync_scope_list (f->base.store, d->who, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (d->held), ==, scope->len);

  tables = dk_sync_registry_tables (&n_tables);
  for (guint s = 0; s < scope->len; s++)
    {
      g_assert_true (g_hash_table_contains (d->held, scope->pdata[s]));

      for (gsize t = 0; t < n_tables; t++)
        {
          const DkSyncTable *table = &tables[t];
          g_autoptr(GString) sql = g_string_new ("SELECT ");
          sqlite3_stmt *stmt;
          gboolean has_row = FALSE;

          for (gsize i = 0; i < table->n_fields; i++)
            g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", table->fields[i].column);
          g_string_append_printf (sql, " FROM %s WHERE %s = ?1", table->name, table->dossier_column);
          stmt = dk_store_prepare (f->base.store, sql->str, &error);
          g_assert_no_error (error);
          sqlite3_bind_text (stmt, 1, scope->pdata[s], -1, SQLITE_TRANSIENT);

          while (dk_store_step_row (f->base.store, stmt, &has_row, &error) && has_row)
            {
              g_autofree char *key = key_of (table->name, (const char *) sqlite3_column_text (stmt, 0));
              Row *row = g_hash_table_lookup (d->rows, key);

              g_assert_nonnull (row);
              g_assert_cmpstr (row->dossier_id, ==, scope->pdata[s]);
              n_server_rows++;
              for (gsize i = 0; i < table->n_fields; i++)
                {
                  const DkSyncField *field = &table->fields[i];
                  g_autoptr(JsonNode) server = NULL;
                  JsonNode *replica;

                  if (field->access == DK_SYNC_ACCESS_KEY)
                    continue;
                  server = dk_sync_field_read (field, stmt, (int) i);
                  replica = json_object_get_member (row->fields, field->name);
                  if (replica == NULL)
                    g_assert_true (JSON_NODE_HOLDS_NULL (server));
                  else
                    g_assert_true (json_node_equal (server, replica));
                }

              if (dk_sync_table_is_versioned (table))
                {
                  g_autofree char *versions = dk_sync_fixture_query_text (
                    &f->base, "SELECT json_group_object (field, seq) FROM field_version"
                    " WHERE record_table = ?1 AND record_id = ?2", table->name, row->record_id, NULL);
                  g_autoptr(JsonNode) expected = json_from_string (versions, NULL);
                  g_autoptr(JsonNode) actual = json_node_init_object (json_node_alloc (), row->versions);

                  g_assert_true (json_node_equal (expected, actual));
                }
            }
          g_assert_no_error (error);
        }
    }

  g_assert_cmpuint (g_hash_table_size (d->rows), ==, n_server_rows);
}

static void
test_randomised (Fixture       *f,
                 gconstpointer  data)
{
  const char *env = g_getenv ("DK_SYNC_SEED");
  guint32 seed = env != NULL ? (guint32) strtoul (env, NULL, 10) : (guint32) g_test_rand_int ();
  guint steps = g_test_slow () ? 3000 : 400;
  World w = { f, g_rand_new_with_seed (seed), { NULL }, 0, 0 };
  g_autoptr(DkAuthPrincipal) lead = dk_sync_fixture_user (&f->base, "lead", DK_ROLE_TEAM_LEAD, f->base.team_id);
  guint n_changes = 0;
  gint64 n_conflicts;

  g_test_message ("seed %u (replay with DK_SYNC_SEED=%u)", seed, seed);
  g_printerr ("# randomised sync test: seed %u\n", seed);

  w.devices[0] = device_new (f->anna);
  w.devices[1] = device_new (f->bram);
  w.devices[2] = device_new (g_steal_pointer (&lead));
  f->anna = NULL;
  f->bram = NULL;
  /* The fixture's principals now belong to the devices; keep ids for reassignments. */
  f->anna = dk_sync_fixture_device (&f->base, "anna");
  f->bram = dk_sync_fixture_device (&f->base, "bram");

  /* Shared ground: the fixture's dossier is Anna's and Bram's, and each makes one more. */
  dk_sync_fixture_assign (&f->base, f->bram->user_id, f->dossier_id);
  for (guint i = 0; i < 3; i++)
    device_pull (&w, w.devices[i]);
  step_new_dossier (&w, w.devices[0]);
  step_new_dossier (&w, w.devices[1]);

  for (guint step = 0; step < steps; step++)
    {
      Device *d = w.devices[g_rand_int_range (w.rand, 0, 3)];
      guint action = g_rand_int_range (w.rand, 0, 100);

      if (action < 45)
        step_edit (&w, d);
      else if (action < 60)
        step_insert (&w, d);
      else if (action < 66)
        step_delete (&w, d);
      else if (action < 70)
        step_resolve (&w, d);
      else if (action < 71)
        step_new_dossier (&w, d);
      else if (action < 84)
        device_push (&w, d, g_rand_int_range (w.rand, 1, 12), g_rand_int_range (w.rand, 0, 3) == 0);
      else if (action < 97)
        device_pull (&w, d);
      else
        step_reassign (&w);
    }

  /* Everyone sends what is left, then everyone pulls to the end. */
  for (guint i = 0; i < 3; i++)
    while (w.devices[i]->outbox->len > 0)
      device_push (&w, w.devices[i], 50, FALSE);
  for (guint i = 0; i < 3; i++)
    device_pull (&w, w.devices[i]);

  for (guint i = 0; i < 3; i++)
    {
      assert_nothing_lost (&w, w.devices[i]);
      assert_replica (&w, w.devices[i]);
      n_changes += w.devices[i]->all_changes->len;
    }

  n_conflicts = dk_sync_fixture_query_int (&f->base, "SELECT count(*) FROM conflict", NULL);
  g_test_message ("%u changes, %" G_GINT64_FORMAT " conflicts, %u resolutions, %u replayed answers", n_changes,
                  n_conflicts, w.n_conflicts_seen, w.n_replays);
  /* The run must have exercised what it claims to: many changes, and conflicts among them. */
  g_assert_cmpuint (n_changes, >, steps / 2);
  g_assert_cmpint (n_conflicts, >, 0);
  g_assert_cmpuint (w.n_replays, >, 0);

  for (guint i = 0; i < 3; i++)
    device_free (w.devices[i]);
  g_rand_free (w.rand);
}

/* A dossier handed out by a pull, as a snapshot or as changes, gets one audit row per pull with the
 * user and the device, in the pull's own transaction; a purge and an empty page hand out nothing. */
static void
test_audit_reads (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonNode) snapshot_page = NULL;
  g_autoptr(JsonNode) change_page = NULL;
  g_autoptr(JsonNode) empty_page = NULL;
  g_autoptr(JsonNode) purge_page = NULL;
  g_autoptr(JsonNode) failed_page = NULL;
  g_autoptr(GPtrArray) dossiers = NULL;
  g_autoptr(GPtrArray) change_dossiers = NULL;
  g_autoptr(GPtrArray) empty_dossiers = NULL;
  g_autoptr(GPtrArray) purge_dossiers = NULL;
  g_autoptr(GPtrArray) failed_dossiers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  g_autofree char *device = NULL;
  g_autofree char *user = NULL;
  g_autofree char *outcome = NULL;
  const char *reads = "SELECT count(*) FROM audit WHERE action = 'dossier.read' AND dossier_id = ?1";
  JsonObject *entry;
  gint64 cursor;

  /* Not assigned yet: nothing handed out, nothing audited. */
  g_assert_true (dk_sync_pull_full (f->base.store, f->bram, 0, 100, &empty_page, &empty_dossiers, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (entries (empty_page)), ==, 0);
  g_assert_cmpuint (empty_dossiers->len, ==, 0);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, reads, f->dossier_id, NULL), ==, 0);
  cursor = json_object_get_int_member (page (empty_page), "next_cursor");

  dk_sync_fixture_assign (&f->base, f->bram->user_id, f->dossier_id);
  g_assert_true (dk_sync_pull_full (f->base.store, f->bram, cursor, 100, &snapshot_page, &dossiers, &error));
  g_assert_no_error (error);
  entry = json_array_get_object_element (entries (snapshot_page), 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "op"), ==, "snapshot");
  g_assert_cmpuint (dossiers->len, ==, 1);
  g_assert_cmpstr (dossiers->pdata[0], ==, f->dossier_id);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, reads, f->dossier_id, NULL), ==, 1);
  device = dk_sync_fixture_query_text (&f->base, "SELECT device_id FROM audit WHERE action = 'dossier.read'"
                                       " AND dossier_id = ?1", f->dossier_id, NULL);
  user = dk_sync_fixture_query_text (&f->base, "SELECT user_id FROM audit WHERE action = 'dossier.read'"
                                     " AND dossier_id = ?1", f->dossier_id, NULL);
  outcome = dk_sync_fixture_query_text (&f->base, "SELECT outcome FROM audit WHERE action = 'dossier.read'"
                                        " AND dossier_id = ?1", f->dossier_id, NULL);
  g_assert_cmpstr (device, ==, f->bram->device_id);
  g_assert_cmpstr (user, ==, f->bram->user_id);
  g_assert_cmpstr (outcome, ==, "success");
  cursor = json_object_get_int_member (page (snapshot_page), "next_cursor");

  /* Two changes of the dossier on one page: one row. */
  status = push_one (f, f->anna, "update", "income", f->income_id, "{\"description\": \"Bijstand\"}", NULL, NULL);
  g_free (g_steal_pointer (&status));
  status = push_one (f, f->anna, "update", "income", f->income_id, "{\"description\": \"Uitkering\"}", NULL, NULL);
  g_assert_true (dk_sync_pull_full (f->base.store, f->bram, cursor, 100, &change_page, &change_dossiers, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (json_array_get_length (entries (change_page)), ==, 2);
  g_assert_cmpuint (change_dossiers->len, ==, 1);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, reads, f->dossier_id, NULL), ==, 2);
  cursor = json_object_get_int_member (page (change_page), "next_cursor");

  /* Out of scope: the purge hands out nothing. */
  dk_sync_fixture_unassign (&f->base, f->bram->user_id, f->dossier_id);
  g_assert_true (dk_sync_pull_full (f->base.store, f->bram, cursor, 100, &purge_page, &purge_dossiers, &error));
  g_assert_no_error (error);
  entry = json_array_get_object_element (entries (purge_page), 0);
  g_assert_cmpstr (json_object_get_string_member (entry, "op"), ==, "purge");
  g_assert_cmpuint (purge_dossiers->len, ==, 0);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, reads, f->dossier_id, NULL), ==, 2);

  /* A pull that fails hands out nothing and reports nothing. */
  g_assert_false (dk_sync_pull_full (f->base.store, f->bram, last_seq (f) + 10, 100, &failed_page, &failed_dossiers,
                                     &error));
  g_assert_error (error, DK_SYNC_ERROR, DK_SYNC_ERROR_RESYNC_REQUIRED);
  g_assert_null (failed_dossiers);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, "SELECT count(*) FROM audit WHERE action = 'dossier.read'",
                                              NULL), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync-pull/pagination", test_pagination);
  ADD ("/sync-pull/snapshot", test_snapshot);
  ADD ("/sync-pull/snapshot-pages", test_snapshot_pages);
  ADD ("/sync-pull/purge-and-grace", test_purge_and_grace);
  ADD ("/sync-pull/scope-by-role", test_scope_by_role);
  ADD ("/sync-pull/resync", test_resync);
  ADD ("/sync-pull/uses-index", test_pull_uses_index);
  ADD ("/sync-pull/randomised", test_randomised);
  ADD ("/sync-pull/audit-reads", test_audit_reads);
#undef ADD

  return g_test_run ();
}
