#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <sodium.h>

#include "dk-auth.h"
#include "dk-central-store.h"
#include "dk-domain-schema.h"
#include "dk-server-schema.h"
#include "dk-test-util.h"
#include "dk-uuid.h"

#define PASSWORD "correct horse battery"
#define USER_NAME "jan.jansen"
#define DISPLAY_NAME "Jan Jansen"

typedef struct
{
  char         *dir;
  char         *path;
  DkStore      *store;
  DkAuthParams  params;
  GDateTime    *t0;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DkServerConfig) config = dk_server_config_new ();
  g_autoptr(GError) error = NULL;

  f->dir = dk_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "central.db", NULL);
  f->store = dk_central_store_open (f->path, &error);
  g_assert_no_error (error);

  config->session_hours = 12;
  config->refresh_days = 30;
  config->max_failed_logins = 3;
  config->lockout_minutes = 15;
  dk_auth_params_init (&f->params, config);
  g_assert_cmpuint (f->params.pwhash_opslimit, ==, crypto_pwhash_OPSLIMIT_INTERACTIVE);
  g_assert_cmpuint (f->params.pwhash_memlimit, ==, crypto_pwhash_MEMLIMIT_INTERACTIVE);
  g_assert_cmpuint (f->params.max_failed_logins, ==, 3);

  /* The production limits take 64 MiB and a tenth of a second per hash; the suite (and valgrind)
   * would crawl. The tests are about the rules, not the cost. */
  f->params.pwhash_opslimit = crypto_pwhash_OPSLIMIT_MIN;
  f->params.pwhash_memlimit = crypto_pwhash_MEMLIMIT_MIN;

  f->t0 = g_date_time_new_utc (2026, 3, 2, 9, 0, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_pointer (&f->t0, g_date_time_unref);
  dk_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static GDateTime *
at_minutes (Fixture *f,
            gint     minutes)
{
  return g_date_time_add_minutes (f->t0, minutes);
}

static char *
create_user (Fixture    *f,
             const char *user_name,
             DkRole      role)
{
  g_autoptr(GError) error = NULL;
  char *id = NULL;

  g_assert_true (dk_auth_create_user (f->store, &f->params, user_name, DISPLAY_NAME, role, NULL, PASSWORD,
                                      f->t0, &id, &error));
  g_assert_no_error (error);
  g_assert_true (dk_uuid_is_valid (id));
  return id;
}

static DkAuthSession *
login_at (Fixture    *f,
          const char *user_name,
          const char *device_id,
          GDateTime  *now)
{
  g_autoptr(GError) error = NULL;
  DkAuthSession *session = NULL;

  g_assert_true (dk_auth_login (f->store, &f->params, user_name, PASSWORD, device_id, "Laptop", now,
                                &session, &error));
  g_assert_no_error (error);
  g_assert_nonnull (session);
  return session;
}

static DkAuthSession *
login (Fixture    *f,
       const char *user_name)
{
  return login_at (f, user_name, NULL, f->t0);
}

static void
assert_login_fails (Fixture    *f,
                    const char *user_name,
                    const char *password,
                    const char *device_id,
                    GDateTime  *now,
                    int         code)
{
  g_autoptr(GError) error = NULL;
  DkAuthSession *session = (DkAuthSession *) 0x1;

  g_assert_false (dk_auth_login (f->store, &f->params, user_name, password, device_id, "Laptop", now,
                                 &session, &error));
  g_assert_error (error, DK_AUTH_ERROR, code);
  g_assert_null (session);
}

static DkAuthPrincipal *
authenticate_ok (Fixture    *f,
                 const char *token,
                 GDateTime  *now)
{
  g_autoptr(GError) error = NULL;
  DkAuthPrincipal *principal = NULL;

  g_assert_true (dk_auth_authenticate (f->store, token, now, &principal, &error));
  g_assert_no_error (error);
  g_assert_nonnull (principal);
  return principal;
}

static void
assert_authenticate_fails (Fixture    *f,
                           const char *token,
                           GDateTime  *now,
                           int         code)
{
  g_autoptr(GError) error = NULL;
  DkAuthPrincipal *principal = (DkAuthPrincipal *) 0x1;

  g_assert_false (dk_auth_authenticate (f->store, token, now, &principal, &error));
  g_assert_error (error, DK_AUTH_ERROR, code);
  g_assert_null (principal);
}

static void
assert_refresh_fails (Fixture    *f,
                      const char *refresh_token,
                      GDateTime  *now,
                      int         code)
{
  g_autoptr(GError) error = NULL;
  DkAuthSession *session = (DkAuthSession *) 0x1;

  g_assert_false (dk_auth_refresh (f->store, &f->params, refresh_token, now, &session, &error));
  g_assert_error (error, DK_AUTH_ERROR, code);
  g_assert_null (session);
}

/* The first column of the first row of @sql, with ?1 bound to @arg (may be NULL), as text. */
static char *
query_text (Fixture    *f,
            const char *sql,
            const char *arg)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  char *value;

  stmt = dk_store_prepare (f->store, sql, &error);
  g_assert_no_error (error);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  g_assert_true (dk_store_step_row (f->store, stmt, &has_row, &error));
  g_assert_no_error (error);
  g_assert_true (has_row);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

static void
assert_query_text (Fixture    *f,
                   const char *sql,
                   const char *arg,
                   const char *expected)
{
  g_autofree char *value = query_text (f, sql, arg);

  g_assert_cmpstr (value, ==, expected);
}

static gint64
query_int (Fixture    *f,
           const char *sql,
           const char *arg)
{
  g_autofree char *text = query_text (f, sql, arg);

  g_assert_nonnull (text);
  return g_ascii_strtoll (text, NULL, 10);
}

static gboolean
is_token (const char *token)
{
  if (token == NULL || strlen (token) != 43)
    return FALSE;
  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;
  return TRUE;
}

static void
test_schema (Fixture       *f,
             gconstpointer  data)
{
  static const char * const server_tables[] = { "user", "team", "assignment", "device", "session", "audit" };
  g_autoptr(DkStore) replica = NULL;
  g_autoptr(DkStore) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *replica_path = g_build_filename (f->dir, "replica.db", NULL);
  guint version = 0;

  g_assert_true (dk_store_get_track_version (f->store, DK_SERVER_SCHEMA_TRACK, &version, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (version, ==, dk_central_store_latest_server_version ());
  g_assert_cmpuint (dk_store_get_schema_version (f->store), ==, dk_central_store_latest_version ());

  /* A client's replica holds the domain tables only. */
  replica = dk_domain_store_open (replica_path, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (server_tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM sqlite_schema WHERE name = '%s'",
                                              server_tables[i]);
      sqlite3_stmt *stmt = dk_store_prepare (replica, sql, &error);
      gboolean has_row = FALSE;

      g_assert_no_error (error);
      g_assert_true (dk_store_step_row (replica, stmt, &has_row, &error));
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
      sqlite3_reset (stmt);

      g_assert_cmpint (query_int (f, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                                  server_tables[i]), ==, 1);
    }

  /* Reopening applies nothing twice. */
  g_clear_object (&f->store);
  again = dk_central_store_open (f->path, &error);
  g_assert_no_error (error);
  f->store = g_steal_pointer (&again);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM dk_schema_history WHERE track = 'server'", NULL), ==,
                   dk_central_store_latest_server_version ());
  g_assert_true (dk_store_integrity_check (f->store, &error));
  g_assert_no_error (error);
}

static void
test_roles (void)
{
  DkRole role = DK_ROLE_ADMINISTRATOR;

  for (DkRole r = DK_ROLE_FIELD_WORKER; r <= DK_ROLE_ADMINISTRATOR; r++)
    {
      g_assert_true (dk_role_from_string (dk_role_to_string (r), &role));
      g_assert_cmpint (role, ==, r);
    }
  g_assert_cmpstr (dk_role_to_string (DK_ROLE_FIELD_WORKER), ==, "field_worker");
  g_assert_cmpstr (dk_role_to_string (DK_ROLE_BACK_OFFICE), ==, "back_office");
  g_assert_null (dk_role_to_string ((DkRole) 17));
  g_assert_false (dk_role_from_string ("Administrator", &role));
  g_assert_false (dk_role_from_string (NULL, &role));
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *user_id = create_user (f, USER_NAME, DK_ROLE_DEBT_COUNSELLOR);
  g_autoptr(DkAuthSession) session = NULL;
  g_autoptr(DkAuthPrincipal) principal = NULL;
  g_autoptr(GDateTime) expected_expiry = g_date_time_add_hours (f->t0, 12);
  g_autoptr(GDateTime) expected_refresh_expiry = g_date_time_add_days (f->t0, 30);
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *team_id = NULL;
  g_autofree char *hash = NULL;
  DkAuthDevice *device;

  session = login (f, USER_NAME);
  g_assert_true (is_token (session->token));
  g_assert_true (is_token (session->refresh_token));
  g_assert_cmpstr (session->token, !=, session->refresh_token);
  g_assert_cmpstr (session->user_id, ==, user_id);
  g_assert_true (dk_uuid_is_valid (session->device_id));
  g_assert_true (dk_uuid_is_valid (session->session_id));
  g_assert_true (g_date_time_equal (session->expires_at, expected_expiry));
  g_assert_true (g_date_time_equal (session->refresh_expires_at, expected_refresh_expiry));

  principal = authenticate_ok (f, session->token, f->t0);
  g_assert_cmpstr (principal->user_id, ==, user_id);
  g_assert_cmpint (principal->role, ==, DK_ROLE_DEBT_COUNSELLOR);
  g_assert_null (principal->team_id);
  g_assert_cmpstr (principal->device_id, ==, session->device_id);
  g_assert_cmpstr (principal->session_id, ==, session->session_id);
  g_clear_pointer (&principal, dk_auth_principal_free);

  /* The refresh token is not a session token. */
  assert_authenticate_fails (f, session->refresh_token, f->t0, DK_AUTH_ERROR_TOKEN_UNKNOWN);

  /* A team counts from the next request. */
  g_assert_true (dk_auth_create_team (f->store, "Team Noord", f->t0, &team_id, &error));
  g_assert_no_error (error);
  g_assert_true (dk_auth_set_team (f->store, user_id, team_id, f->t0, &error));
  g_assert_no_error (error);
  principal = authenticate_ok (f, session->token, f->t0);
  g_assert_cmpstr (principal->team_id, ==, team_id);

  devices = dk_auth_list_devices (f->store, user_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (devices->len, ==, 1);
  device = g_ptr_array_index (devices, 0);
  g_assert_cmpstr (device->id, ==, session->device_id);
  g_assert_cmpstr (device->user_id, ==, user_id);
  g_assert_cmpstr (device->name, ==, "Laptop");
  g_assert_true (g_date_time_equal (device->registered_at, f->t0));
  g_assert_true (g_date_time_equal (device->last_seen_at, f->t0));
  g_assert_null (device->revoked_at);
  g_assert_false (device->wipe_requested);

  hash = query_text (f, "SELECT password_hash FROM user WHERE id = ?1", user_id);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_cmpint (query_int (f, "SELECT failed_logins FROM user WHERE id = ?1", user_id), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'login' AND outcome = 'success'"
                              " AND user_id = ?1", user_id), ==, 1);
}

/* Whether @needle occurs anywhere in the files of @dir (the database and its WAL). */
static gboolean
dir_contains (const char *dir,
              const char *needle)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;
  gboolean found = FALSE;

  g_assert_nonnull (handle);
  while (!found && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
      for (gsize at = 0; !found && at + strlen (needle) <= length; at++)
        found = memcmp (contents + at, needle, strlen (needle)) == 0;
    }

  return found;
}

static void
test_token_never_stored (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *user_id = create_user (f, USER_NAME, DK_ROLE_FIELD_WORKER);
  g_autoptr(DkAuthSession) session = login (f, USER_NAME);
  g_autoptr(DkAuthSession) refreshed = NULL;
  g_autoptr(GDateTime) later = at_minutes (f, 60);
  g_autoptr(GError) error = NULL;
  guint8 expected[crypto_generichash_BYTES];
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  g_assert_true (dk_auth_refresh (f->store, &f->params, session->refresh_token, later, &refreshed, &error));
  g_assert_no_error (error);

  /* What is stored is the hash of the token. */
  crypto_generichash (expected, sizeof expected, (const guint8 *) refreshed->token, strlen (refreshed->token),
                      NULL, 0);
  stmt = dk_store_prepare (f->store, "SELECT token_hash FROM session WHERE id = ?1", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, refreshed->session_id, -1, SQLITE_STATIC);
  g_assert_true (dk_store_step_row (f->store, stmt, &has_row, &error));
  g_assert_true (has_row);
  g_assert_cmpmem (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0), expected, sizeof expected);
  sqlite3_reset (stmt);

  /* Neither while the database is open (pages in the WAL) nor after it is closed and checkpointed. */
  for (guint round = 0; round < 2; round++)
    {
      g_assert_true (dir_contains (f->dir, USER_NAME));  /* the scan does find what is there */
      g_assert_false (dir_contains (f->dir, session->token));
      g_assert_false (dir_contains (f->dir, session->refresh_token));
      g_assert_false (dir_contains (f->dir, refreshed->token));
      g_assert_false (dir_contains (f->dir, refreshed->refresh_token));
      g_assert_false (dir_contains (f->dir, PASSWORD));
      g_clear_object (&f->store);
    }
}

static void
test_lockout (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *user_id = create_user (f, USER_NAME, DK_ROLE_FIELD_WORKER);
  g_autoptr(GDateTime) t1 = at_minutes (f, 1);
  g_autoptr(GDateTime) t2 = at_minutes (f, 2);
  g_autoptr(GDateTime) t10 = at_minutes (f, 10);
  g_autoptr(GDateTime) t16 = at_minutes (f, 16);
  g_autoptr(GDateTime) t17 = at_minutes (f, 17);
  g_autoptr(GDateTime) t30 = at_minutes (f, 30);
  g_autoptr(DkAuthSession) session = NULL;
  g_autofree char *locked_until = NULL;

  /* A right password resets the count. */
  assert_login_fails (f, USER_NAME, "wrong password 1", NULL, f->t0, DK_AUTH_ERROR_INVALID_CREDENTIALS);
  assert_login_fails (f, USER_NAME, "wrong password 2", NULL, f->t0, DK_AUTH_ERROR_INVALID_CREDENTIALS);
  g_assert_cmpint (query_int (f, "SELECT failed_logins FROM user WHERE id = ?1", user_id), ==, 2);
  session = login_at (f, USER_NAME, NULL, f->t0);
  g_clear_pointer (&session, dk_auth_session_free);
  g_assert_cmpint (query_int (f, "SELECT failed_logins FROM user WHERE id = ?1", user_id), ==, 0);

  /* The third wrong password in a row (max_failed_logins) locks for lockout_minutes. */
  assert_login_fails (f, USER_NAME, "wrong password 1", NULL, t1, DK_AUTH_ERROR_INVALID_CREDENTIALS);
  assert_login_fails (f, USER_NAME, "wrong password 2", NULL, t1, DK_AUTH_ERROR_INVALID_CREDENTIALS);
  g_assert_cmpint (query_int (f, "SELECT locked_until IS NULL FROM user WHERE id = ?1", user_id), ==, 1);
  assert_login_fails (f, USER_NAME, "wrong password 3", NULL, t1, DK_AUTH_ERROR_INVALID_CREDENTIALS);
  g_assert_cmpint (query_int (f, "SELECT failed_logins FROM user WHERE id = ?1", user_id), ==, 3);
  locked_until = query_text (f, "SELECT locked_until FROM user WHERE id = ?1", user_id);
  g_assert_cmpstr (locked_until, ==, "2026-03-02T09:16:00.000Z");

  /* Locked: even the right password is refused, and the refusals do not count or extend the lock. */
  assert_login_fails (f, USER_NAME, PASSWORD, NULL, t2, DK_AUTH_ERROR_INVALID_CREDENTIALS);
  assert_login_fails (f, USER_NAME, "wrong password 4", NULL, t10, DK_AUTH_ERROR_INVALID_CREDENTIALS);
  g_assert_cmpint (query_int (f, "SELECT failed_logins FROM user WHERE id = ?1", user_id), ==, 3);
  g_clear_pointer (&locked_until, g_free);
  locked_until = query_text (f, "SELECT locked_until FROM user WHERE id = ?1", user_id);
  g_assert_cmpstr (locked_until, ==, "2026-03-02T09:16:00.000Z");

  /* When the lock has run out, the count starts afresh: one wrong password does not lock again. */
  assert_login_fails (f, USER_NAME, "wrong password 5", NULL, t16, DK_AUTH_ERROR_INVALID_CREDENTIALS);
  g_assert_cmpint (query_int (f, "SELECT failed_logins FROM user WHERE id = ?1", user_id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT locked_until IS NULL FROM user WHERE id = ?1", user_id), ==, 1);
  session = login_at (f, USER_NAME, NULL, t17);
  g_clear_pointer (&session, dk_auth_session_free);
  g_assert_cmpint (query_int (f, "SELECT failed_logins FROM user WHERE id = ?1", user_id), ==, 0);

  /* Locked again, the right password works from the moment the lock ends. */
  assert_login_fails (f, USER_NAME, "x wrong password 1", NULL, t30, DK_AUTH_ERROR_INVALID_CREDENTIALS);
  assert_login_fails (f, USER_NAME, "x wrong password 2", NULL, t30, DK_AUTH_ERROR_INVALID_CREDENTIALS);
  assert_login_fails (f, USER_NAME, "x wrong password 3", NULL, t30, DK_AUTH_ERROR_INVALID_CREDENTIALS);
  {
    g_autoptr(GDateTime) just_before = at_minutes (f, 45 - 1);
    g_autoptr(GDateTime) end = at_minutes (f, 45);

    assert_login_fails (f, USER_NAME, PASSWORD, NULL, just_before, DK_AUTH_ERROR_INVALID_CREDENTIALS);
    session = login_at (f, USER_NAME, NULL, end);
  }
  g_assert_cmpint (query_int (f, "SELECT failed_logins FROM user WHERE id = ?1", user_id), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT locked_until IS NULL FROM user WHERE id = ?1", user_id), ==, 1);
}

static GError *
login_error (Fixture    *f,
             const char *user_name,
             const char *password)
{
  GError *error = NULL;
  DkAuthSession *session = NULL;

  g_assert_false (dk_auth_login (f->store, &f->params, user_name, password, NULL, "Laptop", f->t0,
                                 &session, &error));
  g_assert_null (session);
  g_assert_nonnull (error);
  return error;
}

static void
test_unknown_user_same_error (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *user_id = create_user (f, USER_NAME, DK_ROLE_FIELD_WORKER);
  g_autoptr(GError) wrong_password = login_error (f, USER_NAME, "not the password");
  g_autoptr(GError) unknown_user = login_error (f, "piet.pietersen", PASSWORD);
  g_autoptr(GError) impossible_name = login_error (f, "no such name!", PASSWORD);
  g_autoptr(GError) empty = login_error (f, "", "");

  g_assert_error (wrong_password, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID_CREDENTIALS);
  g_assert_error (unknown_user, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID_CREDENTIALS);
  g_assert_error (impossible_name, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID_CREDENTIALS);
  g_assert_error (empty, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID_CREDENTIALS);
  g_assert_cmpstr (unknown_user->message, ==, wrong_password->message);
  g_assert_cmpstr (impossible_name->message, ==, wrong_password->message);
  g_assert_cmpstr (empty->message, ==, wrong_password->message);
  g_assert_null (strstr (unknown_user->message, "piet"));

  /* Both were audited; the unknown name is not kept anywhere. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'login' AND outcome = 'denied'"
                              " AND user_id = ?1", user_id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'login' AND outcome = 'denied'"
                              " AND user_id IS NULL", NULL), ==, 3);
  g_clear_object (&f->store);
  g_assert_false (dir_contains (f->dir, "piet.pietersen"));
}

static void
test_expiry_and_refresh (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *user_id = create_user (f, USER_NAME, DK_ROLE_FIELD_WORKER);
  g_autoptr(DkAuthSession) session = login (f, USER_NAME);
  g_autoptr(DkAuthSession) refreshed = NULL;
  g_autoptr(DkAuthSession) again = NULL;
  g_autoptr(DkAuthPrincipal) principal = NULL;
  g_autoptr(GDateTime) almost = at_minutes (f, 12 * 60 - 1);
  g_autoptr(GDateTime) expiry = at_minutes (f, 12 * 60);
  g_autoptr(GDateTime) later = at_minutes (f, 13 * 60);
  g_autoptr(GDateTime) refresh_end = NULL;
  g_autoptr(GDateTime) expected_refresh_end = g_date_time_add_days (later, 30);
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GError) error = NULL;

  principal = authenticate_ok (f, session->token, almost);
  g_clear_pointer (&principal, dk_auth_principal_free);
  assert_authenticate_fails (f, session->token, expiry, DK_AUTH_ERROR_TOKEN_EXPIRED);

  /* The refresh token still works after the session token expired; it buys a whole new pair on the
   * same device and ends the old session. */
  g_assert_true (dk_auth_refresh (f->store, &f->params, session->refresh_token, later, &refreshed, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (refreshed->token, !=, session->token);
  g_assert_cmpstr (refreshed->refresh_token, !=, session->refresh_token);
  g_assert_cmpstr (refreshed->session_id, !=, session->session_id);
  g_assert_cmpstr (refreshed->device_id, ==, session->device_id);
  g_assert_cmpstr (refreshed->user_id, ==, user_id);
  g_assert_true (g_date_time_equal (refreshed->refresh_expires_at, expected_refresh_end));
  principal = authenticate_ok (f, refreshed->token, later);
  g_assert_cmpstr (principal->device_id, ==, session->device_id);
  assert_authenticate_fails (f, session->token, later, DK_AUTH_ERROR_TOKEN_REVOKED);

  devices = dk_auth_list_devices (f->store, user_id, &error);
  g_assert_no_error (error);
  g_assert_true (g_date_time_equal (((DkAuthDevice *) g_ptr_array_index (devices, 0))->last_seen_at, later));

  /* A refresh token works once. */
  assert_refresh_fails (f, session->refresh_token, later, DK_AUTH_ERROR_TOKEN_REVOKED);
  /* A session token is not a refresh token. */
  assert_refresh_fails (f, refreshed->token, later, DK_AUTH_ERROR_TOKEN_UNKNOWN);
  assert_refresh_fails (f, "not a token", later, DK_AUTH_ERROR_TOKEN_UNKNOWN);
  assert_refresh_fails (f, NULL, later, DK_AUTH_ERROR_TOKEN_UNKNOWN);

  /* The refresh token runs out refresh_days after it was issued. */
  refresh_end = g_date_time_add_days (later, 30);
  assert_refresh_fails (f, refreshed->refresh_token, refresh_end, DK_AUTH_ERROR_TOKEN_EXPIRED);
  {
    g_autoptr(GDateTime) just_before = g_date_time_add_seconds (refresh_end, -1);

    g_assert_true (dk_auth_refresh (f->store, &f->params, refreshed->refresh_token, just_before, &again, &error));
    g_assert_no_error (error);
  }
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'session.refresh'", NULL), ==, 2);
}

static void
test_logout (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *user_id = create_user (f, USER_NAME, DK_ROLE_FIELD_WORKER);
  g_autoptr(DkAuthSession) session = login (f, USER_NAME);
  g_autoptr(DkAuthSession) other = login (f, USER_NAME);
  g_autoptr(DkAuthPrincipal) principal = NULL;
  g_autoptr(GDateTime) later = at_minutes (f, 5);
  g_autoptr(GError) error = NULL;
  g_autofree char *forged = g_strnfill (43, 'A');

  g_assert_true (dk_auth_logout (f->store, session->token, later, &error));
  g_assert_no_error (error);
  assert_authenticate_fails (f, session->token, later, DK_AUTH_ERROR_TOKEN_REVOKED);
  assert_refresh_fails (f, session->refresh_token, later, DK_AUTH_ERROR_TOKEN_REVOKED);

  /* Again is no error, and writes no second audit row. */
  g_assert_true (dk_auth_logout (f->store, session->token, later, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'logout'", NULL), ==, 1);

  /* The other session, on another device, goes on. */
  principal = authenticate_ok (f, other->token, later);
  g_assert_cmpstr (principal->user_id, ==, user_id);

  g_assert_false (dk_auth_logout (f->store, forged, later, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_TOKEN_UNKNOWN);
  g_clear_error (&error);
  g_assert_false (dk_auth_logout (f->store, "short", later, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_TOKEN_UNKNOWN);
  g_clear_error (&error);
  assert_authenticate_fails (f, forged, later, DK_AUTH_ERROR_TOKEN_UNKNOWN);
  assert_authenticate_fails (f, "", later, DK_AUTH_ERROR_TOKEN_UNKNOWN);
  assert_authenticate_fails (f, NULL, later, DK_AUTH_ERROR_TOKEN_UNKNOWN);
}

static void
test_revoke_device (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *user_id = create_user (f, USER_NAME, DK_ROLE_FIELD_WORKER);
  g_autofree char *other_user_id = create_user (f, "piet", DK_ROLE_FIELD_WORKER);
  g_autoptr(DkAuthSession) first = login (f, USER_NAME);
  g_autoptr(DkAuthSession) second = NULL;
  g_autoptr(DkAuthSession) laptop = login (f, USER_NAME);
  g_autoptr(DkAuthPrincipal) principal = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GPtrArray) everyone = NULL;
  g_autoptr(GDateTime) t5 = at_minutes (f, 5);
  g_autoptr(GDateTime) t10 = at_minutes (f, 10);
  g_autoptr(GDateTime) t20 = at_minutes (f, 20);
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = dk_uuid_new ();
  DkAuthSession *none = NULL;
  DkAuthDevice *device;

  /* A second login with the device's id reuses the device. */
  second = login_at (f, USER_NAME, first->device_id, t5);
  g_assert_cmpstr (second->device_id, ==, first->device_id);
  g_assert_cmpstr (laptop->device_id, !=, first->device_id);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM device WHERE user_id = ?1", user_id), ==, 2);

  /* Another user's device is not one to log in on. */
  assert_login_fails (f, "piet", PASSWORD, first->device_id, t5, DK_AUTH_ERROR_DEVICE_UNKNOWN);
  assert_login_fails (f, "piet", PASSWORD, missing, t5, DK_AUTH_ERROR_DEVICE_UNKNOWN);

  g_assert_true (dk_auth_revoke_device (f->store, first->device_id, t10, &error));
  g_assert_no_error (error);

  /* Every session of the device now answers "wipe", and so do refreshes and logins. */
  assert_authenticate_fails (f, first->token, t10, DK_AUTH_ERROR_DEVICE_REVOKED);
  assert_authenticate_fails (f, second->token, t10, DK_AUTH_ERROR_DEVICE_REVOKED);
  assert_refresh_fails (f, second->refresh_token, t10, DK_AUTH_ERROR_DEVICE_REVOKED);
  assert_login_fails (f, USER_NAME, PASSWORD, first->device_id, t10, DK_AUTH_ERROR_DEVICE_REVOKED);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'login' AND outcome = 'denied'"
                              " AND device_id = ?1", first->device_id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'login' AND outcome = 'denied'"
                              " AND device_id IS NULL", NULL), ==, 2);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM session WHERE device_id = ?1 AND revoked_at IS NULL",
                              first->device_id), ==, 0);

  /* The user's other device is not touched. */
  principal = authenticate_ok (f, laptop->token, t10);
  g_assert_cmpstr (principal->device_id, ==, laptop->device_id);

  devices = dk_auth_list_devices (f->store, user_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (devices->len, ==, 2);
  device = g_ptr_array_index (devices, 0);
  g_assert_cmpstr (device->id, ==, first->device_id);
  g_assert_true (device->wipe_requested);
  g_assert_nonnull (device->revoked_at);
  g_assert_true (g_date_time_equal (device->revoked_at, t10));
  g_assert_true (g_date_time_equal (device->last_seen_at, t5));
  device = g_ptr_array_index (devices, 1);
  g_assert_cmpstr (device->id, ==, laptop->device_id);
  g_assert_false (device->wipe_requested);
  g_assert_null (device->revoked_at);

  /* Revoking again keeps the first time. */
  g_assert_true (dk_auth_revoke_device (f->store, first->device_id, t20, &error));
  g_assert_no_error (error);
  assert_query_text (f, "SELECT revoked_at FROM device WHERE id = ?1", first->device_id, "2026-03-02T09:10:00.000Z");

  everyone = dk_auth_list_devices (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (everyone->len, ==, 2);

  g_assert_false (dk_auth_revoke_device (f->store, missing, t20, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (dk_auth_revoke_device (f->store, "laptop", t20, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_null (dk_auth_list_devices (f->store, missing, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A new device needs a name. */
  g_assert_false (dk_auth_login (f->store, &f->params, "piet", PASSWORD, NULL, "  ", t20, &none, &error));
  g_assert_null (none);
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM device WHERE user_id = ?1", other_user_id), ==, 0);
}

static void
test_disabled_user (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *user_id = create_user (f, USER_NAME, DK_ROLE_FIELD_WORKER);
  g_autoptr(DkAuthSession) session = login (f, USER_NAME);
  g_autoptr(DkAuthSession) back = NULL;
  g_autoptr(GDateTime) t5 = at_minutes (f, 5);
  g_autoptr(GDateTime) t10 = at_minutes (f, 10);
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = dk_uuid_new ();

  g_assert_true (dk_auth_disable_user (f->store, user_id, t5, &error));
  g_assert_no_error (error);
  g_assert_true (dk_auth_disable_user (f->store, user_id, t10, &error));
  g_assert_no_error (error);
  assert_query_text (f, "SELECT disabled_at FROM user WHERE id = ?1", user_id, "2026-03-02T09:05:00.000Z");

  assert_authenticate_fails (f, session->token, t5, DK_AUTH_ERROR_USER_DISABLED);
  assert_refresh_fails (f, session->refresh_token, t5, DK_AUTH_ERROR_USER_DISABLED);
  assert_login_fails (f, USER_NAME, PASSWORD, NULL, t10, DK_AUTH_ERROR_USER_DISABLED);
  /* Without the right password the answer stays the general one. */
  assert_login_fails (f, USER_NAME, "not the password", NULL, t10, DK_AUTH_ERROR_INVALID_CREDENTIALS);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM session WHERE user_id = ?1 AND revoked_at IS NULL",
                              user_id), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM device WHERE user_id = ?1", user_id), ==, 1);

  g_assert_true (dk_auth_enable_user (f->store, user_id, t10, &error));
  g_assert_no_error (error);
  back = login_at (f, USER_NAME, session->device_id, t10);
  /* The sessions ended by disabling stay ended. */
  assert_authenticate_fails (f, session->token, t10, DK_AUTH_ERROR_TOKEN_REVOKED);

  g_assert_false (dk_auth_disable_user (f->store, missing, t10, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_NOT_FOUND);
}

static void
test_role_change (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *user_id = create_user (f, USER_NAME, DK_ROLE_FIELD_WORKER);
  g_autoptr(DkAuthSession) session = login (f, USER_NAME);
  g_autoptr(DkAuthPrincipal) principal = NULL;
  g_autoptr(GDateTime) later = at_minutes (f, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = dk_uuid_new ();
  g_autofree char *updated_at = NULL;

  principal = authenticate_ok (f, session->token, f->t0);
  g_assert_cmpint (principal->role, ==, DK_ROLE_FIELD_WORKER);
  g_clear_pointer (&principal, dk_auth_principal_free);

  g_assert_true (dk_auth_set_role (f->store, user_id, DK_ROLE_TEAM_LEAD, later, &error));
  g_assert_no_error (error);
  principal = authenticate_ok (f, session->token, later);
  g_assert_cmpint (principal->role, ==, DK_ROLE_TEAM_LEAD);
  assert_query_text (f, "SELECT role FROM user WHERE id = ?1", user_id, "team_lead");
  updated_at = query_text (f, "SELECT updated_at FROM user WHERE id = ?1", user_id);
  g_assert_cmpstr (updated_at, ==, "2026-03-02T09:01:00.000Z");

  g_assert_false (dk_auth_set_role (f->store, user_id, (DkRole) 42, later, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dk_auth_set_role (f->store, missing, DK_ROLE_ADMINISTRATOR, later, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (dk_auth_set_role (f->store, NULL, DK_ROLE_ADMINISTRATOR, later, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID);
}

static void
assert_policy_refuses (const char *user_name,
                       const char *password,
                       const char *fragment)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (dk_auth_check_password_policy (user_name, password, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_WEAK_PASSWORD);
  g_assert_nonnull (strstr (error->message, fragment));
  /* The password itself is never repeated back. */
  if (*password != '\0')
    g_assert_null (strstr (error->message, password));
}

static void
test_password_policy (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkAuthSession) session = NULL;
  g_autofree char *too_long = g_strnfill (1025, 'x');
  g_autofree char *longest = g_strnfill (1024, 'x');
  g_autofree char *user_id = NULL;
  g_autofree char *hash_before = NULL;
  g_autoptr(GDateTime) later = at_minutes (f, 1);

  assert_policy_refuses ("jan", "elevenchars", "has only 11 characters; a password needs at least 12.");
  assert_policy_refuses ("jan", "", "has only 0 characters");
  /* Characters, not bytes: eleven é are 22 bytes. */
  assert_policy_refuses ("jan", "ééééééééééé", "has only 11 characters");
  assert_policy_refuses ("jan", too_long, "at most 1024");
  assert_policy_refuses ("jan", "\xff\xfe not text at all", "not valid UTF-8");
  assert_policy_refuses ("jan.jansen.1", "JAN.JANSEN.1", "must not be the user name");

  g_assert_true (dk_auth_check_password_policy ("jan", "twelve chars", &error));
  g_assert_no_error (error);
  g_assert_true (dk_auth_check_password_policy ("jan", longest, &error));
  g_assert_no_error (error);
  g_assert_true (dk_auth_check_password_policy (NULL, "éééééééééééé", &error));
  g_assert_no_error (error);

  g_assert_false (dk_auth_create_user (f->store, &f->params, USER_NAME, DISPLAY_NAME, DK_ROLE_FIELD_WORKER, NULL,
                                       "short", f->t0, &user_id, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_WEAK_PASSWORD);
  g_assert_null (user_id);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM user", NULL), ==, 0);

  /* The same password with the accent composed or as a separate mark is one password (NFKC). */
  g_assert_true (dk_auth_create_user (f->store, &f->params, USER_NAME, DISPLAY_NAME, DK_ROLE_FIELD_WORKER, NULL,
                                      "cre\xcc\x80" "me bru\xcc\x82" "le\xcc\x81" "e", f->t0, &user_id, &error));
  g_assert_no_error (error);
  g_assert_true (dk_auth_login (f->store, &f->params, USER_NAME, "crème brûlée", NULL, "Laptop", f->t0,
                                &session, &error));
  g_assert_no_error (error);

  /* A new password ends the sessions, unlocks the account, and replaces the old one. */
  hash_before = query_text (f, "SELECT password_hash FROM user WHERE id = ?1", user_id);
  for (guint i = 0; i < 3; i++)
    assert_login_fails (f, USER_NAME, "wrong wrong wrong", NULL, f->t0, DK_AUTH_ERROR_INVALID_CREDENTIALS);
  g_assert_cmpint (query_int (f, "SELECT locked_until IS NOT NULL FROM user WHERE id = ?1", user_id), ==, 1);
  g_assert_false (dk_auth_set_password (f->store, &f->params, user_id, "tiny", later, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_WEAK_PASSWORD);
  g_clear_error (&error);
  g_assert_false (dk_auth_set_password (f->store, &f->params, user_id, "Jan.Jansen", later, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_WEAK_PASSWORD);
  g_clear_error (&error);
  g_assert_true (dk_auth_set_password (f->store, &f->params, user_id, PASSWORD, later, &error));
  g_assert_no_error (error);
  {
    g_autofree char *hash_after = query_text (f, "SELECT password_hash FROM user WHERE id = ?1", user_id);

    g_assert_cmpstr (hash_after, !=, hash_before);
  }
  g_assert_cmpint (query_int (f, "SELECT failed_logins FROM user WHERE id = ?1", user_id), ==, 0);
  assert_authenticate_fails (f, session->token, later, DK_AUTH_ERROR_TOKEN_REVOKED);
  assert_login_fails (f, USER_NAME, "crème brûlée", NULL, later, DK_AUTH_ERROR_INVALID_CREDENTIALS);
  g_clear_pointer (&session, dk_auth_session_free);
  session = login_at (f, USER_NAME, NULL, later);
}

static void
test_user_names (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *too_long = g_strnfill (65, 'a');
  const char *invalid[] = { "", "jan jansen", "jan/jansen", "jösé", "jan;--", too_long, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(DkAuthSession) session = NULL;
  g_autofree char *user_id = create_user (f, "Jan.Jansen", DK_ROLE_FIELD_WORKER);
  g_autofree char *second_id = NULL;
  g_autofree char *stored = NULL;

  /* Names differing only in capitals are one name. */
  g_assert_false (dk_auth_create_user (f->store, &f->params, "jan.jansen", "Another Jan", DK_ROLE_FIELD_WORKER,
                                       NULL, PASSWORD, f->t0, &second_id, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_EXISTS);
  g_assert_null (second_id);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM user", NULL), ==, 1);

  /* The database refuses it too, should a caller go around the check. */
  {
    sqlite3_stmt *stmt = dk_store_prepare (f->store,
                                           "INSERT INTO user (id, user_name, display_name, role, password_hash)"
                                           " SELECT ?1, 'JAN.JANSEN', display_name, role, password_hash FROM user",
                                           &error);
    g_autofree char *id = dk_uuid_new ();

    g_assert_no_error (error);
    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
    g_assert_false (dk_store_step_done (f->store, stmt, &error));
    g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT);
    g_clear_error (&error);
  }

  /* Logging in ignores capitals; the name is kept as it was typed at creation. */
  session = login_at (f, "JAN.jansen", NULL, f->t0);
  g_assert_cmpstr (session->user_id, ==, user_id);
  stored = query_text (f, "SELECT user_name FROM user WHERE id = ?1", user_id);
  g_assert_cmpstr (stored, ==, "Jan.Jansen");

  for (gsize i = 0; invalid[i] != NULL; i++)
    {
      g_assert_false (dk_auth_create_user (f->store, &f->params, invalid[i], "Someone", DK_ROLE_FIELD_WORKER, NULL,
                                           PASSWORD, f->t0, NULL, &error));
      g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID);
      g_clear_error (&error);
    }
  g_assert_true (dk_auth_create_user (f->store, &f->params, "k.de-vries_2@gemeente", "K. de Vries",
                                      DK_ROLE_BACK_OFFICE, NULL, PASSWORD, f->t0, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (dk_auth_create_user (f->store, &f->params, "nobody", "   ", DK_ROLE_FIELD_WORKER, NULL,
                                       PASSWORD, f->t0, NULL, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dk_auth_create_user (f->store, &f->params, "nobody", "Nobody", (DkRole) 9, NULL,
                                       PASSWORD, f->t0, NULL, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dk_auth_create_user (f->store, &f->params, "nobody", "Nobody", DK_ROLE_FIELD_WORKER, user_id,
                                       PASSWORD, f->t0, NULL, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM user", NULL), ==, 2);
}

static void
test_teams (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *user_id = create_user (f, USER_NAME, DK_ROLE_TEAM_LEAD);
  g_autofree char *team_id = NULL;
  g_autofree char *second = NULL;
  g_autofree char *missing = dk_uuid_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (dk_auth_create_team (f->store, "Team Noord", f->t0, &team_id, &error));
  g_assert_no_error (error);
  g_assert_false (dk_auth_create_team (f->store, "team noord", f->t0, &second, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_EXISTS);
  g_assert_null (second);
  g_clear_error (&error);
  g_assert_false (dk_auth_create_team (f->store, " ", f->t0, &second, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (dk_auth_set_team (f->store, user_id, missing, f->t0, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_true (dk_auth_set_team (f->store, user_id, team_id, f->t0, &error));
  g_assert_no_error (error);
  assert_query_text (f, "SELECT team_id FROM user WHERE id = ?1", user_id, team_id);
  g_assert_true (dk_auth_set_team (f->store, user_id, NULL, f->t0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT team_id IS NULL FROM user WHERE id = ?1", user_id), ==, 1);
}

static void
test_rehash (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *user_id = create_user (f, USER_NAME, DK_ROLE_FIELD_WORKER);
  g_autoptr(DkAuthSession) session = NULL;
  g_autofree char *before = query_text (f, "SELECT password_hash FROM user WHERE id = ?1", user_id);
  g_autofree char *after = NULL;

  /* Stronger limits since the password was set: the next good login rehashes it. */
  f->params.pwhash_opslimit = crypto_pwhash_OPSLIMIT_MIN + 1;
  assert_login_fails (f, USER_NAME, "not the password", NULL, f->t0, DK_AUTH_ERROR_INVALID_CREDENTIALS);
  assert_query_text (f, "SELECT password_hash FROM user WHERE id = ?1", user_id, before);
  session = login (f, USER_NAME);
  after = query_text (f, "SELECT password_hash FROM user WHERE id = ?1", user_id);
  g_assert_cmpstr (after, !=, before);
  g_assert_nonnull (strstr (after, ",t=2,"));
  g_clear_pointer (&session, dk_auth_session_free);
  session = login (f, USER_NAME);
}

/* Every value in every column of every audit row, as text. */
static char *
audit_dump (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) dump = g_string_new (NULL);
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  stmt = dk_store_prepare (f->store, "SELECT * FROM audit ORDER BY at, id", &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_column_count (stmt), ==, 8);
  while (dk_store_step_row (f->store, stmt, &has_row, &error) && has_row)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        g_string_append_printf (dump, "%s|", (const char *) sqlite3_column_text (stmt, i));
      g_string_append_c (dump, '\n');
    }
  g_assert_no_error (error);
  return g_string_free (g_steal_pointer (&dump), FALSE);
}

static void
test_audit (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *user_id = create_user (f, USER_NAME, DK_ROLE_DEBT_COUNSELLOR);
  g_autoptr(DkAuthSession) session = NULL;
  g_autoptr(DkAuthSession) refreshed = NULL;
  g_autoptr(DkAuthPrincipal) principal = NULL;
  g_autoptr(GDateTime) later = at_minutes (f, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *dossier_id = dk_uuid_new ();
  g_autofree char *dump = NULL;
  g_autofree char *lower = NULL;
  sqlite3_stmt *stmt;

  assert_login_fails (f, USER_NAME, "not the password", NULL, f->t0, DK_AUTH_ERROR_INVALID_CREDENTIALS);
  assert_login_fails (f, "piet.pietersen", PASSWORD, NULL, f->t0, DK_AUTH_ERROR_INVALID_CREDENTIALS);
  session = login (f, USER_NAME);
  principal = authenticate_ok (f, session->token, f->t0);
  g_assert_true (dk_auth_audit (f->store, principal, "dossier.read", dossier_id, DK_AUDIT_SUCCESS, later, &error));
  g_assert_no_error (error);
  g_assert_true (dk_auth_audit (f->store, principal, "dossier.change", dossier_id, DK_AUDIT_DENIED, later, &error));
  g_assert_no_error (error);
  g_assert_true (dk_auth_audit (f->store, NULL, "backup", NULL, DK_AUDIT_FAILED, later, &error));
  g_assert_no_error (error);
  g_assert_true (dk_auth_refresh (f->store, &f->params, session->refresh_token, later, &refreshed, &error));
  g_assert_no_error (error);
  g_assert_true (dk_auth_logout (f->store, refreshed->token, later, &error));
  g_assert_no_error (error);

  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit", NULL), ==, 8);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'dossier.read' AND outcome = 'success'"
                              " AND dossier_id = ?1", dossier_id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'dossier.change'"
                              " AND outcome = 'denied' AND device_id IS NOT NULL", NULL), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'backup' AND user_id IS NULL"
                              " AND device_id IS NULL AND outcome = 'failed'", NULL), ==, 1);

  /* Ids and machine names only: no user name, display name or password in any column. */
  dump = audit_dump (f);
  lower = g_ascii_strdown (dump, -1);
  g_assert_nonnull (strstr (dump, user_id));
  g_assert_null (strstr (lower, "jan"));
  g_assert_null (strstr (lower, "piet"));
  g_assert_null (strstr (lower, "horse"));

  /* Nothing free-form gets in. */
  g_assert_false (dk_auth_audit (f->store, principal, "read dossier of Jan Jansen", NULL, DK_AUDIT_SUCCESS, later,
                                 &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID);
  g_assert_null (strstr (error->message, "Jan"));
  g_clear_error (&error);
  g_assert_false (dk_auth_audit (f->store, principal, "Dossier.read", NULL, DK_AUDIT_SUCCESS, later, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dk_auth_audit (f->store, principal, "", NULL, DK_AUDIT_SUCCESS, later, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dk_auth_audit (f->store, principal, "dossier.read", "123456789", DK_AUDIT_SUCCESS, later,
                                 &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dk_auth_audit (f->store, principal, "dossier.read", NULL, (DkAuditOutcome) 5, later, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit", NULL), ==, 8);

  /* The trail is append-only. */
  stmt = dk_store_prepare (f->store, "UPDATE audit SET outcome = 'success'", &error);
  g_assert_no_error (error);
  g_assert_false (dk_store_step_done (f->store, stmt, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  stmt = dk_store_prepare (f->store, "DELETE FROM audit", &error);
  g_assert_no_error (error);
  g_assert_false (dk_store_step_done (f->store, stmt, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT);
}

static gboolean
audit_then_fail (DkStore   *store,
                 gpointer   user_data,
                 GError   **error)
{
  DkAuthPrincipal *principal = user_data;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 3, 2, 9, 0, 0);

  if (!dk_auth_audit (store, principal, "dossier.change", NULL, DK_AUDIT_SUCCESS, now, error))
    return FALSE;

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "the change itself failed");
  return FALSE;
}

static void
test_audit_in_caller_transaction (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *user_id = create_user (f, USER_NAME, DK_ROLE_DEBT_COUNSELLOR);
  g_autoptr(DkAuthSession) session = login (f, USER_NAME);
  g_autoptr(DkAuthPrincipal) principal = authenticate_ok (f, session->token, f->t0);
  g_autoptr(GError) error = NULL;

  /* Inside a caller's change the audit row is part of it, and goes when the change goes. */
  g_assert_false (dk_store_transaction (f->store, audit_then_fail, principal, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'dossier.change'", NULL), ==, 0);
}

/* The local administrator (draagkracht-admin) has no user or device; its rows say what it acted
 * on, by id. */
static void
test_audit_admin (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *user_id = create_user (f, USER_NAME, DK_ROLE_DEBT_COUNSELLOR);
  g_autoptr(GError) error = NULL;

  g_assert_true (dk_auth_audit_admin (f->store, "admin.user.disable", user_id, NULL, DK_AUDIT_SUCCESS, f->t0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'admin.user.disable' AND user_id IS NULL"
                              " AND device_id IS NULL AND dossier_id IS NULL AND subject_id = ?1", user_id), ==, 1);

  /* Only "admin." actions, and only ids as subjects. */
  g_assert_false (dk_auth_audit_admin (f->store, "user.disable", user_id, NULL, DK_AUDIT_SUCCESS, f->t0, &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dk_auth_audit_admin (f->store, "admin.user.disable", USER_NAME, NULL, DK_AUDIT_SUCCESS, f->t0,
                                       &error));
  g_assert_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID);
  g_assert_null (strstr (error->message, USER_NAME));
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit", NULL), ==, 1);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_F(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD_F ("/auth/schema", test_schema);
  g_test_add_func ("/auth/roles", test_roles);
  ADD_F ("/auth/round-trip", test_round_trip);
  ADD_F ("/auth/token-never-stored", test_token_never_stored);
  ADD_F ("/auth/lockout", test_lockout);
  ADD_F ("/auth/unknown-user-same-error", test_unknown_user_same_error);
  ADD_F ("/auth/expiry-and-refresh", test_expiry_and_refresh);
  ADD_F ("/auth/logout", test_logout);
  ADD_F ("/auth/revoke-device", test_revoke_device);
  ADD_F ("/auth/disabled-user", test_disabled_user);
  ADD_F ("/auth/role-change", test_role_change);
  ADD_F ("/auth/password-policy", test_password_policy);
  ADD_F ("/auth/user-names", test_user_names);
  ADD_F ("/auth/teams", test_teams);
  ADD_F ("/auth/rehash", test_rehash);
  ADD_F ("/auth/audit", test_audit);
  ADD_F ("/auth/audit-in-caller-transaction", test_audit_in_caller_transaction);
  ADD_F ("/auth/audit-admin", test_audit_admin);

#undef ADD_F

  return g_test_run ();
}
