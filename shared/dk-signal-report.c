#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dk-signal-report.h"

static int
compare_ints (const void *a,
              const void *b)
{
  int x = *(const int *) a;
  int y = *(const int *) b;

  return (x > y) - (x < y);
}

void
dk_signal_report_compute (const DkSignalPeriod *period,
                          DkSignalReport       *out_report)
{
  g_autoptr(GHashTable) households = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) earliest = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (int));

  g_return_if_fail (period != NULL && out_report != NULL);

  memset (out_report, 0, sizeof *out_report);
  for (guint s = 0; s < period->signals->len; s++)
    {
      const DkSignalPeriodSignal *entry = period->signals->pdata[s];
      char *key = dk_signal_match_household_key (entry->signal);
      const GDate *first;

      out_report->n_signals++;
      if ((guint) entry->signal->partner_type < DK_SIGNAL_N_PARTNERS)
        out_report->signals_by_partner[entry->signal->partner_type]++;
      if (key != NULL)
        g_hash_table_add (households, key);

      /* The earliest signal date of each case, for the time to pick-up. */
      if (!entry->matched)
        continue;
      first = g_hash_table_lookup (earliest, entry->case_);
      if (first == NULL || g_date_compare (&entry->signal->signal_date, first) < 0)
        g_hash_table_insert (earliest, entry->case_, (gpointer) &entry->signal->signal_date);
    }
  out_report->n_households = g_hash_table_size (households);

  for (guint c = 0; c < period->cases->len; c++)
    {
      const DkSignalPeriodCase *case_ = period->cases->pdata[c];
      const GDate *first = g_hash_table_lookup (earliest, case_);

      if (case_->kind == DK_SIGNAL_CASE_SET_ASIDE)
        continue;
      out_report->n_cases++;
      if (g_date_valid (&case_->first_contact_on))
        out_report->n_reached++;
      if (case_->has_result)
        out_report->cases_by_result[case_->result]++;
      else
        out_report->n_without_result++;
      if (g_date_valid (&case_->picked_up_on) && first != NULL)
        {
          /* A case picked up before its signal of this period (a later signal joining an open case)
           * counts as picked up at once. */
          int n = MAX (0, g_date_days_between (first, &case_->picked_up_on));

          g_array_append_val (days, n);
        }
    }

  out_report->n_picked_up = days->len;
  if (days->len > 0)
    {
      int *d = (int *) (void *) days->data;

      qsort (d, days->len, sizeof (int), compare_ints);
      out_report->median_days_to_pick_up = days->len % 2 == 1 ? d[days->len / 2]
                                                               : (d[days->len / 2 - 1] + d[days->len / 2]) / 2.0;
    }
}

double
dk_signal_report_reach_rate (const DkSignalReport *report)
{
  g_return_val_if_fail (report != NULL, 0);

  return report->n_cases == 0 ? 0 : 100.0 * report->n_reached / report->n_cases;
}
