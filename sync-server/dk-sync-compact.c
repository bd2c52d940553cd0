#include "config.h"

#include <string.h>

#include "dk-sync-compact.h"
#include "dk-sync-registry.h"

typedef struct
{
  DkStore             *store;
  char                *cutoff;  /* now − the window, in the store's time form */
  DkSyncCompactStats   stats;
} Compact;

/* In the store's form (YYYY-MM-DDTHH:MM:SS.mmmZ, UTC), so times compare as text. */
static char *
store_time (GDateTime *time)
{
  g_autoptr(GDateTime) utc = g_date_time_to_utc (time);
  g_autofree char *seconds = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%S");

  return g_strdup_printf ("%s.%03dZ", seconds, g_date_time_get_microsecond (utc) / 1000);
}

static gboolean
query_int (Compact     *c,
           const char  *sql,
           gint64       arg,
           const char  *text_arg,
           gint64      *out_value,
           gboolean    *out_null,
           GError     **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (c->store, sql, error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) >= 1)
    sqlite3_bind_int64 (stmt, 1, arg);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_text (stmt, 2, text_arg, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (c->store, stmt, &has_row, error))
    return FALSE;

  *out_null = !has_row || sqlite3_column_type (stmt, 0) == SQLITE_NULL;
  *out_value = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  if (has_row)
    sqlite3_reset (stmt);
  return TRUE;
}

/* Runs a statement with ?1 (an integer, when it has one) and ?2 (text, when it has one) and adds
 * the rows it changed to *@counter. */
static gboolean
run_counted (Compact     *c,
             const char  *sql,
             gint64       arg,
             const char  *text_arg,
             guint       *counter,
             GError     **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (c->store, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) >= 1)
    sqlite3_bind_int64 (stmt, 1, arg);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_text (stmt, 2, text_arg, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_done (c->store, stmt, error))
    return FALSE;

  if (counter != NULL)
    *counter += (guint) sqlite3_changes (dk_store_get_db (c->store));
  return TRUE;
}

static gboolean
run_for_id (Compact     *c,
            const char  *sql,
            const char  *first,
            const char  *second,
            guint       *counter,
            GError     **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (c->store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
  if (second != NULL)
    sqlite3_bind_text (stmt, 2, second, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_done (c->store, stmt, error))
    return FALSE;

  if (counter != NULL)
    *counter += (guint) sqlite3_changes (dk_store_get_db (c->store));
  return TRUE;
}

/* ---- the change log ---- */

/*
 * Entries at or below the mark were either the server's own (snapshot and purge markers, the
 * entries of conflict records), which go, or changes a device pushed. Those keep a receipt: the
 * device that lost the answer to a push sends the same change again, and without its change_id
 * the change would be applied a second time (an insert of a record that was deleted and
 * compacted meanwhile would bring it back). The receipt holds no record, dossier or values.
 * A revoked device never sends again, so its receipts go.
 */
static gboolean
compact_change_log (Compact  *c,
                    gint64    old_low_water,
                    GError  **error)
{
  gint64 low_water = c->stats.low_water_seq;
  sqlite3_stmt *stmt;

  if (!run_counted (c, "DELETE FROM change_log WHERE seq <= ?1 AND answer IS NULL",
                    low_water, NULL, &c->stats.entries_removed, error) ||
      !run_counted (c,
                    "DELETE FROM change_log WHERE seq <= ?1"
                    " AND device_id IN (SELECT id FROM device WHERE revoked_at IS NOT NULL)",
                    low_water, NULL, &c->stats.entries_removed, error))
    return FALSE;

  /* What lies at or below the old mark was slimmed by an earlier run. */
  stmt = dk_store_prepare (c->store,
                           "UPDATE change_log SET record_table = NULL, record_id = NULL, dossier_id = NULL,"
                           " op = NULL, fields = NULL, made_at = NULL"
                           " WHERE seq > ?2 AND seq <= ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, low_water);
  sqlite3_bind_int64 (stmt, 2, old_low_water);
  if (!dk_store_step_done (c->store, stmt, error))
    return FALSE;
  c->stats.entries_slimmed += (guint) sqlite3_changes (dk_store_get_db (c->store));

  return TRUE;
}

/* ---- rows past their tombstone ---- */

static const DkSyncField *
tombstone_field (const DkSyncTable *table)
{
  for (gsize i = 0; i < table->n_fields; i++)
    if (table->fields[i].access == DK_SYNC_ACCESS_TOMBSTONE)
      return &table->fields[i];
  return NULL;
}

static gboolean
is_dossier_table (const DkSyncTable *table)
{
  return strcmp (table->dossier_column, "id") == 0;
}

static void
append_identifier (GString    *sql,
                   const char *name)
{
  g_string_append_c (sql, '"');
  for (const char *p = name; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (sql, '"');
      g_string_append_c (sql, *p);
    }
  g_string_append_c (sql, '"');
}

/*
 * The query for the rows of @table that may go: tombstoned before the cutoff (?1), no conflict
 * record about them, and no row of any table pointing at them through a foreign key. The keys are
 * read from the schema itself, so a table added later holds its parents too, and the store stays
 * as consistent as PRAGMA foreign_key_check wants it. The rows that go with a dossier
 * (assignment, device_scope) do not hold it.
 */
static char *
candidates_sql (Compact            *c,
                const DkSyncTable  *table,
                GError            **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT t.id FROM ");
  g_autofree char *open_table = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;
  gint64 open_key = -1;

  append_identifier (sql, table->name);
  g_string_append (sql, " AS t WHERE t.");
  append_identifier (sql, tombstone_field (table)->column);
  g_string_append (sql, " < ?1 AND NOT EXISTS (SELECT 1 FROM conflict AS c WHERE c.record_table = ?2"
                        " AND c.record_id = t.id)");

  stmt = dk_store_prepare (c->store,
                           "SELECT m.name, f.id, f.\"from\", f.\"to\""
                           " FROM sqlite_schema AS m, pragma_foreign_key_list (m.name) AS f"
                           " WHERE m.type = 'table' AND f.\"table\" = ?1 COLLATE NOCASE"
                           " ORDER BY m.name, f.id, f.seq",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, table->name, -1, SQLITE_STATIC);
  while ((ok = dk_store_step_row (c->store, stmt, &has_row, error)) && has_row)
    {
      const char *child = (const char *) sqlite3_column_text (stmt, 0);
      gint64 key = sqlite3_column_int64 (stmt, 1);
      const char *from = (const char *) sqlite3_column_text (stmt, 2);
      const char *to = (const char *) sqlite3_column_text (stmt, 3);

      if (is_dossier_table (table) && (strcmp (child, "assignment") == 0 || strcmp (child, "device_scope") == 0))
        continue;

      /* A key of several columns comes as several rows of the same id. */
      if (open_table != NULL && (key != open_key || strcmp (child, open_table) != 0))
        {
          g_string_append (sql, ")");
          g_clear_pointer (&open_table, g_free);
        }
      if (open_table == NULL)
        {
          g_string_append (sql, " AND NOT EXISTS (SELECT 1 FROM ");
          append_identifier (sql, child);
          g_string_append (sql, " AS r WHERE ");
          open_table = g_strdup (child);
          open_key = key;
        }
      else
        {
          g_string_append (sql, " AND ");
        }
      g_string_append (sql, "r.");
      append_identifier (sql, from);
      g_string_append (sql, " = t.");
      /* No column named: the parent's primary key, which is id in every synced table. */
      append_identifier (sql, to != NULL ? to : "id");
    }
  if (!ok)
    return NULL;
  if (open_table != NULL)
    g_string_append (sql, ")");

  return g_string_free (g_steal_pointer (&sql), FALSE);
}

static gboolean
remove_row (Compact            *c,
            const DkSyncTable  *table,
            const char         *id,
            GError            **error)
{
  g_autoptr(GString) sql = g_string_new ("DELETE FROM ");

  if (!run_for_id (c, "DELETE FROM field_version WHERE record_table = ?1 AND record_id = ?2", table->name, id,
                   NULL, error))
    return FALSE;

  /* Who held a dossier that is gone no longer matters; the audit trail keeps who did what. */
  if (is_dossier_table (table) &&
      (!run_for_id (c, "DELETE FROM assignment WHERE dossier_id = ?1", id, NULL, &c->stats.assignments_removed,
                    error) ||
       !run_for_id (c, "DELETE FROM device_scope WHERE dossier_id = ?1", id, NULL, &c->stats.device_scopes_removed,
                    error)))
    return FALSE;

  append_identifier (sql, table->name);
  g_string_append (sql, " WHERE id = ?1");
  return run_for_id (c, sql->str, id, NULL, &c->stats.rows_removed, error);
}

/* One pass over the tables, children before parents (the registry's order reversed); *@out_removed
 * is the number of rows it deleted. */
static gboolean
remove_rows_once (Compact  *c,
                  guint    *out_removed,
                  GError  **error)
{
  const DkSyncTable *tables;
  gsize n_tables = 0;
  guint before = c->stats.rows_removed;

  tables = dk_sync_registry_tables (&n_tables);
  for (gsize i = n_tables; i-- > 0;)
    {
      const DkSyncTable *table = &tables[i];
      g_autofree char *sql = NULL;
      g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
      sqlite3_stmt *stmt;
      gboolean has_row = FALSE;
      gboolean ok;

      /* Append-only rows are never deleted (the schema refuses it), and conflict records go by
       * their own rule. */
      if (tombstone_field (table) == NULL)
        continue;

      sql = candidates_sql (c, table, error);
      if (sql == NULL)
        return FALSE;
      stmt = dk_store_prepare (c->store, sql, error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, c->cutoff, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, table->name, -1, SQLITE_STATIC);
      /* Read them all first: deleting from a table while a query walks it is not well-defined. */
      while ((ok = dk_store_step_row (c->store, stmt, &has_row, error)) && has_row)
        g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      if (!ok)
        return FALSE;

      for (guint j = 0; j < ids->len; j++)
        if (!remove_row (c, table, ids->pdata[j], error))
          return FALSE;
    }

  *out_removed = c->stats.rows_removed - before;
  return TRUE;
}

/* A row of a table may point at another row of the same table (a split's source person or debt),
 * which then only becomes free in the next pass; repeat until a pass finds nothing more. */
static gboolean
remove_rows (Compact  *c,
             GError  **error)
{
  guint removed;

  do
    {
      if (!remove_rows_once (c, &removed, error))
        return FALSE;
    }
  while (removed > 0);

  return TRUE;
}

/* ---- the whole compaction ---- */

static gboolean
compact_in_transaction (DkStore   *store,
                        gpointer   user_data,
                        GError   **error)
{
  Compact *c = user_data;
  gint64 old_low_water = 0;
  gint64 newest_old = 0;
  gboolean is_null = FALSE;

  if (!query_int (c, "SELECT low_water_seq FROM change_log_low_water WHERE id = 1", 0, NULL, &old_low_water,
                  &is_null, error))
    return FALSE;

  /* Entries at or below the old mark are gone already; the seq range keeps this to the rest. A
   * max() of seqs that exist never passes the last seq. */
  if (!query_int (c, "SELECT max (seq) FROM change_log WHERE seq > ?1 AND applied_at < ?2", old_low_water,
                  c->cutoff, &newest_old, &is_null, error))
    return FALSE;
  c->stats.low_water_seq = is_null ? old_low_water : MAX (old_low_water, newest_old);

  if (!compact_change_log (c, old_low_water, error))
    return FALSE;

  /* Resolved before the window: every device that can still pull on has the resolution. They go
   * first, since a conflict record about a row holds that row. */
  if (!run_counted (c, "DELETE FROM conflict WHERE resolved_at < ?2", 0, c->cutoff, &c->stats.conflicts_removed,
                    error))
    return FALSE;

  /* A device that still holds such a row has a cursor below the mark and must resync, which
   * starts its holdings afresh anyway. */
  if (!run_counted (c, "DELETE FROM device_scope WHERE purge_seq <= ?1", c->stats.low_water_seq, NULL,
                    &c->stats.device_scopes_removed, error))
    return FALSE;

  /* A tombstone is never older than the entry of the delete that set it, so every tombstone older
   * than the window is at or below the mark: every device that can pull on has seen it. */
  if (!remove_rows (c, error))
    return FALSE;

  return run_counted (c, "UPDATE change_log_low_water SET low_water_seq = ?1 WHERE id = 1", c->stats.low_water_seq,
                      NULL, NULL, error);
}

gboolean
dk_sync_compact (DkStore             *store,
                 GDateTime           *now,
                 guint                tombstone_days,
                 DkSyncCompactStats  *out_stats,
                 GError             **error)
{
  g_autoptr(GDateTime) cutoff = NULL;
  g_autofree char *cutoff_text = NULL;
  Compact c = { 0 };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (tombstone_days > 0 && tombstone_days <= G_MAXINT, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  cutoff = g_date_time_add_days (now, -(gint) tombstone_days);
  /* Before the calendar starts nothing can be older. */
  cutoff_text = cutoff != NULL ? store_time (cutoff) : g_strdup ("0000-01-01T00:00:00.000Z");

  c.store = store;
  c.cutoff = cutoff_text;
  if (!dk_store_transaction (store, compact_in_transaction, &c, error))
    return FALSE;

  if (out_stats != NULL)
    *out_stats = c.stats;
  return TRUE;
}

gboolean
dk_sync_compact_scheduled (DkStore  *store,
                           guint     tombstone_days,
                           GError  **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  DkSyncCompactStats stats;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!dk_sync_compact (store, now, tombstone_days, &stats, error))
    return FALSE;

  g_message ("Compaction: low-water seq %" G_GINT64_FORMAT "; %u change-log entries removed, %u kept as receipts;"
             " %u rows, %u conflicts, %u device scopes and %u assignments removed",
             stats.low_water_seq, stats.entries_removed, stats.entries_slimmed, stats.rows_removed,
             stats.conflicts_removed, stats.device_scopes_removed, stats.assignments_removed);
  return TRUE;
}
