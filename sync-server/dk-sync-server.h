#pragma once

#include <glib-object.h>

#include "dk-server-config.h"
#include "dk-store.h"
#include "dk-sync-protocol.h"

G_BEGIN_DECLS

#define DK_TYPE_SYNC_SERVER (dk_sync_server_get_type ())

G_DECLARE_FINAL_TYPE (DkSyncServer, dk_sync_server, DK, SYNC_SERVER, GObject)

DkSyncServer *dk_sync_server_new          (const DkServerConfig  *config,
                                           DkStore               *store);
gboolean      dk_sync_server_listen       (DkSyncServer          *self,
                                           GError               **error);
char         *dk_sync_server_dup_base_uri (DkSyncServer          *self);
void          dk_sync_server_shutdown     (DkSyncServer          *self);

G_END_DECLS
