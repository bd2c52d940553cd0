/* O_CLOEXEC and O_NOFOLLOW are POSIX.1-2008, which -std=c17 alone does not declare. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "dk-brp-client.h"
#include "dk-brp-match.h"
#include "dk-validate.h"

G_DEFINE_QUARK (dk-brp-error-quark, dk_brp_error)

/* An API key is a short token; anything longer is not a key file. */
#define MAX_KEY_BYTES 4096

struct _DkBrpClient
{
  GObject      parent_instance;

  char        *url;
  char        *api_key;
  SoupSession *session;
};

G_DEFINE_FINAL_TYPE (DkBrpClient, dk_brp_client, G_TYPE_OBJECT)

/* Only what the check needs (data minimisation): the status fields come back anyway. */
static const char * const requested_fields[] = {
  "burgerservicenummer",
  "naam",
  "geboorte",
  "overlijden",
  "gemeenteVanInschrijving",
  "verblijfplaats",
  "partners.naam",
  NULL
};

static void
dk_brp_client_finalize (GObject *object)
{
  DkBrpClient *self = DK_BRP_CLIENT (object);

  g_free (self->url);
  if (self->api_key != NULL)
    memset (self->api_key, 0, strlen (self->api_key));
  g_free (self->api_key);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (dk_brp_client_parent_class)->finalize (object);
}

static void
dk_brp_client_class_init (DkBrpClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = dk_brp_client_finalize;
}

static void
dk_brp_client_init (DkBrpClient *self)
{
}

char *
dk_brp_read_api_key (const char  *path,
                     GError     **error)
{
  g_autofree char *key = g_malloc0 (MAX_KEY_BYTES + 1);
  struct stat st;
  gsize length = 0;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);

  fd = g_open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, DK_BRP_ERROR, DK_BRP_ERROR_KEY_FILE, _("Cannot open the BRP API key file %s: %s"), path,
                   g_strerror (saved));
      return NULL;
    }
  /* fstat on the open file: the mode checked is the mode of the file read. */
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, DK_BRP_ERROR, DK_BRP_ERROR_KEY_FILE, _("The BRP API key file %s is not a regular file."),
                   path);
      return NULL;
    }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    {
      close (fd);
      g_set_error (error, DK_BRP_ERROR, DK_BRP_ERROR_KEY_FILE,
                   _("The BRP API key file %s may be read by others (mode %04o); make it 0600."), path,
                   (guint) (st.st_mode & 07777));
      return NULL;
    }
  while (length < MAX_KEY_BYTES)
    {
      gssize n = read (fd, key + length, MAX_KEY_BYTES - length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      length += (gsize) n;
    }
  close (fd);

  g_strstrip (key);
  if (*key == '\0' || strpbrk (key, "\r\n") != NULL ||
      !g_utf8_validate (key, -1, NULL))
    {
      g_set_error (error, DK_BRP_ERROR, DK_BRP_ERROR_KEY_FILE,
                   _("The BRP API key file %s must hold the key on one line."), path);
      return NULL;
    }
  return g_strdup (key);
}

DkBrpClient *
dk_brp_client_new (const char *url,
                   const char *api_key,
                   guint       timeout_seconds)
{
  DkBrpClient *self;

  g_return_val_if_fail (url != NULL, NULL);
  g_return_val_if_fail (api_key != NULL, NULL);

  self = g_object_new (DK_TYPE_BRP_CLIENT, NULL);
  self->url = g_strdup (url);
  self->api_key = g_strdup (api_key);
  self->session = soup_session_new_with_options ("user-agent", "Draagkracht/" PACKAGE_VERSION,
                                                 "timeout", timeout_seconds,
                                                 "idle-timeout", timeout_seconds,
                                                 NULL);
  return self;
}

DkBrpClient *
dk_brp_client_new_from_config (const DkServerConfig  *config,
                               GError               **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (config != NULL, NULL);

  if (config->brp_url == NULL || config->brp_api_key_file == NULL || config->brp_municipality_code == NULL)
    {
      g_set_error_literal (error, DK_BRP_ERROR, DK_BRP_ERROR_NOT_CONFIGURED,
                           _("The BRP check needs url, api-key-file and municipality-code in the [brp] section "
                             "of the configuration file."));
      return NULL;
    }
  key = dk_brp_read_api_key (config->brp_api_key_file, error);
  if (key == NULL)
    return NULL;
  return dk_brp_client_new (config->brp_url, key, config->brp_timeout_seconds);
}

/* ---- one request ---- */

typedef struct
{
  SoupMessage *message;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->message);
  g_free (request);
}

static GError *
status_error (guint status)
{
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    return g_error_new (DK_BRP_ERROR, DK_BRP_ERROR_UNAUTHORIZED,
                        _("The population register refused the API key (HTTP %u); check [brp] api-key-file."),
                        status);
  return g_error_new (DK_BRP_ERROR, DK_BRP_ERROR_FAILED, _("The population register answered HTTP %u (%s)."),
                      status, soup_status_get_phrase (status) != NULL ? soup_status_get_phrase (status) : "");
}

static void
sent_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_autoptr(JsonParser) parser = NULL;
  GPtrArray *persons;
  guint status;

  if (body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
        g_task_return_new_error (task, DK_BRP_ERROR, DK_BRP_ERROR_TIMEOUT,
                                 _("The population register did not answer in time."));
      else
        g_task_return_new_error (task, DK_BRP_ERROR, DK_BRP_ERROR_FAILED,
                                 _("Cannot reach the population register: %s"), error->message);
      return;
    }

  status = soup_message_get_status (request->message);
  if (status != SOUP_STATUS_OK)
    {
      g_task_return_error (task, status_error (status));
      return;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), &error))
    {
      g_task_return_new_error (task, DK_BRP_ERROR, DK_BRP_ERROR_BAD_RESPONSE,
                               _("The population register’s answer is not JSON: %s"), error->message);
      return;
    }
  persons = dk_brp_parse_personen (json_parser_get_root (parser), &error);
  if (persons == NULL)
    {
      g_task_return_new_error (task, DK_BRP_ERROR, DK_BRP_ERROR_BAD_RESPONSE, "%s", error->message);
      return;
    }
  g_task_return_pointer (task, persons, (GDestroyNotify) g_ptr_array_unref);
}

/* Sends @query (a PersonenQuery with its type and parameters; "fields" is added here). */
static void
post_query (DkBrpClient         *self,
            JsonObject          *query,
            gpointer             source_tag,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonArray *fields = json_array_new ();
  Request *request = g_new0 (Request, 1);
  SoupMessageHeaders *headers;
  char *text;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  for (guint i = 0; requested_fields[i] != NULL; i++)
    json_array_add_string_element (fields, requested_fields[i]);
  json_object_set_array_member (query, "fields", fields);
  json_node_take_object (root, json_object_ref (query));
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);

  request->message = soup_message_new (SOUP_METHOD_POST, self->url);
  if (request->message == NULL)
    {
      g_free (text);
      g_task_return_new_error (task, DK_BRP_ERROR, DK_BRP_ERROR_NOT_CONFIGURED,
                               _("[brp] url is not a usable address."));
      return;
    }
  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  soup_message_headers_replace (headers, "X-API-KEY", self->api_key);
  soup_message_set_request_body_from_bytes (request->message, "application/json",
                                            g_bytes_new_take (text, strlen (text)));

  soup_session_send_and_read_async (self->session, request->message, G_PRIORITY_DEFAULT, cancellable, sent_cb,
                                    g_steal_pointer (&task));
}

void
dk_brp_client_find_by_bsn_async (DkBrpClient         *self,
                                 const char          *bsn,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(JsonObject) query = json_object_new ();
  JsonArray *bsns = json_array_new ();

  g_return_if_fail (DK_IS_BRP_CLIENT (self));
  g_return_if_fail (bsn != NULL);

  json_object_set_string_member (query, "type", "RaadpleegMetBurgerservicenummer");
  json_array_add_string_element (bsns, bsn);
  json_object_set_array_member (query, "burgerservicenummer", bsns);
  post_query (self, query, dk_brp_client_find_by_bsn_async, cancellable, callback, user_data);
}

void
dk_brp_client_find_by_address_async (DkBrpClient         *self,
                                     const char          *postcode,
                                     const char          *house_number,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(JsonObject) query = json_object_new ();
  g_autofree char *normalized = NULL;
  guint64 number = 0;

  g_return_if_fail (DK_IS_BRP_CLIENT (self));
  g_return_if_fail (postcode != NULL && house_number != NULL);

  normalized = dk_postcode_normalize (postcode);
  if (normalized == NULL || !g_ascii_string_to_unsigned (house_number, 10, 1, 99999, &number, NULL))
    {
      g_task_report_new_error (self, callback, user_data, dk_brp_client_find_by_address_async, DK_BRP_ERROR,
                               DK_BRP_ERROR_FAILED, _("The signal’s postcode or house number cannot be searched."));
      return;
    }
  /* The register spells postcodes without the space. */
  memmove (normalized + 4, normalized + 5, 3);
  json_object_set_string_member (query, "type", "ZoekMetPostcodeEnHuisnummer");
  json_object_set_string_member (query, "postcode", normalized);
  json_object_set_int_member (query, "huisnummer", (gint64) number);
  post_query (self, query, dk_brp_client_find_by_address_async, cancellable, callback, user_data);
}

GPtrArray *
dk_brp_client_find_finish (DkBrpClient   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
