/* Randomised convergence of the sync protocol over real HTTP (issue 4): five clients make thousands of
 * offline edits (the same field on several devices, deletes, debt statuses, conflict resolutions) while
 * dossiers move between users, and sync in random order with random interruptions. At the end every
 * replica equals the server's view of its scope, and every edit is either in the server's history, kept
 * in a conflict record, or kept as refused in its device's outbox.
 *
 * DK_SYNC_SEED=N replays a run (the seed is printed at the start); DK_SYNC_EDITS=N sets the number of
 * edits (default 2000). */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/prctl.h>

#include <libsoup/soup.h>
#include <sodium.h>

#include "dk-auth.h"
#include "dk-central-store.h"
#include "dk-date.h"
#include "dk-domain-schema.h"
#include "dk-dossier-repo.h"
#include "dk-replica.h"
#include "dk-sync-client.h"
#include "dk-sync-protocol.h"
#include "dk-sync-registry.h"
#include "dk-sync-scope.h"
#include "dk-test-server.h"
#include "dk-test-util.h"
#include "dk-uuid.h"

#define PASSWORD "correct horse battery"
#define N_USERS 5
#define N_CLIENTS 5
#define BATCH_SIZE 3
#define PAGE_SIZE 4
#define DEFAULT_EDITS 2000
#define MAX_FINAL_ROUNDS 8

typedef struct
{
  const char *name;
  DkRole      role;
  gboolean    other_team;
} UserSpec;

/* dave is in another team: a dossier moved to him leaves every replica, the team lead's too. */
static const UserSpec user_specs[N_USERS] = {
  { "anna", DK_ROLE_FIELD_WORKER, FALSE },
  { "bram", DK_ROLE_FIELD_WORKER, FALSE },
  { "carla", DK_ROLE_DEBT_COUNSELLOR, FALSE },
  { "lotte", DK_ROLE_TEAM_LEAD, FALSE },
  { "dave", DK_ROLE_FIELD_WORKER, TRUE },
};

/* anna works on two devices. */
static const struct
{
  guint       user;
  const char *device;
} client_specs[N_CLIENTS] = {
  { 0, "Laptop" }, { 0, "Tablet" }, { 1, "Laptop" }, { 2, "Desktop" }, { 3, "Desktop" },
};

/* The fields the random edits change, as the UI will: free text and amounts, never a key. */
typedef struct
{
  const char *table;
  const char *field;
  gboolean    is_int;
} Editable;

static const Editable editables[] = {
  { "dossier", "number", FALSE },
  { "person", "given_names", FALSE },
  { "person", "family_name", FALSE },
  { "income", "net_cents", TRUE },
  { "income", "gross_cents", TRUE },
  { "income", "description", FALSE },
  { "debt", "current_cents", TRUE },
  { "debt", "original_cents", TRUE },
  { "debt", "creditor_name", FALSE },
  { "debt", "reference", FALSE },
};

static const char * const removable_tables[] = { "person", "income", "debt" };

typedef enum
{
  EDIT_FIELD,    /* a value set in a field */
  EDIT_DELETE,   /* a tombstone */
  EDIT_INSERT,   /* a new record */
  EDIT_RESOLVE,  /* a conflict resolved (record_id is the conflict's id) */
} EditKind;

typedef struct
{
  EditKind  kind;
  guint     client;
  guint     serial;
  char     *table;
  char     *record_id;
  char     *field;
  gboolean  is_int;
  gint64    int_value;
  char     *text_value;
  char     *change_id;   /* the outbox change the edit went out in */
} Edit;

static void
edit_free (gpointer data)
{
  Edit *edit = data;

  g_free (edit->table);
  g_free (edit->record_id);
  g_free (edit->field);
  g_free (edit->text_value);
  g_free (edit->change_id);
  g_free (edit);
}

typedef struct
{
  char         *user_id;
  char         *device_id;
  char         *token;
  char         *path;
  DkReplica    *replica;
  DkSyncClient *client;
} Client;

typedef struct
{
  guint32        seed;
  GRand         *rand;
  char          *dir;
  char          *db;
  DkStore       *central;    /* a second connection to the server's store, as an administrator's */
  DkTestServer  *server;
  SoupSession   *http;       /* for the requests whose answers get lost */
  char          *team_id;
  char          *user_ids[N_USERS];
  Client         clients[N_CLIENTS];
  GPtrArray     *edits;
  guint          serial;
  guint          n_dossiers;
  guint          status_day;
  /* what happened, for the summary */
  guint          n_syncs;
  guint          n_interrupted;
  guint          n_lost_answers;
  guint          n_lost_requests;
  guint          n_lost_pages;
  guint          n_reassigned;
  guint          n_same_field;
  guint          n_edits_during_sync;
} World;

/* ---- SQL helpers: ?1 … bound to the NULL-terminated strings ---- */

static sqlite3_stmt *
prepare_va (DkStore    *store,
            const char *sql,
            va_list     args)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, &error);
  const char *arg;
  int i = 1;

  g_assert_no_error (error);
  while ((arg = va_arg (args, const char *)) != NULL)
    sqlite3_bind_text (stmt, i++, arg, -1, SQLITE_TRANSIENT);
  return stmt;
}

static G_GNUC_NULL_TERMINATED gint64
query_int (DkStore    *store,
           const char *sql,
           ...)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gint64 value;
  va_list args;

  va_start (args, sql);
  stmt = prepare_va (store, sql, args);
  va_end (args);
  dk_store_step_row (store, stmt, &has_row, &error);
  g_assert_no_error (error);
  g_assert_true (has_row);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

/* The first column of the first row, or NULL without a row. */
static G_GNUC_NULL_TERMINATED char *
query_text (DkStore    *store,
            const char *sql,
            ...)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  char *value = NULL;
  va_list args;

  va_start (args, sql);
  stmt = prepare_va (store, sql, args);
  va_end (args);
  dk_store_step_row (store, stmt, &has_row, &error);
  g_assert_no_error (error);
  if (has_row)
    {
      value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_reset (stmt);
    }
  return value;
}

/* Every row's first column (or first two, joined by a tab), in order. */
static G_GNUC_NULL_TERMINATED GPtrArray *
query_column (DkStore    *store,
              const char *sql,
              ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  va_list args;

  va_start (args, sql);
  stmt = prepare_va (store, sql, args);
  va_end (args);
  while (dk_store_step_row (store, stmt, &has_row, &error) && has_row)
    {
      if (sqlite3_column_count (stmt) > 1)
        g_ptr_array_add (values, g_strdup_printf ("%s\t%s", sqlite3_column_text (stmt, 0),
                                                  sqlite3_column_text (stmt, 1)));
      else
        g_ptr_array_add (values, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
    }
  g_assert_no_error (error);
  return g_steal_pointer (&values);
}

static G_GNUC_NULL_TERMINATED void
exec (DkStore    *store,
      const char *sql,
      ...)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  va_list args;

  va_start (args, sql);
  stmt = prepare_va (store, sql, args);
  va_end (args);
  dk_store_step_done (store, stmt, &error);
  g_assert_no_error (error);
}

static DkStore *
client_store (World *w,
              guint  c)
{
  return dk_replica_get_store (w->clients[c].replica);
}

static guint
pick (World *w,
      guint  n)
{
  g_assert_cmpuint (n, >, 0);
  return (guint) g_rand_int_range (w->rand, 0, (gint32) n);
}

static gboolean
chance (World  *w,
        double  p)
{
  return g_rand_double (w->rand) < p;
}

/* ---- setup ---- */

static void
die_with_parent (gpointer user_data)
{
  /* A failed assertion aborts the test; the server must not outlive it (and keep its stderr open). */
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* The real draagkracht-sync on @db, on a free loopback port, as test-sync-process.c starts it. */
static DkTestServer *
start_server (const char *db)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  DkTestServer *server = g_new0 (DkTestServer, 1);
  const char *binary = g_getenv ("DK_SYNC_BINARY");
  const char *prefix = "draagkracht-sync listening on ";
  gsize len;

  g_assert_nonnull (binary);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->proc = g_subprocess_launcher_spawn (launcher, &error, binary, "--database", db, "--port", "0", NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->proc));
  line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_true (g_str_has_prefix (line, prefix));
  server->url = g_strdup (line + strlen (prefix));
  len = strlen (server->url);
  while (len > 0 && server->url[len - 1] == '/')
    server->url[--len] = '\0';
  return server;
}

static void
create_accounts (World *w)
{
  g_autoptr(DkServerConfig) config = dk_server_config_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  g_autofree char *other_team_id = NULL;
  DkAuthParams params;

  dk_auth_params_init (&params, config);
  /* The test is about sync, not about the cost of a password hash. */
  params.pwhash_opslimit = crypto_pwhash_OPSLIMIT_MIN;
  params.pwhash_memlimit = crypto_pwhash_MEMLIMIT_MIN;

  g_assert_true (dk_auth_create_team (w->central, "Team Noord", now, &w->team_id, &error));
  g_assert_no_error (error);
  g_assert_true (dk_auth_create_team (w->central, "Team Zuid", now, &other_team_id, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < N_USERS; i++)
    {
      g_assert_true (dk_auth_create_user (w->central, &params, user_specs[i].name, "Test User", user_specs[i].role,
                                          user_specs[i].other_team ? other_team_id : w->team_id, PASSWORD, now,
                                          &w->user_ids[i], &error));
      g_assert_no_error (error);
    }
}

static void
sign_in (World *w,
         guint  c)
{
  Client *client = &w->clients[c];
  g_autofree char *name = g_strdup_printf ("replica-%u.db", c);
  g_autoptr(DkSyncSession) session = NULL;
  g_autoptr(GError) error = NULL;

  client->client = dk_sync_client_new (w->server->url);
  dk_sync_client_set_batch_size (client->client, BATCH_SIZE);
  dk_sync_client_set_page_size (client->client, PAGE_SIZE);
  session = dk_sync_client_sign_in_sync (client->client, user_specs[client_specs[c].user].name, PASSWORD, NULL,
                                         client_specs[c].device, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (session->user_id, ==, w->user_ids[client_specs[c].user]);
  dk_sync_client_set_token (client->client, session->token);

  client->user_id = g_strdup (session->user_id);
  client->device_id = g_strdup (session->device_id);
  client->token = g_strdup (session->token);
  client->path = g_build_filename (w->dir, name, NULL);
  client->replica = dk_replica_open (client->path, &error);
  g_assert_no_error (error);
  dk_replica_bind_account (client->replica, client->user_id, client->device_id, &error);
  g_assert_no_error (error);
}

static void
world_setup (World *w)
{
  const char *seed = g_getenv ("DK_SYNC_SEED");
  g_autoptr(GError) error = NULL;

  w->seed = seed != NULL ? (guint32) g_ascii_strtoull (seed, NULL, 10) : g_random_int ();
  /* Printed first, so a failure later on can be replayed. */
  g_printerr ("# seed %" G_GUINT32_FORMAT " (replay with DK_SYNC_SEED=%" G_GUINT32_FORMAT ")\n", w->seed, w->seed);
  w->rand = g_rand_new_with_seed (w->seed);

  w->dir = dk_test_make_tmpdir ();
  /* Left behind when an assertion fails, for a look at the replicas and the server's change log. */
  g_test_message ("stores in %s", w->dir);
  w->db = g_build_filename (w->dir, "central.db", NULL);
  w->central = dk_central_store_open (w->db, &error);
  g_assert_no_error (error);
  create_accounts (w);

  w->server = start_server (w->db);
  w->http = soup_session_new ();
  w->edits = g_ptr_array_new_with_free_func (edit_free);
  for (guint c = 0; c < N_CLIENTS; c++)
    sign_in (w, c);
}

static void
world_teardown (World *w)
{
  for (guint c = 0; c < N_CLIENTS; c++)
    {
      Client *client = &w->clients[c];

      g_clear_object (&client->replica);
      g_clear_object (&client->client);
      g_free (client->user_id);
      g_free (client->device_id);
      g_free (client->token);
      g_free (client->path);
    }
  dk_test_server_stop (w->server);
  g_clear_pointer (&w->server, dk_test_server_free);
  g_clear_object (&w->http);
  g_clear_object (&w->central);
  for (guint i = 0; i < N_USERS; i++)
    g_free (w->user_ids[i]);
  g_free (w->team_id);
  g_ptr_array_unref (w->edits);
  g_rand_free (w->rand);
  dk_test_remove_tree (w->dir);
  g_free (w->dir);
  g_free (w->db);
}

/* ---- tracking edits ---- */

/* The change of the outbox that holds the record's latest value of @field (or its delete / insert):
 * the one the capture triggers folded the edit into. */
static char *
captured_change (World      *w,
                 guint       c,
                 const char *table,
                 const char *record_id,
                 const char *op,
                 const char *field)
{
  if (field != NULL)
    return query_text (client_store (w, c),
                       "SELECT change_id FROM sync_outbox WHERE record_table = ?1 AND record_id = ?2"
                       " AND state = 'pending' AND json_type (fields, '$.' || ?3) IS NOT NULL"
                       " ORDER BY seq_local DESC LIMIT 1",
                       table, record_id, field, NULL);
  return query_text (client_store (w, c),
                     "SELECT change_id FROM sync_outbox WHERE record_table = ?1 AND record_id = ?2"
                     " AND state = 'pending' AND op = ?3 ORDER BY seq_local DESC LIMIT 1",
                     table, record_id, op, NULL);
}

static Edit *
track (World      *w,
       EditKind    kind,
       guint       c,
       const char *table,
       const char *record_id,
       const char *field)
{
  Edit *edit = g_new0 (Edit, 1);

  edit->kind = kind;
  edit->client = c;
  edit->serial = ++w->serial;
  edit->table = g_strdup (table);
  edit->record_id = g_strdup (record_id);
  edit->field = g_strdup (field);
  g_ptr_array_add (w->edits, edit);
  return edit;
}

static void
track_insert (World      *w,
              guint       c,
              const char *table,
              const char *record_id)
{
  Edit *edit = track (w, EDIT_INSERT, c, table, record_id, NULL);

  edit->change_id = captured_change (w, c, table, record_id, "insert", NULL);
  g_assert_nonnull (edit->change_id);
}

/* ---- local edits, as the UI makes them ---- */

static GDate
next_date (World *w)
{
  GDate date = dk_date_ymd (2026, 1, 5);

  g_date_add_days (&date, ++w->status_day);
  return date;
}

/* Live (not tombstoned) ids of @table in client @c's replica, in the order they were written there. */
static GPtrArray *
live_ids (World      *w,
          guint       c,
          const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM %s WHERE removed_at IS NULL ORDER BY rowid", table);

  return query_column (client_store (w, c), sql, NULL);
}

static char *
pick_live (World      *w,
           guint       c,
           const char *table)
{
  g_autoptr(GPtrArray) ids = live_ids (w, c, table);

  if (ids->len == 0)
    return NULL;
  return g_strdup (ids->pdata[pick (w, ids->len)]);
}

static void
add_income (World      *w,
            guint       c,
            const char *dossier_id)
{
  g_autofree char *person_id = query_text (client_store (w, c),
                                           "SELECT id FROM person WHERE dossier_id = ?1 AND removed_at IS NULL"
                                           " ORDER BY rowid LIMIT 1", dossier_id, NULL);
  g_autoptr(DkIncome) income = NULL;
  g_autofree char *income_id = NULL;
  g_autoptr(GError) error = NULL;
  GDate from = dk_date_ymd (2026, 1, 5);

  if (person_id == NULL)
    return;
  income = dk_income_new (person_id, DK_INCOME_SOURCE_BENEFIT, 100000 + ++w->serial, DK_INCOME_PERIOD_MONTH, &from);
  if (!dk_dossier_repo_add_income (client_store (w, c), dossier_id, income, &income_id, &error))
    {
      g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
      return;
    }
  track_insert (w, c, "income", income_id);
}

static void
add_debt (World      *w,
          guint       c,
          const char *dossier_id)
{
  g_autofree char *creditor = g_strdup_printf ("Creditor %u", ++w->serial);
  g_autoptr(DkDebt) debt = dk_debt_new (creditor, 50000 + w->serial, DK_DEBT_TYPE_UTILITY,
                                        DK_CONTRACTING_PARTY_CLIENT);
  g_autofree char *debt_id = NULL;
  g_autoptr(GError) error = NULL;
  GDate listed = next_date (w);

  g_assert_true (dk_debt_append_status (debt, DK_DEBT_STATUS_REGISTERED, &listed, NULL, &error));
  if (!dk_dossier_repo_add_debt (client_store (w, c), dossier_id, debt, &debt_id, &error))
    {
      g_assert_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND);
      return;
    }
  track_insert (w, c, "debt", debt_id);
}

static void
op_create_dossier (World *w,
                   guint  c)
{
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_person_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *number = g_strdup_printf ("C-%05u", ++w->n_dossiers);
  g_autofree char *given = g_strdup_printf ("Given %u", ++w->serial);
  g_autofree char *family = g_strdup_printf ("Family %u", w->serial);
  g_autofree char *dossier_id = NULL;
  GDate birth = dk_date_ymd (1990, 5, 17);
  GDate opened = dk_date_ymd (2026, 1, 5);
  DkPerson *person = dk_person_new (DK_PERSON_ROLE_CLIENT, given, NULL, family, &birth);

  g_ptr_array_add (persons, person);
  g_assert_true (dk_dossier_repo_create (client_store (w, c), number, &opened, persons, NULL, &dossier_id, &error));
  g_assert_no_error (error);
  track_insert (w, c, "dossier", dossier_id);
  track_insert (w, c, "person", person->id);
  add_income (w, c, dossier_id);
  add_debt (w, c, dossier_id);
}

static void
op_add_record (World *w,
               guint  c)
{
  g_autofree char *dossier_id = pick_live (w, c, "dossier");

  if (dossier_id == NULL)
    return;
  if (chance (w, 0.5))
    add_income (w, c, dossier_id);
  else
    add_debt (w, c, dossier_id);
}

/* Sets @e's field of @record_id on client @c to a value never used before, and tracks the edit. */
static void
edit_field (World          *w,
            guint           c,
            const Editable *e,
            const char     *record_id)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET %s = ?1 WHERE id = ?2", e->table, e->field);
  g_autoptr(GError) error = NULL;
  DkStore *store = client_store (w, c);
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, &error);
  Edit *edit = track (w, EDIT_FIELD, c, e->table, record_id, e->field);

  g_assert_no_error (error);
  edit->is_int = e->is_int;
  if (e->is_int)
    {
      edit->int_value = 100000 + edit->serial;
      sqlite3_bind_int64 (stmt, 1, edit->int_value);
    }
  else
    {
      edit->text_value = g_strdup_printf ("v%u", edit->serial);
      sqlite3_bind_text (stmt, 1, edit->text_value, -1, SQLITE_TRANSIENT);
    }
  sqlite3_bind_text (stmt, 2, record_id, -1, SQLITE_TRANSIENT);
  dk_store_step_done (store, stmt, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_changes (dk_store_get_db (store)), ==, 1);

  /* Captured in the same statement: the outbox holds the value. */
  edit->change_id = captured_change (w, c, e->table, record_id, NULL, e->field);
  g_assert_nonnull (edit->change_id);
}

static void
op_edit (World *w,
         guint  c)
{
  const Editable *e = &editables[pick (w, G_N_ELEMENTS (editables))];
  g_autofree char *record_id = pick_live (w, c, e->table);

  if (record_id != NULL)
    edit_field (w, c, e, record_id);
}

/* The same field of one record changed on two or three devices before any of them syncs. */
static void
op_same_field (World *w)
{
  const Editable *e = &editables[pick (w, G_N_ELEMENTS (editables))];
  g_autofree char *record_id = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s WHERE id = ?1 AND removed_at IS NULL", e->table);
  guint holders[N_CLIENTS];
  guint n_holders = 0;
  guint n_editors;

  /* The team lead sees every dossier of the team. */
  record_id = pick_live (w, N_CLIENTS - 1, e->table);
  if (record_id == NULL)
    return;
  for (guint c = 0; c < N_CLIENTS; c++)
    if (query_int (client_store (w, c), sql, record_id, NULL) == 1)
      holders[n_holders++] = c;
  if (n_holders < 2)
    return;

  /* A random few of them, in random order. */
  for (guint i = n_holders - 1; i > 0; i--)
    {
      guint j = pick (w, i + 1);
      guint tmp = holders[i];

      holders[i] = holders[j];
      holders[j] = tmp;
    }
  n_editors = 2 + pick (w, 2);
  n_editors = MIN (n_holders, n_editors);
  for (guint i = 0; i < n_editors; i++)
    edit_field (w, holders[i], e, record_id);
  w->n_same_field++;
}

static void
op_delete (World *w,
           guint  c)
{
  const char *table = chance (w, 0.15) ? "person" : removable_tables[1 + pick (w, 2)];
  g_autofree char *record_id = pick_live (w, c, table);
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET removed_at = strftime ('%%Y-%%m-%%dT%%H:%%M:%%fZ', 'now')"
                                          " WHERE id = ?1", table);
  Edit *edit;

  if (record_id == NULL)
    return;
  exec (client_store (w, c), sql, record_id, NULL);
  edit = track (w, EDIT_DELETE, c, table, record_id, NULL);
  edit->change_id = captured_change (w, c, table, record_id, "delete", NULL);
  g_assert_nonnull (edit->change_id);
}

static void
op_add_status (World *w,
               guint  c)
{
  static const DkDebtStatus statuses[] = {
    DK_DEBT_STATUS_REGISTERED, DK_DEBT_STATUS_CONFIRMED, DK_DEBT_STATUS_IN_SETTLEMENT, DK_DEBT_STATUS_PAID,
    DK_DEBT_STATUS_WRITTEN_OFF,
  };
  g_autofree char *debt_id = pick_live (w, c, "debt");
  g_autofree char *status_id = NULL;
  g_autoptr(GError) error = NULL;
  GDate date = next_date (w);

  if (debt_id == NULL)
    return;
  if (!dk_dossier_repo_add_debt_status (client_store (w, c), debt_id, statuses[pick (w, G_N_ELEMENTS (statuses))],
                                        &date, NULL, &status_id, &error))
    {
      /* The same status again: the UI would not offer it. */
      g_assert_error (error, DK_DEBT_ERROR, DK_DEBT_ERROR_SAME_STATUS);
      return;
    }
  track_insert (w, c, "debt_status", status_id);
}

/* A person picks one value of a conflict: the other one (a field update, which the resolution names) or
 * the current one (the resolution names a change of its own). */
static void
op_resolve (World *w,
            guint  c)
{
  g_autoptr(GPtrArray) open = query_column (client_store (w, c),
                                            "SELECT id FROM conflict WHERE resolved_at IS NULL ORDER BY rowid", NULL);
  g_autofree char *conflict_id = NULL;
  g_autofree char *table = NULL;
  g_autofree char *record_id = NULL;
  g_autofree char *field = NULL;
  g_autofree char *kind = NULL;
  g_autofree char *by = NULL;
  const Editable *e = NULL;
  DkStore *store = client_store (w, c);

  if (open->len == 0)
    return;
  conflict_id = g_strdup (open->pdata[pick (w, open->len)]);
  table = query_text (store, "SELECT record_table FROM conflict WHERE id = ?1", conflict_id, NULL);
  record_id = query_text (store, "SELECT record_id FROM conflict WHERE id = ?1", conflict_id, NULL);
  field = query_text (store, "SELECT field FROM conflict WHERE id = ?1", conflict_id, NULL);
  kind = query_text (store, "SELECT kind FROM conflict WHERE id = ?1", conflict_id, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (editables); i++)
    if (g_str_equal (editables[i].table, table) && g_str_equal (editables[i].field, field))
      e = &editables[i];

  if (g_str_equal (kind, "concurrent_edit") && e != NULL && chance (w, 0.5))
    {
      g_autofree char *live = g_strdup_printf ("SELECT count (*) FROM %s WHERE id = ?1 AND removed_at IS NULL", table);
      g_autofree char *take = g_strdup_printf ("UPDATE %s SET %s = (SELECT json_extract (other_json, '$')"
                                               " FROM conflict WHERE id = ?1) WHERE id = ?2", table, field);

      if (query_int (store, live, record_id, NULL) == 1)
        {
          g_autofree char *change_id = NULL;

          exec (store, take, conflict_id, record_id, NULL);
          change_id = captured_change (w, c, table, record_id, NULL, field);
          /* Nothing is captured when the field already holds the other value. */
          if (change_id != NULL &&
              query_int (store,
                         "SELECT count (*) FROM sync_outbox AS o, conflict AS k WHERE o.change_id = ?1 AND k.id = ?2"
                         " AND json_extract (o.fields, '$.' || k.field) IS json_extract (k.other_json, '$')",
                         change_id, conflict_id, NULL) == 1)
            {
              Edit *edit = track (w, EDIT_FIELD, c, table, record_id, field);

              edit->is_int = e->is_int;
              if (e->is_int)
                edit->int_value = query_int (store, "SELECT json_extract (other_json, '$') FROM conflict WHERE id = ?1",
                                             conflict_id, NULL);
              else
                edit->text_value = query_text (store, "SELECT json_extract (other_json, '$') FROM conflict"
                                                      " WHERE id = ?1", conflict_id, NULL);
              edit->change_id = g_steal_pointer (&change_id);
              by = g_strdup (edit->change_id);
            }
        }
    }
  if (by == NULL)
    by = dk_uuid_new ();

  exec (store,
        "UPDATE conflict SET resolved_by_change = ?2, resolved_at = strftime ('%Y-%m-%dT%H:%M:%fZ', 'now')"
        " WHERE id = ?1",
        conflict_id, by, NULL);
  track (w, EDIT_RESOLVE, c, "conflict", conflict_id, NULL);
}

/* ---- the administrator moves a dossier to someone else ---- */

static void
op_reassign (World *w)
{
  g_autoptr(GPtrArray) dossiers = query_column (w->central, "SELECT id FROM dossier ORDER BY rowid", NULL);
  g_autofree char *dossier_id = NULL;
  g_autofree char *id = dk_uuid_new ();
  g_autofree char *now = NULL;
  const char *user_id;

  if (dossiers->len == 0)
    return;
  dossier_id = g_strdup (dossiers->pdata[pick (w, dossiers->len)]);
  user_id = w->user_ids[pick (w, N_USERS)];
  if (query_int (w->central,
                 "SELECT count (*) FROM assignment WHERE dossier_id = ?1 AND user_id = ?2 AND assigned_until IS NULL",
                 dossier_id, user_id, NULL) > 0)
    return;

  /* assigned_until must lie after assigned_from, which may be this very millisecond. */
  g_usleep (2000);
  now = dk_domain_timestamp_now ();
  exec (w->central,
        "UPDATE assignment SET assigned_until = ?2, updated_at = ?2 WHERE dossier_id = ?1 AND assigned_until IS NULL",
        dossier_id, now, NULL);
  exec (w->central,
        "INSERT INTO assignment (id, user_id, dossier_id, assigned_from, created_at, updated_at)"
        " VALUES (?1, ?2, ?3, ?4, ?4, ?4)",
        id, user_id, dossier_id, now, NULL);
  w->n_reassigned++;
}

/* ---- syncing, with interruptions ---- */

typedef struct
{
  World        *w;
  guint         c;
  gboolean      edits;       /* the user keeps working while the sync runs */
  GCancellable *cancellable;
  guint         calls;
  guint         cancel_at;   /* 0: never */
} Interrupt;

static void
on_progress (const DkSyncReport *so_far,
             gpointer            user_data)
{
  Interrupt *interrupt = user_data;
  World *w = interrupt->w;

  /* Between two batches or pages, as the UI may write while a worker syncs: an edit can then land
   * between the push and a pull page that overwrites the field, snapshots or purges the dossier. */
  if (interrupt->edits && chance (w, 0.1))
    {
      double roll = g_rand_double (w->rand);

      if (roll < 0.7)
        op_edit (w, interrupt->c);
      else if (roll < 0.85)
        op_delete (w, interrupt->c);
      else
        op_add_status (w, interrupt->c);
      w->n_edits_during_sync++;
    }

  if (++interrupt->calls == interrupt->cancel_at)
    g_cancellable_cancel (interrupt->cancellable);
}

/* One run of the client; with @cancel_at > 0 it is stopped after that many batches and pages. Returns
 * how many changes it pushed and pull entries it applied. */
static guint
run_sync (World    *w,
          guint     c,
          guint     cancel_at,
          gboolean  edits)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Interrupt interrupt = { w, c, edits, cancellable, 0, cancel_at };
  DkSyncReport report = { 0 };

  w->n_syncs++;
  if (!dk_sync_client_run_sync (w->clients[c].client, w->clients[c].replica, on_progress, &interrupt, &report,
                                cancellable, &error))
    {
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      w->n_interrupted++;
    }
  g_assert_false (report.resynced);
  return report.pushed + report.pulled;
}

static JsonNode *
send_raw (World      *w,
          guint       c,
          const char *method,
          const char *path,
          JsonNode   *body)
{
  g_autofree char *uri = g_strconcat (w->server->url, path, NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", w->clients[c].token, NULL);
  g_autofree char *protocol = g_strdup_printf ("%d", DK_SYNC_PROTOCOL_VERSION);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  const char *data;
  gsize size = 0;

  soup_message_headers_replace (headers, "Draagkracht-Protocol", protocol);
  soup_message_headers_replace (headers, "Authorization", bearer);
  if (body != NULL)
    {
      char *text = json_to_string (body, FALSE);

      soup_message_set_request_body_from_bytes (msg, "application/json", g_bytes_new_take (text, strlen (text)));
    }
  answer = soup_session_send_and_read (w->http, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  parser = json_parser_new ();
  data = g_bytes_get_data (answer, &size);
  g_assert_true (json_parser_load_from_data (parser, data, (gssize) size, &error));
  g_assert_no_error (error);
  return json_parser_steal_root (parser);
}

/* The next batch goes out and the server applies it, but its answer never arrives: the changes stay
 * sent, and the next run sends them again under the same change_ids. */
static void
lose_push_answer (World *w,
                  guint  c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = dk_replica_take_batch (w->clients[c].replica, BATCH_SIZE, &error);
  g_autoptr(JsonNode) answer = NULL;

  g_assert_no_error (error);
  if (request == NULL)
    return;
  answer = send_raw (w, c, SOUP_METHOD_POST, "/v1/push", request);
  g_assert_nonnull (answer);
  w->n_lost_answers++;
}

/* The batch is taken but the connection drops before the server reads it. */
static void
lose_push_request (World *w,
                   guint  c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) request = dk_replica_take_batch (w->clients[c].replica, BATCH_SIZE, &error);

  g_assert_no_error (error);
  if (request != NULL)
    w->n_lost_requests++;
}

/* A pull page the server sent (and recorded as sent) that never reaches the replica. Not while changes
 * wait for their answers: the client pulls only after its push went through (pending changes are
 * edits made after the page was lost). */
static void
lose_pull_page (World *w,
                guint  c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) page = NULL;
  g_autofree char *path = NULL;
  DkOutboxCounts counts;
  gint64 cursor = 0;

  dk_replica_count_outbox (w->clients[c].replica, &counts, &error);
  g_assert_no_error (error);
  if (counts.sent > 0)
    return;
  dk_replica_get_cursor (w->clients[c].replica, &cursor, &error);
  g_assert_no_error (error);
  path = g_strdup_printf ("/v1/pull?cursor=%" G_GINT64_FORMAT "&limit=%u", cursor, PAGE_SIZE);
  page = send_raw (w, c, SOUP_METHOD_GET, path, NULL);
  g_assert_nonnull (page);
  w->n_lost_pages++;
}

static void
op_sync (World *w,
         guint  c)
{
  double roll = g_rand_double (w->rand);

  if (roll < 0.1)
    lose_push_answer (w, c);
  else if (roll < 0.17)
    lose_push_request (w, c);
  else if (roll < 0.25)
    lose_pull_page (w, c);
  else
    {
      run_sync (w, c, chance (w, 0.5) ? 1 + pick (w, 6) : 0, TRUE);
      return;
    }
  if (chance (w, 0.5))
    run_sync (w, c, 0, TRUE);
}

/* ---- the checks ---- */

/* Every row of @table in @dossiers (sorted), field by field, as JSON. */
static void
dump_table (DkStore           *store,
            const DkSyncTable *table,
            GPtrArray         *dossiers,
            GString           *out)
{
  g_autoptr(GString) sql = g_string_new ("SELECT ");

  for (gsize i = 0; i < table->n_fields; i++)
    g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", table->fields[i].column);
  g_string_append_printf (sql, " FROM %s WHERE %s = ?1 ORDER BY id", table->name, table->dossier_column);

  for (guint d = 0; d < dossiers->len; d++)
    {
      g_autoptr(GError) error = NULL;
      sqlite3_stmt *stmt = dk_store_prepare (store, sql->str, &error);
      gboolean has_row = FALSE;

      g_assert_no_error (error);
      sqlite3_bind_text (stmt, 1, dossiers->pdata[d], -1, SQLITE_TRANSIENT);
      while (dk_store_step_row (store, stmt, &has_row, &error) && has_row)
        {
          g_string_append_printf (out, "%s", table->name);
          for (gsize i = 0; i < table->n_fields; i++)
            {
              g_autoptr(JsonNode) value = dk_sync_field_read (&table->fields[i], stmt, (int) i);
              g_autofree char *json = json_to_string (value, FALSE);

              g_string_append_printf (out, " %s=%s", table->fields[i].name, json);
            }
          g_string_append_c (out, '\n');
        }
      g_assert_no_error (error);
    }
}

static gint
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
join_sorted (GPtrArray *lines)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_ptr_array_sort (lines, compare_strings);
  for (guint i = 0; i < lines->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) lines->pdata[i]);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* The server's field versions of the records in @dossiers. */
static char *
server_versions (World     *w,
                 GPtrArray *dossiers)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  const DkSyncTable *tables;
  gsize n_tables = 0;

  tables = dk_sync_registry_tables (&n_tables);
  for (gsize t = 0; t < n_tables; t++)
    {
      g_autofree char *sql = NULL;

      if (!dk_sync_table_is_versioned (&tables[t]))
        continue;
      sql = g_strdup_printf ("SELECT f.record_id || ' ' || f.field, f.seq FROM field_version AS f JOIN %s AS r"
                             " ON r.id = f.record_id WHERE f.record_table = ?1 AND r.%s = ?2",
                             tables[t].name, tables[t].dossier_column);
      for (guint d = 0; d < dossiers->len; d++)
        {
          g_autoptr(GPtrArray) rows = query_column (w->central, sql, tables[t].name, dossiers->pdata[d], NULL);

          for (guint i = 0; i < rows->len; i++)
            g_ptr_array_add (lines, g_strdup_printf ("%s %s", tables[t].name, (const char *) rows->pdata[i]));
        }
    }
  return join_sorted (lines);
}

static char *
replica_versions (World *w,
                  guint  c)
{
  g_autoptr(GPtrArray) rows = query_column (client_store (w, c),
                                            "SELECT record_table || ' ' || record_id || ' ' || field, seq"
                                            " FROM sync_field", NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (lines, g_strdup (rows->pdata[i]));
  return join_sorted (lines);
}

static void
check_outbox (World *w,
              guint  c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) reasons = NULL;
  DkOutboxCounts counts;

  dk_replica_count_outbox (w->clients[c].replica, &counts, &error);
  g_assert_no_error (error);
  g_test_message ("client %u outbox: %u conflict, %u refused", c, counts.conflict, counts.refused);
  g_assert_cmpuint (counts.pending, ==, 0);
  g_assert_cmpuint (counts.sent, ==, 0);
  /* An applied change leaves once a pull brought it back. */
  g_assert_cmpuint (counts.applied, ==, 0);
  /* The only refusal a correct client meets: an edit into a dossier that moved away. */
  reasons = query_column (client_store (w, c),
                          "SELECT coalesce (json_extract (answer, '$.reason'), '?') FROM sync_outbox WHERE state = 'refused'",
                          NULL);
  for (guint i = 0; i < reasons->len; i++)
    g_assert_cmpstr (reasons->pdata[i], ==, "out-of-scope");
}

/* Fails with only the lines that differ (a whole table would drown them). */
static void
assert_same_lines (World      *w,
                   guint       c,
                   const char *what,
                   const char *replica,
                   const char *server)
{
  g_auto(GStrv) replica_lines = NULL;
  g_auto(GStrv) server_lines = NULL;
  guint n_replica, n_server;

  if (g_strcmp0 (replica, server) == 0)
    return;
  replica_lines = g_strsplit (replica, "\n", -1);
  server_lines = g_strsplit (server, "\n", -1);
  n_replica = g_strv_length (replica_lines);
  n_server = g_strv_length (server_lines);
  g_printerr ("# client %u: %s differs from the server (seed %" G_GUINT32_FORMAT ")\n", c, what, w->seed);
  for (guint i = 0; i < MAX (n_replica, n_server); i++)
    if (i >= n_replica || i >= n_server || !g_str_equal (replica_lines[i], server_lines[i]))
      {
        g_printerr ("#   replica: %s\n#   server:  %s\n", i < n_replica ? replica_lines[i] : "(none)",
                    i < n_server ? server_lines[i] : "(none)");
        break;
      }
  g_assert_cmpstr (replica, ==, server);
}

/* The replica holds exactly the dossiers the server says its device holds, each as the server has it. */
static void
check_replica (World *w,
               guint  c)
{
  Client *client = &w->clients[c];
  DkStore *store = client_store (w, c);
  g_autoptr(GPtrArray) held = query_column (w->central,
                                            "SELECT dossier_id FROM device_scope WHERE device_id = ?1"
                                            " AND purge_seq IS NULL ORDER BY dossier_id",
                                            client->device_id, NULL);
  g_autoptr(GPtrArray) scope = NULL;
  g_autoptr(GPtrArray) local = query_column (store, "SELECT id FROM dossier ORDER BY id", NULL);
  g_autoptr(GHashTable) held_set = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *now = dk_domain_timestamp_now ();
  g_autofree char *server_fields = NULL;
  g_autofree char *replica_fields = NULL;
  const DkSyncTable *tables;
  gsize n_tables = 0;
  DkAuthPrincipal who = {
    client->user_id, user_specs[client_specs[c].user].role,
    user_specs[client_specs[c].user].other_team ? NULL : w->team_id, client->device_id, NULL,
  };

  /* What the device holds is what its user may see now. */
  scope = dk_sync_scope_list (w->central, &who, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (held->len, ==, scope->len);
  for (guint i = 0; i < held->len; i++)
    g_assert_cmpstr (held->pdata[i], ==, scope->pdata[i]);
  g_assert_cmpuint (local->len, ==, held->len);
  for (guint i = 0; i < held->len; i++)
    {
      g_assert_cmpstr (local->pdata[i], ==, held->pdata[i]);
      g_hash_table_add (held_set, held->pdata[i]);
    }
  g_test_message ("client %u holds %u dossiers", c, held->len);

  tables = dk_sync_registry_tables (&n_tables);
  for (gsize t = 0; t < n_tables; t++)
    {
      g_autoptr(GString) server_rows = g_string_new (NULL);
      g_autoptr(GString) replica_rows = g_string_new (NULL);
      g_autofree char *sql = g_strdup_printf ("SELECT DISTINCT %s FROM %s", tables[t].dossier_column, tables[t].name);
      g_autoptr(GPtrArray) dossiers = query_column (store, sql, NULL);

      /* No row of another dossier lingers. */
      for (guint i = 0; i < dossiers->len; i++)
        g_assert_true (g_hash_table_contains (held_set, dossiers->pdata[i]));

      dump_table (w->central, &tables[t], held, server_rows);
      dump_table (store, &tables[t], held, replica_rows);
      assert_same_lines (w, c, tables[t].name, replica_rows->str, server_rows->str);
    }

  server_fields = server_versions (w, held);
  replica_fields = replica_versions (w, c);
  assert_same_lines (w, c, "sync_field", replica_fields, server_fields);
}

static gboolean
value_found (DkStore    *store,
             const char *sql,
             const Edit *edit)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, &error);
  gboolean has_row = FALSE;
  gboolean found;

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, edit->table, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, edit->record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, edit->field, -1, SQLITE_TRANSIENT);
  if (edit->is_int)
    sqlite3_bind_int64 (stmt, 4, edit->int_value);
  else
    sqlite3_bind_text (stmt, 4, edit->text_value, -1, SQLITE_TRANSIENT);
  dk_store_step_row (store, stmt, &has_row, &error);
  g_assert_no_error (error);
  g_assert_true (has_row);
  found = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  return found;
}

static gboolean
refused_here (World      *w,
              const Edit *edit)
{
  return query_int (client_store (w, edit->client),
                    "SELECT count (*) FROM sync_outbox WHERE change_id = ?1 AND state = 'refused'",
                    edit->change_id, NULL) == 1;
}

static void
lost (World      *w,
      const Edit *edit,
      const char *what)
{
  g_printerr ("# edit %u of client %u lost (seed %" G_GUINT32_FORMAT "): %s %s.%s change %s: %s\n",
              edit->serial, edit->client, w->seed, edit->table, edit->record_id,
              edit->field != NULL ? edit->field : "-", edit->change_id != NULL ? edit->change_id : "-", what);
  g_assert_not_reached ();
}

/* Every edit is in the server's history, in a conflict record, or refused in its device's outbox;
 * except a value overwritten on the same device before it was sent (folded into the same change). */
static void
check_no_edit_lost (World *w)
{
  g_autoptr(GHashTable) last = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_superseded = 0, n_history = 0, n_conflict = 0, n_refused = 0;

  for (guint i = 0; i < w->edits->len; i++)
    {
      const Edit *edit = w->edits->pdata[i];

      if (edit->kind == EDIT_FIELD)
        g_hash_table_insert (last, g_strdup_printf ("%s/%s", edit->change_id, edit->field),
                             GUINT_TO_POINTER (edit->serial));
    }

  for (guint i = 0; i < w->edits->len; i++)
    {
      const Edit *edit = w->edits->pdata[i];

      /* Every change that went out was answered and logged, refusals included. */
      if (edit->change_id != NULL &&
          query_int (w->central, "SELECT count (*) FROM change_log WHERE change_id = ?1", edit->change_id, NULL) != 1)
        lost (w, edit, "its change is not in the server's change log");

      switch (edit->kind)
        {
        case EDIT_FIELD:
          {
            g_autofree char *key = g_strdup_printf ("%s/%s", edit->change_id, edit->field);

            if (GPOINTER_TO_UINT (g_hash_table_lookup (last, key)) != edit->serial)
              n_superseded++;
            else if (value_found (w->central,
                                  "SELECT EXISTS (SELECT 1 FROM change_log WHERE record_table = ?1 AND record_id = ?2"
                                  " AND fields IS NOT NULL AND json_extract (fields, '$.' || ?3) = ?4)", edit))
              n_history++;
            else if (value_found (w->central,
                                  "SELECT EXISTS (SELECT 1 FROM conflict WHERE record_table = ?1 AND record_id = ?2"
                                  " AND field = ?3 AND json_extract (other_json, '$') = ?4)", edit))
              n_conflict++;
            else if (refused_here (w, edit) &&
                     value_found (client_store (w, edit->client),
                                  "SELECT EXISTS (SELECT 1 FROM sync_outbox WHERE state = 'refused'"
                                  " AND record_table = ?1 AND record_id = ?2"
                                  " AND json_extract (fields, '$.' || ?3) = ?4)", edit))
              n_refused++;
            else
              lost (w, edit, "the value is in no history, conflict or refused change");
          }
          break;

        case EDIT_DELETE:
          {
            g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s WHERE id = ?1 AND removed_at IS NOT NULL",
                                                    edit->table);

            if (query_int (w->central, sql, edit->record_id, NULL) == 1)
              n_history++;
            else if (query_int (w->central,
                                "SELECT count (*) FROM conflict WHERE record_id = ?1 AND field = 'removed_at'"
                                " AND kind = 'delete_outdated' AND other_change_id = ?2",
                                edit->record_id, edit->change_id, NULL) == 1)
              n_conflict++;
            else if (refused_here (w, edit))
              n_refused++;
            else
              lost (w, edit, "the record is not deleted and no conflict keeps the delete");
          }
          break;

        case EDIT_INSERT:
          {
            g_autofree char *sql = g_strdup_printf ("SELECT count (*) FROM %s WHERE id = ?1", edit->table);

            if (query_int (w->central, sql, edit->record_id, NULL) == 1)
              n_history++;
            else if (refused_here (w, edit))
              n_refused++;
            else
              lost (w, edit, "the record is not on the server");
          }
          break;

        case EDIT_RESOLVE:
          /* The first resolution stands; a later one on another device writes nothing (PROTOCOL.md). */
          if (query_int (w->central, "SELECT count (*) FROM conflict WHERE id = ?1 AND resolved_at IS NOT NULL",
                         edit->record_id, NULL) != 1)
            lost (w, edit, "the conflict is not resolved on the server");
          n_history++;
          break;

        default:
          g_assert_not_reached ();
        }
    }

  g_test_message ("%u edits: %u in the history, %u in conflicts, %u refused, %u overwritten before they were sent",
                  w->edits->len, n_history, n_conflict, n_refused, n_superseded);
}

/* ---- the run ---- */

static guint
edit_budget (void)
{
  const char *text = g_getenv ("DK_SYNC_EDITS");
  guint64 n = text != NULL ? g_ascii_strtoull (text, NULL, 10) : DEFAULT_EDITS;

  return n > 0 ? (guint) n : DEFAULT_EDITS;
}

static void
test_convergence (void)
{
  World world = { 0 };
  World *w = &world;
  guint budget = edit_budget ();
  guint round;

  world_setup (w);

  /* Everyone starts with a dossier or two, and every device with what it may see. */
  for (guint c = 0; c < N_CLIENTS; c++)
    {
      op_create_dossier (w, c);
      if (c != 1)
        op_create_dossier (w, c);
    }
  for (guint c = 0; c < N_CLIENTS; c++)
    run_sync (w, c, 0, FALSE);

  while (w->edits->len < budget)
    {
      double roll = g_rand_double (w->rand);
      guint c = pick (w, N_CLIENTS);

      if (roll < 0.50)
        op_edit (w, c);
      else if (roll < 0.58)
        op_same_field (w);
      else if (roll < 0.63)
        op_delete (w, c);
      else if (roll < 0.68)
        op_add_status (w, c);
      else if (roll < 0.71)
        op_add_record (w, c);
      else if (roll < 0.725)
        op_create_dossier (w, c);
      else if (roll < 0.765)
        op_resolve (w, c);
      else if (roll < 0.78)
        op_reassign (w);
      else
        op_sync (w, c);
    }

  /* Everyone syncs, uninterrupted, until a whole round moves nothing. */
  for (round = 0; round < MAX_FINAL_ROUNDS; round++)
    {
      guint moved = 0;

      for (guint c = 0; c < N_CLIENTS; c++)
        moved += run_sync (w, c, 0, FALSE);
      if (moved == 0)
        break;
    }
  g_assert_cmpuint (round, <, MAX_FINAL_ROUNDS);

  g_test_message ("%u syncs (%u interrupted), %u lost answers, %u lost requests, %u lost pages, %u edits during"
                  " a sync, %u reassignments, %u purges, %u same-field edits, %u dossiers, %u conflicts",
                  w->n_syncs, w->n_interrupted, w->n_lost_answers, w->n_lost_requests, w->n_lost_pages,
                  w->n_edits_during_sync, w->n_reassigned,
                  (guint) query_int (w->central, "SELECT count (*) FROM change_log WHERE op = 'purge'", NULL),
                  w->n_same_field, w->n_dossiers,
                  (guint) query_int (w->central, "SELECT count (*) FROM conflict", NULL));

  for (guint c = 0; c < N_CLIENTS; c++)
    {
      check_outbox (w, c);
      check_replica (w, c);
    }
  check_no_edit_lost (w);

  world_teardown (w);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-convergence/random", test_convergence);

  return g_test_run ();
}
