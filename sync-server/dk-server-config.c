#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n-lib.h>

#include "dk-server-config.h"

G_DEFINE_QUARK (dk-server-config-error-quark, dk_server_config_error)

typedef enum
{
  KEY_STRING,
  KEY_UINT,
} KeyType;

/* Every key the file may hold. A key the table does not know is an error, so a typo never
 * silently leaves a default in force. */
static const struct
{
  const char *group;
  const char *key;
  KeyType     type;
  gsize       offset;
  guint       min;
  guint       max;
} keys[] = {
  { "server", "listen-address", KEY_STRING, G_STRUCT_OFFSET (DkServerConfig, listen_address) },
  { "server", "port", KEY_UINT, G_STRUCT_OFFSET (DkServerConfig, port), 0, G_MAXUINT16 },
  { "server", "tls-certificate", KEY_STRING, G_STRUCT_OFFSET (DkServerConfig, tls_certificate) },
  { "server", "tls-key", KEY_STRING, G_STRUCT_OFFSET (DkServerConfig, tls_key) },
  { "server", "max-request-bytes", KEY_UINT, G_STRUCT_OFFSET (DkServerConfig, max_request_bytes), 1024, 1024 * 1024 * 1024 },
  { "server", "max-batch-changes", KEY_UINT, G_STRUCT_OFFSET (DkServerConfig, max_batch_changes), 1, 100000 },
  { "server", "request-timeout-seconds", KEY_UINT, G_STRUCT_OFFSET (DkServerConfig, request_timeout_seconds), 1, 3600 },
  { "store", "backend", KEY_STRING, G_STRUCT_OFFSET (DkServerConfig, store_backend) },
  { "store", "path", KEY_STRING, G_STRUCT_OFFSET (DkServerConfig, store_path) },
  { "auth", "session-hours", KEY_UINT, G_STRUCT_OFFSET (DkServerConfig, session_hours), 1, 24 * 30 },
  { "auth", "refresh-days", KEY_UINT, G_STRUCT_OFFSET (DkServerConfig, refresh_days), 1, 365 },
  { "auth", "max-failed-logins", KEY_UINT, G_STRUCT_OFFSET (DkServerConfig, max_failed_logins), 1, 100 },
  { "auth", "lockout-minutes", KEY_UINT, G_STRUCT_OFFSET (DkServerConfig, lockout_minutes), 1, 24 * 60 },
  { "retention", "tombstone-days", KEY_UINT, G_STRUCT_OFFSET (DkServerConfig, tombstone_days), 1, 3650 },
  { "logging", "level", KEY_STRING, G_STRUCT_OFFSET (DkServerConfig, log_level) },
  { "brp", "url", KEY_STRING, G_STRUCT_OFFSET (DkServerConfig, brp_url) },
  { "brp", "api-key-file", KEY_STRING, G_STRUCT_OFFSET (DkServerConfig, brp_api_key_file) },
  { "brp", "timeout-seconds", KEY_UINT, G_STRUCT_OFFSET (DkServerConfig, brp_timeout_seconds), 1, 600 },
  { "brp", "max-concurrent", KEY_UINT, G_STRUCT_OFFSET (DkServerConfig, brp_max_concurrent), 1, 64 },
  { "brp", "municipality-code", KEY_STRING, G_STRUCT_OFFSET (DkServerConfig, brp_municipality_code) },
  { "ddas", "organisation-name", KEY_STRING, G_STRUCT_OFFSET (DkServerConfig, ddas_organisation_name) },
  { "ddas", "kvk-number", KEY_STRING, G_STRUCT_OFFSET (DkServerConfig, ddas_kvk_number) },
  { "ddas", "contact-name", KEY_STRING, G_STRUCT_OFFSET (DkServerConfig, ddas_contact_name) },
  { "ddas", "contact-phone", KEY_STRING, G_STRUCT_OFFSET (DkServerConfig, ddas_contact_phone) },
  { "ddas", "contact-email", KEY_STRING, G_STRUCT_OFFSET (DkServerConfig, ddas_contact_email) },
  { "ddas", "contact-function", KEY_STRING, G_STRUCT_OFFSET (DkServerConfig, ddas_contact_function) },
  { "signals", "policy-file", KEY_STRING, G_STRUCT_OFFSET (DkServerConfig, signal_policy_file) },
};

static const char * const log_levels[] = { "error", "warning", "info", "debug", NULL };

DkServerConfig *
dk_server_config_new (void)
{
  DkServerConfig *config = g_new0 (DkServerConfig, 1);

  /* Loopback by default: libsoup's server is not meant to face a network alone; production puts a
   * TLS reverse proxy in front (README) or configures a certificate explicitly. */
  config->listen_address = g_strdup ("127.0.0.1");
  config->port = DK_SYNC_DEFAULT_PORT;
  config->max_request_bytes = 8 * 1024 * 1024;
  config->max_batch_changes = 1000;
  config->request_timeout_seconds = 30;
  config->store_backend = g_strdup ("sqlite");
  config->store_path = g_strdup ("/var/lib/draagkracht/central.db");
  config->session_hours = 12;
  config->refresh_days = 30;
  config->max_failed_logins = 5;
  config->lockout_minutes = 15;
  config->tombstone_days = 90;
  config->log_level = g_strdup ("info");
  config->brp_timeout_seconds = 30;
  config->brp_max_concurrent = 4;

  return config;
}

void
dk_server_config_free (DkServerConfig *config)
{
  if (config == NULL)
    return;

  g_free (config->listen_address);
  g_free (config->tls_certificate);
  g_free (config->tls_key);
  g_free (config->store_backend);
  g_free (config->store_path);
  g_free (config->log_level);
  g_free (config->brp_url);
  g_free (config->brp_api_key_file);
  g_free (config->brp_municipality_code);
  g_free (config->ddas_organisation_name);
  g_free (config->ddas_kvk_number);
  g_free (config->ddas_contact_name);
  g_free (config->ddas_contact_phone);
  g_free (config->ddas_contact_email);
  g_free (config->ddas_contact_function);
  g_free (config->signal_policy_file);
  g_free (config);
}

static int
find_key (const char *group,
          const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    if (g_str_equal (keys[i].group, group) && g_str_equal (keys[i].key, key))
      return i;

  return -1;
}

static gboolean
load_key_file (DkServerConfig  *config,
               GKeyFile        *kf,
               GError         **error)
{
  g_auto(GStrv) groups = g_key_file_get_groups (kf, NULL);

  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto(GStrv) names = g_key_file_get_keys (kf, groups[g], NULL, NULL);

      for (guint k = 0; names != NULL && names[k] != NULL; k++)
        {
          g_autofree char *value = g_key_file_get_value (kf, groups[g], names[k], NULL);
          int i = find_key (groups[g], names[k]);
          gpointer field;

          if (i < 0)
            {
              g_set_error (error, DK_SERVER_CONFIG_ERROR, DK_SERVER_CONFIG_ERROR_INVALID,
                           _("[%s] %s is not a known setting"), groups[g], names[k]);
              return FALSE;
            }

          field = G_STRUCT_MEMBER_P (config, keys[i].offset);
          g_strstrip (value);

          if (keys[i].type == KEY_STRING)
            {
              char **str = field;

              g_free (*str);
              *str = value[0] != '\0' ? g_steal_pointer (&value) : NULL;
            }
          else
            {
              guint64 v;

              if (!g_ascii_string_to_unsigned (value, 10, keys[i].min, keys[i].max, &v, NULL))
                {
                  g_set_error (error, DK_SERVER_CONFIG_ERROR, DK_SERVER_CONFIG_ERROR_INVALID,
                               _("[%s] %s must be a whole number from %u to %u"),
                               groups[g], names[k], keys[i].min, keys[i].max);
                  return FALSE;
                }
              *(guint *) field = (guint) v;
            }
        }
    }

  return dk_server_config_validate (config, error);
}

gboolean
dk_server_config_load_file (DkServerConfig  *config,
                            const char      *path,
                            GError         **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_key_file_load_from_file (kf, path, G_KEY_FILE_NONE, &local_error))
    {
      g_set_error (error, DK_SERVER_CONFIG_ERROR, DK_SERVER_CONFIG_ERROR_INVALID,
                   _("Cannot read the configuration file %s: %s"), path, local_error->message);
      return FALSE;
    }

  if (!load_key_file (config, kf, &local_error))
    {
      g_set_error (error, DK_SERVER_CONFIG_ERROR, DK_SERVER_CONFIG_ERROR_INVALID,
                   _("Error in the configuration file %s: %s"), path, local_error->message);
      return FALSE;
    }

  return TRUE;
}

gboolean
dk_server_config_load_data (DkServerConfig  *config,
                            const char      *data,
                            GError         **error)
{
  g_autoptr(GKeyFile) kf = g_key_file_new ();

  g_return_val_if_fail (config != NULL, FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (!g_key_file_load_from_data (kf, data, -1, G_KEY_FILE_NONE, error))
    return FALSE;

  return load_key_file (config, kf, error);
}

gboolean
dk_server_config_validate (DkServerConfig  *config,
                           GError         **error)
{
  g_autoptr(GInetAddress) address = NULL;

  g_return_val_if_fail (config != NULL, FALSE);

  if (config->listen_address == NULL ||
      (address = g_inet_address_new_from_string (config->listen_address)) == NULL)
    {
      g_set_error (error, DK_SERVER_CONFIG_ERROR, DK_SERVER_CONFIG_ERROR_INVALID,
                   _("[server] listen-address must be an IP address such as 127.0.0.1 or ::1"));
      return FALSE;
    }

  if (config->port > G_MAXUINT16)
    {
      g_set_error (error, DK_SERVER_CONFIG_ERROR, DK_SERVER_CONFIG_ERROR_INVALID,
                   _("[server] port must be a whole number from %u to %u"), 0, G_MAXUINT16);
      return FALSE;
    }

  if ((config->tls_certificate == NULL) != (config->tls_key == NULL))
    {
      g_set_error (error, DK_SERVER_CONFIG_ERROR, DK_SERVER_CONFIG_ERROR_INVALID,
                   _("[server] tls-certificate and tls-key must be set together"));
      return FALSE;
    }

  if (g_strcmp0 (config->store_backend, "sqlite") != 0)
    {
      g_set_error (error, DK_SERVER_CONFIG_ERROR, DK_SERVER_CONFIG_ERROR_INVALID,
                   _("[store] backend “%s” is not supported; this version supports “sqlite”"),
                   config->store_backend ? config->store_backend : "");
      return FALSE;
    }

  if (config->store_path == NULL)
    {
      g_set_error (error, DK_SERVER_CONFIG_ERROR, DK_SERVER_CONFIG_ERROR_INVALID,
                   _("[store] path must name the database file"));
      return FALSE;
    }

  if (config->log_level == NULL || !g_strv_contains (log_levels, config->log_level))
    {
      g_set_error (error, DK_SERVER_CONFIG_ERROR, DK_SERVER_CONFIG_ERROR_INVALID,
                   _("[logging] level must be one of error, warning, info or debug"));
      return FALSE;
    }

  if (config->brp_url != NULL && !g_str_has_prefix (config->brp_url, "https://") &&
      !g_str_has_prefix (config->brp_url, "http://"))
    {
      g_set_error (error, DK_SERVER_CONFIG_ERROR, DK_SERVER_CONFIG_ERROR_INVALID,
                   _("[brp] url must be an http:// or https:// address"));
      return FALSE;
    }

  if (config->brp_municipality_code != NULL &&
      (strlen (config->brp_municipality_code) != 4 || strspn (config->brp_municipality_code, "0123456789") != 4))
    {
      g_set_error (error, DK_SERVER_CONFIG_ERROR, DK_SERVER_CONFIG_ERROR_INVALID,
                   _("[brp] municipality-code must be the four-digit municipality code, such as 0363"));
      return FALSE;
    }

  return TRUE;
}
