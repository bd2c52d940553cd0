#pragma once

#include <json-glib/json-glib.h>

#include "dk-auth.h"
#include "dk-store.h"
#include "dk-sync-error.h"

G_BEGIN_DECLS

/*
 * POST /v1/push at the store level (PROTOCOL.md, "Push"): applies a batch of changes from @who's
 * device in one transaction and answers each change applied, conflict or refused.
 *
 * @request is the parsed body: { "device_id": …, "changes": [ … ] }. A change the server has
 * answered before (by change_id) gets that answer again and changes nothing. A change that is
 * refused (out of scope, an unknown table or field, a wrong value, a broken database rule…) is
 * answered with a reason and the field at fault, and the rest of the batch is still applied; its
 * answer is kept too, so a retry gets the same one.
 *
 * Errors, with nothing applied:
 *   DK_SYNC_ERROR_MALFORMED        the body is not such an object, or a change is not an object
 *                                  with a change_id in UUID form (no answer could be kept for it);
 *   DK_SYNC_ERROR_DEVICE_MISMATCH  device_id is not @who's device;
 *   DK_SYNC_ERROR_BATCH_TOO_LARGE  more than @max_batch changes;
 *   DK_STORE_ERROR_*               the database failed (busy, full, …): the client sends the batch again.
 *
 * On success *@answer is { "results": [ … ] }, one entry per change in request order.
 *
 * Audit: every dossier the batch changed (a change applied, or kept as a conflict; not a replay
 * nor a refusal) gets one audit row "dossier.change" with @who's user and device, written in the
 * batch's own transaction, so no change lands without its row.
 */
gboolean dk_sync_push      (DkStore                *store,
                            const DkAuthPrincipal  *who,
                            JsonNode               *request,
                            guint                   max_batch,
                            JsonNode              **answer,
                            GError                **error);

/* dk_sync_push(), and @out_dossiers (may be NULL) gets the ids of the dossiers it changed (char *,
 * owned), each once, in the order they were first changed: those that got a "dossier.change" row. */
gboolean dk_sync_push_full (DkStore                *store,
                            const DkAuthPrincipal  *who,
                            JsonNode               *request,
                            guint                   max_batch,
                            JsonNode              **answer,
                            GPtrArray             **out_dossiers,
                            GError                **error);

G_END_DECLS
