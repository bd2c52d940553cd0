/* Case phases and the Wgs deadline rule (dk-wgs.h): 4 weeks or 3 working days to the first
 * conversation, the municipality's weeks to the decision, and the Algemene termijnenwet extension. */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "dk-date.h"
#include "dk-wgs.h"

static GDate
parse (const char *iso)
{
  g_autoptr(GError) error = NULL;
  GDate date;

  g_date_clear (&date, 1);
  g_assert_true (dk_date_parse (iso, &date, &error));
  g_assert_no_error (error);
  return date;
}

static void
assert_date (const GDate *date,
             const char  *iso)
{
  g_autofree char *formatted = NULL;

  g_assert_true (g_date_valid (date));
  formatted = dk_date_format_iso (date);
  g_assert_cmpstr (formatted, ==, iso);
}

/* The first-conversation deadline of a registered case. */
static void
assert_first_conversation (const char *registered_on,
                           gboolean    crisis,
                           const char *expected)
{
  GDate registered = parse (registered_on);
  GDate out;

  g_assert_cmpint (dk_wgs_deadline (DK_CASE_PHASE_REGISTRATION, &registered, crisis, NULL, DK_WGS_DECISION_WEEKS_MAX, &out),
                   ==, DK_WGS_DEADLINE_FIRST_CONVERSATION);
  assert_date (&out, expected);
  /* The input is left alone. */
  assert_date (&registered, registered_on);
}

static void
assert_decision (const char *first_conversation_on,
                 guint       weeks,
                 const char *expected)
{
  GDate registered = parse ("2026-01-05");
  GDate first = parse (first_conversation_on);
  GDate out;

  g_assert_cmpint (dk_wgs_deadline (DK_CASE_PHASE_INTAKE, &registered, FALSE, &first, weeks, &out),
                   ==, DK_WGS_DEADLINE_DECISION);
  assert_date (&out, expected);
}

static void
test_four_weeks (void)
{
  /* Monday + 4 weeks is a Monday, a working day. */
  assert_first_conversation ("2026-03-02", FALSE, "2026-03-30");
  /* Registered on a Saturday: 4 weeks end on a Saturday, extended to Monday. */
  assert_first_conversation ("2026-02-07", FALSE, "2026-03-09");
  /* Ends on Saturday 4 April 2026; Sunday is Easter, Monday 6 April Easter Monday: Tuesday. */
  assert_first_conversation ("2026-03-07", FALSE, "2026-04-07");
  /* Ends on King's Day (Monday 27 April 2026). */
  assert_first_conversation ("2026-03-30", FALSE, "2026-04-28");
  /* Ends on New Year's Day 2027, a Friday: the next Monday. */
  assert_first_conversation ("2026-12-04", FALSE, "2027-01-04");
  /* Ends on Liberation Day (Tuesday 5 May 2026). */
  assert_first_conversation ("2026-04-07", FALSE, "2026-05-06");
  /* A Friday + 4 weeks is a Friday. */
  assert_first_conversation ("2026-06-05", FALSE, "2026-07-03");
}

static void
test_crisis (void)
{
  /* Thursday: Friday, Monday, Tuesday. */
  assert_first_conversation ("2026-03-05", TRUE, "2026-03-10");
  /* Friday: Monday, Tuesday, Wednesday. */
  assert_first_conversation ("2026-03-06", TRUE, "2026-03-11");
  /* Registered on a Saturday or Sunday: the weekend day itself does not count. */
  assert_first_conversation ("2026-03-07", TRUE, "2026-03-11");
  assert_first_conversation ("2026-03-08", TRUE, "2026-03-11");
  /* Monday: within the same week. */
  assert_first_conversation ("2026-03-09", TRUE, "2026-03-12");
  /* Over Easter: Good Friday 3 April counts (it is no holiday under the Atw), Easter Monday does not. */
  assert_first_conversation ("2026-04-02", TRUE, "2026-04-08");
  /* Over King's Day (Monday 27 April 2026). */
  assert_first_conversation ("2026-04-24", TRUE, "2026-04-30");
  /* Over Liberation Day (Tuesday 5 May 2026). */
  assert_first_conversation ("2026-05-04", TRUE, "2026-05-08");
  /* Over Ascension Day (Thursday 14 May 2026). */
  assert_first_conversation ("2026-05-13", TRUE, "2026-05-19");
  /* Over Christmas: 24 December is a working day, 25 and 26 are holidays (26 is a Saturday). */
  assert_first_conversation ("2026-12-23", TRUE, "2026-12-29");
  /* Registered on a holiday itself (Easter Monday): it does not count. */
  assert_first_conversation ("2026-04-06", TRUE, "2026-04-09");
  /* Crisis is always earlier than the ordinary term. */
  {
    GDate registered = parse ("2026-09-01");
    GDate ordinary, crisis;

    dk_wgs_deadline (DK_CASE_PHASE_REGISTRATION, &registered, FALSE, NULL, 8, &ordinary);
    dk_wgs_deadline (DK_CASE_PHASE_REGISTRATION, &registered, TRUE, NULL, 8, &crisis);
    g_assert_cmpint (g_date_compare (&crisis, &ordinary), <, 0);
  }
}

static void
test_decision (void)
{
  /* 8 weeks from Tuesday 10 March 2026 end on Liberation Day: the next day. */
  assert_decision ("2026-03-10", 8, "2026-05-06");
  /* Fewer weeks when the municipality's ordinance says so. */
  assert_decision ("2026-03-10", 1, "2026-03-17");
  assert_decision ("2026-03-10", 4, "2026-04-07");
  assert_decision ("2026-03-10", 6, "2026-04-21");
  /* 8 weeks from Monday 30 March end on Whit Monday (25 May 2026). */
  assert_decision ("2026-03-30", 8, "2026-05-26");
  /* A first conversation held on a Saturday: the term ends on a Saturday, so Monday. */
  assert_decision ("2026-03-07", 2, "2026-03-23");
  /* The request's date and crisis play no part once the first conversation was held. */
  {
    GDate registered = parse ("2026-03-01");
    GDate first = parse ("2026-03-10");
    GDate a, b;

    g_assert_cmpint (dk_wgs_deadline (DK_CASE_PHASE_INTAKE, &registered, TRUE, &first, 8, &a), ==, DK_WGS_DEADLINE_DECISION);
    g_assert_cmpint (dk_wgs_deadline (DK_CASE_PHASE_INTAKE, NULL, FALSE, &first, 8, &b), ==, DK_WGS_DEADLINE_DECISION);
    g_assert_cmpint (g_date_compare (&a, &b), ==, 0);
  }
}

/* A date the deadline needs is unknown, or the phase has no deadline: NONE and @out cleared. */
static void
test_none (void)
{
  GDate registered = parse ("2026-03-02");
  GDate first = parse ("2026-03-10");
  GDate cleared;
  GDate out;

  g_date_clear (&cleared, 1);

  out = parse ("2000-01-01");
  g_assert_cmpint (dk_wgs_deadline (DK_CASE_PHASE_REGISTRATION, NULL, FALSE, NULL, 8, &out), ==, DK_WGS_DEADLINE_NONE);
  g_assert_false (g_date_valid (&out));

  out = parse ("2000-01-01");
  g_assert_cmpint (dk_wgs_deadline (DK_CASE_PHASE_REGISTRATION, &cleared, TRUE, &first, 8, &out), ==, DK_WGS_DEADLINE_NONE);
  g_assert_false (g_date_valid (&out));

  out = parse ("2000-01-01");
  g_assert_cmpint (dk_wgs_deadline (DK_CASE_PHASE_INTAKE, &registered, FALSE, NULL, 8, &out), ==, DK_WGS_DEADLINE_NONE);
  g_assert_false (g_date_valid (&out));

  out = parse ("2000-01-01");
  g_assert_cmpint (dk_wgs_deadline (DK_CASE_PHASE_INTAKE, &registered, FALSE, &cleared, 8, &out), ==, DK_WGS_DEADLINE_NONE);
  g_assert_false (g_date_valid (&out));

  for (DkCasePhase phase = DK_CASE_PHASE_STABILISATION; phase < DK_CASE_PHASE_COUNT; phase++)
    {
      out = parse ("2000-01-01");
      g_assert_cmpint (dk_wgs_deadline (phase, &registered, TRUE, &first, 8, &out), ==, DK_WGS_DEADLINE_NONE);
      g_assert_false (g_date_valid (&out));
    }

  g_assert_null (dk_wgs_deadline_label (DK_WGS_DEADLINE_NONE));
  g_assert_nonnull (dk_wgs_deadline_label (DK_WGS_DEADLINE_FIRST_CONVERSATION));
  g_assert_nonnull (dk_wgs_deadline_label (DK_WGS_DEADLINE_DECISION));
  g_assert_cmpstr (dk_wgs_deadline_label (DK_WGS_DEADLINE_FIRST_CONVERSATION), !=,
                   dk_wgs_deadline_label (DK_WGS_DEADLINE_DECISION));
}

/* A term outside 1 … 8 weeks is a programming error. */
static void
test_decision_weeks_range (void)
{
  GDate first = parse ("2026-03-10");
  GDate out;

  for (guint i = 0; i < 2; i++)
    {
      guint weeks = i == 0 ? 0 : DK_WGS_DECISION_WEEKS_MAX + 1;

      g_test_expect_message (NULL, G_LOG_LEVEL_CRITICAL, "*decision_weeks*");
      g_assert_cmpint (dk_wgs_deadline (DK_CASE_PHASE_INTAKE, NULL, FALSE, &first, weeks, &out), ==, DK_WGS_DEADLINE_NONE);
      g_test_assert_expected_messages ();
    }
}

static void
test_phase_strings (void)
{
  static const char * const names[] = {
    "registration", "intake", "stabilisation", "settlement", "aftercare", "closed",
  };
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == DK_CASE_PHASE_COUNT);
  for (DkCasePhase phase = 0; phase < DK_CASE_PHASE_COUNT; phase++)
    {
      DkCasePhase back = DK_CASE_PHASE_CLOSED - phase;
      const char *label = dk_case_phase_label (phase);

      g_assert_cmpstr (dk_case_phase_to_string (phase), ==, names[phase]);
      g_assert_true (dk_case_phase_from_string (names[phase], &back));
      g_assert_cmpint (back, ==, phase);
      g_assert_nonnull (label);
      g_assert_cmpuint (strlen (label), >, 0);
      g_assert_false (g_hash_table_contains (labels, label));
      g_hash_table_add (labels, (gpointer) label);
    }

  /* Only the exact names; @out is left alone otherwise. */
  {
    static const char * const wrong[] = { "", "Registration", "INTAKE", " closed", "closed ", "phase", "clos" };
    DkCasePhase out = DK_CASE_PHASE_SETTLEMENT;

    for (guint i = 0; i < G_N_ELEMENTS (wrong); i++)
      g_assert_false (dk_case_phase_from_string (wrong[i], &out));
    g_assert_false (dk_case_phase_from_string (NULL, &out));
    g_assert_cmpint (out, ==, DK_CASE_PHASE_SETTLEMENT);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wgs/four-weeks", test_four_weeks);
  g_test_add_func ("/wgs/crisis", test_crisis);
  g_test_add_func ("/wgs/decision", test_decision);
  g_test_add_func ("/wgs/none", test_none);
  g_test_add_func ("/wgs/decision-weeks-range", test_decision_weeks_range);
  g_test_add_func ("/wgs/phase-strings", test_phase_strings);

  return g_test_run ();
}
