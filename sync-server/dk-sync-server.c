#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dk-auth-endpoints.h"
#include "dk-auth-worker.h"
#include "dk-device-endpoints.h"
#include "dk-http-reply.h"
#include "dk-http-router.h"
#include "dk-sync-endpoints.h"
#include "dk-sync-worker.h"
#include "dk-metrics.h"
#include "dk-sync-compact.h"
#include "dk-rate-limit.h"
#include "dk-request-limits.h"
#include "dk-signal-endpoints.h"
#include "dk-sync-server.h"

#define DEFAULT_LOGIN_BURST            10
#define DEFAULT_LOGIN_PER_MINUTE       10
#define DEFAULT_MAX_CONCURRENT_LOGINS  2
#define DEFAULT_SHUTDOWN_GRACE_SECONDS 10
#define MAX_DEFAULT_SYNC_JOBS          8
#define DEFAULT_MAX_QUEUED_SYNC_JOBS   32

struct _DkSyncServer
{
  GObject          parent_instance;

  /* Owned References */
  SoupServer      *soup;
  DkStore         *store;
  GMainContext    *context;
  DkHttpRouter    *router;
  DkMetrics       *metrics;
  DkAuthWorker    *worker;
  DkSyncWorker    *sync_worker;
  DkAuthEndpoints *auth_endpoints;
  char            *listen_address;
  char            *tls_certificate;
  char            *tls_key;
  guint16          port;
  guint            max_request_bytes;
  guint            request_timeout_seconds;
  guint            shutdown_grace_seconds;
  guint            tombstone_days;
  guint            compact_first_seconds;
  guint            compact_source;
  gboolean         stopped;
};

G_DEFINE_FINAL_TYPE (DkSyncServer, dk_sync_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define START_KEY "dk-sync-server-start-us"

/* Compaction is idempotent and cheap when there is nothing to remove, so a few runs a day keep the
 * store within its retention window without anyone scheduling it. */
#define COMPACT_FIRST_SECONDS 60

#define LISTEN_BACKLOG 256
#define COMPACT_EVERY_SECONDS (6 * 60 * 60)

/* Deliberately unauthenticated and free of case data: load balancers and monitoring call it. */
static void
handle_healthz (DkHttpRequest *request,
                gpointer       user_data)
{
  DkSyncServer *self = user_data;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

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
  dk_http_reply_json (dk_http_request_get_message (request), SOUP_STATUS_OK, root);
}

static void
handle_any (SoupServer        *server,
            SoupServerMessage *msg,
            const char        *path,
            GHashTable        *query,
            gpointer           user_data)
{
  DkSyncServer *self = user_data;

  dk_http_router_dispatch (self->router, msg, path);
}

static void
on_request_started (SoupServer        *server,
                    SoupServerMessage *msg,
                    DkSyncServer      *self)
{
  gint64 *start = g_new (gint64, 1);

  *start = g_get_monotonic_time ();
  g_object_set_data_full (G_OBJECT (msg), START_KEY, start, g_free);
}

static void
observe (DkSyncServer      *self,
         SoupServerMessage *msg,
         gboolean           aborted)
{
  const gint64 *start = g_object_get_data (G_OBJECT (msg), START_KEY);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *endpoint = uri != NULL ? dk_http_router_get_endpoint (self->router, g_uri_get_path (uri)) : NULL;
  guint status = soup_server_message_get_status (msg);

  /* libsoup reports a deliberate 500 as aborted too; it was an answer all the same. */
  if (aborted && status == SOUP_STATUS_INTERNAL_SERVER_ERROR)
    aborted = FALSE;

  dk_metrics_observe_request (self->metrics, soup_server_message_get_method (msg), endpoint, status, aborted,
                              start != NULL ? g_get_monotonic_time () - *start : 0);
}

static void
on_request_finished (SoupServer        *server,
                     SoupServerMessage *msg,
                     DkSyncServer      *self)
{
  observe (self, msg, FALSE);
}

static void
on_request_aborted (SoupServer        *server,
                    SoupServerMessage *msg,
                    DkSyncServer      *self)
{
  observe (self, msg, TRUE);
}

static void
dk_sync_server_dispose (GObject *object)
{
  DkSyncServer *self = (DkSyncServer *)object;

  dk_sync_server_shutdown (self);
  g_clear_object (&self->soup);
  g_clear_object (&self->auth_endpoints);
  g_clear_object (&self->worker);
  g_clear_object (&self->sync_worker);
  g_clear_object (&self->router);
  g_clear_object (&self->metrics);
  g_clear_object (&self->store);
  g_clear_pointer (&self->context, g_main_context_unref);

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
  return dk_sync_server_new_full (config, store, NULL);
}

DkSyncServer *
dk_sync_server_new_full (const DkServerConfig      *config,
                         DkStore                   *store,
                         const DkSyncServerOptions *options)
{
  static const DkSyncServerOptions defaults = { 0 };
  DkSyncServer *self;
  DkAuthParams params;
  DkRateLimiter *limiter;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (DK_IS_STORE (store), NULL);

  if (options == NULL)
    options = &defaults;

  if (options->auth_params != NULL)
    params = *options->auth_params;
  else
    dk_auth_params_init (&params, config);

  self = g_object_new (DK_TYPE_SYNC_SERVER, "store", store, NULL);
  self->listen_address = g_strdup (config->listen_address);
  self->tls_certificate = g_strdup (config->tls_certificate);
  self->tls_key = g_strdup (config->tls_key);
  self->port = config->port;
  self->max_request_bytes = config->max_request_bytes;
  self->request_timeout_seconds = config->request_timeout_seconds;
  self->tombstone_days = config->tombstone_days;
  self->compact_first_seconds = options->compact_first_seconds != 0 ? options->compact_first_seconds
                                                                    : COMPACT_FIRST_SECONDS;
  self->shutdown_grace_seconds = options->shutdown_grace_seconds != 0 ? options->shutdown_grace_seconds
                                                                      : DEFAULT_SHUTDOWN_GRACE_SECONDS;

  self->router = dk_http_router_new (store);
  self->metrics = dk_metrics_new (store);
  self->worker = dk_auth_worker_new (store, &params,
                                     options->max_concurrent_logins != 0 ? options->max_concurrent_logins
                                                                         : DEFAULT_MAX_CONCURRENT_LOGINS);
  limiter = dk_rate_limiter_new (options->login_burst != 0 ? options->login_burst : DEFAULT_LOGIN_BURST,
                                 options->login_per_minute != 0 ? options->login_per_minute
                                                                : DEFAULT_LOGIN_PER_MINUTE);
  self->auth_endpoints = dk_auth_endpoints_new (store, &params, self->worker, limiter, self->metrics);
  /* A push or pull keeps one processor busy with SQLite work, and writers take turns on the write
   * lock however many there are: more threads than processors would only add waiting. */
  self->sync_worker = dk_sync_worker_new (store,
                                          options->max_sync_jobs != 0 ? options->max_sync_jobs
                                                                      : CLAMP (g_get_num_processors (), 1,
                                                                               MAX_DEFAULT_SYNC_JOBS),
                                          options->max_queued_sync_jobs != 0 ? options->max_queued_sync_jobs
                                                                             : DEFAULT_MAX_QUEUED_SYNC_JOBS);

  dk_http_router_add (self->router, SOUP_METHOD_GET, "/healthz", DK_ROUTE_NO_PROTOCOL, 0, NULL,
                      handle_healthz, self);
  dk_metrics_register (self->metrics, self->router);
  dk_auth_endpoints_register (self->auth_endpoints, self->router);
  dk_device_endpoints_register (self->router, store);
  dk_sync_endpoints_register (self->router, self->sync_worker, self->metrics, config->max_batch_changes);
  dk_signal_endpoints_register (self->router, self->sync_worker, config->signal_policy_file);

  return self;
}

/* ---- compaction ---- */


static gboolean
compact_job (DkStore   *store,
             gpointer   job,
             GError   **error)
{
  return dk_sync_compact_scheduled (store, GPOINTER_TO_UINT (job), error);
}

static void
on_compacted (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A busy store or a shutdown only postpones it to the next run. */
  if (!dk_sync_worker_run_finish (DK_SYNC_WORKER (object), result, &error))
    g_message ("Compaction did not run: %s", error->message);
}

static void
compact (DkSyncServer *self)
{
  dk_sync_worker_run_async (self->sync_worker, compact_job, GUINT_TO_POINTER (self->tombstone_days),
                            on_compacted, NULL);
}

static gboolean
compact_regularly (gpointer user_data)
{
  compact (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
compact_first (gpointer user_data)
{
  DkSyncServer *self = user_data;

  compact (self);
  self->compact_source = g_timeout_add_seconds (COMPACT_EVERY_SECONDS, compact_regularly, self);
  return G_SOURCE_REMOVE;
}

gboolean
dk_sync_server_listen (DkSyncServer  *self,
                       GError       **error)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocket) socket = NULL;
  SoupServerListenOptions options = 0;
  const char *store_path;

  g_return_val_if_fail (DK_IS_SYNC_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  store_path = dk_store_get_path (self->store);
  if (store_path == NULL || g_str_equal (store_path, "") || g_str_equal (store_path, ":memory:"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The sync server needs its central store in a file, not in memory."));
      return FALSE;
    }

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
  self->context = g_main_context_ref_thread_default ();

  /* Metrics first: the start time must be there before anything else looks at the request. */
  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (on_request_started), self, 0);
  g_signal_connect_object (self->soup, "request-finished", G_CALLBACK (on_request_finished), self, 0);
  g_signal_connect_object (self->soup, "request-aborted", G_CALLBACK (on_request_aborted), self, 0);
  dk_request_limits_attach (self->soup, self->max_request_bytes, self->request_timeout_seconds);
  soup_server_add_handler (self->soup, NULL, handle_any, self, NULL);

  inet = g_inet_address_new_from_string (self->listen_address);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not an IP address"), self->listen_address);
      return FALSE;
    }
  address = g_inet_socket_address_new (inet, self->port);

  /* Our own socket, for its backlog: GSocket's default of 10 makes the kernel reset connections
   * when a team's laptops reconnect at once (tests/bench/bench-sync.c saw it with 50 clients). */
  socket = g_socket_new (g_inet_address_get_family (inet), G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, address, TRUE, error) ||
      !g_socket_listen (socket, error) ||
      !soup_server_listen_socket (self->soup, socket, options, error))
    return FALSE;

  self->compact_source = g_timeout_add_seconds (self->compact_first_seconds, compact_first, self);
  return TRUE;
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
dk_sync_server_get_sync_jobs (DkSyncServer *self,
                              guint        *out_running,
                              guint        *out_queued)
{
  g_return_if_fail (DK_IS_SYNC_SERVER (self));

  if (out_running != NULL)
    *out_running = dk_sync_worker_get_n_running (self->sync_worker);
  if (out_queued != NULL)
    *out_queued = dk_sync_worker_get_n_queued (self->sync_worker);
}

static gboolean
on_deadline (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main context until no request waits for an answer or @ms have passed. */
static void
wait_for_active (DkSyncServer *self,
                 guint         ms)
{
  g_autoptr(GSource) deadline = g_timeout_source_new (ms);
  gboolean expired = FALSE;

  g_source_set_callback (deadline, on_deadline, &expired, NULL);
  g_source_attach (deadline, self->context);

  while (!expired && dk_http_router_get_n_active (self->router) > 0)
    g_main_context_iteration (self->context, TRUE);

  g_source_destroy (deadline);
}

void
dk_sync_server_shutdown (DkSyncServer *self)
{
  g_return_if_fail (DK_IS_SYNC_SERVER (self));

  if (self->soup == NULL || self->stopped)
    return;
  self->stopped = TRUE;
  g_clear_handle_id (&self->compact_source, g_source_remove);

  /* Requests that arrive meanwhile are answered 503, logins, pushes and pulls that did not start yet
   * too; logins that are hashing and syncs that are running get the grace time to finish and be
   * answered. A push that finishes after that has still committed: its client, answered 503, sends
   * it again and gets the answer it missed. */
  dk_http_router_set_draining (self->router, TRUE);
  dk_auth_worker_close (self->worker);
  dk_sync_worker_close (self->sync_worker);
  wait_for_active (self, self->shutdown_grace_seconds * 1000);

  if (dk_http_router_get_n_active (self->router) > 0)
    {
      dk_http_router_abort_paused (self->router, _("The server is shutting down. Try again in a moment."));
      wait_for_active (self, 1000);
    }

  soup_server_disconnect (self->soup);
}
