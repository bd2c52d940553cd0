/* A client that only syncs, for tests that must kill a client in the middle of a sync:
 *   dk-sync-client-tool REPLICA URL USER PASSWORD PAGE_SIZE
 * Prints "start-cursor N" before pulling and "cursor N" after every batch and page it applied
 * (each line flushed, after the page's transaction committed), then "done cursor N". */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "dk-replica.h"
#include "dk-sync-client.h"

static void
progress (const DkSyncReport *so_far,
          gpointer            user_data)
{
  printf ("cursor %" G_GINT64_FORMAT "\n", so_far->cursor);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkReplica) replica = NULL;
  g_autoptr(DkSyncClient) client = NULL;
  g_autoptr(DkSyncSession) session = NULL;
  g_autofree char *device_id = NULL;
  DkSyncReport report = { 0 };
  gint64 cursor = 0;

  if (argc != 6)
    {
      g_printerr ("usage: %s REPLICA URL USER PASSWORD PAGE_SIZE\n", argv[0]);
      return 2;
    }

  replica = dk_replica_open (argv[1], &error);
  if (replica != NULL)
    device_id = dk_replica_dup_device_id (replica, &error);
  if (error == NULL)
    {
      client = dk_sync_client_new (argv[2]);
      dk_sync_client_set_page_size (client, (guint) atoi (argv[5]));
      session = dk_sync_client_sign_in_sync (client, argv[3], argv[4], device_id, "crash test", NULL, &error);
    }
  if (session != NULL && dk_replica_bind_account (replica, session->user_id, session->device_id, &error) &&
      dk_replica_get_cursor (replica, &cursor, &error))
    {
      printf ("start-cursor %" G_GINT64_FORMAT "\n", cursor);
      fflush (stdout);
      dk_sync_client_set_token (client, session->token);
      dk_sync_client_run_sync (client, replica, progress, NULL, &report, NULL, &error);
    }
  if (error != NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  printf ("done cursor %" G_GINT64_FORMAT "\n", report.cursor);
  return 0;
}
