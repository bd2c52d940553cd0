#include "config.h"

#include "dk-date.h"
#include "dk-history-chart.h"

static gboolean have_display;

static GArray *
make_points (const DkHistoryPoint *points,
             guint                 n_points)
{
  GArray *array = g_array_new (FALSE, FALSE, sizeof (DkHistoryPoint));

  g_array_append_vals (array, points, n_points);
  return array;
}

static DkHistoryPoint
point (GDateYear  year,
       GDateMonth month,
       GDateDay   day,
       gint64     cents)
{
  return (DkHistoryPoint) { .date = dk_date_ymd (year, month, day), .cents = cents };
}

static gboolean
is_nice_step (gint64 step)
{
  if (step < 100)
    return FALSE;
  while (step % 10 == 0)
    step /= 10;
  return step == 1 || step == 2 || step == 5;
}

/* What every scale must satisfy, whatever the data: the values lie inside the range, the range ends
 * on whole ticks of a nice step, and there are neither too few nor too many ticks to label. */
static void
assert_scale_holds (const DkChartScale *scale,
                    gint64              lo,
                    gint64              hi)
{
  g_assert_true (is_nice_step (scale->step_cents));
  g_assert_cmpint (scale->min_cents, >=, 0);
  g_assert_cmpint (scale->min_cents, <=, lo);
  g_assert_cmpint (scale->max_cents, >=, MIN (hi, DK_CHART_MAX_CENTS));
  g_assert_cmpint (scale->min_cents % scale->step_cents, ==, 0);
  g_assert_cmpint (scale->max_cents % scale->step_cents, ==, 0);
  g_assert_cmpint (scale->n_ticks, >=, 4);
  g_assert_cmpint (scale->n_ticks, <=, 8);
  g_assert_cmpint (dk_chart_scale_tick (scale, scale->n_ticks - 1), ==, scale->max_cents);
}

static void
test_scale_rounding (void)
{
  DkHistoryPoint capacity[] = {
    point (2026, 3, 1, 12000), point (2026, 6, 1, 15000), point (2026, 11, 1, 24550),
  };
  g_autoptr(GArray) series = make_points (capacity, G_N_ELEMENTS (capacity));
  DkChartScale scale;

  dk_history_chart_compute_scale (&series, 1, &scale);

  /* € 120,00 .. € 245,50 in steps of € 50 */
  g_assert_cmpint (scale.step_cents, ==, 5000);
  g_assert_cmpint (scale.min_cents, ==, 10000);
  g_assert_cmpint (scale.max_cents, ==, 25000);
  g_assert_cmpuint (scale.n_ticks, ==, 4);
  g_assert_cmpint (dk_chart_scale_tick (&scale, 0), ==, 10000);
  g_assert_cmpint (dk_chart_scale_tick (&scale, 1), ==, 15000);
  g_assert_cmpint (dk_chart_scale_tick (&scale, 3), ==, 25000);
  g_assert_cmpuint (scale.first_julian, ==, g_date_get_julian (&capacity[0].date));
  g_assert_cmpuint (scale.last_julian, ==, g_date_get_julian (&capacity[2].date));
  assert_scale_holds (&scale, 12000, 24550);
}

static void
test_scale_two_series (void)
{
  DkHistoryPoint capacity[] = { point (2026, 3, 1, 12000), point (2026, 11, 1, 24550) };
  DkHistoryPoint vtlb[] = { point (2026, 1, 15, 152000), point (2026, 12, 1, 158075) };
  g_autoptr(GArray) a = make_points (capacity, G_N_ELEMENTS (capacity));
  g_autoptr(GArray) b = make_points (vtlb, G_N_ELEMENTS (vtlb));
  GArray *series[] = { a, NULL, b };
  DkChartScale scale;

  dk_history_chart_compute_scale (series, G_N_ELEMENTS (series), &scale);

  g_assert_cmpint (scale.step_cents, ==, 50000);
  g_assert_cmpint (scale.min_cents, ==, 0);
  g_assert_cmpint (scale.max_cents, ==, 200000);
  g_assert_cmpuint (scale.first_julian, ==, g_date_get_julian (&vtlb[0].date));
  g_assert_cmpuint (scale.last_julian, ==, g_date_get_julian (&vtlb[1].date));
  assert_scale_holds (&scale, 12000, 158075);
}

static void
test_scale_ticks_for_many_ranges (void)
{
  /* Ranges from a few cents to millions of euros, starting near zero and far from it. */
  static const gint64 lows[] = { 0, 1, 99, 12345, 150000, 9999999, 123456789 };
  static const gint64 spans[] = { 0, 1, 50, 999, 10000, 10001, 33333, 250000, 7777777, 100000000000 };

  for (guint i = 0; i < G_N_ELEMENTS (lows); i++)
    for (guint j = 0; j < G_N_ELEMENTS (spans); j++)
      {
        DkHistoryPoint points[] = {
          point (2025, 1, 1, lows[i]), point (2025, 7, 1, lows[i] + spans[j]),
        };
        g_autoptr(GArray) series = make_points (points, G_N_ELEMENTS (points));
        DkChartScale scale;

        dk_history_chart_compute_scale (&series, 1, &scale);
        assert_scale_holds (&scale, lows[i], lows[i] + spans[j]);
      }
}

static void
test_scale_one_point (void)
{
  DkHistoryPoint only[] = { point (2026, 3, 1, 123456) };
  g_autoptr(GArray) series = make_points (only, 1);
  DkChartScale scale;
  double y;

  dk_history_chart_compute_scale (&series, 1, &scale);

  assert_scale_holds (&scale, 123456, 123456);
  g_assert_cmpuint (scale.first_julian, ==, scale.last_julian);
  /* A single date sits in the middle, not at an edge. */
  g_assert_cmpfloat_with_epsilon (dk_chart_scale_x (&scale, scale.first_julian, 300), 150, 1e-9);
  /* The amount is near the middle of a range padded on both sides. */
  y = dk_chart_scale_y (&scale, 123456, 100);
  g_assert_cmpfloat (y, >, 25);
  g_assert_cmpfloat (y, <, 75);
}

static void
test_scale_equal_values (void)
{
  DkHistoryPoint equal[] = {
    point (2026, 1, 1, 180000), point (2026, 2, 1, 180000), point (2026, 3, 1, 180000),
  };
  DkHistoryPoint nearly[] = { point (2026, 1, 1, 180000), point (2026, 2, 1, 180050) };
  g_autoptr(GArray) a = make_points (equal, G_N_ELEMENTS (equal));
  g_autoptr(GArray) b = make_points (nearly, G_N_ELEMENTS (nearly));
  DkChartScale scale;

  dk_history_chart_compute_scale (&a, 1, &scale);
  assert_scale_holds (&scale, 180000, 180000);
  /* At least a tenth of the amount wide, so the line is flat in the middle rather than undefined. */
  g_assert_cmpint (scale.max_cents - scale.min_cents, >=, 18000);
  g_assert_cmpfloat_with_epsilon (dk_chart_scale_y (&scale, 180000, 100), 50, 10);

  /* Fifty cents on € 1.800 must not look like a jump over the whole height. */
  dk_history_chart_compute_scale (&b, 1, &scale);
  assert_scale_holds (&scale, 180000, 180050);
  g_assert_cmpfloat (dk_chart_scale_y (&scale, 180000, 100) - dk_chart_scale_y (&scale, 180050, 100), <, 1);
}

static void
test_scale_zero_and_large (void)
{
  DkHistoryPoint zeros[] = { point (2026, 1, 1, 0), point (2026, 2, 1, 0) };
  DkHistoryPoint large[] = { point (2026, 1, 1, 0), point (2026, 2, 1, 5000000) };
  DkHistoryPoint huge[] = { point (2026, 1, 1, 0), point (2026, 2, 1, G_MAXINT64) };
  g_autoptr(GArray) a = make_points (zeros, G_N_ELEMENTS (zeros));
  g_autoptr(GArray) b = make_points (large, G_N_ELEMENTS (large));
  g_autoptr(GArray) c = make_points (huge, G_N_ELEMENTS (huge));
  DkChartScale scale;

  /* Zero stays on the bottom line: the range never goes below zero. */
  dk_history_chart_compute_scale (&a, 1, &scale);
  assert_scale_holds (&scale, 0, 0);
  g_assert_cmpint (scale.min_cents, ==, 0);
  g_assert_cmpint (scale.max_cents, ==, 10000);
  g_assert_cmpint (scale.step_cents, ==, 2000);
  g_assert_cmpfloat_with_epsilon (dk_chart_scale_y (&scale, 0, 160), 160, 1e-9);

  /* € 0 .. € 50.000 in steps of € 10.000 */
  dk_history_chart_compute_scale (&b, 1, &scale);
  assert_scale_holds (&scale, 0, 5000000);
  g_assert_cmpint (scale.step_cents, ==, 1000000);
  g_assert_cmpint (scale.max_cents, ==, 5000000);
  g_assert_cmpuint (scale.n_ticks, ==, 6);

  /* Absurd amounts are clamped instead of overflowing. */
  dk_history_chart_compute_scale (&c, 1, &scale);
  assert_scale_holds (&scale, 0, DK_CHART_MAX_CENTS);
  g_assert_cmpfloat_with_epsilon (dk_chart_scale_y (&scale, G_MAXINT64, 100), 0, 1e-9);
}

static void
test_scale_empty (void)
{
  g_autoptr(GArray) empty = g_array_new (FALSE, FALSE, sizeof (DkHistoryPoint));
  GArray *series[] = { NULL, empty };
  DkChartScale scale;

  dk_history_chart_compute_scale (series, G_N_ELEMENTS (series), &scale);

  g_assert_cmpint (scale.min_cents, ==, 0);
  g_assert_cmpint (scale.max_cents, ==, 100);
  g_assert_cmpuint (scale.n_ticks, ==, 2);
  g_assert_cmpuint (scale.first_julian, ==, 0);
  g_assert_cmpuint (scale.last_julian, ==, 0);

  dk_history_chart_compute_scale (NULL, 0, &scale);
  g_assert_cmpuint (scale.n_ticks, ==, 2);
}

static void
test_scale_pixels (void)
{
  DkHistoryPoint points[] = {
    point (2026, 1, 1, 10000), point (2026, 1, 11, 15000), point (2026, 1, 21, 20000),
  };
  g_autoptr(GArray) series = make_points (points, G_N_ELEMENTS (points));
  DkChartScale scale;

  dk_history_chart_compute_scale (&series, 1, &scale);
  g_assert_cmpint (scale.min_cents, ==, 10000);
  g_assert_cmpint (scale.max_cents, ==, 20000);

  g_assert_cmpfloat_with_epsilon (dk_chart_scale_x (&scale, g_date_get_julian (&points[0].date), 400), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (dk_chart_scale_x (&scale, g_date_get_julian (&points[1].date), 400), 200, 1e-9);
  g_assert_cmpfloat_with_epsilon (dk_chart_scale_x (&scale, g_date_get_julian (&points[2].date), 400), 400, 1e-9);
  /* Dates outside the range stay on the chart. */
  g_assert_cmpfloat_with_epsilon (dk_chart_scale_x (&scale, 1, 400), 0, 1e-9);

  g_assert_cmpfloat_with_epsilon (dk_chart_scale_y (&scale, 20000, 160), 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (dk_chart_scale_y (&scale, 15000, 160), 80, 1e-9);
  g_assert_cmpfloat_with_epsilon (dk_chart_scale_y (&scale, 10000, 160), 160, 1e-9);
  g_assert_cmpfloat_with_epsilon (dk_chart_scale_y (&scale, 0, 160), 160, 1e-9);
}

static void
test_describe (void)
{
  DkHistoryPoint capacity[] = {
    point (2026, 3, 1, 12000), point (2026, 5, 1, 13000), point (2026, 7, 1, 0),
    point (2026, 9, 1, 20000), point (2026, 11, 1, 24550),
  };
  DkHistoryPoint vtlb[] = { point (2026, 3, 1, 152000) };
  g_autoptr(GArray) a = make_points (capacity, G_N_ELEMENTS (capacity));
  g_autoptr(GArray) b = make_points (vtlb, G_N_ELEMENTS (vtlb));
  g_autoptr(GArray) empty = g_array_new (FALSE, FALSE, sizeof (DkHistoryPoint));
  const char *labels[] = { "Repayment capacity", "Unused", "VTLB" };
  GArray *series[] = { a, empty, b };
  g_autofree char *summary = NULL;
  g_autofree char *values = NULL;
  g_autofree char *nothing = NULL;
  g_autofree char *no_values = NULL;

  summary = dk_history_chart_summarize (labels, series, G_N_ELEMENTS (series));
  g_assert_cmpstr (summary, ==,
                   "Repayment capacity: from € 120,00 on 01-03-2026 to € 245,50 on 01-11-2026 (5 calculations); "
                   "VTLB: € 1.520,00 on 01-03-2026 (one calculation)");

  values = dk_history_chart_list_values (labels, series, 3);
  g_assert_cmpstr (values, ==,
                   "Repayment capacity: € 120,00 on 01-03-2026, € 130,00 on 01-05-2026, € 0,00 on 01-07-2026, "
                   "€ 200,00 on 01-09-2026, € 245,50 on 01-11-2026; VTLB: € 1.520,00 on 01-03-2026");

  nothing = dk_history_chart_summarize (labels, (GArray *[]) { NULL, empty, NULL }, 3);
  g_assert_cmpstr (nothing, ==, "No calculations yet");
  no_values = dk_history_chart_list_values (NULL, NULL, 0);
  g_assert_null (no_values);
}

static void
test_widget (void)
{
  DkHistoryPoint capacity[] = { point (2026, 3, 1, 12000), point (2026, 11, 1, 24550) };
  DkHistoryPoint vtlb[] = { point (2026, 1, 1, 152000), point (2026, 6, 1, 154000), point (2026, 12, 1, 4000000) };
  g_autoptr(GArray) a = make_points (capacity, G_N_ELEMENTS (capacity));
  g_autoptr(GArray) b = make_points (vtlb, G_N_ELEMENTS (vtlb));
  GtkWidget *chart;
  g_autofree char *empty = NULL;
  g_autofree char *described = NULL;
  g_autofree char *cleared = NULL;
  GtkSnapshot *snapshot;
  g_autoptr(GskRenderNode) node = NULL;
  int minimum, natural;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  chart = g_object_ref_sink (dk_history_chart_new ());
  g_assert_true (gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (chart)) == GTK_ACCESSIBLE_ROLE_IMG);

  empty = dk_history_chart_describe (DK_HISTORY_CHART (chart));
  g_assert_cmpstr (empty, ==, "No calculations yet");

  /* Series 1 first: the gap before it is an empty series, not an error. */
  dk_history_chart_set_series (DK_HISTORY_CHART (chart), 1, "VTLB", b);
  g_assert_cmpuint (dk_history_chart_get_n_series (DK_HISTORY_CHART (chart)), ==, 2);
  dk_history_chart_set_series (DK_HISTORY_CHART (chart), 0, "Repayment capacity", a);
  /* The chart keeps its own copy. */
  g_array_index (a, DkHistoryPoint, 0).cents = 99;

  described = dk_history_chart_describe (DK_HISTORY_CHART (chart));
  g_assert_cmpstr (described, ==,
                   "Repayment capacity: from € 120,00 on 01-03-2026 to € 245,50 on 01-11-2026 (2 calculations); "
                   "VTLB: from € 1.520,00 on 01-01-2026 to € 40.000,00 on 01-12-2026 (3 calculations)");

  /* Fits a page at 1024×600, and is tall enough to read. */
  gtk_widget_measure (chart, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, <=, 400);
  g_assert_cmpint (natural, <=, 1024);
  gtk_widget_measure (chart, GTK_ORIENTATION_VERTICAL, natural, &minimum, &natural, NULL, NULL);
  g_assert_cmpint (minimum, >=, 160);
  g_assert_cmpint (natural, <=, 300);

  /* Drawing at the minimum and at a generous size must produce something, without warnings. */
  gtk_widget_size_allocate (chart, &(GtkAllocation) { 0, 0, 480, 220 }, -1);
  snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (chart)->snapshot (chart, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  g_clear_pointer (&node, gsk_render_node_unref);

  gtk_widget_measure (chart, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL, NULL, NULL);
  gtk_widget_size_allocate (chart, &(GtkAllocation) { 0, 0, minimum, 160 }, -1);
  snapshot = gtk_snapshot_new ();
  GTK_WIDGET_GET_CLASS (chart)->snapshot (chart, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  dk_history_chart_clear (DK_HISTORY_CHART (chart));
  g_assert_cmpuint (dk_history_chart_get_n_series (DK_HISTORY_CHART (chart)), ==, 0);
  cleared = dk_history_chart_describe (DK_HISTORY_CHART (chart));
  g_assert_cmpstr (cleared, ==, "No calculations yet");

  g_object_unref (chart);
}

int
main (int   argc,
      char *argv[])
{
  /* The expected texts are the untranslated ones, whatever the locale the test runs in. */
  gtk_disable_setlocale ();
  g_test_init (&argc, &argv, NULL);
  have_display = gtk_init_check ();

  g_test_add_func ("/history-chart/scale/rounding", test_scale_rounding);
  g_test_add_func ("/history-chart/scale/two-series", test_scale_two_series);
  g_test_add_func ("/history-chart/scale/many-ranges", test_scale_ticks_for_many_ranges);
  g_test_add_func ("/history-chart/scale/one-point", test_scale_one_point);
  g_test_add_func ("/history-chart/scale/equal-values", test_scale_equal_values);
  g_test_add_func ("/history-chart/scale/zero-and-large", test_scale_zero_and_large);
  g_test_add_func ("/history-chart/scale/empty", test_scale_empty);
  g_test_add_func ("/history-chart/scale/pixels", test_scale_pixels);
  g_test_add_func ("/history-chart/describe", test_describe);
  g_test_add_func ("/history-chart/widget", test_widget);

  return g_test_run ();
}
