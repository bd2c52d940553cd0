#pragma once

#include "dk-admin-context.h"

G_BEGIN_DECLS

/* draagkracht-admin signals outcome CASE-ID CODE [--date D] [--picked-up D]: the DDAS end result of a
 * case (dk-signal-outcome-store.h); one audit row. */
gboolean dk_admin_signals_outcome     (DkAdmin *admin, int argc, char **argv, GError **error);

/* draagkracht-admin signals contact CASE-ID KIND [--reached] [--date D] [--part-of-day P]: a DDAS
 * contact attempt on a case; one audit row. */
gboolean dk_admin_signals_contact     (DkAdmin *admin, int argc, char **argv, GError **error);

/* draagkracht-admin signals export-ddas --from D --to D [--output FILE]: the DDAS Vroegsignalering
 * Uitwisselmodel JSON (dk-ddas-export.h) for CBS. It holds BSNs: the file is written mode 0600 and the
 * export leaves an audit row. Needs [brp] municipality-code and [ddas] organisation-name. */
gboolean dk_admin_signals_export_ddas (DkAdmin *admin, int argc, char **argv, GError **error);

/* draagkracht-admin signals report --from D --to D [--json]: the monitoring indicators
 * (dk-signal-report.h), counts only. */
gboolean dk_admin_signals_report      (DkAdmin *admin, int argc, char **argv, GError **error);

/* draagkracht-admin signals feedback --partner TYPE [--month YYYY-MM] [--output FILE]: the CSV for a
 * partner type (dk-signal-feedback.h) for the signals of the month (default: last month, UTC). */
gboolean dk_admin_signals_feedback    (DkAdmin *admin, int argc, char **argv, GError **error);

G_END_DECLS
