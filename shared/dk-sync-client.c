#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <sodium.h>

#include "dk-replica-apply.h"
#include "dk-sync-client.h"
#include "dk-sync-protocol.h"

G_DEFINE_QUARK (dk-sync-client-error-quark, dk_sync_client_error)

#define DEFAULT_BATCH 200
#define DEFAULT_PAGE  5000

struct _DkSyncClient
{
  GObject  parent_instance;
  char    *base_url;
  GMutex   lock;      /* guards token: the UI sets it while a worker syncs */
  char    *token;
  guint    batch_size;
  guint    page_size;
};

G_DEFINE_FINAL_TYPE (DkSyncClient, dk_sync_client, G_TYPE_OBJECT)

static void
wipe_free (char *secret)
{
  if (secret != NULL)
    sodium_memzero (secret, strlen (secret));
  g_free (secret);
}

/* A string holding a secret, wiped when it goes out of scope. */
typedef char DkSecret;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkSecret, wipe_free)

void
dk_sync_session_free (DkSyncSession *session)
{
  if (session == NULL)
    return;
  /* Secrets do not linger in freed memory (sodium_memzero is not optimised away like memset). */
  wipe_free (session->token);
  wipe_free (session->refresh_token);
  g_free (session->user_id);
  g_free (session->role);
  g_free (session->display_name);
  g_free (session->device_id);
  g_clear_pointer (&session->expires_at, g_date_time_unref);
  g_free (session);
}

static void
dk_sync_client_finalize (GObject *object)
{
  DkSyncClient *self = DK_SYNC_CLIENT (object);

  g_free (self->base_url);
  wipe_free (self->token);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (dk_sync_client_parent_class)->finalize (object);
}

static void
dk_sync_client_class_init (DkSyncClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dk_sync_client_finalize;
}

static void
dk_sync_client_init (DkSyncClient *self)
{
  g_mutex_init (&self->lock);
  self->batch_size = DEFAULT_BATCH;
  self->page_size = DEFAULT_PAGE;
}

DkSyncClient *
dk_sync_client_new (const char *base_url)
{
  DkSyncClient *self;
  gsize len;

  g_return_val_if_fail (base_url != NULL, NULL);

  self = g_object_new (DK_TYPE_SYNC_CLIENT, NULL);
  len = strlen (base_url);
  while (len > 0 && base_url[len - 1] == '/')
    len--;
  self->base_url = g_strndup (base_url, len);
  return self;
}

const char *
dk_sync_client_get_base_url (DkSyncClient *self)
{
  g_return_val_if_fail (DK_IS_SYNC_CLIENT (self), NULL);

  return self->base_url;
}

void
dk_sync_client_set_token (DkSyncClient *self,
                          const char   *token)
{
  g_return_if_fail (DK_IS_SYNC_CLIENT (self));

  g_mutex_lock (&self->lock);
  wipe_free (self->token);
  self->token = g_strdup (token);
  g_mutex_unlock (&self->lock);
}

void
dk_sync_client_set_batch_size (DkSyncClient *self,
                               guint         max_changes)
{
  g_return_if_fail (DK_IS_SYNC_CLIENT (self));
  g_return_if_fail (max_changes > 0);

  self->batch_size = max_changes;
}

void
dk_sync_client_set_page_size (DkSyncClient *self,
                              guint         limit)
{
  g_return_if_fail (DK_IS_SYNC_CLIENT (self));
  g_return_if_fail (limit > 0);

  self->page_size = limit;
}

static char *
dup_token (DkSyncClient *self)
{
  char *token;

  g_mutex_lock (&self->lock);
  token = g_strdup (self->token);
  g_mutex_unlock (&self->lock);
  return token;
}

/* ---- one request ---- */

typedef struct
{
  guint     status;
  JsonNode *body;      /* the parsed JSON answer, or NULL */
} Reply;

static void
reply_clear (Reply *reply)
{
  g_clear_pointer (&reply->body, json_node_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reply, reply_clear)

static const char *
reply_string (const Reply *reply,
              const char  *member)
{
  if (reply->body == NULL || !JSON_NODE_HOLDS_OBJECT (reply->body))
    return NULL;
  return dk_replica_json_string (json_node_get_object (reply->body), member);
}

/* Sends one request and reads its JSON answer, whatever the status; only a failure to get an answer at
 * all (no network, the server down, a broken connection) is an error here. */
static gboolean
send_request (DkSyncClient  *self,
              SoupSession   *session,
              const char    *method,
              const char    *path,
              const char    *token,
              JsonNode      *body,
              Reply         *out_reply,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autofree char *uri = g_strconcat (self->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) local_error = NULL;
  SoupMessageHeaders *headers;
  g_autofree char *protocol = g_strdup_printf ("%d", DK_SYNC_PROTOCOL_VERSION);
  gsize size = 0;
  const char *data;

  msg = soup_message_new (method, uri);
  if (msg == NULL)
    {
      g_set_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_OFFLINE,
                   _("The sync server address “%s” is not a web address."), self->base_url);
      return FALSE;
    }
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Draagkracht-Protocol", protocol);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize len = strlen (text);

      soup_message_set_request_body_from_bytes (msg, "application/json",
                                                g_bytes_new_take (g_steal_pointer (&text), len));
    }

  answer = soup_session_send_and_read (session, msg, cancellable, &local_error);
  if (answer == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_OFFLINE,
                     _("Could not reach the sync server: %s"), local_error->message);
      return FALSE;
    }

  out_reply->status = soup_message_get_status (msg);
  data = g_bytes_get_data (answer, &size);
  if (size > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      if (json_parser_load_from_data (parser, data, (gssize) size, NULL))
        out_reply->body = json_parser_steal_root (parser);
    }
  return TRUE;
}

/* Turns a status the caller does not handle itself into the error a person can act on. */
static gboolean
fail_with_status (const Reply  *reply,
                  GError      **error)
{
  const char *code = reply_string (reply, "error");
  const char *message = reply_string (reply, "message");

  switch (reply->status)
    {
    case SOUP_STATUS_UNAUTHORIZED:
      if (g_strcmp0 (code, "token-expired") == 0)
        g_set_error_literal (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_TOKEN_EXPIRED,
                             _("Your session has expired."));
      else if (g_strcmp0 (code, "invalid-credentials") == 0)
        g_set_error_literal (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_UNAUTHORIZED,
                             _("The user name or password is not right, or the account is locked for a while."));
      else
        g_set_error_literal (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_UNAUTHORIZED,
                             _("Your session has ended. Please sign in again."));
      return FALSE;

    case SOUP_STATUS_FORBIDDEN:
      if (g_strcmp0 (code, "device-revoked") == 0)
        g_set_error_literal (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_DEVICE_REVOKED,
                             _("An administrator has blocked this device. The dossiers stored on it are removed."));
      else if (g_strcmp0 (code, "user-disabled") == 0)
        g_set_error_literal (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_UNAUTHORIZED,
                             _("Your account has been disabled. Please contact your administrator."));
      else
        g_set_error_literal (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_REFUSED,
                             _("Your account may not synchronise dossiers."));
      return FALSE;

    case 426: /* Upgrade Required */
      g_set_error_literal (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_VERSION_MISMATCH,
                           _("The sync server needs another version of Draagkracht. Please update the app."));
      return FALSE;

    case SOUP_STATUS_SERVICE_UNAVAILABLE:
    case 429: /* Too Many Requests */
      g_set_error_literal (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_BUSY,
                           _("The sync server is busy. Synchronising will be tried again shortly."));
      return FALSE;

    default:
      if (reply->status >= 400 && reply->status < 500)
        {
          if (message != NULL)
            g_set_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_REFUSED,
                         _("The sync server refused the request: %s"), message);
          else
            g_set_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_REFUSED,
                         _("The sync server refused the request (HTTP %u)."), reply->status);
        }
      else
        g_set_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_SERVER,
                     _("The sync server had a problem (HTTP %u). Please try again later."), reply->status);
      return FALSE;
    }
}

static gboolean
unreadable (GError **error)
{
  g_set_error_literal (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_SERVER,
                       _("The sync server sent an answer this version cannot read."));
  return FALSE;
}

static SoupSession *
new_session (void)
{
  return soup_session_new_with_options ("user-agent", "Draagkracht/" PACKAGE_VERSION, "timeout", 120, NULL);
}

/* ---- sign-in ---- */

static DkSyncSession *
session_from_reply (const Reply  *reply,
                    GError      **error)
{
  g_autoptr(DkSyncSession) session = g_new0 (DkSyncSession, 1);
  JsonObject *object;
  JsonObject *user;
  const char *expires;

  if (reply->body == NULL || !JSON_NODE_HOLDS_OBJECT (reply->body))
    return unreadable (error), NULL;
  object = json_node_get_object (reply->body);
  user = dk_replica_json_object (object, "user");
  session->token = g_strdup (dk_replica_json_string (object, "token"));
  session->refresh_token = g_strdup (dk_replica_json_string (object, "refresh_token"));
  session->device_id = g_strdup (dk_replica_json_string (object, "device_id"));
  expires = dk_replica_json_string (object, "expires_at");
  if (user != NULL)
    {
      session->user_id = g_strdup (dk_replica_json_string (user, "id"));
      session->role = g_strdup (dk_replica_json_string (user, "role"));
      session->display_name = g_strdup (dk_replica_json_string (user, "display_name"));
    }
  if (expires != NULL)
    session->expires_at = g_date_time_new_from_iso8601 (expires, NULL);
  if (session->token == NULL || session->refresh_token == NULL || session->device_id == NULL ||
      session->user_id == NULL || session->expires_at == NULL)
    return unreadable (error), NULL;
  return g_steal_pointer (&session);
}

static DkSyncSession *
post_session (DkSyncClient  *self,
              const char    *path,
              JsonObject    *body,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), body);
  g_auto(Reply) reply = { 0 };

  if (!send_request (self, session, SOUP_METHOD_POST, path, NULL, node, &reply, cancellable, error))
    return NULL;
  if (reply.status != SOUP_STATUS_OK && reply.status != SOUP_STATUS_CREATED)
    return fail_with_status (&reply, error), NULL;
  return session_from_reply (&reply, error);
}

DkSyncSession *
dk_sync_client_sign_in_sync (DkSyncClient  *self,
                             const char    *user_name,
                             const char    *password,
                             const char    *device_id,
                             const char    *device_name,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_val_if_fail (DK_IS_SYNC_CLIENT (self), NULL);
  g_return_val_if_fail (user_name != NULL && password != NULL, NULL);
  g_return_val_if_fail (device_id != NULL || device_name != NULL, NULL);

  json_object_set_string_member (body, "user_name", user_name);
  json_object_set_string_member (body, "password", password);
  if (device_id != NULL)
    json_object_set_string_member (body, "device_id", device_id);
  else
    json_object_set_string_member (body, "device_name", device_name);
  return post_session (self, "/v1/session", body, cancellable, error);
}

DkSyncSession *
dk_sync_client_refresh_sync (DkSyncClient  *self,
                             const char    *refresh_token,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(JsonObject) body = json_object_new ();

  g_return_val_if_fail (DK_IS_SYNC_CLIENT (self), NULL);
  g_return_val_if_fail (refresh_token != NULL, NULL);

  json_object_set_string_member (body, "refresh_token", refresh_token);
  return post_session (self, "/v1/session/refresh", body, cancellable, error);
}

/* ---- sync ---- */

typedef struct
{
  DkSyncClient       *self;
  SoupSession        *session;
  char               *token;
  DkReplica          *replica;
  DkSyncProgressFunc  progress;
  gpointer            progress_data;
  DkSyncReport        report;
  GCancellable       *cancellable;
} Run;

static void
report_progress (Run *run)
{
  if (run->progress != NULL)
    run->progress (&run->report, run->progress_data);
}

static void
count_answers (Run      *run,
               JsonNode *answer)
{
  JsonArray *results = dk_replica_json_array (json_node_get_object (answer), "results");

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);
      const char *status = JSON_NODE_HOLDS_OBJECT (node)
                           ? dk_replica_json_string (json_node_get_object (node), "status") : NULL;

      run->report.pushed++;
      if (g_strcmp0 (status, "applied") == 0)
        run->report.applied++;
      else if (g_strcmp0 (status, "conflict") == 0)
        run->report.conflicts++;
      else if (g_strcmp0 (status, "refused") == 0)
        run->report.refused++;
    }
}

static gboolean
push_all (Run     *run,
          GError **error)
{
  for (;;)
    {
      g_autoptr(JsonNode) request = NULL;
      g_auto(Reply) reply = { 0 };
      g_autoptr(GError) local_error = NULL;

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;
      request = dk_replica_take_batch (run->replica, run->self->batch_size, &local_error);
      if (request == NULL)
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          return TRUE;
        }

      if (!send_request (run->self, run->session, SOUP_METHOD_POST, "/v1/push", run->token, request, &reply,
                         run->cancellable, error))
        return FALSE;
      if (reply.status != SOUP_STATUS_OK)
        return fail_with_status (&reply, error);
      if (reply.body == NULL || !JSON_NODE_HOLDS_OBJECT (reply.body))
        return unreadable (error);
      if (!dk_replica_record_answers (run->replica, reply.body, error))
        return FALSE;
      count_answers (run, reply.body);
      report_progress (run);
    }
}

/* The most dossiers one pull asks for again (the server's MAX_PULL_REFETCH); more wait for the next sync. */
#define MAX_REFETCH 100

static gboolean
pull_all (Run     *run,
          GError **error)
{
  g_auto(GStrv) refetch = NULL;
  gboolean has_more = TRUE;

  refetch = dk_replica_dup_refetch (run->replica, MAX_REFETCH, error);
  if (refetch == NULL)
    return FALSE;

  while (has_more)
    {
      g_auto(Reply) reply = { 0 };
      g_autofree char *path = NULL;
      gint64 cursor = 0;
      JsonArray *changes;

      if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
        return FALSE;
      if (!dk_replica_get_cursor (run->replica, &cursor, error))
        return FALSE;
      path = g_strdup_printf ("/v1/pull?cursor=%" G_GINT64_FORMAT "&limit=%u", cursor, run->self->page_size);
      /* Until a page is in: the snapshots are then on the server's way (a lost page comes again). */
      if (refetch[0] != NULL)
        {
          g_autofree char *ids = g_strjoinv (",", refetch);
          char *with_refetch = g_strconcat (path, "&refetch=", ids, NULL);

          g_free (path);
          path = with_refetch;
        }
      if (!send_request (run->self, run->session, SOUP_METHOD_GET, path, run->token, NULL, &reply,
                         run->cancellable, error))
        return FALSE;

      if (reply.status == SOUP_STATUS_CONFLICT && g_strcmp0 (reply_string (&reply, "error"), "resync-required") == 0)
        {
          /* The outbox went out before this pull, and a reset keeps it: no local edit is lost. */
          if (run->report.resynced)
            return unreadable (error);
          if (!dk_replica_reset (run->replica, error))
            return FALSE;
          run->report.resynced = TRUE;
          continue;
        }
      if (reply.status != SOUP_STATUS_OK)
        return fail_with_status (&reply, error);
      if (reply.body == NULL)
        return unreadable (error);
      if (!dk_replica_apply_page (run->replica, reply.body, &run->report.cursor, &has_more, error))
        return FALSE;
      if (refetch[0] != NULL)
        {
          if (!dk_replica_clear_refetch (run->replica, (const char * const *) refetch, error))
            return FALSE;
          g_clear_pointer (&refetch, g_strfreev);
          refetch = g_new0 (char *, 1);
        }
      changes = dk_replica_json_array (json_node_get_object (reply.body), "changes");
      run->report.pulled += json_array_get_length (changes);
      report_progress (run);
    }
  return TRUE;
}

gboolean
dk_sync_client_run_sync (DkSyncClient        *self,
                         DkReplica           *replica,
                         DkSyncProgressFunc   progress,
                         gpointer             progress_data,
                         DkSyncReport        *out_report,
                         GCancellable        *cancellable,
                         GError             **error)
{
  g_autoptr(SoupSession) session = new_session ();
  g_autoptr(DkSecret) token = dup_token (self);
  Run run = { self, session, token, replica, progress, progress_data, { 0 }, cancellable };
  gboolean ok;

  g_return_val_if_fail (DK_IS_SYNC_CLIENT (self), FALSE);
  g_return_val_if_fail (DK_IS_REPLICA (replica), FALSE);

  if (token == NULL)
    {
      g_set_error_literal (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_UNAUTHORIZED,
                           _("Sign in before synchronising."));
      return FALSE;
    }

  /* Push first: a pull may purge a dossier or reset the replica, and both keep only what is answered. */
  ok = push_all (&run, error) && pull_all (&run, error);
  if (out_report != NULL)
    *out_report = run.report;
  return ok;
}

/* ---- in a worker thread ---- */

typedef struct
{
  char               *replica_path;
  DkSyncProgressFunc  progress;
  gpointer            progress_data;
  GMainContext       *context;
  DkSyncReport        report;
} RunData;

static void
run_data_free (RunData *data)
{
  g_free (data->replica_path);
  g_main_context_unref (data->context);
  g_free (data);
}

typedef struct
{
  DkSyncProgressFunc progress;
  gpointer           progress_data;
  DkSyncReport       report;
} ProgressCall;

static gboolean
progress_in_caller (gpointer user_data)
{
  ProgressCall *call = user_data;

  call->progress (&call->report, call->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_from_worker (const DkSyncReport *so_far,
                      gpointer            user_data)
{
  RunData *data = user_data;
  ProgressCall *call = g_new (ProgressCall, 1);

  call->progress = data->progress;
  call->progress_data = data->progress_data;
  call->report = *so_far;
  g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, progress_in_caller, call, g_free);
}

static void
run_in_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DkSyncClient *self = source_object;
  RunData *data = task_data;
  g_autoptr(DkReplica) replica = NULL;
  GError *error = NULL;

  replica = dk_replica_open (data->replica_path, &error);
  if (replica == NULL ||
      !dk_sync_client_run_sync (self, replica, data->progress != NULL ? progress_from_worker : NULL, data,
                                &data->report, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
dk_sync_client_run_async (DkSyncClient        *self,
                          const char          *replica_path,
                          DkSyncProgressFunc   progress,
                          gpointer             progress_data,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RunData *data;

  g_return_if_fail (DK_IS_SYNC_CLIENT (self));
  g_return_if_fail (replica_path != NULL);

  data = g_new0 (RunData, 1);
  data->replica_path = g_strdup (replica_path);
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dk_sync_client_run_async);
  g_task_set_task_data (task, data, (GDestroyNotify) run_data_free);
  g_task_run_in_thread (task, run_in_thread);
}

gboolean
dk_sync_client_run_finish (DkSyncClient  *self,
                           GAsyncResult  *result,
                           DkSyncReport  *out_report,
                           GError       **error)
{
  GTask *task = G_TASK (result);

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (out_report != NULL)
    *out_report = ((RunData *) g_task_get_task_data (task))->report;
  return g_task_propagate_boolean (task, error);
}

/* ---- one authenticated request ---- */

/* The statuses an ordinary request meets that the sync does not; the rest as the sync reads them. */
static gboolean
fail_request (const Reply  *reply,
              GError      **error)
{
  switch (reply->status)
    {
    case SOUP_STATUS_FORBIDDEN:
      if (g_strcmp0 (reply_string (reply, "error"), "forbidden") != 0)
        break;
      g_set_error_literal (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_FORBIDDEN,
                           _("Your role does not allow this. Ask an administrator if you need it."));
      return FALSE;

    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      g_set_error_literal (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_TOO_LARGE,
                           _("This is more than the sync server accepts in one request."));
      return FALSE;

    case SOUP_STATUS_NOT_FOUND:
      g_set_error_literal (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_NOT_FOUND,
                           _("The sync server does not offer this. It may need an update."));
      return FALSE;

    default:
      break;
    }

  /* Any other refusal: the server's own sentence says what was wrong, for the caller to put in context
   * ("This file cannot be imported: …"). */
  if (reply->status >= 400 && reply->status < 500 && reply->status != SOUP_STATUS_UNAUTHORIZED &&
      reply->status != SOUP_STATUS_FORBIDDEN && reply->status != 426 && reply->status != 429 &&
      reply_string (reply, "message") != NULL)
    {
      g_set_error_literal (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_REFUSED, reply_string (reply, "message"));
      return FALSE;
    }
  return fail_with_status (reply, error);
}

JsonNode *
dk_sync_client_request_json_sync (DkSyncClient  *self,
                                  const char    *method,
                                  const char    *path,
                                  JsonNode      *body,
                                  GCancellable  *cancellable,
                                  GError       **error)
{
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(DkSecret) token = NULL;
  g_auto(Reply) reply = { 0 };

  g_return_val_if_fail (DK_IS_SYNC_CLIENT (self), NULL);
  g_return_val_if_fail (method != NULL, NULL);
  g_return_val_if_fail (path != NULL && path[0] == '/', NULL);

  token = dup_token (self);
  if (token == NULL)
    {
      g_set_error_literal (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_UNAUTHORIZED,
                           _("Sign in before asking the sync server."));
      return NULL;
    }

  session = new_session ();
  if (!send_request (self, session, method, path, token, body, &reply, cancellable, error))
    return NULL;
  if (reply.status < 200 || reply.status >= 300)
    return fail_request (&reply, error), NULL;
  if (reply.status == SOUP_STATUS_NO_CONTENT)
    return json_node_new (JSON_NODE_NULL);
  /* A success without JSON is not one this version can use. */
  if (reply.body == NULL)
    return unreadable (error), NULL;
  return g_steal_pointer (&reply.body);
}

typedef struct
{
  char     *method;
  char     *path;
  JsonNode *body;
} RequestData;

static void
request_data_free (RequestData *data)
{
  g_free (data->method);
  g_free (data->path);
  g_clear_pointer (&data->body, json_node_unref);
  g_free (data);
}

static void
request_in_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  RequestData *data = task_data;
  GError *error = NULL;
  JsonNode *answer = dk_sync_client_request_json_sync (source_object, data->method, data->path, data->body,
                                                       cancellable, &error);

  if (answer == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, answer, (GDestroyNotify) json_node_unref);
}

/* @body is sent from the worker thread: the caller leaves it as it is until the callback. */
void
dk_sync_client_request_json_async (DkSyncClient        *self,
                                   const char          *method,
                                   const char          *path,
                                   JsonNode            *body,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RequestData *data;

  g_return_if_fail (DK_IS_SYNC_CLIENT (self));
  g_return_if_fail (method != NULL);
  g_return_if_fail (path != NULL && path[0] == '/');

  data = g_new0 (RequestData, 1);
  data->method = g_strdup (method);
  data->path = g_strdup (path);
  data->body = body != NULL ? json_node_ref (body) : NULL;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, dk_sync_client_request_json_async);
  g_task_set_task_data (task, data, (GDestroyNotify) request_data_free);
  g_task_run_in_thread (task, request_in_thread);
}

JsonNode *
dk_sync_client_request_json_finish (DkSyncClient  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dk_sync_client_request_json_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
