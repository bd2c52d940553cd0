#include "config.h"

#include <string.h>

#include "dk-date.h"
#include "dk-signal-feedback.h"

void
dk_signal_feedback_input_for (const DkSignalPeriodSignal *signal,
                              const GDate                *month_end,
                              DkSignalFeedbackInput      *out_input)
{
  const DkSignalPeriodCase *case_ = signal->case_;

  memset (out_input, 0, sizeof *out_input);
  out_input->matched = signal->matched && case_ != NULL;
  out_input->repeat = out_input->matched && signal->link_status == DK_SIGNAL_LINK_REPEAT;
  out_input->set_aside = out_input->matched && signal->link_status == DK_SIGNAL_LINK_SET_ASIDE;
  out_input->has_brp_result = signal->has_brp_result;
  out_input->brp_result = signal->brp_result;
  if (!out_input->matched)
    return;
  out_input->has_case_result = case_->has_result && g_date_valid (&case_->result_on) &&
                               g_date_compare (&case_->result_on, month_end) <= 0;
  out_input->case_result = case_->result;
  out_input->picked_up = g_date_valid (&case_->picked_up_on) && g_date_compare (&case_->picked_up_on, month_end) <= 0;
}

static void
append_field (GString    *csv,
              const char *text)
{
  if (text == NULL)
    return;
  if (strpbrk (text, ";\"\r\n") == NULL)
    {
      g_string_append (csv, text);
      return;
    }
  g_string_append_c (csv, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (csv, '"');
      g_string_append_c (csv, *p);
    }
  g_string_append_c (csv, '"');
}

char *
dk_signal_feedback_csv (const DkSignalPeriod *period,
                        const GDate          *month_end)
{
  GString *csv = g_string_new ("partner_name;partner_reference;signal_date;feedback;ddas_result\n");

  g_return_val_if_fail (period != NULL && month_end != NULL, NULL);

  for (guint s = 0; s < period->signals->len; s++)
    {
      const DkSignalPeriodSignal *entry = period->signals->pdata[s];
      g_autofree char *date = dk_date_format_iso (&entry->signal->signal_date);
      DkSignalFeedbackInput input;
      DkSignalFeedbackKind kind;
      DkSignalResult result = DK_SIGNAL_RESULT_OTHER_REASON;

      dk_signal_feedback_input_for (entry, month_end, &input);
      kind = dk_signal_feedback_decide (&input, &result);
      append_field (csv, entry->signal->partner_name);
      g_string_append_c (csv, ';');
      append_field (csv, entry->signal->partner_reference);
      g_string_append_c (csv, ';');
      g_string_append (csv, date);
      g_string_append_c (csv, ';');
      g_string_append (csv, dk_signal_feedback_kind_to_string (kind));
      g_string_append_c (csv, ';');
      if (kind == DK_SIGNAL_FEEDBACK_RESULT)
        append_field (csv, dk_signal_result_to_ddas (result));
      g_string_append_c (csv, '\n');
    }
  return g_string_free (csv, FALSE);
}
