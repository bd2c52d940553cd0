#pragma once

#include "dk-edit-dialog.h"
#include "dk-household.h"

G_BEGIN_DECLS

/* "Add person": a partner, child or housemate, with the event that brings them into the household
 * (a birth, moving in) checked against the household's history and saved together with them. */

#define DK_TYPE_PERSON_DIALOG (dk_person_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DkPersonDialog, dk_person_dialog, DK, PERSON_DIALOG, DkEditDialog)

/* @timeline: the dossier's persons and history as stored (for the parent of a birth); borrowed for
 * the constructor only. */
GtkWidget *dk_person_dialog_new (GtkWindow                 *parent,
                                 DkStore                   *store,
                                 const char                *dossier_id,
                                 const DkHouseholdTimeline *timeline);

G_END_DECLS
