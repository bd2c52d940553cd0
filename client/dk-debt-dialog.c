#include "config.h"

#include <glib/gi18n.h>

#include "dk-date.h"
#include "dk-debt-dialog.h"
#include "dk-dossier-repo.h"
#include "dk-form.h"
#include "dk-labels.h"

#define N_TYPES   (DK_DEBT_TYPE_OTHER + 1)
#define N_PARTIES (DK_CONTRACTING_PARTY_JOINT + 1)

struct _DkDebtDialog
{
  DkEditDialog  parent_instance;

  GtkWidget    *creditor_row;
  GtkWidget    *reference_row;
  GtkWidget    *type_row;
  GtkWidget    *preferential_row;
  GtkWidget    *original_row;
  GtkWidget    *current_row;
  GtkWidget    *origin_row;
  GtkWidget    *party_row;
  GtkWidget    *household_row;
  GtkWidget    *excluded_row;
  GtkWidget    *business_row;
  GtkWidget    *registered_row;

  char         *dossier_id;
};

G_DEFINE_FINAL_TYPE (DkDebtDialog, dk_debt_dialog, DK_TYPE_EDIT_DIALOG)

static gboolean
dk_debt_dialog_save (DkEditDialog  *dialog,
                     DkStore       *store,
                     GError       **error)
{
  DkDebtDialog *self = DK_DEBT_DIALOG (dialog);
  g_autoptr(DkDebt) debt = NULL;
  g_autofree char *creditor = NULL;
  g_autofree char *reference = NULL;
  gboolean ok = TRUE;
  gboolean has_original = FALSE;
  gboolean has_current = FALSE;
  gint64 original = 0;
  gint64 current = 0;
  GDate today, origin, registered;

  dk_form_today (&today);
  g_date_clear (&origin, 1);
  g_date_clear (&registered, 1);
  ok &= dk_edit_dialog_read_text (dialog, self->creditor_row, FALSE, _("Creditor"), &creditor);
  ok &= dk_edit_dialog_read_text (dialog, self->reference_row, TRUE, _("Reference"), &reference);
  ok &= dk_edit_dialog_read_money (dialog, self->original_row, FALSE, _("Amount of the claim"), &has_original, &original);
  ok &= dk_edit_dialog_read_money (dialog, self->current_row, TRUE, _("Amount owed now"), &has_current, &current);
  ok &= dk_edit_dialog_read_date (dialog, self->origin_row, TRUE, _("Date the debt arose"), &today, &origin);
  ok &= dk_edit_dialog_read_date (dialog, self->registered_row, FALSE, _("Date put on the debt list"), &today, &registered);
  if (ok && has_original && original == 0)
    {
      dk_edit_dialog_set_field_error (dialog, self->original_row, _("A debt of € 0,00 cannot go on the list."));
      ok = FALSE;
    }
  if (!ok)
    return FALSE;

  debt = dk_debt_new (creditor, original,
                      (DkDebtType) adw_combo_row_get_selected (ADW_COMBO_ROW (self->type_row)),
                      (DkContractingParty) adw_combo_row_get_selected (ADW_COMBO_ROW (self->party_row)));
  debt->reference = g_steal_pointer (&reference);
  debt->current_cents = has_current ? current : original;
  debt->origin_date = origin;
  debt->rank = dk_edit_dialog_get_active (self->preferential_row) ? DK_DEBT_RANK_PREFERENTIAL : DK_DEBT_RANK_CONCURRENT;
  debt->household_debt = dk_edit_dialog_get_active (self->household_row);
  debt->excluded = dk_edit_dialog_get_active (self->excluded_row);
  debt->business_debt = dk_edit_dialog_get_active (self->business_row);

  return dk_debt_append_status (debt, DK_DEBT_STATUS_REGISTERED, &registered, NULL, error)
         && dk_debt_validate (debt, error)
         && dk_dossier_repo_add_debt (store, self->dossier_id, debt, NULL, error);
}

GtkWidget *
dk_debt_dialog_new (GtkWindow  *parent,
                    DkStore    *store,
                    const char *dossier_id)
{
  DkDebtDialog *self;
  DkEditDialog *dialog;
  const char *types[N_TYPES + 1] = { NULL };
  const char *parties[N_PARTIES + 1] = { NULL };
  g_autofree char *today_text = NULL;
  GtkWidget *group;
  GDate today;

  g_return_val_if_fail (dossier_id != NULL, NULL);

  self = g_object_new (DK_TYPE_DEBT_DIALOG, NULL);
  dialog = DK_EDIT_DIALOG (self);
  dk_edit_dialog_setup (dialog, parent, store, _("Add Debt"), _("_Add"));
  self->dossier_id = g_strdup (dossier_id);

  for (guint i = 0; i < N_TYPES; i++)
    types[i] = dk_debt_type_label ((DkDebtType) i);
  for (guint i = 0; i < N_PARTIES; i++)
    parties[i] = dk_contracting_party_label ((DkContractingParty) i);
  dk_form_today (&today);
  today_text = dk_date_format_dutch (&today);

  group = dk_edit_dialog_add_group (dialog, _("Creditor"), NULL);
  self->creditor_row = dk_edit_dialog_add_entry (dialog, group, _("Creditor"), NULL);
  self->reference_row = dk_edit_dialog_add_entry (dialog, group, _("Reference (optional)"), NULL);
  self->type_row = dk_edit_dialog_add_combo (dialog, group, _("Kind of debt"), types, DK_DEBT_TYPE_OTHER);
  self->preferential_row = dk_edit_dialog_add_switch (dialog, group, _("Preferential creditor"),
                                                      _("E.g. the Belastingdienst: gets twice the percentage in a settlement"),
                                                      FALSE);

  group = dk_edit_dialog_add_group (dialog, _("Amounts"), _("E.g. 1.234,56."));
  self->original_row = dk_edit_dialog_add_entry (dialog, group, _("Amount of the claim"), NULL);
  self->current_row = dk_edit_dialog_add_entry (dialog, group, _("Amount owed now (optional)"), NULL);

  group = dk_edit_dialog_add_group (dialog, _("Between the Partners"),
                                    _("Decides whether the debt is own, joint or community debt."));
  self->party_row = dk_edit_dialog_add_combo (dialog, group, _("Entered into by"), parties, DK_CONTRACTING_PARTY_CLIENT);
  self->origin_row = dk_edit_dialog_add_entry (dialog, group, _("Date the debt arose (dd-mm-yyyy)"), NULL);
  self->household_row = dk_edit_dialog_add_switch (dialog, group, _("For the running of the household"),
                                                   _("Both spouses are liable (BW1 art. 1:85)"), FALSE);
  self->excluded_row = dk_edit_dialog_add_switch (dialog, group, _("Outside the community"),
                                                  _("Concerns goods excluded from the community, or is personal"), FALSE);
  self->business_row = dk_edit_dialog_add_switch (dialog, group, _("Business debt"), NULL, FALSE);

  group = dk_edit_dialog_add_group (dialog, _("Debt List"), NULL);
  self->registered_row = dk_edit_dialog_add_entry (dialog, group, _("Date put on the debt list (dd-mm-yyyy)"), today_text);

  dk_edit_dialog_reset_changed (dialog);
  return GTK_WIDGET (self);
}

static void
dk_debt_dialog_finalize (GObject *object)
{
  DkDebtDialog *self = DK_DEBT_DIALOG (object);

  g_free (self->dossier_id);
  G_OBJECT_CLASS (dk_debt_dialog_parent_class)->finalize (object);
}

static void
dk_debt_dialog_class_init (DkDebtDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dk_debt_dialog_finalize;
  DK_EDIT_DIALOG_CLASS (klass)->save = dk_debt_dialog_save;
}

static void
dk_debt_dialog_init (DkDebtDialog *self)
{
}
