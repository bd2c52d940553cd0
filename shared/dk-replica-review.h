#pragma once

#include <json-glib/json-glib.h>

#include "dk-replica.h"

G_BEGIN_DECLS

/*
 * What the server did not take as this device sent it, in one list for a person to deal with
 * (PROTOCOL.md, principle 1 and "Resolving a conflict"): the open conflict records of the dossiers the
 * replica holds (made by this device's changes or another's) and the outbox changes the server
 * refused. Nothing leaves the list unless a person chooses: a conflict is resolved (the server's value,
 * the other value, or a typed one), a refused change is sent again or discarded.
 *
 * Every function is one transaction on the replica and talks to no server: what it decides goes out
 * with the next sync, like any local edit.
 */

#define DK_REVIEW_ERROR (dk_review_error_quark ())

typedef enum
{
  DK_REVIEW_ERROR_NOT_FOUND,     /* no such open conflict or refused change (dealt with already?) */
  DK_REVIEW_ERROR_NOT_POSSIBLE,  /* this choice does not apply to this conflict, or its record is gone */
} DkReviewError;

GQuark dk_review_error_quark (void);

typedef enum
{
  DK_REVIEW_CONFLICT,
  DK_REVIEW_REFUSED,
} DkReviewKind;

typedef struct
{
  DkReviewKind  kind;
  char         *id;              /* the conflict record's id, or the outbox change_id of a refused change */
  char         *dossier_id;
  char         *dossier_number;  /* from the dossier table; NULL if the replica no longer holds it */
  char         *table;
  char         *record_id;
  char         *field;           /* NULL for a whole-record problem (delete_outdated, a refused insert
                                  * or delete, a refused update of several fields) */
  char         *conflict_kind;   /* concurrent_edit, delete_outdated, edited_after_delete; NULL if refused */
  char         *reason;          /* refused: the server's machine reason ("out-of-scope", …) */
  char         *message;         /* refused: the server's sentence for a person */
  /*
   * The two sides, as JSON values of the field (an object of field → value for a whole record), or
   * NULL where there is nothing to show:
   *   conflict  mine: the value that lost (NULL for delete_outdated: the record was to be deleted);
   *             theirs: the value the server kept, or the record's newer value once a later change
   *             on the server replaced that one (for delete_outdated: the record as it was kept).
   *   refused   mine: what the change sets (for an insert: all its fields; NULL for a delete);
   *             theirs: the server's value where the replica knows it (a pull brought a newer value
   *             than the change rested on; for a delete: the record as it is), else NULL: the
   *             replica shows this device's value until the server's comes back.
   */
  JsonNode     *mine;
  JsonNode     *theirs;
  gboolean      made_here;       /* conflict: the change that lost was made on this device; refused: TRUE */
  char         *created_at;      /* conflict: when the server recorded it; refused: when the answer came */
} DkReviewItem;

void       dk_review_item_free        (DkReviewItem    *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkReviewItem, dk_review_item_free)

/* Open conflicts (not resolved, and not resolved by a local change still on its way) and refused
 * outbox changes, oldest first: DkReviewItem *, owned by the array. */
GPtrArray *dk_replica_review_list     (DkReplica       *replica,
                                       GError         **error);

/* How many items dk_replica_review_list() would give, without reading them: for a badge. */
guint      dk_replica_review_count    (DkReplica       *replica,
                                       GError         **error);

typedef enum
{
  DK_REVIEW_KEEP_THEIRS,  /* the value the server kept stays (delete_outdated: the record stays) */
  DK_REVIEW_KEEP_MINE,    /* the value that lost is written again (delete_outdated: deleted again) */
  DK_REVIEW_USE_VALUE,    /* a typed value is written (concurrent_edit only) */
} DkReviewChoice;

/*
 * Resolves the open conflict @conflict_id in one transaction, as PROTOCOL.md says: the chosen value is
 * written to the record (an ordinary local edit: an outbox update, or a delete, resting on the
 * version the replica has now, so it can itself conflict), and the conflict record gets
 * resolved_by_change, the change_id of that edit, or of the conflict's own update when the server's
 * value stays; both go out with the next push.
 *
 * @value (USE_VALUE only) must fit the field: a DK_SYNC_REGISTRY_ERROR otherwise, and nothing is
 * written. DK_REVIEW_ERROR_NOT_FOUND when the conflict is not open here; DK_REVIEW_ERROR_NOT_POSSIBLE
 * for a value on a record that is deleted (edited_after_delete: only KEEP_THEIRS), a typed value for
 * a delete_outdated, or a record the replica no longer has.
 */
gboolean   dk_replica_review_resolve  (DkReplica       *replica,
                                       const char      *conflict_id,
                                       DkReviewChoice   choice,
                                       JsonNode        *value,
                                       GError         **error);

/*
 * Sends the refused change @change_id again with the next push (after the cause was fixed, e.g. the
 * dossier is assigned again), under a new change_id: the server answers a change_id it has seen with
 * its stored answer. The change keeps its place in the outbox and its base.
 * DK_REVIEW_ERROR_NOT_FOUND when it is not a refused change.
 */
gboolean   dk_replica_review_retry    (DkReplica       *replica,
                                       const char      *change_id,
                                       GError         **error);

/*
 * Accepts the server's state for the refused change @change_id: it leaves the outbox, and the replica
 * asks the server for its dossier again at the next pull (dk_replica_dup_refetch()), whose snapshot
 * brings back the server's values and removes a record the server never took. A dossier the server
 * never took (its own insert refused) is removed from the replica at once. Other refused changes of
 * the dossier stay in the list, but the snapshot shows the server's values in their place too.
 * DK_REVIEW_ERROR_NOT_FOUND when it is not a refused change.
 */
gboolean   dk_replica_review_discard  (DkReplica       *replica,
                                       const char      *change_id,
                                       GError         **error);

G_END_DECLS
