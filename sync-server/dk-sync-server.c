#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dk-sync-server.h"

struct _DkSyncServer
{
  GObject     parent_instance;

  /* Owned References */
  SoupServer *soup;
  DkStore    *store;
  char       *listen_address;
  char       *tls_certificate;
  char       *tls_key;
  guint16     port;
};

G_DEFINE_FINAL_TYPE (DkSyncServer, dk_sync_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            JsonNode          *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *body = NULL;
  gsize length = 0;

  json_generator_set_root (generator, root);
  body = json_generator_to_data (generator, &length);

  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE,
                                    g_steal_pointer (&body), length);
}

/* Every error a client sees has a stable machine code and a sentence a person can read. */
static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *code,
             const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_add_string_value (builder, code);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  reply_json (msg, status, root);
}

/* Deliberately unauthenticated and free of case data: load balancers and monitoring call it. */
static void
handle_healthz (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  DkSyncServer *self = user_data;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  const char *method = soup_server_message_get_method (msg);

  if (g_strcmp0 (path, "/healthz") != 0)
    {
      reply_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", "No such endpoint");
      return;
    }

  if (method != SOUP_METHOD_GET && method != SOUP_METHOD_HEAD)
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", "GET, HEAD");
      reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "method-not-allowed", "Use GET for /healthz");
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "status");
  json_builder_add_string_value (builder, "ok");
  json_builder_set_member_name (builder, "version");
  json_builder_add_string_value (builder, PACKAGE_VERSION);
  json_builder_set_member_name (builder, "protocol");
  json_builder_add_int_value (builder, DK_SYNC_PROTOCOL_VERSION);
  json_builder_set_member_name (builder, "schema_version");
  json_builder_add_int_value (builder, dk_store_get_schema_version (self->store));
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  reply_json (msg, SOUP_STATUS_OK, root);
}

static void
handle_default (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  reply_error (msg, SOUP_STATUS_NOT_FOUND, "not-found", "No such endpoint");
}

static void
dk_sync_server_dispose (GObject *object)
{
  DkSyncServer *self = (DkSyncServer *)object;

  dk_sync_server_shutdown (self);
  g_clear_object (&self->soup);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dk_sync_server_parent_class)->dispose (object);
}

static void
dk_sync_server_finalize (GObject *object)
{
  DkSyncServer *self = (DkSyncServer *)object;

  g_clear_pointer (&self->listen_address, g_free);
  g_clear_pointer (&self->tls_certificate, g_free);
  g_clear_pointer (&self->tls_key, g_free);

  G_OBJECT_CLASS (dk_sync_server_parent_class)->finalize (object);
}

static void
dk_sync_server_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  DkSyncServer *self = DK_SYNC_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dk_sync_server_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  DkSyncServer *self = DK_SYNC_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dk_sync_server_class_init (DkSyncServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dk_sync_server_dispose;
  object_class->finalize = dk_sync_server_finalize;
  object_class->get_property = dk_sync_server_get_property;
  object_class->set_property = dk_sync_server_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         DK_TYPE_STORE,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dk_sync_server_init (DkSyncServer *self)
{
}

DkSyncServer *
dk_sync_server_new (const DkServerConfig *config,
                    DkStore              *store)
{
  DkSyncServer *self;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (DK_IS_STORE (store), NULL);

  self = g_object_new (DK_TYPE_SYNC_SERVER, "store", store, NULL);
  self->listen_address = g_strdup (config->listen_address);
  self->tls_certificate = g_strdup (config->tls_certificate);
  self->tls_key = g_strdup (config->tls_key);
  self->port = config->port;

  return self;
}

gboolean
dk_sync_server_listen (DkSyncServer  *self,
                       GError       **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  SoupServerListenOptions options = 0;

  g_return_val_if_fail (DK_IS_SYNC_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  if (self->tls_certificate != NULL)
    {
      certificate = g_tls_certificate_new_from_files (self->tls_certificate, self->tls_key, error);
      if (certificate == NULL)
        return FALSE;
      options |= SOUP_SERVER_LISTEN_HTTPS;
    }

  self->soup = g_object_new (SOUP_TYPE_SERVER,
                             "server-header", "draagkracht-sync/" PACKAGE_VERSION " ",
                             "tls-certificate", certificate,
                             NULL);
  soup_server_add_handler (self->soup, "/healthz", handle_healthz, self, NULL);
  soup_server_add_handler (self->soup, NULL, handle_default, self, NULL);

  inet = g_inet_address_new_from_string (self->listen_address);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IP address"), self->listen_address);
      return FALSE;
    }
  address = g_inet_socket_address_new (inet, self->port);

  return soup_server_listen (self->soup, address, options, error);
}

/* The address clients should use, with the port the system chose when the config asked for 0. */
char *
dk_sync_server_dup_base_uri (DkSyncServer *self)
{
  GSList *uris;
  char *ret = NULL;

  g_return_val_if_fail (DK_IS_SYNC_SERVER (self), NULL);

  if (self->soup == NULL)
    return NULL;

  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    ret = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return ret;
}

void
dk_sync_server_shutdown (DkSyncServer *self)
{
  g_return_if_fail (DK_IS_SYNC_SERVER (self));

  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
}
