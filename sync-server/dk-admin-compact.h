#pragma once

#include "dk-admin-context.h"

G_BEGIN_DECLS

/* draagkracht-admin compact: the server's daily compaction (dk-sync-compact.h), now. */
gboolean dk_admin_compact (DkAdmin *admin, int argc, char **argv, GError **error);

G_END_DECLS
