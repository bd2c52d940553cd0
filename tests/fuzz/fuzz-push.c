#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include <sodium.h>

#include "dk-auth.h"
#include "dk-central-store.h"
#include "dk-domain-schema.h"
#include "dk-http-input.h"
#include "dk-server-config.h"
#include "dk-sync-push.h"

/*
 * libFuzzer target for POST /v1/push: the body goes through the endpoint's own reading
 * (dk_http_input_parse_object(), the checks dk_http_input_read_object() makes) and, when that
 * accepts it, through dk_sync_push() for a field worker who holds one dossier, with the server's
 * default batch limit.
 *
 * The store is made once, in memory, and every input runs inside a transaction that is rolled
 * back afterwards, so runs stay independent and fast. What counts as a finding, besides what the
 * sanitizers catch and GLib's criticals and warnings (made fatal): an answer the endpoint would
 * give as 500 (any error but DK_SYNC_ERROR), and an answer that is not one result per change.
 *
 * The ids below are those the seed corpus (corpus/push/) uses.
 */

#define DEVICE_ID   "01936f00-0000-7000-8000-00000000d001"
#define DOSSIER_ID  "01936f00-0000-7000-8000-00000000a001"
#define PERSON_ID   "01936f00-0000-7000-8000-00000000a002"
#define INCOME_ID   "01936f00-0000-7000-8000-00000000a003"
#define GROUP_ID    "01936f00-0000-7000-8000-00000000a004"
#define DEBT_ID     "01936f00-0000-7000-8000-00000000a005"
#define STATUS_ID   "01936f00-0000-7000-8000-00000000a006"
#define CONFLICT_ID "01936f00-0000-7000-8000-00000000a007"
#define MAX_BATCH   1000   /* dk-server-config.c's default max-batch-changes */

static const char setup_push[] =
  "{\"device_id\": \"" DEVICE_ID "\", \"changes\": ["
  " {\"change_id\": \"01936f00-0000-7000-8000-00000000c001\", \"table\": \"dossier\", \"op\": \"insert\","
  "  \"record_id\": \"" DOSSIER_ID "\", \"dossier_id\": \"" DOSSIER_ID "\","
  "  \"fields\": {\"number\": \"FUZZ-1\", \"opened_on\": \"2026-01-05\"}},"
  " {\"change_id\": \"01936f00-0000-7000-8000-00000000c002\", \"table\": \"person\", \"op\": \"insert\","
  "  \"record_id\": \"" PERSON_ID "\", \"dossier_id\": \"" DOSSIER_ID "\","
  "  \"fields\": {\"role\": \"client\", \"given_names\": \"Sanne\", \"family_name_prefix\": \"van\","
  "   \"family_name\": \"Dijk\", \"birth_date\": \"1998-03-14\"}},"
  " {\"change_id\": \"01936f00-0000-7000-8000-00000000c003\", \"table\": \"income\", \"op\": \"insert\","
  "  \"record_id\": \"" INCOME_ID "\", \"dossier_id\": \"" DOSSIER_ID "\","
  "  \"fields\": {\"person_id\": \"" PERSON_ID "\", \"source\": \"benefit\", \"net_cents\": 140150,"
  "   \"period\": \"month\", \"holiday_allowance_included\": false, \"valid_from\": \"2026-01-05\"}},"
  " {\"change_id\": \"01936f00-0000-7000-8000-00000000c004\", \"table\": \"debt\", \"op\": \"insert\","
  "  \"record_id\": \"" DEBT_ID "\", \"dossier_id\": \"" DOSSIER_ID "\","
  "  \"fields\": {\"debt_group_id\": \"" GROUP_ID "\", \"creditor_name\": \"Energieleverancier\","
  "   \"original_cents\": 85000, \"current_cents\": 85000, \"debt_type\": \"Nuts\", \"debt_rank\": \"concurrent\","
  "   \"business_debt\": false, \"contracting_party\": \"client\", \"household_debt\": false,"
  "   \"excluded\": false, \"share_ppm\": 1000000}},"
  " {\"change_id\": \"01936f00-0000-7000-8000-00000000c005\", \"table\": \"debt_status\", \"op\": \"insert\","
  "  \"record_id\": \"" STATUS_ID "\", \"dossier_id\": \"" DOSSIER_ID "\","
  "  \"fields\": {\"debt_id\": \"" DEBT_ID "\", \"status\": \"registered\", \"status_date\": \"2026-01-05\"}}"
  "]}";

/* An edit on an outdated base: a conflict record, for inputs that resolve it. */
static const char conflict_push[] =
  "{\"device_id\": \"" DEVICE_ID "\", \"changes\": ["
  " {\"change_id\": \"01936f00-0000-7000-8000-00000000c006\", \"table\": \"income\", \"op\": \"update\","
  "  \"record_id\": \"" INCOME_ID "\", \"dossier_id\": \"" DOSSIER_ID "\","
  "  \"fields\": {\"net_cents\": 120000}, \"base\": {\"net_cents\": 1}}"
  "]}";

static DkStore *store;
static DkAuthPrincipal *principal;

static GQuark fuzz_rollback_quark (void);
G_DEFINE_QUARK (fuzz-rollback-quark, fuzz_rollback)

static void G_GNUC_NORETURN
fail (const char *what,
      const GError *error)
{
  g_printerr ("fuzz-push: %s: %s\n", what, error != NULL ? error->message : "(no error)");
  abort ();
}

static JsonNode *
parse_body (const char *data,
            gsize       size)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;

  if (!dk_http_input_parse_object (data, size, &object, NULL, &error))
    {
      /* 400 bad-json or duplicate-field; only a failing SQLite would be a 500. */
      if (!g_error_matches (error, DK_HTTP_INPUT_ERROR, DK_HTTP_INPUT_ERROR_BAD_JSON) &&
          !g_error_matches (error, DK_HTTP_INPUT_ERROR, DK_HTTP_INPUT_ERROR_DUPLICATE_FIELD))
        fail ("the body check failed", error);
      return NULL;
    }

  return json_node_init_object (json_node_alloc (), object);
}

/* One result per change, each applied, conflict or refused, and the answer serialises. */
static void
check_answer (JsonNode *request,
              JsonNode *answer)
{
  JsonArray *changes = json_object_get_array_member (json_node_get_object (request), "changes");
  JsonObject *root;
  JsonArray *results;
  g_autofree char *text = NULL;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    fail ("the answer is not an object", NULL);
  root = json_node_get_object (answer);
  if (!json_object_has_member (root, "results") || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (root, "results")))
    fail ("the answer has no results", NULL);
  results = json_object_get_array_member (root, "results");
  if (json_array_get_length (results) != json_array_get_length (changes))
    fail ("the answer does not have one result per change", NULL);

  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);
      const char *status = json_object_get_string_member_with_default (result, "status", NULL);

      if (g_strcmp0 (status, "applied") != 0 && g_strcmp0 (status, "conflict") != 0 &&
          g_strcmp0 (status, "refused") != 0)
        fail ("a result has no known status", NULL);
      if (g_strcmp0 (status, "refused") == 0 && !json_object_has_member (result, "reason"))
        fail ("a refusal has no reason", NULL);
    }

  /* G_MESSAGES_DEBUG=all shows it when a seed or a finding is run by hand. */
  text = json_to_string (answer, FALSE);
  g_debug ("%s", text);
}

typedef struct
{
  JsonNode *request;
} Run;

static gboolean
push_and_roll_back (DkStore   *txn_store,
                    gpointer   user_data,
                    GError   **error)
{
  Run *run = user_data;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) push_error = NULL;

  if (dk_sync_push (txn_store, principal, run->request, MAX_BATCH, &answer, &push_error))
    check_answer (run->request, answer);
  else if (push_error->domain != DK_SYNC_ERROR)
    fail ("the push failed as the endpoint would answer 500", push_error);

  g_set_error_literal (error, fuzz_rollback_quark (), 0, "rolled back");
  return FALSE;
}

static void
push_setup (const char *body,
            const char *status)
{
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *results;

  request = parse_body (body, strlen (body));
  if (request == NULL)
    fail ("parse a setup push", NULL);
  if (!dk_sync_push (store, principal, request, MAX_BATCH, &answer, &error))
    fail ("push the setup", error);
  results = json_object_get_array_member (json_node_get_object (answer), "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    if (g_strcmp0 (json_object_get_string_member (json_array_get_object_element (results, i), "status"),
                   status) != 0)
      fail ("a change of the setup did not get the answer it should", NULL);
}

static void
setup (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *user_id = NULL;
  g_autofree char *now_text = dk_domain_timestamp_now ();
  g_autoptr(DkServerConfig) config = dk_server_config_new ();
  DkAuthParams params;
  sqlite3_stmt *stmt;

  dk_auth_params_init (&params, config);
  params.pwhash_opslimit = crypto_pwhash_OPSLIMIT_MIN;
  params.pwhash_memlimit = crypto_pwhash_MEMLIMIT_MIN;

  store = dk_central_store_open (":memory:", &error);
  if (store == NULL)
    fail ("open the store", error);

  if (!dk_auth_create_user (store, &params, "fuzz.worker", "Fuzz Worker", DK_ROLE_FIELD_WORKER, NULL,
                            "a long enough password", now, &user_id, &error))
    fail ("create the user", error);

  /* A device with a known id, so the seed corpus can name it. */
  stmt = dk_store_prepare (store,
                           "INSERT INTO device (id, user_id, name, registered_at, last_seen_at)"
                           " VALUES (?1, ?2, 'Fuzz laptop', ?3, ?3)",
                           &error);
  if (stmt == NULL)
    fail ("prepare the device", error);
  sqlite3_bind_text (stmt, 1, DEVICE_ID, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, now_text, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_done (store, stmt, &error))
    fail ("add the device", error);

  principal = g_new0 (DkAuthPrincipal, 1);
  principal->user_id = g_steal_pointer (&user_id);
  principal->role = DK_ROLE_FIELD_WORKER;
  principal->device_id = g_strdup (DEVICE_ID);

  /* The worker makes the dossier, so it is theirs and their device holds it. */
  push_setup (setup_push, "applied");
  push_setup (conflict_push, "conflict");

  /* The conflict record's id is random; the corpus needs to know it. Nothing refers to it but the
   * change log. */
  for (guint i = 0; i < 2; i++)
    {
      stmt = dk_store_prepare (store,
                               i == 0 ? "UPDATE conflict SET id = ?1"
                                      : "UPDATE change_log SET record_id = ?1 WHERE record_table = 'conflict'",
                               &error);
      if (stmt == NULL)
        fail ("prepare the conflict's id", error);
      sqlite3_bind_text (stmt, 1, CONFLICT_ID, -1, SQLITE_STATIC);
      if (!dk_store_step_done (store, stmt, &error))
        fail ("set the conflict's id", error);
    }
}

/* GLib stops at a fatal message with SIGTRAP, which libFuzzer does not catch (no crash file):
 * abort() it is. */
static GLogWriterOutput
abort_on_warning (GLogLevelFlags   log_level,
                  const GLogField *fields,
                  gsize            n_fields,
                  gpointer         user_data)
{
  GLogWriterOutput written = g_log_writer_default (log_level, fields, n_fields, user_data);

  if ((log_level & (G_LOG_LEVEL_ERROR | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING)) != 0)
    abort ();
  return written;
}

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* What the server would only log is a finding here. */
  g_log_set_writer_func (abort_on_warning, NULL, NULL);
  setup ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(JsonNode) request = NULL;
  g_autoptr(GError) error = NULL;
  Run run;

  request = parse_body ((const char *) data, size);
  if (request == NULL)
    return 0;

  run.request = request;
  if (dk_store_transaction (store, push_and_roll_back, &run, &error) ||
      !g_error_matches (error, fuzz_rollback_quark (), 0))
    fail ("the transaction around the push did not roll back as it should", error);

  return 0;
}
