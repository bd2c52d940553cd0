#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The outcome of an early-signal case and what may be told about it, in the words of the DDAS "Model
 * Vroegsignalering" v0.9 (EnumEindresultaat, EnumContactsoort, EnumDagdeel, EnumSignaalstatus). Pure
 * logic: dk-signal-outcome-store.h writes outcomes to the central store. Codes are matched exactly as
 * the schema spells them, never guessed.
 */

/* DDAS EnumEindresultaat, in the schema's order. */
typedef enum
{
  DK_SIGNAL_RESULT_REPEAT,                  /* "Niet opgepakt: herhaalde melding" */
  DK_SIGNAL_RESULT_UNJUSTIFIED,             /* "Niet opgepakt: onterecht signaal" */
  DK_SIGNAL_RESULT_DECEASED,                /* "Inwoner is overleden" */
  DK_SIGNAL_RESULT_NOT_A_RESIDENT,          /* "Persoon is geen inwoner (meer) in de gemeente" */
  DK_SIGNAL_RESULT_OTHER_REASON,            /* "Niet opgepakt: andere reden" */
  DK_SIGNAL_RESULT_KNOWN_TO_DEBT_HELP,      /* "Inwoner al bekend bij schuldhulpverlening" */
  DK_SIGNAL_RESULT_OTHER_TRAJECTORY,        /* "Inwoner heeft al een ander lopend traject" */
  DK_SIGNAL_RESULT_NO_CONTACT,              /* "Definitief geen contact kunnen krijgen" */
  DK_SIGNAL_RESULT_NO_RESPONSE_AFTER,       /* "Geen reactie na eerder contact" */
  DK_SIGNAL_RESULT_NO_HELP_WANTED,          /* "Inwoner hoeft geen hulp vanuit vroegsignalering" */
  DK_SIGNAL_RESULT_ALREADY_PAID,            /* "Inwoner heeft zelf al betaald/betalingsregeling getroffen" */
  DK_SIGNAL_RESULT_QUICK_FIX,               /* "(Budget)advies en/of quick fix" */
  DK_SIGNAL_RESULT_FOLLOW_UP_FINANCIAL,     /* "Vervolghulp en/of verwijzing financieel" */
  DK_SIGNAL_RESULT_REFERRAL_NO_CONTACT,     /* "Verwijzing zonder contact" */
  DK_SIGNAL_RESULT_FOLLOW_UP_NON_FINANCIAL, /* "Vervolghulp en/of verwijzing niet financieel" */
} DkSignalResult;

#define DK_SIGNAL_N_RESULTS (DK_SIGNAL_RESULT_FOLLOW_UP_NON_FINANCIAL + 1)

const char *dk_signal_result_to_ddas   (DkSignalResult  result);
/* Exact match of the code (white space around it ignored, case not: the codes differ only in words). */
gboolean    dk_signal_result_from_ddas (const char     *text,
                                        DkSignalResult *out_result);

/* The EnumSignaalstatus that a signal of a case with @result ends with: the five end results that are
 * also signal statuses; NULL for the others (the signal stays "Nog niet opgepakt" in the DDAS
 * examples, whose picked-up signals keep that status whatever their case's result). */
const char *dk_signal_result_signal_status (DkSignalResult result);

/* DDAS EnumContactsoort. */
typedef enum
{
  DK_SIGNAL_CONTACT_MAIL,            /* "Mail" */
  DK_SIGNAL_CONTACT_LETTER,          /* "Brief" */
  DK_SIGNAL_CONTACT_TEXT_MESSAGE,    /* "SMS/Whatsapp" */
  DK_SIGNAL_CONTACT_PHONE,           /* "Telefoon" */
  DK_SIGNAL_CONTACT_HOME_VISIT,      /* "Huisbezoek" */
  DK_SIGNAL_CONTACT_CARD,            /* "Kaartje" */
  DK_SIGNAL_CONTACT_OTHER,           /* "Overige" */
  DK_SIGNAL_CONTACT_ADMINISTRATIVE,  /* "Administratief" */
} DkSignalContactKind;

const char *dk_signal_contact_kind_to_ddas   (DkSignalContactKind  kind);
gboolean    dk_signal_contact_kind_from_ddas (const char          *text,
                                              DkSignalContactKind *out_kind);

/* DDAS EnumDagdeel: Ochtend (before 12:00), Middag (12:00–18:00), Avond (18:00 or later). */
gboolean    dk_signal_part_of_day_valid      (const char          *text);

/*
 * Feedback to the signal partner about one signal, as it stands at the end of a month.
 *
 * The DDAS model says which end results are fed back to the partner (vastelastenpartner):
 * "Niet opgepakt: herhaalde melding" and "Niet opgepakt: onterecht signaal" ("Dit eindresultaat wordt
 * teruggekoppeld aan de vastelastenpartner"), "Inwoner is overleden" ("Zo wordt de vastelastenpartner
 * op de hoogte gebracht") and "Persoon is geen inwoner (meer) in de gemeente" ("De vastelastenpartner
 * wordt hierdoor automatisch … geïnformeerd"). For "Niet opgepakt: andere reden" the partner "mag
 * alleen weten dat de melding niet is opgepakt, maar de specifieke reden daarvoor niet". The model
 * says nothing of feeding back the results of a conversation with the resident (help declined,
 * follow-up help, …): those are the resident's, so the partner learns only that the signal was picked
 * up. A signal still unhandled at the month's end is returned to the partner (seed 001: "Indien niet
 * alle signalen in een maand opgepakt kunnen worden, dan wordt het restant weer terug gemeld bij pp").
 */
typedef enum
{
  DK_SIGNAL_FEEDBACK_PICKED_UP,       /* "picked_up": the signal was picked up, nothing more */
  DK_SIGNAL_FEEDBACK_NOT_PICKED_UP,   /* "not_picked_up": no reason may be given */
  DK_SIGNAL_FEEDBACK_RESULT,          /* "ddas_result": the DDAS end result may be told */
  DK_SIGNAL_FEEDBACK_RETURNED,        /* "returned": unhandled at the month's end, back to the partner */
} DkSignalFeedbackKind;

const char *dk_signal_feedback_kind_to_string (DkSignalFeedbackKind kind);

/* The state of one signal at the month's end; the fields not known are FALSE. */
typedef struct
{
  gboolean        matched;           /* the signal has a link to a case */
  gboolean        repeat;            /* its link is a repeat (herhaalde melding) */
  gboolean        set_aside;         /* its link is set aside by the policy (onterecht signaal) */
  gboolean        has_brp_result;    /* the BRP check ended the signal with @brp_result */
  DkSignalResult  brp_result;
  gboolean        has_case_result;   /* its case has an end result dated on or before the month's end */
  DkSignalResult  case_result;
  gboolean        picked_up;         /* its case was picked up on or before the month's end */
} DkSignalFeedbackInput;

/* What may be said; @out_result gets the end result to tell when the kind is DK_SIGNAL_FEEDBACK_RESULT.
 * The precedence: the signal's own status (repeat, set aside), then the case's result, then the BRP
 * check, then whether the case was picked up. */
DkSignalFeedbackKind dk_signal_feedback_decide (const DkSignalFeedbackInput *input,
                                                DkSignalResult              *out_result);

G_END_DECLS
