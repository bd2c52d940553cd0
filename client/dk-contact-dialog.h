#pragma once

#include "dk-case-repo.h"
#include "dk-edit-dialog.h"

G_BEGIN_DECLS

/* The address and contact details of one person of a dossier; every field is optional. */

#define DK_TYPE_CONTACT_DIALOG (dk_contact_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DkContactDialog, dk_contact_dialog, DK, CONTACT_DIALOG, DkEditDialog)

/* @contact: the person's stored details, or NULL when there are none yet. @person_name is shown in
 * the title. */
GtkWidget *dk_contact_dialog_new (GtkWindow       *parent,
                                  DkStore         *store,
                                  const char      *dossier_id,
                                  const char      *person_id,
                                  const char      *person_name,
                                  const DkContact *contact);

G_END_DECLS
