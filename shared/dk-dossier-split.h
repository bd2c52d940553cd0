#pragma once

#include <glib.h>

#include "dk-store.h"

G_BEGIN_DECLS

/*
 * Splitting a dossier when a couple separates (the demo case's "klantdossier splitsen"): the partner
 * who leaves gets a dossier of their own, and the debt list is divided by the marital property rules.
 */

#define DK_DOSSIER_SPLIT_ERROR (dk_dossier_split_error_quark ())

typedef enum
{
  DK_DOSSIER_SPLIT_ERROR_INVALID,      /* no split date, or the same child named twice */
  DK_DOSSIER_SPLIT_ERROR_NOT_PARTNER,  /* the leaving person is not the client's partner living in the household */
  DK_DOSSIER_SPLIT_ERROR_CHILD,        /* a child who goes along is not a child living in the household */
} DkDossierSplitError;

GQuark dk_dossier_split_error_quark (void);

/*
 * Splits @dossier_id on @split_date: @leaving_person_id, the client's partner who lives in the
 * household on that date, gets a new dossier, and the children in @child_ids (NULL-terminated, may be
 * NULL) go along. All of it is ONE transaction: when any step fails, neither dossier changes.
 *
 * The new dossier (number "<old number>-<n>", opened on @split_date) gets copies of the leaving partner
 * (as its client), of the old client (as the former partner, not living there) and of the children
 * going along; each copy names its original in source_person_id. Its history starts with a "split"
 * event that names the old dossier and carries the marriage as it stood (a cohabitation ends with the
 * move), followed by a move-in of each child.
 *
 * The old dossier keeps all of its history and gets a "moves out" event for the leaving partner and
 * for each child going along, except a child under a co-parenting arrangement on @split_date: that
 * child then lives in both households and also gets a co-parenting event in the new dossier.
 *
 * Incomes and fixed costs of everyone who moves out end on the day before @split_date in the old
 * dossier and continue from @split_date in the new one (records that only start on or after
 * @split_date move entirely: the old one is tombstoned).
 *
 * Each open debt (not paid, written off or transferred) is classified with dk_marital_classify() for
 * the relation on @split_date. The part the old dossier's client bears stays, the part the leaving
 * partner bears goes to a new debt row in the new dossier with the same debt_group_id, the status
 * history copied, and the contracting party seen from its own client. The two shares add up to the
 * old row's share. A debt the leaving partner bears entirely keeps a zero share in the old dossier
 * and gets the status "transferred" there. Paid and written-off debts stay in the old dossier only.
 *
 * Finally both dossiers get a dossier_link: 'split_into' from the old one, 'split_from' from the new.
 */
gboolean dk_dossier_split (DkStore            *store,
                           const char         *dossier_id,
                           const char         *leaving_person_id,
                           const char *const  *child_ids,
                           const GDate        *split_date,
                           char              **out_new_dossier_id,
                           GError            **error);

G_END_DECLS
