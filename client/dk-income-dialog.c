#include "config.h"

#include <glib/gi18n.h>

#include "dk-date.h"
#include "dk-dossier-repo.h"
#include "dk-form.h"
#include "dk-income-dialog.h"
#include "dk-labels.h"

#define N_SOURCES (DK_INCOME_SOURCE_OTHER + 1)
#define N_PERIODS (DK_INCOME_PERIOD_YEAR + 1)

struct _DkIncomeDialog
{
  DkEditDialog  parent_instance;

  GtkWidget    *person_row;
  GtkWidget    *source_row;
  GtkWidget    *description_row;
  GtkWidget    *net_row;
  GtkWidget    *gross_row;
  GtkWidget    *period_row;
  GtkWidget    *holiday_row;
  GtkWidget    *from_row;
  GtkWidget    *to_row;

  char         *dossier_id;
};

G_DEFINE_FINAL_TYPE (DkIncomeDialog, dk_income_dialog, DK_TYPE_EDIT_DIALOG)

static gboolean
dk_income_dialog_save (DkEditDialog  *dialog,
                       DkStore       *store,
                       GError       **error)
{
  DkIncomeDialog *self = DK_INCOME_DIALOG (dialog);
  g_autoptr(DkIncome) income = NULL;
  g_autofree char *description = NULL;
  gboolean ok = TRUE;
  gboolean has_net = FALSE;
  gboolean has_gross = FALSE;
  gint64 net = 0;
  gint64 gross = 0;
  GDate from, to;

  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  ok &= dk_edit_dialog_read_text (dialog, self->description_row, TRUE, _("Description"), &description);
  ok &= dk_edit_dialog_read_money (dialog, self->net_row, FALSE, _("Net amount"), &has_net, &net);
  ok &= dk_edit_dialog_read_money (dialog, self->gross_row, TRUE, _("Gross amount"), &has_gross, &gross);
  ok &= dk_edit_dialog_read_date (dialog, self->from_row, FALSE, _("From"), NULL, &from);
  ok &= dk_edit_dialog_read_date (dialog, self->to_row, TRUE, _("Until"), NULL, &to);
  if (ok && g_date_valid (&to) && g_date_compare (&to, &from) < 0)
    {
      dk_edit_dialog_set_field_error (dialog, self->to_row, _("The last day cannot be before the first."));
      ok = FALSE;
    }
  if (has_gross && has_net && gross < net)
    {
      dk_edit_dialog_set_field_error (dialog, self->gross_row, _("The gross amount cannot be less than the net amount."));
      ok = FALSE;
    }
  if (!ok)
    return FALSE;

  income = dk_income_new (dk_edit_dialog_get_person_id (self->person_row),
                          (DkIncomeSource) adw_combo_row_get_selected (ADW_COMBO_ROW (self->source_row)), net,
                          (DkIncomePeriod) adw_combo_row_get_selected (ADW_COMBO_ROW (self->period_row)), &from);
  income->description = g_steal_pointer (&description);
  income->has_gross = has_gross;
  income->gross_cents = has_gross ? gross : 0;
  income->holiday_allowance_included = dk_edit_dialog_get_active (self->holiday_row);
  income->valid_to = to;

  return dk_income_validate (income, error)
         && dk_dossier_repo_add_income (store, self->dossier_id, income, NULL, error);
}

GtkWidget *
dk_income_dialog_new (GtkWindow                 *parent,
                      DkStore                   *store,
                      const char                *dossier_id,
                      const DkHouseholdTimeline *timeline)
{
  DkIncomeDialog *self;
  DkEditDialog *dialog;
  const char *sources[N_SOURCES + 1] = { NULL };
  const char *periods[N_PERIODS + 1] = { NULL };
  g_autofree char *today_text = NULL;
  GtkWidget *group;
  GDate today;

  g_return_val_if_fail (dossier_id != NULL, NULL);

  self = g_object_new (DK_TYPE_INCOME_DIALOG, NULL);
  dialog = DK_EDIT_DIALOG (self);
  dk_edit_dialog_setup (dialog, parent, store, _("Add Income"), _("_Add"));
  self->dossier_id = g_strdup (dossier_id);

  for (guint i = 0; i < N_SOURCES; i++)
    sources[i] = dk_income_source_label ((DkIncomeSource) i);
  for (guint i = 0; i < N_PERIODS; i++)
    periods[i] = dk_income_period_label ((DkIncomePeriod) i);
  dk_form_today (&today);
  today_text = dk_date_format_dutch (&today);

  group = dk_edit_dialog_add_group (dialog, _("Income"), _("Amounts as on the payslip or decision, e.g. 1.234,56."));
  self->person_row = dk_edit_dialog_add_person_combo (dialog, group, _("Person"), timeline, NULL,
                                                      timeline != NULL ? dk_household_timeline_get_client_id (timeline)
                                                                       : NULL);
  self->source_row = dk_edit_dialog_add_combo (dialog, group, _("Source"), sources, DK_INCOME_SOURCE_BENEFIT);
  self->description_row = dk_edit_dialog_add_entry (dialog, group, _("Description (optional)"), NULL);
  self->period_row = dk_edit_dialog_add_combo (dialog, group, C_("income", "Paid"), periods, DK_INCOME_PERIOD_MONTH);
  self->net_row = dk_edit_dialog_add_entry (dialog, group, _("Net amount"), NULL);
  self->gross_row = dk_edit_dialog_add_entry (dialog, group, _("Gross amount (optional)"), NULL);
  self->holiday_row = dk_edit_dialog_add_switch (dialog, group, _("Holiday allowance included"),
                                                 _("The amounts include the holiday allowance reserved each period"),
                                                 TRUE);

  group = dk_edit_dialog_add_group (dialog, _("Period"), _("Dates as dd-mm-yyyy."));
  self->from_row = dk_edit_dialog_add_entry (dialog, group, _("From"), today_text);
  self->to_row = dk_edit_dialog_add_entry (dialog, group, _("Until (optional)"), NULL);

  dk_edit_dialog_reset_changed (dialog);
  return GTK_WIDGET (self);
}

static void
dk_income_dialog_finalize (GObject *object)
{
  DkIncomeDialog *self = DK_INCOME_DIALOG (object);

  g_free (self->dossier_id);
  G_OBJECT_CLASS (dk_income_dialog_parent_class)->finalize (object);
}

static void
dk_income_dialog_class_init (DkIncomeDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dk_income_dialog_finalize;
  DK_EDIT_DIALOG_CLASS (klass)->save = dk_income_dialog_save;
}

static void
dk_income_dialog_init (DkIncomeDialog *self)
{
}
