#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Strict readers for JSON documents that people write by hand (draagkracht-calc input): an unknown
 * member, a wrong type or an out-of-range value is an error naming where it is ("incomes[1].kind"),
 * never silently ignored. */

#define DK_JSON_INPUT_ERROR (dk_json_input_error_quark ())

typedef enum
{
  DK_JSON_INPUT_ERROR_SYNTAX,
  DK_JSON_INPUT_ERROR_UNKNOWN_FIELD,
  DK_JSON_INPUT_ERROR_MISSING_FIELD,
  DK_JSON_INPUT_ERROR_WRONG_TYPE,
  DK_JSON_INPUT_ERROR_INVALID_VALUE,
} DkJsonInputError;

GQuark      dk_json_input_error_quark (void);

gboolean    dk_json_check_members     (JsonObject          *object,
                                       const char          *where,
                                       const char * const  *allowed,
                                       GError             **error);
JsonObject *dk_json_get_object        (JsonObject          *object,
                                       const char          *where,
                                       const char          *member,
                                       gboolean             required,
                                       GError             **error);
JsonArray  *dk_json_get_array         (JsonObject          *object,
                                       const char          *where,
                                       const char          *member,
                                       GError             **error);
gboolean    dk_json_get_cents         (JsonObject          *object,
                                       const char          *where,
                                       const char          *member,
                                       gboolean             allow_negative,
                                       gint64              *out,
                                       GError             **error);
gboolean    dk_json_get_uint          (JsonObject          *object,
                                       const char          *where,
                                       const char          *member,
                                       guint                min,
                                       guint                max,
                                       guint               *out,
                                       GError             **error);
gboolean    dk_json_get_bool          (JsonObject          *object,
                                       const char          *where,
                                       const char          *member,
                                       gboolean            *out,
                                       GError             **error);
gboolean    dk_json_get_string        (JsonObject          *object,
                                       const char          *where,
                                       const char          *member,
                                       gboolean             required,
                                       const char         **out,
                                       GError             **error);
gboolean    dk_json_get_date          (JsonObject          *object,
                                       const char          *where,
                                       const char          *member,
                                       gboolean             required,
                                       GDate               *out,
                                       GError             **error);
char       *dk_json_where             (const char          *where,
                                       const char          *member,
                                       int                  index);

G_END_DECLS
