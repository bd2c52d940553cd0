#pragma once

#include <json-glib/json-glib.h>

#include "dk-store.h"

G_BEGIN_DECLS

/*
 * DkReplica: a client's local copy of the dossiers in its user's scope, with the outbox of changes made
 * on this device (PROTOCOL.md, "Client state"). It is a DkStore with the domain schema, the replica's own
 * tables (dk-replica-schema.h) and the capture triggers (dk-replica-capture.h): write the domain tables
 * through dk_replica_get_store() as on any store, and every change lands in the outbox in the same
 * transaction.
 *
 * The sync itself goes through the functions below, each one transaction: take a batch to push, keep the
 * server's answers, apply a page of a pull, or empty the replica for a full resync. None of them talks to
 * the network (that is dk-sync-client.h), so tests and benchmarks drive them directly.
 *
 * One thread at a time, like DkStore; another thread opens its own DkReplica on the same file.
 */

#define DK_REPLICA_ERROR (dk_replica_error_quark ())

typedef enum
{
  DK_REPLICA_ERROR_OTHER_ACCOUNT,  /* the replica belongs to another user or device */
  DK_REPLICA_ERROR_NO_ACCOUNT,     /* no device yet: sign in first */
  DK_REPLICA_ERROR_MALFORMED,      /* the server's page or answer is not what the protocol says */
} DkReplicaError;

GQuark dk_replica_error_quark (void);

/* How many outbox changes are in each state. */
typedef struct
{
  guint pending;   /* made here, not yet sent */
  guint sent;      /* sent, answer not yet received */
  guint applied;   /* applied by the server, not yet seen back in a pull */
  guint conflict;  /* kept by the server as a conflict */
  guint refused;   /* refused by the server, kept here until a person deals with it */
} DkOutboxCounts;

#define DK_TYPE_REPLICA (dk_replica_get_type ())

G_DECLARE_FINAL_TYPE (DkReplica, dk_replica, DK, REPLICA, GObject)

/* Opens (creating if needed) the replica at @path and brings its schema and triggers up to date.
 * Errors as dk_store_open(). */
DkReplica *dk_replica_open             (const char         *path,
                                        GError            **error);

DkStore   *dk_replica_get_store        (DkReplica          *self);

/* Ties the replica to the user and device of a sign-in. The first sign-in sets them; signing in again
 * as the same user on the same device is fine; anything else is DK_REPLICA_ERROR_OTHER_ACCOUNT (the
 * caller must wipe the replica, pushing its outbox first, before another account may use it). */
gboolean   dk_replica_bind_account     (DkReplica          *self,
                                        const char         *user_id,
                                        const char         *device_id,
                                        GError            **error);

/* The device the replica belongs to, or NULL before the first sign-in. */
char      *dk_replica_dup_device_id    (DkReplica          *self,
                                        GError            **error);

/* The seq up to which pulls have been applied. */
gboolean   dk_replica_get_cursor       (DkReplica          *self,
                                        gint64             *out_cursor,
                                        GError            **error);

gboolean   dk_replica_count_outbox     (DkReplica          *self,
                                        DkOutboxCounts     *out_counts,
                                        GError            **error);

/*
 * The next push request, { "device_id": …, "changes": [ … ] }, with at most @max_changes of the changes
 * that have no answer yet, oldest first; NULL (without error) when there are none. The pending ones among
 * them become sent, so later edits start a new change instead of folding into one on its way; a sent
 * change is sent again as it is until its answer arrives.
 */
JsonNode  *dk_replica_take_batch       (DkReplica          *self,
                                        guint               max_changes,
                                        GError            **error);

/* Keeps the server's answer to a push ({ "results": [ … ] }): each change becomes applied, conflict
 * or refused with the answer stored. DK_REPLICA_ERROR_MALFORMED (and nothing kept) when the answer is
 * not of that form. */
gboolean   dk_replica_record_answers   (DkReplica          *self,
                                        JsonNode           *answer,
                                        GError            **error);

/*
 * Applies one page of a pull ({ "changes": [ … ], "next_cursor": N, "has_more": bool }) in one
 * transaction with the new cursor: changes are upserted, snapshots replace what the replica held of
 * the dossier (keeping rows whose insert has not been answered yet), purges remove the dossier. Tables
 * and fields this version does not know are skipped. Applied outbox changes that the cursor has passed
 * are removed, and so are changes kept as conflicts once every conflict record they made is here and
 * resolved. DK_REPLICA_ERROR_MALFORMED (and nothing applied) when the page is not of that form.
 */
gboolean   dk_replica_apply_page       (DkReplica          *self,
                                        JsonNode           *page,
                                        gint64             *out_next_cursor,
                                        gboolean           *out_has_more,
                                        GError            **error);

/* For a full resync: removes every synced row and field version and sets the cursor to 0, keeping the
 * outbox (a resync drops no local edit). Push the outbox first. */
gboolean   dk_replica_reset            (DkReplica          *self,
                                        GError            **error);

/*
 * The dossiers to ask the server for again, as a new snapshot, at the next pull (PROTOCOL.md, "Pull",
 * refetch): at most @max_dossiers, marked when a person discarded a refused change
 * (dk-replica-review.h), so the replica gets the server's values back. An empty list when there are
 * none. Once the server has answered a pull that named them, dk_replica_clear_refetch() them: the
 * snapshot is then on its way (a lost page is sent again from the old cursor).
 */
GStrv      dk_replica_dup_refetch      (DkReplica          *self,
                                        guint               max_dossiers,
                                        GError            **error);
gboolean   dk_replica_clear_refetch    (DkReplica          *self,
                                        const char * const *dossier_ids,
                                        GError            **error);

/* Deletes the replica's files (the database and its -wal and -shm), e.g. when the server says the
 * device was revoked. Close every DkReplica and DkStore on @path first. */
gboolean   dk_replica_wipe_files       (const char         *path,
                                        GError            **error);

G_END_DECLS
