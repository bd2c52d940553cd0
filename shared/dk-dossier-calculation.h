#pragma once

#include <json-glib/json-glib.h>

#include "dk-calculation.h"
#include "dk-store.h"

G_BEGIN_DECLS

/* A stored dossier's calculation: the household, incomes, fixed costs and open debts as they stand
 * on a date become the same JSON document draagkracht-calc reads, so every stored recalculation can
 * be replayed outside the program, and the figures come from the one calculation code. */

#define DK_DOSSIER_CALCULATION_ERROR (dk_dossier_calculation_error_quark ())

typedef enum
{
  DK_DOSSIER_CALCULATION_ERROR_NEEDS_GROSS,   /* the BVV formula needs gross incomes that are not entered */
} DkDossierCalculationError;

GQuark    dk_dossier_calculation_error_quark (void);

JsonNode *dk_dossier_calculation_input       (DkStore              *store,
                                              const char           *dossier_id,
                                              const GDate          *date,
                                              GError              **error);

/* Calculates the dossier on @date and appends the calculation (its input document, the norm table
 * and the result) to the dossier's history, in one transaction. Nothing is stored on failure. */
gboolean  dk_dossier_recalculate             (DkStore              *store,
                                              DkNormSet            *norms,
                                              const char           *dossier_id,
                                              const GDate          *date,
                                              DkCalculationResult  *result,
                                              char                **out_record_id,
                                              GError              **error);

/* The same, but stores nothing when the household, incomes, costs and debts (and the norm table in
 * force) are what the last stored calculation used: safe to call after every change and every sync.
 * @recorded tells whether a new calculation was stored. */
gboolean  dk_dossier_recalculate_if_changed  (DkStore              *store,
                                              DkNormSet            *norms,
                                              const char           *dossier_id,
                                              const GDate          *date,
                                              gboolean             *recorded,
                                              GError              **error);

G_END_DECLS
