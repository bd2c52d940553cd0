#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "dk-brp-match.h"
#include "dk-date.h"

/* The matching of early signals against BRP answers, without HTTP. The answers are shaped as the
 * Haal Centraal BRP API Personen 2.x returns them (naam, geboorte, verblijfplaats, partners,
 * opschortingBijhouding); the people are made up. */

#define MUNICIPALITY "0363"

/* A "personen" answer: each argument is the JSON text of one person; NULL ends the list. */
static GPtrArray * G_GNUC_NULL_TERMINATED
parse (const char *first,
       ...)
{
  g_autoptr(GString) text = g_string_new ("{\"type\": \"ZoekMetPostcodeEnHuisnummer\", \"personen\": [");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *persons;
  va_list args;

  va_start (args, first);
  for (const char *p = first; p != NULL; p = va_arg (args, const char *))
    g_string_append_printf (text, "%s%s", text->str[text->len - 1] == '[' ? "" : ",", p);
  va_end (args);
  g_string_append (text, "]}");

  json_parser_load_from_data (parser, text->str, -1, &error);
  g_assert_no_error (error);
  persons = dk_brp_parse_personen (json_parser_get_root (parser), &error);
  g_assert_no_error (error);
  return persons;
}

/* A person at an address of the municipality. */
static char *
resident (const char *naam,
          const char *birth,
          const char *postcode,
          int         number,
          const char *extra)
{
  return g_strdup_printf ("{\"burgerservicenummer\": \"999993653\", \"naam\": %s,"
                          " \"geboorte\": {\"datum\": {\"type\": \"Datum\", \"datum\": \"%s\"}},"
                          " \"gemeenteVanInschrijving\": {\"code\": \"" MUNICIPALITY "\", \"omschrijving\": \"Amsterdam\"},"
                          " \"verblijfplaats\": {\"type\": \"Adres\", \"verblijfadres\": {\"officieleStraatnaam\": \"Kerkstraat\","
                          " \"korteStraatnaam\": \"Kerkstraat\", \"huisnummer\": %d, \"postcode\": \"%s\","
                          " \"woonplaats\": \"Amsterdam\"}}%s}",
                          naam, birth, number, postcode, extra != NULL ? extra : "");
}

static DkSignal *
signal_new (const char *given,
            const char *prefix,
            const char *family,
            const char *birth)
{
  DkSignal *signal = dk_signal_new ();

  signal->given_names = g_strdup (given);
  signal->name_prefix = g_strdup (prefix);
  signal->family_name = g_strdup (family);
  if (birth != NULL)
    g_assert_true (dk_date_parse (birth, &signal->birth_date, NULL));
  signal->postcode = g_strdup ("1011 AB");
  signal->house_number = g_strdup ("12");
  return signal;
}

static void
test_fold (void)
{
  g_autofree char *a = dk_brp_fold ("\xc4\xb2sbrand  d'Hondt-\xc3\x96zt\xc3\xbcrk");
  g_autofree char *b = dk_brp_fold ("  \xc3\x87" "ELIK ");
  g_autofree char *c = dk_brp_fold (NULL);

  g_assert_cmpstr (a, ==, "ijsbrand d hondt ozturk");
  g_assert_cmpstr (b, ==, "celik");
  g_assert_cmpstr (c, ==, "");
}

static void
test_parse (void)
{
  g_autofree char *p = resident ("{\"voornamen\": \"Fatma Z\xc3\xbcleyha\", \"voorletters\": \"F.Z.\","
                                 " \"geslachtsnaam\": \"\xc3\x87" "elik\", \"aanduidingNaamgebruik\": {\"code\": \"P\","
                                 " \"omschrijving\": \"naam partner\"}}",
                                 "1984-03-07", "1011AB", 12,
                                 ", \"partners\": [{\"naam\": {\"voornamen\": \"Johannes\", \"voorvoegsel\": \"van\","
                                 " \"geslachtsnaam\": \"Dam\"}}]");
  g_autoptr(GPtrArray) persons = parse (p, NULL);
  const DkBrpPerson *person;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (persons->len, ==, 1);
  person = persons->pdata[0];
  g_assert_cmpstr (person->bsn, ==, "999993653");
  g_assert_cmpstr (person->family_name, ==, "\xc3\x87" "elik");
  g_assert_cmpstr (person->initials, ==, "F.Z.");
  g_assert_cmpstr (person->name_use, ==, "P");
  g_assert_cmpstr (person->partner_name_prefix, ==, "van");
  g_assert_cmpstr (person->partner_family_name, ==, "Dam");
  g_assert_cmpint (g_date_get_year (&person->birth_date), ==, 1984);
  g_assert_cmpint (person->residence, ==, DK_BRP_RESIDENCE_ADDRESS);
  g_assert_cmpstr (person->postcode, ==, "1011 AB");
  g_assert_cmpstr (person->house_number, ==, "12");
  g_assert_cmpstr (person->municipality_code, ==, MUNICIPALITY);
  g_assert_false (person->deceased);

  /* Not an answer at all. */
  json_parser_load_from_data (parser, "{\"status\": 400}", -1, &error);
  g_assert_no_error (error);
  g_assert_null (dk_brp_parse_personen (json_parser_get_root (parser), &error));
  g_assert_error (error, DK_BRP_MATCH_ERROR, DK_BRP_MATCH_ERROR_BAD_RESPONSE);
}

static void
test_diacritics_and_case (void)
{
  g_autofree char *p = resident ("{\"voornamen\": \"Fatma\", \"geslachtsnaam\": \"\xc3\x87" "elik\"}", "1984-03-07",
                                 "1011AB", 12, NULL);
  g_autoptr(GPtrArray) persons = parse (p, NULL);
  g_autoptr(DkSignal) signal = signal_new ("FATMA", NULL, "celik", NULL);
  g_autoptr(DkSignal) by_birth = signal_new (NULL, NULL, "CELIK", "1984-03-07");
  DkBrpVerdict v;

  g_assert_cmpint (dk_brp_match_name (signal, persons->pdata[0]), ==, DK_BRP_NAME_SURE);
  g_assert_cmpint (dk_brp_match_name (by_birth, persons->pdata[0]), ==, DK_BRP_NAME_SURE);

  v = dk_brp_judge_by_address (signal, persons, MUNICIPALITY);
  g_assert_cmpint (v.outcome, ==, DK_BRP_OUTCOME_AT_ADDRESS);
  g_assert_null (v.ddas_code);
  g_assert_cmpstr (v.reason, ==, "name_and_address");
}

static void
test_prefixes (void)
{
  g_autofree char *p = resident ("{\"voornamen\": \"Pieter\", \"voorvoegsel\": \"van der\", \"geslachtsnaam\": \"Berg\"}",
                                 "1970-01-31", "1011AB", 12, NULL);
  g_autoptr(GPtrArray) persons = parse (p, NULL);
  g_autoptr(DkSignal) inside = signal_new ("Pieter", NULL, "Van der Berg", NULL);
  g_autoptr(DkSignal) apart = signal_new ("Pieter", "V.D.", "Berg", NULL);
  g_autoptr(DkSignal) separate = signal_new ("Pieter", "van der", "BERG", NULL);
  g_autoptr(DkSignal) glued = signal_new ("Pieter", NULL, "Vanderberg", NULL);
  g_autoptr(DkSignal) without = signal_new ("Pieter", NULL, "Berg", NULL);
  g_autoptr(DkSignal) other = signal_new ("Pieter", NULL, "Bergman", NULL);

  g_assert_cmpint (dk_brp_match_name (inside, persons->pdata[0]), ==, DK_BRP_NAME_SURE);
  g_assert_cmpint (dk_brp_match_name (separate, persons->pdata[0]), ==, DK_BRP_NAME_SURE);
  g_assert_cmpint (dk_brp_match_name (glued, persons->pdata[0]), ==, DK_BRP_NAME_SURE);
  g_assert_cmpint (dk_brp_match_name (without, persons->pdata[0]), ==, DK_BRP_NAME_SURE);
  /* "V.D." is not the prefix "van der", but the name without it still fits. */
  g_assert_cmpint (dk_brp_match_name (apart, persons->pdata[0]), ==, DK_BRP_NAME_SURE);
  g_assert_cmpint (dk_brp_match_name (other, persons->pdata[0]), ==, DK_BRP_NAME_NO_MATCH);
}

static void
test_maiden_names (void)
{
  /* Maria Jansen, married to Kees de Vries, uses his name (aanduidingNaamgebruik P). */
  g_autofree char *p = resident ("{\"voornamen\": \"Maria Johanna\", \"geslachtsnaam\": \"Jansen\","
                                 " \"aanduidingNaamgebruik\": {\"code\": \"P\"}}", "1961-11-02", "1011AB", 12,
                                 ", \"partners\": [{\"naam\": {\"voornamen\": \"Kees\", \"voorvoegsel\": \"de\","
                                 " \"geslachtsnaam\": \"Vries\"}}]");
  g_autoptr(GPtrArray) persons = parse (p, NULL);
  const char *names[] = { "de Vries", "De Vries-Jansen", "Jansen-de Vries", "Jansen", "Vries" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(DkSignal) signal = signal_new ("Maria", NULL, names[i], NULL);

      g_test_message ("family name %u", i);
      g_assert_cmpint (dk_brp_match_name (signal, persons->pdata[0]), ==, DK_BRP_NAME_SURE);
    }

  /* A former partner's name the register does not hold: only a first name and birth date that both
   * agree make it worth a look, never a sure match. */
  {
    g_autoptr(DkSignal) former = signal_new ("Maria", NULL, "Bakker", "1961-11-02");
    g_autoptr(DkSignal) stranger = signal_new ("Maria", NULL, "Bakker", NULL);
    DkBrpVerdict v;

    g_assert_cmpint (dk_brp_match_name (former, persons->pdata[0]), ==, DK_BRP_NAME_WEAK);
    g_assert_cmpint (dk_brp_match_name (stranger, persons->pdata[0]), ==, DK_BRP_NAME_NO_MATCH);
    v = dk_brp_judge_by_address (former, persons, MUNICIPALITY);
    g_assert_cmpint (v.outcome, ==, DK_BRP_OUTCOME_UNCERTAIN);
    g_assert_null (v.ddas_code);
  }
}

static void
test_uncertain (void)
{
  /* Father and son at one address. */
  g_autofree char *father = resident ("{\"voornamen\": \"Jan Hendrik\", \"voorletters\": \"J.H.\", \"voorvoegsel\": \"de\","
                                      " \"geslachtsnaam\": \"Groot\"}", "1950-05-05", "1011AB", 12, NULL);
  g_autofree char *son = resident ("{\"voornamen\": \"Johan\", \"voorletters\": \"J.\", \"voorvoegsel\": \"de\","
                                   " \"geslachtsnaam\": \"Groot\"}", "1980-08-08", "1011AB", 12, NULL);
  g_autofree char *other = resident ("{\"voornamen\": \"Anna\", \"geslachtsnaam\": \"Smit\"}", "1982-02-02", "1011AB",
                                     12, NULL);
  g_autoptr(GPtrArray) family = parse (father, son, other, NULL);
  g_autoptr(GPtrArray) alone = parse (son, other, NULL);
  g_autoptr(DkSignal) initials = signal_new ("J.", "de", "Groot", NULL);
  g_autoptr(DkSignal) johan = signal_new ("Johan", "de", "Groot", NULL);
  g_autoptr(DkSignal) by_birth = signal_new ("J.", "de", "Groot", "1950-05-05");
  g_autoptr(DkSignal) nameless = signal_new (NULL, NULL, NULL, NULL);
  DkBrpVerdict v;

  /* "J. de Groot" fits both: never a guess. */
  v = dk_brp_judge_by_address (initials, family, MUNICIPALITY);
  g_assert_cmpint (v.outcome, ==, DK_BRP_OUTCOME_UNCERTAIN);
  g_assert_cmpstr (v.reason, ==, "two_candidates");
  g_assert_null (v.ddas_code);
  g_assert_cmpstr (dk_brp_outcome_to_string (v.outcome), ==, "uncertain");

  /* Only initials, one candidate: still a person's call. */
  v = dk_brp_judge_by_address (initials, alone, MUNICIPALITY);
  g_assert_cmpint (v.outcome, ==, DK_BRP_OUTCOME_UNCERTAIN);
  g_assert_cmpstr (v.reason, ==, "weak_match");

  /* The first name or the birth date tells them apart. */
  v = dk_brp_judge_by_address (johan, family, MUNICIPALITY);
  g_assert_cmpint (v.outcome, ==, DK_BRP_OUTCOME_AT_ADDRESS);
  v = dk_brp_judge_by_address (by_birth, family, MUNICIPALITY);
  g_assert_cmpint (v.outcome, ==, DK_BRP_OUTCOME_AT_ADDRESS);

  v = dk_brp_judge_by_address (nameless, family, MUNICIPALITY);
  g_assert_cmpint (v.outcome, ==, DK_BRP_OUTCOME_UNCERTAIN);

  /* A house letter the signal lacks: the same person perhaps, another door perhaps. */
  {
    g_autofree char *upstairs = resident ("{\"voornamen\": \"Anna\", \"geslachtsnaam\": \"Smit\"}", "1982-02-02",
                                          "1011AB", 12, NULL);
    g_autoptr(GPtrArray) persons = NULL;
    g_autoptr(DkSignal) anna = signal_new ("Anna", NULL, "Smit", NULL);
    char *brace = strstr (upstairs, "\"postcode\"");

    g_assert_nonnull (brace);
    /* Insert a huisletter into the fixture. */
    {
      g_autofree char *head = g_strndup (upstairs, (gsize) (brace - upstairs));
      g_autofree char *with_letter = g_strconcat (head, "\"huisletter\": \"B\", ", brace, NULL);

      persons = parse (with_letter, NULL);
    }
    v = dk_brp_judge_by_address (anna, persons, MUNICIPALITY);
    g_assert_cmpint (v.outcome, ==, DK_BRP_OUTCOME_UNCERTAIN);
    g_assert_cmpstr (v.reason, ==, "other_door");
    anna->house_number_addition = g_strdup ("b");
    v = dk_brp_judge_by_address (anna, persons, MUNICIPALITY);
    g_assert_cmpint (v.outcome, ==, DK_BRP_OUTCOME_AT_ADDRESS);
  }
}

static void
test_deceased (void)
{
  g_autofree char *by_suspension = resident ("{\"voornamen\": \"Hendrik\", \"geslachtsnaam\": \"Bos\"}", "1940-01-01",
                                             "1011AB", 12,
                                             ", \"opschortingBijhouding\": {\"reden\": {\"code\": \"O\","
                                             " \"omschrijving\": \"overlijden\"}, \"datum\": {\"type\": \"Datum\","
                                             " \"datum\": \"2026-01-15\"}}");
  g_autofree char *by_death = resident ("{\"voornamen\": \"Hendrik\", \"geslachtsnaam\": \"Bos\"}", "1940-01-01",
                                        "1011AB", 12,
                                        ", \"overlijden\": {\"datum\": {\"type\": \"Datum\", \"datum\": \"2026-01-15\"}}");
  g_autoptr(GPtrArray) a = parse (by_suspension, NULL);
  g_autoptr(GPtrArray) b = parse (by_death, NULL);
  g_autoptr(DkSignal) signal = signal_new ("Hendrik", NULL, "Bos", NULL);
  DkBrpVerdict v;

  signal->bsn = g_strdup ("999993653");
  v = dk_brp_judge_by_bsn (signal, a->pdata[0], MUNICIPALITY);
  g_assert_cmpint (v.outcome, ==, DK_BRP_OUTCOME_DECEASED);
  g_assert_cmpstr (v.ddas_code, ==, "Inwoner is overleden");
  v = dk_brp_judge_by_bsn (signal, b->pdata[0], MUNICIPALITY);
  g_assert_cmpint (v.outcome, ==, DK_BRP_OUTCOME_DECEASED);
  v = dk_brp_judge_by_address (signal, b, MUNICIPALITY);
  g_assert_cmpint (v.outcome, ==, DK_BRP_OUTCOME_DECEASED);
}

static void
test_moved (void)
{
  g_autofree char *elsewhere = resident ("{\"voornamen\": \"Sanne\", \"geslachtsnaam\": \"Visser\"}", "1990-06-06",
                                         "1012CD", 3, NULL);
  g_autofree char *here = resident ("{\"voornamen\": \"Sanne\", \"geslachtsnaam\": \"Visser\"}", "1990-06-06",
                                    "1011AB", 12, NULL);
  g_autofree char *other_municipality = g_strdup (
    "{\"burgerservicenummer\": \"999993653\", \"naam\": {\"voornamen\": \"Sanne\", \"geslachtsnaam\": \"Visser\"},"
    " \"gemeenteVanInschrijving\": {\"code\": \"0599\", \"omschrijving\": \"Rotterdam\"},"
    " \"verblijfplaats\": {\"type\": \"Adres\", \"verblijfadres\": {\"huisnummer\": 1, \"postcode\": \"3011AA\"}}}");
  g_autofree char *abroad = g_strdup (
    "{\"burgerservicenummer\": \"999993653\", \"naam\": {\"voornamen\": \"Sanne\", \"geslachtsnaam\": \"Visser\"},"
    " \"gemeenteVanInschrijving\": {\"code\": \"1999\", \"omschrijving\": \"Registratie Niet Ingezetenen (RNI)\"},"
    " \"opschortingBijhouding\": {\"reden\": {\"code\": \"E\", \"omschrijving\": \"emigratie\"}},"
    " \"verblijfplaats\": {\"type\": \"VerblijfplaatsBuitenland\", \"verblijfadres\": {\"land\": {\"code\": \"6039\"}}}}");
  g_autofree char *unknown = g_strdup (
    "{\"burgerservicenummer\": \"999993653\", \"naam\": {\"voornamen\": \"Sanne\", \"geslachtsnaam\": \"Visser\"},"
    " \"gemeenteVanInschrijving\": {\"code\": \"" MUNICIPALITY "\"}, \"verblijfplaats\": {\"type\": \"VerblijfplaatsOnbekend\"}}");
  g_autoptr(GPtrArray) persons = parse (elsewhere, here, other_municipality, abroad, unknown, NULL);
  g_autoptr(DkSignal) signal = signal_new ("Sanne", NULL, "Visser", NULL);
  DkBrpVerdict v;

  signal->bsn = g_strdup ("999993653");

  v = dk_brp_judge_by_bsn (signal, persons->pdata[0], MUNICIPALITY);
  g_assert_cmpint (v.outcome, ==, DK_BRP_OUTCOME_MOVED_WITHIN);
  g_assert_null (v.ddas_code);

  v = dk_brp_judge_by_bsn (signal, persons->pdata[1], MUNICIPALITY);
  g_assert_cmpint (v.outcome, ==, DK_BRP_OUTCOME_AT_ADDRESS);
  g_assert_cmpstr (v.reason, ==, "bsn");

  v = dk_brp_judge_by_bsn (signal, persons->pdata[2], MUNICIPALITY);
  g_assert_cmpint (v.outcome, ==, DK_BRP_OUTCOME_MOVED_AWAY);
  g_assert_cmpstr (v.ddas_code, ==, "Persoon is geen inwoner (meer) in de gemeente");
  g_assert_cmpstr (v.reason, ==, "other_municipality");

  v = dk_brp_judge_by_bsn (signal, persons->pdata[3], MUNICIPALITY);
  g_assert_cmpint (v.outcome, ==, DK_BRP_OUTCOME_MOVED_AWAY);
  g_assert_cmpstr (v.reason, ==, "emigrated");

  v = dk_brp_judge_by_bsn (signal, persons->pdata[4], MUNICIPALITY);
  g_assert_cmpint (v.outcome, ==, DK_BRP_OUTCOME_ADDRESS_UNKNOWN);
  g_assert_cmpstr (v.ddas_code, ==, "Niet opgepakt: andere reden");
}

static void
test_not_found (void)
{
  g_autofree char *other = resident ("{\"voornamen\": \"Anna\", \"geslachtsnaam\": \"Smit\"}", "1982-02-02", "1011AB",
                                     12, NULL);
  g_autoptr(GPtrArray) nobody = g_ptr_array_new ();
  g_autoptr(GPtrArray) persons = parse (other, NULL);
  g_autoptr(DkSignal) signal = signal_new ("Sanne", NULL, "Visser", NULL);
  DkBrpVerdict v;

  signal->bsn = g_strdup ("999993653");
  v = dk_brp_judge_by_bsn (signal, NULL, MUNICIPALITY);
  g_assert_cmpint (v.outcome, ==, DK_BRP_OUTCOME_NOT_FOUND);
  g_assert_cmpstr (v.ddas_code, ==, "Niet opgepakt: andere reden");

  v = dk_brp_judge_by_address (signal, nobody, MUNICIPALITY);
  g_assert_cmpint (v.outcome, ==, DK_BRP_OUTCOME_NOT_FOUND);
  v = dk_brp_judge_by_address (signal, persons, MUNICIPALITY);
  g_assert_cmpint (v.outcome, ==, DK_BRP_OUTCOME_NOT_FOUND);
  g_assert_cmpstr (v.reason, ==, "name_not_at_address");

  /* A BSN whose record carries another name: perhaps a typing error in the BSN, so a person looks. */
  v = dk_brp_judge_by_bsn (signal, persons->pdata[0], MUNICIPALITY);
  g_assert_cmpint (v.outcome, ==, DK_BRP_OUTCOME_UNCERTAIN);
  g_assert_cmpstr (v.reason, ==, "name_differs");
}

static void
test_ddas_codes (void)
{
  /* Every code is a value of DDAS v0.9 EnumEindresultaat. */
  const char * const allowed[] = { "Inwoner is overleden", "Persoon is geen inwoner (meer) in de gemeente",
                                   "Niet opgepakt: andere reden", NULL };

  for (guint o = 0; o < DK_BRP_N_OUTCOMES; o++)
    {
      const char *code = dk_brp_outcome_ddas_code ((DkBrpOutcome) o);

      g_assert_nonnull (dk_brp_outcome_to_string ((DkBrpOutcome) o));
      g_assert_true (code == NULL || g_strv_contains (allowed, code));
    }
  g_assert_null (dk_brp_outcome_ddas_code (DK_BRP_OUTCOME_UNCERTAIN));
  g_assert_null (dk_brp_outcome_ddas_code (DK_BRP_OUTCOME_AT_ADDRESS));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/brp-match/fold", test_fold);
  g_test_add_func ("/brp-match/parse", test_parse);
  g_test_add_func ("/brp-match/diacritics-and-case", test_diacritics_and_case);
  g_test_add_func ("/brp-match/prefixes", test_prefixes);
  g_test_add_func ("/brp-match/maiden-names", test_maiden_names);
  g_test_add_func ("/brp-match/uncertain", test_uncertain);
  g_test_add_func ("/brp-match/deceased", test_deceased);
  g_test_add_func ("/brp-match/moved", test_moved);
  g_test_add_func ("/brp-match/not-found", test_not_found);
  g_test_add_func ("/brp-match/ddas-codes", test_ddas_codes);

  return g_test_run ();
}
