#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The real draagkracht-sync binary (DK_SYNC_BINARY) run on a database of the test's own, on a free
 * loopback port, as the integration tests and benchmarks need it. */
typedef struct
{
  GSubprocess *proc;
  char        *url;    /* "http://127.0.0.1:PORT", without a trailing slash */
} DkTestServer;

/* Starts the server on @db (with NULL-terminated extra arguments, e.g. "--demo") and waits until it
 * listens. */
DkTestServer *dk_test_server_start (const char    *db,
                                    ...) G_GNUC_NULL_TERMINATED;

/* SIGTERM, and asserts a clean exit. */
void          dk_test_server_stop  (DkTestServer  *server);

/* SIGKILL: the process dies where it stands, as in a power cut. */
void          dk_test_server_kill  (DkTestServer  *server);

void          dk_test_server_free  (DkTestServer  *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkTestServer, dk_test_server_free)

G_END_DECLS
