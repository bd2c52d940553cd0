#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  DK_CONNECTION_CHECKING,
  DK_CONNECTION_ONLINE,
  DK_CONNECTION_OFFLINE,
  DK_CONNECTION_INCOMPATIBLE,
} DkConnectionState;

/* What the window shows about its server connection, decided without any widget so it can be
 * tested without a display. */
typedef struct
{
  const char *icon_name;
  char       *short_label;   /* header subtitle: "Online" */
  char       *title;
  char       *description;
} DkConnectionView;

DkConnectionView *dk_connection_view_new  (DkConnectionState  state,
                                           const char        *server_url,
                                           const char        *server_version,
                                           const char        *reason);
void              dk_connection_view_free (DkConnectionView  *view);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkConnectionView, dk_connection_view_free)

G_END_DECLS
