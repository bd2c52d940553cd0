#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "dk-date.h"
#include "dk-form.h"
#include "dk-money.h"
#include "dk-validate.h"

G_DEFINE_QUARK (dk-form-error-quark, dk_form_error)

static char *
stripped (const char *text)
{
  return g_strstrip (g_strdup (text != NULL ? text : ""));
}

/* TRUE when @text is empty: fine for an optional field, an error for a required one. */
static gboolean
is_empty (const char  *text,
          gboolean     optional,
          const char  *field_label,
          gboolean    *ok,
          GError     **error)
{
  if (text[0] != '\0')
    return FALSE;

  *ok = optional;
  if (!optional)
    /* Translators: %s is the label of a form field, "Family name" */
    g_set_error (error, dk_form_error_quark (), 0, _("%s is required."), field_label);
  return TRUE;
}

/* The message of a parser, said about the field it belongs to. */
static gboolean
field_error (GError     **error,
             const char  *field_label,
             GError      *cause)
{
  /* Translators: "Net amount: Dutch notation writes cents after a comma." */
  g_set_error (error, dk_form_error_quark (), 0, _("%s: %s"), field_label, cause->message);
  g_error_free (cause);
  return FALSE;
}

gboolean
dk_form_read_text (const char  *text,
                   gboolean     optional,
                   const char  *field_label,
                   char       **out,
                   GError     **error)
{
  g_autofree char *value = stripped (text);
  gboolean ok;

  *out = NULL;
  if (is_empty (value, optional, field_label, &ok, error))
    return ok;

  *out = g_steal_pointer (&value);
  return TRUE;
}

gboolean
dk_form_read_money (const char  *text,
                    gboolean     optional,
                    const char  *field_label,
                    gboolean    *present,
                    gint64      *out_cents,
                    GError     **error)
{
  g_autofree char *value = stripped (text);
  GError *cause = NULL;
  gint64 cents = 0;
  gboolean ok;

  *present = FALSE;
  if (is_empty (value, optional, field_label, &ok, error))
    return ok;

  if (!dk_money_parse (value, &cents, &cause))
    return field_error (error, field_label, cause);
  if (cents < 0)
    {
      /* Translators: %s is the label of a form field */
      g_set_error (error, dk_form_error_quark (), 0, _("%s cannot be negative."), field_label);
      return FALSE;
    }

  *present = TRUE;
  *out_cents = cents;
  return TRUE;
}

void
dk_form_today (GDate *out)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (out, 1);
  g_date_set_dmy (out, (GDateDay) g_date_time_get_day_of_month (now), (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

gboolean
dk_form_read_date (const char   *text,
                   gboolean      optional,
                   const char   *field_label,
                   const GDate  *not_after,
                   GDate        *out,
                   GError      **error)
{
  g_autofree char *value = stripped (text);
  GError *cause = NULL;
  GDate date;
  gboolean ok;

  g_date_clear (out, 1);
  if (is_empty (value, optional, field_label, &ok, error))
    return ok;

  g_date_clear (&date, 1);
  if (!dk_date_parse (value, &date, &cause))
    return field_error (error, field_label, cause);

  if (not_after != NULL && g_date_compare (&date, not_after) > 0)
    {
      GDate today;

      dk_form_today (&today);
      if (g_date_compare (not_after, &today) == 0)
        /* Translators: %s is the label of a form field, "Date of birth" */
        g_set_error (error, dk_form_error_quark (), 0, _("%s cannot be in the future."), field_label);
      else
        {
          g_autofree char *limit = dk_date_format_dutch (not_after);

          /* Translators: a form field's label and a date, "Start date cannot be after 01-12-2026." */
          g_set_error (error, dk_form_error_quark (), 0, _("%s cannot be after %s."), field_label, limit);
        }
      return FALSE;
    }

  *out = date;
  return TRUE;
}

gboolean
dk_form_read_bsn (const char  *text,
                  gboolean     optional,
                  char       **out,
                  GError     **error)
{
  g_autofree char *value = stripped (text);
  GError *cause = NULL;
  gboolean ok;

  *out = NULL;
  if (is_empty (value, optional, _("BSN"), &ok, error))
    return ok;

  if (!dk_validate_bsn (value, &cause))
    return field_error (error, _("BSN"), cause);

  *out = dk_bsn_normalize (value);
  return TRUE;
}

gboolean
dk_form_read_share (const char  *text,
                    gboolean     optional,
                    const char  *field_label,
                    gboolean    *present,
                    gint        *out_ppm,
                    GError     **error)
{
  g_autofree char *value = stripped (text);
  GError *cause = NULL;
  gint64 hundredths = 0;
  gboolean ok;

  *present = FALSE;
  if (value[0] != '\0' && g_str_has_suffix (value, "%"))
    {
      value[strlen (value) - 1] = '\0';
      g_strstrip (value);
    }
  if (is_empty (value, optional, field_label, &ok, error))
    return ok;

  /* A percentage reads like an amount with at most two decimals: 33,33 % is 3333 hundredths. */
  if (!dk_money_parse (value, &hundredths, &cause))
    return field_error (error, field_label, cause);
  if (hundredths < 0 || hundredths > 10000)
    {
      /* Translators: %s is the label of a form field, "Share" */
      g_set_error (error, dk_form_error_quark (), 0, _("%s must be a percentage from 0 to 100."), field_label);
      return FALSE;
    }

  *present = TRUE;
  *out_ppm = (gint) (hundredths * 100);
  return TRUE;
}
