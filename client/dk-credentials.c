#include "config.h"

#include <string.h>
#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsecret/secret.h>
#include <sodium.h>

#include "dk-credentials.h"

G_DEFINE_QUARK (dk-credentials-error-quark, dk_credentials_error)

#define CONTENT_TYPE "application/json"

/* SECRET_SCHEMA_NONE: lookups match on the schema name too, so an item another program filed under
 * the same attribute names is never mistaken for ours. */
static const SecretSchema credentials_schema = {
  "nl.draagkracht.Draagkracht.Session",
  SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
  0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

/* Secrets are wiped before their memory goes back to the allocator, where a later bug (or a core
 * dump) could otherwise find them; sodium_memzero is not optimised away like memset. */
static void
wipe_free (char *secret)
{
  if (secret == NULL)
    return;

  sodium_memzero (secret, strlen (secret));
  g_free (secret);
}

typedef char DkSecretString;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkSecretString, wipe_free)

DkCredentials *
dk_credentials_new (const char *token,
                    const char *refresh_token,
                    const char *unlock_hash)
{
  DkCredentials *c = g_new0 (DkCredentials, 1);

  c->token = g_strdup (token);
  c->refresh_token = g_strdup (refresh_token);
  c->unlock_hash = g_strdup (unlock_hash);
  return c;
}

void
dk_credentials_free (DkCredentials *c)
{
  if (c == NULL)
    return;

  wipe_free (c->token);
  wipe_free (c->refresh_token);
  wipe_free (c->unlock_hash);
  g_free (c);
}

static GHashTable *
item_attributes (const char *server,
                 const char *user)
{
  GHashTable *attributes = g_hash_table_new (g_str_hash, g_str_equal);

  /* Borrowed strings: the table never outlives the call it is passed to. */
  g_hash_table_insert (attributes, (gpointer) "server", (gpointer) server);
  g_hash_table_insert (attributes, (gpointer) "user", (gpointer) user);
  return attributes;
}

static char *
item_label (const char *server,
            const char *user)
{
  return g_strdup_printf ("Draagkracht: %s @ %s", user, server);
}

/* JSON nodes keep their own copies of the strings; wipe those too before the tree is freed. */
static void
wipe_member (JsonObject  *object,
             const char  *member_name,
             JsonNode    *member_node,
             gpointer     user_data)
{
  if (JSON_NODE_HOLDS_VALUE (member_node) && json_node_get_value_type (member_node) == G_TYPE_STRING)
    {
      char *text = (char *) json_node_get_string (member_node);

      if (text != NULL)
        sodium_memzero (text, strlen (text));
    }
}

static void
wipe_json (JsonNode *root)
{
  if (root != NULL && JSON_NODE_HOLDS_OBJECT (root))
    json_object_foreach_member (json_node_get_object (root), wipe_member, NULL);
}

static void
add_optional_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static SecretValue *
encode_secret (const DkCredentials *c)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(DkSecretString) text = NULL;
  gsize length = 0;

  json_builder_begin_object (builder);
  add_optional_string (builder, "token", c->token);
  add_optional_string (builder, "refresh_token", c->refresh_token);
  add_optional_string (builder, "unlock_hash", c->unlock_hash);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  wipe_json (root);

  /* secret_value_new copies into libsecret's locked, wiped-on-free memory. */
  return secret_value_new (text, (gssize) length, CONTENT_TYPE);
}

static gboolean
read_optional_string (JsonObject  *object,
                      const char  *name,
                      gboolean     required,
                      char       **out)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return !required;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  *out = g_strdup (json_node_get_string (node));
  return !required || (*out)[0] != '\0';
}

static DkCredentials *
decode_secret (SecretValue  *value,
               GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(DkCredentials) c = g_new0 (DkCredentials, 1);
  JsonNode *root;
  JsonObject *object;
  gsize length = 0;
  const char *data = secret_value_get (value, &length);
  gboolean ok;

  if (data == NULL || !json_parser_load_from_data (parser, data, (gssize) length, NULL) ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, DK_CREDENTIALS_ERROR, DK_CREDENTIALS_ERROR_DAMAGED,
                   _("The saved sign-in in the keyring is damaged; please sign in again"));
      return NULL;
    }

  root = json_parser_get_root (parser);
  object = json_node_get_object (root);
  ok = read_optional_string (object, "token", TRUE, &c->token) &&
       read_optional_string (object, "refresh_token", FALSE, &c->refresh_token) &&
       read_optional_string (object, "unlock_hash", FALSE, &c->unlock_hash);
  wipe_json (root);

  /* A hash libsodium cannot read would lock the user out at the first inactivity lock; say so now. */
  if (ok && c->unlock_hash != NULL && crypto_pwhash_str_needs_rehash (c->unlock_hash,
                                                                      crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                                                      crypto_pwhash_MEMLIMIT_INTERACTIVE) < 0)
    ok = FALSE;

  if (!ok)
    {
      g_set_error (error, DK_CREDENTIALS_ERROR, DK_CREDENTIALS_ERROR_DAMAGED,
                   _("The saved sign-in in the keyring is incomplete; please sign in again"));
      return NULL;
    }

  return g_steal_pointer (&c);
}

/* Store */

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
dk_credentials_store_async (const char          *server,
                            const char          *user,
                            const DkCredentials *c,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (server != NULL && *server != '\0');
  g_return_if_fail (user != NULL && *user != '\0');
  g_return_if_fail (c != NULL && c->token != NULL && *c->token != '\0');

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dk_credentials_store_async);

  attributes = item_attributes (server, user);
  label = item_label (server, user);
  value = encode_secret (c);
  /* A NULL collection is the default one (the login keyring); libsecret replaces an item with the
   * same attributes, which is what makes this one item per (server, user). */
  secret_password_storev_binary (&credentials_schema, attributes, NULL, label, value, cancellable,
                                 store_cb, g_steal_pointer (&task));
}

gboolean
dk_credentials_store_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dk_credentials_store_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
dk_credentials_store_sync (const char           *server,
                           const char           *user,
                           const DkCredentials  *c,
                           GCancellable         *cancellable,
                           GError              **error)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  g_autofree char *label = NULL;

  g_return_val_if_fail (server != NULL && *server != '\0', FALSE);
  g_return_val_if_fail (user != NULL && *user != '\0', FALSE);
  g_return_val_if_fail (c != NULL && c->token != NULL && *c->token != '\0', FALSE);

  attributes = item_attributes (server, user);
  label = item_label (server, user);
  value = encode_secret (c);
  return secret_password_storev_binary_sync (&credentials_schema, attributes, NULL, label, value,
                                             cancellable, error);
}

/* Lookup */

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(SecretValue) value = NULL;
  GError *error = NULL;
  DkCredentials *c;

  value = secret_password_lookup_binary_finish (result, &error);
  if (error != NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (value == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  c = decode_secret (value, &error);
  if (c == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, c, (GDestroyNotify) dk_credentials_free);
}

void
dk_credentials_lookup_async (const char          *server,
                             const char          *user,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (server != NULL && *server != '\0');
  g_return_if_fail (user != NULL && *user != '\0');

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dk_credentials_lookup_async);

  attributes = item_attributes (server, user);
  secret_password_lookupv (&credentials_schema, attributes, cancellable, lookup_cb, g_steal_pointer (&task));
}

DkCredentials *
dk_credentials_lookup_finish (GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dk_credentials_lookup_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

DkCredentials *
dk_credentials_lookup_sync (const char    *server,
                            const char    *user,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GHashTable) attributes = NULL;
  g_autoptr(SecretValue) value = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (server != NULL && *server != '\0', NULL);
  g_return_val_if_fail (user != NULL && *user != '\0', NULL);

  attributes = item_attributes (server, user);
  value = secret_password_lookupv_binary_sync (&credentials_schema, attributes, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return NULL;
    }
  if (value == NULL)
    return NULL;

  return decode_secret (value, error);
}

/* Clear */

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  /* FALSE without an error only means there was nothing to remove. */
  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
dk_credentials_clear_async (const char          *server,
                            const char          *user,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GHashTable) attributes = NULL;

  g_return_if_fail (server != NULL && *server != '\0');
  g_return_if_fail (user != NULL && *user != '\0');

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dk_credentials_clear_async);

  attributes = item_attributes (server, user);
  secret_password_clearv (&credentials_schema, attributes, cancellable, clear_cb, g_steal_pointer (&task));
}

gboolean
dk_credentials_clear_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dk_credentials_clear_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
dk_credentials_clear_sync (const char    *server,
                           const char    *user,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GHashTable) attributes = NULL;
  GError *local_error = NULL;

  g_return_val_if_fail (server != NULL && *server != '\0', FALSE);
  g_return_val_if_fail (user != NULL && *user != '\0', FALSE);

  attributes = item_attributes (server, user);
  secret_password_clearv_sync (&credentials_schema, attributes, cancellable, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* Password hash for the offline unlock */

char *
dk_credentials_hash_password (const char  *password,
                              GError     **error)
{
  char hash[crypto_pwhash_STRBYTES];
  char *result;

  g_return_val_if_fail (password != NULL, NULL);

  /* sodium_init is idempotent and thread-safe; it picks the fastest implementations. */
  if (sodium_init () < 0 ||
      crypto_pwhash_str (hash, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, DK_CREDENTIALS_ERROR, DK_CREDENTIALS_ERROR_HASH_FAILED,
                   _("Could not protect the password for the offline lock: not enough memory"));
      return NULL;
    }

  result = g_strdup (hash);
  sodium_memzero (hash, sizeof hash);
  return result;
}

gboolean
dk_credentials_check_password (const char *hash,
                               const char *password)
{
  if (hash == NULL || password == NULL || sodium_init () < 0)
    return FALSE;

  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0;
}

typedef struct
{
  char *hash;
  char *password;
} PasswordJob;

static void
password_job_free (PasswordJob *job)
{
  wipe_free (job->hash);
  wipe_free (job->password);
  g_free (job);
}

static void
hash_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PasswordJob *job = task_data;
  GError *error = NULL;
  char *hash = dk_credentials_hash_password (job->password, &error);

  if (hash == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, hash, (GDestroyNotify) wipe_free);
}

void
dk_credentials_hash_password_async (const char          *password,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PasswordJob *job;

  g_return_if_fail (password != NULL);

  job = g_new0 (PasswordJob, 1);
  job->password = g_strdup (password);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dk_credentials_hash_password_async);
  g_task_set_task_data (task, job, (GDestroyNotify) password_job_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, hash_thread);
}

char *
dk_credentials_hash_password_finish (GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dk_credentials_hash_password_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  PasswordJob *job = task_data;

  g_task_return_boolean (task, dk_credentials_check_password (job->hash, job->password));
}

void
dk_credentials_check_password_async (const char          *hash,
                                     const char          *password,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  PasswordJob *job;

  job = g_new0 (PasswordJob, 1);
  job->hash = g_strdup (hash);
  job->password = g_strdup (password);
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, dk_credentials_check_password_async);
  g_task_set_task_data (task, job, (GDestroyNotify) password_job_free);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, check_thread);
}

gboolean
dk_credentials_check_password_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == dk_credentials_check_password_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
