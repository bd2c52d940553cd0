#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "dk-date.h"
#include "dk-wgs.h"

static const char * const phase_names[] = {
  [DK_CASE_PHASE_REGISTRATION] = "registration",
  [DK_CASE_PHASE_INTAKE] = "intake",
  [DK_CASE_PHASE_STABILISATION] = "stabilisation",
  [DK_CASE_PHASE_SETTLEMENT] = "settlement",
  [DK_CASE_PHASE_AFTERCARE] = "aftercare",
  [DK_CASE_PHASE_CLOSED] = "closed",
};

const char *
dk_case_phase_to_string (DkCasePhase phase)
{
  g_return_val_if_fail (phase < G_N_ELEMENTS (phase_names), NULL);
  return phase_names[phase];
}

gboolean
dk_case_phase_from_string (const char  *text,
                           DkCasePhase *out)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (phase_names); i++)
    if (strcmp (text, phase_names[i]) == 0)
      {
        *out = (DkCasePhase) i;
        return TRUE;
      }
  return FALSE;
}

const char *
dk_case_phase_label (DkCasePhase phase)
{
  switch (phase)
    {
    case DK_CASE_PHASE_REGISTRATION:
      return _("Registration");
    case DK_CASE_PHASE_INTAKE:
      return _("Intake");
    case DK_CASE_PHASE_STABILISATION:
      return _("Stabilisation");
    case DK_CASE_PHASE_SETTLEMENT:
      return _("Debt settlement");
    case DK_CASE_PHASE_AFTERCARE:
      return _("Aftercare");
    case DK_CASE_PHASE_CLOSED:
      return _("Closed");
    default:
      g_return_val_if_reached (NULL);
    }
}

DkWgsDeadlineKind
dk_wgs_deadline (DkCasePhase   phase,
                 const GDate  *registered_on,
                 gboolean      crisis,
                 const GDate  *first_conversation_on,
                 guint         decision_weeks,
                 GDate        *out)
{
  g_return_val_if_fail (out != NULL, DK_WGS_DEADLINE_NONE);
  g_return_val_if_fail (decision_weeks >= 1 && decision_weeks <= DK_WGS_DECISION_WEEKS_MAX, DK_WGS_DEADLINE_NONE);

  g_date_clear (out, 1);

  if (phase == DK_CASE_PHASE_REGISTRATION && registered_on != NULL && g_date_valid (registered_on))
    {
      *out = *registered_on;
      if (crisis)
        dk_date_add_working_days (out, 3);
      else
        dk_date_add_weeks (out, 4);
      dk_date_next_working_day_on_or_after (out);
      return DK_WGS_DEADLINE_FIRST_CONVERSATION;
    }

  if (phase == DK_CASE_PHASE_INTAKE && first_conversation_on != NULL && g_date_valid (first_conversation_on))
    {
      *out = *first_conversation_on;
      dk_date_add_weeks (out, decision_weeks);
      dk_date_next_working_day_on_or_after (out);
      return DK_WGS_DEADLINE_DECISION;
    }

  return DK_WGS_DEADLINE_NONE;
}

const char *
dk_wgs_deadline_label (DkWgsDeadlineKind kind)
{
  switch (kind)
    {
    case DK_WGS_DEADLINE_FIRST_CONVERSATION:
      return _("First conversation");
    case DK_WGS_DEADLINE_DECISION:
      return _("Decision");
    case DK_WGS_DEADLINE_NONE:
    default:
      return NULL;
    }
}
