#include "config.h"

#include <inttypes.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "dk-server-probe.h"
#include "dk-sync-protocol.h"

G_DEFINE_QUARK (dk-server-probe-error-quark, dk_server_probe_error)

void
dk_server_health_free (DkServerHealth *health)
{
  if (health == NULL)
    return;

  g_free (health->version);
  g_free (health);
}

/* Separate from the network part so the answers a server may give can be tested without one. */
DkServerHealth *
dk_server_health_parse (GBytes  *body,
                        GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(DkServerHealth) health = NULL;
  JsonObject *object;
  gsize size = 0;
  const char *data = g_bytes_get_data (body, &size);

  if (!json_parser_load_from_data (parser, data ? data : "", size, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, DK_SERVER_PROBE_ERROR, DK_SERVER_PROBE_ERROR_UNHEALTHY,
                   _("the server's answer is not understood"));
      return NULL;
    }

  object = json_node_get_object (json_parser_get_root (parser));
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "status", ""), "ok") != 0)
    {
      g_set_error (error, DK_SERVER_PROBE_ERROR, DK_SERVER_PROBE_ERROR_UNHEALTHY,
                   _("the server reports a problem"));
      return NULL;
    }

  health = g_new0 (DkServerHealth, 1);
  health->version = g_strdup (json_object_get_string_member_with_default (object, "version", "?"));
  health->protocol = json_object_get_int_member_with_default (object, "protocol", 0);

  if (health->protocol != DK_SYNC_PROTOCOL_VERSION)
    {
      g_set_error (error, DK_SERVER_PROBE_ERROR, DK_SERVER_PROBE_ERROR_INCOMPATIBLE,
                   _("the server uses protocol version %" PRId64 "; this program uses %d"),
                   (int64_t) health->protocol, DK_SYNC_PROTOCOL_VERSION);
      return NULL;
    }

  return g_steal_pointer (&health);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  DkServerHealth *health;
  SoupMessage *msg = g_task_get_task_data (task);
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  status = soup_message_get_status (msg);
  if (status != SOUP_STATUS_OK)
    {
      g_task_return_new_error (task, DK_SERVER_PROBE_ERROR, DK_SERVER_PROBE_ERROR_UNHEALTHY,
                               _("the server answered with HTTP status %u"), status);
      return;
    }

  health = dk_server_health_parse (body, &error);
  if (health == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, health, (GDestroyNotify) dk_server_health_free);
}

void
dk_server_probe_async (SoupSession         *session,
                       const char          *server_url,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) base = NULL;
  g_autoptr(GUri) uri = NULL;
  SoupMessage *msg;

  g_return_if_fail (SOUP_IS_SESSION (session));
  g_return_if_fail (server_url != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dk_server_probe_async);

  base = g_uri_parse (server_url, G_URI_FLAGS_NONE, NULL);
  if (base == NULL ||
      (g_strcmp0 (g_uri_get_scheme (base), "http") != 0 && g_strcmp0 (g_uri_get_scheme (base), "https") != 0))
    {
      g_task_return_new_error (task, DK_SERVER_PROBE_ERROR, DK_SERVER_PROBE_ERROR_BAD_URL,
                               _("the server address must start with http:// or https://"));
      return;
    }

  uri = g_uri_parse_relative (base, "/healthz", G_URI_FLAGS_NONE, NULL);
  msg = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  g_task_set_task_data (task, msg, g_object_unref);

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    probe_cb, g_steal_pointer (&task));
}

DkServerHealth *
dk_server_probe_finish (GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
