#pragma once

#include <libsoup/soup.h>

G_BEGIN_DECLS

#define DK_SERVER_PROBE_ERROR (dk_server_probe_error_quark ())

typedef enum
{
  DK_SERVER_PROBE_ERROR_BAD_URL,
  DK_SERVER_PROBE_ERROR_UNHEALTHY,
  DK_SERVER_PROBE_ERROR_INCOMPATIBLE,
} DkServerProbeError;

typedef struct
{
  char   *version;
  gint64  protocol;
} DkServerHealth;

GQuark          dk_server_probe_error_quark (void);
void            dk_server_probe_async       (SoupSession          *session,
                                             const char           *server_url,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
DkServerHealth *dk_server_probe_finish      (GAsyncResult         *result,
                                             GError              **error);
DkServerHealth *dk_server_health_parse      (GBytes               *body,
                                             GError              **error);
void            dk_server_health_free       (DkServerHealth       *health);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkServerHealth, dk_server_health_free)

G_END_DECLS
