#pragma once

#include <glib.h>

#include "dk-signal.h"
#include "dk-wgs.h"

G_BEGIN_DECLS

/*
 * Matching early signals into cases (DDAS Vroegsignaalzaak) and checking them against the dossiers of
 * debt help. Pure logic: no store, no clock; dk-signal-match-store.h feeds it from the central store.
 *
 * Household. Signals are grouped by dk_signal_match_household_key(): the BSN when the signal has one,
 * else the normalised address (postcode, house number, addition ignoring case). Limits, on purpose:
 * - two partners who are each reported under their own BSN form two households;
 * - a signal without a BSN at the address of a signal with one forms a household of its own;
 * - people at one address who are not one household (lodgers, a student house) form one household
 *   when their signals carry no BSN.
 * The BRP check and the worker at the door correct these; the matching never guesses across keys.
 *
 * Matching period. The DDAS model (Vroegsignaalzaak) records a matching period per case but gives no
 * length, and no definition of "enkelvoudig" or "meervoudig" (its example files use periods ending at
 * a month's end; seed 004 only counts the two kinds). So the period is a policy value,
 * DK_SIGNAL_MATCH_DEFAULT_PERIOD_DAYS unless configured. A household's signals, by signal date, fall
 * into periods: a period starts at the first signal not yet placed and holds the signals dated less
 * than period_days after it.
 *
 * Cases. A household with an open case gets every new signal in that case, whatever its date: a new
 * case is never made beside an open one. Otherwise a period with at least one signal that is not set
 * aside becomes a new case; a period whose signals are all set aside becomes a closed "set aside"
 * case (a set-aside signal within the period of an earlier set-aside case joins it).
 *
 * Repeat signal (DDAS "Niet opgepakt: herhaalde melding": the same partner, the same arrears, not
 * higher). A signal joining a case that already holds a picked-up signal of the same partner (type and
 * name) is a repeat unless its amount is higher than every earlier amount of that partner in the case;
 * a higher amount is picked up (the DDAS text says it must be).
 *
 * Multiple ("meervoudig"): a case with picked-up signals of more than one partner (type and name).
 * Several signals of one partner never make a case multiple: by the DDAS they are repeats.
 *
 * Policy (DDAS "Niet opgepakt: onterecht signaal": below the municipality's threshold amount, or too
 * few days of arrears): see DkSignalPolicy. No source gives a figure, so every threshold is off unless
 * configured.
 *
 * Check against dossiers (seed 003, VNG/NVVK basisdienstverlening): a running dossier makes the case
 * "already known" (to its counsellor; LCV model agreement 3.8 in the same seed); a dossier closed in
 * the six months before the signal, or with aftercare or budget management open, makes it a contact
 * task for the former counsellor ("toetsen of de inwoner in de voorafgaande zes maanden een afgerond
 * schuldhulpverleningstraject had … of nazorg of budgetbeheer/beschermingsbewind openstaan"); else it
 * is a new early-signal case.
 *
 * Work order: crisis cases first, then by the start of the period, then by household key.
 */

/* Not from a source: the DDAS gives no length (see above). A month, as the monthly matching of the
 * systems municipalities use (brief peers.md §1: "monthly matching"). */
#define DK_SIGNAL_MATCH_DEFAULT_PERIOD_DAYS 30
/* Seed 003: "in de voorafgaande zes maanden" and "6 maanden na afronding van een traject terug te kijken". */
#define DK_SIGNAL_MATCH_DEFAULT_FORMER_MONTHS 6

#define DK_SIGNAL_POLICY_ERROR (dk_signal_policy_error_quark ())

typedef enum
{
  DK_SIGNAL_POLICY_ERROR_INVALID,
} DkSignalPolicyError;

GQuark dk_signal_policy_error_quark (void);

/*
 * The municipality's matching policy. A threshold of 0 is off. A signal whose amount or arrears age is
 * unknown is never set aside for that rule: only a known figure below the threshold is.
 */
typedef struct
{
  guint       period_days;                                 /* ≥ 1 */
  guint       former_months;                               /* look-back after closing, ≥ 0 */
  gint64      min_amount_cents[DK_SIGNAL_N_PARTNERS];      /* per partner type */
  guint       min_arrears_days[DK_SIGNAL_N_PARTNERS];      /* signal date − date arrears arose */
  GHashTable *district_min_amount_cents;                   /* "1234" → gint64 *; a minimum per district */
  gboolean    crisis_exempt;                               /* crisis signals are never set aside */
} DkSignalPolicy;

DkSignalPolicy *dk_signal_policy_new  (void);
void            dk_signal_policy_free (DkSignalPolicy *policy);

/*
 * Reads a policy from a key file; every key is optional (defaults above):
 *
 *   [matching]
 *   period-days=30
 *   former-counsellor-months=6
 *   crisis-exempt=true
 *
 *   [partner Huur]                 # a DDAS partner type code
 *   min-amount-cents=25000
 *   min-arrears-days=30
 *
 *   [district 1234]                # the four digits of a postcode
 *   min-amount-cents=10000
 *
 * An unknown group, key, partner code or a value out of range is an error (DK_SIGNAL_POLICY_ERROR or
 * G_KEY_FILE_ERROR), never ignored.
 */
DkSignalPolicy *dk_signal_policy_load_data (const char  *data,
                                            gsize        length,
                                            GError     **error);
DkSignalPolicy *dk_signal_policy_load_file (const char  *path,
                                            GError     **error);

typedef enum
{
  DK_SIGNAL_SET_ASIDE_NONE,
  DK_SIGNAL_SET_ASIDE_AMOUNT,        /* below the partner type's minimum amount */
  DK_SIGNAL_SET_ASIDE_ARREARS_AGE,   /* fewer days of arrears than the partner type's minimum */
  DK_SIGNAL_SET_ASIDE_DISTRICT,      /* below the district's minimum amount */
} DkSignalSetAside;

DkSignalSetAside dk_signal_policy_check (const DkSignalPolicy *policy,
                                         const DkSignal       *signal);

/* "bsn:123456789", or "address:1234AB:12:a" (addition case-folded, white space removed), or NULL
 * when the signal has neither (the import never lets one through). */
char *dk_signal_match_household_key  (const DkSignal *signal);
/* The same address key from a dossier's contact: @house_number may carry the addition ("12a", "12-2"). */
char *dk_signal_match_address_key    (const char     *postcode,
                                      const char     *house_number,
                                      const char     *addition);

typedef enum
{
  DK_SIGNAL_CASE_NEW,                        /* a new early-signal case */
  DK_SIGNAL_CASE_KNOWN,                      /* a running dossier: to its counsellor */
  DK_SIGNAL_CASE_CONTACT_FORMER_COUNSELLOR,  /* recently closed, aftercare or budget management */
  DK_SIGNAL_CASE_SET_ASIDE,                  /* every signal set aside by the policy */
} DkSignalCaseKind;

#define DK_SIGNAL_CASE_KIND_COUNT (DK_SIGNAL_CASE_SET_ASIDE + 1)

const char *dk_signal_case_kind_to_string   (DkSignalCaseKind  kind);
gboolean    dk_signal_case_kind_from_string (const char       *text,
                                             DkSignalCaseKind *out);

typedef enum
{
  DK_SIGNAL_LINK_PICKED_UP,   /* counts for the case */
  DK_SIGNAL_LINK_REPEAT,      /* DDAS "Niet opgepakt: herhaalde melding" */
  DK_SIGNAL_LINK_SET_ASIDE,   /* DDAS "Niet opgepakt: onterecht signaal", reason "policy" */
} DkSignalLinkStatus;

const char *dk_signal_link_status_to_string (DkSignalLinkStatus status);
/* The DDAS EnumSignaalstatus code; a picked-up signal is "Nog niet opgepakt" until its case has an
 * outcome. */
const char *dk_signal_link_status_to_ddas   (DkSignalLinkStatus status);

/* A dossier found for a household. */
typedef struct
{
  char        *dossier_id;
  DkCasePhase  phase;
  GDate        opened_on;
  GDate        closed_on;                 /* valid when phase is closed */
  gboolean     budget_management_open;
  char        *counsellor;                /* or NULL */
} DkSignalDossier;

DkSignalDossier *dk_signal_dossier_new  (const char  *dossier_id,
                                         DkCasePhase  phase,
                                         const char  *counsellor);
void             dk_signal_dossier_free (DkSignalDossier *dossier);

/* The partner of a picked-up signal already in a case, for the repeat rule. */
typedef struct
{
  DkSignalPartner  partner_type;
  char            *partner_name;   /* or NULL */
  gboolean         has_amount;
  gint64           amount_cents;
} DkSignalCasePartner;

/* A case as it is, or as the matching makes or changes it. */
typedef struct
{
  char             *case_id;            /* NULL for a case the matching makes */
  char             *household_key;
  DkSignalCaseKind  kind;
  gboolean          open;
  gboolean          multiple;
  gboolean          crisis;
  GDate             period_start;
  GDate             period_end;         /* the last day of the period */
  char             *dossier_id;         /* known / contact-former-counsellor; else NULL */
  char             *counsellor;
  GArray           *partners;           /* DkSignalCasePartner, picked-up signals so far */

  /* Filled by the matching: the signals it added (indexes into its input) and their status. */
  GArray           *signal_indexes;     /* guint */
  GArray           *signal_status;      /* DkSignalLinkStatus */
  DkSignalSetAside  first_set_aside_rule;
  gboolean          changed;            /* an existing case that got signals */
} DkSignalCase;

DkSignalCase *dk_signal_case_new  (const char       *case_id,
                                   const char       *household_key,
                                   DkSignalCaseKind  kind,
                                   gboolean          open);
void          dk_signal_case_free (DkSignalCase     *c);
/* Records a picked-up signal of an existing case, for the repeat and multiple rules. */
void          dk_signal_case_add_partner (DkSignalCase     *c,
                                          DkSignalPartner   partner_type,
                                          const char       *partner_name,
                                          gboolean          has_amount,
                                          gint64            amount_cents);

typedef struct
{
  GPtrArray *cases;                         /* DkSignalCase: the new and changed cases, in work order */
  guint      n_signals;
  guint      n_cases_by_kind[DK_SIGNAL_CASE_KIND_COUNT];    /* new cases only */
  guint      n_attached;                    /* signals that joined a case open before this run */
  guint      n_picked_up;
  guint      n_repeat;
  guint      n_set_aside;
  guint      n_multiple;                    /* new or changed cases that are multiple */
} DkSignalMatchResult;

void dk_signal_match_result_free (DkSignalMatchResult *result);

/*
 * Matches @signals (DkSignal, borrowed) against the existing cases @existing (DkSignalCase, taken
 * over: only open cases and set-aside cases are useful) and the dossiers per household key
 * @dossiers (char * → GPtrArray of DkSignalDossier; may be NULL). Signals without a household key are
 * skipped (n_signals counts only the matched ones).
 */
DkSignalMatchResult *dk_signal_match (const DkSignalPolicy *policy,
                                      GPtrArray            *signals,
                                      GPtrArray            *existing,
                                      GHashTable           *dossiers);

/* The kind the dossiers give a new case whose first picked-up signal is dated @reference; the chosen
 * dossier in @out_dossier (borrowed; NULL for a new case). */
DkSignalCaseKind dk_signal_match_check_dossiers (const DkSignalPolicy  *policy,
                                                 GPtrArray             *dossiers,
                                                 const GDate           *reference,
                                                 const DkSignalDossier **out_dossier);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkSignalPolicy, dk_signal_policy_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkSignalDossier, dk_signal_dossier_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkSignalCase, dk_signal_case_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkSignalMatchResult, dk_signal_match_result_free)

G_END_DECLS
