#pragma once

#include <glib.h>

#include "dk-signal-match.h"
#include "dk-signal-outcome.h"
#include "dk-signal.h"
#include "dk-store.h"

G_BEGIN_DECLS

/*
 * The early signals of a period with the state of their cases, read once from the central store for
 * the DDAS export (dk-ddas-export.h), the indicators (dk-signal-report.h) and the feedback to partners
 * (dk-signal-feedback.h), so the three never disagree. The structs are plain data: tests build them by
 * hand.
 */

typedef struct
{
  DkSignalContactKind kind;
  gboolean            reached;
  GDate               date;
  char               *part_of_day;        /* DDAS EnumDagdeel, or NULL */
} DkSignalPeriodContact;

typedef struct
{
  char             *id;
  char             *household_key;
  DkSignalCaseKind  kind;
  gboolean          open;
  GDate             matched_on;
  GDate             period_start;
  GDate             period_end;
  GDate             picked_up_on;          /* not valid when not picked up */
  GDate             first_contact_on;      /* not valid when the resident was never reached */
  gboolean          has_result;
  DkSignalResult    result;
  GDate             result_on;             /* valid when has_result */
  GPtrArray        *contacts;              /* DkSignalPeriodContact, by date */
} DkSignalPeriodCase;

typedef struct
{
  char               *id;                  /* early_signal.id */
  DkSignal           *signal;
  gboolean            matched;
  DkSignalLinkStatus  link_status;         /* when matched */
  DkSignalPeriodCase *case_;               /* when matched: points into DkSignalPeriod.cases */
  gboolean            has_brp_result;      /* the BRP check ended the signal */
  DkSignalResult      brp_result;
} DkSignalPeriodSignal;

typedef struct
{
  GDate      from;
  GDate      to;
  GPtrArray *signals;                      /* DkSignalPeriodSignal, by signal date then id */
  GPtrArray *cases;                        /* DkSignalPeriodCase, each case of a signal once */
} DkSignalPeriod;

DkSignalPeriod        *dk_signal_period_new          (const GDate *from,
                                                      const GDate *to);
void                   dk_signal_period_free         (DkSignalPeriod *period);

/* Adds a case (owned by @period) and returns it; the caller fills it in. */
DkSignalPeriodCase    *dk_signal_period_add_case     (DkSignalPeriod *period,
                                                      const char     *id);
/* Adds a signal taking @signal; the caller fills in the rest. */
DkSignalPeriodSignal  *dk_signal_period_add_signal   (DkSignalPeriod *period,
                                                      const char     *id,
                                                      DkSignal       *signal);
void                   dk_signal_period_case_add_contact (DkSignalPeriodCase  *case_,
                                                          DkSignalContactKind  kind,
                                                          gboolean             reached,
                                                          const GDate         *date,
                                                          const char          *part_of_day);

/* The signals with a signal date from @from to @to (both included) and their cases, from the central
 * store. @partner (may be NULL) keeps only that partner type's signals. */
DkSignalPeriod        *dk_signal_period_load         (DkStore                *store,
                                                      const GDate            *from,
                                                      const GDate            *to,
                                                      const DkSignalPartner  *partner,
                                                      GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkSignalPeriod, dk_signal_period_free)

G_END_DECLS
