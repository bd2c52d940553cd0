#pragma once

#include <glib.h>

#include "dk-case-repo.h"
#include "dk-debt.h"
#include "dk-fixed-cost.h"
#include "dk-household.h"
#include "dk-income.h"
#include "dk-marital.h"

G_BEGIN_DECLS

/*
 * The words a person reads for the domain's values, where shared/ has no label of its own
 * (dk_case_phase_label(), dk_note_kind_label(), dk_wgs_deadline_label() and the lower-case
 * dk_*_describe() functions are there). Pure and translated: each returns a static string (or, for the
 * functions that say they do, a new one), so it is tested without a display. Labels start with a
 * capital, for lists and titles.
 */

const char *dk_person_role_label             (DkPersonRole            role);
const char *dk_income_source_label           (DkIncomeSource          source);
/* "Per month", "Per four weeks", … */
const char *dk_income_period_label           (DkIncomePeriod          period);
/* The same after an amount: "per month", "per four weeks", … */
const char *dk_income_period_after_amount    (DkIncomePeriod          period);
const char *dk_fixed_cost_kind_label         (DkFixedCostKind         kind);
const char *dk_debt_type_label               (DkDebtType              type);
const char *dk_debt_status_label             (DkDebtStatus            status);
const char *dk_contracting_party_label       (DkContractingParty      party);
/* The heading of a group of debts: "Debts of the client", "Debts of the partner", "Joint debts". */
const char *dk_contracting_party_group_title (DkContractingParty      party);
const char *dk_marital_regime_label          (DkMaritalRegime         regime);
const char *dk_union_kind_label              (DkUnionKind             kind);
/* The kind of a household event as a choice in a list: "Birth", "Partner moves in", … */
const char *dk_household_event_kind_label    (DkHouseholdEventKind    kind);

/* A symbolic icon for each kind of note or contact: a phone for a call, a house for a home visit, … */
const char *dk_note_kind_icon_name           (DkNoteKind              kind);

/* "Sanne van Dijk": given names, prefix and family name with single spaces; "Unnamed person" when all
 * are empty. Free with g_free(). */
char       *dk_person_display_name           (const DkPerson         *person);

/* "••••••019": every digit but the last three hidden, so a shoulder-surfer at the kitchen table learns
 * nothing; NULL or "" gives NULL. Free with g_free(). */
char       *dk_bsn_mask                      (const char             *bsn);

/*
 * One event of the timeline in plain words, naming the persons from @timeline (or "someone" when a
 * person is not in it): "Birth of Noa van Dijk (parent: Sanne van Dijk)", "Marriage with Jeroen Bakker
 * (limited community of property)", "Jeroen Bakker moves out". Free with g_free().
 */
char       *dk_household_event_describe_full (const DkHouseholdEvent *event,
                                              const DkHouseholdTimeline *timeline);

/*
 * What a debt is between the partners, from dk_marital_classify(): "Community debt", "Community debt
 * (community dissolved)", "Joint debt" (both signed, no community), "Own debt of the client",
 * "Own debt of the partner".
 */
const char *dk_debt_classification_label     (const DkMaritalClassification *classification,
                                              DkContractingParty             party);

/* Who bears the debt between the partners: "Client 50 %, partner 50 %", or "Client 100 %" when the
 * partner bears nothing. Free with g_free(). */
char       *dk_debt_shares_text              (const DkMaritalClassification *classification);

/*
 * What a synced record and field are called on screen, for the review of conflicts and refused
 * changes: "Case: counsellor", "Income: net amount", "Debt". @field may be NULL (the whole record).
 * Names this function does not know are shown as they are. Free with g_free().
 */
char       *dk_synced_field_label            (const char             *table,
                                              const char             *field);

G_END_DECLS
