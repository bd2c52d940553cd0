#pragma once

#include "dk-store.h"

G_BEGIN_DECLS

/*
 * The tables only a client's replica has, beside the domain schema (dk-domain-schema.h): the outbox of
 * local changes, the server version of every field as pulled, the sync cursor, and the conflict records
 * the server sends. A migration track of its own ("replica", see dk_store_migrate_track()), so the
 * central store never gets them and the server's own track never reaches a laptop.
 *
 * sync_outbox  one row per local change (PROTOCOL.md, "Client state"): pending (made here, not yet
 *              sent), sent (in a push whose answer has not arrived; sent again as it is), then the
 *              server's answer: applied, conflict or refused. An applied change is removed once a pull
 *              has brought it back (the cursor passed its seq); conflicts and refusals stay until a
 *              person has dealt with them.
 * sync_field   the seq of the change that last set each field of a mutable record, as pulled.
 * sync_state   one row: the cursor, the device and user this replica belongs to, and when it last
 *              pushed and pulled.
 * sync_refetch dossiers to ask the server for again as a snapshot at the next pull (a person
 *              discarded a refused change in them: dk-replica-review.h).
 */

#define DK_REPLICA_TRACK "replica"

const DkMigration *dk_replica_migrations (gsize *n_migrations);

G_END_DECLS
