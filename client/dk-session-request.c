#include "config.h"

#include <glib/gi18n.h>

#include "dk-session-request.h"

/* A sync that ran while the token was still good renews nothing; the next one will. More than two
 * rounds means the server keeps saying "expired" to fresh tokens: the error then stands. */
#define MAX_RENEWALS 2

typedef struct
{
  char         *method;
  char         *path;
  JsonNode     *body;
  guint         renewals;

  /* While waiting for the session's sync: the task's own reference, and what wakes it. */
  gboolean      waiting;
  gulong        syncing_handler;
  gulong        state_handler;
  gulong        cancelled_handler;
} Request;

static void
request_free (Request *r)
{
  g_free (r->method);
  g_free (r->path);
  g_clear_pointer (&r->body, json_node_unref);
  g_free (r);
}

static void send_request (GTask *task);

static void
return_signed_out (GTask *task)
{
  g_task_return_new_error (task, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_UNAUTHORIZED,
                           _("Your session has ended. Sign in again to continue."));
}

/* Ends the wait and hands back the task's reference, for the caller to pass on or drop. */
static GTask *
stop_waiting (GTask *task)
{
  Request *r = g_task_get_task_data (task);
  DkSession *session = g_task_get_source_object (task);

  g_return_val_if_fail (r->waiting, NULL);

  r->waiting = FALSE;
  g_clear_signal_handler (&r->syncing_handler, session);
  g_clear_signal_handler (&r->state_handler, session);
  if (r->cancelled_handler != 0)
    {
      g_cancellable_disconnect (g_task_get_cancellable (task), r->cancelled_handler);
      r->cancelled_handler = 0;
    }
  return task;
}

static void
on_session_changed (DkSession  *session,
                    GParamSpec *pspec,
                    GTask      *task)
{
  Request *r = g_task_get_task_data (task);
  g_autoptr(GTask) owned = NULL;

  if (!r->waiting)
    return;
  if (dk_session_get_state (session) == DK_SESSION_SIGNED_OUT)
    {
      /* The refresh failed for good: the session signed out, and nothing will renew the token. */
      owned = stop_waiting (task);
      return_signed_out (owned);
      return;
    }
  if (dk_session_get_syncing (session))
    return;

  owned = stop_waiting (task);
  send_request (g_steal_pointer (&owned));
}

static gboolean
cancelled_idle (gpointer data)
{
  GTask *task = data;
  Request *r = g_task_get_task_data (task);
  g_autoptr(GTask) owned = NULL;

  if (!r->waiting)
    return G_SOURCE_REMOVE;
  owned = stop_waiting (task);
  g_task_return_error_if_cancelled (owned);
  return G_SOURCE_REMOVE;
}

/* Runs while the cancellable emits, where disconnecting would deadlock: the work is done in an idle. */
static void
on_cancelled (GCancellable *cancellable,
              GTask        *task)
{
  GSource *idle = g_idle_source_new ();

  g_source_set_callback (idle, cancelled_idle, g_object_ref (task), g_object_unref);
  g_source_attach (idle, g_task_get_context (task));
  g_source_unref (idle);
}

/* Takes @task. */
static void
renew_then_send (GTask *task)
{
  DkSession *session = g_task_get_source_object (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  Request *r = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }

  r->renewals++;
  dk_session_sync (session);
  if (!dk_session_get_syncing (session))
    {
      /* No sync could start (signed out meanwhile): nothing will renew the token. */
      return_signed_out (task);
      g_object_unref (task);
      return;
    }

  r->waiting = TRUE;
  r->syncing_handler = g_signal_connect (session, "notify::syncing", G_CALLBACK (on_session_changed), task);
  r->state_handler = g_signal_connect (session, "notify::state", G_CALLBACK (on_session_changed), task);
  if (cancellable != NULL)
    r->cancelled_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), task, NULL);
}

static void
request_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *r = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  JsonNode *answer = dk_sync_client_request_json_finish (DK_SYNC_CLIENT (object), result, &error);

  if (answer != NULL)
    {
      g_task_return_pointer (task, answer, (GDestroyNotify) json_node_unref);
      return;
    }
  if (g_error_matches (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_TOKEN_EXPIRED) &&
      r->renewals < MAX_RENEWALS)
    {
      renew_then_send (g_steal_pointer (&task));
      return;
    }
  g_task_return_error (task, g_steal_pointer (&error));
}

/* Takes @task. */
static void
send_request (GTask *task)
{
  DkSession *session = g_task_get_source_object (task);
  Request *r = g_task_get_task_data (task);
  DkSyncClient *client = dk_session_get_sync_client (session);

  if (g_task_return_error_if_cancelled (task))
    {
      g_object_unref (task);
      return;
    }
  /* Asked afresh each time: signing in again makes a new client. */
  if (dk_session_get_state (session) == DK_SESSION_SIGNED_OUT || client == NULL)
    {
      return_signed_out (task);
      g_object_unref (task);
      return;
    }
  dk_sync_client_request_json_async (client, r->method, r->path, r->body, g_task_get_cancellable (task),
                                     request_cb, task);
}

void
dk_session_request_json_async (DkSession           *session,
                               const char          *method,
                               const char          *path,
                               JsonNode            *body,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task;
  Request *r;

  g_return_if_fail (DK_IS_SESSION (session));
  g_return_if_fail (method != NULL && path != NULL);

  r = g_new0 (Request, 1);
  r->method = g_strdup (method);
  r->path = g_strdup (path);
  r->body = body != NULL ? json_node_ref (body) : NULL;

  task = g_task_new (session, cancellable, callback, user_data);
  g_task_set_source_tag (task, dk_session_request_json_async);
  g_task_set_task_data (task, r, (GDestroyNotify) request_free);
  send_request (task);
}

JsonNode *
dk_session_request_json_finish (DkSession     *session,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, session), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dk_session_request_json_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
