#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <sodium.h>

#include "dk-credentials.h"
#include "dk-replica-review.h"
#include "dk-session.h"
#include "dk-sync-client.h"
#include "dk-sync-status.h"

/* A local edit is sent this long after the last one, so typing a form does not start a sync per
 * field. */
#define SYNC_AFTER_EDIT_SECONDS 3
/* While the server cannot be reached, try again this often (and at once when the network changes). */
#define RETRY_OFFLINE_SECONDS 60

struct _DkSession
{
  GObject              parent_instance;

  GSettings           *settings;
  char                *server_url;
  char                *server_override;
  char                *user_name;
  char                *display_name;
  char                *role;
  DkCredentials       *credentials;

  DkReplica           *replica;
  char                *replica_path;
  DkSyncClient        *client;
  GCancellable        *sync_cancellable;
  GNetworkMonitor     *monitor;

  DkSessionState       state;
  gboolean             online;
  gboolean             syncing;
  gboolean             sync_again;
  gboolean             refreshed;   /* the token was refreshed in this run: do not loop */
  guint                received;   /* in the sync under way */
  guint                waiting;
  guint                review_count;
  char                *status_text;
  GDateTime           *last_sync;

  guint                sync_source;
  guint                retry_source;
};

G_DEFINE_FINAL_TYPE (DkSession, dk_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_ONLINE,
  PROP_SYNCING,
  PROP_WAITING,
  PROP_REVIEW_COUNT,
  PROP_STATUS_TEXT,
  PROP_DISPLAY_NAME,
  N_PROPS
};

enum {
  DATA_CHANGED,
  MESSAGE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void schedule_sync (DkSession *self, guint seconds);

static char *
replica_path_for (const char *user_id)
{
  g_autofree char *name = g_strdup_printf ("replica-%s.sqlite", user_id);

  return g_build_filename (g_get_user_data_dir (), "draagkracht", name, NULL);
}

static void
update_status (DkSession *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *text = dk_sync_status_text (self->online, self->syncing, self->received, self->waiting,
                                               self->last_sync, now);

  if (g_strcmp0 (text, self->status_text) != 0)
    {
      g_free (self->status_text);
      self->status_text = g_steal_pointer (&text);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_TEXT]);
    }
}

static void
set_online (DkSession *self,
            gboolean   online)
{
  if (self->online == online)
    return;

  self->online = online;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
  update_status (self);
}

static void
set_state (DkSession      *self,
           DkSessionState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
refresh_counts (DkSession *self)
{
  g_autoptr(GError) error = NULL;
  DkOutboxCounts counts = { 0 };
  guint waiting = 0, review = 0;

  if (self->replica != NULL)
    {
      if (dk_replica_count_outbox (self->replica, &counts, &error))
        waiting = counts.pending + counts.sent;
      else
        g_warning ("Could not count the outbox: %s", error->message);

      review += dk_replica_review_count (self->replica, NULL);
    }

  if (waiting != self->waiting)
    {
      self->waiting = waiting;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);
    }
  if (review != self->review_count)
    {
      self->review_count = review;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEW_COUNT]);
    }
  update_status (self);
}

static void
load_last_sync (DkSession *self)
{
  gint64 seconds = g_settings_get_int64 (self->settings, "last-sync");

  g_clear_pointer (&self->last_sync, g_date_time_unref);
  if (seconds > 0)
    self->last_sync = g_date_time_new_from_unix_utc (seconds);
}

/* Opens the replica of @user_id; the one thing a signed-in session always has. */
static gboolean
open_replica (DkSession   *self,
              const char  *user_id,
              const char  *device_id,
              GError     **error)
{
  g_autofree char *path = replica_path_for (user_id);
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(DkReplica) replica = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("The folder for the dossiers on this device cannot be made: %s"), g_strerror (saved_errno));
      return FALSE;
    }

  replica = dk_replica_open (path, error);
  if (replica == NULL || !dk_replica_bind_account (replica, user_id, device_id, error))
    return FALSE;

  g_set_object (&self->replica, replica);
  g_free (self->replica_path);
  self->replica_path = g_steal_pointer (&path);
  return TRUE;
}

static void
close_replica (DkSession *self)
{
  g_clear_object (&self->replica);
  g_clear_pointer (&self->replica_path, g_free);
}

static void
become_ready (DkSession *self)
{
  g_clear_object (&self->client);
  self->client = dk_sync_client_new (self->server_url);
  dk_sync_client_set_token (self->client, self->credentials->token);

  load_last_sync (self);
  refresh_counts (self);
  set_state (self, DK_SESSION_READY);
  g_signal_emit (self, signals[DATA_CHANGED], 0);
  if (g_settings_get_boolean (self->settings, "sync-automatically"))
    schedule_sync (self, 0);
}

/* ---- restore at start ---- */

static void
restore_lookup_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DkSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkCredentials) credentials = dk_credentials_lookup_finish (result, &error);
  g_autofree char *user_id = g_settings_get_string (self->settings, "user-id");
  g_autofree char *device_id = g_settings_get_string (self->settings, "device-id");

  if (credentials == NULL)
    {
      /* No keyring, or nothing in it: the user signs in again; the replica stays. */
      if (error != NULL)
        g_warning ("Could not read the keyring: %s", error->message);
      set_state (self, DK_SESSION_SIGNED_OUT);
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (!open_replica (self, user_id, device_id, &error))
    {
      set_state (self, DK_SESSION_SIGNED_OUT);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  dk_credentials_free (self->credentials);
  self->credentials = g_steal_pointer (&credentials);
  become_ready (self);
  g_task_return_boolean (task, TRUE);
}

void
dk_session_restore_async (DkSession           *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autofree char *user_id = g_settings_get_string (self->settings, "user-id");

  g_task_set_source_tag (task, dk_session_restore_async);

  if (user_id[0] == '\0' || self->user_name[0] == '\0')
    {
      set_state (self, DK_SESSION_SIGNED_OUT);
      g_task_return_boolean (task, TRUE);
      return;
    }

  dk_credentials_lookup_async (self->server_url, self->user_name, cancellable, restore_lookup_cb,
                               g_steal_pointer (&task));
}

gboolean
dk_session_restore_finish (DkSession     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- sign in ---- */

typedef struct
{
  char          *server_url;
  char          *user_name;
  char          *password;
  char          *device_id;
  DkSyncSession *session;
  DkCredentials *credentials;
} SignIn;

static void
sign_in_free (SignIn *s)
{
  g_free (s->server_url);
  g_free (s->user_name);
  if (s->password != NULL)
    {
      sodium_memzero (s->password, strlen (s->password));
      g_free (s->password);
    }
  g_free (s->device_id);
  g_clear_pointer (&s->session, dk_sync_session_free);
  g_clear_pointer (&s->credentials, dk_credentials_free);
  g_free (s);
}

static void
sign_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  SignIn *s = task_data;
  g_autoptr(DkSyncClient) client = dk_sync_client_new (s->server_url);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;

  s->session = dk_sync_client_sign_in_sync (client, s->user_name, s->password, s->device_id,
                                            g_get_host_name (), cancellable, &error);
  if (s->session == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The password itself is never kept; its hash unlocks the window after inactivity, offline. */
  hash = dk_credentials_hash_password (s->password, &error);
  if (hash == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  s->credentials = dk_credentials_new (s->session->token, s->session->refresh_token, hash);
  if (!dk_credentials_store_sync (s->server_url, s->user_name, s->credentials, cancellable, &error))
    {
      g_prefix_error (&error, _("The sign-in could not be saved in the keyring: "));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_boolean (task, TRUE);
}

void
dk_session_sign_in_async (DkSession           *self,
                          const char          *server_url,
                          const char          *user_name,
                          const char          *password,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  SignIn *s = g_new0 (SignIn, 1);
  g_autofree char *device_id = g_settings_get_string (self->settings, "device-id");
  g_autofree char *previous_user = g_settings_get_string (self->settings, "user-name");

  s->server_url = g_strstrip (g_strdup (server_url));
  s->user_name = g_strstrip (g_strdup (user_name));
  s->password = g_strdup (password);
  /* The device keeps its id for the same person on the same server; anyone else registers anew. */
  if (device_id[0] != '\0' && g_strcmp0 (previous_user, s->user_name) == 0 &&
      g_strcmp0 (self->server_url, s->server_url) == 0)
    s->device_id = g_steal_pointer (&device_id);

  g_task_set_source_tag (task, dk_session_sign_in_async);
  g_task_set_task_data (task, s, (GDestroyNotify) sign_in_free);
  g_task_run_in_thread (task, sign_in_thread);
}

gboolean
dk_session_sign_in_finish (DkSession     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  SignIn *s = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  if (!open_replica (self, s->session->user_id, s->session->device_id, error))
    return FALSE;

  g_settings_delay (self->settings);
  if (self->server_override == NULL)
    g_settings_set_string (self->settings, "server-url", s->server_url);
  g_settings_set_string (self->settings, "user-name", s->user_name);
  g_settings_set_string (self->settings, "user-id", s->session->user_id);
  g_settings_set_string (self->settings, "display-name", s->session->display_name);
  g_settings_set_string (self->settings, "role", s->session->role != NULL ? s->session->role : "");
  g_settings_set_string (self->settings, "device-id", s->session->device_id);
  g_settings_apply (self->settings);

  g_free (self->server_url);
  self->server_url = g_strdup (s->server_url);
  g_free (self->user_name);
  self->user_name = g_strdup (s->user_name);
  g_free (self->display_name);
  self->display_name = g_strdup (s->session->display_name);
  g_free (self->role);
  self->role = g_strdup (s->session->role);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);

  dk_credentials_free (self->credentials);
  self->credentials = g_steal_pointer (&s->credentials);
  set_online (self, TRUE);
  become_ready (self);
  return TRUE;
}

/* ---- sign out, revocation ---- */

static void
forget_account (DkSession *self,
                gboolean   remove_data)
{
  g_autofree char *path = g_strdup (self->replica_path);

  dk_session_cancel_sync (self);
  g_clear_handle_id (&self->sync_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  g_clear_object (&self->client);
  close_replica (self);
  g_clear_pointer (&self->credentials, dk_credentials_free);

  /* Fire and forget: a keyring that cannot be reached keeps a token the server no longer honours
   * after a revocation anyway. */
  dk_credentials_clear_async (self->server_url, self->user_name, NULL, NULL, NULL);

  if (remove_data && path != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!dk_replica_wipe_files (path, &error))
        g_warning ("Could not remove the replica: %s", error->message);
    }

  g_settings_delay (self->settings);
  g_settings_set_string (self->settings, "user-id", "");
  g_settings_set_string (self->settings, "display-name", "");
  g_settings_set_string (self->settings, "role", "");
  if (remove_data)
    g_settings_set_string (self->settings, "device-id", "");
  g_settings_set_int64 (self->settings, "last-sync", 0);
  g_settings_apply (self->settings);
  g_clear_pointer (&self->last_sync, g_date_time_unref);

  refresh_counts (self);
  set_state (self, DK_SESSION_SIGNED_OUT);
}

void
dk_session_sign_out (DkSession *self,
                     gboolean   remove_data)
{
  g_return_if_fail (DK_IS_SESSION (self));

  forget_account (self, remove_data);
}

/* ---- sync ---- */

static void run_sync (DkSession *self);

static void
sync_progress (const DkSyncReport *so_far,
               gpointer            user_data)
{
  DkSession *self = user_data;

  /* The pull does not know its total; a moving count is what there is to show. */
  self->received = so_far->pulled;
  update_status (self);
}

static void
refresh_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  DkSession *self = source_object;
  const char *refresh_token = task_data;
  g_autoptr(DkSyncClient) client = dk_sync_client_new (self->server_url);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkSyncSession) session = dk_sync_client_refresh_sync (client, refresh_token, cancellable, &error);

  if (session == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&session), (GDestroyNotify) dk_sync_session_free);
}

static void
sync_finished (DkSession *self)
{
  self->syncing = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
  g_clear_object (&self->sync_cancellable);
  refresh_counts (self);

  if (self->sync_again && self->state != DK_SESSION_SIGNED_OUT)
    {
      self->sync_again = FALSE;
      schedule_sync (self, 0);
    }
}

static void
refresh_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  DkSession *self = DK_SESSION (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkSyncSession) session = g_task_propagate_pointer (G_TASK (result), &error);

  self->syncing = FALSE;
  if (session == NULL)
    {
      if (g_error_matches (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_OFFLINE))
        set_online (self, FALSE);
      else if (self->state != DK_SESSION_SIGNED_OUT)
        {
          /* The session is over for good: the user signs in again; the replica and its waiting
           * changes stay for them. */
          g_signal_emit (self, signals[MESSAGE], 0, _("Your session has ended. Sign in again to synchronise."));
          forget_account (self, FALSE);
        }
      sync_finished (self);
      return;
    }

  /* Signed out while the refresh was under way: the new token must not bring the keyring item back,
   * and there are no credentials left to take the unlock hash from. */
  if (self->state == DK_SESSION_SIGNED_OUT || self->credentials == NULL || self->client == NULL)
    {
      sync_finished (self);
      return;
    }

  {
    g_autoptr(DkCredentials) credentials = dk_credentials_new (session->token, session->refresh_token,
                                                               self->credentials->unlock_hash);

    dk_credentials_store_async (self->server_url, self->user_name, credentials, NULL, NULL, NULL);
    dk_credentials_free (self->credentials);
    self->credentials = g_steal_pointer (&credentials);
    dk_sync_client_set_token (self->client, self->credentials->token);
  }

  self->refreshed = TRUE;
  run_sync (self);
}

static gboolean
retry_timeout (gpointer user_data)
{
  DkSession *self = user_data;

  self->retry_source = 0;
  dk_session_sync (self);
  return G_SOURCE_REMOVE;
}

static void
sync_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DkSession) self = user_data;
  g_autoptr(GError) error = NULL;
  DkSyncReport report = { 0 };

  if (dk_sync_client_run_finish (DK_SYNC_CLIENT (object), result, &report, &error))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      g_clear_pointer (&self->last_sync, g_date_time_unref);
      self->last_sync = g_date_time_ref (now);
      g_settings_set_int64 (self->settings, "last-sync", g_date_time_to_unix (now));
      set_online (self, TRUE);
      g_clear_handle_id (&self->retry_source, g_source_remove);
      if (report.pulled > 0 || report.resynced || report.pushed > 0)
        g_signal_emit (self, signals[DATA_CHANGED], 0);
      sync_finished (self);
      return;
    }

  if (self->state == DK_SESSION_SIGNED_OUT || self->client == NULL)
    {
      sync_finished (self);
      return;
    }

  if (g_error_matches (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_TOKEN_EXPIRED) && !self->refreshed &&
      self->credentials->refresh_token != NULL)
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, refresh_cb, NULL);

      g_task_set_task_data (task, g_strdup (self->credentials->refresh_token), g_free);
      g_task_run_in_thread (task, refresh_thread);
      return;
    }

  if (g_error_matches (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_DEVICE_REVOKED))
    {
      forget_account (self, TRUE);
      g_signal_emit (self, signals[MESSAGE], 0,
                     _("An administrator has blocked this device. The dossiers on it have been removed. "
                       "Ask your administrator if you think this is a mistake."));
      g_signal_emit (self, signals[DATA_CHANGED], 0);
    }
  else if (g_error_matches (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_OFFLINE) ||
           g_error_matches (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_BUSY))
    {
      set_online (self, FALSE);
      if (self->retry_source == 0)
        self->retry_source = g_timeout_add_seconds (RETRY_OFFLINE_SECONDS, retry_timeout, self);
    }
  else if (g_error_matches (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_UNAUTHORIZED) ||
           g_error_matches (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_TOKEN_EXPIRED))
    {
      g_signal_emit (self, signals[MESSAGE], 0, _("Your session has ended. Sign in again to synchronise."));
      forget_account (self, FALSE);
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_signal_emit (self, signals[MESSAGE], 0, error->message);
    }

  sync_finished (self);
}

static void
run_sync (DkSession *self)
{
  if (self->client == NULL || self->replica_path == NULL)
    return;

  self->syncing = TRUE;
  self->received = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
  update_status (self);
  if (self->sync_cancellable == NULL)
    self->sync_cancellable = g_cancellable_new ();
  dk_sync_client_run_async (self->client, self->replica_path, sync_progress, self, self->sync_cancellable,
                            sync_cb, g_object_ref (self));
}

void
dk_session_sync (DkSession *self)
{
  g_return_if_fail (DK_IS_SESSION (self));

  g_clear_handle_id (&self->sync_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  if (self->state == DK_SESSION_SIGNED_OUT)
    return;
  if (self->syncing)
    {
      self->sync_again = TRUE;
      return;
    }

  self->refreshed = FALSE;
  run_sync (self);
}

static gboolean
sync_timeout (gpointer user_data)
{
  DkSession *self = user_data;

  self->sync_source = 0;
  dk_session_sync (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_sync (DkSession *self,
               guint      seconds)
{
  g_clear_handle_id (&self->sync_source, g_source_remove);
  self->sync_source = g_timeout_add_seconds (seconds, sync_timeout, self);
}

void
dk_session_cancel_sync (DkSession *self)
{
  g_return_if_fail (DK_IS_SESSION (self));

  self->sync_again = FALSE;
  if (self->sync_cancellable != NULL)
    g_cancellable_cancel (self->sync_cancellable);
}

void
dk_session_local_change (DkSession *self)
{
  g_return_if_fail (DK_IS_SESSION (self));

  refresh_counts (self);
  g_signal_emit (self, signals[DATA_CHANGED], 0);
  if (self->online && g_settings_get_boolean (self->settings, "sync-automatically"))
    schedule_sync (self, SYNC_AFTER_EDIT_SECONDS);
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    DkSession       *self)
{
  if (available && self->state != DK_SESSION_SIGNED_OUT &&
      g_settings_get_boolean (self->settings, "sync-automatically"))
    schedule_sync (self, 1);
}

/* ---- lock ---- */

void
dk_session_lock (DkSession *self)
{
  g_return_if_fail (DK_IS_SESSION (self));

  if (self->state == DK_SESSION_READY)
    set_state (self, DK_SESSION_LOCKED);
}

static void
unlock_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  DkSession *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!dk_credentials_check_password_finish (result, &error))
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, _("That password is not right."));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  set_state (self, DK_SESSION_READY);
  g_task_return_boolean (task, TRUE);
}

void
dk_session_unlock_async (DkSession           *self,
                         const char          *password,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, dk_session_unlock_async);
  if (self->state != DK_SESSION_LOCKED || self->credentials == NULL || self->credentials->unlock_hash == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, _("There is nothing to unlock."));
      return;
    }

  dk_credentials_check_password_async (self->credentials->unlock_hash, password, cancellable, unlock_cb,
                                       g_steal_pointer (&task));
}

gboolean
dk_session_unlock_finish (DkSession     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- accessors ---- */

DkSessionState dk_session_get_state (DkSession *self) { return self->state; }
DkReplica *dk_session_get_replica (DkSession *self) { return self->replica; }
const char *dk_session_get_server_url (DkSession *self) { return self->server_url; }
const char *dk_session_get_user_name (DkSession *self) { return self->user_name; }
const char *dk_session_get_display_name (DkSession *self) { return self->display_name; }
const char *dk_session_get_role (DkSession *self) { return self->role; }
GSettings *dk_session_get_settings (DkSession *self) { return self->settings; }
DkSyncClient *dk_session_get_sync_client (DkSession *self) { return self->client; }
const char *dk_session_get_status_text (DkSession *self) { return self->status_text; }
gboolean dk_session_get_online (DkSession *self) { return self->online; }
gboolean dk_session_get_syncing (DkSession *self) { return self->syncing; }
guint dk_session_get_waiting (DkSession *self) { return self->waiting; }
guint dk_session_get_review_count (DkSession *self) { return self->review_count; }

DkStore *
dk_session_get_store (DkSession *self)
{
  return self->replica != NULL ? dk_replica_get_store (self->replica) : NULL;
}

/* ---- GObject ---- */

static void
dk_session_dispose (GObject *object)
{
  DkSession *self = DK_SESSION (object);

  if (self->sync_cancellable != NULL)
    g_cancellable_cancel (self->sync_cancellable);
  g_clear_handle_id (&self->sync_source, g_source_remove);
  g_clear_handle_id (&self->retry_source, g_source_remove);
  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);

  G_OBJECT_CLASS (dk_session_parent_class)->dispose (object);
}

static void
dk_session_finalize (GObject *object)
{
  DkSession *self = DK_SESSION (object);

  g_clear_object (&self->client);
  g_clear_object (&self->sync_cancellable);
  close_replica (self);
  g_clear_pointer (&self->credentials, dk_credentials_free);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->server_url, g_free);
  g_clear_pointer (&self->server_override, g_free);
  g_clear_pointer (&self->user_name, g_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->role, g_free);
  g_clear_pointer (&self->status_text, g_free);
  g_clear_pointer (&self->last_sync, g_date_time_unref);

  G_OBJECT_CLASS (dk_session_parent_class)->finalize (object);
}

static void
dk_session_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  DkSession *self = DK_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;
    case PROP_WAITING:
      g_value_set_uint (value, self->waiting);
      break;
    case PROP_REVIEW_COUNT:
      g_value_set_uint (value, self->review_count);
      break;
    case PROP_STATUS_TEXT:
      g_value_set_string (value, self->status_text);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dk_session_class_init (DkSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = dk_session_dispose;
  object_class->finalize = dk_session_finalize;
  object_class->get_property = dk_session_get_property;

  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, DK_SESSION_SIGNED_OUT, DK_SESSION_LOCKED,
                                             DK_SESSION_SIGNED_OUT, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, FALSE,
                                                  G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SYNCING] = g_param_spec_boolean ("syncing", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_WAITING] = g_param_spec_uint ("waiting", NULL, NULL, 0, G_MAXUINT, 0,
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REVIEW_COUNT] = g_param_spec_uint ("review-count", NULL, NULL, 0, G_MAXUINT, 0,
                                                     G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATUS_TEXT] = g_param_spec_string ("status-text", NULL, NULL, NULL,
                                                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The replica's content changed (a sync brought something, or a local edit): lists reload. */
  signals[DATA_CHANGED] = g_signal_new ("data-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Something the user must be told, as a sentence (a toast). */
  signals[MESSAGE] = g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
dk_session_init (DkSession *self)
{
}

DkSession *
dk_session_new (GSettings  *settings,
                const char *server_override)
{
  DkSession *self = g_object_new (DK_TYPE_SESSION, NULL);

  self->settings = g_object_ref (settings);
  self->server_override = g_strdup (server_override);
  self->server_url = server_override != NULL ? g_strdup (server_override)
                                             : g_settings_get_string (settings, "server-url");
  self->user_name = g_settings_get_string (settings, "user-name");
  self->display_name = g_settings_get_string (settings, "display-name");
  self->role = g_settings_get_string (settings, "role");
  load_last_sync (self);

  self->monitor = g_network_monitor_get_default ();
  g_signal_connect (self->monitor, "network-changed", G_CALLBACK (network_changed_cb), self);
  update_status (self);
  return self;
}
