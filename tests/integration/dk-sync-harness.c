#include "config.h"

#include <sodium.h>

#include "dk-central-store.h"
#include "dk-date.h"
#include "dk-dossier-repo.h"
#include "dk-income.h"
#include "dk-server-config.h"
#include "dk-sync-harness.h"

char *
dk_harness_add_user (const char *db,
                     const char *user_name,
                     const char *display_name,
                     DkRole      role)
{
  g_autoptr(DkServerConfig) config = dk_server_config_new ();
  g_autoptr(DkStore) store = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) error = NULL;
  DkAuthParams params;
  char *user_id = NULL;

  store = dk_central_store_open (db, &error);
  g_assert_no_error (error);
  dk_auth_params_init (&params, config);
  params.pwhash_opslimit = crypto_pwhash_OPSLIMIT_MIN;
  params.pwhash_memlimit = crypto_pwhash_MEMLIMIT_MIN;
  dk_auth_create_user (store, &params, user_name, display_name, role, NULL, DK_HARNESS_PASSWORD, now, &user_id,
                       &error);
  g_assert_no_error (error);
  return user_id;
}

DkReplica *
dk_harness_open_replica (const char *dir,
                         const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  DkReplica *replica = dk_replica_open (path, &error);

  g_assert_no_error (error);
  return replica;
}

DkSyncClient *
dk_harness_sign_in (const char     *url,
                    DkReplica      *replica,
                    const char     *user_name,
                    DkSyncSession **out_session)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkSyncSession) session = NULL;
  g_autofree char *device_id = dk_replica_dup_device_id (replica, &error);
  DkSyncClient *client = dk_sync_client_new (url);

  g_assert_no_error (error);
  session = dk_sync_client_sign_in_sync (client, user_name, DK_HARNESS_PASSWORD, device_id, "laptop", NULL, &error);
  g_assert_no_error (error);
  dk_replica_bind_account (replica, session->user_id, session->device_id, &error);
  g_assert_no_error (error);
  dk_sync_client_set_token (client, session->token);
  if (out_session != NULL)
    *out_session = g_steal_pointer (&session);
  return client;
}

char *
dk_harness_make_dossier (DkReplica  *replica,
                         const char *number,
                         guint       n_incomes)
{
  g_autoptr(GPtrArray) persons = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_person_free);
  g_autoptr(GError) error = NULL;
  GDate birth = dk_date_ymd (1998, 3, 14);
  GDate opened = dk_date_ymd (2026, 11, 2);
  DkPerson *client = dk_person_new (DK_PERSON_ROLE_CLIENT, "Sanne", NULL, "Dijk", &birth);
  char *dossier_id = NULL;

  g_ptr_array_add (persons, client);
  dk_dossier_repo_create (dk_replica_get_store (replica), number, &opened, persons, NULL, &dossier_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_incomes; i++)
    {
      g_autoptr(DkIncome) income = dk_income_new (client->id, DK_INCOME_SOURCE_EMPLOYMENT, 1000 + i,
                                                  DK_INCOME_PERIOD_MONTH, &opened);

      dk_dossier_repo_add_income (dk_replica_get_store (replica), dossier_id, income, NULL, &error);
      g_assert_no_error (error);
    }
  return dossier_id;
}
