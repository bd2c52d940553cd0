#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-debt.h"

G_DEFINE_QUARK (dk-debt-error-quark, dk_debt_error)

#define PPM_WHOLE 1000000

/* DDAS v1.0 EnumSchuldensoort, spelled exactly as the exchange format does. */
static const char *type_names[] = {
  [DK_DEBT_TYPE_HEALTH_CARE] = "Zorg",
  [DK_DEBT_TYPE_PUBLIC] = "Publiek",
  [DK_DEBT_TYPE_UTILITY] = "Nuts",
  [DK_DEBT_TYPE_OTHER] = "Overig",
};

static const char *rank_names[] = {
  [DK_DEBT_RANK_CONCURRENT] = "concurrent",
  [DK_DEBT_RANK_PREFERENTIAL] = "preferential",
};

static const char *status_names[] = {
  [DK_DEBT_STATUS_REGISTERED] = "registered",
  [DK_DEBT_STATUS_CONFIRMED] = "confirmed",
  [DK_DEBT_STATUS_IN_SETTLEMENT] = "in_settlement",
  [DK_DEBT_STATUS_PAID] = "paid",
  [DK_DEBT_STATUS_WRITTEN_OFF] = "written_off",
  [DK_DEBT_STATUS_TRANSFERRED] = "transferred",
};

static gboolean
lookup (const char *const *names,
        guint              n_names,
        const char        *text,
        guint             *out)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *out = i;
        return TRUE;
      }

  return FALSE;
}

const char *
dk_debt_type_to_string (DkDebtType type)
{
  g_return_val_if_fail (type < G_N_ELEMENTS (type_names), NULL);
  return type_names[type];
}

gboolean
dk_debt_type_from_string (const char *text,
                          DkDebtType *out)
{
  guint value;

  if (!lookup (type_names, G_N_ELEMENTS (type_names), text, &value))
    return FALSE;
  *out = value;
  return TRUE;
}

const char *
dk_debt_rank_to_string (DkDebtRank rank)
{
  g_return_val_if_fail (rank < G_N_ELEMENTS (rank_names), NULL);
  return rank_names[rank];
}

gboolean
dk_debt_rank_from_string (const char *text,
                          DkDebtRank *out)
{
  guint value;

  if (!lookup (rank_names, G_N_ELEMENTS (rank_names), text, &value))
    return FALSE;
  *out = value;
  return TRUE;
}

const char *
dk_debt_status_to_string (DkDebtStatus status)
{
  g_return_val_if_fail (status < G_N_ELEMENTS (status_names), NULL);
  return status_names[status];
}

gboolean
dk_debt_status_from_string (const char   *text,
                            DkDebtStatus *out)
{
  guint value;

  if (!lookup (status_names, G_N_ELEMENTS (status_names), text, &value))
    return FALSE;
  *out = value;
  return TRUE;
}

const char *
dk_debt_status_describe (DkDebtStatus status)
{
  switch (status)
    {
    case DK_DEBT_STATUS_REGISTERED: return _("registered");
    case DK_DEBT_STATUS_CONFIRMED: return _("confirmed by the creditor");
    case DK_DEBT_STATUS_IN_SETTLEMENT: return _("in a settlement");
    case DK_DEBT_STATUS_PAID: return _("paid");
    case DK_DEBT_STATUS_WRITTEN_OFF: return _("written off");
    case DK_DEBT_STATUS_TRANSFERRED: return _("moved to another dossier");
    default: g_return_val_if_reached (NULL);
    }
}

gboolean
dk_debt_status_is_closed (DkDebtStatus status)
{
  return status == DK_DEBT_STATUS_PAID || status == DK_DEBT_STATUS_WRITTEN_OFF
         || status == DK_DEBT_STATUS_TRANSFERRED;
}

DkDebtStatusEntry *
dk_debt_status_entry_copy (const DkDebtStatusEntry *entry)
{
  DkDebtStatusEntry *copy = g_new0 (DkDebtStatusEntry, 1);

  *copy = *entry;
  copy->id = g_strdup (entry->id);
  copy->note = g_strdup (entry->note);
  copy->created_at = g_strdup (entry->created_at);
  return copy;
}

void
dk_debt_status_entry_free (DkDebtStatusEntry *entry)
{
  if (entry == NULL)
    return;

  g_free (entry->id);
  g_free (entry->note);
  g_free (entry->created_at);
  g_free (entry);
}

DkDebt *
dk_debt_new (const char         *creditor_name,
             gint64              original_cents,
             DkDebtType          type,
             DkContractingParty  party)
{
  DkDebt *debt = g_new0 (DkDebt, 1);

  debt->creditor_name = g_strdup (creditor_name);
  debt->original_cents = original_cents;
  debt->current_cents = original_cents;
  g_date_clear (&debt->origin_date, 1);
  debt->type = type;
  debt->rank = DK_DEBT_RANK_CONCURRENT;
  debt->contracting_party = party;
  debt->share_ppm = PPM_WHOLE;
  debt->statuses = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_debt_status_entry_free);

  return debt;
}

DkDebt *
dk_debt_copy (const DkDebt *debt)
{
  DkDebt *copy;

  g_return_val_if_fail (debt != NULL, NULL);

  copy = g_new0 (DkDebt, 1);
  *copy = *debt;
  copy->id = g_strdup (debt->id);
  copy->dossier_id = g_strdup (debt->dossier_id);
  copy->debt_group_id = g_strdup (debt->debt_group_id);
  copy->source_debt_id = g_strdup (debt->source_debt_id);
  copy->creditor_name = g_strdup (debt->creditor_name);
  copy->creditor_kvk = g_strdup (debt->creditor_kvk);
  copy->reference = g_strdup (debt->reference);
  copy->created_at = g_strdup (debt->created_at);
  copy->updated_at = g_strdup (debt->updated_at);
  copy->statuses = g_ptr_array_new_with_free_func ((GDestroyNotify) dk_debt_status_entry_free);
  for (guint i = 0; i < debt->statuses->len; i++)
    g_ptr_array_add (copy->statuses, dk_debt_status_entry_copy (g_ptr_array_index (debt->statuses, i)));

  return copy;
}

void
dk_debt_free (DkDebt *debt)
{
  if (debt == NULL)
    return;

  g_free (debt->id);
  g_free (debt->dossier_id);
  g_free (debt->debt_group_id);
  g_free (debt->source_debt_id);
  g_free (debt->creditor_name);
  g_free (debt->creditor_kvk);
  g_free (debt->reference);
  g_free (debt->created_at);
  g_free (debt->updated_at);
  g_ptr_array_unref (debt->statuses);
  g_free (debt);
}

gboolean
dk_debt_validate (const DkDebt  *debt,
                  GError       **error)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (debt != NULL, FALSE);

  name = g_strstrip (g_strdup (debt->creditor_name != NULL ? debt->creditor_name : ""));
  if (*name == '\0')
    {
      g_set_error_literal (error, DK_DEBT_ERROR, DK_DEBT_ERROR_INVALID, _("A debt needs the creditor's name."));
      return FALSE;
    }

  if (debt->original_cents < 0 || debt->current_cents < 0)
    {
      g_set_error_literal (error, DK_DEBT_ERROR, DK_DEBT_ERROR_INVALID,
                           _("A debt amount cannot be negative; record a payment as a lower current amount."));
      return FALSE;
    }

  if (debt->share_ppm < 0 || debt->share_ppm > PPM_WHOLE)
    {
      g_set_error_literal (error, DK_DEBT_ERROR, DK_DEBT_ERROR_INVALID,
                           /* xgettext:no-c-format */
                           _("The share of a debt borne in this dossier must lie between 0% and 100%."));
      return FALSE;
    }

  if (debt->type > DK_DEBT_TYPE_OTHER || debt->rank > DK_DEBT_RANK_PREFERENTIAL
      || debt->contracting_party > DK_CONTRACTING_PARTY_JOINT)
    {
      g_set_error_literal (error, DK_DEBT_ERROR, DK_DEBT_ERROR_INVALID,
                           _("The debt's type, rank or contracting party is unknown."));
      return FALSE;
    }

  if (debt->statuses->len == 0)
    {
      g_set_error_literal (error, DK_DEBT_ERROR, DK_DEBT_ERROR_INVALID,
                           _("A debt needs its first status, with the date it was put on the list."));
      return FALSE;
    }

  return TRUE;
}

const DkDebtStatusEntry *
dk_debt_get_current_status (const DkDebt *debt)
{
  g_return_val_if_fail (debt != NULL, NULL);

  if (debt->statuses->len == 0)
    return NULL;

  return g_ptr_array_index (debt->statuses, debt->statuses->len - 1);
}

gboolean
dk_debt_append_status (DkDebt        *debt,
                       DkDebtStatus   status,
                       const GDate   *date,
                       const char    *note,
                       GError       **error)
{
  const DkDebtStatusEntry *current;
  DkDebtStatusEntry *entry;

  g_return_val_if_fail (debt != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (status > DK_DEBT_STATUS_TRANSFERRED)
    {
      g_set_error_literal (error, DK_DEBT_ERROR, DK_DEBT_ERROR_INVALID, _("The debt status is unknown."));
      return FALSE;
    }

  if (date == NULL || !g_date_valid (date))
    {
      g_set_error_literal (error, DK_DEBT_ERROR, DK_DEBT_ERROR_INVALID, _("A change of debt status needs its date."));
      return FALSE;
    }

  current = dk_debt_get_current_status (debt);
  if (current != NULL)
    {
      if (current->status == DK_DEBT_STATUS_TRANSFERRED)
        {
          g_set_error_literal (error, DK_DEBT_ERROR, DK_DEBT_ERROR_TRANSFERRED,
                               _("This debt was moved to another dossier by a split; change its status there."));
          return FALSE;
        }

      if (current->status == status)
        {
          g_set_error (error, DK_DEBT_ERROR, DK_DEBT_ERROR_SAME_STATUS,
                       _("The debt already has the status “%s”."), dk_debt_status_describe (status));
          return FALSE;
        }

      if (g_date_compare (date, &current->date) < 0)
        {
          g_set_error_literal (error, DK_DEBT_ERROR, DK_DEBT_ERROR_BACKDATED,
                               _("A new status cannot be dated before the debt's current status: the history is "
                                 "only ever added to."));
          return FALSE;
        }
    }

  entry = g_new0 (DkDebtStatusEntry, 1);
  entry->status = status;
  entry->date = *date;
  entry->note = g_strdup (note);
  g_ptr_array_add (debt->statuses, entry);

  return TRUE;
}

gboolean
dk_debt_status_on (const DkDebt *debt,
                   const GDate  *date,
                   DkDebtStatus *out)
{
  g_return_val_if_fail (debt != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  for (guint i = debt->statuses->len; i > 0; i--)
    {
      const DkDebtStatusEntry *entry = g_ptr_array_index (debt->statuses, i - 1);

      if (g_date_compare (&entry->date, date) <= 0)
        {
          *out = entry->status;
          return TRUE;
        }
    }

  return FALSE;
}

void
dk_debt_to_marital (const DkDebt  *debt,
                    DkMaritalDebt *out)
{
  g_return_if_fail (debt != NULL);
  g_return_if_fail (out != NULL);

  out->party = debt->contracting_party;
  out->origin_date = debt->origin_date;
  out->household_debt = debt->household_debt;
  out->excluded = debt->excluded;
}
