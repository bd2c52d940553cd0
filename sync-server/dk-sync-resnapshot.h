#pragma once

#include "dk-store.h"

G_BEGIN_DECLS

/*
 * A new snapshot of a dossier for every device that holds it (PROTOCOL.md, "Pull"), for rows the
 * server writes into the domain tables itself (dk-signal-publish.h), without a change-log entry a
 * device could pull: each such device gets a snapshot marker of its own in the change log (with the
 * device's user and id, as a pull's markers have) and its device_scope row points at it, so its next
 * pull sends the whole dossier again, read at that moment, as for a refetch. A device whose purge of
 * the dossier is on its way, or that was revoked, gets nothing.
 *
 * Call it inside the transaction that changed the dossier, after the change: the marker's seq then
 * lies after every change it stands for. @out_n_devices (may be NULL) gets how many devices it marked.
 */
gboolean dk_sync_resnapshot_holders (DkStore     *store,
                                     const char  *dossier_id,
                                     guint       *out_n_devices,
                                     GError     **error);

G_END_DECLS
