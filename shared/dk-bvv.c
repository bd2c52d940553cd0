#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-bvv.h"
#include "dk-money.h"

/* Every term is a product of cents and ppm divided by 12 × 10^6; 128 bits keep that exact. */
__extension__ typedef __int128 Int128;

#define PPM ((gint64) 1000000)
#define MONTHS_PPM ((Int128) 12 * PPM)   /* denominator of every "/ 12 × rate" term */
#define BVV_RATE_PPM 950000              /* 95%: Rv 475da lid 2, 475dc lid 1–2 */
#define NO_ADDRESS_RATE_PPM 475000       /* 47.5%: Rv 475da lid 4 */

G_DEFINE_QUARK (dk-bvv-error-quark, dk_bvv_error)

static const char *cap_keys[] = {
  [DK_SITUATION_SINGLE] = "bvv_cap_single",
  [DK_SITUATION_SINGLE_PARENT] = "bvv_cap_single_parent",
  [DK_SITUATION_COUPLE] = "bvv_cap_couple",
  [DK_SITUATION_COUPLE_WITH_CHILDREN] = "bvv_cap_couple_with_children",
};

static const char *formula_rules[] = {
  [DK_SITUATION_SINGLE] = "Rv art. 475da lid 2 onder a",
  [DK_SITUATION_SINGLE_PARENT] = "Rv art. 475da lid 2 onder b",
  [DK_SITUATION_COUPLE] = "Rv art. 475da lid 2 onder c",
  [DK_SITUATION_COUPLE_WITH_CHILDREN] = "Rv art. 475da lid 2 onder d",
};

/* num / den rounded half away from zero; den > 0. */
static gint64
round_div (Int128 num,
           Int128 den)
{
  Int128 quotient = num / den;
  Int128 remainder = num % den;

  if (remainder < 0)
    remainder = -remainder;
  if (2 * remainder >= den)
    quotient += num < 0 ? -1 : 1;

  return (gint64) quotient;
}

/* Fetches a figure; a missing one becomes the BVV's own message naming the figure and the period. */
static gboolean
need (const DkNormTable *table,
      const char        *key,
      gint64            *out,
      GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok;

  if (dk_norms_key_is_rate (key))
    ok = dk_norm_table_get_rate (table, key, out, &local_error);
  else
    ok = dk_norm_table_get_amount (table, key, out, &local_error);
  if (ok)
    return TRUE;

  if (g_error_matches (local_error, DK_NORMS_ERROR, DK_NORMS_ERROR_MISSING))
    {
      g_autofree char *period = dk_norm_table_describe_valid_from (table);

      g_set_error (error, DK_NORMS_ERROR, DK_NORMS_ERROR_MISSING,
                   _("The BVV cannot be calculated for the period from %s: the norm tables lack %s. %s"),
                   period, dk_norms_describe_key (key), dk_norm_table_get_missing_reason (table, key));
      return FALSE;
    }

  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/* "Norm table 2026-07-01; read in the statute or primary publication." and the figure's own note.
 * A DkBreakdownNoteFunc: made only when the note is read. */
static char *
figure_note (const char *table_id,
             const char *note,
             gint64      confidence,
             gint64      unused_value2)
{
  g_autofree char *head = NULL;

  switch (confidence)
    {
    case DK_NORM_CONFIDENCE_VERIFIED:
      head = g_strdup_printf (_("Norm table %s; read in the statute or primary publication."), table_id);
      break;
    case DK_NORM_CONFIDENCE_SECONDARY:
      head = g_strdup_printf (_("Norm table %s; from a secondary source, to be checked against the official publication."), table_id);
      break;
    case DK_NORM_CONFIDENCE_DERIVED:
    default:
      head = g_strdup_printf (_("Norm table %s; derived from other published figures, not published itself."), table_id);
      break;
    }

  if (note == NULL)
    return g_steal_pointer (&head);
  return g_strconcat (head, " ", note, NULL);
}

/* The figure_note() of the lid 1 maximum, after whether it applies. DkBreakdownNoteFuncs. */
static char *
maximum_applies_note (const char *table_id,
                      const char *note,
                      gint64      confidence,
                      gint64      unused_value2)
{
  g_autofree char *figure = figure_note (table_id, note, confidence, 0);

  return g_strconcat (_("The maximum applies."), " ", figure, NULL);
}

static char *
below_maximum_note (const char *table_id,
                    const char *note,
                    gint64      confidence,
                    gint64      unused_value2)
{
  g_autofree char *figure = figure_note (table_id, note, confidence, 0);

  return g_strconcat (_("The formula stays below the maximum."), " ", figure, NULL);
}

/* A line for a figure from the norm table: its source as the rule, table id and confidence as note.
 * @id is static and @label_msgid a msgid, as for dk_breakdown_new_static(). The table's texts are
 * interned, so the line points to them instead of copying them. */
static DkBreakdown *
figure_line (const DkNormTable *table,
             const char        *id,
             const char        *label_msgid,
             const char        *key,
             gint64             value)
{
  DkBreakdownKind kind = dk_norms_key_is_rate (key) ? DK_BREAKDOWN_RATE : DK_BREAKDOWN_MONEY;
  DkBreakdown *line = dk_breakdown_new_static (kind, id, label_msgid, value,
                                               dk_norm_table_get_source (table, key));

  dk_breakdown_set_note_func (line, figure_note, dk_norm_table_get_id (table), dk_norm_table_get_note (table, key),
                              dk_norm_table_get_confidence (table, key), 0);
  return line;
}

static DkBreakdown *
money_line (const char *id,
            const char *label_msgid,
            gint64      value,
            const char *rule)
{
  return dk_breakdown_new_static (DK_BREAKDOWN_MONEY, id, label_msgid, value, rule);
}

/* @what_msgid is translated only when the amount is refused. */
static gboolean
check_amount (gint64      value,
              const char *what_msgid,
              GError    **error)
{
  g_autofree char *limit = NULL;

  if (value >= 0 && value <= DK_BVV_MAX_INPUT)
    return TRUE;

  if (value < 0)
    {
      g_set_error (error, DK_BVV_ERROR, DK_BVV_ERROR_NEGATIVE_INPUT, _("%s cannot be negative."), _(what_msgid));
      return FALSE;
    }

  limit = dk_money_format (DK_BVV_MAX_INPUT);
  g_set_error (error, DK_BVV_ERROR, DK_BVV_ERROR_INPUT_TOO_LARGE,
               _("%s is larger than the calculation accepts (at most %s)."), _(what_msgid), limit);
  return FALSE;
}

static gboolean
validate_input (const DkBvvInput *in,
                GError          **error)
{
  if ((guint) in->situation > DK_SITUATION_COUPLE_WITH_CHILDREN)
    {
      g_set_error (error, DK_BVV_ERROR, DK_BVV_ERROR_INVALID_SITUATION,
                   _("The living situation %d is not one of the four of Rv art. 475da lid 1."), (int) in->situation);
      return FALSE;
    }

  if (!check_amount (in->taxable_income_year, N_("The taxable income per year"), error)
      || !check_amount (in->monthly_income, N_("The monthly income"), error)
      || !check_amount (in->spouse_unseized_income, N_("The spouse’s unseized income"), error)
      || !check_amount (in->own_unseized_income, N_("The debtor’s own unseized income"), error)
      || !check_amount (in->company_car_tax, N_("The payroll tax on the company car"), error)
      || !check_amount (in->pw32_other_income, N_("The income under Pw art. 32"), error)
      || !check_amount (in->housing_costs, N_("The amount of the housing costs"), error))
    return FALSE;

  if (in->spouse_unseized_income > 0 && !DK_SITUATION_IS_COUPLE (in->situation))
    {
      g_set_error_literal (error, DK_BVV_ERROR, DK_BVV_ERROR_INCONSISTENT_INPUT,
                           _("A spouse’s unseized income was given, but the living situation has no spouse."));
      return FALSE;
    }

  return TRUE;
}

/* Rv 475dc lid 2: the benefit payer's BVV; replaces everything else. */
static gboolean
benefit_payer_amount (const DkNormTable *table,
                      const DkBvvInput  *in,
                      GPtrArray         *lines,
                      gint64            *out,
                      GError           **error)
{
  gboolean couple = DK_SITUATION_IS_COUPLE (in->situation);
  const char *norm_key;
  gint64 norm, gross, amount;
  DkBreakdown *line;

  if (in->pension_age)
    norm_key = couple ? "assistance_norm_couple_pension_age" : "assistance_norm_single_pension_age";
  else
    norm_key = couple ? "assistance_norm_couple" : "assistance_norm_single";

  if (!need (table, norm_key, &norm, error))
    return FALSE;

  gross = round_div ((Int128) norm * BVV_RATE_PPM, PPM);
  amount = MAX (0, gross - in->pw32_other_income);

  line = money_line ("bvv.benefit_payer",
                     /* xgettext:no-c-format */
                     N_("Benefit payer: 95% of the debtor’s assistance norm minus income under Pw art. 32"),
                     amount, "Rv art. 475dc lid 2");
  /* xgettext:no-c-format */
  dk_breakdown_set_note_static (line, N_("This replaces the formula, the deductions and the 95%-of-income limit."));
  dk_breakdown_append (line, figure_line (table, "bvv.benefit_payer.norm",
                                          N_("Assistance norm including holiday allowance"), norm_key, norm));
  dk_breakdown_add_static (line, DK_BREAKDOWN_RATE, "bvv.benefit_payer.rate", N_("Share of the norm"),
                           BVV_RATE_PPM, "Rv art. 475dc lid 2");
  /* xgettext:no-c-format */
  dk_breakdown_add_static (line, DK_BREAKDOWN_MONEY, "bvv.benefit_payer.gross", N_("95% of the norm"),
                           gross, "Rv art. 475dc lid 2");
  dk_breakdown_add_static (line, DK_BREAKDOWN_MONEY, "bvv.benefit_payer.pw32", N_("Income under Pw art. 32"),
                           -in->pw32_other_income, "input; Pw art. 32");
  g_ptr_array_add (lines, line);

  *out = amount;
  return TRUE;
}

/* Rv 475da lid 4: no home address in the BRP. */
static gboolean
no_address_amount (const DkNormTable *table,
                   GPtrArray         *lines,
                   gint64            *out,
                   GError           **error)
{
  gint64 norm, amount;
  DkBreakdown *line;

  if (!need (table, "assistance_norm_couple", &norm, error))
    return FALSE;

  amount = round_div ((Int128) norm * NO_ADDRESS_RATE_PPM, PPM);
  /* xgettext:no-c-format */
  line = money_line ("bvv.no_address", N_("No home address in the BRP: 47.5% of the norm for a married couple"),
                     amount, "Rv art. 475da lid 4");
  dk_breakdown_set_note_static (line, N_("Replaces the formula of lid 2. The factor for a fixed residence abroad "
                                         "(lid 4, second sentence) is not applied."));
  dk_breakdown_append (line, figure_line (table, "bvv.no_address.norm", N_("Assistance norm, married (B)"),
                                          "assistance_norm_couple", norm));
  dk_breakdown_add_static (line, DK_BREAKDOWN_RATE, "bvv.no_address.rate", N_("Share of the norm"),
                           NO_ADDRESS_RATE_PPM, "Rv art. 475da lid 4");
  g_ptr_array_add (lines, line);

  *out = amount;
  return TRUE;
}

/* A DkBreakdownNoteFunc: made only when the note is read. @letter: "F" or "G". */
static char *
base_rent_note (const char *letter,
                const char *unused_text2,
                gint64      literal_j,
                gint64      derived)
{
  g_autofree char *literal = dk_money_format (literal_j);
  g_autofree char *used = dk_money_format (derived);
  g_autofree char *diff = dk_money_format (literal_j - derived);

  return g_strdup_printf (_("Lid 8: the maximum of lid 1 equals the BVV at the income where I × %s / 12 equals H. "
                            "The base rent printed in Wht art. 16–17 (%s) is %s higher than the one those published "
                            "maxima imply (%s), so the formula could never reach them; the published maxima are "
                            "taken as authoritative (the official basishuur is still to be confirmed)."),
                          letter, literal, diff, used);
}

/* A DkBreakdownNoteFunc: made only when the note is read. @label: "I × F / 12" or "I × G / 12". */
static char *
by_income_lower_note (const char *label,
                      const char *unused_text2,
                      gint64      unused_value1,
                      gint64      unused_value2)
{
  return g_strdup_printf (_("%s is the lower of the two."), label);
}

/*
 * J for the housing term. Lid 8 says the lid 1 maximum equals the BVV at the income where I × F/12
 * (or G/12) reaches H; there the housing term is H − J and the health term sits at its lid 3 cap, so
 * the published maximum fixes J = 95% × norm + health cap + H − maximum. The literal Wht 2026 figures
 * give a J exactly 60.15 higher for every household type (bvv-formula.md §4), so the formula could
 * never reach the published maxima; the maxima are published by the minister and taken as
 * authoritative. One-person households use the single maximum, multi-person ones the couple maximum.
 */
static DkBreakdown *
base_rent (const DkNormTable *table,
           gboolean           one_person,
           gint64             max_rent,
           gint64             premium_year,
           gint64             literal_j,
           gint64            *out_j)
{
  const char *norm_key = one_person ? "assistance_norm_single" : "assistance_norm_couple";
  const char *raise_key = one_person ? "institution_raise_single" : "institution_raise_couple";
  const char *cap_key = one_person ? "bvv_cap_single" : "bvv_cap_couple";
  gint64 premium_factor = one_person ? 1 : 2;
  gint64 norm = 0, raise = 0, cap = 0;
  g_autoptr(GError) missing = NULL;
  DkBreakdown *line;
  DkBreakdown *from_cap;
  gint64 derived;
  Int128 num;
  g_autofree char *note = NULL;

  if (!need (table, cap_key, &cap, &missing)
      || !need (table, norm_key, &norm, &missing)
      || !need (table, raise_key, &raise, &missing))
    {
      const char *lacking = dk_norm_table_is_missing (table, cap_key) ? cap_key
                            : dk_norm_table_is_missing (table, norm_key) ? norm_key : raise_key;

      line = money_line ("bvv.housing.base_rent", N_("J: base rent"), literal_j, "Wht art. 16–17");
      note = g_strdup_printf (_("The base rent of Wht art. 16–17 is used as printed: the norm table lacks %s, so "
                                "the published maximum cannot be used to check it (Rv art. 475da lid 8)."),
                              dk_norms_describe_key (lacking));
      dk_breakdown_take_note (line, g_steal_pointer (&note));
      *out_j = literal_j;
      return line;
    }

  /* Over 12 × 10^6: 95% × norm + (factor × premium − 12 × Pw 23 amount) / 12 + H − maximum. */
  num = (Int128) norm * BVV_RATE_PPM * 12
        + ((Int128) premium_factor * premium_year - (Int128) 12 * raise) * PPM
        + ((Int128) max_rent - cap) * MONTHS_PPM;
  derived = round_div (num, MONTHS_PPM);

  from_cap = money_line ("bvv.housing.base_rent.from_maximum",
                         /* xgettext:no-c-format */
                         N_("Base rent implied by the published maximum: 95% × norm + health maximum + H − maximum"),
                         derived, "Rv art. 475da lid 1 and lid 8");
  dk_breakdown_append (from_cap, figure_line (table, "bvv.housing.base_rent.from_maximum.maximum",
                                              one_person ? N_("Maximum BVV, single") : N_("Maximum BVV, married without children"),
                                              cap_key, cap));
  dk_breakdown_append (from_cap, figure_line (table, "bvv.housing.base_rent.from_maximum.norm",
                                              one_person ? N_("Assistance norm, single (A)") : N_("Assistance norm, married (B)"),
                                              norm_key, norm));
  dk_breakdown_append (from_cap, figure_line (table, "bvv.housing.base_rent.from_maximum.pw23",
                                              N_("Pw art. 23 lid 2 amount"), raise_key, raise));

  if (derived < 0 || derived > max_rent)
    {
      line = money_line ("bvv.housing.base_rent", N_("J: base rent"), literal_j, "Wht art. 16–17");
      dk_breakdown_set_note_static (line, N_("The base rent implied by the published maximum lies outside 0 … H, so the "
                                             "norm table is inconsistent; the base rent of Wht art. 16–17 is used as printed."));
      dk_breakdown_append (line, from_cap);
      *out_j = literal_j;
      return line;
    }

  line = money_line ("bvv.housing.base_rent", N_("J: base rent, as implied by the published maximum"), derived,
                     "Rv art. 475da lid 8; Wht art. 16");
  dk_breakdown_set_note_func (line, base_rent_note, one_person ? "F" : "G", NULL, literal_j, derived);
  dk_breakdown_append (line, from_cap);

  *out_j = derived;
  return line;
}

/* Rv 475da lid 2, then the lid 1 maximum. */
static gboolean
formula_amount (const DkNormTable *table,
                const DkBvvInput  *in,
                GPtrArray         *lines,
                gint64            *out,
                GError           **error)
{
  DkSituation situation = in->situation;
  gboolean couple = DK_SITUATION_IS_COUPLE (situation);
  gboolean one_person = situation == DK_SITUATION_SINGLE;
  gboolean children = DK_SITUATION_HAS_CHILDREN (situation);
  const char *norm_key = couple ? "assistance_norm_couple" : "assistance_norm_single";
  const char *raise_key = couple ? "institution_raise_couple" : "institution_raise_single";
  const char *taper_key = one_person ? "rent_taper_single" : "rent_taper_multi";
  const char *point_key = one_person ? "rent_min_income_point_single_year" : "rent_min_income_point_multi_year";
  const char *reduction_key = one_person ? "norm_rent_reduction_single" : "norm_rent_reduction_multi";
  const char *cap_key = cap_keys[situation];
  const char *taper_letter = one_person ? "F" : "G";
  const char *by_income_label = one_person ? "I × F / 12" : "I × G / 12";
  gint64 c = in->taxable_income_year;
  gint64 norm, raise, premium, threshold, e_ppm, taper_ppm, h, point, norm_rent, reduction, addition;
  gint64 k_ppm = 0, l = 0, cap;
  gint64 base, d, excess, health, i_value, j, literal_j, bound, housing, child = 0, child_excess = 0;
  gint64 formula, capped;
  Int128 health_num, health_cap_num, by_income_num, bound_num;
  gint64 premium_factor = couple ? 2 : 1;
  DkBreakdown *formula_line, *term, *j_line;

  if (!need (table, norm_key, &norm, error)
      || !need (table, raise_key, &raise, error)
      || !need (table, "standard_premium_year", &premium, error)
      || !need (table, "health_threshold_income_year", &threshold, error)
      || !need (table, "health_taper", &e_ppm, error)
      || !need (table, taper_key, &taper_ppm, error)
      || !need (table, "max_rent", &h, error)
      || !need (table, point_key, &point, error)
      || !need (table, "norm_rent_at_minimum", &norm_rent, error)
      || !need (table, reduction_key, &reduction, error)
      || !need (table, "base_rent_addition", &addition, error)
      || (children && !need (table, "child_budget_taper", &k_ppm, error))
      || (situation == DK_SITUATION_COUPLE_WITH_CHILDREN
          && !need (table, "child_budget_partner_threshold_raise_year", &l, error))
      || !need (table, cap_key, &cap, error))
    return FALSE;

  /* 95% × A or B. */
  base = round_div ((Int128) norm * BVV_RATE_PPM, PPM);

  /* ((C − D) / 12) × E, with D = C below the threshold, at most the lid 3 maximum. */
  d = MIN (c, threshold);
  excess = c - d;
  health_num = (Int128) excess * e_ppm;
  health_cap_num = ((Int128) premium_factor * premium - (Int128) 12 * raise) * PPM;
  if (health_cap_num < 0)
    health_cap_num = 0;
  health = round_div (MIN (health_num, health_cap_num), MONTHS_PPM);

  /* min (I × F / 12, H − J); I below 0 is read as 0 (see the note on bvv.housing.i). */
  i_value = MAX (0, c - point);
  by_income_num = (Int128) i_value * taper_ppm;
  literal_j = norm_rent - reduction + addition;
  j_line = base_rent (table, one_person, h, premium, literal_j, &j);
  bound = h - j;
  bound_num = (Int128) bound * MONTHS_PPM;
  housing = round_div (MIN (by_income_num, bound_num), MONTHS_PPM);

  /* ((C − D) / 12) × K, or ((C − (D + L)) / 12) × K at least 0 for couples. */
  if (situation == DK_SITUATION_SINGLE_PARENT)
    child_excess = excess;
  else if (situation == DK_SITUATION_COUPLE_WITH_CHILDREN)
    child_excess = MAX (0, c - d - l);
  if (children)
    child = round_div ((Int128) child_excess * k_ppm, MONTHS_PPM);

  formula = base + health + housing + child;
  capped = MIN (formula, cap);

  /* The explanation. */
  g_ptr_array_add (lines, money_line ("bvv.taxable_income", N_("Taxable income per year of debtor and spouse (C)"),
                                      c, "input; Rv art. 475d lid 1"));

  formula_line = money_line ("bvv.formula", N_("BVV by the formula"), formula, formula_rules[situation]);
  g_ptr_array_add (lines, formula_line);

  /* xgettext:no-c-format */
  term = dk_breakdown_append (formula_line, money_line ("bvv.base", N_("95% of the assistance norm"), base,
                                                        "Rv art. 475da lid 2"));
  dk_breakdown_append (term, figure_line (table, "bvv.base.norm",
                                          couple ? N_("Assistance norm, married (B)") : N_("Assistance norm, single (A)"),
                                          norm_key, norm));
  dk_breakdown_add_static (term, DK_BREAKDOWN_RATE, "bvv.base.rate", N_("Share of the norm"), BVV_RATE_PPM, "Rv art. 475da lid 2");

  term = dk_breakdown_append (formula_line,
                              money_line ("bvv.health", N_("Health part: ((C − D) / 12) × E, at most the lid 3 maximum"),
                                          health, "Rv art. 475da lid 2 and 3"));
  dk_breakdown_set_note_static (term, health_num > health_cap_num
                                ? N_("The lid 3 maximum applies.")
                                : N_("Below the lid 3 maximum."));
  dk_breakdown_append (term, figure_line (table, "bvv.health.threshold", N_("Threshold income per year"),
                                          "health_threshold_income_year", threshold));
  dk_breakdown_add_static (term, DK_BREAKDOWN_MONEY, "bvv.health.d", N_("D: the threshold income, or C when C is lower"),
                           d, "Rv art. 475da lid 2 (D)");
  dk_breakdown_append (term, figure_line (table, "bvv.health.taper", N_("E: health-benefit taper"), "health_taper", e_ppm));
  dk_breakdown_add_static (term, DK_BREAKDOWN_MONEY, "bvv.health.by_income", N_("((C − D) / 12) × E"),
                           round_div (health_num, MONTHS_PPM), "Rv art. 475da lid 2");
  {
    DkBreakdown *cap_line = dk_breakdown_add_static (term, DK_BREAKDOWN_MONEY, "bvv.health.maximum",
                                                     N_("Maximum: the standard premium per month minus the Pw art. 23 lid 2 amount"),
                                                     round_div (health_cap_num, MONTHS_PPM), "Rv art. 475da lid 3");

    if (couple)
      dk_breakdown_set_note_static (cap_line, N_("A married couple counts twice the standard premium (Wzt art. 2 lid 1)."));
    dk_breakdown_append (cap_line, figure_line (table, "bvv.health.maximum.premium", N_("Standard premium per year"),
                                                "standard_premium_year", premium));
    dk_breakdown_append (cap_line, figure_line (table, "bvv.health.maximum.pw23", N_("Pw art. 23 lid 2 amount"),
                                                raise_key, raise));
  }

  {
    g_autofree char *label = g_strdup_printf (_("Housing part: I × %s / 12, or H − J when that is less"), taper_letter);
    DkBreakdown *i_line;

    term = dk_breakdown_append (formula_line, dk_breakdown_new (DK_BREAKDOWN_MONEY, "bvv.housing", label, housing,
                                                                "Rv art. 475da lid 2"));
    if (by_income_num > bound_num)
      dk_breakdown_set_note_static (term, N_("H − J is the lower of the two."));
    else
      dk_breakdown_set_note_func (term, by_income_lower_note, by_income_label, NULL, 0, 0);
    dk_breakdown_append (term, figure_line (table, "bvv.housing.income_point", N_("Minimum income point per year"),
                                            point_key, point));
    i_line = dk_breakdown_add_static (term, DK_BREAKDOWN_MONEY, "bvv.housing.i",
                                      N_("I: C minus the minimum income point, at least 0"), i_value, "Rv art. 475da lid 2 (I)");
    /* xgettext:no-c-format */
    dk_breakdown_set_note_static (i_line, N_("Interpretation: the statute says D = C below its threshold but nothing for I below "
                                             "the minimum income point. A negative I would push the BVV below 95% of the norm, "
                                             "against Rv art. 475dc lid 2 and the purpose of the law, so I is taken as at least 0."));
    dk_breakdown_append (term, figure_line (table, "bvv.housing.taper",
                                            one_person ? N_("F: rent-benefit taper, one person")
                                                       : N_("G: rent-benefit taper, more persons"),
                                            taper_key, taper_ppm));
    dk_breakdown_add_static (term, DK_BREAKDOWN_MONEY, "bvv.housing.by_income", by_income_label,
                             round_div (by_income_num, MONTHS_PPM), "Rv art. 475da lid 2");
    dk_breakdown_append (term, figure_line (table, "bvv.housing.max_rent", N_("H: maximum rent limit"), "max_rent", h));

    {
      DkBreakdown *literal = dk_breakdown_append (j_line, money_line ("bvv.housing.base_rent.printed",
                                                                   N_("Base rent as printed: norm rent − reduction + addition"),
                                                                   literal_j, "Wht art. 16–17"));

      dk_breakdown_append (literal, figure_line (table, "bvv.housing.base_rent.printed.norm_rent",
                                                 N_("Norm rent at the minimum income point"), "norm_rent_at_minimum", norm_rent));
      dk_breakdown_append (literal, figure_line (table, "bvv.housing.base_rent.printed.reduction",
                                                 N_("Reduction of the norm rent"), reduction_key, -reduction));
      dk_breakdown_append (literal, figure_line (table, "bvv.housing.base_rent.printed.addition",
                                                 N_("Addition for the base rent"), "base_rent_addition", addition));
    }
    dk_breakdown_append (term, j_line);
    dk_breakdown_add_static (term, DK_BREAKDOWN_MONEY, "bvv.housing.bound", "H − J", bound, "Rv art. 475da lid 2");
  }

  if (children)
    {
      gboolean with_partner = situation == DK_SITUATION_COUPLE_WITH_CHILDREN;

      term = dk_breakdown_append (formula_line,
                                  money_line ("bvv.child",
                                              with_partner ? N_("Child-budget part: ((C − (D + L)) / 12) × K, at least 0")
                                                           : N_("Child-budget part: ((C − D) / 12) × K"),
                                              child, formula_rules[situation]));
      dk_breakdown_set_note_static (term, N_("This part has no maximum of its own; only the lid 1 maximum limits it."));
      if (with_partner)
        dk_breakdown_append (term, figure_line (table, "bvv.child.partner_raise",
                                                N_("L: threshold raise for a parent with a partner, per year"),
                                                "child_budget_partner_threshold_raise_year", l));
      dk_breakdown_add_static (term, DK_BREAKDOWN_MONEY, "bvv.child.excess",
                               with_partner ? N_("C − (D + L), at least 0, per year") : N_("C − D, per year"),
                               child_excess, formula_rules[situation]);
      dk_breakdown_append (term, figure_line (table, "bvv.child.taper", N_("K: child-budget taper"),
                                              "child_budget_taper", k_ppm));
    }

  {
    DkBreakdown *cap_line = figure_line (table, "bvv.maximum", N_("Maximum for this living situation"), cap_key, cap);

    dk_breakdown_set_note_func (cap_line, formula > cap ? maximum_applies_note : below_maximum_note,
                                dk_norm_table_get_id (table), dk_norm_table_get_note (table, cap_key),
                                dk_norm_table_get_confidence (table, cap_key), 0);
    g_ptr_array_add (lines, cap_line);
  }

  *out = capped;
  return TRUE;
}

/* Rv 475da lid 5: on request, the housing costs above 110% of H. */
static gboolean
housing_raise (const DkNormTable *table,
               const DkBvvInput  *in,
               GPtrArray         *lines,
               gint64            *out,
               GError           **error)
{
  gint64 h, raise;
  DkBreakdown *line;

  if (!need (table, "max_rent", &h, error))
    return FALSE;

  /* costs − 1.10 × H, exactly in tenths of a cent. */
  raise = MAX (0, round_div ((Int128) in->housing_costs * 10 - (Int128) h * 11, 10));

  /* xgettext:no-c-format */
  line = money_line ("bvv.housing_raise", N_("Raise for housing costs above 110% of H"), raise, "Rv art. 475da lid 5");
  if (raise == 0)
    /* xgettext:no-c-format */
    dk_breakdown_set_note_static (line, N_("The housing costs are not more than 10% above H, so there is no raise."));
  else if (DK_SITUATION_IS_COUPLE (in->situation))
    dk_breakdown_set_note_static (line, N_("For a married debtor the raise is granted only insofar as the spouse’s unseized "
                                           "income cannot pay the higher housing costs (lid 5); that is for the person "
                                           "deciding on the request to judge."));
  dk_breakdown_add_static (line, DK_BREAKDOWN_MONEY, "bvv.housing_raise.costs", N_("Housing costs per month"),
                           in->housing_costs, N_("input"));
  dk_breakdown_append (line, figure_line (table, "bvv.housing_raise.max_rent", N_("H: maximum rent limit"), "max_rent", h));
  /* xgettext:no-c-format */
  dk_breakdown_add_static (line, DK_BREAKDOWN_MONEY, "bvv.housing_raise.threshold", N_("110% of H"),
                           round_div ((Int128) h * 11, 10), "Rv art. 475da lid 5");
  g_ptr_array_add (lines, line);

  *out = raise;
  return TRUE;
}

/* Rv 475db lid 1 (in this order) and 475dc lid 1. */
static gint64
deductions_and_limit (const DkBvvInput *in,
                      gint64            bvv_475da,
                      GPtrArray        *lines)
{
  gint64 bvv = bvv_475da;
  gint64 deduction;
  gint64 limit;
  DkBreakdown *line;

  if (DK_SITUATION_IS_COUPLE (in->situation))
    {
      /* Rounded down, so the deduction never exceeds half. */
      gint64 half = bvv_475da / 2;

      deduction = MIN (in->spouse_unseized_income, half);
      bvv -= deduction;
      line = money_line ("bvv.deduction.spouse", N_("Minus the spouse’s unseized periodic income, at most half the BVV"),
                         -deduction, "Rv art. 475db lid 1 onder a");
      dk_breakdown_add_static (line, DK_BREAKDOWN_MONEY, "bvv.deduction.spouse.income",
                               N_("Spouse’s unseized periodic income including holiday allowance"),
                               in->spouse_unseized_income, N_("input"));
      dk_breakdown_add_static (line, DK_BREAKDOWN_MONEY, "bvv.deduction.spouse.half", N_("Half of the BVV of Rv art. 475da"),
                               half, "Rv art. 475db lid 1 onder a");
      g_ptr_array_add (lines, line);
    }

  deduction = MIN (in->own_unseized_income, bvv);
  bvv -= deduction;
  line = money_line ("bvv.deduction.own", N_("Minus the debtor’s own unseized periodic income"), -deduction,
                     "Rv art. 475db lid 1 onder b");
  if (deduction < in->own_unseized_income)
    dk_breakdown_set_note_static (line, N_("Limited so the BVV does not fall below 0."));
  g_ptr_array_add (lines, line);

  deduction = MIN (in->company_car_tax, bvv);
  bvv -= deduction;
  line = money_line ("bvv.deduction.company_car", N_("Minus payroll tax on the private use of a company car"), -deduction,
                     "Rv art. 475db lid 1 onder c");
  if (deduction < in->company_car_tax)
    dk_breakdown_set_note_static (line, N_("Limited so the BVV does not fall below 0."));
  g_ptr_array_add (lines, line);

  limit = round_div ((Int128) in->monthly_income * BVV_RATE_PPM, PPM);
  /* xgettext:no-c-format */
  line = money_line ("bvv.income_limit", N_("Limit: 95% of the monthly income including holiday allowance"), limit,
                     "Rv art. 475dc lid 1");
  /* xgettext:no-c-format */
  dk_breakdown_set_note_static (line, bvv > limit ? N_("The limit applies: the BVV is 95% of the income.")
                                                  : N_("The BVV stays below the limit."));
  dk_breakdown_add_static (line, DK_BREAKDOWN_MONEY, "bvv.income_limit.income",
                           N_("Monthly periodic income including holiday allowance"), in->monthly_income, N_("input"));
  g_ptr_array_add (lines, line);

  return MIN (bvv, limit);
}

/* A DkBreakdownNoteFunc: made only when the note is read. @table_id: the norm table's id; @julian:
 * the day it is valid from. */
static char *
calculated_with_note (const char *table_id,
                      const char *unused_text2,
                      gint64      julian,
                      gint64      unused_value2)
{
  g_autofree char *period = NULL;
  GDate valid_from;

  g_date_clear (&valid_from, 1);
  g_date_set_julian (&valid_from, (guint32) julian);
  period = dk_norms_format_date (&valid_from);

  return g_strdup_printf (_("Calculated with norm table %s (from %s). Each line is rounded once to whole cents, "
                            "half away from zero; the statute gives no rounding rule."),
                          table_id, period);
}

gboolean
dk_bvv_calculate (const DkNormTable *table,
                  const DkBvvInput  *input,
                  DkBvvResult       *result,
                  GError           **error)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_breakdown_unref);
  GDate valid_from;
  DkBreakdown *root;
  gint64 bvv;

  g_return_val_if_fail (table != NULL, FALSE);
  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate_input (input, error))
    return FALSE;

  if (input->benefit_payer && !input->no_home_address)
    {
      if (!benefit_payer_amount (table, input, lines, &bvv, error))
        return FALSE;
    }
  else
    {
      gint64 amount = 0;
      gint64 raise = 0;

      if (input->no_home_address)
        {
          if (!no_address_amount (table, lines, &amount, error))
            return FALSE;
        }
      else if (!formula_amount (table, input, lines, &amount, error))
        return FALSE;

      if (input->high_housing_raise && !housing_raise (table, input, lines, &raise, error))
        return FALSE;

      g_ptr_array_add (lines, money_line ("bvv.statutory", N_("BVV under Rv art. 475da"), amount + raise,
                                          "Rv art. 475da"));
      bvv = deductions_and_limit (input, amount + raise, lines);
    }

  root = money_line ("bvv", N_("Garnishment-free amount (beslagvrije voet) per month"), bvv, "Rv art. 475da–475dc");
  dk_norm_table_get_valid_from (table, &valid_from);
  dk_breakdown_set_note_func (root, calculated_with_note, dk_norm_table_get_id (table), NULL,
                              g_date_get_julian (&valid_from), 0);
  for (guint i = 0; i < lines->len; i++)
    dk_breakdown_append (root, dk_breakdown_ref (g_ptr_array_index (lines, i)));

  result->bvv = bvv;
  result->breakdown = root;
  result->norm_table_id = g_strdup (dk_norm_table_get_id (table));
  return TRUE;
}

void
dk_bvv_result_clear (DkBvvResult *result)
{
  g_return_if_fail (result != NULL);

  g_clear_pointer (&result->breakdown, dk_breakdown_unref);
  g_clear_pointer (&result->norm_table_id, g_free);
  result->bvv = 0;
}
