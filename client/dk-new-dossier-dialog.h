#pragma once

#include <adwaita.h>

#include "dk-session.h"

G_BEGIN_DECLS

/*
 * "New dossier": the client, a partner, children, address and contact details and the request for
 * help, typed in at the kitchen table without a network and saved into the replica in one
 * transaction. The rules and the saving are in dk-new-dossier-form.h; this is the form around them.
 *
 * Signal "created" (const char *dossier_id): emitted after the dossier is saved; the dialog then
 * closes itself.
 */

#define DK_TYPE_NEW_DOSSIER_DIALOG (dk_new_dossier_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DkNewDossierDialog, dk_new_dossier_dialog, DK, NEW_DOSSIER_DIALOG, AdwWindow)

GtkWidget *dk_new_dossier_dialog_new (GtkWindow *parent,
                                      DkSession *session);

G_END_DECLS
