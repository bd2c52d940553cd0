#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "dk-date.h"
#include "dk-domain-schema.h"
#include "dk-money.h"
#include "dk-signal-import.h"
#include "dk-signal-store.h"
#include "dk-signal.h"
#include "dk-test-util.h"
#include "dk-uuid.h"

/* Early-signal intake: the record, CSV and JSON reading with per-row validation, and idempotent
 * storage. Every fixture is written by the test itself. */

static GDate today;

static DkSignalImport *
parse_ok (const char     *text,
          DkSignalFormat  format)
{
  g_autoptr(GError) error = NULL;
  DkSignalImport *import = dk_signal_import_parse (text, strlen (text), format, &today, &error);

  g_assert_no_error (error);
  g_assert_nonnull (import);
  return import;
}

static void
assert_file_error (const char          *text,
                   gsize                length,
                   DkSignalFormat       format,
                   DkSignalImportError  code,
                   const char          *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkSignalImport) import = NULL;

  /* (gsize) -1: up to the terminating nul. */
  import = dk_signal_import_parse (text, length == (gsize) -1 ? strlen (text) : length, format, &today, &error);
  g_assert_null (import);
  g_assert_error (error, DK_SIGNAL_IMPORT_ERROR, (gint) code);
  if (strstr (error->message, fragment) == NULL)
    g_test_message ("message: %s", error->message);
  g_assert_nonnull (strstr (error->message, fragment));
}

static const DkSignal *
signal_at (DkSignalImport *import,
           guint           i)
{
  g_assert_cmpuint (i, <, import->signals->len);
  return import->signals->pdata[i];
}

static const char *
error_at (DkSignalImport *import,
          guint           i)
{
  g_assert_cmpuint (i, <, import->errors->len);
  return ((DkSignalRowError *) import->errors->pdata[i])->message;
}

static void
assert_date (const GDate *date,
             const char  *iso)
{
  g_autofree char *text = NULL;

  g_assert_true (g_date_valid (date));
  text = dk_date_format_iso (date);
  g_assert_cmpstr (text, ==, iso);
}

/* A valid BSN from an 8-digit stem: the 9th digit that makes the 11-check pass, or FALSE when there is none. */
static gboolean
make_bsn (guint  stem,
          char  *out)
{
  int sum = 0;

  g_snprintf (out, 10, "%08u", stem);
  for (int i = 0; i < 8; i++)
    sum += (9 - i) * (out[i] - '0');
  /* sum − d9 ≡ 0 (mod 11) */
  if (sum % 11 > 9)
    return FALSE;
  out[8] = (char) ('0' + sum % 11);
  out[9] = '\0';
  return TRUE;
}

/* ---- the record ---- */

static void
test_partner_codes (void)
{
  DkSignalPartner partner = DK_SIGNAL_PARTNER_OTHER;

  g_assert_cmpint (DK_SIGNAL_N_PARTNERS, ==, 11);
  for (guint i = 0; i < DK_SIGNAL_N_PARTNERS; i++)
    {
      const char *code = dk_signal_partner_to_ddas ((DkSignalPartner) i);

      g_assert_nonnull (code);
      g_assert_true (dk_signal_partner_from_ddas (code, &partner));
      g_assert_cmpint (partner, ==, i);
    }
  g_assert_cmpstr (dk_signal_partner_to_ddas (DK_SIGNAL_PARTNER_CAK_HEALTH_INSURANCE), ==, "CAK Zorgverzekeringen");
  g_assert_cmpstr (dk_signal_partner_to_ddas (DK_SIGNAL_PARTNER_ALLOWANCES), ==, "Dienst Toeslagen");
  g_assert_true (dk_signal_partner_from_ddas ("  cak eigen BIJDRAGE ", &partner));
  g_assert_cmpint (partner, ==, DK_SIGNAL_PARTNER_CAK_OWN_CONTRIBUTION);
  g_assert_false (dk_signal_partner_from_ddas ("Gas", &partner));
  g_assert_false (dk_signal_partner_from_ddas ("Energy", &partner));
  g_assert_false (dk_signal_partner_from_ddas (NULL, &partner));
  g_assert_cmpint (partner, ==, DK_SIGNAL_PARTNER_CAK_OWN_CONTRIBUTION);
  g_assert_null (dk_signal_partner_to_ddas ((DkSignalPartner) DK_SIGNAL_N_PARTNERS));
}

static DkSignal *
sample_signal (void)
{
  DkSignal *signal = dk_signal_new ();

  signal->partner_type = DK_SIGNAL_PARTNER_RENT;
  signal->partner_name = g_strdup ("Woonstichting Oost");
  g_date_set_dmy (&signal->signal_date, 2, G_DATE_MARCH, 2026);
  signal->has_amount = TRUE;
  signal->amount_cents = 123456;
  signal->postcode = g_strdup ("1234 AB");
  signal->house_number = g_strdup ("12");
  signal->family_name = g_strdup ("De Vries");
  return signal;
}

static void
test_identity_key (void)
{
  g_autoptr(DkSignal) a = sample_signal ();
  g_autoptr(DkSignal) b = sample_signal ();
  g_autofree char *key_a = dk_signal_identity_key (a);
  g_autofree char *key = NULL;

  g_assert_cmpuint (strlen (key_a), ==, 64);
  g_assert_true (strspn (key_a, "0123456789abcdef") == 64);

  /* Without a reference: the person by address and family name (ignoring case and spacing). */
  g_free (b->family_name);
  b->family_name = g_strdup ("de  VRIES");
  key = dk_signal_identity_key (b);
  g_assert_cmpstr (key, ==, key_a);
  g_clear_pointer (&key, g_free);

  b->amount_cents++;
  key = dk_signal_identity_key (b);
  g_assert_cmpstr (key, !=, key_a);
  g_clear_pointer (&key, g_free);
  b->amount_cents--;

  g_date_add_days (&b->signal_date, 1);
  key = dk_signal_identity_key (b);
  g_assert_cmpstr (key, !=, key_a);
  g_clear_pointer (&key, g_free);
  g_date_subtract_days (&b->signal_date, 1);

  b->house_number_addition = g_strdup ("A");
  key = dk_signal_identity_key (b);
  g_assert_cmpstr (key, !=, key_a);
  g_clear_pointer (&key, g_free);
  g_clear_pointer (&b->house_number_addition, g_free);

  /* A BSN replaces the address in the key. */
  b->bsn = g_strdup ("111222333");
  key = dk_signal_identity_key (b);
  g_assert_cmpstr (key, !=, key_a);
  g_clear_pointer (&key, g_free);
  g_clear_pointer (&a->street, g_free);
  g_free (b->postcode);
  b->postcode = g_strdup ("9999 ZZ");
  a->bsn = g_strdup ("111222333");
  g_free (key_a);
  key_a = dk_signal_identity_key (a);
  key = dk_signal_identity_key (b);
  g_assert_cmpstr (key, ==, key_a);
  g_clear_pointer (&key, g_free);

  /* With a reference only partner and reference count: a correction keeps the identity. */
  a->partner_reference = g_strdup ("H-2026-0042");
  b->partner_reference = g_strdup ("H-2026-0042");
  b->amount_cents = 99;
  g_date_add_days (&b->signal_date, 3);
  g_free (key_a);
  key_a = dk_signal_identity_key (a);
  key = dk_signal_identity_key (b);
  g_assert_cmpstr (key, ==, key_a);
  g_clear_pointer (&key, g_free);

  b->partner_type = DK_SIGNAL_PARTNER_WATER;
  key = dk_signal_identity_key (b);
  g_assert_cmpstr (key, !=, key_a);
  g_clear_pointer (&key, g_free);
  b->partner_type = DK_SIGNAL_PARTNER_RENT;

  /* The separator keeps "ab" + "c" apart from "a" + "bc". */
  g_free (a->partner_name);
  g_free (a->partner_reference);
  a->partner_name = g_strdup ("ab");
  a->partner_reference = g_strdup ("c");
  g_free (b->partner_name);
  g_free (b->partner_reference);
  b->partner_name = g_strdup ("a");
  b->partner_reference = g_strdup ("bc");
  g_free (key_a);
  key_a = dk_signal_identity_key (a);
  key = dk_signal_identity_key (b);
  g_assert_cmpstr (key, !=, key_a);
}

/* ---- CSV ---- */

static void
test_csv_quoting (void)
{
  /* Quoted fields with the separator, doubled quotes and a line break; columns in an unusual order;
   * CRLF line ends; the row after the two-line field starts on line 4, and a blank line counts. */
  const char *csv =
    "signaaldatum,Partner,signaalpartner_type,bsn,geslachtsnaam,straat,bedrag,kenmerk\r\n"
    "2026-03-02,\"Woonstichting \"\"Oost\"\", afd. incasso\",Huur,111222333,Jansen,\"Dorpsstraat\r\n(achter)\",\"1.234,56\",H-1\r\n"
    "2026-03-03,Waterbedrijf,Water,123456782,\"de Boer, van\",,450,\r\n"
    "2026-03-04,Waterbedrijf,Water,123456789,Smit,,12,W-3\r\n"
    "\r\n"
    "2026-03-05,Waterbedrijf,Water,123456782,\"Smit\"x,,12,W-4\r\n";
  g_autoptr(DkSignalImport) import = parse_ok (csv, DK_SIGNAL_FORMAT_CSV);
  const DkSignal *s;

  g_assert_cmpuint (import->n_rows, ==, 4);
  g_assert_cmpuint (import->signals->len, ==, 2);
  g_assert_cmpuint (import->errors->len, ==, 2);
  g_assert_cmpuint (import->n_duplicates, ==, 0);

  s = signal_at (import, 0);
  g_assert_cmpint (s->partner_type, ==, DK_SIGNAL_PARTNER_RENT);
  g_assert_cmpstr (s->partner_name, ==, "Woonstichting \"Oost\", afd. incasso");
  g_assert_cmpstr (s->partner_reference, ==, "H-1");
  g_assert_cmpstr (s->street, ==, "Dorpsstraat (achter)");
  g_assert_true (s->has_amount);
  g_assert_cmpint (s->amount_cents, ==, 123456);
  g_assert_cmpstr (s->bsn, ==, "111222333");
  assert_date (&s->signal_date, "2026-03-02");
  g_assert_false (g_date_valid (&s->arose_on));
  g_assert_false (s->crisis);

  s = signal_at (import, 1);
  g_assert_cmpstr (s->family_name, ==, "de Boer, van");
  g_assert_null (s->street);
  g_assert_null (s->partner_reference);
  g_assert_cmpint (s->amount_cents, ==, 45000);

  g_assert_cmpuint (((DkSignalRowError *) import->errors->pdata[0])->line, ==, 5);
  g_assert_cmpstr (error_at (import, 0), ==, "line 5: column bsn: not a valid BSN: it fails the eleven-test");
  g_assert_cmpuint (((DkSignalRowError *) import->errors->pdata[1])->line, ==, 7);
  g_assert_cmpstr (error_at (import, 1), ==, "line 7: text after the closing quote of a field");
  /* The column and the reason apart, for an answer that names them in fields of their own. */
  g_assert_cmpstr (((DkSignalRowError *) import->errors->pdata[0])->column, ==, "bsn");
  g_assert_cmpstr (((DkSignalRowError *) import->errors->pdata[0])->reason, ==, "not a valid BSN: it fails the eleven-test");
  g_assert_false (((DkSignalRowError *) import->errors->pdata[0])->duplicate);
  g_assert_null (((DkSignalRowError *) import->errors->pdata[1])->column);
  g_assert_cmpstr (((DkSignalRowError *) import->errors->pdata[1])->reason, ==, "text after the closing quote of a field");
}

static void
test_csv_semicolon (void)
{
  /* Dutch Excel: a byte order mark, ";" between fields, so "1.234,56" needs no quotes; Dutch dates;
   * a house number with its addition; flags in Dutch. */
  const char *csv =
    "\xef\xbb\xbf" "signaalpartner_type;signaaldatum;ontstaansdatum;bedrag;crisissignaal;warme_overdracht;"
    "postcode;huisnummer;huisnummertoevoeging;geslachtsnaam;voorvoegsel;voornamen;geboortedatum;woonplaats;"
    "telefoon;email\n"
    "Energie;01-03-2026;15-1-2026;1.234,56;ja;nee;1234ab;12A;;Vries;de;Anna Maria;1980-05-17;Utrecht;"
    "06 12345678;anna@example.nl\n"
    "CAK Zorgverzekeringen;2026-03-01;;€ 80,-;1;0;1234 AB;7;bis;Bakker;;;;;;\n"
    "Energie;2026-03-01;;5;;;1234 AB;7-2;3;Bakker;;;;;;\n";
  g_autoptr(DkSignalImport) import = parse_ok (csv, DK_SIGNAL_FORMAT_CSV);
  const DkSignal *s;

  g_assert_cmpuint (import->signals->len, ==, 2);
  s = signal_at (import, 0);
  g_assert_cmpint (s->partner_type, ==, DK_SIGNAL_PARTNER_ENERGY);
  assert_date (&s->signal_date, "2026-03-01");
  assert_date (&s->arose_on, "2026-01-15");
  assert_date (&s->birth_date, "1980-05-17");
  g_assert_cmpint (s->amount_cents, ==, 123456);
  g_assert_true (s->crisis);
  g_assert_false (s->warm_handover);
  g_assert_cmpstr (s->postcode, ==, "1234 AB");
  g_assert_cmpstr (s->house_number, ==, "12");
  g_assert_cmpstr (s->house_number_addition, ==, "A");
  g_assert_cmpstr (s->name_prefix, ==, "de");
  g_assert_cmpstr (s->given_names, ==, "Anna Maria");
  g_assert_cmpstr (s->city, ==, "Utrecht");
  g_assert_cmpstr (s->phone, ==, "+31612345678");
  g_assert_cmpstr (s->email, ==, "anna@example.nl");
  g_assert_null (s->bsn);

  s = signal_at (import, 1);
  g_assert_cmpint (s->partner_type, ==, DK_SIGNAL_PARTNER_CAK_HEALTH_INSURANCE);
  g_assert_cmpint (s->amount_cents, ==, 8000);
  g_assert_cmpstr (s->house_number_addition, ==, "bis");

  g_assert_cmpuint (import->errors->len, ==, 1);
  g_assert_cmpstr (error_at (import, 0), ==,
                   "line 4: column huisnummer: has an addition while huisnummertoevoeging is given as well");
}

static void
test_bad_rows (void)
{
  const char *csv =
    "signaalpartner_type,signaaldatum,ontstaansdatum,bedrag,bsn,postcode,huisnummer,geboortedatum,crisissignaal\n"
    "Huur,2026-03-02,2026-01-01,100,111222333,,,,\n"                 /* 2: good */
    "Huur,2026-03-02,2026-01-01,100,111222334,,,,\n"                 /* 3: eleven-test */
    "Huur,2026-03-02,,100,12345678,,,,\n"                            /* 4: 8 digits */
    "Huur,2026-02-30,,100,111222333,,,,\n"                           /* 5: impossible date */
    "Huur,2026-04-01,,100,111222333,,,,\n"                           /* 6: future */
    "Huur,2026-03-02,,\"-12,00\",111222333,,,,\n"                    /* 7: negative */
    "Gas,2026-03-02,,100,111222333,,,,\n"                            /* 8: partner type */
    ",2026-03-02,,100,111222333,,,,\n"                               /* 9: no partner type */
    "Huur,2026-03-02,2026-03-03,100,111222333,,,,\n"                 /* 10: arose after signal */
    "Huur,2026-03-02,,100,,1234 AB,,,\n"                             /* 11: no house number */
    "Huur,2026-03-02,,12.50,111222333,,,,\n"                         /* 12: not Dutch notation */
    "Huur,2026-03-02,,100,111222333,,,2029-01-01,\n"                 /* 13: born in the future */
    "Huur,2026-03-02,,100,111222333,,,,misschien\n"                  /* 14: flag */
    "Huur,2026-03-02,,100,111222333,0123 AB,,,\n"                    /* 15: postcode */
    "Huur,2026-03-02,2026-01-01,100,111222333,,,,\n"                 /* 16: duplicate of 2 */
    "Huur,2026-03-02,,100,111222333\n"                               /* 17: too few fields */
    "Huur,2026-03-02,2026-01-01,100, 111 222 333 ,,,,nee\n"           /* 18: duplicate of 2 (same BSN, normalised) */
    "Huur,13-13-2026,,100,111222333,,,,\n";                          /* 19: month 13 */
  static const char * const expected[] = {
    "line 3: column bsn: not a valid BSN: it fails the eleven-test",
    "line 4: column bsn: not a valid BSN (nine digits)",
    "line 5: column signaaldatum: this date does not exist",
    "line 6: column signaaldatum: the date lies in the future",
    "line 7: column bedrag: the amount is negative",
    "line 8: column signaalpartner_type: not a DDAS partner type (Energie, Huur, Hypotheek, CAK Zorgverzekeringen, "
      "Zorg, Water, DUO, Belastingdienst, CAK Eigen bijdrage, Overige, Dienst Toeslagen)",
    "line 9: column signaalpartner_type: empty, but every signal needs its partner type",
    "line 10: column ontstaansdatum: the arrears cannot arise after the signal date",
    "line 11: neither a BSN nor a postcode and house number: the resident cannot be found",
    "line 12: column bedrag: not an amount in Dutch notation, such as 1.234,56",
    "line 13: column geboortedatum: the date lies in the future",
    "line 14: column crisissignaal: not yes or no (ja/nee, true/false, 1/0)",
    "line 15: column postcode: not a Dutch postcode such as 1234 AB",
    "line 16: the same signal as line 2, imported once",
    "line 17: 5 fields where the header has 9 columns",
    "line 18: the same signal as line 2, imported once",
    "line 19: column signaaldatum: this date does not exist",
  };
  g_autoptr(DkSignalImport) import = parse_ok (csv, DK_SIGNAL_FORMAT_CSV);

  g_assert_cmpuint (import->n_rows, ==, 18);
  g_assert_cmpuint (import->signals->len, ==, 1);
  g_assert_cmpuint (import->n_duplicates, ==, 2);
  g_assert_cmpuint (import->errors->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_assert_cmpstr (error_at (import, i), ==, expected[i]);
      /* No message repeats a BSN, whole or in part. */
      g_assert_null (strstr (error_at (import, i), "11122"));
      g_assert_null (strstr (error_at (import, i), "2345678"));
    }
}

static void
test_broken_files (void)
{
  static const char not_utf8[] = "signaalpartner_type,signaaldatum,bsn\nHuur,2026-03-02,\xff\xfe\n";

  assert_file_error ("signaalpartner_type,signaaldatum,bsn,geslacht\nHuur,2026-03-02,111222333,m\n", (gsize) -1,
                     DK_SIGNAL_FORMAT_CSV, DK_SIGNAL_IMPORT_ERROR_COLUMNS,
                     "line 1: column 4 of the header is not a known column name");
  /* No header: the first row's values are never repeated. */
  assert_file_error ("Huur,2026-03-02,111222333\n", (gsize) -1, DK_SIGNAL_FORMAT_CSV, DK_SIGNAL_IMPORT_ERROR_COLUMNS,
                     "line 1: column 1 of the header");
  assert_file_error ("signaalpartner_type,bsn\nHuur,111222333\n", (gsize) -1, DK_SIGNAL_FORMAT_CSV,
                     DK_SIGNAL_IMPORT_ERROR_COLUMNS, "no column signaaldatum");
  assert_file_error ("bsn\n111222333\n", (gsize) -1, DK_SIGNAL_FORMAT_CSV, DK_SIGNAL_IMPORT_ERROR_COLUMNS,
                     "no column signaalpartner_type, signaaldatum");
  assert_file_error ("signaalpartner_type,signaaldatum,postcode,geslachtsnaam\nHuur,2026-03-02,1234 AB,X\n",
                     (gsize) -1, DK_SIGNAL_FORMAT_CSV, DK_SIGNAL_IMPORT_ERROR_COLUMNS,
                     "bsn, or both postcode and huisnummer");
  assert_file_error ("signaalpartner_type,signaaldatum,bsn,BSN\n", (gsize) -1, DK_SIGNAL_FORMAT_CSV,
                     DK_SIGNAL_IMPORT_ERROR_COLUMNS, "the column bsn appears twice");
  assert_file_error ("\n  \n", (gsize) -1, DK_SIGNAL_FORMAT_CSV, DK_SIGNAL_IMPORT_ERROR_SYNTAX, "empty");
  assert_file_error ("", 0, DK_SIGNAL_FORMAT_CSV, DK_SIGNAL_IMPORT_ERROR_SYNTAX, "empty");
  assert_file_error ("signaalpartner_type,signaaldatum,bsn\nHuur,2026-03-02,111222333\nHuur,\"2026-03-03,1\n",
                     (gsize) -1, DK_SIGNAL_FORMAT_CSV, DK_SIGNAL_IMPORT_ERROR_SYNTAX,
                     "line 3: a quoted field is never closed");
  assert_file_error (not_utf8, sizeof not_utf8 - 1, DK_SIGNAL_FORMAT_CSV, DK_SIGNAL_IMPORT_ERROR_ENCODING, "UTF-8");
  assert_file_error ("[{\"signaalpartner_type\": \"Huur\",", (gsize) -1, DK_SIGNAL_FORMAT_JSON,
                     DK_SIGNAL_IMPORT_ERROR_SYNTAX, "not valid JSON");
  assert_file_error ("{\"signalen\": []}", (gsize) -1, DK_SIGNAL_FORMAT_JSON, DK_SIGNAL_IMPORT_ERROR_SYNTAX,
                     "neither an array");
  assert_file_error ("[{\"signaalpartner_type\": \"Huur\"}, {\"geslacht\": \"m\"}]", (gsize) -1,
                     DK_SIGNAL_FORMAT_JSON, DK_SIGNAL_IMPORT_ERROR_COLUMNS, "record 2: unknown field “geslacht”");
}

/* ---- JSON ---- */

static void
test_json (void)
{
  const char *json =
    "[\n"
    "  {\"signaalpartner_type\": \"Water\", \"signaaldatum\": \"2026-03-02\", \"bedrag\": 450,"
    "   \"bsn\": \"111222333\", \"crisissignaal\": true, \"warme_overdracht\": null, \"kenmerk\": \"W-1\"},\n"
    "  {\"signaalpartner_type\": \"Zorg\", \"signaaldatum\": \"02-03-2026\", \"bedrag\": 12.5,"
    "   \"postcode\": \"1234AB\", \"huisnummer\": 3},\n"
    "  {\"signaalpartner_type\": \"Zorg\", \"signaaldatum\": \"2026-03-02\", \"bedrag\": \"1.234,56\","
    "   \"bsn\": \"123456782\"},\n"
    "  {\"signaalpartner_type\": \"Zorg\", \"signaaldatum\": \"2026-03-02\", \"bedrag\": 12.345, \"bsn\": \"123456782\"},\n"
    "  {\"signaalpartner_type\": \"Zorg\", \"signaaldatum\": \"2026-03-02\", \"bsn\": 123456782},\n"
    "  {\"signaalpartner_type\": \"Zorg\", \"signaaldatum\": \"2026-03-02\", \"bsn\": \"123456782\", \"bedrag\": -1},\n"
    "  \"Zorg\",\n"
    "  {\"signaalpartner_type\": \"Water\", \"signaaldatum\": \"2026-03-02\", \"bedrag\": 450,"
    "   \"bsn\": \"111222333\", \"crisissignaal\": true, \"kenmerk\": \"W-1\"}\n"
    "]\n";
  g_autoptr(DkSignalImport) import = parse_ok (json, DK_SIGNAL_FORMAT_JSON);
  const DkSignal *s;

  g_assert_cmpuint (import->n_rows, ==, 8);
  g_assert_cmpuint (import->signals->len, ==, 3);
  s = signal_at (import, 0);
  g_assert_cmpint (s->amount_cents, ==, 45000);
  g_assert_true (s->crisis);
  g_assert_false (s->warm_handover);
  g_assert_cmpstr (s->partner_reference, ==, "W-1");
  s = signal_at (import, 1);
  g_assert_cmpint (s->amount_cents, ==, 1250);
  g_assert_cmpstr (s->house_number, ==, "3");
  g_assert_cmpstr (s->postcode, ==, "1234 AB");
  assert_date (&s->signal_date, "2026-03-02");
  s = signal_at (import, 2);
  g_assert_cmpint (s->amount_cents, ==, 123456);

  g_assert_cmpuint (import->errors->len, ==, 5);
  g_assert_cmpstr (error_at (import, 0), ==,
                   "record 4: column bedrag: not a number of euros with at most two decimals");
  g_assert_cmpstr (error_at (import, 1), ==,
                   "record 5: column bsn: a number where a text belongs; write it as a string");
  g_assert_cmpstr (error_at (import, 2), ==, "record 6: column bedrag: the amount is negative");
  g_assert_cmpstr (error_at (import, 3), ==, "record 7: not an object with the fields of a signal");
  g_assert_cmpstr (error_at (import, 4), ==, "record 8: the same signal as record 1, imported once");
  g_assert_cmpuint (import->n_duplicates, ==, 1);
  g_assert_cmpstr (((DkSignalRowError *) import->errors->pdata[1])->column, ==, "bsn");
  g_assert_cmpstr (((DkSignalRowError *) import->errors->pdata[1])->reason, ==,
                   "a number where a text belongs; write it as a string");
  g_assert_true (((DkSignalRowError *) import->errors->pdata[4])->duplicate);
  g_assert_false (((DkSignalRowError *) import->errors->pdata[3])->duplicate);
}

/* ---- files and the store ---- */

static char *
write_file (const char *dir,
            const char *name,
            const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
store_import (DkStore        *store,
              DkSignalImport *import,
              guint           expect_new,
              guint           expect_known)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *import_id = dk_uuid_new ();
  guint n_new = G_MAXUINT;
  guint n_known = G_MAXUINT;

  g_assert_true (dk_signal_store_import (store, import->signals, "signals.csv", import_id, &n_new, &n_known,
                                         &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_new, ==, expect_new);
  g_assert_cmpuint (n_known, ==, expect_known);
}

static gint64
count_rows (DkStore    *store,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, &error);
  gboolean has_row = FALSE;
  gint64 value;

  g_assert_no_error (error);
  g_assert_true (dk_store_step_row (store, stmt, &has_row, &error));
  g_assert_true (has_row);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

/* A month of signals from one region (seed 004: some 2,000 a month), about 10% of them bad, with
 * every count known exactly; then the same file again. */
static void
test_generated_month (void)
{
  static const char * const partners[] = { "Huur", "Energie", "Water", "CAK Zorgverzekeringen", "Zorg" };
  g_autoptr(GRand) rand = g_rand_new_with_seed (4);
  g_autoptr(GString) csv = g_string_new ("kenmerk;signaalpartner_type;partner;signaaldatum;bedrag;bsn;postcode;"
                                         "huisnummer;geslachtsnaam;crisissignaal\n");
  g_autoptr(GPtrArray) good_lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkSignalImport) import = NULL;
  g_autoptr(DkSignalImport) again = NULL;
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GArray) counts = NULL;
  g_autofree char *dir = dk_test_make_tmpdir ();
  g_autofree char *path = NULL;
  g_autofree char *db = g_build_filename (dir, "central.db", NULL);
  guint n_good = 0;
  guint n_bad = 0;
  guint n_duplicates = 0;
  guint per_partner[G_N_ELEMENTS (partners)] = { 0 };

  for (guint row = 0; row < 2000; row++)
    {
      guint p = (guint) g_rand_int_range (rand, 0, G_N_ELEMENTS (partners));
      guint day = (guint) g_rand_int_range (rand, 1, 32);
      gint64 cents = g_rand_int_range (rand, 5000, 500000);
      g_autofree char *amount = dk_money_format_plain (cents);
      g_autofree char *reference = g_rand_boolean (rand) ? g_strdup_printf ("R-%04u", row) : g_strdup ("");
      char bsn[10];
      const char *date_text;
      char date[11];
      char line_bsn[12];
      gboolean use_bsn = g_rand_int_range (rand, 0, 4) != 0;
      guint kind = (guint) g_rand_int_range (rand, 0, 100);

      while (!make_bsn ((guint) g_rand_int_range (rand, 10000000, 99999999), bsn))
        ;
      g_snprintf (date, sizeof date, "2026-03-%02u", day);
      date_text = date;
      g_strlcpy (line_bsn, use_bsn ? bsn : "", sizeof line_bsn);

      /* ~10% bad: six kinds, plus copies of earlier good rows. */
      if (kind < 2)
        {
          /* One digit off: the eleven-test fails. */
          g_strlcpy (line_bsn, bsn, sizeof line_bsn);
          line_bsn[8] = (char) ('0' + (bsn[8] - '0' + 1) % 10);
        }
      else if (kind < 4)
        date_text = "2026-02-30";
      else if (kind < 5)
        date_text = "2026-04-02";
      else if (kind < 6)
        {
          g_free (amount);
          amount = dk_money_format_plain (-cents);
        }
      else if (kind < 7)
        p = G_N_ELEMENTS (partners);   /* "Gas" below */
      else if (kind < 10 && good_lines->len > 0)
        {
          guint copy = (guint) g_rand_int_range (rand, 0, (gint32) good_lines->len);

          g_string_append (csv, good_lines->pdata[copy]);
          n_duplicates++;
          n_bad++;
          continue;
        }

      {
        g_autofree char *line = g_strdup_printf ("%s;%s;Partner %u;%s;%s;%s;%04u AB;%u;Achternaam%u;%s\n",
                                                 reference, p < G_N_ELEMENTS (partners) ? partners[p] : "Gas",
                                                 p, date_text, amount, line_bsn, 1000 + row, row % 200 + 1, row,
                                                 row % 10 == 0 ? "ja" : "nee");

        g_string_append (csv, line);
        if (kind < 7)
          n_bad++;
        else
          {
            n_good++;
            per_partner[p]++;
            g_ptr_array_add (good_lines, g_steal_pointer (&line));
          }
      }
    }
  g_test_message ("generated: %u good, %u bad of which %u duplicates", n_good, n_bad, n_duplicates);
  g_assert_cmpuint (n_good + n_bad, ==, 2000);
  /* The seed gives about 10% bad rows; keep it so if the generator changes. */
  g_assert_cmpuint (n_bad, >=, 150);
  g_assert_cmpuint (n_bad, <=, 250);

  path = write_file (dir, "maart.csv", csv->str);
  import = dk_signal_import_file (path, DK_SIGNAL_FORMAT_CSV, &today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (import->n_rows, ==, 2000);
  g_assert_cmpuint (import->signals->len, ==, n_good);
  g_assert_cmpuint (import->errors->len, ==, n_bad);
  g_assert_cmpuint (import->n_duplicates, ==, n_duplicates);

  store = dk_domain_store_open (db, &error);
  g_assert_no_error (error);
  store_import (store, import, n_good, 0);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM early_signal"), ==, n_good);
  g_assert_cmpint (count_rows (store, "SELECT count(DISTINCT import_id) FROM early_signal"), ==, 1);

  /* The same file again: nothing new. */
  again = dk_signal_import_file (path, DK_SIGNAL_FORMAT_CSV, &today, &error);
  g_assert_no_error (error);
  store_import (store, again, 0, n_good);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM early_signal"), ==, n_good);

  counts = dk_signal_store_count_by_partner (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts->len, ==, G_N_ELEMENTS (partners));
  for (guint c = 0; c < counts->len; c++)
    {
      const DkSignalPartnerCount *count = &g_array_index (counts, DkSignalPartnerCount, c);
      const char *code = dk_signal_partner_to_ddas (count->partner_type);

      for (guint p = 0; p < G_N_ELEMENTS (partners); p++)
        if (g_str_equal (code, partners[p]))
          g_assert_cmpuint (count->n_signals, ==, per_partner[p]);
      g_assert_cmpuint (g_date_get_month (&count->newest_signal_date), ==, G_DATE_MARCH);
      if (c > 0)
        g_assert_cmpint (count->partner_type, >, g_array_index (counts, DkSignalPartnerCount, c - 1).partner_type);
    }

  g_clear_object (&store);
  dk_test_remove_tree (dir);
}

/* A signal that comes again in next month's file, beside a new one, is known; the new one is not. */
static void
test_idempotent_across_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkStore) store = dk_domain_store_open (":memory:", &error);
  g_autoptr(DkSignalImport) first = parse_ok ("signaalpartner_type,signaaldatum,bsn,kenmerk,bedrag\n"
                                              "Huur,2026-02-20,111222333,H-1,100\n"
                                              "Huur,2026-02-21,123456782,,200\n", DK_SIGNAL_FORMAT_CSV);
  /* H-1 corrected (another amount: same reference, same signal), the second as it was, one new. */
  g_autoptr(DkSignalImport) second = parse_ok ("[{\"signaalpartner_type\": \"Huur\", \"signaaldatum\": \"2026-02-20\","
                                               " \"bsn\": \"111222333\", \"kenmerk\": \"H-1\", \"bedrag\": 150},"
                                               " {\"signaalpartner_type\": \"huur\", \"signaaldatum\": \"21-02-2026\","
                                               " \"bsn\": \"123456782\", \"bedrag\": \"200,00\"},"
                                               " {\"signaalpartner_type\": \"Huur\", \"signaaldatum\": \"2026-03-01\","
                                               " \"bsn\": \"123456782\", \"bedrag\": 200}]", DK_SIGNAL_FORMAT_JSON);

  g_assert_no_error (error);
  store_import (store, first, 2, 0);
  store_import (store, second, 1, 2);
  g_assert_cmpint (count_rows (store, "SELECT count(*) FROM early_signal"), ==, 3);
  /* The first delivery stands: a known signal is not overwritten. */
  g_assert_cmpint (count_rows (store, "SELECT amount_cents FROM early_signal WHERE partner_reference = 'H-1'"), ==,
                   10000);
}

/* The DDAS v0.9 example deliveries, mapped from the Uitwisselmodel. Their BSNs are placeholders that
 * fail the eleven-test, so as they are every signal is refused for that; without the BSNs (the
 * address then identifies the resident) every signal maps. */
static void
test_ddas_examples (void)
{
  static const char * const files[] = { "enkelvoudigVoorbeeld.json", "meervoudigVoorbeeld.json" };
  const char *reference = g_getenv ("DK_REFERENCE_DIR");
  g_autofree char *dir = NULL;

  if (reference != NULL)
    dir = g_build_filename (reference, "reference", "ddas-vroegsignalering", "v0.9", NULL);
  if (dir == NULL || !g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("the DDAS reference files are not there (DK_REFERENCE_DIR)");
      return;
    }

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *path = g_build_filename (dir, files[f], NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(DkSignalImport) as_is = dk_signal_import_file (path, DK_SIGNAL_FORMAT_JSON, &today, &error);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(DkSignalImport) mapped = NULL;
      g_autofree char *without_bsn = NULL;
      JsonArray *deliveries;
      guint n_signals = 0;

      g_assert_no_error (error);
      g_assert_true (json_parser_load_from_file (parser, path, &error));
      g_assert_no_error (error);
      deliveries = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "leveringen");
      for (guint d = 0; d < json_array_get_length (deliveries); d++)
        {
          JsonArray *signals = json_object_get_array_member (json_array_get_object_element (deliveries, d),
                                                             "vroegsignalen");

          for (guint s = 0; s < json_array_get_length (signals); s++)
            json_object_remove_member (json_object_get_object_member (json_array_get_object_element (signals, s),
                                                                      "client"),
                                       "Burgerservicenummer");
          n_signals += json_array_get_length (signals);
        }
      g_test_message ("%s: %u signals", files[f], n_signals);
      g_assert_cmpuint (n_signals, >, 0);

      g_assert_cmpuint (as_is->n_rows, ==, n_signals);
      g_assert_cmpuint (as_is->signals->len, ==, 0);
      g_assert_cmpuint (as_is->errors->len, ==, n_signals);
      for (guint e = 0; e < as_is->errors->len; e++)
        g_assert_true (g_str_has_suffix (error_at (as_is, e), ": column bsn: not a valid BSN: it fails the eleven-test"));

      without_bsn = json_to_string (json_parser_get_root (parser), FALSE);
      mapped = parse_ok (without_bsn, DK_SIGNAL_FORMAT_JSON);
      for (guint e = 0; e < mapped->errors->len; e++)
        g_test_message ("%s", error_at (mapped, e));
      g_assert_cmpuint (mapped->errors->len, ==, 0);
      g_assert_cmpuint (mapped->signals->len, ==, n_signals);

      if (f == 0)
        {
          const DkSignal *s = signal_at (mapped, 0);

          g_assert_cmpstr (s->partner_reference, ==, "VS-2025-0001");
          g_assert_cmpint (s->partner_type, ==, DK_SIGNAL_PARTNER_ENERGY);
          g_assert_true (s->has_amount);
          g_assert_cmpint (s->amount_cents, ==, 45000);
          assert_date (&s->arose_on, "2024-12-10");
          assert_date (&s->signal_date, "2025-01-05");
          assert_date (&s->birth_date, "1985-06-15");
          g_assert_false (s->crisis);
          g_assert_false (s->warm_handover);
          g_assert_cmpstr (s->given_names, ==, "A.");
          g_assert_cmpstr (s->name_prefix, ==, "van");
          g_assert_cmpstr (s->family_name, ==, "Dijk");
          g_assert_cmpstr (s->street, ==, "Voorbeeldstraat");
          g_assert_cmpstr (s->postcode, ==, "1234 AB");
          g_assert_cmpstr (s->house_number, ==, "10");
          g_assert_cmpstr (s->house_number_addition, ==, "A");
          g_assert_cmpstr (s->city, ==, "Voorbeeldstad");
        }
      else
        {
          g_autoptr(DkStore) store = dk_domain_store_open (":memory:", &error);

          g_assert_no_error (error);
          store_import (store, mapped, n_signals, 0);
          store_import (store, mapped, 0, n_signals);
        }
    }
}

static void
test_format_names (void)
{
  DkSignalFormat format = DK_SIGNAL_FORMAT_JSON;

  g_assert_true (dk_signal_format_for_path ("/tmp/maart.CSV", &format));
  g_assert_cmpint (format, ==, DK_SIGNAL_FORMAT_CSV);
  g_assert_true (dk_signal_format_for_path ("signalen.json", &format));
  g_assert_cmpint (format, ==, DK_SIGNAL_FORMAT_JSON);
  g_assert_false (dk_signal_format_for_path ("signalen.xlsx", &format));
  g_assert_false (dk_signal_format_for_path ("/tmp/a.csv/signalen", &format));
  g_assert_true (dk_signal_format_from_name ("Json", &format));
  g_assert_false (dk_signal_format_from_name ("xml", &format));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 31, G_DATE_MARCH, 2026);

  g_test_add_func ("/signal/partner-codes", test_partner_codes);
  g_test_add_func ("/signal/identity-key", test_identity_key);
  g_test_add_func ("/signal-import/format-names", test_format_names);
  g_test_add_func ("/signal-import/csv-quoting", test_csv_quoting);
  g_test_add_func ("/signal-import/csv-semicolon", test_csv_semicolon);
  g_test_add_func ("/signal-import/bad-rows", test_bad_rows);
  g_test_add_func ("/signal-import/broken-files", test_broken_files);
  g_test_add_func ("/signal-import/json", test_json);
  g_test_add_func ("/signal-import/generated-month", test_generated_month);
  g_test_add_func ("/signal-import/idempotent-across-files", test_idempotent_across_files);
  g_test_add_func ("/signal-import/ddas-examples", test_ddas_examples);

  return g_test_run ();
}
