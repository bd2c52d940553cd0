#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include "dk-signal.h"

G_BEGIN_DECLS

/*
 * The population register (BRP) check of an early signal, without any HTTP: what the Haal Centraal
 * "BRP API Personen" answers, read into DkBrpPerson, and the verdict on one signal.
 *
 * Relied on: the BRP API Personen OpenAPI specification 2.x (BRP-API/Haal-Centraal-BRP-bevragen,
 * specificatie/brp-api/: Persoon with naam, geboorte, overlijden, verblijfplaats (type "Adres" with
 * verblijfadres, "VerblijfplaatsBuitenland", "VerblijfplaatsOnbekend"), gemeenteVanInschrijving,
 * partners, and the status field opschortingBijhouding whose reden is a waardetabel {code,
 * omschrijving}; reden "O" is overlijden, "E" emigratie, "R" a record moved to the RNI, "F" fout,
 * "M" ministerieel besluit), and the DDAS Model Vroegsignalering v0.9 EnumEindresultaat
 * (../shared/reference/ddas-vroegsignalering/v0.9/json_schema_Uitwisselmodel.json and
 * docs/definities/Detail_Model Vroegsignalering.md).
 */

typedef enum
{
  DK_BRP_RESIDENCE_NONE,      /* the answer holds no verblijfplaats */
  DK_BRP_RESIDENCE_ADDRESS,   /* "Adres": a Dutch address */
  DK_BRP_RESIDENCE_ABROAD,    /* "VerblijfplaatsBuitenland" */
  DK_BRP_RESIDENCE_UNKNOWN,   /* "VerblijfplaatsOnbekend" */
  DK_BRP_RESIDENCE_OTHER,     /* "Locatie" (a boat, a caravan) or a type this code does not know */
} DkBrpResidence;

/* One person of a BRP answer, as far as the check needs it. Strings are NULL when absent. */
typedef struct
{
  char           *bsn;
  char           *given_names;            /* naam.voornamen */
  char           *initials;               /* naam.voorletters */
  char           *name_prefix;            /* naam.voorvoegsel */
  char           *family_name;            /* naam.geslachtsnaam: always the person's own (birth) name */
  char           *name_use;               /* naam.aanduidingNaamgebruik.code: E, P, V or N */
  char           *partner_name_prefix;    /* partners[0].naam.voorvoegsel */
  char           *partner_family_name;    /* partners[0].naam.geslachtsnaam */
  GDate           birth_date;             /* not valid when absent or incomplete */
  gboolean        deceased;               /* overlijden.datum, or opschortingBijhouding reden "O" */
  char           *suspension_reason;      /* opschortingBijhouding.reden.code */
  char           *municipality_code;      /* gemeenteVanInschrijving.code, "0363" */
  DkBrpResidence  residence;
  char           *postcode;               /* normalised "1234 AB" */
  char           *house_number;
  char           *house_letter;
  char           *house_number_addition;
} DkBrpPerson;

void dk_brp_person_free (DkBrpPerson *person);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkBrpPerson, dk_brp_person_free)

#define DK_BRP_MATCH_ERROR (dk_brp_match_error_quark ())

typedef enum
{
  DK_BRP_MATCH_ERROR_BAD_RESPONSE,
} DkBrpMatchError;

GQuark     dk_brp_match_error_quark  (void);

/* The "personen" of a 200 answer to POST /personen as an array of DkBrpPerson (empty when nobody was
 * found), or NULL with DK_BRP_MATCH_ERROR_BAD_RESPONSE when @root is not such an answer. */
GPtrArray *dk_brp_parse_personen     (JsonNode     *root,
                                      GError      **error);

/* The outcome of the check of one signal. The machine names (dk_brp_outcome_to_string()) are what
 * early_signal_brp.outcome holds. */
typedef enum
{
  DK_BRP_OUTCOME_AT_ADDRESS,         /* lives at the signal's address (or, for a signal without one,
                                      * in the municipality) */
  DK_BRP_OUTCOME_MOVED_WITHIN,       /* lives elsewhere in the municipality */
  DK_BRP_OUTCOME_MOVED_AWAY,         /* lives in another municipality, abroad, or emigrated */
  DK_BRP_OUTCOME_DECEASED,
  DK_BRP_OUTCOME_ADDRESS_UNKNOWN,    /* registered, but the BRP does not know where the person lives */
  DK_BRP_OUTCOME_NOT_FOUND,          /* nobody with that BSN, or nobody matching at the address */
  DK_BRP_OUTCOME_UNCERTAIN,          /* a person must look: goes to the review queue */
} DkBrpOutcome;

#define DK_BRP_N_OUTCOMES (DK_BRP_OUTCOME_UNCERTAIN + 1)

const char *dk_brp_outcome_to_string (DkBrpOutcome outcome);

/*
 * The DDAS EnumEindresultaat value an outcome ends the signal with, or NULL when the BRP alone does not
 * end it:
 *   - deceased: "Inwoner is overleden";
 *   - moved away: "Persoon is geen inwoner (meer) in de gemeente" (the docs: registered in another
 *     municipality);
 *   - address unknown and not found: "Niet opgepakt: andere reden" (the docs list "a person no longer
 *     lives at the address and it is unknown where" among its reasons);
 *   - at the address and moved within the municipality: NULL, the signal is picked up (the docs, on a
 *     move within the municipality: "Pak de melding dan op"), so its end result comes from the contact;
 *   - uncertain: NULL, a person decides.
 */
const char *dk_brp_outcome_ddas_code (DkBrpOutcome outcome);

typedef struct
{
  DkBrpOutcome  outcome;
  const char   *ddas_code;   /* dk_brp_outcome_ddas_code (outcome) */
  const char   *reason;      /* a static machine word saying why, never personal data: "bsn", "two_candidates", … */
} DkBrpVerdict;

/* The verdict on @signal after a RaadpleegMetBurgerservicenummer: @person is the one answer, or NULL
 * when the BRP knows nobody with the BSN. @municipality_code is the municipality's own code ("0363"). */
DkBrpVerdict dk_brp_judge_by_bsn      (const DkSignal    *signal,
                                       const DkBrpPerson *person,
                                       const char        *municipality_code);

/* The verdict on @signal after a ZoekMetPostcodeEnHuisnummer with its postcode and house number:
 * @candidates (DkBrpPerson) are everybody registered there. Exactly one sure name match is needed;
 * two, or only a weak match (initials only, no first name and no birth date), is uncertain. */
DkBrpVerdict dk_brp_judge_by_address  (const DkSignal    *signal,
                                       GPtrArray         *candidates,
                                       const char        *municipality_code);

/* How well a person's name and birth date fit the signal's. */
typedef enum
{
  DK_BRP_NAME_NO_MATCH,
  DK_BRP_NAME_WEAK,    /* the family name fits, nothing else confirms it (initials only, no first name) */
  DK_BRP_NAME_SURE,    /* the family name and the first given name or the birth date fit */
} DkBrpNameMatch;

DkBrpNameMatch dk_brp_match_name      (const DkSignal    *signal,
                                       const DkBrpPerson *person);

/* @text with the diacritics removed, case-folded, and every run of characters other than letters and
 * digits made one space: "Ĳsbrand  d'Hondt-Ötzi" → "ijsbrand d hondt otzi". */
char          *dk_brp_fold            (const char        *text);

G_END_DECLS
