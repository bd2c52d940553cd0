#include "config.h"

#include <glib/gi18n.h>

#include "dk-connection-view.h"
#include "dk-server-probe.h"
#include "dk-window.h"

/* A cheap GET; often enough that the header tells the truth soon after the network changes. */
#define RECHECK_INTERVAL_SECONDS 60

struct _DkWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template Widgets */
  AdwWindowTitle       *window_title;
  AdwActionRow         *connection_row;
  GtkImage             *connection_icon;

  /* Owned References */
  GSettings            *settings;
  SoupSession          *session;
  GCancellable         *probe_cancellable;
  char                 *server_url;
  guint                 recheck_source;
};

G_DEFINE_FINAL_TYPE (DkWindow, dk_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SERVER_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
show_connection (DkWindow          *self,
                 DkConnectionState  state,
                 const char        *server_version,
                 const char        *reason)
{
  g_autoptr(DkConnectionView) view = dk_connection_view_new (state, self->server_url, server_version, reason);

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
dk_window_check_connection (DkWindow *self)
{
  g_cancellable_cancel (self->probe_cancellable);
  g_clear_object (&self->probe_cancellable);
  self->probe_cancellable = g_cancellable_new ();

  show_connection (self, DK_CONNECTION_CHECKING, NULL, NULL);
  dk_server_probe_async (self->session, self->server_url, self->probe_cancellable,
                         probe_cb, g_object_ref (self));
}

static void
check_connection_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  dk_window_check_connection (DK_WINDOW (widget));
}

static gboolean
recheck_timeout (gpointer user_data)
{
  dk_window_check_connection (user_data);
  return G_SOURCE_CONTINUE;
}

static void
on_network_changed (GNetworkMonitor *monitor,
                    gboolean         available,
                    DkWindow        *self)
{
  dk_window_check_connection (self);
}

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
dk_window_constructed (GObject *object)
{
  DkWindow *self = (DkWindow *)object;

  G_OBJECT_CLASS (dk_window_parent_class)->constructed (object);

  dk_window_check_connection (self);
}

static void
dk_window_dispose (GObject *object)
{
  DkWindow *self = (DkWindow *)object;

  g_cancellable_cancel (self->probe_cancellable);
  g_clear_handle_id (&self->recheck_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), DK_TYPE_WINDOW);

  G_OBJECT_CLASS (dk_window_parent_class)->dispose (object);
}

static void
dk_window_finalize (GObject *object)
{
  DkWindow *self = (DkWindow *)object;

  g_clear_object (&self->probe_cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->server_url, g_free);

  G_OBJECT_CLASS (dk_window_parent_class)->finalize (object);
}

static void
dk_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  DkWindow *self = DK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_value_set_string (value, self->server_url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dk_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  DkWindow *self = DK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SERVER_URL:
      g_free (self->server_url);
      self->server_url = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
dk_window_class_init (DkWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = dk_window_constructed;
  object_class->dispose = dk_window_dispose;
  object_class->finalize = dk_window_finalize;
  object_class->get_property = dk_window_get_property;
  object_class->set_property = dk_window_set_property;

  window_class->close_request = dk_window_close_request;

  properties[PROP_SERVER_URL] =
    g_param_spec_string ("server-url", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/nl/draagkracht/Draagkracht/ui/dk-window.ui");
  gtk_widget_class_bind_template_child (widget_class, DkWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, connection_row);
  gtk_widget_class_bind_template_child (widget_class, DkWindow, connection_icon);

  gtk_widget_class_install_action (widget_class, "win.check-connection", NULL, check_connection_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.check-connection", NULL);
}

static void
dk_window_init (DkWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->session = soup_session_new_with_options ("timeout", 15,
                                                 "user-agent", "draagkracht/" PACKAGE_VERSION,
                                                 NULL);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_signal_connect_object (g_network_monitor_get_default (), "network-changed",
                           G_CALLBACK (on_network_changed), self, 0);
  self->recheck_source = g_timeout_add_seconds (RECHECK_INTERVAL_SECONDS, recheck_timeout, self);
}

DkWindow *
dk_window_new (DkApplication *application)
{
  return g_object_new (DK_TYPE_WINDOW,
                       "application", application,
                       "server-url", dk_application_get_server_url (application),
                       NULL);
}
