#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-date.h"
#include "dk-domain-schema.h"
#include "dk-dossier-repo.h"
#include "dk-dossier-split.h"
#include "dk-marital.h"
#include "dk-money.h"
#include "dk-uuid.h"

G_DEFINE_QUARK (dk-dossier-split-error-quark, dk_dossier_split_error)

#define PPM_WHOLE 1000000

typedef struct
{
  const char         *dossier_id;
  const char         *leaving_id;
  const char *const  *child_ids;
  const GDate        *split_date;
  char               *new_dossier_id;
} SplitData;

/* The persons of the old dossier who move, mapped to their copies in the new one. */
typedef struct
{
  GHashTable *new_id_of;    /* old person id → new person id, for everyone copied */
  GHashTable *moving;       /* old person ids of those who leave the old household */
} PersonMap;

static gboolean
run_sql (DkStore     *store,
         const char  *sql,
         const char  *param1,
         const char  *param2,
         const char  *param3,
         GError     **error)
{
  sqlite3_stmt *stmt = dk_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, param1, -1, SQLITE_TRANSIENT);
  if (param2 != NULL)
    sqlite3_bind_text (stmt, 2, param2, -1, SQLITE_TRANSIENT);
  if (param3 != NULL)
    sqlite3_bind_text (stmt, 3, param3, -1, SQLITE_TRANSIENT);

  return dk_store_step_done (store, stmt, error);
}

static char *
next_dossier_number (DkStore     *store,
                     const char  *dossier_id,
                     const char  *number,
                     GError     **error)
{
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gint64 splits;

  stmt = dk_store_prepare (store,
                           "SELECT count (*) FROM dossier_link WHERE dossier_id = ?1 AND kind = 'split_into'",
                           error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, dossier_id, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return NULL;

  splits = has_row ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);

  return g_strdup_printf ("%s-%" G_GINT64_FORMAT, number, splits + 1);
}

static DkPerson *
copy_person (const DkPerson *original,
             DkPersonRole    role)
{
  DkPerson *copy = dk_person_copy (original);

  g_free (copy->id);
  copy->id = dk_uuid_new ();
  g_clear_pointer (&copy->dossier_id, g_free);
  g_free (copy->source_person_id);
  copy->source_person_id = g_strdup (original->id);
  copy->role = role;

  return copy;
}

static gboolean
contains (const GPtrArray *ids,
          const char      *id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ids, i), id) == 0)
      return TRUE;

  return FALSE;
}

/* Moves the incomes (or, with @costs, the fixed costs) of the persons who leave. */
static gboolean
move_money_records (DkStore      *store,
                    SplitData    *data,
                    PersonMap    *map,
                    gboolean      costs,
                    const char   *now,
                    GError      **error)
{
  g_autoptr(GPtrArray) records = NULL;
  GDate day_before = *data->split_date;

  g_date_subtract_days (&day_before, 1);

  records = costs ? dk_dossier_repo_load_fixed_costs (store, data->dossier_id, NULL, error)
                  : dk_dossier_repo_load_incomes (store, data->dossier_id, NULL, error);
  if (records == NULL)
    return FALSE;

  for (guint i = 0; i < records->len; i++)
    {
      gpointer record = g_ptr_array_index (records, i);
      const char *id = costs ? ((DkFixedCost *) record)->id : ((DkIncome *) record)->id;
      const char *person_id = costs ? ((DkFixedCost *) record)->person_id : ((DkIncome *) record)->person_id;
      GDate *valid_from = costs ? &((DkFixedCost *) record)->valid_from : &((DkIncome *) record)->valid_from;
      GDate *valid_to = costs ? &((DkFixedCost *) record)->valid_to : &((DkIncome *) record)->valid_to;
      gboolean started_before;
      gboolean ok;

      if (person_id == NULL || !g_hash_table_contains (map->moving, person_id))
        continue;

      if (g_date_valid (valid_to) && g_date_compare (valid_to, data->split_date) < 0)
        continue;

      started_before = g_date_compare (valid_from, data->split_date) < 0;

      /* The old record first: it ends, or moves entirely. */
      if (started_before)
        ok = costs ? dk_dossier_repo_end_fixed_cost (store, id, &day_before, error)
                   : dk_dossier_repo_end_income (store, id, &day_before, error);
      else
        ok = run_sql (store,
                      costs ? "UPDATE fixed_cost SET removed_at = ?2, updated_at = max (?2, created_at) WHERE id = ?1"
                            : "UPDATE income SET removed_at = ?2, updated_at = max (?2, created_at) WHERE id = ?1",
                      id, now, NULL, error);
      if (!ok)
        return FALSE;

      if (costs)
        {
          g_autoptr(DkFixedCost) copy = dk_fixed_cost_copy (record);

          g_clear_pointer (&copy->id, g_free);
          g_free (copy->person_id);
          copy->person_id = g_strdup (g_hash_table_lookup (map->new_id_of, person_id));
          if (started_before)
            copy->valid_from = *data->split_date;
          ok = dk_dossier_repo_add_fixed_cost (store, data->new_dossier_id, copy, NULL, error);
        }
      else
        {
          g_autoptr(DkIncome) copy = dk_income_copy (record);

          g_clear_pointer (&copy->id, g_free);
          g_free (copy->person_id);
          copy->person_id = g_strdup (g_hash_table_lookup (map->new_id_of, person_id));
          if (started_before)
            copy->valid_from = *data->split_date;
          ok = dk_dossier_repo_add_income (store, data->new_dossier_id, copy, NULL, error);
        }

      if (!ok)
        return FALSE;
    }

  return TRUE;
}

static DkContractingParty
flip_party (DkContractingParty party)
{
  switch (party)
    {
    case DK_CONTRACTING_PARTY_CLIENT: return DK_CONTRACTING_PARTY_PARTNER;
    case DK_CONTRACTING_PARTY_PARTNER: return DK_CONTRACTING_PARTY_CLIENT;
    case DK_CONTRACTING_PARTY_JOINT:
    default: return DK_CONTRACTING_PARTY_JOINT;
    }
}

static gboolean
insert_transfer_status (DkStore      *store,
                        DkDebt       *debt,
                        const GDate  *date,
                        const char   *now,
                        GError      **error)
{
  g_autofree char *id = dk_uuid_new ();
  g_autofree char *iso = dk_date_format_iso (date);
  sqlite3_stmt *stmt;

  if (!dk_debt_append_status (debt, DK_DEBT_STATUS_TRANSFERRED, date, NULL, error))
    return FALSE;

  stmt = dk_store_prepare (store,
                           "INSERT INTO debt_status (id, dossier_id, debt_id, status, status_date, created_at,"
                           " updated_at) VALUES (?1, ?2, ?3, 'transferred', ?4, ?5, ?5)",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, debt->dossier_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, debt->id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, iso, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, now, -1, SQLITE_TRANSIENT);

  return dk_store_step_done (store, stmt, error);
}

static gboolean
split_debts (DkStore                  *store,
             SplitData                *data,
             const DkPartnerRelation  *relation,
             const char               *now,
             GError                  **error)
{
  g_autoptr(GPtrArray) debts = dk_dossier_repo_load_debts (store, data->dossier_id, NULL, error);

  if (debts == NULL)
    return FALSE;

  for (guint i = 0; i < debts->len; i++)
    {
      DkDebt *debt = g_ptr_array_index (debts, i);
      g_autoptr(DkMaritalClassification) classification = NULL;
      g_autoptr(DkDebt) copy = NULL;
      DkMaritalDebt marital;
      gint64 stays;
      gint64 goes;
      sqlite3_stmt *stmt;

      if (dk_debt_status_is_closed (dk_debt_get_current_status (debt)->status))
        continue;

      dk_debt_to_marital (debt, &marital);
      classification = dk_marital_classify (&marital, relation, data->split_date, error);
      if (classification == NULL)
        {
          g_prefix_error (error, _("A debt cannot be divided: "));
          return FALSE;
        }

      stays = dk_money_mul_ratio (debt->share_ppm, classification->share_client_ppm, PPM_WHOLE);
      goes = debt->share_ppm - stays;
      if (goes == 0)
        continue;

      stmt = dk_store_prepare (store, "UPDATE debt SET share_ppm = ?2, updated_at = max (?3, created_at) WHERE id = ?1",
                               error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_text (stmt, 1, debt->id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, 2, stays);
      sqlite3_bind_text (stmt, 3, now, -1, SQLITE_TRANSIENT);
      if (!dk_store_step_done (store, stmt, error))
        return FALSE;

      if (stays == 0 && !insert_transfer_status (store, debt, data->split_date, now, error))
        return FALSE;

      copy = dk_debt_copy (debt);
      g_clear_pointer (&copy->id, g_free);
      g_free (copy->dossier_id);
      copy->dossier_id = g_strdup (data->new_dossier_id);
      g_free (copy->source_debt_id);
      copy->source_debt_id = g_strdup (debt->id);
      copy->contracting_party = flip_party (debt->contracting_party);
      copy->share_ppm = goes;
      for (guint j = 0; j < copy->statuses->len; j++)
        {
          DkDebtStatusEntry *entry = g_ptr_array_index (copy->statuses, j);

          if (entry->status == DK_DEBT_STATUS_TRANSFERRED)
            {
              g_ptr_array_remove_index (copy->statuses, j--);
              continue;
            }
          g_clear_pointer (&entry->id, g_free);
          g_clear_pointer (&entry->created_at, g_free);
        }

      if (!dk_dossier_repo_add_debt (store, data->new_dossier_id, copy, NULL, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
insert_link (DkStore            *store,
             const char         *dossier_id,
             const char         *linked_dossier_id,
             DkDossierLinkKind   kind,
             const GDate        *date,
             const char         *now,
             GError            **error)
{
  g_autofree char *id = dk_uuid_new ();
  g_autofree char *iso = dk_date_format_iso (date);
  sqlite3_stmt *stmt;

  stmt = dk_store_prepare (store,
                           "INSERT INTO dossier_link (id, dossier_id, linked_dossier_id, kind, link_date, created_at,"
                           " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                           error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, dossier_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, linked_dossier_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, dk_dossier_link_kind_to_string (kind), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, iso, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, now, -1, SQLITE_TRANSIENT);

  return dk_store_step_done (store, stmt, error);
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

static void
person_map_clear (PersonMap *map)
{
  g_clear_pointer (&map->new_id_of, g_hash_table_unref);
  g_clear_pointer (&map->moving, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (PersonMap, person_map_clear)

static gboolean
split_in_transaction (DkStore   *store,
                      gpointer   user_data,
                      GError   **error)
{
  SplitData *data = user_data;
  g_autoptr(DkDossier) old_dossier = NULL;
  g_autoptr(DkHouseholdTimeline) timeline = NULL;
  g_autoptr(DkHouseholdSituation) situation = NULL;
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_person_free);
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_household_event_free);
  g_auto(PersonMap) map = { NULL, NULL };
  g_autofree char *number = NULL;
  g_autofree char *now = dk_domain_timestamp_now ();
  const DkPartnerRelation *relation;
  const char *client_id;
  DkPerson *new_client;
  DkPerson *former_partner;

  old_dossier = dk_dossier_repo_load_dossier (store, data->dossier_id, error);
  if (old_dossier == NULL)
    return FALSE;

  timeline = dk_dossier_repo_load_timeline (store, data->dossier_id, error);
  if (timeline == NULL)
    return FALSE;

  situation = dk_household_situation_on (timeline, data->split_date, error);
  if (situation == NULL)
    return FALSE;

  relation = &situation->relation;
  if (data->leaving_id == NULL || g_strcmp0 (relation->partner_id, data->leaving_id) != 0
      || !relation->partner_in_household)
    {
      g_set_error_literal (error, DK_DOSSIER_SPLIT_ERROR, DK_DOSSIER_SPLIT_ERROR_NOT_PARTNER,
                           _("Only the client's partner who lives in the household on the split date can leave "
                             "with a dossier of their own."));
      return FALSE;
    }

  client_id = dk_household_timeline_get_client_id (timeline);
  map.new_id_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  map.moving = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  new_client = copy_person (dk_household_timeline_get_person (timeline, data->leaving_id), DK_PERSON_ROLE_CLIENT);
  former_partner = copy_person (dk_household_timeline_get_person (timeline, client_id), DK_PERSON_ROLE_PARTNER);
  g_ptr_array_add (persons, new_client);
  g_ptr_array_add (persons, former_partner);
  g_hash_table_insert (map.new_id_of, g_strdup (data->leaving_id), g_strdup (new_client->id));
  g_hash_table_insert (map.new_id_of, g_strdup (client_id), g_strdup (former_partner->id));
  g_hash_table_add (map.moving, g_strdup (data->leaving_id));

  g_ptr_array_add (events, dk_household_event_new_split (data->split_date, new_client->id, data->dossier_id,
                                                         relation, former_partner->id));

  for (guint i = 0; data->child_ids != NULL && data->child_ids[i] != NULL; i++)
    {
      const char *child_id = data->child_ids[i];
      const DkPerson *child = dk_household_timeline_get_person (timeline, child_id);
      DkPerson *copy;

      if (child == NULL || child->role != DK_PERSON_ROLE_CHILD
          || !dk_household_situation_has_member (situation, child_id))
        {
          g_set_error_literal (error, DK_DOSSIER_SPLIT_ERROR, DK_DOSSIER_SPLIT_ERROR_CHILD,
                               _("A person who goes along must be a child living in the household on the split date."));
          return FALSE;
        }

      if (g_hash_table_contains (map.new_id_of, child_id))
        {
          g_set_error_literal (error, DK_DOSSIER_SPLIT_ERROR, DK_DOSSIER_SPLIT_ERROR_INVALID,
                               _("The same child is named twice among the children who go along."));
          return FALSE;
        }

      copy = copy_person (child, DK_PERSON_ROLE_CHILD);
      g_ptr_array_add (persons, copy);
      g_hash_table_insert (map.new_id_of, g_strdup (child_id), g_strdup (copy->id));
      g_ptr_array_add (events, dk_household_event_new (DK_HOUSEHOLD_EVENT_MOVE_IN, data->split_date, copy->id));

      if (contains (situation->co_parented_ids, child_id))
        {
          g_ptr_array_add (events, dk_household_event_new (DK_HOUSEHOLD_EVENT_CO_PARENTING, data->split_date,
                                                           copy->id));
        }
      else
        g_hash_table_add (map.moving, g_strdup (child_id));
    }

  number = next_dossier_number (store, data->dossier_id, old_dossier->number, error);
  if (number == NULL)
    return FALSE;

  if (!dk_dossier_repo_create (store, number, data->split_date, persons, events, &data->new_dossier_id, error))
    return FALSE;

  /* The old household: the partner and the children who do not live in both households move out. */
  {
    GHashTableIter iter;
    gpointer key;
    g_autoptr(GPtrArray) movers = g_ptr_array_new ();

    g_hash_table_iter_init (&iter, map.moving);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_ptr_array_add (movers, key);
    /* Hash order is arbitrary; the event order must not be. */
    g_ptr_array_sort (movers, compare_ids);

    for (guint i = 0; i < movers->len; i++)
      {
        g_autoptr(DkHouseholdEvent) move_out = dk_household_event_new (DK_HOUSEHOLD_EVENT_MOVE_OUT, data->split_date,
                                                                        g_ptr_array_index (movers, i));

        if (!dk_dossier_repo_add_household_event (store, data->dossier_id, move_out, NULL, error))
          return FALSE;
      }
  }

  if (!move_money_records (store, data, &map, FALSE, now, error)
      || !move_money_records (store, data, &map, TRUE, now, error))
    return FALSE;

  if (!split_debts (store, data, relation, now, error))
    return FALSE;

  return insert_link (store, data->dossier_id, data->new_dossier_id, DK_DOSSIER_LINK_SPLIT_INTO, data->split_date,
                      now, error)
         && insert_link (store, data->new_dossier_id, data->dossier_id, DK_DOSSIER_LINK_SPLIT_FROM,
                         data->split_date, now, error);
}

gboolean
dk_dossier_split (DkStore            *store,
                  const char         *dossier_id,
                  const char         *leaving_person_id,
                  const char *const  *child_ids,
                  const GDate        *split_date,
                  char              **out_new_dossier_id,
                  GError            **error)
{
  SplitData data = { dossier_id, leaving_person_id, child_ids, split_date, NULL };

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (dossier_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (split_date == NULL || !g_date_valid (split_date))
    {
      g_set_error_literal (error, DK_DOSSIER_SPLIT_ERROR, DK_DOSSIER_SPLIT_ERROR_INVALID,
                           _("A dossier split needs the date on which the partner leaves."));
      return FALSE;
    }

  if (!dk_store_transaction (store, split_in_transaction, &data, error))
    {
      g_free (data.new_dossier_id);
      return FALSE;
    }

  if (out_new_dossier_id != NULL)
    *out_new_dossier_id = g_steal_pointer (&data.new_dossier_id);
  g_free (data.new_dossier_id);
  return TRUE;
}
