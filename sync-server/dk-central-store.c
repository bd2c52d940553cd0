#include "config.h"

#include "dk-central-store.h"
#include "dk-domain-schema.h"
#include "dk-server-schema.h"

/* The central store holds the same domain schema as every client's replica (shared/), so a record
 * means the same on both sides of the sync. The server's own tables (users, sessions, audit, later
 * the change log) are a migration track of their own (dk-server-schema.c), applied after the shared
 * ones, so they never reach a replica and neither list's numbering depends on the other's. */
guint
dk_central_store_latest_version (void)
{
  gsize n = 0;
  const DkMigration *migrations = dk_domain_migrations (&n);

  return migrations[n - 1].version;
}

guint
dk_central_store_latest_server_version (void)
{
  gsize n = 0;
  const DkMigration *migrations = dk_server_migrations (&n);

  return migrations[n - 1].version;
}

DkStore *
dk_central_store_open (const char  *path,
                       GError     **error)
{
  g_autoptr(DkStore) store = NULL;
  const DkMigration *migrations;
  gsize n = 0;

  store = dk_domain_store_open (path, error);
  if (store == NULL)
    return NULL;

  migrations = dk_server_migrations (&n);
  if (!dk_store_migrate_track (store, DK_SERVER_SCHEMA_TRACK, migrations, n, error))
    return NULL;

  return g_steal_pointer (&store);
}
