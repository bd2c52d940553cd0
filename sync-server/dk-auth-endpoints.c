#include "config.h"

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "dk-auth-endpoints.h"
#include "dk-http-input.h"
#include "dk-http-reply.h"
#include "dk-uuid.h"

struct _DkAuthEndpoints
{
  GObject        parent_instance;

  DkStore       *store;
  DkAuthParams   params;
  DkAuthWorker  *worker;
  DkRateLimiter *limiter;
  DkMetrics     *metrics;
};

G_DEFINE_FINAL_TYPE (DkAuthEndpoints, dk_auth_endpoints, G_TYPE_OBJECT)

static void
dk_auth_endpoints_finalize (GObject *object)
{
  DkAuthEndpoints *self = (DkAuthEndpoints *)object;

  g_clear_object (&self->store);
  g_clear_object (&self->worker);
  g_clear_pointer (&self->limiter, dk_rate_limiter_free);
  g_clear_object (&self->metrics);

  G_OBJECT_CLASS (dk_auth_endpoints_parent_class)->finalize (object);
}

static void
dk_auth_endpoints_class_init (DkAuthEndpointsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dk_auth_endpoints_finalize;
}

static void
dk_auth_endpoints_init (DkAuthEndpoints *self)
{
}

DkAuthEndpoints *
dk_auth_endpoints_new (DkStore            *store,
                       const DkAuthParams *params,
                       DkAuthWorker       *worker,
                       DkRateLimiter      *limiter,
                       DkMetrics          *metrics)
{
  DkAuthEndpoints *self;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (DK_IS_AUTH_WORKER (worker), NULL);
  g_return_val_if_fail (limiter != NULL, NULL);
  g_return_val_if_fail (DK_IS_METRICS (metrics), NULL);

  self = g_object_new (DK_TYPE_AUTH_ENDPOINTS, NULL);
  self->store = g_object_ref (store);
  self->params = *params;
  self->worker = g_object_ref (worker);
  self->limiter = limiter;
  self->metrics = g_object_ref (metrics);

  return self;
}

/* {id, role, display_name, team_id} of a user. The display name goes only to the user it belongs
 * to. */
static JsonNode *
read_user (DkStore     *store,
           const char  *user_id,
           GError     **error)
{
  g_autoptr(JsonObject) user = NULL;
  JsonNode *node;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  stmt = dk_store_prepare (store, "SELECT role, display_name, team_id FROM user WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_NOT_FOUND,
                           _("The account of this session no longer exists."));
      return NULL;
    }

  user = json_object_new ();
  json_object_set_string_member (user, "id", user_id);
  json_object_set_string_member (user, "role", (const char *) sqlite3_column_text (stmt, 0));
  json_object_set_string_member (user, "display_name", (const char *) sqlite3_column_text (stmt, 1));
  if (sqlite3_column_type (stmt, 2) == SQLITE_NULL)
    json_object_set_null_member (user, "team_id");
  else
    json_object_set_string_member (user, "team_id", (const char *) sqlite3_column_text (stmt, 2));
  sqlite3_reset (stmt);

  node = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (node, user);
  return node;
}

/* The answer to a login or a refresh: the tokens, sent this once, and who they belong to. */
static void
reply_session (DkAuthEndpoints     *self,
               SoupServerMessage   *msg,
               guint                status,
               const DkAuthSession *session)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GError) error = NULL;
  JsonNode *user;

  user = read_user (self->store, session->user_id, &error);
  if (user == NULL)
    {
      dk_http_reply_internal (msg, "session user", error);
      return;
    }

  json_object_set_string_member (object, "token", session->token);
  json_object_set_string_member (object, "refresh_token", session->refresh_token);
  dk_http_json_set_time (object, "expires_at", session->expires_at);
  dk_http_json_set_time (object, "refresh_expires_at", session->refresh_expires_at);
  json_object_set_member (object, "user", user);
  json_object_set_string_member (object, "device_id", session->device_id);

  json_node_set_object (root, object);
  dk_http_reply_json (msg, status, root);
}

/* ---- POST /v1/session ---- */

typedef struct
{
  DkAuthEndpoints *self;
  DkHttpRequest   *request;
} Login;

static void
login_free (Login *login)
{
  g_clear_object (&login->self);
  g_clear_pointer (&login->request, dk_http_request_unref);
  g_free (login);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Login, login_free)

static void
on_login_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Login) login = user_data;
  DkAuthEndpoints *self = login->self;
  SoupServerMessage *msg = dk_http_request_get_message (login->request);
  g_autoptr(DkAuthSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = dk_auth_worker_login_finish (DK_AUTH_WORKER (object), result, &error);

  /* Answered 503 by a shutdown that could not wait, or the client is gone: the login is done
   * (and audited) all the same; the client logs in again. */
  if (!dk_http_request_is_paused (login->request))
    return;

  if (session != NULL)
    {
      dk_metrics_count_login (self->metrics, DK_METRICS_LOGIN_OK);
      reply_session (self, msg, SOUP_STATUS_CREATED, session);
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      dk_http_reply_unavailable (msg, error->message);
    }
  else
    {
      dk_metrics_count_login (self->metrics, DK_METRICS_LOGIN_FAILED);
      dk_http_reply_auth_error (msg, "login", error);
    }

  dk_http_request_resume (login->request);
}

static void
handle_login (DkHttpRequest *request,
              gpointer       user_data)
{
  static const char * const allowed[] = { "user_name", "password", "device_name", "device_id", NULL };
  DkAuthEndpoints *self = user_data;
  SoupServerMessage *msg = dk_http_request_get_message (request);
  JsonObject *body = dk_http_request_get_body (request);
  const char *user_name = NULL;
  const char *password = NULL;
  const char *device_name = NULL;
  const char *device_id = NULL;
  guint retry_after = 0;
  Login *login;

  if (!dk_http_input_check_members (msg, body, allowed) ||
      !dk_http_input_get_string (msg, body, "user_name", TRUE, &user_name) ||
      !dk_http_input_get_string (msg, body, "password", TRUE, &password) ||
      !dk_http_input_get_string (msg, body, "device_id", FALSE, &device_id) ||
      !dk_http_input_get_string (msg, body, "device_name", device_id == NULL, &device_name))
    return;

  if (device_id != NULL && !dk_uuid_is_valid (device_id))
    {
      g_autoptr(GError) error = g_error_new_literal (DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID,
                                                     _("The device id is not a valid UUID."));

      dk_http_input_reply_field (msg, "device_id", error);
      return;
    }

  /* Before any password work: the point is to not do it for an address that tries too often. */
  if (!dk_rate_limiter_take (self->limiter, dk_http_request_get_client_address (request),
                             g_get_monotonic_time (), &retry_after))
    {
      g_autofree char *seconds = g_strdup_printf ("%u", retry_after);
      g_autofree char *message = NULL;

      dk_metrics_count_login (self->metrics, DK_METRICS_LOGIN_RATE_LIMITED);
      message = g_strdup_printf (ngettext ("Too many login attempts from this address. Try again in %u second.",
                                           "Too many login attempts from this address. Try again in %u seconds.",
                                           retry_after),
                                 retry_after);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", seconds);
      dk_http_reply_error (msg, DK_HTTP_STATUS_TOO_MANY_REQUESTS, "rate-limited", message);
      return;
    }

  login = g_new0 (Login, 1);
  login->self = g_object_ref (self);
  login->request = dk_http_request_ref (request);

  dk_http_request_pause (request);
  dk_auth_worker_login_async (self->worker, user_name, password, device_id, device_name,
                              on_login_done, login);
}

/* ---- POST /v1/session/refresh ---- */

static void
handle_refresh (DkHttpRequest *request,
                gpointer       user_data)
{
  static const char * const allowed[] = { "refresh_token", NULL };
  DkAuthEndpoints *self = user_data;
  SoupServerMessage *msg = dk_http_request_get_message (request);
  JsonObject *body = dk_http_request_get_body (request);
  g_autoptr(DkAuthSession) session = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  const char *refresh_token = NULL;

  if (!dk_http_input_check_members (msg, body, allowed) ||
      !dk_http_input_get_string (msg, body, "refresh_token", TRUE, &refresh_token))
    return;

  now = g_date_time_new_now_utc ();
  if (!dk_auth_refresh (self->store, &self->params, refresh_token, now, &session, &error))
    {
      dk_http_reply_auth_error (msg, "refresh", error);
      return;
    }

  reply_session (self, msg, SOUP_STATUS_OK, session);
}

/* ---- DELETE /v1/session ---- */

/* Not an authenticated route: an expired session may be ended too, so that its refresh token dies
 * with it. */
static void
handle_logout (DkHttpRequest *request,
               gpointer       user_data)
{
  DkAuthEndpoints *self = user_data;
  SoupServerMessage *msg = dk_http_request_get_message (request);
  const char *token = dk_http_request_get_bearer_token (request);
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;

  if (token == NULL)
    {
      dk_http_reply_unauthorized (msg, "token-missing",
                                  _("Send the session token to end as “Authorization: Bearer …”."),
                                  FALSE);
      return;
    }

  now = g_date_time_new_now_utc ();
  if (!dk_auth_logout (self->store, token, now, &error))
    {
      dk_http_reply_auth_error (msg, "logout", error);
      return;
    }

  dk_http_reply_no_content (msg);
}

/* ---- GET /v1/me ---- */

static void
handle_me (DkHttpRequest *request,
           gpointer       user_data)
{
  DkAuthEndpoints *self = user_data;
  SoupServerMessage *msg = dk_http_request_get_message (request);
  const DkAuthPrincipal *principal = dk_http_request_get_principal (request);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonObject) device = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *user;

  user = read_user (self->store, principal->user_id, &error);
  if (user == NULL)
    {
      dk_http_reply_internal (msg, "me", error);
      return;
    }
  json_object_set_member (object, "user", user);

  devices = dk_auth_list_devices (self->store, principal->user_id, &error);
  if (devices == NULL)
    {
      dk_http_reply_internal (msg, "me", error);
      return;
    }
  for (guint i = 0; i < devices->len; i++)
    {
      const DkAuthDevice *d = g_ptr_array_index (devices, i);

      if (g_strcmp0 (d->id, principal->device_id) != 0)
        continue;
      json_object_set_string_member (device, "id", d->id);
      json_object_set_string_member (device, "name", d->name);
      dk_http_json_set_time (device, "registered_at", d->registered_at);
      dk_http_json_set_time (device, "last_seen_at", d->last_seen_at);
    }
  json_object_set_object_member (object, "device", g_steal_pointer (&device));
  json_object_set_string_member (object, "role", dk_role_to_string (principal->role));

  json_node_set_object (root, object);
  dk_http_reply_json (msg, SOUP_STATUS_OK, root);
}

void
dk_auth_endpoints_register (DkAuthEndpoints *self,
                            DkHttpRouter    *router)
{
  g_return_if_fail (DK_IS_AUTH_ENDPOINTS (self));
  g_return_if_fail (DK_IS_HTTP_ROUTER (router));

  dk_http_router_add (router, SOUP_METHOD_POST, "/v1/session", DK_ROUTE_JSON_BODY, 0, NULL,
                      handle_login, self);
  dk_http_router_add (router, SOUP_METHOD_DELETE, "/v1/session", DK_ROUTE_FLAGS_NONE, 0, NULL,
                      handle_logout, self);
  dk_http_router_add (router, SOUP_METHOD_POST, "/v1/session/refresh", DK_ROUTE_JSON_BODY, 0, NULL,
                      handle_refresh, self);
  dk_http_router_add (router, SOUP_METHOD_GET, "/v1/me", DK_ROUTE_AUTHENTICATED, DK_ROLES_ALL, NULL,
                      handle_me, self);
}
