#include "config.h"

#include <string.h>

#include "dk-domain-schema.h"
#include "dk-sync-fixture.h"
#include "dk-sync-pull.h"
#include "dk-sync-push.h"
#include "dk-uuid.h"

typedef struct
{
  DkSyncFixture    base;
  DkAuthPrincipal *anna;     /* debt counsellor in the team */
  DkAuthPrincipal *anna2;    /* Anna's second device */
  DkAuthPrincipal *bram;     /* field worker in the team */
  char            *dossier_id;
  char            *person_id;
  char            *income_id;
  char            *debt_id;
} Fixture;


static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  dk_sync_fixture_setup (&f->base);
  f->anna = dk_sync_fixture_user (&f->base, "anna", DK_ROLE_DEBT_COUNSELLOR, f->base.team_id);
  f->anna2 = dk_sync_fixture_device (&f->base, "anna");
  f->bram = dk_sync_fixture_user (&f->base, "bram", DK_ROLE_FIELD_WORKER, f->base.team_id);
  dk_sync_fixture_make_dossier (&f->base, f->anna, &f->dossier_id, &f->person_id, &f->income_id, &f->debt_id);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  dk_auth_principal_free (f->anna);
  dk_auth_principal_free (f->anna2);
  dk_auth_principal_free (f->bram);
  g_free (f->dossier_id);
  g_free (f->person_id);
  g_free (f->income_id);
  g_free (f->debt_id);
  dk_sync_fixture_teardown (&f->base);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return dk_sync_fixture_query_int (&f->base, sql, NULL);
}

static gint64
field_version (Fixture    *f,
               const char *table,
               const char *record_id,
               const char *field)
{
  return dk_sync_fixture_query_int (&f->base,
                                    "SELECT coalesce ((SELECT seq FROM field_version WHERE record_table = ?1"
                                    " AND record_id = ?2 AND field = ?3), 0)",
                                    table, record_id, field, NULL);
}

static char *
base_of (Fixture    *f,
         const char *table,
         const char *record_id,
         const char *field)
{
  return g_strdup_printf ("{\"%s\": %" G_GINT64_FORMAT "}", field, field_version (f, table, record_id, field));
}

static gint64
income_net (Fixture *f)
{
  return dk_sync_fixture_query_int (&f->base, "SELECT net_cents FROM income WHERE id = ?1", f->income_id, NULL);
}

static JsonObject *
result (JsonArray *results,
        guint      index)
{
  return json_array_get_object_element (results, index);
}

/* A snapshot of everything a push may write, to prove that something wrote nothing. */
static char *
store_digest (Fixture *f)
{
  static const char * const queries[] = {
    "SELECT count(*) FROM change_log", "SELECT count(*) FROM field_version", "SELECT count(*) FROM conflict",
    "SELECT count(*) FROM person", "SELECT count(*) FROM income", "SELECT count(*) FROM debt_status",
    "SELECT count(*) FROM dossier", "SELECT count(*) FROM assignment", "SELECT count(*) FROM device_scope",
    "SELECT total (net_cents) FROM income", "SELECT max (updated_at) FROM income",
  };
  GString *digest = g_string_new (NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autofree char *value = dk_sync_fixture_query_text (&f->base, queries[i], NULL);

      g_string_append_printf (digest, "%s|", value);
    }
  return g_string_free (digest, FALSE);
}

static char *
to_json (JsonNode *node)
{
  return json_to_string (node, FALSE);
}

/* ---- tests ---- */

static void
test_applied_with_seqs (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GPtrArray) changes = dk_sync_changes_new ();
  g_autoptr(GPtrArray) deletes = dk_sync_changes_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) delete_answer = NULL;
  g_autofree char *base = base_of (f, "income", f->income_id, "net_cents");
  g_autofree char *person2 = dk_uuid_new ();
  g_autofree char *versions = NULL;
  g_autofree char *removed_at = NULL;
  g_autofree char *created_at = NULL;
  g_autofree char *updated_at = NULL;
  JsonArray *results;
  gint64 seq_update, seq_insert, seq_delete;

  /* make_dossier pushed five inserts: seqs 1..5 in request order, each logged with user and device. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE status = 'applied'"), ==, 5);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, "SELECT count(*) FROM change_log WHERE user_id = ?1"
                                              " AND device_id = ?2 AND applied_at IS NOT NULL", f->anna->user_id,
                                              f->anna->device_id, NULL), ==, 5);
  g_assert_cmpint (field_version (f, "income", f->income_id, "net_cents"), ==, 3);
  g_assert_cmpint (field_version (f, "income", f->income_id, "description"), ==, 0);
  /* Append-only rows keep no versions, and the creator has the dossier assigned. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM field_version WHERE record_table = 'debt_status'"), ==, 0);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, "SELECT count(*) FROM assignment WHERE user_id = ?1"
                                              " AND dossier_id = ?2 AND assigned_until IS NULL",
                                              f->anna->user_id, f->dossier_id, NULL), ==, 1);

  dk_sync_changes_add (changes, "update", "income", f->income_id, f->dossier_id,
              "{\"net_cents\": 150000, \"description\": \"Participatiewet\"}", base);
  dk_sync_changes_add (changes, "insert", "person", person2, f->dossier_id,
              "{\"role\": \"partner\", \"given_names\": \"Tim\", \"family_name\": \"Dijk\"}", NULL);
  results = dk_sync_fixture_push (&f->base, f->anna, changes, &answer);

  g_assert_cmpstr (dk_sync_result_status (results, 0, changes->pdata[0]), ==, "applied");
  g_assert_cmpstr (dk_sync_result_status (results, 1, changes->pdata[1]), ==, "applied");
  seq_update = json_object_get_int_member (result (results, 0), "seq");
  seq_insert = json_object_get_int_member (result (results, 1), "seq");
  g_assert_cmpint (seq_update, ==, 6);
  g_assert_cmpint (seq_insert, ==, 7);
  g_assert_cmpint (income_net (f), ==, 150000);
  g_assert_cmpint (field_version (f, "income", f->income_id, "net_cents"), ==, seq_update);
  g_assert_cmpint (field_version (f, "income", f->income_id, "description"), ==, seq_update);
  /* A field the update did not touch keeps its version. */
  g_assert_cmpint (field_version (f, "income", f->income_id, "source"), ==, 3);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, "SELECT count(*) FROM person WHERE id = ?1 AND role = 'partner'"
                                              " AND bsn IS NULL", person2, NULL), ==, 1);
  created_at = dk_sync_fixture_query_text (&f->base, "SELECT created_at FROM income WHERE id = ?1", f->income_id, NULL);
  updated_at = dk_sync_fixture_query_text (&f->base, "SELECT updated_at FROM income WHERE id = ?1", f->income_id, NULL);
  g_assert_cmpstr (updated_at, >=, created_at);

  /* The change log holds exactly what was written, updated_at included. */
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, "SELECT json_extract (fields, '$.net_cents') FROM change_log"
                                              " WHERE change_id = ?1",
                                              json_object_get_string_member (changes->pdata[0], "change_id"), NULL),
                   ==, 150000);

  /* A delete resting on every version the record has: a tombstone, with a version of its own. */
  versions = dk_sync_fixture_query_text (&f->base, "SELECT json_group_object (field, seq) FROM field_version"
                                         " WHERE record_table = 'income' AND record_id = ?1", f->income_id, NULL);
  dk_sync_changes_add (deletes, "delete", "income", f->income_id, f->dossier_id, NULL, versions);
  results = dk_sync_fixture_push (&f->base, f->anna, deletes, &delete_answer);
  g_assert_cmpstr (dk_sync_result_status (results, 0, deletes->pdata[0]), ==, "applied");
  seq_delete = json_object_get_int_member (result (results, 0), "seq");
  g_assert_cmpint (seq_delete, ==, 8);
  removed_at = dk_sync_fixture_query_text (&f->base, "SELECT removed_at FROM income WHERE id = ?1", f->income_id, NULL);
  g_assert_nonnull (removed_at);
  g_assert_cmpint (field_version (f, "income", f->income_id, "removed_at"), ==, seq_delete);
  g_assert_cmpint (count (f, "SELECT count(*) FROM income"), ==, 1);
}

static void
test_replay (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) changes = dk_sync_changes_new ();
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) stolen = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = base_of (f, "income", f->income_id, "net_cents");
  g_autofree char *first_text = NULL;
  g_autofree char *second_text = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *status_id = dk_uuid_new ();
  g_autofree char *status_fields = g_strdup_printf ("{\"debt_id\": \"%s\", \"status\": \"confirmed\","
                                                    " \"status_date\": \"2026-02-01\"}", f->debt_id);
  g_autoptr(DkAuthPrincipal) outsider = dk_sync_fixture_user (&f->base, "otto", DK_ROLE_DEBT_COUNSELLOR,
                                                              f->base.other_team_id);
  JsonArray *results;

  /* One of each answer: applied, conflict (the same field twice from one base), refused. */
  dk_sync_changes_add (changes, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": 1000}", base);
  dk_sync_changes_add (changes, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": 2000}", base);
  dk_sync_changes_add (changes, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": -5}", base);
  dk_sync_changes_add (changes, "insert", "debt_status", status_id, f->dossier_id, status_fields, NULL);
  /* The same change twice in one batch is answered twice alike. */
  g_ptr_array_add (changes, json_object_ref (changes->pdata[0]));

  results = dk_sync_fixture_push (&f->base, f->anna, changes, &first);
  g_assert_cmpstr (dk_sync_result_status (results, 0, changes->pdata[0]), ==, "applied");
  g_assert_cmpstr (dk_sync_result_status (results, 1, changes->pdata[1]), ==, "conflict");
  g_assert_cmpstr (dk_sync_result_status (results, 2, changes->pdata[2]), ==, "refused");
  g_assert_cmpstr (dk_sync_result_status (results, 3, changes->pdata[3]), ==, "applied");
  g_assert_true (json_node_equal (json_array_get_element (results, 4), json_array_get_element (results, 0)));
  g_assert_cmpint (income_net (f), ==, 1000);

  before = store_digest (f);
  first_text = to_json (first);

  /* The connection dropped after the commit: the client sends the same batch again (here from
   * the user's other device, as after restoring a profile onto a new laptop). */
  dk_sync_fixture_push (&f->base, f->anna2, changes, &second);
  second_text = to_json (second);
  g_assert_cmpstr (second_text, ==, first_text);
  after = store_digest (f);
  g_assert_cmpstr (after, ==, before);

  /* Someone else's change_id is not theirs to replay, and answers nothing of it. */
  request = dk_sync_request_new (outsider, changes);
  g_assert_true (dk_sync_push (f->base.store, outsider, request, 100, &stolen, &error));
  g_assert_no_error (error);
  results = json_object_get_array_member (json_node_get_object (stolen), "results");
  g_assert_cmpstr (json_object_get_string_member (result (results, 0), "reason"), ==, "duplicate-change-id");
  g_assert_false (json_object_has_member (result (results, 0), "seq"));
  g_free (after);
  after = store_digest (f);
  g_assert_cmpstr (after, ==, before);
}

/* Both devices pull the dossier to the end, so each has the same base. */
static gint64
pull_to_end (Fixture               *f,
             const DkAuthPrincipal *who,
             gint64                 cursor)
{
  for (;;)
    {
      g_autoptr(JsonNode) answer = dk_sync_fixture_pull (&f->base, who, cursor, 1000);
      JsonObject *object = json_node_get_object (answer);

      cursor = json_object_get_int_member (object, "next_cursor");
      if (!json_object_get_boolean_member (object, "has_more"))
        return cursor;
    }
}

static JsonArray *
pull_changes (Fixture               *f,
              const DkAuthPrincipal *who,
              gint64                 cursor,
              JsonNode             **out_answer)
{
  *out_answer = dk_sync_fixture_pull (&f->base, who, cursor, 1000);
  return json_object_get_array_member (json_node_get_object (*out_answer), "changes");
}

static void
test_same_field_conflict (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) from_anna = dk_sync_changes_new ();
  g_autoptr(GPtrArray) from_bram = dk_sync_changes_new ();
  g_autoptr(JsonNode) answer_anna = NULL;
  g_autoptr(JsonNode) answer_bram = NULL;
  g_autoptr(JsonNode) pulled_anna = NULL;
  g_autoptr(JsonNode) pulled_bram = NULL;
  g_autofree char *base = NULL;
  g_autofree char *conflict_id = NULL;
  g_autofree char *current = NULL;
  g_autofree char *other = NULL;
  JsonArray *results;
  JsonObject *answer;
  gint64 cursor_anna, cursor_bram, seq_anna;
  JsonArray *entries[2];

  dk_sync_fixture_assign (&f->base, f->bram->user_id, f->dossier_id);
  cursor_anna = pull_to_end (f, f->anna, 0);
  cursor_bram = pull_to_end (f, f->bram, 0);
  base = base_of (f, "income", f->income_id, "net_cents");

  dk_sync_changes_add (from_anna, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": 150000}", base);
  dk_sync_changes_add (from_bram, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": 160000}", base);

  results = dk_sync_fixture_push (&f->base, f->anna, from_anna, &answer_anna);
  g_assert_cmpstr (dk_sync_result_status (results, 0, from_anna->pdata[0]), ==, "applied");
  seq_anna = json_object_get_int_member (result (results, 0), "seq");

  results = dk_sync_fixture_push (&f->base, f->bram, from_bram, &answer_bram);
  answer = result (results, 0);
  g_assert_cmpstr (dk_sync_result_status (results, 0, from_bram->pdata[0]), ==, "conflict");
  g_assert_true (json_object_has_member (answer, "seq"));
  conflict_id = g_strdup (json_object_get_string_member (answer, "conflict_id"));
  g_assert_true (dk_uuid_is_valid (conflict_id));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (answer, "conflicts")), ==, 1);

  /* The server's value stays; the other is kept with both seqs and the change. */
  g_assert_cmpint (income_net (f), ==, 150000);
  g_assert_cmpint (field_version (f, "income", f->income_id, "net_cents"), ==, seq_anna);
  current = dk_sync_fixture_query_text (&f->base, "SELECT current_json FROM conflict WHERE id = ?1", conflict_id, NULL);
  other = dk_sync_fixture_query_text (&f->base, "SELECT other_json FROM conflict WHERE id = ?1", conflict_id, NULL);
  g_assert_cmpstr (current, ==, "150000");
  g_assert_cmpstr (other, ==, "160000");
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, "SELECT current_seq FROM conflict WHERE id = ?1", conflict_id,
                                              NULL), ==, seq_anna);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, "SELECT count(*) FROM conflict WHERE id = ?1"
                                              " AND other_change_id = ?2 AND kind = 'concurrent_edit'"
                                              " AND field = 'net_cents' AND record_table = 'income'"
                                              " AND resolved_at IS NULL", conflict_id,
                                              json_object_get_string_member (from_bram->pdata[0], "change_id"), NULL),
                   ==, 1);

  /* Both devices pull the conflict record, as a record of table "conflict". */
  entries[0] = pull_changes (f, f->anna, cursor_anna, &pulled_anna);
  entries[1] = pull_changes (f, f->bram, cursor_bram, &pulled_bram);
  for (guint d = 0; d < 2; d++)
    {
      gboolean seen = FALSE;

      for (guint i = 0; i < json_array_get_length (entries[d]); i++)
        {
          JsonObject *entry = json_array_get_object_element (entries[d], i);
          JsonObject *fields;

          if (g_strcmp0 (json_object_get_string_member_with_default (entry, "table", NULL), "conflict") != 0)
            continue;
          fields = json_object_get_object_member (entry, "fields");
          g_assert_cmpstr (json_object_get_string_member (entry, "record_id"), ==, conflict_id);
          g_assert_cmpstr (json_object_get_string_member (entry, "op"), ==, "insert");
          g_assert_cmpstr (json_object_get_string_member (fields, "table"), ==, "income");
          g_assert_cmpint (json_object_get_int_member (fields, "current"), ==, 150000);
          g_assert_cmpint (json_object_get_int_member (fields, "other"), ==, 160000);
          seen = TRUE;
        }
      g_assert_true (seen);
    }
}

static void
test_different_fields (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) from_anna = dk_sync_changes_new ();
  g_autoptr(GPtrArray) from_bram = dk_sync_changes_new ();
  g_autoptr(JsonNode) answer_anna = NULL;
  g_autoptr(JsonNode) answer_bram = NULL;
  g_autofree char *base_net = base_of (f, "income", f->income_id, "net_cents");
  g_autofree char *base_period = base_of (f, "income", f->income_id, "period");
  g_autofree char *period = NULL;
  JsonArray *results;

  dk_sync_fixture_assign (&f->base, f->bram->user_id, f->dossier_id);
  dk_sync_changes_add (from_anna, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": 99000}", base_net);
  dk_sync_changes_add (from_bram, "update", "income", f->income_id, f->dossier_id, "{\"period\": \"four_weeks\"}",
              base_period);

  results = dk_sync_fixture_push (&f->base, f->anna, from_anna, &answer_anna);
  g_assert_cmpstr (dk_sync_result_status (results, 0, from_anna->pdata[0]), ==, "applied");
  results = dk_sync_fixture_push (&f->base, f->bram, from_bram, &answer_bram);
  g_assert_cmpstr (dk_sync_result_status (results, 0, from_bram->pdata[0]), ==, "applied");

  g_assert_cmpint (income_net (f), ==, 99000);
  period = dk_sync_fixture_query_text (&f->base, "SELECT period FROM income WHERE id = ?1", f->income_id, NULL);
  g_assert_cmpstr (period, ==, "four_weeks");
  g_assert_cmpint (count (f, "SELECT count(*) FROM conflict"), ==, 0);
}

static void
test_partial_conflict (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) first = dk_sync_changes_new ();
  g_autoptr(GPtrArray) second = dk_sync_changes_new ();
  g_autoptr(JsonNode) answer_first = NULL;
  g_autoptr(JsonNode) answer_second = NULL;
  g_autofree char *base = g_strdup_printf ("{\"net_cents\": %" G_GINT64_FORMAT ", \"description\": 0}",
                                           field_version (f, "income", f->income_id, "net_cents"));
  g_autofree char *description = NULL;
  g_autofree char *fields = NULL;
  JsonArray *results;

  dk_sync_fixture_assign (&f->base, f->bram->user_id, f->dossier_id);
  dk_sync_changes_add (first, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": 1}", base);
  dk_sync_changes_add (second, "update", "income", f->income_id, f->dossier_id,
              "{\"net_cents\": 2, \"description\": \"Bijstand\"}", base);
  dk_sync_fixture_push (&f->base, f->anna, first, &answer_first);
  results = dk_sync_fixture_push (&f->base, f->bram, second, &answer_second);

  /* net_cents conflicts, description (never set, base 0) applies. */
  g_assert_cmpstr (dk_sync_result_status (results, 0, second->pdata[0]), ==, "conflict");
  g_assert_cmpint (income_net (f), ==, 1);
  description = dk_sync_fixture_query_text (&f->base, "SELECT description FROM income WHERE id = ?1", f->income_id,
                                            NULL);
  g_assert_cmpstr (description, ==, "Bijstand");
  fields = dk_sync_fixture_query_text (&f->base, "SELECT json_extract (fields, '$.description') FROM change_log"
                                       " WHERE change_id = ?1",
                                       json_object_get_string_member (second->pdata[0], "change_id"), NULL);
  g_assert_cmpstr (fields, ==, "Bijstand");
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, "SELECT json_extract (fields, '$.net_cents') IS NULL"
                                              " FROM change_log WHERE change_id = ?1",
                                              json_object_get_string_member (second->pdata[0], "change_id"), NULL),
                   ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM conflict WHERE field = 'net_cents' AND other_json = '2'"), ==, 1);
}

static void
test_own_pending_base (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) changes = dk_sync_changes_new ();
  g_autoptr(GPtrArray) later = dk_sync_changes_new ();
  g_autoptr(GPtrArray) other = dk_sync_changes_new ();
  g_autoptr(JsonNode) a1 = NULL;
  g_autoptr(JsonNode) a2 = NULL;
  g_autoptr(JsonNode) a3 = NULL;
  g_autofree char *person = dk_uuid_new ();
  JsonArray *results;

  /* An edit made on top of the device's own unanswered insert carries no base for the field. */
  dk_sync_fixture_assign (&f->base, f->bram->user_id, f->dossier_id);
  dk_sync_changes_add (changes, "insert", "person", person, f->dossier_id,
              "{\"role\": \"other\", \"given_names\": \"Kees\", \"family_name\": \"Dijk\"}", NULL);
  dk_sync_changes_add (changes, "update", "person", person, f->dossier_id, "{\"given_names\": \"Cornelis\"}", "{}");
  results = dk_sync_fixture_push (&f->base, f->anna, changes, &a1);
  g_assert_cmpstr (dk_sync_result_status (results, 1, changes->pdata[1]), ==, "applied");

  /* Again later, still without having pulled: this device wrote the field last. */
  dk_sync_changes_add (later, "update", "person", person, f->dossier_id, "{\"given_names\": \"Kees\"}", NULL);
  results = dk_sync_fixture_push (&f->base, f->anna, later, &a2);
  g_assert_cmpstr (dk_sync_result_status (results, 0, later->pdata[0]), ==, "applied");

  /* Another device without a base did not see that value: a conflict, not an overwrite. */
  dk_sync_changes_add (other, "update", "person", person, f->dossier_id, "{\"given_names\": \"Karel\"}", NULL);
  results = dk_sync_fixture_push (&f->base, f->bram, other, &a3);
  g_assert_cmpstr (dk_sync_result_status (results, 0, other->pdata[0]), ==, "conflict");
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, "SELECT count(*) FROM person WHERE id = ?1"
                                              " AND given_names = 'Kees'", person, NULL), ==, 1);
}

static void
test_append_only (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) from_anna = dk_sync_changes_new ();
  g_autoptr(GPtrArray) from_bram = dk_sync_changes_new ();
  g_autoptr(JsonNode) answer_anna = NULL;
  g_autoptr(JsonNode) answer_bram = NULL;
  g_autofree char *status_a = dk_uuid_new ();
  g_autofree char *status_b = dk_uuid_new ();
  g_autofree char *status_id = dk_sync_fixture_query_text (&f->base, "SELECT id FROM debt_status", NULL);
  g_autofree char *fields_a = g_strdup_printf ("{\"debt_id\": \"%s\", \"status\": \"confirmed\","
                                               " \"status_date\": \"2026-02-01\"}", f->debt_id);
  g_autofree char *fields_b = g_strdup_printf ("{\"debt_id\": \"%s\", \"status\": \"in_settlement\","
                                               " \"status_date\": \"2026-02-01\", \"note\": \"Regeling\"}",
                                               f->debt_id);
  JsonArray *results;

  /* Two devices add a status to the same debt on the same day, neither having seen the other's. */
  dk_sync_fixture_assign (&f->base, f->bram->user_id, f->dossier_id);
  dk_sync_changes_add (from_anna, "insert", "debt_status", status_a, f->dossier_id, fields_a, NULL);
  dk_sync_changes_add (from_bram, "insert", "debt_status", status_b, f->dossier_id, fields_b, NULL);
  dk_sync_changes_add (from_bram, "update", "debt_status", status_id, f->dossier_id, "{\"note\": \"x\"}", "{}");
  dk_sync_changes_add (from_bram, "delete", "debt_status", status_id, f->dossier_id, NULL, NULL);

  results = dk_sync_fixture_push (&f->base, f->anna, from_anna, &answer_anna);
  g_assert_cmpstr (dk_sync_result_status (results, 0, from_anna->pdata[0]), ==, "applied");
  results = dk_sync_fixture_push (&f->base, f->bram, from_bram, &answer_bram);
  g_assert_cmpstr (dk_sync_result_status (results, 0, from_bram->pdata[0]), ==, "applied");
  g_assert_cmpstr (dk_sync_result_status (results, 1, from_bram->pdata[1]), ==, "refused");
  g_assert_cmpstr (json_object_get_string_member (result (results, 1), "reason"), ==, "append-only");
  g_assert_cmpstr (json_object_get_string_member (result (results, 2), "reason"), ==, "append-only");

  g_assert_cmpint (count (f, "SELECT count(*) FROM debt_status"), ==, 3);
  g_assert_cmpint (count (f, "SELECT count(*) FROM conflict"), ==, 0);
}

static void
test_out_of_scope (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DkAuthPrincipal) otto = dk_sync_fixture_user (&f->base, "otto", DK_ROLE_DEBT_COUNSELLOR,
                                                          f->base.other_team_id);
  g_autoptr(DkAuthPrincipal) admin = dk_sync_fixture_user (&f->base, "root", DK_ROLE_ADMINISTRATOR, NULL);
  g_autoptr(DkAuthPrincipal) back = dk_sync_fixture_user (&f->base, "fa", DK_ROLE_BACK_OFFICE, f->base.team_id);
  g_autoptr(GPtrArray) changes = dk_sync_changes_new ();
  g_autoptr(GPtrArray) admin_changes = dk_sync_changes_new ();
  g_autoptr(GPtrArray) back_changes = dk_sync_changes_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) admin_answer = NULL;
  g_autoptr(JsonNode) back_answer = NULL;
  g_autofree char *base = base_of (f, "income", f->income_id, "net_cents");
  g_autofree char *person = dk_uuid_new ();
  g_autofree char *dossier = dk_uuid_new ();
  g_autofree char *before = store_digest (f);
  g_autofree char *after = NULL;
  g_autofree char *logged = NULL;
  JsonArray *results;

  dk_sync_changes_add (changes, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": 1}", base);
  dk_sync_changes_add (changes, "insert", "person", person, f->dossier_id,
              "{\"role\": \"other\", \"given_names\": \"Eva\", \"family_name\": \"Bos\"}", NULL);
  /* Claiming another dossier does not help: the record's own dossier is what counts. */
  dk_sync_changes_add (changes, "update", "income", f->income_id, dossier, "{\"net_cents\": 1}", base);
  results = dk_sync_fixture_push (&f->base, otto, changes, &answer);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpstr (dk_sync_result_status (results, i, changes->pdata[i]), ==, "refused");
      g_assert_cmpstr (json_object_get_string_member (result (results, i), "reason"), ==, "out-of-scope");
      g_assert_cmpstr (json_object_get_string_member (result (results, i), "field"), ==, "dossier_id");
    }

  /* An administrator has no case data and makes no dossiers; back office makes none either. */
  dk_sync_changes_add (admin_changes, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": 1}", base);
  dk_sync_changes_add (admin_changes, "insert", "dossier", dossier, dossier, "{\"number\": \"X-1\", \"opened_on\": \"2026-01-01\"}",
              NULL);
  results = dk_sync_fixture_push (&f->base, admin, admin_changes, &admin_answer);
  g_assert_cmpstr (json_object_get_string_member (result (results, 0), "reason"), ==, "out-of-scope");
  g_assert_cmpstr (json_object_get_string_member (result (results, 1), "reason"), ==, "not-permitted");
  dk_sync_changes_add (back_changes, "insert", "dossier", dossier, dossier, "{\"number\": \"X-1\", \"opened_on\": \"2026-01-01\"}",
              NULL);
  results = dk_sync_fixture_push (&f->base, back, back_changes, &back_answer);
  g_assert_cmpstr (json_object_get_string_member (result (results, 0), "reason"), ==, "not-permitted");

  /* Nothing was written but the refusals, which keep no values. */
  g_assert_cmpint (income_net (f), ==, 140150);
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE status = 'refused'"), ==, 6);
  g_assert_cmpint (count (f, "SELECT count(*) FROM change_log WHERE status = 'refused' AND fields IS NOT NULL"), ==, 0);
  logged = dk_sync_fixture_query_text (&f->base, "SELECT group_concat (answer) FROM change_log WHERE status = 'refused'",
                                       NULL);
  g_assert_null (strstr (logged, "Eva"));
  /* Everything but the change log's row count is as it was. */
  after = store_digest (f);
  g_assert_cmpstr (strchr (after, '|'), ==, strchr (before, '|'));
}

static const char *
reason_of (JsonArray *results,
           guint      index,
           const char *field)
{
  JsonObject *answer = result (results, index);

  g_assert_cmpstr (json_object_get_string_member (answer, "status"), ==, "refused");
  g_assert_cmpstr (json_object_get_string_member_with_default (answer, "field", NULL), ==, field);
  g_assert_cmpuint (strlen (json_object_get_string_member (answer, "message")), >, 10);
  return json_object_get_string_member (answer, "reason");
}

static void
test_invalid_fields (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) changes = dk_sync_changes_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *base = base_of (f, "income", f->income_id, "net_cents");
  char *ids[12] = { NULL };
  g_autofree char *income = NULL;
  g_autofree char *message = NULL;
  JsonArray *results;
  JsonObject *change;

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    ids[i] = dk_uuid_new ();
  income = g_strdup_printf ("{\"person_id\": \"%s\", \"source\": \"employment\", \"net_cents\": 5000,"
                            " \"period\": \"month\", \"holiday_allowance_included\": true,"
                            " \"valid_from\": \"2026-02-01\"}", f->person_id);

  /* 0 */ dk_sync_changes_add (changes, "insert", "income", ids[0], f->dossier_id, income, NULL);
  /* 1 */ dk_sync_changes_add (changes, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": \"12\"}", base);
  /* 2 */ dk_sync_changes_add (changes, "update", "income", f->income_id, f->dossier_id, "{\"period\": \"fortnight\"}", NULL);
  /* 3 */ dk_sync_changes_add (changes, "update", "income", f->income_id, f->dossier_id, "{\"colour\": \"red\"}", NULL);
  /* 4 */ dk_sync_changes_add (changes, "update", "income", f->income_id, f->dossier_id,
                      "{\"created_at\": \"2026-01-01T00:00:00.000Z\"}", NULL);
  /* 5 */ dk_sync_changes_add (changes, "insert", "person", ids[5], f->dossier_id, "{\"role\": \"other\", \"given_names\": \"A\"}",
                      NULL);
  /* 6 */ dk_sync_changes_add (changes, "insert", "pet", ids[6], f->dossier_id, "{}", NULL);
  /* 7 */ change = dk_sync_changes_add (changes, "upsert", "income", f->income_id, f->dossier_id, "{}", NULL);
  /* 8 */ dk_sync_changes_add (changes, "update", "income", f->income_id, f->dossier_id, "{\"valid_from\": \"2026-02-31\"}",
                      NULL);
  /* 9 */ change = dk_sync_changes_add (changes, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": 7}", base);
  json_object_set_string_member (change, "colour", "red");
  /* 10 */ dk_sync_changes_add (changes, "update", "debt", f->debt_id, f->dossier_id, "{\"share_ppm\": 1000001}", NULL);
  /* 11 */ dk_sync_changes_add (changes, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": 123456}", base);

  results = dk_sync_fixture_push (&f->base, f->anna, changes, &answer);
  g_assert_cmpstr (dk_sync_result_status (results, 0, changes->pdata[0]), ==, "applied");
  g_assert_cmpstr (reason_of (results, 1, "net_cents"), ==, "wrong-type");
  g_assert_cmpstr (reason_of (results, 2, "period"), ==, "invalid-value");
  message = g_strdup (json_object_get_string_member (result (results, 2), "message"));
  /* The message names the field and the allowed values, never the value that was sent. */
  g_assert_nonnull (strstr (message, "period"));
  g_assert_null (strstr (message, "fortnight"));
  g_assert_cmpstr (reason_of (results, 3, "colour"), ==, "unknown-field");
  g_assert_cmpstr (reason_of (results, 4, "created_at"), ==, "read-only-field");
  g_assert_cmpstr (reason_of (results, 5, "family_name"), ==, "missing-field");
  g_assert_cmpstr (reason_of (results, 6, "table"), ==, "unknown-table");
  g_assert_cmpstr (reason_of (results, 7, "op"), ==, "unknown-op");
  g_assert_cmpstr (reason_of (results, 8, "valid_from"), ==, "wrong-type");
  g_assert_cmpstr (reason_of (results, 9, "colour"), ==, "unknown-field");
  g_assert_cmpstr (reason_of (results, 10, "share_ppm"), ==, "invalid-value");
  g_assert_cmpstr (dk_sync_result_status (results, 11, changes->pdata[11]), ==, "applied");

  g_assert_cmpint (income_net (f), ==, 123456);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, "SELECT count(*) FROM income WHERE id = ?1", ids[0], NULL), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM person"), ==, 1);
  /* A refusal names nothing it could not read: the unknown table is not logged as a table. */
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, "SELECT record_table IS NULL FROM change_log WHERE record_id = ?1",
                                              ids[6], NULL), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    g_free (ids[i]);
}

static void
test_references (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) setup = dk_sync_changes_new ();
  g_autoptr(GPtrArray) changes = dk_sync_changes_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *other_dossier = NULL;
  g_autofree char *other_person = NULL;
  g_autofree char *income_id = dk_uuid_new ();
  g_autofree char *link_id = dk_uuid_new ();
  g_autofree char *link2_id = dk_uuid_new ();
  g_autofree char *income = NULL;
  g_autofree char *link = NULL;
  g_autofree char *foreign_link = NULL;
  g_autoptr(DkAuthPrincipal) otto = dk_sync_fixture_user (&f->base, "otto", DK_ROLE_DEBT_COUNSELLOR,
                                                          f->base.other_team_id);
  g_autofree char *otto_dossier = NULL;
  JsonArray *results;

  dk_sync_fixture_make_dossier (&f->base, f->anna, &other_dossier, &other_person, NULL, NULL);
  dk_sync_fixture_make_dossier (&f->base, otto, &otto_dossier, NULL, NULL, NULL);

  income = g_strdup_printf ("{\"person_id\": \"%s\", \"source\": \"pension\", \"net_cents\": 5000,"
                            " \"period\": \"month\", \"holiday_allowance_included\": false,"
                            " \"valid_from\": \"2026-02-01\"}", other_person);
  link = g_strdup_printf ("{\"linked_dossier_id\": \"%s\", \"kind\": \"split_into\", \"link_date\": \"2026-02-01\"}",
                          other_dossier);
  foreign_link = g_strdup_printf ("{\"linked_dossier_id\": \"%s\", \"kind\": \"split_from\","
                                  " \"link_date\": \"2026-02-01\"}", otto_dossier);

  /* A person of another dossier, and a dossier the sender may not see, are not to be pointed at. */
  dk_sync_changes_add (changes, "insert", "income", income_id, f->dossier_id, income, NULL);
  dk_sync_changes_add (changes, "insert", "dossier_link", link_id, f->dossier_id, link, NULL);
  dk_sync_changes_add (changes, "insert", "dossier_link", link2_id, f->dossier_id, foreign_link, NULL);
  results = dk_sync_fixture_push (&f->base, f->anna, changes, &answer);
  g_assert_cmpstr (reason_of (results, 0, "person_id"), ==, "unknown-reference");
  g_assert_cmpstr (dk_sync_result_status (results, 1, changes->pdata[1]), ==, "applied");
  g_assert_cmpstr (reason_of (results, 2, "linked_dossier_id"), ==, "unknown-reference");
}

static void
test_check_violation (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) changes = dk_sync_changes_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *rent_id = dk_uuid_new ();
  g_autofree char *income_id = dk_uuid_new ();
  g_autofree char *person_id = dk_uuid_new ();
  g_autofree char *income = NULL;
  JsonArray *results;

  income = g_strdup_printf ("{\"person_id\": \"%s\", \"source\": \"pension\", \"net_cents\": 5000,"
                            " \"period\": \"month\", \"holiday_allowance_included\": false,"
                            " \"valid_from\": \"2026-02-01\", \"valid_to\": \"2026-01-01\"}", f->person_id);

  /* Each value is valid on its own; together they break a CHECK of the table. */
  dk_sync_changes_add (changes, "insert", "fixed_cost", rent_id, f->dossier_id,
              "{\"kind\": \"rent\", \"monthly_cents\": 68000, \"rent_basic_cents\": 60000,"
              " \"rent_service_cents\": 9000, \"valid_from\": \"2026-01-05\"}", NULL);
  dk_sync_changes_add (changes, "insert", "income", income_id, f->dossier_id, income, NULL);
  /* A second client in one dossier breaks a unique index. */
  dk_sync_changes_add (changes, "insert", "person", person_id, f->dossier_id,
              "{\"role\": \"client\", \"given_names\": \"Piet\", \"family_name\": \"Dijk\"}", NULL);
  dk_sync_changes_add (changes, "update", "income", f->income_id, f->dossier_id, "{\"description\": \"Uitkering\"}", NULL);

  results = dk_sync_fixture_push (&f->base, f->anna, changes, &answer);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpstr (reason_of (results, i, NULL), ==, "constraint");
      g_assert_nonnull (strstr (json_object_get_string_member (result (results, i), "message"), "constraint"));
    }
  g_assert_cmpstr (dk_sync_result_status (results, 3, changes->pdata[3]), ==, "applied");

  g_assert_cmpint (count (f, "SELECT count(*) FROM fixed_cost"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM income"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM person"), ==, 1);
  /* The savepoint took the refused change's log entry and versions with it. */
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, "SELECT count(*) FROM field_version WHERE record_id = ?1",
                                              rent_id, NULL), ==, 0);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, "SELECT count(*) FROM change_log WHERE record_id = ?1"
                                              " AND status = 'refused' AND fields IS NULL", rent_id, NULL), ==, 1);
}

static void
test_batch_too_large (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) changes = dk_sync_changes_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = store_digest (f);
  g_autofree char *after = NULL;
  JsonNode *answer = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *base = base_of (f, "income", f->income_id, "net_cents");

      dk_sync_changes_add (changes, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": 1}", base);
    }
  request = dk_sync_request_new (f->anna, changes);
  g_assert_false (dk_sync_push (f->base.store, f->anna, request, 2, &answer, &error));
  g_assert_error (error, DK_SYNC_ERROR, DK_SYNC_ERROR_BATCH_TOO_LARGE);
  g_assert_null (answer);
  g_assert_cmpuint (dk_sync_error_http_status (DK_SYNC_ERROR_BATCH_TOO_LARGE), ==, 413);
  after = store_digest (f);
  g_assert_cmpstr (after, ==, before);

  /* Exactly the limit is fine. */
  g_ptr_array_remove_index (changes, 2);
  g_clear_pointer (&request, json_node_unref);
  g_clear_error (&error);
  request = dk_sync_request_new (f->anna, changes);
  g_assert_true (dk_sync_push (f->base.store, f->anna, request, 2, &answer, &error));
  g_assert_no_error (error);
  json_node_unref (answer);
}

/* @json with DEVICE standing for the session's device id. */
static void
assert_malformed (Fixture    *f,
                  const char *json,
                  int         code)
{
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (json);
  g_autofree char *before = store_digest (f);
  g_autofree char *after = NULL;
  JsonNode *answer = NULL;

  g_string_replace (text, "DEVICE", f->anna->device_id, 0);
  request = json_from_string (text->str, &error);
  g_assert_no_error (error);
  g_assert_false (dk_sync_push (f->base.store, f->anna, request, 100, &answer, &error));
  g_assert_error (error, DK_SYNC_ERROR, code);
  g_assert_cmpuint (strlen (error->message), >, 10);
  g_assert_null (answer);
  after = store_digest (f);
  g_assert_cmpstr (after, ==, before);
}

static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  assert_malformed (f, "[\"DEVICE\"]", DK_SYNC_ERROR_MALFORMED);
  assert_malformed (f, "{\"changes\": []}", DK_SYNC_ERROR_MALFORMED);
  assert_malformed (f, "{\"changes\": [], \"device_id\": \"DEVICE\", \"extra\": 1}", DK_SYNC_ERROR_MALFORMED);
  assert_malformed (f, "{\"device_id\": \"DEVICE\"}", DK_SYNC_ERROR_MALFORMED);
  assert_malformed (f, "{\"device_id\": \"DEVICE\", \"changes\": {}}", DK_SYNC_ERROR_MALFORMED);
  assert_malformed (f, "{\"device_id\": \"DEVICE\", \"changes\": [1]}", DK_SYNC_ERROR_MALFORMED);
  assert_malformed (f, "{\"device_id\": \"DEVICE\", \"changes\": [{\"table\": \"income\"}]}",
                    DK_SYNC_ERROR_MALFORMED);
  assert_malformed (f, "{\"device_id\": \"DEVICE\", \"changes\": [{\"change_id\":"
                    " \"0190F1C2-7A3B-7C4D-8E5F-0123456789AB\"}]}", DK_SYNC_ERROR_MALFORMED);
  assert_malformed (f, "{\"device_id\": 7, \"changes\": []}", DK_SYNC_ERROR_MALFORMED);
  assert_malformed (f, "{\"changes\": [], \"device_id\": \"0190f1c2-7a3b-7c4d-8e5f-0123456789ab\"}",
                    DK_SYNC_ERROR_DEVICE_MISMATCH);
}

static void
test_delete_conflicts (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) edit = dk_sync_changes_new ();
  g_autoptr(GPtrArray) stale_delete = dk_sync_changes_new ();
  g_autoptr(GPtrArray) fresh_delete = dk_sync_changes_new ();
  g_autoptr(GPtrArray) late_edit = dk_sync_changes_new ();
  g_autoptr(JsonNode) a1 = NULL;
  g_autoptr(JsonNode) a2 = NULL;
  g_autoptr(JsonNode) a3 = NULL;
  g_autoptr(JsonNode) a4 = NULL;
  g_autofree char *stale_versions = NULL;
  g_autofree char *versions = NULL;
  g_autofree char *base = base_of (f, "income", f->income_id, "net_cents");
  JsonArray *results;

  dk_sync_fixture_assign (&f->base, f->bram->user_id, f->dossier_id);
  stale_versions = dk_sync_fixture_query_text (&f->base, "SELECT json_group_object (field, seq) FROM field_version"
                                               " WHERE record_id = ?1", f->income_id, NULL);

  /* Changed there, deleted here with the old versions: the record stays, the delete is a conflict. */
  dk_sync_changes_add (edit, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": 777}", base);
  dk_sync_fixture_push (&f->base, f->anna, edit, &a1);
  dk_sync_changes_add (stale_delete, "delete", "income", f->income_id, f->dossier_id, NULL, stale_versions);
  results = dk_sync_fixture_push (&f->base, f->bram, stale_delete, &a2);
  g_assert_cmpstr (dk_sync_result_status (results, 0, stale_delete->pdata[0]), ==, "conflict");
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, "SELECT removed_at IS NULL FROM income WHERE id = ?1",
                                              f->income_id, NULL), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM conflict WHERE kind = 'delete_outdated' AND field = 'removed_at'"
                             " AND current_json = 'null'"), ==, 1);

  /* With the current versions the delete applies. */
  versions = dk_sync_fixture_query_text (&f->base, "SELECT json_group_object (field, seq) FROM field_version"
                                         " WHERE record_id = ?1", f->income_id, NULL);
  dk_sync_changes_add (fresh_delete, "delete", "income", f->income_id, f->dossier_id, NULL, versions);
  results = dk_sync_fixture_push (&f->base, f->bram, fresh_delete, &a3);
  g_assert_cmpstr (dk_sync_result_status (results, 0, fresh_delete->pdata[0]), ==, "applied");

  /* Changed here, deleted there: the tombstone stays and the value is kept. */
  g_free (base);
  base = base_of (f, "income", f->income_id, "net_cents");
  dk_sync_changes_add (late_edit, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": 888}", base);
  results = dk_sync_fixture_push (&f->base, f->anna, late_edit, &a4);
  g_assert_cmpstr (dk_sync_result_status (results, 0, late_edit->pdata[0]), ==, "conflict");
  g_assert_cmpint (income_net (f), ==, 777);
  g_assert_cmpint (count (f, "SELECT count(*) FROM conflict WHERE kind = 'edited_after_delete'"
                             " AND field = 'net_cents' AND other_json = '888' AND current_json = '777'"), ==, 1);
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, "SELECT removed_at IS NOT NULL FROM income WHERE id = ?1",
                                              f->income_id, NULL), ==, 1);
}

static void
test_resolve_conflict (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) first = dk_sync_changes_new ();
  g_autoptr(GPtrArray) second = dk_sync_changes_new ();
  g_autoptr(GPtrArray) resolve = dk_sync_changes_new ();
  g_autoptr(GPtrArray) again = dk_sync_changes_new ();
  g_autoptr(GPtrArray) bad = dk_sync_changes_new ();
  g_autoptr(JsonNode) a1 = NULL;
  g_autoptr(JsonNode) a2 = NULL;
  g_autoptr(JsonNode) a3 = NULL;
  g_autoptr(JsonNode) a4 = NULL;
  g_autoptr(JsonNode) a5 = NULL;
  g_autofree char *base = base_of (f, "income", f->income_id, "net_cents");
  g_autofree char *conflict_id = NULL;
  g_autofree char *resolution = NULL;
  g_autofree char *new_base = NULL;
  g_autofree char *by = NULL;
  g_autofree char *resolved_by = NULL;
  JsonArray *results;
  JsonObject *field_change;

  dk_sync_fixture_assign (&f->base, f->bram->user_id, f->dossier_id);
  dk_sync_changes_add (first, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": 1}", base);
  dk_sync_changes_add (second, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": 2}", base);
  dk_sync_fixture_push (&f->base, f->anna, first, &a1);
  results = dk_sync_fixture_push (&f->base, f->bram, second, &a2);
  conflict_id = g_strdup (json_object_get_string_member (result (results, 0), "conflict_id"));

  /* Bram chooses his own value: the field with the current base, and the conflict resolved by it. */
  new_base = base_of (f, "income", f->income_id, "net_cents");
  field_change = dk_sync_changes_add (resolve, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": 2}", new_base);
  resolution = g_strdup_printf ("{\"resolved_by_change\": \"%s\"}", json_object_get_string_member (field_change,
                                                                                                   "change_id"));
  dk_sync_changes_add (resolve, "update", "conflict", conflict_id, f->dossier_id, resolution, NULL);
  results = dk_sync_fixture_push (&f->base, f->bram, resolve, &a3);
  g_assert_cmpstr (dk_sync_result_status (results, 0, resolve->pdata[0]), ==, "applied");
  g_assert_cmpstr (dk_sync_result_status (results, 1, resolve->pdata[1]), ==, "applied");
  g_assert_cmpint (income_net (f), ==, 2);
  resolved_by = dk_sync_fixture_query_text (&f->base, "SELECT resolved_by_change FROM conflict WHERE id = ?1",
                                            conflict_id, NULL);
  g_assert_cmpstr (resolved_by, ==, json_object_get_string_member (field_change, "change_id"));

  /* A later resolution changes nothing: the first stands. */
  by = dk_uuid_new ();
  g_free (resolution);
  resolution = g_strdup_printf ("{\"resolved_by_change\": \"%s\"}", by);
  dk_sync_changes_add (again, "update", "conflict", conflict_id, f->dossier_id, resolution, NULL);
  results = dk_sync_fixture_push (&f->base, f->anna, again, &a4);
  g_assert_cmpstr (dk_sync_result_status (results, 0, again->pdata[0]), ==, "applied");
  g_free (resolved_by);
  resolved_by = dk_sync_fixture_query_text (&f->base, "SELECT resolved_by_change FROM conflict WHERE id = ?1",
                                            conflict_id, NULL);
  g_assert_cmpstr (resolved_by, ==, json_object_get_string_member (field_change, "change_id"));

  /* Conflicts are the server's: no insert, no other field, no empty resolution. */
  dk_sync_changes_add (bad, "insert", "conflict", by, f->dossier_id, "{}", NULL);
  dk_sync_changes_add (bad, "update", "conflict", conflict_id, f->dossier_id, "{\"other\": 5}", NULL);
  dk_sync_changes_add (bad, "update", "conflict", conflict_id, f->dossier_id, "{}", NULL);
  results = dk_sync_fixture_push (&f->base, f->anna, bad, &a5);
  g_assert_cmpstr (reason_of (results, 0, NULL), ==, "not-permitted");
  g_assert_cmpstr (reason_of (results, 1, "other"), ==, "read-only-field");
  g_assert_cmpstr (reason_of (results, 2, "resolved_by_change"), ==, "missing-field");
}

static void
test_duplicate_insert (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) same = dk_sync_changes_new ();
  g_autoptr(GPtrArray) other = dk_sync_changes_new ();
  g_autoptr(JsonNode) a1 = NULL;
  g_autoptr(JsonNode) a2 = NULL;
  JsonArray *results;

  dk_sync_changes_add (same, "insert", "person", f->person_id, f->dossier_id,
              "{\"role\": \"client\", \"given_names\": \"Sanne\", \"family_name_prefix\": \"van\","
              " \"family_name\": \"Dijk\", \"birth_date\": \"1998-03-14\"}", NULL);
  results = dk_sync_fixture_push (&f->base, f->anna, same, &a1);
  g_assert_cmpstr (dk_sync_result_status (results, 0, same->pdata[0]), ==, "applied");

  dk_sync_changes_add (other, "insert", "person", f->person_id, f->dossier_id,
              "{\"role\": \"client\", \"given_names\": \"Saskia\", \"family_name\": \"Dijk\"}", NULL);
  results = dk_sync_fixture_push (&f->base, f->anna, other, &a2);
  g_assert_cmpstr (reason_of (results, 0, "record_id"), ==, "duplicate-id");
  g_assert_cmpint (count (f, "SELECT count(*) FROM person WHERE given_names = 'Sanne'"), ==, 1);
}

/* Every dossier a push changed gets one audit row with the user and the device, in the push's own
 * transaction; a replay, a refusal and a failed push write none. */
static void
test_audit_changes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GPtrArray) changes = dk_sync_changes_new ();
  g_autoptr(GPtrArray) refused = dk_sync_changes_new ();
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) refused_request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) replayed = NULL;
  g_autoptr(JsonNode) refused_answer = NULL;
  g_autoptr(JsonNode) failed_answer = NULL;
  g_autoptr(GPtrArray) dossiers = NULL;
  g_autoptr(GPtrArray) replay_dossiers = NULL;
  g_autoptr(GPtrArray) refused_dossiers = NULL;
  g_autoptr(GPtrArray) failed_dossiers = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = base_of (f, "income", f->income_id, "net_cents");
  g_autofree char *dossier = dk_uuid_new ();
  g_autofree char *device = NULL;
  g_autofree char *user = NULL;
  const char *audit_rows = "SELECT count(*) FROM audit WHERE action = 'dossier.change'";
  gint64 before = count (f, audit_rows);

  /* The fixture's dossier was made by a push too, and audited so. */
  g_assert_cmpint (dk_sync_fixture_query_int (&f->base, "SELECT count(*) FROM audit WHERE action = 'dossier.change'"
                                              " AND dossier_id = ?1", f->dossier_id, NULL), ==, 1);

  /* Two changes in the fixture's dossier and a new dossier: two rows, one per dossier. */
  dk_sync_changes_add (changes, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": 1}", base);
  dk_sync_changes_add (changes, "update", "income", f->income_id, f->dossier_id, "{\"description\": \"Loon\"}", NULL);
  dk_sync_changes_add (changes, "insert", "dossier", dossier, dossier,
                       "{\"number\": \"AUD-1\", \"opened_on\": \"2026-02-02\"}", NULL);
  request = dk_sync_request_new (f->anna, changes);
  g_assert_true (dk_sync_push_full (f->base.store, f->anna, request, 100, &answer, &dossiers, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (dossiers->len, ==, 2);
  g_assert_cmpstr (dossiers->pdata[0], ==, f->dossier_id);
  g_assert_cmpstr (dossiers->pdata[1], ==, dossier);
  g_assert_cmpint (count (f, audit_rows), ==, before + 2);

  device = dk_sync_fixture_query_text (&f->base, "SELECT device_id FROM audit WHERE action = 'dossier.change'"
                                       " AND dossier_id = ?1 AND outcome = 'success'", dossier, NULL);
  user = dk_sync_fixture_query_text (&f->base, "SELECT user_id FROM audit WHERE action = 'dossier.change'"
                                     " AND dossier_id = ?1", dossier, NULL);
  g_assert_cmpstr (device, ==, f->anna->device_id);
  g_assert_cmpstr (user, ==, f->anna->user_id);

  /* The same batch again changes nothing, and is not a change in the audit trail either. */
  g_assert_true (dk_sync_push_full (f->base.store, f->anna, request, 100, &replayed, &replay_dossiers, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (replay_dossiers->len, ==, 0);
  g_assert_cmpint (count (f, audit_rows), ==, before + 2);

  /* Bram has no assignment: refused, nothing changed, no row. */
  dk_sync_changes_add (refused, "update", "income", f->income_id, f->dossier_id, "{\"net_cents\": 2}", NULL);
  refused_request = dk_sync_request_new (f->bram, refused);
  g_assert_true (dk_sync_push_full (f->base.store, f->bram, refused_request, 100, &refused_answer, &refused_dossiers,
                                    &error));
  g_assert_no_error (error);
  g_assert_cmpstr (dk_sync_result_status (json_object_get_array_member (json_node_get_object (refused_answer),
                                                                        "results"), 0, refused->pdata[0]),
                   ==, "refused");
  g_assert_cmpuint (refused_dossiers->len, ==, 0);
  g_assert_cmpint (count (f, audit_rows), ==, before + 2);

  /* A push that fails as a whole has no dossiers to report. */
  g_assert_false (dk_sync_push_full (f->base.store, f->bram, request, 100, &failed_answer, &failed_dossiers, &error));
  g_assert_error (error, DK_SYNC_ERROR, DK_SYNC_ERROR_DEVICE_MISMATCH);
  g_assert_null (failed_dossiers);
  g_assert_cmpint (count (f, audit_rows), ==, before + 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/sync-push/applied-with-seqs", test_applied_with_seqs);
  ADD ("/sync-push/replay", test_replay);
  ADD ("/sync-push/same-field-conflict", test_same_field_conflict);
  ADD ("/sync-push/different-fields", test_different_fields);
  ADD ("/sync-push/partial-conflict", test_partial_conflict);
  ADD ("/sync-push/own-pending-base", test_own_pending_base);
  ADD ("/sync-push/append-only", test_append_only);
  ADD ("/sync-push/out-of-scope", test_out_of_scope);
  ADD ("/sync-push/invalid-fields", test_invalid_fields);
  ADD ("/sync-push/references", test_references);
  ADD ("/sync-push/check-violation", test_check_violation);
  ADD ("/sync-push/batch-too-large", test_batch_too_large);
  ADD ("/sync-push/malformed", test_malformed);
  ADD ("/sync-push/delete-conflicts", test_delete_conflicts);
  ADD ("/sync-push/resolve-conflict", test_resolve_conflict);
  ADD ("/sync-push/duplicate-insert", test_duplicate_insert);
  ADD ("/sync-push/audit-changes", test_audit_changes);
#undef ADD

  return g_test_run ();
}
