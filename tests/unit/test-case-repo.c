/* The case around a dossier (dk-case-repo.h): phase and Wgs dates, counsellor, contact details, notes
 * and contact log; refusals that leave nothing written; on a replica, outbox changes with only the
 * fields that changed. */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "dk-case-repo.h"
#include "dk-date.h"
#include "dk-domain-schema.h"
#include "dk-dossier-repo.h"
#include "dk-replica.h"
#include "dk-test-util.h"
#include "dk-uuid.h"
#include "dk-validate.h"

typedef struct
{
  char      *dir;
  char      *path;
  DkStore   *store;      /* a plain domain store, or the replica's */
  DkReplica *replica;    /* NULL for the plain store */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean replica = GPOINTER_TO_INT (data);

  f->dir = dk_test_make_tmpdir ();
  f->path = g_build_filename (f->dir, replica ? "replica.sqlite" : "domain.sqlite", NULL);
  if (replica)
    {
      g_autofree char *user_id = dk_uuid_new ();
      g_autofree char *device_id = dk_uuid_new ();

      f->replica = dk_replica_open (f->path, &error);
      g_assert_no_error (error);
      dk_replica_bind_account (f->replica, user_id, device_id, &error);
      g_assert_no_error (error);
      f->store = g_object_ref (dk_replica_get_store (f->replica));
    }
  else
    {
      f->store = dk_domain_store_open (f->path, &error);
      g_assert_no_error (error);
    }
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  g_clear_object (&f->replica);
  dk_test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* ---- helpers ---- */

static gint64
query_int (Fixture    *f,
           const char *sql,
           const char *arg)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (dk_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* The first column of the first row, NULL for SQL NULL or no row. */
static char *
query_text (Fixture    *f,
            const char *sql,
            const char *arg)
{
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (dk_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return text;
}

/* Every row of the case's tables as text, to prove that a refused change wrote nothing. */
static char *
snapshot (Fixture *f)
{
  static const char *tables[] = { "dossier", "person", "contact", "dossier_note" };
  GString *out = g_string_new (NULL);

  for (guint t = 0; t < G_N_ELEMENTS (tables); t++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s ORDER BY id", tables[t]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (dk_store_get_db (f->store), sql, -1, &stmt, NULL), ==, SQLITE_OK);
      g_string_append_printf (out, "[%s]\n", tables[t]);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              const char *text = (const char *) sqlite3_column_text (stmt, c);

              g_string_append_printf (out, "%s|", text != NULL ? text : "∅");
            }
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (stmt);
    }
  if (f->replica != NULL)
    g_string_append_printf (out, "[outbox] %" G_GINT64_FORMAT "\n",
                            query_int (f, "SELECT count (*) FROM sync_outbox", NULL));

  return g_string_free (out, FALSE);
}

static GDate
today_plus (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate date = dk_date_ymd ((GDateYear) g_date_time_get_year (now), (GDateMonth) g_date_time_get_month (now),
                            (GDateDay) g_date_time_get_day_of_month (now));

  if (days > 0)
    g_date_add_days (&date, (guint) days);
  else if (days < 0)
    g_date_subtract_days (&date, (guint) -days);
  return date;
}

static void
assert_date (const GDate *date,
             const char  *iso)
{
  g_autofree char *formatted = NULL;

  if (iso == NULL)
    {
      g_assert_false (g_date_valid (date));
      return;
    }
  g_assert_true (g_date_valid (date));
  formatted = dk_date_format_iso (date);
  g_assert_cmpstr (formatted, ==, iso);
}

static char *
create_dossier (Fixture     *f,
                const char  *number,
                char       **out_client_id,
                char       **out_partner_id)
{
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_person_free);
  g_autoptr(GError) error = NULL;
  GDate birth = dk_date_ymd (1990, 6, 1);
  GDate opened = dk_date_ymd (2026, 1, 5);
  DkPerson *client = dk_person_new (DK_PERSON_ROLE_CLIENT, "Sanne", "de", "Vries", &birth);
  DkPerson *partner = dk_person_new (DK_PERSON_ROLE_PARTNER, "Mehmet", NULL, "Çelik", &birth);
  char *dossier_id = NULL;

  g_ptr_array_add (persons, client);
  g_ptr_array_add (persons, partner);
  dk_dossier_repo_create (f->store, number, &opened, persons, NULL, &dossier_id, &error);
  g_assert_no_error (error);
  if (out_client_id != NULL)
    *out_client_id = g_strdup (client->id);
  if (out_partner_id != NULL)
    *out_partner_id = g_strdup (partner->id);
  return dossier_id;
}

/* ---- the case ---- */

static void
test_case_defaults (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *dossier_id = create_dossier (f, "2026-0001", NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkCase) c = dk_case_repo_load (f->store, dossier_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  g_assert_cmpstr (c->dossier_id, ==, dossier_id);
  g_assert_cmpstr (c->number, ==, "2026-0001");
  assert_date (&c->opened_on, "2026-01-05");
  g_assert_cmpint (c->phase, ==, DK_CASE_PHASE_REGISTRATION);
  assert_date (&c->registered_on, NULL);
  g_assert_false (c->crisis);
  assert_date (&c->first_conversation_on, NULL);
  g_assert_null (c->counsellor);
}

static void
test_case_save_load (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *dossier_id = create_dossier (f, "2026-0002", NULL, NULL);
  g_autofree char *other_id = create_dossier (f, "2026-0003", NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkCase) c = dk_case_repo_load (f->store, dossier_id, &error);
  g_autoptr(DkCase) copy = NULL;
  g_autoptr(DkCase) back = NULL;
  g_autoptr(DkCase) other = NULL;
  g_autofree char *other_before = query_text (f, "SELECT updated_at FROM dossier WHERE id = ?1", other_id);

  g_assert_no_error (error);
  c->phase = DK_CASE_PHASE_INTAKE;
  c->registered_on = dk_date_ymd (2026, 1, 5);
  c->crisis = TRUE;
  c->first_conversation_on = dk_date_ymd (2026, 1, 7);
  g_free (c->counsellor);
  c->counsellor = g_strdup ("  Joost Bakker \n");
  /* The number and opening date are not the case's to change. */
  g_free (c->number);
  c->number = g_strdup ("changed");
  c->opened_on = dk_date_ymd (2020, 1, 1);

  copy = dk_case_copy (c);
  g_assert_true (copy->counsellor != c->counsellor);
  g_assert_cmpstr (copy->counsellor, ==, c->counsellor);
  g_assert_true (copy->dossier_id != c->dossier_id);

  g_assert_true (dk_case_repo_save (f->store, copy, &error));
  g_assert_no_error (error);

  back = dk_case_repo_load (f->store, dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->phase, ==, DK_CASE_PHASE_INTAKE);
  assert_date (&back->registered_on, "2026-01-05");
  g_assert_true (back->crisis);
  assert_date (&back->first_conversation_on, "2026-01-07");
  g_assert_cmpstr (back->counsellor, ==, "Joost Bakker");
  g_assert_cmpstr (back->number, ==, "2026-0002");
  assert_date (&back->opened_on, "2026-01-05");
  {
    g_autofree char *phase = query_text (f, "SELECT phase FROM dossier WHERE id = ?1", dossier_id);

    g_assert_cmpstr (phase, ==, "intake");
  }

  /* The other dossier is untouched. */
  other = dk_case_repo_load (f->store, other_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (other->phase, ==, DK_CASE_PHASE_REGISTRATION);
  g_assert_null (other->counsellor);
  {
    g_autofree char *other_after = query_text (f, "SELECT updated_at FROM dossier WHERE id = ?1", other_id);

    g_assert_cmpstr (other_after, ==, other_before);
  }

  /* Every phase is stored and read back; blank counsellor and cleared dates become NULL. */
  for (DkCasePhase phase = 0; phase < DK_CASE_PHASE_COUNT; phase++)
    {
      g_autoptr(DkCase) again = NULL;

      back->phase = phase;
      back->crisis = FALSE;
      g_date_clear (&back->first_conversation_on, 1);
      g_date_clear (&back->registered_on, 1);
      g_free (back->counsellor);
      back->counsellor = g_strdup ("   ");
      g_assert_true (dk_case_repo_save (f->store, back, &error));
      g_assert_no_error (error);
      again = dk_case_repo_load (f->store, dossier_id, &error);
      g_assert_no_error (error);
      g_assert_cmpint (again->phase, ==, phase);
      g_assert_false (again->crisis);
      assert_date (&again->registered_on, NULL);
      assert_date (&again->first_conversation_on, NULL);
      g_assert_null (again->counsellor);
    }
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM dossier WHERE id = ?1 AND registered_on IS NULL"
                                 " AND first_conversation_on IS NULL AND counsellor IS NULL", dossier_id), ==, 1);
}

static void
assert_refused (Fixture      *f,
                const DkCase *c,
                const char   *message_part)
{
  g_autofree char *before = snapshot (f);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (dk_case_repo_save (f->store, c, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_INVALID);
  if (message_part != NULL)
    g_assert_nonnull (strstr (error->message, message_part));
  after = snapshot (f);
  g_assert_cmpstr (after, ==, before);
}

static void
test_case_refusals (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *dossier_id = create_dossier (f, "2026-0004", NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkCase) c = dk_case_repo_load (f->store, dossier_id, &error);
  g_autoptr(DkCase) back = NULL;

  g_assert_no_error (error);
  c->phase = DK_CASE_PHASE_INTAKE;
  g_free (c->counsellor);
  c->counsellor = g_strdup ("Joost");

  /* First conversation before the request. */
  c->registered_on = dk_date_ymd (2026, 2, 10);
  c->first_conversation_on = dk_date_ymd (2026, 2, 9);
  assert_refused (f, c, "before");

  /* First conversation in the future (tomorrow), with or without a request date. */
  c->registered_on = today_plus (-10);
  c->first_conversation_on = today_plus (1);
  assert_refused (f, c, "future");
  g_date_clear (&c->registered_on, 1);
  assert_refused (f, c, "future");

  /* The request in the future. */
  c->registered_on = today_plus (1);
  g_date_clear (&c->first_conversation_on, 1);
  assert_refused (f, c, "future");

  /* Nothing of the refused saves reached the dossier. */
  back = dk_case_repo_load (f->store, dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (back->phase, ==, DK_CASE_PHASE_REGISTRATION);
  g_assert_null (back->counsellor);

  /* Today is no future; a first conversation on the day of the request is fine. */
  c->registered_on = today_plus (0);
  c->first_conversation_on = today_plus (0);
  g_assert_true (dk_case_repo_save (f->store, c, &error));
  g_assert_no_error (error);
}

static void
test_case_not_found (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *dossier_id = create_dossier (f, "2026-0005", NULL, NULL);
  g_autofree char *unknown = dk_uuid_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(DkCase) c = dk_case_repo_load (f->store, dossier_id, &error);
  g_autofree char *sql = NULL;

  g_assert_no_error (error);
  g_assert_null (dk_case_repo_load (f->store, unknown, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_free (c->dossier_id);
  c->dossier_id = g_strdup (unknown);
  g_assert_false (dk_case_repo_save (f->store, c, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A removed dossier is gone for the case too. */
  sql = g_strdup_printf ("UPDATE dossier SET removed_at = strftime ('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now') WHERE id = '%s'",
                         dossier_id);
  g_assert_cmpint (sqlite3_exec (dk_store_get_db (f->store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_null (dk_case_repo_load (f->store, dossier_id, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_free (c->dossier_id);
  c->dossier_id = g_strdup (dossier_id);
  c->phase = DK_CASE_PHASE_CLOSED;
  g_assert_false (dk_case_repo_save (f->store, c, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM dossier WHERE phase = 'closed'", NULL), ==, 0);
}

/* A phase value from a newer version is reported, not guessed. */
static void
test_case_bad_row (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *dossier_id = create_dossier (f, "2026-0006", NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = g_strdup_printf ("PRAGMA ignore_check_constraints = ON;"
                                          "UPDATE dossier SET phase = 'hibernation' WHERE id = '%s';"
                                          "PRAGMA ignore_check_constraints = OFF;", dossier_id);

  if (f->replica != NULL)
    {
      g_test_skip ("a replica captures every write");
      return;
    }
  g_assert_cmpint (sqlite3_exec (dk_store_get_db (f->store), sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_null (dk_case_repo_load (f->store, dossier_id, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_BAD_ROW);
}

/* ---- contact details ---- */

static DkContact *
contact_new (const char *dossier_id,
             const char *person_id)
{
  DkContact *contact = g_new0 (DkContact, 1);

  contact->dossier_id = g_strdup (dossier_id);
  contact->person_id = g_strdup (person_id);
  return contact;
}

/* Saving @contact fails with exactly the error @validate gives for @value, and writes nothing. */
static void
assert_contact_invalid (Fixture         *f,
                        const DkContact *contact,
                        gboolean       (*validate) (const char *, GError **),
                        const char      *value)
{
  g_autoptr(GError) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = snapshot (f);
  g_autofree char *after = NULL;
  g_autofree char *id = NULL;

  g_assert_false (validate (value, &expected));
  g_assert_nonnull (expected);
  g_assert_false (dk_case_repo_save_contact (f->store, contact, &id, &error));
  g_assert_nonnull (error);
  g_assert_true (error->domain == expected->domain);
  g_assert_cmpint (error->code, ==, expected->code);
  g_assert_cmpstr (error->message, ==, expected->message);
  g_assert_null (id);
  after = snapshot (f);
  g_assert_cmpstr (after, ==, before);
}

static void
test_contact_validation (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *client_id = NULL;
  g_autofree char *dossier_id = create_dossier (f, "2026-0010", &client_id, NULL);
  g_autoptr(DkContact) contact = contact_new (dossier_id, client_id);
  static const char * const bad_postcodes[] = { "0123 AB", "1234 SS", "123 AB", "1234-AB", "12345" };
  static const char * const bad_phones[] = { "12345", "06-1234567", "0800-1234", "+31 6 1234567890" };
  static const char * const bad_emails[] = { "sanne", "sanne@", "sanne@example", "san ne@example.nl", "a@@b.nl" };

  contact->street = g_strdup ("Dorpsstraat");
  contact->postcode = g_strdup ("1234 AB");
  contact->phone = g_strdup ("06-12345678");
  contact->email = g_strdup ("sanne@example.nl");

  for (guint i = 0; i < G_N_ELEMENTS (bad_postcodes); i++)
    {
      g_autofree char *saved = g_steal_pointer (&contact->postcode);

      contact->postcode = g_strdup (bad_postcodes[i]);
      assert_contact_invalid (f, contact, dk_validate_postcode, bad_postcodes[i]);
      g_free (contact->postcode);
      contact->postcode = g_steal_pointer (&saved);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_phones); i++)
    {
      g_autofree char *saved = g_steal_pointer (&contact->phone);

      contact->phone = g_strdup (bad_phones[i]);
      assert_contact_invalid (f, contact, dk_validate_phone, bad_phones[i]);
      g_free (contact->phone);
      contact->phone = g_steal_pointer (&saved);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_emails); i++)
    {
      g_autofree char *saved = g_steal_pointer (&contact->email);

      contact->email = g_strdup (bad_emails[i]);
      assert_contact_invalid (f, contact, dk_validate_email, bad_emails[i]);
      g_free (contact->email);
      contact->email = g_steal_pointer (&saved);
    }

  g_assert_cmpint (query_int (f, "SELECT count (*) FROM contact", NULL), ==, 0);
}

static void
test_contact_save_load (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *client_id = NULL;
  g_autofree char *partner_id = NULL;
  g_autofree char *dossier_id = create_dossier (f, "2026-0011", &client_id, &partner_id);
  g_autofree char *other_client = NULL;
  g_autofree char *other_dossier = create_dossier (f, "2026-0012", &other_client, NULL);
  g_autoptr(DkContact) contact = contact_new (dossier_id, client_id);
  g_autoptr(DkContact) second = contact_new (dossier_id, partner_id);
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *second_id = NULL;
  DkContact *loaded;

  contact->street = g_strdup ("  Dorpsstraat ");
  contact->house_number = g_strdup ("12a");
  contact->postcode = g_strdup (" 1234ab ");
  contact->city = g_strdup ("Utrecht");
  contact->phone = g_strdup ("06-12345678");
  contact->email = g_strdup (" sanne@example.nl ");
  g_assert_true (dk_case_repo_save_contact (f->store, contact, &id, &error));
  g_assert_no_error (error);
  g_assert_true (dk_uuid_is_valid (id));

  /* Blank text is "not given". */
  second->street = g_strdup ("   ");
  second->postcode = g_strdup ("");
  second->phone = g_strdup ("+31 (0)20 123 4567");
  g_assert_true (dk_case_repo_save_contact (f->store, second, &second_id, &error));
  g_assert_no_error (error);

  contacts = dk_case_repo_load_contacts (f->store, dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 2);
  loaded = g_ptr_array_index (contacts, 0);
  g_assert_cmpstr (loaded->id, ==, id);
  g_assert_cmpstr (loaded->dossier_id, ==, dossier_id);
  g_assert_cmpstr (loaded->person_id, ==, client_id);
  g_assert_cmpstr (loaded->street, ==, "Dorpsstraat");
  g_assert_cmpstr (loaded->house_number, ==, "12a");
  g_assert_cmpstr (loaded->postcode, ==, "1234 AB");
  g_assert_cmpstr (loaded->city, ==, "Utrecht");
  g_assert_cmpstr (loaded->phone, ==, "+31612345678");
  g_assert_cmpstr (loaded->email, ==, "sanne@example.nl");
  loaded = g_ptr_array_index (contacts, 1);
  g_assert_cmpstr (loaded->id, ==, second_id);
  g_assert_cmpstr (loaded->person_id, ==, partner_id);
  g_assert_null (loaded->street);
  g_assert_null (loaded->postcode);
  g_assert_null (loaded->email);
  g_assert_cmpstr (loaded->phone, ==, "+31201234567");
  g_clear_pointer (&contacts, g_ptr_array_unref);

  /* Another dossier has none. */
  contacts = dk_case_repo_load_contacts (f->store, other_dossier, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 0);
  g_clear_pointer (&contacts, g_ptr_array_unref);

  /* Update by id: a moved resident; a cleared e-mail address. */
  contact->id = g_strdup (id);
  g_free (contact->street);
  contact->street = g_strdup ("Nieuwe Gracht");
  g_free (contact->postcode);
  contact->postcode = g_strdup ("3512 lk");
  g_free (contact->email);
  contact->email = NULL;
  {
    g_autofree char *same_id = NULL;

    g_assert_true (dk_case_repo_save_contact (f->store, contact, &same_id, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (same_id, ==, id);
  }
  contacts = dk_case_repo_load_contacts (f->store, dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 2);
  loaded = g_ptr_array_index (contacts, 0);
  g_assert_cmpstr (loaded->street, ==, "Nieuwe Gracht");
  g_assert_cmpstr (loaded->postcode, ==, "3512 LK");
  g_assert_null (loaded->email);
  g_assert_cmpstr (loaded->phone, ==, "+31612345678");
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM contact", NULL), ==, 2);
}

static void
test_contact_not_found (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *client_id = NULL;
  g_autofree char *partner_id = NULL;
  g_autofree char *dossier_id = create_dossier (f, "2026-0013", &client_id, &partner_id);
  g_autofree char *other_client = NULL;
  g_autofree char *other_dossier = create_dossier (f, "2026-0014", &other_client, NULL);
  g_autoptr(DkContact) contact = contact_new (dossier_id, client_id);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  contact->city = g_strdup ("Utrecht");
  g_assert_true (dk_case_repo_save_contact (f->store, contact, &id, &error));
  g_assert_no_error (error);
  before = snapshot (f);

  /* A person of another dossier. */
  {
    g_autoptr(DkContact) wrong = contact_new (dossier_id, other_client);

    g_assert_false (dk_case_repo_save_contact (f->store, wrong, NULL, &error));
    g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  /* An unknown person. */
  {
    g_autofree char *unknown = dk_uuid_new ();
    g_autoptr(DkContact) wrong = contact_new (dossier_id, unknown);

    g_assert_false (dk_case_repo_save_contact (f->store, wrong, NULL, &error));
    g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  /* An update of an unknown id, and of the client's contact under the partner's name. */
  {
    g_autoptr(DkContact) wrong = contact_new (dossier_id, client_id);

    wrong->id = dk_uuid_new ();
    g_assert_false (dk_case_repo_save_contact (f->store, wrong, NULL, &error));
    g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
    g_clear_error (&error);
    g_free (wrong->id);
    wrong->id = g_strdup (id);
    g_free (wrong->person_id);
    wrong->person_id = g_strdup (partner_id);
    g_assert_false (dk_case_repo_save_contact (f->store, wrong, NULL, &error));
    g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  after = snapshot (f);
  g_assert_cmpstr (after, ==, before);
  (void) other_dossier;
}

/* ---- notes and contact log ---- */

static DkNote *
note_new (const char *dossier_id,
          DkNoteKind  kind,
          GDate       date,
          gboolean    reached,
          const char *body)
{
  DkNote *note = g_new0 (DkNote, 1);

  note->dossier_id = g_strdup (dossier_id);
  note->kind = kind;
  note->date = date;
  note->reached = reached;
  note->body = g_strdup (body);
  return note;
}

static char *
save_note (Fixture      *f,
           const DkNote *note)
{
  g_autoptr(GError) error = NULL;
  char *id = NULL;

  g_assert_true (dk_case_repo_save_note (f->store, note, &id, &error));
  g_assert_no_error (error);
  g_assert_true (dk_uuid_is_valid (id));
  return id;
}

static void
test_note_kinds (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const names[] = { "note", "phone", "home_visit", "office_visit", "letter", "email", "message" };
  g_autoptr(GHashTable) labels = g_hash_table_new (g_str_hash, g_str_equal);
  DkNoteKind out = DK_NOTE_LETTER;

  G_STATIC_ASSERT (G_N_ELEMENTS (names) == DK_NOTE_KIND_COUNT);
  for (DkNoteKind kind = 0; kind < DK_NOTE_KIND_COUNT; kind++)
    {
      DkNoteKind back = DK_NOTE_MESSAGE - kind;

      g_assert_cmpstr (dk_note_kind_to_string (kind), ==, names[kind]);
      g_assert_true (dk_note_kind_from_string (names[kind], &back));
      g_assert_cmpint (back, ==, kind);
      g_assert_nonnull (dk_note_kind_label (kind));
      g_assert_false (g_hash_table_contains (labels, dk_note_kind_label (kind)));
      g_hash_table_add (labels, (gpointer) dk_note_kind_label (kind));
    }
  g_assert_false (dk_note_kind_from_string ("Note", &out));
  g_assert_false (dk_note_kind_from_string ("", &out));
  g_assert_false (dk_note_kind_from_string (NULL, &out));
  g_assert_cmpint (out, ==, DK_NOTE_LETTER);
}

static void
test_notes (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *dossier_id = create_dossier (f, "2026-0020", NULL, NULL);
  g_autofree char *other_id = create_dossier (f, "2026-0021", NULL, NULL);
  g_autoptr(DkNote) plain = note_new (dossier_id, DK_NOTE_NOTE, dk_date_ymd (2026, 1, 10), TRUE, "  Wants help with the energy bill. ");
  g_autoptr(DkNote) call = note_new (dossier_id, DK_NOTE_PHONE, dk_date_ymd (2026, 1, 12), FALSE, "No answer");
  g_autoptr(DkNote) visit = note_new (dossier_id, DK_NOTE_HOME_VISIT, dk_date_ymd (2026, 1, 12), TRUE, "Kitchen table talk");
  g_autoptr(DkNote) old = note_new (dossier_id, DK_NOTE_LETTER, dk_date_ymd (2025, 12, 1), FALSE, "Letter sent");
  g_autoptr(DkNote) elsewhere = note_new (other_id, DK_NOTE_NOTE, dk_date_ymd (2026, 1, 20), FALSE, "Other dossier");
  g_autofree char *plain_id = NULL;
  g_autofree char *call_id = NULL;
  g_autofree char *visit_id = NULL;
  g_autofree char *old_id = NULL;
  g_autofree char *elsewhere_id = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;
  DkNote *n;

  plain->author = g_strdup ("  Anna  ");
  plain_id = save_note (f, plain);
  call_id = save_note (f, call);
  visit_id = save_note (f, visit);
  old_id = save_note (f, old);
  elsewhere_id = save_note (f, elsewhere);

  /* reached is NULL for a plain note (whatever the struct said), 0 or 1 for the contact log. */
  g_assert_cmpint (query_int (f, "SELECT reached IS NULL FROM dossier_note WHERE id = ?1", plain_id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT reached FROM dossier_note WHERE id = ?1 AND reached IS NOT NULL", call_id), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT reached FROM dossier_note WHERE id = ?1 AND reached IS NOT NULL", visit_id), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM dossier_note WHERE dossier_id = ?1", dossier_id), ==, 4);

  /* Newest first; on one day the later entry first. */
  notes = dk_case_repo_load_notes (f->store, dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 4);
  n = g_ptr_array_index (notes, 0);
  g_assert_cmpstr (n->id, ==, visit_id);
  g_assert_cmpint (n->kind, ==, DK_NOTE_HOME_VISIT);
  g_assert_true (n->reached);
  g_assert_cmpstr (((DkNote *) g_ptr_array_index (notes, 1))->id, ==, call_id);
  g_assert_false (((DkNote *) g_ptr_array_index (notes, 1))->reached);
  n = g_ptr_array_index (notes, 2);
  g_assert_cmpstr (n->id, ==, plain_id);
  g_assert_cmpint (n->kind, ==, DK_NOTE_NOTE);
  g_assert_false (n->reached);
  g_assert_cmpstr (n->body, ==, "Wants help with the energy bill.");
  g_assert_cmpstr (n->author, ==, "Anna");
  g_assert_cmpstr (n->dossier_id, ==, dossier_id);
  g_assert_nonnull (n->created_at);
  assert_date (&n->date, "2026-01-10");
  g_assert_cmpstr (((DkNote *) g_ptr_array_index (notes, 3))->id, ==, old_id);
  g_assert_null (((DkNote *) g_ptr_array_index (notes, 1))->author);
  g_clear_pointer (&notes, g_ptr_array_unref);

  /* Update: a phone call that did reach the resident after all, and becomes a plain note. */
  call->id = g_strdup (call_id);
  call->reached = TRUE;
  g_free (call->body);
  call->body = g_strdup ("Called back: reached");
  {
    g_autofree char *same = save_note (f, call);

    g_assert_cmpstr (same, ==, call_id);
  }
  g_assert_cmpint (query_int (f, "SELECT reached FROM dossier_note WHERE id = ?1", call_id), ==, 1);
  call->kind = DK_NOTE_NOTE;
  g_free (save_note (f, call));
  g_assert_cmpint (query_int (f, "SELECT reached IS NULL AND kind = 'note' FROM dossier_note WHERE id = ?1", call_id), ==, 1);
  /* Moved to an earlier date: the order follows. */
  call->date = dk_date_ymd (2025, 11, 30);
  g_free (save_note (f, call));

  /* Remove: gone from the list, the row kept as a tombstone; twice is not found. */
  g_assert_true (dk_case_repo_remove_note (f->store, visit_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT removed_at IS NOT NULL FROM dossier_note WHERE id = ?1", visit_id), ==, 1);
  g_assert_false (dk_case_repo_remove_note (f->store, visit_id, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* A removed note cannot be edited either. */
  visit->id = g_strdup (visit_id);
  g_assert_false (dk_case_repo_save_note (f->store, visit, NULL, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
  g_clear_error (&error);

  notes = dk_case_repo_load_notes (f->store, dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 3);
  g_assert_cmpstr (((DkNote *) g_ptr_array_index (notes, 0))->id, ==, plain_id);
  g_assert_cmpstr (((DkNote *) g_ptr_array_index (notes, 1))->id, ==, old_id);
  g_assert_cmpstr (((DkNote *) g_ptr_array_index (notes, 2))->id, ==, call_id);
  g_assert_cmpstr (((DkNote *) g_ptr_array_index (notes, 2))->body, ==, "Called back: reached");
  g_clear_pointer (&notes, g_ptr_array_unref);

  notes = dk_case_repo_load_notes (f->store, other_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (((DkNote *) g_ptr_array_index (notes, 0))->id, ==, elsewhere_id);
}

/* Many notes on one day, made in quick succession: the newest is always first. */
static void
test_note_order_same_day (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *dossier_id = create_dossier (f, "2026-0022", NULL, NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) notes = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *body = g_strdup_printf ("entry %u", i);
      g_autoptr(DkNote) note = note_new (dossier_id, DK_NOTE_PHONE, dk_date_ymd (2026, 2, 2), i % 2 == 0, body);

      g_ptr_array_add (ids, save_note (f, note));
    }
  notes = dk_case_repo_load_notes (f->store, dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 20);
  for (guint i = 0; i < 20; i++)
    g_assert_cmpstr (((DkNote *) g_ptr_array_index (notes, i))->id, ==, g_ptr_array_index (ids, 19 - i));
}

static void
assert_note_refused (Fixture      *f,
                     const DkNote *note,
                     gint          code)
{
  g_autofree char *before = snapshot (f);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  g_assert_false (dk_case_repo_save_note (f->store, note, &id, &error));
  g_assert_error (error, DK_DOSSIER_REPO_ERROR, code);
  g_assert_null (id);
  after = snapshot (f);
  g_assert_cmpstr (after, ==, before);
}

static void
test_note_refusals (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *dossier_id = create_dossier (f, "2026-0023", NULL, NULL);
  g_autoptr(DkNote) note = note_new (dossier_id, DK_NOTE_NOTE, dk_date_ymd (2026, 1, 10), FALSE, "");
  g_autofree char *id = NULL;

  /* Empty or blank text. */
  assert_note_refused (f, note, DK_DOSSIER_REPO_ERROR_INVALID);
  g_free (note->body);
  note->body = g_strdup (" \t\n ");
  assert_note_refused (f, note, DK_DOSSIER_REPO_ERROR_INVALID);
  g_free (note->body);
  note->body = NULL;
  assert_note_refused (f, note, DK_DOSSIER_REPO_ERROR_INVALID);

  /* No date, a date in the future. */
  note->body = g_strdup ("Text");
  g_date_clear (&note->date, 1);
  assert_note_refused (f, note, DK_DOSSIER_REPO_ERROR_INVALID);
  note->date = today_plus (1);
  assert_note_refused (f, note, DK_DOSSIER_REPO_ERROR_INVALID);

  /* An unknown dossier. */
  note->date = today_plus (0);
  g_free (note->dossier_id);
  note->dossier_id = dk_uuid_new ();
  assert_note_refused (f, note, DK_DOSSIER_REPO_ERROR_NOT_FOUND);

  /* An edit that empties a stored note keeps the stored text. */
  g_free (note->dossier_id);
  note->dossier_id = g_strdup (dossier_id);
  id = save_note (f, note);
  note->id = g_strdup (id);
  g_free (note->body);
  note->body = g_strdup ("  ");
  assert_note_refused (f, note, DK_DOSSIER_REPO_ERROR_INVALID);
  /* An update of an unknown note. */
  g_free (note->id);
  note->id = dk_uuid_new ();
  g_free (note->body);
  note->body = g_strdup ("New text");
  assert_note_refused (f, note, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM dossier_note WHERE body = 'Text'", NULL), ==, 1);

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *unknown = dk_uuid_new ();

    g_assert_false (dk_case_repo_remove_note (f->store, unknown, &error));
    g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
  }
}

/* ---- on a replica: the outbox ---- */

/* Marks every pending change sent, as a push does, so later edits start changes of their own. */
static void
send_outbox (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) batch = dk_replica_take_batch (f->replica, 1000, &error);

  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM sync_outbox WHERE state = 'pending'", NULL), ==, 0);
}

/* The fields of the only pending change, as JSON text, asserted to be of @table, @record_id and @op. */
static char *
pending_fields (Fixture    *f,
                const char *table,
                const char *record_id,
                const char *op)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM sync_outbox WHERE state = 'pending'"
                                          " AND record_table = '%s' AND record_id = ?1 AND op = '%s'", table, op);

  g_assert_cmpint (query_int (f, "SELECT count (*) FROM sync_outbox WHERE state = 'pending'", NULL), ==, 1);
  g_assert_cmpint (query_int (f, sql, record_id), ==, 1);
  return query_text (f, "SELECT fields FROM sync_outbox WHERE state = 'pending'", NULL);
}

/* @fields_json has exactly the members @... (NULL-terminated). */
static void
assert_members (const char *fields_json,
                ...)
{
  g_autoptr(JsonNode) node = json_from_string (fields_json, NULL);
  g_autoptr(GList) members = NULL;
  JsonObject *object;
  va_list args;
  guint n = 0;

  g_assert_nonnull (node);
  object = json_node_get_object (node);
  va_start (args, fields_json);
  for (const char *name = va_arg (args, const char *); name != NULL; name = va_arg (args, const char *))
    {
      g_assert_true (json_object_has_member (object, name));
      n++;
    }
  va_end (args);
  members = json_object_get_members (object);
  g_assert_cmpuint (g_list_length (members), ==, n);
}

static void
test_replica_outbox (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *client_id = NULL;
  g_autofree char *dossier_id = create_dossier (f, "2026-0030", &client_id, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkCase) c = NULL;
  g_autoptr(DkContact) contact = contact_new (dossier_id, client_id);
  g_autoptr(DkNote) note = note_new (dossier_id, DK_NOTE_NOTE, dk_date_ymd (2026, 1, 10), TRUE, "First note");
  g_autofree char *contact_id = NULL;
  g_autofree char *note_id = NULL;
  g_autofree char *fields = NULL;

  /* The new dossier's insert carries the case fields' defaults. */
  fields = query_text (f, "SELECT fields FROM sync_outbox WHERE record_table = 'dossier' AND op = 'insert'", NULL);
  {
    g_autoptr(JsonNode) node = json_from_string (fields, NULL);
    JsonObject *object = json_node_get_object (node);

    g_assert_cmpstr (json_object_get_string_member (object, "phase"), ==, "registration");
    g_assert_false (json_object_get_boolean_member (object, "crisis"));
  }
  g_clear_pointer (&fields, g_free);
  send_outbox (f);

  /* Only the counsellor changes. */
  c = dk_case_repo_load (f->store, dossier_id, &error);
  g_assert_no_error (error);
  c->counsellor = g_strdup ("Joost");
  g_assert_true (dk_case_repo_save (f->store, c, &error));
  g_assert_no_error (error);
  fields = pending_fields (f, "dossier", dossier_id, "update");
  assert_members (fields, "counsellor", NULL);
  g_assert_cmpstr (fields, ==, "{\"counsellor\":\"Joost\"}");
  g_clear_pointer (&fields, g_free);
  send_outbox (f);

  /* Saving the same case again changes nothing, so there is no change to send. */
  g_assert_true (dk_case_repo_save (f->store, c, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM sync_outbox WHERE state = 'pending'", NULL), ==, 0);

  /* Phase, request date and crisis. */
  c->phase = DK_CASE_PHASE_INTAKE;
  c->registered_on = dk_date_ymd (2026, 1, 5);
  c->crisis = TRUE;
  g_assert_true (dk_case_repo_save (f->store, c, &error));
  g_assert_no_error (error);
  fields = pending_fields (f, "dossier", dossier_id, "update");
  assert_members (fields, "phase", "registered_on", "crisis", NULL);
  g_assert_nonnull (strstr (fields, "\"crisis\":true"));
  g_assert_nonnull (strstr (fields, "\"registered_on\":\"2026-01-05\""));
  g_clear_pointer (&fields, g_free);
  send_outbox (f);

  /* A refused save writes no change either. */
  c->first_conversation_on = dk_date_ymd (2026, 1, 4);
  g_assert_false (dk_case_repo_save (f->store, c, &error));
  g_clear_error (&error);
  g_assert_cmpint (query_int (f, "SELECT count (*) FROM sync_outbox WHERE state = 'pending'", NULL), ==, 0);

  /* A contact: the insert with its normalised values. */
  contact->postcode = g_strdup ("1234ab");
  contact->phone = g_strdup ("06 12 34 56 78");
  contact->city = g_strdup ("Utrecht");
  g_assert_true (dk_case_repo_save_contact (f->store, contact, &contact_id, &error));
  g_assert_no_error (error);
  fields = pending_fields (f, "contact", contact_id, "insert");
  g_assert_nonnull (strstr (fields, "\"postcode\":\"1234 AB\""));
  g_assert_nonnull (strstr (fields, "\"phone\":\"+31612345678\""));
  g_assert_nonnull (strstr (fields, "\"email\":null"));
  g_assert_nonnull (strstr (fields, "\"person_id\":\""));
  g_clear_pointer (&fields, g_free);
  send_outbox (f);

  /* Only the phone number changes (typed differently, and the postcode typed as before). */
  contact->id = g_strdup (contact_id);
  g_free (contact->phone);
  contact->phone = g_strdup ("+31 6 87654321");
  g_assert_true (dk_case_repo_save_contact (f->store, contact, NULL, &error));
  g_assert_no_error (error);
  fields = pending_fields (f, "contact", contact_id, "update");
  g_assert_cmpstr (fields, ==, "{\"phone\":\"+31687654321\"}");
  g_clear_pointer (&fields, g_free);
  send_outbox (f);

  /* A note: reached is null in the insert. */
  note_id = save_note (f, note);
  fields = pending_fields (f, "dossier_note", note_id, "insert");
  g_assert_nonnull (strstr (fields, "\"reached\":null"));
  g_assert_nonnull (strstr (fields, "\"kind\":\"note\""));
  g_assert_nonnull (strstr (fields, "\"body\":\"First note\""));
  g_clear_pointer (&fields, g_free);
  send_outbox (f);

  /* Only its text. */
  note->id = g_strdup (note_id);
  g_free (note->body);
  note->body = g_strdup ("First note, corrected");
  g_free (save_note (f, note));
  fields = pending_fields (f, "dossier_note", note_id, "update");
  g_assert_cmpstr (fields, ==, "{\"body\":\"First note, corrected\"}");
  g_clear_pointer (&fields, g_free);
  send_outbox (f);

  /* A note that becomes a phone call: kind and reached. */
  note->kind = DK_NOTE_PHONE;
  note->reached = FALSE;
  g_free (save_note (f, note));
  fields = pending_fields (f, "dossier_note", note_id, "update");
  assert_members (fields, "kind", "reached", NULL);
  g_assert_nonnull (strstr (fields, "\"reached\":false"));
  g_clear_pointer (&fields, g_free);
  send_outbox (f);

  /* Removing it is a delete. */
  g_assert_true (dk_case_repo_remove_note (f->store, note_id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&fields, g_free);
  fields = pending_fields (f, "dossier_note", note_id, "delete");
}

/* A dialog opened on an old copy saves only what the user changed in it. */
static void
test_case_apply_edit (void)
{
  DkCase original = { 0 }, edited = { 0 }, current = { 0 };

  original.phase = DK_CASE_PHASE_INTAKE;
  original.counsellor = (char *) "Anna";
  original.registered_on = dk_date_ymd (2026, 3, 2);
  g_date_clear (&original.first_conversation_on, 1);
  edited = original;
  edited.counsellor = (char *) "Piet";
  /* Meanwhile a sync moved the case on and set the first conversation. */
  current = original;
  current.phase = DK_CASE_PHASE_STABILISATION;
  current.first_conversation_on = dk_date_ymd (2026, 3, 9);
  current.counsellor = g_strdup ("Anna");

  dk_case_apply_edit (&current, &original, &edited);
  g_assert_cmpstr (current.counsellor, ==, "Piet");
  g_assert_cmpint (current.phase, ==, DK_CASE_PHASE_STABILISATION);
  g_assert_true (g_date_valid (&current.first_conversation_on));

  /* Clearing a date the user cleared does count as a change. */
  edited = current;
  g_date_clear (&edited.first_conversation_on, 1);
  dk_case_apply_edit (&current, &current, &edited);
  g_assert_false (g_date_valid (&current.first_conversation_on));
  g_free (current.counsellor);
}

static void
test_contact_apply_edit (void)
{
  DkContact original = { .street = (char *) "Lindelaan", .phone = (char *) "+31612345678" };
  DkContact edited = original;
  DkContact current = { .street = g_strdup ("Lindelaan"), .phone = g_strdup ("+31687654321"),
                        .city = g_strdup ("Dordrecht") };

  /* The form changed the street and cleared nothing; a sync changed the phone and the city. */
  edited.street = (char *) "Eikenlaan";
  edited.city = (char *) "";
  dk_contact_apply_edit (&current, &original, &edited);
  g_assert_cmpstr (current.street, ==, "Eikenlaan");
  g_assert_cmpstr (current.phone, ==, "+31687654321");
  g_assert_cmpstr (current.city, ==, "Dordrecht");

  /* A field the form emptied is emptied. */
  edited = original;
  edited.phone = NULL;
  dk_contact_apply_edit (&current, &original, &edited);
  g_assert_null (current.phone);

  g_free (current.street);
  g_free (current.phone);
  g_free (current.city);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/case-repo/store" path, Fixture, GINT_TO_POINTER (FALSE), fixture_setup, func, fixture_teardown); \
  g_test_add ("/case-repo/replica" path, Fixture, GINT_TO_POINTER (TRUE), fixture_setup, func, fixture_teardown)

  ADD ("/case/defaults", test_case_defaults);
  ADD ("/case/save-load", test_case_save_load);
  ADD ("/case/refusals", test_case_refusals);
  ADD ("/case/not-found", test_case_not_found);
  ADD ("/case/bad-row", test_case_bad_row);
  ADD ("/contact/validation", test_contact_validation);
  ADD ("/contact/save-load", test_contact_save_load);
  ADD ("/contact/not-found", test_contact_not_found);
  ADD ("/note/kinds", test_note_kinds);
  ADD ("/note/save-load", test_notes);
  ADD ("/note/order-same-day", test_note_order_same_day);
  ADD ("/note/refusals", test_note_refusals);
  g_test_add_func ("/case-repo/case/apply-edit", test_case_apply_edit);
  g_test_add_func ("/case-repo/contact/apply-edit", test_contact_apply_edit);
  g_test_add ("/case-repo/replica/outbox", Fixture, GINT_TO_POINTER (TRUE), fixture_setup, test_replica_outbox,
              fixture_teardown);

  return g_test_run ();
}
