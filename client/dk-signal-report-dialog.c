#include "config.h"

#include <glib/gi18n.h>

#include "dk-date.h"
#include "dk-form.h"
#include "dk-session-request.h"
#include "dk-signal-report-dialog.h"
#include "dk-signal-report-view.h"

struct _DkSignalReportDialog
{
  AdwWindow     parent_instance;

  /* Template widgets */
  GtkWidget    *from_row;
  GtkWidget    *to_row;
  GtkLabel     *period_error_label;
  GtkWidget    *offline_label;
  GtkWidget    *progress_box;
  GtkSpinner   *spinner;
  GtkLabel     *error_label;
  GtkWidget    *results_box;
  GtkLabel     *period_label;
  GtkWidget    *sections_box;

  /* Owned */
  DkSession    *session;
  gulong        online_handler;
  GCancellable *cancellable;
  GDate         from;   /* the period asked for, shown over the answer */
  GDate         to;
};

G_DEFINE_FINAL_TYPE (DkSignalReportDialog, dk_signal_report_dialog, ADW_TYPE_WINDOW)

static void
update_actions (DkSignalReportDialog *self)
{
  gboolean online = self->session != NULL && dk_session_get_online (self->session);

  gtk_widget_set_visible (self->offline_label, !online);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.show", online && self->cancellable == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "report.cancel", self->cancellable != NULL);
}

static void
show_error (DkSignalReportDialog *self,
            const char           *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* The message under the period, and the field it is about marked (or both cleared with NULL). */
static void
set_period_error (DkSignalReportDialog *self,
                  GtkWidget            *row,
                  const char           *message)
{
  GtkWidget *rows[] = { self->from_row, self->to_row };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      gtk_widget_remove_css_class (rows[i], "error");
      gtk_accessible_reset_state (GTK_ACCESSIBLE (rows[i]), GTK_ACCESSIBLE_STATE_INVALID);
      gtk_accessible_reset_property (GTK_ACCESSIBLE (rows[i]), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
  gtk_label_set_text (self->period_error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->period_error_label), message != NULL);
  if (message == NULL || row == NULL)
    return;

  gtk_widget_add_css_class (row, "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_STATE_INVALID, GTK_ACCESSIBLE_INVALID_TRUE, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
}

static void
clear_sections (DkSignalReportDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->sections_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->sections_box), child);
  gtk_widget_set_visible (self->results_box, FALSE);
}

static GtkWidget *
value_row (const DkSignalReportRow *row)
{
  GtkWidget *widget = adw_action_row_new ();
  GtkWidget *value = gtk_label_new (row->value);
  g_autofree char *description = row->subtitle != NULL ? g_strdup_printf ("%s. %s", row->value, row->subtitle)
                                                       : g_strdup (row->value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (widget), row->label);
  if (row->subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (widget), row->subtitle);
  /* Values are short ("12 of 20 cases (60%)"): on one line, the title wraps if anything must. */
  gtk_label_set_xalign (GTK_LABEL (value), 1);
  gtk_label_set_selectable (GTK_LABEL (value), TRUE);
  gtk_widget_add_css_class (value, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (widget), value);
  /* The row's name is its title; a screen reader then reads the value with it. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);
  return widget;
}

gboolean
dk_signal_report_dialog_show_report (DkSignalReportDialog *self,
                                     JsonNode             *report)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(DkSignalReportView) view = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *period = NULL;
  GtkWidget *groups[DK_SIGNAL_REPORT_N_SECTIONS] = { NULL };

  g_return_val_if_fail (DK_IS_SIGNAL_REPORT_DIALOG (self), FALSE);

  clear_sections (self);
  show_error (self, NULL);
  view = dk_signal_report_view_parse (report, &error);
  if (view == NULL)
    {
      show_error (self, error->message);
      return FALSE;
    }

  rows = dk_signal_report_view_rows (view);
  for (guint i = 0; i < rows->len; i++)
    {
      const DkSignalReportRow *row = rows->pdata[i];

      if (groups[row->section] == NULL)
        {
          groups[row->section] = adw_preferences_group_new ();
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (groups[row->section]),
                                           dk_signal_report_section_title (row->section));
          gtk_box_append (GTK_BOX (self->sections_box), groups[row->section]);
        }
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (groups[row->section]), value_row (row));
    }

  if (g_date_valid (&self->from) && g_date_valid (&self->to))
    period = dk_signal_report_period_text (&self->from, &self->to);
  gtk_label_set_text (self->period_label, period != NULL ? period : "");
  gtk_widget_set_visible (GTK_WIDGET (self->period_label), period != NULL);
  gtk_widget_set_visible (self->results_box, TRUE);
  return TRUE;
}

static void
report_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DkSignalReportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) report = dk_session_request_json_finish (DK_SESSION (object), result, &error);

  /* Closed meanwhile: nothing left to show it in. */
  if (self->session == NULL)
    return;

  g_clear_object (&self->cancellable);
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (self->progress_box, FALSE);
  update_actions (self);

  if (report == NULL)
    {
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      text = dk_signal_report_error_text (error);
      show_error (self, text);
      /* The session's own sync acts on these: it signs out, or wipes a blocked device. */
      if (g_error_matches (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_UNAUTHORIZED) ||
          g_error_matches (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_DEVICE_REVOKED))
        dk_session_sync (self->session);
      return;
    }
  dk_signal_report_dialog_show_report (self, report);
}

static void
show_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DkSignalReportDialog *self = DK_SIGNAL_REPORT_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  DkSignalReportField field;
  GDate from, to;

  if (self->cancellable != NULL || !dk_session_get_online (self->session))
    return;

  if (!dk_signal_report_read_period (gtk_editable_get_text (GTK_EDITABLE (self->from_row)),
                                     gtk_editable_get_text (GTK_EDITABLE (self->to_row)),
                                     &from, &to, &field, &error))
    {
      GtkWidget *row = field == DK_SIGNAL_REPORT_FIELD_FROM ? self->from_row : self->to_row;

      set_period_error (self, row, error->message);
      gtk_widget_grab_focus (row);
      return;
    }
  set_period_error (self, NULL, NULL);

  self->from = from;
  self->to = to;
  path = dk_signal_report_path (&from, &to);
  clear_sections (self);
  show_error (self, NULL);
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_visible (self->progress_box, TRUE);
  gtk_spinner_start (self->spinner);
  update_actions (self);
  dk_session_request_json_async (self->session, "GET", path, NULL, self->cancellable, report_cb,
                                 g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DkSignalReportDialog *self = DK_SIGNAL_REPORT_DIALOG (widget);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* Typing in a field takes its message away; Enter asks for the indicators. */
static void
on_period_changed (DkSignalReportDialog *self)
{
  set_period_error (self, NULL, NULL);
}

static void
on_period_activated (DkSignalReportDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "report.show", NULL);
}

/* ---- GObject ---- */

static void
dk_signal_report_dialog_dispose (GObject *object)
{
  DkSignalReportDialog *self = DK_SIGNAL_REPORT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_clear_signal_handler (&self->online_handler, self->session);
  g_clear_object (&self->session);

  gtk_widget_dispose_template (GTK_WIDGET (self), DK_TYPE_SIGNAL_REPORT_DIALOG);

  G_OBJECT_CLASS (dk_signal_report_dialog_parent_class)->dispose (object);
}

static void
dk_signal_report_dialog_class_init (DkSignalReportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dk_signal_report_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/draagkracht/Draagkracht/ui/dk-signal-report-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DkSignalReportDialog, from_row);
  gtk_widget_class_bind_template_child (widget_class, DkSignalReportDialog, to_row);
  gtk_widget_class_bind_template_child (widget_class, DkSignalReportDialog, period_error_label);
  gtk_widget_class_bind_template_child (widget_class, DkSignalReportDialog, offline_label);
  gtk_widget_class_bind_template_child (widget_class, DkSignalReportDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, DkSignalReportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, DkSignalReportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, DkSignalReportDialog, results_box);
  gtk_widget_class_bind_template_child (widget_class, DkSignalReportDialog, period_label);
  gtk_widget_class_bind_template_child (widget_class, DkSignalReportDialog, sections_box);

  gtk_widget_class_install_action (widget_class, "report.show", NULL, show_action);
  gtk_widget_class_install_action (widget_class, "report.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dk_signal_report_dialog_init (DkSignalReportDialog *self)
{
  GDate today;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  dk_form_today (&today);
  dk_signal_report_default_period (&today, &self->from, &self->to);
  from_text = dk_date_format_dutch (&self->from);
  to_text = dk_date_format_dutch (&self->to);
  gtk_editable_set_text (GTK_EDITABLE (self->from_row), from_text);
  gtk_editable_set_text (GTK_EDITABLE (self->to_row), to_text);

  g_signal_connect_swapped (self->from_row, "changed", G_CALLBACK (on_period_changed), self);
  g_signal_connect_swapped (self->to_row, "changed", G_CALLBACK (on_period_changed), self);
  g_signal_connect_swapped (self->from_row, "entry-activated", G_CALLBACK (on_period_activated), self);
  g_signal_connect_swapped (self->to_row, "entry-activated", G_CALLBACK (on_period_activated), self);
}

GtkWidget *
dk_signal_report_dialog_new (GtkWindow *parent,
                             DkSession *session)
{
  DkSignalReportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DK_IS_SESSION (session), NULL);

  self = g_object_new (DK_TYPE_SIGNAL_REPORT_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->online_handler = g_signal_connect_swapped (session, "notify::online", G_CALLBACK (update_actions), self);
  update_actions (self);
  return GTK_WIDGET (self);
}

void
dk_signal_report_dialog_present (GtkWindow *parent,
                                 DkSession *session)
{
  GtkWidget *dialog = dk_signal_report_dialog_new (parent, session);

  /* Offline may only mean nobody has asked yet (no sync since the start): asking makes the line true. */
  if (!dk_session_get_online (session) && !dk_session_get_syncing (session))
    dk_session_sync (session);
  gtk_window_present (GTK_WINDOW (dialog));
}
