#include "config.h"

#include <glib/gi18n.h>

#include "dk-date.h"
#include "dk-form.h"
#include "dk-outcome-dialog.h"
#include "dk-signal-labels.h"
#include "dk-signal-work-repo.h"

struct _DkOutcomeDialog
{
  DkEditDialog  parent_instance;

  GtkWidget    *date_row;
  GtkWidget    *checks[DK_SIGNAL_N_RESULTS];
  GtkWidget    *after_label;

  char         *dossier_id;
};

G_DEFINE_FINAL_TYPE (DkOutcomeDialog, dk_outcome_dialog, DK_TYPE_EDIT_DIALOG)

gboolean
dk_outcome_dialog_get_result (DkOutcomeDialog *self,
                              DkSignalResult  *out_result)
{
  g_return_val_if_fail (DK_IS_OUTCOME_DIALOG (self), FALSE);

  for (guint i = 0; i < DK_SIGNAL_N_RESULTS; i++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->checks[i])))
      {
        if (out_result != NULL)
          *out_result = (DkSignalResult) i;
        return TRUE;
      }
  return FALSE;
}

void
dk_outcome_dialog_set_result (DkOutcomeDialog *self,
                              DkSignalResult   result)
{
  g_return_if_fail (DK_IS_OUTCOME_DIALOG (self));
  g_return_if_fail ((guint) result < DK_SIGNAL_N_RESULTS);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->checks[result]), TRUE);
}

/* The line above the buttons: what Save will set in motion, for the result and date as they are. */
static void
update_after (DkOutcomeDialog *self)
{
  g_autofree char *text = NULL;
  DkSignalResult result;
  GDate date;

  if (self->after_label == NULL)
    return;
  if (!dk_outcome_dialog_get_result (self, &result))
    {
      gtk_label_set_text (GTK_LABEL (self->after_label), _("Choose the end result. Saving it closes the case."));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "edit.save", FALSE);
      return;
    }

  if (!dk_date_parse (dk_edit_dialog_get_text (self->date_row), &date, NULL))
    g_date_clear (&date, 1);
  text = dk_signal_after_text (result, &date);
  gtk_label_set_text (GTK_LABEL (self->after_label), text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "edit.save", TRUE);
}

static gboolean
dk_outcome_dialog_save (DkEditDialog  *dialog,
                        DkStore       *store,
                        GError       **error)
{
  DkOutcomeDialog *self = DK_OUTCOME_DIALOG (dialog);
  DkSignalResult result;
  GDate date, today;

  /* Save stays disabled until a result is chosen; this is for Ctrl+Enter racing a click. */
  if (!dk_outcome_dialog_get_result (self, &result))
    {
      dk_edit_dialog_show_error (dialog, _("Choose the end result."));
      return FALSE;
    }

  dk_form_today (&today);
  if (!dk_edit_dialog_read_date (dialog, self->date_row, FALSE, _("Date"), &today, &date))
    return FALSE;

  return dk_signal_work_set_outcome (store, self->dossier_id, result, &date, &today, error);
}

static GtkWidget *
result_row (DkOutcomeDialog *self,
            DkSignalResult   result,
            GtkWidget       *first)
{
  GtkWidget *row = adw_action_row_new ();
  /* One of a group: a radio button to a screen reader (GTK 4.8 says "check box" otherwise). */
  GtkWidget *check = g_object_new (GTK_TYPE_CHECK_BUTTON, "accessible-role", GTK_ACCESSIBLE_ROLE_RADIO, NULL);
  const char *label = dk_signal_result_label (result);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  if (first != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), GTK_CHECK_BUTTON (first));
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  /* A radio button without a label of its own: the row's title is its name. The row's labelled-by
   * relation would say it twice in GTK 4.8 (as dk-a11y.c mends for switches). */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_signal_connect_swapped (check, "toggled", G_CALLBACK (update_after), self);
  self->checks[result] = check;
  return row;
}

GtkWidget *
dk_outcome_dialog_new (GtkWindow  *parent,
                       DkStore    *store,
                       const char *dossier_id)
{
  g_autofree char *today_text = NULL;
  DkOutcomeDialog *self;
  DkEditDialog *dialog;
  GtkWidget *group;
  GtkWidget *content;
  GtkWidget *first = NULL;
  GDate today;

  g_return_val_if_fail (dossier_id != NULL, NULL);

  self = g_object_new (DK_TYPE_OUTCOME_DIALOG, NULL);
  dialog = DK_EDIT_DIALOG (self);
  dk_edit_dialog_setup (dialog, parent, store, _("End Result of the Case"), _("_Save"));
  gtk_window_set_default_size (GTK_WINDOW (self), 560, 560);
  self->dossier_id = g_strdup (dossier_id);

  dk_form_today (&today);
  today_text = dk_date_format_dutch (&today);

  group = dk_edit_dialog_add_group (dialog, NULL, _("The end result closes the case and is reported to CBS in the "
                                                    "DDAS monitor."));
  self->date_row = dk_edit_dialog_add_entry (dialog, group, _("Date (dd-mm-yyyy)"), today_text);
  g_signal_connect_swapped (self->date_row, "changed", G_CALLBACK (update_after), self);

  for (guint g = 0; g < DK_SIGNAL_N_RESULT_GROUPS; g++)
    {
      group = dk_edit_dialog_add_group (dialog, dk_signal_result_group_title (g), NULL);
      for (guint i = 0; i < DK_SIGNAL_N_RESULTS; i++)
        {
          GtkWidget *row;

          if (dk_signal_result_group ((DkSignalResult) i) != g)
            continue;
          row = result_row (self, (DkSignalResult) i, first);
          if (first == NULL)
            first = self->checks[i];
          adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
        }
    }

  /* What follows stays in sight below the scrolling list, right above where the eye goes to Save:
   * the frame's content is a vertical box (dk-edit-dialog.ui). */
  content = adw_window_get_content (ADW_WINDOW (self));
  self->after_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->after_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->after_label), 0);
  g_object_set (self->after_label, "margin-start", 18, "margin-end", 18, "margin-top", 12, "margin-bottom", 12, NULL);
  gtk_box_append (GTK_BOX (content), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (content), self->after_label);
  update_after (self);

  dk_edit_dialog_reset_changed (dialog);
  return GTK_WIDGET (self);
}

static void
dk_outcome_dialog_finalize (GObject *object)
{
  DkOutcomeDialog *self = DK_OUTCOME_DIALOG (object);

  g_free (self->dossier_id);
  G_OBJECT_CLASS (dk_outcome_dialog_parent_class)->finalize (object);
}

static void
dk_outcome_dialog_class_init (DkOutcomeDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dk_outcome_dialog_finalize;
  DK_EDIT_DIALOG_CLASS (klass)->save = dk_outcome_dialog_save;
}

static void
dk_outcome_dialog_init (DkOutcomeDialog *self)
{
}
