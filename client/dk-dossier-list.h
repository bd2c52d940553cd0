#pragma once

#include <adwaita.h>

#include "dk-session.h"

G_BEGIN_DECLS

/* The dossiers in the signed-in user's scope: search as you type (name, BSN, address, number), filters
 * for phase, counsellor and deadline, and a sort order. A GtkListView, so 5,000 dossiers make as many
 * rows as fit on screen. Signal "dossier-activated" (const char *dossier_id). */

#define DK_TYPE_DOSSIER_LIST (dk_dossier_list_get_type ())

G_DECLARE_FINAL_TYPE (DkDossierList, dk_dossier_list, DK, DOSSIER_LIST, GtkBox)

GtkWidget *dk_dossier_list_new          (void);
void       dk_dossier_list_set_session  (DkDossierList *self,
                                         DkSession     *session);
/* Runs the query again (after a sync or an edit), keeping the search and filters. */
void       dk_dossier_list_reload       (DkDossierList *self);
guint      dk_dossier_list_get_n_items  (DkDossierList *self);
void       dk_dossier_list_focus_search (DkDossierList *self);

/* The second line of a row, for people: "2026-K7QX3M · Intake · decision by 20-01-2027", with
 * "overdue since" for a deadline before @today. Pure, for tests. */
char      *dk_dossier_list_row_subtitle (const char    *number,
                                         const char    *phase_label,
                                         int            deadline_kind,
                                         const GDate   *deadline,
                                         const GDate   *today);

G_END_DECLS
