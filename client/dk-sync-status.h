#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The header's one line about synchronisation, decided without widgets so it is tested without a
 * display: "Offline · 3 changes waiting · last synchronised today at 10:42". While syncing, @received
 * counts what came in so far (a first sync of a large caseload takes a while, and the server does
 * not say how much is still to come). @last_sync and @now are UTC; @last_sync NULL means never. */
char *dk_sync_status_text (gboolean   online,
                           gboolean   syncing,
                           guint      received,
                           guint      waiting,
                           GDateTime *last_sync,
                           GDateTime *now);

G_END_DECLS
