#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-replica.h"
#include "dk-replica-apply.h"
#include "dk-sync-registry.h"
#include "dk-uuid.h"

const char *
dk_replica_json_string (JsonObject *object,
                        const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonArray *
dk_replica_json_array (JsonObject *object,
                       const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

JsonObject *
dk_replica_json_object (JsonObject *object,
                        const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

gboolean
dk_replica_json_int (JsonObject *object,
                     const char *member,
                     gint64     *out_value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out_value = json_node_get_int (node);
  return TRUE;
}

gboolean
dk_replica_json_bool (JsonObject *object,
                      const char *member,
                      gboolean   *out_value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *out_value = json_node_get_boolean (node);
  return TRUE;
}

gboolean
dk_replica_malformed (GError     **error,
                      const char  *what)
{
  g_set_error (error, DK_REPLICA_ERROR, DK_REPLICA_ERROR_MALFORMED,
               _("The sync server sent an answer this version cannot read (%s)."), what);
  return FALSE;
}

static gboolean
exec_bound (DkStore     *store,
            const char  *sql,
            const char  *first,
            const char  *second,
            GError     **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (first != NULL)
    sqlite3_bind_text (stmt, 1, first, -1, SQLITE_TRANSIENT);
  if (second != NULL)
    sqlite3_bind_text (stmt, 2, second, -1, SQLITE_TRANSIENT);
  return dk_store_step_done (store, stmt, error);
}

/* The fields of @fields this version knows and may write, checked against the registry. */
static gboolean
known_fields (const DkSyncTable   *table,
              JsonObject          *fields,
              GPtrArray           *out_fields,
              GError             **error)
{
  g_autoptr(GList) members = json_object_get_members (fields);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      const DkSyncField *field = dk_sync_table_lookup_field (table, l->data);

      if (field == NULL || field->access == DK_SYNC_ACCESS_KEY)
        continue;
      if (!dk_sync_field_validate (table, field, json_object_get_member (fields, l->data), error))
        return FALSE;
      g_ptr_array_add (out_fields, (gpointer) field);
    }
  return TRUE;
}

static gboolean
set_version (DkStore     *store,
             const char  *table,
             const char  *record_id,
             const char  *field,
             gint64       seq,
             GError     **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (store,
                                         "INSERT INTO sync_field (record_table, record_id, field, seq)"
                                         " VALUES (?1, ?2, ?3, ?4)"
                                         " ON CONFLICT (record_table, record_id, field) DO UPDATE SET seq = excluded.seq",
                                         error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, seq);
  return dk_store_step_done (store, stmt, error);
}

/* Writes @fields of the record: an upsert for an insert (and for every record of a snapshot), an
 * update of the row otherwise (a row the replica does not hold stays absent). */
static gboolean
write_record (DkStore            *store,
              const DkSyncTable  *table,
              const char         *record_id,
              const char         *dossier_id,
              gboolean            upsert,
              JsonObject         *fields,
              GPtrArray          *written,
              GError            **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  gboolean with_dossier = !g_str_equal (table->dossier_column, "id");
  sqlite3_stmt *stmt;
  int index;

  if (!known_fields (table, fields, written, error))
    return FALSE;

  if (upsert)
    {
      g_string_append_printf (sql, "INSERT INTO %s (id%s%s", table->name, with_dossier ? ", " : "",
                              with_dossier ? table->dossier_column : "");
      for (guint i = 0; i < written->len; i++)
        g_string_append_printf (sql, ", %s", ((const DkSyncField *) written->pdata[i])->column);
      g_string_append (sql, ") VALUES (?1");
      if (with_dossier)
        g_string_append (sql, ", ?2");
      for (guint i = 0; i < written->len; i++)
        g_string_append_printf (sql, ", ?%u", i + 3);
      g_string_append (sql, ") ON CONFLICT (id) DO ");
      if (written->len == 0)
        g_string_append (sql, "NOTHING");
      else
        {
          g_string_append (sql, "UPDATE SET ");
          for (guint i = 0; i < written->len; i++)
            {
              const char *column = ((const DkSyncField *) written->pdata[i])->column;

              g_string_append_printf (sql, "%s%s = excluded.%s", i > 0 ? ", " : "", column, column);
            }
        }
    }
  else
    {
      if (written->len == 0)
        return TRUE;
      g_string_append_printf (sql, "UPDATE %s SET ", table->name);
      for (guint i = 0; i < written->len; i++)
        g_string_append_printf (sql, "%s%s = ?%u", i > 0 ? ", " : "",
                                ((const DkSyncField *) written->pdata[i])->column, i + 3);
      g_string_append (sql, " WHERE id = ?1");
      with_dossier = FALSE;
    }

  stmt = dk_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_TRANSIENT);
  if (with_dossier)
    sqlite3_bind_text (stmt, 2, dossier_id, -1, SQLITE_TRANSIENT);
  index = 3;
  for (guint i = 0; i < written->len; i++)
    {
      const DkSyncField *field = written->pdata[i];

      dk_sync_field_bind (field, stmt, index++, json_object_get_member (fields, field->name));
    }
  return dk_store_step_done (store, stmt, error);
}

/*
 * A conflict record names the value its field kept on the server ("current"). The device whose change
 * lost still shows its own value there, and no later change brings the server's back: the field did not
 * change on the server (a delete that lost leaves the record live; an edit of a deleted record leaves
 * its fields). So the record takes "current" again; on every other device it already holds it, since
 * pulls come in seq order. The field's version stays: the server's did not move either.
 */
static gboolean
restore_current (DkStore     *store,
                 const char  *dossier_id,
                 JsonObject  *conflict,
                 GError     **error)
{
  const DkSyncTable *table = dk_sync_registry_lookup (dk_replica_json_string (conflict, "table"));
  const char *record_id = dk_replica_json_string (conflict, "record_id");
  JsonNode *current = json_object_get_member (conflict, "current");
  const DkSyncField *field;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (table == NULL || !dk_sync_table_is_versioned (table) || record_id == NULL || current == NULL)
    return TRUE;  /* a table of a newer schema, or nothing to restore */
  field = dk_sync_table_lookup_field (table, dk_replica_json_string (conflict, "field"));
  if (field == NULL || (field->access != DK_SYNC_ACCESS_CLIENT && field->access != DK_SYNC_ACCESS_TOMBSTONE))
    return TRUE;
  if (!dk_sync_field_validate (table, field, current, error))
    return FALSE;

  sql = g_strdup_printf ("UPDATE %s SET %s = ?2 WHERE id = ?1 AND %s = ?3", table->name, field->column,
                         table->dossier_column);
  stmt = dk_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_TRANSIENT);
  dk_sync_field_bind (field, stmt, 2, current);
  sqlite3_bind_text (stmt, 3, dossier_id, -1, SQLITE_TRANSIENT);
  return dk_store_step_done (store, stmt, error);
}

static gboolean
apply_change (DkStore     *store,
              JsonObject  *entry,
              const char  *op,
              gint64       seq,
              const char  *dossier_id,
              GError     **error)
{
  const char *table_name = dk_replica_json_string (entry, "table");
  const char *record_id = dk_replica_json_string (entry, "record_id");
  JsonObject *fields = dk_replica_json_object (entry, "fields");
  g_autoptr(GPtrArray) written = g_ptr_array_new ();
  const DkSyncTable *table;

  if (table_name == NULL)
    return dk_replica_malformed (error, "pull change table");
  table = dk_sync_registry_lookup (table_name);
  if (table == NULL)
    return TRUE;  /* a table of a newer schema */
  if (record_id == NULL || !dk_uuid_is_valid (record_id))
    return dk_replica_malformed (error, "pull record id");
  if (fields == NULL)
    return dk_replica_malformed (error, "pull change fields");

  if (!write_record (store, table, record_id, dossier_id, g_str_equal (op, "insert"), fields, written, error))
    return FALSE;
  if (table->kind == DK_SYNC_TABLE_CONFLICT && g_str_equal (op, "insert") &&
      !restore_current (store, dossier_id, fields, error))
    return FALSE;

  if (dk_sync_table_is_versioned (table))
    for (guint i = 0; i < written->len; i++)
      {
        const DkSyncField *field = written->pdata[i];

        /* Server times change with every write and are never a base. */
        if (field->access == DK_SYNC_ACCESS_SERVER)
          continue;
        if (!set_version (store, table->name, record_id, field->name, seq, error))
          return FALSE;
      }
  return TRUE;
}

/* Whether the record has an insert here that the server has not answered: a row the server cannot
 * have sent yet, which a snapshot must not take away. */
static gboolean
is_unanswered_insert (DkStore     *store,
                      const char  *table,
                      const char  *record_id,
                      gboolean    *out_result,
                      GError     **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (store,
                                         "SELECT 1 FROM sync_outbox WHERE record_table = ?1 AND record_id = ?2"
                                         " AND op = 'insert' AND state IN ('pending', 'sent')",
                                         error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (store, stmt, out_result, error))
    return FALSE;
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
remove_record (DkStore            *store,
               const DkSyncTable  *table,
               const char         *record_id,
               GError            **error)
{
  g_autofree char *sql = g_strdup_printf ("DELETE FROM %s WHERE id = ?1", table->name);
  sqlite3_stmt *stmt;

  stmt = dk_store_prepare (store, "DELETE FROM sync_field WHERE record_table = ?1 AND record_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;
  return exec_bound (store, sql, record_id, NULL, error);
}

/* The ids of @table's rows in @dossier_id. */
static GPtrArray *
dossier_rows (DkStore            *store,
              const DkSyncTable  *table,
              const char         *dossier_id,
              GError            **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE %s = ?1", table->name, table->dossier_column);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, error);
  gboolean has_row = FALSE;
  gboolean ok;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, dossier_id, -1, SQLITE_TRANSIENT);
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  return ok ? g_steal_pointer (&ids) : NULL;
}

static gboolean
dossier_is_held (DkStore     *store,
                 const char  *dossier_id,
                 gboolean    *out_held,
                 GError     **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (store, "SELECT 1 FROM dossier WHERE id = ?1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, dossier_id, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (store, stmt, out_held, error))
    return FALSE;
  sqlite3_reset (stmt);
  return TRUE;
}

/* A snapshot record's field versions ({ "field": seq, … }), in one statement: a first pull writes
 * about ten for every row. Fields this version does not know are left out. */
static gboolean
set_versions (DkStore            *store,
              const DkSyncTable  *table,
              const char         *record_id,
              JsonObject         *versions,
              GError            **error)
{
  g_autoptr(GString) json = g_string_new ("{");
  g_autoptr(GList) names = json_object_get_members (versions);
  sqlite3_stmt *stmt;

  for (const GList *l = names; l != NULL; l = l->next)
    {
      const DkSyncField *field = dk_sync_table_lookup_field (table, l->data);
      gint64 seq = 0;

      if (field == NULL)
        continue;
      if (!dk_replica_json_int (versions, l->data, &seq) || seq <= 0)
        return dk_replica_malformed (error, "pull snapshot version");
      /* Field names come from the registry: plain identifiers, nothing to escape. */
      g_string_append_printf (json, "%s\"%s\":%" G_GINT64_FORMAT, json->len > 1 ? "," : "", field->name, seq);
    }
  g_string_append_c (json, '}');

  stmt = dk_store_prepare (store,
                           "INSERT INTO sync_field (record_table, record_id, field, seq)"
                           " SELECT ?1, ?2, key, value FROM json_each (?3) WHERE true"
                           " ON CONFLICT (record_table, record_id, field) DO UPDATE SET seq = excluded.seq",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, json->str, (int) json->len, SQLITE_TRANSIENT);
  return dk_store_step_done (store, stmt, error);
}

static gboolean
apply_snapshot (DkStore     *store,
                JsonObject  *entry,
                const char  *dossier_id,
                GError     **error)
{
  JsonArray *records = dk_replica_json_array (entry, "records");
  g_autoptr(GHashTable) kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const DkSyncTable *tables;
  gsize n_tables = 0;
  gboolean held = FALSE;

  if (records == NULL)
    return dk_replica_malformed (error, "pull snapshot records");

  /* A dossier the replica does not hold yet (every dossier of a first pull) has nothing to replace. */
  if (!dossier_is_held (store, dossier_id, &held, error))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonNode *node = json_array_get_element (records, i);
      JsonObject *record;
      const char *table_name;
      const char *record_id;
      JsonObject *fields;
      JsonObject *versions;
      const DkSyncTable *table;
      g_autoptr(GPtrArray) written = g_ptr_array_new ();

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return dk_replica_malformed (error, "pull snapshot record");
      record = json_node_get_object (node);
      table_name = dk_replica_json_string (record, "table");
      record_id = dk_replica_json_string (record, "record_id");
      fields = dk_replica_json_object (record, "fields");
      versions = dk_replica_json_object (record, "versions");
      if (table_name == NULL || record_id == NULL || !dk_uuid_is_valid (record_id) || fields == NULL)
        return dk_replica_malformed (error, "pull snapshot record");
      table = dk_sync_registry_lookup (table_name);
      if (table == NULL)
        continue;

      if (!write_record (store, table, record_id, dossier_id, TRUE, fields, written, error))
        return FALSE;
      g_hash_table_add (kept, g_strdup_printf ("%s/%s", table->name, record_id));

      if (!dk_sync_table_is_versioned (table))
        continue;
      if (!held)
        {
          /* Nothing to replace: the versions go in with one statement for the record. */
          if (versions != NULL && !set_versions (store, table, record_id, versions, error))
            return FALSE;
          continue;
        }
      if (!exec_bound (store, "DELETE FROM sync_field WHERE record_table = ?1 AND record_id = ?2",
                       table->name, record_id, error))
        return FALSE;
      if (versions != NULL && !set_versions (store, table, record_id, versions, error))
        return FALSE;
    }

  /* What the replica held of the dossier and the server no longer has (or never had: a refused
   * insert) goes, children before parents, except rows whose insert is still on its way. */
  if (!held)
    return TRUE;
  tables = dk_sync_registry_tables (&n_tables);
  for (gsize i = n_tables; i-- > 0;)
    {
      g_autoptr(GPtrArray) ids = dossier_rows (store, &tables[i], dossier_id, error);

      if (ids == NULL)
        return FALSE;
      for (guint j = 0; j < ids->len; j++)
        {
          g_autofree char *key = g_strdup_printf ("%s/%s", tables[i].name, (const char *) ids->pdata[j]);
          gboolean unanswered = FALSE;

          if (g_hash_table_contains (kept, key))
            continue;
          if (!is_unanswered_insert (store, tables[i].name, ids->pdata[j], &unanswered, error))
            return FALSE;
          if (!unanswered && !remove_record (store, &tables[i], ids->pdata[j], error))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
dk_replica_remove_dossier (DkStore     *store,
                           const char  *dossier_id,
                           GError     **error)
{
  const DkSyncTable *tables;
  gsize n_tables = 0;

  tables = dk_sync_registry_tables (&n_tables);
  for (gsize i = n_tables; i-- > 0;)
    {
      g_autofree char *versions = g_strdup_printf ("DELETE FROM sync_field WHERE record_table = ?2 AND record_id IN"
                                                   " (SELECT id FROM %s WHERE %s = ?1)",
                                                   tables[i].name, tables[i].dossier_column);
      g_autofree char *rows = g_strdup_printf ("DELETE FROM %s WHERE %s = ?1",
                                               tables[i].name, tables[i].dossier_column);

      if (!exec_bound (store, versions, dossier_id, tables[i].name, error) ||
          !exec_bound (store, rows, dossier_id, NULL, error))
        return FALSE;
    }

  /* What is still unanswered, refused or in conflict stays visible; it was pushed before this pull. */
  return exec_bound (store, "DELETE FROM sync_outbox WHERE dossier_id = ?1 AND state = 'applied'",
                     dossier_id, NULL, error);
}

static gboolean
apply_entry (DkStore     *store,
             JsonNode    *node,
             GError     **error)
{
  JsonObject *entry;
  const char *op;
  const char *dossier_id;
  gint64 seq = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return dk_replica_malformed (error, "pull entry");
  entry = json_node_get_object (node);
  op = dk_replica_json_string (entry, "op");
  dossier_id = dk_replica_json_string (entry, "dossier_id");
  if (op == NULL || !dk_replica_json_int (entry, "seq", &seq) || seq <= 0 ||
      dossier_id == NULL || !dk_uuid_is_valid (dossier_id))
    return dk_replica_malformed (error, "pull entry");

  if (g_str_equal (op, "snapshot"))
    return apply_snapshot (store, entry, dossier_id, error);
  if (g_str_equal (op, "purge"))
    return dk_replica_remove_dossier (store, dossier_id, error);
  if (g_str_equal (op, "insert") || g_str_equal (op, "update") || g_str_equal (op, "delete"))
    return apply_change (store, entry, op, seq, dossier_id, error);
  return dk_replica_malformed (error, "pull entry op");
}

gboolean
dk_replica_apply (DkStore    *store,
                  JsonNode   *page,
                  gint64     *out_next_cursor,
                  gboolean   *out_has_more,
                  GError    **error)
{
  JsonObject *object;
  JsonArray *changes;
  gint64 next_cursor = 0;
  gboolean has_more = FALSE;
  sqlite3_stmt *stmt;

  if (!JSON_NODE_HOLDS_OBJECT (page))
    return dk_replica_malformed (error, "pull");
  object = json_node_get_object (page);
  changes = dk_replica_json_array (object, "changes");
  if (changes == NULL || !dk_replica_json_int (object, "next_cursor", &next_cursor) || next_cursor < 0 ||
      !dk_replica_json_bool (object, "has_more", &has_more))
    return dk_replica_malformed (error, "pull");

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      g_autoptr(GError) local_error = NULL;

      if (!apply_entry (store, json_array_get_element (changes, i), &local_error))
        {
          /* A value the registry refuses is the server's fault, not the user's: name it as such. */
          if (local_error->domain == DK_SYNC_REGISTRY_ERROR)
            return dk_replica_malformed (error, local_error->message);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  stmt = dk_store_prepare (store,
                           "UPDATE sync_state SET cursor = ?1,"
                           " last_pull_at = strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, next_cursor);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  /* An applied change the cursor has passed is in the replica as the server has it. */
  stmt = dk_store_prepare (store, "DELETE FROM sync_outbox WHERE state = 'applied' AND answer_seq <= ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, next_cursor);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  /* A change kept as conflicts has been dealt with once every conflict record it made is here and
   * resolved (here or on another device). */
  stmt = dk_store_prepare (store,
                           "DELETE FROM sync_outbox WHERE state = 'conflict' AND EXISTS (SELECT 1 FROM conflict AS c"
                           "  WHERE c.record_table = sync_outbox.record_table AND c.record_id = sync_outbox.record_id"
                           "  AND c.other_change_id = sync_outbox.change_id)"
                           " AND NOT EXISTS (SELECT 1 FROM conflict AS c"
                           "  WHERE c.record_table = sync_outbox.record_table AND c.record_id = sync_outbox.record_id"
                           "  AND c.other_change_id = sync_outbox.change_id AND c.resolved_at IS NULL)",
                           error);
  if (stmt == NULL || !dk_store_step_done (store, stmt, error))
    return FALSE;

  *out_next_cursor = next_cursor;
  *out_has_more = has_more;
  return TRUE;
}

gboolean
dk_replica_remove_all (DkStore  *store,
                       GError  **error)
{
  const DkSyncTable *tables;
  gsize n_tables = 0;

  tables = dk_sync_registry_tables (&n_tables);
  for (gsize i = n_tables; i-- > 0;)
    {
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s", tables[i].name);

      if (!exec_bound (store, sql, NULL, NULL, error))
        return FALSE;
    }
  return exec_bound (store, "DELETE FROM sync_field", NULL, NULL, error) &&
         exec_bound (store, "DELETE FROM sync_outbox WHERE state = 'applied'", NULL, NULL, error) &&
         exec_bound (store, "UPDATE sync_state SET cursor = 0", NULL, NULL, error);
}
