#include "config.h"

#include <glib/gi18n.h>

#include "dk-session-request.h"
#include "dk-signal-import-dialog.h"
#include "dk-signal-import-result.h"

/* A list of thousands of rows helps nobody on screen; Copy List still gives them all. */
#define MAX_ROWS_SHOWN 500

struct _DkSignalImportDialog
{
  AdwWindow             parent_instance;

  /* Template widgets */
  AdwActionRow         *file_row;
  GtkWidget            *offline_label;
  GtkWidget            *progress_box;
  GtkSpinner           *spinner;
  GtkLabel             *error_label;
  GtkWidget            *result_box;
  GtkLabel             *summary_label;
  GtkWidget            *rejected_header;
  GtkLabel             *rejected_heading;
  GtkListBox           *rejected_list;

  /* Owned */
  DkSession            *session;
  gulong                online_handler;
  GtkFileChooserNative *chooser;
  GCancellable         *load_cancellable;
  GCancellable         *import_cancellable;
  char                 *file_name;    /* the name the server reads the format from */
  char                 *contents;     /* checked: UTF-8, within the size; NULL until then */
  char                 *rejected_text; /* every rejected row, one a line, for Copy List */
};

G_DEFINE_FINAL_TYPE (DkSignalImportDialog, dk_signal_import_dialog, ADW_TYPE_WINDOW)

static void
update_actions (DkSignalImportDialog *self)
{
  gboolean online = self->session != NULL && dk_session_get_online (self->session);
  gboolean busy = self->load_cancellable != NULL || self->import_cancellable != NULL;

  gtk_widget_set_visible (self->offline_label, !online);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.import", online && !busy && self->contents != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.choose", !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.cancel", self->import_cancellable != NULL);
}

static void
show_error (DkSignalImportDialog *self,
            const char           *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
clear_result (DkSignalImportDialog *self)
{
  GtkWidget *child;

  gtk_widget_set_visible (self->result_box, FALSE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->rejected_list))) != NULL)
    gtk_list_box_remove (self->rejected_list, child);
  g_clear_pointer (&self->rejected_text, g_free);
  show_error (self, NULL);
}

static void
add_rejected_row (DkSignalImportDialog *self,
                  const char           *text)
{
  GtkWidget *label = gtk_label_new (text);
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  g_object_set (label, "margin-top", 8, "margin-bottom", 8, "margin-start", 12, "margin-end", 12, NULL);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
  gtk_list_box_append (self->rejected_list, row);
}

static void
show_result (DkSignalImportDialog       *self,
             const DkSignalImportResult *result)
{
  g_autofree char *summary = dk_signal_import_result_summary (result);
  g_autofree char *heading = dk_signal_import_result_rejected_heading (result);
  g_autoptr(GString) all = g_string_new (NULL);
  gboolean json_file = dk_signal_import_file_is_json (self->file_name, self->contents);

  clear_result (self);

  gtk_label_set_text (self->summary_label, summary);
  gtk_widget_set_visible (self->rejected_header, heading != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->rejected_list), heading != NULL);
  gtk_label_set_text (self->rejected_heading, heading != NULL ? heading : "");

  for (guint i = 0; i < result->rejected->len; i++)
    {
      g_autofree char *text = dk_signal_import_rejection_text (result->rejected->pdata[i], json_file);

      g_string_append_printf (all, "%s\n", text);
      if (i < MAX_ROWS_SHOWN)
        add_rejected_row (self, text);
    }
  if (result->rejected->len > MAX_ROWS_SHOWN)
    {
      guint more = result->rejected->len - MAX_ROWS_SHOWN;
      g_autofree char *text = g_strdup_printf (ngettext ("And %u more row: Copy List gives them all.",
                                                         "And %u more rows: Copy List gives them all.", more),
                                               more);

      add_rejected_row (self, text);
    }
  self->rejected_text = g_string_free (g_steal_pointer (&all), FALSE);
  gtk_widget_set_visible (self->result_box, TRUE);
}

/* ---- the file ---- */

void
dk_signal_import_dialog_set_file_contents (DkSignalImportDialog *self,
                                           const char           *name,
                                           const char           *data,
                                           gsize                 length)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (DK_IS_SIGNAL_IMPORT_DIALOG (self));
  g_return_if_fail (name != NULL);

  clear_result (self);
  g_clear_pointer (&self->contents, g_free);
  g_free (self->file_name);
  self->file_name = g_strdup (name);
  adw_action_row_set_subtitle (self->file_row, name);

  if (!dk_signal_import_check_file (name, data, length, &error))
    show_error (self, error->message);
  else
    /* Checked to hold no NUL, so this is the whole text. */
    self->contents = g_strndup (data, length);
  update_actions (self);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(DkSignalImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_autofree char *name = NULL;
  gsize length = 0;

  if (!g_file_load_contents_finish (G_FILE (object), result, &data, &length, NULL, &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Closed meanwhile. */
  if (self->session == NULL)
    return;

  g_clear_object (&self->load_cancellable);
  if (error != NULL)
    {
      show_error (self, error->message);
      update_actions (self);
      return;
    }
  name = g_strdup (self->file_name);
  dk_signal_import_dialog_set_file_contents (self, name, data, length);
}

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DkSignalImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, &error);

  if (info == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (self->session == NULL)
    return;
  if (info == NULL)
    {
      g_clear_object (&self->load_cancellable);
      show_error (self, error->message);
      update_actions (self);
      return;
    }

  g_free (self->file_name);
  self->file_name = g_strdup (g_file_info_get_display_name (info));
  adw_action_row_set_subtitle (self->file_row, self->file_name);
  /* Not read at all when it is too large: a file chosen by mistake may be huge. */
  if (g_file_info_get_size (info) > DK_SIGNAL_IMPORT_MAX_FILE_BYTES)
    {
      g_clear_object (&self->load_cancellable);
      show_error (self, _("This file is larger than 8 MB, more than the sync server takes at once. "
                          "Split it into smaller files and import them one by one."));
      update_actions (self);
      return;
    }

  g_file_load_contents_async (G_FILE (object), self->load_cancellable, load_cb, g_object_ref (self));
}

static void
chooser_response_cb (GtkNativeDialog      *chooser,
                     int                   response,
                     DkSignalImportDialog *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_clear_object (&self->chooser);
  if (file == NULL)
    return;

  clear_result (self);
  g_clear_pointer (&self->contents, g_free);
  self->load_cancellable = g_cancellable_new ();
  update_actions (self);
  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME "," G_FILE_ATTRIBUTE_STANDARD_SIZE,
                           G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, self->load_cancellable, query_cb,
                           g_object_ref (self));
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DkSignalImportDialog *self = DK_SIGNAL_IMPORT_DIALOG (widget);
  g_autoptr(GtkFileFilter) signals = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (signals, _("Signal files (CSV, JSON)"));
  gtk_file_filter_add_suffix (signals, "csv");
  gtk_file_filter_add_suffix (signals, "json");
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");

  self->chooser = gtk_file_chooser_native_new (_("Choose a Signal File"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), signals);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), all);
  gtk_file_chooser_set_filter (GTK_FILE_CHOOSER (self->chooser), signals);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* ---- the import ---- */

static void
import_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DkSignalImportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = dk_session_request_json_finish (DK_SESSION (object), result, &error);
  g_autoptr(DkSignalImportResult) import = NULL;

  /* Closed meanwhile: nothing left to show it in. */
  if (self->session == NULL)
    return;

  g_clear_object (&self->import_cancellable);
  gtk_spinner_stop (self->spinner);
  gtk_widget_set_visible (self->progress_box, FALSE);
  update_actions (self);

  if (answer == NULL)
    {
      g_autofree char *text = dk_signal_import_error_text (error);

      show_error (self, text);
      /* The session's own sync acts on these: it signs out, or wipes a blocked device. */
      if (g_error_matches (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_UNAUTHORIZED) ||
          g_error_matches (error, DK_SYNC_CLIENT_ERROR, DK_SYNC_CLIENT_ERROR_DEVICE_REVOKED))
        dk_session_sync (self->session);
      return;
    }

  import = dk_signal_import_result_parse (answer, &error);
  if (import == NULL)
    {
      show_error (self, error->message);
      return;
    }
  show_result (self, import);
  /* New cases were made on the server: bring them to this device now. */
  dk_session_sync (self->session);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DkSignalImportDialog *self = DK_SIGNAL_IMPORT_DIALOG (widget);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) body = NULL;

  if (self->contents == NULL || self->import_cancellable != NULL)
    return;

  json_object_set_string_member (object, "file_name", self->file_name);
  json_object_set_string_member (object, "content", self->contents);
  body = json_node_init_object (json_node_alloc (), object);

  clear_result (self);
  self->import_cancellable = g_cancellable_new ();
  gtk_widget_set_visible (self->progress_box, TRUE);
  gtk_spinner_start (self->spinner);
  update_actions (self);
  dk_session_request_json_async (self->session, "POST", "/v1/signals/import", body, self->import_cancellable,
                                 import_cb, g_object_ref (self));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DkSignalImportDialog *self = DK_SIGNAL_IMPORT_DIALOG (widget);

  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  DkSignalImportDialog *self = DK_SIGNAL_IMPORT_DIALOG (widget);

  if (self->rejected_text != NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->rejected_text);
}

/* ---- GObject ---- */

static void
dk_signal_import_dialog_dispose (GObject *object)
{
  DkSignalImportDialog *self = DK_SIGNAL_IMPORT_DIALOG (object);

  /* Callbacks still on their way see session NULL and the cancellables cancelled. */
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  if (self->import_cancellable != NULL)
    g_cancellable_cancel (self->import_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->import_cancellable);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
    }
  g_clear_object (&self->chooser);
  if (self->session != NULL)
    g_clear_signal_handler (&self->online_handler, self->session);
  g_clear_object (&self->session);

  gtk_widget_dispose_template (GTK_WIDGET (self), DK_TYPE_SIGNAL_IMPORT_DIALOG);

  G_OBJECT_CLASS (dk_signal_import_dialog_parent_class)->dispose (object);
}

static void
dk_signal_import_dialog_finalize (GObject *object)
{
  DkSignalImportDialog *self = DK_SIGNAL_IMPORT_DIALOG (object);

  g_free (self->file_name);
  g_free (self->contents);
  g_free (self->rejected_text);

  G_OBJECT_CLASS (dk_signal_import_dialog_parent_class)->finalize (object);
}

static void
dk_signal_import_dialog_class_init (DkSignalImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dk_signal_import_dialog_dispose;
  object_class->finalize = dk_signal_import_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/draagkracht/Draagkracht/ui/dk-signal-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, DkSignalImportDialog, file_row);
  gtk_widget_class_bind_template_child (widget_class, DkSignalImportDialog, offline_label);
  gtk_widget_class_bind_template_child (widget_class, DkSignalImportDialog, progress_box);
  gtk_widget_class_bind_template_child (widget_class, DkSignalImportDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, DkSignalImportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, DkSignalImportDialog, result_box);
  gtk_widget_class_bind_template_child (widget_class, DkSignalImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, DkSignalImportDialog, rejected_header);
  gtk_widget_class_bind_template_child (widget_class, DkSignalImportDialog, rejected_heading);
  gtk_widget_class_bind_template_child (widget_class, DkSignalImportDialog, rejected_list);

  gtk_widget_class_install_action (widget_class, "import.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "import.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "import.copy", NULL, copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
dk_signal_import_dialog_init (DkSignalImportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
dk_signal_import_dialog_new (GtkWindow *parent,
                             DkSession *session)
{
  DkSignalImportDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (DK_IS_SESSION (session), NULL);

  self = g_object_new (DK_TYPE_SIGNAL_IMPORT_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->online_handler = g_signal_connect_swapped (session, "notify::online", G_CALLBACK (update_actions), self);
  update_actions (self);
  return GTK_WIDGET (self);
}

void
dk_signal_import_dialog_present (GtkWindow *parent,
                                 DkSession *session)
{
  GtkWidget *dialog = dk_signal_import_dialog_new (parent, session);

  /* Offline may only mean nobody has asked yet (no sync since the start): asking makes the line true. */
  if (!dk_session_get_online (session) && !dk_session_get_syncing (session))
    dk_session_sync (session);
  gtk_window_present (GTK_WINDOW (dialog));
}
