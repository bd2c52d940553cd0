/* DkSyncClient against the real draagkracht-sync: signing in, errors a person can act on, a dossier
 * reassigned away and a revoked device disappearing at the next sync, refresh, and the async run. */
#include "config.h"

#include "dk-central-store.h"
#include "dk-domain-schema.h"
#include "dk-replica-review.h"
#include "dk-sync-harness.h"
#include "dk-test-server.h"
#include "dk-test-util.h"
#include "dk-uuid.h"

typedef struct
{
  char         *dir;
  char         *db;
  char         *anna_id;
  char         *bram_id;
  DkTestServer *server;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = dk_test_make_tmpdir ();
  f->db = g_build_filename (f->dir, "central.db", NULL);
  f->anna_id = dk_harness_add_user (f->db, "anna", "Anna de Vries", DK_ROLE_FIELD_WORKER);
  f->bram_id = dk_harness_add_user (f->db, "bram", "Bram Jansen", DK_ROLE_FIELD_WORKER);

  f->server = dk_test_server_start (f->db, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->server != NULL)
    dk_test_server_stop (f->server);
  g_clear_pointer (&f->server, dk_test_server_free);
  dk_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->anna_id);
  g_free (f->bram_id);
}

static char *
replica_path (Fixture    *f,
              const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}




static gint64
count_dossiers (DkReplica *replica)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = dk_store_prepare (dk_replica_get_store (replica), "SELECT count (*) FROM dossier", &error);
  gboolean has_row = FALSE;
  gint64 n;

  g_assert_no_error (error);
  g_assert_true (dk_store_step_row (dk_replica_get_store (replica), stmt, &has_row, &error));
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* Runs SQL on the running server's store, as draagkracht-admin would. */
static void
server_exec (Fixture    *f,
             const char *sql,
             const char *a,
             const char *b)
{
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *now = dk_domain_timestamp_now ();
  g_autofree char *id = dk_uuid_new ();
  sqlite3_stmt *stmt;

  store = dk_central_store_open (f->db, &error);
  g_assert_no_error (error);
  stmt = dk_store_prepare (store, sql, &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, a, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, b, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, id, -1, SQLITE_TRANSIENT);
  dk_store_step_done (store, stmt, &error);
  g_assert_no_error (error);
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(DkSyncClient) client = dk_sync_client_new (f->server->url);
  g_autoptr(DkSyncClient) nowhere = NULL;
  g_autoptr(DkSyncSession) session = NULL;
  g_autoptr(DkReplica) replica = dk_harness_open_replica (f->dir, "laptop.db");
  g_autoptr(GError) error = NULL;

  session = dk_sync_client_sign_in_sync (client, "anna", "not the password", NULL, "laptop", NULL, &error);
  g_assert_null (session);
  g_assert_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* Without a session nothing goes out. */
  g_assert_false (dk_sync_client_run_sync (client, replica, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* A forged token. */
  dk_sync_client_set_token (client, "dk_forged");
  dk_replica_bind_account (replica, f->anna_id, f->anna_id, &error);
  g_assert_no_error (error);
  g_assert_false (dk_sync_client_run_sync (client, replica, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* No server at all: offline, and the outbox keeps its changes. */
  dk_test_server_stop (f->server);
  g_clear_pointer (&f->server, dk_test_server_free);
  nowhere = dk_sync_client_new ("http://127.0.0.1:9");
  session = dk_sync_client_sign_in_sync (nowhere, "anna", DK_HARNESS_PASSWORD, NULL, "laptop", NULL, &error);
  g_assert_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_OFFLINE);
}

/* A dossier reassigned to a colleague leaves the replica at the next sync; the colleague gets it. */
static void
test_reassigned (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DkReplica) anna = dk_harness_open_replica (f->dir, "anna.db");
  g_autoptr(DkReplica) bram = dk_harness_open_replica (f->dir, "bram.db");
  g_autoptr(DkSyncClient) anna_client = dk_harness_sign_in (f->server->url, anna, "anna", NULL);
  g_autoptr(DkSyncClient) bram_client = dk_harness_sign_in (f->server->url, bram, "bram", NULL);
  g_autofree char *dossier_id = dk_harness_make_dossier (anna, "2026-0010", 0);
  g_autofree char *kept_id = dk_harness_make_dossier (anna, "2026-0011", 0);
  g_autoptr(GError) error = NULL;

  dk_sync_client_run_sync (anna_client, anna, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  dk_sync_client_run_sync (bram_client, bram, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_dossiers (anna), ==, 2);
  g_assert_cmpint (count_dossiers (bram), ==, 0);

  server_exec (f, "UPDATE assignment SET assigned_until = ?3, updated_at = ?3"
                  " WHERE user_id = ?1 AND dossier_id = ?2 AND assigned_until IS NULL", f->anna_id, dossier_id);
  server_exec (f, "INSERT INTO assignment (id, user_id, dossier_id, assigned_from, created_at, updated_at)"
                  " VALUES (?4, ?1, ?2, ?3, ?3, ?3)", f->bram_id, dossier_id);

  dk_sync_client_run_sync (anna_client, anna, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  dk_sync_client_run_sync (bram_client, bram, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count_dossiers (anna), ==, 1);
  g_assert_cmpint (count_dossiers (bram), ==, 1);
}

/* A revoked device is told so at its next contact; the app then removes the replica. */
static void
test_revoked_device (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *path = replica_path (f, "stolen.db");
  g_autoptr(DkSyncSession) session = NULL;
  g_autoptr(DkSyncClient) client = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  {
    g_autoptr(DkReplica) replica = dk_harness_open_replica (f->dir, "stolen.db");
    g_autofree char *dossier_id = NULL;

    client = dk_harness_sign_in (f->server->url, replica, "anna", &session);
    dossier_id = dk_harness_make_dossier (replica, "2026-0012", 0);
    dk_sync_client_run_sync (client, replica, NULL, NULL, NULL, NULL, &error);
    g_assert_no_error (error);

    {
      g_autoptr(DkStore) store = dk_central_store_open (f->db, &error);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      g_assert_no_error (error);
      dk_auth_revoke_device (store, session->device_id, now, &error);
      g_assert_no_error (error);
    }

    g_assert_false (dk_sync_client_run_sync (client, replica, NULL, NULL, NULL, NULL, &error));
    g_assert_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_DEVICE_REVOKED);
    g_clear_error (&error);
  }

  dk_replica_wipe_files (path, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* The device cannot sign in again either. */
  g_assert_null (dk_sync_client_sign_in_sync (client, "anna", DK_HARNESS_PASSWORD, session->device_id, NULL, NULL, &error));
  g_assert_nonnull (error);
}

static void
test_refresh (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DkReplica) replica = dk_harness_open_replica (f->dir, "laptop.db");
  g_autoptr(DkSyncSession) session = NULL;
  g_autoptr(DkSyncSession) renewed = NULL;
  g_autoptr(DkSyncClient) client = dk_harness_sign_in (f->server->url, replica, "anna", &session);
  g_autoptr(GError) error = NULL;

  renewed = dk_sync_client_refresh_sync (client, session->refresh_token, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (renewed->device_id, ==, session->device_id);
  g_assert_cmpstr (renewed->token, !=, session->token);

  /* A refresh token works once. */
  g_assert_null (dk_sync_client_refresh_sync (client, session->refresh_token, NULL, &error));
  g_assert_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* The old session ended with the refresh; the new one works. */
  g_assert_false (dk_sync_client_run_sync (client, replica, NULL, NULL, NULL, NULL, &error));
  g_assert_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);
  dk_sync_client_set_token (client, renewed->token);
  g_assert_true (dk_sync_client_run_sync (client, replica, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

typedef struct
{
  GMainLoop    *loop;
  guint         progress_calls;
  gboolean      ok;
  DkSyncReport  report;
  GError       *error;
  GThread      *caller;
} AsyncRun;

static void
on_progress (const DkSyncReport *so_far,
             gpointer            user_data)
{
  AsyncRun *run = user_data;

  /* Progress reaches the caller's thread, where a UI may update a widget. */
  g_assert_true (g_thread_self () == run->caller);
  run->progress_calls++;
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncRun *run = user_data;

  run->ok = dk_sync_client_run_finish (DK_SYNC_CLIENT (source), result, &run->report, &run->error);
  g_main_loop_quit (run->loop);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *path = replica_path (f, "laptop.db");
  g_autoptr(DkSyncClient) client = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  AsyncRun run = { loop, 0, FALSE, { 0 }, NULL, g_thread_self () };

  {
    g_autoptr(DkReplica) replica = dk_harness_open_replica (f->dir, "laptop.db");

    client = dk_harness_sign_in (f->server->url, replica, "anna", NULL);
    for (guint i = 0; i < 5; i++)
      {
        g_autofree char *number = g_strdup_printf ("2026-%04u", 20 + i);
        g_autofree char *dossier_id = dk_harness_make_dossier (replica, number, 0);
      }
  }

  dk_sync_client_set_batch_size (client, 4);
  dk_sync_client_run_async (client, path, on_progress, &run, NULL, on_done, &run);
  g_main_loop_run (loop);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_cmpuint (run.report.pushed, ==, 15);
  g_assert_cmpuint (run.report.applied, ==, 15);
  g_assert_cmpuint (run.progress_calls, >=, 4);
  g_assert_cmpint (run.report.cursor, >, 0);
}

static char *
dossier_number (DkReplica  *replica,
                const char *dossier_id)
{
  g_autoptr(GError) error = NULL;
  DkStore *store = dk_replica_get_store (replica);
  sqlite3_stmt *stmt = dk_store_prepare (store, "SELECT number FROM dossier WHERE id = ?1", &error);
  gboolean has_row = FALSE;
  char *number;

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, dossier_id, -1, SQLITE_TRANSIENT);
  g_assert_true (dk_store_step_row (store, stmt, &has_row, &error));
  g_assert_true (has_row);
  number = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return number;
}

/* A refused change a person discards: the next sync asks the server for its dossier again, and the
 * replica shows the server's values (PROTOCOL.md, "Pull": refetch). */
static void
test_discard_refused (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(DkReplica) anna = dk_harness_open_replica (f->dir, "anna.db");
  g_autoptr(DkReplica) bram = dk_harness_open_replica (f->dir, "bram.db");
  g_autoptr(DkSyncClient) anna_client = dk_harness_sign_in (f->server->url, anna, "anna", NULL);
  g_autoptr(DkSyncClient) bram_client = dk_harness_sign_in (f->server->url, bram, "bram", NULL);
  g_autofree char *dossier_id = dk_harness_make_dossier (anna, "2026-0020", 0);
  g_autofree char *taken_id = dk_harness_make_dossier (bram, "2026-0021", 0);
  g_autofree char *number = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  DkSyncReport report;
  sqlite3_stmt *stmt;

  dk_sync_client_run_sync (anna_client, anna, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  dk_sync_client_run_sync (bram_client, bram, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  /* A number the server has already, in a dossier anna cannot see. */
  stmt = dk_store_prepare (dk_replica_get_store (anna), "UPDATE dossier SET number = '2026-0021' WHERE id = ?1", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, dossier_id, -1, SQLITE_TRANSIENT);
  g_assert_true (dk_store_step_done (dk_replica_get_store (anna), stmt, &error));
  dk_sync_client_run_sync (anna_client, anna, NULL, NULL, &report, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report.refused, ==, 1);

  items = dk_replica_review_list (anna, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  dk_replica_review_discard (anna, ((DkReviewItem *) items->pdata[0])->id, &error);
  g_assert_no_error (error);
  number = dossier_number (anna, dossier_id);
  g_assert_cmpstr (number, ==, "2026-0021");
  g_clear_pointer (&number, g_free);

  dk_sync_client_run_sync (anna_client, anna, NULL, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  number = dossier_number (anna, dossier_id);
  g_assert_cmpstr (number, ==, "2026-0020");
  g_assert_cmpuint (dk_replica_review_count (anna, &error), ==, 0);
  g_assert_no_error (error);
  (void) taken_id;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync-client/errors", test_errors);
  ADD ("/sync-client/reassigned", test_reassigned);
  ADD ("/sync-client/revoked-device", test_revoked_device);
  ADD ("/sync-client/refresh", test_refresh);
  ADD ("/sync-client/async", test_async);
  ADD ("/sync-client/discard-refused", test_discard_refused);
#undef ADD

  return g_test_run ();
}
