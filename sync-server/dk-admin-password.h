#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A new password for draagkracht-admin, never from the command line (where every user of the
 * machine could read it in the process list): with @from_stdin the first line of standard input
 * (for scripts); otherwise, when standard input is a terminal, typed twice without echo. Standard
 * input that is not a terminal without @from_stdin is a usage error (DK_ADMIN_ERROR_USAGE), so a
 * script never blocks on a prompt nobody sees.
 *
 * The result is a secret: free it with dk_admin_password_free(), which wipes it.
 */
char *dk_admin_read_password (gboolean   from_stdin,
                              GError   **error);
void  dk_admin_password_free (char      *password);

typedef char DkAdminPassword;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkAdminPassword, dk_admin_password_free)

G_END_DECLS
