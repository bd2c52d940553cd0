#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dk-auth.h"
#include "dk-http-reply.h"
#include "dk-store.h"

G_BEGIN_DECLS

/*
 * DkHttpRouter: the one place every request of the sync server passes through. It finds the
 * endpoint (404 for an unknown path, 405 with Allow for a known path and another method), then
 * applies an endpoint's declared requirements in a fixed order, so that no endpoint can forget
 * one:
 *
 *   1. a server that is shutting down answers 503;
 *   2. the protocol version (Draagkracht-Protocol header, 426 when missing or different), unless
 *      the endpoint is DK_ROUTE_NO_PROTOCOL (/healthz, /metrics);
 *   3. authentication (Authorization: Bearer, 401/403), for DK_ROUTE_AUTHENTICATED;
 *   4. the roles the endpoint allows (403 "forbidden", audited as denied);
 *   5. the body: a JSON object with Content-Type application/json for DK_ROUTE_JSON_BODY (415,
 *      400 bad-json), no body at all otherwise (400 unexpected-body).
 *
 * Body size limits come earlier, while the request is read (dk-request-limits.h).
 */

typedef enum
{
  DK_ROUTE_FLAGS_NONE    = 0,
  DK_ROUTE_NO_PROTOCOL   = 1 << 0,
  DK_ROUTE_AUTHENTICATED = 1 << 1,
  DK_ROUTE_JSON_BODY     = 1 << 2,
} DkRouteFlags;

/* The roles an endpoint allows, as a bit set of DkRole. */
#define DK_ROLE_BIT(role) (1u << (role))
#define DK_ROLES_ALL (DK_ROLE_BIT (DK_ROLE_FIELD_WORKER) | DK_ROLE_BIT (DK_ROLE_DEBT_COUNSELLOR) | \
                      DK_ROLE_BIT (DK_ROLE_TEAM_LEAD) | DK_ROLE_BIT (DK_ROLE_BACK_OFFICE) | \
                      DK_ROLE_BIT (DK_ROLE_ADMINISTRATOR))

typedef struct _DkHttpRequest DkHttpRequest;

typedef void (*DkHttpHandler) (DkHttpRequest *request,
                               gpointer       user_data);

#define DK_TYPE_HTTP_ROUTER (dk_http_router_get_type ())

G_DECLARE_FINAL_TYPE (DkHttpRouter, dk_http_router, DK, HTTP_ROUTER, GObject)

/* @store authenticates tokens and records refused calls in the audit trail. */
DkHttpRouter *dk_http_router_new            (DkStore        *store);

/*
 * Adds an endpoint. @pattern is a path whose segments may be "{name}" placeholders
 * ("/v1/devices/{id}/revoke"), read back with dk_http_request_get_param(). A GET endpoint answers
 * HEAD too. @roles (DK_ROLE_BIT()s) counts only with DK_ROUTE_AUTHENTICATED. @audit_action (may be
 * NULL) is the machine name under which a refusal for lack of a role is audited. @pattern and
 * @audit_action must be static strings.
 */
void          dk_http_router_add            (DkHttpRouter   *self,
                                             const char     *method,
                                             const char     *pattern,
                                             DkRouteFlags    flags,
                                             guint           roles,
                                             const char     *audit_action,
                                             DkHttpHandler   handler,
                                             gpointer        user_data);

/* Handles @msg (a SoupServerCallback's message and path). */
void          dk_http_router_dispatch       (DkHttpRouter      *self,
                                             SoupServerMessage *msg,
                                             const char        *path);

/* The pattern of the endpoint @path belongs to, whatever the method, or NULL: a label for
 * metrics that does not grow with the ids in paths. */
const char   *dk_http_router_get_endpoint   (DkHttpRouter   *self,
                                             const char     *path);

/* While draining, every new request is answered 503. */
void          dk_http_router_set_draining   (DkHttpRouter   *self,
                                             gboolean        draining);

/* Requests that were paused for work in the background and have not been written out yet. */
guint         dk_http_router_get_n_active   (DkHttpRouter   *self);

/* Answers every request that is still paused with 503 @message, for a shutdown that cannot wait
 * any longer; their work's results are dropped when they arrive. */
void          dk_http_router_abort_paused   (DkHttpRouter   *self,
                                             const char     *message);

/* ---- the request an endpoint handles ---- */

DkHttpRequest          *dk_http_request_ref                (DkHttpRequest  *request);
void                    dk_http_request_unref              (DkHttpRequest  *request);
SoupServerMessage      *dk_http_request_get_message        (DkHttpRequest  *request);
const char             *dk_http_request_get_param          (DkHttpRequest  *request,
                                                            const char     *name);
/* The caller, for DK_ROUTE_AUTHENTICATED endpoints; NULL otherwise. */
const DkAuthPrincipal  *dk_http_request_get_principal      (DkHttpRequest  *request);
/* The parsed body, for DK_ROUTE_JSON_BODY endpoints; NULL otherwise. */
JsonObject             *dk_http_request_get_body           (DkHttpRequest  *request);
/* The token of "Authorization: Bearer <token>", or NULL. */
const char             *dk_http_request_get_bearer_token   (DkHttpRequest  *request);
/* The client's IP address: the peer's, or, when the peer is a reverse proxy on this machine
 * (a loopback address), the address that proxy appended last to X-Forwarded-For. */
const char             *dk_http_request_get_client_address (DkHttpRequest  *request);

/* Keeps the connection waiting while the answer is worked out in the background. */
void                    dk_http_request_pause              (DkHttpRequest  *request);
/* FALSE when the request is no longer waiting for its answer (the server answered it 503 while
 * shutting down, or the connection is gone): then the result is dropped. */
gboolean                dk_http_request_is_paused          (DkHttpRequest  *request);
/* Sends the answer the handler has set on the message. */
void                    dk_http_request_resume             (DkHttpRequest  *request);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkHttpRequest, dk_http_request_unref)

G_END_DECLS
