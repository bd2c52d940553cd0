#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dk-central-store.h"
#include "dk-test-util.h"
#include "dk-server-probe.h"
#include "dk-sync-server.h"

/* The server and the client code run in one process on one main context, both asynchronous, as
 * in the app: a synchronous request here would block the loop the server needs. */
typedef struct
{
  char         *tmpdir;
  DkSyncServer *server;
  char         *base_uri;
  SoupSession  *session;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DkServerConfig) config = dk_server_config_new ();
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db = NULL;

  f->tmpdir = dk_test_make_tmpdir ();
  db = g_build_filename (f->tmpdir, "central.db", NULL);

  store = dk_central_store_open (db, &error);
  g_assert_no_error (error);

  config->port = 0;
  f->server = dk_sync_server_new (config, store);
  g_assert_true (dk_sync_server_listen (f->server, &error));
  g_assert_no_error (error);

  f->base_uri = dk_sync_server_dup_base_uri (f->server);
  g_assert_true (g_str_has_prefix (f->base_uri, "http://127.0.0.1:"));
  f->session = soup_session_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->session);
  g_clear_object (&f->server);
  g_clear_pointer (&f->base_uri, g_free);
  dk_test_remove_tree (f->tmpdir);
  g_clear_pointer (&f->tmpdir, g_free);
}

typedef struct
{
  GMainLoop    *loop;
  GBytes       *body;
  GError       *error;
  GAsyncResult *result;
} Wait;

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *w = user_data;

  w->body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &w->error);
  g_main_loop_quit (w->loop);
}

static GBytes *
request (Fixture    *f,
         const char *method,
         const char *path,
         guint      *status,
         char      **content_type)
{
  g_autofree char *uri = g_strconcat (f->base_uri, path + 1, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  Wait w = { g_main_loop_new (NULL, FALSE), NULL, NULL, NULL };

  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &w);
  g_main_loop_run (w.loop);
  g_main_loop_unref (w.loop);
  g_assert_no_error (w.error);

  *status = soup_message_get_status (msg);
  if (content_type != NULL)
    *content_type = g_strdup (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL));
  return w.body;
}

static JsonObject *
parse_object (GBytes *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (body, &size);

  json_parser_load_from_data (parser, data, size, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
test_healthz (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *content_type = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) object = NULL;
  guint status = 0;

  body = request (f, "GET", "/healthz", &status, &content_type);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpstr (content_type, ==, "application/json");

  object = parse_object (body);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "ok");
  g_assert_cmpstr (json_object_get_string_member (object, "version"), ==, PACKAGE_VERSION);
  g_assert_cmpint (json_object_get_int_member (object, "protocol"), ==, DK_SYNC_PROTOCOL_VERSION);
  g_assert_cmpint (json_object_get_int_member (object, "schema_version"), ==, dk_central_store_latest_version ());
}

static void
test_unknown_path (Fixture       *f,
                   gconstpointer  data)
{
  static const char *paths[] = { "/", "/nope", "/healthz/extra", "/../etc/passwd" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GBytes) body = NULL;
      g_autoptr(JsonObject) object = NULL;
      guint status = 0;

      body = request (f, "GET", paths[i], &status, NULL);
      g_assert_cmpuint (status, ==, 404);
      object = parse_object (body);
      g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, "not-found");
      g_assert_true (json_object_has_member (object, "message"));
    }
}

static void
test_wrong_method (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(JsonObject) object = NULL;
  guint status = 0;

  body = request (f, "DELETE", "/healthz", &status, NULL);
  g_assert_cmpuint (status, ==, 405);
  object = parse_object (body);
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, "method-not-allowed");
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Wait *w = user_data;

  w->result = g_object_ref (result);
  g_main_loop_quit (w->loop);
}

static DkServerHealth *
probe (Fixture     *f,
       const char  *url,
       GError     **error)
{
  Wait w = { g_main_loop_new (NULL, FALSE), NULL, NULL, NULL };
  DkServerHealth *health;

  dk_server_probe_async (f->session, url, NULL, probe_cb, &w);
  g_main_loop_run (w.loop);
  g_main_loop_unref (w.loop);

  health = dk_server_probe_finish (w.result, error);
  g_object_unref (w.result);
  return health;
}

/* The client's probe against the real server code: the path the window takes at startup. */
static void
test_client_probe (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DkServerHealth) health = NULL;
  g_autoptr(GError) error = NULL;

  health = probe (f, f->base_uri, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (health->version, ==, PACKAGE_VERSION);

  g_assert_null (probe (f, "ftp://127.0.0.1/", &error));
  g_assert_error (error, DK_SERVER_PROBE_ERROR, DK_SERVER_PROBE_ERROR_BAD_URL);
  g_clear_error (&error);

  g_assert_null (probe (f, "not a url", &error));
  g_assert_error (error, DK_SERVER_PROBE_ERROR, DK_SERVER_PROBE_ERROR_BAD_URL);
  g_clear_error (&error);

  /* A server that is gone: the address the test server had, after it stopped listening. */
  dk_sync_server_shutdown (f->server);
  g_assert_null (probe (f, f->base_uri, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync-server/healthz", test_healthz);
  ADD ("/sync-server/unknown-path", test_unknown_path);
  ADD ("/sync-server/wrong-method", test_wrong_method);
  ADD ("/sync-server/client-probe", test_client_probe);
#undef ADD

  return g_test_run ();
}
