#include "config.h"

#include <string.h>

#include <glib.h>

#include "dk-date.h"
#include "dk-marital.h"

typedef enum
{
  FULL,
  LIMITED,
  PRENUP,
  COHABITING,
} Setup;

/* PRE: the debt arose before the marriage; DURING: during the community; DISSOLVED: during the
 * community, judged after the divorce request dissolved it (1:102); AFTER: arose after the dissolution. */
typedef enum
{
  PRE,
  DURING,
  DISSOLVED,
  AFTER,
} Scenario;

enum { C = DK_CONTRACTING_PARTY_CLIENT, P = DK_CONTRACTING_PARTY_PARTNER, J = DK_CONTRACTING_PARTY_JOINT };
enum { L_NONE = DK_LIABLE_NONE, L_C = DK_LIABLE_CLIENT, L_P = DK_LIABLE_PARTNER, L_B = DK_LIABLE_BOTH };

typedef struct
{
  Setup       setup;
  Scenario    scenario;
  int         party;
  gboolean    household;
  gboolean    in_community;
  int         liable;
  int         liable_limited;
  DkRecourse  recourse;
  gint64      client_ppm;
} Row;

#define OWN DK_RECOURSE_OWN_GOODS
#define COMM DK_RECOURSE_COMMUNITY_AND_OWN
#define HALF DK_RECOURSE_COMMUNITY_HALF_AND_OWN
#define AFTER_D DK_RECOURSE_AFTER_DISSOLUTION

/* The whole table: each regime × when the debt arose × who contracted it × household debt or not. */
static const Row rows[] = {
  /* Full community (marriage 2010-06-01, old art. 1:94): every debt, also from before the marriage. */
  { FULL, PRE, C, FALSE, TRUE, L_C, L_NONE, COMM, 500000 },
  { FULL, PRE, C, TRUE, TRUE, L_C, L_NONE, COMM, 500000 },   /* 1:85 does not reach back before the marriage */
  { FULL, PRE, P, FALSE, TRUE, L_P, L_NONE, COMM, 500000 },
  { FULL, PRE, P, TRUE, TRUE, L_P, L_NONE, COMM, 500000 },
  { FULL, PRE, J, FALSE, TRUE, L_B, L_NONE, COMM, 500000 },
  { FULL, PRE, J, TRUE, TRUE, L_B, L_NONE, COMM, 500000 },
  { FULL, DURING, C, FALSE, TRUE, L_C, L_NONE, COMM, 500000 },
  { FULL, DURING, C, TRUE, TRUE, L_B, L_NONE, COMM, 500000 },
  { FULL, DURING, P, FALSE, TRUE, L_P, L_NONE, COMM, 500000 },
  { FULL, DURING, P, TRUE, TRUE, L_B, L_NONE, COMM, 500000 },
  { FULL, DURING, J, FALSE, TRUE, L_B, L_NONE, COMM, 500000 },
  { FULL, DURING, J, TRUE, TRUE, L_B, L_NONE, COMM, 500000 },
  { FULL, DISSOLVED, C, FALSE, TRUE, L_C, L_P, AFTER_D, 500000 },
  { FULL, DISSOLVED, C, TRUE, TRUE, L_B, L_NONE, AFTER_D, 500000 },
  { FULL, DISSOLVED, P, FALSE, TRUE, L_P, L_C, AFTER_D, 500000 },
  { FULL, DISSOLVED, P, TRUE, TRUE, L_B, L_NONE, AFTER_D, 500000 },
  { FULL, DISSOLVED, J, FALSE, TRUE, L_B, L_NONE, AFTER_D, 500000 },
  { FULL, DISSOLVED, J, TRUE, TRUE, L_B, L_NONE, AFTER_D, 500000 },
  { FULL, AFTER, C, FALSE, FALSE, L_C, L_NONE, OWN, 1000000 },
  { FULL, AFTER, C, TRUE, FALSE, L_B, L_NONE, OWN, 1000000 },  /* still married: 1:85 applies */
  { FULL, AFTER, P, FALSE, FALSE, L_P, L_NONE, OWN, 0 },
  { FULL, AFTER, P, TRUE, FALSE, L_B, L_NONE, OWN, 0 },
  { FULL, AFTER, J, FALSE, FALSE, L_B, L_NONE, OWN, 500000 },
  { FULL, AFTER, J, TRUE, FALSE, L_B, L_NONE, OWN, 500000 },

  /* Limited community (marriage 2019-06-01, art. 1:94 from 2018): one spouse's pre-marital debts stay
   * private, with recourse on community goods for half the proceeds (1:96 lid 3). */
  { LIMITED, PRE, C, FALSE, FALSE, L_C, L_NONE, HALF, 1000000 },
  { LIMITED, PRE, C, TRUE, FALSE, L_C, L_NONE, HALF, 1000000 },
  { LIMITED, PRE, P, FALSE, FALSE, L_P, L_NONE, HALF, 0 },
  { LIMITED, PRE, P, TRUE, FALSE, L_P, L_NONE, HALF, 0 },
  { LIMITED, PRE, J, FALSE, TRUE, L_B, L_NONE, COMM, 500000 },
  { LIMITED, PRE, J, TRUE, TRUE, L_B, L_NONE, COMM, 500000 },
  { LIMITED, DURING, C, FALSE, TRUE, L_C, L_NONE, COMM, 500000 },
  { LIMITED, DURING, C, TRUE, TRUE, L_B, L_NONE, COMM, 500000 },
  { LIMITED, DURING, P, FALSE, TRUE, L_P, L_NONE, COMM, 500000 },
  { LIMITED, DURING, P, TRUE, TRUE, L_B, L_NONE, COMM, 500000 },
  { LIMITED, DURING, J, FALSE, TRUE, L_B, L_NONE, COMM, 500000 },
  { LIMITED, DURING, J, TRUE, TRUE, L_B, L_NONE, COMM, 500000 },
  { LIMITED, DISSOLVED, C, FALSE, TRUE, L_C, L_P, AFTER_D, 500000 },
  { LIMITED, DISSOLVED, C, TRUE, TRUE, L_B, L_NONE, AFTER_D, 500000 },
  { LIMITED, DISSOLVED, P, FALSE, TRUE, L_P, L_C, AFTER_D, 500000 },
  { LIMITED, DISSOLVED, P, TRUE, TRUE, L_B, L_NONE, AFTER_D, 500000 },
  { LIMITED, DISSOLVED, J, FALSE, TRUE, L_B, L_NONE, AFTER_D, 500000 },
  { LIMITED, DISSOLVED, J, TRUE, TRUE, L_B, L_NONE, AFTER_D, 500000 },
  { LIMITED, AFTER, C, FALSE, FALSE, L_C, L_NONE, OWN, 1000000 },
  { LIMITED, AFTER, C, TRUE, FALSE, L_B, L_NONE, OWN, 1000000 },
  { LIMITED, AFTER, P, FALSE, FALSE, L_P, L_NONE, OWN, 0 },
  { LIMITED, AFTER, P, TRUE, FALSE, L_B, L_NONE, OWN, 0 },
  { LIMITED, AFTER, J, FALSE, FALSE, L_B, L_NONE, OWN, 500000 },
  { LIMITED, AFTER, J, TRUE, FALSE, L_B, L_NONE, OWN, 500000 },

  /* Prenuptial agreement: no community, but 1:85 still binds spouses for household debts. */
  { PRENUP, PRE, C, FALSE, FALSE, L_C, L_NONE, OWN, 1000000 },
  { PRENUP, PRE, C, TRUE, FALSE, L_C, L_NONE, OWN, 1000000 },
  { PRENUP, PRE, P, FALSE, FALSE, L_P, L_NONE, OWN, 0 },
  { PRENUP, PRE, P, TRUE, FALSE, L_P, L_NONE, OWN, 0 },
  { PRENUP, PRE, J, FALSE, FALSE, L_B, L_NONE, OWN, 500000 },
  { PRENUP, PRE, J, TRUE, FALSE, L_B, L_NONE, OWN, 500000 },
  { PRENUP, DURING, C, FALSE, FALSE, L_C, L_NONE, OWN, 1000000 },
  { PRENUP, DURING, C, TRUE, FALSE, L_B, L_NONE, OWN, 1000000 },
  { PRENUP, DURING, P, FALSE, FALSE, L_P, L_NONE, OWN, 0 },
  { PRENUP, DURING, P, TRUE, FALSE, L_B, L_NONE, OWN, 0 },
  { PRENUP, DURING, J, FALSE, FALSE, L_B, L_NONE, OWN, 500000 },
  { PRENUP, DURING, J, TRUE, FALSE, L_B, L_NONE, OWN, 500000 },
  { PRENUP, DISSOLVED, C, FALSE, FALSE, L_C, L_NONE, OWN, 1000000 },
  { PRENUP, DISSOLVED, C, TRUE, FALSE, L_B, L_NONE, OWN, 1000000 },
  { PRENUP, DISSOLVED, P, FALSE, FALSE, L_P, L_NONE, OWN, 0 },
  { PRENUP, DISSOLVED, P, TRUE, FALSE, L_B, L_NONE, OWN, 0 },
  { PRENUP, DISSOLVED, J, FALSE, FALSE, L_B, L_NONE, OWN, 500000 },
  { PRENUP, DISSOLVED, J, TRUE, FALSE, L_B, L_NONE, OWN, 500000 },
  { PRENUP, AFTER, C, FALSE, FALSE, L_C, L_NONE, OWN, 1000000 },
  { PRENUP, AFTER, C, TRUE, FALSE, L_B, L_NONE, OWN, 1000000 },
  { PRENUP, AFTER, P, FALSE, FALSE, L_P, L_NONE, OWN, 0 },
  { PRENUP, AFTER, P, TRUE, FALSE, L_B, L_NONE, OWN, 0 },
  { PRENUP, AFTER, J, FALSE, FALSE, L_B, L_NONE, OWN, 500000 },
  { PRENUP, AFTER, J, TRUE, FALSE, L_B, L_NONE, OWN, 500000 },

  /* Cohabitants: no community, no 1:85; only what both signed is joint. */
  { COHABITING, DURING, C, FALSE, FALSE, L_C, L_NONE, OWN, 1000000 },
  { COHABITING, DURING, C, TRUE, FALSE, L_C, L_NONE, OWN, 1000000 },
  { COHABITING, DURING, P, FALSE, FALSE, L_P, L_NONE, OWN, 0 },
  { COHABITING, DURING, P, TRUE, FALSE, L_P, L_NONE, OWN, 0 },
  { COHABITING, DURING, J, FALSE, FALSE, L_B, L_NONE, OWN, 500000 },
  { COHABITING, DURING, J, TRUE, FALSE, L_B, L_NONE, OWN, 500000 },
};

static void
make_relation (Setup              setup,
               Scenario           scenario,
               DkPartnerRelation *relation,
               GDate             *origin,
               GDate             *calc_date)
{
  gboolean old = setup == FULL;

  dk_partner_relation_init (relation);
  relation->partner_id = g_strdup ("partner");
  relation->partner_in_household = TRUE;

  if (setup == COHABITING)
    {
      relation->kind = DK_RELATION_COHABITING;
      relation->cohabiting_since = dk_date_ymd (2019, 6, 1);
      *origin = dk_date_ymd (2020, 2, 1);
      *calc_date = dk_date_ymd (2023, 1, 10);
      return;
    }

  relation->kind = DK_RELATION_MARRIED;
  relation->union_kind = DK_UNION_MARRIAGE;
  relation->regime = setup == FULL ? DK_MARITAL_REGIME_FULL_COMMUNITY
                     : setup == LIMITED ? DK_MARITAL_REGIME_LIMITED_COMMUNITY : DK_MARITAL_REGIME_PRENUPTIAL;
  relation->union_date = old ? dk_date_ymd (2010, 6, 1) : dk_date_ymd (2019, 6, 1);
  *calc_date = old ? dk_date_ymd (2017, 6, 1) : dk_date_ymd (2023, 1, 10);

  switch (scenario)
    {
    case PRE:
      *origin = old ? dk_date_ymd (2008, 1, 15) : dk_date_ymd (2018, 6, 1);
      break;
    case DURING:
      *origin = old ? dk_date_ymd (2012, 3, 1) : dk_date_ymd (2020, 2, 1);
      break;
    case DISSOLVED:
      *origin = old ? dk_date_ymd (2012, 3, 1) : dk_date_ymd (2020, 2, 1);
      relation->dissolution_date = old ? dk_date_ymd (2016, 3, 1) : dk_date_ymd (2022, 3, 1);
      break;
    case AFTER:
    default:
      *origin = old ? dk_date_ymd (2016, 6, 1) : dk_date_ymd (2022, 6, 1);
      relation->dissolution_date = old ? dk_date_ymd (2016, 3, 1) : dk_date_ymd (2022, 3, 1);
      break;
    }
}

static void
assert_line (const DkBreakdown *breakdown,
             const char        *id,
             const char        *rule_part)
{
  DkBreakdown *line = dk_breakdown_find (breakdown, id);

  g_assert_nonnull (line);
  g_assert_nonnull (dk_breakdown_get_rule (line));
  g_assert_nonnull (strstr (dk_breakdown_get_rule (line), rule_part));
  g_assert_cmpstr (dk_breakdown_get_label (line), !=, "");
}

static void
test_table (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const Row *row = &rows[i];
      g_autoptr(DkMaritalClassification) result = NULL;
      g_autoptr(GError) error = NULL;
      DkPartnerRelation relation;
      DkMaritalDebt debt = { 0 };
      GDate calc_date;

      make_relation (row->setup, row->scenario, &relation, &debt.origin_date, &calc_date);
      debt.party = row->party;
      debt.household_debt = row->household;

      result = dk_marital_classify (&debt, &relation, &calc_date, &error);
      g_assert_no_error (error);
      g_assert_nonnull (result);

      if (result->in_community != row->in_community || (int) result->liable != row->liable
          || (int) result->liable_limited != row->liable_limited || result->recourse != row->recourse
          || result->share_client_ppm != row->client_ppm)
        g_error ("row %u: in_community %d liable %d limited %d recourse %s client share %" G_GINT64_FORMAT, i,
                 result->in_community, result->liable, result->liable_limited,
                 dk_recourse_to_string (result->recourse), result->share_client_ppm);

      g_assert_cmpint (result->share_client_ppm + result->share_partner_ppm, ==, 1000000);
      g_assert_cmpint (result->community_dissolved, ==, row->in_community && row->scenario >= DISSOLVED);

      /* Every conclusion is explained with the article it rests on. */
      g_assert_cmpstr (dk_breakdown_get_id (result->breakdown), ==, "marital");
      g_assert_nonnull (dk_breakdown_find (result->breakdown, "marital.relation"));
      g_assert_nonnull (dk_breakdown_find (result->breakdown, "marital.in_community"));
      g_assert_nonnull (dk_breakdown_find (result->breakdown, "marital.liable"));
      g_assert_nonnull (dk_breakdown_find (result->breakdown, "marital.recourse"));
      g_assert_cmpint (dk_breakdown_get_value (dk_breakdown_find (result->breakdown, "marital.share.client")), ==,
                       row->client_ppm);
      g_assert_cmpint (dk_breakdown_get_kind (dk_breakdown_find (result->breakdown, "marital.share.partner")), ==,
                       DK_BREAKDOWN_RATE);

      if (row->setup == FULL && row->in_community && row->scenario != DISSOLVED)
        assert_line (result->breakdown, "marital.in_community", "1:94 (old");
      if (row->setup == LIMITED && row->scenario != AFTER)
        assert_line (result->breakdown, "marital.in_community", "BW1 art. 1:94");
      if (row->setup == PRENUP)
        assert_line (result->breakdown, "marital.in_community", "1:93");
      if (row->household && row->liable == L_B && row->party != J)
        assert_line (result->breakdown, "marital.liable", "BW1 art. 1:85");
      if (row->in_community)
        assert_line (result->breakdown, "marital.share.client", "BW1 art. 1:100");
      if (row->liable_limited != L_NONE)
        assert_line (result->breakdown, "marital.liable_limited", "BW1 art. 1:102");
      else
        g_assert_null (dk_breakdown_find (result->breakdown, "marital.liable_limited"));
      if (row->recourse == COMM)
        assert_line (result->breakdown, "marital.recourse", "1:96 lid 1");
      if (row->recourse == HALF)
        assert_line (result->breakdown, "marital.recourse", "lid 1 and 3");
      if (row->scenario == AFTER && row->setup != COHABITING)
        assert_line (result->breakdown, "marital.period", "1:99");

      dk_partner_relation_clear (&relation);
    }
}

/* Excluded or personally attached debts stay outside the community; recourse before and after 2018. */
static void
test_excluded (void)
{
  g_autoptr(DkMaritalClassification) before = NULL;
  g_autoptr(DkMaritalClassification) after = NULL;
  DkPartnerRelation relation;
  DkMaritalDebt debt = { 0 };
  GDate calc_date;

  make_relation (FULL, DURING, &relation, &debt.origin_date, &calc_date);
  debt.party = DK_CONTRACTING_PARTY_PARTNER;
  debt.excluded = TRUE;

  before = dk_marital_classify (&debt, &relation, &calc_date, NULL);
  g_assert_false (before->in_community);
  g_assert_cmpint (before->recourse, ==, DK_RECOURSE_COMMUNITY_AND_OWN_PRIVATE);
  g_assert_cmpint (before->share_partner_ppm, ==, 1000000);
  g_assert_nonnull (strstr (dk_breakdown_get_label (dk_breakdown_find (before->breakdown, "marital.in_community")),
                            "excluded"));

  calc_date = dk_date_ymd (2019, 1, 1);
  after = dk_marital_classify (&debt, &relation, &calc_date, NULL);
  g_assert_cmpint (after->recourse, ==, DK_RECOURSE_COMMUNITY_HALF_AND_OWN);
  /* For an old community the 2018 half rule is flagged as unsettled. */
  g_assert_nonnull (dk_breakdown_get_note (dk_breakdown_find (after->breakdown, "marital.recourse")));

  dk_partner_relation_clear (&relation);
}

/* A full community dissolved: even a pre-marital debt was a community debt, so 1:102 applies. */
static void
test_full_community_dissolved_premarital (void)
{
  g_autoptr(DkMaritalClassification) result = NULL;
  DkPartnerRelation relation;
  DkMaritalDebt debt = { 0 };
  GDate calc_date;

  make_relation (FULL, DISSOLVED, &relation, &debt.origin_date, &calc_date);
  debt.origin_date = dk_date_ymd (2005, 1, 1);
  debt.party = DK_CONTRACTING_PARTY_PARTNER;

  result = dk_marital_classify (&debt, &relation, &calc_date, NULL);
  g_assert_true (result->in_community);
  g_assert_true (result->community_dissolved);
  g_assert_cmpint (result->liable, ==, DK_LIABLE_PARTNER);
  g_assert_cmpint (result->liable_limited, ==, DK_LIABLE_CLIENT);
  g_assert_nonnull (dk_breakdown_find (result->breakdown, "marital.dissolved"));
  g_assert_cmpstr (dk_breakdown_get_note (dk_breakdown_find (result->breakdown, "marital.dissolved")), ==,
                   "2016-03-01");

  dk_partner_relation_clear (&relation);
}

/* After the divorce itself the household-debt rule no longer binds the former spouse. */
static void
test_household_debt_after_divorce (void)
{
  g_autoptr(DkMaritalClassification) result = NULL;
  DkPartnerRelation relation;
  DkMaritalDebt debt = { 0 };
  GDate calc_date;

  make_relation (LIMITED, AFTER, &relation, &debt.origin_date, &calc_date);
  relation.kind = DK_RELATION_DIVORCED;
  relation.end_date = dk_date_ymd (2022, 5, 1);
  debt.party = DK_CONTRACTING_PARTY_CLIENT;
  debt.household_debt = TRUE;

  result = dk_marital_classify (&debt, &relation, &calc_date, NULL);
  g_assert_cmpint (result->liable, ==, DK_LIABLE_CLIENT);
  g_assert_nonnull (dk_breakdown_get_note (dk_breakdown_find (result->breakdown, "marital.liable")));

  dk_partner_relation_clear (&relation);
}

static void
test_no_partner (void)
{
  g_autoptr(DkMaritalClassification) result = NULL;
  DkPartnerRelation relation;
  DkMaritalDebt debt = { 0 };
  GDate calc_date = dk_date_ymd (2024, 1, 1);

  dk_partner_relation_init (&relation);
  g_date_clear (&debt.origin_date, 1);
  debt.party = DK_CONTRACTING_PARTY_CLIENT;
  debt.household_debt = TRUE;

  /* Without a partner the origin date is not needed. */
  result = dk_marital_classify (&debt, &relation, &calc_date, NULL);
  g_assert_nonnull (result);
  g_assert_false (result->in_community);
  g_assert_cmpint (result->liable, ==, DK_LIABLE_CLIENT);
  g_assert_cmpint (result->share_client_ppm, ==, 1000000);
  g_assert_cmpint (result->recourse, ==, DK_RECOURSE_OWN_GOODS);
}

static void
test_registered_partnership (void)
{
  g_autoptr(DkMaritalClassification) result = NULL;
  DkPartnerRelation relation;
  DkMaritalDebt debt = { 0 };
  GDate calc_date;

  make_relation (LIMITED, DURING, &relation, &debt.origin_date, &calc_date);
  relation.union_kind = DK_UNION_REGISTERED_PARTNERSHIP;
  debt.party = DK_CONTRACTING_PARTY_CLIENT;

  result = dk_marital_classify (&debt, &relation, &calc_date, NULL);
  g_assert_true (result->in_community);
  assert_line (result->breakdown, "marital.partnership", "1:80b");

  dk_partner_relation_clear (&relation);
}

static void
test_errors (void)
{
  DkPartnerRelation relation;
  DkMaritalDebt debt = { 0 };
  GDate calc_date;
  GDate origin;
  GError *error = NULL;

  make_relation (LIMITED, DURING, &relation, &origin, &calc_date);
  debt.party = DK_CONTRACTING_PARTY_CLIENT;

  /* Spouses need the origin date. */
  g_date_clear (&debt.origin_date, 1);
  g_assert_null (dk_marital_classify (&debt, &relation, &calc_date, &error));
  g_assert_error (error, DK_MARITAL_ERROR, DK_MARITAL_ERROR_NO_ORIGIN_DATE);
  g_clear_error (&error);

  /* A debt from after the calculation date. */
  debt.origin_date = dk_date_ymd (2024, 1, 1);
  g_assert_null (dk_marital_classify (&debt, &relation, &calc_date, &error));
  g_assert_error (error, DK_MARITAL_ERROR, DK_MARITAL_ERROR_ORIGIN_AFTER_DATE);
  g_clear_error (&error);
  debt.origin_date = origin;

  /* A limited community cannot date from before 2018. */
  relation.union_date = dk_date_ymd (2017, 1, 1);
  g_assert_null (dk_marital_classify (&debt, &relation, &calc_date, &error));
  g_assert_error (error, DK_MARITAL_ERROR, DK_MARITAL_ERROR_INVALID_RELATION);
  g_clear_error (&error);
  relation.union_date = dk_date_ymd (2019, 6, 1);

  /* A marriage that starts after the calculation date. */
  relation.union_date = dk_date_ymd (2024, 1, 1);
  g_assert_null (dk_marital_classify (&debt, &relation, &calc_date, &error));
  g_assert_error (error, DK_MARITAL_ERROR, DK_MARITAL_ERROR_INVALID_RELATION);
  g_clear_error (&error);
  relation.union_date = dk_date_ymd (2019, 6, 1);

  /* Divorced, but without the dissolution date. */
  relation.kind = DK_RELATION_DIVORCED;
  g_assert_null (dk_marital_classify (&debt, &relation, &calc_date, &error));
  g_assert_error (error, DK_MARITAL_ERROR, DK_MARITAL_ERROR_INVALID_RELATION);
  g_clear_error (&error);

  /* A dissolution before the marriage. */
  relation.dissolution_date = dk_date_ymd (2019, 1, 1);
  g_assert_null (dk_marital_classify (&debt, &relation, &calc_date, &error));
  g_assert_error (error, DK_MARITAL_ERROR, DK_MARITAL_ERROR_INVALID_RELATION);
  g_clear_error (&error);

  /* No union date at all. */
  relation.kind = DK_RELATION_MARRIED;
  g_date_clear (&relation.dissolution_date, 1);
  g_date_clear (&relation.union_date, 1);
  g_assert_null (dk_marital_classify (&debt, &relation, &calc_date, &error));
  g_assert_error (error, DK_MARITAL_ERROR, DK_MARITAL_ERROR_INVALID_RELATION);
  g_clear_error (&error);

  dk_partner_relation_clear (&relation);
}

static void
test_statutory_regime (void)
{
  GDate date = dk_date_ymd (2017, 12, 31);

  g_assert_cmpint (dk_marital_statutory_regime (&date), ==, DK_MARITAL_REGIME_FULL_COMMUNITY);
  date = dk_date_ymd (2018, 1, 1);
  g_assert_cmpint (dk_marital_statutory_regime (&date), ==, DK_MARITAL_REGIME_LIMITED_COMMUNITY);
}

static void
test_relation_copy (void)
{
  DkPartnerRelation a;
  DkPartnerRelation b;

  dk_partner_relation_init (&a);
  dk_partner_relation_init (&b);
  a.kind = DK_RELATION_MARRIED;
  a.partner_id = g_strdup ("p");
  a.union_date = dk_date_ymd (2020, 1, 1);
  b.partner_id = g_strdup ("old");

  dk_partner_relation_copy (&a, &b);
  g_assert_cmpstr (b.partner_id, ==, "p");
  g_assert_true (b.partner_id != a.partner_id);
  g_assert_cmpint (g_date_compare (&a.union_date, &b.union_date), ==, 0);

  dk_partner_relation_clear (&a);
  dk_partner_relation_clear (&b);
  g_assert_null (b.partner_id);
  g_assert_cmpint (b.kind, ==, DK_RELATION_NONE);
}

static void
test_names (void)
{
  DkMaritalRegime regime;
  DkUnionKind union_kind;
  DkRelationKind kind;
  DkContractingParty party;

  for (guint i = 0; i <= DK_MARITAL_REGIME_PRENUPTIAL; i++)
    {
      g_assert_true (dk_marital_regime_from_string (dk_marital_regime_to_string (i), &regime));
      g_assert_cmpint (regime, ==, i);
    }
  for (guint i = 0; i <= DK_UNION_REGISTERED_PARTNERSHIP; i++)
    {
      g_assert_true (dk_union_kind_from_string (dk_union_kind_to_string (i), &union_kind));
      g_assert_cmpint (union_kind, ==, i);
    }
  for (guint i = 0; i <= DK_RELATION_WIDOWED; i++)
    {
      g_assert_true (dk_relation_kind_from_string (dk_relation_kind_to_string (i), &kind));
      g_assert_cmpint (kind, ==, i);
    }
  for (guint i = 0; i <= DK_CONTRACTING_PARTY_JOINT; i++)
    {
      g_assert_true (dk_contracting_party_from_string (dk_contracting_party_to_string (i), &party));
      g_assert_cmpint (party, ==, i);
    }
  for (guint i = 0; i <= DK_RECOURSE_AFTER_DISSOLUTION; i++)
    g_assert_nonnull (dk_recourse_to_string (i));

  g_assert_false (dk_marital_regime_from_string ("algehele_gemeenschap", &regime));
  g_assert_false (dk_contracting_party_from_string (NULL, &party));
  g_assert_cmpstr (dk_marital_regime_to_string (DK_MARITAL_REGIME_LIMITED_COMMUNITY), ==, "limited_community");
  g_assert_cmpstr (dk_contracting_party_to_string (DK_CONTRACTING_PARTY_JOINT), ==, "joint");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/marital/table", test_table);
  g_test_add_func ("/marital/excluded", test_excluded);
  g_test_add_func ("/marital/full-community-dissolved-premarital", test_full_community_dissolved_premarital);
  g_test_add_func ("/marital/household-debt-after-divorce", test_household_debt_after_divorce);
  g_test_add_func ("/marital/no-partner", test_no_partner);
  g_test_add_func ("/marital/registered-partnership", test_registered_partnership);
  g_test_add_func ("/marital/errors", test_errors);
  g_test_add_func ("/marital/statutory-regime", test_statutory_regime);
  g_test_add_func ("/marital/relation-copy", test_relation_copy);
  g_test_add_func ("/marital/names", test_names);

  return g_test_run ();
}
