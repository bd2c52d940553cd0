#pragma once

#include <glib.h>

#include "dk-server-config.h"
#include "dk-store.h"

G_BEGIN_DECLS

/*
 * Users, devices, sessions and the audit trail of the sync server, over a DkStore opened with
 * dk_central_store_open(). Every writing function is one logical change in one
 * dk_store_transaction() (a savepoint when called inside a caller's transaction).
 *
 * Passwords are hashed with Argon2id (libsodium's crypto_pwhash_str_alg()). The hash runs outside
 * the write transaction, so a login does not hold the database's write lock while it works.
 *
 * A login hands out two random tokens (32 bytes from randombytes_buf(), base64url without
 * padding): the session token, sent with every request until it expires, and the refresh token,
 * which buys a new pair when the session token has expired. They are returned once; the store
 * keeps only their BLAKE2b hashes. Looking a token up by its hash is the constant-time comparison:
 * the index lookup's timing depends on the hash, which tells an attacker nothing about a token.
 *
 * Times: every function takes @now (converted to UTC) instead of reading the clock, so that tests
 * and replays control it. Times are stored as 'YYYY-MM-DDTHH:MM:SS.mmmZ'.
 *
 * Audit: login, refresh and logout write their own audit rows. Administrative changes (roles,
 * teams, devices, disabling) are audited by the caller, who knows who acted: dk_auth_audit() with
 * the acting principal, or dk_auth_audit_admin() for the local administrator (draagkracht-admin),
 * inside the caller's dk_store_transaction() when the row must stand or fall with the change.
 *
 * Error messages never contain a user name, display name, password or token.
 */

#define DK_AUTH_ERROR (dk_auth_error_quark ())

typedef enum
{
  /* Unknown user name, wrong password, or an account locked after too many wrong passwords: one
   * code and one message for all three, so that the answer never tells whether a user exists. */
  DK_AUTH_ERROR_INVALID_CREDENTIALS,
  DK_AUTH_ERROR_USER_DISABLED,   /* the password was right, but the account is switched off */
  DK_AUTH_ERROR_DEVICE_REVOKED,  /* the device was revoked: it must wipe its replica */
  DK_AUTH_ERROR_DEVICE_UNKNOWN,  /* the login named a device that is not one of this user's */
  DK_AUTH_ERROR_TOKEN_UNKNOWN,   /* no session has this token: malformed, forged or long gone */
  DK_AUTH_ERROR_TOKEN_EXPIRED,   /* the session token (or, for a refresh, the refresh token) expired */
  DK_AUTH_ERROR_TOKEN_REVOKED,   /* the session ended: logout, refresh, new password, user disabled */
  DK_AUTH_ERROR_WEAK_PASSWORD,   /* the password policy refused the new password */
  DK_AUTH_ERROR_INVALID,         /* a malformed user name, display name, device name, id, action */
  DK_AUTH_ERROR_EXISTS,          /* the user name or team name is taken (compared ignoring case) */
  DK_AUTH_ERROR_NOT_FOUND,       /* no user, team or device with this id (administration) */
  DK_AUTH_ERROR_FAILED,          /* the cryptography library failed (e.g. out of memory) */
} DkAuthError;

GQuark dk_auth_error_quark (void);

typedef enum
{
  DK_ROLE_FIELD_WORKER,     /* vroegsignalering: their own signals and dossiers */
  DK_ROLE_DEBT_COUNSELLOR,
  DK_ROLE_TEAM_LEAD,
  DK_ROLE_BACK_OFFICE,      /* financial administration */
  DK_ROLE_ADMINISTRATOR,    /* users and devices; no case data */
} DkRole;

/* The machine name stored in user.role ("field_worker", …). */
const char *dk_role_to_string   (DkRole       role);
gboolean    dk_role_from_string (const char  *text,
                                 DkRole      *out_role);

typedef enum
{
  DK_AUDIT_SUCCESS,
  DK_AUDIT_DENIED,   /* refused: wrong credentials, out of scope, no permission */
  DK_AUDIT_FAILED,   /* allowed, but it failed (invalid input, a database error) */
} DkAuditOutcome;

/*
 * What the auth functions need to know besides the store: the [auth] settings of the server config
 * and the Argon2id limits.
 *
 * The limits default to libsodium's OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE (2 passes over
 * 64 MiB, about a tenth of a second): libsodium's recommendation for online logins. Every guess
 * against a stolen hash then costs an attacker the same 64 MiB-second, while one server can still
 * take several logins at once; MODERATE (256 MiB) or SENSITIVE (1 GiB) per login would let a few
 * simultaneous logins exhaust the small machine a municipality runs this on. Only tests lower them
 * (to crypto_pwhash_OPSLIMIT_MIN / MEMLIMIT_MIN) to keep the suite fast; a hash keeps the limits it
 * was made with, and a successful login rehashes the password when the limits have changed.
 */
typedef struct
{
  guint   session_hours;      /* lifetime of a session token */
  guint   refresh_days;       /* lifetime of a refresh token, renewed by every refresh */
  guint   max_failed_logins;  /* wrong passwords in a row that lock the account */
  guint   lockout_minutes;    /* how long a locked account stays locked */
  guint64 pwhash_opslimit;
  gsize   pwhash_memlimit;
} DkAuthParams;

/* Fills @params from @config's [auth] settings, with the interactive Argon2id limits. */
void dk_auth_params_init (DkAuthParams          *params,
                          const DkServerConfig  *config);

/* What a login or refresh hands to the client. token and refresh_token are secrets: send them to
 * the client once, never log or store them. dk_auth_session_free() wipes them from memory. */
typedef struct
{
  char      *session_id;
  char      *user_id;
  char      *device_id;
  char      *token;
  char      *refresh_token;
  GDateTime *expires_at;
  GDateTime *refresh_expires_at;
} DkAuthSession;

void dk_auth_session_free (DkAuthSession *session);

/* Who is making a request, from dk_auth_authenticate(). Read from the store on every call, so a
 * changed role or team counts from the next request on. */
typedef struct
{
  char   *user_id;
  DkRole  role;
  char   *team_id;     /* NULL when the user is in no team */
  char   *device_id;
  char   *session_id;
} DkAuthPrincipal;

void dk_auth_principal_free (DkAuthPrincipal *principal);

typedef struct
{
  char      *id;
  char      *user_id;
  char      *name;
  GDateTime *registered_at;
  GDateTime *last_seen_at;   /* the last login or refresh */
  GDateTime *revoked_at;     /* NULL while the device may connect */
  gboolean   wipe_requested;
} DkAuthDevice;

void dk_auth_device_free (DkAuthDevice *device);

/*
 * Password policy: at least 12 characters and at most 1024, valid UTF-8, not the user name. The
 * password is normalised to Unicode NFKC before hashing and checking (NIST SP 800-63B §5.1.1.2),
 * so the same password typed on keyboards that compose accents differently still matches.
 * DK_AUTH_ERROR_WEAK_PASSWORD says which rule failed.
 */
gboolean dk_auth_check_password_policy (const char   *user_name,
                                        const char   *password,
                                        GError      **error);

/*
 * Creates a user. @user_name: 1–64 characters from A–Z a–z 0–9 . _ - @, unique ignoring case
 * (DK_AUTH_ERROR_EXISTS). @display_name: non-blank, at most 200 characters. @team_id may be
 * NULL. Returns the new user's id through @out_user_id (optional).
 */
gboolean dk_auth_create_user   (DkStore             *store,
                                const DkAuthParams  *params,
                                const char          *user_name,
                                const char          *display_name,
                                DkRole               role,
                                const char          *team_id,
                                const char          *password,
                                GDateTime           *now,
                                char               **out_user_id,
                                GError             **error);

/* Sets a new password (policy as above), unlocks the account and ends all of the user's sessions. */
gboolean dk_auth_set_password  (DkStore             *store,
                                const DkAuthParams  *params,
                                const char          *user_id,
                                const char          *password,
                                GDateTime           *now,
                                GError             **error);

/*
 * Logs in: checks the password and opens a session on a device. With @device_id NULL a new device
 * named @device_name is registered for the user (its id comes back in the session); with a
 * @device_id from an earlier login that device is reused (@device_name is then ignored).
 *
 * A wrong password counts in failed_logins; at params->max_failed_logins in a row the account is
 * locked for params->lockout_minutes, during which even the right password is refused (without
 * counting further). A right password resets the count. An unknown user name gets exactly the
 * error of a wrong password, after the same work (a password check against a dummy hash).
 * Errors: DK_AUTH_ERROR_INVALID_CREDENTIALS (unknown user, wrong password, locked),
 * DK_AUTH_ERROR_USER_DISABLED, DK_AUTH_ERROR_DEVICE_REVOKED, DK_AUTH_ERROR_DEVICE_UNKNOWN,
 * DK_AUTH_ERROR_INVALID (no device name for a new device). Each attempt is audited ("login").
 */
gboolean dk_auth_login         (DkStore             *store,
                                const DkAuthParams  *params,
                                const char          *user_name,
                                const char          *password,
                                const char          *device_id,
                                const char          *device_name,
                                GDateTime           *now,
                                DkAuthSession      **out_session,
                                GError             **error);

/*
 * Finds who @token belongs to. Errors: DK_AUTH_ERROR_TOKEN_UNKNOWN, DK_AUTH_ERROR_DEVICE_REVOKED
 * (the client must wipe its replica), DK_AUTH_ERROR_USER_DISABLED, DK_AUTH_ERROR_TOKEN_REVOKED,
 * DK_AUTH_ERROR_TOKEN_EXPIRED (the client should refresh). Reads only.
 */
gboolean dk_auth_authenticate  (DkStore             *store,
                                const char          *token,
                                GDateTime           *now,
                                DkAuthPrincipal    **out_principal,
                                GError             **error);

/*
 * Trades a refresh token for a new session on the same device: new session and refresh tokens,
 * the old session is ended (a refresh token works once). Works after the session token expired,
 * until the refresh token does. Errors as dk_auth_authenticate(). Audited ("session.refresh").
 */
gboolean dk_auth_refresh       (DkStore             *store,
                                const DkAuthParams  *params,
                                const char          *refresh_token,
                                GDateTime           *now,
                                DkAuthSession      **out_session,
                                GError             **error);

/* Ends the session of @token (also an expired one, so its refresh token dies with it). Ending an
 * ended session again is no error; DK_AUTH_ERROR_TOKEN_UNKNOWN for a token of no session.
 * Audited ("logout"). */
gboolean dk_auth_logout        (DkStore             *store,
                                const char          *token,
                                GDateTime           *now,
                                GError             **error);

/* Revokes a device: ends its sessions, refuses its logins and asks it to wipe its replica at its
 * next contact. Revoking a revoked device again changes nothing. DK_AUTH_ERROR_NOT_FOUND. */
gboolean dk_auth_revoke_device (DkStore             *store,
                                const char          *device_id,
                                GDateTime           *now,
                                GError             **error);

/* The devices of @user_id, or of everyone when NULL, oldest first: a GPtrArray of DkAuthDevice *. */
GPtrArray *dk_auth_list_devices (DkStore            *store,
                                 const char         *user_id,
                                 GError            **error);

/* Changes a user's role; it counts from the user's next request. DK_AUTH_ERROR_NOT_FOUND. */
gboolean dk_auth_set_role      (DkStore             *store,
                                const char          *user_id,
                                DkRole               role,
                                GDateTime           *now,
                                GError             **error);

/* Creates a team (names unique ignoring case: DK_AUTH_ERROR_EXISTS when taken). */
gboolean dk_auth_create_team   (DkStore             *store,
                                const char          *name,
                                GDateTime           *now,
                                char               **out_team_id,
                                GError             **error);

/* Puts a user in a team, or in none with @team_id NULL. DK_AUTH_ERROR_NOT_FOUND. */
gboolean dk_auth_set_team      (DkStore             *store,
                                const char          *user_id,
                                const char          *team_id,
                                GDateTime           *now,
                                GError             **error);

/* Switches an account off and ends its sessions; its devices stay registered (revoke them to have
 * the replicas wiped). Disabling a disabled user again keeps the first time. */
gboolean dk_auth_disable_user  (DkStore             *store,
                                const char          *user_id,
                                GDateTime           *now,
                                GError             **error);

/* Switches an account back on (it logs in again with its password). */
gboolean dk_auth_enable_user   (DkStore             *store,
                                const char          *user_id,
                                GDateTime           *now,
                                GError             **error);

/*
 * Appends a row to the audit trail: @principal's user and device (NULL for none: a system action),
 * @action a machine name ("dossier.read", "device.revoke": a–z, 0–9, '_' and '.', starting with a
 * letter, at most 64), @dossier_id a UUID or NULL, and the outcome. The trail holds ids only; there
 * is no way to put a name or an amount in it.
 */
gboolean dk_auth_audit         (DkStore                *store,
                                const DkAuthPrincipal  *principal,
                                const char             *action,
                                const char             *dossier_id,
                                DkAuditOutcome          outcome,
                                GDateTime              *now,
                                GError                **error);

/* dk_auth_audit() with no dossier, now, for work that has committed or failed already: a row that
 * cannot be written is logged (the action and the error; no personal data), not answered. */
void     dk_auth_audit_logged  (DkStore                *store,
                                const DkAuthPrincipal  *principal,
                                const char             *action,
                                DkAuditOutcome          outcome);

/*
 * Appends a row for an action of the local administrator: someone with access to the server's
 * database file, working through draagkracht-admin rather than a session, so there is no user or
 * device. @action must start with "admin." (that is what tells such a row from a system action);
 * @subject_id is the id of the user, team or device acted on, or NULL. Otherwise as dk_auth_audit().
 */
gboolean dk_auth_audit_admin   (DkStore                *store,
                                const char             *action,
                                const char             *subject_id,
                                const char             *dossier_id,
                                DkAuditOutcome          outcome,
                                GDateTime              *now,
                                GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkAuthSession, dk_auth_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkAuthPrincipal, dk_auth_principal_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (DkAuthDevice, dk_auth_device_free)

G_END_DECLS
