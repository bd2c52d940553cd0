#include "config.h"

#include "dk-signal-period.h"
#include "dk-sql-util.h"

static void
contact_free (gpointer data)
{
  DkSignalPeriodContact *contact = data;

  g_free (contact->part_of_day);
  g_free (contact);
}

static void
case_free (gpointer data)
{
  DkSignalPeriodCase *case_ = data;

  g_free (case_->id);
  g_free (case_->household_key);
  g_ptr_array_unref (case_->contacts);
  g_free (case_);
}

static void
signal_free (gpointer data)
{
  DkSignalPeriodSignal *signal = data;

  g_free (signal->id);
  dk_signal_free (signal->signal);
  g_free (signal);
}

DkSignalPeriod *
dk_signal_period_new (const GDate *from,
                      const GDate *to)
{
  DkSignalPeriod *period = g_new0 (DkSignalPeriod, 1);

  period->from = *from;
  period->to = *to;
  period->signals = g_ptr_array_new_with_free_func (signal_free);
  period->cases = g_ptr_array_new_with_free_func (case_free);
  return period;
}

void
dk_signal_period_free (DkSignalPeriod *period)
{
  if (period == NULL)
    return;

  /* Signals first: they point at the cases. */
  g_ptr_array_unref (period->signals);
  g_ptr_array_unref (period->cases);
  g_free (period);
}

DkSignalPeriodCase *
dk_signal_period_add_case (DkSignalPeriod *period,
                           const char     *id)
{
  DkSignalPeriodCase *case_ = g_new0 (DkSignalPeriodCase, 1);

  case_->id = g_strdup (id);
  g_date_clear (&case_->matched_on, 1);
  g_date_clear (&case_->period_start, 1);
  g_date_clear (&case_->period_end, 1);
  g_date_clear (&case_->picked_up_on, 1);
  g_date_clear (&case_->first_contact_on, 1);
  g_date_clear (&case_->result_on, 1);
  case_->contacts = g_ptr_array_new_with_free_func (contact_free);
  g_ptr_array_add (period->cases, case_);
  return case_;
}

DkSignalPeriodSignal *
dk_signal_period_add_signal (DkSignalPeriod *period,
                             const char     *id,
                             DkSignal       *signal)
{
  DkSignalPeriodSignal *entry = g_new0 (DkSignalPeriodSignal, 1);

  entry->id = g_strdup (id);
  entry->signal = signal;
  g_ptr_array_add (period->signals, entry);
  return entry;
}

void
dk_signal_period_case_add_contact (DkSignalPeriodCase  *case_,
                                   DkSignalContactKind  kind,
                                   gboolean             reached,
                                   const GDate         *date,
                                   const char          *part_of_day)
{
  DkSignalPeriodContact *contact = g_new0 (DkSignalPeriodContact, 1);

  contact->kind = kind;
  contact->reached = reached;
  contact->date = *date;
  contact->part_of_day = g_strdup (part_of_day);
  g_ptr_array_add (case_->contacts, contact);
}

static DkSignalLinkStatus
link_status_from_string (const char *text)
{
  if (g_strcmp0 (text, "repeat") == 0)
    return DK_SIGNAL_LINK_REPEAT;
  if (g_strcmp0 (text, "set_aside") == 0)
    return DK_SIGNAL_LINK_SET_ASIDE;
  return DK_SIGNAL_LINK_PICKED_UP;
}

static gboolean
load_signals (DkStore                *store,
              DkSignalPeriod         *period,
              const DkSignalPartner  *partner,
              GHashTable             *case_ids,
              GError                **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  stmt = dk_store_prepare (store,
                           "SELECT s.id, s.partner_type, s.partner_name, s.partner_reference, s.amount_cents, s.arose_on,"
                           " s.signal_date, s.crisis, s.warm_handover, s.bsn, s.given_names, s.name_prefix,"
                           " s.family_name, s.birth_date, s.street, s.house_number, s.house_number_addition,"
                           " s.postcode, s.city, l.case_id, l.status, b.ddas_code"
                           " FROM early_signal s"
                           " LEFT JOIN early_signal_link l ON l.signal_id = s.id"
                           " LEFT JOIN early_signal_brp b ON b.signal_id = s.id"
                           " WHERE s.signal_date BETWEEN ?1 AND ?2 AND (?3 IS NULL OR s.partner_type = ?3)"
                           " ORDER BY s.signal_date, s.id",
                           error);
  if (stmt == NULL)
    return FALSE;
  dk_sql_bind_date (stmt, 1, &period->from);
  dk_sql_bind_date (stmt, 2, &period->to);
  dk_sql_bind_text (stmt, 3, partner != NULL ? dk_signal_partner_to_ddas (*partner) : NULL);

  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      g_autoptr(DkSignal) signal = dk_signal_new ();
      g_autofree char *id = dk_sql_column_dup (stmt, 0);
      g_autofree char *case_id = dk_sql_column_dup (stmt, 19);
      g_autofree char *brp_code = dk_sql_column_dup (stmt, 21);
      DkSignalPeriodSignal *entry;

      (void) dk_signal_partner_from_ddas ((const char *) sqlite3_column_text (stmt, 1), &signal->partner_type);
      signal->partner_name = dk_sql_column_dup (stmt, 2);
      signal->partner_reference = dk_sql_column_dup (stmt, 3);
      signal->has_amount = sqlite3_column_type (stmt, 4) != SQLITE_NULL;
      signal->amount_cents = sqlite3_column_int64 (stmt, 4);
      (void) dk_sql_column_date (stmt, 5, &signal->arose_on);
      (void) dk_sql_column_date (stmt, 6, &signal->signal_date);
      signal->crisis = sqlite3_column_int (stmt, 7) != 0;
      signal->warm_handover = sqlite3_column_int (stmt, 8) != 0;
      signal->bsn = dk_sql_column_dup (stmt, 9);
      signal->given_names = dk_sql_column_dup (stmt, 10);
      signal->name_prefix = dk_sql_column_dup (stmt, 11);
      signal->family_name = dk_sql_column_dup (stmt, 12);
      (void) dk_sql_column_date (stmt, 13, &signal->birth_date);
      signal->street = dk_sql_column_dup (stmt, 14);
      signal->house_number = dk_sql_column_dup (stmt, 15);
      signal->house_number_addition = dk_sql_column_dup (stmt, 16);
      signal->postcode = dk_sql_column_dup (stmt, 17);
      signal->city = dk_sql_column_dup (stmt, 18);

      entry = dk_signal_period_add_signal (period, id, g_steal_pointer (&signal));
      entry->has_brp_result = dk_signal_result_from_ddas (brp_code, &entry->brp_result);
      if (case_id != NULL)
        {
          entry->matched = TRUE;
          entry->link_status = link_status_from_string ((const char *) sqlite3_column_text (stmt, 20));
          /* Resolved to the case once the cases are read. */
          g_hash_table_add (case_ids, g_strdup (case_id));
          entry->case_ = (DkSignalPeriodCase *) g_steal_pointer (&case_id);
        }
    }
  return ok;
}

static gboolean
load_case (DkStore         *store,
           DkSignalPeriod  *period,
           const char      *case_id,
           GHashTable      *cases,
           GError         **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  DkSignalPeriodCase *case_;
  g_autofree char *kind = NULL;
  g_autofree char *result = NULL;
  gboolean ok;

  stmt = dk_store_prepare (store,
                           "SELECT household_key, kind, status, matched_on, period_start, period_end, picked_up_on,"
                           " first_contact_on, outcome_code, outcome_on FROM early_signal_case WHERE id = ?1",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  if (!has_row)
    return TRUE;   /* the link's foreign key makes this impossible */

  case_ = dk_signal_period_add_case (period, case_id);
  case_->household_key = dk_sql_column_dup (stmt, 0);
  kind = dk_sql_column_dup (stmt, 1);
  (void) dk_signal_case_kind_from_string (kind, &case_->kind);
  case_->open = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 2), "open") == 0;
  (void) dk_sql_column_date (stmt, 3, &case_->matched_on);
  (void) dk_sql_column_date (stmt, 4, &case_->period_start);
  (void) dk_sql_column_date (stmt, 5, &case_->period_end);
  (void) dk_sql_column_date (stmt, 6, &case_->picked_up_on);
  (void) dk_sql_column_date (stmt, 7, &case_->first_contact_on);
  result = dk_sql_column_dup (stmt, 8);
  case_->has_result = dk_signal_result_from_ddas (result, &case_->result);
  (void) dk_sql_column_date (stmt, 9, &case_->result_on);
  sqlite3_reset (stmt);
  g_hash_table_insert (cases, case_->id, case_);

  stmt = dk_store_prepare (store,
                           "SELECT kind, reached, contact_date, part_of_day FROM early_signal_contact"
                           " WHERE case_id = ?1 ORDER BY contact_date, recorded_at",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, case_id, -1, SQLITE_TRANSIENT);
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      DkSignalContactKind contact_kind = DK_SIGNAL_CONTACT_OTHER;
      GDate date;

      (void) dk_signal_contact_kind_from_ddas ((const char *) sqlite3_column_text (stmt, 0), &contact_kind);
      (void) dk_sql_column_date (stmt, 2, &date);
      dk_signal_period_case_add_contact (case_, contact_kind, sqlite3_column_int (stmt, 1) != 0, &date,
                                         (const char *) sqlite3_column_text (stmt, 3));
    }
  return ok;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

DkSignalPeriod *
dk_signal_period_load (DkStore                *store,
                       const GDate            *from,
                       const GDate            *to,
                       const DkSignalPartner  *partner,
                       GError                **error)
{
  g_autoptr(DkSignalPeriod) period = NULL;
  g_autoptr(GHashTable) case_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) cases = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) ids = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;
  gboolean ok;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);
  g_return_val_if_fail (from != NULL && to != NULL, NULL);

  period = dk_signal_period_new (from, to);
  ok = load_signals (store, period, partner, case_ids, error);

  /* Sorted, so the cases come out in the same order on every run. */
  g_hash_table_iter_init (&iter, case_ids);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, key);
  g_ptr_array_sort (ids, compare_strings);
  for (guint c = 0; ok && c < ids->len; c++)
    ok = load_case (store, period, ids->pdata[c], cases, error);

  /* Until here a signal's case_ held its case id (see load_signals). */
  for (guint s = 0; s < period->signals->len; s++)
    {
      DkSignalPeriodSignal *entry = period->signals->pdata[s];
      g_autofree char *case_id = (char *) entry->case_;

      entry->case_ = case_id != NULL ? g_hash_table_lookup (cases, case_id) : NULL;
      entry->matched = entry->case_ != NULL;
    }
  if (!ok)
    return NULL;
  return g_steal_pointer (&period);
}
