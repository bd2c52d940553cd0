#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Binding and reading the schema's column conventions (dk-schema-sql.h): NULL text is SQL NULL,
 * a date is 'YYYY-MM-DD' and an invalid (cleared) GDate is NULL, a flag is 0 or 1. */

void      dk_sql_bind_text   (sqlite3_stmt  *stmt,
                              int            index,
                              const char    *text);
void      dk_sql_bind_date   (sqlite3_stmt  *stmt,
                              int            index,
                              const GDate   *date);
char     *dk_sql_column_dup  (sqlite3_stmt  *stmt,
                              int            column);
/* Clears @out (g_date_valid() false) for NULL; FALSE for text that is not a date. */
gboolean  dk_sql_column_date (sqlite3_stmt  *stmt,
                              int            column,
                              GDate         *out);

G_END_DECLS
