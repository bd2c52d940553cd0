#pragma once

#include <glib.h>

#include "dk-signal-match.h"
#include "dk-store.h"

G_BEGIN_DECLS

/*
 * Runs the matching of dk-signal-match.h over the central store: every early signal without a link
 * (table early_signal_link, domain migration 4) is matched against the open and set-aside cases of
 * its household (early_signal_case) and the dossiers of its BSN or address, in one transaction (a
 * savepoint inside one). Idempotent: a matched signal has its link, so a second run finds nothing
 * to do and changes nothing.
 *
 * The dossiers of a household: those with a person of its BSN (a BSN household), or with a contact at
 * its postcode, house number and addition (an address household); removed dossiers and persons do
 * not count, nor the dossiers an early-signal case is worked in (kind 'early_signal'). The schema has no closing date: for a closed dossier its updated_at (UTC day) stands in,
 * the day of its last change, which is the phase change unless it was edited after closing; a later
 * edit moves the date later, so the check errs on the side of asking the former counsellor. The
 * schema has no budget-management record yet: only aftercare counts as open care.
 */

typedef struct
{
  guint n_signals;                                  /* signals matched in this run */
  guint n_cases_by_kind[DK_SIGNAL_CASE_KIND_COUNT];  /* cases made in this run */
  guint n_attached;                                 /* signals that joined a case open before */
  guint n_cases_attached;                           /* cases open before that got signals */
  guint n_picked_up;
  guint n_repeat;
  guint n_set_aside;
  guint n_multiple;                                 /* made or changed cases that are multiple */
  guint n_crisis;                                   /* made or changed cases that are crisis cases */
} DkSignalMatchSummary;

/* @today: the matching date (DDAS matchingsdatum) of the cases it makes. */
gboolean dk_signal_match_store_run (DkStore               *store,
                                    const DkSignalPolicy  *policy,
                                    const GDate           *today,
                                    DkSignalMatchSummary  *out_summary,
                                    GError               **error);

G_END_DECLS
