#include "config.h"

#include "dk-server-schema.h"
#include "dk-schema-sql.h"

#define UUID_CHECK DK_SQL_UUID_CHECK
#define TIME_CHECK DK_SQL_TIME_CHECK
#define NOW DK_SQL_NOW
#define FLAG_CHECK DK_SQL_FLAG_CHECK
#define ID_COLUMN DK_SQL_ID_COLUMN
#define CREATED_UPDATED_COLUMNS DK_SQL_CREATED_UPDATED_COLUMNS

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

  /* The sync protocol's state (PROTOCOL.md). change_log: every change a device pushed, with the
   * answer it got, in server order (seq); also the server's own entries: conflict records made by a
   * push, and the snapshot and purge markers that place a device's scope changes in its stream
   * (device_id is then the device the marker is for; pulls find them through device_scope). fields holds what was written (NULL when
   * nothing was: refused, all fields in conflict, markers), so a refused change keeps no values.
   * record_table, record_id, dossier_id and op are NULL on a refused change that named none
   * valid. dossier_id has no foreign key, so a refusal about a dossier that does not exist is
   * logged too. */
  { 2, "sync: change log, field versions, conflicts, device scope, low-water mark",
    "CREATE TABLE change_log ("
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    "  change_id TEXT NOT NULL UNIQUE " UUID_CHECK ("change_id") ","
    "  record_table TEXT CHECK (length (record_table) > 0),"
    "  record_id TEXT " UUID_CHECK ("record_id") ","
    "  dossier_id TEXT " UUID_CHECK ("dossier_id") ","
    "  op TEXT CHECK (op IN ('insert', 'update', 'delete', 'snapshot', 'purge')),"
    "  fields TEXT,"
    "  user_id TEXT NOT NULL REFERENCES user (id) ON DELETE RESTRICT,"
    "  device_id TEXT NOT NULL REFERENCES device (id) ON DELETE RESTRICT,"
    "  made_at TEXT " TIME_CHECK ("made_at") ","
    "  applied_at TEXT NOT NULL " TIME_CHECK ("applied_at") ","
    "  status TEXT NOT NULL CHECK (status IN ('applied', 'conflict', 'refused')),"
    "  answer TEXT,"
    "  CHECK (status <> 'refused' OR fields IS NULL),"
    "  CHECK (fields IS NULL OR (record_table IS NOT NULL AND record_id IS NOT NULL AND dossier_id IS NOT NULL"
    "    AND op IN ('insert', 'update', 'delete'))),"
    "  CHECK (op NOT IN ('snapshot', 'purge') OR (dossier_id IS NOT NULL AND record_table IS NULL"
    "    AND status = 'applied'))"
    ") STRICT;"
    "CREATE INDEX change_log_dossier ON change_log (dossier_id, seq);"

    /* The seq of the change that last set each field of a mutable record; no row: never set
     * (version 0). */
    "CREATE TABLE field_version ("
    "  record_table TEXT NOT NULL,"
    "  record_id TEXT NOT NULL,"
    "  field TEXT NOT NULL,"
    "  seq INTEGER NOT NULL CHECK (seq > 0),"
    "  PRIMARY KEY (record_table, record_id, field)"
    ") STRICT, WITHOUT ROWID;"

    DK_SQL_CONFLICT_TABLE

    /* The dossiers a device holds. snapshot_seq: the seq of the snapshot marker that hands the
     * dossier over (NULL when the device made the dossier itself); since_seq: the dossier's changes
     * up to here are in the snapshot; purge_seq: the dossier left scope and the purge marker is at
     * this seq. A row goes when the device's cursor passes its purge marker, and until then the
     * device may still push into the dossier. */
    "CREATE TABLE device_scope ("
    "  device_id TEXT NOT NULL REFERENCES device (id) ON DELETE RESTRICT,"
    "  dossier_id TEXT NOT NULL REFERENCES dossier (id) ON DELETE RESTRICT,"
    "  snapshot_seq INTEGER CHECK (snapshot_seq > 0),"
    "  since_seq INTEGER NOT NULL CHECK (since_seq >= 0),"
    "  purge_seq INTEGER CHECK (purge_seq > 0),"
    "  PRIMARY KEY (device_id, dossier_id)"
    ") STRICT, WITHOUT ROWID;"
    "CREATE INDEX device_scope_dossier ON device_scope (dossier_id);"

    /* Change-log entries up to low_water_seq may have been compacted away: a cursor below it
     * cannot be continued (409 resync-required). One row. */
    "CREATE TABLE change_log_low_water ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  low_water_seq INTEGER NOT NULL CHECK (low_water_seq >= 0)"
    ") STRICT;"
    "INSERT INTO change_log_low_water (id, low_water_seq) VALUES (1, 0);" },

  /* What an action of the local administrator (draagkracht-admin, which has no user or device) was
   * done to: the user, team or device, by id. No foreign key, like dossier_id: a row must outlive
   * whatever it names. */
  { 3, "audit: the subject of an administrator's action",
    "ALTER TABLE audit ADD COLUMN subject_id TEXT " UUID_CHECK ("subject_id") ";"
    "CREATE INDEX audit_subject ON audit (subject_id, at);" },

  /* The task an early-signal case for a running or recently closed dossier put in that dossier
   * (dk-signal-publish.h), so each case gets one however often the publishing runs, also after a
   * worker deleted the task and compaction took it away. task_id has no foreign key for that reason. */
  { 4, "early signals: the task each case for a known dossier made",
    "CREATE TABLE early_signal_task ("
    "  case_id TEXT PRIMARY KEY NOT NULL REFERENCES early_signal_case (id) ON DELETE RESTRICT,"
    "  task_id TEXT NOT NULL " UUID_CHECK ("task_id") ","
    "  dossier_id TEXT NOT NULL " UUID_CHECK ("dossier_id") ","
    "  created_at TEXT NOT NULL " TIME_CHECK ("created_at")
    ") STRICT;" },
};

const DkMigration *
dk_server_migrations (gsize *n_migrations)
{
  g_return_val_if_fail (n_migrations != NULL, NULL);

  *n_migrations = G_N_ELEMENTS (server_migrations);
  return server_migrations;
}
