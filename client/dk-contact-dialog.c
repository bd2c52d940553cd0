#include "config.h"

#include <glib/gi18n.h>

#include "dk-contact-dialog.h"
#include "dk-validate.h"

struct _DkContactDialog
{
  DkEditDialog  parent_instance;

  GtkWidget    *street_row;
  GtkWidget    *house_number_row;
  GtkWidget    *postcode_row;
  GtkWidget    *city_row;
  GtkWidget    *phone_row;
  GtkWidget    *email_row;

  DkContact    *contact;
};

G_DEFINE_FINAL_TYPE (DkContactDialog, dk_contact_dialog, DK_TYPE_EDIT_DIALOG)

typedef gboolean (*Validator) (const char *text, GError **error);

/* An optional field checked with one of dk-validate.h's rules, its message shown below it. */
static gboolean
read_checked (DkEditDialog  *dialog,
              GtkWidget     *row,
              const char    *label,
              Validator      validate,
              char         **out)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (!dk_edit_dialog_read_text (dialog, row, TRUE, label, &text))
    return FALSE;
  if (text != NULL && validate != NULL && !validate (text, &error))
    {
      dk_edit_dialog_set_field_error (dialog, row, error->message);
      return FALSE;
    }
  *out = g_steal_pointer (&text);
  return TRUE;
}

static gboolean
dk_contact_dialog_save (DkEditDialog  *dialog,
                        DkStore       *store,
                        GError       **error)
{
  DkContactDialog *self = DK_CONTACT_DIALOG (dialog);
  g_autoptr(DkContact) contact = g_new0 (DkContact, 1);
  gboolean ok = TRUE;

  contact->id = g_strdup (self->contact->id);
  contact->dossier_id = g_strdup (self->contact->dossier_id);
  contact->person_id = g_strdup (self->contact->person_id);
  ok &= read_checked (dialog, self->street_row, _("Street"), NULL, &contact->street);
  ok &= read_checked (dialog, self->house_number_row, _("House number"), NULL, &contact->house_number);
  ok &= read_checked (dialog, self->postcode_row, _("Postcode"), dk_validate_postcode, &contact->postcode);
  ok &= read_checked (dialog, self->city_row, _("City"), NULL, &contact->city);
  ok &= read_checked (dialog, self->phone_row, _("Phone"), dk_validate_phone, &contact->phone);
  ok &= read_checked (dialog, self->email_row, _("E-mail"), dk_validate_email, &contact->email);
  if (!ok)
    return FALSE;

  /* A sync may have changed another field of these details while the dialog was open: keep it. */
  if (self->contact->id != NULL)
    {
      g_autoptr(GPtrArray) stored = dk_case_repo_load_contacts (store, self->contact->dossier_id, error);

      if (stored == NULL)
        return FALSE;
      for (guint i = 0; i < stored->len; i++)
        {
          DkContact *current = stored->pdata[i];

          if (g_strcmp0 (current->id, self->contact->id) == 0)
            {
              dk_contact_apply_edit (current, self->contact, contact);
              return dk_case_repo_save_contact (store, current, NULL, error);
            }
        }
    }

  return dk_case_repo_save_contact (store, contact, NULL, error);
}

GtkWidget *
dk_contact_dialog_new (GtkWindow       *parent,
                       DkStore         *store,
                       const char      *dossier_id,
                       const char      *person_id,
                       const char      *person_name,
                       const DkContact *contact)
{
  DkContactDialog *self;
  DkEditDialog *dialog;
  g_autofree char *title = NULL;
  GtkWidget *group;

  g_return_val_if_fail (dossier_id != NULL, NULL);
  g_return_val_if_fail (person_id != NULL, NULL);

  self = g_object_new (DK_TYPE_CONTACT_DIALOG, NULL);
  dialog = DK_EDIT_DIALOG (self);
  /* Translators: %s is a person's name */
  title = g_strdup_printf (_("Contact Details of %s"), person_name != NULL ? person_name : "");
  dk_edit_dialog_setup (dialog, parent, store, title, _("_Save"));

  self->contact = g_new0 (DkContact, 1);
  self->contact->id = contact != NULL ? g_strdup (contact->id) : NULL;
  self->contact->dossier_id = g_strdup (dossier_id);
  self->contact->person_id = g_strdup (person_id);

  group = dk_edit_dialog_add_group (dialog, _("Address"), _("All fields are optional."));
  self->street_row = dk_edit_dialog_add_entry (dialog, group, _("Street"), contact ? contact->street : NULL);
  self->house_number_row = dk_edit_dialog_add_entry (dialog, group, _("House number"),
                                                     contact ? contact->house_number : NULL);
  self->postcode_row = dk_edit_dialog_add_entry (dialog, group, _("Postcode"), contact ? contact->postcode : NULL);
  self->city_row = dk_edit_dialog_add_entry (dialog, group, _("City"), contact ? contact->city : NULL);

  group = dk_edit_dialog_add_group (dialog, _("Contact"), NULL);
  self->phone_row = dk_edit_dialog_add_entry (dialog, group, _("Phone"), contact ? contact->phone : NULL);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self->phone_row), GTK_INPUT_PURPOSE_PHONE);
  self->email_row = dk_edit_dialog_add_entry (dialog, group, _("E-mail"), contact ? contact->email : NULL);
  adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self->email_row), GTK_INPUT_PURPOSE_EMAIL);

  dk_edit_dialog_reset_changed (dialog);
  return GTK_WIDGET (self);
}

static void
dk_contact_dialog_finalize (GObject *object)
{
  DkContactDialog *self = DK_CONTACT_DIALOG (object);

  g_clear_pointer (&self->contact, dk_contact_free);
  G_OBJECT_CLASS (dk_contact_dialog_parent_class)->finalize (object);
}

static void
dk_contact_dialog_class_init (DkContactDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dk_contact_dialog_finalize;
  DK_EDIT_DIALOG_CLASS (klass)->save = dk_contact_dialog_save;
}

static void
dk_contact_dialog_init (DkContactDialog *self)
{
}
