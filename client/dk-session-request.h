#pragma once

#include <json-glib/json-glib.h>

#include "dk-session.h"

G_BEGIN_DECLS

/*
 * A request to the sync server on behalf of the signed-in session, for what the client asks the server
 * directly instead of through the sync (importing signals, the monitoring report). Errors are those of
 * dk_sync_client_request_json_async() (DK_SYNC_CLIENT_ERROR), G_IO_ERROR_CANCELLED, and
 * DK_SYNC_CLIENT_ERROR_UNAUTHORIZED when nobody is signed in (any more).
 *
 * A token that has expired is renewed the way the sync renews it: by a sync, which refreshes the
 * token when the server says it expired; then the request goes once more. The refresh token works
 * only once, so the session's sync stays the one place that spends it, and a sync running at the same
 * time cannot race a refresh of our own. The caller's window stays usable meanwhile.
 */
void      dk_session_request_json_async  (DkSession            *session,
                                          const char           *method,
                                          const char           *path,
                                          JsonNode             *body,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
JsonNode *dk_session_request_json_finish (DkSession            *session,
                                          GAsyncResult         *result,
                                          GError              **error);

G_END_DECLS
