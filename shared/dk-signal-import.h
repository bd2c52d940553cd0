#pragma once

#include <glib.h>

#include "dk-signal.h"

G_BEGIN_DECLS

/*
 * Reads early signals from a CSV or JSON file, validating every row: a file with bad rows yields its
 * good signals plus one message per bad row, so the good ones can be imported and the partner asked
 * to correct the rest. Only a file that cannot be read as a whole (unreadable, not UTF-8, broken
 * quoting or JSON, unknown or missing columns) is an error.
 *
 * Columns (CSV header names and JSON member names alike, case-insensitive; any order; all optional
 * except where said):
 *   signaalpartner_type   required; a DDAS partner type: Energie, Huur, Hypotheek, CAK Zorgverzekeringen,
 *                         Zorg, Water, DUO, Belastingdienst, CAK Eigen bijdrage, Overige, Dienst Toeslagen
 *   partner               the partner's name
 *   kenmerk               the partner's own reference of the signal
 *   bedrag                the arrears; CSV: Dutch notation as dk_money_parse() reads it ("1.234,56",
 *                         "450", "€ 12,50"); "12.50" is refused, never read as 1250 euro. JSON: a number
 *                         of euros with at most two decimals (450, 12.5; DDAS writes whole euros) or a
 *                         string in Dutch notation. Never negative.
 *   ontstaansdatum        when the arrears arose; not after the signal date
 *   signaaldatum          required; when the partner sent the signal; not in the future
 *   crisissignaal, warme_overdracht
 *                         ja/nee, j/n, yes/no, true/false, 1/0 (JSON: also true/false); empty is no
 *   bsn                   9 digits passing the 11-check
 *   voornamen, voorvoegsel, geslachtsnaam
 *   geboortedatum         not in the future
 *   straat
 *   huisnummer            a number, optionally followed by its addition ("12A", "12-2") when
 *                         huisnummertoevoeging is empty
 *   huisnummertoevoeging
 *   postcode              a Dutch postcode, kept as "1234 AB"
 *   woonplaats, telefoon (Dutch or international, kept as E.164), email
 * A header must have signaalpartner_type, signaaldatum, and bsn or both postcode and huisnummer; each
 * row needs a BSN or a postcode and house number. Dates are YYYY-MM-DD or DD-MM-YYYY.
 *
 * CSV: RFC 4180 with a header row. The separator is ";" (as Dutch Excel writes) when the header line
 * has more semicolons than commas, else ",". Fields may be quoted with '"' (a quote inside doubled),
 * and quoted fields may hold separators and line breaks. Values are trimmed; line breaks and runs of
 * white space inside a text value become one space. Blank lines are skipped. A row is reported by the
 * physical line it starts on (the header is line 1).
 *
 * JSON: an array of objects with the column names as members (null is the same as absent), or a
 * DDAS Vroegsignalering "Uitwisselmodel" (an object with "leveringen"), whose vroegsignalen are
 * mapped: ID → kenmerk, warmeOverdracht → warme_overdracht, signaalpartner.type, and the client's
 * Burgerservicenummer, Voorletters (→ voornamen), Voorvoegsel, Achternaam, Geboortedatum, Straatnaam,
 * Postcode, Huisnummer, Huisnummertoevoeging and Plaatsnaam. A record is reported by its number,
 * counting from 1 (across all leveringen of a DDAS file).
 *
 * Messages name the column but never the value, so a BSN or name in a bad row cannot end up in a log.
 * A row that is the same signal (dk_signal_identity_key()) as an earlier row of the file is reported
 * as a duplicate and imported once.
 */

#define DK_SIGNAL_IMPORT_ERROR (dk_signal_import_error_quark ())

typedef enum
{
  DK_SIGNAL_IMPORT_ERROR_READ,      /* the file cannot be read, or is too large */
  DK_SIGNAL_IMPORT_ERROR_ENCODING,  /* not UTF-8 text */
  DK_SIGNAL_IMPORT_ERROR_SYNTAX,    /* empty, an unclosed quote, malformed JSON or not the expected shape */
  DK_SIGNAL_IMPORT_ERROR_COLUMNS,   /* an unknown, repeated or missing column */
} DkSignalImportError;

GQuark dk_signal_import_error_quark (void);

typedef enum
{
  DK_SIGNAL_FORMAT_CSV,
  DK_SIGNAL_FORMAT_JSON,
} DkSignalFormat;

/* "csv" or "json" (any case). */
gboolean dk_signal_format_from_name (const char     *name,
                                     DkSignalFormat *out_format);

/* The format a file name's extension (".csv", ".json", any case) says; FALSE for any other name. */
gboolean dk_signal_format_for_path  (const char     *path,
                                     DkSignalFormat *out_format);

typedef struct
{
  guint        line;       /* CSV: the line the row starts on; JSON: the record's number */
  char        *message;    /* complete and translated: "line 7: column bsn: not a valid BSN (nine digits)" */
  const char  *column;     /* the column at fault ("bsn"), or NULL when the row as a whole is */
  char        *reason;     /* the message without line and column: "not a valid BSN (nine digits)" */
  gboolean     duplicate;  /* the row repeats an earlier row's signal, which is imported once */
} DkSignalRowError;

typedef struct
{
  GPtrArray *signals;       /* DkSignal: the good rows, each signal once, in file order */
  GPtrArray *errors;        /* DkSignalRowError: the bad rows, in file order */
  guint      n_rows;        /* data rows read: good, bad and duplicate */
  guint      n_duplicates;  /* of the errors, rows repeating an earlier row's signal */
} DkSignalImport;

void            dk_signal_import_free   (DkSignalImport  *import);

/*
 * Reads @length bytes of @text (UTF-8) in @format. @today is the date against which signal and
 * birth dates may not lie in the future. Returns NULL and sets @error in DK_SIGNAL_IMPORT_ERROR only
 * when the file as a whole is unusable.
 */
DkSignalImport *dk_signal_import_parse  (const char      *text,
                                         gsize            length,
                                         DkSignalFormat   format,
                                         const GDate     *today,
                                         GError         **error);

/* dk_signal_import_parse() on the contents of the file at @path (at most 64 MiB). */
DkSignalImport *dk_signal_import_file   (const char      *path,
                                         DkSignalFormat   format,
                                         const GDate     *today,
                                         GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkSignalImport, dk_signal_import_free)

G_END_DECLS
