#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dk-domain-schema.h"
#include "dk-sync-pull.h"
#include "dk-sync-registry.h"
#include "dk-sync-scope.h"
#include "dk-uuid.h"

typedef struct
{
  DkStore                *store;
  const DkAuthPrincipal  *who;
  gint64                  cursor;
  guint                   limit;
  char                   *now;
  JsonObject             *answer;   /* out */
  GPtrArray              *delivered; /* dossier ids the page hands out records of, once each */
  const char * const     *refetch;   /* dossier ids the device asks for again, or NULL */
} Pull;

/* One entry of the page as the change log or device_scope has it; the JSON is made after the
 * query is done, so building a snapshot never runs inside the page's own statement. */
typedef struct
{
  gint64  seq;
  char   *table;
  char   *record_id;
  char   *dossier_id;
  char   *op;
  char   *fields;
} Entry;

static void
entry_clear (gpointer data)
{
  Entry *entry = data;

  g_free (entry->table);
  g_free (entry->record_id);
  g_free (entry->dossier_id);
  g_free (entry->op);
  g_free (entry->fields);
}

/*
 * The page: each device_scope row of the device gives the changes of its dossier after both the
 * cursor and the dossier's snapshot (and before its purge), found through the change log's
 * (dossier_id, seq) index, so a pull costs what it returns and not what the store holds; plus the
 * snapshot and purge markers of the rows themselves.
 */
#define PAGE_SQL \
  "SELECT c.seq, c.record_table, c.record_id, c.dossier_id, c.op, c.fields" \
  " FROM device_scope AS d" \
  " JOIN change_log AS c ON c.dossier_id = d.dossier_id AND c.seq > max (?2, d.since_seq)" \
  " WHERE d.device_id = ?1 AND (d.purge_seq IS NULL OR c.seq < d.purge_seq) AND c.fields IS NOT NULL" \
  " UNION ALL" \
  " SELECT d.snapshot_seq, NULL, NULL, d.dossier_id, 'snapshot', NULL FROM device_scope AS d" \
  " WHERE d.device_id = ?1 AND d.snapshot_seq > ?2" \
  " UNION ALL" \
  " SELECT d.purge_seq, NULL, NULL, d.dossier_id, 'purge', NULL FROM device_scope AS d" \
  " WHERE d.device_id = ?1 AND d.purge_seq > ?2" \
  " ORDER BY 1 LIMIT ?3"

/* The server's last seq. Compaction (dk-sync-compact.c) may have deleted the newest entries too,
 * when they were all older than the window; the low-water mark is then the last seq. */
#define LAST_SEQ_SQL \
  "SELECT max (coalesce ((SELECT max (seq) FROM change_log), 0)," \
  " coalesce ((SELECT low_water_seq FROM change_log_low_water WHERE id = 1), 0))"

static char *
dup_text (sqlite3_stmt *stmt,
          int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static gboolean
query_int (Pull        *p,
           const char  *sql,
           gint64      *out_value,
           GError     **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (p->store, sql, error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  if (!dk_store_step_row (p->store, stmt, &has_row, error))
    return FALSE;

  *out_value = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return TRUE;
}

/* Runs @sql with ?1 the device and, when it has one, ?2 the cursor. */
static gboolean
run_for_device (Pull        *p,
                const char  *sql,
                GError     **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (p->store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, p->who->device_id, -1, SQLITE_TRANSIENT);
  if (sqlite3_bind_parameter_count (stmt) >= 2)
    sqlite3_bind_int64 (stmt, 2, p->cursor);
  return dk_store_step_done (p->store, stmt, error);
}

/* A snapshot or purge marker: a change-log entry of its own, so it takes a place (seq) in the
 * device's stream, and a record of which device was handed or relieved of which dossier. */
static gboolean
log_marker (Pull        *p,
            const char  *op,
            const char  *dossier_id,
            gint64      *out_seq,
            GError     **error)
{
  g_autofree char *id = dk_uuid_new ();
  sqlite3_stmt *stmt;

  stmt = dk_store_prepare (p->store,
                           "INSERT INTO change_log (change_id, dossier_id, op, user_id, device_id, applied_at, status)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'applied')",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, dossier_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, op, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, p->who->user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, p->who->device_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, p->now, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_done (p->store, stmt, error))
    return FALSE;

  *out_seq = sqlite3_last_insert_rowid (dk_store_get_db (p->store));
  return TRUE;
}

/*
 * A dossier the device asks for again (PROTOCOL.md, "Pull", refetch) gets a new snapshot marker, as if
 * it had just entered scope, when the device holds it, it is in scope and no snapshot of it is on its
 * way already (one this pull hands out is read now anyway). Any other id is passed over: the device
 * learns nothing from it, and a dossier that left scope gets its purge.
 */
static gboolean
refetch_holdings (Pull        *p,
                  GHashTable  *in_scope,
                  GError     **error)
{
  for (gsize i = 0; p->refetch != NULL && p->refetch[i] != NULL; i++)
    {
      const char *dossier_id = p->refetch[i];
      sqlite3_stmt *stmt;
      gboolean has_row = FALSE;
      gint64 seq = 0;

      if (!g_hash_table_contains (in_scope, dossier_id))
        continue;
      stmt = dk_store_prepare (p->store,
                               "SELECT 1 FROM device_scope WHERE device_id = ?1 AND dossier_id = ?2"
                               " AND purge_seq IS NULL AND coalesce (snapshot_seq, 0) <= ?3",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, p->who->device_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, dossier_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, p->cursor);
      if (!dk_store_step_row (p->store, stmt, &has_row, error))
        return FALSE;
      if (!has_row)
        continue;
      sqlite3_reset (stmt);

      if (!log_marker (p, "snapshot", dossier_id, &seq, error))
        return FALSE;
      stmt = dk_store_prepare (p->store,
                               "UPDATE device_scope SET snapshot_seq = ?3 WHERE device_id = ?1 AND dossier_id = ?2",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, p->who->device_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, dossier_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, seq);
      if (!dk_store_step_done (p->store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/*
 * Brings the device's holdings in line with the scope: a dossier it holds that left scope gets a
 * purge marker (the row stays, so the device may still push into it, until its cursor passes the
 * marker); a dossier in scope it does not hold gets a snapshot marker. A dossier back in scope
 * while its purge is still on its way waits for the purge to be delivered, then comes as a new
 * snapshot.
 */
static gboolean
update_holdings (Pull    *p,
                 GError **error)
{
  g_autoptr(GPtrArray) scope = NULL;
  g_autoptr(GHashTable) in_scope = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) held = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) leaving = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  /* Cursor 0: the device holds nothing (a first contact, or a resync that emptied the replica). */
  if (p->cursor == 0)
    {
      if (!run_for_device (p, "DELETE FROM device_scope WHERE device_id = ?1", error))
        return FALSE;
    }
  else if (!run_for_device (p, "DELETE FROM device_scope WHERE device_id = ?1 AND purge_seq <= ?2", error))
    {
      return FALSE;
    }

  scope = dk_sync_scope_list (p->store, p->who, p->now, error);
  if (scope == NULL)
    return FALSE;
  for (guint i = 0; i < scope->len; i++)
    g_hash_table_add (in_scope, scope->pdata[i]);

  stmt = dk_store_prepare (p->store, "SELECT dossier_id, purge_seq IS NOT NULL FROM device_scope WHERE device_id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, p->who->device_id, -1, SQLITE_TRANSIENT);
  while ((ok = dk_store_step_row (p->store, stmt, &has_row, error)) && has_row)
    {
      char *dossier_id = dup_text (stmt, 0);

      g_hash_table_add (held, dossier_id);
      if (sqlite3_column_int (stmt, 1) == 0 && !g_hash_table_contains (in_scope, dossier_id))
        g_ptr_array_add (leaving, g_strdup (dossier_id));
    }
  if (!ok)
    return FALSE;

  for (guint i = 0; i < leaving->len; i++)
    {
      gint64 seq = 0;

      if (!log_marker (p, "purge", leaving->pdata[i], &seq, error))
        return FALSE;
      stmt = dk_store_prepare (p->store, "UPDATE device_scope SET purge_seq = ?3 WHERE device_id = ?1 AND dossier_id = ?2",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, p->who->device_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, leaving->pdata[i], -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, seq);
      if (!dk_store_step_done (p->store, stmt, error))
        return FALSE;
    }

  for (guint i = 0; i < scope->len; i++)
    {
      const char *dossier_id = scope->pdata[i];
      gint64 seq = 0;

      if (g_hash_table_contains (held, dossier_id))
        continue;
      if (!log_marker (p, "snapshot", dossier_id, &seq, error))
        return FALSE;
      stmt = dk_store_prepare (p->store,
                               "INSERT INTO device_scope (device_id, dossier_id, snapshot_seq, since_seq, purge_seq)"
                               " VALUES (?1, ?2, ?3, ?3, NULL)",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, p->who->device_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, dossier_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, seq);
      if (!dk_store_step_done (p->store, stmt, error))
        return FALSE;
    }

  return refetch_holdings (p, in_scope, error);
}

static JsonObject *
read_versions (Pull        *p,
               const char  *table,
               const char  *record_id,
               GError     **error)
{
  g_autoptr(JsonObject) versions = json_object_new ();
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  stmt = dk_store_prepare (p->store,
                           "SELECT field, seq FROM field_version WHERE record_table = ?1 AND record_id = ?2",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
  while ((ok = dk_store_step_row (p->store, stmt, &has_row, error)) && has_row)
    json_object_set_int_member (versions, (const char *) sqlite3_column_text (stmt, 0),
                                sqlite3_column_int64 (stmt, 1));
  if (!ok)
    return NULL;

  return g_steal_pointer (&versions);
}

/* Every row of one table of the dossier, in the order they were written (rowid), so a row that
 * points at another of the same table comes after it. */
static gboolean
add_table_records (Pull               *p,
                   const DkSyncTable  *table,
                   const char         *dossier_id,
                   JsonArray          *records,
                   GError            **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  for (gsize i = 0; i < table->n_fields; i++)
    g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", table->fields[i].column);
  g_string_append_printf (sql, " FROM %s WHERE %s = ?1 ORDER BY rowid", table->name, table->dossier_column);

  stmt = dk_store_prepare (p->store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, dossier_id, -1, SQLITE_TRANSIENT);
  while ((ok = dk_store_step_row (p->store, stmt, &has_row, error)) && has_row)
    {
      JsonObject *row = json_object_new ();

      for (gsize i = 0; i < table->n_fields; i++)
        json_object_set_member (row, table->fields[i].name, dk_sync_field_read (&table->fields[i], stmt, (int) i));
      g_ptr_array_add (rows, row);
    }
  if (!ok)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      JsonObject *row = rows->pdata[i];
      g_autofree char *record_id = g_strdup (json_object_get_string_member (row, "id"));
      JsonObject *record = json_object_new ();

      json_object_remove_member (row, "id");
      if (json_object_has_member (row, "dossier_id"))
        json_object_remove_member (row, "dossier_id");

      json_object_set_string_member (record, "table", table->name);
      json_object_set_string_member (record, "record_id", record_id);
      json_object_set_object_member (record, "fields", json_object_ref (row));
      if (dk_sync_table_is_versioned (table))
        {
          JsonObject *versions = read_versions (p, table->name, record_id, error);

          if (versions == NULL)
            {
              json_object_unref (record);
              return FALSE;
            }
          json_object_set_object_member (record, "versions", versions);
        }
      json_array_add_object_element (records, record);
    }

  return TRUE;
}

static JsonObject *
snapshot_entry (Pull         *p,
                const Entry  *entry,
                GError      **error)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonArray) records = json_array_new ();
  const DkSyncTable *tables;
  gsize n_tables = 0;

  tables = dk_sync_registry_tables (&n_tables);
  for (gsize i = 0; i < n_tables; i++)
    if (!add_table_records (p, &tables[i], entry->dossier_id, records, error))
      return NULL;

  json_object_set_int_member (object, "seq", entry->seq);
  json_object_set_string_member (object, "op", "snapshot");
  json_object_set_string_member (object, "dossier_id", entry->dossier_id);
  json_object_set_array_member (object, "records", g_steal_pointer (&records));
  return g_steal_pointer (&object);
}

static JsonObject *
change_entry (const Entry *entry)
{
  JsonObject *object = json_object_new ();
  JsonNode *fields;

  json_object_set_int_member (object, "seq", entry->seq);
  json_object_set_string_member (object, "op", entry->op);
  json_object_set_string_member (object, "dossier_id", entry->dossier_id);
  if (entry->table == NULL)
    return object;

  json_object_set_string_member (object, "table", entry->table);
  json_object_set_string_member (object, "record_id", entry->record_id);
  fields = json_from_string (entry->fields, NULL);
  if (fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields))
    {
      /* Only this server writes the column, always as an object. */
      g_clear_pointer (&fields, json_node_unref);
      fields = json_node_init_object (json_node_alloc (), json_object_new ());
    }
  json_object_set_member (object, "fields", fields);
  return object;
}

static gboolean
pull_in_transaction (DkStore   *store,
                     gpointer   user_data,
                     GError   **error)
{
  Pull *p = user_data;
  g_autoptr(GArray) entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  g_autoptr(JsonArray) changes = json_array_new ();
  g_autoptr(GHashTable) delivered_set = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) now = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean has_more;
  gboolean ok;
  guint emitted;
  guint used = 0;
  gint64 last = 0;
  gint64 low_water = 0;
  gint64 next_cursor;

  g_array_set_clear_func (entries, entry_clear);

  if (!query_int (p, LAST_SEQ_SQL, &last, error) ||
      !query_int (p, "SELECT low_water_seq FROM change_log_low_water WHERE id = 1", &low_water, error))
    return FALSE;

  if (p->cursor > last || (p->cursor > 0 && p->cursor < low_water))
    {
      g_set_error_literal (error, DK_SYNC_ERROR, DK_SYNC_ERROR_RESYNC_REQUIRED,
                           _("This device has been away too long, or the server was restored from a backup: "
                             "it must download its dossiers again. Changes not yet sent are kept."));
      return FALSE;
    }

  if (!update_holdings (p, error))
    return FALSE;

  /* A snapshot is read now, so it holds every change of its dossier up to now: those are not sent
   * again. This is redone at every pull that (re)sends the snapshot. */
  if (!query_int (p, LAST_SEQ_SQL, &last, error))
    return FALSE;
  stmt = dk_store_prepare (p->store,
                           "UPDATE device_scope SET since_seq = ?3 WHERE device_id = ?1 AND snapshot_seq > ?2",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, p->who->device_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, p->cursor);
  sqlite3_bind_int64 (stmt, 3, last);
  if (!dk_store_step_done (p->store, stmt, error))
    return FALSE;

  stmt = dk_store_prepare (p->store, PAGE_SQL, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, p->who->device_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, p->cursor);
  sqlite3_bind_int64 (stmt, 3, (gint64) p->limit + 1);
  while ((ok = dk_store_step_row (p->store, stmt, &has_row, error)) && has_row)
    {
      Entry entry = {
        sqlite3_column_int64 (stmt, 0), dup_text (stmt, 1), dup_text (stmt, 2), dup_text (stmt, 3),
        dup_text (stmt, 4), dup_text (stmt, 5),
      };

      g_array_append_val (entries, entry);
    }
  if (!ok)
    return FALSE;

  /* A snapshot counts as many entries as it has records, so the limit bounds the size of a page
   * also on a first contact; a page always holds at least one entry. */
  for (emitted = 0; emitted < entries->len && (emitted == 0 || used < p->limit); emitted++)
    {
      const Entry *entry = &g_array_index (entries, Entry, emitted);
      JsonObject *object;

      if (strcmp (entry->op, "snapshot") == 0)
        {
          object = snapshot_entry (p, entry, error);
          if (object == NULL)
            return FALSE;
          used += MAX (1, json_array_get_length (json_object_get_array_member (object, "records")));
        }
      else
        {
          object = change_entry (entry);
          used++;
        }
      json_array_add_object_element (changes, object);

      if (strcmp (entry->op, "purge") != 0 && !g_hash_table_contains (delivered_set, entry->dossier_id))
        {
          char *dossier_id = g_strdup (entry->dossier_id);

          g_ptr_array_add (p->delivered, dossier_id);
          g_hash_table_add (delivered_set, dossier_id);
        }
    }
  has_more = emitted < entries->len;

  /* In the pull's own transaction: nothing is handed out without its audit row. */
  now = g_date_time_new_now_utc ();
  for (guint i = 0; i < p->delivered->len; i++)
    if (!dk_auth_audit (store, p->who, "dossier.read", p->delivered->pdata[i], DK_AUDIT_SUCCESS, now, error))
      return FALSE;

  /* Without more to come the cursor moves to the end, past whatever was not for this device. */
  next_cursor = has_more ? g_array_index (entries, Entry, emitted - 1).seq : last;

  p->answer = json_object_new ();
  json_object_set_array_member (p->answer, "changes", g_steal_pointer (&changes));
  json_object_set_int_member (p->answer, "next_cursor", next_cursor);
  json_object_set_boolean_member (p->answer, "has_more", has_more);
  return TRUE;
}

gboolean
dk_sync_pull_refetch (DkStore                *store,
                      const DkAuthPrincipal  *who,
                      gint64                  cursor,
                      guint                   limit,
                      const char * const     *refetch,
                      JsonNode              **answer,
                      GPtrArray             **out_dossiers,
                      GError                **error)
{
  g_autoptr(GPtrArray) delivered = NULL;
  g_autofree char *now = NULL;
  Pull p;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (who != NULL && who->user_id != NULL && who->device_id != NULL, FALSE);
  g_return_val_if_fail (answer != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *answer = NULL;
  if (out_dossiers != NULL)
    *out_dossiers = NULL;
  if (cursor < 0 || limit == 0)
    {
      g_set_error_literal (error, DK_SYNC_ERROR, DK_SYNC_ERROR_MALFORMED,
                           _("A pull needs a cursor of 0 or more and a limit of at least 1."));
      return FALSE;
    }

  now = dk_domain_timestamp_now ();
  delivered = g_ptr_array_new_with_free_func (g_free);
  p = (Pull) { store, who, cursor, limit, now, NULL, delivered, refetch };
  if (!dk_store_transaction (store, pull_in_transaction, &p, error))
    {
      g_clear_pointer (&p.answer, json_object_unref);
      return FALSE;
    }

  *answer = json_node_init_object (json_node_alloc (), p.answer);
  json_object_unref (p.answer);
  if (out_dossiers != NULL)
    *out_dossiers = g_steal_pointer (&delivered);
  return TRUE;
}

gboolean
dk_sync_pull_full (DkStore                *store,
                   const DkAuthPrincipal  *who,
                   gint64                  cursor,
                   guint                   limit,
                   JsonNode              **answer,
                   GPtrArray             **out_dossiers,
                   GError                **error)
{
  return dk_sync_pull_refetch (store, who, cursor, limit, NULL, answer, out_dossiers, error);
}

gboolean
dk_sync_pull (DkStore                *store,
              const DkAuthPrincipal  *who,
              gint64                  cursor,
              guint                   limit,
              JsonNode              **answer,
              GError                **error)
{
  return dk_sync_pull_full (store, who, cursor, limit, answer, NULL, error);
}
