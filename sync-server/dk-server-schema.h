#pragma once

#include <glib.h>

#include "dk-store.h"

G_BEGIN_DECLS

/*
 * The tables only the sync server keeps, next to the domain schema in the central store: users,
 * teams, dossier assignments, devices, sessions, the audit trail, and the sync protocol's change
 * log, field versions, conflicts and device scope (PROTOCOL.md). They form their own migration
 * track, so they never appear in a client's replica and their numbering is independent of the
 * domain's. The conventions are the domain schema's (STRICT tables, UUIDv7
 * ids, UTC times 'YYYY-MM-DDTHH:MM:SS.mmmZ', enums as checked TEXT); see dk-domain-schema.h.
 */

#define DK_SERVER_SCHEMA_TRACK "server"

/* The migrations of the "server" track, numbered 1..N, for dk_store_migrate_track(). */
const DkMigration *dk_server_migrations (gsize *n_migrations);

G_END_DECLS
