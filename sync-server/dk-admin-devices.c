#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-admin-devices.h"
#include "dk-admin-output.h"
#include "dk-uuid.h"

static const DkAdminColumn device_columns[] = {
  { "id", N_("ID"), DK_ADMIN_COLUMN_TEXT },
  { "user_name", N_("USER"), DK_ADMIN_COLUMN_TEXT },
  { "name", N_("DEVICE"), DK_ADMIN_COLUMN_TEXT },
  { "registered_at", N_("REGISTERED"), DK_ADMIN_COLUMN_TIME },
  { "last_seen_at", N_("LAST SEEN"), DK_ADMIN_COLUMN_TIME },
  { "status", N_("STATUS"), DK_ADMIN_COLUMN_TEXT },
};

gboolean
dk_admin_device_list (DkAdmin   *admin,
                      int        argc,
                      char     **argv,
                      GError   **error)
{
  g_autoptr(JsonArray) rows = json_array_new ();
  g_autoptr(DkAdminUser) user = NULL;
  g_autofree char *user_name = NULL;
  static const char * const keys[] = { "id", "user_id", "user_name", "name", "registered_at", "last_seen_at",
                                       "revoked_at", "wipe_requested", "status" };
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user_name, N_("Only this user’s devices"), N_("USER") },
    { NULL }
  };

  if (!dk_admin_parse (admin, entries, &argc, &argv, 0, 0, error))
    return FALSE;
  if (user_name != NULL && (user = dk_admin_find_user (admin, user_name, error)) == NULL)
    return FALSE;

  /* The order of dk_auth_list_devices(), with the user's name for the person reading. */
  stmt = dk_store_prepare (admin->store,
                           "SELECT d.id, d.user_id, u.user_name, d.name, d.registered_at, d.last_seen_at,"
                           "  d.revoked_at, d.wipe_requested,"
                           "  CASE WHEN d.revoked_at IS NULL THEN 'active' ELSE 'revoked' END"
                           " FROM device AS d JOIN user AS u ON u.id = d.user_id"
                           " WHERE ?1 IS NULL OR d.user_id = ?1"
                           " ORDER BY d.registered_at, d.id",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user != NULL ? user->id : NULL, -1, SQLITE_TRANSIENT);
  while ((ok = dk_store_step_row (admin->store, stmt, &has_row, error)) && has_row)
    {
      JsonObject *row = json_object_new ();

      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        dk_admin_json_set_column (row, keys[i], stmt, (int) i);
      json_object_set_boolean_member (row, "wipe_requested", sqlite3_column_int (stmt, 7) != 0);
      json_array_add_object_element (rows, row);
    }
  if (!ok)
    return FALSE;

  dk_admin_print_rows (admin, device_columns, G_N_ELEMENTS (device_columns), rows,
                       user != NULL ? _("This user has no devices: a device is registered at its first login.")
                                    : _("There are no devices: a device is registered at its first login."));
  return TRUE;
}

typedef struct
{
  DkAdmin    *admin;
  const char *device_id;
} Revoke;

static gboolean
revoke_txn (DkStore   *store,
            gpointer   user_data,
            GError   **error)
{
  Revoke *data = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return dk_auth_revoke_device (store, data->device_id, now, error) &&
         dk_admin_audit (data->admin, "admin.device.revoke", data->device_id, NULL, error);
}

gboolean
dk_admin_device_revoke (DkAdmin   *admin,
                        int        argc,
                        char     **argv,
                        GError   **error)
{
  gint64 exists = 0;
  gint64 revoked = 0;
  Revoke data = { 0 };

  if (!dk_admin_parse (admin, NULL, &argc, &argv, 1, 1, error))
    return FALSE;

  if (!dk_uuid_is_valid (argv[1]))
    {
      dk_admin_usage_error (admin, error,
                            _("“%s” is not a device id; “draagkracht-admin device list” shows them."), argv[1]);
      return FALSE;
    }
  if (!dk_admin_query_int (admin->store, &exists, error, "SELECT count(*) FROM device WHERE id = ?1", argv[1], NULL) ||
      !dk_admin_query_int (admin->store, &revoked, error,
                           "SELECT count(*) FROM device WHERE id = ?1 AND revoked_at IS NOT NULL", argv[1], NULL))
    return FALSE;
  if (exists == 0)
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_NOT_FOUND, _("There is no device %s."), argv[1]);
      return FALSE;
    }
  if (revoked > 0)
    {
      g_print (_("Device %s was already revoked; nothing changed.\n"), argv[1]);
      return TRUE;
    }

  data.admin = admin;
  data.device_id = argv[1];
  if (!dk_store_transaction (admin->store, revoke_txn, &data, error))
    return FALSE;

  g_print (_("Revoked device %s: its sessions have ended, it can no longer log in, and it will wipe its replica "
             "at its next contact.\n"),
           argv[1]);
  return TRUE;
}
