#pragma once

#include "dk-admin-context.h"

G_BEGIN_DECLS

/* draagkracht-admin signals import FILE [--format csv|json]: early signals into the central store
 * (dk-signal-import.h for the file formats). Exit status 0 when the file could be read, also with
 * bad rows (each reported on standard error); 2 when the file as a whole is unusable. */
gboolean dk_admin_signals_import (DkAdmin *admin, int argc, char **argv, GError **error);

/* draagkracht-admin signals list [--json]: counts per partner type, no personal data. */
gboolean dk_admin_signals_list   (DkAdmin *admin, int argc, char **argv, GError **error);

/* draagkracht-admin signals match [--policy FILE] [--user USER]: folds back the work on the devices,
 * matches every signal not yet matched into cases (dk-signal-match-store.h), publishes the cases to
 * the devices (dk-signal-publish.h; new work dossiers assigned to USER when given) and prints counts
 * per outcome, no personal data; one audit row. Without --policy, the config's [signals] policy-file
 * or the defaults. */
gboolean dk_admin_signals_match  (DkAdmin *admin, int argc, char **argv, GError **error);

/* draagkracht-admin signals publish [--user USER]: the publishing of `signals match` alone. */
gboolean dk_admin_signals_publish (DkAdmin *admin, int argc, char **argv, GError **error);

G_END_DECLS
