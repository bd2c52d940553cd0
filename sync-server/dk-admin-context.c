#include "config.h"

#include <stdarg.h>

#include <glib/gi18n-lib.h>

#include "dk-admin-context.h"
#include "dk-central-store.h"

G_DEFINE_QUARK (dk-admin-error-quark, dk_admin_error)

#define DEFAULT_CONFIG SYSCONFDIR "/draagkracht/sync.conf"

DkAdmin *
dk_admin_new (void)
{
  DkAdmin *admin = g_new0 (DkAdmin, 1);

  admin->config = dk_server_config_new ();
  return admin;
}

void
dk_admin_free (DkAdmin *admin)
{
  if (admin == NULL)
    return;

  g_clear_object (&admin->store);
  g_clear_pointer (&admin->config, dk_server_config_free);
  g_free (admin->config_path);
  g_free (admin->database);
  g_free (admin);
}

void
dk_admin_usage_error (DkAdmin     *admin,
                      GError     **error,
                      const char  *format,
                      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: the first %s is a complete sentence about what is wrong, the second a command
   * such as "user add". */
  g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_USAGE, _("%s See “draagkracht-admin %s --help”."), message,
               admin->command->name);
}

/* Reads the config as draagkracht-sync does, so both work on the same database. */
static gboolean
load_config (DkAdmin  *admin,
             GError  **error)
{
  g_autoptr(GError) local_error = NULL;

  if (admin->config_path == NULL && g_file_test (DEFAULT_CONFIG, G_FILE_TEST_EXISTS))
    admin->config_path = g_strdup (DEFAULT_CONFIG);
  if (admin->config_path != NULL && !dk_server_config_load_file (admin->config, admin->config_path, &local_error))
    {
      g_set_error_literal (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_USAGE, local_error->message);
      return FALSE;
    }

  if (admin->database != NULL)
    {
      g_free (admin->config->store_path);
      admin->config->store_path = g_strdup (admin->database);
    }

  if (!dk_server_config_validate (admin->config, &local_error))
    {
      g_set_error_literal (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_USAGE, local_error->message);
      return FALSE;
    }

  dk_auth_params_init (&admin->params, admin->config);
  return TRUE;
}

static gboolean
open_store (DkAdmin  *admin,
            GError  **error)
{
  const char *path = dk_admin_store_path (admin);

  /* Opening would create an empty store, owned by whoever runs this tool (often root) so that the
   * server could not write to it: a mistyped path must not do that. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_FAILED,
                   _("There is no central store at %s: start draagkracht-sync once to create it, or name "
                     "the database with --database."),
                   path);
      return FALSE;
    }

  admin->store = dk_central_store_open (path, error);
  if (admin->store == NULL)
    {
      g_prefix_error (error, "%s: ", path);
      return FALSE;
    }

  return TRUE;
}

gboolean
dk_admin_parse (DkAdmin              *admin,
                const GOptionEntry   *entries,
                int                  *argc,
                char               ***argv,
                guint                 min_args,
                guint                 max_args,
                GError              **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *parameter = NULL;
  g_autofree char *config_path = NULL;
  g_autofree char *database = NULL;
  gboolean json = FALSE;
  guint n_args;
  const GOptionEntry global_entries[] = {
    { "config", 'c', 0, G_OPTION_ARG_FILENAME, &config_path, N_("Read settings from FILE (as draagkracht-sync)"),
      N_("FILE") },
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, &database,
      N_("Work on the central store in FILE (overrides the config)"), N_("FILE") },
    { NULL }
  };
  const GOptionEntry json_entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON for scripts instead of text"), NULL },
    { NULL }
  };

  g_return_val_if_fail (admin != NULL && admin->command != NULL, FALSE);

  parameter = *admin->command->args != '\0'
              ? g_strdup_printf ("%s %s", admin->command->name, _(admin->command->args))
              : g_strdup (admin->command->name);
  context = g_option_context_new (parameter);
  g_option_context_set_summary (context, _(admin->command->summary));
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (admin->command->json)
    g_option_context_add_main_entries (context, json_entries, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, global_entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, argc, argv, &local_error))
    {
      dk_admin_usage_error (admin, error, "%s.", local_error->message);
      return FALSE;
    }

  /* Options given after the command's name win over those given before it. */
  if (config_path != NULL)
    {
      g_free (admin->config_path);
      admin->config_path = g_steal_pointer (&config_path);
    }
  if (database != NULL)
    {
      g_free (admin->database);
      admin->database = g_steal_pointer (&database);
    }
  admin->json = admin->json || json;

  n_args = *argc > 0 ? (guint) *argc - 1 : 0;
  if (n_args < min_args)
    {
      dk_admin_usage_error (admin, error, _("“%s” needs %s."), admin->command->name, _(admin->command->args));
      return FALSE;
    }
  if (n_args > max_args)
    {
      if (max_args == 0)
        dk_admin_usage_error (admin, error, _("“%s” takes no arguments."), admin->command->name);
      else
        dk_admin_usage_error (admin, error, _("Too many arguments: “%s” takes %s."), admin->command->name,
                              _(admin->command->args));
      return FALSE;
    }

  if (!load_config (admin, error))
    return FALSE;

  if (admin->command->store_use == DK_ADMIN_STORE_OPEN && !open_store (admin, error))
    return FALSE;

  return TRUE;
}

const char *
dk_admin_store_path (DkAdmin *admin)
{
  g_return_val_if_fail (admin != NULL, NULL);

  return admin->config->store_path;
}

gboolean
dk_admin_parse_role (DkAdmin     *admin,
                     const char  *text,
                     DkRole      *out_role,
                     GError     **error)
{
  g_autofree char *name = g_strdelimit (g_strdup (text), "-", '_');

  if (!dk_role_from_string (name, out_role))
    {
      dk_admin_usage_error (admin, error,
                            _("Unknown role “%s”: use field_worker, debt_counsellor, team_lead, back_office or "
                              "administrator."),
                            text);
      return FALSE;
    }

  return TRUE;
}

void
dk_admin_user_free (DkAdminUser *user)
{
  if (user == NULL)
    return;

  g_free (user->id);
  g_free (user->user_name);
  g_free (user);
}

DkAdminUser *
dk_admin_find_user (DkAdmin     *admin,
                    const char  *name_or_id,
                    GError     **error)
{
  g_autoptr(DkAdminUser) user = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  /* user_name is COLLATE NOCASE, so "Jan" finds "jan" as the login does. */
  stmt = dk_store_prepare (admin->store,
                           "SELECT id, user_name, role, disabled_at IS NOT NULL FROM user"
                           " WHERE user_name = ?1 OR id = ?1",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name_or_id, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (admin->store, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_NOT_FOUND, _("There is no user “%s”."), name_or_id);
      return NULL;
    }

  user = g_new0 (DkAdminUser, 1);
  user->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  user->user_name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  dk_role_from_string ((const char *) sqlite3_column_text (stmt, 2), &user->role);
  user->disabled = sqlite3_column_int (stmt, 3) != 0;
  sqlite3_reset (stmt);

  return g_steal_pointer (&user);
}

char *
dk_admin_find_team (DkAdmin     *admin,
                    const char  *name_or_id,
                    GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  char *id;

  stmt = dk_store_prepare (admin->store, "SELECT id FROM team WHERE name = ?1 OR id = ?1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, name_or_id, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (admin->store, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_NOT_FOUND, _("There is no team “%s”."), name_or_id);
      return NULL;
    }

  id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return id;
}

char *
dk_admin_find_dossier (DkAdmin     *admin,
                       const char  *number_or_id,
                       char       **out_number,
                       gboolean    *out_removed,
                       GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  char *id;

  stmt = dk_store_prepare (admin->store,
                           "SELECT id, number, removed_at IS NOT NULL FROM dossier WHERE number = ?1 OR id = ?1",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, number_or_id, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (admin->store, stmt, &has_row, error))
    return NULL;
  if (!has_row)
    {
      g_set_error (error, DK_ADMIN_ERROR, DK_ADMIN_ERROR_NOT_FOUND, _("There is no dossier “%s”."), number_or_id);
      return NULL;
    }

  id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (out_number != NULL)
    *out_number = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  if (out_removed != NULL)
    *out_removed = sqlite3_column_int (stmt, 2) != 0;
  sqlite3_reset (stmt);
  return id;
}

gboolean
dk_admin_audit (DkAdmin     *admin,
                const char  *action,
                const char  *subject_id,
                const char  *dossier_id,
                GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return dk_auth_audit_admin (admin->store, action, subject_id, dossier_id, DK_AUDIT_SUCCESS, now, error);
}

gboolean
dk_admin_query_int (DkStore     *store,
                    gint64      *out_value,
                    GError     **error,
                    const char  *sql,
                    ...)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  const char *arg;
  va_list args;
  int i = 1;

  stmt = dk_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;

  va_start (args, sql);
  while ((arg = va_arg (args, const char *)) != NULL)
    sqlite3_bind_text (stmt, i++, arg, -1, SQLITE_TRANSIENT);
  va_end (args);

  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  *out_value = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return TRUE;
}
