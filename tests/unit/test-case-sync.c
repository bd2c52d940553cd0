/* The case data (phase, Wgs dates, counsellor, contact details, notes) through the sync: a replica's
 * edits reach a second replica, and an older client's dossier insert without the case fields gets
 * their defaults on the server and in every pull. No network: dk_sync_push() and dk_sync_pull() are
 * called directly, as the endpoints do. */
#include "config.h"

#include <string.h>

#include "dk-case-repo.h"
#include "dk-date.h"
#include "dk-dossier-index.h"
#include "dk-dossier-repo.h"
#include "dk-replica.h"
#include "dk-sync-fixture.h"
#include "dk-sync-pull.h"
#include "dk-sync-push.h"
#include "dk-uuid.h"

typedef struct
{
  DkSyncFixture  server;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  dk_sync_fixture_setup (&f->server);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dk_sync_fixture_teardown (&f->server);
}

static void
assert_outbox_empty (DkReplica *replica)
{
  g_autoptr(GError) error = NULL;
  DkOutboxCounts counts;

  dk_replica_count_outbox (replica, &counts, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (counts.pending, ==, 0);
  g_assert_cmpuint (counts.sent, ==, 0);
  g_assert_cmpuint (counts.applied, ==, 0);
  g_assert_cmpuint (counts.conflict, ==, 0);
  g_assert_cmpuint (counts.refused, ==, 0);
}

static void
assert_date (const GDate *date,
             const char  *iso)
{
  g_autofree char *text = NULL;

  if (iso == NULL)
    {
      g_assert_false (g_date_valid (date));
      return;
    }
  text = dk_date_format_iso (date);
  g_assert_cmpstr (text, ==, iso);
}

static char *
create_dossier (DkReplica  *replica,
                const char *number,
                char      **out_person_id)
{
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_person_free);
  g_autoptr(GError) error = NULL;
  GDate birth = dk_date_ymd (1998, 3, 14);
  GDate opened = dk_date_ymd (2026, 3, 2);
  DkPerson *client = dk_person_new (DK_PERSON_ROLE_CLIENT, "Mehmet", NULL, "Çelik", &birth);
  char *dossier_id = NULL;

  g_ptr_array_add (persons, client);
  dk_dossier_repo_create (dk_replica_get_store (replica), number, &opened, persons, NULL, &dossier_id, &error);
  g_assert_no_error (error);
  *out_person_id = g_strdup (client->id);
  return dossier_id;
}

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

/* A worker sets up the case on the laptop; the team lead's office replica gets all of it, edits other
 * fields of it, and the laptop gets those back. */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) worker = dk_sync_fixture_user (&f->server, "anna", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkAuthPrincipal) lead = dk_sync_fixture_user (&f->server, "lotte", DK_ROLE_TEAM_LEAD, f->server.team_id);
  g_autoptr(DkAuthPrincipal) stranger = dk_sync_fixture_user (&f->server, "bram", DK_ROLE_FIELD_WORKER, f->server.other_team_id);
  g_autoptr(DkReplica) laptop = dk_sync_fixture_replica (&f->server, worker);
  g_autoptr(DkReplica) office = dk_sync_fixture_replica (&f->server, lead);
  g_autoptr(DkReplica) elsewhere = dk_sync_fixture_replica (&f->server, stranger);
  g_autofree char *person_id = NULL;
  g_autofree char *dossier_id = create_dossier (laptop, "2026-0042", &person_id);
  DkStore *laptop_store = dk_replica_get_store (laptop);
  DkStore *office_store = dk_replica_get_store (office);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkCase) c = dk_case_repo_load (laptop_store, dossier_id, &error);
  g_autoptr(DkContact) contact = g_new0 (DkContact, 1);
  g_autoptr(DkNote) plain = note_new (dossier_id, DK_NOTE_NOTE, dk_date_ymd (2026, 3, 2), TRUE, "Asked for help by phone");
  g_autoptr(DkNote) visit = note_new (dossier_id, DK_NOTE_HOME_VISIT, dk_date_ymd (2026, 3, 5), FALSE, "Nobody home");
  g_autofree char *contact_id = NULL;
  g_autofree char *plain_id = NULL;
  g_autofree char *visit_id = NULL;
  g_autoptr(DkCase) seen = NULL;
  g_autoptr(GPtrArray) contacts = NULL;
  g_autoptr(GPtrArray) notes = NULL;

  g_assert_no_error (error);
  c->phase = DK_CASE_PHASE_INTAKE;
  c->registered_on = dk_date_ymd (2026, 3, 2);
  c->crisis = TRUE;
  c->first_conversation_on = dk_date_ymd (2026, 3, 4);
  c->counsellor = g_strdup ("Joost Bakker");
  dk_case_repo_save (laptop_store, c, &error);
  g_assert_no_error (error);

  contact->dossier_id = g_strdup (dossier_id);
  contact->person_id = g_strdup (person_id);
  contact->street = g_strdup ("Dorpsstraat");
  contact->house_number = g_strdup ("12");
  contact->postcode = g_strdup ("1234ab");
  contact->city = g_strdup ("Utrecht");
  contact->phone = g_strdup ("06-12345678");
  contact->email = g_strdup ("mehmet@example.nl");
  dk_case_repo_save_contact (laptop_store, contact, &contact_id, &error);
  g_assert_no_error (error);

  dk_case_repo_save_note (laptop_store, plain, &plain_id, &error);
  g_assert_no_error (error);
  dk_case_repo_save_note (laptop_store, visit, &visit_id, &error);
  g_assert_no_error (error);

  dk_sync_fixture_sync (&f->server, laptop, worker);
  assert_outbox_empty (laptop);

  /* The server holds it as the laptop wrote it. */
  {
    g_autofree char *phase = dk_sync_fixture_query_text (&f->server, "SELECT phase FROM dossier WHERE id = ?1", dossier_id, NULL);
    g_autofree char *counsellor = dk_sync_fixture_query_text (&f->server, "SELECT counsellor FROM dossier WHERE id = ?1",
                                                              dossier_id, NULL);
    g_autofree char *postcode = dk_sync_fixture_query_text (&f->server, "SELECT postcode FROM contact WHERE id = ?1",
                                                            contact_id, NULL);

    g_assert_cmpstr (phase, ==, "intake");
    g_assert_cmpstr (counsellor, ==, "Joost Bakker");
    g_assert_cmpstr (postcode, ==, "1234 AB");
    g_assert_cmpint (dk_sync_fixture_query_int (&f->server, "SELECT crisis FROM dossier WHERE id = ?1", dossier_id, NULL),
                     ==, 1);
    g_assert_cmpint (dk_sync_fixture_query_int (&f->server, "SELECT count (*) FROM dossier_note WHERE dossier_id = ?1"
                                                            " AND ((kind = 'note' AND reached IS NULL)"
                                                            " OR (kind = 'home_visit' AND reached = 0))",
                                                dossier_id, NULL), ==, 2);
  }

  /* The team lead's replica gets all of it. */
  dk_sync_fixture_sync (&f->server, office, lead);
  seen = dk_case_repo_load (office_store, dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seen->phase, ==, DK_CASE_PHASE_INTAKE);
  assert_date (&seen->registered_on, "2026-03-02");
  g_assert_true (seen->crisis);
  assert_date (&seen->first_conversation_on, "2026-03-04");
  g_assert_cmpstr (seen->counsellor, ==, "Joost Bakker");
  g_assert_cmpstr (seen->number, ==, "2026-0042");

  contacts = dk_case_repo_load_contacts (office_store, dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (contacts->len, ==, 1);
  {
    DkContact *got = g_ptr_array_index (contacts, 0);

    g_assert_cmpstr (got->id, ==, contact_id);
    g_assert_cmpstr (got->person_id, ==, person_id);
    g_assert_cmpstr (got->street, ==, "Dorpsstraat");
    g_assert_cmpstr (got->postcode, ==, "1234 AB");
    g_assert_cmpstr (got->phone, ==, "+31612345678");
    g_assert_cmpstr (got->email, ==, "mehmet@example.nl");
  }

  notes = dk_case_repo_load_notes (office_store, dossier_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (notes->len, ==, 2);
  g_assert_cmpstr (((DkNote *) g_ptr_array_index (notes, 0))->id, ==, visit_id);
  g_assert_cmpint (((DkNote *) g_ptr_array_index (notes, 0))->kind, ==, DK_NOTE_HOME_VISIT);
  g_assert_false (((DkNote *) g_ptr_array_index (notes, 0))->reached);
  g_assert_cmpstr (((DkNote *) g_ptr_array_index (notes, 1))->id, ==, plain_id);
  g_assert_cmpstr (((DkNote *) g_ptr_array_index (notes, 1))->body, ==, "Asked for help by phone");
  g_assert_cmpint (dk_sync_replica_int (office, "SELECT reached IS NULL FROM dossier_note WHERE id = ?1", plain_id), ==, 1);
  g_clear_pointer (&notes, g_ptr_array_unref);

  /* The search index of the office replica finds the pulled dossier. */
  {
    g_autoptr(GPtrArray) rows = NULL;
    DkDossierQuery query;

    dk_dossier_query_init (&query);
    query.text = "celik 06-12345678";
    rows = dk_dossier_index_query (office_store, &query, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpstr (((DkDossierSummary *) g_ptr_array_index (rows, 0))->id, ==, dossier_id);
    g_assert_cmpstr (((DkDossierSummary *) g_ptr_array_index (rows, 0))->counsellor, ==, "Joost Bakker");
  }

  /* A user of another team gets nothing of it. */
  dk_sync_fixture_sync (&f->server, elsewhere, stranger);
  g_assert_cmpint (dk_sync_replica_int (elsewhere, "SELECT count (*) FROM dossier", NULL), ==, 0);
  g_assert_cmpint (dk_sync_replica_int (elsewhere, "SELECT count (*) FROM contact", NULL), ==, 0);
  g_assert_cmpint (dk_sync_replica_int (elsewhere, "SELECT count (*) FROM dossier_note", NULL), ==, 0);

  /* Both edit the case at once, different fields: the office the counsellor and a note, the laptop
   * the phase. Each change carries only its own fields, so neither is a conflict. */
  g_free (seen->counsellor);
  seen->counsellor = g_strdup ("Fatima");
  dk_case_repo_save (office_store, seen, &error);
  g_assert_no_error (error);
  dk_case_repo_remove_note (office_store, plain_id, &error);
  g_assert_no_error (error);
  c->phase = DK_CASE_PHASE_STABILISATION;
  dk_case_repo_save (laptop_store, c, &error);
  g_assert_no_error (error);
  g_free (contact->phone);
  contact->phone = g_strdup ("020 123 4567");
  contact->id = g_strdup (contact_id);
  dk_case_repo_save_contact (laptop_store, contact, NULL, &error);
  g_assert_no_error (error);

  dk_sync_fixture_sync (&f->server, office, lead);
  dk_sync_fixture_sync (&f->server, laptop, worker);
  dk_sync_fixture_sync (&f->server, office, lead);
  assert_outbox_empty (laptop);
  assert_outbox_empty (office);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->server, "SELECT count (*) FROM conflict", NULL), ==, 0);

  for (int i = 0; i < 2; i++)
    {
      DkStore *store = i == 0 ? laptop_store : office_store;
      g_autoptr(DkCase) now = dk_case_repo_load (store, dossier_id, &error);
      g_autoptr(GPtrArray) now_notes = NULL;
      g_autoptr(GPtrArray) now_contacts = NULL;

      g_assert_no_error (error);
      g_assert_cmpint (now->phase, ==, DK_CASE_PHASE_STABILISATION);
      g_assert_cmpstr (now->counsellor, ==, "Fatima");
      g_assert_true (now->crisis);
      now_notes = dk_case_repo_load_notes (store, dossier_id, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (now_notes->len, ==, 1);
      g_assert_cmpstr (((DkNote *) g_ptr_array_index (now_notes, 0))->id, ==, visit_id);
      now_contacts = dk_case_repo_load_contacts (store, dossier_id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (((DkContact *) g_ptr_array_index (now_contacts, 0))->phone, ==, "+31201234567");
      g_assert_cmpstr (((DkContact *) g_ptr_array_index (now_contacts, 0))->postcode, ==, "1234 AB");
    }
  /* The removed note is a tombstone everywhere. */
  g_assert_cmpint (dk_sync_fixture_query_int (&f->server, "SELECT removed_at IS NOT NULL FROM dossier_note WHERE id = ?1",
                                              plain_id, NULL), ==, 1);
  g_assert_cmpint (dk_sync_replica_int (laptop, "SELECT removed_at IS NOT NULL FROM dossier_note WHERE id = ?1", plain_id), ==, 1);
}

/* The fields of the pull entry for @record_id (a change entry, or the record in a snapshot). */
static JsonObject *
pulled_fields (JsonNode   *page,
               const char *record_id)
{
  JsonArray *changes = json_object_get_array_member (json_node_get_object (page), "changes");

  for (guint i = 0; i < json_array_get_length (changes); i++)
    {
      JsonObject *entry = json_array_get_object_element (changes, i);

      if (json_object_has_member (entry, "records"))
        {
          JsonArray *records = json_object_get_array_member (entry, "records");

          for (guint j = 0; j < json_array_get_length (records); j++)
            {
              JsonObject *record = json_array_get_object_element (records, j);

              if (g_strcmp0 (json_object_get_string_member (record, "record_id"), record_id) == 0)
                return json_object_get_object_member (record, "fields");
            }
        }
      else if (g_strcmp0 (json_object_get_string_member_with_default (entry, "record_id", NULL), record_id) == 0)
        {
          return json_object_get_object_member (entry, "fields");
        }
    }
  g_assert_not_reached ();
}

/* A client that does not know the case fields inserts a dossier without phase and crisis: the server
 * applies it with their defaults, and its change log and every pull carry them. */
static void
test_push_defaults (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) worker = dk_sync_fixture_user (&f->server, "anna", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(DkAuthPrincipal) lead = dk_sync_fixture_user (&f->server, "lotte", DK_ROLE_TEAM_LEAD, f->server.team_id);
  g_autoptr(GPtrArray) changes = dk_sync_changes_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(JsonNode) snapshot = NULL;
  g_autoptr(DkReplica) office = NULL;
  g_autofree char *old_id = dk_uuid_new ();
  g_autofree char *new_id = dk_uuid_new ();
  g_autofree char *bad_id = dk_uuid_new ();
  g_autofree char *logged = NULL;
  g_autofree char *phase = NULL;
  JsonObject *old_change, *new_change, *bad_change;
  JsonObject *fields;
  JsonArray *results;
  gint64 cursor;

  /* Something before, so the maker's pull starts after a cursor and gets the change entries. */
  dk_sync_fixture_make_dossier (&f->server, worker, NULL, NULL, NULL, NULL);
  cursor = dk_sync_fixture_query_int (&f->server, "SELECT max (seq) FROM change_log", NULL);

  old_change = dk_sync_changes_add (changes, "insert", "dossier", old_id, old_id,
                                    "{\"number\": \"OLD-1\", \"opened_on\": \"2026-01-05\"}", NULL);
  new_change = dk_sync_changes_add (changes, "insert", "dossier", new_id, new_id,
                                    "{\"number\": \"NEW-1\", \"opened_on\": \"2026-01-05\", \"phase\": \"intake\","
                                    " \"crisis\": true, \"registered_on\": \"2026-01-02\","
                                    " \"first_conversation_on\": \"2026-01-05\", \"counsellor\": \"Joost\"}", NULL);
  /* A default makes a field optional, not nullable. */
  bad_change = dk_sync_changes_add (changes, "insert", "dossier", bad_id, bad_id,
                                    "{\"number\": \"BAD-1\", \"opened_on\": \"2026-01-05\", \"phase\": null}", NULL);
  results = dk_sync_fixture_push (&f->server, worker, changes, &answer);
  g_assert_cmpstr (dk_sync_result_status (results, 0, old_change), ==, "applied");
  g_assert_cmpstr (dk_sync_result_status (results, 1, new_change), ==, "applied");
  g_assert_cmpstr (dk_sync_result_status (results, 2, bad_change), ==, "refused");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (results, 2), "field"), ==, "phase");

  /* The row. */
  phase = dk_sync_fixture_query_text (&f->server, "SELECT phase FROM dossier WHERE id = ?1", old_id, NULL);
  g_assert_cmpstr (phase, ==, "registration");
  g_assert_cmpint (dk_sync_fixture_query_int (&f->server, "SELECT crisis FROM dossier WHERE id = ?1", old_id, NULL), ==, 0);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->server, "SELECT count (*) FROM dossier WHERE id = ?1", bad_id, NULL), ==, 0);

  /* The change log, with the field versions of what the row got. */
  logged = dk_sync_fixture_query_text (&f->server, "SELECT fields FROM change_log WHERE record_id = ?1", old_id, NULL);
  g_assert_nonnull (strstr (logged, "\"phase\":\"registration\""));
  g_assert_nonnull (strstr (logged, "\"crisis\":false"));
  g_assert_cmpint (dk_sync_fixture_query_int (&f->server, "SELECT count (*) FROM field_version WHERE record_id = ?1"
                                                          " AND field IN ('phase', 'crisis')", old_id, NULL), ==, 2);

  /* The maker's pull: the change entries. */
  page = dk_sync_fixture_pull (&f->server, worker, cursor, 100);
  fields = pulled_fields (page, old_id);
  g_assert_cmpstr (json_object_get_string_member (fields, "phase"), ==, "registration");
  g_assert_true (json_object_has_member (fields, "crisis"));
  g_assert_false (json_object_get_boolean_member (fields, "crisis"));
  fields = pulled_fields (page, new_id);
  g_assert_cmpstr (json_object_get_string_member (fields, "phase"), ==, "intake");
  g_assert_true (json_object_get_boolean_member (fields, "crisis"));
  g_assert_cmpstr (json_object_get_string_member (fields, "counsellor"), ==, "Joost");

  /* The team lead's first pull: a snapshot with them. */
  snapshot = dk_sync_fixture_pull (&f->server, lead, 0, 100);
  fields = pulled_fields (snapshot, old_id);
  g_assert_cmpstr (json_object_get_string_member (fields, "phase"), ==, "registration");
  g_assert_false (json_object_get_boolean_member (fields, "crisis"));

  /* And a replica applying the pull holds them, with the versions to edit them against. */
  office = dk_sync_fixture_replica (&f->server, lead);
  dk_sync_fixture_sync (&f->server, office, lead);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(DkCase) c = dk_case_repo_load (dk_replica_get_store (office), old_id, &error);

    g_assert_no_error (error);
    g_assert_cmpint (c->phase, ==, DK_CASE_PHASE_REGISTRATION);
    g_assert_false (c->crisis);
    g_assert_cmpint (dk_sync_replica_int (office, "SELECT count (*) FROM sync_field WHERE record_id = ?1"
                                          " AND field IN ('phase', 'crisis')", old_id), ==, 2);

    /* An edit of the defaulted phase rests on that version: applied, no conflict. */
    c->phase = DK_CASE_PHASE_INTAKE;
    dk_case_repo_save (dk_replica_get_store (office), c, &error);
    g_assert_no_error (error);
    dk_sync_fixture_sync (&f->server, office, lead);
    assert_outbox_empty (office);
    g_free (phase);
    phase = dk_sync_fixture_query_text (&f->server, "SELECT phase FROM dossier WHERE id = ?1", old_id, NULL);
    g_assert_cmpstr (phase, ==, "intake");
    g_assert_cmpint (dk_sync_fixture_query_int (&f->server, "SELECT count (*) FROM conflict", NULL), ==, 0);
  }
}

/* The schema stays the last line of defence for what the registry lets through: a postcode not in
 * canonical form, a contact-log entry without "reached". */
static void
test_push_constraints (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) worker = dk_sync_fixture_user (&f->server, "anna", DK_ROLE_FIELD_WORKER, f->server.team_id);
  g_autoptr(GPtrArray) changes = dk_sync_changes_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *dossier_id = NULL;
  g_autofree char *person_id = NULL;
  g_autofree char *contact_id = dk_uuid_new ();
  g_autofree char *good_contact_id = dk_uuid_new ();
  g_autofree char *note_id = dk_uuid_new ();
  g_autofree char *contact_fields = NULL;
  g_autofree char *good_fields = NULL;
  JsonObject *bad_contact, *good_contact, *bad_note;
  JsonArray *results;

  dk_sync_fixture_make_dossier (&f->server, worker, &dossier_id, &person_id, NULL, NULL);
  contact_fields = g_strdup_printf ("{\"person_id\": \"%s\", \"postcode\": \"1234ab\"}", person_id);
  good_fields = g_strdup_printf ("{\"person_id\": \"%s\", \"postcode\": \"1234 AB\"}", person_id);
  bad_contact = dk_sync_changes_add (changes, "insert", "contact", contact_id, dossier_id, contact_fields, NULL);
  good_contact = dk_sync_changes_add (changes, "insert", "contact", good_contact_id, dossier_id, good_fields, NULL);
  bad_note = dk_sync_changes_add (changes, "insert", "dossier_note", note_id, dossier_id,
                                  "{\"kind\": \"phone\", \"note_date\": \"2026-01-05\", \"body\": \"x\"}", NULL);
  results = dk_sync_fixture_push (&f->server, worker, changes, &answer);
  g_assert_cmpstr (dk_sync_result_status (results, 0, bad_contact), ==, "refused");
  g_assert_cmpstr (dk_sync_result_status (results, 1, good_contact), ==, "applied");
  g_assert_cmpstr (dk_sync_result_status (results, 2, bad_note), ==, "refused");
  g_assert_cmpint (dk_sync_fixture_query_int (&f->server, "SELECT count (*) FROM contact", NULL), ==, 1);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->server, "SELECT count (*) FROM dossier_note", NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/case-sync/round-trip", test_round_trip);
  ADD ("/case-sync/push-defaults", test_push_defaults);
  ADD ("/case-sync/push-constraints", test_push_constraints);
#undef ADD

  return g_test_run ();
}
