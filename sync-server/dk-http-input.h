#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/*
 * Reading a request's JSON body strictly, with the readers of dk-json-input.h. Each function
 * answers the request itself when the input is wrong and then returns FALSE, so a handler only
 * returns:
 *
 *   415 unsupported-media-type  Content-Type is not application/json (UTF-8)
 *   400 bad-json                not JSON, not UTF-8, or not exactly one object
 *   400 duplicate-field         a member named twice in one object, with "field" naming it
 *   400 unknown-field / missing-field / wrong-type / invalid-value, with "field" naming it
 */

gboolean dk_http_input_read_object    (SoupServerMessage   *msg,
                                       JsonObject         **out_object);

#define DK_HTTP_INPUT_ERROR (dk_http_input_error_quark ())

typedef enum
{
  DK_HTTP_INPUT_ERROR_BAD_JSON,         /* 400 bad-json */
  DK_HTTP_INPUT_ERROR_DUPLICATE_FIELD,  /* 400 duplicate-field */
  DK_HTTP_INPUT_ERROR_FAILED,           /* 500: SQLite could not check the text */
} DkHttpInputError;

GQuark   dk_http_input_error_quark    (void);

/* The checks dk_http_input_read_object() makes on the body's bytes (all but the Content-Type), as
 * an error instead of an answer, so they can be run without a request (tests/fuzz). For
 * DK_HTTP_INPUT_ERROR_DUPLICATE_FIELD, *@out_field (may be NULL) gets the member's name. */
gboolean dk_http_input_parse_object   (const char          *data,
                                       gsize                size,
                                       JsonObject         **out_object,
                                       char               **out_field,
                                       GError             **error);

gboolean dk_http_input_check_members  (SoupServerMessage   *msg,
                                       JsonObject          *object,
                                       const char * const  *allowed);

/* *@out is left alone when the member is absent (or null) and not @required. */
gboolean dk_http_input_get_string     (SoupServerMessage   *msg,
                                       JsonObject          *object,
                                       const char          *member,
                                       gboolean             required,
                                       const char         **out);

/* 400 naming @field, with @error (a DK_JSON_INPUT_ERROR or a validation error) as the message. */
void     dk_http_input_reply_field    (SoupServerMessage   *msg,
                                       const char          *field,
                                       const GError        *error);

G_END_DECLS
