#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "dk-calculation-repo.h"
#include "dk-date.h"
#include "dk-domain-schema.h"
#include "dk-uuid.h"

G_DEFINE_QUARK (dk-calculation-repo-error-quark, dk_calculation_repo_error)

void
dk_calculation_record_free (DkCalculationRecord *record)
{
  if (record == NULL)
    return;

  g_free (record->id);
  g_free (record->dossier_id);
  g_free (record->norm_table_id);
  g_free (record->inputs_json);
  g_free (record->result_json);
  g_free (record->created_at);
  g_free (record);
}

static gboolean
is_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  return text != NULL && json_parser_load_from_data (parser, text, -1, NULL)
         && json_parser_get_root (parser) != NULL;
}

static gboolean
require_dossier (DkStore     *store,
                 const char  *dossier_id,
                 GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  stmt = dk_store_prepare (store, "SELECT 1 FROM dossier WHERE id = ?1 AND removed_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, dossier_id, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;

  if (!has_row)
    {
      g_set_error_literal (error, DK_CALCULATION_REPO_ERROR, DK_CALCULATION_REPO_ERROR_NOT_FOUND,
                           _("The dossier does not exist or has been removed."));
      return FALSE;
    }

  sqlite3_reset (stmt);
  return TRUE;
}

typedef struct
{
  const char  *dossier_id;
  const GDate *calc_date;
  const char  *norm_table_id;
  const char  *inputs_json;
  const char  *result_json;
  char        *id;
} RecordData;

static gboolean
record_in_transaction (DkStore   *store,
                       gpointer   user_data,
                       GError   **error)
{
  RecordData *data = user_data;
  g_autofree char *id = dk_uuid_new ();
  g_autofree char *now = dk_domain_timestamp_now ();
  g_autofree char *date = dk_date_format_iso (data->calc_date);
  sqlite3_stmt *stmt;

  if (!require_dossier (store, data->dossier_id, error))
    return FALSE;

  stmt = dk_store_prepare (store,
                           "INSERT INTO calculation (id, dossier_id, calc_date, norm_table_id, inputs_json,"
                           " result_json, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, data->dossier_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, date, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, data->norm_table_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, data->inputs_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, data->result_json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, now, -1, SQLITE_TRANSIENT);

  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  data->id = g_steal_pointer (&id);
  return TRUE;
}

gboolean
dk_calculation_repo_record (DkStore      *store,
                            const char   *dossier_id,
                            const GDate  *calc_date,
                            const char   *norm_table_id,
                            const char   *inputs_json,
                            const char   *result_json,
                            char        **out_calculation_id,
                            GError      **error)
{
  RecordData data = { dossier_id, calc_date, norm_table_id, inputs_json, result_json, NULL };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (dossier_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (calc_date == NULL || !g_date_valid (calc_date))
    {
      g_set_error_literal (error, DK_CALCULATION_REPO_ERROR, DK_CALCULATION_REPO_ERROR_INVALID,
                           _("A calculation is saved with the date it was made for; none was given."));
      return FALSE;
    }

  if (norm_table_id == NULL || *norm_table_id == '\0')
    {
      g_set_error_literal (error, DK_CALCULATION_REPO_ERROR, DK_CALCULATION_REPO_ERROR_INVALID,
                           _("A calculation is saved with the norm table it used; none was given."));
      return FALSE;
    }

  if (!is_json (inputs_json) || !is_json (result_json))
    {
      g_set_error_literal (error, DK_CALCULATION_REPO_ERROR, DK_CALCULATION_REPO_ERROR_INVALID,
                           _("A calculation's inputs and result must be saved as JSON."));
      return FALSE;
    }

  if (!dk_store_transaction (store, record_in_transaction, &data, error))
    return FALSE;

  if (out_calculation_id != NULL)
    *out_calculation_id = g_steal_pointer (&data.id);
  g_free (data.id);
  return TRUE;
}

GPtrArray *
dk_calculation_repo_list (DkStore     *store,
                          const char  *dossier_id,
                          GError     **error)
{
  g_autoptr(GPtrArray) records = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);
  g_return_val_if_fail (dossier_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!require_dossier (store, dossier_id, error))
    return NULL;

  stmt = dk_store_prepare (store,
                           "SELECT id, dossier_id, calc_date, norm_table_id, inputs_json, result_json, created_at"
                           " FROM calculation WHERE dossier_id = ?1 ORDER BY created_at, id",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, dossier_id, -1, SQLITE_TRANSIENT);
  records = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_calculation_record_free);
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      g_autoptr(DkCalculationRecord) record = g_new0 (DkCalculationRecord, 1);

      record->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      record->dossier_id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      record->norm_table_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      record->inputs_json = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      record->result_json = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      record->created_at = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      if (!dk_date_parse ((const char *) sqlite3_column_text (stmt, 2), &record->calc_date, NULL))
        {
          sqlite3_reset (stmt);
          g_set_error_literal (error, DK_CALCULATION_REPO_ERROR, DK_CALCULATION_REPO_ERROR_BAD_ROW,
                               _("A stored calculation has a date this version cannot read."));
          return NULL;
        }

      g_ptr_array_add (records, g_steal_pointer (&record));
    }

  return ok ? g_steal_pointer (&records) : NULL;
}
