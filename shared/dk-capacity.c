#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-capacity.h"
#include "dk-money.h"

#define RULE_CAPACITY N_("NVVK Gedragscode Schuldhulpverlening: capacity = income − VTLB")
#define RULE_FLOOR N_("NVVK: the VTLB is the floor and a zero offer is possible, since 1 July 2024")
#define RULE_SPLIT N_("policy: split pro rata to income (no published rule)")

G_DEFINE_QUARK (dk-capacity-error-quark, dk_capacity_error)

gboolean
dk_capacity_calculate (gint64            income,
                       gint64            vtlb,
                       DkBreakdown      *vtlb_breakdown,
                       const GDate      *date,
                       DkCapacityResult *result,
                       GError          **error)
{
  DkBreakdown *root;
  DkBreakdown *line;
  gint64 difference;
  gint64 capacity;

  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (income < 0)
    {
      g_set_error_literal (error, DK_CAPACITY_ERROR, DK_CAPACITY_ERROR_INVALID_INPUT,
                           _("The net income for the repayment capacity cannot be negative."));
      return FALSE;
    }
  if (vtlb < 0)
    {
      g_set_error_literal (error, DK_CAPACITY_ERROR, DK_CAPACITY_ERROR_INVALID_INPUT,
                           _("The VTLB cannot be negative."));
      return FALSE;
    }
  if (vtlb_breakdown != NULL && dk_breakdown_get_value (vtlb_breakdown) != vtlb)
    {
      g_set_error_literal (error, DK_CAPACITY_ERROR, DK_CAPACITY_ERROR_INVALID_INPUT,
                           _("The VTLB amount differs from the amount in its own breakdown; the two must come from the same calculation."));
      return FALSE;
    }

  /* Both are >= 0, so the difference cannot overflow. */
  difference = income - vtlb;
  capacity = MAX (difference, 0);

  root = dk_breakdown_new_static (DK_BREAKDOWN_MONEY, "capacity", N_("Repayment capacity per month"),
                                  capacity, RULE_CAPACITY);
  dk_breakdown_add_static (root, DK_BREAKDOWN_MONEY, "capacity.income", N_("Net income"), income, N_("input"));
  if (vtlb_breakdown != NULL)
    dk_breakdown_append (root, dk_breakdown_ref (vtlb_breakdown));
  else
    dk_breakdown_add_static (root, DK_BREAKDOWN_MONEY, "capacity.vtlb", N_("VTLB (amount left free)"), vtlb, N_("input"));
  dk_breakdown_add_static (root, DK_BREAKDOWN_MONEY, "capacity.difference", N_("Income minus VTLB"),
                           difference, RULE_CAPACITY);

  if (capacity == 0)
    {
      line = dk_breakdown_add_static (root, DK_BREAKDOWN_TEXT, "capacity.zero_offer",
                                      N_("Zero offer (nul-aanbod): no repayment capacity"), 0, RULE_FLOOR);
      if (difference < 0)
        dk_breakdown_set_note_static (line, N_("Income is below the VTLB. The VTLB is a floor: creditors are offered nothing rather than an amount from below it."));
    }

  if (g_date_get_year (date) < 2024 || (g_date_get_year (date) == 2024 && g_date_get_month (date) < G_DATE_JULY))
    dk_breakdown_set_note_static (root, N_("The calculation date is before 1 July 2024. Until then creditors were always made an offer, even below the VTLB; this calculation applies the floor in force since that date."));

  result->capacity = capacity;
  result->zero_offer = capacity == 0;
  result->breakdown = root;

  return TRUE;
}

void
dk_capacity_result_clear (DkCapacityResult *result)
{
  g_clear_pointer (&result->breakdown, dk_breakdown_unref);
  result->capacity = 0;
  result->zero_offer = FALSE;
}

gboolean
dk_capacity_split (gint64           joint_capacity,
                   gint64           income_a,
                   gint64           income_b,
                   DkCapacitySplit *result,
                   GError         **error)
{
  gint64 weights[2] = { income_a, income_b };
  gint64 parts[2];
  DkBreakdown *root;

  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (joint_capacity < 0)
    {
      g_set_error_literal (error, DK_CAPACITY_ERROR, DK_CAPACITY_ERROR_INVALID_INPUT,
                           _("A joint repayment capacity cannot be negative."));
      return FALSE;
    }
  if (income_a < 0 || income_b < 0)
    {
      g_set_error_literal (error, DK_CAPACITY_ERROR, DK_CAPACITY_ERROR_INVALID_INPUT,
                           _("A partner's net income cannot be negative when splitting the capacity."));
      return FALSE;
    }

  /* Equal incomes mean half each (domain.md §3.4); with no income on either side that is the only
   * reading that treats both partners alike. */
  if (income_a == 0 && income_b == 0)
    weights[0] = weights[1] = 1;

  if (!dk_money_distribute (joint_capacity, weights, 2, parts, error))
    return FALSE;

  root = dk_breakdown_new_static (DK_BREAKDOWN_MONEY, "capacity.partner_split",
                                  N_("Joint repayment capacity split between partners"), joint_capacity, RULE_SPLIT);
  dk_breakdown_set_note_static (root, N_("No source states how a joint capacity is split over two sets of creditors. This is the best-known approximation: pro rata to each partner's net income, like the split of shared costs."));
  dk_breakdown_add_static (root, DK_BREAKDOWN_MONEY, "capacity.partner_split.income_a",
                           N_("First partner's net income"), income_a, N_("input"));
  dk_breakdown_add_static (root, DK_BREAKDOWN_MONEY, "capacity.partner_split.income_b",
                           N_("Second partner's net income"), income_b, N_("input"));
  dk_breakdown_add_static (root, DK_BREAKDOWN_MONEY, "capacity.partner_split.a",
                           N_("First partner's share"), parts[0], RULE_SPLIT);
  dk_breakdown_add_static (root, DK_BREAKDOWN_MONEY, "capacity.partner_split.b",
                           N_("Second partner's share"), parts[1], RULE_SPLIT);

  result->share_a = parts[0];
  result->share_b = parts[1];
  result->breakdown = root;

  return TRUE;
}

void
dk_capacity_split_clear (DkCapacitySplit *result)
{
  g_clear_pointer (&result->breakdown, dk_breakdown_unref);
  result->share_a = 0;
  result->share_b = 0;
}
