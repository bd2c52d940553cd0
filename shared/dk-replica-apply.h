#pragma once

#include <json-glib/json-glib.h>

#include "dk-store.h"

G_BEGIN_DECLS

/* The replica's side of a pull, for dk-replica.c (and dk-replica-review.c), which run these inside
 * their own transaction with the capture triggers standing aside. */

/* Applies one page of a pull and moves the cursor (see dk_replica_apply_page()). */
gboolean    dk_replica_apply       (DkStore     *store,
                                    JsonNode    *page,
                                    gint64      *out_next_cursor,
                                    gboolean    *out_has_more,
                                    GError     **error);

/* Removes every synced row, every field version and the applied outbox changes; the cursor becomes 0. */
gboolean    dk_replica_remove_all  (DkStore     *store,
                                    GError     **error);

/* Removes every row of the dossier, its field versions and its applied outbox changes (a purge);
 * what is unanswered, refused or in conflict stays in the outbox. */
gboolean    dk_replica_remove_dossier (DkStore     *store,
                                       const char  *dossier_id,
                                       GError     **error);

/* Sets DK_REPLICA_ERROR_MALFORMED, naming @what in the server's answer could not be read; FALSE. */
gboolean    dk_replica_malformed   (GError     **error,
                                    const char  *what);

/* Lenient readers for the server's JSON: a member that is absent or of another type reads as NULL
 * (or FALSE), so the caller reports the answer as malformed in its own words. Members this version
 * does not know are simply not read (the protocol only ever adds). */
const char *dk_replica_json_string (JsonObject  *object,
                                    const char  *member);
JsonArray  *dk_replica_json_array  (JsonObject  *object,
                                    const char  *member);
JsonObject *dk_replica_json_object (JsonObject  *object,
                                    const char  *member);
gboolean    dk_replica_json_int    (JsonObject  *object,
                                    const char  *member,
                                    gint64      *out_value);
gboolean    dk_replica_json_bool   (JsonObject  *object,
                                    const char  *member,
                                    gboolean    *out_value);

G_END_DECLS
