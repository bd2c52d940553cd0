#include "config.h"

#include "dk-calculation-repo.h"
#include "dk-date.h"
#include "dk-domain-schema.h"
#include "dk-dossier-calculation.h"
#include "dk-dossier-repo.h"
#include "dk-dossier-split.h"
#include "dk-household.h"
#include "dk-money.h"
#include "dk-test-util.h"

/* The municipal demo case (../shared/seeds/000): a single woman, pregnant, on a benefit → the baby is
 * born → the father moves in and works → they marry → they divorce with co-parenting and the dossier
 * is split. At every step the household is recalculated from what is stored, the calculation is kept
 * in the dossier's history, and the figures move the way the rules say. All persons are synthetic. */

typedef struct
{
  char      *tmpdir;
  DkStore   *store;
  DkNormSet *norms;
  char      *dossier_id;
  char      *client_id;
  char      *child_id;
  char      *partner_id;
} Demo;

static void
demo_setup (Demo          *demo,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  demo->tmpdir = dk_test_make_tmpdir ();
  path = g_build_filename (demo->tmpdir, "replica.db", NULL);
  demo->store = dk_domain_store_open (path, &error);
  g_assert_no_error (error);
  demo->norms = dk_norm_set_get_default (&error);
  g_assert_no_error (error);
}

static void
demo_teardown (Demo          *demo,
               gconstpointer  data)
{
  g_clear_object (&demo->store);
  g_clear_pointer (&demo->norms, dk_norm_set_unref);
  dk_test_remove_tree (demo->tmpdir);
  g_free (demo->tmpdir);
  g_free (demo->dossier_id);
  g_free (demo->client_id);
  g_free (demo->child_id);
  g_free (demo->partner_id);
}

static void
recalculate (Demo                *demo,
             const char          *dossier_id,
             GDate                date,
             DkCalculationResult *result)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *record_id = NULL;

  dk_dossier_recalculate (demo->store, demo->norms, dossier_id, &date, result, &record_id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record_id);
}

static guint
history_length (Demo       *demo,
                const char *dossier_id)
{
  g_autoptr(GPtrArray) records = dk_calculation_repo_list (demo->store, dossier_id, NULL);

  g_assert_nonnull (records);
  return records->len;
}

static void
add_income (Demo           *demo,
            const char     *person_id,
            DkIncomeSource  source,
            gint64          net,
            gint64          gross,
            GDate           from,
            char          **out_id)
{
  g_autoptr(DkIncome) income = dk_income_new (person_id, source, net, DK_INCOME_PERIOD_MONTH, &from);
  g_autoptr(GError) error = NULL;

  if (gross > 0)
    {
      income->has_gross = TRUE;
      income->gross_cents = gross;
    }
  dk_dossier_repo_add_income (demo->store, demo->dossier_id, income, out_id, &error);
  g_assert_no_error (error);
}

static char *
add_debt (Demo               *demo,
          const char         *creditor,
          gint64              cents,
          DkContractingParty  party,
          GDate               origin,
          gboolean            preferential)
{
  g_autoptr(DkDebt) debt = dk_debt_new (creditor, cents, DK_DEBT_TYPE_OTHER, party);
  g_autoptr(GError) error = NULL;
  char *id = NULL;

  debt->origin_date = origin;
  debt->rank = preferential ? DK_DEBT_RANK_PREFERENTIAL : DK_DEBT_RANK_CONCURRENT;
  g_assert_true (dk_debt_append_status (debt, DK_DEBT_STATUS_REGISTERED, &origin, NULL, NULL));
  dk_dossier_repo_add_debt (demo->store, demo->dossier_id, debt, &id, &error);
  g_assert_no_error (error);
  return id;
}

/* Stage 1: Sanne, 7 months pregnant, on a benefit, with the arrears that brought her in. */
static void
stage_single_pregnant (Demo *demo)
{
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_person_free);
  g_autoptr(GError) error = NULL;
  g_auto(DkCalculationResult) result = { 0 };
  GDate born = dk_date_ymd (1998, 3, 14), opened = dk_date_ymd (2026, 1, 5);
  DkPerson *client = dk_person_new (DK_PERSON_ROLE_CLIENT, "Sanne", "van", "Dijk", &born);
  g_autoptr(DkFixedCost) rent = NULL;

  client->bsn = g_strdup ("999990019");
  g_ptr_array_add (persons, client);
  dk_dossier_repo_create (demo->store, "DEMO-0001", &opened, persons, NULL, &demo->dossier_id, &error);
  g_assert_no_error (error);
  demo->client_id = g_strdup (client->id);

  add_income (demo, demo->client_id, DK_INCOME_SOURCE_BENEFIT, 140150, 0, opened, NULL);
  rent = dk_fixed_cost_new (DK_FIXED_COST_RENT, 68000, &opened);
  dk_dossier_repo_add_fixed_cost (demo->store, demo->dossier_id, rent, NULL, &error);
  g_assert_no_error (error);
  g_free (add_debt (demo, "Energieleverancier", 85000, DK_CONTRACTING_PARTY_CLIENT, dk_date_ymd (2025, 10, 1), FALSE));
  g_free (add_debt (demo, "Zorgverzekeraar", 124000, DK_CONTRACTING_PARTY_CLIENT, dk_date_ymd (2025, 6, 1), FALSE));
  g_free (add_debt (demo, "Belastingdienst", 42000, DK_CONTRACTING_PARTY_CLIENT, dk_date_ymd (2025, 4, 1), TRUE));

  recalculate (demo, demo->dossier_id, dk_date_ymd (2026, 1, 15), &result);
  /* 95% of the 2026 single norm 1,401.50 (Rv 475dc lid 2; domain.md D1) and capacity = the rest. */
  g_assert_cmpint (result.situation, ==, DK_SITUATION_SINGLE);
  g_assert_cmpint (result.bvv, ==, 133143);
  g_assert_cmpint (result.vtlb, ==, 133143);
  g_assert_cmpint (result.capacity, ==, 140150 - 133143);
  g_assert_true (result.has_proposal);
  g_assert_cmpint (result.proposal.total, ==, 18 * result.capacity);
  g_assert_cmpuint (history_length (demo, demo->dossier_id), ==, 1);
}

/* Stage 2: the baby is born; she is a single parent now. */
static void
stage_single_parent (Demo *demo)
{
  g_autoptr(GError) error = NULL;
  g_auto(DkCalculationResult) result = { 0 };
  GDate born = dk_date_ymd (2026, 3, 2);
  g_autoptr(DkPerson) child = dk_person_new (DK_PERSON_ROLE_CHILD, "Noah", "van", "Dijk", &born);
  g_autoptr(DkHouseholdEvent) birth = dk_household_event_new_birth (&born, NULL, demo->client_id);

  dk_dossier_repo_add_person (demo->store, demo->dossier_id, child, birth, &demo->child_id, &error);
  g_assert_no_error (error);
  /* Child benefit beside the benefit: more income, and the benefit payer's rule still applies. */
  add_income (demo, demo->client_id, DK_INCOME_SOURCE_CHILD_BENEFIT, 21500, 0, dk_date_ymd (2026, 4, 1), NULL);

  recalculate (demo, demo->dossier_id, dk_date_ymd (2026, 4, 15), &result);
  g_assert_cmpint (result.situation, ==, DK_SITUATION_SINGLE_PARENT);
  g_assert_cmpint (result.bvv, ==, 133143);
  g_assert_cmpint (result.income, ==, 140150 + 21500);
  g_assert_cmpint (result.capacity, ==, 140150 + 21500 - 133143);
  g_assert_cmpuint (history_length (demo, demo->dossier_id), ==, 2);

  /* Asked again with nothing changed, even on a later day: no new calculation in the history. */
  {
    g_autoptr(GError) error2 = NULL;
    gboolean recorded = TRUE;
    GDate later = dk_date_ymd (2026, 5, 20);

    g_assert_true (dk_dossier_recalculate_if_changed (demo->store, demo->norms, demo->dossier_id, &later,
                                                      &recorded, &error2));
    g_assert_no_error (error2);
    g_assert_false (recorded);
    g_assert_cmpuint (history_length (demo, demo->dossier_id), ==, 2);

    /* A new half-year's norm table is a reason to recalculate even when the household is the same. */
    later = dk_date_ymd (2026, 7, 2);
    g_assert_true (dk_dossier_recalculate_if_changed (demo->store, demo->norms, demo->dossier_id, &later,
                                                      &recorded, &error2));
    g_assert_true (recorded);
    g_assert_cmpuint (history_length (demo, demo->dossier_id), ==, 3);
  }
}

/* Stage 3: the father moves in and works; her benefit stops. From now on the statutory formula. */
static gint64
stage_cohabiting (Demo *demo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) incomes = NULL;
  g_auto(DkCalculationResult) result = { 0 };
  GDate born = dk_date_ymd (1996, 6, 2), moved = dk_date_ymd (2026, 7, 1), last_benefit_day = dk_date_ymd (2026, 6, 30);
  g_autoptr(DkPerson) partner = dk_person_new (DK_PERSON_ROLE_PARTNER, "Mohamed", NULL, "El Amrani", &born);
  g_autoptr(DkHouseholdEvent) moves_in = dk_household_event_new (DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN, &moved, NULL);

  dk_dossier_repo_add_person (demo->store, demo->dossier_id, partner, moves_in, &demo->partner_id, &error);
  g_assert_no_error (error);

  incomes = dk_dossier_repo_load_incomes (demo->store, demo->dossier_id, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < incomes->len; i++)
    {
      const DkIncome *income = g_ptr_array_index (incomes, i);

      if (income->source == DK_INCOME_SOURCE_BENEFIT)
        {
          dk_dossier_repo_end_income (demo->store, income->id, &last_benefit_day, &error);
          g_assert_no_error (error);
        }
    }
  add_income (demo, demo->partner_id, DK_INCOME_SOURCE_EMPLOYMENT, 245000, 320000, moved, NULL);

  recalculate (demo, demo->dossier_id, dk_date_ymd (2026, 7, 15), &result);
  g_assert_cmpint (result.situation, ==, DK_SITUATION_COUPLE_WITH_CHILDREN);
  g_assert_cmpstr (result.norm_table_id, ==, "2026-07-01");
  g_assert_cmpint (result.income, ==, 245000 + 21500);
  /* Not a benefit household any more: the lid 2 formula for a couple with children applies, which
   * starts at 95% of the couple norm and can only add to it (Rv 475da lid 2 onder d). */
  g_assert_nonnull (dk_breakdown_find (result.breakdown, "bvv.formula"));
  g_assert_cmpint (result.bvv, >=, dk_money_mul_ratio (202779, 95, 100));
  g_assert_cmpint (result.capacity, ==, MAX (0, result.income - result.vtlb));
  g_assert_cmpuint (result.capacity_shares->len, ==, 2);
  g_assert_cmpuint (history_length (demo, demo->dossier_id), ==, 4);

  return result.capacity;
}

/* Stage 4: they marry, and it turns out he has debts: one from before the marriage, one from after.
 * Under the limited community (marriages from 2018) only the later one falls into the community. */
static void
stage_married (Demo   *demo,
               gint64  capacity_before)
{
  g_autoptr(GError) error = NULL;
  g_auto(DkCalculationResult) result = { 0 };
  GDate wedding_day = dk_date_ymd (2026, 9, 12);
  g_autoptr(DkHouseholdEvent) wedding = dk_household_event_new_marriage (&wedding_day, demo->partner_id,
                                                                         DK_UNION_MARRIAGE,
                                                                         DK_MARITAL_REGIME_LIMITED_COMMUNITY);
  g_autoptr(DkHouseholdTimeline) timeline = NULL;
  g_autoptr(DkHouseholdSituation) situation = NULL;
  g_autofree char *before = NULL, *during = NULL;
  g_autoptr(DkDebt) debt_before = NULL, debt_during = NULL;
  GDate on = dk_date_ymd (2026, 11, 15);

  dk_dossier_repo_add_household_event (demo->store, demo->dossier_id, wedding, NULL, &error);
  g_assert_no_error (error);
  before = add_debt (demo, "Autofinanciering", 640000, DK_CONTRACTING_PARTY_PARTNER, dk_date_ymd (2024, 2, 1), FALSE);
  during = add_debt (demo, "Webwinkel", 38000, DK_CONTRACTING_PARTY_PARTNER, dk_date_ymd (2026, 10, 20), FALSE);

  timeline = dk_dossier_repo_load_timeline (demo->store, demo->dossier_id, &error);
  situation = dk_household_situation_on (timeline, &on, &error);
  g_assert_no_error (error);
  g_assert_cmpint (situation->relation.kind, ==, DK_RELATION_MARRIED);
  g_assert_cmpint (situation->relation.regime, ==, DK_MARITAL_REGIME_LIMITED_COMMUNITY);

  debt_before = dk_dossier_repo_load_debt (demo->store, before, &error);
  debt_during = dk_dossier_repo_load_debt (demo->store, during, &error);
  g_assert_no_error (error);
  {
    DkMaritalDebt facts;
    g_autoptr(DkMaritalClassification) c_before = NULL;
    g_autoptr(DkMaritalClassification) c_during = NULL;

    dk_debt_to_marital (debt_before, &facts);
    c_before = dk_marital_classify (&facts, &situation->relation, &on, &error);
    dk_debt_to_marital (debt_during, &facts);
    c_during = dk_marital_classify (&facts, &situation->relation, &on, &error);
    g_assert_no_error (error);
    g_assert_false (c_before->in_community);   /* BW1 art. 1:94 (from 2018): pre-marital debt stays private */
    g_assert_true (c_during->in_community);    /* debts arising during the community fall into it */
  }

  recalculate (demo, demo->dossier_id, on, &result);
  g_assert_cmpint (result.situation, ==, DK_SITUATION_COUPLE_WITH_CHILDREN);
  /* Same income and norms as while cohabiting: marrying does not change the BVV situation. */
  g_assert_cmpint (result.capacity, ==, capacity_before);
  g_assert_cmpuint (result.proposal.n_shares, ==, 5);
  g_assert_cmpuint (history_length (demo, demo->dossier_id), ==, 5);
}

/* Stage 5: divorce with co-parenting; the dossier is split and both households are recalculated. */
static void
stage_divorced_and_split (Demo *demo)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = NULL;
  g_auto(DkCalculationResult) old_result = { 0 };
  g_auto(DkCalculationResult) new_result = { 0 };
  g_autofree char *new_dossier = NULL;
  GDate request_day = dk_date_ymd (2027, 1, 15), co_day = dk_date_ymd (2027, 3, 1), divorce_day = dk_date_ymd (2027, 4, 1);
  g_autoptr(DkHouseholdEvent) request = dk_household_event_new (DK_HOUSEHOLD_EVENT_DIVORCE_REQUESTED, &request_day,
                                                                demo->partner_id);
  g_autoptr(DkHouseholdEvent) co = dk_household_event_new (DK_HOUSEHOLD_EVENT_CO_PARENTING, &co_day, demo->child_id);
  const char *children[] = { demo->child_id, NULL };

  dk_dossier_repo_add_household_event (demo->store, demo->dossier_id, request, NULL, &error);
  g_assert_no_error (error);
  dk_dossier_repo_add_household_event (demo->store, demo->dossier_id, co, NULL, &error);
  g_assert_no_error (error);

  g_assert_true (dk_dossier_split (demo->store, demo->dossier_id, demo->partner_id, children, &divorce_day,
                                   &new_dossier, &error));
  g_assert_no_error (error);

  links = dk_dossier_repo_load_links (demo->store, demo->dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (links->len, ==, 1);

  /* Sanne: single parent again, without his wage: zero offer. */
  recalculate (demo, demo->dossier_id, dk_date_ymd (2027, 4, 15), &old_result);
  g_assert_cmpint (old_result.situation, ==, DK_SITUATION_SINGLE_PARENT);
  g_assert_cmpint (old_result.capacity_shares->len, ==, 0);

  /* Mohamed's new dossier: the co-parented child counts in his household too. */
  recalculate (demo, new_dossier, dk_date_ymd (2027, 4, 15), &new_result);
  g_assert_cmpint (new_result.situation, ==, DK_SITUATION_SINGLE_PARENT);
  g_assert_cmpint (new_result.income, ==, 245000);
  g_assert_true (new_result.has_proposal);

  /* History kept in both: the old dossier has every calculation, the new one starts its own. */
  g_assert_cmpuint (history_length (demo, demo->dossier_id), ==, 6);
  g_assert_cmpuint (history_length (demo, new_dossier), ==, 1);
}

static void
test_demo_household (Demo          *demo,
                     gconstpointer  data)
{
  gint64 capacity;

  stage_single_pregnant (demo);
  stage_single_parent (demo);
  capacity = stage_cohabiting (demo);
  stage_married (demo, capacity);
  stage_divorced_and_split (demo);
}

/* The same debts under the old law (full community, marriages before 2018) and under a prenuptial
 * agreement: the partner's pre-marital debt is in the community only under the old law. */
static void
test_regimes (void)
{
  static const struct {
    DkMaritalRegime regime;
    gboolean pre_marital_in_community;
    gboolean during_in_community;
  } cases[] = {
    { DK_MARITAL_REGIME_FULL_COMMUNITY, TRUE, TRUE },
    { DK_MARITAL_REGIME_LIMITED_COMMUNITY, FALSE, TRUE },
    { DK_MARITAL_REGIME_PRENUPTIAL, FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DkMaritalClassification) pre = NULL, during = NULL;
      g_autoptr(GError) error = NULL;
      DkPartnerRelation relation;
      DkMaritalDebt debt = { 0 };
      GDate on = dk_date_ymd (2026, 11, 15);

      dk_partner_relation_init (&relation);
      relation.kind = DK_RELATION_MARRIED;
      relation.partner_id = g_strdup ("partner");
      relation.partner_in_household = TRUE;
      relation.union_kind = DK_UNION_MARRIAGE;
      relation.regime = cases[i].regime;
      relation.union_date = cases[i].regime == DK_MARITAL_REGIME_FULL_COMMUNITY ? dk_date_ymd (2017, 6, 1) : dk_date_ymd (2026, 9, 12);

      debt.party = DK_CONTRACTING_PARTY_PARTNER;
      debt.origin_date = cases[i].regime == DK_MARITAL_REGIME_FULL_COMMUNITY ? dk_date_ymd (2016, 2, 1) : dk_date_ymd (2024, 2, 1);
      pre = dk_marital_classify (&debt, &relation, &on, &error);
      g_assert_no_error (error);
      debt.origin_date = dk_date_ymd (2026, 10, 20);
      during = dk_marital_classify (&debt, &relation, &on, &error);
      g_assert_no_error (error);

      g_assert_cmpint (pre->in_community, ==, cases[i].pre_marital_in_community);
      g_assert_cmpint (during->in_community, ==, cases[i].during_in_community);
      dk_partner_relation_clear (&relation);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/demo-household/all-stages", Demo, NULL, demo_setup, test_demo_household, demo_teardown);
  g_test_add_func ("/demo-household/regimes", test_regimes);

  return g_test_run ();
}
