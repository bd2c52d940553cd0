#pragma once

#include <glib.h>

#include "dk-store.h"

G_BEGIN_DECLS

/*
 * The calculation history of a dossier: every BVV / VTLB calculation saved with the exact inputs, the
 * norm table it used and its result (with its breakdown), so a figure given to a resident, creditor or
 * judge can always be shown again as it was. Append-only: a recalculation is a new row; the schema
 * refuses UPDATE and DELETE on the table.
 */

#define DK_CALCULATION_REPO_ERROR (dk_calculation_repo_error_quark ())

typedef enum
{
  DK_CALCULATION_REPO_ERROR_NOT_FOUND,  /* the dossier does not exist or has been removed */
  DK_CALCULATION_REPO_ERROR_INVALID,    /* missing date or norm table id, or text that is not JSON */
  DK_CALCULATION_REPO_ERROR_BAD_ROW,    /* a stored row cannot be read */
} DkCalculationRepoError;

GQuark dk_calculation_repo_error_quark (void);

typedef struct
{
  char  *id;
  char  *dossier_id;
  GDate  calc_date;
  char  *norm_table_id;
  char  *inputs_json;
  char  *result_json;
  char  *created_at;
} DkCalculationRecord;

void dk_calculation_record_free (DkCalculationRecord *record);

/* Saves one calculation of @dossier_id made for @calc_date with the norm table @norm_table_id (as
 * dk_norm_table_get_id() names it). @inputs_json and @result_json must each be one JSON value. */
gboolean   dk_calculation_repo_record (DkStore      *store,
                                       const char   *dossier_id,
                                       const GDate  *calc_date,
                                       const char   *norm_table_id,
                                       const char   *inputs_json,
                                       const char   *result_json,
                                       char        **out_calculation_id,
                                       GError      **error);

/* DkCalculationRecord *, oldest first (in the order they were saved). */
GPtrArray *dk_calculation_repo_list   (DkStore      *store,
                                       const char   *dossier_id,
                                       GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkCalculationRecord, dk_calculation_record_free)

G_END_DECLS
