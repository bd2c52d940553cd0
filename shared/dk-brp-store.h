#pragma once

#include <glib.h>

#include "dk-brp-match.h"
#include "dk-signal.h"
#include "dk-store.h"

G_BEGIN_DECLS

/*
 * The outcomes of the population register check in the central store (table early_signal_brp,
 * server-only, one row per checked signal). A signal without a row has not been checked yet: a failed
 * request leaves it so, and the next run tries again.
 */

typedef enum
{
  DK_BRP_QUERY_BSN,       /* RaadpleegMetBurgerservicenummer */
  DK_BRP_QUERY_ADDRESS,   /* ZoekMetPostcodeEnHuisnummer */
} DkBrpQuery;

/* The signals that have no BRP outcome yet, oldest import first, at most @limit (0: all). Each DkSignal
 * holds only what the check uses (BSN, name, birth date, address); @out_ids (not NULL) gets the
 * early_signal ids in the same order. */
GPtrArray *dk_brp_store_unchecked (DkStore             *store,
                                   guint                limit,
                                   GPtrArray          **out_ids,
                                   GError             **error);

/* Stores the verdict on signal @signal_id, checked now. An uncertain verdict goes to the review
 * queue (review 'pending'); any other needs no review. */
gboolean   dk_brp_store_record    (DkStore             *store,
                                   const char          *signal_id,
                                   DkBrpQuery           query,
                                   const DkBrpVerdict  *verdict,
                                   GError             **error);

/* One signal in the review queue, without personal data: a person looks the resident up in the BRP
 * client from the signal itself. */
typedef struct
{
  char *signal_id;
  char *signal_date;    /* YYYY-MM-DD */
  char *partner_type;   /* the DDAS partner type as stored */
  char *query;          /* "bsn" or "address" */
  char *reason;         /* the machine reason of the verdict: "two_candidates", … */
} DkBrpReview;

void       dk_brp_review_free     (DkBrpReview         *review);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkBrpReview, dk_brp_review_free)

/* The pending reviews (DkBrpReview), oldest signal first. */
GPtrArray *dk_brp_store_pending   (DkStore             *store,
                                   GError             **error);

/* A person's decision on the pending review of signal @signal_id: sets @outcome (not uncertain) with
 * the DDAS end result the automatic check gives it (dk_brp_outcome_ddas_code()), review 'resolved'.
 * @out_resolved is FALSE, and nothing changes, when the signal has no pending review. Call it inside
 * a transaction with the audit row. */
gboolean   dk_brp_store_resolve   (DkStore             *store,
                                   const char          *signal_id,
                                   DkBrpOutcome         outcome,
                                   gboolean            *out_resolved,
                                   GError             **error);

G_END_DECLS
