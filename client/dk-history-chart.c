#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "dk-date.h"
#include "dk-history-chart.h"
#include "dk-money.h"

/* Sizes in pixels. The minimum height keeps a readable plot under a one-row legend at 1024×600. */
#define MIN_WIDTH         220
#define NATURAL_WIDTH     480
#define MIN_HEIGHT        160
#define NATURAL_HEIGHT    220
#define MIN_PLOT_HEIGHT    64
#define MIN_PLOT_WIDTH     80
#define LEGEND_SWATCH      18.0
#define LEGEND_TEXT_GAP     6.0
#define LEGEND_SPACING     18.0
#define LEGEND_PLOT_GAP     8.0
#define AXIS_GAP            6.0
#define DATE_TICK           4.0
#define LABEL_SPACING       8.0
#define PLOT_INSET          6.0   /* keeps the dots of the first and last date inside the plot */
#define LINE_WIDTH          2.0
#define DOT_RADIUS          3.5
#define MIN_DOT_SPACING     8.0   /* closer than this, dots would merge into a thick line */

/* Colour is not the only difference between series: each also has its own dash pattern, so the chart
 * reads the same for people who do not tell the colours apart and in grey-scale print. */
static const struct
{
  const char *style_color;   /* libadwaita's named colours follow the light/dark/high-contrast style */
  const char *fallback;
} series_palette[] = {
  { "accent_color",  "#1c71d8" },
  { "warning_color", "#9c6e03" },
  { "success_color", "#1b8553" },
};

static const double dash_solid[] = { 0 };
static const double dash_long[] = { 7.0, 4.0 };
static const double dash_short[] = { 2.0, 3.0 };
static const struct
{
  const double *dashes;
  int           n_dashes;
} series_dashes[] = {
  { dash_solid, 0 },
  { dash_long, G_N_ELEMENTS (dash_long) },
  { dash_short, G_N_ELEMENTS (dash_short) },
};

typedef struct
{
  char   *label;
  GArray *points;   /* DkHistoryPoint */
} Series;

struct _DkHistoryChart
{
  GtkWidget     parent_instance;

  GPtrArray    *series;   /* Series */
  DkChartScale  scale;
};

G_DEFINE_FINAL_TYPE (DkHistoryChart, dk_history_chart, GTK_TYPE_WIDGET)

/* Where things go for one width × height, computed the same way for measuring and drawing. */
typedef struct
{
  int             line_height;
  double          legend_height;
  double          axis_width;
  double          date_gap;   /* from the bottom of the plot to the top of the date labels */
  graphene_rect_t plot;       /* the area the value range maps to */
} Geometry;

static void
series_free (gpointer data)
{
  Series *series = data;

  g_free (series->label);
  g_clear_pointer (&series->points, g_array_unref);
  g_free (series);
}

/* ---------------------------------------------------------------------------------------------------
 * Pure layout
 */

static gint64
clamp_cents (gint64 cents)
{
  return CLAMP (cents, 0, DK_CHART_MAX_CENTS);
}

/* 1, 2 or 5 times a power of ten, nearest to @raw, and at least one euro. */
static gint64
nice_step (gint64 raw)
{
  gint64 power = 100;

  if (raw <= 100)
    return 100;

  while (power <= raw / 10)
    power *= 10;

  /* power <= raw < 10 × power: round raw / power to 1, 2, 5 or 10 at the geometric midpoints */
  if (raw * 2 < power * 3)
    return power;
  if (raw < power * 3)
    return power * 2;
  if (raw < power * 7)
    return power * 5;
  return power * 10;
}

void
dk_history_chart_compute_scale (GArray *const *series,
                                guint          n_series,
                                DkChartScale  *out)
{
  gboolean any = FALSE;
  gint64 lo = DK_CHART_MAX_CENTS;
  gint64 hi = 0;
  guint32 first = G_MAXUINT32;
  guint32 last = 0;
  gint64 min_span;
  gint64 step;

  g_return_if_fail (series != NULL || n_series == 0);
  g_return_if_fail (out != NULL);

  for (guint s = 0; s < n_series; s++)
    {
      if (series[s] == NULL)
        continue;

      for (guint i = 0; i < series[s]->len; i++)
        {
          const DkHistoryPoint *point = &g_array_index (series[s], DkHistoryPoint, i);
          gint64 cents = clamp_cents (point->cents);
          guint32 julian;

          if (!g_date_valid (&point->date))
            continue;

          julian = g_date_get_julian (&point->date);
          lo = MIN (lo, cents);
          hi = MAX (hi, cents);
          first = MIN (first, julian);
          last = MAX (last, julian);
          any = TRUE;
        }
    }

  if (!any)
    {
      *out = (DkChartScale) { .min_cents = 0, .max_cents = 100, .step_cents = 100, .n_ticks = 2 };
      return;
    }

  /* Equal amounts, or amounts a few cents apart, would otherwise be stretched over the full height
   * and look like big changes. */
  min_span = MAX (hi / 10, 10000);
  if (hi - lo < min_span)
    {
      lo = (lo + hi) / 2 - min_span / 2;
      if (lo < 0)
        lo = 0;
      hi = lo + min_span;
    }

  step = nice_step ((hi - lo) / 4);

  out->step_cents = step;
  out->min_cents = lo / step * step;
  out->max_cents = (hi + step - 1) / step * step;
  if (out->max_cents == out->min_cents)
    out->max_cents += step;
  out->n_ticks = (guint) ((out->max_cents - out->min_cents) / step) + 1;
  out->first_julian = first;
  out->last_julian = last;
}

gint64
dk_chart_scale_tick (const DkChartScale *scale,
                     guint               index)
{
  g_return_val_if_fail (scale != NULL, 0);
  g_return_val_if_fail (index < scale->n_ticks, scale->max_cents);

  return scale->min_cents + (gint64) index * scale->step_cents;
}

double
dk_chart_scale_x (const DkChartScale *scale,
                  guint32             julian,
                  double              width)
{
  g_return_val_if_fail (scale != NULL, 0);

  if (scale->last_julian <= scale->first_julian)
    return width / 2;

  julian = CLAMP (julian, scale->first_julian, scale->last_julian);
  return width * (double) (julian - scale->first_julian) / (double) (scale->last_julian - scale->first_julian);
}

double
dk_chart_scale_y (const DkChartScale *scale,
                  gint64              cents,
                  double              height)
{
  g_return_val_if_fail (scale != NULL, 0);

  if (scale->max_cents <= scale->min_cents)
    return height / 2;

  cents = CLAMP (cents, scale->min_cents, scale->max_cents);
  return height * (double) (scale->max_cents - cents) / (double) (scale->max_cents - scale->min_cents);
}

/* ---------------------------------------------------------------------------------------------------
 * Text for screen readers
 */

char *
dk_history_chart_summarize (const char *const *labels,
                            GArray *const     *series,
                            guint              n_series)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (n_series == 0 || (labels != NULL && series != NULL), NULL);

  for (guint s = 0; s < n_series; s++)
    {
      const DkHistoryPoint *first;
      const DkHistoryPoint *last;
      g_autofree char *first_amount = NULL;
      g_autofree char *first_date = NULL;
      g_autofree char *part = NULL;
      guint n;

      if (series[s] == NULL || series[s]->len == 0)
        continue;

      n = series[s]->len;
      first = &g_array_index (series[s], DkHistoryPoint, 0);
      last = &g_array_index (series[s], DkHistoryPoint, n - 1);
      first_amount = dk_money_format (first->cents);
      first_date = dk_date_format_dutch (&first->date);

      if (n == 1)
        {
          /* Translators: a chart's series with a single calculation, read out by a screen reader:
           * series name, amount, date. "VTLB: € 1.520,00 on 01-03-2026 (one calculation)" */
          part = g_strdup_printf (_("%s: %s on %s (one calculation)"),
                                  labels[s] ? labels[s] : "", first_amount, first_date);
        }
      else
        {
          g_autofree char *last_amount = dk_money_format (last->cents);
          g_autofree char *last_date = dk_date_format_dutch (&last->date);

          /* Translators: a chart's series read out by a screen reader: series name, first amount and
           * its date, last amount and its date, number of calculations. "Repayment capacity: from
           * € 120,00 on 01-03-2026 to € 245,50 on 01-11-2026 (5 calculations)" */
          part = g_strdup_printf (ngettext ("%s: from %s on %s to %s on %s (%u calculation)",
                                            "%s: from %s on %s to %s on %s (%u calculations)", n),
                                  labels[s] ? labels[s] : "", first_amount, first_date,
                                  last_amount, last_date, n);
        }

      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append (text, part);
    }

  if (text->len == 0)
    return g_strdup (_("No calculations yet"));

  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
dk_history_chart_list_values (const char *const *labels,
                              GArray *const     *series,
                              guint              n_series)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (n_series == 0 || (labels != NULL && series != NULL), NULL);

  for (guint s = 0; s < n_series; s++)
    {
      g_autoptr(GString) values = NULL;
      g_autofree char *part = NULL;

      if (series[s] == NULL || series[s]->len == 0)
        continue;

      values = g_string_new (NULL);
      for (guint i = 0; i < series[s]->len; i++)
        {
          const DkHistoryPoint *point = &g_array_index (series[s], DkHistoryPoint, i);
          g_autofree char *amount = dk_money_format (point->cents);
          g_autofree char *date = dk_date_format_dutch (&point->date);

          if (i > 0)
            g_string_append (values, ", ");
          /* Translators: one value of a chart read out by a screen reader: amount, date. */
          g_string_append_printf (values, C_("history chart", "%s on %s"), amount, date);
        }

      /* Translators: a chart's series name, then its values, read out by a screen reader. */
      part = g_strdup_printf (C_("history chart", "%s: %s"), labels[s] ? labels[s] : "", values->str);
      if (text->len > 0)
        g_string_append (text, "; ");
      g_string_append (text, part);
    }

  if (text->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* ---------------------------------------------------------------------------------------------------
 * The widget
 */

/* Borrowed views of the series in the form the pure functions take; free only the two arrays. */
static void
collect_series (DkHistoryChart  *self,
                const char    ***out_labels,
                GArray        ***out_points)
{
  *out_labels = g_new0 (const char *, self->series->len + 1);
  *out_points = g_new0 (GArray *, self->series->len + 1);

  for (guint i = 0; i < self->series->len; i++)
    {
      const Series *series = g_ptr_array_index (self->series, i);

      (*out_labels)[i] = series->label;
      (*out_points)[i] = series->points;
    }
}

static gboolean
has_points (DkHistoryChart *self)
{
  for (guint i = 0; i < self->series->len; i++)
    {
      const Series *series = g_ptr_array_index (self->series, i);

      if (series->points != NULL && series->points->len > 0)
        return TRUE;
    }

  return FALSE;
}

static void
series_changed (DkHistoryChart *self)
{
  g_autofree const char **labels = NULL;
  g_autofree GArray **points = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *values = NULL;

  collect_series (self, &labels, &points);
  dk_history_chart_compute_scale (points, self->series->len, &self->scale);
  summary = dk_history_chart_summarize (labels, points, self->series->len);
  values = dk_history_chart_list_values (labels, points, self->series->len);

  /* An image is announced by its label, so the summary goes there; the full list of values is
   * there for whoever asks for the description. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, summary,
                                  -1);
  if (values != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, values,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);

  /* The legend and the widest tick label may have changed the size the chart needs. */
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static gboolean
points_are_valid (GArray *points)
{
  for (guint i = 0; i < points->len; i++)
    {
      const DkHistoryPoint *point = &g_array_index (points, DkHistoryPoint, i);

      if (!g_date_valid (&point->date) || point->cents < 0)
        return FALSE;
      if (i > 0 && g_date_compare (&g_array_index (points, DkHistoryPoint, i - 1).date, &point->date) > 0)
        return FALSE;
    }

  return TRUE;
}

void
dk_history_chart_set_series (DkHistoryChart *self,
                             guint           index,
                             const char     *label,
                             GArray         *points)
{
  Series *series;

  g_return_if_fail (DK_IS_HISTORY_CHART (self));
  g_return_if_fail (label != NULL);
  g_return_if_fail (points == NULL || g_array_get_element_size (points) == sizeof (DkHistoryPoint));
  g_return_if_fail (points == NULL || points_are_valid (points));

  while (self->series->len <= index)
    g_ptr_array_add (self->series, g_new0 (Series, 1));

  series = g_ptr_array_index (self->series, index);
  g_free (series->label);
  series->label = g_strdup (label);
  g_clear_pointer (&series->points, g_array_unref);
  series->points = g_array_sized_new (FALSE, FALSE, sizeof (DkHistoryPoint), points ? points->len : 0);
  if (points != NULL && points->len > 0)
    g_array_append_vals (series->points, points->data, points->len);

  series_changed (self);
}

void
dk_history_chart_clear (DkHistoryChart *self)
{
  g_return_if_fail (DK_IS_HISTORY_CHART (self));

  g_ptr_array_set_size (self->series, 0);
  series_changed (self);
}

guint
dk_history_chart_get_n_series (DkHistoryChart *self)
{
  g_return_val_if_fail (DK_IS_HISTORY_CHART (self), 0);

  return self->series->len;
}

char *
dk_history_chart_describe (DkHistoryChart *self)
{
  g_autofree const char **labels = NULL;
  g_autofree GArray **points = NULL;

  g_return_val_if_fail (DK_IS_HISTORY_CHART (self), NULL);

  collect_series (self, &labels, &points);
  return dk_history_chart_summarize (labels, points, self->series->len);
}

/* Axis labels are whole euros (every tick is), written without the ",00" that would only add width. */
static char *
format_tick (gint64 cents)
{
  char *text = dk_money_format (cents);

  if (g_str_has_suffix (text, ",00"))
    text[strlen (text) - 3] = '\0';
  return text;
}

static PangoLayout *
create_layout (DkHistoryChart *self,
               const char     *text,
               int            *out_width,
               int            *out_height)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  pango_layout_get_pixel_size (layout, out_width, out_height);
  return layout;
}

static gboolean
series_is_shown (const Series *series)
{
  return series->points != NULL && series->points->len > 0;
}

/* The height of the legend when it wraps its items into rows @width pixels wide. */
static double
legend_height (DkHistoryChart *self,
               double          width,
               int             line_height)
{
  double x = 0;
  guint rows = 0;

  for (guint i = 0; i < self->series->len; i++)
    {
      const Series *series = g_ptr_array_index (self->series, i);
      g_autoptr(PangoLayout) layout = NULL;
      double item;
      int text_width, text_height;

      if (!series_is_shown (series))
        continue;

      layout = create_layout (self, series->label, &text_width, &text_height);
      item = LEGEND_SWATCH + LEGEND_TEXT_GAP + text_width;
      if (rows == 0 || (x > 0 && x + item > width))
        {
          rows++;
          x = 0;
        }
      x += item + LEGEND_SPACING;
    }

  return rows * line_height;
}

static double
axis_width (DkHistoryChart *self)
{
  int widest = 0;

  for (guint i = 0; i < self->scale.n_ticks; i++)
    {
      g_autofree char *text = format_tick (dk_chart_scale_tick (&self->scale, i));
      g_autoptr(PangoLayout) layout = NULL;
      int width, height;

      layout = create_layout (self, text, &width, &height);
      widest = MAX (widest, width);
    }

  return widest;
}

static int
line_height (DkHistoryChart *self)
{
  g_autoptr(PangoLayout) layout = NULL;
  int width, height;

  layout = create_layout (self, "0", &width, &height);
  return height;
}

static double
date_label_width (DkHistoryChart *self,
                  guint32         julian)
{
  g_autoptr(GDate) date = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  g_autofree char *text = NULL;
  int width, height;

  if (!g_date_valid_julian (julian))
    return 0;

  date = g_date_new_julian (julian);
  text = dk_date_format_dutch (date);
  layout = create_layout (self, text, &width, &height);
  return width;
}

/* The date labels start below the lower half of the bottom tick label, so the two never touch. */
static double
date_gap (int line_height)
{
  return MAX (DATE_TICK + 2, line_height / 2.0 + 2);
}

/* Top to bottom: legend, plot (with half a line above it for the top tick label), date labels.
 * Left of the plot the tick labels; left and right enough room to centre the first and last date
 * label under their dates. */
static void
compute_geometry (DkHistoryChart *self,
                  double          width,
                  double          height,
                  Geometry       *geometry)
{
  double top, bottom, left, right;

  geometry->line_height = line_height (self);
  geometry->legend_height = legend_height (self, width, geometry->line_height);
  geometry->axis_width = axis_width (self);
  geometry->date_gap = date_gap (geometry->line_height);

  top = geometry->legend_height + LEGEND_PLOT_GAP + geometry->line_height / 2.0;
  bottom = height - geometry->line_height - geometry->date_gap;
  left = MAX (geometry->axis_width + AXIS_GAP + PLOT_INSET,
              date_label_width (self, self->scale.first_julian) / 2);
  right = width - MAX (PLOT_INSET, date_label_width (self, self->scale.last_julian) / 2);

  geometry->plot.origin.x = left;
  geometry->plot.origin.y = top;
  geometry->plot.size.width = MAX (0, right - left);
  geometry->plot.size.height = MAX (0, bottom - top);
}

static GtkSizeRequestMode
dk_history_chart_get_request_mode (GtkWidget *widget)
{
  /* The legend wraps when the chart is narrow. */
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
dk_history_chart_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  DkHistoryChart *self = DK_HISTORY_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int needed = (int) (axis_width (self) + AXIS_GAP + PLOT_INSET
                          + MAX (PLOT_INSET, date_label_width (self, self->scale.last_julian) / 2))
                   + MIN_PLOT_WIDTH;

      *minimum = MAX (MIN_WIDTH, needed);
      *natural = MAX (*minimum, NATURAL_WIDTH);
    }
  else
    {
      int line = line_height (self);
      double width = for_size > 0 ? for_size : NATURAL_WIDTH;
      int needed = (int) ceil (legend_height (self, width, line) + LEGEND_PLOT_GAP + line / 2.0
                               + MIN_PLOT_HEIGHT + date_gap (line) + line);

      *minimum = MAX (MIN_HEIGHT, needed);
      *natural = MAX (*minimum, NATURAL_HEIGHT);
    }
}

static void
series_color (GtkWidget *widget,
              guint      index,
              GdkRGBA   *color)
{
  guint i = index % G_N_ELEMENTS (series_palette);

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget),
                                       series_palette[i].style_color, color))
    gdk_rgba_parse (color, series_palette[i].fallback);
G_GNUC_END_IGNORE_DEPRECATIONS
}

static void
set_dash (cairo_t *cr,
          guint    index)
{
  /* Past the palette, shift the patterns so colour and dash do not repeat together. */
  guint n = G_N_ELEMENTS (series_dashes);
  guint i = (index + index / G_N_ELEMENTS (series_palette)) % n;

  cairo_set_dash (cr, series_dashes[i].dashes, series_dashes[i].n_dashes, 0);
}

static void
append_text (GtkSnapshot   *snapshot,
             PangoLayout   *layout,
             double         x,
             double         y,
             const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float) x, (float) y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static int
compare_julian (gconstpointer a,
                gconstpointer b)
{
  guint32 x = *(const guint32 *) a;
  guint32 y = *(const guint32 *) b;

  return (x > y) - (x < y);
}

/* Every date with a calculation, once, in order. */
static GArray *
distinct_dates (DkHistoryChart *self)
{
  GArray *dates = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint kept = 0;

  for (guint s = 0; s < self->series->len; s++)
    {
      const Series *series = g_ptr_array_index (self->series, s);

      for (guint i = 0; series->points != NULL && i < series->points->len; i++)
        {
          guint32 julian = g_date_get_julian (&g_array_index (series->points, DkHistoryPoint, i).date);

          g_array_append_val (dates, julian);
        }
    }

  g_array_sort (dates, compare_julian);
  for (guint i = 0; i < dates->len; i++)
    if (kept == 0 || g_array_index (dates, guint32, kept - 1) != g_array_index (dates, guint32, i))
      g_array_index (dates, guint32, kept++) = g_array_index (dates, guint32, i);
  g_array_set_size (dates, kept);

  return dates;
}

static void
snapshot_empty (DkHistoryChart *self,
                GtkSnapshot    *snapshot,
                double          width,
                double          height,
                const GdkRGBA  *fg)
{
  g_autoptr(PangoLayout) layout = NULL;
  GdkRGBA dim = *fg;
  int text_width, text_height;

  dim.alpha *= 0.7f;
  layout = create_layout (self, _("No calculations yet"), &text_width, &text_height);
  append_text (snapshot, layout, (width - text_width) / 2, (height - text_height) / 2, &dim);
}

static void
snapshot_grid (DkHistoryChart  *self,
               GtkSnapshot     *snapshot,
               cairo_t         *cr,
               const Geometry  *geometry,
               const GdkRGBA   *fg)
{
  const graphene_rect_t *plot = &geometry->plot;
  double spacing = plot->size.height / MAX (1, self->scale.n_ticks - 1);
  /* Label every n-th tick when the labels would otherwise overlap on a short chart. */
  guint every = spacing > 0 ? (guint) ceil (geometry->line_height / spacing) : 1;

  every = MAX (every, 1);

  for (guint i = 0; i < self->scale.n_ticks; i++)
    {
      gint64 cents = dk_chart_scale_tick (&self->scale, i);
      /* Half-pixel offsets put one-pixel lines on whole pixels. */
      double y = round (plot->origin.y + dk_chart_scale_y (&self->scale, cents, plot->size.height)) + 0.5;
      g_autoptr(PangoLayout) layout = NULL;
      g_autofree char *text = NULL;
      int text_width, text_height;

      /* The bottom line is the axis; the others are faint guides. */
      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * (i == 0 ? 0.45 : 0.15));
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, plot->origin.x - PLOT_INSET, y);
      cairo_line_to (cr, plot->origin.x + plot->size.width + PLOT_INSET, y);
      cairo_stroke (cr);

      if (i % every != 0)
        continue;

      text = format_tick (cents);
      layout = create_layout (self, text, &text_width, &text_height);
      append_text (snapshot, layout, geometry->axis_width - text_width, y - text_height / 2.0, fg);
    }
}

static void
snapshot_dates (DkHistoryChart *self,
                GtkSnapshot    *snapshot,
                cairo_t        *cr,
                const Geometry *geometry,
                double          width,
                const GdkRGBA  *fg)
{
  const graphene_rect_t *plot = &geometry->plot;
  g_autoptr(GArray) dates = distinct_dates (self);
  double axis_y = plot->origin.y + plot->size.height;
  double last_left;
  double right_edge = -G_MAXDOUBLE;

  if (dates->len == 0)
    return;

  /* The last date is always labelled, so the others must leave room for it. */
  {
    g_autoptr(GDate) date = g_date_new_julian (g_array_index (dates, guint32, dates->len - 1));
    g_autofree char *text = dk_date_format_dutch (date);
    g_autoptr(PangoLayout) layout = NULL;
    int text_width, text_height;
    double x = plot->origin.x + dk_chart_scale_x (&self->scale, g_date_get_julian (date), plot->size.width);

    layout = create_layout (self, text, &text_width, &text_height);
    last_left = CLAMP (x - text_width / 2.0, 0, MAX (0, width - text_width));
  }

  for (guint i = 0; i < dates->len; i++)
    {
      guint32 julian = g_array_index (dates, guint32, i);
      g_autoptr(GDate) date = g_date_new_julian (julian);
      g_autofree char *text = dk_date_format_dutch (date);
      g_autoptr(PangoLayout) layout = NULL;
      double x = plot->origin.x + dk_chart_scale_x (&self->scale, julian, plot->size.width);
      double left;
      int text_width, text_height;
      gboolean is_last = i == dates->len - 1;

      cairo_set_source_rgba (cr, fg->red, fg->green, fg->blue, fg->alpha * 0.45);
      cairo_set_line_width (cr, 1);
      cairo_move_to (cr, round (x) + 0.5, axis_y);
      cairo_line_to (cr, round (x) + 0.5, axis_y + DATE_TICK);
      cairo_stroke (cr);

      layout = create_layout (self, text, &text_width, &text_height);
      left = CLAMP (x - text_width / 2.0, 0, MAX (0, width - text_width));
      if (!is_last && (left < right_edge + LABEL_SPACING || left + text_width + LABEL_SPACING > last_left))
        continue;

      append_text (snapshot, layout, left, axis_y + geometry->date_gap, fg);
      right_edge = left + text_width;
    }
}

static void
snapshot_series (DkHistoryChart *self,
                 cairo_t        *cr,
                 const Geometry *geometry)
{
  const graphene_rect_t *plot = &geometry->plot;

  for (guint s = 0; s < self->series->len; s++)
    {
      const Series *series = g_ptr_array_index (self->series, s);
      GdkRGBA color;
      double previous_y = 0;
      gboolean dots;

      if (!series_is_shown (series))
        continue;

      series_color (GTK_WIDGET (self), s, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_set_line_width (cr, LINE_WIDTH);
      cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
      set_dash (cr, s);

      /* An amount holds until the next calculation: across, then up or down. */
      for (guint i = 0; i < series->points->len; i++)
        {
          const DkHistoryPoint *point = &g_array_index (series->points, DkHistoryPoint, i);
          double x = plot->origin.x + dk_chart_scale_x (&self->scale, g_date_get_julian (&point->date), plot->size.width);
          double y = plot->origin.y + dk_chart_scale_y (&self->scale, point->cents, plot->size.height);

          if (i == 0)
            cairo_move_to (cr, x, y);
          else
            {
              cairo_line_to (cr, x, previous_y);
              cairo_line_to (cr, x, y);
            }
          previous_y = y;
        }
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);

      dots = series->points->len == 1 || plot->size.width / series->points->len >= MIN_DOT_SPACING;
      for (guint i = 0; dots && i < series->points->len; i++)
        {
          const DkHistoryPoint *point = &g_array_index (series->points, DkHistoryPoint, i);
          double x = plot->origin.x + dk_chart_scale_x (&self->scale, g_date_get_julian (&point->date), plot->size.width);
          double y = plot->origin.y + dk_chart_scale_y (&self->scale, point->cents, plot->size.height);

          cairo_new_sub_path (cr);
          cairo_arc (cr, x, y, DOT_RADIUS, 0, 2 * G_PI);
        }
      cairo_fill (cr);
    }
}

static void
snapshot_legend (DkHistoryChart *self,
                 GtkSnapshot    *snapshot,
                 cairo_t        *cr,
                 const Geometry *geometry,
                 double          width,
                 const GdkRGBA  *fg)
{
  double x = 0, y = 0;
  gboolean first = TRUE;

  for (guint s = 0; s < self->series->len; s++)
    {
      const Series *series = g_ptr_array_index (self->series, s);
      g_autoptr(PangoLayout) layout = NULL;
      int text_width, text_height;
      double item, middle;
      GdkRGBA color;

      if (!series_is_shown (series))
        continue;

      layout = create_layout (self, series->label, &text_width, &text_height);
      item = LEGEND_SWATCH + LEGEND_TEXT_GAP + text_width;
      if (!first && x > 0 && x + item > width)
        {
          x = 0;
          y += geometry->line_height;
        }
      first = FALSE;

      series_color (GTK_WIDGET (self), s, &color);
      gdk_cairo_set_source_rgba (cr, &color);
      cairo_set_line_width (cr, LINE_WIDTH);
      set_dash (cr, s);
      middle = y + geometry->line_height / 2.0;
      cairo_move_to (cr, x, middle);
      cairo_line_to (cr, x + LEGEND_SWATCH, middle);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      cairo_arc (cr, x + LEGEND_SWATCH / 2, middle, DOT_RADIUS, 0, 2 * G_PI);
      cairo_fill (cr);

      append_text (snapshot, layout, x + LEGEND_SWATCH + LEGEND_TEXT_GAP, y, fg);
      x += item + LEGEND_SPACING;
    }
}

static void
dk_history_chart_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  DkHistoryChart *self = DK_HISTORY_CHART (widget);
  double width = gtk_widget_get_width (widget);
  double height = gtk_widget_get_height (widget);
  Geometry geometry;
  GdkRGBA fg;
  cairo_t *cr;

  if (width <= 0 || height <= 0)
    return;

G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
G_GNUC_END_IGNORE_DEPRECATIONS

  if (!has_points (self))
    {
      snapshot_empty (self, snapshot, width, height, &fg);
      return;
    }

  compute_geometry (self, width, height, &geometry);
  if (geometry.plot.size.width <= 0 || geometry.plot.size.height <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, (float) width, (float) height));
  snapshot_grid (self, snapshot, cr, &geometry, &fg);
  snapshot_dates (self, snapshot, cr, &geometry, width, &fg);
  snapshot_series (self, cr, &geometry);
  snapshot_legend (self, snapshot, cr, &geometry, width, &fg);
  cairo_destroy (cr);
}

static void
dk_history_chart_finalize (GObject *object)
{
  DkHistoryChart *self = DK_HISTORY_CHART (object);

  g_clear_pointer (&self->series, g_ptr_array_unref);

  G_OBJECT_CLASS (dk_history_chart_parent_class)->finalize (object);
}

static void
dk_history_chart_class_init (DkHistoryChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = dk_history_chart_finalize;

  widget_class->get_request_mode = dk_history_chart_get_request_mode;
  widget_class->measure = dk_history_chart_measure;
  widget_class->snapshot = dk_history_chart_snapshot;

  gtk_widget_class_set_css_name (widget_class, "historychart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
dk_history_chart_init (DkHistoryChart *self)
{
  self->series = g_ptr_array_new_with_free_func (series_free);
  series_changed (self);
}

GtkWidget *
dk_history_chart_new (void)
{
  return g_object_new (DK_TYPE_HISTORY_CHART, NULL);
}
