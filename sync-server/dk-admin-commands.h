#pragma once

#include "dk-admin-context.h"

G_BEGIN_DECLS

/* The commands of draagkracht-admin, in the order --help lists them. */
const DkAdminCommand *dk_admin_commands (guint *n_commands);

/* Runs draagkracht-admin with @argc/@argv as main() gets them and returns the exit status: 0 on
 * success, 1 when the command failed, 2 for a usage error. Messages go to standard error. */
int                   dk_admin_main     (int     argc,
                                         char  **argv);

G_END_DECLS
