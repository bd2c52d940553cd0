/*
 * Sources:
 * - Algemene termijnenwet (BWBR0002448), art. 1 (a statutory term that ends on a Saturday, Sunday or
 *   generally recognised holiday runs on to the next day that is none of these) and art. 3 (the
 *   generally recognised holidays: New Year's Day, Easter Monday and Whit Monday, both Christmas days,
 *   Ascension Day, the day on which the King's birthday is celebrated, and 5 May). Good Friday is NOT
 *   in that list, so it is a working day for terms, even though many employers give it off.
 * - Besluit van 2013 on the celebration of the King's birthday: Koningsdag is 27 April, or 26 April when
 *   27 April is a Sunday (from 2014). Before 2014 the Queen's birthday was celebrated on 30 April, or
 *   29 April when that was a Sunday; this module applies that rule to every year before 2014, which
 *   is exact from 1980 and a simplification for older years that the system has no use for.
 * - Easter: the anonymous Gregorian algorithm (Nature, 1876; J. Meeus, Astronomical Algorithms,
 *   ch. 8), valid for every Gregorian year. GLib has no Easter function.
 */

#include "config.h"

#include "dk-date.h"

#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (dk-date-error-quark, dk_date_error)

static const char *const month_names[] = {
  N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"),
  N_("July"), N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
};

void
dk_date_easter_sunday (GDateYear year,
                       GDate    *out)
{
  int y = year;
  int a, b, c, d, e, f, g, h, i, k, l, m, month, day;

  g_return_if_fail (g_date_valid_year (year));
  g_return_if_fail (out != NULL);

  /* Meeus/Jones/Butcher, with the variable names of the published algorithm. No intermediate value
   * is negative: 32 + 2e + 2i - h - k >= 32 - 29 - 3, and h + l - 7m + 114 >= 107. */
  a = y % 19;
  b = y / 100;
  c = y % 100;
  d = b / 4;
  e = b % 4;
  f = (b + 8) / 25;
  g = (b - f + 1) / 3;
  h = (19 * a + b - d - g + 15) % 30;
  i = c / 4;
  k = c % 4;
  l = (32 + 2 * e + 2 * i - h - k) % 7;
  m = (a + 11 * h + 22 * l) / 451;
  month = (h + l - 7 * m + 114) / 31;
  day = (h + l - 7 * m + 114) % 31 + 1;

  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) day, (GDateMonth) month, year);
}

/* The day of April on which the sovereign's birthday is celebrated in @year. */
static GDateDay
sovereigns_day (GDateYear year)
{
  GDate date;
  GDateDay day = year >= 2014 ? 27 : 30;

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, G_DATE_APRIL, year);
  return g_date_get_weekday (&date) == G_DATE_SUNDAY ? day - 1 : day;
}

/* The untranslated name of the holiday on @date, or NULL; the checks run in the order of the list in
 * dk-date.h, which decides the name when two holidays coincide. */
static const char *
holiday_msgid (const GDate *date)
{
  GDateYear year = g_date_get_year (date);
  GDateMonth month = g_date_get_month (date);
  GDateDay day = g_date_get_day (date);

  if (month == G_DATE_JANUARY && day == 1)
    return N_("New Year's Day");

  /* Easter falls from 22 March to 25 April, Whit Monday at the latest on 14 June. */
  if (month >= G_DATE_MARCH && month <= G_DATE_JUNE)
    {
      GDate easter;
      gint64 offset;

      dk_date_easter_sunday (year, &easter);
      offset = (gint64) g_date_get_julian (date) - (gint64) g_date_get_julian (&easter);
      if (offset == 1)
        return N_("Easter Monday");
      if (offset == 39)
        return N_("Ascension Day");
      if (offset == 50)
        return N_("Whit Monday");
    }

  if (month == G_DATE_APRIL && day == sovereigns_day (year))
    return year >= 2014 ? N_("King's Day") : N_("Queen's Day");
  if (month == G_DATE_MAY && day == 5)
    return N_("Liberation Day");
  if (month == G_DATE_DECEMBER && day == 25)
    return N_("Christmas Day");
  if (month == G_DATE_DECEMBER && day == 26)
    return N_("Boxing Day");
  return NULL;
}

gboolean
dk_date_is_public_holiday (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  return holiday_msgid (date) != NULL;
}

const char *
dk_date_public_holiday_name (const GDate *date)
{
  const char *msgid;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  msgid = holiday_msgid (date);
  return msgid != NULL ? _(msgid) : NULL;
}

gboolean
dk_date_is_working_day (const GDate *date)
{
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  return g_date_get_weekday (date) <= G_DATE_FRIDAY && holiday_msgid (date) == NULL;
}

void
dk_date_add_working_days (GDate *date,
                          guint  n)
{
  g_return_if_fail (date != NULL && g_date_valid (date));

  while (n > 0)
    {
      g_date_add_days (date, 1);
      if (dk_date_is_working_day (date))
        n--;
    }
}

void
dk_date_add_weeks (GDate *date,
                   guint  n)
{
  g_return_if_fail (date != NULL && g_date_valid (date));
  g_return_if_fail (n <= G_MAXUINT / 7);

  g_date_add_days (date, n * 7);
}

void
dk_date_next_working_day_on_or_after (GDate *date)
{
  g_return_if_fail (date != NULL && g_date_valid (date));

  while (!dk_date_is_working_day (date))
    g_date_add_days (date, 1);
}

static gboolean
fail_format (GError **error)
{
  g_set_error_literal (error, DK_DATE_ERROR, DK_DATE_ERROR_INVALID_FORMAT,
                       _("Write the date as dd-mm-yyyy (28-02-2026) or yyyy-mm-dd (2026-02-28)."));
  return FALSE;
}

gboolean
dk_date_parse (const char *text,
               GDate      *out,
               GError    **error)
{
  g_autofree char *copy = NULL;
  const char *p;
  guint lengths[3];
  guint values[3];
  char separators[2];
  guint year, month, day;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    {
      g_set_error_literal (error, DK_DATE_ERROR, DK_DATE_ERROR_EMPTY, _("The date is empty."));
      return FALSE;
    }

  /* Three runs of digits with one kind of separator between them. */
  p = copy;
  for (int f = 0; f < 3; f++)
    {
      lengths[f] = 0;
      values[f] = 0;
      for (; g_ascii_isdigit (*p); p++)
        {
          if (lengths[f] < 5)
            values[f] = values[f] * 10 + (guint) (*p - '0');
          lengths[f]++;
        }
      if (lengths[f] == 0)
        return fail_format (error);
      if (f < 2)
        {
          if (*p != '-' && *p != '/' && *p != '.')
            return fail_format (error);
          separators[f] = *p++;
        }
    }
  if (*p != '\0' || separators[0] != separators[1])
    return fail_format (error);

  if (lengths[0] == 4 && lengths[1] <= 2 && lengths[2] <= 2 && separators[0] == '-')
    {
      year = values[0];
      month = values[1];
      day = values[2];
    }
  else if (lengths[0] <= 2 && lengths[1] <= 2 && lengths[2] == 4)
    {
      day = values[0];
      month = values[1];
      year = values[2];
    }
  else if (lengths[0] <= 2 && lengths[1] <= 2 && lengths[2] <= 2)
    {
      g_set_error_literal (error, DK_DATE_ERROR, DK_DATE_ERROR_INVALID_YEAR,
                           _("Write the year with four digits, as in 28-02-2026."));
      return FALSE;
    }
  else
    return fail_format (error);

  if (year == 0)
    {
      g_set_error_literal (error, DK_DATE_ERROR, DK_DATE_ERROR_INVALID_YEAR,
                           _("There is no year 0: years start at 1."));
      return FALSE;
    }
  if (month < 1 || month > 12)
    {
      g_set_error (error, DK_DATE_ERROR, DK_DATE_ERROR_INVALID_MONTH,
                   _("There is no month %u: months run from 1 to 12."), month);
      return FALSE;
    }
  if (day == 0)
    {
      g_set_error_literal (error, DK_DATE_ERROR, DK_DATE_ERROR_INVALID_DAY,
                           _("There is no day 0: days start at 1."));
      return FALSE;
    }
  if (day > g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year))
    {
      if (month == 2 && day == 29)
        g_set_error (error, DK_DATE_ERROR, DK_DATE_ERROR_NOT_LEAP_YEAR,
                     _("29 February %u does not exist: %u is not a leap year."), year, year);
      else
        g_set_error (error, DK_DATE_ERROR, DK_DATE_ERROR_INVALID_DAY,
                     _("%s %u has %u days, so day %u does not exist."), _(month_names[month - 1]), year,
                     (guint) g_date_get_days_in_month ((GDateMonth) month, (GDateYear) year), day);
      return FALSE;
    }

  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
  return TRUE;
}

/* @value in at least @width digits, padded with zeros, at @out; returns the end. Dates are
 * formatted on every recalculation, and this is much cheaper than printf. */
static char *
put_number (char  *out,
            guint  value,
            guint  width)
{
  char digits[10];
  guint n = 0;

  do
    {
      digits[n++] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value > 0);
  while (n < width)
    digits[n++] = '0';
  while (n > 0)
    *out++ = digits[--n];

  return out;
}

/* "2026-11-23" */
char *
dk_date_format_iso (const GDate *date)
{
  char text[16];
  char *p = text;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  p = put_number (p, g_date_get_year (date), 4);
  *p++ = '-';
  p = put_number (p, g_date_get_month (date), 2);
  *p++ = '-';
  p = put_number (p, g_date_get_day (date), 2);

  return g_strndup (text, p - text);
}

/* "23-11-2026" */
char *
dk_date_format_dutch (const GDate *date)
{
  char text[16];
  char *p = text;

  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  p = put_number (p, g_date_get_day (date), 2);
  *p++ = '-';
  p = put_number (p, g_date_get_month (date), 2);
  *p++ = '-';
  p = put_number (p, g_date_get_year (date), 4);

  return g_strndup (text, p - text);
}

GDate
dk_date_ymd (GDateYear  year,
             GDateMonth month,
             GDateDay   day)
{
  GDate date;

  /* An invalid day comes back as a cleared (invalid) date, never as stack garbage. */
  g_date_clear (&date, 1);
  g_return_val_if_fail (g_date_valid_dmy (day, month, year), date);

  g_date_set_dmy (&date, day, month, year);
  return date;
}
