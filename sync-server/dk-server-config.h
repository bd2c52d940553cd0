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

  /* [brp]: the Haal Centraal BRP API Personen endpoint for the check of early signals. The key is
   * read from api-key-file (mode 0600) when a check runs, never kept in this file's text. */
  char  *brp_url;
  char  *brp_api_key_file;
  guint  brp_timeout_seconds;
  guint  brp_max_concurrent;
  char  *brp_municipality_code;   /* the municipality's four-digit code, "0363" */

  /* [ddas]: who delivers the DDAS Vroegsignalering export to CBS (aanleverende_organisatie); the
   * export's gemeentecode is [brp] municipality-code. */
  char  *ddas_organisation_name;
  char  *ddas_kvk_number;
  char  *ddas_contact_name;
  char  *ddas_contact_phone;
  char  *ddas_contact_email;
  char  *ddas_contact_function;

  /* [signals]: the matching policy of early signals (dk_signal_policy_load_file()), for the matching
   * after an import through the server and for draagkracht-admin signals match without --policy;
   * NULL: the defaults. Read when a matching runs. */
  char  *signal_policy_file;
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
