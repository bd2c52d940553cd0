#pragma once

#include <glib.h>

#include "dk-signal.h"
#include "dk-store.h"

G_BEGIN_DECLS

/*
 * Early signals in the central store (table early_signal, domain migration 3; server-only).
 */

/*
 * Stores @signals (DkSignal) in one transaction (a savepoint when called inside one): a signal whose
 * dk_signal_identity_key() is already stored is counted in @n_known and left as it is, the others are
 * inserted with a new UUIDv7 and counted in @n_new. @import_id (a UUID) marks the rows of this import,
 * @source_name is the file name they came from. On failure nothing is stored.
 */
gboolean dk_signal_store_import (DkStore     *store,
                                 GPtrArray   *signals,
                                 const char  *source_name,
                                 const char  *import_id,
                                 guint       *n_new,
                                 guint       *n_known,
                                 GError     **error);

typedef struct
{
  DkSignalPartner  partner_type;
  guint            n_signals;
  GDate            newest_signal_date;
} DkSignalPartnerCount;

/* Per partner type that has signals (in enum order): how many, and the newest signal date. No
 * personal data. Returns an array of DkSignalPartnerCount, or NULL with @error. */
GArray  *dk_signal_store_count_by_partner (DkStore  *store,
                                           GError  **error);

G_END_DECLS
