#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-admin-output.h"
#include "dk-admin-password.h"
#include "dk-admin-users.h"
#include "dk-domain-schema.h"

/* ---- user add ---- */

typedef struct
{
  DkAdmin    *admin;
  const char *user_name;
  const char *display_name;
  DkRole      role;
  const char *team_id;
  const char *password;
  char       *user_id;
} AddUser;

/* The user and its audit row stand or fall together. */
static gboolean
add_user_txn (DkStore   *store,
              gpointer   user_data,
              GError   **error)
{
  AddUser *data = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return dk_auth_create_user (store, &data->admin->params, data->user_name, data->display_name, data->role,
                              data->team_id, data->password, now, &data->user_id, error) &&
         dk_admin_audit (data->admin, "admin.user.add", data->user_id, NULL, error);
}

gboolean
dk_admin_user_add (DkAdmin   *admin,
                   int        argc,
                   char     **argv,
                   GError   **error)
{
  g_autofree char *role_name = NULL;
  g_autofree char *team = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *team_id = NULL;
  g_autoptr(DkAdminPassword) password = NULL;
  gboolean password_stdin = FALSE;
  gint64 taken = 0;
  AddUser data = { 0 };
  gboolean ok;
  const GOptionEntry entries[] = {
    { "role", 'r', 0, G_OPTION_ARG_STRING, &role_name,
      N_("field_worker, debt_counsellor, team_lead, back_office or administrator"), N_("ROLE") },
    { "team", 't', 0, G_OPTION_ARG_STRING, &team, N_("Put the user in this team (name or id)"), N_("TEAM") },
    { "display-name", 0, 0, G_OPTION_ARG_STRING, &display_name, N_("The name others see (default: NAME)"),
      N_("TEXT") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the password from the first line of standard input"), NULL },
    { NULL }
  };

  if (!dk_admin_parse (admin, entries, &argc, &argv, 1, 1, error))
    return FALSE;

  if (role_name == NULL)
    {
      dk_admin_usage_error (admin, error, _("The option --role is missing."));
      return FALSE;
    }
  if (!dk_admin_parse_role (admin, role_name, &data.role, error))
    return FALSE;
  if (team != NULL && (team_id = dk_admin_find_team (admin, team, error)) == NULL)
    return FALSE;

  /* Before the password is asked for, so nobody types one twice for nothing. */
  if (!dk_admin_query_int (admin->store, &taken, error, "SELECT count(*) FROM user WHERE user_name = ?1", argv[1],
                           NULL))
    return FALSE;
  if (taken > 0)
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_REFUSED,
                   _("There is already a user “%s” (user names do not distinguish capitals from small letters)."),
                   argv[1]);
      return FALSE;
    }

  password = dk_admin_read_password (password_stdin, error);
  if (password == NULL)
    return FALSE;

  data.admin = admin;
  data.user_name = argv[1];
  data.display_name = display_name != NULL ? display_name : argv[1];
  data.team_id = team_id;
  data.password = password;
  ok = dk_store_transaction (admin->store, add_user_txn, &data, error);
  if (ok)
    g_print (_("Created user “%s” (%s), id %s.\n"), argv[1], dk_role_to_string (data.role), data.user_id);
  g_free (data.user_id);

  return ok;
}

/* ---- changes to one user ---- */

typedef enum
{
  CHANGE_PASSWORD,
  CHANGE_ROLE,
  CHANGE_TEAM,
  CHANGE_DISABLE,
  CHANGE_ENABLE,
} ChangeKind;

typedef struct
{
  DkAdmin     *admin;
  ChangeKind   kind;
  const char  *user_id;
  const char  *password;
  DkRole       role;
  const char  *team_id;
} ChangeUser;

static gboolean
change_user_txn (DkStore   *store,
                 gpointer   user_data,
                 GError   **error)
{
  ChangeUser *data = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  const char *action = NULL;
  gboolean ok = FALSE;

  switch (data->kind)
    {
    case CHANGE_PASSWORD:
      ok = dk_auth_set_password (store, &data->admin->params, data->user_id, data->password, now, error);
      action = "admin.user.passwd";
      break;

    case CHANGE_ROLE:
      ok = dk_auth_set_role (store, data->user_id, data->role, now, error);
      action = "admin.user.role";
      break;

    case CHANGE_TEAM:
      ok = dk_auth_set_team (store, data->user_id, data->team_id, now, error);
      action = "admin.team.member";
      break;

    case CHANGE_DISABLE:
      ok = dk_auth_disable_user (store, data->user_id, now, error);
      action = "admin.user.disable";
      break;

    case CHANGE_ENABLE:
      ok = dk_auth_enable_user (store, data->user_id, now, error);
      action = "admin.user.enable";
      break;

    default:
      g_assert_not_reached ();
    }

  return ok && dk_admin_audit (data->admin, action, data->user_id, NULL, error);
}

static gboolean
change_user (DkAdmin     *admin,
             ChangeUser  *data,
             GError     **error)
{
  data->admin = admin;
  return dk_store_transaction (admin->store, change_user_txn, data, error);
}

gboolean
dk_admin_user_passwd (DkAdmin   *admin,
                      int        argc,
                      char     **argv,
                      GError   **error)
{
  g_autoptr(DkAdminUser) user = NULL;
  g_autoptr(DkAdminPassword) password = NULL;
  gboolean password_stdin = FALSE;
  ChangeUser data = { .kind = CHANGE_PASSWORD };
  const GOptionEntry entries[] = {
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin,
      N_("Read the password from the first line of standard input"), NULL },
    { NULL }
  };

  if (!dk_admin_parse (admin, entries, &argc, &argv, 1, 1, error) ||
      (user = dk_admin_find_user (admin, argv[1], error)) == NULL ||
      (password = dk_admin_read_password (password_stdin, error)) == NULL)
    return FALSE;

  data.user_id = user->id;
  data.password = password;
  if (!change_user (admin, &data, error))
    return FALSE;

  g_print (_("Changed the password of “%s”; the user’s sessions have ended and any lockout is lifted.\n"),
           user->user_name);
  return TRUE;
}

gboolean
dk_admin_user_role (DkAdmin   *admin,
                    int        argc,
                    char     **argv,
                    GError   **error)
{
  g_autoptr(DkAdminUser) user = NULL;
  ChangeUser data = { .kind = CHANGE_ROLE };

  if (!dk_admin_parse (admin, NULL, &argc, &argv, 2, 2, error) ||
      !dk_admin_parse_role (admin, argv[2], &data.role, error) ||
      (user = dk_admin_find_user (admin, argv[1], error)) == NULL)
    return FALSE;

  data.user_id = user->id;
  if (!change_user (admin, &data, error))
    return FALSE;

  g_print (_("“%s” is now %s; this counts from the user’s next request.\n"), user->user_name,
           dk_role_to_string (data.role));
  return TRUE;
}

static gboolean
switch_user (DkAdmin     *admin,
             int          argc,
             char       **argv,
             ChangeKind   kind,
             GError     **error)
{
  g_autoptr(DkAdminUser) user = NULL;
  ChangeUser data = { .kind = kind };

  if (!dk_admin_parse (admin, NULL, &argc, &argv, 1, 1, error) ||
      (user = dk_admin_find_user (admin, argv[1], error)) == NULL)
    return FALSE;

  data.user_id = user->id;
  if (!change_user (admin, &data, error))
    return FALSE;

  if (kind == CHANGE_DISABLE)
    g_print (_("Disabled “%s” and ended the user’s sessions. Revoke the user’s devices to have their replicas "
               "wiped.\n"),
             user->user_name);
  else
    g_print (_("Enabled “%s”: the user can log in again.\n"), user->user_name);
  return TRUE;
}

gboolean
dk_admin_user_disable (DkAdmin   *admin,
                       int        argc,
                       char     **argv,
                       GError   **error)
{
  return switch_user (admin, argc, argv, CHANGE_DISABLE, error);
}

gboolean
dk_admin_user_enable (DkAdmin   *admin,
                      int        argc,
                      char     **argv,
                      GError   **error)
{
  return switch_user (admin, argc, argv, CHANGE_ENABLE, error);
}

/* ---- user list ---- */

static const DkAdminColumn user_columns[] = {
  { "user_name", N_("USER"), DK_ADMIN_COLUMN_TEXT },
  { "display_name", N_("DISPLAY NAME"), DK_ADMIN_COLUMN_TEXT },
  { "role", N_("ROLE"), DK_ADMIN_COLUMN_TEXT },
  { "team", N_("TEAM"), DK_ADMIN_COLUMN_TEXT },
  { "status", N_("STATUS"), DK_ADMIN_COLUMN_TEXT },
  { "active_devices", N_("DEVICES"), DK_ADMIN_COLUMN_NUMBER },
  { "id", N_("ID"), DK_ADMIN_COLUMN_TEXT },
};

gboolean
dk_admin_user_list (DkAdmin   *admin,
                    int        argc,
                    char     **argv,
                    GError   **error)
{
  g_autoptr(JsonArray) rows = json_array_new ();
  g_autofree char *now = dk_domain_timestamp_now ();
  static const char * const keys[] = { "id", "user_name", "display_name", "role", "team", "status",
                                       "active_devices", "created_at" };
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  if (!dk_admin_parse (admin, NULL, &argc, &argv, 0, 0, error))
    return FALSE;

  stmt = dk_store_prepare (admin->store,
                           "SELECT u.id, u.user_name, u.display_name, u.role, t.name,"
                           "  CASE WHEN u.disabled_at IS NOT NULL THEN 'disabled'"
                           "    WHEN u.locked_until > ?1 THEN 'locked' ELSE 'active' END,"
                           "  (SELECT count(*) FROM device AS d WHERE d.user_id = u.id AND d.revoked_at IS NULL),"
                           "  u.created_at"
                           " FROM user AS u LEFT JOIN team AS t ON t.id = u.team_id"
                           " ORDER BY u.user_name COLLATE NOCASE",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, now, -1, SQLITE_TRANSIENT);
  while ((ok = dk_store_step_row (admin->store, stmt, &has_row, error)) && has_row)
    {
      JsonObject *row = json_object_new ();

      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        dk_admin_json_set_column (row, keys[i], stmt, (int) i);
      json_array_add_object_element (rows, row);
    }
  if (!ok)
    return FALSE;

  dk_admin_print_rows (admin, user_columns, G_N_ELEMENTS (user_columns), rows,
                       _("There are no users yet: add one with “draagkracht-admin user add”."));
  return TRUE;
}

/* ---- teams ---- */

typedef struct
{
  DkAdmin    *admin;
  const char *name;
  char       *team_id;
} AddTeam;

static gboolean
add_team_txn (DkStore   *store,
              gpointer   user_data,
              GError   **error)
{
  AddTeam *data = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return dk_auth_create_team (store, data->name, now, &data->team_id, error) &&
         dk_admin_audit (data->admin, "admin.team.add", data->team_id, NULL, error);
}

gboolean
dk_admin_team_add (DkAdmin   *admin,
                   int        argc,
                   char     **argv,
                   GError   **error)
{
  AddTeam data = { 0 };
  gboolean ok;

  if (!dk_admin_parse (admin, NULL, &argc, &argv, 1, 1, error))
    return FALSE;

  data.admin = admin;
  data.name = argv[1];
  ok = dk_store_transaction (admin->store, add_team_txn, &data, error);
  if (ok)
    g_print (_("Created team “%s”, id %s.\n"), argv[1], data.team_id);
  g_free (data.team_id);

  return ok;
}

static const DkAdminColumn team_columns[] = {
  { "name", N_("TEAM"), DK_ADMIN_COLUMN_TEXT },
  { "members", N_("MEMBERS"), DK_ADMIN_COLUMN_NUMBER },
  { "id", N_("ID"), DK_ADMIN_COLUMN_TEXT },
};

gboolean
dk_admin_team_list (DkAdmin   *admin,
                    int        argc,
                    char     **argv,
                    GError   **error)
{
  g_autoptr(JsonArray) rows = json_array_new ();
  static const char * const keys[] = { "id", "name", "members" };
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  if (!dk_admin_parse (admin, NULL, &argc, &argv, 0, 0, error))
    return FALSE;

  stmt = dk_store_prepare (admin->store,
                           "SELECT t.id, t.name, (SELECT count(*) FROM user AS u WHERE u.team_id = t.id)"
                           " FROM team AS t ORDER BY t.name",
                           error);
  if (stmt == NULL)
    return FALSE;
  while ((ok = dk_store_step_row (admin->store, stmt, &has_row, error)) && has_row)
    {
      JsonObject *row = json_object_new ();

      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        dk_admin_json_set_column (row, keys[i], stmt, (int) i);
      json_array_add_object_element (rows, row);
    }
  if (!ok)
    return FALSE;

  dk_admin_print_rows (admin, team_columns, G_N_ELEMENTS (team_columns), rows,
                       _("There are no teams yet: add one with “draagkracht-admin team add”."));
  return TRUE;
}

gboolean
dk_admin_team_set_member (DkAdmin   *admin,
                          int        argc,
                          char     **argv,
                          GError   **error)
{
  g_autoptr(DkAdminUser) user = NULL;
  g_autofree char *team_id = NULL;
  ChangeUser data = { .kind = CHANGE_TEAM };

  if (!dk_admin_parse (admin, NULL, &argc, &argv, 2, 2, error) ||
      (user = dk_admin_find_user (admin, argv[1], error)) == NULL ||
      (team_id = dk_admin_find_team (admin, argv[2], error)) == NULL)
    return FALSE;

  data.user_id = user->id;
  data.team_id = team_id;
  if (!change_user (admin, &data, error))
    return FALSE;

  g_print (_("“%s” is now in team “%s”.\n"), user->user_name, argv[2]);
  return TRUE;
}

gboolean
dk_admin_team_remove_member (DkAdmin   *admin,
                             int        argc,
                             char     **argv,
                             GError   **error)
{
  g_autoptr(DkAdminUser) user = NULL;
  ChangeUser data = { .kind = CHANGE_TEAM };

  if (!dk_admin_parse (admin, NULL, &argc, &argv, 1, 1, error) ||
      (user = dk_admin_find_user (admin, argv[1], error)) == NULL)
    return FALSE;

  data.user_id = user->id;
  if (!change_user (admin, &data, error))
    return FALSE;

  g_print (_("“%s” is now in no team.\n"), user->user_name);
  return TRUE;
}
