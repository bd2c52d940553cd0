#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dk-domain-schema.h"
#include "dk-sync-push.h"
#include "dk-sync-registry.h"
#include "dk-sync-scope.h"
#include "dk-uuid.h"

typedef struct
{
  DkStore                *store;
  const DkAuthPrincipal  *who;
  JsonArray              *changes;
  char                   *now;
  GHashTable             *scope;     /* dossier id → GINT_TO_POINTER (may push into it) */
  JsonArray              *results;
  GPtrArray              *changed;   /* dossier ids a change was applied to (or kept as a conflict in), once each */
  GHashTable             *changed_set; /* the same ids (borrowed), to look them up */
} Push;

/* One change of the batch; every pointer is owned by the request, and a member is only set once
 * it was found well-formed, so a refusal logs exactly what was valid. */
typedef struct
{
  JsonObject         *object;
  const char         *change_id;
  const DkSyncTable  *table;
  const char         *op;
  const char         *record_id;
  const char         *dossier_id;
  const char         *made_at;
  JsonObject         *fields;
  JsonObject         *base;
} Change;

static const char * const change_members[] = {
  "change_id", "table", "record_id", "dossier_id", "op", "fields", "base", "made_at", NULL
};

static const char * const ops[] = { "insert", "update", "delete", NULL };

/* A timestamp in the store's form, for made_at, checked by the registry's rules. */
static const DkSyncField made_at_field = {
  .name = "made_at", .column = "made_at", .type = DK_SYNC_TYPE_TIMESTAMP, .access = DK_SYNC_ACCESS_SERVER,
};
static const DkSyncTable change_envelope = { .name = "change" };

/* ---- small helpers ---- */

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

static char *
object_to_string (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

/* The later of two store times (they sort as text), so updated_at never goes back when the
 * server's clock does. */
static const char *
latest (const char *a,
        const char *b)
{
  if (b != NULL && (a == NULL || strcmp (b, a) > 0))
    return b;
  return a;
}

/* ---- the change log ---- */

static gboolean
log_change (Push        *p,
            const char  *change_id,
            const char  *table,
            const char  *record_id,
            const char  *dossier_id,
            const char  *op,
            JsonObject  *fields,
            const char  *made_at,
            const char  *status,
            gint64      *out_seq,
            GError     **error)
{
  g_autofree char *fields_text = fields != NULL ? object_to_string (fields) : NULL;
  sqlite3_stmt *stmt;

  stmt = dk_store_prepare (p->store,
                           "INSERT INTO change_log (change_id, record_table, record_id, dossier_id, op, fields,"
                           " user_id, device_id, made_at, applied_at, status)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                           error);
  if (stmt == NULL)
    return FALSE;

  bind_text_or_null (stmt, 1, change_id);
  bind_text_or_null (stmt, 2, table);
  bind_text_or_null (stmt, 3, record_id);
  bind_text_or_null (stmt, 4, dossier_id);
  bind_text_or_null (stmt, 5, op);
  bind_text_or_null (stmt, 6, fields_text);
  bind_text_or_null (stmt, 7, p->who->user_id);
  bind_text_or_null (stmt, 8, p->who->device_id);
  bind_text_or_null (stmt, 9, made_at);
  bind_text_or_null (stmt, 10, p->now);
  bind_text_or_null (stmt, 11, status);
  if (!dk_store_step_done (p->store, stmt, error))
    return FALSE;

  *out_seq = sqlite3_last_insert_rowid (dk_store_get_db (p->store));
  return TRUE;
}

/* Keeps @answer with the change at @seq, so a replay gets it again. */
static gboolean
keep_answer (Push        *p,
             gint64       seq,
             JsonObject  *answer,
             GError     **error)
{
  g_autofree char *text = object_to_string (answer);
  sqlite3_stmt *stmt;

  stmt = dk_store_prepare (p->store, "UPDATE change_log SET answer = ?2 WHERE seq = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, seq);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_TRANSIENT);
  return dk_store_step_done (p->store, stmt, error);
}

static JsonObject *
new_answer (const Change *c,
            const char   *status)
{
  JsonObject *answer = json_object_new ();

  json_object_set_string_member (answer, "change_id", c->change_id);
  json_object_set_string_member (answer, "status", status);
  return answer;
}

static JsonObject *
new_refusal (const Change *c,
             const char   *reason,
             const char   *field,
             const char   *message)
{
  JsonObject *answer = new_answer (c, "refused");

  json_object_set_string_member (answer, "reason", reason);
  if (field != NULL)
    json_object_set_string_member (answer, "field", field);
  json_object_set_string_member (answer, "message", message);
  return answer;
}

/* A refusal is logged without the change's values, so a refused change keeps no data of a
 * dossier the sender may not see; the row only lets a retry get the same answer. */
static gboolean
refuse (Push          *p,
        const Change  *c,
        const char    *reason,
        const char    *field,
        const char    *message,
        GError       **error)
{
  g_autoptr(JsonObject) answer = new_refusal (c, reason, field, message);
  gint64 seq = 0;

  if (!log_change (p, c->change_id, c->table != NULL ? c->table->name : NULL, c->record_id, c->dossier_id,
                   c->op, NULL, c->made_at, "refused", &seq, error) ||
      !keep_answer (p, seq, answer, error))
    return FALSE;

  json_array_add_object_element (p->results, g_steal_pointer (&answer));
  return TRUE;
}

/* ---- reading the store ---- */

static char *
select_sql (const DkSyncTable *table)
{
  GString *sql = g_string_new ("SELECT ");

  for (gsize i = 0; i < table->n_fields; i++)
    g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", table->fields[i].column);
  g_string_append_printf (sql, " FROM %s WHERE id = ?1", table->name);

  return g_string_free (sql, FALSE);
}

/* The row @id of @table as JSON (by the fields' JSON names), or *@out_row NULL when there is none. */
static gboolean
load_row (Push               *p,
          const DkSyncTable  *table,
          const char         *id,
          JsonObject        **out_row,
          GError            **error)
{
  g_autofree char *sql = select_sql (table);
  g_autoptr(JsonObject) row = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  *out_row = NULL;
  stmt = dk_store_prepare (p->store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (p->store, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return TRUE;

  row = json_object_new ();
  for (gsize i = 0; i < table->n_fields; i++)
    json_object_set_member (row, table->fields[i].name, dk_sync_field_read (&table->fields[i], stmt, (int) i));
  sqlite3_reset (stmt);

  *out_row = g_steal_pointer (&row);
  return TRUE;
}

/* field → seq of every versioned field of the record. */
static gboolean
load_versions (Push               *p,
               const DkSyncTable  *table,
               const char         *id,
               JsonObject        **out_versions,
               GError            **error)
{
  g_autoptr(JsonObject) versions = json_object_new ();
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  stmt = dk_store_prepare (p->store,
                           "SELECT field, seq FROM field_version WHERE record_table = ?1 AND record_id = ?2",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  while ((ok = dk_store_step_row (p->store, stmt, &has_row, error)) && has_row)
    json_object_set_int_member (versions, (const char *) sqlite3_column_text (stmt, 0),
                                sqlite3_column_int64 (stmt, 1));
  if (!ok)
    return FALSE;

  *out_versions = g_steal_pointer (&versions);
  return TRUE;
}

static gboolean
set_version (Push               *p,
             const DkSyncTable  *table,
             const char         *id,
             const char         *field,
             gint64              seq,
             GError            **error)
{
  sqlite3_stmt *stmt;

  stmt = dk_store_prepare (p->store,
                           "INSERT INTO field_version (record_table, record_id, field, seq) VALUES (?1, ?2, ?3, ?4)"
                           " ON CONFLICT (record_table, record_id, field) DO UPDATE SET seq = excluded.seq",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, table->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, field, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, seq);

  return dk_store_step_done (p->store, stmt, error);
}

/*
 * Whether an edit of @field, whose server version is @version, rests on that version. With the
 * field in base, base must name exactly that version. Without it the client had no server
 * version to name: its edit rests on its own change that it has not seen answered yet, which is
 * right if the field is still unset or this device wrote it last (PROTOCOL.md, "Push", base).
 */
static gboolean
rests_on_current (Push        *p,
                  JsonObject  *base,
                  const char  *field,
                  gint64       version,
                  gboolean    *out_ok,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  if (base != NULL && json_object_has_member (base, field))
    {
      *out_ok = json_object_get_int_member (base, field) == version;
      return TRUE;
    }
  if (version == 0)
    {
      *out_ok = TRUE;
      return TRUE;
    }

  *out_ok = FALSE;
  stmt = dk_store_prepare (p->store, "SELECT device_id FROM change_log WHERE seq = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, version);
  if (!dk_store_step_row (p->store, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      *out_ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), p->who->device_id) == 0;
      sqlite3_reset (stmt);
    }

  return TRUE;
}

/* ---- scope ---- */

static gboolean
may_push_into (Push        *p,
               const char  *dossier_id,
               gboolean    *out_allowed,
               GError     **error)
{
  gpointer cached = NULL;
  sqlite3_stmt *stmt;
  gboolean allowed = FALSE;
  gboolean has_row = FALSE;

  if (g_hash_table_lookup_extended (p->scope, dossier_id, NULL, &cached))
    {
      *out_allowed = GPOINTER_TO_INT (cached);
      return TRUE;
    }

  if (!dk_sync_scope_contains (p->store, p->who, dossier_id, p->now, &allowed, error))
    return FALSE;

  /* Still held by this device, its purge not yet delivered: work made before the dossier left
   * scope still lands. */
  if (!allowed)
    {
      stmt = dk_store_prepare (p->store,
                               "SELECT EXISTS (SELECT 1 FROM device_scope WHERE device_id = ?1 AND dossier_id = ?2)",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, p->who->device_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, dossier_id, -1, SQLITE_TRANSIENT);
      if (!dk_store_step_row (p->store, stmt, &has_row, error))
        return FALSE;
      if (has_row)
        {
          allowed = sqlite3_column_int (stmt, 0) != 0;
          sqlite3_reset (stmt);
        }
    }

  g_hash_table_insert (p->scope, g_strdup (dossier_id), GINT_TO_POINTER (allowed));
  *out_allowed = allowed;
  return TRUE;
}

/*
 * Where a uuid field points at another row: at one of the same dossier (a person of the household),
 * or at a row of another dossier the sender may also see (the dossier a split came from).
 * *@out_ok FALSE: no such row, or one the sender may not know of; the two are not told apart.
 */
static gboolean
reference_ok (Push               *p,
              const DkSyncField  *field,
              const char         *target,
              const char         *dossier_id,
              gboolean           *out_ok,
              GError            **error)
{
  const DkSyncTable *ref = dk_sync_registry_lookup (field->references);
  g_autofree char *sql = NULL;
  g_autofree char *target_dossier = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  g_assert (ref != NULL);
  *out_ok = FALSE;

  sql = g_strdup_printf ("SELECT %s FROM %s WHERE id = ?1", ref->dossier_column, ref->name);
  stmt = dk_store_prepare (p->store, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, target, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (p->store, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return TRUE;
  target_dossier = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (field->same_dossier)
    {
      *out_ok = g_strcmp0 (target_dossier, dossier_id) == 0;
      return TRUE;
    }

  return may_push_into (p, target_dossier, out_ok, error);
}

/* ---- writing rows ---- */

/* INSERT of the record's key and exactly the fields in @written, in the registry's order so the
 * same set of fields is always the same (cached) statement. */
static gboolean
insert_row (Push               *p,
            const DkSyncTable  *table,
            const char         *id,
            const char         *dossier_id,
            JsonObject         *written,
            GError            **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GString) values = g_string_new ("?1");
  sqlite3_stmt *stmt;
  gboolean has_dossier_column = strcmp (table->dossier_column, "id") != 0;
  int n = has_dossier_column ? 2 : 1;

  g_string_printf (sql, "INSERT INTO %s (id", table->name);
  if (has_dossier_column)
    {
      g_string_append_printf (sql, ", %s", table->dossier_column);
      g_string_append (values, ", ?2");
    }
  for (gsize i = 0; i < table->n_fields; i++)
    if (json_object_has_member (written, table->fields[i].name))
      {
        g_string_append_printf (sql, ", %s", table->fields[i].column);
        g_string_append_printf (values, ", ?%d", ++n);
      }
  g_string_append_printf (sql, ") VALUES (%s)", values->str);

  stmt = dk_store_prepare (p->store, sql->str, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  n = 1;
  if (has_dossier_column)
    sqlite3_bind_text (stmt, ++n, dossier_id, -1, SQLITE_TRANSIENT);
  for (gsize i = 0; i < table->n_fields; i++)
    if (json_object_has_member (written, table->fields[i].name))
      dk_sync_field_bind (&table->fields[i], stmt, ++n, json_object_get_member (written, table->fields[i].name));

  return dk_store_step_done (p->store, stmt, error);
}

static gboolean
update_row (Push               *p,
            const DkSyncTable  *table,
            const char         *id,
            JsonObject         *written,
            GError            **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;
  int n = 1;

  g_string_printf (sql, "UPDATE %s SET ", table->name);
  for (gsize i = 0; i < table->n_fields; i++)
    if (json_object_has_member (written, table->fields[i].name))
      {
        n++;
        g_string_append_printf (sql, "%s%s = ?%d", n > 2 ? ", " : "", table->fields[i].column, n);
      }
  g_string_append (sql, " WHERE id = ?1");

  stmt = dk_store_prepare (p->store, sql->str, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  n = 1;
  for (gsize i = 0; i < table->n_fields; i++)
    if (json_object_has_member (written, table->fields[i].name))
      dk_sync_field_bind (&table->fields[i], stmt, ++n, json_object_get_member (written, table->fields[i].name));

  return dk_store_step_done (p->store, stmt, error);
}

typedef struct
{
  const char *field;
  JsonNode   *current;   /* owned */
  JsonNode   *other;     /* owned */
  gint64      current_seq;
  const char *kind;
} Conflict;

static void
conflict_clear (gpointer data)
{
  Conflict *conflict = data;

  g_clear_pointer (&conflict->current, json_node_unref);
  g_clear_pointer (&conflict->other, json_node_unref);
}

/* A conflict record: a row of its own and an entry in the change log, so it reaches every device
 * that holds the dossier like any other record. */
static gboolean
write_conflict (Push            *p,
                const Change    *c,
                const Conflict  *conflict,
                JsonArray       *answers,
                GError         **error)
{
  const DkSyncTable *table = dk_sync_registry_lookup ("conflict");
  g_autofree char *id = dk_uuid_new ();
  g_autofree char *log_id = dk_uuid_new ();
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) entry = json_object_new ();
  gint64 seq = 0;

  json_object_set_string_member (fields, "table", c->table->name);
  json_object_set_string_member (fields, "record_id", c->record_id);
  json_object_set_string_member (fields, "field", conflict->field);
  json_object_set_string_member (fields, "kind", conflict->kind);
  json_object_set_member (fields, "current", json_node_copy (conflict->current));
  json_object_set_member (fields, "other", json_node_copy (conflict->other));
  json_object_set_int_member (fields, "current_seq", conflict->current_seq);
  json_object_set_string_member (fields, "other_change_id", c->change_id);
  json_object_set_string_member (fields, "created_at", p->now);

  if (!log_change (p, log_id, table->name, id, c->dossier_id, "insert", fields, NULL, "applied", &seq, error) ||
      !insert_row (p, table, id, c->dossier_id, fields, error))
    return FALSE;

  json_object_set_string_member (entry, "field", conflict->field);
  json_object_set_string_member (entry, "conflict_id", id);
  json_object_set_int_member (entry, "seq", seq);
  json_array_add_object_element (answers, g_steal_pointer (&entry));
  return TRUE;
}

/* ---- applying one change, inside its own savepoint ---- */

typedef struct
{
  Push        *p;
  Change      *c;
  JsonObject  *row;        /* the record as it is, NULL for a new one */
  JsonObject  *written;    /* what the change writes (with the server's times), NULL for nothing */
  GArray      *conflicts;  /* Conflict */
  gboolean     new_dossier;
  JsonObject  *answer;     /* out, once the savepoint holds */
} Apply;

static gboolean
apply_in_savepoint (DkStore   *store,
                    gpointer   user_data,
                    GError   **error)
{
  Apply *a = user_data;
  Push *p = a->p;
  Change *c = a->c;
  g_autoptr(JsonObject) answer = NULL;
  g_autoptr(JsonArray) conflict_answers = json_array_new ();
  gint64 seq = 0;

  if (!log_change (p, c->change_id, c->table->name, c->record_id, c->dossier_id, c->op, a->written, c->made_at,
                   a->conflicts->len > 0 ? "conflict" : "applied", &seq, error))
    return FALSE;

  if (a->written != NULL)
    {
      if (a->row == NULL)
        {
          if (!insert_row (p, c->table, c->record_id, c->dossier_id, a->written, error))
            return FALSE;
        }
      else if (!update_row (p, c->table, c->record_id, a->written, error))
        {
          return FALSE;
        }

      if (dk_sync_table_is_versioned (c->table))
        {
          g_autoptr(GList) members = json_object_get_members (a->written);

          for (const GList *l = members; l != NULL; l = l->next)
            {
              const DkSyncField *field = dk_sync_table_lookup_field (c->table, l->data);

              /* Server times change with every write and are never a base. */
              if (field->access == DK_SYNC_ACCESS_SERVER)
                continue;
              if (!set_version (p, c->table, c->record_id, field->name, seq, error))
                return FALSE;
            }
        }
    }

  /* The maker of a dossier has it assigned, and their device holds it from its first change on
   * (its own pulls bring the changes back; no snapshot is needed). */
  if (a->new_dossier)
    {
      sqlite3_stmt *stmt;

      if (!dk_sync_scope_assign_creator (p->store, p->who, c->record_id, p->now, error))
        return FALSE;
      stmt = dk_store_prepare (p->store,
                               "INSERT INTO device_scope (device_id, dossier_id, snapshot_seq, since_seq, purge_seq)"
                               " VALUES (?1, ?2, NULL, 0, NULL)"
                               " ON CONFLICT (device_id, dossier_id) DO NOTHING",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, p->who->device_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, c->record_id, -1, SQLITE_TRANSIENT);
      if (!dk_store_step_done (p->store, stmt, error))
        return FALSE;
    }

  for (guint i = 0; i < a->conflicts->len; i++)
    if (!write_conflict (p, c, &g_array_index (a->conflicts, Conflict, i), conflict_answers, error))
      return FALSE;

  answer = new_answer (c, a->conflicts->len > 0 ? "conflict" : "applied");
  json_object_set_int_member (answer, "seq", seq);
  if (a->conflicts->len > 0)
    {
      JsonObject *first = json_array_get_object_element (conflict_answers, 0);

      json_object_set_string_member (answer, "conflict_id", json_object_get_string_member (first, "conflict_id"));
      json_object_set_array_member (answer, "conflicts", g_steal_pointer (&conflict_answers));
    }

  if (!keep_answer (p, seq, answer, error))
    return FALSE;

  a->answer = g_steal_pointer (&answer);
  return TRUE;
}

/* Runs the writes of @a in a savepoint. A broken database rule (the schema's CHECKs, UNIQUE and
 * foreign keys stay the last line of defence) refuses this change alone; any other failure ends
 * the whole batch. */
static gboolean
apply (Apply   *a,
       GError **error)
{
  g_autoptr(GError) local_error = NULL;

  if (dk_store_transaction (a->p->store, apply_in_savepoint, a, &local_error))
    {
      json_array_add_object_element (a->p->results, g_steal_pointer (&a->answer));
      if (!g_hash_table_contains (a->p->changed_set, a->c->dossier_id))
        {
          char *dossier_id = g_strdup (a->c->dossier_id);

          g_ptr_array_add (a->p->changed, dossier_id);
          g_hash_table_add (a->p->changed_set, dossier_id);
        }
      if (a->new_dossier)
        g_hash_table_insert (a->p->scope, g_strdup (a->c->record_id), GINT_TO_POINTER (TRUE));
      return TRUE;
    }

  g_clear_pointer (&a->answer, json_object_unref);
  if (!g_error_matches (local_error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  return refuse (a->p, a->c, "constraint", NULL, local_error->message, error);
}

static gboolean
record_matches (const Change *c,
                JsonObject   *row)
{
  return g_strcmp0 (json_object_get_string_member (row, c->table->dossier_column), c->dossier_id) == 0;
}

static gboolean
apply_insert (Push     *p,
              Change   *c,
              gboolean  new_dossier,
              GError  **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) written = NULL;
  g_autoptr(GArray) conflicts = g_array_new (FALSE, TRUE, sizeof (Conflict));
  g_autoptr(GList) members = NULL;
  Apply a = { p, c, NULL, NULL, conflicts, new_dossier, NULL };

  if (!load_row (p, c->table, c->record_id, &row, error))
    return FALSE;

  /* The same insert sent again under another change_id (a client that lost its outbox state) is
   * harmless; anything else under an existing id would overwrite a record. */
  if (row != NULL)
    {
      gboolean same = record_matches (c, row);

      members = json_object_get_members (c->fields);
      for (const GList *l = members; same && l != NULL; l = l->next)
        same = json_node_equal (json_object_get_member (row, l->data), json_object_get_member (c->fields, l->data));

      if (!same)
        return refuse (p, c, "duplicate-id", "record_id",
                       _("A record with this id already exists with other content."), error);

      a.row = row;
      a.new_dossier = FALSE;
      return apply (&a, error);
    }

  written = json_object_new ();
  members = json_object_get_members (c->fields);
  for (const GList *l = members; l != NULL; l = l->next)
    json_object_set_member (written, l->data, json_node_copy (json_object_get_member (c->fields, l->data)));
  /* A field the client left out gets its default here, so the change log (and every device's
   * pull) carries the value the row gets. */
  for (gsize i = 0; i < c->table->n_fields; i++)
    if (c->table->fields[i].default_json != NULL && !json_object_has_member (written, c->table->fields[i].name))
      json_object_set_member (written, c->table->fields[i].name, json_from_string (c->table->fields[i].default_json, NULL));
  json_object_set_string_member (written, "created_at", p->now);
  json_object_set_string_member (written, "updated_at", p->now);

  a.written = written;
  return apply (&a, error);
}

static gboolean
apply_update (Push     *p,
              Change   *c,
              GError  **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) versions = NULL;
  g_autoptr(JsonObject) written = json_object_new ();
  g_autoptr(GArray) conflicts = g_array_new (FALSE, TRUE, sizeof (Conflict));
  g_autoptr(GList) members = NULL;
  Apply a = { p, c, NULL, NULL, conflicts, FALSE, NULL };
  gboolean removed;

  g_array_set_clear_func (conflicts, conflict_clear);

  if (!load_row (p, c->table, c->record_id, &row, error))
    return FALSE;
  if (row == NULL || !record_matches (c, row))
    return refuse (p, c, "not-found", "record_id", _("There is no such record in this dossier."), error);
  if (!load_versions (p, c->table, c->record_id, &versions, error))
    return FALSE;

  removed = !json_object_get_null_member (row, "removed_at");
  members = json_object_get_members (c->fields);
  for (const GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      gint64 version = json_object_get_int_member_with_default (versions, name, 0);
      gboolean ok = FALSE;

      /* A record someone deleted is changed here: the tombstone stays and the value is kept in a
       * conflict, so the edit is neither lost nor silently applied to a record nobody sees. */
      if (removed)
        {
          Conflict conflict = { name, json_node_copy (json_object_get_member (row, name)),
                                json_node_copy (json_object_get_member (c->fields, name)),
                                json_object_get_int_member_with_default (versions, "removed_at", 0),
                                "edited_after_delete" };

          g_array_append_val (conflicts, conflict);
          continue;
        }

      if (!rests_on_current (p, c->base, name, version, &ok, error))
        return FALSE;

      if (ok)
        {
          json_object_set_member (written, name, json_node_copy (json_object_get_member (c->fields, name)));
        }
      else
        {
          Conflict conflict = { name, json_node_copy (json_object_get_member (row, name)),
                                json_node_copy (json_object_get_member (c->fields, name)), version,
                                "concurrent_edit" };

          g_array_append_val (conflicts, conflict);
        }
    }

  if (json_object_get_size (written) > 0)
    {
      const char *stamp = latest (latest (p->now, json_object_get_string_member (row, "created_at")),
                                  json_object_get_string_member (row, "updated_at"));

      json_object_set_string_member (written, "updated_at", stamp);
      a.written = written;
    }

  a.row = row;
  return apply (&a, error);
}

static gboolean
apply_delete (Push     *p,
              Change   *c,
              GError  **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) versions = NULL;
  g_autoptr(JsonObject) written = json_object_new ();
  g_autoptr(GArray) conflicts = g_array_new (FALSE, TRUE, sizeof (Conflict));
  g_autoptr(GList) fields = NULL;
  Apply a = { p, c, NULL, NULL, conflicts, FALSE, NULL };
  const char *stamp;
  gboolean outdated = FALSE;
  gint64 outdated_by = 0;

  g_array_set_clear_func (conflicts, conflict_clear);

  if (!load_row (p, c->table, c->record_id, &row, error))
    return FALSE;
  if (row == NULL || !record_matches (c, row))
    return refuse (p, c, "not-found", "record_id", _("There is no such record in this dossier."), error);

  a.row = row;
  if (!json_object_get_null_member (row, "removed_at"))
    return apply (&a, error);

  /* A delete rests on every field the record has: one the sender had not seen changed makes it
   * "deleted here, changed there", and the record stays. */
  if (!load_versions (p, c->table, c->record_id, &versions, error))
    return FALSE;
  fields = json_object_get_members (versions);
  if (c->base != NULL)
    {
      g_autoptr(GList) base_fields = json_object_get_members (c->base);

      for (const GList *l = base_fields; l != NULL; l = l->next)
        if (!json_object_has_member (versions, l->data))
          fields = g_list_prepend (fields, l->data);
    }
  for (const GList *l = fields; l != NULL; l = l->next)
    {
      gint64 version = json_object_get_int_member_with_default (versions, l->data, 0);
      gboolean ok = FALSE;

      if (!rests_on_current (p, c->base, l->data, version, &ok, error))
        return FALSE;
      if (!ok)
        {
          outdated = TRUE;
          outdated_by = MAX (outdated_by, version);
        }
    }

  stamp = latest (latest (p->now, json_object_get_string_member (row, "created_at")),
                  json_object_get_string_member (row, "updated_at"));
  if (outdated)
    {
      /* current_seq: the latest change the sender had not seen, so a person sees what came between. */
      Conflict conflict = { "removed_at", json_node_new (JSON_NODE_NULL), json_node_new (JSON_NODE_VALUE),
                            outdated_by, "delete_outdated" };

      json_node_set_string (conflict.other, stamp);
      g_array_append_val (conflicts, conflict);
      return apply (&a, error);
    }

  json_object_set_string_member (written, "removed_at", stamp);
  json_object_set_string_member (written, "updated_at", stamp);
  a.written = written;
  return apply (&a, error);
}

/* Resolving a conflict never conflicts: the first resolution stands, later ones change nothing. */
static gboolean
apply_resolution (Push     *p,
                  Change   *c,
                  GError  **error)
{
  g_autoptr(JsonObject) row = NULL;
  g_autoptr(JsonObject) written = json_object_new ();
  g_autoptr(GArray) conflicts = g_array_new (FALSE, TRUE, sizeof (Conflict));
  Apply a = { p, c, NULL, NULL, conflicts, FALSE, NULL };

  if (!load_row (p, c->table, c->record_id, &row, error))
    return FALSE;
  if (row == NULL || !record_matches (c, row))
    return refuse (p, c, "not-found", "record_id", _("There is no such conflict in this dossier."), error);

  a.row = row;
  if (json_object_get_null_member (row, "resolved_at"))
    {
      json_object_set_member (written, "resolved_by_change",
                              json_node_copy (json_object_get_member (c->fields, "resolved_by_change")));
      json_object_set_string_member (written, "resolved_at",
                                     latest (p->now, json_object_get_string_member (row, "created_at")));
      a.written = written;
    }

  return apply (&a, error);
}

/* ---- one change ---- */

/* The stored answer of a change seen before: *@out_answer NULL when there is none. A change_id
 * of another user's change is not theirs to replay. */
static gboolean
find_answer (Push       *p,
             Change     *c,
             gboolean   *out_found,
             JsonNode  **out_answer,
             GError    **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  *out_found = FALSE;
  *out_answer = NULL;
  stmt = dk_store_prepare (p->store, "SELECT user_id, answer FROM change_log WHERE change_id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, c->change_id, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (p->store, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return TRUE;

  *out_found = TRUE;
  if (g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), p->who->user_id) == 0 &&
      sqlite3_column_type (stmt, 1) == SQLITE_TEXT)
    *out_answer = json_from_string ((const char *) sqlite3_column_text (stmt, 1), NULL);
  sqlite3_reset (stmt);

  return TRUE;
}

/* Reads the envelope of a change into @c, keeping only what is well-formed. */
static void
read_envelope (Change *c)
{
  const char *table = get_string (c->object, "table");
  const char *op = get_string (c->object, "op");
  const char *record_id = get_string (c->object, "record_id");
  const char *dossier_id = get_string (c->object, "dossier_id");
  JsonNode *made_at = json_object_get_member (c->object, "made_at");

  c->table = dk_sync_registry_lookup (table);
  if (op != NULL && g_strv_contains (ops, op))
    c->op = op;
  if (dk_uuid_is_valid (record_id))
    c->record_id = record_id;
  if (dk_uuid_is_valid (dossier_id))
    c->dossier_id = dossier_id;
  if (made_at != NULL && dk_sync_field_validate (&change_envelope, &made_at_field, made_at, NULL) &&
      !JSON_NODE_HOLDS_NULL (made_at))
    c->made_at = json_node_get_string (made_at);
}

/* The checks below answer a change they find wrong as refused and set *@out_refused; they return
 * FALSE only when the store failed. */
static gboolean
check_envelope (Push      *p,
                Change    *c,
                gboolean  *out_refused,
                GError   **error)
{
  g_autoptr(GList) members = json_object_get_members (c->object);
  JsonNode *fields = json_object_get_member (c->object, "fields");
  JsonNode *base = json_object_get_member (c->object, "base");
  JsonNode *made_at = json_object_get_member (c->object, "made_at");
  g_autofree char *message = NULL;

  *out_refused = TRUE;

  for (const GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (change_members, l->data))
      {
        message = g_strdup_printf (_("A change has no member “%s”."), (const char *) l->data);
        return refuse (p, c, "unknown-field", l->data, message, error);
      }

  if (made_at != NULL && !JSON_NODE_HOLDS_NULL (made_at) && c->made_at == NULL)
    return refuse (p, c, "wrong-type", "made_at",
                   _("made_at must be a UTC time written YYYY-MM-DDTHH:MM:SS.mmmZ."), error);

  if (c->table == NULL)
    return refuse (p, c, "unknown-table", "table", _("The change names no table that is synchronised."), error);
  if (c->op == NULL)
    return refuse (p, c, "unknown-op", "op", _("The operation of a change must be insert, update or delete."),
                   error);
  if (c->record_id == NULL)
    return refuse (p, c, "invalid-id", "record_id", _("record_id must be an id in lowercase UUID form."), error);
  if (c->dossier_id == NULL)
    return refuse (p, c, "invalid-id", "dossier_id", _("dossier_id must be an id in lowercase UUID form."), error);

  if (strcmp (c->op, "delete") == 0)
    {
      if (fields != NULL && !JSON_NODE_HOLDS_NULL (fields) &&
          (!JSON_NODE_HOLDS_OBJECT (fields) || json_object_get_size (json_node_get_object (fields)) > 0))
        return refuse (p, c, "invalid-fields", "fields", _("A delete carries no fields."), error);
    }
  else
    {
      if (fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields))
        return refuse (p, c, "wrong-type", "fields", _("The fields of an insert or update must be an object."),
                       error);
      c->fields = json_node_get_object (fields);
    }

  if (base != NULL && !JSON_NODE_HOLDS_NULL (base))
    {
      g_autoptr(GList) base_members = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (base))
        return refuse (p, c, "invalid-base", "base", _("The base of a change must be an object."), error);
      c->base = json_node_get_object (base);

      base_members = json_object_get_members (c->base);
      if (strcmp (c->op, "insert") == 0 && base_members != NULL)
        return refuse (p, c, "invalid-base", "base", _("An insert has no base: the record is new."), error);

      for (const GList *l = base_members; l != NULL; l = l->next)
        {
          const DkSyncField *field = dk_sync_table_lookup_field (c->table, l->data);
          JsonNode *seq = json_object_get_member (c->base, l->data);

          if (field == NULL || (field->access != DK_SYNC_ACCESS_CLIENT && field->access != DK_SYNC_ACCESS_TOMBSTONE) ||
              !JSON_NODE_HOLDS_VALUE (seq) || json_node_get_value_type (seq) != G_TYPE_INT64 ||
              json_node_get_int (seq) < 0)
            {
              message = g_strdup_printf (_("The base of “%s” must be the version (a whole number) of a field of %s."),
                                         (const char *) l->data, c->table->name);
              return refuse (p, c, "invalid-base", l->data, message, error);
            }
        }
    }

  if (c->table->kind == DK_SYNC_TABLE_APPEND_ONLY && strcmp (c->op, "insert") != 0)
    {
      message = g_strdup_printf (_("Rows of %s are never changed or deleted; add a new row instead."), c->table->name);
      return refuse (p, c, "append-only", NULL, message, error);
    }
  if (c->table->kind == DK_SYNC_TABLE_CONFLICT && strcmp (c->op, "update") != 0)
    return refuse (p, c, "not-permitted", NULL,
                   _("Conflict records are made by the server; a change can only resolve one."), error);

  *out_refused = FALSE;
  return TRUE;
}

static gboolean
check_scope (Push      *p,
             Change    *c,
             gboolean  *out_new_dossier,
             gboolean  *out_refused,
             GError   **error)
{
  gboolean allowed = FALSE;

  *out_refused = TRUE;
  *out_new_dossier = FALSE;

  if (strcmp (c->table->name, "dossier") == 0 && strcmp (c->op, "insert") == 0)
    {
      g_autoptr(JsonObject) row = NULL;

      if (strcmp (c->record_id, c->dossier_id) != 0)
        return refuse (p, c, "invalid-id", "dossier_id", _("A new dossier's dossier_id must be its own id."), error);
      if (!dk_sync_scope_may_create_dossier (p->who->role))
        return refuse (p, c, "not-permitted", NULL, _("Your role does not make new dossiers."), error);
      if (!load_row (p, c->table, c->record_id, &row, error))
        return FALSE;
      if (row == NULL)
        {
          *out_new_dossier = TRUE;
          *out_refused = FALSE;
          return TRUE;
        }
    }

  if (!may_push_into (p, c->dossier_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return refuse (p, c, "out-of-scope", "dossier_id",
                   _("This dossier is not, or no longer, assigned to you, so the change was not applied."), error);

  *out_refused = FALSE;
  return TRUE;
}

static gboolean
check_fields (Push      *p,
              Change    *c,
              gboolean  *out_refused,
              GError   **error)
{
  g_autoptr(GError) invalid = NULL;
  const char *bad_field = NULL;

  *out_refused = TRUE;

  if (c->fields != NULL)
    {
      g_autoptr(GList) members = NULL;

      if (!dk_sync_fields_validate (c->table, strcmp (c->op, "insert") == 0, c->fields, &bad_field, &invalid))
        return refuse (p, c, dk_sync_registry_error_reason (invalid), bad_field, invalid->message, error);

      if (c->table->kind == DK_SYNC_TABLE_CONFLICT)
        {
          JsonNode *by = json_object_get_member (c->fields, "resolved_by_change");

          if (by == NULL || JSON_NODE_HOLDS_NULL (by))
            return refuse (p, c, "missing-field", "resolved_by_change",
                           _("Resolving a conflict needs the field “resolved_by_change”."), error);
        }

      members = json_object_get_members (c->fields);
      for (const GList *l = members; l != NULL; l = l->next)
        {
          const DkSyncField *field = dk_sync_table_lookup_field (c->table, l->data);
          JsonNode *value = json_object_get_member (c->fields, l->data);
          gboolean ok = FALSE;

          if (field->references == NULL || JSON_NODE_HOLDS_NULL (value))
            continue;
          if (!reference_ok (p, field, json_node_get_string (value), c->dossier_id, &ok, error))
            return FALSE;
          if (!ok)
            {
              g_autofree char *message = NULL;

              if (field->same_dossier)
                message = g_strdup_printf (_("The field “%s” of %s points at a %s that is not in this dossier."),
                                           field->name, c->table->name, field->references);
              else
                message = g_strdup_printf (_("The field “%s” of %s points at a %s that does not exist or is not "
                                             "assigned to you."),
                                           field->name, c->table->name, field->references);
              return refuse (p, c, "unknown-reference", field->name, message, error);
            }
        }
    }

  *out_refused = FALSE;
  return TRUE;
}

static gboolean
process_change (Push        *p,
                JsonObject  *object,
                GError     **error)
{
  Change c = { .object = object };
  g_autoptr(JsonNode) stored = NULL;
  gboolean found = FALSE;
  gboolean refused = FALSE;
  gboolean new_dossier = FALSE;

  c.change_id = get_string (object, "change_id");

  if (!find_answer (p, &c, &found, &stored, error))
    return FALSE;
  if (found)
    {
      if (stored != NULL && JSON_NODE_HOLDS_OBJECT (stored))
        {
          json_array_add_element (p->results, g_steal_pointer (&stored));
        }
      else
        {
          /* Not logged: the change_id is taken, and by someone else. */
          json_array_add_object_element (p->results,
                                         new_refusal (&c, "duplicate-change-id", "change_id",
                                                      _("This change_id was already used for another change.")));
        }
      return TRUE;
    }

  /* Each check answers the change itself when it refuses it; FALSE means the store failed. */
  read_envelope (&c);
  if (!check_envelope (p, &c, &refused, error))
    return FALSE;
  if (refused)
    return TRUE;
  if (!check_scope (p, &c, &new_dossier, &refused, error))
    return FALSE;
  if (refused)
    return TRUE;
  if (!check_fields (p, &c, &refused, error))
    return FALSE;
  if (refused)
    return TRUE;

  if (strcmp (c.op, "insert") == 0)
    return apply_insert (p, &c, new_dossier, error);
  if (strcmp (c.op, "delete") == 0)
    return apply_delete (p, &c, error);
  if (c.table->kind == DK_SYNC_TABLE_CONFLICT)
    return apply_resolution (p, &c, error);
  return apply_update (p, &c, error);
}

static gboolean
push_in_transaction (DkStore   *store,
                     gpointer   user_data,
                     GError   **error)
{
  Push *p = user_data;
  guint n = json_array_get_length (p->changes);

  g_autoptr(GDateTime) now = NULL;

  for (guint i = 0; i < n; i++)
    if (!process_change (p, json_array_get_object_element (p->changes, i), error))
      return FALSE;

  /* In the batch's own transaction: a change to a dossier stands or falls with its audit row. */
  now = g_date_time_new_now_utc ();
  for (guint i = 0; i < p->changed->len; i++)
    if (!dk_auth_audit (store, p->who, "dossier.change", p->changed->pdata[i], DK_AUDIT_SUCCESS, now, error))
      return FALSE;

  return TRUE;
}

/* The parts of the request that must be right before any change can be answered. */
static gboolean
check_request (const DkAuthPrincipal  *who,
               JsonNode               *request,
               guint                   max_batch,
               JsonArray             **out_changes,
               GError                **error)
{
  static const char * const request_members[] = { "device_id", "changes", NULL };
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  JsonNode *changes_node;
  JsonArray *changes;
  const char *device_id;
  guint n;

  if (request == NULL || !JSON_NODE_HOLDS_OBJECT (request))
    {
      g_set_error_literal (error, DK_SYNC_ERROR, DK_SYNC_ERROR_MALFORMED,
                           _("A push must be a JSON object with device_id and changes."));
      return FALSE;
    }
  object = json_node_get_object (request);

  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (request_members, l->data))
      {
        g_set_error (error, DK_SYNC_ERROR, DK_SYNC_ERROR_MALFORMED,
                     _("A push has no member “%s”."), (const char *) l->data);
        return FALSE;
      }

  device_id = get_string (object, "device_id");
  if (!dk_uuid_is_valid (device_id))
    {
      g_set_error_literal (error, DK_SYNC_ERROR, DK_SYNC_ERROR_MALFORMED,
                           _("A push needs the device_id of the device that made the changes."));
      return FALSE;
    }
  if (g_strcmp0 (device_id, who->device_id) != 0)
    {
      g_set_error_literal (error, DK_SYNC_ERROR, DK_SYNC_ERROR_DEVICE_MISMATCH,
                           _("The push names another device than the one this session belongs to."));
      return FALSE;
    }

  changes_node = json_object_get_member (object, "changes");
  if (changes_node == NULL || !JSON_NODE_HOLDS_ARRAY (changes_node))
    {
      g_set_error_literal (error, DK_SYNC_ERROR, DK_SYNC_ERROR_MALFORMED,
                           _("A push needs a list of changes."));
      return FALSE;
    }
  changes = json_node_get_array (changes_node);

  n = json_array_get_length (changes);
  if (n > max_batch)
    {
      g_set_error (error, DK_SYNC_ERROR, DK_SYNC_ERROR_BATCH_TOO_LARGE,
                   ngettext ("A push may carry at most %u change; this one has %u. Send them in smaller batches.",
                             "A push may carry at most %u changes; this one has %u. Send them in smaller batches.",
                             (gulong) max_batch),
                   max_batch, n);
      return FALSE;
    }

  for (guint i = 0; i < n; i++)
    {
      JsonNode *change = json_array_get_element (changes, i);

      if (!JSON_NODE_HOLDS_OBJECT (change) || !dk_uuid_is_valid (get_string (json_node_get_object (change), "change_id")))
        {
          g_set_error (error, DK_SYNC_ERROR, DK_SYNC_ERROR_MALFORMED,
                       _("Change %u of the push is not an object with a change_id in lowercase UUID form."), i + 1);
          return FALSE;
        }
    }

  *out_changes = changes;
  return TRUE;
}

gboolean
dk_sync_push_full (DkStore                *store,
                   const DkAuthPrincipal  *who,
                   JsonNode               *request,
                   guint                   max_batch,
                   JsonNode              **answer,
                   GPtrArray             **out_dossiers,
                   GError                **error)
{
  g_autoptr(GHashTable) scope = NULL;
  g_autoptr(GPtrArray) changed = NULL;
  g_autoptr(GHashTable) changed_set = NULL;
  g_autoptr(JsonArray) results = NULL;
  g_autoptr(JsonObject) root = NULL;
  g_autofree char *now = NULL;
  JsonArray *changes = NULL;
  Push p;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (who != NULL && who->user_id != NULL && who->device_id != NULL, FALSE);
  g_return_val_if_fail (max_batch > 0, FALSE);
  g_return_val_if_fail (answer != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *answer = NULL;
  if (out_dossiers != NULL)
    *out_dossiers = NULL;
  if (!check_request (who, request, max_batch, &changes, error))
    return FALSE;

  scope = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  results = json_array_new ();
  changed = g_ptr_array_new_with_free_func (g_free);
  changed_set = g_hash_table_new (g_str_hash, g_str_equal);
  now = dk_domain_timestamp_now ();
  p = (Push) { store, who, changes, now, scope, results, changed, changed_set };

  if (!dk_store_transaction (store, push_in_transaction, &p, error))
    return FALSE;

  root = json_object_new ();
  json_object_set_array_member (root, "results", g_steal_pointer (&results));
  *answer = json_node_init_object (json_node_alloc (), root);
  if (out_dossiers != NULL)
    *out_dossiers = g_steal_pointer (&changed);
  return TRUE;
}

gboolean
dk_sync_push (DkStore                *store,
              const DkAuthPrincipal  *who,
              JsonNode               *request,
              guint                   max_batch,
              JsonNode              **answer,
              GError                **error)
{
  return dk_sync_push_full (store, who, request, max_batch, answer, NULL, error);
}
