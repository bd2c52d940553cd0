#pragma once

#include <adwaita.h>

#include "dk-session.h"

G_BEGIN_DECLS

/*
 * One dossier: Overview (the case and the calculation with its history), Household (persons and the
 * timeline), Income and Costs, Debts (per partner, with their classification) and Notes (notes and
 * contact log), each editable through a small dialog.
 *
 * Everything is read from the session's replica on the main thread (local SQLite, fast). After each of
 * its own edits the page recalculates the dossier for today (dk_dossier_recalculate_if_changed(),
 * which stores a calculation only when its inputs changed), calls dk_session_local_change(), reloads
 * itself and emits "edited". The window calls dk_dossier_page_reload() after a sync.
 *
 * Properties "title" (the client's name) and "subtitle" (the dossier number), read-only, for the
 * window's header.
 */

#define DK_TYPE_DOSSIER_PAGE (dk_dossier_page_get_type ())

G_DECLARE_FINAL_TYPE (DkDossierPage, dk_dossier_page, DK, DOSSIER_PAGE, AdwBin)

GtkWidget  *dk_dossier_page_new          (void);
void        dk_dossier_page_set_session  (DkDossierPage *self,
                                          DkSession     *session);
/* NULL: shows nothing. The page reloads itself after each of its own edits and calls
 * dk_session_local_change(); the window calls _reload() after a sync ("data-changed"). When the dossier is
 * gone (purged after reassignment), the page shows an AdwStatusPage "This dossier is no longer on this
 * device" with the reason that it may have been assigned to someone else. */
void        dk_dossier_page_show_dossier (DkDossierPage *self,
                                          const char    *dossier_id);
const char *dk_dossier_page_get_dossier_id (DkDossierPage *self);
void        dk_dossier_page_reload       (DkDossierPage *self);

/* Reads and edits @store directly, without a session: for tests and previews. @author names the
 * writer of new notes. A session set afterwards takes over again. */
void        dk_dossier_page_set_store    (DkDossierPage *self,
                                          DkStore       *store,
                                          const char    *author);

G_END_DECLS
