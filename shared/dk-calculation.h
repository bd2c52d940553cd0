#pragma once

#include <json-glib/json-glib.h>

#include "dk-breakdown.h"
#include "dk-norms.h"
#include "dk-proposal.h"
#include "dk-situation.h"

G_BEGIN_DECLS

/* One complete calculation for a household on a date: BVV → VTLB → repayment capacity → payment
 * proposal, with one breakdown tree. The same input gives the same result in the client, the server
 * and draagkracht-calc. The input format is documented in the README ("draagkracht-calc"). */

typedef struct _DkCalculationInput DkCalculationInput;

typedef struct
{
  char   *person;
  gint64  capacity;
} DkCapacityShare;

typedef struct
{
  GDate             date;
  DkSituation       situation;
  char             *norm_table_id;
  char             *norm_table_title;
  gint64            income;          /* the household's net monthly income, cents */
  gint64            bvv;
  gint64            vtlb;
  gint64            capacity;
  gboolean          zero_offer;
  GArray           *capacity_shares; /* DkCapacityShare, couples with two incomes; else empty */
  gboolean          has_proposal;    /* there were debts to propose on */
  DkProposalResult  proposal;
  DkBreakdown      *breakdown;       /* id "calculation" */
} DkCalculationResult;

DkCalculationInput *dk_calculation_input_from_json  (JsonNode                   *root,
                                                     GError                    **error);
DkCalculationInput *dk_calculation_input_from_data  (const char                 *data,
                                                     gssize                      length,
                                                     GError                    **error);
void                dk_calculation_input_free       (DkCalculationInput         *input);
const GDate        *dk_calculation_input_get_date   (const DkCalculationInput   *input);

gboolean            dk_calculation_run              (DkNormSet                  *norms,
                                                     const DkCalculationInput   *input,
                                                     DkCalculationResult        *result,
                                                     GError                    **error);
void                dk_calculation_result_clear     (DkCalculationResult        *result);
JsonNode           *dk_calculation_result_to_json   (const DkCalculationResult  *result);
char               *dk_calculation_result_to_text   (const DkCalculationResult  *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkCalculationInput, dk_calculation_input_free)
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (DkCalculationResult, dk_calculation_result_clear)

G_END_DECLS
