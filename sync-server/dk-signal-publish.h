#pragma once

#include <glib.h>

#include "dk-store.h"

G_BEGIN_DECLS

/*
 * Publishing early-signal cases to the field workers' devices, and folding their work back.
 *
 * The matching (dk-signal-match-store.h) makes its cases in server-only tables; a field worker works
 * a case on a device, offline, in a dossier of its own (kind 'early_signal', domain migration 7),
 * because the dossier is what syncs. dk_signal_publish() makes that dossier for each open new case
 * and keeps it in step with the case; dk_signal_publish_collect() copies what the workers recorded
 * there (contact attempts, the end result) back into the server-only tables the DDAS export, the
 * indicators and the partner feedback read. The synced tables are the truth for a published case.
 *
 * The server writes these rows into the domain tables itself, not through the change log, so a
 * device that already holds a changed dossier gets it again as a snapshot
 * (dk_sync_resnapshot_holders()); a device that does not hold it gets it when it enters scope.
 */

typedef struct
{
  /* Each new work dossier is assigned to this user from now on (a worker's id), or to nobody with
   * NULL: an administrator then assigns it (draagkracht-admin assign). */
  const char  *user_id;
  /* The day tasks are due from (one working day later); NULL: today in UTC. */
  const GDate *today;
} DkSignalPublishOptions;

typedef struct
{
  guint n_published;   /* new work dossiers */
  guint n_updated;     /* published cases brought up to date: new signals, or changed flags */
  guint n_items;       /* signal_item rows written */
  guint n_tasks;       /* tasks put in the running or recently closed dossier of a case */
  guint n_snapshots;   /* snapshot markers for devices that hold a changed dossier */
} DkSignalPublishSummary;

/*
 * In one transaction (a savepoint inside one):
 *
 * - every open case of kind 'new' without a work dossier gets one: a dossier numbered "VS-" and eight
 *   random digits, opened on the case's matching date, without a counsellor; the resident as its
 *   client person (the names and birth date as the newest signal that names someone gives them, so two
 *   residents of one address are never mixed; '' for names no signal gives; the BSN of the
 *   household), with a contact (the address as the newest signal with an address gives it, phone and
 *   e-mail each the newest given); the signal_case (opened on the matching date, its multiple and
 *   crisis flags); and one signal_item per signal of the case, with the signal's own id (a repeat
 *   signal marked repeat; a signal set aside by the policy is not published). The case records the
 *   dossier in work_dossier_id, and @options' user gets an assignment of it;
 * - every open published case gets the signal_item rows of signals linked to it since, and its
 *   signal_case the case's multiple and crisis flags; the devices holding a dossier that changed get
 *   a new snapshot;
 * - every open case of kind 'known' or 'contact_former_counsellor' puts one task in its dossier
 *   (kind 'signal_known' or 'contact_former_client', due one working day after @options' today, the
 *   note the DDAS partner types of its signals and nothing more), once per case (server table
 *   early_signal_task), and the devices holding that dossier get a new snapshot. A case whose dossier
 *   is gone or deleted gets none.
 *
 * Idempotent: a second run finds nothing to do and writes nothing. @out_summary may be NULL.
 */
gboolean dk_signal_publish                   (DkStore                       *store,
                                              const DkSignalPublishOptions  *options,
                                              DkSignalPublishSummary        *out_summary,
                                              GError                       **error);

/*
 * Folds the work on the devices back into the cases, in one transaction: each signal_attempt of a
 * work dossier becomes an early_signal_contact of its case with the same id (once), the case's
 * picked-up date and first contact follow from them as dk_signal_case_add_contact() sets them (the
 * earliest attempt, the earliest that reached the resident), and a signal_case's end result becomes
 * the case's, closing it as dk_signal_case_set_outcome() does (a later correction on the device
 * replaces it). A case the server has closed is not opened again when the device's result is taken
 * back. Idempotent. Call it before reading the cases (the DDAS export, the indicators, the feedback)
 * and before matching (a case closed on a device takes no new signals).
 */
gboolean dk_signal_publish_collect           (DkStore                       *store,
                                              GError                       **error);

/*
 * Whether case @case_id is published: TRUE with *@out_number the number of its work dossier (its id
 * when the dossier is gone), or NULL when the case is not published or does not exist.
 */
gboolean dk_signal_publish_find_work_dossier (DkStore                       *store,
                                              const char                    *case_id,
                                              char                         **out_number,
                                              GError                       **error);

G_END_DECLS
