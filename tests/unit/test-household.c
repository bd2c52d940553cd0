#include "config.h"

#include <glib.h>

#include "dk-date.h"
#include "dk-household.h"

static DkPerson *
person (const char   *id,
        DkPersonRole  role,
        guint         year,
        guint         month,
        guint         mday)
{
  GDate birth;
  DkPerson *p;

  g_date_clear (&birth, 1);
  if (year > 0)
    birth = dk_date_ymd (year, month, mday);
  p = dk_person_new (role, "Test", NULL, "Person", &birth);

  p->id = g_strdup (id);
  return p;
}

static void
add_person (DkHouseholdTimeline *timeline,
            DkPerson            *p)
{
  g_autoptr(GError) error = NULL;

  dk_household_timeline_add_person (timeline, p, &error);
  g_assert_no_error (error);
  dk_person_free (p);
}

static void
add_ok (DkHouseholdTimeline *timeline,
        DkHouseholdEvent    *event)
{
  g_autoptr(GError) error = NULL;

  dk_household_timeline_add_event (timeline, event, &error);
  g_assert_no_error (error);
  dk_household_event_free (event);
}

static void
add_refused (DkHouseholdTimeline *timeline,
             DkHouseholdEvent    *event,
             DkHouseholdError     code)
{
  g_autoptr(GError) error = NULL;
  guint before = dk_household_timeline_get_n_events (timeline);

  g_assert_false (dk_household_timeline_add_event (timeline, event, &error));
  g_assert_error (error, DK_HOUSEHOLD_ERROR, (gint) code);
  g_assert_nonnull (error->message);
  /* A refused event leaves the history as it was. */
  g_assert_cmpuint (dk_household_timeline_get_n_events (timeline), ==, before);
  g_assert_true (dk_household_timeline_validate (timeline, NULL));
  dk_household_event_free (event);
}

static DkHouseholdEvent *
ev (DkHouseholdEventKind kind,
    GDate                date,
    const char          *person_id)
{
  return dk_household_event_new (kind, &date, person_id);
}

static DkHouseholdEvent *
birth (GDate       date,
       const char *child_id,
       const char *parent_id)
{
  return dk_household_event_new_birth (&date, child_id, parent_id);
}

static DkHouseholdEvent *
marriage (GDate            date,
          const char      *partner_id,
          DkMaritalRegime  regime)
{
  return dk_household_event_new_marriage (&date, partner_id, DK_UNION_MARRIAGE, regime);
}

static DkHouseholdSituation *
situation_on (DkHouseholdTimeline *timeline,
              GDate                date)
{
  g_autoptr(GError) error = NULL;
  DkHouseholdSituation *situation = dk_household_situation_on (timeline, &date, &error);

  g_assert_no_error (error);
  g_assert_nonnull (situation);
  return situation;
}

static void
assert_date (const GDate *date,
             guint        year,
             guint        month,
             guint        mday)
{
  g_assert_true (g_date_valid (date));
  g_assert_cmpuint (g_date_get_year (date), ==, year);
  g_assert_cmpuint (g_date_get_month (date), ==, month);
  g_assert_cmpuint (g_date_get_day (date), ==, mday);
}

/* The demo case (seed 000): a single woman seven months pregnant, the child's birth, the father moves
 * in, they marry, file for divorce, divorce and share the care of the child. */
static DkHouseholdTimeline *
demo_timeline (guint            base_year,
               DkMaritalRegime  regime)
{
  DkHouseholdTimeline *timeline = dk_household_timeline_new ();

  add_person (timeline, person ("client", DK_PERSON_ROLE_CLIENT, 1990, 4, 2));
  add_person (timeline, person ("partner", DK_PERSON_ROLE_PARTNER, 1988, 1, 20));
  add_person (timeline, person ("child", DK_PERSON_ROLE_CHILD, base_year, 5, 10));

  add_ok (timeline, ev (DK_HOUSEHOLD_EVENT_MOVE_IN, dk_date_ymd (base_year, 3, 1), "client"));
  add_ok (timeline, birth (dk_date_ymd (base_year, 5, 10), "child", "client"));
  add_ok (timeline, ev (DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN, dk_date_ymd (base_year, 9, 1), "partner"));
  add_ok (timeline, marriage (dk_date_ymd (base_year + 2, 6, 1), "partner", regime));
  add_ok (timeline, ev (DK_HOUSEHOLD_EVENT_DIVORCE_REQUESTED, dk_date_ymd (base_year + 5, 2, 1), "partner"));
  add_ok (timeline, ev (DK_HOUSEHOLD_EVENT_DIVORCE, dk_date_ymd (base_year + 5, 9, 1), "partner"));
  add_ok (timeline, ev (DK_HOUSEHOLD_EVENT_CO_PARENTING, dk_date_ymd (base_year + 5, 9, 1), "child"));
  add_ok (timeline, ev (DK_HOUSEHOLD_EVENT_MOVE_OUT, dk_date_ymd (base_year + 5, 9, 1), "partner"));

  return timeline;
}

static void
check_demo (guint           base_year,
            DkMaritalRegime regime)
{
  g_autoptr(DkHouseholdTimeline) timeline = demo_timeline (base_year, regime);
  g_autoptr(GError) error = NULL;
  GDate before = dk_date_ymd (base_year, 2, 28);

  /* Before the dossier's first event the client has no household here. */
  g_assert_null (dk_household_situation_on (timeline, &before, &error));
  g_assert_error (error, DK_HOUSEHOLD_ERROR, DK_HOUSEHOLD_ERROR_CLIENT_ABSENT);

  {
    /* Seven months pregnant: the unborn child is no person yet. */
    g_autoptr(DkHouseholdSituation) s = situation_on (timeline, dk_date_ymd (base_year, 3, 1));

    g_assert_cmpint (s->situation, ==, DK_SITUATION_SINGLE);
    g_assert_cmpuint (s->member_ids->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (s->member_ids, 0), ==, "client");
    g_assert_cmpuint (s->child_ids->len, ==, 0);
    g_assert_cmpint (s->relation.kind, ==, DK_RELATION_NONE);
    g_assert_null (s->relation.partner_id);
  }
  {
    g_autoptr(DkHouseholdSituation) s = situation_on (timeline, dk_date_ymd (base_year, 5, 9));

    g_assert_cmpint (s->situation, ==, DK_SITUATION_SINGLE);
  }
  {
    /* The birth counts on the birthday itself. */
    g_autoptr(DkHouseholdSituation) s = situation_on (timeline, dk_date_ymd (base_year, 5, 10));

    g_assert_cmpint (s->situation, ==, DK_SITUATION_SINGLE_PARENT);
    g_assert_cmpuint (s->child_ids->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (s->child_ids, 0), ==, "child");
    g_assert_true (dk_household_situation_has_member (s, "child"));
    g_assert_false (dk_household_situation_has_member (s, "partner"));
  }
  {
    g_autoptr(DkHouseholdSituation) s = situation_on (timeline, dk_date_ymd (base_year, 9, 1));

    g_assert_cmpint (s->situation, ==, DK_SITUATION_COUPLE_WITH_CHILDREN);
    g_assert_cmpint (s->relation.kind, ==, DK_RELATION_COHABITING);
    g_assert_cmpstr (s->relation.partner_id, ==, "partner");
    g_assert_true (s->relation.partner_in_household);
    assert_date (&s->relation.cohabiting_since, base_year, 9, 1);
    g_assert_false (g_date_valid (&s->relation.union_date));
    g_assert_cmpuint (s->member_ids->len, ==, 3);
  }
  {
    g_autoptr(DkHouseholdSituation) s = situation_on (timeline, dk_date_ymd (base_year + 2, 6, 1));

    g_assert_cmpint (s->situation, ==, DK_SITUATION_COUPLE_WITH_CHILDREN);
    g_assert_cmpint (s->relation.kind, ==, DK_RELATION_MARRIED);
    g_assert_cmpint (s->relation.union_kind, ==, DK_UNION_MARRIAGE);
    g_assert_cmpint (s->relation.regime, ==, regime);
    assert_date (&s->relation.union_date, base_year + 2, 6, 1);
    assert_date (&s->relation.cohabiting_since, base_year, 9, 1);
    g_assert_false (g_date_valid (&s->relation.dissolution_date));
  }
  {
    /* The request dissolves the community (1:99); the spouses are still married and together. */
    g_autoptr(DkHouseholdSituation) s = situation_on (timeline, dk_date_ymd (base_year + 5, 2, 1));

    g_assert_cmpint (s->situation, ==, DK_SITUATION_COUPLE_WITH_CHILDREN);
    g_assert_cmpint (s->relation.kind, ==, DK_RELATION_MARRIED);
    assert_date (&s->relation.dissolution_date, base_year + 5, 2, 1);
    g_assert_false (g_date_valid (&s->relation.end_date));
  }
  {
    g_autoptr(DkHouseholdSituation) s = situation_on (timeline, dk_date_ymd (base_year + 5, 9, 1));

    g_assert_cmpint (s->situation, ==, DK_SITUATION_SINGLE_PARENT);
    g_assert_cmpint (s->relation.kind, ==, DK_RELATION_DIVORCED);
    g_assert_cmpstr (s->relation.partner_id, ==, "partner");
    g_assert_false (s->relation.partner_in_household);
    assert_date (&s->relation.end_date, base_year + 5, 9, 1);
    assert_date (&s->relation.dissolution_date, base_year + 5, 2, 1);
    g_assert_cmpuint (s->co_parented_ids->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (s->co_parented_ids, 0), ==, "child");
  }
  {
    /* The day before the 18th birthday the child still counts; on it, no longer. */
    g_autoptr(DkHouseholdSituation) s17 = situation_on (timeline, dk_date_ymd (base_year + 18, 5, 9));
    g_autoptr(DkHouseholdSituation) s18 = situation_on (timeline, dk_date_ymd (base_year + 18, 5, 10));

    g_assert_cmpint (s17->situation, ==, DK_SITUATION_SINGLE_PARENT);
    g_assert_cmpint (s18->situation, ==, DK_SITUATION_SINGLE);
    g_assert_true (dk_household_situation_has_member (s18, "child"));
    g_assert_cmpuint (s18->child_ids->len, ==, 0);
    g_assert_cmpuint (s18->co_parented_ids->len, ==, 0);
  }
}

static void
test_demo_married_before_2018 (void)
{
  check_demo (2013, DK_MARITAL_REGIME_FULL_COMMUNITY);
}

static void
test_demo_married_after_2018 (void)
{
  check_demo (2022, DK_MARITAL_REGIME_LIMITED_COMMUNITY);
}

static void
test_demo_prenuptial (void)
{
  check_demo (2013, DK_MARITAL_REGIME_PRENUPTIAL);
  check_demo (2022, DK_MARITAL_REGIME_PRENUPTIAL);
}

static void
test_regime_must_fit_date (void)
{
  g_autoptr(DkHouseholdTimeline) timeline = dk_household_timeline_new ();

  add_person (timeline, person ("client", DK_PERSON_ROLE_CLIENT, 1990, 1, 1));
  add_person (timeline, person ("partner", DK_PERSON_ROLE_PARTNER, 1990, 1, 1));
  add_ok (timeline, ev (DK_HOUSEHOLD_EVENT_MOVE_IN, dk_date_ymd (2015, 1, 1), "client"));

  add_refused (timeline, marriage (dk_date_ymd (2018, 1, 1), "partner", DK_MARITAL_REGIME_FULL_COMMUNITY),
               DK_HOUSEHOLD_ERROR_REGIME_DATE);
  add_refused (timeline, marriage (dk_date_ymd (2017, 12, 31), "partner", DK_MARITAL_REGIME_LIMITED_COMMUNITY),
               DK_HOUSEHOLD_ERROR_REGIME_DATE);
  /* The boundary day itself. */
  add_ok (timeline, marriage (dk_date_ymd (2017, 12, 31), "partner", DK_MARITAL_REGIME_FULL_COMMUNITY));
}

/* Events on one date apply in the documented order, whatever order they were added in. */
static void
test_same_date_order (void)
{
  g_autoptr(DkHouseholdTimeline) timeline = dk_household_timeline_new ();
  g_autoptr(DkHouseholdSituation) s = NULL;
  static const DkHouseholdEventKind expected[] = {
    DK_HOUSEHOLD_EVENT_MOVE_IN, DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN, DK_HOUSEHOLD_EVENT_MARRIAGE,
    DK_HOUSEHOLD_EVENT_DIVORCE_REQUESTED, DK_HOUSEHOLD_EVENT_DIVORCE, DK_HOUSEHOLD_EVENT_MOVE_OUT,
  };
  DkHouseholdEvent *e;

  add_person (timeline, person ("client", DK_PERSON_ROLE_CLIENT, 1990, 1, 1));
  add_person (timeline, person ("partner", DK_PERSON_ROLE_PARTNER, 1990, 1, 1));

  /* Reversed on purpose: read back from storage in any order, the history is the same. */
  e = ev (DK_HOUSEHOLD_EVENT_MOVE_OUT, dk_date_ymd (2020, 5, 5), "partner");
  dk_household_timeline_add_event_unchecked (timeline, e);
  dk_household_event_free (e);
  e = ev (DK_HOUSEHOLD_EVENT_DIVORCE, dk_date_ymd (2020, 5, 5), "partner");
  dk_household_timeline_add_event_unchecked (timeline, e);
  dk_household_event_free (e);
  e = ev (DK_HOUSEHOLD_EVENT_DIVORCE_REQUESTED, dk_date_ymd (2020, 5, 5), "partner");
  dk_household_timeline_add_event_unchecked (timeline, e);
  dk_household_event_free (e);
  e = marriage (dk_date_ymd (2020, 5, 5), "partner", DK_MARITAL_REGIME_LIMITED_COMMUNITY);
  dk_household_timeline_add_event_unchecked (timeline, e);
  dk_household_event_free (e);
  e = ev (DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN, dk_date_ymd (2020, 5, 5), "partner");
  dk_household_timeline_add_event_unchecked (timeline, e);
  dk_household_event_free (e);
  e = ev (DK_HOUSEHOLD_EVENT_MOVE_IN, dk_date_ymd (2020, 5, 5), "client");
  dk_household_timeline_add_event_unchecked (timeline, e);
  dk_household_event_free (e);

  g_assert_cmpuint (dk_household_timeline_get_n_events (timeline), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (dk_household_timeline_get_event (timeline, i)->kind, ==, expected[i]);

  g_assert_true (dk_household_timeline_validate (timeline, NULL));
  s = situation_on (timeline, dk_date_ymd (2020, 5, 5));
  g_assert_cmpint (s->situation, ==, DK_SITUATION_SINGLE);
  g_assert_cmpint (s->relation.kind, ==, DK_RELATION_DIVORCED);
  assert_date (&s->relation.union_date, 2020, 5, 5);
  assert_date (&s->relation.dissolution_date, 2020, 5, 5);
}

/* Equal events on one date keep the order they were added in. */
static void
test_insertion_order_kept (void)
{
  g_autoptr(DkHouseholdTimeline) timeline = dk_household_timeline_new ();

  add_person (timeline, person ("client", DK_PERSON_ROLE_CLIENT, 1990, 1, 1));
  add_person (timeline, person ("a", DK_PERSON_ROLE_OTHER, 1970, 1, 1));
  add_person (timeline, person ("b", DK_PERSON_ROLE_OTHER, 1970, 1, 1));
  add_ok (timeline, ev (DK_HOUSEHOLD_EVENT_MOVE_IN, dk_date_ymd (2020, 1, 1), "client"));
  add_ok (timeline, ev (DK_HOUSEHOLD_EVENT_MOVE_IN, dk_date_ymd (2020, 1, 1), "b"));
  add_ok (timeline, ev (DK_HOUSEHOLD_EVENT_MOVE_IN, dk_date_ymd (2020, 1, 1), "a"));
  /* Dated earlier than everything so far: goes first. */
  add_refused (timeline, ev (DK_HOUSEHOLD_EVENT_MOVE_OUT, dk_date_ymd (2019, 1, 1), "a"), DK_HOUSEHOLD_ERROR_NOT_MEMBER);

  g_assert_cmpstr (dk_household_timeline_get_event (timeline, 0)->person_id, ==, "client");
  g_assert_cmpstr (dk_household_timeline_get_event (timeline, 1)->person_id, ==, "b");
  g_assert_cmpstr (dk_household_timeline_get_event (timeline, 2)->person_id, ==, "a");
}

/* An event added with an earlier date is checked against everything that follows it. */
static void
test_backdated_event_checked (void)
{
  g_autoptr(DkHouseholdTimeline) timeline = demo_timeline (2013, DK_MARITAL_REGIME_FULL_COMMUNITY);

  /* Moving the partner out before the marriage's divorce request is fine for the marriage, but the
   * later move-out then meets a partner who no longer lives there. */
  add_refused (timeline, ev (DK_HOUSEHOLD_EVENT_MOVE_OUT, dk_date_ymd (2015, 1, 1), "partner"),
               DK_HOUSEHOLD_ERROR_NOT_MEMBER);
  /* A second marriage in the middle of the first. */
  add_refused (timeline, marriage (dk_date_ymd (2016, 1, 1), "partner", DK_MARITAL_REGIME_FULL_COMMUNITY),
               DK_HOUSEHOLD_ERROR_ALREADY_MARRIED);
  /* A child born before the client moved in: the parent does not live here yet. */
  {
    DkPerson *older = person ("older", DK_PERSON_ROLE_CHILD, 2012, 1, 1);

    add_person (timeline, older);
  }
  add_refused (timeline, birth (dk_date_ymd (2012, 1, 1), "older", "client"), DK_HOUSEHOLD_ERROR_NOT_MEMBER);
  add_ok (timeline, ev (DK_HOUSEHOLD_EVENT_MOVE_IN, dk_date_ymd (2013, 3, 1), "older"));
}

static DkHouseholdTimeline *
base_timeline (void)
{
  DkHouseholdTimeline *timeline = dk_household_timeline_new ();

  add_person (timeline, person ("client", DK_PERSON_ROLE_CLIENT, 1990, 4, 2));
  add_person (timeline, person ("partner", DK_PERSON_ROLE_PARTNER, 1988, 1, 20));
  add_person (timeline, person ("other-partner", DK_PERSON_ROLE_PARTNER, 1985, 1, 1));
  add_person (timeline, person ("child", DK_PERSON_ROLE_CHILD, 2021, 5, 10));
  add_person (timeline, person ("lodger", DK_PERSON_ROLE_OTHER, 1960, 1, 1));
  add_ok (timeline, ev (DK_HOUSEHOLD_EVENT_MOVE_IN, dk_date_ymd (2020, 1, 1), "client"));

  return timeline;
}

static void
test_refused_sequences (void)
{
  g_autoptr(DkHouseholdTimeline) t = base_timeline ();

  /* Divorce (request) without a marriage. */
  add_refused (t, ev (DK_HOUSEHOLD_EVENT_DIVORCE, dk_date_ymd (2020, 2, 1), "partner"), DK_HOUSEHOLD_ERROR_NOT_MARRIED);
  add_refused (t, ev (DK_HOUSEHOLD_EVENT_DIVORCE_REQUESTED, dk_date_ymd (2020, 2, 1), "partner"),
               DK_HOUSEHOLD_ERROR_NOT_MARRIED);

  /* Birth: before the parent's birth, on another day than the birth date, twice, of a non-child, with
   * an unknown parent or one who does not live here. */
  {
    DkPerson *baby = person ("baby", DK_PERSON_ROLE_CHILD, 1980, 1, 1);

    add_person (t, baby);
    add_refused (t, birth (dk_date_ymd (1980, 1, 1), "baby", "client"), DK_HOUSEHOLD_ERROR_BEFORE_BIRTH);
  }
  add_refused (t, birth (dk_date_ymd (2021, 5, 11), "child", "client"), DK_HOUSEHOLD_ERROR_BIRTH_DATE_MISMATCH);
  add_refused (t, birth (dk_date_ymd (2021, 5, 10), "child", "nobody"), DK_HOUSEHOLD_ERROR_UNKNOWN_PERSON);
  add_refused (t, birth (dk_date_ymd (2021, 5, 10), "child", "partner"), DK_HOUSEHOLD_ERROR_NOT_MEMBER);
  add_refused (t, birth (dk_date_ymd (1960, 1, 1), "lodger", "client"), DK_HOUSEHOLD_ERROR_WRONG_ROLE);
  add_ok (t, birth (dk_date_ymd (2021, 5, 10), "child", "client"));
  add_refused (t, birth (dk_date_ymd (2021, 5, 10), "child", "client"), DK_HOUSEHOLD_ERROR_ALREADY_BORN);

  /* An event before the person was born. */
  add_refused (t, ev (DK_HOUSEHOLD_EVENT_MOVE_IN, dk_date_ymd (1959, 12, 31), "lodger"), DK_HOUSEHOLD_ERROR_BEFORE_BIRTH);

  /* Membership. */
  add_refused (t, ev (DK_HOUSEHOLD_EVENT_MOVE_IN, dk_date_ymd (2020, 3, 1), "client"), DK_HOUSEHOLD_ERROR_ALREADY_MEMBER);
  add_refused (t, ev (DK_HOUSEHOLD_EVENT_MOVE_OUT, dk_date_ymd (2020, 3, 1), "lodger"), DK_HOUSEHOLD_ERROR_NOT_MEMBER);
  add_refused (t, ev (DK_HOUSEHOLD_EVENT_MOVE_IN, dk_date_ymd (2020, 3, 1), "partner"), DK_HOUSEHOLD_ERROR_WRONG_ROLE);
  add_refused (t, ev (DK_HOUSEHOLD_EVENT_MOVE_IN, dk_date_ymd (2020, 3, 1), "stranger"), DK_HOUSEHOLD_ERROR_UNKNOWN_PERSON);
  add_refused (t, ev (DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN, dk_date_ymd (2020, 3, 1), "lodger"),
               DK_HOUSEHOLD_ERROR_WRONG_ROLE);

  /* Partners: a second one while the first lives here, marriage to someone else, marriage twice. */
  add_ok (t, ev (DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN, dk_date_ymd (2022, 1, 1), "partner"));
  add_refused (t, ev (DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN, dk_date_ymd (2022, 2, 1), "partner"),
               DK_HOUSEHOLD_ERROR_ALREADY_MEMBER);
  add_refused (t, ev (DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN, dk_date_ymd (2022, 2, 1), "other-partner"),
               DK_HOUSEHOLD_ERROR_ALREADY_PARTNERED);
  add_refused (t, marriage (dk_date_ymd (2022, 2, 1), "other-partner", DK_MARITAL_REGIME_LIMITED_COMMUNITY),
               DK_HOUSEHOLD_ERROR_ALREADY_PARTNERED);
  add_refused (t, marriage (dk_date_ymd (2022, 2, 1), "child", DK_MARITAL_REGIME_LIMITED_COMMUNITY),
               DK_HOUSEHOLD_ERROR_WRONG_ROLE);
  add_ok (t, marriage (dk_date_ymd (2023, 6, 1), "partner", DK_MARITAL_REGIME_LIMITED_COMMUNITY));
  add_refused (t, marriage (dk_date_ymd (2023, 7, 1), "partner", DK_MARITAL_REGIME_LIMITED_COMMUNITY),
               DK_HOUSEHOLD_ERROR_ALREADY_MARRIED);
  add_refused (t, marriage (dk_date_ymd (2023, 7, 1), "other-partner", DK_MARITAL_REGIME_LIMITED_COMMUNITY),
               DK_HOUSEHOLD_ERROR_ALREADY_MARRIED);

  /* Divorce before the request, a divorce request for another partner, two requests. */
  add_refused (t, ev (DK_HOUSEHOLD_EVENT_DIVORCE, dk_date_ymd (2024, 1, 1), "partner"), DK_HOUSEHOLD_ERROR_NO_DIVORCE_REQUEST);
  add_refused (t, ev (DK_HOUSEHOLD_EVENT_DIVORCE_REQUESTED, dk_date_ymd (2024, 1, 1), "other-partner"),
               DK_HOUSEHOLD_ERROR_NOT_MARRIED);
  add_ok (t, ev (DK_HOUSEHOLD_EVENT_DIVORCE_REQUESTED, dk_date_ymd (2024, 1, 1), "partner"));
  add_refused (t, ev (DK_HOUSEHOLD_EVENT_DIVORCE_REQUESTED, dk_date_ymd (2024, 2, 1), "partner"),
               DK_HOUSEHOLD_ERROR_ALREADY_REQUESTED);

  /* Co-parenting: of an adult, twice, of a child who does not live here. */
  add_refused (t, ev (DK_HOUSEHOLD_EVENT_CO_PARENTING, dk_date_ymd (2024, 3, 1), "client"), DK_HOUSEHOLD_ERROR_WRONG_ROLE);
  add_ok (t, ev (DK_HOUSEHOLD_EVENT_CO_PARENTING, dk_date_ymd (2024, 3, 1), "child"));
  add_refused (t, ev (DK_HOUSEHOLD_EVENT_CO_PARENTING, dk_date_ymd (2024, 4, 1), "child"),
               DK_HOUSEHOLD_ERROR_ALREADY_CO_PARENTED);

  /* A split can only open a history. */
  {
    DkPartnerRelation none;
    GDate date = dk_date_ymd (2024, 5, 1);
    DkHouseholdEvent *split;

    dk_partner_relation_init (&none);
    split = dk_household_event_new_split (&date, "client", "old-dossier", &none, NULL);
    add_refused (t, split, DK_HOUSEHOLD_ERROR_SPLIT_NOT_FIRST);
  }

  /* Nothing after death. */
  add_ok (t, ev (DK_HOUSEHOLD_EVENT_DEATH, dk_date_ymd (2024, 6, 1), "lodger"));
  add_refused (t, ev (DK_HOUSEHOLD_EVENT_MOVE_IN, dk_date_ymd (2024, 7, 1), "lodger"), DK_HOUSEHOLD_ERROR_DECEASED);
  add_refused (t, ev (DK_HOUSEHOLD_EVENT_DEATH, dk_date_ymd (2024, 7, 1), "lodger"), DK_HOUSEHOLD_ERROR_DECEASED);

  /* An event without a valid date. */
  {
    DkHouseholdEvent *undated = dk_household_event_new (DK_HOUSEHOLD_EVENT_MOVE_IN, NULL, "lodger");

    add_refused (t, undated, DK_HOUSEHOLD_ERROR_INVALID);
  }
}

static void
test_birth_date_mismatch (void)
{
  g_autoptr(DkHouseholdTimeline) t = base_timeline ();

  add_refused (t, birth (dk_date_ymd (2021, 5, 11), "child", "client"), DK_HOUSEHOLD_ERROR_BIRTH_DATE_MISMATCH);
}

static void
test_refused_persons (void)
{
  g_autoptr(DkHouseholdTimeline) t = dk_household_timeline_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DkPerson) client = person ("client", DK_PERSON_ROLE_CLIENT, 1990, 1, 1);
  g_autoptr(DkPerson) second = person ("second", DK_PERSON_ROLE_CLIENT, 1990, 1, 1);
  g_autoptr(DkPerson) unborn = person ("unborn", DK_PERSON_ROLE_CHILD, 0, 0, 0);
  g_autoptr(DkPerson) anonymous = person (NULL, DK_PERSON_ROLE_OTHER, 1990, 1, 1);
  g_autoptr(DkPerson) adult = person ("adult", DK_PERSON_ROLE_OTHER, 0, 0, 0);
  GDate date = dk_date_ymd (2020, 1, 1);

  g_assert_null (dk_household_timeline_get_client_id (t));
  g_assert_null (dk_household_situation_on (t, &date, &error));
  g_assert_error (error, DK_HOUSEHOLD_ERROR, DK_HOUSEHOLD_ERROR_NO_CLIENT);
  g_clear_error (&error);

  g_assert_true (dk_household_timeline_add_person (t, client, &error));
  g_assert_cmpstr (dk_household_timeline_get_client_id (t), ==, "client");
  g_assert_false (dk_household_timeline_add_person (t, client, &error));
  g_assert_error (error, DK_HOUSEHOLD_ERROR, DK_HOUSEHOLD_ERROR_DUPLICATE_PERSON);
  g_clear_error (&error);
  g_assert_false (dk_household_timeline_add_person (t, second, &error));
  g_assert_error (error, DK_HOUSEHOLD_ERROR, DK_HOUSEHOLD_ERROR_SECOND_CLIENT);
  g_clear_error (&error);
  g_assert_false (dk_household_timeline_add_person (t, unborn, &error));
  g_assert_error (error, DK_HOUSEHOLD_ERROR, DK_HOUSEHOLD_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (dk_household_timeline_add_person (t, anonymous, &error));
  g_assert_error (error, DK_HOUSEHOLD_ERROR, DK_HOUSEHOLD_ERROR_INVALID);
  g_clear_error (&error);
  /* An adult's birth date may be unknown. */
  g_assert_true (dk_household_timeline_add_person (t, adult, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dk_household_timeline_get_n_persons (t), ==, 2);
  g_assert_nonnull (dk_household_timeline_get_person (t, "adult"));
  g_assert_null (dk_household_timeline_get_person (t, "second"));
}

static void
test_cohabitation_and_return (void)
{
  g_autoptr(DkHouseholdTimeline) t = base_timeline ();

  add_ok (t, ev (DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN, dk_date_ymd (2020, 6, 1), "partner"));
  add_ok (t, ev (DK_HOUSEHOLD_EVENT_MOVE_OUT, dk_date_ymd (2021, 1, 1), "partner"));
  {
    /* A cohabitation ends when the partner moves out. */
    g_autoptr(DkHouseholdSituation) s = situation_on (t, dk_date_ymd (2021, 1, 1));

    g_assert_cmpint (s->relation.kind, ==, DK_RELATION_NONE);
    g_assert_cmpint (s->situation, ==, DK_SITUATION_SINGLE);
  }
  /* So another partner may move in … */
  add_ok (t, ev (DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN, dk_date_ymd (2021, 2, 1), "other-partner"));
  add_ok (t, marriage (dk_date_ymd (2021, 3, 1), "other-partner", DK_MARITAL_REGIME_PRENUPTIAL));
  /* … and a spouse who moves out and back in stays married. */
  add_ok (t, ev (DK_HOUSEHOLD_EVENT_MOVE_OUT, dk_date_ymd (2021, 4, 1), "other-partner"));
  {
    g_autoptr(DkHouseholdSituation) s = situation_on (t, dk_date_ymd (2021, 4, 1));

    g_assert_cmpint (s->relation.kind, ==, DK_RELATION_MARRIED);
    g_assert_false (s->relation.partner_in_household);
    g_assert_cmpint (s->situation, ==, DK_SITUATION_SINGLE);
  }
  add_refused (t, ev (DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN, dk_date_ymd (2021, 5, 1), "partner"),
               DK_HOUSEHOLD_ERROR_ALREADY_PARTNERED);
  add_ok (t, ev (DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN, dk_date_ymd (2021, 5, 1), "other-partner"));
  {
    g_autoptr(DkHouseholdSituation) s = situation_on (t, dk_date_ymd (2021, 5, 1));

    g_assert_cmpint (s->relation.kind, ==, DK_RELATION_MARRIED);
    assert_date (&s->relation.union_date, 2021, 3, 1);
    g_assert_cmpint (s->situation, ==, DK_SITUATION_COUPLE);
  }
}

static void
test_death (void)
{
  g_autoptr(DkHouseholdTimeline) t = base_timeline ();
  g_autoptr(GError) error = NULL;
  GDate after;

  add_ok (t, ev (DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN, dk_date_ymd (2020, 6, 1), "partner"));
  add_ok (t, marriage (dk_date_ymd (2020, 7, 1), "partner", DK_MARITAL_REGIME_LIMITED_COMMUNITY));
  add_ok (t, ev (DK_HOUSEHOLD_EVENT_DEATH, dk_date_ymd (2022, 8, 15), "partner"));
  {
    /* The marriage, and with it the community (1:99), ends on the day of death. */
    g_autoptr(DkHouseholdSituation) s = situation_on (t, dk_date_ymd (2022, 8, 15));

    g_assert_cmpint (s->relation.kind, ==, DK_RELATION_WIDOWED);
    assert_date (&s->relation.dissolution_date, 2022, 8, 15);
    assert_date (&s->relation.end_date, 2022, 8, 15);
    g_assert_cmpint (s->situation, ==, DK_SITUATION_SINGLE);
  }
  add_refused (t, ev (DK_HOUSEHOLD_EVENT_DIVORCE_REQUESTED, dk_date_ymd (2022, 9, 1), "partner"),
               DK_HOUSEHOLD_ERROR_DECEASED);

  add_ok (t, ev (DK_HOUSEHOLD_EVENT_DEATH, dk_date_ymd (2023, 1, 1), "client"));
  after = dk_date_ymd (2023, 1, 1);
  g_assert_null (dk_household_situation_on (t, &after, &error));
  g_assert_error (error, DK_HOUSEHOLD_ERROR, DK_HOUSEHOLD_ERROR_CLIENT_ABSENT);
}

/* The new dossier after a split starts with the split, carrying the marriage as it stood. */
static void
test_split_start (void)
{
  g_autoptr(DkHouseholdTimeline) t = dk_household_timeline_new ();
  DkPartnerRelation relation;
  GDate date = dk_date_ymd (2024, 3, 1);
  DkHouseholdEvent *split;

  add_person (t, person ("new-client", DK_PERSON_ROLE_CLIENT, 1988, 1, 20));
  add_person (t, person ("ex", DK_PERSON_ROLE_PARTNER, 1990, 4, 2));
  add_person (t, person ("child", DK_PERSON_ROLE_CHILD, 2021, 5, 10));

  dk_partner_relation_init (&relation);
  relation.kind = DK_RELATION_MARRIED;
  relation.partner_id = g_strdup ("old-id");
  relation.partner_in_household = TRUE;
  relation.union_kind = DK_UNION_REGISTERED_PARTNERSHIP;
  relation.regime = DK_MARITAL_REGIME_LIMITED_COMMUNITY;
  relation.union_date = dk_date_ymd (2022, 6, 1);
  relation.dissolution_date = dk_date_ymd (2024, 2, 1);
  split = dk_household_event_new_split (&date, "new-client", "old-dossier", &relation, "ex");
  dk_partner_relation_clear (&relation);
  g_assert_cmpint (split->relation_kind, ==, DK_RELATION_MARRIED);
  g_assert_cmpstr (split->other_person_id, ==, "ex");
  add_ok (t, split);
  add_ok (t, ev (DK_HOUSEHOLD_EVENT_MOVE_IN, dk_date_ymd (2024, 3, 1), "child"));
  add_ok (t, ev (DK_HOUSEHOLD_EVENT_CO_PARENTING, dk_date_ymd (2024, 3, 1), "child"));

  {
    g_autoptr(DkHouseholdSituation) s = situation_on (t, dk_date_ymd (2024, 3, 1));

    g_assert_cmpint (s->situation, ==, DK_SITUATION_SINGLE_PARENT);
    g_assert_cmpint (s->relation.kind, ==, DK_RELATION_MARRIED);
    g_assert_cmpint (s->relation.union_kind, ==, DK_UNION_REGISTERED_PARTNERSHIP);
    g_assert_cmpstr (s->relation.partner_id, ==, "ex");
    g_assert_false (s->relation.partner_in_household);
    assert_date (&s->relation.dissolution_date, 2024, 2, 1);
    g_assert_cmpuint (s->co_parented_ids->len, ==, 1);
  }

  /* The divorce can still be registered in the new dossier. */
  add_ok (t, ev (DK_HOUSEHOLD_EVENT_DIVORCE, dk_date_ymd (2024, 9, 1), "ex"));
  {
    g_autoptr(DkHouseholdSituation) s = situation_on (t, dk_date_ymd (2024, 9, 1));

    g_assert_cmpint (s->relation.kind, ==, DK_RELATION_DIVORCED);
  }

  /* A cohabitation does not travel: it ended with the move. */
  {
    DkPartnerRelation cohabiting;
    DkHouseholdEvent *e;

    dk_partner_relation_init (&cohabiting);
    cohabiting.kind = DK_RELATION_COHABITING;
    cohabiting.partner_id = g_strdup ("old-id");
    e = dk_household_event_new_split (&date, "new-client", "old-dossier", &cohabiting, "ex");
    g_assert_cmpint (e->relation_kind, ==, DK_RELATION_NONE);
    g_assert_null (e->other_person_id);
    dk_household_event_free (e);
    dk_partner_relation_clear (&cohabiting);
  }
}

static void
test_age (void)
{
  g_autoptr(DkPerson) leap = person ("leap", DK_PERSON_ROLE_CHILD, 2008, 2, 29);
  g_autoptr(DkPerson) unknown = person ("unknown", DK_PERSON_ROLE_OTHER, 0, 0, 0);
  GDate date;

  date = dk_date_ymd (2026, 2, 28);
  g_assert_cmpint (dk_person_age_on (leap, &date), ==, 17);
  date = dk_date_ymd (2026, 3, 1);
  g_assert_cmpint (dk_person_age_on (leap, &date), ==, 18);
  date = dk_date_ymd (2024, 2, 29);
  g_assert_cmpint (dk_person_age_on (leap, &date), ==, 16);
  date = dk_date_ymd (2008, 2, 29);
  g_assert_cmpint (dk_person_age_on (leap, &date), ==, 0);
  date = dk_date_ymd (2008, 2, 28);
  g_assert_cmpint (dk_person_age_on (leap, &date), ==, -1);
  g_assert_cmpint (dk_person_age_on (unknown, &date), ==, -1);
}

static void
test_names (void)
{
  for (guint k = DK_HOUSEHOLD_EVENT_SPLIT; k <= DK_HOUSEHOLD_EVENT_DEATH; k++)
    {
      DkHouseholdEventKind back;

      g_assert_true (dk_household_event_kind_from_string (dk_household_event_kind_to_string (k), &back));
      g_assert_cmpint (back, ==, k);
      g_assert_nonnull (dk_household_event_kind_describe (k));
    }

  for (guint r = DK_PERSON_ROLE_CLIENT; r <= DK_PERSON_ROLE_OTHER; r++)
    {
      DkPersonRole back;

      g_assert_true (dk_person_role_from_string (dk_person_role_to_string (r), &back));
      g_assert_cmpint (back, ==, r);
    }

  {
    DkPersonRole role;
    DkHouseholdEventKind kind;

    g_assert_false (dk_person_role_from_string ("Client", &role));
    g_assert_false (dk_person_role_from_string (NULL, &role));
    g_assert_false (dk_household_event_kind_from_string ("wedding", &kind));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/household/demo/married-before-2018", test_demo_married_before_2018);
  g_test_add_func ("/household/demo/married-after-2018", test_demo_married_after_2018);
  g_test_add_func ("/household/demo/prenuptial", test_demo_prenuptial);
  g_test_add_func ("/household/regime-must-fit-date", test_regime_must_fit_date);
  g_test_add_func ("/household/same-date-order", test_same_date_order);
  g_test_add_func ("/household/insertion-order-kept", test_insertion_order_kept);
  g_test_add_func ("/household/backdated-event-checked", test_backdated_event_checked);
  g_test_add_func ("/household/refused-sequences", test_refused_sequences);
  g_test_add_func ("/household/birth-date-mismatch", test_birth_date_mismatch);
  g_test_add_func ("/household/refused-persons", test_refused_persons);
  g_test_add_func ("/household/cohabitation-and-return", test_cohabitation_and_return);
  g_test_add_func ("/household/death", test_death);
  g_test_add_func ("/household/split-start", test_split_start);
  g_test_add_func ("/household/age", test_age);
  g_test_add_func ("/household/names", test_names);

  return g_test_run ();
}
