#pragma once

#include <glib-object.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/*
 * DkStore: one SQLite connection with a versioned schema, cached prepared statements and nested
 * transactions. The client's local replica and the sync server's central store are both a DkStore
 * (modelled on Evolution Data Server's ECache).
 *
 * Threads: the connection is opened with SQLITE_OPEN_NOMUTEX, so a DkStore must only be used by one
 * thread at a time; in practice it belongs to the thread that opened it. A GTask worker that needs
 * the database opens its own DkStore on the same file (WAL mode lets readers and one writer work
 * side by side; a writer waits up to five seconds for another before failing with
 * DK_STORE_ERROR_BUSY).
 *
 * Connection settings: journal_mode=WAL (file databases), synchronous=NORMAL, foreign_keys=ON, a
 * 5 s busy timeout, defensive mode (SQL cannot deliberately corrupt the file, e.g. through
 * writable_schema), trusted_schema=OFF, and double-quoted string literals are refused in DDL and DML
 * (write 'text', not "text").
 *
 * Error messages carry SQLite's own message (which names tables, columns and constraints) but never a
 * bound value, because values may be personal data. They never contain the database's path either;
 * callers that show an error to a person add which database it was about.
 */

#define DK_STORE_ERROR (dk_store_error_quark ())

typedef enum
{
  DK_STORE_ERROR_FAILED,      /* any other SQLite failure, or a misused statement */
  DK_STORE_ERROR_CANT_OPEN,   /* the file cannot be opened or created (missing folder, permissions) */
  DK_STORE_ERROR_CORRUPT,     /* not a database, damaged, or integrity_check found problems */
  DK_STORE_ERROR_TOO_NEW,     /* written by a newer Draagkracht: its schema version is unknown here */
  DK_STORE_ERROR_MIGRATION,   /* a migration failed (or the migration list itself is invalid) */
  DK_STORE_ERROR_CONSTRAINT,  /* UNIQUE, NOT NULL, CHECK or FOREIGN KEY constraint, or a trigger's RAISE */
  DK_STORE_ERROR_BUSY,        /* another connection held the database for longer than the busy timeout */
  DK_STORE_ERROR_FULL,        /* the disk (or the database's size limit) is full */
  DK_STORE_ERROR_READONLY,    /* the database cannot be written to */
} DkStoreError;

GQuark dk_store_error_quark (void);

/*
 * One schema step. A program passes a static array of them numbered 1, 2, 3, … in order, without gaps.
 * @sql may hold several statements and should be DDL (plus whatever data moves the change needs).
 * Never edit a migration that has shipped; add a new one.
 *
 * Each pending migration runs in its own BEGIN IMMEDIATE transaction together with the new version
 * (PRAGMA user_version for the main list, a row of dk_schema_track for a named track, see
 * dk_store_migrate_track()) and a row in dk_schema_history (track, version, name, applied_at as UTC
 * ISO 8601; the main list's track is "main").
 * Migrations run with foreign_keys switched off, so that a migration may rebuild a table the way the
 * SQLite documentation describes (create new, copy, drop old, rename); before each commit
 * PRAGMA foreign_key_check must come back empty, otherwise the migration fails.
 */
typedef struct
{
  guint       version;
  const char *name;
  const char *sql;
} DkMigration;

#define DK_TYPE_STORE (dk_store_get_type ())

G_DECLARE_FINAL_TYPE (DkStore, dk_store, DK, STORE, GObject)

/*
 * Opens (creating if needed) the database at @path, which may be ":memory:", and brings its schema up
 * to the last of @migrations. Errors:
 *   DK_STORE_ERROR_MIGRATION  @migrations is not numbered 1..N, or a migration failed; the database is
 *                             left at the last version that did succeed;
 *   DK_STORE_ERROR_TOO_NEW    the database has a higher schema version than @migrations knows; the
 *                             file is left untouched;
 *   DK_STORE_ERROR_CORRUPT    the file is not a database or is damaged; the file is left untouched;
 *   DK_STORE_ERROR_CANT_OPEN, DK_STORE_ERROR_BUSY, …  as mapped from SQLite.
 * This is the only way to make a usable DkStore.
 */
DkStore      *dk_store_open                (const char         *path,
                                            const DkMigration  *migrations,
                                            gsize               n_migrations,
                                            GError            **error);

const char   *dk_store_get_path            (DkStore            *self);

/* The schema version the database was left at by dk_store_open(). */
guint         dk_store_get_schema_version  (DkStore            *self);

/*
 * Brings the tables of one named @track up to the last of @migrations, after dk_store_open() has done
 * the main list. A track is a second, independent list of migrations for tables that only some
 * programs keep in a database of the shared schema (the sync server's users, sessions and change
 * log), so that neither list's numbering depends on the other's.
 *
 * The rules are those of the main list: @migrations numbered 1..N without gaps, each pending one in
 * its own BEGIN IMMEDIATE transaction with foreign keys switched off and foreign_key_check before
 * the commit, and a failing one rolls back only itself. The track's version is kept in
 * dk_schema_track (track, version), created with the track's first migration. Errors:
 *   DK_STORE_ERROR_MIGRATION  @track is empty or "main" (the main list belongs to dk_store_open()),
 *                             @migrations is not numbered 1..N, or a migration failed; the track is
 *                             left at the last version that did succeed;
 *   DK_STORE_ERROR_TOO_NEW    the database has a higher version of @track than @migrations knows (the
 *                             message names the track); nothing is written;
 *   DK_STORE_ERROR_BUSY, …    as mapped from SQLite.
 * Must not be called inside dk_store_transaction().
 */
gboolean      dk_store_migrate_track       (DkStore            *self,
                                            const char         *track,
                                            const DkMigration  *migrations,
                                            gsize               n_migrations,
                                            GError            **error);

/* The version the database's tables of @track are at: 0 when none of its migrations ran yet. For
 * "main" the same as dk_store_get_schema_version(). */
gboolean      dk_store_get_track_version   (DkStore            *self,
                                            const char         *track,
                                            guint              *out_version,
                                            GError            **error);

/* The raw connection, for advanced callers (e.g. the session extension). The store keeps owning it:
 * never close it, and do not BEGIN/COMMIT on it behind dk_store_transaction()'s back. */
sqlite3      *dk_store_get_db              (DkStore            *self);

/*
 * Returns the cached prepared statement for @sql (exactly one SQL statement), preparing it the first
 * time. It comes back reset and with all bindings cleared, so a statement must not be requested again
 * while an earlier use of it is still being stepped through. The store owns it: never finalize it.
 * Returns NULL and sets @error if @sql does not compile, or if the surrounding transaction has already
 * been rolled back by SQLite (see dk_store_transaction()).
 */
sqlite3_stmt *dk_store_prepare             (DkStore            *self,
                                            const char         *sql,
                                            GError            **error);

/* Steps @stmt once, expecting SQLITE_DONE (an INSERT, UPDATE, DELETE). A row is an error, as is any
 * SQLite failure, mapped to a DK_STORE_ERROR code. @stmt is reset afterwards either way. */
gboolean      dk_store_step_done           (DkStore            *self,
                                            sqlite3_stmt       *stmt,
                                            GError            **error);

/*
 * Steps @stmt once for a query: on a row sets *@has_row = TRUE and returns TRUE (read the columns with
 * sqlite3_column_*()); at the end sets *@has_row = FALSE, resets @stmt and returns TRUE; on failure
 * resets @stmt, sets *@has_row = FALSE and returns FALSE.
 *
 *   while (dk_store_step_row (store, stmt, &has_row, error) && has_row)
 *     …;
 */
gboolean      dk_store_step_row            (DkStore            *self,
                                            sqlite3_stmt       *stmt,
                                            gboolean           *has_row,
                                            GError            **error);

/* Sets @error from the SQLite result code @rc and the connection's current error message, for
 * advanced callers that use dk_store_get_db() directly. */
void          dk_store_set_sqlite_error    (DkStore            *self,
                                            int                 rc,
                                            GError            **error);

/*
 * A transaction function returns TRUE to keep its changes, or FALSE with @error set to undo them.
 */
typedef gboolean (*DkStoreTransactionFunc) (DkStore   *store,
                                            gpointer   user_data,
                                            GError   **error);

/*
 * Runs @func inside a transaction: one logical change, all or nothing. The outermost call does
 * BEGIN IMMEDIATE … COMMIT (or ROLLBACK when @func fails, propagating its error unchanged). A call
 * made from inside @func uses a SAVEPOINT, so when an inner function fails only its own changes are
 * undone and the outer function may handle the error and carry on.
 *
 * Some failures make SQLite roll back the whole transaction by itself (a trigger's RAISE(ROLLBACK),
 * some I/O errors). From then on dk_store_prepare(), dk_store_step_done() and dk_store_step_row()
 * fail until the outermost dk_store_transaction() returns, which then fails too: nothing of the change
 * is saved, and nothing after the rollback can slip into the database outside a transaction.
 *
 * A COMMIT that fails (e.g. a deferred foreign key) rolls back and returns the error.
 */
gboolean      dk_store_transaction         (DkStore                 *self,
                                            DkStoreTransactionFunc   func,
                                            gpointer                 user_data,
                                            GError                 **error);

/* Runs PRAGMA integrity_check (DK_STORE_ERROR_CORRUPT when it finds problems) and PRAGMA
 * foreign_key_check (DK_STORE_ERROR_CONSTRAINT when a row refers to a missing row). Reads the whole
 * database, so it is slow on a big one. */
gboolean      dk_store_integrity_check     (DkStore            *self,
                                            GError            **error);

/* Copies the whole database to @dest_path with SQLite's online backup API, replacing what was there.
 * Must not be called inside dk_store_transaction(). */
gboolean      dk_store_backup_to           (DkStore            *self,
                                            const char         *dest_path,
                                            GError            **error);

G_END_DECLS
