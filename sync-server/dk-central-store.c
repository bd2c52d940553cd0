#include "config.h"

#include "dk-central-store.h"
#include "dk-domain-schema.h"

/* The central store holds the same domain schema as every client's replica (shared/), so a record
 * means the same on both sides of the sync. Server-only tables (users, sessions, the change log)
 * will get migrations of their own, after the shared ones. */
guint
dk_central_store_latest_version (void)
{
  gsize n = 0;
  const DkMigration *migrations = dk_domain_migrations (&n);

  return migrations[n - 1].version;
}

DkStore *
dk_central_store_open (const char  *path,
                       GError     **error)
{
  return dk_domain_store_open (path, error);
}
