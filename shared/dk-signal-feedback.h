#pragma once

#include <glib.h>

#include "dk-signal-outcome.h"
#include "dk-signal-period.h"

G_BEGIN_DECLS

/*
 * Feedback to a signal partner: per signal, the partner's own reference and what may be said about it
 * at @month_end (dk_signal_feedback_decide(): picked up, not picked up, the DDAS result where the model
 * allows it, or returned when still unhandled). Pure: built from a DkSignalPeriod.
 */

/* The feedback state of @signal at @month_end: only results and pick-ups dated on or before it count. */
void  dk_signal_feedback_input_for (const DkSignalPeriodSignal *signal,
                                    const GDate                *month_end,
                                    DkSignalFeedbackInput      *out_input);

/*
 * CSV (UTF-8, ';'-separated as the signal files, a header line, fields with ';', '"' or a line break
 * quoted) with the columns partner_name, partner_reference, signal_date, feedback (picked_up,
 * not_picked_up, ddas_result, returned) and ddas_result (the DDAS end result when feedback is
 * ddas_result, else empty). One line per signal of @period, in its order. No personal data of the
 * resident: the partner's reference is what the partner knows the signal by.
 */
char *dk_signal_feedback_csv       (const DkSignalPeriod       *period,
                                    const GDate                *month_end);

G_END_DECLS
