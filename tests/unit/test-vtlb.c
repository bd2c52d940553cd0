#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "dk-money.h"
#include "dk-norms.h"
#include "dk-vtlb.h"

/* The 1 January 2026 norms, domain.md §1.1: 1,401.50 / 2,002.13 below and 1,564.69 / 2,144.16 at
 * pension age. */
#define NORM_SINGLE 140150
#define NORM_COUPLE 200213
#define NORM_SINGLE_PENSION 156469
#define NORM_COUPLE_PENSION 214416

/* D1: 95% × 1,401.50 = 1,331.425 → 1,331.43. */
#define BVV_SINGLE 133143

typedef struct
{
  char      *dir;
  DkNormSet *set;
} Fixture;

/* A table file lists every key; only the assistance norms are given (or left out, to test refusal). */
static void
write_table (const char *dir,
             const char *valid_from,
             gboolean    with_pension_norms)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strconcat (valid_from, ".json", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  const char * const *keys = dk_norms_get_keys ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "valid_from");
  json_builder_add_string_value (builder, valid_from);
  json_builder_set_member_name (builder, "title");
  json_builder_add_string_value (builder, "test table");
  json_builder_set_member_name (builder, "figures");
  json_builder_begin_object (builder);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      gint64 cents = -1;

      if (g_str_equal (keys[i], "assistance_norm_single"))
        cents = NORM_SINGLE;
      else if (g_str_equal (keys[i], "assistance_norm_couple"))
        cents = NORM_COUPLE;
      else if (with_pension_norms && g_str_equal (keys[i], "assistance_norm_single_pension_age"))
        cents = NORM_SINGLE_PENSION;
      else if (with_pension_norms && g_str_equal (keys[i], "assistance_norm_couple_pension_age"))
        cents = NORM_COUPLE_PENSION;

      json_builder_set_member_name (builder, keys[i]);
      json_builder_begin_object (builder);
      if (cents >= 0)
        {
          json_builder_set_member_name (builder, "cents");
          json_builder_add_int_value (builder, cents);
          json_builder_set_member_name (builder, "source");
          json_builder_add_string_value (builder, "test source");
          json_builder_set_member_name (builder, "confidence");
          json_builder_add_string_value (builder, "secondary");
        }
      else
        {
          json_builder_set_member_name (builder, "missing");
          json_builder_add_boolean_value (builder, TRUE);
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, "not in the test table");
        }
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_to_file (generator, path, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("dk-vtlb-XXXXXX", &error);
  g_assert_no_error (error);
  write_table (fixture->dir, "2025-01-01", FALSE);
  write_table (fixture->dir, "2026-01-01", TRUE);
  fixture->set = dk_norm_set_load_dir (fixture->dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->set);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_assert_cmpint (g_unlink (path), ==, 0);
    }
  g_assert_cmpint (g_rmdir (fixture->dir), ==, 0);
  g_free (fixture->dir);
  dk_norm_set_unref (fixture->set);
}

static const DkNormTable *
table_on (Fixture *fixture,
          int      year)
{
  g_autoptr(GError) error = NULL;
  GDate date;
  const DkNormTable *table;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 1, G_DATE_MARCH, year);
  table = dk_norm_set_lookup (fixture->set, &date, &error);
  g_assert_no_error (error);
  return table;
}

static DkBreakdown *
fake_bvv (gint64 cents)
{
  return dk_breakdown_new (DK_BREAKDOWN_MONEY, "bvv", "BVV", cents, "Rv art. 475da");
}

static void
test_plain (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(DkBreakdown) bvv = fake_bvv (BVV_SINGLE);
  g_auto(DkVtlbResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  DkVtlbInput input = { .bvv = BVV_SINGLE, .bvv_breakdown = bvv, .situation = DK_SITUATION_SINGLE };
  DkBreakdown *line;

  g_assert_true (dk_vtlb_calculate (table_on (fixture, 2026), &input, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.vtlb, ==, BVV_SINGLE);
  g_assert_cmpint (result.pension_age_correction, ==, 0);
  g_assert_cmpstr (result.norm_table_id, ==, "2026-01-01");

  g_assert_cmpstr (dk_breakdown_get_id (result.breakdown), ==, "vtlb");
  g_assert_cmpint (dk_breakdown_get_value (result.breakdown), ==, BVV_SINGLE);
  /* The BVV's own explanation is attached, not copied. */
  g_assert_true (dk_breakdown_get_child (result.breakdown, 0) == bvv);
  g_assert_true (dk_breakdown_find (result.breakdown, "bvv") == bvv);

  line = dk_breakdown_find (result.breakdown, "vtlb.individual_costs");
  g_assert_nonnull (line);
  g_assert_cmpint (dk_breakdown_get_value (line), ==, 0);
  g_assert_nonnull (strstr (dk_breakdown_get_note (line), "Not applied"));

  line = dk_breakdown_find (result.breakdown, "vtlb.travel");
  g_assert_nonnull (line);
  g_assert_nonnull (strstr (dk_breakdown_get_note (line), "Nibud"));
  g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (result.breakdown, "vtlb.pension_age")), ==, 0);
  g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (result.breakdown, "vtlb.additions")), ==, 0);
}

static void
test_pension_age_single (Fixture       *fixture,
                         gconstpointer  data)
{
  g_auto(DkVtlbResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  DkVtlbInput input = { .bvv = BVV_SINGLE, .situation = DK_SITUATION_SINGLE, .n_pension_age = 1 };
  DkBreakdown *line;

  g_assert_true (dk_vtlb_calculate (table_on (fixture, 2026), &input, &result, &error));
  g_assert_no_error (error);
  /* 95% × 1,564.69 = 1,486.4555 → 1,486.46; minus 1,331.43 = 155.03. */
  g_assert_cmpint (result.pension_age_correction, ==, 15503);
  g_assert_cmpint (result.vtlb, ==, 148646);
  g_assert_cmpint (result.vtlb, ==, dk_money_mul_ratio (NORM_SINGLE_PENSION, 95, 100));

  line = dk_breakdown_find (result.breakdown, "vtlb.pension_age");
  g_assert_cmpint (dk_breakdown_get_value (line), ==, 15503);
  g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (line, "vtlb.pension_age.norm_pension")), ==, NORM_SINGLE_PENSION);
  g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (line, "vtlb.pension_age.norm_regular")), ==, NORM_SINGLE);
  g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (line, "vtlb.pension_age.base_pension")), ==, 148646);
  g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (line, "vtlb.pension_age.base_regular")), ==, BVV_SINGLE);
  g_assert_cmpstr (dk_breakdown_get_note (dk_breakdown_find (line, "vtlb.pension_age.norm_pension")), ==, "test source");

  /* A single parent has the single norms. */
  input.situation = DK_SITUATION_SINGLE_PARENT;
  dk_vtlb_result_clear (&result);
  g_assert_true (dk_vtlb_calculate (table_on (fixture, 2026), &input, &result, &error));
  g_assert_cmpint (result.pension_age_correction, ==, 15503);
}

static void
test_pension_age_couple (Fixture       *fixture,
                         gconstpointer  data)
{
  for (guint persons = 1; persons <= 2; persons++)
    {
      g_auto(DkVtlbResult) result = { 0 };
      g_autoptr(GError) error = NULL;
      DkVtlbInput input = { .bvv = 190202, .situation = DK_SITUATION_COUPLE_WITH_CHILDREN, .n_pension_age = persons };

      g_assert_true (dk_vtlb_calculate (table_on (fixture, 2026), &input, &result, &error));
      g_assert_no_error (error);
      /* 95% × 2,144.16 = 2,036.952 → 2,036.95; 95% × 2,002.13 = 1,902.0235 → 1,902.02. One couple norm
       * covers one or both partners at pension age. */
      g_assert_cmpint (result.pension_age_correction, ==, 13493);
      g_assert_cmpint (result.vtlb, ==, 190202 + 13493);
      g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (result.breakdown, "vtlb.pension_age.persons")), ==, persons);
    }
}

static void
test_pension_age_errors (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(DkVtlbResult) result = { 0 };
  gint64 cents = -1;
  DkVtlbInput input = { .bvv = 127818, .situation = DK_SITUATION_SINGLE, .n_pension_age = 1 };

  /* The 2025 test table has no pension-age norms: refuse, naming the figure, and leave result alone. */
  g_assert_false (dk_vtlb_calculate (table_on (fixture, 2025), &input, &result, &error));
  g_assert_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "pension age"));
  g_assert_null (result.breakdown);
  g_clear_error (&error);

  /* Nobody at pension age: the missing figure is not needed. */
  input.n_pension_age = 0;
  g_assert_true (dk_vtlb_calculate (table_on (fixture, 2025), &input, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.vtlb, ==, 127818);

  g_assert_false (dk_vtlb_pension_age_correction (table_on (fixture, 2026), DK_SITUATION_SINGLE, 2, &cents, NULL, &error));
  g_assert_error (error, DK_VTLB_ERROR, DK_VTLB_ERROR_INVALID_INPUT);
  g_assert_cmpint (cents, ==, -1);
  g_clear_error (&error);
  g_assert_false (dk_vtlb_pension_age_correction (table_on (fixture, 2026), DK_SITUATION_COUPLE, 3, &cents, NULL, &error));
  g_assert_error (error, DK_VTLB_ERROR, DK_VTLB_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  g_assert_true (dk_vtlb_pension_age_correction (table_on (fixture, 2026), DK_SITUATION_COUPLE, 2, &cents, NULL, &error));
  g_assert_cmpint (cents, ==, 13493);
}

/* The figures built into the program agree with the brief for 1 January 2026. */
static void
test_pension_age_builtin (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkNormSet) set = dk_norm_set_load_builtin (&error);
  g_autoptr(DkBreakdown) line = NULL;
  const DkNormTable *table;
  gint64 cents = 0;
  GDate date;

  g_assert_no_error (error);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, 15, G_DATE_MARCH, 2026);
  table = dk_norm_set_lookup (set, &date, &error);
  g_assert_no_error (error);

  g_assert_true (dk_vtlb_pension_age_correction (table, DK_SITUATION_SINGLE, 1, &cents, &line, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cents, ==, 15503);
  g_assert_cmpstr (dk_breakdown_get_id (line), ==, "vtlb.pension_age");
}

static void
test_individual_costs (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  DkVtlbInput input = { .bvv = BVV_SINGLE, .situation = DK_SITUATION_SINGLE,
                        .individual_costs_compared = TRUE, .individual_costs_correction = -5025 };

  {
    g_auto(DkVtlbResult) result = { 0 };

    g_assert_true (dk_vtlb_calculate (table_on (fixture, 2026), &input, &result, &error));
    g_assert_no_error (error);
    g_assert_cmpint (result.vtlb, ==, BVV_SINGLE - 5025);
    g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (result.breakdown, "vtlb.individual_costs")), ==, -5025);
  }

  input.individual_costs_correction = 7000;
  {
    g_auto(DkVtlbResult) result = { 0 };

    g_assert_true (dk_vtlb_calculate (table_on (fixture, 2026), &input, &result, &error));
    g_assert_cmpint (result.vtlb, ==, BVV_SINGLE + 7000);
  }

  /* Not all three parts compared: the amount is not used, and the breakdown says so. */
  input.individual_costs_compared = FALSE;
  {
    g_auto(DkVtlbResult) result = { 0 };
    DkBreakdown *line;

    g_assert_true (dk_vtlb_calculate (table_on (fixture, 2026), &input, &result, &error));
    g_assert_cmpint (result.vtlb, ==, BVV_SINGLE);
    line = dk_breakdown_find (result.breakdown, "vtlb.individual_costs");
    g_assert_cmpint (dk_breakdown_get_value (line), ==, 0);
    g_assert_nonnull (strstr (dk_breakdown_get_note (line), "not used"));
  }
}

static void
test_travel_and_additions (Fixture       *fixture,
                           gconstpointer  data)
{
  const DkVtlbAddition additions[] = {
    { "childcare", "Childcare", 12000, "Own contribution after childcare benefit, invoice of March" },
    { "school_costs", "School costs", 3050, "Secondary school, two children" },
  };
  g_auto(DkVtlbResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  DkVtlbInput input = { .bvv = BVV_SINGLE, .situation = DK_SITUATION_SINGLE_PARENT, .travel_costs = 4500,
                        .additions = additions, .n_additions = G_N_ELEMENTS (additions) };
  DkBreakdown *line;
  g_autofree char *text = NULL;

  g_assert_true (dk_vtlb_calculate (table_on (fixture, 2026), &input, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (result.vtlb, ==, BVV_SINGLE + 4500 + 12000 + 3050);
  g_assert_cmpint (dk_breakdown_get_value (result.breakdown), ==, result.vtlb);
  g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (result.breakdown, "vtlb.travel")), ==, 4500);

  line = dk_breakdown_find (result.breakdown, "vtlb.additions");
  g_assert_cmpint (dk_breakdown_get_value (line), ==, 15050);
  g_assert_cmpuint (dk_breakdown_get_n_children (line), ==, 2);
  line = dk_breakdown_find (result.breakdown, "vtlb.addition.childcare");
  g_assert_cmpint (dk_breakdown_get_value (line), ==, 12000);
  g_assert_cmpstr (dk_breakdown_get_label (line), ==, "Childcare");
  g_assert_cmpstr (dk_breakdown_get_rule (line), ==, "input");
  g_assert_cmpstr (dk_breakdown_get_note (line), ==, "Own contribution after childcare benefit, invoice of March");

  /* The top-level lines add up to the VTLB. */
  {
    gint64 sum = 0;

    for (guint i = 0; i < dk_breakdown_get_n_children (result.breakdown); i++)
      sum += dk_breakdown_get_value (dk_breakdown_get_child (result.breakdown, i));
    g_assert_cmpint (sum, ==, result.vtlb);
  }

  text = dk_breakdown_to_text (result.breakdown);
  g_assert_nonnull (strstr (text, "School costs: € 30,50 (input)"));
}

static void
test_no_bvv_breakdown (Fixture       *fixture,
                       gconstpointer  data)
{
  g_auto(DkVtlbResult) result = { 0 };
  g_autoptr(GError) error = NULL;
  DkVtlbInput input = { .bvv = 114000, .situation = DK_SITUATION_COUPLE };
  DkBreakdown *line;

  g_assert_true (dk_vtlb_calculate (table_on (fixture, 2026), &input, &result, &error));
  line = dk_breakdown_find (result.breakdown, "vtlb.bvv");
  g_assert_nonnull (line);
  g_assert_cmpint (dk_breakdown_get_value (line), ==, 114000);
  g_assert_cmpstr (dk_breakdown_get_rule (line), ==, "input");
}

static void
expect_invalid (Fixture           *fixture,
                const DkVtlbInput *input,
                gint               code)
{
  g_auto(DkVtlbResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_false (dk_vtlb_calculate (table_on (fixture, 2026), input, &result, &error));
  g_assert_error (error, DK_VTLB_ERROR, code);
  g_assert_null (result.breakdown);
  g_assert_null (result.norm_table_id);
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(DkBreakdown) other_bvv = fake_bvv (100);
  DkVtlbAddition additions[2] = {
    { "childcare", "Childcare", 1000, "reason" },
    { "reserve", "Reserve allowance", 1000, "reason" },
  };
  DkVtlbInput input = { .bvv = BVV_SINGLE, .situation = DK_SITUATION_SINGLE };

  input.bvv = -1;
  expect_invalid (fixture, &input, DK_VTLB_ERROR_INVALID_INPUT);
  input.bvv = BVV_SINGLE;

  input.bvv_breakdown = other_bvv;
  expect_invalid (fixture, &input, DK_VTLB_ERROR_INVALID_INPUT);
  input.bvv_breakdown = NULL;

  input.travel_costs = -1;
  expect_invalid (fixture, &input, DK_VTLB_ERROR_INVALID_INPUT);
  input.travel_costs = 0;

  input.additions = additions;
  input.n_additions = 2;
  additions[1].id = "Reserve";
  expect_invalid (fixture, &input, DK_VTLB_ERROR_INVALID_INPUT);
  additions[1].id = "";
  expect_invalid (fixture, &input, DK_VTLB_ERROR_INVALID_INPUT);
  additions[1].id = NULL;
  expect_invalid (fixture, &input, DK_VTLB_ERROR_INVALID_INPUT);
  additions[1].id = "childcare";
  expect_invalid (fixture, &input, DK_VTLB_ERROR_INVALID_INPUT);
  additions[1].id = "reserve";
  additions[1].reason = "";
  expect_invalid (fixture, &input, DK_VTLB_ERROR_INVALID_INPUT);
  additions[1].reason = "reason";
  additions[1].label = NULL;
  expect_invalid (fixture, &input, DK_VTLB_ERROR_INVALID_INPUT);
  additions[1].label = "Reserve allowance";
  additions[1].amount = -1;
  expect_invalid (fixture, &input, DK_VTLB_ERROR_INVALID_INPUT);
  additions[1].amount = 1000;
  input.additions = NULL;
  expect_invalid (fixture, &input, DK_VTLB_ERROR_INVALID_INPUT);
  input.additions = additions;

  /* A negative correction larger than everything else. */
  input.individual_costs_compared = TRUE;
  input.individual_costs_correction = -(BVV_SINGLE + 2001);
  expect_invalid (fixture, &input, DK_VTLB_ERROR_INVALID_INPUT);
  input.individual_costs_correction = 0;

  /* Sums beyond the range of money. */
  input.bvv = G_MAXINT64 - 500;
  expect_invalid (fixture, &input, DK_VTLB_ERROR_OUT_OF_RANGE);
  input.bvv = BVV_SINGLE;
  additions[0].amount = G_MAXINT64;
  expect_invalid (fixture, &input, DK_VTLB_ERROR_OUT_OF_RANGE);
}

static void
test_partner_split (void)
{
  g_autoptr(GError) error = NULL;

  {
    /* D6: 900 over 2,000 / 1,000. */
    g_auto(DkVtlbCostSplit) split = { 0 };

    g_assert_true (dk_vtlb_split_shared_cost (90000, 200000, 100000, &split, &error));
    g_assert_no_error (error);
    g_assert_cmpint (split.debtor_share, ==, 60000);
    g_assert_cmpint (split.partner_share, ==, 30000);
    g_assert_cmpstr (dk_breakdown_get_id (split.breakdown), ==, "vtlb.partner_split");
    g_assert_nonnull (strstr (dk_breakdown_get_note (split.breakdown), "practice"));
    g_assert_nonnull (strstr (dk_breakdown_get_rule (split.breakdown), "NVVK"));
    g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (split.breakdown, "vtlb.partner_split.debtor")), ==, 60000);
    g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (split.breakdown, "vtlb.partner_split.partner")), ==, 30000);
  }
  {
    /* Equal incomes: half each; the odd cent goes to the debtor. */
    g_auto(DkVtlbCostSplit) split = { 0 };

    g_assert_true (dk_vtlb_split_shared_cost (90001, 150000, 150000, &split, &error));
    g_assert_cmpint (split.debtor_share, ==, 45001);
    g_assert_cmpint (split.partner_share, ==, 45000);
  }
  {
    g_auto(DkVtlbCostSplit) split = { 0 };

    g_assert_true (dk_vtlb_split_shared_cost (90000, 0, 0, &split, &error));
    g_assert_cmpint (split.debtor_share, ==, 45000);
    g_assert_cmpint (split.partner_share, ==, 45000);
  }
  {
    /* A partner without income carries nothing. */
    g_auto(DkVtlbCostSplit) split = { 0 };

    g_assert_true (dk_vtlb_split_shared_cost (90000, 180000, 0, &split, &error));
    g_assert_cmpint (split.debtor_share, ==, 90000);
    g_assert_cmpint (split.partner_share, ==, 0);
  }
  {
    /* 100 cents over incomes 1 : 2 : exact shares 33.33 / 66.67. */
    g_auto(DkVtlbCostSplit) split = { 0 };

    g_assert_true (dk_vtlb_split_shared_cost (100, 100000, 200000, &split, &error));
    g_assert_cmpint (split.debtor_share, ==, 33);
    g_assert_cmpint (split.partner_share, ==, 67);
  }
  {
    g_auto(DkVtlbCostSplit) split = { 0 };

    g_assert_false (dk_vtlb_split_shared_cost (-1, 1, 1, &split, &error));
    g_assert_error (error, DK_VTLB_ERROR, DK_VTLB_ERROR_INVALID_INPUT);
    g_clear_error (&error);
    g_assert_false (dk_vtlb_split_shared_cost (100, -1, 1, &split, &error));
    g_assert_error (error, DK_VTLB_ERROR, DK_VTLB_ERROR_INVALID_INPUT);
    g_clear_error (&error);
    g_assert_false (dk_vtlb_split_shared_cost (100, 1, -1, &split, &error));
    g_assert_error (error, DK_VTLB_ERROR, DK_VTLB_ERROR_INVALID_INPUT);
    g_assert_null (split.breakdown);
  }
}

static void
test_partner_split_property (void)
{
  for (guint round = 0; round < 5000; round++)
    {
      g_auto(DkVtlbCostSplit) split = { 0 };
      g_autoptr(GError) error = NULL;
      gint64 cost = g_test_rand_int_range (0, 500000);
      gint64 a = g_test_rand_int_range (0, 800000);
      gint64 b = g_test_rand_int_range (0, 800000);
      gint64 exact_num;

      g_assert_true (dk_vtlb_split_shared_cost (cost, a, b, &split, &error));
      g_assert_no_error (error);
      g_assert_cmpint (split.debtor_share + split.partner_share, ==, cost);
      g_assert_cmpint (split.debtor_share, >=, 0);
      g_assert_cmpint (split.partner_share, >=, 0);
      if (a + b > 0)
        {
          /* Within one cent of the exact share cost × a / (a + b). */
          exact_num = cost * a;
          g_assert_cmpint (ABS (split.debtor_share * (a + b) - exact_num), <, a + b);
        }
      if (a == b)
        g_assert_cmpint (split.debtor_share - split.partner_share, <=, 1);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/vtlb/plain", Fixture, NULL, fixture_set_up, test_plain, fixture_tear_down);
  g_test_add ("/vtlb/pension-age/single", Fixture, NULL, fixture_set_up, test_pension_age_single, fixture_tear_down);
  g_test_add ("/vtlb/pension-age/couple", Fixture, NULL, fixture_set_up, test_pension_age_couple, fixture_tear_down);
  g_test_add ("/vtlb/pension-age/errors", Fixture, NULL, fixture_set_up, test_pension_age_errors, fixture_tear_down);
  g_test_add_func ("/vtlb/pension-age/builtin", test_pension_age_builtin);
  g_test_add ("/vtlb/individual-costs", Fixture, NULL, fixture_set_up, test_individual_costs, fixture_tear_down);
  g_test_add ("/vtlb/travel-and-additions", Fixture, NULL, fixture_set_up, test_travel_and_additions, fixture_tear_down);
  g_test_add ("/vtlb/no-bvv-breakdown", Fixture, NULL, fixture_set_up, test_no_bvv_breakdown, fixture_tear_down);
  g_test_add ("/vtlb/errors", Fixture, NULL, fixture_set_up, test_errors, fixture_tear_down);
  g_test_add_func ("/vtlb/partner-split", test_partner_split);
  g_test_add_func ("/vtlb/partner-split/property", test_partner_split_property);

  return g_test_run ();
}
