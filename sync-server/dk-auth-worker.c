#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "dk-auth-worker.h"
#include "dk-central-store.h"

typedef struct
{
  char *user_name;
  char *password;
  char *device_id;
  char *device_name;
  int   slot;         /* the connection the login runs on; -1 while it waits */
} LoginJob;

struct _DkAuthWorker
{
  GObject       parent_instance;

  char         *store_path;
  DkAuthParams  params;
  guint         max_running;
  /* One connection per slot; a slot's connection belongs to the task that holds the slot. */
  DkStore     **stores;
  gboolean     *busy;
  GQueue        queued;       /* GTask * (owned) */
  guint         n_running;
  gboolean      closed;
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
  g_free (job);
}

static void
dk_auth_worker_finalize (GObject *object)
{
  DkAuthWorker *self = (DkAuthWorker *)object;

  /* Every task holds a reference to the worker, so none is queued or running any more. */
  g_assert (g_queue_is_empty (&self->queued));

  for (guint i = 0; i < self->max_running; i++)
    g_clear_object (&self->stores[i]);
  g_free (self->stores);
  g_free (self->busy);
  g_free (self->store_path);

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
  g_queue_init (&self->queued);
}

DkAuthWorker *
dk_auth_worker_new (const char         *store_path,
                    const DkAuthParams *params,
                    guint               max_running)
{
  DkAuthWorker *self;

  g_return_val_if_fail (store_path != NULL, NULL);
  g_return_val_if_fail (params != NULL, NULL);
  g_return_val_if_fail (max_running > 0, NULL);

  self = g_object_new (DK_TYPE_AUTH_WORKER, NULL);
  self->store_path = g_strdup (store_path);
  self->params = *params;
  self->max_running = max_running;
  self->stores = g_new0 (DkStore *, max_running);
  self->busy = g_new0 (gboolean, max_running);

  return self;
}

static void
login_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  DkAuthWorker *self = source_object;
  LoginJob *job = task_data;
  DkStore **store = &self->stores[job->slot];
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GError) error = NULL;
  DkAuthSession *session = NULL;

  if (*store == NULL)
    {
      *store = dk_central_store_open (self->store_path, &error);
      if (*store == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  /* Taken when the login runs, not when it was queued: a session must not start out shorter. */
  now = g_date_time_new_now_utc ();
  if (!dk_auth_login (*store, &self->params, job->user_name, job->password, job->device_id,
                      job->device_name, now, &session, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, session, (GDestroyNotify) dk_auth_session_free);
}

static void
start_queued (DkAuthWorker *self)
{
  while (!self->closed && self->n_running < self->max_running && !g_queue_is_empty (&self->queued))
    {
      g_autoptr(GTask) task = g_queue_pop_head (&self->queued);
      LoginJob *job = g_task_get_task_data (task);
      guint slot = 0;

      while (self->busy[slot])
        slot++;

      self->busy[slot] = TRUE;
      self->n_running++;
      job->slot = slot;
      g_task_run_in_thread (task, login_thread);
    }
}

/* After the caller's callback ran: the task's connection is free for the next one. */
static void
on_task_completed (GTask        *task,
                   GParamSpec   *pspec,
                   DkAuthWorker *self)
{
  LoginJob *job = g_task_get_task_data (task);

  if (job->slot >= 0)
    {
      self->busy[job->slot] = FALSE;
      self->n_running--;
      job->slot = -1;
    }

  start_queued (self);
}

static void
fail_closed (GTask *task)
{
  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           _("The server is shutting down. Try again in a moment."));
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
  g_autoptr(GTask) task = NULL;
  LoginJob *job;

  g_return_if_fail (DK_IS_AUTH_WORKER (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, dk_auth_worker_login_async);

  job = g_new0 (LoginJob, 1);
  job->user_name = g_strdup (user_name);
  job->password = g_strdup (password);
  job->device_id = g_strdup (device_id);
  job->device_name = g_strdup (device_name);
  job->slot = -1;
  g_task_set_task_data (task, job, (GDestroyNotify) login_job_free);

  if (self->closed)
    {
      fail_closed (task);
      return;
    }

  g_signal_connect_object (task, "notify::completed", G_CALLBACK (on_task_completed), self, 0);
  g_queue_push_tail (&self->queued, g_steal_pointer (&task));
  start_queued (self);
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

  return self->n_running;
}

guint
dk_auth_worker_get_n_queued (DkAuthWorker *self)
{
  g_return_val_if_fail (DK_IS_AUTH_WORKER (self), 0);

  return g_queue_get_length (&self->queued);
}

void
dk_auth_worker_close (DkAuthWorker *self)
{
  GTask *task;

  g_return_if_fail (DK_IS_AUTH_WORKER (self));

  self->closed = TRUE;
  while ((task = g_queue_pop_head (&self->queued)) != NULL)
    {
      fail_closed (task);
      g_object_unref (task);
    }
}
