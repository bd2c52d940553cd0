#pragma once

#include <gio/gio.h>

#include "dk-replica.h"
#include "dk-sync-client.h"

G_BEGIN_DECLS

/*
 * DkSession: who is signed in on this device, their local replica and its synchronisation. The
 * window only shows what the session says. Tokens live in the keyring (dk-credentials.h); the user,
 * device and server are GSettings; the replica is a file per user in the user data directory.
 *
 * Network work (sign-in, sync, token refresh) runs in worker threads; the replica's connection here
 * belongs to the main thread and serves the UI's reads and edits.
 */

typedef enum
{
  DK_SESSION_SIGNED_OUT,
  DK_SESSION_READY,
  DK_SESSION_LOCKED,
} DkSessionState;

#define DK_TYPE_SESSION (dk_session_get_type ())

G_DECLARE_FINAL_TYPE (DkSession, dk_session, DK, SESSION, GObject)

/* @server_override: a server address for this run only (the --server option), or NULL. */
DkSession      *dk_session_new              (GSettings            *settings,
                                             const char           *server_override);

/* Reads the keyring: READY when a user is signed in on this device, else SIGNED_OUT. */
void            dk_session_restore_async    (DkSession            *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean        dk_session_restore_finish   (DkSession            *self,
                                             GAsyncResult         *result,
                                             GError              **error);

void            dk_session_sign_in_async    (DkSession            *self,
                                             const char           *server_url,
                                             const char           *user_name,
                                             const char           *password,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean        dk_session_sign_in_finish   (DkSession            *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* Removes the token from the keyring; with @remove_data also the replica (changes not yet sent are
 * lost then: the caller asks first). */
void            dk_session_sign_out         (DkSession            *self,
                                             gboolean              remove_data);

DkSessionState  dk_session_get_state        (DkSession            *self);
DkReplica      *dk_session_get_replica      (DkSession            *self);
DkStore        *dk_session_get_store        (DkSession            *self);
const char     *dk_session_get_server_url   (DkSession            *self);
const char     *dk_session_get_user_name    (DkSession            *self);
const char     *dk_session_get_display_name (DkSession            *self);
/* The role the server gave at the last sign-in ("field_worker", …), "" when unknown. */
const char     *dk_session_get_role         (DkSession            *self);
GSettings      *dk_session_get_settings     (DkSession            *self);
/* The client that talks to the server with the session's token; NULL when signed out. A request
 * answered DK_SYNC_CLIENT_ERROR_TOKEN_EXPIRED is sent again after a dk_session_sync(), which renews
 * the token (dk-session-request.h does that). */
DkSyncClient   *dk_session_get_sync_client  (DkSession            *self);

/* The header line: online or offline, last sync, changes waiting (dk-sync-status.h). */
const char     *dk_session_get_status_text  (DkSession            *self);
gboolean        dk_session_get_online       (DkSession            *self);
gboolean        dk_session_get_syncing      (DkSession            *self);
/* Fraction of a long first sync, or -1 when unknown. */
guint           dk_session_get_waiting      (DkSession            *self);
/* Conflicts and refused changes a person must look at. */
guint           dk_session_get_review_count (DkSession            *self);

void            dk_session_sync             (DkSession            *self);
void            dk_session_cancel_sync      (DkSession            *self);

/* Call after every local edit: updates the counts and, when online, syncs a moment later. */
void            dk_session_local_change     (DkSession            *self);

void            dk_session_lock             (DkSession            *self);
void            dk_session_unlock_async     (DkSession            *self,
                                             const char           *password,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean        dk_session_unlock_finish    (DkSession            *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
