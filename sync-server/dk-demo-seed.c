#include "config.h"

#include <sqlite3.h>

#include "dk-demo-seed.h"
#include "dk-uuid.h"

/* The demo household of the municipal demo case (../shared/seeds/000): at its first stage a single
 * woman, seven months pregnant, living on a benefit. Every person here is synthetic; the BSNs come
 * from the 9999xxxxx range that the population register reserves for tests. */
#define DEMO_DOSSIER_NUMBER "DEMO-0001"

typedef struct
{
  const char *bsn;
  const char *given_names;
  const char *family_name_prefix;
  const char *family_name;
  const char *birth_date;
} DemoPerson;

static const DemoPerson demo_persons[] = {
  { "999990019", "Sanne", "van", "Dijk", "1998-03-14" },
};

static gboolean
seed_in_transaction (DkStore   *store,
                     gpointer   user_data,
                     GError   **error)
{
  gboolean *seeded = user_data;
  g_autofree char *dossier_id = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *created_at = g_date_time_format_iso8601 (now);
  gboolean has_row = FALSE;
  sqlite3_stmt *stmt;

  stmt = dk_store_prepare (store, "SELECT 1 FROM dossier WHERE number = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, DEMO_DOSSIER_NUMBER, -1, SQLITE_STATIC);
  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    return TRUE;

  dossier_id = dk_uuid_new ();
  stmt = dk_store_prepare (store, "INSERT INTO dossier (id, number, created_at) VALUES (?1, ?2, ?3)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, dossier_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, DEMO_DOSSIER_NUMBER, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, created_at, -1, SQLITE_TRANSIENT);
  if (!dk_store_step_done (store, stmt, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (demo_persons); i++)
    {
      const DemoPerson *p = &demo_persons[i];
      g_autofree char *person_id = dk_uuid_new ();

      stmt = dk_store_prepare (store,
                               "INSERT INTO person (id, dossier_id, bsn, given_names, family_name_prefix,"
                               " family_name, birth_date) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                               error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, person_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, dossier_id, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, p->bsn, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, p->given_names, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, p->family_name_prefix, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, p->family_name, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 7, p->birth_date, -1, SQLITE_STATIC);
      if (!dk_store_step_done (store, stmt, error))
        return FALSE;
    }

  *seeded = TRUE;
  return TRUE;
}

/* Seeds the demo data once; running it again on a seeded store changes nothing. */
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
