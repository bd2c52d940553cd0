#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-date.h"
#include "dk-domain-schema.h"
#include "dk-dossier-repo.h"
#include "dk-sql-util.h"
#include "dk-uuid.h"
#include "dk-validate.h"

G_DEFINE_QUARK (dk-dossier-repo-error-quark, dk_dossier_repo_error)

static const char *link_kind_names[] = {
  [DK_DOSSIER_LINK_SPLIT_FROM] = "split_from",
  [DK_DOSSIER_LINK_SPLIT_INTO] = "split_into",
};

const char *
dk_dossier_link_kind_to_string (DkDossierLinkKind kind)
{
  g_return_val_if_fail (kind < G_N_ELEMENTS (link_kind_names), NULL);
  return link_kind_names[kind];
}

void
dk_dossier_free (DkDossier *dossier)
{
  if (dossier == NULL)
    return;

  g_free (dossier->id);
  g_free (dossier->number);
  g_free (dossier->created_at);
  g_free (dossier->updated_at);
  g_free (dossier);
}

void
dk_dossier_link_free (DkDossierLink *link)
{
  if (link == NULL)
    return;

  g_free (link->id);
  g_free (link->dossier_id);
  g_free (link->linked_dossier_id);
  g_free (link);
}

/* Binding and reading columns (the rest is dk-sql-util.h) */

static void
bind_flag (sqlite3_stmt *stmt,
           int           index,
           gboolean      flag)
{
  sqlite3_bind_int (stmt, index, flag ? 1 : 0);
}

static gboolean
bad_row (GError     **error,
         const char  *table,
         const char  *column)
{
  g_set_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_BAD_ROW,
               _("A stored %s record has a value in “%s” this version cannot read; it may come from a newer "
                 "version of Draagkracht."),
               table, column);
  return FALSE;
}

static gboolean
column_date (sqlite3_stmt  *stmt,
             int            column,
             GDate         *out,
             const char    *table,
             const char    *column_name,
             GError       **error)
{
  const char *text;

  g_date_clear (out, 1);
  if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
    return TRUE;

  text = (const char *) sqlite3_column_text (stmt, column);
  if (!dk_date_parse (text, out, NULL))
    return bad_row (error, table, column_name);

  return TRUE;
}

gboolean
dk_dossier_repo_not_found (GError     **error,
                           const char  *message)
{
  g_set_error_literal (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_NOT_FOUND, message);
  return FALSE;
}

gboolean
dk_dossier_repo_invalid (GError     **error,
                         const char  *message)
{
  g_set_error_literal (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_INVALID, message);
  return FALSE;
}

gboolean
dk_dossier_repo_bad_row (GError     **error,
                         const char  *table)
{
  g_set_error (error, DK_DOSSIER_REPO_ERROR, DK_DOSSIER_REPO_ERROR_BAD_ROW,
               _("A stored %s record has a value this version cannot read; it may come from a newer version "
                 "of Draagkracht."),
               table);
  return FALSE;
}

/* Runs a query with one text parameter and says whether it returned a row. */
static gboolean
exists (DkStore     *store,
        const char  *sql,
        const char  *param1,
        const char  *param2,
        gboolean    *out,
        GError     **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, error);
  gboolean has_row = FALSE;

  if (stmt == NULL)
    return FALSE;

  dk_sql_bind_text (stmt, 1, param1);
  if (param2 != NULL)
    dk_sql_bind_text (stmt, 2, param2);

  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;

  sqlite3_reset (stmt);
  *out = has_row;
  return TRUE;
}

static gboolean
require_dossier (DkStore     *store,
                 const char  *dossier_id,
                 GError     **error)
{
  gboolean found;

  if (dossier_id == NULL)
    return dk_dossier_repo_not_found (error, _("No dossier was given."));

  if (!exists (store, "SELECT 1 FROM dossier WHERE id = ?1 AND removed_at IS NULL", dossier_id, NULL, &found, error))
    return FALSE;

  return found || dk_dossier_repo_not_found (error, _("The dossier does not exist or has been removed."));
}

static gboolean
require_person_in_dossier (DkStore     *store,
                           const char  *person_id,
                           const char  *dossier_id,
                           GError     **error)
{
  gboolean found;

  if (person_id == NULL)
    return dk_dossier_repo_invalid (error, _("No person was given."));

  if (!exists (store, "SELECT 1 FROM person WHERE id = ?1 AND dossier_id = ?2 AND removed_at IS NULL",
               person_id, dossier_id, &found, error))
    return FALSE;

  return found || dk_dossier_repo_not_found (error, _("The person is not part of this dossier."));
}

/* Writing rows */

static gboolean
insert_person (DkStore         *store,
               const DkPerson  *person,
               const char      *now,
               GError         **error)
{
  sqlite3_stmt *stmt;

  stmt = dk_store_prepare (store,
                           "INSERT INTO person (id, dossier_id, role, bsn, given_names, family_name_prefix,"
                           " family_name, birth_date, source_person_id, created_at, updated_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10)",
                           error);
  if (stmt == NULL)
    return FALSE;

  dk_sql_bind_text (stmt, 1, person->id);
  dk_sql_bind_text (stmt, 2, person->dossier_id);
  dk_sql_bind_text (stmt, 3, dk_person_role_to_string (person->role));
  dk_sql_bind_text (stmt, 4, person->bsn);
  dk_sql_bind_text (stmt, 5, person->given_names);
  dk_sql_bind_text (stmt, 6, person->family_name_prefix);
  dk_sql_bind_text (stmt, 7, person->family_name);
  dk_sql_bind_date (stmt, 8, &person->birth_date);
  dk_sql_bind_text (stmt, 9, person->source_person_id);
  dk_sql_bind_text (stmt, 10, now);

  return dk_store_step_done (store, stmt, error);
}

static gboolean
insert_event (DkStore                 *store,
              const char              *dossier_id,
              const DkHouseholdEvent  *event,
              const char              *now,
              char                   **out_event_id,
              GError                 **error)
{
  g_autofree char *id = event->id != NULL ? g_strdup (event->id) : dk_uuid_new ();
  gboolean has_union;
  sqlite3_stmt *stmt;

  stmt = dk_store_prepare (store,
                           "INSERT INTO household_event (id, dossier_id, kind, event_date, person_id,"
                           " other_person_id, union_kind, regime, relation_kind, union_date, dissolution_date,"
                           " end_date, source_dossier_id, created_at, updated_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
                           error);
  if (stmt == NULL)
    return FALSE;

  has_union = event->kind == DK_HOUSEHOLD_EVENT_MARRIAGE
              || (event->kind == DK_HOUSEHOLD_EVENT_SPLIT && dk_relation_kind_is_union (event->relation_kind));

  dk_sql_bind_text (stmt, 1, id);
  dk_sql_bind_text (stmt, 2, dossier_id);
  dk_sql_bind_text (stmt, 3, dk_household_event_kind_to_string (event->kind));
  dk_sql_bind_date (stmt, 4, &event->date);
  dk_sql_bind_text (stmt, 5, event->person_id);
  dk_sql_bind_text (stmt, 6, event->other_person_id);
  dk_sql_bind_text (stmt, 7, has_union ? dk_union_kind_to_string (event->union_kind) : NULL);
  dk_sql_bind_text (stmt, 8, has_union ? dk_marital_regime_to_string (event->regime) : NULL);
  if (event->kind == DK_HOUSEHOLD_EVENT_SPLIT)
    {
      dk_sql_bind_text (stmt, 9, dk_relation_kind_to_string (event->relation_kind));
      dk_sql_bind_date (stmt, 10, &event->union_date);
      dk_sql_bind_date (stmt, 11, &event->dissolution_date);
      dk_sql_bind_date (stmt, 12, &event->end_date);
      dk_sql_bind_text (stmt, 13, event->source_dossier_id);
    }
  dk_sql_bind_text (stmt, 14, now);

  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  if (out_event_id != NULL)
    *out_event_id = g_steal_pointer (&id);
  return TRUE;
}

/* A copy with the BSN in canonical form, or an error saying what is wrong with it. */
static DkPerson *
prepare_person (DkPerson    *person,
                const char  *dossier_id,
                GError     **error)
{
  g_autoptr(DkPerson) copy = NULL;

  if (person->given_names == NULL || person->family_name == NULL)
    {
      dk_dossier_repo_invalid (error, _("A person needs given names and a family name (the given names may be empty)."));
      return NULL;
    }

  if (person->id == NULL)
    person->id = dk_uuid_new ();
  else if (!dk_uuid_is_valid (person->id))
    {
      dk_dossier_repo_invalid (error, _("A person's id must be a lowercase UUID."));
      return NULL;
    }

  g_free (person->dossier_id);
  person->dossier_id = g_strdup (dossier_id);

  copy = dk_person_copy (person);
  if (person->bsn != NULL)
    {
      if (!dk_validate_bsn (person->bsn, error))
        return NULL;
      g_free (copy->bsn);
      copy->bsn = dk_bsn_normalize (person->bsn);
    }

  return g_steal_pointer (&copy);
}

/* Create */

typedef struct
{
  const char  *number;
  const GDate *opened_on;
  GPtrArray   *persons;
  GPtrArray   *events;
  char        *dossier_id;
} CreateData;

static gboolean
create_in_transaction (DkStore   *store,
                       gpointer   user_data,
                       GError   **error)
{
  CreateData *data = user_data;
  g_autoptr(DkHouseholdTimeline) timeline = dk_household_timeline_new ();
  g_autoptr(GPtrArray) prepared = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_person_free);
  g_autoptr(GPtrArray) default_events = NULL;
  g_autofree char *now = dk_domain_timestamp_now ();
  g_autofree char *dossier_id = dk_uuid_new ();
  GPtrArray *events = data->events;
  sqlite3_stmt *stmt;

  for (guint i = 0; i < data->persons->len; i++)
    {
      DkPerson *person = prepare_person (g_ptr_array_index (data->persons, i), dossier_id, error);

      if (person == NULL)
        return FALSE;

      g_ptr_array_add (prepared, person);
      if (!dk_household_timeline_add_person (timeline, person, error))
        return FALSE;
    }

  if (dk_household_timeline_get_client_id (timeline) == NULL)
    return dk_dossier_repo_invalid (error, _("A new dossier needs its client among the first persons."));

  if (events == NULL)
    {
      default_events = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_household_event_free);
      for (guint i = 0; i < prepared->len; i++)
        {
          const DkPerson *person = g_ptr_array_index (prepared, i);
          DkHouseholdEventKind kind = person->role == DK_PERSON_ROLE_PARTNER
                                      ? DK_HOUSEHOLD_EVENT_PARTNER_MOVES_IN : DK_HOUSEHOLD_EVENT_MOVE_IN;

          g_ptr_array_add (default_events, dk_household_event_new (kind, data->opened_on, person->id));
        }
      events = default_events;
    }

  for (guint i = 0; i < events->len; i++)
    if (!dk_household_timeline_add_event (timeline, g_ptr_array_index (events, i), error))
      return FALSE;

  stmt = dk_store_prepare (store,
                           "INSERT INTO dossier (id, number, opened_on, created_at, updated_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?4)",
                           error);
  if (stmt == NULL)
    return FALSE;

  dk_sql_bind_text (stmt, 1, dossier_id);
  dk_sql_bind_text (stmt, 2, data->number);
  dk_sql_bind_date (stmt, 3, data->opened_on);
  dk_sql_bind_text (stmt, 4, now);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  for (guint i = 0; i < prepared->len; i++)
    if (!insert_person (store, g_ptr_array_index (prepared, i), now, error))
      return FALSE;

  for (guint i = 0; i < events->len; i++)
    if (!insert_event (store, dossier_id, g_ptr_array_index (events, i), now, NULL, error))
      return FALSE;

  data->dossier_id = g_steal_pointer (&dossier_id);
  return TRUE;
}

gboolean
dk_dossier_repo_create (DkStore      *store,
                        const char   *number,
                        const GDate  *opened_on,
                        GPtrArray    *persons,
                        GPtrArray    *events,
                        char        **out_dossier_id,
                        GError      **error)
{
  CreateData data = { number, opened_on, persons, events, NULL };
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (persons != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  trimmed = g_strstrip (g_strdup (number != NULL ? number : ""));
  if (*trimmed == '\0')
    return dk_dossier_repo_invalid (error, _("A dossier needs a dossier number."));

  if (opened_on == NULL || !g_date_valid (opened_on))
    return dk_dossier_repo_invalid (error, _("A dossier needs the date it was opened."));

  if (!dk_store_transaction (store, create_in_transaction, &data, error))
    return FALSE;

  if (out_dossier_id != NULL)
    *out_dossier_id = g_steal_pointer (&data.dossier_id);
  g_free (data.dossier_id);
  return TRUE;
}

/* Persons and household events */

typedef struct
{
  const char             *dossier_id;
  DkPerson               *person;
  const DkHouseholdEvent *event;
  char                   *event_id;
} AddData;

static gboolean
add_person_in_transaction (DkStore   *store,
                           gpointer   user_data,
                           GError   **error)
{
  AddData *data = user_data;
  g_autoptr(DkHouseholdTimeline) timeline = NULL;
  g_autoptr(DkPerson) prepared = NULL;
  g_autofree char *now = dk_domain_timestamp_now ();

  timeline = dk_dossier_repo_load_timeline (store, data->dossier_id, error);
  if (timeline == NULL)
    return FALSE;

  prepared = prepare_person (data->person, data->dossier_id, error);
  if (prepared == NULL)
    return FALSE;

  if (!dk_household_timeline_add_person (timeline, prepared, error))
    return FALSE;

  if (data->event != NULL && !dk_household_timeline_add_event (timeline, data->event, error))
    return FALSE;

  if (!insert_person (store, prepared, now, error))
    return FALSE;

  return data->event == NULL || insert_event (store, data->dossier_id, data->event, now, NULL, error);
}

gboolean
dk_dossier_repo_add_person (DkStore           *store,
                            const char        *dossier_id,
                            DkPerson          *person,
                            DkHouseholdEvent  *joining_event,
                            char             **out_person_id,
                            GError           **error)
{
  AddData data = { dossier_id, person, joining_event, NULL };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (person != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (person->id == NULL)
    person->id = dk_uuid_new ();

  if (joining_event != NULL)
    {
      g_free (joining_event->person_id);
      joining_event->person_id = g_strdup (person->id);
    }

  if (!dk_store_transaction (store, add_person_in_transaction, &data, error))
    return FALSE;

  if (out_person_id != NULL)
    *out_person_id = g_strdup (person->id);
  return TRUE;
}

static gboolean
add_event_in_transaction (DkStore   *store,
                          gpointer   user_data,
                          GError   **error)
{
  AddData *data = user_data;
  g_autoptr(DkHouseholdTimeline) timeline = NULL;
  g_autofree char *now = dk_domain_timestamp_now ();

  timeline = dk_dossier_repo_load_timeline (store, data->dossier_id, error);
  if (timeline == NULL)
    return FALSE;

  if (!dk_household_timeline_add_event (timeline, data->event, error))
    return FALSE;

  return insert_event (store, data->dossier_id, data->event, now, &data->event_id, error);
}

gboolean
dk_dossier_repo_add_household_event (DkStore                 *store,
                                     const char              *dossier_id,
                                     const DkHouseholdEvent  *event,
                                     char                   **out_event_id,
                                     GError                 **error)
{
  AddData data = { dossier_id, NULL, event, NULL };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!dk_store_transaction (store, add_event_in_transaction, &data, error))
    return FALSE;

  if (out_event_id != NULL)
    *out_event_id = g_steal_pointer (&data.event_id);
  g_free (data.event_id);
  return TRUE;
}

/* Incomes and fixed costs */

typedef struct
{
  const char        *dossier_id;
  const DkIncome    *income;
  const DkFixedCost *cost;
  const char        *record_id;
  const GDate       *valid_to;
  char              *new_id;
} MoneyData;

static gboolean
add_income_in_transaction (DkStore   *store,
                           gpointer   user_data,
                           GError   **error)
{
  MoneyData *data = user_data;
  const DkIncome *income = data->income;
  g_autofree char *now = dk_domain_timestamp_now ();
  g_autofree char *id = income->id != NULL ? g_strdup (income->id) : dk_uuid_new ();
  sqlite3_stmt *stmt;

  if (!require_dossier (store, data->dossier_id, error)
      || !require_person_in_dossier (store, income->person_id, data->dossier_id, error))
    return FALSE;

  stmt = dk_store_prepare (store,
                           "INSERT INTO income (id, dossier_id, person_id, source, description, net_cents,"
                           " gross_cents, period, holiday_allowance_included, valid_from, valid_to, created_at,"
                           " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)",
                           error);
  if (stmt == NULL)
    return FALSE;

  dk_sql_bind_text (stmt, 1, id);
  dk_sql_bind_text (stmt, 2, data->dossier_id);
  dk_sql_bind_text (stmt, 3, income->person_id);
  dk_sql_bind_text (stmt, 4, dk_income_source_to_string (income->source));
  dk_sql_bind_text (stmt, 5, income->description);
  sqlite3_bind_int64 (stmt, 6, income->net_cents);
  if (income->has_gross)
    sqlite3_bind_int64 (stmt, 7, income->gross_cents);
  dk_sql_bind_text (stmt, 8, dk_income_period_to_string (income->period));
  bind_flag (stmt, 9, income->holiday_allowance_included);
  dk_sql_bind_date (stmt, 10, &income->valid_from);
  dk_sql_bind_date (stmt, 11, &income->valid_to);
  dk_sql_bind_text (stmt, 12, now);

  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  data->new_id = g_steal_pointer (&id);
  return TRUE;
}

gboolean
dk_dossier_repo_add_income (DkStore         *store,
                            const char      *dossier_id,
                            const DkIncome  *income,
                            char           **out_income_id,
                            GError         **error)
{
  MoneyData data = { .dossier_id = dossier_id, .income = income };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (income != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!dk_income_validate (income, error))
    return FALSE;

  if (!dk_store_transaction (store, add_income_in_transaction, &data, error))
    return FALSE;

  if (out_income_id != NULL)
    *out_income_id = g_steal_pointer (&data.new_id);
  g_free (data.new_id);
  return TRUE;
}

/* Shared by incomes and fixed costs: both tables have valid_from / valid_to. @select and @update name
 * the table. */
static gboolean
end_record (DkStore      *store,
            const char   *select_sql,
            const char   *update_sql,
            const char   *record_id,
            const GDate  *valid_to,
            const char   *table,
            GError      **error)
{
  g_autofree char *now = dk_domain_timestamp_now ();
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  GDate valid_from;
  gboolean already_ended;

  stmt = dk_store_prepare (store, select_sql, error);
  if (stmt == NULL)
    return FALSE;

  dk_sql_bind_text (stmt, 1, record_id);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;

  if (!has_row)
    return dk_dossier_repo_not_found (error, _("The income or fixed cost does not exist or has been removed."));

  already_ended = sqlite3_column_type (stmt, 1) != SQLITE_NULL;
  if (!column_date (stmt, 0, &valid_from, table, "valid_from", error))
    {
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);

  if (already_ended)
    return dk_dossier_repo_invalid (error, _("The income or fixed cost has already ended."));

  if (g_date_compare (valid_to, &valid_from) < 0)
    return dk_dossier_repo_invalid (error, _("An income or fixed cost cannot end before it starts."));

  stmt = dk_store_prepare (store, update_sql, error);
  if (stmt == NULL)
    return FALSE;

  dk_sql_bind_text (stmt, 1, record_id);
  dk_sql_bind_date (stmt, 2, valid_to);
  dk_sql_bind_text (stmt, 3, now);
  return dk_store_step_done (store, stmt, error);
}

static gboolean
end_income_in_transaction (DkStore   *store,
                           gpointer   user_data,
                           GError   **error)
{
  MoneyData *data = user_data;

  return end_record (store,
                     "SELECT valid_from, valid_to FROM income WHERE id = ?1 AND removed_at IS NULL",
                     "UPDATE income SET valid_to = ?2, updated_at = max (?3, created_at) WHERE id = ?1",
                     data->record_id, data->valid_to, "income", error);
}

gboolean
dk_dossier_repo_end_income (DkStore      *store,
                            const char   *income_id,
                            const GDate  *valid_to,
                            GError      **error)
{
  MoneyData data = { .record_id = income_id, .valid_to = valid_to };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (income_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (valid_to == NULL || !g_date_valid (valid_to))
    return dk_dossier_repo_invalid (error, _("Ending an income needs its last day."));

  return dk_store_transaction (store, end_income_in_transaction, &data, error);
}

static gboolean
add_cost_in_transaction (DkStore   *store,
                         gpointer   user_data,
                         GError   **error)
{
  MoneyData *data = user_data;
  const DkFixedCost *cost = data->cost;
  g_autofree char *now = dk_domain_timestamp_now ();
  g_autofree char *id = cost->id != NULL ? g_strdup (cost->id) : dk_uuid_new ();
  sqlite3_stmt *stmt;

  if (!require_dossier (store, data->dossier_id, error))
    return FALSE;

  if (cost->person_id != NULL && !require_person_in_dossier (store, cost->person_id, data->dossier_id, error))
    return FALSE;

  stmt = dk_store_prepare (store,
                           "INSERT INTO fixed_cost (id, dossier_id, person_id, kind, description, monthly_cents,"
                           " rent_basic_cents, rent_service_cents, mortgage_interest_cents,"
                           " mortgage_repayment_cents, valid_from, valid_to, created_at, updated_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
                           error);
  if (stmt == NULL)
    return FALSE;

  dk_sql_bind_text (stmt, 1, id);
  dk_sql_bind_text (stmt, 2, data->dossier_id);
  dk_sql_bind_text (stmt, 3, cost->person_id);
  dk_sql_bind_text (stmt, 4, dk_fixed_cost_kind_to_string (cost->kind));
  dk_sql_bind_text (stmt, 5, cost->description);
  sqlite3_bind_int64 (stmt, 6, cost->monthly_cents);
  if (cost->has_parts && cost->kind == DK_FIXED_COST_RENT)
    {
      sqlite3_bind_int64 (stmt, 7, cost->rent_basic_cents);
      sqlite3_bind_int64 (stmt, 8, cost->rent_service_cents);
    }
  if (cost->has_parts && cost->kind == DK_FIXED_COST_MORTGAGE)
    {
      sqlite3_bind_int64 (stmt, 9, cost->mortgage_interest_cents);
      sqlite3_bind_int64 (stmt, 10, cost->mortgage_repayment_cents);
    }
  dk_sql_bind_date (stmt, 11, &cost->valid_from);
  dk_sql_bind_date (stmt, 12, &cost->valid_to);
  dk_sql_bind_text (stmt, 13, now);

  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  data->new_id = g_steal_pointer (&id);
  return TRUE;
}

gboolean
dk_dossier_repo_add_fixed_cost (DkStore            *store,
                                const char         *dossier_id,
                                const DkFixedCost  *cost,
                                char              **out_cost_id,
                                GError            **error)
{
  MoneyData data = { .dossier_id = dossier_id, .cost = cost };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (cost != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!dk_fixed_cost_validate (cost, error))
    return FALSE;

  if (!dk_store_transaction (store, add_cost_in_transaction, &data, error))
    return FALSE;

  if (out_cost_id != NULL)
    *out_cost_id = g_steal_pointer (&data.new_id);
  g_free (data.new_id);
  return TRUE;
}

static gboolean
end_cost_in_transaction (DkStore   *store,
                         gpointer   user_data,
                         GError   **error)
{
  MoneyData *data = user_data;

  return end_record (store,
                     "SELECT valid_from, valid_to FROM fixed_cost WHERE id = ?1 AND removed_at IS NULL",
                     "UPDATE fixed_cost SET valid_to = ?2, updated_at = max (?3, created_at) WHERE id = ?1",
                     data->record_id, data->valid_to, "fixed_cost", error);
}

gboolean
dk_dossier_repo_end_fixed_cost (DkStore      *store,
                                const char   *cost_id,
                                const GDate  *valid_to,
                                GError      **error)
{
  MoneyData data = { .record_id = cost_id, .valid_to = valid_to };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (cost_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (valid_to == NULL || !g_date_valid (valid_to))
    return dk_dossier_repo_invalid (error, _("Ending a fixed cost needs its last day."));

  return dk_store_transaction (store, end_cost_in_transaction, &data, error);
}

/* Debts */

static gboolean
insert_status (DkStore                  *store,
               const char               *dossier_id,
               const char               *debt_id,
               const DkDebtStatusEntry  *entry,
               const char               *now,
               char                    **out_id,
               GError                  **error)
{
  g_autofree char *id = entry->id != NULL ? g_strdup (entry->id) : dk_uuid_new ();
  sqlite3_stmt *stmt;

  stmt = dk_store_prepare (store,
                           "INSERT INTO debt_status (id, dossier_id, debt_id, status, status_date, note,"
                           " created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
                           error);
  if (stmt == NULL)
    return FALSE;

  dk_sql_bind_text (stmt, 1, id);
  dk_sql_bind_text (stmt, 2, dossier_id);
  dk_sql_bind_text (stmt, 3, debt_id);
  dk_sql_bind_text (stmt, 4, dk_debt_status_to_string (entry->status));
  dk_sql_bind_date (stmt, 5, &entry->date);
  dk_sql_bind_text (stmt, 6, entry->note);
  dk_sql_bind_text (stmt, 7, now);

  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  if (out_id != NULL)
    *out_id = g_steal_pointer (&id);
  return TRUE;
}

typedef struct
{
  const char   *dossier_id;
  const DkDebt *debt;
  const char   *debt_id;
  DkDebtStatus  status;
  const GDate  *date;
  const char   *note;
  char         *new_id;
} DebtData;

static gboolean
add_debt_in_transaction (DkStore   *store,
                         gpointer   user_data,
                         GError   **error)
{
  DebtData *data = user_data;
  const DkDebt *debt = data->debt;
  g_autofree char *now = dk_domain_timestamp_now ();
  g_autofree char *id = debt->id != NULL ? g_strdup (debt->id) : dk_uuid_new ();
  sqlite3_stmt *stmt;

  if (!require_dossier (store, data->dossier_id, error))
    return FALSE;

  stmt = dk_store_prepare (store,
                           "INSERT INTO debt (id, dossier_id, debt_group_id, source_debt_id, creditor_name,"
                           " creditor_kvk, reference, original_cents, current_cents, origin_date, debt_type,"
                           " debt_rank, business_debt, contracting_party, household_debt, excluded, share_ppm,"
                           " created_at, updated_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
                           " ?18, ?18)",
                           error);
  if (stmt == NULL)
    return FALSE;

  dk_sql_bind_text (stmt, 1, id);
  dk_sql_bind_text (stmt, 2, data->dossier_id);
  dk_sql_bind_text (stmt, 3, debt->debt_group_id != NULL ? debt->debt_group_id : id);
  dk_sql_bind_text (stmt, 4, debt->source_debt_id);
  dk_sql_bind_text (stmt, 5, debt->creditor_name);
  dk_sql_bind_text (stmt, 6, debt->creditor_kvk);
  dk_sql_bind_text (stmt, 7, debt->reference);
  sqlite3_bind_int64 (stmt, 8, debt->original_cents);
  sqlite3_bind_int64 (stmt, 9, debt->current_cents);
  dk_sql_bind_date (stmt, 10, &debt->origin_date);
  dk_sql_bind_text (stmt, 11, dk_debt_type_to_string (debt->type));
  dk_sql_bind_text (stmt, 12, dk_debt_rank_to_string (debt->rank));
  bind_flag (stmt, 13, debt->business_debt);
  dk_sql_bind_text (stmt, 14, dk_contracting_party_to_string (debt->contracting_party));
  bind_flag (stmt, 15, debt->household_debt);
  bind_flag (stmt, 16, debt->excluded);
  sqlite3_bind_int64 (stmt, 17, debt->share_ppm);
  dk_sql_bind_text (stmt, 18, now);

  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  for (guint i = 0; i < debt->statuses->len; i++)
    if (!insert_status (store, data->dossier_id, id, g_ptr_array_index (debt->statuses, i), now, NULL, error))
      return FALSE;

  data->new_id = g_steal_pointer (&id);
  return TRUE;
}

/* Replays @debt's statuses through dk_debt_append_status(), so a stored history obeys the same rules
 * as one built entry by entry. */
static gboolean
check_status_history (const DkDebt  *debt,
                      GError       **error)
{
  g_autoptr(DkDebt) check = dk_debt_new (debt->creditor_name, 0, DK_DEBT_TYPE_OTHER, DK_CONTRACTING_PARTY_CLIENT);

  for (guint i = 0; i < debt->statuses->len; i++)
    {
      const DkDebtStatusEntry *entry = g_ptr_array_index (debt->statuses, i);

      if (entry->status == DK_DEBT_STATUS_TRANSFERRED)
        return dk_dossier_repo_invalid (error, _("Only a dossier split can mark a debt as moved to another dossier."));

      if (!dk_debt_append_status (check, entry->status, &entry->date, entry->note, error))
        return FALSE;
    }

  return TRUE;
}

gboolean
dk_dossier_repo_add_debt (DkStore       *store,
                          const char    *dossier_id,
                          const DkDebt  *debt,
                          char         **out_debt_id,
                          GError       **error)
{
  DebtData data = { .dossier_id = dossier_id, .debt = debt };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (debt != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!dk_debt_validate (debt, error) || !check_status_history (debt, error))
    return FALSE;

  if (!dk_store_transaction (store, add_debt_in_transaction, &data, error))
    return FALSE;

  if (out_debt_id != NULL)
    *out_debt_id = g_steal_pointer (&data.new_id);
  g_free (data.new_id);
  return TRUE;
}

static gboolean
add_status_in_transaction (DkStore   *store,
                           gpointer   user_data,
                           GError   **error)
{
  DebtData *data = user_data;
  g_autoptr(DkDebt) debt = NULL;
  g_autofree char *now = dk_domain_timestamp_now ();
  const DkDebtStatusEntry *entry;

  debt = dk_dossier_repo_load_debt (store, data->debt_id, error);
  if (debt == NULL)
    return FALSE;

  if (!dk_debt_append_status (debt, data->status, data->date, data->note, error))
    return FALSE;

  /* The debt row itself stays as it is: its updated_at is the sync server's to set (PROTOCOL.md,
   * "Records"), and a replica that touched it alone would differ from the server for good. */
  entry = dk_debt_get_current_status (debt);
  return insert_status (store, debt->dossier_id, debt->id, entry, now, &data->new_id, error);
}

gboolean
dk_dossier_repo_add_debt_status (DkStore       *store,
                                 const char    *debt_id,
                                 DkDebtStatus   status,
                                 const GDate   *date,
                                 const char    *note,
                                 char         **out_status_id,
                                 GError       **error)
{
  DebtData data = { .debt_id = debt_id, .status = status, .date = date, .note = note };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (debt_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (status == DK_DEBT_STATUS_TRANSFERRED)
    return dk_dossier_repo_invalid (error, _("Only a dossier split can mark a debt as moved to another dossier."));

  if (!dk_store_transaction (store, add_status_in_transaction, &data, error))
    return FALSE;

  if (out_status_id != NULL)
    *out_status_id = g_steal_pointer (&data.new_id);
  g_free (data.new_id);
  return TRUE;
}

/* Reading */

DkDossier *
dk_dossier_repo_load_dossier (DkStore     *store,
                              const char  *dossier_id,
                              GError     **error)
{
  g_autoptr(DkDossier) dossier = NULL;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = dk_store_prepare (store,
                           "SELECT id, number, opened_on, created_at, updated_at FROM dossier"
                           " WHERE id = ?1 AND removed_at IS NULL",
                           error);
  if (stmt == NULL)
    return NULL;

  dk_sql_bind_text (stmt, 1, dossier_id);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return NULL;

  if (!has_row)
    {
      dk_dossier_repo_not_found (error, _("The dossier does not exist or has been removed."));
      return NULL;
    }

  dossier = g_new0 (DkDossier, 1);
  dossier->id = dk_sql_column_dup (stmt, 0);
  dossier->number = dk_sql_column_dup (stmt, 1);
  ok = column_date (stmt, 2, &dossier->opened_on, "dossier", "opened_on", error);
  dossier->created_at = dk_sql_column_dup (stmt, 3);
  dossier->updated_at = dk_sql_column_dup (stmt, 4);
  sqlite3_reset (stmt);

  return ok ? g_steal_pointer (&dossier) : NULL;
}

static DkPerson *
read_person (sqlite3_stmt  *stmt,
             GError       **error)
{
  g_autoptr(DkPerson) person = dk_person_new (DK_PERSON_ROLE_OTHER, NULL, NULL, NULL, NULL);

  person->id = dk_sql_column_dup (stmt, 0);
  person->dossier_id = dk_sql_column_dup (stmt, 1);
  if (!dk_person_role_from_string ((const char *) sqlite3_column_text (stmt, 2), &person->role))
    {
      bad_row (error, "person", "role");
      return NULL;
    }
  person->bsn = dk_sql_column_dup (stmt, 3);
  person->given_names = dk_sql_column_dup (stmt, 4);
  person->family_name_prefix = dk_sql_column_dup (stmt, 5);
  person->family_name = dk_sql_column_dup (stmt, 6);
  if (!column_date (stmt, 7, &person->birth_date, "person", "birth_date", error))
    return NULL;
  person->source_person_id = dk_sql_column_dup (stmt, 8);

  return g_steal_pointer (&person);
}

static DkHouseholdEvent *
read_event (sqlite3_stmt  *stmt,
            GError       **error)
{
  g_autoptr(DkHouseholdEvent) event = dk_household_event_new (DK_HOUSEHOLD_EVENT_MOVE_IN, NULL, NULL);

  event->id = dk_sql_column_dup (stmt, 0);
  event->dossier_id = dk_sql_column_dup (stmt, 1);
  if (!dk_household_event_kind_from_string ((const char *) sqlite3_column_text (stmt, 2), &event->kind))
    {
      bad_row (error, "household_event", "kind");
      return NULL;
    }
  if (!column_date (stmt, 3, &event->date, "household_event", "event_date", error))
    return NULL;
  event->person_id = dk_sql_column_dup (stmt, 4);
  event->other_person_id = dk_sql_column_dup (stmt, 5);
  if (sqlite3_column_type (stmt, 6) != SQLITE_NULL
      && !dk_union_kind_from_string ((const char *) sqlite3_column_text (stmt, 6), &event->union_kind))
    {
      bad_row (error, "household_event", "union_kind");
      return NULL;
    }
  if (sqlite3_column_type (stmt, 7) != SQLITE_NULL
      && !dk_marital_regime_from_string ((const char *) sqlite3_column_text (stmt, 7), &event->regime))
    {
      bad_row (error, "household_event", "regime");
      return NULL;
    }
  if (sqlite3_column_type (stmt, 8) != SQLITE_NULL
      && !dk_relation_kind_from_string ((const char *) sqlite3_column_text (stmt, 8), &event->relation_kind))
    {
      bad_row (error, "household_event", "relation_kind");
      return NULL;
    }
  if (!column_date (stmt, 9, &event->union_date, "household_event", "union_date", error)
      || !column_date (stmt, 10, &event->dissolution_date, "household_event", "dissolution_date", error)
      || !column_date (stmt, 11, &event->end_date, "household_event", "end_date", error))
    return NULL;
  event->source_dossier_id = dk_sql_column_dup (stmt, 12);
  event->created_at = dk_sql_column_dup (stmt, 13);

  return g_steal_pointer (&event);
}

DkHouseholdTimeline *
dk_dossier_repo_load_timeline (DkStore     *store,
                               const char  *dossier_id,
                               GError     **error)
{
  g_autoptr(DkHouseholdTimeline) timeline = dk_household_timeline_new ();
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok = TRUE;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!require_dossier (store, dossier_id, error))
    return NULL;

  stmt = dk_store_prepare (store,
                           "SELECT id, dossier_id, role, bsn, given_names, family_name_prefix, family_name,"
                           " birth_date, source_person_id FROM person"
                           " WHERE dossier_id = ?1 AND removed_at IS NULL ORDER BY created_at, id",
                           error);
  if (stmt == NULL)
    return NULL;

  dk_sql_bind_text (stmt, 1, dossier_id);
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      g_autoptr(DkPerson) person = read_person (stmt, error);

      if (person == NULL || !dk_household_timeline_add_person (timeline, person, error))
        {
          sqlite3_reset (stmt);
          return NULL;
        }
    }
  if (!ok)
    return NULL;

  stmt = dk_store_prepare (store,
                           "SELECT id, dossier_id, kind, event_date, person_id, other_person_id, union_kind,"
                           " regime, relation_kind, union_date, dissolution_date, end_date, source_dossier_id,"
                           " created_at FROM household_event"
                           " WHERE dossier_id = ?1 AND removed_at IS NULL ORDER BY event_date, created_at, id",
                           error);
  if (stmt == NULL)
    return NULL;

  dk_sql_bind_text (stmt, 1, dossier_id);
  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      g_autoptr(DkHouseholdEvent) event = read_event (stmt, error);

      if (event == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      dk_household_timeline_add_event_unchecked (timeline, event);
    }
  if (!ok)
    return NULL;

  return g_steal_pointer (&timeline);
}

static DkIncome *
read_income (sqlite3_stmt  *stmt,
             GError       **error)
{
  g_autoptr(DkIncome) income = dk_income_new (NULL, DK_INCOME_SOURCE_OTHER, 0, DK_INCOME_PERIOD_MONTH, NULL);

  income->id = dk_sql_column_dup (stmt, 0);
  income->dossier_id = dk_sql_column_dup (stmt, 1);
  income->person_id = dk_sql_column_dup (stmt, 2);
  if (!dk_income_source_from_string ((const char *) sqlite3_column_text (stmt, 3), &income->source))
    {
      bad_row (error, "income", "source");
      return NULL;
    }
  income->description = dk_sql_column_dup (stmt, 4);
  income->net_cents = sqlite3_column_int64 (stmt, 5);
  income->has_gross = sqlite3_column_type (stmt, 6) != SQLITE_NULL;
  income->gross_cents = income->has_gross ? sqlite3_column_int64 (stmt, 6) : 0;
  if (!dk_income_period_from_string ((const char *) sqlite3_column_text (stmt, 7), &income->period))
    {
      bad_row (error, "income", "period");
      return NULL;
    }
  income->holiday_allowance_included = sqlite3_column_int (stmt, 8) != 0;
  if (!column_date (stmt, 9, &income->valid_from, "income", "valid_from", error)
      || !column_date (stmt, 10, &income->valid_to, "income", "valid_to", error))
    return NULL;
  income->created_at = dk_sql_column_dup (stmt, 11);
  income->updated_at = dk_sql_column_dup (stmt, 12);

  return g_steal_pointer (&income);
}

static DkFixedCost *
read_cost (sqlite3_stmt  *stmt,
           GError       **error)
{
  g_autoptr(DkFixedCost) cost = dk_fixed_cost_new (DK_FIXED_COST_OTHER, 0, NULL);

  cost->id = dk_sql_column_dup (stmt, 0);
  cost->dossier_id = dk_sql_column_dup (stmt, 1);
  cost->person_id = dk_sql_column_dup (stmt, 2);
  if (!dk_fixed_cost_kind_from_string ((const char *) sqlite3_column_text (stmt, 3), &cost->kind))
    {
      bad_row (error, "fixed_cost", "kind");
      return NULL;
    }
  cost->description = dk_sql_column_dup (stmt, 4);
  cost->monthly_cents = sqlite3_column_int64 (stmt, 5);
  if (sqlite3_column_type (stmt, 6) != SQLITE_NULL)
    {
      cost->has_parts = TRUE;
      cost->rent_basic_cents = sqlite3_column_int64 (stmt, 6);
      cost->rent_service_cents = sqlite3_column_int64 (stmt, 7);
    }
  if (sqlite3_column_type (stmt, 8) != SQLITE_NULL)
    {
      cost->has_parts = TRUE;
      cost->mortgage_interest_cents = sqlite3_column_int64 (stmt, 8);
      cost->mortgage_repayment_cents = sqlite3_column_int64 (stmt, 9);
    }
  if (!column_date (stmt, 10, &cost->valid_from, "fixed_cost", "valid_from", error)
      || !column_date (stmt, 11, &cost->valid_to, "fixed_cost", "valid_to", error))
    return NULL;
  cost->created_at = dk_sql_column_dup (stmt, 12);
  cost->updated_at = dk_sql_column_dup (stmt, 13);

  return g_steal_pointer (&cost);
}

typedef gpointer (*ReadRowFunc) (sqlite3_stmt *stmt,
                                 GError      **error);

/* Steps @stmt (already bound) to the end, collecting what @read makes of each row. */
static GPtrArray *
collect_rows (DkStore         *store,
              sqlite3_stmt    *stmt,
              ReadRowFunc      read,
              GDestroyNotify   free_func,
              GError         **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  gboolean has_row = FALSE;
  gboolean ok = TRUE;

  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      gpointer row = read (stmt, error);

      if (row == NULL)
        {
          sqlite3_reset (stmt);
          return NULL;
        }
      g_ptr_array_add (rows, row);
    }

  if (!ok)
    return NULL;

  return g_steal_pointer (&rows);
}

GPtrArray *
dk_dossier_repo_load_incomes (DkStore      *store,
                              const char   *dossier_id,
                              const GDate  *as_of,
                              GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!require_dossier (store, dossier_id, error))
    return NULL;

  stmt = dk_store_prepare (store,
                           "SELECT id, dossier_id, person_id, source, description, net_cents, gross_cents, period,"
                           " holiday_allowance_included, valid_from, valid_to, created_at, updated_at FROM income"
                           " WHERE dossier_id = ?1 AND removed_at IS NULL"
                           " AND (?2 IS NULL OR (valid_from <= ?2 AND (valid_to IS NULL OR valid_to >= ?2)))"
                           " ORDER BY valid_from, created_at, id",
                           error);
  if (stmt == NULL)
    return NULL;

  dk_sql_bind_text (stmt, 1, dossier_id);
  dk_sql_bind_date (stmt, 2, as_of);
  return collect_rows (store, stmt, (ReadRowFunc) read_income, (GDestroyNotify) dk_income_free, error);
}

GPtrArray *
dk_dossier_repo_load_fixed_costs (DkStore      *store,
                                  const char   *dossier_id,
                                  const GDate  *as_of,
                                  GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!require_dossier (store, dossier_id, error))
    return NULL;

  stmt = dk_store_prepare (store,
                           "SELECT id, dossier_id, person_id, kind, description, monthly_cents, rent_basic_cents,"
                           " rent_service_cents, mortgage_interest_cents, mortgage_repayment_cents, valid_from,"
                           " valid_to, created_at, updated_at FROM fixed_cost"
                           " WHERE dossier_id = ?1 AND removed_at IS NULL"
                           " AND (?2 IS NULL OR (valid_from <= ?2 AND (valid_to IS NULL OR valid_to >= ?2)))"
                           " ORDER BY valid_from, created_at, id",
                           error);
  if (stmt == NULL)
    return NULL;

  dk_sql_bind_text (stmt, 1, dossier_id);
  dk_sql_bind_date (stmt, 2, as_of);
  return collect_rows (store, stmt, (ReadRowFunc) read_cost, (GDestroyNotify) dk_fixed_cost_free, error);
}

#define DEBT_COLUMNS \
  "id, dossier_id, debt_group_id, source_debt_id, creditor_name, creditor_kvk, reference, original_cents," \
  " current_cents, origin_date, debt_type, debt_rank, business_debt, contracting_party, household_debt," \
  " excluded, share_ppm, created_at, updated_at"

static DkDebt *
read_debt (sqlite3_stmt  *stmt,
           GError       **error)
{
  g_autoptr(DkDebt) debt = dk_debt_new (NULL, 0, DK_DEBT_TYPE_OTHER, DK_CONTRACTING_PARTY_CLIENT);

  debt->id = dk_sql_column_dup (stmt, 0);
  debt->dossier_id = dk_sql_column_dup (stmt, 1);
  debt->debt_group_id = dk_sql_column_dup (stmt, 2);
  debt->source_debt_id = dk_sql_column_dup (stmt, 3);
  debt->creditor_name = dk_sql_column_dup (stmt, 4);
  debt->creditor_kvk = dk_sql_column_dup (stmt, 5);
  debt->reference = dk_sql_column_dup (stmt, 6);
  debt->original_cents = sqlite3_column_int64 (stmt, 7);
  debt->current_cents = sqlite3_column_int64 (stmt, 8);
  if (!column_date (stmt, 9, &debt->origin_date, "debt", "origin_date", error))
    return NULL;
  if (!dk_debt_type_from_string ((const char *) sqlite3_column_text (stmt, 10), &debt->type))
    {
      bad_row (error, "debt", "debt_type");
      return NULL;
    }
  if (!dk_debt_rank_from_string ((const char *) sqlite3_column_text (stmt, 11), &debt->rank))
    {
      bad_row (error, "debt", "debt_rank");
      return NULL;
    }
  debt->business_debt = sqlite3_column_int (stmt, 12) != 0;
  if (!dk_contracting_party_from_string ((const char *) sqlite3_column_text (stmt, 13), &debt->contracting_party))
    {
      bad_row (error, "debt", "contracting_party");
      return NULL;
    }
  debt->household_debt = sqlite3_column_int (stmt, 14) != 0;
  debt->excluded = sqlite3_column_int (stmt, 15) != 0;
  debt->share_ppm = sqlite3_column_int64 (stmt, 16);
  debt->created_at = dk_sql_column_dup (stmt, 17);
  debt->updated_at = dk_sql_column_dup (stmt, 18);

  return g_steal_pointer (&debt);
}

/* Columns: debt_id, id, status, status_date, note, created_at. */
static DkDebtStatusEntry *
read_status (sqlite3_stmt  *stmt,
             GError       **error)
{
  DkDebtStatusEntry *entry = g_new0 (DkDebtStatusEntry, 1);

  entry->id = dk_sql_column_dup (stmt, 1);
  entry->note = dk_sql_column_dup (stmt, 4);
  entry->created_at = dk_sql_column_dup (stmt, 5);
  if (!dk_debt_status_from_string ((const char *) sqlite3_column_text (stmt, 2), &entry->status))
    {
      dk_debt_status_entry_free (entry);
      bad_row (error, "debt_status", "status");
      return NULL;
    }
  if (!column_date (stmt, 3, &entry->date, "debt_status", "status_date", error))
    {
      dk_debt_status_entry_free (entry);
      return NULL;
    }

  return entry;
}

/* Attaches the status rows @stmt yields to the debts in @by_id, keeping those dated up to @as_of. */
static gboolean
attach_statuses (DkStore       *store,
                 sqlite3_stmt  *stmt,
                 GHashTable    *by_id,
                 const GDate   *as_of,
                 GError       **error)
{
  gboolean has_row = FALSE;
  gboolean ok = TRUE;

  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    {
      DkDebt *debt = g_hash_table_lookup (by_id, sqlite3_column_text (stmt, 0));
      DkDebtStatusEntry *entry;

      if (debt == NULL)
        continue;

      entry = read_status (stmt, error);
      if (entry == NULL)
        {
          sqlite3_reset (stmt);
          return FALSE;
        }

      if (as_of != NULL && g_date_compare (&entry->date, as_of) > 0)
        dk_debt_status_entry_free (entry);
      else
        g_ptr_array_add (debt->statuses, entry);
    }

  return ok;
}

GPtrArray *
dk_dossier_repo_load_debts (DkStore      *store,
                            const char   *dossier_id,
                            const GDate  *as_of,
                            GError      **error)
{
  g_autoptr(GPtrArray) debts = NULL;
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!require_dossier (store, dossier_id, error))
    return NULL;

  stmt = dk_store_prepare (store,
                           "SELECT " DEBT_COLUMNS " FROM debt WHERE dossier_id = ?1 AND removed_at IS NULL"
                           " ORDER BY created_at, id",
                           error);
  if (stmt == NULL)
    return NULL;

  dk_sql_bind_text (stmt, 1, dossier_id);
  debts = collect_rows (store, stmt, (ReadRowFunc) read_debt, (GDestroyNotify) dk_debt_free, error);
  if (debts == NULL)
    return NULL;

  by_id = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < debts->len; i++)
    {
      DkDebt *debt = g_ptr_array_index (debts, i);

      g_hash_table_insert (by_id, debt->id, debt);
    }

  stmt = dk_store_prepare (store,
                           "SELECT debt_id, id, status, status_date, note, created_at FROM debt_status"
                           " WHERE dossier_id = ?1 ORDER BY status_date, created_at, id",
                           error);
  if (stmt == NULL)
    return NULL;

  dk_sql_bind_text (stmt, 1, dossier_id);
  if (!attach_statuses (store, stmt, by_id, as_of, error))
    return NULL;

  /* A debt without any status up to @as_of was not on the list yet. */
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_debt_free);
  for (guint i = 0; i < debts->len; i++)
    {
      DkDebt *debt = g_ptr_array_index (debts, i);

      if (debt->statuses->len > 0)
        g_ptr_array_add (result, g_ptr_array_steal_index (debts, i--));
    }

  return g_steal_pointer (&result);
}

DkDebt *
dk_dossier_repo_load_debt (DkStore     *store,
                           const char  *debt_id,
                           GError     **error)
{
  g_autoptr(GPtrArray) debts = NULL;
  g_autoptr(GHashTable) by_id = NULL;
  DkDebt *debt;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  stmt = dk_store_prepare (store, "SELECT " DEBT_COLUMNS " FROM debt WHERE id = ?1 AND removed_at IS NULL", error);
  if (stmt == NULL)
    return NULL;

  dk_sql_bind_text (stmt, 1, debt_id);
  debts = collect_rows (store, stmt, (ReadRowFunc) read_debt, (GDestroyNotify) dk_debt_free, error);
  if (debts == NULL)
    return NULL;

  if (debts->len == 0)
    {
      dk_dossier_repo_not_found (error, _("The debt does not exist or has been removed."));
      return NULL;
    }

  debt = g_ptr_array_index (debts, 0);
  by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (by_id, debt->id, debt);

  stmt = dk_store_prepare (store,
                           "SELECT debt_id, id, status, status_date, note, created_at FROM debt_status"
                           " WHERE debt_id = ?1 ORDER BY status_date, created_at, id",
                           error);
  if (stmt == NULL)
    return NULL;

  dk_sql_bind_text (stmt, 1, debt_id);
  if (!attach_statuses (store, stmt, by_id, NULL, error))
    return NULL;

  return g_ptr_array_steal_index (debts, 0);
}

static DkDossierLink *
read_link (sqlite3_stmt  *stmt,
           GError       **error)
{
  g_autoptr(DkDossierLink) link = g_new0 (DkDossierLink, 1);
  const char *kind = (const char *) sqlite3_column_text (stmt, 3);

  link->id = dk_sql_column_dup (stmt, 0);
  link->dossier_id = dk_sql_column_dup (stmt, 1);
  link->linked_dossier_id = dk_sql_column_dup (stmt, 2);
  if (g_strcmp0 (kind, link_kind_names[DK_DOSSIER_LINK_SPLIT_FROM]) == 0)
    link->kind = DK_DOSSIER_LINK_SPLIT_FROM;
  else if (g_strcmp0 (kind, link_kind_names[DK_DOSSIER_LINK_SPLIT_INTO]) == 0)
    link->kind = DK_DOSSIER_LINK_SPLIT_INTO;
  else
    {
      bad_row (error, "dossier_link", "kind");
      return NULL;
    }
  if (!column_date (stmt, 4, &link->date, "dossier_link", "link_date", error))
    return NULL;

  return g_steal_pointer (&link);
}

GPtrArray *
dk_dossier_repo_load_links (DkStore     *store,
                            const char  *dossier_id,
                            GError     **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!require_dossier (store, dossier_id, error))
    return NULL;

  stmt = dk_store_prepare (store,
                           "SELECT id, dossier_id, linked_dossier_id, kind, link_date FROM dossier_link"
                           " WHERE dossier_id = ?1 AND removed_at IS NULL ORDER BY created_at, id",
                           error);
  if (stmt == NULL)
    return NULL;

  dk_sql_bind_text (stmt, 1, dossier_id);
  return collect_rows (store, stmt, (ReadRowFunc) read_link, (GDestroyNotify) dk_dossier_link_free, error);
}
