#include "config.h"

#include "dk-calculation.h"
#include "dk-json-input.h"
#include "dk-money.h"
#include "dk-norms.h"

static DkCalculationInput *
parse (const char  *json,
       GError     **error)
{
  return dk_calculation_input_from_data (json, -1, error);
}

static void
run (const char          *json,
     DkCalculationResult *result)
{
  g_autoptr(DkCalculationInput) input = NULL;
  g_autoptr(DkNormSet) norms = NULL;
  g_autoptr(GError) error = NULL;

  input = parse (json, &error);
  g_assert_no_error (error);
  norms = dk_norm_set_get_default (&error);
  g_assert_no_error (error);
  g_assert_true (dk_calculation_run (norms, input, result, &error));
  g_assert_no_error (error);
}

/* A single person on a benefit on 1 January 2026: BVV = 95% × 1,401.50 = 1,331.43 (domain.md D1);
 * nothing else in the VTLB, so capacity = 1,401.50 − 1,331.43 = 70.07. */
static void
test_benefit_single (void)
{
  g_auto(DkCalculationResult) result = { 0 };

  run ("{\"calculation_date\": \"2026-01-15\", \"situation\": \"single\","
       " \"incomes\": [{\"kind\": \"benefit\", \"net_monthly_cents\": 140150}],"
       " \"bvv\": {\"benefit_payer\": true}}", &result);

  g_assert_cmpstr (result.norm_table_id, ==, "2026-01-01");
  g_assert_cmpint (result.bvv, ==, 133143);
  g_assert_cmpint (result.vtlb, ==, 133143);
  g_assert_cmpint (result.capacity, ==, 7007);
  g_assert_false (result.zero_offer);
  g_assert_false (result.has_proposal);
  g_assert_nonnull (dk_breakdown_find (result.breakdown, "bvv"));
  g_assert_nonnull (dk_breakdown_find (result.breakdown, "vtlb"));
}

/* D5 through the whole chain: capacity 150 × 18 = 2,700 over 2,000 preferential / 8,000 concurrent. */
static void
test_proposal (void)
{
  g_auto(DkCalculationResult) result = { 0 };
  gint64 sum = 0;

  run ("{\"calculation_date\": \"2026-03-01\", \"situation\": \"single\","
       " \"incomes\": [{\"kind\": \"benefit\", \"net_monthly_cents\": 148143}],"
       " \"bvv\": {\"benefit_payer\": true},"
       " \"debts\": [{\"creditor\": \"Belastingdienst\", \"amount_cents\": 200000, \"preferential\": true},"
       "             {\"creditor\": \"Verhuurder\", \"amount_cents\": 800000}],"
       " \"proposal\": {\"term_months\": 18, \"start_date\": \"2026-04-01\"}}", &result);

  g_assert_cmpint (result.capacity, ==, 15000);
  g_assert_true (result.has_proposal);
  g_assert_cmpint (result.proposal.total, ==, 270000);
  g_assert_cmpint (result.proposal.concurrent_ppm, ==, 225000);
  g_assert_cmpint (result.proposal.preferential_ppm, ==, 450000);
  g_assert_cmpint (result.proposal.shares[0].amount, ==, 90000);
  g_assert_cmpint (result.proposal.shares[1].amount, ==, 180000);
  for (gsize i = 0; i < result.proposal.n_shares; i++)
    sum += result.proposal.shares[i].amount;
  g_assert_cmpint (sum, ==, result.proposal.total);
}

/* Income below the VTLB: zero offer, nothing to creditors (domain.md D7). */
static void
test_zero_offer (void)
{
  g_auto(DkCalculationResult) result = { 0 };

  run ("{\"calculation_date\": \"2026-03-01\", \"situation\": \"single\","
       " \"incomes\": [{\"kind\": \"benefit\", \"net_monthly_cents\": 120000}],"
       " \"bvv\": {\"benefit_payer\": true},"
       " \"debts\": [{\"creditor\": \"Energie\", \"amount_cents\": 50000}]}", &result);

  g_assert_cmpint (result.capacity, ==, 0);
  g_assert_true (result.zero_offer);
  g_assert_true (result.proposal.zero_offer);
  g_assert_cmpint (result.proposal.shares[0].amount, ==, 0);
}

static void
test_couple_split (void)
{
  g_auto(DkCalculationResult) result = { 0 };
  const DkCapacityShare *a, *b;

  run ("{\"calculation_date\": \"2026-03-01\", \"situation\": \"couple\","
       " \"persons\": [{\"id\": \"a\", \"role\": \"client\"}, {\"id\": \"b\", \"role\": \"partner\"}],"
       " \"incomes\": [{\"person\": \"a\", \"kind\": \"wage\", \"net_monthly_cents\": 200000},"
       "               {\"person\": \"b\", \"kind\": \"wage\", \"net_monthly_cents\": 100000}],"
       " \"bvv\": {\"taxable_income_year_cents\": 4000000}}", &result);

  g_assert_cmpuint (result.capacity_shares->len, ==, 2);
  a = &g_array_index (result.capacity_shares, DkCapacityShare, 0);
  b = &g_array_index (result.capacity_shares, DkCapacityShare, 1);
  g_assert_cmpint (a->capacity + b->capacity, ==, result.capacity);
  g_assert_cmpint (ABS (a->capacity - 2 * b->capacity), <=, 2);
}

static void
test_json_output_is_stable (void)
{
  const char *json = "{\"calculation_date\": \"2026-08-01\", \"situation\": \"single_parent\","
                     " \"incomes\": [{\"kind\": \"wage\", \"net_monthly_cents\": 210000}],"
                     " \"bvv\": {\"taxable_income_year_cents\": 3500000}}";
  g_autofree char *first = NULL;

  for (guint i = 0; i < 2; i++)
    {
      g_auto(DkCalculationResult) result = { 0 };
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *text = NULL;

      run (json, &result);
      node = dk_calculation_result_to_json (&result);
      text = json_to_string (node, FALSE);
      g_assert_nonnull (strstr (text, "\"norm_table\":{\"id\":\"2026-07-01\""));
      if (first == NULL)
        first = g_steal_pointer (&text);
      else
        g_assert_cmpstr (first, ==, text);
    }
}

static void
test_bad_input (void)
{
  static const struct {
    const char *json;
    int code;
    const char *fragment;
  } cases[] = {
    { "{", DK_JSON_INPUT_ERROR_SYNTAX, "JSON" },
    { "[]", DK_JSON_INPUT_ERROR_WRONG_TYPE, "object" },
    { "{\"situation\": \"single\"}", DK_JSON_INPUT_ERROR_MISSING_FIELD, "calculation_date" },
    { "{\"calculation_date\": \"2026-02-30\", \"situation\": \"single\"}", DK_JSON_INPUT_ERROR_INVALID_VALUE, "calculation_date" },
    { "{\"calculation_date\": \"2026-01-01\", \"situation\": \"widowed\"}", DK_JSON_INPUT_ERROR_INVALID_VALUE, "widowed" },
    { "{\"calculation_date\": \"2026-01-01\", \"situation\": \"single\", \"income\": []}", DK_JSON_INPUT_ERROR_UNKNOWN_FIELD, "income" },
    { "{\"calculation_date\": \"2026-01-01\", \"situation\": \"single\", \"bvv\": {\"benefit_payer\": true},"
      " \"incomes\": [{\"kind\": \"wage\", \"net_monthly_cents\": -5}]}", DK_JSON_INPUT_ERROR_INVALID_VALUE, "incomes[0].net_monthly_cents" },
    { "{\"calculation_date\": \"2026-01-01\", \"situation\": \"single\", \"bvv\": {\"benefit_payer\": true},"
      " \"incomes\": [{\"kind\": \"wage\", \"net_monthly_cents\": 12.5}]}", DK_JSON_INPUT_ERROR_WRONG_TYPE, "cents" },
    { "{\"calculation_date\": \"2026-01-01\", \"situation\": \"single\", \"bvv\": {\"benefit_payer\": true},"
      " \"incomes\": [{\"kind\": \"lottery\", \"net_monthly_cents\": 100}]}", DK_JSON_INPUT_ERROR_INVALID_VALUE, "lottery" },
    { "{\"calculation_date\": \"2026-01-01\", \"situation\": \"single\", \"bvv\": {\"benefit_payer\": true},"
      " \"incomes\": [{\"person\": \"ghost\", \"kind\": \"wage\", \"net_monthly_cents\": 100}]}", DK_JSON_INPUT_ERROR_INVALID_VALUE, "ghost" },
    { "{\"calculation_date\": \"2026-01-01\", \"situation\": \"single\"}", DK_JSON_INPUT_ERROR_MISSING_FIELD, "taxable_income_year_cents" },
    { "{\"calculation_date\": \"2026-01-01\", \"situation\": \"single\", \"bvv\": {\"benefit_payer\": true},"
      " \"persons\": [{\"id\": \"a\", \"role\": \"client\"}, {\"id\": \"b\", \"role\": \"partner\"}]}", DK_JSON_INPUT_ERROR_INVALID_VALUE, "partner" },
    { "{\"calculation_date\": \"2026-01-01\", \"situation\": \"single\", \"bvv\": {\"benefit_payer\": true},"
      " \"debts\": [{\"creditor\": \"X\", \"amount_cents\": 0}]}", DK_JSON_INPUT_ERROR_INVALID_VALUE, "debts[0]" },
    { "{\"calculation_date\": \"2026-01-01\", \"situation\": \"single\", \"bvv\": {\"benefit_payer\": true},"
      " \"proposal\": {\"term_months\": 0}}", DK_JSON_INPUT_ERROR_INVALID_VALUE, "term_months" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(DkCalculationInput) input = parse (cases[i].json, &error);

      g_test_message ("case %u: %s", i, cases[i].json);
      g_assert_null (input);
      g_assert_error (error, DK_JSON_INPUT_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].fragment));
    }
}

/* A date before the first norm table, and a 2025 date where the full formula lacks figures. */
static void
test_dates_without_norms (void)
{
  static const char *cases[] = {
    "{\"calculation_date\": \"2023-06-01\", \"situation\": \"single\", \"bvv\": {\"benefit_payer\": true}}",
    "{\"calculation_date\": \"2025-03-01\", \"situation\": \"single\", \"bvv\": {\"taxable_income_year_cents\": 3000000}}",
  };
  g_autoptr(DkNormSet) norms = dk_norm_set_get_default (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(DkCalculationResult) result = { 0 };
      g_autoptr(DkCalculationInput) input = parse (cases[i], NULL);
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (input);
      int expected = i == 0 ? DK_NORMS_ERROR_NO_TABLE : DK_NORMS_ERROR_MISSING;

      g_assert_false (dk_calculation_run (norms, input, &result, &error));
      g_assert_error (error, DK_NORMS_ERROR, expected);
    }
}

static const char *situations[] = { "single", "single_parent", "couple", "couple_with_children" };

typedef struct
{
  const char *situation;
  gboolean    benefit;
  gint64      income;
  gint64      taxable;
  gint64      rent;
  guint       n_debts;
  gint64      debts[12];
  gboolean    preferential[12];
  guint       term;
} Household;

static void
generate (Household *h)
{
  h->situation = situations[g_test_rand_int_range (0, 4)];
  h->benefit = g_test_rand_bit ();
  h->income = g_test_rand_int_range (0, 600000);
  h->taxable = g_test_rand_int_range (0, 12000000);
  h->rent = g_test_rand_int_range (0, 160000);
  h->n_debts = g_test_rand_int_range (1, 13);
  for (guint i = 0; i < h->n_debts; i++)
    {
      h->debts[i] = g_test_rand_int_range (1, 5000000);
      h->preferential[i] = g_test_rand_int_range (0, 4) == 0;
    }
  h->term = g_test_rand_bit () ? 18 : g_test_rand_int_range (1, 61);
}

static char *
household_json (const Household *h,
                gint64           income)
{
  GString *json = g_string_new (NULL);

  g_string_append_printf (json, "{\"calculation_date\": \"2026-%s\", \"situation\": \"%s\",",
                          g_test_rand_bit () ? "03-01" : "09-01", h->situation);
  g_string_append_printf (json, "\"incomes\": [{\"kind\": \"%s\", \"net_monthly_cents\": %" G_GINT64_FORMAT "}],",
                          h->benefit ? "benefit" : "wage", income);
  g_string_append_printf (json, "\"costs\": [{\"kind\": \"rent\", \"monthly_cents\": %" G_GINT64_FORMAT "}],", h->rent);
  if (h->benefit)
    g_string_append (json, "\"bvv\": {\"benefit_payer\": true},");
  else
    g_string_append_printf (json, "\"bvv\": {\"taxable_income_year_cents\": %" G_GINT64_FORMAT "},", h->taxable);
  g_string_append (json, "\"debts\": [");
  for (guint i = 0; i < h->n_debts; i++)
    g_string_append_printf (json, "%s{\"creditor\": \"C%u\", \"amount_cents\": %" G_GINT64_FORMAT ", \"preferential\": %s}",
                            i ? "," : "", i, h->debts[i], h->preferential[i] ? "true" : "false");
  g_string_append_printf (json, "], \"proposal\": {\"term_months\": %u}}", h->term);

  return g_string_free (json, FALSE);
}

/* Over thousands of generated households, through the whole chain (issue acceptance): capacity is
 * never negative; the proposal pays exactly capacity × term (or all debt when that is less);
 * preferential creditors get twice the concurrent percentage within a cent each; more net income
 * never lowers the capacity; the same input gives the same output. */
static void
test_properties (void)
{
  g_autoptr(DkNormSet) norms = dk_norm_set_get_default (NULL);
  guint n = g_test_thorough () ? 20000 : 3000;

  for (guint k = 0; k < n; k++)
    {
      g_auto(DkCalculationResult) r = { 0 };
      g_auto(DkCalculationResult) again = { 0 };
      g_auto(DkCalculationResult) richer = { 0 };
      g_autoptr(DkCalculationInput) input = NULL;
      g_autoptr(DkCalculationInput) richer_input = NULL;
      g_autoptr(JsonNode) j1 = NULL;
      g_autoptr(JsonNode) j2 = NULL;
      g_autofree char *json = NULL;
      g_autofree char *richer_json = NULL;
      g_autoptr(GError) error = NULL;
      gint64 paid = 0;
      Household h;

      generate (&h);
      json = household_json (&h, h.income);
      input = dk_calculation_input_from_data (json, -1, &error);
      g_assert_no_error (error);
      g_assert_true (dk_calculation_run (norms, input, &r, &error));
      g_assert_no_error (error);

      g_assert_cmpint (r.capacity, >=, 0);
      g_assert_cmpint (r.capacity, ==, MAX (0, r.income - r.vtlb));
      g_assert_true (r.has_proposal);
      g_assert_cmpint (r.proposal.total, ==, r.capacity * h.term);
      for (gsize i = 0; i < r.proposal.n_shares; i++)
        {
          const DkProposalShare *share = &r.proposal.shares[i];

          g_assert_cmpint (share->amount, <=, share->owed);
          paid += share->amount;
          if (share->preferential && !r.proposal.preferential_capped && r.proposal.concurrent_ppm > 0 &&
              r.proposal.paid < r.proposal.total_debt)
            {
              /* Exactly twice the concurrent percentage is owed × 2 × total / (2·Dp + Dc); the paid
               * amount may differ from that by less than one cent (largest remainder). */
              __int128 weight = 2 * (__int128) r.proposal.preferential_debt + r.proposal.concurrent_debt;
              __int128 diff = (__int128) share->amount * weight - (__int128) share->owed * 2 * r.proposal.total;

              g_assert_true (diff < weight && -diff < weight);
            }
        }
      g_assert_cmpint (paid, ==, MIN (r.proposal.total, r.proposal.total_debt));

      g_assert_true (dk_calculation_run (norms, input, &again, &error));
      j1 = dk_calculation_result_to_json (&r);
      j2 = dk_calculation_result_to_json (&again);
      g_assert_true (json_node_equal (j1, j2));

      richer_json = household_json (&h, h.income + g_test_rand_int_range (1, 50000));
      richer_input = dk_calculation_input_from_data (richer_json, -1, &error);
      g_assert_no_error (error);
      g_assert_true (dk_calculation_run (norms, richer_input, &richer, &error));
      if (dk_calculation_input_get_date (richer_input)->month == dk_calculation_input_get_date (input)->month)
        g_assert_cmpint (richer.capacity, >=, r.capacity);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calculation/benefit-single", test_benefit_single);
  g_test_add_func ("/calculation/proposal", test_proposal);
  g_test_add_func ("/calculation/zero-offer", test_zero_offer);
  g_test_add_func ("/calculation/couple-split", test_couple_split);
  g_test_add_func ("/calculation/json-output-stable", test_json_output_is_stable);
  g_test_add_func ("/calculation/bad-input", test_bad_input);
  g_test_add_func ("/calculation/dates-without-norms", test_dates_without_norms);
  g_test_add_func ("/calculation/properties", test_properties);

  return g_test_run ();
}
