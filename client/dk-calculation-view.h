#pragma once

#include <adwaita.h>

#include "dk-breakdown.h"
#include "dk-calculation.h"

G_BEGIN_DECLS

/*
 * A dossier's calculation as the Overview shows it: the headline figures (income, BVV, VTLB,
 * repayment capacity, payment proposal), the history of the capacity and the VTLB as a chart, and
 * every line of the breakdown with its amount and the rule or article it rests on. When the
 * calculation cannot be made, its reason shows instead of figures.
 *
 * How the breakdown and the stored history become what is shown is in the pure functions below.
 */

/* One line of a breakdown as a row. */
typedef struct
{
  char            *id;
  guint            depth;        /* 0 for the children of the root */
  DkBreakdownKind  kind;
  char            *label;
  char            *amount;       /* "€ 70,97", "95%", "18"; NULL for a text line */
  char            *explanation;  /* the rule, then the note on a new line; NULL when there is neither */
  guint            n_children;
} DkCalculationLine;

void        dk_calculation_line_free           (DkCalculationLine  *line);

/* The value of @line as shown: money with dk_money_format(), rates with dk_format_rate(), counts as
 * a plain number, NULL for text. Free with g_free(). */
char       *dk_breakdown_format_value          (const DkBreakdown  *line);

/* Every line below @root, depth first in the order of the tree (the root itself is the headline and
 * is left out). DkCalculationLine *, owned by the array. */
GPtrArray  *dk_calculation_lines_from_breakdown (const DkBreakdown *root);

/* The header above the lines, from the root's text lines (date, living situation, norm table):
 * "23-11-2026 (calculation date) · single parent · Norm table in force from 2026-07-01".
 * Free with g_free(). */
char       *dk_calculation_describe_context     (const DkBreakdown *root);

/*
 * The history for the chart from stored calculations (DkCalculationRecord *, as
 * dk_calculation_repo_list() gives them): one DkHistoryPoint per record in @capacity and in @vtlb,
 * sorted by calculation date (records of one date keep the order they were saved in). A record whose
 * result cannot be read is skipped. Returns the number of records skipped.
 */
guint       dk_calculation_history_series      (GPtrArray          *records,
                                                GArray             *capacity,
                                                GArray             *vtlb);

#define DK_TYPE_CALCULATION_VIEW (dk_calculation_view_get_type ())

G_DECLARE_FINAL_TYPE (DkCalculationView, dk_calculation_view, DK, CALCULATION_VIEW, AdwBin)

GtkWidget  *dk_calculation_view_new            (void);

/* Shows @result's figures and lines (copied out; @result may be cleared afterwards). */
void        dk_calculation_view_show_result    (DkCalculationView         *self,
                                                const DkCalculationResult *result);
/* Shows why there are no figures, instead of them. */
void        dk_calculation_view_show_message   (DkCalculationView         *self,
                                                const char                *message);
/* Sets the chart from stored calculations (DkCalculationRecord *; NULL clears it). */
void        dk_calculation_view_set_history    (DkCalculationView         *self,
                                                GPtrArray                 *records);

G_END_DECLS
