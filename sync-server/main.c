#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <glib/gi18n-lib.h>
#include <glib-unix.h>

#include "dk-central-store.h"
#include "dk-demo-seed.h"
#include "dk-server-config.h"
#include "dk-sync-server.h"

static gboolean
on_quit_signal (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(DkServerConfig) config = dk_server_config_new ();
  g_autoptr(DkStore) store = NULL;
  g_autoptr(DkSyncServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *database = NULL;
  g_autofree char *listen_address = NULL;
  g_autofree char *base_uri = NULL;
  gboolean demo = FALSE;
  gboolean version = FALSE;
  int port = -1;
  const GOptionEntry entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, N_("Read settings from FILE"), N_("FILE") },
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database, N_("Keep the central store in FILE (overrides the config)"), N_("FILE") },
    { "listen", 'l', 0, G_OPTION_ARG_STRING, &listen_address, N_("Listen on this IP address"), N_("ADDRESS") },
    { "port", 'p', 0, G_OPTION_ARG_INT, &port, N_("Listen on this TCP port (0 picks a free one)"), N_("PORT") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo, N_("Add the synthetic demo data to an empty store"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Show the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("draagkracht-sync");

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("The Draagkracht sync server: reconciles every client’s changes with one central store."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("draagkracht-sync: %s\n", error->message);
      return 2;
    }

  if (version)
    {
      g_print ("draagkracht-sync %s (protocol %d)\n", PACKAGE_VERSION, DK_SYNC_PROTOCOL_VERSION);
      return 0;
    }

  /* The default config file is optional; one named on the command line must exist. */
  if (config_path == NULL && g_file_test (SYSCONFDIR "/draagkracht/sync.conf", G_FILE_TEST_EXISTS))
    config_path = g_strdup (SYSCONFDIR "/draagkracht/sync.conf");
  if (config_path != NULL && !dk_server_config_load_file (config, config_path, &error))
    {
      g_printerr ("draagkracht-sync: %s\n", error->message);
      return 2;
    }

  if (database != NULL)
    {
      g_free (config->store_path);
      config->store_path = g_steal_pointer (&database);
    }
  if (listen_address != NULL)
    {
      g_free (config->listen_address);
      config->listen_address = g_steal_pointer (&listen_address);
    }
  if (port != -1)
    {
      if (port < 0 || port > G_MAXUINT16)
        {
          g_printerr ("draagkracht-sync: %s\n", _("--port must be between 0 and 65535"));
          return 2;
        }
      config->port = port;
    }
  if (!dk_server_config_validate (config, &error))
    {
      g_printerr ("draagkracht-sync: %s\n", error->message);
      return 2;
    }

  store = dk_central_store_open (config->store_path, &error);
  if (store == NULL)
    {
      g_printerr ("draagkracht-sync: %s\n", error->message);
      return 1;
    }

  if (demo)
    {
      gboolean seeded = FALSE;

      if (!dk_demo_seed (store, &seeded, &error))
        {
          g_printerr ("draagkracht-sync: %s\n", error->message);
          return 1;
        }
      if (seeded)
        g_message ("Demo data added to the central store");
    }

  server = dk_sync_server_new (config, store);
  if (!dk_sync_server_listen (server, &error))
    {
      g_printerr ("draagkracht-sync: %s\n", error->message);
      return 1;
    }

  /* Handlers first: whoever reads the line below may stop us at once. */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_quit_signal, loop);
  g_unix_signal_add (SIGINT, on_quit_signal, loop);

  /* Scripts and tests read this line to learn the port; keep its form stable. */
  base_uri = dk_sync_server_dup_base_uri (server);
  g_print ("draagkracht-sync listening on %s\n", base_uri);
  fflush (stdout);

  g_main_loop_run (loop);

  g_message ("Shutting down");
  dk_sync_server_shutdown (server);

  return 0;
}
