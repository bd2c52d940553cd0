#include "config.h"

#include <string.h>

#include "dk-date.h"
#include "dk-signal-work.h"
#include "dk-validate.h"

/* As migration 7's CHECK on task.kind spells them. */
static const char * const task_kind_names[] = {
  [DK_SIGNAL_TASK_REVISIT] = "revisit",
  [DK_SIGNAL_TASK_FOLLOW_UP] = "follow_up",
  [DK_SIGNAL_TASK_SIGNAL_KNOWN] = "signal_known",
  [DK_SIGNAL_TASK_CONTACT_FORMER_CLIENT] = "contact_former_client",
};

/* Seed 001: "1^e Fase … Tijdsduur: 1 werkdag". */
#define PHASE1_WORKING_DAYS 1
/* Seed 001: "2^e Fase … Tijdsduur: maximaal 3 weken". */
#define PHASE2_WEEKS 3
/* Seed 001: a card left, "Mocht dit binnen 5-dagen niet gebeuren dan gaat de km-er zelf weer langs". */
#define REVISIT_WORKING_DAYS 5
/* Seed 001: "Klant volgen: half jaar". */
#define FOLLOW_UP_MONTHS 6

const char *
dk_signal_task_kind_to_string (DkSignalTaskKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (task_kind_names))
    return NULL;
  return task_kind_names[kind];
}

gboolean
dk_signal_task_kind_from_string (const char       *text,
                                 DkSignalTaskKind *out_kind)
{
  g_return_val_if_fail (out_kind != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (task_kind_names); i++)
    if (strcmp (text, task_kind_names[i]) == 0)
      {
        *out_kind = (DkSignalTaskKind) i;
        return TRUE;
      }
  return FALSE;
}

DkSignalStage
dk_signal_stage (gboolean checked,
                 gboolean has_outcome)
{
  if (has_outcome)
    return DK_SIGNAL_STAGE_CLOSED;
  return checked ? DK_SIGNAL_STAGE_CONTACT : DK_SIGNAL_STAGE_CHECKS;
}

void
dk_signal_phase1_due (const GDate *opened_on,
                      GDate       *out_due)
{
  g_return_if_fail (opened_on != NULL && g_date_valid (opened_on));
  g_return_if_fail (out_due != NULL);

  *out_due = *opened_on;
  dk_date_add_working_days (out_due, PHASE1_WORKING_DAYS);
}

void
dk_signal_phase2_due (const GDate *opened_on,
                      const GDate *checked_on,
                      GDate       *out_due)
{
  g_return_if_fail (out_due != NULL);

  if (checked_on != NULL && g_date_valid (checked_on))
    *out_due = *checked_on;
  else
    dk_signal_phase1_due (opened_on, out_due);
  dk_date_add_weeks (out_due, PHASE2_WEEKS);
  dk_date_next_working_day_on_or_after (out_due);
}

void
dk_signal_revisit_due (const GDate *card_left_on,
                       GDate       *out_due)
{
  g_return_if_fail (card_left_on != NULL && g_date_valid (card_left_on));
  g_return_if_fail (out_due != NULL);

  *out_due = *card_left_on;
  dk_date_add_working_days (out_due, REVISIT_WORKING_DAYS);
}

void
dk_signal_follow_up_due (const GDate *outcome_on,
                         GDate       *out_due)
{
  g_return_if_fail (outcome_on != NULL && g_date_valid (outcome_on));
  g_return_if_fail (out_due != NULL);

  /* g_date_add_months() keeps the day of the month, or takes the month's last day when it has fewer. */
  *out_due = *outcome_on;
  g_date_add_months (out_due, FOLLOW_UP_MONTHS);
}

DkSignalAfter
dk_signal_after_result (DkSignalResult result)
{
  switch (result)
    {
    case DK_SIGNAL_RESULT_FOLLOW_UP_FINANCIAL:
      return DK_SIGNAL_AFTER_DEBT_HELP;
    case DK_SIGNAL_RESULT_NO_HELP_WANTED:
    case DK_SIGNAL_RESULT_ALREADY_PAID:
      return DK_SIGNAL_AFTER_FOLLOW_UP;
    case DK_SIGNAL_RESULT_REPEAT:
    case DK_SIGNAL_RESULT_UNJUSTIFIED:
    case DK_SIGNAL_RESULT_DECEASED:
    case DK_SIGNAL_RESULT_NOT_A_RESIDENT:
    case DK_SIGNAL_RESULT_OTHER_REASON:
    case DK_SIGNAL_RESULT_KNOWN_TO_DEBT_HELP:
    case DK_SIGNAL_RESULT_OTHER_TRAJECTORY:
    case DK_SIGNAL_RESULT_NO_CONTACT:
    case DK_SIGNAL_RESULT_NO_RESPONSE_AFTER:
    case DK_SIGNAL_RESULT_QUICK_FIX:
    case DK_SIGNAL_RESULT_REFERRAL_NO_CONTACT:
    case DK_SIGNAL_RESULT_FOLLOW_UP_NON_FINANCIAL:
    default:
      return DK_SIGNAL_AFTER_NOTHING;
    }
}

gboolean
dk_signal_contact_makes_revisit (DkSignalContactKind kind)
{
  return kind == DK_SIGNAL_CONTACT_CARD;
}

gboolean
dk_signal_contact_settles_revisit (DkSignalContactKind kind,
                                   gboolean            reached)
{
  /* A card is left at the door, so the worker did go again; the new card brings a revisit of its own. */
  return reached || kind == DK_SIGNAL_CONTACT_HOME_VISIT || kind == DK_SIGNAL_CONTACT_CARD;
}

gboolean
dk_signal_role_may_import (const char *role)
{
  return g_strcmp0 (role, "field_worker") == 0 || dk_signal_role_may_report (role);
}

gboolean
dk_signal_role_may_report (const char *role)
{
  return g_strcmp0 (role, "team_lead") == 0 || g_strcmp0 (role, "back_office") == 0;
}

const char *
dk_signal_part_of_day_for_hour (int hour)
{
  g_return_val_if_fail (hour >= 0 && hour <= 23, NULL);

  if (hour < 12)
    return "Ochtend";
  if (hour < 18)
    return "Middag";
  return "Avond";
}

char *
dk_signal_district (const char *postcode)
{
  g_autofree char *normal = NULL;

  if (postcode == NULL)
    return NULL;
  normal = dk_postcode_normalize (postcode);
  if (normal == NULL)
    return NULL;
  return g_strndup (normal, 4);
}
