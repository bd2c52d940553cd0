#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "dk-replica.h"

G_BEGIN_DECLS

/*
 * DkSyncClient: the client side of the sync protocol over HTTP (sync-server/PROTOCOL.md). It signs in,
 * pushes the replica's outbox and pulls pages into it until the replica has everything, handling a
 * resync when the server asks for one.
 *
 * The *_sync functions block and are meant for a worker thread (each call makes its own SoupSession,
 * which libsoup ties to the thread that uses it); dk_sync_client_run_async() is that worker, for the
 * UI thread. The client only keeps the server address and the session token, which the caller stores
 * (in the keyring) and hands over; it never writes a token anywhere.
 */

#define DK_SYNC_CLIENT_ERROR (dk_sync_client_error_quark ())

typedef enum
{
  DK_SYNC_CLIENT_ERROR_OFFLINE,           /* the server could not be reached: keep working, try later */
  DK_SYNC_CLIENT_ERROR_UNAUTHORIZED,      /* wrong password, or the session ended: sign in (or refresh) */
  DK_SYNC_CLIENT_ERROR_TOKEN_EXPIRED,     /* the session token expired: refresh it and try again */
  DK_SYNC_CLIENT_ERROR_DEVICE_REVOKED,    /* an administrator blocked this device: wipe the replica */
  DK_SYNC_CLIENT_ERROR_VERSION_MISMATCH,  /* the server speaks another protocol version: update */
  DK_SYNC_CLIENT_ERROR_BUSY,              /* the server is busy or shutting down: try again soon */
  DK_SYNC_CLIENT_ERROR_REFUSED,           /* the server refused the request (a 4xx with a message) */
  DK_SYNC_CLIENT_ERROR_SERVER,            /* the server failed, or answered something unreadable */
  DK_SYNC_CLIENT_ERROR_FORBIDDEN,         /* the user's role may not do this (403 forbidden) */
  DK_SYNC_CLIENT_ERROR_TOO_LARGE,         /* the request is larger than the server accepts (413) */
  DK_SYNC_CLIENT_ERROR_NOT_FOUND,         /* the server does not know the request: an older server (404) */
} DkSyncClientError;

GQuark dk_sync_client_error_quark (void);

/* What a sign-in or refresh gives. token and refresh_token are secrets: into the keyring, never a log. */
typedef struct
{
  char      *token;
  char      *refresh_token;
  char      *user_id;
  char      *role;
  char      *display_name;
  char      *device_id;
  GDateTime *expires_at;
} DkSyncSession;

void dk_sync_session_free (DkSyncSession *session);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkSyncSession, dk_sync_session_free)

/* What one run did. */
typedef struct
{
  guint    pushed;     /* changes sent and answered */
  guint    applied;
  guint    conflicts;
  guint    refused;
  guint    pulled;     /* pull entries applied (a snapshot counts once) */
  gboolean resynced;   /* the server asked for a full resync, and it was done */
  gint64   cursor;     /* the replica's cursor afterwards */
} DkSyncReport;

/* Called between batches and pages, from the thread that runs the sync. */
typedef void (*DkSyncProgressFunc) (const DkSyncReport *so_far,
                                    gpointer            user_data);

#define DK_TYPE_SYNC_CLIENT (dk_sync_client_get_type ())

G_DECLARE_FINAL_TYPE (DkSyncClient, dk_sync_client, DK, SYNC_CLIENT, GObject)

/* @base_url: the server's address, e.g. "https://sync.gemeente.nl"; no trailing path needed. */
DkSyncClient  *dk_sync_client_new          (const char          *base_url);

const char    *dk_sync_client_get_base_url (DkSyncClient        *self);

/* The session token sent with every request; NULL before sign-in. */
void           dk_sync_client_set_token    (DkSyncClient        *self,
                                            const char          *token);

/* Pushes changes in batches of at most @max_changes (the server's max-batch-changes or fewer). */
void           dk_sync_client_set_batch_size (DkSyncClient      *self,
                                              guint              max_changes);
/* Asks for pull pages of at most @limit entries. */
void           dk_sync_client_set_page_size  (DkSyncClient      *self,
                                              guint              limit);

/* POST /v1/session. With @device_id NULL the server registers a new device called @device_name. */
DkSyncSession *dk_sync_client_sign_in_sync (DkSyncClient        *self,
                                            const char          *user_name,
                                            const char          *password,
                                            const char          *device_id,
                                            const char          *device_name,
                                            GCancellable        *cancellable,
                                            GError             **error);

/* POST /v1/session/refresh: a new session for the refresh token (which then no longer works). */
DkSyncSession *dk_sync_client_refresh_sync (DkSyncClient        *self,
                                            const char          *refresh_token,
                                            GCancellable        *cancellable,
                                            GError             **error);

/*
 * One sync: pushes the whole outbox, then pulls until the replica is up to date (after a full resync
 * when the server asks for one). Stops between batches and pages when @cancellable is cancelled;
 * whatever was applied stays applied, and the next run carries on from there. @progress may be NULL.
 * DK_SYNC_CLIENT_ERROR_DEVICE_REVOKED: close the replica and wipe it (dk_replica_wipe_files()).
 */
gboolean       dk_sync_client_run_sync     (DkSyncClient        *self,
                                            DkReplica           *replica,
                                            DkSyncProgressFunc   progress,
                                            gpointer             progress_data,
                                            DkSyncReport        *out_report,
                                            GCancellable        *cancellable,
                                            GError             **error);

/* dk_sync_client_run_sync() in a worker thread, on its own connection to the replica at
 * @replica_path. @progress is called in the thread-default main context of the caller. */
void           dk_sync_client_run_async    (DkSyncClient        *self,
                                            const char          *replica_path,
                                            DkSyncProgressFunc   progress,
                                            gpointer             progress_data,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean       dk_sync_client_run_finish   (DkSyncClient        *self,
                                            GAsyncResult        *result,
                                            DkSyncReport        *out_report,
                                            GError             **error);

/*
 * One authenticated request with a JSON answer, for what is not part of the sync itself (an import, a
 * report): @path with its query ("/v1/signals/report?from=…"), @body the JSON to send or NULL. Returns
 * the answer of a 2xx (a JSON null node when it has no body), or NULL with the error a person can act
 * on: OFFLINE, TOKEN_EXPIRED (refresh and send again), UNAUTHORIZED, DEVICE_REVOKED, FORBIDDEN,
 * TOO_LARGE, NOT_FOUND, BUSY, VERSION_MISMATCH, REFUSED (another 4xx; the message carries the server's
 * sentence) or SERVER. The _sync variant blocks (a worker thread); the _async one runs it in one.
 */
JsonNode      *dk_sync_client_request_json_sync   (DkSyncClient        *self,
                                                   const char          *method,
                                                   const char          *path,
                                                   JsonNode            *body,
                                                   GCancellable        *cancellable,
                                                   GError             **error);
void           dk_sync_client_request_json_async  (DkSyncClient        *self,
                                                   const char          *method,
                                                   const char          *path,
                                                   JsonNode            *body,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
JsonNode      *dk_sync_client_request_json_finish (DkSyncClient        *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

G_END_DECLS
