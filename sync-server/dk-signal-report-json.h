#pragma once

#include <json-glib/json-glib.h>

#include "dk-signal-report.h"

G_BEGIN_DECLS

/*
 * The monitoring indicators (dk-signal-report.h) as JSON, one form for `draagkracht-admin signals
 * report --json` and GET /v1/signals/report (PROTOCOL.md): counts only. Every partner type and every
 * DDAS end result is a member, also with 0; median_days_to_pick_up is null when no case was picked up.
 */
JsonNode *dk_signal_report_to_json (const DkSignalReport *report);

G_END_DECLS
