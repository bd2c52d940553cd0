#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-date.h"
#include "dk-domain-schema.h"
#include "dk-signal-store.h"
#include "dk-uuid.h"

typedef struct
{
  GPtrArray  *signals;
  const char *source_name;
  const char *import_id;
  guint       n_new;
  guint       n_known;
} Import;

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const char   *value)
{
  if (value != NULL)
    sqlite3_bind_text (stmt, index, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static void
bind_date_or_null (sqlite3_stmt *stmt,
                   int           index,
                   const GDate  *date)
{
  if (g_date_valid (date))
    sqlite3_bind_text (stmt, index, dk_date_format_iso (date), -1, g_free);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean
import_in_transaction (DkStore   *store,
                       gpointer   user_data,
                       GError   **error)
{
  Import *import = user_data;
  g_autofree char *now = dk_domain_timestamp_now ();

  for (guint i = 0; i < import->signals->len; i++)
    {
      const DkSignal *signal = import->signals->pdata[i];
      g_autofree char *key = dk_signal_identity_key (signal);
      g_autofree char *id = dk_uuid_new ();
      sqlite3_stmt *stmt;

      /* ON CONFLICT DO NOTHING on the identity alone: any other constraint still fails the import. */
      stmt = dk_store_prepare (store,
                               "INSERT INTO early_signal (id, identity_key, partner_type, partner_name,"
                               " partner_reference, amount_cents, arose_on, signal_date, crisis, warm_handover, bsn,"
                               " given_names, name_prefix, family_name, birth_date, street, house_number,"
                               " house_number_addition, postcode, city, phone, email, import_id, source_name,"
                               " imported_at)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
                               " ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25)"
                               " ON CONFLICT (identity_key) DO NOTHING",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, dk_signal_partner_to_ddas (signal->partner_type), -1, SQLITE_STATIC);
      bind_text_or_null (stmt, 4, signal->partner_name);
      bind_text_or_null (stmt, 5, signal->partner_reference);
      if (signal->has_amount)
        sqlite3_bind_int64 (stmt, 6, signal->amount_cents);
      else
        sqlite3_bind_null (stmt, 6);
      bind_date_or_null (stmt, 7, &signal->arose_on);
      bind_date_or_null (stmt, 8, &signal->signal_date);
      sqlite3_bind_int (stmt, 9, signal->crisis ? 1 : 0);
      sqlite3_bind_int (stmt, 10, signal->warm_handover ? 1 : 0);
      bind_text_or_null (stmt, 11, signal->bsn);
      bind_text_or_null (stmt, 12, signal->given_names);
      bind_text_or_null (stmt, 13, signal->name_prefix);
      bind_text_or_null (stmt, 14, signal->family_name);
      bind_date_or_null (stmt, 15, &signal->birth_date);
      bind_text_or_null (stmt, 16, signal->street);
      bind_text_or_null (stmt, 17, signal->house_number);
      bind_text_or_null (stmt, 18, signal->house_number_addition);
      bind_text_or_null (stmt, 19, signal->postcode);
      bind_text_or_null (stmt, 20, signal->city);
      bind_text_or_null (stmt, 21, signal->phone);
      bind_text_or_null (stmt, 22, signal->email);
      sqlite3_bind_text (stmt, 23, import->import_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 24, import->source_name, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 25, now, -1, SQLITE_TRANSIENT);
      if (!dk_store_step_done (store, stmt, error))
        return FALSE;

      if (sqlite3_changes (dk_store_get_db (store)) > 0)
        import->n_new++;
      else
        import->n_known++;
    }
  return TRUE;
}

gboolean
dk_signal_store_import (DkStore     *store,
                        GPtrArray   *signals,
                        const char  *source_name,
                        const char  *import_id,
                        guint       *n_new,
                        guint       *n_known,
                        GError     **error)
{
  Import import = { signals, source_name, import_id, 0, 0 };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (signals != NULL, FALSE);
  g_return_val_if_fail (source_name != NULL, FALSE);
  g_return_val_if_fail (dk_uuid_is_valid (import_id), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!dk_store_transaction (store, import_in_transaction, &import, error))
    return FALSE;
  if (n_new != NULL)
    *n_new = import.n_new;
  if (n_known != NULL)
    *n_known = import.n_known;
  return TRUE;
}

GArray *
dk_signal_store_count_by_partner (DkStore  *store,
                                  GError  **error)
{
  g_autoptr(GArray) counts = g_array_new (FALSE, TRUE, sizeof (DkSignalPartnerCount));
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);

  stmt = dk_store_prepare (store,
                           "SELECT partner_type, count(*), max (signal_date) FROM early_signal GROUP BY partner_type",
                           error);
  if (stmt == NULL)
    return NULL;
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      DkSignalPartnerCount count = { 0 };

      if (!dk_signal_partner_from_ddas ((const char *) sqlite3_column_text (stmt, 0), &count.partner_type) ||
          !dk_date_parse ((const char *) sqlite3_column_text (stmt, 2), &count.newest_signal_date, NULL))
        {
          sqlite3_reset (stmt);
          g_set_error_literal (error, DK_STORE_ERROR, DK_STORE_ERROR_CORRUPT,
                               _("The early_signal table holds a partner type or date its schema does not allow."));
          return NULL;
        }
      count.n_signals = (guint) sqlite3_column_int64 (stmt, 1);
      g_array_append_val (counts, count);
    }
  if (!ok)
    return NULL;

  /* Enum order, whatever order the DDAS codes sort in. */
  for (guint i = 1; i < counts->len; i++)
    for (guint j = i; j > 0 && g_array_index (counts, DkSignalPartnerCount, j - 1).partner_type >
                                 g_array_index (counts, DkSignalPartnerCount, j).partner_type; j--)
      {
        DkSignalPartnerCount swap = g_array_index (counts, DkSignalPartnerCount, j);

        g_array_index (counts, DkSignalPartnerCount, j) = g_array_index (counts, DkSignalPartnerCount, j - 1);
        g_array_index (counts, DkSignalPartnerCount, j - 1) = swap;
      }
  return g_steal_pointer (&counts);
}
