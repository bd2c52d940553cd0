#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-device-endpoints.h"
#include "dk-http-reply.h"
#include "dk-uuid.h"

static JsonNode *
device_to_json (const DkAuthDevice *device)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_string_member (object, "id", device->id);
  json_object_set_string_member (object, "user_id", device->user_id);
  json_object_set_string_member (object, "name", device->name);
  dk_http_json_set_time (object, "registered_at", device->registered_at);
  dk_http_json_set_time (object, "last_seen_at", device->last_seen_at);
  dk_http_json_set_time (object, "revoked_at", device->revoked_at);
  json_object_set_boolean_member (object, "wipe_requested", device->wipe_requested);

  json_node_set_object (node, object);
  return node;
}

/* An audit row that cannot be written fails the request: an action nobody can trace must not
 * happen. */
static gboolean
audit (DkStore               *store,
       SoupServerMessage     *msg,
       const DkAuthPrincipal *principal,
       const char            *action,
       DkAuditOutcome         outcome)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  if (dk_auth_audit (store, principal, action, NULL, outcome, now, &error))
    return TRUE;

  dk_http_reply_internal (msg, "audit", error);
  return FALSE;
}

static void
handle_list (DkHttpRequest *request,
             gpointer       user_data)
{
  DkStore *store = user_data;
  SoupServerMessage *msg = dk_http_request_get_message (request);
  const DkAuthPrincipal *principal = dk_http_request_get_principal (request);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonArray) list = json_array_new ();
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;

  devices = dk_auth_list_devices (store, NULL, &error);
  if (devices == NULL)
    {
      audit (store, msg, principal, "device.list", DK_AUDIT_FAILED);
      dk_http_reply_internal (msg, "device list", error);
      return;
    }

  if (!audit (store, msg, principal, "device.list", DK_AUDIT_SUCCESS))
    return;

  for (guint i = 0; i < devices->len; i++)
    json_array_add_element (list, device_to_json (g_ptr_array_index (devices, i)));
  json_object_set_array_member (object, "devices", g_steal_pointer (&list));

  json_node_set_object (root, object);
  dk_http_reply_json (msg, SOUP_STATUS_OK, root);
}

typedef struct
{
  const DkAuthPrincipal *principal;
  const char            *device_id;
  GDateTime             *now;
} Revoke;

/* The revocation and its audit row stand or fall together. */
static gboolean
revoke_txn (DkStore   *store,
            gpointer   user_data,
            GError   **error)
{
  Revoke *data = user_data;

  return dk_auth_revoke_device (store, data->device_id, data->now, error) &&
         dk_auth_audit (store, data->principal, "device.revoke", NULL, DK_AUDIT_SUCCESS, data->now, error);
}

static void
handle_revoke (DkHttpRequest *request,
               gpointer       user_data)
{
  DkStore *store = user_data;
  SoupServerMessage *msg = dk_http_request_get_message (request);
  const DkAuthPrincipal *principal = dk_http_request_get_principal (request);
  const char *device_id = dk_http_request_get_param (request, "id");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  Revoke data = { principal, device_id, now };

  if (!dk_uuid_is_valid (device_id))
    {
      audit (store, msg, principal, "device.revoke", DK_AUDIT_FAILED);
      dk_http_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid-value",
                           _("The device id in the address is not a valid UUID."));
      return;
    }

  if (!dk_store_transaction (store, revoke_txn, &data, &error))
    {
      if (audit (store, msg, principal, "device.revoke", DK_AUDIT_FAILED))
        dk_http_reply_auth_error (msg, "device revoke", error);
      return;
    }

  dk_http_reply_no_content (msg);
}

void
dk_device_endpoints_register (DkHttpRouter *router,
                              DkStore      *store)
{
  g_return_if_fail (DK_IS_HTTP_ROUTER (router));
  g_return_if_fail (DK_IS_STORE (store));

  dk_http_router_add (router, SOUP_METHOD_GET, "/v1/devices", DK_ROUTE_AUTHENTICATED,
                      DK_ROLE_BIT (DK_ROLE_ADMINISTRATOR), "device.list", handle_list, store);
  dk_http_router_add (router, SOUP_METHOD_POST, "/v1/devices/{id}/revoke", DK_ROUTE_AUTHENTICATED,
                      DK_ROLE_BIT (DK_ROLE_ADMINISTRATOR), "device.revoke", handle_revoke, store);
}
