#pragma once

#include <json-glib/json-glib.h>

#include "dk-signal-period.h"

G_BEGIN_DECLS

/*
 * The DDAS Vroegsignalering delivery to CBS (Uitwisselmodel v0.9, json_schema_Uitwisselmodel.json): one
 * levering for one municipality with the period's vroegsignalen and the vroegsignaalzaken they belong
 * to, built from a DkSignalPeriod. Pure: no store, no clock.
 *
 * What is sent about a resident. The DDAS exchange specification carries the BSN in the clear: the
 * delivery is not encrypted or pseudonymised by the sender ("Nee, het aan CBS aan te leveren
 * JSON-bestand hoeft niet te worden versleuteld", ddas docs/VraagEnAntwoord.md) and CBS uses the BSN to
 * link deliveries ("om aansluiting te maken met andere data-aanleveringen en om gegevens op
 * individu-niveau te verrijken met andere CBS-data", ddas docs/uitleg_Model Schuldhulpverlening.md).
 * The Vroegsignalering docs say nothing on which Client fields to fill (all are optional in the
 * schema); the DDAS model of the same delivery to CBS keeps only "die attributen … die noodzakelijk zijn
 * om de client te identificeren: BSN en door het geval deze niet beschikbaar is: geboortedatum,
 * geslacht, postcode, huisnummer en huisnummertoevoeging" (ddas docs/Hoofdlijnen_Model
 * Schuldhulpverlening.md, Cliënten). So: the BSN when known, else birth date, postcode, house number and
 * addition (a signal has no sex); never names, street, town, phone or e-mail.
 *
 * Codes. Signal status (EnumSignaalstatus): a repeat or set-aside signal has its link's status; a
 * picked-up signal has its case's end result when that is also a signal status, else the BRP check's
 * end result, else "Nog niet opgepakt" (as the DDAS examples, whose picked-up signals keep it). A
 * case's resultaat is its end result; a case of set-aside signals only is "Niet opgepakt: onterecht
 * signaal" (the DDAS definition of a signal below the threshold); an unfinished case has none.
 */

typedef struct
{
  const char *supplier_code;        /* codeGegevensleverancier: "software name + version" (DDAS FAQ) */
  const char *municipality_code;    /* gemeentecode, "0363" */
  const char *organisation_name;    /* aanleverende_organisatie.naam */
  const char *kvk_number;           /* or NULL */
  const char *contact_name;         /* the contact person; all four NULL for none */
  const char *contact_phone;
  const char *contact_email;
  const char *contact_function;
} DkDdasSupplier;

/* The Uitwisselmodel object; @delivered_at is aanleverdatumEnTijd (UTC, whole seconds). */
JsonNode   *dk_ddas_export_build         (const DkSignalPeriod  *period,
                                          const DkDdasSupplier  *supplier,
                                          GDateTime             *delivered_at);

/* The EnumSignaalstatus of @signal, as described above. */
const char *dk_ddas_export_signal_status (const DkSignalPeriodSignal *signal);

G_END_DECLS
