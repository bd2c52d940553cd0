#pragma once

#include "dk-case-repo.h"
#include "dk-edit-dialog.h"

G_BEGIN_DECLS

/* A note or an entry of the contact log (a call, a visit, a letter, …): its kind, date, whether
 * contact was made, and the text. New, or editing one that is stored. */

#define DK_TYPE_NOTE_DIALOG (dk_note_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DkNoteDialog, dk_note_dialog, DK, NOTE_DIALOG, DkEditDialog)

/* @note: the stored note to edit, or NULL for a new one by @author (the signed-in person). */
GtkWidget *dk_note_dialog_new (GtkWindow    *parent,
                               DkStore      *store,
                               const char   *dossier_id,
                               const DkNote *note,
                               const char   *author);

G_END_DECLS
