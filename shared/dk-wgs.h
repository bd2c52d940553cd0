#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Where a debt-help case stands and the statutory deadline that runs in that phase (Wet gemeentelijke
 * schuldhulpverlening, text valid on 1 January 2026, BWBR0031331):
 *
 *   art. 4 lid 1   the first conversation within 4 weeks of the request for help;
 *   art. 4 lid 2   within 3 working days when there is a threat of forced eviction, end of supply of
 *                  gas, electricity, district heating or water, or end of the health insurance;
 *   art. 4a        the decision with a plan of approach within the term of the municipal ordinance,
 *                  at most 8 weeks. Counting from the first conversation is a reading of lid 1 that
 *                  is not confirmed; the caller passes the municipality's own term.
 *
 * A term in weeks that ends on a Saturday, Sunday or public holiday runs to the next working day
 * (Algemene termijnenwet art. 1). No other phase has a statutory deadline.
 */

typedef enum
{
  DK_CASE_PHASE_REGISTRATION,   /* aanmelding: asked for help, no first conversation yet */
  DK_CASE_PHASE_INTAKE,         /* intake: first conversation held, decision pending */
  DK_CASE_PHASE_STABILISATION,
  DK_CASE_PHASE_SETTLEMENT,     /* schuldregeling */
  DK_CASE_PHASE_AFTERCARE,      /* nazorg */
  DK_CASE_PHASE_CLOSED,         /* uitstroom */
} DkCasePhase;

#define DK_CASE_PHASE_COUNT (DK_CASE_PHASE_CLOSED + 1)

/* The statutory maximum of art. 4a; a municipality's ordinance may set fewer weeks. */
#define DK_WGS_DECISION_WEEKS_MAX 8

const char *dk_case_phase_to_string   (DkCasePhase   phase);
gboolean    dk_case_phase_from_string (const char   *text,
                                       DkCasePhase  *out);
/* For people, translated: "Registration", "Intake", … */
const char *dk_case_phase_label       (DkCasePhase   phase);

typedef enum
{
  DK_WGS_DEADLINE_NONE,
  DK_WGS_DEADLINE_FIRST_CONVERSATION,
  DK_WGS_DEADLINE_DECISION,
} DkWgsDeadlineKind;

/*
 * The deadline running for a case, or DK_WGS_DEADLINE_NONE (and @out cleared) when none runs: a
 * registered case without the date of the request, an intake without the date of the first
 * conversation, and every later phase. @decision_weeks: the municipality's term for the decision
 * (1 … DK_WGS_DECISION_WEEKS_MAX).
 */
DkWgsDeadlineKind dk_wgs_deadline (DkCasePhase   phase,
                                   const GDate  *registered_on,
                                   gboolean      crisis,
                                   const GDate  *first_conversation_on,
                                   guint         decision_weeks,
                                   GDate        *out);

const char *dk_wgs_deadline_label (DkWgsDeadlineKind kind);

G_END_DECLS
