#pragma once

#include <glib.h>

#include "dk-signal-outcome.h"
#include "dk-store.h"

G_BEGIN_DECLS

/*
 * Outcomes and contact attempts of early-signal cases in the central store (early_signal_case and
 * early_signal_contact, domain migration 6). Each call is one transaction (a savepoint inside one).
 */

#define DK_SIGNAL_OUTCOME_ERROR (dk_signal_outcome_error_quark ())

typedef enum
{
  DK_SIGNAL_OUTCOME_ERROR_INVALID,    /* not a DDAS code, or a date that cannot be */
  DK_SIGNAL_OUTCOME_ERROR_NOT_FOUND,  /* no case with that id */
} DkSignalOutcomeError;

GQuark   dk_signal_outcome_error_quark (void);

/*
 * Gives case @case_id the end result @code (a DDAS EnumEindresultaat code, exactly) dated @date, and
 * closes it: an end result ends the case, so the household's next signal starts a new one. @picked_up_on
 * (may be NULL) sets the date the case was picked up (DDAS datum_opgepakt) when it has none yet. A
 * result given again replaces the earlier one (a correction). @date may not lie before the start of
 * the case's matching period (its first signal): the matching itself may run later than the work.
 */
gboolean dk_signal_case_set_outcome    (DkStore             *store,
                                        const char          *case_id,
                                        const char          *code,
                                        const GDate         *date,
                                        const GDate         *picked_up_on,
                                        GError             **error);

/*
 * Records a contact attempt (DDAS Contactpoging) on case @case_id: @kind a DDAS EnumContactsoort code,
 * @part_of_day an EnumDagdeel code or NULL. The first attempt picks the case up (its date becomes
 * datum_opgepakt unless one was set), and the earliest attempt that reached the resident is the
 * case's first contact. @date may not lie before the case's first signal.
 */
gboolean dk_signal_case_add_contact    (DkStore             *store,
                                        const char          *case_id,
                                        const char          *kind,
                                        gboolean             reached,
                                        const GDate         *date,
                                        const char          *part_of_day,
                                        GError             **error);

G_END_DECLS
