#pragma once

#include <glib.h>

#include "dk-breakdown.h"
#include "dk-norms.h"
#include "dk-situation.h"

G_BEGIN_DECLS

/*
 * The VTLB (vrij te laten bedrag) of the Recofa method, domain.md §3.2: VTLB = BVV + the nominal
 * corrections on top of it. The BVV comes in as a figure (with its own breakdown, attached as a child),
 * so this module does not care how it was computed. Every correction whose amount the brief does not
 * know is an explicit input; the only figure read from the norm table is the pension-age correction.
 */

#define DK_VTLB_ERROR (dk_vtlb_error_quark ())

typedef enum
{
  DK_VTLB_ERROR_INVALID_INPUT,  /* an amount, count or item that cannot be right */
  DK_VTLB_ERROR_OUT_OF_RANGE,   /* the amounts do not add up within the range of money */
} DkVtlbError;

/* One further addition the worker enters (work allowance, reserve allowance, school costs, childcare,
 * …): the program knows none of these amounts, so each comes with the reason it was granted. */
typedef struct
{
  const char *id;      /* stable key, lower-case letters, digits and '_': "childcare" */
  const char *label;   /* what a person reads, already translated */
  gint64      amount;  /* cents per month, >= 0 */
  const char *reason;  /* why, and on what basis: required, shown as the line's note */
} DkVtlbAddition;

typedef struct
{
  /* The statutory BVV (Rv 475da–475dc), cents per month, >= 0. bvv_breakdown may be NULL (then the
   * figure is shown as an input); when given, its value must equal bvv and it is attached by reference. */
  gint64          bvv;
  DkBreakdown    *bvv_breakdown;

  DkSituation     situation;

  /* Persons in the household who have reached the AOW (pension) age: 0, 1, or 2 for a couple. */
  guint           n_pension_age;

  /* Correctie individuele lasten: only applied when the worker compared all three parts (health premium,
   * housing costs, missing kindgebonden budget); may be negative. Ignored (and said so) otherwise. */
  gboolean        individual_costs_compared;
  gint64          individual_costs_correction;

  /* Travel costs home–work, cents per month, >= 0, as the worker computed them. */
  gint64          travel_costs;

  const DkVtlbAddition *additions;
  gsize           n_additions;
} DkVtlbInput;

typedef struct
{
  gint64       vtlb;           /* cents per month */
  gint64       pension_age_correction;
  DkBreakdown *breakdown;      /* id "vtlb" */
  char        *norm_table_id;
} DkVtlbResult;

typedef struct
{
  gint64       debtor_share;
  gint64       partner_share;
  DkBreakdown *breakdown;      /* id "vtlb.partner_split" */
} DkVtlbCostSplit;

GQuark   dk_vtlb_error_quark        (void);

/*
 * Fills @result (which the caller clears with dk_vtlb_result_clear()). Refuses with DK_NORMS_ERROR_MISSING
 * when the household has someone at pension age and @table lacks one of the two norms the correction
 * needs, and with DK_VTLB_ERROR for impossible input. @result is untouched on failure.
 */
gboolean dk_vtlb_calculate          (const DkNormTable  *table,
                                     const DkVtlbInput  *input,
                                     DkVtlbResult       *result,
                                     GError            **error);

/*
 * The pension-age (PGL) correction alone: 95% of the AOW-age norm minus 95% of the regular 21+ norm
 * for @situation (each rounded to cents as in the BVV), or 0 when @n_pension_age is 0. @out_line, when
 * not NULL, receives a new line with id "vtlb.pension_age" explaining it.
 */
gboolean dk_vtlb_pension_age_correction (const DkNormTable *table,
                                         DkSituation        situation,
                                         guint              n_pension_age,
                                         gint64            *out_cents,
                                         DkBreakdown      **out_line,
                                         GError           **error);

void     dk_vtlb_result_clear       (DkVtlbResult       *result);

/*
 * Splits a cost the debtor shares with a partner pro rata to their net incomes (domain.md §3.4, D6:
 * 900 over 2,000 / 1,000 is 600 / 300); equal incomes, including both zero, give half each. The parts
 * add up to @cost exactly (largest remainder; an odd cent goes to the debtor). This is NVVK/Wsnp practice,
 * not statute, and the breakdown says so. Clear @result with dk_vtlb_cost_split_clear().
 */
gboolean dk_vtlb_split_shared_cost  (gint64              cost,
                                     gint64              debtor_income,
                                     gint64              partner_income,
                                     DkVtlbCostSplit    *result,
                                     GError            **error);

void     dk_vtlb_cost_split_clear   (DkVtlbCostSplit    *result);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DkVtlbResult, dk_vtlb_result_clear)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DkVtlbCostSplit, dk_vtlb_cost_split_clear)

G_END_DECLS
