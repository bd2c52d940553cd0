/* The monitoring dialog's logic: the server's report read into a struct and shown as labelled rows,
 * the numbers in Dutch notation, the period; and, with a display, the dialog itself. */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "dk-date.h"
#include "dk-form.h"
#include "dk-session.h"
#include "dk-signal-report-dialog.h"
#include "dk-signal-report-view.h"
#include "dk-sync-client.h"

static gboolean have_display;

/* As `draagkracht-admin signals report --json` prints it: every partner type and end result. */
#define REPORT_JSON \
  "{ \"signals\": 7," \
  "  \"signals_by_partner_type\": { \"Energie\": 3, \"Huur\": 4, \"Hypotheek\": 0, \"CAK Zorgverzekeringen\": 0," \
  "    \"Zorg\": 0, \"Water\": 0, \"DUO\": 0, \"Belastingdienst\": 0, \"CAK Eigen bijdrage\": 0, \"Overige\": 0," \
  "    \"Dienst Toeslagen\": 0 }," \
  "  \"households\": 5, \"cases\": 3, \"cases_reached\": 1, \"reach_rate_percent\": 33.333333333333336," \
  "  \"cases_by_result\": { \"Niet opgepakt: herhaalde melding\": 0, \"Inwoner hoeft geen hulp vanuit vroegsignalering\": 1," \
  "    \"Vervolghulp en/of verwijzing financieel\": 0 }," \
  "  \"cases_without_result\": 2, \"cases_picked_up\": 2, \"median_days_to_pick_up\": 4.5 }"

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

static DkSignalReportView *
view_of (const char *json)
{
  g_autoptr(JsonNode) node = parse (json);
  g_autoptr(GError) error = NULL;
  DkSignalReportView *view = dk_signal_report_view_parse (node, &error);

  g_assert_no_error (error);
  g_assert_nonnull (view);
  return view;
}

static void
test_parse (void)
{
  g_autoptr(DkSignalReportView) view = view_of (REPORT_JSON);
  const DkSignalReportCount *first;

  g_assert_cmpuint (view->n_signals, ==, 7);
  g_assert_cmpuint (view->by_partner->len, ==, 11);
  /* In the server's order. */
  first = view->by_partner->pdata[0];
  g_assert_cmpstr (first->code, ==, "Energie");
  g_assert_cmpuint (first->count, ==, 3);
  g_assert_cmpuint (view->n_households, ==, 5);
  g_assert_cmpuint (view->n_cases, ==, 3);
  g_assert_cmpuint (view->n_reached, ==, 1);
  g_assert_cmpuint (view->by_result->len, ==, 3);
  g_assert_cmpuint (view->n_without_result, ==, 2);
  g_assert_cmpuint (view->n_picked_up, ==, 2);
  g_assert_true (view->has_median);
  g_assert_cmpfloat (view->median_days, ==, 4.5);
}

static void
test_parse_refuses (void)
{
  const char *bad[] = {
    "[]",
    "{\"signals\": 1}",
    /* A count that is not one. */
    "{ \"signals\": -1, \"signals_by_partner_type\": {}, \"households\": 0, \"cases\": 0, \"cases_reached\": 0,"
    "  \"cases_by_result\": {}, \"cases_without_result\": 0, \"cases_picked_up\": 0, \"median_days_to_pick_up\": null }",
    "{ \"signals\": 1, \"signals_by_partner_type\": { \"Energie\": \"1\" }, \"households\": 0, \"cases\": 0,"
    "  \"cases_reached\": 0, \"cases_by_result\": {}, \"cases_without_result\": 0, \"cases_picked_up\": 0,"
    "  \"median_days_to_pick_up\": null }",
    /* More reached than there are cases. */
    "{ \"signals\": 1, \"signals_by_partner_type\": {}, \"households\": 1, \"cases\": 1, \"cases_reached\": 2,"
    "  \"cases_by_result\": {}, \"cases_without_result\": 0, \"cases_picked_up\": 0, \"median_days_to_pick_up\": null }",
    /* The median missing, or not a number. */
    "{ \"signals\": 1, \"signals_by_partner_type\": {}, \"households\": 1, \"cases\": 1, \"cases_reached\": 1,"
    "  \"cases_by_result\": {}, \"cases_without_result\": 0, \"cases_picked_up\": 0 }",
    "{ \"signals\": 1, \"signals_by_partner_type\": {}, \"households\": 1, \"cases\": 1, \"cases_reached\": 1,"
    "  \"cases_by_result\": {}, \"cases_without_result\": 0, \"cases_picked_up\": 1, \"median_days_to_pick_up\": \"4\" }",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) node = parse (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(DkSignalReportView) view = dk_signal_report_view_parse (node, &error);

      g_assert_null (view);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

static const DkSignalReportRow *
row_labelled (GPtrArray  *rows,
              const char *label)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const DkSignalReportRow *row = rows->pdata[i];

      if (g_str_equal (row->label, label))
        return row;
    }
  return NULL;
}

static void
test_rows (void)
{
  g_autoptr(DkSignalReportView) view = view_of (REPORT_JSON);
  g_autoptr(GPtrArray) rows = dk_signal_report_view_rows (view);
  const DkSignalReportRow *row;
  DkSignalReportSection last = DK_SIGNAL_REPORT_SECTION_SIGNALS;

  /* Sections in order, each row under one. */
  for (guint i = 0; i < rows->len; i++)
    {
      const DkSignalReportRow *r = rows->pdata[i];

      g_assert_cmpint (r->section, >=, last);
      last = r->section;
      g_assert_nonnull (r->label);
      g_assert_nonnull (r->value);
    }

  row = row_labelled (rows, "All signals");
  g_assert_nonnull (row);
  g_assert_cmpint (row->section, ==, DK_SIGNAL_REPORT_SECTION_SIGNALS);
  g_assert_cmpstr (row->value, ==, "7");
  /* The partner types with signals, in words; those without are left out. */
  g_assert_cmpstr (row_labelled (rows, "Energy")->value, ==, "3");
  g_assert_cmpstr (row_labelled (rows, "Rent")->value, ==, "4");
  g_assert_null (row_labelled (rows, "Mortgage"));

  g_assert_cmpstr (row_labelled (rows, "Unique households")->value, ==, "5");
  g_assert_cmpstr (row_labelled (rows, "Cases")->value, ==, "3");
  row = row_labelled (rows, "Reached");
  g_assert_cmpint (row->section, ==, DK_SIGNAL_REPORT_SECTION_REACH);
  g_assert_cmpstr (row->value, ==, "1 of 3 cases (33,3%)");

  /* Outcomes: the end results someone had, and the open cases. */
  row = row_labelled (rows, "No outcome yet");
  g_assert_cmpint (row->section, ==, DK_SIGNAL_REPORT_SECTION_OUTCOMES);
  g_assert_cmpstr (row->value, ==, "2");
  {
    guint n_outcomes = 0;

    for (guint i = 0; i < rows->len; i++)
      if (((DkSignalReportRow *) rows->pdata[i])->section == DK_SIGNAL_REPORT_SECTION_OUTCOMES)
        n_outcomes++;
    g_assert_cmpuint (n_outcomes, ==, 2);
  }

  row = row_labelled (rows, "Median time to pick-up");
  g_assert_cmpint (row->section, ==, DK_SIGNAL_REPORT_SECTION_PICK_UP);
  g_assert_cmpstr (row->value, ==, "4,5 days");
  g_assert_cmpstr (row_labelled (rows, "Cases picked up")->value, ==, "2");
}

static void
test_rows_empty (void)
{
  g_autoptr(DkSignalReportView) view = view_of (
    "{ \"signals\": 0, \"signals_by_partner_type\": { \"Energie\": 0 }, \"households\": 0, \"cases\": 0,"
    "  \"cases_reached\": 0, \"reach_rate_percent\": 0.0, \"cases_by_result\": {}, \"cases_without_result\": 0,"
    "  \"cases_picked_up\": 0, \"median_days_to_pick_up\": null }");
  g_autoptr(GPtrArray) rows = dk_signal_report_view_rows (view);

  g_assert_cmpstr (row_labelled (rows, "All signals")->value, ==, "0");
  g_assert_null (row_labelled (rows, "Energy"));
  g_assert_cmpstr (row_labelled (rows, "Reached")->value, ==, "No cases");
  g_assert_cmpstr (row_labelled (rows, "Median time to pick-up")->value, ==, "No case picked up yet");
}

static void
test_unknown_codes (void)
{
  /* A newer server may know a partner type this version does not: shown as the server names it. */
  g_autoptr(DkSignalReportView) view = view_of (
    "{ \"signals\": 2, \"signals_by_partner_type\": { \"Telecom\": 2 }, \"households\": 1, \"cases\": 1,"
    "  \"cases_reached\": 1, \"cases_by_result\": { \"Iets nieuws\": 1 }, \"cases_without_result\": 0,"
    "  \"cases_picked_up\": 1, \"median_days_to_pick_up\": 3 }");
  g_autoptr(GPtrArray) rows = dk_signal_report_view_rows (view);

  g_assert_cmpstr (row_labelled (rows, "Telecom")->value, ==, "2");
  g_assert_cmpstr (row_labelled (rows, "Iets nieuws")->value, ==, "1");
  g_assert_cmpstr (row_labelled (rows, "Median time to pick-up")->value, ==, "3 days");
  g_assert_cmpstr (row_labelled (rows, "Reached")->value, ==, "1 of 1 case (100%)");
}

static void
test_format (void)
{
  struct { guint reached, cases; const char *text; } rates[] = {
    { 1, 3, "33,3%" },
    { 2, 3, "66,7%" },
    { 3, 5, "60%" },
    { 0, 4, "0%" },
    { 1, 8, "12,5%" },
    /* 0,05% rounds up, not to even. */
    { 1, 2000, "0,1%" },
    { 7, 7, "100%" },
  };
  struct { double days; const char *text; } days[] = {
    { 0, "0 days" },
    { 1, "1 day" },
    { 4, "4 days" },
    { 4.5, "4,5 days" },
    { 12.25, "12,3 days" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (rates); i++)
    {
      g_autofree char *text = dk_signal_report_format_rate (rates[i].reached, rates[i].cases);

      g_assert_cmpstr (text, ==, rates[i].text);
    }
  g_assert_null (dk_signal_report_format_rate (0, 0));

  for (gsize i = 0; i < G_N_ELEMENTS (days); i++)
    {
      g_autofree char *text = dk_signal_report_format_days (days[i].days);

      g_assert_cmpstr (text, ==, days[i].text);
    }
}

static void
assert_period (GDateYear   year,
               GDateMonth  month,
               GDateDay    day,
               const char *from,
               const char *to)
{
  GDate today = dk_date_ymd (year, month, day);
  GDate first, last;
  g_autofree char *first_text = NULL;
  g_autofree char *last_text = NULL;

  dk_signal_report_default_period (&today, &first, &last);
  first_text = dk_date_format_iso (&first);
  last_text = dk_date_format_iso (&last);
  g_assert_cmpstr (first_text, ==, from);
  g_assert_cmpstr (last_text, ==, to);
}

static void
test_period (void)
{
  GDate from = dk_date_ymd (2026, 10, 1);
  GDate to = dk_date_ymd (2026, 10, 31);
  GDate a, b;
  DkSignalReportField field;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = dk_signal_report_path (&from, &to);
  g_autofree char *text = dk_signal_report_period_text (&from, &to);

  assert_period (2026, 11, 23, "2026-10-01", "2026-10-31");
  assert_period (2026, 1, 1, "2025-12-01", "2025-12-31");
  assert_period (2028, 3, 31, "2028-02-01", "2028-02-29");
  assert_period (2027, 3, 15, "2027-02-01", "2027-02-28");

  g_assert_cmpstr (path, ==, "/v1/signals/report?from=2026-10-01&to=2026-10-31");
  g_assert_cmpstr (text, ==, "01-10-2026 to 31-10-2026");

  g_assert_true (dk_signal_report_read_period ("1-10-2026", " 31-10-2026 ", &a, &b, &field, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_date_compare (&a, &from), ==, 0);
  g_assert_cmpint (g_date_compare (&b, &to), ==, 0);
  /* One day is a period too. */
  g_assert_true (dk_signal_report_read_period ("31-10-2026", "31-10-2026", &a, &b, &field, &error));

  g_assert_false (dk_signal_report_read_period ("", "31-10-2026", &a, &b, &field, &error));
  g_assert_cmpint (field, ==, DK_SIGNAL_REPORT_FIELD_FROM);
  g_assert_nonnull (strstr (error->message, "First day"));
  g_clear_error (&error);

  g_assert_false (dk_signal_report_read_period ("01-10-2026", "31-02-2026", &a, &b, &field, &error));
  g_assert_cmpint (field, ==, DK_SIGNAL_REPORT_FIELD_TO);
  g_clear_error (&error);

  g_assert_false (dk_signal_report_read_period ("01-11-2026", "31-10-2026", &a, &b, &field, &error));
  g_assert_cmpint (field, ==, DK_SIGNAL_REPORT_FIELD_TO);
  g_assert_cmpstr (error->message, ==, "The last day lies before the first day.");
}

static void
assert_error_text (int         code,
                   const char *message,
                   const char *expected)
{
  g_autoptr(GError) error = g_error_new_literal (DK_SYNC_CLIENT_ERROR, code, message);
  g_autofree char *text = dk_signal_report_error_text (error);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_error_text (void)
{
  assert_error_text (DK_SYNC_CLIENT_ERROR_FORBIDDEN, "Your role does not allow this.",
                     "Only team leads and back-office staff may see the indicators.");
  assert_error_text (DK_SYNC_CLIENT_ERROR_OFFLINE, "x",
                     "The sync server cannot be reached. The indicators come from the server; try again when the "
                     "connection is back.");
  assert_error_text (DK_SYNC_CLIENT_ERROR_REFUSED, "The period is longer than a year.",
                     "The sync server refused this period: The period is longer than a year.");
  assert_error_text (DK_SYNC_CLIENT_ERROR_SERVER, "The sync server had a problem (HTTP 500). Please try again later.",
                     "The sync server had a problem (HTTP 500). Please try again later.");
}

/* ---- the dialog, with a display ---- */

static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  if (!gtk_widget_get_visible (widget))
    return FALSE;
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (shows_text (child, text))
      return TRUE;
  return FALSE;
}

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_dialog (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(DkSession) session = NULL;
  g_autoptr(JsonNode) report = parse (REPORT_JSON);
  g_autoptr(JsonNode) broken = parse ("{\"signals\": true}");
  GtkWidget *dialog;
  GDate today, from, to;
  g_autofree char *from_text = NULL;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  settings = g_settings_new ("nl.draagkracht.Draagkracht");
  session = dk_session_new (settings, "http://127.0.0.1:9");
  dialog = dk_signal_report_dialog_new (NULL, session);
  gtk_window_present (GTK_WINDOW (dialog));
  spin ();

  /* The previous month is filled in; offline says why nothing can be shown. */
  dk_form_today (&today);
  dk_signal_report_default_period (&today, &from, &to);
  from_text = dk_date_format_dutch (&from);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (
                     gtk_widget_get_template_child (dialog, DK_TYPE_SIGNAL_REPORT_DIALOG, "from_row"))), ==, from_text);
  g_assert_true (shows_text (dialog, "There is no connection with the sync server now."));

  g_assert_true (dk_signal_report_dialog_show_report (DK_SIGNAL_REPORT_DIALOG (dialog), report));
  g_assert_true (shows_text (dialog, "Households and reach"));
  g_assert_true (shows_text (dialog, "Unique households"));
  g_assert_true (shows_text (dialog, "1 of 3 cases (33,3%)"));
  g_assert_true (shows_text (dialog, "4,5 days"));

  g_assert_false (dk_signal_report_dialog_show_report (DK_SIGNAL_REPORT_DIALOG (dialog), broken));
  g_assert_false (shows_text (dialog, "Unique households"));
  g_assert_true (shows_text (dialog, "The sync server sent a report this version cannot read."));

  gtk_window_destroy (GTK_WINDOW (dialog));
  spin ();
}

int
main (int   argc,
      char *argv[])
{
  /* The expected texts are the untranslated ones, whatever the locale the test runs in. */
  gtk_disable_setlocale ();
  g_test_init (&argc, &argv, NULL);
  /* As test-dossier-page: only try a display when there may be one (fontconfig leaks otherwise). */
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL || g_getenv ("GDK_BACKEND") != NULL)
    have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

  g_test_add_func ("/signal-report-view/parse", test_parse);
  g_test_add_func ("/signal-report-view/parse-refuses", test_parse_refuses);
  g_test_add_func ("/signal-report-view/rows", test_rows);
  g_test_add_func ("/signal-report-view/rows-empty", test_rows_empty);
  g_test_add_func ("/signal-report-view/unknown-codes", test_unknown_codes);
  g_test_add_func ("/signal-report-view/format", test_format);
  g_test_add_func ("/signal-report-view/period", test_period);
  g_test_add_func ("/signal-report-view/error-text", test_error_text);
  g_test_add_func ("/signal-report-view/dialog", test_dialog);

  return g_test_run ();
}
