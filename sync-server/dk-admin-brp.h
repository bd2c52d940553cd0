#pragma once

#include "dk-admin-context.h"

G_BEGIN_DECLS

/* draagkracht-admin signals brp-check [--limit N] [--json]: checks every early signal that has no
 * BRP outcome yet against the population register ([brp] in the config file), at most [brp]
 * max-concurrent requests at a time, and prints the number of signals per outcome. A signal whose
 * request fails stays unchecked (exit status 1, with the reason); a refused API key stops the run. */
gboolean dk_admin_signals_brp_check (DkAdmin *admin, int argc, char **argv, GError **error);

/* draagkracht-admin signals brp-review [--json]: lists the uncertain matches that wait for a person,
 * by signal id, signal date, partner type, query and machine reason; never names, BSN or address. */
gboolean dk_admin_signals_brp_review (DkAdmin *admin, int argc, char **argv, GError **error);

/* draagkracht-admin signals brp-resolve SIGNAL-ID OUTCOME: a person's decision on a pending review,
 * with the DDAS end result the automatic check gives that outcome. Refused when the signal has no
 * pending review. */
gboolean dk_admin_signals_brp_resolve (DkAdmin *admin, int argc, char **argv, GError **error);

G_END_DECLS
