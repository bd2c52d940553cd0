#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "dk-breakdown.h"
#include "dk-date.h"
#include "dk-form.h"
#include "dk-signal-labels.h"
#include "dk-signal-report-view.h"
#include "dk-sync-client.h"

static void
count_free (DkSignalReportCount *count)
{
  g_free (count->code);
  g_free (count);
}

void
dk_signal_report_view_free (DkSignalReportView *view)
{
  if (view == NULL)
    return;
  g_clear_pointer (&view->by_partner, g_ptr_array_unref);
  g_clear_pointer (&view->by_result, g_ptr_array_unref);
  g_free (view);
}

static gboolean
unexpected (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The sync server sent a report this version cannot read."));
  return FALSE;
}

static gboolean
is_count (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64 &&
         json_node_get_int (node) >= 0 && json_node_get_int (node) <= G_MAXUINT;
}

static gboolean
read_count (JsonObject  *object,
            const char  *member,
            guint       *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (!is_count (node))
    return unexpected (error);
  *out = (guint) json_node_get_int (node);
  return TRUE;
}

/* An object of counts by code, kept in the server's order (json-glib keeps members in order). */
static gboolean
read_counts (JsonObject  *object,
             const char  *member,
             GPtrArray   *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GList) members = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return unexpected (error);
  members = json_object_get_members (json_node_get_object (node));
  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *value = json_object_get_member (json_node_get_object (node), l->data);
      DkSignalReportCount *count;

      if (!is_count (value))
        return unexpected (error);
      count = g_new0 (DkSignalReportCount, 1);
      count->code = g_strdup (l->data);
      count->count = (guint) json_node_get_int (value);
      g_ptr_array_add (out, count);
    }
  return TRUE;
}

DkSignalReportView *
dk_signal_report_view_parse (JsonNode  *report,
                             GError   **error)
{
  g_autoptr(DkSignalReportView) view = g_new0 (DkSignalReportView, 1);
  JsonObject *object;
  JsonNode *median;

  view->by_partner = g_ptr_array_new_with_free_func ((GDestroyNotify) count_free);
  view->by_result = g_ptr_array_new_with_free_func ((GDestroyNotify) count_free);
  if (report == NULL || !JSON_NODE_HOLDS_OBJECT (report))
    return unexpected (error), NULL;
  object = json_node_get_object (report);

  if (!read_count (object, "signals", &view->n_signals, error) ||
      !read_counts (object, "signals_by_partner_type", view->by_partner, error) ||
      !read_count (object, "households", &view->n_households, error) ||
      !read_count (object, "cases", &view->n_cases, error) ||
      !read_count (object, "cases_reached", &view->n_reached, error) ||
      !read_counts (object, "cases_by_result", view->by_result, error) ||
      !read_count (object, "cases_without_result", &view->n_without_result, error) ||
      !read_count (object, "cases_picked_up", &view->n_picked_up, error))
    return NULL;
  if (view->n_reached > view->n_cases)
    return unexpected (error), NULL;

  /* The reach rate is not read: it follows from the two counts, which are exact. */
  median = json_object_get_member (object, "median_days_to_pick_up");
  if (median == NULL)
    return unexpected (error), NULL;
  if (!JSON_NODE_HOLDS_NULL (median))
    {
      GType type = JSON_NODE_HOLDS_VALUE (median) ? json_node_get_value_type (median) : G_TYPE_INVALID;

      if (type != G_TYPE_DOUBLE && type != G_TYPE_INT64)
        return unexpected (error), NULL;
      view->median_days = json_node_get_double (median);
      if (!isfinite (view->median_days) || view->median_days < 0)
        return unexpected (error), NULL;
      view->has_median = TRUE;
    }
  return g_steal_pointer (&view);
}

const char *
dk_signal_report_section_title (DkSignalReportSection section)
{
  switch (section)
    {
    case DK_SIGNAL_REPORT_SECTION_SIGNALS:
      return _("Signals");
    case DK_SIGNAL_REPORT_SECTION_REACH:
      return _("Households and reach");
    case DK_SIGNAL_REPORT_SECTION_OUTCOMES:
      return _("Outcomes");
    case DK_SIGNAL_REPORT_SECTION_PICK_UP:
      return _("Time to pick-up");
    default:
      g_return_val_if_reached (NULL);
    }
}

char *
dk_signal_report_format_rate (guint reached,
                              guint cases)
{
  guint64 tenths;

  if (cases == 0)
    return NULL;
  /* Tenths of a per cent, rounded half up, in integers so 1 of 3 is always 33,3%. */
  tenths = ((guint64) reached * 2000 + cases) / ((guint64) cases * 2);
  return dk_format_rate ((gint64) tenths * 1000);
}

char *
dk_signal_report_format_days (double days)
{
  gint64 tenths = (gint64) llround (days * 10);

  if (tenths < 0)
    tenths = 0;
  if (tenths % 10 == 0)
    {
      guint whole = (guint) MIN (tenths / 10, G_MAXUINT);

      return g_strdup_printf (ngettext ("%u day", "%u days", whole), whole);
    }
  {
    /* Dutch notation, as every number the program shows. */
    g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT ",%d", tenths / 10, (int) (tenths % 10));

    /* Translators: a number of days with a decimal, "4,5 days". */
    return g_strdup_printf (_("%s days"), value);
  }
}

void
dk_signal_report_default_period (const GDate *today,
                                 GDate       *out_from,
                                 GDate       *out_to)
{
  g_return_if_fail (today != NULL && g_date_valid (today));

  g_date_clear (out_from, 1);
  g_date_set_dmy (out_from, 1, g_date_get_month (today), g_date_get_year (today));
  g_date_subtract_months (out_from, 1);
  *out_to = *out_from;
  g_date_set_day (out_to, g_date_get_days_in_month (g_date_get_month (out_from), g_date_get_year (out_from)));
}

char *
dk_signal_report_path (const GDate *from,
                       const GDate *to)
{
  g_autofree char *first = dk_date_format_iso (from);
  g_autofree char *last = dk_date_format_iso (to);

  return g_strdup_printf ("/v1/signals/report?from=%s&to=%s", first, last);
}

static void
row_free (DkSignalReportRow *row)
{
  g_free (row->label);
  g_free (row->value);
  g_free (row->subtitle);
  g_free (row);
}

/* Takes @value and @subtitle. */
static void
add_row (GPtrArray             *rows,
         DkSignalReportSection  section,
         const char            *label,
         char                  *value,
         char                  *subtitle)
{
  DkSignalReportRow *row = g_new0 (DkSignalReportRow, 1);

  row->section = section;
  row->label = g_strdup (label);
  row->value = value;
  row->subtitle = subtitle;
  g_ptr_array_add (rows, row);
}

static char *
number (guint n)
{
  return g_strdup_printf ("%u", n);
}

GPtrArray *
dk_signal_report_view_rows (const DkSignalReportView *view)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  g_autofree char *rate = NULL;

  g_return_val_if_fail (view != NULL, rows);

  add_row (rows, DK_SIGNAL_REPORT_SECTION_SIGNALS, _("All signals"), number (view->n_signals), NULL);
  for (guint i = 0; i < view->by_partner->len; i++)
    {
      const DkSignalReportCount *count = view->by_partner->pdata[i];

      if (count->count > 0)
        add_row (rows, DK_SIGNAL_REPORT_SECTION_SIGNALS, dk_signal_partner_label (count->code),
                 number (count->count), NULL);
    }

  add_row (rows, DK_SIGNAL_REPORT_SECTION_REACH, _("Unique households"), number (view->n_households),
           g_strdup (_("Each household counts once, however many signals it had")));
  add_row (rows, DK_SIGNAL_REPORT_SECTION_REACH, _("Cases"), number (view->n_cases),
           g_strdup (_("Cases set aside are not counted")));
  rate = dk_signal_report_format_rate (view->n_reached, view->n_cases);
  add_row (rows, DK_SIGNAL_REPORT_SECTION_REACH, _("Reached"),
           rate == NULL ? g_strdup (_("No cases"))
                        /* Translators: "12 of 20 cases (60%)" */
                        : g_strdup_printf (ngettext ("%u of %u case (%s)", "%u of %u cases (%s)", view->n_cases),
                                           view->n_reached, view->n_cases, rate),
           g_strdup (_("Cases with a first contact")));

  for (guint i = 0; i < view->by_result->len; i++)
    {
      const DkSignalReportCount *count = view->by_result->pdata[i];

      if (count->count > 0)
        add_row (rows, DK_SIGNAL_REPORT_SECTION_OUTCOMES, dk_signal_result_code_label (count->code),
                 number (count->count), NULL);
    }
  add_row (rows, DK_SIGNAL_REPORT_SECTION_OUTCOMES, _("No outcome yet"), number (view->n_without_result), NULL);

  add_row (rows, DK_SIGNAL_REPORT_SECTION_PICK_UP, _("Cases picked up"), number (view->n_picked_up), NULL);
  if (view->has_median && view->n_picked_up > 0)
    add_row (rows, DK_SIGNAL_REPORT_SECTION_PICK_UP, _("Median time to pick-up"),
             dk_signal_report_format_days (view->median_days),
             g_strdup (_("From the first signal of the period to the day the case was picked up")));
  else
    add_row (rows, DK_SIGNAL_REPORT_SECTION_PICK_UP, _("Median time to pick-up"),
             g_strdup (_("No case picked up yet")), NULL);
  return rows;
}

char *
dk_signal_report_period_text (const GDate *from,
                              const GDate *to)
{
  g_autofree char *first = dk_date_format_dutch (from);
  g_autofree char *last = dk_date_format_dutch (to);

  /* Translators: a period, "01-10-2026 to 31-10-2026". */
  return g_strdup_printf (_("%s to %s"), first, last);
}

char *
dk_signal_report_error_text (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain != DK_SYNC_CLIENT_ERROR)
    return g_strdup (error->message);

  switch ((DkSyncClientError) error->code)
    {
    case DK_SYNC_CLIENT_ERROR_OFFLINE:
      return g_strdup (_("The sync server cannot be reached. The indicators come from the server; "
                         "try again when the connection is back."));
    case DK_SYNC_CLIENT_ERROR_FORBIDDEN:
      return g_strdup (_("Only team leads and back-office staff may see the indicators."));
    case DK_SYNC_CLIENT_ERROR_NOT_FOUND:
      return g_strdup (_("This sync server cannot report on early signals yet. Ask your administrator to update it."));
    case DK_SYNC_CLIENT_ERROR_REFUSED:
      /* Translators: the server's sentence follows. */
      return g_strdup_printf (_("The sync server refused this period: %s"), error->message);
    case DK_SYNC_CLIENT_ERROR_BUSY:
      return g_strdup (_("The sync server is busy. Try again in a moment."));
    case DK_SYNC_CLIENT_ERROR_UNAUTHORIZED:
    case DK_SYNC_CLIENT_ERROR_TOKEN_EXPIRED:
    case DK_SYNC_CLIENT_ERROR_DEVICE_REVOKED:
    case DK_SYNC_CLIENT_ERROR_VERSION_MISMATCH:
    case DK_SYNC_CLIENT_ERROR_TOO_LARGE:
    case DK_SYNC_CLIENT_ERROR_SERVER:
      break;
    }
  return g_strdup (error->message);
}

gboolean
dk_signal_report_read_period (const char           *from_text,
                              const char           *to_text,
                              GDate                *out_from,
                              GDate                *out_to,
                              DkSignalReportField  *out_field,
                              GError              **error)
{
  GDate from, to;

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  *out_field = DK_SIGNAL_REPORT_FIELD_FROM;
  if (!dk_form_read_date (from_text, FALSE, _("First day"), NULL, &from, error))
    return FALSE;
  *out_field = DK_SIGNAL_REPORT_FIELD_TO;
  if (!dk_form_read_date (to_text, FALSE, _("Last day"), NULL, &to, error))
    return FALSE;
  if (g_date_compare (&to, &from) < 0)
    {
      g_set_error_literal (error, DK_FORM_ERROR, 0, _("The last day lies before the first day."));
      return FALSE;
    }
  *out_from = from;
  *out_to = to;
  return TRUE;
}
