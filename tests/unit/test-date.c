#include "config.h"

#include "dk-date.h"
#include <glib.h>
#include <string.h>

static GDate *
make_date (guint year,
           guint month,
           guint day)
{
  return g_date_new_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year);
}

static void
assert_date (const GDate *date,
             const char  *iso)
{
  g_autofree char *formatted = dk_date_format_iso (date);

  g_assert_cmpstr (formatted, ==, iso);
}

static void
test_easter (void)
{
  static const struct
  {
    guint year;
    const char *easter;
  } cases[] = {
    { 1818, "1818-03-22" }, /* earliest possible date */
    { 1943, "1943-04-25" }, /* latest possible date */
    { 1954, "1954-04-18" },
    { 2000, "2000-04-23" },
    { 2008, "2008-03-23" },
    { 2011, "2011-04-24" },
    { 2016, "2016-03-27" },
    { 2019, "2019-04-21" },
    { 2024, "2024-03-31" },
    { 2025, "2025-04-20" },
    { 2026, "2026-04-05" },
    { 2027, "2027-03-28" },
    { 2038, "2038-04-25" },
    { 2285, "2285-03-22" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      GDate easter;

      dk_date_easter_sunday ((GDateYear) cases[i].year, &easter);
      assert_date (&easter, cases[i].easter);
    }
}

static void
test_easter_always_sunday_in_range (void)
{
  for (guint year = 1583; year <= 9999; year++)
    {
      GDate easter;
      g_autoptr(GDate) earliest = make_date (year, 3, 22);
      g_autoptr(GDate) latest = make_date (year, 4, 25);

      dk_date_easter_sunday ((GDateYear) year, &easter);
      g_assert_cmpint (g_date_get_weekday (&easter), ==, G_DATE_SUNDAY);
      g_assert_cmpint (g_date_compare (&easter, earliest), >=, 0);
      g_assert_cmpint (g_date_compare (&easter, latest), <=, 0);
    }
}

static void
assert_holiday (guint       year,
                guint       month,
                guint       day,
                const char *name)
{
  g_autoptr(GDate) date = make_date (year, month, day);

  g_test_message ("%04u-%02u-%02u", year, month, day);
  g_assert_cmpstr (dk_date_public_holiday_name (date), ==, name);
  g_assert_true (dk_date_is_public_holiday (date) == (name != NULL));
  if (name != NULL)
    g_assert_false (dk_date_is_working_day (date));
}

static void
test_holidays_2026 (void)
{
  assert_holiday (2026, 1, 1, "New Year's Day");
  assert_holiday (2026, 4, 3, NULL);              /* Good Friday is not in the Algemene termijnenwet */
  assert_holiday (2026, 4, 5, NULL);              /* Easter Sunday: a Sunday, but not a listed holiday */
  assert_holiday (2026, 4, 6, "Easter Monday");
  assert_holiday (2026, 4, 27, "King's Day");
  assert_holiday (2026, 5, 5, "Liberation Day");
  assert_holiday (2026, 5, 14, "Ascension Day");
  assert_holiday (2026, 5, 24, NULL);             /* Whit Sunday */
  assert_holiday (2026, 5, 25, "Whit Monday");
  assert_holiday (2026, 12, 25, "Christmas Day");
  assert_holiday (2026, 12, 26, "Boxing Day");
  assert_holiday (2026, 12, 31, NULL);
  assert_holiday (2026, 1, 2, NULL);
  assert_holiday (2026, 4, 26, NULL);

  {
    g_autoptr(GDate) good_friday = make_date (2026, 4, 3);
    g_assert_true (dk_date_is_working_day (good_friday));
  }
}

static void
test_kings_day (void)
{
  /* 27 April 2025 is a Sunday: King's Day moves to Saturday 26 April. */
  assert_holiday (2025, 4, 26, "King's Day");
  assert_holiday (2025, 4, 27, NULL);
  /* The first King's Day, 2014, was moved as well. */
  assert_holiday (2014, 4, 26, "King's Day");
  assert_holiday (2014, 4, 27, NULL);
  assert_holiday (2014, 4, 30, NULL);
  assert_holiday (2024, 4, 27, "King's Day");
  assert_holiday (2024, 4, 26, NULL);
  /* Queen's Day before 2014: 30 April, 29 April when the 30th was a Sunday (2006). */
  assert_holiday (2013, 4, 30, "Queen's Day");
  assert_holiday (2013, 4, 27, NULL);
  assert_holiday (2006, 4, 29, "Queen's Day");
  assert_holiday (2006, 4, 30, NULL);
}

static void
test_coinciding_holidays (void)
{
  /* 2016: Ascension Day fell on 5 May. */
  assert_holiday (2016, 5, 5, "Ascension Day");
  /* 2011: Easter Monday 25 April, Queen's Day 30 April; 2038: Easter Monday 26 April, King's Day 27. */
  assert_holiday (2011, 4, 25, "Easter Monday");
  assert_holiday (2038, 4, 26, "Easter Monday");
  assert_holiday (2038, 4, 27, "King's Day");
}

static guint
count_days (guint year,
            gboolean (*predicate) (const GDate *))
{
  g_autoptr(GDate) date = make_date (year, 1, 1);
  guint count = 0;

  while (g_date_get_year (date) == year)
    {
      if (predicate (date))
        count++;
      g_date_add_days (date, 1);
    }
  return count;
}

static void
test_counts_per_year (void)
{
  g_assert_cmpuint (count_days (2026, dk_date_is_public_holiday), ==, 8);
  g_assert_cmpuint (count_days (2016, dk_date_is_public_holiday), ==, 7);
  /* 2026: 261 weekdays, of which 7 are holidays (26 December is a Saturday). */
  g_assert_cmpuint (count_days (2026, dk_date_is_working_day), ==, 254);
}

static void
test_leap_days (void)
{
  static const struct
  {
    const char *text;
    gboolean valid;
  } cases[] = {
    { "29-02-2024", TRUE },
    { "29-02-2000", TRUE },   /* divisible by 400 */
    { "29-02-2400", TRUE },
    { "29-02-2025", FALSE },
    { "29-02-1900", FALSE },  /* divisible by 100, not by 400 */
    { "29-02-2100", FALSE },
    { "2026-02-29", FALSE },
    { "2028-02-29", TRUE },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate date;

      g_test_message ("%s", cases[i].text);
      g_assert_true (dk_date_parse (cases[i].text, &date, &error) == cases[i].valid);
      if (cases[i].valid)
        g_assert_no_error (error);
      else
        g_assert_error (error, DK_DATE_ERROR, DK_DATE_ERROR_NOT_LEAP_YEAR);
    }

  {
    g_autoptr(GError) error = NULL;
    GDate date;

    g_assert_false (dk_date_parse ("29-02-2025", &date, &error));
    g_assert_cmpstr (error->message, ==, "29 February 2025 does not exist: 2025 is not a leap year.");
  }
}

static void
assert_add_working_days (const char *start,
                         guint       n,
                         const char *expected)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  g_assert_true (dk_date_parse (start, &date, &error));
  dk_date_add_working_days (&date, n);
  assert_date (&date, expected);
}

static void
test_add_working_days (void)
{
  assert_add_working_days ("2026-01-09", 1, "2026-01-12");   /* Friday + 1 → Monday */
  assert_add_working_days ("2026-01-09", 0, "2026-01-09");
  assert_add_working_days ("2026-01-10", 0, "2026-01-10");   /* n == 0 leaves even a Saturday */
  assert_add_working_days ("2026-01-05", 4, "2026-01-09");
  assert_add_working_days ("2026-01-05", 5, "2026-01-12");
  /* Christmas and New Year. */
  assert_add_working_days ("2026-12-24", 1, "2026-12-28");
  assert_add_working_days ("2026-12-24", 3, "2026-12-30");
  assert_add_working_days ("2026-12-30", 2, "2027-01-04");
  assert_add_working_days ("2026-12-25", 1, "2026-12-28");   /* starting on a holiday */
  /* Easter 2026: Good Friday counts, Easter Monday does not. */
  assert_add_working_days ("2026-04-02", 1, "2026-04-03");
  assert_add_working_days ("2026-04-02", 2, "2026-04-07");
  assert_add_working_days ("2026-04-03", 3, "2026-04-09");
  /* Crisis intake within 3 working days, reported on the Friday before King's Day 2026. */
  assert_add_working_days ("2026-04-24", 3, "2026-04-30");
  /* Ascension Day and the Friday after it. */
  assert_add_working_days ("2026-05-13", 1, "2026-05-15");
  /* All 254 working days of 2026 after New Year's Day end on 31 December. */
  assert_add_working_days ("2026-01-01", 254, "2026-12-31");
  assert_add_working_days ("2026-01-01", 255, "2027-01-04");
  /* Energy suppliers' 20-working-day notice. */
  assert_add_working_days ("2026-04-20", 20, "2026-05-21");
}

static void
test_add_weeks (void)
{
  g_autoptr(GDate) date = make_date (2026, 12, 28);

  dk_date_add_weeks (date, 1);
  assert_date (date, "2027-01-04");
  dk_date_add_weeks (date, 0);
  assert_date (date, "2027-01-04");
  dk_date_add_weeks (date, 52);
  assert_date (date, "2028-01-03");

  g_date_set_dmy (date, 31, 12, 2024);
  dk_date_add_weeks (date, 9);
  assert_date (date, "2025-03-04");

  g_date_set_dmy (date, 22, 2, 2024);
  dk_date_add_weeks (date, 1);
  assert_date (date, "2024-02-29");
}

static void
assert_next_working_day (const char *start,
                         const char *expected)
{
  GDate date;

  g_assert_true (dk_date_parse (start, &date, NULL));
  dk_date_next_working_day_on_or_after (&date);
  assert_date (&date, expected);
}

static void
test_next_working_day (void)
{
  assert_next_working_day ("2026-12-24", "2026-12-24");   /* a working day stays */
  assert_next_working_day ("2026-12-25", "2026-12-28");
  assert_next_working_day ("2026-12-26", "2026-12-28");
  assert_next_working_day ("2026-04-04", "2026-04-07");   /* Saturday before Easter Monday */
  assert_next_working_day ("2026-04-27", "2026-04-28");   /* King's Day on a Monday */
  assert_next_working_day ("2027-01-01", "2027-01-04");
  assert_next_working_day ("2026-01-11", "2026-01-12");   /* Sunday */
}

static void
test_parse_valid (void)
{
  static const struct
  {
    const char *text;
    const char *iso;
  } cases[] = {
    { "2026-02-28", "2026-02-28" },
    { "28-02-2026", "2026-02-28" },
    { "28-2-2026", "2026-02-28" },
    { "8-2-2026", "2026-02-08" },
    { "08-02-2026", "2026-02-08" },
    { "28/02/2026", "2026-02-28" },
    { "28.02.2026", "2026-02-28" },
    { "  2026-02-28\n", "2026-02-28" },
    { "2026-2-8", "2026-02-08" },
    { "31-12-9999", "9999-12-31" },
    { "01-01-0001", "0001-01-01" },
    { "31-01-2026", "2026-01-31" },
    { "30-04-2026", "2026-04-30" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate date;

      g_test_message ("%s", cases[i].text);
      g_assert_true (dk_date_parse (cases[i].text, &date, &error));
      g_assert_no_error (error);
      assert_date (&date, cases[i].iso);
    }
}

static void
test_parse_errors (void)
{
  static const struct
  {
    const char *text;
    DkDateError code;
    const char *message; /* NULL: not checked */
  } cases[] = {
    { "", DK_DATE_ERROR_EMPTY, "The date is empty." },
    { "  \t", DK_DATE_ERROR_EMPTY, NULL },
    { "garbage", DK_DATE_ERROR_INVALID_FORMAT, NULL },
    { "28 februari 2026", DK_DATE_ERROR_INVALID_FORMAT, NULL },
    { "2026/02/28", DK_DATE_ERROR_INVALID_FORMAT, NULL },
    { "28-02/2026", DK_DATE_ERROR_INVALID_FORMAT, NULL },
    { "28--2026", DK_DATE_ERROR_INVALID_FORMAT, NULL },
    { "28-02-2026x", DK_DATE_ERROR_INVALID_FORMAT, NULL },
    { "28-02-2026-", DK_DATE_ERROR_INVALID_FORMAT, NULL },
    { "-28-02-2026", DK_DATE_ERROR_INVALID_FORMAT, NULL },
    { "2026-02-281", DK_DATE_ERROR_INVALID_FORMAT, NULL },
    { "1-1-12345", DK_DATE_ERROR_INVALID_FORMAT, NULL },
    { "128-02-2026", DK_DATE_ERROR_INVALID_FORMAT, NULL },
    { "2026-02", DK_DATE_ERROR_INVALID_FORMAT, NULL },
    { "28022026", DK_DATE_ERROR_INVALID_FORMAT, NULL },
    { "28-2-26", DK_DATE_ERROR_INVALID_YEAR, "Write the year with four digits, as in 28-02-2026." },
    { "01-01-0000", DK_DATE_ERROR_INVALID_YEAR, NULL },
    { "01-13-2026", DK_DATE_ERROR_INVALID_MONTH, "There is no month 13: months run from 1 to 12." },
    { "2026-13-01", DK_DATE_ERROR_INVALID_MONTH, NULL },
    { "2026-00-10", DK_DATE_ERROR_INVALID_MONTH, NULL },
    { "00-01-2026", DK_DATE_ERROR_INVALID_DAY, "There is no day 0: days start at 1." },
    { "32-01-2026", DK_DATE_ERROR_INVALID_DAY, "January 2026 has 31 days, so day 32 does not exist." },
    { "31-04-2026", DK_DATE_ERROR_INVALID_DAY, "April 2026 has 30 days, so day 31 does not exist." },
    { "30-02-2024", DK_DATE_ERROR_INVALID_DAY, "February 2024 has 29 days, so day 30 does not exist." },
    { "2025-02-29", DK_DATE_ERROR_NOT_LEAP_YEAR, NULL },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GDate) date = make_date (2001, 1, 1);

      g_test_message ("%s", cases[i].text);
      g_assert_false (dk_date_parse (cases[i].text, date, &error));
      g_assert_error (error, DK_DATE_ERROR, (gint) cases[i].code);
      if (cases[i].message != NULL)
        g_assert_cmpstr (error->message, ==, cases[i].message);
      /* @out is untouched on failure. */
      assert_date (date, "2001-01-01");
    }
}

static void
test_format_round_trip (void)
{
  g_autoptr(GDate) date = make_date (1899, 12, 25);
  g_autoptr(GDate) end = make_date (2101, 1, 7);

  for (; g_date_compare (date, end) < 0; g_date_add_days (date, 1))
    {
      g_autofree char *iso = dk_date_format_iso (date);
      g_autofree char *dutch = dk_date_format_dutch (date);
      GDate parsed;

      g_assert_cmpuint (strlen (iso), ==, 10);
      g_assert_cmpuint (strlen (dutch), ==, 10);
      g_assert_true (dk_date_parse (iso, &parsed, NULL));
      g_assert_cmpint (g_date_compare (&parsed, date), ==, 0);
      g_assert_true (dk_date_parse (dutch, &parsed, NULL));
      g_assert_cmpint (g_date_compare (&parsed, date), ==, 0);
    }

  g_date_set_dmy (date, 5, 3, 2026);
  {
    g_autofree char *iso = dk_date_format_iso (date);
    g_autofree char *dutch = dk_date_format_dutch (date);

    g_assert_cmpstr (iso, ==, "2026-03-05");
    g_assert_cmpstr (dutch, ==, "05-03-2026");
  }
}

static void
test_invalid_date_argument (void)
{
  if (g_test_subprocess ())
    {
      GDate date;

      g_date_clear (&date, 1);
      dk_date_is_working_day (&date);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*g_date_valid*");
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/date/easter/known-years", test_easter);
  g_test_add_func ("/date/easter/always-sunday-in-range", test_easter_always_sunday_in_range);
  g_test_add_func ("/date/holidays/2026", test_holidays_2026);
  g_test_add_func ("/date/holidays/kings-day", test_kings_day);
  g_test_add_func ("/date/holidays/coinciding", test_coinciding_holidays);
  g_test_add_func ("/date/holidays/counts-per-year", test_counts_per_year);
  g_test_add_func ("/date/leap-days", test_leap_days);
  g_test_add_func ("/date/add-working-days", test_add_working_days);
  g_test_add_func ("/date/add-weeks", test_add_weeks);
  g_test_add_func ("/date/next-working-day", test_next_working_day);
  g_test_add_func ("/date/parse/valid", test_parse_valid);
  g_test_add_func ("/date/parse/errors", test_parse_errors);
  g_test_add_func ("/date/format/round-trip", test_format_round_trip);
  g_test_add_func ("/date/invalid-date-argument", test_invalid_date_argument);

  return g_test_run ();
}
