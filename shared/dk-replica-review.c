#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dk-replica-apply.h"
#include "dk-replica-private.h"
#include "dk-replica-review.h"
#include "dk-sync-registry.h"
#include "dk-uuid.h"

G_DEFINE_QUARK (dk-review-error-quark, dk_review_error)

#define NOW "strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')"
#define NOW_IN_FORMAT "strftime ('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now')"

/* A conflict record (as c) nobody has resolved. The local resolution sets resolved_at at once, but a
 * snapshot that comes before the server has it puts the server's row back; the resolution is then
 * still on its way in the outbox. */
#define OPEN_CONFLICT \
  "c.resolved_at IS NULL AND NOT EXISTS (SELECT 1 FROM sync_outbox AS o WHERE o.record_table = 'conflict'" \
  " AND o.record_id = c.id AND o.state IN ('pending', 'sent', 'applied'))"

void
dk_review_item_free (DkReviewItem *item)
{
  if (item == NULL)
    return;

  g_free (item->id);
  g_free (item->dossier_id);
  g_free (item->dossier_number);
  g_free (item->table);
  g_free (item->record_id);
  g_free (item->field);
  g_free (item->conflict_kind);
  g_free (item->reason);
  g_free (item->message);
  g_clear_pointer (&item->mine, json_node_unref);
  g_clear_pointer (&item->theirs, json_node_unref);
  g_free (item->created_at);
  g_free (item);
}

static char *
dup_column (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* The replica wrote the text itself (its triggers, or a value the registry checked): JSON, or NULL. */
static JsonNode *
parse_json (const char *text)
{
  return text != NULL ? json_from_string (text, NULL) : NULL;
}

/* The JSON path of a member: registry names are plain identifiers, quoted all the same. */
static char *
member_path (const char *name)
{
  return g_strdup_printf ("$.\"%s\"", name);
}

static gboolean
set_not_found (GError    **error,
               const char *message)
{
  g_set_error_literal (error, DK_REVIEW_ERROR, DK_REVIEW_ERROR_NOT_FOUND, message);
  return FALSE;
}

static gboolean
set_not_possible (GError    **error,
                  const char *message)
{
  g_set_error_literal (error, DK_REVIEW_ERROR, DK_REVIEW_ERROR_NOT_POSSIBLE, message);
  return FALSE;
}

/* Runs @sql with the text parameters ?1, ?2, … (NULL-terminated) and gives the first column of the
 * first row as text (*@out_text NULL without a row or for NULL). */
static gboolean
query_text (DkStore     *store,
            char       **out_text,
            GError     **error,
            const char  *sql,
            ...)
{
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, error);
  gboolean has_row = FALSE;
  const char *arg;
  va_list args;
  int index = 1;

  *out_text = NULL;
  if (stmt == NULL)
    return FALSE;
  va_start (args, sql);
  while ((arg = va_arg (args, const char *)) != NULL)
    sqlite3_bind_text (stmt, index++, arg, -1, SQLITE_TRANSIENT);
  va_end (args);

  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      *out_text = dup_column (stmt, 0);
      sqlite3_reset (stmt);
    }
  return TRUE;
}

static gboolean
exec_text (DkStore     *store,
           GError     **error,
           const char  *sql,
           ...)
{
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, error);
  const char *arg;
  va_list args;
  int index = 1;

  if (stmt == NULL)
    return FALSE;
  va_start (args, sql);
  while ((arg = va_arg (args, const char *)) != NULL)
    sqlite3_bind_text (stmt, index++, arg, -1, SQLITE_TRANSIENT);
  va_end (args);
  return dk_store_step_done (store, stmt, error);
}

/* The value of @field in the record, as the replica holds it; *@out_value NULL when it does not hold
 * the record. */
static gboolean
read_field (DkStore            *store,
            const DkSyncTable  *table,
            const DkSyncField  *field,
            const char         *record_id,
            JsonNode          **out_value,
            GError            **error)
{
  /* Names come from the registry, never from what the server or a person sent. */
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?1", field->column, table->name);
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, error);
  gboolean has_row = FALSE;

  *out_value = NULL;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      *out_value = dk_sync_field_read (field, stmt, 0);
      sqlite3_reset (stmt);
    }
  return TRUE;
}

/* The fields a client sets of the record, as an object; *@out_record NULL when the replica does not
 * hold it. */
static gboolean
read_record (DkStore            *store,
             const DkSyncTable  *table,
             const char         *record_id,
             JsonNode          **out_record,
             GError            **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT id");
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  *out_record = NULL;
  for (gsize i = 0; i < table->n_fields; i++)
    if (table->fields[i].access == DK_SYNC_ACCESS_CLIENT)
      {
        g_string_append_printf (sql, ", %s", table->fields[i].column);
        g_ptr_array_add (fields, (gpointer) &table->fields[i]);
      }
  g_string_append_printf (sql, " FROM %s WHERE id = ?1", table->name);

  stmt = dk_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      JsonObject *record = json_object_new ();

      for (guint i = 0; i < fields->len; i++)
        {
          const DkSyncField *field = fields->pdata[i];

          json_object_set_member (record, field->name, dk_sync_field_read (field, stmt, (int) i + 1));
        }
      *out_record = json_node_init_object (json_node_alloc (), record);
      json_object_unref (record);
      sqlite3_reset (stmt);
    }
  return TRUE;
}

/* The server version of a field as last pulled; 0 when there is none. */
static gboolean
field_version (DkStore     *store,
               const char  *table,
               const char  *record_id,
               const char  *field,
               gint64      *out_seq,
               GError     **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (store,
                                         "SELECT seq FROM sync_field WHERE record_table = ?1 AND record_id = ?2"
                                         " AND field = ?3",
                                         error);
  gboolean has_row = FALSE;

  *out_seq = 0;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      *out_seq = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  return TRUE;
}

/* ---- the list ---- */

/* The value the server kept: the conflict's "current", unless a later change on the server set the
 * field again (its pulled version is past the conflict's), which the record then holds. */
static gboolean
conflict_theirs (DkStore       *store,
                 DkReviewItem  *item,
                 const char    *current_json,
                 gint64         current_seq,
                 GError       **error)
{
  const DkSyncTable *table = dk_sync_registry_lookup (item->table);
  const DkSyncField *field = NULL;
  gint64 seq = 0;

  if (g_strcmp0 (item->conflict_kind, "delete_outdated") == 0)
    return table == NULL || read_record (store, table, item->record_id, &item->theirs, error);

  if (table != NULL)
    field = dk_sync_table_lookup_field (table, item->field);
  if (field != NULL && dk_sync_table_is_versioned (table))
    {
      if (!field_version (store, table->name, item->record_id, field->name, &seq, error))
        return FALSE;
      if (seq > current_seq && !read_field (store, table, field, item->record_id, &item->theirs, error))
        return FALSE;
    }
  if (item->theirs == NULL)
    item->theirs = parse_json (current_json);
  return TRUE;
}

typedef struct
{
  DkReviewItem *item;
  char         *current_json;
  gint64        current_seq;
} ConflictRow;

static void
conflict_row_clear (gpointer data)
{
  ConflictRow *row = data;

  g_clear_pointer (&row->item, dk_review_item_free);
  g_free (row->current_json);
}

static gboolean
list_conflicts (DkStore    *store,
                GPtrArray  *items,
                GError    **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (ConflictRow));
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  g_array_set_clear_func (rows, conflict_row_clear);
  stmt = dk_store_prepare (store,
                           "SELECT c.id, c.dossier_id, d.number, c.record_table, c.record_id, c.field, c.kind,"
                           " c.current_json, c.other_json, c.current_seq, c.created_at,"
                           " EXISTS (SELECT 1 FROM sync_outbox AS m WHERE m.change_id = c.other_change_id)"
                           " FROM conflict AS c LEFT JOIN dossier AS d ON d.id = c.dossier_id"
                           " WHERE " OPEN_CONFLICT,
                           error);
  if (stmt == NULL)
    return FALSE;
  /* Read first, then look at the records: one statement at a time. */
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      ConflictRow row = { g_new0 (DkReviewItem, 1), dup_column (stmt, 7), sqlite3_column_int64 (stmt, 9) };
      DkReviewItem *item = row.item;

      item->kind = DK_REVIEW_CONFLICT;
      item->id = dup_column (stmt, 0);
      item->dossier_id = dup_column (stmt, 1);
      item->dossier_number = dup_column (stmt, 2);
      item->table = dup_column (stmt, 3);
      item->record_id = dup_column (stmt, 4);
      item->conflict_kind = dup_column (stmt, 6);
      /* delete_outdated is about the whole record (its field is removed_at), and nothing of mine
       * is left but the wish to delete it. */
      if (g_strcmp0 (item->conflict_kind, "delete_outdated") != 0)
        {
          item->field = dup_column (stmt, 5);
          item->mine = parse_json ((const char *) sqlite3_column_text (stmt, 8));
        }
      item->created_at = dup_column (stmt, 10);
      item->made_here = sqlite3_column_int (stmt, 11) != 0;
      g_array_append_val (rows, row);
    }
  if (!ok)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      ConflictRow *row = &g_array_index (rows, ConflictRow, i);

      if (!conflict_theirs (store, row->item, row->current_json, row->current_seq, error))
        return FALSE;
      g_ptr_array_add (items, g_steal_pointer (&row->item));
    }
  return TRUE;
}

/*
 * The server's value of the field a refused update sets, where the replica knows it: a pull brought
 * the field a newer version than the one the change rested on (a pulled value overwrites the local
 * one), and no later local change has set the field again since. Otherwise the replica still shows
 * the refused value, and the server's comes back only with a snapshot (discard).
 */
static gboolean
refused_theirs (DkStore       *store,
                DkReviewItem  *item,
                JsonObject    *base,
                gint64         seq_local,
                GError       **error)
{
  const DkSyncTable *table = dk_sync_registry_lookup (item->table);
  const DkSyncField *field = table != NULL ? dk_sync_table_lookup_field (table, item->field) : NULL;
  g_autofree char *path = NULL;
  sqlite3_stmt *stmt;
  gboolean later = FALSE;
  gint64 rested_on = 0;
  gint64 seq = 0;

  if (field == NULL || !dk_sync_table_is_versioned (table) || base == NULL ||
      !dk_replica_json_int (base, field->name, &rested_on))
    return TRUE;
  if (!field_version (store, table->name, item->record_id, field->name, &seq, error))
    return FALSE;
  if (seq <= rested_on)
    return TRUE;

  path = member_path (field->name);
  stmt = dk_store_prepare (store,
                           "SELECT 1 FROM sync_outbox WHERE record_table = ?1 AND record_id = ?2 AND seq_local > ?3"
                           " AND json_type (fields, ?4) IS NOT NULL",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, item->record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, seq_local);
  sqlite3_bind_text (stmt, 4, path, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (store, stmt, &later, error))
    return FALSE;
  if (later)
    {
      sqlite3_reset (stmt);
      return TRUE;
    }
  return read_field (store, table, field, item->record_id, &item->theirs, error);
}

typedef struct
{
  DkReviewItem *item;
  char         *op;
  JsonNode     *fields;
  JsonNode     *base;
  gint64        seq_local;
} RefusedRow;

static void
refused_row_clear (gpointer data)
{
  RefusedRow *row = data;

  g_clear_pointer (&row->item, dk_review_item_free);
  g_free (row->op);
  g_clear_pointer (&row->fields, json_node_unref);
  g_clear_pointer (&row->base, json_node_unref);
}

/* Which field a refused update is about: the one the server named, or its only one; NULL for several. */
static const char *
refused_field (JsonObject  *fields,
               JsonObject  *answer)
{
  const char *named = answer != NULL ? dk_replica_json_string (answer, "field") : NULL;
  g_autoptr(GList) members = NULL;

  if (named != NULL && json_object_has_member (fields, named))
    return named;
  members = json_object_get_members (fields);
  if (members != NULL && members->next == NULL)
    return members->data;
  return NULL;
}

static gboolean
list_refused (DkStore    *store,
              GPtrArray  *items,
              GError    **error)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (RefusedRow));
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  g_array_set_clear_func (rows, refused_row_clear);
  stmt = dk_store_prepare (store,
                           "SELECT o.change_id, o.dossier_id, d.number, o.record_table, o.record_id, o.op, o.fields,"
                           " o.base, o.answer, o.answered_at, o.seq_local"
                           " FROM sync_outbox AS o LEFT JOIN dossier AS d ON d.id = o.dossier_id"
                           " WHERE o.state = 'refused'",
                           error);
  if (stmt == NULL)
    return FALSE;
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      RefusedRow row = { g_new0 (DkReviewItem, 1), dup_column (stmt, 5),
                         parse_json ((const char *) sqlite3_column_text (stmt, 6)),
                         parse_json ((const char *) sqlite3_column_text (stmt, 7)),
                         sqlite3_column_int64 (stmt, 10) };
      g_autoptr(JsonNode) answer = parse_json ((const char *) sqlite3_column_text (stmt, 8));
      JsonObject *fields = row.fields != NULL && JSON_NODE_HOLDS_OBJECT (row.fields)
                           ? json_node_get_object (row.fields) : NULL;
      DkReviewItem *item = row.item;

      item->kind = DK_REVIEW_REFUSED;
      item->id = dup_column (stmt, 0);
      item->dossier_id = dup_column (stmt, 1);
      item->dossier_number = dup_column (stmt, 2);
      item->table = dup_column (stmt, 3);
      item->record_id = dup_column (stmt, 4);
      if (answer != NULL && JSON_NODE_HOLDS_OBJECT (answer))
        {
          JsonObject *object = json_node_get_object (answer);

          item->reason = g_strdup (dk_replica_json_string (object, "reason"));
          item->message = g_strdup (dk_replica_json_string (object, "message"));
          if (g_str_equal (row.op, "update") && fields != NULL)
            item->field = g_strdup (refused_field (fields, object));
        }
      item->made_here = TRUE;
      item->created_at = dup_column (stmt, 9);
      g_array_append_val (rows, row);
    }
  if (!ok)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      RefusedRow *row = &g_array_index (rows, RefusedRow, i);
      DkReviewItem *item = row->item;
      JsonObject *fields = row->fields != NULL && JSON_NODE_HOLDS_OBJECT (row->fields)
                           ? json_node_get_object (row->fields) : NULL;
      JsonObject *base = row->base != NULL && JSON_NODE_HOLDS_OBJECT (row->base)
                         ? json_node_get_object (row->base) : NULL;
      const DkSyncTable *table = dk_sync_registry_lookup (item->table);

      if (g_str_equal (row->op, "delete"))
        {
          /* The server kept the record: as the replica holds it. */
          if (table != NULL && !read_record (store, table, item->record_id, &item->theirs, error))
            return FALSE;
        }
      else if (item->field != NULL)
        {
          item->mine = json_node_copy (json_object_get_member (fields, item->field));
          if (!refused_theirs (store, item, base, row->seq_local, error))
            return FALSE;
        }
      else
        {
          /* An insert (the server has no record to compare with), or several fields at once. */
          item->mine = row->fields != NULL ? json_node_copy (row->fields) : NULL;
        }
      g_ptr_array_add (items, g_steal_pointer (&row->item));
    }
  return TRUE;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const DkReviewItem *x = *(DkReviewItem * const *) a;
  const DkReviewItem *y = *(DkReviewItem * const *) b;
  int order = g_strcmp0 (x->created_at, y->created_at);

  if (order == 0)
    order = (int) x->kind - (int) y->kind;
  if (order == 0)
    order = g_strcmp0 (x->id, y->id);
  return order;
}

GPtrArray *
dk_replica_review_list (DkReplica  *replica,
                        GError    **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_review_item_free);
  DkStore *store;

  g_return_val_if_fail (DK_IS_REPLICA (replica), NULL);

  /* Only reads, outside a transaction: the store's transactions take the write lock, which would
   * keep a window waiting on a sync that writes a big page on another connection. A row that goes in
   * between reads as absent (no "theirs"); the next list is up to date. */
  store = dk_replica_get_store (replica);
  if (!list_conflicts (store, items, error) || !list_refused (store, items, error))
    return NULL;
  g_ptr_array_sort (items, compare_items);
  return g_steal_pointer (&items);
}

guint
dk_replica_review_count (DkReplica  *replica,
                         GError    **error)
{
  DkStore *store;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  guint count = 0;

  g_return_val_if_fail (DK_IS_REPLICA (replica), 0);

  store = dk_replica_get_store (replica);
  stmt = dk_store_prepare (store,
                           "SELECT (SELECT count (*) FROM conflict AS c WHERE " OPEN_CONFLICT ")"
                           " + (SELECT count (*) FROM sync_outbox WHERE state = 'refused')",
                           error);
  if (stmt == NULL || !dk_store_step_row (store, stmt, &has_row, error))
    return 0;
  if (has_row)
    {
      count = (guint) sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  return count;
}

/* ---- resolving a conflict ---- */

typedef struct
{
  const char     *conflict_id;
  DkReviewChoice  choice;
  JsonNode       *value;
} Resolve;

/* The record of a conflict, held here and not deleted: the only kind a value can be written to. */
static gboolean
check_live_record (DkStore            *store,
                   const DkSyncTable  *table,
                   const char         *record_id,
                   GError            **error)
{
  const DkSyncField *removed = dk_sync_table_lookup_field (table, "removed_at");
  g_autoptr(JsonNode) record = NULL;
  g_autoptr(JsonNode) removed_at = NULL;

  if (!read_record (store, table, record_id, &record, error))
    return FALSE;
  if (record == NULL)
    return set_not_possible (error, _("The record of this conflict is no longer on this device."));
  if (removed != NULL && !read_field (store, table, removed, record_id, &removed_at, error))
    return FALSE;
  if (removed_at != NULL && !JSON_NODE_HOLDS_NULL (removed_at))
    return set_not_possible (error, _("The record of this conflict was deleted since, so no value can be written "
                                      "to it any more."));
  return TRUE;
}

/* The latest change of the record still waiting to be sent that carries what was just written: its
 * field @field, or a delete (@field NULL). NULL when the write changed nothing (the record held that
 * already). */
static gboolean
find_open_change (DkStore            *store,
                  const DkSyncTable  *table,
                  const char         *record_id,
                  const char         *field,
                  char              **out_change_id,
                  GError            **error)
{
  g_autofree char *path = NULL;

  if (field == NULL)
    return query_text (store, out_change_id, error,
                       "SELECT change_id FROM sync_outbox WHERE record_table = ?1 AND record_id = ?2"
                       " AND state = 'pending' AND op = 'delete' ORDER BY seq_local DESC LIMIT 1",
                       table->name, record_id, NULL);

  path = member_path (field);
  return query_text (store, out_change_id, error,
                     "SELECT change_id FROM sync_outbox WHERE record_table = ?1 AND record_id = ?2"
                     " AND state = 'pending' AND json_type (fields, ?3) IS NOT NULL ORDER BY seq_local DESC LIMIT 1",
                     table->name, record_id, path, NULL);
}

/* Writes @value to the field: a local edit like any other, so the capture triggers make (or fold it
 * into) an update resting on the version the replica holds now. */
static gboolean
write_value (DkStore            *store,
             const DkSyncTable  *table,
             const DkSyncField  *field,
             const char         *record_id,
             JsonNode           *value,
             char              **out_change_id,
             GError            **error)
{
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  if (!dk_sync_field_validate (table, field, value, error) ||
      !check_live_record (store, table, record_id, error))
    return FALSE;

  sql = g_strdup_printf ("UPDATE %s SET %s = ?2 WHERE id = ?1", table->name, field->column);
  stmt = dk_store_prepare (store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, record_id, -1, SQLITE_TRANSIENT);
  dk_sync_field_bind (field, stmt, 2, value);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;
  return find_open_change (store, table, record_id, field->name, out_change_id, error);
}

/* Deletes the record again: setting its tombstone is the delete, with the versions it has now. */
static gboolean
delete_again (DkStore            *store,
              const DkSyncTable  *table,
              const char         *record_id,
              char              **out_change_id,
              GError            **error)
{
  g_autofree char *sql = NULL;
  g_autoptr(JsonNode) record = NULL;

  if (dk_sync_table_lookup_field (table, "removed_at") == NULL)
    return set_not_possible (error, _("Records of this kind cannot be deleted."));
  if (!read_record (store, table, record_id, &record, error))
    return FALSE;
  if (record == NULL)
    return set_not_possible (error, _("The record of this conflict is no longer on this device."));

  sql = g_strdup_printf ("UPDATE %s SET removed_at = " NOW_IN_FORMAT " WHERE id = ?1 AND removed_at IS NULL", table->name);
  return exec_text (store, error, sql, record_id, NULL) &&
         find_open_change (store, table, record_id, NULL, out_change_id, error);
}

static gboolean
resolve_in_transaction (DkStore   *store,
                        gpointer   user_data,
                        GError   **error)
{
  Resolve *r = user_data;
  g_autofree char *table_name = NULL;
  g_autofree char *record_id = NULL;
  g_autofree char *field_name = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *other = NULL;
  g_autofree char *by = NULL;
  g_autofree char *own = NULL;
  const DkSyncTable *table;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean self_resolved;

  stmt = dk_store_prepare (store,
                           "SELECT c.record_table, c.record_id, c.field, c.kind, c.other_json FROM conflict AS c"
                           " WHERE c.id = ?1 AND " OPEN_CONFLICT,
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->conflict_id, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return set_not_found (error, _("This conflict is not open on this device: it has been resolved already."));
  table_name = dup_column (stmt, 0);
  record_id = dup_column (stmt, 1);
  field_name = dup_column (stmt, 2);
  kind = dup_column (stmt, 3);
  other = dup_column (stmt, 4);
  sqlite3_reset (stmt);

  table = dk_sync_registry_lookup (table_name);
  if (r->choice != DK_REVIEW_KEEP_THEIRS)
    {
      if (g_str_equal (kind, "edited_after_delete"))
        return set_not_possible (error, _("The record was deleted, so no value can be written to it any more: "
                                          "only keeping the deletion resolves this conflict."));
      if (table == NULL)
        return set_not_possible (error, _("This version of Draagkracht cannot change records of this kind; "
                                          "only keeping the server’s value resolves this conflict here."));
    }

  if (r->choice == DK_REVIEW_KEEP_THEIRS)
    {
      /* The record already shows the server's value: a pull brought it, or the conflict record did. */
    }
  else if (g_str_equal (kind, "delete_outdated"))
    {
      if (r->choice == DK_REVIEW_USE_VALUE)
        return set_not_possible (error, _("A deletion has no value to type: keep the record or delete it."));
      if (!delete_again (store, table, record_id, &by, error))
        return FALSE;
    }
  else
    {
      const DkSyncField *field = dk_sync_table_lookup_field (table, field_name);
      g_autoptr(JsonNode) mine = NULL;

      if (field == NULL || field->access != DK_SYNC_ACCESS_CLIENT)
        return set_not_possible (error, _("This version of Draagkracht cannot change this field; only keeping "
                                          "the server’s value resolves this conflict here."));
      if (r->choice == DK_REVIEW_KEEP_MINE)
        {
          mine = parse_json (other);
          if (mine == NULL)
            return dk_replica_malformed (error, "conflict other");
        }
      if (!write_value (store, table, field, record_id, mine != NULL ? mine : r->value, &by, error))
        return FALSE;
    }

  /* The conflict's own update carries the resolution; when the server's value stays, it names
   * itself, so it names a change the server has in either case. The server sets the time it keeps;
   * this one is for the replica until then, never before the conflict itself. */
  self_resolved = by == NULL;
  if (self_resolved)
    by = dk_uuid_new ();
  if (!exec_text (store, error,
                  "UPDATE conflict SET resolved_by_change = ?2, resolved_at = max (" NOW ", created_at)"
                  " WHERE id = ?1",
                  r->conflict_id, by, NULL))
    return FALSE;
  if (!query_text (store, &own, error,
                   "SELECT change_id FROM sync_outbox WHERE record_table = 'conflict' AND record_id = ?1"
                   " AND state = 'pending' ORDER BY seq_local DESC LIMIT 1",
                   r->conflict_id, NULL))
    return FALSE;
  if (own == NULL)
    return set_not_possible (error, _("The resolution of this conflict could not be recorded."));

  /* Still pending, so this folds into the same change. */
  if (self_resolved)
    return exec_text (store, error, "UPDATE conflict SET resolved_by_change = ?2 WHERE id = ?1",
                      r->conflict_id, own, NULL);
  return TRUE;
}

gboolean
dk_replica_review_resolve (DkReplica       *replica,
                           const char      *conflict_id,
                           DkReviewChoice   choice,
                           JsonNode        *value,
                           GError         **error)
{
  Resolve r = { conflict_id, choice, value };

  g_return_val_if_fail (DK_IS_REPLICA (replica), FALSE);
  g_return_val_if_fail (conflict_id != NULL, FALSE);
  g_return_val_if_fail (choice == DK_REVIEW_KEEP_THEIRS || choice == DK_REVIEW_KEEP_MINE ||
                        choice == DK_REVIEW_USE_VALUE, FALSE);
  g_return_val_if_fail ((choice == DK_REVIEW_USE_VALUE) == (value != NULL), FALSE);

  return dk_store_transaction (dk_replica_get_store (replica), resolve_in_transaction, &r, error);
}

/* ---- refused changes ---- */

static gboolean
retry_in_transaction (DkStore   *store,
                      gpointer   user_data,
                      GError   **error)
{
  const char *change_id = user_data;
  g_autofree char *new_id = dk_uuid_new ();

  if (!exec_text (store, error,
                  "UPDATE sync_outbox SET change_id = ?2, state = 'pending', answer = NULL, answer_seq = NULL,"
                  " answered_at = NULL WHERE change_id = ?1 AND state = 'refused'",
                  change_id, new_id, NULL))
    return FALSE;
  if (sqlite3_changes (dk_store_get_db (store)) == 0)
    return set_not_found (error, _("This change is not refused: it has been dealt with already."));
  return TRUE;
}

gboolean
dk_replica_review_retry (DkReplica   *replica,
                         const char  *change_id,
                         GError     **error)
{
  g_return_val_if_fail (DK_IS_REPLICA (replica), FALSE);
  g_return_val_if_fail (change_id != NULL, FALSE);

  return dk_store_transaction (dk_replica_get_store (replica), retry_in_transaction, (gpointer) change_id, error);
}

static gboolean
discard_in_transaction (DkStore   *store,
                        gpointer   user_data,
                        GError   **error)
{
  const char *change_id = user_data;
  g_autofree char *table = NULL;
  g_autofree char *op = NULL;
  g_autofree char *dossier_id = NULL;
  g_autofree char *held = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  stmt = dk_store_prepare (store,
                           "SELECT record_table, op, dossier_id FROM sync_outbox WHERE change_id = ?1 AND state = 'refused'",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, change_id, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return set_not_found (error, _("This change is not refused: it has been dealt with already."));
  table = dup_column (stmt, 0);
  op = dup_column (stmt, 1);
  dossier_id = dup_column (stmt, 2);
  sqlite3_reset (stmt);

  if (!exec_text (store, error, "DELETE FROM sync_outbox WHERE change_id = ?1", change_id, NULL) ||
      !query_text (store, &held, error, "SELECT id FROM dossier WHERE id = ?1", dossier_id, NULL))
    return FALSE;
  /* Out of the replica already (purged): nothing here to bring back. */
  if (held == NULL)
    return TRUE;

  /* A dossier the server never took has no snapshot to come: it goes now, as a purge would take it.
   * Changes into it that are still in the outbox stay there, visible. */
  if (g_str_equal (table, "dossier") && g_str_equal (op, "insert") &&
      !dk_replica_remove_dossier (store, dossier_id, error))
    return FALSE;

  /* Asked for even then: should the server hold that dossier after all, its snapshot puts it back. */
  return exec_text (store, error,
                    "INSERT INTO sync_refetch (dossier_id, marked_at) VALUES (?1, " NOW ")"
                    " ON CONFLICT (dossier_id) DO NOTHING",
                    dossier_id, NULL);
}

gboolean
dk_replica_review_discard (DkReplica   *replica,
                           const char  *change_id,
                           GError     **error)
{
  g_return_val_if_fail (DK_IS_REPLICA (replica), FALSE);
  g_return_val_if_fail (change_id != NULL, FALSE);

  /* As the sync's own write: removing a dossier the server never took is the server's decision, not
   * a local edit to capture (and append-only rows may only go that way). */
  return dk_replica_run_as_sync (replica, discard_in_transaction, (gpointer) change_id, error);
}
