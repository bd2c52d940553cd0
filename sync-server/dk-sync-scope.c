#include "config.h"

#include "dk-sync-scope.h"
#include "dk-uuid.h"

#define CURRENT "a.assigned_from <= ?2 AND (a.assigned_until IS NULL OR a.assigned_until > ?2)"

/* ?1 is the user (own assignments) or the team (a team's assignments), ?2 the time. */
#define OWN_LIST \
  "SELECT DISTINCT a.dossier_id FROM assignment AS a WHERE a.user_id = ?1 AND " CURRENT \
  " ORDER BY a.dossier_id"
#define TEAM_LIST \
  "SELECT DISTINCT a.dossier_id FROM user AS u JOIN assignment AS a ON a.user_id = u.id" \
  " WHERE u.team_id = ?1 AND " CURRENT " ORDER BY a.dossier_id"
#define OWN_CONTAINS \
  "SELECT EXISTS (SELECT 1 FROM assignment AS a WHERE a.dossier_id = ?3 AND a.user_id = ?1 AND " CURRENT ")"
#define TEAM_CONTAINS \
  "SELECT EXISTS (SELECT 1 FROM assignment AS a JOIN user AS u ON u.id = a.user_id" \
  " WHERE a.dossier_id = ?3 AND u.team_id = ?1 AND " CURRENT ")"

typedef enum
{
  SCOPE_NONE,
  SCOPE_OWN,
  SCOPE_TEAM,
} ScopeKind;

static ScopeKind
scope_kind (const DkAuthPrincipal *who)
{
  switch (who->role)
    {
    case DK_ROLE_FIELD_WORKER:
    case DK_ROLE_DEBT_COUNSELLOR:
      return SCOPE_OWN;

    case DK_ROLE_TEAM_LEAD:
    case DK_ROLE_BACK_OFFICE:
      return who->team_id != NULL ? SCOPE_TEAM : SCOPE_OWN;

    case DK_ROLE_ADMINISTRATOR:
    default:
      return SCOPE_NONE;
    }
}

gboolean
dk_sync_scope_may_create_dossier (DkRole role)
{
  return role == DK_ROLE_FIELD_WORKER || role == DK_ROLE_DEBT_COUNSELLOR || role == DK_ROLE_TEAM_LEAD;
}

GPtrArray *
dk_sync_scope_list (DkStore                *store,
                    const DkAuthPrincipal  *who,
                    const char             *now,
                    GError                **error)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  ScopeKind kind;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;
  gboolean ok;

  g_return_val_if_fail (DK_IS_STORE (store), NULL);
  g_return_val_if_fail (who != NULL, NULL);
  g_return_val_if_fail (now != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  kind = scope_kind (who);
  if (kind == SCOPE_NONE)
    return g_steal_pointer (&ids);

  stmt = dk_store_prepare (store, kind == SCOPE_TEAM ? TEAM_LIST : OWN_LIST, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, kind == SCOPE_TEAM ? who->team_id : who->user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);

  while ((ok = dk_store_step_row (store, stmt, &has_row, error)) && has_row)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  if (!ok)
    return NULL;

  return g_steal_pointer (&ids);
}

gboolean
dk_sync_scope_contains (DkStore                *store,
                        const DkAuthPrincipal  *who,
                        const char             *dossier_id,
                        const char             *now,
                        gboolean               *out_contains,
                        GError                **error)
{
  ScopeKind kind;
  sqlite3_stmt *stmt;
  gboolean has_row = FALSE;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (who != NULL, FALSE);
  g_return_val_if_fail (dossier_id != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (out_contains != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *out_contains = FALSE;
  kind = scope_kind (who);
  if (kind == SCOPE_NONE)
    return TRUE;

  stmt = dk_store_prepare (store, kind == SCOPE_TEAM ? TEAM_CONTAINS : OWN_CONTAINS, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind == SCOPE_TEAM ? who->team_id : who->user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, now, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, dossier_id, -1, SQLITE_TRANSIENT);

  if (!dk_store_step_row (store, stmt, &has_row, error))
    return FALSE;
  if (has_row)
    {
      *out_contains = sqlite3_column_int (stmt, 0) != 0;
      sqlite3_reset (stmt);
    }

  return TRUE;
}

gboolean
dk_sync_scope_assign_creator (DkStore                *store,
                              const DkAuthPrincipal  *who,
                              const char             *dossier_id,
                              const char             *now,
                              GError                **error)
{
  g_autofree char *id = dk_uuid_new ();
  sqlite3_stmt *stmt;

  g_return_val_if_fail (DK_IS_STORE (store), FALSE);
  g_return_val_if_fail (who != NULL, FALSE);
  g_return_val_if_fail (dossier_id != NULL, FALSE);
  g_return_val_if_fail (now != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  stmt = dk_store_prepare (store,
                           "INSERT INTO assignment (id, user_id, dossier_id, assigned_from, created_at, updated_at)"
                           " VALUES (?1, ?2, ?3, ?4, ?4, ?4)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, who->user_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, dossier_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, now, -1, SQLITE_TRANSIENT);

  return dk_store_step_done (store, stmt, error);
}
