#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-date.h"
#include "dk-domain-schema.h"
#include "dk-signal-outcome-store.h"
#include "dk-sql-util.h"
#include "dk-uuid.h"

G_DEFINE_QUARK (dk-signal-outcome-error-quark, dk_signal_outcome_error)

/* The start of the case's matching period (its first signal), or a NOT_FOUND error. */
static gboolean
case_period_start (DkStore     *store,
                 const char  *case_id,
                 GDate       *out_start,
                 GError     **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (store, "SELECT period_start FROM early_signal_case WHERE id = ?1", error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    {
      g_set_error (error, DK_SIGNAL_OUTCOME_ERROR, DK_SIGNAL_OUTCOME_ERROR_NOT_FOUND,
                   _("There is no early-signal case with id %s"), case_id);
      return FALSE;
    }
  (void) dk_sql_column_date (stmt, 0, out_start);
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
check_date (DkStore     *store,
            const char  *case_id,
            const GDate *date,
            GError     **error)
{
  GDate period_start;
  g_autofree char *start = NULL;

  if (!case_period_start (store, case_id, &period_start, error))
    return FALSE;
  if (date == NULL || !g_date_valid (date))
    {
      g_set_error_literal (error, DK_SIGNAL_OUTCOME_ERROR, DK_SIGNAL_OUTCOME_ERROR_INVALID, _("The date is not valid"));
      return FALSE;
    }
  if (g_date_valid (&period_start) && g_date_compare (date, &period_start) < 0)
    {
      start = dk_date_format_iso (&period_start);
      g_set_error (error, DK_SIGNAL_OUTCOME_ERROR, DK_SIGNAL_OUTCOME_ERROR_INVALID,
                   _("The date lies before the case’s first signal (%s)"), start);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  const char  *case_id;
  const char  *code;
  const GDate *date;
  const GDate *picked_up_on;
} Outcome;

static gboolean
set_outcome_in_transaction (DkStore   *store,
                            gpointer   user_data,
                            GError   **error)
{
  Outcome *o = user_data;
  g_autofree char *now = dk_domain_timestamp_now ();
  sqlite3_stmt *stmt;

  if (!check_date (store, o->case_id, o->date, error))
    return FALSE;
  if (o->picked_up_on != NULL && !check_date (store, o->case_id, o->picked_up_on, error))
    return FALSE;

  /* Closing frees the household for a new case: the one-open-case index allows one open case only. */
  stmt = dk_store_prepare (store,
                           "UPDATE early_signal_case SET outcome_code = ?2, outcome_on = ?3, status = 'closed',"
                           " picked_up_on = coalesce (picked_up_on, ?4), updated_at = ?5 WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, o->case_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, o->code, -1, SQLITE_STATIC);
  dk_sql_bind_date (stmt, 3, o->date);
  dk_sql_bind_date (stmt, 4, o->picked_up_on);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
  return dk_store_step_done (store, stmt, error);
}

gboolean
dk_signal_case_set_outcome (DkStore      *store,
                            const char   *case_id,
                            const char   *code,
                            const GDate  *date,
                            const GDate  *picked_up_on,
                            GError      **error)
{
  DkSignalResult result;
  Outcome o = { case_id, NULL, date, picked_up_on };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  if (!dk_signal_result_from_ddas (code, &result))
    {
      g_set_error (error, DK_SIGNAL_OUTCOME_ERROR, DK_SIGNAL_OUTCOME_ERROR_INVALID,
                   _("“%s” is not a DDAS end result (EnumEindresultaat)"), code != NULL ? code : "");
      return FALSE;
    }
  /* The canonical spelling, not the caller's text with its white space. */
  o.code = dk_signal_result_to_ddas (result);
  return dk_store_transaction (store, set_outcome_in_transaction, &o, error);
}

typedef struct
{
  const char  *case_id;
  const char  *kind;
  gboolean     reached;
  const GDate *date;
  const char  *part_of_day;
} Contact;

static gboolean
add_contact_in_transaction (DkStore   *store,
                            gpointer   user_data,
                            GError   **error)
{
  Contact *c = user_data;
  g_autofree char *id = dk_uuid_new ();
  g_autofree char *now = dk_domain_timestamp_now ();
  sqlite3_stmt *stmt;

  if (!check_date (store, c->case_id, c->date, error))
    return FALSE;

  stmt = dk_store_prepare (store,
                           "INSERT INTO early_signal_contact (id, case_id, kind, reached, contact_date, part_of_day,"
                           " recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, c->case_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, c->kind, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, c->reached ? 1 : 0);
  dk_sql_bind_date (stmt, 5, c->date);
  dk_sql_bind_text (stmt, 6, c->part_of_day);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  /* min () of dates in ISO form is their order; an attempt recorded late may be the earliest. */
  stmt = dk_store_prepare (store,
                           "UPDATE early_signal_case SET"
                           " picked_up_on = CASE WHEN picked_up_on IS NULL OR picked_up_on > ?2 THEN ?2"
                           "   ELSE picked_up_on END,"
                           " first_contact_on = CASE WHEN ?3 = 0 THEN first_contact_on"
                           "   WHEN first_contact_on IS NULL OR first_contact_on > ?2 THEN ?2 ELSE first_contact_on END,"
                           " updated_at = ?4 WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, c->case_id, -1, SQLITE_TRANSIENT);
  dk_sql_bind_date (stmt, 2, c->date);
  sqlite3_bind_int (stmt, 3, c->reached ? 1 : 0);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
  return dk_store_step_done (store, stmt, error);
}

gboolean
dk_signal_case_add_contact (DkStore      *store,
                            const char   *case_id,
                            const char   *kind,
                            gboolean      reached,
                            const GDate  *date,
                            const char   *part_of_day,
                            GError      **error)
{
  DkSignalContactKind contact_kind;
  Contact c = { case_id, NULL, reached, date, part_of_day };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (case_id != NULL, FALSE);

  if (!dk_signal_contact_kind_from_ddas (kind, &contact_kind))
    {
      g_set_error (error, DK_SIGNAL_OUTCOME_ERROR, DK_SIGNAL_OUTCOME_ERROR_INVALID,
                   _("“%s” is not a DDAS contact kind (EnumContactsoort)"), kind != NULL ? kind : "");
      return FALSE;
    }
  if (part_of_day != NULL && !dk_signal_part_of_day_valid (part_of_day))
    {
      g_set_error (error, DK_SIGNAL_OUTCOME_ERROR, DK_SIGNAL_OUTCOME_ERROR_INVALID,
                   _("“%s” is not a DDAS part of day (Ochtend, Middag or Avond)"), part_of_day);
      return FALSE;
    }
  c.kind = dk_signal_contact_kind_to_ddas (contact_kind);
  return dk_store_transaction (store, add_contact_in_transaction, &c, error);
}
