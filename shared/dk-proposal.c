#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "dk-date.h"
#include "dk-money.h"
#include "dk-proposal.h"

/* The total of a long term with a high capacity is capacity × months; 128 bits hold it exactly. */
__extension__ typedef __int128 DkInt128;

#define PPM 1000000

#define RULE_PROPOSAL N_("NVVK: capacity × term, paid pro rata, rest written off")
#define RULE_TERM N_("NVVK: 18 months since 1 July 2023")
#define RULE_START N_("the term starts when the proposal goes to the creditors (phase 2)")
#define RULE_END N_("start + term months − 1 day")
#define RULE_PROGNOSIS N_("prognosis agreement: the offer follows income changes")
#define RULE_DOUBLE N_("practice: preferential creditors get twice the concurrent percentage")
#define RULE_PRO_RATA N_("pro rata (ponds-pondsgewijs), largest remainder")

G_DEFINE_QUARK (dk-proposal-error-quark, dk_proposal_error)

typedef enum
{
  MODE_ZERO,     /* no capacity: a zero offer */
  MODE_FULL,     /* the total covers all debt */
  MODE_CAPPED,   /* preferential at 100%, the rest to the concurrent creditors */
  MODE_DOUBLE,   /* preferential at twice the concurrent percentage */
} Mode;

void
dk_proposal_input_init (DkProposalInput *input)
{
  g_return_if_fail (input != NULL);

  memset (input, 0, sizeof *input);
  input->term_months = DK_PROPOSAL_DEFAULT_TERM_MONTHS;
}

void
dk_proposal_term_end (const GDate *start,
                      guint        term_months,
                      GDate       *out_end)
{
  g_return_if_fail (start != NULL && g_date_valid (start));
  g_return_if_fail (out_end != NULL);

  *out_end = *start;
  g_date_add_months (out_end, term_months);
  g_date_subtract_days (out_end, 1);
}

static gboolean
fail (GError        **error,
      DkProposalError code,
      const char     *message)
{
  g_set_error_literal (error, DK_PROPOSAL_ERROR, code, message);
  return FALSE;
}

/* Whether creditors[index]'s id differs from the ones before it; @ids holds those when not NULL. */
static gboolean
is_new_id (const DkCreditor *creditors,
           gsize             index,
           GHashTable       *ids)
{
  if (ids != NULL)
    return g_hash_table_add (ids, (gpointer) creditors[index].id);

  for (gsize j = 0; j < index; j++)
    if (g_str_equal (creditors[j].id, creditors[index].id))
      return FALSE;
  return TRUE;
}

static gboolean
validate (const DkProposalInput *input,
          GError               **error)
{
  g_autoptr(GHashTable) ids = NULL;

  if (input->term_months == 0 || input->term_months > DK_PROPOSAL_MAX_TERM_MONTHS)
    {
      g_set_error (error, DK_PROPOSAL_ERROR, DK_PROPOSAL_ERROR_INVALID_TERM,
                   _("A term of %u months is not possible; it must be between 1 and %u months."),
                   input->term_months, (guint) DK_PROPOSAL_MAX_TERM_MONTHS);
      return FALSE;
    }
  if (input->start != NULL && !g_date_valid (input->start))
    return fail (error, DK_PROPOSAL_ERROR_INVALID_TERM, _("The start date of the term is not a valid date."));
  if (input->monthly_capacity < 0)
    return fail (error, DK_PROPOSAL_ERROR_INVALID_CAPACITY, _("The monthly repayment capacity cannot be negative."));
  if (input->n_creditors == 0 || input->creditors == NULL)
    return fail (error, DK_PROPOSAL_ERROR_NO_CREDITORS, _("A payment proposal needs at least one creditor."));
  if (input->n_changes > 0 && input->changes == NULL)
    return fail (error, DK_PROPOSAL_ERROR_INVALID_CHANGE, _("Capacity changes were counted but not given."));

  /* A household has a handful of creditors: comparing each pair is cheaper than building a hash table
   * on every recalculation. */
  if (input->n_creditors > 32)
    ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (gsize i = 0; i < input->n_creditors; i++)
    {
      const DkCreditor *creditor = &input->creditors[i];

      if (creditor->id == NULL || creditor->id[0] == '\0')
        {
          g_set_error (error, DK_PROPOSAL_ERROR, DK_PROPOSAL_ERROR_INVALID_CREDITOR,
                       _("Creditor %zu has no key."), i + 1);
          return FALSE;
        }
      if (!is_new_id (input->creditors, i, ids))
        {
          g_set_error (error, DK_PROPOSAL_ERROR, DK_PROPOSAL_ERROR_INVALID_CREDITOR,
                       _("Creditor %zu is in the list twice; each creditor may appear once."), i + 1);
          return FALSE;
        }
      if (creditor->name == NULL || creditor->name[0] == '\0')
        {
          g_set_error (error, DK_PROPOSAL_ERROR, DK_PROPOSAL_ERROR_INVALID_CREDITOR,
                       _("Creditor %zu has no name."), i + 1);
          return FALSE;
        }
      if (creditor->owed <= 0)
        {
          g_set_error (error, DK_PROPOSAL_ERROR, DK_PROPOSAL_ERROR_INVALID_CREDITOR,
                       _("Creditor %zu is owed nothing; only creditors with a debt above zero take part in a proposal."),
                       i + 1);
          return FALSE;
        }
    }

  for (gsize i = 0; i < input->n_changes; i++)
    {
      const DkCapacityChange *change = &input->changes[i];

      if (change->from_month < 2 || change->from_month > input->term_months)
        {
          g_set_error (error, DK_PROPOSAL_ERROR, DK_PROPOSAL_ERROR_INVALID_CHANGE,
                       _("A capacity change from month %u is outside the term: changes start in month 2 to %u."),
                       change->from_month, input->term_months);
          return FALSE;
        }
      if (i > 0 && change->from_month <= input->changes[i - 1].from_month)
        return fail (error, DK_PROPOSAL_ERROR_INVALID_CHANGE,
                     _("Capacity changes must be listed in order of month, each month once."));
      if (change->capacity < 0)
        {
          g_set_error (error, DK_PROPOSAL_ERROR, DK_PROPOSAL_ERROR_INVALID_CHANGE,
                       _("The capacity from month %u cannot be negative."), change->from_month);
          return FALSE;
        }
    }

  return TRUE;
}

static guint64
gcd (guint64 a,
     guint64 b)
{
  while (b != 0)
    {
      guint64 t = a % b;

      a = b;
      b = t;
    }
  return a;
}

/* "2.700,00 / 12.000,00 = 9/40": the exact rate behind a rounded percentage, in lowest terms.
 * A DkBreakdownNoteFunc: made only when the note is read. */
static char *
exact_note (const char *unused_text1,
            const char *unused_text2,
            gint64      numerator,
            gint64      denominator)
{
  g_autofree char *num_text = dk_money_format_plain (numerator);
  g_autofree char *den_text = dk_money_format_plain (denominator);
  guint64 divisor = gcd ((guint64) numerator, (guint64) denominator);
  g_autofree char *reduced_num = g_strdup_printf ("%" G_GUINT64_FORMAT, divisor ? (guint64) numerator / divisor : 0);
  g_autofree char *reduced_den = g_strdup_printf ("%" G_GUINT64_FORMAT, divisor ? (guint64) denominator / divisor : 1);

  /* TRANSLATORS: an exact fraction: "2.700,00 / 12.000,00 = 9/40 exactly". */
  return g_strdup_printf (_("%s / %s = %s/%s exactly"), num_text, den_text, reduced_num, reduced_den);
}

/* @id and @rule static, @label_msgid a msgid: see dk_breakdown_new_static(). */
static DkBreakdown *
money_line (DkBreakdown *parent,
            const char  *id,
            const char  *label_msgid,
            gint64       value,
            const char  *rule)
{
  return dk_breakdown_add_static (parent, DK_BREAKDOWN_MONEY, id, label_msgid, value, rule);
}

static void
add_rate_line (DkBreakdown *root,
               const char  *id,
               const char  *label_msgid,
               gint64       ppm,
               const char  *rule,
               gint64       numerator,
               gint64       denominator)
{
  DkBreakdown *line = dk_breakdown_add_static (root, DK_BREAKDOWN_RATE, id, label_msgid, ppm, rule);

  if (denominator > 0)
    dk_breakdown_set_note_func (line, exact_note, NULL, NULL, numerator, denominator);
}

/* "Preferential: 4,58% of € 1.234,56 owed" and the same for a concurrent creditor.
 * DkBreakdownNoteFuncs: made only when the note is read. */
static char *
preferential_note (const char *unused_text1,
                   const char *unused_text2,
                   gint64      percentage_ppm,
                   gint64      owed)
{
  g_autofree char *rate = dk_format_rate (percentage_ppm);
  g_autofree char *amount = dk_money_format (owed);

  /* TRANSLATORS: "Preferential: 4,58% of € 1.234,56 owed" */
  return g_strdup_printf (_("Preferential: %s of %s owed"), rate, amount);
}

static char *
concurrent_note (const char *unused_text1,
                 const char *unused_text2,
                 gint64      percentage_ppm,
                 gint64      owed)
{
  g_autofree char *rate = dk_format_rate (percentage_ppm);
  g_autofree char *amount = dk_money_format (owed);

  return g_strdup_printf (_("Concurrent: %s of %s owed"), rate, amount);
}

gboolean
dk_proposal_calculate (const DkProposalInput *input,
                       DkProposalResult      *result,
                       GError               **error)
{
  g_autofree gint64 *weights = NULL;
  g_autofree gint64 *amounts = NULL;
  g_autoptr(DkBreakdown) root = NULL;
  DkBreakdown *line;
  DkInt128 total_wide = 0;
  DkInt128 weighted_wide;
  gint64 total;
  gint64 preferential_debt = 0;
  gint64 concurrent_debt = 0;
  gint64 total_debt;
  gint64 weighted_debt;
  gint64 concurrent_ppm = 0;
  gint64 preferential_ppm = 0;
  gint64 paid;
  gint64 surplus = 0;
  Mode mode;
  gsize n;

  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!validate (input, error))
    return FALSE;

  n = input->n_creditors;

  /* The total: every month of the term at the capacity in force that month. */
  for (gsize i = 0; i <= input->n_changes; i++)
    {
      guint from = i == 0 ? 1 : input->changes[i - 1].from_month;
      guint until = i < input->n_changes ? input->changes[i].from_month : input->term_months + 1;
      gint64 capacity = i == 0 ? input->monthly_capacity : input->changes[i - 1].capacity;

      total_wide += (DkInt128) capacity * (until - from);
    }
  if (total_wide > G_MAXINT64)
    return fail (error, DK_PROPOSAL_ERROR_OUT_OF_RANGE,
                 _("Capacity × term is more than an amount can hold; check the capacity entered."));
  total = (gint64) total_wide;

  for (gsize i = 0; i < n; i++)
    {
      gint64 *sum = input->creditors[i].preferential ? &preferential_debt : &concurrent_debt;

      if (__builtin_add_overflow (*sum, input->creditors[i].owed, sum))
        return fail (error, DK_PROPOSAL_ERROR_OUT_OF_RANGE,
                     _("The debts add up to more than an amount can hold; check the amounts entered."));
    }
  weighted_wide = 2 * (DkInt128) preferential_debt + concurrent_debt;
  if (weighted_wide > G_MAXINT64)
    return fail (error, DK_PROPOSAL_ERROR_OUT_OF_RANGE,
                 _("The debts add up to more than an amount can hold; check the amounts entered."));
  weighted_debt = (gint64) weighted_wide;
  total_debt = preferential_debt + concurrent_debt;

  weights = g_new0 (gint64, n);
  amounts = g_new0 (gint64, n);

  if (total == 0)
    {
      mode = MODE_ZERO;
      paid = 0;
    }
  else if (total >= total_debt)
    {
      mode = MODE_FULL;
      /* Nobody is paid more than owed; what is left is for the worker to report, not to pay out. */
      paid = total_debt;
      surplus = total - total_debt;
      for (gsize i = 0; i < n; i++)
        amounts[i] = input->creditors[i].owed;
      concurrent_ppm = concurrent_debt > 0 ? PPM : 0;
      preferential_ppm = preferential_debt > 0 ? PPM : 0;
    }
  else if (preferential_debt > 0 && (DkInt128) 2 * total > weighted_debt)
    {
      /* Twice the concurrent percentage would pass 100%: preferential creditors are paid in full and the
       * rest goes to the concurrent ones. Here total < all debt, so concurrent debt exists and the rest
       * is below it. */
      mode = MODE_CAPPED;
      paid = total;
      for (gsize i = 0; i < n; i++)
        {
          if (input->creditors[i].preferential)
            amounts[i] = input->creditors[i].owed;
          else
            weights[i] = input->creditors[i].owed;
        }
      {
        g_autofree gint64 *rest = g_new0 (gint64, n);

        if (!dk_money_distribute (total - preferential_debt, weights, n, rest, error))
          return FALSE;
        for (gsize i = 0; i < n; i++)
          if (!input->creditors[i].preferential)
            amounts[i] = rest[i];
      }
      preferential_ppm = PPM;
      concurrent_ppm = dk_money_mul_ratio (total - preferential_debt, PPM, concurrent_debt);
    }
  else
    {
      mode = MODE_DOUBLE;
      paid = total;
      for (gsize i = 0; i < n; i++)
        weights[i] = input->creditors[i].owed * (input->creditors[i].preferential ? 2 : 1);
      if (!dk_money_distribute (total, weights, n, amounts, error))
        return FALSE;
      concurrent_ppm = concurrent_debt > 0 ? dk_money_mul_ratio (total, PPM, weighted_debt) : 0;
      preferential_ppm = preferential_debt > 0 ? dk_money_mul_ratio (total, 2 * PPM, weighted_debt) : 0;
    }

  /* The explanation. */
  root = dk_breakdown_new_static (DK_BREAKDOWN_MONEY, "proposal", N_("Payment proposal to the creditors"), paid,
                                  RULE_PROPOSAL);

  line = dk_breakdown_add_static (root, DK_BREAKDOWN_COUNT, "proposal.term", N_("Term in months"),
                                  input->term_months, RULE_TERM);
  if (input->term_months != DK_PROPOSAL_DEFAULT_TERM_MONTHS)
    dk_breakdown_set_note_static (line, N_("This differs from the standard term of 18 months."));

  if (input->start != NULL)
    {
      GDate end;
      g_autofree char *start_text = dk_date_format_dutch (input->start);
      g_autofree char *end_text = NULL;
      g_autofree char *start_label = NULL;
      g_autofree char *end_label = NULL;

      dk_proposal_term_end (input->start, input->term_months, &end);
      end_text = dk_date_format_dutch (&end);
      start_label = g_strdup_printf (_("First day of the term: %s"), start_text);
      end_label = g_strdup_printf (_("Last day of the term: %s"), end_text);
      dk_breakdown_add (root, DK_BREAKDOWN_TEXT, "proposal.start", start_label, 0, RULE_START);
      dk_breakdown_add (root, DK_BREAKDOWN_TEXT, "proposal.end", end_label, 0, RULE_END);
    }

  money_line (root, "proposal.capacity", N_("Repayment capacity per month"), input->monthly_capacity, N_("input"));
  for (gsize i = 0; i < input->n_changes; i++)
    {
      g_autofree char *id = g_strdup_printf ("proposal.capacity.from_month_%u", input->changes[i].from_month);
      g_autofree char *label = g_strdup_printf (_("Repayment capacity per month from month %u"),
                                                input->changes[i].from_month);

      dk_breakdown_add (root, DK_BREAKDOWN_MONEY, id, label, input->changes[i].capacity, RULE_PROGNOSIS);
    }

  line = money_line (root, "proposal.total", N_("Total over the term"), total,
                     input->n_changes > 0 ? RULE_PROGNOSIS : RULE_PROPOSAL);
  dk_breakdown_set_note_static (line, input->n_changes > 0
                                      ? N_("The sum of the capacity of every month of the term.")
                                      : N_("The monthly capacity times the number of months."));

  line = money_line (root, "proposal.debt", N_("Total debt"), total_debt, N_("input"));
  money_line (line, "proposal.debt.preferential", N_("Preferential debts"), preferential_debt, N_("input"));
  money_line (line, "proposal.debt.concurrent", N_("Concurrent debts"), concurrent_debt, N_("input"));

  switch (mode)
    {
    case MODE_ZERO:
      line = dk_breakdown_add_static (root, DK_BREAKDOWN_TEXT, "proposal.zero_offer",
                                      N_("Zero offer (nul-aanbod): the creditors receive nothing"), 0,
                                      "NVVK, since 1 July 2024");
      dk_breakdown_set_note_static (line, N_("No repayment capacity during the term; the debts are written off after the term if all conditions are met."));
      break;

    case MODE_FULL:
      if (concurrent_debt > 0)
        add_rate_line (root, "proposal.rate.concurrent", N_("Concurrent percentage"), concurrent_ppm, RULE_PROPOSAL, 0, 0);
      if (preferential_debt > 0)
        add_rate_line (root, "proposal.rate.preferential", N_("Preferential percentage"), preferential_ppm, RULE_PROPOSAL, 0, 0);
      line = money_line (root, "proposal.surplus", N_("Surplus over all debt"), surplus, RULE_PROPOSAL);
      dk_breakdown_set_note_static (line, N_("The total covers all debt: every creditor is paid in full. A surplus is reported, not paid to the creditors."));
      break;

    case MODE_CAPPED:
      line = dk_breakdown_add_static (root, DK_BREAKDOWN_RATE, "proposal.rate.preferential", N_("Preferential percentage"),
                                      preferential_ppm, RULE_DOUBLE);
      dk_breakdown_set_note_static (line, N_("Twice the concurrent percentage would pass 100%: preferential creditors are paid in full and the rest goes to the concurrent creditors."));
      add_rate_line (root, "proposal.rate.concurrent", N_("Concurrent percentage: (total − preferential debt) / concurrent debt"),
                     concurrent_ppm, RULE_PRO_RATA, total - preferential_debt, concurrent_debt);
      break;

    case MODE_DOUBLE:
      if (preferential_debt == 0)
        add_rate_line (root, "proposal.rate.concurrent", N_("Percentage: total / total debt"),
                       concurrent_ppm, RULE_PRO_RATA, total, concurrent_debt);
      else if (concurrent_debt == 0)
        add_rate_line (root, "proposal.rate.preferential", N_("Percentage: total / total debt"),
                       preferential_ppm, RULE_PRO_RATA, total, preferential_debt);
      else
        {
          add_rate_line (root, "proposal.rate.concurrent", N_("Concurrent percentage: total / (2 × preferential debt + concurrent debt)"),
                         concurrent_ppm, RULE_DOUBLE, total, weighted_debt);
          add_rate_line (root, "proposal.rate.preferential", N_("Preferential percentage: twice the concurrent one"),
                         preferential_ppm, RULE_DOUBLE, 2 * total, weighted_debt);
        }
      break;

    default:
      g_assert_not_reached ();
    }

  line = money_line (root, "proposal.creditors", N_("Paid to the creditors over the term"), paid, RULE_PRO_RATA);
  for (gsize i = 0; i < n; i++)
    {
      const DkCreditor *creditor = &input->creditors[i];
      g_autofree char *id = g_strconcat ("proposal.creditor.", creditor->id, NULL);
      DkBreakdown *item = dk_breakdown_add (line, DK_BREAKDOWN_MONEY, id, creditor->name, amounts[i], RULE_PRO_RATA);

      if (creditor->preferential)
        dk_breakdown_set_note_func (item, preferential_note, NULL, NULL, preferential_ppm, creditor->owed);
      else
        dk_breakdown_set_note_func (item, concurrent_note, NULL, NULL, concurrent_ppm, creditor->owed);
    }

  result->term_months = input->term_months;
  g_date_clear (&result->start, 1);
  g_date_clear (&result->end, 1);
  if (input->start != NULL)
    {
      result->start = *input->start;
      dk_proposal_term_end (input->start, input->term_months, &result->end);
    }
  result->total = total;
  result->paid = paid;
  result->surplus = surplus;
  result->total_debt = total_debt;
  result->preferential_debt = preferential_debt;
  result->concurrent_debt = concurrent_debt;
  result->concurrent_ppm = concurrent_ppm;
  result->preferential_ppm = preferential_ppm;
  result->zero_offer = mode == MODE_ZERO;
  result->preferential_capped = mode == MODE_CAPPED;
  result->n_shares = n;
  result->shares = g_new0 (DkProposalShare, n);
  for (gsize i = 0; i < n; i++)
    {
      const DkCreditor *creditor = &input->creditors[i];
      DkProposalShare *share = &result->shares[i];

      share->id = g_strdup (creditor->id);
      share->name = g_strdup (creditor->name);
      share->owed = creditor->owed;
      share->preferential = creditor->preferential;
      share->amount = amounts[i];
      share->percentage_ppm = creditor->preferential ? preferential_ppm : concurrent_ppm;
    }
  result->breakdown = g_steal_pointer (&root);

  return TRUE;
}

void
dk_proposal_result_clear (DkProposalResult *result)
{
  for (gsize i = 0; i < result->n_shares; i++)
    {
      g_free (result->shares[i].id);
      g_free (result->shares[i].name);
    }
  g_clear_pointer (&result->shares, g_free);
  g_clear_pointer (&result->breakdown, dk_breakdown_unref);
  memset (result, 0, sizeof *result);
  g_date_clear (&result->start, 1);
  g_date_clear (&result->end, 1);
}
