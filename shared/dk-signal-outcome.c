#include "config.h"

#include "dk-signal-outcome.h"

/* Exactly as DDAS v0.9 json_schema_Uitwisselmodel.json spells them, in its order. */
static const char * const result_codes[DK_SIGNAL_N_RESULTS] = {
  "Niet opgepakt: herhaalde melding",
  "Niet opgepakt: onterecht signaal",
  "Inwoner is overleden",
  "Persoon is geen inwoner (meer) in de gemeente",
  "Niet opgepakt: andere reden",
  "Inwoner al bekend bij schuldhulpverlening",
  "Inwoner heeft al een ander lopend traject",
  "Definitief geen contact kunnen krijgen",
  "Geen reactie na eerder contact",
  "Inwoner hoeft geen hulp vanuit vroegsignalering",
  "Inwoner heeft zelf al betaald/betalingsregeling getroffen",
  "(Budget)advies en/of quick fix",
  "Vervolghulp en/of verwijzing financieel",
  "Verwijzing zonder contact",
  "Vervolghulp en/of verwijzing niet financieel",
};

static const char * const contact_codes[] = {
  "Mail", "Brief", "SMS/Whatsapp", "Telefoon", "Huisbezoek", "Kaartje", "Overige", "Administratief",
};

static const char * const parts_of_day[] = { "Ochtend", "Middag", "Avond" };

/* @text with the white space around it removed equals @code. */
static gboolean
equals_trimmed (const char *text,
                const char *code)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));

  return g_str_equal (copy, code);
}

const char *
dk_signal_result_to_ddas (DkSignalResult result)
{
  if ((guint) result >= DK_SIGNAL_N_RESULTS)
    return NULL;
  return result_codes[result];
}

gboolean
dk_signal_result_from_ddas (const char     *text,
                            DkSignalResult *out_result)
{
  g_return_val_if_fail (out_result != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  for (guint r = 0; r < DK_SIGNAL_N_RESULTS; r++)
    if (equals_trimmed (text, result_codes[r]))
      {
        *out_result = (DkSignalResult) r;
        return TRUE;
      }

  return FALSE;
}

const char *
dk_signal_result_signal_status (DkSignalResult result)
{
  /* EnumSignaalstatus holds these five end results besides "Nog niet opgepakt". */
  switch (result)
    {
    case DK_SIGNAL_RESULT_REPEAT:
    case DK_SIGNAL_RESULT_UNJUSTIFIED:
    case DK_SIGNAL_RESULT_DECEASED:
    case DK_SIGNAL_RESULT_NOT_A_RESIDENT:
    case DK_SIGNAL_RESULT_OTHER_REASON:
      return result_codes[result];
    default:
      return NULL;
    }
}

const char *
dk_signal_contact_kind_to_ddas (DkSignalContactKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (contact_codes))
    return NULL;
  return contact_codes[kind];
}

gboolean
dk_signal_contact_kind_from_ddas (const char          *text,
                                  DkSignalContactKind *out_kind)
{
  g_return_val_if_fail (out_kind != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (contact_codes); k++)
    if (equals_trimmed (text, contact_codes[k]))
      {
        *out_kind = (DkSignalContactKind) k;
        return TRUE;
      }

  return FALSE;
}

gboolean
dk_signal_part_of_day_valid (const char *text)
{
  for (guint p = 0; text != NULL && p < G_N_ELEMENTS (parts_of_day); p++)
    if (g_str_equal (text, parts_of_day[p]))
      return TRUE;

  return FALSE;
}

const char *
dk_signal_feedback_kind_to_string (DkSignalFeedbackKind kind)
{
  switch (kind)
    {
    case DK_SIGNAL_FEEDBACK_PICKED_UP: return "picked_up";
    case DK_SIGNAL_FEEDBACK_NOT_PICKED_UP: return "not_picked_up";
    case DK_SIGNAL_FEEDBACK_RESULT: return "ddas_result";
    case DK_SIGNAL_FEEDBACK_RETURNED: return "returned";
    default: return NULL;
    }
}

/* The end results the DDAS model says are fed back to the partner (see the header). */
static gboolean
result_may_be_told (DkSignalResult result)
{
  return result == DK_SIGNAL_RESULT_REPEAT || result == DK_SIGNAL_RESULT_UNJUSTIFIED ||
         result == DK_SIGNAL_RESULT_DECEASED || result == DK_SIGNAL_RESULT_NOT_A_RESIDENT;
}

static DkSignalFeedbackKind
feedback_for_result (DkSignalResult  result,
                     DkSignalResult *out_result)
{
  if (result == DK_SIGNAL_RESULT_OTHER_REASON)
    return DK_SIGNAL_FEEDBACK_NOT_PICKED_UP;
  if (result_may_be_told (result))
    {
      *out_result = result;
      return DK_SIGNAL_FEEDBACK_RESULT;
    }
  return DK_SIGNAL_FEEDBACK_PICKED_UP;
}

DkSignalFeedbackKind
dk_signal_feedback_decide (const DkSignalFeedbackInput *input,
                           DkSignalResult              *out_result)
{
  DkSignalResult unused;

  g_return_val_if_fail (input != NULL, DK_SIGNAL_FEEDBACK_RETURNED);

  if (out_result == NULL)
    out_result = &unused;

  if (input->matched && input->repeat)
    return feedback_for_result (DK_SIGNAL_RESULT_REPEAT, out_result);
  if (input->matched && input->set_aside)
    return feedback_for_result (DK_SIGNAL_RESULT_UNJUSTIFIED, out_result);
  if (input->matched && input->has_case_result)
    return feedback_for_result (input->case_result, out_result);
  if (input->has_brp_result)
    return feedback_for_result (input->brp_result, out_result);
  if (input->matched && input->picked_up)
    return DK_SIGNAL_FEEDBACK_PICKED_UP;
  return DK_SIGNAL_FEEDBACK_RETURNED;
}
