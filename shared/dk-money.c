#include "config.h"

#include "dk-money.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

/* 128-bit intermediates (a GCC and Clang extension) make amount × ratio exact for every gint64 input. */
__extension__ typedef __int128 DkInt128;

#define EURO_SIGN "\xe2\x82\xac" /* U+20AC in UTF-8 */

G_DEFINE_QUARK (dk-money-error-quark, dk_money_error)

static gboolean
is_space_at (const char *p)
{
  return g_unichar_isspace (g_utf8_get_char (p));
}

/* Skips white space, including U+00A0 and U+202F, which is what spreadsheets and banks paste. */
static const char *
skip_space (const char *p,
            const char *end)
{
  while (p < end && is_space_at (p))
    p = g_utf8_next_char (p);
  return p;
}

static const char *
end_without_trailing_space (const char *text)
{
  const char *end = text;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!is_space_at (p))
      end = g_utf8_next_char (p);
  return end;
}

static gboolean
fail (GError     **error,
      DkMoneyError code,
      const char  *message)
{
  g_set_error_literal (error, DK_MONEY_ERROR, code, message);
  return FALSE;
}

gboolean
dk_money_parse (const char *text,
                gint64     *out_cents,
                GError    **error)
{
  const char *p;
  const char *end;
  gboolean negative = FALSE;
  guint64 euros = 0;
  guint64 cents = 0;
  gboolean overflow = FALSE;
  guint n_digits = 0;
  guint n_dots = 0;
  guint group_len = 0;
  gboolean first_group_bad = FALSE;
  gboolean inner_group_bad = FALSE;
  gboolean last_group_bad = FALSE;
  gboolean has_comma;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_cents != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_utf8_validate (text, -1, NULL))
    return fail (error, DK_MONEY_ERROR_INVALID, _("The amount contains characters that are not valid text."));

  end = end_without_trailing_space (text);
  p = skip_space (text, end);
  if (p == end)
    return fail (error, DK_MONEY_ERROR_EMPTY, _("The amount is empty."));

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }
  if (g_str_has_prefix (p, EURO_SIGN))
    {
      p = skip_space (p + strlen (EURO_SIGN), end);
      if (!negative && p < end && *p == '-')
        {
          negative = TRUE;
          p++;
        }
    }

  /* Refuse foreign characters first, so that "12.5x" is reported as a wrong character and not as a
   * misplaced dot. */
  for (const char *q = p; q < end; q++)
    if (!g_ascii_isdigit (*q) && *q != '.' && *q != ',' && *q != '-')
      return fail (error, DK_MONEY_ERROR_INVALID,
                   _("An amount may contain only digits, dots between thousands, one comma before the "
                     "cents, a minus sign and a euro sign in front."));

  /* Whole euros, with optional thousands dots. */
  for (; p < end && (g_ascii_isdigit (*p) || *p == '.'); p++)
    {
      if (*p == '.')
        {
          if (n_dots == 0)
            first_group_bad = group_len == 0 || group_len > 3 || *(p - group_len) == '0';
          else if (group_len != 3)
            inner_group_bad = TRUE;
          n_dots++;
          group_len = 0;
          continue;
        }

      n_digits++;
      group_len++;
      if (euros > (G_MAXUINT64 - 9) / 10)
        overflow = TRUE;
      else
        euros = euros * 10 + (guint64) (*p - '0');
    }
  if (n_dots > 0 && group_len != 3)
    last_group_bad = TRUE;

  has_comma = p < end && *p == ',';

  if (n_dots > 0 && (first_group_bad || inner_group_bad || last_group_bad))
    {
      if (!has_comma && n_dots == 1 && last_group_bad)
        return fail (error, DK_MONEY_ERROR_MISPLACED_SEPARATOR,
                     _("Dutch notation writes the cents after a comma, not a dot: for example 12,50. "
                       "A dot only separates thousands, as in 1.234."));
      if (first_group_bad)
        return fail (error, DK_MONEY_ERROR_MISPLACED_SEPARATOR,
                     _("Before the first thousands dot there must be one to three digits, not starting "
                       "with 0, as in 1.234 or 12.345."));
      return fail (error, DK_MONEY_ERROR_MISPLACED_SEPARATOR,
                   _("A thousands dot must be followed by exactly three digits, as in 1.234.567,89."));
    }

  if (has_comma)
    {
      guint n_decimals = 0;

      p++;
      if (n_digits == 0)
        return fail (error, DK_MONEY_ERROR_MISPLACED_SEPARATOR,
                     _("Write a 0 before the comma, for example 0,50."));

      if (p < end && *p == '-')
        {
          /* "12,-" and "12,--": the Dutch way of writing whole euros. */
          p++;
          if (p < end && *p == '-')
            p++;
        }
      else
        {
          for (; p < end && g_ascii_isdigit (*p); p++)
            {
              n_decimals++;
              if (n_decimals <= 2)
                cents = cents * 10 + (guint64) (*p - '0');
            }
          if (p < end && (*p == '.' || *p == ','))
            return fail (error, DK_MONEY_ERROR_MISPLACED_SEPARATOR,
                         _("The comma before the cents comes last; dots may only group the thousands "
                           "before it, as in 1.234,56."));
          if (n_decimals == 0)
            return fail (error, DK_MONEY_ERROR_MISPLACED_SEPARATOR,
                         _("A comma must be followed by the cents, for example 12,50."));
          if (n_decimals > 2)
            return fail (error, DK_MONEY_ERROR_TOO_MANY_DECIMALS,
                         _("An amount has at most two digits after the comma: whole cents."));
          if (n_decimals == 1)
            cents *= 10;
        }
    }

  if (p < end)
    return fail (error, DK_MONEY_ERROR_INVALID,
                 _("A minus sign may only stand in front of the amount, as in -12,30 or € -12,30."));
  if (n_digits == 0)
    return fail (error, DK_MONEY_ERROR_INVALID, _("The amount has no digits."));

  if (overflow || euros > ((guint64) G_MAXINT64 - cents) / 100)
    return fail (error, DK_MONEY_ERROR_OUT_OF_RANGE, _("The amount is too large."));

  *out_cents = (gint64) (euros * 100 + cents);
  if (negative)
    *out_cents = -*out_cents;
  return TRUE;
}

/* Written backwards into a buffer rather than with printf: every breakdown note with an amount
 * comes through here, many times per recalculation. */
static char *
format_cents (gint64   cents,
              gboolean with_symbol)
{
  /* Negating in unsigned arithmetic is defined even for G_MININT64. */
  guint64 magnitude = cents < 0 ? -(guint64) cents : (guint64) cents;
  guint64 euros = magnitude / 100;
  guint cents_part = (guint) (magnitude % 100);
  /* "€ " + sign + 20 digits + 6 dots + ",00" + NUL fits with room to spare. */
  char buffer[48];
  char *p = buffer + sizeof buffer;
  guint n_digits = 0;

  *--p = '\0';
  *--p = (char) ('0' + cents_part % 10);
  *--p = (char) ('0' + cents_part / 10);
  *--p = ',';
  do
    {
      if (n_digits > 0 && n_digits % 3 == 0)
        *--p = '.';
      *--p = (char) ('0' + euros % 10);
      euros /= 10;
      n_digits++;
    }
  while (euros > 0);
  if (cents < 0)
    *--p = '-';
  if (with_symbol)
    {
      p -= strlen (EURO_SIGN " ");
      memcpy (p, EURO_SIGN " ", strlen (EURO_SIGN " "));
    }

  return g_strndup (p, buffer + sizeof buffer - 1 - p);
}

char *
dk_money_format (gint64 cents)
{
  return format_cents (cents, TRUE);
}

char *
dk_money_format_plain (gint64 cents)
{
  return format_cents (cents, FALSE);
}

/* The single rounding rule: half away from zero. @denominator > 0. Clamps (and complains) when the
 * result does not fit the valid money range. */
static gint64
round_quotient (DkInt128 numerator,
                DkInt128 denominator)
{
  DkInt128 quotient = numerator / denominator; /* C truncates towards zero */
  DkInt128 remainder = numerator % denominator;

  if (remainder < 0)
    remainder = -remainder;
  if (2 * remainder >= denominator)
    quotient += numerator < 0 ? -1 : 1;

  if (quotient > G_MAXINT64 || quotient < -G_MAXINT64)
    {
      g_critical ("%s: the result does not fit in an amount of money", G_STRFUNC);
      return quotient > 0 ? G_MAXINT64 : -G_MAXINT64;
    }
  return (gint64) quotient;
}

gint64
dk_money_div_round (gint64 numerator,
                    gint64 denominator)
{
  g_return_val_if_fail (denominator > 0, 0);

  return round_quotient (numerator, denominator);
}

gint64
dk_money_mul_ratio (gint64 amount,
                    gint64 numerator,
                    gint64 denominator)
{
  g_return_val_if_fail (denominator > 0, 0);

  return round_quotient ((DkInt128) amount * numerator, denominator);
}

gint64
dk_money_percentage (gint64 amount,
                     gint64 basis_points)
{
  return dk_money_mul_ratio (amount, basis_points, 10000);
}

typedef struct
{
  DkInt128 remainder;
  gsize index;
} DkShareRemainder;

static int
compare_remainders (const void *a,
                    const void *b)
{
  const DkShareRemainder *ra = a;
  const DkShareRemainder *rb = b;

  if (ra->remainder != rb->remainder)
    return ra->remainder > rb->remainder ? -1 : 1;
  return ra->index < rb->index ? -1 : (ra->index > rb->index ? 1 : 0);
}

gboolean
dk_money_distribute (gint64        total,
                     const gint64 *weights,
                     gsize         n_weights,
                     gint64       *out_parts,
                     GError      **error)
{
  DkInt128 weight_sum = 0;
  DkInt128 magnitude;
  DkInt128 assigned = 0;
  DkInt128 leftover;
  g_autofree DkShareRemainder *remainders = NULL;

  g_return_val_if_fail (total != G_MININT64, FALSE);
  g_return_val_if_fail (weights != NULL || n_weights == 0, FALSE);
  g_return_val_if_fail (out_parts != NULL || n_weights == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (gsize i = 0; i < n_weights; i++)
    {
      if (weights[i] < 0)
        return fail (error, DK_MONEY_ERROR_NEGATIVE_WEIGHT,
                     _("A share in a pro-rata split cannot be based on a negative weight."));
      weight_sum += weights[i];
    }
  if (weight_sum == 0)
    return fail (error, DK_MONEY_ERROR_NO_WEIGHT,
                 _("There is nothing to split by: at least one weight must be more than zero."));

  magnitude = total < 0 ? -(DkInt128) total : (DkInt128) total;
  remainders = g_new (DkShareRemainder, n_weights);

  for (gsize i = 0; i < n_weights; i++)
    {
      DkInt128 exact = magnitude * weights[i];
      DkInt128 floor_share = exact / weight_sum;

      out_parts[i] = (gint64) floor_share;
      remainders[i].remainder = exact % weight_sum;
      remainders[i].index = i;
      assigned += floor_share;
    }

  /* The floors fall short by less than one cent per part; those cents go to the largest remainders.
   * The remainders add up to leftover × weight_sum and each is below weight_sum, so every part that
   * receives a cent has a non-zero remainder: a part with weight 0 never gets one. */
  leftover = magnitude - assigned;
  qsort (remainders, n_weights, sizeof *remainders, compare_remainders);
  for (gsize k = 0; k < (gsize) leftover; k++)
    out_parts[remainders[k].index]++;

  if (total < 0)
    for (gsize i = 0; i < n_weights; i++)
      out_parts[i] = -out_parts[i];

  return TRUE;
}
