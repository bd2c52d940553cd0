#pragma once

#include "dk-auth.h"
#include "dk-replica.h"
#include "dk-sync-client.h"

G_BEGIN_DECLS

/* What the HTTP sync tests share: users made in the central store before the server starts, and a
 * client's replica, sign-in and offline work. */

#define DK_HARNESS_PASSWORD "kitchen-table-2026"

/* A user with DK_HARNESS_PASSWORD in the store at @db, hashed at the lowest Argon2id cost so the
 * tests stay quick (the server rehashes at its own cost on login). Returns the user's id. */
char         *dk_harness_add_user      (const char      *db,
                                        const char      *user_name,
                                        const char      *display_name,
                                        DkRole           role);

/* Opens the replica @name in @dir. */
DkReplica    *dk_harness_open_replica  (const char      *dir,
                                        const char      *name);

/* Signs @user_name in at @url on the replica's device (a new device on first use), binds the
 * replica to that account and returns a client with the session's token. */
DkSyncClient *dk_harness_sign_in       (const char      *url,
                                        DkReplica       *replica,
                                        const char      *user_name,
                                        DkSyncSession  **out_session);

/* A dossier numbered @number made offline: its client, the opening event, and @n_incomes incomes. */
char         *dk_harness_make_dossier  (DkReplica       *replica,
                                        const char      *number,
                                        guint            n_incomes);

G_END_DECLS
