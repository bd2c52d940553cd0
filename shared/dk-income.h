#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * An income of one person of a dossier, as entered (amount per pay period) and normalised to a month.
 * Pure model, no database.
 */

#define DK_INCOME_ERROR (dk_income_error_quark ())

typedef enum
{
  DK_INCOME_ERROR_INVALID,  /* a required field is missing, negative or out of range */
  DK_INCOME_ERROR_PERIOD,   /* valid_to before valid_from */
} DkIncomeError;

GQuark dk_income_error_quark (void);

/* Where the money comes from; after the income sources the DDAS definition of Inkomen names (work,
 * own business, benefits) plus what a household budget also receives. */
typedef enum
{
  DK_INCOME_SOURCE_EMPLOYMENT,       /* wages */
  DK_INCOME_SOURCE_SELF_EMPLOYMENT,  /* own business */
  DK_INCOME_SOURCE_BENEFIT,          /* social assistance or an insurance benefit (bijstand, WW, WIA, …) */
  DK_INCOME_SOURCE_PENSION,          /* state pension or other pension */
  DK_INCOME_SOURCE_ALLOWANCE,        /* toeslagen: rent, health care, childcare allowance */
  DK_INCOME_SOURCE_CHILD_BENEFIT,    /* kinderbijslag, kindgebonden budget */
  DK_INCOME_SOURCE_MAINTENANCE,      /* alimentatie received */
  DK_INCOME_SOURCE_OTHER,
} DkIncomeSource;

typedef enum
{
  DK_INCOME_PERIOD_MONTH,
  DK_INCOME_PERIOD_FOUR_WEEKS,
  DK_INCOME_PERIOD_WEEK,
  DK_INCOME_PERIOD_YEAR,
} DkIncomePeriod;

const char *dk_income_source_to_string   (DkIncomeSource   source);
gboolean    dk_income_source_from_string (const char      *text,
                                          DkIncomeSource  *out);
const char *dk_income_period_to_string   (DkIncomePeriod   period);
gboolean    dk_income_period_from_string (const char      *text,
                                          DkIncomePeriod  *out);

/*
 * Amounts are per @period, in cents. @gross_cents counts only when @has_gross. @valid_to is cleared
 * while the income lasts; both dates count as days on which the income applies.
 * @holiday_allowance_included says whether the amounts include the holiday allowance (vakantiegeld)
 * reserved per period; it is recorded, not added or removed here.
 */
typedef struct
{
  char            *id;
  char            *dossier_id;
  char            *person_id;
  DkIncomeSource   source;
  char            *description;
  gint64           net_cents;
  gboolean         has_gross;
  gint64           gross_cents;
  DkIncomePeriod   period;
  gboolean         holiday_allowance_included;
  GDate            valid_from;
  GDate            valid_to;
  char            *created_at;
  char            *updated_at;
} DkIncome;

DkIncome *dk_income_new                (const char           *person_id,
                                        DkIncomeSource        source,
                                        gint64                net_cents,
                                        DkIncomePeriod        period,
                                        const GDate          *valid_from);
DkIncome *dk_income_copy               (const DkIncome       *income);
void      dk_income_free               (DkIncome             *income);

/* Person and start date present, amounts >= 0, enums in range, valid_to not before valid_from. */
gboolean  dk_income_validate           (const DkIncome       *income,
                                        GError              **error);

/*
 * @cents per @period as a monthly amount. Exact rule: month × 1; four weeks × 13 / 12 (13 pay periods
 * a year); week × 52 / 12; year / 12; each computed exactly and rounded once to whole cents, half
 * away from zero (dk_money_mul_ratio()). So € 1.000,00 per four weeks is € 1.083,33 a month and
 * € 100,00 a week is € 433,33.
 */
gint64    dk_income_period_to_monthly  (gint64                cents,
                                        DkIncomePeriod        period);
gint64    dk_income_get_net_monthly    (const DkIncome       *income);
/* FALSE when the gross amount is unknown. */
gboolean  dk_income_get_gross_monthly  (const DkIncome       *income,
                                        gint64               *out_cents);

/* Whether @date lies within valid_from .. valid_to (open-ended when valid_to is cleared). */
gboolean  dk_income_is_valid_on        (const DkIncome       *income,
                                        const GDate          *date);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkIncome, dk_income_free)

G_END_DECLS
