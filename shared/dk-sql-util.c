#include "config.h"

#include "dk-date.h"
#include "dk-sql-util.h"

void
dk_sql_bind_text (sqlite3_stmt *stmt,
                  int           index,
                  const char   *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

void
dk_sql_bind_date (sqlite3_stmt *stmt,
                  int           index,
                  const GDate  *date)
{
  g_autofree char *iso = NULL;

  if (date == NULL || !g_date_valid (date))
    {
      sqlite3_bind_null (stmt, index);
      return;
    }

  iso = dk_date_format_iso (date);
  sqlite3_bind_text (stmt, index, iso, -1, SQLITE_TRANSIENT);
}

char *
dk_sql_column_dup (sqlite3_stmt *stmt,
                   int           column)
{
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return NULL;

  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

gboolean
dk_sql_column_date (sqlite3_stmt *stmt,
                    int           column,
                    GDate        *out)
{
  g_date_clear (out, 1);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return TRUE;

  return dk_date_parse ((const char *) sqlite3_column_text (stmt, column), out, NULL);
}
