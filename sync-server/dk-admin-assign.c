#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-admin-assign.h"
#include "dk-admin-output.h"
#include "dk-domain-schema.h"
#include "dk-uuid.h"

/* The same test as dk-sync-scope.c's CURRENT, with ?3 the time. */
#define CURRENT "a.assigned_from <= ?3 AND (a.assigned_until IS NULL OR a.assigned_until > ?3)"
/* Users with the role of user ?1. */
#define SAME_ROLE "(SELECT id FROM user WHERE role = (SELECT role FROM user WHERE id = ?1))"

typedef struct
{
  const char *dossier_id;
  const char *user_id;
  guint       ended;
  gboolean    already;
} Assign;

static gboolean
count (DkStore     *store,
       const char  *sql,
       const char  *user_id,
       const char  *dossier_id,
       const char  *now,
       gint64      *out_count,
       GError     **error)
{
  return dk_admin_query_int (store, out_count, error, sql, user_id, dossier_id, now, NULL);
}

static gboolean
assign_txn (DkStore   *store,
            gpointer   user_data,
            GError   **error)
{
  Assign *data = user_data;
  g_autofree char *now = dk_domain_timestamp_now ();
  g_autofree char *id = dk_uuid_new ();
  sqlite3_stmt *stmt;
  gint64 n = 0;

  if (!count (store, "SELECT count(*) FROM assignment AS a WHERE a.user_id = ?1 AND a.dossier_id = ?2 AND " CURRENT,
              data->user_id, data->dossier_id, now, &n, error))
    return FALSE;
  if (n > 0)
    {
      data->already = TRUE;
      return TRUE;
    }

  /* assigned_until must lie after assigned_from: an assignment that starts now or later cannot be
   * ended now. Only a clock that went back (or two assignments in one millisecond) makes one. */
  if (!count (store,
              "SELECT count(*) FROM assignment AS a WHERE a.dossier_id = ?2 AND a.user_id IN " SAME_ROLE
              " AND a.assigned_from >= ?3 AND (a.assigned_until IS NULL OR a.assigned_until > ?3)",
              data->user_id, data->dossier_id, now, &n, error))
    return FALSE;
  if (n > 0)
    {
      g_set_error_literal (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_REFUSED,
                           _("The dossier has an assignment for this role that starts now or later (is the "
                             "clock right?); nothing was changed."));
      return FALSE;
    }

  stmt = dk_store_prepare (store,
                           "UPDATE assignment AS a SET assigned_until = ?3, updated_at = max (updated_at, ?3)"
                           " WHERE a.dossier_id = ?2 AND a.user_id IN " SAME_ROLE " AND " CURRENT,
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, data->user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, data->dossier_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;
  data->ended = (guint) sqlite3_changes (dk_store_get_db (store));

  stmt = dk_store_prepare (store,
                           "INSERT INTO assignment (id, user_id, dossier_id, assigned_from, created_at, updated_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?4, ?4)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, data->user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, data->dossier_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  return dk_store_step_done (store, stmt, error);
}

gboolean
dk_admin_assign_dossier (DkStore      *store,
                         const char   *dossier_id,
                         const char   *user_id,
                         guint        *out_ended,
                         gboolean     *out_already,
                         GError      **error)
{
  Assign data = { .dossier_id = dossier_id, .user_id = user_id };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (dossier_id != NULL && user_id != NULL, FALSE);

  if (!dk_store_transaction (store, assign_txn, &data, error))
    return FALSE;

  if (out_ended != NULL)
    *out_ended = data.ended;
  if (out_already != NULL)
    *out_already = data.already;
  return TRUE;
}

static gboolean
unassign_txn (DkStore   *store,
              gpointer   user_data,
              GError   **error)
{
  Assign *data = user_data;
  g_autofree char *now = dk_domain_timestamp_now ();
  sqlite3_stmt *stmt;

  /* An assignment made in this very millisecond cannot end yet (assigned_until > assigned_from). */
  stmt = dk_store_prepare (store,
                           "UPDATE assignment AS a SET assigned_until = ?3, updated_at = max (updated_at, ?3)"
                           " WHERE a.user_id = ?1 AND a.dossier_id = ?2 AND a.assigned_from < ?3"
                           " AND (a.assigned_until IS NULL OR a.assigned_until > ?3)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, data->user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, data->dossier_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  if (sqlite3_changes (dk_store_get_db (store)) == 0)
    {
      g_set_error_literal (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_NOT_FOUND,
                           _("The user has no current assignment of this dossier."));
      return FALSE;
    }

  return TRUE;
}

gboolean
dk_admin_unassign_dossier (DkStore      *store,
                           const char   *dossier_id,
                           const char   *user_id,
                           GError      **error)
{
  Assign data = { .dossier_id = dossier_id, .user_id = user_id };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (dossier_id != NULL && user_id != NULL, FALSE);

  return dk_store_transaction (store, unassign_txn, &data, error);
}

/* ---- commands ---- */

typedef struct
{
  DkAdmin    *admin;
  const char *dossier_id;
  const char *user_id;
  gboolean    unassign;
  guint       ended;
  gboolean    already;
} AssignCommand;

static gboolean
assign_command_txn (DkStore   *store,
                    gpointer   user_data,
                    GError   **error)
{
  AssignCommand *data = user_data;

  if (data->unassign)
    return dk_admin_unassign_dossier (store, data->dossier_id, data->user_id, error) &&
           dk_admin_audit (data->admin, "admin.unassign", data->user_id, data->dossier_id, error);

  if (!dk_admin_assign_dossier (store, data->dossier_id, data->user_id, &data->ended, &data->already, error))
    return FALSE;

  return data->already || dk_admin_audit (data->admin, "admin.assign", data->user_id, data->dossier_id, error);
}

gboolean
dk_admin_assign (DkAdmin   *admin,
                 int        argc,
                 char     **argv,
                 GError   **error)
{
  g_autoptr(DkAdminUser) user = NULL;
  g_autofree char *dossier_id = NULL;
  g_autofree char *number = NULL;
  gboolean removed = FALSE;
  AssignCommand data = { 0 };

  if (!dk_admin_parse (admin, NULL, &argc, &argv, 2, 2, error) ||
      (dossier_id = dk_admin_find_dossier (admin, argv[1], &number, &removed, error)) == NULL ||
      (user = dk_admin_find_user (admin, argv[2], error)) == NULL)
    return FALSE;

  if (removed)
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_REFUSED,
                   _("Dossier %s has been deleted and cannot be assigned."), number);
      return FALSE;
    }
  if (user->role == DK_ROLE_ADMINISTRATOR)
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_REFUSED,
                   _("“%s” is an administrator, and administrators never see case data: assign the dossier "
                     "to a worker."),
                   user->user_name);
      return FALSE;
    }
  if (user->disabled)
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_REFUSED,
                   _("“%s” is disabled: enable the account before assigning dossiers to it."), user->user_name);
      return FALSE;
    }

  data.admin = admin;
  data.dossier_id = dossier_id;
  data.user_id = user->id;
  if (!dk_store_transaction (admin->store, assign_command_txn, &data, error))
    return FALSE;

  if (data.already)
    g_print (_("Dossier %s is already assigned to “%s”; nothing changed.\n"), number, user->user_name);
  else if (data.ended == 0)
    g_print (_("Assigned dossier %s to “%s” (%s).\n"), number, user->user_name, dk_role_to_string (user->role));
  else
    g_print (ngettext ("Assigned dossier %s to “%s” (%s); ended %u earlier assignment for this role.\n",
                       "Assigned dossier %s to “%s” (%s); ended %u earlier assignments for this role.\n",
                       data.ended),
             number, user->user_name, dk_role_to_string (user->role), data.ended);
  return TRUE;
}

gboolean
dk_admin_unassign (DkAdmin   *admin,
                   int        argc,
                   char     **argv,
                   GError   **error)
{
  g_autoptr(DkAdminUser) user = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *dossier_id = NULL;
  g_autofree char *number = NULL;
  AssignCommand data = { 0 };

  if (!dk_admin_parse (admin, NULL, &argc, &argv, 2, 2, error) ||
      (dossier_id = dk_admin_find_dossier (admin, argv[1], &number, NULL, error)) == NULL ||
      (user = dk_admin_find_user (admin, argv[2], error)) == NULL)
    return FALSE;

  data.admin = admin;
  data.dossier_id = dossier_id;
  data.user_id = user->id;
  data.unassign = TRUE;
  if (!dk_store_transaction (admin->store, assign_command_txn, &data, &local_error))
    {
      if (g_error_matches (local_error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_NOT_FOUND))
        g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_NOT_FOUND,
                     _("“%s” has no current assignment of dossier %s."), user->user_name, number);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  g_print (_("Ended the assignment of dossier %s to “%s”.\n"), number, user->user_name);
  return TRUE;
}

static const DkAdminColumn assignment_columns[] = {
  { "dossier", N_("DOSSIER"), DK_ADMIN_COLUMN_TEXT },
  { "user_name", N_("USER"), DK_ADMIN_COLUMN_TEXT },
  { "role", N_("ROLE"), DK_ADMIN_COLUMN_TEXT },
  { "assigned_from", N_("FROM"), DK_ADMIN_COLUMN_TIME },
  { "assigned_until", N_("UNTIL"), DK_ADMIN_COLUMN_TIME },
};

gboolean
dk_admin_assignments (DkAdmin   *admin,
                      int        argc,
                      char     **argv,
                      GError   **error)
{
  g_autoptr(JsonArray) rows = json_array_new ();
  g_autoptr(DkAdminUser) user = NULL;
  g_autofree char *user_name = NULL;
  g_autofree char *dossier = NULL;
  g_autofree char *dossier_id = NULL;
  g_autofree char *now = dk_domain_timestamp_now ();
  gboolean all = FALSE;
  static const char * const keys[] = { "dossier", "dossier_id", "user_name", "user_id", "role", "assigned_from",
                                       "assigned_until", "id" };
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user_name, N_("Only this user’s assignments"), N_("USER") },
    { "dossier", 0, 0, G_OPTION_ARG_STRING, &dossier, N_("Only this dossier’s assignments (number or id)"),
      N_("DOSSIER") },
    { "all", 'a', 0, G_OPTION_ARG_NONE, &all, N_("Also the assignments that have ended"), NULL },
    { NULL }
  };

  if (!dk_admin_parse (admin, entries, &argc, &argv, 0, 0, error))
    return FALSE;
  if (user_name != NULL && (user = dk_admin_find_user (admin, user_name, error)) == NULL)
    return FALSE;
  if (dossier != NULL && (dossier_id = dk_admin_find_dossier (admin, dossier, NULL, NULL, error)) == NULL)
    return FALSE;

  stmt = dk_store_prepare (admin->store,
                           "SELECT d.number, a.dossier_id, u.user_name, a.user_id, u.role, a.assigned_from,"
                           "  a.assigned_until, a.id"
                           " FROM assignment AS a JOIN dossier AS d ON d.id = a.dossier_id"
                           "  JOIN user AS u ON u.id = a.user_id"
                           " WHERE (?1 IS NULL OR a.user_id = ?1) AND (?2 IS NULL OR a.dossier_id = ?2)"
                           "  AND (?4 OR (" CURRENT "))"
                           " ORDER BY d.number, a.assigned_from, a.id",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user != NULL ? user->id : NULL, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, dossier_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, all);
  while ((ok = dk_store_step_row (admin->store, stmt, &has_row, error)) && has_row)
    {
      JsonObject *row = json_object_new ();

      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        dk_admin_json_set_column (row, keys[i], stmt, (int) i);
      json_array_add_object_element (rows, row);
    }
  if (!ok)
    return FALSE;

  dk_admin_print_rows (admin, assignment_columns,
                       all ? G_N_ELEMENTS (assignment_columns) : G_N_ELEMENTS (assignment_columns) - 1, rows,
                       all ? _("No assignments.") : _("No current assignments."));
  return TRUE;
}
