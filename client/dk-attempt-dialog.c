#include "config.h"

#include <glib/gi18n.h>

#include "dk-attempt-dialog.h"
#include "dk-date.h"
#include "dk-form.h"
#include "dk-signal-labels.h"
#include "dk-signal-work-repo.h"

/* The choices of the part-of-day row, in order; NULL: not recorded. */
static const char * const part_codes[] = { "Ochtend", "Middag", "Avond", NULL };
#define N_PARTS G_N_ELEMENTS (part_codes)

struct _DkAttemptDialog
{
  DkEditDialog         parent_instance;

  GtkWidget           *reached_row;
  GtkWidget           *date_row;
  GtkWidget           *part_row;
  GtkWidget           *revisit_row;

  char                *dossier_id;
  DkSignalContactKind  kind;
};

G_DEFINE_FINAL_TYPE (DkAttemptDialog, dk_attempt_dialog, DK_TYPE_EDIT_DIALOG)

guint
dk_attempt_dialog_part_for_hour (int hour)
{
  const char *code = dk_signal_part_of_day_for_hour (hour);

  for (guint i = 0; i < N_PARTS - 1; i++)
    if (g_strcmp0 (part_codes[i], code) == 0)
      return i;
  return N_PARTS - 1;
}

/* A card left brings a revisit: say on which day, for the date as typed so far. */
static void
update_revisit (DkAttemptDialog *self)
{
  g_autofree char *text = NULL;
  GDate date, due;

  if (self->revisit_row == NULL)
    return;

  if (dk_date_parse (dk_edit_dialog_get_text (self->date_row), &date, NULL))
    {
      g_autofree char *day = NULL;

      dk_signal_revisit_due (&date, &due);
      day = dk_date_format_dutch (&due);
      /* Translators: %s is a date, "01-12-2026" */
      text = g_strdup_printf (_("A revisit task is made for %s, five working days later."), day);
    }
  else
    text = g_strdup (_("A revisit task is made for five working days later."));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->revisit_row), text);
}

static gboolean
dk_attempt_dialog_save (DkEditDialog  *dialog,
                        DkStore       *store,
                        GError       **error)
{
  DkAttemptDialog *self = DK_ATTEMPT_DIALOG (dialog);
  gboolean reached = self->reached_row != NULL && dk_edit_dialog_get_active (self->reached_row);
  guint part = adw_combo_row_get_selected (ADW_COMBO_ROW (self->part_row));
  GDate date, today;

  dk_form_today (&today);
  if (!dk_edit_dialog_read_date (dialog, self->date_row, FALSE, _("Date"), &today, &date))
    return FALSE;

  return dk_signal_work_add_attempt (store, self->dossier_id, self->kind, reached, &date,
                                     part < N_PARTS ? part_codes[part] : NULL, &today, NULL, error);
}

GtkWidget *
dk_attempt_dialog_new (GtkWindow           *parent,
                       DkStore             *store,
                       const char          *dossier_id,
                       DkSignalContactKind  kind)
{
  const char * const parts[] = { _("Morning"), _("Afternoon"), _("Evening"), _("Not recorded"), NULL };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today_text = NULL;
  DkAttemptDialog *self;
  DkEditDialog *dialog;
  GtkWidget *group;
  GDate today;

  g_return_val_if_fail (dossier_id != NULL, NULL);

  self = g_object_new (DK_TYPE_ATTEMPT_DIALOG, NULL);
  dialog = DK_EDIT_DIALOG (self);
  dk_edit_dialog_setup (dialog, parent, store, _("Contact Attempt"), _("_Save"));
  gtk_window_set_default_size (GTK_WINDOW (self), 480, 440);
  self->dossier_id = g_strdup (dossier_id);
  self->kind = kind;

  dk_form_today (&today);
  today_text = dk_date_format_dutch (&today);

  group = dk_edit_dialog_add_group (dialog, NULL, NULL);
  dk_edit_dialog_add_info (dialog, group, _("Kind of contact"), dk_signal_contact_kind_label (kind));
  /* A card is left when nobody opened the door: it never reaches the resident itself. */
  if (!dk_signal_contact_makes_revisit (kind))
    self->reached_row = dk_edit_dialog_add_switch (dialog, group, _("Reached the resident"),
                                                   _("You spoke with the resident, or the resident replied"), FALSE);
  self->date_row = dk_edit_dialog_add_entry (dialog, group, _("Date (dd-mm-yyyy)"), today_text);
  self->part_row = dk_edit_dialog_add_combo (dialog, group, _("Part of the day"), parts,
                                             dk_attempt_dialog_part_for_hour (g_date_time_get_hour (now)));

  if (dk_signal_contact_makes_revisit (kind))
    {
      group = dk_edit_dialog_add_group (dialog, NULL, NULL);
      self->revisit_row = dk_edit_dialog_add_info (dialog, group, _("Then"), NULL);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (self->revisit_row), 3);
      g_signal_connect_swapped (self->date_row, "changed", G_CALLBACK (update_revisit), self);
      update_revisit (self);
    }

  dk_edit_dialog_reset_changed (dialog);
  return GTK_WIDGET (self);
}

static void
dk_attempt_dialog_finalize (GObject *object)
{
  DkAttemptDialog *self = DK_ATTEMPT_DIALOG (object);

  g_free (self->dossier_id);
  G_OBJECT_CLASS (dk_attempt_dialog_parent_class)->finalize (object);
}

static void
dk_attempt_dialog_class_init (DkAttemptDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dk_attempt_dialog_finalize;
  DK_EDIT_DIALOG_CLASS (klass)->save = dk_attempt_dialog_save;
}

static void
dk_attempt_dialog_init (DkAttemptDialog *self)
{
}
