#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <libsoup/soup.h>

#include "dk-central-store.h"
#include "dk-test-util.h"

/* The real draagkracht-sync binary as an administrator starts it: from the command line, stopped
 * with SIGTERM by systemd. */
static char *tmpdir;

static const char *
sync_binary (void)
{
  const char *path = g_getenv ("DK_SYNC_BINARY");

  g_assert_nonnull (path);
  return path;
}

static GSubprocess *
start_server (const char  *db,
              char       **base_uri)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  GSubprocess *proc;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                           sync_binary (), "--database", db, "--port", "0", "--demo", NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "draagkracht-sync listening on http://127.0.0.1:"));
  *base_uri = g_strdup (line + strlen ("draagkracht-sync listening on "));

  return proc;
}

static void
stop_server (GSubprocess *proc)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (proc, SIGTERM);
  g_subprocess_wait (proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
}

static gint64
count_rows (const char *db,
            const char *sql)
{
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  store = dk_central_store_open (db, &error);
  g_assert_no_error (error);
  stmt = dk_store_prepare (store, sql, &error);
  g_assert_no_error (error);
  g_assert_true (dk_store_step_row (store, stmt, &has_row, &error));
  g_assert_true (has_row);
  return sqlite3_column_int64 (stmt, 0);
}

static void
test_start_serve_stop (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "central.db", NULL);
  g_autofree char *base_uri = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  proc = start_server (db, &base_uri);
  url = g_strconcat (base_uri, "healthz", NULL);
  msg = soup_message_new ("GET", url);
  body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  stop_server (proc);

  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM dossier"), ==, 1);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM person"), >=, 1);
  /* The demo household arrives with its first calculation in its history. */
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM calculation"), ==, 1);
  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM debt"), ==, 3);
}

/* --demo on a store that already has the demo data adds nothing: the README's demo command can be
 * run again and again. */
static void
test_demo_seed_idempotent (void)
{
  g_autofree char *db = g_build_filename (tmpdir, "twice.db", NULL);

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *base_uri = NULL;
      g_autoptr(GSubprocess) proc = start_server (db, &base_uri);

      stop_server (proc);
    }

  g_assert_cmpint (count_rows (db, "SELECT count(*) FROM dossier"), ==, 1);
}

static void
expect_usage_error (const char * const *argv,
                    const char         *fragment)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 2);
  g_assert_nonnull (strstr (err, fragment));
}

static void
test_bad_arguments (void)
{
  g_autofree char *conf = g_build_filename (tmpdir, "bad.conf", NULL);
  const char *bad_port[] = { sync_binary (), "--port", "70000", NULL };
  const char *missing_conf[] = { sync_binary (), "--config", "/nonexistent/sync.conf", NULL };
  const char *bad_conf[] = { sync_binary (), "--config", conf, NULL };
  const char *unknown_option[] = { sync_binary (), "--frobnicate", NULL };

  g_assert_true (g_file_set_contents (conf, "[server]\nport = many\n", -1, NULL));

  expect_usage_error (bad_port, "65535");
  expect_usage_error (missing_conf, "/nonexistent/sync.conf");
  expect_usage_error (bad_conf, "port");
  expect_usage_error (unknown_option, "frobnicate");
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  tmpdir = dk_test_make_tmpdir ();

  g_test_add_func ("/sync-process/start-serve-stop", test_start_serve_stop);
  g_test_add_func ("/sync-process/demo-seed-idempotent", test_demo_seed_idempotent);
  g_test_add_func ("/sync-process/bad-arguments", test_bad_arguments);

  ret = g_test_run ();

  dk_test_remove_tree (tmpdir);
  g_free (tmpdir);
  return ret;
}
