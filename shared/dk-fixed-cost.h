#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * A fixed monthly cost (vaste last) of a dossier's household or of one of its persons. Pure model, no
 * database.
 */

#define DK_FIXED_COST_ERROR (dk_fixed_cost_error_quark ())

typedef enum
{
  DK_FIXED_COST_ERROR_INVALID,  /* a required field is missing, negative or out of range */
  DK_FIXED_COST_ERROR_PERIOD,   /* valid_to before valid_from */
  DK_FIXED_COST_ERROR_PARTS,    /* housing parts on the wrong kind of cost, or more than the cost itself */
} DkFixedCostError;

GQuark dk_fixed_cost_error_quark (void);

typedef enum
{
  DK_FIXED_COST_RENT,
  DK_FIXED_COST_MORTGAGE,
  DK_FIXED_COST_HEALTH_PREMIUM,
  DK_FIXED_COST_CHILDCARE,
  DK_FIXED_COST_TRAVEL,
  DK_FIXED_COST_MAINTENANCE,   /* alimentatie paid */
  DK_FIXED_COST_ENERGY,
  DK_FIXED_COST_WATER,
  DK_FIXED_COST_INSURANCE,
  DK_FIXED_COST_OTHER,
} DkFixedCostKind;

const char *dk_fixed_cost_kind_to_string   (DkFixedCostKind   kind);
gboolean    dk_fixed_cost_kind_from_string (const char       *text,
                                            DkFixedCostKind  *out);

/*
 * @monthly_cents is the whole monthly cost. Housing costs may carry their parts (@has_parts), because
 * the BVV and VTLB treat them differently: rent splits into the basic rent (kale huur) and service
 * costs, a mortgage into interest and repayment; the other pair stays 0. The parts may add up to less
 * than the whole (the rest being other housing costs such as owner's charges), never to more.
 * @person_id is NULL for a cost of the household as a whole.
 */
typedef struct
{
  char             *id;
  char             *dossier_id;
  char             *person_id;
  DkFixedCostKind   kind;
  char             *description;
  gint64            monthly_cents;
  gboolean          has_parts;
  gint64            rent_basic_cents;
  gint64            rent_service_cents;
  gint64            mortgage_interest_cents;
  gint64            mortgage_repayment_cents;
  GDate             valid_from;
  GDate             valid_to;
  char             *created_at;
  char             *updated_at;
} DkFixedCost;

DkFixedCost *dk_fixed_cost_new          (DkFixedCostKind      kind,
                                         gint64               monthly_cents,
                                         const GDate         *valid_from);
DkFixedCost *dk_fixed_cost_copy         (const DkFixedCost   *cost);
void         dk_fixed_cost_free         (DkFixedCost         *cost);

/* Start date present, amounts >= 0, parts only on rent or mortgage and not above the whole,
 * valid_to not before valid_from. */
gboolean     dk_fixed_cost_validate     (const DkFixedCost   *cost,
                                         GError             **error);
gboolean     dk_fixed_cost_is_valid_on  (const DkFixedCost   *cost,
                                         const GDate         *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkFixedCost, dk_fixed_cost_free)

G_END_DECLS
