#include "config.h"

#include "dk-central-store.h"
#include "dk-sync-worker.h"
#include "dk-test-util.h"

/* DkSyncWorker: jobs on connections of their own in threads, a bounded queue, closing for a
 * shutdown, and a store in memory served on the main thread. */

typedef struct
{
  char    *dir;
  char    *path;
  DkStore *store;
  /* The gate the jobs wait at, so that the test decides when they finish. */
  GMutex   lock;
  GCond    cond;
  gboolean open;
} Fixture;

typedef struct
{
  Fixture  *f;
  gboolean  wait;      /* wait at the gate */
  gboolean  fail;      /* fail with an error of its own */
  DkStore  *store;     /* out: the connection it ran on */
  GThread  *thread;    /* out: the thread it ran in */
  gint64    rows;      /* out: what it read */
  gboolean  done;      /* the callback ran */
  gboolean  ok;
  GError   *error;
} Job;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = dk_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "central.db", NULL);
  f->store = dk_central_store_open (f->path, &error);
  g_assert_no_error (error);
  g_mutex_init (&f->lock);
  g_cond_init (&f->cond);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_mutex_clear (&f->lock);
  g_cond_clear (&f->cond);
  dk_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
open_gate (Fixture *f)
{
  g_mutex_lock (&f->lock);
  f->open = TRUE;
  g_cond_broadcast (&f->cond);
  g_mutex_unlock (&f->lock);
}

static gboolean
job_func (DkStore   *store,
          gpointer   data,
          GError   **error)
{
  Job *job = data;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  job->store = store;
  job->thread = g_thread_self ();

  if (job->wait)
    {
      g_mutex_lock (&job->f->lock);
      while (!job->f->open)
        g_cond_wait (&job->f->cond, &job->f->lock);
      g_mutex_unlock (&job->f->lock);
    }

  if (job->fail)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the job failed");
      return FALSE;
    }

  /* The connection works, and sees the main connection's file. */
  stmt = dk_store_prepare (store, "SELECT count(*) FROM dk_schema_history", error);
  if (stmt == NULL || !dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  job->rows = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static void
on_done (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Job *job = user_data;

  job->ok = dk_sync_worker_run_finish (DK_SYNC_WORKER (object), result, &job->error);
  job->done = TRUE;
}

static void
wait_done (Job *job)
{
  while (!job->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
job_clear (Job *job)
{
  g_clear_error (&job->error);
}

static gint64
history_rows (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = dk_store_prepare (f->store, "SELECT count(*) FROM dk_schema_history", &error);
  gboolean has_row = FALSE;
  gint64 n;

  g_assert_no_error (error);
  g_assert_true (dk_store_step_row (f->store, stmt, &has_row, &error));
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* Two run at once, one waits, a fourth finds the queue full; each ran in a thread of its own on a
 * connection of its own, never the main one, and the connections are kept for later jobs. */
static void
test_threads_and_queue (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(DkSyncWorker) worker = dk_sync_worker_new (f->store, 2, 1);
  Job jobs[4] = { { 0 } };
  Job later = { f, FALSE, FALSE, };

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      jobs[i].f = f;
      jobs[i].wait = TRUE;
      dk_sync_worker_run_async (worker, job_func, &jobs[i], on_done, &jobs[i]);
    }
  g_assert_cmpuint (dk_sync_worker_get_n_running (worker), ==, 2);
  g_assert_cmpuint (dk_sync_worker_get_n_queued (worker), ==, 1);

  wait_done (&jobs[3]);
  g_assert_false (jobs[3].ok);
  g_assert_error (jobs[3].error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_assert_false (jobs[0].done || jobs[1].done || jobs[2].done);

  open_gate (f);
  for (guint i = 0; i < 3; i++)
    {
      wait_done (&jobs[i]);
      g_assert_no_error (jobs[i].error);
      g_assert_true (jobs[i].ok);
      g_assert_true (jobs[i].store != f->store);
      g_assert_true (jobs[i].thread != g_thread_self ());
      g_assert_cmpint (jobs[i].rows, ==, history_rows (f));
    }
  g_assert_true (jobs[0].store != jobs[1].store);
  g_assert_true (jobs[2].store == jobs[0].store || jobs[2].store == jobs[1].store);

  /* The queue's place came free. */
  dk_sync_worker_run_async (worker, job_func, &later, on_done, &later);
  wait_done (&later);
  g_assert_true (later.ok);
  g_assert_cmpuint (dk_sync_worker_get_n_running (worker), ==, 0);
  g_assert_cmpuint (dk_sync_worker_get_n_queued (worker), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    job_clear (&jobs[i]);
  job_clear (&later);
}

static void
test_job_error (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(DkSyncWorker) worker = dk_sync_worker_new (f->store, 1, 1);
  Job job = { f, FALSE, TRUE, };

  dk_sync_worker_run_async (worker, job_func, &job, on_done, &job);
  wait_done (&job);
  g_assert_false (job.ok);
  g_assert_error (job.error, G_IO_ERROR, G_IO_ERROR_FAILED);
  job_clear (&job);
}

/* Closing fails the jobs that wait, lets the running one finish, and refuses later ones. */
static void
test_close (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(DkSyncWorker) worker = dk_sync_worker_new (f->store, 1, 4);
  Job jobs[3] = { { 0 } };
  Job late = { f, FALSE, FALSE, };

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    {
      jobs[i].f = f;
      jobs[i].wait = TRUE;
      dk_sync_worker_run_async (worker, job_func, &jobs[i], on_done, &jobs[i]);
    }
  g_assert_cmpuint (dk_sync_worker_get_n_queued (worker), ==, 2);

  dk_sync_worker_close (worker);
  g_assert_cmpuint (dk_sync_worker_get_n_queued (worker), ==, 0);
  for (guint i = 1; i < G_N_ELEMENTS (jobs); i++)
    {
      wait_done (&jobs[i]);
      g_assert_error (jobs[i].error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_null (jobs[i].store);
    }

  dk_sync_worker_run_async (worker, job_func, &late, on_done, &late);
  wait_done (&late);
  g_assert_error (late.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_false (jobs[0].done);
  open_gate (f);
  wait_done (&jobs[0]);
  g_assert_no_error (jobs[0].error);
  g_assert_true (jobs[0].ok);

  for (guint i = 0; i < G_N_ELEMENTS (jobs); i++)
    job_clear (&jobs[i]);
  job_clear (&late);
}

/* A second connection to ":memory:" would be another, empty database: the jobs run on the main
 * thread on the store itself, and still answer through the main loop, never from inside the call. */
static void
test_memory_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkStore) store = dk_central_store_open (":memory:", &error);
  g_autoptr(DkSyncWorker) worker = NULL;
  Job job = { NULL, FALSE, FALSE, };

  g_assert_no_error (error);
  worker = dk_sync_worker_new (store, 2, 0);
  dk_sync_worker_run_async (worker, job_func, &job, on_done, &job);
  g_assert_false (job.done);
  wait_done (&job);
  g_assert_no_error (job.error);
  g_assert_true (job.ok);
  g_assert_true (job.store == store);
  g_assert_true (job.thread == g_thread_self ());
  g_assert_cmpint (job.rows, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync-worker/threads-and-queue", test_threads_and_queue);
  ADD ("/sync-worker/job-error", test_job_error);
  ADD ("/sync-worker/close", test_close);
#undef ADD
  g_test_add_func ("/sync-worker/memory-store", test_memory_store);

  return g_test_run ();
}
