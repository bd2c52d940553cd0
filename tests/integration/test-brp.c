#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dk-central-store.h"
#include "dk-test-util.h"

/*
 * "draagkracht-admin signals brp-check" against a fake population register: a SoupServer in this
 * process (on a thread of its own, so it answers while the test waits for the admin program) that
 * plays POST /personen of the Haal Centraal BRP API Personen with fixtures shaped as that API answers.
 * It checks the X-API-KEY header, and answers 500 or never for two BSNs.
 */

#define API_KEY "fake-brp-key-0123456789"
#define MUNICIPALITY "0363"

#define BSN_AT_ADDRESS "999993653"
#define BSN_DECEASED   "999990019"
#define BSN_MOVED      "999990020"
#define BSN_UNKNOWN    "999990032"
#define BSN_FAILS      "999990044"
#define BSN_HANGS      "999990056"

typedef struct
{
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *server;
  guint         port;
  GMutex        lock;
  GCond         ready;
  gboolean      started;
  guint         n_requests;   /* under lock */
  guint         n_bad_key;    /* under lock */

  char         *dir;
  char         *db;
  char         *config;
  char         *key_file;
} Fixture;

/* ---- fixtures of the register ---- */

static const char *
person (const char *bsn)
{
  if (g_str_equal (bsn, BSN_AT_ADDRESS))
    return "{\"burgerservicenummer\": \"" BSN_AT_ADDRESS "\","
           " \"naam\": {\"voornamen\": \"Sanne\", \"voorletters\": \"S.\", \"geslachtsnaam\": \"Visser\","
           "  \"volledigeNaam\": \"Sanne Visser\", \"aanduidingNaamgebruik\": {\"code\": \"E\", \"omschrijving\": \"eigen geslachtsnaam\"}},"
           " \"geboorte\": {\"datum\": {\"type\": \"Datum\", \"datum\": \"1990-06-06\", \"langFormaat\": \"6 juni 1990\"}},"
           " \"gemeenteVanInschrijving\": {\"code\": \"0363\", \"omschrijving\": \"Amsterdam\"},"
           " \"verblijfplaats\": {\"type\": \"Adres\", \"verblijfadres\": {\"officieleStraatnaam\": \"Kerkstraat\","
           "  \"korteStraatnaam\": \"Kerkstraat\", \"huisnummer\": 12, \"postcode\": \"1011AB\", \"woonplaats\": \"Amsterdam\"},"
           "  \"datumVan\": {\"type\": \"Datum\", \"datum\": \"2019-04-01\"}}}";
  if (g_str_equal (bsn, BSN_DECEASED))
    return "{\"burgerservicenummer\": \"" BSN_DECEASED "\","
           " \"naam\": {\"voornamen\": \"Hendrik\", \"geslachtsnaam\": \"Bos\"},"
           " \"geboorte\": {\"datum\": {\"type\": \"Datum\", \"datum\": \"1940-01-01\"}},"
           " \"overlijden\": {\"datum\": {\"type\": \"Datum\", \"datum\": \"2026-01-15\"}},"
           " \"opschortingBijhouding\": {\"reden\": {\"code\": \"O\", \"omschrijving\": \"overlijden\"},"
           "  \"datum\": {\"type\": \"Datum\", \"datum\": \"2026-01-15\"}},"
           " \"gemeenteVanInschrijving\": {\"code\": \"0363\", \"omschrijving\": \"Amsterdam\"}}";
  if (g_str_equal (bsn, BSN_MOVED))
    return "{\"burgerservicenummer\": \"" BSN_MOVED "\","
           " \"naam\": {\"voornamen\": \"Karim\", \"geslachtsnaam\": \"El Amrani\"},"
           " \"gemeenteVanInschrijving\": {\"code\": \"0599\", \"omschrijving\": \"Rotterdam\"},"
           " \"verblijfplaats\": {\"type\": \"Adres\", \"verblijfadres\": {\"korteStraatnaam\": \"Coolsingel\","
           "  \"huisnummer\": 40, \"postcode\": \"3011AD\", \"woonplaats\": \"Rotterdam\"}}}";
  return NULL;
}

/* Father and son "de Groot" at Dorpsweg 5. */
#define DE_GROOT_FATHER \
  "{\"burgerservicenummer\": \"999990068\", \"naam\": {\"voornamen\": \"Jan Hendrik\", \"voorletters\": \"J.H.\"," \
  " \"voorvoegsel\": \"de\", \"geslachtsnaam\": \"Groot\"}, \"geboorte\": {\"datum\": {\"type\": \"Datum\"," \
  " \"datum\": \"1950-05-05\"}}, \"gemeenteVanInschrijving\": {\"code\": \"0363\"}, \"verblijfplaats\": {\"type\": \"Adres\"," \
  " \"verblijfadres\": {\"korteStraatnaam\": \"Dorpsweg\", \"huisnummer\": 5, \"postcode\": \"1012CD\"}}}"
#define DE_GROOT_SON \
  "{\"burgerservicenummer\": \"999990070\", \"naam\": {\"voornamen\": \"Johan\", \"voorletters\": \"J.\"," \
  " \"voorvoegsel\": \"de\", \"geslachtsnaam\": \"Groot\"}, \"geboorte\": {\"datum\": {\"type\": \"Datum\"," \
  " \"datum\": \"1980-08-08\"}}, \"gemeenteVanInschrijving\": {\"code\": \"0363\"}, \"verblijfplaats\": {\"type\": \"Adres\"," \
  " \"verblijfadres\": {\"korteStraatnaam\": \"Dorpsweg\", \"huisnummer\": 5, \"postcode\": \"1012CD\"}}}"

static void
reply (SoupServerMessage *msg,
       guint              status,
       const char        *json)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}

static void
personen_handler (SoupServer        *server,
                  SoupServerMessage *msg,
                  const char        *path,
                  GHashTable        *query,
                  gpointer           user_data)
{
  Fixture *f = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  const char *key = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "X-API-KEY");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) bytes = NULL;
  JsonObject *request;
  const char *type;

  g_mutex_lock (&f->lock);
  f->n_requests++;
  if (g_strcmp0 (key, API_KEY) != 0)
    f->n_bad_key++;
  g_mutex_unlock (&f->lock);

  if (g_strcmp0 (key, API_KEY) != 0)
    {
      reply (msg, 401, "{\"type\": \"https://datatracker.ietf.org/doc/html/rfc7235#section-3.1\","
                       " \"title\": \"Niet correct geauthenticeerd.\", \"status\": 401}");
      return;
    }

  bytes = soup_message_body_flatten (body);
  if (soup_server_message_get_method (msg) != SOUP_METHOD_POST ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), (gssize) g_bytes_get_size (bytes), NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      !json_object_has_member ((request = json_node_get_object (json_parser_get_root (parser))), "fields"))
    {
      reply (msg, 400, "{\"title\": \"Bad request\", \"status\": 400}");
      return;
    }

  type = json_object_get_string_member (request, "type");
  if (g_strcmp0 (type, "RaadpleegMetBurgerservicenummer") == 0)
    {
      const char *bsn = json_array_get_string_element (json_object_get_array_member (request, "burgerservicenummer"), 0);
      const char *found = person (bsn);
      g_autofree char *answer = NULL;

      if (g_str_equal (bsn, BSN_FAILS))
        {
          reply (msg, 500, "{\"title\": \"Interne server fout.\", \"status\": 500}");
          return;
        }
      if (g_str_equal (bsn, BSN_HANGS))
        {
          /* Never answered: the client's timeout has to end it. */
          soup_server_message_pause (msg);
          return;
        }
      answer = g_strdup_printf ("{\"type\": \"RaadpleegMetBurgerservicenummer\", \"personen\": [%s]}",
                                found != NULL ? found : "");
      reply (msg, 200, answer);
    }
  else if (g_strcmp0 (type, "ZoekMetPostcodeEnHuisnummer") == 0)
    {
      const char *postcode = json_object_get_string_member (request, "postcode");
      gint64 number = json_object_get_int_member (request, "huisnummer");

      if (g_strcmp0 (postcode, "1012CD") == 0 && number == 5)
        reply (msg, 200, "{\"type\": \"ZoekMetPostcodeEnHuisnummer\", \"personen\": [" DE_GROOT_FATHER ", "
                         DE_GROOT_SON "]}");
      else
        reply (msg, 200, "{\"type\": \"ZoekMetPostcodeEnHuisnummer\", \"personen\": []}");
    }
  else
    reply (msg, 400, "{\"title\": \"Unknown type\", \"status\": 400}");
}

static gpointer
server_thread (gpointer data)
{
  Fixture *f = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (f->context);
  f->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (f->server, "/haalcentraal/api/brp/personen", personen_handler, f, NULL);
  g_assert_true (soup_server_listen_local (f->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (f->server);
  f->port = (guint) g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_mutex_lock (&f->lock);
  f->started = TRUE;
  g_cond_signal (&f->ready);
  g_mutex_unlock (&f->lock);

  g_main_loop_run (f->loop);

  soup_server_disconnect (f->server);
  g_clear_object (&f->server);
  g_main_context_pop_thread_default (f->context);
  return NULL;
}

static void
write_config (Fixture    *f,
              const char *extra)
{
  g_autofree char *text = g_strdup_printf ("[brp]\n"
                                           "url = http://127.0.0.1:%u/haalcentraal/api/brp/personen\n"
                                           "api-key-file = %s\n"
                                           "municipality-code = " MUNICIPALITY "\n"
                                           "timeout-seconds = 1\n"
                                           "max-concurrent = 2\n%s",
                                           f->port, f->key_file, extra != NULL ? extra : "");
  g_autoptr(GError) error = NULL;

  g_file_set_contents (f->config, text, -1, &error);
  g_assert_no_error (error);
}

static void
write_key (Fixture    *f,
           const char *key,
           int         mode)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (f->key_file, key, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (f->key_file, mode), ==, 0);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = dk_test_make_tmpdir ();
  f->db = g_build_filename (f->dir, "central.db", NULL);
  f->config = g_build_filename (f->dir, "sync.conf", NULL);
  f->key_file = g_build_filename (f->dir, "brp.key", NULL);

  store = dk_central_store_open (f->db, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  g_mutex_init (&f->lock);
  g_cond_init (&f->ready);
  f->context = g_main_context_new ();
  f->loop = g_main_loop_new (f->context, FALSE);
  f->thread = g_thread_new ("fake-brp", server_thread, f);
  g_mutex_lock (&f->lock);
  while (!f->started)
    g_cond_wait (&f->ready, &f->lock);
  g_mutex_unlock (&f->lock);

  write_key (f, API_KEY "\n", 0600);
  write_config (f, NULL);
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_main_context_invoke (f->context, quit_loop, f->loop);
  g_thread_join (f->thread);
  g_main_loop_unref (f->loop);
  g_main_context_unref (f->context);
  g_mutex_clear (&f->lock);
  g_cond_clear (&f->ready);

  dk_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
  g_free (f->config);
  g_free (f->key_file);
}

/* ---- the store ---- */

static void
add_signal (Fixture    *f,
            const char *id,
            const char *bsn,
            const char *given,
            const char *prefix,
            const char *family,
            const char *postcode,
            const char *number)
{
  g_autoptr(DkStore) store = dk_central_store_open (f->db, NULL);
  g_autofree char *key = g_compute_checksum_for_string (G_CHECKSUM_SHA256, id, -1);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  g_assert_nonnull (store);
  stmt = dk_store_prepare (store,
                           "INSERT INTO early_signal (id, identity_key, partner_type, signal_date, crisis, warm_handover,"
                           " bsn, given_names, name_prefix, family_name, postcode, house_number, import_id, source_name,"
                           " imported_at) VALUES (?1, ?2, 'Huur', '2026-03-01', 0, 0, ?3, ?4, ?5, ?6, ?7, ?8,"
                           " '01900000-0000-7000-8000-000000000001', 'test.csv', '2026-03-02T09:00:00.000Z')",
                           &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, bsn, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, given, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, prefix, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, family, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, postcode, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, number, -1, SQLITE_TRANSIENT);
  g_assert_true (dk_store_step_done (store, stmt, &error));
  g_assert_no_error (error);
}

static char *
query_text (Fixture    *f,
            const char *sql,
            const char *arg)
{
  g_autoptr(DkStore) store = dk_central_store_open (f->db, NULL);
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  char *value;

  g_assert_nonnull (store);
  stmt = dk_store_prepare (store, sql, &error);
  g_assert_no_error (error);
  if (arg != NULL)
    sqlite3_bind_text (stmt, 1, arg, -1, SQLITE_TRANSIENT);
  g_assert_true (dk_store_step_row (store, stmt, &has_row, &error));
  g_assert_true (has_row);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

static gint64
query_int (Fixture    *f,
           const char *sql,
           const char *arg)
{
  g_autofree char *text = query_text (f, sql, arg);

  return g_ascii_strtoll (text, NULL, 10);
}

/* ---- running the admin program ---- */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void G_GNUC_NULL_TERMINATED
run_admin (Fixture    *f,
           Run        *run,
           const char *first,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("DK_ADMIN_BINARY"));
  g_assert_nonnull (argv->pdata[0]);
  g_ptr_array_add (argv, "--config");
  g_ptr_array_add (argv, f->config);
  g_ptr_array_add (argv, "--database");
  g_ptr_array_add (argv, f->db);
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  run->status = g_subprocess_get_exit_status (proc);
}

static gint64
count_of (JsonArray  *rows,
          const char *outcome)
{
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);

      if (g_str_equal (json_object_get_string_member (row, "outcome"), outcome))
        return json_object_get_int_member (row, "signals");
    }
  return 0;
}

/* ---- tests ---- */

static void
test_outcomes (Fixture       *f,
               gconstpointer  data)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) again = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  JsonArray *rows;

  add_signal (f, "01900000-0000-7000-8000-00000000000a", BSN_AT_ADDRESS, "Sanne", NULL, "Visser", "1011 AB", "12");
  add_signal (f, "01900000-0000-7000-8000-00000000000b", BSN_DECEASED, "H.", NULL, "Bos", NULL, NULL);
  add_signal (f, "01900000-0000-7000-8000-00000000000c", BSN_MOVED, "Karim", "el", "Amrani", "1011 AB", "14");
  add_signal (f, "01900000-0000-7000-8000-00000000000d", BSN_UNKNOWN, "Piet", NULL, "Jansen", NULL, NULL);
  add_signal (f, "01900000-0000-7000-8000-00000000000e", NULL, "Johan", "de", "Groot", "1012 CD", "5");
  add_signal (f, "01900000-0000-7000-8000-00000000000f", NULL, "J.", NULL, "De Groot", "1012 CD", "5");
  add_signal (f, "01900000-0000-7000-8000-000000000010", NULL, "Anna", NULL, "Smit", "1013 EF", "8");

  run_admin (f, &run, "signals", "brp-check", "--json", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  rows = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpint (count_of (rows, "at_address"), ==, 2);
  g_assert_cmpint (count_of (rows, "deceased"), ==, 1);
  g_assert_cmpint (count_of (rows, "moved_away"), ==, 1);
  g_assert_cmpint (count_of (rows, "not_found"), ==, 2);
  g_assert_cmpint (count_of (rows, "uncertain"), ==, 1);

  /* Every request carried the key. */
  g_assert_cmpuint (f->n_requests, ==, 7);
  g_assert_cmpuint (f->n_bad_key, ==, 0);

  code = query_text (f, "SELECT ddas_code FROM early_signal_brp WHERE signal_id = ?1",
                     "01900000-0000-7000-8000-00000000000b");
  g_assert_cmpstr (code, ==, "Inwoner is overleden");
  g_clear_pointer (&code, g_free);
  code = query_text (f, "SELECT ddas_code FROM early_signal_brp WHERE signal_id = ?1",
                     "01900000-0000-7000-8000-00000000000c");
  g_assert_cmpstr (code, ==, "Persoon is geen inwoner (meer) in de gemeente");
  g_clear_pointer (&code, g_free);
  code = query_text (f, "SELECT review || ' ' || reason FROM early_signal_brp WHERE signal_id = ?1",
                     "01900000-0000-7000-8000-00000000000f");
  g_assert_cmpstr (code, ==, "pending two_candidates");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM early_signal_brp WHERE ddas_code IS NULL AND review = 'none'",
                              NULL), ==, 2);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'admin.signals.brp_check'", NULL), ==, 1);

  /* Checked signals are not asked again. */
  run_admin (f, &again, "signals", "brp-check", NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_nonnull (strstr (again.out, "Checked 0 signals"));
  g_assert_nonnull (strstr (again.out, "Every signal has been checked already."));
  g_assert_cmpuint (f->n_requests, ==, 7);
}

static void
test_review (Fixture       *f,
             gconstpointer  data)
{
  g_auto(Run) check = { 0 };
  g_auto(Run) list = { 0 };
  g_auto(Run) text = { 0 };
  g_auto(Run) bad_outcome = { 0 };
  g_auto(Run) uncertain = { 0 };
  g_auto(Run) resolve = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) not_pending = { 0 };
  g_auto(Run) empty = { 0 };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *row = NULL;
  const char *uncertain_id = "01900000-0000-7000-8000-00000000000f";
  const char *sure_id = "01900000-0000-7000-8000-00000000000e";
  JsonArray *rows;
  JsonObject *review;

  add_signal (f, sure_id, NULL, "Johan", "de", "Groot", "1012 CD", "5");
  add_signal (f, uncertain_id, NULL, "J.", NULL, "De Groot", "1012 CD", "5");
  add_signal (f, "01900000-0000-7000-8000-00000000000b", BSN_DECEASED, "H.", NULL, "Bos", NULL, NULL);
  run_admin (f, &check, "signals", "brp-check", NULL);
  g_assert_cmpint (check.status, ==, 0);

  /* The list names the signal, never the person. */
  run_admin (f, &list, "signals", "brp-review", "--json", NULL);
  g_assert_cmpstr (list.err, ==, "");
  g_assert_cmpint (list.status, ==, 0);
  json_parser_load_from_data (parser, list.out, -1, &error);
  g_assert_no_error (error);
  rows = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  review = json_array_get_object_element (rows, 0);
  g_assert_cmpstr (json_object_get_string_member (review, "signal_id"), ==, uncertain_id);
  g_assert_cmpstr (json_object_get_string_member (review, "signal_date"), ==, "2026-03-01");
  g_assert_cmpstr (json_object_get_string_member (review, "partner_type"), ==, "Huur");
  g_assert_cmpstr (json_object_get_string_member (review, "query"), ==, "address");
  g_assert_cmpstr (json_object_get_string_member (review, "reason"), ==, "two_candidates");
  g_assert_cmpuint (json_object_get_size (review), ==, 5);
  run_admin (f, &text, "signals", "brp-review", NULL);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_nonnull (strstr (text.out, uncertain_id));
  for (guint i = 0; i < 2; i++)
    {
      const char *out = i == 0 ? list.out : text.out;

      g_assert_null (strstr (out, "Groot"));
      g_assert_null (strstr (out, "1012"));
      g_assert_null (strstr (out, BSN_DECEASED));
    }

  /* An unknown outcome, and "uncertain", are no decision. */
  run_admin (f, &bad_outcome, "signals", "brp-resolve", uncertain_id, "moved", NULL);
  g_assert_cmpint (bad_outcome.status, ==, 2);
  g_assert_nonnull (strstr (bad_outcome.err, "Unknown outcome"));
  run_admin (f, &uncertain, "signals", "brp-resolve", uncertain_id, "uncertain", NULL);
  g_assert_cmpint (uncertain.status, ==, 2);
  row = query_text (f, "SELECT review FROM early_signal_brp WHERE signal_id = ?1", uncertain_id);
  g_assert_cmpstr (row, ==, "pending");
  g_clear_pointer (&row, g_free);

  run_admin (f, &resolve, "signals", "brp-resolve", uncertain_id, "address_unknown", NULL);
  g_assert_cmpstr (resolve.err, ==, "");
  g_assert_cmpint (resolve.status, ==, 0);
  row = query_text (f, "SELECT outcome || '|' || review || '|' || ddas_code FROM early_signal_brp WHERE signal_id = ?1",
                    uncertain_id);
  g_assert_cmpstr (row, ==, "address_unknown|resolved|Niet opgepakt: andere reden");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'admin.signals.brp_resolve'"
                              " AND subject_id = ?1", uncertain_id), ==, 1);

  /* Decided once; a signal that never needed a review is refused as well. */
  run_admin (f, &again, "signals", "brp-resolve", uncertain_id, "at_address", NULL);
  g_assert_cmpint (again.status, ==, 1);
  g_assert_nonnull (strstr (again.err, "no population register check waiting for review"));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM early_signal_brp WHERE signal_id = ?1"
                              " AND outcome = 'address_unknown'", uncertain_id), ==, 1);
  run_admin (f, &not_pending, "signals", "brp-resolve", sure_id, "moved_within", NULL);
  g_assert_cmpint (not_pending.status, ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'admin.signals.brp_resolve'", NULL), ==, 1);

  run_admin (f, &empty, "signals", "brp-review", NULL);
  g_assert_cmpint (empty.status, ==, 0);
  g_assert_nonnull (strstr (empty.out, "No population register check waits for review."));
}

static void
test_server_error (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  add_signal (f, "01900000-0000-7000-8000-000000000020", BSN_FAILS, "Sanne", NULL, "Visser", NULL, NULL);
  add_signal (f, "01900000-0000-7000-8000-000000000021", BSN_AT_ADDRESS, "Sanne", NULL, "Visser", "1011 AB", "12");

  run_admin (f, &run, "signals", "brp-check", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "1 signal could not be checked and stays unchecked"));
  g_assert_nonnull (strstr (run.err, "HTTP 500"));
  /* The failed one stays unchecked; the other is done. */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM early_signal_brp WHERE signal_id = ?1",
                              "01900000-0000-7000-8000-000000000020"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM early_signal_brp", NULL), ==, 1);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  add_signal (f, "01900000-0000-7000-8000-000000000030", BSN_HANGS, "Sanne", NULL, "Visser", NULL, NULL);

  run_admin (f, &run, "signals", "brp-check", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "did not answer in time"));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM early_signal_brp", NULL), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM audit WHERE action = 'admin.signals.brp_check'", NULL), ==, 0);
}

static void
test_refused_key (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(Run) run = { 0 };

  add_signal (f, "01900000-0000-7000-8000-000000000040", BSN_AT_ADDRESS, "Sanne", NULL, "Visser", "1011 AB", "12");
  add_signal (f, "01900000-0000-7000-8000-000000000041", BSN_MOVED, "Karim", NULL, "El Amrani", "1011 AB", "14");
  add_signal (f, "01900000-0000-7000-8000-000000000042", BSN_DECEASED, "Hendrik", NULL, "Bos", NULL, NULL);
  write_key (f, "wrong-key", 0600);

  run_admin (f, &run, "signals", "brp-check", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "refused the API key (HTTP 401)"));
  g_assert_cmpuint (f->n_bad_key, >=, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM early_signal_brp", NULL), ==, 0);
}

static void
test_configuration (Fixture       *f,
                    gconstpointer  data)
{
  g_auto(Run) readable = { 0 };
  g_auto(Run) missing = { 0 };
  g_autoptr(GError) error = NULL;

  add_signal (f, "01900000-0000-7000-8000-000000000050", BSN_AT_ADDRESS, "Sanne", NULL, "Visser", "1011 AB", "12");

  /* A key others may read is refused before any request. */
  write_key (f, API_KEY, 0644);
  run_admin (f, &readable, "signals", "brp-check", NULL);
  g_assert_cmpint (readable.status, ==, 1);
  g_assert_nonnull (strstr (readable.err, "may be read by others"));

  g_file_set_contents (f->config, "[logging]\nlevel = info\n", -1, &error);
  g_assert_no_error (error);
  run_admin (f, &missing, "signals", "brp-check", NULL);
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_nonnull (strstr (missing.err, "[brp] section"));

  g_assert_cmpuint (f->n_requests, ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM early_signal_brp", NULL), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/brp/outcomes", Fixture, NULL, fixture_setup, test_outcomes, fixture_teardown);
  g_test_add ("/brp/review", Fixture, NULL, fixture_setup, test_review, fixture_teardown);
  g_test_add ("/brp/server-error", Fixture, NULL, fixture_setup, test_server_error, fixture_teardown);
  g_test_add ("/brp/timeout", Fixture, NULL, fixture_setup, test_timeout, fixture_teardown);
  g_test_add ("/brp/refused-key", Fixture, NULL, fixture_setup, test_refused_key, fixture_teardown);
  g_test_add ("/brp/configuration", Fixture, NULL, fixture_setup, test_configuration, fixture_teardown);

  return g_test_run ();
}
