/* POST /v1/signals/import and GET /v1/signals/report on the real draagkracht-sync: who may call them,
 * what the answers say (and never repeat of a file), and a field worker's client that syncs the case
 * the import published to it, records the work on it offline and sends it back for the report. */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dk-central-store.h"
#include "dk-sync-fixture.h"
#include "dk-sync-harness.h"
#include "dk-sync-protocol.h"
#include "dk-test-server.h"
#include "dk-test-util.h"
#include "dk-uuid.h"

typedef struct
{
  char         *dir;
  char         *db;
  DkTestServer *server;
  SoupSession  *http;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = dk_test_make_tmpdir ();
  f->db = g_build_filename (f->dir, "central.db", NULL);
  g_free (dk_harness_add_user (f->db, "anna", "Anna de Vries", DK_ROLE_FIELD_WORKER));
  g_free (dk_harness_add_user (f->db, "jan", "Jan Jansen", DK_ROLE_DEBT_COUNSELLOR));
  g_free (dk_harness_add_user (f->db, "lotte", "Lotte Bakker", DK_ROLE_TEAM_LEAD));
  f->server = dk_test_server_start (f->db, NULL);
  f->http = soup_session_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->http);
  if (f->server != NULL)
    dk_test_server_stop (f->server);
  g_clear_pointer (&f->server, dk_test_server_free);
  dk_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

/* A session token of @user_name on a new device (the replica @replica_name, bound to it). */
static char *
sign_in (Fixture     *f,
         const char  *user_name,
         DkReplica  **out_replica,
         DkSyncClient **out_client)
{
  g_autofree char *replica_name = g_strconcat (user_name, ".db", NULL);
  g_autoptr(DkReplica) replica = dk_harness_open_replica (f->dir, replica_name);
  g_autoptr(DkSyncSession) session = NULL;
  g_autoptr(DkSyncClient) client = dk_harness_sign_in (f->server->url, replica, user_name, &session);

  if (out_replica != NULL)
    *out_replica = g_steal_pointer (&replica);
  if (out_client != NULL)
    *out_client = g_steal_pointer (&client);
  return g_strdup (session->token);
}

/* One request; returns the status, with the answer's text in @out_text (may be NULL). */
static guint
request (Fixture     *f,
         const char  *token,
         const char  *method,
         const char  *path,
         const char  *body,
         char       **out_text)
{
  g_autofree char *url = g_strconcat (f->server->url, path, NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *protocol = g_strdup_printf ("%d", DK_SYNC_PROTOCOL_VERSION);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

  soup_message_headers_append (headers, "Authorization", authorization);
  soup_message_headers_append (headers, "Draagkracht-Protocol", protocol);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (f->http, msg, NULL, &error);
  g_assert_no_error (error);
  if (out_text != NULL)
    *out_text = g_strndup (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
  return soup_message_get_status (msg);
}

static char *
import_body (const char *file_name,
             const char *content)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "file_name");
  json_builder_add_string_value (builder, file_name);
  json_builder_set_member_name (builder, "content");
  json_builder_add_string_value (builder, content);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

static gint64
store_int (Fixture    *f,
           const char *sql)
{
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gint64 value;

  store = dk_central_store_open (f->db, &error);
  g_assert_no_error (error);
  stmt = dk_store_prepare (store, sql, &error);
  g_assert_no_error (error);
  g_assert_true (dk_store_step_row (store, stmt, &has_row, &error));
  g_assert_true (has_row);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static void
sync_replica (DkSyncClient *client,
              DkReplica    *replica)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dk_sync_client_run_sync (client, replica, NULL, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* Jansen: rent and energy, one household; a bad BSN (line 4), an impossible date (line 5) and line 2
 * again (line 6). */
#define SIGNALS \
  "signaalpartner_type;signaaldatum;bedrag;bsn;geslachtsnaam;kenmerk\n" \
  "Huur;2025-11-03;1.234,56;111222333;Jansen;H-1\n" \
  "Energie;2025-11-05;80;111222333;Jansen;E-1\n" \
  "Huur;2025-11-04;950;123456789;Smit;H-3\n" \
  "Water;2025-02-30;10;123456782;Smit;W-1\n" \
  "Huur;2025-11-03;1.234,56;111222333;Jansen;H-1\n"

static void
test_import (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(DkReplica) laptop = NULL;
  g_autoptr(DkSyncClient) client = NULL;
  g_autofree char *anna = sign_in (f, "anna", &laptop, &client);
  g_autofree char *jan = sign_in (f, "jan", NULL, NULL);
  g_autofree char *body = import_body ("C:\\Users\\anna\\signalen-november.csv", SIGNALS);
  g_autofree char *text = NULL;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(GString) huge = NULL;
  JsonArray *rejected;
  JsonObject *row;

  /* A debt counsellor does not import signals. */
  g_assert_cmpuint (request (f, jan, "POST", "/v1/signals/import", body, &text), ==, 403);
  answer = parse_object (text);
  g_assert_cmpstr (json_object_get_string_member (answer, "error"), ==, "forbidden");
  g_clear_pointer (&answer, json_object_unref);
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (store_int (f, "SELECT count(*) FROM early_signal"), ==, 0);
  g_assert_cmpint (store_int (f, "SELECT count(*) FROM audit WHERE action = 'signals.import' AND outcome = 'denied'"),
                   ==, 1);

  g_assert_cmpuint (request (f, anna, "POST", "/v1/signals/import", body, &text), ==, 200);
  answer = parse_object (text);
  g_assert_cmpint (json_object_get_int_member (answer, "imported"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (answer, "duplicates"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (answer, "cases_new"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (answer, "cases_attached"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (answer, "published"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (answer, "tasks"), ==, 0);
  rejected = json_object_get_array_member (answer, "rejected");
  g_assert_cmpuint (json_array_get_length (rejected), ==, 2);
  row = json_array_get_object_element (rejected, 0);
  g_assert_cmpint (json_object_get_int_member (row, "line"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (row, "column"), ==, "bsn");
  g_assert_cmpstr (json_object_get_string_member (row, "reason"), ==, "not a valid BSN: it fails the eleven-test");
  row = json_array_get_object_element (rejected, 1);
  g_assert_cmpint (json_object_get_int_member (row, "line"), ==, 5);
  g_assert_cmpstr (json_object_get_string_member (row, "column"), ==, "signaaldatum");
  /* The answer never repeats a value of the file. */
  g_assert_null (strstr (text, "123456789"));
  g_assert_null (strstr (text, "2025-02-30"));
  g_assert_null (strstr (text, "Smit"));
  g_clear_pointer (&answer, json_object_unref);
  g_clear_pointer (&text, g_free);
  /* Only the file's name is kept, not the folder it came from. */
  g_assert_cmpint (store_int (f, "SELECT count(*) FROM early_signal WHERE source_name = 'signalen-november.csv'"), ==, 2);
  g_assert_cmpint (store_int (f, "SELECT count(*) FROM audit WHERE action = 'signals.import' AND outcome = 'success'"
                                 " AND user_id = (SELECT id FROM user WHERE user_name = 'anna')"), ==, 1);

  /* The importer's laptop pulls the case that was published to her. */
  sync_replica (client, laptop);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count(*) FROM dossier WHERE kind = 'early_signal'", NULL), ==, 1);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count(*) FROM signal_item", NULL), ==, 2);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count(*) FROM person WHERE bsn = '111222333'"
                                        " AND family_name = 'Jansen'", NULL), ==, 1);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT multiple FROM signal_case", NULL), ==, 1);

  /* The same file again: nothing new. */
  g_assert_cmpuint (request (f, anna, "POST", "/v1/signals/import", body, &text), ==, 200);
  answer = parse_object (text);
  g_assert_cmpint (json_object_get_int_member (answer, "imported"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (answer, "duplicates"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (answer, "published"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (answer, "cases_new"), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer, "rejected")), ==, 2);
  g_clear_pointer (&answer, json_object_unref);
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (store_int (f, "SELECT count(*) FROM early_signal"), ==, 2);
  g_assert_cmpint (store_int (f, "SELECT count(*) FROM dossier WHERE kind = 'early_signal'"), ==, 1);

  /* Water arrears for the same household join its open case, which the laptop holds: its next sync
   * brings the case again, with the new signal. */
  g_clear_pointer (&body, g_free);
  body = import_body ("water.csv", "signaalpartner_type;signaaldatum;bedrag;bsn\nWater;2025-11-10;45;111222333\n");
  g_assert_cmpuint (request (f, anna, "POST", "/v1/signals/import", body, &text), ==, 200);
  answer = parse_object (text);
  g_assert_cmpint (json_object_get_int_member (answer, "imported"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (answer, "cases_new"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (answer, "cases_attached"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (answer, "published"), ==, 0);
  g_clear_pointer (&answer, json_object_unref);
  g_clear_pointer (&text, g_free);
  sync_replica (client, laptop);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count(*) FROM signal_item", NULL), ==, 3);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT count(*) FROM signal_item WHERE partner_type = 'Water'", NULL),
                   ==, 1);

  /* A file that cannot be read as a whole: an unknown column, or text in a .json file. */
  g_clear_pointer (&body, g_free);
  body = import_body ("kapot.csv", "signaalpartner_type,signaaldatum,bsn,geslacht\nHuur,2025-11-03,111222333,v\n");
  g_assert_cmpuint (request (f, anna, "POST", "/v1/signals/import", body, &text), ==, 400);
  answer = parse_object (text);
  g_assert_cmpstr (json_object_get_string_member (answer, "error"), ==, "invalid-file");
  g_assert_nonnull (strstr (json_object_get_string_member (answer, "message"), "not a known column name"));
  g_clear_pointer (&answer, json_object_unref);
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&body, g_free);
  body = import_body ("signalen.json", SIGNALS);
  g_assert_cmpuint (request (f, anna, "POST", "/v1/signals/import", body, &text), ==, 400);
  answer = parse_object (text);
  g_assert_cmpstr (json_object_get_string_member (answer, "error"), ==, "invalid-file");
  g_clear_pointer (&answer, json_object_unref);
  g_clear_pointer (&text, g_free);
  g_assert_cmpint (store_int (f, "SELECT count(*) FROM audit WHERE action = 'signals.import' AND outcome = 'failed'"),
                   ==, 2);

  /* A request without the file, and one with a field the endpoint does not know. */
  g_assert_cmpuint (request (f, anna, "POST", "/v1/signals/import", "{\"file_name\": \"x.csv\"}", NULL), ==, 400);
  g_assert_cmpuint (request (f, anna, "POST", "/v1/signals/import",
                             "{\"file_name\": \"x.csv\", \"content\": \"\", \"user\": \"jan\"}", NULL), ==, 400);

  /* More than 8 MiB. */
  huge = g_string_new ("{\"file_name\": \"x.csv\", \"content\": \"");
  while (huge->len <= 8 * 1024 * 1024)
    g_string_append (huge, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\\n");
  g_string_append (huge, "\"}");
  g_assert_cmpuint (request (f, anna, "POST", "/v1/signals/import", huge->str, NULL), ==, 413);
  g_assert_cmpint (store_int (f, "SELECT count(*) FROM early_signal"), ==, 3);
}

static void
test_report (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(DkReplica) laptop = NULL;
  g_autoptr(DkSyncClient) client = NULL;
  g_autofree char *anna = sign_in (f, "anna", &laptop, &client);
  g_autofree char *lotte = sign_in (f, "lotte", NULL, NULL);
  g_autofree char *body = import_body ("signalen.csv", SIGNALS);
  g_autofree char *text = NULL;
  g_autofree char *dossier_id = NULL;
  g_autofree char *attempt_id = dk_uuid_new ();
  g_autofree char *sql = NULL;
  g_autoptr(JsonObject) answer = NULL;
  JsonObject *results;

  /* A field worker does not read the indicators; a team lead gives a proper period. */
  g_assert_cmpuint (request (f, anna, "GET", "/v1/signals/report?from=2025-11-01&to=2025-11-30", NULL, &text), ==, 403);
  g_assert_nonnull (strstr (text, "\"forbidden\""));
  g_clear_pointer (&text, g_free);
  g_assert_cmpuint (request (f, lotte, "GET", "/v1/signals/report?from=2025-11-30&to=2025-11-01", NULL, &text), ==, 400);
  g_assert_nonnull (strstr (text, "\"invalid-value\""));
  g_clear_pointer (&text, g_free);
  g_assert_cmpuint (request (f, lotte, "GET", "/v1/signals/report?from=01-11-2025&to=2025-11-30", NULL, NULL), ==, 400);
  g_assert_cmpuint (request (f, lotte, "GET", "/v1/signals/report?from=2025-11-01", NULL, NULL), ==, 400);
  g_assert_cmpuint (request (f, lotte, "GET", "/v1/signals/report?from=2025-02-30&to=2025-11-30", NULL, NULL), ==, 400);

  /* Anna imports, works the case on her laptop offline, and syncs. */
  g_assert_cmpuint (request (f, anna, "POST", "/v1/signals/import", body, NULL), ==, 200);
  sync_replica (client, laptop);
  dossier_id = dk_sync_replica_text (laptop, "SELECT dossier_id FROM signal_case", NULL);
  sql = g_strdup_printf ("INSERT INTO signal_attempt (id, dossier_id, kind, reached, attempt_date, part_of_day)"
                         " VALUES ('%s', ?1, 'Huisbezoek', 1, '2025-11-20', 'Middag')", attempt_id);
  dk_sync_replica_exec (laptop, sql, dossier_id);
  dk_sync_replica_exec (laptop, "UPDATE signal_case SET outcome_code = 'Inwoner hoeft geen hulp vanuit vroegsignalering',"
                                " outcome_on = '2025-11-20' WHERE dossier_id = ?1", dossier_id);
  sync_replica (client, laptop);
  g_assert_cmpint (store_int (f, "SELECT count(*) FROM early_signal_case WHERE status = 'open'"), ==, 1);

  /* The report folds the work back first: the case counts as reached, with its result. */
  g_assert_cmpuint (request (f, lotte, "GET", "/v1/signals/report?from=2025-11-01&to=2025-11-30", NULL, &text), ==, 200);
  answer = parse_object (text);
  g_assert_cmpint (json_object_get_int_member (answer, "signals"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (answer, "households"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (answer, "cases"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (answer, "cases_reached"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (answer, "cases_without_result"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (answer, "cases_picked_up"), ==, 1);
  results = json_object_get_object_member (answer, "cases_by_result");
  g_assert_cmpint (json_object_get_int_member (results, "Inwoner hoeft geen hulp vanuit vroegsignalering"), ==, 1);
  g_assert_null (strstr (text, "111222333"));
  g_assert_cmpint (store_int (f, "SELECT count(*) FROM early_signal_case WHERE status = 'closed'"
                                 " AND outcome_code = 'Inwoner hoeft geen hulp vanuit vroegsignalering'"), ==, 1);
  g_assert_cmpint (store_int (f, "SELECT count(*) FROM early_signal_contact"), ==, 1);
  g_assert_cmpint (store_int (f, "SELECT count(*) FROM audit WHERE action = 'signals.report' AND outcome = 'success'"),
                   ==, 1);
  g_assert_cmpint (store_int (f, "SELECT count(*) FROM audit WHERE action = 'signals.report' AND outcome = 'denied'"),
                   ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/signal-endpoints/import", Fixture, NULL, fixture_setup, test_import, fixture_teardown);
  g_test_add ("/signal-endpoints/report", Fixture, NULL, fixture_setup, test_report, fixture_teardown);

  return g_test_run ();
}
