#include "config.h"

#include "dk-server-schema.h"

/* The domain schema's column conventions (dk-domain-schema.c), in the same words. A CHECK that
 * meets NULL passes, so the snippets serve nullable columns too. */
#define UUID_CHECK(col) "CHECK (length (" col ") = 36 AND " col " NOT GLOB '*[^0-9a-f-]*')"
#define TIME_CHECK(col) \
  "CHECK (" col " GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z')"
#define NOW "(strftime ('%Y-%m-%dT%H:%M:%fZ', 'now'))"
#define FLAG_CHECK(col) "CHECK (" col " IN (0, 1))"

#define ID_COLUMN \
  "  id TEXT PRIMARY KEY NOT NULL " UUID_CHECK ("id") ","
#define CREATED_UPDATED_COLUMNS \
  "  created_at TEXT NOT NULL DEFAULT " NOW " " TIME_CHECK ("created_at") "," \
  "  updated_at TEXT NOT NULL DEFAULT " NOW " " TIME_CHECK ("updated_at") " CHECK (updated_at >= created_at)"

/* Never edit a migration that has shipped; add a new one. */
static const DkMigration server_migrations[] = {
  { 1, "users, teams, assignments, devices, sessions, audit",
    "CREATE TABLE team ("
    ID_COLUMN
    "  name TEXT NOT NULL COLLATE NOCASE UNIQUE CHECK (length (trim (name)) > 0),"
    CREATED_UPDATED_COLUMNS
    ") STRICT;"

    /* user_name is what a person types to log in: ASCII only, so that COLLATE NOCASE (which folds
     * ASCII alone) makes "Jan" and "jan" one name for both the UNIQUE index and every lookup.
     * password_hash is libsodium's crypto_pwhash_str() string, which carries its own salt and
     * limits. failed_logins counts the wrong passwords since the last good one; locked_until is
     * set when it reaches the configured maximum. */
    "CREATE TABLE user ("
    ID_COLUMN
    "  user_name TEXT NOT NULL COLLATE NOCASE UNIQUE"
    "    CHECK (length (user_name) BETWEEN 1 AND 64 AND user_name NOT GLOB '*[^A-Za-z0-9._@-]*'),"
    "  display_name TEXT NOT NULL CHECK (length (trim (display_name)) > 0),"
    "  role TEXT NOT NULL CHECK (role IN ('field_worker', 'debt_counsellor', 'team_lead', 'back_office',"
    "    'administrator')),"
    "  team_id TEXT REFERENCES team (id) ON DELETE RESTRICT,"
    "  password_hash TEXT NOT NULL CHECK (password_hash GLOB '$argon2id$*'),"
    "  disabled_at TEXT " TIME_CHECK ("disabled_at") ","
    "  failed_logins INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),"
    "  locked_until TEXT " TIME_CHECK ("locked_until") ","
    CREATED_UPDATED_COLUMNS
    ") STRICT;"
    "CREATE INDEX user_team ON user (team_id);"

    /* A dossier assigned to a worker from one moment until another (open-ended while NULL). The
     * scope rules that read it come with the sync protocol. */
    "CREATE TABLE assignment ("
    ID_COLUMN
    "  user_id TEXT NOT NULL REFERENCES user (id) ON DELETE RESTRICT,"
    "  dossier_id TEXT NOT NULL REFERENCES dossier (id) ON DELETE RESTRICT,"
    "  assigned_from TEXT NOT NULL " TIME_CHECK ("assigned_from") ","
    "  assigned_until TEXT " TIME_CHECK ("assigned_until") ","
    CREATED_UPDATED_COLUMNS ","
    "  CHECK (assigned_until IS NULL OR assigned_until > assigned_from)"
    ") STRICT;"
    "CREATE INDEX assignment_user ON assignment (user_id, assigned_from);"
    "CREATE INDEX assignment_dossier ON assignment (dossier_id, assigned_from);"

    /* One row per user per installation, made at its first login. A revoked device can no longer
     * log in, and is told at its next contact to wipe its replica (wipe_requested). */
    "CREATE TABLE device ("
    ID_COLUMN
    "  user_id TEXT NOT NULL REFERENCES user (id) ON DELETE RESTRICT,"
    "  name TEXT NOT NULL CHECK (length (trim (name)) BETWEEN 1 AND 100),"
    "  registered_at TEXT NOT NULL " TIME_CHECK ("registered_at") ","
    "  last_seen_at TEXT NOT NULL " TIME_CHECK ("last_seen_at") ","
    "  revoked_at TEXT " TIME_CHECK ("revoked_at") ","
    "  wipe_requested INTEGER NOT NULL DEFAULT 0 " FLAG_CHECK ("wipe_requested") ","
    "  CHECK (last_seen_at >= registered_at),"
    "  CHECK (revoked_at IS NULL OR revoked_at >= registered_at),"
    "  CHECK (wipe_requested = 0 OR revoked_at IS NOT NULL)"
    ") STRICT;"
    "CREATE INDEX device_user ON device (user_id);"

    /* The tokens themselves are never stored: only their BLAKE2b hashes (crypto_generichash, 32
     * bytes), so a copy of the database lets no one act as a logged-in user. */
    "CREATE TABLE session ("
    ID_COLUMN
    "  user_id TEXT NOT NULL REFERENCES user (id) ON DELETE RESTRICT,"
    "  device_id TEXT NOT NULL REFERENCES device (id) ON DELETE RESTRICT,"
    "  token_hash BLOB NOT NULL UNIQUE CHECK (length (token_hash) = 32),"
    "  refresh_hash BLOB NOT NULL UNIQUE CHECK (length (refresh_hash) = 32),"
    "  created_at TEXT NOT NULL " TIME_CHECK ("created_at") ","
    "  expires_at TEXT NOT NULL " TIME_CHECK ("expires_at") ","
    "  refresh_expires_at TEXT NOT NULL " TIME_CHECK ("refresh_expires_at") ","
    "  revoked_at TEXT " TIME_CHECK ("revoked_at") ","
    "  CHECK (expires_at > created_at),"
    "  CHECK (refresh_expires_at >= expires_at),"
    "  CHECK (revoked_at IS NULL OR revoked_at >= created_at)"
    ") STRICT;"
    "CREATE INDEX session_user ON session (user_id);"
    "CREATE INDEX session_device ON session (device_id);"

    /* Who did what to which dossier, from which device, with what outcome: ids and machine names
     * only, never a name, BSN or amount, so the trail itself holds no personal data to leak.
     * user_id is NULL for a failed login under an unknown name (the name is not kept). dossier_id
     * has no foreign key: a refused attempt on a dossier that does not exist is audited too. */
    "CREATE TABLE audit ("
    ID_COLUMN
    "  at TEXT NOT NULL " TIME_CHECK ("at") ","
    "  user_id TEXT REFERENCES user (id) ON DELETE RESTRICT,"
    "  device_id TEXT REFERENCES device (id) ON DELETE RESTRICT,"
    "  action TEXT NOT NULL CHECK (length (action) BETWEEN 1 AND 64 AND action GLOB '[a-z]*'"
    "    AND action NOT GLOB '*[^a-z0-9_.]*'),"
    "  dossier_id TEXT " UUID_CHECK ("dossier_id") ","
    "  outcome TEXT NOT NULL CHECK (outcome IN ('success', 'denied', 'failed'))"
    ") STRICT;"
    "CREATE INDEX audit_at ON audit (at);"
    "CREATE INDEX audit_user ON audit (user_id, at);"
    "CREATE INDEX audit_dossier ON audit (dossier_id, at);"
    "CREATE INDEX audit_device ON audit (device_id);"
    "CREATE TRIGGER audit_append_only_update BEFORE UPDATE ON audit"
    "  BEGIN SELECT RAISE (ABORT, 'audit is append-only: add a new row instead'); END;"
    "CREATE TRIGGER audit_append_only_delete BEFORE DELETE ON audit"
    "  BEGIN SELECT RAISE (ABORT, 'audit is append-only: rows are never deleted'); END;" },
};

const DkMigration *
dk_server_migrations (gsize *n_migrations)
{
  g_return_val_if_fail (n_migrations != NULL, NULL);

  *n_migrations = G_N_ELEMENTS (server_migrations);
  return server_migrations;
}
