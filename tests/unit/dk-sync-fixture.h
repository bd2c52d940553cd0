#pragma once

#include <json-glib/json-glib.h>

#include "dk-auth.h"
#include "dk-replica.h"
#include "dk-store.h"

G_BEGIN_DECLS

/* A central store in a private directory with a team, and helpers to make users with devices,
 * assign dossiers and build push requests: what test-sync-push and test-sync-pull share. */
typedef struct
{
  char         *dir;
  char         *path;
  DkStore      *store;
  DkAuthParams  params;
  char         *team_id;
  char         *other_team_id;
  int           n_replicas;
} DkSyncFixture;

void             dk_sync_fixture_setup        (DkSyncFixture          *f);
void             dk_sync_fixture_teardown     (DkSyncFixture          *f);

/* A new user (@team_id may be NULL) logged in on a new device: the principal of that session. */
DkAuthPrincipal *dk_sync_fixture_user         (DkSyncFixture          *f,
                                               const char             *user_name,
                                               DkRole                  role,
                                               const char             *team_id);

/* A second device of the user @user_name. */
DkAuthPrincipal *dk_sync_fixture_device       (DkSyncFixture          *f,
                                               const char             *user_name);

void             dk_sync_fixture_assign       (DkSyncFixture          *f,
                                               const char             *user_id,
                                               const char             *dossier_id);

/* Ends the user's current assignments of the dossier now. */
void             dk_sync_fixture_unassign     (DkSyncFixture          *f,
                                               const char             *user_id,
                                               const char             *dossier_id);

/* A change object; @fields_json and @base_json are JSON object texts or NULL. A new change_id. */
JsonObject      *dk_sync_change_new           (const char             *op,
                                               const char             *table,
                                               const char             *record_id,
                                               const char             *dossier_id,
                                               const char             *fields_json,
                                               const char             *base_json);

/* A push request of @who's device with @changes (JsonObject *, each added by reference). */
JsonNode        *dk_sync_request_new          (const DkAuthPrincipal  *who,
                                               GPtrArray              *changes);

/* Pushes @changes (max batch 100) and asserts success; returns the results array (owned by the
 * answer, which is returned through @out_answer). */
JsonArray       *dk_sync_fixture_push         (DkSyncFixture          *f,
                                               const DkAuthPrincipal  *who,
                                               GPtrArray              *changes,
                                               JsonNode              **out_answer);

/* Pulls once and asserts success. */
JsonNode        *dk_sync_fixture_pull         (DkSyncFixture          *f,
                                               const DkAuthPrincipal  *who,
                                               gint64                  cursor,
                                               guint                   limit);

/* The first column of the first row of @sql, with ?1 … bound to the NULL-terminated strings. */
gint64           dk_sync_fixture_query_int    (DkSyncFixture          *f,
                                               const char             *sql,
                                               ...) G_GNUC_NULL_TERMINATED;
char            *dk_sync_fixture_query_text   (DkSyncFixture          *f,
                                               const char             *sql,
                                               ...) G_GNUC_NULL_TERMINATED;
void             dk_sync_fixture_exec         (DkSyncFixture          *f,
                                               const char             *sql,
                                               ...) G_GNUC_NULL_TERMINATED;

/* A whole dossier made through a push by @who: the dossier, a client person, an income and a debt
 * with one status. The ids come back through the out parameters (each may be NULL). */
void             dk_sync_fixture_make_dossier (DkSyncFixture          *f,
                                               const DkAuthPrincipal  *who,
                                               char                  **out_dossier_id,
                                               char                  **out_person_id,
                                               char                  **out_income_id,
                                               char                  **out_debt_id);

/* The status of the result, asserted to be for @change_id. */
const char      *dk_sync_result_status        (JsonArray              *results,
                                               guint                   index,
                                               JsonObject             *change);


/* A replica of @who's device, in the fixture's directory. */
DkReplica  *dk_sync_fixture_replica (DkSyncFixture          *f,
                                     const DkAuthPrincipal  *who);

/* Pushes the whole outbox and pulls until there is no more, naming with the first page the dossiers
 * the replica marked for a refetch, as dk-sync-client does over HTTP. */
void        dk_sync_fixture_sync    (DkSyncFixture          *f,
                                     DkReplica              *replica,
                                     const DkAuthPrincipal  *who);

/* On a replica's store, with ?1 bound to @arg when it is not NULL: the first column of the first row
 * of @sql, as a number or a new text (NULL for SQL NULL), or @sql run for its effect. */
gint64      dk_sync_replica_int     (DkReplica              *replica,
                                     const char             *sql,
                                     const char             *arg);
char       *dk_sync_replica_text    (DkReplica              *replica,
                                     const char             *sql,
                                     const char             *arg);
void        dk_sync_replica_exec    (DkReplica              *replica,
                                     const char             *sql,
                                     const char             *arg);

/* A list of changes (JsonObject *) for a push request, and a change appended to it (borrowed). */
GPtrArray  *dk_sync_changes_new (void);
JsonObject *dk_sync_changes_add (GPtrArray  *changes,
                                 const char *op,
                                 const char *table,
                                 const char *record_id,
                                 const char *dossier_id,
                                 const char *fields_json,
                                 const char *base_json);

G_END_DECLS
