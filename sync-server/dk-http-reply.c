#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-auth.h"
#include "dk-http-reply.h"
#include "dk-store.h"
#include "dk-sync-protocol.h"

static void
set_common_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "Cache-Control", "no-store");
  soup_message_headers_replace (headers, DK_PROTOCOL_HEADER, G_STRINGIFY (DK_SYNC_PROTOCOL_VERSION));
}

static const char *
reason_phrase (guint status)
{
  switch (status)
    {
    case DK_HTTP_STATUS_UPGRADE_REQUIRED:
      return "Upgrade Required";
    case DK_HTTP_STATUS_TOO_MANY_REQUESTS:
      return "Too Many Requests";
    default:
      return NULL;  /* libsoup's own */
    }
}

void
dk_http_reply_json (SoupServerMessage *msg,
                    guint              status,
                    JsonNode          *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *body = NULL;
  gsize length = 0;

  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));
  g_return_if_fail (root != NULL);

  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, &length);

  soup_server_message_set_status (msg, status, reason_phrase (status));
  set_common_headers (msg);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&body), length);
}

void
dk_http_reply_error_full (SoupServerMessage *msg,
                          guint              status,
                          const char        *code,
                          const char        *message,
                          JsonObject        *extra)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);

  g_return_if_fail (code != NULL);
  g_return_if_fail (message != NULL);

  json_object_set_string_member (object, "error", code);
  json_object_set_string_member (object, "message", message);
  if (extra != NULL)
    {
      g_autoptr(GList) members = json_object_get_members (extra);

      for (const GList *l = members; l != NULL; l = l->next)
        json_object_set_member (object, l->data, json_node_copy (json_object_get_member (extra, l->data)));
    }

  json_node_set_object (root, object);
  dk_http_reply_json (msg, status, root);
}

void
dk_http_reply_error (SoupServerMessage *msg,
                     guint              status,
                     const char        *code,
                     const char        *message)
{
  dk_http_reply_error_full (msg, status, code, message, NULL);
}

void
dk_http_reply_no_content (SoupServerMessage *msg)
{
  g_return_if_fail (SOUP_IS_SERVER_MESSAGE (msg));

  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
  set_common_headers (msg);
}

void
dk_http_reply_unauthorized (SoupServerMessage *msg,
                            const char        *code,
                            const char        *message,
                            gboolean           invalid_token)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "WWW-Authenticate",
                                invalid_token ? "Bearer realm=\"draagkracht\", error=\"invalid_token\""
                                              : "Bearer realm=\"draagkracht\"");
  dk_http_reply_error (msg, SOUP_STATUS_UNAUTHORIZED, code, message);
}

void
dk_http_reply_device_revoked (SoupServerMessage *msg,
                              const char        *message)
{
  g_autoptr(JsonObject) extra = json_object_new ();

  json_object_set_boolean_member (extra, "wipe", TRUE);
  dk_http_reply_error_full (msg, SOUP_STATUS_FORBIDDEN, "device-revoked", message, extra);
}

void
dk_http_reply_unavailable (SoupServerMessage *msg,
                           const char        *message)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Retry-After", "5");
  dk_http_reply_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, "unavailable", message);
}

void
dk_http_reply_internal (SoupServerMessage *msg,
                        const char        *what,
                        const GError      *error)
{
  /* A busy store is a moment of load, not a fault: the client may simply try again. */
  if (error != NULL && g_error_matches (error, DK_STORE_ERROR, DK_STORE_ERROR_BUSY))
    {
      dk_http_reply_unavailable (msg, _("The server is busy. Try again in a few seconds."));
      return;
    }
  if (error != NULL && (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BUSY) ||
                        g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)))
    {
      dk_http_reply_unavailable (msg, error->message);
      return;
    }

  g_warning ("%s failed: %s", what, error != NULL ? error->message : "unknown error");
  dk_http_reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, "internal",
                       _("Something went wrong on the server. Try again later; if it keeps happening, "
                         "ask an administrator to look at the server log."));
}

void
dk_http_reply_auth_error (SoupServerMessage *msg,
                          const char        *what,
                          const GError      *error)
{
  g_return_if_fail (error != NULL);

  if (error->domain != DK_AUTH_ERROR)
    {
      dk_http_reply_internal (msg, what, error);
      return;
    }

  switch ((DkAuthError) error->code)
    {
    case DK_AUTH_ERROR_INVALID_CREDENTIALS:
      dk_http_reply_unauthorized (msg, "invalid-credentials", error->message, FALSE);
      break;

    case DK_AUTH_ERROR_TOKEN_UNKNOWN:
      dk_http_reply_unauthorized (msg, "token-unknown", error->message, TRUE);
      break;

    case DK_AUTH_ERROR_TOKEN_EXPIRED:
      dk_http_reply_unauthorized (msg, "token-expired", error->message, TRUE);
      break;

    case DK_AUTH_ERROR_TOKEN_REVOKED:
      dk_http_reply_unauthorized (msg, "token-revoked", error->message, TRUE);
      break;

    case DK_AUTH_ERROR_USER_DISABLED:
      dk_http_reply_error (msg, SOUP_STATUS_FORBIDDEN, "user-disabled", error->message);
      break;

    case DK_AUTH_ERROR_DEVICE_REVOKED:
      dk_http_reply_device_revoked (msg, error->message);
      break;

    case DK_AUTH_ERROR_DEVICE_UNKNOWN:
      dk_http_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "device-unknown", error->message);
      break;

    case DK_AUTH_ERROR_WEAK_PASSWORD:
      dk_http_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "weak-password", error->message);
      break;

    case DK_AUTH_ERROR_INVALID:
      dk_http_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid-value", error->message);
      break;

    case DK_AUTH_ERROR_EXISTS:
      dk_http_reply_error (msg, SOUP_STATUS_CONFLICT, "exists", error->message);
      break;

    case DK_AUTH_ERROR_NOT_FOUND:
      dk_http_reply_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", error->message);
      break;

    case DK_AUTH_ERROR_FAILED:
    default:
      dk_http_reply_internal (msg, what, error);
      break;
    }
}

char *
dk_http_format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = NULL;

  g_return_val_if_fail (time != NULL, NULL);

  utc = g_date_time_to_utc (time);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

void
dk_http_json_set_time (JsonObject *object,
                       const char *member,
                       GDateTime  *time)
{
  g_autofree char *text = NULL;

  g_return_if_fail (object != NULL);
  g_return_if_fail (member != NULL);

  if (time == NULL)
    {
      json_object_set_null_member (object, member);
      return;
    }

  text = dk_http_format_time (time);
  json_object_set_string_member (object, member, text);
}
