#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-fixed-cost.h"

G_DEFINE_QUARK (dk-fixed-cost-error-quark, dk_fixed_cost_error)

static const char *kind_names[] = {
  [DK_FIXED_COST_RENT] = "rent",
  [DK_FIXED_COST_MORTGAGE] = "mortgage",
  [DK_FIXED_COST_HEALTH_PREMIUM] = "health_premium",
  [DK_FIXED_COST_CHILDCARE] = "childcare",
  [DK_FIXED_COST_TRAVEL] = "travel",
  [DK_FIXED_COST_MAINTENANCE] = "maintenance",
  [DK_FIXED_COST_ENERGY] = "energy",
  [DK_FIXED_COST_WATER] = "water",
  [DK_FIXED_COST_INSURANCE] = "insurance",
  [DK_FIXED_COST_OTHER] = "other",
};

const char *
dk_fixed_cost_kind_to_string (DkFixedCostKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (kind_names), NULL);
  return kind_names[kind];
}

gboolean
dk_fixed_cost_kind_from_string (const char      *text,
                                DkFixedCostKind *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (g_strcmp0 (text, kind_names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }

  return FALSE;
}

DkFixedCost *
dk_fixed_cost_new (DkFixedCostKind  kind,
                   gint64           monthly_cents,
                   const GDate     *valid_from)
{
  DkFixedCost *cost = g_new0 (DkFixedCost, 1);

  cost->kind = kind;
  cost->monthly_cents = monthly_cents;
  g_date_clear (&cost->valid_from, 1);
  g_date_clear (&cost->valid_to, 1);
  if (valid_from != NULL && g_date_valid (valid_from))
    cost->valid_from = *valid_from;

  return cost;
}

DkFixedCost *
dk_fixed_cost_copy (const DkFixedCost *cost)
{
  DkFixedCost *copy;

  g_return_val_if_fail (cost != NULL, NULL);

  copy = g_new0 (DkFixedCost, 1);
  *copy = *cost;
  copy->id = g_strdup (cost->id);
  copy->dossier_id = g_strdup (cost->dossier_id);
  copy->person_id = g_strdup (cost->person_id);
  copy->description = g_strdup (cost->description);
  copy->created_at = g_strdup (cost->created_at);
  copy->updated_at = g_strdup (cost->updated_at);

  return copy;
}

void
dk_fixed_cost_free (DkFixedCost *cost)
{
  if (cost == NULL)
    return;

  g_free (cost->id);
  g_free (cost->dossier_id);
  g_free (cost->person_id);
  g_free (cost->description);
  g_free (cost->created_at);
  g_free (cost->updated_at);
  g_free (cost);
}

gboolean
dk_fixed_cost_validate (const DkFixedCost  *cost,
                        GError            **error)
{
  g_return_val_if_fail (cost != NULL, FALSE);

  if (cost->kind > DK_FIXED_COST_OTHER)
    {
      g_set_error_literal (error, DK_FIXED_COST_ERROR, DK_FIXED_COST_ERROR_INVALID,
                           _("The kind of fixed cost is unknown."));
      return FALSE;
    }

  if (cost->monthly_cents < 0
      || (cost->has_parts && (cost->rent_basic_cents < 0 || cost->rent_service_cents < 0
                              || cost->mortgage_interest_cents < 0 || cost->mortgage_repayment_cents < 0)))
    {
      g_set_error_literal (error, DK_FIXED_COST_ERROR, DK_FIXED_COST_ERROR_INVALID,
                           _("A fixed cost cannot be negative."));
      return FALSE;
    }

  if (cost->has_parts)
    {
      gint64 a, b;

      if (cost->kind == DK_FIXED_COST_RENT && cost->mortgage_interest_cents == 0
          && cost->mortgage_repayment_cents == 0)
        {
          a = cost->rent_basic_cents;
          b = cost->rent_service_cents;
        }
      else if (cost->kind == DK_FIXED_COST_MORTGAGE && cost->rent_basic_cents == 0
               && cost->rent_service_cents == 0)
        {
          a = cost->mortgage_interest_cents;
          b = cost->mortgage_repayment_cents;
        }
      else
        {
          g_set_error_literal (error, DK_FIXED_COST_ERROR, DK_FIXED_COST_ERROR_PARTS,
                               _("Only rent splits into basic rent and service costs, and only a mortgage into "
                                 "interest and repayment."));
          return FALSE;
        }

      /* Each part is at most the whole before they are added, so the sum cannot overflow. */
      if (a > cost->monthly_cents || b > cost->monthly_cents || a + b > cost->monthly_cents)
        {
          g_set_error_literal (error, DK_FIXED_COST_ERROR, DK_FIXED_COST_ERROR_PARTS,
                               cost->kind == DK_FIXED_COST_RENT
                               ? _("Basic rent and service costs together exceed the monthly rent.")
                               : _("Mortgage interest and repayment together exceed the monthly housing cost."));
          return FALSE;
        }
    }

  if (!g_date_valid (&cost->valid_from))
    {
      g_set_error_literal (error, DK_FIXED_COST_ERROR, DK_FIXED_COST_ERROR_INVALID,
                           _("A fixed cost needs the date from which it is paid."));
      return FALSE;
    }

  if (g_date_valid (&cost->valid_to) && g_date_compare (&cost->valid_to, &cost->valid_from) < 0)
    {
      g_set_error_literal (error, DK_FIXED_COST_ERROR, DK_FIXED_COST_ERROR_PERIOD,
                           _("A fixed cost cannot end before it starts."));
      return FALSE;
    }

  return TRUE;
}

gboolean
dk_fixed_cost_is_valid_on (const DkFixedCost *cost,
                           const GDate       *date)
{
  g_return_val_if_fail (cost != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  if (!g_date_valid (&cost->valid_from) || g_date_compare (date, &cost->valid_from) < 0)
    return FALSE;

  return !g_date_valid (&cost->valid_to) || g_date_compare (date, &cost->valid_to) <= 0;
}
