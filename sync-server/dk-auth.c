#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "dk-auth.h"
#include "dk-uuid.h"

G_DEFINE_QUARK (dk-auth-error-quark, dk_auth_error)

#define TOKEN_BYTES 32
/* base64url of 32 bytes without padding. */
#define TOKEN_LENGTH 43
#define TOKEN_HASH_BYTES crypto_generichash_BYTES

#define PASSWORD_MIN_CHARS 12
#define PASSWORD_MAX_CHARS 1024
#define USER_NAME_MAX 64
#define DISPLAY_NAME_MAX 200
#define DEVICE_NAME_MAX 100
#define TEAM_NAME_MAX 100
#define ACTION_MAX 64

static const char * const role_names[] = {
  [DK_ROLE_FIELD_WORKER] = "field_worker",
  [DK_ROLE_DEBT_COUNSELLOR] = "debt_counsellor",
  [DK_ROLE_TEAM_LEAD] = "team_lead",
  [DK_ROLE_BACK_OFFICE] = "back_office",
  [DK_ROLE_ADMINISTRATOR] = "administrator",
};

static const char * const outcome_names[] = {
  [DK_AUDIT_SUCCESS] = "success",
  [DK_AUDIT_DENIED] = "denied",
  [DK_AUDIT_FAILED] = "failed",
};

const char *
dk_role_to_string (DkRole role)
{
  if ((guint) role >= G_N_ELEMENTS (role_names))
    return NULL;

  return role_names[role];
}

gboolean
dk_role_from_string (const char *text,
                     DkRole     *out_role)
{
  for (guint i = 0; i < G_N_ELEMENTS (role_names); i++)
    {
      if (g_strcmp0 (text, role_names[i]) == 0)
        {
          if (out_role != NULL)
            *out_role = (DkRole) i;
          return TRUE;
        }
    }

  return FALSE;
}

void
dk_auth_params_init (DkAuthParams          *params,
                     const DkServerConfig  *config)
{
  g_return_if_fail (params != NULL);
  g_return_if_fail (config != NULL);

  params->session_hours = config->session_hours;
  params->refresh_days = config->refresh_days;
  params->max_failed_logins = config->max_failed_logins;
  params->lockout_minutes = config->lockout_minutes;
  params->pwhash_opslimit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  params->pwhash_memlimit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
}

static gboolean
params_valid (const DkAuthParams *params)
{
  return params != NULL &&
         params->session_hours > 0 &&
         params->refresh_days > 0 &&
         params->max_failed_logins > 0 &&
         params->lockout_minutes > 0 &&
         params->pwhash_opslimit >= crypto_pwhash_OPSLIMIT_MIN &&
         params->pwhash_opslimit <= crypto_pwhash_OPSLIMIT_MAX &&
         params->pwhash_memlimit >= crypto_pwhash_MEMLIMIT_MIN &&
         params->pwhash_memlimit <= crypto_pwhash_MEMLIMIT_MAX;
}

/* Secrets are wiped before their memory goes back to the allocator, where a later bug (or a core
 * dump) could otherwise find them. */
static void
secret_free (char *secret)
{
  if (secret == NULL)
    return;

  sodium_memzero (secret, strlen (secret));
  g_free (secret);
}

typedef char DkSecretString;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkSecretString, secret_free)

void
dk_auth_session_free (DkAuthSession *session)
{
  if (session == NULL)
    return;

  g_free (session->session_id);
  g_free (session->user_id);
  g_free (session->device_id);
  secret_free (session->token);
  secret_free (session->refresh_token);
  g_clear_pointer (&session->expires_at, g_date_time_unref);
  g_clear_pointer (&session->refresh_expires_at, g_date_time_unref);
  g_free (session);
}

void
dk_auth_principal_free (DkAuthPrincipal *principal)
{
  if (principal == NULL)
    return;

  g_free (principal->user_id);
  g_free (principal->team_id);
  g_free (principal->device_id);
  g_free (principal->session_id);
  g_free (principal);
}

void
dk_auth_device_free (DkAuthDevice *device)
{
  if (device == NULL)
    return;

  g_free (device->id);
  g_free (device->user_id);
  g_free (device->name);
  g_clear_pointer (&device->registered_at, g_date_time_unref);
  g_clear_pointer (&device->last_seen_at, g_date_time_unref);
  g_clear_pointer (&device->revoked_at, g_date_time_unref);
  g_free (device);
}

static gboolean
ensure_sodium (GError **error)
{
  /* Idempotent and thread-safe; it only fails when the system cannot supply randomness. */
  if (sodium_init () < 0)
    {
      g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_FAILED,
                           _("The cryptography library could not be started, so no one can log in."));
      return FALSE;
    }

  return TRUE;
}

/* ---- times ---- */

/* The stored form, 'YYYY-MM-DDTHH:MM:SS.mmmZ', which sorts as it reads. */
static char *
format_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  g_autofree char *seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (utc) / 1000);
}

static GDateTime *
parse_time (const char *text)
{
  if (text == NULL)
    return NULL;

  return g_date_time_new_from_iso8601 (text, NULL);
}

static char *
dup_column_text (sqlite3_stmt *stmt,
                 int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* ---- tokens ---- */

static void
hash_token (const char *token,
            guint8      hash[TOKEN_HASH_BYTES])
{
  crypto_generichash (hash, TOKEN_HASH_BYTES, (const guint8 *) token, strlen (token), NULL, 0);
}

static char *
new_token (guint8 hash[TOKEN_HASH_BYTES])
{
  guint8 bytes[TOKEN_BYTES];
  char *token = g_malloc (sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING));

  randombytes_buf (bytes, sizeof bytes);
  sodium_bin2base64 (token, sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                     bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (bytes, sizeof bytes);
  hash_token (token, hash);

  return token;
}

/* A token the server could have made: anything else cannot belong to a session and is refused
 * before it costs a lookup. */
static gboolean
token_well_formed (const char *token)
{
  if (token == NULL || strlen (token) != TOKEN_LENGTH)
    return FALSE;

  for (const char *p = token; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
      return FALSE;

  return TRUE;
}

/* ---- validation ---- */

static gboolean
user_name_valid (const char *user_name)
{
  gsize length;

  if (user_name == NULL)
    return FALSE;

  length = strlen (user_name);
  if (length < 1 || length > USER_NAME_MAX)
    return FALSE;

  for (const char *p = user_name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && strchr ("._@-", *p) == NULL)
      return FALSE;

  return TRUE;
}

static gboolean
check_user_name (const char  *user_name,
                 GError     **error)
{
  if (!user_name_valid (user_name))
    {
      g_set_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID,
                   _("A user name has 1 to %u characters, each a letter A–Z or a–z, a digit, or one of . _ - @."),
                   USER_NAME_MAX);
      return FALSE;
    }

  return TRUE;
}

/* Non-blank UTF-8 of at most @max characters. */
static gboolean
text_valid (const char *text,
            guint       max)
{
  g_autofree char *stripped = NULL;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return FALSE;

  stripped = g_strstrip (g_strdup (text));
  return *stripped != '\0' && g_utf8_strlen (text, -1) <= max;
}

static gboolean
check_id (const char  *id,
          const char  *message,
          GError     **error)
{
  if (!dk_uuid_is_valid (id))
    {
      g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID, message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_role (DkRole   role,
            GError **error)
{
  if (dk_role_to_string (role) == NULL)
    {
      g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID,
                           _("The role is not one of field worker, debt counsellor, team lead, back office "
                             "or administrator."));
      return FALSE;
    }

  return TRUE;
}

/* ---- passwords ---- */

/* NFKC, so that "é" typed as one character or as "e" plus an accent is the same password. */
static DkSecretString *
normalise_password (const char *password)
{
  if (password == NULL || !g_utf8_validate (password, -1, NULL))
    return NULL;

  return g_utf8_normalize (password, -1, G_NORMALIZE_ALL_COMPOSE);
}

gboolean
dk_auth_check_password_policy (const char  *user_name,
                               const char  *password,
                               GError     **error)
{
  g_autoptr(DkSecretString) normalised = NULL;
  glong length;

  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  normalised = normalise_password (password);
  if (normalised == NULL)
    {
      g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_WEAK_PASSWORD,
                           _("The password contains bytes that are not text (it is not valid UTF-8)."));
      return FALSE;
    }

  length = g_utf8_strlen (normalised, -1);
  if (length < PASSWORD_MIN_CHARS)
    {
      g_set_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_WEAK_PASSWORD,
                   ngettext ("This password has only %u character; a password needs at least %u.",
                             "This password has only %u characters; a password needs at least %u.",
                             (gulong) length),
                   (guint) length, (guint) PASSWORD_MIN_CHARS);
      return FALSE;
    }

  if (length > PASSWORD_MAX_CHARS)
    {
      g_set_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_WEAK_PASSWORD,
                   _("This password has %u characters; a password may have at most %u."),
                   (guint) MIN (length, G_MAXUINT), (guint) PASSWORD_MAX_CHARS);
      return FALSE;
    }

  if (user_name != NULL && g_ascii_strcasecmp (normalised, user_name) == 0)
    {
      g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_WEAK_PASSWORD,
                           _("The password must not be the user name."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
hash_password (const DkAuthParams  *params,
               const char          *normalised,
               char                 out_hash[crypto_pwhash_STRBYTES],
               GError             **error)
{
  if (crypto_pwhash_str_alg (out_hash, normalised, strlen (normalised),
                             params->pwhash_opslimit, params->pwhash_memlimit,
                             crypto_pwhash_ALG_ARGON2ID13) != 0)
    {
      g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_FAILED,
                           _("The password could not be hashed; the server may be short of memory."));
      return FALSE;
    }

  return TRUE;
}

/* A hash of a random password nobody knows, made with the current limits: a login under an unknown
 * user name is checked against it, so it takes as long as one under a known name. */
static GMutex dummy_lock;
static char dummy_hash[crypto_pwhash_STRBYTES];
static guint64 dummy_opslimit;
static gsize dummy_memlimit;

static gboolean
get_dummy_hash (const DkAuthParams  *params,
                char                 out_hash[crypto_pwhash_STRBYTES],
                GError             **error)
{
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&dummy_lock);

  if (dummy_hash[0] == '\0' ||
      dummy_opslimit != params->pwhash_opslimit ||
      dummy_memlimit != params->pwhash_memlimit)
    {
      guint8 random[TOKEN_BYTES];
      char password[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

      randombytes_buf (random, sizeof random);
      sodium_bin2base64 (password, sizeof password, random, sizeof random,
                         sodium_base64_VARIANT_URLSAFE_NO_PADDING);
      if (!hash_password (params, password, dummy_hash, error))
        {
          dummy_hash[0] = '\0';
          return FALSE;
        }
      dummy_opslimit = params->pwhash_opslimit;
      dummy_memlimit = params->pwhash_memlimit;
    }

  memcpy (out_hash, dummy_hash, crypto_pwhash_STRBYTES);
  return TRUE;
}

/* ---- rows ---- */

typedef struct
{
  char   *id;
  char   *user_name;
  char   *password_hash;
  char   *disabled_at;
  gint64  failed_logins;
  char   *locked_until;
} UserRow;

static void
user_row_clear (UserRow *row)
{
  g_clear_pointer (&row->id, g_free);
  g_clear_pointer (&row->user_name, g_free);
  g_clear_pointer (&row->password_hash, g_free);
  g_clear_pointer (&row->disabled_at, g_free);
  g_clear_pointer (&row->locked_until, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (UserRow, user_row_clear)

#define USER_COLUMNS "id, user_name, password_hash, disabled_at, failed_logins, locked_until"

/* Reads the user that @sql (a SELECT of USER_COLUMNS) finds for @key. */
static gboolean
read_user (DkStore     *store,
           const char  *sql,
           const char  *key,
           UserRow     *row,
           gboolean    *found,
           GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  *found = FALSE;
  stmt = dk_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      user_row_clear (row);
      row->id = dup_column_text (stmt, 0);
      row->user_name = dup_column_text (stmt, 1);
      row->password_hash = dup_column_text (stmt, 2);
      row->disabled_at = dup_column_text (stmt, 3);
      row->failed_logins = sqlite3_column_int64 (stmt, 4);
      row->locked_until = dup_column_text (stmt, 5);
      *found = TRUE;
      sqlite3_reset (stmt);
    }

  return TRUE;
}

static gboolean
read_user_by_name (DkStore     *store,
                   const char  *user_name,
                   UserRow     *row,
                   gboolean    *found,
                   GError     **error)
{
  return read_user (store, "SELECT " USER_COLUMNS " FROM user WHERE user_name = ?1", user_name, row, found, error);
}

static gboolean
read_user_by_id (DkStore     *store,
                 const char  *user_id,
                 UserRow     *row,
                 GError     **error)
{
  gboolean found = FALSE;

  if (!read_user (store, "SELECT " USER_COLUMNS " FROM user WHERE id = ?1", user_id, row, &found, error))
    return FALSE;
  if (!found)
    {
      g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_NOT_FOUND, _("There is no user with this id."));
      return FALSE;
    }

  return TRUE;
}

static gboolean
row_exists (DkStore     *store,
            const char  *sql,
            const char  *key,
            gboolean    *exists,
            GError     **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (!dk_store_step_row (store, stmt, exists, error))
    return FALSE;
  sqlite3_reset (stmt);
  return TRUE;
}

/* Whether the UPDATE just run on @store matched a row. */
static gboolean
changed_rows (DkStore *store)
{
  return sqlite3_changes (dk_store_get_db (store)) > 0;
}

static gboolean
record_audit_subject (DkStore         *store,
                      const char      *user_id,
                      const char      *device_id,
                      const char      *action,
                      const char      *dossier_id,
                      const char      *subject_id,
                      DkAuditOutcome   outcome,
                      const char      *at,
                      GError         **error)
{
  g_autofree char *id = dk_uuid_new ();
  sqlite3_stmt *stmt;

  stmt = dk_store_prepare (store,
                           "INSERT INTO audit (id, at, user_id, device_id, action, dossier_id, subject_id, outcome)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, at, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, user_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, device_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, action, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, dossier_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, subject_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, outcome_names[outcome], -1, SQLITE_STATIC);
  return dk_store_step_done (store, stmt, error);
}

static gboolean
record_audit (DkStore         *store,
              const char      *user_id,
              const char      *device_id,
              const char      *action,
              const char      *dossier_id,
              DkAuditOutcome   outcome,
              const char      *at,
              GError         **error)
{
  return record_audit_subject (store, user_id, device_id, action, dossier_id, NULL, outcome, at, error);
}

/* Ends the open sessions of one user or one device. */
static gboolean
revoke_sessions (DkStore     *store,
                 const char  *sql,
                 const char  *key,
                 const char  *at,
                 GError     **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, at, -1, SQLITE_STATIC);
  return dk_store_step_done (store, stmt, error);
}

/* A revocation may carry a @now before the row's creation only when a caller's clock is off; the
 * row then keeps a consistent order of times rather than failing the CHECK. */
#define REVOKE_USER_SESSIONS \
  "UPDATE session SET revoked_at = max (created_at, ?2) WHERE user_id = ?1 AND revoked_at IS NULL"
#define REVOKE_DEVICE_SESSIONS \
  "UPDATE session SET revoked_at = max (created_at, ?2) WHERE device_id = ?1 AND revoked_at IS NULL"

/* Opens a session for @user_id on @device_id and returns what the client gets. */
static gboolean
insert_session (DkStore             *store,
                const DkAuthParams  *params,
                const char          *user_id,
                const char          *device_id,
                GDateTime           *now,
                DkAuthSession      **out_session,
                GError             **error)
{
  g_autoptr(DkAuthSession) session = g_new0 (DkAuthSession, 1);
  g_autoptr(GDateTime) expires = g_date_time_add_hours (now, params->session_hours);
  g_autoptr(GDateTime) refresh_expires = g_date_time_add_days (now, params->refresh_days);
  g_autofree char *now_text = format_time (now);
  g_autofree char *expires_text = NULL;
  g_autofree char *refresh_expires_text = NULL;
  guint8 token_hash[TOKEN_HASH_BYTES];
  guint8 refresh_hash[TOKEN_HASH_BYTES];
  sqlite3_stmt *stmt;

  /* A refresh token outlives the session token it came with, whatever the configuration. */
  if (g_date_time_compare (refresh_expires, expires) < 0)
    {
      g_clear_pointer (&refresh_expires, g_date_time_unref);
      refresh_expires = g_date_time_ref (expires);
    }
  expires_text = format_time (expires);
  refresh_expires_text = format_time (refresh_expires);

  session->session_id = dk_uuid_new ();
  session->user_id = g_strdup (user_id);
  session->device_id = g_strdup (device_id);
  session->token = new_token (token_hash);
  session->refresh_token = new_token (refresh_hash);
  session->expires_at = parse_time (expires_text);
  session->refresh_expires_at = parse_time (refresh_expires_text);

  stmt = dk_store_prepare (store,
                           "INSERT INTO session (id, user_id, device_id, token_hash, refresh_hash, created_at,"
                           "  expires_at, refresh_expires_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, session->session_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, user_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, device_id, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 4, token_hash, sizeof token_hash, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 5, refresh_hash, sizeof refresh_hash, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, now_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, expires_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, refresh_expires_text, -1, SQLITE_STATIC);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  *out_session = g_steal_pointer (&session);
  return TRUE;
}

static gboolean
touch_device (DkStore     *store,
              const char  *device_id,
              const char  *now_text,
              GError     **error)
{
  sqlite3_stmt *stmt;

  stmt = dk_store_prepare (store, "UPDATE device SET last_seen_at = max (last_seen_at, ?2) WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, now_text, -1, SQLITE_STATIC);
  return dk_store_step_done (store, stmt, error);
}

/* ---- users ---- */

typedef struct
{
  const char *user_name;
  const char *display_name;
  DkRole      role;
  const char *team_id;
  const char *password_hash;
  const char *now;
  char       *user_id;
} CreateUser;

static gboolean
create_user_txn (DkStore   *store,
                 gpointer   user_data,
                 GError   **error)
{
  CreateUser *data = user_data;
  g_autofree char *id = dk_uuid_new ();
  sqlite3_stmt *stmt;
  gboolean exists = FALSE;

  if (!row_exists (store, "SELECT 1 FROM user WHERE user_name = ?1", data->user_name, &exists, error))
    return FALSE;
  if (exists)
    {
      g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_EXISTS,
                           _("There is already a user with this user name (user names do not distinguish "
                             "capitals from small letters)."));
      return FALSE;
    }

  if (data->team_id != NULL)
    {
      if (!row_exists (store, "SELECT 1 FROM team WHERE id = ?1", data->team_id, &exists, error))
        return FALSE;
      if (!exists)
        {
          g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_NOT_FOUND, _("There is no team with this id."));
          return FALSE;
        }
    }

  stmt = dk_store_prepare (store,
                           "INSERT INTO user (id, user_name, display_name, role, team_id, password_hash,"
                           "  created_at, updated_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, data->user_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, data->display_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, dk_role_to_string (data->role), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, data->team_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, data->password_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, data->now, -1, SQLITE_STATIC);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  data->user_id = g_steal_pointer (&id);
  return TRUE;
}

gboolean
dk_auth_create_user (DkStore             *store,
                     const DkAuthParams  *params,
                     const char          *user_name,
                     const char          *display_name,
                     DkRole               role,
                     const char          *team_id,
                     const char          *password,
                     GDateTime           *now,
                     char               **out_user_id,
                     GError             **error)
{
  g_autoptr(DkSecretString) normalised = NULL;
  g_autofree char *now_text = NULL;
  char hash[crypto_pwhash_STRBYTES];
  CreateUser data = { 0 };
  gboolean ok;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (params_valid (params), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_user_name (user_name, error))
    return FALSE;
  if (!text_valid (display_name, DISPLAY_NAME_MAX))
    {
      g_set_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID,
                   _("A display name must not be empty and may have at most %u characters."), DISPLAY_NAME_MAX);
      return FALSE;
    }
  if (!check_role (role, error))
    return FALSE;
  if (team_id != NULL && !check_id (team_id, _("The team id is not a valid UUID."), error))
    return FALSE;
  if (!dk_auth_check_password_policy (user_name, password, error))
    return FALSE;
  if (!ensure_sodium (error))
    return FALSE;

  normalised = normalise_password (password);
  if (!hash_password (params, normalised, hash, error))
    return FALSE;

  now_text = format_time (now);
  data.user_name = user_name;
  data.display_name = display_name;
  data.role = role;
  data.team_id = team_id;
  data.password_hash = hash;
  data.now = now_text;

  ok = dk_store_transaction (store, create_user_txn, &data, error);
  if (ok && out_user_id != NULL)
    *out_user_id = g_steal_pointer (&data.user_id);
  g_free (data.user_id);

  return ok;
}

typedef struct
{
  const char *user_id;
  const char *password_hash;
  const char *now;
} SetPassword;

static gboolean
set_password_txn (DkStore   *store,
                  gpointer   user_data,
                  GError   **error)
{
  SetPassword *data = user_data;
  sqlite3_stmt *stmt;

  stmt = dk_store_prepare (store,
                           "UPDATE user SET password_hash = ?2, failed_logins = 0, locked_until = NULL,"
                           "  updated_at = max (updated_at, ?3)"
                           " WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, data->user_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, data->password_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, data->now, -1, SQLITE_STATIC);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;
  if (!changed_rows (store))
    {
      g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_NOT_FOUND, _("There is no user with this id."));
      return FALSE;
    }

  return revoke_sessions (store, REVOKE_USER_SESSIONS, data->user_id, data->now, error);
}

gboolean
dk_auth_set_password (DkStore             *store,
                      const DkAuthParams  *params,
                      const char          *user_id,
                      const char          *password,
                      GDateTime           *now,
                      GError             **error)
{
  g_auto(UserRow) user = { 0 };
  g_autoptr(DkSecretString) normalised = NULL;
  g_autofree char *now_text = NULL;
  char hash[crypto_pwhash_STRBYTES];
  SetPassword data;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (params_valid (params), FALSE);
  g_return_val_if_fail (password != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_id (user_id, _("The user id is not a valid UUID."), error))
    return FALSE;
  if (!read_user_by_id (store, user_id, &user, error))
    return FALSE;
  if (!dk_auth_check_password_policy (user.user_name, password, error))
    return FALSE;
  if (!ensure_sodium (error))
    return FALSE;

  normalised = normalise_password (password);
  if (!hash_password (params, normalised, hash, error))
    return FALSE;

  now_text = format_time (now);
  data.user_id = user_id;
  data.password_hash = hash;
  data.now = now_text;

  return dk_store_transaction (store, set_password_txn, &data, error);
}

/* ---- login ---- */

static void
set_invalid_credentials (GError **error)
{
  g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID_CREDENTIALS,
                       _("The user name or the password is not right, or the account is locked for a while "
                         "after too many wrong passwords. Check both and try again later, or ask an "
                         "administrator."));
}

static void
set_device_revoked (GError **error)
{
  g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_DEVICE_REVOKED,
                       _("An administrator has withdrawn this device’s access; its copy of the data will be "
                         "removed. Ask an administrator if this is a mistake."));
}

static void
set_user_disabled (GError **error)
{
  g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_USER_DISABLED,
                       _("This account has been switched off. Ask an administrator to switch it on again."));
}

typedef struct
{
  const DkAuthParams *params;
  const char         *user_name;
  const char         *device_id;
  const char         *device_name;
  GDateTime          *now;
  const char         *now_text;
  const char         *checked_hash;  /* the user's hash the password was checked against */
  gboolean            password_ok;
  const char         *new_hash;      /* the password hashed with the current limits, or NULL */

  GError             *refusal;       /* the login was refused, and what the refusal wrote stays */
  DkAuthSession      *session;
} Login;

/* Counts a wrong password, locking the account at the limit. A lock that has run out starts the
 * count afresh. */
static gboolean
count_failed_login (DkStore      *store,
                    Login        *data,
                    UserRow      *user,
                    GError      **error)
{
  g_autofree char *locked_until = NULL;
  gint64 failed = (user->locked_until != NULL ? 0 : user->failed_logins) + 1;
  sqlite3_stmt *stmt;

  if (failed >= data->params->max_failed_logins)
    {
      g_autoptr(GDateTime) until = g_date_time_add_minutes (data->now, data->params->lockout_minutes);

      locked_until = format_time (until);
    }

  stmt = dk_store_prepare (store,
                           "UPDATE user SET failed_logins = ?2, locked_until = ?3, updated_at = max (updated_at, ?4)"
                           " WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user->id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, failed);
  sqlite3_bind_text (stmt, 3, locked_until, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, data->now_text, -1, SQLITE_STATIC);
  return dk_store_step_done (store, stmt, error);
}

/* Finds the device to log in on, or registers a new one. Sets data->refusal for a device that is
 * not the user's or was revoked. */
static gboolean
login_device (DkStore      *store,
              Login        *data,
              const char   *user_id,
              char        **out_device_id,
              GError      **error)
{
  sqlite3_stmt *stmt;

  if (data->device_id != NULL)
    {
      gboolean has_row = FALSE;
      gboolean mine;
      gboolean revoked;

      stmt = dk_store_prepare (store, "SELECT user_id, revoked_at FROM device WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, data->device_id, -1, SQLITE_STATIC);
      if (!dk_store_step_row (store, stmt, &has_row, error))
        return FALSE;
      mine = has_row && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), user_id) == 0;
      revoked = has_row && sqlite3_column_type (stmt, 1) != SQLITE_NULL;
      sqlite3_reset (stmt);

      /* Another user's device is reported as unknown: the answer says nothing about other users. */
      if (!mine)
        g_set_error_literal (&data->refusal, DK_AUTH_ERROR, DK_AUTH_ERROR_DEVICE_UNKNOWN,
                             _("This device is not registered for this user. Log in as a new device."));
      else if (revoked)
        set_device_revoked (&data->refusal);
      else if (!touch_device (store, data->device_id, data->now_text, error))
        return FALSE;

      *out_device_id = g_strdup (data->device_id);
      return TRUE;
    }

  *out_device_id = dk_uuid_new ();
  stmt = dk_store_prepare (store,
                           "INSERT INTO device (id, user_id, name, registered_at, last_seen_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?4)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, *out_device_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, user_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, data->device_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, data->now_text, -1, SQLITE_STATIC);
  return dk_store_step_done (store, stmt, error);
}

/* Commits for a refused login too, so that the count of wrong passwords and the audit row stay;
 * the refusal travels in data->refusal. */
static gboolean
login_txn (DkStore   *store,
           gpointer   user_data,
           GError   **error)
{
  Login *data = user_data;
  g_auto(UserRow) user = { 0 };
  g_autofree char *device_id = NULL;
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  /* Read again under the write lock: another login may have counted or locked meanwhile. */
  if (data->user_name != NULL && !read_user_by_name (store, data->user_name, &user, &found, error))
    return FALSE;

  if (!found)
    {
      set_invalid_credentials (&data->refusal);
      return record_audit (store, NULL, NULL, "login", NULL, DK_AUDIT_DENIED, data->now_text, error);
    }

  /* The password was checked against a hash that has since been replaced: it proves nothing. */
  if (g_strcmp0 (user.password_hash, data->checked_hash) != 0)
    {
      set_invalid_credentials (&data->refusal);
      return record_audit (store, user.id, NULL, "login", NULL, DK_AUDIT_DENIED, data->now_text, error);
    }

  if (user.locked_until != NULL && strcmp (user.locked_until, data->now_text) > 0)
    {
      set_invalid_credentials (&data->refusal);
      return record_audit (store, user.id, NULL, "login", NULL, DK_AUDIT_DENIED, data->now_text, error);
    }

  if (!data->password_ok)
    {
      set_invalid_credentials (&data->refusal);
      return count_failed_login (store, data, &user, error) &&
             record_audit (store, user.id, NULL, "login", NULL, DK_AUDIT_DENIED, data->now_text, error);
    }

  if (user.disabled_at != NULL)
    {
      set_user_disabled (&data->refusal);
      return record_audit (store, user.id, NULL, "login", NULL, DK_AUDIT_DENIED, data->now_text, error);
    }

  if (!login_device (store, data, user.id, &device_id, error))
    return FALSE;
  if (data->refusal != NULL)
    {
      /* Only a device that is the user's own is named in the trail. */
      gboolean own = g_error_matches (data->refusal, DK_AUTH_ERROR, DK_AUTH_ERROR_DEVICE_REVOKED);

      return record_audit (store, user.id, own ? device_id : NULL, "login", NULL, DK_AUDIT_DENIED,
                           data->now_text, error);
    }

  stmt = dk_store_prepare (store,
                           "UPDATE user SET failed_logins = 0, locked_until = NULL,"
                           "  password_hash = coalesce (?2, password_hash), updated_at = max (updated_at, ?3)"
                           " WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, user.id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, data->new_hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, data->now_text, -1, SQLITE_STATIC);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  return insert_session (store, data->params, user.id, device_id, data->now, &data->session, error) &&
         record_audit (store, user.id, device_id, "login", NULL, DK_AUDIT_SUCCESS, data->now_text, error);
}

gboolean
dk_auth_login (DkStore             *store,
               const DkAuthParams  *params,
               const char          *user_name,
               const char          *password,
               const char          *device_id,
               const char          *device_name,
               GDateTime           *now,
               DkAuthSession      **out_session,
               GError             **error)
{
  g_auto(UserRow) user = { 0 };
  g_autoptr(DkSecretString) normalised = NULL;
  g_autofree char *now_text = NULL;
  char checked_hash[crypto_pwhash_STRBYTES];
  char new_hash[crypto_pwhash_STRBYTES];
  gboolean found = FALSE;
  Login data = { 0 };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (params_valid (params), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (out_session != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *out_session = NULL;

  if (device_id != NULL && !check_id (device_id, _("The device id is not a valid UUID."), error))
    return FALSE;
  if (device_id == NULL && !text_valid (device_name, DEVICE_NAME_MAX))
    {
      g_set_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID,
                   _("A new device needs a name of at most %u characters."), DEVICE_NAME_MAX);
      return FALSE;
    }
  if (!ensure_sodium (error))
    return FALSE;

  /* A name no user can have is looked up all the same: every kind of wrong answer costs the same. */
  if (user_name_valid (user_name) && !read_user_by_name (store, user_name, &user, &found, error))
    return FALSE;

  if (found)
    {
      g_strlcpy (checked_hash, user.password_hash, sizeof checked_hash);
      data.checked_hash = user.password_hash;
    }
  else if (!get_dummy_hash (params, checked_hash, error))
    {
      return FALSE;
    }

  /* The slow part, outside the write transaction. Run for an unknown user too, against the dummy
   * hash, so that the answer takes as long whether the user exists or not. */
  normalised = normalise_password (password);
  data.password_ok = crypto_pwhash_str_verify (checked_hash, normalised != NULL ? normalised : "",
                                               normalised != NULL ? strlen (normalised) : 0) == 0;
  data.password_ok = data.password_ok && found && normalised != NULL;

  if (data.password_ok &&
      crypto_pwhash_str_needs_rehash (checked_hash, params->pwhash_opslimit, params->pwhash_memlimit) != 0)
    {
      /* Stronger (or, in tests, other) limits since the password was set: upgrade while it is known. */
      if (hash_password (params, normalised, new_hash, NULL))
        data.new_hash = new_hash;
    }

  now_text = format_time (now);
  data.params = params;
  /* NULL for an unknown user: then only an audit row without a user is written. */
  data.user_name = found ? user.user_name : NULL;
  data.device_id = device_id;
  data.device_name = device_name;
  data.now = now;
  data.now_text = now_text;

  if (!dk_store_transaction (store, login_txn, &data, error))
    {
      g_clear_error (&data.refusal);
      g_clear_pointer (&data.session, dk_auth_session_free);
      return FALSE;
    }

  if (data.refusal != NULL)
    {
      g_propagate_error (error, data.refusal);
      g_clear_pointer (&data.session, dk_auth_session_free);
      return FALSE;
    }

  *out_session = data.session;
  return TRUE;
}

/* ---- sessions ---- */

typedef struct
{
  char *session_id;
  char *user_id;
  char *device_id;
  char *expires_at;
  char *refresh_expires_at;
  char *revoked_at;
  char *device_revoked_at;
  char *disabled_at;
  char *role;
  char *team_id;
} SessionRow;

static void
session_row_clear (SessionRow *row)
{
  g_clear_pointer (&row->session_id, g_free);
  g_clear_pointer (&row->user_id, g_free);
  g_clear_pointer (&row->device_id, g_free);
  g_clear_pointer (&row->expires_at, g_free);
  g_clear_pointer (&row->refresh_expires_at, g_free);
  g_clear_pointer (&row->revoked_at, g_free);
  g_clear_pointer (&row->device_revoked_at, g_free);
  g_clear_pointer (&row->disabled_at, g_free);
  g_clear_pointer (&row->role, g_free);
  g_clear_pointer (&row->team_id, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SessionRow, session_row_clear)

#define SESSION_QUERY \
  "SELECT s.id, s.user_id, s.device_id, s.expires_at, s.refresh_expires_at, s.revoked_at, d.revoked_at," \
  "  u.disabled_at, u.role, u.team_id" \
  " FROM session AS s JOIN device AS d ON d.id = s.device_id JOIN user AS u ON u.id = s.user_id"

static void
set_token_unknown (GError **error)
{
  g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_TOKEN_UNKNOWN,
                       _("The server does not know this session. Log in again."));
}

/* Finds the session whose token (or refresh token) hashes to the hash of @token. */
static gboolean
find_session (DkStore     *store,
              const char  *sql,
              const char  *token,
              SessionRow  *row,
              GError     **error)
{
  guint8 hash[TOKEN_HASH_BYTES];
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  if (!token_well_formed (token))
    {
      set_token_unknown (error);
      return FALSE;
    }

  hash_token (token, hash);
  stmt = dk_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, hash, sizeof hash, SQLITE_TRANSIENT);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      set_token_unknown (error);
      return FALSE;
    }

  row->session_id = dup_column_text (stmt, 0);
  row->user_id = dup_column_text (stmt, 1);
  row->device_id = dup_column_text (stmt, 2);
  row->expires_at = dup_column_text (stmt, 3);
  row->refresh_expires_at = dup_column_text (stmt, 4);
  row->revoked_at = dup_column_text (stmt, 5);
  row->device_revoked_at = dup_column_text (stmt, 6);
  row->disabled_at = dup_column_text (stmt, 7);
  row->role = dup_column_text (stmt, 8);
  row->team_id = dup_column_text (stmt, 9);
  sqlite3_reset (stmt);

  return TRUE;
}

/* The checks every use of a session makes, most telling first: a revoked device must hear that it
 * has to wipe, even though its sessions were ended too. @expires_at is the session token's or the
 * refresh token's end. */
static gboolean
check_session (const SessionRow  *row,
               const char        *expires_at,
               const char        *now_text,
               gboolean           refreshing,
               GError           **error)
{
  if (row->device_revoked_at != NULL)
    {
      set_device_revoked (error);
      return FALSE;
    }

  if (row->disabled_at != NULL)
    {
      set_user_disabled (error);
      return FALSE;
    }

  if (row->revoked_at != NULL)
    {
      g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_TOKEN_REVOKED,
                           _("This session has ended (logged out, renewed, a new password, or ended by an "
                             "administrator). Log in again."));
      return FALSE;
    }

  if (strcmp (now_text, expires_at) >= 0)
    {
      if (refreshing)
        g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_TOKEN_EXPIRED,
                             _("This session can no longer be renewed because it has not been used for too "
                               "long. Log in again."));
      else
        g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_TOKEN_EXPIRED,
                             _("This session has expired. Renew it, or log in again."));
      return FALSE;
    }

  return TRUE;
}

gboolean
dk_auth_authenticate (DkStore           *store,
                      const char        *token,
                      GDateTime         *now,
                      DkAuthPrincipal  **out_principal,
                      GError           **error)
{
  g_auto(SessionRow) row = { 0 };
  g_autoptr(DkAuthPrincipal) principal = NULL;
  g_autofree char *now_text = NULL;
  DkRole role;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (out_principal != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *out_principal = NULL;
  now_text = format_time (now);

  if (!find_session (store, SESSION_QUERY " WHERE s.token_hash = ?1", token, &row, error))
    return FALSE;
  if (!check_session (&row, row.expires_at, now_text, FALSE, error))
    return FALSE;

  if (!dk_role_from_string (row.role, &role))
    {
      /* The CHECK allows only known roles; a newer server's role is not one this one can enforce. */
      g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID,
                           _("The account has a role this version of the server does not know."));
      return FALSE;
    }

  principal = g_new0 (DkAuthPrincipal, 1);
  principal->user_id = g_steal_pointer (&row.user_id);
  principal->role = role;
  principal->team_id = g_steal_pointer (&row.team_id);
  principal->device_id = g_steal_pointer (&row.device_id);
  principal->session_id = g_steal_pointer (&row.session_id);

  *out_principal = g_steal_pointer (&principal);
  return TRUE;
}

typedef struct
{
  const DkAuthParams *params;
  const char         *refresh_token;
  GDateTime          *now;
  const char         *now_text;
  DkAuthSession      *session;
} Refresh;

static gboolean
refresh_txn (DkStore   *store,
             gpointer   user_data,
             GError   **error)
{
  Refresh *data = user_data;
  g_auto(SessionRow) row = { 0 };
  sqlite3_stmt *stmt;

  /* Looked up under the write lock, so two refreshes with one token cannot both succeed. */
  if (!find_session (store, SESSION_QUERY " WHERE s.refresh_hash = ?1", data->refresh_token, &row, error))
    return FALSE;
  if (!check_session (&row, row.refresh_expires_at, data->now_text, TRUE, error))
    return FALSE;

  stmt = dk_store_prepare (store, "UPDATE session SET revoked_at = max (created_at, ?2) WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row.session_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, data->now_text, -1, SQLITE_STATIC);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  return touch_device (store, row.device_id, data->now_text, error) &&
         insert_session (store, data->params, row.user_id, row.device_id, data->now, &data->session, error) &&
         record_audit (store, row.user_id, row.device_id, "session.refresh", NULL, DK_AUDIT_SUCCESS,
                       data->now_text, error);
}

gboolean
dk_auth_refresh (DkStore             *store,
                 const DkAuthParams  *params,
                 const char          *refresh_token,
                 GDateTime           *now,
                 DkAuthSession      **out_session,
                 GError             **error)
{
  g_autofree char *now_text = NULL;
  Refresh data = { 0 };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (params_valid (params), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (out_session != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *out_session = NULL;
  if (!ensure_sodium (error))
    return FALSE;

  now_text = format_time (now);
  data.params = params;
  data.refresh_token = refresh_token;
  data.now = now;
  data.now_text = now_text;

  if (!dk_store_transaction (store, refresh_txn, &data, error))
    {
      g_clear_pointer (&data.session, dk_auth_session_free);
      return FALSE;
    }

  *out_session = data.session;
  return TRUE;
}

typedef struct
{
  const char *token;
  const char *now_text;
} Logout;

static gboolean
logout_txn (DkStore   *store,
            gpointer   user_data,
            GError   **error)
{
  Logout *data = user_data;
  g_auto(SessionRow) row = { 0 };
  sqlite3_stmt *stmt;

  if (!find_session (store, SESSION_QUERY " WHERE s.token_hash = ?1", data->token, &row, error))
    return FALSE;
  if (row.revoked_at != NULL)
    return TRUE;

  stmt = dk_store_prepare (store, "UPDATE session SET revoked_at = max (created_at, ?2) WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, row.session_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, data->now_text, -1, SQLITE_STATIC);

  return dk_store_step_done (store, stmt, error) &&
         record_audit (store, row.user_id, row.device_id, "logout", NULL, DK_AUDIT_SUCCESS, data->now_text, error);
}

gboolean
dk_auth_logout (DkStore     *store,
                const char  *token,
                GDateTime   *now,
                GError     **error)
{
  g_autofree char *now_text = NULL;
  Logout data;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  now_text = format_time (now);
  data.token = token;
  data.now_text = now_text;

  return dk_store_transaction (store, logout_txn, &data, error);
}

/* ---- devices ---- */

typedef struct
{
  const char *device_id;
  const char *now_text;
} RevokeDevice;

static gboolean
revoke_device_txn (DkStore   *store,
                   gpointer   user_data,
                   GError   **error)
{
  RevokeDevice *data = user_data;
  sqlite3_stmt *stmt;
  gboolean exists = FALSE;

  if (!row_exists (store, "SELECT 1 FROM device WHERE id = ?1", data->device_id, &exists, error))
    return FALSE;
  if (!exists)
    {
      g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_NOT_FOUND, _("There is no device with this id."));
      return FALSE;
    }

  stmt = dk_store_prepare (store,
                           "UPDATE device SET revoked_at = max (registered_at, ?2), wipe_requested = 1"
                           " WHERE id = ?1 AND revoked_at IS NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, data->device_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, data->now_text, -1, SQLITE_STATIC);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  return revoke_sessions (store, REVOKE_DEVICE_SESSIONS, data->device_id, data->now_text, error);
}

gboolean
dk_auth_revoke_device (DkStore     *store,
                       const char  *device_id,
                       GDateTime   *now,
                       GError     **error)
{
  g_autofree char *now_text = NULL;
  RevokeDevice data;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_id (device_id, _("The device id is not a valid UUID."), error))
    return FALSE;

  now_text = format_time (now);
  data.device_id = device_id;
  data.now_text = now_text;

  return dk_store_transaction (store, revoke_device_txn, &data, error);
}

GPtrArray *
dk_auth_list_devices (DkStore     *store,
                      const char  *user_id,
                      GError     **error)
{
  g_autoptr(GPtrArray) devices = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (user_id != NULL)
    {
      gboolean exists = FALSE;

      if (!check_id (user_id, _("The user id is not a valid UUID."), error))
        return NULL;
      if (!row_exists (store, "SELECT 1 FROM user WHERE id = ?1", user_id, &exists, error))
        return NULL;
      if (!exists)
        {
          g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_NOT_FOUND, _("There is no user with this id."));
          return NULL;
        }
    }

  stmt = dk_store_prepare (store,
                           "SELECT id, user_id, name, registered_at, last_seen_at, revoked_at, wipe_requested"
                           " FROM device WHERE ?1 IS NULL OR user_id = ?1 ORDER BY registered_at, id",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_STATIC);

  devices = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_auth_device_free);
  while (dk_store_step_row (store, stmt, &has_row, error) && has_row)
    {
      DkAuthDevice *device = g_new0 (DkAuthDevice, 1);

      device->id = dup_column_text (stmt, 0);
      device->user_id = dup_column_text (stmt, 1);
      device->name = dup_column_text (stmt, 2);
      device->registered_at = parse_time ((const char *) sqlite3_column_text (stmt, 3));
      device->last_seen_at = parse_time ((const char *) sqlite3_column_text (stmt, 4));
      device->revoked_at = parse_time ((const char *) sqlite3_column_text (stmt, 5));
      device->wipe_requested = sqlite3_column_int (stmt, 6) != 0;
      g_ptr_array_add (devices, device);
    }
  if (error != NULL && *error != NULL)
    return NULL;

  return g_steal_pointer (&devices);
}

/* ---- administration ---- */

/* One UPDATE of a user row: @sql binds ?1 user id, ?2 @value, ?3 the time. */
typedef struct
{
  const char *sql;
  const char *user_id;
  const char *value;
  const char *now_text;
  gboolean    value_is_team;
  gboolean    revoke_sessions;
} UpdateUser;

static gboolean
update_user_txn (DkStore   *store,
                 gpointer   user_data,
                 GError   **error)
{
  UpdateUser *data = user_data;
  sqlite3_stmt *stmt;

  if (data->value_is_team && data->value != NULL)
    {
      gboolean exists = FALSE;

      if (!row_exists (store, "SELECT 1 FROM team WHERE id = ?1", data->value, &exists, error))
        return FALSE;
      if (!exists)
        {
          g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_NOT_FOUND, _("There is no team with this id."));
          return FALSE;
        }
    }

  stmt = dk_store_prepare (store, data->sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, data->user_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, data->value, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, data->now_text, -1, SQLITE_STATIC);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;
  if (!changed_rows (store))
    {
      g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_NOT_FOUND, _("There is no user with this id."));
      return FALSE;
    }

  return !data->revoke_sessions ||
         revoke_sessions (store, REVOKE_USER_SESSIONS, data->user_id, data->now_text, error);
}

static gboolean
update_user (DkStore     *store,
             UpdateUser  *data,
             GDateTime   *now,
             GError     **error)
{
  g_autofree char *now_text = format_time (now);

  if (!check_id (data->user_id, _("The user id is not a valid UUID."), error))
    return FALSE;

  data->now_text = now_text;
  return dk_store_transaction (store, update_user_txn, data, error);
}

gboolean
dk_auth_set_role (DkStore     *store,
                  const char  *user_id,
                  DkRole       role,
                  GDateTime   *now,
                  GError     **error)
{
  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_role (role, error))
    return FALSE;

  UpdateUser data = {
    .sql = "UPDATE user SET role = ?2, updated_at = max (updated_at, ?3) WHERE id = ?1",
    .user_id = user_id,
    .value = dk_role_to_string (role),
  };

  return update_user (store, &data, now, error);
}

gboolean
dk_auth_set_team (DkStore     *store,
                  const char  *user_id,
                  const char  *team_id,
                  GDateTime   *now,
                  GError     **error)
{
  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (team_id != NULL && !check_id (team_id, _("The team id is not a valid UUID."), error))
    return FALSE;

  UpdateUser data = {
    .sql = "UPDATE user SET team_id = ?2, updated_at = max (updated_at, ?3) WHERE id = ?1",
    .user_id = user_id,
    .value = team_id,
    .value_is_team = TRUE,
  };

  return update_user (store, &data, now, error);
}

gboolean
dk_auth_disable_user (DkStore     *store,
                      const char  *user_id,
                      GDateTime   *now,
                      GError     **error)
{
  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  UpdateUser data = {
    .sql = "UPDATE user SET disabled_at = coalesce (disabled_at, max (created_at, ?3)),"
           "  updated_at = max (updated_at, ?3)"
           " WHERE id = ?1",
    .user_id = user_id,
    .revoke_sessions = TRUE,
  };

  return update_user (store, &data, now, error);
}

gboolean
dk_auth_enable_user (DkStore     *store,
                     const char  *user_id,
                     GDateTime   *now,
                     GError     **error)
{
  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  UpdateUser data = {
    .sql = "UPDATE user SET disabled_at = NULL, updated_at = max (updated_at, ?3) WHERE id = ?1",
    .user_id = user_id,
  };

  return update_user (store, &data, now, error);
}

typedef struct
{
  const char *name;
  const char *now_text;
  char       *team_id;
} CreateTeam;

static gboolean
create_team_txn (DkStore   *store,
                 gpointer   user_data,
                 GError   **error)
{
  CreateTeam *data = user_data;
  g_autofree char *id = dk_uuid_new ();
  sqlite3_stmt *stmt;
  gboolean exists = FALSE;

  if (!row_exists (store, "SELECT 1 FROM team WHERE name = ?1", data->name, &exists, error))
    return FALSE;
  if (exists)
    {
      g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_EXISTS, _("There is already a team with this name."));
      return FALSE;
    }

  stmt = dk_store_prepare (store,
                           "INSERT INTO team (id, name, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, data->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, data->now_text, -1, SQLITE_STATIC);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  data->team_id = g_steal_pointer (&id);
  return TRUE;
}

gboolean
dk_auth_create_team (DkStore     *store,
                     const char  *name,
                     GDateTime   *now,
                     char       **out_team_id,
                     GError     **error)
{
  g_autofree char *now_text = NULL;
  CreateTeam data = { 0 };
  gboolean ok;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!text_valid (name, TEAM_NAME_MAX))
    {
      g_set_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID,
                   _("A team name must not be empty and may have at most %u characters."), TEAM_NAME_MAX);
      return FALSE;
    }

  now_text = format_time (now);
  data.name = name;
  data.now_text = now_text;

  ok = dk_store_transaction (store, create_team_txn, &data, error);
  if (ok && out_team_id != NULL)
    *out_team_id = g_steal_pointer (&data.team_id);
  g_free (data.team_id);

  return ok;
}

/* ---- audit ---- */

static gboolean
action_valid (const char *action)
{
  gsize length;

  if (action == NULL || !g_ascii_islower (action[0]))
    return FALSE;

  length = strlen (action);
  if (length > ACTION_MAX)
    return FALSE;

  for (const char *p = action; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_' && *p != '.')
      return FALSE;

  return TRUE;
}

typedef struct
{
  const DkAuthPrincipal *principal;
  const char            *action;
  const char            *dossier_id;
  const char            *subject_id;
  DkAuditOutcome         outcome;
  const char            *now_text;
} Audit;

static gboolean
audit_txn (DkStore   *store,
           gpointer   user_data,
           GError   **error)
{
  Audit *data = user_data;

  return record_audit_subject (store,
                               data->principal != NULL ? data->principal->user_id : NULL,
                               data->principal != NULL ? data->principal->device_id : NULL,
                               data->action, data->dossier_id, data->subject_id, data->outcome, data->now_text,
                               error);
}

/* The checks dk_auth_audit() and dk_auth_audit_admin() share. */
static gboolean
check_audit (const char      *action,
             const char      *dossier_id,
             DkAuditOutcome   outcome,
             GError         **error)
{
  if (!action_valid (action))
    {
      g_set_error (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID,
                   _("An audit action is a machine name of at most %u lowercase letters, digits, “_” and "
                     "“.”, starting with a letter."),
                   ACTION_MAX);
      return FALSE;
    }
  if ((guint) outcome >= G_N_ELEMENTS (outcome_names))
    {
      g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID,
                           _("The audit outcome is not one of success, denied or failed."));
      return FALSE;
    }
  if (dossier_id != NULL && !check_id (dossier_id, _("The dossier id is not a valid UUID."), error))
    return FALSE;

  return TRUE;
}

void
dk_auth_audit_logged (DkStore               *store,
                      const DkAuthPrincipal *principal,
                      const char            *action,
                      DkAuditOutcome         outcome)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  if (!dk_auth_audit (store, principal, action, NULL, outcome, now, &error))
    g_warning ("Could not write the audit row for %s: %s", action, error->message);
}

gboolean
dk_auth_audit (DkStore                *store,
               const DkAuthPrincipal  *principal,
               const char             *action,
               const char             *dossier_id,
               DkAuditOutcome          outcome,
               GDateTime              *now,
               GError                **error)
{
  g_autofree char *now_text = NULL;
  Audit data = { 0 };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_audit (action, dossier_id, outcome, error))
    return FALSE;
  if (principal != NULL &&
      ((principal->user_id != NULL && !check_id (principal->user_id, _("The user id is not a valid UUID."), error)) ||
       (principal->device_id != NULL &&
        !check_id (principal->device_id, _("The device id is not a valid UUID."), error))))
    return FALSE;

  now_text = format_time (now);
  data.principal = principal;
  data.action = action;
  data.dossier_id = dossier_id;
  data.outcome = outcome;
  data.now_text = now_text;

  return dk_store_transaction (store, audit_txn, &data, error);
}

gboolean
dk_auth_audit_admin (DkStore         *store,
                     const char      *action,
                     const char      *subject_id,
                     const char      *dossier_id,
                     DkAuditOutcome   outcome,
                     GDateTime       *now,
                     GError         **error)
{
  g_autofree char *now_text = NULL;
  Audit data = { 0 };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_audit (action, dossier_id, outcome, error))
    return FALSE;
  if (!g_str_has_prefix (action, "admin."))
    {
      g_set_error_literal (error, DK_AUTH_ERROR, DK_AUTH_ERROR_INVALID,
                           _("An action of the local administrator is named “admin.” and what was done."));
      return FALSE;
    }
  if (subject_id != NULL && !check_id (subject_id, _("The id of what the administrator acted on is not a valid UUID."),
                                       error))
    return FALSE;

  now_text = format_time (now);
  data.action = action;
  data.dossier_id = dossier_id;
  data.subject_id = subject_id;
  data.outcome = outcome;
  data.now_text = now_text;

  return dk_store_transaction (store, audit_txn, &data, error);
}
