#pragma once

#include "dk-case-repo.h"
#include "dk-edit-dialog.h"

G_BEGIN_DECLS

/* The case around a dossier: its phase, the date of the request for help, whether it is a crisis
 * (Wgs art. 4 lid 2), the date of the first conversation and the counsellor. */

#define DK_TYPE_CASE_DIALOG (dk_case_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DkCaseDialog, dk_case_dialog, DK, CASE_DIALOG, DkEditDialog)

GtkWidget *dk_case_dialog_new (GtkWindow    *parent,
                               DkStore      *store,
                               const DkCase *c);

G_END_DECLS
