#include "config.h"

#include <glib/gi18n-lib.h>

#include "dk-date.h"
#include "dk-json-input.h"

G_DEFINE_QUARK (dk-json-input-error-quark, dk_json_input_error)

/* "incomes[1].kind": the path of a member, for error messages. index < 0 means no index. */
char *
dk_json_where (const char *where,
               const char *member,
               int         index)
{
  GString *s = g_string_new (where);

  if (member != NULL)
    {
      if (s->len > 0)
        g_string_append_c (s, '.');
      g_string_append (s, member);
    }
  if (index >= 0)
    g_string_append_printf (s, "[%d]", index);

  return g_string_free (s, FALSE);
}

gboolean
dk_json_check_members (JsonObject          *object,
                       const char          *where,
                       const char * const  *allowed,
                       GError             **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    if (!g_strv_contains (allowed, l->data))
      {
        g_autofree char *path = dk_json_where (where, l->data, -1);

        g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_UNKNOWN_FIELD,
                     _("Unknown field “%s”"), path);
        return FALSE;
      }

  return TRUE;
}

/* The member's node when present and not null; FALSE with an error when required and absent. */
static JsonNode *
get_node (JsonObject  *object,
          const char  *where,
          const char  *member,
          gboolean     required,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_autofree char *path = dk_json_where (where, member, -1);

          g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_MISSING_FIELD,
                       _("The field “%s” is required"), path);
        }
      return NULL;
    }

  return node;
}

static void
set_wrong_type (GError     **error,
                const char  *where,
                const char  *member,
                const char  *expected)
{
  g_autofree char *path = dk_json_where (where, member, -1);

  g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_WRONG_TYPE,
               _("The field “%s” must be %s"), path, expected);
}

JsonObject *
dk_json_get_object (JsonObject  *object,
                    const char  *where,
                    const char  *member,
                    gboolean     required,
                    GError     **error)
{
  JsonNode *node = get_node (object, where, member, required, error);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      set_wrong_type (error, where, member, _("an object"));
      return NULL;
    }

  return json_node_get_object (node);
}

/* An absent array reads as NULL without an error: every list in the input is optional. */
JsonArray *
dk_json_get_array (JsonObject  *object,
                   const char  *where,
                   const char  *member,
                   GError     **error)
{
  JsonNode *node = get_node (object, where, member, FALSE, NULL);

  if (node == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_wrong_type (error, where, member, _("a list"));
      return NULL;
    }

  return json_node_get_array (node);
}

static gboolean
get_integer (JsonNode *node,
             gint64   *out)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  *out = json_node_get_int (node);
  return TRUE;
}

/* Money is a whole number of cents; a fraction would be a unit mistake, so it is refused. An absent
 * member leaves *out as it is (the caller's default). */
gboolean
dk_json_get_cents (JsonObject  *object,
                   const char  *where,
                   const char  *member,
                   gboolean     allow_negative,
                   gint64      *out,
                   GError     **error)
{
  JsonNode *node = get_node (object, where, member, FALSE, NULL);
  gint64 v;

  if (node == NULL)
    return TRUE;
  if (!get_integer (node, &v))
    {
      set_wrong_type (error, where, member, _("a whole number of cents"));
      return FALSE;
    }
  if (v < 0 && !allow_negative)
    {
      g_autofree char *path = dk_json_where (where, member, -1);

      g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_INVALID_VALUE,
                   _("The amount “%s” cannot be negative"), path);
      return FALSE;
    }

  *out = v;
  return TRUE;
}

gboolean
dk_json_get_uint (JsonObject  *object,
                  const char  *where,
                  const char  *member,
                  guint        min,
                  guint        max,
                  guint       *out,
                  GError     **error)
{
  JsonNode *node = get_node (object, where, member, FALSE, NULL);
  gint64 v;

  if (node == NULL)
    return TRUE;
  if (!get_integer (node, &v) || v < min || v > max)
    {
      g_autofree char *path = dk_json_where (where, member, -1);

      g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_INVALID_VALUE,
                   _("The field “%s” must be a whole number from %u to %u"), path, min, max);
      return FALSE;
    }

  *out = (guint) v;
  return TRUE;
}

gboolean
dk_json_get_bool (JsonObject  *object,
                  const char  *where,
                  const char  *member,
                  gboolean    *out,
                  GError     **error)
{
  JsonNode *node = get_node (object, where, member, FALSE, NULL);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      set_wrong_type (error, where, member, _("true or false"));
      return FALSE;
    }

  *out = json_node_get_boolean (node);
  return TRUE;
}

gboolean
dk_json_get_string (JsonObject   *object,
                    const char   *where,
                    const char   *member,
                    gboolean      required,
                    const char  **out,
                    GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  JsonNode *node = get_node (object, where, member, required, &local_error);

  if (node == NULL)
    {
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      set_wrong_type (error, where, member, _("text"));
      return FALSE;
    }

  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
dk_json_get_date (JsonObject  *object,
                  const char  *where,
                  const char  *member,
                  gboolean     required,
                  GDate       *out,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *text = NULL;

  if (!dk_json_get_string (object, where, member, required, &text, error))
    return FALSE;
  if (text == NULL)
    return TRUE;

  if (!dk_date_parse (text, out, &local_error))
    {
      g_autofree char *path = dk_json_where (where, member, -1);

      g_set_error (error, DK_JSON_INPUT_ERROR, DK_JSON_INPUT_ERROR_INVALID_VALUE,
                   "%s: %s", path, local_error->message);
      return FALSE;
    }

  return TRUE;
}
