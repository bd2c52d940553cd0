#pragma once

#include "dk-debt.h"
#include "dk-edit-dialog.h"

G_BEGIN_DECLS

/* "Add status" to a debt: confirmed, in a settlement, paid, written off, or back on the list. The
 * history only grows; a status dated before the current one, or the same status again, is refused. */

#define DK_TYPE_DEBT_STATUS_DIALOG (dk_debt_status_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DkDebtStatusDialog, dk_debt_status_dialog, DK, DEBT_STATUS_DIALOG, DkEditDialog)

/* @debt is borrowed for the constructor only. */
GtkWidget *dk_debt_status_dialog_new (GtkWindow    *parent,
                                      DkStore      *store,
                                      const DkDebt *debt);

G_END_DECLS
