#pragma once

/*
 * The schema's column conventions as SQL snippets, so the domain schema, the sync server's tables and
 * the client replica's tables state them in the same words. A CHECK that meets NULL passes, so the
 * snippets serve nullable columns too.
 */

#define DK_SQL_UUID_CHECK(col) "CHECK (length (" col ") = 36 AND " col " NOT GLOB '*[^0-9a-f-]*')"
/* date () alone passes 31 February through; a modifier makes it normalise, so only real days match. */
#define DK_SQL_DATE_CHECK(col) "CHECK (" col " IS date (" col ", '+0 days'))"
#define DK_SQL_TIME_CHECK(col) \
  "CHECK (" col " GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z')"
#define DK_SQL_NOW "(strftime ('%Y-%m-%dT%H:%M:%fZ', 'now'))"
#define DK_SQL_FLAG_CHECK(col) "CHECK (" col " IN (0, 1))"

#define DK_SQL_ID_COLUMN \
  "  id TEXT PRIMARY KEY NOT NULL " DK_SQL_UUID_CHECK ("id") ","
#define DK_SQL_CREATED_UPDATED_COLUMNS \
  "  created_at TEXT NOT NULL DEFAULT " DK_SQL_NOW " " DK_SQL_TIME_CHECK ("created_at") "," \
  "  updated_at TEXT NOT NULL DEFAULT " DK_SQL_NOW " " DK_SQL_TIME_CHECK ("updated_at") \
  " CHECK (updated_at >= created_at)"

/* A value that lost to the one already on the server, kept until a person resolves it: made by the
 * server and synced to the devices that hold the dossier (table "conflict" in the sync registry), so
 * the central store and every replica keep it alike. */
#define DK_SQL_CONFLICT_TABLE \
  "CREATE TABLE conflict (" \
  DK_SQL_ID_COLUMN \
  "  dossier_id TEXT NOT NULL REFERENCES dossier (id) ON DELETE RESTRICT," \
  "  record_table TEXT NOT NULL CHECK (length (record_table) > 0)," \
  "  record_id TEXT NOT NULL " DK_SQL_UUID_CHECK ("record_id") "," \
  "  field TEXT NOT NULL CHECK (length (field) > 0)," \
  "  kind TEXT NOT NULL CHECK (kind IN ('concurrent_edit', 'delete_outdated', 'edited_after_delete'))," \
  "  current_json TEXT NOT NULL," \
  "  other_json TEXT NOT NULL," \
  "  current_seq INTEGER NOT NULL CHECK (current_seq >= 0)," \
  "  other_change_id TEXT NOT NULL " DK_SQL_UUID_CHECK ("other_change_id") "," \
  "  created_at TEXT NOT NULL " DK_SQL_TIME_CHECK ("created_at") "," \
  "  resolved_at TEXT " DK_SQL_TIME_CHECK ("resolved_at") "," \
  "  resolved_by_change TEXT " DK_SQL_UUID_CHECK ("resolved_by_change") "," \
  "  CHECK ((resolved_at IS NULL) = (resolved_by_change IS NULL))," \
  "  CHECK (resolved_at IS NULL OR resolved_at >= created_at)" \
  ") STRICT;" \
  "CREATE INDEX conflict_dossier ON conflict (dossier_id);" \
  "CREATE INDEX conflict_record ON conflict (record_table, record_id);"
