#pragma once

#include "dk-edit-dialog.h"

G_BEGIN_DECLS

/* "Add debt": a creditor's claim on the dossier's debt list, with who entered into it and the facts
 * its classification between the partners needs (dk-marital.h), registered on a date. */

#define DK_TYPE_DEBT_DIALOG (dk_debt_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DkDebtDialog, dk_debt_dialog, DK, DEBT_DIALOG, DkEditDialog)

GtkWidget *dk_debt_dialog_new (GtkWindow  *parent,
                               DkStore    *store,
                               const char *dossier_id);

G_END_DECLS
