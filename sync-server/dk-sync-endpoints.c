#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-sync-endpoints.h"
#include "dk-sync-error.h"
#include "dk-sync-pull.h"
#include "dk-sync-push.h"
#include "dk-uuid.h"

#define DEFAULT_PULL_LIMIT 500
#define MAX_PULL_LIMIT 5000
/* Dossiers one pull may ask for again (PROTOCOL.md, "Pull"): each costs a snapshot. */
#define MAX_PULL_REFETCH 100

typedef struct
{
  DkSyncWorker *worker;
  DkMetrics    *metrics;
  guint         max_batch_changes;
} SyncEndpoints;

static void
sync_endpoints_free (SyncEndpoints *self)
{
  g_clear_object (&self->worker);
  g_clear_object (&self->metrics);
  g_free (self);
}

/*
 * One push or pull, handed to a worker thread. The thread reads the request (its principal and
 * body) and writes only @answer; everything else is made and released on the main thread, before
 * the job starts and after its callback (json-glib's reference counts are not atomic).
 */
typedef struct
{
  DkMetrics             *metrics;    /* main thread only */
  DkHttpRequest         *request;
  const DkAuthPrincipal *principal;  /* the request's */
  JsonNode              *body;       /* push: the request's body */
  guint                  max_batch;
  gint64                 cursor;     /* pull */
  guint                  limit;      /* pull */
  gboolean               bad_query;  /* pull: only the failure is audited */
  gboolean               bad_refetch; /* pull: refetch is not a list of dossier ids */
  char                 **refetch;    /* pull: dossier ids to send again as snapshots, or NULL */
  JsonNode              *answer;     /* out */
} SyncJob;

static SyncJob *
sync_job_new (SyncEndpoints *self,
              DkHttpRequest *request)
{
  SyncJob *job = g_new0 (SyncJob, 1);

  job->metrics = self->metrics;
  job->request = dk_http_request_ref (request);
  job->principal = dk_http_request_get_principal (request);
  return job;
}

static void
sync_job_free (SyncJob *job)
{
  g_clear_pointer (&job->answer, json_node_unref);
  g_clear_pointer (&job->body, json_node_unref);
  g_clear_pointer (&job->refetch, g_strfreev);
  g_clear_pointer (&job->request, dk_http_request_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SyncJob, sync_job_free)

static void
reply_sync_error (SoupServerMessage *msg,
                  const char        *what,
                  GError            *error)
{
  if (error->domain == DK_SYNC_ERROR)
    dk_http_reply_error (msg, dk_sync_error_http_status (error->code), dk_sync_error_code_name (error->code),
                         error->message);
  else
    dk_http_reply_internal (msg, what, error);
}

/* Answers the request of @job on the main thread, unless it is no longer waiting: answered 503 by
 * a shutdown that could not wait, or the client is gone. Its work is done (and audited) all the
 * same; the client sends it again and gets the same answer (a push) or the same page (a pull). */
static void
finish_job (SyncJob      *job,
            const char   *what,
            GObject      *worker,
            GAsyncResult *result)
{
  SoupServerMessage *msg = dk_http_request_get_message (job->request);
  g_autoptr(GError) error = NULL;

  if (!dk_sync_worker_run_finish (DK_SYNC_WORKER (worker), result, &error))
    {
      if (dk_http_request_is_paused (job->request))
        {
          reply_sync_error (msg, what, error);
          dk_http_request_resume (job->request);
        }
      return;
    }

  if (!dk_http_request_is_paused (job->request))
    return;

  if (job->bad_query)
    {
      g_autofree char *message = NULL;

      if (job->bad_refetch)
        message = g_strdup_printf (_("Give refetch as a comma-separated list of at most %u dossier ids."),
                                   MAX_PULL_REFETCH);
      else
        message = g_strdup_printf (_("Give cursor as a whole number of 0 or more and limit as a "
                                     "whole number from 1 to %u."), MAX_PULL_LIMIT);
      dk_http_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid-value", message);
    }
  else
    {
      dk_http_reply_json (msg, SOUP_STATUS_OK, job->answer);
    }
  dk_http_request_resume (job->request);
}

/* The request's own audit row, written after the push or pull committed or failed. */
static void
audit_request (DkStore               *store,
               const DkAuthPrincipal *principal,
               const char            *action,
               gboolean               ok,
               const GError          *error)
{
  /* A store that stayed locked for the whole busy timeout would most likely keep this row waiting
   * as long again, and the client with it: that failure goes to the log instead. */
  if (!ok && g_error_matches (error, DK_STORE_ERROR, DK_STORE_ERROR_BUSY))
    {
      g_message ("%s failed: the central store stayed busy (not audited)", action);
      return;
    }

  dk_auth_audit_logged (store, principal, action, ok ? DK_AUDIT_SUCCESS : DK_AUDIT_FAILED);
}

/* ---- POST /v1/push ---- */

static gboolean
push_job (DkStore   *store,
          gpointer   data,
          GError   **error)
{
  SyncJob *job = data;
  gboolean ok;

  ok = dk_sync_push (store, job->principal, job->body, job->max_batch, &job->answer, error);
  audit_request (store, job->principal, "sync.push", ok, ok ? NULL : *error);
  return ok;
}

static void
on_push_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SyncJob) job = user_data;

  finish_job (job, "push", object, result);
  dk_metrics_count_push (job->metrics, job->answer);
}

static void
handle_push (DkHttpRequest *request,
             gpointer       user_data)
{
  SyncEndpoints *self = user_data;
  SyncJob *job = sync_job_new (self, request);

  job->body = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (job->body, dk_http_request_get_body (request));
  job->max_batch = self->max_batch_changes;

  dk_http_request_pause (request);
  dk_sync_worker_run_async (self->worker, push_job, job, on_push_done, job);
}

/* ---- GET /v1/pull ---- */

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

/* A missing parameter keeps *out NULL; anything but 1 to MAX_PULL_REFETCH dossier ids is FALSE. */
static gboolean
query_ids (GHashTable   *query,
           const char   *name,
           char       ***out)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, name) : NULL;
  g_auto(GStrv) ids = NULL;

  if (text == NULL)
    return TRUE;

  ids = g_strsplit (text, ",", -1);
  if (g_strv_length (ids) == 0 || g_strv_length (ids) > MAX_PULL_REFETCH)
    return FALSE;
  for (gsize i = 0; ids[i] != NULL; i++)
    if (!dk_uuid_is_valid (ids[i]))
      return FALSE;
  *out = g_steal_pointer (&ids);
  return TRUE;
}

static gboolean
pull_job (DkStore   *store,
          gpointer   data,
          GError   **error)
{
  SyncJob *job = data;
  gboolean ok;

  if (job->bad_query)
    {
      dk_auth_audit_logged (store, job->principal, "sync.pull", DK_AUDIT_FAILED);
      return TRUE;
    }

  ok = dk_sync_pull_refetch (store, job->principal, job->cursor, job->limit, (const char * const *) job->refetch,
                             &job->answer, NULL, error);
  audit_request (store, job->principal, "sync.pull", ok, ok ? NULL : *error);
  return ok;
}

static void
on_pull_done (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(SyncJob) job = user_data;

  finish_job (job, "pull", object, result);
  dk_metrics_count_pull (job->metrics, job->answer);
}

static void
handle_pull (DkHttpRequest *request,
             gpointer       user_data)
{
  SyncEndpoints *self = user_data;
  SoupServerMessage *msg = dk_http_request_get_message (request);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GHashTable) query = NULL;
  guint64 cursor = 0, limit = DEFAULT_PULL_LIMIT;
  SyncJob *job = sync_job_new (self, request);

  if (g_uri_get_query (uri) != NULL)
    query = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);

  /* Even a refused pull's audit row is written by the worker: the main loop never waits for the
   * store's write lock. */
  job->bad_refetch = !query_ids (query, "refetch", &job->refetch);
  job->bad_query = !query_int (query, "cursor", 0, G_MAXINT64, &cursor) ||
                   !query_int (query, "limit", 1, MAX_PULL_LIMIT, &limit) || job->bad_refetch;
  job->cursor = (gint64) cursor;
  job->limit = (guint) limit;

  dk_http_request_pause (request);
  dk_sync_worker_run_async (self->worker, pull_job, job, on_pull_done, job);
}

void
dk_sync_endpoints_register (DkHttpRouter *router,
                            DkSyncWorker *worker,
                            DkMetrics    *metrics,
                            guint         max_batch_changes)
{
  SyncEndpoints *self;
  guint roles = DK_ROLES_ALL & ~DK_ROLE_BIT (DK_ROLE_ADMINISTRATOR);

  g_return_if_fail (DK_IS_HTTP_ROUTER (router));
  g_return_if_fail (DK_IS_SYNC_WORKER (worker));

  self = g_new0 (SyncEndpoints, 1);
  self->worker = g_object_ref (worker);
  self->metrics = g_object_ref (metrics);
  self->max_batch_changes = max_batch_changes;
  g_object_set_data_full (G_OBJECT (router), "dk-sync-endpoints", self, (GDestroyNotify) sync_endpoints_free);

  dk_http_router_add (router, SOUP_METHOD_POST, "/v1/push", DK_ROUTE_AUTHENTICATED | DK_ROUTE_JSON_BODY,
                      roles, "sync.push", handle_push, self);
  dk_http_router_add (router, SOUP_METHOD_GET, "/v1/pull", DK_ROUTE_AUTHENTICATED,
                      roles, "sync.pull", handle_pull, self);
}
