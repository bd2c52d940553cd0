#pragma once

#include "dk-store.h"

G_BEGIN_DECLS

/* Opens (creating if needed) the central store: the domain schema, then the server's own tables
 * (the "server" track, dk-server-schema.h). Errors as dk_store_open() and dk_store_migrate_track(). */
DkStore *dk_central_store_open                  (const char  *path,
                                                 GError     **error);

/* The last version of the domain schema, and of the server's own track. */
guint    dk_central_store_latest_version        (void);
guint    dk_central_store_latest_server_version (void);

G_END_DECLS
