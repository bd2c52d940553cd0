#pragma once

#include "dk-edit-dialog.h"
#include "dk-household.h"

G_BEGIN_DECLS

/* "Add event" to a household's history: a birth, a partner moving in, a marriage with its property
 * regime, a divorce, … The repository checks the event against the whole history; a refusal
 * (DK_HOUSEHOLD_ERROR) shows its message in the dialog, which stays open. */

#define DK_TYPE_EVENT_DIALOG (dk_event_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DkEventDialog, dk_event_dialog, DK, EVENT_DIALOG, DkEditDialog)

/* @timeline is borrowed for the constructor only (the persons to choose from). */
GtkWidget *dk_event_dialog_new (GtkWindow                 *parent,
                                DkStore                   *store,
                                const char                *dossier_id,
                                const DkHouseholdTimeline *timeline);

G_END_DECLS
