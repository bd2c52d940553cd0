#pragma once

#include "dk-store.h"

G_BEGIN_DECLS

/*
 * Change capture on a replica: triggers on every synced table that write each local INSERT, UPDATE and
 * tombstone into sync_outbox inside the same statement, and so in the same transaction as the change
 * itself (PROTOCOL.md, principle 1). They are made from the sync registry, so a field added there is
 * captured without anyone writing trigger code.
 *
 * Edits of one record are folded into its latest change that has not been sent yet, keeping for each
 * field the server version the user saw at the first edit (its base). A field this device changed in a
 * push whose result a pull has not brought back yet gets no base (PROTOCOL.md, "Client state").
 *
 * The capture triggers are TEMP triggers, made anew on every connection the replica opens: the store runs
 * with trusted_schema=OFF, under which only TEMP triggers may use SQLite's JSON functions. They call two
 * SQL functions the replica registers on its connection (dk-replica.c): dk_sync_capture (), false while
 * the sync itself writes pulled rows, and dk_sync_change_id (), a new UUIDv7. So that no other
 * connection can write a synced table behind the outbox's back, every synced table also has a guard
 * trigger in the file itself that calls dk_sync_capture (): on a connection without it the write fails.
 */

/* Installs the capture triggers on this connection, and makes the guards in the file current (creating
 * missing ones, replacing those whose text differs from what the registry gives today), in one
 * transaction. Call once per connection. */
gboolean dk_replica_capture_install (DkStore  *store,
                                     GError  **error);

G_END_DECLS
