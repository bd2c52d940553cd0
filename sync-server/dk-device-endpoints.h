#pragma once

#include "dk-http-router.h"

G_BEGIN_DECLS

/*
 * Devices over HTTP, for administrators only (any other role: 403 forbidden):
 *
 *   GET  /v1/devices              → 200 {devices: [{id, user_id, name, registered_at, last_seen_at,
 *                                                   revoked_at, wipe_requested}]}, oldest first
 *   POST /v1/devices/{id}/revoke  → 204; 404 not-found for an unknown device. The device's sessions
 *                                   end, and its next request is answered 403 device-revoked with
 *                                   "wipe": true.
 *
 * Every call is audited ("device.list", "device.revoke") with the administrator's user and device
 * and the outcome, a refusal included. @store must live as long as @router.
 */
void dk_device_endpoints_register (DkHttpRouter  *router,
                                   DkStore       *store);

G_END_DECLS
