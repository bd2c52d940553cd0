#include "config.h"

#include "dk-calculation.h"

/* Recalculations per second over generated households (issue target: > 100,000/s on one core).
 * Inputs are parsed once up front: the figure is the calculation itself (BVV → VTLB → capacity →
 * proposal with its full breakdown), as a worker's client or the server runs it on every change.
 *   meson test -C build --benchmark --suite bench -v      or      build/tests/bench/bench-calc [N] */

static const char *situations[] = { "single", "single_parent", "couple", "couple_with_children" };

static DkCalculationInput *
generate (GRand *rand)
{
  g_autoptr(GString) json = g_string_new (NULL);
  const char *situation = situations[g_rand_int_range (rand, 0, 4)];
  gboolean benefit = g_rand_boolean (rand);
  guint n_debts = g_rand_int_range (rand, 1, 12);

  g_string_append_printf (json, "{\"calculation_date\": \"2026-%02d-15\", \"situation\": \"%s\",",
                          g_rand_int_range (rand, 1, 13), situation);
  g_string_append_printf (json, "\"incomes\": [{\"kind\": \"%s\", \"net_monthly_cents\": %d}],",
                          benefit ? "benefit" : "wage", g_rand_int_range (rand, 80000, 450000));
  g_string_append_printf (json, "\"costs\": [{\"kind\": \"rent\", \"monthly_cents\": %d}],",
                          g_rand_int_range (rand, 40000, 130000));
  if (benefit)
    g_string_append (json, "\"bvv\": {\"benefit_payer\": true},");
  else
    g_string_append_printf (json, "\"bvv\": {\"taxable_income_year_cents\": %d},",
                            g_rand_int_range (rand, 0, 9000000));
  g_string_append (json, "\"debts\": [");
  for (guint i = 0; i < n_debts; i++)
    g_string_append_printf (json, "%s{\"creditor\": \"C%u\", \"amount_cents\": %d, \"preferential\": %s}",
                            i ? "," : "", i, g_rand_int_range (rand, 1000, 2000000),
                            g_rand_int_range (rand, 0, 5) == 0 ? "true" : "false");
  g_string_append (json, "]}");

  return dk_calculation_input_from_data (json->str, json->len, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(DkNormSet) norms = NULL;
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_calculation_input_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 100000;
  gint64 start, elapsed, checksum = 0;
  guint failed = 0;

  norms = dk_norm_set_get_default (NULL);
  g_assert_nonnull (norms);

  for (guint i = 0; i < n; i++)
    {
      DkCalculationInput *input = generate (rand);

      g_assert_nonnull (input);
      g_ptr_array_add (inputs, input);
    }

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      g_auto(DkCalculationResult) result = { 0 };

      if (dk_calculation_run (norms, g_ptr_array_index (inputs, i), &result, NULL))
        checksum += result.capacity;
      else
        failed++;
    }
  elapsed = g_get_monotonic_time () - start;

  g_print ("households:            %u (%u refused)\n", n, failed);
  g_print ("time:                  %.3f s\n", elapsed / 1e6);
  g_print ("recalculations/s:      %.0f\n", n / (elapsed / 1e6));
  g_print ("per recalculation:     %.2f µs\n", (double) elapsed / n);
  g_print ("ratio to target:       %.2f (target 100000/s)\n", (n / (elapsed / 1e6)) / 100000.0);
  g_print ("checksum:              %" G_GINT64_FORMAT "\n", checksum);

  return 0;
}
