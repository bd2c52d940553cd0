#pragma once

#include "dk-edit-dialog.h"
#include "dk-household.h"

G_BEGIN_DECLS

/* "Add fixed cost": a monthly cost of the household or of one person, from a date and optionally
 * until one; for rent and mortgage optionally split into the parts the BVV and VTLB treat apart. */

#define DK_TYPE_COST_DIALOG (dk_cost_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DkCostDialog, dk_cost_dialog, DK, COST_DIALOG, DkEditDialog)

/* @timeline is borrowed for the constructor only (the persons to choose from). */
GtkWidget *dk_cost_dialog_new (GtkWindow                 *parent,
                               DkStore                   *store,
                               const char                *dossier_id,
                               const DkHouseholdTimeline *timeline);

G_END_DECLS
