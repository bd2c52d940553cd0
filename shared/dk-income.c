#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-income.h"
#include "dk-money.h"

G_DEFINE_QUARK (dk-income-error-quark, dk_income_error)

static const char *source_names[] = {
  [DK_INCOME_SOURCE_EMPLOYMENT] = "employment",
  [DK_INCOME_SOURCE_SELF_EMPLOYMENT] = "self_employment",
  [DK_INCOME_SOURCE_BENEFIT] = "benefit",
  [DK_INCOME_SOURCE_PENSION] = "pension",
  [DK_INCOME_SOURCE_ALLOWANCE] = "allowance",
  [DK_INCOME_SOURCE_CHILD_BENEFIT] = "child_benefit",
  [DK_INCOME_SOURCE_MAINTENANCE] = "maintenance",
  [DK_INCOME_SOURCE_OTHER] = "other",
};

static const char *period_names[] = {
  [DK_INCOME_PERIOD_MONTH] = "month",
  [DK_INCOME_PERIOD_FOUR_WEEKS] = "four_weeks",
  [DK_INCOME_PERIOD_WEEK] = "week",
  [DK_INCOME_PERIOD_YEAR] = "year",
};

const char *
dk_income_source_to_string (DkIncomeSource source)
{
  g_return_val_if_fail (source < G_N_ELEMENTS (source_names), NULL);
  return source_names[source];
}

gboolean
dk_income_source_from_string (const char     *text,
                              DkIncomeSource *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (source_names); i++)
    if (g_strcmp0 (text, source_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }

  return FALSE;
}

const char *
dk_income_period_to_string (DkIncomePeriod period)
{
  g_return_val_if_fail (period < G_N_ELEMENTS (period_names), NULL);
  return period_names[period];
}

gboolean
dk_income_period_from_string (const char     *text,
                              DkIncomePeriod *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (period_names); i++)
    if (g_strcmp0 (text, period_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }

  return FALSE;
}

DkIncome *
dk_income_new (const char     *person_id,
               DkIncomeSource  source,
               gint64          net_cents,
               DkIncomePeriod  period,
               const GDate    *valid_from)
{
  DkIncome *income = g_new0 (DkIncome, 1);

  income->person_id = g_strdup (person_id);
  income->source = source;
  income->net_cents = net_cents;
  income->period = period;
  g_date_clear (&income->valid_from, 1);
  g_date_clear (&income->valid_to, 1);
  if (valid_from != NULL && g_date_valid (valid_from))
    income->valid_from = *valid_from;

  return income;
}

DkIncome *
dk_income_copy (const DkIncome *income)
{
  DkIncome *copy;

  g_return_val_if_fail (income != NULL, NULL);

  copy = g_new0 (DkIncome, 1);
  *copy = *income;
  copy->id = g_strdup (income->id);
  copy->dossier_id = g_strdup (income->dossier_id);
  copy->person_id = g_strdup (income->person_id);
  copy->description = g_strdup (income->description);
  copy->created_at = g_strdup (income->created_at);
  copy->updated_at = g_strdup (income->updated_at);

  return copy;
}

void
dk_income_free (DkIncome *income)
{
  if (income == NULL)
    return;

  g_free (income->id);
  g_free (income->dossier_id);
  g_free (income->person_id);
  g_free (income->description);
  g_free (income->created_at);
  g_free (income->updated_at);
  g_free (income);
}

gboolean
dk_income_validate (const DkIncome  *income,
                    GError         **error)
{
  g_return_val_if_fail (income != NULL, FALSE);

  if (income->person_id == NULL)
    {
      g_set_error_literal (error, DK_INCOME_ERROR, DK_INCOME_ERROR_INVALID,
                           _("An income belongs to a person of the dossier; none is given."));
      return FALSE;
    }

  if (income->net_cents < 0 || (income->has_gross && income->gross_cents < 0))
    {
      g_set_error_literal (error, DK_INCOME_ERROR, DK_INCOME_ERROR_INVALID, _("An income cannot be negative."));
      return FALSE;
    }

  if (income->source > DK_INCOME_SOURCE_OTHER || income->period > DK_INCOME_PERIOD_YEAR)
    {
      g_set_error_literal (error, DK_INCOME_ERROR, DK_INCOME_ERROR_INVALID,
                           _("The income's source or pay period is unknown."));
      return FALSE;
    }

  if (!g_date_valid (&income->valid_from))
    {
      g_set_error_literal (error, DK_INCOME_ERROR, DK_INCOME_ERROR_INVALID,
                           _("An income needs the date from which it is received."));
      return FALSE;
    }

  if (g_date_valid (&income->valid_to) && g_date_compare (&income->valid_to, &income->valid_from) < 0)
    {
      g_set_error_literal (error, DK_INCOME_ERROR, DK_INCOME_ERROR_PERIOD,
                           _("An income cannot end before it starts."));
      return FALSE;
    }

  return TRUE;
}

gint64
dk_income_period_to_monthly (gint64         cents,
                             DkIncomePeriod period)
{
  switch (period)
    {
    case DK_INCOME_PERIOD_MONTH: return cents;
    case DK_INCOME_PERIOD_FOUR_WEEKS: return dk_money_mul_ratio (cents, 13, 12);
    case DK_INCOME_PERIOD_WEEK: return dk_money_mul_ratio (cents, 52, 12);
    case DK_INCOME_PERIOD_YEAR: return dk_money_div_round (cents, 12);
    default: g_return_val_if_reached (0);
    }
}

gint64
dk_income_get_net_monthly (const DkIncome *income)
{
  return dk_income_period_to_monthly (income->net_cents, income->period);
}

gboolean
dk_income_get_gross_monthly (const DkIncome *income,
                             gint64         *out_cents)
{
  if (!income->has_gross)
    return FALSE;

  *out_cents = dk_income_period_to_monthly (income->gross_cents, income->period);
  return TRUE;
}

gboolean
dk_income_is_valid_on (const DkIncome *income,
                       const GDate    *date)
{
  g_return_val_if_fail (income != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  if (!g_date_valid (&income->valid_from) || g_date_compare (date, &income->valid_from) < 0)
    return FALSE;

  return !g_date_valid (&income->valid_to) || g_date_compare (date, &income->valid_to) <= 0;
}
