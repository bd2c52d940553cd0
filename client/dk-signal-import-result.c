#include "config.h"

#include <glib/gi18n.h>

#include "dk-signal-import.h"
#include "dk-sync-client.h"
#include "dk-signal-import-result.h"

gboolean
dk_signal_import_check_file (const char  *name,
                             const char  *data,
                             gsize        length,
                             GError     **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  if (length == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("This file is empty."));
      return FALSE;
    }
  if (length > DK_SIGNAL_IMPORT_MAX_FILE_BYTES)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_MESSAGE_TOO_LARGE,
                           _("This file is larger than 8 MB, more than the sync server takes at once. "
                             "Split it into smaller files and import them one by one."));
      return FALSE;
    }
  /* A NUL byte fails this too: it cannot travel in a JSON string. */
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("This file is not UTF-8 text. Save it as UTF-8 (in Excel: “CSV UTF-8”) and choose it again."));
      return FALSE;
    }
  return TRUE;
}

gboolean
dk_signal_import_file_is_json (const char *name,
                               const char *text)
{
  DkSignalFormat format;
  const char *p = text;

  g_return_val_if_fail (name != NULL && text != NULL, FALSE);

  if (dk_signal_format_for_path (name, &format))
    return format == DK_SIGNAL_FORMAT_JSON;
  if (g_str_has_prefix (p, "\xef\xbb\xbf"))
    p += 3;
  while (g_ascii_isspace (*p))
    p++;
  return *p == '[' || *p == '{';
}

static void
rejection_free (DkSignalImportRejection *rejection)
{
  g_free (rejection->column);
  g_free (rejection->reason);
  g_free (rejection);
}

void
dk_signal_import_result_free (DkSignalImportResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->rejected, g_ptr_array_unref);
  g_free (result);
}

static gboolean
unexpected (GError **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("The sync server sent an answer about the import this version cannot read."));
  return FALSE;
}

/* A count: a whole number from 0 up. */
static gboolean
read_count (JsonObject  *object,
            const char  *member,
            guint       *out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return unexpected (error);
  value = json_node_get_int (node);
  if (value < 0 || value > G_MAXUINT)
    return unexpected (error);
  *out = (guint) value;
  return TRUE;
}

static const char *
optional_string (JsonObject *object,
                 const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

DkSignalImportResult *
dk_signal_import_result_parse (JsonNode  *answer,
                               GError   **error)
{
  g_autoptr(DkSignalImportResult) result = g_new0 (DkSignalImportResult, 1);
  JsonObject *object;
  JsonNode *rejected;
  JsonArray *rows;

  result->rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) rejection_free);
  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    return unexpected (error), NULL;
  object = json_node_get_object (answer);

  if (!read_count (object, "imported", &result->imported, error) ||
      !read_count (object, "duplicates", &result->duplicates, error) ||
      !read_count (object, "cases_new", &result->cases_new, error) ||
      !read_count (object, "cases_attached", &result->cases_attached, error) ||
      !read_count (object, "published", &result->published, error) ||
      !read_count (object, "tasks", &result->tasks, error))
    return NULL;

  rejected = json_object_get_member (object, "rejected");
  if (rejected == NULL || !JSON_NODE_HOLDS_ARRAY (rejected))
    return unexpected (error), NULL;
  rows = json_node_get_array (rejected);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonNode *node = json_array_get_element (rows, i);
      DkSignalImportRejection *rejection;
      JsonObject *row;
      const char *reason;
      guint line;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return unexpected (error), NULL;
      row = json_node_get_object (node);
      reason = optional_string (row, "reason");
      if (!read_count (row, "line", &line, error) || reason == NULL)
        return unexpected (error), NULL;

      rejection = g_new0 (DkSignalImportRejection, 1);
      rejection->line = line;
      rejection->column = g_strdup (optional_string (row, "column"));
      /* The server writes the reasons of the shared import code in its own locale, which for a
       * service is C: English msgids that this client carries translated. A reason in another
       * language, or with a number in it, is shown as the server wrote it. */
      rejection->reason = g_strdup (g_dgettext (GETTEXT_PACKAGE, reason));
      g_ptr_array_add (result->rejected, rejection);
    }
  return g_steal_pointer (&result);
}

static void
add_line (GString    *text,
          const char *line)
{
  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append (text, line);
}

static void
add_line_take (GString *text,
               char    *line)
{
  add_line (text, line);
  g_free (line);
}

char *
dk_signal_import_result_summary (const DkSignalImportResult *result)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (result != NULL, NULL);

  /* The same file again: say plainly that nothing happened, which is what the person wants to know. */
  if (result->imported == 0 && result->duplicates > 0 && result->rejected->len == 0 &&
      result->cases_new == 0 && result->cases_attached == 0 && result->published == 0 && result->tasks == 0)
    return g_strdup (_("Every signal in this file was imported before; nothing new was made."));

  if ((n = result->imported) == 0)
    add_line (text, _("No new signals were imported."));
  else
    add_line_take (text, g_strdup_printf (ngettext ("%u signal imported.", "%u signals imported.", n), n));
  if ((n = result->duplicates) > 0)
    add_line_take (text, g_strdup_printf (ngettext ("%u signal was already there and was left as it was.",
                                                    "%u signals were already there and were left as they were.", n), n));
  if ((n = result->cases_new) > 0)
    add_line_take (text, g_strdup_printf (ngettext ("%u new case was made.", "%u new cases were made.", n), n));
  if ((n = result->cases_attached) > 0)
    add_line_take (text, g_strdup_printf (ngettext ("%u existing case got new signals.",
                                                    "%u existing cases got new signals.", n), n));
  if ((n = result->published) > 0)
    add_line_take (text, g_strdup_printf (ngettext ("%u case is ready to be worked on.",
                                                    "%u cases are ready to be worked on.", n), n));
  if ((n = result->tasks) > 0)
    add_line_take (text, g_strdup_printf (ngettext ("%u task was added to a running dossier.",
                                                    "%u tasks were added to running dossiers.", n), n));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
dk_signal_import_result_rejected_heading (const DkSignalImportResult *result)
{
  guint n;

  g_return_val_if_fail (result != NULL, NULL);

  n = result->rejected->len;
  if (n == 0)
    return NULL;
  return g_strdup_printf (ngettext ("%u row could not be imported. Ask the signal partner to correct it:",
                                    "%u rows could not be imported. Ask the signal partner to correct them:", n),
                          n);
}

char *
dk_signal_import_rejection_text (const DkSignalImportRejection *rejection,
                                 gboolean                       json_file)
{
  g_return_val_if_fail (rejection != NULL, NULL);

  if (rejection->column != NULL && rejection->column[0] != '\0')
    return json_file
           /* Translators: "Record 3, column “bsn”: not a valid BSN." A JSON file has records, not lines. */
           ? g_strdup_printf (_("Record %u, column “%s”: %s"), rejection->line, rejection->column, rejection->reason)
           /* Translators: "Line 12, column “bsn”: not a valid BSN." */
           : g_strdup_printf (_("Line %u, column “%s”: %s"), rejection->line, rejection->column, rejection->reason);
  return json_file
         ? g_strdup_printf (_("Record %u: %s"), rejection->line, rejection->reason)
         : g_strdup_printf (_("Line %u: %s"), rejection->line, rejection->reason);
}

char *
dk_signal_import_error_text (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_strdup (_("The import was stopped. If the file had already reached the sync server, its signals "
                       "may have been imported; importing the same file again creates nothing new."));
  if (error->domain != DK_SYNC_CLIENT_ERROR)
    return g_strdup (error->message);

  switch ((DkSyncClientError) error->code)
    {
    case DK_SYNC_CLIENT_ERROR_OFFLINE:
      return g_strdup (_("The sync server cannot be reached, so nothing was imported. "
                         "Try again when the connection is back."));
    case DK_SYNC_CLIENT_ERROR_FORBIDDEN:
      return g_strdup (_("Your role may not import signals. Field workers, team leads and back-office staff may."));
    case DK_SYNC_CLIENT_ERROR_TOO_LARGE:
      return g_strdup (_("This file is more than the sync server takes at once. "
                         "Split it into smaller files and import them one by one."));
    case DK_SYNC_CLIENT_ERROR_NOT_FOUND:
      return g_strdup (_("This sync server cannot import signals yet. Ask your administrator to update it."));
    case DK_SYNC_CLIENT_ERROR_REFUSED:
      /* Translators: the server's sentence follows. */
      return g_strdup_printf (_("This file cannot be imported: %s"), error->message);
    case DK_SYNC_CLIENT_ERROR_BUSY:
      return g_strdup (_("The sync server is busy, so nothing was imported. Try again in a moment."));
    case DK_SYNC_CLIENT_ERROR_UNAUTHORIZED:
    case DK_SYNC_CLIENT_ERROR_TOKEN_EXPIRED:
    case DK_SYNC_CLIENT_ERROR_DEVICE_REVOKED:
    case DK_SYNC_CLIENT_ERROR_VERSION_MISMATCH:
    case DK_SYNC_CLIENT_ERROR_SERVER:
      break;
    }
  return g_strdup (error->message);
}
