#pragma once

#include <glib.h>

#include "dk-breakdown.h"

G_BEGIN_DECLS

/*
 * Marital property law for debts (huwelijksvermogensrecht), domain brief §7: which debts fall in the
 * community of property, who a creditor can sue, what the creditor can take, and how the spouses bear
 * the debt between themselves. Pure functions, no database.
 *
 * Everything is seen from the dossier's client: "partner" is the client's (former) spouse, registered
 * partner or cohabitant. A registered partnership follows the rules for marriage (BW1 art. 1:80b).
 */

#define DK_MARITAL_ERROR (dk_marital_error_quark ())

typedef enum
{
  DK_MARITAL_ERROR_NO_ORIGIN_DATE,     /* spouses: the date the debt arose is needed and missing */
  DK_MARITAL_ERROR_ORIGIN_AFTER_DATE,  /* the debt arose after the date of the calculation */
  DK_MARITAL_ERROR_INVALID_RELATION,   /* the relation is incomplete or inconsistent with the date */
} DkMaritalError;

GQuark dk_marital_error_quark (void);

/* The property regime of a marriage or registered partnership. */
typedef enum
{
  DK_MARITAL_REGIME_FULL_COMMUNITY,     /* algehele gemeenschap, old art. 1:94: community arisen before 2018-01-01 */
  DK_MARITAL_REGIME_LIMITED_COMMUNITY,  /* beperkte gemeenschap, art. 1:94 from 2018-01-01 */
  DK_MARITAL_REGIME_PRENUPTIAL,         /* huwelijkse voorwaarden (art. 1:93, 1:114–116): own debts stay own */
} DkMaritalRegime;

typedef enum
{
  DK_UNION_MARRIAGE,
  DK_UNION_REGISTERED_PARTNERSHIP,
} DkUnionKind;

/* The client's relation with a partner on a given date. */
typedef enum
{
  DK_RELATION_NONE,        /* no partner (or a cohabitation that ended) */
  DK_RELATION_COHABITING,  /* unmarried, living together: no statutory community */
  DK_RELATION_MARRIED,     /* married or registered partners; the community may already be dissolved (1:99) */
  DK_RELATION_DIVORCED,    /* the marriage has ended by divorce (or the partnership by dissolution) */
  DK_RELATION_WIDOWED,     /* the marriage has ended by the partner's death */
} DkRelationKind;

/*
 * @union_date is the date of the marriage or partnership, which is when the community arises.
 * @dissolution_date is when the community was dissolved (art. 1:99: the day the divorce request was
 * filed, for a partnership ended by agreement the day of the agreement, or the day the marriage
 * ended); @end_date is when the marriage itself ended (divorce registered, death). Dates that do not
 * apply are cleared (g_date_valid() is FALSE). @partner_id is NULL for DK_RELATION_NONE.
 */
typedef struct
{
  DkRelationKind   kind;
  char            *partner_id;
  gboolean         partner_in_household;
  GDate            cohabiting_since;
  DkUnionKind      union_kind;
  DkMaritalRegime  regime;
  GDate            union_date;
  GDate            dissolution_date;
  GDate            end_date;
} DkPartnerRelation;

void             dk_partner_relation_init          (DkPartnerRelation        *relation);
void             dk_partner_relation_clear         (DkPartnerRelation        *relation);
void             dk_partner_relation_copy          (const DkPartnerRelation  *src,
                                                    DkPartnerRelation        *dest);

/* Whether @kind is a marriage or registered partnership, current or ended. */
gboolean         dk_relation_kind_is_union         (DkRelationKind            kind);

/* The regime the law gives a community that arises on @community_start without a prenuptial
 * agreement: full community before 2018-01-01, limited community from then on (domain brief §7.1). */
DkMaritalRegime  dk_marital_statutory_regime       (const GDate              *community_start);

/* Stable machine names, as stored in the database: "full_community", "marriage", "cohabiting", … */
const char      *dk_marital_regime_to_string       (DkMaritalRegime           regime);
gboolean         dk_marital_regime_from_string     (const char               *text,
                                                    DkMaritalRegime          *out);
const char      *dk_union_kind_to_string           (DkUnionKind               kind);
gboolean         dk_union_kind_from_string         (const char               *text,
                                                    DkUnionKind              *out);
const char      *dk_relation_kind_to_string        (DkRelationKind            kind);
gboolean         dk_relation_kind_from_string      (const char               *text,
                                                    DkRelationKind           *out);

/* Who entered into the debt (domain brief §7.3 contracting_party). JOINT is hoofdelijk: both signed. */
typedef enum
{
  DK_CONTRACTING_PARTY_CLIENT,
  DK_CONTRACTING_PARTY_PARTNER,
  DK_CONTRACTING_PARTY_JOINT,
} DkContractingParty;

const char      *dk_contracting_party_to_string    (DkContractingParty        party);
gboolean         dk_contracting_party_from_string  (const char               *text,
                                                    DkContractingParty       *out);

/* What the classification needs to know about a debt. */
typedef struct
{
  DkContractingParty  party;
  GDate               origin_date;     /* when the debt arose; may be cleared when unknown */
  gboolean            household_debt;  /* entered into for the normal running of the household (1:85) */
  gboolean            excluded;        /* concerns goods excluded from the community, or is personally attached */
} DkMaritalDebt;

typedef enum
{
  DK_LIABLE_NONE = 0,
  DK_LIABLE_CLIENT = 1 << 0,
  DK_LIABLE_PARTNER = 1 << 1,
  DK_LIABLE_BOTH = DK_LIABLE_CLIENT | DK_LIABLE_PARTNER,
} DkLiable;

/* What a creditor can take (art. 1:96, 1:102), summarised. */
typedef enum
{
  DK_RECOURSE_OWN_GOODS,               /* only the own goods of the liable person(s): no community */
  DK_RECOURSE_COMMUNITY_AND_OWN,       /* community debt: community goods and the debtor's own goods; own goods are
                                          spared if community goods are pointed out (1:96 lid 1–2) */
  DK_RECOURSE_COMMUNITY_AND_OWN_PRIVATE, /* private debt before 2018: community goods and own goods; community goods are
                                            spared if the other spouse points out enough own goods (1:96) */
  DK_RECOURSE_COMMUNITY_HALF_AND_OWN,  /* private debt from 2018: own goods; community goods only for half of the
                                          proceeds (1:96 lid 3) */
  DK_RECOURSE_AFTER_DISSOLUTION,       /* community dissolved: 1:102 (see liable and liable_limited) */
} DkRecourse;

const char      *dk_recourse_to_string             (DkRecourse                recourse);

/*
 * The result for one debt. The two shares always add up to exactly 1 000 000 ppm.
 * @in_community: the debt belongs to the community (a dissolved but undivided one included, see
 * @community_dissolved). @liable: who a creditor can sue for the whole. @liable_limited: who is liable
 * only with what they received from the division of the community (1:102, after dissolution).
 * @breakdown: one line per conclusion, each naming its article (ids "marital.*").
 */
typedef struct
{
  gboolean      in_community;
  gboolean      community_dissolved;
  DkLiable      liable;
  DkLiable      liable_limited;
  DkRecourse    recourse;
  gint64        share_client_ppm;
  gint64        share_partner_ppm;
  DkBreakdown  *breakdown;
} DkMaritalClassification;

/*
 * Classifies @debt for the couple @relation as it stands on @date (the calculation date; normally
 * the relation comes from dk_household_situation_on() for that date). Rules (domain brief §7):
 *
 * - in the community: old 1:94 full community: every debt of either spouse, also from before the
 *   marriage; limited community (1:94 from 2018): joint debts from before the community and every
 *   debt arising during it; prenuptial agreement, cohabitants, no partner: none. Excluded and
 *   personally attached debts never; debts that arise on or after the dissolution date never.
 * - liable for the whole: the contracting party, both for a joint debt, and both for a household
 *   debt (1:85) that arose while the spouses were married (not for cohabitants).
 * - after dissolution (1:102): whoever was liable stays liable for the whole; the other spouse is
 *   liable for community debts only with what they received from the division.
 * - internal share (1:100): 50/50 for a community debt; otherwise the contracting party 100 %; a
 *   joint debt outside any community 50/50 (an assumption: the brief gives no rule for it).
 *
 * Not modelled: a debt about goods both spouses already owned together before a limited community
 * (it is in that community, 1:94; record it as joint), renunciation (1:103–1:104) and a deviation
 * from equal shares for fairness (1:100).
 */
DkMaritalClassification *dk_marital_classify            (const DkMaritalDebt        *debt,
                                                         const DkPartnerRelation    *relation,
                                                         const GDate                *date,
                                                         GError                    **error);
void                     dk_marital_classification_free (DkMaritalClassification    *classification);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkMaritalClassification, dk_marital_classification_free)

G_END_DECLS
