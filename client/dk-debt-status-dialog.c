#include "config.h"

#include <glib/gi18n.h>

#include "dk-date.h"
#include "dk-debt-status-dialog.h"
#include "dk-dossier-repo.h"
#include "dk-form.h"
#include "dk-labels.h"

/* Every status a person may give; "transferred" is only ever set by splitting a dossier. */
static const DkDebtStatus statuses[] = {
  DK_DEBT_STATUS_REGISTERED,
  DK_DEBT_STATUS_CONFIRMED,
  DK_DEBT_STATUS_IN_SETTLEMENT,
  DK_DEBT_STATUS_PAID,
  DK_DEBT_STATUS_WRITTEN_OFF,
};

struct _DkDebtStatusDialog
{
  DkEditDialog  parent_instance;

  GtkWidget    *status_row;
  GtkWidget    *date_row;
  GtkWidget    *note_row;

  char         *debt_id;
};

G_DEFINE_FINAL_TYPE (DkDebtStatusDialog, dk_debt_status_dialog, DK_TYPE_EDIT_DIALOG)

static gboolean
dk_debt_status_dialog_save (DkEditDialog  *dialog,
                            DkStore       *store,
                            GError       **error)
{
  DkDebtStatusDialog *self = DK_DEBT_STATUS_DIALOG (dialog);
  guint index = adw_combo_row_get_selected (ADW_COMBO_ROW (self->status_row));
  g_autofree char *note = NULL;
  gboolean ok = TRUE;
  GDate today, date;

  dk_form_today (&today);
  ok &= dk_edit_dialog_read_date (dialog, self->date_row, FALSE, _("Date"), &today, &date);
  ok &= dk_edit_dialog_read_text (dialog, self->note_row, TRUE, _("Note"), &note);
  if (!ok || index >= G_N_ELEMENTS (statuses))
    return FALSE;

  return dk_dossier_repo_add_debt_status (store, self->debt_id, statuses[index], &date, note, NULL, error);
}

/* The next step is the usual choice: registered → confirmed → in a settlement → paid. */
static guint
next_status_index (const DkDebt *debt)
{
  const DkDebtStatusEntry *current = dk_debt_get_current_status (debt);

  if (current == NULL)
    return 0;
  switch (current->status)
    {
    case DK_DEBT_STATUS_REGISTERED: return 1;
    case DK_DEBT_STATUS_CONFIRMED: return 2;
    case DK_DEBT_STATUS_IN_SETTLEMENT: return 3;
    case DK_DEBT_STATUS_PAID:
    case DK_DEBT_STATUS_WRITTEN_OFF:
    case DK_DEBT_STATUS_TRANSFERRED:
    default:
      return 0;
    }
}

GtkWidget *
dk_debt_status_dialog_new (GtkWindow    *parent,
                           DkStore      *store,
                           const DkDebt *debt)
{
  DkDebtStatusDialog *self;
  DkEditDialog *dialog;
  const DkDebtStatusEntry *current;
  const char *labels[G_N_ELEMENTS (statuses) + 1] = { NULL };
  g_autofree char *today_text = NULL;
  g_autofree char *current_text = NULL;
  GtkWidget *group;
  GDate today;

  g_return_val_if_fail (debt != NULL && debt->id != NULL, NULL);

  self = g_object_new (DK_TYPE_DEBT_STATUS_DIALOG, NULL);
  dialog = DK_EDIT_DIALOG (self);
  dk_edit_dialog_setup (dialog, parent, store, _("Add Status"), _("_Add"));
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 420);
  self->debt_id = g_strdup (debt->id);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    labels[i] = dk_debt_status_label (statuses[i]);
  dk_form_today (&today);
  today_text = dk_date_format_dutch (&today);
  current = dk_debt_get_current_status (debt);
  if (current != NULL)
    {
      g_autofree char *date = dk_date_format_dutch (&current->date);

      /* Translators: a debt's status and since when, "Registered since 05-01-2026" */
      current_text = g_strdup_printf (_("%s since %s"), dk_debt_status_label (current->status), date);
    }

  group = dk_edit_dialog_add_group (dialog, NULL, NULL);
  dk_edit_dialog_add_info (dialog, group, _("Creditor"), debt->creditor_name);
  dk_edit_dialog_add_info (dialog, group, _("Current status"), current_text != NULL ? current_text : _("None"));
  self->status_row = dk_edit_dialog_add_combo (dialog, group, _("New status"), labels, next_status_index (debt));
  self->date_row = dk_edit_dialog_add_entry (dialog, group, _("Date (dd-mm-yyyy)"), today_text);
  self->note_row = dk_edit_dialog_add_entry (dialog, group, _("Note (optional)"), NULL);

  dk_edit_dialog_reset_changed (dialog);
  return GTK_WIDGET (self);
}

static void
dk_debt_status_dialog_finalize (GObject *object)
{
  DkDebtStatusDialog *self = DK_DEBT_STATUS_DIALOG (object);

  g_free (self->debt_id);
  G_OBJECT_CLASS (dk_debt_status_dialog_parent_class)->finalize (object);
}

static void
dk_debt_status_dialog_class_init (DkDebtStatusDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dk_debt_status_dialog_finalize;
  DK_EDIT_DIALOG_CLASS (klass)->save = dk_debt_status_dialog_save;
}

static void
dk_debt_status_dialog_init (DkDebtStatusDialog *self)
{
}
