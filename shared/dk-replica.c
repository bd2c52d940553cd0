#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <glib/gi18n-lib.h>

#include "dk-domain-schema.h"
#include "dk-replica.h"
#include "dk-replica-apply.h"
#include "dk-replica-capture.h"
#include "dk-replica-private.h"
#include "dk-replica-schema.h"
#include "dk-uuid.h"

G_DEFINE_QUARK (dk-replica-error-quark, dk_replica_error)

/* Read by the capture triggers through dk_sync_capture (). Owned by the connection (freed when it
 * closes), so the SQL function never outlives it. */
typedef struct
{
  gboolean capturing;
} CaptureState;

struct _DkReplica
{
  GObject       parent_instance;
  DkStore      *store;
  CaptureState *capture;
};

G_DEFINE_FINAL_TYPE (DkReplica, dk_replica, G_TYPE_OBJECT)

static void
dk_replica_finalize (GObject *object)
{
  DkReplica *self = DK_REPLICA (object);

  g_clear_object (&self->store);

  G_OBJECT_CLASS (dk_replica_parent_class)->finalize (object);
}

static void
dk_replica_class_init (DkReplicaClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dk_replica_finalize;
}

static void
dk_replica_init (DkReplica *self)
{
}

static void
sql_capture (sqlite3_context  *context,
             int               argc,
             sqlite3_value   **argv)
{
  CaptureState *state = sqlite3_user_data (context);

  sqlite3_result_int (context, state->capturing);
}

static void
sql_change_id (sqlite3_context  *context,
               int               argc,
               sqlite3_value   **argv)
{
  g_autofree char *id = dk_uuid_new ();

  sqlite3_result_text (context, id, -1, SQLITE_TRANSIENT);
}

static gboolean
register_functions (DkReplica  *self,
                    GError    **error)
{
  sqlite3 *db = dk_store_get_db (self->store);
  CaptureState *state = g_new0 (CaptureState, 1);
  int rc;

  state->capturing = TRUE;
  /* SQLITE_INNOCUOUS: the store runs with trusted_schema=OFF, under which triggers may only call
   * functions marked so. Neither function reads or writes anything but its own result. */
  rc = sqlite3_create_function_v2 (db, "dk_sync_capture", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, state,
                                   sql_capture, NULL, NULL, g_free);
  if (rc != SQLITE_OK)
    {
      dk_store_set_sqlite_error (self->store, rc, error);
      return FALSE;
    }
  self->capture = state;

  rc = sqlite3_create_function_v2 (db, "dk_sync_change_id", 0, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL,
                                   sql_change_id, NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      dk_store_set_sqlite_error (self->store, rc, error);
      return FALSE;
    }
  return TRUE;
}

DkReplica *
dk_replica_open (const char  *path,
                 GError     **error)
{
  g_autoptr(DkReplica) self = g_object_new (DK_TYPE_REPLICA, NULL);
  const DkMigration *migrations;
  gsize n = 0;

  g_return_val_if_fail (path != NULL, NULL);

  self->store = dk_domain_store_open (path, error);
  if (self->store == NULL || !register_functions (self, error))
    return NULL;

  migrations = dk_replica_migrations (&n);
  if (!dk_store_migrate_track (self->store, DK_REPLICA_TRACK, migrations, n, error) ||
      !dk_replica_capture_install (self->store, error))
    return NULL;

  return g_steal_pointer (&self);
}

DkStore *
dk_replica_get_store (DkReplica *self)
{
  g_return_val_if_fail (DK_IS_REPLICA (self), NULL);

  return self->store;
}

static gboolean
read_text (DkStore     *store,
           const char  *sql,
           char       **out_text,
           GError     **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, error);
  gboolean has_row = FALSE;

  *out_text = NULL;
  if (stmt == NULL || !dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      *out_text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  return TRUE;
}

typedef struct
{
  const char *user_id;
  const char *device_id;
} Account;

static gboolean
bind_in_transaction (DkStore   *store,
                     gpointer   user_data,
                     GError   **error)
{
  const Account *account = user_data;
  g_autofree char *user_id = NULL;
  g_autofree char *device_id = NULL;
  sqlite3_stmt *stmt;

  if (!read_text (store, "SELECT user_id FROM sync_state", &user_id, error) ||
      !read_text (store, "SELECT device_id FROM sync_state", &device_id, error))
    return FALSE;

  if (user_id != NULL || device_id != NULL)
    {
      if (g_strcmp0 (user_id, account->user_id) == 0 && g_strcmp0 (device_id, account->device_id) == 0)
        return TRUE;
      g_set_error_literal (error, DK_REPLICA_ERROR, DK_REPLICA_ERROR_OTHER_ACCOUNT,
                           _("The local data on this computer belongs to another account or device."));
      return FALSE;
    }

  stmt = dk_store_prepare (store, "UPDATE sync_state SET user_id = ?1, device_id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, account->user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, account->device_id, -1, SQLITE_TRANSIENT);
  return dk_store_step_done (store, stmt, error);
}

gboolean
dk_replica_bind_account (DkReplica   *self,
                         const char  *user_id,
                         const char  *device_id,
                         GError     **error)
{
  Account account = { user_id, device_id };

  g_return_val_if_fail (DK_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (dk_uuid_is_valid (user_id) && dk_uuid_is_valid (device_id), FALSE);

  return dk_store_transaction (self->store, bind_in_transaction, &account, error);
}

char *
dk_replica_dup_device_id (DkReplica  *self,
                          GError    **error)
{
  char *device_id = NULL;

  g_return_val_if_fail (DK_IS_REPLICA (self), NULL);

  read_text (self->store, "SELECT device_id FROM sync_state", &device_id, error);
  return device_id;
}

gboolean
dk_replica_get_cursor (DkReplica  *self,
                       gint64     *out_cursor,
                       GError    **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  g_return_val_if_fail (DK_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (out_cursor != NULL, FALSE);

  stmt = dk_store_prepare (self->store, "SELECT cursor FROM sync_state", error);
  if (stmt == NULL || !dk_store_step_row (self->store, stmt, &has_row, error))
    return FALSE;
  *out_cursor = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
dk_replica_count_outbox (DkReplica       *self,
                         DkOutboxCounts  *out_counts,
                         GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  g_return_val_if_fail (DK_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (out_counts != NULL, FALSE);

  *out_counts = (DkOutboxCounts) { 0 };
  stmt = dk_store_prepare (self->store, "SELECT state, count (*) FROM sync_outbox GROUP BY state", error);
  if (stmt == NULL)
    return FALSE;
  while ((ok = dk_store_step_row (self->store, stmt, &has_row, error)) && has_row)
    {
      const char *state = (const char *) sqlite3_column_text (stmt, 0);
      guint count = (guint) sqlite3_column_int64 (stmt, 1);

      if (g_str_equal (state, "pending"))
        out_counts->pending = count;
      else if (g_str_equal (state, "sent"))
        out_counts->sent = count;
      else if (g_str_equal (state, "applied"))
        out_counts->applied = count;
      else if (g_str_equal (state, "conflict"))
        out_counts->conflict = count;
      else if (g_str_equal (state, "refused"))
        out_counts->refused = count;
    }
  return ok;
}

/* ---- push ---- */

typedef struct
{
  guint     max_changes;
  JsonNode *request;
} Batch;

static JsonNode *
parse_column (sqlite3_stmt *stmt,
              int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  /* Written by the capture triggers' json functions: always a JSON object. */
  return text != NULL ? json_from_string (text, NULL) : NULL;
}

static gboolean
batch_in_transaction (DkStore   *store,
                      gpointer   user_data,
                      GError   **error)
{
  Batch *batch = user_data;
  g_autoptr(JsonArray) changes = json_array_new ();
  g_autoptr(JsonObject) request = json_object_new ();
  g_autofree char *device_id = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  if (!read_text (store, "SELECT device_id FROM sync_state", &device_id, error))
    return FALSE;
  if (device_id == NULL)
    {
      g_set_error_literal (error, DK_REPLICA_ERROR, DK_REPLICA_ERROR_NO_ACCOUNT,
                           _("Sign in before synchronising."));
      return FALSE;
    }

  stmt = dk_store_prepare (store,
                           "SELECT change_id, record_table, record_id, dossier_id, op, fields, base, made_at"
                           " FROM sync_outbox WHERE state IN ('pending', 'sent') ORDER BY seq_local LIMIT ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch->max_changes);
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      JsonObject *change = json_object_new ();
      const char *op = (const char *) sqlite3_column_text (stmt, 4);
      JsonNode *base = parse_column (stmt, 6);

      json_object_set_string_member (change, "change_id", (const char *) sqlite3_column_text (stmt, 0));
      json_object_set_string_member (change, "table", (const char *) sqlite3_column_text (stmt, 1));
      json_object_set_string_member (change, "record_id", (const char *) sqlite3_column_text (stmt, 2));
      json_object_set_string_member (change, "dossier_id", (const char *) sqlite3_column_text (stmt, 3));
      json_object_set_string_member (change, "op", op);
      if (!g_str_equal (op, "delete"))
        json_object_set_member (change, "fields", parse_column (stmt, 5));
      if (base != NULL)
        json_object_set_member (change, "base", base);
      json_object_set_string_member (change, "made_at", (const char *) sqlite3_column_text (stmt, 7));
      json_array_add_object_element (changes, change);
    }
  if (!ok)
    return FALSE;
  if (json_array_get_length (changes) == 0)
    return TRUE;

  stmt = dk_store_prepare (store,
                           "UPDATE sync_outbox SET state = 'sent' WHERE state = 'pending' AND seq_local IN"
                           " (SELECT seq_local FROM sync_outbox WHERE state IN ('pending', 'sent')"
                           "  ORDER BY seq_local LIMIT ?1)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, batch->max_changes);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  json_object_set_string_member (request, "device_id", device_id);
  json_object_set_array_member (request, "changes", g_steal_pointer (&changes));
  batch->request = json_node_init_object (json_node_alloc (), request);
  return TRUE;
}

JsonNode *
dk_replica_take_batch (DkReplica  *self,
                       guint       max_changes,
                       GError    **error)
{
  Batch batch = { max_changes, NULL };

  g_return_val_if_fail (DK_IS_REPLICA (self), NULL);
  g_return_val_if_fail (max_changes > 0, NULL);

  if (!dk_store_transaction (self->store, batch_in_transaction, &batch, error))
    {
      g_clear_pointer (&batch.request, json_node_unref);
      return NULL;
    }
  return batch.request;
}

static gboolean
answers_in_transaction (DkStore   *store,
                        gpointer   user_data,
                        GError   **error)
{
  JsonNode *answer = user_data;
  JsonArray *results;
  sqlite3_stmt *stmt;

  if (!JSON_NODE_HOLDS_OBJECT (answer))
    return dk_replica_malformed (error, "push");
  results = dk_replica_json_array (json_node_get_object (answer), "results");
  if (results == NULL)
    return dk_replica_malformed (error, "push results");

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);
      JsonObject *result;
      const char *change_id;
      const char *status;
      gint64 seq = 0;
      g_autofree char *text = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return dk_replica_malformed (error, "push result");
      result = json_node_get_object (node);
      change_id = dk_replica_json_string (result, "change_id");
      status = dk_replica_json_string (result, "status");
      if (change_id == NULL || status == NULL ||
          !(g_str_equal (status, "applied") || g_str_equal (status, "conflict") || g_str_equal (status, "refused")))
        return dk_replica_malformed (error, "push result status");
      if (!g_str_equal (status, "refused") &&
          (!dk_replica_json_int (result, "seq", &seq) || seq <= 0))
        return dk_replica_malformed (error, "push result seq");

      text = json_to_string (node, FALSE);
      stmt = dk_store_prepare (store,
                               "UPDATE sync_outbox SET state = ?2, answer = ?3, answer_seq = ?4,"
                               " answered_at = strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')"
                               " WHERE change_id = ?1 AND state IN ('pending', 'sent')",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, change_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, text, -1, SQLITE_TRANSIENT);
      if (seq > 0)
        sqlite3_bind_int64 (stmt, 4, seq);
      if (!dk_store_step_done (store, stmt, error))
        return FALSE;
    }

  stmt = dk_store_prepare (store, "UPDATE sync_state SET last_push_at = strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')",
                           error);
  return stmt != NULL && dk_store_step_done (store, stmt, error);
}

gboolean
dk_replica_record_answers (DkReplica  *self,
                           JsonNode   *answer,
                           GError    **error)
{
  g_return_val_if_fail (DK_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (answer != NULL, FALSE);

  return dk_store_transaction (self->store, answers_in_transaction, answer, error);
}

/* ---- pull ---- */

static gboolean
set_foreign_keys (DkStore    *store,
                  gboolean    on,
                  GError    **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (store, on ? "PRAGMA foreign_keys = ON" : "PRAGMA foreign_keys = OFF",
                                         error);

  return stmt != NULL && dk_store_step_done (store, stmt, error);
}

/*
 * Runs @func as the sync's own write: the capture triggers stand aside (what the server sends is not a
 * local change) and foreign keys are off, because a replica is a partial view: a row may point at a
 * row of a dossier outside the user's scope (a split's source), which the server has and the replica
 * never will. The server checked those references; local edits still run with foreign keys on.
 */
gboolean
dk_replica_run_as_sync (DkReplica               *self,
                        DkStoreTransactionFunc   func,
                        gpointer                 user_data,
                        GError                 **error)
{
  gboolean ok;

  if (!set_foreign_keys (self->store, FALSE, error))
    return FALSE;
  self->capture->capturing = FALSE;
  ok = dk_store_transaction (self->store, func, user_data, error);
  self->capture->capturing = TRUE;
  if (!set_foreign_keys (self->store, TRUE, ok ? error : NULL))
    return FALSE;
  return ok;
}

typedef struct
{
  JsonNode *page;
  gint64    next_cursor;
  gboolean  has_more;
} Page;

static gboolean
apply_in_transaction (DkStore   *store,
                      gpointer   user_data,
                      GError   **error)
{
  Page *page = user_data;

  return dk_replica_apply (store, page->page, &page->next_cursor, &page->has_more, error);
}

gboolean
dk_replica_apply_page (DkReplica  *self,
                       JsonNode   *page,
                       gint64     *out_next_cursor,
                       gboolean   *out_has_more,
                       GError    **error)
{
  Page p = { page, 0, FALSE };

  g_return_val_if_fail (DK_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (page != NULL, FALSE);

  if (!dk_replica_run_as_sync (self, apply_in_transaction, &p, error))
    return FALSE;
  if (out_next_cursor != NULL)
    *out_next_cursor = p.next_cursor;
  if (out_has_more != NULL)
    *out_has_more = p.has_more;
  return TRUE;
}

static gboolean
reset_in_transaction (DkStore   *store,
                      gpointer   user_data,
                      GError   **error)
{
  return dk_replica_remove_all (store, error);
}

gboolean
dk_replica_reset (DkReplica  *self,
                  GError    **error)
{
  g_return_val_if_fail (DK_IS_REPLICA (self), FALSE);

  return dk_replica_run_as_sync (self, reset_in_transaction, NULL, error);
}

GStrv
dk_replica_dup_refetch (DkReplica  *self,
                        guint       max_dossiers,
                        GError    **error)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  g_return_val_if_fail (DK_IS_REPLICA (self), NULL);
  g_return_val_if_fail (max_dossiers > 0, NULL);

  stmt = dk_store_prepare (self->store, "SELECT dossier_id FROM sync_refetch ORDER BY marked_at, dossier_id LIMIT ?1",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, max_dossiers);
  while ((ok = dk_store_step_row (self->store, stmt, &has_row, error)) && has_row)
    g_strv_builder_add (ids, (const char *) sqlite3_column_text (stmt, 0));
  return ok ? g_strv_builder_end (ids) : NULL;
}

static gboolean
clear_refetch_in_transaction (DkStore   *store,
                              gpointer   user_data,
                              GError   **error)
{
  const char * const *dossier_ids = user_data;

  for (gsize i = 0; dossier_ids[i] != NULL; i++)
    {
      sqlite3_stmt *stmt = dk_store_prepare (store, "DELETE FROM sync_refetch WHERE dossier_id = ?1", error);

      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, dossier_ids[i], -1, SQLITE_TRANSIENT);
      if (!dk_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
dk_replica_clear_refetch (DkReplica           *self,
                          const char * const  *dossier_ids,
                          GError             **error)
{
  g_return_val_if_fail (DK_IS_REPLICA (self), FALSE);
  g_return_val_if_fail (dossier_ids != NULL, FALSE);

  return dk_store_transaction (self->store, clear_refetch_in_transaction, (gpointer) dossier_ids, error);
}

gboolean
dk_replica_wipe_files (const char  *path,
                       GError     **error)
{
  static const char * const suffixes[] = { "", "-wal", "-shm", "-journal" };

  g_return_val_if_fail (path != NULL, FALSE);

  for (gsize i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (g_unlink (file) != 0 && errno != ENOENT)
        {
          int saved = errno;

          g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                       _("Could not remove the local data: %s"), g_strerror (saved));
          return FALSE;
        }
    }
  return TRUE;
}
