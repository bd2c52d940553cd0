#pragma once

#include <glib.h>

#include "dk-breakdown.h"

G_BEGIN_DECLS

/*
 * Repayment capacity (aflossingscapaciteit) = income − VTLB, never below zero: since 1 July 2024 the
 * VTLB is a floor and a household without capacity gets a zero offer (nul-aanbod), domain.md §3.1, D7.
 */

#define DK_CAPACITY_ERROR (dk_capacity_error_quark ())

typedef enum
{
  DK_CAPACITY_ERROR_INVALID_INPUT,  /* a negative income or VTLB, or a VTLB that disagrees with its breakdown */
} DkCapacityError;

typedef struct
{
  gint64       capacity;    /* cents per month, >= 0 */
  gboolean     zero_offer;  /* capacity is 0: the offer to creditors is a zero offer */
  DkBreakdown *breakdown;   /* id "capacity" */
} DkCapacityResult;

typedef struct
{
  gint64       share_a;
  gint64       share_b;
  DkBreakdown *breakdown;   /* id "capacity.partner_split" */
} DkCapacitySplit;

GQuark   dk_capacity_error_quark    (void);

/*
 * @income and @vtlb in cents per month, both >= 0. @vtlb_breakdown (may be NULL) is attached by reference;
 * its value must equal @vtlb. @date is the calculation date: the floor is applied for every date, and for a
 * date before 1 July 2024 the breakdown notes that the rule was different then. @result is cleared by
 * the caller with dk_capacity_result_clear() and untouched on failure.
 */
gboolean dk_capacity_calculate      (gint64              income,
                                     gint64              vtlb,
                                     DkBreakdown        *vtlb_breakdown,
                                     const GDate        *date,
                                     DkCapacityResult   *result,
                                     GError            **error);

void     dk_capacity_result_clear   (DkCapacityResult   *result);

/*
 * Splits a couple's joint capacity over the two partners (each with their own creditors) pro rata to
 * each partner's net income, parts summing exactly to @joint_capacity (an odd cent goes to partner a).
 * Equal incomes, including both zero, give half each. No source states this rule: it is the best-known
 * approximation of domain.md §3.4 [U], and the breakdown says so.
 */
gboolean dk_capacity_split          (gint64              joint_capacity,
                                     gint64              income_a,
                                     gint64              income_b,
                                     DkCapacitySplit    *result,
                                     GError            **error);

void     dk_capacity_split_clear    (DkCapacitySplit    *result);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DkCapacityResult, dk_capacity_result_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DkCapacitySplit, dk_capacity_split_clear)

G_END_DECLS
