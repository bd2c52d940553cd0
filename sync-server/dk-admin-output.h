#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "dk-admin-context.h"

G_BEGIN_DECLS

/*
 * What draagkracht-admin prints: lists as aligned text columns for a person, or with --json as a
 * JSON array of objects for scripts. A list is built once, as JSON objects, and printed either way,
 * so the two never disagree.
 */

typedef enum
{
  DK_ADMIN_COLUMN_TEXT,
  DK_ADMIN_COLUMN_NUMBER,
  DK_ADMIN_COLUMN_TIME,   /* a stored UTC time, shown in local time */
} DkAdminColumnKind;

typedef struct
{
  const char        *key;      /* member of each row object */
  const char        *header;   /* marked for translation */
  DkAdminColumnKind  kind;
} DkAdminColumn;

/* Prints @rows (JsonObject elements) as a table of @columns, or as JSON with --json. With no rows
 * and no --json, prints @empty_message instead (already translated). */
void  dk_admin_print_rows      (DkAdmin              *admin,
                                const DkAdminColumn  *columns,
                                guint                 n_columns,
                                JsonArray            *rows,
                                const char           *empty_message);

/* Prints @node as indented JSON and a newline. */
void  dk_admin_print_json      (JsonNode             *node);

/* Sets member @key of @object to column @column of @stmt's current row: text, integer or null. */
void  dk_admin_json_set_column (JsonObject           *object,
                                const char           *key,
                                sqlite3_stmt         *stmt,
                                int                   column);

/* A stored time ('YYYY-MM-DDTHH:MM:SS.mmmZ') for a person: local time, "YYYY-MM-DD HH:MM:SS". */
char *dk_admin_format_time     (const char           *stored);

G_END_DECLS
