#pragma once

#include <glib.h>

#include "dk-store.h"

G_BEGIN_DECLS

/*
 * The database schema of the domain (dossiers, persons, household events, incomes, fixed costs, debts
 * and their status history, dossier links, calculations), shared by the client's replica and the sync
 * server's central store so both hold exactly the same tables.
 *
 * Conventions, enforced by the schema itself:
 *   - STRICT tables; primary keys are UUIDv7 text made by the device that creates the row;
 *   - money is INTEGER cents, never negative; rates are INTEGER parts per million;
 *   - calendar dates are TEXT 'YYYY-MM-DD' (checked with date()), times are UTC ISO 8601 with
 *     milliseconds, 'YYYY-MM-DDTHH:MM:SS.mmmZ';
 *   - enums are TEXT with a CHECK listing the values (the machine names of the *_to_string() functions);
 *   - foreign keys are ON DELETE RESTRICT, and a row that points at a person or debt points at one of
 *     the same dossier (composite keys on (id, dossier_id));
 *   - every row has created_at and updated_at; rows are never deleted through the API: a removed row
 *     gets removed_at (a tombstone). debt_status and calculation are append-only: a trigger refuses
 *     every UPDATE and DELETE on them.
 */

/* The migrations, numbered 1..N, for dk_store_open(). */
const DkMigration *dk_domain_migrations  (gsize        *n_migrations);

/* dk_store_open() with dk_domain_migrations(). */
DkStore           *dk_domain_store_open  (const char   *path,
                                          GError      **error);

/* Whether @table is a domain table that is deliberately left out of the sync registry: it exists in
 * every store (one migration list for all), but only the central store fills it. */
gboolean           dk_domain_table_is_server_only (const char *table);

/* The current UTC time as stored in created_at / updated_at: "2026-11-23T14:05:09.042Z". */
char              *dk_domain_timestamp_now (void);

G_END_DECLS
