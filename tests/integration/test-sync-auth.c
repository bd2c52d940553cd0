#include "config.h"

#include <sodium.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dk-auth.h"
#include "dk-central-store.h"
#include "dk-sync-server.h"
#include "dk-test-util.h"
#include "dk-uuid.h"

/* The authenticated HTTP layer of the sync server, in process: the server and an asynchronous
 * libsoup client share this thread's main context, as in test-sync-server.c. Argon2id runs with
 * libsodium's minimum limits (DkSyncServerOptions), so a login costs microseconds here. */

#define WORKER_NAME     "fieldworker.jan"
#define WORKER_DISPLAY  "Jan Veldwerker"
#define WORKER_PASSWORD "correct horse battery staple"
#define ADMIN_NAME      "beheer.anna"
#define ADMIN_DISPLAY   "Anna Beheerder"
#define ADMIN_PASSWORD  "another long passphrase"
#define MAX_FAILED      3
#define MAX_BYTES       4096

typedef struct
{
  char           *tmpdir;
  char           *db;
  DkStore        *store;
  DkServerConfig *config;
  DkAuthParams    params;
  DkSyncServer   *server;
  char           *base_uri;
  SoupSession    *session;
  char           *worker_id;
  char           *admin_id;
} Fixture;

static void
start_server (Fixture                   *f,
              const DkSyncServerOptions *options)
{
  g_autoptr(GError) error = NULL;

  f->server = dk_sync_server_new_full (f->config, f->store, options);
  g_assert_true (dk_sync_server_listen (f->server, &error));
  g_assert_no_error (error);
  f->base_uri = dk_sync_server_dup_base_uri (f->server);
}

static void
fixture_setup_stopped (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  f->tmpdir = dk_test_make_tmpdir ();
  f->db = g_build_filename (f->tmpdir, "central.db", NULL);
  f->store = dk_central_store_open (f->db, &error);
  g_assert_no_error (error);

  f->config = dk_server_config_new ();
  f->config->port = 0;
  f->config->max_request_bytes = MAX_BYTES;
  f->config->max_failed_logins = MAX_FAILED;
  f->config->session_hours = 1;
  /* Generous: under valgrind a login thread can keep the main thread waiting for a while. */
  f->config->request_timeout_seconds = 30;

  dk_auth_params_init (&f->params, f->config);
  f->params.pwhash_opslimit = crypto_pwhash_OPSLIMIT_MIN;
  f->params.pwhash_memlimit = crypto_pwhash_MEMLIMIT_MIN;

  g_assert_true (dk_auth_create_user (f->store, &f->params, WORKER_NAME, WORKER_DISPLAY, DK_ROLE_FIELD_WORKER,
                                      NULL, WORKER_PASSWORD, now, &f->worker_id, &error));
  g_assert_no_error (error);
  g_assert_true (dk_auth_create_user (f->store, &f->params, ADMIN_NAME, ADMIN_DISPLAY, DK_ROLE_ADMINISTRATOR,
                                      NULL, ADMIN_PASSWORD, now, &f->admin_id, &error));
  g_assert_no_error (error);

  f->session = soup_session_new_with_options ("max-conns-per-host", 8, NULL);
  if (g_getenv ("DK_TEST_HTTP_LOG") != NULL)
    {
      g_autoptr(SoupLogger) logger = soup_logger_new (SOUP_LOGGER_LOG_HEADERS);

      soup_session_add_feature (f->session, SOUP_SESSION_FEATURE (logger));
    }
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  DkSyncServerOptions options = { 0 };

  fixture_setup_stopped (f, data);
  options.auth_params = &f->params;
  start_server (f, &options);
}

static void
fixture_setup_short_timeout (Fixture       *f,
                             gconstpointer  data)
{
  DkSyncServerOptions options = { 0 };

  fixture_setup_stopped (f, data);
  f->config->request_timeout_seconds = 1;
  options.auth_params = &f->params;
  start_server (f, &options);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->server);
  g_clear_object (&f->store);
  g_clear_pointer (&f->config, dk_server_config_free);
  g_clear_pointer (&f->base_uri, g_free);
  g_clear_pointer (&f->worker_id, g_free);
  g_clear_pointer (&f->admin_id, g_free);
  g_clear_pointer (&f->db, g_free);
  dk_test_remove_tree (f->tmpdir);
  g_clear_pointer (&f->tmpdir, g_free);
}

/* ---- the client side ---- */

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  char               *text;
  JsonObject         *object;
  GError             *error;
} Reply;

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->headers, soup_message_headers_unref);
  g_clear_pointer (&reply->text, g_free);
  g_clear_pointer (&reply->object, json_object_unref);
  g_clear_error (&reply->error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

static SoupMessage *
new_message (Fixture    *f,
             const char *method,
             const char *path)
{
  g_autofree char *uri = g_strconcat (f->base_uri, path + 1, NULL);
  SoupMessage *msg = soup_message_new (method, uri);

  g_assert_nonnull (msg);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Draagkracht-Protocol", "1");
  return msg;
}

static void
set_json (SoupMessage *msg,
          const char  *json)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
}

static void
set_bearer (SoupMessage *msg,
            const char  *token)
{
  g_autofree char *value = g_strconcat ("Bearer ", token, NULL);

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", value);
}

typedef struct
{
  SoupMessage *msg;
  Reply       *reply;
  gboolean     done;
} Pending;

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Pending *p = user_data;
  g_autoptr(GBytes) body = NULL;
  const char *content_type;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &p->reply->error);
  p->done = TRUE;
  if (body == NULL)
    return;

  p->reply->status = soup_message_get_status (p->msg);
  p->reply->headers = soup_message_headers_ref (soup_message_get_response_headers (p->msg));
  p->reply->text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));

  content_type = soup_message_headers_get_content_type (p->reply->headers, NULL);
  if (g_strcmp0 (content_type, "application/json") == 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;

      json_parser_load_from_data (parser, p->reply->text, -1, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      p->reply->object = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
    }
}

static void
start_send (Fixture     *f,
            SoupMessage *msg,
            Pending     *pending,
            Reply       *reply)
{
  pending->msg = msg;
  pending->reply = reply;
  pending->done = FALSE;
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, pending);
}

static void
wait_for (Pending *pending)
{
  while (!pending->done)
    g_main_context_iteration (NULL, TRUE);
}

/* Sends @msg and waits for the answer; @reply->error is set when there was none. */
static void
send_message (Fixture     *f,
              SoupMessage *msg,
              Reply       *reply)
{
  Pending pending;

  start_send (f, msg, &pending, reply);
  wait_for (&pending);
}

static void
call (Fixture    *f,
      const char *method,
      const char *path,
      const char *token,
      const char *json,
      Reply      *reply)
{
  g_autoptr(SoupMessage) msg = new_message (f, method, path);

  if (token != NULL)
    set_bearer (msg, token);
  if (json != NULL)
    set_json (msg, json);
  send_message (f, msg, reply);
  g_assert_no_error (reply->error);
}

static void
assert_error (const Reply *reply,
              guint        status,
              const char  *code)
{
  g_assert_cmpuint (reply->status, ==, status);
  g_assert_nonnull (reply->object);
  g_assert_cmpstr (json_object_get_string_member (reply->object, "error"), ==, code);
  g_assert_cmpuint (strlen (json_object_get_string_member (reply->object, "message")), >, 10);
}

static char *
login_json (const char *user_name,
            const char *password,
            const char *device_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user_name");
  json_builder_add_string_value (builder, user_name);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  if (device_id != NULL)
    {
      json_builder_set_member_name (builder, "device_id");
      json_builder_add_string_value (builder, device_id);
    }
  else
    {
      json_builder_set_member_name (builder, "device_name");
      json_builder_add_string_value (builder, "Laptop");
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

/* Logs in and returns the session token (and the device id through @out_device_id). */
static char *
login (Fixture     *f,
       const char  *user_name,
       const char  *password,
       char       **out_device_id)
{
  g_auto(Reply) reply = { 0 };
  g_autofree char *json = login_json (user_name, password, NULL);

  call (f, "POST", "/v1/session", NULL, json, &reply);
  g_assert_cmpuint (reply.status, ==, 201);
  if (out_device_id != NULL)
    *out_device_id = g_strdup (json_object_get_string_member (reply.object, "device_id"));
  return g_strdup (json_object_get_string_member (reply.object, "token"));
}

static gint64
count_rows (Fixture    *f,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gint64 n;

  stmt = dk_store_prepare (f->store, sql, &error);
  g_assert_no_error (error);
  g_assert_true (dk_store_step_row (f->store, stmt, &has_row, &error));
  g_assert_true (has_row);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* ---- tests ---- */

static void
test_login_me (Fixture       *f,
               gconstpointer  data)
{
  g_auto(Reply) login_reply = { 0 };
  g_auto(Reply) me = { 0 };
  g_autofree char *json = login_json (WORKER_NAME, WORKER_PASSWORD, NULL);
  g_autoptr(GDateTime) expires = NULL;
  g_autoptr(GDateTime) refresh_expires = NULL;
  JsonObject *user;
  JsonObject *device;
  const char *token;
  const char *device_id;

  call (f, "POST", "/v1/session", NULL, json, &login_reply);
  g_assert_cmpuint (login_reply.status, ==, 201);
  g_assert_cmpstr (soup_message_headers_get_one (login_reply.headers, "Cache-Control"), ==, "no-store");
  g_assert_cmpstr (soup_message_headers_get_one (login_reply.headers, "Draagkracht-Protocol"), ==, "1");

  token = json_object_get_string_member (login_reply.object, "token");
  device_id = json_object_get_string_member (login_reply.object, "device_id");
  g_assert_cmpuint (strlen (token), ==, 43);
  g_assert_cmpuint (strlen (json_object_get_string_member (login_reply.object, "refresh_token")), ==, 43);
  g_assert_cmpstr (token, !=, json_object_get_string_member (login_reply.object, "refresh_token"));
  g_assert_true (dk_uuid_is_valid (device_id));

  expires = g_date_time_new_from_iso8601 (json_object_get_string_member (login_reply.object, "expires_at"), NULL);
  refresh_expires = g_date_time_new_from_iso8601 (json_object_get_string_member (login_reply.object,
                                                                                 "refresh_expires_at"), NULL);
  g_assert_nonnull (expires);
  g_assert_nonnull (refresh_expires);
  g_assert_cmpint (g_date_time_compare (refresh_expires, expires), >, 0);

  user = json_object_get_object_member (login_reply.object, "user");
  g_assert_cmpstr (json_object_get_string_member (user, "id"), ==, f->worker_id);
  g_assert_cmpstr (json_object_get_string_member (user, "role"), ==, "field_worker");
  g_assert_cmpstr (json_object_get_string_member (user, "display_name"), ==, WORKER_DISPLAY);

  call (f, "GET", "/v1/me", token, NULL, &me);
  g_assert_cmpuint (me.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (me.object, "role"), ==, "field_worker");
  user = json_object_get_object_member (me.object, "user");
  g_assert_cmpstr (json_object_get_string_member (user, "id"), ==, f->worker_id);
  g_assert_cmpstr (json_object_get_string_member (user, "display_name"), ==, WORKER_DISPLAY);
  g_assert_true (json_object_get_null_member (user, "team_id"));
  device = json_object_get_object_member (me.object, "device");
  g_assert_cmpstr (json_object_get_string_member (device, "id"), ==, device_id);
  g_assert_cmpstr (json_object_get_string_member (device, "name"), ==, "Laptop");

  /* The login was audited by the library, in the store the server shares. */
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit WHERE action = 'login' AND outcome = 'success'"),
                   ==, 1);
}

static void
test_login_reuses_device (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *device_id = NULL;
  g_autofree char *token = login (f, WORKER_NAME, WORKER_PASSWORD, &device_id);
  g_autofree char *json = login_json (WORKER_NAME, WORKER_PASSWORD, device_id);
  g_autofree char *bad_json = login_json (WORKER_NAME, WORKER_PASSWORD, "not-a-uuid");
  g_autofree char *foreign_json = NULL;
  g_autofree char *admin_device = NULL;
  g_autofree char *admin_token = login (f, ADMIN_NAME, ADMIN_PASSWORD, &admin_device);
  g_auto(Reply) again = { 0 };
  g_auto(Reply) bad = { 0 };
  g_auto(Reply) foreign = { 0 };

  call (f, "POST", "/v1/session", NULL, json, &again);
  g_assert_cmpuint (again.status, ==, 201);
  g_assert_cmpstr (json_object_get_string_member (again.object, "device_id"), ==, device_id);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM device"), ==, 2);

  call (f, "POST", "/v1/session", NULL, bad_json, &bad);
  assert_error (&bad, 400, "invalid-value");
  g_assert_cmpstr (json_object_get_string_member (bad.object, "field"), ==, "device_id");

  /* Another user's device is not this user's to log in on. */
  foreign_json = login_json (WORKER_NAME, WORKER_PASSWORD, admin_device);
  call (f, "POST", "/v1/session", NULL, foreign_json, &foreign);
  assert_error (&foreign, 400, "device-unknown");
}

static void
test_wrong_password_lockout (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *wrong = login_json (WORKER_NAME, "not the right password", NULL);
  g_autofree char *right = login_json (WORKER_NAME, WORKER_PASSWORD, NULL);
  g_autofree char *unknown = login_json ("nobody.here", WORKER_PASSWORD, NULL);
  g_autofree char *first_message = NULL;
  g_auto(Reply) locked = { 0 };
  g_auto(Reply) nobody = { 0 };

  for (guint i = 0; i < MAX_FAILED; i++)
    {
      g_auto(Reply) reply = { 0 };

      call (f, "POST", "/v1/session", NULL, wrong, &reply);
      assert_error (&reply, 401, "invalid-credentials");
      g_assert_true (g_str_has_prefix (soup_message_headers_get_one (reply.headers, "WWW-Authenticate"), "Bearer"));
      if (first_message == NULL)
        first_message = g_strdup (json_object_get_string_member (reply.object, "message"));
    }

  /* Locked now: the right password gets exactly the answer of a wrong one. */
  call (f, "POST", "/v1/session", NULL, right, &locked);
  assert_error (&locked, 401, "invalid-credentials");
  g_assert_cmpstr (json_object_get_string_member (locked.object, "message"), ==, first_message);

  /* … and so does a user name nobody has. */
  call (f, "POST", "/v1/session", NULL, unknown, &nobody);
  assert_error (&nobody, 401, "invalid-credentials");
  g_assert_cmpstr (json_object_get_string_member (nobody.object, "message"), ==, first_message);

  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM session"), ==, 0);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit WHERE action = 'login' AND outcome = 'denied'"),
                   ==, MAX_FAILED + 2);
}

static void
test_disabled_user (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *token = login (f, WORKER_NAME, WORKER_PASSWORD, NULL);
  g_autofree char *json = login_json (WORKER_NAME, WORKER_PASSWORD, NULL);
  g_auto(Reply) me = { 0 };
  g_auto(Reply) again = { 0 };

  g_assert_true (dk_auth_disable_user (f->store, f->worker_id, now, &error));
  g_assert_no_error (error);

  call (f, "GET", "/v1/me", token, NULL, &me);
  assert_error (&me, 403, "user-disabled");
  call (f, "POST", "/v1/session", NULL, json, &again);
  assert_error (&again, 403, "user-disabled");
}

static void
test_protocol_version (Fixture       *f,
                       gconstpointer  data)
{
  const char *versions[] = { NULL, "2", "0", "1.0", "" };

  for (guint i = 0; i < G_N_ELEMENTS (versions); i++)
    {
      g_autoptr(SoupMessage) msg = new_message (f, "GET", "/v1/me");
      g_auto(Reply) reply = { 0 };

      if (versions[i] == NULL)
        soup_message_headers_remove (soup_message_get_request_headers (msg), "Draagkracht-Protocol");
      else
        soup_message_headers_replace (soup_message_get_request_headers (msg), "Draagkracht-Protocol", versions[i]);
      send_message (f, msg, &reply);
      g_assert_no_error (reply.error);
      assert_error (&reply, 426, "protocol-version");
      g_assert_cmpint (json_object_get_int_member (reply.object, "server_protocol"), ==, DK_SYNC_PROTOCOL_VERSION);
      g_assert_nonnull (strstr (json_object_get_string_member (reply.object, "message"), "Update"));
    }

  /* Monitoring speaks no protocol version. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SoupMessage) msg = new_message (f, "GET", i == 0 ? "/healthz" : "/metrics");
      g_auto(Reply) reply = { 0 };

      soup_message_headers_remove (soup_message_get_request_headers (msg), "Draagkracht-Protocol");
      send_message (f, msg, &reply);
      g_assert_no_error (reply.error);
      g_assert_cmpuint (reply.status, ==, 200);
    }
}

static void
test_bad_json (Fixture       *f,
               gconstpointer  data)
{
  static const char *bodies[] = { "{\"user_name\": ", "[]", "\"text\"", "{} {}", "{} []", "{}}", "\xff\xfe{}", "",
                                  "{\"user_name\": Jansen}", "{\"user_name\": \"a\" /* comment */}",
                                  "{'user_name': 'a'}", "{\"device_id\": 01}", "{\"user_name\": \"a\",}",
                                  /* JSON, but json-glib would read "a" for the first and cannot read
                                   * the second (found by tests/fuzz). */
                                  "{\"user_name\": \"a\\u0000b\", \"password\": \"x\"}",
                                  "{\"user_name\": \"\\ud800\", \"password\": \"x\"}" };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_auto(Reply) reply = { 0 };

      g_test_message ("body %u", i);
      call (f, "POST", "/v1/session", NULL, bodies[i], &reply);
      assert_error (&reply, 400, "bad-json");
      /* The message says where, without repeating what the client sent. */
      g_assert_null (strstr (json_object_get_string_member (reply.object, "message"), "Jansen"));
    }

  /* A backslash followed by the text "u0000" is no NUL: read, and refused for what it says. */
  {
    g_auto(Reply) reply = { 0 };

    call (f, "POST", "/v1/session", NULL,
          "{\"user_name\": \"nobody\", \"password\": \"a\\\\u0000\", \"device_name\": \"Laptop\"}", &reply);
    assert_error (&reply, 401, "invalid-credentials");
  }

  /* Nesting: deep enough for any real body is read (and refused for what it says) … */
  {
    g_autoptr(GString) deep = g_string_new ("{\"nested\": ");
    g_auto(Reply) reply = { 0 };

    for (guint i = 0; i < 1990; i++)
      g_string_append_c (deep, '[');
    for (guint i = 0; i < 1990; i++)
      g_string_append_c (deep, ']');
    g_string_append_c (deep, '}');
    call (f, "POST", "/v1/session", NULL, deep->str, &reply);
    assert_error (&reply, 400, "unknown-field");
  }

  /* … deeper is not parsed at all: a recursive parser must not run out of stack. */
  {
    g_autoptr(GString) deep = g_string_new ("{\"nested\": ");
    g_auto(Reply) reply = { 0 };

    for (guint i = 0; i < 2010; i++)
      g_string_append_c (deep, '[');
    for (guint i = 0; i < 2010; i++)
      g_string_append_c (deep, ']');
    g_string_append_c (deep, '}');
    g_assert_cmpuint (deep->len, <=, MAX_BYTES);
    call (f, "POST", "/v1/session", NULL, deep->str, &reply);
    assert_error (&reply, 400, "bad-json");
  }

  /* JSON needs to say it is JSON. */
  {
    g_autoptr(SoupMessage) msg = new_message (f, "POST", "/v1/session");
    g_autoptr(GBytes) bytes = g_bytes_new_static ("{}", 2);
    g_auto(Reply) reply = { 0 };

    soup_message_set_request_body_from_bytes (msg, "text/plain", bytes);
    send_message (f, msg, &reply);
    assert_error (&reply, 415, "unsupported-media-type");
  }

  /* A body where none belongs. */
  {
    g_autofree char *token = login (f, WORKER_NAME, WORKER_PASSWORD, NULL);
    g_auto(Reply) reply = { 0 };

    call (f, "DELETE", "/v1/session", token, "{}", &reply);
    assert_error (&reply, 400, "unexpected-body");
  }
}

static void
test_bad_fields (Fixture       *f,
                 gconstpointer  data)
{
  static const struct
  {
    const char *body;
    const char *code;
    const char *field;
  } cases[] = {
    { "{\"user_name\": \"a\", \"password\": \"b\", \"device_name\": \"c\", \"role\": \"administrator\"}",
      "unknown-field", "role" },
    { "{\"user_name\": 5, \"password\": \"b\", \"device_name\": \"c\"}", "wrong-type", "user_name" },
    { "{\"user_name\": \"a\", \"password\": [\"b\"], \"device_name\": \"c\"}", "wrong-type", "password" },
    { "{\"user_name\": \"a\", \"device_name\": \"c\"}", "missing-field", "password" },
    { "{\"user_name\": \"a\", \"password\": \"b\"}", "missing-field", "device_name" },
    { "{\"user_name\": \"a\", \"password\": \"b\", \"device_id\": true}", "wrong-type", "device_id" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Reply) reply = { 0 };

      call (f, "POST", "/v1/session", NULL, cases[i].body, &reply);
      assert_error (&reply, 400, cases[i].code);
      g_assert_cmpstr (json_object_get_string_member (reply.object, "field"), ==, cases[i].field);
      g_assert_nonnull (strstr (json_object_get_string_member (reply.object, "message"), cases[i].field));
    }

  /* Named twice, the second might have won unseen. */
  {
    g_auto(Reply) reply = { 0 };

    call (f, "POST", "/v1/session", NULL,
          "{\"user_name\": \"a\", \"password\": \"b\", \"device_name\": \"c\", \"user_name\": \"d\"}", &reply);
    assert_error (&reply, 400, "duplicate-field");
    g_assert_cmpstr (json_object_get_string_member (reply.object, "field"), ==, "user_name");
  }

  {
    g_auto(Reply) reply = { 0 };

    call (f, "POST", "/v1/session/refresh", NULL, "{\"refresh_token\": \"x\", \"token\": \"y\"}", &reply);
    assert_error (&reply, 400, "unknown-field");
    g_assert_cmpstr (json_object_get_string_member (reply.object, "field"), ==, "token");
  }

  /* Nothing of this reached the auth library. */
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit"), ==, 0);
}

static GBytes *
big_body (gsize size)
{
  char *data = g_malloc (size);

  /* Valid JSON had it been accepted: the 413 must not depend on what the bytes are. */
  memset (data, ' ', size);
  data[0] = '{';
  data[size - 1] = '}';
  return g_bytes_new_take (data, size);
}

static void
test_oversized (Fixture       *f,
                gconstpointer  data)
{
  /* Content-Length over the limit: answered once the rest was read and thrown away. */
  {
    g_autoptr(SoupMessage) msg = new_message (f, "POST", "/v1/session");
    g_autoptr(GBytes) body = big_body (MAX_BYTES + 1);
    g_auto(Reply) reply = { 0 };

    soup_message_set_request_body_from_bytes (msg, "application/json", body);
    send_message (f, msg, &reply);
    g_assert_no_error (reply.error);
    assert_error (&reply, 413, "too-large");
    g_assert_nonnull (strstr (json_object_get_string_member (reply.object, "message"), "4096"));
  }

  /* Chunked, without a length: counted as it arrives. */
  {
    g_autoptr(SoupMessage) msg = new_message (f, "POST", "/v1/session");
    g_autoptr(GBytes) body = big_body (MAX_BYTES + MAX_BYTES / 2);
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (body);
    g_auto(Reply) reply = { 0 };

    soup_message_set_request_body (msg, "application/json", stream, -1);
    send_message (f, msg, &reply);
    g_assert_no_error (reply.error);
    g_assert_cmpint (soup_message_headers_get_encoding (soup_message_get_request_headers (msg)), ==,
                     SOUP_ENCODING_CHUNKED);
    assert_error (&reply, 413, "too-large");
  }

  /* Expect: 100-continue: refused before the client sends the body at all. */
  {
    g_autoptr(SoupMessage) msg = new_message (f, "POST", "/v1/session");
    g_autoptr(GBytes) body = big_body (64 * MAX_BYTES);
    g_auto(Reply) reply = { 0 };

    soup_message_set_request_body_from_bytes (msg, "application/json", body);
    soup_message_headers_set_expectations (soup_message_get_request_headers (msg), SOUP_EXPECTATION_CONTINUE);
    send_message (f, msg, &reply);
    g_assert_no_error (reply.error);
    assert_error (&reply, 413, "too-large");
  }

  /* A client that goes on sending far beyond the limit is cut off without an answer. */
  {
    g_autoptr(SoupMessage) msg = new_message (f, "POST", "/v1/session");
    g_autoptr(GBytes) body = big_body (64 * MAX_BYTES);
    g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (body);
    g_auto(Reply) reply = { 0 };

    soup_message_set_request_body (msg, "application/json", stream, -1);
    send_message (f, msg, &reply);
    g_assert_nonnull (reply.error);
  }

  /* A body right at the limit is read (and here refused for what it says). */
  {
    g_autoptr(SoupMessage) msg = new_message (f, "POST", "/v1/session");
    g_autoptr(GBytes) body = big_body (MAX_BYTES);
    g_auto(Reply) reply = { 0 };

    soup_message_set_request_body_from_bytes (msg, "application/json", body);
    send_message (f, msg, &reply);
    g_assert_no_error (reply.error);
    assert_error (&reply, 400, "missing-field");
  }

  /* The server is none the worse. */
  g_free (login (f, WORKER_NAME, WORKER_PASSWORD, NULL));
}

static void
test_unknown_path_wrong_method (Fixture       *f,
                                gconstpointer  data)
{
  static const char *paths[] = { "/v1", "/v1/nope", "/v1/me/", "/v1/devices//revoke", "/v2/session" };
  g_auto(Reply) get_session = { 0 };
  g_auto(Reply) put_me = { 0 };
  g_auto(Reply) get_revoke = { 0 };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_auto(Reply) reply = { 0 };

      call (f, "GET", paths[i], NULL, NULL, &reply);
      assert_error (&reply, 404, "not-found");
    }

  call (f, "GET", "/v1/session", NULL, NULL, &get_session);
  assert_error (&get_session, 405, "method-not-allowed");
  g_assert_cmpstr (soup_message_headers_get_one (get_session.headers, "Allow"), ==, "POST, DELETE");

  call (f, "PUT", "/v1/me", NULL, "{}", &put_me);
  assert_error (&put_me, 405, "method-not-allowed");
  g_assert_cmpstr (soup_message_headers_get_one (put_me.headers, "Allow"), ==, "GET, HEAD");

  call (f, "GET", "/v1/devices/0190f1c2-7a3b-7c4d-8e5f-0123456789ab/revoke", NULL, NULL, &get_revoke);
  assert_error (&get_revoke, 405, "method-not-allowed");
  g_assert_cmpstr (soup_message_headers_get_one (get_revoke.headers, "Allow"), ==, "POST");
}

static void
test_tokens (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) earlier = g_date_time_add_hours (now, -2);
  g_autoptr(DkAuthSession) old = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Reply) missing = { 0 };
  g_auto(Reply) unknown = { 0 };
  g_auto(Reply) forged = { 0 };
  g_auto(Reply) expired = { 0 };

  /* A session from two hours ago, with one-hour sessions: expired now. */
  g_assert_true (dk_auth_login (f->store, &f->params, WORKER_NAME, WORKER_PASSWORD, NULL, "Old laptop", earlier,
                                &old, &error));
  g_assert_no_error (error);

  call (f, "GET", "/v1/me", NULL, NULL, &missing);
  assert_error (&missing, 401, "token-missing");
  g_assert_cmpstr (soup_message_headers_get_one (missing.headers, "WWW-Authenticate"), ==,
                   "Bearer realm=\"draagkracht\"");

  call (f, "GET", "/v1/me", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, &unknown);
  assert_error (&unknown, 401, "token-unknown");
  g_assert_nonnull (strstr (soup_message_headers_get_one (unknown.headers, "WWW-Authenticate"), "invalid_token"));

  call (f, "GET", "/v1/me", "not even a token", NULL, &forged);
  assert_error (&forged, 401, "token-unknown");

  call (f, "GET", "/v1/me", old->token, NULL, &expired);
  assert_error (&expired, 401, "token-expired");
  g_assert_nonnull (strstr (soup_message_headers_get_one (expired.headers, "WWW-Authenticate"), "invalid_token"));

  /* The refresh token outlives the session token. */
  {
    g_autofree char *json = g_strdup_printf ("{\"refresh_token\": \"%s\"}", old->refresh_token);
    g_auto(Reply) refreshed = { 0 };
    g_auto(Reply) me = { 0 };

    call (f, "POST", "/v1/session/refresh", NULL, json, &refreshed);
    g_assert_cmpuint (refreshed.status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (refreshed.object, "device_id"), ==, old->device_id);
    call (f, "GET", "/v1/me", json_object_get_string_member (refreshed.object, "token"), NULL, &me);
    g_assert_cmpuint (me.status, ==, 200);
  }
}

static void
test_refresh (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *json = login_json (WORKER_NAME, WORKER_PASSWORD, NULL);
  g_autofree char *refresh_json = NULL;
  g_autofree char *new_refresh_json = NULL;
  g_auto(Reply) first = { 0 };
  g_auto(Reply) second = { 0 };
  g_auto(Reply) replay = { 0 };
  g_auto(Reply) old_me = { 0 };
  g_auto(Reply) new_me = { 0 };
  g_auto(Reply) third = { 0 };
  g_auto(Reply) unknown = { 0 };

  call (f, "POST", "/v1/session", NULL, json, &first);
  g_assert_cmpuint (first.status, ==, 201);
  refresh_json = g_strdup_printf ("{\"refresh_token\": \"%s\"}",
                                  json_object_get_string_member (first.object, "refresh_token"));

  call (f, "POST", "/v1/session/refresh", NULL, refresh_json, &second);
  g_assert_cmpuint (second.status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (second.object, "token"), !=,
                   json_object_get_string_member (first.object, "token"));
  g_assert_cmpstr (json_object_get_string_member (second.object, "refresh_token"), !=,
                   json_object_get_string_member (first.object, "refresh_token"));
  g_assert_cmpstr (json_object_get_string_member (second.object, "device_id"), ==,
                   json_object_get_string_member (first.object, "device_id"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (second.object, "user"), "id"), ==,
                   f->worker_id);

  /* A refresh token works once, and the old session ended with it. */
  call (f, "POST", "/v1/session/refresh", NULL, refresh_json, &replay);
  assert_error (&replay, 401, "token-revoked");
  call (f, "GET", "/v1/me", json_object_get_string_member (first.object, "token"), NULL, &old_me);
  assert_error (&old_me, 401, "token-revoked");
  call (f, "GET", "/v1/me", json_object_get_string_member (second.object, "token"), NULL, &new_me);
  g_assert_cmpuint (new_me.status, ==, 200);

  new_refresh_json = g_strdup_printf ("{\"refresh_token\": \"%s\"}",
                                      json_object_get_string_member (second.object, "refresh_token"));
  call (f, "POST", "/v1/session/refresh", NULL, new_refresh_json, &third);
  g_assert_cmpuint (third.status, ==, 200);

  call (f, "POST", "/v1/session/refresh", NULL, "{\"refresh_token\": \"nope\"}", &unknown);
  assert_error (&unknown, 401, "token-unknown");
}

static void
test_logout (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *token = login (f, WORKER_NAME, WORKER_PASSWORD, NULL);
  g_auto(Reply) out = { 0 };
  g_auto(Reply) again = { 0 };
  g_auto(Reply) me = { 0 };
  g_auto(Reply) missing = { 0 };
  g_auto(Reply) unknown = { 0 };

  call (f, "DELETE", "/v1/session", token, NULL, &out);
  g_assert_cmpuint (out.status, ==, 204);
  g_assert_true (out.text == NULL || out.text[0] == '\0');

  call (f, "GET", "/v1/me", token, NULL, &me);
  assert_error (&me, 401, "token-revoked");

  /* Ending an ended session again is no error. */
  call (f, "DELETE", "/v1/session", token, NULL, &again);
  g_assert_cmpuint (again.status, ==, 204);

  call (f, "DELETE", "/v1/session", NULL, NULL, &missing);
  assert_error (&missing, 401, "token-missing");
  call (f, "DELETE", "/v1/session", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", NULL, &unknown);
  assert_error (&unknown, 401, "token-unknown");
}

static void
test_devices_forbidden (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *device_id = NULL;
  g_autofree char *token = login (f, WORKER_NAME, WORKER_PASSWORD, &device_id);
  g_autofree char *revoke_path = g_strdup_printf ("/v1/devices/%s/revoke", device_id);
  g_auto(Reply) list = { 0 };
  g_auto(Reply) revoke = { 0 };
  g_auto(Reply) me = { 0 };

  call (f, "GET", "/v1/devices", token, NULL, &list);
  assert_error (&list, 403, "forbidden");
  call (f, "POST", revoke_path, token, NULL, &revoke);
  assert_error (&revoke, 403, "forbidden");

  /* Refused, audited, and nothing changed. */
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit WHERE action = 'device.list' AND outcome = 'denied'"),
                   ==, 1);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit WHERE action = 'device.revoke' AND outcome = 'denied'"),
                   ==, 1);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM device WHERE revoked_at IS NOT NULL"), ==, 0);
  call (f, "GET", "/v1/me", token, NULL, &me);
  g_assert_cmpuint (me.status, ==, 200);
}

static void
test_revoke_device (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *worker_device = NULL;
  g_autofree char *worker_token = login (f, WORKER_NAME, WORKER_PASSWORD, &worker_device);
  g_autofree char *admin_token = login (f, ADMIN_NAME, ADMIN_PASSWORD, NULL);
  g_autofree char *revoke_path = g_strdup_printf ("/v1/devices/%s/revoke", worker_device);
  g_autofree char *relogin = login_json (WORKER_NAME, WORKER_PASSWORD, worker_device);
  g_auto(Reply) list = { 0 };
  g_auto(Reply) revoke = { 0 };
  g_auto(Reply) again = { 0 };
  g_auto(Reply) me = { 0 };
  g_auto(Reply) login_reply = { 0 };
  g_auto(Reply) unknown = { 0 };
  g_auto(Reply) invalid = { 0 };
  g_auto(Reply) list_after = { 0 };
  JsonArray *devices;
  gboolean found = FALSE;

  call (f, "GET", "/v1/devices", admin_token, NULL, &list);
  g_assert_cmpuint (list.status, ==, 200);
  devices = json_object_get_array_member (list.object, "devices");
  g_assert_cmpuint (json_array_get_length (devices), ==, 2);
  for (guint i = 0; i < json_array_get_length (devices); i++)
    {
      JsonObject *device = json_array_get_object_element (devices, i);

      if (g_strcmp0 (json_object_get_string_member (device, "id"), worker_device) != 0)
        continue;
      found = TRUE;
      g_assert_cmpstr (json_object_get_string_member (device, "user_id"), ==, f->worker_id);
      g_assert_true (json_object_get_null_member (device, "revoked_at"));
      g_assert_false (json_object_get_boolean_member (device, "wipe_requested"));
    }
  g_assert_true (found);

  call (f, "POST", revoke_path, admin_token, NULL, &revoke);
  g_assert_cmpuint (revoke.status, ==, 204);
  call (f, "POST", revoke_path, admin_token, NULL, &again);
  g_assert_cmpuint (again.status, ==, 204);

  /* The device hears that it must wipe, on a request and on a login. */
  call (f, "GET", "/v1/me", worker_token, NULL, &me);
  assert_error (&me, 403, "device-revoked");
  g_assert_true (json_object_get_boolean_member (me.object, "wipe"));
  call (f, "POST", "/v1/session", NULL, relogin, &login_reply);
  assert_error (&login_reply, 403, "device-revoked");
  g_assert_true (json_object_get_boolean_member (login_reply.object, "wipe"));

  call (f, "POST", "/v1/devices/0190f1c2-7a3b-7c4d-8e5f-0123456789ab/revoke", admin_token, NULL, &unknown);
  assert_error (&unknown, 404, "not-found");
  call (f, "POST", "/v1/devices/not-a-uuid/revoke", admin_token, NULL, &invalid);
  assert_error (&invalid, 400, "invalid-value");

  call (f, "GET", "/v1/devices", admin_token, NULL, &list_after);
  devices = json_object_get_array_member (list_after.object, "devices");
  for (guint i = 0; i < json_array_get_length (devices); i++)
    {
      JsonObject *device = json_array_get_object_element (devices, i);
      gboolean revoked = g_strcmp0 (json_object_get_string_member (device, "id"), worker_device) == 0;

      g_assert_cmpint (json_object_get_null_member (device, "revoked_at"), ==, !revoked);
      g_assert_cmpint (json_object_get_boolean_member (device, "wipe_requested"), ==, revoked);
    }

  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit WHERE action = 'device.revoke' AND outcome = 'success'"),
                   ==, 2);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit WHERE action = 'device.revoke' AND outcome = 'failed'"),
                   ==, 2);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit WHERE action = 'device.list' AND outcome = 'success'"
                                  " AND user_id IS NOT NULL AND device_id IS NOT NULL"),
                   ==, 2);
}

static void
test_rate_limit (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *json = login_json ("nobody.here", "whatever it is here", NULL);
  g_auto(Reply) limited = { 0 };
  g_auto(Reply) spoofed = { 0 };
  g_auto(Reply) proxied = { 0 };
  guint64 retry_after = 0;

  /* An unknown user: the account lockout does not come into it. */
  for (guint i = 0; i < 10; i++)
    {
      g_auto(Reply) reply = { 0 };

      call (f, "POST", "/v1/session", NULL, json, &reply);
      assert_error (&reply, 401, "invalid-credentials");
    }

  call (f, "POST", "/v1/session", NULL, json, &limited);
  assert_error (&limited, 429, "rate-limited");
  g_assert_true (g_ascii_string_to_unsigned (soup_message_headers_get_one (limited.headers, "Retry-After"), 10, 1, 60,
                                             &retry_after, NULL));

  /* Behind a reverse proxy on this machine, the address the proxy appended is the client's … */
  {
    g_autoptr(SoupMessage) msg = new_message (f, "POST", "/v1/session");

    set_json (msg, json);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Forwarded-For", "203.0.113.7");
    send_message (f, msg, &proxied);
    assert_error (&proxied, 401, "invalid-credentials");
  }

  /* … and what the client itself put in front of it does not count. */
  {
    g_autoptr(SoupMessage) msg = new_message (f, "POST", "/v1/session");

    set_json (msg, json);
    soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Forwarded-For",
                                  "203.0.113.8, 127.0.0.1");
    send_message (f, msg, &spoofed);
    assert_error (&spoofed, 429, "rate-limited");
  }

  /* The limit spares the hashing: the refused attempts never reached the auth library. */
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit WHERE action = 'login'"), ==, 11);
}

static void
test_concurrent_logins (Fixture       *f,
                        gconstpointer  data)
{
  enum { N = 6 };
  g_autofree char *json = login_json (WORKER_NAME, WORKER_PASSWORD, NULL);
  SoupMessage *msgs[N];
  Pending pending[N];
  Reply replies[N] = { { 0 } };

  for (guint i = 0; i < N; i++)
    {
      msgs[i] = new_message (f, "POST", "/v1/session");
      set_json (msgs[i], json);
      start_send (f, msgs[i], &pending[i], &replies[i]);
    }

  for (guint i = 0; i < N; i++)
    {
      wait_for (&pending[i]);
      g_assert_no_error (replies[i].error);
      g_assert_cmpuint (replies[i].status, ==, 201);
      reply_clear (&replies[i]);
      g_object_unref (msgs[i]);
    }

  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM session"), ==, N);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM device"), ==, N);
}

static gboolean
on_wait_over (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* While a password is being hashed, the server goes on answering others. */
static void
test_login_off_main_loop (Fixture       *f,
                          gconstpointer  data)
{
  DkSyncServerOptions options = { 0 };
  DkAuthParams slow = f->params;
  g_autofree char *json = login_json (WORKER_NAME, WORKER_PASSWORD, NULL);
  g_autoptr(SoupMessage) login_msg = NULL;
  g_autoptr(SoupMessage) health_msg = NULL;
  g_auto(Reply) login_reply = { 0 };
  g_auto(Reply) health_reply = { 0 };
  Pending login_pending;
  Pending health_pending;
  gboolean waited = FALSE;

  /* The stored hash has the minimum limits, so this login rehashes with these: 64 MiB, 3 passes. */
  slow.pwhash_opslimit = 3;
  slow.pwhash_memlimit = 64 * 1024 * 1024;
  options.auth_params = &slow;
  start_server (f, &options);

  login_msg = new_message (f, "POST", "/v1/session");
  set_json (login_msg, json);
  start_send (f, login_msg, &login_pending, &login_reply);

  /* Time for the login to reach its thread. */
  g_timeout_add (20, on_wait_over, &waited);
  while (!waited)
    g_main_context_iteration (NULL, TRUE);

  health_msg = new_message (f, "GET", "/healthz");
  start_send (f, health_msg, &health_pending, &health_reply);
  wait_for (&health_pending);
  g_assert_no_error (health_reply.error);
  g_assert_cmpuint (health_reply.status, ==, 200);
  g_assert_false (login_pending.done);

  wait_for (&login_pending);
  g_assert_no_error (login_reply.error);
  g_assert_cmpuint (login_reply.status, ==, 201);
}

static gint64
metric_value (const char *text,
              const char *series)
{
  g_autofree char *needle = g_strconcat ("\n", series, " ", NULL);
  const char *at = strstr (text, needle);

  g_assert_nonnull (at);
  return g_ascii_strtoll (at + strlen (needle), NULL, 10);
}

static void
test_metrics (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *wrong = login_json (WORKER_NAME, "not the right password", NULL);
  g_autofree char *token = login (f, WORKER_NAME, WORKER_PASSWORD, NULL);
  g_autofree char *admin_device = NULL;
  g_autofree char *admin_token = login (f, ADMIN_NAME, ADMIN_PASSWORD, &admin_device);
  g_autofree char *revoke_path = g_strdup_printf ("/v1/devices/%s/revoke", admin_device);
  g_auto(Reply) failed = { 0 };
  g_auto(Reply) me = { 0 };
  g_auto(Reply) missing = { 0 };
  g_auto(Reply) revoke = { 0 };
  g_auto(Reply) metrics = { 0 };

  call (f, "POST", "/v1/session", NULL, wrong, &failed);
  call (f, "GET", "/v1/me", token, NULL, &me);
  call (f, "GET", "/v1/nope", NULL, NULL, &missing);
  call (f, "POST", revoke_path, admin_token, NULL, &revoke);
  g_assert_cmpuint (revoke.status, ==, 204);

  call (f, "GET", "/metrics", NULL, NULL, &metrics);
  g_assert_cmpuint (metrics.status, ==, 200);
  g_assert_true (g_str_has_prefix (soup_message_headers_get_one (metrics.headers, "Content-Type"), "text/plain"));
  g_test_message ("%s", metrics.text);

  g_assert_cmpint (metric_value (metrics.text, "dk_logins_total{outcome=\"ok\"}"), ==, 2);
  g_assert_cmpint (metric_value (metrics.text, "dk_logins_total{outcome=\"failed\"}"), ==, 1);
  g_assert_cmpint (metric_value (metrics.text, "dk_logins_total{outcome=\"rate_limited\"}"), ==, 0);
  g_assert_cmpint (metric_value (metrics.text,
                                 "dk_http_requests_total{method=\"POST\",endpoint=\"/v1/session\",class=\"2xx\"}"),
                   ==, 2);
  g_assert_cmpint (metric_value (metrics.text,
                                 "dk_http_requests_total{method=\"POST\",endpoint=\"/v1/session\",class=\"4xx\"}"),
                   ==, 1);
  g_assert_cmpint (metric_value (metrics.text,
                                 "dk_http_requests_total{method=\"GET\",endpoint=\"/v1/me\",class=\"2xx\"}"),
                   ==, 1);
  g_assert_cmpint (metric_value (metrics.text,
                                 "dk_http_requests_total{method=\"GET\",endpoint=\"unmatched\",class=\"4xx\"}"),
                   ==, 1);
  g_assert_cmpint (metric_value (metrics.text,
                                 "dk_http_requests_total{method=\"POST\",endpoint=\"/v1/devices/{id}/revoke\","
                                 "class=\"2xx\"}"),
                   ==, 1);
  g_assert_cmpint (metric_value (metrics.text,
                                 "dk_http_request_duration_seconds_count{endpoint=\"/v1/session\"}"), ==, 3);
  g_assert_cmpint (metric_value (metrics.text,
                                 "dk_http_request_duration_seconds_bucket{endpoint=\"/v1/session\",le=\"+Inf\"}"),
                   ==, 3);
  g_assert_nonnull (strstr (metrics.text, "# TYPE dk_http_request_duration_seconds histogram\n"));
  /* The worker's session; the administrator's ended with the revocation of its device. */
  g_assert_cmpint (metric_value (metrics.text, "dk_sessions_active"), ==, 1);
  g_assert_cmpint (metric_value (metrics.text, "dk_devices{state=\"active\"}"), ==, 1);
  g_assert_cmpint (metric_value (metrics.text, "dk_devices{state=\"revoked\"}"), ==, 1);

  /* No names, no ids, no tokens. */
  g_assert_null (strstr (metrics.text, WORKER_NAME));
  g_assert_null (strstr (metrics.text, WORKER_DISPLAY));
  g_assert_null (strstr (metrics.text, ADMIN_NAME));
  g_assert_null (strstr (metrics.text, ADMIN_DISPLAY));
  g_assert_null (strstr (metrics.text, admin_device));
  g_assert_null (strstr (metrics.text, f->worker_id));
  g_assert_null (strstr (metrics.text, token));
}

/* Logins still hashing when the server stops are answered; those still waiting get 503. */
static void
test_shutdown_with_logins (Fixture       *f,
                           gconstpointer  data)
{
  enum { N = 4 };
  DkSyncServerOptions options = { 0 };
  DkAuthParams slow = f->params;
  g_autofree char *json = login_json (WORKER_NAME, WORKER_PASSWORD, NULL);
  SoupMessage *msgs[N];
  Pending pending[N];
  Reply replies[N] = { { 0 } };
  guint created = 0;
  guint unavailable = 0;

  /* Slow enough hashing (32 MiB) that the later logins are still waiting when the first is done. */
  slow.pwhash_opslimit = 3;
  slow.pwhash_memlimit = 32 * 1024 * 1024;
  options.auth_params = &slow;
  options.max_concurrent_logins = 1;
  start_server (f, &options);

  for (guint i = 0; i < N; i++)
    {
      msgs[i] = new_message (f, "POST", "/v1/session");
      set_json (msgs[i], json);
      start_send (f, msgs[i], &pending[i], &replies[i]);
    }

  while (!pending[0].done && !pending[1].done && !pending[2].done && !pending[3].done)
    g_main_context_iteration (NULL, TRUE);

  dk_sync_server_shutdown (f->server);

  for (guint i = 0; i < N; i++)
    {
      wait_for (&pending[i]);
      g_assert_no_error (replies[i].error);
      if (replies[i].status == 201)
        {
          created++;
        }
      else
        {
          assert_error (&replies[i], 503, "unavailable");
          g_assert_nonnull (soup_message_headers_get_one (replies[i].headers, "Retry-After"));
          unavailable++;
        }
      reply_clear (&replies[i]);
      g_object_unref (msgs[i]);
    }

  /* The first and the one hashing when the shutdown came; the rest never started. */
  g_test_message ("%u answered, %u refused", created, unavailable);
  g_assert_cmpuint (created, >=, 1);
  g_assert_cmpuint (unavailable, >=, 1);
  g_assert_cmpuint (created + unavailable, ==, N);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM session"), ==, created);
}

typedef struct
{
  GMainLoop *loop;
  gssize     n_read;
  GError    *error;
  gint64     elapsed_us;
} Slow;

static void
slow_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Slow *slow = user_data;

  slow->n_read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &slow->error);
  g_main_loop_quit (slow->loop);
}

static void
slow_connect_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GSocketConnection **connection = user_data;

  *connection = g_socket_client_connect_to_uri_finish (G_SOCKET_CLIENT (object), result, NULL);
}

/* A client that starts a request and never finishes it loses its connection after the timeout. */
static void
test_request_timeout (Fixture       *f,
                      gconstpointer  data)
{
  static const char partial[] = "POST /v1/session HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{\"us";
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  GOutputStream *out;
  Slow slow = { g_main_loop_new (NULL, FALSE), 0, NULL, 0 };
  char buffer[256];
  gint64 start;

  g_socket_client_connect_to_uri_async (client, f->base_uri, 80, NULL, slow_connect_cb, &connection);
  while (connection == NULL)
    g_main_context_iteration (NULL, TRUE);

  out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  g_assert_true (g_output_stream_write_all (out, partial, strlen (partial), NULL, NULL, NULL));

  start = g_get_monotonic_time ();
  g_input_stream_read_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)), buffer, sizeof buffer,
                             G_PRIORITY_DEFAULT, NULL, slow_read_cb, &slow);
  g_main_loop_run (slow.loop);
  slow.elapsed_us = g_get_monotonic_time () - start;

  /* Closed without an answer, after about the configured second. */
  g_assert_no_error (slow.error);
  g_assert_cmpint (slow.n_read, ==, 0);
  g_assert_cmpint (slow.elapsed_us, >=, G_USEC_PER_SEC / 2);
  g_assert_cmpint (slow.elapsed_us, <, 5 * G_USEC_PER_SEC);
  g_main_loop_unref (slow.loop);

  g_free (login (f, WORKER_NAME, WORKER_PASSWORD, NULL));
}

/* Audit rows of @action about @dossier_id by @user_id from @device_id. */
static gint64
count_dossier_audit (Fixture    *f,
                     const char *action,
                     const char *dossier_id,
                     const char *user_id,
                     const char *device_id)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gint64 n;

  stmt = dk_store_prepare (f->store,
                           "SELECT count(*) FROM audit WHERE action = ?1 AND dossier_id = ?2 AND user_id = ?3"
                           " AND device_id = ?4 AND outcome = 'success'",
                           &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, action, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, dossier_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, device_id, -1, SQLITE_TRANSIENT);
  g_assert_true (dk_store_step_row (f->store, stmt, &has_row, &error));
  g_assert_true (has_row);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static char *
dossier_push_json (const char *device_id,
                   const char *change_id,
                   const char *dossier_id)
{
  return g_strdup_printf ("{\"device_id\": \"%s\", \"changes\": [{\"change_id\": \"%s\", \"table\": \"dossier\","
                          " \"record_id\": \"%s\", \"dossier_id\": \"%s\", \"op\": \"insert\","
                          " \"fields\": {\"number\": \"HTTP-1\", \"opened_on\": \"2026-11-23\"},"
                          " \"made_at\": \"2026-11-23T10:00:00.000Z\"}]}",
                          device_id, change_id, dossier_id, dossier_id);
}

/* The sync protocol over HTTP: a field worker creates a dossier offline and pushes it; the same
 * batch sent again (a lost answer) gets the same answer and changes nothing; a pull returns it; an
 * administrator has no case data; a bad cursor is a clear 400; a dossier asked for again comes as a
 * new snapshot. */
static void
test_push_pull (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *device_id = NULL;
  g_autofree char *token = login (f, WORKER_NAME, WORKER_PASSWORD, &device_id);
  g_autofree char *admin_token = login (f, ADMIN_NAME, ADMIN_PASSWORD, NULL);
  g_autofree char *dossier_id = dk_uuid_new ();
  g_autofree char *change_id = dk_uuid_new ();
  g_autofree char *push = dossier_push_json (device_id, change_id, dossier_id);
  g_autofree char *first_answer = NULL;
  g_auto(Reply) first = { 0 };
  g_auto(Reply) again = { 0 };
  g_auto(Reply) pulled = { 0 };
  g_auto(Reply) admin = { 0 };
  g_auto(Reply) bad_cursor = { 0 };
  g_auto(Reply) no_token = { 0 };
  JsonArray *results, *changes;

  call (f, "POST", "/v1/push", token, push, &first);
  g_assert_cmpuint (first.status, ==, 200);
  results = json_object_get_array_member (first.object, "results");
  g_assert_cmpuint (json_array_get_length (results), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 0), "status"), ==,
                   "applied");
  first_answer = g_strdup (first.text);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM dossier WHERE number = 'HTTP-1'"), ==, 1);

  call (f, "POST", "/v1/push", token, push, &again);
  g_assert_cmpuint (again.status, ==, 200);
  g_assert_cmpstr (again.text, ==, first_answer);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM dossier WHERE number = 'HTTP-1'"), ==, 1);

  call (f, "GET", "/v1/pull?cursor=0&limit=100", token, NULL, &pulled);
  g_assert_cmpuint (pulled.status, ==, 200);
  changes = json_object_get_array_member (pulled.object, "changes");
  g_assert_cmpuint (json_array_get_length (changes), >=, 1);
  g_assert_nonnull (strstr (pulled.text, dossier_id));
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (changes, 0), "op"), ==, "snapshot");

  /* Who changed and who read the dossier, from which device: one row each, the replay none. */
  g_assert_cmpint (count_dossier_audit (f, "dossier.change", dossier_id, f->worker_id, device_id), ==, 1);
  g_assert_cmpint (count_dossier_audit (f, "dossier.read", dossier_id, f->worker_id, device_id), ==, 1);

  call (f, "GET", "/v1/pull?cursor=0", admin_token, NULL, &admin);
  assert_error (&admin, 403, "forbidden");

  call (f, "GET", "/v1/pull?cursor=-3", token, NULL, &bad_cursor);
  assert_error (&bad_cursor, 400, "invalid-value");

  call (f, "POST", "/v1/push", NULL, push, &no_token);
  g_assert_cmpuint (no_token.status, ==, 401);

  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit WHERE action = 'sync.push'"), ==, 2);

  /* The push and its replay were each answered "applied"; the pull handed out its entries. */
  {
    g_auto(Reply) metrics = { 0 };

    call (f, "GET", "/metrics", NULL, NULL, &metrics);
    g_assert_cmpint (metric_value (metrics.text, "dk_sync_changes_total{status=\"applied\"}"), ==, 2);
    g_assert_cmpint (metric_value (metrics.text, "dk_sync_changes_total{status=\"refused\"}"), ==, 0);
    g_assert_cmpint (metric_value (metrics.text, "dk_sync_pulled_entries_total"), ==,
                     json_array_get_length (changes));
    g_assert_cmpint (metric_value (metrics.text, "dk_sync_conflicts_open"), ==, 0);
    g_assert_cmpint (metric_value (metrics.text, "dk_sync_last_seq"), >, 0);
  }

  /* A dossier asked for again comes as a new snapshot and an id of nothing is passed over; anything
   * but ids is refused. */
  {
    g_auto(Reply) bad_refetch = { 0 };
    g_auto(Reply) refetch = { 0 };
    g_autofree char *path = g_strdup_printf ("/v1/pull?cursor=%" G_GINT64_FORMAT
                                             "&refetch=%s,019377a0-0000-7000-8000-000000000000",
                                             json_object_get_int_member (pulled.object, "next_cursor"), dossier_id);

    call (f, "GET", "/v1/pull?cursor=0&refetch=2026-0001", token, NULL, &bad_refetch);
    assert_error (&bad_refetch, 400, "invalid-value");
    call (f, "GET", path, token, NULL, &refetch);
    g_assert_cmpuint (refetch.status, ==, 200);
    changes = json_object_get_array_member (refetch.object, "changes");
    g_assert_cmpuint (json_array_get_length (changes), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (changes, 0), "op"), ==, "snapshot");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (changes, 0), "dossier_id"), ==,
                     dossier_id);
  }
}

/* A push of a new dossier numbered @number, with new ids. */
static char *
new_dossier_push_json (const char *device_id,
                       const char *number)
{
  g_autofree char *change_id = dk_uuid_new ();
  g_autofree char *dossier_id = dk_uuid_new ();

  return g_strdup_printf ("{\"device_id\": \"%s\", \"changes\": [{\"change_id\": \"%s\", \"table\": \"dossier\","
                          " \"record_id\": \"%s\", \"dossier_id\": \"%s\", \"op\": \"insert\","
                          " \"fields\": {\"number\": \"%s\", \"opened_on\": \"2026-11-23\"}}]}",
                          device_id, change_id, dossier_id, dossier_id, number);
}

/* A second connection that holds the central store's write lock until released, as a long
 * transaction elsewhere (a backup, the admin tool) would. */
static sqlite3 *
hold_write_lock (Fixture *f)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
  return db;
}

static void
release_write_lock (sqlite3 *db)
{
  g_assert_cmpint (sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
wait_for_sync_jobs (Fixture *f,
                    guint    running,
                    guint    queued)
{
  guint n_running = 0, n_queued = 0;

  for (;;)
    {
      dk_sync_server_get_sync_jobs (f->server, &n_running, &n_queued);
      if (n_running == running && n_queued == queued)
        return;
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
assert_unavailable (const Reply *reply)
{
  assert_error (reply, 503, "unavailable");
  g_assert_nonnull (soup_message_headers_get_one (reply->headers, "Retry-After"));
}

/* Pushes run beside the main loop, one at a time here with one more waiting: a third is answered
 * 503 at once, the server goes on answering others while the store is locked, the push that waited
 * out the whole busy timeout is a 503 too (not a 500), and the waiting one lands once the lock is
 * gone. The busy timeout makes this test take about five seconds. */
static void
test_sync_queue_and_busy (Fixture       *f,
                          gconstpointer  data)
{
  enum { N = 3 };
  DkSyncServerOptions options = { 0 };
  g_autofree char *device_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *warm_json = NULL;
  g_autoptr(SoupMessage) health_msg = NULL;
  g_auto(Reply) warm = { 0 };
  g_auto(Reply) health_reply = { 0 };
  SoupMessage *msgs[N];
  Pending pending[N];
  Pending health_pending;
  Reply replies[N] = { { 0 } };
  sqlite3 *lock;
  guint refused = N, busy = N, landed = N;

  options.auth_params = &f->params;
  options.max_sync_jobs = 1;
  options.max_queued_sync_jobs = 1;
  start_server (f, &options);
  token = login (f, WORKER_NAME, WORKER_PASSWORD, &device_id);

  /* The worker's connection is open before the lock is taken. */
  warm_json = new_dossier_push_json (device_id, "WARM-1");
  call (f, "POST", "/v1/push", token, warm_json, &warm);
  g_assert_cmpuint (warm.status, ==, 200);

  lock = hold_write_lock (f);
  for (guint i = 0; i < N; i++)
    {
      g_autofree char *number = g_strdup_printf ("BUSY-%u", i);
      g_autofree char *json = new_dossier_push_json (device_id, number);

      msgs[i] = new_message (f, "POST", "/v1/push");
      set_bearer (msgs[i], token);
      set_json (msgs[i], json);
      start_send (f, msgs[i], &pending[i], &replies[i]);
    }

  /* One runs (waiting for the lock), one waits its turn, the third finds the queue full. */
  while (refused == N)
    {
      g_main_context_iteration (NULL, TRUE);
      for (guint i = 0; i < N; i++)
        if (pending[i].done)
          refused = i;
    }
  g_assert_no_error (replies[refused].error);
  assert_unavailable (&replies[refused]);
  wait_for_sync_jobs (f, 1, 1);

  health_msg = new_message (f, "GET", "/healthz");
  start_send (f, health_msg, &health_pending, &health_reply);
  wait_for (&health_pending);
  g_assert_no_error (health_reply.error);
  g_assert_cmpuint (health_reply.status, ==, 200);

  /* The running push gives up after the store's busy timeout: 503, try again. */
  while (busy == N)
    {
      g_main_context_iteration (NULL, TRUE);
      for (guint i = 0; i < N; i++)
        if (i != refused && pending[i].done)
          busy = i;
    }
  g_assert_no_error (replies[busy].error);
  assert_unavailable (&replies[busy]);
  g_assert_cmpstr (json_object_get_string_member (replies[busy].object, "message"), !=,
                   json_object_get_string_member (replies[refused].object, "message"));

  release_write_lock (lock);
  for (guint i = 0; i < N; i++)
    if (i != refused && i != busy)
      landed = i;
  wait_for (&pending[landed]);
  g_assert_no_error (replies[landed].error);
  g_assert_cmpuint (replies[landed].status, ==, 200);

  for (guint i = 0; i < N; i++)
    {
      reply_clear (&replies[i]);
      g_object_unref (msgs[i]);
    }

  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM dossier"), ==, 2);
  /* The push that found the queue full never ran, the one the lock kept out is only logged. */
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit WHERE action = 'sync.push'"), ==, 2);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM audit WHERE action = 'dossier.change'"), ==, 2);
}

static gboolean
on_release_lock (gpointer user_data)
{
  release_write_lock (user_data);
  return G_SOURCE_REMOVE;
}

/* A shutdown answers the pushes that have not started 503 and lets the running one finish. */
static void
test_shutdown_with_syncs (Fixture       *f,
                          gconstpointer  data)
{
  enum { N = 3 };
  DkSyncServerOptions options = { 0 };
  g_autofree char *device_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *warm_json = NULL;
  g_auto(Reply) warm = { 0 };
  SoupMessage *msgs[N];
  Pending pending[N];
  Reply replies[N] = { { 0 } };
  guint applied = 0, unavailable = 0;
  sqlite3 *lock;

  options.auth_params = &f->params;
  options.max_sync_jobs = 1;
  options.max_queued_sync_jobs = 4;
  start_server (f, &options);
  token = login (f, WORKER_NAME, WORKER_PASSWORD, &device_id);

  warm_json = new_dossier_push_json (device_id, "WARM-1");
  call (f, "POST", "/v1/push", token, warm_json, &warm);
  g_assert_cmpuint (warm.status, ==, 200);

  /* The lock keeps the first push running until the shutdown has begun. */
  lock = hold_write_lock (f);
  for (guint i = 0; i < N; i++)
    {
      g_autofree char *number = g_strdup_printf ("STOP-%u", i);
      g_autofree char *json = new_dossier_push_json (device_id, number);

      msgs[i] = new_message (f, "POST", "/v1/push");
      set_bearer (msgs[i], token);
      set_json (msgs[i], json);
      start_send (f, msgs[i], &pending[i], &replies[i]);
    }
  wait_for_sync_jobs (f, 1, N - 1);

  /* Released while the shutdown waits for the running push. */
  g_timeout_add (100, on_release_lock, lock);
  dk_sync_server_shutdown (f->server);

  for (guint i = 0; i < N; i++)
    {
      wait_for (&pending[i]);
      g_assert_no_error (replies[i].error);
      if (replies[i].status == 200)
        {
          applied++;
        }
      else
        {
          assert_unavailable (&replies[i]);
          unavailable++;
        }
      reply_clear (&replies[i]);
      g_object_unref (msgs[i]);
    }

  g_assert_cmpuint (applied, ==, 1);
  g_assert_cmpuint (unavailable, ==, N - 1);
  g_assert_cmpint (count_rows (f, "SELECT count(*) FROM dossier"), ==, 2);
}

/* The server compacts on its own: shortly after it starts listening, then at intervals. */
static void
test_compaction_timer (Fixture       *f,
                       gconstpointer  data)
{
  DkSyncServerOptions options = { 0 };
  g_autofree char *device_id = NULL;
  g_autofree char *token = NULL;
  g_autofree char *json = NULL;
  g_auto(Reply) pushed = { 0 };
  gint64 deadline;

  options.auth_params = &f->params;
  options.compact_first_seconds = 1;
  start_server (f, &options);
  token = login (f, WORKER_NAME, WORKER_PASSWORD, &device_id);
  json = new_dossier_push_json (device_id, "OLD-1");
  call (f, "POST", "/v1/push", token, json, &pushed);
  g_assert_cmpuint (pushed.status, ==, 200);

  /* Its history is older than the retention window. */
  {
    g_autoptr(GError) error = NULL;
    sqlite3_stmt *stmt = dk_store_prepare (f->store, "UPDATE change_log SET applied_at = '2020-01-01T00:00:00.000Z'",
                                           &error);

    g_assert_no_error (error);
    g_assert_true (dk_store_step_done (f->store, stmt, &error));
  }

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (count_rows (f, "SELECT low_water_seq FROM change_log_low_water") == 0 && g_get_monotonic_time () < deadline)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (20000);
    }
  g_assert_cmpint (count_rows (f, "SELECT low_water_seq FROM change_log_low_water"), >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync-auth/login-me", test_login_me);
  ADD ("/sync-auth/push-pull", test_push_pull);
  ADD ("/sync-auth/login-reuses-device", test_login_reuses_device);
  ADD ("/sync-auth/wrong-password-lockout", test_wrong_password_lockout);
  ADD ("/sync-auth/disabled-user", test_disabled_user);
  ADD ("/sync-auth/protocol-version", test_protocol_version);
  ADD ("/sync-auth/bad-json", test_bad_json);
  ADD ("/sync-auth/bad-fields", test_bad_fields);
  ADD ("/sync-auth/oversized", test_oversized);
  ADD ("/sync-auth/unknown-path-wrong-method", test_unknown_path_wrong_method);
  ADD ("/sync-auth/tokens", test_tokens);
  ADD ("/sync-auth/refresh", test_refresh);
  ADD ("/sync-auth/logout", test_logout);
  ADD ("/sync-auth/devices-forbidden", test_devices_forbidden);
  ADD ("/sync-auth/revoke-device", test_revoke_device);
  ADD ("/sync-auth/rate-limit", test_rate_limit);
  ADD ("/sync-auth/concurrent-logins", test_concurrent_logins);
  ADD ("/sync-auth/metrics", test_metrics);
  g_test_add ("/sync-auth/compaction-timer", Fixture, NULL, fixture_setup_stopped, test_compaction_timer,
              fixture_teardown);
#undef ADD
  g_test_add ("/sync-auth/request-timeout", Fixture, NULL, fixture_setup_short_timeout, test_request_timeout,
              fixture_teardown);
  g_test_add ("/sync-auth/login-off-main-loop", Fixture, NULL, fixture_setup_stopped, test_login_off_main_loop,
              fixture_teardown);
  g_test_add ("/sync-auth/shutdown-with-logins", Fixture, NULL, fixture_setup_stopped, test_shutdown_with_logins,
              fixture_teardown);
  g_test_add ("/sync-auth/sync-queue-and-busy", Fixture, NULL, fixture_setup_stopped, test_sync_queue_and_busy,
              fixture_teardown);
  g_test_add ("/sync-auth/shutdown-with-syncs", Fixture, NULL, fixture_setup_stopped, test_shutdown_with_syncs,
              fixture_teardown);

  return g_test_run ();
}
