/* The client replica against the real server core: capture of local edits in the outbox, push
 * answers, pull pages, snapshots, purges and conflicts (PROTOCOL.md, "Client state"). No network:
 * dk_sync_push() and dk_sync_pull() are called directly, as the endpoints do. */
#include "config.h"

#include <string.h>

#include "dk-date.h"
#include "dk-domain-schema.h"
#include "dk-dossier-repo.h"
#include "dk-replica.h"
#include "dk-sync-fixture.h"
#include "dk-sync-pull.h"
#include "dk-sync-registry.h"
#include "dk-sync-push.h"
#include "dk-test-util.h"
#include "dk-uuid.h"

typedef struct
{
  DkSyncFixture  server;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  dk_sync_fixture_setup (&f->server);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dk_sync_fixture_teardown (&f->server);
}

static char *
create_dossier (DkReplica  *replica,
                const char *number,
                char      **out_person_id)
{
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_person_free);
  g_autoptr(GError) error = NULL;
  GDate birth = dk_date_ymd (1998, 3, 14);
  GDate opened = dk_date_ymd (2026, 11, 2);
  DkPerson *client = dk_person_new (DK_PERSON_ROLE_CLIENT, "Sanne", "van", "Dijk", &birth);
  char *dossier_id = NULL;

  g_ptr_array_add (persons, client);
  dk_dossier_repo_create (dk_replica_get_store (replica), number, &opened, persons, NULL, &dossier_id, &error);
  g_assert_no_error (error);
  if (out_person_id != NULL)
    *out_person_id = g_strdup (client->id);
  return dossier_id;
}

/* A transaction that writes and then fails. */
static gboolean
rename_then_fail (DkStore   *store,
                  gpointer   person_id,
                  GError   **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (store, "UPDATE person SET family_name = 'X' WHERE id = ?1", error);

  sqlite3_bind_text (stmt, 1, person_id, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "stop");
  return FALSE;
}

/* A local write puts its change in the outbox in the same transaction; edits of one record fold into
 * its unsent change; a rolled-back write leaves nothing behind. */
static void
test_capture (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) worker = dk_sync_fixture_user (&f->server, "anna", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkReplica) replica = dk_sync_fixture_replica (&f->server, worker);
  g_autofree char *person_id = NULL;
  g_autofree char *dossier_id = create_dossier (replica, "2026-0001", &person_id);
  g_autofree char *fields = NULL;
  g_autoptr(GError) error = NULL;
  DkOutboxCounts counts;

  /* The dossier, its client and the opening "moves in" event. */
  g_assert_cmpint (dk_sync_replica_int (replica, "SELECT count (*) FROM sync_outbox WHERE op = 'insert' AND state = 'pending'", NULL), ==, 3);
  fields = dk_sync_replica_text (replica, "SELECT fields FROM sync_outbox WHERE record_table = 'person'", NULL);
  g_assert_nonnull (strstr (fields, "\"given_names\":\"Sanne\""));
  g_assert_nonnull (strstr (fields, "\"family_name_prefix\":\"van\""));
  g_assert_nonnull (strstr (fields, "\"bsn\":null"));
  g_assert_null (strstr (fields, "created_at"));

  /* Edits before the first push fold into the insert. */
  dk_sync_replica_exec (replica, "UPDATE person SET given_names = 'Sanne Maria' WHERE id = ?1", person_id);
  g_clear_pointer (&fields, g_free);
  fields = dk_sync_replica_text (replica, "SELECT fields FROM sync_outbox WHERE record_table = 'person'", NULL);
  g_assert_nonnull (strstr (fields, "\"given_names\":\"Sanne Maria\""));
  g_assert_cmpint (dk_sync_replica_int (replica, "SELECT count (*) FROM sync_outbox", NULL), ==, 3);

  /* A write that fails leaves no change behind. */
  g_assert_false (dk_store_transaction (dk_replica_get_store (replica), rename_then_fail, person_id, &error));
  g_clear_error (&error);
  g_assert_cmpint (dk_sync_replica_int (replica, "SELECT count (*) FROM sync_outbox WHERE fields LIKE '%\"X\"%'", NULL), ==, 0);

  dk_replica_count_outbox (replica, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts.pending, ==, 3);

  dk_sync_fixture_sync (&f->server, replica, worker);
  dk_replica_count_outbox (replica, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts.pending + counts.sent + counts.applied + counts.conflict + counts.refused, ==, 0);
  g_assert_cmpint (dk_sync_replica_int (replica, "SELECT count (*) FROM sync_field WHERE record_id = ?1", person_id), >, 0);

  /* After the pull an edit carries the version it rests on. */
  dk_sync_replica_exec (replica, "UPDATE person SET family_name = 'Jansen' WHERE id = ?1", person_id);
  g_clear_pointer (&fields, g_free);
  fields = dk_sync_replica_text (replica, "SELECT base FROM sync_outbox WHERE op = 'update'", NULL);
  g_assert_cmpint (dk_sync_replica_int (replica, "SELECT json_extract (base, '$.family_name') FROM sync_outbox WHERE op = 'update'", NULL),
                   ==, dk_sync_replica_int (replica, "SELECT seq FROM sync_field WHERE field = 'family_name' AND record_id = ?1", person_id));

  /* Setting the tombstone is a delete with the versions of every field. */
  dk_sync_replica_exec (replica, "UPDATE person SET removed_at = strftime ('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1", person_id);
  g_assert_cmpint (dk_sync_replica_int (replica, "SELECT json_extract (base, '$.given_names') > 0 FROM sync_outbox WHERE op = 'delete'", NULL), ==, 1);
  g_assert_cmpint (dk_sync_replica_int (replica, "SELECT count (*) FROM sync_outbox WHERE state = 'pending'", NULL), ==, 2);
  (void) dossier_id;
}

/* Every row of the dossier in the replica is the server's, field for field, with the same versions. */
static void
assert_same_as_server (Fixture    *f,
                       DkReplica  *replica,
                       const char *dossier_id)
{
  const DkSyncTable *tables;
  gsize n_tables = 0;

  tables = dk_sync_registry_tables (&n_tables);
  for (gsize t = 0; t < n_tables; t++)
    {
      const DkSyncTable *table = &tables[t];
      DkStore *stores[2] = { f->server.store, dk_replica_get_store (replica) };
      GString *rows[2] = { g_string_new (NULL), g_string_new (NULL) };

      for (int s = 0; s < 2; s++)
        {
          g_autoptr(GString) sql = g_string_new ("SELECT ");
          g_autoptr(GError) error = NULL;
          sqlite3_stmt *stmt;
          gboolean has_row = FALSE;

          for (gsize i = 0; i < table->n_fields; i++)
            g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", table->fields[i].column);
          g_string_append_printf (sql, " FROM %s WHERE %s = ?1 ORDER BY id", table->name, table->dossier_column);
          stmt = dk_store_prepare (stores[s], sql->str, &error);
          g_assert_no_error (error);
          sqlite3_bind_text (stmt, 1, dossier_id, -1, SQLITE_TRANSIENT);
          while (dk_store_step_row (stores[s], stmt, &has_row, &error) && has_row)
            for (gsize i = 0; i < table->n_fields; i++)
              {
                g_autoptr(JsonNode) value = dk_sync_field_read (&table->fields[i], stmt, (int) i);
                g_autofree char *json = json_to_string (value, FALSE);

                g_string_append_printf (rows[s], "%s=%s\n", table->fields[i].name, json);
              }
          g_assert_no_error (error);
        }
      g_assert_cmpstr (rows[1]->str, ==, rows[0]->str);
      g_string_free (rows[0], TRUE);
      g_string_free (rows[1], TRUE);
    }

  /* The versions the replica keeps are the server's. */
  g_assert_cmpint (dk_sync_replica_int (replica, "SELECT count (*) FROM sync_field", NULL), >, 0);
  {
    g_autoptr(GError) error = NULL;
    sqlite3_stmt *stmt = dk_store_prepare (dk_replica_get_store (replica),
                                           "SELECT record_table, record_id, field, seq FROM sync_field", &error);
    gboolean has_row = FALSE;

    g_assert_no_error (error);
    while (dk_store_step_row (dk_replica_get_store (replica), stmt, &has_row, &error) && has_row)
      {
        g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) sqlite3_column_int64 (stmt, 3));

        g_assert_cmpint (dk_sync_fixture_query_int (&f->server,
                                                    "SELECT count (*) FROM field_version WHERE record_table = ?1"
                                                    " AND record_id = ?2 AND field = ?3 AND seq = ?4",
                                                    (const char *) sqlite3_column_text (stmt, 0),
                                                    (const char *) sqlite3_column_text (stmt, 1),
                                                    (const char *) sqlite3_column_text (stmt, 2), seq, NULL),
                         ==, 1);
      }
    g_assert_no_error (error);
  }
}

/* A dossier made offline on one device reaches the server and, as a snapshot, a second device. */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) worker = dk_sync_fixture_user (&f->server, "anna", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkAuthPrincipal) lead = dk_sync_fixture_user (&f->server, "lotte", DK_ROLE_TEAM_LEAD, f->server.team_id);
  g_autoptr(DkReplica) laptop = dk_sync_fixture_replica (&f->server, worker);
  g_autoptr(DkReplica) office = dk_sync_fixture_replica (&f->server, lead);
  g_autofree char *person_id = NULL;
  g_autofree char *dossier_id = create_dossier (laptop, "2026-0002", &person_id);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkDebt) debt = dk_debt_new ("Woonbron", 120000, DK_DEBT_TYPE_PUBLIC, DK_CONTRACTING_PARTY_CLIENT);
  GDate listed = dk_date_ymd (2026, 11, 3);

  dk_debt_append_status (debt, DK_DEBT_STATUS_REGISTERED, &listed, NULL, &error);
  g_assert_no_error (error);
  dk_dossier_repo_add_debt (dk_replica_get_store (laptop), dossier_id, debt, NULL, &error);
  g_assert_no_error (error);

  dk_sync_fixture_sync (&f->server, laptop, worker);
  assert_same_as_server (f, laptop, dossier_id);
  dk_sync_fixture_sync (&f->server, office, lead);
  assert_same_as_server (f, office, dossier_id);

  /* An edit in the office comes back to the laptop. */
  dk_sync_replica_exec (office, "UPDATE debt SET current_cents = 99000", NULL);
  dk_sync_fixture_sync (&f->server, office, lead);
  dk_sync_fixture_sync (&f->server, laptop, worker);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT current_cents FROM debt", NULL), ==, 99000);
  assert_same_as_server (f, laptop, dossier_id);
  assert_same_as_server (f, office, dossier_id);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count (*) FROM sync_outbox", NULL), ==, 0);
}

/* The same field changed on two devices: the first value pushed stays, the other is kept in a conflict
 * record that both replicas receive, and resolving it is a change like any other. */
static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) worker = dk_sync_fixture_user (&f->server, "anna", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkAuthPrincipal) lead = dk_sync_fixture_user (&f->server, "lotte", DK_ROLE_TEAM_LEAD, f->server.team_id);
  g_autoptr(DkReplica) laptop = dk_sync_fixture_replica (&f->server, worker);
  g_autoptr(DkReplica) office = dk_sync_fixture_replica (&f->server, lead);
  g_autofree char *person_id = NULL;
  g_autofree char *dossier_id = create_dossier (laptop, "2026-0003", &person_id);
  g_autofree char *conflict_id = NULL;
  g_autofree char *resolution = NULL;

  dk_sync_fixture_sync (&f->server, laptop, worker);
  dk_sync_fixture_sync (&f->server, office, lead);

  dk_sync_replica_exec (laptop, "UPDATE person SET family_name = 'Jansen' WHERE id = ?1", person_id);
  dk_sync_replica_exec (office, "UPDATE person SET family_name = 'de Vries' WHERE id = ?1", person_id);
  dk_sync_fixture_sync (&f->server, office, lead);
  dk_sync_fixture_sync (&f->server, laptop, worker);
  dk_sync_fixture_sync (&f->server, office, lead);

  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count (*) FROM sync_outbox WHERE state = 'conflict'", NULL), ==, 1);
  for (int i = 0; i < 2; i++)
    {
      DkReplica *replica = i == 0 ? laptop : office;
      g_autofree char *name = dk_sync_replica_text (replica, "SELECT family_name FROM person WHERE id = ?1", person_id);
      g_autofree char *other = dk_sync_replica_text (replica, "SELECT other_json FROM conflict WHERE record_id = ?1", person_id);

      g_assert_cmpstr (name, ==, "de Vries");
      g_assert_cmpstr (other, ==, "\"Jansen\"");
      assert_same_as_server (f, replica, dossier_id);
    }

  /* The laptop's worker keeps the other value: a field update and the conflict's resolution. */
  conflict_id = dk_sync_replica_text (laptop, "SELECT id FROM conflict", NULL);
  dk_sync_replica_exec (laptop, "UPDATE person SET family_name = 'Jansen' WHERE id = ?1", person_id);
  resolution = dk_sync_replica_text (laptop, "SELECT change_id FROM sync_outbox WHERE state = 'pending' AND record_id = ?1", person_id);
  {
    g_autoptr(GError) error = NULL;
    DkStore *store = dk_replica_get_store (laptop);
    sqlite3_stmt *stmt = dk_store_prepare (store,
                                           "UPDATE conflict SET resolved_by_change = ?2,"
                                           " resolved_at = strftime ('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1",
                                           &error);
    g_assert_no_error (error);
    sqlite3_bind_text (stmt, 1, conflict_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, resolution, -1, SQLITE_TRANSIENT);
    dk_store_step_done (store, stmt, &error);
    g_assert_no_error (error);
  }
  dk_sync_fixture_sync (&f->server, laptop, worker);
  dk_sync_fixture_sync (&f->server, office, lead);
  for (int i = 0; i < 2; i++)
    {
      DkReplica *replica = i == 0 ? laptop : office;
      g_autofree char *name = dk_sync_replica_text (replica, "SELECT family_name FROM person WHERE id = ?1", person_id);

      g_assert_cmpstr (name, ==, "Jansen");
      g_assert_cmpint (dk_sync_replica_int (replica, "SELECT count (*) FROM conflict WHERE resolved_at IS NULL", NULL), ==, 0);
      assert_same_as_server (f, replica, dossier_id);
    }
}

/* A delete that lost to an edit made elsewhere: the record stays on the server, and the device that
 * deleted it gets it back (the conflict record carries the value the server kept). */
static void
test_delete_outdated (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) worker = dk_sync_fixture_user (&f->server, "anna", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkAuthPrincipal) lead = dk_sync_fixture_user (&f->server, "lotte", DK_ROLE_TEAM_LEAD, f->server.team_id);
  g_autoptr(DkReplica) laptop = dk_sync_fixture_replica (&f->server, worker);
  g_autoptr(DkReplica) office = dk_sync_fixture_replica (&f->server, lead);
  g_autofree char *person_id = NULL;
  g_autofree char *dossier_id = create_dossier (laptop, "2026-0008", &person_id);

  dk_sync_fixture_sync (&f->server, laptop, worker);
  dk_sync_fixture_sync (&f->server, office, lead);

  dk_sync_replica_exec (office, "UPDATE person SET given_names = 'Sanne Maria' WHERE id = ?1", person_id);
  dk_sync_fixture_sync (&f->server, office, lead);
  dk_sync_replica_exec (laptop, "UPDATE person SET removed_at = strftime ('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1", person_id);
  dk_sync_fixture_sync (&f->server, laptop, worker);

  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count (*) FROM conflict WHERE kind = 'delete_outdated'", NULL), ==, 1);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT removed_at IS NULL FROM person WHERE id = ?1", person_id), ==, 1);
  assert_same_as_server (f, laptop, dossier_id);
}

/* A dossier reassigned away is purged at the next pull; an edit made before that is pushed first,
 * and one the server refuses stays visible in the outbox. */
static void
test_purge (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) worker = dk_sync_fixture_user (&f->server, "anna", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkAuthPrincipal) other = dk_sync_fixture_user (&f->server, "bram", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkReplica) laptop = dk_sync_fixture_replica (&f->server, worker);
  g_autofree char *person_id = NULL;
  g_autofree char *dossier_id = create_dossier (laptop, "2026-0004", &person_id);
  g_autofree char *answer = NULL;
  g_autoptr(GError) error = NULL;
  DkOutboxCounts counts;

  dk_sync_fixture_sync (&f->server, laptop, worker);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count (*) FROM dossier", NULL), ==, 1);

  dk_sync_fixture_unassign (&f->server, worker->user_id, dossier_id);
  dk_sync_fixture_assign (&f->server, other->user_id, dossier_id);
  dk_sync_replica_exec (laptop, "UPDATE person SET given_names = 'Sanne Maria' WHERE id = ?1", person_id);
  dk_sync_fixture_sync (&f->server, laptop, worker);

  for (const char * const *t = (const char *[]) { "dossier", "person", "household_event", "sync_field", NULL }; *t; t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s", *t);

      g_assert_cmpint (dk_sync_replica_int (laptop, sql, NULL), ==, 0);
    }
  /* The edit landed: it was made while the device still held the dossier. */
  {
    g_autofree char *name = dk_sync_fixture_query_text (&f->server, "SELECT given_names FROM person WHERE id = ?1",
                                                        person_id, NULL);

    g_assert_cmpstr (name, ==, "Sanne Maria");
  }

  /* A change into a dossier the device no longer holds (here written into the outbox by hand, as if
   * it had waited there) is refused and kept, once the server knows the purge arrived (the pull after
   * it says so). */
  dk_sync_fixture_sync (&f->server, laptop, worker);
  {
    DkStore *store = dk_replica_get_store (laptop);
    g_autofree char *change_id = dk_uuid_new ();
    sqlite3_stmt *stmt;

    stmt = dk_store_prepare (store,
                             "INSERT INTO sync_outbox (change_id, record_table, record_id, dossier_id, op, fields,"
                             " base, made_at, state) VALUES (?1, 'person', ?2, ?3, 'update',"
                             " '{\"given_names\":\"Sanne\"}', '{}', '2026-11-20T09:14:03.120Z', 'pending')",
                             &error);
    g_assert_no_error (error);
    sqlite3_bind_text (stmt, 1, change_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, person_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, dossier_id, -1, SQLITE_TRANSIENT);
    dk_store_step_done (store, stmt, &error);
    g_assert_no_error (error);
  }
  dk_sync_fixture_sync (&f->server, laptop, worker);
  dk_replica_count_outbox (laptop, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts.refused, ==, 1);
  answer = dk_sync_replica_text (laptop, "SELECT answer FROM sync_outbox", NULL);
  g_assert_nonnull (strstr (answer, "out-of-scope"));
}

/* The answer to a push is lost (the connection broke after the server committed): the same changes go
 * again, under the same ids, and the server answers them again without applying anything twice. */
static void
test_lost_answer (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) worker = dk_sync_fixture_user (&f->server, "anna", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkReplica) laptop = dk_sync_fixture_replica (&f->server, worker);
  g_autofree char *dossier_id = create_dossier (laptop, "2026-0007", NULL);
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) lost = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  first = dk_replica_take_batch (laptop, 100, &error);
  g_assert_no_error (error);
  dk_sync_push (f->server.store, worker, first, 100, &lost, &error);
  g_assert_no_error (error);

  /* Sent, unanswered: the next batch is the same one. */
  again = dk_replica_take_batch (laptop, 100, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (first, again));
  dk_sync_push (f->server.store, worker, again, 100, &answer, &error);
  g_assert_no_error (error);
  g_assert_true (json_node_equal (lost, answer));
  dk_replica_record_answers (laptop, answer, &error);
  g_assert_no_error (error);

  g_assert_cmpint (dk_sync_fixture_query_int (&f->server, "SELECT count (*) FROM person WHERE dossier_id = ?1",
                                              dossier_id, NULL), ==, 1);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->server, "SELECT count (*) FROM change_log WHERE dossier_id = ?1"
                                              " AND record_table IS NOT NULL", dossier_id, NULL), ==, 3);
  dk_sync_fixture_sync (&f->server, laptop, worker);
  assert_same_as_server (f, laptop, dossier_id);
}

/* A full resync empties the replica but keeps the outbox, then rebuilds it from snapshots. */
static void
test_reset (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) worker = dk_sync_fixture_user (&f->server, "anna", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkReplica) laptop = dk_sync_fixture_replica (&f->server, worker);
  g_autofree char *person_id = NULL;
  g_autofree char *dossier_id = create_dossier (laptop, "2026-0005", &person_id);
  g_autoptr(GError) error = NULL;
  gint64 cursor = -1;

  dk_sync_fixture_sync (&f->server, laptop, worker);
  dk_sync_replica_exec (laptop, "UPDATE person SET given_names = 'Sanne Maria' WHERE id = ?1", person_id);
  dk_replica_reset (laptop, &error);
  g_assert_no_error (error);
  dk_replica_get_cursor (laptop, &cursor, &error);
  g_assert_cmpint (cursor, ==, 0);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count (*) FROM person", NULL), ==, 0);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count (*) FROM sync_outbox WHERE state = 'pending'", NULL), ==, 1);

  dk_sync_fixture_sync (&f->server, laptop, worker);
  {
    g_autofree char *name = dk_sync_replica_text (laptop, "SELECT given_names FROM person WHERE id = ?1", person_id);

    g_assert_cmpstr (name, ==, "Sanne Maria");
  }
  assert_same_as_server (f, laptop, dossier_id);
}

/* A page that is not what the protocol says changes nothing, not even the cursor. */
static void
test_malformed_page (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const pages[] = {
    "[]",
    "{\"changes\": [], \"has_more\": false}",
    "{\"changes\": [{\"op\": \"insert\", \"seq\": 9, \"dossier_id\": \"x\"}], \"next_cursor\": 9, \"has_more\": false}",
    "{\"changes\": [{\"op\": \"teleport\", \"seq\": 9, \"dossier_id\": \"01937755-0000-7000-8000-000000000000\"}],"
    " \"next_cursor\": 9, \"has_more\": false}",
    "{\"changes\": [{\"op\": \"insert\", \"seq\": 9, \"dossier_id\": \"01937755-0000-7000-8000-000000000000\","
    " \"table\": \"dossier\", \"record_id\": \"01937755-0000-7000-8000-000000000000\","
    " \"fields\": {\"number\": 42}}], \"next_cursor\": 9, \"has_more\": false}",
  };
  g_autoptr(DkAuthPrincipal) worker = dk_sync_fixture_user (&f->server, "anna", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkReplica) laptop = dk_sync_fixture_replica (&f->server, worker);

  for (gsize i = 0; i < G_N_ELEMENTS (pages); i++)
    {
      g_autoptr(JsonNode) page = json_from_string (pages[i], NULL);
      g_autoptr(GError) error = NULL;
      gint64 cursor = -1;
      gboolean more = FALSE;

      g_assert_false (dk_replica_apply_page (laptop, page, &cursor, &more, &error));
      g_assert_error (error, DK_REPLICA_ERROR, DK_REPLICA_ERROR_MALFORMED);
      g_clear_error (&error);
      dk_replica_get_cursor (laptop, &cursor, &error);
      g_assert_cmpint (cursor, ==, 0);
      g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count (*) FROM dossier", NULL), ==, 0);
    }
  /* A table of a newer schema is skipped, not an error. */
  {
    g_autoptr(JsonNode) page = json_from_string ("{\"changes\": [{\"op\": \"insert\", \"seq\": 9,"
                                                 " \"dossier_id\": \"01937755-0000-7000-8000-000000000000\","
                                                 " \"table\": \"hologram\", \"record_id\": \"x\", \"fields\": {}}],"
                                                 " \"next_cursor\": 9, \"has_more\": false}", NULL);
    g_autoptr(GError) error = NULL;
    gint64 cursor = 0;
    gboolean more = TRUE;

    g_assert_true (dk_replica_apply_page (laptop, page, &cursor, &more, &error));
    g_assert_no_error (error);
    g_assert_cmpint (cursor, ==, 9);
    g_assert_false (more);
  }
}

/* Local edits cannot rewrite history; the account a replica belongs to cannot silently change. */
static void
test_guards (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) worker = dk_sync_fixture_user (&f->server, "anna", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkAuthPrincipal) other = dk_sync_fixture_user (&f->server, "bram", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkReplica) laptop = dk_sync_fixture_replica (&f->server, worker);
  g_autofree char *dossier_id = create_dossier (laptop, "2026-0006", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkStore) plain = NULL;
  sqlite3_stmt *stmt;

  dk_sync_fixture_sync (&f->server, laptop, worker);
  stmt = dk_store_prepare (dk_replica_get_store (laptop), "DELETE FROM household_event", &error);
  g_assert_no_error (error);
  g_assert_true (dk_store_step_done (dk_replica_get_store (laptop), stmt, &error));
  stmt = dk_store_prepare (dk_replica_get_store (laptop),
                           "INSERT INTO calculation (id, dossier_id, calc_date, norm_table_id, inputs_json, result_json)"
                           " VALUES ('01937755-0000-7000-8000-000000000001', ?1, '2026-11-02', 'n', '{}', '{}')", &error);
  sqlite3_bind_text (stmt, 1, dossier_id, -1, SQLITE_TRANSIENT);
  g_assert_true (dk_store_step_done (dk_replica_get_store (laptop), stmt, &error));
  stmt = dk_store_prepare (dk_replica_get_store (laptop), "DELETE FROM calculation", &error);
  g_assert_false (dk_store_step_done (dk_replica_get_store (laptop), stmt, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_false (dk_replica_bind_account (laptop, other->user_id, other->device_id, &error));
  g_assert_error (error, DK_REPLICA_ERROR, DK_REPLICA_ERROR_OTHER_ACCOUNT);
  g_clear_error (&error);

  /* A connection without the replica's functions cannot write a synced table behind the outbox. */
  plain = dk_domain_store_open (dk_store_get_path (dk_replica_get_store (laptop)), &error);
  if (plain != NULL)
    {
      stmt = dk_store_prepare (plain, "UPDATE person SET given_names = 'Stiekem'", &error);
      if (stmt != NULL)
        g_assert_false (dk_store_step_done (plain, stmt, &error));
    }
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "dk_sync_capture"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/replica/capture", test_capture);
  ADD ("/replica/round-trip", test_round_trip);
  ADD ("/replica/conflict", test_conflict);
  ADD ("/replica/delete-outdated", test_delete_outdated);
  ADD ("/replica/purge", test_purge);
  ADD ("/replica/lost-answer", test_lost_answer);
  ADD ("/replica/reset", test_reset);
  ADD ("/replica/malformed-page", test_malformed_page);
  ADD ("/replica/guards", test_guards);
#undef ADD

  return g_test_run ();
}
