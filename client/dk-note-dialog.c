#include "config.h"

#include <glib/gi18n.h>

#include "dk-date.h"
#include "dk-form.h"
#include "dk-note-dialog.h"

struct _DkNoteDialog
{
  DkEditDialog  parent_instance;

  GtkWidget    *kind_row;
  GtkWidget    *date_row;
  GtkWidget    *reached_row;
  GtkWidget    *body_view;

  DkNote       *note;
};

G_DEFINE_FINAL_TYPE (DkNoteDialog, dk_note_dialog, DK_TYPE_EDIT_DIALOG)

/* "Reached" means something for a call or a visit, not for a plain note. */
static void
update_rows (DkNoteDialog *self)
{
  gtk_widget_set_visible (self->reached_row,
                          adw_combo_row_get_selected (ADW_COMBO_ROW (self->kind_row)) != DK_NOTE_NOTE);
}

static gboolean
dk_note_dialog_save (DkEditDialog  *dialog,
                     DkStore       *store,
                     GError       **error)
{
  DkNoteDialog *self = DK_NOTE_DIALOG (dialog);
  g_autofree char *body = dk_edit_dialog_dup_text_view (self->body_view);
  DkNote note = *self->note;
  gboolean ok = TRUE;
  GDate today;

  dk_form_today (&today);
  ok &= dk_edit_dialog_read_date (dialog, self->date_row, FALSE, _("Date"), &today, &note.date);
  g_strstrip (body);
  if (body[0] == '\0')
    {
      dk_edit_dialog_set_field_error (dialog, self->body_view, _("Text is required."));
      ok = FALSE;
    }
  if (!ok)
    return FALSE;

  note.kind = (DkNoteKind) adw_combo_row_get_selected (ADW_COMBO_ROW (self->kind_row));
  note.reached = note.kind != DK_NOTE_NOTE && dk_edit_dialog_get_active (self->reached_row);
  note.body = body;
  return dk_case_repo_save_note (store, &note, NULL, error);
}

GtkWidget *
dk_note_dialog_new (GtkWindow    *parent,
                    DkStore      *store,
                    const char   *dossier_id,
                    const DkNote *note,
                    const char   *author)
{
  DkNoteDialog *self;
  DkEditDialog *dialog;
  const char *kinds[DK_NOTE_KIND_COUNT + 1] = { NULL };
  g_autofree char *date_text = NULL;
  GtkWidget *group;
  GDate today;

  g_return_val_if_fail (dossier_id != NULL, NULL);

  self = g_object_new (DK_TYPE_NOTE_DIALOG, NULL);
  dialog = DK_EDIT_DIALOG (self);
  dk_edit_dialog_setup (dialog, parent, store, note != NULL ? _("Edit Note") : _("Add Note"),
                        note != NULL ? _("_Save") : _("_Add"));

  self->note = g_new0 (DkNote, 1);
  self->note->dossier_id = g_strdup (dossier_id);
  dk_form_today (&today);
  if (note != NULL)
    {
      self->note->id = g_strdup (note->id);
      self->note->kind = note->kind;
      self->note->date = note->date;
      self->note->reached = note->reached;
      self->note->author = g_strdup (note->author);
    }
  else
    {
      self->note->kind = DK_NOTE_PHONE;
      self->note->date = today;
      self->note->reached = TRUE;
      self->note->author = g_strdup (author);
    }

  for (guint i = 0; i < DK_NOTE_KIND_COUNT; i++)
    kinds[i] = dk_note_kind_label ((DkNoteKind) i);
  date_text = dk_date_format_dutch (&self->note->date);

  group = dk_edit_dialog_add_group (dialog, NULL, NULL);
  self->kind_row = dk_edit_dialog_add_combo (dialog, group, _("Kind"), kinds, self->note->kind);
  self->date_row = dk_edit_dialog_add_entry (dialog, group, _("Date (dd-mm-yyyy)"), date_text);
  self->reached_row = dk_edit_dialog_add_switch (dialog, group, _("Contact made"),
                                                 _("The client was reached or came"), self->note->reached);
  dk_edit_dialog_add_info (dialog, group, _("Written by"),
                           self->note->author != NULL && self->note->author[0] != '\0' ? self->note->author
                                                                                         : _("Unknown"));

  group = dk_edit_dialog_add_group (dialog, _("Text"), NULL);
  self->body_view = dk_edit_dialog_add_text (dialog, group, _("Text of the note"), note != NULL ? note->body : NULL);

  g_signal_connect_swapped (self->kind_row, "notify::selected", G_CALLBACK (update_rows), self);
  update_rows (self);

  dk_edit_dialog_reset_changed (dialog);
  return GTK_WIDGET (self);
}

static void
dk_note_dialog_finalize (GObject *object)
{
  DkNoteDialog *self = DK_NOTE_DIALOG (object);

  g_clear_pointer (&self->note, dk_note_free);
  G_OBJECT_CLASS (dk_note_dialog_parent_class)->finalize (object);
}

static void
dk_note_dialog_class_init (DkNoteDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dk_note_dialog_finalize;
  DK_EDIT_DIALOG_CLASS (klass)->save = dk_note_dialog_save;
}

static void
dk_note_dialog_init (DkNoteDialog *self)
{
}
