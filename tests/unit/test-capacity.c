#include "config.h"

#include <string.h>

#include "dk-capacity.h"

static GDate *
date_new (int day,
          int month,
          int year)
{
  return g_date_new_dmy (day, month, year);
}

static void
test_published (void)
{
  g_autoptr(GDate) date = date_new (1, 3, 2026);
  g_autoptr(GError) error = NULL;

  {
    /* P1: 1,100 − 900 = 200. */
    g_auto(DkCapacityResult) result = { 0 };

    g_assert_true (dk_capacity_calculate (110000, 90000, NULL, date, &result, &error));
    g_assert_no_error (error);
    g_assert_cmpint (result.capacity, ==, 20000);
    g_assert_false (result.zero_offer);
    g_assert_cmpstr (dk_breakdown_get_id (result.breakdown), ==, "capacity");
    g_assert_cmpint (dk_breakdown_get_value (result.breakdown), ==, 20000);
    g_assert_null (dk_breakdown_find (result.breakdown, "capacity.zero_offer"));
    g_assert_null (dk_breakdown_get_note (result.breakdown));
  }
  {
    /* P2: 1,500 − 1,300 = 200 transferred to the estate. */
    g_auto(DkCapacityResult) result = { 0 };

    g_assert_true (dk_capacity_calculate (150000, 130000, NULL, date, &result, &error));
    g_assert_cmpint (result.capacity, ==, 20000);
    g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (result.breakdown, "capacity.income")), ==, 150000);
    g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (result.breakdown, "capacity.vtlb")), ==, 130000);
    g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (result.breakdown, "capacity.difference")), ==, 20000);
  }
}

static void
test_zero_offer (void)
{
  g_autoptr(GDate) date = date_new (1, 9, 2025);
  g_autoptr(GError) error = NULL;

  {
    /* D7: 1,250 − 1,300 → 0, a zero offer. */
    g_auto(DkCapacityResult) result = { 0 };
    DkBreakdown *line;

    g_assert_true (dk_capacity_calculate (125000, 130000, NULL, date, &result, &error));
    g_assert_no_error (error);
    g_assert_cmpint (result.capacity, ==, 0);
    g_assert_true (result.zero_offer);
    g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (result.breakdown, "capacity.difference")), ==, -5000);
    line = dk_breakdown_find (result.breakdown, "capacity.zero_offer");
    g_assert_nonnull (line);
    g_assert_cmpint (dk_breakdown_get_kind (line), ==, DK_BREAKDOWN_TEXT);
    g_assert_nonnull (strstr (dk_breakdown_get_rule (line), "1 July 2024"));
  }
  {
    /* Income exactly at the VTLB. */
    g_auto(DkCapacityResult) result = { 0 };

    g_assert_true (dk_capacity_calculate (130000, 130000, NULL, date, &result, &error));
    g_assert_cmpint (result.capacity, ==, 0);
    g_assert_true (result.zero_offer);
  }
  {
    /* One cent above it. */
    g_auto(DkCapacityResult) result = { 0 };

    g_assert_true (dk_capacity_calculate (130001, 130000, NULL, date, &result, &error));
    g_assert_cmpint (result.capacity, ==, 1);
    g_assert_false (result.zero_offer);
  }
}

static void
test_date_note (void)
{
  struct { int day, month, year; gboolean note; } cases[] = {
    { 30, 6, 2024, TRUE },
    { 1, 1, 2021, TRUE },
    { 1, 7, 2024, FALSE },
    { 2, 7, 2024, FALSE },
    { 1, 1, 2027, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDate) date = date_new (cases[i].day, cases[i].month, cases[i].year);
      g_auto(DkCapacityResult) result = { 0 };
      g_autoptr(GError) error = NULL;
      const char *note;

      /* The floor applies for every date. */
      g_assert_true (dk_capacity_calculate (120000, 130000, NULL, date, &result, &error));
      g_assert_cmpint (result.capacity, ==, 0);
      note = dk_breakdown_get_note (result.breakdown);
      if (cases[i].note)
        g_assert_nonnull (strstr (note, "1 July 2024"));
      else
        g_assert_null (note);
    }
}

static void
test_vtlb_breakdown (void)
{
  g_autoptr(GDate) date = date_new (1, 3, 2026);
  g_autoptr(DkBreakdown) vtlb = dk_breakdown_new (DK_BREAKDOWN_MONEY, "vtlb", "VTLB", 90000, NULL);
  g_auto(DkCapacityResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_true (dk_capacity_calculate (110000, 90000, vtlb, date, &result, &error));
  g_assert_true (dk_breakdown_find (result.breakdown, "vtlb") == vtlb);
  g_assert_null (dk_breakdown_find (result.breakdown, "capacity.vtlb"));

  dk_capacity_result_clear (&result);
  g_assert_false (dk_capacity_calculate (110000, 90001, vtlb, date, &result, &error));
  g_assert_error (error, DK_CAPACITY_ERROR, DK_CAPACITY_ERROR_INVALID_INPUT);
  g_assert_null (result.breakdown);
}

static void
test_errors (void)
{
  g_autoptr(GDate) date = date_new (1, 3, 2026);
  g_auto(DkCapacityResult) result = { 0 };
  g_autoptr(GError) error = NULL;

  g_assert_false (dk_capacity_calculate (-1, 90000, NULL, date, &result, &error));
  g_assert_error (error, DK_CAPACITY_ERROR, DK_CAPACITY_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_false (dk_capacity_calculate (100, -1, NULL, date, &result, &error));
  g_assert_error (error, DK_CAPACITY_ERROR, DK_CAPACITY_ERROR_INVALID_INPUT);
  g_assert_null (result.breakdown);
  g_assert_cmpint (result.capacity, ==, 0);

  /* Extremes do not overflow. */
  g_clear_error (&error);
  g_assert_true (dk_capacity_calculate (0, G_MAXINT64, NULL, date, &result, &error));
  g_assert_cmpint (result.capacity, ==, 0);
  dk_capacity_result_clear (&result);
  g_assert_true (dk_capacity_calculate (G_MAXINT64, 0, NULL, date, &result, &error));
  g_assert_cmpint (result.capacity, ==, G_MAXINT64);
}

static void
test_split (void)
{
  g_autoptr(GError) error = NULL;

  {
    /* Pro rata to net income, like D6. */
    g_auto(DkCapacitySplit) split = { 0 };

    g_assert_true (dk_capacity_split (30000, 200000, 100000, &split, &error));
    g_assert_no_error (error);
    g_assert_cmpint (split.share_a, ==, 20000);
    g_assert_cmpint (split.share_b, ==, 10000);
    g_assert_cmpstr (dk_breakdown_get_id (split.breakdown), ==, "capacity.partner_split");
    g_assert_nonnull (strstr (dk_breakdown_get_rule (split.breakdown), "policy"));
    g_assert_nonnull (strstr (dk_breakdown_get_rule (split.breakdown), "no published rule"));
    g_assert_nonnull (strstr (dk_breakdown_get_note (split.breakdown), "best-known approximation"));
    g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (split.breakdown, "capacity.partner_split.a")), ==, 20000);
    g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (split.breakdown, "capacity.partner_split.b")), ==, 10000);
  }
  {
    g_auto(DkCapacitySplit) split = { 0 };

    g_assert_true (dk_capacity_split (10001, 150000, 150000, &split, &error));
    g_assert_cmpint (split.share_a, ==, 5001);
    g_assert_cmpint (split.share_b, ==, 5000);
  }
  {
    g_auto(DkCapacitySplit) split = { 0 };

    g_assert_true (dk_capacity_split (0, 150000, 90000, &split, &error));
    g_assert_cmpint (split.share_a, ==, 0);
    g_assert_cmpint (split.share_b, ==, 0);
  }
  {
    g_auto(DkCapacitySplit) split = { 0 };

    g_assert_true (dk_capacity_split (5000, 0, 0, &split, &error));
    g_assert_cmpint (split.share_a, ==, 2500);
    g_assert_cmpint (split.share_b, ==, 2500);
  }
  {
    g_auto(DkCapacitySplit) split = { 0 };

    g_assert_false (dk_capacity_split (-1, 1, 1, &split, &error));
    g_assert_error (error, DK_CAPACITY_ERROR, DK_CAPACITY_ERROR_INVALID_INPUT);
    g_clear_error (&error);
    g_assert_false (dk_capacity_split (100, 1, -1, &split, &error));
    g_assert_error (error, DK_CAPACITY_ERROR, DK_CAPACITY_ERROR_INVALID_INPUT);
    g_assert_null (split.breakdown);
  }
}

/* Generated households: capacity is never negative, equals max(0, income − VTLB), more income never
 * lowers it, a split adds up, and a second run gives the same explanation. */
static void
test_property (void)
{
  g_autoptr(GDate) date = date_new (1, 3, 2026);

  for (guint round = 0; round < 5000; round++)
    {
      gint64 income = g_test_rand_int_range (0, 1000000);
      gint64 more = income + g_test_rand_int_range (0, 200000);
      gint64 vtlb = g_test_rand_int_range (0, 600000);
      gint64 other = g_test_rand_int_range (0, 500000);
      g_auto(DkCapacityResult) first = { 0 };
      g_auto(DkCapacityResult) again = { 0 };
      g_auto(DkCapacityResult) richer = { 0 };
      g_auto(DkCapacitySplit) split = { 0 };
      g_autoptr(GError) error = NULL;
      g_autofree char *text_first = NULL;
      g_autofree char *text_again = NULL;

      g_assert_true (dk_capacity_calculate (income, vtlb, NULL, date, &first, &error));
      g_assert_true (dk_capacity_calculate (income, vtlb, NULL, date, &again, &error));
      g_assert_true (dk_capacity_calculate (more, vtlb, NULL, date, &richer, &error));
      g_assert_no_error (error);

      g_assert_cmpint (first.capacity, >=, 0);
      g_assert_cmpint (first.capacity, ==, MAX (income - vtlb, 0));
      g_assert_cmpint (first.zero_offer, ==, first.capacity == 0);
      g_assert_cmpint (richer.capacity, >=, first.capacity);

      g_assert_cmpint (again.capacity, ==, first.capacity);
      text_first = dk_breakdown_to_text (first.breakdown);
      text_again = dk_breakdown_to_text (again.breakdown);
      g_assert_cmpstr (text_first, ==, text_again);

      g_assert_true (dk_capacity_split (first.capacity, income, other, &split, &error));
      g_assert_cmpint (split.share_a + split.share_b, ==, first.capacity);
      g_assert_cmpint (split.share_a, >=, 0);
      g_assert_cmpint (split.share_b, >=, 0);
      if (income + other > 0)
        g_assert_cmpint (ABS (split.share_a * (income + other) - first.capacity * income), <, income + other);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/capacity/published", test_published);
  g_test_add_func ("/capacity/zero-offer", test_zero_offer);
  g_test_add_func ("/capacity/date-note", test_date_note);
  g_test_add_func ("/capacity/vtlb-breakdown", test_vtlb_breakdown);
  g_test_add_func ("/capacity/errors", test_errors);
  g_test_add_func ("/capacity/split", test_split);
  g_test_add_func ("/capacity/property", test_property);

  return g_test_run ();
}
