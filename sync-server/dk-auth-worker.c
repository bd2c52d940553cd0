#include "config.h"

#include <string.h>

#include <sodium.h>

#include "dk-auth-worker.h"
#include "dk-sync-worker.h"

/* Logins are jobs on a pool of their own (dk-sync-worker.h), with no limit on the queue: the login
 * rate limiter, not the queue, is what turns a burst away. */

typedef struct
{
  const DkAuthParams *params;   /* the worker's */
  char               *user_name;
  char               *password;
  char               *device_id;
  char               *device_name;
  DkAuthSession      *session;  /* out, written in the worker thread */
} LoginJob;

struct _DkAuthWorker
{
  GObject       parent_instance;
  DkAuthParams  params;
  DkSyncWorker *pool;
};

G_DEFINE_FINAL_TYPE (DkAuthWorker, dk_auth_worker, G_TYPE_OBJECT)

static void
login_job_free (LoginJob *job)
{
  g_free (job->user_name);
  if (job->password != NULL)
    {
      sodium_memzero (job->password, strlen (job->password));
      g_free (job->password);
    }
  g_free (job->device_id);
  g_free (job->device_name);
  g_clear_pointer (&job->session, dk_auth_session_free);
  g_free (job);
}

static void
dk_auth_worker_finalize (GObject *object)
{
  DkAuthWorker *self = (DkAuthWorker *)object;

  g_clear_object (&self->pool);

  G_OBJECT_CLASS (dk_auth_worker_parent_class)->finalize (object);
}

static void
dk_auth_worker_class_init (DkAuthWorkerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dk_auth_worker_finalize;
}

static void
dk_auth_worker_init (DkAuthWorker *self)
{
}

DkAuthWorker *
dk_auth_worker_new (DkStore            *store,
                    const DkAuthParams *params,
                    guint               max_running)
{
  DkAuthWorker *self;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (max_running > 0, NULL);

  self = g_object_new (DK_TYPE_AUTH_WORKER, NULL);
  self->params = *params;
  self->pool = dk_sync_worker_new (store, max_running, G_MAXUINT);
  return self;
}

/* In a worker thread, on the job's own connection. */
static gboolean
login_job (DkStore   *store,
           gpointer   data,
           GError   **error)
{
  LoginJob *job = data;
  /* Taken when the login runs, not when it was queued: a session must not start out shorter. */
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return dk_auth_login (store, job->params, job->user_name, job->password, job->device_id, job->device_name, now,
                        &job->session, error);
}

static void
on_login_done (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  LoginJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (dk_sync_worker_run_finish (DK_SYNC_WORKER (object), result, &error))
    g_task_return_pointer (task, g_steal_pointer (&job->session), (GDestroyNotify) dk_auth_session_free);
  else
    g_task_return_error (task, error);
}

void
dk_auth_worker_login_async (DkAuthWorker        *self,
                            const char          *user_name,
                            const char          *password,
                            const char          *device_id,
                            const char          *device_name,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  LoginJob *job;

  g_return_if_fail (DK_IS_AUTH_WORKER (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, dk_auth_worker_login_async);

  job = g_new0 (LoginJob, 1);
  job->params = &self->params;
  job->user_name = g_strdup (user_name);
  job->password = g_strdup (password);
  job->device_id = g_strdup (device_id);
  job->device_name = g_strdup (device_name);
  g_task_set_task_data (task, job, (GDestroyNotify) login_job_free);

  /* The task, and with it the job, lives until the pool has answered. */
  dk_sync_worker_run_async (self->pool, login_job, job, on_login_done, task);
}

DkAuthSession *
dk_auth_worker_login_finish (DkAuthWorker  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (DK_IS_AUTH_WORKER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
dk_auth_worker_get_n_running (DkAuthWorker *self)
{
  g_return_val_if_fail (DK_IS_AUTH_WORKER (self), 0);

  return dk_sync_worker_get_n_running (self->pool);
}

guint
dk_auth_worker_get_n_queued (DkAuthWorker *self)
{
  g_return_val_if_fail (DK_IS_AUTH_WORKER (self), 0);

  return dk_sync_worker_get_n_queued (self->pool);
}

void
dk_auth_worker_close (DkAuthWorker *self)
{
  g_return_if_fail (DK_IS_AUTH_WORKER (self));

  dk_sync_worker_close (self->pool);
}
