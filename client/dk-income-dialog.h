#pragma once

#include "dk-edit-dialog.h"
#include "dk-household.h"

G_BEGIN_DECLS

/* "Add income": one person's income as the payslip or decision gives it (net, and gross when known,
 * per pay period), from a date and optionally until one. */

#define DK_TYPE_INCOME_DIALOG (dk_income_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DkIncomeDialog, dk_income_dialog, DK, INCOME_DIALOG, DkEditDialog)

/* @timeline is borrowed for the constructor only (the persons to choose from). */
GtkWidget *dk_income_dialog_new (GtkWindow                 *parent,
                                 DkStore                   *store,
                                 const char                *dossier_id,
                                 const DkHouseholdTimeline *timeline);

G_END_DECLS
