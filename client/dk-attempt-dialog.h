#pragma once

#include "dk-edit-dialog.h"
#include "dk-signal-outcome.h"

G_BEGIN_DECLS

/*
 * One contact attempt of an early-signal case, in a few taps: the kind is chosen already (the button
 * that opened the dialog); whether the resident was reached, the date (today unless changed) and the
 * part of the day (from the clock unless changed). A card left shows the day of the revisit it
 * brings. Saved with dk_signal_work_add_attempt(), whose refusal shows at the top.
 */

#define DK_TYPE_ATTEMPT_DIALOG (dk_attempt_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DkAttemptDialog, dk_attempt_dialog, DK, ATTEMPT_DIALOG, DkEditDialog)

GtkWidget *dk_attempt_dialog_new (GtkWindow           *parent,
                                  DkStore             *store,
                                  const char          *dossier_id,
                                  DkSignalContactKind  kind);

/* The part of the day as the dialog offers it first, for @hour (0–23) of the local clock: the index
 * of "Morning", "Afternoon", "Evening" in the dialog's choice. Pure, for tests. */
guint      dk_attempt_dialog_part_for_hour (int hour);

G_END_DECLS
