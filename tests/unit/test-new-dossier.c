/* The "New dossier" form: the dossier number, turning typed text into records with a message per
 * field, saving it all into a replica in one transaction, and (with a display) the dialog itself. */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "dk-case-repo.h"
#include "dk-date.h"
#include "dk-dossier-repo.h"
#include "dk-form.h"
#include "dk-new-dossier-dialog.h"
#include "dk-new-dossier-form.h"
#include "dk-replica.h"
#include "dk-uuid.h"

static gboolean have_display;

/* The numbers: 11-check valid BSNs (the usual test numbers). */
#define BSN_CLIENT  "111222333"
#define BSN_PARTNER "123456782"

static const char alphabet[] = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";

/* Dossier number */

static void
test_number_known (void)
{
  GDate date = dk_date_ymd (2026, 11, 23);
  g_autofree char *number = dk_new_dossier_make_number ("0190f1c2-7a3b-7c4d-8e5f-0123456789ab", &date);
  g_autofree char *all_ones = dk_new_dossier_make_number ("0190f1c2-7a3b-7c4d-bfff-ffffffffffff", &date);
  GDate new_year = dk_date_ymd (2027, 1, 1);
  g_autofree char *next_year = dk_new_dossier_make_number ("0190f1c2-7a3b-7c4d-8e5f-0123456789ab", &new_year);

  /* The low 30 bits of rand_b, 0x256789ab, in groups of five: 4 Q H 4 F D. */
  g_assert_cmpstr (number, ==, "2026-4QH4FD");
  g_assert_cmpstr (all_ones, ==, "2026-ZZZZZZ");
  g_assert_cmpstr (next_year, ==, "2027-4QH4FD");
}

static void
test_number_uses_random_bits (void)
{
  GDate date = dk_date_ymd (2026, 11, 23);
  /* Same timestamp, version and counter; only the random tail differs, in its last symbol. */
  g_autofree char *a = dk_new_dossier_make_number ("0190f1c2-7a3b-7c4d-8e5f-000000000000", &date);
  g_autofree char *b = dk_new_dossier_make_number ("0190f1c2-7a3b-7c4d-8e5f-000000000001", &date);
  /* And a difference in the timestamp alone does not change the code. */
  g_autofree char *c = dk_new_dossier_make_number ("0290f1c2-7a3b-7c4d-8e5f-000000000001", &date);

  g_assert_cmpstr (a, ==, "2026-222222");
  g_assert_cmpstr (b, ==, "2026-222223");
  g_assert_cmpstr (c, ==, b);
}

static void
test_number_alphabet (void)
{
  GDate date = dk_date_ymd (2026, 1, 5);

  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *uuid = dk_uuid_new ();
      g_autofree char *number = dk_new_dossier_make_number (uuid, &date);

      g_assert_cmpuint (strlen (number), ==, 11);
      g_assert_true (g_str_has_prefix (number, "2026-"));
      for (const char *p = number + 5; *p != '\0'; p++)
        {
          g_assert_nonnull (strchr (alphabet, *p));
          g_assert_true (*p != '0' && *p != 'O' && *p != '1' && *p != 'I');
        }
    }
}

static void
test_number_invalid_uuid (void)
{
  GDate date = dk_date_ymd (2026, 1, 5);

  g_assert_null (dk_new_dossier_make_number ("not a uuid", &date));
  g_assert_null (dk_new_dossier_make_number ("0190F1C2-7A3B-7C4D-8E5F-0123456789AB", &date));
  g_assert_null (dk_new_dossier_make_number (NULL, &date));
}

/* Building the records */

typedef struct
{
  DkNewDossierForm       form;
  DkNewDossierPersonText children[2];
  GDate                  today;
} Fixture;

/* A married couple with two children, address, crisis: every part of the form filled in. */
static void
fixture_full (Fixture *f)
{
  memset (f, 0, sizeof *f);
  f->today = dk_date_ymd (2026, 11, 23);

  f->form.client = (DkNewDossierPersonText) { " Sanne ", "van", "Dijk", "111.222.333", "14-03-1988" };
  f->form.has_partner = TRUE;
  f->form.partner = (DkNewDossierPersonText) { "Jeroen", "", "Bakker", BSN_PARTNER, "02-07-1985" };
  f->form.living_together = DK_NEW_DOSSIER_MARRIED;
  f->form.union_date = "12-09-2015";
  f->form.regime = DK_MARITAL_REGIME_FULL_COMMUNITY;
  f->children[0] = (DkNewDossierPersonText) { "Daan", "", "Bakker", NULL, "01-02-2016" };
  f->children[1] = (DkNewDossierPersonText) { "Lotte", "", "Bakker", NULL, "23-11-2026" };
  f->form.children = f->children;
  f->form.n_children = 2;
  f->form.street = "Kerkstraat";
  f->form.house_number = "12a";
  f->form.postcode = "1234ab";
  f->form.city = "Zwolle";
  f->form.phone = "06-12345678";
  f->form.email = "sanne@example.nl";
  f->form.registered_on = "20-11-2026";
  f->form.crisis = TRUE;
  f->form.crisis_reason = "Eviction notice for 1 December";
  f->form.counsellor = "Fatima el Amrani";
}

/* The client alone, nothing optional. */
static void
fixture_minimal (Fixture *f)
{
  memset (f, 0, sizeof *f);
  f->today = dk_date_ymd (2026, 11, 23);
  f->form.client = (DkNewDossierPersonText) { "", NULL, "Dijk", "", "14-03-1988" };
  f->form.registered_on = "23-11-2026";
}

static const DkHouseholdEvent *
find_event (DkNewDossierRecords  *records,
            DkHouseholdEventKind  kind,
            const char           *person_id)
{
  for (guint i = 0; i < records->events->len; i++)
    {
      const DkHouseholdEvent *event = g_ptr_array_index (records->events, i);

      if (event->kind == kind && g_strcmp0 (event->person_id, person_id) == 0)
        return event;
    }
  return NULL;
}

static void
test_build_full (void)
{
  Fixture f;
  g_autoptr(GHashTable) errors = NULL;
  g_autoptr(DkNewDossierRecords) records = NULL;
  const DkPerson *client, *partner, *daan, *lotte;
  const DkHouseholdEvent *event;
  GDate date;

  fixture_full (&f);
  records = dk_new_dossier_build (&f.form, &f.today, &errors);
  g_assert_cmpuint (g_hash_table_size (errors), ==, 0);
  g_assert_nonnull (records);

  g_assert_cmpint (g_date_compare (&records->opened_on, &f.today), ==, 0);
  g_assert_cmpuint (records->persons->len, ==, 4);
  client = records->persons->pdata[0];
  partner = records->persons->pdata[1];
  daan = records->persons->pdata[2];
  lotte = records->persons->pdata[3];

  g_assert_cmpint (client->role, ==, DK_PERSON_ROLE_CLIENT);
  g_assert_cmpstr (client->given_names, ==, "Sanne");
  g_assert_cmpstr (client->family_name_prefix, ==, "van");
  g_assert_cmpstr (client->family_name, ==, "Dijk");
  g_assert_cmpstr (client->bsn, ==, BSN_CLIENT);
  date = dk_date_ymd (1988, 3, 14);
  g_assert_cmpint (g_date_compare (&client->birth_date, &date), ==, 0);
  g_assert_true (dk_uuid_is_valid (client->id));

  g_assert_cmpint (partner->role, ==, DK_PERSON_ROLE_PARTNER);
  g_assert_cmpstr (partner->bsn, ==, BSN_PARTNER);
  g_assert_null (partner->family_name_prefix);
  g_assert_cmpint (daan->role, ==, DK_PERSON_ROLE_CHILD);
  g_assert_cmpstr (daan->given_names, ==, "Daan");
  g_assert_null (daan->bsn);
  g_assert_cmpint (lotte->role, ==, DK_PERSON_ROLE_CHILD);

  /* client, partner, marriage, two children */
  g_assert_cmpuint (records->events->len, ==, 5);
  event = find_event (records, DK_HOUSEHOLD_EVENT_MOVE_IN, client->id);
  g_assert_nonnull (event);
  g_assert_cmpint (g_date_compare (&event->date, &f.today), ==, 0);
  event = find_event (records, DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN, partner->id);
  g_assert_nonnull (event);
  g_assert_cmpint (g_date_compare (&event->date, &f.today), ==, 0);
  event = find_event (records, DK_HOUSEHOLD_EVENT_MARRIAGE, partner->id);
  g_assert_nonnull (event);
  date = dk_date_ymd (2015, 9, 12);
  g_assert_cmpint (g_date_compare (&event->date, &date), ==, 0);
  g_assert_cmpint (event->union_kind, ==, DK_UNION_MARRIAGE);
  g_assert_cmpint (event->regime, ==, DK_MARITAL_REGIME_FULL_COMMUNITY);
  g_assert_nonnull (find_event (records, DK_HOUSEHOLD_EVENT_MOVE_IN, daan->id));
  g_assert_nonnull (find_event (records, DK_HOUSEHOLD_EVENT_MOVE_IN, lotte->id));

  g_assert_cmpint (records->case_fields->phase, ==, DK_CASE_PHASE_REGISTRATION);
  date = dk_date_ymd (2026, 11, 20);
  g_assert_cmpint (g_date_compare (&records->case_fields->registered_on, &date), ==, 0);
  g_assert_true (records->case_fields->crisis);
  g_assert_false (g_date_valid (&records->case_fields->first_conversation_on));
  g_assert_cmpstr (records->case_fields->counsellor, ==, "Fatima el Amrani");

  g_assert_nonnull (records->contact);
  g_assert_cmpstr (records->contact->street, ==, "Kerkstraat");
  g_assert_cmpstr (records->contact->postcode, ==, "1234ab");
  g_assert_cmpstr (records->crisis_note, ==, "Eviction notice for 1 December");
}

static void
test_build_minimal (void)
{
  Fixture f;
  g_autoptr(GHashTable) errors = NULL;
  g_autoptr(DkNewDossierRecords) records = NULL;
  const DkPerson *client;

  fixture_minimal (&f);
  /* Partner fields are ignored when there is no partner, whatever they hold. */
  f.form.partner.bsn = "123";
  records = dk_new_dossier_build (&f.form, &f.today, &errors);
  g_assert_cmpuint (g_hash_table_size (errors), ==, 0);
  g_assert_nonnull (records);

  g_assert_cmpuint (records->persons->len, ==, 1);
  client = records->persons->pdata[0];
  g_assert_cmpstr (client->given_names, ==, "");
  g_assert_null (client->bsn);
  g_assert_null (client->family_name_prefix);
  g_assert_cmpuint (records->events->len, ==, 1);
  g_assert_null (records->contact);
  g_assert_null (records->crisis_note);
  g_assert_null (records->case_fields->counsellor);
  g_assert_false (records->case_fields->crisis);
}

static void
test_build_cohabiting (void)
{
  Fixture f;
  g_autoptr(DkNewDossierRecords) records = NULL;

  fixture_full (&f);
  f.form.living_together = DK_NEW_DOSSIER_COHABITING;
  f.form.union_date = "nonsense: not read for cohabitants";
  f.form.partner.birth_date = "";   /* optional for the partner */
  records = dk_new_dossier_build (&f.form, &f.today, NULL);
  g_assert_nonnull (records);

  g_assert_cmpuint (records->events->len, ==, 4);
  for (guint i = 0; i < records->events->len; i++)
    g_assert_cmpint (((DkHouseholdEvent *) records->events->pdata[i])->kind, !=, DK_HOUSEHOLD_EVENT_MARRIAGE);
  g_assert_false (g_date_valid (&((DkPerson *) records->persons->pdata[1])->birth_date));
}

static void
test_build_registered_partnership (void)
{
  Fixture f;
  g_autoptr(DkNewDossierRecords) records = NULL;
  const DkPerson *partner;
  const DkHouseholdEvent *event;

  fixture_full (&f);
  f.form.living_together = DK_NEW_DOSSIER_REGISTERED_PARTNERSHIP;
  f.form.union_date = "2019-05-01";
  f.form.regime = DK_MARITAL_REGIME_PRENUPTIAL;
  records = dk_new_dossier_build (&f.form, &f.today, NULL);
  g_assert_nonnull (records);

  partner = records->persons->pdata[1];
  event = find_event (records, DK_HOUSEHOLD_EVENT_MARRIAGE, partner->id);
  g_assert_nonnull (event);
  g_assert_cmpint (event->union_kind, ==, DK_UNION_REGISTERED_PARTNERSHIP);
  g_assert_cmpint (event->regime, ==, DK_MARITAL_REGIME_PRENUPTIAL);
}

/* Builds @f, expects it refused, and returns the message of @key (NULL when that field is fine). */
static char *
refused (Fixture    *f,
         const char *key)
{
  g_autoptr(GHashTable) errors = NULL;
  g_autoptr(DkNewDossierRecords) records = dk_new_dossier_build (&f->form, &f->today, &errors);

  g_assert_null (records);
  g_assert_cmpuint (g_hash_table_size (errors), >, 0);
  return g_strdup (g_hash_table_lookup (errors, key));
}

static void
test_errors_per_field (void)
{
  Fixture f;

  {
    g_autoptr(GHashTable) errors = NULL;
    g_autoptr(DkNewDossierRecords) records = NULL;

    fixture_full (&f);
    f.form.client.family_name = "  ";
    f.form.client.birth_date = "";
    f.form.postcode = "0123 AB";
    records = dk_new_dossier_build (&f.form, &f.today, &errors);
    g_assert_null (records);
    /* Every wrong field has its message, and only those. */
    g_assert_cmpuint (g_hash_table_size (errors), ==, 3);
    g_assert_cmpstr (g_hash_table_lookup (errors, "client.family_name"), ==, "Family name is required.");
    g_assert_cmpstr (g_hash_table_lookup (errors, "client.birth_date"), ==, "Date of birth is required.");
    g_assert_true (g_str_has_prefix (g_hash_table_lookup (errors, "postcode"), "Postcode: "));
  }

  {
    g_autofree char *message = NULL;

    fixture_full (&f);
    f.form.partner.bsn = "123456789";  /* fails the 11-check */
    message = refused (&f, "partner.bsn");
    g_assert_true (g_str_has_prefix (message, "BSN: "));
  }

  {
    g_autofree char *message = NULL;

    fixture_full (&f);
    f.form.partner.bsn = BSN_CLIENT;
    message = refused (&f, "partner.bsn");
    g_assert_cmpstr (message, ==, "The partner cannot have the same BSN as the client.");
  }

  {
    g_autofree char *message = NULL;

    fixture_full (&f);
    f.children[1].birth_date = "14-03-1988";  /* the client's own birthday */
    message = refused (&f, "child.1.birth_date");
    g_assert_cmpstr (message, ==, "A child cannot be born on or before the birthday of the client.");
  }

  {
    g_autofree char *message = NULL;

    /* A wrong BSN of the client does not hide the child's impossible birth date. */
    fixture_full (&f);
    f.form.client.bsn = "123456789";
    f.children[0].birth_date = "01-01-1980";
    message = refused (&f, "child.0.birth_date");
    g_assert_cmpstr (message, ==, "A child cannot be born on or before the birthday of the client.");
  }

  {
    g_autofree char *message = NULL;

    fixture_full (&f);
    f.children[0].birth_date = "24-11-2026";  /* tomorrow */
    message = refused (&f, "child.0.birth_date");
    /* "… after 23-11-2026", or "… in the future" on the day the fixture's today is the real one. */
    g_assert_true (g_str_has_prefix (message, "Date of birth cannot be "));
  }

  {
    g_autofree char *message = NULL;

    fixture_full (&f);
    f.children[0].family_name = "";
    message = refused (&f, "child.0.family_name");
    g_assert_cmpstr (message, ==, "Family name is required.");
  }

  {
    g_autofree char *message = NULL;

    fixture_full (&f);
    f.form.union_date = "";
    message = refused (&f, "union_date");
    g_assert_cmpstr (message, ==, "Date of marriage or partnership is required.");
  }

  {
    g_autofree char *message = NULL;

    fixture_full (&f);
    f.form.union_date = "01-01-1980";  /* before the client was born */
    message = refused (&f, "union_date");
    g_assert_nonnull (message);
  }

  {
    g_autofree char *message = NULL;

    fixture_full (&f);
    f.form.union_date = "12-09-2019";  /* from 2018: no statutory full community any more */
    message = refused (&f, "regime");
    g_assert_true (g_str_has_prefix (message, "A full community of property only arises"));
  }

  {
    g_autofree char *message = NULL;

    fixture_full (&f);
    f.form.regime = DK_MARITAL_REGIME_LIMITED_COMMUNITY;  /* 2015 wedding: limited did not exist yet */
    message = refused (&f, "regime");
    g_assert_true (g_str_has_prefix (message, "A limited community of property only arises"));
  }

  {
    g_autofree char *message = NULL;

    fixture_full (&f);
    f.form.crisis_reason = " ";
    message = refused (&f, "crisis_reason");
    g_assert_cmpstr (message, ==, "Explanation of the crisis is required.");
  }

  {
    g_autofree char *phone = NULL, *email = NULL;

    fixture_full (&f);
    f.form.phone = "0800-1234";
    f.form.email = "sanne@";
    phone = refused (&f, "phone");
    email = refused (&f, "email");
    g_assert_true (g_str_has_prefix (phone, "Phone: "));
    g_assert_true (g_str_has_prefix (email, "E-mail: "));
  }

  {
    g_autofree char *message = NULL;

    fixture_full (&f);
    f.form.registered_on = "24-11-2026";
    message = refused (&f, "registered_on");
    g_assert_true (g_str_has_prefix (message, "Date of the request for help cannot be "));
  }

  {
    g_autofree char *message = NULL;

    fixture_full (&f);
    f.form.client.birth_date = "31-02-1988";
    message = refused (&f, "client.birth_date");
    g_assert_true (g_str_has_prefix (message, "Date of birth: "));
  }
}

/* Saving into a replica */

typedef struct
{
  char      *dir;
  char      *path;
  DkReplica *replica;
  DkStore   *store;
} Replica;

static void
replica_open (Replica *r)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *user_id = dk_uuid_new ();
  g_autofree char *device_id = dk_uuid_new ();

  r->dir = g_dir_make_tmp ("dk-new-dossier-XXXXXX", &error);
  g_assert_no_error (error);
  r->path = g_build_filename (r->dir, "replica.sqlite", NULL);
  r->replica = dk_replica_open (r->path, &error);
  g_assert_no_error (error);
  dk_replica_bind_account (r->replica, user_id, device_id, &error);
  g_assert_no_error (error);
  r->store = dk_replica_get_store (r->replica);
}

static void
replica_close (Replica *r)
{
  g_autofree char *wal = g_strconcat (r->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (r->path, "-shm", NULL);

  g_clear_object (&r->replica);
  g_unlink (r->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (r->dir);
  g_free (r->path);
  g_free (r->dir);
}

static gint64
count_rows (DkStore    *store,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, &error);
  gboolean has_row = FALSE;
  gint64 n;

  g_assert_no_error (error);
  dk_store_step_row (store, stmt, &has_row, &error);
  g_assert_no_error (error);
  g_assert_true (has_row);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static void
assert_nothing_written (Replica *r)
{
  g_autoptr(GError) error = NULL;
  DkOutboxCounts counts;

  g_assert_cmpint (count_rows (r->store, "dossier"), ==, 0);
  g_assert_cmpint (count_rows (r->store, "person"), ==, 0);
  g_assert_cmpint (count_rows (r->store, "household_event"), ==, 0);
  g_assert_cmpint (count_rows (r->store, "contact"), ==, 0);
  g_assert_cmpint (count_rows (r->store, "dossier_note"), ==, 0);
  dk_replica_count_outbox (r->replica, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts.pending, ==, 0);
}

static void
test_save (void)
{
  Replica r = { 0 };
  Fixture f;
  g_autoptr(GError) error = NULL;
  g_autoptr(DkNewDossierRecords) records = NULL;
  g_autofree char *dossier_id = NULL;
  g_autofree char *number = NULL;
  g_autoptr(DkDossier) dossier = NULL;
  g_autoptr(DkHouseholdTimeline) timeline = NULL;
  g_autoptr(DkHouseholdSituation) situation = NULL;
  g_autoptr(DkCase) saved_case = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GPtrArray) notes = NULL;
  DkOutboxCounts counts;
  const DkContact *contact;
  const DkNote *note;

  replica_open (&r);
  /* The real today: the repositories refuse dates after it. */
  fixture_full (&f);
  dk_form_today (&f.today);
  f.form.registered_on = "01-11-2024";
  f.children[1].birth_date = "01-02-2018";
  records = dk_new_dossier_build (&f.form, &f.today, NULL);
  g_assert_nonnull (records);

  dk_new_dossier_save (r.store, records, &dossier_id, &number, &error);
  g_assert_no_error (error);
  g_assert_true (dk_uuid_is_valid (dossier_id));

  dossier = dk_dossier_repo_load_dossier (r.store, dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (dossier->number, ==, number);
  g_assert_cmpuint (strlen (number), ==, 11);
  g_assert_cmpint (g_date_compare (&dossier->opened_on, &f.today), ==, 0);

  timeline = dk_dossier_repo_load_timeline (r.store, dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dk_household_timeline_get_n_persons (timeline), ==, 4);
  g_assert_cmpuint (dk_household_timeline_get_n_events (timeline), ==, 5);
  g_assert_cmpstr (dk_household_timeline_get_person (timeline, dk_household_timeline_get_client_id (timeline))->bsn,
                   ==, BSN_CLIENT);
  situation = dk_household_situation_on (timeline, &f.today, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (situation->member_ids->len, ==, 4);
  g_assert_cmpint (situation->relation.kind, ==, DK_RELATION_MARRIED);
  g_assert_cmpint (situation->relation.regime, ==, DK_MARITAL_REGIME_FULL_COMMUNITY);
  g_assert_cmpuint (situation->child_ids->len, ==, 2);

  saved_case = dk_case_repo_load (r.store, dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved_case->phase, ==, DK_CASE_PHASE_REGISTRATION);
  g_assert_true (saved_case->crisis);
  g_assert_cmpstr (saved_case->counsellor, ==, "Fatima el Amrani");
  g_assert_cmpint (g_date_compare (&saved_case->registered_on, &records->case_fields->registered_on), ==, 0);

  contacts = dk_case_repo_load_contacts (r.store, dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 1);
  contact = contacts->pdata[0];
  g_assert_cmpstr (contact->person_id, ==, dk_household_timeline_get_client_id (timeline));
  g_assert_cmpstr (contact->postcode, ==, "1234 AB");
  g_assert_cmpstr (contact->phone, ==, "+31612345678");
  g_assert_cmpstr (contact->house_number, ==, "12a");

  notes = dk_case_repo_load_notes (r.store, dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 1);
  note = notes->pdata[0];
  g_assert_cmpint (note->kind, ==, DK_NOTE_NOTE);
  g_assert_nonnull (strstr (note->body, "Eviction notice for 1 December"));
  g_assert_cmpint (g_date_compare (&note->date, &f.today), ==, 0);

  /* Everything went into the outbox, to be sent when the network is back. */
  dk_replica_count_outbox (r.replica, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts.pending, >, 0);

  replica_close (&r);
}

static void
test_save_second_gets_other_number (void)
{
  Replica r = { 0 };
  Fixture f;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  replica_open (&r);
  fixture_minimal (&f);
  dk_form_today (&f.today);
  {
    g_autofree char *today = dk_date_format_dutch (&f.today);
    g_autoptr(DkNewDossierRecords) a = NULL;
    g_autoptr(DkNewDossierRecords) b = NULL;

    f.form.registered_on = today;
    a = dk_new_dossier_build (&f.form, &f.today, NULL);
    b = dk_new_dossier_build (&f.form, &f.today, NULL);
    dk_new_dossier_save (r.store, a, NULL, &first, &error);
    g_assert_no_error (error);
    dk_new_dossier_save (r.store, b, NULL, &second, &error);
    g_assert_no_error (error);
  }
  g_assert_cmpstr (first, !=, second);
  g_assert_cmpint (count_rows (r.store, "dossier"), ==, 2);
  /* No address typed: no contact row. */
  g_assert_cmpint (count_rows (r.store, "contact"), ==, 0);

  replica_close (&r);
}

/* A form that the checks refuse never reaches the store. */
static void
test_refused_form_writes_nothing (void)
{
  Replica r = { 0 };
  Fixture f;
  g_autoptr(GHashTable) errors = NULL;
  g_autoptr(DkNewDossierRecords) records = NULL;

  replica_open (&r);
  fixture_full (&f);
  dk_form_today (&f.today);
  f.form.registered_on = "01-01-2020";
  f.form.partner.bsn = "123456789";
  f.children[0].birth_date = "01-01-1970";

  records = dk_new_dossier_build (&f.form, &f.today, &errors);
  g_assert_null (records);
  g_assert_true (g_hash_table_contains (errors, "partner.bsn"));
  g_assert_true (g_hash_table_contains (errors, "child.0.birth_date"));
  assert_nothing_written (&r);

  replica_close (&r);
}

/* When a later step of the save fails (here the contact details, after the dossier, its persons and
 * the case fields were written), the whole transaction is undone: no dossier without its contact,
 * nothing in the outbox. */
static void
test_failing_step_writes_nothing (void)
{
  Replica r = { 0 };
  Fixture f;
  g_autoptr(GError) error = NULL;
  g_autoptr(DkNewDossierRecords) records = NULL;
  g_autofree char *dossier_id = NULL;

  replica_open (&r);
  fixture_full (&f);
  dk_form_today (&f.today);
  f.form.registered_on = "01-01-2020";
  f.children[1].birth_date = "01-02-2018";
  records = dk_new_dossier_build (&f.form, &f.today, NULL);
  g_assert_nonnull (records);

  g_free (records->contact->email);
  records->contact->email = g_strdup ("not an address");
  g_assert_false (dk_new_dossier_save (r.store, records, &dossier_id, NULL, &error));
  g_assert_nonnull (error);
  g_assert_null (dossier_id);
  assert_nothing_written (&r);
  g_clear_error (&error);

  /* The household history refused by the repository (the client born after the dossier opens,
   * slipped in behind the form's back): its message comes back, nothing is written. */
  g_clear_pointer (&records, dk_new_dossier_records_free);
  records = dk_new_dossier_build (&f.form, &f.today, NULL);
  g_assert_nonnull (records);
  ((DkPerson *) records->persons->pdata[0])->birth_date = dk_date_ymd (2030, 1, 1);
  g_assert_false (dk_new_dossier_save (r.store, records, NULL, NULL, &error));
  g_assert_error (error, DK_HOUSEHOLD_ERROR, DK_HOUSEHOLD_ERROR_BEFORE_BIRTH);
  assert_nothing_written (&r);

  replica_close (&r);
}

/* The dialog (only with a display) */

static GtkWidget *
find_row (GtkWidget  *widget,
          const char *title,
          guint      *skip)
{
  if (ADW_IS_PREFERENCES_ROW (widget)
      && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    {
      if (*skip == 0)
        return widget;
      (*skip)--;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, title, skip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
row_by_title (GtkWidget  *dialog,
              const char *title,
              guint       nth)
{
  GtkWidget *row = find_row (dialog, title, &nth);

  g_assert_nonnull (row);
  return row;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *tooltip)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_tooltip_text (widget), tooltip) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
has_visible_error (GtkWidget  *widget,
                   const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "error") && gtk_widget_is_visible (widget)
      && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (has_visible_error (child, text))
      return TRUE;
  return FALSE;
}

static void
on_created (GtkWidget *dialog,
            const char *dossier_id,
            gboolean   *created)
{
  *created = TRUE;
}

static void
test_dialog (void)
{
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(DkSession) session = NULL;
  GtkWidget *dialog;
  GtkWidget *bsn;
  GtkWidget *family;
  gboolean created = FALSE;

  if (!have_display)
    {
      g_test_skip ("no display");
      return;
    }

  settings = g_settings_new ("nl.draagkracht.Draagkracht");
  session = dk_session_new (settings, NULL);
  dialog = dk_new_dossier_dialog_new (NULL, session);
  g_object_ref_sink (dialog);
  g_signal_connect (dialog, "created", G_CALLBACK (on_created), &created);
  gtk_window_present (GTK_WINDOW (dialog));

  bsn = row_by_title (dialog, "BSN (optional)", 0);
  family = row_by_title (dialog, "Family name", 0);

  /* Nothing shouts before the person has left a field or pressed Save. */
  gtk_editable_set_text (GTK_EDITABLE (bsn), "123456789");
  g_assert_false (has_visible_error (dialog, "Family name is required."));

  gtk_widget_activate_action (dialog, "dossier.save", NULL);
  g_assert_true (has_visible_error (dialog, "Family name is required."));
  g_assert_true (gtk_widget_has_css_class (family, "error"));
  g_assert_true (gtk_widget_has_css_class (bsn, "error"));
  /* The first wrong field has the focus. */
  g_assert_true (gtk_widget_has_focus (family) || gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (dialog)), family));
  g_assert_false (created);

  /* Correcting a field takes its message away as it is typed. */
  gtk_editable_set_text (GTK_EDITABLE (family), "Dijk");
  g_assert_false (has_visible_error (dialog, "Family name is required."));
  g_assert_false (gtk_widget_has_css_class (family, "error"));

  /* Children come and go. */
  gtk_widget_activate_action (dialog, "dossier.add-child", NULL);
  gtk_widget_activate_action (dialog, "dossier.add-child", NULL);
  /* Family name rows: the client's, the (hidden) partner's, then one per child, filled in from the client. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row_by_title (dialog, "Family name", 1))), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row_by_title (dialog, "Family name", 2))), ==, "Dijk");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row_by_title (dialog, "Family name", 3))), ==, "Dijk");

  /* A child's date of birth before the client's is refused on the child's own field. */
  gtk_editable_set_text (GTK_EDITABLE (row_by_title (dialog, "Date of birth", 0)), "14-03-1988");
  gtk_editable_set_text (GTK_EDITABLE (row_by_title (dialog, "Date of birth", 2)), "01-01-1980");
  gtk_widget_activate_action (dialog, "dossier.save", NULL);
  g_assert_true (has_visible_error (dialog, "A child cannot be born on or before the birthday of the client."));
  g_assert_false (created);

  /* Removing the first child keeps the second, now "Child 1", with its message on its own field. */
  g_signal_emit_by_name (find_button (dialog, "Remove this child"), "clicked");
  g_assert_null (find_row (dialog, "Family name", &(guint) { 3 }));
  g_assert_nonnull (find_row (dialog, "Date of birth", &(guint) { 1 }));
  g_assert_true (has_visible_error (dialog, "A child cannot be born on or before the birthday of the client."));
  g_signal_emit_by_name (find_button (dialog, "Remove this child"), "clicked");
  g_assert_false (has_visible_error (dialog, "A child cannot be born on or before the birthday of the client."));
  g_assert_null (find_button (dialog, "Remove this child"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_object_unref (dialog);
}

int
main (int   argc,
      char *argv[])
{
  /* The expected texts are the untranslated ones, whatever the locale the test runs in. */
  gtk_disable_setlocale ();
  g_test_init (&argc, &argv, NULL);
  /* Without a display GTK is not even initialised: gtk_init_check() starts fontconfig's loading
   * thread, whose allocations LeakSanitizer reports once it has finished (as it has by the end of
   * the slower tests here). */
  if (g_getenv ("DISPLAY") != NULL || g_getenv ("WAYLAND_DISPLAY") != NULL)
    have_display = gtk_init_check ();
  if (have_display)
    adw_init ();

  g_test_add_func ("/new-dossier/number/known", test_number_known);
  g_test_add_func ("/new-dossier/number/random-bits", test_number_uses_random_bits);
  g_test_add_func ("/new-dossier/number/alphabet", test_number_alphabet);
  g_test_add_func ("/new-dossier/number/invalid-uuid", test_number_invalid_uuid);
  g_test_add_func ("/new-dossier/build/full", test_build_full);
  g_test_add_func ("/new-dossier/build/minimal", test_build_minimal);
  g_test_add_func ("/new-dossier/build/cohabiting", test_build_cohabiting);
  g_test_add_func ("/new-dossier/build/registered-partnership", test_build_registered_partnership);
  g_test_add_func ("/new-dossier/build/errors", test_errors_per_field);
  g_test_add_func ("/new-dossier/save/all", test_save);
  g_test_add_func ("/new-dossier/save/numbers", test_save_second_gets_other_number);
  g_test_add_func ("/new-dossier/save/refused-form", test_refused_form_writes_nothing);
  g_test_add_func ("/new-dossier/save/failing-step", test_failing_step_writes_nothing);
  g_test_add_func ("/new-dossier/dialog", test_dialog);

  return g_test_run ();
}
