#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "dk-bvv.h"

/* Far above every BVV, so the 95%-of-income limit (Rv 475dc lid 1) does not interfere. */
#define HIGH_INCOME 1000000

static DkNormSet *norms;

static const DkNormTable *
table_on (GDateDay   day,
          GDateMonth month,
          GDateYear  year)
{
  g_autoptr(GError) error = NULL;
  GDate date;
  const DkNormTable *table;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  table = dk_norm_set_lookup (norms, &date, &error);
  g_assert_no_error (error);
  return table;
}

static DkBvvInput
input_for (DkSituation situation,
           gint64      taxable_income_year)
{
  DkBvvInput input = { 0 };

  input.situation = situation;
  input.taxable_income_year = taxable_income_year;
  input.monthly_income = HIGH_INCOME;
  return input;
}

static void
calculate (const DkNormTable *table,
           const DkBvvInput  *input,
           DkBvvResult       *result)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dk_bvv_calculate (table, input, result, &error));
  g_assert_no_error (error);
  g_assert_nonnull (result->breakdown);
  g_assert_cmpint (dk_breakdown_get_value (result->breakdown), ==, result->bvv);
  g_assert_cmpstr (result->norm_table_id, ==, dk_norm_table_get_id (table));
}

static gint64
line (const DkBvvResult *result,
      const char        *id)
{
  DkBreakdown *found = dk_breakdown_find (result->breakdown, id);

  if (found == NULL)
    g_error ("no breakdown line %s", id);
  return dk_breakdown_get_value (found);
}

static const char *
note_of (const DkBvvResult *result,
         const char        *id)
{
  DkBreakdown *found = dk_breakdown_find (result->breakdown, id);

  g_assert_nonnull (found);
  g_assert_nonnull (dk_breakdown_get_note (found));
  return dk_breakdown_get_note (found);
}

static const char *
rule_of (const DkBvvResult *result,
         const char        *id)
{
  DkBreakdown *found = dk_breakdown_find (result->breakdown, id);

  g_assert_nonnull (found);
  g_assert_nonnull (dk_breakdown_get_rule (found));
  return dk_breakdown_get_rule (found);
}

static gint64
formula_terms (const DkBvvResult *result)
{
  gint64 sum = line (result, "bvv.base") + line (result, "bvv.health") + line (result, "bvv.housing");

  if (dk_breakdown_find (result->breakdown, "bvv.child") != NULL)
    sum += line (result, "bvv.child");
  return sum;
}

/* domain.md §4 D1: 95% × norm, half-up: 1,331.425 → 1,331.43 and 1,902.0235 → 1,902.02. */
static void
test_d1_benefit_payer (void)
{
  const DkNormTable *table = table_on (1, 1, 2026);
  g_auto(DkBvvResult) single = { 0 };
  g_auto(DkBvvResult) couple = { 0 };
  g_auto(DkBvvResult) other_income = { 0 };
  g_auto(DkBvvResult) pension = { 0 };
  DkBvvInput input = input_for (DK_SITUATION_SINGLE, 0);

  input.benefit_payer = TRUE;
  input.monthly_income = 0;  /* 475dc lid 2 replaces lid 1, so the income limit does not apply */
  calculate (table, &input, &single);
  g_assert_cmpint (single.bvv, ==, 133143);
  g_assert_cmpint (line (&single, "bvv.benefit_payer.norm"), ==, 140150);
  g_assert_cmpstr (rule_of (&single, "bvv.benefit_payer"), ==, "Rv art. 475dc lid 2");
  g_assert_null (dk_breakdown_find (single.breakdown, "bvv.formula"));

  input.situation = DK_SITUATION_COUPLE_WITH_CHILDREN;
  calculate (table, &input, &couple);
  g_assert_cmpint (couple.bvv, ==, 190202);

  /* Minus income under Pw art. 32; never below 0. */
  input.situation = DK_SITUATION_SINGLE;
  input.pw32_other_income = 20000;
  calculate (table, &input, &other_income);
  g_assert_cmpint (other_income.bvv, ==, 113143);
  dk_bvv_result_clear (&other_income);
  input.pw32_other_income = 500000;
  calculate (table, &input, &other_income);
  g_assert_cmpint (other_income.bvv, ==, 0);

  /* Pension age: the Pw art. 22 norm, 95% × 1,564.69 = 1,486.4555 (domain.md §1.1). */
  input.pw32_other_income = 0;
  input.pension_age = TRUE;
  calculate (table, &input, &pension);
  g_assert_cmpint (pension.bvv, ==, 148646);

  /* ... which the 1 July 2026 table does not have. */
  {
    g_autoptr(GError) error = NULL;
    g_auto(DkBvvResult) result = { 0 };

    g_assert_false (dk_bvv_calculate (table_on (1, 7, 2026), &input, &result, &error));
    g_assert_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_MISSING);
    g_assert_nonnull (strstr (error->message, "1 July 2026"));
    g_assert_nonnull (strstr (error->message, "pension age"));
    g_assert_null (result.breakdown);
  }
}

/* domain.md §4 D2: the formula gives more than 95% of a €1,200 wage, so the BVV is €1,140.00. */
static void
test_d2_income_limit (void)
{
  g_auto(DkBvvResult) result = { 0 };
  DkBvvInput input = input_for (DK_SITUATION_SINGLE, 1440000);

  input.monthly_income = 120000;
  calculate (table_on (1, 1, 2026), &input, &result);
  g_assert_cmpint (line (&result, "bvv.formula"), ==, 133143);
  g_assert_cmpint (line (&result, "bvv.income_limit"), ==, 114000);
  g_assert_cmpint (result.bvv, ==, 114000);
  g_assert_cmpint (input.monthly_income - result.bvv, ==, 6000);  /* seizable €60.00 */
}

/* domain.md §4 D3. C = 34,112.43 makes the married formula exactly €2,000.00 (1,902.02 + 50.09 + 47.89). */
static void
test_d3_deductions (void)
{
  const DkNormTable *table = table_on (1, 1, 2026);
  g_auto(DkBvvResult) result = { 0 };
  g_auto(DkBvvResult) small_spouse = { 0 };
  g_auto(DkBvvResult) to_zero = { 0 };
  DkBvvInput input = input_for (DK_SITUATION_COUPLE, 3411243);

  input.spouse_unseized_income = 130000;
  input.own_unseized_income = 20000;
  calculate (table, &input, &result);
  g_assert_cmpint (line (&result, "bvv.formula"), ==, 200000);
  g_assert_cmpint (line (&result, "bvv.statutory"), ==, 200000);
  g_assert_cmpint (line (&result, "bvv.deduction.spouse"), ==, -100000);
  g_assert_cmpint (line (&result, "bvv.deduction.own"), ==, -20000);
  g_assert_cmpint (line (&result, "bvv.deduction.company_car"), ==, 0);
  g_assert_cmpint (result.bvv, ==, 80000);

  /* Below half, the whole spouse's income is deducted. */
  input.spouse_unseized_income = 50000;
  input.own_unseized_income = 0;
  calculate (table, &input, &small_spouse);
  g_assert_cmpint (small_spouse.bvv, ==, 150000);

  /* The deductions stop at 0: 2,000.00 − spouse 1,000.00 − own 900.00 − company car 100.00 of 300.00. */
  input.spouse_unseized_income = 130000;
  input.own_unseized_income = 90000;
  input.company_car_tax = 30000;
  calculate (table, &input, &to_zero);
  g_assert_cmpint (line (&to_zero, "bvv.deduction.own"), ==, -90000);
  g_assert_cmpint (line (&to_zero, "bvv.deduction.company_car"), ==, -10000);
  g_assert_nonnull (strstr (note_of (&to_zero, "bvv.deduction.company_car"), "below 0"));
  g_assert_cmpint (to_zero.bvv, ==, 0);
}

/* domain.md §4 D4: 1,100.00 − 1.10 × 932.93 = 73.777 → 73.78. */
static void
test_d4_housing_raise (void)
{
  const DkNormTable *table = table_on (1, 1, 2026);
  g_auto(DkBvvResult) result = { 0 };
  g_auto(DkBvvResult) below = { 0 };
  g_auto(DkBvvResult) just_above = { 0 };
  DkBvvInput input = input_for (DK_SITUATION_SINGLE, 0);

  input.high_housing_raise = TRUE;
  input.housing_costs = 110000;
  calculate (table, &input, &result);
  g_assert_cmpint (line (&result, "bvv.housing_raise"), ==, 7378);
  g_assert_cmpint (line (&result, "bvv.housing_raise.threshold"), ==, 102622);
  g_assert_cmpint (line (&result, "bvv.statutory"), ==, 133143 + 7378);
  g_assert_cmpint (result.bvv, ==, 133143 + 7378);

  /* 1,026.22 is below 1,026.223: no raise. 1,026.23 is 0.007 above: rounds to 1 cent. */
  input.housing_costs = 102622;
  calculate (table, &input, &below);
  g_assert_cmpint (line (&below, "bvv.housing_raise"), ==, 0);
  g_assert_cmpint (below.bvv, ==, 133143);
  input.housing_costs = 102623;
  calculate (table, &input, &just_above);
  g_assert_cmpint (line (&just_above, "bvv.housing_raise"), ==, 1);
}

typedef struct
{
  DkSituation situation;
  gint64      income;   /* C at the lid 8 point, bvv-formula.md §4 */
  gint64      cap;
  gint64      base_rent;
  gint64      tolerance;
} CapCase;

/*
 * Rv 475da lid 8: each published maximum equals the BVV at the income where I × F/12 (or G/12) = H:
 * C = 932.93 × 12 / 27% + 23,425 = 64,888.56 (one person) and 932.93 × 12 / 22% + 31,500 = 82,387.09
 * (more persons), bvv-formula.md §4. The base rent J comes from the single and the couple maximum, so
 * those two are reproduced by construction; the single-parent and child maxima are a real check of
 * D, K and L.
 *
 * 1 July 2026, married with children: the formula gives 3,179.69, one cent above the published 3,179.68
 * (the lid 1 maximum then makes the BVV 3,179.68). Each term is rounded on its own, and the child term is
 * the same on both dates (only B changes on 1 July), yet January needs it to round to 273.90
 * (3,155.31 − 1,902.02 − 247.17 − 732.22) and July to 273.89 (3,179.68 − 1,926.40 − 247.17 − 732.22): no
 * value of D does both. The published maxima evidently round the exact sum only; then any D from
 * 29,735.07 to 29,735.53 reproduces all eight, while D = 29,735.00 is itself back-solved and rounded
 * (bvv-formula.md §3) and gives 3,179.6854 → 3,179.69 either way. Hence the 1-cent tolerance there only.
 */
static void
test_published_caps (void)
{
  static const CapCase january[] = {
    { DK_SITUATION_SINGLE, 6488856, 219142, 20252, 0 },
    { DK_SITUATION_SINGLE_PARENT, 8238709, 252669, 20071, 0 },
    { DK_SITUATION_COUPLE, 8238709, 288141, 20071, 0 },
    { DK_SITUATION_COUPLE_WITH_CHILDREN, 8238709, 315531, 20071, 0 },
  };
  static const CapCase july[] = {
    { DK_SITUATION_SINGLE, 6488856, 220848, 20252, 0 },
    { DK_SITUATION_SINGLE_PARENT, 8238709, 254375, 20071, 0 },
    { DK_SITUATION_COUPLE, 8238709, 290579, 20071, 0 },
    { DK_SITUATION_COUPLE_WITH_CHILDREN, 8238709, 317968, 20071, 1 },
  };
  const CapCase *dates[] = { january, july };
  const DkNormTable *tables[] = { table_on (1, 1, 2026), table_on (1, 7, 2026) };

  for (guint t = 0; t < 2; t++)
    for (guint i = 0; i < 4; i++)
      {
        const CapCase *c = &dates[t][i];
        g_auto(DkBvvResult) result = { 0 };
        DkBvvInput input = input_for (c->situation, c->income);
        gint64 formula;

        g_test_message ("%s %s", dk_norm_table_get_id (tables[t]), dk_situation_to_string (c->situation));
        calculate (tables[t], &input, &result);
        formula = line (&result, "bvv.formula");
        g_assert_cmpint (formula, ==, formula_terms (&result));
        g_assert_cmpint (ABS (formula - c->cap), <=, c->tolerance);
        g_assert_cmpint (line (&result, "bvv.maximum"), ==, c->cap);
        g_assert_cmpint (result.bvv, ==, c->cap);
        /* At the lid 8 point the housing term is H − J and the health term at its lid 3 maximum. */
        g_assert_cmpint (line (&result, "bvv.housing.base_rent"), ==, c->base_rent);
        g_assert_cmpint (line (&result, "bvv.housing"), ==, 93293 - c->base_rent);
        g_assert_cmpint (line (&result, "bvv.health"), ==, line (&result, "bvv.health.maximum"));
        /* The printed J is exactly 60.15 higher (bvv-formula.md §4). */
        g_assert_cmpint (line (&result, "bvv.housing.base_rent.printed") - c->base_rent, ==, 6015);
        g_assert_nonnull (strstr (note_of (&result, "bvv.housing.base_rent"), "60,15"));
      }
}

typedef struct
{
  DkSituation situation;
  gint64      income;
  gint64      health;
  gint64      housing;
  gint64      child;
  gint64      formula;
} VectorCase;

/*
 * bvv-formula.md §5 (derived, 1 January 2026, D = 29,735), recomputed for two differences:
 * - Housing saturates at H − J with the J implied by the published maxima (202.52 / 200.71), so 60.15
 *   higher than the §5 table: 730.41 (one person) / 732.22 (more persons). Single at 53,214.33 (§5's
 *   saturation point) is no longer saturated but gives the same 670.26; married at 70,000 now gets
 *   38,500 × 22% / 12 = 705.83 instead of 672.07; the lid 8 rows equal the published maxima. Two rows
 *   were added where housing now saturates: 55,887.67 (single) and 71,439.27 (married).
 * - §5 rounds the exact sum; here each term is rounded, so the lines add up. That moves four totals by
 *   a cent: single 30,000 (1,331.425 + 3.032 + 147.9375 = 1,482.39 vs 1,331.43 + 3.03 + 147.94 =
 *   1,482.40), single 40,000 (1,821.81 → 1,821.82), married 40,000 (2,175.31 → 2,175.30), and single
 *   parent 35,000, whose child term is exactly 5,265 × 7.6% / 12 = 33.345 → 33.35 (§5 shows 33.34).
 */
static void
test_derived_vectors (void)
{
  static const VectorCase cases[] = {
    { DK_SITUATION_SINGLE, 0, 0, 0, 0, 133143 },
    { DK_SITUATION_SINGLE, 2000000, 0, 0, 0, 133143 },
    { DK_SITUATION_SINGLE, 3000000, 303, 14794, 0, 148240 },
    { DK_SITUATION_SINGLE, 4000000, 11745, 37294, 0, 182182 },
    { DK_SITUATION_SINGLE, 5321433, 12958, 67026, 0, 213127 },
    { DK_SITUATION_SINGLE, 5588767, 12958, 73041, 0, 219142 },
    { DK_SITUATION_SINGLE_PARENT, 3500000, 6024, 6417, 3335, 148919 },
    { DK_SITUATION_SINGLE_PARENT, 8238709, 12958, 73222, 33346, 252669 },
    { DK_SITUATION_COUPLE, 4000000, 11745, 15583, 0, 217530 },
    { DK_SITUATION_COUPLE, 7000000, 24717, 70583, 0, 285502 },
    { DK_SITUATION_COUPLE, 7143927, 24717, 73222, 0, 288141 },
    { DK_SITUATION_COUPLE_WITH_CHILDREN, 5000000, 23187, 33917, 6878, 254184 },
    { DK_SITUATION_COUPLE_WITH_CHILDREN, 8238709, 24717, 73222, 27390, 315531 },
  };
  const DkNormTable *table = table_on (1, 1, 2026);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const VectorCase *c = &cases[i];
      g_auto(DkBvvResult) result = { 0 };
      DkBvvInput input = input_for (c->situation, c->income);

      g_test_message ("%s C=%" G_GINT64_FORMAT, dk_situation_to_string (c->situation), c->income);
      calculate (table, &input, &result);
      g_assert_cmpint (line (&result, "bvv.base"), ==, DK_SITUATION_IS_COUPLE (c->situation) ? 190202 : 133143);
      g_assert_cmpint (line (&result, "bvv.health"), ==, c->health);
      g_assert_cmpint (line (&result, "bvv.housing"), ==, c->housing);
      if (DK_SITUATION_HAS_CHILDREN (c->situation))
        g_assert_cmpint (line (&result, "bvv.child"), ==, c->child);
      else
        g_assert_null (dk_breakdown_find (result.breakdown, "bvv.child"));
      g_assert_cmpint (line (&result, "bvv.formula"), ==, c->formula);
      g_assert_cmpint (formula_terms (&result), ==, c->formula);
      g_assert_cmpint (result.bvv, ==, c->formula);  /* all at or below the lid 1 maximum */
    }
}

/* bvv-formula.md §4 "Zero income": the formula gives 95% × A, the income limit then makes it 0. */
static void
test_zero_income (void)
{
  for (DkSituation s = DK_SITUATION_SINGLE; s <= DK_SITUATION_COUPLE_WITH_CHILDREN; s++)
    {
      g_auto(DkBvvResult) result = { 0 };
      DkBvvInput input = input_for (s, 0);

      input.monthly_income = 0;
      calculate (table_on (1, 1, 2026), &input, &result);
      g_assert_cmpint (line (&result, "bvv.formula"), ==, DK_SITUATION_IS_COUPLE (s) ? 190202 : 133143);
      g_assert_cmpint (line (&result, "bvv.income_limit"), ==, 0);
      g_assert_cmpint (result.bvv, ==, 0);
    }
}

/* Before 2026 the letters are missing (bvv-formula.md §0.2): the formula refuses, the benefit-payer rule
 * (norm only) works. 1 July 2025: 95% × 1,369.06 = 1,300.61 and 95% × 1,955.80 = 1,858.01 (domain.md §0). */
static void
test_before_2026 (void)
{
  const DkNormTable *table = table_on (15, 8, 2025);
  g_autoptr(GError) error = NULL;
  g_auto(DkBvvResult) result = { 0 };
  g_auto(DkBvvResult) single = { 0 };
  g_auto(DkBvvResult) couple = { 0 };
  DkBvvInput input = input_for (DK_SITUATION_SINGLE, 3000000);

  g_assert_false (dk_bvv_calculate (table, &input, &result, &error));
  g_assert_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "The BVV cannot be calculated for the period from 1 July 2025"));
  g_assert_nonnull (strstr (error->message, "threshold income (D, Wzt art. 1 lid 1 f)"));
  g_assert_null (result.breakdown);
  g_assert_null (result.norm_table_id);
  g_clear_error (&error);

  /* 1 January 2024 lacks the Pw art. 23 amount even before the letters. */
  g_assert_false (dk_bvv_calculate (table_on (1, 3, 2024), &input, &result, &error));
  g_assert_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "1 January 2024"));
  g_clear_error (&error);

  input.benefit_payer = TRUE;
  calculate (table, &input, &single);
  g_assert_cmpint (single.bvv, ==, 130061);
  input.situation = DK_SITUATION_COUPLE;
  calculate (table, &input, &couple);
  g_assert_cmpint (couple.bvv, ==, 185801);
}

/* Rv 475da lid 4: 47.5% × 2,002.13 = 951.01175 → 951.01, then 475db and 475dc lid 1 as usual. */
static void
test_no_home_address (void)
{
  g_auto(DkBvvResult) result = { 0 };
  g_auto(DkBvvResult) with_income = { 0 };
  DkBvvInput input = input_for (DK_SITUATION_SINGLE, 5000000);

  input.no_home_address = TRUE;
  input.benefit_payer = TRUE;  /* lid 4 comes first */
  calculate (table_on (1, 1, 2026), &input, &result);
  g_assert_cmpint (line (&result, "bvv.no_address"), ==, 95101);
  g_assert_null (dk_breakdown_find (result.breakdown, "bvv.formula"));
  g_assert_null (dk_breakdown_find (result.breakdown, "bvv.benefit_payer"));
  g_assert_cmpint (result.bvv, ==, 95101);

  input.own_unseized_income = 1000;
  input.monthly_income = 90000;
  calculate (table_on (1, 1, 2026), &input, &with_income);
  g_assert_cmpint (with_income.bvv, ==, 85500);  /* 951.01 − 10.00 = 941.01, above 95% × 900 = 855.00 */
}

/* Writes the 2026-01-01 table with one figure marked missing into a fresh folder. */
static char *
table_without (const char *key)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "..", "data", "norms", "2026-01-01.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  char *dir = g_dir_make_tmp ("dk-bvv-XXXXXX", &error);
  g_autofree char *target = NULL;
  JsonObject *figures;
  JsonObject *missing = json_object_new ();

  g_assert_no_error (error);
  g_assert_true (json_parser_load_from_file (parser, source, &error));
  g_assert_no_error (error);
  figures = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)), "figures");
  json_object_set_boolean_member (missing, "missing", TRUE);
  json_object_set_string_member (missing, "reason", "removed by the test");
  json_object_set_object_member (figures, key, missing);

  target = g_build_filename (dir, "2026-01-01.json", NULL);
  json_generator_set_root (generator, json_parser_get_root (parser));
  g_assert_true (json_generator_to_file (generator, target, &error));
  g_assert_no_error (error);
  return dir;
}

static void
remove_table_dir (const char *dir)
{
  g_autofree char *file = g_build_filename (dir, "2026-01-01.json", NULL);

  g_assert_cmpint (g_unlink (file), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Without the couple maximum the multi-person J falls back to the printed Wht value, which gives the
 * literal §5 vector of bvv-formula.md: single parent at 82,387.09 → 2,466.54 (housing 672.07). */
static void
test_printed_base_rent_fallback (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = table_without ("bvv_cap_couple");
  g_autoptr(DkNormSet) set = dk_norm_set_load_dir (dir, &error);
  const DkNormTable *table;
  g_auto(DkBvvResult) result = { 0 };
  g_auto(DkBvvResult) couple = { 0 };
  DkBvvInput input = input_for (DK_SITUATION_SINGLE_PARENT, 8238709);

  g_assert_no_error (error);
  table = dk_norm_set_get_table (set, 0);
  calculate (table, &input, &result);
  g_assert_cmpint (line (&result, "bvv.housing.base_rent"), ==, 26086);
  g_assert_cmpint (line (&result, "bvv.housing"), ==, 67207);
  g_assert_cmpint (line (&result, "bvv.child"), ==, 33346);
  g_assert_cmpint (line (&result, "bvv.formula"), ==, 246654);
  g_assert_nonnull (strstr (note_of (&result, "bvv.housing.base_rent"), "used as printed"));
  g_assert_nonnull (strstr (note_of (&result, "bvv.housing.base_rent"), "maximum BVV for a married couple without children"));

  /* The couple's own maximum is needed for lid 1, so that calculation refuses. */
  input.situation = DK_SITUATION_COUPLE;
  g_assert_false (dk_bvv_calculate (table, &input, &couple, &error));
  g_assert_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "1 January 2026"));
  g_assert_nonnull (strstr (error->message, "removed by the test"));

  remove_table_dir (dir);
}

static int
compare_gint64 (const void *a,
                const void *b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* More taxable income never lowers the lid 2 result (each term is non-decreasing in C, and rounding
 * preserves that), and the lines always add up. Edges: D, the income points, D + L, the lid 8 points. */
static void
test_monotonic (void)
{
  enum { N_RANDOM = 4000 };
  static const gint64 edges[] = {
    0, 1, 2342499, 2342500, 2342501, 2973499, 2973500, 2973501, 3149999, 3150000, 3150001,
    3914000, 3914001, 5588767, 6488856, 7143927, 8238709, 20000000, DK_BVV_MAX_INPUT,
  };
  const DkNormTable *tables[] = { table_on (1, 1, 2026), table_on (1, 7, 2026) };
  g_autofree gint64 *incomes = g_new (gint64, N_RANDOM + G_N_ELEMENTS (edges));
  gsize n = 0;

  for (gsize i = 0; i < N_RANDOM; i++)
    incomes[n++] = (gint64) g_test_rand_int_range (0, 15000000);
  for (gsize i = 0; i < G_N_ELEMENTS (edges); i++)
    incomes[n++] = edges[i];
  qsort (incomes, n, sizeof (gint64), compare_gint64);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    for (DkSituation s = DK_SITUATION_SINGLE; s <= DK_SITUATION_COUPLE_WITH_CHILDREN; s++)
      {
        gint64 previous_formula = -1;
        gint64 previous_bvv = -1;

        for (gsize i = 0; i < n; i++)
          {
            g_auto(DkBvvResult) result = { 0 };
            DkBvvInput input = input_for (s, incomes[i]);
            gint64 formula;

            calculate (tables[t], &input, &result);
            formula = line (&result, "bvv.formula");
            if (formula < previous_formula || result.bvv < previous_bvv)
              g_error ("%s %s: C = %" G_GINT64_FORMAT " gives %" G_GINT64_FORMAT ", less than %" G_GINT64_FORMAT,
                       dk_norm_table_get_id (tables[t]), dk_situation_to_string (s), incomes[i], formula, previous_formula);
            g_assert_cmpint (formula, ==, formula_terms (&result));
            g_assert_cmpint (formula, >=, line (&result, "bvv.base"));
            g_assert_cmpint (result.bvv, <=, line (&result, "bvv.maximum"));
            previous_formula = formula;
            previous_bvv = result.bvv;
          }
      }
}

static char *
breakdown_json (const DkBvvResult *result)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  dk_breakdown_to_json (result->breakdown, builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static void
test_repeatable (void)
{
  const DkNormTable *table = table_on (1, 7, 2026);
  DkBvvInput input = input_for (DK_SITUATION_COUPLE_WITH_CHILDREN, 6123456);
  g_auto(DkBvvResult) first = { 0 };
  g_auto(DkBvvResult) second = { 0 };
  g_autofree char *first_json = NULL;
  g_autofree char *second_json = NULL;
  g_autofree char *text = NULL;

  input.spouse_unseized_income = 40000;
  input.high_housing_raise = TRUE;
  input.housing_costs = 120000;
  calculate (table, &input, &first);
  calculate (table, &input, &second);
  g_assert_cmpint (first.bvv, ==, second.bvv);
  first_json = breakdown_json (&first);
  second_json = breakdown_json (&second);
  g_assert_cmpstr (first_json, ==, second_json);

  text = dk_breakdown_to_text (first.breakdown);
  g_assert_nonnull (strstr (text, "Rv art. 475da lid 2 onder d"));
}

/* Every norm figure in the breakdown names its source, the table, and how sure it is. */
static void
test_breakdown_sources (void)
{
  g_auto(DkBvvResult) result = { 0 };
  DkBvvInput input = input_for (DK_SITUATION_SINGLE_PARENT, 4000000);

  calculate (table_on (20, 9, 2026), &input, &result);
  g_assert_cmpstr (result.norm_table_id, ==, "2026-07-01");
  g_assert_nonnull (strstr (note_of (&result, "bvv"), "2026-07-01"));

  g_assert_nonnull (strstr (rule_of (&result, "bvv.base.norm"), "Pw art. 21 a"));
  g_assert_nonnull (strstr (note_of (&result, "bvv.base.norm"), "Norm table 2026-07-01; derived"));
  g_assert_nonnull (strstr (note_of (&result, "bvv.health.threshold"), "derived"));
  g_assert_nonnull (strstr (note_of (&result, "bvv.housing.max_rent"), "read in the statute"));
  g_assert_nonnull (strstr (note_of (&result, "bvv.health.maximum.premium"), "secondary source"));
  g_assert_nonnull (strstr (rule_of (&result, "bvv.housing.taper"), "Wht art. 21 lid 2 b"));
  g_assert_nonnull (strstr (rule_of (&result, "bvv.child.taper"), "Wkb art. 2 lid 7"));
  g_assert_nonnull (strstr (rule_of (&result, "bvv.maximum"), "475da lid 1 b"));
  g_assert_nonnull (strstr (note_of (&result, "bvv.housing.i"), "Interpretation"));
  g_assert_nonnull (strstr (rule_of (&result, "bvv.housing.base_rent.from_maximum.maximum"), "475da lid 1 c"));
  g_assert_cmpint (line (&result, "bvv.taxable_income"), ==, 4000000);
  g_assert_cmpint (line (&result, "bvv.health.d"), ==, 2973500);
  g_assert_cmpint (line (&result, "bvv.housing.i"), ==, 4000000 - 3150000);

  /* D = C below the threshold. */
  {
    g_auto(DkBvvResult) low = { 0 };
    DkBvvInput low_input = input_for (DK_SITUATION_SINGLE, 1000000);

    calculate (table_on (20, 9, 2026), &low_input, &low);
    g_assert_cmpint (line (&low, "bvv.health.d"), ==, 1000000);
    g_assert_cmpint (line (&low, "bvv.housing.i"), ==, 0);
  }
}

typedef struct
{
  const char *name;
  gsize       offset;
  gint64      value;
  int         code;
  const char *expected;
} InvalidCase;

static void
test_invalid_input (void)
{
  static const InvalidCase cases[] = {
    { "C", G_STRUCT_OFFSET (DkBvvInput, taxable_income_year), -1, DK_BVV_ERROR_NEGATIVE_INPUT, "The taxable income per year cannot be negative." },
    { "income", G_STRUCT_OFFSET (DkBvvInput, monthly_income), -100, DK_BVV_ERROR_NEGATIVE_INPUT, "The monthly income cannot be negative." },
    { "spouse", G_STRUCT_OFFSET (DkBvvInput, spouse_unseized_income), -1, DK_BVV_ERROR_NEGATIVE_INPUT, "unseized income cannot be negative" },
    { "own", G_STRUCT_OFFSET (DkBvvInput, own_unseized_income), -1, DK_BVV_ERROR_NEGATIVE_INPUT, "own unseized income cannot be negative" },
    { "car", G_STRUCT_OFFSET (DkBvvInput, company_car_tax), -1, DK_BVV_ERROR_NEGATIVE_INPUT, "company car cannot be negative" },
    { "pw32", G_STRUCT_OFFSET (DkBvvInput, pw32_other_income), -1, DK_BVV_ERROR_NEGATIVE_INPUT, "Pw art. 32 cannot be negative" },
    { "housing", G_STRUCT_OFFSET (DkBvvInput, housing_costs), -1, DK_BVV_ERROR_NEGATIVE_INPUT, "housing costs cannot be negative" },
    { "huge C", G_STRUCT_OFFSET (DkBvvInput, taxable_income_year), DK_BVV_MAX_INPUT + 1, DK_BVV_ERROR_INPUT_TOO_LARGE, "larger than the calculation accepts" },
    { "huge costs", G_STRUCT_OFFSET (DkBvvInput, housing_costs), G_MAXINT64, DK_BVV_ERROR_INPUT_TOO_LARGE, "The amount of the housing costs is larger" },
  };
  const DkNormTable *table = table_on (1, 1, 2026);

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      DkBvvResult result = { 0 };
      DkBvvInput input = input_for (DK_SITUATION_COUPLE, 3000000);

      g_test_message ("case %s", cases[i].name);
      G_STRUCT_MEMBER (gint64, &input, cases[i].offset) = cases[i].value;
      g_assert_false (dk_bvv_calculate (table, &input, &result, &error));
      g_assert_error (error, DK_BVV_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].expected));
      g_assert_null (result.breakdown);
      g_assert_cmpint (result.bvv, ==, 0);
    }

  {
    g_autoptr(GError) error = NULL;
    DkBvvResult result = { 0 };
    DkBvvInput input = input_for (DK_SITUATION_SINGLE, 3000000);

    input.spouse_unseized_income = 1;
    g_assert_false (dk_bvv_calculate (table, &input, &result, &error));
    g_assert_error (error, DK_BVV_ERROR, DK_BVV_ERROR_INCONSISTENT_INPUT);
    g_clear_error (&error);

    input.spouse_unseized_income = 0;
    input.situation = (DkSituation) 7;
    g_assert_false (dk_bvv_calculate (table, &input, &result, &error));
    g_assert_error (error, DK_BVV_ERROR, DK_BVV_ERROR_INVALID_SITUATION);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  norms = dk_norm_set_load_builtin (&error);
  g_assert_no_error (error);

  g_test_add_func ("/bvv/d1-benefit-payer", test_d1_benefit_payer);
  g_test_add_func ("/bvv/d2-income-limit", test_d2_income_limit);
  g_test_add_func ("/bvv/d3-deductions", test_d3_deductions);
  g_test_add_func ("/bvv/d4-housing-raise", test_d4_housing_raise);
  g_test_add_func ("/bvv/published-caps", test_published_caps);
  g_test_add_func ("/bvv/derived-vectors", test_derived_vectors);
  g_test_add_func ("/bvv/zero-income", test_zero_income);
  g_test_add_func ("/bvv/before-2026", test_before_2026);
  g_test_add_func ("/bvv/no-home-address", test_no_home_address);
  g_test_add_func ("/bvv/printed-base-rent-fallback", test_printed_base_rent_fallback);
  g_test_add_func ("/bvv/monotonic", test_monotonic);
  g_test_add_func ("/bvv/repeatable", test_repeatable);
  g_test_add_func ("/bvv/breakdown-sources", test_breakdown_sources);
  g_test_add_func ("/bvv/invalid-input", test_invalid_input);

  status = g_test_run ();
  dk_norm_set_unref (norms);
  return status;
}
