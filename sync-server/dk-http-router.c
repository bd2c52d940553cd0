#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-http-input.h"
#include "dk-http-reply.h"
#include "dk-http-router.h"
#include "dk-sync-protocol.h"

typedef struct
{
  const char    *method;
  const char    *pattern;
  char         **segments;
  DkRouteFlags   flags;
  guint          roles;
  const char    *audit_action;
  DkHttpHandler  handler;
  gpointer       user_data;
} Route;

struct _DkHttpRouter
{
  GObject     parent_instance;

  DkStore    *store;
  GPtrArray  *routes;
  /* DkHttpRequest * that were paused and whose answer is not written out yet (owned refs) */
  GHashTable *active;
  gboolean    draining;
};

struct _DkHttpRequest
{
  gatomicrefcount    ref_count;

  DkHttpRouter      *router;
  SoupServerMessage *msg;
  const Route       *route;
  GHashTable        *params;
  DkAuthPrincipal   *principal;
  JsonObject        *body;
  char              *client_address;
  gulong             finished_id;
  gboolean           paused;
};

G_DEFINE_FINAL_TYPE (DkHttpRouter, dk_http_router, G_TYPE_OBJECT)

static void
route_free (Route *route)
{
  g_strfreev (route->segments);
  g_free (route);
}

static void
dk_http_router_finalize (GObject *object)
{
  DkHttpRouter *self = (DkHttpRouter *)object;

  g_clear_pointer (&self->routes, g_ptr_array_unref);
  g_clear_pointer (&self->active, g_hash_table_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dk_http_router_parent_class)->finalize (object);
}

static void
dk_http_router_class_init (DkHttpRouterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dk_http_router_finalize;
}

static void
dk_http_router_init (DkHttpRouter *self)
{
  self->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);
  self->active = g_hash_table_new (NULL, NULL);
}

DkHttpRouter *
dk_http_router_new (DkStore *store)
{
  DkHttpRouter *self;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);

  self = g_object_new (DK_TYPE_HTTP_ROUTER, NULL);
  self->store = g_object_ref (store);
  return self;
}

void
dk_http_router_add (DkHttpRouter  *self,
                    const char    *method,
                    const char    *pattern,
                    DkRouteFlags   flags,
                    guint          roles,
                    const char    *audit_action,
                    DkHttpHandler  handler,
                    gpointer       user_data)
{
  Route *route;

  g_return_if_fail (DK_IS_HTTP_ROUTER (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (pattern != NULL && pattern[0] == '/');
  g_return_if_fail (handler != NULL);

  route = g_new0 (Route, 1);
  route->method = g_intern_string (method);
  route->pattern = pattern;
  route->segments = g_strsplit (pattern, "/", -1);
  route->flags = flags;
  route->roles = roles;
  route->audit_action = audit_action;
  route->handler = handler;
  route->user_data = user_data;
  g_ptr_array_add (self->routes, route);
}

static gboolean
is_placeholder (const char *segment)
{
  gsize len = strlen (segment);

  return len > 2 && segment[0] == '{' && segment[len - 1] == '}';
}

/* Matches @path_segments against @route, filling @params (may be NULL) with the placeholders. */
static gboolean
route_matches (const Route        *route,
               const char * const *path_segments,
               GHashTable         *params)
{
  guint n = g_strv_length ((char **) path_segments);

  if (n != g_strv_length (route->segments))
    return FALSE;

  for (guint i = 0; i < n; i++)
    {
      if (is_placeholder (route->segments[i]))
        {
          if (path_segments[i][0] == '\0')
            return FALSE;
        }
      else if (strcmp (route->segments[i], path_segments[i]) != 0)
        {
          return FALSE;
        }
    }

  if (params != NULL)
    for (guint i = 0; i < n; i++)
      if (is_placeholder (route->segments[i]))
        g_hash_table_insert (params,
                             g_strndup (route->segments[i] + 1, strlen (route->segments[i]) - 2),
                             g_strdup (path_segments[i]));

  return TRUE;
}

static gboolean
method_matches (const Route *route,
                const char  *method)
{
  return g_strcmp0 (route->method, method) == 0 ||
         (route->method == SOUP_METHOD_GET && g_strcmp0 (method, SOUP_METHOD_HEAD) == 0);
}

const char *
dk_http_router_get_endpoint (DkHttpRouter *self,
                             const char   *path)
{
  g_auto(GStrv) segments = NULL;

  g_return_val_if_fail (DK_IS_HTTP_ROUTER (self), NULL);

  if (path == NULL)
    return NULL;

  segments = g_strsplit (path, "/", -1);
  for (guint i = 0; i < self->routes->len; i++)
    {
      const Route *route = g_ptr_array_index (self->routes, i);

      if (route_matches (route, (const char * const *) segments, NULL))
        return route->pattern;
    }

  return NULL;
}

void
dk_http_router_set_draining (DkHttpRouter *self,
                             gboolean      draining)
{
  g_return_if_fail (DK_IS_HTTP_ROUTER (self));

  self->draining = !!draining;
}

guint
dk_http_router_get_n_active (DkHttpRouter *self)
{
  g_return_val_if_fail (DK_IS_HTTP_ROUTER (self), 0);

  return g_hash_table_size (self->active);
}

void
dk_http_router_abort_paused (DkHttpRouter *self,
                             const char   *message)
{
  g_autoptr(GPtrArray) paused = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (DK_IS_HTTP_ROUTER (self));

  g_hash_table_iter_init (&iter, self->active);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (((DkHttpRequest *) key)->paused)
      g_ptr_array_add (paused, key);

  for (guint i = 0; i < paused->len; i++)
    {
      DkHttpRequest *request = g_ptr_array_index (paused, i);

      dk_http_reply_unavailable (request->msg, message);
      dk_http_request_resume (request);
    }
}

/* ---- requests ---- */

static DkHttpRequest *
request_new (DkHttpRouter      *router,
             SoupServerMessage *msg)
{
  DkHttpRequest *request = g_new0 (DkHttpRequest, 1);

  g_atomic_ref_count_init (&request->ref_count);
  request->router = g_object_ref (router);
  request->msg = g_object_ref (msg);
  request->params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  return request;
}

DkHttpRequest *
dk_http_request_ref (DkHttpRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  g_atomic_ref_count_inc (&request->ref_count);
  return request;
}

void
dk_http_request_unref (DkHttpRequest *request)
{
  g_return_if_fail (request != NULL);

  if (!g_atomic_ref_count_dec (&request->ref_count))
    return;

  g_clear_object (&request->router);
  g_clear_object (&request->msg);
  g_clear_pointer (&request->params, g_hash_table_unref);
  g_clear_pointer (&request->principal, dk_auth_principal_free);
  g_clear_pointer (&request->body, json_object_unref);
  g_clear_pointer (&request->client_address, g_free);
  g_free (request);
}

SoupServerMessage *
dk_http_request_get_message (DkHttpRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  return request->msg;
}

const char *
dk_http_request_get_param (DkHttpRequest *request,
                           const char    *name)
{
  g_return_val_if_fail (request != NULL, NULL);

  return g_hash_table_lookup (request->params, name);
}

const DkAuthPrincipal *
dk_http_request_get_principal (DkHttpRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  return request->principal;
}

JsonObject *
dk_http_request_get_body (DkHttpRequest *request)
{
  g_return_val_if_fail (request != NULL, NULL);

  return request->body;
}

const char *
dk_http_request_get_bearer_token (DkHttpRequest *request)
{
  const char *value;

  g_return_val_if_fail (request != NULL, NULL);

  value = soup_message_headers_get_one (soup_server_message_get_request_headers (request->msg),
                                        "Authorization");
  if (value == NULL || g_ascii_strncasecmp (value, "Bearer ", strlen ("Bearer ")) != 0)
    return NULL;

  value += strlen ("Bearer ");
  while (*value == ' ')
    value++;

  return *value != '\0' ? value : NULL;
}

/* The address a reverse proxy on this machine appended last: everything before it in the header
 * came from the client and may be made up, the last hop's entry cannot be. */
static char *
forwarded_for (SoupServerMessage *msg)
{
  const char *header = soup_message_headers_get_list (soup_server_message_get_request_headers (msg),
                                                      "X-Forwarded-For");
  g_autoptr(GInetAddress) address = NULL;
  const char *last;

  if (header == NULL)
    return NULL;

  last = strrchr (header, ',');
  last = last != NULL ? last + 1 : header;
  while (*last == ' ')
    last++;

  address = g_inet_address_new_from_string (last);
  return address != NULL ? g_inet_address_to_string (address) : NULL;
}

const char *
dk_http_request_get_client_address (DkHttpRequest *request)
{
  GSocketAddress *remote;

  g_return_val_if_fail (request != NULL, NULL);

  if (request->client_address != NULL)
    return request->client_address;

  remote = soup_server_message_get_remote_address (request->msg);
  if (G_IS_INET_SOCKET_ADDRESS (remote))
    {
      GInetAddress *peer = g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (remote));

      if (g_inet_address_get_is_loopback (peer))
        request->client_address = forwarded_for (request->msg);
      if (request->client_address == NULL)
        request->client_address = g_inet_address_to_string (peer);
    }
  else
    {
      request->client_address = g_strdup ("unknown");
    }

  return request->client_address;
}

static void
request_deactivate (DkHttpRequest *request)
{
  DkHttpRouter *router = request->router;

  g_clear_signal_handler (&request->finished_id, request->msg);
  request->paused = FALSE;
  if (g_hash_table_remove (router->active, request))
    dk_http_request_unref (request);
}

static void
on_message_finished (SoupServerMessage *msg,
                     DkHttpRequest     *request)
{
  request_deactivate (request);
}

void
dk_http_request_pause (DkHttpRequest *request)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (!request->paused);
  g_return_if_fail (!g_hash_table_contains (request->router->active, request));

  request->paused = TRUE;
  g_hash_table_add (request->router->active, dk_http_request_ref (request));
  request->finished_id = g_signal_connect (request->msg, "finished", G_CALLBACK (on_message_finished), request);
  soup_server_message_pause (request->msg);
}

gboolean
dk_http_request_is_paused (DkHttpRequest *request)
{
  g_return_val_if_fail (request != NULL, FALSE);

  return request->paused;
}

void
dk_http_request_resume (DkHttpRequest *request)
{
  g_return_if_fail (request != NULL);
  g_return_if_fail (request->paused);

  /* It stays active until the answer is written: a shutdown waits for that, too. */
  request->paused = FALSE;
  soup_server_message_unpause (request->msg);
}

/* ---- dispatch ---- */

static gboolean
check_protocol (SoupServerMessage *msg)
{
  const char *value = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                    DK_PROTOCOL_HEADER);
  g_autofree char *stripped = value != NULL ? g_strstrip (g_strdup (value)) : NULL;
  g_autofree char *expected = g_strdup_printf ("%d", DK_SYNC_PROTOCOL_VERSION);
  g_autoptr(JsonObject) extra = NULL;
  g_autofree char *message = NULL;

  if (g_strcmp0 (stripped, expected) == 0)
    return TRUE;

  extra = json_object_new ();
  json_object_set_int_member (extra, "server_protocol", DK_SYNC_PROTOCOL_VERSION);
  if (value == NULL)
    message = g_strdup_printf (_("This request does not say which version of the sync protocol it speaks; "
                                 "the server speaks version %d. Update Draagkracht to keep syncing."),
                               DK_SYNC_PROTOCOL_VERSION);
  else
    message = g_strdup_printf (_("This version of Draagkracht speaks another version of the sync protocol "
                                 "than the server (version %d). Update Draagkracht to keep syncing; "
                                 "your changes stay on this device until then."),
                               DK_SYNC_PROTOCOL_VERSION);
  dk_http_reply_error_full (msg, DK_HTTP_STATUS_UPGRADE_REQUIRED, "protocol-version", message, extra);
  return FALSE;
}

static gboolean
authenticate (DkHttpRouter  *self,
              DkHttpRequest *request)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  const char *token = dk_http_request_get_bearer_token (request);

  if (token == NULL)
    {
      dk_http_reply_unauthorized (request->msg, "token-missing",
                                  _("This request needs a session: log in and send the session token "
                                    "as “Authorization: Bearer …”."),
                                  FALSE);
      return FALSE;
    }

  if (!dk_auth_authenticate (self->store, token, now, &request->principal, &error))
    {
      dk_http_reply_auth_error (request->msg, "authenticate", error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_role (DkHttpRouter  *self,
            DkHttpRequest *request)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;

  if ((request->route->roles & DK_ROLE_BIT (request->principal->role)) != 0)
    return TRUE;

  now = g_date_time_new_now_utc ();
  if (request->route->audit_action != NULL &&
      !dk_auth_audit (self->store, request->principal, request->route->audit_action, NULL,
                      DK_AUDIT_DENIED, now, &error))
    {
      dk_http_reply_internal (request->msg, "audit", error);
      return FALSE;
    }

  dk_http_reply_error (request->msg, SOUP_STATUS_FORBIDDEN, "forbidden",
                       _("Your role does not allow this. Ask an administrator if you need it."));
  return FALSE;
}

static gboolean
read_body (DkHttpRequest *request)
{
  SoupMessageBody *body = soup_server_message_get_request_body (request->msg);

  if ((request->route->flags & DK_ROUTE_JSON_BODY) != 0)
    return dk_http_input_read_object (request->msg, &request->body);

  if (body != NULL && body->length > 0)
    {
      dk_http_reply_error (request->msg, SOUP_STATUS_BAD_REQUEST, "unexpected-body",
                           _("This request takes no body; send it without one."));
      return FALSE;
    }

  return TRUE;
}

static void
reply_method_not_allowed (DkHttpRouter      *self,
                          SoupServerMessage *msg,
                          GPtrArray         *candidates)
{
  g_autoptr(GString) allow = g_string_new (NULL);
  g_autofree char *message = NULL;

  for (guint i = 0; i < candidates->len; i++)
    {
      const Route *route = g_ptr_array_index (candidates, i);

      g_string_append_printf (allow, "%s%s", allow->len > 0 ? ", " : "", route->method);
      if (route->method == SOUP_METHOD_GET)
        g_string_append (allow, ", HEAD");
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow->str);
  message = g_strdup_printf (_("This address does not take this method; it takes %s."), allow->str);
  dk_http_reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed", message);
}

void
dk_http_router_dispatch (DkHttpRouter      *self,
                         SoupServerMessage *msg,
                         const char        *path)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new ();
  g_autoptr(DkHttpRequest) request = NULL;
  g_auto(GStrv) segments = NULL;
  const char *method;
  const Route *route = NULL;

  g_return_if_fail (DK_IS_HTTP_ROUTER (self));
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  method = soup_server_message_get_method (msg);
  request = request_new (self, msg);
  segments = g_strsplit (path != NULL ? path : "", "/", -1);

  for (guint i = 0; i < self->routes->len; i++)
    {
      const Route *candidate = g_ptr_array_index (self->routes, i);

      if (!route_matches (candidate, (const char * const *) segments, NULL))
        continue;
      g_ptr_array_add (candidates, (gpointer) candidate);
      if (route == NULL && method_matches (candidate, method))
        route = candidate;
    }

  if (candidates->len == 0)
    {
      dk_http_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not-found",
                           _("There is no such address on this server."));
      return;
    }

  if (route == NULL)
    {
      reply_method_not_allowed (self, msg, candidates);
      return;
    }

  route_matches (route, (const char * const *) segments, request->params);
  request->route = route;

  if (self->draining)
    {
      dk_http_reply_unavailable (msg, _("The server is restarting. Try again in a moment."));
      return;
    }

  if ((route->flags & DK_ROUTE_NO_PROTOCOL) == 0 && !check_protocol (msg))
    return;

  if ((route->flags & DK_ROUTE_AUTHENTICATED) != 0 &&
      (!authenticate (self, request) || !check_role (self, request)))
    return;

  if (!read_body (request))
    return;

  route->handler (request, route->user_data);
}
