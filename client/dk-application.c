#include "config.h"

#include <glib/gi18n.h>

#include "dk-a11y.h"
#include "dk-application.h"
#include "dk-window.h"

struct _DkApplication
{
  AdwApplication  parent_instance;

  /* Owned References */
  GSettings      *settings;
  char           *server_url;
};

G_DEFINE_FINAL_TYPE (DkApplication, dk_application, ADW_TYPE_APPLICATION)

static int
dk_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  DkApplication *self = DK_APPLICATION (app);
  const char *server = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("draagkracht %s\n", PACKAGE_VERSION);
      return 0;
    }

  /* For this run only: the saved address stays as the user set it. */
  if (g_variant_dict_lookup (options, "server", "&s", &server))
    {
      g_free (self->server_url);
      self->server_url = g_strdup (server);
    }

  return G_APPLICATION_CLASS (dk_application_parent_class)->handle_local_options (app, options);
}

static void
dk_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = GTK_WINDOW (dk_window_new (DK_APPLICATION (app)));

  gtk_window_present (window);
}

static void
dk_application_startup (GApplication *app)
{
  DkApplication *self = DK_APPLICATION (app);

  G_APPLICATION_CLASS (dk_application_parent_class)->startup (app);
  dk_a11y_init ();

  self->settings = g_settings_new (APP_ID);
  if (self->server_url == NULL)
    self->server_url = g_settings_get_string (self->settings, "server-url");
}

static void
dk_application_finalize (GObject *object)
{
  DkApplication *self = (DkApplication *)object;

  g_clear_object (&self->settings);
  g_clear_pointer (&self->server_url, g_free);

  G_OBJECT_CLASS (dk_application_parent_class)->finalize (object);
}

static void
dk_application_class_init (DkApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = dk_application_finalize;

  app_class->activate = dk_application_activate;
  app_class->startup = dk_application_startup;
  app_class->handle_local_options = dk_application_handle_local_options;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { _("Draagkracht contributors"), NULL };
  AdwAboutWindow *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Draagkracht"),
                        "application-icon", APP_ID,
                        "developer-name", _("Draagkracht contributors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Client tracking for municipal debt help and early signalling of payment arrears, also without a network."),
                        "website", "https://draagkracht.nl",
                        "developers", developers,
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "quit", quit_action },
};

static void
dk_application_init (DkApplication *self)
{
  static const GOptionEntry options[] = {
    { "server", 's', 0, G_OPTION_ARG_STRING, NULL,
      N_("Use the sync server at this address for this run"), N_("URL") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Show the version and exit"), NULL },
    { NULL }
  };
  static const char *quit_accels[] = { "<Control>q", NULL };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
}

DkApplication *
dk_application_new (void)
{
  return g_object_new (DK_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/nl/draagkracht/Draagkracht",
                       NULL);
}

/* The address given with --server, else the one saved in the settings. */
const char *
dk_application_get_server_url (DkApplication *self)
{
  g_return_val_if_fail (DK_IS_APPLICATION (self), NULL);

  return self->server_url;
}
