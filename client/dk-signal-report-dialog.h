#pragma once

#include <adwaita.h>

#include "dk-session.h"

G_BEGIN_DECLS

/*
 * The monitoring indicators of early signalling for a period, as the sync server counts them
 * (GET /v1/signals/report; the Divosa/DDAS indicators): signals per partner type, unique households,
 * reach, outcomes and time to pick-up. The period starts as the previous calendar month. For team
 * leads and back-office staff; it needs a connection.
 */

#define DK_TYPE_SIGNAL_REPORT_DIALOG (dk_signal_report_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DkSignalReportDialog, dk_signal_report_dialog, DK, SIGNAL_REPORT_DIALOG, AdwWindow)

GtkWidget *dk_signal_report_dialog_new     (GtkWindow *parent,
                                            DkSession *session);

/* Opens the dialog, modal over @parent. */
void       dk_signal_report_dialog_present (GtkWindow *parent,
                                            DkSession *session);

/* For tests: shows @report (the server's JSON) as if it had been asked for the period in the fields;
 * FALSE with the message shown when it cannot be read. */
gboolean   dk_signal_report_dialog_show_report (DkSignalReportDialog *self,
                                                JsonNode             *report);

G_END_DECLS
