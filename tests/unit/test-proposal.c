#include "config.h"

#include <string.h>

#include "dk-date.h"
#include "dk-money.h"
#include "dk-proposal.h"

__extension__ typedef __int128 Int128;

/* A creditor list the tests own: ids and names live as long as the list. */
typedef struct
{
  GPtrArray *strings;
  GArray    *creditors;  /* of DkCreditor */
} CreditorList;

static CreditorList *
creditor_list_new (void)
{
  CreditorList *list = g_new0 (CreditorList, 1);

  list->strings = g_ptr_array_new_with_free_func (g_free);
  list->creditors = g_array_new (FALSE, TRUE, sizeof (DkCreditor));
  return list;
}

static void
creditor_list_free (CreditorList *list)
{
  g_ptr_array_unref (list->strings);
  g_array_unref (list->creditors);
  g_free (list);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CreditorList, creditor_list_free)

static void
creditor_list_add (CreditorList *list,
                   gint64        owed,
                   gboolean      preferential)
{
  guint n = list->creditors->len + 1;
  char *id = g_strdup_printf ("c%u", n);
  char *name = g_strdup_printf ("Creditor %u", n);
  DkCreditor creditor = { id, name, owed, preferential };

  g_ptr_array_add (list->strings, id);
  g_ptr_array_add (list->strings, name);
  g_array_append_val (list->creditors, creditor);
}

/* @n creditors of one class owing @total together, in uneven amounts (weights 1, 2, 3, …). */
static void
creditor_list_add_class (CreditorList *list,
                         guint         n,
                         gint64        total,
                         gboolean      preferential)
{
  g_autofree gint64 *weights = g_new (gint64, n);
  g_autofree gint64 *parts = g_new (gint64, n);

  for (guint i = 0; i < n; i++)
    weights[i] = i + 1;
  g_assert_true (dk_money_distribute (total, weights, n, parts, NULL));
  for (guint i = 0; i < n; i++)
    creditor_list_add (list, parts[i], preferential);
}

static void
input_for (DkProposalInput *input,
           CreditorList    *list,
           gint64           capacity,
           guint            term)
{
  dk_proposal_input_init (input);
  input->monthly_capacity = capacity;
  input->term_months = term;
  input->creditors = (const DkCreditor *) list->creditors->data;
  input->n_creditors = list->creditors->len;
}

static gint64
sum_amounts (const DkProposalResult *result,
             int                     preferential)
{
  gint64 sum = 0;

  for (gsize i = 0; i < result->n_shares; i++)
    if (preferential < 0 || result->shares[i].preferential == preferential)
      sum += result->shares[i].amount;
  return sum;
}

static void
test_defaults (void)
{
  DkProposalInput input;

  memset (&input, 0xff, sizeof input);
  dk_proposal_input_init (&input);
  g_assert_cmpuint (input.term_months, ==, DK_PROPOSAL_DEFAULT_TERM_MONTHS);
  g_assert_cmpuint (input.term_months, ==, 18);
  g_assert_cmpint (input.monthly_capacity, ==, 0);
  g_assert_null (input.creditors);
  g_assert_null (input.changes);
  g_assert_null (input.start);
}

/* P1: 200 × 36 = 7,200 on 10,000 → 72%; under today's 18 months 36%. */
static void
test_p1 (void)
{
  g_autoptr(CreditorList) list = creditor_list_new ();
  g_autoptr(GError) error = NULL;
  DkProposalInput input;

  creditor_list_add (list, 500000, FALSE);
  creditor_list_add (list, 300000, FALSE);
  creditor_list_add (list, 200000, FALSE);

  input_for (&input, list, 20000, 36);
  {
    g_auto(DkProposalResult) result = { 0 };

    g_assert_true (dk_proposal_calculate (&input, &result, &error));
    g_assert_no_error (error);
    g_assert_cmpint (result.total, ==, 720000);
    g_assert_cmpint (result.paid, ==, 720000);
    g_assert_cmpint (result.total_debt, ==, 1000000);
    g_assert_cmpint (result.concurrent_ppm, ==, 720000);
    g_assert_cmpint (result.preferential_ppm, ==, 0);
    g_assert_cmpint (result.surplus, ==, 0);
    g_assert_false (result.zero_offer);
    g_assert_cmpuint (result.n_shares, ==, 3);
    g_assert_cmpint (result.shares[0].amount, ==, 360000);
    g_assert_cmpint (result.shares[1].amount, ==, 216000);
    g_assert_cmpint (result.shares[2].amount, ==, 144000);
    g_assert_cmpstr (result.shares[1].id, ==, "c2");
    g_assert_cmpstr (result.shares[1].name, ==, "Creditor 2");
    g_assert_cmpint (result.shares[1].percentage_ppm, ==, 720000);
    g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (result.breakdown, "proposal.rate.concurrent")), ==, 720000);
    g_assert_cmpstr (dk_breakdown_get_note (dk_breakdown_find (result.breakdown, "proposal.rate.concurrent")), ==,
                     "7.200,00 / 10.000,00 = 18/25 exactly");
  }

  input.term_months = DK_PROPOSAL_DEFAULT_TERM_MONTHS;
  {
    g_auto(DkProposalResult) result = { 0 };

    g_assert_true (dk_proposal_calculate (&input, &result, &error));
    g_assert_cmpint (result.total, ==, 360000);
    g_assert_cmpint (result.concurrent_ppm, ==, 360000);
    g_assert_cmpint (sum_amounts (&result, -1), ==, 360000);
  }
}

/* D5: 150 × 18 = 2,700 over 2,000 preferential / 8,000 concurrent → 45% / 22.5%, 900 + 1,800. */
static void
test_d5 (void)
{
  g_autoptr(CreditorList) list = creditor_list_new ();
  g_auto(DkProposalResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  DkProposalInput input;
  DkBreakdown *line;
  g_autofree char *text = NULL;

  creditor_list_add (list, 200000, TRUE);
  creditor_list_add (list, 800000, FALSE);
  input_for (&input, list, 15000, 18);

  g_assert_true (dk_proposal_calculate (&input, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.total, ==, 270000);
  g_assert_cmpint (result.preferential_debt, ==, 200000);
  g_assert_cmpint (result.concurrent_debt, ==, 800000);
  g_assert_cmpint (result.concurrent_ppm, ==, 225000);
  g_assert_cmpint (result.preferential_ppm, ==, 450000);
  g_assert_false (result.preferential_capped);
  g_assert_cmpint (result.shares[0].amount, ==, 90000);
  g_assert_cmpint (result.shares[1].amount, ==, 180000);

  line = dk_breakdown_find (result.breakdown, "proposal.rate.concurrent");
  g_assert_cmpint (dk_breakdown_get_kind (line), ==, DK_BREAKDOWN_RATE);
  g_assert_cmpstr (dk_breakdown_get_note (line), ==, "2.700,00 / 12.000,00 = 9/40 exactly");
  line = dk_breakdown_find (result.breakdown, "proposal.rate.preferential");
  g_assert_cmpint (dk_breakdown_get_value (line), ==, 450000);
  g_assert_cmpstr (dk_breakdown_get_note (line), ==, "5.400,00 / 12.000,00 = 9/20 exactly");
  g_assert_nonnull (strstr (dk_breakdown_get_rule (line), "twice the concurrent percentage"));

  line = dk_breakdown_find (result.breakdown, "proposal.creditor.c1");
  g_assert_cmpint (dk_breakdown_get_value (line), ==, 90000);
  g_assert_cmpstr (dk_breakdown_get_label (line), ==, "Creditor 1");
  g_assert_cmpstr (dk_breakdown_get_note (line), ==, "Preferential: 45% of € 2.000,00 owed");
  g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (result.breakdown, "proposal.creditors")), ==, 270000);
  g_assert_cmpint (dk_breakdown_get_value (result.breakdown), ==, 270000);
  g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (result.breakdown, "proposal.term")), ==, 18);

  text = dk_breakdown_to_text (result.breakdown);
  g_assert_nonnull (strstr (text, "Preferential percentage: twice the concurrent one: 45%"));
  g_assert_nonnull (strstr (text, "Concurrent percentage: total / (2 × preferential debt + concurrent debt): 22,5%"));
}

/* P3: the published cases. Creditor lists with the published totals and a capacity that gives the
 * published concurrent percentage; the point is the ratio 2.000 within ±0.01 percentage point. */
typedef struct
{
  const char *name;
  guint       n_preferential;
  gint64      preferential_debt;
  guint       n_concurrent;
  gint64      total_debt;
  gint64      capacity;
  guint       term;
  gint64      changed_capacity;   /* from change_month on, 0 for none */
  guint       change_month;
  gint64      published_preferential_bp;  /* percent × 100: 4.58% = 458 */
  gint64      published_concurrent_bp;
} PublishedCase;

static void
test_p3 (void)
{
  static const PublishedCase cases[] = {
    /* The Hague, first offer: 36-month prognosis agreement, 18 creditors, € 214,770.25. */
    { "the-hague-1", 2, 3000000, 16, 21477025, 15570, 36, 0, 0, 458, 229 },
    /* The Hague, after an income rise: the capacity goes up from month 13. */
    { "the-hague-2", 2, 3000000, 16, 21477025, 15570, 36, 34499, 13, 829, 415 },
    /* Rotterdam: 2 preferential + 13 concurrent creditors, € 34,634.30, later € 32,597.07. */
    { "rotterdam-1", 2, 500000, 13, 3463430, 10979, 18, 0, 0, 997, 499 },
    { "rotterdam-2", 2, 500000, 13, 3259707, 10414, 18, 0, 0, 997, 499 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const PublishedCase *c = &cases[i];
      g_autoptr(CreditorList) list = creditor_list_new ();
      g_auto(DkProposalResult) result = { 0 };
      g_autoptr(GError) error = NULL;
      DkCapacityChange change = { c->change_month, c->changed_capacity };
      DkProposalInput input;
      Int128 realized_pref;
      Int128 realized_conc;

      g_test_message ("case %s", c->name);
      creditor_list_add_class (list, c->n_preferential, c->preferential_debt, TRUE);
      creditor_list_add_class (list, c->n_concurrent, c->total_debt - c->preferential_debt, FALSE);
      input_for (&input, list, c->capacity, c->term);
      if (c->changed_capacity > 0)
        {
          input.changes = &change;
          input.n_changes = 1;
        }

      g_assert_true (dk_proposal_calculate (&input, &result, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (result.n_shares, ==, c->n_preferential + c->n_concurrent);
      g_assert_cmpint (result.total_debt, ==, c->total_debt);
      g_assert_cmpint (sum_amounts (&result, -1), ==, result.total);

      /* The published percentages, to two decimals. */
      g_assert_cmpint (ABS (result.concurrent_ppm - c->published_concurrent_bp * 100), <=, 50);
      g_assert_cmpint (ABS (result.preferential_ppm - c->published_preferential_bp * 100), <=, 100);
      /* The rule: preferential = 2 × concurrent, within ±0.01 percentage point (100 ppm). */
      g_assert_cmpint (ABS (result.preferential_ppm - 2 * result.concurrent_ppm), <=, 100);

      /* The ratio holds for the amounts actually paid too: Σpref/Dp = 2 × Σconc/Dc within 0.01 pp,
       * i.e. |Σpref × Dc − 2 × Σconc × Dp| ≤ 0.0001 × Dp × Dc. */
      realized_pref = (Int128) sum_amounts (&result, TRUE) * result.concurrent_debt;
      realized_conc = (Int128) 2 * sum_amounts (&result, FALSE) * result.preferential_debt;
      g_assert_true ((realized_pref > realized_conc ? realized_pref - realized_conc : realized_conc - realized_pref) * 10000
                     <= (Int128) result.preferential_debt * result.concurrent_debt);
    }
}

static void
test_capped (void)
{
  g_autoptr(CreditorList) list = creditor_list_new ();
  g_autoptr(GError) error = NULL;
  DkProposalInput input;

  creditor_list_add (list, 60000, TRUE);
  creditor_list_add (list, 40000, TRUE);
  creditor_list_add (list, 30000, FALSE);
  creditor_list_add (list, 70000, FALSE);

  /* Exactly at the edge: x = 1,500 / 3,000 = 50%, preferential 2x = 100%. */
  input_for (&input, list, 10000, 15);
  {
    g_auto(DkProposalResult) result = { 0 };

    g_assert_true (dk_proposal_calculate (&input, &result, &error));
    g_assert_no_error (error);
    g_assert_false (result.preferential_capped);
    g_assert_cmpint (result.preferential_ppm, ==, 1000000);
    g_assert_cmpint (result.concurrent_ppm, ==, 500000);
    g_assert_cmpint (result.shares[0].amount, ==, 60000);
    g_assert_cmpint (result.shares[1].amount, ==, 40000);
    g_assert_cmpint (result.shares[2].amount, ==, 15000);
    g_assert_cmpint (result.shares[3].amount, ==, 35000);
  }

  /* 1,600: 2x would be 106.7%; preferential at 100%, the other 600 over 1,000 concurrent = 60%. */
  input.monthly_capacity = 16000;
  input.term_months = 10;
  {
    g_auto(DkProposalResult) result = { 0 };
    DkBreakdown *line;

    g_assert_true (dk_proposal_calculate (&input, &result, &error));
    g_assert_true (result.preferential_capped);
    g_assert_cmpint (result.total, ==, 160000);
    g_assert_cmpint (result.paid, ==, 160000);
    g_assert_cmpint (result.preferential_ppm, ==, 1000000);
    g_assert_cmpint (result.concurrent_ppm, ==, 600000);
    g_assert_cmpint (result.shares[0].amount, ==, 60000);
    g_assert_cmpint (result.shares[1].amount, ==, 40000);
    g_assert_cmpint (result.shares[2].amount, ==, 18000);
    g_assert_cmpint (result.shares[3].amount, ==, 42000);
    line = dk_breakdown_find (result.breakdown, "proposal.rate.preferential");
    g_assert_nonnull (strstr (dk_breakdown_get_note (line), "paid in full"));
    g_assert_cmpstr (dk_breakdown_get_note (dk_breakdown_find (result.breakdown, "proposal.rate.concurrent")), ==,
                     "600,00 / 1.000,00 = 3/5 exactly");
  }
}

static void
test_full_payment (void)
{
  g_autoptr(CreditorList) list = creditor_list_new ();
  g_autoptr(GError) error = NULL;
  DkProposalInput input;

  creditor_list_add (list, 100000, TRUE);
  creditor_list_add (list, 80000, FALSE);
  input_for (&input, list, 10000, 18);

  /* 1,800 exactly covers 1,800 of debt. */
  {
    g_auto(DkProposalResult) result = { 0 };

    g_assert_true (dk_proposal_calculate (&input, &result, &error));
    g_assert_no_error (error);
    g_assert_cmpint (result.paid, ==, 180000);
    g_assert_cmpint (result.surplus, ==, 0);
    g_assert_cmpint (result.shares[0].amount, ==, 100000);
    g_assert_cmpint (result.shares[1].amount, ==, 80000);
    g_assert_cmpint (result.concurrent_ppm, ==, 1000000);
    g_assert_cmpint (result.preferential_ppm, ==, 1000000);
  }

  /* More than all debt: everyone 100%, the surplus reported, not paid. */
  input.monthly_capacity = 12345;
  {
    g_auto(DkProposalResult) result = { 0 };
    DkBreakdown *line;

    g_assert_true (dk_proposal_calculate (&input, &result, &error));
    g_assert_cmpint (result.total, ==, 222210);
    g_assert_cmpint (result.paid, ==, 180000);
    g_assert_cmpint (result.surplus, ==, 42210);
    g_assert_cmpint (sum_amounts (&result, -1), ==, 180000);
    g_assert_cmpint (result.shares[0].amount, ==, 100000);
    g_assert_cmpint (result.shares[1].amount, ==, 80000);
    g_assert_false (result.preferential_capped);
    line = dk_breakdown_find (result.breakdown, "proposal.surplus");
    g_assert_cmpint (dk_breakdown_get_value (line), ==, 42210);
    g_assert_nonnull (strstr (dk_breakdown_get_note (line), "not paid"));
    g_assert_cmpint (dk_breakdown_get_value (result.breakdown), ==, 180000);
  }
}

static void
test_zero_offer (void)
{
  g_autoptr(CreditorList) list = creditor_list_new ();
  g_auto(DkProposalResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  DkProposalInput input;

  creditor_list_add (list, 100000, TRUE);
  creditor_list_add (list, 80000, FALSE);
  input_for (&input, list, 0, 18);

  g_assert_true (dk_proposal_calculate (&input, &result, &error));
  g_assert_no_error (error);
  g_assert_true (result.zero_offer);
  g_assert_cmpint (result.total, ==, 0);
  g_assert_cmpint (result.paid, ==, 0);
  g_assert_cmpint (result.concurrent_ppm, ==, 0);
  g_assert_cmpint (result.preferential_ppm, ==, 0);
  g_assert_cmpint (result.shares[0].amount, ==, 0);
  g_assert_cmpint (result.shares[1].amount, ==, 0);
  g_assert_nonnull (dk_breakdown_find (result.breakdown, "proposal.zero_offer"));
  g_assert_null (dk_breakdown_find (result.breakdown, "proposal.rate.concurrent"));
}

static void
test_one_class (void)
{
  g_autoptr(GError) error = NULL;

  {
    /* Only preferential creditors: one percentage, total / debt. */
    g_autoptr(CreditorList) list = creditor_list_new ();
    g_auto(DkProposalResult) result = { 0 };
    DkProposalInput input;

    creditor_list_add (list, 300000, TRUE);
    creditor_list_add (list, 100000, TRUE);
    input_for (&input, list, 5000, 18);
    g_assert_true (dk_proposal_calculate (&input, &result, &error));
    g_assert_no_error (error);
    g_assert_cmpint (result.preferential_ppm, ==, 225000);
    g_assert_cmpint (result.concurrent_ppm, ==, 0);
    g_assert_cmpint (result.shares[0].amount, ==, 67500);
    g_assert_cmpint (result.shares[1].amount, ==, 22500);
    g_assert_cmpstr (dk_breakdown_get_note (dk_breakdown_find (result.breakdown, "proposal.rate.preferential")), ==,
                     "900,00 / 4.000,00 = 9/40 exactly");
  }
  {
    /* A single creditor owed less than a month's capacity. */
    g_autoptr(CreditorList) list = creditor_list_new ();
    g_auto(DkProposalResult) result = { 0 };
    DkProposalInput input;

    creditor_list_add (list, 1, FALSE);
    input_for (&input, list, 1, 1);
    g_assert_true (dk_proposal_calculate (&input, &result, &error));
    g_assert_cmpint (result.shares[0].amount, ==, 1);
    g_assert_cmpint (result.concurrent_ppm, ==, 1000000);
  }
}

/* Largest remainder: 100 cents over three equal debts gives 34, 33, 33, and lower index first. */
static void
test_rounding (void)
{
  g_autoptr(CreditorList) list = creditor_list_new ();
  g_auto(DkProposalResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  DkProposalInput input;

  creditor_list_add (list, 100000, FALSE);
  creditor_list_add (list, 100000, FALSE);
  creditor_list_add (list, 100000, FALSE);
  input_for (&input, list, 100, 1);
  g_assert_true (dk_proposal_calculate (&input, &result, &error));
  g_assert_cmpint (result.shares[0].amount, ==, 34);
  g_assert_cmpint (result.shares[1].amount, ==, 33);
  g_assert_cmpint (result.shares[2].amount, ==, 33);
  /* 1/3000 = 333.33 ppm. */
  g_assert_cmpint (result.concurrent_ppm, ==, 333);
}

static void
test_prognosis (void)
{
  g_autoptr(CreditorList) list = creditor_list_new ();
  g_autoptr(GError) error = NULL;
  const DkCapacityChange changes[] = { { 7, 15000 }, { 13, 20000 } };
  DkProposalInput input;

  creditor_list_add (list, 400000, TRUE);
  creditor_list_add (list, 1000000, FALSE);
  input_for (&input, list, 10000, 18);
  input.changes = changes;
  input.n_changes = G_N_ELEMENTS (changes);

  {
    g_auto(DkProposalResult) result = { 0 };

    g_assert_true (dk_proposal_calculate (&input, &result, &error));
    g_assert_no_error (error);
    /* 6 × 100 + 6 × 150 + 6 × 200 = 2,700 over 2 × 4,000 + 10,000 = 18,000 → 15% / 30%. */
    g_assert_cmpint (result.total, ==, 270000);
    g_assert_cmpint (result.concurrent_ppm, ==, 150000);
    g_assert_cmpint (result.preferential_ppm, ==, 300000);
    g_assert_cmpint (result.shares[0].amount, ==, 120000);
    g_assert_cmpint (result.shares[1].amount, ==, 150000);
    g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (result.breakdown, "proposal.capacity")), ==, 10000);
    g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (result.breakdown, "proposal.capacity.from_month_7")), ==, 15000);
    g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (result.breakdown, "proposal.capacity.from_month_13")), ==, 20000);
    g_assert_nonnull (strstr (dk_breakdown_get_rule (dk_breakdown_find (result.breakdown, "proposal.total")), "prognosis"));
  }

  /* A change in the last month counts for one month; a drop to zero is allowed. */
  {
    const DkCapacityChange last[] = { { 2, 0 }, { 18, 5000 } };
    g_auto(DkProposalResult) result = { 0 };

    input.changes = last;
    input.n_changes = G_N_ELEMENTS (last);
    g_assert_true (dk_proposal_calculate (&input, &result, &error));
    g_assert_cmpint (result.total, ==, 10000 + 5000);
  }
}

static void
check_term_end (int         day,
                int         month,
                int         year,
                guint       term,
                const char *expected)
{
  g_autoptr(GDate) start = g_date_new_dmy (day, month, year);
  g_autofree char *text = NULL;
  GDate end;

  dk_proposal_term_end (start, term, &end);
  text = dk_date_format_iso (&end);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_term_dates (void)
{
  check_term_end (31, 1, 2026, 18, "2027-07-30");
  check_term_end (1, 1, 2026, 18, "2027-06-30");
  check_term_end (15, 3, 2026, 18, "2027-09-14");
  /* Leap years: 1 September 2022 + 18 months is 1 March 2024, the day before is 29 February. */
  check_term_end (1, 9, 2022, 18, "2024-02-29");
  check_term_end (1, 9, 2023, 18, "2025-02-28");
  check_term_end (29, 2, 2024, 18, "2025-08-28");
  /* GDate clamps 31 August + 18 months to the end of February. */
  check_term_end (31, 8, 2022, 18, "2024-02-28");
  check_term_end (31, 8, 2023, 18, "2025-02-27");
  /* The old 36-month term. */
  check_term_end (1, 3, 2021, 36, "2024-02-29");
  check_term_end (31, 12, 2025, 1, "2026-01-30");
  check_term_end (1, 2, 2026, 1, "2026-02-28");
}

static void
test_result_dates (void)
{
  g_autoptr(CreditorList) list = creditor_list_new ();
  g_autoptr(GDate) start = g_date_new_dmy (31, 1, 2026);
  g_autoptr(GError) error = NULL;
  DkProposalInput input;

  creditor_list_add (list, 100000, FALSE);
  input_for (&input, list, 1000, 18);
  {
    g_auto(DkProposalResult) result = { 0 };
    g_autofree char *end = NULL;
    DkBreakdown *line;

    input.start = start;
    g_assert_true (dk_proposal_calculate (&input, &result, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_date_compare (&result.start, start), ==, 0);
    end = dk_date_format_iso (&result.end);
    g_assert_cmpstr (end, ==, "2027-07-30");
    line = dk_breakdown_find (result.breakdown, "proposal.start");
    g_assert_cmpstr (dk_breakdown_get_label (line), ==, "First day of the term: 31-01-2026");
    line = dk_breakdown_find (result.breakdown, "proposal.end");
    g_assert_cmpstr (dk_breakdown_get_label (line), ==, "Last day of the term: 30-07-2027");
  }
  {
    g_auto(DkProposalResult) result = { 0 };

    input.start = NULL;
    g_assert_true (dk_proposal_calculate (&input, &result, &error));
    g_assert_false (g_date_valid (&result.start));
    g_assert_false (g_date_valid (&result.end));
    g_assert_null (dk_breakdown_find (result.breakdown, "proposal.start"));
  }
}

static void
expect_error (const DkProposalInput *input,
              gint                   code)
{
  g_auto(DkProposalResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_false (dk_proposal_calculate (input, &result, &error));
  g_assert_error (error, DK_PROPOSAL_ERROR, code);
  g_assert_null (result.breakdown);
  g_assert_null (result.shares);
}

/* Duplicate ids are found in short lists (compared pairwise) and long ones (a hash table). */
static void
test_duplicate_ids (void)
{
  const guint sizes[] = { 2, 5, 32, 33, 60 };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(CreditorList) list = creditor_list_new ();
      DkProposalInput input;
      DkCreditor *c;

      creditor_list_add_class (list, sizes[s], 100000 * sizes[s], FALSE);
      input_for (&input, list, 1000, 18);
      c = (DkCreditor *) list->creditors->data;

      {
        g_auto(DkProposalResult) result = { 0 };

        g_assert_true (dk_proposal_calculate (&input, &result, NULL));
        g_assert_cmpuint (result.n_shares, ==, sizes[s]);
      }

      c[sizes[s] - 1].id = c[0].id;
      expect_error (&input, DK_PROPOSAL_ERROR_INVALID_CREDITOR);
      c[sizes[s] - 1].id = c[sizes[s] - 2].id;
      expect_error (&input, DK_PROPOSAL_ERROR_INVALID_CREDITOR);
    }
}

static void
test_errors (void)
{
  g_autoptr(CreditorList) list = creditor_list_new ();
  DkCapacityChange changes[2] = { { 5, 100 }, { 9, 200 } };
  DkProposalInput input;
  GDate invalid_date;
  DkCreditor *c;

  creditor_list_add (list, 100000, FALSE);
  creditor_list_add (list, 50000, TRUE);
  input_for (&input, list, 1000, 18);
  c = (DkCreditor *) list->creditors->data;

  input.term_months = 0;
  expect_error (&input, DK_PROPOSAL_ERROR_INVALID_TERM);
  input.term_months = DK_PROPOSAL_MAX_TERM_MONTHS + 1;
  expect_error (&input, DK_PROPOSAL_ERROR_INVALID_TERM);
  input.term_months = 18;

  g_date_clear (&invalid_date, 1);
  input.start = &invalid_date;
  expect_error (&input, DK_PROPOSAL_ERROR_INVALID_TERM);
  input.start = NULL;

  input.monthly_capacity = -1;
  expect_error (&input, DK_PROPOSAL_ERROR_INVALID_CAPACITY);
  input.monthly_capacity = 1000;

  input.n_creditors = 0;
  expect_error (&input, DK_PROPOSAL_ERROR_NO_CREDITORS);
  input.n_creditors = 2;

  c[1].id = "c1";
  expect_error (&input, DK_PROPOSAL_ERROR_INVALID_CREDITOR);
  c[1].id = "";
  expect_error (&input, DK_PROPOSAL_ERROR_INVALID_CREDITOR);
  c[1].id = NULL;
  expect_error (&input, DK_PROPOSAL_ERROR_INVALID_CREDITOR);
  c[1].id = "c2";
  c[1].name = NULL;
  expect_error (&input, DK_PROPOSAL_ERROR_INVALID_CREDITOR);
  c[1].name = "Creditor 2";
  c[1].owed = 0;
  expect_error (&input, DK_PROPOSAL_ERROR_INVALID_CREDITOR);
  c[1].owed = -5;
  expect_error (&input, DK_PROPOSAL_ERROR_INVALID_CREDITOR);
  c[1].owed = 50000;

  input.changes = changes;
  input.n_changes = 2;
  changes[0].from_month = 1;
  expect_error (&input, DK_PROPOSAL_ERROR_INVALID_CHANGE);
  changes[0].from_month = 9;
  expect_error (&input, DK_PROPOSAL_ERROR_INVALID_CHANGE);
  changes[0].from_month = 5;
  changes[1].from_month = 19;
  expect_error (&input, DK_PROPOSAL_ERROR_INVALID_CHANGE);
  changes[1].from_month = 9;
  changes[1].capacity = -1;
  expect_error (&input, DK_PROPOSAL_ERROR_INVALID_CHANGE);
  changes[1].capacity = 200;
  input.changes = NULL;
  expect_error (&input, DK_PROPOSAL_ERROR_INVALID_CHANGE);
  input.changes = changes;

  /* Beyond the range of money. */
  input.monthly_capacity = G_MAXINT64 / 10;
  input.n_changes = 0;
  expect_error (&input, DK_PROPOSAL_ERROR_OUT_OF_RANGE);
  input.monthly_capacity = 1000;
  c[0].owed = G_MAXINT64 - 10;
  expect_error (&input, DK_PROPOSAL_ERROR_OUT_OF_RANGE);
  c[0].owed = G_MAXINT64 / 2;
  c[1].owed = G_MAXINT64 / 4 + 10;
  c[1].preferential = TRUE;
  expect_error (&input, DK_PROPOSAL_ERROR_OUT_OF_RANGE);
}

/* Large amounts stay exact: 128-bit intermediates. */
static void
test_large (void)
{
  g_autoptr(CreditorList) list = creditor_list_new ();
  g_auto(DkProposalResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  DkProposalInput input;

  creditor_list_add (list, G_MAXINT64 / 8, TRUE);
  creditor_list_add (list, G_MAXINT64 / 4, FALSE);
  input_for (&input, list, G_MAXINT64 / 1000, 36);
  g_assert_true (dk_proposal_calculate (&input, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (sum_amounts (&result, -1), ==, result.total);
  g_assert_cmpint (result.shares[0].amount, <=, result.shares[0].owed);
  g_assert_cmpint (ABS (result.preferential_ppm - 2 * result.concurrent_ppm), <=, 1);
}

static char *
describe (const DkProposalResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < result->n_shares; i++)
    g_string_append_printf (out, "%s=%" G_GINT64_FORMAT ";", result->shares[i].id, result->shares[i].amount);
  dk_breakdown_to_json (result->breakdown, builder);
  node = json_builder_get_root (builder);
  json = json_to_string (node, FALSE);
  g_string_append (out, json);
  return g_string_free (out, FALSE);
}

/* Thousands of generated creditor lists. */
static void
test_property (void)
{
  for (guint round = 0; round < 3000; round++)
    {
      g_autoptr(CreditorList) list = creditor_list_new ();
      g_auto(DkProposalResult) result = { 0 };
      g_auto(DkProposalResult) again = { 0 };
      g_autoptr(GError) error = NULL;
      guint n = g_test_rand_int_range (1, 25);
      guint term = g_test_rand_int_range (1, 61);
      DkCapacityChange changes[3];
      guint n_changes = 0;
      DkProposalInput input;
      g_autofree char *first = NULL;
      g_autofree char *second = NULL;
      Int128 weighted;

      for (guint i = 0; i < n; i++)
        {
          /* Mostly ordinary debts, sometimes tiny ones. */
          gint64 owed = g_test_rand_bit () ? g_test_rand_int_range (1, 200) : g_test_rand_int_range (1, 5000000);

          creditor_list_add (list, owed, g_test_rand_int_range (0, 4) == 0);
        }
      input_for (&input, list, g_test_rand_bit () ? g_test_rand_int_range (0, 60000) : 0, term);
      if (g_test_rand_int_range (0, 3) == 0)
        input.monthly_capacity = g_test_rand_int_range (0, 1000000);
      for (guint month = 2; month <= term && n_changes < G_N_ELEMENTS (changes); month += g_test_rand_int_range (1, 20))
        if (g_test_rand_bit ())
          {
            changes[n_changes].from_month = month;
            changes[n_changes].capacity = g_test_rand_int_range (0, 80000);
            n_changes++;
          }
      input.changes = changes;
      input.n_changes = n_changes;

      g_assert_true (dk_proposal_calculate (&input, &result, &error));
      g_assert_no_error (error);
      g_assert_true (dk_proposal_calculate (&input, &again, &error));

      /* The total is Σ of the month capacities. */
      {
        gint64 expected = 0;

        for (guint month = 1; month <= term; month++)
          {
            gint64 capacity = input.monthly_capacity;

            for (guint k = 0; k < n_changes; k++)
              if (changes[k].from_month <= month)
                capacity = changes[k].capacity;
            expected += capacity;
          }
        g_assert_cmpint (result.total, ==, expected);
      }

      g_assert_cmpint (sum_amounts (&result, -1), ==, MIN (result.total, result.total_debt));
      g_assert_cmpint (result.paid, ==, MIN (result.total, result.total_debt));
      g_assert_cmpint (result.surplus, ==, MAX (result.total - result.total_debt, 0));
      g_assert_cmpint (result.zero_offer, ==, result.total == 0);

      weighted = 2 * (Int128) result.preferential_debt + result.concurrent_debt;
      /* Capping only happens when there are preferential creditors and 2x would pass 100%. */
      if (result.preferential_capped)
        {
          g_assert_cmpint (result.preferential_debt, >, 0);
          g_assert_true (2 * (Int128) result.total > weighted);
          g_assert_cmpint (result.preferential_ppm, ==, 1000000);
        }
      if (result.preferential_debt == 0)
        g_assert_cmpint (result.preferential_ppm, ==, 0);
      if (result.concurrent_debt == 0)
        g_assert_cmpint (result.concurrent_ppm, ==, 0);
      if (!result.preferential_capped && result.total < result.total_debt && result.concurrent_debt > 0)
        g_assert_cmpint (result.concurrent_ppm, ==, dk_money_mul_ratio (result.total, 1000000, (gint64) weighted));
      for (gsize i = 0; i < result.n_shares; i++)
        {
          const DkProposalShare *share = &result.shares[i];

          g_assert_cmpint (share->amount, >=, 0);
          g_assert_cmpint (share->amount, <=, share->owed);

          if (result.total >= result.total_debt)
            g_assert_cmpint (share->amount, ==, share->owed);
          else if (result.preferential_capped)
            {
              if (share->preferential)
                g_assert_cmpint (share->amount, ==, share->owed);
              else
                {
                  /* Within one cent of (total − Dp) × owed / Dc. */
                  Int128 diff = (Int128) share->amount * result.concurrent_debt
                                - (Int128) (result.total - result.preferential_debt) * share->owed;

                  g_assert_true ((diff < 0 ? -diff : diff) < result.concurrent_debt);
                }
            }
          else
            {
              /* Within one cent of its exact share: owed × 2x for preferential, owed × x for concurrent. */
              Int128 diff = (Int128) share->amount * weighted
                            - (Int128) result.total * share->owed * (share->preferential ? 2 : 1);

              g_assert_true ((diff < 0 ? -diff : diff) < weighted);
            }
        }

      if (!result.preferential_capped && result.total > 0 && result.total < result.total_debt
          && result.preferential_debt > 0 && result.concurrent_debt > 0)
        g_assert_cmpint (ABS (result.preferential_ppm - 2 * result.concurrent_ppm), <=, 1);

      first = describe (&result);
      second = describe (&again);
      g_assert_cmpstr (first, ==, second);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/proposal/defaults", test_defaults);
  g_test_add_func ("/proposal/p1", test_p1);
  g_test_add_func ("/proposal/d5", test_d5);
  g_test_add_func ("/proposal/p3", test_p3);
  g_test_add_func ("/proposal/capped", test_capped);
  g_test_add_func ("/proposal/full-payment", test_full_payment);
  g_test_add_func ("/proposal/zero-offer", test_zero_offer);
  g_test_add_func ("/proposal/one-class", test_one_class);
  g_test_add_func ("/proposal/rounding", test_rounding);
  g_test_add_func ("/proposal/prognosis", test_prognosis);
  g_test_add_func ("/proposal/term-dates", test_term_dates);
  g_test_add_func ("/proposal/result-dates", test_result_dates);
  g_test_add_func ("/proposal/errors", test_errors);
  g_test_add_func ("/proposal/duplicate-ids", test_duplicate_ids);
  g_test_add_func ("/proposal/large", test_large);
  g_test_add_func ("/proposal/property", test_property);

  return g_test_run ();
}
