#pragma once

#include <glib.h>

#include "dk-signal-outcome.h"
#include "dk-signal-period.h"

G_BEGIN_DECLS

/*
 * The monitoring indicators of early signalling for a period (issue 6: the Divosa/DDAS indicators):
 * counts only, never personal data. Pure: computed from a DkSignalPeriod.
 *
 * - signals per partner type, and in all;
 * - unique households: distinct household keys (dk_signal_match_household_key()) of the signals;
 * - cases: the cases of the period's signals, set-aside cases (nobody is contacted for them) left out;
 *   reached: those with a first contact; the reach rate is reached / cases;
 * - outcomes: the cases per DDAS end result, and those without one yet (open);
 * - time to pick-up: per picked-up case, the days from its earliest signal of the period to the day it
 *   was picked up (datum_opgepakt); the median of those (the mean of the middle two for an even count).
 */
typedef struct
{
  guint   n_signals;
  guint   signals_by_partner[DK_SIGNAL_N_PARTNERS];
  guint   n_households;
  guint   n_cases;
  guint   n_reached;
  guint   cases_by_result[DK_SIGNAL_N_RESULTS];
  guint   n_without_result;
  guint   n_picked_up;
  double  median_days_to_pick_up;   /* meaningful when n_picked_up > 0 */
} DkSignalReport;

void dk_signal_report_compute (const DkSignalPeriod *period,
                               DkSignalReport       *out_report);

/* The reach rate in per cent, 0 when there are no cases. */
double dk_signal_report_reach_rate (const DkSignalReport *report);

G_END_DECLS
