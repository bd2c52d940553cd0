#include "config.h"

#include <sqlite3.h>

#include "dk-http-reply.h"
#include "dk-metrics.h"
#include "dk-sync-protocol.h"

/* Upper bounds of the duration buckets, in microseconds, and as Prometheus prints them. */
static const gint64 bucket_us[] = { 5000, 10000, 25000, 50000, 100000, 250000, 500000, 1000000,
                                    2500000, 5000000, 10000000 };
static const char * const bucket_le[] = { "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1",
                                          "2.5", "5", "10" };
#define N_BUCKETS G_N_ELEMENTS (bucket_us)

static const char * const status_classes[] = { "1xx", "2xx", "3xx", "4xx", "5xx", "aborted" };
#define CLASS_ABORTED 5

static const char * const login_outcomes[] = { "ok", "failed", "rate_limited" };

/* The methods a label may hold; anything else a client invents counts as "OTHER". */
static const char * const known_methods[] = { "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", NULL };

#define UNMATCHED "unmatched"

typedef struct
{
  guint64 counts[G_N_ELEMENTS (status_classes)];
} RequestCounts;

typedef struct
{
  guint64 buckets[N_BUCKETS];  /* not cumulative; summed when rendered */
  guint64 count;
  gint64  sum_us;
} Histogram;

struct _DkMetrics
{
  GObject     parent_instance;

  DkStore    *store;
  GHashTable *requests;    /* "endpoint\nmethod" → RequestCounts */
  GHashTable *durations;   /* endpoint → Histogram */
  guint64     logins[G_N_ELEMENTS (login_outcomes)];
  guint64     changes[3];      /* applied, conflict, refused */
  guint64     pulled_entries;
};

static const char * const change_statuses[] = { "applied", "conflict", "refused" };

G_DEFINE_FINAL_TYPE (DkMetrics, dk_metrics, G_TYPE_OBJECT)

static void
dk_metrics_finalize (GObject *object)
{
  DkMetrics *self = (DkMetrics *)object;

  g_clear_pointer (&self->requests, g_hash_table_unref);
  g_clear_pointer (&self->durations, g_hash_table_unref);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dk_metrics_parent_class)->finalize (object);
}

static void
dk_metrics_class_init (DkMetricsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dk_metrics_finalize;
}

static void
dk_metrics_init (DkMetrics *self)
{
  self->requests = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->durations = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

DkMetrics *
dk_metrics_new (DkStore *store)
{
  DkMetrics *self;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);

  self = g_object_new (DK_TYPE_METRICS, NULL);
  self->store = g_object_ref (store);
  return self;
}

void
dk_metrics_observe_request (DkMetrics  *self,
                            const char *method,
                            const char *endpoint,
                            guint       status,
                            gboolean    aborted,
                            gint64      duration_us)
{
  g_autofree char *key = NULL;
  RequestCounts *counts;
  Histogram *histogram;
  guint klass;

  g_return_if_fail (DK_IS_METRICS (self));

  if (endpoint == NULL)
    endpoint = UNMATCHED;
  if (method == NULL || !g_strv_contains (known_methods, method))
    method = "OTHER";

  if (aborted || status < 100 || status >= 600)
    klass = CLASS_ABORTED;
  else
    klass = status / 100 - 1;

  key = g_strconcat (endpoint, "\n", method, NULL);
  counts = g_hash_table_lookup (self->requests, key);
  if (counts == NULL)
    {
      counts = g_new0 (RequestCounts, 1);
      g_hash_table_insert (self->requests, g_steal_pointer (&key), counts);
    }
  counts->counts[klass]++;

  histogram = g_hash_table_lookup (self->durations, endpoint);
  if (histogram == NULL)
    {
      histogram = g_new0 (Histogram, 1);
      g_hash_table_insert (self->durations, g_strdup (endpoint), histogram);
    }
  duration_us = MAX (duration_us, 0);
  for (guint i = 0; i < N_BUCKETS; i++)
    if (duration_us <= bucket_us[i])
      {
        histogram->buckets[i]++;
        break;
      }
  histogram->count++;
  histogram->sum_us += duration_us;
}

void
dk_metrics_count_login (DkMetrics      *self,
                        DkMetricsLogin  outcome)
{
  g_return_if_fail (DK_IS_METRICS (self));
  g_return_if_fail (outcome < G_N_ELEMENTS (login_outcomes));

  self->logins[outcome]++;
}

void
dk_metrics_count_push (DkMetrics *self,
                       JsonNode  *answer)
{
  JsonArray *results;

  g_return_if_fail (DK_IS_METRICS (self));

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer) ||
      (results = json_object_get_array_member (json_node_get_object (answer), "results")) == NULL)
    return;
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      const char *status = result != NULL ? json_object_get_string_member_with_default (result, "status", "") : "";

      for (guint k = 0; k < G_N_ELEMENTS (change_statuses); k++)
        if (g_str_equal (status, change_statuses[k]))
          self->changes[k]++;
    }
}

void
dk_metrics_count_pull (DkMetrics *self,
                       JsonNode  *answer)
{
  JsonArray *changes;

  g_return_if_fail (DK_IS_METRICS (self));

  if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer) &&
      (changes = json_object_get_array_member (json_node_get_object (answer), "changes")) != NULL)
    self->pulled_entries += json_array_get_length (changes);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The keys in order, so that the output is stable from scrape to scrape. */
static GPtrArray *
sorted_keys (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  g_ptr_array_sort (keys, compare_strings);

  return keys;
}

static gboolean
query_count (DkStore     *store,
             const char  *sql,
             const char  *now,
             gint64      *out_a,
             gint64      *out_b,
             GError     **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  if (now != NULL)
    sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;

  *out_a = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  if (out_b != NULL)
    *out_b = has_row ? sqlite3_column_int64 (stmt, 1) : 0;
  sqlite3_reset (stmt);
  return TRUE;
}

static void
append_seconds (GString *out,
                gint64   us)
{
  g_string_append_printf (out, "%" G_GINT64_FORMAT ".%06" G_GINT64_FORMAT,
                          us / G_USEC_PER_SEC, us % G_USEC_PER_SEC);
}

char *
dk_metrics_render (DkMetrics  *self,
                   GError    **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GPtrArray) request_keys = NULL;
  g_autoptr(GPtrArray) duration_keys = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *now_seconds = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *now_text = NULL;
  gint64 sessions = 0;
  gint64 devices_active = 0;
  gint64 devices_revoked = 0;
  gint64 conflicts_open = 0;
  gint64 last_seq = 0;

  g_return_val_if_fail (DK_IS_METRICS (self), NULL);

  /* The store's own time format (dk-auth.h), so that text comparison is time comparison. */
  now_text = g_strdup_printf ("%s.%03dZ", now_seconds, g_date_time_get_microsecond (now) / 1000);

  if (!query_count (self->store,
                    "SELECT count(*) FROM session WHERE revoked_at IS NULL AND expires_at > ?1",
                    now_text, &sessions, NULL, error) ||
      !query_count (self->store,
                    "SELECT count(*) - count(revoked_at), count(revoked_at) FROM device",
                    NULL, &devices_active, &devices_revoked, error) ||
      !query_count (self->store,
                    "SELECT (SELECT count(*) FROM conflict WHERE resolved_at IS NULL),"
                    " (SELECT coalesce (max (seq), 0) FROM change_log)",
                    NULL, &conflicts_open, &last_seq, error))
    return NULL;

  g_string_append (out, "# HELP dk_http_requests_total HTTP requests answered, by endpoint and status class.\n"
                        "# TYPE dk_http_requests_total counter\n");
  request_keys = sorted_keys (self->requests);
  for (guint i = 0; i < request_keys->len; i++)
    {
      const char *key = g_ptr_array_index (request_keys, i);
      const RequestCounts *counts = g_hash_table_lookup (self->requests, key);
      g_auto(GStrv) parts = g_strsplit (key, "\n", 2);

      for (guint c = 0; c < G_N_ELEMENTS (status_classes); c++)
        if (counts->counts[c] > 0)
          g_string_append_printf (out,
                                  "dk_http_requests_total{method=\"%s\",endpoint=\"%s\",class=\"%s\"} %"
                                  G_GUINT64_FORMAT "\n",
                                  parts[1], parts[0], status_classes[c], counts->counts[c]);
    }

  g_string_append (out, "# HELP dk_http_request_duration_seconds Time from the first byte of a request to "
                        "the last byte of its answer.\n"
                        "# TYPE dk_http_request_duration_seconds histogram\n");
  duration_keys = sorted_keys (self->durations);
  for (guint i = 0; i < duration_keys->len; i++)
    {
      const char *endpoint = g_ptr_array_index (duration_keys, i);
      const Histogram *histogram = g_hash_table_lookup (self->durations, endpoint);
      guint64 cumulative = 0;

      for (guint b = 0; b < N_BUCKETS; b++)
        {
          cumulative += histogram->buckets[b];
          g_string_append_printf (out,
                                  "dk_http_request_duration_seconds_bucket{endpoint=\"%s\",le=\"%s\"} %"
                                  G_GUINT64_FORMAT "\n",
                                  endpoint, bucket_le[b], cumulative);
        }
      g_string_append_printf (out,
                              "dk_http_request_duration_seconds_bucket{endpoint=\"%s\",le=\"+Inf\"} %"
                              G_GUINT64_FORMAT "\n",
                              endpoint, histogram->count);
      g_string_append_printf (out, "dk_http_request_duration_seconds_sum{endpoint=\"%s\"} ", endpoint);
      append_seconds (out, histogram->sum_us);
      g_string_append_printf (out, "\ndk_http_request_duration_seconds_count{endpoint=\"%s\"} %"
                              G_GUINT64_FORMAT "\n",
                              endpoint, histogram->count);
    }

  g_string_append (out, "# HELP dk_logins_total Login attempts, by outcome.\n"
                        "# TYPE dk_logins_total counter\n");
  for (guint i = 0; i < G_N_ELEMENTS (login_outcomes); i++)
    g_string_append_printf (out, "dk_logins_total{outcome=\"%s\"} %" G_GUINT64_FORMAT "\n",
                            login_outcomes[i], self->logins[i]);

  g_string_append (out, "# HELP dk_sync_changes_total Pushed changes answered, by status.\n"
                        "# TYPE dk_sync_changes_total counter\n");
  for (guint i = 0; i < G_N_ELEMENTS (change_statuses); i++)
    g_string_append_printf (out, "dk_sync_changes_total{status=\"%s\"} %" G_GUINT64_FORMAT "\n",
                            change_statuses[i], self->changes[i]);
  g_string_append_printf (out,
                          "# HELP dk_sync_pulled_entries_total Entries handed out by pulls (a snapshot counts once).\n"
                          "# TYPE dk_sync_pulled_entries_total counter\n"
                          "dk_sync_pulled_entries_total %" G_GUINT64_FORMAT "\n"
                          "# HELP dk_sync_conflicts_open Conflict records no person has resolved yet.\n"
                          "# TYPE dk_sync_conflicts_open gauge\n"
                          "dk_sync_conflicts_open %" G_GINT64_FORMAT "\n"
                          "# HELP dk_sync_last_seq The change log's last sequence number.\n"
                          "# TYPE dk_sync_last_seq gauge\n"
                          "dk_sync_last_seq %" G_GINT64_FORMAT "\n",
                          self->pulled_entries, conflicts_open, last_seq);

  g_string_append_printf (out,
                          "# HELP dk_sessions_active Sessions that are neither ended nor expired.\n"
                          "# TYPE dk_sessions_active gauge\n"
                          "dk_sessions_active %" G_GINT64_FORMAT "\n"
                          "# HELP dk_devices Registered devices, by state.\n"
                          "# TYPE dk_devices gauge\n"
                          "dk_devices{state=\"active\"} %" G_GINT64_FORMAT "\n"
                          "dk_devices{state=\"revoked\"} %" G_GINT64_FORMAT "\n"
                          "# HELP dk_build_info The server's version and sync protocol version.\n"
                          "# TYPE dk_build_info gauge\n"
                          "dk_build_info{version=\"%s\",protocol=\"%d\"} 1\n",
                          sessions, devices_active, devices_revoked, PACKAGE_VERSION,
                          DK_SYNC_PROTOCOL_VERSION);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
handle_metrics (DkHttpRequest *request,
                gpointer       user_data)
{
  DkMetrics *self = user_data;
  SoupServerMessage *msg = dk_http_request_get_message (request);
  g_autoptr(GError) error = NULL;
  char *text;

  text = dk_metrics_render (self, &error);
  if (text == NULL)
    {
      dk_http_reply_internal (msg, "metrics", error);
      return;
    }

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-store");
  soup_server_message_set_response (msg, "text/plain; version=0.0.4; charset=utf-8", SOUP_MEMORY_TAKE,
                                    text, strlen (text));
}

void
dk_metrics_register (DkMetrics    *self,
                     DkHttpRouter *router)
{
  g_return_if_fail (DK_IS_METRICS (self));
  g_return_if_fail (DK_IS_HTTP_ROUTER (router));

  dk_http_router_add (router, SOUP_METHOD_GET, "/metrics", DK_ROUTE_NO_PROTOCOL, 0, NULL,
                      handle_metrics, self);
}
