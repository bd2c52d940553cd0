#include "config.h"

#include <glib/gi18n.h>

#include "dk-connection-view.h"

DkConnectionView *
dk_connection_view_new (DkConnectionState  state,
                        const char        *server_url,
                        const char        *server_version,
                        const char        *reason)
{
  DkConnectionView *view = g_new0 (DkConnectionView, 1);

  g_return_val_if_fail (server_url != NULL, view);

  switch (state)
    {
    case DK_CONNECTION_CHECKING:
      view->icon_name = "network-transmit-receive-symbolic";
      view->short_label = g_strdup (_("Checking connection…"));
      view->title = g_strdup (_("Checking the connection"));
      view->description = g_strdup_printf (_("Contacting the sync server at %s."), server_url);
      break;

    case DK_CONNECTION_ONLINE:
      view->icon_name = "network-wired-symbolic";
      view->short_label = g_strdup (_("Online"));
      view->title = g_strdup (_("Connected to the sync server"));
      view->description = g_strdup_printf (_("%s, server version %s."),
                                           server_url, server_version ? server_version : "?");
      break;

    case DK_CONNECTION_OFFLINE:
      view->icon_name = "network-offline-symbolic";
      view->short_label = g_strdup (_("Offline"));
      view->title = g_strdup (_("No connection to the sync server"));
      if (reason != NULL)
        view->description = g_strdup_printf (_("%s cannot be reached: %s. Draagkracht tries again when the network returns."),
                                             server_url, reason);
      else
        view->description = g_strdup_printf (_("%s cannot be reached. Draagkracht tries again when the network returns."),
                                             server_url);
      break;

    case DK_CONNECTION_INCOMPATIBLE:
      view->icon_name = "software-update-urgent-symbolic";
      view->short_label = g_strdup (_("Update needed"));
      view->title = g_strdup (_("This version of Draagkracht is too old or too new for the server"));
      view->description = g_strdup_printf (_("The sync server at %s speaks another protocol version. "
                                             "Ask your administrator for the matching version of Draagkracht."),
                                           server_url);
      break;

    default:
      g_assert_not_reached ();
    }

  return view;
}

void
dk_connection_view_free (DkConnectionView *view)
{
  if (view == NULL)
    return;

  g_free (view->short_label);
  g_free (view->title);
  g_free (view->description);
  g_free (view);
}
