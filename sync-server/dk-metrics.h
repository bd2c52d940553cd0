#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "dk-http-router.h"
#include "dk-store.h"

G_BEGIN_DECLS

/*
 * The server's counters, served at GET /metrics in the Prometheus text format (version 0.0.4).
 * /metrics needs neither a session nor the protocol header, so that a monitoring system can scrape
 * it; it holds no personal data (endpoint patterns, status classes, counts — never a path with an
 * id, a user or a device), and a reverse proxy should still keep it off the internet.
 *
 *   dk_http_requests_total{method, endpoint, class}   answers by endpoint pattern and status class
 *                                                     ("2xx" … "5xx", "aborted")
 *   dk_http_request_duration_seconds{endpoint}        histogram, from the first byte of the request
 *                                                     to the last byte of the answer
 *   dk_logins_total{outcome}                          "ok", "failed", "rate_limited"
 *   dk_sessions_active                                unrevoked, unexpired sessions (from the store)
 *   dk_devices{state}                                 "active", "revoked" (from the store)
 *   dk_sync_changes_total{status}                     pushed changes: "applied", "conflict", "refused"
 *   dk_sync_pulled_entries_total                      entries handed out by pulls
 *   dk_sync_conflicts_open                            unresolved conflict records (from the store)
 *   dk_sync_last_seq                                  the change log's last seq (from the store)
 *   dk_build_info{version, protocol}                  always 1
 *
 * Main thread only.
 */

typedef enum
{
  DK_METRICS_LOGIN_OK,
  DK_METRICS_LOGIN_FAILED,
  DK_METRICS_LOGIN_RATE_LIMITED,
} DkMetricsLogin;

#define DK_TYPE_METRICS (dk_metrics_get_type ())

G_DECLARE_FINAL_TYPE (DkMetrics, dk_metrics, DK, METRICS, GObject)

DkMetrics *dk_metrics_new              (DkStore        *store);

/* Adds GET /metrics to @router. */
void       dk_metrics_register         (DkMetrics      *self,
                                        DkHttpRouter   *router);

/* @endpoint NULL for a path no endpoint has; @status 0 with @aborted for an answer that was cut
 * off (the connection broke). */
void       dk_metrics_observe_request  (DkMetrics      *self,
                                        const char     *method,
                                        const char     *endpoint,
                                        guint           status,
                                        gboolean        aborted,
                                        gint64          duration_us);

void       dk_metrics_count_login      (DkMetrics      *self,
                                        DkMetricsLogin  outcome);

/* Counts the answers of a push ({ "results": [ … ] }) and the entries of a pull page. */
void       dk_metrics_count_push       (DkMetrics      *self,
                                        JsonNode       *answer);
void       dk_metrics_count_pull       (DkMetrics      *self,
                                        JsonNode       *answer);

/* The exposition text. */
char      *dk_metrics_render           (DkMetrics      *self,
                                        GError        **error);

G_END_DECLS
