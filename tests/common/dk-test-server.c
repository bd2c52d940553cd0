#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include "dk-test-server.h"

#define LISTENING "draagkracht-sync listening on "

/* A test that fails aborts without stopping its server; the server must not outlive it and keep
 * the test's output open, or the runner waits for its timeout. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

DkTestServer *
dk_test_server_start (const char *db,
                      ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  DkTestServer *server = g_new0 (DkTestServer, 1);
  const char *binary = g_getenv ("DK_SYNC_BINARY");
  const char *arg;
  va_list args;
  gsize len;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer) binary);
  g_ptr_array_add (argv, "--database");
  g_ptr_array_add (argv, (gpointer) db);
  g_ptr_array_add (argv, "--port");
  g_ptr_array_add (argv, "0");
  va_start (args, db);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->proc));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, LISTENING));
  server->url = g_strdup (line + strlen (LISTENING));
  len = strlen (server->url);
  while (len > 0 && server->url[len - 1] == '/')
    server->url[--len] = '\0';
  return server;
}

void
dk_test_server_stop (DkTestServer *server)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (server->proc, SIGTERM);
  g_subprocess_wait (server->proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server->proc));
  g_assert_cmpint (g_subprocess_get_exit_status (server->proc), ==, 0);
}

void
dk_test_server_kill (DkTestServer *server)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_force_exit (server->proc);
  g_subprocess_wait (server->proc, NULL, &error);
  g_assert_no_error (error);
}

void
dk_test_server_free (DkTestServer *server)
{
  if (server == NULL)
    return;
  if (g_subprocess_get_identifier (server->proc) != NULL)
    dk_test_server_kill (server);
  g_object_unref (server->proc);
  g_free (server->url);
  g_free (server);
}
