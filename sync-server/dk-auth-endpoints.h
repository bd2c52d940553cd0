#pragma once

#include <glib-object.h>

#include "dk-auth-worker.h"
#include "dk-http-router.h"
#include "dk-metrics.h"
#include "dk-rate-limit.h"

G_BEGIN_DECLS

/*
 * Sessions over HTTP:
 *
 *   POST   /v1/session          {user_name, password, device_name, device_id?}
 *                               → 201 {token, refresh_token, expires_at, refresh_expires_at,
 *                                      user: {id, role, display_name}, device_id}
 *   POST   /v1/session/refresh  {refresh_token} → 200, the same form
 *   DELETE /v1/session          (Bearer) → 204
 *   GET    /v1/me               (Bearer) → 200 {user: {id, role, display_name, team_id},
 *                                              device: {id, name, registered_at, last_seen_at}, role}
 *
 * A login first spends one attempt of its client address (DkRateLimiter; 429 with Retry-After when
 * none is left), then runs in a DkAuthWorker while the request waits, paused. A refresh does no
 * password work (a BLAKE2b hash and one short transaction, like a logout) and runs on the main
 * thread.
 */

#define DK_TYPE_AUTH_ENDPOINTS (dk_auth_endpoints_get_type ())

G_DECLARE_FINAL_TYPE (DkAuthEndpoints, dk_auth_endpoints, DK, AUTH_ENDPOINTS, GObject)

/* @params is copied; @limiter is taken over. */
DkAuthEndpoints *dk_auth_endpoints_new      (DkStore             *store,
                                             const DkAuthParams  *params,
                                             DkAuthWorker        *worker,
                                             DkRateLimiter       *limiter,
                                             DkMetrics           *metrics);

void             dk_auth_endpoints_register (DkAuthEndpoints     *self,
                                             DkHttpRouter        *router);

G_END_DECLS
