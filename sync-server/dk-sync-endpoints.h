#pragma once

#include "dk-http-router.h"

G_BEGIN_DECLS

/*
 * The sync protocol over HTTP (PROTOCOL.md), for every role that works with case data (an
 * administrator gets 403 forbidden):
 *
 *   POST /v1/push                     {device_id, changes: [...]} → 200 {results: [...]}
 *   GET  /v1/pull?cursor=N&limit=M    → 200 {changes: [...], next_cursor, has_more}
 *
 * A malformed push is 400, a batch over @max_batch_changes 413, a cursor the server no longer has 409
 * resync-required. Both calls are audited ("sync.push", "sync.pull") with ids only. @store must
 * live as long as @router.
 */
void dk_sync_endpoints_register (DkHttpRouter *router,
                                 DkStore      *store,
                                 guint         max_batch_changes);

G_END_DECLS
