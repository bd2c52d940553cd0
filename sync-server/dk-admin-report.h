#pragma once

#include "dk-admin-context.h"

G_BEGIN_DECLS

/* draagkracht-admin stats (counts, never content) and audit (the audit trail: ids, actions and
 * outcomes only, as the trail itself holds no personal data). */
gboolean dk_admin_stats (DkAdmin *admin, int argc, char **argv, GError **error);
gboolean dk_admin_audit_list (DkAdmin *admin, int argc, char **argv, GError **error);

G_END_DECLS
