#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Money is a gint64 number of euro cents, never a double: every amount a debt counsellor sees must add
 * up to the cent, in every copy of the data.
 *
 * The valid range of an amount is -G_MAXINT64 .. G_MAXINT64. G_MININT64 has no positive counterpart,
 * so dk_money_parse() refuses it (OUT_OF_RANGE) and the arithmetic helpers never return it.
 *
 * Rounding: wherever an amount is multiplied by a fraction, the result is rounded to whole cents with
 * commercial rounding, i.e. round half away from zero (0,5 cent → 1 cent, −0,5 cent → −1 cent), as
 * Dutch practice does. The only place that rounds is dk_money_div_round(); the other helpers use it
 * through exact 128-bit intermediates, so nothing overflows and nothing is rounded twice.
 */

#define DK_MONEY_ERROR (dk_money_error_quark ())

typedef enum
{
  DK_MONEY_ERROR_EMPTY,                /* nothing but white space */
  DK_MONEY_ERROR_INVALID,              /* a character that is not part of an amount, or no digits */
  DK_MONEY_ERROR_TOO_MANY_DECIMALS,    /* more than two digits after the comma */
  DK_MONEY_ERROR_MISPLACED_SEPARATOR,  /* a dot or comma in a place Dutch notation does not allow */
  DK_MONEY_ERROR_OUT_OF_RANGE,         /* does not fit in -G_MAXINT64 .. G_MAXINT64 cents */
  DK_MONEY_ERROR_NEGATIVE_WEIGHT,      /* dk_money_distribute(): a weight below zero */
  DK_MONEY_ERROR_NO_WEIGHT,            /* dk_money_distribute(): no weights, or all of them zero */
} DkMoneyError;

GQuark dk_money_error_quark (void);

/*
 * Parses an amount in Dutch notation into cents. Accepted:
 *   "12", "0,05", "1234,56", "1.234" (dots group thousands: 1234 euro), "1.234,5" (123450 cents),
 *   "€ 1.234,56", "€1.234,56", "-12,30", "€-12,30", "€ -12,30", "-€ 12,30", and "12,-" (whole euros).
 * White space, including the non-breaking spaces U+00A0 and U+202F, is allowed around the euro sign and
 * around the whole text. The euro sign, if any, comes before the number.
 *
 * A dot is only ever a thousands separator: it must be followed by exactly three digits, and the group
 * before the first dot has one to three digits. So "12.5" and "12.50" are refused with a message that
 * Dutch notation writes cents after a comma, rather than being silently read as 125 or 1250 euro.
 * At most two digits may follow the comma ("12,345" is refused, not rounded).
 *
 * On failure returns FALSE, leaves @out_cents untouched and sets @error in DK_MONEY_ERROR.
 */
gboolean dk_money_parse (const char *text,
                         gint64     *out_cents,
                         GError    **error);

/* "€ 1.234,56", "€ -1.234,56", "€ 0,00". The result always parses back to @cents. Free with g_free(). */
char *dk_money_format (gint64 cents);

/* As dk_money_format() without the euro sign: "1.234,56", "-0,05". Free with g_free(). */
char *dk_money_format_plain (gint64 cents);

/*
 * @numerator / @denominator rounded half away from zero: the one rounding rule of this module.
 * @denominator must be > 0. The result fits for every @numerator in the valid range; for G_MININT64 / 1
 * it is clamped as in dk_money_mul_ratio().
 */
gint64 dk_money_div_round (gint64 numerator,
                           gint64 denominator);

/*
 * @amount × @numerator / @denominator, computed exactly in 128 bits and then rounded half away from
 * zero. @denominator must be > 0. If the rounded result does not fit in ±G_MAXINT64 that is a
 * programming error: a critical is logged and the result is clamped to ±G_MAXINT64.
 */
gint64 dk_money_mul_ratio (gint64 amount,
                           gint64 numerator,
                           gint64 denominator);

/*
 * @basis_points / 100 percent of @amount (9500 = 95 %), rounded half away from zero: 95 % of 1 cent is
 * 1 cent, 95 % of −3 cents is −3 cents.
 */
gint64 dk_money_percentage (gint64 amount,
                            gint64 basis_points);

/*
 * Splits @total over @n_weights parts in proportion to @weights (pro rata, "ponds-pondsgewijs"), so that
 * the parts add up to exactly @total.
 *
 * Method (largest remainder, also called Hamilton's method): every part first gets the exact share
 * |total| × w / Σw rounded down; the cents left over go one each to the parts with the largest
 * remainders of that division; equal remainders are broken in favour of the lower index, so the result
 * is deterministic and the same on every device. A negative @total is distributed as its absolute value
 * and every part negated. Consequences: each part is within one cent of its exact share, a part with
 * weight 0 gets 0, and equal weights get parts that differ by at most one cent (100 over 3 equal
 * weights: 34, 33, 33).
 *
 * Weights must be >= 0 and at least one must be > 0; otherwise returns FALSE with DK_MONEY_ERROR_NEGATIVE_WEIGHT
 * or DK_MONEY_ERROR_NO_WEIGHT and @out_parts is not written. @out_parts holds @n_weights values.
 */
gboolean dk_money_distribute (gint64        total,
                              const gint64 *weights,
                              gsize         n_weights,
                              gint64       *out_parts,
                              GError      **error);

G_END_DECLS
