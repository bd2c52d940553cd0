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
