#pragma once

#include <glib.h>

#include "dk-breakdown.h"

G_BEGIN_DECLS

/*
 * The payment proposal of an amicable settlement (minnelijke schuldregeling), domain.md §5: the debtor
 * pays the repayment capacity every month of the term; the total goes to the creditors pro rata
 * (ponds-pondsgewijs), preferential creditors at twice the concurrent percentage (P3, D5), and the rest
 * of the debt is written off. A prognosis agreement recomputes the total when the capacity changes
 * during the term.
 */

/* Since 1 July 2023 (domain.md §5). */
#define DK_PROPOSAL_DEFAULT_TERM_MONTHS 18

/* A sanity bound, not a legal figure: a longer term is surely a typing error, and dates stay in range. */
#define DK_PROPOSAL_MAX_TERM_MONTHS 1200

#define DK_PROPOSAL_ERROR (dk_proposal_error_quark ())

typedef enum
{
  DK_PROPOSAL_ERROR_INVALID_TERM,      /* 0 months, or more than DK_PROPOSAL_MAX_TERM_MONTHS */
  DK_PROPOSAL_ERROR_INVALID_CAPACITY,  /* a negative monthly capacity */
  DK_PROPOSAL_ERROR_NO_CREDITORS,
  DK_PROPOSAL_ERROR_INVALID_CREDITOR,  /* no id or name, a duplicate id, nothing owed */
  DK_PROPOSAL_ERROR_INVALID_CHANGE,    /* a prognosis change outside the term or out of order */
  DK_PROPOSAL_ERROR_OUT_OF_RANGE,      /* the amounts add up beyond what an amount can hold */
} DkProposalError;

typedef struct
{
  const char *id;            /* stable key of the creditor in the case; unique in the list */
  const char *name;
  gint64      owed;          /* cents, > 0 */
  gboolean    preferential;  /* preferent (e.g. the Belastingdienst) rather than concurrent */
} DkCreditor;

/* From month @from_month of the term (1 = the first month) the monthly capacity is @capacity, until the
 * next change. */
typedef struct
{
  guint  from_month;
  gint64 capacity;
} DkCapacityChange;

typedef struct
{
  gint64                  monthly_capacity;  /* cents, >= 0: the capacity in month 1 */
  guint                   term_months;       /* 1 .. DK_PROPOSAL_MAX_TERM_MONTHS */
  /* The date the proposal goes to the creditors (phase 2, domain.md §5), or NULL when not known yet:
   * then the result has no dates. */
  const GDate            *start;
  const DkCreditor       *creditors;
  gsize                   n_creditors;
  /* The prognosis agreement: changes in strictly increasing from_month order, each within the term. */
  const DkCapacityChange *changes;
  gsize                   n_changes;
} DkProposalInput;

typedef struct
{
  char    *id;
  char    *name;
  gint64   owed;
  gboolean preferential;
  gint64   amount;          /* what this creditor receives over the whole term, cents */
  gint64   percentage_ppm;  /* the percentage of its class, parts per million */
} DkProposalShare;

typedef struct
{
  guint            term_months;
  GDate            start;              /* invalid (g_date_valid() is FALSE) when no start date was given */
  GDate            end;
  gint64           total;              /* Σ of the monthly capacities over the term */
  gint64           paid;               /* what the creditors receive: the total, or all debt if that is less */
  gint64           surplus;            /* total − all debt when the total covers it; reported, not paid */
  gint64           total_debt;
  gint64           preferential_debt;
  gint64           concurrent_debt;
  gint64           concurrent_ppm;     /* 0 when there are no concurrent creditors */
  gint64           preferential_ppm;   /* 0 when there are no preferential creditors */
  gboolean         zero_offer;         /* the total is 0 */
  gboolean         preferential_capped; /* twice the concurrent percentage would pass 100% */
  DkProposalShare *shares;             /* in the order of the input creditors */
  gsize            n_shares;
  DkBreakdown     *breakdown;          /* id "proposal" */
} DkProposalResult;

GQuark   dk_proposal_error_quark    (void);

/* Zeroes @input and sets the default term. */
void     dk_proposal_input_init     (DkProposalInput    *input);

/*
 * Fills @result (the caller clears it with dk_proposal_result_clear()); untouched on failure.
 *
 * Distribution: with Dp the preferential and Dc the concurrent debt, the concurrent percentage is
 * x = total / (2·Dp + Dc) and the preferential one 2x; the cents are split by largest remainder with
 * weight debt × 2 (preferential) or debt × 1, so they add up to the total exactly. When 2x would pass
 * 100%, preferential creditors get 100% and the rest goes pro rata to the concurrent ones. When the total
 * covers all debt, everyone gets 100% and the surplus is reported, not paid. No creditor gets more than
 * it is owed.
 */
gboolean dk_proposal_calculate      (const DkProposalInput *input,
                                     DkProposalResult      *result,
                                     GError               **error);

void     dk_proposal_result_clear   (DkProposalResult   *result);

/* The term date rule: the last day of a term of @term_months starting on @start is
 * @start + @term_months months − 1 day (GDate clamps 31 August + 6 months to the end of February). */
void     dk_proposal_term_end       (const GDate        *start,
                                     guint               term_months,
                                     GDate              *out_end);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DkProposalResult, dk_proposal_result_clear)

G_END_DECLS
