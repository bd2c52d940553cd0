#pragma once

#include "dk-admin-context.h"

G_BEGIN_DECLS

/* draagkracht-admin's user and team commands; see dk-admin-commands.c for their table. */
gboolean dk_admin_user_add          (DkAdmin *admin, int argc, char **argv, GError **error);
gboolean dk_admin_user_passwd       (DkAdmin *admin, int argc, char **argv, GError **error);
gboolean dk_admin_user_role         (DkAdmin *admin, int argc, char **argv, GError **error);
gboolean dk_admin_user_disable      (DkAdmin *admin, int argc, char **argv, GError **error);
gboolean dk_admin_user_enable       (DkAdmin *admin, int argc, char **argv, GError **error);
gboolean dk_admin_user_list         (DkAdmin *admin, int argc, char **argv, GError **error);
gboolean dk_admin_team_add          (DkAdmin *admin, int argc, char **argv, GError **error);
gboolean dk_admin_team_list         (DkAdmin *admin, int argc, char **argv, GError **error);
gboolean dk_admin_team_set_member   (DkAdmin *admin, int argc, char **argv, GError **error);
gboolean dk_admin_team_remove_member (DkAdmin *admin, int argc, char **argv, GError **error);

G_END_DECLS
