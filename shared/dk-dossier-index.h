#pragma once

#include <glib.h>

#include "dk-store.h"
#include "dk-wgs.h"

G_BEGIN_DECLS

/*
 * The dossier list of a replica: one summary row per dossier, found by full-text search over the
 * dossier number, the names and BSNs of its persons and their addresses, phone numbers and e-mail
 * addresses (an FTS5 index kept in the replica, dk-replica-schema.c), filtered and sorted.
 */

typedef struct
{
  char              *id;
  char              *number;
  char              *client_name;    /* "Sanne de Vries", NULL while the client is unknown */
  DkCasePhase        phase;
  char              *counsellor;
  GDate              opened_on;
  gboolean           crisis;
  DkWgsDeadlineKind  deadline_kind;
  GDate              deadline;       /* valid when deadline_kind is not NONE */
} DkDossierSummary;

void dk_dossier_summary_free (DkDossierSummary *summary);

typedef enum
{
  DK_DOSSIER_SORT_DEADLINE,   /* soonest deadline first, those without one last; then by number */
  DK_DOSSIER_SORT_NUMBER,
  DK_DOSSIER_SORT_NAME,
  DK_DOSSIER_SORT_OPENED,     /* newest first */
} DkDossierSort;

typedef enum
{
  DK_DEADLINE_FILTER_ANY,
  DK_DEADLINE_FILTER_OVERDUE,     /* the deadline is before today */
  DK_DEADLINE_FILTER_THIS_WEEK,   /* overdue, or within the next 7 days */
} DkDeadlineFilter;

#define DK_PHASE_FILTER_ANY  (-1)
#define DK_PHASE_FILTER_OPEN (-2)   /* every phase but closed */

typedef struct
{
  const char        *text;            /* what the user typed; NULL or blank: every dossier */
  int                phase;           /* a DkCasePhase, DK_PHASE_FILTER_ANY or _OPEN */
  const char        *counsellor;      /* NULL: anyone */
  DkDeadlineFilter   deadline;
  DkDossierSort      sort;
  guint              decision_weeks;  /* the municipality's term, see dk_wgs_deadline() */
  GDate              today;
} DkDossierQuery;

void       dk_dossier_query_init             (DkDossierQuery  *query);

/* Brings the search index up to date with every change since the last call. Cheap when nothing
 * changed; called by dk_dossier_index_query() itself. */
gboolean   dk_dossier_index_refresh          (DkStore         *store,
                                              GError         **error);

/* DkDossierSummary *, in the order asked for. */
GPtrArray *dk_dossier_index_query            (DkStore               *store,
                                              const DkDossierQuery  *query,
                                              GError               **error);

/* The counsellor names in use, sorted, for a filter. */
/* The ids of the dossiers whose search text matches @text, as a set (keys only), in *out_ids; NULL
 * there when @text has no word to search for, which means every dossier. For a list that keeps its
 * dossiers' summaries and filters them per keystroke (dk_dossier_query_matches()). */
gboolean   dk_dossier_index_match_ids        (DkStore               *store,
                                              const char            *text,
                                              GHashTable           **out_ids,
                                              GError               **error);

/* Whether @summary passes the phase, counsellor and deadline filters of @query (not its text). */
gboolean   dk_dossier_query_matches          (const DkDossierQuery   *query,
                                              const DkDossierSummary *summary);

/* Sorts an array of DkDossierSummary as dk_dossier_index_query() does for @sort. */
void       dk_dossier_summaries_sort         (GPtrArray              *summaries,
                                              DkDossierSort           sort);

GStrv      dk_dossier_index_counsellors      (DkStore         *store,
                                              GError         **error);

/* The FTS5 query for what the user typed: every word must occur, each as a prefix; a BSN, phone or
 * dossier number typed with dots, spaces or hyphens counts as one word, found whether it is stored
 * with those separators or without. NULL when there is no word. */
char      *dk_dossier_index_match_expression (const char      *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkDossierSummary, dk_dossier_summary_free)

G_END_DECLS
