#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* Statuses libsoup 3.2 has no name (nor reason phrase) for. */
#define DK_HTTP_STATUS_UPGRADE_REQUIRED   426  /* RFC 9110 §15.5.22 */
#define DK_HTTP_STATUS_TOO_MANY_REQUESTS  429  /* RFC 6585 §4 */

/* The header that carries the protocol version in every request and every answer. */
#define DK_PROTOCOL_HEADER "Draagkracht-Protocol"

/*
 * The answers of the sync server's HTTP layer. Every body is JSON; every error is
 * {"error": "<machine code>", "message": "<sentence a person can read>", …} so that a client can
 * act on the code and show the message. Messages never hold personal data or a secret.
 */

/* Sets @status and @root (serialised) as the response, with Cache-Control: no-store (answers
 * carry tokens and case data that no cache between the client and the server may keep) and the
 * server's protocol version (DK_PROTOCOL_HEADER). */
void dk_http_reply_json        (SoupServerMessage  *msg,
                                guint               status,
                                JsonNode           *root);

/* An error answer. @extra (may be NULL) adds members after "error" and "message" ("wipe",
 * "field", "server_protocol"); the members are copied. */
void dk_http_reply_error_full  (SoupServerMessage  *msg,
                                guint               status,
                                const char         *code,
                                const char         *message,
                                JsonObject         *extra);

void dk_http_reply_error       (SoupServerMessage  *msg,
                                guint               status,
                                const char         *code,
                                const char         *message);

/* 204 No Content. */
void dk_http_reply_no_content  (SoupServerMessage  *msg);

/* 401 with WWW-Authenticate: Bearer (RFC 6750 §3); @invalid_token adds error="invalid_token" for a
 * token that was sent but is no good, as opposed to one that is missing. */
void dk_http_reply_unauthorized (SoupServerMessage *msg,
                                 const char        *code,
                                 const char        *message,
                                 gboolean           invalid_token);

/* 403 device-revoked with "wipe": true: the client must delete its replica. */
void dk_http_reply_device_revoked (SoupServerMessage *msg,
                                   const char        *message);

/* 503 with Retry-After, for a server that is stopping or a store that is busy. */
void dk_http_reply_unavailable (SoupServerMessage  *msg,
                                const char         *message);

/* 500 for an unexpected failure. @error is logged (library and store errors carry no personal
 * data); the client gets a generic sentence. A busy store, and a job the sync worker never ran (its
 * queue full, the server shutting down: G_IO_ERROR_BUSY or _CANCELLED), are 503 instead: the client
 * may simply try again. */
void dk_http_reply_internal    (SoupServerMessage  *msg,
                                const char         *what,
                                const GError       *error);

/* Answers a DK_AUTH_ERROR from the auth library with its status and machine code (401
 * invalid-credentials / token-unknown / token-expired / token-revoked, 403 user-disabled /
 * device-revoked, 400 device-unknown / invalid-value / weak-password, 404 not-found, 409 exists)
 * and the library's message; any other error is dk_http_reply_internal() for @what. */
void dk_http_reply_auth_error  (SoupServerMessage  *msg,
                                const char         *what,
                                const GError       *error);

/* "2026-11-23T09:14:03Z": the form every time in an answer takes. */
char *dk_http_format_time      (GDateTime          *time);

/* Sets @member to dk_http_format_time (@time), or to null when @time is NULL. */
void  dk_http_json_set_time    (JsonObject         *object,
                                const char         *member,
                                GDateTime          *time);

G_END_DECLS
