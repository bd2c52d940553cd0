#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-money.h"
#include "dk-vtlb.h"

#define RULE_VTLB N_("Recofa method: VTLB = BVV + nominal amount")
#define RULE_PGL N_("Recofa PGL correction, since May 2021")
#define RULE_INDIVIDUAL N_("Recofa correctie individuele lasten, since May 2021; input")
#define RULE_TRAVEL N_("Recofa travel costs home–work, Nibud figures; input")
#define RULE_ADDITION N_("Recofa VTLB addition; input")
#define RULE_PARTNER_SPLIT N_("NVVK/Wsnp practice: shared costs pro rata to income")

/* 95% of a norm, as the BVV takes it (Rv 475da lid 2: 95% × A or B). */
#define BASE_SHARE_PPM 950000
#define PPM 1000000

G_DEFINE_QUARK (dk-vtlb-error-quark, dk_vtlb_error)

static gboolean
checked_add (gint64  a,
             gint64  b,
             gint64 *sum,
             GError **error)
{
  if (__builtin_add_overflow (a, b, sum) || *sum == G_MININT64)
    {
      g_set_error_literal (error, DK_VTLB_ERROR, DK_VTLB_ERROR_OUT_OF_RANGE,
                           _("The VTLB components add up to more than an amount can hold; check the amounts entered."));
      return FALSE;
    }
  return TRUE;
}

static gboolean
is_valid_item_id (const char *id)
{
  if (id == NULL || id[0] == '\0')
    return FALSE;
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

static void
norm_keys (DkSituation  situation,
           const char **regular_key,
           const char **pension_key)
{
  /* The Participatiewet has no separate single-parent norm (domain.md §1.1 notes), so a single parent
   * uses the single norms, as the BVV does. */
  if (DK_SITUATION_IS_COUPLE (situation))
    {
      *regular_key = "assistance_norm_couple";
      *pension_key = "assistance_norm_couple_pension_age";
    }
  else
    {
      *regular_key = "assistance_norm_single";
      *pension_key = "assistance_norm_single_pension_age";
    }
}

static void
note_source (DkBreakdown       *line,
             const DkNormTable *table,
             const char        *key)
{
  const char *source = dk_norm_table_get_source (table, key);

  if (source != NULL)
    dk_breakdown_set_note_interned (line, source);
}

gboolean
dk_vtlb_pension_age_correction (const DkNormTable *table,
                                DkSituation        situation,
                                guint              n_pension_age,
                                gint64            *out_cents,
                                DkBreakdown      **out_line,
                                GError           **error)
{
  const char *regular_key;
  const char *pension_key;
  gint64 regular_norm;
  gint64 pension_norm;
  gint64 regular_base;
  gint64 pension_base;
  gint64 correction;
  DkBreakdown *line;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (situation <= DK_SITUATION_COUPLE_WITH_CHILDREN, FALSE);
  g_return_val_if_fail (out_cents != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (n_pension_age > (DK_SITUATION_IS_COUPLE (situation) ? 2u : 1u))
    {
      g_set_error (error, DK_VTLB_ERROR, DK_VTLB_ERROR_INVALID_INPUT,
                   _("%u persons at pension age is more than a household of this kind has."),
                   n_pension_age);
      return FALSE;
    }

  if (n_pension_age == 0)
    {
      *out_cents = 0;
      if (out_line != NULL)
        {
          line = dk_breakdown_new_static (DK_BREAKDOWN_MONEY, "vtlb.pension_age",
                                          N_("Pension-age correction"), 0, RULE_PGL);
          dk_breakdown_set_note_static (line, N_("Nobody in the household has reached the pension age."));
          *out_line = line;
        }
      return TRUE;
    }

  norm_keys (situation, &regular_key, &pension_key);
  if (!dk_norm_table_get_amount (table, pension_key, &pension_norm, error) ||
      !dk_norm_table_get_amount (table, regular_key, &regular_norm, error))
    return FALSE;

  /* Rounding each 95% term on its own, like the BVV's 95% × norm, makes BVV + correction equal the
   * rounded 95% of the AOW-age norm to the cent. */
  pension_base = dk_money_mul_ratio (pension_norm, BASE_SHARE_PPM, PPM);
  regular_base = dk_money_mul_ratio (regular_norm, BASE_SHARE_PPM, PPM);
  correction = pension_base - regular_base;
  *out_cents = correction;

  if (out_line == NULL)
    return TRUE;

  line = dk_breakdown_new_static (DK_BREAKDOWN_MONEY, "vtlb.pension_age",
                                  N_("Pension-age correction"), correction, RULE_PGL);
  /* Pw art. 22 has one couple norm for "one or both" partners at pension age, so the correction is the
   * household's, not counted per person. */
  dk_breakdown_set_note_static (line,
                                DK_SITUATION_IS_COUPLE (situation)
                                /* xgettext:no-c-format */
                                ? N_("The BVV uses the norm below pension age; this adds the difference up to 95% of the couple norm for one or both partners at pension age.")
                                /* xgettext:no-c-format */
                                : N_("The BVV uses the norm below pension age; this adds the difference up to 95% of the norm at pension age."));
  dk_breakdown_add_static (line, DK_BREAKDOWN_COUNT, "vtlb.pension_age.persons",
                           N_("Persons at pension age"), n_pension_age, N_("input"));
  note_source (dk_breakdown_add_static (line, DK_BREAKDOWN_MONEY, "vtlb.pension_age.norm_pension",
                                        N_("Assistance norm at pension age"), pension_norm, "Pw art. 22"),
               table, pension_key);
  note_source (dk_breakdown_add_static (line, DK_BREAKDOWN_MONEY, "vtlb.pension_age.norm_regular",
                                        N_("Assistance norm from 21 to pension age"), regular_norm, "Pw art. 21"),
               table, regular_key);
  dk_breakdown_add_static (line, DK_BREAKDOWN_RATE, "vtlb.pension_age.share",
                           N_("Share of the norm"), BASE_SHARE_PPM, "Rv art. 475da lid 2");
  dk_breakdown_add_static (line, DK_BREAKDOWN_MONEY, "vtlb.pension_age.base_pension",
                           /* xgettext:no-c-format */
                           N_("95% of the norm at pension age"), pension_base, NULL);
  dk_breakdown_add_static (line, DK_BREAKDOWN_MONEY, "vtlb.pension_age.base_regular",
                           /* xgettext:no-c-format */
                           N_("95% of the norm from 21 to pension age"), regular_base, NULL);
  *out_line = line;

  return TRUE;
}

static gboolean
validate_input (const DkVtlbInput *input,
                GError           **error)
{
  if (input->bvv < 0)
    {
      g_set_error_literal (error, DK_VTLB_ERROR, DK_VTLB_ERROR_INVALID_INPUT,
                           _("The BVV cannot be negative."));
      return FALSE;
    }
  if (input->bvv_breakdown != NULL && dk_breakdown_get_value (input->bvv_breakdown) != input->bvv)
    {
      g_set_error_literal (error, DK_VTLB_ERROR, DK_VTLB_ERROR_INVALID_INPUT,
                           _("The BVV amount differs from the amount in its own breakdown; the two must come from the same calculation."));
      return FALSE;
    }
  if (input->travel_costs < 0)
    {
      g_set_error_literal (error, DK_VTLB_ERROR, DK_VTLB_ERROR_INVALID_INPUT,
                           _("Travel costs home–work cannot be negative."));
      return FALSE;
    }
  if (input->individual_costs_correction == G_MININT64)
    {
      g_set_error_literal (error, DK_VTLB_ERROR, DK_VTLB_ERROR_OUT_OF_RANGE,
                           _("The individual-costs correction is out of range."));
      return FALSE;
    }
  if (input->n_additions > 0 && input->additions == NULL)
    {
      g_set_error_literal (error, DK_VTLB_ERROR, DK_VTLB_ERROR_INVALID_INPUT,
                           _("Additions were counted but not given."));
      return FALSE;
    }

  for (gsize i = 0; i < input->n_additions; i++)
    {
      const DkVtlbAddition *item = &input->additions[i];

      if (!is_valid_item_id (item->id))
        {
          g_set_error (error, DK_VTLB_ERROR, DK_VTLB_ERROR_INVALID_INPUT,
                       _("Addition %zu has no valid key: use lower-case letters, digits and '_'."), i + 1);
          return FALSE;
        }
      for (gsize j = 0; j < i; j++)
        if (g_str_equal (input->additions[j].id, item->id))
          {
            g_set_error (error, DK_VTLB_ERROR, DK_VTLB_ERROR_INVALID_INPUT,
                         _("Additions %zu and %zu have the same key “%s”; each addition must be entered once."),
                         j + 1, i + 1, item->id);
            return FALSE;
          }
      if (item->label == NULL || item->label[0] == '\0')
        {
          g_set_error (error, DK_VTLB_ERROR, DK_VTLB_ERROR_INVALID_INPUT,
                       _("Addition %zu has no description."), i + 1);
          return FALSE;
        }
      if (item->reason == NULL || item->reason[0] == '\0')
        {
          g_set_error (error, DK_VTLB_ERROR, DK_VTLB_ERROR_INVALID_INPUT,
                       _("Addition %zu has no reason; the program knows no amount for it, so the basis must be recorded."),
                       i + 1);
          return FALSE;
        }
      if (item->amount < 0)
        {
          g_set_error (error, DK_VTLB_ERROR, DK_VTLB_ERROR_INVALID_INPUT,
                       _("Addition %zu is negative; an addition raises the VTLB."), i + 1);
          return FALSE;
        }
    }

  return TRUE;
}

gboolean
dk_vtlb_calculate (const DkNormTable *table,
                   const DkVtlbInput *input,
                   DkVtlbResult      *result,
                   GError           **error)
{
  /* A line's value is fixed when it is made, so the lines are collected first and the totals above
   * them are made once the sums are known. */
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_breakdown_unref);
  g_autoptr(GPtrArray) addition_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_breakdown_unref);
  DkBreakdown *root;
  DkBreakdown *line = NULL;
  gint64 pension_age = 0;
  gint64 individual = 0;
  gint64 additions_total = 0;
  gint64 vtlb;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (input->situation <= DK_SITUATION_COUPLE_WITH_CHILDREN, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_input (input, error))
    return FALSE;

  if (input->bvv_breakdown != NULL)
    g_ptr_array_add (lines, dk_breakdown_ref (input->bvv_breakdown));
  else
    g_ptr_array_add (lines, dk_breakdown_new_static (DK_BREAKDOWN_MONEY, "vtlb.bvv",
                                                     N_("Garnishment-free amount (BVV)"), input->bvv, N_("input")));
  vtlb = input->bvv;

  if (!dk_vtlb_pension_age_correction (table, input->situation, input->n_pension_age,
                                       &pension_age, &line, error))
    return FALSE;
  g_ptr_array_add (lines, line);
  if (!checked_add (vtlb, pension_age, &vtlb, error))
    return FALSE;

  if (input->individual_costs_compared)
    individual = input->individual_costs_correction;
  line = dk_breakdown_new_static (DK_BREAKDOWN_MONEY, "vtlb.individual_costs",
                                  N_("Individual-costs correction"), individual, RULE_INDIVIDUAL);
  if (input->individual_costs_compared)
    dk_breakdown_set_note_static (line, N_("Real health premium, housing costs and missing kindgebonden budget compared with the compensation already inside the BVV; the difference may be negative."));
  else if (input->individual_costs_correction != 0)
    dk_breakdown_set_note_static (line, N_("Not applied: not all three parts (health premium, housing costs, kindgebonden budget) were compared, so the amount entered is not used."));
  else
    dk_breakdown_set_note_static (line, N_("Not applied: not all three parts (health premium, housing costs, kindgebonden budget) were compared."));
  g_ptr_array_add (lines, line);
  if (!checked_add (vtlb, individual, &vtlb, error))
    return FALSE;

  line = dk_breakdown_new_static (DK_BREAKDOWN_MONEY, "vtlb.travel", N_("Travel costs home–work"),
                                  input->travel_costs, RULE_TRAVEL);
  dk_breakdown_set_note_static (line, N_("The program does not know the current Nibud figures for travel costs; this amount was entered by the worker."));
  g_ptr_array_add (lines, line);
  if (!checked_add (vtlb, input->travel_costs, &vtlb, error))
    return FALSE;

  for (gsize i = 0; i < input->n_additions; i++)
    {
      const DkVtlbAddition *item = &input->additions[i];
      g_autofree char *id = g_strconcat ("vtlb.addition.", item->id, NULL);

      line = dk_breakdown_new (DK_BREAKDOWN_MONEY, id, item->label, item->amount, N_("input"));
      dk_breakdown_set_note (line, item->reason);
      g_ptr_array_add (addition_lines, line);
      if (!checked_add (additions_total, item->amount, &additions_total, error))
        return FALSE;
    }
  line = dk_breakdown_new_static (DK_BREAKDOWN_MONEY, "vtlb.additions", N_("Other additions"), additions_total,
                                  RULE_ADDITION);
  if (input->n_additions == 0)
    dk_breakdown_set_note_static (line, N_("None entered. The program knows no amounts for work allowance, reserve allowance, school costs or childcare."));
  for (guint i = 0; i < addition_lines->len; i++)
    dk_breakdown_append (line, dk_breakdown_ref (g_ptr_array_index (addition_lines, i)));
  g_ptr_array_add (lines, line);
  if (!checked_add (vtlb, additions_total, &vtlb, error))
    return FALSE;

  if (vtlb < 0)
    {
      g_set_error_literal (error, DK_VTLB_ERROR, DK_VTLB_ERROR_INVALID_INPUT,
                           _("The negative individual-costs correction is larger than the rest of the VTLB; check the amounts compared."));
      return FALSE;
    }

  root = dk_breakdown_new_static (DK_BREAKDOWN_MONEY, "vtlb", N_("VTLB (amount left free)"), vtlb, RULE_VTLB);
  for (guint i = 0; i < lines->len; i++)
    dk_breakdown_append (root, dk_breakdown_ref (g_ptr_array_index (lines, i)));

  result->vtlb = vtlb;
  result->pension_age_correction = pension_age;
  result->breakdown = root;
  result->norm_table_id = g_strdup (dk_norm_table_get_id (table));

  return TRUE;
}

void
dk_vtlb_result_clear (DkVtlbResult *result)
{
  g_clear_pointer (&result->breakdown, dk_breakdown_unref);
  g_clear_pointer (&result->norm_table_id, g_free);
  result->vtlb = 0;
  result->pension_age_correction = 0;
}

gboolean
dk_vtlb_split_shared_cost (gint64           cost,
                           gint64           debtor_income,
                           gint64           partner_income,
                           DkVtlbCostSplit *result,
                           GError         **error)
{
  gint64 weights[2] = { debtor_income, partner_income };
  gint64 parts[2];
  DkBreakdown *root;

  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (cost < 0)
    {
      g_set_error_literal (error, DK_VTLB_ERROR, DK_VTLB_ERROR_INVALID_INPUT,
                           _("A shared cost to split between partners cannot be negative."));
      return FALSE;
    }
  if (debtor_income < 0 || partner_income < 0)
    {
      g_set_error_literal (error, DK_VTLB_ERROR, DK_VTLB_ERROR_INVALID_INPUT,
                           _("A partner's net income cannot be negative when splitting shared costs."));
      return FALSE;
    }

  /* Equal incomes mean half each; with no income on either side that is the only fair reading. */
  if (debtor_income == 0 && partner_income == 0)
    weights[0] = weights[1] = 1;

  if (!dk_money_distribute (cost, weights, 2, parts, error))
    return FALSE;

  root = dk_breakdown_new_static (DK_BREAKDOWN_MONEY, "vtlb.partner_split", N_("Shared cost split between partners"),
                                  cost, RULE_PARTNER_SPLIT);
  dk_breakdown_set_note_static (root, N_("Split pro rata to net income: NVVK/Wsnp practice, not a statutory rule. Equal incomes give half each."));
  dk_breakdown_add_static (root, DK_BREAKDOWN_MONEY, "vtlb.partner_split.debtor_income",
                           N_("Debtor's net income"), debtor_income, N_("input"));
  dk_breakdown_add_static (root, DK_BREAKDOWN_MONEY, "vtlb.partner_split.partner_income",
                           N_("Partner's net income"), partner_income, N_("input"));
  dk_breakdown_add_static (root, DK_BREAKDOWN_MONEY, "vtlb.partner_split.debtor",
                           N_("Debtor's share"), parts[0], RULE_PARTNER_SPLIT);
  dk_breakdown_add_static (root, DK_BREAKDOWN_MONEY, "vtlb.partner_split.partner",
                           N_("Partner's share"), parts[1], RULE_PARTNER_SPLIT);

  result->debtor_share = parts[0];
  result->partner_share = parts[1];
  result->breakdown = root;

  return TRUE;
}

void
dk_vtlb_cost_split_clear (DkVtlbCostSplit *result)
{
  g_clear_pointer (&result->breakdown, dk_breakdown_unref);
  result->debtor_share = 0;
  result->partner_share = 0;
}
