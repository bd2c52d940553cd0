/* The client's pure UI logic: form fields, the sync status line, the dossier list's row text, the
 * review window's values. No display needed. */

#include "config.h"

#include <locale.h>

#include "dk-dossier-list.h"
#include "dk-form.h"
#include "dk-labels.h"
#include "dk-review-window.h"
#include "dk-sync-status.h"
#include "dk-wgs.h"

static void
test_form_money (void)
{
  g_autoptr(GError) error = NULL;
  gboolean present = TRUE;
  gint64 cents = 0;

  g_assert_true (dk_form_read_money (" 1.234,56 ", FALSE, "Net amount", &present, &cents, &error));
  g_assert_no_error (error);
  g_assert_true (present);
  g_assert_cmpint (cents, ==, 123456);

  g_assert_true (dk_form_read_money ("", TRUE, "Gross amount", &present, &cents, &error));
  g_assert_false (present);

  g_assert_false (dk_form_read_money ("", FALSE, "Net amount", &present, &cents, &error));
  g_assert_cmpstr (error->message, ==, "Net amount is required.");
  g_clear_error (&error);

  /* The parser's own sentence, said of the field. */
  g_assert_false (dk_form_read_money ("12.50", FALSE, "Net amount", &present, &cents, &error));
  g_assert_true (g_str_has_prefix (error->message, "Net amount: "));
  g_clear_error (&error);

  g_assert_false (dk_form_read_money ("-5,00", FALSE, "Net amount", &present, &cents, &error));
  g_assert_cmpstr (error->message, ==, "Net amount cannot be negative.");
}

static void
test_form_date (void)
{
  g_autoptr(GError) error = NULL;
  GDate date, today, tomorrow;

  g_assert_true (dk_form_read_date ("28-02-2024", FALSE, "Date of birth", NULL, &date, &error));
  g_assert_cmpuint (g_date_get_day (&date), ==, 28);
  g_assert_cmpuint (g_date_get_year (&date), ==, 2024);

  g_assert_true (dk_form_read_date (" ", TRUE, "End date", NULL, &date, &error));
  g_assert_false (g_date_valid (&date));

  g_assert_false (dk_form_read_date ("29-02-2025", FALSE, "Date of birth", NULL, &date, &error));
  g_assert_true (g_str_has_prefix (error->message, "Date of birth: "));
  g_clear_error (&error);

  dk_form_today (&today);
  tomorrow = today;
  g_date_add_days (&tomorrow, 1);
  {
    g_autofree char *text = g_strdup_printf ("%02u-%02u-%04u", g_date_get_day (&tomorrow),
                                             g_date_get_month (&tomorrow), g_date_get_year (&tomorrow));

    g_assert_false (dk_form_read_date (text, FALSE, "Date of birth", &today, &date, &error));
    g_assert_cmpstr (error->message, ==, "Date of birth cannot be in the future.");
  }
}

static void
test_form_bsn_and_share (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *bsn = NULL;
  gboolean present = FALSE;
  gint ppm = 0;

  g_assert_true (dk_form_read_bsn ("111.222.333", FALSE, &bsn, &error));
  g_assert_cmpstr (bsn, ==, "111222333");
  g_clear_pointer (&bsn, g_free);

  g_assert_false (dk_form_read_bsn ("123456789", FALSE, &bsn, &error));
  g_assert_true (g_str_has_prefix (error->message, "BSN: "));
  g_assert_null (bsn);
  g_clear_error (&error);

  g_assert_true (dk_form_read_share ("33,33 %", FALSE, "Share", &present, &ppm, &error));
  g_assert_cmpint (ppm, ==, 333300);
  g_assert_false (dk_form_read_share ("101", FALSE, "Share", &present, &ppm, &error));
  g_assert_cmpstr (error->message, ==, "Share must be a percentage from 0 to 100.");
}

static void
test_sync_status (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 11, 23, 12, 0, 0);
  g_autoptr(GDateTime) earlier = g_date_time_add_hours (now, -1);
  g_autoptr(GDateTime) long_ago = g_date_time_add_days (now, -3);
  g_autoptr(GDateTime) local = g_date_time_to_local (earlier);
  g_autofree char *time = g_date_time_format (local, "%H:%M");
  g_autofree char *expected = g_strdup_printf ("Offline · 3 changes waiting · last synchronised today at %s", time);
  g_autofree char *text = NULL;

  text = dk_sync_status_text (FALSE, FALSE, 0, 3, earlier, now);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&text, g_free);

  text = dk_sync_status_text (TRUE, FALSE, 0, 1, NULL, now);
  g_assert_cmpstr (text, ==, "Online · 1 change waiting · never synchronised");
  g_clear_pointer (&text, g_free);

  text = dk_sync_status_text (TRUE, TRUE, 0, 0, long_ago, now);
  g_assert_true (g_str_has_prefix (text, "Synchronising… · last synchronised on "));
  g_clear_pointer (&text, g_free);

  /* A first sync of a large caseload: what came in so far. */
  text = dk_sync_status_text (TRUE, TRUE, 1250, 2, NULL, now);
  g_assert_cmpstr (text, ==, "Synchronising… 1250 changes received · 2 changes waiting · never synchronised");
}

static void
test_row_subtitle (void)
{
  GDate today, deadline;
  g_autofree char *plain = NULL;
  g_autofree char *due = NULL;
  g_autofree char *overdue = NULL;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 23, G_DATE_NOVEMBER, 2026);
  deadline = today;
  g_date_add_days (&deadline, 7);

  plain = dk_dossier_list_row_subtitle ("2026-K7QX3M", "Stabilisation", DK_WGS_DEADLINE_NONE, NULL, &today);
  g_assert_cmpstr (plain, ==, "2026-K7QX3M · Stabilisation");

  due = dk_dossier_list_row_subtitle ("2026-K7QX3M", "Intake", DK_WGS_DEADLINE_DECISION, &deadline, &today);
  g_assert_cmpstr (due, ==, "2026-K7QX3M · Intake · decision by 30-11-2026");

  g_date_subtract_days (&deadline, 10);
  overdue = dk_dossier_list_row_subtitle ("2026-K7QX3M", "Registration", DK_WGS_DEADLINE_FIRST_CONVERSATION,
                                          &deadline, &today);
  g_assert_cmpstr (overdue, ==, "2026-K7QX3M · Registration · first conversation overdue since 20-11-2026");
}

static void
test_review_values (void)
{
  g_autoptr(JsonNode) text = json_from_string ("\"de Vries\"", NULL);
  g_autoptr(JsonNode) flag = json_from_string ("true", NULL);
  g_autoptr(JsonNode) record = json_from_string ("{\"given_names\": \"Sanne\", \"bsn\": null}", NULL);
  g_autofree char *a = dk_review_format_value (text);
  g_autofree char *b = dk_review_format_value (flag);
  g_autofree char *c = dk_review_format_value (record);
  g_autofree char *d = dk_review_format_value (NULL);

  g_assert_cmpstr (a, ==, "de Vries");
  g_assert_cmpstr (b, ==, "yes");
  g_assert_cmpstr (c, ==, "given_names: Sanne\nbsn: (empty)");
  g_assert_cmpstr (d, ==, "(empty)");
}

static void
test_synced_field_label (void)
{
  g_autofree char *known = dk_synced_field_label ("income", "net_cents");
  g_autofree char *record = dk_synced_field_label ("debt", NULL);
  g_autofree char *unknown = dk_synced_field_label ("future_table", "future_field");

  g_assert_cmpstr (known, ==, "Income: net amount");
  g_assert_cmpstr (record, ==, "Debt");
  /* A newer server may sync what this client has no words for: shown as it is, never dropped. */
  g_assert_cmpstr (unknown, ==, "future_table: future_field");
}

int
main (int   argc,
      char *argv[])
{
  /* The messages are checked in English, whatever the machine's language. */
  g_setenv ("LANGUAGE", "C", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/form/money", test_form_money);
  g_test_add_func ("/client/form/date", test_form_date);
  g_test_add_func ("/client/form/bsn-and-share", test_form_bsn_and_share);
  g_test_add_func ("/client/sync-status", test_sync_status);
  g_test_add_func ("/client/dossier-list/row-subtitle", test_row_subtitle);
  g_test_add_func ("/client/review/values", test_review_values);
  g_test_add_func ("/client/review/field-label", test_synced_field_label);

  return g_test_run ();
}
