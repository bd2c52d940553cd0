#include "config.h"

#include "dk-connection-view.h"
#include "dk-server-probe.h"
#include "dk-sync-protocol.h"

static void
test_states (void)
{
  static const DkConnectionState states[] = {
    DK_CONNECTION_CHECKING, DK_CONNECTION_ONLINE, DK_CONNECTION_OFFLINE, DK_CONNECTION_INCOMPATIBLE,
  };
  g_autoptr(GHashTable) labels = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (states); i++)
    {
      g_autoptr(DkConnectionView) view = dk_connection_view_new (states[i], "http://example.test:8470", "1.2.3", NULL);

      g_assert_nonnull (view->icon_name);
      g_assert_nonnull (view->title);
      g_assert_nonnull (view->description);
      g_assert_true (g_hash_table_add (labels, g_strdup (view->short_label)));
    }
}

static void
test_descriptions_name_the_server (void)
{
  g_autoptr(DkConnectionView) online = dk_connection_view_new (DK_CONNECTION_ONLINE, "http://a.test", "0.9", NULL);
  g_autoptr(DkConnectionView) offline = dk_connection_view_new (DK_CONNECTION_OFFLINE, "http://a.test", NULL, "Connection refused");

  g_assert_nonnull (strstr (online->description, "http://a.test"));
  g_assert_nonnull (strstr (online->description, "0.9"));
  g_assert_nonnull (strstr (offline->description, "http://a.test"));
  g_assert_nonnull (strstr (offline->description, "Connection refused"));
}

static DkServerHealth *
parse (const char  *json,
       GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));

  return dk_server_health_parse (bytes, error);
}

static void
test_health_parse (void)
{
  g_autofree char *good = g_strdup_printf ("{\"status\":\"ok\",\"version\":\"0.1.0\",\"protocol\":%d}",
                                           DK_SYNC_PROTOCOL_VERSION);
  g_autofree char *newer = g_strdup_printf ("{\"status\":\"ok\",\"version\":\"9.0\",\"protocol\":%d}",
                                            DK_SYNC_PROTOCOL_VERSION + 1);
  g_autoptr(DkServerHealth) health = NULL;
  g_autoptr(GError) error = NULL;

  health = parse (good, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (health->version, ==, "0.1.0");

  g_assert_null (parse (newer, &error));
  g_assert_error (error, DK_SERVER_PROBE_ERROR, DK_SERVER_PROBE_ERROR_INCOMPATIBLE);
  g_clear_error (&error);

  g_assert_null (parse ("{\"status\":\"degraded\"}", &error));
  g_assert_error (error, DK_SERVER_PROBE_ERROR, DK_SERVER_PROBE_ERROR_UNHEALTHY);
  g_clear_error (&error);

  g_assert_null (parse ("<html>proxy error</html>", &error));
  g_assert_error (error, DK_SERVER_PROBE_ERROR, DK_SERVER_PROBE_ERROR_UNHEALTHY);
  g_clear_error (&error);

  g_assert_null (parse ("[1,2]", &error));
  g_assert_error (error, DK_SERVER_PROBE_ERROR, DK_SERVER_PROBE_ERROR_UNHEALTHY);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/connection-view/states", test_states);
  g_test_add_func ("/connection-view/descriptions", test_descriptions_name_the_server);
  g_test_add_func ("/connection-view/health-parse", test_health_parse);

  return g_test_run ();
}
