/* The review list of a replica against the real server core: conflicts resolved each way, refused
 * changes sent again or discarded, and every replica and the server ending with the same records
 * (dk-replica-review.h; PROTOCOL.md, "Resolving a conflict" and "Pull": refetch). No network:
 * dk_sync_push() and dk_sync_pull_refetch() are called directly, as the endpoints do. */
#include "config.h"

#include <string.h>

#include "dk-date.h"
#include "dk-dossier-repo.h"
#include "dk-replica.h"
#include "dk-replica-review.h"
#include "dk-sync-fixture.h"
#include "dk-sync-pull.h"
#include "dk-sync-push.h"
#include "dk-sync-registry.h"
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

/* Sets @column of the person to @value (a registry name, never input). */
static void
set_person (DkReplica  *replica,
            const char *person_id,
            const char *column,
            const char *value)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("UPDATE person SET %s = ?2 WHERE id = ?1", column);
  DkStore *store = dk_replica_get_store (replica);
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, person_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  dk_store_step_done (store, stmt, &error);
  g_assert_no_error (error);
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

/* Every row of the dossier in the replica is the server's, field for field. */
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
      g_autoptr(GString) server_rows = g_string_new (NULL);
      g_autoptr(GString) replica_rows = g_string_new (NULL);
      GString *rows[2] = { server_rows, replica_rows };

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
      g_assert_cmpstr (replica_rows->str, ==, server_rows->str);
    }
}

static GPtrArray *
review (DkReplica *replica)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *items = dk_replica_review_list (replica, &error);
  guint n;

  g_assert_no_error (error);
  g_assert_nonnull (items);
  n = dk_replica_review_count (replica, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, items->len);
  return items;
}

static void
assert_json (JsonNode   *node,
             const char *expected)
{
  g_autofree char *json = NULL;

  if (expected == NULL)
    {
      g_assert_null (node);
      return;
    }
  g_assert_nonnull (node);
  json = json_to_string (node, FALSE);
  g_assert_cmpstr (json, ==, expected);
}

static void
resolve (DkReplica      *replica,
         const char     *conflict_id,
         DkReviewChoice  choice,
         const char     *value_json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) value = value_json != NULL ? json_from_string (value_json, NULL) : NULL;

  g_assert_true (dk_replica_review_resolve (replica, conflict_id, choice, value, &error));
  g_assert_no_error (error);
}

typedef struct
{
  DkAuthPrincipal *worker;
  DkAuthPrincipal *lead;
  DkReplica       *laptop;
  DkReplica       *office;
  char            *dossier_id;
  char            *person_id;
} Pair;

/* A worker's laptop and their team lead's desktop, both holding one dossier. */
static void
pair_setup (Fixture    *f,
            Pair       *p,
            const char *number)
{
  p->worker = dk_sync_fixture_user (&f->server, "anna", DK_ROLE_FIELD_WORKER, f->server.team_id);
  p->lead = dk_sync_fixture_user (&f->server, "lotte", DK_ROLE_TEAM_LEAD, f->server.team_id);
  p->laptop = dk_sync_fixture_replica (&f->server, p->worker);
  p->office = dk_sync_fixture_replica (&f->server, p->lead);
  p->dossier_id = create_dossier (p->laptop, number, &p->person_id);
  dk_sync_fixture_sync (&f->server, p->laptop, p->worker);
  dk_sync_fixture_sync (&f->server, p->office, p->lead);
}

static void
pair_clear (Pair *p)
{
  g_clear_pointer (&p->worker, dk_auth_principal_free);
  g_clear_pointer (&p->lead, dk_auth_principal_free);
  g_clear_object (&p->laptop);
  g_clear_object (&p->office);
  g_free (p->dossier_id);
  g_free (p->person_id);
}

/* Both replicas hold what the server holds, with nothing left to review. */
static void
assert_converged (Fixture *f,
                  Pair    *p)
{
  dk_sync_fixture_sync (&f->server, p->laptop, p->worker);
  dk_sync_fixture_sync (&f->server, p->office, p->lead);
  dk_sync_fixture_sync (&f->server, p->laptop, p->worker);
  for (int i = 0; i < 2; i++)
    {
      DkReplica *replica = i == 0 ? p->laptop : p->office;
      g_autoptr(GPtrArray) items = review (replica);

      g_assert_cmpuint (items->len, ==, 0);
      g_assert_cmpint (dk_sync_replica_int (replica, "SELECT count (*) FROM sync_outbox", NULL), ==, 0);
      assert_same_as_server (f, replica, p->dossier_id);
    }
  g_assert_cmpint (dk_sync_fixture_query_int (&f->server, "SELECT count (*) FROM conflict WHERE resolved_at IS NULL",
                                              NULL), ==, 0);
}

/* A field changed on both devices, the laptop's change pushed second: it lost. */
static void
make_concurrent_edit (Fixture    *f,
                      Pair       *p,
                      const char *column,
                      const char *laptop_value,
                      const char *office_value)
{
  set_person (p->laptop, p->person_id, column, laptop_value);
  set_person (p->office, p->person_id, column, office_value);
  dk_sync_fixture_sync (&f->server, p->office, p->lead);
  dk_sync_fixture_sync (&f->server, p->laptop, p->worker);
  dk_sync_fixture_sync (&f->server, p->office, p->lead);
}

/* The same field changed on two devices: both see the conflict with both values, side by side, and
 * whichever way a person resolves it, on whichever device, every replica ends with the server's. */
static void
test_concurrent_edit (Fixture       *f,
                      gconstpointer  data)
{
  Pair p = { 0 };
  g_autoptr(GError) error = NULL;

  pair_setup (f, &p, "2026-0101");

  /* Keep mine, on the device whose change lost. */
  make_concurrent_edit (f, &p, "family_name", "Jansen", "de Vries");
  {
    g_autoptr(GPtrArray) laptop = review (p.laptop);
    g_autoptr(GPtrArray) office = review (p.office);
    DkReviewItem *item;
    g_autofree char *update = NULL;
    g_autofree char *by = NULL;

    g_assert_cmpuint (laptop->len, ==, 1);
    g_assert_cmpuint (office->len, ==, 1);
    item = laptop->pdata[0];
    g_assert_cmpint (item->kind, ==, DK_REVIEW_CONFLICT);
    g_assert_cmpstr (item->conflict_kind, ==, "concurrent_edit");
    g_assert_cmpstr (item->table, ==, "person");
    g_assert_cmpstr (item->record_id, ==, p.person_id);
    g_assert_cmpstr (item->field, ==, "family_name");
    g_assert_cmpstr (item->dossier_id, ==, p.dossier_id);
    g_assert_cmpstr (item->dossier_number, ==, "2026-0101");
    g_assert_null (item->reason);
    assert_json (item->mine, "\"Jansen\"");
    assert_json (item->theirs, "\"de Vries\"");
    g_assert_true (item->made_here);
    g_assert_nonnull (item->created_at);
    /* The other device sees the same conflict, not as its own. */
    g_assert_cmpstr (((DkReviewItem *) office->pdata[0])->id, ==, item->id);
    assert_json (((DkReviewItem *) office->pdata[0])->mine, "\"Jansen\"");
    g_assert_false (((DkReviewItem *) office->pdata[0])->made_here);

    resolve (p.laptop, item->id, DK_REVIEW_KEEP_MINE, NULL);

    /* Gone from the list at once; a field update and the resolution naming it wait in the outbox. */
    g_assert_cmpuint (dk_replica_review_count (p.laptop, &error), ==, 0);
    g_assert_no_error (error);
    update = dk_sync_replica_text (p.laptop, "SELECT change_id FROM sync_outbox WHERE state = 'pending' AND record_table = 'person'"
                             " AND json_extract (fields, '$.family_name') = 'Jansen'", NULL);
    by = dk_sync_replica_text (p.laptop, "SELECT json_extract (fields, '$.resolved_by_change') FROM sync_outbox"
                         " WHERE state = 'pending' AND record_table = 'conflict'", NULL);
    g_assert_cmpstr (by, ==, update);
    g_assert_cmpint (dk_sync_replica_int (p.laptop, "SELECT json_extract (base, '$.family_name') > 0 FROM sync_outbox"
                                      " WHERE change_id = ?1", update), ==, 1);

    /* Resolved is resolved. */
    g_assert_false (dk_replica_review_resolve (p.laptop, item->id, DK_REVIEW_KEEP_THEIRS, NULL, &error));
    g_assert_error (error, DK_REVIEW_ERROR, DK_REVIEW_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  assert_converged (f, &p);
  {
    g_autofree char *name = dk_sync_replica_text (p.office, "SELECT family_name FROM person WHERE id = ?1", p.person_id);

    g_assert_cmpstr (name, ==, "Jansen");
  }

  /* Keep theirs, on the device whose change won: the resolution names itself. */
  make_concurrent_edit (f, &p, "given_names", "Sanne Maria", "Sanne M.");
  {
    g_autoptr(GPtrArray) office = review (p.office);
    DkReviewItem *item;
    g_autofree char *own = NULL;
    g_autofree char *by = NULL;

    g_assert_cmpuint (office->len, ==, 1);
    item = office->pdata[0];
    g_assert_false (item->made_here);
    assert_json (item->mine, "\"Sanne Maria\"");
    assert_json (item->theirs, "\"Sanne M.\"");
    resolve (p.office, item->id, DK_REVIEW_KEEP_THEIRS, NULL);
    own = dk_sync_replica_text (p.office, "SELECT change_id FROM sync_outbox WHERE state = 'pending' AND record_table = 'conflict'", NULL);
    by = dk_sync_replica_text (p.office, "SELECT resolved_by_change FROM conflict WHERE id = ?1", item->id);
    g_assert_cmpstr (by, ==, own);
    g_assert_cmpint (dk_sync_replica_int (p.office, "SELECT count (*) FROM sync_outbox", NULL), ==, 1);
  }
  /* The laptop's own conflicted change leaves its outbox once the pull shows the conflict resolved. */
  g_assert_cmpint (dk_sync_replica_int (p.laptop, "SELECT count (*) FROM sync_outbox WHERE state = 'conflict'", NULL), ==, 1);
  assert_converged (f, &p);
  {
    g_autofree char *name = dk_sync_replica_text (p.laptop, "SELECT given_names FROM person WHERE id = ?1", p.person_id);

    g_assert_cmpstr (name, ==, "Sanne M.");
  }

  /* A typed value must fit the field; then it is written like the others. */
  make_concurrent_edit (f, &p, "family_name", "Jansen-Dijk", "Dijk");
  {
    g_autoptr(GPtrArray) laptop = review (p.laptop);
    DkReviewItem *item = laptop->pdata[0];
    g_autoptr(JsonNode) number = json_from_string ("42", NULL);
    g_autoptr(JsonNode) nothing = json_from_string ("null", NULL);

    g_assert_cmpuint (laptop->len, ==, 1);
    g_assert_false (dk_replica_review_resolve (p.laptop, item->id, DK_REVIEW_USE_VALUE, number, &error));
    g_assert_error (error, DK_SYNC_REGISTRY_ERROR, DK_SYNC_REGISTRY_ERROR_WRONG_TYPE);
    g_clear_error (&error);
    g_assert_false (dk_replica_review_resolve (p.laptop, item->id, DK_REVIEW_USE_VALUE, nothing, &error));
    g_assert_error (error, DK_SYNC_REGISTRY_ERROR, DK_SYNC_REGISTRY_ERROR_INVALID_VALUE);
    g_clear_error (&error);
    /* Nothing of either attempt stayed. */
    g_assert_cmpint (dk_sync_replica_int (p.laptop, "SELECT count (*) FROM sync_outbox WHERE state = 'pending'", NULL), ==, 0);
    g_assert_cmpuint (dk_replica_review_count (p.laptop, &error), ==, 1);

    resolve (p.laptop, item->id, DK_REVIEW_USE_VALUE, "\"van Dijk-Jansen\"");
  }
  assert_converged (f, &p);
  {
    g_autofree char *name = dk_sync_replica_text (p.office, "SELECT family_name FROM person WHERE id = ?1", p.person_id);

    g_assert_cmpstr (name, ==, "van Dijk-Jansen");
  }

  /* Two conflicts in one list, oldest first; keeping "mine" on the winner's device writes the loser's
   * value, which is as much a choice as any. */
  make_concurrent_edit (f, &p, "family_name", "A", "B");
  make_concurrent_edit (f, &p, "given_names", "C", "D");
  {
    g_autoptr(GPtrArray) office = review (p.office);

    g_assert_cmpuint (office->len, ==, 2);
    g_assert_cmpstr (((DkReviewItem *) office->pdata[0])->field, ==, "family_name");
    g_assert_cmpstr (((DkReviewItem *) office->pdata[1])->field, ==, "given_names");
    g_assert_cmpint (g_strcmp0 (((DkReviewItem *) office->pdata[0])->created_at,
                                ((DkReviewItem *) office->pdata[1])->created_at), <=, 0);
    resolve (p.office, ((DkReviewItem *) office->pdata[0])->id, DK_REVIEW_KEEP_MINE, NULL);
    resolve (p.office, ((DkReviewItem *) office->pdata[1])->id, DK_REVIEW_KEEP_THEIRS, NULL);
  }
  assert_converged (f, &p);
  {
    g_autofree char *family = dk_sync_replica_text (p.laptop, "SELECT family_name FROM person WHERE id = ?1", p.person_id);
    g_autofree char *given = dk_sync_replica_text (p.laptop, "SELECT given_names FROM person WHERE id = ?1", p.person_id);

    g_assert_cmpstr (family, ==, "A");
    g_assert_cmpstr (given, ==, "D");
  }

  pair_clear (&p);
}

/* The laptop deletes a person the office has just changed: the record stays on the server, and the
 * laptop's worker chooses between keeping it and deleting it again. */
static void
make_delete_outdated (Fixture    *f,
                      Pair       *p,
                      const char *given_names)
{
  set_person (p->office, p->person_id, "given_names", given_names);
  dk_sync_fixture_sync (&f->server, p->office, p->lead);
  dk_sync_replica_exec (p->laptop, "UPDATE person SET removed_at = strftime ('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1",
        p->person_id);
  dk_sync_fixture_sync (&f->server, p->laptop, p->worker);
  dk_sync_fixture_sync (&f->server, p->office, p->lead);
}

static void
test_delete_outdated (Fixture       *f,
                      gconstpointer  data)
{
  Pair p = { 0 };
  g_autoptr(GError) error = NULL;

  pair_setup (f, &p, "2026-0102");

  /* Keep theirs: the record stays, with the change the laptop had not seen. */
  make_delete_outdated (f, &p, "Sanne Maria");
  {
    g_autoptr(GPtrArray) laptop = review (p.laptop);
    g_autoptr(JsonNode) value = json_from_string ("\"x\"", NULL);
    DkReviewItem *item;
    JsonObject *record;

    g_assert_cmpuint (laptop->len, ==, 1);
    item = laptop->pdata[0];
    g_assert_cmpstr (item->conflict_kind, ==, "delete_outdated");
    g_assert_null (item->field);
    g_assert_null (item->mine);
    g_assert_nonnull (item->theirs);
    g_assert_true (JSON_NODE_HOLDS_OBJECT (item->theirs));
    record = json_node_get_object (item->theirs);
    g_assert_cmpstr (json_object_get_string_member (record, "given_names"), ==, "Sanne Maria");
    g_assert_false (json_object_has_member (record, "removed_at"));

    g_assert_false (dk_replica_review_resolve (p.laptop, item->id, DK_REVIEW_USE_VALUE, value, &error));
    g_assert_error (error, DK_REVIEW_ERROR, DK_REVIEW_ERROR_NOT_POSSIBLE);
    g_clear_error (&error);

    resolve (p.laptop, item->id, DK_REVIEW_KEEP_THEIRS, NULL);
  }
  assert_converged (f, &p);
  g_assert_cmpint (dk_sync_replica_int (p.laptop, "SELECT removed_at IS NULL FROM person WHERE id = ?1", p.person_id), ==, 1);

  /* Keep mine: deleted again, this time resting on what the laptop has now seen. */
  make_delete_outdated (f, &p, "Sanne M.");
  {
    g_autoptr(GPtrArray) laptop = review (p.laptop);

    g_assert_cmpuint (laptop->len, ==, 1);
    resolve (p.laptop, ((DkReviewItem *) laptop->pdata[0])->id, DK_REVIEW_KEEP_MINE, NULL);
    g_assert_cmpint (dk_sync_replica_int (p.laptop, "SELECT count (*) FROM sync_outbox WHERE op = 'delete' AND state = 'pending'",
                            NULL), ==, 1);
  }
  assert_converged (f, &p);
  g_assert_cmpint (dk_sync_replica_int (p.office, "SELECT removed_at IS NOT NULL FROM person WHERE id = ?1", p.person_id), ==, 1);

  pair_clear (&p);
}

/* An edit of a record deleted elsewhere: nothing can be written to it, only the deletion kept. */
static void
test_edited_after_delete (Fixture       *f,
                          gconstpointer  data)
{
  Pair p = { 0 };
  g_autoptr(GError) error = NULL;

  pair_setup (f, &p, "2026-0103");
  dk_sync_replica_exec (p.office, "UPDATE person SET removed_at = strftime ('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = ?1", p.person_id);
  dk_sync_fixture_sync (&f->server, p.office, p.lead);
  dk_sync_replica_exec (p.laptop, "UPDATE person SET family_name = 'Jansen' WHERE id = ?1", p.person_id);
  dk_sync_fixture_sync (&f->server, p.laptop, p.worker);
  {
    g_autoptr(GPtrArray) laptop = review (p.laptop);
    g_autoptr(JsonNode) value = json_from_string ("\"Smit\"", NULL);
    DkReviewItem *item;

    g_assert_cmpuint (laptop->len, ==, 1);
    item = laptop->pdata[0];
    g_assert_cmpstr (item->conflict_kind, ==, "edited_after_delete");
    g_assert_cmpstr (item->field, ==, "family_name");
    assert_json (item->mine, "\"Jansen\"");
    assert_json (item->theirs, "\"Dijk\"");

    g_assert_false (dk_replica_review_resolve (p.laptop, item->id, DK_REVIEW_KEEP_MINE, NULL, &error));
    g_assert_error (error, DK_REVIEW_ERROR, DK_REVIEW_ERROR_NOT_POSSIBLE);
    g_clear_error (&error);
    g_assert_false (dk_replica_review_resolve (p.laptop, item->id, DK_REVIEW_USE_VALUE, value, &error));
    g_assert_error (error, DK_REVIEW_ERROR, DK_REVIEW_ERROR_NOT_POSSIBLE);
    g_clear_error (&error);
    resolve (p.laptop, item->id, DK_REVIEW_KEEP_THEIRS, NULL);
  }
  assert_converged (f, &p);
  g_assert_cmpint (dk_sync_replica_int (p.laptop, "SELECT removed_at IS NOT NULL FROM person WHERE id = ?1", p.person_id), ==, 1);

  pair_clear (&p);
}

/* The only refused change in the list. */
static DkReviewItem *
only_refused (GPtrArray *items)
{
  g_assert_cmpuint (items->len, ==, 1);
  g_assert_cmpint (((DkReviewItem *) items->pdata[0])->kind, ==, DK_REVIEW_REFUSED);
  return items->pdata[0];
}

/* A dossier renumbered to a number another dossier has on the server (the replica cannot know it):
 * refused, listed with the server's reason, sent again in vain, discarded, and back at the server's
 * number after the next sync; sent again with success once the number is free. */
static void
test_refused_update (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) anna = dk_sync_fixture_user (&f->server, "anna", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkAuthPrincipal) bram = dk_sync_fixture_user (&f->server, "bram", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkAuthPrincipal) lotte = dk_sync_fixture_user (&f->server, "lotte", DK_ROLE_TEAM_LEAD, f->server.team_id);
  g_autoptr(DkReplica) laptop = dk_sync_fixture_replica (&f->server, anna);
  g_autoptr(DkReplica) other = dk_sync_fixture_replica (&f->server, bram);
  g_autoptr(DkReplica) office = dk_sync_fixture_replica (&f->server, lotte);
  g_autofree char *dossier_id = create_dossier (laptop, "2026-0200", NULL);
  g_autofree char *taken_id = create_dossier (other, "2026-0201", NULL);
  g_autofree char *change_id = NULL;
  g_autoptr(GError) error = NULL;

  dk_sync_fixture_sync (&f->server, laptop, anna);
  dk_sync_fixture_sync (&f->server, other, bram);
  dk_sync_fixture_sync (&f->server, office, lotte);

  dk_sync_replica_exec (laptop, "UPDATE dossier SET number = '2026-0201' WHERE id = ?1", dossier_id);
  dk_sync_fixture_sync (&f->server, laptop, anna);
  {
    g_autoptr(GPtrArray) items = review (laptop);
    DkReviewItem *item = only_refused (items);

    g_assert_cmpstr (item->reason, ==, "constraint");
    g_assert_nonnull (item->message);
    g_assert_cmpstr (item->table, ==, "dossier");
    g_assert_cmpstr (item->record_id, ==, dossier_id);
    g_assert_cmpstr (item->dossier_id, ==, dossier_id);
    g_assert_cmpstr (item->dossier_number, ==, "2026-0201");  /* what the replica shows until then */
    g_assert_cmpstr (item->field, ==, "number");
    g_assert_null (item->conflict_kind);
    assert_json (item->mine, "\"2026-0201\"");
    g_assert_null (item->theirs);  /* the replica overwrote it */
    g_assert_true (item->made_here);
    g_assert_nonnull (item->created_at);
    change_id = g_strdup (item->id);
  }

  /* Sent again as it is: refused again, under a new change_id (the old one has its answer). */
  dk_replica_review_retry (laptop, change_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dk_replica_review_count (laptop, &error), ==, 0);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count (*) FROM sync_outbox WHERE change_id = ?1", change_id), ==, 0);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count (*) FROM sync_outbox WHERE state = 'pending'", NULL), ==, 1);
  g_assert_false (dk_replica_review_retry (laptop, change_id, &error));
  g_assert_error (error, DK_REVIEW_ERROR, DK_REVIEW_ERROR_NOT_FOUND);
  g_clear_error (&error);
  dk_sync_fixture_sync (&f->server, laptop, anna);
  {
    g_autoptr(GPtrArray) items = review (laptop);
    DkReviewItem *item = only_refused (items);

    g_assert_cmpstr (item->reason, ==, "constraint");
    g_assert_cmpstr (item->id, !=, change_id);
    g_free (change_id);
    change_id = g_strdup (item->id);
  }

  /* Meanwhile the team lead renumbers the dossier: the pull brings the server's number, and the list
   * can show it beside the refused one. */
  dk_sync_replica_exec (office, "UPDATE dossier SET number = '2026-0202' WHERE id = ?1", dossier_id);
  dk_sync_fixture_sync (&f->server, office, lotte);
  dk_sync_fixture_sync (&f->server, laptop, anna);
  {
    g_autoptr(GPtrArray) items = review (laptop);
    DkReviewItem *item = only_refused (items);

    assert_json (item->mine, "\"2026-0201\"");
    assert_json (item->theirs, "\"2026-0202\"");
  }

  /* Discarded: out of the outbox, and the next sync brings the server's values back. */
  dk_sync_replica_exec (laptop, "UPDATE dossier SET number = '2026-0201' WHERE id = ?1", dossier_id);
  dk_sync_fixture_sync (&f->server, laptop, anna);
  {
    g_autoptr(GPtrArray) items = review (laptop);

    g_assert_cmpuint (items->len, ==, 2);
    for (guint i = 0; i < items->len; i++)
      {
        DkReviewItem *item = items->pdata[i];

        dk_replica_review_discard (laptop, item->id, &error);
        g_assert_no_error (error);
        g_assert_false (dk_replica_review_discard (laptop, item->id, &error));
        g_assert_error (error, DK_REVIEW_ERROR, DK_REVIEW_ERROR_NOT_FOUND);
        g_clear_error (&error);
      }
  }
  g_assert_cmpuint (dk_replica_review_count (laptop, &error), ==, 0);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count (*) FROM sync_outbox", NULL), ==, 0);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count (*) FROM sync_refetch WHERE dossier_id = ?1", dossier_id), ==, 1);
  {
    g_autofree char *number = dk_sync_replica_text (laptop, "SELECT number FROM dossier WHERE id = ?1", dossier_id);

    g_assert_cmpstr (number, ==, "2026-0201");
  }
  dk_sync_fixture_sync (&f->server, laptop, anna);
  {
    g_autofree char *number = dk_sync_replica_text (laptop, "SELECT number FROM dossier WHERE id = ?1", dossier_id);

    g_assert_cmpstr (number, ==, "2026-0202");
  }
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count (*) FROM sync_refetch", NULL), ==, 0);
  assert_same_as_server (f, laptop, dossier_id);

  /* Refused, then the number is freed on the server: sent again, it lands. */
  dk_sync_replica_exec (laptop, "UPDATE dossier SET number = '2026-0201' WHERE id = ?1", dossier_id);
  dk_sync_fixture_sync (&f->server, laptop, anna);
  g_clear_pointer (&change_id, g_free);
  {
    g_autoptr(GPtrArray) items = review (laptop);

    change_id = g_strdup (only_refused (items)->id);
  }
  dk_sync_replica_exec (other, "UPDATE dossier SET number = '2026-0301' WHERE id = ?1", taken_id);
  dk_sync_fixture_sync (&f->server, other, bram);
  dk_replica_review_retry (laptop, change_id, &error);
  g_assert_no_error (error);
  dk_sync_fixture_sync (&f->server, laptop, anna);
  dk_sync_fixture_sync (&f->server, office, lotte);
  g_assert_cmpuint (dk_replica_review_count (laptop, &error), ==, 0);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count (*) FROM sync_outbox", NULL), ==, 0);
  {
    g_autofree char *number = dk_sync_replica_text (office, "SELECT number FROM dossier WHERE id = ?1", dossier_id);

    g_assert_cmpstr (number, ==, "2026-0201");
  }
  assert_same_as_server (f, laptop, dossier_id);
  assert_same_as_server (f, office, dossier_id);
}

/* A new dossier under a number the server already has: the dossier is refused, and what was made in
 * it with it is out of scope. Discarding the dossier removes it from the replica at once (the server
 * never had it); the rest stays listed, without a dossier, until discarded too. */
static void
test_refused_insert (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) anna = dk_sync_fixture_user (&f->server, "anna", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkAuthPrincipal) bram = dk_sync_fixture_user (&f->server, "bram", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkReplica) laptop = dk_sync_fixture_replica (&f->server, anna);
  g_autoptr(DkReplica) other = dk_sync_fixture_replica (&f->server, bram);
  g_autofree char *kept_id = create_dossier (laptop, "2026-0300", NULL);
  g_autofree char *taken_id = create_dossier (other, "2026-0301", NULL);
  g_autofree char *dossier_id = NULL;
  g_autofree char *person_id = NULL;
  g_autoptr(GError) error = NULL;

  dk_sync_fixture_sync (&f->server, other, bram);
  dossier_id = create_dossier (laptop, "2026-0301", &person_id);
  dk_sync_fixture_sync (&f->server, laptop, anna);
  {
    g_autoptr(GPtrArray) items = review (laptop);
    DkReviewItem *dossier = NULL;

    g_assert_cmpuint (items->len, ==, 3);
    for (guint i = 0; i < items->len; i++)
      {
        DkReviewItem *item = items->pdata[i];

        g_assert_cmpint (item->kind, ==, DK_REVIEW_REFUSED);
        g_assert_cmpstr (item->dossier_id, ==, dossier_id);
        g_assert_null (item->field);
        g_assert_null (item->theirs);
        g_assert_nonnull (item->mine);
        g_assert_true (JSON_NODE_HOLDS_OBJECT (item->mine));
        if (g_str_equal (item->table, "dossier"))
          dossier = item;
        else
          g_assert_cmpstr (item->reason, ==, "out-of-scope");
      }
    g_assert_nonnull (dossier);
    g_assert_cmpstr (dossier->reason, ==, "constraint");
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (dossier->mine), "number"), ==, "2026-0301");

    dk_replica_review_discard (laptop, dossier->id, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count (*) FROM dossier WHERE id = ?1", dossier_id), ==, 0);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count (*) FROM person WHERE id = ?1", person_id), ==, 0);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count (*) FROM dossier WHERE id = ?1", kept_id), ==, 1);
  {
    g_autoptr(GPtrArray) items = review (laptop);

    g_assert_cmpuint (items->len, ==, 2);
    for (guint i = 0; i < items->len; i++)
      {
        DkReviewItem *item = items->pdata[i];

        g_assert_null (item->dossier_number);
        dk_replica_review_discard (laptop, item->id, &error);
        g_assert_no_error (error);
      }
  }
  g_assert_cmpuint (dk_replica_review_count (laptop, &error), ==, 0);
  dk_sync_fixture_sync (&f->server, laptop, anna);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count (*) FROM sync_outbox", NULL), ==, 0);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count (*) FROM dossier", NULL), ==, 1);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count (*) FROM sync_refetch", NULL), ==, 0);
  assert_same_as_server (f, laptop, kept_id);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->server, "SELECT count (*) FROM dossier WHERE id = ?1", dossier_id,
                                              NULL), ==, 0);
}

/* A change that waited in the outbox while the dossier was reassigned away and purged: refused as
 * out of scope, listed without a dossier, and sent again once the dossier is assigned back. */
static void
test_out_of_scope (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) anna = dk_sync_fixture_user (&f->server, "anna", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkAuthPrincipal) bram = dk_sync_fixture_user (&f->server, "bram", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkReplica) laptop = dk_sync_fixture_replica (&f->server, anna);
  g_autofree char *person_id = NULL;
  g_autofree char *dossier_id = create_dossier (laptop, "2026-0400", &person_id);
  g_autoptr(GError) error = NULL;

  dk_sync_fixture_sync (&f->server, laptop, anna);
  dk_sync_fixture_unassign (&f->server, anna->user_id, dossier_id);
  dk_sync_fixture_assign (&f->server, bram->user_id, dossier_id);
  dk_sync_fixture_sync (&f->server, laptop, anna);
  dk_sync_fixture_sync (&f->server, laptop, anna);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count (*) FROM dossier", NULL), ==, 0);
  {
    DkStore *store = dk_replica_get_store (laptop);
    g_autofree char *change_id = dk_uuid_new ();
    g_autofree char *base = g_strdup_printf ("{\"given_names\":%" G_GINT64_FORMAT "}",
                                             dk_sync_fixture_query_int (&f->server,
                                                                        "SELECT seq FROM field_version WHERE record_id = ?1"
                                                                        " AND field = 'given_names'", person_id, NULL));
    sqlite3_stmt *stmt;

    stmt = dk_store_prepare (store,
                             "INSERT INTO sync_outbox (change_id, record_table, record_id, dossier_id, op, fields,"
                             " base, made_at, state) VALUES (?1, 'person', ?2, ?3, 'update',"
                             " '{\"given_names\":\"Sanne Maria\"}', ?4, '2026-11-20T09:14:03.120Z', 'pending')",
                             &error);
    g_assert_no_error (error);
    sqlite3_bind_text (stmt, 1, change_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 2, person_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 3, dossier_id, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text (stmt, 4, base, -1, SQLITE_TRANSIENT);
    dk_store_step_done (store, stmt, &error);
    g_assert_no_error (error);
  }
  dk_sync_fixture_sync (&f->server, laptop, anna);
  {
    g_autoptr(GPtrArray) items = review (laptop);
    DkReviewItem *item = only_refused (items);

    g_assert_cmpstr (item->reason, ==, "out-of-scope");
    g_assert_null (item->dossier_number);
    g_assert_cmpstr (item->field, ==, "given_names");
    assert_json (item->mine, "\"Sanne Maria\"");
    g_assert_null (item->theirs);

    dk_sync_fixture_assign (&f->server, anna->user_id, dossier_id);
    dk_replica_review_retry (laptop, item->id, &error);
    g_assert_no_error (error);
  }
  dk_sync_fixture_sync (&f->server, laptop, anna);
  g_assert_cmpuint (dk_replica_review_count (laptop, &error), ==, 0);
  g_assert_no_error (error);
  {
    g_autofree char *name = dk_sync_replica_text (laptop, "SELECT given_names FROM person WHERE id = ?1", person_id);

    g_assert_cmpstr (name, ==, "Sanne Maria");
  }
  assert_same_as_server (f, laptop, dossier_id);
}

static guint
count_snapshots (JsonNode   *page,
                 const char *dossier_id)
{
  JsonArray *changes = json_object_get_array_member (json_node_get_object (page), "changes");
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *entry = json_array_get_object_element (changes, i);

      if (g_str_equal (json_object_get_string_member (entry, "op"), "snapshot") &&
          g_str_equal (json_object_get_string_member (entry, "dossier_id"), dossier_id))
        n++;
    }
  return n;
}

/* The server's side of a refetch: a new snapshot of a dossier the device holds and may see, and
 * nothing at all for any other id. */
static void
test_refetch (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) anna = dk_sync_fixture_user (&f->server, "anna", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkAuthPrincipal) bram = dk_sync_fixture_user (&f->server, "bram", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkReplica) laptop = dk_sync_fixture_replica (&f->server, anna);
  g_autoptr(DkReplica) other = dk_sync_fixture_replica (&f->server, bram);
  g_autofree char *held_id = create_dossier (laptop, "2026-0500", NULL);
  g_autofree char *leaving_id = create_dossier (laptop, "2026-0501", NULL);
  g_autofree char *foreign_id = create_dossier (other, "2026-0502", NULL);
  g_autofree char *unknown_id = dk_uuid_new ();
  const char *ids[] = { held_id, held_id, foreign_id, unknown_id, leaving_id, NULL };
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) plain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  gint64 cursor = 0;
  gboolean more = FALSE;

  dk_sync_fixture_sync (&f->server, laptop, anna);
  dk_sync_fixture_sync (&f->server, other, bram);
  dk_sync_fixture_unassign (&f->server, anna->user_id, leaving_id);
  dk_replica_get_cursor (laptop, &cursor, &error);
  g_assert_no_error (error);

  dk_sync_pull_refetch (f->server.store, anna, cursor, 100, ids, &page, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_snapshots (page, held_id), ==, 1);
  g_assert_cmpuint (count_snapshots (page, leaving_id), ==, 0);
  json = json_to_string (page, FALSE);
  g_assert_null (strstr (json, foreign_id));
  g_assert_null (strstr (json, unknown_id));
  g_assert_nonnull (strstr (json, "\"purge\""));

  /* The page is lost: the same cursor gets the snapshot again, without asking. */
  dk_sync_pull_refetch (f->server.store, anna, cursor, 100, NULL, &again, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_snapshots (again, held_id), ==, 1);
  dk_replica_apply_page (laptop, again, &cursor, &more, &error);
  g_assert_no_error (error);
  g_assert_false (more);
  assert_same_as_server (f, laptop, held_id);

  /* Once applied, nothing more comes unless asked. */
  dk_sync_pull_refetch (f->server.store, anna, cursor, 100, NULL, &plain, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_snapshots (plain, held_id), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/replica-review/concurrent-edit", test_concurrent_edit);
  ADD ("/replica-review/delete-outdated", test_delete_outdated);
  ADD ("/replica-review/edited-after-delete", test_edited_after_delete);
  ADD ("/replica-review/refused-update", test_refused_update);
  ADD ("/replica-review/refused-insert", test_refused_insert);
  ADD ("/replica-review/out-of-scope", test_out_of_scope);
  ADD ("/replica-review/refetch", test_refetch);
#undef ADD

  return g_test_run ();
}
