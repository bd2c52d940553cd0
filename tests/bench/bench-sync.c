#include "config.h"

/* The split run asks for pages as large as DkSyncClient's default (dk-sync-client.c). */
#define PULL_PAGE 5000

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>
#include <libsoup/soup.h>

#include "dk-auth.h"
#include "dk-central-store.h"
#include "dk-domain-schema.h"
#include "dk-replica.h"
#include "dk-server-config.h"
#include "dk-sync-client.h"
#include "dk-sync-protocol.h"
#include "dk-sync-pull.h"
#include "dk-sync-push.h"
#include "dk-sync-registry.h"
#include "dk-test-server.h"
#include "dk-test-util.h"
#include "dk-uuid.h"

/*
 * The sync figures of issue 4, against the real draagkracht-sync process over loopback HTTP with
 * the real client (DkReplica + DkSyncClient):
 *   1. initial pull: rows/s into a fresh replica, against plain prepared INSERTs of the same rows
 *      into a fresh domain-schema file (target: at least 0.3 of raw), with the time split into the
 *      HTTP request (server work and transfer), JSON parsing and dk_replica_apply_page();
 *   2. no-op sync latency with at least 1M rows in the central store (target: below 20 ms);
 *   3. push throughput of 50 concurrent clients, each its own user, replica and dossiers
 *      (target: at least 20,000 field changes/s);
 *   4. server memory (VmRSS/VmHWM) with 100 clients signed in and syncing.
 * It prints figures and their ratio to the targets and never fails on speed; it fails only when
 * the sync itself goes wrong (a refused change, a missing row).
 *
 * The central store is filled beforehand, at the store level, in two ways. The clients' own dossiers
 * (the no-op, push and memory users) and a template of 2,000 dossiers are pushed through
 * dk_sync_push() in batches of 2,000 changes: the code the server runs for a push, so the change
 * log, field versions, assignments, device holdings and audit rows are what the server writes. The
 * puller's dossiers and the bulk of the million rows are copies of that template made with SQL
 * (new ids, numbers and seqs; see copy_template()), because the pushes run at a few thousand changes
 * a second. Every figure runs against a freshly started server process on that one store.
 *
 *   meson test -C build --benchmark --suite bench -v
 *   DK_SYNC_BINARY=build/sync-server/draagkracht-sync build/tests/bench/bench-sync [options]
 * (--help lists the sizes; --store-dir DIR keeps the filled store for the next run.)
 */

#define PASSWORD       "correct horse battery"
#define LOAD_BATCH     2000
#define ROWS_PER_DOSSIER 5
#define TIMESTAMP      "2026-01-05T09:00:00.000Z"

static guint opt_total_rows = 1000000;
static guint opt_pull_dossiers = 20000;
static guint opt_noop_runs = 50;
static guint opt_push_clients = 50;
static guint opt_push_dossiers = 100;
static guint opt_memory_clients = 100;
static guint opt_memory_dossiers = 20;
static guint opt_http_logins = 8;

/* ---- small helpers ---- */

/* The server of the running figure, killed when the bench stops on an error so it does not outlive
 * us. */
static DkTestServer *running_server;

static void
fail (void)
{
  const char *pid = running_server != NULL ? g_subprocess_get_identifier (running_server->proc) : NULL;

  /* kill() itself: g_subprocess_force_exit() only asks GLib's worker thread to, which exit() beats. */
  if (pid != NULL)
    kill ((pid_t) g_ascii_strtoll (pid, NULL, 10), SIGKILL);
  exit (1);
}

static DkTestServer *
server_start (const char *db)
{
  running_server = dk_test_server_start (db, NULL);
  return running_server;
}

static void
server_stop (DkTestServer *server)
{
  dk_test_server_stop (server);
  running_server = NULL;
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

/* @error by address: the call that fills it is an argument too, and may run after a plain
 * pointer argument was read. */
static void
check (gboolean     ok,
       GError     **error,
       const char  *what)
{
  if (!ok || *error != NULL)
    {
      g_printerr ("bench-sync: %s failed: %s\n", what, *error != NULL ? (*error)->message : "(no error)");
      fail ();
    }
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The value at fraction @q of the sorted @values (nearest rank). */
static double
quantile (GArray *values,
          double  q)
{
  guint index;

  g_array_sort (values, compare_double);
  index = (guint) MIN ((double) values->len - 1, MAX (0.0, q * values->len - 1 + 0.999999));
  return g_array_index (values, double, index);
}

static gint64
query_int (DkStore    *store,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, &error);
  gboolean has_row = FALSE;
  gint64 value = 0;

  check (stmt != NULL, &error, sql);
  check (dk_store_step_row (store, stmt, &has_row, &error), &error, sql);
  if (has_row)
    {
      value = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  return value;
}

/* Rows in the synced domain tables of @store (the registry's tables: what a replica holds). */
static gint64
count_synced_rows (DkStore *store)
{
  const DkSyncTable *tables;
  gsize n_tables = 0;
  gint64 total = 0;

  tables = dk_sync_registry_tables (&n_tables);
  for (gsize i = 0; i < n_tables; i++)
    {
      g_autofree char *sql = NULL;

      /* The raw baseline's file has the domain schema alone, without the conflict table. */
      if (tables[i].kind == DK_SYNC_TABLE_CONFLICT)
        continue;
      sql = g_strdup_printf ("SELECT count (*) FROM %s", tables[i].name);
      total += query_int (store, sql);
    }
  return total;
}

static void
print_machine (void)
{
  g_autofree char *loadavg = NULL;
  g_autofree char *cpuinfo = NULL;
  const char *model = "unknown";
  char **lines;

  g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL);
  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    {
      lines = g_strsplit (cpuinfo, "\n", -1);
      for (char **l = lines; *l != NULL; l++)
        if (g_str_has_prefix (*l, "model name"))
          {
            model = strchr (*l, ':') != NULL ? strchr (*l, ':') + 2 : *l;
            g_print ("cpu:                   %s\n", model);
            break;
          }
      g_strfreev (lines);
    }
  g_print ("cores:                 %u\n", g_get_num_processors ());
  g_print ("load average:          %s", loadavg != NULL ? loadavg : "unknown\n");
  g_print ("sqlite:                %s\n", sqlite3_libversion ());
}

/* A line of /proc/PID/status, e.g. "VmHWM", as its value text. */
static char *
proc_status (const char *pid,
             const char *key)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/status", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("?");
  lines = g_strsplit (text, "\n", -1);
  for (char **l = lines; *l != NULL; l++)
    if (g_str_has_prefix (*l, key) && (*l)[strlen (key)] == ':')
      return g_strstrip (g_strdup (*l + strlen (key) + 1));
  return g_strdup ("?");
}

/* User and system CPU time of process @pid ("self" for this one, all threads) so far. */
static double
cpu_seconds (const char *pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%s/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *after;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL)
    return 0;
  /* After the command: state, ppid, … with utime and stime the 12th and 13th. */
  fields = g_strsplit (after + 2, " ", 0);
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) / sysconf (_SC_CLK_TCK);
}

typedef struct
{
  const char *server_pid;
  double      server;
  double      self;
  gint64      start;
} CpuMark;

static CpuMark
cpu_mark (DkTestServer *server)
{
  CpuMark mark = { g_subprocess_get_identifier (server->proc), 0, cpu_seconds ("self"), g_get_monotonic_time () };

  mark.server = cpu_seconds (mark.server_pid);
  return mark;
}

typedef struct
{
  double server;
  double self;
  double wall;
} CpuUse;

static CpuUse
cpu_since (const CpuMark *mark)
{
  return (CpuUse) {
    cpu_seconds (mark->server_pid) - mark->server, cpu_seconds ("self") - mark->self, seconds_since (mark->start)
  };
}

/* Where the CPU went: how busy the server and the clients were, and how much of the wall time
 * neither used (waiting on each other, on the disk, or on other programs of the machine). */
static void
print_cpu (const CpuUse *use)
{
  g_print ("  CPU meanwhile:       server %.2f s, client side (this process) %.2f s, in %.2f s wall"
           " on %u cores\n", use->server, use->self, use->wall, g_get_num_processors ());
}

static void
print_memory (const char   *when,
              DkTestServer *server)
{
  const char *pid = g_subprocess_get_identifier (server->proc);
  g_autofree char *rss = proc_status (pid, "VmRSS");
  g_autofree char *hwm = proc_status (pid, "VmHWM");
  g_autofree char *threads = proc_status (pid, "Threads");

  g_print ("  %-34s VmRSS %10s   VmHWM %10s   threads %s\n", when, rss, hwm, threads);
}

/* ---- generated dossiers ---- */

/* The template's ids start with this instead of their timestamp: its copies replace it with a
 * prefix of their own, in every id and in the ids inside the change log's JSON alike. Still valid
 * uuids (the protocol takes any version), and far from the prefix of a uuid made today. */
#define TEMPLATE_PREFIX "c1000000"
#define TEMPLATE_NUMBER "T-"   /* two characters: copies put "Cnnnnn-" in their place */

typedef struct
{
  char *dossier;
  char *person;
  char *income;
  char *debt;
  char *group;
  char *status;
} DossierIds;

static char *
new_id (gboolean template)
{
  char *id = dk_uuid_new ();

  if (template)
    memcpy (id, TEMPLATE_PREFIX, 8);
  return id;
}

static void
dossier_ids_init (DossierIds *ids,
                  gboolean    template)
{
  ids->dossier = new_id (template);
  ids->person = new_id (template);
  ids->income = new_id (template);
  ids->debt = new_id (template);
  ids->group = new_id (template);
  ids->status = new_id (template);
}

static void
dossier_ids_clear (DossierIds *ids)
{
  g_free (ids->dossier);
  g_free (ids->person);
  g_free (ids->income);
  g_free (ids->debt);
  g_free (ids->group);
  g_free (ids->status);
}

static JsonObject *
new_change (const char *table,
            const char *record_id,
            const char *dossier_id,
            JsonObject *fields,
            gboolean    template)
{
  JsonObject *change = json_object_new ();
  g_autofree char *change_id = new_id (template);

  json_object_set_string_member (change, "change_id", change_id);
  json_object_set_string_member (change, "table", table);
  json_object_set_string_member (change, "record_id", record_id);
  json_object_set_string_member (change, "dossier_id", dossier_id);
  json_object_set_string_member (change, "op", "insert");
  json_object_set_object_member (change, "fields", fields);
  json_object_set_string_member (change, "made_at", TIMESTAMP);
  return change;
}

/* The five inserts of dossier @n: the dossier, its client, an income, a debt and its first status. */
static void
add_dossier_changes (GPtrArray *changes,
                     guint64    n,
                     gboolean   template)
{
  g_autofree char *number = g_strdup_printf ("%s%08" G_GUINT64_FORMAT, template ? TEMPLATE_NUMBER : "B-", n);
  DossierIds ids;
  JsonObject *fields;

  dossier_ids_init (&ids, template);

  fields = json_object_new ();
  json_object_set_string_member (fields, "number", number);
  json_object_set_string_member (fields, "opened_on", "2026-01-05");
  g_ptr_array_add (changes, new_change ("dossier", ids.dossier, ids.dossier, fields, template));

  fields = json_object_new ();
  json_object_set_string_member (fields, "role", "client");
  json_object_set_string_member (fields, "given_names", "Sanne");
  json_object_set_string_member (fields, "family_name_prefix", "van");
  json_object_set_string_member (fields, "family_name", "Dijk");
  json_object_set_string_member (fields, "birth_date", "1998-03-14");
  g_ptr_array_add (changes, new_change ("person", ids.person, ids.dossier, fields, template));

  fields = json_object_new ();
  json_object_set_string_member (fields, "person_id", ids.person);
  json_object_set_string_member (fields, "source", "benefit");
  json_object_set_int_member (fields, "net_cents", 100000 + (gint64) (n % 90000));
  json_object_set_string_member (fields, "period", "month");
  json_object_set_boolean_member (fields, "holiday_allowance_included", FALSE);
  json_object_set_string_member (fields, "valid_from", "2026-01-05");
  g_ptr_array_add (changes, new_change ("income", ids.income, ids.dossier, fields, template));

  fields = json_object_new ();
  json_object_set_string_member (fields, "debt_group_id", ids.group);
  json_object_set_string_member (fields, "creditor_name", "Energieleverancier");
  json_object_set_int_member (fields, "original_cents", 85000 + (gint64) (n % 1000));
  json_object_set_int_member (fields, "current_cents", 85000 + (gint64) (n % 1000));
  json_object_set_string_member (fields, "debt_type", "Nuts");
  json_object_set_string_member (fields, "debt_rank", "concurrent");
  json_object_set_boolean_member (fields, "business_debt", FALSE);
  json_object_set_string_member (fields, "contracting_party", "client");
  json_object_set_boolean_member (fields, "household_debt", FALSE);
  json_object_set_boolean_member (fields, "excluded", FALSE);
  json_object_set_int_member (fields, "share_ppm", 1000000);
  g_ptr_array_add (changes, new_change ("debt", ids.debt, ids.dossier, fields, template));

  fields = json_object_new ();
  json_object_set_string_member (fields, "debt_id", ids.debt);
  json_object_set_string_member (fields, "status", "registered");
  json_object_set_string_member (fields, "status_date", "2026-01-05");
  g_ptr_array_add (changes, new_change ("debt_status", ids.status, ids.dossier, fields, template));

  dossier_ids_clear (&ids);
}

/* ---- filling the central store ---- */

typedef struct
{
  char *user_name;
  char *user_id;
  char *device_id;
  char *token;
} Account;

static void
account_free (gpointer data)
{
  Account *account = data;

  g_free (account->user_name);
  g_free (account->user_id);
  g_free (account->device_id);
  if (account->token != NULL)
    sodium_memzero (account->token, strlen (account->token));
  g_free (account->token);
  g_free (account);
}

typedef struct
{
  DkStore      *store;
  DkAuthParams  params;
  guint64       next_number;
  guint64       pushed;
  gint64        push_us;
  guint64       cloned;
  gint64        clone_us;
  /* The template: its user and loading device, and its span of the change log. */
  Account      *template;
  gint64        template_lo;
  gint64        template_hi;
  guint64       template_rows;
  guint         n_copies;
} Loader;

/* A session on a new device, made at the store level (as a login over HTTP would, without the
 * server's login rate limit), for the clients that come with a token. */
static Account *
store_login (Loader     *l,
             const char *user_name)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  DkAuthSession *session = NULL;
  Account *account = g_new0 (Account, 1);

  check (dk_auth_login (l->store, &l->params, user_name, PASSWORD, NULL, "Bench", now, &session, &error), &error,
         "store login");
  account->user_name = g_strdup (user_name);
  account->user_id = g_strdup (session->user_id);
  account->device_id = g_strdup (session->device_id);
  account->token = g_strdup (session->token);
  dk_auth_session_free (session);
  return account;
}

static DkAuthPrincipal *
principal (Loader  *l,
           Account *account)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  DkAuthPrincipal *who = NULL;

  check (dk_auth_authenticate (l->store, account->token, now, &who, &error), &error, "authenticate");
  return who;
}

static void
create_user (Loader     *l,
             const char *user_name)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;

  check (dk_auth_create_user (l->store, &l->params, user_name, "Bench User", DK_ROLE_FIELD_WORKER, NULL, PASSWORD,
                              now, NULL, &error),
         &error, "create user");
}

static void
flush_changes (Loader          *l,
               DkAuthPrincipal *who,
               GPtrArray       *changes)
{
  g_autoptr(JsonObject) request = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array = json_array_new ();
  JsonArray *results;
  gint64 start;

  if (changes->len == 0)
    return;
  for (guint i = 0; i < changes->len; i++)
    json_array_add_object_element (array, json_object_ref (changes->pdata[i]));
  json_object_set_string_member (request, "device_id", who->device_id);
  json_object_set_array_member (request, "changes", array);
  node = json_node_init_object (json_node_alloc (), request);

  start = g_get_monotonic_time ();
  check (dk_sync_push (l->store, who, node, changes->len, &answer, &error), &error, "loading push");
  l->push_us += g_get_monotonic_time () - start;

  results = json_object_get_array_member (json_node_get_object (answer), "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonObject *result = json_array_get_object_element (results, i);

      if (g_strcmp0 (json_object_get_string_member (result, "status"), "applied") != 0)
        {
          g_autofree char *text = json_to_string (json_array_get_element (results, i), FALSE);

          g_printerr ("bench-sync: a loading change was not applied: %s\n", text);
          fail ();
        }
    }
  l->pushed += changes->len;
  g_ptr_array_set_size (changes, 0);
}

/* A field worker @user_name whose device pushed @n_dossiers of their own; returns a session on a
 * second device for a client to use. */
static Account *
push_user (Loader     *l,
           const char *user_name,
           guint       n_dossiers,
           gboolean    template)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  g_autoptr(DkAuthPrincipal) who = NULL;
  Account *loading;

  create_user (l, user_name);
  loading = store_login (l, user_name);
  who = principal (l, loading);
  for (guint i = 0; i < n_dossiers; i++)
    {
      add_dossier_changes (changes, l->next_number++, template);
      if (changes->len >= LOAD_BATCH)
        flush_changes (l, who, changes);
    }
  flush_changes (l, who, changes);
  if (template)
    return loading;
  account_free (loading);
  return store_login (l, user_name);
}

static void
exec_sql (Loader     *l,
          const char *sql,
          ...) G_GNUC_NULL_TERMINATED;

/* Runs @sql with ?1 … bound to the NULL-terminated texts; a text of the form "=N" binds the integer N. */
static void
exec_sql (Loader     *l,
          const char *sql,
          ...)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = dk_store_prepare (l->store, sql, &error);
  const char *arg;
  va_list args;
  int i = 1;

  check (stmt != NULL, &error, sql);
  va_start (args, sql);
  while ((arg = va_arg (args, const char *)) != NULL)
    {
      if (arg[0] == '=')
        sqlite3_bind_int64 (stmt, i++, g_ascii_strtoll (arg + 1, NULL, 10));
      else
        sqlite3_bind_text (stmt, i++, arg, -1, SQLITE_TRANSIENT);
    }
  va_end (args);
  check (dk_store_step_done (l->store, stmt, &error), &error, sql);
}

typedef struct
{
  Loader  *l;
  Account *owner;
} Copy;

/*
 * One copy of the template for @owner (and their loading device), written as the pushes of the
 * template wrote it: the domain rows, their change-log entries (with new seqs after the last one,
 * and the ids in their JSON replaced too), the field versions pointing at those seqs, the owner's
 * assignments and the loading device's holdings. Only the audit rows of the loading pushes are not
 * copied. SQL on the store, because the pushes themselves run at a few thousand changes a second and
 * a million rows through them would take minutes.
 */
static gboolean
copy_template (DkStore   *store,
               gpointer   user_data,
               GError   **error)
{
  Copy *copy = user_data;
  Loader *l = copy->l;
  guint k = ++l->n_copies;
  g_autofree char *prefix = g_strdup_printf ("c1%06x", k);
  g_autofree char *assignment_prefix = g_strdup_printf ("c2%06x", k);
  g_autofree char *number = g_strdup_printf ("\"C%05u-", k);
  g_autofree char *offset = NULL;
  g_autofree char *lo = g_strdup_printf ("=%" G_GINT64_FORMAT, l->template_lo);
  g_autofree char *hi = g_strdup_printf ("=%" G_GINT64_FORMAT, l->template_hi);
  const DkSyncTable *tables;
  gsize n_tables = 0;

  offset = g_strdup_printf ("=%" G_GINT64_FORMAT,
                            query_int (store, "SELECT max (seq) FROM change_log") - l->template_lo + 1);

  tables = dk_sync_registry_tables (&n_tables);
  for (gsize t = 0; t < n_tables; t++)
    {
      const DkSyncTable *table = &tables[t];
      g_autoptr(GString) columns = g_string_new (NULL);
      g_autoptr(GString) values = g_string_new (NULL);
      g_autofree char *sql = NULL;

      if (table->kind == DK_SYNC_TABLE_CONFLICT)
        continue;
      for (gsize i = 0; i < table->n_fields; i++)
        {
          const DkSyncField *field = &table->fields[i];

          g_string_append_printf (columns, "%s%s", i > 0 ? ", " : "", field->column);
          g_string_append (values, i > 0 ? ", " : "");
          if (field->type == DK_SYNC_TYPE_UUID)
            g_string_append_printf (values, "replace (%s, '" TEMPLATE_PREFIX "', ?1)", field->column);
          else if (strcmp (table->name, "dossier") == 0 && strcmp (field->column, "number") == 0)
            g_string_append (values, "?2 || substr (number, 3)");
          else
            g_string_append (values, field->column);
        }
      sql = g_strdup_printf ("INSERT INTO %s (%s) SELECT %s FROM %s"
                             " WHERE %s >= '" TEMPLATE_PREFIX "' AND %s < 'c1000001' ORDER BY rowid",
                             table->name, columns->str, values->str, table->name, table->dossier_column,
                             table->dossier_column);
      exec_sql (l, sql, prefix, number + 1, NULL);

      if (table->kind == DK_SYNC_TABLE_MUTABLE)
        exec_sql (l,
                  "INSERT INTO field_version (record_table, record_id, field, seq)"
                  " SELECT record_table, replace (record_id, '" TEMPLATE_PREFIX "', ?1), field, seq + ?2"
                  " FROM field_version WHERE record_table = ?3"
                  " AND record_id >= '" TEMPLATE_PREFIX "' AND record_id < 'c1000001'",
                  prefix, offset, table->name, NULL);
    }

  exec_sql (l,
            "INSERT INTO change_log (seq, change_id, record_table, record_id, dossier_id, op, fields, user_id,"
            " device_id, made_at, applied_at, status, answer)"
            " SELECT seq + ?2, replace (change_id, '" TEMPLATE_PREFIX "', ?1), record_table,"
            " replace (record_id, '" TEMPLATE_PREFIX "', ?1), replace (dossier_id, '" TEMPLATE_PREFIX "', ?1), op,"
            " replace (replace (fields, '" TEMPLATE_PREFIX "', ?1), '\"" TEMPLATE_NUMBER "', ?3), ?4, ?5,"
            " made_at, applied_at, status,"
            " json_set (replace (answer, '" TEMPLATE_PREFIX "', ?1), '$.seq', seq + ?2)"
            " FROM change_log WHERE seq BETWEEN ?6 AND ?7 ORDER BY seq",
            prefix, offset, number, copy->owner->user_id, copy->owner->device_id, lo, hi, NULL);
  exec_sql (l,
            "INSERT INTO assignment (id, user_id, dossier_id, assigned_from, assigned_until, created_at, updated_at)"
            " SELECT ?1 || substr (id, 9), ?2, replace (dossier_id, '" TEMPLATE_PREFIX "', ?3), assigned_from,"
            " assigned_until, created_at, updated_at FROM assignment WHERE user_id = ?4",
            assignment_prefix, copy->owner->user_id, prefix, l->template->user_id, NULL);
  exec_sql (l,
            "INSERT INTO device_scope (device_id, dossier_id, snapshot_seq, since_seq, purge_seq)"
            " SELECT ?1, replace (dossier_id, '" TEMPLATE_PREFIX "', ?2), NULL, 0, NULL"
            " FROM device_scope WHERE device_id = ?3",
            copy->owner->device_id, prefix, l->template->device_id, NULL);
  return TRUE;
}

/* A field worker @user_name with @n_copies of the template, as if a device of theirs had pushed
 * them; returns their user id. */
static char *
clone_user (Loader     *l,
            const char *user_name,
            guint       n_copies)
{
  g_autoptr(GError) error = NULL;
  Account *loading;
  gint64 start = g_get_monotonic_time ();
  char *user_id;

  create_user (l, user_name);
  loading = store_login (l, user_name);
  for (guint i = 0; i < n_copies; i++)
    {
      Copy copy = { l, loading };

      check (dk_store_transaction (l->store, copy_template, &copy, &error), &error, "copy the template");
      l->cloned += l->template_rows;
    }
  user_id = g_strdup (loading->user_id);
  account_free (loading);
  l->clone_us += g_get_monotonic_time () - start;
  return user_id;
}

/* ---- the raw baseline ---- */

typedef struct
{
  const DkSyncTable *table;
  GPtrArray         *values;   /* sqlite3_value *, n_fields a row */
} TableRows;

static void
table_rows_clear (TableRows *rows)
{
  for (guint i = 0; i < rows->values->len; i++)
    sqlite3_value_free (rows->values->pdata[i]);
  g_ptr_array_unref (rows->values);
}

typedef struct
{
  GArray *tables;   /* TableRows */
  guint64 rows;
} RawRows;

/* Every row of the dossiers assigned to @user_id, as the central store has it. */
static GArray *
read_user_rows (DkStore    *store,
                const char *user_id)
{
  GArray *result = g_array_new (FALSE, FALSE, sizeof (TableRows));
  const DkSyncTable *tables;
  gsize n_tables = 0;

  tables = dk_sync_registry_tables (&n_tables);
  for (gsize t = 0; t < n_tables; t++)
    {
      const DkSyncTable *table = &tables[t];
      g_autoptr(GString) sql = g_string_new ("SELECT ");
      g_autoptr(GError) error = NULL;
      TableRows rows = { table, g_ptr_array_new () };
      sqlite3_stmt *stmt;
      gboolean has_row = FALSE;

      if (table->kind == DK_SYNC_TABLE_CONFLICT)
        continue;
      for (gsize i = 0; i < table->n_fields; i++)
        g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", table->fields[i].column);
      g_string_append_printf (sql, " FROM %s WHERE %s IN (SELECT dossier_id FROM assignment WHERE user_id = ?1)"
                                   " ORDER BY rowid", table->name, table->dossier_column);
      stmt = dk_store_prepare (store, sql->str, &error);
      check (stmt != NULL, &error, "read rows");
      sqlite3_bind_text (stmt, 1, user_id, -1, SQLITE_TRANSIENT);
      while (dk_store_step_row (store, stmt, &has_row, &error) && has_row)
        for (gsize i = 0; i < table->n_fields; i++)
          g_ptr_array_add (rows.values, sqlite3_value_dup (sqlite3_column_value (stmt, (int) i)));
      check (error == NULL, &error, "read rows");
      g_array_append_val (result, rows);
    }
  return result;
}

static gboolean
raw_insert_rows (DkStore   *store,
                 gpointer   user_data,
                 GError   **error)
{
  RawRows *raw = user_data;

  for (guint t = 0; t < raw->tables->len; t++)
    {
      const TableRows *rows = &g_array_index (raw->tables, TableRows, t);
      const DkSyncTable *table = rows->table;
      g_autoptr(GString) sql = g_string_new (NULL);
      sqlite3_stmt *stmt;

      g_string_printf (sql, "INSERT INTO %s (", table->name);
      for (gsize i = 0; i < table->n_fields; i++)
        g_string_append_printf (sql, "%s%s", i > 0 ? ", " : "", table->fields[i].column);
      g_string_append (sql, ") VALUES (");
      for (gsize i = 0; i < table->n_fields; i++)
        g_string_append_printf (sql, "%s?%zu", i > 0 ? ", " : "", i + 1);
      g_string_append (sql, ")");

      stmt = dk_store_prepare (store, sql->str, error);
      if (stmt == NULL)
        return FALSE;
      for (guint r = 0; r < rows->values->len; r += table->n_fields)
        {
          for (gsize i = 0; i < table->n_fields; i++)
            sqlite3_bind_value (stmt, (int) i + 1, rows->values->pdata[r + i]);
          if (!dk_store_step_done (store, stmt, error))
            return FALSE;
          raw->rows++;
        }
    }
  return TRUE;
}

/* Rows/s of plain prepared INSERTs of the same rows in one transaction, into a fresh file with the
 * domain schema (its indexes, checks and foreign keys), the commit included. */
static double
raw_baseline (DkStore    *central,
              const char *dir,
              const char *user_id,
              guint64    *out_rows)
{
  g_autofree char *path = g_build_filename (dir, "raw.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(DkStore) store = dk_domain_store_open (path, &error);
  RawRows raw = { read_user_rows (central, user_id), 0 };
  gint64 start;
  double elapsed;

  check (store != NULL, &error, "open raw store");
  start = g_get_monotonic_time ();
  check (dk_store_transaction (store, raw_insert_rows, &raw, &error), &error, "raw insert");
  elapsed = seconds_since (start);
  *out_rows = raw.rows;
  for (guint t = 0; t < raw.tables->len; t++)
    table_rows_clear (&g_array_index (raw.tables, TableRows, t));
  g_array_unref (raw.tables);
  return raw.rows / elapsed;
}

/* ---- one HTTP pull, outside DkSyncClient, to split the time of a sync ---- */

typedef struct
{
  double http_s;    /* request sent until the whole answer is read: server work and transfer */
  double first_s;   /* … of the first page, which also hands the device its scope */
  double max_s;     /* … of the slowest page */
  double parse_s;   /* JSON text to JsonNode, as the client does it */
  double apply_s;   /* dk_replica_apply_page() */
  gsize  bytes;
  guint  pages;
} PullSplit;

static JsonNode *
http_pull (SoupSession *session,
           const char  *base_url,
           const char  *token,
           gint64       cursor,
           guint        limit,
           PullSplit   *split)
{
  g_autofree char *uri = g_strdup_printf ("%s/v1/pull?cursor=%" G_GINT64_FORMAT "&limit=%u", base_url, cursor, limit);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autofree char *protocol = g_strdup_printf ("%d", DK_SYNC_PROTOCOL_VERSION);
  g_autoptr(SoupMessage) msg = soup_message_new (SOUP_METHOD_GET, uri);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  double elapsed;
  gint64 start;
  gsize size = 0;
  const char *data;

  soup_message_headers_replace (headers, "Draagkracht-Protocol", protocol);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "Authorization", bearer);

  start = g_get_monotonic_time ();
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  check (answer != NULL, &error, "GET /v1/pull");
  elapsed = seconds_since (start);
  split->http_s += elapsed;
  if (split->pages == 0)
    split->first_s = elapsed;
  split->max_s = MAX (split->max_s, elapsed);
  if (soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      g_printerr ("bench-sync: GET /v1/pull answered %u\n", soup_message_get_status (msg));
      fail ();
    }

  data = g_bytes_get_data (answer, &size);
  split->bytes += size;
  split->pages++;
  start = g_get_monotonic_time ();
  check (json_parser_load_from_data (parser, data, (gssize) size, &error), &error, "parse page");
  split->parse_s += seconds_since (start);
  return json_parser_steal_root (parser);
}

/* ---- clients in threads ---- */

typedef struct
{
  Account        *account;
  char           *replica_path;
  const char     *base_url;
  DkReplica      *replica;
  DkSyncClient   *client;
  guint           busy_retries;       /* 503 "busy, try again" */
  guint           offline_retries;    /* the connection failed */
  char           *offline_message;    /* the first such failure */
  guint           outbox_changes;     /* what the timed run has to push */
  guint64         outbox_fields;
  guint           pushed_before;      /* by earlier runs of this round that the server turned away */
  gint64          push_done_us;       /* when the whole outbox was answered */
  gint64          end_us;
  DkSyncReport    total;
  GError         *error;
} Client;

typedef struct
{
  GMutex   lock;
  GCond    cond;
  guint    ready;
  gboolean go;
} Gate;

typedef struct
{
  Client *client;
  Gate   *gate;
} ClientJob;

static void
client_clear (gpointer data)
{
  Client *c = data;

  g_clear_object (&c->client);
  g_clear_object (&c->replica);
  g_free (c->replica_path);
  g_free (c->offline_message);
  g_clear_error (&c->error);
}

static void
on_progress (const DkSyncReport *so_far,
             gpointer            user_data)
{
  Client *c = user_data;

  if (c->push_done_us == 0 && c->outbox_changes > 0 && c->pushed_before + so_far->pushed >= c->outbox_changes)
    c->push_done_us = g_get_monotonic_time ();
}

/* One sync as an app would run it: a busy server ("try again shortly") is tried again after a
 * short, random pause; anything else is an error. */
static gboolean
client_sync (Client  *c,
             GError **error)
{
  c->pushed_before = 0;
  c->push_done_us = 0;
  for (;;)
    {
      g_autoptr(GError) local_error = NULL;
      DkSyncReport report = { 0 };
      gboolean ok;

      ok = dk_sync_client_run_sync (c->client, c->replica, on_progress, c, &report, NULL, &local_error);
      c->total.pushed += report.pushed;
      c->total.applied += report.applied;
      c->total.conflicts += report.conflicts;
      c->total.refused += report.refused;
      c->total.pulled += report.pulled;
      c->pushed_before += report.pushed;
      if (ok)
        break;
      /* "Could not reach the server" is tried again too, and counted apart: a connection the server
       * did not take (see the memory figure) is what an app would simply retry. */
      if (g_error_matches (local_error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_BUSY) && c->busy_retries < 2000)
        c->busy_retries++;
      else if (g_error_matches (local_error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_OFFLINE) &&
               c->offline_retries < 100)
        {
          c->offline_retries++;
          if (c->offline_message == NULL)
            c->offline_message = g_strdup (local_error->message);
        }
      else
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_usleep (g_random_int_range (5000, 30000));
    }
  if (c->outbox_changes > 0 && c->push_done_us == 0)
    c->push_done_us = g_get_monotonic_time ();
  c->end_us = g_get_monotonic_time ();
  return TRUE;
}

static gpointer
client_thread (gpointer data)
{
  ClientJob *job = data;
  Client *c = job->client;

  g_mutex_lock (&job->gate->lock);
  job->gate->ready++;
  g_cond_broadcast (&job->gate->cond);
  while (!job->gate->go)
    g_cond_wait (&job->gate->cond, &job->gate->lock);
  g_mutex_unlock (&job->gate->lock);

  client_sync (c, &c->error);
  return NULL;
}

/* Runs one sync of every client at once, each in a thread of its own, and returns the wall time
 * from the moment they were let go until the last one finished. */
static double
sync_all (Client *clients,
          guint   n,
          gint64 *out_start)
{
  g_autofree ClientJob *jobs = g_new0 (ClientJob, n);
  g_autofree GThread **threads = g_new0 (GThread *, n);
  Gate gate = { 0 };
  gint64 start, end = 0;

  g_mutex_init (&gate.lock);
  g_cond_init (&gate.cond);
  for (guint i = 0; i < n; i++)
    {
      jobs[i] = (ClientJob) { &clients[i], &gate };
      threads[i] = g_thread_new ("bench-client", client_thread, &jobs[i]);
    }

  g_mutex_lock (&gate.lock);
  while (gate.ready < n)
    g_cond_wait (&gate.cond, &gate.lock);
  start = g_get_monotonic_time ();
  gate.go = TRUE;
  g_cond_broadcast (&gate.cond);
  g_mutex_unlock (&gate.lock);

  for (guint i = 0; i < n; i++)
    {
      g_thread_join (threads[i]);
      if (clients[i].error != NULL)
        {
          g_printerr ("bench-sync: client %s: %s\n", clients[i].account->user_name, clients[i].error->message);
          fail ();
        }
      end = MAX (end, clients[i].end_us);
    }
  g_mutex_clear (&gate.lock);
  g_cond_clear (&gate.cond);
  if (out_start != NULL)
    *out_start = start;
  return (end - start) / 1e6;
}

static void
client_open (Client     *c,
             Account    *account,
             const char *dir,
             const char *base_url)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("replica-%s.db", account->user_name);

  c->account = account;
  c->base_url = base_url;
  c->replica_path = g_build_filename (dir, name, NULL);
  c->replica = dk_replica_open (c->replica_path, &error);
  check (c->replica != NULL, &error, "open replica");
  check (dk_replica_bind_account (c->replica, account->user_id, account->device_id, &error), &error, "bind replica");
  c->client = dk_sync_client_new (base_url);
  dk_sync_client_set_token (c->client, account->token);
}

static gboolean
run_sql (DkStore   *store,
         gpointer   user_data,
         GError   **error)
{
  for (const char * const *sql = user_data; *sql != NULL; sql++)
    {
      sqlite3_stmt *stmt = dk_store_prepare (store, *sql, error);

      if (stmt == NULL || !dk_store_step_done (store, stmt, error))
        return FALSE;
    }
  return TRUE;
}

/* Local edits, each captured in the outbox by the replica's triggers, and what they add up to. */
static void
client_edit (Client             *c,
             const char * const *statements)
{
  g_autoptr(GError) error = NULL;
  DkStore *store = dk_replica_get_store (c->replica);

  check (dk_store_transaction (store, run_sql, (gpointer) statements, &error), &error, "local edit");
  c->outbox_changes = query_int (store, "SELECT count (*) FROM sync_outbox WHERE state = 'pending'");
  c->outbox_fields = query_int (store, "SELECT coalesce (sum ((SELECT count (*) FROM json_each (fields))), 0)"
                                       " FROM sync_outbox WHERE state = 'pending'");
}

/* How often the clients had to try again, and why the first failed connection failed. */
static void
print_retries (const Client *clients,
               guint         n,
               guint64       busy,
               guint64       offline)
{
  const char *message = NULL;

  for (guint i = 0; i < n && message == NULL; i++)
    message = clients[i].offline_message;
  g_print ("retried:               %" G_GUINT64_FORMAT " \"busy, try again\" answers, %" G_GUINT64_FORMAT
           " failed connections%s%s%s\n", busy, offline, message != NULL ? " (\"" : "",
           message != NULL ? message : "", message != NULL ? "\")" : "");
}

static void
clients_reset_totals (Client *clients,
                      guint   n)
{
  for (guint i = 0; i < n; i++)
    {
      clients[i].total = (DkSyncReport) { 0 };
      clients[i].busy_retries = 0;
      clients[i].offline_retries = 0;
    }
}

/* ---- the figures ---- */

typedef struct
{
  char         *dir;
  char         *db;
  guint         pull_dossiers;
  guint64       raw_rows;
  double        raw_per_s;
  GPtrArray    *push_accounts;     /* Account *, sessions made at the store level */
  GPtrArray    *memory_accounts;
} Bench;

static void
figure_pull (Bench *b)
{
  g_autoptr(DkTestServer) server = server_start (b->db);
  g_autoptr(DkSyncClient) client = dk_sync_client_new (server->url);
  g_autoptr(DkSyncSession) session = NULL;
  g_autoptr(DkSyncSession) session2 = NULL;
  g_autoptr(DkReplica) replica = NULL;
  g_autoptr(DkReplica) replica2 = NULL;
  g_autoptr(SoupSession) soup = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (b->dir, "replica-pull.db", NULL);
  g_autofree char *path2 = g_build_filename (b->dir, "replica-pull-split.db", NULL);
  DkSyncReport report = { 0 };
  PullSplit split = { 0 };
  CpuMark mark;
  CpuUse cpu;
  gint64 start, cursor = 0, rows, rows2;
  gboolean has_more = TRUE;
  double login_s, sync_s, rows_per_s, raw_per_s = b->raw_per_s, split_s;
  guint64 raw_rows = b->raw_rows;

  g_print ("\n== 1. initial pull ==\n");

  start = g_get_monotonic_time ();
  session = dk_sync_client_sign_in_sync (client, "puller", PASSWORD, NULL, "Bench laptop", NULL, &error);
  check (session != NULL, &error, "sign in");
  login_s = seconds_since (start);
  dk_sync_client_set_token (client, session->token);

  replica = dk_replica_open (path, &error);
  check (replica != NULL, &error, "open replica");
  check (dk_replica_bind_account (replica, session->user_id, session->device_id, &error), &error, "bind");

  mark = cpu_mark (server);
  start = g_get_monotonic_time ();
  check (dk_sync_client_run_sync (client, replica, NULL, NULL, &report, NULL, &error), &error, "initial sync");
  sync_s = seconds_since (start);
  cpu = cpu_since (&mark);
  rows = count_synced_rows (dk_replica_get_store (replica));
  if ((guint64) rows != raw_rows)
    {
      g_printerr ("bench-sync: the replica holds %" G_GINT64_FORMAT " rows, expected %" G_GUINT64_FORMAT "\n",
                  rows, raw_rows);
      fail ();
    }
  rows_per_s = rows / sync_s;

  /* The same pull again on a second device, one page at a time, timing each part. */
  session2 = dk_sync_client_sign_in_sync (client, "puller", PASSWORD, NULL, "Bench split", NULL, &error);
  check (session2 != NULL, &error, "sign in");
  replica2 = dk_replica_open (path2, &error);
  check (replica2 != NULL, &error, "open replica");
  check (dk_replica_bind_account (replica2, session2->user_id, session2->device_id, &error), &error, "bind");
  soup = soup_session_new_with_options ("timeout", 120, NULL);
  while (has_more)
    {
      g_autoptr(JsonNode) page = http_pull (soup, server->url, session2->token, cursor, PULL_PAGE, &split);

      start = g_get_monotonic_time ();
      check (dk_replica_apply_page (replica2, page, &cursor, &has_more, &error), &error, "apply page");
      split.apply_s += seconds_since (start);
    }
  rows2 = count_synced_rows (dk_replica_get_store (replica2));
  split_s = split.http_s + split.parse_s + split.apply_s;

  g_print ("dossiers in scope:     %u (%d rows each)\n", b->pull_dossiers, ROWS_PER_DOSSIER);
  g_print ("rows:                  %" G_GINT64_FORMAT "\n", rows);
  g_print ("sign-in over HTTP:     %.3f s (Argon2id at the server's own limits)\n", login_s);
  g_print ("raw INSERT baseline:   %.0f rows/s (%" G_GUINT64_FORMAT " rows, one transaction, fresh domain-schema file)\n",
           raw_per_s, raw_rows);
  g_print ("initial pull:          %.3f s, %.0f rows/s (dk_sync_client_run_sync with its default pages, %u entries)\n",
           sync_s, rows_per_s, report.pulled);
  g_print ("ratio to raw:          %.3f (target >= 0.3: %s)\n", rows_per_s / raw_per_s,
           rows_per_s / raw_per_s >= 0.3 ? "met" : "MISSED");
  print_cpu (&cpu);
  g_print ("split, second device:  %.3f s in %u pages, %.1f MB of JSON, %" G_GINT64_FORMAT " rows\n",
           split_s, split.pages, split.bytes / 1e6, rows2);
  g_print ("  HTTP GET /v1/pull    %8.3f s  %5.1f %%  (server work + transfer: %.1f ms a page, the first %.1f ms,"
           " the slowest %.1f ms)\n", split.http_s, 100 * split.http_s / split_s, 1000 * split.http_s / split.pages,
           1000 * split.first_s, 1000 * split.max_s);
  g_print ("  JSON parse (client)  %8.3f s  %5.1f %%\n", split.parse_s, 100 * split.parse_s / split_s);
  g_print ("  apply_page (client)  %8.3f s  %5.1f %%  (%.0f rows/s, %.3f of raw)\n",
           split.apply_s, 100 * split.apply_s / split_s, rows2 / split.apply_s, rows2 / split.apply_s / raw_per_s);

  server_stop (server);
}

static void
figure_noop (Bench *b)
{
  g_autoptr(DkTestServer) server = server_start (b->db);
  g_autoptr(DkSyncClient) client = dk_sync_client_new (server->url);
  g_autoptr(DkSyncSession) session = NULL;
  g_autoptr(DkReplica) replica = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) http_new = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) http_kept = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(SoupSession) kept = soup_session_new_with_options ("timeout", 120, NULL);
  g_autofree char *path = g_build_filename (b->dir, "replica-noop.db", NULL);
  DkSyncReport report = { 0 };
  gint64 start, cursor = 0, rows;
  double first_s, median, p95;
  CpuMark mark;
  CpuUse cpu;

  g_print ("\n== 2. no-op sync ==\n");
  session = dk_sync_client_sign_in_sync (client, "noop", PASSWORD, NULL, "Bench laptop", NULL, &error);
  check (session != NULL, &error, "sign in");
  dk_sync_client_set_token (client, session->token);
  replica = dk_replica_open (path, &error);
  check (replica != NULL, &error, "open replica");
  check (dk_replica_bind_account (replica, session->user_id, session->device_id, &error), &error, "bind");

  start = g_get_monotonic_time ();
  check (dk_sync_client_run_sync (client, replica, NULL, NULL, &report, NULL, &error), &error, "first sync");
  first_s = seconds_since (start);
  rows = count_synced_rows (dk_replica_get_store (replica));

  mark = cpu_mark (server);
  for (guint i = 0; i < opt_noop_runs; i++)
    {
      double ms;

      start = g_get_monotonic_time ();
      check (dk_sync_client_run_sync (client, replica, NULL, NULL, &report, NULL, &error), &error, "no-op sync");
      ms = seconds_since (start) * 1000;
      g_array_append_val (times, ms);
      if (report.pushed != 0 || report.pulled != 0)
        {
          g_printerr ("bench-sync: a no-op sync moved %u/%u changes\n", report.pushed, report.pulled);
          fail ();
        }
    }

  cpu = cpu_since (&mark);

  /* The bare request: on a new connection each time (as run_sync makes its own session), and on
   * one kept open. */
  check (dk_replica_get_cursor (replica, &cursor, &error), &error, "cursor");
  for (guint i = 0; i < opt_noop_runs; i++)
    {
      g_autoptr(SoupSession) fresh = soup_session_new_with_options ("timeout", 120, NULL);
      PullSplit split = { 0 };
      g_autoptr(JsonNode) page = http_pull (fresh, server->url, session->token, cursor, 500, &split);
      double ms = split.http_s * 1000;

      g_array_append_val (http_new, ms);
      g_clear_pointer (&page, json_node_unref);
      split = (PullSplit) { 0 };
      page = http_pull (kept, server->url, session->token, cursor, 500, &split);
      ms = split.http_s * 1000;
      g_array_append_val (http_kept, ms);
    }

  median = quantile (times, 0.5);
  p95 = quantile (times, 0.95);
  g_print ("rows in the replica:   %" G_GINT64_FORMAT " (first sync %.3f s)\n", rows, first_s);
  g_print ("no-op syncs:           %u\n", opt_noop_runs);
  g_print ("latency:               median %.2f ms, p95 %.2f ms, min %.2f ms, max %.2f ms\n", median, p95,
           g_array_index (times, double, 0), g_array_index (times, double, times->len - 1));
  g_print ("ratio to target:       p95 %.2f of 20 ms (target < 20 ms: %s)\n", p95 / 20, p95 < 20 ? "met" : "MISSED");
  print_cpu (&cpu);
  g_print ("  bare GET /v1/pull, new connection:  median %.2f ms, p95 %.2f ms\n",
           quantile (http_new, 0.5), quantile (http_new, 0.95));
  g_print ("  bare GET /v1/pull, kept connection: median %.2f ms, p95 %.2f ms\n",
           quantile (http_kept, 0.5), quantile (http_kept, 0.95));

  server_stop (server);
}

static void
figure_push (Bench *b)
{
  static const char * const edits[] = {
    /* Three fields of every person, income and debt, each to a value it did not have. */
    "UPDATE person SET given_names = given_names || 'a', family_name = family_name || 'b',"
    " birth_date = date (birth_date, '+1 day')",
    "UPDATE income SET net_cents = net_cents + 100, gross_cents = coalesce (gross_cents, 0) + 100,"
    " description = 'Uitkering ' || (coalesce (gross_cents, 0) + 100)",
    "UPDATE debt SET current_cents = current_cents + 500, reference = 'REF-' || (current_cents + 500),"
    " creditor_kvk = printf ('%08d', current_cents + 500)",
    NULL
  };
  g_autoptr(DkTestServer) server = server_start (b->db);
  guint n = b->push_accounts->len;
  g_autofree Client *clients = g_new0 (Client, n);
  guint64 fields = 0, changes = 0, applied = 0, conflicts = 0, refused = 0, retries = 0, offline = 0;
  gint64 start, push_end = 0;
  double setup_s, wall_s, push_s;
  CpuMark mark;
  CpuUse cpu;

  g_print ("\n== 3. push throughput ==\n");
  for (guint i = 0; i < n; i++)
    client_open (&clients[i], b->push_accounts->pdata[i], b->dir, server->url);

  /* Every client first pulls its own dossiers, so its edits rest on server versions. */
  setup_s = sync_all (clients, n, NULL);
  for (guint i = 0; i < n; i++)
    {
      client_edit (&clients[i], edits);
      changes += clients[i].outbox_changes;
      fields += clients[i].outbox_fields;
    }
  clients_reset_totals (clients, n);

  mark = cpu_mark (server);
  wall_s = sync_all (clients, n, &start);
  cpu = cpu_since (&mark);
  for (guint i = 0; i < n; i++)
    {
      push_end = MAX (push_end, clients[i].push_done_us);
      applied += clients[i].total.applied;
      conflicts += clients[i].total.conflicts;
      refused += clients[i].total.refused;
      retries += clients[i].busy_retries;
      offline += clients[i].offline_retries;
    }
  push_s = (push_end - start) / 1e6;
  if (applied != changes)
    {
      g_printerr ("bench-sync: %" G_GUINT64_FORMAT " of %" G_GUINT64_FORMAT " changes applied (%" G_GUINT64_FORMAT
                  " conflicts, %" G_GUINT64_FORMAT " refused)\n", applied, changes, conflicts, refused);
      fail ();
    }

  g_print ("clients:               %u concurrent threads, each its own user, device, replica and %u dossiers\n",
           n, opt_push_dossiers);
  g_print ("first sync of all:     %.3f s (pulling their dossiers, untimed below)\n", setup_s);
  g_print ("outbox:                %" G_GUINT64_FORMAT " changes, %" G_GUINT64_FORMAT " field changes in all"
           " (%" G_GUINT64_FORMAT " a client), batch size 200\n", changes, fields, fields / n);
  g_print ("answers:               %" G_GUINT64_FORMAT " applied, %" G_GUINT64_FORMAT " conflicts, %" G_GUINT64_FORMAT
           " refused\n", applied, conflicts, refused);
  print_retries (clients, n, retries, offline);
  g_print ("push phase:            %.3f s until the last outbox was answered: %.0f field changes/s\n",
           push_s, fields / push_s);
  g_print ("whole sync:            %.3f s including the pull of the changes back: %.0f field changes/s\n",
           wall_s, fields / wall_s);
  g_print ("ratio to target:       %.3f of 20000 field changes/s (push phase; %s)\n", fields / push_s / 20000,
           fields / push_s >= 20000 ? "met" : "MISSED");
  print_cpu (&cpu);

  for (guint i = 0; i < n; i++)
    client_clear (&clients[i]);
  server_stop (server);
}

static void
figure_memory (Bench *b)
{
  static const char * const edits[] = {
    "UPDATE income SET net_cents = net_cents + 1",
    NULL
  };
  g_autoptr(DkTestServer) server = server_start (b->db);
  guint n = b->memory_accounts->len;
  g_autofree Client *clients = g_new0 (Client, n);
  g_autoptr(DkSyncClient) login_client = dk_sync_client_new (server->url);
  guint64 retries = 0, offline = 0;
  double login_s = 0, first_s, second_s;

  g_print ("\n== 4. server memory ==\n");
  print_memory ("started, nothing asked", server);

  /* A few sign-ins over HTTP (the server's login limit allows 10 in a row from one address), so
   * the Argon2id work at the server's own limits shows in the high-water mark; the other clients
   * use sessions made at the store level. */
  for (guint i = 0; i < MIN (opt_http_logins, n); i++)
    {
      Account *account = b->memory_accounts->pdata[i];
      g_autoptr(DkSyncSession) session = NULL;
      g_autoptr(GError) error = NULL;
      gint64 start = g_get_monotonic_time ();

      session = dk_sync_client_sign_in_sync (login_client, account->user_name, PASSWORD, NULL, "Bench laptop",
                                             NULL, &error);
      check (session != NULL, &error, "sign in");
      login_s += seconds_since (start);
      g_free (account->device_id);
      account->device_id = g_strdup (session->device_id);
      sodium_memzero (account->token, strlen (account->token));
      g_free (account->token);
      account->token = g_strdup (session->token);
    }
  print_memory ("after HTTP sign-ins", server);

  for (guint i = 0; i < n; i++)
    client_open (&clients[i], b->memory_accounts->pdata[i], b->dir, server->url);
  first_s = sync_all (clients, n, NULL);
  for (guint i = 0; i < n; i++)
    {
      retries += clients[i].busy_retries;
      offline += clients[i].offline_retries;
    }
  print_memory ("after the first syncs", server);

  for (guint i = 0; i < n; i++)
    client_edit (&clients[i], edits);
  clients_reset_totals (clients, n);
  second_s = sync_all (clients, n, NULL);
  for (guint i = 0; i < n; i++)
    {
      retries += clients[i].busy_retries;
      offline += clients[i].offline_retries;
    }
  print_memory ("after the syncs with edits", server);

  g_print ("clients:               %u concurrent, %u dossiers each; %u signed in over HTTP (%.2f s each), the rest"
           " by store-level sessions\n", n, opt_memory_dossiers, MIN (opt_http_logins, n),
           login_s / MAX (1, MIN (opt_http_logins, n)));
  g_print ("syncs:                 first %.3f s, with edits %.3f s (all clients at once)\n", first_s, second_s);
  print_retries (clients, n, retries, offline);

  for (guint i = 0; i < n; i++)
    client_clear (&clients[i]);
  server_stop (server);
}

/* ---- setting up ---- */

static void
finish_store (Bench      *b,
              DkStore    *store,
              const char *puller_id)
{
  g_autoptr(GFile) file = g_file_new_for_path (b->db);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, 0, NULL, NULL);

  g_print ("central store:         %" G_GINT64_FORMAT " domain rows in %" G_GINT64_FORMAT " dossiers of %" G_GINT64_FORMAT
           " users\n", count_synced_rows (store), query_int (store, "SELECT count (*) FROM dossier"),
           query_int (store, "SELECT count (*) FROM user"));
  g_print ("                       %" G_GINT64_FORMAT " change_log, %" G_GINT64_FORMAT " field_version, %"
           G_GINT64_FORMAT " assignment, %" G_GINT64_FORMAT " device_scope, %" G_GINT64_FORMAT " audit rows\n",
           query_int (store, "SELECT count (*) FROM change_log"),
           query_int (store, "SELECT count (*) FROM field_version"),
           query_int (store, "SELECT count (*) FROM assignment"),
           query_int (store, "SELECT count (*) FROM device_scope"),
           query_int (store, "SELECT count (*) FROM audit"));
  if (info != NULL)
    g_print ("store file:            %.0f MB\n", g_file_info_get_size (info) / 1e6);

  b->raw_per_s = raw_baseline (store, b->dir, puller_id, &b->raw_rows);
}

static void
build_store (Bench *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkServerConfig) config = dk_server_config_new ();
  g_autofree char *puller_id = NULL;
  Loader l = { 0 };
  guint template_dossiers = MAX (1, MIN (2000, opt_pull_dossiers));
  guint64 rows, bulk_copies;
  gint64 start = g_get_monotonic_time ();
  double load_s;
  guint i;

  l.store = dk_central_store_open (b->db, &error);
  check (l.store != NULL, &error, "open central store");
  dk_auth_params_init (&l.params, config);
  /* The figures are about sync, not about the cost of a password hash. */
  l.params.pwhash_opslimit = crypto_pwhash_OPSLIMIT_MIN;
  l.params.pwhash_memlimit = crypto_pwhash_MEMLIMIT_MIN;

  /* The template first, alone, so its entries are one span of the change log. */
  l.template = push_user (&l, "template", template_dossiers, TRUE);
  l.template_lo = query_int (l.store, "SELECT min (seq) FROM change_log");
  l.template_hi = query_int (l.store, "SELECT max (seq) FROM change_log");
  l.template_rows = count_synced_rows (l.store);
  if (l.template_hi - l.template_lo + 1 != (gint64) l.template_rows)
    {
      g_printerr ("bench-sync: the template's change log is not one span\n");
      fail ();
    }

  account_free (push_user (&l, "noop", 50, FALSE));
  b->push_accounts = g_ptr_array_new_with_free_func (account_free);
  for (i = 0; i < opt_push_clients; i++)
    {
      g_autofree char *name = g_strdup_printf ("push-%03u", i);

      g_ptr_array_add (b->push_accounts, push_user (&l, name, opt_push_dossiers, FALSE));
    }
  b->memory_accounts = g_ptr_array_new_with_free_func (account_free);
  for (i = 0; i < opt_memory_clients; i++)
    {
      g_autofree char *name = g_strdup_printf ("memory-%03u", i);

      g_ptr_array_add (b->memory_accounts, push_user (&l, name, opt_memory_dossiers, FALSE));
    }

  /* The copies are plain SQL on this, the only, connection: without the WAL (which writes every
   * page twice) and without syncs for them alone; the pushes above ran with the store's own
   * settings, as the server's do, and the WAL is back before anyone else opens the file. */
  if (sqlite3_exec (dk_store_get_db (l.store),
                    "PRAGMA cache_size = -262144; PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      g_printerr ("bench-sync: %s\n", sqlite3_errmsg (dk_store_get_db (l.store)));
      fail ();
    }

  /* The puller's dossiers are copies of the template. */
  b->pull_dossiers = MAX (1, opt_pull_dossiers / template_dossiers) * template_dossiers;
  puller_id = clone_user (&l, "puller", b->pull_dossiers / template_dossiers);

  /* The rest of the store: other workers' dossiers, one copy of the template each, none of them in
   * the scopes above. */
  rows = count_synced_rows (l.store);
  bulk_copies = opt_total_rows > rows ? (opt_total_rows - rows + l.template_rows - 1) / l.template_rows : 0;
  for (guint64 u = 0; u < bulk_copies; u++)
    {
      g_autofree char *name = g_strdup_printf ("bulk-%04" G_GUINT64_FORMAT, u);
      g_autofree char *id = clone_user (&l, name, 1);
    }
  load_s = seconds_since (start);

  g_print ("filled in:             %.1f s: %" G_GUINT64_FORMAT " rows pushed through dk_sync_push in %.1f s"
           " (%.0f changes/s at the store level, batches of %d),\n"
           "                       %" G_GUINT64_FORMAT " rows as %u SQL copies of a pushed template of %u dossiers"
           " in %.1f s (%.2f s a copy)\n", load_s, l.pushed, l.push_us / 1e6, l.pushed / (l.push_us / 1e6), LOAD_BATCH,
           l.cloned, l.n_copies, template_dossiers, l.clone_us / 1e6,
           l.clone_us / 1e6 / MAX (1, l.n_copies));

  if (sqlite3_exec (dk_store_get_db (l.store), "PRAGMA synchronous = NORMAL; PRAGMA journal_mode = WAL",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      g_printerr ("bench-sync: %s\n", sqlite3_errmsg (dk_store_get_db (l.store)));
      fail ();
    }
  finish_store (b, l.store, puller_id);
  account_free (l.template);
  g_clear_object (&l.store);
}

/* A store filled by an earlier run (--store-dir): new sessions for its clients. */
static void
reuse_store (Bench *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkServerConfig) config = dk_server_config_new ();
  g_autofree char *puller_id = NULL;
  Loader l = { 0 };

  l.store = dk_central_store_open (b->db, &error);
  check (l.store != NULL, &error, "open central store");
  dk_auth_params_init (&l.params, config);
  l.params.pwhash_opslimit = crypto_pwhash_OPSLIMIT_MIN;
  l.params.pwhash_memlimit = crypto_pwhash_MEMLIMIT_MIN;

  if (query_int (l.store, "SELECT count (*) FROM user WHERE user_name GLOB 'push-[0-9][0-9][0-9]'") < opt_push_clients ||
      query_int (l.store, "SELECT count (*) FROM user WHERE user_name GLOB 'memory-[0-9][0-9][0-9]'") < opt_memory_clients)
    {
      g_printerr ("bench-sync: the store in --store-dir was made for fewer clients; remove it or give its sizes\n");
      fail ();
    }

  b->push_accounts = g_ptr_array_new_with_free_func (account_free);
  for (guint i = 0; i < opt_push_clients; i++)
    {
      g_autofree char *name = g_strdup_printf ("push-%03u", i);

      g_ptr_array_add (b->push_accounts, store_login (&l, name));
    }
  b->memory_accounts = g_ptr_array_new_with_free_func (account_free);
  for (guint i = 0; i < opt_memory_clients; i++)
    {
      g_autofree char *name = g_strdup_printf ("memory-%03u", i);

      g_ptr_array_add (b->memory_accounts, store_login (&l, name));
    }
  {
    Account *puller = store_login (&l, "puller");

    puller_id = g_strdup (puller->user_id);
    account_free (puller);
  }
  b->pull_dossiers = query_int (l.store, "SELECT count (*) FROM assignment AS a JOIN user AS u ON u.id = a.user_id"
                                         " WHERE u.user_name = 'puller'");
  g_print ("reused store:          %s\n", b->db);
  finish_store (b, l.store, puller_id);
  g_clear_object (&l.store);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *store_dir = NULL;
  gboolean keep = FALSE;
  gint64 start = g_get_monotonic_time ();
  Bench b = { 0 };
  const GOptionEntry entries[] = {
    { "total-rows", 0, 0, G_OPTION_ARG_INT, &opt_total_rows, "Domain rows in the central store (1000000)", "N" },
    { "pull-dossiers", 0, 0, G_OPTION_ARG_INT, &opt_pull_dossiers, "Dossiers of the initial pull (20000)", "N" },
    { "push-clients", 0, 0, G_OPTION_ARG_INT, &opt_push_clients, "Concurrent pushing clients (50)", "N" },
    { "push-dossiers", 0, 0, G_OPTION_ARG_INT, &opt_push_dossiers, "Dossiers of each pushing client (100)", "N" },
    { "memory-clients", 0, 0, G_OPTION_ARG_INT, &opt_memory_clients, "Clients of the memory figure (100)", "N" },
    { "noop-runs", 0, 0, G_OPTION_ARG_INT, &opt_noop_runs, "No-op syncs to time (50)", "N" },
    { "store-dir", 0, 0, G_OPTION_ARG_FILENAME, &store_dir,
      "Keep the filled central store in DIR, and use the one there if there is one (same sizes)", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the temporary directory (replicas)", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-sync: %s\n", error->message);
      return 2;
    }
  /* G_OPTION_ARG_INT writes an int: a negative size would come back as a huge unsigned one. */
  if ((int) opt_total_rows < 0 || (int) opt_pull_dossiers < 1 || (int) opt_push_clients < 1 ||
      (int) opt_push_dossiers < 1 || (int) opt_memory_clients < 1 || (int) opt_noop_runs < 1)
    {
      g_printerr ("bench-sync: the sizes must be at least 1\n");
      return 2;
    }
  if (g_getenv ("DK_SYNC_BINARY") == NULL)
    {
      g_printerr ("bench-sync: set DK_SYNC_BINARY to the draagkracht-sync binary\n");
      return 2;
    }

  print_machine ();
  b.dir = dk_test_make_tmpdir ();
  b.db = g_build_filename (store_dir != NULL ? store_dir : b.dir, "central.db", NULL);
  if (store_dir != NULL && g_file_test (b.db, G_FILE_TEST_EXISTS))
    reuse_store (&b);
  else
    build_store (&b);

  figure_pull (&b);
  figure_noop (&b);
  figure_push (&b);
  figure_memory (&b);

  g_print ("\nbench time:            %.1f s\n", seconds_since (start));

  if (keep)
    g_print ("kept:                  %s\n", b.dir);
  else
    dk_test_remove_tree (b.dir);
  g_ptr_array_free (b.push_accounts, TRUE);
  g_ptr_array_free (b.memory_accounts, TRUE);
  g_free (b.db);
  g_free (b.dir);
  return 0;
}
