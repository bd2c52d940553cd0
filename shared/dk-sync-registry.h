#pragma once

#include <json-glib/json-glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/*
 * The synced tables and their fields, in one place for the client's outbox and the server's push
 * and pull (sync-server/PROTOCOL.md, "Records"). Every column of a synced table is listed, also
 * the ones a client may not set, so a test can hold the registry against the schema itself
 * (PRAGMA table_info) and the two cannot drift apart.
 *
 * On the wire every value is JSON: text, uuid, date ('YYYY-MM-DD', a real day), timestamp
 * ('YYYY-MM-DDTHH:MM:SS.mmmZ', UTC) are strings, integers are whole numbers, booleans are true or
 * false (stored as 0 or 1), a json field is any JSON value (stored as its text), and a NULL column
 * is JSON null.
 *
 * The SQL names in the registry (table, column) are the only identifiers the sync code ever puts
 * into SQL text; values are always bound.
 */

#define DK_SYNC_REGISTRY_ERROR (dk_sync_registry_error_quark ())

/* Why a change's fields were refused; dk_sync_registry_error_reason() gives the protocol's
 * machine name for each. */
typedef enum
{
  DK_SYNC_REGISTRY_ERROR_UNKNOWN_TABLE,    /* "unknown-table" */
  DK_SYNC_REGISTRY_ERROR_UNKNOWN_FIELD,    /* "unknown-field" */
  DK_SYNC_REGISTRY_ERROR_READ_ONLY_FIELD,  /* "read-only-field": a key, a server time, removed_at */
  DK_SYNC_REGISTRY_ERROR_MISSING_FIELD,    /* "missing-field": an insert without a required field */
  DK_SYNC_REGISTRY_ERROR_WRONG_TYPE,       /* "wrong-type": text where a number belongs, … */
  DK_SYNC_REGISTRY_ERROR_INVALID_VALUE,    /* "invalid-value": not one of the allowed values, out of range */
} DkSyncRegistryError;

GQuark dk_sync_registry_error_quark (void);

typedef enum
{
  DK_SYNC_TYPE_TEXT,
  DK_SYNC_TYPE_INTEGER,
  DK_SYNC_TYPE_UUID,
  DK_SYNC_TYPE_DATE,
  DK_SYNC_TYPE_TIMESTAMP,
  DK_SYNC_TYPE_BOOLEAN,
  DK_SYNC_TYPE_JSON,
} DkSyncType;

/* Who writes a field. */
typedef enum
{
  DK_SYNC_ACCESS_CLIENT,     /* set by the client in an insert or update */
  DK_SYNC_ACCESS_KEY,        /* id and dossier_id: the change's record_id and dossier_id */
  DK_SYNC_ACCESS_SERVER,     /* created_at, updated_at, and a conflict record's own fields */
  DK_SYNC_ACCESS_TOMBSTONE,  /* removed_at: set only by a delete */
} DkSyncAccess;

typedef enum
{
  DK_SYNC_TABLE_MUTABLE,      /* insert, update, delete (a tombstone) */
  DK_SYNC_TABLE_APPEND_ONLY,  /* insert only; never conflicts */
  DK_SYNC_TABLE_CONFLICT,     /* made by the server; a client only resolves (update resolved_by_change) */
} DkSyncTableKind;

typedef struct
{
  const char          *name;          /* in JSON */
  const char          *column;        /* in SQL; the same as name except for conflict records */
  DkSyncType           type;
  DkSyncAccess         access;
  gboolean             nullable;
  const char          *default_json;  /* an insert may leave it out and gets this value (JSON), the
                                       * column's SQL default: how a field added later stays optional
                                       * for older clients */
  const char * const  *values;        /* the allowed values of an enum (NULL-terminated), or NULL */
  gboolean             has_min;       /* integers: the range the schema's CHECK allows */
  gint64               min;
  gboolean             has_max;
  gint64               max;
  const char          *references;    /* uuid fields: the synced table whose id this is, or NULL */
  gboolean             same_dossier;  /* the referenced row belongs to the same dossier */
} DkSyncField;

typedef struct
{
  const char         *name;
  DkSyncTableKind     kind;
  const char         *dossier_column;  /* "id" for dossier itself, else "dossier_id" */
  const DkSyncField  *fields;          /* every column, in the schema's order */
  gsize               n_fields;
} DkSyncTable;

/* All synced tables, parents before children (dossier, person, debt, … , conflict last), so rows
 * copied table by table in this order never point at a row that is not there yet. */
const DkSyncTable *dk_sync_registry_tables        (gsize              *n_tables);

/* The table called @name, or NULL. */
const DkSyncTable *dk_sync_registry_lookup        (const char         *name);

/* The field of @table called @name (the JSON name), or NULL. */
const DkSyncField *dk_sync_table_lookup_field     (const DkSyncTable  *table,
                                                   const char         *name);

/* Whether the table keeps per-field versions (mutable tables do; see PROTOCOL.md). */
gboolean           dk_sync_table_is_versioned     (const DkSyncTable  *table);

/* The protocol's machine name for an error of DK_SYNC_REGISTRY_ERROR ("unknown-field", …), or
 * "invalid" for any other error. */
const char        *dk_sync_registry_error_reason  (const GError       *error);

/*
 * Checks one value for @field of @table: JSON null only where the column is nullable, the JSON
 * type, the form of uuids, dates and timestamps, enum values and integer ranges. Does not look at
 * @field's access. The message names the table and the field, never the value.
 */
gboolean           dk_sync_field_validate         (const DkSyncTable  *table,
                                                   const DkSyncField  *field,
                                                   JsonNode           *value,
                                                   GError            **error);

/*
 * Checks the fields a client sends with an insert (@is_insert) or an update of @table: every
 * member a known field with DK_SYNC_ACCESS_CLIENT and a valid value, and for an insert every
 * field that is neither nullable nor set by the server present (inserts carry all required
 * values: the protocol has no column defaults). On failure *@out_field (when given) is the name of
 * the field at fault, owned by @fields or the registry.
 */
gboolean           dk_sync_fields_validate        (const DkSyncTable  *table,
                                                   gboolean            is_insert,
                                                   JsonObject         *fields,
                                                   const char        **out_field,
                                                   GError            **error);

/* Binds a value already checked by dk_sync_field_validate() to parameter @index of @stmt. */
void               dk_sync_field_bind             (const DkSyncField  *field,
                                                   sqlite3_stmt       *stmt,
                                                   int                 index,
                                                   JsonNode           *value);

/* Reads column @column of the row @stmt is on as @field's JSON value (JSON null for NULL). A json
 * field whose text does not parse reads as JSON null. */
JsonNode          *dk_sync_field_read             (const DkSyncField  *field,
                                                   sqlite3_stmt       *stmt,
                                                   int                 column);

G_END_DECLS
