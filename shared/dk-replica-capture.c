#include "config.h"

#include <string.h>

#include "dk-replica-capture.h"
#include "dk-sync-registry.h"

#define NOW "strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')"
#define NOW_IN_FORMAT "strftime ('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now')"

/* The JSON value of column @column of the row "new", as the wire carries it (dk-sync-registry.h). */
static void
append_value (GString           *sql,
              const DkSyncField *field)
{
  switch (field->type)
    {
    case DK_SYNC_TYPE_BOOLEAN:
      g_string_append_printf (sql, "CASE new.%s WHEN 0 THEN json ('false') WHEN 1 THEN json ('true') END",
                              field->column);
      break;
    case DK_SYNC_TYPE_JSON:
      g_string_append_printf (sql, "json (new.%s)", field->column);
      break;
    case DK_SYNC_TYPE_TEXT:
    case DK_SYNC_TYPE_INTEGER:
    case DK_SYNC_TYPE_UUID:
    case DK_SYNC_TYPE_DATE:
    case DK_SYNC_TYPE_TIMESTAMP:
    default:
      g_string_append_printf (sql, "new.%s", field->column);
      break;
    }
}

static const DkSyncField *
find_column (const DkSyncTable *table,
             const char        *column)
{
  for (gsize i = 0; i < table->n_fields; i++)
    if (strcmp (table->fields[i].column, column) == 0)
      return &table->fields[i];
  return NULL;
}

static void
append_outbox_insert (GString           *sql,
                      const DkSyncTable *table,
                      const char        *op)
{
  g_string_append_printf (sql,
                          "INSERT INTO sync_outbox (change_id, record_table, record_id, dossier_id, op, fields,"
                          " base, made_at, state) SELECT dk_sync_change_id (), '%s', new.id, new.%s, '%s', ",
                          table->name, table->dossier_column, op);
}

static char *
insert_trigger (const DkSyncTable *table)
{
  GString *sql = g_string_new (NULL);
  gboolean first = TRUE;

  g_string_append_printf (sql, "CREATE TEMP TRIGGER sync_capture_%s_insert AFTER INSERT ON main.%s"
                               " WHEN dk_sync_capture () BEGIN ", table->name, table->name);
  append_outbox_insert (sql, table, "insert");
  g_string_append (sql, "json_object (");
  for (gsize i = 0; i < table->n_fields; i++)
    {
      const DkSyncField *field = &table->fields[i];

      if (field->access != DK_SYNC_ACCESS_CLIENT)
        continue;
      g_string_append_printf (sql, "%s'%s', ", first ? "" : ", ", field->name);
      append_value (sql, field);
      first = FALSE;
    }
  g_string_append (sql, "), NULL, " NOW ", 'pending'; END");
  return g_string_free (sql, FALSE);
}

/* The record's latest change that has not been sent: the one later edits fold into. */
static void
append_open_change (GString           *sql,
                    const DkSyncTable *table)
{
  g_string_append_printf (sql,
                          "(SELECT max (seq_local) FROM sync_outbox WHERE record_table = '%s'"
                          " AND record_id = new.id AND state = 'pending')",
                          table->name);
}

static char *
update_trigger (const DkSyncTable *table)
{
  GString *sql = g_string_new (NULL);
  gboolean versioned = dk_sync_table_is_versioned (table);
  gboolean first = TRUE;

  g_string_append_printf (sql, "CREATE TEMP TRIGGER sync_capture_%s_update AFTER UPDATE ON main.%s"
                               " WHEN dk_sync_capture () BEGIN ", table->name, table->name);

  /* A change to fold the edits into, unless there is one already (a pending delete takes no edits). */
  append_outbox_insert (sql, table, "update");
  g_string_append (sql, "'{}', '{}', " NOW ", 'pending' WHERE (");
  for (gsize i = 0; i < table->n_fields; i++)
    {
      const DkSyncField *field = &table->fields[i];

      if (field->access != DK_SYNC_ACCESS_CLIENT)
        continue;
      g_string_append_printf (sql, "%sold.%s IS NOT new.%s", first ? "" : " OR ", field->column, field->column);
      first = FALSE;
    }
  g_string_append (sql, ") AND coalesce ((SELECT op FROM sync_outbox WHERE seq_local = ");
  append_open_change (sql, table);
  g_string_append (sql, "), 'delete') = 'delete'; ");

  for (gsize i = 0; i < table->n_fields; i++)
    {
      const DkSyncField *field = &table->fields[i];

      if (field->access != DK_SYNC_ACCESS_CLIENT)
        continue;

      g_string_append (sql, "UPDATE sync_outbox SET ");
      if (versioned)
        /* The base is the version the user saw at the first edit; none while this device's own
         * earlier value of the field is on its way (sent, or answered but not pulled back yet). */
        g_string_append_printf (sql,
                                "base = CASE WHEN op = 'update' AND json_type (fields, '$.%s') IS NULL"
                                " AND NOT EXISTS (SELECT 1 FROM sync_outbox AS o WHERE o.record_table = '%s'"
                                " AND o.record_id = new.id AND json_type (o.fields, '$.%s') IS NOT NULL"
                                " AND (o.state = 'sent' OR (o.state IN ('applied', 'conflict')"
                                " AND o.answer_seq > (SELECT cursor FROM sync_state))))"
                                " THEN json_set (base, '$.%s', coalesce ((SELECT seq FROM sync_field"
                                " WHERE record_table = '%s' AND record_id = new.id AND field = '%s'), 0))"
                                " ELSE base END, ",
                                field->name, table->name, field->name, field->name, table->name, field->name);
      g_string_append_printf (sql, "fields = json_set (fields, '$.%s', ", field->name);
      append_value (sql, field);
      g_string_append (sql, ") WHERE seq_local = ");
      append_open_change (sql, table);
      g_string_append_printf (sql, " AND old.%s IS NOT new.%s; ", field->column, field->column);
    }

  /* Setting the tombstone is the delete; it comes after the edits made in the same statement. */
  if (find_column (table, "removed_at") != NULL)
    {
      append_outbox_insert (sql, table, "delete");
      g_string_append_printf (sql,
                              "'{}', (SELECT json_group_object (field, seq) FROM sync_field"
                              " WHERE record_table = '%s' AND record_id = new.id), " NOW_IN_FORMAT ", 'pending'"
                              " WHERE old.removed_at IS NULL AND new.removed_at IS NOT NULL; ",
                              table->name);
    }

  g_string_append (sql, "END");
  return g_string_free (sql, FALSE);
}

static gboolean
exec_sql (DkStore     *store,
          const char  *sql,
          GError     **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, error);

  return stmt != NULL && dk_store_step_done (store, stmt, error);
}

/* A guard exists with exactly @sql, or is (re)made so. */
static gboolean
ensure_guard (DkStore     *store,
              const char  *name,
              const char  *sql,
              GError     **error)
{
  g_autofree char *current = NULL;
  g_autofree char *drop = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  stmt = dk_store_prepare (store, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      current = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  if (g_strcmp0 (current, sql) == 0)
    return TRUE;

  /* Names come from the registry, never from input (dk-sync-registry.h). */
  drop = g_strdup_printf ("DROP TRIGGER IF EXISTS main.%s", name);
  return exec_sql (store, drop, error) && exec_sql (store, sql, error);
}

static gboolean
install_guards (DkStore            *store,
                const DkSyncTable  *table,
                GError            **error)
{
  static const char * const events[] = { "INSERT", "UPDATE", "DELETE" };

  for (gsize i = 0; i < G_N_ELEMENTS (events); i++)
    {
      g_autofree char *name = g_strdup_printf ("sync_guard_%s_%s", table->name, events[i]);
      g_autofree char *sql = g_strdup_printf ("CREATE TRIGGER %s BEFORE %s ON %s WHEN dk_sync_capture () IS NULL"
                                              " BEGIN SELECT RAISE (ABORT, 'write through the replica'); END",
                                              name, events[i], table->name);

      if (!ensure_guard (store, name, sql, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
install_in_transaction (DkStore   *store,
                        gpointer   user_data,
                        GError   **error)
{
  const DkSyncTable *tables;
  gsize n_tables = 0;

  tables = dk_sync_registry_tables (&n_tables);
  for (gsize i = 0; i < n_tables; i++)
    {
      const DkSyncTable *table = &tables[i];

      if (!install_guards (store, table, error))
        return FALSE;
      if (table->kind != DK_SYNC_TABLE_CONFLICT)
        {
          g_autofree char *sql = insert_trigger (table);

          if (!exec_sql (store, sql, error))
            return FALSE;
        }
      if (table->kind != DK_SYNC_TABLE_APPEND_ONLY)
        {
          g_autofree char *sql = update_trigger (table);

          if (!exec_sql (store, sql, error))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
dk_replica_capture_install (DkStore  *store,
                            GError  **error)
{
  g_return_val_if_fail (DK_IS_STORE (store), FALSE);

  return dk_store_transaction (store, install_in_transaction, NULL, error);
}
