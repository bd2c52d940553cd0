#pragma once

#include "dk-store.h"

G_BEGIN_DECLS

/* What one compaction did. */
typedef struct
{
  gint64 low_water_seq;          /* the change log's low-water mark after the compaction */
  guint  entries_removed;        /* change-log entries deleted outright */
  guint  entries_slimmed;        /* entries reduced to their receipt (change_id, answer) */
  guint  rows_removed;           /* rows of synced tables deleted for good (conflict records not counted) */
  guint  conflicts_removed;      /* resolved conflict records deleted */
  guint  device_scopes_removed;  /* device_scope rows deleted */
  guint  assignments_removed;    /* assignment rows deleted with their dossier */
} DkSyncCompactStats;

/*
 * Compacts the central store (PROTOCOL.md, "Deletes, retention and full resync"), in one
 * transaction. "Older than the window" means a time strictly before @now minus @tombstone_days
 * days; a time exactly at that edge is kept.
 *
 *   - The low-water mark becomes the highest seq of the change-log entries older than the window
 *     (never lower than it was). A pull with a cursor below it is answered resync-required.
 *   - Entries at or below it go. A pushed change keeps a receipt (change_id, user, device, status,
 *     answer; no record, dossier or values), so the same change sent again is still answered and
 *     never applied twice; receipts of revoked devices, which can never send again, go too.
 *   - Rows whose tombstone (removed_at) is older than the window are deleted, with their field
 *     versions, children before parents, but only when nothing that stays points at them: a live
 *     child, an append-only row (those are never deleted), a conflict record about the row. A
 *     dossier takes its assignments and device_scope rows with it.
 *   - Resolved conflict records resolved before the window go; unresolved ones stay.
 *   - device_scope rows whose purge is at or below the low-water mark go.
 *
 * Running it again with the same @now changes nothing. @out_stats may be NULL.
 */
gboolean dk_sync_compact           (DkStore             *store,
                                    GDateTime           *now,
                                    guint                tombstone_days,
                                    DkSyncCompactStats  *out_stats,
                                    GError             **error);

/*
 * dk_sync_compact() at the current time, logging one line with the counts (no ids, no data): for
 * the server to call on a timer (daily is plenty) from the thread that uses @store. The config's
 * [retention] tombstone-days is @tombstone_days.
 */
gboolean dk_sync_compact_scheduled (DkStore             *store,
                                    guint                tombstone_days,
                                    GError             **error);

G_END_DECLS
