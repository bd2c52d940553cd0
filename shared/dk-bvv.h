#pragma once

#include <glib.h>

#include "dk-breakdown.h"
#include "dk-norms.h"
#include "dk-situation.h"

G_BEGIN_DECLS

/*
 * The statutory garnishment-free amount (beslagvrije voet, BVV) of Rv art. 475da–475dc, per month, from
 * one norm table. Rules, in this order:
 *   - lid 4 (no home address in the BRP): 47.5% of the Pw art. 21 b norm, instead of lid 1–2;
 *   - 475dc lid 2 (benefit payer): 95% of the debtor's own norm minus Pw art. 32 income; final;
 *   - otherwise the lid 2 formula for the situation, limited by the lid 1 maximum;
 *   - then the lid 5 raise for high housing costs (on request), the 475db deductions (spouse's unseized
 *     income up to half the BVV, own unseized income, company-car tax; never below 0), and the
 *     475dc lid 1 limit of 95% of the monthly income.
 *
 * Rounding (the statute has none): every term is computed exactly (128-bit) and rounded once to whole
 * cents, half away from zero, as the breakdown shows it; the total is the sum of the rounded terms, so
 * the lines always add up. 95% × 1,401.50 = 1,331.425 → 1,331.43.
 *
 * The published lid 1 maximum amounts are taken as authoritative for the housing term: see the note
 * on "bvv.housing.base_rent" and bvv-formula.md §4.
 */

#define DK_BVV_ERROR (dk_bvv_error_quark ())

typedef enum
{
  DK_BVV_ERROR_NEGATIVE_INPUT,      /* an amount below zero */
  DK_BVV_ERROR_INPUT_TOO_LARGE,     /* an amount above DK_BVV_MAX_INPUT */
  DK_BVV_ERROR_INVALID_SITUATION,   /* not one of DkSituation */
  DK_BVV_ERROR_INCONSISTENT_INPUT,  /* e.g. a spouse's income for a debtor without a spouse */
} DkBvvError;

/* € 1,000,000,000,000 in cents: far above any real income, and low enough that no term overflows. */
#define DK_BVV_MAX_INPUT G_GINT64_CONSTANT (100000000000000)

/* Amounts in cents, monthly unless the name says _year. */
typedef struct
{
  DkSituation situation;
  gint64      taxable_income_year;     /* C: debtor + spouse, annualised (Rv 475d lid 1) */
  gint64      monthly_income;          /* periodic income incl. holiday allowance (475dc lid 1) */
  gint64      spouse_unseized_income;  /* 475db lid 1 a; couples only */
  gint64      own_unseized_income;     /* 475db lid 1 b */
  gint64      company_car_tax;         /* 475db lid 1 c */
  gboolean    benefit_payer;           /* 475dc lid 2 applies (designated benefit, e.g. Pw) */
  gint64      pw32_other_income;       /* 475dc lid 2: income under Pw art. 32 */
  gboolean    high_housing_raise;      /* 475da lid 5 requested */
  gint64      housing_costs;           /* actual monthly housing costs, for lid 5 */
  gboolean    no_home_address;         /* 475da lid 4 */
  gboolean    pension_age;             /* with benefit_payer: the debtor's norm is the Pw art. 22 one */
} DkBvvInput;

typedef struct
{
  gint64       bvv;            /* cents per month */
  DkBreakdown *breakdown;      /* root id "bvv"; "bvv.formula" holds the lid 2 result */
  char        *norm_table_id;  /* "2026-07-01" */
} DkBvvResult;

GQuark   dk_bvv_error_quark  (void);

/* On failure returns FALSE and leaves @result untouched. A figure the table lacks gives
 * DK_NORMS_ERROR_MISSING naming the figure and the period. @result must be zero-initialised or
 * cleared; free it with dk_bvv_result_clear(). */
gboolean dk_bvv_calculate    (const DkNormTable  *table,
                              const DkBvvInput   *input,
                              DkBvvResult        *result,
                              GError            **error);
void     dk_bvv_result_clear (DkBvvResult        *result);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DkBvvResult, dk_bvv_result_clear)

G_END_DECLS
