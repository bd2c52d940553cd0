#pragma once

#include "dk-admin-context.h"

G_BEGIN_DECLS

/* draagkracht-admin device list and device revoke. */
gboolean dk_admin_device_list   (DkAdmin *admin, int argc, char **argv, GError **error);
gboolean dk_admin_device_revoke (DkAdmin *admin, int argc, char **argv, GError **error);

G_END_DECLS
