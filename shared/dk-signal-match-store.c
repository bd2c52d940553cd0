#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "dk-date.h"
#include "dk-domain-schema.h"
#include "dk-signal-match-store.h"
#include "dk-uuid.h"

typedef struct
{
  const DkSignalPolicy *policy;
  const GDate          *today;
  DkSignalMatchSummary  summary;
} Run;

static gboolean
corrupt (const char  *table,
         GError     **error)
{
  g_set_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CORRUPT,
               _("The %s table holds a value its schema does not allow."), table);
  return FALSE;
}

/* "YYYY-MM-DD…" as the schema's CHECKs guarantee; NULL leaves @out cleared. FALSE for anything else. */
static gboolean
column_date (sqlite3_stmt *stmt,
             int           column,
             GDate        *out)
{
  const char *text = (const char *) sqlite3_column_text (stmt, column);
  guint y, m, d;

  g_date_clear (out, 1);
  if (text == NULL)
    return TRUE;
  if (strlen (text) < 10 || sscanf (text, "%4u-%2u-%2u", &y, &m, &d) != 3 ||
      !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_set_dmy (out, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

/* The unmatched signals, with their ids in @ids at the same index. */
static gboolean
load_signals (DkStore    *store,
              GPtrArray  *signals,
              GPtrArray  *ids,
              GError    **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  stmt = dk_store_prepare (store,
                           "SELECT id, partner_type, partner_name, amount_cents, arose_on, signal_date, crisis, bsn,"
                           " postcode, house_number, house_number_addition FROM early_signal s"
                           " WHERE NOT EXISTS (SELECT 1 FROM early_signal_link l WHERE l.signal_id = s.id)"
                           " ORDER BY signal_date, id",
                           error);
  if (stmt == NULL)
    return FALSE;
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      g_autoptr(DkSignal) signal = dk_signal_new ();

      if (!dk_signal_partner_from_ddas ((const char *) sqlite3_column_text (stmt, 1), &signal->partner_type) ||
          !column_date (stmt, 4, &signal->arose_on) || !column_date (stmt, 5, &signal->signal_date))
        {
          sqlite3_reset (stmt);
          return corrupt ("early_signal", error);
        }
      signal->partner_name = column_dup (stmt, 2);
      signal->has_amount = sqlite3_column_type (stmt, 3) != SQLITE_NULL;
      signal->amount_cents = sqlite3_column_int64 (stmt, 3);
      signal->crisis = sqlite3_column_int (stmt, 6) != 0;
      signal->bsn = column_dup (stmt, 7);
      signal->postcode = column_dup (stmt, 8);
      signal->house_number = column_dup (stmt, 9);
      signal->house_number_addition = column_dup (stmt, 10);
      g_ptr_array_add (ids, column_dup (stmt, 0));
      g_ptr_array_add (signals, g_steal_pointer (&signal));
    }
  return ok;
}

/* The open and set-aside cases of the households in @keys, with the partners of their picked-up
 * signals. */
static gboolean
load_cases (DkStore     *store,
            GHashTable  *keys,
            GPtrArray   *cases,
            GError     **error)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  stmt = dk_store_prepare (store,
                           "SELECT id, household_key, kind, status, multiple, crisis, period_start, period_end,"
                           " dossier_id, counsellor FROM early_signal_case WHERE status = 'open' OR kind = 'set_aside'",
                           error);
  if (stmt == NULL)
    return FALSE;
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 1);
      DkSignalCaseKind kind;
      DkSignalCase *c;

      if (!g_hash_table_contains (keys, key))
        continue;
      if (!dk_signal_case_kind_from_string ((const char *) sqlite3_column_text (stmt, 2), &kind))
        {
          sqlite3_reset (stmt);
          return corrupt ("early_signal_case", error);
        }
      c = dk_signal_case_new ((const char *) sqlite3_column_text (stmt, 0), key, kind,
                              g_str_equal ((const char *) sqlite3_column_text (stmt, 3), "open"));
      g_ptr_array_add (cases, c);
      c->multiple = sqlite3_column_int (stmt, 4) != 0;
      c->crisis = sqlite3_column_int (stmt, 5) != 0;
      if (!column_date (stmt, 6, &c->period_start) || !column_date (stmt, 7, &c->period_end))
        {
          sqlite3_reset (stmt);
          return corrupt ("early_signal_case", error);
        }
      c->dossier_id = column_dup (stmt, 8);
      c->counsellor = column_dup (stmt, 9);
      if (c->open)
        g_hash_table_insert (by_id, c->case_id, c);
    }
  if (!ok)
    return FALSE;
  if (g_hash_table_size (by_id) == 0)
    return TRUE;

  stmt = dk_store_prepare (store,
                           "SELECT l.case_id, s.partner_type, s.partner_name, s.amount_cents FROM early_signal_link l"
                           " JOIN early_signal s ON s.id = l.signal_id"
                           " JOIN early_signal_case c ON c.id = l.case_id"
                           " WHERE c.status = 'open' AND l.status = 'picked_up' ORDER BY s.signal_date, s.id",
                           error);
  if (stmt == NULL)
    return FALSE;
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      DkSignalCase *c = g_hash_table_lookup (by_id, sqlite3_column_text (stmt, 0));
      DkSignalPartner partner;

      if (c == NULL)
        continue;
      if (!dk_signal_partner_from_ddas ((const char *) sqlite3_column_text (stmt, 1), &partner))
        {
          sqlite3_reset (stmt);
          return corrupt ("early_signal", error);
        }
      /* Keeps the case's stored multiple flag as it is recomputed from the same partners. */
      dk_signal_case_add_partner (c, partner, (const char *) sqlite3_column_text (stmt, 2),
                                  sqlite3_column_type (stmt, 3) != SQLITE_NULL, sqlite3_column_int64 (stmt, 3));
    }
  return ok;
}

/* Adds the dossier of the current row (columns 1 … 5: id, phase, opened_on, updated_at, counsellor)
 * under @key. */
static gboolean
add_dossier (GHashTable    *dossiers,
             char          *key,
             sqlite3_stmt  *stmt)
{
  g_autoptr(DkSignalDossier) dossier = NULL;
  GPtrArray *list;
  DkCasePhase phase;

  if (!dk_case_phase_from_string ((const char *) sqlite3_column_text (stmt, 2), &phase))
    {
      g_free (key);
      return FALSE;
    }
  dossier = dk_signal_dossier_new ((const char *) sqlite3_column_text (stmt, 1), phase,
                                   (const char *) sqlite3_column_text (stmt, 5));
  if (!column_date (stmt, 3, &dossier->opened_on))
    {
      g_free (key);
      return FALSE;
    }
  /* See the header: the day of the last change stands in for the closing date. */
  if (phase == DK_CASE_PHASE_CLOSED && !column_date (stmt, 4, &dossier->closed_on))
    {
      g_free (key);
      return FALSE;
    }
  list = g_hash_table_lookup (dossiers, key);
  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_signal_dossier_free);
      g_hash_table_insert (dossiers, key, list);
    }
  else
    {
      g_free (key);
      /* Two persons or contacts of one dossier under one key: the dossier counts once. */
      for (guint i = 0; i < list->len; i++)
        if (g_str_equal (((DkSignalDossier *) list->pdata[i])->dossier_id, dossier->dossier_id))
          return TRUE;
    }
  g_ptr_array_add (list, g_steal_pointer (&dossier));
  return TRUE;
}

/* One pass over persons and one over contacts, keeping the dossiers of the households in @keys. */
static gboolean
load_dossiers (DkStore     *store,
               GHashTable  *keys,
               GHashTable  *dossiers,
               GError     **error)
{
  static const char * const queries[] = {
    "SELECT p.bsn, d.id, d.phase, d.opened_on, d.updated_at, d.counsellor, NULL FROM person p"
    " JOIN dossier d ON d.id = p.dossier_id"
    " WHERE p.bsn IS NOT NULL AND p.removed_at IS NULL AND d.removed_at IS NULL AND d.kind = 'debt_help'",
    "SELECT c.postcode, d.id, d.phase, d.opened_on, d.updated_at, d.counsellor, c.house_number FROM contact c"
    " JOIN dossier d ON d.id = c.dossier_id"
    " WHERE c.postcode IS NOT NULL AND c.house_number IS NOT NULL AND c.removed_at IS NULL"
    " AND d.removed_at IS NULL AND d.kind = 'debt_help'",
  };

  for (guint q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      sqlite3_stmt *stmt = dk_store_prepare (store, queries[q], error);
      gboolean has_row = FALSE;
      gboolean ok;

      if (stmt == NULL)
        return FALSE;
      while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
        {
          const char *first = (const char *) sqlite3_column_text (stmt, 0);
          char *key = q == 0 ? g_strconcat ("bsn:", first, NULL)
                             : dk_signal_match_address_key (first, (const char *) sqlite3_column_text (stmt, 6),
                                                            NULL);

          if (key == NULL || !g_hash_table_contains (keys, key))
            {
              g_free (key);
              continue;
            }
          if (!add_dossier (dossiers, key, stmt))
            {
              sqlite3_reset (stmt);
              return corrupt ("dossier", error);
            }
        }
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static gboolean
write_case (DkStore            *store,
            DkSignalCase       *c,
            GPtrArray          *ids,
            const char         *today,
            const char         *now,
            GError            **error)
{
  sqlite3_stmt *stmt;

  if (c->case_id == NULL)
    {
      g_autofree char *start = dk_date_format_iso (&c->period_start);
      g_autofree char *end = dk_date_format_iso (&c->period_end);

      c->case_id = dk_uuid_new ();
      stmt = dk_store_prepare (store,
                               "INSERT INTO early_signal_case (id, household_key, kind, status, multiple, crisis,"
                               " period_start, period_end, matched_on, dossier_id, counsellor, created_at, updated_at)"
                               " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, c->case_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, c->household_key, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, dk_signal_case_kind_to_string (c->kind), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, c->open ? "open" : "closed", -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 5, c->multiple ? 1 : 0);
      sqlite3_bind_int (stmt, 6, c->crisis ? 1 : 0);
      sqlite3_bind_text (stmt, 7, start, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 8, end, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 9, today, -1, SQLITE_TRANSIENT);
      if (c->dossier_id != NULL)
        sqlite3_bind_text (stmt, 10, c->dossier_id, -1, SQLITE_TRANSIENT);
      if (c->counsellor != NULL)
        sqlite3_bind_text (stmt, 11, c->counsellor, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 12, now, -1, SQLITE_TRANSIENT);
    }
  else
    {
      stmt = dk_store_prepare (store,
                               "UPDATE early_signal_case SET multiple = ?2, crisis = ?3, updated_at = ?4 WHERE id = ?1",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, c->case_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int (stmt, 2, c->multiple ? 1 : 0);
      sqlite3_bind_int (stmt, 3, c->crisis ? 1 : 0);
      sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);
    }
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  for (guint s = 0; s < c->signal_indexes->len; s++)
    {
      guint index = g_array_index (c->signal_indexes, guint, s);
      DkSignalLinkStatus status = g_array_index (c->signal_status, DkSignalLinkStatus, s);

      stmt = dk_store_prepare (store,
                               "INSERT INTO early_signal_link (signal_id, case_id, status, reason, matched_at)"
                               " VALUES (?1, ?2, ?3, ?4, ?5)",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, ids->pdata[index], -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, c->case_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, dk_signal_link_status_to_string (status), -1, SQLITE_STATIC);
      if (status == DK_SIGNAL_LINK_SET_ASIDE)
        sqlite3_bind_text (stmt, 4, "policy", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);
      if (!dk_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
run_in_transaction (DkStore   *store,
                    gpointer   user_data,
                    GError   **error)
{
  Run *run = user_data;
  g_autoptr(GPtrArray) signals = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_signal_free);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) cases = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_signal_case_free);
  g_autoptr(GHashTable) keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) dossiers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                          (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(DkSignalMatchResult) result = NULL;
  g_autofree char *today = dk_date_format_iso (run->today);
  g_autofree char *now = dk_domain_timestamp_now ();

  if (!load_signals (store, signals, ids, error))
    return FALSE;
  if (signals->len == 0)
    return TRUE;
  for (guint i = 0; i < signals->len; i++)
    {
      char *key = dk_signal_match_household_key (signals->pdata[i]);

      if (key != NULL)
        g_hash_table_add (keys, key);
    }
  if (!load_cases (store, keys, cases, error) || !load_dossiers (store, keys, dossiers, error))
    return FALSE;

  result = dk_signal_match (run->policy, signals, cases, dossiers);
  for (guint c = 0; c < result->cases->len; c++)
    {
      DkSignalCase *sc = result->cases->pdata[c];

      /* Before write_case (), which gives a new case its id. */
      if (sc->case_id != NULL && sc->open)
        run->summary.n_cases_attached++;
      if (!write_case (store, sc, ids, today, now, error))
        return FALSE;
      if (sc->crisis)
        run->summary.n_crisis++;
    }

  run->summary.n_signals = result->n_signals;
  memcpy (run->summary.n_cases_by_kind, result->n_cases_by_kind, sizeof result->n_cases_by_kind);
  run->summary.n_attached = result->n_attached;
  run->summary.n_picked_up = result->n_picked_up;
  run->summary.n_repeat = result->n_repeat;
  run->summary.n_set_aside = result->n_set_aside;
  run->summary.n_multiple = result->n_multiple;
  return TRUE;
}

gboolean
dk_signal_match_store_run (DkStore               *store,
                           const DkSignalPolicy  *policy,
                           const GDate           *today,
                           DkSignalMatchSummary  *out_summary,
                           GError               **error)
{
  Run run = { policy, today, { 0 } };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (policy != NULL, FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!dk_store_transaction (store, run_in_transaction, &run, error))
    return FALSE;
  if (out_summary != NULL)
    *out_summary = run.summary;
  return TRUE;
}
