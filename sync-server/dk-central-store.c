#include "config.h"

#include "dk-central-store.h"

/* The central store's schema. Each entry is applied once, in its own transaction, in order; never
 * edit an entry that has shipped — add a new one (the sync protocol relies on additive changes). */
static const DkMigration central_migrations[] = {
  { 1, "dossiers and persons",
    "CREATE TABLE dossier ("
    "  id          TEXT PRIMARY KEY NOT NULL,"   /* UUIDv7 made by the device that created it */
    "  number      TEXT NOT NULL UNIQUE,"
    "  created_at  TEXT NOT NULL"                /* UTC, ISO 8601 */
    ") STRICT;"
    "CREATE TABLE person ("
    "  id                  TEXT PRIMARY KEY NOT NULL,"
    "  dossier_id          TEXT NOT NULL REFERENCES dossier (id),"
    "  bsn                 TEXT,"
    "  given_names         TEXT NOT NULL,"
    "  family_name_prefix  TEXT,"
    "  family_name         TEXT NOT NULL,"
    "  birth_date          TEXT"                 /* calendar date, YYYY-MM-DD */
    ") STRICT;"
    "CREATE INDEX person_dossier ON person (dossier_id);" },
};

guint
dk_central_store_latest_version (void)
{
  return central_migrations[G_N_ELEMENTS (central_migrations) - 1].version;
}

DkStore *
dk_central_store_open (const char  *path,
                       GError     **error)
{
  return dk_store_open (path, central_migrations, G_N_ELEMENTS (central_migrations), error);
}
