#pragma once

#include <glib.h>

#include "dk-signal-work.h"
#include "dk-store.h"

G_BEGIN_DECLS

/*
 * Early-signal cases as a field worker's device holds them (domain migration 7): a dossier of kind
 * 'early_signal' with one signal_case, its signal_item rows (written by the server), the resident as
 * the dossier's client person and contact, signal_attempt rows and tasks. Works on any store with the
 * domain schema (a replica, or the central store in tests). One transaction per change; errors in
 * DK_DOSSIER_REPO_ERROR (INVALID for a value that cannot be, NOT_FOUND for a case or task that is
 * not there or removed); messages are translatable sentences that never contain personal data.
 */

/* One line of the task list: an open case's next deadline, or an open task of any dossier. */
typedef struct
{
  char              *dossier_id;
  char              *number;
  char              *task_id;        /* NULL: the line is a case's phase deadline */
  DkSignalTaskKind   task_kind;      /* when task_id is set */
  gboolean           has_case;       /* the dossier has an early-signal case (signal_case row) */
  DkSignalStage      stage;          /* of that case; CLOSED when has_case is FALSE */
  GDate              due_on;
  char              *resident;       /* "Sanne van Dijk", or NULL when the signals gave no name */
  char              *street;         /* the contact's address, each NULL when unknown */
  char              *house_number;   /* as stored, the addition included ("12a"): contact has no
                                      * column of its own for it */
  char              *postcode;
  char              *city;
  char              *district;       /* dk_signal_district() of postcode */
  gboolean           crisis;         /* the case's, or the dossier's (Wgs art. 4 lid 2) */
  gboolean           multiple;       /* the case's; without a case, more than one signal */
  guint              n_signals;      /* signal_item rows of the dossier */
  gint64             total_cents;    /* of the signals that state an amount */
} DkSignalTaskLine;

void dk_signal_task_line_free (DkSignalTaskLine *line);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkSignalTaskLine, dk_signal_task_line_free)

/* The task list: a line per open early-signal case (its phase-1 or phase-2 deadline), and one per
 * open task (done_on NULL) of any dossier, ordered by due date, then crisis first, then number (a
 * case's own line before its dossier's tasks). With @include_closed, closed cases are listed too
 * (task_id NULL, stage CLOSED, due_on their outcome date), after the open lines and in the same order.
 * Resident and address are the dossier's client person and that person's (first) contact row.
 * One query however many cases. Element type DkSignalTaskLine. */
GPtrArray *dk_signal_work_list_tasks (DkStore   *store,
                                      gboolean   include_closed,
                                      GError   **error);

typedef struct
{
  char     *id;
  char     *partner_type;    /* DDAS code, "Huur" */
  char     *partner_name;    /* may be NULL */
  gboolean  has_amount;
  gint64    amount_cents;
  GDate     arose_on;        /* cleared when unknown */
  GDate     signal_date;
  gboolean  crisis;
  gboolean  warm_handover;
  gboolean  repeat;
} DkSignalItem;

typedef struct
{
  char     *id;
  char     *kind;            /* DDAS EnumContactsoort code */
  gboolean  reached;
  GDate     attempt_date;
  char     *part_of_day;     /* DDAS EnumDagdeel code, or NULL */
} DkSignalAttempt;

typedef struct
{
  char              *id;
  DkSignalTaskKind   kind;
  GDate              due_on;
  GDate              done_on;  /* cleared while open */
  char              *note;
} DkSignalTask;

/* One case as its page shows it. */
typedef struct
{
  char          *dossier_id;
  char          *number;
  char          *case_id;         /* the signal_case row */
  gboolean       help_accepted;   /* the dossier has become a debt-help dossier */
  GDate          opened_on;
  gboolean       multiple;
  gboolean       crisis;
  GDate          checked_on;      /* cleared until the phase-1 checks are done */
  char          *outcome_code;    /* DDAS EnumEindresultaat, or NULL while open */
  GDate          outcome_on;
  DkSignalStage  stage;
  GDate          phase1_due;
  GDate          phase2_due;
  GDate          picked_up_on;    /* the first attempt's date; cleared without attempts */
  GDate          first_contact_on;/* the first attempt that reached the resident; cleared if none */
  char          *resident;        /* as in DkSignalTaskLine */
  char          *person_id;       /* the dossier's client person, or NULL */
  char          *contact_id;      /* that person's contact row, or NULL */
  char          *street, *house_number, *postcode, *city, *phone, *email;
  GPtrArray     *signals;         /* DkSignalItem, by signal date */
  GPtrArray     *attempts;        /* DkSignalAttempt, by date, then as recorded */
  GPtrArray     *tasks;           /* DkSignalTask, open first, by due date */
} DkSignalCaseView;

void dk_signal_case_view_free (DkSignalCaseView *view);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkSignalCaseView, dk_signal_case_view_free)

/* The case worked in dossier @dossier_id (an early-signal dossier, or one that became debt help). */
DkSignalCaseView *dk_signal_work_load (DkStore     *store,
                                       const char  *dossier_id,
                                       GError     **error);

/* The phase-1 checks are done on @date. Refused on a closed case or a date before it was opened. */
gboolean dk_signal_work_mark_checked (DkStore      *store,
                                      const char   *dossier_id,
                                      const GDate  *date,
                                      GError      **error);

/*
 * Records a contact attempt; @part_of_day may be NULL. In the same transaction: a card left adds a
 * revisit task (dk_signal_revisit_due()), and an attempt that settles a revisit
 * (dk_signal_contact_settles_revisit()) marks the open revisit tasks done on @date. Refused on a
 * closed case, before the case was opened, or in the future (after @today). *@out_task_id (may be
 * NULL) gets the new revisit task's id, or NULL.
 */
gboolean dk_signal_work_add_attempt  (DkStore              *store,
                                      const char           *dossier_id,
                                      DkSignalContactKind   kind,
                                      gboolean              reached,
                                      const GDate          *date,
                                      const char           *part_of_day,
                                      const GDate          *today,
                                      char                **out_task_id,
                                      GError              **error);

/*
 * Records the end result, which closes the case, and what follows from it
 * (dk_signal_after_result()), all in one transaction: for debt help the dossier turns into kind
 * 'debt_help' in phase 'registration' with registered_on @date, its resident and address already in
 * it; for a follow-up a follow_up task due dk_signal_follow_up_due(). Open revisit tasks are marked
 * done. Refused on a closed case, a date before the case was opened, or after @today.
 */
gboolean dk_signal_work_set_outcome  (DkStore         *store,
                                      const char      *dossier_id,
                                      DkSignalResult   result,
                                      const GDate     *date,
                                      const GDate     *today,
                                      GError         **error);

/* Marks task @task_id done on @date. */
gboolean dk_signal_work_complete_task (DkStore      *store,
                                       const char   *task_id,
                                       const GDate  *date,
                                       GError      **error);

G_END_DECLS
