/* Drives the client's credential store from a shell, so test-keyring.sh can run it against a real
 * gnome-keyring-daemon. Uses the async API (what the UI uses) with a main loop.
 *   dk-credentials-tool store SERVER USER TOKEN [REFRESH [UNLOCK-PASSWORD]]
 *   dk-credentials-tool lookup SERVER USER      prints token, refresh token, "unlock-ok" or "no-unlock"
 *                                               ("unlock-ok" when the unlock hash matches $DK_UNLOCK_PASSWORD);
 *                                               exit 3 when nothing is stored
 *   dk-credentials-tool clear SERVER USER
 *   dk-credentials-tool item SERVER USER        prints the keyring item's label, content type and raw
 *                                               secret, read with libsecret directly
 * Exit 1 on any error, with the error on stderr. */
#include "config.h"

#include <stdio.h>
#include <libsecret/secret.h>

#include "dk-credentials.h"

typedef struct
{
  GMainLoop    *loop;
  GAsyncResult *result;
} Wait;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = g_object_ref (result);
  g_main_loop_quit (wait->loop);
}

static int
fail (const GError *error)
{
  fprintf (stderr, "dk-credentials-tool: %s (%s %d)\n", error->message,
           g_quark_to_string (error->domain), error->code);
  return 1;
}

/* What dk-credentials.c wrote, seen from outside it. */
static int
print_item (const char *server,
            const char *user)
{
  static const SecretSchema schema = {
    "nl.draagkracht.Draagkracht.Session", SECRET_SCHEMA_NONE,
    { { "server", SECRET_SCHEMA_ATTRIBUTE_STRING }, { "user", SECRET_SCHEMA_ATTRIBUTE_STRING }, { NULL, 0 } },
    0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
  };
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(SecretValue) value = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  GList *items;

  g_hash_table_insert (attributes, (gpointer) "server", (gpointer) server);
  g_hash_table_insert (attributes, (gpointer) "user", (gpointer) user);
  items = secret_password_searchv_sync (&schema, attributes, SECRET_SEARCH_UNLOCK, NULL, &error);
  if (error != NULL)
    return fail (error);
  if (items == NULL)
    return 3;

  label = secret_retrievable_get_label (items->data);
  value = secret_retrievable_retrieve_secret_sync (items->data, NULL, &error);
  g_list_free_full (items, g_object_unref);
  if (value == NULL)
    return error != NULL ? fail (error) : 1;

  printf ("%s\n%s\n%s\n", label, secret_value_get_content_type (value), secret_value_get_text (value));
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  Wait wait = { loop, NULL };
  const char *command;
  const char *server;
  const char *user;
  int status = 0;

  if (argc < 4)
    {
      fprintf (stderr, "usage: dk-credentials-tool store|lookup|clear SERVER USER [TOKEN [REFRESH [PASSWORD]]]\n");
      return 2;
    }
  command = argv[1];
  server = argv[2];
  user = argv[3];

  if (g_str_equal (command, "store") && argc >= 5)
    {
      g_autoptr(DkCredentials) c = NULL;
      g_autofree char *hash = NULL;

      if (argc >= 7 && (hash = dk_credentials_hash_password (argv[6], &error)) == NULL)
        return fail (error);
      c = dk_credentials_new (argv[4], argc >= 6 ? argv[5] : NULL, hash);
      dk_credentials_store_async (server, user, c, NULL, done_cb, &wait);
      g_main_loop_run (loop);
      if (!dk_credentials_store_finish (wait.result, &error))
        status = fail (error);
    }
  else if (g_str_equal (command, "lookup"))
    {
      g_autoptr(DkCredentials) c = NULL;

      dk_credentials_lookup_async (server, user, NULL, done_cb, &wait);
      g_main_loop_run (loop);
      c = dk_credentials_lookup_finish (wait.result, &error);
      if (error != NULL)
        status = fail (error);
      else if (c == NULL)
        status = 3;
      else
        printf ("%s\n%s\n%s\n", c->token, c->refresh_token ? c->refresh_token : "",
                dk_credentials_check_password (c->unlock_hash, g_getenv ("DK_UNLOCK_PASSWORD"))
                  ? "unlock-ok" : "no-unlock");
    }
  else if (g_str_equal (command, "clear"))
    {
      dk_credentials_clear_async (server, user, NULL, done_cb, &wait);
      g_main_loop_run (loop);
      if (!dk_credentials_clear_finish (wait.result, &error))
        status = fail (error);
    }
  else if (g_str_equal (command, "item"))
    status = print_item (server, user);
  else
    {
      fprintf (stderr, "dk-credentials-tool: unknown command or missing arguments\n");
      status = 2;
    }

  g_clear_object (&wait.result);
  return status;
}
