#pragma once

#include <adwaita.h>

#include "dk-session.h"

G_BEGIN_DECLS

/*
 * The field worker's task list of early signals (dk_signal_work_list_tasks()): each open case's
 * phase deadline and each open task, by deadline or, for planning a round of home visits, by
 * district (the postcode's digits) and within it by street and house number. "Show closed cases"
 * adds the closed ones. A row says when (today, tomorrow, overdue in red, or the date), what is due,
 * who and where, a crisis badge and the number of signals; it opens with a click, Enter or Space,
 * and its accessible name reads the whole line.
 *
 * Signal "case-activated" (const char *dossier_id).
 */

#define DK_TYPE_SIGNAL_LIST (dk_signal_list_get_type ())

G_DECLARE_FINAL_TYPE (DkSignalList, dk_signal_list, DK, SIGNAL_LIST, AdwBin)

GtkWidget *dk_signal_list_new          (void);
void       dk_signal_list_set_session  (DkSignalList *self,
                                        DkSession    *session);
/* Reads @store directly, without a session: for tests and previews. A session set afterwards takes
 * over again. */
void       dk_signal_list_set_store    (DkSignalList *self,
                                        DkStore      *store);
/* Reads the task list again (after a sync or an edit), keeping the order, the filter, the row of
 * the case last opened and the keyboard focus. */
void       dk_signal_list_reload       (DkSignalList *self);
/* The lines due today or overdue, for a badge on the view switcher. */
guint      dk_signal_list_get_n_due    (DkSignalList *self);

/* A small rounded label ("Crisis") in the style @style_class ("error", "warning", "accent"). */
GtkWidget *dk_signal_badge_new         (const char   *text,
                                        const char   *style_class);

G_END_DECLS
