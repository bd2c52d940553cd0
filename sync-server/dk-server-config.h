#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define DK_SERVER_CONFIG_ERROR (dk_server_config_error_quark ())

typedef enum
{
  DK_SERVER_CONFIG_ERROR_INVALID,
} DkServerConfigError;

/* Settings of one draagkracht-sync process: built-in defaults, overridden by the config file
 * (GKeyFile, see data/sync.conf.sample), overridden by the command line. */
typedef struct
{
  char  *listen_address;
  guint  port;
  char  *tls_certificate;
  char  *tls_key;
  guint  max_request_bytes;
  guint  max_batch_changes;
  guint  request_timeout_seconds;

  char  *store_backend;
  char  *store_path;

  guint  session_hours;
  guint  refresh_days;
  guint  max_failed_logins;
  guint  lockout_minutes;

  guint  tombstone_days;

  char  *log_level;
} DkServerConfig;

GQuark          dk_server_config_error_quark (void);
DkServerConfig *dk_server_config_new         (void);
void            dk_server_config_free        (DkServerConfig  *config);
gboolean        dk_server_config_load_file   (DkServerConfig  *config,
                                              const char      *path,
                                              GError         **error);
gboolean        dk_server_config_load_data   (DkServerConfig  *config,
                                              const char      *data,
                                              GError         **error);
gboolean        dk_server_config_validate    (DkServerConfig  *config,
                                              GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkServerConfig, dk_server_config_free)

G_END_DECLS
