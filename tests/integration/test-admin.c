#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dk-auth.h"
#include "dk-central-store.h"
#include "dk-demo-seed.h"
#include "dk-domain-schema.h"
#include "dk-sync-scope.h"
#include "dk-test-util.h"

/* The real draagkracht-admin binary as an administrator runs it, on a copy of a central store
 * seeded with the demo household (dossier DEMO-0001). */

#define PASSWORD "correct horse battery"

static char *template_db;

typedef struct
{
  char *dir;
  char *db;
} Fixture;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static const char *
binary (const char *variable)
{
  const char *path = g_getenv (variable);

  g_assert_nonnull (path);
  return path;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GFile) source = g_file_new_for_path (template_db);
  g_autoptr(GFile) dest = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = dk_test_make_tmpdir ();
  f->db = g_build_filename (f->dir, "central.db", NULL);
  dest = g_file_new_for_path (f->db);
  g_file_copy (source, dest, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dk_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

/* Runs draagkracht-admin --database DB ARGS… with @input on standard input (a pipe, never a
 * terminal; empty when NULL). */
static void
run_admin_v (Fixture     *f,
             const char  *input,
             Run         *run,
             const char  *first,
             va_list      args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;

  g_ptr_array_add (argv, (char *) binary ("DK_ADMIN_BINARY"));
  g_ptr_array_add (argv, "--database");
  g_ptr_array_add (argv, f->db);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, input != NULL ? input : "", NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  run->status = g_subprocess_get_exit_status (proc);
}

static void G_GNUC_NULL_TERMINATED
run_admin (Fixture    *f,
           const char *input,
           Run        *run,
           const char *first,
           ...)
{
  va_list args;

  run_clear (run);
  va_start (args, first);
  run_admin_v (f, input, run, first, args);
  va_end (args);
}

/* Runs the admin and asserts success; returns its standard output. */
static char * G_GNUC_NULL_TERMINATED
admin_ok (Fixture    *f,
          const char *input,
          const char *first,
          ...)
{
  g_auto(Run) run = { 0 };
  va_list args;

  va_start (args, first);
  run_admin_v (f, input, &run, first, args);
  va_end (args);
  if (run.status != 0)
    g_printerr ("unexpected failure: %s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  return g_steal_pointer (&run.out);
}

/* Asserts that @run failed with @status and one line on standard error containing @fragment. */
static void
assert_fails (const Run  *run,
              int         status,
              const char *fragment)
{
  if (run->status != status || strstr (run->err, fragment) == NULL)
    g_printerr ("status %d, stderr: %s", run->status, run->err);
  g_assert_cmpint (run->status, ==, status);
  g_assert_true (g_str_has_prefix (run->err, "draagkracht-admin: "));
  g_assert_nonnull (strstr (run->err, fragment));
  /* One line. */
  g_assert_true (strchr (run->err, '\n') == run->err + strlen (run->err) - 1);
}

static void
add_user (Fixture    *f,
          const char *name,
          const char *role)
{
  g_autofree char *out = admin_ok (f, PASSWORD "\n", "user", "add", name, "--role", role, "--password-stdin", NULL);

  g_assert_nonnull (strstr (out, name));
}

static DkStore *
open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  DkStore *store = dk_central_store_open (f->db, &error);

  g_assert_no_error (error);
  return store;
}

static gint64
query_int (Fixture    *f,
           const char *sql,
           const char *arg)
{
  g_autoptr(DkStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gint64 value;

  stmt = dk_store_prepare (store, sql, &error);
  g_assert_no_error (error);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  g_assert_true (dk_store_step_row (store, stmt, &has_row, &error));
  g_assert_true (has_row);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static char *
query_text (Fixture    *f,
            const char *sql)
{
  g_autoptr(DkStore) store = open_store (f);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  char *value;

  stmt = dk_store_prepare (store, sql, &error);
  g_assert_no_error (error);
  g_assert_true (dk_store_step_row (store, stmt, &has_row, &error));
  g_assert_true (has_row);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* The element of a JSON array output whose @key is @value. */
static JsonObject *
find_row (JsonNode   *array,
          const char *key,
          const char *value)
{
  JsonArray *rows = json_node_get_array (array);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_strcmp0 (json_object_get_string_member (row, key), value) == 0)
        return row;
    }

  return NULL;
}

static char *
user_id (Fixture    *f,
         const char *name)
{
  g_autofree char *out = admin_ok (f, NULL, "user", "list", "--json", NULL);
  g_autoptr(JsonNode) list = parse_json (out);
  JsonObject *row = find_row (list, "user_name", name);

  g_assert_nonnull (row);
  return g_strdup (json_object_get_string_member (row, "id"));
}

/* ---- users and teams ---- */

static void
test_users_and_teams (Fixture       *f,
                      gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autoptr(JsonNode) users = NULL;
  g_autoptr(JsonNode) teams = NULL;
  g_autofree char *out = NULL;
  g_autofree char *jan = NULL;
  JsonObject *row;

  g_free (admin_ok (f, NULL, "team", "add", "Team Noord", NULL));
  g_free (admin_ok (f, PASSWORD "\n", "user", "add", "jan.jansen", "--role", "debt_counsellor", "--team", "team noord",
                    "--display-name", "Jan Jansen", "--password-stdin", NULL));
  add_user (f, "piet", "field-worker");

  out = admin_ok (f, NULL, "user", "list", "--json", NULL);
  users = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (users)), ==, 2);
  row = find_row (users, "user_name", "jan.jansen");
  g_assert_nonnull (row);
  g_assert_cmpstr (json_object_get_string_member (row, "role"), ==, "debt_counsellor");
  g_assert_cmpstr (json_object_get_string_member (row, "team"), ==, "Team Noord");
  g_assert_cmpstr (json_object_get_string_member (row, "display_name"), ==, "Jan Jansen");
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "active");
  row = find_row (users, "user_name", "piet");
  g_assert_cmpstr (json_object_get_string_member (row, "role"), ==, "field_worker");
  g_assert_true (json_object_get_null_member (row, "team"));
  g_clear_pointer (&out, g_free);

  /* The text list has a header line and a line per user. */
  out = admin_ok (f, NULL, "user", "list", NULL);
  g_assert_nonnull (strstr (out, "USER"));
  g_assert_nonnull (strstr (out, "jan.jansen"));
  g_clear_pointer (&out, g_free);

  g_free (admin_ok (f, NULL, "user", "role", "piet", "team_lead", NULL));
  g_free (admin_ok (f, NULL, "team", "set-member", "PIET", "Team Noord", NULL));
  g_free (admin_ok (f, NULL, "user", "disable", "jan.jansen", NULL));
  out = admin_ok (f, NULL, "user", "list", "--json", NULL);
  g_clear_pointer (&users, json_node_unref);
  users = parse_json (out);
  g_assert_cmpstr (json_object_get_string_member (find_row (users, "user_name", "piet"), "role"), ==, "team_lead");
  g_assert_cmpstr (json_object_get_string_member (find_row (users, "user_name", "piet"), "team"), ==, "Team Noord");
  g_assert_cmpstr (json_object_get_string_member (find_row (users, "user_name", "jan.jansen"), "status"), ==,
                   "disabled");
  g_free (admin_ok (f, NULL, "user", "enable", "jan.jansen", NULL));
  g_free (admin_ok (f, PASSWORD " again\n", "user", "passwd", "jan.jansen", "--password-stdin", NULL));
  g_free (admin_ok (f, NULL, "team", "remove-member", "piet", NULL));
  g_clear_pointer (&out, g_free);

  out = admin_ok (f, NULL, "team", "list", "--json", NULL);
  teams = parse_json (out);
  g_assert_cmpint (json_object_get_int_member (find_row (teams, "name", "Team Noord"), "members"), ==, 1);

  /* Every change is audited as the local administrator: no user, no device, the subject's id. */
  jan = user_id (f, "jan.jansen");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'admin.user.add' AND user_id IS NULL"
                              " AND device_id IS NULL AND subject_id = ?1", jan), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE subject_id = ?1", jan), ==, 4);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action IN ('admin.team.add', 'admin.team.member',"
                              " 'admin.user.role', 'admin.user.disable', 'admin.user.enable', 'admin.user.passwd')",
                              NULL), ==, 7);

  /* Bad input: each its own message; usage errors exit 2, failures 1. */
  run_admin (f, PASSWORD "\n", &run, "user", "add", "kees", "--role", "boss", "--password-stdin", NULL);
  assert_fails (&run, 2, "Unknown role “boss”");
  run_admin (f, PASSWORD "\n", &run, "user", "add", "kees", "--password-stdin", NULL);
  assert_fails (&run, 2, "--role is missing");
  run_admin (f, PASSWORD "\n", &run, "user", "add", "--role", "field_worker", "--password-stdin", NULL);
  assert_fails (&run, 2, "“user add” needs NAME");
  run_admin (f, PASSWORD "\n", &run, "user", "add", "kees", "--role", "field_worker", NULL);
  assert_fails (&run, 2, "pass --password-stdin");
  run_admin (f, "short\n", &run, "user", "add", "kees", "--role", "field_worker", "--password-stdin", NULL);
  assert_fails (&run, 1, "a password needs at least 12");
  run_admin (f, "", &run, "user", "add", "kees", "--role", "field_worker", "--password-stdin", NULL);
  assert_fails (&run, 1, "Standard input is empty");
  run_admin (f, PASSWORD "\n", &run, "user", "add", "JAN.jansen", "--role", "field_worker", "--password-stdin", NULL);
  assert_fails (&run, 1, "There is already a user “JAN.jansen”");
  run_admin (f, PASSWORD "\n", &run, "user", "add", "kees", "--role", "field_worker", "--team", "Zuid",
             "--password-stdin", NULL);
  assert_fails (&run, 1, "There is no team “Zuid”");
  run_admin (f, NULL, &run, "user", "role", "nobody", "field_worker", NULL);
  assert_fails (&run, 1, "There is no user “nobody”");
  run_admin (f, NULL, &run, "user", "role", "piet", NULL);
  assert_fails (&run, 2, "“user role” needs NAME ROLE");
  run_admin (f, NULL, &run, "user", "disable", "piet", "jan", NULL);
  assert_fails (&run, 2, "Too many arguments");
  run_admin (f, NULL, &run, "team", "add", "team noord", NULL);
  assert_fails (&run, 1, "already a team");
  run_admin (f, NULL, &run, "user", "list", "--frobnicate", NULL);
  assert_fails (&run, 2, "frobnicate");

  /* Nothing of the refused attempts reached the store. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM user", NULL), ==, 2);
}

/* ---- assignments ---- */

static DkAuthPrincipal *
principal (Fixture    *f,
           DkStore    *store,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  DkAuthPrincipal *who = g_new0 (DkAuthPrincipal, 1);
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  stmt = dk_store_prepare (store, "SELECT id, role, team_id FROM user WHERE user_name = ?1", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  g_assert_true (dk_store_step_row (store, stmt, &has_row, &error));
  g_assert_true (has_row);
  who->user_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  g_assert_true (dk_role_from_string ((const char *) sqlite3_column_text (stmt, 1), &who->role));
  who->team_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  sqlite3_reset (stmt);
  return who;
}

/* Whether DEMO-0001 is in @name's sync scope now, as push and pull see it. */
static gboolean
in_scope (Fixture    *f,
          const char *name)
{
  g_autoptr(DkStore) store = open_store (f);
  g_autoptr(DkAuthPrincipal) who = principal (f, store, name);
  g_autoptr(GError) error = NULL;
  g_autofree char *now = dk_domain_timestamp_now ();
  g_autoptr(GPtrArray) scope = dk_sync_scope_list (store, who, now, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (scope->len, <=, 1);
  return scope->len == 1;
}

static guint
count_assignments (Fixture    *f,
                   const char *option,
                   const char *value)
{
  g_autofree char *out = admin_ok (f, NULL, "assignments", "--json", option, value, NULL);
  g_autoptr(JsonNode) rows = parse_json (out);

  return json_array_get_length (json_node_get_array (rows));
}

static void
test_assign (Fixture       *f,
             gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_autofree char *out = NULL;
  g_autofree char *dossier_id = NULL;
  g_autoptr(JsonNode) rows = NULL;

  add_user (f, "anna", "debt_counsellor");
  add_user (f, "bram", "debt_counsellor");
  add_user (f, "cor", "field_worker");
  add_user (f, "beheer", "administrator");
  g_assert_false (in_scope (f, "anna"));

  out = admin_ok (f, NULL, "assign", "DEMO-0001", "anna", NULL);
  g_assert_nonnull (strstr (out, "DEMO-0001"));
  g_assert_true (in_scope (f, "anna"));
  g_clear_pointer (&out, g_free);

  /* The same again changes nothing. */
  out = admin_ok (f, NULL, "assign", "DEMO-0001", "anna", NULL);
  g_assert_nonnull (strstr (out, "already"));
  g_clear_pointer (&out, g_free);

  /* Another debt counsellor takes over; a field worker works beside them. */
  g_free (admin_ok (f, NULL, "assign", "DEMO-0001", "bram", NULL));
  g_free (admin_ok (f, NULL, "assign", "DEMO-0001", "cor", NULL));
  g_assert_false (in_scope (f, "anna"));
  g_assert_true (in_scope (f, "bram"));
  g_assert_true (in_scope (f, "cor"));

  out = admin_ok (f, NULL, "assignments", "--json", NULL);
  rows = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (rows)), ==, 2);
  g_assert_nonnull (find_row (rows, "user_name", "bram"));
  g_assert_nonnull (find_row (rows, "user_name", "cor"));
  g_assert_cmpstr (json_object_get_string_member (find_row (rows, "user_name", "cor"), "dossier"), ==, "DEMO-0001");
  dossier_id = g_strdup (json_object_get_string_member (find_row (rows, "user_name", "cor"), "dossier_id"));
  g_assert_cmpuint (count_assignments (f, "--all", NULL), ==, 3);
  g_assert_cmpuint (count_assignments (f, "--user", "anna"), ==, 0);
  g_assert_cmpuint (count_assignments (f, "--dossier", dossier_id), ==, 2);

  /* By id as well as by number. */
  g_free (admin_ok (f, NULL, "unassign", dossier_id, "cor", NULL));
  g_assert_false (in_scope (f, "cor"));
  run_admin (f, NULL, &run, "unassign", "DEMO-0001", "cor", NULL);
  assert_fails (&run, 1, "“cor” has no current assignment of dossier DEMO-0001");

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'admin.assign' AND dossier_id = ?1",
                              dossier_id), ==, 3);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'admin.unassign' AND dossier_id = ?1",
                              dossier_id), ==, 1);

  run_admin (f, NULL, &run, "assign", "DEMO-0001", "beheer", NULL);
  assert_fails (&run, 1, "administrators never see case data");
  run_admin (f, NULL, &run, "assign", "DEMO-9999", "bram", NULL);
  assert_fails (&run, 1, "There is no dossier “DEMO-9999”");
  run_admin (f, NULL, &run, "assign", "DEMO-0001", "nobody", NULL);
  assert_fails (&run, 1, "There is no user “nobody”");
  run_admin (f, NULL, &run, "assign", "DEMO-0001", NULL);
  assert_fails (&run, 2, "“assign” needs DOSSIER USER");

  g_free (admin_ok (f, NULL, "user", "disable", "anna", NULL));
  run_admin (f, NULL, &run, "assign", "DEMO-0001", "anna", NULL);
  assert_fails (&run, 1, "disabled");
}

/* ---- devices ---- */

static void
test_devices (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(DkServerConfig) config = dk_server_config_new ();
  g_autoptr(DkAuthSession) session = NULL;
  g_autoptr(DkAuthPrincipal) who = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) devices = NULL;
  g_auto(Run) run = { 0 };
  g_autofree char *out = NULL;
  DkAuthParams params;
  JsonObject *row;

  add_user (f, "anna", "debt_counsellor");

  /* A login registers the device, as POST /v1/session does. */
  {
    g_autoptr(DkStore) store = open_store (f);

    dk_auth_params_init (&params, config);
    g_assert_true (dk_auth_login (store, &params, "anna", PASSWORD, NULL, "Laptop", now, &session, &error));
    g_assert_no_error (error);
  }

  out = admin_ok (f, NULL, "device", "list", "--user", "anna", "--json", NULL);
  devices = parse_json (out);
  row = find_row (devices, "id", session->device_id);
  g_assert_nonnull (row);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "active");
  g_assert_cmpstr (json_object_get_string_member (row, "user_name"), ==, "anna");
  g_assert_false (json_object_get_boolean_member (row, "wipe_requested"));
  g_clear_pointer (&out, g_free);

  out = admin_ok (f, NULL, "device", "revoke", session->device_id, NULL);
  g_assert_nonnull (strstr (out, "wipe"));
  g_clear_pointer (&out, g_free);

  out = admin_ok (f, NULL, "device", "list", "--json", NULL);
  g_clear_pointer (&devices, json_node_unref);
  devices = parse_json (out);
  row = find_row (devices, "id", session->device_id);
  g_assert_cmpstr (json_object_get_string_member (row, "status"), ==, "revoked");
  g_assert_true (json_object_get_boolean_member (row, "wipe_requested"));
  g_clear_pointer (&out, g_free);

  /* The device's session is over, and the device is told to wipe its replica. */
  {
    g_autoptr(DkStore) store = open_store (f);

    g_assert_false (dk_auth_authenticate (store, session->token, now, &who, &error));
    g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_DEVICE_REVOKED);
    g_clear_error (&error);
  }
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'admin.device.revoke' AND subject_id = ?1",
                              session->device_id), ==, 1);

  out = admin_ok (f, NULL, "device", "revoke", session->device_id, NULL);
  g_assert_nonnull (strstr (out, "already"));

  run_admin (f, NULL, &run, "device", "revoke", "laptop-1", NULL);
  assert_fails (&run, 2, "not a device id");
  run_admin (f, NULL, &run, "device", "revoke", "01a20000-0000-7000-8000-000000000000", NULL);
  assert_fails (&run, 1, "There is no device");
  run_admin (f, NULL, &run, "device", "list", "--user", "nobody", NULL);
  assert_fails (&run, 1, "There is no user “nobody”");
}

/* ---- backup, restore, check ---- */

static void
test_backup_restore (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *before = g_strconcat (f->db, ".before-restore", NULL);
  g_autofree char *not_db = g_build_filename (f->dir, "notes.txt", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty.db", NULL);
  g_autofree char *newer = g_build_filename (f->dir, "newer.db", NULL);
  g_autofree char *out = NULL;
  g_auto(Run) run = { 0 };
  struct stat st;

  add_user (f, "anna", "debt_counsellor");
  g_free (admin_ok (f, NULL, "backup", backup, NULL));
  g_assert_cmpint (stat (backup, &st), ==, 0);
  /* A backup holds every dossier: only its owner may read it. */
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'admin.backup'", NULL), ==, 1);

  run_admin (f, NULL, &run, "backup", backup, NULL);
  assert_fails (&run, 1, "pass --force");
  g_free (admin_ok (f, NULL, "backup", backup, "--force", NULL));
  run_admin (f, NULL, &run, "backup", f->db, NULL);
  assert_fails (&run, 1, "is the central store itself");

  /* A change after the backup is undone by restoring it. */
  add_user (f, "bram", "field_worker");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM user", NULL), ==, 2);
  out = admin_ok (f, NULL, "restore", backup, NULL);
  g_assert_nonnull (strstr (out, "before-restore"));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM user", NULL), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'admin.restore'", NULL), ==, 1);
  g_assert_true (g_file_test (before, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (backup, G_FILE_TEST_IS_REGULAR));

  /* The previous database is kept, whole. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DkStore) kept = dk_central_store_open (before, &error);

    g_assert_no_error (error);
    g_assert_true (dk_store_integrity_check (kept, &error));
    g_assert_no_error (error);
  }

  /* A second restore would have to overwrite what the first one kept. */
  run_admin (f, NULL, &run, "restore", backup, NULL);
  assert_fails (&run, 1, "left from an earlier restore");
  g_assert_cmpint (g_unlink (before), ==, 0);

  g_assert_true (g_file_set_contents (not_db, "not a database, just notes\n", -1, NULL));
  run_admin (f, NULL, &run, "restore", not_db, NULL);
  assert_fails (&run, 1, "is not a SQLite database");
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  run_admin (f, NULL, &run, "restore", empty, NULL);
  assert_fails (&run, 1, "is not a Draagkracht central store");
  run_admin (f, NULL, &run, "restore", "/nonexistent/backup.db", NULL);
  assert_fails (&run, 1, "There is no file /nonexistent/backup.db");
  run_admin (f, NULL, &run, "restore", NULL);
  assert_fails (&run, 2, "“restore” needs FILE");

  /* A backup from a newer Draagkracht is refused, not half understood. */
  {
    g_autoptr(GFile) source = g_file_new_for_path (backup);
    g_autoptr(GFile) dest = g_file_new_for_path (newer);
    g_autoptr(GError) error = NULL;
    sqlite3 *db = NULL;

    g_file_copy (source, dest, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE dk_schema_track SET version = 999 WHERE track = 'server'", NULL, NULL,
                                   NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  run_admin (f, NULL, &run, "restore", newer, NULL);
  assert_fails (&run, 1, "newer version of Draagkracht");

  /* None of the refusals touched the store or left files behind. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM user", NULL), ==, 1);
  g_assert_false (g_file_test (before, G_FILE_TEST_EXISTS));
  {
    g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (dir)) != NULL)
      g_assert_false (g_str_has_prefix (name, "."));
  }
}

/* Overwrites the root page of an index: the file still opens, but the integrity check fails. */
static void
damage (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 page_size, root;
  FILE *file;
  char garbage[64];

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT page_size FROM pragma_page_size ()),"
                                       " (SELECT rootpage FROM sqlite_schema WHERE name = 'user_team')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  page_size = sqlite3_column_int64 (stmt, 0);
  root = sqlite3_column_int64 (stmt, 1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_assert_cmpint (root, >, 1);

  memset (garbage, 0xff, sizeof garbage);
  file = fopen (path, "r+b");
  g_assert_nonnull (file);
  g_assert_cmpint (fseek (file, (long) ((root - 1) * page_size), SEEK_SET), ==, 0);
  g_assert_cmpuint (fwrite (garbage, 1, sizeof garbage, file), ==, sizeof garbage);
  g_assert_cmpint (fclose (file), ==, 0);
}

static void
test_check (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *out = NULL;
  g_auto(Run) run = { 0 };

  out = admin_ok (f, NULL, "check", NULL);
  g_assert_nonnull (strstr (out, "passed the integrity check"));
  g_free (admin_ok (f, NULL, "backup", backup, NULL));
  g_free (admin_ok (f, NULL, "check", backup, NULL));

  damage (backup);
  run_admin (f, NULL, &run, "check", backup, NULL);
  assert_fails (&run, 1, "damaged");
  run_admin (f, NULL, &run, "restore", backup, NULL);
  assert_fails (&run, 1, "damaged");

  damage (f->db);
  run_admin (f, NULL, &run, "check", NULL);
  assert_fails (&run, 1, "damaged");

  run_admin (f, NULL, &run, "check", backup, "extra", NULL);
  assert_fails (&run, 2, "Too many arguments");
}

/* ---- stats and audit ---- */

static void
test_stats_and_audit (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(JsonNode) stats = NULL;
  g_autoptr(JsonNode) audit = NULL;
  g_autofree char *out = NULL;
  g_autofree char *anna = NULL;
  g_auto(Run) run = { 0 };
  JsonObject *object;
  JsonArray *rows;

  g_free (admin_ok (f, NULL, "team", "add", "Team Zuid", NULL));
  g_free (admin_ok (f, PASSWORD "\n", "user", "add", "anna", "--role", "debt_counsellor", "--display-name",
                    "Anna de Vries", "--password-stdin", NULL));
  add_user (f, "beheer", "administrator");
  g_free (admin_ok (f, NULL, "user", "disable", "beheer", NULL));
  g_free (admin_ok (f, NULL, "assign", "DEMO-0001", "anna", NULL));
  anna = user_id (f, "anna");

  out = admin_ok (f, NULL, "stats", "--json", NULL);
  stats = parse_json (out);
  object = json_node_get_object (stats);
  g_assert_cmpint (json_object_get_int_member (object, "users"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (object, "users_disabled"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "users_by_role"),
                                               "debt_counsellor"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "users_by_role"),
                                               "field_worker"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "teams"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "dossiers"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "assignments_current"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (object, "devices_active"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "conflicts_open"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "audit_rows"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (object, "database_bytes"), >, 0);
  g_assert_cmpint (json_object_get_int_member (object, "server_schema_version"), ==,
                   dk_central_store_latest_server_version ());
  g_clear_pointer (&out, g_free);

  out = admin_ok (f, NULL, "stats", NULL);
  g_assert_nonnull (strstr (out, "Dossiers"));
  g_clear_pointer (&out, g_free);

  out = admin_ok (f, NULL, "audit", "--json", NULL);
  audit = parse_json (out);
  rows = json_node_get_array (audit);
  g_assert_cmpuint (json_array_get_length (rows), ==, 5);
  /* Oldest first. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "action"), ==,
                   "admin.team.add");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 4), "action"), ==,
                   "admin.assign");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&audit, json_node_unref);

  /* Ids and actions only: no user name or display name, in either form. */
  out = admin_ok (f, NULL, "audit", NULL);
  g_assert_null (strstr (out, "anna"));
  g_assert_null (strstr (out, "Vries"));
  g_assert_nonnull (strstr (out, anna));
  g_clear_pointer (&out, g_free);

  out = admin_ok (f, NULL, "audit", "--json", "--dossier", "DEMO-0001", NULL);
  audit = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (audit)), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&audit, json_node_unref);

  out = admin_ok (f, NULL, "audit", "--json", "--user", "anna", NULL);
  audit = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (audit)), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&audit, json_node_unref);

  out = admin_ok (f, NULL, "audit", "--json", "--limit", "2", "--since", "2000-01-01", NULL);
  audit = parse_json (out);
  rows = json_node_get_array (audit);
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 1), "action"), ==,
                   "admin.assign");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&audit, json_node_unref);

  out = admin_ok (f, NULL, "audit", "--json", "--since", "2999-01-01", NULL);
  audit = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (audit)), ==, 0);

  run_admin (f, NULL, &run, "audit", "--since", "yesterday", NULL);
  assert_fails (&run, 2, "--since takes a date");
  run_admin (f, NULL, &run, "audit", "--limit", "0", NULL);
  assert_fails (&run, 2, "--limit");
  run_admin (f, NULL, &run, "audit", "--dossier", "DEMO-0002", NULL);
  assert_fails (&run, 1, "There is no dossier “DEMO-0002”");
}

/* ---- the command line itself ---- */

/* compact removes records deleted before the window, audits itself, and is a no-op the second time. */
static void
test_compact (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autofree char *out = NULL;
  g_auto(Run) run = { 0 };
  gint64 incomes = query_int (f, "SELECT count(*) FROM income", NULL);

  g_assert_cmpint (incomes, >, 0);
  {
    g_autoptr(DkStore) store = open_store (f);
    g_autoptr(GError) error = NULL;
    sqlite3_stmt *stmt = dk_store_prepare (store, "UPDATE income SET removed_at = '2020-01-01T00:00:00.000Z'", &error);

    g_assert_no_error (error);
    g_assert_true (dk_store_step_done (store, stmt, &error));
  }

  out = admin_ok (f, NULL, "compact", "--days", "30", "--json", NULL);
  first = parse_json (out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (first), "tombstone_days"), ==, 30);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (first), "rows_removed"), ==, incomes);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM income", NULL), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'admin.compact'", NULL), ==, 1);

  g_clear_pointer (&out, g_free);
  out = admin_ok (f, NULL, "compact", "--json", NULL);
  second = parse_json (out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (second), "rows_removed"), ==, 0);

  g_clear_pointer (&out, g_free);
  out = admin_ok (f, NULL, "compact", NULL);
  g_assert_nonnull (strstr (out, "90"));

  run_admin (f, NULL, &run, "compact", "--days", "0", NULL);
  assert_fails (&run, 2, "--days");
}

static void
test_usage (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *conf = g_build_filename (f->dir, "sync.conf", NULL);
  g_autofree char *conf_text = g_strdup_printf ("[store]\npath=%s\n", f->db);
  g_autofree char *missing = g_build_filename (f->dir, "missing.db", NULL);
  const char *admin = binary ("DK_ADMIN_BINARY");
  struct
  {
    const char *argv[6];
    const char *fragment;
  } cases[] = {
    { { admin, NULL }, "A command is missing" },
    { { admin, "frobnicate", NULL }, "Unknown command “frobnicate”" },
    { { admin, "user", NULL }, "“user” needs one of: add, passwd" },
    { { admin, "user", "frob", NULL }, "Unknown command “user frob”" },
    { { admin, "--config", "/nonexistent/sync.conf", "user", "list", NULL }, "/nonexistent/sync.conf" },
    { { admin, "--frobnicate", NULL }, "frobnicate" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GSubprocess) proc = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(Run) run = { 0 };

      proc = g_subprocess_newv (cases[i].argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                &error);
      g_assert_no_error (error);
      g_subprocess_communicate_utf8 (proc, NULL, NULL, &run.out, &run.err, &error);
      g_assert_no_error (error);
      run.status = g_subprocess_get_exit_status (proc);
      assert_fails (&run, 2, cases[i].fragment);
    }

  /* The config file names the database, as it does for the server; a missing database is not
   * made on the spot. */
  g_assert_true (g_file_set_contents (conf, conf_text, -1, NULL));
  {
    const char *argv[] = { admin, "team", "list", "--config", conf, NULL };
    const char *argv_missing[] = { admin, "--config", conf, "--database", missing, "team", "list", NULL };
    g_autoptr(GSubprocess) proc = NULL;
    g_autoptr(GError) error = NULL;
    g_auto(Run) run = { 0 };

    proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
    g_subprocess_communicate_utf8 (proc, NULL, NULL, &run.out, &run.err, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
    g_assert_nonnull (strstr (run.out, "no teams"));
    g_clear_object (&proc);
    run_clear (&run);

    proc = g_subprocess_newv (argv_missing, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
    g_subprocess_communicate_utf8 (proc, NULL, NULL, &run.out, &run.err, &error);
    g_assert_no_error (error);
    run.status = g_subprocess_get_exit_status (proc);
    assert_fails (&run, 1, "There is no central store at");
    g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  }
}

/* ---- with a running server ---- */

/* A failed assertion aborts the test; the server must not outlive it (holding the test's output
 * open, so that the test runner waits for it). */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocess *
start_server (Fixture  *f,
              char    **base_uri)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autofree char *line = NULL;
  GSubprocess *proc;

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  proc = g_subprocess_launcher_spawn (launcher, &error, binary ("DK_SYNC_BINARY"), "--database", f->db, "--port", "0",
                                      NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, "draagkracht-sync listening on "));
  *base_uri = g_strdup (line + strlen ("draagkracht-sync listening on "));
  return proc;
}

static guint
login_status (const char *base_uri,
              const char *user_name,
              const char *password)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *uri = g_strconcat (base_uri, "v1/session", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", uri);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GBytes) request = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "user_name");
  json_builder_add_string_value (builder, user_name);
  json_builder_set_member_name (builder, "password");
  json_builder_add_string_value (builder, password);
  json_builder_set_member_name (builder, "device_name");
  json_builder_add_string_value (builder, "Laptop");
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  request = g_bytes_new (json, strlen (json));

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Draagkracht-Protocol", "1");
  soup_message_set_request_body_from_bytes (msg, "application/json", request);
  reply = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  return soup_message_get_status (msg);
}

static void
test_with_running_server (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *base_uri = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) devices = NULL;
  g_autofree char *out = NULL;
  g_auto(Run) run = { 0 };

  server = start_server (f, &base_uri);

  /* A user made while the server runs logs in at once, with the password given to the tool. */
  add_user (f, "anna", "debt_counsellor");
  g_assert_cmpuint (login_status (base_uri, "anna", PASSWORD), ==, SOUP_STATUS_CREATED);
  g_assert_cmpuint (login_status (base_uri, "anna", "not the password"), ==, SOUP_STATUS_UNAUTHORIZED);
  out = admin_ok (f, NULL, "device", "list", "--json", NULL);
  devices = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (devices)), ==, 1);

  /* A disabled account cannot log in, whatever its password. */
  g_free (admin_ok (f, NULL, "user", "disable", "anna", NULL));
  g_assert_cmpuint (login_status (base_uri, "anna", PASSWORD), !=, SOUP_STATUS_CREATED);
  g_free (admin_ok (f, NULL, "user", "enable", "anna", NULL));

  /* Backups are safe while the server runs; restores are not, and are refused. */
  g_free (admin_ok (f, NULL, "backup", backup, NULL));
  run_admin (f, NULL, &run, "restore", backup, NULL);
  assert_fails (&run, 1, "is in use: stop draagkracht-sync");

  g_subprocess_send_signal (server, SIGTERM);
  g_subprocess_wait (server, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (server), ==, 0);

  g_free (admin_ok (f, NULL, "restore", backup, NULL));
  g_free (admin_ok (f, NULL, "check", NULL));
}

/* ---- early signals ---- */

static void
write_fixture (const char *path,
               const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static void
test_signals (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->dir, "signalen-maart.csv", NULL);
  g_autofree char *json = g_build_filename (f->dir, "signalen.txt", NULL);
  g_autofree char *broken = g_build_filename (f->dir, "kapot.csv", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "bestaat-niet.csv", NULL);
  g_autoptr(JsonNode) list = NULL;
  g_autofree char *out = NULL;
  g_auto(Run) run = { 0 };
  JsonObject *row;

  /* Dutch Excel CSV: three good rows, a bad BSN, an impossible date and a repeat of line 2. */
  write_fixture (csv, "signaalpartner_type;signaaldatum;bedrag;bsn;postcode;huisnummer;geslachtsnaam;kenmerk\n"
                      "Huur;2025-11-03;1.234,56;111222333;;;Jansen;H-1\n"
                      "Energie;03-11-2025;80;;1234 AB;12;\"de Vries; van\";\n"
                      "Huur;2025-11-04;950;123456782;;;Smit;H-2\n"
                      "Huur;2025-11-04;950;123456789;;;Smit;H-3\n"
                      "Water;2025-02-30;10;123456782;;;Smit;\n"
                      "Huur;2025-11-03;1.234,56;111222333;;;Jansen;H-1\n");
  run_admin (f, NULL, &run, "signals", "import", csv, NULL);
  if (run.status != 0)
    g_printerr ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Imported 3 new signals; 0 were already known.\n");
  g_assert_cmpstr (run.err, ==,
                   "line 5: column bsn: not a valid BSN: it fails the eleven-test\n"
                   "line 6: column signaaldatum: this date does not exist\n"
                   "line 7: the same signal as line 2, imported once\n");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM early_signal WHERE source_name = 'signalen-maart.csv'", NULL),
                   ==, 3);
  /* One audit row, naming the import by the id its rows carry. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'admin.signals.import' AND user_id IS NULL"
                                 " AND subject_id IN (SELECT import_id FROM early_signal)", NULL), ==, 1);

  /* The same file again: nothing new, the same bad rows. */
  run_admin (f, NULL, &run, "signals", "import", csv, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "Imported 0 new signals; 3 were already known.\n");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM early_signal", NULL), ==, 3);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'admin.signals.import'", NULL), ==, 2);

  /* JSON, named by --format: one known, one new. */
  write_fixture (json, "[{\"signaalpartner_type\": \"Huur\", \"signaaldatum\": \"2025-11-03\", \"bsn\": \"111222333\","
                       " \"kenmerk\": \"H-1\", \"bedrag\": 1234.56},"
                       " {\"signaalpartner_type\": \"Water\", \"signaaldatum\": \"2025-12-01\", \"bsn\": \"123456782\","
                       " \"crisissignaal\": true}]");
  run_admin (f, NULL, &run, "signals", "import", json, NULL);
  assert_fails (&run, 2, "--format");
  out = admin_ok (f, NULL, "signals", "import", json, "--format", "json", NULL);
  g_assert_cmpstr (out, ==, "Imported 1 new signal; 1 was already known.\n");
  g_clear_pointer (&out, g_free);

  /* A file that is unusable as a whole: exit status 2, nothing imported. */
  write_fixture (broken, "signaalpartner_type,signaaldatum,bsn,geslacht\nHuur,2025-11-03,111222333,v\n");
  run_admin (f, NULL, &run, "signals", "import", broken, NULL);
  assert_fails (&run, 2, "line 1: column 4 of the header is not a known column name");
  g_assert_null (strstr (run.err, "“geslacht”"));
  g_assert_cmpstr (run.out, ==, "");
  run_admin (f, NULL, &run, "signals", "import", missing, NULL);
  assert_fails (&run, 2, "Cannot read");
  run_admin (f, NULL, &run, "signals", "import", csv, "--format", "xlsx", NULL);
  assert_fails (&run, 2, "--format must be csv or json");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM early_signal", NULL), ==, 4);

  /* The list: counts per partner type, no personal data. */
  out = admin_ok (f, NULL, "signals", "list", "--json", NULL);
  list = parse_json (out);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 3);
  row = find_row (list, "partner_type", "Huur");
  g_assert_nonnull (row);
  g_assert_cmpint (json_object_get_int_member (row, "signals"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (row, "newest_signal_date"), ==, "2025-11-04");
  row = find_row (list, "partner_type", "Water");
  g_assert_nonnull (row);
  g_assert_cmpint (json_object_get_int_member (row, "signals"), ==, 1);
  g_assert_null (strstr (out, "111222333"));
  g_assert_null (strstr (out, "Jansen"));
  g_clear_pointer (&out, g_free);
  out = admin_ok (f, NULL, "signals", "list", NULL);
  g_assert_nonnull (strstr (out, "Energie"));
  g_assert_nonnull (strstr (out, "2025-12-01"));
}

/* signals match: counts per outcome, no personal data, one audit row per run, idempotent. */
static void
test_signals_match (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->dir, "signalen.csv", NULL);
  g_autofree char *policy = g_build_filename (f->dir, "signal-policy.conf", NULL);
  g_autofree char *bad_policy = g_build_filename (f->dir, "kapot.conf", NULL);
  g_autofree char *out = NULL;
  g_autofree char *case_id = NULL;
  g_auto(Run) run = { 0 };

  /* Jansen: rent, energy and a rent repeat (lower); an address with a crisis; Smit: water of € 0.20. */
  write_fixture (csv, "signaalpartner_type;signaaldatum;bedrag;bsn;postcode;huisnummer;geslachtsnaam;kenmerk;"
                      "crisissignaal\n"
                      "Huur;2025-11-03;1.234,56;111222333;;;Jansen;H-1;nee\n"
                      "Energie;2025-11-05;80;111222333;;;Jansen;E-1;nee\n"
                      "Huur;2025-11-20;1.000,00;111222333;;;Jansen;H-2;nee\n"
                      "Water;2025-11-04;10;;1234 AB;12;de Vries;;ja\n"
                      "Water;2025-11-04;0,20;123456782;;;Smit;W-1;nee\n");
  write_fixture (policy, "[partner Water]\nmin-amount-cents=5000\n");
  write_fixture (bad_policy, "[partner Gas]\nmin-amount-cents=5000\n");
  g_free (admin_ok (f, NULL, "signals", "import", csv, NULL));

  run_admin (f, NULL, &run, "signals", "match", "--policy", bad_policy, NULL);
  assert_fails (&run, 2, "does not name a DDAS partner type");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM early_signal_link", NULL), ==, 0);

  /* --user names a worker: not an administrator, not someone unknown. */
  add_user (f, "anna", "field_worker");
  add_user (f, "root2", "administrator");
  run_admin (f, NULL, &run, "signals", "match", "--user", "root2", NULL);
  assert_fails (&run, 1, "administrators never see case data");
  run_admin (f, NULL, &run, "signals", "match", "--user", "nobody", NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM early_signal_link", NULL), ==, 0);

  out = admin_ok (f, NULL, "signals", "match", "--policy", policy, "--user", "anna", NULL);
  g_assert_cmpstr (out, ==,
                   "Signals matched: 5\n"
                   "New cases: 2\n"
                   "Already known (to the counsellor of a running dossier): 0\n"
                   "Contact by the former counsellor: 0\n"
                   "Set aside by the policy (cases): 1\n"
                   "Signals picked up: 3; repeat signals: 1; set aside by the policy: 1\n"
                   "Signals added to a case that was already open: 0\n"
                   "Multiple-signal cases: 1; crisis cases: 1\n"
                   "New work dossiers for the field workers: 2\n"
                   "Work dossiers brought up to date with new signals: 0\n"
                   "Tasks put in running or recently closed dossiers: 0\n");
  g_assert_null (strstr (out, "111222333"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM early_signal_case", NULL), ==, 3);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM early_signal_link", NULL), ==, 5);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'admin.signals.match' AND user_id IS NULL",
                              NULL), ==, 1);
  /* The two new cases are published, each to a dossier of its own assigned to anna; the set-aside
   * case is not. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM early_signal_case WHERE work_dossier_id IS NOT NULL", NULL),
                   ==, 2);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM dossier WHERE kind = 'early_signal' AND number GLOB 'VS-*'",
                              NULL), ==, 2);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM assignment AS a JOIN user AS u ON u.id = a.user_id"
                                 " JOIN dossier AS d ON d.id = a.dossier_id"
                                 " WHERE u.user_name = 'anna' AND d.kind = 'early_signal'", NULL), ==, 2);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM signal_item", NULL), ==, 4);

  /* Again: nothing left to match or to publish. */
  out = admin_ok (f, NULL, "signals", "match", NULL);
  g_assert_nonnull (strstr (out, "Signals matched: 0\n"));
  g_assert_nonnull (strstr (out, "New work dossiers for the field workers: 0\n"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM early_signal_case", NULL), ==, 3);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'admin.signals.match'", NULL), ==, 2);
  out = admin_ok (f, NULL, "signals", "publish", NULL);
  g_assert_cmpstr (out, ==,
                   "New work dossiers for the field workers: 0\n"
                   "Work dossiers brought up to date with new signals: 0\n"
                   "Tasks put in running or recently closed dossiers: 0\n");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'admin.signals.publish'", NULL), ==, 1);

  /* A published case is worked on the device: the admin records nothing on it. */
  case_id = query_text (f, "SELECT id FROM early_signal_case WHERE household_key = 'bsn:111222333'");
  run_admin (f, NULL, &run, "signals", "contact", case_id, "Telefoon", NULL);
  assert_fails (&run, 1, "worked on a field worker’s device, in dossier VS-");
  run_admin (f, NULL, &run, "signals", "outcome", case_id, "Inwoner is overleden", NULL);
  assert_fails (&run, 1, "record contact attempts and the outcome there");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM early_signal_contact", NULL), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM early_signal_case WHERE status = 'open'", NULL), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  gboolean seeded = FALSE;
  int ret;

  g_test_init (&argc, &argv, NULL);

  /* One demo store, copied for every test. */
  dir = dk_test_make_tmpdir ();
  template_db = g_build_filename (dir, "template.db", NULL);
  store = dk_central_store_open (template_db, &error);
  g_assert_no_error (error);
  g_assert_true (dk_demo_seed (store, &seeded, &error));
  g_assert_no_error (error);
  g_assert_true (seeded);
  g_assert_cmpint (sqlite3_exec (dk_store_get_db (store), "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  g_clear_object (&store);

  g_test_add ("/admin/users-and-teams", Fixture, NULL, fixture_setup, test_users_and_teams, fixture_teardown);
  g_test_add ("/admin/assign", Fixture, NULL, fixture_setup, test_assign, fixture_teardown);
  g_test_add ("/admin/devices", Fixture, NULL, fixture_setup, test_devices, fixture_teardown);
  g_test_add ("/admin/backup-restore", Fixture, NULL, fixture_setup, test_backup_restore, fixture_teardown);
  g_test_add ("/admin/check", Fixture, NULL, fixture_setup, test_check, fixture_teardown);
  g_test_add ("/admin/stats-and-audit", Fixture, NULL, fixture_setup, test_stats_and_audit, fixture_teardown);
  g_test_add ("/admin/compact", Fixture, NULL, fixture_setup, test_compact, fixture_teardown);
  g_test_add ("/admin/usage", Fixture, NULL, fixture_setup, test_usage, fixture_teardown);
  g_test_add ("/admin/signals", Fixture, NULL, fixture_setup, test_signals, fixture_teardown);
  g_test_add ("/admin/signals-match", Fixture, NULL, fixture_setup, test_signals_match, fixture_teardown);
  g_test_add ("/admin/with-running-server", Fixture, NULL, fixture_setup, test_with_running_server,
              fixture_teardown);

  ret = g_test_run ();

  dk_test_remove_tree (dir);
  g_free (template_db);
  return ret;
}
