#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dk-store.h"

/* Long enough to ride out another connection's ordinary write transaction, short enough that a
 * stuck one becomes a visible DK_STORE_ERROR_BUSY rather than a hung window. */
#define BUSY_TIMEOUT_MS 5000

struct _DkStore
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements;      /* SQL text → sqlite3_stmt, all owned by the store */
  guint       schema_version;
  guint       depth;           /* nesting of dk_store_transaction() calls now running */
};

G_DEFINE_FINAL_TYPE (DkStore, dk_store, G_TYPE_OBJECT)

G_DEFINE_QUARK (dk-store-error-quark, dk_store_error)

enum {
  PROP_0,
  PROP_PATH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_error_with_message (GError     **error,
                        int          rc,
                        const char  *message)
{
  switch (rc & 0xff)
    {
    case SQLITE_CONSTRAINT:
      g_set_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT,
                   _("The change breaks a rule of the database (%s)."), message);
      break;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, DK_STORE_ERROR, DK_STORE_ERROR_BUSY,
                   _("The database is in use by another program or window; try again in a moment (%s)."),
                   message);
      break;

    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CORRUPT,
                   _("The file is not a database, or the database in it is damaged (%s)."), message);
      break;

    case SQLITE_FULL:
      g_set_error (error, DK_STORE_ERROR, DK_STORE_ERROR_FULL,
                   _("The disk or the database is full, so the change could not be saved (%s)."), message);
      break;

    case SQLITE_READONLY:
      g_set_error (error, DK_STORE_ERROR, DK_STORE_ERROR_READONLY,
                   _("The database cannot be written to (%s)."), message);
      break;

    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      g_set_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CANT_OPEN,
                   _("The database file cannot be opened or created (%s)."), message);
      break;

    default:
      g_set_error (error, DK_STORE_ERROR, DK_STORE_ERROR_FAILED,
                   _("The database reported an error (%s)."), message);
      break;
    }
}

/* SQLite's message names tables, columns and constraints, never the values bound to a statement,
 * so it is safe to show; the connection's message only belongs to @rc if the codes agree. */
static const char *
sqlite_message (sqlite3 *db,
                int      rc)
{
  if (db != NULL && (sqlite3_errcode (db) & 0xff) == (rc & 0xff))
    return sqlite3_errmsg (db);

  return sqlite3_errstr (rc);
}

void
dk_store_set_sqlite_error (DkStore  *self,
                           int       rc,
                           GError  **error)
{
  g_return_if_fail (DK_IS_STORE (self));

  set_error_with_message (error, rc, sqlite_message (self->db, rc));
}

static gboolean
transaction_is_lost (DkStore *self)
{
  return self->depth > 0 && sqlite3_get_autocommit (self->db);
}

static void
set_lost_error (GError **error)
{
  g_set_error_literal (error, DK_STORE_ERROR, DK_STORE_ERROR_FAILED,
                       _("The database already undid this change after an earlier error, so nothing of it was saved."));
}

/* Without this guard, statements run after SQLite rolled the transaction back would each commit on
 * their own, saving half of a change that was reported as failed. */
static gboolean
check_transaction_alive (DkStore  *self,
                         GError  **error)
{
  if (transaction_is_lost (self))
    {
      set_lost_error (error);
      return FALSE;
    }

  return TRUE;
}

static gboolean
is_single_statement (DkStore    *self,
                     const char *tail)
{
  sqlite3_stmt *rest = NULL;
  int rc;

  if (tail == NULL || *tail == '\0')
    return TRUE;

  /* Comments and white space after the statement compile to nothing; anything else is a second
   * statement that sqlite3_step() would silently never run. */
  rc = sqlite3_prepare_v2 (self->db, tail, -1, &rest, NULL);
  sqlite3_finalize (rest);

  return rc == SQLITE_OK && rest == NULL;
}

static sqlite3_stmt *
lookup_statement (DkStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  const char *tail = NULL;
  int rc;

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      /* sqlite3_reset() repeats the error of the last step, which was reported back then. */
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
  if (rc != SQLITE_OK)
    {
      dk_store_set_sqlite_error (self, rc, error);
      return NULL;
    }

  if (stmt == NULL)
    {
      g_set_error_literal (error, DK_STORE_ERROR, DK_STORE_ERROR_FAILED,
                           _("The database was given an empty SQL statement."));
      return NULL;
    }

  if (!is_single_statement (self, tail))
    {
      sqlite3_finalize (stmt);
      g_set_error_literal (error, DK_STORE_ERROR, DK_STORE_ERROR_FAILED,
                           _("The database was given several SQL statements where it takes only one."));
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);

  return stmt;
}

static gboolean
step_done (DkStore       *self,
           sqlite3_stmt  *stmt,
           GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return TRUE;
    }

  if (rc == SQLITE_ROW)
    {
      g_set_error_literal (error, DK_STORE_ERROR, DK_STORE_ERROR_FAILED,
                           _("A database statement that should only change data returned rows."));
    }
  else
    {
      dk_store_set_sqlite_error (self, rc, error);
    }

  sqlite3_reset (stmt);
  return FALSE;
}

static gboolean
run_statement (DkStore     *self,
               const char  *sql,
               GError     **error)
{
  sqlite3_stmt *stmt = lookup_statement (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  return step_done (self, stmt, error);
}

/* Runs @sql, which must return a row, and leaves @stmt on that row for the caller to read. */
static sqlite3_stmt *
query_row (DkStore     *self,
           const char  *sql,
           GError     **error)
{
  sqlite3_stmt *stmt = lookup_statement (self, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    return stmt;

  if (rc == SQLITE_DONE)
    g_set_error_literal (error, DK_STORE_ERROR, DK_STORE_ERROR_FAILED,
                         _("A database query that always returns a value returned nothing."));
  else
    dk_store_set_sqlite_error (self, rc, error);

  sqlite3_reset (stmt);
  return NULL;
}

static gboolean
query_int (DkStore      *self,
           const char   *sql,
           gint64       *out_value,
           GError      **error)
{
  sqlite3_stmt *stmt = query_row (self, sql, error);

  if (stmt == NULL)
    return FALSE;

  *out_value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return TRUE;
}

static char *
query_text (DkStore     *self,
            const char  *sql,
            GError     **error)
{
  sqlite3_stmt *stmt = query_row (self, sql, error);
  char *value;

  if (stmt == NULL)
    return NULL;

  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value != NULL ? value : g_strdup ("");
}

/* For the way back after a failure: the original error is what the caller needs to see, so a
 * failing ROLLBACK is only logged. */
static void
run_quietly (DkStore    *self,
             const char *sql)
{
  g_autoptr(GError) error = NULL;

  if (!run_statement (self, sql, &error))
    g_warning ("Database statement “%s” failed: %s", sql, error->message);
}

static void
rollback_if_active (DkStore *self)
{
  if (!sqlite3_get_autocommit (self->db))
    run_quietly (self, "ROLLBACK");
}

static gboolean
validate_migrations (const DkMigration  *migrations,
                     gsize               n_migrations,
                     GError            **error)
{
  if (n_migrations > G_MAXINT32)
    {
      g_set_error_literal (error, DK_STORE_ERROR, DK_STORE_ERROR_MIGRATION,
                           _("The list of database migrations is longer than a schema version can count."));
      return FALSE;
    }

  for (gsize i = 0; i < n_migrations; i++)
    {
      const DkMigration *m = &migrations[i];

      if (m->version != i + 1)
        {
          g_set_error (error, DK_STORE_ERROR, DK_STORE_ERROR_MIGRATION,
                       _("Database migration number %u is entry %u of the list; "
                         "migrations must be numbered 1, 2, 3, … in order, without gaps."),
                       m->version, (guint) (i + 1));
          return FALSE;
        }

      if (m->name == NULL || m->sql == NULL)
        {
          g_set_error (error, DK_STORE_ERROR, DK_STORE_ERROR_MIGRATION,
                       _("Database migration %u has no name or no SQL."), m->version);
          return FALSE;
        }
    }

  return TRUE;
}

/* The main list's name in dk_schema_history. Its version stays in PRAGMA user_version, where
 * dk_store_open() can read it before anything touches the file and any SQLite tool shows it. */
#define MAIN_TRACK "main"

static gboolean
is_main_track (const char *track)
{
  return g_str_equal (track, MAIN_TRACK);
}

static void
set_migration_error (GError            **error,
                     const char         *track,
                     const DkMigration  *migration,
                     const char         *detail)
{
  if (is_main_track (track))
    g_set_error (error, DK_STORE_ERROR, DK_STORE_ERROR_MIGRATION,
                 _("The database could not be updated to schema version %u (“%s”): %s"),
                 migration->version, migration->name, detail);
  else
    g_set_error (error, DK_STORE_ERROR, DK_STORE_ERROR_MIGRATION,
                 _("The database’s “%s” tables could not be updated to version %u (“%s”): %s"),
                 track, migration->version, migration->name, detail);
}

/* The track column defaults to 'main' so that a program from before tracks, which records only
 * version, name and applied_at, still writes correct rows into a table of this shape. */
#define HISTORY_COLUMNS \
  "("                                             \
  "  track       TEXT NOT NULL DEFAULT 'main',"   \
  "  version     INTEGER NOT NULL,"               \
  "  name        TEXT NOT NULL,"                  \
  "  applied_at  TEXT NOT NULL,"                  \
  "  PRIMARY KEY (track, version)"                \
  ")"

/*
 * Brings dk_schema_history to its present shape. Databases made before tracks existed key it by
 * version alone, which a second list numbered from 1 would collide with, so it is rebuilt the way
 * the SQLite documentation describes. This runs inside the transaction of the first migration that
 * records itself, so the rebuild commits or rolls back with that migration, and a database with
 * nothing to migrate is never written to.
 */
static gboolean
ensure_history_table (DkStore  *self,
                      GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean exists;
  gboolean has_track;
  char *exec_message = NULL;
  int rc;

  stmt = query_row (self,
                    "SELECT"
                    " (SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'dk_schema_history'),"
                    " (SELECT count(*) FROM pragma_table_info ('dk_schema_history') WHERE name = 'track')",
                    error);
  if (stmt == NULL)
    return FALSE;
  exists = sqlite3_column_int (stmt, 0) > 0;
  has_track = sqlite3_column_int (stmt, 1) > 0;
  sqlite3_reset (stmt);

  if (exists && has_track)
    return TRUE;

  /* A script of DDL, which only sqlite3_exec() runs in one go (as for the migrations themselves). */
  rc = sqlite3_exec (self->db,
                     exists
                       ? "CREATE TABLE dk_schema_history_new " HISTORY_COLUMNS ";"
                         "INSERT INTO dk_schema_history_new (track, version, name, applied_at)"
                         "  SELECT 'main', version, name, applied_at FROM dk_schema_history;"
                         "DROP TABLE dk_schema_history;"
                         "ALTER TABLE dk_schema_history_new RENAME TO dk_schema_history;"
                       : "CREATE TABLE dk_schema_history " HISTORY_COLUMNS ";",
                     NULL, NULL, &exec_message);
  if (rc != SQLITE_OK)
    {
      set_error_with_message (error, rc, exec_message != NULL ? exec_message : sqlite3_errstr (rc));
      sqlite3_free (exec_message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
store_track_version (DkStore            *self,
                     const char         *track,
                     const DkMigration  *migration,
                     GError            **error)
{
  sqlite3_stmt *stmt;

  if (is_main_track (track))
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %u", migration->version);

      return run_statement (self, set_version, error);
    }

  /* Created here rather than by dk_store_open(), so databases that only hold the main list (the
   * client replicas) never get the table. The range is that of user_version. */
  if (!run_statement (self,
                      "CREATE TABLE IF NOT EXISTS dk_schema_track ("
                      "  track    TEXT PRIMARY KEY NOT NULL,"
                      "  version  INTEGER NOT NULL CHECK (version BETWEEN 1 AND 2147483647)"
                      ") STRICT",
                      error))
    return FALSE;

  stmt = lookup_statement (self,
                           "INSERT INTO dk_schema_track (track, version) VALUES (?1, ?2)"
                           "  ON CONFLICT (track) DO UPDATE SET version = excluded.version",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, track, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, migration->version);
  return step_done (self, stmt, error);
}

/* Runs inside the migration's own transaction; on failure the caller rolls it back. */
static gboolean
apply_migration (DkStore            *self,
                 const char         *track,
                 const DkMigration  *migration,
                 GError            **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *applied_at = g_date_time_format (now, "%Y-%m-%dT%H:%M:%SZ");
  sqlite3_stmt *stmt;
  char *exec_message = NULL;
  int rc;

  if (!ensure_history_table (self, NULL))
    goto sqlite_failed;

  /* A migration is a script of DDL, which only sqlite3_exec() runs in one go. */
  rc = sqlite3_exec (self->db, migration->sql, NULL, NULL, &exec_message);
  if (rc != SQLITE_OK)
    {
      set_migration_error (error, track, migration,
                           exec_message != NULL ? exec_message : sqlite3_errstr (rc));
      sqlite3_free (exec_message);
      return FALSE;
    }

  stmt = lookup_statement (self, "PRAGMA foreign_key_check", NULL);
  if (stmt == NULL)
    goto sqlite_failed;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      g_autofree char *detail = NULL;

      detail = g_strdup_printf (_("rows in table “%s” refer to rows that are missing from table “%s”."),
                                (const char *) sqlite3_column_text (stmt, 0),
                                (const char *) sqlite3_column_text (stmt, 2));
      sqlite3_reset (stmt);
      set_migration_error (error, track, migration, detail);
      return FALSE;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    goto sqlite_failed;

  if (!store_track_version (self, track, migration, NULL))
    goto sqlite_failed;

  stmt = lookup_statement (self,
                           "INSERT INTO dk_schema_history (track, version, name, applied_at)"
                           " VALUES (?1, ?2, ?3, ?4)",
                           NULL);
  if (stmt == NULL)
    goto sqlite_failed;
  sqlite3_bind_text (stmt, 1, track, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, migration->version);
  sqlite3_bind_text (stmt, 3, migration->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, applied_at, -1, SQLITE_STATIC);
  if (!step_done (self, stmt, NULL))
    goto sqlite_failed;

  return TRUE;

sqlite_failed:
  /* Every statement above resets itself on failure, which leaves its message on the connection. */
  set_migration_error (error, track, migration, sqlite3_errmsg (self->db));
  return FALSE;
}

/* The version @track is at, 0 before its first migration. */
static gboolean
read_track_version (DkStore     *self,
                    const char  *track,
                    gint64      *out_version,
                    GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 has_table = 0;
  int rc;

  if (is_main_track (track))
    return query_int (self, "PRAGMA user_version", out_version, error);

  *out_version = 0;

  if (!query_int (self, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'dk_schema_track'",
                  &has_table, error))
    return FALSE;
  if (has_table == 0)
    return TRUE;

  stmt = lookup_statement (self, "SELECT version FROM dk_schema_track WHERE track = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, track, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out_version = sqlite3_column_int64 (stmt, 0);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      dk_store_set_sqlite_error (self, rc, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  return TRUE;
}

/* Sets @error and returns FALSE unless the database's @found version of @track is one this program
 * knows. */
static gboolean
check_version_known (const char  *track,
                     gint64       found,
                     gsize        known,
                     GError     **error)
{
  /* Versions are signed 32-bit (user_version's range) and Draagkracht never makes them negative. */
  if (found < 0 || found > G_MAXINT32)
    {
      if (is_main_track (track))
        g_set_error_literal (error, DK_STORE_ERROR, DK_STORE_ERROR_CORRUPT,
                             _("The database has an invalid schema version; it was not written by Draagkracht."));
      else
        g_set_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CORRUPT,
                     _("The database has an invalid version for its “%s” tables; it was not written by Draagkracht."),
                     track);
      return FALSE;
    }

  if ((guint64) found > known)
    {
      if (is_main_track (track))
        g_set_error (error, DK_STORE_ERROR, DK_STORE_ERROR_TOO_NEW,
                     _("This database was written by a newer version of Draagkracht (schema version %u; "
                       "this program knows up to %u). Update Draagkracht to open it."),
                     (guint) found, (guint) known);
      else
        g_set_error (error, DK_STORE_ERROR, DK_STORE_ERROR_TOO_NEW,
                     _("This database was written by a newer version of Draagkracht (version %u of its "
                       "“%s” tables; this program knows up to %u). Update Draagkracht to open it."),
                     (guint) found, track, (guint) known);
      return FALSE;
    }

  return TRUE;
}

static gboolean
migrate (DkStore            *self,
         const char         *track,
         const DkMigration  *migrations,
         gsize               n_migrations,
         GError            **error)
{
  /* Foreign keys cannot be switched inside a transaction, and a migration that rebuilds a table
   * needs them off; apply_migration() runs foreign_key_check instead before each commit. */
  if (!run_statement (self, "PRAGMA foreign_keys = OFF", error))
    return FALSE;

  for (;;)
    {
      const DkMigration *migration;
      gint64 current;

      if (!run_statement (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      /* Read again under the write lock: another process may have migrated while this one waited. */
      if (!read_track_version (self, track, &current, error))
        {
          rollback_if_active (self);
          return FALSE;
        }

      if (!check_version_known (track, current, n_migrations, error))
        {
          rollback_if_active (self);
          return FALSE;
        }

      if ((guint64) current == n_migrations)
        {
          rollback_if_active (self);
          if (is_main_track (track))
            self->schema_version = (guint) current;
          return TRUE;
        }

      migration = &migrations[current];
      if (!apply_migration (self, track, migration, error))
        {
          rollback_if_active (self);
          return FALSE;
        }

      if (!run_statement (self, "COMMIT", NULL))
        {
          set_migration_error (error, track, migration, sqlite3_errmsg (self->db));
          rollback_if_active (self);
          return FALSE;
        }

      g_debug ("Database track %s migrated to version %u (%s)", track, migration->version, migration->name);
    }
}

static gboolean
configure_connection (DkStore  *self,
                      GError  **error)
{
  static const struct {
    int op;
    int value;
  } settings[] = {
    /* Ordinary SQL must not be able to corrupt the file (writable_schema and the like). */
    { SQLITE_DBCONFIG_DEFENSIVE, 1 },
    /* Functions with side effects must not run from views or triggers stored in the file. */
    { SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0 },
    /* "text" is an identifier; a misspelled column must be an error, not a string. */
    { SQLITE_DBCONFIG_DQS_DDL, 0 },
    { SQLITE_DBCONFIG_DQS_DML, 0 },
  };
  int rc;

  rc = sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  if (rc != SQLITE_OK)
    {
      dk_store_set_sqlite_error (self, rc, error);
      return FALSE;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (settings); i++)
    {
      rc = sqlite3_db_config (self->db, settings[i].op, settings[i].value, NULL);
      if (rc != SQLITE_OK)
        {
          dk_store_set_sqlite_error (self, rc, error);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
set_journal_mode (DkStore  *self,
                  GError  **error)
{
  g_autofree char *mode = NULL;

  mode = query_text (self, "PRAGMA journal_mode = WAL", error);
  if (mode == NULL)
    return FALSE;

  /* An in-memory database has no file to log beside and stays "memory". */
  if (g_strcmp0 (self->path, ":memory:") != 0 && g_ascii_strcasecmp (mode, "wal") != 0)
    {
      g_set_error (error, DK_STORE_ERROR, DK_STORE_ERROR_FAILED,
                   _("The database could not be switched to write-ahead logging (its journal mode "
                     "stayed “%s”); the file may be on a network drive, which is not supported."),
                   mode);
      return FALSE;
    }

  return TRUE;
}

DkStore *
dk_store_open (const char         *path,
               const DkMigration  *migrations,
               gsize               n_migrations,
               GError            **error)
{
  g_autoptr(DkStore) self = NULL;
  gint64 version = 0;
  gint64 foreign_keys = 0;
  int rc;

  g_return_val_if_fail (path != NULL && *path != '\0', NULL);
  g_return_val_if_fail (migrations != NULL || n_migrations == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!validate_migrations (migrations, n_migrations, error))
    return NULL;

  self = g_object_new (DK_TYPE_STORE, NULL);
  self->path = g_strdup (path);

  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_error_with_message (error, rc, sqlite_message (self->db, rc));
      return NULL;
    }

  if (!configure_connection (self, error))
    return NULL;

  /* Read the version before anything writes to the file, so that a database from a newer program,
   * or a file that is no database at all, is left exactly as it was. */
  if (!query_int (self, "PRAGMA user_version", &version, error))
    return NULL;

  if (!check_version_known (MAIN_TRACK, version, n_migrations, error))
    return NULL;

  if (!set_journal_mode (self, error))
    return NULL;

  if (!run_statement (self, "PRAGMA synchronous = NORMAL", error))
    return NULL;

  self->schema_version = (guint) version;
  if ((guint64) version < n_migrations && !migrate (self, MAIN_TRACK, migrations, n_migrations, error))
    return NULL;

  if (!run_statement (self, "PRAGMA foreign_keys = ON", error))
    return NULL;

  /* A SQLite built without foreign key support accepts the pragma and ignores it. */
  if (!query_int (self, "PRAGMA foreign_keys", &foreign_keys, error))
    return NULL;
  if (foreign_keys != 1)
    {
      g_set_error_literal (error, DK_STORE_ERROR, DK_STORE_ERROR_FAILED,
                           _("The database library does not enforce foreign keys."));
      return NULL;
    }

  return g_steal_pointer (&self);
}

const char *
dk_store_get_path (DkStore *self)
{
  g_return_val_if_fail (DK_IS_STORE (self), NULL);

  return self->path;
}

guint
dk_store_get_schema_version (DkStore *self)
{
  g_return_val_if_fail (DK_IS_STORE (self), 0);

  return self->schema_version;
}

gboolean
dk_store_migrate_track (DkStore            *self,
                        const char         *track,
                        const DkMigration  *migrations,
                        gsize               n_migrations,
                        GError            **error)
{
  g_autoptr(GError) restore_error = NULL;
  gint64 version = 0;
  gboolean ok;

  g_return_val_if_fail (DK_IS_STORE (self), FALSE);
  g_return_val_if_fail (track != NULL, FALSE);
  g_return_val_if_fail (migrations != NULL || n_migrations == 0, FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (*track == '\0' || is_main_track (track))
    {
      g_set_error (error, DK_STORE_ERROR, DK_STORE_ERROR_MIGRATION,
                   _("A migration track needs a name other than “%s”, which is the main schema "
                     "that opening the database brings up to date."),
                   MAIN_TRACK);
      return FALSE;
    }

  if (!validate_migrations (migrations, n_migrations, error))
    return FALSE;

  /* As in dk_store_open(): a database from a newer program is refused before anything is written. */
  if (!read_track_version (self, track, &version, error))
    return FALSE;
  if (!check_version_known (track, version, n_migrations, error))
    return FALSE;
  if ((guint64) version == n_migrations)
    return TRUE;

  ok = migrate (self, track, migrations, n_migrations, error);

  /* migrate() switched foreign keys off; outside migrations the connection always has them on. */
  if (!run_statement (self, "PRAGMA foreign_keys = ON", &restore_error))
    {
      if (ok)
        g_propagate_error (error, g_steal_pointer (&restore_error));
      return FALSE;
    }

  return ok;
}

gboolean
dk_store_get_track_version (DkStore     *self,
                            const char  *track,
                            guint       *out_version,
                            GError     **error)
{
  gint64 version = 0;

  g_return_val_if_fail (DK_IS_STORE (self), FALSE);
  g_return_val_if_fail (track != NULL && *track != '\0', FALSE);
  g_return_val_if_fail (out_version != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *out_version = 0;

  if (is_main_track (track))
    {
      *out_version = self->schema_version;
      return TRUE;
    }

  if (!check_transaction_alive (self, error))
    return FALSE;
  if (!read_track_version (self, track, &version, error))
    return FALSE;
  if (!check_version_known (track, version, G_MAXINT32, error))
    return FALSE;

  *out_version = (guint) version;
  return TRUE;
}

sqlite3 *
dk_store_get_db (DkStore *self)
{
  g_return_val_if_fail (DK_IS_STORE (self), NULL);

  return self->db;
}

sqlite3_stmt *
dk_store_prepare (DkStore     *self,
                  const char  *sql,
                  GError     **error)
{
  g_return_val_if_fail (DK_IS_STORE (self), NULL);
  g_return_val_if_fail (self->db != NULL, NULL);
  g_return_val_if_fail (sql != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_transaction_alive (self, error))
    return NULL;

  return lookup_statement (self, sql, error);
}

gboolean
dk_store_step_done (DkStore       *self,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  g_return_val_if_fail (DK_IS_STORE (self), FALSE);
  g_return_val_if_fail (stmt != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_transaction_alive (self, error))
    {
      sqlite3_reset (stmt);
      return FALSE;
    }

  return step_done (self, stmt, error);
}

gboolean
dk_store_step_row (DkStore       *self,
                   sqlite3_stmt  *stmt,
                   gboolean      *has_row,
                   GError       **error)
{
  int rc;

  g_return_val_if_fail (DK_IS_STORE (self), FALSE);
  g_return_val_if_fail (stmt != NULL, FALSE);
  g_return_val_if_fail (has_row != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *has_row = FALSE;

  if (!check_transaction_alive (self, error))
    {
      sqlite3_reset (stmt);
      return FALSE;
    }

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *has_row = TRUE;
      return TRUE;
    }

  if (rc == SQLITE_DONE)
    {
      /* Resetting ends the statement's read transaction, which would otherwise hold back WAL
       * checkpoints until the statement is next used. */
      sqlite3_reset (stmt);
      return TRUE;
    }

  dk_store_set_sqlite_error (self, rc, error);
  sqlite3_reset (stmt);
  return FALSE;
}

gboolean
dk_store_transaction (DkStore                 *self,
                      DkStoreTransactionFunc   func,
                      gpointer                 user_data,
                      GError                 **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *savepoint = NULL;
  g_autofree char *release = NULL;
  g_autofree char *rollback_to = NULL;
  gboolean outermost;
  gboolean ok;

  g_return_val_if_fail (DK_IS_STORE (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_transaction_alive (self, error))
    return FALSE;

  outermost = self->depth == 0;
  if (outermost)
    {
      g_return_val_if_fail (sqlite3_get_autocommit (self->db), FALSE);

      /* IMMEDIATE takes the write lock now, so a busy database fails here, before any work, instead
       * of at the first write with half of @func done. */
      if (!run_statement (self, "BEGIN IMMEDIATE", error))
        return FALSE;
    }
  else
    {
      savepoint = g_strdup_printf ("SAVEPOINT dk_savepoint_%u", self->depth);
      release = g_strdup_printf ("RELEASE dk_savepoint_%u", self->depth);
      rollback_to = g_strdup_printf ("ROLLBACK TO dk_savepoint_%u", self->depth);

      if (!run_statement (self, savepoint, error))
        return FALSE;
    }

  self->depth++;
  ok = func (self, user_data, &local_error);
  self->depth--;

  if (!ok && local_error == NULL)
    {
      g_critical ("%s: the transaction function returned FALSE without setting an error", G_STRFUNC);
      g_set_error_literal (&local_error, DK_STORE_ERROR, DK_STORE_ERROR_FAILED,
                           _("The change could not be saved because of an internal error."));
    }

  if (sqlite3_get_autocommit (self->db))
    {
      /* SQLite has rolled back everything, outer levels included; there is nothing left to commit,
       * release or roll back. */
      if (ok)
        set_lost_error (error);
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (outermost)
    {
      if (ok)
        {
          if (run_statement (self, "COMMIT", &local_error))
            return TRUE;

          /* A deferred foreign key fails the COMMIT but leaves the transaction open. */
        }

      rollback_if_active (self);
    }
  else
    {
      if (ok && run_statement (self, release, &local_error))
        return TRUE;

      /* ROLLBACK TO keeps the savepoint open; RELEASE removes it. */
      run_quietly (self, rollback_to);
      run_quietly (self, release);
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

gboolean
dk_store_integrity_check (DkStore  *self,
                          GError  **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  g_return_val_if_fail (DK_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = dk_store_prepare (self, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;
  if (!dk_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  if (has_row && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
    {
      /* The report names tables, indexes and row numbers, not the data in them. */
      g_set_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CORRUPT,
                   _("The database is damaged (the first problem found: %s)."),
                   (const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  stmt = dk_store_prepare (self, "PRAGMA foreign_key_check", error);
  if (stmt == NULL)
    return FALSE;
  if (!dk_store_step_row (self, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      g_set_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT,
                   _("Rows in table “%s” refer to rows that are missing from table “%s”."),
                   (const char *) sqlite3_column_text (stmt, 0),
                   (const char *) sqlite3_column_text (stmt, 2));
      sqlite3_reset (stmt);
      return FALSE;
    }

  return TRUE;
}

gboolean
dk_store_backup_to (DkStore     *self,
                    const char  *dest_path,
                    GError     **error)
{
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  gboolean ok = FALSE;
  int rc;

  g_return_val_if_fail (DK_IS_STORE (self), FALSE);
  g_return_val_if_fail (dest_path != NULL && *dest_path != '\0', FALSE);
  g_return_val_if_fail (self->depth == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  rc = sqlite3_open_v2 (dest_path, &dest,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      set_error_with_message (error, rc, sqlite_message (dest, rc));
      goto out;
    }
  sqlite3_busy_timeout (dest, BUSY_TIMEOUT_MS);

  backup = sqlite3_backup_init (dest, "main", self->db, "main");
  if (backup == NULL)
    {
      rc = sqlite3_errcode (dest);
      set_error_with_message (error, rc, sqlite_message (dest, rc));
      goto out;
    }

  /* One step copies everything under one read lock, so the copy is a consistent snapshot. */
  rc = sqlite3_backup_step (backup, -1);
  if (rc != SQLITE_DONE)
    {
      set_error_with_message (error, rc, sqlite_message (dest, rc));
      sqlite3_backup_finish (backup);
      goto out;
    }

  rc = sqlite3_backup_finish (backup);
  if (rc != SQLITE_OK)
    {
      set_error_with_message (error, rc, sqlite_message (dest, rc));
      goto out;
    }

  ok = TRUE;

out:
  rc = sqlite3_close (dest);
  if (rc != SQLITE_OK && ok)
    {
      set_error_with_message (error, rc, sqlite3_errstr (rc));
      ok = FALSE;
    }

  return ok;
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
dk_store_finalize (GObject *object)
{
  DkStore *self = DK_STORE (object);

  g_clear_pointer (&self->statements, g_hash_table_unref);

  if (self->db != NULL)
    {
      int rc = sqlite3_close (self->db);

      /* Only a statement or backup someone else made on dk_store_get_db() and never finished keeps
       * the connection open; the message says which kind of failure, nothing about the data. */
      if (rc != SQLITE_OK)
        g_warning ("Could not close the database: %s", sqlite3_errstr (rc));
      self->db = NULL;
    }

  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (dk_store_parent_class)->finalize (object);
}

static void
dk_store_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  DkStore *self = DK_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dk_store_class_init (DkStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = dk_store_finalize;
  object_class->get_property = dk_store_get_property;

  /* Read-only: dk_store_open() is the only constructor, because opening can fail. */
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
dk_store_init (DkStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
}
