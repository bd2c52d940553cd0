#pragma once

#include <gio/gio.h>

#include "dk-auth.h"
#include "dk-store.h"

G_BEGIN_DECLS

/*
 * Runs logins away from the main loop. A login hashes the password with Argon2id (a tenth of a
 * second and 64 MiB with the interactive limits); on the main loop it would stall every other
 * request meanwhile. Each login runs in a GTask thread on a DkStore connection of its own (the
 * central store's WAL mode lets it write beside the main thread's connection), at most
 * @max_running at once: beyond that they wait their turn in order, so that a burst of logins
 * cannot claim memory without bound.
 *
 * The connections are opened on first use and kept for the next login; one is only ever used by
 * one thread at a time (DkStore's rule), handed from task to task by the main thread.
 *
 * All functions are for the main thread (the thread-default main context the worker was made on).
 */

#define DK_TYPE_AUTH_WORKER (dk_auth_worker_get_type ())

G_DECLARE_FINAL_TYPE (DkAuthWorker, dk_auth_worker, DK, AUTH_WORKER, GObject)

/* @store: the central store's own connection (see dk_sync_worker_new(), which runs the jobs). @params
 * is copied. */
DkAuthWorker  *dk_auth_worker_new           (DkStore              *store,
                                             const DkAuthParams   *params,
                                             guint                 max_running);

/* dk_auth_login() in a thread; the password is copied and wiped from memory afterwards. Fails with
 * G_IO_ERROR_CANCELLED when the worker was closed before the login had its turn. */
void           dk_auth_worker_login_async   (DkAuthWorker         *self,
                                             const char           *user_name,
                                             const char           *password,
                                             const char           *device_id,
                                             const char           *device_name,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
DkAuthSession *dk_auth_worker_login_finish  (DkAuthWorker         *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* Logins running now, and waiting for their turn. */
guint          dk_auth_worker_get_n_running (DkAuthWorker         *self);
guint          dk_auth_worker_get_n_queued  (DkAuthWorker         *self);

/* For a shutdown: fails the logins that have not started (G_IO_ERROR_CANCELLED) and every later
 * one; those running finish normally. */
void           dk_auth_worker_close         (DkAuthWorker         *self);

G_END_DECLS
