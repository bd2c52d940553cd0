#include "config.h"

#include <string.h>

#include "dk-central-store.h"
#include "dk-domain-schema.h"
#include "dk-sync-registry.h"

/* The central store holds the domain tables and the server's conflict table, so one fresh store
 * can answer for every table of the registry. */
static DkStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  DkStore *store = dk_central_store_open (":memory:", &error);

  g_assert_no_error (error);
  return store;
}

/* The CREATE statement of @table with every run of white space made one space, so a CHECK split
 * over two C string lines reads as one. */
static char *
table_sql (DkStore    *store,
           const char *table)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) spaces = g_regex_new ("\\s+", 0, 0, NULL);
  sqlite3_stmt *stmt = dk_store_prepare (store, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                                         &error);
  gboolean has_row = FALSE;
  char *sql;

  g_assert_no_error (error);
  sqlite3_bind_text (stmt, 1, table, -1, SQLITE_TRANSIENT);
  g_assert_true (dk_store_step_row (store, stmt, &has_row, &error));
  g_assert_true (has_row);
  sql = g_regex_replace_literal (spaces, (const char *) sqlite3_column_text (stmt, 0), -1, 0, " ", 0, NULL);
  sqlite3_reset (stmt);
  return sql;
}

static void
test_columns_match_schema (void)
{
  g_autoptr(DkStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  const DkSyncTable *tables;
  gsize n_tables = 0;

  tables = dk_sync_registry_tables (&n_tables);
  g_assert_cmpuint (n_tables, ==, 16);

  for (gsize t = 0; t < n_tables; t++)
    {
      const DkSyncTable *table = &tables[t];
      g_autofree char *pragma = g_strdup_printf ("PRAGMA table_info (%s)", table->name);
      sqlite3_stmt *stmt = dk_store_prepare (store, pragma, &error);
      gboolean has_row = FALSE;
      gsize i = 0;

      g_test_message ("table %s", table->name);
      g_assert_no_error (error);
      g_assert_true (dk_sync_registry_lookup (table->name) == table);

      /* Every column, in order, with its storage type and NOT NULL; nothing more, nothing less. */
      while (dk_store_step_row (store, stmt, &has_row, &error) && has_row)
        {
          const char *name = (const char *) sqlite3_column_text (stmt, 1);
          const char *type = (const char *) sqlite3_column_text (stmt, 2);
          gboolean notnull = sqlite3_column_int (stmt, 3) != 0;
          const DkSyncField *field;

          g_assert_cmpuint (i, <, table->n_fields);
          field = &table->fields[i++];
          g_assert_cmpstr (field->column, ==, name);
          g_assert_true (dk_sync_table_lookup_field (table, field->name) == field);
          if (field->type == DK_SYNC_TYPE_INTEGER || field->type == DK_SYNC_TYPE_BOOLEAN)
            g_assert_cmpstr (type, ==, "INTEGER");
          else
            g_assert_cmpstr (type, ==, "TEXT");
          g_assert_cmpint (field->nullable, ==, !notnull);
          /* A field an insert may leave out needs a default to fall back on. */
          if (field->default_json != NULL)
            {
              g_autoptr(JsonNode) value = json_from_string (field->default_json, NULL);
              const char *sql_default = (const char *) sqlite3_column_text (stmt, 4);

              g_assert_nonnull (value);
              g_assert_nonnull (sql_default);
              if (field->type == DK_SYNC_TYPE_BOOLEAN)
                g_assert_cmpstr (sql_default, ==, json_node_get_boolean (value) ? "1" : "0");
              else
                {
                  g_autofree char *quoted = g_strdup_printf ("'%s'", json_node_get_string (value));
                  g_assert_cmpstr (sql_default, ==, quoted);
                }
            }

          /* Who writes what follows the column conventions; everything else is the client's, but
           * for what the server publishes of an early-signal case (migration 7). */
          if (strcmp (name, "id") == 0 || strcmp (name, "dossier_id") == 0)
            g_assert_cmpint (field->access, ==, DK_SYNC_ACCESS_KEY);
          else if (strcmp (name, "removed_at") == 0)
            g_assert_cmpint (field->access, ==, DK_SYNC_ACCESS_TOMBSTONE);
          else if (strcmp (name, "created_at") == 0 || strcmp (name, "updated_at") == 0)
            g_assert_cmpint (field->access, ==, DK_SYNC_ACCESS_SERVER);
          else if (strcmp (table->name, "signal_item") == 0 ||
                   (strcmp (table->name, "signal_case") == 0 &&
                    (strcmp (name, "opened_on") == 0 || strcmp (name, "multiple") == 0 ||
                     strcmp (name, "crisis") == 0)))
            g_assert_cmpint (field->access, ==, DK_SYNC_ACCESS_SERVER);
          else if (table->kind != DK_SYNC_TABLE_CONFLICT)
            g_assert_cmpint (field->access, ==, DK_SYNC_ACCESS_CLIENT);
        }
      g_assert_no_error (error);
      g_assert_cmpuint (i, ==, table->n_fields);

      g_assert_cmpint (table->kind == DK_SYNC_TABLE_MUTABLE, ==,
                       dk_sync_table_lookup_field (table, "removed_at") != NULL);
      g_assert_cmpint (dk_sync_table_is_versioned (table), ==, table->kind == DK_SYNC_TABLE_MUTABLE);
      g_assert_nonnull (dk_sync_table_lookup_field (table, table->dossier_column));
    }

  g_assert_null (dk_sync_registry_lookup ("user"));
  g_assert_null (dk_sync_registry_lookup (NULL));
}

/* Every table of the domain schema is synced: a new table cannot be forgotten in the registry. */
static void
test_every_domain_table (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkStore) store = dk_domain_store_open (":memory:", &error);
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  guint n = 0;

  g_assert_no_error (error);
  stmt = dk_store_prepare (store,
                           "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                           " AND name NOT LIKE 'dk_schema_%'",
                           &error);
  g_assert_no_error (error);
  while (dk_store_step_row (store, stmt, &has_row, &error) && has_row)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      g_test_message ("domain table %s", name);
      /* Declared server-only in dk-domain-schema.c: never synced, so never in the registry. */
      if (dk_domain_table_is_server_only (name))
        {
          g_assert_null (dk_sync_registry_lookup (name));
          continue;
        }
      g_assert_nonnull (dk_sync_registry_lookup (name));
      n++;
    }
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 15);
}

/* The enums, ranges and references the registry checks are the ones the schema enforces. */
static void
test_checks_match_schema (void)
{
  g_autoptr(DkStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  const DkSyncTable *tables;
  gsize n_tables = 0;

  tables = dk_sync_registry_tables (&n_tables);
  for (gsize t = 0; t < n_tables; t++)
    {
      const DkSyncTable *table = &tables[t];
      g_autofree char *sql = table_sql (store, table->name);
      g_autofree char *pragma = g_strdup_printf ("PRAGMA foreign_key_list (%s)", table->name);
      g_autoptr(GHashTable) fk_targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
      g_autoptr(GHashTable) fk_width = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GHashTable) fk_columns = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
      sqlite3_stmt *stmt;
      gboolean has_row = FALSE;

      for (gsize i = 0; i < table->n_fields; i++)
        {
          const DkSyncField *field = &table->fields[i];

          if (field->values != NULL)
            {
              g_autoptr(GString) check = g_string_new (NULL);

              g_string_printf (check, "%s IN (", field->column);
              for (gsize v = 0; field->values[v] != NULL; v++)
                g_string_append_printf (check, "%s'%s'", v > 0 ? ", " : "", field->values[v]);
              g_string_append_c (check, ')');
              g_test_message ("%s: %s", table->name, check->str);
              g_assert_nonnull (strstr (sql, check->str));
            }

          if (field->has_min && field->has_max)
            {
              g_autofree char *check = g_strdup_printf ("%s BETWEEN %" G_GINT64_FORMAT " AND %" G_GINT64_FORMAT,
                                                        field->column, field->min, field->max);
              g_assert_nonnull (strstr (sql, check));
            }
          else if (field->has_min)
            {
              g_autofree char *check = g_strdup_printf ("%s >= %" G_GINT64_FORMAT, field->column, field->min);
              g_assert_nonnull (strstr (sql, check));
            }
        }

      /* Foreign keys: (id, seq) rows grouped by id; a two-column key on (x, dossier_id) is a
       * reference within the dossier. */
      stmt = dk_store_prepare (store, pragma, &error);
      g_assert_no_error (error);
      while (dk_store_step_row (store, stmt, &has_row, &error) && has_row)
        {
          int id = sqlite3_column_int (stmt, 0);
          const char *target = (const char *) sqlite3_column_text (stmt, 2);
          const char *from = (const char *) sqlite3_column_text (stmt, 3);

          if (strcmp (from, "dossier_id") != 0)
            {
              g_hash_table_insert (fk_targets, g_strdup (from), g_strdup (target));
              g_hash_table_insert (fk_columns, GINT_TO_POINTER (id + 1), g_strdup (from));
            }
        }
      g_assert_no_error (error);
      stmt = dk_store_prepare (store, pragma, &error);
      while (dk_store_step_row (store, stmt, &has_row, &error) && has_row)
        {
          const char *from = g_hash_table_lookup (fk_columns, GINT_TO_POINTER (sqlite3_column_int (stmt, 0) + 1));

          if (from != NULL)
            g_hash_table_insert (fk_width, g_strdup (from),
                                 GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (fk_width, from)) + 1));
        }

      for (gsize i = 0; i < table->n_fields; i++)
        {
          const DkSyncField *field = &table->fields[i];

          if (field->access == DK_SYNC_ACCESS_KEY)
            continue;
          g_assert_cmpstr (field->references, ==, g_hash_table_lookup (fk_targets, field->column));
          if (field->references != NULL)
            {
              g_assert_nonnull (dk_sync_registry_lookup (field->references));
              g_assert_cmpint (field->type, ==, DK_SYNC_TYPE_UUID);
              g_assert_cmpint (field->same_dossier, ==,
                               GPOINTER_TO_INT (g_hash_table_lookup (fk_width, field->column)) == 2);
            }
        }
      g_assert_cmpuint (g_hash_table_size (fk_targets), <=, table->n_fields);
    }
}

static JsonNode *
json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static void
assert_value (const char *table_name,
              const char *field_name,
              const char *value,
              int         code)
{
  const DkSyncTable *table = dk_sync_registry_lookup (table_name);
  const DkSyncField *field = dk_sync_table_lookup_field (table, field_name);
  g_autoptr(JsonNode) node = json (value);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  g_test_message ("%s.%s = %s", table_name, field_name, value);
  ok = dk_sync_field_validate (table, field, node, &error);
  if (code < 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      return;
    }

  g_assert_error (error, DK_SYNC_REGISTRY_ERROR, code);
  g_assert_false (ok);
  g_assert_nonnull (strstr (error->message, field_name));
}

static void
test_validate_values (void)
{
  assert_value ("income", "net_cents", "0", -1);
  assert_value ("income", "net_cents", "9007199254740993", -1);
  assert_value ("income", "net_cents", "-1", DK_SYNC_REGISTRY_ERROR_INVALID_VALUE);
  assert_value ("income", "net_cents", "12.5", DK_SYNC_REGISTRY_ERROR_WRONG_TYPE);
  assert_value ("income", "net_cents", "\"12\"", DK_SYNC_REGISTRY_ERROR_WRONG_TYPE);
  assert_value ("income", "net_cents", "true", DK_SYNC_REGISTRY_ERROR_WRONG_TYPE);
  assert_value ("income", "net_cents", "null", DK_SYNC_REGISTRY_ERROR_INVALID_VALUE);
  assert_value ("income", "gross_cents", "null", -1);
  assert_value ("debt", "share_ppm", "1000000", -1);
  assert_value ("debt", "share_ppm", "1000001", DK_SYNC_REGISTRY_ERROR_INVALID_VALUE);
  assert_value ("income", "holiday_allowance_included", "false", -1);
  assert_value ("income", "holiday_allowance_included", "1", DK_SYNC_REGISTRY_ERROR_WRONG_TYPE);
  assert_value ("income", "period", "\"four_weeks\"", -1);
  assert_value ("income", "period", "\"Month\"", DK_SYNC_REGISTRY_ERROR_INVALID_VALUE);
  assert_value ("debt", "debt_type", "\"Zorg\"", -1);
  assert_value ("income", "valid_from", "\"2024-02-29\"", -1);
  assert_value ("income", "valid_from", "\"2025-02-29\"", DK_SYNC_REGISTRY_ERROR_WRONG_TYPE);
  assert_value ("income", "valid_from", "\"2026-1-05\"", DK_SYNC_REGISTRY_ERROR_WRONG_TYPE);
  assert_value ("income", "valid_from", "\"05-01-2026\"", DK_SYNC_REGISTRY_ERROR_WRONG_TYPE);
  assert_value ("income", "person_id", "\"0190f1c2-7a3b-7c4d-8e5f-0123456789ab\"", -1);
  assert_value ("income", "person_id", "\"0190F1C2-7A3B-7C4D-8E5F-0123456789AB\"", DK_SYNC_REGISTRY_ERROR_WRONG_TYPE);
  assert_value ("income", "person_id", "{}", DK_SYNC_REGISTRY_ERROR_WRONG_TYPE);
  assert_value ("income", "description", "\"\"", -1);
  assert_value ("income", "description", "[\"a\"]", DK_SYNC_REGISTRY_ERROR_WRONG_TYPE);
  assert_value ("income", "updated_at", "\"2026-11-20T09:14:03.120Z\"", -1);
  assert_value ("income", "updated_at", "\"2026-11-20T24:14:03.120Z\"", DK_SYNC_REGISTRY_ERROR_WRONG_TYPE);
  assert_value ("income", "updated_at", "\"2026-11-20T09:14:03Z\"", DK_SYNC_REGISTRY_ERROR_WRONG_TYPE);
  assert_value ("conflict", "current", "{\"any\": [1, null]}", -1);
  assert_value ("conflict", "current", "null", -1);
}

static void
assert_fields (const char *table_name,
               gboolean    is_insert,
               const char *fields_json,
               int         code,
               const char *bad_field)
{
  const DkSyncTable *table = dk_sync_registry_lookup (table_name);
  g_autoptr(JsonNode) node = json (fields_json);
  g_autoptr(GError) error = NULL;
  const char *field = "unset";
  gboolean ok;

  ok = dk_sync_fields_validate (table, is_insert, json_node_get_object (node), &field, &error);
  g_assert_cmpstr (field, ==, bad_field);
  if (code < 0)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
      return;
    }
  g_assert_error (error, DK_SYNC_REGISTRY_ERROR, code);
  g_assert_false (ok);
}

static void
test_validate_fields (void)
{
  g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "x");
  g_autoptr(GError) missing = g_error_new_literal (DK_SYNC_REGISTRY_ERROR, DK_SYNC_REGISTRY_ERROR_MISSING_FIELD, "x");

  assert_fields ("dossier", TRUE, "{\"number\": \"D-1\", \"opened_on\": \"2026-01-05\"}", -1, NULL);
  assert_fields ("dossier", TRUE, "{\"number\": \"D-1\"}", DK_SYNC_REGISTRY_ERROR_MISSING_FIELD, "opened_on");
  assert_fields ("dossier", FALSE, "{\"number\": \"D-1\"}", -1, NULL);
  assert_fields ("dossier", FALSE, "{}", -1, NULL);
  assert_fields ("dossier", FALSE, "{\"id\": \"0190f1c2-7a3b-7c4d-8e5f-0123456789ab\"}",
                 DK_SYNC_REGISTRY_ERROR_READ_ONLY_FIELD, "id");
  assert_fields ("person", FALSE, "{\"removed_at\": null}", DK_SYNC_REGISTRY_ERROR_READ_ONLY_FIELD, "removed_at");
  assert_fields ("person", FALSE, "{\"dossier_id\": \"0190f1c2-7a3b-7c4d-8e5f-0123456789ab\"}",
                 DK_SYNC_REGISTRY_ERROR_READ_ONLY_FIELD, "dossier_id");
  assert_fields ("person", FALSE, "{\"nickname\": \"x\"}", DK_SYNC_REGISTRY_ERROR_UNKNOWN_FIELD, "nickname");
  assert_fields ("person", FALSE, "{\"given_names\": 3}", DK_SYNC_REGISTRY_ERROR_WRONG_TYPE, "given_names");
  assert_fields ("conflict", FALSE, "{\"resolved_by_change\": \"0190f1c2-7a3b-7c4d-8e5f-0123456789ab\"}", -1, NULL);
  assert_fields ("conflict", FALSE, "{\"resolved_at\": \"2026-11-20T09:14:03.120Z\"}",
                 DK_SYNC_REGISTRY_ERROR_READ_ONLY_FIELD, "resolved_at");

  g_assert_cmpstr (dk_sync_registry_error_reason (missing), ==, "missing-field");
  g_assert_cmpstr (dk_sync_registry_error_reason (other), ==, "invalid");
  g_assert_cmpstr (dk_sync_registry_error_reason (NULL), ==, "invalid");
}

/* A value written with bind and read back with read is the same JSON, for every type. */
static void
test_bind_read_round_trip (void)
{
  static const struct { const char *table, *field, *value; } cases[] = {
    { "income", "net_cents", "140150" },
    { "income", "holiday_allowance_included", "true" },
    { "income", "holiday_allowance_included", "false" },
    { "income", "valid_from", "\"2026-01-05\"" },
    { "income", "description", "\"Bijstand – “Participatiewet”\"" },
    { "income", "gross_cents", "null" },
    { "conflict", "current", "{\"a\":[1,null,\"x\"]}" },
    { "conflict", "current", "null" },
  };
  g_autoptr(DkStore) store = open_store ();
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = dk_store_prepare (store, "SELECT ?1", &error);

  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const DkSyncTable *table = dk_sync_registry_lookup (cases[i].table);
      const DkSyncField *field = dk_sync_table_lookup_field (table, cases[i].field);
      g_autoptr(JsonNode) value = json (cases[i].value);
      g_autoptr(JsonNode) back = NULL;
      gboolean has_row = FALSE;

      sqlite3_reset (stmt);
      dk_sync_field_bind (field, stmt, 1, value);
      g_assert_true (dk_store_step_row (store, stmt, &has_row, &error));
      g_assert_true (has_row);
      back = dk_sync_field_read (field, stmt, 0);
      g_assert_true (json_node_equal (value, back));
    }
  sqlite3_reset (stmt);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sync-registry/columns-match-schema", test_columns_match_schema);
  g_test_add_func ("/sync-registry/every-domain-table", test_every_domain_table);
  g_test_add_func ("/sync-registry/checks-match-schema", test_checks_match_schema);
  g_test_add_func ("/sync-registry/validate-values", test_validate_values);
  g_test_add_func ("/sync-registry/validate-fields", test_validate_fields);
  g_test_add_func ("/sync-registry/bind-read-round-trip", test_bind_read_round_trip);

  return g_test_run ();
}
