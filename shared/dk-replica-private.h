#pragma once

#include "dk-replica.h"

G_BEGIN_DECLS

/* For the replica's own modules (dk-replica-*.c), not for its users. */

/* Runs @func in a transaction as the sync's own write: the capture triggers stand aside and foreign
 * keys are off (see dk-replica.c). For what the server decided, never for a person's edit. */
gboolean dk_replica_run_as_sync (DkReplica               *self,
                                 DkStoreTransactionFunc   func,
                                 gpointer                 user_data,
                                 GError                 **error);

G_END_DECLS
