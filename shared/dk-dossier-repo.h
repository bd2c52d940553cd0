#pragma once

#include <glib.h>

#include "dk-debt.h"
#include "dk-fixed-cost.h"
#include "dk-household.h"
#include "dk-income.h"
#include "dk-store.h"

G_BEGIN_DECLS

/*
 * Reading and writing a dossier's records in a DkStore opened with dk_domain_migrations(): the dossier,
 * its persons and household history, incomes, fixed costs and debts with their status history.
 *
 * Every writing function is one logical change in one dk_store_transaction(): it checks the change
 * against what is stored (a household event against the whole history, a status against the debt's
 * current status), writes every row of it, and either all of it is saved or none. Called inside a
 * caller's transaction it becomes a savepoint of it. Ids are UUIDv7 made here unless the caller set
 * them; a function that creates a record returns its id through an optional out parameter.
 * Nothing is ever deleted: ending an income sets its end date, a debt's history only grows.
 *
 * Reading functions skip tombstoned rows (removed_at set).
 */

#define DK_DOSSIER_REPO_ERROR (dk_dossier_repo_error_quark ())

typedef enum
{
  DK_DOSSIER_REPO_ERROR_NOT_FOUND,  /* no such dossier, person, income, fixed cost or debt (or it was removed) */
  DK_DOSSIER_REPO_ERROR_INVALID,    /* the change is refused before it reaches the database */
  DK_DOSSIER_REPO_ERROR_BAD_ROW,    /* a stored row cannot be read (an unknown value): newer version or damage */
} DkDossierRepoError;

GQuark dk_dossier_repo_error_quark (void);

/* For every repository that reports in DK_DOSSIER_REPO_ERROR (dossier, case, early-signal work): each
 * sets @error and returns FALSE, so a refusal is one return statement. */
gboolean dk_dossier_repo_invalid   (GError     **error,
                                    const char  *message);
gboolean dk_dossier_repo_not_found (GError     **error,
                                    const char  *message);
/* A stored row of @table with a value this version cannot read. */
gboolean dk_dossier_repo_bad_row   (GError     **error,
                                    const char  *table);

typedef struct
{
  char  *id;
  char  *number;
  GDate  opened_on;
  char  *created_at;
  char  *updated_at;
} DkDossier;

void dk_dossier_free (DkDossier *dossier);

typedef enum
{
  DK_DOSSIER_LINK_SPLIT_FROM,  /* this dossier was split off the linked one */
  DK_DOSSIER_LINK_SPLIT_INTO,  /* the linked dossier was split off this one */
} DkDossierLinkKind;

const char *dk_dossier_link_kind_to_string (DkDossierLinkKind kind);

typedef struct
{
  char               *id;
  char               *dossier_id;
  char               *linked_dossier_id;
  DkDossierLinkKind   kind;
  GDate               date;
} DkDossierLink;

void dk_dossier_link_free (DkDossierLink *link);

/*
 * Creates a dossier with its first persons (DkPerson *; exactly one client). Their ids are filled in
 * where NULL and their dossier_id set. @events (DkHouseholdEvent *, may be NULL) is the opening
 * history; when NULL every person joins on @opened_on (the partner with "partner moves in", everyone
 * else with "moves in"). A given BSN is stored in its canonical form and must be valid.
 * @number must be unique among dossiers.
 */
gboolean             dk_dossier_repo_create                 (DkStore                 *store,
                                                             const char              *number,
                                                             const GDate             *opened_on,
                                                             GPtrArray               *persons,
                                                             GPtrArray               *events,
                                                             char                   **out_dossier_id,
                                                             GError                 **error);

/*
 * Adds @person (its id filled in where NULL) and, when @joining_event is not NULL, the event that brings
 * them into the household (a birth, a move-in, …), whose person_id is set to the new person. Both are
 * checked against the stored history and saved together.
 */
gboolean             dk_dossier_repo_add_person             (DkStore                 *store,
                                                             const char              *dossier_id,
                                                             DkPerson                *person,
                                                             DkHouseholdEvent        *joining_event,
                                                             char                   **out_person_id,
                                                             GError                 **error);

/* Refused with the DK_HOUSEHOLD_ERROR of the first impossible step when the history with @event in it
 * is impossible. */
gboolean             dk_dossier_repo_add_household_event    (DkStore                 *store,
                                                             const char              *dossier_id,
                                                             const DkHouseholdEvent  *event,
                                                             char                   **out_event_id,
                                                             GError                 **error);

gboolean             dk_dossier_repo_add_income             (DkStore                 *store,
                                                             const char              *dossier_id,
                                                             const DkIncome          *income,
                                                             char                   **out_income_id,
                                                             GError                 **error);
/* Sets the last day of an income that has no end yet; @valid_to must not be before its start. */
gboolean             dk_dossier_repo_end_income             (DkStore                 *store,
                                                             const char              *income_id,
                                                             const GDate             *valid_to,
                                                             GError                 **error);

gboolean             dk_dossier_repo_add_fixed_cost         (DkStore                 *store,
                                                             const char              *dossier_id,
                                                             const DkFixedCost       *cost,
                                                             char                   **out_cost_id,
                                                             GError                 **error);
gboolean             dk_dossier_repo_end_fixed_cost         (DkStore                 *store,
                                                             const char              *cost_id,
                                                             const GDate             *valid_to,
                                                             GError                 **error);

/*
 * Adds a debt with the status entries in debt->statuses (at least one: the date it was put on the
 * list), checked as dk_debt_append_status() would. debt_group_id defaults to the debt's own id.
 * A "transferred" status is refused: only dk_dossier_split() moves debts.
 */
gboolean             dk_dossier_repo_add_debt               (DkStore                 *store,
                                                             const char              *dossier_id,
                                                             const DkDebt            *debt,
                                                             char                   **out_debt_id,
                                                             GError                 **error);

/* Appends one status entry (see dk_debt_append_status()); putting a paid or written-off debt back on
 * the list is done this way too. "transferred" is refused. */
gboolean             dk_dossier_repo_add_debt_status        (DkStore                 *store,
                                                             const char              *debt_id,
                                                             DkDebtStatus             status,
                                                             const GDate             *date,
                                                             const char              *note,
                                                             char                   **out_status_id,
                                                             GError                 **error);

DkDossier           *dk_dossier_repo_load_dossier           (DkStore                 *store,
                                                             const char              *dossier_id,
                                                             GError                 **error);

/* The persons and the whole household history (events in the order they apply). The stored history
 * is not re-checked here: dk_household_situation_on() reports an impossible one. */
DkHouseholdTimeline *dk_dossier_repo_load_timeline          (DkStore                 *store,
                                                             const char              *dossier_id,
                                                             GError                 **error);

/* DkIncome * / DkFixedCost *: those valid on @as_of, or all of them when @as_of is NULL; ordered by
 * start date. */
GPtrArray           *dk_dossier_repo_load_incomes           (DkStore                 *store,
                                                             const char              *dossier_id,
                                                             const GDate             *as_of,
                                                             GError                 **error);
GPtrArray           *dk_dossier_repo_load_fixed_costs       (DkStore                 *store,
                                                             const char              *dossier_id,
                                                             const GDate             *as_of,
                                                             GError                 **error);

/*
 * DkDebt *, in the order they were added. With @as_of: the debts already on the list on that date
 * (first status dated on or before it), each with only the status entries up to that date. With
 * @as_of NULL: every debt with its whole history.
 */
GPtrArray           *dk_dossier_repo_load_debts             (DkStore                 *store,
                                                             const char              *dossier_id,
                                                             const GDate             *as_of,
                                                             GError                 **error);
DkDebt              *dk_dossier_repo_load_debt              (DkStore                 *store,
                                                             const char              *debt_id,
                                                             GError                 **error);

/* DkDossierLink *, oldest first. */
GPtrArray           *dk_dossier_repo_load_links             (DkStore                 *store,
                                                             const char              *dossier_id,
                                                             GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkDossier, dk_dossier_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkDossierLink, dk_dossier_link_free)

G_END_DECLS
