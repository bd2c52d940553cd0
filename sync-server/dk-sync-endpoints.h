#pragma once

#include "dk-http-router.h"
#include "dk-metrics.h"
#include "dk-sync-worker.h"

G_BEGIN_DECLS

/*
 * The sync protocol over HTTP (PROTOCOL.md), for every role that works with case data (an
 * administrator gets 403 forbidden):
 *
 *   POST /v1/push                     {device_id, changes: [...]} → 200 {results: [...]}
 *   GET  /v1/pull?cursor=N&limit=M    → 200 {changes: [...], next_cursor, has_more}
 *
 * A malformed push is 400, a batch over @max_batch_changes 413, a cursor the server no longer has 409
 * resync-required. Both run on @worker (dk-sync-worker.h), off the main loop; a store that stays
 * busy, a full queue and a shutdown are 503 with Retry-After. Both calls are audited ("sync.push",
 * "sync.pull") with ids only, and every dossier changed or read gets its own row ("dossier.change",
 * "dossier.read", dk-sync-push.h and dk-sync-pull.h). Their answers are counted in @metrics.
 */
void dk_sync_endpoints_register (DkHttpRouter *router,
                                 DkSyncWorker *worker,
                                 DkMetrics    *metrics,
                                 guint         max_batch_changes);

G_END_DECLS
