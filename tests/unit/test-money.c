#include "config.h"

#include "dk-money.h"
#include <glib.h>
#include <string.h>

__extension__ typedef __int128 Int128;

typedef struct
{
  const char *text;
  gint64 cents;
} ParseCase;

static void
test_parse_valid (void)
{
  static const ParseCase cases[] = {
    { "12", 1200 },
    { "0", 0 },
    { "0,05", 5 },
    { "0,5", 50 },
    { "1234,56", 123456 },
    { "1.234", 123400 },
    { "1.234,5", 123450 },
    { "1.234,56", 123456 },
    { "12.345.678,90", 1234567890 },
    { "€ 1.234,56", 123456 },
    { "€1.234,56", 123456 },
    { "€\xc2\xa0" "1.234,56", 123456 },        /* U+00A0 no-break space */
    { "€\xe2\x80\xaf" "1.234,56", 123456 },    /* U+202F narrow no-break space */
    { "  € 12,00  ", 1200 },
    { "\xc2\xa0" "12,00" "\xc2\xa0", 1200 },
    { "-12,30", -1230 },
    { "€-12,30", -1230 },
    { "€ -12,30", -1230 },
    { "-€ 12,30", -1230 },
    { "-€12,30", -1230 },
    { "€ -1.234,56", -123456 },
    { "-0,01", -1 },
    { "-0", 0 },
    { "007", 700 },
    { "12,-", 1200 },
    { "12,--", 1200 },
    { "€ 1.250,-", 125000 },
    { "92.233.720.368.547.758,07", G_MAXINT64 },
    { "-92.233.720.368.547.758,07", -G_MAXINT64 },
    { "92233720368547758,07", G_MAXINT64 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 cents = -42;

      g_test_message ("parsing \"%s\"", cases[i].text);
      g_assert_true (dk_money_parse (cases[i].text, &cents, &error));
      g_assert_no_error (error);
      g_assert_cmpint (cents, ==, cases[i].cents);
    }
}

typedef struct
{
  const char *text;
  DkMoneyError code;
} ErrorCase;

static void
test_parse_errors (void)
{
  static const ErrorCase cases[] = {
    { "", DK_MONEY_ERROR_EMPTY },
    { "   ", DK_MONEY_ERROR_EMPTY },
    { "\xc2\xa0\t", DK_MONEY_ERROR_EMPTY },
    { "€", DK_MONEY_ERROR_INVALID },
    { "-", DK_MONEY_ERROR_INVALID },
    { "€ -", DK_MONEY_ERROR_INVALID },
    { "abc", DK_MONEY_ERROR_INVALID },
    { "12a", DK_MONEY_ERROR_INVALID },
    { "12.5x", DK_MONEY_ERROR_INVALID },
    { "12 €", DK_MONEY_ERROR_INVALID },
    { "1 234,56", DK_MONEY_ERROR_INVALID },
    { "+12", DK_MONEY_ERROR_INVALID },
    { "--12", DK_MONEY_ERROR_INVALID },
    { "-€-12", DK_MONEY_ERROR_INVALID },
    { "- € 12", DK_MONEY_ERROR_INVALID },
    { "12-", DK_MONEY_ERROR_INVALID },
    { "12,5-", DK_MONEY_ERROR_INVALID },
    { "1e5", DK_MONEY_ERROR_INVALID },
    { "\xff" "12", DK_MONEY_ERROR_INVALID },
    { "12,345", DK_MONEY_ERROR_TOO_MANY_DECIMALS },
    { "0,001", DK_MONEY_ERROR_TOO_MANY_DECIMALS },
    { "1.234,567", DK_MONEY_ERROR_TOO_MANY_DECIMALS },
    { "1.23,45", DK_MONEY_ERROR_MISPLACED_SEPARATOR },
    { "12.5", DK_MONEY_ERROR_MISPLACED_SEPARATOR },
    { "12.50", DK_MONEY_ERROR_MISPLACED_SEPARATOR },
    { "1234.56", DK_MONEY_ERROR_MISPLACED_SEPARATOR },
    { "12.3456", DK_MONEY_ERROR_MISPLACED_SEPARATOR },
    { "12.", DK_MONEY_ERROR_MISPLACED_SEPARATOR },
    { ".50", DK_MONEY_ERROR_MISPLACED_SEPARATOR },
    { ".123", DK_MONEY_ERROR_MISPLACED_SEPARATOR },
    { "1234.567", DK_MONEY_ERROR_MISPLACED_SEPARATOR },
    { "0.123", DK_MONEY_ERROR_MISPLACED_SEPARATOR },
    { "1..234", DK_MONEY_ERROR_MISPLACED_SEPARATOR },
    { "1.234.5", DK_MONEY_ERROR_MISPLACED_SEPARATOR },
    { "1.2345", DK_MONEY_ERROR_MISPLACED_SEPARATOR },
    { "1.234.", DK_MONEY_ERROR_MISPLACED_SEPARATOR },
    { "1,234.56", DK_MONEY_ERROR_MISPLACED_SEPARATOR },
    { "1,2,3", DK_MONEY_ERROR_MISPLACED_SEPARATOR },
    { "12,", DK_MONEY_ERROR_MISPLACED_SEPARATOR },
    { ",50", DK_MONEY_ERROR_MISPLACED_SEPARATOR },
    { "€ ,50", DK_MONEY_ERROR_MISPLACED_SEPARATOR },
    { "92.233.720.368.547.758,08", DK_MONEY_ERROR_OUT_OF_RANGE },
    { "-92.233.720.368.547.758,08", DK_MONEY_ERROR_OUT_OF_RANGE },
    { "92233720368547759", DK_MONEY_ERROR_OUT_OF_RANGE },
    { "99999999999999999999999999999999", DK_MONEY_ERROR_OUT_OF_RANGE },
    /* 2^64 and 2^64 + 1 euro: would wrap around to 0 and 1 euro in 64-bit arithmetic. */
    { "18446744073709551616", DK_MONEY_ERROR_OUT_OF_RANGE },
    { "18.446.744.073.709.551.617,00", DK_MONEY_ERROR_OUT_OF_RANGE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *shown = g_strescape (cases[i].text, NULL);
      gint64 cents = -42;

      /* Escaped: some cases are not UTF-8, and the TAP log must stay readable. */
      g_test_message ("parsing \"%s\"", shown);
      g_assert_false (dk_money_parse (cases[i].text, &cents, &error));
      g_assert_error (error, DK_MONEY_ERROR, (gint) cases[i].code);
      g_assert_nonnull (error->message);
      g_assert_cmpstr (error->message, !=, "");
      g_assert_cmpint (cents, ==, -42);
    }
}

static void
test_parse_messages (void)
{
  g_autoptr(GError) dot_error = NULL;
  g_autoptr(GError) grouping_error = NULL;
  gint64 cents;

  /* A decimal dot gets a message that points to the comma, bad grouping one that explains the dots. */
  g_assert_false (dk_money_parse ("12.5", &cents, &dot_error));
  g_assert_nonnull (strstr (dot_error->message, "comma"));
  g_assert_false (dk_money_parse ("1.23,45", &cents, &grouping_error));
  g_assert_nonnull (strstr (grouping_error->message, "three digits"));
  g_assert_cmpstr (dot_error->message, !=, grouping_error->message);
}

typedef struct
{
  gint64 cents;
  const char *formatted;
  const char *plain;
} FormatCase;

static void
test_format (void)
{
  static const FormatCase cases[] = {
    { 0, "€ 0,00", "0,00" },
    { 1, "€ 0,01", "0,01" },
    { -1, "€ -0,01", "-0,01" },
    { 5, "€ 0,05", "0,05" },
    { 50, "€ 0,50", "0,50" },
    { 100, "€ 1,00", "1,00" },
    { 99999, "€ 999,99", "999,99" },
    { 100000, "€ 1.000,00", "1.000,00" },
    { 123456, "€ 1.234,56", "1.234,56" },
    { -123456, "€ -1.234,56", "-1.234,56" },
    { 1234567890, "€ 12.345.678,90", "12.345.678,90" },
    { 100000000, "€ 1.000.000,00", "1.000.000,00" },
    { G_MAXINT64, "€ 92.233.720.368.547.758,07", "92.233.720.368.547.758,07" },
    { -G_MAXINT64, "€ -92.233.720.368.547.758,07", "-92.233.720.368.547.758,07" },
    { G_MININT64, "€ -92.233.720.368.547.758,08", "-92.233.720.368.547.758,08" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *formatted = dk_money_format (cases[i].cents);
      g_autofree char *plain = dk_money_format_plain (cases[i].cents);

      g_assert_cmpstr (formatted, ==, cases[i].formatted);
      g_assert_cmpstr (plain, ==, cases[i].plain);
    }
}

static void
assert_round_trip (gint64 cents)
{
  g_autofree char *formatted = dk_money_format (cents);
  g_autofree char *plain = dk_money_format_plain (cents);
  g_autoptr(GError) error = NULL;
  gint64 parsed = 0;

  g_assert_true (dk_money_parse (formatted, &parsed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (parsed, ==, cents);

  parsed = 0;
  g_assert_true (dk_money_parse (plain, &parsed, &error));
  g_assert_no_error (error);
  g_assert_cmpint (parsed, ==, cents);
}

static gint64
random_amount (void)
{
  guint64 bits = ((guint64) g_test_rand_int () << 32) | (guint32) g_test_rand_int ();
  /* Vary the magnitude so that short amounts are as well covered as huge ones. */
  guint shift = (guint) g_test_rand_int_range (0, 64);
  gint64 value = (gint64) ((bits >> shift) & (guint64) G_MAXINT64);

  return g_test_rand_bit () ? -value : value;
}

static void
test_round_trip (void)
{
  static const gint64 edges[] = {
    0, 1, -1, 99, 100, 101, -99, -100, 999999, 1000000, G_MAXINT64, G_MAXINT64 - 1,
    -G_MAXINT64, G_MININT64 + 2, G_MAXINT64 / 100, G_MAXINT64 / 100 * 100,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (edges); i++)
    assert_round_trip (edges[i]);
  for (guint i = 0; i < 20000; i++)
    assert_round_trip (random_amount ());
}

static void
test_div_round (void)
{
  g_assert_cmpint (dk_money_div_round (0, 3), ==, 0);
  g_assert_cmpint (dk_money_div_round (1, 2), ==, 1);
  g_assert_cmpint (dk_money_div_round (-1, 2), ==, -1);
  g_assert_cmpint (dk_money_div_round (3, 2), ==, 2);
  g_assert_cmpint (dk_money_div_round (-3, 2), ==, -2);
  g_assert_cmpint (dk_money_div_round (1, 3), ==, 0);
  g_assert_cmpint (dk_money_div_round (2, 3), ==, 1);
  g_assert_cmpint (dk_money_div_round (-2, 3), ==, -1);
  g_assert_cmpint (dk_money_div_round (-1, 3), ==, 0);
  g_assert_cmpint (dk_money_div_round (G_MAXINT64, 1), ==, G_MAXINT64);
  g_assert_cmpint (dk_money_div_round (G_MAXINT64, G_MAXINT64), ==, 1);
  g_assert_cmpint (dk_money_div_round (G_MAXINT64, 2), ==, G_MAXINT64 / 2 + 1);
  g_assert_cmpint (dk_money_div_round (-G_MAXINT64, 2), ==, -(G_MAXINT64 / 2 + 1));
  g_assert_cmpint (dk_money_div_round (G_MININT64, 2), ==, G_MININT64 / 2);
}

static void
test_mul_ratio (void)
{
  g_assert_cmpint (dk_money_mul_ratio (100, 1, 3), ==, 33);
  g_assert_cmpint (dk_money_mul_ratio (100, 2, 3), ==, 67);
  g_assert_cmpint (dk_money_mul_ratio (-100, 2, 3), ==, -67);
  g_assert_cmpint (dk_money_mul_ratio (5, 1, 2), ==, 3);
  g_assert_cmpint (dk_money_mul_ratio (-5, 1, 2), ==, -3);
  g_assert_cmpint (dk_money_mul_ratio (5, -1, 2), ==, -3);
  g_assert_cmpint (dk_money_mul_ratio (12345, 0, 7), ==, 0);
  /* The product does not fit in 64 bits, the result does. */
  g_assert_cmpint (dk_money_mul_ratio (G_MAXINT64, G_MAXINT64, G_MAXINT64), ==, G_MAXINT64);
  g_assert_cmpint (dk_money_mul_ratio (G_MAXINT64, 3, 4), ==, 6917529027641081855);
  g_assert_cmpint (dk_money_mul_ratio (G_MAXINT64 / 3, 3, 1), ==, G_MAXINT64 / 3 * 3);
  g_assert_cmpint (dk_money_mul_ratio (-G_MAXINT64, G_MAXINT64 - 1, G_MAXINT64), ==, -(G_MAXINT64 - 1));
}

static void
test_mul_ratio_overflow (void)
{
  if (g_test_subprocess ())
    {
      gint64 result = dk_money_mul_ratio (G_MAXINT64, 2, 1);

      /* Only reached when criticals are not fatal. */
      g_assert_cmpint (result, ==, G_MAXINT64);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*does not fit*");
}

static void
test_percentage (void)
{
  /* 95 % of tiny amounts: the halves and near-halves. */
  g_assert_cmpint (dk_money_percentage (1, 9500), ==, 1);    /* 0,95 */
  g_assert_cmpint (dk_money_percentage (2, 9500), ==, 2);    /* 1,9 */
  g_assert_cmpint (dk_money_percentage (3, 9500), ==, 3);    /* 2,85 */
  g_assert_cmpint (dk_money_percentage (10, 9500), ==, 10);  /* 9,5: half away from zero */
  g_assert_cmpint (dk_money_percentage (30, 9500), ==, 29);  /* 28,5 */
  g_assert_cmpint (dk_money_percentage (-1, 9500), ==, -1);
  g_assert_cmpint (dk_money_percentage (-3, 9500), ==, -3);
  g_assert_cmpint (dk_money_percentage (-10, 9500), ==, -10);
  g_assert_cmpint (dk_money_percentage (-30, 9500), ==, -29);
  g_assert_cmpint (dk_money_percentage (1, 5000), ==, 1);
  g_assert_cmpint (dk_money_percentage (-1, 5000), ==, -1);
  g_assert_cmpint (dk_money_percentage (1, 4999), ==, 0);
  g_assert_cmpint (dk_money_percentage (-1, 4999), ==, 0);
  g_assert_cmpint (dk_money_percentage (12345, 10000), ==, 12345);
  g_assert_cmpint (dk_money_percentage (12345, 0), ==, 0);
  g_assert_cmpint (dk_money_percentage (100, 20000), ==, 200);
  g_assert_cmpint (dk_money_percentage (G_MAXINT64, 10000), ==, G_MAXINT64);
  g_assert_cmpint (dk_money_percentage (G_MAXINT64, 5000), ==, G_MAXINT64 / 2 + 1);

  /* Norms incl. holiday allowance → excl. (× 0,95), as published (brief, domain.md §0). */
  g_assert_cmpint (dk_money_percentage (136906, 9500), ==, 130061);
  g_assert_cmpint (dk_money_percentage (195580, 9500), ==, 185801);
  g_assert_cmpint (dk_money_percentage (153021, 9500), ==, 145370);
  g_assert_cmpint (dk_money_percentage (209498, 9500), ==, 199023);
  g_assert_cmpint (dk_money_percentage (128383, 9500), ==, 121964);
}

static void
assert_distribution (gint64        total,
                     const gint64 *weights,
                     gsize         n,
                     const gint64 *expected)
{
  g_autofree gint64 *parts = g_new0 (gint64, n);
  g_autoptr(GError) error = NULL;

  g_assert_true (dk_money_distribute (total, weights, n, parts, &error));
  g_assert_no_error (error);
  for (gsize i = 0; i < n; i++)
    g_assert_cmpint (parts[i], ==, expected[i]);
}

static void
test_distribute (void)
{
  {
    const gint64 w[] = { 1, 1, 1 };
    const gint64 e[] = { 34, 33, 33 };
    assert_distribution (100, w, 3, e);
  }
  {
    const gint64 w[] = { 1, 1, 1 };
    const gint64 e[] = { -34, -33, -33 };
    assert_distribution (-100, w, 3, e);
  }
  {
    const gint64 w[] = { 1, 1, 1 };
    const gint64 e[] = { 1, 1, 0 };
    assert_distribution (2, w, 3, e);
  }
  {
    /* 0 weights get nothing, even when there are cents left over. */
    const gint64 w[] = { 0, 1, 0, 1, 1, 0 };
    const gint64 e[] = { 0, 34, 0, 33, 33, 0 };
    assert_distribution (100, w, 6, e);
  }
  {
    const gint64 w[] = { 5 };
    const gint64 e[] = { 12345 };
    assert_distribution (12345, w, 1, e);
  }
  {
    const gint64 w[] = { 7 };
    const gint64 e[] = { -G_MAXINT64 };
    assert_distribution (-G_MAXINT64, w, 1, e);
  }
  {
    /* The larger remainder wins over the lower index: 10 × 2/3 = 6,67 and 10 × 1/3 = 3,33. */
    const gint64 w[] = { 1, 2 };
    const gint64 e[] = { 3, 7 };
    assert_distribution (10, w, 2, e);
  }
  {
    /* Debts of 150, 300 and 550 euro share 100 euro: 15, 30 and 55 exactly. */
    const gint64 w[] = { 15000, 30000, 55000 };
    const gint64 e[] = { 1500, 3000, 5500 };
    assert_distribution (10000, w, 3, e);
  }
  {
    const gint64 w[] = { 3, 3 };
    const gint64 e[] = { 0, 0 };
    assert_distribution (0, w, 2, e);
  }
  {
    /* Near G_MAXINT64 / 2 the products need 128 bits. */
    const gint64 half = G_MAXINT64 / 2;
    const gint64 w[] = { half, half, 1 };
    const gint64 e[] = { half, half, 1 };
    assert_distribution (G_MAXINT64, w, 3, e);
  }
  {
    /* Two exact shares of x,5 cents: the tie goes to the lower index. */
    const gint64 w[] = { 1, 1 };
    const gint64 e[] = { G_MAXINT64 / 4 + 1, G_MAXINT64 / 4 };
    assert_distribution (G_MAXINT64 / 2, w, 2, e);
  }
  {
    const gint64 w[] = { G_MAXINT64, G_MAXINT64, G_MAXINT64 };
    const gint64 e[] = { G_MAXINT64 / 3 + 1, G_MAXINT64 / 3, G_MAXINT64 / 3 };
    assert_distribution (G_MAXINT64, w, 3, e);
  }
}

static void
test_distribute_errors (void)
{
  gint64 parts[3] = { -7, -7, -7 };
  g_autoptr(GError) error = NULL;
  const gint64 negative[] = { 1, -1, 2 };
  const gint64 zeros[] = { 0, 0, 0 };

  g_assert_false (dk_money_distribute (100, negative, 3, parts, &error));
  g_assert_error (error, DK_MONEY_ERROR, DK_MONEY_ERROR_NEGATIVE_WEIGHT);
  g_clear_error (&error);

  g_assert_false (dk_money_distribute (100, zeros, 3, parts, &error));
  g_assert_error (error, DK_MONEY_ERROR, DK_MONEY_ERROR_NO_WEIGHT);
  g_clear_error (&error);

  g_assert_false (dk_money_distribute (100, NULL, 0, NULL, &error));
  g_assert_error (error, DK_MONEY_ERROR, DK_MONEY_ERROR_NO_WEIGHT);

  for (gsize i = 0; i < G_N_ELEMENTS (parts); i++)
    g_assert_cmpint (parts[i], ==, -7);
}

static void
test_distribute_property (void)
{
  for (guint round = 0; round < 5000; round++)
    {
      gsize n = (gsize) g_test_rand_int_range (1, 12);
      g_autofree gint64 *weights = g_new (gint64, n);
      g_autofree gint64 *parts = g_new (gint64, n);
      g_autoptr(GError) error = NULL;
      /* Mix small and huge totals and weights; huge ones exercise the 128-bit path. */
      gboolean huge = g_test_rand_bit ();
      gint64 total = huge ? random_amount () : g_test_rand_int_range (-100000, 100000);
      Int128 weight_sum = 0;
      Int128 sum = 0;

      if (total == G_MININT64)
        total = 0;
      for (gsize i = 0; i < n; i++)
        {
          if (g_test_rand_int_range (0, 5) == 0)
            weights[i] = 0;
          else
            /* Below 2^59, so that the check's part × Σw stays within 128 bits. */
            weights[i] = huge ? (random_amount () & G_MAXINT64) >> 4 : g_test_rand_int_range (0, 1000);
          weight_sum += weights[i];
        }
      if (weight_sum == 0)
        {
          weights[0] = 1;
          weight_sum = 1;
        }

      g_assert_true (dk_money_distribute (total, weights, n, parts, &error));
      g_assert_no_error (error);

      for (gsize i = 0; i < n; i++)
        {
          /* |part × Σw − total × w| < Σw  ⇔  the part is within one cent of the exact share. */
          Int128 deviation = (Int128) parts[i] * weight_sum
                            - (Int128) total * weights[i];

          if (deviation < 0)
            deviation = -deviation;
          g_assert_true (deviation < weight_sum);
          if (weights[i] == 0)
            g_assert_cmpint (parts[i], ==, 0);
          if (total >= 0)
            g_assert_cmpint (parts[i], >=, 0);
          else
            g_assert_cmpint (parts[i], <=, 0);
          sum += parts[i];
        }
      g_assert_true (sum == total);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/parse/valid", test_parse_valid);
  g_test_add_func ("/money/parse/errors", test_parse_errors);
  g_test_add_func ("/money/parse/messages", test_parse_messages);
  g_test_add_func ("/money/format", test_format);
  g_test_add_func ("/money/round-trip", test_round_trip);
  g_test_add_func ("/money/div-round", test_div_round);
  g_test_add_func ("/money/mul-ratio", test_mul_ratio);
  g_test_add_func ("/money/mul-ratio/overflow", test_mul_ratio_overflow);
  g_test_add_func ("/money/percentage", test_percentage);
  g_test_add_func ("/money/distribute", test_distribute);
  g_test_add_func ("/money/distribute/errors", test_distribute_errors);
  g_test_add_func ("/money/distribute/property", test_distribute_property);

  return g_test_run ();
}
