#include "config.h"

#include <glib/gi18n.h>

#include "dk-case-dialog.h"
#include "dk-date.h"
#include "dk-form.h"

struct _DkCaseDialog
{
  DkEditDialog  parent_instance;

  GtkWidget    *phase_row;
  GtkWidget    *registered_on_row;
  GtkWidget    *crisis_row;
  GtkWidget    *first_conversation_row;
  GtkWidget    *counsellor_row;

  DkCase       *c;
};

G_DEFINE_FINAL_TYPE (DkCaseDialog, dk_case_dialog, DK_TYPE_EDIT_DIALOG)

static char *
date_text (const GDate *date)
{
  return g_date_valid (date) ? dk_date_format_dutch (date) : g_strdup ("");
}

static gboolean
dk_case_dialog_save (DkEditDialog  *dialog,
                     DkStore       *store,
                     GError       **error)
{
  DkCaseDialog *self = DK_CASE_DIALOG (dialog);
  g_autoptr(DkCase) c = dk_case_copy (self->c);
  g_autoptr(DkCase) current = NULL;
  g_autofree char *counsellor = NULL;
  gboolean ok = TRUE;
  GDate today;

  dk_form_today (&today);
  c->phase = (DkCasePhase) adw_combo_row_get_selected (ADW_COMBO_ROW (self->phase_row));
  c->crisis = dk_edit_dialog_get_active (self->crisis_row);
  g_date_clear (&c->registered_on, 1);
  g_date_clear (&c->first_conversation_on, 1);
  ok &= dk_edit_dialog_read_date (dialog, self->registered_on_row, TRUE, _("Date of the request for help"), &today,
                                  &c->registered_on);
  ok &= dk_edit_dialog_read_date (dialog, self->first_conversation_row, TRUE, _("Date of the first conversation"),
                                  &today, &c->first_conversation_on);
  ok &= dk_edit_dialog_read_text (dialog, self->counsellor_row, TRUE, _("Counsellor"), &counsellor);
  if (ok && g_date_valid (&c->registered_on) && g_date_valid (&c->first_conversation_on)
      && g_date_compare (&c->first_conversation_on, &c->registered_on) < 0)
    {
      dk_edit_dialog_set_field_error (dialog, self->first_conversation_row,
                                      _("The first conversation cannot be before the request for help."));
      ok = FALSE;
    }
  if (!ok)
    return FALSE;

  g_free (c->counsellor);
  c->counsellor = g_steal_pointer (&counsellor);

  /* A sync may have brought someone else's change while the dialog was open: keep it. */
  current = dk_case_repo_load (store, self->c->dossier_id, error);
  if (current == NULL)
    return FALSE;
  dk_case_apply_edit (current, self->c, c);
  return dk_case_repo_save (store, current, error);
}

GtkWidget *
dk_case_dialog_new (GtkWindow    *parent,
                    DkStore      *store,
                    const DkCase *c)
{
  DkCaseDialog *self;
  DkEditDialog *dialog;
  const char *phases[DK_CASE_PHASE_COUNT + 1] = { NULL };
  g_autofree char *registered = NULL;
  g_autofree char *first = NULL;
  GtkWidget *group;

  g_return_val_if_fail (c != NULL, NULL);

  self = g_object_new (DK_TYPE_CASE_DIALOG, NULL);
  dialog = DK_EDIT_DIALOG (self);
  dk_edit_dialog_setup (dialog, parent, store, _("Edit Case"), _("_Save"));
  self->c = dk_case_copy (c);

  for (guint i = 0; i < DK_CASE_PHASE_COUNT; i++)
    phases[i] = dk_case_phase_label ((DkCasePhase) i);
  registered = date_text (&c->registered_on);
  first = date_text (&c->first_conversation_on);

  group = dk_edit_dialog_add_group (dialog, _("Case"), _("Dates as dd-mm-yyyy."));
  self->phase_row = dk_edit_dialog_add_combo (dialog, group, _("Phase"), phases, c->phase);
  self->registered_on_row = dk_edit_dialog_add_entry (dialog, group, _("Date of the request for help"), registered);
  self->crisis_row = dk_edit_dialog_add_switch (dialog, group, _("Crisis situation"),
                                                _("Threat of eviction, cut-off of energy or water, or end of the health "
                                                  "insurance (Wgs art. 4 lid 2)"),
                                                c->crisis);
  self->first_conversation_row = dk_edit_dialog_add_entry (dialog, group, _("Date of the first conversation"), first);
  self->counsellor_row = dk_edit_dialog_add_entry (dialog, group, _("Counsellor"), c->counsellor);

  dk_edit_dialog_reset_changed (dialog);
  return GTK_WIDGET (self);
}

static void
dk_case_dialog_finalize (GObject *object)
{
  DkCaseDialog *self = DK_CASE_DIALOG (object);

  g_clear_pointer (&self->c, dk_case_free);
  G_OBJECT_CLASS (dk_case_dialog_parent_class)->finalize (object);
}

static void
dk_case_dialog_class_init (DkCaseDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dk_case_dialog_finalize;
  DK_EDIT_DIALOG_CLASS (klass)->save = dk_case_dialog_save;
}

static void
dk_case_dialog_init (DkCaseDialog *self)
{
}
