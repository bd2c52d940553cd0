#pragma once

#include <adwaita.h>

#include "dk-session.h"

G_BEGIN_DECLS

/*
 * One early-signal case (dk_signal_work_load()): the resident with address, phone and e-mail, the
 * stage and its deadlines, "Checks Done" for phase 1, a button per kind of contact attempt (each a
 * small dialog: reached, date, part of the day), the attempts so far, the tasks with "Done", the
 * signals, and "Outcome…" for the DDAS end result. A closed case shows its end result and no action
 * buttons. A task on a dossier without a case of its own (a signal for a running dossier, a former
 * client) shows the task and a way to that dossier.
 *
 * Everything is read from the session's replica on the main thread. After each of its own edits the
 * page calls dk_session_local_change() and reloads itself; the window calls dk_signal_page_reload()
 * after a sync. When the case is gone from the device (given to someone else), the page says so.
 *
 * Signal "open-dossier" (const char *dossier_id): help was accepted and the case became a debt-help
 * dossier, or the person asks to open the dossier a task belongs to.
 * Properties "title" (the resident) and "subtitle" (the case number), read-only, for the window's
 * header.
 */

#define DK_TYPE_SIGNAL_PAGE (dk_signal_page_get_type ())

G_DECLARE_FINAL_TYPE (DkSignalPage, dk_signal_page, DK, SIGNAL_PAGE, AdwBin)

GtkWidget  *dk_signal_page_new            (void);
void        dk_signal_page_set_session    (DkSignalPage *self,
                                           DkSession    *session);
/* NULL shows nothing. */
void        dk_signal_page_show_case      (DkSignalPage *self,
                                           const char   *dossier_id);
const char *dk_signal_page_get_dossier_id (DkSignalPage *self);
void        dk_signal_page_reload         (DkSignalPage *self);

/* Reads and edits @store directly, without a session: for tests and previews. A session set
 * afterwards takes over again. */
void        dk_signal_page_set_store      (DkSignalPage *self,
                                           DkStore      *store);

G_END_DECLS
