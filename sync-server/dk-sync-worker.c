#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-central-store.h"
#include "dk-sync-worker.h"

typedef struct
{
  DkSyncJobFunc  func;
  gpointer       job;   /* the caller's */
  int            slot;  /* the connection the job runs on; -1 while it waits */
} Job;

struct _DkSyncWorker
{
  GObject   parent_instance;

  DkStore  *inline_store;  /* set for a store in memory: the jobs run on it, on the main thread */
  char     *store_path;
  guint     max_running;
  guint     max_queued;
  /* One connection per slot; a slot's connection belongs to the task that holds the slot. */
  DkStore **stores;
  gboolean *busy;
  GQueue    queued;        /* GTask * (owned) */
  guint     n_running;
  gboolean  closed;
};

G_DEFINE_FINAL_TYPE (DkSyncWorker, dk_sync_worker, G_TYPE_OBJECT)

static void
dk_sync_worker_finalize (GObject *object)
{
  DkSyncWorker *self = (DkSyncWorker *)object;

  /* Every task holds a reference to the worker, so none is queued or running any more. */
  g_assert (g_queue_is_empty (&self->queued));

  for (guint i = 0; i < self->max_running; i++)
    g_clear_object (&self->stores[i]);
  g_free (self->stores);
  g_free (self->busy);
  g_free (self->store_path);
  g_clear_object (&self->inline_store);

  G_OBJECT_CLASS (dk_sync_worker_parent_class)->finalize (object);
}

static void
dk_sync_worker_class_init (DkSyncWorkerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dk_sync_worker_finalize;
}

static void
dk_sync_worker_init (DkSyncWorker *self)
{
  g_queue_init (&self->queued);
}

static gboolean
is_in_memory (const char *path)
{
  return path == NULL || path[0] == '\0' || g_str_equal (path, ":memory:") || g_str_has_prefix (path, "file::memory:");
}

DkSyncWorker *
dk_sync_worker_new (DkStore *store,
                    guint    max_running,
                    guint    max_queued)
{
  DkSyncWorker *self;
  const char *path;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);
  g_return_val_if_fail (max_running > 0, NULL);

  self = g_object_new (DK_TYPE_SYNC_WORKER, NULL);
  path = dk_store_get_path (store);
  if (is_in_memory (path))
    self->inline_store = g_object_ref (store);
  else
    self->store_path = g_strdup (path);
  self->max_running = max_running;
  self->max_queued = max_queued;
  self->stores = g_new0 (DkStore *, max_running);
  self->busy = g_new0 (gboolean, max_running);

  return self;
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  DkSyncWorker *self = source_object;
  Job *job = task_data;
  DkStore **store = &self->stores[job->slot];
  g_autoptr(GError) error = NULL;

  if (*store == NULL)
    {
      *store = dk_central_store_open (self->store_path, &error);
      if (*store == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  if (job->func (*store, job->job, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

static void
start_queued (DkSyncWorker *self)
{
  while (!self->closed && self->n_running < self->max_running && !g_queue_is_empty (&self->queued))
    {
      g_autoptr(GTask) task = g_queue_pop_head (&self->queued);
      Job *job = g_task_get_task_data (task);
      guint slot = 0;

      while (self->busy[slot])
        slot++;

      self->busy[slot] = TRUE;
      self->n_running++;
      job->slot = slot;
      g_task_run_in_thread (task, job_thread);
    }
}

/* After the caller's callback ran: the task's connection is free for the next one. */
static void
on_task_completed (GTask        *task,
                   GParamSpec   *pspec,
                   DkSyncWorker *self)
{
  Job *job = g_task_get_task_data (task);

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
dk_sync_worker_run_async (DkSyncWorker        *self,
                          DkSyncJobFunc        func,
                          gpointer             job_data,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  Job *job;

  g_return_if_fail (DK_IS_SYNC_WORKER (self));
  g_return_if_fail (func != NULL);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, dk_sync_worker_run_async);

  job = g_new0 (Job, 1);
  job->func = func;
  job->job = job_data;
  job->slot = -1;
  /* Freed wherever the task is, possibly a worker thread: it owns nothing but itself. */
  g_task_set_task_data (task, job, g_free);

  if (self->closed)
    {
      fail_closed (task);
      return;
    }

  /* The task still returns from an idle callback, never from inside this call. */
  if (self->inline_store != NULL)
    {
      if (func (self->inline_store, job_data, &error))
        g_task_return_boolean (task, TRUE);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (self->n_running >= self->max_running && g_queue_get_length (&self->queued) >= self->max_queued)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY,
                               _("The server is handling too many synchronisations at once. Try again in a few "
                                 "seconds."));
      return;
    }

  g_signal_connect_object (task, "notify::completed", G_CALLBACK (on_task_completed), self, 0);
  g_queue_push_tail (&self->queued, g_steal_pointer (&task));
  start_queued (self);
}

gboolean
dk_sync_worker_run_finish (DkSyncWorker  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (DK_IS_SYNC_WORKER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

guint
dk_sync_worker_get_n_running (DkSyncWorker *self)
{
  g_return_val_if_fail (DK_IS_SYNC_WORKER (self), 0);

  return self->n_running;
}

guint
dk_sync_worker_get_n_queued (DkSyncWorker *self)
{
  g_return_val_if_fail (DK_IS_SYNC_WORKER (self), 0);

  return g_queue_get_length (&self->queued);
}

void
dk_sync_worker_close (DkSyncWorker *self)
{
  GTask *task;

  g_return_if_fail (DK_IS_SYNC_WORKER (self));

  self->closed = TRUE;
  while ((task = g_queue_pop_head (&self->queued)) != NULL)
    {
      fail_closed (task);
      g_object_unref (task);
    }
}
