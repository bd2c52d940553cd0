#include "config.h"

#include <glib/gstdio.h>
#include <libsecret/secret.h>

#include "dk-credentials.h"

/* The same schema dk-credentials.c files its items under, so a test can plant items the program did
 * not write. */
static const SecretSchema session_schema = {
  "nl.draagkracht.Draagkracht.Session",
  SECRET_SCHEMA_NONE,
  {
    { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
  0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

static void
assert_credentials (const DkCredentials *c,
                    const char          *token,
                    const char          *refresh_token,
                    const char          *unlock_hash)
{
  g_assert_nonnull (c);
  g_assert_cmpstr (c->token, ==, token);
  g_assert_cmpstr (c->refresh_token, ==, refresh_token);
  g_assert_cmpstr (c->unlock_hash, ==, unlock_hash);
}

static void
store (const char *server,
       const char *user,
       const char *token,
       const char *refresh_token,
       const char *unlock_hash)
{
  g_autoptr(DkCredentials) c = dk_credentials_new (token, refresh_token, unlock_hash);
  g_autoptr(GError) error = NULL;

  g_assert_true (dk_credentials_store_sync (server, user, c, NULL, &error));
  g_assert_no_error (error);
}

static DkCredentials *
lookup (const char *server,
        const char *user)
{
  g_autoptr(GError) error = NULL;
  DkCredentials *c = dk_credentials_lookup_sync (server, user, NULL, &error);

  g_assert_no_error (error);
  return c;
}

static void
clear (const char *server,
       const char *user)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (dk_credentials_clear_sync (server, user, NULL, &error));
  g_assert_no_error (error);
}

static void
capture_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
test_round_trip (void)
{
  const char *server = "https://round-trip.test";
  g_autoptr(DkCredentials) c = NULL;

  store (server, "anna", "tok-1", "ref-1", NULL);
  c = lookup (server, "anna");
  assert_credentials (c, "tok-1", "ref-1", NULL);
  clear (server, "anna");
}

/* For the writes only; see __lsan_default_suppressions below. Not inlined, so the frame is named. */
static G_GNUC_NO_INLINE GAsyncResult *
wait_for_file_backend_write (GAsyncResult **result)
{
  return wait_for (result);
}

static void
test_round_trip_async (void)
{
  const char *server = "https://async.test";
  g_autoptr(DkCredentials) in = dk_credentials_new ("tok-a", NULL, NULL);
  g_autoptr(DkCredentials) out = NULL;
  g_autoptr(GAsyncResult) stored = NULL;
  g_autoptr(GAsyncResult) found = NULL;
  g_autoptr(GAsyncResult) cleared = NULL;
  g_autoptr(GAsyncResult) gone = NULL;
  g_autoptr(GError) error = NULL;

  dk_credentials_store_async (server, "anna", in, NULL, capture_cb, &stored);
  g_assert_true (dk_credentials_store_finish (wait_for_file_backend_write (&stored), &error));
  g_assert_no_error (error);

  dk_credentials_lookup_async (server, "anna", NULL, capture_cb, &found);
  out = dk_credentials_lookup_finish (wait_for (&found), &error);
  g_assert_no_error (error);
  assert_credentials (out, "tok-a", NULL, NULL);

  dk_credentials_clear_async (server, "anna", NULL, capture_cb, &cleared);
  g_assert_true (dk_credentials_clear_finish (wait_for_file_backend_write (&cleared), &error));
  g_assert_no_error (error);

  dk_credentials_lookup_async (server, "anna", NULL, capture_cb, &gone);
  g_assert_null (dk_credentials_lookup_finish (wait_for (&gone), &error));
  g_assert_no_error (error);
}

static void
test_kept_apart (void)
{
  const char *a = "https://a.test";
  const char *b = "https://b.test";
  g_autoptr(DkCredentials) anna_a = NULL;
  g_autoptr(DkCredentials) bert_a = NULL;
  g_autoptr(DkCredentials) anna_b = NULL;
  g_autoptr(DkCredentials) anna_a_after = NULL;
  g_autoptr(DkCredentials) anna_b_after = NULL;

  store (a, "anna", "anna-at-a", NULL, NULL);
  store (a, "bert", "bert-at-a", NULL, NULL);
  store (b, "anna", "anna-at-b", NULL, NULL);

  anna_a = lookup (a, "anna");
  bert_a = lookup (a, "bert");
  anna_b = lookup (b, "anna");
  assert_credentials (anna_a, "anna-at-a", NULL, NULL);
  assert_credentials (bert_a, "bert-at-a", NULL, NULL);
  assert_credentials (anna_b, "anna-at-b", NULL, NULL);

  /* Signing one user out of one server leaves every other item alone. */
  clear (a, "bert");
  g_assert_null (lookup (a, "bert"));
  anna_a_after = lookup (a, "anna");
  anna_b_after = lookup (b, "anna");
  assert_credentials (anna_a_after, "anna-at-a", NULL, NULL);
  assert_credentials (anna_b_after, "anna-at-b", NULL, NULL);

  clear (a, "anna");
  clear (b, "anna");
}

static void
test_overwrite (void)
{
  const char *server = "https://overwrite.test";
  g_autoptr(DkCredentials) c = NULL;
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GList *items;

  store (server, "anna", "old", "old-refresh", NULL);
  store (server, "anna", "new", NULL, NULL);
  c = lookup (server, "anna");
  assert_credentials (c, "new", NULL, NULL);

  /* Replaced, not added beside: one item per (server, user). */
  g_hash_table_insert (attributes, (gpointer) "server", (gpointer) server);
  g_hash_table_insert (attributes, (gpointer) "user", (gpointer) "anna");
  items = secret_password_searchv_sync (&session_schema, attributes, SECRET_SEARCH_ALL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);
  g_list_free_full (items, g_object_unref);

  clear (server, "anna");
}

static void
test_item_label (void)
{
  const char *server = "https://label.test";
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = NULL;
  GList *items;

  store (server, "anna", "tok", NULL, NULL);
  g_hash_table_insert (attributes, (gpointer) "server", (gpointer) server);
  g_hash_table_insert (attributes, (gpointer) "user", (gpointer) "anna");
  items = secret_password_searchv_sync (&session_schema, attributes, SECRET_SEARCH_ALL | SECRET_SEARCH_UNLOCK,
                                        NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_length (items), ==, 1);

  label = secret_retrievable_get_label (items->data);
  g_assert_cmpstr (label, ==, "Draagkracht: anna @ https://label.test");
  /* The content type is not checked here: the file backend keeps only the bytes and reads every
   * secret back as text/plain. test-keyring.sh checks it against gnome-keyring. */
  g_list_free_full (items, g_object_unref);

  clear (server, "anna");
}

static void
test_clear (void)
{
  const char *server = "https://clear.test";

  store (server, "anna", "tok", "ref", NULL);
  clear (server, "anna");
  g_assert_null (lookup (server, "anna"));
  /* Signing out twice is not an error. */
  clear (server, "anna");
}

static void
test_lookup_nothing (void)
{
  g_assert_null (lookup ("https://nothing.test", "nobody"));
}

static void
plant_secret (const char *server,
              const char *secret)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (secret_password_store_sync (&session_schema, NULL, "planted", secret, NULL, &error,
                                             "server", server, "user", "anna", NULL));
  g_assert_no_error (error);
}

static void
test_damaged (void)
{
  const char *server = "https://damaged.test";
  const char *damaged[] = {
    "not json at all",
    "[\"tok\"]",
    "{}",
    "{\"token\":\"\"}",
    "{\"token\":42}",
    "{\"token\":\"tok\",\"refresh_token\":[]}",
    "{\"token\":\"tok\",\"unlock_hash\":\"plain text, not an Argon2 hash\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (damaged); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GAsyncResult) result = NULL;

      plant_secret (server, damaged[i]);
      g_assert_null (dk_credentials_lookup_sync (server, "anna", NULL, &error));
      g_assert_error (error, DK_CREDENTIALS_ERROR, DK_CREDENTIALS_ERROR_DAMAGED);
      g_clear_error (&error);

      dk_credentials_lookup_async (server, "anna", NULL, capture_cb, &result);
      g_assert_null (dk_credentials_lookup_finish (wait_for (&result), &error));
      g_assert_error (error, DK_CREDENTIALS_ERROR, DK_CREDENTIALS_ERROR_DAMAGED);
    }

  /* A damaged item can still be cleared, so signing in again repairs it. */
  clear (server, "anna");
  g_assert_null (lookup (server, "anna"));
}

static void
test_unlock_hash_kept (void)
{
  const char *server = "https://unlock.test";
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = dk_credentials_hash_password ("geheim", &error);
  g_autoptr(DkCredentials) c = NULL;

  g_assert_no_error (error);
  store (server, "anna", "tok", "ref", hash);
  c = lookup (server, "anna");
  assert_credentials (c, "tok", "ref", hash);
  g_assert_true (dk_credentials_check_password (c->unlock_hash, "geheim"));
  clear (server, "anna");
}

static void
test_hash_check (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = dk_credentials_hash_password ("correct horse", &error);
  g_autofree char *empty = NULL;

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (hash, "$argon2id$"));
  g_assert_true (dk_credentials_check_password (hash, "correct horse"));
  g_assert_false (dk_credentials_check_password (hash, "correct horsE"));
  g_assert_false (dk_credentials_check_password (hash, ""));
  g_assert_false (dk_credentials_check_password (NULL, "correct horse"));
  g_assert_false (dk_credentials_check_password ("", "correct horse"));
  g_assert_false (dk_credentials_check_password ("not a hash", "correct horse"));

  empty = dk_credentials_hash_password ("", &error);
  g_assert_no_error (error);
  g_assert_true (dk_credentials_check_password (empty, ""));
  g_assert_false (dk_credentials_check_password (empty, "x"));
}

static void
test_hash_check_async (void)
{
  g_autoptr(GAsyncResult) hashed = NULL;
  g_autoptr(GAsyncResult) right = NULL;
  g_autoptr(GAsyncResult) wrong = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *other = NULL;

  dk_credentials_hash_password_async ("geheim", NULL, capture_cb, &hashed);
  hash = dk_credentials_hash_password_finish (wait_for (&hashed), &error);
  g_assert_no_error (error);
  g_assert_nonnull (hash);

  /* A fresh salt every time. */
  other = dk_credentials_hash_password ("geheim", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hash, !=, other);

  dk_credentials_check_password_async (hash, "geheim", NULL, capture_cb, &right);
  g_assert_true (dk_credentials_check_password_finish (wait_for (&right), &error));
  g_assert_no_error (error);
  dk_credentials_check_password_async (hash, "Geheim", NULL, capture_cb, &wrong);
  g_assert_false (dk_credentials_check_password_finish (wait_for (&wrong), &error));
  g_assert_no_error (error);
}

/* libsecret 0.20.5's file backend leaks the keyring file's previous etag on every write (it passes
 * &self->etag to g_file_replace_contents_finish; later releases free it first). The string is allocated
 * inside GIO, without symbols here, so the suppressions name the calls that write: libsecret's sync
 * wrappers and this test's wait for an async write. The real keyring is checked leak-free by
 * test-keyring.sh under the sanitizers. */
const char *__lsan_default_suppressions (void);
const char *__asan_default_options (void);

/* GLib is built without frame pointers: with the fast unwinder a stack ends at g_malloc and no
 * suppression could match the callers. */
const char *
__asan_default_options (void)
{
  return "fast_unwind_on_malloc=0";
}

const char *
__lsan_default_suppressions (void)
{
  return "leak:secret_password_store_sync\n"
         "leak:secret_password_storev_binary_sync\n"
         "leak:secret_password_clearv_sync\n"
         "leak:wait_for_file_backend_write\n";
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("dk-credentials-XXXXXX", &error);
  g_autofree char *keyring = NULL;
  int status;

  g_assert_no_error (error);
  keyring = g_build_filename (dir, "keyring", NULL);

  /* libsecret's file backend: no D-Bus, no daemon, a keyring file of our own. libsecret reads these
   * when it first picks a backend, so they are set before any libsecret call. */
  g_setenv ("SECRET_BACKEND", "file", TRUE);
  g_setenv ("SECRET_FILE_TEST_PATH", keyring, TRUE);
  g_setenv ("SECRET_FILE_TEST_PASSWORD", "test", TRUE);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/credentials/round-trip", test_round_trip);
  g_test_add_func ("/credentials/round-trip-async", test_round_trip_async);
  g_test_add_func ("/credentials/kept-apart", test_kept_apart);
  g_test_add_func ("/credentials/overwrite", test_overwrite);
  g_test_add_func ("/credentials/label", test_item_label);
  g_test_add_func ("/credentials/clear", test_clear);
  g_test_add_func ("/credentials/lookup-nothing", test_lookup_nothing);
  g_test_add_func ("/credentials/damaged", test_damaged);
  g_test_add_func ("/credentials/unlock-hash-kept", test_unlock_hash_kept);
  g_test_add_func ("/credentials/hash-check", test_hash_check);
  g_test_add_func ("/credentials/hash-check-async", test_hash_check_async);

  status = g_test_run ();

  g_remove (keyring);
  g_rmdir (dir);
  return status;
}
