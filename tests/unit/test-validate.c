#include "config.h"

#include "dk-validate.h"
#include <glib.h>
#include <string.h>

typedef gboolean (*Validator) (const char *text, GError **error);

typedef struct
{
  const char *text;
  DkValidateError code;
} InvalidCase;

static void
assert_invalid (Validator       validate,
                const char     *text,
                DkValidateError code)
{
  g_autoptr(GError) error = NULL;
  gboolean valid = validate (text, &error);

  /* Name the input only when the check is about to fail, to keep the test log short. */
  if (valid || !g_error_matches (error, DK_VALIDATE_ERROR, (gint) code))
    g_test_message ("unexpected result for \"%s\": expected error code %d", text, code);
  g_assert_false (valid);
  g_assert_error (error, DK_VALIDATE_ERROR, (gint) code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
}

static void
assert_invalid_cases (Validator          validate,
                      const InvalidCase *cases,
                      gsize              n)
{
  for (gsize i = 0; i < n; i++)
    assert_invalid (validate, cases[i].text, cases[i].code);
}

static char *
error_message (Validator   validate,
               const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (validate (text, &error));
  g_assert_nonnull (error);
  return g_strdup (error->message);
}

/* BSN */

/* An independent 11-check, written from the definition, to check the validator against. */
static gboolean
reference_elfproef (const char *nine_digits)
{
  static const int weights[9] = { 9, 8, 7, 6, 5, 4, 3, 2, -1 };
  int sum = 0;

  for (int i = 0; i < 9; i++)
    sum += weights[i] * (nine_digits[i] - '0');
  return sum % 11 == 0 && strcmp (nine_digits, "000000000") != 0;
}

static void
test_bsn_valid (void)
{
  static const struct
  {
    const char *text;
    const char *normalized;
  } cases[] = {
    { "111222333", "111222333" },
    { "123456782", "123456782" },
    { "999990019", "999990019" },
    { "111 222 333", "111222333" },
    { "111.222.333", "111222333" },
    { "1234.56.782", "123456782" },
    { "  123456782\t", "123456782" },
    { "\xc2\xa0" "123456782", "123456782" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = dk_bsn_normalize (cases[i].text);

      g_assert_true (dk_validate_bsn (cases[i].text, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, cases[i].normalized);
      /* The examples themselves, checked with the algorithm written out independently. */
      g_assert_true (reference_elfproef (normalized));
    }
}

static void
test_bsn_invalid (void)
{
  static const InvalidCase cases[] = {
    { "", DK_VALIDATE_ERROR_EMPTY },
    { "  ", DK_VALIDATE_ERROR_EMPTY },
    { "11122233a", DK_VALIDATE_ERROR_INVALID_CHARACTER },
    { "111-222-333", DK_VALIDATE_ERROR_INVALID_CHARACTER },
    { "l11222333", DK_VALIDATE_ERROR_INVALID_CHARACTER },
    { "11122233", DK_VALIDATE_ERROR_TOO_SHORT },
    { "12345678", DK_VALIDATE_ERROR_TOO_SHORT },
    { "...", DK_VALIDATE_ERROR_TOO_SHORT },
    { "1112223330", DK_VALIDATE_ERROR_TOO_LONG },
    { "0123456782", DK_VALIDATE_ERROR_TOO_LONG },
    { "000000000", DK_VALIDATE_ERROR_ALL_ZEROS },
    { "000 000 000", DK_VALIDATE_ERROR_ALL_ZEROS },
    { "111222334", DK_VALIDATE_ERROR_CHECKSUM },
    { "123456789", DK_VALIDATE_ERROR_CHECKSUM },
    { "\xff", DK_VALIDATE_ERROR_INVALID_CHARACTER },
  };
  g_autofree char *eight = error_message (dk_validate_bsn, "11122233");
  g_autofree char *ten = error_message (dk_validate_bsn, "1112223330");
  g_autofree char *check = error_message (dk_validate_bsn, "111222334");

  assert_invalid_cases (dk_validate_bsn, cases, G_N_ELEMENTS (cases));
  g_assert_cmpstr (eight, ==, "A BSN has 9 digits; this one has 8.");
  g_assert_cmpstr (ten, ==, "A BSN has 9 digits; this one has 10.");
  /* Messages never repeat the number. */
  g_assert_null (strstr (check, "111222334"));
  g_assert_null (strstr (check, "111"));
  g_assert_null (dk_bsn_normalize ("111222334"));
  g_assert_null (dk_bsn_normalize (""));
}

static void
test_bsn_single_errors (void)
{
  static const char *const valid[] = { "111222333", "123456782", "999990019" };

  for (gsize v = 0; v < G_N_ELEMENTS (valid); v++)
    {
      /* Every other digit in every position: the 11-check catches all of them. */
      for (int pos = 0; pos < 9; pos++)
        for (char d = '0'; d <= '9'; d++)
          {
            char copy[10];

            if (valid[v][pos] == d)
              continue;
            memcpy (copy, valid[v], sizeof copy);
            copy[pos] = d;
            assert_invalid (dk_validate_bsn, copy, DK_VALIDATE_ERROR_CHECKSUM);
          }

      /* Every swap of two different neighbouring digits. */
      for (int pos = 0; pos < 8; pos++)
        {
          char copy[10];

          memcpy (copy, valid[v], sizeof copy);
          if (copy[pos] == copy[pos + 1])
            continue;
          copy[pos] = valid[v][pos + 1];
          copy[pos + 1] = valid[v][pos];
          assert_invalid (dk_validate_bsn, copy, DK_VALIDATE_ERROR_CHECKSUM);
        }
    }
}

static void
test_bsn_property (void)
{
  guint n_valid = 0;

  for (guint i = 0; i < 20000; i++)
    {
      char digits[10];
      g_autofree char *normalized = NULL;

      for (int j = 0; j < 9; j++)
        digits[j] = (char) ('0' + g_test_rand_int_range (0, 10));
      digits[9] = '\0';

      normalized = dk_bsn_normalize (digits);
      g_assert_true (dk_validate_bsn (digits, NULL) == reference_elfproef (digits));
      g_assert_true ((normalized != NULL) == reference_elfproef (digits));
      if (normalized != NULL)
        {
          g_assert_cmpstr (normalized, ==, digits);
          n_valid++;
        }
    }
  /* About one in eleven random numbers passes; a validator that accepted all or none would not. */
  g_assert_cmpuint (n_valid, >, 20000 / 11 / 2);
  g_assert_cmpuint (n_valid, <, 20000 / 11 * 2);
}

/* IBAN */

static const char *const valid_ibans[] = {
  "NL91ABNA0417164300",
  "DE89370400440532013000",
  "GB82WEST12345698765432",
  "BE68539007547034",
  "NO9386011117947",
  "MT84MALT011000012345MTLCAST001S",
  "FR1420041010050500013M02606",
  "CH9300762011623852957",
  "AT611904300234573201",
};

/* Independent mod 97: expand to a decimal string, then reduce in chunks of nine digits. */
static guint
reference_mod97 (const char *iban)
{
  g_autoptr(GString) number = g_string_new (NULL);
  guint64 remainder = 0;
  g_autofree char *full = g_strdup_printf ("%s%.4s", iban + 4, iban);

  for (const char *p = full; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (number, *p);
      else
        g_string_append_printf (number, "%d", *p - 'A' + 10);
    }
  for (gsize i = 0; i < number->len; i += 9)
    {
      g_autofree char *chunk = g_strndup (number->str + i, 9);
      g_autofree char *joined = g_strdup_printf ("%" G_GUINT64_FORMAT "%s", remainder, chunk);

      remainder = g_ascii_strtoull (joined, NULL, 10) % 97;
    }
  return (guint) remainder;
}

static void
test_iban_valid (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (valid_ibans); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = dk_iban_normalize (valid_ibans[i]);
      g_autofree char *formatted = dk_iban_format (valid_ibans[i]);
      g_autofree char *lower = g_ascii_strdown (valid_ibans[i], -1);
      g_autofree char *normalized_again = NULL;

      g_assert_cmpuint (reference_mod97 (valid_ibans[i]), ==, 1);
      g_assert_true (dk_validate_iban (valid_ibans[i], &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, valid_ibans[i]);

      /* The formatted and the lowercase forms are valid too and normalise back. */
      g_assert_true (dk_validate_iban (formatted, NULL));
      normalized_again = dk_iban_normalize (formatted);
      g_assert_cmpstr (normalized_again, ==, valid_ibans[i]);
      g_assert_true (dk_validate_iban (lower, NULL));
      g_free (normalized_again);
      normalized_again = dk_iban_normalize (lower);
      g_assert_cmpstr (normalized_again, ==, valid_ibans[i]);
    }
}

static void
test_iban_format (void)
{
  static const struct
  {
    const char *input;
    const char *formatted;
  } cases[] = {
    { "NL91ABNA0417164300", "NL91 ABNA 0417 1643 00" },
    { "nl91 abna 0417 1643 00", "NL91 ABNA 0417 1643 00" },
    { "  NL91ABNA 04171643 00 ", "NL91 ABNA 0417 1643 00" },
    { "DE89370400440532013000", "DE89 3704 0044 0532 0130 00" },
    { "BE68539007547034", "BE68 5390 0754 7034" },
    { "NO9386011117947", "NO93 8601 1117 947" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *formatted = dk_iban_format (cases[i].input);
      g_assert_cmpstr (formatted, ==, cases[i].formatted);
    }
  g_assert_null (dk_iban_format ("NL92ABNA0417164300"));
  g_assert_null (dk_iban_format (""));
  g_assert_null (dk_iban_normalize ("NL92ABNA0417164300"));
}

static void
test_iban_invalid (void)
{
  static const InvalidCase cases[] = {
    { "", DK_VALIDATE_ERROR_EMPTY },
    { " \t ", DK_VALIDATE_ERROR_EMPTY },
    { "NL91-ABNA-0417-1643-00", DK_VALIDATE_ERROR_INVALID_CHARACTER },
    { "NL91ABNA04171643\xc3\xb6" "0", DK_VALIDATE_ERROR_INVALID_CHARACTER },
    { "NL91ABNA0417164300!", DK_VALIDATE_ERROR_INVALID_CHARACTER },
    { "XX91ABNA0417164300", DK_VALIDATE_ERROR_UNKNOWN_COUNTRY },
    { "US91ABNA0417164300", DK_VALIDATE_ERROR_UNKNOWN_COUNTRY },
    { "1291ABNA0417164300", DK_VALIDATE_ERROR_FORMAT },
    { "N", DK_VALIDATE_ERROR_FORMAT },
    { "NL", DK_VALIDATE_ERROR_WRONG_LENGTH },
    { "NL91ABNA041716430", DK_VALIDATE_ERROR_WRONG_LENGTH },
    { "NL91ABNA04171643000", DK_VALIDATE_ERROR_WRONG_LENGTH },
    { "DE8937040044053201300", DK_VALIDATE_ERROR_WRONG_LENGTH },
    { "BE6853900754703", DK_VALIDATE_ERROR_WRONG_LENGTH },
    { "NLAAABNA0417164300", DK_VALIDATE_ERROR_FORMAT },
    { "NL911BNA0417164300", DK_VALIDATE_ERROR_FORMAT },
    { "NL91ABNA04171643A0", DK_VALIDATE_ERROR_FORMAT },
    { "NL92ABNA0417164300", DK_VALIDATE_ERROR_CHECKSUM },
    { "NL00ABNA0417164300", DK_VALIDATE_ERROR_CHECKSUM },
    { "NL99ABNA0417164300", DK_VALIDATE_ERROR_CHECKSUM },
    { "DE88370400440532013000", DK_VALIDATE_ERROR_CHECKSUM },
    { "GB82WEST12345698765433", DK_VALIDATE_ERROR_CHECKSUM },
    { "BE68539007547043", DK_VALIDATE_ERROR_CHECKSUM },
  };
  g_autofree char *length = error_message (dk_validate_iban, "NL91ABNA041716430");
  g_autofree char *country = error_message (dk_validate_iban, "XX91ABNA0417164300");

  assert_invalid_cases (dk_validate_iban, cases, G_N_ELEMENTS (cases));
  g_assert_cmpstr (length, ==, "An IBAN with country code NL has 18 characters; this one has 17.");
  g_assert_nonnull (strstr (country, "XX"));
}

static void
test_iban_single_errors (void)
{
  for (gsize v = 0; v < G_N_ELEMENTS (valid_ibans); v++)
    {
      const char *iban = valid_ibans[v];
      gsize len = strlen (iban);

      /* Every other character of the same kind in every position after the country code. */
      for (gsize pos = 2; pos < len; pos++)
        {
          const char *alphabet = g_ascii_isdigit (iban[pos]) ? "0123456789" : "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

          for (const char *c = alphabet; *c != '\0'; c++)
            {
              g_autofree char *copy = g_strdup (iban);

              if (*c == iban[pos])
                continue;
              copy[pos] = *c;
              assert_invalid (dk_validate_iban, copy, DK_VALIDATE_ERROR_CHECKSUM);
            }
        }

      /* Every swap of two different neighbouring digits. */
      for (gsize pos = 2; pos + 1 < len; pos++)
        {
          g_autofree char *copy = g_strdup (iban);

          if (!g_ascii_isdigit (iban[pos]) || !g_ascii_isdigit (iban[pos + 1]) || iban[pos] == iban[pos + 1])
            continue;
          copy[pos] = iban[pos + 1];
          copy[pos + 1] = iban[pos];
          assert_invalid (dk_validate_iban, copy, DK_VALIDATE_ERROR_CHECKSUM);
        }
    }
}

/* Makes "NL" + check digits + @bban with the check digits that ISO 13616 prescribes. */
static char *
make_nl_iban (const char *bban)
{
  g_autofree char *zeroed = g_strdup_printf ("NL00%s", bban);
  guint check = 98 - reference_mod97 (zeroed);

  return g_strdup_printf ("NL%02u%s", check, bban);
}

static void
test_iban_generated (void)
{
  gboolean seen_97 = FALSE;
  gboolean seen_98 = FALSE;

  for (guint i = 0; i < 5000 || !seen_97 || !seen_98; i++)
    {
      g_autofree char *bban = g_strdup_printf ("INGB%010u", g_test_rand_int_range (0, G_MAXINT32));
      g_autofree char *iban = make_nl_iban (bban);
      guint check = (guint) ((iban[2] - '0') * 10 + (iban[3] - '0'));

      g_assert_cmpuint (i, <, 1000000);
      g_assert_true (dk_validate_iban (iban, NULL));

      /* 00 and 01 are congruent to 97 and 98 but never issued: they must not pass. */
      if (check == 97 || check == 98)
        {
          g_autofree char *alias = g_strdup_printf ("NL%02u%s", check - 97, bban);

          assert_invalid (dk_validate_iban, alias, DK_VALIDATE_ERROR_CHECKSUM);
          seen_97 = seen_97 || check == 97;
          seen_98 = seen_98 || check == 98;
        }
    }
}

/* Postcode */

static void
test_postcode (void)
{
  static const struct
  {
    const char *text;
    const char *normalized;
  } valid[] = {
    { "1234 AB", "1234 AB" },
    { "1234AB", "1234 AB" },
    { "1234ab", "1234 AB" },
    { "1234 aB", "1234 AB" },
    { "  3511 ZZ  ", "3511 ZZ" },
    { "1000 AA", "1000 AA" },
    { "9999 ZZ", "9999 ZZ" },
    { "1234 AS", "1234 AS" },
    { "1234 SB", "1234 SB" },
  };
  static const InvalidCase invalid[] = {
    { "", DK_VALIDATE_ERROR_EMPTY },
    { "   ", DK_VALIDATE_ERROR_EMPTY },
    { "0123 AB", DK_VALIDATE_ERROR_LEADING_ZERO },
    { "0999ZZ", DK_VALIDATE_ERROR_LEADING_ZERO },
    { "1234 SA", DK_VALIDATE_ERROR_RESERVED },
    { "1234sd", DK_VALIDATE_ERROR_RESERVED },
    { "1234 ss", DK_VALIDATE_ERROR_RESERVED },
    { "1234  AB", DK_VALIDATE_ERROR_FORMAT },
    { "123 AB", DK_VALIDATE_ERROR_FORMAT },
    { "12345 AB", DK_VALIDATE_ERROR_FORMAT },
    { "1234 A", DK_VALIDATE_ERROR_FORMAT },
    { "1234 ABC", DK_VALIDATE_ERROR_FORMAT },
    { "1234-AB", DK_VALIDATE_ERROR_FORMAT },
    { "ABCD 12", DK_VALIDATE_ERROR_FORMAT },
    { "1234 A1", DK_VALIDATE_ERROR_FORMAT },
    { "12A4 AB", DK_VALIDATE_ERROR_FORMAT },
    { "1234 \xc3\x84" "B", DK_VALIDATE_ERROR_FORMAT },
    { "1234", DK_VALIDATE_ERROR_FORMAT },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = dk_postcode_normalize (valid[i].text);

      g_assert_true (dk_validate_postcode (valid[i].text, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, valid[i].normalized);
    }
  assert_invalid_cases (dk_validate_postcode, invalid, G_N_ELEMENTS (invalid));
  g_assert_null (dk_postcode_normalize ("1234 SA"));
  g_assert_null (dk_postcode_normalize ("0123 AB"));
}

/* E-mail */

static void
test_email_valid (void)
{
  g_autofree char *local_64 = g_strnfill (64, 'a');
  g_autofree char *label_63 = g_strnfill (63, 'b');
  g_autofree char *max_local = g_strconcat (local_64, "@example.nl", NULL);
  g_autofree char *max_label = g_strconcat ("name@", label_63, ".nl", NULL);
  g_autofree char *max_total = NULL;
  const char *const valid[] = {
    "name@example.nl",
    "Jan.de.Vries@gemeente-utrecht.nl",
    "a@b.co",
    "first+tag@sub.domain.example",
    "x_y-z!#$%&'*+/=?^`{|}~@example.com",
    "  name@example.nl  ",
    "info@123.nl",
    "n@xn--bcher-kva.example",
    max_local,
    max_label,
  };

  /* 64 + 1 + 63 + 1 + 63 + 1 + 61 = 254 characters. */
  {
    g_autofree char *label_61 = g_strnfill (61, 'c');
    max_total = g_strconcat (local_64, "@", label_63, ".", label_63, ".", label_61, NULL);
    g_assert_cmpuint (strlen (max_total), ==, 254);
    g_assert_true (dk_validate_email (max_total, NULL));
  }

  for (gsize i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("%s", valid[i]);
      g_assert_true (dk_validate_email (valid[i], &error));
      g_assert_no_error (error);
    }
}

static void
test_email_invalid (void)
{
  g_autofree char *local_65 = g_strnfill (65, 'a');
  g_autofree char *label_63 = g_strnfill (63, 'b');
  g_autofree char *label_64 = g_strnfill (64, 'b');
  g_autofree char *label_61 = g_strnfill (61, 'c');
  g_autofree char *too_long_local = g_strconcat (local_65, "@example.nl", NULL);
  g_autofree char *too_long_label = g_strconcat ("name@", label_64, ".nl", NULL);
  g_autofree char *too_long_total = g_strconcat ("a@", label_63, ".", label_63, ".", label_63, ".",
                                                 label_61, NULL);
  const InvalidCase invalid[] = {
    { "", DK_VALIDATE_ERROR_EMPTY },
    { "  ", DK_VALIDATE_ERROR_EMPTY },
    { "name example@example.nl", DK_VALIDATE_ERROR_INVALID_CHARACTER },
    { "name @example.nl", DK_VALIDATE_ERROR_INVALID_CHARACTER },
    { "name@exam\xc2\xa0ple.nl", DK_VALIDATE_ERROR_INVALID_CHARACTER },
    { "name.example.nl", DK_VALIDATE_ERROR_AT_SIGN },
    { "a@b@example.nl", DK_VALIDATE_ERROR_AT_SIGN },
    { "@example.nl", DK_VALIDATE_ERROR_LOCAL_PART },
    { ".name@example.nl", DK_VALIDATE_ERROR_LOCAL_PART },
    { "name.@example.nl", DK_VALIDATE_ERROR_LOCAL_PART },
    { "na..me@example.nl", DK_VALIDATE_ERROR_LOCAL_PART },
    { too_long_local, DK_VALIDATE_ERROR_TOO_LONG },
    { too_long_total, DK_VALIDATE_ERROR_TOO_LONG },
    { "name@", DK_VALIDATE_ERROR_DOMAIN },
    { "name@localhost", DK_VALIDATE_ERROR_DOMAIN },
    { "name@.example.nl", DK_VALIDATE_ERROR_DOMAIN },
    { "name@example..nl", DK_VALIDATE_ERROR_DOMAIN },
    { "name@example.nl.", DK_VALIDATE_ERROR_DOMAIN },
    { "name@-example.nl", DK_VALIDATE_ERROR_DOMAIN },
    { "name@example-.nl", DK_VALIDATE_ERROR_DOMAIN },
    { "name@example.-nl", DK_VALIDATE_ERROR_DOMAIN },
    { too_long_label, DK_VALIDATE_ERROR_DOMAIN },
    { "name@exa_mple.nl", DK_VALIDATE_ERROR_INVALID_CHARACTER },
    { "name@ex\xc3\xa4mple.nl", DK_VALIDATE_ERROR_INVALID_CHARACTER },
    { "j\xc3\xb6hn@example.nl", DK_VALIDATE_ERROR_INVALID_CHARACTER },
    { "na(me)@example.nl", DK_VALIDATE_ERROR_INVALID_CHARACTER },
    { "\"quoted\"@example.nl", DK_VALIDATE_ERROR_INVALID_CHARACTER },
    { "name@[192.168.0.1]", DK_VALIDATE_ERROR_INVALID_CHARACTER },
  };

  g_assert_cmpuint (strlen (too_long_total), ==, 255);
  assert_invalid_cases (dk_validate_email, invalid, G_N_ELEMENTS (invalid));
}

/* Phone */

static void
test_phone_valid (void)
{
  static const struct
  {
    const char *text;
    const char *e164;
  } cases[] = {
    { "06-12345678", "+31612345678" },
    { "0612345678", "+31612345678" },
    { "06 1234 5678", "+31612345678" },
    { "020 123 4567", "+31201234567" },
    { "(020) 123 45 67", "+31201234567" },
    { "020.123.4567", "+31201234567" },
    { " 020-1234567 ", "+31201234567" },
    { "+31 6 12345678", "+31612345678" },
    { "+31612345678", "+31612345678" },
    { "+31 (0)6 12345678", "+31612345678" },
    { "+31 (0)20 123 4567", "+31201234567" },
    { "0031 6 12345678", "+31612345678" },
    { "0031612345678", "+31612345678" },
    { "+32 2 123 45 67", "+3221234567" },
    { "0032 2 123 45 67", "+3221234567" },
    { "+1 (202) 555-0123", "+12025550123" },
    { "+44 20 7946 0958", "+442079460958" },
    { "+49 30 123456", "+4930123456" },
    { "+12345678", "+12345678" },
    { "+123456789012345", "+123456789012345" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *e164 = dk_phone_normalize (cases[i].text);
      g_autofree char *again = NULL;

      g_test_message ("%s", cases[i].text);
      g_assert_true (dk_validate_phone (cases[i].text, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (e164, ==, cases[i].e164);
      /* The E.164 form is itself valid and stable. */
      again = dk_phone_normalize (e164);
      g_assert_cmpstr (again, ==, e164);
    }
}

static void
test_phone_invalid (void)
{
  static const InvalidCase cases[] = {
    { "", DK_VALIDATE_ERROR_EMPTY },
    { " ", DK_VALIDATE_ERROR_EMPTY },
    { "06-1234567", DK_VALIDATE_ERROR_TOO_SHORT },
    { "06-123456789", DK_VALIDATE_ERROR_TOO_LONG },
    { "612345678", DK_VALIDATE_ERROR_FORMAT },
    { "+31 6 1234567", DK_VALIDATE_ERROR_TOO_SHORT },
    { "+31 6 123456789", DK_VALIDATE_ERROR_TOO_LONG },
    { "0031 6 1234567", DK_VALIDATE_ERROR_TOO_SHORT },
    { "+31 0 12345678", DK_VALIDATE_ERROR_FORMAT },
    { "+1234567", DK_VALIDATE_ERROR_TOO_SHORT },
    { "+1234567890123456", DK_VALIDATE_ERROR_TOO_LONG },
    { "+06 12345678", DK_VALIDATE_ERROR_FORMAT },
    { "0000612345678", DK_VALIDATE_ERROR_FORMAT },
    { "06+12345678", DK_VALIDATE_ERROR_FORMAT },
    { "06-1234567a", DK_VALIDATE_ERROR_INVALID_CHARACTER },
    { "tel: 0612345678", DK_VALIDATE_ERROR_INVALID_CHARACTER },
    { "06/12345678", DK_VALIDATE_ERROR_INVALID_CHARACTER },
    { "+", DK_VALIDATE_ERROR_TOO_SHORT },
    { "00", DK_VALIDATE_ERROR_TOO_SHORT },
    { "()", DK_VALIDATE_ERROR_TOO_SHORT },
  };
  g_autofree char *nine = error_message (dk_validate_phone, "06-1234567");

  assert_invalid_cases (dk_validate_phone, cases, G_N_ELEMENTS (cases));
  g_assert_cmpstr (nine, ==, "A Dutch phone number has 10 digits, starting with 0; this one has 9.");
  g_assert_null (strstr (nine, "1234567"));
  g_assert_null (dk_phone_normalize ("06-1234567"));
  g_assert_null (dk_phone_normalize (""));
}

static void
test_error_codes_distinct_messages (void)
{
  /* One message per failure kind for the BSN: a person must be told what to fix. */
  const char *const inputs[] = { "", "12345678a", "12345678", "1234567890", "000000000", "123456789" };
  g_autoptr(GHashTable) messages = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (inputs); i++)
    g_assert_true (g_hash_table_add (messages, error_message (dk_validate_bsn, inputs[i])));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/bsn/valid", test_bsn_valid);
  g_test_add_func ("/validate/bsn/invalid", test_bsn_invalid);
  g_test_add_func ("/validate/bsn/single-errors", test_bsn_single_errors);
  g_test_add_func ("/validate/bsn/property", test_bsn_property);
  g_test_add_func ("/validate/bsn/distinct-messages", test_error_codes_distinct_messages);
  g_test_add_func ("/validate/iban/valid", test_iban_valid);
  g_test_add_func ("/validate/iban/format", test_iban_format);
  g_test_add_func ("/validate/iban/invalid", test_iban_invalid);
  g_test_add_func ("/validate/iban/single-errors", test_iban_single_errors);
  g_test_add_func ("/validate/iban/generated", test_iban_generated);
  g_test_add_func ("/validate/postcode", test_postcode);
  g_test_add_func ("/validate/email/valid", test_email_valid);
  g_test_add_func ("/validate/email/invalid", test_email_invalid);
  g_test_add_func ("/validate/phone/valid", test_phone_valid);
  g_test_add_func ("/validate/phone/invalid", test_phone_invalid);

  return g_test_run ();
}
