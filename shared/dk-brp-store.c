#include "config.h"

#include "dk-brp-store.h"
#include "dk-date.h"
#include "dk-domain-schema.h"

static char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);

  return text != NULL ? g_strdup (text) : NULL;
}

GPtrArray *
dk_brp_store_unchecked (DkStore     *store,
                        guint        limit,
                        GPtrArray  **out_ids,
                        GError     **error)
{
  g_autoptr(GPtrArray) signals = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_signal_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);
  g_return_val_if_fail (out_ids != NULL, NULL);

  stmt = dk_store_prepare (store,
                           "SELECT s.id, s.bsn, s.given_names, s.name_prefix, s.family_name, s.birth_date, s.postcode,"
                           " s.house_number, s.house_number_addition, s.partner_type, s.signal_date"
                           " FROM early_signal s WHERE NOT EXISTS (SELECT 1 FROM early_signal_brp b WHERE b.signal_id = s.id)"
                           " ORDER BY s.imported_at, s.id LIMIT ?1",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, limit > 0 ? (gint64) limit : -1);
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      g_autoptr(DkSignal) signal = dk_signal_new ();
      const char *birth = (const char *) sqlite3_column_text (stmt, 5);

      signal->bsn = column_text (stmt, 1);
      signal->given_names = column_text (stmt, 2);
      signal->name_prefix = column_text (stmt, 3);
      signal->family_name = column_text (stmt, 4);
      if (birth != NULL)
        (void) dk_date_parse (birth, &signal->birth_date, NULL);
      signal->postcode = column_text (stmt, 6);
      signal->house_number = column_text (stmt, 7);
      signal->house_number_addition = column_text (stmt, 8);
      (void) dk_signal_partner_from_ddas ((const char *) sqlite3_column_text (stmt, 9), &signal->partner_type);
      (void) dk_date_parse ((const char *) sqlite3_column_text (stmt, 10), &signal->signal_date, NULL);
      g_ptr_array_add (ids, column_text (stmt, 0));
      g_ptr_array_add (signals, g_steal_pointer (&signal));
    }
  if (!ok)
    return NULL;
  *out_ids = g_steal_pointer (&ids);
  return g_steal_pointer (&signals);
}

gboolean
dk_brp_store_record (DkStore             *store,
                     const char          *signal_id,
                     DkBrpQuery           query,
                     const DkBrpVerdict  *verdict,
                     GError             **error)
{
  g_autofree char *now = dk_domain_timestamp_now ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (signal_id != NULL && verdict != NULL, FALSE);

  stmt = dk_store_prepare (store,
                           "INSERT INTO early_signal_brp (signal_id, checked_at, query, outcome, ddas_code, review, reason)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, signal_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, query == DK_BRP_QUERY_BSN ? "bsn" : "address", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, dk_brp_outcome_to_string (verdict->outcome), -1, SQLITE_STATIC);
  if (verdict->ddas_code != NULL)
    sqlite3_bind_text (stmt, 5, verdict->ddas_code, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_text (stmt, 6, verdict->outcome == DK_BRP_OUTCOME_UNCERTAIN ? "pending" : "none", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, verdict->reason, -1, SQLITE_STATIC);
  return dk_store_step_done (store, stmt, error);
}

void
dk_brp_review_free (DkBrpReview *review)
{
  if (review == NULL)
    return;
  g_free (review->signal_id);
  g_free (review->signal_date);
  g_free (review->partner_type);
  g_free (review->query);
  g_free (review->reason);
  g_free (review);
}

GPtrArray *
dk_brp_store_pending (DkStore  *store,
                      GError  **error)
{
  g_autoptr(GPtrArray) reviews = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_brp_review_free);
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);

  /* Only what identifies the review, never the BSN, name or address the signal holds. */
  stmt = dk_store_prepare (store,
                           "SELECT b.signal_id, s.signal_date, s.partner_type, b.query, b.reason"
                           " FROM early_signal_brp b JOIN early_signal s ON s.id = b.signal_id"
                           " WHERE b.review = 'pending' ORDER BY s.signal_date, b.signal_id",
                           error);
  if (stmt == NULL)
    return NULL;
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      DkBrpReview *review = g_new0 (DkBrpReview, 1);

      review->signal_id = column_text (stmt, 0);
      review->signal_date = column_text (stmt, 1);
      review->partner_type = column_text (stmt, 2);
      review->query = column_text (stmt, 3);
      review->reason = column_text (stmt, 4);
      g_ptr_array_add (reviews, review);
    }
  if (!ok)
    return NULL;
  return g_steal_pointer (&reviews);
}

gboolean
dk_brp_store_resolve (DkStore       *store,
                      const char    *signal_id,
                      DkBrpOutcome   outcome,
                      gboolean      *out_resolved,
                      GError       **error)
{
  const char *ddas_code = dk_brp_outcome_ddas_code (outcome);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (signal_id != NULL && out_resolved != NULL, FALSE);
  g_return_val_if_fail ((guint) outcome < DK_BRP_OUTCOME_UNCERTAIN, FALSE);

  *out_resolved = FALSE;
  stmt = dk_store_prepare (store,
                           "UPDATE early_signal_brp SET outcome = ?2, ddas_code = ?3, review = 'resolved'"
                           " WHERE signal_id = ?1 AND review = 'pending'",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, signal_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, dk_brp_outcome_to_string (outcome), -1, SQLITE_STATIC);
  if (ddas_code != NULL)
    sqlite3_bind_text (stmt, 3, ddas_code, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, 3);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;
  *out_resolved = sqlite3_changes (dk_store_get_db (store)) > 0;
  return TRUE;
}
