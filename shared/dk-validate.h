#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Validators for identifiers a debt counsellor types in: BSN, IBAN, postcode, e-mail address and phone
 * number. Each reports the first problem it finds with its own error code and a message that tells the
 * person what is wrong without repeating the value (a BSN or phone number is personal data and must
 * not end up in logs through an error message).
 *
 * All of them ignore white space around the text (including no-break spaces). Each *_normalize()
 * function returns the canonical form of a valid value, or NULL when the value is not valid, so that
 * what is stored is always the canonical form.
 */

#define DK_VALIDATE_ERROR (dk_validate_error_quark ())

typedef enum
{
  DK_VALIDATE_ERROR_EMPTY,              /* nothing but white space */
  DK_VALIDATE_ERROR_INVALID_CHARACTER,  /* a character that cannot occur in this kind of value */
  DK_VALIDATE_ERROR_TOO_SHORT,          /* too few digits (BSN, phone) */
  DK_VALIDATE_ERROR_TOO_LONG,           /* too many digits or characters (BSN, phone, e-mail) */
  DK_VALIDATE_ERROR_CHECKSUM,           /* BSN 11-check or IBAN check digits fail */
  DK_VALIDATE_ERROR_ALL_ZEROS,          /* BSN 000000000 */
  DK_VALIDATE_ERROR_UNKNOWN_COUNTRY,    /* IBAN country code not in the table */
  DK_VALIDATE_ERROR_WRONG_LENGTH,       /* IBAN length does not match its country */
  DK_VALIDATE_ERROR_FORMAT,             /* structure wrong: IBAN layout, postcode shape, phone prefix */
  DK_VALIDATE_ERROR_LEADING_ZERO,       /* postcode starting with 0 */
  DK_VALIDATE_ERROR_RESERVED,           /* postcode letters SA, SD or SS, which are never issued */
  DK_VALIDATE_ERROR_AT_SIGN,            /* e-mail address without @, or with more than one */
  DK_VALIDATE_ERROR_LOCAL_PART,         /* e-mail: empty part before the @, or misplaced dots in it */
  DK_VALIDATE_ERROR_DOMAIN,             /* e-mail: domain missing, without a dot, or a bad label */
} DkValidateError;

GQuark dk_validate_error_quark (void);

/*
 * Burgerservicenummer: exactly 9 digits after removing spaces and dots (an 8-digit number is refused,
 * not padded with a leading zero: the person should enter the number as printed), not all zeros, and
 * passing the 11-check (elfproef): 9×d1 + 8×d2 + … + 2×d8 − 1×d9 is a multiple of 11.
 */
gboolean dk_validate_bsn (const char *text,
                          GError    **error);

/* The 9 digits of a valid BSN, or NULL. Free with g_free(). */
char *dk_bsn_normalize (const char *text);

/*
 * IBAN (ISO 13616): country code from a table of IBAN countries (all SEPA countries and the other
 * countries of the SWIFT IBAN registry) with their length, two check digits (02–98) that satisfy
 * ISO 7064 mod 97-10, and for Dutch IBANs the national layout "NL" + 2 digits + 4 letters (bank) +
 * 10 digits. Spaces are ignored and lowercase letters accepted.
 */
gboolean dk_validate_iban (const char *iban,
                           GError    **error);

/* A valid IBAN without spaces, in uppercase ("NL91ABNA0417164300"), or NULL. Free with g_free(). */
char *dk_iban_normalize (const char *text);

/* A valid IBAN in groups of four for display ("NL91 ABNA 0417 1643 00"), or NULL. Free with g_free(). */
char *dk_iban_format (const char *iban);

/* Dutch postcode: four digits not starting with 0, an optional single space, two letters (any case)
 * other than SA, SD and SS. */
gboolean dk_validate_postcode (const char *text,
                               GError    **error);

/* A valid postcode as "1234 AB", or NULL. Free with g_free(). */
char *dk_postcode_normalize (const char *text);

/*
 * A pragmatic e-mail address check, enough to catch typing errors, not RFC 5322 in full: one @; a part
 * before it of 1–64 characters from the RFC 5322 "atext" set and dots (not first, last or doubled);
 * a domain of at least two dot-separated labels of ASCII letters, digits and hyphens (1–63 characters,
 * no hyphen at either end); no spaces; at most 254 characters in total. Quoted local parts, IP address
 * literals and non-ASCII addresses are refused.
 */
gboolean dk_validate_email (const char *text,
                            GError    **error);

/*
 * Phone numbers. Dutch: 10 digits starting with 0 ("06-12345678", "020 123 4567"), or +31 / 0031
 * followed by 9 digits ("+31 6 12345678"; a trunk 0 written as "+31 (0)6 …" is dropped). Other
 * countries: + or 00, then 8–15 digits in all (E.164), not starting with 0. Spaces, hyphens, dots and
 * parentheses between the digits are ignored. Dutch service numbers shorter than 10 digits
 * (0800-1234) are not accepted.
 */
gboolean dk_validate_phone (const char *text,
                            GError    **error);

/* A valid phone number in E.164 form ("+31612345678"), or NULL. Free with g_free(). */
char *dk_phone_normalize (const char *text);

G_END_DECLS
