#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-sync-endpoints.h"
#include "dk-sync-error.h"
#include "dk-sync-pull.h"
#include "dk-sync-push.h"

#define DEFAULT_PULL_LIMIT 500
#define MAX_PULL_LIMIT 5000

typedef struct
{
  DkStore *store;
  guint    max_batch_changes;
} SyncEndpoints;

static void
audit (DkStore               *store,
       const DkAuthPrincipal *principal,
       const char            *action,
       DkAuditOutcome         outcome)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  /* The sync itself has committed or failed by now; a failed audit row is logged, not answered. */
  if (!dk_auth_audit (store, principal, action, NULL, outcome, now, &error))
    g_warning ("Could not write the audit row for %s: %s", action, error->message);
}

static void
reply_sync_error (SoupServerMessage *msg,
                  const char        *what,
                  GError            *error)
{
  if (error->domain == DK_SYNC_ERROR)
    dk_http_reply_error (msg, dk_sync_error_http_status (error->code), dk_sync_error_code_name (error->code),
                         error->message);
  else if (g_error_matches (error, DK_STORE_ERROR, DK_STORE_ERROR_BUSY))
    dk_http_reply_unavailable (msg, _("The server is busy. Try again in a few seconds."));
  else
    dk_http_reply_internal (msg, what, error);
}

static void
handle_push (DkHttpRequest *request,
             gpointer       user_data)
{
  SyncEndpoints *self = user_data;
  SoupServerMessage *msg = dk_http_request_get_message (request);
  const DkAuthPrincipal *principal = dk_http_request_get_principal (request);
  g_autoptr(JsonNode) body = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;

  json_node_set_object (body, dk_http_request_get_body (request));
  if (!dk_sync_push (self->store, principal, body, self->max_batch_changes, &answer, &error))
    {
      audit (self->store, principal, "sync.push", DK_AUDIT_FAILED);
      reply_sync_error (msg, "push", error);
      return;
    }

  audit (self->store, principal, "sync.push", DK_AUDIT_SUCCESS);
  dk_http_reply_json (msg, SOUP_STATUS_OK, answer);
}

/* A missing parameter keeps *out; anything but a whole number in range is FALSE. */
static gboolean
query_int (GHashTable *query,
           const char *name,
           guint64     min,
           guint64     max,
           guint64    *out)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, name) : NULL;

  if (text == NULL)
    return TRUE;

  return g_ascii_string_to_unsigned (text, 10, min, max, out, NULL);
}

static void
handle_pull (DkHttpRequest *request,
             gpointer       user_data)
{
  SyncEndpoints *self = user_data;
  SoupServerMessage *msg = dk_http_request_get_message (request);
  const DkAuthPrincipal *principal = dk_http_request_get_principal (request);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  guint64 cursor = 0, limit = DEFAULT_PULL_LIMIT;

  if (g_uri_get_query (uri) != NULL)
    query = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);

  if (!query_int (query, "cursor", 0, G_MAXINT64, &cursor) ||
      !query_int (query, "limit", 1, MAX_PULL_LIMIT, &limit))
    {
      g_autofree char *message = g_strdup_printf (_("Give cursor as a whole number of 0 or more and limit as a "
                                                    "whole number from 1 to %u."), MAX_PULL_LIMIT);

      audit (self->store, principal, "sync.pull", DK_AUDIT_FAILED);
      dk_http_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid-value", message);
      return;
    }

  if (!dk_sync_pull (self->store, principal, (gint64) cursor, (guint) limit, &answer, &error))
    {
      audit (self->store, principal, "sync.pull", DK_AUDIT_FAILED);
      reply_sync_error (msg, "pull", error);
      return;
    }

  audit (self->store, principal, "sync.pull", DK_AUDIT_SUCCESS);
  dk_http_reply_json (msg, SOUP_STATUS_OK, answer);
}

void
dk_sync_endpoints_register (DkHttpRouter *router,
                            DkStore      *store,
                            guint         max_batch_changes)
{
  SyncEndpoints *self;
  guint roles = DK_ROLES_ALL & ~DK_ROLE_BIT (DK_ROLE_ADMINISTRATOR);

  g_return_if_fail (DK_IS_HTTP_ROUTER (router));
  g_return_if_fail (DK_IS_STORE (store));

  self = g_new0 (SyncEndpoints, 1);
  self->store = store;
  self->max_batch_changes = max_batch_changes;
  g_object_set_data_full (G_OBJECT (router), "dk-sync-endpoints", self, g_free);

  dk_http_router_add (router, SOUP_METHOD_POST, "/v1/push", DK_ROUTE_AUTHENTICATED | DK_ROUTE_JSON_BODY,
                      roles, "sync.push", handle_push, self);
  dk_http_router_add (router, SOUP_METHOD_GET, "/v1/pull", DK_ROUTE_AUTHENTICATED,
                      roles, "sync.pull", handle_pull, self);
}
