#pragma once

#include "dk-admin-context.h"

G_BEGIN_DECLS

/*
 * Dossier assignments, as the sync scope reads them (dk-sync-scope.h): a row of `assignment` is
 * current from assigned_from until assigned_until (open-ended while NULL). A dossier has at most
 * one current assignment per role: a field worker and a debt counsellor may work on it side by
 * side, but assigning it to another debt counsellor ends the first one's. Ending an assignment
 * keeps its row (the history of who held a dossier); the pull then purges the dossier from the
 * devices of whoever lost it.
 */

/* Assigns @dossier_id to @user_id from now and ends the current assignments of the dossier held by
 * other users with the same role as @user_id, all in one transaction. @out_ended: how many ended
 * (may be NULL). When the user already holds the dossier nothing changes and @out_already is TRUE. */
gboolean dk_admin_assign_dossier   (DkStore      *store,
                                    const char   *dossier_id,
                                    const char   *user_id,
                                    guint        *out_ended,
                                    gboolean     *out_already,
                                    GError      **error);

/* Ends @user_id's current assignment of @dossier_id now. DK_ADMIN_ERROR_NOT_FOUND when there is
 * none. */
gboolean dk_admin_unassign_dossier (DkStore      *store,
                                    const char   *dossier_id,
                                    const char   *user_id,
                                    GError      **error);

/* draagkracht-admin assign, unassign and assignments. */
gboolean dk_admin_assign           (DkAdmin *admin, int argc, char **argv, GError **error);
gboolean dk_admin_unassign         (DkAdmin *admin, int argc, char **argv, GError **error);
gboolean dk_admin_assignments      (DkAdmin *admin, int argc, char **argv, GError **error);

G_END_DECLS
