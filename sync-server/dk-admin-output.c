#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-admin-output.h"

char *
dk_admin_format_time (const char *stored)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (stored == NULL)
    return NULL;

  utc = g_date_time_new_from_iso8601 (stored, NULL);
  if (utc == NULL)
    return g_strdup (stored);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M:%S");
}

static char *
cell_text (JsonObject          *row,
           const DkAdminColumn *column)
{
  JsonNode *node = json_object_get_member (row, column->key);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("–");

  switch (column->kind)
    {
    case DK_ADMIN_COLUMN_NUMBER:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

    case DK_ADMIN_COLUMN_TIME:
      return dk_admin_format_time (json_node_get_string (node));

    case DK_ADMIN_COLUMN_TEXT:
    default:
      if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? _("yes") : _("no"));
      if (json_node_get_value_type (node) == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      return g_strdup (json_node_get_string (node));
    }
}

static void
print_padded (GString    *line,
              const char *text,
              guint       width,
              gboolean    last)
{
  g_string_append (line, text);
  if (last)
    return;
  for (glong n = g_utf8_strlen (text, -1); n < (glong) width + 2; n++)
    g_string_append_c (line, ' ');
}

void
dk_admin_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

void
dk_admin_print_rows (DkAdmin              *admin,
                     const DkAdminColumn  *columns,
                     guint                 n_columns,
                     JsonArray            *rows,
                     const char           *empty_message)
{
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func (g_free);
  g_autofree guint *widths = g_new0 (guint, n_columns);
  guint n_rows = json_array_get_length (rows);

  if (admin->json)
    {
      g_autoptr(JsonNode) node = json_node_init_array (json_node_alloc (), rows);

      dk_admin_print_json (node);
      return;
    }

  if (n_rows == 0)
    {
      g_print ("%s\n", empty_message);
      return;
    }

  /* Row 0 holds the headers; every cell is measured before anything is printed. */
  for (guint c = 0; c < n_columns; c++)
    g_ptr_array_add (cells, g_strdup (_(columns[c].header)));
  for (guint r = 0; r < n_rows; r++)
    for (guint c = 0; c < n_columns; c++)
      g_ptr_array_add (cells, cell_text (json_array_get_object_element (rows, r), &columns[c]));
  for (guint i = 0; i < cells->len; i++)
    widths[i % n_columns] = MAX (widths[i % n_columns], (guint) g_utf8_strlen (cells->pdata[i], -1));

  for (guint r = 0; r <= n_rows; r++)
    {
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; c < n_columns; c++)
        print_padded (line, cells->pdata[r * n_columns + c], widths[c], c + 1 == n_columns);
      g_print ("%s\n", line->str);
    }
}

void
dk_admin_json_set_column (JsonObject   *object,
                          const char   *key,
                          sqlite3_stmt *stmt,
                          int           column)
{
  switch (sqlite3_column_type (stmt, column))
    {
    case SQLITE_NULL:
      json_object_set_null_member (object, key);
      break;

    case SQLITE_INTEGER:
      json_object_set_int_member (object, key, sqlite3_column_int64 (stmt, column));
      break;

    default:
      json_object_set_string_member (object, key, (const char *) sqlite3_column_text (stmt, column));
      break;
    }
}
