#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <sqlite3.h>

#include "dk-http-input.h"
#include "dk-http-reply.h"
#include "dk-json-input.h"

static const char *
error_code (const GError *error)
{
  if (error->domain == DK_JSON_INPUT_ERROR)
    switch ((DkJsonInputError) error->code)
      {
      case DK_JSON_INPUT_ERROR_SYNTAX:
        return "bad-json";
      case DK_JSON_INPUT_ERROR_UNKNOWN_FIELD:
        return "unknown-field";
      case DK_JSON_INPUT_ERROR_MISSING_FIELD:
        return "missing-field";
      case DK_JSON_INPUT_ERROR_WRONG_TYPE:
        return "wrong-type";
      case DK_JSON_INPUT_ERROR_INVALID_VALUE:
      default:
        break;
      }

  return "invalid-value";
}

void
dk_http_input_reply_field (SoupServerMessage *msg,
                           const char        *field,
                           const GError      *error)
{
  g_autoptr(JsonObject) extra = json_object_new ();

  g_return_if_fail (field != NULL);
  g_return_if_fail (error != NULL);

  json_object_set_string_member (extra, "field", field);
  dk_http_reply_error_full (msg, SOUP_STATUS_BAD_REQUEST, error_code (error), error->message, extra);
}

static gboolean
content_type_is_json (SoupServerMessage *msg)
{
  g_autoptr(GHashTable) params = NULL;
  const char *type;
  const char *charset;

  type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (msg), &params);
  if (type == NULL || g_ascii_strcasecmp (type, "application/json") != 0)
    return FALSE;

  /* JSON is UTF-8 (RFC 8259 §8.1); a body declared in another encoding would be read wrongly. */
  charset = params != NULL ? g_hash_table_lookup (params, "charset") : NULL;
  return charset == NULL || g_ascii_strcasecmp (charset, "utf-8") == 0;
}

/*
 * json-glib 1.6 is lenient where a strict reader must not be: it takes comments, single-quoted
 * strings, leading zeros and a second value after the first ("{} {}", which also leaks the first),
 * and it recurses once per nesting level, so a body of 8 MiB of "[" would exhaust the stack.
 * SQLite's json_valid() (the JSON1 functions built into SQLite 3.38 and later) accepts exactly RFC
 * 8259 and refuses nesting deeper than 2000 levels, so json-glib only ever sees what it cannot get
 * wrong. Returns 1 for valid, 0 for invalid, -1 when SQLite itself failed.
 */
static int
json_valid_strict (const char *data,
                   gsize       size)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  int valid = -1;

  if (sqlite3_open_v2 (":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2 (db, "SELECT json_valid (?1)", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_bind_text64 (stmt, 1, data, size, SQLITE_STATIC, SQLITE_UTF8) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    valid = sqlite3_column_int (stmt, 0) == 1 ? 1 : 0;

  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return valid;
}

/*
 * A member named twice in one object is valid JSON, and json-glib keeps the last silently (so that
 * {"role": "field_worker", "role": "administrator"} might mean one thing to a proxy that checks it
 * and another here). The parser's signals tell it.
 */
typedef struct
{
  GHashTable *open;        /* JsonObject * being parsed → GHashTable of its member names */
  char       *duplicate;   /* the first member name met twice */
} Duplicates;

static void
on_object_member (JsonParser *parser,
                  JsonObject *object,
                  const char *member,
                  Duplicates *duplicates)
{
  GHashTable *names = g_hash_table_lookup (duplicates->open, object);

  if (names == NULL)
    {
      names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (duplicates->open, object, names);
    }

  if (!g_hash_table_add (names, g_strdup (member)) && duplicates->duplicate == NULL)
    duplicates->duplicate = g_strdup (member);
}

static void
on_object_end (JsonParser *parser,
               JsonObject *object,
               Duplicates *duplicates)
{
  /* Forgotten when it closes: a later object may come to live at the same address. */
  g_hash_table_remove (duplicates->open, object);
}

/*
 * json-glib keeps strings as C strings, so "x\u0000y" would silently become "x", and a member
 * "b\u0000c" the member "b": the server would act on another value than the one the client sent
 * (or a proxy checked). No field has a use for NUL, so the body is refused instead. In text that
 * json_valid() accepted every backslash starts an escape inside a string.
 */
static gboolean
has_escaped_nul (const char *data,
                 gsize       size)
{
  for (gsize i = 0; i + 1 < size; i++)
    if (data[i] == '\\')
      {
        if (data[i + 1] == 'u' && size - i >= 6 && memcmp (data + i + 2, "0000", 4) == 0)
          return TRUE;
        /* Past the escaped character, so that "\\u0000" (a backslash, then text) is no escape. */
        i++;
      }

  return FALSE;
}

G_DEFINE_QUARK (dk-http-input-error-quark, dk_http_input_error)

gboolean
dk_http_input_parse_object (const char   *data,
                            gsize         size,
                            JsonObject  **out_object,
                            char        **out_field,
                            GError      **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) open = NULL;
  g_autofree char *duplicate = NULL;
  Duplicates duplicates = { 0 };
  gboolean parsed;

  g_return_val_if_fail (data != NULL || size == 0, FALSE);
  g_return_val_if_fail (out_object != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  *out_object = NULL;
  if (out_field != NULL)
    *out_field = NULL;

  if (size == 0)
    {
      g_set_error_literal (error, DK_HTTP_INPUT_ERROR, DK_HTTP_INPUT_ERROR_BAD_JSON,
                           _("The request body is empty; this request needs a JSON object."));
      return FALSE;
    }

  /* json-glib reads the bytes as UTF-8 without checking; invalid text must not reach the store. */
  if (!g_utf8_validate_len (data, size, NULL))
    {
      g_set_error_literal (error, DK_HTTP_INPUT_ERROR, DK_HTTP_INPUT_ERROR_BAD_JSON,
                           _("The request body is not valid UTF-8 text."));
      return FALSE;
    }

  switch (json_valid_strict (data, size))
    {
    case 1:
      break;

    case 0:
      g_set_error_literal (error, DK_HTTP_INPUT_ERROR, DK_HTTP_INPUT_ERROR_BAD_JSON,
                           _("The request body is not valid JSON (RFC 8259: no comments, no single quotes, "
                             "one value, at most 2000 levels deep)."));
      return FALSE;

    default:
      g_set_error_literal (error, DK_HTTP_INPUT_ERROR, DK_HTTP_INPUT_ERROR_FAILED,
                           "SQLite’s json_valid() could not check the body");
      return FALSE;
    }

  if (has_escaped_nul (data, size))
    {
      g_set_error_literal (error, DK_HTTP_INPUT_ERROR, DK_HTTP_INPUT_ERROR_BAD_JSON,
                           _("The request body contains the character U+0000 (\\u0000), which no field may hold."));
      return FALSE;
    }

  open = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_hash_table_unref);
  duplicates.open = open;
  parser = json_parser_new_immutable ();
  g_signal_connect (parser, "object-member", G_CALLBACK (on_object_member), &duplicates);
  g_signal_connect (parser, "object-end", G_CALLBACK (on_object_end), &duplicates);
  parsed = json_parser_load_from_data (parser, data, size, &local_error);
  duplicate = g_steal_pointer (&duplicates.duplicate);

  if (!parsed)
    {
      /* json-glib refuses some text that is JSON: an escaped lone UTF-16 surrogate ("\ud800"),
       * which names no character, as the fuzzer found (tests/fuzz). Any client can send that, so
       * it is no warning for the log. Not json-glib's message: it quotes the offending text. */
      g_debug ("json-glib refused a body that SQLite’s json_valid() accepted");
      g_set_error_literal (error, DK_HTTP_INPUT_ERROR, DK_HTTP_INPUT_ERROR_BAD_JSON,
                           _("The request body is not valid JSON."));
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, DK_HTTP_INPUT_ERROR, DK_HTTP_INPUT_ERROR_BAD_JSON,
                           _("The request body must be one JSON object ({…})."));
      return FALSE;
    }

  if (duplicate != NULL)
    {
      g_set_error (error, DK_HTTP_INPUT_ERROR, DK_HTTP_INPUT_ERROR_DUPLICATE_FIELD,
                   _("The field “%s” appears more than once."), duplicate);
      if (out_field != NULL)
        *out_field = g_steal_pointer (&duplicate);
      return FALSE;
    }

  *out_object = json_object_ref (json_node_get_object (json_parser_get_root (parser)));
  return TRUE;
}

gboolean
dk_http_input_read_object (SoupServerMessage  *msg,
                           JsonObject        **out_object)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *field = NULL;
  const char *data;
  gsize size = 0;

  g_return_val_if_fail (SOUP_IS_SERVER_MESSAGE (msg), FALSE);
  g_return_val_if_fail (out_object != NULL, FALSE);

  *out_object = NULL;

  if (!content_type_is_json (msg))
    {
      dk_http_reply_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type",
                           _("Send the request body as JSON, with the header "
                             "“Content-Type: application/json”."));
      return FALSE;
    }

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  data = g_bytes_get_data (body, &size);
  if (dk_http_input_parse_object (data, size, out_object, &field, &error))
    return TRUE;

  if (g_error_matches (error, DK_HTTP_INPUT_ERROR, DK_HTTP_INPUT_ERROR_DUPLICATE_FIELD))
    {
      g_autoptr(JsonObject) extra = json_object_new ();

      json_object_set_string_member (extra, "field", field);
      dk_http_reply_error_full (msg, SOUP_STATUS_BAD_REQUEST, "duplicate-field", error->message, extra);
    }
  else if (g_error_matches (error, DK_HTTP_INPUT_ERROR, DK_HTTP_INPUT_ERROR_BAD_JSON))
    {
      dk_http_reply_error (msg, SOUP_STATUS_BAD_REQUEST, "bad-json", error->message);
    }
  else
    {
      dk_http_reply_internal (msg, "json_valid", NULL);
    }
  return FALSE;
}

gboolean
dk_http_input_check_members (SoupServerMessage  *msg,
                             JsonObject         *object,
                             const char * const *allowed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GList) members = NULL;

  if (dk_json_check_members (object, "", allowed, &error))
    return TRUE;

  /* The reader names the field in its message; the answer names it in "field" as well, for
   * clients that point at the field instead of showing the sentence. */
  members = json_object_get_members (object);
  for (const GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        dk_http_input_reply_field (msg, l->data, error);
        return FALSE;
      }

  dk_http_input_reply_field (msg, "", error);
  return FALSE;
}

gboolean
dk_http_input_get_string (SoupServerMessage  *msg,
                          JsonObject         *object,
                          const char         *member,
                          gboolean            required,
                          const char        **out)
{
  g_autoptr(GError) error = NULL;

  if (dk_json_get_string (object, "", member, required, out, &error))
    return TRUE;

  dk_http_input_reply_field (msg, member, error);
  return FALSE;
}
