#pragma once

#include <glib.h>

#include "dk-auth.h"
#include "dk-store.h"

G_BEGIN_DECLS

/*
 * Which dossiers a person may see: the scope that push and pull enforce (PROTOCOL.md, "Scope").
 * Read from the assignments at @now on every call, so an assignment that ends or a team change
 * counts from the next request on.
 *
 *   field_worker, debt_counsellor  the dossiers assigned to them;
 *   team_lead, back_office         the dossiers assigned to anyone in their team (their own
 *                                  assignments only when they are in no team);
 *   administrator                  none: administrators manage users and devices, never case data.
 *
 * An assignment is current when assigned_from <= @now and assigned_until is NULL or later than
 * @now. @now is a time in the store's form, 'YYYY-MM-DDTHH:MM:SS.mmmZ' (dk_domain_timestamp_now()).
 */

/* Whether a person with @role may make new dossiers (and so gets them assigned): field workers,
 * debt counsellors and team leads do intake; back office and administrators do not. */
gboolean   dk_sync_scope_may_create_dossier (DkRole                  role);

/* The ids of the dossiers in @who's scope at @now, sorted, as a GPtrArray of char * (freed with
 * the array). */
GPtrArray *dk_sync_scope_list               (DkStore                *store,
                                             const DkAuthPrincipal  *who,
                                             const char             *now,
                                             GError                **error);

/* Whether @dossier_id is in @who's scope at @now: one indexed query, for checks per change. */
gboolean   dk_sync_scope_contains           (DkStore                *store,
                                             const DkAuthPrincipal  *who,
                                             const char             *dossier_id,
                                             const char             *now,
                                             gboolean               *out_contains,
                                             GError                **error);

/* Assigns the dossier @who just made to them, from @now, open-ended. Call it in the transaction
 * that inserts the dossier. */
gboolean   dk_sync_scope_assign_creator     (DkStore                *store,
                                             const DkAuthPrincipal  *who,
                                             const char             *dossier_id,
                                             const char             *now,
                                             GError                **error);

G_END_DECLS
