#include "config.h"

#include "dk-signal-report-json.h"

JsonNode *
dk_signal_report_to_json (const DkSignalReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (report != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "signals");
  json_builder_add_int_value (builder, report->n_signals);
  json_builder_set_member_name (builder, "signals_by_partner_type");
  json_builder_begin_object (builder);
  for (guint p = 0; p < DK_SIGNAL_N_PARTNERS; p++)
    {
      json_builder_set_member_name (builder, dk_signal_partner_to_ddas ((DkSignalPartner) p));
      json_builder_add_int_value (builder, report->signals_by_partner[p]);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "households");
  json_builder_add_int_value (builder, report->n_households);
  json_builder_set_member_name (builder, "cases");
  json_builder_add_int_value (builder, report->n_cases);
  json_builder_set_member_name (builder, "cases_reached");
  json_builder_add_int_value (builder, report->n_reached);
  json_builder_set_member_name (builder, "reach_rate_percent");
  json_builder_add_double_value (builder, dk_signal_report_reach_rate (report));
  json_builder_set_member_name (builder, "cases_by_result");
  json_builder_begin_object (builder);
  for (guint r = 0; r < DK_SIGNAL_N_RESULTS; r++)
    {
      json_builder_set_member_name (builder, dk_signal_result_to_ddas ((DkSignalResult) r));
      json_builder_add_int_value (builder, report->cases_by_result[r]);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "cases_without_result");
  json_builder_add_int_value (builder, report->n_without_result);
  json_builder_set_member_name (builder, "cases_picked_up");
  json_builder_add_int_value (builder, report->n_picked_up);
  json_builder_set_member_name (builder, "median_days_to_pick_up");
  if (report->n_picked_up > 0)
    json_builder_add_double_value (builder, report->median_days_to_pick_up);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
