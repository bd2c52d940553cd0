#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dk-date.h"
#include "dk-http-input.h"
#include "dk-http-reply.h"
#include "dk-signal-endpoints.h"
#include "dk-signal-import.h"
#include "dk-signal-match-store.h"
#include "dk-signal-period.h"
#include "dk-signal-publish.h"
#include "dk-signal-report-json.h"
#include "dk-signal-store.h"
#include "dk-uuid.h"

/* What a signal partner delivers in a month fits well within this; the server's max-request-bytes may
 * be set higher for pushes. */
#define MAX_IMPORT_BYTES (8 * 1024 * 1024)
#define MAX_FILE_NAME_LENGTH 255

typedef struct
{
  DkSyncWorker *worker;
  char         *policy_file;
} SignalEndpoints;

static void
signal_endpoints_free (SignalEndpoints *self)
{
  g_clear_object (&self->worker);
  g_free (self->policy_file);
  g_free (self);
}

typedef struct
{
  guint        line;
  const char  *column;    /* static, from the import's column names; or NULL */
  char        *reason;
} Rejected;

static void
rejected_clear (gpointer data)
{
  g_free (((Rejected *) data)->reason);
}

/*
 * One import or report, handed to a worker thread. As in dk-sync-endpoints.c, the thread reads only
 * plain C data and writes only the results below; the JSON is made on the main thread (json-glib's
 * reference counts are not atomic).
 */
typedef struct
{
  DkHttpRequest         *request;
  const DkAuthPrincipal *principal;    /* the request's */
  GDate                  today;

  /* import */
  char                  *policy_file;
  char                  *file_name;
  char                  *content;
  gsize                  length;
  DkSignalFormat         format;
  char                  *invalid_file; /* out: why the file cannot be read as a whole */
  guint                  n_imported;
  guint                  n_duplicates;
  GArray                *rejected;     /* out: Rejected */
  DkSignalMatchSummary   matched;
  DkSignalPublishSummary published;

  /* report */
  gboolean               bad_query;
  GDate                  from;
  GDate                  to;
  DkSignalReport         report;
} SignalJob;

static SignalJob *
signal_job_new (DkHttpRequest *request)
{
  SignalJob *job = g_new0 (SignalJob, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  job->request = dk_http_request_ref (request);
  job->principal = dk_http_request_get_principal (request);
  /* Signal dates may not lie after today, and cases are matched today: in UTC, as every stored time. */
  job->today = dk_date_ymd ((GDateYear) g_date_time_get_year (now), (GDateMonth) g_date_time_get_month (now),
                            (GDateDay) g_date_time_get_day_of_month (now));
  job->rejected = g_array_new (FALSE, TRUE, sizeof (Rejected));
  g_array_set_clear_func (job->rejected, rejected_clear);
  return job;
}

static void
signal_job_free (SignalJob *job)
{
  g_free (job->policy_file);
  g_free (job->file_name);
  g_free (job->content);
  g_free (job->invalid_file);
  g_array_unref (job->rejected);
  g_clear_pointer (&job->request, dk_http_request_unref);
  g_free (job);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SignalJob, signal_job_free)

/* The job's answer, unless the request is no longer waiting (answered 503 by a shutdown, or the client
 * is gone); its work is done and audited all the same. FALSE when the job failed (answered here). */
static gboolean
finish_job (SignalJob    *job,
            const char   *what,
            GObject      *worker,
            GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;

  if (!dk_sync_worker_run_finish (DK_SYNC_WORKER (worker), result, &error))
    {
      if (dk_http_request_is_paused (job->request))
        {
          dk_http_reply_internal (dk_http_request_get_message (job->request), what, error);
          dk_http_request_resume (job->request);
        }
      return FALSE;
    }
  return dk_http_request_is_paused (job->request);
}

/* ---- POST /v1/signals/import ---- */

typedef struct
{
  SignalJob      *job;
  DkSignalImport *import;
  DkSignalPolicy *policy;
} Import;

static gboolean
import_in_transaction (DkStore   *store,
                       gpointer   user_data,
                       GError   **error)
{
  Import *i = user_data;
  SignalJob *job = i->job;
  DkSignalPublishOptions options = { job->principal->user_id, &job->today };
  g_autofree char *import_id = dk_uuid_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  guint n_new = 0, n_known = 0;

  if (!dk_signal_store_import (store, i->import->signals, job->file_name, import_id, &n_new, &n_known, error) ||
      /* A case closed on a device takes no new signals. */
      !dk_signal_publish_collect (store, error) ||
      !dk_signal_match_store_run (store, i->policy, &job->today, &job->matched, error) ||
      !dk_signal_publish (store, &options, &job->published, error))
    return FALSE;

  job->n_imported = n_new;
  /* Signals already stored, and rows that repeat an earlier row of the file: each imported once. */
  job->n_duplicates = n_known + i->import->n_duplicates;
  /* The audit row stands or falls with the import; counts go to the answer, never to the trail. */
  return dk_auth_audit (store, job->principal, "signals.import", NULL, DK_AUDIT_SUCCESS, now, error);
}

static gboolean
import_job (DkStore   *store,
            gpointer   data,
            GError   **error)
{
  SignalJob *job = data;
  g_autoptr(DkSignalImport) import = NULL;
  g_autoptr(DkSignalPolicy) policy = NULL;
  g_autoptr(GError) local_error = NULL;
  Import i = { job };

  import = dk_signal_import_parse (job->content, job->length, job->format, &job->today, &local_error);
  if (import == NULL)
    {
      job->invalid_file = g_strdup (local_error->message);
      dk_auth_audit_logged (store, job->principal, "signals.import", DK_AUDIT_FAILED);
      return TRUE;
    }
  for (guint e = 0; e < import->errors->len; e++)
    {
      const DkSignalRowError *row_error = import->errors->pdata[e];
      Rejected rejected = { row_error->line, row_error->column, NULL };

      /* A repeated row is imported once: it is counted among the duplicates, not rejected. */
      if (row_error->duplicate)
        continue;
      rejected.reason = g_strdup (row_error->reason);
      g_array_append_val (job->rejected, rejected);
    }

  /* Read at every import, so a changed policy counts without a restart, as for draagkracht-admin. */
  policy = job->policy_file != NULL ? dk_signal_policy_load_file (job->policy_file, error) : dk_signal_policy_new ();
  if (policy == NULL)
    {
      dk_auth_audit_logged (store, job->principal, "signals.import", DK_AUDIT_FAILED);
      return FALSE;
    }

  i.import = import;
  i.policy = policy;
  if (!dk_store_transaction (store, import_in_transaction, &i, error))
    {
      /* A store that stayed locked would most likely keep this row waiting too: the log has it. */
      if (!g_error_matches (*error, DK_STORE_ERROR, DK_STORE_ERROR_BUSY))
        dk_auth_audit_logged (store, job->principal, "signals.import", DK_AUDIT_FAILED);
      return FALSE;
    }
  g_message ("signals.import by user %s: %u imported, %u duplicates, %u rejected, %u new cases, %u published, "
             "%u tasks", job->principal->user_id, job->n_imported, job->n_duplicates, job->rejected->len,
             job->matched.n_cases_by_kind[DK_SIGNAL_CASE_NEW], job->published.n_published, job->published.n_tasks);
  return TRUE;
}

static JsonNode *
import_answer (SignalJob *job)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "imported");
  json_builder_add_int_value (builder, job->n_imported);
  json_builder_set_member_name (builder, "duplicates");
  json_builder_add_int_value (builder, job->n_duplicates);
  json_builder_set_member_name (builder, "rejected");
  json_builder_begin_array (builder);
  for (guint r = 0; r < job->rejected->len; r++)
    {
      const Rejected *rejected = &g_array_index (job->rejected, Rejected, r);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "line");
      json_builder_add_int_value (builder, rejected->line);
      json_builder_set_member_name (builder, "column");
      if (rejected->column != NULL)
        json_builder_add_string_value (builder, rejected->column);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, rejected->reason);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "cases_new");
  json_builder_add_int_value (builder, job->matched.n_cases_by_kind[DK_SIGNAL_CASE_NEW]);
  json_builder_set_member_name (builder, "cases_attached");
  json_builder_add_int_value (builder, job->matched.n_cases_attached);
  json_builder_set_member_name (builder, "published");
  json_builder_add_int_value (builder, job->published.n_published);
  json_builder_set_member_name (builder, "tasks");
  json_builder_add_int_value (builder, job->published.n_tasks);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
on_import_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SignalJob) job = user_data;
  SoupServerMessage *msg = dk_http_request_get_message (job->request);

  if (!finish_job (job, "signals import", object, result))
    return;

  if (job->invalid_file != NULL)
    dk_http_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid-file", job->invalid_file);
  else
    {
      g_autoptr(JsonNode) answer = import_answer (job);

      dk_http_reply_json (msg, SOUP_STATUS_OK, answer);
    }
  dk_http_request_resume (job->request);
}

/* The format the name's extension says, else the one the text looks like: JSON starts with an array
 * or an object, a CSV file with its header. */
static DkSignalFormat
guess_format (const char *file_name,
              const char *content)
{
  DkSignalFormat format;
  const char *p = content;

  if (dk_signal_format_for_path (file_name, &format))
    return format;
  if (g_str_has_prefix (p, "\xef\xbb\xbf"))
    p += 3;
  while (g_ascii_isspace (*p))
    p++;
  return *p == '[' || *p == '{' ? DK_SIGNAL_FORMAT_JSON : DK_SIGNAL_FORMAT_CSV;
}

/* Only the name is kept (as the rows' source), never a folder of the sender's computer, whichever
 * separator that computer uses. */
static char *
file_base_name (const char *path)
{
  const char *last = strrchr (path, '/');
  const char *backslash = strrchr (path, '\\');

  if (backslash != NULL && (last == NULL || backslash > last))
    last = backslash;
  return g_strdup (last != NULL ? last + 1 : path);
}

static gboolean
file_name_usable (const char *name)
{
  if (*name == '\0' || strlen (name) > MAX_FILE_NAME_LENGTH || g_str_equal (name, ".") || g_str_equal (name, ".."))
    return FALSE;
  for (const char *p = name; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

static void
handle_import (DkHttpRequest *request,
               gpointer       user_data)
{
  static const char * const members[] = { "file_name", "content", NULL };
  SignalEndpoints *self = user_data;
  SoupServerMessage *msg = dk_http_request_get_message (request);
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  JsonObject *object = dk_http_request_get_body (request);
  g_autoptr(SignalJob) job = NULL;
  g_autofree char *base_name = NULL;
  const char *file_name = NULL;
  const char *content = NULL;

  if (body != NULL && body->length > MAX_IMPORT_BYTES)
    {
      g_autofree char *message = g_strdup_printf (_("The file is larger than the server takes in one import "
                                                    "(%u MiB). Split it into smaller files."),
                                                  (guint) (MAX_IMPORT_BYTES / (1024 * 1024)));

      dk_http_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "too-large", message);
      return;
    }
  if (!dk_http_input_check_members (msg, object, members) ||
      !dk_http_input_get_string (msg, object, "file_name", TRUE, &file_name) ||
      !dk_http_input_get_string (msg, object, "content", TRUE, &content))
    return;

  base_name = file_base_name (file_name);
  if (!file_name_usable (base_name))
    {
      g_autoptr(GError) error = g_error_new_literal (DK_HTTP_INPUT_ERROR, DK_HTTP_INPUT_ERROR_BAD_JSON,
                                                     _("Give the name of the file, such as signalen-maart.csv."));

      dk_http_input_reply_field (msg, "file_name", error);
      return;
    }

  job = signal_job_new (request);
  job->policy_file = g_strdup (self->policy_file);
  job->file_name = g_steal_pointer (&base_name);
  job->length = strlen (content);
  job->content = g_strndup (content, job->length);
  job->format = guess_format (job->file_name, job->content);

  dk_http_request_pause (request);
  dk_sync_worker_run_async (self->worker, import_job, job, on_import_done, job);
  job = NULL;
}

/* ---- GET /v1/signals/report ---- */

static gboolean
report_in_transaction (DkStore   *store,
                       gpointer   user_data,
                       GError   **error)
{
  SignalJob *job = user_data;
  g_autoptr(DkSignalPeriod) period = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  if (!dk_signal_publish_collect (store, error))
    return FALSE;
  period = dk_signal_period_load (store, &job->from, &job->to, NULL, error);
  if (period == NULL)
    return FALSE;
  dk_signal_report_compute (period, &job->report);
  return dk_auth_audit (store, job->principal, "signals.report", NULL, DK_AUDIT_SUCCESS, now, error);
}

static gboolean
report_job (DkStore   *store,
            gpointer   data,
            GError   **error)
{
  SignalJob *job = data;

  if (job->bad_query)
    {
      dk_auth_audit_logged (store, job->principal, "signals.report", DK_AUDIT_FAILED);
      return TRUE;
    }
  if (!dk_store_transaction (store, report_in_transaction, job, error))
    {
      if (!g_error_matches (*error, DK_STORE_ERROR, DK_STORE_ERROR_BUSY))
        dk_auth_audit_logged (store, job->principal, "signals.report", DK_AUDIT_FAILED);
      return FALSE;
    }
  return TRUE;
}

static void
on_report_done (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SignalJob) job = user_data;
  SoupServerMessage *msg = dk_http_request_get_message (job->request);

  if (!finish_job (job, "signals report", object, result))
    return;

  if (job->bad_query)
    dk_http_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "invalid-value",
                         _("Give the period as from=YYYY-MM-DD and to=YYYY-MM-DD, from not after to."));
  else
    {
      g_autoptr(JsonNode) answer = dk_signal_report_to_json (&job->report);

      dk_http_reply_json (msg, SOUP_STATUS_OK, answer);
    }
  dk_http_request_resume (job->request);
}

/* A date in the form YYYY-MM-DD exactly (dk_date_parse() also reads the Dutch form). */
static gboolean
query_date (GHashTable *query,
            const char *name,
            GDate      *out)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, name) : NULL;

  return text != NULL && strlen (text) == 10 && text[4] == '-' && text[7] == '-' && dk_date_parse (text, out, NULL);
}

static void
handle_report (DkHttpRequest *request,
               gpointer       user_data)
{
  SignalEndpoints *self = user_data;
  SoupServerMessage *msg = dk_http_request_get_message (request);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GHashTable) query = NULL;
  SignalJob *job = signal_job_new (request);

  if (g_uri_get_query (uri) != NULL)
    query = g_uri_parse_params (g_uri_get_query (uri), -1, "&", G_URI_PARAMS_NONE, NULL);

  /* Even a refused report's audit row is written by the worker: the main loop never waits for the
   * store's write lock. */
  job->bad_query = !query_date (query, "from", &job->from) || !query_date (query, "to", &job->to) ||
                   g_date_compare (&job->from, &job->to) > 0;

  dk_http_request_pause (request);
  dk_sync_worker_run_async (self->worker, report_job, job, on_report_done, job);
}

void
dk_signal_endpoints_register (DkHttpRouter *router,
                              DkSyncWorker *worker,
                              const char   *policy_file)
{
  SignalEndpoints *self;

  g_return_if_fail (DK_IS_HTTP_ROUTER (router));
  g_return_if_fail (DK_IS_SYNC_WORKER (worker));

  self = g_new0 (SignalEndpoints, 1);
  self->worker = g_object_ref (worker);
  self->policy_file = g_strdup (policy_file);
  g_object_set_data_full (G_OBJECT (router), "dk-signal-endpoints", self, (GDestroyNotify) signal_endpoints_free);

  dk_http_router_add (router, SOUP_METHOD_POST, "/v1/signals/import", DK_ROUTE_AUTHENTICATED | DK_ROUTE_JSON_BODY,
                      DK_ROLE_BIT (DK_ROLE_FIELD_WORKER) | DK_ROLE_BIT (DK_ROLE_TEAM_LEAD) |
                      DK_ROLE_BIT (DK_ROLE_BACK_OFFICE),
                      "signals.import", handle_import, self);
  dk_http_router_add (router, SOUP_METHOD_GET, "/v1/signals/report", DK_ROUTE_AUTHENTICATED,
                      DK_ROLE_BIT (DK_ROLE_TEAM_LEAD) | DK_ROLE_BIT (DK_ROLE_BACK_OFFICE),
                      "signals.report", handle_report, self);
}
