#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Calendar rules for Dutch deadlines: public holidays as the Algemene termijnenwet defines them, working
 * days, and parsing and formatting of dates as people in the Netherlands type them. Every function that
 * takes a GDate requires a valid one (g_date_valid()); passing anything else is a programming error.
 */

#define DK_DATE_ERROR (dk_date_error_quark ())

typedef enum
{
  DK_DATE_ERROR_EMPTY,           /* nothing but white space */
  DK_DATE_ERROR_INVALID_FORMAT,  /* not dd-mm-jjjj nor jjjj-mm-dd */
  DK_DATE_ERROR_INVALID_YEAR,    /* year 0, or a year not written with four digits */
  DK_DATE_ERROR_INVALID_MONTH,   /* month 0 or above 12 */
  DK_DATE_ERROR_INVALID_DAY,     /* day 0 or past the end of the month */
  DK_DATE_ERROR_NOT_LEAP_YEAR,   /* 29 February in a year that has none */
} DkDateError;

GQuark dk_date_error_quark (void);

/* Easter Sunday of @year (Gregorian computus; proleptic for years before 1583). @out need not be
 * initialised. */
void dk_date_easter_sunday (GDateYear year,
                            GDate    *out);

/*
 * Whether @date is a generally recognised holiday under Algemene termijnenwet art. 3: New Year's Day,
 * Easter Monday, Ascension Day, Whit Monday, King's Day, Liberation Day (5 May, every year) and both
 * Christmas days. Good Friday is not one; Easter Sunday and Whit Sunday are not listed either (they are
 * Sundays anyway, so never working days).
 */
gboolean dk_date_is_public_holiday (const GDate *date);

/* The translated English name of the holiday on @date ("King's Day"), or NULL if it is none. When two
 * holidays fall on one day (Ascension Day and Liberation Day on 5 May 2016), the one listed first
 * above is named. */
const char *dk_date_public_holiday_name (const GDate *date);

/* Monday to Friday and not a public holiday. */
gboolean dk_date_is_working_day (const GDate *date);

/* Moves @date to the @n-th working day after it; @date itself is not counted, so Friday + 1 is the
 * next Monday (if that is no holiday) and @n == 0 leaves @date as it is. */
void dk_date_add_working_days (GDate *date,
                               guint  n);

/* Moves @date @n calendar weeks (7 × @n days) forward. */
void dk_date_add_weeks (GDate *date,
                        guint  n);

/* Leaves a working day as it is, else moves @date to the next working day: a term that ends on a
 * Saturday, Sunday or holiday is extended to the next working day (Algemene termijnenwet art. 1). */
void dk_date_next_working_day_on_or_after (GDate *date);

/*
 * Parses ISO "2026-02-28" or Dutch "28-02-2026", "28-2-2026" (also with "/" or "." between the parts).
 * The year must have four digits; day and month one or two. White space around the text is ignored.
 * On failure returns FALSE, leaves @out untouched and sets @error in DK_DATE_ERROR with a message
 * that says what is impossible ("29 February 2025 does not exist: 2025 is not a leap year.").
 */
gboolean dk_date_parse (const char *text,
                        GDate      *out,
                        GError    **error);

/* "2026-02-28". Free with g_free(). */
char *dk_date_format_iso (const GDate *date);

/* "28-02-2026" (dd-mm-jjjj). Free with g_free(). */
char *dk_date_format_dutch (const GDate *date);

/* A valid date by value, for literals in code: dk_date_ymd (2026, 7, 1). */
GDate        dk_date_ymd                       (GDateYear          year,
                                                GDateMonth         month,
                                                GDateDay           day);

G_END_DECLS
