#include "config.h"

#include "dk-date.h"
#include "dk-demo-seed.h"
#include "dk-dossier-calculation.h"
#include "dk-dossier-repo.h"

/* The demo household of the municipal demo case (../shared/seeds/000) at its first stage: a single
 * woman, seven months pregnant, living on a benefit, with the arrears that brought her to debt help.
 * Every person here is synthetic; the BSN comes from the 9999xxxxx range the population register
 * reserves for tests. */
#define DEMO_DOSSIER_NUMBER "DEMO-0001"

typedef struct
{
  const char         *creditor;
  gint64              cents;
  DkDebtType          type;
  gboolean            preferential;
  int                 year, month, day;
} DemoDebt;

static const DemoDebt demo_debts[] = {
  { "Energieleverancier", 85000, DK_DEBT_TYPE_UTILITY, FALSE, 2025, 10, 1 },
  { "Zorgverzekeraar", 124000, DK_DEBT_TYPE_HEALTH_CARE, FALSE, 2025, 6, 1 },
  { "Belastingdienst", 42000, DK_DEBT_TYPE_PUBLIC, TRUE, 2025, 4, 1 },
};

static gboolean
create_demo_dossier (DkStore  *store,
                     char    **out_dossier_id,
                     GError  **error)
{
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_person_free);
  g_autoptr(DkIncome) benefit = NULL;
  g_autoptr(DkFixedCost) rent = NULL;
  g_autofree char *dossier_id = NULL;
  GDate born = dk_date_ymd (1998, 3, 14);
  GDate opened = dk_date_ymd (2026, 1, 5);
  DkPerson *client = dk_person_new (DK_PERSON_ROLE_CLIENT, "Sanne", "van", "Dijk", &born);

  client->bsn = g_strdup ("999990019");
  g_ptr_array_add (persons, client);
  if (!dk_dossier_repo_create (store, DEMO_DOSSIER_NUMBER, &opened, persons, NULL, &dossier_id, error))
    return FALSE;

  benefit = dk_income_new (client->id, DK_INCOME_SOURCE_BENEFIT, 140150, DK_INCOME_PERIOD_MONTH, &opened);
  rent = dk_fixed_cost_new (DK_FIXED_COST_RENT, 68000, &opened);
  if (!dk_dossier_repo_add_income (store, dossier_id, benefit, NULL, error) ||
      !dk_dossier_repo_add_fixed_cost (store, dossier_id, rent, NULL, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (demo_debts); i++)
    {
      const DemoDebt *d = &demo_debts[i];
      g_autoptr(DkDebt) debt = dk_debt_new (d->creditor, d->cents, d->type, DK_CONTRACTING_PARTY_CLIENT);

      debt->origin_date = dk_date_ymd (d->year, d->month, d->day);
      debt->rank = d->preferential ? DK_DEBT_RANK_PREFERENTIAL : DK_DEBT_RANK_CONCURRENT;
      if (!dk_debt_append_status (debt, DK_DEBT_STATUS_REGISTERED, &opened, NULL, error) ||
          !dk_dossier_repo_add_debt (store, dossier_id, debt, NULL, error))
        return FALSE;
    }

  *out_dossier_id = g_steal_pointer (&dossier_id);
  return TRUE;
}

static gboolean
seed_in_transaction (DkStore   *store,
                     gpointer   user_data,
                     GError   **error)
{
  gboolean *seeded = user_data;
  g_autoptr(DkNormSet) norms = NULL;
  g_autofree char *dossier_id = NULL;
  gboolean has_row = FALSE;
  sqlite3_stmt *stmt;
  GDate first_calculation = dk_date_ymd (2026, 1, 15);

  stmt = dk_store_prepare (store, "SELECT 1 FROM dossier WHERE number = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, DEMO_DOSSIER_NUMBER, -1, SQLITE_STATIC);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  sqlite3_reset (stmt);
  if (has_row)
    return TRUE;

  if ((norms = dk_norm_set_get_default (error)) == NULL ||
      !create_demo_dossier (store, &dossier_id, error) ||
      !dk_dossier_recalculate (store, norms, dossier_id, &first_calculation, NULL, NULL, error))
    return FALSE;

  *seeded = TRUE;
  return TRUE;
}

/* Seeds the demo data once, all or nothing; running it again on a seeded store changes nothing. */
gboolean
dk_demo_seed (DkStore   *store,
              gboolean  *seeded,
              GError   **error)
{
  gboolean did_seed = FALSE;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);

  if (!dk_store_transaction (store, seed_in_transaction, &did_seed, error))
    return FALSE;

  if (seeded != NULL)
    *seeded = did_seed;

  return TRUE;
}
