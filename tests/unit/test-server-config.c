#include "config.h"

#include "dk-server-config.h"

static void
test_defaults_are_valid (void)
{
  g_autoptr(DkServerConfig) config = dk_server_config_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (dk_server_config_validate (config, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (config->listen_address, ==, "127.0.0.1");
  g_assert_cmpuint (config->port, ==, DK_SYNC_DEFAULT_PORT);
}

static void
test_overrides (void)
{
  g_autoptr(DkServerConfig) config = dk_server_config_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (dk_server_config_load_data (config,
                                             "[server]\n"
                                             "listen-address = ::1\n"
                                             "port = 9000\n"
                                             "max-batch-changes = 50\n"
                                             "[store]\n"
                                             "path = /tmp/x.db\n"
                                             "[signals]\n"
                                             "policy-file = /etc/draagkracht/signal-policy.conf\n",
                                             &error));
  g_assert_no_error (error);
  g_assert_cmpstr (config->signal_policy_file, ==, "/etc/draagkracht/signal-policy.conf");
  g_assert_cmpstr (config->listen_address, ==, "::1");
  g_assert_cmpuint (config->port, ==, 9000);
  g_assert_cmpuint (config->max_batch_changes, ==, 50);
  g_assert_cmpstr (config->store_path, ==, "/tmp/x.db");
  /* untouched keys keep their defaults */
  g_assert_cmpuint (config->request_timeout_seconds, ==, 30);
}

static void
test_rejects (void)
{
  static const struct {
    const char *data;
    const char *fragment;
  } cases[] = {
    { "[server]\nport = 70000\n", "port" },
    { "[server]\nport = twelve\n", "port" },
    { "[server]\nport = -1\n", "port" },
    { "[server]\nlisten-address = localhost\n", "listen-address" },
    { "[server]\ntls-certificate = /etc/cert.pem\n", "tls-key" },
    { "[server]\nmax-batch-changes = 0\n", "max-batch-changes" },
    { "[store]\nbackend = oracle\n", "oracle" },
    { "[store]\npath =\n", "path" },
    { "[server]\nprot = 9000\n", "prot" },
    { "[serverr]\nport = 9000\n", "serverr" },
    { "[logging]\nlevel = chatty\n", "level" },
    { "[retention]\ntombstone-days = 0\n", "tombstone-days" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DkServerConfig) config = dk_server_config_new ();
      g_autoptr(GError) error = NULL;

      g_assert_false (dk_server_config_load_data (config, cases[i].data, &error));
      g_assert_error (error, DK_SERVER_CONFIG_ERROR, DK_SERVER_CONFIG_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, cases[i].fragment));
    }
}

static void
test_missing_file (void)
{
  g_autoptr(DkServerConfig) config = dk_server_config_new ();
  g_autoptr(GError) error = NULL;

  g_assert_false (dk_server_config_load_file (config, "/nonexistent/sync.conf", &error));
  g_assert_error (error, DK_SERVER_CONFIG_ERROR, DK_SERVER_CONFIG_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "/nonexistent/sync.conf"));
}

/* The sample shipped in data/ must load as it is: administrators start from it. */
static void
test_sample_file (void)
{
  g_autoptr(DkServerConfig) defaults = dk_server_config_new ();
  g_autoptr(DkServerConfig) config = dk_server_config_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "sync.conf.sample", NULL);

  g_assert_true (dk_server_config_load_file (config, path, &error));
  g_assert_no_error (error);
  /* The sample claims to show every key at its default: loading it must change nothing. */
  g_assert_cmpuint (config->session_hours, ==, defaults->session_hours);
  g_assert_cmpuint (config->tombstone_days, ==, defaults->tombstone_days);
  g_assert_cmpuint (config->max_request_bytes, ==, defaults->max_request_bytes);
  g_assert_cmpstr (config->store_path, ==, defaults->store_path);
  g_assert_cmpstr (config->log_level, ==, defaults->log_level);
  g_assert_null (config->tls_certificate);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server-config/defaults", test_defaults_are_valid);
  g_test_add_func ("/server-config/overrides", test_overrides);
  g_test_add_func ("/server-config/rejects", test_rejects);
  g_test_add_func ("/server-config/missing-file", test_missing_file);
  g_test_add_func ("/server-config/sample-file", test_sample_file);

  return g_test_run ();
}
