#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gstdio.h>

#include <glib/gi18n-lib.h>

#include "dk-admin-output.h"
#include "dk-admin-report.h"
#include "dk-domain-schema.h"
#include "dk-server-schema.h"
#include "dk-uuid.h"

#define DEFAULT_AUDIT_LIMIT 100

/* ---- stats ---- */

typedef struct
{
  const char *key;
  const char *sql;   /* one integer; ?1 is the current time */
} Count;

static const Count counts[] = {
  { "users", "SELECT count(*) FROM user" },
  { "users_disabled", "SELECT count(*) FROM user WHERE disabled_at IS NOT NULL" },
  { "teams", "SELECT count(*) FROM team" },
  { "devices_active", "SELECT count(*) FROM device WHERE revoked_at IS NULL" },
  { "devices_revoked", "SELECT count(*) FROM device WHERE revoked_at IS NOT NULL" },
  { "sessions_open", "SELECT count(*) FROM session WHERE revoked_at IS NULL AND refresh_expires_at > ?1" },
  { "dossiers", "SELECT count(*) FROM dossier WHERE removed_at IS NULL" },
  { "dossiers_deleted", "SELECT count(*) FROM dossier WHERE removed_at IS NOT NULL" },
  { "assignments_current",
    "SELECT count(*) FROM assignment WHERE assigned_from <= ?1 AND (assigned_until IS NULL OR assigned_until > ?1)" },
  { "change_log_entries", "SELECT count(*) FROM change_log" },
  { "change_log_last_seq", "SELECT coalesce (max (seq), 0) FROM change_log" },
  { "change_log_low_water_seq", "SELECT coalesce (max (low_water_seq), 0) FROM change_log_low_water" },
  { "conflicts_open", "SELECT count(*) FROM conflict WHERE resolved_at IS NULL" },
  { "audit_rows", "SELECT count(*) FROM audit" },
  { "database_bytes",
    "SELECT (SELECT page_count FROM pragma_page_count ()) * (SELECT page_size FROM pragma_page_size ())" },
};

/* A count as text, so that translatable messages need no width-specific format. */
static char *
member (JsonObject *object,
        const char *key)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, json_object_get_int_member (object, key));
}

static void
add_line (GPtrArray  *lines,
          const char *label,
          char       *value)
{
  g_ptr_array_add (lines, g_strdup (label));
  g_ptr_array_add (lines, value);
}

static void
print_stats (DkAdmin    *admin,
             JsonObject *stats)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) roles = g_string_new (NULL);
  g_autofree char *size = g_format_size ((guint64) json_object_get_int_member (stats, "database_bytes"));
  g_autofree char *wal = g_format_size ((guint64) json_object_get_int_member (stats, "wal_bytes"));
  JsonObject *by_role = json_object_get_object_member (stats, "users_by_role");
  glong width = 0;

#define M(key) (g_ptr_array_add (values, member (stats, key)), (const char *) values->pdata[values->len - 1])
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);

  for (DkRole role = DK_ROLE_FIELD_WORKER; role <= DK_ROLE_ADMINISTRATOR; role++)
    g_string_append_printf (roles, "%s%s %" G_GINT64_FORMAT, roles->len > 0 ? ", " : "", dk_role_to_string (role),
                            json_object_get_int_member (by_role, dk_role_to_string (role)));

  add_line (lines, _("Database"),
            g_strdup_printf (_("%s: %s, write-ahead log %s; schema version %s, server schema version %s"),
                             dk_admin_store_path (admin), size, wal, M ("schema_version"),
                             M ("server_schema_version")));
  add_line (lines, _("Users"),
            g_strdup_printf (_("%s (%s), of which %s disabled"), M ("users"), roles->str, M ("users_disabled")));
  add_line (lines, _("Teams"), member (stats, "teams"));
  add_line (lines, _("Devices"),
            g_strdup_printf (_("%s active, %s revoked"), M ("devices_active"), M ("devices_revoked")));
  add_line (lines, _("Open sessions"), member (stats, "sessions_open"));
  add_line (lines, _("Dossiers"),
            g_strdup_printf (_("%s (and %s deleted)"), M ("dossiers"), M ("dossiers_deleted")));
  add_line (lines, _("Assignments"), g_strdup_printf (_("%s current"), M ("assignments_current")));
  add_line (lines, _("Change log"),
            g_strdup_printf (_("%s entries, last seq %s, compacted up to seq %s"), M ("change_log_entries"),
                             M ("change_log_last_seq"), M ("change_log_low_water_seq")));
  add_line (lines, _("Open conflicts"), member (stats, "conflicts_open"));
  add_line (lines, _("Audit rows"), member (stats, "audit_rows"));
#undef M

  for (guint i = 0; i < lines->len; i += 2)
    width = MAX (width, g_utf8_strlen (lines->pdata[i], -1));
  for (guint i = 0; i < lines->len; i += 2)
    {
      g_autoptr(GString) line = g_string_new (lines->pdata[i]);

      for (glong n = g_utf8_strlen (lines->pdata[i], -1); n < width + 2; n++)
        g_string_append_c (line, ' ');
      g_print ("%s%s\n", line->str, (const char *) lines->pdata[i + 1]);
    }
}

gboolean
dk_admin_stats (DkAdmin   *admin,
                int        argc,
                char     **argv,
                GError   **error)
{
  g_autoptr(JsonObject) stats = json_object_new ();
  g_autofree char *now = dk_domain_timestamp_now ();
  g_autofree char *wal_path = NULL;
  JsonObject *by_role;
  guint server_version = 0;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;
  GStatBuf st;

  if (!dk_admin_parse (admin, NULL, &argc, &argv, 0, 0, error))
    return FALSE;

  by_role = json_object_new ();
  json_object_set_object_member (stats, "users_by_role", by_role);
  for (DkRole role = DK_ROLE_FIELD_WORKER; role <= DK_ROLE_ADMINISTRATOR; role++)
    json_object_set_int_member (by_role, dk_role_to_string (role), 0);

  stmt = dk_store_prepare (admin->store, "SELECT role, count(*) FROM user GROUP BY role", error);
  if (stmt == NULL)
    return FALSE;
  while ((ok = dk_store_step_row (admin->store, stmt, &has_row, error)) && has_row)
    json_object_set_int_member (by_role, (const char *) sqlite3_column_text (stmt, 0),
                                sqlite3_column_int64 (stmt, 1));
  if (!ok)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
    {
      gint64 value = 0;

      if (strstr (counts[i].sql, "?1") != NULL
          ? !dk_admin_query_int (admin->store, &value, error, counts[i].sql, now, NULL)
          : !dk_admin_query_int (admin->store, &value, error, counts[i].sql, NULL))
        return FALSE;
      json_object_set_int_member (stats, counts[i].key, value);
    }

  wal_path = g_strconcat (dk_admin_store_path (admin), "-wal", NULL);
  json_object_set_int_member (stats, "wal_bytes", g_stat (wal_path, &st) == 0 ? (gint64) st.st_size : 0);
  json_object_set_int_member (stats, "schema_version", dk_store_get_schema_version (admin->store));
  if (!dk_store_get_track_version (admin->store, DK_SERVER_SCHEMA_TRACK, &server_version, error))
    return FALSE;
  json_object_set_int_member (stats, "server_schema_version", server_version);

  if (admin->json)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), stats);

      dk_admin_print_json (node);
    }
  else
    print_stats (admin, stats);

  return TRUE;
}

/* ---- audit ---- */

static const DkAdminColumn audit_columns[] = {
  { "at", N_("TIME"), DK_ADMIN_COLUMN_TIME },
  { "action", N_("ACTION"), DK_ADMIN_COLUMN_TEXT },
  { "outcome", N_("OUTCOME"), DK_ADMIN_COLUMN_TEXT },
  { "user_id", N_("USER ID"), DK_ADMIN_COLUMN_TEXT },
  { "device_id", N_("DEVICE ID"), DK_ADMIN_COLUMN_TEXT },
  { "dossier_id", N_("DOSSIER ID"), DK_ADMIN_COLUMN_TEXT },
  { "subject_id", N_("SUBJECT ID"), DK_ADMIN_COLUMN_TEXT },
};

/* A date ("2026-11-23", local midnight) or an ISO 8601 time (local unless it names a zone), in the
 * stored form. */
static char *
parse_since (const char *text)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *seconds = NULL;
  int y, m, d;
  char tail;

  if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && strlen (text) == 10)
    time = g_date_time_new (local, y, m, d, 0, 0, 0);
  else
    time = g_date_time_new_from_iso8601 (text, local);
  if (time == NULL)
    return NULL;

  utc = g_date_time_to_utc (time);
  seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");
  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (utc) / 1000);
}

gboolean
dk_admin_audit_list (DkAdmin   *admin,
                     int        argc,
                     char     **argv,
                     GError   **error)
{
  g_autoptr(JsonArray) rows = json_array_new ();
  g_autofree char *dossier = NULL;
  g_autofree char *user_name = NULL;
  g_autofree char *since_text = NULL;
  g_autofree char *dossier_id = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *since = NULL;
  int limit = DEFAULT_AUDIT_LIMIT;
  static const char * const keys[] = { "id", "at", "action", "outcome", "user_id", "device_id", "dossier_id",
                                       "subject_id" };
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;
  const GOptionEntry entries[] = {
    { "dossier", 0, 0, G_OPTION_ARG_STRING, &dossier, N_("Only rows about this dossier (number or id)"),
      N_("DOSSIER") },
    { "user", 'u', 0, G_OPTION_ARG_STRING, &user_name,
      N_("Only rows of this user: what they did, and what an administrator did to them"), N_("USER") },
    { "since", 's', 0, G_OPTION_ARG_STRING, &since_text, N_("Only rows from this date (YYYY-MM-DD) or time on"),
      N_("DATE") },
    { "limit", 'n', 0, G_OPTION_ARG_INT, &limit, N_("Show the last N rows (default 100)"), N_("N") },
    { NULL }
  };

  if (!dk_admin_parse (admin, entries, &argc, &argv, 0, 0, error))
    return FALSE;

  if (limit < 1)
    {
      dk_admin_usage_error (admin, error, _("--limit must be a whole number of at least 1."));
      return FALSE;
    }
  if (since_text != NULL && (since = parse_since (since_text)) == NULL)
    {
      dk_admin_usage_error (admin, error,
                            _("--since takes a date such as 2026-11-23 or a time such as 2026-11-23T14:05:00."));
      return FALSE;
    }
  /* An id is taken as it is: the trail also names dossiers and users that are gone. */
  if (dossier != NULL)
    dossier_id = dk_uuid_is_valid (dossier) ? g_strdup (dossier)
                                            : dk_admin_find_dossier (admin, dossier, NULL, NULL, error);
  if (dossier != NULL && dossier_id == NULL)
    return FALSE;
  if (user_name != NULL)
    {
      if (dk_uuid_is_valid (user_name))
        user_id = g_strdup (user_name);
      else
        {
          g_autoptr(DkAdminUser) user = dk_admin_find_user (admin, user_name, error);

          if (user == NULL)
            return FALSE;
          user_id = g_strdup (user->id);
        }
    }

  /* The last @limit rows, shown oldest first as a log reads. */
  stmt = dk_store_prepare (admin->store,
                           "SELECT * FROM ("
                           "  SELECT id, at, action, outcome, user_id, device_id, dossier_id, subject_id FROM audit"
                           "  WHERE (?1 IS NULL OR dossier_id = ?1) AND (?2 IS NULL OR user_id = ?2 OR subject_id = ?2)"
                           "   AND (?3 IS NULL OR at >= ?3)"
                           "  ORDER BY at DESC, id DESC LIMIT ?4)"
                           " ORDER BY at, id",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, dossier_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, since, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 4, limit);
  while ((ok = dk_store_step_row (admin->store, stmt, &has_row, error)) && has_row)
    {
      JsonObject *row = json_object_new ();

      for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
        dk_admin_json_set_column (row, keys[i], stmt, (int) i);
      json_array_add_object_element (rows, row);
    }
  if (!ok)
    return FALSE;

  dk_admin_print_rows (admin, audit_columns, G_N_ELEMENTS (audit_columns), rows, _("No audit rows match."));
  return TRUE;
}
