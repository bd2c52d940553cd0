#pragma once

#include "dk-edit-dialog.h"
#include "dk-signal-outcome.h"

G_BEGIN_DECLS

/*
 * The end result of an early-signal case: the fifteen DDAS end results in plain words, grouped, and
 * the date (today unless changed). Before Save a line says what follows: a debt-help dossier made
 * from the case, a follow-up task six months on, or nothing more. Saved with
 * dk_signal_work_set_outcome() in one transaction; its refusal shows at the top.
 */

#define DK_TYPE_OUTCOME_DIALOG (dk_outcome_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DkOutcomeDialog, dk_outcome_dialog, DK, OUTCOME_DIALOG, DkEditDialog)

GtkWidget *dk_outcome_dialog_new        (GtkWindow       *parent,
                                         DkStore         *store,
                                         const char      *dossier_id);

/* The result chosen; FALSE while none is. */
gboolean   dk_outcome_dialog_get_result (DkOutcomeDialog *self,
                                         DkSignalResult  *out_result);
/* Chooses @result, as a click on its row does (for tests). */
void       dk_outcome_dialog_set_result (DkOutcomeDialog *self,
                                         DkSignalResult   result);

G_END_DECLS
