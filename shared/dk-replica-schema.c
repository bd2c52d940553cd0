#include "config.h"

#include "dk-replica-schema.h"
#include "dk-schema-sql.h"

/* The domain schema refuses every UPDATE and DELETE of debt_status and calculation. On a replica the
 * sync itself must still replace them (a snapshot brings the server's times) and remove them (a purge),
 * so there the refusal holds for local edits only: dk_sync_capture () is true outside the sync's own
 * writes (dk-replica.c). */
#define APPEND_ONLY_LOCAL(table) \
  "DROP TRIGGER " table "_append_only_update;" \
  "DROP TRIGGER " table "_append_only_delete;" \
  "CREATE TRIGGER " table "_append_only_update BEFORE UPDATE ON " table " WHEN dk_sync_capture ()" \
  "  BEGIN SELECT RAISE (ABORT, '" table " is append-only: add a new row instead'); END;" \
  "CREATE TRIGGER " table "_append_only_delete BEFORE DELETE ON " table " WHEN dk_sync_capture ()" \
  "  BEGIN SELECT RAISE (ABORT, '" table " is append-only: rows are never deleted'); END;"

/* Not INSERT OR IGNORE: a trigger's conflict clause gives way to the outer statement's (the sync's
 * upserts, an INSERT OR REPLACE). */
#define MARK_DIRTY(value) \
  "  INSERT INTO dossier_search_dirty (dossier_id) SELECT " value \
  "  WHERE NOT EXISTS (SELECT 1 FROM dossier_search_dirty WHERE dossier_id = " value ");"
#define SEARCH_DIRTY(table, key) \
  "CREATE TRIGGER " table "_search_insert AFTER INSERT ON " table \
  "  BEGIN" MARK_DIRTY ("new." key) " END;" \
  "CREATE TRIGGER " table "_search_update AFTER UPDATE ON " table \
  "  BEGIN" MARK_DIRTY ("old." key) MARK_DIRTY ("new." key) " END;" \
  "CREATE TRIGGER " table "_search_delete AFTER DELETE ON " table \
  "  BEGIN" MARK_DIRTY ("old." key) " END;"

/* Never edit a migration that has shipped; add a new one. */
static const DkMigration replica_migrations[] = {
  { 1, "sync outbox, field versions, cursor, conflicts",
    "CREATE TABLE sync_outbox ("
    "  seq_local INTEGER PRIMARY KEY,"
    "  change_id TEXT NOT NULL UNIQUE " DK_SQL_UUID_CHECK ("change_id") ","
    "  record_table TEXT NOT NULL,"
    "  record_id TEXT NOT NULL,"
    "  dossier_id TEXT NOT NULL,"
    "  op TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),"
    "  fields TEXT NOT NULL,"
    "  base TEXT,"
    "  made_at TEXT NOT NULL " DK_SQL_TIME_CHECK ("made_at") ","
    "  state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'applied', 'conflict', 'refused')),"
    "  answer TEXT,"
    "  answer_seq INTEGER CHECK (answer_seq > 0),"
    "  answered_at TEXT " DK_SQL_TIME_CHECK ("answered_at") ","
    "  CHECK ((state IN ('pending', 'sent')) = (answer IS NULL))"
    ") STRICT;"
    "CREATE INDEX sync_outbox_record ON sync_outbox (record_table, record_id, state);"
    "CREATE INDEX sync_outbox_state ON sync_outbox (state, seq_local);"
    "CREATE INDEX sync_outbox_dossier ON sync_outbox (dossier_id);"

    "CREATE TABLE sync_field ("
    "  record_table TEXT NOT NULL,"
    "  record_id TEXT NOT NULL,"
    "  field TEXT NOT NULL,"
    "  seq INTEGER NOT NULL CHECK (seq > 0),"
    "  PRIMARY KEY (record_table, record_id, field)"
    ") STRICT, WITHOUT ROWID;"

    "CREATE TABLE sync_state ("
    "  id INTEGER PRIMARY KEY CHECK (id = 1),"
    "  cursor INTEGER NOT NULL CHECK (cursor >= 0),"
    "  user_id TEXT " DK_SQL_UUID_CHECK ("user_id") ","
    "  device_id TEXT " DK_SQL_UUID_CHECK ("device_id") ","
    "  last_push_at TEXT " DK_SQL_TIME_CHECK ("last_push_at") ","
    "  last_pull_at TEXT " DK_SQL_TIME_CHECK ("last_pull_at")
    ") STRICT;"
    "INSERT INTO sync_state (id, cursor) VALUES (1, 0);"

    DK_SQL_CONFLICT_TABLE

    APPEND_ONLY_LOCAL ("debt_status")
    APPEND_ONLY_LOCAL ("calculation") },

  /* The dossier list's full-text search (dk-dossier-index.c). The store runs with trusted_schema=OFF,
   * under which a trigger may not write a virtual table; so triggers only mark a dossier dirty, and
   * the index is brought up to date from C before it is read. doc is the FTS rowid, stable per
   * dossier even when the dossier row is replaced or purged. */
  { 2, "dossier search index",
    "CREATE TABLE dossier_search_key ("
    "  doc INTEGER PRIMARY KEY,"
    "  dossier_id TEXT NOT NULL UNIQUE"
    ") STRICT;"
    "CREATE TABLE dossier_search_dirty ("
    "  dossier_id TEXT PRIMARY KEY NOT NULL"
    ") STRICT, WITHOUT ROWID;"
    "CREATE VIRTUAL TABLE dossier_search USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2',"
    "  prefix = '2 3');"
    SEARCH_DIRTY ("dossier", "id")
    SEARCH_DIRTY ("person", "dossier_id")
    SEARCH_DIRTY ("contact", "dossier_id")
    "INSERT INTO dossier_search_dirty (dossier_id) SELECT id FROM dossier;" },

  /* Dossiers to ask the server for again at the next pull, once a person discarded a refused change
   * in them (dk-replica-review.h): the snapshot brings back the server's values. */
  { 3, "dossiers to fetch again",
    "CREATE TABLE sync_refetch ("
    "  dossier_id TEXT PRIMARY KEY NOT NULL " DK_SQL_UUID_CHECK ("dossier_id") ","
    "  marked_at TEXT NOT NULL " DK_SQL_TIME_CHECK ("marked_at")
    ") STRICT, WITHOUT ROWID;" },

  /* The append-only tables of domain migration 7, as migration 1 does for debt_status and calculation:
   * a new snapshot of a dossier (the server publishes a signal into a case a device holds) replaces
   * their rows, and a purge removes them. */
  { 4, "early signals: the sync replaces and removes signal items and contact attempts",
    APPEND_ONLY_LOCAL ("signal_item")
    APPEND_ONLY_LOCAL ("signal_attempt") },
};

const DkMigration *
dk_replica_migrations (gsize *n_migrations)
{
  g_return_val_if_fail (n_migrations != NULL, NULL);

  *n_migrations = G_N_ELEMENTS (replica_migrations);
  return replica_migrations;
}
