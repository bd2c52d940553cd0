#pragma once

#include <glib-object.h>

#include "dk-auth.h"
#include "dk-server-config.h"
#include "dk-store.h"
#include "dk-sync-protocol.h"

G_BEGIN_DECLS

#define DK_TYPE_SYNC_SERVER (dk_sync_server_get_type ())

G_DECLARE_FINAL_TYPE (DkSyncServer, dk_sync_server, DK, SYNC_SERVER, GObject)

/*
 * Settings that are not in the config file. A zeroed struct (or NULL) means the production
 * defaults; tests lower the Argon2id limits here to stay fast, never the config.
 */
typedef struct
{
  const DkAuthParams *auth_params;             /* NULL: dk_auth_params_init() from the config */
  guint               login_burst;             /* 0: 10 login attempts at once per client address */
  guint               login_per_minute;        /* 0: … earned back at 10 a minute */
  guint               max_concurrent_logins;   /* 0: 2 password hashes at once */
  guint               shutdown_grace_seconds;  /* 0: 10 s for running logins and syncs to be answered */
  guint               max_sync_jobs;           /* 0: a push or pull per processor at once, at most 8 */
  guint               max_queued_sync_jobs;    /* 0: 32 more may wait; beyond that 503 */
  guint               compact_first_seconds;   /* 0: the first compaction a minute after listening,
                                                * then every six hours (dk-sync-compact.h) */
} DkSyncServerOptions;

DkSyncServer *dk_sync_server_new           (const DkServerConfig       *config,
                                            DkStore                    *store);
/* @store must be a file: logins and syncs run on connections of their own to it (dk-auth-worker.h,
 * dk-sync-worker.h). */
DkSyncServer *dk_sync_server_new_full      (const DkServerConfig       *config,
                                            DkStore                    *store,
                                            const DkSyncServerOptions  *options);
gboolean      dk_sync_server_listen        (DkSyncServer               *self,
                                            GError                    **error);
char         *dk_sync_server_dup_base_uri  (DkSyncServer               *self);
/* Pushes and pulls running now, and waiting for their turn (dk-sync-worker.h). */
void          dk_sync_server_get_sync_jobs (DkSyncServer               *self,
                                            guint                      *out_running,
                                            guint                      *out_queued);
/* Stops taking requests (new ones are answered 503), answers logins, pushes and pulls that have not
 * started 503, gives those that are running up to the grace time to be answered, answers what is
 * still waiting 503, and closes every connection. Iterates the server's main context meanwhile.
 * Calling it again does nothing. */
void          dk_sync_server_shutdown      (DkSyncServer               *self);

G_END_DECLS
