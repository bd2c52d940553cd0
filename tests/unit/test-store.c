#include "config.h"

#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>

#include "dk-store.h"

/* Migrations 1 and 2 have no IF NOT EXISTS, so running either a second time fails the open; each
 * also logs itself in runs, so a test can count how often a migration ran. */
#define MIGRATION_1 \
  { 1, "parents", \
    "CREATE TABLE runs (version INTEGER NOT NULL);" \
    "CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);" \
    "INSERT INTO runs (version) VALUES (1);" }
#define MIGRATION_2 \
  { 2, "children", \
    "CREATE TABLE child (" \
    "  id INTEGER PRIMARY KEY," \
    "  parent_id INTEGER NOT NULL REFERENCES parent (id)," \
    "  note TEXT NOT NULL" \
    ");" \
    "INSERT INTO runs (version) VALUES (2);" }

static const DkMigration migrations[] = {
  MIGRATION_1,
  MIGRATION_2,
  { 3, "third table",
    "CREATE TABLE t3 (x INTEGER);"
    "CREATE TABLE guarded (x INTEGER NOT NULL);"
    "CREATE TRIGGER guarded_no_negative BEFORE INSERT ON guarded WHEN NEW.x < 0"
    "  BEGIN SELECT RAISE (ROLLBACK, 'negative values are refused'); END;"
    "CREATE TABLE late_child ("
    "  parent_id INTEGER NOT NULL REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED"
    ");"
    "INSERT INTO runs (version) VALUES (3);" },
};

/* The second statement fails after the first has created t3. */
static const DkMigration failing_migrations[] = {
  MIGRATION_1,
  MIGRATION_2,
  { 3, "broken third", "CREATE TABLE t3 (x); CREATE TABLE t3 (y);" },
};

static const DkMigration dangling_migrations[] = {
  MIGRATION_1,
  { 2, "dangling child",
    "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id));"
    "INSERT INTO child (id, parent_id) VALUES (1, 999);" },
};

/* The table rebuild from the SQLite documentation: impossible with foreign keys on, because
 * dropping the parent would orphan the child rows. */
static const DkMigration rebuild_migrations[] = {
  MIGRATION_1,
  MIGRATION_2,
  { 3, "parent gets a city",
    "CREATE TABLE parent_new (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, city TEXT);"
    "INSERT INTO parent_new (id, name) SELECT id, name FROM parent;"
    "DROP TABLE parent;"
    "ALTER TABLE parent_new RENAME TO parent;" },
};

static const DkMigration indexed_migrations[] = {
  { 1, "items", "CREATE TABLE item (a INTEGER, b INTEGER); CREATE INDEX item_a ON item (a);" },
};

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("dk-test-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "store.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  const char *name;

  dir = g_dir_open (f->dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (f->dir, name, NULL);

      g_assert_cmpint (g_remove (file), ==, 0);
    }
  g_assert_cmpint (g_rmdir (f->dir), ==, 0);

  g_free (f->path);
  g_free (f->dir);
}

static DkStore *
open_ok (const char        *path,
         const DkMigration *list,
         gsize              n)
{
  g_autoptr(GError) error = NULL;
  DkStore *store;

  store = dk_store_open (path, list, n, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
  return store;
}

static gint64
query_int (DkStore    *store,
           const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gint64 value;

  stmt = dk_store_prepare (store, sql, &error);
  g_assert_no_error (error);
  g_assert_true (dk_store_step_row (store, stmt, &has_row, &error));
  g_assert_no_error (error);
  g_assert_true (has_row);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

static char *
query_text (DkStore    *store,
            const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  char *value;

  stmt = dk_store_prepare (store, sql, &error);
  g_assert_no_error (error);
  g_assert_true (dk_store_step_row (store, stmt, &has_row, &error));
  g_assert_true (has_row);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

static gboolean
insert_parent (DkStore     *store,
               const char  *name,
               GError     **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (store, "INSERT INTO parent (name) VALUES (?1)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  return dk_store_step_done (store, stmt, error);
}

static char *
parent_names (DkStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  stmt = dk_store_prepare (store, "SELECT name FROM parent ORDER BY id", &error);
  g_assert_no_error (error);
  while (dk_store_step_row (store, stmt, &has_row, &error) && has_row)
    {
      if (names->len > 0)
        g_string_append_c (names, ',');
      g_string_append (names, (const char *) sqlite3_column_text (stmt, 0));
    }
  g_assert_no_error (error);
  return g_string_free (g_steal_pointer (&names), FALSE);
}

static gboolean
has_table (DkStore    *store,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  stmt = dk_store_prepare (store, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1", &error);
  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  g_assert_true (dk_store_step_row (store, stmt, &has_row, &error));
  sqlite3_reset (stmt);
  return has_row;
}

static GBytes *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static void
test_open_fresh (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GRegex) iso8601 = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", 0, 0, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *path_prop = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  guint expected = 1;

  store = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  g_assert_true (g_file_test (f->path, G_FILE_TEST_IS_REGULAR));

  g_assert_cmpuint (dk_store_get_schema_version (store), ==, 3);
  g_assert_cmpint (query_int (store, "PRAGMA user_version"), ==, 3);
  mode = query_text (store, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (query_int (store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (query_int (store, "PRAGMA synchronous"), ==, 1);  /* NORMAL */
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM runs"), ==, 3);

  stmt = dk_store_prepare (store, "SELECT version, name, applied_at FROM dk_schema_history ORDER BY version",
                           &error);
  g_assert_no_error (error);
  while (dk_store_step_row (store, stmt, &has_row, &error) && has_row)
    {
      g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, expected);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, migrations[expected - 1].name);
      g_assert_true (g_regex_match (iso8601, (const char *) sqlite3_column_text (stmt, 2), 0, NULL));
      expected++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (expected, ==, 4);

  g_assert_cmpstr (dk_store_get_path (store), ==, f->path);
  g_object_get (store, "path", &path_prop, NULL);
  g_assert_cmpstr (path_prop, ==, f->path);
  g_assert_nonnull (dk_store_get_db (store));
}

static void
test_open_no_migrations (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(DkStore) store = NULL;
  g_autofree char *mode = NULL;

  store = open_ok (f->path, NULL, 0);
  g_assert_cmpuint (dk_store_get_schema_version (store), ==, 0);
  mode = query_text (store, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (query_int (store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_false (has_table (store, "dk_schema_history"));
}

static void
test_open_incremental (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(DkStore) v2 = NULL;
  g_autoptr(DkStore) v3 = NULL;
  g_autoptr(DkStore) again = NULL;
  g_autofree char *name = NULL;

  v2 = open_ok (f->path, migrations, 2);
  g_assert_cmpuint (dk_store_get_schema_version (v2), ==, 2);
  g_assert_false (has_table (v2, "t3"));
  g_assert_cmpint (query_int (v2, "SELECT count(*) FROM dk_schema_history"), ==, 2);
  g_clear_object (&v2);

  v3 = open_ok (f->path, migrations, 3);
  g_assert_cmpuint (dk_store_get_schema_version (v3), ==, 3);
  g_assert_true (has_table (v3, "t3"));
  g_assert_cmpint (query_int (v3, "SELECT count(*) FROM runs"), ==, 3);
  g_assert_cmpint (query_int (v3, "SELECT count(*) FROM runs WHERE version = 3"), ==, 1);
  g_assert_cmpint (query_int (v3, "SELECT count(*) FROM dk_schema_history"), ==, 3);
  name = query_text (v3, "SELECT name FROM dk_schema_history WHERE version = 3");
  g_assert_cmpstr (name, ==, "third table");
  g_clear_object (&v3);

  again = open_ok (f->path, migrations, 3);
  g_assert_cmpint (query_int (again, "SELECT count(*) FROM runs"), ==, 3);
  g_assert_cmpint (query_int (again, "SELECT count(*) FROM dk_schema_history"), ==, 3);
}

static void
assert_left_at_version_2 (const char *path)
{
  g_autoptr(DkStore) store = open_ok (path, migrations, 2);

  g_assert_cmpuint (dk_store_get_schema_version (store), ==, 2);
  g_assert_false (has_table (store, "t3"));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM dk_schema_history"), ==, 2);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM runs"), ==, 2);
}

static void
test_open_failing_migration (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = open_ok (f->path, migrations, 2);
  g_clear_object (&store);

  store = dk_store_open (f->path, failing_migrations, G_N_ELEMENTS (failing_migrations), &error);
  g_assert_null (store);
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_MIGRATION);
  g_assert_nonnull (strstr (error->message, "schema version 3"));
  g_assert_nonnull (strstr (error->message, "broken third"));
  g_assert_nonnull (strstr (error->message, "table t3 already exists"));
  g_assert_null (strstr (error->message, f->dir));

  assert_left_at_version_2 (f->path);
}

static void
test_open_failing_migration_fresh (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GError) error = NULL;

  /* Each migration commits on its own, so 1 and 2 stay even though 3 fails in the same open. */
  store = dk_store_open (f->path, failing_migrations, G_N_ELEMENTS (failing_migrations), &error);
  g_assert_null (store);
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_MIGRATION);

  assert_left_at_version_2 (f->path);
}

static void
test_open_migration_dangling_reference (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = dk_store_open (f->path, dangling_migrations, G_N_ELEMENTS (dangling_migrations), &error);
  g_assert_null (store);
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_MIGRATION);
  g_assert_nonnull (strstr (error->message, "schema version 2"));
  g_assert_nonnull (strstr (error->message, "“child”"));
  g_assert_nonnull (strstr (error->message, "“parent”"));

  store = open_ok (f->path, dangling_migrations, 1);
  g_assert_cmpuint (dk_store_get_schema_version (store), ==, 1);
  g_assert_false (has_table (store, "child"));
}

static void
test_open_migration_rebuilds_table (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  store = open_ok (f->path, rebuild_migrations, 2);
  g_assert_true (insert_parent (store, "Aa", &error));
  stmt = dk_store_prepare (store, "INSERT INTO child (parent_id, note) VALUES (1, 'x')", &error);
  g_assert_no_error (error);
  g_assert_true (dk_store_step_done (store, stmt, &error));
  g_clear_object (&store);

  store = open_ok (f->path, rebuild_migrations, 3);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM parent WHERE city IS NULL"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM child"), ==, 1);
  g_assert_cmpint (query_int (store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_true (dk_store_integrity_check (store, &error));
  g_assert_no_error (error);

  /* The rebuilt parent is still the one the child's foreign key checks. */
  stmt = dk_store_prepare (store, "INSERT INTO child (parent_id, note) VALUES (42, 'y')", &error);
  g_assert_no_error (error);
  g_assert_false (dk_store_step_done (store, stmt, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT);
}

static void
test_open_too_new (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

  store = open_ok (f->path, migrations, 3);
  g_clear_object (&store);
  before = read_file (f->path);

  store = dk_store_open (f->path, migrations, 2, &error);
  g_assert_null (store);
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_TOO_NEW);
  g_assert_cmpstr (error->message, ==,
                   "This database was written by a newer version of Draagkracht (schema version 3; "
                   "this program knows up to 2). Update Draagkracht to open it.");
  g_clear_error (&error);

  store = dk_store_open (f->path, NULL, 0, &error);
  g_assert_null (store);
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_TOO_NEW);

  after = read_file (f->path);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  /* The newer program still opens it. */
  store = open_ok (f->path, migrations, 3);
  g_assert_cmpuint (dk_store_get_schema_version (store), ==, 3);
}

static void
test_open_garbage (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GString) garbage = g_string_new (NULL);

  for (guint i = 0; i < 512; i++)
    g_string_append (garbage, "Dit is geen database. ");
  g_assert_true (g_file_set_contents (f->path, garbage->str, garbage->len, NULL));
  before = read_file (f->path);

  store = dk_store_open (f->path, migrations, G_N_ELEMENTS (migrations), &error);
  g_assert_null (store);
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "not a database"));
  g_assert_null (strstr (error->message, f->dir));

  after = read_file (f->path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_open_damaged (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  store = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  g_clear_object (&store);

  /* Keep the 100-byte file header, so SQLite recognises a database, but wreck the schema page. */
  bytes = read_file (f->path);
  contents = g_memdup2 (g_bytes_get_data (bytes, &length), g_bytes_get_size (bytes));
  g_assert_cmpuint (length, >, 4096);
  memset (contents + 100, 0x5a, 4096 - 100);
  g_assert_true (g_file_set_contents (f->path, contents, length, NULL));

  store = dk_store_open (f->path, migrations, G_N_ELEMENTS (migrations), &error);
  g_assert_null (store);
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CORRUPT);
}

static void
test_open_negative_version (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  sqlite3 *raw = NULL;

  g_assert_cmpint (sqlite3_open (f->path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "PRAGMA user_version = -1", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (raw), ==, SQLITE_OK);
  before = read_file (f->path);

  store = dk_store_open (f->path, migrations, G_N_ELEMENTS (migrations), &error);
  g_assert_null (store);
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CORRUPT);

  after = read_file (f->path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_open_invalid_migrations (Fixture       *f,
                              gconstpointer  data)
{
  static const DkMigration gap[] = { { 1, "a", "SELECT 1;" }, { 3, "c", "SELECT 1;" } };
  static const DkMigration from_zero[] = { { 0, "a", "SELECT 1;" }, { 1, "b", "SELECT 1;" } };
  static const DkMigration from_two[] = { { 2, "b", "SELECT 1;" } };
  static const DkMigration twice[] = { { 1, "a", "SELECT 1;" }, { 1, "a again", "SELECT 1;" } };
  static const DkMigration backwards[] = { { 2, "b", "SELECT 1;" }, { 1, "a", "SELECT 1;" } };
  static const DkMigration no_sql[] = { { 1, "a", NULL } };
  static const DkMigration no_name[] = { { 1, NULL, "SELECT 1;" } };
  static const struct {
    const DkMigration *list;
    gsize n;
  } cases[] = {
    { gap, G_N_ELEMENTS (gap) },
    { from_zero, G_N_ELEMENTS (from_zero) },
    { from_two, G_N_ELEMENTS (from_two) },
    { twice, G_N_ELEMENTS (twice) },
    { backwards, G_N_ELEMENTS (backwards) },
    { no_sql, G_N_ELEMENTS (no_sql) },
    { no_name, G_N_ELEMENTS (no_name) },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(DkStore) store = NULL;
      g_autoptr(GError) error = NULL;

      store = dk_store_open (f->path, cases[i].list, cases[i].n, &error);
      g_assert_null (store);
      g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_MIGRATION);
      /* Refused before the file is touched. */
      g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
    }
}

static void
test_open_cant_open (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "missing-folder", "store.db", NULL);

  store = dk_store_open (path, migrations, G_N_ELEMENTS (migrations), &error);
  g_assert_null (store);
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CANT_OPEN);
  g_assert_null (strstr (error->message, f->dir));
}

static gboolean
insert_two_parents (DkStore   *store,
                    gpointer   user_data,
                    GError   **error)
{
  return insert_parent (store, "Aa", error) && insert_parent (store, "Bb", error);
}

static void
test_open_memory (void)
{
  g_autoptr(DkStore) store = NULL;
  g_autoptr(DkStore) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *names = NULL;
  g_autofree char *path_prop = NULL;

  store = open_ok (":memory:", migrations, G_N_ELEMENTS (migrations));
  g_assert_cmpuint (dk_store_get_schema_version (store), ==, 3);
  mode = query_text (store, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "memory");
  g_assert_cmpint (query_int (store, "PRAGMA foreign_keys"), ==, 1);
  g_object_get (store, "path", &path_prop, NULL);
  g_assert_cmpstr (path_prop, ==, ":memory:");

  g_assert_true (dk_store_transaction (store, insert_two_parents, NULL, &error));
  g_assert_no_error (error);
  names = parent_names (store);
  g_assert_cmpstr (names, ==, "Aa,Bb");

  /* Each in-memory store is its own database. */
  other = open_ok (":memory:", migrations, G_N_ELEMENTS (migrations));
  g_assert_cmpint (query_int (other, "SELECT count(*) FROM parent"), ==, 0);
}

static void
test_prepare_cache (void)
{
  g_autoptr(DkStore) store = open_ok (":memory:", migrations, G_N_ELEMENTS (migrations));
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *select_param;
  sqlite3_stmt *again;
  sqlite3_stmt *runs;
  gboolean has_row = FALSE;
  guint rows = 0;

  select_param = dk_store_prepare (store, "SELECT ?1", &error);
  g_assert_no_error (error);
  g_assert_nonnull (select_param);
  g_assert_true (dk_store_prepare (store, "SELECT ?1", &error) == select_param);
  g_assert_true (dk_store_prepare (store, "SELECT ?1 ", &error) != select_param);

  sqlite3_bind_int64 (select_param, 1, 42);
  g_assert_true (dk_store_step_row (store, select_param, &has_row, &error));
  g_assert_true (has_row);
  g_assert_cmpint (sqlite3_column_int64 (select_param, 0), ==, 42);

  /* Requested again mid-use: it starts over, with the 42 no longer bound. */
  again = dk_store_prepare (store, "SELECT ?1", &error);
  g_assert_true (again == select_param);
  g_assert_true (dk_store_step_row (store, again, &has_row, &error));
  g_assert_true (has_row);
  g_assert_cmpint (sqlite3_column_type (again, 0), ==, SQLITE_NULL);

  runs = dk_store_prepare (store, "SELECT version FROM runs ORDER BY version", &error);
  g_assert_no_error (error);
  g_assert_true (dk_store_step_row (store, runs, &has_row, &error));
  g_assert_cmpint (sqlite3_column_int (runs, 0), ==, 1);
  g_assert_true (dk_store_step_row (store, runs, &has_row, &error));
  g_assert_cmpint (sqlite3_column_int (runs, 0), ==, 2);
  runs = dk_store_prepare (store, "SELECT version FROM runs ORDER BY version", &error);
  while (dk_store_step_row (store, runs, &has_row, &error) && has_row)
    g_assert_cmpint (sqlite3_column_int (runs, 0), ==, ++rows);
  g_assert_no_error (error);
  g_assert_cmpuint (rows, ==, 3);
  g_assert_false (has_row);
  g_assert_false (sqlite3_stmt_busy (runs));

  /* A comment after the statement is not a second statement. */
  g_assert_nonnull (dk_store_prepare (store, "SELECT 1; -- one", &error));
  g_assert_no_error (error);
}

static void
test_prepare_errors (void)
{
  g_autoptr(DkStore) store = open_ok (":memory:", migrations, G_N_ELEMENTS (migrations));
  static const char *bad[] = {
    "SELEC 1",
    "SELECT * FROM no_such_table",
    "SELECT 1; SELECT 2",
    "SELECT 1; SELECT * FROM no_such_table",
    "",
    "  -- only a comment",
    "INSERT INTO parent (name) VALUES (\"double quotes are identifiers\")",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (dk_store_prepare (store, bad[i], &error));
      g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_FAILED);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_null (dk_store_prepare (store, "SELEC 1", &error));
    g_assert_nonnull (strstr (error->message, "syntax error"));
  }
}

static void
test_step_constraints (void)
{
  g_autoptr(DkStore) store = open_ok (":memory:", migrations, G_N_ELEMENTS (migrations));
  g_autoptr(GError) error = NULL;
  const char *secret = "Jansen-9999-geheim";
  sqlite3_stmt *stmt;

  stmt = dk_store_prepare (store, "INSERT INTO child (parent_id, note) VALUES (?1, ?2)", &error);
  g_assert_no_error (error);
  sqlite3_bind_int64 (stmt, 1, 999);
  sqlite3_bind_text (stmt, 2, secret, -1, SQLITE_STATIC);
  g_assert_false (dk_store_step_done (store, stmt, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "FOREIGN KEY"));
  g_assert_null (strstr (error->message, secret));
  g_assert_null (strstr (error->message, "999"));
  g_assert_false (sqlite3_stmt_busy (stmt));
  g_clear_error (&error);

  g_assert_true (insert_parent (store, secret, &error));
  g_assert_false (insert_parent (store, secret, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "UNIQUE"));
  g_assert_nonnull (strstr (error->message, "parent.name"));
  g_assert_null (strstr (error->message, secret));
  g_clear_error (&error);

  g_assert_false (insert_parent (store, NULL, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "NOT NULL"));
  g_clear_error (&error);

  /* Statements stay usable after a failure. */
  g_assert_true (insert_parent (store, "Cc", &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM parent"), ==, 2);
}

static void
test_step_done_with_row (void)
{
  g_autoptr(DkStore) store = open_ok (":memory:", migrations, G_N_ELEMENTS (migrations));
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  stmt = dk_store_prepare (store, "SELECT version FROM runs", &error);
  g_assert_no_error (error);
  g_assert_false (dk_store_step_done (store, stmt, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_FAILED);
  g_assert_false (sqlite3_stmt_busy (stmt));
}

static void
test_transaction_commit (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(DkStore) store = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  g_autoptr(DkStore) reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;

  g_assert_true (dk_store_transaction (store, insert_two_parents, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sqlite3_get_autocommit (dk_store_get_db (store)));

  /* Committed: another connection sees it. */
  reader = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  names = parent_names (reader);
  g_assert_cmpstr (names, ==, "Aa,Bb");
}

static gboolean
insert_then_fail (DkStore   *store,
                  gpointer   user_data,
                  GError   **error)
{
  const char *name = user_data;

  if (!insert_parent (store, name, error))
    return FALSE;

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "refused by the test");
  return FALSE;
}

static void
test_transaction_rollback (void)
{
  g_autoptr(DkStore) store = open_ok (":memory:", migrations, G_N_ELEMENTS (migrations));
  g_autoptr(GError) error = NULL;

  g_assert_false (dk_store_transaction (store, insert_then_fail, (gpointer) "Aa", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpstr (error->message, ==, "refused by the test");
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM parent"), ==, 0);
  g_assert_true (sqlite3_get_autocommit (dk_store_get_db (store)));

  /* Without an error location the failure still rolls back. */
  g_assert_false (dk_store_transaction (store, insert_then_fail, (gpointer) "Aa", NULL));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM parent"), ==, 0);

  g_assert_true (dk_store_transaction (store, insert_two_parents, NULL, NULL));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM parent"), ==, 2);
}

static gboolean
outer_survives_inner_failure (DkStore   *store,
                              gpointer   user_data,
                              GError   **error)
{
  g_autoptr(GError) inner_error = NULL;

  if (!insert_parent (store, "outer-before", error))
    return FALSE;

  g_assert_false (dk_store_transaction (store, insert_then_fail, (gpointer) "inner", &inner_error));
  g_assert_error (inner_error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_false (sqlite3_get_autocommit (dk_store_get_db (store)));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM parent WHERE name = 'outer-before'"), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM parent WHERE name = 'inner'"), ==, 0);

  /* An inner failure from SQLite itself is handled the same way. */
  g_clear_error (&inner_error);
  g_assert_false (dk_store_transaction (store, insert_then_fail, (gpointer) "outer-before", &inner_error));
  g_assert_error (inner_error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT);

  return insert_parent (store, "outer-after", error);
}

static void
test_transaction_nested_inner_fails (void)
{
  g_autoptr(DkStore) store = open_ok (":memory:", migrations, G_N_ELEMENTS (migrations));
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;

  g_assert_true (dk_store_transaction (store, outer_survives_inner_failure, NULL, &error));
  g_assert_no_error (error);
  names = parent_names (store);
  g_assert_cmpstr (names, ==, "outer-before,outer-after");
  g_assert_true (sqlite3_get_autocommit (dk_store_get_db (store)));
}

static gboolean
inner_ok_outer_fails (DkStore   *store,
                      gpointer   user_data,
                      GError   **error)
{
  if (!dk_store_transaction (store, insert_two_parents, NULL, error))
    return FALSE;

  return insert_then_fail (store, (gpointer) "Cc", error);
}

static void
test_transaction_nested_outer_fails (void)
{
  g_autoptr(DkStore) store = open_ok (":memory:", migrations, G_N_ELEMENTS (migrations));
  g_autoptr(GError) error = NULL;

  g_assert_false (dk_store_transaction (store, inner_ok_outer_fails, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM parent"), ==, 0);
}

static gboolean
innermost (DkStore   *store,
           gpointer   user_data,
           GError   **error)
{
  return insert_parent (store, "innermost", error);
}

static gboolean
middle_fails_after_innermost (DkStore   *store,
                              gpointer   user_data,
                              GError   **error)
{
  if (!insert_parent (store, "middle", error))
    return FALSE;
  if (!dk_store_transaction (store, innermost, NULL, error))
    return FALSE;

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "middle gives up");
  return FALSE;
}

static gboolean
outer_of_three (DkStore   *store,
                gpointer   user_data,
                GError   **error)
{
  g_autoptr(GError) middle_error = NULL;

  if (!insert_parent (store, "outer", error))
    return FALSE;

  g_assert_false (dk_store_transaction (store, middle_fails_after_innermost, NULL, &middle_error));
  g_assert_error (middle_error, G_IO_ERROR, G_IO_ERROR_FAILED);

  /* The savepoint names are reused at the same depth. */
  return dk_store_transaction (store, innermost, NULL, error);
}

static void
test_transaction_three_levels (void)
{
  g_autoptr(DkStore) store = open_ok (":memory:", migrations, G_N_ELEMENTS (migrations));
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;

  g_assert_true (dk_store_transaction (store, outer_of_three, NULL, &error));
  g_assert_no_error (error);
  names = parent_names (store);
  g_assert_cmpstr (names, ==, "outer,innermost");
}

static gboolean
insert_late_orphan (DkStore   *store,
                    gpointer   user_data,
                    GError   **error)
{
  sqlite3_stmt *stmt;

  if (!insert_parent (store, "Aa", error))
    return FALSE;

  stmt = dk_store_prepare (store, "INSERT INTO late_child (parent_id) VALUES (999)", error);
  return stmt != NULL && dk_store_step_done (store, stmt, error);
}

static void
test_transaction_deferred_constraint (void)
{
  g_autoptr(DkStore) store = open_ok (":memory:", migrations, G_N_ELEMENTS (migrations));
  g_autoptr(GError) error = NULL;

  /* The deferred foreign key only fails at COMMIT, which leaves SQLite's transaction open. */
  g_assert_false (dk_store_transaction (store, insert_late_orphan, NULL, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT);
  g_assert_true (sqlite3_get_autocommit (dk_store_get_db (store)));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM parent"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM late_child"), ==, 0);
  g_clear_error (&error);

  g_assert_true (dk_store_transaction (store, insert_two_parents, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM parent"), ==, 2);
}

static gboolean
insert_negative (DkStore   *store,
                 gpointer   user_data,
                 GError   **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (store, "INSERT INTO guarded (x) VALUES (-1)", error);

  return stmt != NULL && dk_store_step_done (store, stmt, error);
}

static gboolean
outer_ignores_lost_transaction (DkStore   *store,
                                gpointer   user_data,
                                GError   **error)
{
  g_autoptr(GError) inner_error = NULL;
  g_autoptr(GError) later_error = NULL;
  sqlite3_stmt *insert;

  if (!insert_parent (store, "before", error))
    return FALSE;
  insert = dk_store_prepare (store, "INSERT INTO parent (name) VALUES ('prepared before')", error);
  if (insert == NULL)
    return FALSE;

  /* RAISE (ROLLBACK) ends the whole transaction, not just the savepoint. */
  g_assert_false (dk_store_transaction (store, insert_negative, NULL, &inner_error));
  g_assert_error (inner_error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (inner_error->message, "negative values are refused"));

  /* Nothing may run now, or it would be committed on its own. */
  g_assert_false (insert_parent (store, "after", &later_error));
  g_assert_error (later_error, DK_STORE_ERROR, DK_STORE_ERROR_FAILED);
  g_clear_error (&later_error);
  g_assert_false (dk_store_step_done (store, insert, &later_error));
  g_assert_error (later_error, DK_STORE_ERROR, DK_STORE_ERROR_FAILED);
  g_clear_error (&later_error);
  g_assert_false (dk_store_transaction (store, insert_two_parents, NULL, &later_error));
  g_assert_error (later_error, DK_STORE_ERROR, DK_STORE_ERROR_FAILED);

  /* A careless caller that reports success anyway. */
  return TRUE;
}

static void
test_transaction_lost (void)
{
  g_autoptr(DkStore) store = open_ok (":memory:", migrations, G_N_ELEMENTS (migrations));
  g_autoptr(GError) error = NULL;

  g_assert_false (dk_store_transaction (store, outer_ignores_lost_transaction, NULL, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_FAILED);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM parent"), ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM guarded"), ==, 0);
  g_clear_error (&error);

  /* The outermost level that fails directly propagates SQLite's error. */
  g_assert_false (dk_store_transaction (store, insert_negative, NULL, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  g_assert_true (dk_store_transaction (store, insert_two_parents, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM parent"), ==, 2);
}

static gboolean
fail_silently (DkStore   *store,
               gpointer   user_data,
               GError   **error)
{
  return insert_parent (store, "Aa", error) && FALSE;
}

/* g_test_expect_message() does not see structured logging in GLib 2.74, and a subprocess trap
 * leaves GLib's child-watch thread behind for valgrind to report, so the test catches the critical
 * with a log writer of its own. */
static const char *swallow_critical;
static guint swallowed_criticals;

static GLogWriterOutput
test_log_writer (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  if (swallow_critical != NULL && (log_level & G_LOG_LEVEL_CRITICAL) != 0)
    {
      for (gsize i = 0; i < n_fields; i++)
        {
          if (g_strcmp0 (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0 &&
              strstr (fields[i].value, swallow_critical) != NULL)
            {
              swallowed_criticals++;
              return G_LOG_WRITER_HANDLED;
            }
        }
    }

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static void
test_transaction_false_without_error (void)
{
  g_autoptr(DkStore) store = open_ok (":memory:", migrations, G_N_ELEMENTS (migrations));
  g_autoptr(GError) error = NULL;

  /* A programming error, reported as such, yet the caller still gets an error and no data. */
  swallow_critical = "returned FALSE without setting an error";
  swallowed_criticals = 0;
  g_assert_false (dk_store_transaction (store, fail_silently, NULL, &error));
  swallow_critical = NULL;
  g_assert_cmpuint (swallowed_criticals, ==, 1);
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_FAILED);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM parent"), ==, 0);
}

static gboolean
try_write_other (DkStore   *store,
                 gpointer   user_data,
                 GError   **error)
{
  DkStore *other = user_data;
  g_autoptr(GError) busy_error = NULL;

  if (!insert_parent (store, "Aa", error))
    return FALSE;

  g_assert_false (dk_store_transaction (other, insert_two_parents, NULL, &busy_error));
  g_assert_error (busy_error, DK_STORE_ERROR, DK_STORE_ERROR_BUSY);
  return TRUE;
}

static void
test_transaction_busy (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(DkStore) store = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  g_autoptr(DkStore) other = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  g_autoptr(GError) error = NULL;

  /* Do not wait the five seconds. */
  g_assert_cmpint (sqlite3_busy_timeout (dk_store_get_db (other), 0), ==, SQLITE_OK);

  g_assert_true (dk_store_transaction (store, try_write_other, other, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (other, "SELECT count(*) FROM parent"), ==, 1);

  g_assert_false (dk_store_transaction (other, insert_two_parents, NULL, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT);  /* "Aa" exists: it did write */
}

static void
test_integrity_ok (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(DkStore) store = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  g_autoptr(GError) error = NULL;

  g_assert_true (dk_store_transaction (store, insert_two_parents, NULL, &error));
  g_assert_true (dk_store_integrity_check (store, &error));
  g_assert_no_error (error);
}

static void
run_ok (DkStore    *store,
        const char *sql)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, &error);

  g_assert_no_error (error);
  g_assert_true (dk_store_step_done (store, stmt, &error));
  g_assert_no_error (error);
}

static void
test_integrity_dangling_reference (void)
{
  g_autoptr(DkStore) store = open_ok (":memory:", migrations, G_N_ELEMENTS (migrations));
  g_autoptr(GError) error = NULL;

  run_ok (store, "PRAGMA foreign_keys = OFF");
  run_ok (store, "INSERT INTO child (parent_id, note) VALUES (7, 'orphan')");
  run_ok (store, "PRAGMA foreign_keys = ON");

  g_assert_false (dk_store_integrity_check (store, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "“child”"));
  g_assert_nonnull (strstr (error->message, "“parent”"));
  g_assert_null (strstr (error->message, "orphan"));
}

static void
test_integrity_damaged_index (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(DkStore) store = open_ok (f->path, indexed_migrations, G_N_ELEMENTS (indexed_migrations));
  g_autoptr(GError) error = NULL;
  sqlite3 *raw = NULL;

  run_ok (store, "INSERT INTO item (a, b) VALUES (1, 20), (2, 10), (3, 30)");
  g_clear_object (&store);

  /* Only a connection without defensive mode can lie about an index like this; the store's own
   * connection refuses writable_schema. */
  g_assert_cmpint (sqlite3_open (f->path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw,
                                 "PRAGMA writable_schema = ON;"
                                 "UPDATE sqlite_schema SET sql = 'CREATE INDEX item_a ON item (b)'"
                                 " WHERE name = 'item_a';",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (raw), ==, SQLITE_OK);

  store = open_ok (f->path, indexed_migrations, G_N_ELEMENTS (indexed_migrations));
  g_assert_false (dk_store_integrity_check (store, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CORRUPT);
}

static void
test_defensive (void)
{
  g_autoptr(DkStore) store = open_ok (":memory:", indexed_migrations, G_N_ELEMENTS (indexed_migrations));
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt;

  /* The store's connection is in defensive mode: the trick of test_integrity_damaged_index() fails. */
  run_ok (store, "PRAGMA writable_schema = ON");
  stmt = dk_store_prepare (store, "UPDATE sqlite_schema SET sql = 'CREATE INDEX item_a ON item (b)'"
                                  " WHERE name = 'item_a'", &error);
  g_assert_null (stmt);
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_FAILED);
  g_assert_nonnull (strstr (error->message, "may not be modified"));
}

static void
test_backup (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(DkStore) store = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  g_autoptr(DkStore) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dest = g_build_filename (f->dir, "backup.db", NULL);
  g_autofree char *names = NULL;

  g_assert_true (dk_store_transaction (store, insert_two_parents, NULL, &error));
  g_assert_true (dk_store_backup_to (store, dest, &error));
  g_assert_no_error (error);

  copy = open_ok (dest, migrations, G_N_ELEMENTS (migrations));
  g_assert_cmpuint (dk_store_get_schema_version (copy), ==, 3);
  names = parent_names (copy);
  g_assert_cmpstr (names, ==, "Aa,Bb");
  g_assert_cmpint (query_int (copy, "SELECT count(*) FROM dk_schema_history"), ==, 3);
  g_assert_true (dk_store_integrity_check (copy, &error));
  g_assert_no_error (error);
  g_clear_object (&copy);
  g_clear_pointer (&names, g_free);

  /* A second backup replaces the first. */
  g_assert_true (insert_parent (store, "Cc", &error));
  g_assert_true (dk_store_backup_to (store, dest, &error));
  g_assert_no_error (error);
  copy = open_ok (dest, migrations, G_N_ELEMENTS (migrations));
  names = parent_names (copy);
  g_assert_cmpstr (names, ==, "Aa,Bb,Cc");
}

static void
test_backup_memory (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DkStore) store = open_ok (":memory:", migrations, G_N_ELEMENTS (migrations));
  g_autoptr(DkStore) copy = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *names = NULL;

  g_assert_true (dk_store_transaction (store, insert_two_parents, NULL, &error));
  g_assert_true (dk_store_backup_to (store, f->path, &error));
  g_assert_no_error (error);

  copy = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  names = parent_names (copy);
  g_assert_cmpstr (names, ==, "Aa,Bb");
}

static void
test_backup_errors (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DkStore) store = open_ok (":memory:", migrations, G_N_ELEMENTS (migrations));
  g_autoptr(GError) error = NULL;
  g_autofree char *missing = g_build_filename (f->dir, "missing-folder", "backup.db", NULL);

  g_assert_false (dk_store_backup_to (store, missing, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CANT_OPEN);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (f->path, "geen database, echt niet, ook niet een klein beetje. "
                                      "geen database, echt niet, ook niet een klein beetje.", -1, NULL));
  g_assert_false (dk_store_backup_to (store, f->path, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CORRUPT);
}

static void
test_finalize_with_statement_in_use (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(DkStore) store = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  stmt = dk_store_prepare (store, "SELECT version FROM runs", &error);
  g_assert_true (dk_store_step_row (store, stmt, &has_row, &error));
  g_assert_true (has_row);

  /* Closing must finalize the half-read statement first, or sqlite3_close() fails (and the test's
   * fatal warnings would abort); a clean close also removes the WAL file. */
  g_clear_object (&store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* A second list for tables of their own, numbered from 1 like the main one. Track migration 1 refers
 * to the main list's parent table, and each logs itself in runs (made by main migration 1). */
#define TRACK_MIGRATION_1 \
  { 1, "accounts", \
    "CREATE TABLE account (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id));" \
    "INSERT INTO runs (version) VALUES (101);" }
#define TRACK_MIGRATION_2 \
  { 2, "sessions", \
    "CREATE TABLE session (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES account (id));" \
    "INSERT INTO runs (version) VALUES (102);" }

static const DkMigration track_migrations[] = {
  TRACK_MIGRATION_1,
  TRACK_MIGRATION_2,
  { 3, "audit", "CREATE TABLE audit (x INTEGER); INSERT INTO runs (version) VALUES (103);" },
};

static const DkMigration failing_track_migrations[] = {
  TRACK_MIGRATION_1,
  TRACK_MIGRATION_2,
  { 3, "broken audit", "CREATE TABLE audit (x); CREATE TABLE audit (y);" },
};

static const DkMigration dangling_track_migrations[] = {
  TRACK_MIGRATION_1,
  { 2, "dangling session",
    "CREATE TABLE session (id INTEGER PRIMARY KEY, account_id INTEGER NOT NULL REFERENCES account (id));"
    "INSERT INTO session (id, account_id) VALUES (1, 999);" },
};

static void
migrate_track_ok (DkStore           *store,
                  const char        *track,
                  const DkMigration *list,
                  gsize              n)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dk_store_migrate_track (store, track, list, n, &error));
  g_assert_no_error (error);
}

static guint
track_version (DkStore    *store,
               const char *track)
{
  g_autoptr(GError) error = NULL;
  guint version = G_MAXUINT;

  g_assert_true (dk_store_get_track_version (store, track, &version, &error));
  g_assert_no_error (error);
  return version;
}

/* "track:version:name" rows of dk_schema_history, in the order they were applied. */
static char *
history_rows (DkStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) rows = g_string_new (NULL);
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  stmt = dk_store_prepare (store, "SELECT track, version, name FROM dk_schema_history ORDER BY rowid", &error);
  g_assert_no_error (error);
  while (dk_store_step_row (store, stmt, &has_row, &error) && has_row)
    g_string_append_printf (rows, "%s%s:%d:%s", rows->len > 0 ? "," : "",
                            (const char *) sqlite3_column_text (stmt, 0),
                            sqlite3_column_int (stmt, 1),
                            (const char *) sqlite3_column_text (stmt, 2));
  g_assert_no_error (error);
  return g_string_free (g_steal_pointer (&rows), FALSE);
}

static void
test_track_fresh (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(DkStore) store = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  g_autoptr(GRegex) iso8601 = g_regex_new ("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$", 0, 0, NULL);
  g_autofree char *history = NULL;
  g_autofree char *applied_at = NULL;

  /* A database that only holds the main list (a client replica) never gets the track table. */
  g_assert_false (has_table (store, "dk_schema_track"));
  g_assert_cmpuint (track_version (store, "server"), ==, 0);

  migrate_track_ok (store, "server", track_migrations, G_N_ELEMENTS (track_migrations));
  g_assert_cmpuint (track_version (store, "server"), ==, 3);
  g_assert_cmpuint (track_version (store, "main"), ==, 3);
  g_assert_true (has_table (store, "account"));
  g_assert_true (has_table (store, "session"));
  g_assert_true (has_table (store, "audit"));
  g_assert_cmpint (query_int (store, "SELECT version FROM dk_schema_track WHERE track = 'server'"), ==, 3);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM dk_schema_track"), ==, 1);
  /* The main list's version stays where it was. */
  g_assert_cmpint (query_int (store, "PRAGMA user_version"), ==, 3);
  g_assert_cmpuint (dk_store_get_schema_version (store), ==, 3);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM runs WHERE version > 100"), ==, 3);

  history = history_rows (store);
  g_assert_cmpstr (history, ==,
                   "main:1:parents,main:2:children,main:3:third table,"
                   "server:1:accounts,server:2:sessions,server:3:audit");
  applied_at = query_text (store, "SELECT applied_at FROM dk_schema_history WHERE track = 'server' AND version = 2");
  g_assert_true (g_regex_match (iso8601, applied_at, 0, NULL));

  /* Foreign keys are on again after the track's migrations. */
  g_assert_cmpint (query_int (store, "PRAGMA foreign_keys"), ==, 1);
  {
    g_autoptr(GError) error = NULL;
    sqlite3_stmt *stmt = dk_store_prepare (store, "INSERT INTO account (parent_id) VALUES (42)", &error);

    g_assert_no_error (error);
    g_assert_false (dk_store_step_done (store, stmt, &error));
    g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CONSTRAINT);
  }
}

static void
test_track_incremental (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(DkStore) store = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  g_autoptr(DkStore) again = NULL;

  migrate_track_ok (store, "server", track_migrations, 1);
  g_assert_cmpuint (track_version (store, "server"), ==, 1);
  g_assert_false (has_table (store, "session"));
  g_clear_object (&store);

  /* Track migrations 1 and 2 have no IF NOT EXISTS: running one twice would fail. */
  again = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  g_assert_cmpuint (track_version (again, "server"), ==, 1);
  migrate_track_ok (again, "server", track_migrations, 2);
  migrate_track_ok (again, "server", track_migrations, 2);
  g_assert_cmpuint (track_version (again, "server"), ==, 2);
  g_assert_cmpint (query_int (again, "SELECT count(*) FROM runs WHERE version = 101"), ==, 1);
  g_assert_cmpint (query_int (again, "SELECT count(*) FROM runs WHERE version = 102"), ==, 1);
  g_assert_cmpint (query_int (again, "SELECT count(*) FROM dk_schema_history WHERE track = 'server'"), ==, 2);

  /* Nothing to do is no error, also for an empty list on a track that never started. */
  migrate_track_ok (again, "empty", NULL, 0);
  g_assert_cmpuint (track_version (again, "empty"), ==, 0);
}

static void
test_track_independent (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(DkStore) store = open_ok (f->path, migrations, 2);
  g_autofree char *history = NULL;

  /* Two tracks both numbered from 1, and the main list growing after them. */
  migrate_track_ok (store, "server", track_migrations, 1);
  migrate_track_ok (store, "other",
                    (const DkMigration[]) { { 1, "other one", "CREATE TABLE other_one (x INTEGER);" } }, 1);
  g_clear_object (&store);

  store = open_ok (f->path, migrations, 3);
  g_assert_cmpuint (dk_store_get_schema_version (store), ==, 3);
  g_assert_cmpuint (track_version (store, "server"), ==, 1);
  g_assert_cmpuint (track_version (store, "other"), ==, 1);
  migrate_track_ok (store, "server", track_migrations, 2);
  g_assert_cmpuint (track_version (store, "server"), ==, 2);
  g_assert_cmpuint (track_version (store, "other"), ==, 1);

  history = history_rows (store);
  g_assert_cmpstr (history, ==,
                   "main:1:parents,main:2:children,server:1:accounts,other:1:other one,"
                   "main:3:third table,server:2:sessions");
}

static void
test_track_failing_migration (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(DkStore) store = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  g_autoptr(GError) error = NULL;

  g_assert_false (dk_store_migrate_track (store, "server", failing_track_migrations,
                                          G_N_ELEMENTS (failing_track_migrations), &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_MIGRATION);
  g_assert_cmpstr (error->message, ==,
                   "The database’s “server” tables could not be updated to version 3 (“broken audit”): "
                   "table audit already exists");
  g_clear_error (&error);

  /* 1 and 2 committed on their own; 3 left nothing behind; the store stays usable. */
  g_assert_cmpuint (track_version (store, "server"), ==, 2);
  g_assert_true (has_table (store, "session"));
  g_assert_false (has_table (store, "audit"));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM dk_schema_history WHERE track = 'server'"), ==, 2);
  g_assert_cmpint (query_int (store, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpuint (dk_store_get_schema_version (store), ==, 3);
  g_assert_true (insert_parent (store, "Aa", &error));
  g_assert_no_error (error);

  /* The corrected program carries on from version 2. */
  migrate_track_ok (store, "server", track_migrations, G_N_ELEMENTS (track_migrations));
  g_assert_cmpuint (track_version (store, "server"), ==, 3);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM runs WHERE version > 100"), ==, 3);
}

static void
test_track_dangling_reference (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(DkStore) store = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  g_autoptr(GError) error = NULL;

  g_assert_false (dk_store_migrate_track (store, "server", dangling_track_migrations,
                                          G_N_ELEMENTS (dangling_track_migrations), &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_MIGRATION);
  g_assert_nonnull (strstr (error->message, "“server”"));
  g_assert_nonnull (strstr (error->message, "“session”"));
  g_assert_nonnull (strstr (error->message, "“account”"));

  g_assert_cmpuint (track_version (store, "server"), ==, 1);
  g_assert_false (has_table (store, "session"));
  g_assert_cmpint (query_int (store, "PRAGMA foreign_keys"), ==, 1);
}

static void
test_track_too_new (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(DkStore) store = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;

  migrate_track_ok (store, "server", track_migrations, 3);
  g_clear_object (&store);
  before = read_file (f->path);

  store = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  g_assert_false (dk_store_migrate_track (store, "server", track_migrations, 2, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_TOO_NEW);
  g_assert_cmpstr (error->message, ==,
                   "This database was written by a newer version of Draagkracht (version 3 of its "
                   "“server” tables; this program knows up to 2). Update Draagkracht to open it.");
  g_clear_error (&error);
  g_assert_false (dk_store_migrate_track (store, "server", NULL, 0, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_TOO_NEW);
  g_clear_error (&error);

  /* Nothing ran again, and the file is as it was. */
  g_assert_cmpuint (track_version (store, "server"), ==, 3);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM runs WHERE version > 100"), ==, 3);
  g_clear_object (&store);

  after = read_file (f->path);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_track_invalid_version (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(DkStore) store = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  g_autoptr(GError) error = NULL;
  guint version = 7;
  sqlite3 *raw = NULL;

  /* Written by something else than Draagkracht, around the CHECK. */
  g_assert_cmpint (sqlite3_open (f->path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "CREATE TABLE dk_schema_track (track TEXT PRIMARY KEY, version INTEGER);"
                                 "INSERT INTO dk_schema_track VALUES ('server', -4), ('huge', 4294967297);",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (raw), ==, SQLITE_OK);

  g_assert_false (dk_store_migrate_track (store, "server", track_migrations, 1, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "“server”"));
  g_clear_error (&error);

  g_assert_false (dk_store_get_track_version (store, "huge", &version, &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_CORRUPT);
  g_assert_cmpuint (version, ==, 0);
  g_assert_false (has_table (store, "account"));
}

static void
test_track_invalid_migrations (Fixture       *f,
                               gconstpointer  data)
{
  static const DkMigration gap[] = { { 1, "a", "CREATE TABLE a (x);" }, { 3, "c", "SELECT 1;" } };
  static const DkMigration from_two[] = { { 2, "b", "CREATE TABLE b (x);" } };
  static const DkMigration no_sql[] = { { 1, "a", NULL } };
  static const struct {
    const char *track;
    const DkMigration *list;
    gsize n;
  } cases[] = {
    { "server", gap, G_N_ELEMENTS (gap) },
    { "server", from_two, G_N_ELEMENTS (from_two) },
    { "server", no_sql, G_N_ELEMENTS (no_sql) },
    { "main", track_migrations, G_N_ELEMENTS (track_migrations) },
    { "", track_migrations, G_N_ELEMENTS (track_migrations) },
  };
  g_autoptr(DkStore) store = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (dk_store_migrate_track (store, cases[i].track, cases[i].list, cases[i].n, &error));
      g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_MIGRATION);
    }

  /* Refused before anything was written. */
  g_assert_false (has_table (store, "dk_schema_track"));
  g_assert_false (has_table (store, "a"));
  g_assert_false (has_table (store, "account"));
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM dk_schema_history"), ==, 3);
  g_assert_cmpint (query_int (store, "PRAGMA user_version"), ==, 3);
}

static void
test_track_two_connections (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(DkStore) first = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  g_autoptr(DkStore) second = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));

  migrate_track_ok (first, "server", track_migrations, G_N_ELEMENTS (track_migrations));
  migrate_track_ok (second, "server", track_migrations, G_N_ELEMENTS (track_migrations));
  g_assert_cmpuint (track_version (second, "server"), ==, 3);
  g_assert_cmpint (query_int (second, "SELECT count(*) FROM runs WHERE version > 100"), ==, 3);
}

/* The database exactly as the store made it before tracks existed: dk_schema_history keyed by
 * version alone, created inside each migration's transaction. */
static void
make_pre_track_database (const char *path,
                         guint       version)
{
  sqlite3 *raw = NULL;

  g_assert_cmpint (sqlite3_open (path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw, "PRAGMA journal_mode = WAL", NULL, NULL, NULL), ==, SQLITE_OK);
  for (guint i = 0; i < version; i++)
    {
      g_autofree char *script = NULL;

      script = g_strdup_printf ("BEGIN IMMEDIATE;"
                                "CREATE TABLE IF NOT EXISTS dk_schema_history ("
                                "  version     INTEGER PRIMARY KEY NOT NULL,"
                                "  name        TEXT NOT NULL,"
                                "  applied_at  TEXT NOT NULL"
                                ");"
                                "%s"
                                "PRAGMA user_version = %u;"
                                "INSERT INTO dk_schema_history (version, name, applied_at)"
                                "  VALUES (%u, '%s', '2025-01-0%uT10:00:00Z');"
                                "COMMIT;",
                                migrations[i].sql, migrations[i].version, migrations[i].version,
                                migrations[i].name, migrations[i].version);
      g_assert_cmpint (sqlite3_exec (raw, script, NULL, NULL, NULL), ==, SQLITE_OK);
    }
  g_assert_cmpint (sqlite3_exec (raw, "INSERT INTO parent (name) VALUES ('Aa')", NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (raw), ==, SQLITE_OK);
}

static void
test_track_pre_track_database (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *history = NULL;
  g_autofree char *applied_at = NULL;
  g_autofree char *names = NULL;

  make_pre_track_database (f->path, 3);
  before = read_file (f->path);

  /* Up to date: it opens, and with nothing to migrate nothing is written. */
  store = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  g_assert_cmpuint (dk_store_get_schema_version (store), ==, 3);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM pragma_table_info ('dk_schema_history') WHERE name = 'track'"),
                   ==, 0);
  g_clear_object (&store);
  after = read_file (f->path);
  g_assert_true (g_bytes_equal (before, after));

  /* The first track migration brings the history along, keeping its rows. */
  store = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  migrate_track_ok (store, "server", track_migrations, G_N_ELEMENTS (track_migrations));
  history = history_rows (store);
  g_assert_cmpstr (history, ==,
                   "main:1:parents,main:2:children,main:3:third table,"
                   "server:1:accounts,server:2:sessions,server:3:audit");
  applied_at = query_text (store, "SELECT applied_at FROM dk_schema_history WHERE track = 'main' AND version = 2");
  g_assert_cmpstr (applied_at, ==, "2025-01-02T10:00:00Z");
  names = parent_names (store);
  g_assert_cmpstr (names, ==, "Aa");
  g_assert_true (dk_store_integrity_check (store, &error));
  g_assert_no_error (error);
}

static void
test_track_pre_track_database_behind (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *history = NULL;
  sqlite3 *raw = NULL;

  /* A main migration still pending brings the history along in its own transaction. */
  make_pre_track_database (f->path, 2);
  store = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  g_assert_cmpuint (dk_store_get_schema_version (store), ==, 3);
  history = history_rows (store);
  g_assert_cmpstr (history, ==, "main:1:parents,main:2:children,main:3:third table");
  g_clear_object (&store);
  g_clear_pointer (&history, g_free);

  /* A program from before tracks still records its main migrations correctly in the new shape. */
  g_assert_cmpint (sqlite3_open (f->path, &raw), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (raw,
                                 "BEGIN IMMEDIATE;"
                                 "CREATE TABLE IF NOT EXISTS dk_schema_history ("
                                 "  version     INTEGER PRIMARY KEY NOT NULL,"
                                 "  name        TEXT NOT NULL,"
                                 "  applied_at  TEXT NOT NULL"
                                 ");"
                                 "CREATE TABLE t4 (x INTEGER);"
                                 "PRAGMA user_version = 4;"
                                 "INSERT INTO dk_schema_history (version, name, applied_at)"
                                 "  VALUES (4, 'fourth', '2025-02-01T10:00:00Z');"
                                 "COMMIT;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_close (raw), ==, SQLITE_OK);

  store = open_ok (f->path, (const DkMigration[]) {
                     MIGRATION_1, MIGRATION_2, migrations[2], { 4, "fourth", "CREATE TABLE t4 (x INTEGER);" } },
                   4);
  history = history_rows (store);
  g_assert_cmpstr (history, ==, "main:1:parents,main:2:children,main:3:third table,main:4:fourth");

  /* A failing first track migration rolls the history's rebuild back with it. */
  g_clear_object (&store);
  g_clear_pointer (&history, g_free);
  g_assert_true (g_remove (f->path) == 0);
  {
    g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);

    g_remove (wal);
    g_remove (shm);
  }
  make_pre_track_database (f->path, 3);
  store = open_ok (f->path, migrations, G_N_ELEMENTS (migrations));
  g_assert_false (dk_store_migrate_track (store, "server",
                                          (const DkMigration[]) { { 1, "broken", "CREATE TABLE t3 (x);" } }, 1,
                                          &error));
  g_assert_error (error, DK_STORE_ERROR, DK_STORE_ERROR_MIGRATION);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM pragma_table_info ('dk_schema_history') WHERE name = 'track'"),
                   ==, 0);
  g_assert_cmpint (query_int (store, "SELECT count(*) FROM dk_schema_history"), ==, 3);
  g_assert_false (has_table (store, "dk_schema_track"));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (test_log_writer, NULL, NULL);

#define ADD_F(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD_F ("/store/open/fresh", test_open_fresh);
  ADD_F ("/store/open/no-migrations", test_open_no_migrations);
  ADD_F ("/store/open/incremental", test_open_incremental);
  ADD_F ("/store/open/failing-migration", test_open_failing_migration);
  ADD_F ("/store/open/failing-migration-fresh", test_open_failing_migration_fresh);
  ADD_F ("/store/open/migration-dangling-reference", test_open_migration_dangling_reference);
  ADD_F ("/store/open/migration-rebuilds-table", test_open_migration_rebuilds_table);
  ADD_F ("/store/open/too-new", test_open_too_new);
  ADD_F ("/store/open/garbage", test_open_garbage);
  ADD_F ("/store/open/damaged", test_open_damaged);
  ADD_F ("/store/open/negative-version", test_open_negative_version);
  ADD_F ("/store/open/invalid-migrations", test_open_invalid_migrations);
  ADD_F ("/store/open/cant-open", test_open_cant_open);
  g_test_add_func ("/store/open/memory", test_open_memory);
  g_test_add_func ("/store/prepare/cache", test_prepare_cache);
  g_test_add_func ("/store/prepare/errors", test_prepare_errors);
  g_test_add_func ("/store/step/constraints", test_step_constraints);
  g_test_add_func ("/store/step/done-with-row", test_step_done_with_row);
  ADD_F ("/store/transaction/commit", test_transaction_commit);
  g_test_add_func ("/store/transaction/rollback", test_transaction_rollback);
  g_test_add_func ("/store/transaction/nested-inner-fails", test_transaction_nested_inner_fails);
  g_test_add_func ("/store/transaction/nested-outer-fails", test_transaction_nested_outer_fails);
  g_test_add_func ("/store/transaction/three-levels", test_transaction_three_levels);
  g_test_add_func ("/store/transaction/deferred-constraint", test_transaction_deferred_constraint);
  g_test_add_func ("/store/transaction/lost", test_transaction_lost);
  g_test_add_func ("/store/transaction/false-without-error", test_transaction_false_without_error);
  ADD_F ("/store/transaction/busy", test_transaction_busy);
  ADD_F ("/store/integrity/ok", test_integrity_ok);
  g_test_add_func ("/store/integrity/dangling-reference", test_integrity_dangling_reference);
  ADD_F ("/store/integrity/damaged-index", test_integrity_damaged_index);
  g_test_add_func ("/store/defensive", test_defensive);
  ADD_F ("/store/backup/file", test_backup);
  ADD_F ("/store/backup/memory", test_backup_memory);
  ADD_F ("/store/backup/errors", test_backup_errors);
  ADD_F ("/store/finalize/statement-in-use", test_finalize_with_statement_in_use);
  ADD_F ("/store/track/fresh", test_track_fresh);
  ADD_F ("/store/track/incremental", test_track_incremental);
  ADD_F ("/store/track/independent", test_track_independent);
  ADD_F ("/store/track/failing-migration", test_track_failing_migration);
  ADD_F ("/store/track/dangling-reference", test_track_dangling_reference);
  ADD_F ("/store/track/too-new", test_track_too_new);
  ADD_F ("/store/track/invalid-version", test_track_invalid_version);
  ADD_F ("/store/track/invalid-migrations", test_track_invalid_migrations);
  ADD_F ("/store/track/two-connections", test_track_two_connections);
  ADD_F ("/store/track/pre-track-database", test_track_pre_track_database);
  ADD_F ("/store/track/pre-track-database-behind", test_track_pre_track_database_behind);

#undef ADD_F

  return g_test_run ();
}
