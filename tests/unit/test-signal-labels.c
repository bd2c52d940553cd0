/* The words of the early-signal screens (dk-signal-labels.h): partner types, stages, tasks, contact
 * kinds, the fifteen end results and their groups, due dates relative to today, the line of the task
 * list as a screen reader reads it, and the order of a round of home visits. With a display also the
 * task list and the case page on a store with cases: what they show, and that their buttons and
 * dialogs write what the worker did. */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "dk-attempt-dialog.h"
#include "dk-date.h"
#include "dk-domain-schema.h"
#include "dk-edit-dialog.h"
#include "dk-form.h"
#include "dk-outcome-dialog.h"
#include "dk-signal-labels.h"
#include "dk-signal-list.h"
#include "dk-signal-page.h"
#include "dk-signal-work-repo.h"
#include "dk-test-util.h"
#include "dk-uuid.h"

static gboolean have_display;

static GDate
date_of (const char *iso)
{
  GDate date;

  g_date_clear (&date, 1);
  g_assert_true (dk_date_parse (iso, &date, NULL));
  return date;
}

/* ---- labels ---- */

static void
assert_label (const char *label)
{
  g_assert_nonnull (label);
  g_assert_cmpuint (strlen (label), >, 0);
}

static void
test_labels_complete (void)
{
  static const char * const partners[] = { "Energie", "Huur", "Hypotheek", "CAK Zorgverzekeringen", "Zorg", "Water",
                                           "DUO", "Belastingdienst", "CAK Eigen bijdrage", "Overige",
                                           "Dienst Toeslagen" };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  /* Every DDAS partner type has words of its own, and no two the same. */
  for (guint i = 0; i < G_N_ELEMENTS (partners); i++)
    {
      const char *label = dk_signal_partner_label (partners[i]);

      assert_label (label);
      g_assert_false (g_hash_table_contains (seen, label));
      g_hash_table_add (seen, (gpointer) label);
    }
  g_assert_cmpstr (dk_signal_partner_label ("Huur"), ==, "Rent");
  g_assert_cmpstr (dk_signal_partner_label ("Belastingdienst"), ==, "Tax authority");
  /* A code this version does not know is shown as it is, never dropped. */
  g_assert_cmpstr (dk_signal_partner_label ("Telecom"), ==, "Telecom");
  g_assert_null (dk_signal_partner_label (NULL));

  for (int i = DK_SIGNAL_STAGE_CHECKS; i <= DK_SIGNAL_STAGE_CLOSED; i++)
    assert_label (dk_signal_stage_label ((DkSignalStage) i));
  for (int i = DK_SIGNAL_TASK_REVISIT; i <= DK_SIGNAL_TASK_CONTACT_FORMER_CLIENT; i++)
    assert_label (dk_signal_task_kind_label ((DkSignalTaskKind) i));
  for (int i = DK_SIGNAL_CONTACT_MAIL; i <= DK_SIGNAL_CONTACT_ADMINISTRATIVE; i++)
    {
      assert_label (dk_signal_contact_kind_label ((DkSignalContactKind) i));
      g_assert_true (g_str_has_suffix (dk_signal_contact_kind_icon_name ((DkSignalContactKind) i), "-symbolic"));
      g_assert_cmpstr (dk_signal_contact_code_label (dk_signal_contact_kind_to_ddas ((DkSignalContactKind) i)), ==,
                       dk_signal_contact_kind_label ((DkSignalContactKind) i));
    }

  g_assert_cmpstr (dk_signal_stage_label (DK_SIGNAL_STAGE_CHECKS), ==, "Phase 1: checks");
  g_assert_cmpstr (dk_signal_task_kind_label (DK_SIGNAL_TASK_FOLLOW_UP), ==, "Follow-up after six months");
  g_assert_cmpstr (dk_signal_contact_code_label ("Kaartje"), ==, "Card left");
  g_assert_cmpstr (dk_signal_contact_code_label ("SMS/Whatsapp"), ==, "Text message/WhatsApp");
  g_assert_cmpstr (dk_signal_contact_code_label ("Duif"), ==, "Duif");

  g_assert_cmpstr (dk_signal_part_of_day_label ("Ochtend"), ==, "Morning");
  g_assert_cmpstr (dk_signal_part_of_day_label ("Middag"), ==, "Afternoon");
  g_assert_cmpstr (dk_signal_part_of_day_label ("Avond"), ==, "Evening");
  g_assert_null (dk_signal_part_of_day_label (NULL));
}

static void
test_line_what (void)
{
  DkSignalTaskLine line = { 0 };

  line.stage = DK_SIGNAL_STAGE_CONTACT;
  g_assert_cmpstr (dk_signal_line_what (&line), ==, "Phase 2: contact");
  line.task_id = (char *) "task";
  line.task_kind = DK_SIGNAL_TASK_REVISIT;
  g_assert_cmpstr (dk_signal_line_what (&line), ==, "Revisit");
  line.task_kind = DK_SIGNAL_TASK_SIGNAL_KNOWN;
  g_assert_cmpstr (dk_signal_line_what (&line), ==, "Signal for a running dossier");
}

static void
test_results (void)
{
  guint per_group[DK_SIGNAL_N_RESULT_GROUPS] = { 0 };
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < DK_SIGNAL_N_RESULTS; i++)
    {
      const char *label = dk_signal_result_label ((DkSignalResult) i);
      guint group = dk_signal_result_group ((DkSignalResult) i);

      assert_label (label);
      g_assert_false (g_hash_table_contains (seen, label));
      g_hash_table_add (seen, (gpointer) label);
      g_assert_cmpuint (group, <, DK_SIGNAL_N_RESULT_GROUPS);
      per_group[group]++;
      /* The stored code reads as the same words. */
      g_assert_cmpstr (dk_signal_result_code_label (dk_signal_result_to_ddas ((DkSignalResult) i)), ==, label);
    }
  for (guint g = 0; g < DK_SIGNAL_N_RESULT_GROUPS; g++)
    {
      assert_label (dk_signal_result_group_title (g));
      g_assert_cmpuint (per_group[g], >, 0);
    }

  /* The results a worker records after talking with the resident are together. */
  g_assert_cmpuint (dk_signal_result_group (DK_SIGNAL_RESULT_NO_HELP_WANTED), ==,
                    dk_signal_result_group (DK_SIGNAL_RESULT_FOLLOW_UP_FINANCIAL));
  g_assert_cmpuint (dk_signal_result_group (DK_SIGNAL_RESULT_ALREADY_PAID), ==,
                    dk_signal_result_group (DK_SIGNAL_RESULT_QUICK_FIX));
  g_assert_cmpuint (dk_signal_result_group (DK_SIGNAL_RESULT_REPEAT), !=,
                    dk_signal_result_group (DK_SIGNAL_RESULT_NO_HELP_WANTED));
  g_assert_cmpstr (dk_signal_result_code_label ("Inwoner hoeft geen hulp vanuit vroegsignalering"), ==, "No help wanted");
  g_assert_cmpstr (dk_signal_result_code_label ("iets anders"), ==, "iets anders");
}

static void
test_after_text (void)
{
  GDate outcome = date_of ("2026-11-24");
  GDate none;
  g_autofree char *help = dk_signal_after_text (DK_SIGNAL_RESULT_FOLLOW_UP_FINANCIAL, &outcome);
  g_autofree char *follow = dk_signal_after_text (DK_SIGNAL_RESULT_NO_HELP_WANTED, &outcome);
  g_autofree char *paid = dk_signal_after_text (DK_SIGNAL_RESULT_ALREADY_PAID, &outcome);
  g_autofree char *undated = NULL;
  g_autofree char *nothing = dk_signal_after_text (DK_SIGNAL_RESULT_DECEASED, &outcome);

  g_date_clear (&none, 1);
  undated = dk_signal_after_text (DK_SIGNAL_RESULT_NO_HELP_WANTED, &none);

  g_assert_nonnull (strstr (help, "debt-help dossier"));
  /* Six months on, the same day of the month. */
  g_assert_nonnull (strstr (follow, "follow-up task is made for 24-05-2027"));
  g_assert_nonnull (strstr (paid, "24-05-2027"));
  g_assert_nonnull (strstr (undated, "six months later"));
  g_assert_null (strstr (undated, "-20"));
  g_assert_cmpstr (nothing, ==, "The case is closed; nothing else follows.");
}

static void
test_due_text (void)
{
  GDate today = date_of ("2026-11-24");
  GDate due;
  gboolean overdue = TRUE;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autofree char *e = NULL;
  g_autofree char *f = NULL;

  due = date_of ("2026-11-24");
  a = dk_signal_due_text (&due, &today, &overdue);
  g_assert_cmpstr (a, ==, "Today");
  g_assert_false (overdue);

  due = date_of ("2026-11-25");
  b = dk_signal_due_text (&due, &today, &overdue);
  g_assert_cmpstr (b, ==, "Tomorrow");
  g_assert_false (overdue);

  due = date_of ("2026-11-23");
  c = dk_signal_due_text (&due, &today, &overdue);
  g_assert_cmpstr (c, ==, "Overdue since 23-11-2026");
  g_assert_true (overdue);

  due = date_of ("2026-12-01");
  d = dk_signal_due_text (&due, &today, NULL);
  g_assert_cmpstr (d, ==, "01-12-2026");

  e = dk_signal_deadline_text (&due, &today, &overdue);
  g_assert_cmpstr (e, ==, "Due by 01-12-2026");
  g_assert_false (overdue);
  due = date_of ("2026-11-24");
  f = dk_signal_deadline_text (&due, &today, NULL);
  g_assert_cmpstr (f, ==, "Due today");
}

static void
test_line_due_text (void)
{
  GDate today = date_of ("2026-11-24");
  DkSignalTaskLine line = { 0 };
  gboolean overdue = FALSE;
  g_autofree char *open = NULL;
  g_autofree char *closed = NULL;

  line.stage = DK_SIGNAL_STAGE_CHECKS;
  line.due_on = date_of ("2026-11-20");
  open = dk_signal_line_due_text (&line, &today, &overdue);
  g_assert_cmpstr (open, ==, "Overdue since 20-11-2026");
  g_assert_true (overdue);

  /* A closed case is dated by its outcome, which is never overdue. */
  line.stage = DK_SIGNAL_STAGE_CLOSED;
  closed = dk_signal_line_due_text (&line, &today, &overdue);
  g_assert_cmpstr (closed, ==, "20-11-2026");
  g_assert_false (overdue);
}

static void
test_address_and_resident (void)
{
  g_autofree char *full = dk_signal_address_text ("Lindelaan", "12a", "3311 AB", "Dordrecht");
  g_autofree char *no_city = dk_signal_address_text ("Lindelaan", "12a", "3311 AB", NULL);
  g_autofree char *only_postcode = dk_signal_address_text (NULL, NULL, "3311 AB", "");
  g_autofree char *nothing = dk_signal_address_text (NULL, "", NULL, NULL);
  g_autofree char *named = dk_signal_resident_text ("Sanne van Dijk", "Lindelaan", "12a", "3311 AB", "Dordrecht");
  g_autofree char *unnamed = dk_signal_resident_text (NULL, "Lindelaan", "12a", "3311 AB", "Dordrecht");
  g_autofree char *empty_name = dk_signal_resident_text ("", NULL, NULL, "3311 AB", "Dordrecht");
  g_autofree char *unknown = dk_signal_resident_text (NULL, NULL, NULL, NULL, NULL);

  g_assert_cmpstr (full, ==, "Lindelaan 12a, 3311 AB Dordrecht");
  g_assert_cmpstr (no_city, ==, "Lindelaan 12a, 3311 AB");
  g_assert_cmpstr (only_postcode, ==, "3311 AB");
  g_assert_null (nothing);
  g_assert_cmpstr (named, ==, "Sanne van Dijk");
  g_assert_cmpstr (unnamed, ==, "Resident of Lindelaan 12a");
  g_assert_cmpstr (empty_name, ==, "Resident of 3311 AB Dordrecht");
  g_assert_cmpstr (unknown, ==, "Unknown resident");
}

static void
test_counts_and_districts (void)
{
  g_autofree char *one = dk_signal_count_text (1);
  g_autofree char *three = dk_signal_count_text (3);
  g_autofree char *district = dk_signal_district_title ("3311");
  g_autofree char *unknown = dk_signal_district_title (NULL);

  g_assert_cmpstr (one, ==, "1 signal");
  g_assert_cmpstr (three, ==, "3 signals");
  g_assert_cmpstr (district, ==, "District 3311");
  g_assert_cmpstr (unknown, ==, "Address unknown");
}

static void
test_line_describe (void)
{
  GDate today = date_of ("2026-11-24");
  DkSignalTaskLine line = { 0 };
  g_autofree char *full = NULL;
  g_autofree char *task = NULL;

  line.stage = DK_SIGNAL_STAGE_CHECKS;
  line.due_on = date_of ("2026-11-20");
  line.resident = (char *) "Sanne van Dijk";
  line.street = (char *) "Lindelaan";
  line.house_number = (char *) "12";
  line.postcode = (char *) "3311 AB";
  line.city = (char *) "Dordrecht";
  line.crisis = TRUE;
  line.n_signals = 2;
  full = dk_signal_line_describe (&line, &today);
  g_assert_cmpstr (full, ==, "Overdue since 20-11-2026: Phase 1: checks. Sanne van Dijk, Lindelaan 12, 3311 AB "
                             "Dordrecht. Crisis. 2 signals.");

  line.task_id = (char *) "task";
  line.task_kind = DK_SIGNAL_TASK_REVISIT;
  line.due_on = date_of ("2026-11-25");
  line.resident = NULL;
  line.crisis = FALSE;
  line.n_signals = 1;
  task = dk_signal_line_describe (&line, &today);
  g_assert_cmpstr (task, ==, "Tomorrow: Revisit. Resident of Lindelaan 12. 1 signal.");
}

static void
test_house_numbers (void)
{
  g_assert_cmpint (dk_signal_house_number_compare ("9", "12"), <, 0);
  g_assert_cmpint (dk_signal_house_number_compare ("12", "9"), >, 0);
  g_assert_cmpint (dk_signal_house_number_compare ("12", "12a"), <, 0);
  g_assert_cmpint (dk_signal_house_number_compare ("12a", "12b"), <, 0);
  g_assert_cmpint (dk_signal_house_number_compare ("12A", "12a"), ==, 0);
  g_assert_cmpint (dk_signal_house_number_compare ("12 a", "12-a"), ==, 0);
  g_assert_cmpint (dk_signal_house_number_compare ("100", "12bis"), >, 0);
  g_assert_cmpint (dk_signal_house_number_compare (NULL, "1"), >, 0);
  g_assert_cmpint (dk_signal_house_number_compare ("1", NULL), <, 0);
  g_assert_cmpint (dk_signal_house_number_compare (NULL, NULL), ==, 0);
}

static DkSignalTaskLine *
line_new (const char *number,
          const char *district,
          const char *street,
          const char *house_number,
          const char *due)
{
  DkSignalTaskLine *line = g_new0 (DkSignalTaskLine, 1);

  line->number = g_strdup (number);
  line->district = g_strdup (district);
  line->street = g_strdup (street);
  line->house_number = g_strdup (house_number);
  line->due_on = date_of (due);
  return line;
}

static void
test_sort_by_district (void)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_signal_task_line_free);
  static const char * const expected[] = { "A", "B", "C", "D", "E", "F", "G" };

  g_ptr_array_add (lines, line_new ("G", NULL, NULL, NULL, "2026-11-20"));
  g_ptr_array_add (lines, line_new ("E", "3312", "Achterweg", "1", "2026-11-20"));
  g_ptr_array_add (lines, line_new ("C", "3311", "Lindelaan", "12", "2026-11-21"));
  g_ptr_array_add (lines, line_new ("D", "3311", "lindelaan", "12a", "2026-11-20"));
  g_ptr_array_add (lines, line_new ("B", "3311", "Lindelaan", "12", "2026-11-20"));
  g_ptr_array_add (lines, line_new ("A", "3311", "Kerkstraat", "100", "2026-11-30"));
  g_ptr_array_add (lines, line_new ("F", "3312", "Achterweg", "9", "2026-11-19"));

  /* District, then street (whatever its case), house number as a number, then due date. */
  dk_signal_lines_sort_by_district (lines);
  g_assert_cmpuint (lines->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < lines->len; i++)
    g_assert_cmpstr (((DkSignalTaskLine *) lines->pdata[i])->number, ==, expected[i]);
}

static void
test_part_for_hour (void)
{
  /* The dialog's first choice follows the clock: morning, afternoon, evening. */
  g_assert_cmpuint (dk_attempt_dialog_part_for_hour (0), ==, 0);
  g_assert_cmpuint (dk_attempt_dialog_part_for_hour (11), ==, 0);
  g_assert_cmpuint (dk_attempt_dialog_part_for_hour (12), ==, 1);
  g_assert_cmpuint (dk_attempt_dialog_part_for_hour (17), ==, 1);
  g_assert_cmpuint (dk_attempt_dialog_part_for_hour (18), ==, 2);
  g_assert_cmpuint (dk_attempt_dialog_part_for_hour (23), ==, 2);
}

/* ---- the widgets on a store with cases ---- */

typedef struct
{
  char    *dir;
  DkStore *store;
  char    *case_id;       /* dossier of an open case, opened today */
  char    *crisis_id;     /* dossier of an open crisis case in another district */
  char    *known_id;      /* running debt-help dossier with a signal_known task */
  char    *known_task_id;
} Fixture;

static void
exec_sql (DkStore    *store,
          const char *sql,
          ...)
{
  sqlite3_stmt *stmt = NULL;
  va_list args;
  int n;

  g_assert_cmpint (sqlite3_prepare_v2 (dk_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  n = sqlite3_bind_parameter_count (stmt);
  va_start (args, sql);
  for (int i = 1; i <= n; i++)
    {
      const char *value = va_arg (args, const char *);

      if (value == NULL)
        sqlite3_bind_null (stmt, i);
      else
        sqlite3_bind_text (stmt, i, value, -1, SQLITE_TRANSIENT);
    }
  va_end (args);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

static gint64
count (DkStore    *store,
       const char *sql,
       const char *arg)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (dk_store_get_db (store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* An early-signal case as the server publishes it: its dossier, the resident with an address, the case
 * and one signal. */
static char *
make_case (DkStore    *store,
           const char *number,
           const char *opened_on,
           gboolean    crisis,
           const char *family_name,
           const char *street,
           const char *postcode)
{
  char *dossier_id = dk_uuid_new ();
  g_autofree char *person_id = dk_uuid_new ();
  g_autofree char *contact_id = dk_uuid_new ();
  g_autofree char *case_id = dk_uuid_new ();
  g_autofree char *item_id = dk_uuid_new ();
  g_autofree char *now = dk_domain_timestamp_now ();

  exec_sql (store, "INSERT INTO dossier (id, number, opened_on, kind, created_at, updated_at)"
                   " VALUES (?1, ?2, ?3, 'early_signal', ?4, ?4)",
            dossier_id, number, opened_on, now);
  exec_sql (store, "INSERT INTO person (id, dossier_id, role, given_names, family_name, created_at, updated_at)"
                   " VALUES (?1, ?2, 'client', 'Sanne', ?3, ?4, ?4)",
            person_id, dossier_id, family_name, now);
  exec_sql (store, "INSERT INTO contact (id, dossier_id, person_id, street, house_number, postcode, city,"
                   " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, '12', ?5, 'Dordrecht', ?6, ?6)",
            contact_id, dossier_id, person_id, street, postcode, now);
  exec_sql (store, "INSERT INTO signal_case (id, dossier_id, opened_on, multiple, crisis, created_at, updated_at)"
                   " VALUES (?1, ?2, ?3, 0, ?4, ?5, ?5)",
            case_id, dossier_id, opened_on, crisis ? "1" : "0", now);
  exec_sql (store, "INSERT INTO signal_item (id, dossier_id, partner_type, partner_name, amount_cents, arose_on,"
                   " signal_date, crisis, warm_handover, repeat, created_at, updated_at)"
                   " VALUES (?1, ?2, 'Huur', 'Woonstad', 123456, NULL, ?3, ?4, 1, 0, ?5, ?5)",
            item_id, dossier_id, opened_on, crisis ? "1" : "0", now);
  return dossier_id;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *person_id = dk_uuid_new ();
  g_autofree char *now = dk_domain_timestamp_now ();
  g_autofree char *today_text = NULL;
  GDate today;

  dk_form_today (&today);
  today_text = dk_date_format_iso (&today);

  f->dir = dk_test_make_tmpdir ();
  path = g_build_filename (f->dir, "domain.sqlite", NULL);
  f->store = dk_domain_store_open (path, &error);
  g_assert_no_error (error);

  f->case_id = make_case (f->store, "2026-AAAAAA", today_text, FALSE, "Dijk", "Lindelaan", "3311 AB");
  f->crisis_id = make_case (f->store, "2026-BBBBBB", today_text, TRUE, "Bakker", "Achterweg", "1234 CD");

  f->known_id = dk_uuid_new ();
  f->known_task_id = dk_uuid_new ();
  exec_sql (f->store, "INSERT INTO dossier (id, number, opened_on, kind, phase, created_at, updated_at)"
                      " VALUES (?1, '2025-CCCCCC', '2025-06-01', 'debt_help', 'stabilisation', ?2, ?2)",
            f->known_id, now);
  exec_sql (f->store, "INSERT INTO person (id, dossier_id, role, given_names, family_name, created_at, updated_at)"
                      " VALUES (?1, ?2, 'client', 'Karel', 'Visser', ?3, ?3)",
            person_id, f->known_id, now);
  exec_sql (f->store, "INSERT INTO task (id, dossier_id, kind, due_on, created_at, updated_at)"
                      " VALUES (?1, ?2, 'signal_known', ?3, ?4, ?4)",
            f->known_task_id, f->known_id, today_text, now);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  dk_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->case_id);
  g_free (f->crisis_id);
  g_free (f->known_id);
  g_free (f->known_task_id);
}

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (widget) && gtk_widget_get_visible (widget)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Whether a label in @widget that is visible, with all its parents up to @widget, contains @text. */
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
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return GTK_WIDGET (window);
    }
  return NULL;
}

static GtkWidget *
in_window (GtkWidget  *child,
           GtkWidget **out_window)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 600);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  *out_window = window;
  return child;
}

/* The list box of the task list, and its rows' dossiers in order. */
static GtkListBox *
list_box_of (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX (widget))
    return GTK_LIST_BOX (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkListBox *found = list_box_of (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GPtrArray *
row_ids (GtkListBox *list_box)
{
  GPtrArray *ids = g_ptr_array_new ();
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list_box, i)) != NULL; i++)
    g_ptr_array_add (ids, g_object_get_data (G_OBJECT (row), "dk-dossier-id"));
  return ids;
}

static void
on_case_activated (DkSignalList  *list,
                   const char    *dossier_id,
                   char         **out)
{
  g_free (*out);
  *out = g_strdup (dossier_id);
}

static void
test_list (Fixture       *f,
           gconstpointer  data)
{
  GtkWidget *window;
  GtkWidget *list;
  GtkListBox *list_box;
  GtkDropDown *order;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *activated = NULL;
  GtkListBoxRow *row;
  const char *description;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  list = in_window (dk_signal_list_new (), &window);
  dk_signal_list_set_store (DK_SIGNAL_LIST (list), f->store);
  g_signal_connect (list, "case-activated", G_CALLBACK (on_case_activated), &activated);
  spin ();

  /* By deadline: both cases are due tomorrow or later and the known dossier's task today, so that
   * task comes first; the crisis case before the other on the same day. */
  list_box = list_box_of (list);
  ids = row_ids (list_box);
  g_assert_cmpuint (ids->len, ==, 3);
  g_assert_cmpstr (ids->pdata[0], ==, f->known_id);
  g_assert_cmpstr (ids->pdata[1], ==, f->crisis_id);
  g_assert_cmpstr (ids->pdata[2], ==, f->case_id);
  g_assert_cmpuint (dk_signal_list_get_n_due (DK_SIGNAL_LIST (list)), ==, 1);
  g_assert_true (shows_text (list, "Crisis"));
  g_assert_true (shows_text (list, "Signal for a running dossier"));
  g_assert_true (shows_text (list, "Lindelaan 12, 3311 AB Dordrecht · 1 signal"));

  /* The whole line in one sentence, the row's accessible name (GTK 4.8 cannot read that back: the
   * row keeps a copy). */
  row = gtk_list_box_get_row_at_index (list_box, 1);
  description = g_object_get_data (G_OBJECT (row), "dk-description");
  g_assert_nonnull (strstr (description, "Phase 1: checks. Sanne Bakker, Achterweg 12, 1234 CD Dordrecht. Crisis. 1 signal."));

  /* By district: 1234 before 3311, the dossier without an address last, each under its heading. */
  order = GTK_DROP_DOWN (gtk_widget_get_first_child (gtk_widget_get_first_child (adw_bin_get_child (ADW_BIN (list)))));
  g_assert_true (GTK_IS_DROP_DOWN (order));
  gtk_drop_down_set_selected (order, 1);
  spin ();
  g_clear_pointer (&ids, g_ptr_array_unref);
  ids = row_ids (list_box);
  g_assert_cmpstr (ids->pdata[0], ==, f->crisis_id);
  g_assert_cmpstr (ids->pdata[1], ==, f->case_id);
  g_assert_cmpstr (ids->pdata[2], ==, f->known_id);
  g_assert_true (shows_text (list, "District 1234"));
  g_assert_true (shows_text (list, "District 3311"));
  g_assert_true (shows_text (list, "Address unknown"));

  /* A row opens its case. */
  g_signal_emit_by_name (list_box, "row-activated", gtk_list_box_get_row_at_index (list_box, 1));
  g_assert_cmpstr (activated, ==, f->case_id);

  gtk_window_destroy (GTK_WINDOW (window));
  spin ();
}

static GtkStack *
page_stack (GtkWidget *page)
{
  return GTK_STACK (adw_bin_get_child (ADW_BIN (page)));
}

static void
on_open_dossier (DkSignalPage  *page,
                 const char    *dossier_id,
                 char         **out)
{
  g_free (*out);
  *out = g_strdup (dossier_id);
}

static void
test_page (Fixture       *f,
           gconstpointer  data)
{
  GtkWidget *window;
  GtkWidget *page;
  GtkWidget *dialog;
  g_autofree char *title = NULL;
  g_autofree char *opened = NULL;
  g_autofree char *gone = dk_uuid_new ();

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  page = in_window (dk_signal_page_new (), &window);
  dk_signal_page_set_store (DK_SIGNAL_PAGE (page), f->store);
  g_signal_connect (page, "open-dossier", G_CALLBACK (on_open_dossier), &opened);
  dk_signal_page_show_case (DK_SIGNAL_PAGE (page), f->case_id);
  spin ();

  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_stack (page)), ==, "case");
  g_object_get (page, "title", &title, NULL);
  g_assert_cmpstr (title, ==, "Sanne Dijk");
  g_assert_true (shows_text (page, "Lindelaan 12, 3311 AB Dordrecht"));
  g_assert_true (shows_text (page, "Rent: Woonstad"));
  g_assert_true (shows_text (page, "€ 1.234,56"));
  g_assert_true (shows_text (page, "Warm handover"));
  g_assert_true (shows_text (page, "No contact attempts yet"));
  g_assert_true (shows_text (page, "Phase 1: checks"));

  /* Checks done: the case moves to phase 2. */
  gtk_widget_activate_action (page, "case.checks-done", NULL);
  spin ();
  g_assert_cmpint (count (f->store, "SELECT count (*) FROM signal_case WHERE dossier_id = ?1 AND checked_on IS NOT NULL",
                          f->case_id), ==, 1);
  g_assert_true (shows_text (page, "Phase 2: contact"));

  /* A card left, from its button: the dialog saves it with today's date and a revisit task follows. */
  gtk_widget_activate_action (page, "case.attempt", "i", (gint32) DK_SIGNAL_CONTACT_CARD);
  dialog = find_toplevel (DK_TYPE_ATTEMPT_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_null (find_row (dialog, "Reached the resident"));
  g_assert_true (shows_text (dialog, "A revisit task is made for"));
  g_assert_true (dk_edit_dialog_save (DK_EDIT_DIALOG (dialog)));
  spin ();
  g_assert_cmpint (count (f->store, "SELECT count (*) FROM signal_attempt WHERE dossier_id = ?1 AND kind = 'Kaartje'",
                          f->case_id), ==, 1);
  g_assert_cmpint (count (f->store, "SELECT count (*) FROM task WHERE dossier_id = ?1 AND kind = 'revisit'"
                                    " AND done_on IS NULL", f->case_id), ==, 1);
  g_assert_true (shows_text (page, "Card left · not reached"));
  g_assert_nonnull (find_row (page, "Revisit"));

  /* A date in the future is refused below its field, and nothing is written. */
  gtk_widget_activate_action (page, "case.attempt", "i", (gint32) DK_SIGNAL_CONTACT_HOME_VISIT);
  dialog = find_toplevel (DK_TYPE_ATTEMPT_DIALOG);
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (find_row (dialog, "Date (dd-mm-yyyy)")), "01-01-2999");
  g_assert_false (dk_edit_dialog_save (DK_EDIT_DIALOG (dialog)));
  g_assert_cmpint (count (f->store, "SELECT count (*) FROM signal_attempt WHERE dossier_id = ?1", f->case_id), ==, 1);
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Help accepted: the case closes, the dossier becomes debt help and the page asks to open it. */
  gtk_widget_activate_action (page, "case.outcome", NULL);
  dialog = find_toplevel (DK_TYPE_OUTCOME_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_false (dk_edit_dialog_save (DK_EDIT_DIALOG (dialog)));
  dk_outcome_dialog_set_result (DK_OUTCOME_DIALOG (dialog), DK_SIGNAL_RESULT_FOLLOW_UP_FINANCIAL);
  g_assert_true (shows_text (dialog, "A debt-help dossier is made"));
  g_assert_true (dk_edit_dialog_save (DK_EDIT_DIALOG (dialog)));
  spin ();
  g_assert_cmpstr (opened, ==, f->case_id);
  g_assert_cmpint (count (f->store, "SELECT count (*) FROM dossier WHERE id = ?1 AND kind = 'debt_help'", f->case_id), ==, 1);
  /* Closed: the end result, and no buttons to change the case. */
  g_assert_true (shows_text (page, "Help accepted: debt help or another financial service"));
  g_assert_false (shows_text (page, "Checks Done"));
  g_assert_false (shows_text (page, "Outcome…"));
  g_assert_false (shows_text (page, "Edit Contact Details"));
  g_assert_false (shows_text (page, "Choose how you tried to reach the resident"));
  g_assert_null (find_row (page, "Phase 2: contact"));

  /* No help wanted on the other case: a follow-up task six months on. */
  g_clear_pointer (&opened, g_free);
  dk_signal_page_show_case (DK_SIGNAL_PAGE (page), f->crisis_id);
  gtk_widget_activate_action (page, "case.outcome", NULL);
  dialog = find_toplevel (DK_TYPE_OUTCOME_DIALOG);
  dk_outcome_dialog_set_result (DK_OUTCOME_DIALOG (dialog), DK_SIGNAL_RESULT_NO_HELP_WANTED);
  g_assert_true (shows_text (dialog, "follow-up task"));
  g_assert_true (dk_edit_dialog_save (DK_EDIT_DIALOG (dialog)));
  spin ();
  g_assert_null (opened);
  g_assert_cmpint (count (f->store, "SELECT count (*) FROM task WHERE dossier_id = ?1 AND kind = 'follow_up'",
                          f->crisis_id), ==, 1);
  g_assert_nonnull (find_row (page, "Follow-up after six months"));

  /* A task of a running dossier: shown with its dossier, and done with its button. */
  dk_signal_page_show_case (DK_SIGNAL_PAGE (page), f->known_id);
  spin ();
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_stack (page)), ==, "case");
  g_assert_true (shows_text (page, "Karel Visser"));
  g_assert_nonnull (find_row (page, "Signal for a running dossier"));
  gtk_widget_activate_action (page, "case.task-done", "s", f->known_task_id);
  spin ();
  g_assert_cmpint (count (f->store, "SELECT count (*) FROM task WHERE id = ?1 AND done_on IS NOT NULL",
                          f->known_task_id), ==, 1);
  gtk_widget_activate_action (page, "case.open-dossier", NULL);
  g_assert_cmpstr (opened, ==, f->known_id);

  /* A case that is not on the device. */
  dk_signal_page_show_case (DK_SIGNAL_PAGE (page), gone);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (page_stack (page)), ==, "gone");

  gtk_window_destroy (GTK_WINDOW (window));
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

  g_test_add_func ("/signal-labels/complete", test_labels_complete);
  g_test_add_func ("/signal-labels/line-what", test_line_what);
  g_test_add_func ("/signal-labels/results", test_results);
  g_test_add_func ("/signal-labels/after", test_after_text);
  g_test_add_func ("/signal-labels/due", test_due_text);
  g_test_add_func ("/signal-labels/line-due", test_line_due_text);
  g_test_add_func ("/signal-labels/address", test_address_and_resident);
  g_test_add_func ("/signal-labels/counts", test_counts_and_districts);
  g_test_add_func ("/signal-labels/describe", test_line_describe);
  g_test_add_func ("/signal-labels/house-numbers", test_house_numbers);
  g_test_add_func ("/signal-labels/sort-by-district", test_sort_by_district);
  g_test_add_func ("/signal-labels/part-for-hour", test_part_for_hour);
  g_test_add ("/signal-labels/widgets/list", Fixture, NULL, fixture_setup, test_list, fixture_teardown);
  g_test_add ("/signal-labels/widgets/page", Fixture, NULL, fixture_setup, test_page, fixture_teardown);

  return g_test_run ();
}
