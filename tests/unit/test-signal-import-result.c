/* The signal import dialog's logic: the checks on the chosen file, the server's answer read and put
 * in sentences, the errors a person can act on; and, with a display, the dialog itself. */
#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "dk-session.h"
#include "dk-signal-import-dialog.h"
#include "dk-signal-import-result.h"
#include "dk-sync-client.h"

static gboolean have_display;

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  return node;
}

static void
test_check_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *big = NULL;
  const char csv[] = "signaalpartner_type;signaaldatum;bsn\nEnergie;2026-10-01;111222333\n";

  g_assert_true (dk_signal_import_check_file ("signalen.csv", csv, strlen (csv), &error));
  g_assert_no_error (error);
  g_assert_true (dk_signal_import_check_file ("DDAS.JSON", "[]", 2, &error));
  g_assert_no_error (error);

  /* The server reads the format from the text when the name does not say it. */
  g_assert_true (dk_signal_import_check_file ("signalen.txt", csv, strlen (csv), &error));
  g_assert_no_error (error);

  g_assert_false (dk_signal_import_check_file ("leeg.csv", "", 0, &error));
  g_assert_cmpstr (error->message, ==, "This file is empty.");
  g_clear_error (&error);

  /* Latin-1 "é", as an old Excel saves it. */
  g_assert_false (dk_signal_import_check_file ("latin1.csv", "Caf\xe9;x\n", 7, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_nonnull (strstr (error->message, "not UTF-8"));
  g_clear_error (&error);

  /* A NUL cannot travel in the JSON string the file is sent in. */
  g_assert_false (dk_signal_import_check_file ("nul.csv", "a\0b", 3, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);

  /* The server's limit, and one byte more. */
  big = g_malloc (DK_SIGNAL_IMPORT_MAX_FILE_BYTES + 1);
  memset (big, 'a', DK_SIGNAL_IMPORT_MAX_FILE_BYTES + 1);
  g_assert_true (dk_signal_import_check_file ("big.csv", big, DK_SIGNAL_IMPORT_MAX_FILE_BYTES, &error));
  g_assert_no_error (error);
  g_assert_false (dk_signal_import_check_file ("big.csv", big, DK_SIGNAL_IMPORT_MAX_FILE_BYTES + 1, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE);
}

static void
test_is_json (void)
{
  g_assert_true (dk_signal_import_file_is_json ("ddas.json", "whatever"));
  g_assert_true (dk_signal_import_file_is_json ("DDAS.JSON", ""));
  g_assert_false (dk_signal_import_file_is_json ("signalen.csv", "[]"));
  g_assert_true (dk_signal_import_file_is_json ("export.txt", "\xef\xbb\xbf \n [ {} ]"));
  g_assert_true (dk_signal_import_file_is_json ("export", "{\"leveringen\": []}"));
  g_assert_false (dk_signal_import_file_is_json ("export.txt", "signaalpartner_type;bsn\n"));
}

static void
test_parse (void)
{
  g_autoptr(JsonNode) answer = parse ("{\"imported\": 12, \"duplicates\": 3, \"cases_new\": 4, \"cases_attached\": 2,"
                                      " \"published\": 4, \"tasks\": 1, \"something_new\": true,"
                                      " \"rejected\": [ {\"line\": 7, \"column\": \"bsn\", \"reason\": \"not a valid BSN\"},"
                                      "                 {\"line\": 12, \"column\": null, \"reason\": \"needs a BSN or an address\"} ] }");
  g_autoptr(GError) error = NULL;
  g_autoptr(DkSignalImportResult) result = dk_signal_import_result_parse (answer, &error);
  const DkSignalImportRejection *first, *second;

  g_assert_no_error (error);
  g_assert_nonnull (result);
  g_assert_cmpuint (result->imported, ==, 12);
  g_assert_cmpuint (result->duplicates, ==, 3);
  g_assert_cmpuint (result->cases_new, ==, 4);
  g_assert_cmpuint (result->cases_attached, ==, 2);
  g_assert_cmpuint (result->published, ==, 4);
  g_assert_cmpuint (result->tasks, ==, 1);
  g_assert_cmpuint (result->rejected->len, ==, 2);
  first = result->rejected->pdata[0];
  second = result->rejected->pdata[1];
  g_assert_cmpuint (first->line, ==, 7);
  g_assert_cmpstr (first->column, ==, "bsn");
  g_assert_cmpstr (first->reason, ==, "not a valid BSN");
  g_assert_cmpuint (second->line, ==, 12);
  g_assert_null (second->column);
}

static void
test_parse_refuses (void)
{
  const char *bad[] = {
    "[]",
    "{\"imported\": 1}",
    "{\"imported\": -1, \"duplicates\": 0, \"cases_new\": 0, \"cases_attached\": 0, \"published\": 0, \"tasks\": 0, \"rejected\": []}",
    "{\"imported\": \"1\", \"duplicates\": 0, \"cases_new\": 0, \"cases_attached\": 0, \"published\": 0, \"tasks\": 0, \"rejected\": []}",
    "{\"imported\": 1, \"duplicates\": 0, \"cases_new\": 0, \"cases_attached\": 0, \"published\": 0, \"tasks\": 0, \"rejected\": {}}",
    "{\"imported\": 1, \"duplicates\": 0, \"cases_new\": 0, \"cases_attached\": 0, \"published\": 0, \"tasks\": 0, \"rejected\": [{\"line\": 2}]}",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(JsonNode) answer = parse (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(DkSignalImportResult) result = dk_signal_import_result_parse (answer, &error);

      g_assert_null (result);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
}

static DkSignalImportResult *
result_of (const char *json)
{
  g_autoptr(JsonNode) answer = parse (json);
  g_autoptr(GError) error = NULL;
  DkSignalImportResult *result = dk_signal_import_result_parse (answer, &error);

  g_assert_no_error (error);
  return result;
}

static void
test_summary (void)
{
  g_autoptr(DkSignalImportResult) full = result_of (
    "{\"imported\": 12, \"duplicates\": 1, \"cases_new\": 4, \"cases_attached\": 2, \"published\": 4, \"tasks\": 1,"
    " \"rejected\": [ {\"line\": 7, \"column\": \"bsn\", \"reason\": \"not a valid BSN\"} ] }");
  g_autoptr(DkSignalImportResult) again = result_of (
    "{\"imported\": 0, \"duplicates\": 14, \"cases_new\": 0, \"cases_attached\": 0, \"published\": 0, \"tasks\": 0,"
    " \"rejected\": [] }");
  g_autoptr(DkSignalImportResult) one = result_of (
    "{\"imported\": 1, \"duplicates\": 0, \"cases_new\": 0, \"cases_attached\": 1, \"published\": 0, \"tasks\": 0,"
    " \"rejected\": [] }");
  g_autoptr(DkSignalImportResult) nothing = result_of (
    "{\"imported\": 0, \"duplicates\": 0, \"cases_new\": 0, \"cases_attached\": 0, \"published\": 0, \"tasks\": 0,"
    " \"rejected\": [ {\"line\": 2, \"column\": null, \"reason\": \"a\"}, {\"line\": 3, \"column\": null, \"reason\": \"b\"} ] }");
  g_autofree char *full_text = dk_signal_import_result_summary (full);
  g_autofree char *again_text = dk_signal_import_result_summary (again);
  g_autofree char *one_text = dk_signal_import_result_summary (one);
  g_autofree char *nothing_text = dk_signal_import_result_summary (nothing);
  g_autofree char *full_heading = dk_signal_import_result_rejected_heading (full);
  g_autofree char *nothing_heading = dk_signal_import_result_rejected_heading (nothing);
  g_autofree char *again_heading = dk_signal_import_result_rejected_heading (again);

  g_assert_cmpstr (full_text, ==,
                   "12 signals imported.\n"
                   "1 signal was already there and was left as it was.\n"
                   "4 new cases were made.\n"
                   "2 existing cases got new signals.\n"
                   "4 cases are ready to be worked on.\n"
                   "1 task was added to a running dossier.");
  /* The same file twice: nothing new, said plainly. */
  g_assert_cmpstr (again_text, ==, "Every signal in this file was imported before; nothing new was made.");
  g_assert_cmpstr (one_text, ==, "1 signal imported.\n1 existing case got new signals.");
  g_assert_cmpstr (nothing_text, ==, "No new signals were imported.");

  g_assert_cmpstr (full_heading, ==, "1 row could not be imported. Ask the signal partner to correct it:");
  g_assert_cmpstr (nothing_heading, ==, "2 rows could not be imported. Ask the signal partner to correct them:");
  g_assert_null (again_heading);
}

static void
test_rejection_text (void)
{
  DkSignalImportRejection with_column = { 12, (char *) "bsn", (char *) "not a valid BSN (nine digits)." };
  DkSignalImportRejection without = { 3, NULL, (char *) "needs a BSN, or a postcode and house number." };
  g_autofree char *csv = dk_signal_import_rejection_text (&with_column, FALSE);
  g_autofree char *json = dk_signal_import_rejection_text (&with_column, TRUE);
  g_autofree char *plain = dk_signal_import_rejection_text (&without, FALSE);
  g_autofree char *plain_json = dk_signal_import_rejection_text (&without, TRUE);

  g_assert_cmpstr (csv, ==, "Line 12, column “bsn”: not a valid BSN (nine digits).");
  g_assert_cmpstr (json, ==, "Record 12, column “bsn”: not a valid BSN (nine digits).");
  g_assert_cmpstr (plain, ==, "Line 3: needs a BSN, or a postcode and house number.");
  g_assert_cmpstr (plain_json, ==, "Record 3: needs a BSN, or a postcode and house number.");
}

static void
assert_error_text (GQuark      domain,
                   int         code,
                   const char *message,
                   const char *expected)
{
  g_autoptr(GError) error = g_error_new_literal (domain, code, message);
  g_autofree char *text = dk_signal_import_error_text (error);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_error_text (void)
{
  assert_error_text (DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_OFFLINE, "Could not reach the sync server: x",
                     "The sync server cannot be reached, so nothing was imported. Try again when the connection is back.");
  assert_error_text (DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_FORBIDDEN, "Your role does not allow this.",
                     "Your role may not import signals. Field workers, team leads and back-office staff may.");
  assert_error_text (DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_TOO_LARGE, "x",
                     "This file is more than the sync server takes at once. Split it into smaller files and import them one by one.");
  assert_error_text (DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_REFUSED, "The file has no column signaaldatum.",
                     "This file cannot be imported: The file has no column signaaldatum.");
  assert_error_text (DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_NOT_FOUND, "x",
                     "This sync server cannot import signals yet. Ask your administrator to update it.");
  /* The session's own sentences stand as they are. */
  assert_error_text (DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_UNAUTHORIZED, "Your session has ended. Sign in again to continue.",
                     "Your session has ended. Sign in again to continue.");
  assert_error_text (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled",
                     "The import was stopped. If the file had already reached the sync server, its signals may have "
                     "been imported; importing the same file again creates nothing new.");
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

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
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
  GtkWidget *dialog;
  const char csv[] = "signaalpartner_type;signaaldatum;bsn\nEnergie;2026-10-01;111222333\n";

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  settings = g_settings_new ("nl.draagkracht.Draagkracht");
  /* Signed out, and nobody listening on the discard port: the session is offline. */
  session = dk_session_new (settings, "http://127.0.0.1:9");
  dialog = dk_signal_import_dialog_new (NULL, session);
  gtk_window_present (GTK_WINDOW (dialog));
  spin ();

  /* Offline: nothing can be imported, and the dialog says why. */
  g_assert_true (shows_text (dialog, "There is no connection with the sync server now."));
  g_assert_true (shows_text (dialog, "No file chosen"));

  dk_signal_import_dialog_set_file_contents (DK_SIGNAL_IMPORT_DIALOG (dialog), "latin1.csv", "Caf\xe9\n", 5);
  g_assert_true (shows_text (dialog, "latin1.csv"));
  g_assert_true (shows_text (dialog, "This file is not UTF-8 text."));

  dk_signal_import_dialog_set_file_contents (DK_SIGNAL_IMPORT_DIALOG (dialog), "signalen.csv", csv, strlen (csv));
  g_assert_true (shows_text (dialog, "signalen.csv"));
  g_assert_false (shows_text (dialog, "This file is not UTF-8 text."));
  /* A good file, but offline: Import stays off; choosing another file is possible. */
  g_assert_nonnull (find_button (dialog, "_Import"));
  g_assert_false (gtk_widget_get_sensitive (find_button (dialog, "_Import")));
  g_assert_true (gtk_widget_get_sensitive (find_button (dialog, "C_hoose…")));

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

  g_test_add_func ("/signal-import-result/check-file", test_check_file);
  g_test_add_func ("/signal-import-result/is-json", test_is_json);
  g_test_add_func ("/signal-import-result/parse", test_parse);
  g_test_add_func ("/signal-import-result/parse-refuses", test_parse_refuses);
  g_test_add_func ("/signal-import-result/summary", test_summary);
  g_test_add_func ("/signal-import-result/rejection-text", test_rejection_text);
  g_test_add_func ("/signal-import-result/error-text", test_error_text);
  g_test_add_func ("/signal-import-result/dialog", test_dialog);

  return g_test_run ();
}
