#include "config.h"

#include <sodium.h>

#include "dk-central-store.h"
#include "dk-domain-schema.h"
#include "dk-sync-fixture.h"
#include "dk-sync-pull.h"
#include "dk-sync-push.h"
#include "dk-test-util.h"
#include "dk-uuid.h"

#define PASSWORD "correct horse battery"

void
dk_sync_fixture_setup (DkSyncFixture *f)
{
  g_autoptr(DkServerConfig) config = dk_server_config_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  f->dir = dk_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "central.db", NULL);
  f->store = dk_central_store_open (f->path, &error);
  g_assert_no_error (error);

  dk_auth_params_init (&f->params, config);
  /* The tests are about sync, not about the cost of a password hash. */
  f->params.pwhash_opslimit = crypto_pwhash_OPSLIMIT_MIN;
  f->params.pwhash_memlimit = crypto_pwhash_MEMLIMIT_MIN;

  g_assert_true (dk_auth_create_team (f->store, "Team Noord", now, &f->team_id, &error));
  g_assert_no_error (error);
  g_assert_true (dk_auth_create_team (f->store, "Team Zuid", now, &f->other_team_id, &error));
  g_assert_no_error (error);
}

void
dk_sync_fixture_teardown (DkSyncFixture *f)
{
  g_clear_object (&f->store);
  dk_test_remove_tree (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->path, g_free);
  g_clear_pointer (&f->team_id, g_free);
  g_clear_pointer (&f->other_team_id, g_free);
}

static DkAuthPrincipal *
login (DkSyncFixture *f,
       const char    *user_name)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(DkAuthSession) session = NULL;
  g_autoptr(GError) error = NULL;
  DkAuthPrincipal *principal = NULL;

  g_assert_true (dk_auth_login (f->store, &f->params, user_name, PASSWORD, NULL, "Laptop", now, &session, &error));
  g_assert_no_error (error);
  g_assert_true (dk_auth_authenticate (f->store, session->token, now, &principal, &error));
  g_assert_no_error (error);
  return principal;
}

DkAuthPrincipal *
dk_sync_fixture_user (DkSyncFixture *f,
                      const char    *user_name,
                      DkRole         role,
                      const char    *team_id)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *user_id = NULL;

  g_assert_true (dk_auth_create_user (f->store, &f->params, user_name, "Test User", role, team_id, PASSWORD, now,
                                      &user_id, &error));
  g_assert_no_error (error);
  return login (f, user_name);
}

DkAuthPrincipal *
dk_sync_fixture_device (DkSyncFixture *f,
                        const char    *user_name)
{
  return login (f, user_name);
}

static void
bind_strings (sqlite3_stmt *stmt,
              va_list       args)
{
  const char *arg;
  int i = 1;

  while ((arg = va_arg (args, const char *)) != NULL)
    sqlite3_bind_text (stmt, i++, arg, -1, SQLITE_TRANSIENT);
}

static sqlite3_stmt *
query_row (DkSyncFixture *f,
           const char    *sql,
           va_list        args)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = dk_store_prepare (f->store, sql, &error);
  gboolean has_row = FALSE;

  g_assert_no_error (error);
  bind_strings (stmt, args);
  g_assert_true (dk_store_step_row (f->store, stmt, &has_row, &error));
  g_assert_no_error (error);
  g_assert_true (has_row);
  return stmt;
}

gint64
dk_sync_fixture_query_int (DkSyncFixture *f,
                           const char    *sql,
                           ...)
{
  va_list args;
  sqlite3_stmt *stmt;
  gint64 value;

  va_start (args, sql);
  stmt = query_row (f, sql, args);
  va_end (args);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

char *
dk_sync_fixture_query_text (DkSyncFixture *f,
                            const char    *sql,
                            ...)
{
  va_list args;
  sqlite3_stmt *stmt;
  char *value;

  va_start (args, sql);
  stmt = query_row (f, sql, args);
  va_end (args);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

void
dk_sync_fixture_exec (DkSyncFixture *f,
                      const char    *sql,
                      ...)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = dk_store_prepare (f->store, sql, &error);
  va_list args;

  g_assert_no_error (error);
  va_start (args, sql);
  bind_strings (stmt, args);
  va_end (args);
  g_assert_true (dk_store_step_done (f->store, stmt, &error));
  g_assert_no_error (error);
}

void
dk_sync_fixture_assign (DkSyncFixture *f,
                        const char    *user_id,
                        const char    *dossier_id)
{
  g_autofree char *id = dk_uuid_new ();
  g_autofree char *now = dk_domain_timestamp_now ();

  dk_sync_fixture_exec (f,
                        "INSERT INTO assignment (id, user_id, dossier_id, assigned_from, created_at, updated_at)"
                        " VALUES (?1, ?2, ?3, ?4, ?4, ?4)",
                        id, user_id, dossier_id, now, NULL);
}

void
dk_sync_fixture_unassign (DkSyncFixture *f,
                          const char    *user_id,
                          const char    *dossier_id)
{
  g_autofree char *now = NULL;

  /* assigned_until must lie after assigned_from, which may be this very millisecond. */
  g_usleep (2000);
  now = dk_domain_timestamp_now ();
  dk_sync_fixture_exec (f,
                        "UPDATE assignment SET assigned_until = ?3, updated_at = ?3"
                        " WHERE user_id = ?1 AND dossier_id = ?2 AND assigned_until IS NULL",
                        user_id, dossier_id, now, NULL);
}

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

JsonObject *
dk_sync_change_new (const char *op,
                    const char *table,
                    const char *record_id,
                    const char *dossier_id,
                    const char *fields_json,
                    const char *base_json)
{
  JsonObject *change = json_object_new ();
  g_autofree char *change_id = dk_uuid_new ();

  json_object_set_string_member (change, "change_id", change_id);
  json_object_set_string_member (change, "table", table);
  json_object_set_string_member (change, "record_id", record_id);
  json_object_set_string_member (change, "dossier_id", dossier_id);
  json_object_set_string_member (change, "op", op);
  if (fields_json != NULL)
    json_object_set_member (change, "fields", parse (fields_json));
  if (base_json != NULL)
    json_object_set_member (change, "base", parse (base_json));
  json_object_set_string_member (change, "made_at", "2026-11-20T09:14:03.120Z");
  return change;
}

JsonNode *
dk_sync_request_new (const DkAuthPrincipal *who,
                     GPtrArray             *changes)
{
  JsonObject *request = json_object_new ();
  JsonArray *array = json_array_new ();
  JsonNode *node;

  for (guint i = 0; i < changes->len; i++)
    json_array_add_object_element (array, json_object_ref (changes->pdata[i]));
  json_object_set_string_member (request, "device_id", who->device_id);
  json_object_set_array_member (request, "changes", array);

  node = json_node_init_object (json_node_alloc (), request);
  json_object_unref (request);
  return node;
}

JsonArray *
dk_sync_fixture_push (DkSyncFixture          *f,
                      const DkAuthPrincipal  *who,
                      GPtrArray              *changes,
                      JsonNode              **out_answer)
{
  g_autoptr(JsonNode) request = dk_sync_request_new (who, changes);
  g_autoptr(GError) error = NULL;
  JsonNode *answer = NULL;
  JsonArray *results;

  g_assert_true (dk_sync_push (f->store, who, request, 100, &answer, &error));
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  results = json_object_get_array_member (json_node_get_object (answer), "results");
  g_assert_cmpuint (json_array_get_length (results), ==, changes->len);
  *out_answer = answer;
  return results;
}

JsonNode *
dk_sync_fixture_pull (DkSyncFixture          *f,
                      const DkAuthPrincipal  *who,
                      gint64                  cursor,
                      guint                   limit)
{
  g_autoptr(GError) error = NULL;
  JsonNode *answer = NULL;

  g_assert_true (dk_sync_pull (f->store, who, cursor, limit, &answer, &error));
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  return answer;
}

const char *
dk_sync_result_status (JsonArray  *results,
                       guint       index,
                       JsonObject *change)
{
  JsonObject *result = json_array_get_object_element (results, index);

  g_assert_cmpstr (json_object_get_string_member (result, "change_id"), ==,
                   json_object_get_string_member (change, "change_id"));
  return json_object_get_string_member (result, "status");
}

void
dk_sync_fixture_make_dossier (DkSyncFixture          *f,
                              const DkAuthPrincipal  *who,
                              char                  **out_dossier_id,
                              char                  **out_person_id,
                              char                  **out_income_id,
                              char                  **out_debt_id)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *dossier_id = dk_uuid_new ();
  g_autofree char *person_id = dk_uuid_new ();
  g_autofree char *income_id = dk_uuid_new ();
  g_autofree char *debt_id = dk_uuid_new ();
  g_autofree char *group_id = dk_uuid_new ();
  g_autofree char *status_id = dk_uuid_new ();
  g_autofree char *number = g_strdup_printf ("D-%s", dossier_id + 24);
  g_autofree char *dossier_fields = g_strdup_printf ("{\"number\": \"%s\", \"opened_on\": \"2026-01-05\"}", number);
  g_autofree char *income_fields = NULL;
  g_autofree char *debt_fields = NULL;
  g_autofree char *status_fields = NULL;
  JsonArray *results;

  income_fields = g_strdup_printf ("{\"person_id\": \"%s\", \"source\": \"benefit\", \"net_cents\": 140150,"
                                   " \"period\": \"month\", \"holiday_allowance_included\": false,"
                                   " \"valid_from\": \"2026-01-05\"}", person_id);
  debt_fields = g_strdup_printf ("{\"debt_group_id\": \"%s\", \"creditor_name\": \"Energieleverancier\","
                                 " \"original_cents\": 85000, \"current_cents\": 85000, \"debt_type\": \"Nuts\","
                                 " \"debt_rank\": \"concurrent\", \"business_debt\": false,"
                                 " \"contracting_party\": \"client\", \"household_debt\": false,"
                                 " \"excluded\": false, \"share_ppm\": 1000000}", group_id);
  status_fields = g_strdup_printf ("{\"debt_id\": \"%s\", \"status\": \"registered\", \"status_date\": \"2026-01-05\"}",
                                   debt_id);

  g_ptr_array_add (changes, dk_sync_change_new ("insert", "dossier", dossier_id, dossier_id, dossier_fields, NULL));
  g_ptr_array_add (changes, dk_sync_change_new ("insert", "person", person_id, dossier_id,
                                                "{\"role\": \"client\", \"given_names\": \"Sanne\","
                                                " \"family_name_prefix\": \"van\", \"family_name\": \"Dijk\","
                                                " \"birth_date\": \"1998-03-14\"}", NULL));
  g_ptr_array_add (changes, dk_sync_change_new ("insert", "income", income_id, dossier_id, income_fields, NULL));
  g_ptr_array_add (changes, dk_sync_change_new ("insert", "debt", debt_id, dossier_id, debt_fields, NULL));
  g_ptr_array_add (changes, dk_sync_change_new ("insert", "debt_status", status_id, dossier_id, status_fields, NULL));

  results = dk_sync_fixture_push (f, who, changes, &answer);
  for (guint i = 0; i < changes->len; i++)
    g_assert_cmpstr (dk_sync_result_status (results, i, changes->pdata[i]), ==, "applied");

  if (out_dossier_id != NULL)
    *out_dossier_id = g_steal_pointer (&dossier_id);
  if (out_person_id != NULL)
    *out_person_id = g_steal_pointer (&person_id);
  if (out_income_id != NULL)
    *out_income_id = g_steal_pointer (&income_id);
  if (out_debt_id != NULL)
    *out_debt_id = g_steal_pointer (&debt_id);
}

GPtrArray *
dk_sync_changes_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
}

JsonObject *
dk_sync_changes_add (GPtrArray  *changes,
                     const char *op,
                     const char *table,
                     const char *record_id,
                     const char *dossier_id,
                     const char *fields_json,
                     const char *base_json)
{
  JsonObject *change = dk_sync_change_new (op, table, record_id, dossier_id, fields_json, base_json);

  g_ptr_array_add (changes, change);
  return change;
}

/* ---- replicas ---- */

DkReplica *
dk_sync_fixture_replica (DkSyncFixture         *f,
                         const DkAuthPrincipal *who)
{
  g_autofree char *name = g_strdup_printf ("replica-%d.db", ++f->n_replicas);
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkReplica) replica = dk_replica_open (path, &error);

  g_assert_no_error (error);
  dk_replica_bind_account (replica, who->user_id, who->device_id, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&replica);
}

void
dk_sync_fixture_sync (DkSyncFixture         *f,
                      DkReplica             *replica,
                      const DkAuthPrincipal *who)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) refetch = NULL;
  gboolean has_more = TRUE;

  for (;;)
    {
      g_autoptr(JsonNode) request = dk_replica_take_batch (replica, 7, &error);
      g_autoptr(JsonNode) answer = NULL;

      g_assert_no_error (error);
      if (request == NULL)
        break;
      dk_sync_push (f->store, who, request, 100, &answer, &error);
      g_assert_no_error (error);
      dk_replica_record_answers (replica, answer, &error);
      g_assert_no_error (error);
    }

  refetch = dk_replica_dup_refetch (replica, 100, &error);
  g_assert_no_error (error);
  while (has_more)
    {
      g_autoptr(JsonNode) page = NULL;
      gint64 cursor = 0;

      dk_replica_get_cursor (replica, &cursor, &error);
      g_assert_no_error (error);
      dk_sync_pull_refetch (f->store, who, cursor, 5, (const char * const *) refetch, &page, NULL, &error);
      g_assert_no_error (error);
      dk_replica_apply_page (replica, page, &cursor, &has_more, &error);
      g_assert_no_error (error);
      if (refetch[0] != NULL)
        {
          dk_replica_clear_refetch (replica, (const char * const *) refetch, &error);
          g_assert_no_error (error);
          g_strfreev (refetch);
          refetch = g_new0 (char *, 1);
        }
    }
}

static sqlite3_stmt *
replica_statement (DkReplica  *replica,
                   const char *sql,
                   const char *arg)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = dk_store_prepare (dk_replica_get_store (replica), sql, &error);

  g_assert_no_error (error);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  return stmt;
}

static sqlite3_stmt *
replica_row (DkReplica  *replica,
             const char *sql,
             const char *arg)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = replica_statement (replica, sql, arg);
  gboolean has_row = FALSE;

  dk_store_step_row (dk_replica_get_store (replica), stmt, &has_row, &error);
  g_assert_no_error (error);
  g_assert_true (has_row);
  return stmt;
}

gint64
dk_sync_replica_int (DkReplica  *replica,
                     const char *sql,
                     const char *arg)
{
  sqlite3_stmt *stmt = replica_row (replica, sql, arg);
  gint64 value = sqlite3_column_int64 (stmt, 0);

  sqlite3_reset (stmt);
  return value;
}

char *
dk_sync_replica_text (DkReplica  *replica,
                      const char *sql,
                      const char *arg)
{
  sqlite3_stmt *stmt = replica_row (replica, sql, arg);
  char *value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));

  sqlite3_reset (stmt);
  return value;
}

void
dk_sync_replica_exec (DkReplica  *replica,
                      const char *sql,
                      const char *arg)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = replica_statement (replica, sql, arg);

  dk_store_step_done (dk_replica_get_store (replica), stmt, &error);
  g_assert_no_error (error);
}
