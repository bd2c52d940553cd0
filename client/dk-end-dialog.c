#include "config.h"

#include <glib/gi18n.h>

#include "dk-date.h"
#include "dk-dossier-repo.h"
#include "dk-end-dialog.h"
#include "dk-form.h"

struct _DkEndDialog
{
  DkEditDialog  parent_instance;

  GtkWidget    *date_row;

  DkEndWhat     what;
  char         *record_id;
  GDate         valid_from;
};

G_DEFINE_FINAL_TYPE (DkEndDialog, dk_end_dialog, DK_TYPE_EDIT_DIALOG)

static gboolean
dk_end_dialog_save (DkEditDialog  *dialog,
                    DkStore       *store,
                    GError       **error)
{
  DkEndDialog *self = DK_END_DIALOG (dialog);
  GDate last;

  if (!dk_edit_dialog_read_date (dialog, self->date_row, FALSE, _("Last day"), NULL, &last))
    return FALSE;
  if (g_date_valid (&self->valid_from) && g_date_compare (&last, &self->valid_from) < 0)
    {
      g_autofree char *first = dk_date_format_dutch (&self->valid_from);
      /* Translators: %s is a date, "01-02-2026" */
      g_autofree char *message = g_strdup_printf (_("The last day cannot be before the first day, %s."), first);

      dk_edit_dialog_set_field_error (dialog, self->date_row, message);
      return FALSE;
    }

  if (self->what == DK_END_INCOME)
    return dk_dossier_repo_end_income (store, self->record_id, &last, error);
  return dk_dossier_repo_end_fixed_cost (store, self->record_id, &last, error);
}

GtkWidget *
dk_end_dialog_new (GtkWindow   *parent,
                   DkStore     *store,
                   DkEndWhat    what,
                   const char  *record_id,
                   const char  *description,
                   const GDate *valid_from)
{
  DkEndDialog *self;
  DkEditDialog *dialog;
  g_autofree char *today_text = NULL;
  GtkWidget *group;
  GDate today;

  g_return_val_if_fail (record_id != NULL, NULL);

  self = g_object_new (DK_TYPE_END_DIALOG, NULL);
  dialog = DK_EDIT_DIALOG (self);
  dk_edit_dialog_setup (dialog, parent, store, what == DK_END_INCOME ? _("End Income") : _("End Fixed Cost"),
                        _("_End"));
  gtk_window_set_default_size (GTK_WINDOW (self), 480, 300);
  self->what = what;
  self->record_id = g_strdup (record_id);
  g_date_clear (&self->valid_from, 1);
  if (valid_from != NULL && g_date_valid (valid_from))
    self->valid_from = *valid_from;

  dk_form_today (&today);
  today_text = dk_date_format_dutch (&today);

  group = dk_edit_dialog_add_group (dialog, NULL,
                                    what == DK_END_INCOME
                                    ? _("From the day after, the income no longer counts. It stays in the history.")
                                    : _("From the day after, the cost no longer counts. It stays in the history."));
  dk_edit_dialog_add_info (dialog, group, what == DK_END_INCOME ? _("Income") : _("Fixed cost"), description);
  self->date_row = dk_edit_dialog_add_entry (dialog, group, _("Last day (dd-mm-yyyy)"), today_text);

  dk_edit_dialog_reset_changed (dialog);
  return GTK_WIDGET (self);
}

static void
dk_end_dialog_finalize (GObject *object)
{
  DkEndDialog *self = DK_END_DIALOG (object);

  g_free (self->record_id);
  G_OBJECT_CLASS (dk_end_dialog_parent_class)->finalize (object);
}

static void
dk_end_dialog_class_init (DkEndDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dk_end_dialog_finalize;
  DK_EDIT_DIALOG_CLASS (klass)->save = dk_end_dialog_save;
}

static void
dk_end_dialog_init (DkEndDialog *self)
{
}
