#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The header's one line about synchronisation, decided without widgets so it is tested without a
 * display: "Offline · 3 changes waiting · last synchronised today at 10:42". @last_sync and @now are
 * UTC; @last_sync NULL means never. */
char *dk_sync_status_text (gboolean   online,
                           gboolean   syncing,
                           guint      waiting,
                           GDateTime *last_sync,
                           GDateTime *now);

G_END_DECLS
