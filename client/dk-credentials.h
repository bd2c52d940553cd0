#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define DK_CREDENTIALS_ERROR (dk_credentials_error_quark ())

typedef enum
{
  DK_CREDENTIALS_ERROR_DAMAGED,       /* the keyring item is not a secret this program wrote */
  DK_CREDENTIALS_ERROR_HASH_FAILED,   /* libsodium could not hash (out of memory) */
} DkCredentialsError;

/* What a signed-in user keeps between runs. It lives only in the keyring (libsecret), never in a file. */
typedef struct
{
  char *token;           /* session token */
  char *refresh_token;   /* may be NULL */
  char *unlock_hash;     /* libsodium crypto_pwhash_str() of the password, to unlock the app offline
                          * after the inactivity lock; may be NULL */
} DkCredentials;

GQuark         dk_credentials_error_quark     (void);

DkCredentials *dk_credentials_new             (const char           *token,
                                               const char           *refresh_token,
                                               const char           *unlock_hash);
void           dk_credentials_free            (DkCredentials        *c);

/* One keyring item per (server URL, user name); storing again replaces it. */
void           dk_credentials_store_async     (const char           *server,
                                               const char           *user,
                                               const DkCredentials  *c,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean       dk_credentials_store_finish    (GAsyncResult         *result,
                                               GError              **error);
gboolean       dk_credentials_store_sync      (const char           *server,
                                               const char           *user,
                                               const DkCredentials  *c,
                                               GCancellable         *cancellable,
                                               GError              **error);

/* NULL without an error when nothing is stored for (server, user). */
void           dk_credentials_lookup_async    (const char           *server,
                                               const char           *user,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
DkCredentials *dk_credentials_lookup_finish   (GAsyncResult         *result,
                                               GError              **error);
DkCredentials *dk_credentials_lookup_sync     (const char           *server,
                                               const char           *user,
                                               GCancellable         *cancellable,
                                               GError              **error);

/* Sign out. Succeeds too when nothing was stored, so signing out twice is harmless. */
void           dk_credentials_clear_async     (const char           *server,
                                               const char           *user,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
gboolean       dk_credentials_clear_finish    (GAsyncResult         *result,
                                               GError              **error);
gboolean       dk_credentials_clear_sync      (const char           *server,
                                               const char           *user,
                                               GCancellable         *cancellable,
                                               GError              **error);

/* Argon2id (crypto_pwhash_str, OPSLIMIT/MEMLIMIT_INTERACTIVE): takes a noticeable fraction of a
 * second and 64 MiB, so the UI uses the _async variants, which run in a worker thread. */
char          *dk_credentials_hash_password   (const char           *password,
                                               GError              **error);
gboolean       dk_credentials_check_password  (const char           *hash,
                                               const char           *password);
void           dk_credentials_hash_password_async  (const char           *password,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
char          *dk_credentials_hash_password_finish (GAsyncResult         *result,
                                                    GError              **error);
void           dk_credentials_check_password_async  (const char           *hash,
                                                     const char           *password,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
/* FALSE without an error for a wrong password; an error only when cancelled. */
gboolean       dk_credentials_check_password_finish (GAsyncResult         *result,
                                                     GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkCredentials, dk_credentials_free)

G_END_DECLS
