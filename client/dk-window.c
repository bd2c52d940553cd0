#include "config.h"

#include <glib/gi18n.h>

#include "dk-a11y.h"
#include "dk-connection-view.h"
#include "dk-disk-encryption.h"
#include "dk-dossier-list.h"
#include "dk-dossier-page.h"
#include "dk-new-dossier-dialog.h"
#include "dk-review-window.h"
#include "dk-signal-import-dialog.h"
#include "dk-signal-report-dialog.h"
#include "dk-signal-work.h"
#include "dk-server-probe.h"
#include "dk-session.h"
#include "dk-signal-list.h"
#include "dk-signal-page.h"
#include "dk-window.h"

struct _DkWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template Widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwWindowTitle       *window_title;
  AdwActionRow         *connection_row;
  GtkImage             *connection_icon;
  AdwEntryRow          *server_row;
  AdwEntryRow          *user_row;
  AdwPasswordEntryRow  *password_row;
  GtkLabel             *sign_in_error;
  GtkButton            *sign_in_button;
  AdwPasswordEntryRow  *unlock_row;
  GtkLabel             *unlock_error;
  AdwLeaflet           *leaflet;
  AdwWindowTitle       *sidebar_title;
  GtkLabel             *sync_status;
  GtkButton            *review_button;
  GtkButton            *sync_button;
  GtkButton            *cancel_sync_button;
  GtkProgressBar       *sync_progress;
  GtkLabel             *disk_warning;
  GtkWidget            *sidebar;
  AdwViewStack         *sidebar_stack;
  AdwViewStackPage     *signals_view_page;
  DkDossierList        *dossier_list;
  DkSignalList         *signal_list;
  GtkBox               *content;
  AdwWindowTitle       *content_title;
  GtkStack             *content_stack;
  DkDossierPage        *dossier_page;
  DkSignalPage         *signal_page;

  /* Owned References */
  GSettings            *settings;
  DkSession            *dk_session;
  SoupSession          *http;
  GCancellable         *probe_cancellable;
  GCancellable         *cancellable;
  guint                 lock_source;
  guint                 pulse_source;
};

G_DEFINE_FINAL_TYPE (DkWindow, dk_window, ADW_TYPE_APPLICATION_WINDOW)

static void
toast (DkWindow   *self,
       const char *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 8);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

/* ---- connection check on the sign-in page ---- */

static void
show_connection (DkWindow          *self,
                 DkConnectionState  state,
                 const char        *server_version,
                 const char        *reason)
{
  const char *server_url = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  g_autoptr(DkConnectionView) view = dk_connection_view_new (state, server_url, server_version, reason);

  adw_window_title_set_subtitle (self->window_title, view->short_label);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->connection_row), view->title);
  adw_action_row_set_subtitle (self->connection_row, view->description);
  gtk_image_set_from_icon_name (self->connection_icon, view->icon_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->connection_icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, view->short_label,
                                  -1);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(DkWindow) self = user_data;
  g_autoptr(DkServerHealth) health = NULL;
  g_autoptr(GError) error = NULL;

  health = dk_server_probe_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (health != NULL)
    show_connection (self, DK_CONNECTION_ONLINE, health->version, NULL);
  else if (g_error_matches (error, DK_SERVER_PROBE_ERROR, DK_SERVER_PROBE_ERROR_INCOMPATIBLE))
    show_connection (self, DK_CONNECTION_INCOMPATIBLE, NULL, NULL);
  else
    show_connection (self, DK_CONNECTION_OFFLINE, NULL, error->message);
}

static void
check_connection (DkWindow *self)
{
  g_cancellable_cancel (self->probe_cancellable);
  g_clear_object (&self->probe_cancellable);
  self->probe_cancellable = g_cancellable_new ();

  show_connection (self, DK_CONNECTION_CHECKING, NULL, NULL);
  dk_server_probe_async (self->http, gtk_editable_get_text (GTK_EDITABLE (self->server_row)),
                         self->probe_cancellable, probe_cb, g_object_ref (self));
}

static void
check_connection_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  DkWindow *self = DK_WINDOW (widget);

  /* One shortcut, two meanings: before sign-in there is only the connection to check. */
  if (dk_session_get_state (self->dk_session) == DK_SESSION_READY)
    dk_session_sync (self->dk_session);
  else
    check_connection (self);
}

/* ---- inactivity lock ---- */

static gboolean
lock_timeout (gpointer user_data)
{
  DkWindow *self = user_data;

  self->lock_source = 0;
  dk_session_lock (self->dk_session);
  return G_SOURCE_REMOVE;
}

static void
reset_lock_timer (DkWindow *self)
{
  g_clear_handle_id (&self->lock_source, g_source_remove);
  if (dk_session_get_state (self->dk_session) == DK_SESSION_READY)
    self->lock_source = g_timeout_add_seconds (g_settings_get_uint (self->settings, "lock-after-minutes") * 60,
                                               lock_timeout, self);
}

static void
on_user_input (DkWindow *self)
{
  /* Only restart the timer when it runs: input never starts it on the sign-in or lock page. */
  if (self->lock_source != 0)
    reset_lock_timer (self);
}

/* ---- the session's state on screen ---- */

static void
show_disk_warning (DkWindow *self)
{
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "draagkracht", NULL);
  DkDiskEncryption state = dk_disk_encryption_check (dir, "/sys");

  gtk_widget_set_visible (GTK_WIDGET (self->disk_warning), state == DK_DISK_NOT_ENCRYPTED);
  if (state == DK_DISK_NOT_ENCRYPTED)
    gtk_label_set_text (self->disk_warning,
                        _("The disk of this computer is not encrypted: if it is lost or stolen, the dossiers on it "
                          "can be read. Ask your IT department to turn on disk encryption."));
}

/* Offer the early-signal import and indicators only to the roles the server allows them. A session
 * signed in before the role was kept has none ("") and offers both: the server then says no. */
static void
update_role_actions (DkWindow *self)
{
  const char *role = dk_session_get_role (self->dk_session);
  gboolean known = role != NULL && role[0] != '\0';

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-signals", !known || dk_signal_role_may_import (role));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.signal-report", !known || dk_signal_role_may_report (role));
}

static void
update_page (DkWindow *self)
{
  switch (dk_session_get_state (self->dk_session))
    {
    case DK_SESSION_SIGNED_OUT:
      g_clear_handle_id (&self->lock_source, g_source_remove);
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      gtk_stack_set_visible_child_name (self->main_stack, "sign-in");
      dk_dossier_page_show_dossier (self->dossier_page, NULL);
      dk_signal_page_show_case (self->signal_page, NULL);
      adw_view_stack_set_visible_child_name (self->sidebar_stack, "dossiers");
      gtk_stack_set_visible_child_name (self->content_stack, "empty");
      dk_dossier_list_reload (self->dossier_list);
      dk_signal_list_reload (self->signal_list);
      check_connection (self);
      gtk_widget_grab_focus (gtk_editable_get_text (GTK_EDITABLE (self->user_row))[0] == '\0'
                             ? GTK_WIDGET (self->user_row) : GTK_WIDGET (self->password_row));
      break;

    case DK_SESSION_LOCKED:
      g_clear_handle_id (&self->lock_source, g_source_remove);
      gtk_editable_set_text (GTK_EDITABLE (self->unlock_row), "");
      gtk_widget_set_visible (GTK_WIDGET (self->unlock_error), FALSE);
      gtk_stack_set_visible_child_name (self->main_stack, "locked");
      gtk_widget_grab_focus (GTK_WIDGET (self->unlock_row));
      break;

    case DK_SESSION_READY:
    default:
      adw_window_title_set_subtitle (self->sidebar_title, dk_session_get_display_name (self->dk_session));
      update_role_actions (self);
      show_disk_warning (self);
      /* No reload here: the session's "data-changed" follows every way into READY that brings data,
       * and reading every dossier twice at start costs a cold start what it can least afford. */
      gtk_stack_set_visible_child_name (self->main_stack, "dossiers");
      reset_lock_timer (self);
      dk_dossier_list_focus_search (self->dossier_list);
      break;
    }
}

static void
update_sync_bar (DkWindow *self)
{
  gboolean syncing = dk_session_get_syncing (self->dk_session);
  guint review = dk_session_get_review_count (self->dk_session);

  gtk_label_set_text (self->sync_status, dk_session_get_status_text (self->dk_session));
  gtk_widget_set_visible (GTK_WIDGET (self->sync_button), !syncing);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_sync_button), syncing);
  gtk_widget_set_visible (GTK_WIDGET (self->sync_progress), syncing);
  gtk_widget_set_visible (GTK_WIDGET (self->review_button), review > 0);
  if (review > 0)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (NULL, "%u change to review", "%u changes to review", review),
                                                review);

      gtk_widget_set_tooltip_text (GTK_WIDGET (self->review_button), label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->review_button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }
}

static gboolean
pulse (gpointer user_data)
{
  DkWindow *self = user_data;

  gtk_progress_bar_pulse (self->sync_progress);
  return G_SOURCE_CONTINUE;
}

static void
on_syncing_changed (DkWindow *self)
{
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  if (dk_session_get_syncing (self->dk_session))
    self->pulse_source = g_timeout_add (200, pulse, self);
  update_sync_bar (self);
}

static void
on_data_changed (DkWindow *self)
{
  dk_dossier_list_reload (self->dossier_list);
  dk_signal_list_reload (self->signal_list);
  /* The pages follow the session's "data-changed" themselves. */
}

static void
on_message (DkWindow   *self,
            const char *message)
{
  toast (self, message);
}

static void
restore_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DkWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dk_session_restore_finish (DK_SESSION (object), result, &error))
    toast (self, error->message);
  update_page (self);
}

/* ---- sign in and out ---- */

static void
sign_in_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(DkWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), TRUE);
  gtk_button_set_label (self->sign_in_button, _("_Sign In"));
  dk_a11y_fix_tree (GTK_WIDGET (self->sign_in_button));

  if (!dk_session_sign_in_finish (DK_SESSION (object), result, &error))
    {
      gtk_label_set_text (self->sign_in_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->sign_in_error), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->sign_in_error), FALSE);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  DkWindow *self = DK_WINDOW (widget);
  const char *server = gtk_editable_get_text (GTK_EDITABLE (self->server_row));
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  const char *problem = NULL;

  if (server[0] == '\0')
    problem = _("Fill in the address of the server; your administrator knows it.");
  else if (user[0] == '\0')
    problem = _("Fill in your user name.");
  else if (password[0] == '\0')
    problem = _("Fill in your password.");

  if (problem != NULL)
    {
      gtk_label_set_text (self->sign_in_error, problem);
      gtk_widget_set_visible (GTK_WIDGET (self->sign_in_error), TRUE);
      return;
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), FALSE);
  gtk_button_set_label (self->sign_in_button, _("Signing in…"));
  dk_session_sign_in_async (self->dk_session, server, user, password, self->cancellable, sign_in_cb,
                            g_object_ref (self));
}

static void
on_password_activated (DkWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.sign-in", NULL);
}

static void
sign_out_response (AdwMessageDialog *dialog,
                   const char       *response,
                   DkWindow         *self)
{
  if (g_strcmp0 (response, "sign-out") == 0)
    dk_session_sign_out (self->dk_session, FALSE);
  else if (g_strcmp0 (response, "remove") == 0)
    dk_session_sign_out (self->dk_session, TRUE);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  DkWindow *self = DK_WINDOW (widget);
  guint waiting = dk_session_get_waiting (self->dk_session);
  g_autofree char *body = NULL;
  AdwMessageDialog *dialog;

  if (waiting > 0)
    body = g_strdup_printf (g_dngettext (NULL,
                                         "%u change has not been sent to the server yet. If you also remove the "
                                         "dossiers from this device, it is lost.",
                                         "%u changes have not been sent to the server yet. If you also remove the "
                                         "dossiers from this device, they are lost.",
                                         waiting),
                            waiting);
  else
    body = g_strdup (_("You can keep the dossiers on this device for your next sign-in, or remove them."));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Sign Out?"), body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "remove", _("Sign Out and _Remove Dossiers"),
                                    "sign-out", _("_Sign Out"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "sign-out");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (sign_out_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- lock ---- */

static void
unlock_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(DkWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!dk_session_unlock_finish (DK_SESSION (object), result, &error))
    {
      gtk_label_set_text (self->unlock_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->unlock_error), TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->unlock_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->unlock_row));
    }
}

static void
unlock_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DkWindow *self = DK_WINDOW (widget);

  dk_session_unlock_async (self->dk_session, gtk_editable_get_text (GTK_EDITABLE (self->unlock_row)),
                           self->cancellable, unlock_cb, g_object_ref (self));
}

static void
on_unlock_activated (DkWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.unlock", NULL);
}

static void
lock_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  dk_session_lock (DK_WINDOW (widget)->dk_session);
}

/* ---- dossiers ---- */

/* The header of the content side names what it shows: a dossier's client, or a case's resident. */
static void
update_content_title (DkWindow *self)
{
  const char *visible = gtk_stack_get_visible_child_name (self->content_stack);
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  if (g_strcmp0 (visible, "dossier") == 0)
    g_object_get (self->dossier_page, "title", &title, "subtitle", &subtitle, NULL);
  else if (g_strcmp0 (visible, "signal") == 0)
    g_object_get (self->signal_page, "title", &title, "subtitle", &subtitle, NULL);
  adw_window_title_set_title (self->content_title, title != NULL ? title : "");
  adw_window_title_set_subtitle (self->content_title, subtitle != NULL ? subtitle : "");
}

static void
open_dossier (DkWindow   *self,
              const char *dossier_id)
{
  /* One thing at a time on the content side: the case page lets go of what it showed. */
  dk_signal_page_show_case (self->signal_page, NULL);
  dk_dossier_page_show_dossier (self->dossier_page, dossier_id);
  gtk_stack_set_visible_child_name (self->content_stack, "dossier");
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content));
}

static void
on_case_activated (DkWindow   *self,
                   const char *dossier_id)
{
  dk_dossier_page_show_dossier (self->dossier_page, NULL);
  dk_signal_page_show_case (self->signal_page, dossier_id);
  gtk_stack_set_visible_child_name (self->content_stack, "signal");
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content));
}

/* Help was accepted on a case (it is a debt-help dossier now), or a task's dossier was asked for. */
static void
on_open_dossier (DkWindow   *self,
                 const char *dossier_id)
{
  g_autofree char *id = g_strdup (dossier_id);

  adw_view_stack_set_visible_child_name (self->sidebar_stack, "dossiers");
  dk_dossier_list_reload (self->dossier_list);
  open_dossier (self, id);
}

/* The sidebar's header says which list it shows; an empty content side says what to choose in it. */
static void
on_sidebar_view_changed (DkWindow *self)
{
  gboolean signals = g_strcmp0 (adw_view_stack_get_visible_child_name (self->sidebar_stack), "signals") == 0;
  const char *content = gtk_stack_get_visible_child_name (self->content_stack);

  adw_window_title_set_title (self->sidebar_title, signals ? _("Early Signals") : _("Dossiers"));
  if (g_strcmp0 (content, "empty") == 0 || g_strcmp0 (content, "signal-empty") == 0)
    gtk_stack_set_visible_child_name (self->content_stack, signals ? "signal-empty" : "empty");
}

static void
on_dossier_activated (DkWindow   *self,
                      const char *dossier_id)
{
  open_dossier (self, dossier_id);
}

static void
on_dossier_created (DkWindow   *self,
                    const char *dossier_id)
{
  adw_view_stack_set_visible_child_name (self->sidebar_stack, "dossiers");
  dk_dossier_list_reload (self->dossier_list);
  open_dossier (self, dossier_id);
}

static void
new_dossier_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  DkWindow *self = DK_WINDOW (widget);
  GtkWidget *dialog;

  if (dk_session_get_state (self->dk_session) != DK_SESSION_READY)
    return;

  dialog = dk_new_dossier_dialog_new (GTK_WINDOW (self), self->dk_session);
  g_signal_connect_object (dialog, "created", G_CALLBACK (on_dossier_created), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
show_list_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  DkWindow *self = DK_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DkWindow *self = DK_WINDOW (widget);

  if (dk_session_get_state (self->dk_session) != DK_SESSION_READY)
    return;
  adw_view_stack_set_visible_child_name (self->sidebar_stack, "dossiers");
  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  dk_dossier_list_focus_search (self->dossier_list);
}

static void
sync_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  dk_session_sync (DK_WINDOW (widget)->dk_session);
}

static void
cancel_sync_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  dk_session_cancel_sync (DK_WINDOW (widget)->dk_session);
}

static void
review_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  DkWindow *self = DK_WINDOW (widget);
  GtkWidget *window;

  if (dk_session_get_state (self->dk_session) != DK_SESSION_READY)
    return;

  window = dk_review_window_new (GTK_WINDOW (self), self->dk_session);
  gtk_window_present (GTK_WINDOW (window));
}

static void
import_signals_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  DkWindow *self = DK_WINDOW (widget);

  if (dk_session_get_state (self->dk_session) == DK_SESSION_READY)
    dk_signal_import_dialog_present (GTK_WINDOW (self), self->dk_session);
}

static void
signal_report_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  DkWindow *self = DK_WINDOW (widget);

  if (dk_session_get_state (self->dk_session) == DK_SESSION_READY)
    dk_signal_report_dialog_present (GTK_WINDOW (self), self->dk_session);
}

/* ---- first frame, for the benchmark ---- */

/*
 * Test-only, for tests/bench/bench-client.c: with DRAAGKRACHT_REPORT_FIRST_FRAME set, the window
 * prints "first-frame <µs>" on stderr after the first frame painted with dossiers in the list, and
 * "settled-frame <µs>" after the first one in which the page's crossfade has ended. The time is
 * g_get_monotonic_time (), CLOCK_MONOTONIC, which every process shares: the caller subtracts the
 * time it started the process. Without the variable nothing is connected.
 */
static void
report_frame (GdkFrameClock *clock,
              DkWindow      *self)
{
  static gboolean first_reported;

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "dossiers") != 0 ||
      dk_dossier_list_get_n_items (self->dossier_list) == 0)
    return;

  if (!first_reported)
    {
      first_reported = TRUE;
      g_printerr ("first-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
    }
  if (!gtk_stack_get_transition_running (self->main_stack))
    {
      g_printerr ("settled-frame %" G_GINT64_FORMAT "\n", g_get_monotonic_time ());
      g_signal_handlers_disconnect_by_func (clock, report_frame, self);
    }
}

static void
report_frames_on_realize (DkWindow *self)
{
  g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                           G_CALLBACK (report_frame), self, 0);
}

/* ---- GObject ---- */

static gboolean
dk_window_close_request (GtkWindow *window)
{
  DkWindow *self = DK_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (dk_window_parent_class)->close_request (window);
}

static void
dk_window_dispose (GObject *object)
{
  DkWindow *self = (DkWindow *)object;

  g_cancellable_cancel (self->probe_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->lock_source, g_source_remove);
  g_clear_handle_id (&self->pulse_source, g_source_remove);
  if (self->dk_session != NULL)
    g_signal_handlers_disconnect_by_data (self->dk_session, self);
  /* The content side's children change while they are disposed: nothing to show in the header then. */
  if (self->content_stack != NULL)
    g_signal_handlers_disconnect_by_func (self->content_stack, update_content_title, self);
  if (self->sidebar_stack != NULL)
    g_signal_handlers_disconnect_by_func (self->sidebar_stack, on_sidebar_view_changed, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), DK_TYPE_WINDOW);

  G_OBJECT_CLASS (dk_window_parent_class)->dispose (object);
}

static void
dk_window_finalize (GObject *object)
{
  DkWindow *self = (DkWindow *)object;

  g_clear_object (&self->probe_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->http);
  g_clear_object (&self->dk_session);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (dk_window_parent_class)->finalize (object);
}

static void
dk_window_class_init (DkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = dk_window_dispose;
  object_class->finalize = dk_window_finalize;
  window_class->close_request = dk_window_close_request;

  g_type_ensure (DK_TYPE_DOSSIER_LIST);
  g_type_ensure (DK_TYPE_DOSSIER_PAGE);
  g_type_ensure (DK_TYPE_SIGNAL_LIST);
  g_type_ensure (DK_TYPE_SIGNAL_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/draagkracht/Draagkracht/ui/dk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DkWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, connection_row);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, connection_icon);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, user_row);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, sign_in_error);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, unlock_row);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, unlock_error);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, sync_status);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, review_button);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, sync_button);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, cancel_sync_button);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, sync_progress);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, disk_warning);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, sidebar_stack);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, signals_view_page);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, dossier_list);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, signal_list);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, content);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, dossier_page);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, signal_page);
  gtk_widget_class_bind_template_callback (widget_class, on_password_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_unlock_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_dossier_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_case_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_open_dossier);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_view_changed);
  gtk_widget_class_bind_template_callback (widget_class, update_content_title);

  gtk_widget_class_install_action (widget_class, "win.check-connection", NULL, check_connection_action);
  gtk_widget_class_install_action (widget_class, "win.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);
  gtk_widget_class_install_action (widget_class, "win.unlock", NULL, unlock_action);
  gtk_widget_class_install_action (widget_class, "win.lock", NULL, lock_action);
  gtk_widget_class_install_action (widget_class, "win.new-dossier", NULL, new_dossier_action);
  gtk_widget_class_install_action (widget_class, "win.show-list", NULL, show_list_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-sync", NULL, cancel_sync_action);
  gtk_widget_class_install_action (widget_class, "win.review", NULL, review_action);
  gtk_widget_class_install_action (widget_class, "win.import-signals", NULL, import_signals_action);
  gtk_widget_class_install_action (widget_class, "win.signal-report", NULL, signal_report_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.check-connection", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-dossier", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK | GDK_SUPER_MASK, "win.lock", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.lock", NULL);
}

static void
dk_window_init (DkWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  self->http = soup_session_new_with_options ("timeout", 15,
                                              "user-agent", "draagkracht/" PACKAGE_VERSION,
                                              NULL);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  /* Any input counts as activity; the capture phase sees it before any widget can stop it. */
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_propagation_phase (motion, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  g_signal_connect_swapped (keys, "key-pressed", G_CALLBACK (on_user_input), self);
  g_signal_connect_swapped (motion, "motion", G_CALLBACK (on_user_input), self);
  g_signal_connect_swapped (click, "pressed", G_CALLBACK (on_user_input), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  if (g_getenv ("DRAAGKRACHT_REPORT_FIRST_FRAME") != NULL)
    g_signal_connect_after (self, "realize", G_CALLBACK (report_frames_on_realize), NULL);
}

DkWindow *
dk_window_new (DkApplication *application)
{
  DkWindow *self = g_object_new (DK_TYPE_WINDOW, "application", application, NULL);
  const char *server = dk_application_get_server_url (application);
  g_autofree char *saved = g_settings_get_string (self->settings, "server-url");
  g_autofree char *user = g_settings_get_string (self->settings, "user-name");

  /* A --server address differing from the saved one counts for this run only. */
  self->dk_session = dk_session_new (self->settings, g_strcmp0 (server, saved) != 0 ? server : NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), dk_session_get_server_url (self->dk_session));
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user);
  dk_dossier_list_set_session (self->dossier_list, self->dk_session);
  dk_dossier_page_set_session (self->dossier_page, self->dk_session);
  dk_signal_list_set_session (self->signal_list, self->dk_session);
  dk_signal_page_set_session (self->signal_page, self->dk_session);
  /* The view switcher counts what is due today or overdue. */
  g_object_bind_property (self->signal_list, "n-due", self->signals_view_page, "badge-number", G_BINDING_SYNC_CREATE);

  g_signal_connect_swapped (self->dk_session, "notify::state", G_CALLBACK (update_page), self);
  g_signal_connect_swapped (self->dk_session, "notify::status-text", G_CALLBACK (update_sync_bar), self);
  g_signal_connect_swapped (self->dk_session, "notify::review-count", G_CALLBACK (update_sync_bar), self);
  g_signal_connect_swapped (self->dk_session, "notify::syncing", G_CALLBACK (on_syncing_changed), self);
  g_signal_connect_swapped (self->dk_session, "data-changed", G_CALLBACK (on_data_changed), self);
  g_signal_connect_swapped (self->dk_session, "message", G_CALLBACK (on_message), self);
  update_sync_bar (self);

  gtk_stack_set_visible_child_name (self->main_stack, "starting");
  dk_session_restore_async (self->dk_session, self->cancellable, restore_cb, g_object_ref (self));
  return self;
}
