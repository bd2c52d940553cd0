/* DkSession, the client's signed-in state, against the real draagkracht-sync with a user made by
 * draagkracht-admin: sign-in, a wrong password, restoring offline, the inactivity lock, signing out
 * with and without the data, and a device revoked by an administrator. The keyring is libsecret's
 * file backend and the settings a memory backend, so nothing of the person running the tests is
 * touched. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#define G_SETTINGS_ENABLE_BACKEND
#include <gio/gsettingsbackend.h>

#include "dk-credentials.h"
#include "dk-session-request.h"
#include "dk-session.h"
#include "dk-sync-client.h"
#include "dk-test-server.h"
#include "dk-test-util.h"

#define USER_NAME    "kees"
#define DISPLAY_NAME "Kees Visser"
#define PASSWORD     "correct horse battery"
#define SCHEMA_ID    "nl.draagkracht.Draagkracht"
/* A hang fails the test instead of blocking the suite; never a measure of speed. */
#define WAIT_SECONDS 20

static char *data_home;
static char *keyring_path;

typedef struct
{
  char         *dir;
  char         *db;
  DkTestServer *server;
  GSettings    *settings;
  GPtrArray    *messages;
  guint         syncs_done;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

/* ---- waiting on the main context ---- */

typedef gboolean (*Condition) (gpointer data);

static gboolean
flag_cb (gpointer data)
{
  gboolean *flag = data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
poll_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Iterates the main context until @condition holds; some conditions (the keyring after a fire-and-forget
 * clear) change without an event of ours, so a short poll wakes the loop too. */
static void
wait_until (Condition    condition,
            gpointer     data,
            const char  *what)
{
  gboolean timed_out = FALSE;
  guint deadline = g_timeout_add_seconds (WAIT_SECONDS, flag_cb, &timed_out);
  guint poll = g_timeout_add (50, poll_cb, NULL);

  while (!condition (data) && !timed_out)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (poll);
  if (timed_out)
    g_test_message ("Waited %d s for %s", WAIT_SECONDS, what);
  g_assert_false (timed_out);
  g_source_remove (deadline);
}

static void
capture_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static gboolean
result_arrived (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  wait_until (result_arrived, result, "an async result");
  return *result;
}

/* ---- the server side ---- */

static void
run_admin (Fixture    *f,
           const char *input,
           Run        *run,
           const char *first,
           ...) G_GNUC_NULL_TERMINATED;

static void
run_admin (Fixture    *f,
           const char *input,
           Run        *run,
           const char *first,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("DK_ADMIN_BINARY");
  const char *arg;
  va_list args;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (char *) binary);
  g_ptr_array_add (argv, "--database");
  g_ptr_array_add (argv, f->db);
  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input != NULL ? input : "", NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  run->status = g_subprocess_get_exit_status (proc);
  if (run->status != 0)
    g_printerr ("draagkracht-admin failed: %s", run->err);
  g_assert_cmpint (run->status, ==, 0);
}

static void
run_free (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

/* ---- fixture ---- */

static void
on_message (DkSession  *session,
            const char *message,
            Fixture    *f)
{
  g_ptr_array_add (f->messages, g_strdup (message));
}

static void
on_syncing (DkSession  *session,
            GParamSpec *pspec,
            Fixture    *f)
{
  if (!dk_session_get_syncing (session))
    f->syncs_done++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsBackend) backend = g_memory_settings_backend_new ();
  Run run = { 0 };

  f->dir = dk_test_make_tmpdir ();
  f->db = g_build_filename (f->dir, "central.db", NULL);
  f->server = dk_test_server_start (f->db, "--demo", NULL);

  /* As an administrator sets up a field worker: an account, and the demo dossier in her caseload. */
  run_admin (f, PASSWORD "\n", &run, "user", "add", USER_NAME, "--role", "field_worker",
             "--display-name", DISPLAY_NAME, "--password-stdin", NULL);
  run_free (&run);
  run_admin (f, NULL, &run, "assign", "DEMO-0001", USER_NAME, NULL);
  run_free (&run);

  /* A settings backend of the test's own, so no test sees another's user or device. */
  schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), SCHEMA_ID, TRUE);
  g_assert_nonnull (schema);
  f->settings = g_settings_new_full (schema, backend, NULL);
  f->messages = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *replicas = g_build_filename (data_home, "draagkracht", NULL);

  if (f->server != NULL)
    dk_test_server_stop (f->server);
  g_clear_pointer (&f->server, dk_test_server_free);
  g_clear_object (&f->settings);
  g_clear_pointer (&f->messages, g_ptr_array_unref);
  dk_test_remove_tree (replicas);
  dk_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

static DkSession *
new_session (Fixture *f)
{
  DkSession *session = dk_session_new (f->settings, NULL);

  g_signal_connect (session, "message", G_CALLBACK (on_message), f);
  g_signal_connect (session, "notify::syncing", G_CALLBACK (on_syncing), f);
  return session;
}

typedef struct
{
  Fixture *f;
  guint    target;
} SyncWait;

static gboolean
syncs_reached (gpointer data)
{
  SyncWait *w = data;

  return w->f->syncs_done >= w->target;
}

static void
wait_for_syncs (Fixture *f,
                guint    target)
{
  SyncWait w = { f, target };

  wait_until (syncs_reached, &w, "a sync to finish");
}

static gboolean
not_syncing (gpointer data)
{
  return !dk_session_get_syncing (data);
}

static gboolean
finalized (gpointer data)
{
  g_autoptr(DkSession) alive = g_weak_ref_get (data);

  return alive == NULL;
}

/* Lets a sync in flight end, then waits until the session is really gone (a GTask may drop its
 * last reference in its worker thread a moment after the callback), so its replica is closed before
 * the next step looks at the files. */
static void
drop_session (DkSession **session)
{
  GWeakRef weak;

  wait_until (not_syncing, *session, "the sync to end");
  g_weak_ref_init (&weak, *session);
  g_clear_object (session);
  wait_until (finalized, &weak, "the session to be finalized");
  g_weak_ref_clear (&weak);
}

static gboolean
sign_in (Fixture     *f,
         DkSession   *session,
         const char  *password,
         GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dk_session_sign_in_async (session, f->server->url, USER_NAME, password, NULL, capture_cb, &result);
  return dk_session_sign_in_finish (session, wait_for_result (&result), error);
}

/* The results are dropped here: a GTask keeps its session alive while anyone holds it. */
static gboolean
restore (DkSession  *session,
         GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dk_session_restore_async (session, NULL, capture_cb, &result);
  return dk_session_restore_finish (session, wait_for_result (&result), error);
}

static gboolean
unlock (DkSession   *session,
        const char  *password,
        GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  dk_session_unlock_async (session, password, NULL, capture_cb, &result);
  return dk_session_unlock_finish (session, wait_for_result (&result), error);
}

static char *
setting (Fixture    *f,
         const char *key)
{
  return g_settings_get_string (f->settings, key);
}

static char *
replica_file (Fixture *f)
{
  g_autofree char *user_id = setting (f, "user-id");
  g_autofree char *name = NULL;

  g_assert_cmpstr (user_id, !=, "");
  name = g_strdup_printf ("replica-%s.sqlite", user_id);
  return g_build_filename (data_home, "draagkracht", name, NULL);
}

static gint64
count_dossiers (DkSession *session)
{
  DkStore *store = dk_session_get_store (session);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gint64 n;

  g_assert_nonnull (store);
  stmt = dk_store_prepare (store, "SELECT count(*) FROM dossier WHERE number = ?1", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, "DEMO-0001", -1, SQLITE_STATIC);
  g_assert_true (dk_store_step_row (store, stmt, &has_row, &error));
  g_assert_no_error (error);
  g_assert_true (has_row);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static DkCredentials *
keyring_lookup (const char *server)
{
  g_autoptr(GError) error = NULL;
  DkCredentials *c = dk_credentials_lookup_sync (server, USER_NAME, NULL, &error);

  g_assert_no_error (error);
  return c;
}

static GBytes *
keyring_bytes (void)
{
  g_autofree char *bytes = NULL;
  gsize length = 0;

  if (!g_file_get_contents (keyring_path, &bytes, &length, NULL))
    return g_bytes_new (NULL, 0);
  return g_bytes_new_take (g_steal_pointer (&bytes), length);
}

typedef struct
{
  const char *server;
  GBytes     *before;
} KeyringWait;

static gboolean
keyring_cleared (gpointer data)
{
  KeyringWait *w = data;
  g_autoptr(DkCredentials) c = keyring_lookup (w->server);
  g_autoptr(GBytes) now = NULL;

  if (c != NULL)
    return FALSE;
  now = keyring_bytes ();
  return !g_bytes_equal (now, w->before);
}

/* Sign-out clears the keyring without waiting for it: waits until the item is gone and the keyring
 * file (as it was in @before) rewritten, then a moment more for the write's callbacks. Every async
 * write of libsecret's file backend completes in here, so the suppression below can name this
 * function for the backend's leak. */
static void
wait_for_file_backend_write (const char *server,
                             GBytes     *before)
{
  KeyringWait w = { server, before };
  gboolean grace_over = FALSE;

  wait_until (keyring_cleared, &w, "the keyring item to go");
  g_timeout_add (100, flag_cb, &grace_over);
  while (!grace_over)
    g_main_context_iteration (NULL, TRUE);
}

/* A signed-in session that has finished its first sync, with the demo dossier in its replica. */
static DkSession *
signed_in_session (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  DkSession *session = new_session (f);
  guint before = f->syncs_done;

  g_assert_true (sign_in (f, session, PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dk_session_get_state (session), ==, DK_SESSION_READY);
  wait_for_syncs (f, before + 1);
  g_assert_cmpint (dk_session_get_state (session), ==, DK_SESSION_READY);
  g_assert_true (dk_session_get_online (session));
  g_assert_cmpint (count_dossiers (session), ==, 1);
  return session;
}

static void
assert_replica_gone (const char *path)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_assert_false (g_file_test (file, G_FILE_TEST_EXISTS));
    }
}

static gboolean
contains_bytes (const char *haystack,
                gsize       length,
                const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; n > 0 && i + n <= length; i++)
    if (memcmp (haystack + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* Counts the regular files under @path whose bytes contain one of @needles (NULL-terminated; a
 * missing refresh token ends the list early, which is fine). */
static guint
files_containing (const char         *path,
                  const char * const *needles,
                  guint              *n_files)
{
  guint hits = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          hits += files_containing (child, needles, n_files);
        }
    }
  else if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
    {
      g_autofree char *bytes = NULL;
      gsize length = 0;
      g_autoptr(GError) error = NULL;

      g_assert_true (g_file_get_contents (path, &bytes, &length, &error));
      g_assert_no_error (error);
      (*n_files)++;
      for (guint i = 0; needles[i] != NULL; i++)
        if (contains_bytes (bytes, length, needles[i]))
          {
            g_test_message ("%s holds a secret", path);
            hits++;
          }
    }
  return hits;
}

/* ---- the tests ---- */

static void
test_sign_in (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DkSession) session = NULL;
  g_autoptr(DkCredentials) stored = NULL;
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;
  g_autofree char *replica = NULL;
  g_autofree char *device_id = NULL;
  guint n_files = 0;

  session = signed_in_session (f);
  g_assert_cmpstr (dk_session_get_user_name (session), ==, USER_NAME);
  g_assert_cmpstr (dk_session_get_display_name (session), ==, DISPLAY_NAME);
  g_assert_cmpstr (dk_session_get_role (session), ==, "field_worker");
  g_assert_cmpstr (dk_session_get_server_url (session), ==, f->server->url);
  g_assert_cmpuint (dk_session_get_waiting (session), ==, 0);
  g_assert_cmpint (g_settings_get_int64 (f->settings, "last-sync"), >, 0);
  g_assert_cmpuint (f->messages->len, ==, 0);

  /* Who is signed in is in the settings, in the open. */
  {
    g_autofree char *url = setting (f, "server-url");
    g_autofree char *user = setting (f, "user-name");
    g_autofree char *display = setting (f, "display-name");

    g_assert_cmpstr (url, ==, f->server->url);
    g_assert_cmpstr (user, ==, USER_NAME);
    g_assert_cmpstr (display, ==, DISPLAY_NAME);
  }
  device_id = setting (f, "device-id");
  g_assert_cmpstr (device_id, !=, "");

  /* The replica is a file per user in the user data directory. */
  replica = replica_file (f);
  g_assert_true (g_file_test (replica, G_FILE_TEST_IS_REGULAR));

  /* The token lives in the keyring, and the unlock hash there is of the password. */
  stored = keyring_lookup (f->server->url);
  g_assert_nonnull (stored);
  g_assert_nonnull (stored->token);
  g_assert_cmpuint (strlen (stored->token), >=, 16);
  g_assert_nonnull (stored->unlock_hash);
  g_assert_true (dk_credentials_check_password (stored->unlock_hash, PASSWORD));

  /* …and nowhere else: not in the replica's files, not in the settings. */
  {
    const char *needles[] = { stored->token, PASSWORD, stored->refresh_token, NULL };

    g_assert_cmpuint (files_containing (data_home, needles, &n_files), ==, 0);
    /* The search did look at the replica. */
    g_assert_cmpuint (n_files, >=, 1);

    schema = g_settings_schema_source_lookup (g_settings_schema_source_get_default (), SCHEMA_ID, TRUE);
    keys = g_settings_schema_list_keys (schema);
    for (guint i = 0; keys[i] != NULL; i++)
      {
        g_autoptr(GVariant) value = g_settings_get_value (f->settings, keys[i]);
        g_autofree char *text = g_variant_print (value, FALSE);

        for (guint j = 0; needles[j] != NULL; j++)
          g_assert_null (strstr (text, needles[j]));
      }
  }

  drop_session (&session);
}

static void
test_wrong_password (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(DkSession) session = new_session (f);
  g_autoptr(DkSession) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DkCredentials) stored = NULL;
  g_autofree char *replicas = g_build_filename (data_home, "draagkracht", NULL);
  g_autofree char *user_id = NULL;
  g_autofree char *user_name = NULL;
  g_autofree char *device_id = NULL;

  g_assert_false (sign_in (f, session, "not the password", &error));
  g_assert_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "The user name or password is not right, or the account is locked for a while.");
  g_assert_cmpint (dk_session_get_state (session), ==, DK_SESSION_SIGNED_OUT);
  g_assert_null (dk_session_get_replica (session));

  /* Nothing stored: no settings, no replica, no keyring item. */
  user_id = setting (f, "user-id");
  user_name = setting (f, "user-name");
  device_id = setting (f, "device-id");
  g_assert_cmpstr (user_id, ==, "");
  g_assert_cmpstr (user_name, ==, "");
  g_assert_cmpstr (device_id, ==, "");
  g_assert_false (g_file_test (replicas, G_FILE_TEST_EXISTS));
  stored = keyring_lookup (f->server->url);
  g_assert_null (stored);
  g_assert_cmpuint (f->messages->len, ==, 0);
  g_clear_error (&error);

  /* So a fresh start has nobody to restore. */
  again = new_session (f);
  g_assert_true (restore (again, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dk_session_get_state (again), ==, DK_SESSION_SIGNED_OUT);

  drop_session (&session);
  drop_session (&again);
}

static void
test_restore_offline (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(DkSession) session = signed_in_session (f);
  g_autoptr(DkSession) restored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *replica = replica_file (f);
  g_autofree char *url = g_strdup (f->server->url);
  guint before;

  drop_session (&session);

  /* The laptop at the kitchen table: no server. */
  dk_test_server_stop (f->server);
  g_clear_pointer (&f->server, dk_test_server_free);

  restored = new_session (f);
  before = f->syncs_done;
  g_assert_true (restore (restored, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dk_session_get_state (restored), ==, DK_SESSION_READY);
  g_assert_cmpstr (dk_session_get_user_name (restored), ==, USER_NAME);
  g_assert_cmpstr (dk_session_get_display_name (restored), ==, DISPLAY_NAME);
  /* Restored offline: the role comes from the settings, so the menu offers the same. */
  g_assert_cmpstr (dk_session_get_role (restored), ==, "field_worker");
  g_assert_cmpstr (dk_session_get_server_url (restored), ==, url);
  g_assert_true (g_file_test (replica, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (count_dossiers (restored), ==, 1);

  /* Its first sync finds no server: offline, still signed in, nothing to tell the user. */
  wait_for_syncs (f, before + 1);
  g_assert_cmpint (dk_session_get_state (restored), ==, DK_SESSION_READY);
  g_assert_false (dk_session_get_online (restored));
  g_assert_cmpint (count_dossiers (restored), ==, 1);
  g_assert_cmpuint (f->messages->len, ==, 0);

  drop_session (&restored);
}

static void
test_lock_unlock (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(DkSession) session = signed_in_session (f);
  g_autoptr(GError) error = NULL;

  /* Only a locked session unlocks. */
  g_assert_false (unlock (session, PASSWORD, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_cmpint (dk_session_get_state (session), ==, DK_SESSION_READY);

  dk_session_lock (session);
  g_assert_cmpint (dk_session_get_state (session), ==, DK_SESSION_LOCKED);

  g_assert_false (unlock (session, "Correct horse battery", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED);
  g_assert_cmpstr (error->message, ==, "That password is not right.");
  g_clear_error (&error);
  g_assert_cmpint (dk_session_get_state (session), ==, DK_SESSION_LOCKED);

  g_assert_true (unlock (session, PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dk_session_get_state (session), ==, DK_SESSION_READY);
  g_assert_cmpint (count_dossiers (session), ==, 1);

  drop_session (&session);
}

static void
test_sign_out (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DkSession) session = signed_in_session (f);
  g_autoptr(DkSession) restored = NULL;
  g_autoptr(DkCredentials) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *replica = replica_file (f);
  g_autofree char *device_id = setting (f, "device-id");
  g_autoptr(GBytes) keyring = NULL;
  guint before;

  /* Keeping the data: the keyring item goes, the replica and the device stay. */
  keyring = keyring_bytes ();
  dk_session_sign_out (session, FALSE);
  g_assert_cmpint (dk_session_get_state (session), ==, DK_SESSION_SIGNED_OUT);
  g_assert_null (dk_session_get_replica (session));
  wait_for_file_backend_write (f->server->url, keyring);
  g_assert_true (g_file_test (replica, G_FILE_TEST_IS_REGULAR));
  {
    g_autofree char *user_id = setting (f, "user-id");
    g_autofree char *user_name = setting (f, "user-name");
    g_autofree char *device = setting (f, "device-id");

    g_assert_cmpstr (user_id, ==, "");
    /* Filled in on the sign-in screen next time. */
    g_assert_cmpstr (user_name, ==, USER_NAME);
    g_assert_cmpstr (device, ==, device_id);
  }

  /* A restart finds nobody signed in. */
  restored = new_session (f);
  g_assert_true (restore (restored, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dk_session_get_state (restored), ==, DK_SESSION_SIGNED_OUT);
  drop_session (&restored);

  /* Signing in again: the same device, and the kept replica is there before any sync. */
  before = f->syncs_done;
  g_assert_true (sign_in (f, session, PASSWORD, &error));
  g_assert_no_error (error);
  g_assert_cmpint (dk_session_get_state (session), ==, DK_SESSION_READY);
  g_assert_cmpint (count_dossiers (session), ==, 1);
  {
    g_autofree char *device = setting (f, "device-id");
    g_autofree char *again = replica_file (f);

    g_assert_cmpstr (device, ==, device_id);
    g_assert_cmpstr (again, ==, replica);
  }
  stored = keyring_lookup (f->server->url);
  g_assert_nonnull (stored);
  wait_for_syncs (f, before + 1);
  g_assert_true (dk_session_get_online (session));

  /* Removing the data: the replica goes too, and the device id with it. */
  g_clear_pointer (&keyring, g_bytes_unref);
  keyring = keyring_bytes ();
  dk_session_sign_out (session, TRUE);
  g_assert_cmpint (dk_session_get_state (session), ==, DK_SESSION_SIGNED_OUT);
  assert_replica_gone (replica);
  wait_for_file_backend_write (f->server->url, keyring);
  {
    g_autofree char *device = setting (f, "device-id");

    g_assert_cmpstr (device, ==, "");
  }
  g_assert_cmpuint (f->messages->len, ==, 0);

  drop_session (&session);
}

static void
test_revoked (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DkSession) session = signed_in_session (f);
  g_autofree char *replica = replica_file (f);
  g_autofree char *device_id = setting (f, "device-id");
  g_autoptr(GBytes) keyring = NULL;
  Run run = { 0 };
  guint before;

  g_assert_cmpstr (device_id, !=, "");
  run_admin (f, NULL, &run, "device", "revoke", device_id, NULL);
  run_free (&run);

  before = f->syncs_done;
  keyring = keyring_bytes ();
  dk_session_sync (session);
  wait_for_syncs (f, before + 1);

  g_assert_cmpint (dk_session_get_state (session), ==, DK_SESSION_SIGNED_OUT);
  g_assert_null (dk_session_get_replica (session));
  assert_replica_gone (replica);
  wait_for_file_backend_write (f->server->url, keyring);
  {
    g_autofree char *user_id = setting (f, "user-id");
    g_autofree char *device = setting (f, "device-id");

    g_assert_cmpstr (user_id, ==, "");
    g_assert_cmpstr (device, ==, "");
  }

  g_assert_cmpuint (f->messages->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (f->messages, 0), ==,
                   "An administrator has blocked this device. The dossiers on it have been removed. "
                   "Ask your administrator if you think this is a mistake.");

  drop_session (&session);
}

/* libsecret 0.20.5's file backend leaks the keyring file's previous etag on every write (see
 * tests/unit/test-credentials.c). GLib is built without frame pointers, so the slow unwinder is needed
 * for a suppression to see past g_malloc; the suppressions name the calls that write: libsecret's sync
 * store (the sign-in's worker thread) and this test's wait for the fire-and-forget clears. */
const char *__lsan_default_suppressions (void);
const char *__asan_default_options (void);

const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:secret_password_storev_binary_sync\n"
         "leak:wait_for_file_backend_write\n";
}

/* Ends the session token of every session of this device in the central store, as time would; with
 * @refresh_too also its refresh token. */
static void
expire_tokens (Fixture    *f,
               const char *device_id,
               gboolean    refresh_too)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->db, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  g_assert_cmpint (sqlite3_prepare_v2 (db, refresh_too
                                           ? "UPDATE session SET created_at = '2020-01-01T00:00:00.000Z',"
                                             " expires_at = '2020-01-01T01:00:00.000Z',"
                                             " refresh_expires_at = '2020-01-02T00:00:00.000Z' WHERE device_id = ?1"
                                           : "UPDATE session SET created_at = '2020-01-01T00:00:00.000Z',"
                                             " expires_at = '2020-01-01T01:00:00.000Z' WHERE device_id = ?1",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), >=, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

typedef struct
{
  const char *server;
  const char *old_token;
} TokenWait;

static gboolean
keyring_token_changed (gpointer data)
{
  TokenWait *w = data;
  g_autoptr(DkCredentials) c = keyring_lookup (w->server);

  return c != NULL && g_strcmp0 (c->token, w->old_token) != 0;
}

/* A request sent with an expired token renews it the way the sync does, and goes once more: the
 * person sees the answer, not an error, and the new token is kept in the keyring. */
static void
test_request_renews_token (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(DkSession) session = signed_in_session (f);
  g_autoptr(DkCredentials) before = keyring_lookup (f->server->url);
  g_autofree char *device_id = setting (f, "device-id");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(GError) error = NULL;
  TokenWait w = { f->server->url, NULL };

  g_assert_nonnull (before);
  w.old_token = before->token;
  expire_tokens (f, device_id, FALSE);

  dk_session_request_json_async (session, "GET", "/v1/me", NULL, NULL, capture_cb, &result);
  me = dk_session_request_json_finish (session, wait_for_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (me));
  g_assert_cmpint (dk_session_get_state (session), ==, DK_SESSION_READY);
  g_assert_cmpuint (f->messages->len, ==, 0);
  wait_until (keyring_token_changed, &w, "the renewed token in the keyring");

  /* A GTask keeps its session alive while anyone holds it. */
  g_clear_object (&result);
  drop_session (&session);
}

/* When the refresh token has ended too, the session signs out (as after a sync) and the request
 * says so, instead of waiting for ever. */
static void
test_request_session_ended (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(DkSession) session = signed_in_session (f);
  g_autofree char *device_id = setting (f, "device-id");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) again = NULL;
  g_autoptr(JsonNode) me = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) keyring = keyring_bytes ();

  expire_tokens (f, device_id, TRUE);

  dk_session_request_json_async (session, "GET", "/v1/me", NULL, NULL, capture_cb, &result);
  me = dk_session_request_json_finish (session, wait_for_result (&result), &error);
  g_assert_null (me);
  g_assert_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_cmpstr (error->message, ==, "Your session has ended. Sign in again to continue.");
  g_clear_error (&error);
  g_assert_cmpint (dk_session_get_state (session), ==, DK_SESSION_SIGNED_OUT);
  wait_for_file_backend_write (f->server->url, keyring);

  /* Signed out, nothing goes out at all. */
  dk_session_request_json_async (session, "GET", "/v1/me", NULL, NULL, capture_cb, &again);
  g_assert_null (dk_session_request_json_finish (session, wait_for_result (&again), &error));
  g_assert_error (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_UNAUTHORIZED);

  g_clear_object (&result);
  g_clear_object (&again);
  drop_session (&session);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *dir = NULL;
  int status;

  /* The messages are compared with their English msgids. */
  g_setenv ("LC_ALL", "C", TRUE);

  /* Before anything asks GLib for the user data directory (it is read once) or libsecret for a
   * backend (also picked once). The keyring file lies outside the data directory that is searched
   * for secrets. */
  dir = dk_test_make_tmpdir ();
  data_home = g_build_filename (dir, "data", NULL);
  keyring_path = g_build_filename (dir, "keyring", NULL);
  g_assert_cmpint (g_mkdir (data_home, 0700), ==, 0);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring_path, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add ("/session/sign-in", Fixture, NULL, fixture_setup, test_sign_in, fixture_teardown);
  g_test_add ("/session/wrong-password", Fixture, NULL, fixture_setup, test_wrong_password, fixture_teardown);
  g_test_add ("/session/restore-offline", Fixture, NULL, fixture_setup, test_restore_offline, fixture_teardown);
  g_test_add ("/session/lock-unlock", Fixture, NULL, fixture_setup, test_lock_unlock, fixture_teardown);
  g_test_add ("/session/sign-out", Fixture, NULL, fixture_setup, test_sign_out, fixture_teardown);
  g_test_add ("/session/revoked", Fixture, NULL, fixture_setup, test_revoked, fixture_teardown);
  g_test_add ("/session/request-renews-token", Fixture, NULL, fixture_setup, test_request_renews_token,
              fixture_teardown);
  g_test_add ("/session/request-session-ended", Fixture, NULL, fixture_setup, test_request_session_ended,
              fixture_teardown);

  status = g_test_run ();

  dk_test_remove_tree (dir);
  g_free (data_home);
  g_free (keyring_path);
  return status;
}
