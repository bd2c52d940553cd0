#include "config.h"

#include <string.h>

#include "dk-date.h"
#include "dk-ddas-export.h"
#include "dk-domain-schema.h"
#include "dk-signal-feedback.h"
#include "dk-signal-match-store.h"
#include "dk-signal-outcome-store.h"
#include "dk-signal-outcome.h"
#include "dk-signal-period.h"
#include "dk-signal-report.h"
#include "dk-signal-store.h"
#include "dk-test-util.h"
#include "dk-uuid.h"

/* Every code of the DDAS v0.9 EnumEindresultaat, spelled as the schema; nothing else. */
static void
test_result_codes (void)
{
  DkSignalResult result;

  for (guint r = 0; r < DK_SIGNAL_N_RESULTS; r++)
    {
      g_assert_true (dk_signal_result_from_ddas (dk_signal_result_to_ddas ((DkSignalResult) r), &result));
      g_assert_cmpint (result, ==, r);
    }
  g_assert_true (dk_signal_result_from_ddas ("  Inwoner is overleden ", &result));
  g_assert_cmpint (result, ==, DK_SIGNAL_RESULT_DECEASED);
  g_assert_false (dk_signal_result_from_ddas ("inwoner is overleden", &result));
  g_assert_false (dk_signal_result_from_ddas ("Geholpen", &result));
  g_assert_false (dk_signal_result_from_ddas ("Nog niet opgepakt", &result));
  g_assert_false (dk_signal_result_from_ddas (NULL, &result));
  g_assert_null (dk_signal_result_to_ddas (DK_SIGNAL_N_RESULTS));

  /* The five end results that are also a signal status (EnumSignaalstatus). */
  g_assert_cmpstr (dk_signal_result_signal_status (DK_SIGNAL_RESULT_OTHER_REASON), ==, "Niet opgepakt: andere reden");
  g_assert_null (dk_signal_result_signal_status (DK_SIGNAL_RESULT_QUICK_FIX));

  g_assert_true (dk_signal_part_of_day_valid ("Avond"));
  g_assert_false (dk_signal_part_of_day_valid ("Nacht"));
}

/* The disclosure rule: "andere reden" is only "not picked up"; a conversation's result is never told. */
static void
test_feedback_rule (void)
{
  DkSignalFeedbackInput input = { 0 };
  DkSignalResult result = DK_SIGNAL_RESULT_QUICK_FIX;

  /* Unmatched, or matched and not picked up by the month's end: returned. */
  g_assert_cmpint (dk_signal_feedback_decide (&input, &result), ==, DK_SIGNAL_FEEDBACK_RETURNED);
  input.matched = TRUE;
  g_assert_cmpint (dk_signal_feedback_decide (&input, &result), ==, DK_SIGNAL_FEEDBACK_RETURNED);
  input.picked_up = TRUE;
  g_assert_cmpint (dk_signal_feedback_decide (&input, &result), ==, DK_SIGNAL_FEEDBACK_PICKED_UP);

  input.has_case_result = TRUE;
  input.case_result = DK_SIGNAL_RESULT_OTHER_REASON;
  result = DK_SIGNAL_RESULT_QUICK_FIX;
  g_assert_cmpint (dk_signal_feedback_decide (&input, &result), ==, DK_SIGNAL_FEEDBACK_NOT_PICKED_UP);
  g_assert_cmpint (result, ==, DK_SIGNAL_RESULT_QUICK_FIX);   /* untouched: no reason leaks */

  for (guint r = 0; r < DK_SIGNAL_N_RESULTS; r++)
    {
      DkSignalFeedbackKind kind;

      input.case_result = (DkSignalResult) r;
      kind = dk_signal_feedback_decide (&input, &result);
      switch (r)
        {
        case DK_SIGNAL_RESULT_REPEAT:
        case DK_SIGNAL_RESULT_UNJUSTIFIED:
        case DK_SIGNAL_RESULT_DECEASED:
        case DK_SIGNAL_RESULT_NOT_A_RESIDENT:
          g_assert_cmpint (kind, ==, DK_SIGNAL_FEEDBACK_RESULT);
          g_assert_cmpint (result, ==, r);
          break;
        case DK_SIGNAL_RESULT_OTHER_REASON:
          g_assert_cmpint (kind, ==, DK_SIGNAL_FEEDBACK_NOT_PICKED_UP);
          break;
        default:
          g_assert_cmpint (kind, ==, DK_SIGNAL_FEEDBACK_PICKED_UP);
        }
    }

  /* The signal's own status comes first: a repeat in a case with another result is a repeat. */
  input.case_result = DK_SIGNAL_RESULT_FOLLOW_UP_FINANCIAL;
  input.repeat = TRUE;
  g_assert_cmpint (dk_signal_feedback_decide (&input, &result), ==, DK_SIGNAL_FEEDBACK_RESULT);
  g_assert_cmpint (result, ==, DK_SIGNAL_RESULT_REPEAT);

  /* A BRP "andere reden" (address unknown) without a case result: only "not picked up". */
  memset (&input, 0, sizeof input);
  input.has_brp_result = TRUE;
  input.brp_result = DK_SIGNAL_RESULT_OTHER_REASON;
  g_assert_cmpint (dk_signal_feedback_decide (&input, NULL), ==, DK_SIGNAL_FEEDBACK_NOT_PICKED_UP);
}

static DkSignal *
hand_signal (DkSignalPartner  partner,
             const char      *bsn,
             const char      *reference,
             int              day)
{
  DkSignal *signal = dk_signal_new ();

  signal->partner_type = partner;
  signal->partner_reference = g_strdup (reference);
  signal->bsn = g_strdup (bsn);
  if (bsn == NULL)
    {
      signal->postcode = g_strdup ("1234 AB");
      signal->house_number = g_strdup ("12");
    }
  signal->signal_date = dk_date_ymd (2025, 11, (GDateDay) day);
  return signal;
}

/* Hand-made period: three cases (one set aside), five signals of three households. */
static DkSignalPeriod *
hand_period (void)
{
  GDate from = dk_date_ymd (2025, 11, 1), to = dk_date_ymd (2025, 11, 30);
  DkSignalPeriod *period = dk_signal_period_new (&from, &to);
  DkSignalPeriodCase *a = dk_signal_period_add_case (period, "a");
  DkSignalPeriodCase *b = dk_signal_period_add_case (period, "b");
  DkSignalPeriodCase *c = dk_signal_period_add_case (period, "c");
  DkSignalPeriodSignal *s;

  a->kind = DK_SIGNAL_CASE_NEW;
  a->picked_up_on = dk_date_ymd (2025, 11, 13);       /* 10 days after its first signal */
  a->first_contact_on = dk_date_ymd (2025, 11, 14);
  a->has_result = TRUE;
  a->result = DK_SIGNAL_RESULT_NO_HELP_WANTED;
  a->result_on = dk_date_ymd (2025, 11, 20);
  b->kind = DK_SIGNAL_CASE_NEW;
  b->picked_up_on = dk_date_ymd (2025, 11, 9);        /* 5 days */
  c->kind = DK_SIGNAL_CASE_SET_ASIDE;
  c->picked_up_on = dk_date_ymd (2025, 11, 30);       /* a set-aside case never counts */

  s = dk_signal_period_add_signal (period, "s1", hand_signal (DK_SIGNAL_PARTNER_RENT, "111222333", "H-1", 3));
  s->matched = TRUE, s->case_ = a, s->link_status = DK_SIGNAL_LINK_PICKED_UP;
  s = dk_signal_period_add_signal (period, "s2", hand_signal (DK_SIGNAL_PARTNER_RENT, "111222333", "H-2", 10));
  s->matched = TRUE, s->case_ = a, s->link_status = DK_SIGNAL_LINK_REPEAT;
  s = dk_signal_period_add_signal (period, "s3", hand_signal (DK_SIGNAL_PARTNER_WATER, NULL, "W-1", 4));
  s->matched = TRUE, s->case_ = b, s->link_status = DK_SIGNAL_LINK_PICKED_UP;
  s = dk_signal_period_add_signal (period, "s4", hand_signal (DK_SIGNAL_PARTNER_WATER, "123456782", NULL, 5));
  s->matched = TRUE, s->case_ = c, s->link_status = DK_SIGNAL_LINK_SET_ASIDE;
  s = dk_signal_period_add_signal (period, "s5", hand_signal (DK_SIGNAL_PARTNER_ENERGY, "123456782", "E-1", 28));
  s->has_brp_result = TRUE, s->brp_result = DK_SIGNAL_RESULT_OTHER_REASON;
  return period;
}

static void
test_report (void)
{
  g_autoptr(DkSignalPeriod) period = hand_period ();
  GDate from = dk_date_ymd (2025, 1, 1);
  g_autoptr(DkSignalPeriod) empty = dk_signal_period_new (&from, &from);
  DkSignalReport report;

  dk_signal_report_compute (period, &report);
  g_assert_cmpuint (report.n_signals, ==, 5);
  g_assert_cmpuint (report.signals_by_partner[DK_SIGNAL_PARTNER_RENT], ==, 2);
  g_assert_cmpuint (report.signals_by_partner[DK_SIGNAL_PARTNER_WATER], ==, 2);
  g_assert_cmpuint (report.signals_by_partner[DK_SIGNAL_PARTNER_ENERGY], ==, 1);
  g_assert_cmpuint (report.signals_by_partner[DK_SIGNAL_PARTNER_DUO], ==, 0);
  g_assert_cmpuint (report.n_households, ==, 3);
  g_assert_cmpuint (report.n_cases, ==, 2);
  g_assert_cmpuint (report.n_reached, ==, 1);
  g_assert_cmpfloat (dk_signal_report_reach_rate (&report), ==, 50.0);
  g_assert_cmpuint (report.cases_by_result[DK_SIGNAL_RESULT_NO_HELP_WANTED], ==, 1);
  g_assert_cmpuint (report.n_without_result, ==, 1);
  g_assert_cmpuint (report.n_picked_up, ==, 2);
  g_assert_cmpfloat (report.median_days_to_pick_up, ==, 7.5);

  /* An odd count takes the middle one. */
  ((DkSignalPeriodCase *) period->cases->pdata[2])->kind = DK_SIGNAL_CASE_NEW;
  dk_signal_report_compute (period, &report);
  g_assert_cmpuint (report.n_picked_up, ==, 3);
  g_assert_cmpfloat (report.median_days_to_pick_up, ==, 10);

  dk_signal_report_compute (empty, &report);
  g_assert_cmpuint (report.n_signals, ==, 0);
  g_assert_cmpuint (report.n_picked_up, ==, 0);
  g_assert_cmpfloat (dk_signal_report_reach_rate (&report), ==, 0);
}

static void
test_feedback_csv (void)
{
  g_autoptr(DkSignalPeriod) period = hand_period ();
  GDate month_end = dk_date_ymd (2025, 11, 30);
  GDate early = dk_date_ymd (2025, 11, 8);
  g_autofree char *csv = NULL;
  g_autofree char *csv_early = NULL;

  csv = dk_signal_feedback_csv (period, &month_end);
  g_assert_cmpstr (csv, ==,
                   "partner_name;partner_reference;signal_date;feedback;ddas_result\n"
                   ";H-1;2025-11-03;picked_up;\n"
                   ";H-2;2025-11-10;ddas_result;Niet opgepakt: herhaalde melding\n"
                   ";W-1;2025-11-04;picked_up;\n"
                   ";;2025-11-05;ddas_result;Niet opgepakt: onterecht signaal\n"
                   ";E-1;2025-11-28;not_picked_up;\n");

  /* As it stood on 8 November: nothing was picked up yet. */
  csv_early = dk_signal_feedback_csv (period, &early);
  g_assert_nonnull (strstr (csv_early, ";H-1;2025-11-03;returned;\n"));
  g_assert_nonnull (strstr (csv_early, ";W-1;2025-11-04;returned;\n"));
}

static void
test_export_status (void)
{
  g_autoptr(DkSignalPeriod) period = hand_period ();
  DkSignalPeriodCase *a = period->cases->pdata[0];

  g_assert_cmpstr (dk_ddas_export_signal_status (period->signals->pdata[0]), ==, "Nog niet opgepakt");
  g_assert_cmpstr (dk_ddas_export_signal_status (period->signals->pdata[1]), ==, "Niet opgepakt: herhaalde melding");
  g_assert_cmpstr (dk_ddas_export_signal_status (period->signals->pdata[3]), ==, "Niet opgepakt: onterecht signaal");
  g_assert_cmpstr (dk_ddas_export_signal_status (period->signals->pdata[4]), ==, "Niet opgepakt: andere reden");
  a->result = DK_SIGNAL_RESULT_DECEASED;
  g_assert_cmpstr (dk_ddas_export_signal_status (period->signals->pdata[0]), ==, "Inwoner is overleden");
}

static guint
count_rows (DkStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  guint n;

  g_assert_cmpint (sqlite3_prepare_v2 (dk_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = (guint) sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static char *
query_text (DkStore    *store,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *text;

  g_assert_cmpint (sqlite3_prepare_v2 (dk_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* The store: outcome and contacts in one transaction each, invented codes and dates refused. */
static void
test_store (void)
{
  g_autofree char *dir = dk_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "central.db", NULL);
  g_autofree char *import_id = dk_uuid_new ();
  g_autoptr(DkSignalPolicy) policy = dk_signal_policy_new ();
  g_autoptr(GPtrArray) signals = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_signal_free);
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(DkSignalPeriod) period = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *value = NULL;
  GDate today = dk_date_ymd (2025, 12, 1);
  GDate date = dk_date_ymd (2025, 11, 20);
  GDate before = dk_date_ymd (2025, 11, 2);
  GDate from = dk_date_ymd (2025, 11, 1), to = dk_date_ymd (2025, 11, 30);
  DkSignalMatchSummary summary = { 0 };

  store = dk_domain_store_open (db, &error);
  g_assert_no_error (error);
  g_ptr_array_add (signals, hand_signal (DK_SIGNAL_PARTNER_RENT, "111222333", "H-1", 3));
  ((DkSignal *) signals->pdata[0])->has_amount = TRUE;
  ((DkSignal *) signals->pdata[0])->amount_cents = 50000;
  g_assert_true (dk_signal_store_import (store, signals, "november.csv", import_id, NULL, NULL, &error));
  g_assert_true (dk_signal_match_store_run (store, policy, &today, &summary, &error));
  g_assert_no_error (error);
  case_id = query_text (store, "SELECT id FROM early_signal_case");

  g_assert_false (dk_signal_case_set_outcome (store, case_id, "Geholpen", &date, NULL, &error));
  g_assert_error (error, DK_SIGNAL_OUTCOME_ERROR, DK_SIGNAL_OUTCOME_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dk_signal_case_set_outcome (store, case_id, "Inwoner is overleden", &before, NULL, &error));
  g_assert_error (error, DK_SIGNAL_OUTCOME_ERROR, DK_SIGNAL_OUTCOME_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dk_signal_case_set_outcome (store, "0190aaaa-0000-7000-8000-000000000000", "Inwoner is overleden",
                                              &date, NULL, &error));
  g_assert_error (error, DK_SIGNAL_OUTCOME_ERROR, DK_SIGNAL_OUTCOME_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (dk_signal_case_add_contact (store, case_id, "Duif", FALSE, &date, NULL, &error));
  g_assert_error (error, DK_SIGNAL_OUTCOME_ERROR, DK_SIGNAL_OUTCOME_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dk_signal_case_add_contact (store, case_id, "Telefoon", FALSE, &date, "Nacht", &error));
  g_assert_error (error, DK_SIGNAL_OUTCOME_ERROR, DK_SIGNAL_OUTCOME_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_cmpuint (count_rows (store, "SELECT count(*) FROM early_signal_case WHERE outcome_code IS NULL"
                                       " AND status = 'open'"), ==, 1);
  g_assert_cmpuint (count_rows (store, "SELECT count(*) FROM early_signal_contact"), ==, 0);

  /* Recorded out of order: the earliest attempt picks up, the earliest reached one is first contact. */
  g_assert_true (dk_signal_case_add_contact (store, case_id, "Huisbezoek", TRUE, &date, "Middag", &error));
  date = dk_date_ymd (2025, 11, 10);
  g_assert_true (dk_signal_case_add_contact (store, case_id, "Brief", FALSE, &date, NULL, &error));
  g_assert_no_error (error);
  value = query_text (store, "SELECT picked_up_on || ' ' || first_contact_on FROM early_signal_case");
  g_assert_cmpstr (value, ==, "2025-11-10 2025-11-20");

  date = dk_date_ymd (2025, 11, 21);
  g_assert_true (dk_signal_case_set_outcome (store, case_id, " (Budget)advies en/of quick fix ", &date, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&value, g_free);
  value = query_text (store, "SELECT outcome_code || '|' || outcome_on || '|' || status FROM early_signal_case");
  g_assert_cmpstr (value, ==, "(Budget)advies en/of quick fix|2025-11-21|closed");

  period = dk_signal_period_load (store, &from, &to, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (period->signals->len, ==, 1);
  g_assert_cmpuint (period->cases->len, ==, 1);
  g_assert_true (((DkSignalPeriodSignal *) period->signals->pdata[0])->case_ == period->cases->pdata[0]);
  g_assert_cmpuint (((DkSignalPeriodCase *) period->cases->pdata[0])->contacts->len, ==, 2);
  g_assert_cmpint (((DkSignalPeriodCase *) period->cases->pdata[0])->result, ==, DK_SIGNAL_RESULT_QUICK_FIX);

  g_clear_object (&store);
  dk_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/signal-outcome/result-codes", test_result_codes);
  g_test_add_func ("/signal-outcome/feedback-rule", test_feedback_rule);
  g_test_add_func ("/signal-outcome/report", test_report);
  g_test_add_func ("/signal-outcome/feedback-csv", test_feedback_csv);
  g_test_add_func ("/signal-outcome/export-status", test_export_status);
  g_test_add_func ("/signal-outcome/store", test_store);

  return g_test_run ();
}
