#pragma once

#include <gio/gio.h>

#include "dk-store.h"

G_BEGIN_DECLS

/*
 * Runs jobs on the central store away from the main loop: the sync requests (push, pull) and, through
 * dk-auth-worker.h, logins. A push of a thousand changes or a
 * first pull that snapshots every dossier of a team takes long enough that, on the main loop, every
 * other request would wait for it. Each job runs in a GTask thread on a DkStore connection of its
 * own to the central store's file (dk_central_store_open(), so the migrations are a no-op), at most
 * @max_running at once; writers among them take turns on SQLite's write lock (a job that waits
 * longer than the store's busy timeout fails with DK_STORE_ERROR_BUSY).
 *
 * Beyond @max_running, jobs wait their turn in order, at most @max_queued of them: a job that finds
 * the queue full fails at once with G_IO_ERROR_BUSY, so a burst is answered "try again" instead of
 * piling up requests that would only time out.
 *
 * A store in memory cannot be opened a second time (another connection to ":memory:" is another,
 * empty database), so for one the jobs run right away on the main thread, on @store itself.
 *
 * The connections are opened on first use and kept for the next job; one is only ever used by one
 * thread at a time (DkStore's rule), handed from job to job by the main thread.
 *
 * All functions are for the main thread (the thread-default main context the worker was made on).
 */

#define DK_TYPE_SYNC_WORKER (dk_sync_worker_get_type ())

G_DECLARE_FINAL_TYPE (DkSyncWorker, dk_sync_worker, DK, SYNC_WORKER, GObject)

/* The work of one job, on a connection that belongs to it while it runs: TRUE, or FALSE with
 * @error set. Runs in a worker thread. */
typedef gboolean (*DkSyncJobFunc) (DkStore   *store,
                                   gpointer   job,
                                   GError   **error);

/* @store: the server's own connection; only its path is used, unless it is in memory. */
DkSyncWorker *dk_sync_worker_new           (DkStore              *store,
                                            guint                 max_running,
                                            guint                 max_queued);

/*
 * Runs @func (@job) in a thread. @job stays the caller's: it must live until @callback runs, and is
 * best freed there, on the main thread, so that nothing it holds (json-glib's reference counts are
 * not atomic) is ever released on a worker thread. @func has returned before @callback runs.
 *
 * Fails, without running @func, with G_IO_ERROR_BUSY when @max_queued jobs are already waiting,
 * and with G_IO_ERROR_CANCELLED when the worker was closed before the job had its turn; both
 * errors carry a message for a person.
 */
void          dk_sync_worker_run_async     (DkSyncWorker         *self,
                                            DkSyncJobFunc         func,
                                            gpointer              job,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
gboolean      dk_sync_worker_run_finish    (DkSyncWorker         *self,
                                            GAsyncResult         *result,
                                            GError              **error);

/* Jobs running now, and waiting for their turn. */
guint         dk_sync_worker_get_n_running (DkSyncWorker         *self);
guint         dk_sync_worker_get_n_queued  (DkSyncWorker         *self);

/* For a shutdown: fails the jobs that have not started (G_IO_ERROR_CANCELLED) and every later
 * one; those running finish normally. */
void          dk_sync_worker_close         (DkSyncWorker         *self);

G_END_DECLS
