#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-calculation-repo.h"
#include "dk-date.h"
#include "dk-debt.h"
#include "dk-dossier-calculation.h"
#include "dk-dossier-repo.h"
#include "dk-fixed-cost.h"
#include "dk-household.h"
#include "dk-income.h"
#include "dk-money.h"

G_DEFINE_QUARK (dk-dossier-calculation-error-quark, dk_dossier_calculation_error)

/* The calculation's income kinds are coarser than the dossier's income sources. */
static const char *
income_kind (DkIncomeSource source)
{
  switch (source)
    {
    case DK_INCOME_SOURCE_EMPLOYMENT: return "wage";
    case DK_INCOME_SOURCE_SELF_EMPLOYMENT: return "self_employment";
    case DK_INCOME_SOURCE_BENEFIT: return "benefit";
    case DK_INCOME_SOURCE_PENSION: return "pension";
    case DK_INCOME_SOURCE_ALLOWANCE: return "allowance";
    case DK_INCOME_SOURCE_CHILD_BENEFIT: return "allowance";
    case DK_INCOME_SOURCE_MAINTENANCE: return "maintenance";
    case DK_INCOME_SOURCE_OTHER: return "other";
    default: g_return_val_if_reached ("other");
    }
}

static gboolean
debt_is_open (const DkDebt *debt)
{
  const DkDebtStatusEntry *current = dk_debt_get_current_status (debt);

  return current == NULL ||
         (current->status != DK_DEBT_STATUS_PAID &&
          current->status != DK_DEBT_STATUS_WRITTEN_OFF &&
          current->status != DK_DEBT_STATUS_TRANSFERRED);
}

static void
add_person (JsonBuilder *b,
            const char  *id,
            const char  *role)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "role");
  json_builder_add_string_value (b, role);
  json_builder_end_object (b);
}

JsonNode *
dk_dossier_calculation_input (DkStore      *store,
                              const char   *dossier_id,
                              const GDate  *date,
                              GError      **error)
{
  g_autoptr(DkHouseholdTimeline) timeline = NULL;
  g_autoptr(DkHouseholdSituation) situation = NULL;
  g_autoptr(GPtrArray) incomes = NULL;
  g_autoptr(GPtrArray) costs = NULL;
  g_autoptr(GPtrArray) debts = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new_immutable ();
  g_autofree char *date_text = NULL;
  const char *client_id;
  const char *partner_id = NULL;
  gboolean has_benefit = FALSE;
  gboolean has_earnings = FALSE;
  gboolean gross_known = TRUE;
  gint64 taxable_year = 0;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);
  g_return_val_if_fail (dossier_id != NULL, NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  if ((timeline = dk_dossier_repo_load_timeline (store, dossier_id, error)) == NULL ||
      (situation = dk_household_situation_on (timeline, date, error)) == NULL ||
      (incomes = dk_dossier_repo_load_incomes (store, dossier_id, date, error)) == NULL ||
      (costs = dk_dossier_repo_load_fixed_costs (store, dossier_id, date, error)) == NULL ||
      (debts = dk_dossier_repo_load_debts (store, dossier_id, date, error)) == NULL)
    return NULL;

  client_id = dk_household_timeline_get_client_id (timeline);
  if (situation->relation.partner_in_household)
    partner_id = situation->relation.partner_id;

  date_text = dk_date_format_iso (date);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "calculation_date");
  json_builder_add_string_value (b, date_text);
  json_builder_set_member_name (b, "situation");
  json_builder_add_string_value (b, dk_situation_to_string (situation->situation));

  json_builder_set_member_name (b, "persons");
  json_builder_begin_array (b);
  add_person (b, client_id, "client");
  if (partner_id != NULL)
    add_person (b, partner_id, "partner");
  json_builder_end_array (b);

  /* Only the client's and the partner's incomes are the household's income for the settlement. */
  json_builder_set_member_name (b, "incomes");
  json_builder_begin_array (b);
  for (guint i = 0; i < incomes->len; i++)
    {
      const DkIncome *income = g_ptr_array_index (incomes, i);
      gint64 gross_monthly = 0;

      if (g_strcmp0 (income->person_id, client_id) != 0 && g_strcmp0 (income->person_id, partner_id) != 0)
        continue;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "person");
      json_builder_add_string_value (b, income->person_id);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, income_kind (income->source));
      json_builder_set_member_name (b, "net_monthly_cents");
      json_builder_add_int_value (b, dk_income_get_net_monthly (income));
      json_builder_end_object (b);

      has_benefit |= income->source == DK_INCOME_SOURCE_BENEFIT;
      has_earnings |= income->source == DK_INCOME_SOURCE_EMPLOYMENT ||
                      income->source == DK_INCOME_SOURCE_SELF_EMPLOYMENT ||
                      income->source == DK_INCOME_SOURCE_PENSION;
      /* Allowances and child benefits are not taxable income (C in Rv 475da). */
      if (income->source == DK_INCOME_SOURCE_ALLOWANCE || income->source == DK_INCOME_SOURCE_CHILD_BENEFIT)
        continue;
      if (dk_income_get_gross_monthly (income, &gross_monthly))
        taxable_year += gross_monthly * 12;
      else
        gross_known = FALSE;
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "costs");
  json_builder_begin_array (b);
  for (guint i = 0; i < costs->len; i++)
    {
      const DkFixedCost *cost = g_ptr_array_index (costs, i);

      json_builder_begin_object (b);
      if (cost->person_id != NULL &&
          (g_strcmp0 (cost->person_id, client_id) == 0 || g_strcmp0 (cost->person_id, partner_id) == 0))
        {
          json_builder_set_member_name (b, "person");
          json_builder_add_string_value (b, cost->person_id);
        }
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, dk_fixed_cost_kind_to_string (cost->kind));
      json_builder_set_member_name (b, "monthly_cents");
      json_builder_add_int_value (b, cost->monthly_cents);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  /* A household living on a benefit (allowances beside it do not count) is under Rv 475dc lid 2, the
   * benefit payer's rule; anyone else needs the yearly taxable income, taken here as the gross
   * incomes on a yearly basis. */
  json_builder_set_member_name (b, "bvv");
  json_builder_begin_object (b);
  if (has_benefit && !has_earnings)
    {
      json_builder_set_member_name (b, "benefit_payer");
      json_builder_add_boolean_value (b, TRUE);
    }
  else if (gross_known)
    {
      json_builder_set_member_name (b, "taxable_income_year_cents");
      json_builder_add_int_value (b, taxable_year);
    }
  else
    {
      g_set_error_literal (error, DK_DOSSIER_CALCULATION_ERROR, DK_DOSSIER_CALCULATION_ERROR_NEEDS_GROSS,
                           _("The BVV needs the yearly taxable income: enter the gross amount of every income "
                             "of the client and the partner."));
      return NULL;
    }
  json_builder_end_object (b);

  /* A debt shared with a former partner's dossier counts for this dossier's share only. */
  json_builder_set_member_name (b, "debts");
  json_builder_begin_array (b);
  for (guint i = 0; i < debts->len; i++)
    {
      const DkDebt *debt = g_ptr_array_index (debts, i);
      gint64 amount = dk_money_mul_ratio (debt->current_cents, debt->share_ppm, 1000000);

      if (!debt_is_open (debt) || amount <= 0)
        continue;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, debt->id);
      json_builder_set_member_name (b, "creditor");
      json_builder_add_string_value (b, debt->creditor_name);
      json_builder_set_member_name (b, "amount_cents");
      json_builder_add_int_value (b, amount);
      json_builder_set_member_name (b, "preferential");
      json_builder_add_boolean_value (b, debt->rank == DK_DEBT_RANK_PREFERENTIAL);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);

  return json_builder_get_root (b);
}

gboolean
dk_dossier_recalculate (DkStore              *store,
                        DkNormSet            *norms,
                        const char           *dossier_id,
                        const GDate          *date,
                        DkCalculationResult  *result,
                        char                **out_record_id,
                        GError              **error)
{
  g_autoptr(JsonNode) input_node = NULL;
  g_autoptr(JsonNode) result_node = NULL;
  g_autoptr(DkCalculationInput) input = NULL;
  g_auto(DkCalculationResult) out = { 0 };
  g_autofree char *inputs_json = NULL;
  g_autofree char *result_json = NULL;
  g_autofree char *record_id = NULL;

  if ((input_node = dk_dossier_calculation_input (store, dossier_id, date, error)) == NULL ||
      (input = dk_calculation_input_from_json (input_node, error)) == NULL ||
      !dk_calculation_run (norms, input, &out, error))
    return FALSE;

  result_node = dk_calculation_result_to_json (&out);
  inputs_json = json_to_string (input_node, FALSE);
  result_json = json_to_string (result_node, FALSE);

  if (!dk_calculation_repo_record (store, dossier_id, date, out.norm_table_id, inputs_json, result_json,
                                   &record_id, error))
    return FALSE;

  if (out_record_id != NULL)
    *out_record_id = g_steal_pointer (&record_id);
  if (result != NULL)
    {
      *result = out;
      memset (&out, 0, sizeof out);
    }

  return TRUE;
}

/* The facts a calculation rests on, without the date it was made for. */
static JsonNode *
facts_of (const char *inputs_json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, inputs_json, -1, NULL))
    return NULL;

  root = json_node_copy (json_parser_get_root (parser));
  if (JSON_NODE_HOLDS_OBJECT (root))
    json_object_remove_member (json_node_get_object (root), "calculation_date");
  return root;
}

gboolean
dk_dossier_recalculate_if_changed (DkStore      *store,
                                   DkNormSet    *norms,
                                   const char   *dossier_id,
                                   const GDate  *date,
                                   gboolean     *recorded,
                                   GError      **error)
{
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(JsonNode) input_node = NULL;
  g_autofree char *inputs_json = NULL;
  const DkNormTable *table;

  if (recorded != NULL)
    *recorded = FALSE;

  if ((history = dk_calculation_repo_list (store, dossier_id, error)) == NULL ||
      (input_node = dk_dossier_calculation_input (store, dossier_id, date, error)) == NULL ||
      (table = dk_norm_set_lookup (norms, date, error)) == NULL)
    return FALSE;

  if (history->len > 0)
    {
      const DkCalculationRecord *last = g_ptr_array_index (history, history->len - 1);
      g_autoptr(JsonNode) last_facts = facts_of (last->inputs_json);
      g_autoptr(JsonNode) facts = NULL;

      inputs_json = json_to_string (input_node, FALSE);
      facts = facts_of (inputs_json);
      if (last_facts != NULL && json_node_equal (facts, last_facts) &&
          g_strcmp0 (last->norm_table_id, dk_norm_table_get_id (table)) == 0)
        return TRUE;
    }

  if (!dk_dossier_recalculate (store, norms, dossier_id, date, NULL, NULL, error))
    return FALSE;

  if (recorded != NULL)
    *recorded = TRUE;
  return TRUE;
}
