#pragma once

#include <json-glib/json-glib.h>

#include "dk-auth.h"
#include "dk-store.h"
#include "dk-sync-error.h"

G_BEGIN_DECLS

/*
 * GET /v1/pull at the store level (PROTOCOL.md, "Pull"): the entries after @cursor for @who's
 * device, in seq order, at most @limit of them:
 *
 *   - the changes (and conflict records) of the dossiers the device holds;
 *   - a snapshot entry, with every row of the dossier, for a dossier that entered the device's
 *     scope, placed before that dossier's later changes;
 *   - a purge entry for a dossier that left it.
 *
 * The device's scope is brought up to date first (dk-sync-scope.h), in the same transaction. A
 * cursor of 0 means the device holds nothing (first contact or a full resync): every dossier in
 * scope comes as a snapshot. *@answer is { "changes": [ … ], "next_cursor": N, "has_more": bool }.
 *
 * Errors:
 *   DK_SYNC_ERROR_MALFORMED        @cursor is negative or @limit is 0;
 *   DK_SYNC_ERROR_RESYNC_REQUIRED  @cursor is below the change log's low-water mark (compacted
 *                                  away) or beyond its last seq (the store was restored from a
 *                                  backup): the client must resync from 0;
 *   DK_STORE_ERROR_*               the database failed.
 *
 * Audit: every dossier whose records the page hands out (in a snapshot or a change entry; a purge
 * hands out nothing) gets one audit row "dossier.read" with @who's user and device, written in the
 * pull's own transaction, so nothing is read without its row.
 */
gboolean dk_sync_pull      (DkStore                *store,
                            const DkAuthPrincipal  *who,
                            gint64                  cursor,
                            guint                   limit,
                            JsonNode              **answer,
                            GError                **error);

/* dk_sync_pull(), and @out_dossiers (may be NULL) gets the ids of the dossiers the page hands out
 * (char *, owned), each once, in page order: those that got a "dossier.read" row. */
gboolean dk_sync_pull_full (DkStore                *store,
                            const DkAuthPrincipal  *who,
                            gint64                  cursor,
                            guint                   limit,
                            JsonNode              **answer,
                            GPtrArray             **out_dossiers,
                            GError                **error);

/* dk_sync_pull_full(), and each dossier named in @refetch (NULL-terminated, may be NULL) comes as a
 * new snapshot when the device holds it and it is in scope (PROTOCOL.md, "Pull": the client asks again
 * for a dossier whose refused change a person discarded); other ids are passed over. */
gboolean dk_sync_pull_refetch (DkStore                *store,
                               const DkAuthPrincipal  *who,
                               gint64                  cursor,
                               guint                   limit,
                               const char * const     *refetch,
                               JsonNode              **answer,
                               GPtrArray             **out_dossiers,
                               GError                **error);

G_END_DECLS
