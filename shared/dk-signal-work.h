#pragma once

#include <glib.h>

#include "dk-signal-outcome.h"

G_BEGIN_DECLS

/*
 * The rules of working an early-signal case at the door, the same on the server and on an offline
 * device. Pure: dk-signal-work-repo.h applies them to a store. The figures are the pilot's working
 * method (../shared/seeds/001): phase 1 (population register and municipal checks, a phone number)
 * "Tijdsduur: 1 werkdag"; phase 2 (contact) "maximaal 3 weken"; a card left and no reply "binnen
 * 5-dagen" means the worker goes again (taken as 5 working days, as the issue says); a resident who
 * wants no help, or only made a payment arrangement, is followed for "half jaar".
 */

/* What a task asks (table task, domain migration 7). */
typedef enum
{
  DK_SIGNAL_TASK_REVISIT,                /* "revisit": go again after a card was left */
  DK_SIGNAL_TASK_FOLLOW_UP,              /* "follow_up": ask again six months after help was declined */
  DK_SIGNAL_TASK_SIGNAL_KNOWN,           /* "signal_known": a signal for a dossier that is running */
  DK_SIGNAL_TASK_CONTACT_FORMER_CLIENT,  /* "contact_former_client": a signal soon after closing (seed 003) */
} DkSignalTaskKind;

const char *dk_signal_task_kind_to_string   (DkSignalTaskKind  kind);
gboolean    dk_signal_task_kind_from_string (const char       *text,
                                             DkSignalTaskKind *out_kind);

/* Where a case stands, for the task list. */
typedef enum
{
  DK_SIGNAL_STAGE_CHECKS,   /* phase 1: checks and a phone number still to do */
  DK_SIGNAL_STAGE_CONTACT,  /* phase 2: reach the resident */
  DK_SIGNAL_STAGE_CLOSED,   /* an end result is recorded */
} DkSignalStage;

DkSignalStage dk_signal_stage (gboolean checked,
                               gboolean has_outcome);

/* Phase 1 ends one working day after the case was opened (the day it was matched). */
void dk_signal_phase1_due (const GDate *opened_on,
                           GDate       *out_due);

/* Phase 2 ends three weeks after phase 1: after @checked_on when the checks are done, else after the
 * phase-1 deadline; a term ending on a weekend or holiday runs to the next working day. */
void dk_signal_phase2_due (const GDate *opened_on,
                           const GDate *checked_on,  /* may be NULL or cleared */
                           GDate       *out_due);

/* A card left on @card_left_on: go again five working days later. */
void dk_signal_revisit_due (const GDate *card_left_on,
                            GDate       *out_due);

/* A declined offer on @outcome_on: ask again six months later (the same day of the month, or the
 * month's last day). */
void dk_signal_follow_up_due (const GDate *outcome_on,
                              GDate       *out_due);

/* What recording an end result does beyond closing the case. */
typedef enum
{
  DK_SIGNAL_AFTER_NOTHING,
  DK_SIGNAL_AFTER_DEBT_HELP,  /* help accepted: the case's dossier becomes a debt-help registration */
  DK_SIGNAL_AFTER_FOLLOW_UP,  /* no help wanted, or only a payment arrangement: a follow-up task */
} DkSignalAfter;

/* "Vervolghulp en/of verwijzing financieel" → debt help; "Inwoner hoeft geen hulp vanuit
 * vroegsignalering" and "Inwoner heeft zelf al betaald/betalingsregeling getroffen" → follow-up. */
DkSignalAfter dk_signal_after_result (DkSignalResult result);

/* Whether an attempt of @kind creates a revisit task (a card left), and whether it settles an open
 * revisit task (a home visit, a card left again — the worker did go back, and the new card brings a
 * revisit of its own —, or any attempt that reached the resident). */
gboolean dk_signal_contact_makes_revisit    (DkSignalContactKind kind);
gboolean dk_signal_contact_settles_revisit  (DkSignalContactKind kind,
                                             gboolean            reached);

/* Whether a user of @role (as the server names roles: "field_worker", "team_lead", "back_office", …)
 * may import signal files, and see the indicators. The server decides (sync-server/dk-signal-endpoints.c
 * checks the same roles); a client uses these to offer only what the role may do. */
gboolean dk_signal_role_may_import (const char *role);
gboolean dk_signal_role_may_report (const char *role);

/* DDAS EnumDagdeel of a local time of day: Ochtend before 12:00, Middag until 18:00, then Avond. */
const char *dk_signal_part_of_day_for_hour (int hour);

/* The district of a postcode ("1234 AB" → "1234"), the unit of the district lists; NULL when
 * @postcode is NULL or not a Dutch postcode. */
char *dk_signal_district (const char *postcode);

G_END_DECLS
