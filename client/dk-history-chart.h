#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/*
 * A chart of one or more series of amounts over calendar dates, for a dossier's calculation history
 * ("Aflossingscapaciteit", "VTLB"). Each series is drawn as steps: an amount holds from the date of
 * its calculation until the next one.
 *
 * The layout (value range, ticks, dates, pixel positions) is computed by pure functions below, so it
 * can be tested without a display. Amounts are never negative; anything above DK_CHART_MAX_CENTS is
 * drawn as if it were DK_CHART_MAX_CENTS, which keeps every computation far from overflowing.
 */

/* € 10.000.000.000.000,00: far beyond any household, far below G_MAXINT64. */
#define DK_CHART_MAX_CENTS G_GINT64_CONSTANT (1000000000000000)

typedef struct
{
  GDate  date;
  gint64 cents;   /* >= 0 */
} DkHistoryPoint;

/*
 * The vertical axis runs from @min_cents to @max_cents in @n_ticks ticks @step_cents apart (a whole
 * number of euros: 1, 2 or 5 times a power of ten); the horizontal axis from @first_julian to
 * @last_julian (g_date_get_julian()). Without any point, both julian days are 0.
 */
typedef struct
{
  gint64  min_cents;
  gint64  max_cents;
  gint64  step_cents;
  guint   n_ticks;
  guint32 first_julian;
  guint32 last_julian;
} DkChartScale;

#define DK_TYPE_HISTORY_CHART (dk_history_chart_get_type ())

G_DECLARE_FINAL_TYPE (DkHistoryChart, dk_history_chart, DK, HISTORY_CHART, GtkWidget)

GtkWidget *dk_history_chart_new        (void);

/*
 * Sets series @index (0, 1, …), adding empty series before it if needed. @label is the series name
 * shown in the legend; @points is an array of DkHistoryPoint with valid dates, sorted by date (two on
 * one date are allowed: the later one is the newer calculation), and is copied. NULL @points makes the
 * series empty.
 */
void       dk_history_chart_set_series (DkHistoryChart *self,
                                        guint           index,
                                        const char     *label,
                                        GArray         *points);
void       dk_history_chart_clear      (DkHistoryChart *self);
guint      dk_history_chart_get_n_series (DkHistoryChart *self);

/* The sentence a screen reader says for the chart (its accessible label). Free with g_free(). */
char      *dk_history_chart_describe   (DkHistoryChart *self);

/*
 * The scale of @n_series arrays of DkHistoryPoint (NULL entries and empty arrays are skipped).
 * The value range is rounded outwards to whole ticks of about four to six intervals, and is at least
 * € 100 or a tenth of the largest amount wide, so a change of a few cents does not fill the chart;
 * when that widens it, the range is centred on the values but never goes below zero.
 * Without any point: € 0 to € 1 in one step of € 1.
 */
void       dk_history_chart_compute_scale (GArray *const *series,
                                           guint          n_series,
                                           DkChartScale  *out);

/* The amount at tick @index (0 is @scale->min_cents, @scale->n_ticks - 1 is @scale->max_cents). */
gint64     dk_chart_scale_tick (const DkChartScale *scale,
                                guint               index);

/* Where @julian lies on a horizontal axis @width pixels long: 0 for the first date, @width for the last,
 * and the middle when the scale has a single date. */
double     dk_chart_scale_x    (const DkChartScale *scale,
                                guint32             julian,
                                double              width);

/* Where @cents lies on a vertical axis @height pixels tall, measured from the top: 0 for
 * @scale->max_cents, @height for @scale->min_cents. Amounts outside the range are clamped to it. */
double     dk_chart_scale_y    (const DkChartScale *scale,
                                gint64              cents,
                                double              height);

/*
 * The sentence dk_history_chart_describe() gives, for @n_series series named @labels holding arrays
 * of DkHistoryPoint, e.g. "Repayment capacity: from € 120,00 on 01-03-2026 to € 245,50 on
 * 01-11-2026 (5 calculations)". Empty series are left out; with no point at all it says there are no
 * calculations yet. Free with g_free().
 */
char      *dk_history_chart_summarize  (const char *const *labels,
                                        GArray *const     *series,
                                        guint              n_series);

/* Every amount with its date, series by series: the chart's data for someone who cannot see it (the
 * accessible description). NULL when there is no point. Free with g_free(). */
char      *dk_history_chart_list_values (const char *const *labels,
                                         GArray *const     *series,
                                         guint              n_series);

G_END_DECLS
