#include "config.h"

#include <glib/gstdio.h>

#include "dk-domain-schema.h"
#include "dk-signal-match-store.h"
#include "dk-signal-store.h"
#include "dk-test-util.h"
#include "dk-uuid.h"

/* Matching 100,000 early signals against 50,000 dossiers in the central store (issue 6 target:
 * < 10 s): the whole dk_signal_match_store_run(), loading, matching and writing the cases and links
 * in one transaction. Filling the store comes first and is not timed.
 *   meson test -C build --benchmark --suite bench -v      or      build/tests/bench/bench-signals [SIGNALS DOSSIERS] */

#define TARGET_SECONDS 10.0

static const DkSignalPartner partners[] = { DK_SIGNAL_PARTNER_RENT, DK_SIGNAL_PARTNER_ENERGY, DK_SIGNAL_PARTNER_WATER,
                                            DK_SIGNAL_PARTNER_HEALTH_CARE, DK_SIGNAL_PARTNER_CAK_HEALTH_INSURANCE };
static const char * const phases[] = { "registration", "intake", "stabilisation", "settlement", "aftercare", "closed" };

/* The BSN of household @n: an 8-digit stem and the 9th digit that passes the 11-check, skipping the
 * stems without one. */
static void
household_bsn (guint  n,
               char  *out)
{
  for (guint stem = 10000000 + n * 2;; stem++)
    {
      int sum = 0;

      g_snprintf (out, 10, "%08u", stem);
      for (int i = 0; i < 8; i++)
        sum += (9 - i) * (out[i] - '0');
      if (sum % 11 <= 9)
        {
          out[8] = (char) ('0' + sum % 11);
          out[9] = '\0';
          return;
        }
    }
}

typedef struct
{
  guint  n_dossiers;
  GRand *rand;
} Fill;

static gboolean
fill_dossiers (DkStore   *store,
               gpointer   user_data,
               GError   **error)
{
  Fill *fill = user_data;

  for (guint d = 0; d < fill->n_dossiers; d++)
    {
      g_autofree char *dossier_id = dk_uuid_new ();
      g_autofree char *person_id = dk_uuid_new ();
      g_autofree char *contact_id = dk_uuid_new ();
      g_autofree char *number = g_strdup_printf ("B-%06u", d);
      g_autofree char *postcode = g_strdup_printf ("%04u AB", 1000 + d % 9000);
      g_autofree char *house = g_strdup_printf ("%u", d / 9000 + 1);
      const char *phase = phases[g_rand_int_range (fill->rand, 0, G_N_ELEMENTS (phases))];
      char bsn[10];
      sqlite3_stmt *stmt;

      /* Dossier d belongs to household 2d: half the BSN households have one. */
      household_bsn (d * 2, bsn);
      stmt = dk_store_prepare (store,
                               "INSERT INTO dossier (id, number, opened_on, phase, counsellor, created_at, updated_at)"
                               " VALUES (?1, ?2, '2025-01-01', ?3, 'Counsellor', '2025-10-01T09:00:00.000Z',"
                               " '2025-10-01T09:00:00.000Z')",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, dossier_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, number, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, phase, -1, SQLITE_STATIC);
      if (!dk_store_step_done (store, stmt, error))
        return FALSE;

      stmt = dk_store_prepare (store,
                               "INSERT INTO person (id, dossier_id, role, bsn, given_names, family_name)"
                               " VALUES (?1, ?2, 'client', ?3, 'A', 'B')",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, person_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, dossier_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, bsn, -1, SQLITE_TRANSIENT);
      if (!dk_store_step_done (store, stmt, error))
        return FALSE;

      stmt = dk_store_prepare (store,
                               "INSERT INTO contact (id, dossier_id, person_id, postcode, house_number)"
                               " VALUES (?1, ?2, ?3, ?4, ?5)",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, contact_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, dossier_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, person_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 4, postcode, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 5, house, -1, SQLITE_TRANSIENT);
      if (!dk_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  guint n_signals = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  guint n_dossiers = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 50000;
  guint n_households = n_dossiers * 2 > 0 ? n_dossiers * 2 : 1;
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  g_autoptr(GPtrArray) signals = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_signal_free);
  g_autoptr(DkSignalPolicy) policy = dk_signal_policy_new ();
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = dk_test_make_tmpdir ();
  g_autofree char *db = g_build_filename (dir, "central.db", NULL);
  g_autofree char *import_id = dk_uuid_new ();
  DkSignalMatchSummary summary = { 0 };
  Fill fill = { n_dossiers, rand };
  GDate today;
  gint64 start;
  double seconds;

  store = dk_domain_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (dk_store_transaction (store, fill_dossiers, &fill, &error));
  g_assert_no_error (error);

  /* Households 0 … 2·dossiers − 1; a quarter of the signals carry only an address. */
  for (guint s = 0; s < n_signals; s++)
    {
      DkSignal *signal = dk_signal_new ();
      guint h = (guint) g_rand_int_range (rand, 0, (gint32) n_households);
      char bsn[10];

      signal->partner_type = partners[g_rand_int_range (rand, 0, G_N_ELEMENTS (partners))];
      signal->partner_reference = g_strdup_printf ("B-%07u", s);
      signal->has_amount = TRUE;
      signal->amount_cents = g_rand_int_range (rand, 1000, 500000);
      signal->crisis = g_rand_int_range (rand, 0, 20) == 0;
      g_date_set_dmy (&signal->signal_date, (GDateDay) g_rand_int_range (rand, 1, 29),
                      (GDateMonth) g_rand_int_range (rand, 1, 13), 2026);
      signal->postcode = g_strdup_printf ("%04u AB", 1000 + (h / 2) % 9000);
      signal->house_number = g_strdup_printf ("%u", (h / 2) / 9000 + 1);
      if (g_rand_int_range (rand, 0, 4) != 0)
        {
          household_bsn (h, bsn);
          signal->bsn = g_strdup (bsn);
        }
      g_ptr_array_add (signals, signal);
    }
  g_assert_true (dk_signal_store_import (store, signals, "bench.csv", import_id, NULL, NULL, &error));
  g_assert_no_error (error);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 31, G_DATE_DECEMBER, 2026);
  start = g_get_monotonic_time ();
  g_assert_true (dk_signal_match_store_run (store, policy, &today, &summary, &error));
  g_assert_no_error (error);
  seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;

  g_print ("matched %u signals against %u dossiers in %.2f s (target < %.0f s, ratio %.2f)\n", summary.n_signals,
           n_dossiers, seconds, TARGET_SECONDS, seconds / TARGET_SECONDS);
  g_print ("cases: %u new, %u known, %u contact former counsellor, %u set aside; %u picked up, %u repeat,"
           " %u multiple, %u crisis\n",
           summary.n_cases_by_kind[DK_SIGNAL_CASE_NEW], summary.n_cases_by_kind[DK_SIGNAL_CASE_KNOWN],
           summary.n_cases_by_kind[DK_SIGNAL_CASE_CONTACT_FORMER_COUNSELLOR],
           summary.n_cases_by_kind[DK_SIGNAL_CASE_SET_ASIDE], summary.n_picked_up, summary.n_repeat,
           summary.n_multiple, summary.n_crisis);
  g_assert_cmpuint (summary.n_signals, ==, n_signals);

  g_clear_object (&store);
  dk_test_remove_tree (dir);
  return 0;
}
