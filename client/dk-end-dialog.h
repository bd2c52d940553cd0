#pragma once

#include "dk-edit-dialog.h"

G_BEGIN_DECLS

/* "End" an income or a fixed cost: its last day. Nothing is deleted; the history keeps it. */

typedef enum
{
  DK_END_INCOME,
  DK_END_FIXED_COST,
} DkEndWhat;

#define DK_TYPE_END_DIALOG (dk_end_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DkEndDialog, dk_end_dialog, DK, END_DIALOG, DkEditDialog)

/* @record_id: the income or fixed cost; @description: what it is, shown to the person ("Wages,
 * € 1.234,56 per month"); @valid_from: its first day (the last day cannot be before it). */
GtkWidget *dk_end_dialog_new (GtkWindow   *parent,
                              DkStore     *store,
                              DkEndWhat    what,
                              const char  *record_id,
                              const char  *description,
                              const GDate *valid_from);

G_END_DECLS
