#include "config.h"

#include "dk-domain-schema.h"
#include "dk-sync-resnapshot.h"
#include "dk-uuid.h"

typedef struct
{
  char *device_id;
  char *user_id;
} Holder;

static void
holder_clear (gpointer data)
{
  Holder *holder = data;

  g_free (holder->device_id);
  g_free (holder->user_id);
}

typedef struct
{
  const char *dossier_id;
  guint       n_devices;
} Resnapshot;

static gboolean
resnapshot_in_transaction (DkStore   *store,
                           gpointer   user_data,
                           GError   **error)
{
  Resnapshot *r = user_data;
  g_autoptr(GArray) holders = g_array_new (FALSE, TRUE, sizeof (Holder));
  g_autofree char *now = dk_domain_timestamp_now ();
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  g_array_set_clear_func (holders, holder_clear);

  /* Read first: the statements below are cached and would reset this one while it runs. */
  stmt = dk_store_prepare (store,
                           "SELECT s.device_id, d.user_id FROM device_scope AS s JOIN device AS d ON d.id = s.device_id"
                           " WHERE s.dossier_id = ?1 AND s.purge_seq IS NULL AND d.revoked_at IS NULL"
                           " ORDER BY s.device_id",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, r->dossier_id, -1, SQLITE_TRANSIENT);
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      Holder holder = {
        g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
      };

      g_array_append_val (holders, holder);
    }
  if (!ok)
    return FALSE;

  for (guint i = 0; i < holders->len; i++)
    {
      const Holder *holder = &g_array_index (holders, Holder, i);
      g_autofree char *change_id = dk_uuid_new ();
      gint64 seq;

      /* The same marker a pull writes for a dossier that enters scope (dk-sync-pull.c). */
      stmt = dk_store_prepare (store,
                               "INSERT INTO change_log (change_id, dossier_id, op, user_id, device_id, applied_at, status)"
                               " VALUES (?1, ?2, 'snapshot', ?3, ?4, ?5, 'applied')",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, change_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, r->dossier_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, holder->user_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, holder->device_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
      if (!dk_store_step_done (store, stmt, error))
        return FALSE;
      seq = sqlite3_last_insert_rowid (dk_store_get_db (store));

      /* A snapshot still on its way is replaced by this one: it is read when it is sent, so the
       * newer marker loses nothing, and the older one is no longer named by any holding. */
      stmt = dk_store_prepare (store,
                               "UPDATE device_scope SET snapshot_seq = ?3 WHERE device_id = ?1 AND dossier_id = ?2",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, holder->device_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, r->dossier_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 3, seq);
      if (!dk_store_step_done (store, stmt, error))
        return FALSE;
      r->n_devices++;
    }
  return TRUE;
}

gboolean
dk_sync_resnapshot_holders (DkStore     *store,
                            const char  *dossier_id,
                            guint       *out_n_devices,
                            GError     **error)
{
  Resnapshot r = { dossier_id, 0 };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (dossier_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!dk_store_transaction (store, resnapshot_in_transaction, &r, error))
    return FALSE;
  if (out_n_devices != NULL)
    *out_n_devices = r.n_devices;
  return TRUE;
}
