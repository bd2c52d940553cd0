#include "config.h"

#include "dk-validate.h"

#include <glib/gi18n-lib.h>
#include <string.h>

G_DEFINE_QUARK (dk-validate-error-quark, dk_validate_error)

/* Each validator is one "canonicalize" function: it returns the canonical form, or NULL with @error
 * set. dk_validate_*() and *_normalize() are thin wrappers, so they can never disagree. */

static gpointer
fail (GError        **error,
      DkValidateError code,
      const char     *message)
{
  g_set_error_literal (error, DK_VALIDATE_ERROR, code, message);
  return NULL;
}

static gboolean
reject (GError        **error,
        DkValidateError code,
        const char     *message)
{
  g_set_error_literal (error, DK_VALIDATE_ERROR, code, message);
  return FALSE;
}

/* A copy of @text without surrounding white space (Unicode, so no-break spaces from copied documents
 * go too), or NULL with @error set when @text is not UTF-8. */
static char *
strip_copy (const char *text,
            GError    **error)
{
  const char *start = NULL;
  const char *end = NULL;

  if (!g_utf8_validate (text, -1, NULL))
    return fail (error, DK_VALIDATE_ERROR_INVALID_CHARACTER,
                 _("The text contains characters that are not valid text."));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      {
        if (start == NULL)
          start = p;
        end = g_utf8_next_char (p);
      }

  return start == NULL ? g_strdup ("") : g_strndup (start, (gsize) (end - start));
}

/* BSN */

static char *
bsn_canonicalize (const char *text,
                  GError    **error)
{
  g_autofree char *stripped = NULL;
  g_autoptr(GString) digits = NULL;
  int sum = 0;
  gboolean all_zeros = TRUE;

  g_return_val_if_fail (text != NULL, NULL);

  stripped = strip_copy (text, error);
  if (stripped == NULL)
    return NULL;
  if (*stripped == '\0')
    return fail (error, DK_VALIDATE_ERROR_EMPTY, _("The BSN is empty."));

  digits = g_string_new (NULL);
  for (const char *p = stripped; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != ' ' && *p != '.')
        return fail (error, DK_VALIDATE_ERROR_INVALID_CHARACTER,
                     _("A BSN contains only digits; spaces and dots between groups of digits are "
                       "allowed."));
    }

  if (digits->len != 9)
    {
      g_set_error (error, DK_VALIDATE_ERROR,
                   digits->len < 9 ? DK_VALIDATE_ERROR_TOO_SHORT : DK_VALIDATE_ERROR_TOO_LONG,
                   _("A BSN has 9 digits; this one has %u."), (guint) digits->len);
      return NULL;
    }

  for (int i = 0; i < 9; i++)
    {
      int d = digits->str[i] - '0';

      sum += (i < 8 ? 9 - i : -1) * d;
      all_zeros = all_zeros && d == 0;
    }
  if (all_zeros)
    return fail (error, DK_VALIDATE_ERROR_ALL_ZEROS, _("A BSN cannot be all zeros."));
  if (sum % 11 != 0)
    return fail (error, DK_VALIDATE_ERROR_CHECKSUM,
                 _("This is not a valid BSN: it fails the 11-check. Check it for a typing error."));

  return g_string_free (g_steal_pointer (&digits), FALSE);
}

gboolean
dk_validate_bsn (const char *text,
                 GError    **error)
{
  g_autofree char *bsn = bsn_canonicalize (text, error);

  return bsn != NULL;
}

char *
dk_bsn_normalize (const char *text)
{
  return bsn_canonicalize (text, NULL);
}

/* IBAN */

typedef struct
{
  char country[3];
  guint8 length;
} DkIbanCountry;

/* The countries of the SWIFT IBAN registry with their IBAN lengths. All SEPA countries are in it;
 * French overseas departments and the Channel Islands use FR and GB IBANs. */
static const DkIbanCountry iban_countries[] = {
  { "AD", 24 }, { "AE", 23 }, { "AL", 28 }, { "AT", 20 }, { "AZ", 28 }, { "BA", 20 }, { "BE", 16 },
  { "BG", 22 }, { "BH", 22 }, { "BR", 29 }, { "BY", 28 }, { "CH", 21 }, { "CR", 22 }, { "CY", 28 },
  { "CZ", 24 }, { "DE", 22 }, { "DK", 18 }, { "DO", 28 }, { "EE", 20 }, { "EG", 29 }, { "ES", 24 },
  { "FI", 18 }, { "FO", 18 }, { "FR", 27 }, { "GB", 22 }, { "GE", 22 }, { "GI", 23 }, { "GL", 18 },
  { "GR", 27 }, { "GT", 28 }, { "HR", 21 }, { "HU", 28 }, { "IE", 22 }, { "IL", 23 }, { "IQ", 23 },
  { "IS", 26 }, { "IT", 27 }, { "JO", 30 }, { "KW", 30 }, { "KZ", 20 }, { "LB", 28 }, { "LC", 32 },
  { "LI", 21 }, { "LT", 20 }, { "LU", 20 }, { "LV", 21 }, { "MC", 27 }, { "MD", 24 }, { "ME", 22 },
  { "MK", 19 }, { "MR", 27 }, { "MT", 31 }, { "MU", 30 }, { "NL", 18 }, { "NO", 15 }, { "PK", 24 },
  { "PL", 28 }, { "PS", 29 }, { "PT", 25 }, { "QA", 29 }, { "RO", 24 }, { "RS", 22 }, { "SA", 24 },
  { "SC", 31 }, { "SE", 24 }, { "SI", 19 }, { "SK", 24 }, { "SM", 27 }, { "ST", 25 }, { "SV", 28 },
  { "TL", 23 }, { "TN", 24 }, { "TR", 26 }, { "UA", 29 }, { "VA", 22 }, { "VG", 24 }, { "XK", 20 },
};

static guint
iban_length_for (const char *iban)
{
  for (gsize i = 0; i < G_N_ELEMENTS (iban_countries); i++)
    if (strncmp (iban, iban_countries[i].country, 2) == 0)
      return iban_countries[i].length;
  return 0;
}

/* ISO 7064 mod 97-10 over the IBAN with its first four characters moved to the end and letters
 * counted as 10..35; computed digit by digit, so no big numbers are needed. */
static guint
iban_mod97 (const char *iban,
            gsize       len)
{
  guint remainder = 0;

  for (gsize i = 0; i < len; i++)
    {
      char c = iban[(i + 4) % len];

      if (g_ascii_isdigit (c))
        remainder = (remainder * 10 + (guint) (c - '0')) % 97;
      else
        remainder = (remainder * 100 + (guint) (c - 'A' + 10)) % 97;
    }
  return remainder;
}

static gboolean
all_match (const char *s,
           gsize       n,
           gboolean  (*predicate) (gchar))
{
  for (gsize i = 0; i < n; i++)
    if (!predicate (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_ascii_upper (gchar c)
{
  return g_ascii_isupper (c);
}

static gboolean
is_ascii_digit (gchar c)
{
  return g_ascii_isdigit (c);
}

static char *
iban_canonicalize (const char *text,
                   GError    **error)
{
  g_autofree char *stripped = NULL;
  g_autoptr(GString) iban = NULL;
  guint expected;
  guint check;

  g_return_val_if_fail (text != NULL, NULL);

  stripped = strip_copy (text, error);
  if (stripped == NULL)
    return NULL;
  if (*stripped == '\0')
    return fail (error, DK_VALIDATE_ERROR_EMPTY, _("The IBAN is empty."));

  iban = g_string_new (NULL);
  for (const char *p = stripped; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        continue;
      if (c > 127 || !g_ascii_isalnum ((char) c))
        return fail (error, DK_VALIDATE_ERROR_INVALID_CHARACTER,
                     _("An IBAN contains only letters, digits and spaces."));
      g_string_append_c (iban, g_ascii_toupper ((char) c));
    }

  if (iban->len < 2 || !all_match (iban->str, 2, is_ascii_upper))
    return fail (error, DK_VALIDATE_ERROR_FORMAT,
                 _("An IBAN starts with a two-letter country code, as in NL91 ABNA 0417 1643 00."));

  expected = iban_length_for (iban->str);
  if (expected == 0)
    {
      /* The two letters are a country code, not personal data, and the most useful hint. */
      g_set_error (error, DK_VALIDATE_ERROR, DK_VALIDATE_ERROR_UNKNOWN_COUNTRY,
                   _("There is no IBAN country with the code %.2s."), iban->str);
      return NULL;
    }
  if (iban->len != expected)
    {
      g_set_error (error, DK_VALIDATE_ERROR, DK_VALIDATE_ERROR_WRONG_LENGTH,
                   _("An IBAN with country code %.2s has %u characters; this one has %u."),
                   iban->str, expected, (guint) iban->len);
      return NULL;
    }
  if (!all_match (iban->str + 2, 2, is_ascii_digit))
    return fail (error, DK_VALIDATE_ERROR_FORMAT,
                 _("The country code of an IBAN is followed by two check digits."));
  if (strncmp (iban->str, "NL", 2) == 0
      && (!all_match (iban->str + 4, 4, is_ascii_upper) || !all_match (iban->str + 8, 10, is_ascii_digit)))
    return fail (error, DK_VALIDATE_ERROR_FORMAT,
                 _("A Dutch IBAN has four letters for the bank after the check digits, then ten "
                   "digits, as in NL91 ABNA 0417 1643 00."));

  /* 00, 01 and 99 are never issued: 00 ≡ 97 and 01 ≡ 98 (mod 97) would otherwise pass the check for
   * some accounts with the wrong digits. */
  check = (guint) (iban->str[2] - '0') * 10 + (guint) (iban->str[3] - '0');
  if (check < 2 || check > 98 || iban_mod97 (iban->str, iban->len) != 1)
    return fail (error, DK_VALIDATE_ERROR_CHECKSUM,
                 _("The check digits of this IBAN do not match the rest of it. Check it for a typing "
                   "error."));

  return g_string_free (g_steal_pointer (&iban), FALSE);
}

gboolean
dk_validate_iban (const char *iban,
                  GError    **error)
{
  g_autofree char *canonical = iban_canonicalize (iban, error);

  return canonical != NULL;
}

char *
dk_iban_normalize (const char *text)
{
  return iban_canonicalize (text, NULL);
}

char *
dk_iban_format (const char *iban)
{
  g_autofree char *canonical = iban_canonicalize (iban, NULL);
  GString *out;

  if (canonical == NULL)
    return NULL;

  out = g_string_new (NULL);
  for (gsize i = 0; canonical[i] != '\0'; i++)
    {
      if (i > 0 && i % 4 == 0)
        g_string_append_c (out, ' ');
      g_string_append_c (out, canonical[i]);
    }
  return g_string_free (out, FALSE);
}

/* Postcode */

static char *
postcode_canonicalize (const char *text,
                       GError    **error)
{
  g_autofree char *stripped = NULL;
  const char *letters;
  gsize len;
  char upper[3];

  g_return_val_if_fail (text != NULL, NULL);

  stripped = strip_copy (text, error);
  if (stripped == NULL)
    return NULL;
  if (*stripped == '\0')
    return fail (error, DK_VALIDATE_ERROR_EMPTY, _("The postcode is empty."));

  len = strlen (stripped);
  if (len == 6)
    letters = stripped + 4;
  else if (len == 7 && stripped[4] == ' ')
    letters = stripped + 5;
  else
    letters = NULL;
  if (letters == NULL || !all_match (stripped, 4, is_ascii_digit)
      || !g_ascii_isalpha (letters[0]) || !g_ascii_isalpha (letters[1]))
    return fail (error, DK_VALIDATE_ERROR_FORMAT,
                 _("A postcode has four digits and two letters, as in 1234 AB."));
  if (stripped[0] == '0')
    return fail (error, DK_VALIDATE_ERROR_LEADING_ZERO, _("A postcode does not start with 0."));

  upper[0] = g_ascii_toupper (letters[0]);
  upper[1] = g_ascii_toupper (letters[1]);
  upper[2] = '\0';
  if (strcmp (upper, "SA") == 0 || strcmp (upper, "SD") == 0 || strcmp (upper, "SS") == 0)
    return fail (error, DK_VALIDATE_ERROR_RESERVED,
                 _("The letters SA, SD and SS are not used in postcodes."));

  return g_strdup_printf ("%.4s %s", stripped, upper);
}

gboolean
dk_validate_postcode (const char *text,
                      GError    **error)
{
  g_autofree char *postcode = postcode_canonicalize (text, error);

  return postcode != NULL;
}

char *
dk_postcode_normalize (const char *text)
{
  return postcode_canonicalize (text, NULL);
}

/* E-mail */

static gboolean
is_atext (char c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

static gboolean
check_local_part (const char *local,
                  gsize       len,
                  GError    **error)
{
  if (len == 0)
    return reject (error, DK_VALIDATE_ERROR_LOCAL_PART,
                   _("An e-mail address needs a name before the @, as in name@example.nl."));
  if (len > 64)
    return reject (error, DK_VALIDATE_ERROR_TOO_LONG,
                   _("The part of an e-mail address before the @ has at most 64 characters."));

  for (gsize i = 0; i < len; i++)
    {
      if (local[i] == '.')
        {
          if (i == 0 || i == len - 1 || local[i + 1] == '.')
            return reject (error, DK_VALIDATE_ERROR_LOCAL_PART,
                           _("The part of an e-mail address before the @ cannot start or end with a dot "
                             "or have two dots in a row."));
        }
      else if (!is_atext (local[i]))
        return reject (error, DK_VALIDATE_ERROR_INVALID_CHARACTER,
                       _("The part of an e-mail address before the @ contains a character that e-mail "
                         "addresses cannot have."));
    }
  return TRUE;
}

static gboolean
check_domain (const char *domain,
              GError    **error)
{
  g_auto(GStrv) labels = NULL;

  if (*domain == '\0')
    return reject (error, DK_VALIDATE_ERROR_DOMAIN,
                   _("An e-mail address needs a domain after the @, as in name@example.nl."));
  if (strchr (domain, '.') == NULL)
    return reject (error, DK_VALIDATE_ERROR_DOMAIN,
                   _("The domain after the @ needs a dot, as in example.nl."));

  labels = g_strsplit (domain, ".", -1);
  for (int i = 0; labels[i] != NULL; i++)
    {
      gsize len = strlen (labels[i]);

      if (len == 0)
        return reject (error, DK_VALIDATE_ERROR_DOMAIN,
                       _("The domain of an e-mail address cannot start or end with a dot or have two "
                         "dots in a row."));
      for (gsize j = 0; j < len; j++)
        if (!g_ascii_isalnum (labels[i][j]) && labels[i][j] != '-')
          return reject (error, DK_VALIDATE_ERROR_INVALID_CHARACTER,
                         _("The domain of an e-mail address contains only letters, digits, hyphens and "
                           "dots."));
      if (labels[i][0] == '-' || labels[i][len - 1] == '-')
        return reject (error, DK_VALIDATE_ERROR_DOMAIN,
                       _("A part of the domain of an e-mail address cannot start or end with a "
                         "hyphen."));
      if (len > 63)
        return reject (error, DK_VALIDATE_ERROR_DOMAIN,
                       _("Each part of the domain of an e-mail address has at most 63 characters."));
    }
  return TRUE;
}

gboolean
dk_validate_email (const char *text,
                   GError    **error)
{
  g_autofree char *address = NULL;
  const char *at;

  g_return_val_if_fail (text != NULL, FALSE);

  address = strip_copy (text, error);
  if (address == NULL)
    return FALSE;
  if (*address == '\0')
    return reject (error, DK_VALIDATE_ERROR_EMPTY, _("The e-mail address is empty."));

  for (const char *p = address; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isspace (g_utf8_get_char (p)))
      return reject (error, DK_VALIDATE_ERROR_INVALID_CHARACTER,
                     _("An e-mail address cannot contain spaces."));
  if (strlen (address) > 254)
    return reject (error, DK_VALIDATE_ERROR_TOO_LONG,
                   _("An e-mail address has at most 254 characters."));

  at = strchr (address, '@');
  if (at == NULL)
    return reject (error, DK_VALIDATE_ERROR_AT_SIGN,
                   _("An e-mail address needs an @, as in name@example.nl."));
  if (strchr (at + 1, '@') != NULL)
    return reject (error, DK_VALIDATE_ERROR_AT_SIGN, _("An e-mail address has only one @."));

  return check_local_part (address, (gsize) (at - address), error) && check_domain (at + 1, error);
}

/* Phone */

static char *
phone_canonicalize (const char *text,
                    GError    **error)
{
  g_autofree char *stripped = NULL;
  g_autoptr(GString) digits = g_string_new (NULL);
  gboolean plus = FALSE;
  const char *international;

  g_return_val_if_fail (text != NULL, NULL);

  stripped = strip_copy (text, error);
  if (stripped == NULL)
    return NULL;
  if (*stripped == '\0')
    return fail (error, DK_VALIDATE_ERROR_EMPTY, _("The phone number is empty."));

  for (const char *p = stripped; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 128 && g_ascii_isdigit ((char) c))
        g_string_append_c (digits, (char) c);
      else if (c == '+' && p == stripped)
        plus = TRUE;
      else if (c == '+')
        return fail (error, DK_VALIDATE_ERROR_FORMAT,
                     _("A + may only stand at the start of a phone number."));
      else if (c != '-' && c != '(' && c != ')' && c != '.' && !g_unichar_isspace (c))
        return fail (error, DK_VALIDATE_ERROR_INVALID_CHARACTER,
                     _("A phone number contains only digits, a + at the start, spaces, hyphens, dots "
                       "and parentheses."));
    }

  if (plus)
    international = digits->str;
  else if (g_str_has_prefix (digits->str, "00"))
    international = digits->str + 2;
  else if (digits->str[0] == '0')
    {
      if (digits->len != 10)
        {
          g_set_error (error, DK_VALIDATE_ERROR,
                       digits->len < 10 ? DK_VALIDATE_ERROR_TOO_SHORT : DK_VALIDATE_ERROR_TOO_LONG,
                       _("A Dutch phone number has 10 digits, starting with 0; this one has %u."),
                       (guint) digits->len);
          return NULL;
        }
      return g_strconcat ("+31", digits->str + 1, NULL);
    }
  else if (digits->len == 0)
    return fail (error, DK_VALIDATE_ERROR_TOO_SHORT, _("The phone number has no digits."));
  else
    return fail (error, DK_VALIDATE_ERROR_FORMAT,
                 _("A phone number starts with 0, or for a number abroad with + and the country "
                   "code."));

  if (*international == '\0')
    return fail (error, DK_VALIDATE_ERROR_TOO_SHORT,
                 _("After the + or 00 a phone number needs the country code and the number."));
  if (*international == '0')
    return fail (error, DK_VALIDATE_ERROR_FORMAT,
                 _("The country code after the + or 00 does not start with 0."));

  if (g_str_has_prefix (international, "31"))
    {
      const char *national = international + 2;
      gsize len = strlen (national);

      /* "+31 (0)6 12345678": the 0 in parentheses is the trunk prefix for calls from inside. */
      if (len == 10 && national[0] == '0')
        {
          national++;
          len--;
        }
      if (len != 9)
        {
          g_set_error (error, DK_VALIDATE_ERROR,
                       len < 9 ? DK_VALIDATE_ERROR_TOO_SHORT : DK_VALIDATE_ERROR_TOO_LONG,
                       _("After +31 a Dutch phone number has 9 digits; this one has %u."), (guint) len);
          return NULL;
        }
      if (national[0] == '0')
        return fail (error, DK_VALIDATE_ERROR_FORMAT,
                     _("After +31 a Dutch phone number does not start with 0."));
      return g_strconcat ("+31", national, NULL);
    }

  if (strlen (international) < 8 || strlen (international) > 15)
    {
      guint len = (guint) strlen (international);

      g_set_error (error, DK_VALIDATE_ERROR,
                   len < 8 ? DK_VALIDATE_ERROR_TOO_SHORT : DK_VALIDATE_ERROR_TOO_LONG,
                   _("An international phone number has 8 to 15 digits including the country code; "
                     "this one has %u."), len);
      return NULL;
    }
  return g_strconcat ("+", international, NULL);
}

gboolean
dk_validate_phone (const char *text,
                   GError    **error)
{
  g_autofree char *phone = phone_canonicalize (text, error);

  return phone != NULL;
}

char *
dk_phone_normalize (const char *text)
{
  return phone_canonicalize (text, NULL);
}
