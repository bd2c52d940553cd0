#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dk-marital.h"

#define PPM_WHOLE 1000000
#define PPM_HALF 500000

G_DEFINE_QUARK (dk-marital-error-quark, dk_marital_error)

/* The 2018 reform (Wet beperkte gemeenschap van goederen) took effect on this day. */
#define REFORM_YEAR 2018

static const char *regime_names[] = {
  [DK_MARITAL_REGIME_FULL_COMMUNITY] = "full_community",
  [DK_MARITAL_REGIME_LIMITED_COMMUNITY] = "limited_community",
  [DK_MARITAL_REGIME_PRENUPTIAL] = "prenuptial",
};

static const char *union_names[] = {
  [DK_UNION_MARRIAGE] = "marriage",
  [DK_UNION_REGISTERED_PARTNERSHIP] = "registered_partnership",
};

static const char *relation_names[] = {
  [DK_RELATION_NONE] = "none",
  [DK_RELATION_COHABITING] = "cohabiting",
  [DK_RELATION_MARRIED] = "married",
  [DK_RELATION_DIVORCED] = "divorced",
  [DK_RELATION_WIDOWED] = "widowed",
};

static const char *party_names[] = {
  [DK_CONTRACTING_PARTY_CLIENT] = "client",
  [DK_CONTRACTING_PARTY_PARTNER] = "partner",
  [DK_CONTRACTING_PARTY_JOINT] = "joint",
};

static const char *recourse_names[] = {
  [DK_RECOURSE_OWN_GOODS] = "own_goods",
  [DK_RECOURSE_COMMUNITY_AND_OWN] = "community_and_own",
  [DK_RECOURSE_COMMUNITY_AND_OWN_PRIVATE] = "community_and_own_private",
  [DK_RECOURSE_COMMUNITY_HALF_AND_OWN] = "community_half_and_own",
  [DK_RECOURSE_AFTER_DISSOLUTION] = "after_dissolution",
};

static gboolean
name_lookup (const char  *const *names,
             guint               n_names,
             const char         *text,
             int                *out)
{
  for (guint i = 0; i < n_names; i++)
    if (names[i] != NULL && g_strcmp0 (text, names[i]) == 0)
      {
        *out = (int) i;
        return TRUE;
      }

  return FALSE;
}

const char *
dk_marital_regime_to_string (DkMaritalRegime regime)
{
  g_return_val_if_fail (regime < G_N_ELEMENTS (regime_names), NULL);
  return regime_names[regime];
}

gboolean
dk_marital_regime_from_string (const char      *text,
                               DkMaritalRegime *out)
{
  int value;

  if (!name_lookup (regime_names, G_N_ELEMENTS (regime_names), text, &value))
    return FALSE;
  *out = value;
  return TRUE;
}

const char *
dk_union_kind_to_string (DkUnionKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (union_names), NULL);
  return union_names[kind];
}

gboolean
dk_union_kind_from_string (const char  *text,
                           DkUnionKind *out)
{
  int value;

  if (!name_lookup (union_names, G_N_ELEMENTS (union_names), text, &value))
    return FALSE;
  *out = value;
  return TRUE;
}

const char *
dk_relation_kind_to_string (DkRelationKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (relation_names), NULL);
  return relation_names[kind];
}

gboolean
dk_relation_kind_from_string (const char     *text,
                              DkRelationKind *out)
{
  int value;

  if (!name_lookup (relation_names, G_N_ELEMENTS (relation_names), text, &value))
    return FALSE;
  *out = value;
  return TRUE;
}

const char *
dk_contracting_party_to_string (DkContractingParty party)
{
  g_return_val_if_fail (party < G_N_ELEMENTS (party_names), NULL);
  return party_names[party];
}

gboolean
dk_contracting_party_from_string (const char         *text,
                                  DkContractingParty *out)
{
  int value;

  if (!name_lookup (party_names, G_N_ELEMENTS (party_names), text, &value))
    return FALSE;
  *out = value;
  return TRUE;
}

const char *
dk_recourse_to_string (DkRecourse recourse)
{
  g_return_val_if_fail (recourse < G_N_ELEMENTS (recourse_names), NULL);
  return recourse_names[recourse];
}

void
dk_partner_relation_init (DkPartnerRelation *relation)
{
  memset (relation, 0, sizeof *relation);
  relation->kind = DK_RELATION_NONE;
  g_date_clear (&relation->cohabiting_since, 1);
  g_date_clear (&relation->union_date, 1);
  g_date_clear (&relation->dissolution_date, 1);
  g_date_clear (&relation->end_date, 1);
}

void
dk_partner_relation_clear (DkPartnerRelation *relation)
{
  g_clear_pointer (&relation->partner_id, g_free);
  dk_partner_relation_init (relation);
}

/* @dest must be initialised (or cleared); what it held is freed. */
void
dk_partner_relation_copy (const DkPartnerRelation *src,
                          DkPartnerRelation       *dest)
{
  char *partner_id = g_strdup (src->partner_id);

  g_free (dest->partner_id);
  *dest = *src;
  dest->partner_id = partner_id;
}

gboolean
dk_relation_kind_is_union (DkRelationKind kind)
{
  return kind == DK_RELATION_MARRIED || kind == DK_RELATION_DIVORCED || kind == DK_RELATION_WIDOWED;
}

static gboolean
before_reform (const GDate *date)
{
  return g_date_get_year (date) < REFORM_YEAR;
}

DkMaritalRegime
dk_marital_statutory_regime (const GDate *community_start)
{
  g_return_val_if_fail (g_date_valid (community_start), DK_MARITAL_REGIME_LIMITED_COMMUNITY);

  return before_reform (community_start) ? DK_MARITAL_REGIME_FULL_COMMUNITY : DK_MARITAL_REGIME_LIMITED_COMMUNITY;
}

void
dk_marital_classification_free (DkMaritalClassification *classification)
{
  if (classification == NULL)
    return;

  g_clear_pointer (&classification->breakdown, dk_breakdown_unref);
  g_free (classification);
}

typedef enum
{
  PERIOD_BEFORE_UNION,
  PERIOD_DURING,
  PERIOD_AFTER_DISSOLUTION,
} Period;

static gboolean
check_relation (const DkPartnerRelation  *relation,
                const GDate              *date,
                GError                  **error)
{
  if (relation->kind > DK_RELATION_WIDOWED)
    {
      g_set_error_literal (error, DK_MARITAL_ERROR, DK_MARITAL_ERROR_INVALID_RELATION,
                           _("The kind of relation with the partner is unknown."));
      return FALSE;
    }

  if (!dk_relation_kind_is_union (relation->kind))
    return TRUE;

  if (!g_date_valid (&relation->union_date))
    {
      g_set_error_literal (error, DK_MARITAL_ERROR, DK_MARITAL_ERROR_INVALID_RELATION,
                           _("The date of the marriage or registered partnership is missing."));
      return FALSE;
    }

  if (g_date_compare (&relation->union_date, date) > 0)
    {
      g_set_error_literal (error, DK_MARITAL_ERROR, DK_MARITAL_ERROR_INVALID_RELATION,
                           _("The marriage or registered partnership starts after the calculation date."));
      return FALSE;
    }

  if (relation->regime > DK_MARITAL_REGIME_PRENUPTIAL
      || (relation->regime != DK_MARITAL_REGIME_PRENUPTIAL
          && relation->regime != dk_marital_statutory_regime (&relation->union_date)))
    {
      g_set_error_literal (error, DK_MARITAL_ERROR, DK_MARITAL_ERROR_INVALID_RELATION,
                           _("The property regime does not fit the date of the marriage: a full community "
                             "arises only before 1 January 2018, a limited community only from that day."));
      return FALSE;
    }

  if (g_date_valid (&relation->dissolution_date)
      && g_date_compare (&relation->dissolution_date, &relation->union_date) < 0)
    {
      g_set_error_literal (error, DK_MARITAL_ERROR, DK_MARITAL_ERROR_INVALID_RELATION,
                           _("The community cannot be dissolved before the marriage or partnership began."));
      return FALSE;
    }

  if (relation->kind != DK_RELATION_MARRIED && !g_date_valid (&relation->dissolution_date))
    {
      g_set_error_literal (error, DK_MARITAL_ERROR, DK_MARITAL_ERROR_INVALID_RELATION,
                           _("The marriage has ended, but the date its community was dissolved is missing."));
      return FALSE;
    }

  return TRUE;
}

static void
add_text (DkBreakdown *root,
          const char  *id,
          const char  *label,
          const char  *rule)
{
  dk_breakdown_add (root, DK_BREAKDOWN_TEXT, id, label, 0, rule);
}

static void
explain_relation (DkBreakdown             *root,
                  const DkPartnerRelation *relation,
                  gboolean                 dissolved)
{
  switch (relation->kind)
    {
    case DK_RELATION_NONE:
      add_text (root, "marital.relation", _("The client has no partner: the debt is judged on its own."), N_("input"));
      return;

    case DK_RELATION_COHABITING:
      add_text (root, "marital.relation",
                _("Unmarried cohabitants have no statutory community of property; only what both signed is joint."),
                "No statutory community (general property law)");
      return;

    case DK_RELATION_MARRIED:
    case DK_RELATION_DIVORCED:
    case DK_RELATION_WIDOWED:
    default:
      break;
    }

  if (relation->union_kind == DK_UNION_REGISTERED_PARTNERSHIP)
    add_text (root, "marital.partnership",
              _("Registered partnership: the rules for marriage apply."), "BW1 art. 1:80b");

  switch (relation->regime)
    {
    case DK_MARITAL_REGIME_FULL_COMMUNITY:
      add_text (root, "marital.relation",
                _("Full community of property: the community arose before 1 January 2018."),
                "BW1 art. 1:94 (old, for communities arisen before 2018)");
      break;

    case DK_MARITAL_REGIME_LIMITED_COMMUNITY:
      add_text (root, "marital.relation",
                _("Limited community of property: the community arose on or after 1 January 2018."),
                "BW1 art. 1:94");
      break;

    case DK_MARITAL_REGIME_PRENUPTIAL:
    default:
      add_text (root, "marital.relation",
                _("Prenuptial agreement: in principle each spouse answers for their own debts."),
                "BW1 art. 1:93, 1:114–1:116");
      break;
    }

  if (dissolved)
    {
      g_autofree char *iso = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&relation->dissolution_date),
                                              g_date_get_month (&relation->dissolution_date),
                                              g_date_get_day (&relation->dissolution_date));
      DkBreakdown *line = dk_breakdown_add (root, DK_BREAKDOWN_TEXT, "marital.dissolved",
                                            _("The community was dissolved (for a divorce: on the day the request "
                                              "was filed)."),
                                            0, "BW1 art. 1:99");

      dk_breakdown_set_note (line, iso);
    }
}

static void
explain_period (DkBreakdown *root,
                Period       period)
{
  switch (period)
    {
    case PERIOD_BEFORE_UNION:
      add_text (root, "marital.period", _("The debt arose before the marriage or partnership."), N_("input"));
      break;
    case PERIOD_DURING:
      add_text (root, "marital.period", _("The debt arose during the marriage or partnership."), N_("input"));
      break;
    case PERIOD_AFTER_DISSOLUTION:
    default:
      add_text (root, "marital.period",
                _("The debt arose on or after the day the community was dissolved."), "BW1 art. 1:99");
      break;
    }
}

DkMaritalClassification *
dk_marital_classify (const DkMaritalDebt      *debt,
                     const DkPartnerRelation  *relation,
                     const GDate              *date,
                     GError                  **error)
{
  g_autoptr(DkMaritalClassification) result = NULL;
  gboolean is_union;
  gboolean community_regime;
  gboolean dissolved;
  gboolean married_at_origin = FALSE;
  Period period = PERIOD_DURING;
  DkBreakdown *root;
  DkBreakdown *line;

  g_return_val_if_fail (debt != NULL, NULL);
  g_return_val_if_fail (relation != NULL, NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);
  g_return_val_if_fail (debt->party <= DK_CONTRACTING_PARTY_JOINT, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_relation (relation, date, error))
    return NULL;

  is_union = dk_relation_kind_is_union (relation->kind);

  if (g_date_valid (&debt->origin_date) && g_date_compare (&debt->origin_date, date) > 0)
    {
      g_set_error_literal (error, DK_MARITAL_ERROR, DK_MARITAL_ERROR_ORIGIN_AFTER_DATE,
                           _("The debt arose after the calculation date, so it cannot be classified on that date."));
      return NULL;
    }

  if (is_union && !g_date_valid (&debt->origin_date))
    {
      g_set_error_literal (error, DK_MARITAL_ERROR, DK_MARITAL_ERROR_NO_ORIGIN_DATE,
                           _("Enter the date the debt arose: for spouses it decides whether the debt is from "
                             "before the marriage, during the community or after its dissolution."));
      return NULL;
    }

  dissolved = is_union && g_date_valid (&relation->dissolution_date)
              && g_date_compare (&relation->dissolution_date, date) <= 0;

  if (is_union)
    {
      if (g_date_compare (&debt->origin_date, &relation->union_date) < 0)
        period = PERIOD_BEFORE_UNION;
      else if (g_date_valid (&relation->dissolution_date)
               && g_date_compare (&debt->origin_date, &relation->dissolution_date) >= 0)
        period = PERIOD_AFTER_DISSOLUTION;
      else
        period = PERIOD_DURING;

      married_at_origin = period != PERIOD_BEFORE_UNION
                          && (!g_date_valid (&relation->end_date)
                              || g_date_compare (&debt->origin_date, &relation->end_date) < 0);
    }

  community_regime = is_union && relation->regime != DK_MARITAL_REGIME_PRENUPTIAL;

  result = g_new0 (DkMaritalClassification, 1);
  result->breakdown = dk_breakdown_new (DK_BREAKDOWN_TEXT, "marital",
                                        _("Marital property classification of the debt"), 0, NULL);
  root = result->breakdown;

  explain_relation (root, relation, dissolved);
  if (is_union)
    explain_period (root, period);

  /* In the community (art. 1:94 old and new). */
  if (!community_regime)
    {
      if (relation->kind == DK_RELATION_NONE)
        add_text (root, "marital.in_community", _("The debt is not part of any community of property."), N_("input"));
      else if (is_union)
        add_text (root, "marital.in_community",
                  _("The debt is not part of a community: the spouses have a prenuptial agreement."),
                  "BW1 art. 1:93");
      else
        add_text (root, "marital.in_community", _("The debt is not part of any community of property."),
                  "No statutory community (general property law)");
    }
  else if (debt->excluded)
    add_text (root, "marital.in_community",
              _("The debt is outside the community: it concerns excluded goods or is personally attached "
                "to one spouse."),
              "BW1 art. 1:94");
  else if (period == PERIOD_AFTER_DISSOLUTION)
    add_text (root, "marital.in_community",
              _("The debt is outside the community: it arose after the community was dissolved."),
              "BW1 art. 1:99");
  else if (relation->regime == DK_MARITAL_REGIME_FULL_COMMUNITY)
    {
      result->in_community = TRUE;
      add_text (root, "marital.in_community",
                _("The debt falls in the full community: all debts of either spouse do, also those from "
                  "before the marriage."),
                "BW1 art. 1:94 (old, for communities arisen before 2018)");
    }
  else if (period == PERIOD_DURING)
    {
      result->in_community = TRUE;
      add_text (root, "marital.in_community",
                _("The debt falls in the limited community: it arose while the community existed."),
                "BW1 art. 1:94");
    }
  else if (debt->party == DK_CONTRACTING_PARTY_JOINT)
    {
      result->in_community = TRUE;
      add_text (root, "marital.in_community",
                _("The debt falls in the limited community: both spouses entered into it before the community."),
                "BW1 art. 1:94");
    }
  else
    add_text (root, "marital.in_community",
              _("The debt stays private: one spouse entered into it before the limited community."),
              "BW1 art. 1:94");

  result->community_dissolved = result->in_community && dissolved;

  /* Liability towards the creditor (contract, art. 1:85, 1:102). */
  switch (debt->party)
    {
    case DK_CONTRACTING_PARTY_CLIENT: result->liable = DK_LIABLE_CLIENT; break;
    case DK_CONTRACTING_PARTY_PARTNER: result->liable = DK_LIABLE_PARTNER; break;
    case DK_CONTRACTING_PARTY_JOINT:
    default: result->liable = DK_LIABLE_BOTH; break;
    }

  if (debt->party == DK_CONTRACTING_PARTY_JOINT)
    line = dk_breakdown_add (root, DK_BREAKDOWN_TEXT, "marital.liable",
                             _("A creditor can claim the whole debt from both: both entered into it."),
                             0, N_("input: joint and several (hoofdelijk) debtors"));
  else if (debt->household_debt && married_at_origin)
    {
      result->liable = DK_LIABLE_BOTH;
      line = dk_breakdown_add (root, DK_BREAKDOWN_TEXT, "marital.liable",
                               _("A creditor can claim the whole debt from both spouses: it is a household debt."),
                               0, "BW1 art. 1:85");
    }
  else if (debt->party == DK_CONTRACTING_PARTY_CLIENT)
    line = dk_breakdown_add (root, DK_BREAKDOWN_TEXT, "marital.liable",
                             _("A creditor can claim the debt from the client only: the client entered into it."),
                             0, N_("input: contracting party"));
  else
    line = dk_breakdown_add (root, DK_BREAKDOWN_TEXT, "marital.liable",
                             _("A creditor can claim the debt from the partner only: the partner entered into it."),
                             0, N_("input: contracting party"));

  if (debt->household_debt && !married_at_origin && debt->party != DK_CONTRACTING_PARTY_JOINT)
    dk_breakdown_set_note (line, _("The household-debt rule (BW1 art. 1:85) binds only spouses and registered "
                                   "partners, and only for debts that arose while they were married."));

  if (result->community_dissolved)
    {
      add_text (root, "marital.after_dissolution",
                _("After the dissolution each spouse stays liable for the whole for the community debts they "
                  "were liable for before."),
                "BW1 art. 1:102");

      result->liable_limited = DK_LIABLE_BOTH & ~result->liable;
      if (result->liable_limited != DK_LIABLE_NONE)
        add_text (root, "marital.liable_limited",
                  _("The other spouse is liable for this community debt only with what they received from the "
                    "division of the community."),
                  "BW1 art. 1:102");
    }

  /* Recourse (art. 1:96, 1:102). */
  if (!community_regime)
    {
      result->recourse = DK_RECOURSE_OWN_GOODS;
      add_text (root, "marital.recourse",
                _("The creditor can take only the own goods of whoever is liable."),
                is_union ? "BW1 art. 1:93" : relation->kind == DK_RELATION_NONE
                                             ? "input" : "No statutory community (general property law)");
    }
  else if (result->community_dissolved)
    {
      result->recourse = DK_RECOURSE_AFTER_DISSOLUTION;
      add_text (root, "marital.recourse",
                _("The community is dissolved: what the creditor can take follows the liability after "
                  "dissolution."),
                "BW1 art. 1:102");
    }
  else if (dissolved)
    {
      result->recourse = DK_RECOURSE_OWN_GOODS;
      add_text (root, "marital.recourse",
                _("The creditor can take only the own goods of whoever is liable: the debt is not a debt of "
                  "the dissolved community."),
                "BW1 art. 1:99");
    }
  else if (result->in_community)
    {
      result->recourse = DK_RECOURSE_COMMUNITY_AND_OWN;
      add_text (root, "marital.recourse",
                _("The creditor can take community goods and the own goods of the spouse who is liable; own "
                  "goods are spared if community goods are pointed out."),
                "BW1 art. 1:96 lid 1–2");
    }
  else if (before_reform (date))
    {
      result->recourse = DK_RECOURSE_COMMUNITY_AND_OWN_PRIVATE;
      add_text (root, "marital.recourse",
                _("The creditor can take community goods and the debtor's own goods; community goods are spared "
                  "if the other spouse points out enough own goods of the debtor."),
                "BW1 art. 1:96");
    }
  else
    {
      result->recourse = DK_RECOURSE_COMMUNITY_HALF_AND_OWN;
      line = dk_breakdown_add (root, DK_BREAKDOWN_TEXT, "marital.recourse",
                               _("The creditor can take the debtor's own goods, and community goods for only half "
                                 "of the proceeds."),
                               0, "BW1 art. 1:96 lid 1 and 3 (from 2018)");
      if (relation->regime == DK_MARITAL_REGIME_FULL_COMMUNITY)
        dk_breakdown_set_note (line, _("Applied by the calculation date; whether lid 3 also covers a community "
                                       "that arose before 2018 is not settled."));
    }

  /* Bearing between the spouses (art. 1:100). */
  if (result->in_community)
    {
      result->share_client_ppm = PPM_HALF;
      result->share_partner_ppm = PPM_HALF;
    }
  else
    {
      switch (debt->party)
        {
        case DK_CONTRACTING_PARTY_CLIENT:
          result->share_client_ppm = PPM_WHOLE;
          break;
        case DK_CONTRACTING_PARTY_PARTNER:
          result->share_partner_ppm = PPM_WHOLE;
          break;
        case DK_CONTRACTING_PARTY_JOINT:
        default:
          result->share_client_ppm = PPM_HALF;
          result->share_partner_ppm = PPM_HALF;
          break;
        }
    }

  {
    const char *rule;
    const char *note = NULL;

    if (result->in_community)
      {
        rule = "BW1 art. 1:100";
        note = _("Equal shares unless fairness requires otherwise.");
      }
    else if (debt->party == DK_CONTRACTING_PARTY_JOINT)
      {
        rule = "Assumption: equal shares between joint debtors (not in the domain brief)";
      }
    else
      rule = "input: contracting party";

    line = dk_breakdown_add (root, DK_BREAKDOWN_RATE, "marital.share.client",
                             _("Share of the debt the client bears"), result->share_client_ppm, rule);
    dk_breakdown_set_note (line, note);
    line = dk_breakdown_add (root, DK_BREAKDOWN_RATE, "marital.share.partner",
                             _("Share of the debt the partner bears"), result->share_partner_ppm, rule);
    dk_breakdown_set_note (line, note);
  }

  return g_steal_pointer (&result);
}
