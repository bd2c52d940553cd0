/* dk_sync_client_request_json_*() against the real draagkracht-sync: an answer, every error a person
 * can act on (no session, expired, a role that may not, an unknown endpoint, too large, a refusal with
 * the server's sentence, offline), and the early-signal endpoints the client's dialogs use, read with
 * the dialogs' own parsers. */
#include "config.h"

#include <string.h>

#include "dk-central-store.h"
#include "dk-date.h"
#include "dk-signal-import-result.h"
#include "dk-signal-report-view.h"
#include "dk-sync-harness.h"
#include "dk-test-server.h"
#include "dk-test-util.h"

typedef struct
{
  char         *dir;
  char         *db;
  DkTestServer *server;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = dk_test_make_tmpdir ();
  f->db = g_build_filename (f->dir, "central.db", NULL);
  g_free (dk_harness_add_user (f->db, "anna", "Anna de Vries", DK_ROLE_FIELD_WORKER));
  g_free (dk_harness_add_user (f->db, "tess", "Tess Bakker", DK_ROLE_TEAM_LEAD));
  g_free (dk_harness_add_user (f->db, "dirk", "Dirk Smit", DK_ROLE_DEBT_COUNSELLOR));

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
}

/* A client signed in as @user_name on a device of its own. */
static DkSyncClient *
sign_in (Fixture        *f,
         const char     *user_name,
         DkSyncSession **out_session)
{
  g_autofree char *name = g_strconcat (user_name, ".db", NULL);
  g_autoptr(DkReplica) replica = dk_harness_open_replica (f->dir, name);

  return dk_harness_sign_in (f->server->url, replica, user_name, out_session);
}

static JsonNode *
import_body (const char *file_name,
             const char *content)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_string_member (object, "file_name", file_name);
  json_object_set_string_member (object, "content", content);
  return json_node_init_object (json_node_alloc (), object);
}

static void
test_answer_and_errors (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(DkSyncSession) session = NULL;
  g_autoptr(DkSyncClient) anna = sign_in (f, "anna", &session);
  g_autoptr(DkSyncClient) nobody = dk_sync_client_new (f->server->url);
  g_autoptr(DkSyncClient) nowhere = dk_sync_client_new ("http://127.0.0.1:9");
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(JsonNode) none = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *user;

  me = dk_sync_client_request_json_sync (anna, "GET", "/v1/me", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (me));
  user = json_object_get_object_member (json_node_get_object (me), "user");
  g_assert_nonnull (user);
  g_assert_cmpstr (json_object_get_string_member (user, "role"), ==, "field_worker");

  /* Nobody signed in: nothing goes out. */
  none = dk_sync_client_request_json_sync (nobody, "GET", "/v1/me", NULL, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  dk_sync_client_set_token (nobody, "dk_forged");
  g_assert_null (dk_sync_client_request_json_sync (nobody, "GET", "/v1/me", NULL, NULL, &error));
  g_assert_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_UNAUTHORIZED);
  g_clear_error (&error);

  /* A role that may not. */
  g_assert_null (dk_sync_client_request_json_sync (anna, "GET", "/v1/devices", NULL, NULL, &error));
  g_assert_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_FORBIDDEN);
  g_clear_error (&error);

  /* An endpoint this server does not have. */
  g_assert_null (dk_sync_client_request_json_sync (anna, "GET", "/v1/no-such-thing", NULL, NULL, &error));
  g_assert_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A refusal carries the server's own sentence, for the caller to put in context. */
  {
    g_autoptr(JsonObject) object = json_object_new ();
    g_autoptr(JsonNode) body = NULL;

    json_object_set_string_member (object, "file_name", "signalen.csv");
    body = json_node_init_object (json_node_alloc (), object);
    g_assert_null (dk_sync_client_request_json_sync (anna, "POST", "/v1/signals/import", body, NULL, &error));
    g_assert_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_REFUSED);
    g_assert_cmpuint (strlen (error->message), >, 0);
    g_assert_false (g_str_has_prefix (error->message, "The sync server refused the request"));
    g_clear_error (&error);
  }

  /* More than the server takes in one request (its max-request-bytes, 8 MiB). */
  {
    gsize size = 8 * 1024 * 1024 + 16;
    g_autofree char *content = g_malloc (size + 1);
    g_autoptr(JsonNode) body = NULL;

    memset (content, 'a', size);
    content[size] = '\0';
    body = import_body ("groot.csv", content);
    g_assert_null (dk_sync_client_request_json_sync (anna, "POST", "/v1/signals/import", body, NULL, &error));
    g_assert_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_TOO_LARGE);
    g_clear_error (&error);
  }

  /* No server at all. */
  dk_sync_client_set_token (nowhere, session->token);
  g_assert_null (dk_sync_client_request_json_sync (nowhere, "GET", "/v1/me", NULL, NULL, &error));
  g_assert_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_OFFLINE);
}

/* An expired token is told apart from an ended session, so the caller refreshes and sends again. */
static void
test_expired (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DkSyncSession) session = NULL;
  g_autoptr(DkSyncSession) renewed = NULL;
  g_autoptr(DkSyncClient) anna = sign_in (f, "anna", &session);
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(DkStore) store = dk_central_store_open (f->db, &error);
    sqlite3_stmt *stmt;

    g_assert_no_error (error);
    stmt = dk_store_prepare (store, "UPDATE session SET created_at = '2020-01-01T00:00:00.000Z',"
                                    " expires_at = '2020-01-01T01:00:00.000Z' WHERE device_id = ?1", &error);
    g_assert_no_error (error);
    sqlite3_bind_text (stmt, 1, session->device_id, -1, SQLITE_TRANSIENT);
    g_assert_true (dk_store_step_done (store, stmt, &error));
    g_assert_no_error (error);
  }

  g_assert_null (dk_sync_client_request_json_sync (anna, "GET", "/v1/me", NULL, NULL, &error));
  g_assert_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_TOKEN_EXPIRED);
  g_clear_error (&error);

  renewed = dk_sync_client_refresh_sync (anna, session->refresh_token, NULL, &error);
  g_assert_no_error (error);
  dk_sync_client_set_token (anna, renewed->token);
  me = dk_sync_client_request_json_sync (anna, "GET", "/v1/me", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (me);
}

static char *
csv_with (const char *first_bsn,
          const char *second_bsn,
          const char *bad_bsn)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -10);
  g_autofree char *date = g_date_time_format (then, "%Y-%m-%d");

  /* The bad row is line 4: the header is line 1. */
  return g_strdup_printf ("signaalpartner_type;signaaldatum;bsn\n"
                          "Energie;%s;%s\n"
                          "Huur;%s;%s\n"
                          "Water;%s;%s\n",
                          date, first_bsn, date, second_bsn, date, bad_bsn);
}

static DkSignalImportResult *
import (DkSyncClient *client,
        const char   *file_name,
        const char   *content)
{
  g_autoptr(JsonNode) body = import_body (file_name, content);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = dk_sync_client_request_json_sync (client, "POST", "/v1/signals/import", body, NULL,
                                                                 &error);
  DkSignalImportResult *result;

  g_assert_no_error (error);
  result = dk_signal_import_result_parse (answer, &error);
  g_assert_no_error (error);
  return result;
}

static char *
report_path (void)
{
  GDate today, from;

  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  from = today;
  g_date_subtract_days (&from, 30);
  return dk_signal_report_path (&from, &today);
}

static void
test_signals (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DkSyncClient) anna = sign_in (f, "anna", NULL);
  g_autoptr(DkSyncClient) tess = sign_in (f, "tess", NULL);
  g_autoptr(DkSyncClient) dirk = sign_in (f, "dirk", NULL);
  g_autofree char *csv = csv_with ("111222333", "123456782", "123456789");
  g_autofree char *path = report_path ();
  g_autoptr(DkSignalImportResult) first = NULL;
  g_autoptr(DkSignalImportResult) again = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(DkSignalReportView) view = NULL;
  g_autoptr(GError) error = NULL;
  const DkSignalImportRejection *rejected;

  /* A debt counsellor does not import signals. */
  {
    g_autoptr(JsonNode) body = import_body ("signalen.csv", csv);

    g_assert_null (dk_sync_client_request_json_sync (dirk, "POST", "/v1/signals/import", body, NULL, &error));
    g_assert_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_FORBIDDEN);
    g_clear_error (&error);
  }

  /* The good rows are imported, the bad one reported by line and column. */
  first = import (anna, "signalen.csv", csv);
  g_assert_cmpuint (first->imported, ==, 2);
  g_assert_cmpuint (first->duplicates, ==, 0);
  g_assert_cmpuint (first->rejected->len, ==, 1);
  rejected = first->rejected->pdata[0];
  g_assert_cmpuint (rejected->line, ==, 4);
  g_assert_cmpstr (rejected->column, ==, "bsn");
  g_assert_null (strstr (rejected->reason, "123456789"));
  g_assert_cmpuint (first->cases_new, >=, 1);

  /* The same file again makes nothing new. */
  again = import (anna, "signalen.csv", csv);
  g_assert_cmpuint (again->imported, ==, 0);
  g_assert_cmpuint (again->duplicates, ==, 2);
  g_assert_cmpuint (again->cases_new, ==, 0);

  /* The indicators are for team leads and back office, and count what came in. */
  g_assert_null (dk_sync_client_request_json_sync (anna, "GET", path, NULL, NULL, &error));
  g_assert_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_FORBIDDEN);
  g_clear_error (&error);

  answer = dk_sync_client_request_json_sync (tess, "GET", path, NULL, NULL, &error);
  g_assert_no_error (error);
  view = dk_signal_report_view_parse (answer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (view->n_signals, ==, 2);
  g_assert_cmpuint (view->by_partner->len, ==, 11);
  g_assert_cmpuint (view->n_households, ==, 2);

  /* A period the server cannot use is refused with its sentence. */
  g_clear_pointer (&answer, json_node_unref);
  answer = dk_sync_client_request_json_sync (tess, "GET", "/v1/signals/report?from=2026-13-01&to=2026-12-31", NULL,
                                             NULL, &error);
  g_assert_null (answer);
  g_assert_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_REFUSED);
}

typedef struct
{
  GMainLoop *loop;
  JsonNode  *answer;
  GError    *error;
  GThread   *caller;
} AsyncRequest;

static void
on_answer (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  AsyncRequest *request = user_data;

  g_assert_true (g_thread_self () == request->caller);
  request->answer = dk_sync_client_request_json_finish (DK_SYNC_CLIENT (source), result, &request->error);
  g_main_loop_quit (request->loop);
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(DkSyncClient) anna = sign_in (f, "anna", NULL);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  AsyncRequest request = { loop, NULL, NULL, g_thread_self () };
  AsyncRequest stopped = { loop, NULL, NULL, g_thread_self () };

  dk_sync_client_request_json_async (anna, "GET", "/v1/me", NULL, NULL, on_answer, &request);
  g_main_loop_run (loop);
  g_assert_no_error (request.error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (request.answer));
  json_node_unref (request.answer);

  g_cancellable_cancel (cancelled);
  dk_sync_client_request_json_async (anna, "GET", "/v1/me", NULL, cancelled, on_answer, &stopped);
  g_main_loop_run (loop);
  g_assert_null (stopped.answer);
  g_assert_error (stopped.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&stopped.error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync-request/answer-and-errors", test_answer_and_errors);
  ADD ("/sync-request/expired", test_expired);
  ADD ("/sync-request/signals", test_signals);
  ADD ("/sync-request/async", test_async);
#undef ADD

  return g_test_run ();
}
