#pragma once

#include "dk-http-router.h"
#include "dk-sync-worker.h"

G_BEGIN_DECLS

/*
 * Early signals over HTTP (PROTOCOL.md, "Early signals"):
 *
 *   POST /v1/signals/import   {file_name, content} → 200 {imported, duplicates, rejected: [{line, column,
 *                             reason}], cases_new, cases_attached, published, tasks}
 *                             field workers, team leads and back office. The file is read as the admin
 *                             import reads it (dk-signal-import.h; CSV or JSON by the name's extension,
 *                             else by its first character), then, in one transaction, stored, the work
 *                             on the devices folded back, matched with the policy of the config's
 *                             [signals] policy-file (or the defaults) and published with the importing
 *                             user as the assignee of new work dossiers (dk-signal-publish.h). A body
 *                             over 8 MiB is 413; a file that cannot be read as a whole is
 *                             400 invalid-file. Audited as "signals.import"; the answer and the log
 *                             carry counts, lines and column names only, never a value of the file.
 *   GET  /v1/signals/report?from=YYYY-MM-DD&to=YYYY-MM-DD
 *                             team leads and back office: folds back the work on the devices, then
 *                             answers the monitoring indicators (dk-signal-report-json.h). Dates that
 *                             are missing, malformed or reversed are 400 invalid-value. Audited as
 *                             "signals.report".
 *
 * Both run on @worker, off the main loop, as push and pull do; a busy store, a full queue and a
 * shutdown are 503. @policy_file (may be NULL) is read at every import.
 */
void dk_signal_endpoints_register (DkHttpRouter *router,
                                   DkSyncWorker *worker,
                                   const char   *policy_file);

G_END_DECLS
